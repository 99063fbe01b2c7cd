// editors/vscode against the repository, without its node_modules: it declares the `rnn`
// language for .rnn files with the grammar of grammar/ (copied in by its build), comments and
// brackets as the language has them, and starts `rnnc lsp`, which accepts the flags the
// client adds.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenize } from '../../src/parser/index.ts';
import { LspClient } from './client.ts';

const read = (path: string): string => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
// The parts of each file the tests read.
interface Manifest {
  readonly main: string;
  readonly contributes: { readonly languages: unknown; readonly grammars: unknown };
  readonly scripts: { readonly build: string };
}
const ext = JSON.parse(read('../../editors/vscode/package.json')) as Manifest;
const config = JSON.parse(read('../../editors/vscode/language-configuration.json')) as { readonly comments: unknown; readonly brackets: unknown };
const grammar = JSON.parse(read('../../grammar/rnn.tmLanguage.json')) as { readonly scopeName: string };

describe('editors/vscode', () => {
  it('declares the rnn language for .rnn files with the repository’s grammar', () => {
    expect(ext.contributes.languages).toEqual([expect.objectContaining({ id: 'rnn', extensions: ['.rnn'], configuration: './language-configuration.json' })]);
    expect(ext.contributes.grammars).toEqual([{ language: 'rnn', scopeName: grammar.scopeName, path: './syntaxes/rnn.tmLanguage.json' }]);
    const copy = read('../../editors/vscode/scripts/copy-grammar.mjs');
    expect(copy).toContain("'../../../grammar/rnn.tmLanguage.json'");
    expect(copy).toContain("'../syntaxes/rnn.tmLanguage.json'");
    expect(ext.scripts.build).toContain('npm run grammar');
    expect(ext.scripts.build).toContain(`--outfile=${ext.main.replace(/^\.\//, '')}`);
  });

  it('comments and brackets as the lexer has them', () => {
    expect(config.comments).toEqual({ lineComment: '#' });
    const text = '# c\n{ [ ( ) ] }';
    expect(tokenize(text).map((t) => `${t.kind} ${text.slice(t.range.start, t.range.end)}`)).toEqual(['comment # c', ...'{[()]}'.split('').map((c) => `punctuation ${c}`)]);
    expect(config.brackets).toEqual([
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ]);
  });

  it('starts `rnnc lsp`, and the server accepts the flags the client adds', () => {
    const source = read('../../editors/vscode/src/extension.ts');
    expect(source).toContain("args: ['lsp']");
    expect(source).toContain('TransportKind.stdio');
  });
});

describe('rnnc lsp started as VS Code starts it', () => {
  let client: LspClient | undefined;
  afterEach(async () => {
    expect(await client?.stop()).toBe(0);
  });

  it('takes --clientProcessId beside --stdio', async () => {
    client = await LspClient.start({ args: [`--clientProcessId=${process.pid}`] });
    await client.open('file:///x.rnn', 'model m {\n  LSTM(4)\n}\n');
    expect((await client.diagnosticsFor('file:///x.rnn', 1)).diagnostics.map((d) => d.code)).toEqual(['E0304']);
  });
});
