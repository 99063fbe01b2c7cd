// What the emitter's tests share: building programs in-process, running them and rnnc as a user
// does, and staging an example with a few samples of its data. Emitted programs go under
// test/emit/.out/ (git-ignored), inside the repository, so they import TensorFlow.js from its
// node_modules as a user's program imports it from theirs.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { check } from '../../src/compiler/check.ts';
import { isNamedEntry, type CheckedModel } from '../../src/compiler/ir.ts';
import { hasErrors } from '../../src/diagnostics/diagnostic.ts';
import { emitProgram, type EmitResult } from '../../src/emit/emit-program.ts';
import { readNpy } from '../../src/runtime/data/npy-read.ts';
import { writeNpy } from '../../src/runtime/data/npy-write.ts';
import type { NdArray } from '../../src/runtime/data/nd-array.ts';
import { readNpz, writeNpz } from '../../src/runtime/data/npz.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const OUT = join(ROOT, 'test', 'emit', '.out');
export const EXAMPLES = join(ROOT, 'examples');
export const BIN = join(ROOT, 'bin', 'rnnc.js');
export const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(command: string, args: readonly string[], cwd: string = ROOT): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    for (const k of ['NO_COLOR', 'FORCE_COLOR', 'NODE_OPTIONS']) delete env[k];
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export const rnnc = (args: readonly string[], cwd = ROOT) => run(process.execPath, [BIN, ...args], cwd);
/** An emitted program, run as its opening comment says: `npx tsx program.ts …`. */
export const runProgram = (program: string, args: readonly string[]) => run(TSX, [basename(program), ...args], dirname(program));

let made = 0;
/** A fresh folder under test/emit/.out/. */
export function outDir(name: string): string {
  const dir = join(OUT, `${name}-${process.pid}-${made++}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function removeOutDirs(): void {
  for (const d of readdirSync(OUT, { withFileTypes: true })) if (d.name.includes(`-${process.pid}-`)) rmSync(join(OUT, d.name), { recursive: true, force: true });
}

export interface Checked {
  readonly model: CheckedModel;
  readonly result: ReturnType<typeof check>;
}

/** The file's one model (or `name`), checked clean. */
export function checked(path: string, text = readFileSync(path, 'utf8'), name?: string): Checked {
  const result = check(text, path);
  if (hasErrors(result.diagnostics)) throw new Error(`${path} does not check: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  const model = name ? result.models.find((m) => m.name === name) : result.models[0];
  if (!model) throw new Error(`${path} has no model ${name ?? ''}`);
  return { model, result };
}

/** Build the program for the .rnn file at `rnnFile` into `program`, in this process (`onnx`: as
 *  `rnnc build --onnx`). */
export function build(rnnFile: string, program: string, text?: string, options: { readonly onnx?: boolean } = {}): EmitResult {
  const { model, result } = checked(rnnFile, text);
  const emitted = emitProgram(model, result.parse.source, {
    rnnPath: relative(dirname(program), rnnFile).split(sep).join('/'),
    programName: basename(program),
    ...options,
  });
  if (emitted.ok) writeFileSync(program, emitted.text);
  return emitted;
}

/** The examples whose train block names data, as the parity test runs them. */
export function examplesWithData(): { readonly name: string; readonly file: string; readonly model: CheckedModel; readonly present: boolean }[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.rnn'))
    .sort()
    .flatMap((f) => {
      const file = join(EXAMPLES, f);
      const result = check(readFileSync(file, 'utf8'), file);
      if (hasErrors(result.diagnostics)) return [];
      return result.models
        .filter((m) => ['x', 'file'].some((k) => typeof m.train?.data[k] === 'string' || isNamedEntry(m.train?.data[k])))
        .map((model) => ({ name: f.replace(/\.rnn$/, ''), file, model, present: dataFiles(file, model).every((p) => existsSync(p)) }));
    });
}

const DATA_KEYS = ['x', 'y', 'file'];

/** The paths a train block's data and held-out data name, as written: one per input by name too. */
function namedPaths(model: CheckedModel): string[] {
  const records = [model.train?.data ?? {}, model.train?.validationData ?? {}];
  return records.flatMap((data) => DATA_KEYS.flatMap((k) => (isNamedEntry(data[k]) ? Object.values(data[k]) : [data[k]])).filter((p): p is string => typeof p === 'string'));
}

/** The data files a model's train block names, as paths from here. */
function dataFiles(rnn: string, model: CheckedModel): string[] {
  return namedPaths(model).map((p) => (isAbsolute(p) ? p : join(dirname(rnn), p)));
}

/**
 * A copy of the example under `dir`, with the first `samples` samples of each data file at the
 * same path relative to the copy of the .rnn file (deep enough for paths that climb with `..`);
 * a file named by an absolute path is copied beside it and the copy of the .rnn file names that.
 * Returns the copy's path.
 */
export function stageExample(example: { readonly file: string; readonly model: CheckedModel }, dir: string, samples: number): string {
  const paths = namedPaths(example.model);
  const climb = Math.max(0, ...paths.map((p) => p.split('/').filter((s) => s === '..').length));
  const home = join(dir, ...Array.from({ length: climb }, (_, i) => `up${i}`));
  mkdirSync(home, { recursive: true });
  let source = readFileSync(example.file, 'utf8');
  for (const p of paths) {
    const from = isAbsolute(p) ? p : join(dirname(example.file), p);
    const staged = isAbsolute(p) ? `absolute/${basename(p).replace(/\.gz$/, '')}` : p;
    if (isAbsolute(p)) source = source.replace(JSON.stringify(p), JSON.stringify(staged));
    const to = join(home, staged);
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, firstSamples(from, samples));
  }
  const rnn = join(home, basename(example.file));
  writeFileSync(rnn, source);
  return rnn;
}

