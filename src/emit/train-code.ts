// The generated half of an emitted program's training: the train block's settings (each with a
// comment pointing at its line in the .rnn file), the model as the data loaders and the fit loop
// read it, the entries of rnnc's vocabularies the settings name, and what every saved model
// records — the .rnn source, the rnnc version, the topology written to model.json and the notes
// on what TensorFlow.js will make of it, all worked out now, when the program is built.

import { CodeBlockWriter } from 'ts-morph';
import type { CheckedModel, TrainConfig } from '../compiler/ir.ts';
import { TRAIN_SETTINGS, type Flag } from '../compiler/train-spec.ts';
import type { Vocab, VocabEntry } from '../compiler/vocab/vocab.ts';
import type { Range, SourceText } from '../source/text.ts';
import type { Json } from '../runtime/save/json.ts';
import type { SaveNote } from '../runtime/save/tfjs-notes.ts';
import { declKey, type DeclKey } from './extract.ts';
import { lineOf } from './model-code.ts';
import { commentText, literal, stringLiteral, templateLiteral } from './text.ts';

export const TRAIN_TYPES = {
  CheckedModel: declKey('src/emit/program/ir.ts', 'CheckedModel'),
  TrainConfig: declKey('src/emit/program/ir.ts', 'TrainConfig'),
  Vocab: declKey('src/compiler/vocab/vocab.ts', 'Vocab'),
  JsonObject: declKey('src/runtime/save/json.ts', 'JsonObject'),
  SaveNote: declKey('src/runtime/save/tfjs-notes.ts', 'SaveNote'),
  Flag: declKey('src/compiler/train-spec.ts', 'Flag'),
} as const;

export interface TrainCodeContext {
  readonly model: CheckedModel & { readonly train: TrainConfig };
  readonly source: SourceText;
  readonly fileLabel: string;
  readonly nameOf: (key: DeclKey) => string;
  /** The layers' keys in LAYERS, in node order. */
  readonly layerKeys: readonly string[];
  /** The command line's flags: trainFlags('program'). */
  readonly flags: readonly Flag[];
  /** The vocabularies' entries the program needs. */
  readonly vocabularies: { readonly LOSSES: Vocab; readonly OPTIMIZERS: Vocab; readonly METRICS: Vocab };
  /** The .rnn file's path from the program's folder, with forward slashes. */
  readonly rnnPath: string;
  readonly rnncVersion: string;
  readonly topology: Json;
  readonly notes: readonly SaveNote[];
}

/** The train block's settings: the IR's field, the name written in the block. */
const SETTINGS: ReadonlyMap<string, string> = new Map(TRAIN_SETTINGS.map((s) => [s.field, s.name]));

