// Which model a saved directory holds, read from rnnc's record in its model.json — without
// loading TensorFlow.js, so that `rnnc export` can ask too.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The name of the model a saved directory holds (rnnc's record in model.json), if it says. */
export function savedModelName(dir: string): string | null {
  try {
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { rnnc?: { model?: unknown } };
    return typeof json.rnnc?.model === 'string' ? json.rnnc.model : null;
  } catch {
    return null; // loading reports the missing or damaged file with its code
  }
}
