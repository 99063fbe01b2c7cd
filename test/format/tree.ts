// Helpers shared by the formatter's tests: compare trees up to what formatting may change.

import { parse } from '../../src/parser/index.ts';

/** The tree without ranges, and with booleans' raw spelling dropped (`True` prints as `true`). */
export function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  const isBool = (node as { kind?: unknown }).kind === 'Bool';
  for (const [key, value] of Object.entries(node)) {
    if (key === 'range' || key === 'keyword') continue;
    if (isBool && key === 'raw') continue;
    if (value === undefined) continue;
    out[key] = shape(value);
  }
  return out;
}

export function treeOf(text: string): unknown {
  return shape(parse(text).file);
}

/** Comment texts, trailing whitespace trimmed, sorted: a multiset. */
export function commentTexts(text: string): string[] {
  return parse(text)
    .comments.map((c) => c.text.trimEnd())
    .sort();
}

export function errorsOf(text: string) {
  return parse(text).diagnostics.filter((d) => d.severity === 'error');
}
