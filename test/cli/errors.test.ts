// One error channel: a mistake in a data file, a saved model or the flags is a diagnostic like the
// checker's — a code, a location (a CSV cell's or JSON Lines record's line and column with a code
// frame of the line, a truncated .npy's byte), a hint — and with --format json (or --json) the same
// JSON as `rnnc check --format json`, on stderr. Exit codes are those of the text output, and
// nothing prints a stack trace.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/runtime/data/npy-write.ts';
import { float32 } from '../../src/runtime/data/nd-array.ts';
import { BROKEN, expectLocatedError } from './model-fixtures.ts';
import { expectNoCrash, rnnc, tempDirs, type Run } from './run.ts';

const SOURCE = 'model m {\n  LSTM(1, input=(5, 1))\n  Dense(1)\n}\ntrain { loss = mae, epochs = 1 }\n';
const X = writeNpy(float32([4, 5, 1], Float32Array.from({ length: 20 }, (_, i) => i / 100)));
const Y = writeNpy(float32([4, 1], new Float32Array(4).fill(0.5)));
const SERIES = ['value', ...Array.from({ length: 11 }, (_, i) => String(i / 10)), '1.1', 'n/a', '1.3'].join('\n') + '\n';
const RECORDS = '{"x": [[1], [2], [3], [4], [5]], "y": 1}\n{"x": [[1], [2], [3], [4], [5]], "y": 1,}\n';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());
let dir: string;

/** The one JSON diagnostic a failed run reports on stderr under --json. */
function onlyDiagnostic(run: Run, hinted = true): Record<string, unknown> {
  expectNoCrash(run);
  const report = JSON.parse(run.stderr) as Record<string, unknown>[];
  expect(report).toHaveLength(1);
  const d = report[0]!;
  expect(d).toMatchObject({ severity: 'error', related: [], fixes: [] });
  if (hinted) expect(d['hint'], 'a hint').toMatch(/\S/);
  return d;
}

const cases = {
  csv: ['train', 'm.rnn', '--data', 'series.csv', '--window', '5'],
  jsonl: ['train', 'm.rnn', '--data', 'records.jsonl'],
  npy: ['train', 'm.rnn', '--x', 'cut.npy', '--y', 'y.npy'],
  saved: ['predict', 'm.rnn', '--model', 'damaged', '--x', 'x.npy'],
  flag: ['train', 'm.rnn', '--epochs', 'many'],
  unknownFlag: ['evaluate', 'm.rnn', '--model', 'damaged', '--colour'],
  broken: ['train', 'broken.rnn'],
} as const;
type Case = keyof typeof cases;
const text = new Map<Case, Run>();
const json = new Map<Case, Run>();

beforeAll(async () => {
  dir = dirs.make({ 'm.rnn': SOURCE, 'broken.rnn': BROKEN, 'series.csv': SERIES, 'records.jsonl': RECORDS, 'x.npy': '', 'y.npy': '' });
  const { writeFileSync, mkdirSync } = await import('node:fs');
  const { join } = await import('node:path'); // eslint-disable-line @typescript-eslint/unbound-method -- path.join needs no this
  writeFileSync(join(dir, 'x.npy'), X);
  writeFileSync(join(dir, 'y.npy'), Y);
  writeFileSync(join(dir, 'cut.npy'), X.subarray(0, 150));
  mkdirSync(join(dir, 'damaged'));
  writeFileSync(join(dir, 'damaged', 'model.json'), '{\n  "format": "layers-model",\n  "modelTopology": {]\n}\n');
  // Two at a time: each run starts Node (and the training ones TensorFlow.js).
  const queue = (Object.keys(cases) as Case[]).flatMap((c) => [[c, false], [c, true]] as const);
  const next = async (): Promise<void> => {
    const item = queue.shift();
    if (!item) return;
    const [c, asJson] = item;
    const run = await rnnc(asJson ? [...cases[c], c === 'flag' ? '--json' : '--format=json'] : cases[c], { cwd: dir });
    (asJson ? json : text).set(c, run);
    return next();
  };
  await Promise.all([next(), next()]);
}, 240_000);

