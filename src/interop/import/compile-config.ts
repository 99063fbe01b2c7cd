// A Keras model's compile() arguments as a .rnn train block. Keras 3 saves them in config.json as
// `compile_config` (keras/src/trainers/trainer.py, compile: SerializableDict(optimizer, loss,
// loss_weights, metrics, weighted_metrics, run_eagerly, steps_per_execution, jit_compile), written by
// serialization_lib.serialize_keras_object): a string stays a string (`"adam"`, `"mse"`), an object
// is `{module, class_name, config, registered_name}` (an optimizer's config is its get_config(),
// keras/src/optimizers/base_optimizer.py, with learning_rate read back from a float32 variable:
// 0.0010000000474974513), and a function is `{class_name: "function", config: "<name>"}`. A legacy
// .h5 file holds Keras 2's `training_config` (optimizer_config, loss, metrics, loss_weights,
// weighted_metrics).
//
// Each value is matched to rnnc's vocabularies (src/compiler/vocab) under Keras's names, and only
// arguments that differ from Keras's defaults are written. What rnnc cannot express becomes a
// comment above the block, naming it; a loss rnnc cannot express leaves the block out (rnnc's
// loss is required), with the comment saying why. run_eagerly, steps_per_execution and
// jit_compile change how Keras runs a step, not what it computes: they are not written.
// epochs, batch_size and the data are fit()'s arguments, which Keras does not save.

import { LOSSES, METRICS, OPTIMIZERS } from '../../compiler/vocab/index.ts';
import { SCHEDULES } from '../../compiler/vocab/schedules.ts';
import { lookupIn, type VocabEntry } from '../../compiler/vocab/vocab.ts';
import { isJsonObject, type Json, type JsonObject } from '../../runtime/save/json.ts';
import { asList, describe } from './source-model.ts';

/** The train block's lines, or only comments when the loss cannot be expressed. */
export interface TrainBlockText {
  /** `# …` lines naming what was not carried over. */
  readonly notes: readonly string[];
  /** `loss = …` and the rest, or null when no block can be written. */
  readonly settings: readonly string[] | null;
}

/** The text to append to the .rnn file: the comments and the block; '' when the model was not compiled. */
export function trainBlockSource(block: TrainBlockText | null): string {
  if (!block) return '';
  const notes = block.notes.map((n) => `# ${n}\n`).join('');
  const body = block.settings ? `train {\n${block.settings.map((s) => `  ${s}\n`).join('')}}\n` : '';
  return `\n${notes}${body}`;
}

/** The block as comments, when rnnc's checker refuses it (a loss that does not fit the output): `why` says so. */
export function commentedOut(block: TrainBlockText, why: string): TrainBlockText {
  const lines = block.settings ? ['train {', ...block.settings.map((s) => `  ${s}`), '}'] : [];
  return { notes: [...(block.notes.length ? block.notes : ["From the Keras model's compile():"]), why, ...lines], settings: null };
}

/** Keras 2's training_config (legacy .h5) in compile_config's terms. */
export function fromTrainingConfig(training: Json | undefined): Json | undefined {
  if (!isJsonObject(training)) return undefined;
  const { optimizer_config: optimizer, ...rest } = training;
  return { ...rest, optimizer: optimizer ?? null };
}

/** The number as written: the shortest decimal of a float32 (Keras's learning_rate), else as is;
 *  small ones in exponent form (`1e-5`, as a learning rate is written). */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '1e999' : '-1e999';
  let short = n;
  if (Math.fround(n) === n) {
    for (let digits = 1; digits <= 9; digits++) {
      short = Number(n.toPrecision(digits));
      if (Math.fround(short) === n) break;
    }
  }
  return short !== 0 && Math.abs(short) < 1e-3 ? short.toExponential().replace('e+', 'e') : String(short);
}

/** Numbers equal as Keras stores them (a float32 variable's value is its float64 default rounded). */
const sameNumber = (a: number, b: number) => a === b || Math.fround(a) === Math.fround(b);

function jsonText(v: Json): string | null {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'string') return JSON.stringify(v);
  const list = asList(v);
  if (list) {
    const items = list.map(jsonText);
    return items.every((i) => i !== null) ? `(${items.join(', ')}${items.length === 1 ? ',' : ''})` : null;
  }
  return null;
}

const sameJson = (a: Json | undefined, b: Json | undefined): boolean =>
  typeof a === 'number' && typeof b === 'number' ? sameNumber(a, b) : JSON.stringify(a) === JSON.stringify(b);

