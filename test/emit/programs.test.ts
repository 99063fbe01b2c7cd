// What an emitted program is, for every example with a train block and the hostile model: it
// passes `tsc --strict` (with noUncheckedIndexedAccess and verbatimModuleSyntax too), imports only
// @tensorflow/tfjs-core, @tensorflow/tfjs-backend-wasm and node: built-ins, carries one function
// per layer kind its model uses and no code for kinds, losses, optimizers, metrics or callbacks
// it does not use (generation included, for a model without a decode block), cites the .rnn line
// of each layer and setting, and is built byte for byte the same every time.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ts } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, checked, COVERAGE, EXAMPLES, hostileSource, outDir, removeOutDirs, ROOT, run } from './support.ts';

afterAll(removeOutDirs);

interface Built {
  readonly name: string;
  readonly file: string;
  readonly text: string;
}

const programs: Built[] = [];
let dir = '';

beforeAll(() => {
  dir = outDir('programs');
  const hostile = join(dir, 'hostile.rnn');
  writeFileSync(hostile, hostileSource());
  const checkpoint = join(dir, 'checkpoint.rnn');
  writeFileSync(checkpoint, COVERAGE.ids.source.replace('callbacks = [', 'callbacks = [ModelCheckpoint(filepath="ck/e{epoch:02d}", save_best_only=true), '));
  const coverage = (Object.keys(COVERAGE) as (keyof typeof COVERAGE)[]).map((name) => {
    writeFileSync(join(dir, `${name}.rnn`), COVERAGE[name].source);
    return join(dir, `${name}.rnn`);
  });
  const sources = [...readdirSync(EXAMPLES).filter((f) => f.endsWith('.rnn')).sort().map((f) => join(EXAMPLES, f)), hostile, checkpoint, ...coverage];
  for (const rnn of sources) {
    const { model } = checked(rnn);
    if (!model.train) continue;
    const name = rnn.replace(/^.*\//, '').replace(/\.rnn$/, '');
    const file = join(dir, `${name}.ts`);
    const built = build(rnn, file);
    if (!built.ok) throw new Error(`${name}: ${JSON.stringify(built.diagnostics)}`);
    programs.push({ name, file, text: built.text });
  }
}, 120_000);

/** The module specifiers a program imports from. */
function importsOf(text: string): string[] {
  const file = ts.createSourceFile('p.ts', text, ts.ScriptTarget.ES2022);
  return file.statements.filter(ts.isImportDeclaration).map((s) => (s.moduleSpecifier as ts.StringLiteral).text);
}

describe('emitted programs', () => {
  it('are built for every example with a train block', () => {
    expect(programs.map((p) => p.name)).toEqual(expect.arrayContaining(['next_number', 'sentiment', 'translate', 'hostile', 'checkpoint', 'kitchen', 'ids', 'merges']));
  });

  it('pass tsc --strict', { timeout: 180_000 }, async () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const flags = ['--noEmit', '--strict', '--noUncheckedIndexedAccess', '--verbatimModuleSyntax', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', '--types', 'node'];
    const result = await run(process.execPath, [tsc, ...flags, ...programs.map((p) => p.file)], dir);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('import only TensorFlow.js core, its wasm backend and Node built-ins (and fflate where the block names an .npz, or generation reads sources)', () => {
    for (const p of programs) {
      const modules = importsOf(p.text);
      expect(modules, p.name).toContain('@tensorflow/tfjs-core');
      // translate.rnn's data are .npz archives, whose reader unzips with fflate, and translate_text's
      // `generate` may read --source ids from an .npz; no other program carries it.
      expect(modules.includes('fflate'), p.name).toBe(['translate', 'translate_text'].includes(p.name));
      for (const m of modules) expect(m, p.name).toMatch(/^(@tensorflow\/tfjs-core|@tensorflow\/tfjs-backend-wasm|fflate|node:[a-z0-9/_]+)$/);
      expect(p.text, p.name).not.toMatch(/\brequire\(['"](?!@tensorflow\/tfjs-backend-wasm\/package\.json)/);
    }
  });

  it('carry one function per layer kind used, and no kernel, loss or optimizer the model does not use', () => {
    const next = programs.find((p) => p.name === 'next_number')!.text;
    expect(next).toMatch(/^function LSTM\(a: ForwardArgs\): ForwardResult \{$/m);
    expect(next).toMatch(/^function LSTMBackward\(a: BackwardArgs\): BackwardResult \{$/m);
    for (const absent of [/^const DENSE\b/m, /^function gruCell\b/m, /^function simpleRnnCell\b/m, /^const EMBEDDING\b/m, /^function earlyStopping\b/m, /^class Auc\b/m, /\bsparse_categorical_crossentropy: \(/, /\brmsprop: \(/, /^function orthogonalParts\b/m]) {
      expect(next).not.toMatch(absent);
    }
    // Weights are variables named after their Keras paths, drawn in createWeights.
    for (const w of ['lstm_kernel', 'lstm_recurrent_kernel', 'lstm_bias']) expect(next).toMatch(new RegExp(`^  const ${w} = createWeight\\('lstm', `, 'm'));
    // The training loop is written out for the train block: no generic fit(), no callbacks' plumbing.
    expect(next).toMatch(/^async function train\(/m);
    expect(next).toMatch(/^ {4}for \(let epoch = 0; epoch < settings\.epochs; epoch\+\+\) \{$/m);
    expect(next).not.toMatch(/^(async )?function fit\(/m);
    expect(next).not.toMatch(/\brunControl\(/);
    // The fused plans' table must name every plan: the ones not used stand in as left out.
    expect(next).toMatch(/gruSteps: \(\) => leftOut\('gruSteps'\)/);
    // One recurrent path, the one its LSTM(1) takes on wasm (choose.ts): the whole-sequence kernel
    // with the JavaScript cells (odd units: no SIMD). No plain-op path, no per-step LSTM kernels,
    // no SIMD LSTM, no cpu backend memory.
    expect(next).toMatch(/^function lstmSequence\(/m);
    expect(next).toMatch(/^function lstmForwardCells\(/m);
    for (const absent of [/^const OPS_PATH\b/m, /^class GateProjection\b/m, /^function lstmCell\b/m, /^const lstmForwardStep\b/m, /^const lstmStepsPlan\b/m, /^function lstmFunctions\b/m, /^function simdForwardCells\b/m, /^function cpuMemory\b/m]) {
      expect(next).not.toMatch(absent);
    }

    const sentiment = programs.find((p) => p.name === 'sentiment')!.text;
    for (const kind of ['Embedding', 'Bidirectional', 'LSTM', 'Dense']) expect(sentiment).toMatch(new RegExp(`^function ${kind}\\(a: ForwardArgs\\)`, 'm'));
    expect(sentiment).toMatch(/^function earlyStopping\b/m);
    expect(sentiment).toMatch(/^class KerasOptimizer\b/m);
    expect(sentiment).not.toMatch(/^function reduceLROnPlateau\b/m);
    // Its LSTM(32) runs the SIMD cells; nothing of the plain-op path.
    expect(sentiment).toMatch(/^function simdForwardCells\b/m);
    expect(sentiment).toMatch(/^function lstmFunctions\b/m);
    expect(sentiment).not.toMatch(/^const OPS_PATH\b/m);
    // ids trains a SimpleRNN(3) with recurrent_dropout: the plain-op path while training, fused
    // otherwise, as a whole-sequence kernel with the JavaScript cells (odd units: no SIMD).
    const ids = programs.find((p) => p.name === 'ids')!.text;
    for (const present of [/^const OPS_PATH\b/m, /^function simpleRnnCell\b/m, /^const simpleRnnSequencePlan\b/m, /^function simpleRnnForward\b/m]) expect(ids).toMatch(present);
    expect(ids).not.toMatch(/^function simpleRnnFunctions\b/m);
    // gru trains GRU(64) and GRU(32) with Keras's defaults: the whole-sequence kernels with the
    // SIMD cells; the per-step plan stands in as left out.
    const gru = programs.find((p) => p.name === 'gru')!.text;
    for (const present of [/^const gruSequencePlan\b/m, /^function gruFunctions\b/m, /^const SIMD_CELLS\b/m]) expect(gru).toMatch(present);
    expect(gru).toMatch(/gruSteps: \(\) => leftOut\('gruSteps'\)/);
    expect(ids).not.toMatch(/^function lstmCell\b/m);
  });

  it('generate only where the model has a decode block (char_lm, tom_sawyer, translate, translate_text): the others carry none of it', () => {
    const decoding = ['char_lm', 'tom_sawyer', 'translate', 'translate_text'];
    for (const p of programs) {
      for (const sign of [/^const DECODE: DecodePlan = \{$/m, /^async function trainOrGenerate\(/m, /^class StepDecoder\b/m, /^async function runGeneration\(/m, /^function beamSearch\(/m]) {
        expect(sign.test(p.text), `${p.name}: ${sign.source}`).toBe(decoding.includes(p.name));
      }
    }
    // A language model reads no --source: no source readers, so no .npz reader (and no fflate).
    expect(programs.find((p) => p.name === 'char_lm')!.text).toMatch(/^const SOURCE_READERS: .* = \{\n\};$/m);
    expect(programs.find((p) => p.name === 'translate')!.text).toMatch(/^ {2}npz: \(bytes, path, name\) => namedSource\(/m);
  });

  it('cite the .rnn line of each layer and of each train setting', () => {
    const next = programs.find((p) => p.name === 'next_number')!.text;
    const rnn = readFileSync(join(EXAMPLES, 'next_number.rnn'), 'utf8').split('\n');
    const lstmLine = rnn.findIndex((l) => l.includes('LSTM(1')) + 1;
    const epochsLine = rnn.findIndex((l) => /^\s*epochs\s*=/.test(l)) + 1;
    expect(next).toContain(`/** \`LSTM(1, input=(5, 1))\`, next_number.rnn:${lstmLine} */`);
    expect(next).toContain(`// epochs = 500  (next_number.rnn:${epochsLine})`);
  });

  it('are built the same, byte for byte, every time', () => {
    const again = outDir('again'); // a sibling of the first folder: the same path to the examples
    for (const name of ['next_number', 'translate', 'hostile']) {
      const p = programs.find((q) => q.name === name)!;
      let rnn = join(EXAMPLES, `${name}.rnn`);
      if (name === 'hostile') writeFileSync((rnn = join(again, 'hostile.rnn')), hostileSource());
      build(rnn, join(again, `${name}.ts`));
      expect(readFileSync(join(again, `${name}.ts`), 'utf8') === p.text, name).toBe(true);
    }
  });
});
