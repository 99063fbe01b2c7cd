// Edits to the document: the checker's fixes as quick fixes, and `rnnc fmt`'s layout as one
// formatting edit. The fixes were computed by the checker; this only looks them up.

import { CodeActionKind, type CodeAction, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextEdit } from '../diagnostics/diagnostic.ts';
import { printFile } from '../format/format.ts';
import type { Analysis } from './analysis.ts';
import { toLspDiagnostic } from './diagnostics.ts';

export function workspaceEdit(a: Analysis, edits: readonly TextEdit[], versioned: boolean): WorkspaceEdit {
  const lsp: LspTextEdit[] = edits.map((e) => ({ range: a.range(e.range), newText: e.newText }));
  return versioned ? { documentChanges: [{ textDocument: { uri: a.uri, version: a.version }, edits: lsp }] } : { changes: { [a.uri]: lsp } };
}

/** Quick fixes of the diagnostics that overlap the range [from, to]. */
export function codeActions(a: Analysis, from: number, to: number, versioned: boolean): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of a.result.diagnostics) {
    if (!d.fixes?.length || d.range.start > to || d.range.end < from) continue;
    const diagnostic = toLspDiagnostic(d, a);
    for (const fix of d.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: d.fixes.length === 1,
        edit: workspaceEdit(a, fix.edits, versioned),
      });
    }
  }
  return actions;
}

/** The whole document in the canonical layout; nothing if it is already, or has syntax errors. */
export function formatting(a: Analysis): LspTextEdit[] {
  // As `rnnc fmt` does, a file with syntax errors is refused: printing a recovered tree would
  // rewrite what the user wrote. The parse is the analysis's own.
  const { file, comments, source, diagnostics } = a.result.parse;
  if (diagnostics.some((d) => d.severity === 'error')) return [];
  const text = printFile(file, comments, source);
  return text === a.text ? [] : [{ range: a.range({ start: 0, end: a.text.length }), newText: text }];
}
