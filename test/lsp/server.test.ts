// `rnnc lsp` end to end: the real process, started as an editor starts it, spoken to over stdio
// with vscode-languageserver-protocol. Diagnostics arrive at the right range and clear when the
// text is fixed; hover, completion, inlay hints, quick fixes (applied and re-checked),
// formatting, symbols, definition and rename answer; odd text never stops it answering.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DidCloseTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  HoverRequest,
  InlayHintRequest,
  PrepareRenameRequest,
  RenameRequest,
  type CodeAction,
  type Diagnostic,
  type Position,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { check } from '../../src/compiler/check.ts';
import { LAYERS } from '../../src/compiler/layers/registry.ts';
import { format } from '../../src/format/format.ts';
import { LspClient } from './client.ts';

let client: LspClient;
let n = 0;
const newUri = () => `file:///work/doc${++n}.rnn`;

beforeAll(async () => {
  client = await LspClient.start();
}, 60_000);

afterAll(async () => {
  const code = await client?.stop();
  expect(client.logs.filter((l) => l.includes('failed') || l.includes('uncaught'))).toEqual([]);
  expect(code).toBe(0);
});

const STACKED = 'model stacked {\n  LSTM(64, input=(20, 8))\n  LSTM(32)\n  Dense(1, activation=sigmoid)\n}\n';

async function opened(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = newUri();
  await client.open(uri, text);
  return { uri, diagnostics: (await client.diagnosticsFor(uri, 1)).diagnostics };
}

function pos(uri: string, offset: number): Position {
  return client.doc(uri).positionAt(offset);
}

function editsOf(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  const changes = edit?.documentChanges?.flatMap((c) => ('edits' in c && c.textDocument.uri === uri ? c.edits : [])) ?? edit?.changes?.[uri] ?? [];
  return changes.flatMap((e) => ('newText' in e ? [{ range: e.range, newText: e.newText }] : []));
}

describe('rnnc lsp: diagnostics', () => {
  it('publishes the checker’s diagnostic at the right range, with its code, severity and related range', async () => {
    const { uri, diagnostics } = await opened(STACKED);
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d).toMatchObject({
      code: 'E0301',
      severity: 1,
      source: 'rnnc',
      range: { start: { line: 2, character: 2 }, end: { line: 2, character: 10 } },
      relatedInformation: [{ location: { uri, range: { start: { line: 1, character: 2 }, end: { line: 1, character: 25 } } }, message: 'returns only its last step: (None, 64)' }],
    });
    expect(d!.message).toContain('LSTM needs a sequence');
  });

  it('clears when an edit fixes the file, and comes back when the mistake returns', async () => {
    const { uri } = await opened(STACKED);
    const at = STACKED.indexOf('(20, 8))') + 7;
    const fixed = await client.change(uri, [{ range: { start: pos(uri, at), end: pos(uri, at) }, text: ', return_sequences=true' }]);
    expect((await client.diagnosticsFor(uri, fixed)).diagnostics).toEqual([]);
    const broken = await client.change(uri, [{ text: STACKED }]);
    expect((await client.diagnosticsFor(uri, broken)).diagnostics.map((d) => d.code)).toEqual(['E0301']);
  });

  it('checks a burst of edits once it settles, and never publishes an older version over a newer one', async () => {
    const uri = newUri();
    await client.open(uri, '');
    const words = 'model m {\n  LSTM(8, input=(5, 2))\n  LTSM(4)\n}\n';
    let version = 1;
    for (const ch of words) version = await client.change(uri, [{ range: { start: pos(uri, client.text(uri).length), end: pos(uri, client.text(uri).length) }, text: ch }]);
    const last = await client.diagnosticsFor(uri, version);
    expect(last.diagnostics.map((d) => d.code)).toEqual(check(words).diagnostics.map((d) => d.code));
    const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version ?? 0);
    expect(versions).toEqual([...versions].sort((x, y) => x - y));
    // Fewer checks than edits: the burst was coalesced.
    expect(versions.length).toBeLessThan(words.length);
  });

  it('clears the diagnostics of a closed document', async () => {
    const { uri } = await opened(STACKED);
    const before = client.published.length;
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    await expect.poll(() => client.published.slice(before).find((p) => p.uri === uri)?.diagnostics).toEqual([]);
  });
});

