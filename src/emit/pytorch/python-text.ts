// How text from a .rnn file enters an emitted Python program — the PyTorch counterpart of
// ../text.ts. Every name and string the user wrote (a layer's `name=`, a data path, the source
// itself) reaches the program only
//   - in a string literal, written by `pyString`: double-quoted, everything outside printable
//     ASCII, the quote and the backslash escaped, so nothing in it can end the literal;
//   - in a comment, written by `pyComment`: on one line, non-ASCII escaped;
//   - as an identifier chosen by `pyIdentifier`: the name itself only when it is a plain
//     identifier that is no keyword, builtin or name already taken, otherwise a mangled one.
// Control and bidirectional characters are refused before anything is written (E0901).

import { identifierFor } from '../text.ts';

/** `\uXXXX` or `\UXXXXXXXX`: Python's escapes count code points, not UTF-16 units. */
function escapeCodePoint(code: number): string {
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\U${code.toString(16).padStart(8, '0')}`;
}

function escaped(text: string, special: (ch: string) => string | undefined): string {
  let out = '';
  for (const ch of text) {
    const s = special(ch);
    if (s !== undefined) out += s;
    else {
      const code = ch.codePointAt(0)!;
      out += code >= 0x20 && code <= 0x7e ? ch : escapeCodePoint(code);
    }
  }
  return out;
}

/** A double-quoted Python string literal holding exactly `text`. */
export function pyString(text: string): string {
  return `"${escaped(text, (ch) => (ch === '\\' ? '\\\\' : ch === '"' ? '\\"' : ch === '\n' ? '\\n' : undefined))}"`;
}

/** `text` as it may stand in a `#` comment: one line, printable ASCII. */
export function pyComment(text: string): string {
  return escaped(text, (ch) => (ch === '\\' ? '\\\\' : undefined));
}

/** Python's keywords, the builtins and module names the program uses, and nn.Module's attributes. */
const RESERVED = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from global if import in is ' +
    'lambda nonlocal not or pass raise return try while with yield match case type _ ' +
    'abs all any bool dict enumerate float int len list map max min object open print range repr round set sorted str sum super tuple zip ' +
    'isinstance getattr setattr hasattr id input iter next format hash slice vars dir ' +
    'self cls torch nn F np dist os sys json math time argparse hashlib shutil struct ' +
    'training forward parameters named_parameters modules named_modules children buffers state_dict load_state_dict to cuda cpu ' +
    'train eval apply zero_grad requires_grad_ register_parameter register_buffer register_module add_module half float double ' +
    'extra_repr keras_weights dump_patches call_super_init'
  ).split(' '),
);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `name` may stand as it is where a Python attribute or variable name goes. */
const isPlainPython = (name: string): boolean => IDENTIFIER.test(name) && !RESERVED.has(name) && !name.startsWith('__');

/**
 * A Python identifier for `name`, not in `taken` (which it joins): the name itself when it is a
 * plain identifier, else its letters, digits and underscores with `fallback` in front.
 */
export const pyIdentifier = (name: string, taken: Set<string>, fallback: string): string => identifierFor(name, taken, fallback, isPlainPython);

/** A JavaScript number as Python reads it. */
export function pyNumber(v: number): string {
  if (Number.isNaN(v)) return 'float("nan")';
  if (!Number.isFinite(v)) return v > 0 ? 'float("inf")' : '-float("inf")';
  return Object.is(v, -0) ? '-0.0' : String(v);
}

/** Plain data (JSON and tuples of a name with arguments) as a Python literal, on one line. */
export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${pyString(k)}: ${pyLiteral(v)}`).join(', ')}}`;
  }
  throw new Error(`rnnc build: cannot write ${typeof value} as a Python literal`);
}
