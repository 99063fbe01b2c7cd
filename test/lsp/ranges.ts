// Whether the ranges of an LSP answer lie inside a document: shared by the server's property test
// and the fuzz targets (test/fuzz/targets.ts).

import type { Position, Range } from 'vscode-languageserver-protocol';

export function inside(text: string, p: Position): boolean {
  const lines = text.split(/\r\n|\r|\n/);
  return Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0 && p.line < lines.length && p.character <= lines[p.line]!.length;
}

export function rangeInside(text: string, r: Range): boolean {
  const ordered = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
  return ordered && inside(text, r.start) && inside(text, r.end);
}

/** Every range in an answer (hover, hints, symbols, edits, locations), wherever it is nested. */
export function rangesIn(value: unknown, out: Range[] = []): Range[] {
  if (Array.isArray(value)) value.forEach((v) => rangesIn(v, out));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o['start'] && o['end'] && typeof (o['start'] as Position).line === 'number') out.push(o as unknown as Range);
    else if (typeof o['line'] === 'number' && typeof o['character'] === 'number' && !('start' in o)) out.push({ start: o as unknown as Position, end: o as unknown as Position });
    else for (const v of Object.values(o)) rangesIn(v, out);
  }
  return out;
}
