// loadData: the format by the file name, each format end to end against a model, the options
// that choose a series, and the mistakes in what was asked for.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatOf, loadData } from '../../../src/runtime/data/load.ts';
import { float32, int32 } from '../../../src/runtime/data/nd-array.ts';
import { writeNpy } from '../../../src/runtime/data/npy-write.ts';
import { forecast, mnist, nextNumber, sentiment, translate } from './models.ts';
import { rnncError, values } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'rnnc-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (name: string, content: string | Uint8Array) => {
  writeFileSync(join(dir, name), content);
  return name;
};
const at = (name: string) => join(dir, name);

// Files several tests read; each test that needs something else writes its own.
beforeAll(() => {
  put('x.npy', writeNpy(float32([2, 5], Float32Array.from({ length: 10 }, (_, i) => i))));
  put('y.npy', writeNpy(float32([2], Float32Array.of(5, 10))));
  put('reviews.jsonl', '{"x": [5, 6, 7], "y": 1}\n{"x": [8], "y": 0}\n');
  const series = Array.from({ length: 30 }, (_, i) => `2024-01-${i},${i}`).join('\n');
  put('series.csv', `day,value\n${series}\n`);
});

/** An IDX file of unsigned bytes. */
function idxBytes(shape: number[], data: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + data.length);
  out.set([0, 0, 0x08, shape.length]);
  shape.forEach((d, i) => new DataView(out.buffer).setUint32(4 + 4 * i, d));
  out.set(data, 4 + 4 * shape.length);
  return out;
}

describe('formatOf', () => {
  it.each([
    ['x.npy', 'npy'],
    ['d.JSONL', 'jsonl'],
    ['d.ndjson', 'jsonl'],
    ['series.csv', 'csv'],
    ['train-images-idx3-ubyte', 'idx'],
    ['train-images-idx3-ubyte.gz', 'idx'],
    ['t10k-labels.idx1-ubyte', 'idx'],
    ['x.idx', 'idx'],
    ['x.idx.gz', 'idx'],
    ['x.txt', 'txt'],
    ['book.txt.gz', 'txt'],
    ['x.dat', undefined],
    ['x.gz', undefined],
  ])('%s → %s', (name, format) => expect(formatOf(name)).toBe(format));
});

