// What `rnnc build` adds to the program of a model with a decode block, so that the program also
// generates as `rnnc generate` does: its main becomes program/generate.ts's trainOrGenerate (a
// `generate` command beside training), the copied code gains rnnc's generation driver
// (src/console/generate-run.ts) and runtime (src/runtime/generate: the encoder run once, the
// decoder one step per token, greedy, sampling and beam search), and the generated code the decode
// plan as a literal, DECODE, each field tied to the decode block's line. A model without a decode
// block gets none of it: its program is as it was.

import { CodeBlockWriter } from 'ts-morph';
import type { CheckedModel, DecodePlan } from '../compiler/ir.ts';
import { declKey, type DeclKey } from './extract.ts';
import { lineOf, type ModelCodeContext } from './model-code.ts';
import { commentText, literal } from './text.ts';
import { entryComment } from './train-code.ts';

const PROGRAM_GENERATE = declKey('src/emit/program/generate.ts', 'trainOrGenerate');
const SOURCE_READERS = declKey('src/console/generate-run.ts', 'SOURCE_READERS');
const DECODE_PLAN = declKey('src/emit/program/ir.ts', 'DecodePlan');

/** The part of a program that generates: which files it copies, under what title. */
export const GENERATION_PART = { title: "Generation: the decode block's encoder and decoder step, greedy, sampling and beam search", files: /^src\/(runtime\/generate\/|console\/generate-|emit\/program\/generate)/ };

/** The program's main: trainOrGenerate for a model with a decode block, else `training`. */
export function mainOf(model: CheckedModel, training: DeclKey): DeclKey {
  return model.decode ? PROGRAM_GENERATE : training;
}

/** The IR's DecodePlan, as the program's slimmer one (no source range). */
export const DECODE_REDIRECTS: readonly (readonly [DeclKey, DeclKey])[] = [[declKey('src/compiler/ir.ts', 'DecodePlan'), DECODE_PLAN]];

/** The --source readers a model's generation needs: .npy and .npz for a model with an encoder
 *  (the .npz reader brings fflate), none for a language model, which continues a prompt. */
export function sourceReaders(model: CheckedModel): readonly (readonly [DeclKey, ReadonlySet<string>])[] {
  if (!model.decode) return [];
  return [[SOURCE_READERS, new Set(model.inputs.length > 1 ? ['npy', 'npz'] : [])]];
}

/** Whether generation may read an .npz archive (`--source pairs.npz`). */
export const generatesFromNpz = (model: CheckedModel) => model.decode !== undefined && model.inputs.length > 1;

type DecodeContext = Pick<ModelCodeContext, 'source' | 'fileLabel' | 'nameOf' | 'taken'> & { readonly model: CheckedModel & { readonly decode: DecodePlan } };

/** DECODE: the decode plan compiler/decode.ts derived, each field with where it comes from. */
export function decodeCode(ctx: DecodeContext): string {
  const { model } = ctx;
  const plan = model.decode;
  ctx.taken.add('DECODE');
  const set = (key: string, fallback: string) => entryComment(ctx, plan.range, key, true) ?? fallback;
  const layers = (ids: readonly number[]) => commentText(ids.map((id) => model.nodes[id]!.layer.name).join(', ') || 'none');
  const w = new CodeBlockWriter({ indentNumberOfSpaces: 2, useSingleQuote: true });
  w.writeLine('/**');
  w.writeLine(` * How \`${model.name}\` generates: the decode block, ${lineOf(ctx, plan.range)}, as rnnc derived it from the training`);
  w.writeLine(' * graph (compiler/decode.ts). The `generate` command runs the nodes that do not read the fed input once');
  w.writeLine(' * per source, then the others one time step per token, each recurrent layer carrying its states.');
  w.writeLine(' */');
  w.write(`const DECODE: ${ctx.nameOf(DECODE_PLAN)} = `).inlineBlock(() => {
    const field = (comment: string, name: string, value: unknown) => {
      w.writeLine(`// ${comment}`);
      w.writeLine(`${name}: ${literal(value, 2)},`);
    };
    field(`${set('feed', 'feed: the only input')}: the input fed the token chosen at the step before, \`${commentText(model.inputs[plan.feed]!.name)}\``, 'feed', plan.feed);
    field(set('start', 'start: none; generation starts from the prompt'), 'start', plan.start);
    field(set('end', 'end: none; every sequence runs to maxLength'), 'end', plan.end);
    field(set('max_length', "max_length: not in the block, rnnc's default"), 'maxLength', plan.maxLength);
    field("the tokens: the output's last axis, the fed Embedding's input_dim", 'vocabulary', plan.vocabulary);
    field(plan.scores === 'logits' ? 'the output holds logits (a linear output trained with from_logits): softmax first' : "the output holds a softmax's probabilities", 'scores', plan.scores);
    if (plan.text) field(`the fed text: \`${commentText(plan.text.layer)}\`'s vocabulary, whose reserved start and end tokens wrap each target (training makes the labels from them)`, 'text', plan.text);
    field(`once per source: ${layers(plan.encoderNodes)}`, 'encoderNodes', plan.encoderNodes);
    field(`one step per token: ${layers(plan.stepNodes)}`, 'stepNodes', plan.stepNodes);
  });
  w.write(';').newLine();
  return w.toString();
}

/** The opening comment's lines on generating, for a model with a decode block. */
export function generationUsage(model: CheckedModel, prog: string, file: string): string[] {
  if (!model.decode) return [];
  const from = model.inputs.length > 1 ? '--source IDS.npy' : '--prompt IDS [--vocab VOCAB.json]';
  return [
    `//   npx tsx ${prog} generate --model DIR ${from} [--beam W | --temperature T --top-k K] [--max-length N] [--seed S] [--json]`,
    '//',
    `// \`generate\` reads the weights --out saved and generates as \`rnnc generate ${file}\` does, as the decode`,
    '// block (DECODE) says: the same lines for the same weights, flags and seed.',
  ];
}
