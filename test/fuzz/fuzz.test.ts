// The fuzz targets (test/fuzz/targets.ts), each for a short seeded run: the same cases every
// time, so a failure here is a regression to fix, not luck. `npm run fuzz -- --minutes 60`
// runs them with fresh seeds for as long as asked.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../src/compiler/check.ts';
import { toJson } from '../../src/diagnostics/render-json.ts';
import { rnnc, tempDirs } from '../cli/run.ts';
import { anyProgram } from './programs.ts';
import { TARGETS } from './targets.ts';

const SEED = 19;

describe('fuzz targets, short seeded run', () => {
  for (const target of TARGETS) {
    it(`${target.name}: ${target.about} (${target.testRuns} cases)`, async () => {
      await target.setup?.();
      try {
        const property = target.async ? fc.asyncProperty(target.arbitrary, (input) => target.run(input) as Promise<void>) : fc.property(target.arbitrary, (input) => void target.run(input));
        await fc.assert(property as fc.IAsyncProperty<unknown>, { seed: SEED, numRuns: target.testRuns });
      } finally {
        await target.teardown?.();
      }
    }, 120_000);
  }
});

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

// The lsp-server target compares the server with check() and toJson() in this process; this ties
// those to what the command prints.
describe('rnnc check --format json', () => {
  it('prints for fuzzed programs what the fuzz targets expect of it', async () => {
    const programs = fc.sample(anyProgram, { seed: SEED, numRuns: 30 });
    const dir = dirs.make();
    const files = programs.map((text, i) => {
      writeFileSync(join(dir, `p${i}.rnn`), text);
      return `p${i}.rnn`;
    });
    const run = await rnnc(['check', '--format', 'json', ...files], { cwd: dir });
    expect([0, 1]).toContain(run.code);
    const expected = files.flatMap((file) => {
      const r = check(readFileSync(join(dir, file), 'utf8'), file);
      return r.diagnostics.map((d) => toJson(d, r.parse.source));
    });
    expect(JSON.parse(run.stdout)).toEqual(expected);
  }, 60_000);
});
