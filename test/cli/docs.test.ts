// docs/language.md against the code: its generated parts (argument tables, layer index,
// vocabularies) must match the registry — `npx tsx docs/generate.ts` rewrites them — every
// layer and vocabulary must have its section, every complete example must check as it says
// (clean, or with the `# error: CODE` written on the offending line), and every diagnostic code
// it names must exist.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_MD, regenerate, sectionsIn, VOCABULARIES } from '../../docs/generate.ts';
import { check } from '../../src/compiler/check.ts';
import { CODES } from '../../src/diagnostics/codes.ts';
import { LAYERS } from '../../src/compiler/layers/registry.ts';

const doc = readFileSync(LANGUAGE_MD, 'utf8');

interface Example {
  readonly code: string;
  /** Line of the opening fence in language.md, for messages. */
  readonly at: number;
}

/** The ```rnn blocks that hold a whole model (fragments of one are left out). */
function examples(): Example[] {
  const out: Example[] = [];
  const fence = /^```rnn\n([\s\S]*?)^```$/gm;
  for (const m of doc.matchAll(fence)) {
    const code = m[1]!;
    if (!/^model \w+ \{/m.test(code)) continue;
    out.push({ code, at: doc.slice(0, m.index).split('\n').length });
  }
  return out;
}

/** `# error: E0301` / `# warning: W0402` at the end of a line: what rnnc must report there. */
function expectations(code: string): string[] {
  return code.split('\n').flatMap((line, i) => [...line.matchAll(/# (error|warning): ([EW]\d{4})/g)].map((m) => `${i + 1} ${m[1]} ${m[2]}`));
}

describe('docs/language.md', () => {
  it('has generated parts that match the registry (run `npx tsx docs/generate.ts`)', () => {
    expect(regenerate(doc) === doc, 'docs/language.md is out of date: run `npx tsx docs/generate.ts` and commit the result').toBe(true);
  });

  it('has an argument table for every layer of the registry, and for no other', () => {
    const documented = sectionsIn(doc).filter((s) => s.startsWith('args ')).map((s) => s.slice(5));
    expect(documented.sort()).toEqual([...LAYERS.keys()].sort());
  });

  it('has a heading for every layer, which the layer index links to', () => {
    for (const name of LAYERS.keys()) expect(doc, name).toMatch(new RegExp(`^### ${name}$`, 'm'));
  });

  it('lists every vocabulary', () => {
    const documented = sectionsIn(doc).filter((s) => s.startsWith('vocab ')).map((s) => s.slice(6));
    expect(documented.sort()).toEqual(Object.keys(VOCABULARIES).sort());
  });

  it('names only diagnostic codes that exist', () => {
    const named = new Set(doc.match(/\b[EW]0\d{3}\b/g));
    expect([...named].filter((c) => !(c in CODES))).toEqual([]);
  });

  const all = examples();
  it('has complete examples to check', () => {
    expect(all.length).toBeGreaterThanOrEqual(8);
  });

  for (const ex of all) {
    it(`example at line ${ex.at} checks as it says`, () => {
      const result = check(ex.code, `language.md:${ex.at}`);
      const reported = result.diagnostics.map((d) => `${result.parse.source.position(d.range.start).line} ${d.severity} ${d.code}`);
      expect(reported).toEqual(expectations(ex.code));
    });
  }
});
