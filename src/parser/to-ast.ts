// The one pass from the parser's event stream (parser.ts) to the AST (ast.ts). It also writes
// every syntax diagnostic: Chevrotain's own errors name grammar rules and token types, while here
// each gap is seen in its context — whose arguments a missing `)` would close, where they opened.
//
// The converter walks the events in source order and keeps a cursor into the token vector, so it
// knows at every moment the end of the last real token (where a gap is: Missing nodes get an empty
// range there) and the next real token (what was "found" instead). Tokens the parser skipped
// during recovery show up as tokens the cursor passes over without the events naming them.
//
// Tokens standing for missing ones never give a range: Chevrotain's recovery tokens
// (`isInsertedInRecovery`, NaN offsets) never reach the event stream, and the zero-width closing
// brackets the lexer adds (`isVirtual`) read as "missing" here.
//
// One diagnostic per cascade: a gap at the same offset as the previous one is not reported again,
// a gap right after a token the lexer already reported (an unterminated string) is not reported,
// and a run of stray tokens starting at the token a gap diagnostic already "found" is not reported.

import type { IToken, TokenType } from 'chevrotain';
import type { Arg, ArgList, BindStmt, Decl, DecodeDecl, Entry, Expr, FileNode, Identifier, ModelDecl, OutputStmt, Stmt, TrainDecl } from './ast.ts';
import type { Diagnostic, Fix, Label } from '../diagnostics/diagnostic.ts';
import { diagnostic } from '../diagnostics/make.ts';
import { range, type Range } from '../source/text.ts';
import * as T from './lexer.ts';
import { isVirtual, showChars, tokenEnd, type Tok } from './lexer.ts';
import { END, Kind, kindOf, startOf } from './parser.ts';

export interface ToAstResult {
  readonly file: FileNode;
  readonly diagnostics: Diagnostic[];
  /** True when the parser saw an error the converter could not place (should never happen). */
  readonly usedFallback: boolean;
}

/**
 * @param errorTokens where Chevrotain's recognizer met errors: used only to make sure that no
 *   error goes unreported, should the converter ever fail to see one.
 */
export function toAst(text: string, lexed: T.LexResult, events: Int32Array, errorTokens: readonly IToken[]): ToAstResult {
  const c = new Converter(text, lexed.tokens, events, lexed.faulty);
  const file = c.file();
  let usedFallback = false;
  if (errorTokens.length > 0 && c.diagnostics.length === 0 && lexed.diagnostics.length === 0) {
    usedFallback = true;
    const t = errorTokens.find((e) => !e.isInsertedInRecovery && Number.isInteger(e.startOffset) && !isVirtual(e));
    const r = t === undefined ? range(text.length, text.length) : range(t.startOffset, tokenEnd(t));
    c.diagnostics.push(diagnostic('E0111', r, t === undefined ? 'unexpected end of the file' : `unexpected ${describe(t)}`));
  }
  return { file, diagnostics: c.diagnostics, usedFallback };
}

const KEYWORDS = new Set([T.Model, T.Train, T.Decode, T.Output, T.True, T.False, T.None]);

/** A token as the user would name it: "`Dense`", "the end of the file". */
export function describe(t: IToken | undefined): string {
  if (t === undefined) return 'the end of the file';
  if (t.tokenType === T.TooDeep) return 'a too deeply nested bracket';
  const image = t.image.length > 24 ? `${t.image.slice(0, 23)}…` : t.image;
  return `\`${showChars(image)}\``;
}

function isCloser(t: IToken | undefined): boolean {
  const type = t?.tokenType;
  return type === T.RParen || type === T.RBracket || type === T.RCurly;
}

function tokRange(t: IToken): Range {
  return range(t.startOffset, tokenEnd(t));
}

type StrayContext = 'top' | 'model' | 'train' | 'decode' | 'skipped';
type FirstStray = 'call' | 'bind' | 'output' | 'token';

interface StrayRun {
  first: number; // token indices, inclusive
  last: number;
  context: StrayContext;
  firstKind: FirstStray;
  modelName: string | undefined;
}

/** What a missing value is described as (built into words only when one is missing). */
const enum What {
  ValueFor,
  AfterOutput,
  AfterComma,
  Argument,
  Value,
}

