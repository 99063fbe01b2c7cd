// The library entry point: `compile(source)` checks a .rnn model and makes it runnable, with
// Keras's fit / evaluate / predict / summary / save / load, usable from TypeScript without the
// command line. The command line (src/cli/commands/train.ts …) is a thin layer over this.

import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { check } from '../compiler/check.ts';
import type { CheckedModel, TrainConfig } from '../compiler/ir.ts';
import { summary as kerasSummary } from '../compiler/summary.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { hasErrors } from '../diagnostics/diagnostic.ts';
import type { SourceText } from '../source/text.ts';
import { RnncError } from './errors.ts';
import { formatNote, saveModel } from './save/index.ts';
import { RNNC_VERSION } from './save/version.ts';
import { Network } from './model/network.ts';
import { loadSavedWeights } from './model/saved-weights.ts';
import { loadPretrainedTables } from './model/pretrained.ts';
import { randomSeed } from './rng.ts';
import { initBackend, type BackendName } from './tf.ts';
import type { HostArray } from './train/batches.ts';
import type { Callback } from './train/callbacks.ts';
import { markAdapted } from './train/adapt.ts';
import { generate, type GenerateInput, type GenerateOptions, type GeneratedText } from './generate/generate.ts';
import { setTextBaseDir } from './text/text-inputs.ts';
import { corpusVocabularyOf, vocabularyMetadata } from './text/saved.ts';
import { outputNames } from './data/named.ts';
import { evaluateWith, fit, predict, type Dataset, type FitEvents, type FitSettings, type History } from './train/fit.ts';
import { sampleCount } from './train/batches.ts';
import { checkStatefulBatches, defaultBatchSize } from './train/stateful-batches.ts';

/** The model did not check: its diagnostics, to render with the source. */
export class CompileError extends Error {
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly source: SourceText,
  ) {
    super(`the model has ${diagnostics.filter((d) => d.severity === 'error').length} error(s)`);
    this.name = 'CompileError';
  }
}

export interface CompileOptions {
  /** The file name used in diagnostics (and to resolve `data` paths). */
  readonly path?: string;
  /** Which model, when the source defines several. */
  readonly model?: string;
  /** Seeds the initial weights, dropout and shuffling; random when absent (and when the train
   *  block gives no `seed`). */
  readonly seed?: number;
  readonly backend?: BackendName;
}

/** Arrays keyed by the model's input (or output) names: `{ src: …, tgt: … }`, as Keras's fit takes a dict. */
export type NamedArrays = Readonly<Record<string, HostArray>>;

/** A dataset whose inputs or outputs are given by name. */
export interface NamedDataset {
  readonly x: readonly HostArray[] | NamedArrays;
  readonly y: readonly HostArray[] | NamedArrays;
}

const isHostArray = (v: unknown): v is HostArray => typeof v === 'object' && v !== null && 'data' in v && 'shape' in v && ArrayBuffer.isView((v as HostArray).data);

/** The arrays in the order of `names`; E0627 / E0628 for a missing or unknown name. */
function byName(arrays: NamedArrays, names: readonly string[], what: 'input' | 'output', key: 'x' | 'y'): HostArray[] {
  for (const given of Object.keys(arrays)) {
    if (!names.includes(given)) throw new RnncError('E0628', `${key} names \`${given}\`, but the model has no ${what} of that name`, { context: key }, `the model's ${what}s are ${names.map((n) => `\`${n}\``).join(', ')}`);
  }
  return names.map((name) => {
    const a = Object.hasOwn(arrays, name) ? arrays[name] : undefined;
    if (!a) throw new RnncError('E0627', `${key} gives no array for the model's ${what} \`${name}\``, { context: key }, `give one array per ${what}: ${names.join(', ')}`);
    return a;
  });
}

/** `workers: 2` splits each training step across two threads (the train block's `workers`). */
export type FitOverrides = Partial<Pick<FitSettings, 'epochs' | 'batchSize' | 'validationSplit' | 'shuffle' | 'workers'>>;

export class RnnModel {
  readonly network: Network;
  /** Whether the weights came from a saved model, or fit has loaded the pre-trained tables. */
  private initialized = false;

