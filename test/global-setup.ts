// Before any test: bundle src/ into dist/ (scripts/build.mjs --bundle, about a second), so the
// tests that spawn bin/rnnc.js run the code as it is now, the way the package ships it.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'build.mjs'), '--bundle'], { stdio: 'inherit' });
}
