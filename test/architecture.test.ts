// The rules of ARCHITECTURE.md. The import rules are dependency-cruiser's, in
// .dependency-cruiser.cjs (no cycles, the layering, who may import chevrotain, TensorFlow.js and
// the file system); this runs them over src/ and adds the rules an import graph cannot see.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const CONFIG = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as IConfiguration;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(join(ROOT, 'src')).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

let result: ICruiseResult;

beforeAll(async () => {
  const previous = process.cwd();
  process.chdir(ROOT); // dependency-cruiser reports paths relative to the working directory
  try {
    result = (await cruise(['src'], { validate: true, ruleSet: CONFIG, ...CONFIG.options })).output as ICruiseResult;
  } finally {
    process.chdir(previous);
  }
}, 120_000);

/** Each violation of one rule, as `from → to` (a cycle as its whole path). */
function violations(rule: string): string[] {
  return result.summary.violations
    .filter((v) => v.rule.name === rule)
    .map((v) => (v.cycle?.length ? [v.from, ...v.cycle.map((c) => c.name)] : [v.from, v.to]).join(' → '));
}

describe('architecture rules', () => {
  it('reads the whole of src/', () => {
    const cruised = result.modules.filter((m) => m.source.startsWith('src/'));
    expect(cruised.length).toBe(files.length);
  });

  for (const rule of CONFIG.forbidden ?? []) {
    it(`${rule.name}${rule.comment ? `: ${rule.comment}` : ''}`, () => {
      expect(violations(rule.name!)).toEqual([]);
    });
  }

  it('reports nothing else', () => {
    expect(result.summary.violations.filter((v) => !(CONFIG.forbidden ?? []).some((r) => r.name === v.rule.name))).toEqual([]);
  });

  it('lets only the edges use the process', () => {
    const edges = ['cli', 'console', 'lsp', 'runtime', 'emit'];
    const offenders = files.filter((f) => !edges.some((d) => f.path.startsWith(`src/${d}/`)) && /\bprocess\.(argv|exit|stdout|stderr|env|cwd)/.test(f.text));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('cites only documents that are in the repository', () => {
    const cited = files.flatMap((f) => [...f.text.matchAll(/\b((?:docs\/)?[\w-]+\.md)\b/g)].map((m) => `${f.path}: ${m[1]}`));
    expect(cited.filter((c) => !existsSync(join(ROOT, c.slice(c.indexOf(': ') + 2))))).toEqual([]);
  });
});
