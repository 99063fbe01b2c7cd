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

// Shapes are built at their exact length, in a loop: `[batch, ...dims]` keeps room for 20 axes
// (and the IR holds thousands of shapes), and concat or slice, exact as they are, are calls into
// the runtime that cost more than the copy (1–2% of a check each, measured in a CPU profile).

/** A shape from a batch axis and the axes of one sample. */
export function withBatch(batch: Dim, dims: readonly Dim[]): Dim[] {
  const out = new Array<Dim>(dims.length + 1);
  out[0] = batch;
  for (let i = 0; i < dims.length; i++) out[i + 1] = dims[i]!;
  return out;
}

/** `dims` with one more axis at the end (Embedding's features). */
export function withLast(dims: readonly Dim[], last: Dim): Dim[] {
  const out = new Array<Dim>(dims.length + 1);
  for (let i = 0; i < dims.length; i++) out[i] = dims[i]!;
  out[dims.length] = last;
  return out;
}

/** `dims` with its last axis replaced (Dense's units), as `dims.slice(0, -1).concat(last)`. */
export function replacingLast(dims: readonly Dim[], last: Dim): Dim[] {
  if (dims.length === 0) return [last];
  const out = new Array<Dim>(dims.length);
  for (let i = 0; i < dims.length - 1; i++) out[i] = dims[i]!;
  out[dims.length - 1] = last;
  return out;
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
