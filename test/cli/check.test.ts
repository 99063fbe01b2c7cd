// `rnnc check`: exit codes (0 clean, 1 errors, 2 bad usage or an unreadable file), the code
// frames, `--format json` and its positions, colour only on a terminal, and never a stack trace.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ANSI, BIN, EXAMPLES, expectNoCrash, expectUsageError, rnnc, rnncWithClosedStdout, tempDirs } from './run.ts';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

const STACKED = `model stacked {
  LSTM(64, input=(20, 8))
  LSTM(32)
}
`;

// Each mistake sits in its own model, so each is reported on its own; `culprit` is the text the
// diagnostic must point at: the narrowest piece of source that is wrong.
const FAULTY = `# several independent mistakes, one per model
model tagger {
  Lstm(32, input=(10, 4))
}

model units {
  LSTM(0, input=(10, 4), return_sequence=true)
  Dense(1, activation=sigmod)
}

model stacked {
  LSTM(64, input=(20, 8))
  LSTM(32)
}

model named {
  GRU(8, name="ünï🙂", input=(5, 2), dropout=1.5)
}
`;
const FAULTY_EXPECTED = [
  { code: 'E0201', line: 3, culprit: 'Lstm' },
  { code: 'E0205', line: 7, culprit: '0' },
  { code: 'E0202', line: 7, culprit: 'return_sequence' },
  { code: 'E0206', line: 8, culprit: 'sigmod' },
  { code: 'E0301', line: 13, culprit: 'LSTM(32)' },
  // after a character outside the BMP: columns count UTF-16 units, as the JSON promises
  { code: 'E0205', line: 17, culprit: '1.5' },
];

const WARNS_ONLY = `model probs {
  LSTM(4, input=(5, 1))
  Dense(2, activation=softmax)
}

train {
  loss = mse
}
`;

const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.rnn')).sort();

interface JsonItem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  severity: string;
  message: string;
  fixes: { title: string; edits: { line: number; column: number; endLine: number; endColumn: number; newText: string }[] }[];
}

/** The text between two 1-based (line, column) positions, columns in UTF-16 units. */
function textAt(source: string, d: { line: number; column: number; endLine: number; endColumn: number }): string {
  const lines = source.split(/\r\n|\r|\n/);
  if (d.line === d.endLine) return lines[d.line - 1]!.slice(d.column - 1, d.endColumn - 1);
  const parts = [lines[d.line - 1]!.slice(d.column - 1), ...lines.slice(d.line, d.endLine - 1), lines[d.endLine - 1]!.slice(0, d.endColumn - 1)];
  return parts.join('\n');
}

/** Offset of a 1-based (line, column) in `source` with `\n` line ends. */
function offsetOf(source: string, line: number, column: number): number {
  const lines = source.split('\n');
  return lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
}

/** Apply every edit of the first fix of each diagnostic, last edit first. */
function applyFixes(source: string, items: readonly JsonItem[]): string {
  const edits = items.flatMap((d) => d.fixes.slice(0, 1).flatMap((f) => f.edits));
  const located = edits.map((e) => ({ start: offsetOf(source, e.line, e.column), end: offsetOf(source, e.endLine, e.endColumn), text: e.newText }));
  located.sort((a, b) => b.start - a.start);
  return located.reduce((s, e) => s.slice(0, e.start) + e.text + s.slice(e.end), source);
}

