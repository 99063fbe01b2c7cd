// Pruning a runtime table (an object literal of named entries) or a switch to the names a model
// uses: the text ranges to cut out, or — where a table's type requires every key — to replace with
// a stand-in that says the entry was left out.

import { ts } from 'ts-morph';

/** A part of a declaration pruning cuts out, or replaces with a stand-in for the entry `name`. */
export interface Pruned {
  readonly start: number;
  readonly end: number;
  readonly standIn?: { readonly name: string; readonly shorthand: boolean };
}

/** The string a property key or case label evaluates to, following a constant's name. */
export type Evaluate = (e: ts.Expression | ts.PropertyName) => string | undefined;

/** The object literal a table's constant is initialized with. */
export function tableObject(key: string, statements: readonly ts.Statement[]): ts.ObjectLiteralExpression {
  const st = statements[0];
  let init = st && ts.isVariableStatement(st) ? st.declarationList.declarations[0]?.initializer : undefined;
  while (init && (ts.isSatisfiesExpression(init) || ts.isAsExpression(init) || ts.isParenthesizedExpression(init))) init = init.expression;
  if (!init || !ts.isObjectLiteralExpression(init)) throw new Error(`rnnc build: ${key} is not a table written as an object literal`);
  return init;
}

/**
 * The entries of a table's object literal that are not kept: cut out with their commas, or —
 * where the table's type requires every key (`Record<CellType, …>`, not `Record<string, …>` or a
 * mapped type whose keys are optional, `{ [K in LayerType]?: … }`) — their values replaced by a
 * stand-in that says the entry was left out.
 */
export function pruneTable(key: string, statements: readonly ts.Statement[], keep: ReadonlySet<string>, evaluate: Evaluate, canStandIn: boolean): Pruned[] {
  const object = tableObject(key, statements);
  const st = statements[0] as ts.VariableStatement;
  const annotation = st.declarationList.declarations[0]!.type;
  const closed = annotation !== undefined && !/Record<\s*string\s*,|\]\s*\?:/.test(annotation.getText());
  if (closed && !canStandIn) return [];
  const pruned: Pruned[] = [];
  const file = object.getSourceFile();
  for (const p of object.properties) {
    if (ts.isSpreadAssignment(p) || !p.name) continue;
    const name = evaluate(p.name);
    if (name === undefined) throw new Error(`rnnc build: cannot read the name of an entry of ${key}`);
    if (keep.has(name)) continue;
    if (closed) {
      if (ts.isShorthandPropertyAssignment(p)) pruned.push({ start: p.end, end: p.end, standIn: { name, shorthand: true } });
      else if (ts.isPropertyAssignment(p)) pruned.push({ start: p.name.end, end: p.end, standIn: { name, shorthand: false } });
      continue;
    }
    let end = p.end;
    const comma = /^\s*,/.exec(file.text.slice(end));
    if (comma) end += comma[0].length;
    const comment = /^[ \t]*\/\/[^\n]*/.exec(file.text.slice(end));
    if (comment) end += comment[0].length;
    pruned.push({ start: p.pos, end });
  }
  return pruned;
}

/** Case clauses of string-labelled switches whose labels are not kept; a run of labels sharing
 *  one body goes only when none of them is kept. */
export function pruneSwitches(statements: readonly ts.Statement[], keep: ReadonlySet<string>, evaluate: Evaluate): Pruned[] {
  const removed: Pruned[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isSwitchStatement(node)) {
      const clauses = node.caseBlock.clauses;
      const labelled = clauses.every((c) => ts.isDefaultClause(c) || evaluate(c.expression) !== undefined);
      if (labelled) {
        let run: ts.CaseClause[] = [];
        for (const c of clauses) {
          if (ts.isDefaultClause(c)) {
            run = [];
            continue;
          }
          run.push(c);
          if (c.statements.length === 0) continue;
          const kept = run.filter((r) => keep.has(evaluate(r.expression)!));
          if (kept.length === 0) for (const r of run) removed.push({ start: r.pos, end: r.end });
          else for (const r of run) if (!kept.includes(r) && r !== c) removed.push({ start: r.pos, end: r.end });
          run = [];
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const st of statements) visit(st);
  return removed;
}