function phrase(what: What, name: string | readonly Identifier[]): string {
  switch (what) {
    case What.ValueFor:
      return `a value for \`${typeof name === 'string' ? name : namesOf(name)}\``;
    case What.AfterOutput:
      return 'a value after `output`';
    case What.AfterComma:
      return 'a value after `,`';
    case What.Argument:
      return 'an argument';
    case What.Value:
      return 'a value';
  }
}

/** The targets of a binding as a message names them: `out, h, c`. */
function namesOf(targets: readonly Identifier[]): string {
  return targets.map((t) => t.name).join(', ');
}

/** The kinds of bracketed group, for messages. */
const enum Between {
  Arguments,
  Inputs,
  ListItems,
  TupleItems,
  Entries,
}

/** "the arguments of LSTM", "the list" */
function group(g: Between, name: string): string {
  switch (g) {
    case Between.Arguments:
      return `the arguments of ${name}`;
    case Between.Inputs:
      return `the inputs given to ${name}(…)`;
    case Between.ListItems:
      return 'the list';
    case Between.TupleItems:
      return 'the tuple';
    case Between.Entries:
      return 'the record';
  }
}

/** "the arguments of LSTM", "list items" */
function itemsOf(g: Between, name: string): string {
  return g === Between.ListItems ? 'list items' : g === Between.TupleItems ? 'tuple items' : group(g, name);
}

/** What a bracket belongs to, for messages: "the arguments of LSTM". */
interface Owner {
  readonly open: IToken | undefined;
  readonly closer: string; // ')' ']' '}'
  readonly what: string;
}

