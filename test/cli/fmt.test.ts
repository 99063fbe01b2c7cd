// `rnnc fmt`: rewrites files in place in the canonical layout, keeps every comment, leaves
// formatted files alone, `--check` only reports, and a file with syntax errors is never touched.

import { chmodSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLES, expectNoCrash, expectUsageError, rnnc, tempDirs } from './run.ts';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

const MESSY = `# sentiment, written in a hurry
model   sentiment{Embedding( 10000,128,mask_zero = True,input=(None,) )   # ids in, vectors out
Bidirectional(LSTM(64,return_sequences=true))


    LSTM(32 , dropout=0.2)
  # the classifier head
Dense(1,activation="sigmoid")}
train{loss=binary_crossentropy
optimizer=Adam(learning_rate=1e-3,clipnorm=1.0) metrics=[accuracy]
  epochs=10 batch_size=32 callbacks=[EarlyStopping(monitor=val_loss,patience=2),ModelCheckpoint("ckpt/{epoch}", save_best_only=true, monitor=val_loss, verbose=1)]}
`;

// Written by hand from the layout rules in src/format/format.ts: two-space indent, one
// statement or entry per line, `, ` between arguments, ` = ` in entries, blank-line runs become
// one, a trailing comment one space after the code, `True` printed `true`, strings as written,
// and a line over 100 columns broken at its outermost list, one item per line with a comma.
const CANONICAL = `# sentiment, written in a hurry
model sentiment {
  Embedding(10000, 128, mask_zero=true, input=(None,)) # ids in, vectors out
  Bidirectional(LSTM(64, return_sequences=true))

  LSTM(32, dropout=0.2)
  # the classifier head
  Dense(1, activation="sigmoid")
}

train {
  loss = binary_crossentropy
  optimizer = Adam(learning_rate=1e-3, clipnorm=1.0)
  metrics = [accuracy]
  epochs = 10
  batch_size = 32
  callbacks = [
    EarlyStopping(monitor=val_loss, patience=2),
    ModelCheckpoint("ckpt/{epoch}", save_best_only=true, monitor=val_loss, verbose=1),
  ]
}
`;

const BROKEN = `model m {  # a note
  LSTM(1, input=(5, 1)
  Dense(1)
`;

