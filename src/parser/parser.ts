// The grammar, as a Chevrotain parser. Nothing outside src/parser sees its types: to-ast.ts turns
// what it records into the AST in one pass and writes every syntax diagnostic.
//
// CST or embedded actions? Embedded actions, for speed. Chevrotain's CST builder took ~80 ms for
// the 356 KB benchmark file on the project's 2-core machine (a dictionary-mode node per rule and an
// array per child name), against ~6 ms for the bare recognizer. So the rules record a flat *event
// stream* instead — "node starts", "token i", "node ends", plain integers in one reused array, as
// rust-analyzer's parser does — and to-ast.ts reads it once. Every rule that opens a node closes it
// in a `finally`, so when Chevrotain's recovery abandons a rule half-way the stream stays balanced
// and the part already parsed stays in the tree: the converter sees exactly which piece is missing
// (the `)` of this call, the value of that argument) and can say so in words.
//
// All grammar closures are created once, in the constructor, not on every rule invocation.
//
// How errors are recovered, from the most to the least common:
//
//  1. Unclosed brackets are closed by the lexer (lexer.ts, closeUnclosed) with zero-width tokens,
//     guided by line breaks and indentation; the parser only ever sees brackets that nest. A valid
//     file has none of these, so this never changes how a valid file parses.
//  2. Error productions. A model body, a train block and the top level accept any token: tokens
//     that cannot start a statement are parsed by `stray` and reported once per run. So the parser
//     never has to skip input to find its footing, and an error inside one model never loses the
//     statements after it or the blocks after that.
//  3. Chevrotain's own recovery (`recoveryEnabled`): a missing token is inserted when the next
//     token is what would follow it (`model {` gets a name, `epochs 10` its `=`), one stray token
//     is deleted when the expected one comes right after it, and a rule that fails is abandoned
//     and the innermost enclosing rule that can continue from the current token does. Because of
//     (2) every token can continue some enclosing rule, so re-synchronisation never skips input.
//
// Lists accept a missing comma between items (`Dense(1 activation=relu)`), so that the converter
// can report the comma rather than an unexpected name. The railroad diagram is drawn from the
// language without these recovery-only productions (see grammar/generate.ts).