class Converter {
  readonly diagnostics: Diagnostic[] = [];
  private pos = 0; // index into events
  private next = 0; // index of the first token not yet passed
  private lastEnd = 0; // end of the last real token passed
  private lastTaken: IToken | undefined;
  private run: StrayRun | undefined;
  private lastGap = -1;
  private cascadeAt = -1; // token index a gap diagnostic named as "found"
  private readonly open: string[] = []; // closers the enclosing brackets expect, innermost last
  private lastBlockEnd: { token: IToken; name: string } | undefined;
  private currentModel: string | undefined;
  // The lists under construction (arguments, items, statements…), innermost last, in one array;
  // each is copied out at its exact length when it ends. An array grown by push keeps room for
  // 17 items, and a 10,000-line file has some 13,000 lists that the AST keeps.
  private readonly lists: unknown[] = [];
  private listsTop = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Tok[],
    private readonly events: Int32Array,
    private readonly faulty: ReadonlySet<IToken>,
  ) {}

  // ---- lists -----------------------------------------------------------------------------------

  private add(item: unknown): void {
    this.lists[this.listsTop++] = item;
  }

  /** The items added since `mark` (a `listsTop` taken when the list began), as a list of its own. */
  private endList<T>(mark: number): T[] {
    const out = this.lists.slice(mark, this.listsTop) as T[];
    this.listsTop = mark;
    return out;
  }

  // ---- reading events --------------------------------------------------------------------------

  /** The token the next event names, if it names one. */
  private peekToken(offset = 0): Tok | undefined {
    const e = this.events[this.pos + offset];
    return e !== undefined && e >= 0 ? this.tokens[e] : undefined;
  }

  private peekType(offset = 0): IToken['tokenType'] | undefined {
    return this.peekToken(offset)?.tokenType;
  }

  private atStart(kind: Kind): boolean {
    return this.events[this.pos] === startOf(kind);
  }

  private atEnd(): boolean {
    const e = this.events[this.pos];
    return e === undefined || e === END;
  }

  /** Takes the next event's token if it has this type; a virtual one comes back as undefined. */
  private takeIf(type: IToken['tokenType']): Tok | undefined {
    const t = this.peekToken();
    if (t === undefined || t.tokenType !== type) return undefined;
    this.pos++;
    return this.pass(t);
  }

  /** Skips to the end of the current node (normally nothing is left) and past its END. */
  private leave(context: StrayContext): void {
    let depth = 0;
    while (this.pos < this.events.length) {
      const e = this.events[this.pos++]!;
      if (e === END) {
        if (depth-- === 0) return;
      } else if (e < END) depth++;
      else this.strayToken(this.tokens[e]!, context, 'token');
    }
  }

  // ---- the token cursor ------------------------------------------------------------------------

  /** Passes a token of the tree; returns it, or undefined when it only stands for a missing one. */
  private pass(t: Tok): Tok | undefined {
    this.skipTo(t.tokenIndex);
    this.next = t.tokenIndex + 1;
    if (isVirtual(t)) return undefined;
    this.flushStray();
    this.lastEnd = tokenEnd(t);
    this.lastTaken = t;
    return t;
  }

  /** Tokens before `index` that the tree does not hold were skipped by the parser's recovery. */
  private skipTo(index: number): void {
    while (this.next < index) {
      const t = this.tokens[this.next]!;
      if (!isVirtual(t)) this.addStray(this.next, 'skipped', 'token');
      this.next++;
    }
  }

  private strayToken(t: Tok, context: StrayContext, kind: FirstStray): void {
    this.skipTo(t.tokenIndex);
    this.next = t.tokenIndex + 1;
    if (isVirtual(t)) return;
    this.addStray(t.tokenIndex, context, kind);
    this.lastEnd = tokenEnd(t);
    this.lastTaken = t;
  }

  private addStray(index: number, context: StrayContext, kind: FirstStray): void {
    if (this.run !== undefined && this.run.last >= this.lastRealBefore(index)) {
      this.run.last = index;
      return;
    }
    this.flushStray();
    this.run = { first: index, last: index, context, firstKind: kind, modelName: this.currentModel };
  }

  /** Index of the last non-virtual token before `index` (virtual tokens do not break a run). */
  private lastRealBefore(index: number): number {
    let i = index - 1;
    while (i >= 0 && isVirtual(this.tokens[i]!)) i--;
    return i;
  }

  private flushStray(): void {
    const run = this.run;
    if (run === undefined) return;
    this.run = undefined;
    if (run.first === this.cascadeAt) return; // a gap diagnostic already said "found …"
    const first = this.tokens[run.first]!;
    if (run.first === run.last && first.tokenType === T.TooDeep) return; // the lexer reported it
    const r = range(first.startOffset, tokenEnd(this.tokens[run.last]!));
    this.diagnostics.push(strayDiagnostic(run, first, r, this.lastBlockEnd));
  }

  /** The next real token: what a gap diagnostic says was found instead. */
  private found(): { token: Tok | undefined; index: number } {
    let i = this.next;
    while (i < this.tokens.length && isVirtual(this.tokens[i]!)) i++;
    return { token: this.tokens[i], index: i };
  }

  // ---- gaps ------------------------------------------------------------------------------------

  private gap(): Range {
    return range(this.lastEnd, this.lastEnd);
  }

  /**
   * Reports that `what` is missing at the current gap, unless this gap (or the token before it)
   * has already been reported. `owner` is the bracket the missing token would close.
   */
  private expected(what: string, opts: { owner?: Owner; insert?: string; hint?: string } = {}): void {
    this.flushStray();
    const gap = this.lastEnd;
    if (gap === this.lastGap) return;
    if (this.lastTaken !== undefined && this.faulty.has(this.lastTaken)) return;
    const { token: found, index } = this.found();
    this.lastGap = gap;
    this.cascadeAt = index;
    const r = range(gap, gap);
    const owner = opts.owner;
    const related: Label[] = [];
    if (owner?.open !== undefined) related.push({ range: tokRange(owner.open), message: 'opened here' });
    let fixes: Fix[] | undefined;
    if (opts.insert !== undefined) {
      if (owner !== undefined && found !== undefined && isCloser(found) && found.image !== owner.closer && !this.open.includes(found.image)) {
        // `LSTM(64]`: nothing else is waiting for this `]`, so it was meant to be the `)`.
        fixes = [{ title: `replace \`${found.image}\` with \`${owner.closer}\``, edits: [{ range: tokRange(found), newText: owner.closer }] }];
      } else {
        fixes = [{ title: `insert \`${opts.insert.trim()}\``, edits: [{ range: r, newText: opts.insert }] }];
      }
    }
    const code = owner !== undefined && found === undefined ? 'E0112' : 'E0110';
    this.diagnostics.push(
      diagnostic(code, r, `expected ${what}, found ${describe(found)}`, {
        label: `expected ${what.replace(/ (after|for|to|between) .*$/, '')} here`,
        ...(related.length > 0 ? { related } : {}),
        ...(opts.hint !== undefined ? { hint: opts.hint } : {}),
        ...(fixes !== undefined ? { fixes } : {}),
      }),
    );
  }

  /** Reports the next real token as unexpected; the stray run it starts is not reported again. */
  private unexpected(where: string): void {
    this.flushStray();
    if (this.lastEnd === this.lastGap) return;
    const { token: found, index } = this.found();
    if (found === undefined) return;
    this.lastGap = this.lastEnd;
    this.cascadeAt = index;
    this.diagnostics.push(diagnostic('E0111', tokRange(found), `unexpected ${describe(found)} ${where}`, { hint: 'remove it' }));
  }

  /** Text to insert for a missing closing brace of a block: on its own line when the gap ends one. */
  private blockCloser(): string {
    const found = this.found().token;
    if (found === undefined) return '\n}';
    return /[\r\n]/.test(this.text.slice(this.lastEnd, found.startOffset)) ? '\n}' : ' }';
  }

  private spaced(token: string): string {
    return /\s/.test(this.text[this.lastEnd] ?? '') ? ` ${token}` : token;
  }

  /**
   * The closing bracket of a group: real (fine), virtual (the lexer closed an unclosed bracket:
   * report it missing), or absent (the parser stopped at something in the way; the real closing
   * bracket comes later, so that is what to report).
   */
  private close(type: IToken['tokenType'], open: Tok | undefined, inside: Between, name: string): void {
    const t = this.peekToken();
    if (t !== undefined && t.tokenType === type) {
      this.pos++;
      if (this.pass(t) !== undefined) return;
      const closer = type === T.RParen ? ')' : type === T.RBracket ? ']' : '}';
      const what = group(inside, name);
      this.expected(`\`${closer}\` to close ${what}`, { owner: { open, closer, what }, insert: closer });
      return;
    }
    this.unexpected(`in ${group(inside, name)}`);
  }

  // ---- top level -------------------------------------------------------------------------------

  file(): FileNode {
    const mark = this.listsTop;
    if (this.atStart(Kind.File)) {
      this.pos++;
      while (!this.atEnd()) {
        if (this.atStart(Kind.Model)) this.add(this.model());
        else if (this.atStart(Kind.Train)) this.add(this.train());
        else if (this.atStart(Kind.Decode)) this.add(this.decodeBlock());
        else if (this.atStart(Kind.Statement)) this.strayStatement();
        else this.strayEvent('top');
      }
      this.pos++;
    }
    const decls = this.endList<Decl>(mark);
    this.skipTo(this.tokens.length);
    this.flushStray();
    return { kind: 'File', decls, range: range(0, this.text.length) };
  }

  /** One event that is not where the grammar puts it: a stray token (or, defensively, a node). */
  private strayEvent(context: StrayContext): void {
    const e = this.events[this.pos]!;
    if (e >= 0) {
      this.pos++;
      this.strayToken(this.tokens[e]!, context, 'token');
    } else {
      this.pos++;
      this.leave(context);
    }
  }

  /** A statement at the top level: reported as a whole, not converted. */
  private strayStatement(): void {
    const first = this.peekToken(1);
    const second = this.events[this.pos + 2];
    let kind: FirstStray = 'token';
    if (first?.tokenType === T.Output) kind = 'output';
    else if (second === startOf(Kind.ArgList)) kind = 'call';
    else if (this.peekType(2) === T.Equals || this.peekType(2) === T.Comma) kind = 'bind';
    this.pos++;
    let depth = 0;
    let firstToken = true;
    while (this.pos < this.events.length) {
      const e = this.events[this.pos++]!;
      if (e === END) {
        if (depth-- === 0) return;
      } else if (e < END) depth++;
      else {
        this.strayToken(this.tokens[e]!, 'top', firstToken ? kind : 'token');
        firstToken = false;
      }
    }
  }

  private model(): ModelDecl {
    this.pos++;
    const kw = this.takeIf(T.Model)!;
    const nameTok = this.takeIf(T.Identifier);
    const name = nameTok === undefined ? undefined : ident(nameTok);
    if (name === undefined) {
      const found = this.found().token;
      this.expected('a name after `model`', {
        hint: found !== undefined && KEYWORDS.has(found.tokenType) ? `\`${found.image}\` is a keyword and cannot be a name` : 'write `model NAME { … }`',
      });
    }
    const label = name === undefined ? 'the model' : `model ${name.name}`;
    this.currentModel = name?.name;
    const lcurly = this.takeIf(T.LCurly);
    if (lcurly === undefined) this.expected(`\`{\` to start the body of ${label}`, name !== undefined ? { insert: this.spaced('{') } : {});
    const mark = this.listsTop;
    this.open.push('}');
    while (!this.atEnd() && this.peekType() !== T.RCurly) {
      if (this.atStart(Kind.Statement)) {
        const s = this.statement();
        if (s !== undefined) this.add(s);
      } else this.strayEvent('model');
    }
    this.open.pop();
    const body = this.endList<Stmt>(mark);
    this.blockEnd(label, lcurly);
    this.currentModel = undefined;
    this.leave('model');
    const r = range(kw.startOffset, this.lastEnd);
    return name === undefined ? { kind: 'Model', body, keyword: tokRange(kw), range: r } : { kind: 'Model', name, body, keyword: tokRange(kw), range: r };
  }

  private train(): TrainDecl {
    return this.settingsBlock('Train', T.Train, 'train');
  }

  private decodeBlock(): DecodeDecl {
    return this.settingsBlock('Decode', T.Decode, 'decode');
  }

  /** `train [MODEL] { entries }` or `decode [MODEL] { entries }`: the same shape. */
  private settingsBlock<K extends 'Train' | 'Decode'>(kind: K, keyword: TokenType, context: 'train' | 'decode'): { kind: K; model?: Identifier; entries: readonly Entry[]; keyword: Range; range: Range } {
    this.pos++;
    const kw = this.takeIf(keyword)!;
    const modelTok = this.takeIf(T.Identifier);
    const label = `the ${context} block`;
    const lcurly = this.takeIf(T.LCurly);
    if (lcurly === undefined) this.expected(`\`{\` to start ${label}`, { insert: this.spaced('{') });
    const mark = this.listsTop;
    this.open.push('}');
    while (!this.atEnd() && this.peekType() !== T.RCurly) {
      if (this.atStart(Kind.Entry)) this.add(this.entry());
      else this.strayEvent(context);
    }
    this.open.pop();
    const entries = this.endList<Entry>(mark);
    this.blockEnd(label, lcurly);
    this.leave(context);
    const r = range(kw.startOffset, this.lastEnd);
    return modelTok === undefined ? { kind, entries, keyword: tokRange(kw), range: r } : { kind, model: ident(modelTok), entries, keyword: tokRange(kw), range: r };
  }

  private blockEnd(label: string, lcurly: Tok | undefined): void {
    const t = this.peekToken();
    if (t !== undefined && t.tokenType === T.RCurly) {
      this.pos++;
      const rcurly = this.pass(t);
      if (rcurly !== undefined) {
        this.lastBlockEnd = { token: rcurly, name: label };
        return;
      }
    }
    this.expected(`\`}\` to close ${label}`, { owner: { open: lcurly, closer: '}', what: label }, insert: this.blockCloser() });
  }

  // ---- statements ------------------------------------------------------------------------------

  private statement(): Stmt | undefined {
    this.pos++;
    const s = this.statementBody();
    this.leave('model');
    return s;
  }

  private statementBody(): Stmt | undefined {
    const outputTok = this.takeIf(T.Output);
    if (outputTok !== undefined) return this.output(outputTok);
    const first = this.takeIf(T.Identifier);
    if (first === undefined) return undefined; // cannot happen: the rule starts with one
    if (this.atStart(Kind.ArgList)) {
      const call = this.call(first);
      return { kind: 'LayerStmt', call, range: call.range };
    }
    const next = this.peekType();
    if (next !== T.Comma && next !== T.Equals) {
      // `LSTM` or `x` on its own. Left out of the tree: a call without arguments would only make
      // the checker report missing arguments on top of this.
      this.expected(`\`(\` or \`=\` after \`${first.image}\``, {
        hint: `call a layer with \`${first.image}(…)\`, or bind a name with \`${first.image} = …\``,
      });
      return undefined;
    }
    return this.bind(first);
  }

  private bind(first: Tok): BindStmt {
    const mark = this.listsTop;
    this.add(ident(first));
    while (this.takeIf(T.Comma) !== undefined) {
      const id = this.takeIf(T.Identifier);
      if (id !== undefined) this.add(ident(id));
      else this.expected('a name after `,`');
    }
    const targets = this.endList<Identifier>(mark);
    if (this.takeIf(T.Equals) === undefined) {
      this.expected(`\`=\` after \`${namesOf(targets)}\``, this.atValue() ? { insert: this.spaced('=') } : {});
    }
    // The names are joined into words only if a message needs them (see `phrase`).
    const value = this.value(What.ValueFor, targets);
    return { kind: 'BindStmt', targets, value, range: range(first.startOffset, this.lastEnd) };
  }

  private output(kw: Tok): OutputStmt {
    const mark = this.listsTop;
    this.add(this.value(What.AfterOutput));
    while (this.takeIf(T.Comma) !== undefined) this.add(this.value(What.AfterComma));
    const values = this.endList<Expr>(mark);
    return { kind: 'OutputStmt', values, keyword: tokRange(kw), range: range(kw.startOffset, this.lastEnd) };
  }

  private entry(): Entry {
    this.pos++;
    const keyTok = this.takeIf(T.Identifier)!;
    const key = ident(keyTok);
    if (this.takeIf(T.Equals) === undefined) {
      this.expected(`\`=\` after \`${key.name}\``, this.atValue() ? { insert: this.spaced('=') } : {});
    }
    const value = this.value(What.ValueFor, key.name);
    const r = range(keyTok.startOffset, this.lastEnd);
    this.takeIf(T.Comma);
    this.leave('skipped');
    return { kind: 'Entry', key, value, range: r };
  }

  // ---- values ----------------------------------------------------------------------------------

  /** Is the next event a value (and not `name =`, which the parser never takes as one)? */
  private atValue(): boolean {
    const e = this.events[this.pos];
    if (e === undefined || e === END) return false;
    if (e < END) return e === startOf(Kind.Tuple) || e === startOf(Kind.List) || e === startOf(Kind.Record);
    const type = this.tokens[e]!.tokenType;
    if (type === T.Identifier) return this.peekType(1) !== T.Equals;
    return VALUE_TOKENS.has(type);
  }

  /** A value, or a Missing node and a diagnostic saying what was expected (see `phrase`). */
  private value(what: What, name: string | readonly Identifier[] = ''): Expr {
    if (!this.atValue()) {
      this.expected(phrase(what, name));
      return { kind: 'Missing', range: this.gap() };
    }
    const e = this.events[this.pos]!;
    if (e < END) return this.bracketed(kindOf(e));
    this.pos++;
    const t = this.pass(this.tokens[e]!)!;
    const r = tokRange(t);
    switch (t.tokenType) {
      case T.Identifier:
        if (this.atStart(Kind.ArgList)) return this.call(t);
        return { kind: 'Name', name: t.image, range: r };
      case T.NumberLiteral: {
        if (this.faulty.has(t)) return { kind: 'Missing', range: r };
        const raw = t.image;
        const int = integerValue(raw);
        return { kind: 'Number', value: int ?? Number(raw), isInteger: int !== undefined || isIntegerLiteral(raw), raw, range: r };
      }
      case T.StringLiteral:
        return { kind: 'String', value: this.decode(t), raw: t.image, range: r };
      case T.True:
      case T.False:
        return { kind: 'Bool', value: t.tokenType === T.True, raw: t.image, range: r };
      case T.None:
        return { kind: 'None', range: r };
      default: // TooDeep: the lexer reported it
        return { kind: 'Missing', range: r };
    }
  }

  private call(callee: Tok): Expr & { kind: 'Call' } {
    const args = this.argList(callee, false);
    const apply = this.atStart(Kind.ArgList) ? this.argList(callee, true) : undefined;
    const r = range(callee.startOffset, this.lastEnd);
    return apply === undefined
      ? { kind: 'Call', callee: ident(callee), args, range: r }
      : { kind: 'Call', callee: ident(callee), args, apply, range: r };
  }

  private argList(callee: Tok, applied: boolean): ArgList {
    this.pos++;
    const open = this.takeIf(T.LParen)!;
    this.open.push(')');
    const mark = this.listsTop;
    let needsComma = false;
    while (!this.atEnd() && this.peekType() !== T.RParen) {
      if (this.takeIf(T.Comma) !== undefined) {
        needsComma = false;
        continue;
      }
      const before = this.pos;
      if (needsComma) this.missingComma(applied ? Between.Inputs : Between.Arguments, callee.image);
      this.add(this.argument());
      needsComma = true;
      if (this.pos === before) this.strayEvent('skipped'); // defensive: always make progress
    }
    this.open.pop();
    const args = this.endList<Arg>(mark);
    this.close(T.RParen, open, applied ? Between.Inputs : Between.Arguments, callee.image);
    this.leave('skipped');
    return { args, range: range(open.startOffset, this.lastEnd) };
  }

  private argument(): Arg {
    if (this.peekType() === T.Identifier && this.peekType(1) === T.Equals) {
      const nameTok = this.takeIf(T.Identifier)!;
      this.takeIf(T.Equals);
      const value = this.value(What.ValueFor, nameTok.image);
      return { kind: 'Arg', name: ident(nameTok), value, range: range(nameTok.startOffset, this.lastEnd) };
    }
    const value = this.value(What.Argument);
    return { kind: 'Arg', value, range: value.range };
  }

  private bracketed(kind: Kind): Expr {
    this.pos++;
    if (kind === Kind.Record) {
      const open = this.takeIf(T.LCurly)!;
      this.open.push('}');
      const mark = this.listsTop;
      while (!this.atEnd() && this.peekType() !== T.RCurly) {
        if (this.atStart(Kind.Entry)) this.add(this.entry());
        else this.strayEvent('skipped');
      }
      this.open.pop();
      const entries = this.endList<Entry>(mark);
      this.close(T.RCurly, open, Between.Entries, '');
      this.leave('skipped');
      return { kind: 'Record', entries, range: range(open.startOffset, this.lastEnd) };
    }
    if (kind !== Kind.Tuple && kind !== Kind.List) {
      this.leave('skipped'); // defensive: no other node stands where a value does
      return { kind: 'Missing', range: this.gap() };
    }
    const isList = kind === Kind.List;
    const open = this.takeIf(isList ? T.LBracket : T.LParen)!;
    const closer = isList ? ']' : ')';
    this.open.push(closer);
    const mark = this.listsTop;
    const closeType = isList ? T.RBracket : T.RParen;
    let needsComma = false;
    while (!this.atEnd() && this.peekType() !== closeType) {
      if (this.takeIf(T.Comma) !== undefined) {
        needsComma = false;
        continue;
      }
      const before = this.pos;
      if (needsComma) this.missingComma(isList ? Between.ListItems : Between.TupleItems, '');
      this.add(this.value(What.Value));
      needsComma = true;
      if (this.pos === before) this.strayEvent('skipped'); // defensive: always make progress
    }
    this.open.pop();
    const items = this.endList<Expr>(mark);
    this.close(closeType, open, isList ? Between.ListItems : Between.TupleItems, '');
    this.leave('skipped');
    return { kind: isList ? 'List' : 'Tuple', items, range: range(open.startOffset, this.lastEnd) };
  }

  private missingComma(between: Between, name: string): void {
    this.expected(`\`,\` between ${itemsOf(between, name)}`, { insert: ',' });
  }

  // ---- strings ---------------------------------------------------------------------------------

  /** Decodes JSON's escapes; reports a bad one (E0103) at the escape itself. */
  private decode(t: IToken): string {
    const raw = t.image;
    const closed = !this.faulty.has(t);
    const body = raw.slice(1, closed ? raw.length - 1 : raw.length);
    if (!body.includes('\\')) return body;
    let out = '';
    let i = 0;
    while (i < body.length) {
      const ch = body[i]!;
      if (ch !== '\\') {
        out += ch;
        i++;
        continue;
      }
      const at = t.startOffset + 1 + i;
      const esc = body[i + 1];
      if (esc === undefined) break; // a backslash ending an unterminated string: E0102 covers it
      const simple = SIMPLE_ESCAPES[esc];
      if (simple !== undefined) {
        out += simple;
        i += 2;
        continue;
      }
      if (esc === 'u') {
        const hex = /^[0-9a-fA-F]{0,4}/.exec(body.slice(i + 2, i + 6))![0];
        if (hex.length === 4) {
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
          continue;
        }
        this.diagnostics.push(
          diagnostic('E0103', range(at, at + 2 + hex.length), '`\\u` must be followed by four hexadecimal digits', {
            hint: 'write a code unit as `\\u0041`',
          }),
        );
        out += body.slice(i, i + 2 + hex.length);
        i += 2 + hex.length;
        continue;
      }
      const r = range(at, at + 1 + esc.length);
      this.diagnostics.push(
        diagnostic('E0103', r, `\`\\${showChars(esc)}\` is not a valid escape in a string`, {
          hint: 'the escapes are \\" \\\' \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; to write a backslash, double it',
          fixes: [{ title: 'write a backslash: `\\\\`', edits: [{ range: range(at, at + 1), newText: '\\\\' }] }],
        }),
      );
      out += '\\' + esc;
      i += 2;
    }
    return out;
  }
}

