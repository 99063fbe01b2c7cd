// The fuzz targets: what rnnc is fed and what must hold for any input. npm test runs each for a
// few seeded cases (test/fuzz/fuzz.test.ts); `npm run fuzz -- --minutes 60` runs them for as long
// as asked (test/fuzz/run.ts), keeping fast-check's shrunk counterexamples.
//
// Invariants: no exception escapes (only RnncError, with a catalogued code of its group and a
// location inside the file, for bad files), diagnostics and answers point inside the text, fmt reaches a fixed point and keeps the
// tree and the comments, the language server's copy of a document is the editor's, and its
// diagnostics are `rnnc check --format json`'s. A hang is caught by the long runner's watchdog.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  type Diagnostic as LspDiagnostic,
} from 'vscode-languageserver-protocol';
import { check } from '../../src/compiler/check.ts';
import { summary } from '../../src/compiler/summary.ts';
import { codeInfo } from '../../src/diagnostics/codes.ts';
import { renderFrame, renderLocated } from '../../src/diagnostics/render-frame.ts';
import { toJson, toJsonLocated, type JsonDiagnostic } from '../../src/diagnostics/render-json.ts';
import { format } from '../../src/format/format.ts';
import { Analysis } from '../../src/lsp/analysis.ts';
import { completion } from '../../src/lsp/completion.ts';
import { Documents } from '../../src/lsp/documents.ts';
import { codeActions, formatting } from '../../src/lsp/edits.ts';
import { hover } from '../../src/lsp/hover.ts';
import { inlayHints } from '../../src/lsp/inlay-hints.ts';
import { nameAt } from '../../src/lsp/names.ts';
import { documentSymbols } from '../../src/lsp/symbols.ts';
import { loadData } from '../../src/runtime/data/load.ts';
import { RnncError } from '../../src/runtime/errors.ts';
import { loadModelFiles } from '../../src/runtime/save/load.ts';
import { saveModel } from '../../src/runtime/save/save.ts';
import { weightEntries } from '../../src/runtime/save/weights-file.ts';
import { expectSound } from '../compiler/sound.ts';
import { commentTexts, treeOf } from '../format/tree.ts';
import { LspClient } from '../lsp/client.ts';
import { rangeInside, rangesIn } from '../lsp/ranges.ts';
import { dataCase, damage, replaceValue, savedDamage, type DataCase, type SavedDamage } from './data-files.ts';
import { applyChanges, editorPosition, type EditorChange } from './editor.ts';
import { editSequence } from './lsp-edits.ts';
import { anyProgram, validProgram } from './programs.ts';

export interface FuzzTarget<T = never> {
  readonly name: string;
  readonly about: string;
  readonly arbitrary: fc.Arbitrary<T>;
  /** Throws when an invariant breaks. */
  readonly run: (input: T) => void | Promise<void>;
  readonly async?: true;
  /** Cases in npm test's short, seeded run. */
  readonly testRuns: number;
  readonly setup?: () => Promise<void>;
  readonly teardown?: () => Promise<void>;
}

function expectInside(a: Analysis, answer: unknown, what: string): void {
  for (const r of rangesIn(answer)) expect(rangeInside(a.text, r), `${what}: ${JSON.stringify(r)}`).toBe(true);
}

