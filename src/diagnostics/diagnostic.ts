// One diagnostic object, built once by a phase and rendered many ways: a terminal code frame,
// JSON, an LSP diagnostic (the Elm compiler's "build once, render many").

import type { Range } from '../source/text.ts';

export type Severity = 'error' | 'warning' | 'info';

/** A secondary range shown under the code ("returns only its last step: (None, 64)"). */
export interface Label {
  readonly range: Range;
  readonly message: string;
}

/** A replacement of a range of the source text. An insertion has start === end. */
export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

/** A machine-applicable fix: the editor shows `title` and applies every edit. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface Diagnostic {
  /** Stable code from the catalogue (codes.ts), e.g. "E0301". Never reused. */
  readonly code: string;
  readonly severity: Severity;
  /** One line in plain words. */
  readonly message: string;
  /** The narrowest culprit. */
  readonly range: Range;
  /** Text shown under the ^^^ of the primary range. */
  readonly label?: string;
  /** Related ranges in the same file. */
  readonly related?: readonly Label[];
  /** A concrete next step ("add return_sequences=true to the LSTM on line 3"). */
  readonly hint?: string;
  readonly fixes?: readonly Fix[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sort by position, then code, so output is stable whatever order phases found them in. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.code.localeCompare(b.code),
  );
}

/**
 * Where a diagnostic points outside a .rnn source: a cell of a CSV file or a record of a JSON
 * Lines file (1-based line and columns in UTF-16 units, with the line's text for a code frame),
 * a byte of a binary file (0-based, as `xxd` counts), a whole file, or a context that is no file
 * (`command line`, `train block`).
 */
export type Location =
  | { readonly file: string; readonly line: number; readonly column: number; readonly endColumn?: number; readonly text?: string }
  | { readonly file: string; readonly offset: number }
  | { readonly file: string }
  | { readonly context: string };

/**
 * A diagnostic found where there is no .rnn range to point at — in a data file, a saved model,
 * the command line — or while a model runs. Rendered by the same renderer (render-frame.ts:
 * `renderLocated`, and `toJsonLocated` for JSON), with a code frame when the location has a line.
 */
export interface LocatedDiagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly location: Location;
  readonly hint?: string | undefined;
}

/** `series.csv:14:3`, `x.npy at byte 128`, `x.npy`, `command line`: a location in one line. */
export function describeLocation(l: Location): string {
  if ('context' in l) return l.context;
  if ('line' in l) return `${l.file}:${l.line}:${l.column}`;
  if ('offset' in l) return `${l.file} at byte ${l.offset}`;
  return l.file;
}
