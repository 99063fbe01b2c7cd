// JSON Lines: fixed and ragged samples, padding and masks, several inputs, and each mistake
// with its code at line:column (columns counted by hand in the strings below, 1-based).

import { describe, expect, it } from 'vitest';
import { readJsonl, type JsonlOptions } from '../../../src/runtime/data/jsonl.ts';
import { tensor, type Dim } from '../../../src/compiler/tensor-type.ts';
import { rnncError, values } from './helpers.ts';

const floatSeq = (...shape: Dim[]) => ({ name: 'input', type: tensor([null, ...shape]) });
const ids = { name: 'input', type: tensor([null, null], 'int32') };
const train = (input = floatSeq(null, 1)): JsonlOptions => ({ inputs: [input], labels: true });
const lines = (...ls: string[]) => ls.join('\n');

describe('readJsonl: samples of one length', () => {
  it('stacks sequences of steps and scalar labels', () => {
    const d = readJsonl(lines('{"x": [[1], [2]], "y": 0}', '{"x": [[3], [4]], "y": 1}', '{"x": [[5], [6]], "y": 0.5}'), 'd.jsonl', train());
    expect(d.x[0]!.array.shape).toEqual([3, 2, 1]);
    expect(values(d.x[0]!.array.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(d.x[0]!.mask).toBeUndefined();
    expect(d.y!.array.shape).toEqual([3]);
    expect(values(d.y!.array.data)).toEqual([0, 1, 0.5]);
  });

  it('reads scalar x, one-hot y, blank lines, CRLF and a byte-order mark', () => {
    const d = readJsonl('\uFEFF{"x": 1.5, "y": [0, 1, 0]}\r\n\r\n  \n{"x": -2, "y": [1, 0, 0]}\r\n', 'd.jsonl', train(floatSeq()));
    expect(d.x[0]!.array.shape).toEqual([2]);
    expect(values(d.x[0]!.array.data)).toEqual([1.5, -2]);
    expect(d.y!.array.shape).toEqual([2, 3]);
    expect(values(d.y!.array.data)).toEqual([0, 1, 0, 1, 0, 0]);
  });

  it('ignores y when reading for prediction, and does not need it', () => {
    const d = readJsonl(lines('{"x": [[1]]}', '{"x": [[2]], "y": "anything"}'), 'd.jsonl', { inputs: [floatSeq(null, 1)], labels: false });
    expect(d.y).toBeUndefined();
    expect(d.x[0]!.array.shape).toEqual([2, 1, 1]);
  });

  it("reads y when the first sample has one, if told to decide ('auto')", () => {
    const opts = { inputs: [floatSeq(null, 1)], labels: 'auto' } as const;
    expect(readJsonl(lines('{"x": [[1]], "y": 2}', '{"x": [[2]], "y": 3}'), 'd.jsonl', opts).y!.array.shape).toEqual([2]);
    expect(readJsonl(lines('{"x": [[1]]}', '{"x": [[2]], "y": 3}'), 'd.jsonl', opts).y).toBeUndefined();
    rnncError(() => readJsonl(lines('{"x": [[1]], "y": 2}', '{"x": [[2]]}'), 'd.jsonl', opts), 'E0607', 'd.jsonl:2:1');
  });

  it('reads one array per input, by name, in the order of the inputs', () => {
    const inputs = [
      { name: 'src', type: tensor([null, null], 'int32') },
      { name: 'tgt', type: tensor([null, 2]) },
    ];
    const d = readJsonl(lines('{"x": {"tgt": [0.5, 1], "src": [4, 5]}, "y": 1}', '{"x": {"src": [6, 7], "tgt": [2, 3]}, "y": 0}'), 'd.jsonl', { inputs, labels: true });
    expect(d.x.map((f) => [f.array.dtype, f.array.shape])).toEqual([
      ['int32', [2, 2]],
      ['float32', [2, 2]],
    ]);
    expect(values(d.x[0]!.array.data)).toEqual([4, 5, 6, 7]);
    expect(values(d.x[1]!.array.data)).toEqual([0.5, 1, 2, 3]);
  });
});

describe('readJsonl: ragged sequences', () => {
  const ragged = lines('{"x": [1, 2, 3], "y": 1}', '{"x": [4], "y": 0}', '{"x": [5, 6], "y": 1}');

  it('pads ids to the longest with 0, returning int32, a mask and the lengths', () => {
    const [x] = readJsonl(ragged, 'd.jsonl', train(ids)).x;
    expect(x!.array.dtype).toBe('int32');
    expect(x!.array.shape).toEqual([3, 3]);
    expect(values(x!.array.data)).toEqual([1, 2, 3, 4, 0, 0, 5, 6, 0]);
    expect(x!.mask!.shape).toEqual([3, 3]);
    expect(values(x!.mask!.data)).toEqual([1, 1, 1, 1, 0, 0, 1, 1, 0]);
    expect(values(x!.lengths!)).toEqual([3, 1, 2]);
  });

  it('pads with padValue', () => {
    const [x] = readJsonl(ragged, 'd.jsonl', { ...train(ids), padValue: -1 }).x;
    expect(values(x!.array.data)).toEqual([1, 2, 3, 4, -1, -1, 5, 6, -1]);
  });

  it('pads whole steps of features, and empty sequences', () => {
    const [x] = readJsonl(lines('{"x": [[1, 2], [3, 4]], "y": 0}', '{"x": [], "y": 0}', '{"x": [[5, 6]], "y": 1}'), 'd.jsonl', train(floatSeq(null, 2))).x;
    expect(x!.array.shape).toEqual([3, 2, 2]);
    expect(values(x!.array.data)).toEqual([1, 2, 3, 4, 0, 0, 0, 0, 5, 6, 0, 0]);
    expect(values(x!.lengths!)).toEqual([2, 0, 1]);
  });

  it('pads ragged label sequences with their own mask', () => {
    const d = readJsonl(lines('{"x": [1, 2], "y": [7, 8]}', '{"x": [3], "y": [9]}'), 'd.jsonl', train(ids));
    expect(values(d.y!.array.data)).toEqual([7, 8, 9, 0]);
    expect(values(d.y!.mask!.data)).toEqual([1, 1, 1, 0]);
  });
});

describe('readJsonl: mistakes at line:column', () => {
  it.each([
    ['{"x": [1, 2,], "y": 0}', 'd.jsonl:1:13', 'trailing comma'],
    ["{'x': 1}", 'd.jsonl:1:2', 'double quotes'],
    ['{"x": [1, 2', 'd.jsonl:1:12', 'the line ends'],
    ['{"x": [1 2], "y": 0}', 'd.jsonl:1:10', 'expected `,` or `]`'],
    ['{"x": [1], "y": 0} {', 'd.jsonl:1:20', 'after the value'],
    ['{"x": "a\\qb", "y": 0}', 'd.jsonl:1:7', 'escape'],
  ])('invalid JSON %s → E0606 at %s', (line, where, words) => {
    expect(rnncError(() => readJsonl(line, 'd.jsonl', train()), 'E0606', where).message).toContain(words);
  });

  it('locates a bad record by line and column, with the line for a code frame', () => {
    const e = rnncError(() => readJsonl(lines('{"x": [[1]], "y": 0}', '{"x": [[1]], "y": 0,}'), 'd.jsonl', train()), 'E0606', 'd.jsonl:2:21');
    expect(e.location).toEqual({ file: 'd.jsonl', line: 2, column: 21, text: '{"x": [[1]], "y": 0,}' });
    const v = rnncError(() => readJsonl(lines('{"x": [[1]], "y": 0}', '{"x": [["a"]], "y": 0}'), 'd.jsonl', train()), 'E0609', 'd.jsonl:2:9');
    expect(v.location).toEqual({ file: 'd.jsonl', line: 2, column: 9, text: '{"x": [["a"]], "y": 0}' });
  });

  it('counts blank lines in the line number', () => {
    rnncError(() => readJsonl(lines('{"x": [[1]], "y": 0}', '', '{"x": [[1]], "y": 0,}'), 'd.jsonl', train()), 'E0606', 'd.jsonl:3:21');
  });

  it.each([
    ['[1, 2]', 'd.jsonl:1:1', 'not an object'],
    ['{"y": 1}', 'd.jsonl:1:1', 'no "x"'],
    ['{"x": [[1]]}', 'd.jsonl:1:1', 'no "y"'],
  ])('%s → E0607 at %s', (line, where, words) => {
    expect(rnncError(() => readJsonl(line, 'd.jsonl', train()), 'E0607', where).message).toContain(words);
  });

  it('names the missing input of a model with several inputs', () => {
    const inputs = [
      { name: 'src', type: tensor([null, null], 'int32') },
      { name: 'tgt', type: tensor([null, null], 'int32') },
    ];
    const e = rnncError(() => readJsonl('{"x": {"src": [1]}, "y": 0}', 'd.jsonl', { inputs, labels: true }), 'E0607', 'd.jsonl:1:7');
    expect(e.message).toContain('"tgt"');
  });

  it.each([
    ['{"x": [[1], ["a"], [3]], "y": 0}', 'd.jsonl:1:14', 'E0609'],
    ['{"x": [[1], [null]], "y": 0}', 'd.jsonl:1:14', 'E0609'],
    ['{"x": [[1, 2], [3]], "y": 0}', 'd.jsonl:1:16', 'E0608'],
    ['{"x": [[1], 2], "y": 0}', 'd.jsonl:1:13', 'E0608'],
    ['{"x": [1, [2]], "y": 0}', 'd.jsonl:1:11', 'E0608'],
    ['{"x": [[1]], "y": [1, true]}', 'd.jsonl:1:23', 'E0609'],
  ])('%s → %s %s', (line, where, code) => {
    rnncError(() => readJsonl(line, 'd.jsonl', train()), code, where);
  });

  it('points at the sample whose steps differ from the samples before it', () => {
    const e = rnncError(() => readJsonl(lines('{"x": [[1, 2]], "y": 0}', '{"y": 1, "x": [[1, 2, 3]]}'), 'd.jsonl', train(floatSeq(null, null))), 'E0608', 'd.jsonl:2:15');
    expect(e.message).toContain('3');
    expect(e.message).toContain('2');
  });

  it('points at the sample nested deeper than the others', () => {
    rnncError(() => readJsonl(lines('{"x": [1, 2], "y": 0}', '{"x": [[1]], "y": 0}'), 'd.jsonl', train(ids)), 'E0608', 'd.jsonl:2:7');
  });

  it('refuses a fractional id for an int32 input, at the value', () => {
    const e = rnncError(() => readJsonl('{"x": [4, 2.5], "y": 0}', 'd.jsonl', train(ids)), 'E0618', 'd.jsonl:1:11');
    expect(e.message).toContain('2.5');
  });

  it('refuses a sequence whose length differs from a fixed input length', () => {
    const e = rnncError(() => readJsonl(lines('{"x": [[1], [2], [3]], "y": 0}', '{"x": [[1], [2]], "y": 0}'), 'd.jsonl', train(floatSeq(3, 1))), 'E0617', 'd.jsonl:2:7');
    expect(e.message).toContain('(None, 3, 1)');
  });

  it.each(['', '\n  \n\r\n'])('refuses a file without samples (%j)', (text) => {
    rnncError(() => readJsonl(text, 'd.jsonl', train()), 'E0614', 'd.jsonl');
  });

  // Issue 19: a line nesting x 4,000 lists deep overflowed the call stack while locating it.
  it.each([4_000, 200_000])('points at a sample nested %i lists deep, as deep as it goes, without recursing', (depth) => {
    const deep = '['.repeat(depth) + '1' + ']'.repeat(depth);
    rnncError(() => readJsonl(lines('{"x": [[1]], "y": 0}', `{"x": ${deep}, "y": 0}`), 'd.jsonl', train()), 'E0608', 'd.jsonl:2:7');
    const broken = '['.repeat(depth) + '1' + ']'.repeat(depth - 1);
    rnncError(() => readJsonl(`{"x": ${broken}, "y": 0}`, 'd.jsonl', train()), 'E0606', `d.jsonl:1:${12 + 2 * depth}`);
    const ragged = '['.repeat(depth) + '1, [2]' + ']'.repeat(depth);
    rnncError(() => readJsonl(`{"x": ${ragged}, "y": 0}`, 'd.jsonl', train()), 'E0608', `d.jsonl:1:${6 + depth + 4}`);
  });

  it('shows a deeply nested object where a number belongs by its first key only', () => {
    const depth = 100_000;
    const deep = '{"a": '.repeat(depth) + '1' + '}'.repeat(depth);
    const e = rnncError(() => readJsonl(`{"x": [[${deep}]], "y": 0}`, 'd.jsonl', train()), 'E0609', 'd.jsonl:1:9');
    expect(e.message).toContain('{"a": …}');
  });
});