const comments = (text: string) => text.match(/#.*$/gm)?.map((c) => c.trimEnd()) ?? [];
const stamp = (path: string) => ({ text: readFileSync(path, 'utf8'), mtime: statSync(path).mtimeMs, ino: statSync(path).ino });

describe('rnnc fmt', () => {
  it('rewrites a badly laid out file in place, keeping every comment', async () => {
    const dir = dirs.make({ 'messy.rnn': MESSY });
    const run = await rnnc(['fmt', 'messy.rnn'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('messy.rnn: formatted\n');
    expect(run.stderr).toBe('');
    const after = readFileSync(join(dir, 'messy.rnn'), 'utf8');
    expect(after).toBe(CANONICAL);
    expect(comments(after)).toEqual(comments(MESSY));
  });

  it('writes through a temporary file and leaves none behind', async () => {
    const dir = dirs.make({ 'messy.rnn': MESSY });
    const before = stamp(join(dir, 'messy.rnn'));
    await rnnc(['fmt', 'messy.rnn'], { cwd: dir });
    expect(readdirSync(dir)).toEqual(['messy.rnn']);
    // A rename puts a new file in place: a reader sees the old text or the new, never half.
    expect(stamp(join(dir, 'messy.rnn')).ino).not.toBe(before.ino);
  });

  it('leaves a formatted file untouched and says nothing', async () => {
    const dir = dirs.make({ 'ok.rnn': CANONICAL });
    const before = stamp(join(dir, 'ok.rnn'));
    await new Promise((r) => setTimeout(r, 20));
    const run = await rnnc(['fmt', 'ok.rnn'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(stamp(join(dir, 'ok.rnn'))).toEqual(before);
  });

  it('formats several files, naming only those it changed', async () => {
    const dir = dirs.make({ 'a.rnn': MESSY, 'b.rnn': CANONICAL });
    const run = await rnnc(['fmt', 'a.rnn', 'b.rnn'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('a.rnn: formatted\n');
    expect(readFileSync(join(dir, 'a.rnn'), 'utf8')).toBe(CANONICAL);
  });

  it('writes `\\n` line ends for a CRLF file', async () => {
    const dir = dirs.make({ 'crlf.rnn': CANONICAL.replace(/\n/g, '\r\n') });
    const run = await rnnc(['fmt', 'crlf.rnn'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'crlf.rnn'), 'utf8')).toBe(CANONICAL);
  });

  it('refuses a file with syntax errors: exit 1, the errors on stderr, the file unchanged', async () => {
    const dir = dirs.make({ 'broken.rnn': BROKEN });
    const before = stamp(join(dir, 'broken.rnn'));
    const run = await rnnc(['fmt', 'broken.rnn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error\[E01\d\d\]: /m);
    expect(run.stderr).toMatch(/^ --> broken\.rnn:\d+:\d+$/m);
    expect(stamp(join(dir, 'broken.rnn'))).toEqual(before);
    expect(readdirSync(dir)).toEqual(['broken.rnn']);
    expectNoCrash(run);
  });

  it('still formats the other files when one has syntax errors', async () => {
    const dir = dirs.make({ 'broken.rnn': BROKEN, 'messy.rnn': MESSY });
    const run = await rnnc(['fmt', 'broken.rnn', 'messy.rnn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(readFileSync(join(dir, 'broken.rnn'), 'utf8')).toBe(BROKEN);
    expect(readFileSync(join(dir, 'messy.rnn'), 'utf8')).toBe(CANONICAL);
  });

  it('a missing file is E0701 (exit 2); no file at all is E0703', async () => {
    const dir = dirs.make();
    expectUsageError(await rnnc(['fmt', 'missing.rnn'], { cwd: dir }), 'E0701');
    expectUsageError(await rnnc(['fmt'], { cwd: dir }), 'E0703');
  });

  // Was a bug (fixed in writeFileAtomic, src/cli/io.ts): the temporary file is created with the default
  // mode and renamed over the original, so `rnnc fmt` turns a 0600 file into 0644 (and drops an
  // executable bit). It should give the new file the old one's mode.
  it("keeps the file's permissions", async () => {
    const dir = dirs.make({ 'private.rnn': MESSY });
    chmodSync(join(dir, 'private.rnn'), 0o600);
    await rnnc(['fmt', 'private.rnn'], { cwd: dir });
    expect(readFileSync(join(dir, 'private.rnn'), 'utf8')).toBe(CANONICAL);
    expect(statSync(join(dir, 'private.rnn')).mode & 0o777).toBe(0o600);
  });

  // Was a bug (fixed in writeFileAtomic): renaming over a symbolic link replaces the link with a regular
  // file and leaves the file it pointed to unformatted. gofmt and prettier write through links.
  it('formats the file a symbolic link points to, and keeps the link', async () => {
    const dir = dirs.make({ 'real.rnn': MESSY });
    symlinkSync('real.rnn', join(dir, 'link.rnn'));
    await rnnc(['fmt', 'link.rnn'], { cwd: dir });
    expect(lstatSync(join(dir, 'link.rnn')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.rnn'), 'utf8')).toBe(CANONICAL);
  });
});

describe('rnnc fmt --check', () => {
  it('exits 1 and names a file that is not formatted, without touching it', async () => {
    const dir = dirs.make({ 'messy.rnn': MESSY });
    const before = stamp(join(dir, 'messy.rnn'));
    const run = await rnnc(['fmt', '--check', 'messy.rnn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('messy.rnn: not formatted\n');
    expect(stamp(join(dir, 'messy.rnn'))).toEqual(before);
    expect(readdirSync(dir)).toEqual(['messy.rnn']);
  });

  it('exits 0 with no output when the files are formatted, and leaves them alone', async () => {
    const dir = dirs.make({ 'a.rnn': CANONICAL, 'b.rnn': 'model m {\n  LSTM(1, input=(5, 1))\n}\n' });
    const before = stamp(join(dir, 'a.rnn'));
    const run = await rnnc(['fmt', '--check', 'a.rnn', 'b.rnn'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(stamp(join(dir, 'a.rnn'))).toEqual(before);
  });

  // FINDING (examples, not the CLI): examples/forecast.rnn aligns its trailing comment with four
  // spaces (`Dense(1)    # acts on …`) where the canonical layout has one, so the shipped examples
  // are not all `rnnc fmt`-clean. Either format the example or make the formatter keep alignment.
  it('exits 0 with no output when every file is formatted: the examples are', async () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.rnn'));
    const run = await rnnc(['fmt', '--check', ...files.map((f) => `examples/${f}`)]);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
  });

  it('names only the unformatted files among several', async () => {
    const dir = dirs.make({ 'a.rnn': CANONICAL, 'b.rnn': MESSY });
    const run = await rnnc(['fmt', '--check', 'a.rnn', 'b.rnn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('b.rnn: not formatted\n');
  });

  it('exits 1 on a file with syntax errors and leaves it alone', async () => {
    const dir = dirs.make({ 'broken.rnn': BROKEN });
    const run = await rnnc(['fmt', '--check', 'broken.rnn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error\[E01\d\d\]: /m);
    expect(readFileSync(join(dir, 'broken.rnn'), 'utf8')).toBe(BROKEN);
  });
});
