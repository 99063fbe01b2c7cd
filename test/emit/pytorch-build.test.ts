// `rnnc build --target pytorch` without running Python: every layer of the registry is either
// emitted or refused with E0903 naming it (a layer added to the registry later is refused until
// the PyTorch target learns it), train settings it cannot reproduce are refused with E0904, and
// the command writes its program where it is told, never over a file it did not write. The
// programs themselves run in pytorch-parity.test.ts.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckedLayer } from '../../src/compiler/ir.ts';
import { LAYERS, withDefaults } from '../../src/compiler/layers/registry.ts';
import { EMITTED_LAYERS, planLayer } from '../../src/emit/pytorch/layers.ts';
import { EXAMPLES, outDir, removeOutDirs, rnnc, type Run } from './support.ts';

afterAll(removeOutDirs);

/** A layer of the registry with every default, as the checker would pass it on. */
function layerOf(type: string, config: Record<string, unknown> = {}): CheckedLayer {
  const def = LAYERS.get(type)!;
  const range = { start: 0, end: 0 };
  // The registry's types are known only at run time here: the same cast the checker makes.
  const layer = { type, name: type.toLowerCase(), config: withDefaults(def, config as never), inputTypes: [], outputTypes: [], weights: [], params: { trainable: 0, nonTrainable: 0 }, range };
  return layer as unknown as CheckedLayer;
}

describe('the registry and the PyTorch target', () => {
  const types = [...LAYERS.keys()].filter((t) => t !== 'Input');

  it('emits or refuses every layer of the registry', () => {
    for (const type of types) {
      // Wrappers need a layer inside; a Dense or an LSTM is what they most often wrap.
      const inner = type === 'Bidirectional' ? layerOf('LSTM') : type === 'TimeDistributed' ? layerOf('Dense') : null;
      const plan = planLayer(layerOf(type, inner ? { layer: { kind: 'layer', layer: inner } } : {}));
      if (EMITTED_LAYERS.includes(type)) expect('refused' in plan ? plan.message : 'emitted', type).toBe('emitted');
      else expect('refused' in plan && plan.message, type).toMatch(new RegExp(`cannot emit ${type}\\b`));
    }
  });

  it('emits only layers the registry has', () => {
    expect(EMITTED_LAYERS.filter((t) => !LAYERS.has(t))).toEqual([]);
  });

  it('refuses an argument it does not reproduce, naming it', () => {
    const plan = planLayer(layerOf('LSTM', { stateful: true }));
    expect('refused' in plan && plan.message).toMatch(/LSTM `lstm` with `stateful`/);
    const wrapped = planLayer(layerOf('TimeDistributed', { layer: { kind: 'layer', layer: layerOf('Conv1D') } }));
    expect('refused' in wrapped && wrapped.layer.type).toBe('Conv1D');
  });
});

describe('rnnc build --target pytorch', () => {
  let dir = '';
  const runs: Record<string, Run> = {};

  beforeAll(async () => {
    dir = outDir('pytorch-build');
    writeFileSync(join(dir, 'conv.rnn'), 'model conv {\n  Conv1D(4, 3, input=(10, 2))\n  LSTM(3)\n  Dense(1)\n}\ntrain { loss = mse }\n');
    writeFileSync(join(dir, 'early.rnn'), 'model early {\n  LSTM(3, input=(10, 2))\n}\ntrain {\n  loss = huber\n}\n');
    writeFileSync(join(dir, 'deep.rnn'), 'model deep {\n  Masking(input=(10, 2))\n  Normalization()\n  LSTM(3)\n  Dense(1)\n}\ntrain { loss = mse }\n');
    writeFileSync(join(dir, 'mine.py'), 'print("a script of the user\'s")\n');
    const next = join(EXAMPLES, 'next_number.rnn');
    const commands: Record<string, readonly string[]> = {
      written: ['build', next, '--target', 'pytorch', '-o', join(dir, 'next_number.py')],
      again: ['build', next, '--target', 'pytorch', '-o', join(dir, 'next_number.py')],
      stdout: ['build', next, '--target', 'pytorch', '-o', '-'],
      conv: ['build', join(dir, 'conv.rnn'), '--target', 'pytorch'],
      early: ['build', join(dir, 'early.rnn'), '--target', 'pytorch'],
      deep: ['build', join(dir, 'deep.rnn'), '--target', 'pytorch'],
      project: ['build', next, '--target', 'pytorch', '--project', join(dir, 'p')],
      foreign: ['build', next, '--target', 'pytorch', '-o', join(dir, 'mine.py')],
      unknown: ['build', next, '--target', 'jax'],
    };
    for (const [name, args] of Object.entries(commands)) runs[name] = await rnnc(args);
  }, 120_000);

  it('writes the program, the same bytes every time', () => {
    expect(runs['written']!.code, runs['written']!.stderr).toBe(0);
    expect(runs['written']!.stdout).toMatch(/^wrote .*next_number\.py: run it with `python3 /);
    expect(runs['again']!.code).toBe(0);
    const text = readFileSync(join(dir, 'next_number.py'), 'utf8');
    expect(text).toMatch(/^# next_number\.py: a PyTorch program that trains the model `next_number` of next_number\.rnn/);
    expect(runs['stdout']!.stdout.replace(/RNN_DIR = .*/, '')).toBe(text.replace(/RNN_DIR = .*/, ''));
    // Only torch, numpy and the standard library.
    const imports = [...text.matchAll(/^(?:import|from) (\S+)/gm)].map((m) => m[1]!.split('.')[0]);
    expect([...new Set(imports)].sort()).toEqual(['argparse', 'csv', 'gzip', 'hashlib', 'json', 'math', 'numpy', 'os', 're', 'shutil', 'sys', 'time', 'torch']);
  });

  it('refuses a layer it cannot emit, with the layer named and its range (E0903)', () => {
    const r = runs['conv']!;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error\[E0903\]: the PyTorch target cannot emit Conv1D \(`conv1d`\) yet\n --> .*conv\.rnn:2:3/m);
    expect(r.stderr).toMatch(/help: the layers it emits are Dense, /);
  });

  it('refuses a Normalization it could not adapt: one not on a model input, as rnnc train does (E0518)', () => {
    expect(runs['deep']!.code).toBe(1);
    expect(runs['deep']!.stderr).toMatch(/^error\[E0903\]: Normalization layer `normalization` needs its mean and variance, and they can be computed only for a Normalization on a model input, or an inverting one that gives a model output\n --> .*deep\.rnn:3:3/m);
  });

  it('refuses a train setting it cannot reproduce (E0904)', () => {
    expect(runs['early']!.code).toBe(1);
    expect(runs['early']!.stderr).toMatch(/^error\[E0904\]: the PyTorch target cannot emit the loss huber yet/m);
  });

  it('writes one file: --project is for the TypeScript program (E0703)', () => {
    expect(runs['project']!.code).toBe(2);
    expect(runs['project']!.stderr).toMatch(/^error\[E0703\]: --project writes a TypeScript folder/m);
  });

  it('never replaces a file it did not write (E0902)', () => {
    expect(runs['foreign']!.code).toBe(1);
    expect(runs['foreign']!.stderr).toMatch(/E0902/);
    expect(readFileSync(join(dir, 'mine.py'), 'utf8')).toBe('print("a script of the user\'s")\n');
  });

  it('knows its targets', () => {
    expect(runs['unknown']!.code).toBe(2);
    expect(runs['unknown']!.stderr).toMatch(/typescript, pytorch/);
  });
});
