// Every E06xx code in the catalogue is raised by the data loaders (or, for data that does not fit
// how training cuts it — a stateful model's batches, truncated BPTT's windows — by the training
// loop) and asserted by a test here or in test/runtime/fit, so no code is explained to users that
// nothing reports, and none is reported untested.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES } from '../../../src/diagnostics/codes.ts';

const read = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
const sources = ['data', 'train'].map((d) => read(join(import.meta.dirname, '../../../src/runtime', d))).join('\n');
const tests = [import.meta.dirname, join(import.meta.dirname, '../fit')].map(read).join('\n');
const dataCodes = Object.keys(CODES).filter((c) => c.startsWith('E06'));

describe('E06xx codes', () => {
  it('exist', () => expect(dataCodes.length).toBeGreaterThan(20));

  it.each(dataCodes)('%s is raised by a loader and asserted by a test', (code) => {
    expect(sources, `src/runtime/data raises ${code}`).toContain(`'${code}'`);
    expect(tests, `a test asserts ${code}`).toContain(`'${code}'`);
  });
});
