// Where a training worker's code is (split-step.ts starts it). Built, the package runs
// dist/runtime/train-worker.js (scripts/build.mjs bundles it from worker.ts); from the sources — the
// tests, the benchmarks, `npx tsx` — a two-line bootstrap registers tsx's loader in the new thread
// and then imports worker.ts (Node 20 does not apply `--import` hooks to a worker's own entry).

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What `new Worker(what, { eval })` takes. */
export interface WorkerScript {
  readonly what: URL | string;
  readonly eval: boolean;
}

export function workerScript(): WorkerScript {
  const here = fileURLToPath(import.meta.url);
  const root = packageRoot(dirname(here));
  if (!here.endsWith('.ts')) return { what: pathToFileURL(join(root, 'dist', 'runtime', 'train-worker.js')), eval: false };
  const tsx = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'esm', 'api', 'index.mjs')).href;
  const worker = pathToFileURL(join(root, 'src', 'runtime', 'train', 'workers', 'worker.ts')).href;
  return { what: `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(worker)}); });`, eval: true };
}

/** The nearest folder above `from` holding rnnc's package.json and src/runtime. */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'runtime'))) return dir;
    if (dirname(dir) === dir) throw new Error(`rnnc's package is not found above ${from}`);
  }
}
