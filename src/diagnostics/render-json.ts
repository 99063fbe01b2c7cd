// A diagnostic as plain JSON for tools: 1-based lines and columns (columns in UTF-16 units),
// end exclusive, as `rnnc check --format json` prints them. A diagnostic of a data file, a saved
// model or the command line has the same fields where it has a place in a text file; a byte of a
// binary file is `offset` (0-based), and a place that is no file is `context`.

import type { SourceText, Range } from '../source/text.ts';
import type { Diagnostic, LocatedDiagnostic } from './diagnostic.ts';

export interface JsonSpan {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface JsonDiagnostic extends JsonSpan {
  readonly file: string;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly label?: string;
  readonly hint?: string;
  readonly related: readonly (JsonSpan & { readonly message: string })[];
  readonly fixes: readonly { readonly title: string; readonly edits: readonly (JsonSpan & { readonly newText: string })[] }[];
}

export function span(source: SourceText, r: Range): JsonSpan {
  const s = source.position(r.start);
  const e = source.position(r.end);
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

export function toJson(d: Diagnostic, source: SourceText): JsonDiagnostic {
  return {
    file: source.path,
    ...span(source, d.range),
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...(d.label ? { label: d.label } : {}),
    ...(d.hint ? { hint: d.hint } : {}),
    related: (d.related ?? []).map((l) => ({ ...span(source, l.range), message: l.message })),
    fixes: (d.fixes ?? []).map((f) => ({
      title: f.title,
      edits: f.edits.map((e) => ({ ...span(source, e.range), newText: e.newText })),
    })),
  };
}

/** The JSON of a diagnostic with no .rnn range: the fields of JsonDiagnostic that its location has. */
export interface JsonLocatedDiagnostic extends Partial<JsonSpan> {
  readonly file?: string;
  readonly offset?: number;
  readonly context?: string;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly hint?: string;
  readonly related: readonly [];
  readonly fixes: readonly [];
}

export function toJsonLocated(d: LocatedDiagnostic): JsonLocatedDiagnostic {
  const l = d.location;
  const where =
    'context' in l
      ? { context: l.context }
      : 'line' in l
        ? { file: l.file, line: l.line, column: l.column, endLine: l.line, endColumn: Math.max(l.column, l.endColumn ?? l.column) }
        : 'offset' in l
          ? { file: l.file, offset: l.offset }
          : { file: l.file };
  return { ...where, code: d.code, severity: d.severity, message: d.message, ...(d.hint ? { hint: d.hint } : {}), related: [], fixes: [] };
}
