// Diagnostics with no .rnn range — a data file, a saved model, the command line — rendered by the
// same renderer as the checker's: a code frame where the location has a line, the header, the
// location and the hint otherwise; and the JSON of `rnnc check --format json`, with the fields
// the location has.

import { describe, expect, it } from 'vitest';
import { describeLocation, type LocatedDiagnostic, type Location } from '../../src/diagnostics/diagnostic.ts';
import { renderLocated } from '../../src/diagnostics/render-frame.ts';
import { toJsonLocated } from '../../src/diagnostics/render-json.ts';
import { RnncError, textLocation } from '../../src/runtime/errors.ts';

const at = (location: Location, hint = 'fix it'): LocatedDiagnostic => ({ code: 'E0609', severity: 'error', message: 'a bad cell', location, hint });

describe('renderLocated', () => {
  it('frames the line of a text file, underlining the columns', () => {
    const text = renderLocated(at({ file: 'series.csv', line: 14, column: 3, endColumn: 6, text: '3,x y,5' }));
    expect(text).toBe(['error[E0609]: a bad cell', '  --> series.csv:14:3', '   |', '14 | 3,x y,5', '   |   ^^^', '   = help: fix it'].join('\n'));
  });

  it('puts one caret under a column with no end, and expands tabs as the checker does', () => {
    const text = renderLocated(at({ file: 'd.jsonl', line: 2, column: 3, text: '\t{x' }));
    expect(text.split('\n').slice(3, 5)).toEqual(['2 |     {x', '  |      ^']);
  });

  it('shows a window of a long line around the column', () => {
    const line = `${'1,'.repeat(5000)}x`;
    const text = renderLocated(at({ file: 'wide.csv', line: 1, column: line.length, endColumn: line.length + 1, text: line }));
    expect(text).toContain(' --> wide.csv:1:10001');
    const [code, marks] = text.split('\n').slice(3, 5);
    expect(code!.length).toBeLessThan(200);
    expect(code![marks!.indexOf('^')]).toBe('x');
  });

  it('renders a byte, a file and a context as a located header, the shape it always had', () => {
    expect(renderLocated(at({ file: 'x.npy', offset: 150 }))).toBe('error[E0609]: a bad cell\n --> x.npy at byte 150\n  = help: fix it');
    expect(renderLocated(at({ file: 'm/model.json' }))).toBe('error[E0609]: a bad cell\n --> m/model.json\n  = help: fix it');
    expect(renderLocated({ code: 'E0703', severity: 'error', message: 'no', location: { context: 'command line' } })).toBe('error[E0703]: no\n --> command line');
  });

  it('colours as the checker does, on request', () => {
    expect(renderLocated(at({ file: 'x.npy', offset: 0 }), { color: true })).toContain('\x1b[31merror[E0609]\x1b[0m');
  });
});

describe('toJsonLocated', () => {
  it('gives a text location the fields of a .rnn diagnostic', () => {
    expect(toJsonLocated(at({ file: 's.csv', line: 14, column: 3, endColumn: 6, text: '3,x y' }))).toEqual({
      file: 's.csv', line: 14, column: 3, endLine: 14, endColumn: 6,
      code: 'E0609', severity: 'error', message: 'a bad cell', hint: 'fix it', related: [], fixes: [],
    });
  });

  it('gives a byte as offset, a file as file, and a context as context', () => {
    expect(toJsonLocated(at({ file: 'x.npy', offset: 150 }))).toMatchObject({ file: 'x.npy', offset: 150 });
    expect(toJsonLocated(at({ file: 'x.npy', offset: 150 }))).not.toHaveProperty('line');
    expect(Object.keys(toJsonLocated(at({ file: 'x.npy' })))).toEqual(['file', 'code', 'severity', 'message', 'hint', 'related', 'fixes']);
    expect(toJsonLocated(new RnncError('E0703', 'no', { context: 'command line' }))).toEqual({ context: 'command line', code: 'E0703', severity: 'error', message: 'no', related: [], fixes: [] });
  });
});

describe('RnncError', () => {
  it('is a located diagnostic: a path alone is a file, and `where` says the location in one line', () => {
    const e = new RnncError('E0601', 'cannot read x.npy', 'x.npy', 'check the path');
    expect(e).toMatchObject({ code: 'E0601', severity: 'error', location: { file: 'x.npy' }, where: 'x.npy', hint: 'check the path' });
    expect(new RnncError('E0602', 'cut', { file: 'x.npy', offset: 9 }).where).toBe('x.npy at byte 9');
    expect(describeLocation({ file: 's.csv', line: 2, column: 5 })).toBe('s.csv:2:5');
  });

  it('textLocation finds the line and column of an offset, and the line itself', () => {
    const text = '{\r\n  "a": 1,,\r\n}';
    expect(textLocation('m.json', text, text.indexOf(',,') + 1)).toEqual({ file: 'm.json', line: 2, column: 10, text: '  "a": 1,,' });
    expect(textLocation('m.json', text, 0)).toEqual({ file: 'm.json', line: 1, column: 1, text: '{' });
    expect(textLocation('m.json', text, 1e9)).toEqual({ file: 'm.json', line: 3, column: 2, text: '}' });
  });
});
