// The numbers of an epoch's line as Keras prints them (`32/32 - 0s - 4ms/step - loss: 0.0123 -
// val_loss: …`), for `rnnc train` (src/cli/progress.ts) and the programs `rnnc build` writes.

import type { Logs } from '../runtime/train/callbacks.ts';
import type { FitEvents } from '../runtime/train/fit.ts';

/** keras/src/utils/progbar.py: four decimals, or scientific for tiny values. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  // toFixed gives up on rounding at 1e21 (and prints every digit): scientific there too.
  return v === 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e21) ? v.toFixed(4) : v.toExponential(4);
}

/** Keras's order: the training quantities alphabetically, then the validation ones. */
export function formatLogs(logs: Logs): string {
  const keys = Object.keys(logs);
  const train = keys.filter((k) => !k.startsWith('val_')).sort();
  const val = keys.filter((k) => k.startsWith('val_')).sort();
  return [...train, ...val].map((k) => `${k}: ${formatValue(logs[k]!)}`).join(' - ');
}

export function perStep(seconds: number, steps: number): string {
  const t = seconds / Math.max(1, steps);
  if (t >= 1) return `${t.toFixed(0)}s/step`;
  if (t >= 1e-3) return `${(t * 1e3).toFixed(0)}ms/step`;
  return `${(t * 1e6).toFixed(0)}us/step`;
}

/** Keras's verbose=2 lines, as `rnnc train` prints them when its output is not a terminal. */
export function epochLines(write: (line: string) => void): FitEvents {
  let steps = 0;
  return {
    onEpochBegin(epoch, epochs, n) {
      steps = n;
      write(`Epoch ${epoch + 1}/${epochs}`);
    },
    onEpochEnd(_epoch, logs, seconds) {
      write(`${steps}/${steps} - ${Math.round(seconds)}s - ${perStep(seconds, steps)} - ${formatLogs(logs)}`);
    },
    onMessage: write,
  };
}
