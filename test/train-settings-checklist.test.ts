// Every train setting is declared once, in src/compiler/train-spec.ts, and everything that knows
// the settings reads that declaration. This holds each declared setting to each reader, so that a
// setting added there and missed by one fails here, saying which and where it goes:
//
// - the checker accepts it, fills its IR field, and fills its default when it is not written;
// - the language server completes it in a train block and shows its documentation on hover;
// - each of its flags is an option of the rnnc commands it names (`rnnc train --help`), and of the
//   programs `rnnc build` writes when `train` is one of them;
// - the emitter writes its field into the program's TRAIN, commented with the setting's line.
//
// The sample block is made from the declarations too (the first value of each vocabulary, each
// default written out), so a new setting needs no edit here.

import { describe, expect, it } from 'vitest';
import { check } from '../src/compiler/check.ts';
import type { ConfigValue } from '../src/compiler/config-value.ts';
import { TRAIN_SETTINGS, trainFlags, type SettingSpec } from '../src/compiler/train-spec.ts';
import { trainVocab } from '../src/compiler/vocab-access.ts';
import { emitProgram } from '../src/emit/emit-program.ts';
import { Analysis } from '../src/lsp/analysis.ts';
import { completion } from '../src/lsp/completion.ts';
import { hover } from '../src/lsp/hover.ts';
import { rnnc } from './cli/run.ts';

const SETTINGS: readonly SettingSpec[] = TRAIN_SETTINGS;

/** How a default is written in a .rnn file. */
function written(v: ConfigValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number' || typeof v === 'string') return String(v);
  throw new Error(`the checklist cannot write the default ${JSON.stringify(v)}: teach written() its kind`);
}

/** A value of the setting that checks, for a model `Dense(1, input=(3,))`. */
function sample(s: SettingSpec): string {
  const v = s.value;
  switch (v.kind) {
    case 'entry':
      return v.default ?? trainVocab(v.vocab).find((e) => (e.args ?? []).every((a) => a.default !== undefined))!.name;
    case 'entries':
      return `[${trainVocab(v.vocab).find((e) => (e.args ?? []).every((a) => a.default !== undefined))!.name}]`;
    case 'value':
    case 'per-output':
      return written(v.default);
    case 'files':
      return `{ ${v.keys[0]} = "data.npy" }`;
  }
}

const MODEL = 'model m {\n  Dense(1, input=(3,))\n}\n';
// The loss is mean_squared_error whatever the first loss is: it must fit the one-unit output.
const FULL = `${MODEL}train {\n${SETTINGS.map((s) => `  ${s.name} = ${s.name === 'loss' ? 'mean_squared_error' : sample(s)}\n`).join('')}}\n`;

describe('every train setting of src/compiler/train-spec.ts', () => {
  it('is checked into its IR field, and its default filled in when it is not written', () => {
    const full = check(FULL, 'full.rnn');
    expect(full.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), `the sample block does not check:\n${FULL}`).toEqual([]);
    const train = full.models[0]!.train as unknown as Record<string, unknown>;
    for (const s of SETTINGS) expect(train[s.field], `the checker does not fill TrainConfig.${s.field} from \`${s.name}\``).toBeDefined();
    const bare = check(`${MODEL}train {\n  loss = mean_squared_error\n}\n`).models[0]!.train as unknown as Record<string, unknown>;
    for (const s of SETTINGS) {
      if (s.value.kind === 'value') expect(bare[s.field], `\`${s.name}\` left out is not its declared default`).toEqual(s.value.default);
    }
  });

  it('is completed and explained by the language server', () => {
    const empty = `${MODEL}train {\n  \n}\n`;
    const items = completion(new Analysis('file:///t.rnn', 1, empty), empty.indexOf('{\n  \n') + 4);
    const a = new Analysis('file:///t.rnn', 1, FULL);
    for (const s of SETTINGS) {
      const item = items.find((i) => i.label === s.name);
      expect(item, `completion in a train block does not offer \`${s.name}\` (src/lsp/vocabulary.ts)`).toBeDefined();
      expect(item!.documentation, `completion of \`${s.name}\` lacks its doc`).toEqual({ kind: 'markdown', value: s.doc });
      const h = hover(a, FULL.indexOf(`\n  ${s.name} =`) + 4);
      const text = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
      expect(text, `hover on \`${s.name}\` does not show its doc (src/lsp/hover.ts)`).toContain(s.doc);
    }
  });

  it("has each of its flags on the commands it names, in rnnc's help", async () => {
    const help = Object.fromEntries(await Promise.all((['train', 'predict', 'evaluate'] as const).map(async (c) => [c, (await rnnc([c, '--help'])).stdout] as const)));
    for (const s of SETTINGS) {
      for (const f of s.flags ?? []) {
        for (const c of ['train', 'predict', 'evaluate'] as const) {
          const shown = new RegExp(`^  ${f.name} <${f.value}>`, 'm').test(help[c]!);
          expect(shown, `\`rnnc ${c} --help\` ${shown ? 'shows' : 'lacks'} ${f.name} of \`${s.name}\`, which ${f.commands.includes(c) ? 'names' : 'does not name'} ${c} (src/cli/train-options.ts)`).toBe(f.commands.includes(c));
        }
      }
    }
  });

  it("is written into an emitted program's TRAIN, and its train flags into the program's FLAGS", () => {
    const result = check(FULL, 'full.rnn');
    const emitted = emitProgram(result.models[0]!, result.parse.source, { rnnPath: 'full.rnn', programName: 'full.ts' });
    if (!emitted.ok) throw new Error(`rnnc build refused the sample block: ${emitted.diagnostics[0]!.message}`);
    const train = /^const TRAIN: \w+ = \{\n([\s\S]*?)\n\};/m.exec(emitted.text)?.[1] ?? '';
    for (const s of SETTINGS) {
      expect(train, `the emitted TRAIN has no \`${s.field}\` commented with the line of \`${s.name}\` (src/emit/train-code.ts)`).toMatch(new RegExp(`// ${s.name} = .*\\(full\\.rnn:\\d+\\)\\n  ${s.field}: `));
    }
    const flags = /^const FLAGS: [^\n]* = \[\n([\s\S]*?)\n\];/m.exec(emitted.text)?.[1] ?? '';
    for (const f of trainFlags('program')) expect(flags, `the emitted FLAGS lack ${f.name} (src/emit/train-code.ts)`).toContain(`name: '${f.name}'`);
    for (const s of SETTINGS) {
      for (const f of s.flags ?? []) if (f.commands.includes('train')) expect(trainFlags('program').map((p) => p.name), `an emitted program lacks ${f.name}`).toContain(f.name);
    }
  });
});
