// Copies declarations out of rnnc's own sources into one file. Given the declarations a program
// needs, it follows every identifier to the top-level declaration it names — across imports and
// re-exports — and collects the closure: functions, classes, constants, interfaces and types,
// each exactly as written in rnnc. What comes out is printed file by file, each file's
// declarations in source order and the files in an order where every value a declaration reads
// while the program loads is already initialized; imports between rnnc's files disappear, the
// imports of packages and Node built-ins gather at the top.
//
// A plan can also
// - let the caller provide a declaration itself (the generated model code): references to it
//   keep its name, nothing is copied;
// - redirect a declaration to another one (the IR's types to the program's slimmer ones);
// - prune a table (an object literal of named entries) or a switch to the names the model
//   uses, so a program for an LSTM carries no GRU cell, and no metric it does not compute.
// Names that two files both declare are told apart with the second file's name.

import { ts } from 'ts-morph';
import { pruneSwitches, pruneTable, tableObject, type Evaluate, type Pruned } from './prune.ts';
import type { SourceProject } from './source-project.ts';
import { applyEdits, callableBody, declaredName, fileHeader, hasModifier, isMemberName, placeOf, topLevelStatement } from './syntax.ts';

/** `src/runtime/rng.ts#Rng`: a top-level declaration of one of rnnc's files. */
export type DeclKey = string;
export const declKey = (file: string, name: string): DeclKey => `${file}#${name}`;
const fileOfKey = (key: DeclKey) => key.slice(0, key.lastIndexOf('#'));
const nameOfKey = (key: DeclKey) => key.slice(key.lastIndexOf('#') + 1);

export interface ExtractionPlan {
  readonly roots: readonly DeclKey[];
  /** Declarations the caller writes itself, with the name it gives them. */
  readonly provided: ReadonlyMap<DeclKey, string>;
  /** References to the first are taken as references to the second. */
  readonly redirects: ReadonlyMap<DeclKey, DeclKey>;
  /** Object-literal tables to keep only these entries of. */
  readonly tables: ReadonlyMap<DeclKey, ReadonlySet<string>>;
  /** Declarations whose string-labelled switches keep only these cases (and `default`). */
  readonly switches: ReadonlyMap<DeclKey, ReadonlySet<string>>;
  /** Top-level names the caller's own code takes. */
  readonly reserved: ReadonlySet<string>;
  /** Packages and built-ins the copied code may import. */
  readonly allowedImport: (module: string) => boolean;
  /** A function `(name) => never` that stands for a table's entry left out, where the table's type
   *  requires every key (a `Record` over a union); without it such tables keep every entry. */
  readonly leftOut?: DeclKey;
  /** Files of a lower rank come first where the values read at load time allow; by default all
   *  files rank the same and come in the order they were first reached. */
  readonly fileRank?: (file: string) => number;
}

/** An import of a package or Node built-in: `import * as tf from '…'`, `import { join } from 'node:path'`,
 *  `import protobuf from '…'`. */
interface External {
  readonly module: string;
  /** `*` for a namespace import, `default` for a default import. */
  readonly imported: string;
  /** A default import's name in the file that imports it: the program's name for it too. */
  readonly local?: string;
}

type Target = { readonly decl: DeclKey } | { readonly external: External };

interface Ref {
  readonly node: ts.Identifier;
  readonly target: Target;
  /** Read while the module loads (not inside a function, not in a type). */
  readonly atLoad: boolean;
  /** Called or constructed while the module loads. */
  readonly calledAtLoad: boolean;
  readonly inType: boolean;
}

interface Decl {
  readonly key: DeclKey;
  /** A statement run for its effect when the module loads (`register(…)`), not a declaration. */
  readonly effect: boolean;
  readonly file: string;
  readonly statements: readonly ts.Statement[];
  /** Pruning's edits: entries and cases cut out (text ''), or stood in for (`leftOut`). */
  readonly pruned: readonly Pruned[];
  readonly refs: readonly Ref[];
  /** References in the body of a function (or the constructor of a class) outside nested functions:
   *  what it reads when called. */
  readonly callRefs: readonly Ref[];
  /** Declarations the pruned text names (the stand-in for entries left out). */
  readonly extra: readonly DeclKey[];
  /** Functions are hoisted: referencing one while loading needs nothing before it. */
  readonly hoisted: boolean;
  readonly typeOnly: boolean;
}

export interface Section {
  /** `src/runtime/rng.ts` */
  readonly file: string;
  /** The file's opening comment, without its comment markers' indentation changed. */
  readonly header: string;
  readonly declarations: readonly string[];
}