/** A serialized object's class and config, or a bare name. */
function objectParts(v: Json): { readonly className: string; readonly config: JsonObject } | null {
  if (typeof v === 'string') return { className: v, config: {} };
  if (!isJsonObject(v) || typeof v['class_name'] !== 'string') return null;
  // A function: {"class_name": "function", "config": "binary_crossentropy"}.
  if (v['class_name'] === 'function' && typeof v['config'] === 'string') return { className: v['config'], config: {} };
  // Keras 2.11+ registers its optimizers as `Custom>Adam`.
  return { className: v['class_name'].replace(/^Custom>/, ''), config: isJsonObject(v['config']) ? v['config'] : {} };
}

/** An entry's spelling in a call: Keras's class name (`Adam`), bare: as Keras wrote it or canonical. */
const className = (entry: VocabEntry) => entry.aliases?.find((a) => a !== a.toLowerCase() && a.toLowerCase() === entry.name.replace(/_/g, '')) ?? entry.name;

/**
 * `Name(arg=value, …)` with the arguments that differ from the entry's defaults. `ignored` says,
 * for a config key the entry has no argument for, whether its value leaves the computation as rnnc
 * does it; any other is named in `notes`.
 */
function callText(entry: VocabEntry, written: string, config: JsonObject, what: string, ignored: (key: string, v: Json) => boolean, notes: string[]): string {
  for (const [key, v] of Object.entries(config)) {
    if (!entry.args?.some((a) => a.name === key) && !ignored(key, v)) notes.push(`${what}: ${key}=${describe(v)} has no rnnc form; rnnc trains without it`);
  }
  // In the order of Keras's constructor, as rnnc's vocabulary lists the arguments.
  const args: string[] = [];
  for (const spec of entry.args ?? []) {
    const key = spec.name;
    const v = config[key];
    if (v === undefined || (spec.default !== undefined && sameJson(v, spec.default as Json))) continue;
    const text = key === 'learning_rate' && isJsonObject(v) ? scheduleText(v, what, notes) : jsonText(v);
    if (text === null) notes.push(`${what}: ${key}=${describe(v)} has no rnnc form; rnnc trains with its default`);
    else args.push(`${key}=${text}`);
  }
  return args.length ? `${className(entry)}(${args.join(', ')})` : written;
}

/** A learning-rate schedule (keras/src/optimizers/schedules/learning_rate_schedule.py, get_config). */
function scheduleText(v: JsonObject, what: string, notes: string[]): string | null {
  const parts = objectParts(v);
  const entry = parts && lookupIn(SCHEDULES, parts.className);
  if (!parts || !entry) return null;
  const args: string[] = [];
  for (const [key, value] of Object.entries(parts.config)) {
    if (key === 'name') continue;
    const spec = entry.args?.find((a) => a.name === key);
    const text = jsonText(value);
    if (!spec || text === null) {
      notes.push(`${what}: ${entry.name}'s ${key}=${describe(value)} has no rnnc form`);
      continue;
    }
    if (spec.default === undefined || !sameJson(value, spec.default as Json)) args.push(`${key}=${text}`);
  }
  return `${entry.name}(${args.join(', ')})`;
}

/** Base optimizer keys with no rnnc argument, and the values that change nothing rnnc computes. */
const OPTIMIZER_NEUTRAL: Readonly<Record<string, (v: Json) => boolean>> = {
  name: () => true,
  use_ema: (v) => v === false,
  // Read only with use_ema (named then).
  ema_momentum: () => true,
  ema_overwrite_frequency: () => true,
  loss_scale_factor: (v) => v === null,
  gradient_accumulation_steps: (v) => v === null,
  // Keras 2: decay 0 is off; the rest say how the optimizer was built.
  decay: (v) => v === 0,
  is_legacy_optimizer: () => true,
  jit_compile: () => true,
};

function optimizerText(v: Json, notes: string[]): string | null {
  const parts = objectParts(v);
  const entry = parts && lookupIn(OPTIMIZERS, parts.className);
  if (!parts || !entry) {
    notes.push(`the optimizer ${describe(v)} is not one rnnc has; the block leaves rnnc's default, rmsprop`);
    return null;
  }
  const written = typeof v === 'string' ? v : entry.name;
  return callText(entry, written, parts.config, `optimizer ${parts.className}`, (key, value) => OPTIMIZER_NEUTRAL[key]?.(value) ?? false, notes);
}

/** A loss's config keys rnnc has no argument for: its name, its dtype, the default reduction. */
const lossNeutral = (key: string, v: Json) => key === 'name' || key === 'dtype' || (key === 'reduction' && (v === 'sum_over_batch_size' || v === 'auto')) || (key === 'ignore_class' && v === null);

