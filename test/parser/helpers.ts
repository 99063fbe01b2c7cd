// Helpers for the parser tests: a walk that checks every range in a parse result, and an outline
// of the AST that shows each node with the exact source text its range covers.

import { parseDetailed, type Expr, type FileNode, type ParseResult, type Range, type Stmt } from '../../src/parser/index.ts';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';

/**
 * Every range anywhere in the result (AST, comments, diagnostics with their labels and fixes):
 * integers with 0 <= start <= end <= text.length. Returns the offending paths (empty when fine).
 */
export function badRanges(result: ParseResult): string[] {
  const n = result.source.text.length;
  const bad: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v !== null && typeof v === 'object') {
      if ('start' in v || 'end' in v) {
        const r = v as Range;
        if (!Number.isInteger(r.start) || !Number.isInteger(r.end) || r.start < 0 || r.start > r.end || r.end > n) {
          bad.push(`${path}: [${r.start}, ${r.end})`);
        }
      }
      if (v instanceof Object && v.constructor?.name === 'SourceText') return;
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    }
  };
  walk(result.file, 'file');
  walk(result.comments, 'comments');
  walk(result.diagnostics, 'diagnostics');
  return bad;
}

/** Parses and checks the invariants every parse must keep, whatever the input. */
export function parseChecked(text: string): ParseResult {
  const { result, usedFallback } = parseDetailed(text);
  const bad = badRanges(result);
  if (bad.length > 0) throw new Error(`bad ranges for ${JSON.stringify(text)}:\n${bad.join('\n')}`);
  if (usedFallback) throw new Error(`the converter fell back to a generic message for ${JSON.stringify(text)}`);
  return result;
}

/** `code@"slice"` for each diagnostic: what and where, without the wording. */
export function codes(result: ParseResult): string[] {
  return result.diagnostics.map((d) => at(result, d));
}

export function at(result: ParseResult, d: Diagnostic): string {
  const t = result.source.text;
  const r = d.range;
  return r.start === r.end ? `${d.code}@${r.start}` : `${d.code}@${JSON.stringify(t.slice(r.start, r.end))}`;
}

/** The offset right after the first occurrence of `marker` in `text` (where a gap would be). */
export function after(text: string, marker: string): number {
  const i = text.indexOf(marker);
  if (i < 0) throw new Error(`no ${JSON.stringify(marker)} in the text`);
  return i + marker.length;
}

// ---- outline -----------------------------------------------------------------------------------

/** The AST as indented lines: kind, names and values, and the source text of each range. */
export function outline(file: FileNode, text: string): string {
  const lines: string[] = [];
  const src = (r: Range): string => JSON.stringify(text.slice(r.start, r.end));
  const block = (r: Range): string => {
    const s = text.slice(r.start, r.end);
    const nl = s.indexOf('\n');
    return nl < 0 ? JSON.stringify(s) : `${JSON.stringify(s.slice(0, nl))}…${JSON.stringify(s.slice(s.lastIndexOf('\n') + 1))}`;
  };
  const out = (depth: number, line: string): void => {
    lines.push(`${'  '.repeat(depth)}${line}`);
  };

  const expr = (e: Expr, depth: number, label = ''): void => {
    switch (e.kind) {
      case 'Missing':
        return out(depth, `${label}Missing @${e.range.start}${e.range.end > e.range.start ? `..${e.range.end}` : ''}`);
      case 'Number':
        return out(depth, `${label}Number ${e.value}${e.isInteger ? ' int' : ''} ${src(e.range)}`);
      case 'String':
        return out(depth, `${label}String ${JSON.stringify(e.value)} ${src(e.range)}`);
      case 'Bool':
        return out(depth, `${label}Bool ${e.value} ${src(e.range)}`);
      case 'None':
        return out(depth, `${label}None ${src(e.range)}`);
      case 'Name':
        return out(depth, `${label}Name ${e.name} ${src(e.range)}`);
      case 'Tuple':
      case 'List':
        out(depth, `${label}${e.kind} ${src(e.range)}`);
        for (const item of e.items) expr(item, depth + 1);
        return;
      case 'Record':
        out(depth, `${label}Record ${src(e.range)}`);
        for (const entry of e.entries) expr(entry.value, depth + 1, `${entry.key.name} = `);
        return;
      case 'Call':
        out(depth, `${label}Call ${e.callee.name} ${src(e.range)}`);
        for (const [name, list] of [['args', e.args], ['apply', e.apply]] as const) {
          if (list === undefined) continue;
          out(depth + 1, `${name} ${src(list.range)}`);
          for (const a of list.args) expr(a.value, depth + 2, a.name === undefined ? '' : `${a.name.name}= `);
        }
        return;
    }
  };

  const stmt = (s: Stmt, depth: number): void => {
    switch (s.kind) {
      case 'LayerStmt':
        return expr(s.call, depth, 'Layer ');
      case 'BindStmt':
        out(depth, `Bind ${s.targets.map((t) => t.name).join(', ')} ${src(s.range)}`);
        return expr(s.value, depth + 1);
      case 'OutputStmt':
        out(depth, `Output ${src(s.range)}`);
        for (const v of s.values) expr(v, depth + 1);
        return;
    }
  };

  for (const d of file.decls) {
    if (d.kind === 'Model') {
      out(0, `Model ${d.name?.name ?? '(no name)'} ${block(d.range)}`);
      for (const s of d.body) stmt(s, 1);
    } else {
      out(0, `Train ${d.model?.name ?? '(only model)'} ${block(d.range)}`);
      for (const e of d.entries) expr(e.value, 1, `${e.key.name} = `);
    }
  }
  return lines.join('\n');
}
