// Where the cursor is, for completion, read from the tokens rather than the tree: a half-typed
// call (`LSTM(64, ret`) is exactly what the parser has to recover from, while the brackets
// before the cursor still say plainly which call, which argument and which block it is in.
// A `model` or `train` keyword starts afresh, so an unclosed bracket stays inside its block.

import type { Token } from '../parser/index.ts';
import type { Range } from '../source/text.ts';

export type FrameKind = 'top' | 'model' | 'train' | 'decode' | 'call' | 'apply' | 'tuple' | 'list' | 'record';

export interface Frame {
  readonly kind: FrameKind;
  /** call and apply frames: the name before `(`. */
  readonly callee?: string;
  /** The frame this bracket is an argument or value in, and under which key or position. */
  readonly parent?: Frame;
  readonly parentKey?: string;
  readonly parentPosition?: number;
  /** `key =` seen at this level and not yet ended by `,` or a new statement. */
  key?: string;
  /** Keys given at this level, before and after the cursor. */
  readonly given: Set<string>;
  /** Positional items finished so far (call frames). */
  positional: number;
  /** Whether the item being read has a `key =`. */
  itemKeyed: boolean;
  /** model frames: `output` was seen. */
  afterOutput: boolean;
}

export type Slot =
  /** Nothing to offer: in a comment, a string, a number, or a name being declared. */
  | { readonly kind: 'none' }
  /** Between declarations: `model`, `train`. */
  | { readonly kind: 'top' }
  /** After `train`: a model's name. */
  | { readonly kind: 'train-name' }
  /** Where a statement of a model starts, or a binding's value. */
  | { readonly kind: 'statement' }
  /** After `output` (or `output a,`): a name bound in the model. */
  | { readonly kind: 'tensor' }
  /** Where a setting of a train block starts. */
  | { readonly kind: 'setting'; readonly frame: Frame }
  /** An argument of a call, named or the next positional one. */
  | { readonly kind: 'argument'; readonly frame: Frame }
  /** Where a key of a record starts (`data = { x = { |`). */
  | { readonly kind: 'record-key'; readonly frame: Frame }
  /** The value of `key=` in a call, a train setting, or an item of a list under a key. */
  | { readonly kind: 'value'; readonly frame: Frame; readonly key: string };

export interface CompletionContext {
  readonly slot: Slot;
  /** The name being typed (its whole token), if the cursor is on one. */
  readonly word?: Range;
}

const WORDS = new Set(['name', 'keyword', 'bool', 'none']);

const frame = (kind: FrameKind, extra: Partial<Frame> = {}): Frame => ({ kind, given: new Set(), positional: 0, itemKeyed: false, afterOutput: false, ...extra });

const CLOSER: Readonly<Record<string, FrameKind[]>> = { ')': ['call', 'apply', 'tuple'], ']': ['list'], '}': ['model', 'train', 'decode', 'record'] };

