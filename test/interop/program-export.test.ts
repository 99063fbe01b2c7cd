// The emitted TypeScript program and ONNX: the program saves what it trained with `--out DIR` in
// rnnc's saved format, and `rnnc export FILE --model DIR --onnx OUT` exports that directory — the
// program carries no ONNX writer of its own (see README.md, "ONNX"). This test holds that path to
// the checks `rnnc export` meets: the program's saved model exports, the file passes ONNX's checker
// (Debian's python3-onnx, where installed), and onnxruntime-node's outputs on the example's data are
// within 1e-5 of `rnnc predict` on the same directory.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { readNpy } from '../../src/runtime/data/npy-read.ts';
import { build, checked, EXAMPLES, outDir, removeOutDirs, rnnc, runProgram, stageExample } from '../emit/support.ts';
import { hasOnnxChecker, onnxCheck } from './onnx-support.ts';

afterAll(removeOutDirs);

const npy = (path: string) => readNpy(new Uint8Array(readFileSync(path)), path);

describe('an emitted program’s trained model, exported to ONNX', () => {
  it('examples/gru.rnn: program --out DIR, then rnnc export, checked and run by onnxruntime', { timeout: 300_000 }, async () => {
    const dir = outDir('program-onnx');
    // The example with the first 64 samples of its data (the train block's own files).
    const gru = stageExample({ file: join(EXAMPLES, 'gru.rnn'), model: checked(join(EXAMPLES, 'gru.rnn')).model }, dir, 64);
    const program = join(dir, 'gru.ts');
    const built = build(gru, program);
    expect(built.ok).toBe(true);
    const x = join(dirname(gru), 'data', 'series_x.npy');
    const trained = join(dir, 'trained');
    const ran = await runProgram(program, ['--epochs', '1', '--out', trained]);
    expect(ran.stderr).not.toMatch(/error/i);
    expect(ran.code).toBe(0);

    const out = join(dir, 'gru.onnx');
    const exported = await rnnc(['export', gru, '--model', trained, '--onnx', out]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    if (hasOnnxChecker) expect(onnxCheck([out])).toBe('');

    const predicted = join(dir, 'predicted.npy');
    expect((await rnnc(['predict', gru, '--model', trained, '--x', x, '-o', predicted])).code).toBe(0);
    const input = npy(x);
    const session = await ort.InferenceSession.create(out);
    const got = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', Float32Array.from(input.data), [...input.shape]) });
    const want = npy(predicted);
    const yOut = got[session.outputNames[0]!]!;
    expect(yOut.dims).toEqual(want.shape);
    let maxDiff = 0;
    (yOut.data as Float32Array).forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - want.data[i]!))));
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
    await session.release();
  });
});
