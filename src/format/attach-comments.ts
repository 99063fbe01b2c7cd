// Where each comment goes. The tree has no comments in it, so before printing, every comment is
// given to one node by position. The tree is seen as nested *containers* — the file, a block's
// body, an argument list, a tuple, a list, a record — each holding a sequence of *items*
// (declarations, statements, entries, arguments, elements). A comment belongs to the innermost
// container whose brackets enclose it, and there it is:
//   - trailing:  after an item, on the same line as the item's end (`LSTM(1)  # one unit`);
//   - opener:    before the first item, on the line of the opening bracket (`model m {  # …`);
//   - leading:   on its own line before an item;
//   - dangling:  on its own line after the last item (before the closing bracket, or at the end
//                of the file);
//   - hoisted:   inside an item but not inside any container of it — between `=` and a value,
//                between a callee and its `(`, between two `output` values. Such a comment
//                becomes a leading comment of that item: it stays with its statement, argument or
//                element, only moved in front of it, and printing it there is a fixed point.

import type {
  Comment,
  Decl,
  Entry,
  Expr,
  FileNode,
  ModelDecl,
  Stmt,
  SettingsDecl,
} from '../parser/ast.ts';
import type { Range, SourceText } from '../source/text.ts';

export interface AttachedComments {
  /** Item → comments printed on their own lines before it (in source order). */
  readonly leading: Map<object, Comment[]>;
  /** Item → the comment at the end of its last line. */
  readonly trailing: Map<object, Comment>;
  /** Container → the comment after its opening bracket, on the same line. */
  readonly opener: Map<object, Comment>;
  /** Container → comments after its last item. */
  readonly dangling: Map<object, Comment[]>;
}

interface Container {
  /** The node the printer looks the comments up by (a FileNode, Decl, ArgList, Tuple, List, Record). */
  readonly key: object;
  /** Between the brackets, exclusive of both. */
  readonly interior: Range;
  readonly hasOpener: boolean;
  readonly items: readonly Item[];
}

interface Item {
  readonly key: object;
  readonly range: Range;
  /** Built on demand (only items that hold a comment need them), once. */
  readonly containers: () => readonly Container[];
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export function attachComments(
  file: FileNode,
  comments: readonly Comment[],
  source: SourceText,
): AttachedComments {
  const attached: AttachedComments = {
    leading: new Map(),
    trailing: new Map(),
    opener: new Map(),
    dangling: new Map(),
  };
  const sorted = [...comments].sort((a, b) => a.range.start - b.range.start);
  const root: Container = {
    key: file,
    interior: { start: 0, end: source.text.length },
    hasOpener: false,
    items: file.decls.map((d) => declItem(d, source.text)),
  };
  distribute(root, sorted, source.text, attached);
  return attached;
}

function distribute(
  container: Container,
  comments: readonly Comment[],
  text: string,
  out: AttachedComments,
): void {
  const nested = new Map<Container, Comment[]>();
  const { items } = container;
  let next = 0; // index of the first item that ends after the comment
  for (const c of comments) {
    const at = c.range.start;
    while (next < items.length && items[next]!.range.end <= at) next++;
    const item = items[next];
    if (item !== undefined && item.range.start < at) {
      const inner = item.containers().find((k) => k.interior.start <= at && at < k.interior.end);
      if (inner !== undefined) push(nested, inner, c);
      else push(out.leading, item.key, c); // hoisted
      continue;
    }
    const prev = next > 0 ? items[next - 1] : undefined;
    if (prev !== undefined && sameLine(text, prev.range.end, at) && !out.trailing.has(prev.key)) {
      out.trailing.set(prev.key, c);
    } else if (
      prev === undefined &&
      container.hasOpener &&
      sameLine(text, container.interior.start, at) &&
      !out.opener.has(container.key)
    ) {
      out.opener.set(container.key, c);
    } else if (item !== undefined) {
      push(out.leading, item.key, c);
    } else {
      push(out.dangling, container.key, c);
    }
  }
  for (const [inner, cs] of nested) distribute(inner, cs, text, out);
}

// ---- the containers of each node ---------------------------------------------------------------

function declItem(decl: Decl, text: string): Item {
  return { key: decl, range: decl.range, containers: once(() => [declBody(decl, text)]) };
}

function declBody(decl: Decl, text: string): Container {
  const items: Item[] =
    decl.kind === 'Model' ? decl.body.map(stmtItem) : decl.entries.map(entryItem);
  return { key: decl, interior: blockInterior(decl, text), hasOpener: true, items };
}

/** Between `{` and `}` of a block. The AST does not record the braces, so find them. */
export function blockInterior(decl: ModelDecl | SettingsDecl, text: string): Range {
  const header = decl.kind === 'Model' ? decl.name : decl.model;
  let i = header?.range.end ?? decl.keyword.end;
  let start = decl.range.end;
  while (i < decl.range.end) {
    const ch = text[i]!;
    if (ch === '{') {
      start = i + 1;
      break;
    }
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else i++;
  }
  const last = decl.range.end - 1;
  const end = text[last] === '}' && last >= start ? last : decl.range.end;
  return { start: Math.min(start, end), end };
}

function stmtItem(stmt: Stmt): Item {
  const containers = (): Container[] => {
    switch (stmt.kind) {
      case 'LayerStmt':
        return exprContainers(stmt.call);
      case 'BindStmt':
        return exprContainers(stmt.value);
      case 'OutputStmt':
        return stmt.values.flatMap(exprContainers);
    }
  };
  return { key: stmt, range: stmt.range, containers: once(containers) };
}

function entryItem(entry: Entry): Item {
  return { key: entry, range: entry.range, containers: once(() => exprContainers(entry.value)) };
}

function exprItem(expr: Expr): Item {
  return { key: expr, range: expr.range, containers: once(() => exprContainers(expr)) };
}

function exprContainers(expr: Expr): Container[] {
  switch (expr.kind) {
    case 'Call': {
      const lists = expr.apply === undefined ? [expr.args] : [expr.args, expr.apply];
      return lists.map((list) => ({
        key: list,
        interior: inside(list.range),
        hasOpener: true,
        items: list.args.map((arg) => ({
          key: arg,
          range: arg.range,
          containers: once(() => exprContainers(arg.value)),
        })),
      }));
    }
    case 'Tuple':
    case 'List':
      return [bracketed(expr, expr.items.map(exprItem))];
    case 'Record':
      return [bracketed(expr, expr.entries.map(entryItem))];
    default:
      return [];
  }
}

function bracketed(expr: Expr, items: readonly Item[]): Container {
  return { key: expr, interior: inside(expr.range), hasOpener: true, items };
}

function inside(r: Range): Range {
  return { start: r.start + 1, end: Math.max(r.start + 1, r.end - 1) };
}

// ---- text helpers ------------------------------------------------------------------------------

function sameLine(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const ch = text[i];
    if (ch === '\n' || ch === '\r') return false;
  }
  return true;
}

/** Whether an empty (or blank) line lies between `from` and `to`. */
export function hasBlankLine(text: string, from: number, to: number): boolean {
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const ch = text[i]!;
    if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (++breaks >= 2) return true;
    } else if (!/\s/.test(ch)) breaks = 0;
  }
  return false;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
