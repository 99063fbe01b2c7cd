// Regenerates the parts of docs/language.md that are read from the code: each layer's argument
// table (names, types, defaults and one line of doc, from src/compiler/layers), the layer index
// and the vocabularies (activations, initializers, losses, …, from src/compiler/vocab). The prose
// around them is written by hand. Run `npx tsx docs/generate.ts`; test/cli/docs.test.ts fails
// when the committed file no longer matches the registry.
//
// A generated part sits between two comments, which the generator keeps:
//   <!-- generated: args LSTM -->  …  <!-- end generated -->
// Kinds: `args NAME`, `common-args`, `layer-index`, `vocab NAME` (a VocabName or loss, optimizer,
// metric, callback).

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ConfigValue } from '../src/compiler/config-value.ts';
import { isFn, isTuple } from '../src/compiler/config-value.ts';
import type { ArgSpec, ArgType, LayerDef } from '../src/compiler/layers/layer-def.ts';
import { COMMON_ARGS, LAYER_ALIASES, LAYERS } from '../src/compiler/layers/registry.ts';
import { CALLBACKS, LOSSES, METRICS, OPTIMIZERS, VOCABS, type Vocab } from '../src/compiler/vocab/index.ts';

export const LANGUAGE_MD = fileURLToPath(new URL('./language.md', import.meta.url));

/** Every vocabulary a `vocab NAME` section may name. */
export const VOCABULARIES: Readonly<Record<string, Vocab>> = {
  ...VOCABS,
  loss: LOSSES,
  optimizer: OPTIMIZERS,
  metric: METRICS,
  callback: CALLBACKS,
};

const MARKER = /<!-- generated: ([a-z_-]+)(?: ([A-Za-z0-9_]+))? -->\n[\s\S]*?<!-- end generated -->/g;

// ---- values and types as a .rnn file writes them -------------------------------------------------

function isFloat(t: ArgType): boolean {
  return t.kind === 'float' || (t.kind === 'optional' && isFloat(t.inner));
}

function isVocab(t: ArgType): boolean {
  return t.kind === 'vocab' || (t.kind === 'optional' && isVocab(t.inner));
}

export function formatValue(v: ConfigValue, type: ArgType): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return isFloat(type) && Number.isInteger(v) ? v.toFixed(1) : String(v);
  if (typeof v === 'string') return isVocab(type) ? v : JSON.stringify(v);
  if (isTuple(v)) return v.length === 1 ? `(${formatValue(v[0]!, type)},)` : `(${v.map((x) => formatValue(x, type)).join(', ')})`;
  if (isFn(v)) return v.name;
  return 'a layer';
}

function bounds(t: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }): string {
  const { min, max } = t;
  if (min !== undefined && max !== undefined) return ` in ${t.minExclusive ? '(' : '['}${min}, ${max}${t.maxExclusive ? ')' : ']'}`;
  if (min !== undefined) return t.minExclusive ? ` > ${min}` : ` ≥ ${min}`;
  if (max !== undefined) return t.maxExclusive ? ` < ${max}` : ` ≤ ${max}`;
  return '';
}

export function formatType(t: ArgType): string {
  switch (t.kind) {
    case 'int':
      return `int${bounds(t)}`;
    case 'float':
      return `float${bounds(t)}`;
    case 'bool':
      return 'bool';
    case 'string':
      return 'string';
    case 'vocab':
      return t.vocab.replace('_', ' ');
    case 'shape':
      return 'shape';
    case 'ints':
      return 'tuple of int';
    case 'floats':
      return `float or tuple of float${bounds(t)}`;
    case 'float_or_schedule':
      return `float${bounds(t)} or schedule`;
    case 'int_or_tuple':
      return `int${bounds(t)}`;
    case 'layer':
      return t.recurrentOnly ? 'recurrent layer' : 'layer';
    case 'optional':
      return `${formatType(t.inner)} or None`;
  }
}

/** Markdown table cells may not hold a bare `|`. */
const cell = (s: string) => s.replace(/\|/g, '\\|');

