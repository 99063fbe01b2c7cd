// rnnc train FILE: check the model, load and check the data against it, train in-process on
// the WASM backend with Keras's fit() semantics, print a line per epoch, and save the result.
// Nothing is written unless training finished: --out is saved atomically at the end.

import { dirname, resolve } from 'node:path';
import { RnnModel } from '../../runtime/api.ts';
import { RnncError } from '../../runtime/errors.ts';
import { randomSeed } from '../../runtime/rng.ts';
import { checkSaveTarget } from '../../runtime/save/index.ts';
import { initBackend, type BackendName } from '../../runtime/tf.ts';
import { makeCallback } from '../../runtime/train/callbacks.ts';
import { EpochLog } from '../../console/epoch-log.ts';
import { EXIT, writeFileAtomic } from '../io.ts';
import { progressPrinter } from '../progress.ts';
import { datasetFor, type DataFlags } from '../../console/data-flags.ts';
import { checkedModel } from './select-model.ts';

export interface TrainFlags extends DataFlags {
  readonly model?: string;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly seed?: number;
  readonly out?: string;
  readonly log?: string;
  /** Draw the loss and metric curves to this SVG file after training. */
  readonly plot?: string;
  readonly backend: BackendName;
}

export async function runTrain(file: string, flags: TrainFlags): Promise<number> {
  const checked = checkedModel(file, flags.model);
  if (typeof checked === 'number') return checked;
  const { model, source } = checked;

  if (!model.train) {
    throw new RnncError('E0514', `model \`${model.name}\` has no train block, so there is no loss to minimise`, file, 'add `train { loss = mean_squared_error }` after the model');
  }
  const data = datasetFor(model, file, flags, 'required');
  // Refuse an --out that cannot take the model now, not after the last epoch.
  if (flags.out) await checkSaveTarget(flags.out);
  await initBackend(flags.backend);
  const givenSeed = flags.seed ?? model.train?.seed ?? null;
  const seed = givenSeed ?? randomSeed();
  const rnn = new RnnModel(model, seed, dirname(resolve(file)));
  const settings = rnn.settings({
    ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}),
    ...(flags.batchSize !== undefined ? { batchSize: flags.batchSize } : {}),
  });
  const say = (line: string) => process.stdout.write(line + '\n');
  if (givenSeed === null) say(`seed ${seed} (pass --seed ${seed} to repeat this run)`);

  const modelDir = dirname(resolve(file));
  const save = (dir: string) => rnn.save(dir, source.text);
  const callbacks = (model.train?.callbacks ?? []).map((fn) => makeCallback(fn, (p) => resolve(modelDir, p)));
  const log = flags.log ? new EpochLog(flags.log) : null;
  const progress = progressPrinter(process.stdout, say);
  const started = performance.now();
  const history = await rnn.fit(data, settings, {
    callbacks,
    save: async (dir) => void (await save(dir)),
    events: {
      ...progress,
      onEpochEnd(epoch, logs, seconds) {
        progress.onEpochEnd?.(epoch, logs, seconds);
        log?.write(epoch, logs);
      },
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const last = history.epochs.at(-1) ?? {};
  const figures = Object.entries(last).map(([k, v]) => `${k} ${v.toPrecision(4)}`).join(', ');
  say(`trained ${history.epochs.length} epoch${history.epochs.length === 1 ? '' : 's'} in ${seconds.toFixed(1)}s: ${figures}`);
  if (flags.plot) {
    // Vega loads only when a plot is asked for.
    const { plotSvg } = await import('../plot.ts');
    const title = `${model.name}: ${history.epochs.length} epochs in ${seconds.toFixed(1)}s`;
    writeFileAtomic(flags.plot, await plotSvg(history.epochs, { title }));
    say(`curves drawn to ${flags.plot}`);
  }
  if (flags.out) {
    const notes = await save(flags.out);
    say(`saved to ${flags.out}/ (model.json, weights.bin)`);
    for (const n of notes) say(`note: ${n}`);
  } else {
    say('pass --out DIR to keep the trained model');
  }
  rnn.dispose();
  return EXIT.ok;
}
