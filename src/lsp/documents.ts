// The open documents: for each, its current text and version, and the analysis of that version
// once something asked for it. Nothing else is kept, so the server's state stays as small as the
// documents themselves.

import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
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

  /** Applies the changes in order (whole-text or ranged). Unknown documents are ignored. */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): boolean {
    const entry = this.entries.get(uri);
    if (!entry) return false;
    const doc = TextDocument.update(entry.doc, [...changes], version);
    this.entries.set(uri, { doc });
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