describe('loadData: each format end to end', () => {
  it('.npy x and y, fitted to the input and output', () => {
    const d = loadData({ x: 'x.npy', y: 'y.npy' }, nextNumber(), dir);
    expect(d.x[0]!.shape).toEqual([2, 5, 1]);
    expect(d.y!.shape).toEqual([2, 1]);
    expect(d.files).toEqual({ x: [at('x.npy')], y: at('y.npy') });
  });

  it('one .npy per input of a model with several', () => {
    put('src.npy', writeNpy(int32([2, 3], new Int32Array(6))));
    put('tgt.npy', writeNpy(int32([2, 4], new Int32Array(8))));
    put('out.npy', writeNpy(int32([2, 4], new Int32Array(8))));
    const d = loadData({ x: ['src.npy', 'tgt.npy'], y: 'out.npy' }, translate(), dir);
    expect(d.x.map((a) => a.shape)).toEqual([[2, 3], [2, 4]]);
    expect(d.y!.dtype).toBe('int32');
  });

  it('JSON Lines: ragged ids padded, the mask and lengths returned, labels fitted', () => {
    const d = loadData({ data: 'reviews.jsonl' }, sentiment(), dir);
    expect(d.x[0]!.dtype).toBe('int32');
    expect(values(d.x[0]!.data)).toEqual([5, 6, 7, 8, 0, 0]);
    expect(values(d.mask!.data)).toEqual([1, 1, 1, 1, 0, 0]);
    expect(values(d.lengths!)).toEqual([3, 1]);
    expect(d.y!.shape).toEqual([2, 1]);
    expect(loadData({ x: 'reviews.jsonl' }, sentiment(), dir).x[0]!.shape).toEqual([2, 3]);
  });

  it('a CSV series cut into windows, labelled for the output', () => {
    const oneAhead = loadData({ data: 'series.csv', column: 'value', window: 5, horizon: 2 }, nextNumber(), dir);
    expect(oneAhead.x[0]!.shape).toEqual([24, 5, 1]);
    expect(values(oneAhead.y!.data).slice(0, 2)).toEqual([6, 7]);
    const everyStep = loadData({ data: 'series.csv', column: 1, window: 20 }, forecast(), dir);
    expect(everyStep.y!.shape).toEqual([10, 20, 1]);
    expect(values(everyStep.y!.data).slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('a CSV matrix of series for x and a CSV column for y', () => {
    put('rows.csv', '1,2,3,4,5\n6,7,8,9,10\n');
    put('targets.csv', 'target\n6\n11\n');
    const d = loadData({ x: 'rows.csv', y: 'targets.csv' }, nextNumber(), dir);
    expect(d.x[0]!.shape).toEqual([2, 5, 1]);
    expect(values(d.y!.data)).toEqual([6, 11]);
  });

  it('gzipped IDX images scaled to [0, 1] and IDX labels', () => {
    mkdirSync(join(dir, 'mnist'), { recursive: true });
    put('mnist/images-idx3-ubyte.gz', gzipSync(idxBytes([2, 28, 28], Array.from({ length: 2 * 784 }, (_, i) => i % 256))));
    put('mnist/labels-idx1-ubyte', idxBytes([2], [7, 3]));
    const d = loadData({ x: 'mnist/images-idx3-ubyte.gz', y: 'mnist/labels-idx1-ubyte', scale: 1 / 255 }, mnist(), dir);
    expect(d.x[0]!.dtype).toBe('float32');
    expect(d.x[0]!.data[255]).toBeCloseTo(1, 6);
    expect(values(d.y!.data)).toEqual([7, 3]);
  });
});

describe('loadData: labels', () => {
  it('drops them for prediction without reading the file', () => {
    const d = loadData({ x: 'x.npy', y: 'no-such-file.npy' }, nextNumber(), dir, 'ignored');
    expect(d.y).toBeUndefined();
    expect(d.files.y).toBeUndefined();
  });

  it('requires them for training', () => {
    rnncError(() => loadData({ x: 'x.npy' }, nextNumber(), dir, 'required'), 'E0623', at('x.npy'));
    put('unlabelled.jsonl', '{"x": [1]}\n');
    rnncError(() => loadData({ data: 'unlabelled.jsonl' }, sentiment(), dir, 'required'), 'E0607', `${at('unlabelled.jsonl')}:1:1`);
  });
});

describe('loadData: mistakes in what was asked', () => {
  it('a missing file, shown with the folder it was looked for in', () => {
    const e = rnncError(() => loadData({ x: 'missing.npy' }, nextNumber(), dir), 'E0601', at('missing.npy'));
    expect(e.message).toContain('no such file');
  });

  it('a name that says no format', () => {
    rnncError(() => loadData({ x: 'x.dat' }, nextNumber(), dir), 'E0613', at('x.dat'));
  });

  it('no data at all', () => {
    rnncError(() => loadData({}, nextNumber(), dir), 'E0623');
  });

  it.each([
    [{ x: 'x.npy', window: 5 }, 'window'],
    [{ x: 'x.npy', column: 'a' }, 'column'],
    [{ data: 'reviews.jsonl', y: 'y.npy' }, 'y file'],
    [{ data: 'series.csv', column: 'value', window: 5, y: 'y.npy' }, 'y file'],
    [{ data: 'series.csv', window: 0 }, 'at least 1'],
    [{ data: 'series.csv', window: 2.5 }, 'at least 1'],
    [{ data: 'series.csv', horizon: 2 }, 'needs a `window`'],
    [{ x: 'x.npy', scale: Infinity }, 'scale'],
    [{ x: 'reviews.jsonl', y: 'y.npy' }, 'y file'],
    [{ data: 'reviews.jsonl', x: 'x.npy' }, 'both'],
  ])('%j → E0624', (request, words) => {
    expect(rnncError(() => loadData(request, nextNumber(), dir), 'E0624').message).toContain(words);
  });

  it('a JSON Lines file given as y', () => {
    rnncError(() => loadData({ x: 'x.npy', y: 'reviews.jsonl' }, nextNumber(), dir), 'E0624', at('reviews.jsonl'));
  });
});