const VALUE_TOKENS = new Set([T.Identifier, T.NumberLiteral, T.StringLiteral, T.True, T.False, T.None, T.TooDeep]);

/**
 * The value of a short run of digits with an optional `-` (`128`, `-1`), computed directly: most
 * numbers in a file are such, and Number() on a string is several times slower. Otherwise
 * undefined, and Number() decides.
 */
function integerValue(raw: string): number | undefined {
  const negative = raw.charCodeAt(0) === 45; // -
  const start = negative ? 1 : 0;
  if (raw.length - start > 15 || raw.length === start) return undefined;
  let v = 0;
  for (let i = start; i < raw.length; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  return negative ? -v : v;
}

/** Written without a fraction or an exponent: `3`, `-1`. */
function isIntegerLiteral(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 46 || c === 101 || c === 69) return false;
  }
  return true;
}

function ident(t: IToken): Identifier {
  return { kind: 'Identifier', name: t.image, range: tokRange(t) };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

// ---- stray tokens ------------------------------------------------------------------------------

function strayDiagnostic(run: StrayRun, first: IToken, r: Range, lastBlock: { token: IToken; name: string } | undefined): Diagnostic {
  const what = describe(first);
  if (run.context === 'top') {
    if (isCloser(first)) {
      return diagnostic('E0111', r, `unexpected ${what}: no block is open here`, { hint: 'remove it' });
    }
    const related: Label[] = [];
    if (lastBlock !== undefined && lastBlock.token.startOffset < r.start) {
      related.push({ range: tokRange(lastBlock.token), message: `${lastBlock.name} ends here` });
    }
    const extras = {
      hint: 'wrap layers in `model NAME { … }`',
      ...(related.length > 0 ? { related } : {}),
    };
    if (run.firstKind === 'call') return diagnostic('E0113', r, 'this layer is outside any model block', extras);
    if (run.firstKind === 'bind') return diagnostic('E0113', r, 'this binding is outside any model block', extras);
    if (run.firstKind === 'output') return diagnostic('E0113', r, '`output` is outside any model block', extras);
    return diagnostic('E0113', r, `expected \`model\`, \`train\` or \`decode\`, found ${what}`, {
      hint: 'a file holds `model NAME { … }`, `train { … }` and `decode { … }` blocks',
    });
  }
  if (run.context === 'model') {
    const where = run.modelName === undefined ? 'the model' : `model ${run.modelName}`;
    return diagnostic('E0111', r, `unexpected ${what} in the body of ${where}`, {
      hint: isCloser(first)
        ? 'it closes nothing here; remove it'
        : 'a statement is a layer like `Dense(1)`, a binding like `x = Input(shape=(5,))`, or `output x`',
    });
  }
  if (run.context === 'train' || run.context === 'decode') {
    return diagnostic('E0111', r, `unexpected ${what} in the ${run.context} block`, {
      hint: isCloser(first) ? 'it closes nothing here; remove it' : 'each setting is written `name = value`, as in `epochs = 10`',
    });
  }
  return diagnostic('E0111', r, `unexpected ${what}`, { hint: 'remove it' });
}
