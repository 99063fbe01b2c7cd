// The loader hook behind record-loads.mjs: it runs on the loader's own thread.
import { appendFileSync } from 'node:fs';

export async function load(url, context, nextLoad) {
  const log = process.env.RNNC_LOAD_LOG;
  if (log) appendFileSync(log, url + '\n');
  return nextLoad(url, context);
}
