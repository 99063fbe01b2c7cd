// The package as users get it: `npm pack`, then `npm install rnnc-x.y.z.tgz` into an empty folder
// outside this checkout — no tsx, no sources on the path but what the tarball ships — and there:
//   (a) `npx rnnc check` and `npx rnnc train` on a bundled example, and `npx rnnc build`, whose
//       emitter reads the sources the package ships;
//   (b) a plain Node ES module that imports the library and trains a model through its API;
//   (c) a TypeScript file type-checked against the shipped declarations.
// The tarball is packed with --ignore-scripts after tsc writes the declarations: the test suite's
// set-up has just bundled dist/, and a second bundle under the feet of tests running beside this
// one would pull files from under them.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    // The user's shell has none of the test runner's settings, and npx must not find this checkout.
    for (const k of ['NODE_OPTIONS', 'NO_COLOR', 'FORCE_COLOR', 'INIT_CWD', 'npm_config_prefix']) delete env[k];
    for (const k of Object.keys(env)) if (k.startsWith('npm_') || k.startsWith('VITEST')) delete env[k];
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dir = '';
let app = '';
let tarball = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rnnc-package-'));
  execFileSync(process.execPath, [TSC, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  const packed = await run(NPM, ['pack', '--ignore-scripts', '--pack-destination', dir, '--json'], ROOT);
  expect(packed.code, packed.stderr).toBe(0);
  tarball = join(dir, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  app = join(dir, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'an-app', version: '1.0.0', private: true, type: 'module' }, null, 2));
  const installed = await run(NPM, ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], app);
  expect(installed.code, installed.stderr).toBe(0);
}, 300_000);

// Removing the installed app (TensorFlow.js, ts-morph, vega) takes longer than the default 10 s hook
// timeout on a busy disk.
afterAll(() => rmSync(dir, { recursive: true, force: true }), 120_000);

