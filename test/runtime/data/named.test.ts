// Several inputs and outputs by name: one file per name, or one NumPy .npz archive. Archives
// are checked against numpy itself (/usr/bin/python3) where it is installed: np.savez and
// np.savez_compressed files are read, and what rnnc writes np.load opens with the same values.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { loadData } from '../../../src/runtime/data/load.ts';
import { float32, int32 } from '../../../src/runtime/data/nd-array.ts';
import { writeNpy } from '../../../src/runtime/data/npy-write.ts';
import { readNpz, writeNpz } from '../../../src/runtime/data/npz.ts';
import { model, translate } from './models.ts';
import { rnncError, values } from './helpers.ts';
import { hasNumpy as numpy, python } from '../../support/numpy.ts';

const dir = mkdtempSync(join(tmpdir(), 'rnnc-named-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (name: string, content: Uint8Array) => {
  writeFileSync(join(dir, name), content);
  return name;
};
const at = (name: string) => join(dir, name);

const ids = (shape: number[], f: (i: number) => number) => int32(shape, Int32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)));
const SRC = ids([2, 3], (i) => i + 1);
const TGT = ids([2, 4], (i) => i % 30);
const OUT = ids([2, 4], (i) => (i * 7) % 30);

/** Two outputs named by their layers: `a` (None, 1) and `b` (None, 2), mse. */
const twoOutputs = () =>
  model(`model m {
  x = Input(shape=(3,), name="x")
  output Dense(1, name="a")(x), Dense(2, name="b")(x)
}
train { loss = mse }`);


