// Shared machinery for layer definitions: the shape-error codes, result builders, the checks
// most layers share (rank, dtype, a known last axis), and `defineLayer`, which adds the rules
// every layer follows (trainable=false freezes all weights; one output unless told otherwise).

import type { FnValue, LayerConfig } from '../config-value.ts';
import { formatShape, type Dim, type TensorType } from '../tensor-type.ts';
import type { ArgSpec, LayerDef, ShapeError, ShapeResult, WeightSpec } from './layer-def.ts';

/** The shape-error codes a shape rule may report (the checker owns their catalogue entries). */
export const E = {
  /** A recurrent layer fed a rank-2 tensor. */
  NOT_SEQUENCE: 'E0301',
  /** Any other rank mismatch. */
  RANK: 'E0302',
  /** Dimension mismatches, and unknown dimensions where known ones are needed. */
  DIM: 'E0303',
  DTYPE: 'E0305',
  /** Argument combinations that only the input shape reveals as invalid. */
  ARGS: 'E0309',
} as const;

export function ok(...outputs: TensorType[]): ShapeResult {
  return { ok: true, outputs };
}

export function fail(code: string, message: string, extra: Omit<ShapeError, 'code' | 'message'> = {}): ShapeResult & { ok: false } {
  return { ok: false, error: { code, message, ...extra } };
}

export type Failure = ShapeResult & { ok: false };

/** Keras's spelling of a shape, for messages. */
export const fmt = (shape: readonly Dim[]): string => formatShape(shape);

/** The single input of a one-input layer, or a failure when there is none. */
export function single(name: string, inputs: readonly TensorType[]): TensorType | Failure {
  const x = inputs[0];
  if (!x) return fail(E.RANK, `${name} needs an input tensor, but gets none`);
  return x;
}

export function isFailure(v: unknown): v is Failure {
  return typeof v === 'object' && v !== null && (v as { ok?: unknown }).ok === false;
}

/** Layers that hold weights compute in float; integer ids must go through an Embedding first. */
export function requireFloat(name: string, x: TensorType): Failure | null {
  if (x.dtype === 'float32') return null;
  return fail(E.DTYPE, `${name} needs float32 values, but gets ${x.dtype}`, {
    label: `expects float32, gets ${x.dtype}`,
    hint: 'integer ids become vectors through an Embedding layer first',
  });
}

export function requireMinRank(name: string, x: TensorType, min: number, spelled: string): Failure | null {
  if (x.shape.length >= min) return null;
  return fail(E.RANK, `${name} needs at least ${min} axes, but gets ${fmt(x.shape)}`, { label: `expects ${spelled}` });
}

export function requireRank(name: string, x: TensorType, rank: number, spelled: string): Failure | null {
  if (x.shape.length === rank) return null;
  return fail(E.RANK, `${name} needs ${spelled}, but gets ${fmt(x.shape)}`, { label: `expects ${spelled}` });
}

/** The last axis (features, channels) sizes the weights, so it must be known. */
export function requireKnownLast(name: string, x: TensorType, what = 'features'): Failure | null {
  const last = x.shape[x.shape.length - 1];
  if (typeof last === 'number') return null;
  return fail(E.DIM, `${name} needs a known number of ${what}, but the last axis of ${fmt(x.shape)} is unknown`, {
    label: `unknown number of ${what}`,
    hint: 'give the last axis a size in the input shape',
  });
}

export function weight(
  name: string,
  shape: readonly number[],
  initializer: FnValue,
  regularizer: FnValue | null = null,
  trainable = true,
): WeightSpec {
  return { name, shape, initializer, trainable, regularizer };
}

/**
 * Wraps a definition with the rules every layer shares: `trainable=false` makes every weight
 * non-trainable (Keras's `layer.trainable = False`), and `outputCount` defaults to one. Keeps the
 * definition's name and argument list as literal types: the IR's config types are read from them.
 */
export function defineLayer<const N extends string, const Specs extends readonly ArgSpec[]>(def: LayerDef<N, Specs>): LayerDef<N, Specs> {
  const erased = def as unknown as LayerDef;
  const weights = (inputs: readonly TensorType[], config: LayerConfig): readonly WeightSpec[] => {
    const ws = erased.weights(inputs, config);
    return config['trainable'] === false ? ws.map((w) => ({ ...w, trainable: false })) : ws;
  };
  const defined: LayerDef = { ...erased, weights, outputCount: erased.outputCount?.bind(erased) ?? (() => 1) };
  return defined as unknown as LayerDef<N, Specs>;
}

/**
 * A definition as lookups by name hold it (the registry's map, what Bidirectional may wrap): its
 * config is the untyped LayerConfig, since the name is known only at run time. TypeScript cannot
 * see that a typed definition is one (its config types are checked both ways).
 */
export function erased(def: Pick<LayerDef, 'name' | 'category' | 'args'>): LayerDef {
  return def as unknown as LayerDef;
}
