// grammar/rnn.tmLanguage.json, checked with a small TextMate engine (match, begin/end, captures,
// include; earliest match wins, the end pattern first on a tie): enough to see that the tour is
// highlighted the way an editor would show it.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NEXT_NUMBER, SENTIMENT, TRANSLATE } from './tour.ts';

interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  include?: string;
  patterns?: Rule[];
  captures?: Record<string, { name: string }>;
  beginCaptures?: Record<string, { name: string }>;
  endCaptures?: Record<string, { name: string }>;
}

const grammar = JSON.parse(readFileSync(new URL('../../grammar/rnn.tmLanguage.json', import.meta.url), 'utf8')) as {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
};

function flatten(rules: Rule[], seen = new Set<string>()): Rule[] {
  return rules.flatMap((r) => {
    if (r.include !== undefined) {
      const key = r.include.slice(1);
      if (seen.has(key)) return [];
      const target = grammar.repository[key];
      if (target === undefined) throw new Error(`no rule ${r.include}`);
      return target.match !== undefined || target.begin !== undefined ? [target] : flatten(target.patterns ?? [], new Set([...seen, key]));
    }
    return r.match !== undefined || r.begin !== undefined ? [r] : flatten(r.patterns ?? [], seen);
  });
}

/** Scopes of each character of `text` (innermost last), from a line-by-line tokenization. */
function highlight(text: string): string[][] {
  const scopes: string[][] = [...text].map(() => []);
  const stack: { rule: Rule; end: RegExp; start: number }[] = [];
  let offset = 0;
  const mark = (from: number, to: number, scope: string | undefined) => {
    if (scope !== undefined) for (let i = from; i < to; i++) scopes[offset + i]!.push(scope);
  };
  const captures = (m: RegExpExecArray, caps: Rule['captures'], line: string) => {
    for (const [group, { name }] of Object.entries(caps ?? {})) {
      const g = m[Number(group)];
      if (g === undefined) continue;
      const start = Number(group) === 0 ? m.index : line.indexOf(g, m.index);
      mark(start, start + g.length, name.replace('$1', m[1] ?? ''));
    }
  };
  for (const line of text.split('\n')) {
    let pos = 0;
    for (;;) {
      const top = stack[stack.length - 1];
      const candidates = flatten(top?.rule.patterns ?? grammar.patterns);
      let best: { m: RegExpExecArray; rule?: Rule } | undefined;
      if (top !== undefined) {
        top.end.lastIndex = pos;
        const m = top.end.exec(line);
        if (m !== null) best = { m };
      }
      for (const rule of candidates) {
        const re = new RegExp(rule.match ?? rule.begin!, 'g');
        re.lastIndex = pos;
        const m = re.exec(line);
        if (m !== null && m[0].length + (rule.begin ? 1 : 0) > 0 && (best === undefined || m.index < best.m.index)) best = { m, rule };
      }
      if (best === undefined) break;
      const { m, rule } = best;
      const stop = m.index + m[0].length;
      if (rule === undefined) {
        const { rule: open, start } = stack.pop()!;
        if (open.name !== undefined) for (let i = start; i < offset + stop; i++) scopes[i]!.unshift(open.name);
        captures(m, open.endCaptures, line);
      } else if (rule.begin !== undefined) {
        // the rule's own name covers all it encloses (outermost): added when it ends
        stack.push({ rule, end: new RegExp(rule.end!, 'g'), start: offset + m.index });
        captures(m, rule.beginCaptures, line);
      } else {
        mark(m.index, stop, rule.name);
        captures(m, rule.captures, line);
      }
      if (stop === pos && rule !== undefined && rule.begin === undefined) break;
      pos = stop === pos ? pos + 1 : stop;
      if (pos > line.length) break;
    }
    offset += line.length + 1;
  }
  return scopes;
}

/** The innermost scope of the first occurrence of `word` (after `from`) in `text`. */
function scopeOf(text: string, word: string, from = ''): string | undefined {
  const start = text.indexOf(word, from === '' ? 0 : text.indexOf(from));
  const s = highlight(text)[start]!;
  return s[s.length - 1];
}

describe('the TextMate grammar', () => {
  it('is source.rnn, and every pattern is a valid regular expression', () => {
    expect(grammar.scopeName).toBe('source.rnn');
    for (const rule of Object.values(grammar.repository)) {
      for (const r of [rule, ...(rule.patterns ?? [])]) {
        for (const re of [r.match, r.begin, r.end]) if (re !== undefined) expect(() => new RegExp(re)).not.toThrow();
      }
    }
  });

  it('highlights the tour as an editor should', () => {
    const cases: [string, string, string, string?][] = [
      [NEXT_NUMBER, '# next_number', 'comment.line.number-sign.rnn'],
      [NEXT_NUMBER, 'model', 'keyword.other.declaration.model.rnn', 'model next'],
      [NEXT_NUMBER, 'next_number {', 'entity.name.type.model.rnn'],
      [NEXT_NUMBER, 'LSTM', 'entity.name.function.layer.rnn', 'LSTM('],
      [NEXT_NUMBER, 'input', 'variable.parameter.rnn', 'LSTM('],
      [NEXT_NUMBER, '5', 'constant.numeric.rnn', '(5'],
      [NEXT_NUMBER, 'train', 'keyword.other.declaration.train.rnn', 'train {'],
      [NEXT_NUMBER, 'loss', 'variable.other.definition.rnn'],
      [NEXT_NUMBER, 'mean_absolute_error', 'variable.other.rnn'],
      [NEXT_NUMBER, 'learning_rate', 'variable.parameter.rnn'],
      [NEXT_NUMBER, '0.01', 'constant.numeric.rnn'],
      [SENTIMENT, 'true', 'constant.language.boolean.rnn'],
      [SENTIMENT, 'None', 'constant.language.null.rnn'],
      [SENTIMENT, '1e-3', 'constant.numeric.rnn'],
      [SENTIMENT, '[', 'punctuation.section.brackets.begin.rnn', 'metrics'],
      [TRANSLATE, 'output', 'keyword.control.output.rnn', 'output Time'],
      [TRANSLATE, 'src =', 'variable.other.definition.rnn'],
      [TRANSLATE, 'initial_state', 'variable.parameter.rnn'],
    ];
    for (const [text, word, scope, from] of cases) expect(scopeOf(text, word, from), word).toBe(scope);
  });

  it('highlights escapes, bad escapes and strings cut by the end of the line', () => {
    const text = 'train { data = { x = "a\\n\\q", y = \'open\n  epochs = 3 }';
    expect(scopeOf(text, '\\n')).toBe('constant.character.escape.rnn');
    expect(scopeOf(text, '\\q')).toBe('invalid.illegal.escape.rnn');
    expect(scopeOf(text, 'open')).toBe('string.quoted.single.rnn');
    expect(scopeOf(text, "'open")).toBe('punctuation.definition.string.begin.rnn');
    expect(scopeOf(text, 'epochs')).toBe('variable.other.definition.rnn');
  });

  it('does not take names that merely start with a keyword for keywords', () => {
    const text = 'model m { outputs = Dense(1)(modelx) }';
    expect(scopeOf(text, 'outputs')).toBe('variable.other.definition.rnn');
    expect(scopeOf(text, 'modelx')).toBe('variable.other.rnn');
  });
});