describe('rnnc check: clean files', () => {
  it('exits 0 on every example, checked together, with one `ok` line each and nothing on stderr', async () => {
    const run = await rnnc(['check', ...examples.map((f) => `examples/${f}`)]);
    expect(examples.length).toBeGreaterThanOrEqual(10);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toEqual(examples.map((f) => `examples/${f}: ok`));
    expect(run.stderr).toBe('');
    expectNoCrash(run);
  });

  it('exits 0 on a file with warnings only, and still prints them', async () => {
    const dir = dirs.make({ 'probs.rnn': WARNS_ONLY });
    const run = await rnnc(['check', 'probs.rnn'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^warning\[W0508\]: /m);
    expect(run.stdout).toMatch(/^ --> probs\.rnn:7:10$/m);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('probs.rnn: 1 warning');
  });

  it('exits 0 on an empty file', async () => {
    const dir = dirs.make({ 'empty.rnn': '' });
    const run = await rnnc(['check', 'empty.rnn'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('empty.rnn: ok\n');
  });
});

describe('rnnc check: files with errors', () => {
  it('exits 1 and prints the frame: code, --> file:line:col, the source lines, the marks, help', async () => {
    const dir = dirs.make({ 'stacked.rnn': STACKED });
    const run = await rnnc(['check', 'stacked.rnn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'error[E0301]: LSTM needs a sequence (batch, time, features), but gets (None, 64)',
        ' --> stacked.rnn:3:3',
        '  |',
        '2 |   LSTM(64, input=(20, 8))',
        '  |   ----------------------- returns only its last step: (None, 64)',
        '3 |   LSTM(32)',
        '  |   ^^^^^^^^ expects (None, time, features)',
        '  = help: add return_sequences=true to the LSTM on line 2',
        '',
        'stacked.rnn: 1 error',
        '',
      ].join('\n'),
    );
    expectNoCrash(run);
  });

  it('reports every mistake of a file, each frame pointing where the JSON points', async () => {
    const dir = dirs.make({ 'faulty.rnn': FAULTY });
    const text = await rnnc(['check', 'faulty.rnn'], { cwd: dir });
    const json = await rnnc(['check', '--format', 'json', 'faulty.rnn'], { cwd: dir });
    expect(text.code).toBe(1);
    expect(json.code).toBe(1);
    const items = JSON.parse(json.stdout) as JsonItem[];
    const headers = [...text.stdout.matchAll(/^error\[(\w+)\]: .*\n\s*--> faulty\.rnn:(\d+):(\d+)$/gm)].map((m) => `${m[1]} ${m[2]}:${m[3]}`);
    expect(headers).toEqual(items.map((d) => `${d.code} ${d.line}:${d.column}`));
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe(`faulty.rnn: ${FAULTY_EXPECTED.length} errors`);
    expectNoCrash(text);
  });

  it('exits 1 on a syntax error, reported as a frame like any other', async () => {
    const dir = dirs.make({ 'open.rnn': 'model m {\n  LSTM(1, input=(5, 1)\n}\n' });
    const run = await rnnc(['check', 'open.rnn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^error\[E01\d\d\]: /m);
    expect(run.stdout).toMatch(/^ --> open\.rnn:2:\d+$/m);
    expectNoCrash(run);
  });

  it('checks several files at once: exit 1 if any has errors, an `ok` line for the clean ones', async () => {
    const dir = dirs.make({ 'a.rnn': 'model a {\n  Dense(1, input=(3,))\n}\n', 'stacked.rnn': STACKED, 'b.rnn': 'model b {\n  GRU(2, input=(4, 1))\n}\n' });
    const run = await rnnc(['check', 'a.rnn', 'stacked.rnn', 'b.rnn'], { cwd: dir });
    expect(run.code).toBe(1);
    const out = run.stdout;
    expect(out.startsWith('a.rnn: ok\n')).toBe(true);
    expect(out).toContain(' --> stacked.rnn:3:3\n');
    expect(out).toContain('stacked.rnn: 1 error\n');
    expect(out.endsWith('b.rnn: ok\n')).toBe(true);
  });

  it('never crashes on a file that is not .rnn at all (binary bytes, brackets 5,000 deep)', async () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const dir = dirs.make({ 'deep.rnn': '('.repeat(5000) + '\n' });
    writeFileSync(join(dir, 'binary.rnn'), binary);
    for (const file of ['binary.rnn', 'deep.rnn']) {
      const run = await rnnc(['check', file], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^error\[E01\d\d\]: /m);
      expectNoCrash(run);
    }
  });
});

describe('rnnc check: layer names', () => {
  // Layer names must be unique in a model (Keras raises "All layer names should be unique", and
  // saved weights are keyed by them): two `name="enc"` layers are E0411.
  it('reports two layers given the same name (E0411)', async () => {
    const dir = dirs.make({ 'twice.rnn': 'model m {\n  LSTM(4, name="enc", return_sequences=true, input=(3, 2))\n  LSTM(4, name="enc")\n}\n' });
    const run = await rnnc(['check', 'twice.rnn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('error[E0411]');
  });

  // Where Keras would also refuse — an automatic name colliding with one the user gave — rnnc
  // skips the taken name, as it does for every automatic name: the model builds, names unique.
  it('gives an automatic name that skips one the user took', async () => {
    const dir = dirs.make({ 'auto.rnn': 'model m {\n  Dense(2, name="dense", input=(3,))\n  Dense(1)\n}\n' });
    expect((await rnnc(['check', 'auto.rnn'], { cwd: dir })).code).toBe(0);
    const summary = await rnnc(['summary', 'auto.rnn'], { cwd: dir });
    expect(summary.stdout).toMatch(/dense \(Dense\)[\s\S]*dense_1 \(Dense\)/);
  });
});

describe('rnnc check: the optimizer', () => {
  // Keras 3's BaseOptimizer raises "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can
  // be set"; rnnc reports it before anything runs (E0517).
  it('reports two gradient-clipping arguments on one optimizer', async () => {
    const dir = dirs.make({ 'clip.rnn': 'model m {\n  Dense(1, input=(3,))\n}\n\ntrain {\n  loss = mse\n  optimizer = Adam(clipnorm=1.0, clipvalue=0.5)\n}\n' });
    const run = await rnnc(['check', 'clip.rnn'], { cwd: dir });
    expect(run.code).toBe(1);
  });
});

describe('rnnc check: bad usage and unreadable files exit 2 with a diagnostic', () => {
  it('an unknown option', async () => {
    const run = await rnnc(['check', '--bogus', 'examples/gru.rnn']);
    expectUsageError(run, 'E0703');
    expect(run.stdout).toBe('');
  });

  it('a misspelt option, with a did-you-mean', async () => {
    const run = await rnnc(['check', '--formt', 'json', 'examples/gru.rnn']);
    expectUsageError(run, 'E0703');
    expect(run.stderr).toMatch(/= help: .*--format/);
  });

  it('a missing file argument', async () => {
    expectUsageError(await rnnc(['check']), 'E0703');
  });

  it('a --format that does not exist, or none', async () => {
    expectUsageError(await rnnc(['check', '--format', 'xml', 'examples/gru.rnn']), 'E0703');
    expectUsageError(await rnnc(['check', 'examples/gru.rnn', '--format']), 'E0703');
  });

  it('a file that does not exist (E0701, naming it)', async () => {
    const dir = dirs.make();
    const run = await rnnc(['check', 'missing.rnn'], { cwd: dir });
    expectUsageError(run, 'E0701');
    expect(run.stderr).toMatch(/^error\[E0701\]: .*`missing\.rnn`/m);
    expect(run.stderr).toMatch(/^ --> missing\.rnn$/m);
  });

  it('a directory (E0701)', async () => {
    const dir = dirs.make();
    expectUsageError(await rnnc(['check', '.'], { cwd: dir }), 'E0701');
  });

  it('an unreadable file among good ones stops the run before any output', async () => {
    const dir = dirs.make({ 'ok.rnn': 'model a {\n  Dense(1, input=(3,))\n}\n' });
    const run = await rnnc(['check', 'ok.rnn', 'missing.rnn'], { cwd: dir });
    expectUsageError(run, 'E0701');
    expect(run.stdout).toBe('');
    // With --format json the mistake is JSON too: one diagnostic on stderr, in the shape of stdout's.
    const json = await rnnc(['check', '--format', 'json', 'ok.rnn', 'missing.rnn'], { cwd: dir });
    expect(json.code).toBe(2);
    expect(json.stdout).toBe('');
    expect(JSON.parse(json.stderr)).toEqual([
      {
        file: 'missing.rnn', code: 'E0701', severity: 'error', message: 'cannot read `missing.rnn`: no such file',
        hint: 'check the path; it is relative to the current directory', related: [], fixes: [],
      },
    ]);
  });
});

describe('rnnc check --format json', () => {
  it('prints `[]` for clean files', async () => {
    const run = await rnnc(['check', '--format', 'json', 'examples/sentiment.rnn', 'examples/translate.rnn']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
  });

  it('prints one array with every field, 1-based, each range on the culprit text', async () => {
    const dir = dirs.make({ 'faulty.rnn': FAULTY });
    const run = await rnnc(['check', '--format', 'json', 'faulty.rnn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const items = JSON.parse(run.stdout) as JsonItem[];
    expect(Array.isArray(items)).toBe(true);
    for (const d of items) {
      expect(d).toMatchObject({ file: 'faulty.rnn', severity: 'error' });
      for (const k of ['line', 'column', 'endLine', 'endColumn'] as const) {
        expect(Number.isInteger(d[k]) && d[k] >= 1, `${d.code} ${k}=${d[k]}`).toBe(true);
      }
      expect(typeof d.message).toBe('string');
      expect(d.message.length).toBeGreaterThan(0);
    }
    expect(items.map((d) => ({ code: d.code, line: d.line, culprit: textAt(FAULTY, d) }))).toEqual(FAULTY_EXPECTED);
  });

  it('keeps the same positions when the file has CRLF line ends', async () => {
    const crlf = FAULTY.replace(/\n/g, '\r\n');
    const dir = dirs.make({ 'faulty.rnn': crlf });
    const items = JSON.parse((await rnnc(['check', '--format', 'json', 'faulty.rnn'], { cwd: dir })).stdout) as JsonItem[];
    expect(items.map((d) => ({ code: d.code, line: d.line, culprit: textAt(crlf, d) }))).toEqual(FAULTY_EXPECTED);
  });

  it('puts the items of several files into one array, each naming its file', async () => {
    const dir = dirs.make({ 'faulty.rnn': FAULTY, 'stacked.rnn': STACKED, 'probs.rnn': WARNS_ONLY });
    const run = await rnnc(['check', '--format', 'json', 'faulty.rnn', 'probs.rnn', 'stacked.rnn'], { cwd: dir });
    expect(run.code).toBe(1);
    const items = JSON.parse(run.stdout) as JsonItem[];
    expect(items.map((d) => `${d.file} ${d.code} ${d.severity}`)).toEqual([
      ...FAULTY_EXPECTED.map((e) => `faulty.rnn ${e.code} error`),
      'probs.rnn W0508 warning',
      'stacked.rnn E0301 error',
    ]);
  });

  it('gives fixes whose edits, applied to the file, make it check clean', async () => {
    const source = `model s {
  Lstm(64, input=(20, 8))
  LSTM(32)
  Dense(1, activation=sigmod)
}
`;
    const dir = dirs.make({ 's.rnn': source });
    const first = await rnnc(['check', '--format', 'json', 's.rnn'], { cwd: dir });
    const items = JSON.parse(first.stdout) as JsonItem[];
    expect(items.map((d) => d.code)).toEqual(['E0201', 'E0206']);
    writeFileSync(join(dir, 's.rnn'), applyFixes(source, items));
    // With the layer name fixed, the next mistake shows: LSTM(32) gets a 2-D input; its fix too.
    const second = await rnnc(['check', '--format', 'json', 's.rnn'], { cwd: dir });
    const more = JSON.parse(second.stdout) as JsonItem[];
    expect(more.map((d) => d.code)).toEqual(['E0301']);
    writeFileSync(join(dir, 's.rnn'), applyFixes(readFileSync(join(dir, 's.rnn'), 'utf8'), more));
    const last = await rnnc(['check', 's.rnn'], { cwd: dir });
    expect(last.stdout).toBe('s.rnn: ok\n');
    expect(last.code).toBe(0);
    expect(readFileSync(join(dir, 's.rnn'), 'utf8')).toContain('LSTM(64, input=(20, 8), return_sequences=true)');
  });

  it('stays parseable JSON without escape codes even when FORCE_COLOR is set', async () => {
    const dir = dirs.make({ 'faulty.rnn': FAULTY });
    const run = await rnnc(['check', '--format', 'json', 'faulty.rnn'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(run.stdout).not.toMatch(ANSI);
    expect(() => JSON.parse(run.stdout)).not.toThrow();
  });
});

describe('rnnc check: colour', () => {
  it('writes no escape codes when stdout and stderr are not terminals', async () => {
    const dir = dirs.make({ 'faulty.rnn': FAULTY });
    const errors = await rnnc(['check', 'faulty.rnn'], { cwd: dir });
    const usage = await rnnc(['check', 'missing.rnn'], { cwd: dir });
    expect(errors.stdout).toMatch(/error\[E0201\]/);
    for (const run of [errors, usage]) {
      expect(run.stdout).not.toMatch(ANSI);
      expect(run.stderr).not.toMatch(ANSI);
    }
  });

  // `script` gives the command a pseudo-terminal, so rnnc sees a TTY as in an interactive shell.
  const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

  function onTerminal(command: string, env: Record<string, string | undefined>, cwd: string): string {
    const full = { ...process.env, ...env };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete full[k];
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd, env: full, encoding: 'utf8', timeout: 60_000 });
    return r.stdout;
  }

  it.skipIf(!hasScript)('colours the frames on a terminal, and NO_COLOR turns that off', () => {
    const dir = dirs.make({ 'stacked.rnn': STACKED });
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} check stacked.rnn`;
    const coloured = onTerminal(command, { NO_COLOR: undefined, FORCE_COLOR: undefined }, dir);
    // eslint-disable-next-line no-control-regex -- the escape codes are what is tested
    expect(coloured).toMatch(/\x1b\[31merror\[E0301\]\x1b\[0m/);
    const plain = onTerminal(command, { NO_COLOR: '1', FORCE_COLOR: undefined }, dir);
    expect(plain).toContain('error[E0301]: LSTM needs a sequence');
    expect(plain).not.toMatch(ANSI);
  });
});

describe('rnnc check: when the reader goes away', () => {
  // Was a bug (fixed in main.ts): `rnnc check … | head -1` — stdout closed early — kills rnnc with an unhandled
  // EPIPE 'error' event: Node prints "Error: write EPIPE" and a stack trace. rnnc should stop
  // quietly (exit as a shell pipeline expects), since the reader has all it wanted.
  it('does not print a stack trace when stdout is closed early', async () => {
    const dir = dirs.make({ 'faulty.rnn': FAULTY });
    const run = await rnncWithClosedStdout(['check', 'faulty.rnn'], { cwd: dir });
    expectNoCrash(run);
  });
});
