// Front-end throughput: parse, and parse + check, of a generated 10,000-line file, in MB/s.
// Medians over repeated warm runs, and the fastest run, the better estimate while other processes
// share the machine's two cores; the first (cold, JIT-compiling) run is reported separately.

import { parse } from '../src/parser/index.ts';
import { check } from '../src/compiler/check.ts';
import { generateValidFile } from './generate-source.ts';

export interface FrontEndResult {
  readonly bytes: number;
  readonly lines: number;
  readonly diagnostics: number;
  readonly coldParseCheckMs: number;
  readonly parseMs: number;
  readonly parseCheckMs: number;
  readonly parseMBps: number;
  readonly parseCheckMBps: number;
  readonly fastestParseMs: number;
  readonly fastestParseCheckMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export function benchFrontEnd(runs = 30): FrontEndResult {
  const text = generateValidFile(10_000);
  const bytes = Buffer.byteLength(text);
  let diagnostics = 0;
  const coldParseCheckMs = time(() => (diagnostics = check(text, 'bench.rnn').diagnostics.length));
  const parseTimes: number[] = [];
  const checkTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    parseTimes.push(time(() => parse(text, 'bench.rnn')));
    checkTimes.push(time(() => check(text, 'bench.rnn')));
  }
  const parseMs = median(parseTimes);
  const parseCheckMs = median(checkTimes);
  return {
    bytes,
    lines: text.split('\n').length,
    diagnostics,
    coldParseCheckMs,
    parseMs,
    parseCheckMs,
    parseMBps: bytes / 1e6 / (parseMs / 1000),
    parseCheckMBps: bytes / 1e6 / (parseCheckMs / 1000),
    fastestParseMs: Math.min(...parseTimes),
    fastestParseCheckMs: Math.min(...checkTimes),
  };
}
