// Completion: layer names where a statement starts, the arguments of the call being typed
// (without those already given), the values an argument or a train setting takes (activations,
// initializers, losses, optimizers, …), names bound in a functional model where a tensor goes,
// and the settings of a train block — each with its documentation.

import { CompletionItemKind, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import { LAYERS } from '../compiler/layers/registry.ts';
import { DECODE_SETTINGS } from '../compiler/decode-spec.ts';
import type { Vocab } from '../compiler/vocab/index.ts';
import type { Analysis } from './analysis.ts';
import { completionContext, type Frame } from './completion-context.ts';
import { argHeader, argMarkdown } from './docs.ts';
import { types } from './hover.ts';
import { recordKeyItems } from './io-names.ts';
import { valueTypes } from './model-index.ts';
import { modelDecls } from './syntax.ts';
import {
  argNamed,
  choicesFor,
  layerChoices,
  positionalArg,
  resolveCallee,
  settingChoices,
  trainSetting,
  TRAIN_SETTINGS,
  type Callee,
  vocabOf,
  type Choice,
} from './vocabulary.ts';

const KIND = { value: CompletionItemKind.EnumMember, layer: CompletionItemKind.Class, constant: CompletionItemKind.Constant } as const;

function fromChoice(c: Choice, rank = 1): CompletionItem {
  const item: CompletionItem = { label: c.label, kind: KIND[c.kind], detail: c.detail, sortText: `${rank}${c.alias ? 1 : 0}${c.label}` };
  if (c.doc) item.documentation = { kind: MarkupKind.Markdown, value: c.doc };
  return item;
}

function keyword(label: string, detail: string): CompletionItem {
  return { label, kind: CompletionItemKind.Keyword, detail, sortText: `2${label}` };
}

export function completion(a: Analysis, offset: number): CompletionItem[] {
  const { slot } = completionContext(a.text, a.tokens(), offset);
  switch (slot.kind) {
    case 'none':
      return [];
    case 'top':
      return [keyword('model', 'model NAME { … }'), keyword('train', 'train [MODEL] { … }'), keyword('decode', 'decode [MODEL] { feed = …, start = …, end = … }: how the model generates')];
    case 'train-name':
      return a.result.models.filter((m) => m.name).map((m) => ({ label: m.name, kind: CompletionItemKind.Module, detail: `model (${m.kind})` }));
    case 'statement':
      return [...layerChoices('statement').map((c) => fromChoice(c)), keyword('output', 'output NAME, …: what a functional model returns')];
    case 'tensor':
      return boundNames(a, offset);
    case 'setting':
      if (slot.frame.kind === 'decode') return decodeSettings(slot.frame);
      return TRAIN_SETTINGS.filter((s) => !slot.frame.given.has(s.name)).map((s, i) => ({
        label: s.name,
        kind: CompletionItemKind.Property,
        insertText: `${s.name} = `,
        documentation: { kind: MarkupKind.Markdown, value: s.doc },
        sortText: String(i).padStart(2, '0'),
      }));
    case 'argument':
      return slot.frame.kind === 'apply' ? applyArguments(a, offset, slot.frame) : callArguments(slot.frame);
    case 'record-key':
      return recordKeyItems(a, offset, slot.frame);
    case 'value':
      if (slot.frame.kind === 'decode') return slot.key === 'feed' ? inputNames(a, offset) : slot.key === 'start' || slot.key === 'end' ? textTokens(a, slot.key) : [];
      return values(a, offset, slot.frame, slot.key);
  }
}

/** The vocabulary a call in this frame is expected to come from (`optimizer = Adam(`). */
function expectedVocab(f: Frame): Vocab | undefined {
  let holder = f.parent;
  let key = f.parentKey;
  if (holder?.kind === 'list') {
    key = holder.parentKey;
    holder = holder.parent;
  }
  if (!holder) return undefined;
  if (holder.kind === 'train') return key === undefined ? undefined : trainSetting(key)?.vocab;
  if (holder.kind === 'call' && holder.callee) {
    const owner = resolveCallee(holder.callee, expectedVocab(holder));
    const spec = owner && (key !== undefined ? argNamed(owner, key) : positionalArg(owner, f.parentPosition ?? 0));
    return spec ? vocabOf(spec.type) : undefined;
  }
  return undefined;
}

function calleeOf(f: Frame): Callee | undefined {
  return f.callee ? resolveCallee(f.callee, expectedVocab(f)) : undefined;
}

function callArguments(f: Frame): CompletionItem[] {
  const callee = calleeOf(f);
  if (!callee) return [];
  const owner = callee.kind === 'layer' ? callee.def.name : callee.entry.name;
  const given = (name: string) => f.given.has(name) || callee.args.some((s) => s.name === name && s.aliases?.some((x) => f.given.has(x)));
  // Positional arguments already given count as given.
  const positional = callee.args.filter((s) => s.positional).slice(0, f.positional);
  const items: CompletionItem[] = callee.args
    .filter((s) => !given(s.name) && !positional.includes(s))
    .map((s, i) => ({
      label: `${s.name}=`,
      filterText: s.name,
      insertText: `${s.name}=`,
      kind: CompletionItemKind.Property,
      detail: argHeader(s),
      documentation: { kind: MarkupKind.Markdown, value: argMarkdown(s, owner) },
      sortText: `0${s.default === undefined ? 0 : 1}${String(i).padStart(3, '0')}`,
    }));
  // The next positional argument's values too: `Bidirectional(` offers the recurrent layers.
  const next = positionalArg(callee, f.positional);
  if (next && !f.given.has(next.name)) items.push(...choicesFor(next.type).map((c) => fromChoice(c)));
  return items;
}

function applyArguments(a: Analysis, offset: number, f: Frame): CompletionItem[] {
  const items = boundNames(a, offset);
  const def = f.callee ? LAYERS.get(f.callee) : undefined;
  const recurrent = def?.category === 'recurrent' || def?.name === 'Bidirectional';
  if (recurrent && !f.given.has('initial_state')) {
    items.push({
      label: 'initial_state=',
      filterText: 'initial_state',
      kind: CompletionItemKind.Property,
      insertText: 'initial_state=[',
      documentation: { kind: MarkupKind.Markdown, value: 'The starting states of the recurrent layer: `[h]`, or `[h, c]` for an LSTM.' },
      sortText: '3initial_state',
    });
  }
  return items;
}

function values(a: Analysis, offset: number, f: Frame, key: string): CompletionItem[] {
  if (f.kind === 'train') return settingChoices(key).map((c) => fromChoice(c));
  if (f.kind === 'apply') return key === 'initial_state' ? boundNames(a, offset) : [];
  if (f.kind !== 'call') return [];
  const callee = calleeOf(f);
  const spec = callee && argNamed(callee, key);
  return spec ? choicesFor(spec.type).map((c) => fromChoice(c)) : [];
}

/** Names bound before the cursor in the functional model around it, with their types. */
function boundNames(a: Analysis, offset: number): CompletionItem[] {
  const decl = modelDecls(a.result.parse.file).find((m) => m.range.start <= offset && offset <= m.range.end);
  if (!decl) return [];
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const s of decl.body) {
    if (s.kind !== 'BindStmt' || s.range.end > offset) continue;
    for (const t of s.targets) {
      if (t.name === '_' || seen.has(t.name)) continue;
      seen.add(t.name);
      const ts = valueTypes(a, decl, { kind: 'Name', name: t.name, range: t.range });
      items.push({ label: t.name, kind: CompletionItemKind.Variable, ...(ts ? { detail: types(ts).replaceAll('`', '') } : {}), sortText: `0${t.name}` });
    }
  }
  return items;
}