  constructor(
    readonly model: CheckedModel,
    readonly seed: number,
    /** Where paths in the model (an Embedding's weights="table.npy") are relative to: the .rnn file's folder. */
    readonly baseDir: string = process.cwd(),
  ) {
    this.network = new Network(model, seed);
    setTextBaseDir(this.network, baseDir);
  }

  /** Keras's compile + fit settings from the train block, with overrides (the CLI's flags). */
  settings(overrides: FitOverrides = {}): FitSettings {
    const t: TrainConfig | undefined = this.model.train;
    if (!t) {
      throw new RnncError('E0514', `model \`${this.model.name}\` has no train block, so there is no loss to minimise`, { context: this.model.name }, 'add `train { loss = mean_squared_error }` after the model');
    }
    return {
      loss: t.loss,
      losses: t.losses,
      lossWeights: t.lossWeights,
      optimizer: t.optimizer,
      metrics: t.metrics,
      metricKeys: t.metricKeys,
      outputMetrics: t.outputMetrics,
      epochs: overrides.epochs ?? t.epochs,
      batchSize: overrides.batchSize ?? t.batchSize,
      validationSplit: overrides.validationSplit ?? t.validationSplit,
      shuffleBeforeSplit: t.shuffleBeforeSplit,
      shuffle: overrides.shuffle ?? t.shuffle,
      truncatedBptt: t.truncatedBptt,
      workers: overrides.workers ?? t.workers,
      seed: this.seed,
    };
  }

  /**
   * Keras's fit(). `data.x` (`data.y`) holds one array per input (output), in the model's order
   * or keyed by the inputs' (outputs') names; `options.validationData` the held-out samples
   * likewise (Keras's validation_data, which replaces validationSplit).
   */
  async fit(
    data: Dataset | NamedDataset,
    overrides: FitOverrides = {},
    options: { callbacks?: readonly Callback[]; events?: FitEvents; save?: (dir: string) => Promise<void>; validationData?: Dataset | NamedDataset } = {},
  ): Promise<History> {
    const samples = this.ordered(data);
    const given = options.validationData ? this.ordered(options.validationData) : 'validation' in data ? data.validation : undefined;
    const withHeldOut: Dataset = given ? { x: samples.x, y: samples.y, validation: { x: given.x, y: given.y } } : samples;
    // Pre-trained Embedding tables replace the initializer's draw before the first fit, unless
    // the weights were loaded from a saved model (Keras: Embedding(weights=[m]) at construction).
    if (!this.initialized) loadPretrainedTables(this.network, this.baseDir);
    this.initialized = true;
    return fit(this.network, withHeldOut, this.settings(overrides), options.callbacks ?? [], options.events ?? {}, options.save);
  }

  /** Keras's evaluate(), from fresh states: a stateful model's carried states are reset first. */
  evaluate(data: Dataset | NamedDataset, batchSize?: number): Record<string, number> {
    const s = this.settings(batchSize ? { batchSize } : {});
    const ordered = this.ordered(data);
    checkStatefulBatches(this.model, s.batchSize, [{ samples: sampleCount(ordered.x[0]!), what: 'the data to evaluate' }]);
    this.network.resetStates();
    return evaluateWith(this.network, ordered, s);
  }

  /**
   * Keras's predict(): one array per output, in the model's order (outputNames gives their names),
   * in batches of `batchSize` (default: a stateful model's fixed batch, else 32). Each call starts
   * from fresh states unless `keepStates` is set: then a stateful model continues from where the
   * last call (or fit) left its states, as Keras's predict does.
   */
  predict(x: HostArray | readonly HostArray[] | NamedArrays, batchSize?: number, options: { keepStates?: boolean } = {}): HostArray[] {
    const inputs = Array.isArray(x) ? (x as readonly HostArray[]) : isHostArray(x) ? [x] : byName(x as NamedArrays, this.model.inputs.map((i) => i.name), 'input', 'x');
    const size = batchSize ?? defaultBatchSize(this.model, 32);
    checkStatefulBatches(this.model, size, [{ samples: sampleCount(inputs[0]!), what: 'the data to predict' }]);
    if (!options.keepStates) this.network.resetStates();
    return predict(this.network, inputs, size);
  }

