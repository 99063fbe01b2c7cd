// examples/encoder_decoder.rnn scored as Keras's addition example scores it: a sum counts as
// right only when all 4 characters of the answer are (sequence accuracy), on the validation part
// the model did not train on (the last 10% of examples/data/addition_{x,y}.npy).
//
//   npx tsx examples/encoder_decoder.ts [--epochs N] [--plot curve.svg]   trains, then scores
//   npx tsx examples/encoder_decoder.ts --model DIR                       scores `rnnc train --out DIR`

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { datasetFor } from '../src/console/data-flags.ts';
import { compile, type RnnModel } from '../src/runtime/api.ts';
import type { HostArray } from '../src/runtime/train/batches.ts';
import { splitValidation, type Dataset } from '../src/runtime/train/fit.ts';
import { ANSWER, decode, QUESTION } from './data/make-addition.ts';
import { drawCurves, epochLines } from './script.ts';

export const SOURCE = fileURLToPath(new URL('encoder_decoder.rnn', import.meta.url));

export async function additionModel(seed?: number): Promise<{ model: RnnModel; data: Dataset }> {
  const model = await compile(readFileSync(SOURCE, 'utf8'), { path: SOURCE, ...(seed === undefined ? {} : { seed }) });
  return { model, data: datasetFor(model.model, SOURCE, {}, 'required') };
}

/** The question a one-hot row spells, read forwards again ("123+45 "). */
function question(x: HostArray, row: number): string {
  return [...decode(x.data, row, QUESTION)].reverse().join('');
}

/** The share of samples whose whole answer is right, and a few of them, right or wrong. */
export function sequenceAccuracy(model: RnnModel, data: Dataset): { accuracy: number; samples: string[] } {
  const [x] = data.x;
  const [y] = data.y;
  const [p] = model.predict(x!, 256);
  const n = x!.shape[0]!;
  let right = 0;
  const samples: string[] = [];
  for (let i = 0; i < n; i++) {
    const want = decode(y!.data, i, ANSWER);
    const got = decode(p!.data, i, ANSWER);
    if (got === want) right++;
    if (i < 8) samples.push(`${question(x!, i).trim().padStart(QUESTION)} = ${got.trim().padEnd(ANSWER)} ${got === want ? 'right' : `wrong (${want.trim()})`}`);
  }
  return { accuracy: right / n, samples };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { epochs: { type: 'string' }, plot: { type: 'string' }, model: { type: 'string' } } });
  const { model, data } = await additionModel();
  const { validation } = splitValidation(data, model.settings().validationSplit);
  if (values.model) {
    await model.load(values.model);
  } else {
    const started = performance.now();
    const history = await model.fit(data, values.epochs ? { epochs: Number(values.epochs) } : {}, { events: epochLines });
    console.log(`trained ${history.epochs.length} epochs in ${((performance.now() - started) / 1000).toFixed(0)}s`);
    await drawCurves(values.plot, history, 'encoder_decoder: adding numbers of up to 3 digits');
  }
  const { accuracy, samples } = sequenceAccuracy(model, validation!);
  for (const s of samples) console.log(`  ${s}`);
  console.log(`sequence accuracy on the ${validation!.x[0]!.shape[0]} validation sums: ${(100 * accuracy).toFixed(1)}%`);
  model.dispose();
}
