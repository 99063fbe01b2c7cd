// The one-pass transpose (src/runtime/kernels/transpose.ts): SIMD 4×4 blocks on wasm with the
// edges in JavaScript, a blocked loop on cpu — exactly the transpose, for shapes whose sides are
// and are not multiples of 4.

import { describe, expect, it } from 'vitest';
import { transposed } from '../../../src/runtime/kernels/registry.ts';
import { initBackend, tf } from '../../../src/runtime/tf.ts';

const SHAPES: readonly (readonly [number, number])[] = [
  [1, 1],
  [3, 5],
  [4, 4],
  [8, 12],
  [73, 256],
  [3200, 73],
  [37, 66],
];

describe.each(['wasm', 'cpu'] as const)('transposed on %s', (backend) => {
  it.each(SHAPES)('[%i, %i]', async (rows, cols) => {
    await initBackend(backend);
    const values = Float32Array.from({ length: rows * cols }, (_, i) => i + 0.5);
    const x = tf.tensor2d(values, [rows, cols]);
    const t = transposed(x);
    expect(t.shape).toEqual([cols, rows]);
    const got = t.dataSync();
    let wrong = -1;
    for (let r = 0; r < rows && wrong < 0; r++) for (let c = 0; c < cols; c++) if (got[c * rows + r] !== values[r * cols + c]) wrong = c * rows + r;
    expect(wrong).toBe(-1);
    tf.dispose([x, t]);
  });
});
