// A model's declaration beside what the checker made of it: its IR, the IR node or input of each
// call, and the statement binding each name. Built once per model and analysis, so hover,
// symbols and completion find what they need by lookup rather than by search.

import type { CheckedModel, IRNode, ModelInput } from '../compiler/ir.ts';
import type { ValueType } from '../compiler/tensor-type.ts';
import type { BindStmt, Expr, ModelDecl } from '../parser/ast.ts';
import type { Range } from '../source/text.ts';
import type { Analysis } from './analysis.ts';

export interface ModelIndex {
  readonly model?: CheckedModel;
  readonly nodes: ReadonlyMap<string, IRNode>;
  readonly inputs: ReadonlyMap<string, ModelInput>;
  /** The first statement binding each name (the checker refuses a second), and the position. */
  readonly bindings: ReadonlyMap<string, { readonly stmt: BindStmt; readonly index: number }>;
}

const key = (r: Range) => `${r.start}:${r.end}`;

const indexes = new WeakMap<ModelDecl, ModelIndex>();

export function modelIndex(a: Analysis, decl: ModelDecl): ModelIndex {
  let index = indexes.get(decl);
  if (index) return index;
  const model = a.modelDeclaredAt(decl.range);
  const bindings = new Map<string, { stmt: BindStmt; index: number }>();
  for (const s of decl.body) {
    if (s.kind === 'BindStmt') s.targets.forEach((t, i) => bindings.has(t.name) || bindings.set(t.name, { stmt: s, index: i }));
  }
  index = {
    ...(model ? { model } : {}),
    nodes: new Map((model?.nodes ?? []).map((n) => [key(n.range), n])),
    inputs: new Map((model?.inputs ?? []).map((i) => [key(i.range), i])),
    bindings,
  };
  indexes.set(decl, index);
  return index;
}

/** The types an expression of a functional model evaluates to, as the checker found them. */
export function valueTypes(a: Analysis, decl: ModelDecl, e: Expr, depth = 0): readonly ValueType[] | undefined {
  const index = modelIndex(a, decl);
  if (e.kind === 'Call') {
    const node = index.nodes.get(key(e.range));
    if (node) return node.layer.outputTypes;
    const input = index.inputs.get(key(e.range));
    return input ? [input.type] : undefined;
  }
  // `b = a` binds the same value again: follow such names, a bounded number of times.
  const b = e.kind === 'Name' && depth < 100 ? index.bindings.get(e.name) : undefined;
  if (!b) return undefined;
  const all = valueTypes(a, decl, b.stmt.value, depth + 1);
  const t = all?.[b.index];
  return t && all.length === b.stmt.targets.length ? [t] : undefined;
}