function lossText(v: Json, notes: string[]): string | null {
  // One loss per output, all the same, is that loss (rnnc's loss applies to every output).
  const many = asList(v) ?? (isJsonObject(v) && !('class_name' in v) ? Object.values(v) : undefined);
  if (many) {
    const texts = many.map((l) => lossText(l, []));
    if (texts.length && texts.every((t) => t !== null && t === texts[0])) return texts[0]!;
    notes.push(`loss=${describe(v)}: a different loss per output has no rnnc form (one loss serves every output)`);
    return null;
  }
  const parts = objectParts(v);
  const entry = parts && lookupIn(LOSSES, parts.className);
  if (!parts || !entry) {
    notes.push(`the loss ${describe(v)} is not one rnnc has`);
    return null;
  }
  const own: string[] = [];
  const text = callText(entry, typeof v === 'string' ? v : entry.name, parts.config, `loss ${parts.className}`, lossNeutral, own);
  // A reduction other than Keras's default changes the loss itself: no block rather than another loss.
  if (own.length) {
    notes.push(...own.map((n) => n.replace('rnnc trains without it', 'rnnc would compute another loss')));
    return null;
  }
  return text;
}

function metricNames(v: Json, notes: string[]): string[] {
  if (v === null) return [];
  const perOutput = isJsonObject(v) && !('class_name' in v) ? Object.values(v) : asList(v)?.some((m) => asList(m) !== undefined) ? asList(v)! : undefined;
  if (perOutput) {
    // Per-output lists (Keras 2 always writes them), the same for every output, are that list.
    const own = perOutput.map(() => [] as string[]);
    const lists = perOutput.map((m, i) => metricNames(m === null ? [] : (asList(m) ?? [m]), own[i]!));
    if (lists.every((l) => l.join() === lists[0]!.join())) {
      notes.push(...(own[0] ?? []));
      return lists[0] ?? [];
    }
    notes.push(`metrics=${describe(v)}: different metrics per output have no rnnc form; none are written`);
    return [];
  }
  const names: string[] = [];
  for (const m of asList(v) ?? [v]) {
    const parts = objectParts(m);
    // Keras 2 wraps a function metric: {"class_name": "MeanMetricWrapper", "config": {"name": "accuracy", "fn": "binary_accuracy"}}.
    const wrapped = parts?.className === 'MeanMetricWrapper' ? parts.config : undefined;
    const logged = typeof wrapped?.['name'] === 'string' && lookupIn(METRICS, wrapped['name']) ? wrapped['name'] : undefined;
    const entry = wrapped ? lookupIn(METRICS, logged ?? (typeof wrapped['fn'] === 'string' ? wrapped['fn'] : '')) : parts && lookupIn(METRICS, parts.className);
    if (!parts || !entry) {
      notes.push(`the metric ${describe(m)} is not one rnnc has`);
      continue;
    }
    // A string keeps Keras's spelling, which is the key Keras logs it under (`acc`).
    names.push(typeof m === 'string' ? m : (logged ?? entry.name));
    const extra = Object.entries(parts.config).filter(([k]) => k !== 'name' && k !== 'dtype' && !(wrapped && k === 'fn'));
    if (extra.length) notes.push(`the metric ${parts.className}: ${extra.map(([k, x]) => `${k}=${describe(x)}`).join(', ')} — rnnc's ${entry.name} takes no arguments and computes Keras's default`);
  }
  return names;
}

/** The train block for a compile_config (null: the model was not compiled). */
export function trainBlock(compileConfig: Json | undefined): TrainBlockText | null {
  if (!isJsonObject(compileConfig)) return null;
  const notes: string[] = [];
  const loss = lossText(compileConfig['loss'] ?? null, notes);
  const optimizer = compileConfig['optimizer'] === undefined || compileConfig['optimizer'] === null ? null : optimizerText(compileConfig['optimizer'], notes);
  const metrics = metricNames(compileConfig['metrics'] ?? null, notes);
  for (const key of ['loss_weights', 'weighted_metrics'] as const) {
    const v = compileConfig[key];
    if (v !== undefined && v !== null && !(asList(v)?.length === 0)) notes.push(`${key}=${describe(v)} has no rnnc form; rnnc trains without it`);
  }
  if (compileConfig['loss'] === undefined || compileConfig['loss'] === null) notes.push('Keras compiled this model without a loss');
  const header = 'From the Keras model\'s compile():';
  if (loss === null) return { notes: [header, ...notes, 'no train block is written: rnnc needs a loss it knows'], settings: null };
  const settings = [`loss = ${loss}`];
  // rmsprop is compile()'s default and rnnc's: a bare one is left out, as any default is.
  if (optimizer !== null && optimizer !== 'rmsprop' && optimizer !== 'RMSprop') settings.push(`optimizer = ${optimizer}`);
  if (metrics.length) settings.push(`metrics = [${metrics.join(', ')}]`);
  return { notes: notes.length ? [header, ...notes] : [], settings };
}
