// What a name means where it is written, for hover and completion: a call's callee is a layer
// or a vocabulary entry (`Adam`, `l2`, `EarlyStopping`), an argument's spec gives the values it
// takes, and a train block's settings take losses, optimizers, metrics and callbacks. Everything
// is read from the registry and the vocabularies.

import { TRAIN_SETTINGS as SETTINGS, type SettingSpec } from '../compiler/train-spec.ts';
import { trainVocab } from '../compiler/vocab-access.ts';
import { entryMarkdown, layerMarkdown } from './docs.ts';
import type { ArgSpec, ArgType, LayerDef } from '../compiler/layers/layer-def.ts';
import { allArgs, LAYERS, lookupLayer } from '../compiler/layers/registry.ts';
import { CALLBACKS, CONSTRAINTS, INITIALIZERS, LOSSES, lookup, METRICS, OPTIMIZERS, REGULARIZERS, VOCABS, type Vocab, type VocabEntry } from '../compiler/vocab/index.ts';

export type Callee =
  | { readonly kind: 'layer'; readonly def: LayerDef; readonly args: readonly ArgSpec[] }
  | { readonly kind: 'entry'; readonly entry: VocabEntry; readonly what: string; readonly args: readonly ArgSpec[] };

/** The vocabularies whose entries may be called, with what to call their entries. */
const CALLABLE: readonly (readonly [Vocab, string])[] = [
  [OPTIMIZERS, 'optimizer'],
  [LOSSES, 'loss'],
  [CALLBACKS, 'callback'],
  [INITIALIZERS, 'initializer'],
  [REGULARIZERS, 'regularizer'],
  [CONSTRAINTS, 'constraint'],
  [METRICS, 'metric'],
];

const WHAT = new Map<Vocab, string>([...CALLABLE.map(([v, w]) => [v, w] as const), ...Object.entries(VOCABS).map(([name, v]) => [v, name.replace('_', ' ')] as const)]);

export function vocabWhat(vocab: Vocab): string {
  return WHAT.get(vocab) ?? 'value';
}

/** What `name(…)` calls: a layer, or an entry of the expected vocabulary, or of any. */
export function resolveCallee(name: string, expected?: Vocab): Callee | undefined {
  if (expected) {
    const entry = lookup(expected, name);
    if (entry) return { kind: 'entry', entry, what: vocabWhat(expected), args: entry.args ?? [] };
  }
  const def = lookupLayer(name);
  if (def) return { kind: 'layer', def, args: allArgs(def) };
  for (const [vocab, what] of CALLABLE) {
    const entry = lookup(vocab, name);
    if (entry) return { kind: 'entry', entry, what, args: entry.args ?? [] };
  }
  return undefined;
}

/** An argument of the callee by its name or an alias of it. */
export function argNamed(callee: Callee, name: string): ArgSpec | undefined {
  return callee.args.find((a) => a.name === name || a.aliases?.includes(name));
}

/** The argument a positional value at this index fills. */
export function positionalArg(callee: Callee, index: number): ArgSpec | undefined {
  return callee.args.filter((a) => a.positional)[index];
}

/** A value an argument of this type may take, with its documentation. */
export interface Choice {
  readonly label: string;
  readonly detail: string;
  /** Markdown. */
  readonly doc: string;
  readonly kind: 'value' | 'layer' | 'constant';
  /** An alias of another choice: sorted after the canonical names. */
  readonly alias?: boolean;
}

export function entryChoices(vocab: Vocab): Choice[] {
  const what = vocabWhat(vocab);
  return vocab.flatMap((e) => {
    const doc = entryMarkdown(e, what);
    return [
      { label: e.name, detail: what, doc, kind: 'value' as const },
      ...(e.aliases ?? []).map((a) => ({ label: a, detail: `${what}, same as ${e.name}`, doc, kind: 'value' as const, alias: true })),
    ];
  });
}

/** Layer names: the recurrent ones, every layer, or every layer and `Input` (a statement's start). */
export function layerChoices(which: 'recurrent' | 'layers' | 'statement'): Choice[] {
  return [...LAYERS.values()]
    .filter((d) => (which === 'recurrent' ? d.category === 'recurrent' : which === 'statement' || d.category !== 'input'))
    .map((d) => ({ label: d.name, detail: `${d.category} layer`, doc: layerMarkdown(d), kind: 'layer' as const }));
}

/** The vocabulary an argument of this type draws from. */
export function vocabOf(t: ArgType): Vocab | undefined {
  if (t.kind === 'optional') return vocabOf(t.inner);
  return t.kind === 'vocab' ? VOCABS[t.vocab] : t.kind === 'float_or_schedule' ? VOCABS.schedule : undefined;
}

export function choicesFor(type: ArgType): Choice[] {
  switch (type.kind) {
    case 'vocab':
      return entryChoices(VOCABS[type.vocab]);
    case 'float_or_schedule':
      return entryChoices(VOCABS.schedule);
    case 'bool':
      return ['true', 'false'].map((b) => ({ label: b, detail: 'bool', doc: '', kind: 'constant' as const }));
    case 'layer':
      return layerChoices(type.recurrentOnly ? 'recurrent' : 'layers');
    case 'optional':
      return [...choicesFor(type.inner), { label: 'None', detail: 'none', doc: 'No value.', kind: 'constant' }];
    default:
      return [];
  }
}

/** A setting of the train block, as completion and hover show it (src/compiler/train-spec.ts
 *  declares them). */
export interface TrainSetting {
  readonly name: string;
  readonly doc: string;
  /** Entries of this vocabulary, or values of this type. */
  readonly vocab?: Vocab;
  readonly type?: ArgType;
}

export const TRAIN_SETTINGS: readonly TrainSetting[] = SETTINGS.map((s: SettingSpec) => ({
  name: s.name,
  doc: s.doc,
  ...(s.value.kind === 'entry' || s.value.kind === 'entries' ? { vocab: trainVocab(s.value.vocab) } : {}),
  ...(s.value.kind === 'value' ? { type: s.value.type } : {}),
}));

export function trainSetting(name: string): TrainSetting | undefined {
  return TRAIN_SETTINGS.find((s) => s.name === name);
}

/** The values a train setting takes. */
export function settingChoices(name: string): Choice[] {
  const setting = trainSetting(name);
  if (setting?.vocab) return entryChoices(setting.vocab);
  return setting?.type ? choicesFor(setting.type) : [];
}
