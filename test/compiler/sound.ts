// What every diagnostic of check() must be, whatever the input: a catalogued code with the
// catalogue's severity, a one-line message, and ranges (its own, related ones, its fixes' edits)
// inside the text. Shared by the checker's property tests and the fuzz targets (test/fuzz).

import { expect } from 'vitest';
import { check, type CheckResult } from '../../src/compiler/check.ts';
import { codeInfo } from '../../src/diagnostics/codes.ts';

export function expectSound(text: string, r: CheckResult = check(text, 'p.rnn')): void {
  for (const d of r.diagnostics) {
    const where = `${JSON.stringify(text.length > 2000 ? `${text.slice(0, 2000)}…` : text)} ${d.code} ${d.message}`;
    expect(codeInfo(d.code), where).toBeDefined();
    expect(d.severity, where).toBe(codeInfo(d.code)!.severity);
    expect(Number.isInteger(d.range.start) && Number.isInteger(d.range.end), where).toBe(true);
    expect(0 <= d.range.start && d.range.start <= d.range.end && d.range.end <= text.length, where).toBe(true);
    expect(d.message.includes('\n'), where).toBe(false);
    for (const l of d.related ?? []) expect(0 <= l.range.start && l.range.end <= text.length, where).toBe(true);
    for (const f of d.fixes ?? []) for (const e of f.edits) expect(0 <= e.range.start && e.range.start <= e.range.end && e.range.end <= text.length, where).toBe(true);
  }
}
