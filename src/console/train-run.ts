// The training driver of `rnnc train FILE` and of the programs `rnnc build` writes, which copy it:
// take the flags over the train block, load the data and check it against the model, train with
// Keras's fit() printing a line per epoch, and save the model in the TensorFlow.js Layers format.
// Nothing is written unless training finished: --out is saved atomically at the end. The same
// seed gives the same numbers and the same lines either way, because this is the same code.

import { dirname, resolve } from 'node:path';
import type { CheckedModel, TrainConfig } from '../compiler/ir.ts';
import type { Flag } from '../compiler/train-spec.ts';
import { Network } from '../runtime/model/network.ts';
import { randomSeed } from '../runtime/rng.ts';
import { checkSaveTarget, saveModel } from '../runtime/save/save.ts';
import { formatNote } from '../runtime/save/tfjs-notes.ts';
import { RNNC_VERSION } from '../runtime/save/version.ts';
import { setCorpusVocabulary, vocabularyMetadata } from '../runtime/text/saved.ts';
import { initBackend, type BackendName } from '../runtime/tf.ts';
import { makeCallback, type Callback } from '../runtime/train/callbacks.ts';
import type { Dataset, FitEvents, FitSettings, History } from '../runtime/train/fit.ts';
import { trainingDataFor, type DataFlags } from './data-flags.ts';
import { epochLines } from './epoch-line.ts';
import { EpochLog } from './epoch-log.ts';

/** The flags of a training run (trainFlags in src/compiler/train-spec.ts). */
export interface TrainRunFlags extends DataFlags {
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly seed?: number;
  readonly out?: string;
  readonly log?: string;
}

/** Keras's fit(): rnnc's src/runtime/train/fit.ts, or an emitted program's loop written out. */
export type FitLoop = (
  net: Network,
  data: Dataset,
  settings: FitSettings,
  callbacks: readonly Callback[],
  events: FitEvents,
  save: (dir: string) => Promise<void>,
) => Promise<History>;

export interface TrainingRun {
  /** A model with a train block. */
  readonly model: CheckedModel & { readonly train: TrainConfig };
  /** The .rnn file as the user names it: the train block's paths are relative to it. */
  readonly file: string;
  /** The .rnn source, recorded in the saved model. */
  readonly source: string;
  readonly flags: TrainRunFlags;
  /** The flags (trainFlags in train-spec.ts): which of `flags` override which setting. */
  readonly flagTable: readonly Pick<Flag, 'key' | 'field'>[];
  readonly backend: BackendName;
  readonly fit: FitLoop;
  readonly say: (line: string) => void;
  /** What shows an epoch's progress; by default Keras's verbose=2 lines. */
  readonly events?: FitEvents;
  /** Runs on the new network before training: `rnnc train` loads pre-trained tables with it. */
  readonly prepare?: (net: Network, modelDir: string) => void;
  /** Runs after the summary line, before saving, with the trained network (`rnnc train --plot`,
   *  an emitted program's `--onnx`). */
  readonly afterTraining?: (history: History, seconds: number, net: Network) => Promise<void>;
}

export async function runTraining(run: TrainingRun): Promise<void> {
  const { model, file, flags, say } = run;
  const data = trainingDataFor(model, file, flags);
  // Refuse an --out that cannot take the model now, not after the last epoch.
  if (flags.out) await checkSaveTarget(flags.out);
  await initBackend(run.backend);
  const train = withFlags(model.train, flags, run.flagTable);
  const seed = train.seed ?? randomSeed();
  const net = new Network(model, seed);
  // A text corpus's characters by id: saved with the model, so that generate reads and writes text.
  if (data.vocabulary) setCorpusVocabulary(net, data.vocabulary);
  if (train.seed === null) say(`seed ${seed} (pass --seed ${seed} to repeat this run)`);

  const modelDir = dirname(resolve(file));
  run.prepare?.(net, modelDir);
  const callbacks = train.callbacks.map((fn) => makeCallback(fn, (p) => resolve(modelDir, p)));
  const log = flags.log ? new EpochLog(flags.log) : null;
  const events = run.events ?? epochLines(say);
  const started = performance.now();
  const history = await run.fit(
    net,
    data,
    { ...train, seed },
    callbacks,
    {
      ...events,
      onEpochEnd(epoch, logs, seconds) {
        events.onEpochEnd?.(epoch, logs, seconds);
        log?.write(epoch, logs);
      },
    },
    async (dir) => void (await save(net, model, dir, run.source)),
  );
  const seconds = (performance.now() - started) / 1000;
  const last = history.epochs.at(-1) ?? {};
  const figures = Object.entries(last).map(([k, v]) => `${k} ${v.toPrecision(4)}`).join(', ');
  say(`trained ${history.epochs.length} epoch${history.epochs.length === 1 ? '' : 's'} in ${seconds.toFixed(1)}s: ${figures}`);
  await run.afterTraining?.(history, seconds, net);
  if (flags.out) {
    const notes = await save(net, model, flags.out, run.source);
    say(`saved to ${flags.out}/ (model.json, weights.bin)`);
    for (const n of notes) say(`note: ${n}`);
  } else {
    say('pass --out DIR to keep the trained model');
  }
  net.dispose();
}

/** The train block with the flags given over the settings they override (`--epochs 3`). */
export function withFlags(train: TrainConfig, flags: object, table: readonly Pick<Flag, 'key' | 'field'>[]): TrainConfig {
  const out: Record<string, unknown> = { ...train };
  const given = flags as Readonly<Record<string, unknown>>;
  for (const f of table) if (f.field !== undefined && given[f.key] !== undefined) out[f.field] = given[f.key];
  return out as unknown as TrainConfig;
}

/** The model into DIR/model.json and DIR/weights.bin, as RnnModel.save writes it; the notes on it. */
async function save(net: Network, model: CheckedModel, dir: string, source: string): Promise<string[]> {
  const values = net.getWeightValues();
  const weights = net.weights.map((w, i) => ({ name: w.name, shape: [...w.variable.shape], dtype: 'float32' as const, data: values[i]! }));
  const notes = await saveModel(dir, model, weights, { rnnc: { version: RNNC_VERSION, source, ...vocabularyMetadata(net) } });
  return notes.map(formatNote);
}
