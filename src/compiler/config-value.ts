// Argument values after checking: plain data, every default filled in. The runtime and the
// emitter read these; they never see the AST.

import type { CheckedLayer } from './ir.ts';

/** A named function with arguments: an initializer (`random_normal(stddev=0.1)`),
 *  a regularizer (`l2(0.01)`), an optimizer, a callback. `name` is canonical (Keras's). */
export interface FnValue {
  readonly kind: 'fn';
  readonly name: string;
  readonly args: Readonly<Record<string, ConfigValue>>;
}

/** A layer given as an argument (`Bidirectional(LSTM(64))`, `TimeDistributed(Dense(1))`). */
export interface LayerValue {
  readonly kind: 'layer';
  readonly layer: CheckedLayer;
}

export type ConfigValue =
  | number
  | string
  | boolean
  | null
  | readonly ConfigValue[]
  | FnValue
  | LayerValue;

export type LayerConfig = Readonly<Record<string, ConfigValue>>;

export function isFn(v: ConfigValue | undefined): v is FnValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as FnValue).kind === 'fn';
}

export function isLayerValue(v: ConfigValue | undefined): v is LayerValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as LayerValue).kind === 'layer';
}

/** A checked or default value as it would be written in a .rnn file. */
export function formatValue(v: ConfigValue | undefined): string {
  if (v === undefined) return '';
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.length === 1 ? `(${formatValue(v[0])},)` : `(${v.map(formatValue).join(', ')})`;
  const value = v as Exclude<ConfigValue, readonly ConfigValue[] | null | string | number | boolean>;
  if (value.kind === 'layer') return `${value.layer.type}(…)`;
  const args = Object.entries(value.args);
  return args.length ? `${value.name}(${args.map(([k, a]) => `${k}=${formatValue(a)}`).join(', ')})` : value.name;
}
