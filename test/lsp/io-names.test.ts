// `rnnc lsp` on the names of a model's inputs and outputs inside a train block, spoken to over
// stdio as an editor speaks to it: the names complete inside `x = { … }` / `y = { … }` and the
// per-output records (`loss = { … }`), each with its shape; hovering one shows its shape; a
// misspelt name is E0554 at the name's range with a quick fix to the nearest, which checks clean.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeActionRequest, CompletionRequest, HoverRequest, type CodeAction, type CompletionItem, type Diagnostic, type TextEdit } from 'vscode-languageserver-protocol';
import { check } from '../../src/compiler/check.ts';
import { LspClient } from './client.ts';

let client: LspClient;
let n = 0;

beforeAll(async () => {
  client = await LspClient.start();
}, 60_000);

afterAll(async () => {
  expect(await client?.stop()).toBe(0);
});

const MODEL = `model pair {
  src = Input(shape=(3, 1), name="src")
  tgt = Input(shape=(5, 2), name="tgt")
  h = Concatenate()([LSTM(4)(src), LSTM(4)(tgt)])
  output Dense(1, name="level")(h), Dense(2, activation=sigmoid, name="odds")(h)
}
`;

async function opened(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = `file:///work/io-names${++n}.rnn`;
  await client.open(uri, text);
  return { uri, diagnostics: (await client.diagnosticsFor(uri, 1)).diagnostics };
}

/** Completion where `|` stands, in `marked` (the bar removed). */
async function complete(marked: string): Promise<CompletionItem[]> {
  const offset = marked.indexOf('|');
  const { uri } = await opened(marked.slice(0, offset) + marked.slice(offset + 1));
  const got = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: client.doc(uri).positionAt(offset) });
  return Array.isArray(got) ? got : (got?.items ?? []);
}

describe('rnnc lsp: input and output names in a train block', () => {
  it('completes the inputs in x = { … } and the outputs in y = { … }, without those given, with their shapes', async () => {
    const xs = await complete(`${MODEL}train {\n  loss = mse\n  data = { x = { | }, y = "y.npz" }\n}\n`);
    expect(xs.map((i) => i.label)).toEqual(['src', 'tgt']);
    expect(xs[0]!.detail).toBe('model input: (None, 3, 1)');
    const ys = await complete(`${MODEL}train {\n  loss = mse\n  validation_data = { x = "v.npz", y = { odds = "o.npy", | } }\n}\n`);
    expect(ys.map((i) => [i.label, i.detail])).toEqual([['level', 'model output: (None, 1)']]);
  });

  it('completes the outputs in a per-output loss, loss_weights or metrics record', async () => {
    for (const setting of ['loss', 'loss_weights', 'metrics']) {
      const items = await complete(`${MODEL}train {\n  ${setting === 'loss' ? '' : 'loss = mse\n  '}${setting} = { | }\n}\n`);
      expect(items.map((i) => i.label), setting).toEqual(['level', 'odds']);
    }
  });

  it('hovers a name with its shape', async () => {
    const text = `${MODEL}train {\n  loss = { level = mse, odds = binary_crossentropy }\n  data = { x = { src = "s.npy", tgt = "t.npy" }, y = "y.npz" }\n}\n`;
    const { uri, diagnostics } = await opened(text);
    expect(diagnostics).toEqual([]);
    const hoverAt = async (offset: number) => {
      const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: client.doc(uri).positionAt(offset) });
      return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    };
    expect(await hoverAt(text.indexOf('tgt = "') + 1)).toContain('`tgt`: model input: (None, 5, 2)');
    expect(await hoverAt(text.indexOf('odds = binary') + 1)).toContain('`odds`: model output: (None, 2)');
  });

  it('reports a misspelt input at its name (E0554), with a quick fix to the nearest that checks clean', async () => {
    const text = `${MODEL}train {\n  loss = mse\n  data = { x = { srcc = "s.npy", tgt = "t.npy" }, y = "y.npz" }\n}\n`;
    const { uri, diagnostics } = await opened(text);
    expect(diagnostics.map((d) => d.code)).toEqual(['E0554']);
    const d = diagnostics[0]!;
    const at = text.indexOf('srcc');
    expect(d.range).toEqual({ start: client.doc(uri).positionAt(at), end: client.doc(uri).positionAt(at + 4) });
    const actions = ((await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) ?? []).filter((a): a is CodeAction => 'kind' in a);
    const edits = (actions[0]?.edit?.changes?.[uri] ?? actions[0]?.edit?.documentChanges?.flatMap((c) => ('edits' in c ? c.edits : [])) ?? []) as TextEdit[];
    expect(edits.map((e) => e.newText)).toEqual(['src']);
    const fixed = text.replace('srcc', 'src');
    expect(check(fixed).diagnostics).toEqual([]);
  });
});
