// The generation driver of `rnnc generate FILE` and of the `generate` command of the programs
// `rnnc build` writes for a model with a decode block, which copy it: read the flags (GENERATE_FLAGS,
// generate-flags.ts) into options, sources or a prompt, load the weights a training run saved,
// generate as the decode block says (src/runtime/generate), and print one line per sequence — ids,
// or text through --vocab; JSON lines with --json. The same flags, weights and seed give the same
// bytes either way, because this is the same code.
//
// Sources come from a .npy file of ids, one sequence per row (zero-padded), or an .npz archive
// holding them under the source input's name. SOURCE_READERS is the one place that turns a
// --source file into the model's source arrays; a program keeps only the readers its model needs.
// Or they are text, through the model's saved vocabulary: --text SENTENCE (repeatable), a .txt or
// .jsonl --source (generate-texts.ts); a decoder fed text prints text.

import { readFileSync } from 'node:fs';
import type { CheckedModel } from '../compiler/ir.ts';
import { readNpy } from '../runtime/data/npy-read.ts';
import { readNpz } from '../runtime/data/npz.ts';
import { RnncError } from '../runtime/errors.ts';
import { decodePlanOf, generate, strategyFor, type GenerateInput, type GenerateOptions, type GeneratedText } from '../runtime/generate/generate.ts';
import { isTextSource, readSourceTexts } from './generate-texts.ts';
import { readVocabularyFile, vocabularyFromTokens, type Vocabulary } from '../runtime/generate/vocabulary.ts';
import { corpusVocabularyOf } from '../runtime/text/saved.ts';
import { Network } from '../runtime/model/network.ts';
import { loadSavedWeights } from '../runtime/model/saved-weights.ts';
import { initBackend, type BackendName } from '../runtime/tf.ts';
import type { HostArray } from '../runtime/train/batches.ts';

/** The flags of GENERATE_FLAGS by key, as text; `json`: print JSON lines. */
export interface GenerateRunFlags {
  readonly model: string;
  readonly source?: string;
  /** Source sentences, one per --text. */
  readonly text?: readonly string[];
  readonly prompt?: string;
  readonly vocab?: string;
  readonly temperature?: string;
  readonly topK?: string;
  readonly beam?: string;
  readonly maxLength?: string;
  readonly seed?: string;
  readonly json?: boolean;
}

export interface GenerationRun {
  /** A model with a decode block. */
  readonly model: CheckedModel;
  readonly flags: GenerateRunFlags;
  readonly backend: BackendName;
}

const COMMAND_LINE = { context: 'command line' };

/** A numeric flag's value, or E0713 when it is not a number. */
function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new RnncError('E0713', `--${name} takes a number, not ${JSON.stringify(value)}`, COMMAND_LINE, `for example --${name} ${name === 'temperature' ? '0.8' : '5'}`);
  return n;
}

/** The flags as generation options, or E0713 naming the one that is wrong: check them before
 *  anything loads. */
export function generationOptions(flags: GenerateRunFlags): GenerateOptions {
  const entries = {
    temperature: numberFlag('temperature', flags.temperature),
    topK: numberFlag('top-k', flags.topK),
    beam: numberFlag('beam', flags.beam),
    maxLength: numberFlag('max-length', flags.maxLength),
    seed: numberFlag('seed', flags.seed),
  };
  const options: GenerateOptions = Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
  strategyFor(options);
  return options;
}

/** How a --source file becomes an array, by its extension: a .npy of ids, or the array named
 *  after the source input (`name`) in an .npz archive, as the train block's data holds it. */
const SOURCE_READERS: Readonly<Record<string, (bytes: Uint8Array, path: string, name: string) => HostArray>> = {
  npy: (bytes, path) => readNpy(bytes, path),
  npz: (bytes, path, name) => namedSource(readNpz(bytes, path), path, name),
};

/** The model's source arrays from --source. */
function readSources(path: string, name: string): HostArray[] {
  const extension = /\.(\w+)$/.exec(path)?.[1] ?? '';
  const read = Object.hasOwn(SOURCE_READERS, extension) ? SOURCE_READERS[extension] : undefined;
  if (!read) throw new RnncError('E0715', `--source takes a .npy file of ids, one sequence per row, or an .npz holding them as \`${name}\`; ${path} is neither`, COMMAND_LINE, 'write the ids with numpy.save');
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new RnncError('E0701', `cannot read ${path}`, path, 'check the path');
  }
  const array = read(bytes, path, name);
  if (array.shape.length !== 2) throw new RnncError('E0715', `${path} holds an array of shape (${array.shape.join(', ')}); sources are ids, one sequence per row (2 axes)`, path, 'reshape it to (sequences, time)');
  if (array.dtype === 'int32') return [{ dtype: 'int32', shape: array.shape, data: array.data }];
  const ids = new Int32Array(array.data.length);
  for (let i = 0; i < ids.length; i++) {
    const v = array.data[i]!;
    if (!Number.isInteger(v)) throw new RnncError('E0715', `${path} holds ${v}, which is not a token id`, path, 'sources are integer ids');
    ids[i] = v;
  }
  return [{ dtype: 'int32', shape: array.shape, data: ids }];
}

function namedSource(entries: ReadonlyMap<string, HostArray>, path: string, name: string): HostArray {
  const found = entries.get(name);
  if (!found) throw new RnncError('E0715', `${path} holds no array named \`${name}\`, the model's source input`, path, `its arrays: ${[...entries.keys()].join(', ')}; write the sources with numpy.savez(path, ${name}=ids)`);
  return found;
}

