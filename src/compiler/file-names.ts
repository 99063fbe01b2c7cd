// The names in a train block's records of files per input or output
// (`data = { x = { src = "src.npy", tgt = "tgt.npy" }, y = { … } }`, and validation_data's),
// checked against the model as the loaders would find them (runtime/data/named.ts): a name that
// is no input (output) is E0554 with the nearest name as a fix, an input (output) the record
// gives no file E0555 — at check time, with the name's range, rather than when the data loads.

import { diagnostic } from '../diagnostics/make.ts';
import type { Entry, RecordExpr } from '../parser/ast.ts';
import type { CheckContext } from './context.ts';
import { inputNames, outputNames } from './io-names.ts';
import type { ModelBody } from './sequential.ts';
import { suggest } from './suggest.ts';

/** The settings whose records name files per input and output. */
const FILE_SETTINGS = ['data', 'validation_data'] as const;

const quoted = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(', ');

/** Whether every named record of files fits the model's inputs and outputs. */
export function checkFileNames(given: ReadonlyMap<string, Entry>, body: ModelBody, ctx: CheckContext, checked: (setting: string) => boolean): boolean {
  let ok = true;
  for (const setting of FILE_SETTINGS) {
    const value = checked(setting) ? given.get(setting)?.value : undefined;
    if (value?.kind !== 'Record') continue;
    for (const e of value.entries) {
      if (e.value.kind !== 'Record') continue;
      if (e.key.name === 'x' && !checkRecord(e.value, inputNames(body), 'input', setting, ctx)) ok = false;
      if (e.key.name === 'y' && !checkRecord(e.value, outputNames(body), 'output', setting, ctx)) ok = false;
    }
  }
  return ok;
}

function checkRecord(record: RecordExpr, names: readonly string[], what: 'input' | 'output', setting: string, ctx: CheckContext): boolean {
  let ok = true;
  for (const f of record.entries) {
    if (names.includes(f.key.name)) continue;
    ok = false;
    const [best] = suggest(f.key.name, names, 1, ctx.suggestions);
    ctx.report(
      diagnostic('E0554', f.key.range, `the model has no ${what} \`${f.key.name}\``, {
        label: best ? `did you mean \`${best}\`?` : `no such ${what}`,
        hint: `the model's ${what}s are ${quoted(names)}${what === 'output' ? ', named by the layers that make them' : names.some((n) => /^input_layer(_\d+)?$/.test(n)) ? ': an input takes the name given by `Input(…, name="src")`, else Keras\'s `input_layer`, `input_layer_1`, …' : ''}`,
        ...(best ? { fixes: [{ title: `change to \`${best}\``, edits: [{ range: f.key.range, newText: best }] }] } : {}),
      }),
    );
  }
  const missing = names.filter((n) => !record.entries.some((f) => f.key.name === n));
  if (ok && missing.length) {
    ok = false;
    ctx.report(
      diagnostic('E0555', record.range, `\`${setting}\` gives no file for the model's ${what}${missing.length === 1 ? '' : 's'} ${quoted(missing)}`, {
        label: `no ${quoted(missing)}`,
        hint: `give one file per ${what}: ${missing.map((n) => `\`${n} = "${n}.npy"\``).join(', ')}`,
      }),
    );
  }
  return ok;
}
