// Argument values after checking: plain data, every default filled in. The runtime and the
// emitter read these, typed by their layer (ir.ts); they never see the AST.

/** A named function with arguments: an initializer (`random_normal(stddev=0.1)`),
 *  a regularizer (`l2(0.01)`), an optimizer, a callback. `name` is canonical (Keras's). */
export interface FnValue {
  readonly kind: 'fn';
  readonly name: string;
  readonly args: Readonly<Record<string, ConfigValue>>;
}

/**
 * A layer given as an argument (`Bidirectional(LSTM(64))`, `TimeDistributed(Dense(1))`). In the
 * IR, `layer` is a CheckedLayer (ir.ts); a shape rule sees only what every layer has.
 */
export interface LayerValue<L = WrappedLayer> {
  readonly kind: 'layer';
  readonly layer: L;
}

/** What a shape rule knows of a layer given as an argument; the IR's CheckedLayer is one. */
export interface WrappedLayer {
  readonly type: string;
  readonly name: string;
  readonly config: LayerConfig;
}

export type ConfigValue =
  | number
  | string
  | boolean
  | null
  | readonly ConfigValue[]
  | FnValue
  | LayerValue;

/** A config as the checker binds it, before it is typed by its layer (ir.ts, CheckedLayer). */
export type LayerConfig = Readonly<Record<string, ConfigValue>>;


export function isFn(v: ConfigValue | undefined): v is FnValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as FnValue).kind === 'fn';
}

export function isLayerValue<V>(v: V): v is Extract<V, LayerValue<unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as unknown as LayerValue).kind === 'layer';
}

/** Array.isArray, typed for a readonly list (TypeScript narrows a readonly array to `any[]`). */
export function isTuple<T>(v: T | readonly T[]): v is readonly T[] {
  return Array.isArray(v);
}

/** A checked or default value as it would be written in a .rnn file. */
export function formatValue(v: ConfigValue | undefined): string {
  if (v === undefined) return '';
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  if (isTuple(v)) return v.length === 1 ? `(${formatValue(v[0])},)` : `(${v.map(formatValue).join(', ')})`;
  const value = v;
  if (value.kind === 'layer') return `${value.layer.type}(…)`;
  const args = Object.entries(value.args);
  return args.length ? `${value.name}(${args.map(([k, a]) => `${k}=${formatValue(a)}`).join(', ')})` : value.name;
}

/** Every argument of a checked config with its value, for code that treats them all alike (saving,
 *  the emitter's literals, walks over wrapped layers). V: the IR's CheckedValue. */
export function configEntries<V = ConfigValue>(config: object): [string, V][] {
  return Object.entries(config) as [string, V][];
}
