// Data for examples/next_number.rnn: windows of five consecutive numbers i, i+1, …, i+4 and the
// number that follows, i+5, for i = 0…89, all divided by 100 so they lie where an LSTM's tanh
// output can reach (the lesson of the example: unscaled, the same model cannot learn it).
// The samples are shuffled once, with a fixed seed, so that validation_split — which takes the
// last 20% — validates on numbers spread over the range rather than only on the largest ones.
//
//   npx tsx examples/data/make-next-number.ts [--unscaled]   (writes next_number_{x,y}.npy here)

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNpy } from '../../src/runtime/data/npy-write.ts';
import { Rng } from '../../src/runtime/rng.ts';

const COUNT = 90;
const STEPS = 5;

export function nextNumberData(scale: number): { x: Float32Array; y: Float32Array } {
  const order = new Rng(2024).permutation(COUNT);
  const x = new Float32Array(COUNT * STEPS);
  const y = new Float32Array(COUNT);
  order.forEach((i, row) => {
    for (let t = 0; t < STEPS; t++) x[row * STEPS + t] = (i + t) * scale;
    y[row] = (i + STEPS) * scale;
  });
  return { x, y };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const unscaled = process.argv.includes('--unscaled');
  const { x, y } = nextNumberData(unscaled ? 1 : 1 / 100);
  const dir = dirname(fileURLToPath(import.meta.url));
  const suffix = unscaled ? '_unscaled' : '';
  writeFileSync(join(dir, `next_number${suffix}_x.npy`), writeNpy({ dtype: 'float32', shape: [COUNT, STEPS, 1], data: x }));
  writeFileSync(join(dir, `next_number${suffix}_y.npy`), writeNpy({ dtype: 'float32', shape: [COUNT, 1], data: y }));
}
