// The server under random edits: starting from the examples, fast-check inserts fragments of
// the language and garbage, deletes, truncates and replaces the whole text, asking for hover,
// completion, inlay hints, symbols, code actions, formatting and definitions in between. Every
// request must be answered, every published diagnostic and every answered range must lie inside
// the document as it was, and the last diagnostics must be those of the last version.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  HoverRequest,
  InlayHintRequest,
  type DocumentSymbol,
  type Position,
} from 'vscode-languageserver-protocol';
import { check } from '../../src/compiler/check.ts';
import { LspClient } from './client.ts';
import { rangeInside, rangesIn } from './ranges.ts';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const seeds = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.rnn'))
  .map((f) => readFileSync(join(EXAMPLES, f), 'utf8'));

let client: LspClient;
let n = 0;

beforeAll(async () => {
  client = await LspClient.start();
}, 60_000);

afterAll(async () => {
  expect(await client?.stop()).toBe(0);
});

const FRAGMENTS = ['LSTM(', 'Dense(1)', ')', '(', '[', ']', '{', '}', ',', '=', 'model m {', 'train {', 'output ', 'x = ', 'return_sequences=true', 'input=(5, 2)', '"', "'", '#', '\n', '\r\n', '\t', '1e-3', '-', '\u0000', '\ud83d', '\u00e9', '_'];

type Op =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'replace'; text: string }
  | { kind: 'ask'; at: number; what: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8, unit: 'binary' })) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), text: fc.string({ maxLength: 300, unit: 'binary' }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('ask' as const), at: fc.nat(), what: fc.nat({ max: 6 }) }) },
);

function ask(uri: string, position: Position, end: Position, what: number): Promise<unknown> {
  const td = { textDocument: { uri } };
  const whole = { start: { line: 0, character: 0 }, end };
  switch (what) {
    case 0:
      return client.connection.sendRequest(HoverRequest.type, { ...td, position });
    case 1:
      return client.connection.sendRequest(CompletionRequest.type, { ...td, position });
    case 2:
      return client.connection.sendRequest(InlayHintRequest.type, { ...td, range: whole });
    case 3:
      return client.connection.sendRequest(DocumentSymbolRequest.type, td).then((s) => (s as DocumentSymbol[] | null)?.map((x) => [x.range, x.selectionRange, x.children]));
    case 4:
      return client.connection.sendRequest(CodeActionRequest.type, { ...td, range: { start: position, end: position }, context: { diagnostics: [] } });
    case 5:
      return client.connection.sendRequest(DocumentFormattingRequest.type, { ...td, options: { tabSize: 2, insertSpaces: true } });
    default:
      return client.connection.sendRequest(DefinitionRequest.type, { ...td, position });
  }
}

describe('rnnc lsp under random edits', () => {
  it('answers every request, publishes only ranges inside the document, and ends on the last version', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...seeds), fc.array(op, { minLength: 1, maxLength: 12 }), async (seed, ops) => {
        const uri = `file:///prop/doc${++n}.rnn`;
        const texts = new Map<number, string>([[1, seed]]);
        await client.open(uri, seed);
        const answers: Promise<void>[] = [];
        for (const o of ops) {
          const doc = client.doc(uri);
          const text = doc.getText();
          const at = (k: number) => doc.positionAt(text.length ? k % (text.length + 1) : 0);
          if (o.kind === 'ask') {
            const asked = text;
            answers.push(
              ask(uri, at(o.at), doc.positionAt(text.length), o.what).then((answer) => {
                for (const r of rangesIn(answer)) expect(rangeInside(asked, r), `${JSON.stringify(r)} in ${JSON.stringify(asked)}`).toBe(true);
              }),
            );
            continue;
          }
          let version: number;
          if (o.kind === 'insert') version = await client.change(uri, [{ range: { start: at(o.at), end: at(o.at) }, text: o.text }]);
          else if (o.kind === 'delete') {
            const from = text.length ? o.at % (text.length + 1) : 0;
            version = await client.change(uri, [{ range: { start: doc.positionAt(from), end: doc.positionAt(from + o.length) }, text: '' }]);
          } else if (o.kind === 'truncate') version = await client.change(uri, [{ range: { start: at(o.at), end: doc.positionAt(text.length) }, text: '' }]);
          else version = await client.change(uri, [{ text: o.text }]);
          texts.set(version, client.text(uri));
        }
        await Promise.all(answers);
        const last = client.version(uri);
        const final = await client.diagnosticsFor(uri, last);
        expect(final.version).toBe(last);
        expect(final.diagnostics.map((d) => d.code)).toEqual(check(client.text(uri), uri).diagnostics.map((d) => d.code));
        for (const p of client.published.filter((x) => x.uri === uri)) {
          const text = texts.get(p.version ?? -1);
          expect(text, `published for unknown version ${p.version}`).toBeDefined();
          for (const d of p.diagnostics) {
            expect(rangeInside(text!, d.range), `${d.code} ${JSON.stringify(d.range)} in ${JSON.stringify(text)}`).toBe(true);
            for (const r of d.relatedInformation ?? []) expect(rangeInside(text!, r.location.range)).toBe(true);
          }
        }
      }),
      { numRuns: 60 },
    );
    expect(client.alive).toBe(true);
  }, 120_000);
});
