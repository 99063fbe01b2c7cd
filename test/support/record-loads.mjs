// `node --import ./record-loads.mjs …` appends the URL of every module the process loads to the
// file named by RNNC_LOAD_LOG (test/cli/loads.test.ts): ES modules as the loader hook sees them,
// CommonJS ones (the bundle require()s TensorFlow.js) from require's cache when the process exits.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./record-loads-hooks.mjs', import.meta.url);

const log = process.env.RNNC_LOAD_LOG;
const cache = createRequire(import.meta.url).cache;
if (log) process.on('exit', () => appendFileSync(log, Object.keys(cache).map((f) => pathToFileURL(f).href + '\n').join('')));
