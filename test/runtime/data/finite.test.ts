// Issue 19: NaN and infinities in data passed silently (predict wrote NaN predictions, evaluate
// printed `loss: Infinity`, both exiting 0) or, in training, stopped it with E0515, whose hint
// blames the learning rate. Now every format refuses them when loading, as E0625, naming the
// file, x or y, and the first bad index, with a hint that fits the cause.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstNonFinite } from '../../../src/runtime/data/finite.ts';
import { loadData, type LabelNeed } from '../../../src/runtime/data/load.ts';
import { float32, int32 } from '../../../src/runtime/data/nd-array.ts';
import { writeNpy } from '../../../src/runtime/data/npy-write.ts';
import { rnncError } from './helpers.ts';
import { nextNumber } from './models.ts';

const dir = mkdtempSync(join(tmpdir(), 'rnnc-finite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (name: string, content: string | Uint8Array) => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};

/** (2, 5, 1) float32 for nextNumber, with `bad` at flat offset 7 ([1, 2, 0]). */
function xWith(bad: number): Uint8Array {
  const data = Float32Array.from({ length: 10 }, (_, i) => i / 10);
  data[7] = bad;
  return writeNpy(float32([2, 5, 1], data));
}
const yOk = () => writeNpy(float32([2, 1], Float32Array.of(0.5, 0.6)));

describe('E0625: NaN or infinity in the data', () => {
  it.each<[LabelNeed, string]>([
    ['required', 'train'],
    ['auto', 'evaluate'],
    ['ignored', 'predict'],
  ])('a NaN in x (%s, as %s reads it): the file, x and the index, and the missing-value hint', (labels) => {
    const x = put('nan_x.npy', xWith(NaN));
    const e = rnncError(() => loadData({ x, y: put('y.npy', yOk()) }, nextNumber(), '.', labels), 'E0625', x);
    expect(e.message).toBe(`${x} holds nan at [1, 2, 0] (in x)`);
    expect(e.hint).toMatch(/missing value/);
    expect(e.hint).not.toMatch(/learning rate/);
  });

  it('an infinite label, for training and evaluation, not for prediction (which drops y)', () => {
    const x = put('x.npy', xWith(0.7));
    const y = put('inf_y.npy', writeNpy(float32([2, 1], Float32Array.of(0.5, -Infinity))));
    for (const labels of ['required', 'auto'] as const) {
      const e = rnncError(() => loadData({ x, y }, nextNumber(), '.', labels), 'E0625', y);
      expect(e.message).toBe(`${y} holds -inf at [1, 0] (in the labels, y)`);
      expect(e.hint).toMatch(/division by zero/);
    }
    expect(loadData({ x, y }, nextNumber(), '.', 'ignored').y).toBeUndefined();
  });

  it('a float64 value too large for float32: the hint says so', () => {
    const bytes = writeNpy(float32([2, 5, 1], new Float32Array(10)));
    // The same file as float64, with 1e300 at [0, 3, 0].
    const header = new TextDecoder('latin1').decode(bytes.subarray(10, 10 + new DataView(bytes.buffer).getUint16(8, true))).replace("'<f4'", "'<f8'");
    const head = new Uint8Array(10 + header.length);
    head.set(bytes.subarray(0, 8));
    new DataView(head.buffer).setUint16(8, header.length, true);
    for (let i = 0; i < header.length; i++) head[10 + i] = header.charCodeAt(i);
    const values = new Float64Array(10);
    values[3] = 1e300;
    const file = put('big.npy', new Uint8Array([...head, ...new Uint8Array(values.buffer)]));
    const e = rnncError(() => loadData({ x: file }, nextNumber(), '.', 'ignored'), 'E0625', file);
    expect(e.message).toContain('inf at [0, 3, 0]');
    expect(e.hint).toMatch(/float64 value beyond/);
  });

  it('CSV cells reading nan or inf, at their index', () => {
    const x = put('x.csv', '0,0,0,0,0\n0,0,nan,0,0\n');
    expect(rnncError(() => loadData({ x }, nextNumber(), '.', 'ignored'), 'E0625', x).message).toBe(`${x} holds nan at [1, 2] (in x)`);
    const series = put('series.csv', 'v\n1\n2\n3\n4\n5\n6\ninf\n');
    expect(rnncError(() => loadData({ x: series, window: 5, column: 'v' }, nextNumber(), '.', 'required'), 'E0625', series).message).toBe(`${series} holds inf at [1, 0] (in the labels, y)`);
  });

  it('a scale that makes finite values infinite names the scale', () => {
    const x = put('scaled.npy', writeNpy(float32([2, 5, 1], new Float32Array(10).fill(1e30))));
    const e = rnncError(() => loadData({ x, scale: 1e10 }, nextNumber(), '.', 'ignored'), 'E0625', x);
    expect(e.message).toContain('scale = 10000000000');
    expect(e.hint).toMatch(/smaller scale/);
  });

  it('a JSON Lines number beyond float32, at its line and column', () => {
    const data = put('big.jsonl', '{"x": [[1], [2], [3], [4], [5]], "y": 1}\n{"x": [[1], [2], [3], [4], [1e39]], "y": 1}\n');
    rnncError(() => loadData({ data }, nextNumber(), '.', 'required'), 'E0625', `${data}:2:29`);
    const label = put('biglabel.jsonl', '{"x": [[1], [2], [3], [4], [5]], "y": 1e999}\n');
    rnncError(() => loadData({ data: label }, nextNumber(), '.', 'required'), 'E0625', `${label}:1:39`);
  });

  it('int32 data has no NaN to look for', () => {
    expect(firstNonFinite(int32([2], Int32Array.of(1, 2)).data)).toBe(-1);
    expect(firstNonFinite(Float32Array.of(0, -0, 3.4e38, Number.MIN_VALUE))).toBe(-1);
    expect(firstNonFinite(Float32Array.of(1, Infinity, NaN))).toBe(1);
  });
});
