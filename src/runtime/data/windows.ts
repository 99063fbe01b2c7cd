// Sliding windows over a series, for forecasters. Window i is x_i = s[i … i+window-1]; the label
// depends on what the model outputs:
//   (None, 1)            s[i+window-1+horizon]: the value `horizon` steps after the window's last
//   (None, horizon)      s[i+window … i+window+horizon-1]: the next `horizon` values
//   (None, horizon, 1)   the same, one per step (an encoder-decoder forecaster)
//   (None, window, 1)    s[i+horizon … i+horizon+window-1]: the window shifted by `horizon`, a
//                        forecast at every step (return_sequences=true)
// Every case uses values up to s[i+window+horizon-1], so a series of L values gives
// L - window - horizon + 1 samples.

import type { ValueType } from '../../compiler/tensor-type.ts';
import { formatShape } from '../../compiler/tensor-type.ts';
import { RnncError } from '../errors.ts';
import { float32, type NdArray } from './nd-array.ts';

export type WindowTarget =
  | { readonly kind: 'ahead'; readonly steps: 1 | 'horizon'; readonly perStep: boolean }
  | { readonly kind: 'shifted' };

/** Which labels the model's output asks for; (None, 1) when the output is not known. */
export function windowTarget(output: ValueType | undefined, window: number, horizon: number, file: string): WindowTarget {
  if (!output || output.kind === 'unknown') return { kind: 'ahead', steps: 1, perStep: false };
  const [, steps, features] = output.shape;
  if (output.shape.length === 2 && (steps === 1 || steps === horizon)) return { kind: 'ahead', steps: steps === 1 ? 1 : 'horizon', perStep: false };
  if (output.shape.length === 3 && features === 1) {
    if (steps === window || steps === null) return { kind: 'shifted' };
    if (steps === horizon) return { kind: 'ahead', steps: 'horizon', perStep: true };
  }
  throw new RnncError(
    'E0620',
    `the model outputs ${formatShape(output.shape)}, and windows of ${window} values with horizon ${horizon} give labels shaped (None, 1), (None, ${horizon}), (None, ${horizon}, 1) or (None, ${window}, 1)`,
    file,
    'end the model with Dense(1) for one value ahead, Dense(horizon) for several, or return_sequences=true and Dense(1) for a forecast at every step',
  );
}

export function slidingWindows(series: Float32Array, window: number, horizon: number, target: WindowTarget, file: string): { x: NdArray; y: NdArray } {
  const n = series.length - window - horizon + 1;
  if (n < 1) {
    throw new RnncError(
      'E0611',
      `${file} holds a series of ${series.length} values, too short for a window of ${window} and a horizon of ${horizon} (at least ${window + horizon} values)`,
      file,
      'use a smaller window or horizon, or a longer series',
    );
  }
  const x = new Float32Array(n * window);
  for (let i = 0; i < n; i++) x.set(series.subarray(i, i + window), i * window);
  const y = labels(series, n, window, horizon, target);
  return { x: float32([n, window, 1], x), y };
}

function labels(series: Float32Array, n: number, window: number, horizon: number, target: WindowTarget): NdArray {
  if (target.kind === 'shifted') {
    const y = new Float32Array(n * window);
    for (let i = 0; i < n; i++) y.set(series.subarray(i + horizon, i + horizon + window), i * window);
    return float32([n, window, 1], y);
  }
  if (target.steps === 1) return float32([n, 1], Float32Array.from({ length: n }, (_, i) => series[i + window - 1 + horizon]!));
  const y = new Float32Array(n * horizon);
  for (let i = 0; i < n; i++) y.set(series.subarray(i + window, i + window + horizon), i * horizon);
  return float32(target.perStep ? [n, horizon, 1] : [n, horizon], y);
}
