// What a model uses of rnnc's runtime, by name: its layer kinds and their recurrent cells, its
// activations, initializers and regularizers, and its train block's loss, optimizer, metrics and
// callbacks. The emitter keeps just these entries of the runtime's tables, so an emitted program
// carries the code its model runs and no other.

import { isFn, type ConfigValue, type FnValue } from '../compiler/config-value.ts';
import { argumentOf, isNamedEntry, wrappedLayers, type CheckedLayer, type CheckedModel, type DataEntry } from '../compiler/ir.ts';
import { METRICS } from '../compiler/vocab/index.ts';
import { lookupIn } from '../compiler/vocab/vocab.ts';
import { formatOf } from '../runtime/data/load.ts';
import { chooseCellKernel, maskCounts } from '../runtime/layers/recurrent/choose.ts';
import { isCellType, readRecurrentConfig } from '../runtime/layers/recurrent/config.ts';

export interface ModelUses {
  /** Every layer's type, wrapped ones (TimeDistributed's, Bidirectional's) included. */
  readonly layerTypes: ReadonlySet<string>;
  readonly activations: ReadonlySet<string>;
  readonly initializers: ReadonlySet<string>;
  readonly regularizers: ReadonlySet<string>;
  /** The block's losses (one per output of a model of several, when they differ), first first. */
  readonly losses: readonly string[];
  readonly optimizer: string;
  /** The learning-rate schedule the optimizer follows, if any (train/schedules.ts's SCHEDULES). */
  readonly schedules: ReadonlySet<string>;
  /** Canonical metric names, `accuracy` resolved to the accuracies it may become. */
  readonly metrics: ReadonlySet<string>;
  readonly callbacks: ReadonlySet<string>;
  /** The data the train block names: its files' formats (npy, csv, idx) and how they hold the
   *  samples (arrays, jsonl, windows); every one when the block names no data. */
  readonly dataFormats: ReadonlySet<string>;
  readonly dataLayouts: ReadonlySet<string>;
  /** How the recurrent layers run on the wasm backend, training or not (recurrentUses). */
  readonly recurrent: RecurrentUses;
}

/** What runtime/layers/recurrent/choose.ts picks for a model's recurrent layers, by the names of
 *  the runtime's tables: the driver's paths, the fused plans, the cells the ops path runs, the
 *  whole-sequence kernels' step implementations, and the SIMD module's functions. */
export interface RecurrentUses {
  readonly paths: ReadonlySet<string>;
  readonly plans: ReadonlySet<string>;
  readonly opsCells: ReadonlySet<string>;
  readonly forwardCells: ReadonlySet<string>;
  readonly backwardCells: ReadonlySet<string>;
  /** The whole-sequence GRU's and SimpleRNN's step implementations, forward or backward. */
  readonly gruCells: ReadonlySet<string>;
  readonly simpleRnnCells: ReadonlySet<string>;
  readonly simdFunctions: ReadonlySet<string>;
}

/** An emitted program runs on the wasm backend only (src/emit/program/main.ts). */
export const PROGRAM_BACKEND = 'wasm';

function recurrentUses(layers: readonly CheckedLayer[]): RecurrentUses {
  const uses = { paths: new Set<string>(), plans: new Set<string>(), opsCells: new Set<string>(), forwardCells: new Set<string>(), backwardCells: new Set<string>() };
  const sequenceCells = { gruSequence: new Set<string>(), simpleRnnSequence: new Set<string>() };
  // The transpose of every fused plan's weight gradients, and the whole-sequence kernels' GEMM.
  const simdFunctions = new Set(['transpose', 'recurrentGemm']);
  for (const layer of layers) {
    if (!isCellType(layer.type)) continue;
    const settings = readRecurrentConfig(layer as Parameters<typeof readRecurrentConfig>[0]);
    for (const training of [true, false]) {
      const k = chooseCellKernel(settings, maskCounts(settings, training), PROGRAM_BACKEND);
      uses.paths.add(k.path);
      if (k.plan === null) uses.opsCells.add(settings.type);
      else uses.plans.add(k.plan);
      if (k.plan === 'lstmSequence') {
        uses.forwardCells.add(k.forwardCells);
        uses.backwardCells.add(k.backwardCells);
      } else if (k.plan === 'gruSequence' || k.plan === 'simpleRnnSequence') {
        sequenceCells[k.plan].add(k.forwardCells).add(k.backwardCells);
      } else continue;
      if (k.forwardCells === 'simd' || k.backwardCells === 'simd') simdFunctions.add(settings.type);
    }
  }
  return { ...uses, gruCells: sequenceCells.gruSequence, simpleRnnCells: sequenceCells.simpleRnnSequence, simdFunctions };
}

