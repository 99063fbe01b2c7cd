// weights.bin and the manifest that describes it (tfjs-core io/io_utils.ts, decodeWeights):
// every weight's values one after the other in manifest order, no padding, in the platform's
// byte order as TensorFlow.js itself writes them (little-endian wherever it runs).
//
// Names are what tfjs-layers matches on load (engine/container.ts, loadWeights): the
// `originalName` of each variable, `<layer>/<weight>` — `lstm/kernel`, `time_distributed/bias`
// (a wrapped layer's weights are the wrapper's), `bidirectional/forward_lstm/kernel` (the
// directions are sub-layers named forward_<inner> and backward_<inner>). It also accepts
// tf.keras's `lstm/lstm_cell/kernel` by dropping the next-to-last part, but rnnc writes the
// short form, which is the name the runtime gives each weight.

import { createHash } from 'node:crypto';
import type { CheckedModel } from '../../compiler/ir.ts';
import type { WeightEntry } from './json.ts';

export interface SavedWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
  readonly data: Float32Array | Int32Array;
}

/** The weights a model saves, in the model's order (each layer's weights in Keras's order). */
export function weightEntries(model: CheckedModel): WeightEntry[] {
  return model.nodes.flatMap((n) =>
    n.layer.weights.map((w) => ({ name: `${n.layer.name}/${w.name}`, shape: [...w.shape], dtype: 'float32' as const })),
  );
}

const BYTES_PER_VALUE = 4; // float32 and int32 alike

export const valueCount = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export const byteLength = (entries: readonly WeightEntry[]): number =>
  entries.reduce((sum, e) => sum + valueCount(e.shape) * BYTES_PER_VALUE, 0);

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * The given weights in manifest order. A weight that is missing, extra, or of the wrong shape
 * or dtype is a bug in the caller (the runtime builds them from the same model), not a user's
 * mistake, so it throws a plain Error.
 */
export function orderWeights(entries: readonly WeightEntry[], weights: readonly SavedWeight[]): SavedWeight[] {
  const byName = new Map(weights.map((w) => [w.name, w]));
  if (byName.size !== weights.length) throw new Error('rnnc: two weights with the same name were given to save');
  const extra = weights.filter((w) => !entries.some((e) => e.name === w.name));
  if (extra.length > 0) throw new Error(`rnnc: the model has no weight ${extra.map((w) => w.name).join(', ')}`);
  return entries.map((e) => {
    const w = byName.get(e.name);
    if (!w) throw new Error(`rnnc: the weight ${e.name} was not given to save`);
    const arrayDtype = w.data instanceof Float32Array ? 'float32' : 'int32';
    if (!sameShape(w.shape, e.shape) || w.dtype !== e.dtype || arrayDtype !== e.dtype || w.data.length !== valueCount(e.shape)) {
      throw new Error(`rnnc: the weight ${e.name} should be ${e.dtype} [${e.shape.join(', ')}]`);
    }
    return w;
  });
}

export function encodeWeights(weights: readonly SavedWeight[]): Uint8Array {
  const out = new Uint8Array(byteLength(weights));
  let offset = 0;
  for (const w of weights) {
    const bytes = new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength);
    out.set(bytes, offset);
    offset += bytes.length;
  }
  return out;
}

/** The inverse of encodeWeights; `bytes` must hold exactly byteLength(entries) bytes. */
export function decodeWeights(bytes: Uint8Array, entries: readonly WeightEntry[]): SavedWeight[] {
  let offset = 0;
  return entries.map((e) => {
    const length = valueCount(e.shape) * BYTES_PER_VALUE;
    // A copy, so each array starts on its own aligned buffer. (Not `bytes.slice`: on a Node
    // Buffer that is a view into a shared pool, whose `.buffer` is the whole pool.)
    const buffer = new Uint8Array(bytes.subarray(offset, offset + length)).buffer;
    offset += length;
    const data = e.dtype === 'int32' ? new Int32Array(buffer) : new Float32Array(buffer);
    return { name: e.name, shape: [...e.shape], dtype: e.dtype, data };
  });
}

/** SHA-256, hex: recorded at save, checked at load. */
export const checksum = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
