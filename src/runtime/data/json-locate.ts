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

const SCALAR = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

class Stop {
  constructor(readonly error: JsonSyntaxError) {}
}

/**
 * Walks `text` as JSON, calling `visit` with the path and start offset of every value (the path
 * is the walker's own, valid during the call). Returns the first syntax error, or undefined when
 * the text is valid JSON. Iterative, with the open containers on a stack of its own: a line may
 * nest lists deeper than the call stack goes, and JSON.parse accepts it.
 */
function walk(text: string, visit: (path: JsonPath, offset: number) => void): JsonSyntaxError | undefined {
  let pos = 0;
  const fail = (message: string): never => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- a signal that ends the walk, caught in this file
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

  /** The path of the value about to be read; one entry per open container. */
  const path: (string | number)[] = [];
  /** The closing bracket of each open container, innermost last. */
  const closers: string[] = [];

  /** In an object, before a member: its key, then `:`. */
  const key = () => {
    skip();
    if (text[pos] !== '"') fail(`expected a key in double quotes, but ${describe()}`);
    const k = string();
    skip();
    if (text[pos] !== ':') fail(`expected \`:\` after the key, but ${describe()}`);
    pos++;
    path.push(k);
  };

  /** Reads one value; of a container, only up to its first item's start (`walk` reads the rest). */
  const value = (): void => {
    for (;;) {
      skip();
      visit(path, pos);
      const ch = text[pos];
      if (ch === '{' || ch === '[') {
        const close = ch === '{' ? '}' : ']';
        pos++;
        skip();
        if (text[pos] === close) {
          pos++;
          return;
        }
        closers.push(close);
        if (close === '}') key();
        else path.push(0);
        continue;
      }
      if (ch === '"') {
        string();
        return;
      }
      SCALAR.lastIndex = pos;
      const m = SCALAR.exec(text);
      if (!m) fail(ch === "'" ? 'JSON strings take double quotes' : `expected a value, but ${describe()}`);
      pos += m![0].length;
      return;
    }
  };

  try {
    value();
    // After each complete value: close its container, or go on to the container's next item.
    while (closers.length > 0) {
      const close = closers[closers.length - 1]!;
      skip();
      if (text[pos] === close) {
        pos++;
        closers.pop();
        path.pop();
        continue;
      }
      if (text[pos] !== ',') fail(`expected \`,\` or \`${close}\`, but ${describe()}`);
      pos++;
      skip();
      if (text[pos] === close) fail(`a trailing comma before \`${close}\``);
      const last = path.pop()!;
      if (close === '}') key();
      else path.push((last as number) + 1);
      value();
    }
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
