// Reading and writing argument values after checking (the types are the IR's, ir.ts).

import type { ConfigValue, FnValue, LayerValue } from './ir.ts';

export type { ConfigValue, FnValue, LayerConfig, LayerValue } from './ir.ts';

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