  /** Forget the states stateful layers carry (Keras's model.reset_states()). */
  resetStates(): void {
    this.network.resetStates();
  }

  /** The characters (by id) of the text corpus the model was trained on or saved with, if any. */
  get textVocabulary(): readonly string[] | undefined {
    return corpusVocabularyOf(this.network);
  }

  /** Keras's model.output_names: the layer each output comes from, as .npz entries and `y` records name them. */
  get outputNames(): string[] {
    return outputNames(this.model);
  }

  /** A dataset with arrays keyed by name, in the model's order of inputs and outputs. */
  private ordered(data: Dataset | NamedDataset): Dataset {
    const xs = Array.isArray(data.x) ? (data.x as readonly HostArray[]) : byName(data.x as NamedArrays, this.model.inputs.map((i) => i.name), 'input', 'x');
    const ys = Array.isArray(data.y) ? (data.y as readonly HostArray[]) : byName(data.y as NamedArrays, this.outputNames, 'output', 'y');
    return { x: xs, y: ys };
  }

  /**
   * Generate as the model's decode block says: for a model with an encoder, one sequence per row
   * of `sources`; for a language model, one continuation per prompt. Greedy by default; sampling
   * with `temperature`/`topK` (seeded by `seed`), beam search with `beam`. Ids out, without the
   * prefix and the end token; and `text` too when the decoder is fed text. A model whose source
   * is text takes `texts` (`{ texts: ["forty two"] }`) through its saved vocabulary.
   */
  generate(input: GenerateInput, options: GenerateOptions = {}): GeneratedText[] {
    return generate(this.network, input, options, { context: `model ${this.model.name}` });
  }

  /**
   * Save in the TensorFlow.js Layers format (DIR/model.json + DIR/weights.bin), atomically:
   * a crash mid-save leaves the previous model in DIR whole. Returns notes on what
   * TensorFlow.js will refuse or compute differently (GRU with reset_after, say).
   */
  async save(dir: string, source?: string): Promise<string[]> {
    const values = this.network.getWeightValues();
    const weights = this.network.weights.map((w, i) => ({ name: w.name, shape: [...w.variable.shape], dtype: 'float32' as const, data: values[i]! }));
    const notes = await saveModel(dir, this.model, weights, { rnnc: { version: RNNC_VERSION, ...(source === undefined ? {} : { source }), ...vocabularyMetadata(this.network) } });
    return notes.map(formatNote);
  }

  /** Load weights that `save` (or `rnnc train --out`) wrote for this same model. */
  async load(dir: string): Promise<void> {
    await loadSavedWeights(this.network, dir);
    // Normalization statistics and pre-trained tables come with the weights: fit() must not
    // compute or load them again.
    markAdapted(this.network);
    this.initialized = true;
  }

  summary(terminalColumns?: number): string {
    return kerasSummary(this.model, terminalColumns ? { terminalColumns } : {});
  }

  dispose(): void {
    this.network.dispose();
  }
}

/** Check `source` and build the chosen model's network on the backend. */
export async function compile(source: string, options: CompileOptions = {}): Promise<RnnModel> {
  const path = options.path ?? 'model.rnn';
  const result = check(source, path);
  if (hasErrors(result.diagnostics)) throw new CompileError(result.diagnostics, result.parse.source);
  const model = options.model === undefined ? result.models[0] : result.models.find((m) => m.name === options.model);
  if (!model || (options.model === undefined && result.models.length > 1)) {
    const names = result.models.map((m) => m.name).join(', ') || 'none';
    throw new RnncError('E0702', options.model ? `no model named \`${options.model}\`` : `the source defines ${result.models.length} models; say which one`, path, `models: ${names}`);
  }
  await initBackend(options.backend ?? 'wasm');
  return new RnnModel(model, options.seed ?? model.train?.seed ?? randomSeed(), options.path === undefined ? process.cwd() : dirname(options.path));
}

export { savedModelName } from './save/saved-name.ts';

export async function compileFile(path: string, options: Omit<CompileOptions, 'path'> = {}): Promise<RnnModel> {
  return compile(await readFile(path, 'utf8'), { ...options, path });
}

