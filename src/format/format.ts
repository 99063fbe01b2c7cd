// `rnnc fmt`: the one canonical layout of a `.rnn` file. The layout, rule by rule:
//
// Blocks
//   - `model NAME {` … `}` and `train {` / `train NAME {` … `}`, the body indented 2 spaces, one
//     statement or entry per line. An empty block prints as `model m {}`.
//   - One blank line between top-level blocks. Inside a block a blank line the user left between
//     two statements (or comments) is kept, runs of blank lines become one, and there is none
//     after `{` or before `}`. Blank lines between comments at the top level are kept the same way.
//   - The file ends with exactly one `\n` (an empty file stays empty); line endings are `\n`.
//
// Statements and expressions
//   - Calls `LSTM(64, return_sequences=true)`: no spaces around a keyword argument's `=`, `, `
//     between arguments. Applied calls `LSTM(256)(x, initial_state=[h, c])`.
//   - Bindings `_, h, c = …`, train entries and record entries `key = value`; `output a, b`.
//   - Tuples `(5, 1)` and `(None,)`, lists `[a, b]`, records `{ x = "x.npy" }`, empty ones
//     `()`, `[]`, `{}`.
//   - Literals print exactly as written (a number's raw text, a string's raw text with its quotes
//     and escapes), except booleans, which print as `true`/`false` (`True` means the same).
//
// Long lines
//   - A line may hold 100 columns. When a statement does not fit, the outermost bracketed list
//     (argument list, tuple, list or record) breaks: one item per line, indented one level
//     further, each followed by a comma, the closing bracket on its own line; inner lists then
//     stay on one line if they fit and break the same way if not. Of two lists side by side
//     (`LSTM(…)(…)`) the later one breaks first. `output` values and binding targets never break.
//     Comments take no width: a long comment never breaks code.
//
// Comments (see attach-comments.ts for how each one finds its place)
//   - An own-line comment stays before the statement, entry, argument, element or block that
//     follows it, with one blank line before it if the user left one (in blocks only).
//   - A comment after code stays at the end of that line, one space before the `#`.
//   - A comment right after an opening `{`, `(` or `[` stays there (`model m {  # note`).
//   - Comments at the end of a block stay before its `}`; at the end of a file, at its end.
//   - A comment inside a bracketed list breaks that list (and every list around it) one item per
//     line, so the comment still ends its line inside the list.
//   - A comment inside a statement but outside any list (`x = # note` then the value on the next
//     line) moves to its own line just before that statement — never to another statement.
//   - Comment text prints as written, trailing whitespace trimmed.
//
// The formatter is a fixed point (formatting twice changes nothing) and keeps the tree: parsing
// the output gives the input's tree, up to ranges and the spelling of booleans.

import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type {
  ArgList,
  Comment,
  Decl,
  Entry,
  Expr,
  FileNode,
  Stmt,
} from '../parser/ast.ts';
import { parse } from '../parser/index.ts';
import type { Range, SourceText } from '../source/text.ts';
import { attachComments, hasBlankLine, type AttachedComments } from './attach-comments.ts';
import {
  comment,
  group,
  hardline,
  ifBreak,
  indent,
  join,
  line,
  printDoc,
  propagateBreaks,
  softline,
  type Doc,
} from './doc.ts';

/** The column limit: no line is longer unless a single name, literal or comment makes it so. */
export const LINE_WIDTH = 100;

export type FormatResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/**
 * Format a `.rnn` source. A file with a syntax error is refused — the parse's diagnostics (sorted
 * by position) are returned and no text — because printing a recovered tree would silently
 * rewrite what the user wrote.
 */
export function format(text: string, path = '<input>'): FormatResult {
  const parsed = parse(text, path);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) {
    return { ok: false, diagnostics: parsed.diagnostics };
  }
  return { ok: true, text: printFile(parsed.file, parsed.comments, parsed.source) };
}

/**
 * The canonical text of a parsed file (for the language server, which already has the parse).
 * The tree must be free of syntax errors: a `Missing` node prints as nothing.
 */
export function printFile(file: FileNode, comments: readonly Comment[], source: SourceText): string {
  const printer = new Printer(source.text, attachComments(file, comments, source));
  const doc = printer.file(file);
  propagateBreaks(doc);
  const out = printDoc(doc, LINE_WIDTH);
  return out.length === 0 ? '' : out + '\n';
}

interface BlockItem {
  readonly key: object;
  readonly range: Range;
  readonly doc: Doc;
}

interface ListItem {
  readonly key: object;
  readonly doc: Doc;
}

class Printer {
  constructor(
    private readonly text: string,
    private readonly comments: AttachedComments,
  ) {}

  file(file: FileNode): Doc {
    const items = file.decls.map((d) => ({ key: d, range: d.range, doc: this.decl(d) }));
    return this.block(file, items, true);
  }

  // ---- blocks ----------------------------------------------------------------------------------

  private decl(decl: Decl): Doc {
    const name = decl.kind === 'Model' ? decl.name : decl.model;
    const keyword = decl.kind === 'Model' ? 'model' : decl.kind === 'Train' ? 'train' : 'decode';
    const header = name === undefined ? keyword : `${keyword} ${name.name}`;
    const items: BlockItem[] =
      decl.kind === 'Model'
        ? decl.body.map((s) => ({ key: s, range: s.range, doc: this.stmt(s) }))
        : decl.entries.map((e) => ({ key: e, range: e.range, doc: this.entry(e) }));
    const opener = this.comments.opener.get(decl);
    const body = this.block(decl, items, false);
    if (body.length === 0) {
      return opener === undefined ? `${header} {}` : [header, ' { ', this.comment(opener), hardline, '}'];
    }
    return [
      header,
      ' {',
      opener === undefined ? '' : [' ', this.comment(opener)],
      indent([hardline, body]),
      hardline,
      '}',
    ];
  }

