// examples/README.md keeps up with the examples: every .rnn file is in its table, and every
// picture it shows is there to be shown.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from './short-run.ts';

const readme = readFileSync(join(EXAMPLES, 'README.md'), 'utf8');
const topReadme = readFileSync(join(EXAMPLES, '..', 'README.md'), 'utf8');

describe('examples/README.md', () => {
  it('links every example', () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.rnn'));
    expect(files.filter((f) => !readme.includes(`](${f})`))).toEqual([]);
  });

  it('shows pictures that exist', () => {
    const pictures = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(pictures.length).toBeGreaterThanOrEqual(10);
    expect(pictures.filter((p) => !existsSync(join(EXAMPLES, p)))).toEqual([]);
    const top = [...topReadme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(top.filter((p) => !existsSync(join(EXAMPLES, '..', p)))).toEqual([]);
  });

  it('gives each example the command that runs it', () => {
    for (const m of readme.matchAll(/`npx (rnnc train|tsx) (examples\/[\w.-]+)/g)) expect(existsSync(join(EXAMPLES, '..', m[2]!)), m[2]).toBe(true);
  });
});
