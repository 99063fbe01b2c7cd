#!/usr/bin/env node
// Builds what the package ships, into dist/:
//   dist/cli/main.js, dist/index.js and dist/chunks/  — esbuild bundles (ES modules for Node 20)
//   dist/types/                                       — tsc's declarations for `import … from 'rnnc'`
//
// Why a bundle and not tsc's one-file-per-module output: start-up. Measured on the 2-core machine
// (bench/startup.ts has the figures), `rnnc check` took ~1.3 s from tsc's output — most of it
// loading chevrotain's ESM build, which pulls hundreds of lodash-es files — and ~0.2 s bundled.
// Code splitting keeps each command's code in its own chunk, so `--version` loads commander and
// nothing else. TensorFlow.js, ts-morph, vega and graphviz stay outside the bundle: they are
// large, find files of their own at run time (the wasm binaries) and load only for the commands
// that need them.
//
//   node scripts/build.mjs           bundles and declarations (npm run build; npm ci runs it)
//   node scripts/build.mjs --bundle  bundles only (the test suite's set-up, ~1 s)

import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundleOnly = process.argv.includes('--bundle');

/** Packages loaded from node_modules at run time rather than bundled (see above). */
export const EXTERNAL = ['@tensorflow/*', 'ts-morph', 'vega', 'vega-lite', '@hpcc-js/*'];

/**
 * TensorFlow.js's Node entry points are large CommonJS files. Imported from an ES module, Node runs
 * its CommonJS lexer over them to find their export names: 0.3–0.7 s per `rnnc train`, against
 * 0.06–0.08 s through require() (measured here, tfjs-core + both backends). So the bundle loads
 * them with require(), the sources keep their plain `import * as tf` (emitted programs copy them).
 */
const requireTfjs = {
  name: 'require-tfjs',
  setup(b) {
    const filter = /^@tensorflow\/tfjs-(core|backend-cpu|backend-wasm)$/;
    b.onResolve({ filter }, (args) => (args.namespace === 'require-tfjs' ? { path: args.path, external: true } : { path: args.path, namespace: 'require-tfjs' }));
    b.onLoad({ filter: /.*/, namespace: 'require-tfjs' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

rmSync(join(root, 'dist', 'cli'), { recursive: true, force: true });
rmSync(join(root, 'dist', 'chunks'), { recursive: true, force: true });
rmSync(join(root, 'dist', 'runtime'), { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  // Which sources and packages went into which output file: test/cli/loads.test.ts reads it to
  // tell which libraries a command loaded. Not shipped.
  metafile: true,
  // runtime/train-worker: the thread a training step's share runs on with `workers = 2`
  // (src/runtime/train/workers/worker-script.ts finds it here).
  entryPoints: { 'cli/main': 'src/cli/main.ts', index: 'src/index.ts', 'runtime/train-worker': 'src/runtime/train/workers/worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  plugins: [requireTfjs],
  chunkNames: 'chunks/[name]-[hash]',
  // Bundled CommonJS packages (commander, vscode-languageserver) call require(); an ES module has
  // none, so each output file makes one.
  banner: { js: "import { createRequire as __rnncCreateRequire } from 'node:module'; const require = __rnncCreateRequire(import.meta.url);" },
  // Keep the sources' names in stack traces of internal errors.
  keepNames: true,
  logLevel: 'warning',
});
writeFileSync(join(root, 'dist', 'meta.json'), JSON.stringify(result.metafile));

if (!bundleOnly) {
  rmSync(join(root, 'dist', 'types'), { recursive: true, force: true });
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
