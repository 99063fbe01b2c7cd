// The lexer: the token types (Chevrotain's, which the parser is built on), a hand-written scanner
// that produces them, and one pass over the tokens that numbers them, cuts off bracket groups
// nested too deeply for a recursive-descent parser, and closes brackets that are never closed.
//
// Why a hand-written scanner: Chevrotain's regex-driven Lexer alone took ~13 ms for the 356 KB
// benchmark file on the project's 2-core machine, most of the budget for 30 MB/s. The token types
// below keep their Chevrotain patterns (with `longer_alt`, so `modelx` and `outputs` stay
// identifiers): they are the specification, `referenceLexer()` builds Chevrotain's lexer from
// them, and test/parser/lexer.test.ts checks on random input that `scan()` produces exactly the
// same tokens, comments and errors.
//
// Positions: a token carries its start offset; it ends at `startOffset + image.length`. Line and
// column come from SourceText when someone needs them.

import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { diagnostic } from '../diagnostics/make.ts';
import { range } from '../source/text.ts';

// ---- token types -------------------------------------------------------------------------------

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'name' });

// Keywords and literal words stay identifiers when they are only a prefix (`modelx`, `outputs`).
export const Model = createToken({ name: 'Model', pattern: /model/, longer_alt: Identifier, label: "'model'" });
export const Train = createToken({ name: 'Train', pattern: /train/, longer_alt: Identifier, label: "'train'" });
export const Decode = createToken({ name: 'Decode', pattern: /decode/, longer_alt: Identifier, label: "'decode'" });
export const Output = createToken({ name: 'Output', pattern: /output/, longer_alt: Identifier, label: "'output'" });
export const True = createToken({ name: 'True', pattern: /true|True/, longer_alt: Identifier, label: 'true' });
export const False = createToken({ name: 'False', pattern: /false|False/, longer_alt: Identifier, label: 'false' });
export const None = createToken({ name: 'None', pattern: /None/, longer_alt: Identifier, label: "'None'" });

// The sign belongs to the number: there is no arithmetic. The pattern deliberately also swallows
// an exponent without digits (`1e`) and letters glued to the digits (`3x`), so that a malformed
// number is one token with one precise E0104 rather than two tokens and a confusing parse error.
export const NumberLiteral = createToken({
  name: 'Number',
  pattern: /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d*)?(?:[A-Za-z_][A-Za-z0-9_]*)?/,
  label: 'number',
});

// One token type for both quotes. The closing quote is optional so that an unterminated string
// (which ends at the line break) is still a string to the parser; the pass below reports it.
// Escapes are only delimited here (a backslash takes the next character); to-ast decodes them.
export const StringLiteral = createToken({
  name: 'String',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n]?)*"?|'(?:[^'\\\r\n]|\\[^\r\n]?)*'?/,
  label: 'string',
});

export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: /]/, label: "']'" });
export const LCurly = createToken({ name: 'LCurly', pattern: /\{/, label: "'{'" });
export const RCurly = createToken({ name: 'RCurly', pattern: /}/, label: "'}'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });

export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments' });
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\uFEFF]+/, group: Lexer.SKIPPED });

/**
 * Stands for a bracket group nested deeper than MAX_NESTING. Never produced by the lexer's
 * patterns: the pass below replaces the group's tokens with one of these, so the recursive
 * parser never descends that far (10,000 `(` would otherwise overflow the call stack).
 */
export const TooDeep = createToken({ name: 'TooDeep', pattern: Lexer.NA, label: 'nested too deeply' });

export const MAX_NESTING = 100;

/** In the order the lexer tries them: keywords before identifiers. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  Model,
  Train,
  Decode,
  Output,
  True,
  False,
  None,
  Identifier,
  NumberLiteral,
  StringLiteral,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LCurly,
  RCurly,
  Comma,
  Equals,
  TooDeep,
];

let reference: Lexer | undefined;

/** Chevrotain's lexer built from the patterns above: the reference `scan()` is tested against. */
export function referenceLexer(): Lexer {
  return (reference ??= new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true }));
}

/** A token of the vector the parser reads: Chevrotain's shape plus its index in the vector. */
export interface Tok extends IToken {
  tokenIndex: number;
}

