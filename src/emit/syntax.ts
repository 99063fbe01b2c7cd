// Small questions about TypeScript's syntax tree that the extractor asks of rnnc's sources: what
// a top-level statement declares, whether an identifier names a binding or a member, where it sits
// (in a type, in a function, in a class member), and the text of a file with edits applied.

import { ts } from 'ts-morph';

export const isFunctionLike = (n: ts.Node) =>
  ts.isFunctionDeclaration(n) ||
  ts.isFunctionExpression(n) ||
  ts.isArrowFunction(n) ||
  ts.isMethodDeclaration(n) ||
  ts.isConstructorDeclaration(n) ||
  ts.isGetAccessorDeclaration(n) ||
  ts.isSetAccessorDeclaration(n);

/** The function whose body runs when the declaration is called: a function, or a constant's arrow. */
export function callableBody(st: ts.Statement): ts.Node | undefined {
  if (ts.isFunctionDeclaration(st)) return st;
  if (ts.isVariableStatement(st)) {
    const init = st.declarationList.declarations[0]?.initializer;
    if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return init;
  }
  return undefined;
}

/** Where an identifier sits in its statement: in a type, inside which function, in a class's
 *  instance member (which runs when the class is constructed, not when the program loads). */
export function placeOf(id: ts.Node, st: ts.Statement): { inType: boolean; fn: ts.Node | undefined; instanceMember: boolean } {
  let inType = ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st);
  let fn: ts.Node | undefined;
  let instanceMember = false;
  for (let n: ts.Node = id; n !== st && n.parent; n = n.parent) {
    if (ts.isTypeNode(n) || (ts.isHeritageClause(n) && n.token === ts.SyntaxKind.ImplementsKeyword)) inType = true;
    if (!fn && isFunctionLike(n)) fn = n;
    if (n.parent === st && ts.isClassDeclaration(st) && (ts.isPropertyDeclaration(n) || ts.isConstructorDeclaration(n)) && !hasModifier(n, ts.SyntaxKind.StaticKeyword)) {
      instanceMember = true;
    }
  }
  if (!fn && isFunctionLike(st)) fn = st;
  return { inType, fn, instanceMember };
}

export function declaredName(st: ts.Statement): string | undefined {
  if (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st)) {
    return st.name?.text;
  }
  if (ts.isVariableStatement(st)) {
    const [d] = st.declarationList.declarations;
    if (st.declarationList.declarations.length !== 1 || !d || !ts.isIdentifier(d.name)) throw new Error(`rnnc build: a top-level statement declares several names: ${st.getText().slice(0, 60)}`);
    return d.name.text;
  }
  return undefined;
}

export const hasModifier = (n: ts.Node, kind: ts.SyntaxKind) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === kind);

/** Is `id` a name that does not refer to a binding: a property, member or label name? */
export function isMemberName(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p)) return p.name === id;
  if (ts.isQualifiedName(p)) return p.right === id;
  if (
    (ts.isPropertyAssignment(p) ||
      ts.isPropertySignature(p) ||
      ts.isPropertyDeclaration(p) ||
      ts.isMethodDeclaration(p) ||
      ts.isMethodSignature(p) ||
      ts.isGetAccessorDeclaration(p) ||
      ts.isSetAccessorDeclaration(p) ||
      ts.isEnumMember(p)) &&
    p.name === id
  ) {
    return true;
  }
  if (ts.isBindingElement(p) && p.propertyName === id) return true;
  return ts.isMetaProperty(p) || ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p);
}

/** The statement of `file` that declares a binding, when it is top-level. */
export function topLevelStatement(d: ts.Declaration): ts.Statement | undefined {
  if (ts.isVariableDeclaration(d)) {
    const st = d.parent.parent;
    return ts.isVariableStatement(st) && ts.isSourceFile(st.parent) ? st : undefined;
  }
  if (ts.isFunctionDeclaration(d) || ts.isClassDeclaration(d) || ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d) || ts.isEnumDeclaration(d)) {
    return ts.isSourceFile(d.parent) ? d : undefined;
  }
  return undefined;
}

/** The comment block a file opens with (its `//` lines up to the first line that is not one). */
export function fileHeader(file: ts.SourceFile): string {
  const m = /^(?:\/\/[^\n]*\n)+/.exec(file.text);
  return m ? m[0] : '';
}

export function applyEdits(text: string, start: number, end: number, edits: readonly { start: number; end: number; text: string }[]): string {
  const inside = edits.filter((e) => e.start >= start && e.end <= end).sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = start;
  for (const e of inside) {
    if (e.start < at) continue; // inside a range already removed
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at, end);
}