function firstRows(a: NdArray, n: number): NdArray {
  const rows = Math.min(n, a.shape[0] ?? 0);
  const row = a.shape.slice(1).reduce((p, d) => p * d, 1);
  return { dtype: a.dtype, shape: [rows, ...a.shape.slice(1)], data: a.data.subarray(0, rows * row) };
}

/** Bytes per element of each IDX element type. */
const IDX_SIZES: Readonly<Record<number, number>> = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 };

function firstSamples(file: string, n: number): Uint8Array | string {
  const lower = file.toLowerCase();
  if (lower.endsWith('.npy')) {
    return writeNpy(firstRows(readNpy(new Uint8Array(readFileSync(file)), file), n));
  }
  if (lower.endsWith('.npz')) {
    const arrays = readNpz(new Uint8Array(readFileSync(file)), file);
    return writeNpz(new Map([...arrays].map(([k, a]) => [k, firstRows(a, n)])));
  }
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).slice(0, n).join('\n') + '\n';
  // A CSV series: enough rows for n windows of up to a few dozen steps.
  if (lower.endsWith('.csv')) return readFileSync(file, 'utf8').split('\n').slice(0, n + 64).join('\n') + '\n';
  // A text corpus: enough characters for n windows of up to 128.
  if (lower.endsWith('.txt')) return [...readFileSync(file, 'utf8')].slice(0, n * 128 + 1).join('');
  if (/-ubyte(\.gz)?$|\.idx(\.gz)?$/.test(lower)) {
    // IDX: a 4-byte magic (0, 0, type, rank), the dimensions as big-endian u32, the values.
    const raw = readFileSync(file);
    const bytes = new Uint8Array(lower.endsWith('.gz') ? gunzipSync(raw) : raw);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const rank = bytes[3]!;
    const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
    const rows = Math.min(n, dims[0]!);
    const width = dims.slice(1).reduce((a, b) => a * b, 1) * IDX_SIZES[bytes[2]!]!;
    const out = new Uint8Array(4 + 4 * rank + rows * width);
    out.set(bytes.subarray(0, 4 + 4 * rank), 0);
    new DataView(out.buffer).setUint32(4, rows);
    out.set(bytes.subarray(4 + 4 * rank, 4 + 4 * rank + rows * width), 4 + 4 * rank);
    return out;
  }
  return new Uint8Array(readFileSync(file));
}

/** The JSON lines of an --log file. */
export const logLines = (path: string): Record<string, number>[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, number>);

/** The lines a training run prints, without what depends on the clock or the paths given. */
export function trainingLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l && !l.startsWith('saved to '))
    .map((l) => l.replace(/ - \d+s - \d+(?:s|ms|us)\/step - /, ' - T - ').replace(/ in \d+\.\ds: /, ' in T: '));
}

/** Names a program must hold as data only: quotes, comment ends, template holes, backslashes. */
export const HOSTILE_NAME = `*/ '"\`\${process.exit(3)}\\ -- é 😀`;
export const HOSTILE_FILE = `x*/d'x "\`\${a}\\.npy`;

/** A model whose every name and path tries to break out of the literal or comment it lands in. */
export function hostileSource(): string {
  return [
    `# hostile.rnn: names that are code elsewhere ${HOSTILE_NAME}`,
    'model constructor {',
    `  SimpleRNN(4, return_sequences=true, name=${JSON.stringify(HOSTILE_NAME)}, input=(3, 2))`,
    `  LSTM(3, name=${JSON.stringify(`${HOSTILE_NAME} 2`)})`,
    `  Dense(1, name="__proto__")`,
    '}',
    '',
    'train {',
    '  loss = mse',
    '  optimizer = adam',
    `  callbacks = [EarlyStopping(monitor=${JSON.stringify(HOSTILE_NAME)}, patience=5)]`,
    `  data = { x = ${JSON.stringify(HOSTILE_FILE)}, y = "y.npy" }`,
    '}',
    '',
  ].join('\n');
}

