// The parser's public face: `parse` turns text into an AST, the comments and the syntax
// diagnostics, and never throws, whatever the input. Nothing here exposes Chevrotain's types.

import type { IToken } from 'chevrotain';
import type { Comment, FileNode } from './ast.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { sortDiagnostics } from '../diagnostics/diagnostic.ts';
import { diagnostic } from '../diagnostics/make.ts';
import { range, SourceText, type Range } from '../source/text.ts';
import * as T from './lexer.ts';
import { parser } from './parser.ts';
import { toAst } from './to-ast.ts';

export type * from './ast.ts';
export { SourceText, range, spanning, type Range, type LineColumn } from '../source/text.ts';

export interface ParseResult {
  source: SourceText;
  file: FileNode;
  comments: Comment[];
  diagnostics: Diagnostic[];
}

/** Parses a .rnn file. Never throws; syntax errors are in `diagnostics`, sorted by position. */
export function parse(text: string, path = '<input>'): ParseResult {
  return parseDetailed(text, path).result;
}

/** For tests: also says whether the converter had to fall back to a generic message. */
export function parseDetailed(text: string, path = '<input>'): { result: ParseResult; usedFallback: boolean } {
  const source = new SourceText(path, text);
  try {
    const lexed = T.lex(text);
    const p = parser();
    p.parseTokens(lexed.tokens);
    const errorTokens: IToken[] = p.errors.map((e) => e.token);
    if (p.refusals > 0 && errorTokens.length === 0 && lexed.tokens.length > 0) errorTokens.push(lexed.tokens[0]!);
    const ast = toAst(text, lexed, p.events.subarray(0, p.eventCount), errorTokens);
    const comments: Comment[] = lexed.comments.map((t) => ({ text: t.image, range: range(t.startOffset, T.tokenEnd(t)) }));
    return {
      result: { source, file: ast.file, comments, diagnostics: sortDiagnostics([...lexed.diagnostics, ...ast.diagnostics]) },
      usedFallback: ast.usedFallback,
    };
  } catch (e) {
    // A bug in the parser must not take the language server or the CLI down with it.
    const message = e instanceof Error ? e.message : String(e);
    const d = diagnostic('E0111', range(0, 0), `the parser failed on this file (a bug in rnnc; please report it): ${message}`);
    return { result: { source, file: { kind: 'File', decls: [], range: range(0, text.length) }, comments: [], diagnostics: [d] }, usedFallback: true };
  }
}

export type TokenKind = 'keyword' | 'name' | 'number' | 'string' | 'bool' | 'none' | 'punctuation' | 'comment' | 'invalid';

export interface Token {
  readonly kind: TokenKind;
  readonly range: Range;
}

/** The tokens and comments of a text, in order, for an editor's highlighting. Never throws. */
export function tokenize(text: string): Token[] {
  const lexed = T.lex(text);
  const out: Token[] = [];
  for (const t of lexed.tokens) {
    if (!T.isVirtual(t)) out.push({ kind: kindOf(t), range: range(t.startOffset, T.tokenEnd(t)) });
  }
  for (const t of lexed.comments) out.push({ kind: 'comment', range: range(t.startOffset, T.tokenEnd(t)) });
  return out.sort((a, b) => a.range.start - b.range.start);
}

function kindOf(t: IToken): TokenKind {
  switch (t.tokenType) {
    case T.Model:
    case T.Train:
    case T.Decode:
    case T.Output:
      return 'keyword';
    case T.Identifier:
      return 'name';
    case T.NumberLiteral:
      return 'number';
    case T.StringLiteral:
      return 'string';
    case T.True:
    case T.False:
      return 'bool';
    case T.None:
      return 'none';
    case T.TooDeep:
      return 'invalid';
    default:
      return 'punctuation';
  }
}