import { EmbeddedActionsParser, NoViableAltException, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import * as T from './lexer.ts';

/** Node kinds in the event stream. */
export const Kind = {
  File: 1,
  Model: 2,
  Train: 3,
  Statement: 4,
  Entry: 5,
  ArgList: 6,
  Tuple: 7,
  List: 8,
  Record: 9,
  Decode: 10,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/**
 * The event stream: a token index (>= 0), the start of a node of kind k (`-1 - k`), or END.
 * A value that is a single token (a name, a literal) is just that token; a call is its name
 * token followed by one or two ArgList nodes.
 */
export const END = -1;

export function startOf(kind: Kind): number {
  return -1 - kind;
}

export function kindOf(event: number): Kind {
  return (-1 - event) as Kind;
}

// Chevrotain's messages name grammar rules and token types; they never reach the user (to-ast.ts
// writes every diagnostic), so they are not even built.
const noMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: () => '',
  buildNotAllInputParsedMessage: () => '',
  buildNoViableAltMessage: () => '',
  buildEarlyExitMessage: () => '',
};

/** Names of the rules that exist only to recover from errors (left out of the diagram). */
export const RECOVERY_RULES: readonly string[] = ['strayTopLevel', 'stray', 'strayKeyword'];

type Alt = { ALT: () => void };

/** Chevrotain internals used by the recovery speed-ups below. */
interface Internals {
  SAVE_ERROR(e: Error): Error;
  getCurrentGrammarPath(tokType: TokenType, idx: number): { ruleStack: string[]; occurrenceStack: number[] };
  getNextPossibleTokenTypes(path: unknown): TokenType[];
}

class RnnParser extends EmbeddedActionsParser {
  /** The event stream of the last parse: `events[0 .. eventCount)`. Reused by the next parse. */
  events = new Int32Array(1024);
  eventCount = 0;
  /** Values refused because `name =` follows (an error Chevrotain does not record). */
  refusals = 0;

  /**
   * `validate` runs Chevrotain's checks of the grammar itself (ambiguities, left recursion), about a
   * fifth of the parser's construction and so of `rnnc check`'s start-up. The grammar is fixed, so
   * they run in the tests (test/parser/grammar-validation.test.ts), not on every start.
   */
  constructor(validate = false) {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 2, errorMessageProvider: noMessages, skipValidations: !validate });
    this.performSelfAnalysis();
    for (const name of Object.keys(this.getGAstProductions())) withoutRestArgs(this, name);
  }

  parseTokens(tokens: IToken[]): void {
    // Room for every token and a start and an end per node, so push() rarely has to grow it.
    if (this.events.length < 2 * tokens.length + 16) this.events = new Int32Array(2 * tokens.length + 16);
    this.eventCount = 0;
    this.refusals = 0;
    this.input = tokens;
    // Chevrotain signals every syntax error with an Error object; capturing their stack traces
    // cost more than all the rest of error recovery on garbage input, and nobody reads them.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      this.file();
    } finally {
      Error.stackTraceLimit = limit;
    }
  }

  // ---- the speed of error recovery -------------------------------------------------------------
  //
  // Two Chevrotain internals (11.x) are overridden because they analyse the grammar anew on every
  // syntax error, which made random input parse at ~20 µs a token. Both only change how fast
  // recovery is, never what it does.

  /** The NoViableAlt exception without the message, whose expected paths cost a grammar walk. */
  raiseNoAltException(): never {
    throw (this as unknown as Internals).SAVE_ERROR(new NoViableAltException('', this.LA(1), this.LA(0)));
  }

  /**
   * Chevrotain's "in-repetition" recovery skips tokens after a loop until the loop can go on.
   * Here every loop is followed by a closing bracket that exists (the lexer adds the missing
   * ones) or sits in a block whose error productions take any token, so it never has anything to
   * do — but it costs an allocation and a lookup at the end of every loop.
   */
  attemptInRepetitionRecovery = (): void => {};

  private readonly followsCache = new Map<string, TokenType[]>();

  /** What may follow a missing token (to decide whether to insert it), cached by grammar path. */
  getFollowsForInRuleRecovery(tokType: TokenType, tokIdxInRule: number): TokenType[] {
    const self = this as unknown as Internals;
    const path = self.getCurrentGrammarPath(tokType, tokIdxInRule);
    const key = `${path.ruleStack.join()}|${path.occurrenceStack.join()}|${tokType.tokenTypeIdx}|${tokIdxInRule}`;
    let follows = this.followsCache.get(key);
    if (follows === undefined) {
      if (this.followsCache.size > 10_000) this.followsCache.clear();
      follows = self.getNextPossibleTokenTypes(path);
      this.followsCache.set(key, follows);
    }
    return follows;
  }

  // ---- recording events ------------------------------------------------------------------------

  private push(event: number): void {
    if (this.eventCount === this.events.length) {
      const grown = new Int32Array(this.events.length * 2);
      grown.set(this.events);
      this.events = grown;
    }
    this.events[this.eventCount++] = event;
  }

  private begin(kind: Kind): void {
    this.push(-1 - kind);
  }

  private end(): void {
    this.push(END);
  }

  /** Records a consumed token; tokens Chevrotain inserted during recovery are left out. */
  private tok(t: IToken): void {
    const index = (t as T.Tok).tokenIndex;
    if (index >= 0) this.push(index);
  }

  /** Chevrotain's stand-in for a missing token: kept out of the event stream by its index. */
  protected override getTokenToInsert(tokType: TokenType): IToken {
    const t = super.getTokenToInsert(tokType) as T.Tok;
    t.tokenIndex = -1;
    return t;
  }

  /**
   * Chevrotain tries inserting a missing token before deleting a stray one. When the expected
   * token is a closing bracket and it comes right after the stray token (`LSTM(64 = )`), deleting
   * is the better guess. (Not for names: in `model {` + `Dense(1)` the name is missing.)
   */
  protected override canTokenTypeBeInsertedInRecovery(tokType: TokenType): boolean {
    const closer = tokType === T.RParen || tokType === T.RBracket || tokType === T.RCurly;
    return !closer || this.LA(2).tokenType !== tokType;
  }

  // ---- rules -----------------------------------------------------------------------------------

  file = this.RULE('file', () => {
    this.begin(Kind.File);
    try {
      this.MANY(this.fileItem);
    } finally {
      this.end();
    }
  });

  modelDecl = this.RULE('modelDecl', () => {
    this.begin(Kind.Model);
    try {
      this.tok(this.CONSUME(T.Model));
      this.tok(this.CONSUME(T.Identifier));
      this.tok(this.CONSUME(T.LCurly));
      this.MANY(this.modelItem);
      this.tok(this.CONSUME(T.RCurly));
    } finally {
      this.end();
    }
  });

  trainDecl = this.RULE('trainDecl', () => {
    this.begin(Kind.Train);
    try {
      this.tok(this.CONSUME(T.Train));
      this.OPTION(this.trainModelName);
      this.tok(this.CONSUME(T.LCurly));
      this.MANY(this.trainItem);
      this.tok(this.CONSUME(T.RCurly));
    } finally {
      this.end();
    }
  });

  /** `decode [MODEL] { key = value … }`: how a trained model generates (compiler/decode.ts). */
  decodeDecl = this.RULE('decodeDecl', () => {
    this.begin(Kind.Decode);
    try {
      this.tok(this.CONSUME(T.Decode));
      this.OPTION(this.trainModelName);
      this.tok(this.CONSUME(T.LCurly));
      this.MANY(this.trainItem);
      this.tok(this.CONSUME(T.RCurly));
    } finally {
      this.end();
    }
  });

  /** A layer call (optionally applied to inputs), a binding, or `output`. */
  statement = this.RULE('statement', () => {
    this.begin(Kind.Statement);
    try {
      this.OR(this.statementAlts);
    } finally {
      this.end();
    }
  });

  /** `name = value` in a train block or a record; a comma after it is optional. */
  entry = this.RULE('entry', () => {
    this.begin(Kind.Entry);
    try {
      this.tok(this.CONSUME(T.Identifier));
      this.tok(this.CONSUME(T.Equals));
      this.SUBRULE(this.expression);
      this.OPTION(this.entryComma);
    } finally {
      this.end();
    }
  });

  // `(5)` is a one-item tuple like `(5,)`: a value is never parenthesised for grouping (there is
  // no arithmetic), so `(…)` keeps one meaning and the grammar stays LL(1).
  expression = this.RULE('expression', () => {
    // A value cannot start with `name =`: that is the next argument or setting, and this value
    // is missing (`epochs =` on a line of its own, then `batch_size = 32`). Refusing here makes
    // Chevrotain recover as from any missing value; a valid file never has `name =` here.
    if (!this.RECORDING_PHASE && this.LA(1).tokenType === T.Identifier && this.LA(2).tokenType === T.Equals) {
      this.refusals++;
      throw new NoViableAltException('', this.LA(1), this.LA(0));
    }
    this.OR(this.expressionAlts);
  });

  argList = this.RULE('argList', () => {
    this.begin(Kind.ArgList);
    try {
      this.tok(this.CONSUME(T.LParen));
      this.MANY(this.argItem);
      this.tok(this.CONSUME(T.RParen));
    } finally {
      this.end();
    }
  });

  tuple = this.RULE('tuple', () => {
    this.begin(Kind.Tuple);
    try {
      this.tok(this.CONSUME(T.LParen));
      this.MANY(this.valueItem);
      this.tok(this.CONSUME(T.RParen));
    } finally {
      this.end();
    }
  });

  list = this.RULE('list', () => {
    this.begin(Kind.List);
    try {
      this.tok(this.CONSUME(T.LBracket));
      this.MANY(this.valueItem);
      this.tok(this.CONSUME(T.RBracket));
    } finally {
      this.end();
    }
  });

  record = this.RULE('record', () => {
    this.begin(Kind.Record);
    try {
      this.tok(this.CONSUME(T.LCurly));
      this.MANY(this.recordItem);
      this.tok(this.CONSUME(T.RCurly));
    } finally {
      this.end();
    }
  });

  // ---- error productions (reported by to-ast.ts, left out of the diagram) ----------------------

  /** Anything at the top level that is not a model or train block. */
  strayTopLevel = this.RULE('strayTopLevel', () => {
    this.OR(this.strayTopAlts);
  });

  /** One token that cannot start a statement or an entry, nor end the block. */
  stray = this.RULE('stray', () => {
    this.OR(this.strayAlts);
  });

  /** `output` in a train block. */
  strayKeyword = this.RULE('strayKeyword', () => {
    this.tok(this.CONSUME(T.Output));
  });

  // ---- the closures the rules run (created once) -----------------------------------------------

  private fileAlts: Alt[] = [
    { ALT: () => this.SUBRULE(this.modelDecl) },
    { ALT: () => this.SUBRULE(this.trainDecl) },
    { ALT: () => this.SUBRULE(this.decodeDecl) },
    { ALT: () => this.SUBRULE(this.strayTopLevel) },
  ];
  private fileItem = (): void => this.OR(this.fileAlts);

  private modelAlts: Alt[] = [{ ALT: () => this.SUBRULE(this.statement) }, { ALT: () => this.SUBRULE(this.stray) }];
  private modelItem = (): void => this.OR(this.modelAlts);

  private trainModelName = (): void => this.tok(this.CONSUME(T.Identifier));
  private trainAlts: Alt[] = [
    { ALT: () => this.SUBRULE(this.entry) },
    { ALT: () => this.SUBRULE(this.stray) },
    { ALT: () => this.SUBRULE(this.strayKeyword) },
  ];
  private trainItem = (): void => this.OR(this.trainAlts);

  private statementAlts: Alt[] = [
    {
      ALT: () => {
        this.tok(this.CONSUME(T.Identifier));
        this.OR2(this.afterNameAlts);
      },
    },
    {
      ALT: () => {
        this.tok(this.CONSUME(T.Output));
        this.SUBRULE2(this.expression);
        this.MANY2(this.moreOutputs);
      },
    },
  ];
  private afterNameAlts: Alt[] = [
    {
      // a layer: `LSTM(64)`, or applied: `LSTM(64)(x)` (the checker rejects the latter here)
      ALT: () => {
        this.SUBRULE(this.argList);
        this.OPTION(this.statementApply);
      },
    },
    {
      // a binding: `x = …`, `_, h, c = …`
      ALT: () => {
        this.MANY(this.moreTargets);
        this.tok(this.CONSUME(T.Equals));
        this.SUBRULE(this.expression);
      },
    },
  ];
  private statementApply = (): void => this.SUBRULE2(this.argList);
  private moreTargets = (): void => {
    this.tok(this.CONSUME(T.Comma));
    this.tok(this.CONSUME2(T.Identifier));
  };
  private moreOutputs = (): void => {
    this.tok(this.CONSUME2(T.Comma));
    this.SUBRULE3(this.expression);
  };

  private entryComma = (): void => this.tok(this.CONSUME(T.Comma));

  private expressionAlts: Alt[] = [
    {
      // a name, or a call `LSTM(64)`, or an applied call `LSTM(64)(x)`
      ALT: () => {
        this.tok(this.CONSUME(T.Identifier));
        this.OPTION(this.callArgs);
      },
    },
    { ALT: () => this.tok(this.CONSUME(T.NumberLiteral)) },
    { ALT: () => this.tok(this.CONSUME(T.StringLiteral)) },
    { ALT: () => this.tok(this.CONSUME(T.True)) },
    { ALT: () => this.tok(this.CONSUME(T.False)) },
    { ALT: () => this.tok(this.CONSUME(T.None)) },
    { ALT: () => this.SUBRULE(this.tuple) },
    { ALT: () => this.SUBRULE(this.list) },
    { ALT: () => this.SUBRULE(this.record) },
    { ALT: () => this.tok(this.CONSUME(T.TooDeep)) },
  ];
  private callArgs = (): void => {
    this.SUBRULE(this.argList);
    this.OPTION2(this.expressionApply);
  };
  private expressionApply = (): void => this.SUBRULE2(this.argList);

  // `[name =] value [,]`: the comma is optional here so that a missing one can be reported.
  private argItem = (): void => {
    this.OPTION(this.keyword);
    this.SUBRULE(this.expression);
    this.OPTION2(this.argComma);
  };
  private keyword = (): void => {
    this.tok(this.CONSUME(T.Identifier));
    this.tok(this.CONSUME(T.Equals));
  };
  private argComma = (): void => this.tok(this.CONSUME(T.Comma));

  private valueItem = (): void => {
    this.SUBRULE(this.expression);
    this.OPTION(this.valueComma);
  };
  private valueComma = (): void => this.tok(this.CONSUME(T.Comma));

  private recordItem = (): void => this.SUBRULE(this.entry);

  private strayTopAlts: Alt[] = [
    { ALT: () => this.SUBRULE(this.statement) },
    { ALT: () => this.SUBRULE(this.stray) },
    { ALT: () => this.tok(this.CONSUME(T.RCurly)) },
  ];
  private strayAlts: Alt[] = [
    T.NumberLiteral,
    T.StringLiteral,
    T.True,
    T.False,
    T.None,
    T.LParen,
    T.RParen,
    T.LBracket,
    T.RBracket,
    T.LCurly,
    T.Comma,
    T.Equals,
    T.TooDeep,
  ].map((type, i) => ({ ALT: () => this.tok(this.consume(i, type)) }));
}