/** Every layer of the model: each node's, then the layers it wraps. */
export function allLayers(model: CheckedModel): CheckedLayer[] {
  const out: CheckedLayer[] = [];
  const visit = (layer: CheckedLayer) => {
    out.push(layer);
    for (const inner of wrappedLayers(layer)) visit(inner);
  };
  for (const node of model.nodes) visit(node.layer);
  return out;
}

/** The names of a function value and of the function values among its arguments. */
function fnNames(v: ConfigValue | null | undefined, into: Set<string>): void {
  if (!isFn(v ?? undefined)) return;
  const fn = v as FnValue;
  into.add(fn.name);
  for (const a of Object.values(fn.args)) fnNames(a, into);
}

export function modelUses(model: CheckedModel): ModelUses {
  const layers = allLayers(model);
  const activations = new Set<string>(['linear']); // a null activation reads as linear
  const initializers = new Set<string>();
  const regularizers = new Set<string>();
  for (const layer of layers) {
    for (const a of [argumentOf(layer, 'activation'), argumentOf(layer, 'recurrent_activation')]) if (a !== undefined) activations.add(a);
    fnNames(argumentOf(layer, 'activity_regularizer'), regularizers);
    for (const w of layer.weights) {
      fnNames(w.initializer, initializers);
      fnNames(w.regularizer, regularizers);
    }
  }
  const train = model.train;
  const metrics = new Set<string>();
  for (const name of train?.metrics ?? []) {
    const canonical = lookupIn(METRICS, name)?.name ?? name;
    // compile_utils.get_metric turns `accuracy` into one of three by the output and the loss.
    if (canonical === 'accuracy') for (const a of ['binary_accuracy', 'categorical_accuracy', 'sparse_categorical_accuracy']) metrics.add(a);
    metrics.add(canonical);
  }
  return {
    layerTypes: new Set(layers.map((l) => l.type)),
    activations,
    initializers,
    regularizers,
    losses: train ? [...new Set([train.loss, ...train.losses].map((l) => l.name))] : ['mean_squared_error'],
    optimizer: train?.optimizer.name ?? 'adam',
    schedules: new Set(isFn(train?.optimizer.args['learning_rate']) ? [train.optimizer.args['learning_rate'].name] : []),
    metrics,
    callbacks: new Set((train?.callbacks ?? []).map((c) => c.name)),
    ...dataUses([train?.data ?? {}, train?.validationData ?? {}]),
    recurrent: recurrentUses(layers),
  };
}

/** The formats and layouts of the train block's data and held-out data (load.ts's ARRAY_READERS
 *  and LAYOUTS). With no data named, every one but the .npz archive's, whose zip reader is a
 *  package of its own (fflate): a program reads .npz only when its train block names one. */
function dataUses(records: readonly Readonly<Record<string, DataEntry>>[]): Pick<ModelUses, 'dataFormats' | 'dataLayouts'> {
  const formats = new Set<string>();
  const layouts = new Set<string>();
  for (const data of records) {
    const paths = [data['x'], data['y'], data['file']].flatMap((p) => (isNamedEntry(p) ? Object.values(p) : [p])).filter((p): p is string => typeof p === 'string');
    if (!paths.length) continue;
    const found = paths.map(formatOf);
    if (found.includes(undefined)) return { dataFormats: new Set(['npy', 'csv', 'idx']), dataLayouts: new Set(['arrays', 'jsonl', 'windows']) };
    const first = found[0];
    layouts.add(first === 'jsonl' ? 'jsonl' : first === 'npz' ? 'archive' : first === 'txt' ? 'text' : first === 'csv' && data['window'] !== undefined ? 'windows' : 'arrays');
    // These hold x and y together: a layout reads them, no x or y reader.
    for (const f of found) if (f !== 'jsonl' && f !== 'npz' && f !== 'txt') formats.add(f!);
  }
  if (!layouts.size) return { dataFormats: new Set(['npy', 'csv', 'idx']), dataLayouts: new Set(['arrays', 'jsonl', 'windows']) };
  return { dataFormats: formats, dataLayouts: layouts };
}
