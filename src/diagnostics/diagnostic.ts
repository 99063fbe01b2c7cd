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