/** What withoutRestArgs reads of a rule and of the parser (Chevrotain 11's recognizer engine). */
interface RuleInternals {
  (this: void): void;
  coreRule: (this: RnnParser) => unknown;
  originalGrammarAction: (this: RnnParser) => unknown;
}
interface EngineInternals {
  fullRuleNameToShort: Record<string, number>;
  subruleIdx: number;
  ruleInvocationStateUpdate(shortName: number, ruleName: string, idxInCallingRule: number): void;
  ruleFinallyStateUpdate(): void;
  invokeRuleCatch(e: unknown, resyncEnabled: boolean, recoveryValueFunc: () => unknown): unknown;
}

const noRecoveryValue = (): undefined => undefined;

/**
 * Chevrotain runs every rule invocation through a wrapper declared `(...args)` that passes them on
 * with `apply`: an array per invocation, some 90,000 of them (about a tenth of what a parse
 * allocates) for a 10,000-line file, for rules that take no arguments. This puts the same wrapper
 * in its place without them — the same state updates and the same recovery (`invokeRuleCatch`
 * with the defaults every rule here has: re-synchronisation on, no recovery value), so it changes
 * how fast rules are entered, never what they do. SUBRULE calls a rule through `coreRule`.
 */
function withoutRestArgs(p: RnnParser, ruleName: string): void {
  const engine = p as unknown as EngineInternals;
  const rule = (p as unknown as Record<string, RuleInternals | undefined>)[ruleName];
  const shortName = engine.fullRuleNameToShort[ruleName];
  if (rule === undefined || typeof rule.coreRule !== 'function' || shortName === undefined) return;
  const impl = rule.originalGrammarAction;
  if (impl.length !== 0) return; // a rule that takes arguments keeps Chevrotain's wrapper
  rule.coreRule = function invokeRule(this: RnnParser): unknown {
    const self = this as unknown as EngineInternals;
    try {
      self.ruleInvocationStateUpdate(shortName, ruleName, self.subruleIdx);
      return impl.call(this);
    } catch (e) {
      return self.invokeRuleCatch(e, true, noRecoveryValue);
    } finally {
      self.ruleFinallyStateUpdate();
    }
  };
}

// Built once: Chevrotain's self-analysis of the grammar is the expensive part.
let instance: RnnParser | undefined;

export function parser(): RnnParser {
  return (instance ??= new RnnParser());
}

/** A parser built with Chevrotain's grammar validations on: it throws if the grammar is unsound. */
export function validatedParser(): RnnParser {
  return new RnnParser(true);
}

export type { RnnParser };
