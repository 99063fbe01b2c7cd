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

import type { LineColumn, Range } from '../source/text.ts';
import { describeLocation, type Diagnostic, type LocatedDiagnostic, type Severity } from './diagnostic.ts';
import { textWidth } from './text-width.ts';

export interface FrameOptions {
  readonly color?: boolean;
}

/** What a frame reads of its text: a .rnn file's SourceText, or one line of a data file. */
export interface FrameSource {
  readonly path: string;
  position(offset: number): LineColumn;
  lineText(line: number): string;
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

export function renderFrame(d: Diagnostic, source: FrameSource, options: FrameOptions = {}): string {
  const paint = painter(options);
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
  out.push(`${paint(sevColor, `${d.severity}[${d.code}]`)}${paint('bold', `: ${shorten(d.message)}`)}`);
  out.push(`${' '.repeat(width)}${paint('blue', '-->')} ${source.path}:${start.line}:${start.column}`);
  out.push(gutter());
  let previous: number | undefined;
  for (const line of lines) {
    if (previous !== undefined && line - previous > 2) out.push(paint('blue', '...'));
    else if (previous !== undefined && line - previous === 2) out.push(codeLine(gutter(line - 1), clip(source.lineText(line - 1), 0).shown));
    const lineMarks = byLine.get(line)!.sort((a, b) => Number(b.primary) - Number(a.primary));
    const text = source.lineText(line);
    const window = clip(text, Math.min(...lineMarks.map((m) => source.position(m.range.start).column - 1)));
    out.push(codeLine(gutter(line), window.shown));
    for (const m of lineMarks) {
      const { from, to } = underlineSpan(source, m.range, line, text, window);
      const glyph = m.primary ? '^' : '-';
      const underline = glyph.repeat(Math.max(1, to - from));
      const label = m.message ? ` ${shorten(m.message)}` : '';
      out.push(`${gutter()} ${' '.repeat(from)}${paint(m.primary ? sevColor : 'blue', underline + label)}`.trimEnd());
    }
    previous = line;
  }
  if (d.hint) out.push(`${' '.repeat(width)} ${paint('blue', '=')} ${paint('bold', 'help')}: ${shorten(d.hint)}`);
  return out.join('\n');
}

/**
 * A diagnostic with no .rnn range, rendered as renderFrame renders the others: with a code frame
 * of the offending line when its location has one (a CSV cell, a JSON Lines record), otherwise
 * the header, the location and the hint:
 *
 *   error[E0602]: x.npy is cut short: …
 *    --> x.npy at byte 150
 *     = help: the file was probably truncated while copying; copy or save it again
 */
export function renderLocated(d: LocatedDiagnostic, options: FrameOptions = {}): string {
  const l = d.location;
  if ('line' in l && l.text !== undefined) {
    const text = l.text;
    const excerpt: FrameSource = { path: l.file, position: (offset) => ({ line: l.line, column: offset + 1 }), lineText: (n) => (n === l.line ? text : '') };
    const range = { start: l.column - 1, end: Math.max(l.column, l.endColumn ?? l.column) - 1 };
    return renderFrame({ code: d.code, severity: d.severity, message: d.message, range, ...(d.hint ? { hint: d.hint } : {}) }, excerpt, options);
  }
  const paint = painter(options);
  const out = [`${paint(severityColor(d.severity), `${d.severity}[${d.code}]`)}${paint('bold', `: ${shorten(d.message)}`)}`, `${paint('blue', ' -->')} ${describeLocation(l)}`];
  if (d.hint) out.push(`  ${paint('blue', '=')} ${paint('bold', 'help')}: ${shorten(d.hint)}`);
  return out.join('\n');
}

function painter(options: FrameOptions): Paint {
  return options.color ? (style, text) => `${ANSI[style]}${text}${ANSI.reset}` : (_style, text) => text;
}

function codeLine(gutter: string, text: string): string {
  return `${gutter} ${text.replace(/\t/g, TAB)}`.trimEnd();
}

/** Code quoted in a message (`name`) longer than this is shown by its ends. */
const LONG_QUOTE = 60;

/** A message with its long quotes cut in the middle: a name of 100,000 characters is shown as
 *  its first and last 28 and a `…`, in the terminal (JSON keeps the message whole). */
function shorten(message: string): string {
  if (message.length <= LONG_QUOTE) return message;
  return message.replace(/`([^`]{61,})`/g, (_, q: string) => `\`${q.slice(0, 28)}…${q.slice(-28)}\``);
}

/** Lines longer than this (UTF-16 units) are shown as a window around their first mark. */
const LONG_LINE = 160;
/** How much of a long line the window shows before its first mark. */
const BEFORE_MARK = 60;

/**
 * What a frame shows of a line: all of it, or for a long line (a minified file, a name of
 * thousands of characters) the LONG_LINE units from a little before `anchor`, with `…` where the
 * line goes on. Rendering is then linear in the file, not in the square of a line's length.
 */
interface Window {
  readonly shown: string;
  /** The UTF-16 offset in the line where the window starts, and where it ends. */
  readonly from: number;
  readonly to: number;
  /** The length of the `…` before the window (0 or 1). */
  readonly lead: number;
}

function clip(text: string, anchor: number): Window {
  if (text.length <= LONG_LINE) return { shown: text, from: 0, to: text.length, lead: 0 };
  let from = Math.max(0, Math.min(anchor, text.length) - BEFORE_MARK);
  let to = Math.min(text.length, from + LONG_LINE);
  // Never cut a surrogate pair in two.
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from--;
  if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to++;
  const lead = from > 0 ? 1 : 0;
  return { shown: `${lead ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`, from, to, lead };
}

const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Visual columns (tabs expanded) of the part of `range` on `line` as the window shows it;
 *  multi-line ranges stop at the line's end, ranges beyond the window at its edge. */
function underlineSpan(source: FrameSource, range: Range, line: number, text: string, window: Window): { from: number; to: number } {
  const s = source.position(range.start);
  const e = source.position(range.end);
  const startCol = s.column - 1;
  const endCol = Math.max(startCol, e.line === line ? e.column - 1 : text.length);
  // A column past the line's end (an empty range at a missing token) stays past it.
  const past = (col: number) => (window.to === text.length ? Math.max(0, col - text.length) : 0);
  const shownCol = (col: number) => Math.min(Math.max(col, window.from), window.to) - window.from + window.lead + past(col);
  return { from: visual(window.shown, shownCol(startCol)), to: visual(window.shown, shownCol(endCol)) };
}

/** Terminal columns of the first `col` UTF-16 units of `text`: tabs expanded, wide characters (CJK)
 *  two columns, an emoji one glyph, combining marks none — so the underline sits under the code. */
function visual(text: string, col: number): number {
  const before = text.slice(0, col);
  const tabs = before.split('\t').length - 1;
  return textWidth(before.replace(/\t/g, '')) + tabs * TAB.length + Math.max(0, col - text.length);
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