export function trainCode(ctx: TrainCodeContext): string {
  const t = (k: keyof typeof TRAIN_TYPES) => ctx.nameOf(TRAIN_TYPES[k]);
  const { model } = ctx;
  const train = model.train;
  const w = new CodeBlockWriter({ indentNumberOfSpaces: 2, useSingleQuote: true });
  w.writeLine('/**');
  w.writeLine(` * The train block, ${lineOf(ctx, train.range)}: Keras's compile() and fit() settings, each default filled in.`);
  w.writeLine(' * --epochs, --batch-size and --seed on the command line override theirs, as for `rnnc train`.');
  w.writeLine(' */');
  w.write(`const TRAIN: ${t('TrainConfig')} = `).inlineBlock(() => {
    for (const [field, value] of Object.entries(train)) {
      if (field === 'range') continue;
      const setting = SETTINGS.get(field);
      if (setting) w.writeLine(`// ${settingComment(ctx, setting)}`);
      w.writeLine(`${field}: ${literal(value, 2)},`);
    }
  });
  w.write(';').newLine().blankLine();

  w.writeLine(`/** The model \`${model.name}\`: its inputs, its layers and how they connect, its outputs, its train block. */`);
  w.write(`const MODEL: ${t('CheckedModel')} = `).inlineBlock(() => {
    for (const [field, value] of Object.entries(model)) {
      if (field === 'params' || field === 'range' || field === 'nameRange') continue;
      if (field === 'train') w.writeLine('train: TRAIN,');
      else if (field === 'decode') w.writeLine('decode: DECODE,');
      else if (field === 'inputs') w.writeLine(`inputs: ${literal(model.inputs.map(({ range: _, ...input }) => input), 2)},`);
      else if (field === 'nodes') {
        w.write('nodes: [').newLine();
        w.indent(() => {
          model.nodes.forEach((n, i) => {
            const { id, layer: _layer, range: _range, ...rest } = n;
            w.writeLine(`{ id: ${id}, layer: LAYERS.${ctx.layerKeys[i]!}, ${literal(rest).slice(2)},`);
          });
        });
        w.writeLine('],');
      } else w.writeLine(`${field}: ${literal(value, 2)},`);
    }
  });
  w.write(';').newLine().blankLine();

  w.writeLine("/** The command line's flags, from the declarations of the train settings in rnnc's src/compiler/train-spec.ts. */");
  w.write(`const FLAGS: readonly Omit<${t('Flag')}, 'commands'>[] = [`).newLine();
  w.indent(() => {
    for (const { commands: _, ...flag } of ctx.flags) w.writeLine(`${literal(flag, 2)},`);
  });
  w.writeLine('];').blankLine();

  w.writeLine("/** The entries of rnnc's vocabularies (src/compiler/vocab) the train block uses: names, aliases, defaults. */");
  for (const [name, vocab] of Object.entries(ctx.vocabularies)) {
    w.writeLine(`const ${name}: ${t('Vocab')} = ${literal(vocab.map(slimEntry), `const ${name}: ${t('Vocab')} = `.length)};`);
  }
  w.blankLine();

  w.writeLine(`/** The source of ${commentText(ctx.fileLabel)}, which every model.json this program writes records, as \`rnnc train\` does. */`);
  w.writeLine(`const SOURCE = ${templateLiteral(ctx.source.text)};`);
  w.blankLine();
  w.writeLine(`/** Where ${commentText(ctx.fileLabel)} lies from this program's folder: the train block's paths are relative to it. */`);
  w.writeLine(`const RNN_PATH = ${stringLiteral(ctx.rnnPath)};`);
  w.blankLine();
  w.writeLine('/** The rnnc that built this program, as saved models record it. */');
  w.writeLine(`const RNNC_VERSION = ${stringLiteral(ctx.rnncVersion)};`);
  w.blankLine();
  w.writeLine("/** The model's topology in model.json, as rnnc's save/topology.ts wrote it when this program was built. */");
  w.write(`function modelTopology(_model: ${t('CheckedModel')}): ${t('JsonObject')}`).block(() => {
    w.writeLine(`return ${literal(ctx.topology, 9)};`);
  });
  w.blankLine();
  w.writeLine("/** What TensorFlow.js will make of the saved model (rnnc's save/tfjs-notes.ts, at build time). */");
  w.write(`function tfjsNotes(_model: ${t('CheckedModel')}): ${t('SaveNote')}[]`).block(() => {
    w.writeLine(`return ${literal(ctx.notes, 9)};`);
  });
  return w.toString();
}

/** `batch_size = 16, next_number.rnn:13`, or that the block leaves it to Keras's default. */
export function settingComment(ctx: Pick<TrainCodeContext, 'source' | 'fileLabel' | 'model'>, setting: string): string {
  return entryComment(ctx, ctx.model.train.range, setting) ?? `${setting}: not in the block, Keras's default`;
}

/** The entry of block `block` that sets `key`, and where it is: `max_length = 20  (translate.rnn:36)`;
 *  undefined when the block does not set it. A train block's entries start their lines; a decode
 *  block's may share one (`decode { feed = tgt  start = 1 }`), each ended by two spaces or the brace. */
export function entryComment(ctx: Pick<TrainCodeContext, 'source' | 'fileLabel'>, block: Range, key: string, shared = false): string | undefined {
  const { text } = ctx.source;
  const { start, end } = block;
  const m = new RegExp(`(^|\\n${shared ? '|[{ \\t]' : ''})[ \\t]*${key}[ \\t]*=`).exec(text.slice(start, end));
  if (!m) return undefined;
  const at = start + m.index + m[0].indexOf(key);
  const rest = text.slice(at, end);
  const line = rest.slice(0, (shared ? /\n| {2,}|\t|}/ : /\n/).exec(rest)?.index ?? rest.length).trim();
  return `${commentText(line.length > 80 ? `${line.slice(0, 77)}...` : line)}  (${lineOf(ctx, { start: at, end: at })})`;
}

/** A vocabulary entry without its arguments' types and documentation. */
function slimEntry(e: VocabEntry): unknown {
  return {
    name: e.name,
    ...(e.aliases ? { aliases: e.aliases } : {}),
    doc: e.doc,
    ...(e.args ? { args: e.args.map((a) => (a.default === undefined ? { name: a.name } : { name: a.name, default: a.default })) } : {}),
  };
}