/** --prompt as ids: text through the vocabulary when there is one, else `5,3,9`. */
function promptIds(prompt: string, vocabulary: Vocabulary | undefined): number[] {
  if (vocabulary) return vocabulary.encode(prompt);
  const parts = prompt.split(/[\s,]+/).filter((p) => p !== '');
  const ids = parts.map(Number);
  if (parts.length === 0 || ids.some((v) => !Number.isInteger(v))) throw new RnncError('E0715', `--prompt takes token ids such as 5,3,9 (or text, with --vocab); got ${JSON.stringify(prompt)}`, COMMAND_LINE, 'give comma-separated ids');
  return ids;
}

/** What the flags ask to generate from: sources (ids, or text) for a model with an encoder, else a prompt. */
function generationInput(model: CheckedModel, flags: GenerateRunFlags, vocabulary: Vocabulary | undefined): GenerateInput {
  const plan = decodePlanOf(model);
  const hasEncoder = model.inputs.length > 1;
  const sourceName = model.inputs.find((_, i) => i !== plan.feed)?.name ?? 'x';
  if (flags.text !== undefined && flags.source !== undefined) throw new RnncError('E0717', 'both --text and --source were given', COMMAND_LINE, 'give the sources one way: --text SENTENCE (repeatable), or --source FILE');
  const texts = flags.text ?? (flags.source !== undefined && isTextSource(flags.source) ? readSourceTexts(flags.source, sourceName) : undefined);
  const textual = model.decode?.text !== undefined || model.inputs.some((i) => i.type.dtype === 'string');
  if (hasEncoder && flags.source === undefined && texts === undefined) throw new RnncError('E0715', `model \`${model.name}\` has an encoder: give its source ids with --source ids.npy${textual ? ', or its text with --text' : ''}`, COMMAND_LINE, 'one source sequence per row');
  if (hasEncoder && flags.prompt !== undefined) throw new RnncError('E0715', `model \`${model.name}\` has an encoder: it generates from --source, not from a prompt`, COMMAND_LINE, 'leave out --prompt');
  if (!hasEncoder && flags.source !== undefined) throw new RnncError('E0715', `model \`${model.name}\` is a language model: it continues --prompt and reads no --source`, COMMAND_LINE, 'give --prompt instead');
  if (texts !== undefined) return { texts };
  if (hasEncoder) return { sources: readSources(flags.source!, sourceName) };
  return { prompts: [flags.prompt === undefined ? [] : promptIds(flags.prompt, vocabulary)] };
}

export async function runGeneration(run: GenerationRun): Promise<void> {
  const { model, flags } = run;
  const options = generationOptions(flags);
  const plan = decodePlanOf(model);
  const given = flags.vocab === undefined ? undefined : readVocabularyFile(flags.vocab);
  await initBackend(run.backend);
  // The seed draws weights the saved ones replace at once.
  const net = new Network(model, 0);
  try {
    await loadSavedWeights(net, flags.model);
    const vocabulary = chosenVocabulary(given, flags.vocab, corpusVocabularyOf(net), flags.model);
    const input = generationInput(model, flags, vocabulary);
    printResults(generate(net, input, options), 'prompts' in input ? input.prompts : undefined, vocabulary, flags.json === true, plan.end);
  } finally {
    net.dispose();
  }
}

/** The --vocab file, else the characters of the text corpus the model was trained on, saved with
 *  it; E0722 when both are there and number the tokens differently. */
function chosenVocabulary(given: Vocabulary | undefined, vocabPath: string | undefined, saved: readonly string[] | undefined, dir: string): Vocabulary | undefined {
  if (!saved) return given;
  if (given) {
    const differs = Array.from({ length: Math.max(saved.length, given.tokens.length) }, (_, i) => i).find((i) => saved[i] !== given.tokens[i]);
    if (differs === undefined) return given;
    const show = (t: string | undefined) => (t === undefined ? 'nothing' : JSON.stringify(t));
    throw new RnncError('E0722', `--vocab ${vocabPath} gives id ${differs} to ${show(given.tokens[differs])}, but the model was trained with ${show(saved[differs])} there (${dir}/model.json keeps its ${saved.length} characters)`, COMMAND_LINE, 'leave out --vocab: generate reads and writes text with the characters the model was trained on');
  }
  return vocabularyFromTokens(saved, `the characters ${dir}/model.json was trained on`);
}

function printResults(results: readonly GeneratedText[], prompts: readonly (readonly number[])[] | undefined, vocabulary: Vocabulary | undefined, json: boolean, end: number | null): void {
  results.forEach((g, i) => {
    const prompt = prompts?.[i] ?? [];
    if (json) {
      const text = g.text !== undefined ? { text: g.text } : vocabulary ? { text: vocabulary.decode(g.tokens), ...(prompts ? { prompt_text: vocabulary.decode(prompt) } : {}) } : {};
      process.stdout.write(JSON.stringify({ ...(prompts ? { prompt } : {}), ids: g.tokens, ended: g.ended, ...(end === null ? {} : { end }), log_probability: g.logProbability, ...text }) + '\n');
    } else if (g.text !== undefined) process.stdout.write(g.text + '\n');
    else if (vocabulary) process.stdout.write(vocabulary.decode([...prompt, ...g.tokens]) + '\n');
    else process.stdout.write(g.tokens.join(' ') + '\n');
  });
}
