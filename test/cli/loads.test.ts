// Each command loads only what it uses (ARCHITECTURE.md, "What each command loads"): start-up is
// most of a small job's time. The real binary runs under a loader hook that records every module
// it loads; the bundle's metafile (dist/meta.json, from scripts/build.mjs) says which sources and
// packages each loaded file of dist/ holds. Packages outside the bundle (TensorFlow.js, ts-morph,
// vega, graphviz) show up as their own files.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, ROOT, rnnc } from './run.ts';

interface Meta {
  readonly outputs: Record<string, { readonly inputs: Record<string, unknown> }>;
}

const HOOK = join(ROOT, 'test', 'support', 'record-loads.mjs');
let meta: Meta;
let dir = '';
let count = 0;

beforeAll(() => {
  meta = JSON.parse(readFileSync(join(ROOT, 'dist', 'meta.json'), 'utf8')) as Meta;
  dir = mkdtempSync(join(tmpdir(), 'rnnc-loads-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The package a path inside node_modules belongs to: `@scope/name` or `name`. */
function packageOf(path: string): string | null {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  return m ? m[1]! : null;
}

interface Loaded {
  readonly packages: ReadonlySet<string>;
  /** src/ files bundled into the loaded parts of dist/. */
  readonly sources: ReadonlySet<string>;
}

/** Runs rnnc with the hook and says which packages and sources the process loaded. */
async function loads(args: readonly string[]): Promise<Loaded> {
  const log = join(dir, `loads-${count++}.txt`);
  const run = await rnnc(args, { env: { NODE_OPTIONS: `--import=${HOOK}`, RNNC_LOAD_LOG: log }, cwd: dir });
  expect(run.stderr).not.toMatch(/internal error/);
  // A package's package.json read for its version (rnnc build pins TensorFlow.js's) is not its code.
  const urls = readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith('file:') && !u.endsWith('/package.json'));
  const packages = new Set<string>();
  const sources = new Set<string>();
  for (const url of urls) {
    const path = relative(ROOT, fileURLToPath(url)).split('\\').join('/');
    const output = meta.outputs[path];
    for (const input of output ? Object.keys(output.inputs) : [path]) {
      const pkg = packageOf(input);
      if (pkg) packages.add(pkg);
      else if (input.startsWith('src/')) sources.add(input);
    }
  }
  return { packages, sources };
}

const FRONT_END = new Set(['commander', 'chevrotain', '@chevrotain/cst-dts-gen', '@chevrotain/gast', '@chevrotain/regexp-to-ast', '@chevrotain/types', '@chevrotain/utils', 'lodash-es', 'string-width', 'emoji-regex', 'get-east-asian-width', 'strip-ansi', 'ansi-regex']);
const HEAVY = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu', 'ts-morph', 'vega', 'vega-lite', '@hpcc-js/wasm-graphviz', 'vscode-languageserver', 'protobufjs'];
const heavy = (l: Loaded) => HEAVY.filter((p) => l.packages.has(p));
const next = join(EXAMPLES, 'next_number.rnn');

describe('what each command loads', () => {
  it('--version and --help: commander, and no other library', async () => {
    for (const args of [['--version'], ['--help']]) {
      const l = await loads(args);
      expect([...l.packages], args.join(' ')).toEqual(['commander']);
      expect([...l.sources].filter((s) => s.startsWith('src/parser/') || s.startsWith('src/compiler/')), args.join(' ')).toEqual([]);
    }
  });

  it('check, fmt, summary and explain: the front end only', async () => {
    for (const args of [['check', next], ['fmt', '--check', next], ['summary', next], ['explain', 'E0301']]) {
      const l = await loads(args);
      expect([...l.packages].filter((p) => !FRONT_END.has(p)), args[0]).toEqual([]);
      expect([...l.sources].filter((s) => s.startsWith('src/runtime/') && s !== 'src/runtime/errors.ts' && s !== 'src/runtime/save/version.ts'), args[0]).toEqual([]);
    }
    expect((await loads(['check', next])).sources).toContain('src/compiler/check.ts');
  });

  it('train and predict: TensorFlow.js, but neither ts-morph, vega nor graphviz (vega with --plot)', async () => {
    const train = await loads(['train', next, '--epochs', '1', '--out', join(dir, 'trained')]);
    expect(heavy(train)).toEqual(['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu']);
    const plotted = await loads(['train', next, '--epochs', '1', '--plot', join(dir, 'curve.svg')]);
    expect(heavy(plotted)).toEqual(['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu', 'vega', 'vega-lite']);
    const predict = await loads(['predict', next, '--model', join(dir, 'trained'), '--x', join(EXAMPLES, 'data', 'next_number_x.npy'), '-o', join(dir, 'p.npy')]);
    expect(heavy(predict)).toEqual(['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu']);
  });

  it('generate: TensorFlow.js, but neither ts-morph, vega nor graphviz', async () => {
    const lm = join(EXAMPLES, 'char_lm.rnn');
    await loads(['train', lm, '--epochs', '1', '--out', join(dir, 'lm')]);
    const l = await loads(['generate', lm, '--model', join(dir, 'lm'), '--prompt', '1,2', '--max-length', '3']);
    expect(heavy(l)).toEqual(['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu']);
    expect(l.sources).toContain('src/runtime/generate/step-decoder.ts');
  });

  it('export --onnx: protobufjs, and no TensorFlow.js (the saved model trained above)', async () => {
    const l = await loads(['export', next, '--model', join(dir, 'trained'), '--onnx', join(dir, 'model.onnx')]);
    expect(heavy(l)).toEqual(['protobufjs']);
    // The saved files' reader locates a syntax error in model.json with the data readers' JSON walker.
    const reader = new Set(['src/runtime/errors.ts', 'src/runtime/data/json-locate.ts']);
    expect([...l.sources].filter((s) => s.startsWith('src/runtime/') && !s.startsWith('src/runtime/save/') && !reader.has(s))).toEqual([]);
  });

  it('import: neither TensorFlow.js nor protobufjs (the model trained above, imported back)', async () => {
    const l = await loads(['import', join(dir, 'trained', 'model.json'), '-o', join(dir, 'imported.rnn')]);
    expect(heavy(l)).toEqual([]);
    expect([...l.sources].filter((s) => s.startsWith('src/runtime/model/') || s.startsWith('src/runtime/layers/') || s.startsWith('src/runtime/train/'))).toEqual([]);
  });

  it('build: ts-morph, and no TensorFlow.js', async () => {
    expect(heavy(await loads(['build', next, '-o', join(dir, 'program.ts')]))).toEqual(['ts-morph']);
  });

  it('build --target pytorch: neither ts-morph nor TensorFlow.js', async () => {
    expect(heavy(await loads(['build', next, '--target', 'pytorch', '-o', join(dir, 'program.py')]))).toEqual([]);
  });

  it('graph: graphviz only', async () => {
    expect(heavy(await loads(['graph', next, '-o', join(dir, 'model.svg')]))).toEqual(['@hpcc-js/wasm-graphviz']);
  });

  it('the language server: vscode-languageserver, and no TensorFlow.js', async () => {
    // With no client on stdin the server starts and ends at once: enough to see what it loaded.
    expect(heavy(await loads(['lsp', '--stdio']))).toEqual(['vscode-languageserver']);
  });
});