/** A bad file must be refused with a catalogued code of `group` and a message for people. */
function expectRefusal(e: unknown, groups: readonly string[]): void {
  if (!(e instanceof RnncError)) throw e;
  expect(groups.some((g) => e.code.startsWith(g)), `${e.code}: ${e.message}`).toBe(true);
  expect(codeInfo(e.code), e.code).toBeDefined();
  expect(e.message, e.code).not.toMatch(/undefined|\[object|function |RangeError|TypeError/);
  expect(e.hint ?? 'no hint', e.code).not.toMatch(/undefined|\[object/);
  expectLocated(e);
}

/** An error's location is in its file: a byte at most its length, a line the file's own text with
 *  its columns on it; and it renders, as text and JSON. */
function expectLocated(e: RnncError): void {
  const l = e.location;
  const what = `${e.code} at ${e.where}`;
  if ('offset' in l) expect(l.offset >= 0 && l.offset <= readFileSync(l.file).length, what).toBe(true);
  if ('line' in l) {
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(readFileSync(l.file)).split('\n').map((t) => t.replace(/\r$/, ''));
    const unBom = (t: string) => t.replace(/^\uFEFF/, '');
    expect(unBom(lines[l.line - 1] ?? 'no such line'), what).toBe(unBom(l.text ?? ''));
    const end = l.endColumn ?? l.column;
    expect(l.column >= 1 && end >= l.column && end <= (l.text ?? '').length + 2, what).toBe(true);
  }
  expect(renderLocated(e)).toContain(`error[${e.code}]`);
  expect(toJsonLocated(e)).toMatchObject({ code: e.code, message: e.message });
}

const programTarget: FuzzTarget<string> = {
  name: 'check',
  about: 'check, the code frames and the JSON of random and mutated programs',
  arbitrary: anyProgram,
  testRuns: 400,
  run(text) {
    const r = check(text, 'p.rnn');
    expectSound(text, r);
    for (const d of r.diagnostics) {
      renderFrame(d, r.parse.source);
      toJson(d, r.parse.source);
    }
  },
};

const formatTarget: FuzzTarget<{ text: string; valid: boolean }> = {
  name: 'fmt',
  about: 'fmt on valid programs (fixed point, same tree, same comments) and on broken ones (no exception)',
  arbitrary: fc.oneof(validProgram.map((text) => ({ text, valid: true })), anyProgram.map((text) => ({ text, valid: false }))),
  testRuns: 300,
  run({ text, valid }) {
    const once = format(text);
    if (valid) expect(once.ok, text).toBe(true);
    if (!once.ok) return;
    const twice = format(once.text);
    expect(twice.ok && twice.text, text).toBe(once.text);
    expect(treeOf(once.text), text).toEqual(treeOf(text));
    expect(commentTexts(once.text), text).toEqual(commentTexts(text));
    // The meaning too: the checker says the same of both.
    expect(check(once.text, 'p.rnn').diagnostics.map((d) => d.code), text).toEqual(check(text, 'p.rnn').diagnostics.map((d) => d.code));
  },
};

const summaryTarget: FuzzTarget<{ text: string; columns: number | undefined }> = {
  name: 'summary',
  about: 'the summary table of every checked model, at any terminal width',
  arbitrary: fc.record({ text: anyProgram, columns: fc.option(fc.oneof(fc.integer({ min: -5, max: 30 }), fc.integer({ min: 0, max: 300 })), { nil: undefined }) }),
  testRuns: 200,
  run({ text, columns }) {
    for (const m of check(text, 'p.rnn').models) {
      const table = summary(m, columns === undefined ? {} : { terminalColumns: columns })
        .split('\n')
        .filter((l) => /^[┏┃┡│├└]/.test(l));
      expect(new Set(table.map((l) => l.length)).size, `${columns} ${text}`).toBeLessThanOrEqual(1);
    }
  },
};

const featuresTarget: FuzzTarget<{ text: string; offsets: number[] }> = {
  name: 'lsp-features',
  about: 'completion, hover, inlay hints, symbols, code actions, formatting, definitions, in process',
  arbitrary: fc.record({ text: anyProgram, offsets: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }) }),
  testRuns: 200,
  run({ text, offsets }) {
    const a = new Analysis('file:///f.rnn', 1, text);
    expectInside(a, inlayHints(a, 0, text.length), 'inlay hints');
    expectInside(a, documentSymbols(a), 'symbols');
    expectInside(a, formatting(a), 'formatting');
    for (const raw of offsets) {
      const at = raw % (text.length + 1);
      expectInside(a, completion(a, at), `completion at ${at}`);
      expectInside(a, hover(a, at), `hover at ${at}`);
      expectInside(a, codeActions(a, at, Math.min(text.length, at + (raw % 7)), true), `code actions at ${at}`);
      const name = nameAt(a, at);
      if (name) for (const r of [name.at, name.definition, ...name.occurrences]) if (r) expectInside(a, a.range(r), `name at ${at}`);
    }
  },
};

const documentsTarget: FuzzTarget<{ start: string; steps: EditorChange[][] }> = {
  name: 'lsp-documents',
  about: "the server's copy of a document against the editor's after random edits, in process",
  arbitrary: editSequence,
  testRuns: 300,
  run({ start, steps }) {
    const docs = new Documents();
    docs.open('file:///d.rnn', 1, start);
    let editor = start;
    steps.forEach((changes, i) => {
      docs.change('file:///d.rnn', i + 2, changes);
      editor = applyChanges(editor, changes);
      expect(docs.analysis('file:///d.rnn')!.text).toBe(editor);
    });
  },
};

/** The LSP diagnostics `rnnc check --format json`'s output stands for. */
export function lspFromJson(j: JsonDiagnostic, uri: string): Partial<LspDiagnostic> {
  const range = (s: { line: number; column: number; endLine: number; endColumn: number }) => ({ start: { line: s.line - 1, character: s.column - 1 }, end: { line: s.endLine - 1, character: s.endColumn - 1 } });
  return {
    range: range(j),
    code: j.code,
    message: j.hint ? `${j.message}\nhelp: ${j.hint}` : j.message,
    ...(j.related.length ? { relatedInformation: j.related.map((r) => ({ location: { uri, range: range(r) }, message: r.message })) } : {}),
  };
}

let client: LspClient | undefined;
let documentCount = 0;

