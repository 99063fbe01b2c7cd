// What an editor holds after an edit, written independently of vscode-languageserver-textdocument:
// the reference the language server's copy of a document must equal. An LSP position's line
// past the last line means the end of the text, a character past its line's end means the end
// of that line (before its line break), and a range given end first is the same range.

export interface EditorPosition {
  readonly line: number;
  readonly character: number;
}

export interface EditorChange {
  readonly range?: { readonly start: EditorPosition; readonly end: EditorPosition };
  readonly text: string;
}

/** The offset of a position in `text`, clamped as above. */
export function editorOffset(text: string, p: EditorPosition): number {
  let start = 0;
  for (let line = 0; line < p.line; line++) {
    const m = /\r\n|\r|\n/g;
    m.lastIndex = start;
    const found = m.exec(text);
    if (!found) return text.length;
    start = found.index + found[0].length;
  }
  const eol = /\r\n|\r|\n/g;
  eol.lastIndex = start;
  const next = eol.exec(text);
  const lineEnd = next ? next.index : text.length;
  return Math.min(start + Math.max(0, p.character), lineEnd);
}

/** The position of an offset. */
export function editorPosition(text: string, offset: number): EditorPosition {
  const before = text.slice(0, offset);
  const breaks = before.match(/\r\n|\r|\n/g) ?? [];
  const last = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { line: breaks.length, character: offset - (last + 1) };
}

/** The text after the changes, applied in order. */
export function applyChanges(text: string, changes: readonly EditorChange[]): string {
  for (const c of changes) {
    if (!c.range) {
      text = c.text;
      continue;
    }
    const a = editorOffset(text, c.range.start);
    const b = editorOffset(text, c.range.end);
    text = text.slice(0, Math.min(a, b)) + c.text + text.slice(Math.max(a, b));
  }
  return text;
}
