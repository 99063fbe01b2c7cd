// Golden diagnostics: every case in cases/*.rnn is checked three ways.
//  (a) the (line, severity, code) of each diagnostic equals the expectations written in the
//      source — independent of the golden files, so a regression cannot be "blessed" unnoticed;
//  (b) the rendered code frames equal cases/NAME.txt and the JSON equals cases/NAME.json
//      (UPDATE_GOLDEN=1 rewrites them; review the diff);
//  (c) invariants every diagnostic must keep, and every fix really fixes.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/compiler/check.ts';
import { CODES } from '../../src/diagnostics/codes.ts';
import type { Diagnostic, TextEdit } from '../../src/diagnostics/diagnostic.ts';
import { renderFrame } from '../../src/diagnostics/render-frame.ts';
import { toJson } from '../../src/diagnostics/render-json.ts';
import { CASES_DIR, key, loadCases, type Case } from './cases.ts';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const cases = loadCases();

/**
 * Cases whose inline expectation states what SHOULD be reported, which the checker does not do yet
 * (each is a finding reported to the checker's authors). Their expectation test is `it.fails`, so
 * it turns red — and must be moved out of this list — once the checker is fixed.
 */
const KNOWN_ISSUES: Record<string, string> = {};

// Words of the parser library and of the implementation that must never reach a user.
const JARGON = [
  /chevrotain/i, /exception/i, /MismatchedToken/, /NoViableAlt/, /EarlyExit/, /NotAllInputParsed/,
  /token ?type/i, /<EOF>/, /\bEOF\b/, /\[object Object\]/, /\bundefined\b/, /\bNaN\b/, /\bnull\b/,
  /TypeError/, /ReferenceError/, /internal:/, /-->/,
];

function frames(c: Case): string {
  const r = check(c.text, c.file);
  return r.diagnostics.map((d) => renderFrame(d, r.parse.source)).join('\n\n') + '\n';
}

function json(c: Case): string {
  const r = check(c.text, c.file);
  return JSON.stringify(r.diagnostics.map((d) => toJson(d, r.parse.source)), null, 2) + '\n';
}

function golden(file: string, actual: string): void {
  const path = join(CASES_DIR, file);
  if (UPDATE || !existsSync(path)) {
    if (!UPDATE) throw new Error(`no golden file ${file}; run with UPDATE_GOLDEN=1 and review it`);
    writeFileSync(path, actual);
    return;
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/** Applies non-overlapping edits, last first so earlier offsets stay valid. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits]
    .sort((a, b) => b.range.start - a.range.start)
    .reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
}

function expectInside(text: string, r: { start: number; end: number }, what: string): void {
  expect(Number.isInteger(r.start) && Number.isInteger(r.end), `${what}: integer offsets`).toBe(true);
  expect(r.start, `${what}: start ≥ 0`).toBeGreaterThanOrEqual(0);
  expect(r.start, `${what}: start ≤ end`).toBeLessThanOrEqual(r.end);
  expect(r.end, `${what}: end inside the text`).toBeLessThanOrEqual(text.length);
}

function expectPlain(s: string, what: string): void {
  expect(s.trim(), `${what} is not empty`).not.toBe('');
  expect(s, `${what} is one line`).not.toMatch(/[\r\n]/);
  for (const word of JARGON) expect(s, `${what} has no jargon`).not.toMatch(word);
}

describe('golden diagnostics', () => {
  it('has enough cases, each stating at least one expectation', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
    for (const c of cases) expect(c.expected.length, c.file).toBeGreaterThan(0);
  });

  it('covers every code the checker finds', () => {
    const covered = new Set(cases.flatMap((c) => c.expected.map((e) => e.code)));
    // Data files, the command line, saved models, the emitter and training itself find the others.
    const atRunTime = (code: string) =>
      /^[EW]0[6-9]/.test(code) || (CODES[code as keyof typeof CODES] as { atRunTime?: true }).atRunTime === true;
    const missing = Object.keys(CODES).filter((code) => !atRunTime(code) && !covered.has(code));
    expect(missing).toEqual([]);
  });

  for (const c of cases) {
    describe(c.name, () => {
      const known = KNOWN_ISSUES[c.name];
      const reportsWhatTheSourceSays = () => {
        const actual = check(c.text, c.file).diagnostics.map((d) =>
          key({ line: lineOf(c.text, d.range.start), severity: d.severity as 'error' | 'warning', code: d.code }),
        );
        expect(actual.sort()).toEqual(c.expected.map(key).sort());
      };
      if (known) it.fails(`reports exactly the expectations in the source (known issue: ${known})`, reportsWhatTheSourceSays);
      else it('reports exactly the expectations in the source', reportsWhatTheSourceSays);

      it('renders the golden code frames', () => golden(`${c.name}.txt`, frames(c)));
      it('renders the golden JSON', () => golden(`${c.name}.json`, json(c)));

      it('keeps the invariants of every diagnostic', () => {
        for (const d of check(c.text, c.file).diagnostics) {
          const what = `${d.code} at ${d.range.start}`;
          const info = (CODES as Record<string, { severity: string } | undefined>)[d.code];
          expect(info, `${what}: code in the catalogue`).toBeDefined();
          expect(d.severity, `${what}: severity from the catalogue`).toBe(info!.severity);
          expectInside(c.text, d.range, `${what} range`);
          expectPlain(d.message, `${what} message`);
          if (d.label !== undefined) expectPlain(d.label, `${what} label`);
          if (d.hint !== undefined) expectPlain(d.hint, `${what} hint`);
          for (const l of d.related ?? []) {
            expectInside(c.text, l.range, `${what} related`);
            expectPlain(l.message, `${what} related message`);
          }
          for (const f of d.fixes ?? []) {
            expectPlain(f.title, `${what} fix title`);
            expect(f.edits.length, `${what} fix has edits`).toBeGreaterThan(0);
            for (const e of f.edits) expectInside(c.text, e.range, `${what} fix edit`);
          }
        }
      });

      const fixable = check(c.text, c.file).diagnostics.filter((d) => d.fixes?.length);
      for (const d of fixable) {
        for (const f of d.fixes!) {
          it(`fix "${f.title}" removes ${d.code} on line ${lineOf(c.text, d.range.start)}`, () => {
            const fixed = applyEdits(c.text, f.edits);
            expect(fixed).not.toBe(c.text);
            const line = lineOf(fixed, shifted(d, f.edits));
            const still = check(fixed, c.file).diagnostics.filter(
              (e) => e.code === d.code && lineOf(fixed, e.range.start) === line,
            );
            expect(still.map((e) => e.message)).toEqual([]);
          });
        }
      }
    });
  }
});

/** Where the diagnostic's start lands after the edits (edits before it move it). */
function shifted(d: Diagnostic, edits: readonly TextEdit[]): number {
  let at = d.range.start;
  for (const e of edits) if (e.range.end <= d.range.start) at += e.newText.length - (e.range.end - e.range.start);
  return at;
}