export function completionContext(text: string, tokens: readonly Token[], offset: number): CompletionContext {
  // The token the cursor is in or just after.
  let at = -1;
  for (let lo = 0, hi = tokens.length - 1; lo <= hi; ) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.range.start < offset) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const cur = tokens[at];
  let end = at + 1;
  let word: Range | undefined;
  if (cur && offset <= cur.range.end) {
    if (cur.kind === 'comment' || cur.kind === 'number' || cur.kind === 'invalid') return { slot: { kind: 'none' } };
    if (cur.kind === 'string' && (offset < cur.range.end || !closedString(text, cur.range))) return { slot: { kind: 'none' } };
    if (WORDS.has(cur.kind)) {
      word = cur.range;
      end = at;
    }
  }
  const significant = (i: number): boolean => tokens[i]!.kind !== 'comment';
  const stack: Frame[] = [frame('top')];
  let header: 'model' | 'train' | 'decode' | undefined;
  let prev: Token | undefined;
  let prevText = '';
  let lastClosedCallee: string | undefined;
  // A `model` or `train` keyword starts afresh, so reading from the last one before the cursor
  // is enough: the cost is the block's length, not the file's.
  let begin = end - 1;
  while (begin > 0 && !(tokens[begin]!.kind === 'keyword' && isDeclKeyword(text, tokens[begin]!))) begin--;
  for (let i = Math.max(0, begin); i < end; i++) {
    if (!significant(i)) continue;
    const t = tokens[i]!;
    const s = text.slice(t.range.start, t.range.end);
    const top = stack[stack.length - 1]!;
    if (t.kind === 'keyword' && isDeclKeyword(text, t)) {
      stack.length = 1;
      header = s === 'train' ? 'train' : s === 'decode' ? 'decode' : 'model';
    } else if (s === 'output' && t.kind === 'keyword') {
      top.afterOutput = true;
    } else if (s === '{') {
      const f = stack.length === 1 ? frame(header ?? 'model') : frame('record', { parent: top, ...(top.key ? { parentKey: top.key } : {}) });
      stack.push(f);
      header = undefined;
    } else if (s === '(' || s === '[') {
      const parentExtra = { parent: top, ...(top.key ? { parentKey: top.key } : {}), parentPosition: top.positional };
      let f: Frame;
      if (s === '[') f = frame('list', parentExtra);
      else if (prev?.kind === 'name') f = frame('call', { ...parentExtra, callee: prevText });
      else if (prevText === ')') f = frame('apply', { ...parentExtra, callee: lastClosedCallee });
      else f = frame('tuple', parentExtra);
      stack.push(f);
    } else if (Object.hasOwn(CLOSER, s)) {
      // Own keys only: `s` is the user's text, and `toString in {}` is true.
      const kinds = CLOSER[s]!;
      let k = stack.length - 1;
      while (k > 0 && !kinds.includes(stack[k]!.kind)) k--;
      if (k > 0) {
        lastClosedCallee = stack[k]!.kind === 'call' ? stack[k]!.callee : undefined;
        stack.length = k;
      }
      if (s === '}' && stack.length === 1) header = undefined;
    } else if (s === ',') {
      if (!top.itemKeyed) top.positional++;
      top.key = undefined;
      top.itemKeyed = false;
    } else if (s === '=') {
      if (prev?.kind === 'name') {
        top.key = prevText;
        top.itemKeyed = true;
        top.given.add(prevText);
      }
    } else if (t.kind === 'name' && (top.kind === 'model' || top.kind === 'train' || top.kind === 'decode') && prevText !== '=' && prevText !== ',') {
      // A name after a complete value starts the next statement (newlines are not significant).
      top.key = undefined;
    }
    prev = t;
    prevText = s;
  }
  const top = stack[stack.length - 1]!;
  collectLaterKeys(text, tokens, word ? at + 1 : end, top);
  return word ? { slot: slotOf(top, prev, prevText, header, stack.length), word } : { slot: slotOf(top, prev, prevText, header, stack.length) };
}

function isDeclKeyword(text: string, t: Token): boolean {
  return text.startsWith('model', t.range.start) || text.startsWith('train', t.range.start) || text.startsWith('decode', t.range.start);
}

function closedString(text: string, r: Range): boolean {
  return r.end - r.start >= 2 && text[r.end - 1] === text[r.start] && text[r.end - 2] !== '\\';
}

function slotOf(top: Frame, prev: Token | undefined, prevText: string, header: 'model' | 'train' | 'decode' | undefined, depth: number): Slot {
  if (depth === 1) {
    if ((header === 'train' && prevText === 'train') || (header === 'decode' && prevText === 'decode')) return { kind: 'train-name' };
    if (header) return { kind: 'none' };
    return { kind: 'top' };
  }
  const opener = prevText === '(' || prevText === '[' || prevText === '{';
  const itemStart = opener || prevText === ',';
  if (prevText === '=' && top.key) {
    if (top.kind === 'model') return { kind: 'statement' };
    return { kind: 'value', frame: top, key: top.key };
  }
  switch (top.kind) {
    case 'model':
      if (prev?.kind === 'keyword' && prevText === 'output') return { kind: 'tensor' };
      if (prevText === ',' && top.afterOutput) return { kind: 'tensor' };
      return prevText === ',' ? { kind: 'none' } : { kind: 'statement' };
    case 'train':
    case 'decode':
      return prevText === '=' ? { kind: 'none' } : { kind: 'setting', frame: top };
    case 'call':
    case 'apply':
      return itemStart ? { kind: 'argument', frame: top } : { kind: 'none' };
    case 'record':
      return itemStart ? { kind: 'record-key', frame: top } : { kind: 'none' };
    case 'list':
      return itemStart && top.parentKey !== undefined ? { kind: 'value', frame: top.parent!, key: top.parentKey } : itemStart && top.parent?.kind === 'apply' ? { kind: 'argument', frame: top.parent } : { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}

/** Keys given after the cursor in the same call or block count as given too. */
function collectLaterKeys(text: string, tokens: readonly Token[], from: number, f: Frame): void {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'comment') continue;
    const s = text.slice(t.range.start, t.range.end);
    if (t.kind === 'keyword' && isDeclKeyword(text, t)) return;
    if (s === '(' || s === '[' || s === '{') depth++;
    else if (s === ')' || s === ']' || s === '}') {
      if (--depth < 0) return;
    } else if (depth === 0 && s === '=' && i > from) {
      const before = tokens[i - 1]!;
      if (before.kind === 'name') f.given.add(text.slice(before.range.start, before.range.end));
    }
  }
}
