// A small document algebra and its printer, after Wadler's "A prettier printer" as Prettier
// implements it (src/document/printer.js): the formatter describes the layout once, with groups
// that may print flat or broken, and the printer picks, outermost group first, the flat form when
// the rest of the line still fits in the width.

export type Doc = string | readonly Doc[] | Group | Indent | Line | IfBreak | CommentDoc;

export interface Group {
  readonly t: 'group';
  readonly doc: Doc;
  /** Set when the group must break: it holds a comment or a hard line (see `propagateBreaks`). */
  broken: boolean;
}

interface Indent {
  readonly t: 'indent';
  readonly doc: Doc;
}

interface Line {
  readonly t: 'line';
  /** `soft`: nothing when flat; otherwise a space when flat. `hard`: always a line break. */
  readonly kind: 'soft' | 'space' | 'hard';
}

interface IfBreak {
  readonly t: 'ifBreak';
  readonly broken: Doc;
  readonly flat: Doc;
}

/** A `#` comment. It takes no width (a long comment never breaks code) and forces a break. */
interface CommentDoc {
  readonly t: 'comment';
  readonly text: string;
}

export const line: Line = { t: 'line', kind: 'space' };
export const softline: Line = { t: 'line', kind: 'soft' };
export const hardline: Line = { t: 'line', kind: 'hard' };

export function group(doc: Doc): Group {
  return { t: 'group', doc, broken: false };
}

export function indent(doc: Doc): Indent {
  return { t: 'indent', doc };
}

export function ifBreak(broken: Doc, flat: Doc = ''): IfBreak {
  return { t: 'ifBreak', broken, flat };
}

export function comment(text: string): CommentDoc {
  return { t: 'comment', text };
}

export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  const out: Doc[] = [];
  docs.forEach((d, i) => {
    if (i > 0) out.push(separator);
    out.push(d);
  });
  return out;
}

/**
 * Mark every group that contains a hard line or a comment as broken, and every group around it:
 * a comment runs to the end of its line, so nothing enclosing it can print on one line.
 * Returns whether `doc` itself forces a break.
 */
export function propagateBreaks(doc: Doc): boolean {
  if (typeof doc === 'string') return false;
  if (isArray(doc)) {
    let forced = false;
    for (const d of doc) if (propagateBreaks(d)) forced = true;
    return forced;
  }
  switch (doc.t) {
    case 'group': {
      if (propagateBreaks(doc.doc)) doc.broken = true;
      return doc.broken;
    }
    case 'indent':
      return propagateBreaks(doc.doc);
    case 'line':
      return doc.kind === 'hard';
    case 'ifBreak': {
      const a = propagateBreaks(doc.broken);
      const b = propagateBreaks(doc.flat);
      return a || b;
    }
    case 'comment':
      return true;
  }
}

type Mode = 'flat' | 'break';

interface Command {
  readonly indent: number;
  readonly mode: Mode;
  readonly doc: Doc;
}

/** Print `doc` in `width` columns with 2-space indentation. Call `propagateBreaks` first. */
export function printDoc(doc: Doc, width: number): string {
  const out: string[] = [];
  /** Index in `out` of the indentation written after the last line break, if nothing followed. */
  let pendingIndent = -1;
  let column = 0;
  const stack: Command[] = [{ indent: 0, mode: 'break', doc }];

  const newline = (ind: number) => {
    // Never leave trailing whitespace: drop the indentation of a line that stayed empty.
    if (pendingIndent === out.length - 1) out.pop();
    out.push('\n');
    out.push(' '.repeat(ind));
    pendingIndent = out.length - 1;
    column = ind;
  };

  for (let cmd = stack.pop(); cmd !== undefined; cmd = stack.pop()) {
    const { indent: ind, mode, doc: d } = cmd;
    if (typeof d === 'string') {
      if (d.length > 0) {
        out.push(d);
        column += d.length;
      }
      continue;
    }
    if (isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) stack.push({ indent: ind, mode, doc: d[i]! });
      continue;
    }
    switch (d.t) {
      case 'group': {
        const flat: Command = { indent: ind, mode: 'flat', doc: d.doc };
        if (mode === 'flat' && !d.broken) stack.push(flat);
        else if (!d.broken && fits(flat, stack, width - column)) stack.push(flat);
        else stack.push({ indent: ind, mode: 'break', doc: d.doc });
        break;
      }
      case 'indent':
        stack.push({ indent: ind + 2, mode, doc: d.doc });
        break;
      case 'line':
        if (mode === 'flat' && d.kind !== 'hard') {
          if (d.kind === 'space') {
            out.push(' ');
            column += 1;
          }
        } else newline(ind);
        break;
      case 'ifBreak':
        stack.push({ indent: ind, mode, doc: mode === 'break' ? d.broken : d.flat });
        break;
      case 'comment':
        out.push(d.text);
        column += d.text.length;
        break;
    }
  }
  return out.join('');
}

/**
 * Whether `next` printed flat, followed by what the stack holds up to the next line break, fits
 * in `width` columns. Commands on the stack keep their mode, so a group still to come in a broken
 * parent counts as ending the line at its first possible break (Prettier's `fits`).
 */
function fits(next: Command, rest: readonly Command[], width: number): boolean {
  let restIndex = rest.length;
  const todo: { mode: Mode; doc: Doc }[] = [next];
  while (width >= 0) {
    let cmd = todo.pop();
    if (cmd === undefined) {
      if (restIndex === 0) return true;
      cmd = rest[--restIndex]!;
    }
    const { mode, doc: d } = cmd;
    if (typeof d === 'string') {
      width -= d.length;
      continue;
    }
    if (isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) todo.push({ mode, doc: d[i]! });
      continue;
    }
    switch (d.t) {
      case 'group':
        todo.push({ mode: d.broken ? 'break' : mode, doc: d.doc });
        break;
      case 'indent':
        todo.push({ mode, doc: d.doc });
        break;
      case 'line':
        if (mode === 'break' || d.kind === 'hard') return true;
        if (d.kind === 'space') width -= 1;
        break;
      case 'ifBreak':
        todo.push({ mode, doc: mode === 'break' ? d.broken : d.flat });
        break;
      case 'comment':
        break;
    }
  }
  return false;
}

function isArray(doc: Doc): doc is readonly Doc[] {
  return Array.isArray(doc);
}