export function tokenEnd(t: IToken): number {
  return t.startOffset + t.image.length;
}

/**
 * A token that stands for a missing one has an empty image: the closing brackets the structure
 * pass adds (see closeUnclosed) and the tokens Chevrotain inserts during recovery. Every real
 * token has at least one character.
 */
export function isVirtual(t: IToken): boolean {
  return t.image.length === 0;
}

function makeToken(type: TokenType, image: string, startOffset: number): Tok {
  return { image, startOffset, tokenTypeIdx: type.tokenTypeIdx!, tokenType: type, tokenIndex: -1 };
}

// ---- the scanner -------------------------------------------------------------------------------

export interface ScanError {
  readonly offset: number;
  readonly length: number;
}

export interface Scanned {
  readonly tokens: Tok[];
  readonly comments: Tok[];
  readonly errors: ScanError[];
  /** Numbers like `1e` or `3x`, and strings without their closing quote. */
  readonly malformed: Tok[];
  /**
   * True when the brackets need no repair: no group nests MAX_NESTING deep and every opening
   * bracket is closed in its block (see cutDeepGroups and matchBrackets, whose rules scan()
   * follows as it goes). Then lex() skips both passes over the tokens.
   */
  readonly bracketsSound: boolean;
}

const ID_START = 1;
const ID_PART = 2;
const DIGIT = 4;
const SPACE = 8;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) CLASS[c] = ID_START | ID_PART;
  else if (/[0-9]/.test(ch)) CLASS[c] = DIGIT | ID_PART;
  else if (/[ \t\r\n\f\v]/.test(ch)) CLASS[c] = SPACE;
}

function cls(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? CLASS[c]! : 0;
}

const PUNCTUATION: (TokenType | undefined)[] = [];
PUNCTUATION[40] = LParen;
PUNCTUATION[41] = RParen;
PUNCTUATION[91] = LBracket;
PUNCTUATION[93] = RBracket;
PUNCTUATION[123] = LCurly;
PUNCTUATION[125] = RCurly;
PUNCTUATION[44] = Comma;
PUNCTUATION[61] = Equals;

function word(image: string): TokenType {
  switch (image) {
    case 'model':
      return Model;
    case 'train':
      return Train;
    case 'decode':
      return Decode;
    case 'output':
      return Output;
    case 'true':
    case 'True':
      return True;
    case 'false':
    case 'False':
      return False;
    case 'None':
      return None;
    default:
      return Identifier;
  }
}

let wellFormed = true; // set by numberEnd and stringEnd: avoids a result object per token

/** End of a number starting at `i` (the caller has checked that one starts there). */
function numberEnd(text: string, i: number): number {
  wellFormed = true;
  let j = i;
  if (text.charCodeAt(j) === 45 /* - */) j++;
  if (cls(text, j) & DIGIT) {
    while (cls(text, j) & DIGIT) j++;
    if (text.charCodeAt(j) === 46 /* . */) {
      j++;
      while (cls(text, j) & DIGIT) j++;
    }
  } else {
    j++; // the '.' of `.5`
    while (cls(text, j) & DIGIT) j++;
  }
  const e = text.charCodeAt(j);
  if (e === 101 || e === 69) {
    j++;
    const sign = text.charCodeAt(j);
    if (sign === 43 || sign === 45) j++;
    if (!(cls(text, j) & DIGIT)) wellFormed = false;
    while (cls(text, j) & DIGIT) j++;
  }
  if (cls(text, j) & ID_START) {
    wellFormed = false;
    j++;
    while (cls(text, j) & ID_PART) j++;
  }
  return j;
}

function stringEnd(text: string, i: number): number {
  const quote = text.charCodeAt(i);
  const n = text.length;
  let j = i + 1;
  wellFormed = false;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === quote) {
      wellFormed = true;
      return j + 1;
    }
    if (c === 10 || c === 13) return j;
    j++;
    if (c === 92 /* \ */ && j < n) {
      const d = text.charCodeAt(j);
      if (d !== 10 && d !== 13) j++;
    }
  }
  return j;
}