describe('the packed tarball', () => {
  it('ships compiled code, declarations, the sources the emitter copies, examples and docs — no tests, benchmarks or CI', async () => {
    const listed = await run(NPM, ['pack', '--ignore-scripts', '--dry-run', '--json'], ROOT);
    const files = (JSON.parse(listed.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    for (const f of ['bin/rnnc.js', 'dist/cli/main.js', 'dist/index.js', 'dist/runtime/train-worker.js', 'dist/types/index.d.ts', 'src/runtime/tf.ts', 'examples/next_number.rnn', 'examples/data/next_number_x.npy', 'README.md', 'LICENSE', 'docs/language.md']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(test|bench|\.ci|editors|scripts)\//.test(f) || f === 'dist/meta.json')).toEqual([]);
    // Every data file an example trains on (the scripts that write them stay in the checkout).
    const data = readdirSync(join(ROOT, 'examples', 'data')).filter((f) => !f.endsWith('.ts')).map((f) => `examples/data/${f}`);
    expect(data.filter((f) => !files.includes(f))).toEqual([]);
  });

  it('installs without tsx', () => {
    expect(existsSync(join(app, 'node_modules', 'rnnc', 'dist', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(app, 'node_modules', 'tsx'))).toBe(false);
  });
});

describe('npx rnnc in a folder that installed the tarball', () => {
  const example = (name: string) => join('node_modules', 'rnnc', 'examples', name);

  it('checks and trains a bundled example', { timeout: 120_000 }, async () => {
    const checked = await run('npx', ['rnnc', 'check', example('next_number.rnn')], app);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/next_number\.rnn: ok/);
    const trained = await run('npx', ['rnnc', 'train', example('next_number.rnn'), '--epochs', '3', '--out', 'trained'], app);
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toMatch(/^Epoch 3\/3$/m);
    expect(readdirSync(join(app, 'trained')).sort()).toEqual(['model.json', 'weights.bin']);
    // Two workers start the bundled worker (dist/runtime/train-worker.js), without tsx.
    const split = await run('npx', ['rnnc', 'train', example('next_number.rnn'), '--epochs', '2', '--workers', '2'], app);
    expect(split.code, split.stderr).toBe(0);
    expect(split.stdout).toMatch(/^Epoch 2\/2$/m);
  });

  it('builds a program from the sources the package ships', { timeout: 120_000 }, async () => {
    const built = await run('npx', ['rnnc', 'build', example('next_number.rnn'), '-o', 'next_number.ts'], app);
    expect(built.code, built.stderr).toBe(0);
    expect(existsSync(join(app, 'next_number.ts'))).toBe(true);
  });

  it('builds a folder that trains with npm install && node MODEL.js, outside any rnnc', { timeout: 180_000 }, async () => {
    const program = join(dir, 'program'); // beside app/, not inside it: nothing of rnnc on its path
    const built = await run('npx', ['rnnc', 'build', example('next_number.rnn'), '--project', program], app);
    expect(built.code, built.stderr).toBe(0);
    const installed = await run(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--omit=dev'], program);
    expect(installed.code, installed.stderr).toBe(0);
    expect(existsSync(join(program, 'node_modules', 'rnnc'))).toBe(false);
    const trained = await run(process.execPath, ['next_number.js', '--epochs', '2'], program);
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toMatch(/^Epoch 2\/2\n.* - loss: [\d.]+ - val_loss: [\d.]+$/m);
  });

  it('reports a mistake as a diagnostic, not a stack trace', async () => {
    writeFileSync(join(app, 'bad.rnn'), 'model bad {\n  LSTM(64, input=(20, 8))\n  LSTM(32)\n}\n');
    const bad = await run('npx', ['rnnc', 'check', 'bad.rnn'], app);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^error\[E0301\]: LSTM needs a sequence/m);
    expect(bad.stdout + bad.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the library, imported from the installed package', () => {
  it('trains a model through the API from a plain .mjs file', { timeout: 120_000 }, async () => {
    writeFileSync(
      join(app, 'use.mjs'),
      `import { check, compile } from 'rnnc';
const source = 'model sum {\\n  SimpleRNN(8, input=(4, 1))\\n  Dense(1)\\n}\\ntrain {\\n  loss = mse\\n  optimizer = Adam(learning_rate=0.01)\\n  epochs = 30\\n  batch_size = 16\\n}\\n';
if (check(source, 'sum.rnn').diagnostics.length) throw new Error('the model does not check');
// 64 sequences of 4 numbers in [0, 0.25); the target is their sum.
const n = 64, x = new Float32Array(n * 4), y = new Float32Array(n);
for (let i = 0; i < n * 4; i++) x[i] = ((i * 37) % 25) / 100;
for (let i = 0; i < n; i++) y[i] = x[4 * i] + x[4 * i + 1] + x[4 * i + 2] + x[4 * i + 3];
const model = await compile(source, { seed: 3 });
const history = await model.fit({ x: [{ dtype: 'float32', shape: [n, 4, 1], data: x }], y: [{ dtype: 'float32', shape: [n, 1], data: y }] });
const [p] = model.predict({ dtype: 'float32', shape: [n, 4, 1], data: x });
console.log(JSON.stringify({ first: history.epochs[0].loss, last: history.epochs.at(-1).loss, shape: p.shape, y0: y[0], p0: p.data[0] }));
`,
    );
    const used = await run(process.execPath, ['use.mjs'], app);
    expect(used.code, used.stderr).toBe(0);
    const r = JSON.parse(used.stdout.trim().split('\n').at(-1)!) as { first: number; last: number; shape: number[]; y0: number; p0: number };
    expect(r.shape).toEqual([64, 1]);
    // The variance of y is about 0.008: thirty epochs must take the loss well below it.
    expect(r.last).toBeLessThan(r.first / 4);
    expect(Math.abs(r.p0 - r.y0)).toBeLessThan(0.1);
  });

  it('type-checks a TypeScript file against the shipped declarations, and rejects a wrong one', { timeout: 120_000 }, async () => {
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true }, files: ['use.ts'] }));
    writeFileSync(
      join(app, 'use.ts'),
      `import { check, compile, type CheckedModel, type Diagnostic, type HostArray, type RnnModel } from 'rnnc';
const result = check('model m {\\n  LSTM(1, input=(5, 1))\\n}\\n', 'm.rnn');
const models: readonly CheckedModel[] = result.models;
const diagnostics: readonly Diagnostic[] = result.diagnostics;
const x: HostArray = { dtype: 'float32', shape: [1, 5, 1], data: new Float32Array(5) };
export async function run(): Promise<number> {
  const model: RnnModel = await compile('model m {\\n  LSTM(1, input=(5, 1))\\n}\\n');
  const [p] = model.predict(x);
  return models.length + diagnostics.length + (p?.shape[0] ?? 0);
}
`,
    );
    // Against the declarations only: skipLibCheck stays off, so they must hold up themselves.
    const good = await run(process.execPath, [TSC, '-p', 'tsconfig.json'], app);
    expect(good.stdout + good.stderr).toBe('');
    expect(good.code).toBe(0);
    writeFileSync(join(app, 'use.ts'), `import { check } from 'rnnc';\nconst n: string = check('', 'm.rnn').models.length;\nexport { n };\n`);
    const bad = await run(process.execPath, [TSC, '-p', 'tsconfig.json'], app);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toMatch(/use\.ts\(2,7\): error TS2322: Type 'number' is not assignable to type 'string'/);
  });
});