  /**
   * The lines of a block (or of the file): each item with its leading and trailing comments,
   * then the block's dangling comments, one per line, keeping single blank lines the user left.
   * At the top level (`top`), a blank line always separates one declaration from the next.
   */
  private block(container: object, items: readonly BlockItem[], top: boolean): Doc[] {
    const parts: Doc[] = [];
    let prevEnd: number | undefined;
    const emit = (doc: Doc, range: Range, forceBlank: boolean) => {
      if (prevEnd !== undefined) {
        parts.push(hardline);
        if (forceBlank || hasBlankLine(this.text, prevEnd, range.start)) parts.push(hardline);
      }
      parts.push(doc);
      prevEnd = range.end;
    };
    items.forEach((item, i) => {
      let forceBlank = top && i > 0;
      for (const c of this.comments.leading.get(item.key) ?? []) {
        emit(this.comment(c), c.range, forceBlank);
        forceBlank = false;
      }
      const trailing = this.comments.trailing.get(item.key);
      if (trailing === undefined) emit(item.doc, item.range, forceBlank);
      else {
        const range = { start: item.range.start, end: trailing.range.end };
        emit([item.doc, ' ', this.comment(trailing)], range, forceBlank);
      }
    });
    for (const c of this.comments.dangling.get(container) ?? []) emit(this.comment(c), c.range, false);
    return parts;
  }

  private stmt(stmt: Stmt): Doc {
    switch (stmt.kind) {
      case 'LayerStmt':
        return this.expr(stmt.call);
      case 'BindStmt':
        return [stmt.targets.map((t) => t.name).join(', '), ' = ', this.expr(stmt.value)];
      case 'OutputStmt':
        return ['output ', join(', ', stmt.values.map((v) => this.expr(v)))];
    }
  }

  private entry(entry: Entry): Doc {
    return [entry.key.name, ' = ', this.expr(entry.value)];
  }

  // ---- expressions -----------------------------------------------------------------------------

  private expr(expr: Expr): Doc {
    switch (expr.kind) {
      case 'Call':
        return [
          expr.callee.name,
          this.argList(expr.args),
          expr.apply === undefined ? '' : this.argList(expr.apply),
        ];
      case 'Tuple': {
        const alwaysComma = expr.items.length === 1;
        return this.list(expr, '(', ')', this.exprItems(expr.items), { padded: false, alwaysComma });
      }
      case 'List':
        return this.list(expr, '[', ']', this.exprItems(expr.items), { padded: false, alwaysComma: false });
      case 'Record': {
        const items = expr.entries.map((e) => ({ key: e, doc: this.entry(e) }));
        return this.list(expr, '{', '}', items, { padded: true, alwaysComma: false });
      }
      case 'Number':
      case 'String':
        return expr.raw;
      case 'Bool':
        return expr.value ? 'true' : 'false';
      case 'None':
        return 'None';
      case 'Name':
        return expr.name;
      case 'Missing':
        return '';
    }
  }

  private argList(list: ArgList): Doc {
    const items = list.args.map((arg) => {
      const value = this.expr(arg.value);
      return { key: arg, doc: arg.name === undefined ? value : [arg.name.name, '=', value] };
    });
    return this.list(list, '(', ')', items, { padded: false, alwaysComma: false });
  }

  private exprItems(exprs: readonly Expr[]): ListItem[] {
    return exprs.map((e) => ({ key: e, doc: this.expr(e) }));
  }

  /**
   * A bracketed list: `(a, b)` on one line, or broken one item per line with a trailing comma.
   * `padded` puts spaces inside the brackets on one line (`{ x = 1 }`); `alwaysComma` keeps the
   * comma of a one-element tuple (`(None,)`).
   */
  private list(
    key: object,
    open: string,
    close: string,
    items: readonly ListItem[],
    options: { padded: boolean; alwaysComma: boolean },
  ): Doc {
    const opener = this.comments.opener.get(key);
    const dangling = this.comments.dangling.get(key) ?? [];
    if (items.length === 0 && opener === undefined && dangling.length === 0) return open + close;
    const edge = options.padded ? line : softline;
    const inner: Doc[] = [];
    items.forEach((item, i) => {
      inner.push(i === 0 ? edge : line);
      for (const c of this.comments.leading.get(item.key) ?? []) inner.push(this.comment(c), hardline);
      inner.push(item.doc);
      const last = i === items.length - 1;
      inner.push(last && !options.alwaysComma ? ifBreak(',') : ',');
      const trailing = this.comments.trailing.get(item.key);
      if (trailing !== undefined) inner.push(' ', this.comment(trailing));
    });
    for (const c of dangling) inner.push(hardline, this.comment(c));
    return group([
      open,
      opener === undefined ? '' : [' ', this.comment(opener)],
      indent(inner),
      items.length === 0 ? softline : edge,
      close,
    ]);
  }

  private comment(c: Comment): Doc {
    return comment(c.text.trimEnd());
  }
}
