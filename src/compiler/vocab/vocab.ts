// A vocabulary: the named values an argument may take (activations, initializers, losses, …),
// each with its canonical Keras name, the other spellings Keras accepts, one line of
// documentation, and — for parameterised entries — its arguments with Keras's defaults.

import type { ConfigValue, FnValue } from '../config-value.ts';
import type { ArgSpec } from '../layers/layer-def.ts';

export interface VocabEntry {
  /** Canonical name: Keras's serialised name (`glorot_uniform`, `mean_squared_error`, `adam`). */
  readonly name: string;
  /** Other accepted spellings: Keras class names and short aliases (`GlorotUniform`, `mse`). */
  readonly aliases?: readonly string[];
  readonly doc: string;
  /** Present for entries written as calls (`l2(0.01)`, `Adam(learning_rate=1e-3)`). */
  readonly args?: readonly ArgSpec[];
}

export type Vocab = readonly VocabEntry[];

interface Index {
  readonly exact: ReadonlyMap<string, VocabEntry>;
  readonly folded: ReadonlyMap<string, VocabEntry | 'ambiguous'>;
}

const indexes = new WeakMap<Vocab, Index>();

function indexOf(vocab: Vocab): Index {
  let index = indexes.get(vocab);
  if (index) return index;
  const exact = new Map<string, VocabEntry>();
  const folded = new Map<string, VocabEntry | 'ambiguous'>();
  for (const entry of vocab) {
    for (const spelling of [entry.name, ...(entry.aliases ?? [])]) {
      exact.set(spelling, entry);
      const key = spelling.toLowerCase();
      const seen = folded.get(key);
      folded.set(key, seen === undefined || seen === entry ? entry : 'ambiguous');
    }
  }
  index = { exact, folded };
  indexes.set(vocab, index);
  return index;
}

/**
 * Finds an entry by canonical name or alias: case-sensitively first, then ignoring case
 * (Keras's optimizer lookup lowercases, so `Adam` and `adam` both work; we extend that to
 * every vocabulary). A case-insensitive match that fits two entries finds nothing.
 */
export function lookupIn(vocab: Vocab, name: string): VocabEntry | undefined {
  const index = indexOf(vocab);
  const hit = index.exact.get(name);
  if (hit) return hit;
  const folded = index.folded.get(name.toLowerCase());
  return folded === 'ambiguous' ? undefined : folded;
}

/** Every accepted spelling, canonical names first: for "did you mean" and completion. */
export function spellings(vocab: Vocab): string[] {
  return [...vocab.map((e) => e.name), ...vocab.flatMap((e) => e.aliases ?? [])];
}

/** The entry's arguments with their defaults, as a checked value would hold them. */
export function defaultArgs(entry: VocabEntry): Record<string, ConfigValue> {
  const args: Record<string, ConfigValue> = {};
  for (const a of entry.args ?? []) if (a.default !== undefined) args[a.name] = a.default;
  return args;
}

/** The checked value of `name` written bare: `glorot_uniform` → glorot_uniform(seed=None). */
export function fnDefault(vocab: Vocab, name: string): FnValue {
  const entry = lookupIn(vocab, name);
  if (!entry) throw new Error(`internal: ${name} is not in the vocabulary`);
  return { kind: 'fn', name: entry.name, args: defaultArgs(entry) };
}