// Names and numbers recur (`return_sequences`, `0.2` on line after line), and every token's image
// outlives at least one young-generation collection, which copies it. So each spelling is kept as
// one string, in a small direct-mapped cache that lives from one scan to the next; a miss (or a
// collision) just makes a fresh string. Cached strings are flat copies, never slices that would
// keep a whole earlier source text alive.
const SPELLING_SLOTS = 4096;
const spellings: (string | undefined)[] = new Array<string | undefined>(SPELLING_SLOTS).fill(undefined);

function spelling(text: string, start: number, end: number): string {
  if (end - start > 64) return text.slice(start, end);
  let h = 0;
  for (let j = start; j < end; j++) h = (Math.imul(h, 31) + text.charCodeAt(j)) | 0;
  const slot = h & (SPELLING_SLOTS - 1);
  const cached = spellings[slot];
  if (cached !== undefined && spelledAt(cached, text, start, end)) return cached;
  const fresh = flatCopy(text.slice(start, end));
  spellings[slot] = fresh;
  return fresh;
}

// Names get a cache of their own that also remembers the token type of the spelling, so that a
// name seen before is not compared against every keyword again.
const names: (string | undefined)[] = new Array<string | undefined>(SPELLING_SLOTS).fill(undefined);
const nameTypes: (TokenType | undefined)[] = new Array<TokenType | undefined>(SPELLING_SLOTS).fill(undefined);
let nameType: TokenType = Identifier; // set by nameSpelling: avoids a result object per token

/**
 * The image of a name (or keyword) at [start, end), and its type in `nameType`. `h` is the
 * spelling's hash, which scan() computes while it finds the name's end (one pass over its
 * characters instead of two).
 */
function nameSpelling(text: string, start: number, end: number, h: number): string {
  if (end - start > 64) {
    const long = text.slice(start, end);
    nameType = word(long);
    return long;
  }
  const slot = h & (SPELLING_SLOTS - 1);
  const cached = names[slot];
  if (cached !== undefined && spelledAt(cached, text, start, end)) {
    nameType = nameTypes[slot]!;
    return cached;
  }
  const fresh = flatCopy(text.slice(start, end));
  nameType = word(fresh);
  names[slot] = fresh;
  nameTypes[slot] = nameType;
  return fresh;
}

/**
 * Whether `cached` is the text at [start, end): compared code unit by code unit, since a name is
 * a few characters and a call to startsWith cost more than the comparison (a fifth of scan()).
 */
function spelledAt(cached: string, text: string, start: number, end: number): boolean {
  if (cached.length !== end - start) return false;
  for (let j = 0; j < cached.length; j++) if (cached.charCodeAt(j) !== text.charCodeAt(start + j)) return false;
  return true;
}

