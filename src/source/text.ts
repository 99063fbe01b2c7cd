// Source text and positions. Ranges are UTF-16 offsets (what JavaScript strings and LSP use),
// half-open [start, end). Lines and columns are derived on demand, 1-based for people,
// 0-based for LSP.

export interface Range {
  readonly start: number;
  readonly end: number;
}

export interface LineColumn {
  /** 1-based line */
  readonly line: number;
  /** 1-based column, in UTF-16 code units */
  readonly column: number;
}

export function range(start: number, end: number): Range {
  return { start, end: Math.max(start, end) };
}

export function spanning(first: Range, last: Range): Range {
  return { start: Math.min(first.start, last.start), end: Math.max(first.end, last.end) };
}

export class SourceText {
  readonly lineStarts: readonly number[];

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // The usual text: line feeds only, found by indexOf, much faster than a loop over characters.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 10 /* \n */) starts.push(i + 1);
        else if (ch === 13 /* \r */ && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  /** 1-based line and column of an offset (clamped into the text). */
  position(offset: number): LineColumn {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.lineStarts[lo]! + 1 };
  }

  /** Offset of a 1-based line and column (clamped). */
  offset(line: number, column: number): number {
    const l = Math.max(1, Math.min(line, this.lineStarts.length));
    const start = this.lineStarts[l - 1]!;
    const end = this.lineEnd(l);
    return Math.min(start + Math.max(0, column - 1), end);
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    return this.text.slice(start, this.lineEnd(line));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  slice(r: Range): string {
    return this.text.slice(r.start, r.end);
  }

  private lineEnd(line: number): number {
    const next = this.lineStarts[line];
    let end = next === undefined ? this.text.length : next;
    while (end > this.lineStarts[line - 1]! && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return end;
  }
}