/** The decode block's settings not yet given (compiler/decode-spec.ts). */
function decodeSettings(f: Frame): CompletionItem[] {
  return DECODE_SETTINGS.filter((s) => !f.given.has(s.name)).map((s, i) => ({
    label: s.name,
    kind: CompletionItemKind.Property,
    insertText: `${s.name} = `,
    detail: s.value,
    documentation: { kind: MarkupKind.Markdown, value: s.doc },
    sortText: String(i).padStart(2, '0'),
  }));
}

/** `start = ` / `end = ` in a file with a text input: Keras's "[start]" / "[end]", which a fed text
 *  input reserves in its vocabulary (compiler/decode-text.ts). A feed of ids takes ids instead. */
function textTokens(a: Analysis, key: 'start' | 'end'): CompletionItem[] {
  const text = a.result.parse.file.decls.some((d) => d.kind === 'Model' && d.body.some((s) => s.kind === 'BindStmt' && s.value.kind === 'Call' && s.value.callee.name === 'Input' && s.value.args.args.some((arg) => arg.name?.name === 'dtype' && arg.value.kind === 'Name' && arg.value.name === 'string')));
  if (!text) return [];
  const token = key === 'start' ? '"[start]"' : '"[end]"';
  return [{ label: token, kind: CompletionItemKind.Constant, detail: `the ${key} token as text: a reserved id of the fed TextVectorization's vocabulary` }];
}

/** `feed = `: the names the file binds to Input layers, the inputs a decode block can feed back. */
function inputNames(a: Analysis, offset: number): CompletionItem[] {
  const file = a.result.parse.file;
  const names = new Set<string>();
  for (const d of file.decls) {
    if (d.kind !== 'Model' || d.range.start > offset) continue;
    for (const s of d.body) if (s.kind === 'BindStmt' && s.targets.length === 1 && s.value.kind === 'Call' && s.value.callee.name === 'Input') names.add(s.targets[0]!.name);
  }
  return [...names].map((name) => ({ label: name, kind: CompletionItemKind.Variable, detail: 'model input' }));
}
