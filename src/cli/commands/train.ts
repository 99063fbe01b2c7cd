// rnnc train FILE: check the model, then run the training driver (src/console/train-run.ts) that
// the programs `rnnc build` writes run too: data checked against the model, Keras's fit() on the
// WASM backend with a line per epoch (a live bar on a terminal), --out saved atomically at the end.
// What only rnnc does is here: choosing the model of the file, the backend, and --plot.

import { trainFlags } from '../../compiler/train-spec.ts';
import { RnncError } from '../../runtime/errors.ts';
import type { BackendName } from '../../runtime/tf.ts';
import { fit } from '../../runtime/train/fit.ts';
import { loadPretrainedTables } from '../../runtime/model/pretrained.ts';
import { setTextBaseDir } from '../../runtime/text/text-inputs.ts';
import { runTraining, type TrainRunFlags } from '../../console/train-run.ts';
import { EXIT, writeFileAtomic } from '../io.ts';
import { progressPrinter } from '../progress.ts';
import { checkedModel } from './select-model.ts';

export interface TrainFlags extends TrainRunFlags {
  readonly model?: string;
  /** Draw the loss and metric curves to this SVG file after training. */
  readonly plot?: string;
  readonly backend: BackendName;
}

export async function runTrain(file: string, flags: TrainFlags): Promise<number> {
  const checked = checkedModel(file, flags.model);
  if (typeof checked === 'number') return checked;
  const { model, source } = checked;
  const { train } = model;
  if (!train) {
    throw new RnncError('E0514', `model \`${model.name}\` has no train block, so there is no loss to minimise`, file, 'add `train { loss = mean_squared_error }` after the model');
  }
  const say = (line: string) => process.stdout.write(line + '\n');
  await runTraining({
    model: { ...model, train },
    file,
    source: source.text,
    flags,
    flagTable: trainFlags('rnnc'),
    backend: flags.backend,
    fit,
    say,
    events: progressPrinter(process.stdout, say),
    // Pre-trained Embedding tables (weights="table.npy") replace the initializer's draw; the paths are the .rnn file's.
    prepare: (net, modelDir) => {
      loadPretrainedTables(net, modelDir);
      setTextBaseDir(net, modelDir);
    },
    async afterTraining(history, seconds) {
      if (!flags.plot) return;
      // Vega loads only when a plot is asked for.
      const { plotSvg } = await import('../plot.ts');
      const title = `${model.name}: ${history.epochs.length} epochs in ${seconds.toFixed(1)}s`;
      writeFileAtomic(flags.plot, await plotSvg(history.epochs, { title }));
      say(`curves drawn to ${flags.plot}`);
    },
  });
  return EXIT.ok;
}
