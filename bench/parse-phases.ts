// The parser's phases one by one on bench/generate-source.ts's 10,000-line file: lexing,
// Chevrotain's recognition, conversion to the AST, and parse() whole (plus the first parse of a
// file not seen before, right after loading). `npm run bench` reports parse and parse + check;
// this says where parsing's time goes.   npx tsx bench/parse-phases.ts

import { parse } from '../src/parser/index.ts';
import { lex } from '../src/parser/lexer.ts';
import { parser } from '../src/parser/parser.ts';
import { toAst } from '../src/parser/to-ast.ts';
import { generateValidFile } from './generate-source.ts';

/** Average milliseconds per run of `f` over `runs` runs, after `warmup` runs. */
function time(f: () => void, runs: number, warmup: number): number {
  for (let i = 0; i < warmup; i++) f();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) f();
  return (performance.now() - t0) / runs;
}

const text = generateValidFile(10_000);
const other = generateValidFile(10_001);
const first = performance.now();
parse(other);
const cold = performance.now() - first;
const runs = 50;
const mbps = (ms: number) => `${(text.length / 1e3 / ms).toFixed(1)} MB/s (${ms.toFixed(2)} ms)`;
const lexed = lex(text);
const p = parser();
p.parseTokens(lexed.tokens);
const events = p.events.slice(0, p.eventCount);
console.log(
  [
    `${text.length} bytes, ${text.split('\n').length} lines, ${lexed.tokens.length} tokens`,
    `lex        ${mbps(time(() => lex(text), runs, 10))}`,
    `recognize  ${mbps(time(() => p.parseTokens(lexed.tokens), runs, 10))}`,
    `to AST     ${mbps(time(() => toAst(text, lexed, events, []), runs, 10))}`,
    `parse()    ${mbps(time(() => parse(text), runs, 10))}   (first parse of another file: ${mbps(cold)})`,
  ].join('\n'),
);
