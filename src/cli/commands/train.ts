// rnnc train FILE: check the model, then run the training driver (src/console/train-run.ts) that
// the programs `rnnc build` writes run too: data checked against the model, Keras's fit() on the
// WASM backend with a line per epoch (a live bar on a terminal), --out saved atomically at the end.
// What only rnnc does is here: choosing the model of the file, the backend, --init and --plot.

import { trainFlags } from '../../compiler/train-spec.ts';
import { RnncError } from '../../runtime/errors.ts';
import type { BackendName } from '../../runtime/tf.ts';
import { fit } from '../../runtime/train/fit.ts';
import { loadPretrainedTables } from '../../runtime/model/pretrained.ts';
import type { Network } from '../../runtime/model/network.ts';
import { loadModelFiles, type LoadedModelFiles } from '../../runtime/save/index.ts';
import { markAdapted } from '../../runtime/train/adapt.ts';
import { setTextBaseDir } from '../../runtime/text/text-inputs.ts';
import { restoreVocabularies } from '../../runtime/text/saved.ts';
import { join } from 'node:path';
import { runTraining, type TrainRunFlags } from '../../console/train-run.ts';
import { EXIT, writeFileAtomic } from '../io.ts';
import { progressPrinter } from '../progress.ts';
import { checkedModel } from './select-model.ts';

export interface TrainFlags extends TrainRunFlags {
  readonly model?: string;
  /** Draw the loss and metric curves to this SVG file after training. */
  readonly plot?: string;
  /** Start from the weights of a saved model of this model (rnnc train --out, rnnc import). */
  readonly init?: string;
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
  // Read and checked against the model before any training starts (E08 when it is another model's).
  const init = flags.init === undefined ? null : await loadModelFiles(flags.init, model);
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
    // --init's weights, or pre-trained Embedding tables (weights="table.npy"), replace the
    // initializer's draw; the tables' paths, and a TextVectorization's vocabulary file's, are the .rnn file's.
    prepare: (net, modelDir) => {
      if (init) startFrom(net, init, flags.init!);
      else loadPretrainedTables(net, modelDir);
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

/** The saved weights in place of the drawn ones. Normalization statistics, pre-trained tables
 *  and TextVectorization vocabularies come with them, so fit() neither adapts nor loads those
 *  again (as RnnModel.load). */
function startFrom(net: Network, saved: LoadedModelFiles, dir: string): void {
  const byName = new Map(saved.weights.map((w) => [w.name, w.data]));
  net.setWeightValues(net.weights.map((w) => byName.get(w.name)!));
  restoreVocabularies(net, saved.rnnc, join(dir, 'model.json'));
  markAdapted(net);
}
