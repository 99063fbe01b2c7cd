// `rnnc build`, run as a user runs it: it writes the program (beside the .rnn file by default, to
// -o, or to standard output), the same bytes every time; it writes nothing and exits 1 with the
// diagnostics when the model does not check, holds a control character, or has no train block;
// and the program it writes has a command line of its own.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, outDir, removeOutDirs, rnnc, ROOT, run, runProgram, type Run } from './support.ts';

afterAll(removeOutDirs);

const TWO_MODELS = `model first {
  LSTM(2, input=(3, 1))
}
model second {
  GRU(2, input=(3, 1))
}
train first {
  loss = mse
}
train second {
  loss = mae
}
`;

let dir = '';
const runs: Record<string, Run> = {};

beforeAll(async () => {
  dir = outDir('build-command');
  writeFileSync(join(dir, 'broken.rnn'), 'model broken {\n  LSTM(4, input=(3, 1))\n  LSTM(2)\n}\ntrain { loss = mse }\n');
  writeFileSync(join(dir, 'bidi.rnn'), 'model bidi {\n  LSTM(4, name="evil\\u202e", input=(3, 1))\n}\ntrain { loss = mse }\n');
  writeFileSync(join(dir, 'untrained.rnn'), 'model untrained {\n  LSTM(4, input=(3, 1))\n}\n');
  writeFileSync(join(dir, 'two.rnn'), TWO_MODELS);
  const next = join(EXAMPLES, 'next_number.rnn');
  const commands: Record<string, readonly string[]> = {
    first: ['build', next, '-o', join(dir, 'a', 'next_number.ts')],
    project: ['build', next, '--project', join(dir, 'project')],
    projectAgain: ['build', next, '--project', join(dir, 'project')],
    foreignProject: ['build', next, '--project', join(dir, 'users')],
    both: ['build', next, '-o', join(dir, 'x.ts'), '--project', join(dir, 'y')],
    stdout: ['build', next, '-o', '-'],
    broken: ['build', join(dir, 'broken.rnn')],
    bidi: ['build', join(dir, 'bidi.rnn')],
    untrained: ['build', join(dir, 'untrained.rnn')],
    ambiguous: ['build', join(dir, 'two.rnn')],
    chosen: ['build', join(dir, 'two.rnn'), '--model', 'second'],
    foreign: ['build', join(dir, 'two.rnn'), '--model', 'first', '-o', join(dir, 'mine.ts')],
    masking: ['build', join(EXAMPLES, 'masking.rnn'), '-o', join(dir, 'm', 'masking.ts')],
  };
  writeFileSync(join(dir, 'mine.ts'), "console.log('a script of the user\\'s');\n");
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'm'));
  mkdirSync(join(dir, 'users'));
  writeFileSync(join(dir, 'users', 'package.json'), '{ "name": "the-users-own" }\n');
  const entries = Object.entries(commands);
  // Two at a time: the machine has two cores.
  // projectAgain runs after project: it rebuilds a folder rnnc wrote.
  for (let i = 0; i < entries.length; i += 2) {
    const pair = entries.slice(i, i + 2);
    // `-o -` runs in a/, so its program names the .rnn file as the one written to a/ does.
    const done = await Promise.all(pair.map(([name, args]) => rnnc(args, name === 'stdout' ? join(dir, 'a') : undefined)));
    pair.forEach(([name], k) => (runs[name] = done[k]!));
  }
}, 180_000);

