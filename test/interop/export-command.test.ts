// `rnnc export FILE --model DIR --onnx OUT` through the real binary: a model trained and saved by
// rnnc train, exported, run by onnxruntime-node on the data `rnnc predict` read, within 1e-5 of
// predict's output; and bad input — a layer the export refuses, a damaged weights file, weights of
// another shape — ends in a diagnostic naming the file and the layer, with nothing written.

import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { float32 } from '../../src/runtime/data/nd-array.ts';
import { readNpy } from '../../src/runtime/data/npy-read.ts';
import { writeNpy } from '../../src/runtime/data/npy-write.ts';
import { EXAMPLES, rnnc } from '../cli/run.ts';
import { hasOnnxChecker, onnxCheck } from './onnx-support.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rnnc-export-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A copy of the file's bytes, as the runtime's reader is given them (src/runtime/data/load.ts).
const npy = (path: string) => readNpy(new Uint8Array(readFileSync(path)), path);

/** Random data for a model of `steps` × `features` in and one value out, as .npy files. */
function data(name: string, steps: number, features: number): string[] {
  const n = 8;
  const x = join(dir, `${name}_x.npy`);
  const y = join(dir, `${name}_y.npy`);
  writeFileSync(x, writeNpy(float32([n, steps, features], Float32Array.from({ length: n * steps * features }, (_, i) => Math.sin(i)))));
  writeFileSync(y, writeNpy(float32([n, 1], Float32Array.from({ length: n }, (_, i) => Math.cos(i)))));
  return ['--x', x, '--y', y];
}

describe('rnnc export --onnx', () => {
  it('writes a graph that predicts what rnnc predict does (examples/gru.rnn, trained one epoch)', async () => {
    const gru = join(EXAMPLES, 'gru.rnn');
    const trained = join(dir, 'gru');
    const x = join(EXAMPLES, 'data', 'series_x.npy');
    expect((await rnnc(['train', gru, '--epochs', '1', '--out', trained])).code).toBe(0);
    const predicted = join(dir, 'gru-predictions.npy');
    expect((await rnnc(['predict', gru, '--model', trained, '--x', x, '-o', predicted])).code).toBe(0);
    const out = join(dir, 'gru.onnx');
    const run = await rnnc(['export', gru, '--model', trained, '--onnx', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^wrote .*gru\.onnx: model gru, ONNX opset 14/);

    const input = npy(x);
    const session = await ort.InferenceSession.create(out);
    expect(session.inputNames).toEqual(['input']);
    const got = await session.run({ input: new ort.Tensor('float32', Float32Array.from(input.data), [...input.shape]) });
    const expected = npy(predicted);
    const y = got[session.outputNames[0]!]!;
    expect(y.dims).toEqual(expected.shape);
    let maxDiff = 0;
    (y.data as Float32Array).forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - expected.data[i]!))));
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
    await session.release();
    if (hasOnnxChecker) expect(onnxCheck([out])).toBe('');
  });

  it('refuses a layer it cannot write exactly, naming the file and the layer, and writes nothing', async () => {
    const file = join(dir, 'conv.rnn');
    writeFileSync(file, 'model conv {\n  Bidirectional(GRU(3, return_sequences=true), backward_layer=GRU(3, return_sequences=true, go_backwards=true), input=(10, 2))\n  LSTM(3, activation=gelu)\n  Dense(1)\n}\ntrain { loss = mse }\n');
    const trained = join(dir, 'conv');
    expect((await rnnc(['train', file, '--epochs', '0', '--out', trained, ...data('conv', 10, 2)])).code).toBe(0);
    const out = join(dir, 'conv.onnx');
    const run = await rnnc(['export', file, '--model', trained, '--onnx', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error[E0906]: rnnc export cannot write Bidirectional `bidirectional` with `backward_layer` to ONNX');
    expect(run.stderr).toContain('error[E0906]: rnnc export cannot write LSTM `lstm` with activation=gelu to ONNX');
    expect(run.stderr).toContain(`${file}:2:3`);
    expect(existsSync(out)).toBe(false);
  });

  it('reports a damaged weights file (E0803) and weights of another shape (E0805), and writes nothing', async () => {
    const file = join(dir, 'small.rnn');
    writeFileSync(file, 'model small {\n  LSTM(3, input=(None, 2))\n  Dense(1)\n}\ntrain { loss = mse }\n');
    const trained = join(dir, 'small');
    expect((await rnnc(['train', file, '--epochs', '0', '--out', trained, ...data('small', 4, 2)])).code).toBe(0);
    const out = join(dir, 'small.onnx');

    writeFileSync(file, 'model small {\n  LSTM(4, input=(None, 2))\n  Dense(1)\n}\ntrain { loss = mse }\n');
    const other = await rnnc(['export', file, '--model', trained, '--onnx', out]);
    expect(other.code).not.toBe(0);
    expect(other.stderr).toMatch(/error\[E080[456]\]/);
    expect(other.stderr).toContain('lstm');
    expect(other.stderr).toContain(join(trained, 'model.json'));
    expect(existsSync(out)).toBe(false);

    writeFileSync(file, 'model small {\n  LSTM(3, input=(None, 2))\n  Dense(1)\n}\ntrain { loss = mse }\n');
    truncateSync(join(trained, 'weights.bin'), 10);
    const damaged = await rnnc(['export', file, '--model', trained, '--onnx', out]);
    expect(damaged.code).not.toBe(0);
    expect(damaged.stderr).toContain('error[E0803]');
    expect(damaged.stderr).toContain(join(trained, 'weights.bin'));
    expect(existsSync(out)).toBe(false);
  });
});
