// The few Python literals a .npy header is written in (NumPy writes it with repr() and reads it
// with ast.literal_eval): dicts, tuples, lists, strings, ints, True/False/None. Ints may carry
// Python 2's `L` suffix (`(3L, 4L)`), which NumPy itself still accepts in version 1.0 and 2.0
// headers. Anything else — floats, expressions, calls — is not a header NumPy writes.

export type PyValue =
  | string
  | number
  | boolean
  | null
  | { readonly kind: 'tuple' | 'list'; readonly items: readonly PyValue[] }
  | { readonly kind: 'dict'; readonly entries: ReadonlyMap<string, PyValue> };

export type PyParse = { readonly ok: true; readonly value: PyValue } | { readonly ok: false; readonly reason: string };

const MAX_DEPTH = 64;
const WORD = /(-?\d+)L?|(True|False|None)\b/y;

class Stop {
  constructor(readonly reason: string) {}
}

export function parsePythonLiteral(text: string): PyParse {
  let pos = 0;
  const skip = () => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos]!)) pos++;
  };
  const fail = (what: string): never => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- a signal that ends the parse, caught in this file
    throw new Stop(`${what} at character ${pos + 1}`);
  };
  const expect = (ch: string) => {
    skip();
    if (text[pos] !== ch) fail(`expected \`${ch}\``);
    pos++;
  };

  /** Items up to `close`, separated by commas, a trailing comma allowed. */
  const items = <T>(close: string, item: () => T): T[] => {
    const out: T[] = [];
    for (;;) {
      skip();
      if (text[pos] === close) break;
      out.push(item());
      skip();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== close) fail(`expected \`,\` or \`${close}\``);
    }
    pos++;
    return out;
  };

  const str = (): string => {
    const quote = text[pos++]!;
    let out = '';
    while (pos < text.length && text[pos] !== quote) {
      if (text[pos] === '\\') pos++;
      out += text[pos++] ?? '';
    }
    if (pos >= text.length) fail('unterminated string');
    pos++;
    return out;
  };

  let depth = 0;
  const value = (): PyValue => {
    skip();
    const ch = text[pos];
    // A .npy header nests two or three deep; a damaged one could nest deeper than the call stack.
    if ((ch === '{' || ch === '(' || ch === '[') && depth >= MAX_DEPTH) fail(`brackets nested more than ${MAX_DEPTH} deep`);
    depth++;
    try {
      return container(ch) ?? scalar(ch);
    } finally {
      depth--;
    }
  };

  const container = (ch: string | undefined): PyValue | undefined => {
    if (ch === '{') {
      pos++;
      const entries = new Map<string, PyValue>();
      items('}', () => {
        const key = value();
        if (typeof key !== 'string') fail('expected a string key');
        expect(':');
        entries.set(key as string, value());
      });
      return { kind: 'dict', entries };
    }
    if (ch === '(') {
      pos++;
      return { kind: 'tuple', items: items(')', value) };
    }
    if (ch === '[') {
      pos++;
      return { kind: 'list', items: items(']', value) };
    }
    return undefined;
  };

  const scalar = (ch: string | undefined): PyValue => {
    if (ch === "'" || ch === '"') return str();
    WORD.lastIndex = pos;
    const word = WORD.exec(text);
    if (!word) return fail('expected a value');
    pos += word[0].length;
    if (word[1] !== undefined) return Number(word[1]);
    return word[2] === 'True' ? true : word[2] === 'False' ? false : null;
  };

  try {
    const v = value();
    skip();
    if (pos < text.length) fail('unexpected text after the value');
    return { ok: true, value: v };
  } catch (e) {
    if (e instanceof Stop) return { ok: false, reason: e.reason };
    throw e;
  }
}
