// Sliding windows over the time axis of a (B, T, C) tensor, shared by Conv1D and the 1-D
// poolings. `unfold` copies every window into (B, T', size, C) (gather-rows.ts); `fold` is its
// adjoint — it adds each window's gradient back where the window was read, with one ScatterNd
// (which sums repeated positions), so overlapping windows need no special case.
//
// Lengths and padding follow TensorFlow (ops/operation_utils.py compute_conv_output_shape and
// tf.nn's SAME rule): same pads ceil(T / strides) windows, the odd padding step going on the
// right; causal pads dilation·(size - 1) steps on the left only (conv1d.py, BaseConv.call).

import { tf, type Tensor } from '../tf.ts';
import { gatherRows } from './gather-rows.ts';

export type Padding = 'valid' | 'same' | 'causal';

export interface Window1D {
  readonly size: number;
  readonly strides: number;
  readonly dilation: number;
  /** Input length T. */
  readonly length: number;
  readonly padLeft: number;
  readonly padRight: number;
  /** Number of windows T'. */
  readonly count: number;
}

export function window1d(length: number, size: number, strides: number, dilation: number, padding: Padding): Window1D {
  const span = dilation * (size - 1) + 1;
  if (padding === 'valid') {
    return { size, strides, dilation, length, padLeft: 0, padRight: 0, count: Math.floor((length - span) / strides) + 1 };
  }
  const count = Math.floor((length - 1) / strides) + 1;
  if (padding === 'causal') return { size, strides, dilation, length, padLeft: span - 1, padRight: 0, count };
  const total = Math.max((count - 1) * strides + span - length, 0);
  const padLeft = Math.floor(total / 2);
  return { size, strides, dilation, length, padLeft, padRight: total - padLeft, count };
}

/** Position in the padded input of tap j of window t, in (t, j) order. */
function tapPositions(w: Window1D): Tensor {
  const at = new Int32Array(w.count * w.size);
  for (let t = 0; t < w.count; t++) for (let j = 0; j < w.size; j++) at[t * w.size + j] = t * w.strides + j * w.dilation;
  return tf.tensor2d(at, [at.length, 1], 'int32');
}

/** (B, T, C) → (B, T', size, C); padded steps hold `padValue`. */
export function unfold(x: Tensor, w: Window1D, padValue = 0): Tensor {
  const [batch, , channels] = x.shape as [number, number, number];
  const taps = w.count * w.size;
  const rows = new Int32Array(batch * taps);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < w.count; t++) {
      for (let j = 0; j < w.size; j++) {
        const step = t * w.strides + j * w.dilation - w.padLeft;
        rows[b * taps + t * w.size + j] = step >= 0 && step < w.length ? b * w.length + step : -1;
      }
    }
  }
  return gatherRows(x, channels, rows, [batch, w.count, w.size, channels], padValue);
}

/** The adjoint of unfold: (B, T', size, C) gradients → (B, T, C), summing where windows overlap. */
export function fold(d: Tensor, w: Window1D): Tensor {
  const [batch, , , channels] = d.shape as [number, number, number, number];
  const paddedLength = w.length + w.padLeft + w.padRight;
  const rows = tf.reshape(tf.transpose(tf.reshape(d, [batch, w.count * w.size, channels]), [1, 0, 2]), [w.count * w.size, batch * channels]);
  const summed = tf.scatterND(tapPositions(w), rows, [paddedLength, batch * channels]);
  const padded = tf.transpose(tf.reshape(summed, [paddedLength, batch, channels]), [1, 0, 2]);
  return w.padLeft + w.padRight > 0 ? tf.slice(padded, [0, w.padLeft, 0], [batch, w.length, channels]) : padded;
}
