// `rnnc explain CODE` prints the catalogue's long explanation; an unknown code is a usage
// error E0704 with a suggestion; `--list` (and no code at all) lists the catalogue.

import { describe, expect, it } from 'vitest';
import { CODES, codeInfo } from '../../src/diagnostics/codes.ts';
import { expectNoCrash, expectUsageError, rnnc } from './run.ts';

const catalogue = Object.entries(CODES) as [string, { severity: string; title: string; explanation: string }][];

describe('rnnc explain', () => {
  it('prints the title, severity and explanation of a known code, exit 0', async () => {
    const run = await rnnc(['explain', 'E0301']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`E0301: ${CODES.E0301.title} (error)\n\n${CODES.E0301.explanation}\n`);
    expectNoCrash(run);
  });

  it('takes the code in any case and explains warnings too', async () => {
    const run = await rnnc(['explain', 'w0402']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`W0402: ${CODES.W0402.title} (warning)`);
  });

  it('explains its own command-line codes', async () => {
    const run = await rnnc(['explain', 'E0704']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(CODES.E0704.explanation);
  });

  it('an unknown code close to a real one: E0704 with did-you-mean, exit 2', async () => {
    const run = await rnnc(['explain', 'E0310x']);
    expectUsageError(run, 'E0704');
    expect(run.stderr).toMatch(/^error\[E0704\]: .*`E0310x`/m);
    expect(run.stderr).toMatch(/= help: did you mean `E0310`\?/);
    expect(run.stdout).toBe('');
  });

  it('an unknown code far from any: E0704 pointing at --list, exit 2', async () => {
    const run = await rnnc(['explain', 'XYZ123']);
    expectUsageError(run, 'E0704');
    expect(run.stderr).toMatch(/= help: .*rnnc explain --list/);
  });

  it.each(['constructor', '__proto__', 'toString'])('%s is no code, in the catalogue as in the library', async (word) => {
    expect(codeInfo(word)).toBeUndefined();
    expect(codeInfo(word.toUpperCase())).toBeUndefined();
    expectUsageError(await rnnc(['explain', word]), 'E0704');
  });

  it('two codes at once is bad usage (E0703)', async () => {
    expectUsageError(await rnnc(['explain', 'E0301', 'E0302']), 'E0703');
  });

  it('--list prints every code of the catalogue once, in order, with severity and title', async () => {
    const run = await rnnc(['explain', '--list']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(catalogue.map(([code]) => code));
    lines.forEach((line, i) => {
      const [code, info] = catalogue[i]!;
      expect(line).toMatch(new RegExp(`^${code}\\s+${info.severity}\\s+\\S`));
      expect(line.endsWith(info.title)).toBe(true);
    });
  });

  it('with no code lists the catalogue as --list does', async () => {
    const [bare, list] = await Promise.all([rnnc(['explain']), rnnc(['explain', '--list'])]);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toBe(list.stdout);
  });
});

describe('the catalogue rnnc explain reads', () => {
  it('gives every code a title, a severity that matches its letter, and a real explanation', () => {
    for (const [code, info] of catalogue) {
      expect(code).toMatch(/^[EW]0[1-9]\d\d$/);
      expect(info.severity).toBe(code.startsWith('W') ? 'warning' : 'error');
      expect(info.title.length).toBeGreaterThan(3);
      expect(info.explanation.length).toBeGreaterThan(20);
    }
  });
});
