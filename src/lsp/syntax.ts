// Finding things in the AST by offset: the chain of nodes from a declaration down to the
// innermost node under the cursor, and the names of functional models with their uses.

import type { Arg, CallExpr, Decl, Entry, Expr, FileNode, Identifier, ModelDecl, Stmt } from '../parser/ast.ts';
import { isFunctional } from '../compiler/check.ts';
import type { Range } from '../source/text.ts';

export type AstNode = Decl | Stmt | Entry | Arg | Expr | Identifier;

function children(n: AstNode): readonly AstNode[] {
  switch (n.kind) {
    case 'Model':
      return n.name ? [n.name, ...n.body] : n.body;
    case 'Train':
    case 'Decode':
      return n.model ? [n.model, ...n.entries] : n.entries;
    case 'LayerStmt':
      return [n.call];
    case 'BindStmt':
      return [...n.targets, n.value];
    case 'OutputStmt':
      return n.values;
    case 'Entry':
      return [n.key, n.value];
    case 'Arg':
      return n.name ? [n.name, n.value] : [n.value];
    case 'Call':
      return [n.callee, ...n.args.args, ...(n.apply?.args ?? [])];
    case 'Tuple':
    case 'List':
      return n.items;
    case 'Record':
      return n.entries;
    default:
      return [];
  }
}

/** A child containing the offset, else one ending at it (the cursor just after a word). */
function childAt(nodes: readonly AstNode[], offset: number): AstNode | undefined {
  let touching: AstNode | undefined;
  for (const c of nodes) {
    if (c.range.start <= offset && offset < c.range.end) return c;
    if (c.range.end === offset && c.range.start < offset) touching = c;
  }
  return touching;
}

/** From the declaration to the innermost node at the offset; empty outside every declaration. */
export function pathAt(file: FileNode, offset: number): AstNode[] {
  const path: AstNode[] = [];
  let next = childAt(file.decls, offset);
  // Bounded: recovery never makes the tree cyclic, but a depth limit costs nothing.
  while (next && path.length < 500) {
    path.push(next);
    next = childAt(children(next), offset);
  }
  return path;
}

/** The innermost call on the path, and the argument of it the path goes through (if any). */
export function enclosingCall(path: readonly AstNode[]): { call: CallExpr; arg?: Arg; applied: boolean } | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i]!;
    if (n.kind !== 'Call') continue;
    const arg = path[i + 1]?.kind === 'Arg' ? (path[i + 1] as Arg) : undefined;
    return arg ? { call: n, arg, applied: n.apply?.args.includes(arg) ?? false } : { call: n, applied: false };
  }
  return undefined;
}

// ---- names in functional models ----------------------------------------------------------------

export interface NameSite {
  readonly name: string;
  readonly range: Range;
  /** The binding target (`x` in `x = …`), or a use. */
  readonly role: 'binding' | 'use';
}

/** Every binding and every use of a name in a functional model, in source order. */
export function namesOf(model: ModelDecl): NameSite[] {
  if (!isFunctional(model)) return [];
  const out: NameSite[] = [];
  const uses = (e: Expr): void => {
    switch (e.kind) {
      case 'Name':
        out.push({ name: e.name, range: e.range, role: 'use' });
        return;
      case 'List':
      case 'Tuple':
        e.items.forEach(uses);
        return;
      case 'Call':
        // The layer's own arguments are settings (`activation=relu`); only what it is applied to
        // names tensors.
        for (const a of e.apply?.args ?? []) uses(a.value);
        return;
      default:
        return;
    }
  };
  for (const s of model.body) {
    if (s.kind === 'BindStmt') {
      uses(s.value);
      for (const t of s.targets) if (t.name !== '_') out.push({ name: t.name, range: t.range, role: 'binding' });
    } else if (s.kind === 'OutputStmt') s.values.forEach(uses);
    else uses(s.call);
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}

export function modelDecls(file: FileNode): ModelDecl[] {
  return file.decls.filter((d): d is ModelDecl => d.kind === 'Model');
}