export interface Extraction {
  /** The import statements of the packages and built-ins the copied code uses. */
  readonly imports: string;
  readonly sections: readonly Section[];
  /** The name a declaration has in the output (provided ones included). */
  nameOf(key: DeclKey): string;
  /** Every top-level name of the output except the caller's reserved ones. */
  readonly names: ReadonlySet<string>;
  /** The declarations copied, in output order. */
  readonly keys: readonly DeclKey[];
}

/** What each identifier of rnnc's sources names: the sources do not change while a process runs. */
const targets = new WeakMap<SourceProject, WeakMap<ts.Identifier, Target | null>>();

export function extract(source: SourceProject, plan: ExtractionPlan): Extraction {
  return new Extractor(source, plan).run();
}

/** One entry of a table (an object literal of named entries) in rnnc's sources. */
export interface TableEntry {
  readonly name: string;
  /** The declaration the entry's value names, when it is just a name (`LSTM: RNN_KERNEL`). */
  readonly value: DeclKey | null;
  /** The string literals in the entry's value (`() => lossValues('mean_squared_error')`). */
  readonly strings: readonly string[];
}

export function readTable(source: SourceProject, key: DeclKey): TableEntry[] {
  return new Extractor(source, { roots: [], provided: new Map(), redirects: new Map(), tables: new Map(), switches: new Map(), reserved: new Set(), allowedImport: () => true }).table(key);
}

const externalKey = (e: External) => `${e.module}\0${e.imported}`;

class Extractor {
  private readonly decls = new Map<DeclKey, Decl>();
  /** Discovery order: the order files are first reached from the roots. */
  private readonly order: DeclKey[] = [];
  private readonly externals = new Map<string, External & { value: boolean }>();
  private readonly statementsCache = new Map<string, Map<string, ts.Statement[]>>();
  private readonly withEffects = new Set<string>();

  constructor(
    private readonly source: SourceProject,
    private readonly plan: ExtractionPlan,
  ) {
    for (const [from] of [...plan.redirects, ...plan.tables, ...plan.switches]) {
      if (!plan.provided.has(from) && !this.statements(fileOfKey(from)).has(nameOfKey(from))) {
        throw new Error(`rnnc build: ${from} does not exist any more; update src/emit to the runtime`);
      }
    }
  }

  run(): Extraction {
    const queue = this.plan.roots.map((r) => this.redirected(r));
    while (queue.length) {
      const key = queue.shift()!;
      if (this.plan.provided.has(key) || this.decls.has(key)) continue;
      const decl = this.collect(key);
      this.decls.set(key, decl);
      this.order.push(key);
      // Importing a value from a module runs the module: its effects come along.
      if (!decl.typeOnly && !this.withEffects.has(decl.file)) {
        this.withEffects.add(decl.file);
        queue.push(...this.effects(decl.file).keys());
      }
      for (const r of decl.refs) if ('decl' in r.target) queue.push(r.target.decl);
      queue.push(...decl.extra);
    }
    const ordered = this.orderDecls();
    const names = this.assignNames(ordered);
    return {
      imports: this.printImports(names),
      sections: this.printSections(ordered, names),
      nameOf: (key) => {
        const k = this.redirected(key);
        const n = this.plan.provided.get(k) ?? names.decls.get(k);
        if (n === undefined) throw new Error(`rnnc build: ${key} was not extracted`);
        return n;
      },
      names: new Set([...names.decls.values(), ...names.externals.values()]),
      keys: ordered,
    };
  }