describe('one file per input and output, by name', () => {
  it('puts named files in the order of the inputs, whatever the order written', () => {
    put('src.npy', writeNpy(SRC));
    put('tgt.npy', writeNpy(TGT));
    put('out.npy', writeNpy(OUT));
    const d = loadData({ x: { tgt: 'tgt.npy', src: 'src.npy' }, y: 'out.npy' }, translate(), dir);
    expect(d.x.map((a) => a.shape)).toEqual([[2, 3], [2, 4]]);
    expect(values(d.x[0]!.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(d.files.x).toEqual([at('src.npy'), at('tgt.npy')]);
  });

  it('names the input a record leaves out, and the one it invents, with the names the model has', () => {
    const missing = rnncError(() => loadData({ x: { src: 'src.npy' }, y: 'out.npy' }, translate(), dir), 'E0627');
    expect(missing.message).toBe("x gives no file for the model's input `tgt`");
    expect(missing.hint).toContain('x = { src = "src.npy", tgt = "tgt.npy" }');
    const extra = rnncError(() => loadData({ x: { src: 'src.npy', tgt: 'tgt.npy', tgx: 'tgt.npy' } }, translate(), dir), 'E0628');
    expect(extra.message).toBe('x names `tgx`, but the model has no input of that name');
    expect(extra.hint).toBe("the model's inputs are `src`, `tgt`");
  });

  it('reads one label file per output from a record keyed by the output layers’ names', () => {
    put('x3.npy', writeNpy(float32([2, 3], Float32Array.of(1, 2, 3, 4, 5, 6))));
    put('a.npy', writeNpy(float32([2], Float32Array.of(1, 2))));
    put('b.npy', writeNpy(float32([2, 2], Float32Array.of(1, 2, 3, 4))));
    const d = loadData({ x: 'x3.npy', y: { b: 'b.npy', a: 'a.npy' } }, twoOutputs(), dir, 'required');
    expect(d.ys!.map((a) => a.shape)).toEqual([[2, 1], [2, 2]]);
    expect(d.files.y).toEqual([at('a.npy'), at('b.npy')]);
  });

  it('says how to give a model of two outputs its labels when given one file', () => {
    const e = rnncError(() => loadData({ x: 'x3.npy', y: 'a.npy' }, twoOutputs(), dir, 'required'), 'E0620', at('a.npy'));
    expect(e.message).toBe('the model has 2 outputs (`a`, `b`), but 1 label array was given');
    expect(e.hint).toContain('y = { a = "a.npy", b = "b.npy" }');
  });

  it('counts the samples of every array, labels too', () => {
    put('b3.npy', writeNpy(float32([3, 2], new Float32Array(6))));
    const e = rnncError(() => loadData({ x: 'x3.npy', y: { a: 'a.npy', b: 'b3.npy' } }, twoOutputs(), dir, 'required'), 'E0615', at('b3.npy'));
    expect(e.message).toBe(`${at('x3.npy')} holds 2 samples, but ${at('b3.npy')} holds 3 samples`);
  });
});

describe('.npz archives', () => {
  it('reads the inputs and the labels by name, stored or deflated', () => {
    const entries = { 'src.npy': writeNpy(SRC), 'tgt.npy': writeNpy(TGT), 'dense.npy': writeNpy(OUT) };
    for (const [name, level] of [['stored.npz', 0], ['deflated.npz', 9]] as const) {
      put(name, zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, [v, { level }]]))));
      const d = loadData({ data: name }, translate(), dir, 'required');
      expect(values(d.x[1]!.data)).toEqual(values(TGT.data));
      expect(values(d.y!.data)).toEqual(values(OUT.data));
      expect(d.files).toEqual({ x: [`${at(name)}[src.npy]`, `${at(name)}[tgt.npy]`], y: [`${at(name)}[dense.npy]`] });
    }
    // As x, an archive is read the same way; predicting needs no labels in it.
    put('inputs.npz', writeNpz(new Map([['src', SRC], ['tgt', TGT]])));
    expect(loadData({ x: 'inputs.npz' }, translate(), dir, 'ignored').x).toHaveLength(2);
    rnncError(() => loadData({ x: 'inputs.npz' }, translate(), dir, 'required'), 'E0623', at('inputs.npz'));
  });

  it('takes x and y for a model of one input and one output', () => {
    put('xy.npz', writeNpz(new Map([['x', float32([2, 3], new Float32Array(6))], ['y', float32([2, 2], new Float32Array(4))]])));
    const one = model('model m { Dense(2, input=(3,)) }\ntrain { loss = mse }');
    const d = loadData({ data: 'xy.npz' }, one, dir, 'required');
    expect(d.y!.shape).toEqual([2, 2]);
  });

  it('names a missing array, an extra one, and what the model takes', () => {
    put('no-tgt.npz', writeNpz(new Map([['src', SRC], ['dense', OUT]])));
    const missing = rnncError(() => loadData({ data: 'no-tgt.npz' }, translate(), dir), 'E0627', at('no-tgt.npz'));
    expect(missing.message).toBe(`${at('no-tgt.npz')} holds no array for the model's input \`tgt\``);
    expect(missing.hint).toContain('numpy.savez("no-tgt.npz", src=…, tgt=…, dense=…)');
    put('extra.npz', writeNpz(new Map([['src', SRC], ['tgt', TGT], ['target', OUT]])));
    const extra = rnncError(() => loadData({ data: 'extra.npz' }, translate(), dir), 'E0628', at('extra.npz'));
    expect(extra.message).toBe(`${at('extra.npz')} holds the array \`target\`, which is no input or output of the model`);
    expect(extra.hint).toBe("the archive's arrays are named after the model's inputs (`src`, `tgt`) and outputs (`dense`)");
    put('half.npz', writeNpz(new Map([['x', float32([2, 3], new Float32Array(6))], ['a', float32([2, 1], new Float32Array(2))]])));
    rnncError(() => loadData({ data: 'half.npz' }, twoOutputs(), dir, 'required'), 'E0627', at('half.npz'));
  });

  it('checks each array against its input, naming the entry', () => {
    put('wide.npz', writeNpz(new Map([['src', SRC], ['tgt', ids([2, 4], () => 31)], ['dense', OUT]])));
    rnncError(() => loadData({ data: 'wide.npz' }, translate(), dir), 'E0619', `${at('wide.npz')}[tgt.npy]`);
    put('short.npz', writeNpz(new Map([['src', SRC], ['tgt', ids([3, 4], () => 1)]])));
    rnncError(() => loadData({ data: 'short.npz' }, translate(), dir), 'E0615', `${at('short.npz')}[tgt.npy]`);
  });

  it('refuses a file that is not a zip of .npy arrays', () => {
    put('text.npz', new TextEncoder().encode('src,tgt\n1,2\n'));
    expect(rnncError(() => loadData({ data: 'text.npz' }, translate(), dir), 'E0626', at('text.npz')).message).toMatch(/is not a readable \.npz archive/);
    put('csv-inside.npz', zipSync({ 'src.csv': new TextEncoder().encode('1,2') }));
    expect(rnncError(() => readNpz(readFileSync(at('csv-inside.npz')), 'csv-inside.npz'), 'E0626').message).toBe('csv-inside.npz holds the entry `src.csv`, which is not a .npy array');
    put('cut.npz', writeNpz(new Map([['src', SRC]])).subarray(0, 60));
    rnncError(() => loadData({ data: 'cut.npz' }, translate(), dir), 'E0626', at('cut.npz'));
  });

  it('refuses a separate y file or a window beside an archive', () => {
    put('pairs.npz', writeNpz(new Map([['src', SRC], ['tgt', TGT], ['dense', OUT]])));
    rnncError(() => loadData({ data: 'pairs.npz', y: 'out.npy' }, translate(), dir), 'E0624', at('pairs.npz'));
    rnncError(() => loadData({ x: ['pairs.npz', 'src.npy'] }, translate(), dir), 'E0624', at('pairs.npz'));
  });

  // Without numpy (/usr/bin/python3 -c 'import numpy' fails) there is no reference to check against.
  it.skipIf(!numpy)('reads what np.savez and np.savez_compressed write (numpy, with its zip64 records)', () => {
    python(`import numpy as np
src = np.arange(6, dtype=np.int64).reshape(2, 3) + 1
np.savez(${JSON.stringify(at('np.npz'))}, src=src, tgt=np.full((2, 4), 3, np.uint8), dense=np.ones((2, 4), np.float64))
np.savez_compressed(${JSON.stringify(at('npc.npz'))}, src=src, tgt=np.full((2, 4), 3, np.int32), dense=np.ones((2, 4), np.int16))`);
    for (const f of ['np.npz', 'npc.npz']) {
      const d = loadData({ data: f }, translate(), dir, 'required');
      expect(values(d.x[0]!.data)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(values(d.x[1]!.data)).toEqual(Array(8).fill(3));
      expect(values(d.y!.data)).toEqual(Array(8).fill(1));
    }
  });

  it.skipIf(!numpy)('writes what np.load opens, entry names, dtypes, shapes and values', () => {
    const a = float32([2, 3], Float32Array.of(0.5, -1, 3.25, 1e-7, 7, 8));
    put('w.npz', writeNpz(new Map([['time_distributed', a], ['ids', ids([3], (i) => i - 1)]])));
    const out = python(`import numpy as np, json
d = np.load(${JSON.stringify(at('w.npz'))})
print(json.dumps({k: [str(d[k].dtype), list(d[k].shape), d[k].ravel().tolist()] for k in d.files}))`);
    expect(JSON.parse(out)).toEqual({ time_distributed: ['float32', [2, 3], values(a.data)], ids: ['int32', [3], [-1, 0, 1]] });
  });
});