function argTable(args: readonly ArgSpec[]): string {
  const rows = args.map((a) => {
    const name = `\`${a.name}\`${a.positional ? ' ¹' : ''}${a.aliases?.length ? ` (also ${a.aliases.map((x) => `\`${x}\``).join(', ')})` : ''}`;
    const def = a.default === undefined ? '*required*' : `\`${formatValue(a.default, a.type)}\``;
    return `| ${name} | ${cell(formatType(a.type))} | ${def} | ${cell(a.doc)} |`;
  });
  return ['| argument | type | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

function layerArgs(name: string): string {
  const def = LAYERS.get(name);
  if (!def) throw new Error(`docs/language.md names a layer the registry does not have: ${name}`);
  const aliases = [...LAYER_ALIASES].filter(([, canonical]) => canonical === name).map(([alias]) => `\`${alias}\``);
  const lines = [`*${def.doc}*`, ''];
  if (def.args.length) lines.push(argTable(def.args));
  else lines.push('No arguments of its own.');
  const notes = [];
  if (def.args.some((a) => a.positional)) notes.push('¹ may be given by position, in this order.');
  if (aliases.length) notes.push(`Also spelt ${aliases.join(', ')}.`);
  if (def.category !== 'input') notes.push('It also takes the [common arguments](#common-arguments).');
  lines.push('', notes.join(' '));
  return lines.join('\n');
}

function layerIndex(): string {
  const rows = [...LAYERS.values()].map(
    (d: LayerDef) => `| [\`${d.name}\`](#${d.name.toLowerCase()}) | ${d.category} | ${d.category === 'input' ? '—' : d.acceptsMask ? 'yes' : 'no (E0306)'} | ${cell(d.doc)} |`,
  );
  return ['| layer | kind | takes a mask | what it does |', '|---|---|---|---|', ...rows].join('\n');
}

function signature(args: readonly ArgSpec[]): string {
  return args.map((a) => (a.default === undefined ? a.name : `${a.name}=${formatValue(a.default, a.type)}`)).join(', ');
}

function vocabTable(name: string): string {
  const vocab = VOCABULARIES[name];
  if (!vocab) throw new Error(`docs/language.md names a vocabulary that does not exist: ${name}`);
  const withArgs = vocab.some((e) => e.args?.length);
  const header = withArgs ? '| name | also accepted | arguments | meaning |' : '| name | also accepted | meaning |';
  const rule = withArgs ? '|---|---|---|---|' : '|---|---|---|';
  const rows = vocab.map((e) => {
    const aliases = (e.aliases ?? []).map((a) => `\`${a}\``).join(', ');
    const args = e.args?.length ? `\`${cell(signature(e.args))}\`` : '';
    return withArgs ? `| \`${e.name}\` | ${aliases} | ${args} | ${cell(e.doc)} |` : `| \`${e.name}\` | ${aliases} | ${cell(e.doc)} |`;
  });
  return [header, rule, ...rows].join('\n');
}

export function section(kind: string, name: string | undefined): string {
  switch (kind) {
    case 'args':
      return layerArgs(name ?? '');
    case 'common-args':
      return argTable(COMMON_ARGS);
    case 'layer-index':
      return layerIndex();
    case 'vocab':
      return vocabTable(name ?? '');
    default:
      throw new Error(`unknown generated section kind: ${kind}`);
  }
}

/** The document with every generated part rewritten from the code. */
export function regenerate(text: string): string {
  return text.replace(MARKER, (_all, kind: string, name: string | undefined) => {
    const head = `<!-- generated: ${kind}${name ? ` ${name}` : ''} -->`;
    return `${head}\n${section(kind, name)}\n<!-- end generated -->`;
  });
}

/** The generated sections the document has, as `kind name` strings. */
export function sectionsIn(text: string): string[] {
  return [...text.matchAll(MARKER)].map((m) => (m[2] ? `${m[1]} ${m[2]}` : m[1]!));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const before = readFileSync(LANGUAGE_MD, 'utf8');
  const after = regenerate(before);
  if (after !== before) writeFileSync(LANGUAGE_MD, after);
  process.stdout.write(`docs/language.md: ${after === before ? 'up to date' : 'regenerated'} (${sectionsIn(after).length} generated sections)\n`);
}
