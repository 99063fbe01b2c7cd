// Positions inside one line of JSON, for error messages. The JSON Lines reader parses with
// JSON.parse, which is fast but says neither where a syntax error is (V8's message has no
// column for most mistakes) nor where a value sits. Only when something is wrong does the
// reader walk the line again with this small parser to point at the culprit.

export type JsonPath = readonly (string | number)[];

export interface JsonSyntaxError {
  /** 0-based offset in the line. */
  readonly offset: number;
  readonly message: string;
}

class Stop {
  constructor(readonly error: JsonSyntaxError) {}
}

/**
 * Walks `text` as JSON, calling `visit` with the path and start offset of every value.
 * Returns the first syntax error, or undefined when the text is valid JSON.
 */
function walk(text: string, visit: (path: JsonPath, offset: number) => void): JsonSyntaxError | undefined {
  let pos = 0;
  const fail = (message: string): never => {
    throw new Stop({ offset: Math.min(pos, text.length), message });
  };
  const skip = () => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos]!)) pos++;
  };
  const describe = () => (pos >= text.length ? 'the line ends' : `unexpected \`${text[pos]}\``);

  const string = (): string => {
    const start = pos;
    pos++;
    while (pos < text.length && text[pos] !== '"') {
      if (text[pos]! < ' ') fail('a line break or control character inside a string');
      pos += text[pos] === '\\' ? 2 : 1;
    }
    if (pos >= text.length) {
      pos = start;
      fail('a string is not closed');
    }
    pos++;
    try {
      return JSON.parse(text.slice(start, pos)) as string;
    } catch {
      pos = start;
      return fail('an invalid escape sequence in a string');
    }
  };

  const container = (path: JsonPath, close: string, item: (index: number) => void) => {
    pos++;
    skip();
    if (text[pos] === close) {
      pos++;
      return;
    }
    for (let index = 0; ; index++) {
      item(index);
      skip();
      if (text[pos] === close) {
        pos++;
        return;
      }
      if (text[pos] !== ',') fail(`expected \`,\` or \`${close}\`, but ${describe()}`);
      pos++;
      skip();
      if (text[pos] === close) fail(`a trailing comma before \`${close}\``);
    }
  };

  const value = (path: JsonPath): void => {
    skip();
    visit(path, pos);
    const ch = text[pos];
    if (ch === '{') {
      container(path, '}', () => {
        skip();
        if (text[pos] !== '"') fail(`expected a key in double quotes, but ${describe()}`);
        const key = string();
        skip();
        if (text[pos] !== ':') fail(`expected \`:\` after the key, but ${describe()}`);
        pos++;
        value([...path, key]);
      });
    } else if (ch === '[') {
      container(path, ']', (index) => value([...path, index]));
    } else if (ch === '"') {
      string();
    } else {
      const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(pos));
      if (!m) fail(ch === "'" ? 'JSON strings take double quotes' : `expected a value, but ${describe()}`);
      pos += m![0].length;
    }
  };

  try {
    value([]);
    skip();
    if (pos < text.length) fail(`unexpected text after the value: \`${text[pos]}\``);
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return e.error;
    throw e;
  }
}

export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  return walk(text, () => {});
}

/** The 0-based offset where the value at `path` starts, or 0 when it cannot be found. */
export function offsetOf(text: string, path: JsonPath): number {
  let found = 0;
  walk(text, (p, offset) => {
    if (p.length === path.length && p.every((k, i) => k === path[i])) found = offset;
  });
  return found;
}