/** A string with its own characters (V8 makes a slice of 13 or more characters point into its source). */
function flatCopy(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

// Token objects are reused from one scan to the next (up to POOL_LIMIT of them): allocating the
// ~90,000 tokens of a 10,000-line file was a third of all the memory a parse allocated, and the
// garbage collector's work grows with it. This is safe because nothing a parse returns holds a
// token: the AST and the diagnostics copy offsets and strings out of them.
const pool: Tok[] = [];
const POOL_LIMIT = 1 << 18;
// The token vector is reused too. A fresh one (720 KB for 90,000 tokens) went to the large-object
// space on every parse, and Chevrotain, which appends its end-of-input tokens to the vector it is
// given, then copied it into a larger one; a reused vector has room left from its growth.
const vector: Tok[] = [];

/**
 * Splits a text into tokens and comments. A run of characters that cannot start a token is one
 * error, as in Chevrotain's lexer. With `reuse`, the tokens are only valid until the next scan.
 */
export function scan(text: string, reuse = false): Scanned {
  const tokens: Tok[] = reuse ? vector : [];
  let count = 0; // tokens in `tokens`
  const comments: Tok[] = [];
  const errors: ScanError[] = [];
  const malformed: Tok[] = [];
  const n = text.length;
  let errorStart = -1;
  let i = 0;
  // Bracket bookkeeping for `bracketsSound`: `depth` as cutDeepGroups counts it, and the closers
  // the open brackets expect, innermost last, as matchBrackets matches them.
  let sound = true;
  let depth = 0;
  let open = 0;
  let h = 0; // a name's hash (see nameSpelling)
  while (i < n) {
    const c = text.charCodeAt(i);
    const k = c < 128 ? CLASS[c]! : 0;
    if (k & SPACE || c === 0xfeff) {
      if (errorStart >= 0) {
        errors.push({ offset: errorStart, length: i - errorStart });
        errorStart = -1;
      }
      i++;
      while (i < n && (cls(text, i) & SPACE || text.charCodeAt(i) === 0xfeff)) i++;
      continue;
    }
    let type: TokenType | undefined;
    let end = i + 1;
    wellFormed = true;
    if (k & ID_START) {
      // The hash nameSpelling looks the name up by (the same as spelling()'s), as we go.
      h = c;
      for (let d = text.charCodeAt(end); d < 128 && CLASS[d]! & ID_PART; d = text.charCodeAt(++end)) h = (Math.imul(h, 31) + d) | 0;
      type = Identifier;
    } else if (k & DIGIT) {
      end = numberEnd(text, i);
      type = NumberLiteral;
    } else if (c === 45 /* - */ || c === 46 /* . */) {
      // `-` and `.` only start a number: `-1`, `-.5`, `.5`.
      const next = c === 45 && text.charCodeAt(i + 1) === 46 ? i + 2 : i + 1;
      if (cls(text, next) & DIGIT) {
        end = numberEnd(text, i);
        type = NumberLiteral;
      }
    } else if (c === 34 || c === 39) {
      end = stringEnd(text, i);
      type = StringLiteral;
    } else if (c === 35 /* # */) {
      while (end < n && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
      type = Comment;
    } else type = PUNCTUATION[c];
    if (type === undefined) {
      if (errorStart < 0) errorStart = i;
      i++;
      continue;
    }
    if (errorStart >= 0) {
      errors.push({ offset: errorStart, length: i - errorStart });
      errorStart = -1;
    }
    let image: string;
    if (type === Identifier) {
      image = end - i === 1 ? text.slice(i, end) : nameSpelling(text, i, end, h);
      type = end - i === 1 ? Identifier : nameType;
      if (sound && (type === Model || type === Train)) {
        // Blocks never nest: a bracket still open at the next block is never closed.
        depth = 0;
        if (open > 0) sound = false;
      }
    } else if (type === Comment || end - i === 1) {
      image = text.slice(i, end);
      if (sound && end - i === 1) {
        if (c === 40 || c === 91 || c === 123) {
          if (depth >= MAX_NESTING) sound = false;
          depth++;
          closers[open++] = c === 40 ? 41 : c + 2; // ( → ), [ → ], { → }
        } else if (c === 41 || c === 93 || c === 125) {
          if (depth > 0) depth--;
          if (open > 0 && closers[open - 1] === c) open--;
          else if (open > 1 && closers.lastIndexOf(c, open - 2) >= 0) sound = false; // it skips an open bracket
        }
      }
    } else image = spelling(text, i, end);
    if (type === Comment) comments.push(makeToken(type, image, i));
    else {
      // A fresh token is filled in by the same stores as a pooled one: with two paths, the first
      // scan ran only the fresh one, and the second, pooled, met stores without type feedback and
      // left the optimized code (measured: the second lex of a process ran as slow as the first).
      let t = reuse && count < POOL_LIMIT ? pool[count] : undefined;
      if (t === undefined) {
        t = makeToken(type, image, i);
        if (reuse && count < POOL_LIMIT) pool.push(t);
      }
      t.image = image;
      t.startOffset = i;
      t.tokenTypeIdx = type.tokenTypeIdx!;
      t.tokenType = type;
      t.tokenIndex = count;
      tokens[count++] = t;
      if (!wellFormed) malformed.push(t);
    }
    i = end;
  }
  if (errorStart >= 0) errors.push({ offset: errorStart, length: n - errorStart });
  if (tokens.length > count) tokens.length = count;
  return { tokens, comments, errors, malformed, bracketsSound: sound && open === 0 };
}

/** The closers scan() expects (its stack of open brackets), kept from one scan to the next. */
const closers: number[] = [];

// ---- the lexing pass ---------------------------------------------------------------------------

export interface LexResult {
  /** The tokens the parser reads, comments and whitespace removed, `tokenIndex` set. Valid until
   *  the next `lex`, which reuses the tokens and the array. */
  readonly tokens: Tok[];
  readonly comments: Tok[];
  readonly diagnostics: Diagnostic[];
  /** Tokens the lexer already reported (malformed numbers, unterminated strings, TooDeep). */
  readonly faulty: ReadonlySet<IToken>;
}

const EMPTY: ReadonlySet<IToken> = new Set();

export function lex(text: string): LexResult {
  const scanned = scan(text, true);
  const diagnostics: Diagnostic[] = [];
  for (const e of scanned.errors) diagnostics.push(unexpectedCharacters(text, e));
  let faulty: Set<IToken> | undefined;
  for (const t of scanned.malformed) {
    (faulty ??= new Set()).add(t);
    diagnostics.push(t.tokenType === StringLiteral ? unterminatedString(t) : malformedNumber(t));
  }
  if (scanned.bracketsSound) {
    return { tokens: scanned.tokens, comments: scanned.comments, diagnostics, faulty: faulty ?? EMPTY };
  }
  let cut = false;
  let tokens = cutDeepGroups(text, scanned.tokens, diagnostics, (t) => {
    cut = true;
    (faulty ??= new Set()).add(t);
  });
  const unmatched = unmatchedBrackets(text, tokens);
  if (unmatched.size > 0) tokens = closeUnclosed(text, tokens, unmatched);
  // scan() numbered the tokens; only a cut or an added bracket moves them.
  if (cut || unmatched.size > 0) for (let i = 0; i < tokens.length; i++) tokens[i]!.tokenIndex = i;
  return { tokens, comments: scanned.comments, diagnostics, faulty: faulty ?? EMPTY };
}

// ---- brackets ----------------------------------------------------------------------------------

function closerFor(t: TokenType): TokenType | undefined {
  return t === LParen ? RParen : t === LBracket ? RBracket : t === LCurly ? RCurly : undefined;
}

function isCloser(t: TokenType): boolean {
  return t === RParen || t === RBracket || t === RCurly;
}

/**
 * Replaces each bracket group that would nest deeper than MAX_NESTING by one TooDeep token
 * covering it, in place. Nothing is allocated when nothing is that deep (the usual case).
 */
function cutDeepGroups(text: string, tokens: Tok[], diagnostics: Diagnostic[], report: (t: Tok) => void): Tok[] {
  let depth = 0;
  let w = 0;
  for (let r = 0; r < tokens.length; r++) {
    const t = tokens[r]!;
    const type = t.tokenType;
    if (closerFor(type) !== undefined) {
      if (depth >= MAX_NESTING) {
        const last = endOfGroup(tokens, r);
        // The image is the cut text itself, so tokenEnd() works on it like on any other token.
        const cut = makeToken(TooDeep, text.slice(t.startOffset, tokenEnd(tokens[last]!)), t.startOffset);
        report(cut);
        tokens[w++] = cut;
        diagnostics.push(
          diagnostic('E0114', range(t.startOffset, t.startOffset + 1), `brackets are nested more than ${MAX_NESTING} deep`, {
            label: 'nested too deeply',
            hint: 'nothing inside this bracket was read; flatten the expression',
          }),
        );
        r = last;
        continue;
      }
      depth++;
    } else if (isCloser(type)) {
      if (depth > 0) depth--;
    } else if (isBlockKeyword(type)) depth = 0; // blocks never nest
    tokens[w++] = t;
  }
  if (w !== tokens.length) tokens.length = w;
  return tokens;
}

/** Index of the token closing the group opened at `start`, or of the last token before a
 * `model`/`train` keyword (or the end) when it is never closed. */
function endOfGroup(tokens: Tok[], start: number): number {
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const type = tokens[i]!.tokenType;
    if ((isBlockKeyword(type)) && i > start) return i - 1;
    if (closerFor(type) !== undefined) depth++;
    else if (isCloser(type) && --depth === 0) return i;
  }
  return tokens.length - 1;
}

/**
 * Finds the opening brackets that are never closed; a valid file has none, and then nothing
 * else below runs.
 *
 * First the simple way: a closing bracket closes the nearest open bracket of its kind, and the
 * ones it skips over are unmatched. When that leaves something unmatched, matching is redone the
 * way a reader of indented code would: a closing bracket that starts its line closes the bracket
 * opened on a line indented as much as it is. So in
 *
 *     train {
 *       data = { x = "x.npy", y = "y.npy"
 *       epochs = 3
 *     }
 *
 * the last `}` closes `train {`, and it is the record's `{` that is never closed.
 */
function unmatchedBrackets(text: string, tokens: Tok[]): ReadonlySet<IToken> {
  const plain = matchBrackets(text, tokens, false);
  return plain.size === 0 ? plain : matchBrackets(text, tokens, true);
}

function matchBrackets(text: string, tokens: Tok[], byIndent: boolean): ReadonlySet<IToken> {
  const stack: Tok[] = [];
  let unmatched: Set<IToken> | undefined;
  for (const t of tokens) {
    const type = t.tokenType;
    if (closerFor(type) !== undefined) stack.push(t);
    else if (isBlockKeyword(type)) {
      // Blocks never nest: whatever is still open when the next block starts stays unmatched.
      for (const open of stack) (unmatched ??= new Set()).add(open);
      stack.length = 0;
    } else if (isCloser(type)) {
      let k = stack.length - 1;
      while (k >= 0 && closerFor(stack[k]!.tokenType) !== type) k--;
      if (byIndent && k >= 0) {
        const col = columnIfFirstOnLine(text, t.startOffset);
        if (col !== undefined) {
          let j = k;
          while (j >= 0 && !(closerFor(stack[j]!.tokenType) === type && lineIndent(text, stack[j]!.startOffset) === col)) j--;
          if (j >= 0) k = j;
        }
      }
      if (k === stack.length - 1) stack.pop(); // the usual case: it closes the innermost
      else if (k >= 0) {
        for (let j = k + 1; j < stack.length; j++) (unmatched ??= new Set()).add(stack[j]!);
        stack.length = k;
      }
    }
  }
  for (const t of stack) (unmatched ??= new Set()).add(t);
  return unmatched ?? EMPTY;
}

/**
 * Adds a zero-width closing bracket where each unmatched bracket most likely should have been
 * closed, so that the parser sees brackets that nest and a missing `)` cannot swallow the rest of
 * the file. The converter reports each one as missing (E0110, or E0112 at the end of the file).
 *
 * An unmatched bracket is closed before the first token that
 *  - is a `model` or `train` keyword (blocks never nest),
 *  - is any closing bracket (an unmatched bracket has no closing bracket of its own, so this one
 *    closes an enclosing group, or nothing at all: `LSTM(64]`),
 *  - starts a line at or left of the indentation of the line the bracket was opened on, or
 *  - for `(` and `[`, starts a new line after a line that did not end with a comma;
 * and otherwise at the end of the file. `LSTM(64` followed by a line `Dense(1)` is thus a missing
 * `)`, not a `Dense(1)` argument of LSTM.
 */
function closeUnclosed(text: string, tokens: Tok[], unmatched: ReadonlySet<IToken>): Tok[] {
  const out: Tok[] = [];
  const stack: Tok[] = []; // open brackets, innermost last
  const topIsUnmatched = (): boolean => stack.length > 0 && unmatched.has(stack[stack.length - 1]!);
  const closeTop = (at: number): void => {
    out.push(makeToken(closerFor(stack.pop()!.tokenType)!, '', at));
  };
  let prev: Tok | undefined;
  for (const t of tokens) {
    const type = t.tokenType;
    const gap = prev === undefined ? t.startOffset : tokenEnd(prev);
    if (isBlockKeyword(type) || isCloser(type)) {
      // An unmatched bracket gets no real closing bracket, so this one is not for it. (At a
      // keyword everything still open is unmatched: see matchBrackets.)
      while (topIsUnmatched()) closeTop(gap);
      if (isCloser(type) && stack.length > 0 && closerFor(stack[stack.length - 1]!.tokenType) === type) stack.pop();
    } else {
      if (prev !== undefined && lineBreakBetween(text, gap, t.startOffset)) {
        const col = column(text, t.startOffset);
        while (topIsUnmatched()) {
          const top = stack[stack.length - 1]!;
          const outdented = col <= lineIndent(text, top.startOffset);
          const noComma = top.tokenType !== LCurly && prev !== top && prev.tokenType !== Comma;
          if (!outdented && !noComma) break;
          closeTop(gap);
        }
      }
      if (closerFor(type) !== undefined) stack.push(t);
    }
    out.push(t);
    prev = t;
  }
  const end = prev === undefined ? 0 : tokenEnd(prev);
  while (stack.length > 0) closeTop(end);
  return out;
}

function lineBreakBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

function column(text: string, offset: number): number {
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return offset - i;
}

function columnIfFirstOnLine(text: string, offset: number): number | undefined {
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    if (c !== 32 && c !== 9) return undefined;
    i--;
  }
  return offset - i;
}