  table(key: DeclKey): TableEntry[] {
    const file = fileOfKey(key);
    const object = tableObject(key, this.statements(file).get(nameOfKey(key)) ?? []);
    return object.properties.flatMap((p) => {
      if (!p.name || !(ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p))) return [];
      const name = this.evaluate(file, p.name);
      if (name === undefined) return [];
      const valueNode = ts.isPropertyAssignment(p) ? p.initializer : p.name;
      const target = ts.isIdentifier(valueNode) ? this.targetOf(file, valueNode, false) : undefined;
      const strings: string[] = [];
      const visit = (n: ts.Node) => {
        if (ts.isStringLiteral(n)) strings.push(n.text);
        ts.forEachChild(n, visit);
      };
      visit(valueNode);
      return [{ name, value: target && 'decl' in target ? target.decl : null, strings }];
    });
  }

  /** A reference's target after the redirects, except in the file redirected to, which may name
   *  what it stands in for (the program's slim IR types are made from the IR's). */
  private redirectFrom(file: string, key: DeclKey): DeclKey {
    const to = this.plan.redirects.get(key);
    return to !== undefined && fileOfKey(to) === file ? key : this.redirected(key);
  }

  private redirected(key: DeclKey): DeclKey {
    const seen = new Set<DeclKey>();
    while (this.plan.redirects.has(key) && !seen.has(key)) {
      seen.add(key);
      key = this.plan.redirects.get(key)!;
    }
    return key;
  }

  // ---- files -----------------------------------------------------------------------------------

  private sourceFile(path: string): ts.SourceFile {
    const f = this.source.file(path);
    if (!f) throw new Error(`rnnc build: ${path} is not among rnnc's sources`);
    return f;
  }

  /** Top-level declaring statements by name (several for overloads and merged interfaces). */
  private statements(path: string): Map<string, ts.Statement[]> {
    let map = this.statementsCache.get(path);
    if (map) return map;
    map = new Map();
    for (const st of this.sourceFile(path).statements) {
      const name = declaredName(st);
      if (name !== undefined) map.set(name, [...(map.get(name) ?? []), st]);
    }
    this.statementsCache.set(path, map);
    return map;
  }

  /** The statements a module runs for their effects when it loads, keyed `file#<effect N>`. */
  private effects(path: string): Map<DeclKey, ts.Statement> {
    const out = new Map<DeclKey, ts.Statement>();
    this.sourceFile(path).statements.forEach((st, i) => {
      if (ts.isImportDeclaration(st) || ts.isExportDeclaration(st) || ts.isExportAssignment(st) || ts.isEmptyStatement(st) || declaredName(st) !== undefined) return;
      out.set(declKey(path, `<effect ${i}>`), st);
    });
    return out;
  }

  private resolveModule(from: string, specifier: string): string | undefined {
    if (!specifier.startsWith('.')) return undefined;
    const parts = from.split('/').slice(0, -1);
    for (const p of specifier.split('/')) {
      if (p === '..') parts.pop();
      else if (p !== '.') parts.push(p);
    }
    return parts.join('/');
  }

  /** What `name` means at the top level of `path`: its own declaration, or an import's target. */
  private resolveLocal(path: string, name: string): Target | undefined {
    if (this.statements(path).has(name)) return { decl: declKey(path, name) };
    for (const st of this.sourceFile(path).statements) {
      if (!ts.isImportDeclaration(st) || !st.importClause || !ts.isStringLiteral(st.moduleSpecifier)) continue;
      const module = st.moduleSpecifier.text;
      const clause = st.importClause;
      const via = (imported: string): Target | undefined => {
        const file = this.resolveModule(path, module);
        if (file === undefined) return { external: this.external(module, imported, imported === 'default' ? name : undefined) };
        return this.resolveExport(file, imported);
      };
      if (clause.name?.text === name) return via('default');
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === name) {
        if (this.resolveModule(path, module) !== undefined) throw new Error(`rnnc build: ${path} imports * from ${module}; copy only named imports`);
        return via('*');
      }
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) {
          if (el.name.text === name) return via((el.propertyName ?? el.name).text);
        }
      }
    }
    return undefined;
  }

  /** The declaration `file` exports as `name`, following re-exports. */
  private resolveExport(path: string, name: string): Target {
    const own = this.statements(path).get(name);
    if (own?.some((st) => hasModifier(st, ts.SyntaxKind.ExportKeyword))) return { decl: declKey(path, name) };
    for (const st of this.sourceFile(path).statements) {
      if (!ts.isExportDeclaration(st) || !st.exportClause || !ts.isNamedExports(st.exportClause)) continue;
      for (const el of st.exportClause.elements) {
        if (el.name.text !== name) continue;
        const local = (el.propertyName ?? el.name).text;
        if (st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
          const file = this.resolveModule(path, st.moduleSpecifier.text);
          if (file === undefined) return { external: this.external(st.moduleSpecifier.text, local) };
          return this.resolveExport(file, local);
        }
        const target = this.resolveLocal(path, local);
        if (target) return target;
      }
    }
    throw new Error(`rnnc build: ${path} does not export ${name}`);
  }

  private external(module: string, imported: string, local?: string): External {
    if (!this.plan.allowedImport(module)) throw new Error(`rnnc build: the copied code would import ${module}, which an emitted program may not`);
    return local === undefined ? { module, imported } : { module, imported, local };
  }

  // ---- one declaration -------------------------------------------------------------------------

  private collect(key: DeclKey): Decl {
    const file = fileOfKey(key);
    const effect = this.effects(file).get(key);
    const statements = effect ? [effect] : this.statements(file).get(nameOfKey(key));
    if (!statements) throw new Error(`rnnc build: ${key} does not exist`);
    const evaluate: Evaluate = (e) => this.evaluate(file, e);
    const pruned = [
      ...(this.plan.tables.has(key) ? pruneTable(key, statements, this.plan.tables.get(key)!, evaluate, this.plan.leftOut !== undefined) : []),
      ...(this.plan.switches.has(key) ? pruneSwitches(statements, this.plan.switches.get(key)!, evaluate) : []),
    ];
    const inRemoved = (n: ts.Node) => pruned.some((p) => n.pos >= p.start && n.end <= p.end);
    const refs: Ref[] = [];
    const callRefs: Ref[] = [];
    for (const st of statements) {
      const callable = callableBody(st);
      const ownName = effect ? undefined : ts.isVariableStatement(st) ? st.declarationList.declarations[0]!.name : (st as ts.DeclarationStatement).name;
      const visit = (node: ts.Node) => {
        if (inRemoved(node)) return;
        if (ts.isIdentifier(node) && node !== ownName && !isMemberName(node)) {
          const where = placeOf(node, st);
          const found = this.targetOf(file, node, where.inType);
          const target = found && 'decl' in found ? { decl: this.redirectFrom(file, found.decl) } : found;
          if (target) {
            const atLoad = !where.inType && where.fn === undefined && !where.instanceMember;
            const callee = (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent)) && node.parent.expression === node;
            const ref: Ref = { node, target, atLoad, calledAtLoad: atLoad && callee, inType: where.inType };
            refs.push(ref);
            const runsWhenCalled = where.fn === undefined ? where.instanceMember : where.fn === callable || (ts.isConstructorDeclaration(where.fn) && where.fn.parent === st);
            if (!where.inType && runsWhenCalled) callRefs.push(ref);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(st);
    }
    const typeOnly = statements.every((st) => ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st));
    const extra = pruned.some((p) => p.standIn) && this.plan.leftOut ? [this.plan.leftOut] : [];
    return { key, effect: effect !== undefined, file, statements, pruned, refs, callRefs, extra, hoisted: statements.every((st) => ts.isFunctionDeclaration(st)), typeOnly };
  }

  private targetOf(file: string, id: ts.Identifier, inType: boolean): Target | undefined {
    let memo = targets.get(this.source);
    if (!memo) targets.set(this.source, (memo = new WeakMap()));
    let target = memo.get(id);
    if (target === undefined) memo.set(id, (target = this.resolveTarget(file, id) ?? null));
    if (target && 'external' in target) this.noteExternal(target.external, inType);
    return target ?? undefined;
  }

  private resolveTarget(file: string, id: ts.Identifier): Target | undefined {
    const checker = this.source.checker;
    const symbol = ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id ? checker.getShorthandAssignmentValueSymbol(id.parent) : checker.getSymbolAtLocation(id);
    if (!symbol) return undefined;
    for (const d of symbol.declarations ?? []) {
      if (ts.isImportSpecifier(d) || ts.isImportClause(d) || ts.isNamespaceImport(d)) {
        const target = this.resolveLocal(file, symbol.name);
        if (!target) throw new Error(`rnnc build: cannot follow the import of ${symbol.name} in ${file}`);
        return target;
      }
      const st = topLevelStatement(d);
      if (st) return { decl: declKey(this.source.pathOf(d.getSourceFile()), declaredName(st)!) };
    }
    return undefined;
  }

  private noteExternal(e: External, inType: boolean): void {
    const k = externalKey(e);
    const seen = this.externals.get(k);
    this.externals.set(k, { ...e, value: (seen?.value ?? false) || !inType });
  }

  /** A table entry's name or a case label, when it is a literal or the name of a string constant. */
  private evaluate(file: string, e: ts.Expression | ts.PropertyName): string | undefined {
    if (ts.isComputedPropertyName(e)) return this.constant(file, e.expression);
    if (ts.isIdentifier(e) && (ts.isPropertyAssignment(e.parent) || ts.isShorthandPropertyAssignment(e.parent) || ts.isMethodDeclaration(e.parent)) && e.parent.name === e) return e.text;
    return this.constant(file, e);
  }

  private constant(file: string, e: ts.Node): string | undefined {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isNumericLiteral(e)) return e.text;
    if (!ts.isIdentifier(e)) return undefined;
    const target = this.targetOf(file, e, false);
    if (!target || !('decl' in target)) return undefined;
    const [st] = this.statements(fileOfKey(target.decl)).get(nameOfKey(target.decl)) ?? [];
    const init = st && ts.isVariableStatement(st) ? st.declarationList.declarations[0]?.initializer : undefined;
    return init && ts.isStringLiteral(init) ? init.text : undefined;
  }

  // ---- order -----------------------------------------------------------------------------------

  /** What must be initialized before `decl` is evaluated while the program loads. */
  private loadDeps(decl: Decl, seen = new Set<DeclKey>()): Set<DeclKey> {
    const out = new Set<DeclKey>();
    const visit = (refs: readonly Ref[], atLoadOnly: boolean) => {
      for (const r of refs) {
        if (!('decl' in r.target) || (atLoadOnly && !r.atLoad) || r.inType) continue;
        const dep = this.decls.get(r.target.decl);
        if (!dep || dep === decl) continue;
        if (!dep.hoisted) out.add(dep.key);
        if ((!atLoadOnly || r.calledAtLoad) && !seen.has(dep.key)) {
          seen.add(dep.key);
          visit(dep.callRefs, false);
        }
      }
    };
    visit(decl.refs, true);
    return out;
  }

  /**
   * Files by rank, then in the order their declarations were first reached (the program's code
   * before the runtime it calls), moved only where a value read at load time must come first;
   * each file's declarations in source order.
   */
  private orderDecls(): DeclKey[] {
    const files: string[] = [];
    for (const key of this.order) if (!files.includes(fileOfKey(key))) files.push(fileOfKey(key));
    const deps = new Map<DeclKey, Set<DeclKey>>();
    const before = new Map<string, Set<string>>(files.map((f) => [f, new Set()]));
    for (const decl of this.decls.values()) {
      const d = this.loadDeps(decl);
      deps.set(decl.key, d);
      for (const k of d) if (fileOfKey(k) !== decl.file) before.get(decl.file)!.add(fileOfKey(k));
    }
    const placed: string[] = [];
    const remaining = [...files];
    while (remaining.length) {
      const rank = this.plan.fileRank ?? (() => 0);
      const candidates = remaining.filter((f) => [...before.get(f)!].every((g) => placed.includes(g)));
      const ready = (candidates.length ? candidates : remaining).reduce((best, f) => (rank(f) < rank(best) ? f : best));
      placed.push(ready);
      remaining.splice(remaining.indexOf(ready), 1);
    }
    const position = (k: DeclKey) => this.decls.get(k)!.statements[0]!.pos;
    const ordered = placed.flatMap((f) => [...this.decls.values()].filter((d) => d.file === f).map((d) => d.key).sort((a, b) => position(a) - position(b)));
    const at = new Map(ordered.map((k, i) => [k, i]));
    for (const [key, d] of deps) {
      for (const dep of d) {
        if (at.get(dep)! > at.get(key)!) throw new Error(`rnnc build: ${dep} is read while ${key} loads, but cannot be placed before it`);
      }
    }
    return ordered;
  }

  // ---- names -----------------------------------------------------------------------------------

  private assignNames(ordered: readonly DeclKey[]): { decls: Map<DeclKey, string>; externals: Map<string, string> } {
    const taken = new Set<string>([...this.plan.reserved, ...this.plan.provided.values()]);
    const externals = new Map<string, string>();
    const sortedExternals = [...this.externals.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [k, e] of sortedExternals) {
      const base = e.imported === '*' ? this.namespaceName(e.module) : (e.local ?? e.imported);
      let name = base;
      for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
      taken.add(name);
      externals.set(k, name);
    }
    const decls = new Map<DeclKey, string>();
    for (const key of ordered) {
      if (this.decls.get(key)!.effect) continue;
      const base = nameOfKey(key);
      let name = base;
      if (taken.has(name)) {
        const stem = fileOfKey(key).split('/').pop()!.replace(/\.ts$/, '').split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
        name = /^[A-Z0-9_]+$/.test(base) ? `${base}_${stem.toUpperCase()}` : `${base}${stem}`;
        for (let i = 2; taken.has(name); i++) name = `${base}${stem}${i}`;
      }
      taken.add(name);
      decls.set(key, name);
    }
    return { decls, externals };
  }

  /** `tf` for TensorFlow.js (what rnnc's tf.ts calls it); otherwise the module's last word. */
  private namespaceName(module: string): string {
    if (module === '@tensorflow/tfjs-core') return 'tf';
    return module.replace(/^.*[/:]/, '').replace(/[^A-Za-z0-9_]/g, '_');
  }

  // ---- printing --------------------------------------------------------------------------------

  private printImports(names: { externals: Map<string, string> }): string {
    const byModule = new Map<string, { namespace?: string; default?: string; named: string[]; allTypes: boolean }>();
    for (const [k, e] of this.externals) {
      const entry = byModule.get(e.module) ?? { named: [], allTypes: true };
      const local = names.externals.get(k)!;
      if (e.imported === '*') entry.namespace = local;
      else if (e.imported === 'default') entry.default = local;
      else entry.named.push(`${e.value ? '' : 'type '}${local === e.imported ? local : `${e.imported} as ${local}`}`);
      if (e.value) entry.allTypes = false;
      byModule.set(e.module, entry);
    }
    const rank = (m: string) => (m === '@tensorflow/tfjs-core' ? 0 : m.startsWith('@tensorflow/') ? 1 : 2);
    const modules = [...byModule.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    return modules
      .flatMap((m) => {
        const e = byModule.get(m)!;
        const lines: string[] = [];
        if (e.namespace) lines.push(`import * as ${e.namespace} from '${m}';`);
        if (e.default) lines.push(`import ${e.default} from '${m}';`);
        const named = e.named.map((n) => (e.allTypes ? n.replace(/^type /, '') : n)).sort((a, b) => {
          const x = a.replace(/^type /, '');
          const y = b.replace(/^type /, '');
          return x < y ? -1 : x > y ? 1 : 0;
        });
        if (named.length) lines.push(`import ${e.allTypes ? 'type ' : ''}{ ${named.join(', ')} } from '${m}';`);
        return lines;
      })
      .join('\n');
  }

  private printSections(ordered: readonly DeclKey[], names: { decls: Map<DeclKey, string>; externals: Map<string, string> }): Section[] {
    const sections: Section[] = [];
    for (const key of ordered) {
      const decl = this.decls.get(key)!;
      let section = sections.at(-1);
      if (!section || section.file !== decl.file) {
        section = { file: decl.file, header: fileHeader(this.sourceFile(decl.file)), declarations: [] };
        sections.push(section);
      }
      (section.declarations as string[]).push(this.printDecl(decl, names));
    }
    return sections;
  }

  private printDecl(decl: Decl, names: { decls: Map<DeclKey, string>; externals: Map<string, string> }): string {
    const file = this.sourceFile(decl.file);
    const header = fileHeader(file);
    const nameOf = (t: Target) => ('decl' in t ? (this.plan.provided.get(t.decl) ?? names.decls.get(t.decl)!) : names.externals.get(externalKey(t.external))!);
    return decl.statements
      .map((st) => {
        const start = st.pos === 0 && header ? header.length : st.pos;
        const leftOut = this.plan.leftOut ? nameOf({ decl: this.plan.leftOut }) : '';
        const edits: { start: number; end: number; text: string }[] = decl.pruned.map((p) => ({
          start: p.start,
          end: p.end,
          text: p.standIn ? `: () => ${leftOut}('${p.standIn.name.replace(/[^A-Za-z0-9_]/g, '')}')` : '',
        }));
        const own = names.decls.get(decl.key) ?? '';
        const nameNode = decl.effect ? undefined : ts.isVariableStatement(st) ? st.declarationList.declarations[0]!.name : (st as ts.DeclarationStatement).name;
        if (nameNode && ts.isIdentifier(nameNode) && nameNode.text !== own) edits.push({ start: nameNode.getStart(file), end: nameNode.end, text: own });
        for (const m of (ts.canHaveModifiers(st) ? ts.getModifiers(st) : undefined) ?? []) {
          if (m.kind === ts.SyntaxKind.ExportKeyword) edits.push({ start: m.getStart(file), end: m.end + 1, text: '' });
        }
        for (const r of decl.refs) {
          if (r.node.pos < st.pos || r.node.end > st.end) continue;
          const name = nameOf(r.target);
          if (name === r.node.text) continue;
          const shorthand = ts.isShorthandPropertyAssignment(r.node.parent) && r.node.parent.name === r.node;
          edits.push({ start: r.node.getStart(file), end: r.node.end, text: shorthand ? `${r.node.text}: ${name}` : name });
        }
        return applyEdits(file.text, start, st.end, edits).replace(/^\s*\n/, '');
      })
      .join('\n');
  }
}

