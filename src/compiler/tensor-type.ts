// The type of a value flowing between layers: dtype, shape (batch axis first, `null` for an
// unknown length) and whether it carries a mask. `unknown` absorbs errors: a layer whose input
// could not be typed gets it, and every later layer accepts it silently, so one mistake gives
// one diagnostic.

/** `string`: raw text, only ever an Input's read by a TextVectorization (which turns it into ids). */
export type DType = 'float32' | 'int32' | 'string';
export type Dim = number | null;

export interface TensorType {
  readonly kind: 'tensor';
  readonly dtype: DType;
  /** Including the batch axis, which is always first (usually null). */
  readonly shape: readonly Dim[];
  readonly masked: boolean;
}

export interface UnknownType {
  readonly kind: 'unknown';
}

export type ValueType = TensorType | UnknownType;

export const UNKNOWN: UnknownType = { kind: 'unknown' };

export function tensor(shape: readonly Dim[], dtype: DType = 'float32', masked = false): TensorType {
  return { kind: 'tensor', dtype, shape, masked };
}

/**
 * A shape from a batch axis and the axes of one sample. Built by concat, which allocates exactly:
 * `[batch, ...dims]` keeps room for 20 axes, and the IR holds thousands of shapes.
 */
export function withBatch(batch: Dim, dims: readonly Dim[]): Dim[] {
  return [batch].concat(dims);
}

/** Keras's spelling: `(None, 5, 1)`, `(None, 64)`, `(None,)`. */
export function formatShape(shape: readonly Dim[]): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

export function formatType(t: ValueType): string {
  return t.kind === 'unknown' ? '?' : formatShape(t.shape);
}

export function rank(t: TensorType): number {
  return t.shape.length;
}

/** The last axis, or null if unknown. */
export function lastDim(t: TensorType): Dim {
  return t.shape[t.shape.length - 1] ?? null;
}