const serverTarget: FuzzTarget<{ start: string; steps: EditorChange[][] }> = {
  name: 'lsp-server',
  about: 'rnnc lsp under random edit sequences: the same text as the editor, the diagnostics of rnnc check --format json, nothing logged',
  arbitrary: editSequence,
  async: true,
  testRuns: 25,
  async setup() {
    client = await LspClient.start();
  },
  async teardown() {
    const code = await client?.stop();
    client = undefined;
    expect(code).toBe(0);
  },
  async run({ start, steps }) {
    const c = client!;
    const uri = `file:///fuzz/doc${++documentCount}.rnn`;
    const logged = c.logs.length;
    await c.open(uri, start);
    let editor = start;
    let version = 1;
    for (const changes of steps) {
      editor = applyChanges(editor, changes);
      await c.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: ++version }, contentChanges: changes });
    }
    const final = await c.diagnosticsFor(uri, version);
    expect(final.version).toBe(version);
    const r = check(editor, uri);
    const expected = r.diagnostics.map((d) => lspFromJson(toJson(d, r.parse.source), uri));
    expect(final.diagnostics.map((d) => ({ range: d.range, code: d.code, message: d.message, ...(d.relatedInformation ? { relatedInformation: d.relatedInformation } : {}) })), JSON.stringify(editor)).toEqual(expected);
    // Positions the editor computes on its text must be the server's: the end of the text.
    expect(final.diagnostics.every((d) => d.range.end.line <= editorPosition(editor, editor.length).line)).toBe(true);
    await c.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    expect(c.logs.slice(logged), 'the server logged a failure').toEqual([]);
    expect(c.alive).toBe(true);
  },
};

/** Models the data is loaded for: (None, 5, 1) floats, int32 ids into an Embedding, (None, None, 1). */
const DATA_MODELS = [
  'model m { LSTM(1, input=(5, 1)) }\ntrain { loss = mae }',
  'model m { Embedding(100, 8, mask_zero=true, input=(None,)) LSTM(4) Dense(1, activation=sigmoid) }\ntrain { loss = binary_crossentropy }',
  'model m { SimpleRNN(4, return_sequences=true, input=(None, 1)) Dense(3, activation=softmax) }\ntrain { loss = sparse_categorical_crossentropy }',
].map((source) => check(source, 'm.rnn').models[0]!);

const dataTarget: FuzzTarget<DataCase> = {
  name: 'data',
  about: 'damaged and made-up .npy, JSON Lines, CSV and IDX files: loaded finite, or refused with an E06 code',
  arbitrary: dataCase,
  testRuns: 300,
  run({ files, request, labels, model }) {
    const dir = mkdtempSync(join(tmpdir(), 'rnnc-fuzz-data-'));
    try {
      for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
      let loaded;
      try {
        loaded = loadData(request, DATA_MODELS[model]!, dir, labels);
      } catch (e) {
        expectRefusal(e, ['E06']);
        return;
      }
      for (const a of [...loaded.x, ...(loaded.y ? [loaded.y] : [])]) expect(a.data.every((v) => Number.isFinite(v)), 'loaded data is finite').toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

const SAVED_MODEL = check('model m {\n  LSTM(3, return_sequences=true, input=(None, 2))\n  Dense(1)\n}\ntrain { loss = mse }\n', 'm.rnn').models[0]!;

const savedTarget: FuzzTarget<SavedDamage[]> = {
  name: 'saved-model',
  about: 'damaged model.json and weights.bin: loaded, or refused with an E08 code',
  arbitrary: savedDamage,
  async: true,
  testRuns: 100,
  async run(damages) {
    const dir = mkdtempSync(join(tmpdir(), 'rnnc-fuzz-saved-'));
    try {
      const weights = weightEntries(SAVED_MODEL).map((e, i) => ({ ...e, dtype: 'float32' as const, data: new Float32Array(e.shape.reduce((a, b) => a * b, 1)).fill(i / 10) }));
      await saveModel(join(dir, 'saved'), SAVED_MODEL, weights);
      const path = (f: string) => join(dir, 'saved', f);
      for (const d of damages) {
        const bytes = new Uint8Array(readFileSync(path(d.file)));
        if (d.file === 'weights.bin') writeFileSync(path(d.file), d.edits.reduce(damage, bytes));
        else if (d.kind === 'text') writeFileSync(path(d.file), d.edits.reduce(damage, bytes));
        else {
          let json: unknown;
          try {
            json = JSON.parse(new TextDecoder().decode(bytes));
          } catch {
            continue;
          }
          writeFileSync(path(d.file), JSON.stringify(replaceValue(json, d.pick, d.value)) ?? 'null');
        }
      }
      try {
        const files = await loadModelFiles(path(''), SAVED_MODEL);
        expect(files.weights).toHaveLength(weights.length);
      } catch (e) {
        expectRefusal(e, ['E08']);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export const TARGETS: readonly FuzzTarget<any>[] = [programTarget, formatTarget, summaryTarget, featuresTarget, documentsTarget, serverTarget, dataTarget, savedTarget];
