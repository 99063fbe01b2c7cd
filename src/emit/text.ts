// How text from a .rnn file may enter an emitted program. Every name and string the user wrote —
// a layer's `name=`, a data path, a callback's argument, the source itself — reaches the program
// only in one of three forms:
//   - a string literal, written by `stringLiteral`: every character outside printable ASCII,
//     quotes and backslashes escaped, so nothing in it can end the literal or look different
//     from what it is;
//   - a comment, written by `commentText`: the same escapes, and no `*/`;
//   - an identifier, chosen by `identifierFor`: the name itself only when it is a plain
//     identifier that is no keyword and no name already taken, otherwise a mangled one.
// Characters that have no place in names and paths at all — control characters, and the
// bidirectional controls that make text display in another order than it runs (CVE-2021-42574)
// — are refused before anything is written (`unsafeCharacter`, E0901).

/** Control characters (C0, DEL, C1), line and paragraph separators, and the bidirectional controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** The first character of `text` that may not enter a program, if any: its offset and name. */
export function unsafeCharacter(text: string): { readonly offset: number; readonly name: string } | undefined {
  const m = UNSAFE.exec(text);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0);
  const names: Record<number, string> = { 0x09: 'a tab', 0x0a: 'a line break', 0x0d: 'a carriage return', 0x1b: 'an escape character' };
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = names[code] ?? (code < 0x20 || (code >= 0x7f && code <= 0x9f) ? `the control character ${hex}` : `the invisible formatting character ${hex}`);
  return { offset: m.index, name };
}

/** `\uXXXX` for a UTF-16 code unit. */
const unicodeEscape = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;

/** Printable ASCII stays; everything else becomes an escape. */
function escapeNonAscii(text: string, extra: (ch: string) => string | undefined): string {
  let out = '';
  for (const ch of text) {
    const special = extra(ch);
    if (special !== undefined) {
      out += special;
      continue;
    }
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 && code <= 0x7e) out += ch;
    else if (code <= 0xffff) out += unicodeEscape(code);
    else out += unicodeEscape(ch.charCodeAt(0)) + unicodeEscape(ch.charCodeAt(1));
  }
  return out;
}

/** A single-quoted TypeScript string literal holding exactly `text`. */
export function stringLiteral(text: string): string {
  const escaped = escapeNonAscii(text, (ch) => (ch === '\\' ? '\\\\' : ch === "'" ? "\\'" : ch === '\n' ? '\\n' : undefined));
  return `'${escaped}'`;
}

/** `text` as it may stand inside a comment: on one line, escaped, never closing a block comment. */
export function commentText(text: string): string {
  return escapeNonAscii(text, (ch) => (ch === '\\' ? '\\\\' : undefined)).replace(/\*\//g, '*\\/');
}

/** Words that cannot be (or should not be) a program's identifiers. */
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with implements interface let package private ' +
    'protected public static yield await arguments eval undefined NaN Infinity as async from get of set type declare module namespace ' +
    'any boolean number string symbol never unknown object bigint readonly keyof infer is asserts abstract constructor global require ' +
    'satisfies accessor out override prototype __proto__ globalThis process console Math JSON Object Array Number String Boolean ' +
    'Symbol Map Set Promise Error Date RegExp Float32Array Float64Array Int32Array Uint8Array performance Buffer URL TextDecoder'
  ).split(' '),
);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `name` may be written as it is where a property name or a variable name goes. */
export const isPlainIdentifier = (name: string): boolean => IDENTIFIER.test(name) && !RESERVED.has(name);

/**
 * An identifier for `name`, not in `taken` (which it joins): the name itself when it is a plain
 * identifier, else its letters, digits and underscores with `fallback` in front. `plain` says what
 * may stand as it is (TypeScript's rule by default; the PyTorch back end passes Python's).
 */
export function identifierFor(name: string, taken: Set<string>, fallback: string, plain: (name: string) => boolean = isPlainIdentifier): string {
  let base = name;
  if (!plain(base)) {
    const letters = name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
    base = letters ? `${fallback}_${letters}` : fallback;
  }
  let id = base;
  for (let i = 2; taken.has(id) || !plain(id); i++) id = `${base}_${i}`;
  taken.add(id);
  return id;
}

/** A property key: the name itself when it is a plain identifier, else a string literal. */
export function propertyKey(name: string): string {
  if (name === '__proto__') return `[${stringLiteral(name)}]`; // a literal `__proto__:` would set the prototype
  return IDENTIFIER.test(name) ? name : stringLiteral(name);
}

/**
 * A value of plain data (JSON, plus numbers JSON cannot write) as a TypeScript literal: on one
 * line when it fits in `width` columns from `column`, else one entry per line. Lines after the
 * first are indented relative to the first (a code writer adds the indentation of where it goes).
 */
export function literal(value: unknown, column = 0, width = 100): string {
  const inline = inlineLiteral(value);
  if (inline.length + column <= width || !isContainer(value)) return inline;
  const entry = (v: unknown) => literal(v, column + 2, width).replace(/\n/g, '\n  ');
  if (Array.isArray(value)) return `[\n${value.map((v) => `  ${entry(v)},\n`).join('')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `  ${propertyKey(k)}: ${entry(v)},\n`).join('')}}`;
}

const isContainer = (v: unknown) => typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);

function inlineLiteral(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (Object.is(value, -0)) return '-0';
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return value < 0 ? `-${String(-value)}` : String(value);
  }
  if (Array.isArray(value)) return `[${value.map(inlineLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return entries.length ? `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${inlineLiteral(v)}`).join(', ')} }` : '{}';
  }
  throw new Error(`rnnc build: cannot write ${typeof value} as a literal`);
}

/** A template literal holding exactly `text`, its lines kept as lines (for the .rnn source). */
export function templateLiteral(text: string): string {
  const escaped = escapeNonAscii(text, (ch) => (ch === '\\' ? '\\\\' : ch === '`' ? '\\`' : ch === '$' ? '\\$' : ch === '\n' ? '\n' : undefined));
  return `\`${escaped}\``;
}
