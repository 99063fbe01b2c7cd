// Keras 3's per-epoch output: "Epoch 3/10" then, on a terminal, a live bar while the epoch runs
// (cli-progress) that becomes the epoch's line, and off a terminal just the line, as Keras's
// verbose=2 prints it:  32/32 - 0s - 4ms/step - loss: 0.0123 - mae: 0.0871 - val_loss: …

import cliProgress from 'cli-progress';
import type { FitEvents } from '../runtime/train/fit.ts';
import { epochLines, formatLogs, perStep } from '../console/epoch-line.ts';

export function progressPrinter(stream: NodeJS.WriteStream, write: (line: string) => void): FitEvents {
  if (!stream.isTTY) return epochLines(write);
  let bar: cliProgress.SingleBar | null = null;
  let steps = 0;
  return {
    onEpochBegin(epoch, epochs, n) {
      steps = n;
      write(`Epoch ${epoch + 1}/${epochs}`);
      {
        bar = new cliProgress.SingleBar(
          { format: '{value}/{total} {bar} {eta}s - {logs}', barCompleteChar: '━', barIncompleteChar: '─', barsize: 20, hideCursor: true, clearOnComplete: true, stream },
          cliProgress.Presets.legacy,
        );
        bar.start(n, 0, { logs: '' });
      }
    },
    onBatchEnd(step, _n, logs) {
      bar?.update(step + 1, { logs: formatLogs(logs) });
    },
    onEpochEnd(_epoch, logs, seconds) {
      bar?.stop();
      bar = null;
      write(`${steps}/${steps} ${'━'.repeat(20)} ${Math.round(seconds)}s ${perStep(seconds, steps)} - ${formatLogs(logs)}`);
    },
    onMessage(line) {
      write(line);
    },
  };
}
