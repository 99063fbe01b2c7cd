#!/usr/bin/env node
// The rnnc command: the compiled, bundled command line in dist/ (scripts/build.mjs, which
// `npm ci` and `npm install` run through the `prepare` script, and which the package ships built).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('error: rnnc is not built (dist/cli/main.js is missing)\n  = help: run `npm run build` (or `npm ci`) in the rnnc folder\n');
  process.exit(2);
}
await import(main.href);
