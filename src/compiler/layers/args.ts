// Builders for argument specs. Every layer and vocabulary entry declares its arguments with these,
// so the declarations read like Keras's signatures; each builder keeps the argument's name and type
// as literal types, from which ConfigOf (layer-def.ts) reads a layer's checked config.

import type { ConfigValue, FnValue } from '../config-value.ts';
import type {
  ArgSpec,
  ArgType,
  BoolType,
  FloatsType,
  FloatOrScheduleType,
  FloatType,
  IntOrTupleType,
  IntsType,
  IntType,
  LayerArgType,
  OptionalType,
  ShapeType,
  StringType,
  VocabName,
  VocabType,
} from './layer-def.ts';

// ---- types -------------------------------------------------------------------------------------

export const T = {
  int: (min?: number, max?: number): IntType => ({ kind: 'int', min, max }),
  float: (bounds: Omit<FloatType, 'kind'> = {}): FloatType => ({ kind: 'float', ...bounds }),
  /** A rate in [0, 1): dropout fractions. */
  rate: (): FloatType => ({ kind: 'float', min: 0, max: 1, maxExclusive: true }),
  bool: (): BoolType => ({ kind: 'bool' }),
  string: (): StringType => ({ kind: 'string' }),
  vocab: <V extends VocabName>(vocab: V): VocabType<V> => ({ kind: 'vocab', vocab }),
  shape: (): ShapeType => ({ kind: 'shape' }),
  ints: (): IntsType => ({ kind: 'ints' }),
  /** A number or a tuple of numbers, each at least `min`. */
  floats: (min?: number): FloatsType => ({ kind: 'floats', min }),
  /** A number greater than `min`, or a learning-rate schedule. */
  floatOrSchedule: (min: number): FloatOrScheduleType => ({ kind: 'float_or_schedule', min, minExclusive: true }),
  intOrTuple: (min?: number): IntOrTupleType => ({ kind: 'int_or_tuple', min }),
  layer: <R extends boolean>(recurrentOnly: R): LayerArgType<R> => ({ kind: 'layer', recurrentOnly }),
  optional: <I extends ArgType>(inner: I): OptionalType<I> => ({ kind: 'optional', inner }),
};

interface ArgExtra {
  readonly positional?: boolean;
  readonly aliases?: readonly string[];
}

/** An argument with a default (Keras's). */
export function arg<const N extends string, A extends ArgType>(name: N, type: A, def: ConfigValue, doc: string, extra: ArgExtra = {}): ArgSpec<N, A> {
  return { name, type, default: def, doc, ...extra };
}

/** A required argument (no default). */
export function required<const N extends string, A extends ArgType>(name: N, type: A, doc: string, extra: ArgExtra = {}): ArgSpec<N, A> {
  return { name, type, doc, ...extra };
}

export function fn(name: string, args: Readonly<Record<string, ConfigValue>> = {}): FnValue {
  return { kind: 'fn', name, args };
}

/** Picks specs by name from a table, in the given order (Keras's order differs per layer). */
export function pick<Table extends Readonly<Record<string, ArgSpec>>, const K extends readonly (keyof Table & string)[]>(
  table: Table,
  names: K,
): { readonly [I in keyof K]: Table[K[I] & keyof Table] } {
  return names.map((n) => {
    const spec = table[n];
    if (!spec) throw new Error(`internal: no argument spec named ${n}`);
    return spec;
  }) as unknown as { readonly [I in keyof K]: Table[K[I] & keyof Table] };
}