describe('a bad CSV cell', () => {
  it('is a code frame of its line, the cell underlined, and a hint', () => {
    const run = text.get('csv')!;
    expectLocatedError(run, 'E0609', 'series.csv:14:1');
    expect(run.stderr).toBe(
      [
        'error[E0609]: line 14 of series.csv has "n/a" where a number belongs',
        '  --> series.csv:14:1',
        '   |',
        '14 | n/a',
        '   | ^^^',
        '   = help: the cells rnnc reads must all be numbers: fill the gap, remove the row, or pick the numeric column with `column`',
        '',
      ].join('\n'),
    );
  });

  it('is, with --format json, the JSON of `rnnc check --format json`, and exits 1 as well', () => {
    const run = json.get('csv')!;
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(onlyDiagnostic(run)).toEqual({
      file: 'series.csv', line: 14, column: 1, endLine: 14, endColumn: 4,
      code: 'E0609', severity: 'error', message: 'line 14 of series.csv has "n/a" where a number belongs',
      hint: 'the cells rnnc reads must all be numbers: fill the gap, remove the row, or pick the numeric column with `column`',
      related: [], fixes: [],
    });
  });
});

describe('a bad JSON Lines record', () => {
  it('is a code frame of the record, pointing where a key should follow the comma', () => {
    const run = text.get('jsonl')!;
    expectLocatedError(run, 'E0606', 'records.jsonl:2:41');
    expect(run.stderr).toContain('2 | {"x": [[1], [2], [3], [4], [5]], "y": 1,}\n  |                                         ^\n');
  });

  it('is, with --format json, a diagnostic with its file, line and column', () => {
    const run = json.get('jsonl')!;
    expect(run.code).toBe(1);
    expect(onlyDiagnostic(run)).toMatchObject({ file: 'records.jsonl', line: 2, column: 41, endLine: 2, endColumn: 41, code: 'E0606' });
  });
});

describe('a truncated .npy', () => {
  it('names the byte where the file ends', () => {
    const run = text.get('npy')!;
    expectLocatedError(run, 'E0602', 'cut.npy at byte 150');
    expect(run.stderr).toMatch(/^error\[E0602\]: cut\.npy is cut short: .* \(80 bytes\), but only 22 bytes follow$/m);
  });

  it('is, with --format json, a diagnostic with the file and the offset, and no line', () => {
    const d = onlyDiagnostic(json.get('npy')!);
    expect(json.get('npy')!.code).toBe(1);
    expect(d).toMatchObject({ file: 'cut.npy', offset: 150, code: 'E0602' });
    expect(d).not.toHaveProperty('line');
  });
});

describe('a damaged saved model', () => {
  it("points at model.json's syntax error in a code frame", () => {
    const run = text.get('saved')!;
    expectLocatedError(run, 'E0802', 'damaged/model.json:3:21');
    expect(run.stderr).toContain('3 |   "modelTopology": {]\n  |                     ^\n');
  });

  it('is, with --format json, a diagnostic at that line and column', () => {
    const run = json.get('saved')!;
    expect(run.code).toBe(1);
    expect(onlyDiagnostic(run)).toMatchObject({ file: 'damaged/model.json', line: 3, column: 21, code: 'E0802' });
  });
});

describe('a bad flag', () => {
  it('is E0703 at the command line, exit 2', () => {
    const run = text.get('flag')!;
    expectLocatedError(run, 'E0703', 'rnnc train m.rnn --epochs many', 2);
    expect(run.stderr).toContain('expected a whole number of at least 0, got `many`');
  });

  it('is, with --json, a diagnostic whose context is the command line; exit 2 as well', () => {
    const run = json.get('flag')!;
    expect(run.code).toBe(2);
    const d = onlyDiagnostic(run);
    expect(d).toMatchObject({ code: 'E0703', context: 'rnnc train m.rnn --epochs many --json' });
    expect(d).not.toHaveProperty('file');
  });

  it('an unknown flag is reported in JSON too, though commander never parsed --format', () => {
    expectLocatedError(text.get('unknownFlag')!, 'E0703', 'rnnc evaluate', 2);
    const run = json.get('unknownFlag')!;
    expect(run.code).toBe(2);
    expect(onlyDiagnostic(run)).toMatchObject({ code: 'E0703', message: "unknown option '--colour'" });
  });
});

describe("the .rnn file's own diagnostics", () => {
  it('go into the same JSON report when a run command checks the file', () => {
    const run = json.get('broken')!;
    expect(run.code).toBe(1);
    const d = onlyDiagnostic(run, false);
    expect(d).toMatchObject({ file: 'broken.rnn', line: 2, code: 'E0205' });
    expect(text.get('broken')!.stderr).toMatch(/^error\[E0205\]/m);
  });
});
