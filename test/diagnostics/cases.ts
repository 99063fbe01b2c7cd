// The diagnostic cases in cases/*.rnn and the expectations written inside them.
//
// A case states what the checker must report on the line where the primary range starts, as a
// trailing comment: `LSTM(32)  # error: E0301`, several separated by commas
// (`# error: E0205, warning: W0402`). A diagnostic on a line that cannot hold a comment (inside an
// unterminated string) is stated at the top: `# expect-line 9: error: E0102`.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CASES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'cases');

export interface Expectation {
  readonly line: number;
  readonly severity: 'error' | 'warning';
  readonly code: string;
}

export interface Case {
  readonly name: string;
  /** The file name, used as the path in rendered output so golden files do not depend on the machine. */
  readonly file: string;
  readonly text: string;
  readonly expected: readonly Expectation[];
}

const ITEM = String.raw`(?:(?:error|warning)\s*:\s*)?[EW]\d{4}`;
const TRAILING = new RegExp(String.raw`#\s*((?:error|warning)\s*:\s*[EW]\d{4}(?:\s*,\s*${ITEM})*)\s*$`);
const AT_LINE = new RegExp(String.raw`^#\s*expect-line\s+(\d+)\s*:\s*((?:error|warning)\s*:\s*[EW]\d{4}(?:\s*,\s*${ITEM})*)\s*$`);

function parseItems(line: number, list: string): Expectation[] {
  let severity: 'error' | 'warning' | undefined;
  return list.split(',').map((item) => {
    const m = /^\s*(?:(error|warning)\s*:\s*)?([EW]\d{4})\s*$/.exec(item);
    if (!m) throw new Error(`malformed expectation on line ${line}: ${item}`);
    severity = (m[1] as 'error' | 'warning' | undefined) ?? severity;
    if (!severity) throw new Error(`expectation without a severity on line ${line}: ${item}`);
    return { line, severity, code: m[2]! };
  });
}

export function expectationsOf(text: string): Expectation[] {
  const out: Expectation[] = [];
  text.split('\n').forEach((lineText, i) => {
    const at = AT_LINE.exec(lineText);
    if (at) out.push(...parseItems(Number(at[1]), at[2]!));
    else {
      const m = TRAILING.exec(lineText);
      if (m) out.push(...parseItems(i + 1, m[1]!));
    }
  });
  return out;
}

export function loadCases(): Case[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.rnn'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(CASES_DIR, file), 'utf8');
      return { name: file.slice(0, -'.rnn'.length), file, text, expected: expectationsOf(text) };
    });
}

/** A (line, severity, code) triple as one comparable string. */
export function key(e: Expectation): string {
  return `${e.line} ${e.severity} ${e.code}`;
}