describe('rnnc build', () => {
  it('writes the program where -o says, and says how to run it', () => {
    expect(runs['first']!.code, runs['first']!.stderr).toBe(0);
    expect(runs['first']!.stdout).toMatch(/^wrote .*next_number\.ts: run it with `npx tsx .*next_number\.ts` where @tensorflow\/tfjs-core and @tensorflow\/tfjs-backend-wasm are installed/);
    expect(readFileSync(join(dir, 'a', 'next_number.ts'), 'utf8')).toMatch(/^\/\/ next_number\.ts: a program that trains the model `next_number` of next_number\.rnn/);
  });

  it('prints the program with -o -, the same bytes as it writes', () => {
    expect(runs['stdout']!.code, runs['stdout']!.stderr).toBe(0);
    expect(runs['stdout']!.stdout === readFileSync(join(dir, 'a', 'next_number.ts'), 'utf8')).toBe(true);
  });

  it('writes nothing and exits 1 with the diagnostics when the model does not check', () => {
    expect(runs['broken']!.code).toBe(1);
    expect(runs['broken']!.stderr).toMatch(/^error\[E0301\]/m);
    expect(existsSync(join(dir, 'broken.ts'))).toBe(false);
  });

  it('refuses a bidirectional control character in a name (E0901), pointing at it', () => {
    expect(runs['bidi']!.code).toBe(1);
    expect(runs['bidi']!.stderr).toMatch(/^error\[E0901\]: the layer name "evil\\u202e" holds the invisible formatting character U\+202E/m);
    expect(runs['bidi']!.stderr).toMatch(/ --> .*bidi\.rnn:2:/);
    expect(existsSync(join(dir, 'bidi.ts'))).toBe(false);
  });

  it('refuses a model without a train block (E0514)', () => {
    expect(runs['untrained']!.code).toBe(1);
    expect(runs['untrained']!.stderr).toMatch(/^error\[E0514\]/m);
    expect(existsSync(join(dir, 'untrained.ts'))).toBe(false);
  });

  it('asks which model when the file has several, and writes MODEL.ts beside it', () => {
    expect(runs['ambiguous']!.code).toBe(2);
    expect(runs['ambiguous']!.stderr).toMatch(/^error\[E0702\]/m);
    expect(runs['chosen']!.code, runs['chosen']!.stderr).toBe(0);
    expect(readFileSync(join(dir, 'second.ts'), 'utf8')).toMatch(/^\/\/ second\.ts: a program that trains the model `second` of two\.rnn/);
    expect(existsSync(join(dir, 'first.ts'))).toBe(false);
  });
});

describe('rnnc build --project', () => {
  const installed = (name: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

  it('writes a folder ready to run: the program, its JavaScript, tsconfig.json and package.json', () => {
    expect(runs['project']!.code, runs['project']!.stderr).toBe(0);
    expect(runs['project']!.stdout).toMatch(/^wrote .*project: run it with `cd .*project && npm install && node next_number\.js`/);
    expect(readdirSync(join(dir, 'project')).sort()).toEqual(['next_number.js', 'next_number.ts', 'package.json', 'tsconfig.json']);
    expect(readFileSync(join(dir, 'project', 'next_number.ts'), 'utf8') === readFileSync(join(dir, 'a', 'next_number.ts'), 'utf8')).toBe(true);
  });

  it('pins the TensorFlow.js packages to the versions rnnc runs on', () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'project', 'package.json'), 'utf8')) as { type: string; scripts: Record<string, string>; dependencies: Record<string, string> };
    expect(pkg.type).toBe('module');
    expect(pkg.scripts['start']).toBe('node next_number.js');
    expect(pkg.dependencies).toEqual({
      '@tensorflow/tfjs-core': installed('@tensorflow/tfjs-core'),
      '@tensorflow/tfjs-backend-wasm': installed('@tensorflow/tfjs-backend-wasm'),
    });
  });

  it('runs with plain node, training to the numbers of the TypeScript program', { timeout: 60_000 }, async () => {
    const [js, ts] = await Promise.all([
      run(process.execPath, ['next_number.js', '--epochs', '2', '--seed', '7'], join(dir, 'project')),
      runProgram(join(dir, 'project', 'next_number.ts'), ['--epochs', '2', '--seed', '7']),
    ]);
    expect(js.code, js.stderr).toBe(0);
    expect(js.stdout).toMatch(/^Epoch 2\/2$/m);
    const losses = (r: Run) => [...r.stdout.matchAll(/ - loss: ([\d.]+)/g)].map((m) => m[1]);
    expect(losses(js)).toHaveLength(2);
    expect(losses(js)).toEqual(losses(ts));
    const help = await run(process.execPath, ['next_number.js', '--help'], join(dir, 'project'));
    expect(help.stdout).toMatch(/^usage: node next_number\.js \[options\]/);
  });

  it('rebuilds a folder it wrote, but never writes into a package of the user’s (E0902)', () => {
    expect(runs['projectAgain']!.code, runs['projectAgain']!.stderr).toBe(0);
    expect(runs['foreignProject']!.code).toBe(1);
    expect(runs['foreignProject']!.stderr).toMatch(/^error\[E0902\]: .*package\.json exists and is not a package\.json rnnc build wrote/m);
    expect(readdirSync(join(dir, 'users'))).toEqual(['package.json']);
  });

  it('takes -o or --project, not both (E0703)', () => {
    expect(runs['both']!.code).toBe(2);
    expect(runs['both']!.stderr).toMatch(/^error\[E0703\]: -o and --project both say where the program goes/m);
    expect(existsSync(join(dir, 'x.ts')) || existsSync(join(dir, 'y'))).toBe(false);
  });
});

