// Documentation in Markdown for hover and completion, written from the registry and the
// vocabularies (their one line of documentation each), never copied from them.

import { describeType as describeArgType } from '../compiler/args.ts';
import { formatValue } from '../compiler/config-value.ts';
import type { ArgSpec, ArgType, LayerDef } from '../compiler/layers/layer-def.ts';
import type { VocabEntry } from '../compiler/vocab/index.ts';

function bounds(t: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }): string {
  const lo = t.min === undefined ? '' : `${t.min} ${t.minExclusive ? '<' : '≤'} `;
  const hi = t.max === undefined ? '' : ` ${t.maxExclusive ? '<' : '≤'} ${t.max}`;
  return lo || hi ? ` (${lo}x${hi})` : '';
}

/** The argument's type in the checker's words, with its bounds: `a whole number (1 ≤ x)`. */
export function describeType(t: ArgType): string {
  const inner = t.kind === 'optional' ? t.inner : t;
  const range = inner.kind === 'int' || inner.kind === 'float' ? bounds(inner) : '';
  return t.kind === 'optional' ? `${describeArgType(inner)}${range}, or None` : `${describeArgType(t)}${range}`;
}

/** `units=` … the argument's one-line header: its name, type and default. */
export function argHeader(spec: ArgSpec): string {
  const def = spec.default === undefined ? 'required' : `default ${formatValue(spec.default)}`;
  return `${spec.name}: ${describeType(spec.type)}; ${def}`;
}

export function argMarkdown(spec: ArgSpec, owner: string): string {
  const aliases = spec.aliases?.length ? `\n\nAlso written ${spec.aliases.map((a) => `\`${a}\``).join(', ')}.` : '';
  return `\`${owner}(${spec.name}=…)\` — ${describeType(spec.type)}; ${spec.default === undefined ? '**required**' : `default \`${formatValue(spec.default)}\``}\n\n${spec.doc}${aliases}`;
}

/** `LSTM(units, activation=tanh, …)`: the required and positional arguments, then an ellipsis. */
export function signature(name: string, args: readonly ArgSpec[]): string {
  const shown = args.filter((a) => a.default === undefined || a.positional);
  const parts = shown.map((a) => (a.default === undefined ? a.name : `${a.name}=${formatValue(a.default)}`));
  if (shown.length < args.length) parts.push('…');
  return `${name}(${parts.join(', ')})`;
}

export function layerMarkdown(def: LayerDef): string {
  return `\`\`\`rnn\n${signature(def.name, def.args)}\n\`\`\`\n${def.doc}`;
}

export function entryMarkdown(entry: VocabEntry, what: string): string {
  const aliases = entry.aliases?.length ? ` Also written ${entry.aliases.map((a) => `\`${a}\``).join(', ')}.` : '';
  const call = entry.args?.length ? `\`\`\`rnn\n${signature(entry.name, entry.args)}\n\`\`\`\n` : '';
  return `${call}**${entry.name}** (${what}): ${entry.doc}${aliases}`;
}
