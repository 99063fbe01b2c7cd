// A diagnostic as a terminal code frame, in the style of rustc:
//
//   error[E0301]: LSTM needs a sequence (batch, time, features), but gets (None, 64)
//    --> sentiment.rnn:4:3
//     |
//   3 |   LSTM(64)
//     |   -------- returns only its last step: (None, 64)
//   4 |   LSTM(32)
//     |   ^^^^^^^^ expects (None, time, features)
//     = help: add return_sequences=true to the LSTM on line 3
//
// Colour is the caller's choice (only on a terminal).

import stringWidth from 'string-width';
import type { SourceText, Range } from '../source/text.ts';
import type { Diagnostic, Severity } from './diagnostic.ts';

export interface FrameOptions {
  readonly color?: boolean;
}

const ANSI = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  red: '\x1b[31m',
  yellow: '\x1b[33m',
  blue: '\x1b[34m',
  cyan: '\x1b[36m',
} as const;

type Paint = (style: keyof typeof ANSI, text: string) => string;

interface Mark {
  readonly range: Range;
  readonly message: string;
  readonly primary: boolean;
}

const TAB = '    ';

export function renderFrame(d: Diagnostic, source: SourceText, options: FrameOptions = {}): string {
  const paint: Paint = options.color
    ? (style, text) => `${ANSI[style]}${text}${ANSI.reset}`
    : (_style, text) => text;
  const sevColor = severityColor(d.severity);
  const marks: Mark[] = [
    { range: d.range, message: d.label ?? '', primary: true },
    ...(d.related ?? []).map((l) => ({ range: l.range, message: l.message, primary: false })),
  ];
  const byLine = new Map<number, Mark[]>();
  for (const m of marks) {
    const line = source.position(m.range.start).line;
    const list = byLine.get(line) ?? [];
    list.push(m);
    byLine.set(line, list);
  }
  const lines = [...byLine.keys()].sort((a, b) => a - b);
  const width = String(lines[lines.length - 1] ?? 1).length;
  const gutter = (n?: number) => paint('blue', `${n === undefined ? ' '.repeat(width) : String(n).padStart(width)} |`);
  const start = source.position(d.range.start);

  const out: string[] = [];
  out.push(`${paint(sevColor, `${d.severity}[${d.code}]`)}${paint('bold', `: ${d.message}`)}`);
  out.push(`${' '.repeat(width)}${paint('blue', '-->')} ${source.path}:${start.line}:${start.column}`);
  out.push(gutter());
  let previous: number | undefined;
  for (const line of lines) {
    if (previous !== undefined && line - previous > 2) out.push(paint('blue', '...'));
    else if (previous !== undefined && line - previous === 2) out.push(codeLine(gutter(line - 1), source.lineText(line - 1)));
    const text = source.lineText(line);
    out.push(codeLine(gutter(line), text));
    const lineMarks = byLine.get(line)!.sort((a, b) => Number(b.primary) - Number(a.primary));
    for (const m of lineMarks) {
      const { from, to } = underlineSpan(source, m.range, line, text);
      const glyph = m.primary ? '^' : '-';
      const underline = glyph.repeat(Math.max(1, to - from));
      const label = m.message ? ` ${m.message}` : '';
      out.push(`${gutter()} ${' '.repeat(from)}${paint(m.primary ? sevColor : 'blue', underline + label)}`.trimEnd());
    }
    previous = line;
  }
  if (d.hint) out.push(`${' '.repeat(width)} ${paint('blue', '=')} ${paint('bold', 'help')}: ${d.hint}`);
  return out.join('\n');
}

function codeLine(gutter: string, text: string): string {
  return `${gutter} ${text.replace(/\t/g, TAB)}`.trimEnd();
}

/** Visual columns (tabs expanded) of the part of `range` on `line`; multi-line ranges stop at the line's end. */
function underlineSpan(source: SourceText, range: Range, line: number, text: string): { from: number; to: number } {
  const s = source.position(range.start);
  const e = source.position(range.end);
  const startCol = s.column - 1;
  const endCol = e.line === line ? e.column - 1 : text.length;
  return { from: visual(text, startCol), to: visual(text, Math.max(startCol, endCol)) };
}

/** Terminal columns of the first `col` UTF-16 units of `text`: tabs expanded, wide characters (CJK)
 *  two columns, an emoji one glyph, combining marks none — so the underline sits under the code. */
function visual(text: string, col: number): number {
  const before = text.slice(0, col);
  const tabs = before.split('\t').length - 1;
  return stringWidth(before.replace(/\t/g, '')) + tabs * TAB.length + Math.max(0, col - text.length);
}

function severityColor(s: Severity): keyof typeof ANSI {
  return s === 'error' ? 'red' : s === 'warning' ? 'yellow' : 'cyan';
}

export function renderSummaryLine(errors: number, warnings: number): string {
  const parts: string[] = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  return parts.join(', ');
}
