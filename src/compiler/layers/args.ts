// Builders for argument specs and typed readers for checked configs. Every layer and vocabulary
// entry declares its arguments with these, so the declarations read like Keras's signatures.

import type { ConfigValue, FnValue, LayerConfig, LayerValue } from '../config-value.ts';
import { isFn, isLayerValue } from '../config-value.ts';
import type { ArgSpec, ArgType, VocabName } from './layer-def.ts';

// ---- types -------------------------------------------------------------------------------------

export const T = {
  int: (min?: number, max?: number): ArgType => ({ kind: 'int', min, max }),
  float: (
    bounds: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean } = {},
  ): ArgType => ({ kind: 'float', ...bounds }),
  /** A rate in [0, 1): dropout fractions. */
  rate: (): ArgType => ({ kind: 'float', min: 0, max: 1, maxExclusive: true }),
  bool: (): ArgType => ({ kind: 'bool' }),
  string: (): ArgType => ({ kind: 'string' }),
  vocab: (vocab: VocabName): ArgType => ({ kind: 'vocab', vocab }),
  shape: (): ArgType => ({ kind: 'shape' }),
  ints: (): ArgType => ({ kind: 'ints' }),
  intOrTuple: (min?: number): ArgType => ({ kind: 'int_or_tuple', min }),
  layer: (recurrentOnly: boolean): ArgType => ({ kind: 'layer', recurrentOnly }),
  optional: (inner: ArgType): ArgType => ({ kind: 'optional', inner }),
};

interface ArgExtra {
  readonly positional?: boolean;
  readonly aliases?: readonly string[];
}

/** An argument with a default (Keras's). */
export function arg(name: string, type: ArgType, def: ConfigValue, doc: string, extra: ArgExtra = {}): ArgSpec {
  return { name, type, default: def, doc, ...extra };
}

/** A required argument (no default). */
export function required(name: string, type: ArgType, doc: string, extra: ArgExtra = {}): ArgSpec {
  return { name, type, doc, ...extra };
}

export function fn(name: string, args: Readonly<Record<string, ConfigValue>> = {}): FnValue {
  return { kind: 'fn', name, args };
}

/** Picks specs by name from a table, in the given order (Keras's order differs per layer). */
export function pick(table: Readonly<Record<string, ArgSpec>>, names: readonly string[]): ArgSpec[] {
  return names.map((n) => {
    const spec = table[n];
    if (!spec) throw new Error(`internal: no argument spec named ${n}`);
    return spec;
  });
}

// ---- readers -----------------------------------------------------------------------------------
// Configs reaching a layer are checked and complete, but the readers still take a fallback so that
// a half-checked config (the editor case) cannot crash a shape rule.

export function num(config: LayerConfig, key: string, fallback: number): number {
  const v = config[key];
  if (typeof v === 'number') return v;
  // int_or_tuple may arrive as a 1-tuple if a caller skipped normalisation.
  if (Array.isArray(v) && typeof v[0] === 'number') return v[0];
  return fallback;
}

export function optNum(config: LayerConfig, key: string): number | null {
  const v = config[key];
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && typeof v[0] === 'number') return v[0];
  return null;
}

export function bool(config: LayerConfig, key: string, fallback: boolean): boolean {
  const v = config[key];
  return typeof v === 'boolean' ? v : fallback;
}

export function str(config: LayerConfig, key: string, fallback: string): string {
  const v = config[key];
  return typeof v === 'string' ? v : fallback;
}

export function optStr(config: LayerConfig, key: string): string | null {
  const v = config[key];
  return typeof v === 'string' ? v : null;
}

export function fnOf(config: LayerConfig, key: string, fallback: FnValue): FnValue {
  const v = config[key];
  if (isFn(v)) return v;
  // A bare canonical name is accepted too (a caller that did not expand it).
  if (typeof v === 'string') return fn(v);
  return fallback;
}

export function optFn(config: LayerConfig, key: string): FnValue | null {
  const v = config[key];
  if (isFn(v)) return v;
  if (typeof v === 'string') return fn(v);
  return null;
}

export function layerOf(config: LayerConfig, key: string): LayerValue | null {
  const v = config[key];
  return isLayerValue(v) ? v : null;
}

/** A shape or int tuple: numbers and nulls. A bare number means a 1-tuple. */
export function dimsOf(config: LayerConfig, key: string): (number | null)[] | null {
  const v = config[key];
  if (typeof v === 'number') return [v];
  if (!Array.isArray(v)) return null;
  const out: (number | null)[] = [];
  for (const d of v as readonly ConfigValue[]) {
    if (typeof d === 'number' || d === null) out.push(d);
    else return null;
  }
  return out;
}