/** Models that reach what the examples do not: convolutions, pooling, merges, normalization,
 *  regularizers, other optimizers, metrics and callbacks. Each trains on `x.npy` and `y.npy`; the
 *  emitter's tests build, type-check and train every one. */
export const COVERAGE = {
  kitchen: {
    source: `# kitchen.rnn: a functional model that reaches many layer kinds, regularizers and train settings.
model kitchen {
  x = Input(shape=(6, 3))
  c = Conv1D(4, 2, padding="same", activation=relu, kernel_regularizer=l2(0.01))(x)
  p = MaxPooling1D(2)(c)
  h = LSTM(4, return_sequences=true, activity_regularizer=l1(0.001))(p)
  n = LayerNormalization()(h)
  a = SimpleRNN(3)(n)
  b = GRU(3, reset_after=false)(n)
  g = GlobalAveragePooling1D()(c)
  m = Concatenate()([a, b])
  s = Add()([Dense(3, activation=gelu)(m), a])
  t = BatchNormalization()(Concatenate()([s, Dense(3)(g)]))
  d = Dropout(0.25)(Activation(swish)(t))
  output Dense(2)(d)
}

train {
  loss = huber
  optimizer = SGD(learning_rate=0.05, momentum=0.9, nesterov=true, clipvalue=0.5)
  metrics = [mae, r2_score]
  batch_size = 8
  validation_split = 0.25
  shuffle_before_split = true
  callbacks = [ReduceLROnPlateau(monitor=loss, patience=1, factor=0.5), TerminateOnNaN()]
  data = { x = "x.npy", y = "y.npy" }
}
`,
    x: { shape: [6, 3], value: (i: number) => Math.sin(i * 0.37) },
    y: { shape: [2], value: (i: number) => Math.cos(i * 0.11) },
  },
  ids: {
    source: `# ids.rnn: token ids, a summed Bidirectional GRU, wrappers and reshaping, a binary output.
model ids {
  Embedding(20, 4, input=(5,))
  Bidirectional(GRU(3, return_sequences=true), merge_mode=sum)
  TimeDistributed(Dense(2, activation=tanh))
  Flatten()
  RepeatVector(2)
  SimpleRNN(3, go_backwards=true, recurrent_dropout=0.2, dropout=0.1)
  Dense(1, activation=sigmoid)
}

train {
  loss = binary_crossentropy
  optimizer = Nadam(learning_rate=ExponentialDecay(0.01, decay_steps=4, decay_rate=0.8))
  metrics = [accuracy, auc, precision, recall]
  batch_size = 8
  validation_split = 0.25
  callbacks = [EarlyStopping(monitor=val_loss, patience=1, restore_best_weights=true)]
  data = { x = "x.npy", y = "y.npy" }
}
`,
    x: { shape: [5], value: (i: number) => (i * 7919) % 20 },
    y: { shape: [1], value: (i: number) => (i % 3 === 0 ? 1 : 0) },
  },
  merges: {
    source: `# merges.rnn: every merge, the other pooling layers and Reshape.
model merges {
  x = Input(shape=(6, 4))
  a = AveragePooling1D(2, strides=1, padding="same")(x)
  m = GlobalMaxPooling1D()(a)
  g = GlobalAveragePooling1D()(x)
  d = Subtract()([m, g])
  p = Multiply()([m, g])
  v = Average()([d, p])
  hi = Maximum()([d, p])
  lo = Minimum()([v, hi])
  output Dense(1)(Flatten()(Reshape((2, 2))(Dense(4, activation=tanh)(lo))))
}

train {
  loss = mse
  optimizer = RMSprop(learning_rate=0.01)
  batch_size = 8
  validation_split = 0.25
  data = { x = "x.npy", y = "y.npy" }
}
`,
    x: { shape: [6, 4], value: (i: number) => Math.sin(i * 0.21) },
    y: { shape: [1], value: (i: number) => Math.cos(i * 0.07) },
  },
} as const;

/** A coverage model and `samples` samples of its data, written into `dir`; its .rnn path. */
export function stageCoverage(which: keyof typeof COVERAGE, dir: string, samples: number): string {
  const c = COVERAGE[which];
  const rnn = join(dir, `${which}.rnn`);
  writeFileSync(rnn, c.source);
  for (const [name, spec] of [['x.npy', c.x], ['y.npy', c.y]] as const) {
    const size = spec.shape.reduce((a: number, b: number) => a * b, 1);
    const data = Float32Array.from({ length: samples * size }, (_, i) => spec.value(i));
    writeFileSync(join(dir, name), writeNpy({ dtype: 'float32', shape: [samples, ...spec.shape], data }));
  }
  return rnn;
}