describe('rnnc lsp: hover, completion, inlay hints', () => {
  it('hovers a layer with its output shape, parameter count and documentation', async () => {
    const { uri } = await opened('model m {\n  LSTM(64, input=(20, 8), return_sequences=true)\n  Dense(1)\n}\n');
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 4 } });
    const value = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    expect(value).toContain('`(None, 20, 64)`');
    expect(value).toContain('18,688 parameters');
    expect(value).toContain(LAYERS.get('LSTM')!.doc);
    expect(h!.range).toEqual({ start: { line: 1, character: 2 }, end: { line: 1, character: 6 } });
  });

  it('completes arguments not yet given, and values with their documentation', async () => {
    const text = 'model m {\n  LSTM(64, return_sequences=true, )\n}\n';
    const { uri } = await opened(text);
    const args = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: pos(uri, text.indexOf(', )') + 2) });
    const labels = (Array.isArray(args) ? args : (args?.items ?? [])).map((i) => i.label);
    expect(labels).toContain('recurrent_activation=');
    expect(labels).not.toContain('return_sequences=');
    const valueText = 'model m {\n  Dense(1, activation=)\n}\n';
    const v = await opened(valueText);
    const values = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: v.uri }, position: pos(v.uri, valueText.indexOf('=)') + 1) });
    const items = Array.isArray(values) ? values : (values?.items ?? []);
    const relu = items.find((i) => i.label === 'relu');
    expect(relu?.documentation).toMatchObject({ kind: 'markdown' });
    expect(JSON.stringify(relu?.documentation)).toContain('max(x, 0)');
  });

  it('shows each layer line’s output shape as an inlay hint at its end', async () => {
    const text = 'model m {\n  LSTM(64, input=(20, 8), return_sequences=true)\n  GRU(16)\n  Dense(1)\n}\n';
    const { uri } = await opened(text);
    const hints = await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: pos(uri, text.length) } });
    expect(hints?.map((h) => [h.position, h.label])).toEqual([
      [{ line: 1, character: 48 }, '→ (None, 20, 64)'],
      [{ line: 2, character: 9 }, '→ (None, 16)'],
      [{ line: 3, character: 10 }, '→ (None, 1)'],
    ]);
  });
});

