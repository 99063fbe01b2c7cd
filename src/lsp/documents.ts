// The open documents: for each, its current text and version, and the analysis of that version
// once something asked for it. Nothing else is kept, so the server's state stays as small as the
// documents themselves.

import { TextDocument, type Position, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { Analysis } from './analysis.ts';

interface Entry {
  readonly doc: TextDocument;
  analysis?: Analysis;
}

export class Documents {
  private readonly entries = new Map<string, Entry>();

  open(uri: string, version: number, text: string): void {
    this.entries.set(uri, { doc: TextDocument.create(uri, 'rnn', version, text) });
  }

  /**
   * Applies the changes in order (whole-text or ranged). Unknown documents are ignored. A range
   * is first clamped into the document as it is at that change, and ordered: the text document
   * library takes a range's line numbers as given when it updates its index of line starts, so
   * an edit on lines past the end left it with lines the text does not have, and the next
   * ordinary edit garbled the text.
   */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): boolean {
    const entry = this.entries.get(uri);
    if (!entry) return false;
    let doc = entry.doc;
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        doc = TextDocument.update(doc, [{ text: change.text }], version);
        continue;
      }
      const a = doc.offsetAt(finite(change.range.start));
      const b = doc.offsetAt(finite(change.range.end));
      const range = { start: doc.positionAt(Math.min(a, b)), end: doc.positionAt(Math.max(a, b)) };
      doc = TextDocument.update(doc, [{ range, text: change.text }], version);
    }
    this.entries.set(uri, { doc: doc.version === version ? doc : TextDocument.update(doc, [], version) });
    return true;
  }

  close(uri: string): void {
    this.entries.delete(uri);
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  /** The analysis of the document's current version (it checks the text when first asked to). */
  analysis(uri: string): Analysis | undefined {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    return (entry.analysis ??= new Analysis(uri, entry.doc.version, entry.doc.getText()));
  }
}

/** A position with whole, non-negative numbers (a client may send anything). */
function finite(p: Position): Position {
  const whole = (n: number) => (typeof n === 'number' && !Number.isNaN(n) ? Math.max(0, Math.min(Math.floor(n), Number.MAX_SAFE_INTEGER)) : 0);
  return { line: whole(p.line), character: whole(p.character) };
}