describe('rnnc build and files it did not write', () => {
  it('never replaces one (E0902)', () => {
    expect(runs['foreign']!.code).toBe(1);
    expect(runs['foreign']!.stderr).toMatch(/^error\[E0902\]: .*mine\.ts exists and is not a program rnnc build wrote/m);
    expect(readFileSync(join(dir, 'mine.ts'), 'utf8')).toBe("console.log('a script of the user\\'s');\n");
  });
});

describe("the program's command line", () => {
  it('has --help, and reports a mistake in its flags as rnnc does', { timeout: 60_000 }, async () => {
    const program = join(dir, 'a', 'next_number.ts');
    const [help, bad] = await Promise.all([runProgram(program, ['--help']), runProgram(program, ['--epochs', 'ten'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npx tsx next_number\.ts \[options\]/);
    for (const flag of ['--x', '--y', '--data', '--epochs', '--batch-size', '--seed', '--out', '--log']) expect(help.stdout).toContain(`  ${flag} `);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error\[E0703\]: --epochs expects a whole number of at least 1, got `ten`\n --> command line\n {2}= help: /);
  });

  it('reads the formats of its train block, and says so, with E0613, when given another', { timeout: 60_000 }, async () => {
    const program = join(dir, 'a', 'next_number.ts');
    writeFileSync(join(dir, 'a', 'x.csv'), '1,2,3,4,5\n2,3,4,5,6\n');
    writeFileSync(join(dir, 'a', 'y.csv'), '6\n7\n');
    const other = await runProgram(program, ['--x', 'x.csv', '--y', 'y.csv', '--epochs', '1']);
    expect(other.code).toBe(1);
    expect(other.stdout).toBe('');
    expect(other.stderr).toMatch(/^error\[E0613\]: x\.csv is CSV data, which this program was not built to read\n --> x\.csv\n {2}= help: .*rnnc build/);
    expect(other.stderr).not.toMatch(/\n\s+at /);
  });

  it("reports a bad record of a data file as rnnc does: a code frame of the record's line", { timeout: 60_000 }, async () => {
    expect(runs['masking']!.code, runs['masking']!.stderr).toBe(0);
    writeFileSync(join(dir, 'm', 'bad.jsonl'), '{"x": [1, 2,], "y": 1}\n');
    const bad = await runProgram(join(dir, 'm', 'masking.ts'), ['--data', 'bad.jsonl', '--epochs', '1']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error\[E0606\]: line 1 of bad\.jsonl is not valid JSON: .*\n --> bad\.jsonl:1:13\n {2}\|\n1 \| \{"x": \[1, 2,\], "y": 1\}\n {2}\| {13}\^\n {2}= help: /);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