describe('rnnc lsp: edits', () => {
  async function quickFixes(uri: string, d: Diagnostic): Promise<CodeAction[]> {
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    return (actions ?? []).filter((a): a is CodeAction => 'kind' in a);
  }

  it('offers return_sequences=true as a quick fix; applied, the file checks clean', async () => {
    const { uri, diagnostics } = await opened(STACKED);
    const [fix] = await quickFixes(uri, diagnostics[0]!);
    expect(fix).toMatchObject({ title: 'add return_sequences=true to the LSTM', kind: 'quickfix', isPreferred: true });
    const version = await client.applyEdits(uri, editsOf(fix!.edit, uri));
    expect(client.text(uri)).toContain('LSTM(64, input=(20, 8), return_sequences=true)');
    expect((await client.diagnosticsFor(uri, version)).diagnostics).toEqual([]);
  });

  it('offers the "did you mean" replacement for a misspelt layer, activation and loss', async () => {
    const text = 'model m {\n  LTSM(8, input=(5, 2))\n  Dense(1, activation=sigmod)\n}\ntrain {\n  loss = mean_squared_eror\n}\n';
    const { uri, diagnostics } = await opened(text);
    const titles: string[] = [];
    for (const d of diagnostics) titles.push(...(await quickFixes(uri, d)).map((a) => a.title));
    expect(titles).toEqual(['change to `LSTM`', 'change to `sigmoid`', 'change to `mean_squared_error`']);
    let version = 1;
    for (const d of diagnostics) {
      const [fix] = await quickFixes(uri, (await client.diagnosticsFor(uri, version)).diagnostics.find((x) => x.code === d.code)!);
      version = await client.applyEdits(uri, editsOf(fix!.edit, uri));
    }
    expect((await client.diagnosticsFor(uri, version)).diagnostics).toEqual([]);
  });

  it('formats with rnnc fmt’s formatter, and refuses a file with a syntax error', async () => {
    const messy = 'model   m{LSTM( 8,input=(5,2) )   # note\nDense(1)}\n';
    const { uri } = await opened(messy);
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    await client.applyEdits(uri, edits ?? []);
    const expected = format(messy);
    expect(expected.ok && client.text(uri)).toBe(expected.ok && expected.text);
    const broken = await opened('model m {\n  LSTM(8,\n}\n');
    expect(await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: broken.uri }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
  });

  it('lists symbols, goes to a name’s definition and renames it everywhere in its model', async () => {
    const text = 'model f {\n  x = Input(shape=(5, 2))\n  h = GRU(4)(x)\n  output Dense(1)(h)\n}\n';
    const { uri } = await opened(text);
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    expect(symbols?.map((s) => s.name)).toEqual(['f']);
    const use = pos(uri, text.indexOf('(h)') + 1);
    const def = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: use });
    expect(def).toEqual({ uri, range: { start: { line: 2, character: 2 }, end: { line: 2, character: 3 } } });
    expect(await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: use })).toMatchObject({ placeholder: 'h' });
    const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: use, newName: 'hidden' });
    const version = await client.applyEdits(uri, editsOf(edit ?? undefined, uri));
    expect(client.text(uri)).toBe(text.replace('h = GRU', 'hidden = GRU').replace('(h)', '(hidden)'));
    expect((await client.diagnosticsFor(uri, version)).diagnostics).toEqual([]);
    await expect(client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: use, newName: '1x' })).rejects.toThrow(/not a name/);
  });
});

describe('rnnc lsp: whatever the text', () => {
  const nasty = [
    '',
    'model',
    'model m {\n  LSTM(64, input=(5, 2)\n  Dense(\n',
    ')))]]]}}}{{{(((',
    '\u0000\u0001\u00ff\ud800garbage\u{1F600}\r\n\r',
    `model m {\n  Dense(1, input=(3,), name="${'x'.repeat(200_000)}")\n}\n`,
    `model m {\n  ${'Dense(1)'.repeat(5_000)}\n}\n`,
    '('.repeat(10_000),
    'train {\n  loss = \n  optimizer = Adam(\n',
  ];

  it('answers every request on odd text and publishes ranges inside the document', async () => {
    for (const text of nasty) {
      const { uri, diagnostics } = await opened(text);
      const end = client.doc(uri).positionAt(text.length);
      for (const d of diagnostics) {
        for (const p of [d.range.start, d.range.end]) expect(p.line < end.line || (p.line === end.line && p.character <= end.character)).toBe(true);
      }
      const position = pos(uri, Math.floor(text.length / 2));
      const td = { textDocument: { uri } };
      await Promise.all([
        client.connection.sendRequest(HoverRequest.type, { ...td, position }),
        client.connection.sendRequest(CompletionRequest.type, { ...td, position }),
        client.connection.sendRequest(InlayHintRequest.type, { ...td, range: { start: { line: 0, character: 0 }, end } }),
        client.connection.sendRequest(DocumentSymbolRequest.type, td),
        client.connection.sendRequest(DocumentFormattingRequest.type, { ...td, options: { tabSize: 2, insertSpaces: true } }),
        client.connection.sendRequest(CodeActionRequest.type, { ...td, range: { start: { line: 0, character: 0 }, end }, context: { diagnostics: [] } }),
        client.connection.sendRequest(DefinitionRequest.type, { ...td, position }),
        // A position past the end of the document is clamped, not an error.
        client.connection.sendRequest(HoverRequest.type, { ...td, position: { line: 10_000, character: 10_000 } }),
      ]);
    }
    expect(client.alive).toBe(true);
  });
});
