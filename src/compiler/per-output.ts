// Settings a model of several outputs may give once for all or per output, as Keras's compile()
// takes `loss`, `loss_weights` and `metrics` (keras/src/trainers/compile_utils.py): a record keyed
// by the outputs' names (`{ sum = mse, pair = mae }`, Keras's dict) or a list in the outputs'
// order (Keras's list of one entry per output). This file finds each output's expression; the
// train block's checker (train.ts) checks the values.

import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { diagnostic } from '../diagnostics/make.ts';
import type { Expr, RecordExpr } from '../parser/ast.ts';
import type { SourceText } from '../source/text.ts';
import { suggest, type SuggestBudget } from './suggest.ts';

export interface PerOutputRule {
  /** The setting, for messages: `loss`. */
  readonly setting: string;
  /** Keras's CompileLoss wants every output named in a dict; CompileMetrics takes a subset. */
  readonly everyOutput: boolean;
}

export interface PerOutputSite {
  readonly report: (d: Diagnostic) => void;
  readonly source: SourceText;
  readonly suggestions: SuggestBudget;
}

const quoted = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(', ');

/**
 * Each output's expression (undefined for an output a record leaves out), or 'one' when `expr`
 * is one value for all outputs, or undefined after a diagnostic. A list is per output when the
 * model has several outputs and, for metrics (whose single value is itself a list), when it has
 * one item per output — Keras 3's rule: `metrics=["mae", "mse"]` on two outputs gives the first
 * mae and the second mse.
 */
export function perOutputExprs(expr: Expr, outputs: readonly string[], rule: PerOutputRule, site: PerOutputSite, listIsOneValue: boolean): (Expr | undefined)[] | 'one' | undefined {
  if (expr.kind === 'Record') return byName(expr, outputs, rule, site);
  // A bare metric is a list of one.
  const items = expr.kind === 'List' ? expr.items : listIsOneValue && expr.kind !== 'Missing' ? [expr] : null;
  if (!items || outputs.length < 2 || items.length === 0) return 'one';
  if (items.length === outputs.length) return [...items];
  const text = site.source.text.slice(expr.range.start, expr.range.end);
  const list = expr.kind === 'List' ? text : `[${text}]`;
  const record = `{ ${outputs.map((n) => `${n} = ${list}`).join(', ')} }`;
  site.report(
    diagnostic('E0552', expr.range, `the model has ${outputs.length} outputs (${quoted(outputs)}), but \`${rule.setting}\` lists ${items.length} item${items.length === 1 ? '' : 's'}`, {
      label: `one item per output, or a record by output name`,
      hint: listIsOneValue
        ? `Keras 3 takes a model's metrics per output: a record such as \`${record}\`, or a list with one item (a metric or a list of them) per output`
        : `give one item per output, in their order, or a record by name: \`{ ${outputs.map((n) => `${n} = …`).join(', ')} }\``,
      ...(listIsOneValue ? { fixes: [{ title: 'the same metrics for every output', edits: [{ range: expr.range, newText: record }] }] } : {}),
    }),
  );
  return undefined;
}

function byName(expr: RecordExpr, outputs: readonly string[], rule: PerOutputRule, site: PerOutputSite): (Expr | undefined)[] | undefined {
  const found = new Map<string, Expr>();
  let ok = true;
  for (const e of expr.entries) {
    const name = e.key.name;
    if (outputs.includes(name) && !found.has(name)) {
      found.set(name, e.value);
      continue;
    }
    ok = false;
    if (found.has(name)) {
      site.report(diagnostic('E0551', e.key.range, `\`${rule.setting}\` names the output \`${name}\` twice`, { label: 'second time', hint: 'keep one' }));
      continue;
    }
    const [best] = suggest(name, outputs, 1, site.suggestions);
    site.report(
      diagnostic('E0551', e.key.range, `the model has no output \`${name}\``, {
        label: best ? `did you mean \`${best}\`?` : 'no such output',
        hint: `the model's outputs are ${quoted(outputs)}, named by the layers that make them (\`name="…"\` names a layer)`,
        ...(best ? { fixes: [{ title: `change to \`${best}\``, edits: [{ range: e.key.range, newText: best }] }] } : {}),
      }),
    );
  }
  if (!ok) return undefined;
  const missing = outputs.filter((n) => !found.has(n));
  if (rule.everyOutput && missing.length) {
    site.report(
      diagnostic('E0553', expr.range, `\`${rule.setting}\` gives nothing for the output${missing.length === 1 ? '' : 's'} ${quoted(missing)}`, {
        label: `no ${quoted(missing)}`,
        hint: `Keras's compile() wants every output in a ${rule.setting} record: add ${missing.map((n) => `\`${n} = …\``).join(', ')}`,
      }),
    );
    return undefined;
  }
  return outputs.map((n) => found.get(n));
}
