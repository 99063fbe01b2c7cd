// CSV tables and series, and sliding windows checked against labels worked out by hand on the
// series 10, 11, …, 19 (so s[i] = 10 + i).

import { describe, expect, it } from 'vitest';
import { readCsvMatrix, readCsvSeries } from '../../../src/runtime/data/csv.ts';
import { slidingWindows, windowTarget } from '../../../src/runtime/data/windows.ts';
import { tensor, UNKNOWN } from '../../../src/compiler/tensor-type.ts';
import { rnncError, values } from './helpers.ts';

const WEATHER = 'date,temp,rain\n2024-01-01,5.5,0\n2024-01-02,"6",1.5\n2024-01-03,-1e1,nan\n';

describe('readCsvMatrix', () => {
  it('reads rows of numbers without a header', () => {
    const a = readCsvMatrix('1,2,3\n4,5,6\n', 'm.csv');
    expect(a.shape).toEqual([2, 3]);
    expect(values(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('drops a header row and reads one column by name or by position as [rows, 1]', () => {
    expect(values(readCsvMatrix(WEATHER, 'w.csv', { column: 'temp' }).data)).toEqual([5.5, 6, -10]);
    const byIndex = readCsvMatrix(WEATHER, 'w.csv', { column: 1 });
    expect(byIndex.shape).toEqual([3, 1]);
    expect(values(byIndex.data)).toEqual([5.5, 6, -10]);
    expect(values(readCsvMatrix(WEATHER, 'w.csv', { column: '2' }).data)).toEqual([0, 1.5, NaN]);
  });

  it('reads what savetxt and to_csv write: exponents, signs, nan, inf, CRLF, quotes, a trailing blank line', () => {
    const a = readCsvMatrix('\uFEFF+1.5e-3,inf\r\n-.5,-inf\r\n"7","1""0"\r\n\r\n', 'n.csv', { column: 0 });
    expect(values(a.data)).toEqual([0.0015, -0.5, 7].map((v) => Math.fround(v)));
  });

  it.each([
    ['1,2\n3,x\n', 'm.csv:2:3', '"x"'],
    ['1,2\n3,\n', 'm.csv:2:3', 'empty cell'],
    ['1,2\n0x10,2\n', 'm.csv:2:1', '"0x10"'],
    ['1,"2\n', 'm.csv:1:3', 'quoted'],
    // Issue 19: a word of Object.prototype was looked up as a special value (and read as NaN).
    ['1,2\n3,constructor\n', 'm.csv:2:3', '"constructor"'],
    ['1,2\n3,toString\n', 'm.csv:2:3', '"toString"'],
  ])('refuses %j as E0609 at %s', (text, where, words) => {
    expect(rnncError(() => readCsvMatrix(text, 'm.csv'), 'E0609', where).message).toContain(words);
  });

  it('locates a bad cell by its line and columns, with the line for a code frame', () => {
    const e = rnncError(() => readCsvMatrix('a,b\n1,2\n3,x y\n', 'm.csv'), 'E0609', 'm.csv:3:3');
    expect(e.location).toEqual({ file: 'm.csv', line: 3, column: 3, endColumn: 6, text: '3,x y' });
    // A quoted cell's span includes its quotes; a CRLF line's text leaves out the \r.
    const q = rnncError(() => readCsvMatrix('1,2\r\n3,"1""0"\r\n', 'q.csv'), 'E0609', 'q.csv:2:3');
    expect(q.location).toEqual({ file: 'q.csv', line: 2, column: 3, endColumn: 9, text: '3,"1""0"' });
  });

  it('keeps commas and doubled quotes inside a quoted cell', () => {
    expect(rnncError(() => readCsvMatrix('1,2\n"1,5",2\n', 'q.csv'), 'E0609', 'q.csv:2:1').message).toContain('"1,5"');
    expect(rnncError(() => readCsvMatrix('1,2\n3,"1""0"\n', 'q.csv'), 'E0609', 'q.csv:2:3').message).toContain('1"0');
  });

  it('checks only the column it reads', () => {
    expect(values(readCsvMatrix('a,b\n1,x\n2,y\n', 'm.csv', { column: 'a' }).data)).toEqual([1, 2]);
    rnncError(() => readCsvMatrix('a,b\n1,x\n2,y\n', 'm.csv', { column: 'b' }), 'E0609', 'm.csv:2:3');
  });

  it('refuses a row with another number of cells', () => {
    expect(rnncError(() => readCsvMatrix('1,2,3\n4,5\n', 'm.csv'), 'E0608', 'm.csv:2:3').message).toContain('2 cells');
  });

  it.each([
    ['temp2', 'w.csv:1:1', '"temp"'],
    [3, 'w.csv:1:1', 'column 3'],
    ['9', 'w.csv:1:1', 'column 9'],
  ])('refuses the column %j, listing the header', (column, where, words) => {
    expect(rnncError(() => readCsvMatrix(WEATHER, 'w.csv', { column }), 'E0610', where).message).toContain(words);
  });

  it.each(['', '\n\n', 'a,b\n'])('refuses %j as holding no samples', (text) => {
    rnncError(() => readCsvMatrix(text, 'm.csv'), 'E0614', 'm.csv');
  });
});

describe('readCsvSeries', () => {
  it('reads the only column without being told which', () => {
    expect(values(readCsvSeries('value\n1\n2\n3\n', 's.csv'))).toEqual([1, 2, 3]);
  });

  it('needs a column when there are several', () => {
    rnncError(() => readCsvSeries(WEATHER, 'w.csv'), 'E0624', 'w.csv');
  });
});

describe('slidingWindows on s = 10 … 19', () => {
  const s = Float32Array.from({ length: 10 }, (_, i) => 10 + i);
  const windows = (window: number, horizon: number, output: (number | null)[] | null) => {
    const target = windowTarget(output ? tensor([null, ...output]) : UNKNOWN, window, horizon, 's.csv');
    const { x, y } = slidingWindows(s, window, horizon, target, 's.csv');
    return { x, y, yRows: rows(values(y.data), y.shape[0]!) };
  };
  const rows = (flat: number[], n: number) => Array.from({ length: n }, (_, i) => flat.slice((i * flat.length) / n, ((i + 1) * flat.length) / n));

  it('window 3, horizon 1, output (None, 1): the next value', () => {
    const { x, y, yRows } = windows(3, 1, [1]);
    expect(x.shape).toEqual([7, 3, 1]);
    expect(rows(values(x.data), 7)).toEqual([[10, 11, 12], [11, 12, 13], [12, 13, 14], [13, 14, 15], [14, 15, 16], [15, 16, 17], [16, 17, 18]]);
    expect(y.shape).toEqual([7, 1]);
    expect(yRows).toEqual([[13], [14], [15], [16], [17], [18], [19]]);
  });

  it('window 3, horizon 2, output (None, 1): the value 2 steps after the window', () => {
    const { x, yRows } = windows(3, 2, [1]);
    expect(x.shape).toEqual([6, 3, 1]);
    expect(yRows).toEqual([[14], [15], [16], [17], [18], [19]]);
  });

  it('window 3, horizon 2, output (None, 2): the next two values', () => {
    const { y, yRows } = windows(3, 2, [2]);
    expect(y.shape).toEqual([6, 2]);
    expect(yRows).toEqual([[13, 14], [14, 15], [15, 16], [16, 17], [17, 18], [18, 19]]);
  });

  it('window 3, horizon 2, output (None, 2, 1): the next two values, one per step', () => {
    const { y, yRows } = windows(3, 2, [2, 1]);
    expect(y.shape).toEqual([6, 2, 1]);
    expect(yRows[0]).toEqual([13, 14]);
  });

  it('window 3, horizon 2, output (None, 3, 1): the window shifted by two', () => {
    const { y, yRows } = windows(3, 2, [3, 1]);
    expect(y.shape).toEqual([6, 3, 1]);
    expect(yRows).toEqual([[12, 13, 14], [13, 14, 15], [14, 15, 16], [15, 16, 17], [16, 17, 18], [17, 18, 19]]);
  });

  it('takes a sequence output of unknown length as the shifted window', () => {
    expect(windows(4, 1, [null, 1]).yRows[0]).toEqual([11, 12, 13, 14]);
  });

  it('takes an unknown output as one value ahead', () => {
    expect(windows(9, 1, null).yRows).toEqual([[19]]);
  });

  it('refuses an output the windows cannot label', () => {
    rnncError(() => windows(3, 2, [5]), 'E0620', 's.csv');
    rnncError(() => windows(3, 2, [3, 2]), 'E0620', 's.csv');
  });

  it('refuses a series too short for one window', () => {
    expect(windows(8, 2, [1]).x.shape).toEqual([1, 8, 1]);
    expect(rnncError(() => windows(8, 3, [1]), 'E0611', 's.csv').message).toContain('11 values');
  });
});