function lineIndent(text: string, offset: number): number {
  const start = offset - column(text, offset);
  let i = start;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i - start;
}

// ---- lexical diagnostics -----------------------------------------------------------------------

/** Shows source characters inside backticks, spelling out invisible ones. */
export function showChars(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp <= 0xa0) || cp === 0xfeff || (cp >= 0x2000 && cp <= 0x200f) || cp === 0x2028 || cp === 0x2029 || (cp >= 0xd800 && cp <= 0xdfff)) {
      out += `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    } else out += ch;
  }
  return out;
}

function unexpectedCharacters(text: string, e: ScanError): Diagnostic {
  const start = e.offset;
  const end = Math.min(text.length, e.offset + Math.max(1, e.length));
  const chars = text.slice(start, end);
  const r = range(start, end);
  const many = [...chars].length > 1;
  const what = chars.length > 40 ? `${showChars(chars.slice(0, 40))}…` : showChars(chars);
  const message = many ? `unexpected characters \`${what}\`` : `unexpected character \`${what}\``;
  if (/^;+$/.test(chars)) {
    return diagnostic('E0101', r, message, {
      hint: 'statements need no separator: a new line (or nothing) is enough',
      fixes: [{ title: 'remove the `;`', edits: [{ range: r, newText: '' }] }],
    });
  }
  if (chars === '-' || chars === '+') {
    return diagnostic('E0101', r, message, {
      hint: 'there is no arithmetic; a minus sign belongs directly before a number, as in `-1`',
    });
  }
  if (chars === '\u00a0') {
    return diagnostic('E0101', r, 'unexpected non-breaking space (U+00A0)', { hint: 'replace it with an ordinary space' });
  }
  return diagnostic('E0101', r, message);
}

function unterminatedString(t: IToken): Diagnostic {
  const quote = t.image[0] === "'" ? "'" : '"';
  return diagnostic('E0102', range(t.startOffset, tokenEnd(t)), 'this string is never closed', {
    label: `missing the closing \`${quote}\` on this line`,
    hint: `close the string with \`${quote}\` on the same line`,
  });
}

function malformedNumber(t: IToken): Diagnostic {
  const r = range(t.startOffset, tokenEnd(t));
  const m = /^-?(?:\d+\.?\d*|\.\d+)/.exec(t.image);
  const rest = m === null ? t.image : t.image.slice(m[0].length);
  let hint: string;
  if (/^[eE][+-]?$/.test(rest) || /^[eE][+-]?[A-Za-z_]/.test(rest)) hint = 'an exponent needs digits after the `e`, as in `1e-3`';
  else hint = 'a number is written like `3`, `-1`, `0.5`, `.5` or `1e-3`; separate a name from a number with `,` or a space';
  return diagnostic('E0104', r, `\`${showChars(t.image)}\` is not a valid number`, { hint });
}

/** `model`, `train` and `decode` start blocks, which never nest. */
export function isBlockKeyword(type: TokenType): boolean {
  return type === Model || type === Train || type === Decode;
}
