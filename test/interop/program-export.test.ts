// The emitted TypeScript program and ONNX. `rnnc build --onnx` writes a program that takes
// `--onnx FILE` and, after training, writes the trained model there with rnnc's own ONNX writer
// (copied into the program). This test holds that file to what `rnnc export` meets: it is the very
// file `rnnc export` writes from the program's own saved model (byte for byte), it passes ONNX's
// checker (Debian's python3-onnx, where installed), and onnxruntime-node's outputs on the example's
// data are within 1e-5 of `rnnc predict` on the saved model. The program passes tsc --strict. A
// program built without --onnx carries none of the writer and refuses the flag; a model the export
// cannot write is refused by the build (E0906), an unwritable --onnx path before the first epoch
// (E0705).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { projectFiles } from '../../src/emit/project.ts';
import { readNpy } from '../../src/runtime/data/npy-read.ts';
import { build, checked, EXAMPLES, outDir, removeOutDirs, rnnc, ROOT, run, runProgram, stageExample } from '../emit/support.ts';
import { hasOnnxChecker, onnxCheck } from './onnx-support.ts';

afterAll(removeOutDirs);

const npy = (path: string) => readNpy(new Uint8Array(readFileSync(path)), path);
const TSC_FLAGS = ['--noEmit', '--strict', '--noUncheckedIndexedAccess', '--verbatimModuleSyntax', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', '--types', 'node'];

/** What only the ONNX writer brings into a program. */
const ONNX_CODE = [/name: '--onnx'/, /from 'protobufjs\/light\.js'/, /\bfunction modelToOnnx\b/, /\bconst ONNX_PROTO\b/, /\bfunction writeOnnx\b/, /\bOUTPUT_TYPES\b/];

describe('an emitted program built with --onnx', () => {
  it('examples/gru.rnn: --onnx FILE after training is rnnc export’s file, checked, and runs in onnxruntime as rnnc predict', { timeout: 300_000 }, async () => {
    const dir = outDir('program-onnx');
    const gru = stageExample({ file: join(EXAMPLES, 'gru.rnn'), model: checked(join(EXAMPLES, 'gru.rnn')).model }, dir, 64);
    const program = join(dir, 'gru.ts');
    const built = await rnnc(['build', gru, '--onnx', '-o', program]);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(built.stdout).toContain('and protobufjs (for ONNX)');
    const text = readFileSync(program, 'utf8');
    for (const code of ONNX_CODE) expect(text).toMatch(code);
    expect(text).toMatch(/^\/\/ +npm install .* protobufjs@\^8[\d.]* tsx$/m);
    expect(text).toMatch(/ \[--onnx FILE\]$/m);

    const trained = join(dir, 'trained');
    const [ran, typeChecked] = await Promise.all([
      runProgram(program, ['--epochs', '1', '--seed', '3', '--out', 'trained', '--onnx', 'program.onnx']),
      run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), ...TSC_FLAGS, program], dir),
    ]);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^wrote program\.onnx: model gru, ONNX opset 14, \d+ bytes$/m);
    expect(typeChecked.stdout + typeChecked.stderr).toBe('');
    expect(typeChecked.code).toBe(0);

    const fromProgram = join(dir, 'program.onnx');
    const fromRnnc = join(dir, 'rnnc.onnx');
    const exported = await rnnc(['export', gru, '--model', trained, '--onnx', fromRnnc]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(Buffer.compare(readFileSync(fromProgram), readFileSync(fromRnnc))).toBe(0);
    if (hasOnnxChecker) expect(onnxCheck([fromProgram])).toBe('');

    const x = join(dirname(gru), 'data', 'series_x.npy');
    const predicted = join(dir, 'predicted.npy');
    expect((await rnnc(['predict', gru, '--model', trained, '--x', x, '-o', predicted])).code).toBe(0);
    const input = npy(x);
    const session = await ort.InferenceSession.create(fromProgram);
    const got = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', Float32Array.from(input.data), [...input.shape]) });
    const want = npy(predicted);
    const y = got[session.outputNames[0]!]!;
    expect(y.dims).toEqual(want.shape);
    let maxDiff = 0;
    (y.data as Float32Array).forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - want.data[i]!))));
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
    await session.release();

    // --project: the folder's package.json installs protobufjs beside TensorFlow.js.
    const pkg = JSON.parse(projectFiles('gru', text, 'gru.rnn').find((f) => f.name === 'package.json')!.text) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['protobufjs']).toMatch(/^\^8\./);
  });

  it('an --onnx path that cannot be written is E0705 before the first epoch', { timeout: 180_000 }, async () => {
    const dir = outDir('program-onnx-path');
    const rnn = stageExample({ file: join(EXAMPLES, 'gru.rnn'), model: checked(join(EXAMPLES, 'gru.rnn')).model }, dir, 16);
    const program = join(dir, 'gru.ts');
    const built = build(rnn, program, undefined, { onnx: true });
    expect(built.ok).toBe(true);
    const ran = await runProgram(program, ['--epochs', '1', '--onnx', 'no/such/folder/gru.onnx']);
    expect(ran.code).toBe(2); // E07, a command-line mistake, as for rnnc
    expect(ran.stderr).toMatch(/^error\[E0705\]: cannot write `no\/such\/folder\/gru\.onnx`: its folder does not exist/m);
    expect(ran.stdout).not.toMatch(/^Epoch /m);
  });
});

describe('rnnc build without --onnx, and what --onnx refuses', () => {
  it('a program built without --onnx carries none of the ONNX writer and refuses --onnx (E0703)', { timeout: 180_000 }, async () => {
    const dir = outDir('program-no-onnx');
    const rnn = stageExample({ file: join(EXAMPLES, 'gru.rnn'), model: checked(join(EXAMPLES, 'gru.rnn')).model }, dir, 16);
    const program = join(dir, 'gru.ts');
    const built = build(rnn, program);
    expect(built.ok).toBe(true);
    const text = readFileSync(program, 'utf8');
    for (const code of ONNX_CODE) expect(text).not.toMatch(code);
    expect(text).not.toMatch(/\bprogramExtras\b|name: '--onnx'/);
    const ran = await runProgram(program, ['--onnx', 'gru.onnx']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/^error\[E0703\]: unknown option `--onnx`/m);
  });

  it('a model the export cannot write is refused by the build, naming the layer (E0906); --target pytorch has no --onnx (E0703)', async () => {
    const dir = outDir('program-onnx-refused');
    const rnn = join(dir, 'gelu.rnn');
    writeFileSync(rnn, 'model gelu {\n  LSTM(4, activation=gelu, input=(3, 2))\n  Dense(1)\n}\n\ntrain {\n  loss = mse\n}\n');
    const program = join(dir, 'gelu.ts');
    const refused = await rnnc(['build', rnn, '--onnx', '-o', program]);
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(/error\[E0906\]: rnnc export cannot write LSTM `lstm` with activation=gelu to ONNX/);
    expect(existsSync(program)).toBe(false);
    // Without --onnx the same model builds.
    expect(build(rnn, program).ok).toBe(true);
    const pytorch = await rnnc(['build', rnn, '--target', 'pytorch', '--onnx', '-o', join(dir, 'gelu.py')]);
    expect(pytorch.code).toBe(2);
    expect(pytorch.stderr).toMatch(/^error\[E0703\]: --onnx is an option of the TypeScript program/m);
    expect(existsSync(join(dir, 'gelu.py'))).toBe(false);
  });
});
