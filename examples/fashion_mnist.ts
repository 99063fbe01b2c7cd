// examples/fashion_mnist.rnn on the real Fashion-MNIST of Debian's dataset-fashion-mnist package
// (apt-get install dataset-fashion-mnist): trains on the 60,000 training images with the train
// block's settings, then scores the 10,000 test images the model never saw.
// The pixels are bytes 0–255, scaled by 1/255 as Keras's tutorials do: an LSTM fed raw bytes
// saturates its gates and learns far more slowly.
//
//   npx tsx examples/fashion_mnist.ts [--epochs N] [--limit N] [--plot curve.svg]

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, type RnnModel } from '../src/runtime/api.ts';
import { loadData } from '../src/runtime/data/load.ts';
import type { NdArray } from '../src/runtime/data/nd-array.ts';
import { drawCurves, epochLines, firstRows, scriptFlags } from './script.ts';

export const FASHION_MNIST = '/usr/share/datasets/fashion-mnist';
export const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
export const SOURCE = fileURLToPath(new URL('fashion_mnist.rnn', import.meta.url));

/** The training or test part, pixels scaled to [0, 1], checked against the model. */
export function fashionMnist(model: RnnModel, part: 'train' | 't10k'): { x: NdArray; y: NdArray } {
  const file = (kind: string) => `${FASHION_MNIST}/${part}-${kind}-idx${kind === 'images' ? 3 : 1}-ubyte.gz`;
  const d = loadData({ x: file('images'), y: file('labels'), scale: 1 / 255 }, model.model, '.', 'required');
  return { x: d.x[0]!, y: d.y! };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flags = scriptFlags();
  const model = await compile(readFileSync(SOURCE, 'utf8'), { path: SOURCE });
  const train = fashionMnist(model, 'train');
  const test = fashionMnist(model, 't10k');
  const started = performance.now();
  const history = await model.fit(
    { x: [firstRows(train.x, flags.limit)], y: [firstRows(train.y, flags.limit)] },
    flags.epochs ? { epochs: flags.epochs } : {},
    { events: epochLines },
  );
  const seconds = (performance.now() - started) / 1000;
  const scores = model.evaluate({ x: [test.x], y: [test.y] }, 256);
  console.log(`trained ${history.epochs.length} epochs in ${seconds.toFixed(0)}s; on the 10,000 test images: loss ${scores['loss']!.toFixed(4)}, accuracy ${(100 * scores['accuracy']!).toFixed(2)}%`);
  await drawCurves(flags.plot, history, `fashion_mnist: test accuracy ${(100 * scores['accuracy']!).toFixed(1)}%`);
  model.dispose();
}
