// rnnc generate FILE --model DIR [--source ids.npy | --prompt IDS|TEXT] [--vocab vocab.json]
// [--temperature T] [--top-k K] [--beam W] [--max-length N] [--seed S] [--json]: rebuild the
// model from its .rnn file, load the weights `rnnc train --out DIR` saved, and generate as its
// decode block says — from each row of source ids (a model with an encoder), or continuing a
// prompt (a language model). Prints one line per sequence: ids, or text with a vocabulary.
//
// Sources come from a .npy file of ids, one sequence per row (zero-padded), an .npz holding them
// under the source input's name (`readSources`), or as text through the model's saved vocabulary:
// --text SENTENCE (repeatable), a .txt or .jsonl --source (generate-texts.ts). A decoder fed text
// prints text.

import { readFileSync } from 'node:fs';
import type { CheckedModel } from '../../compiler/ir.ts';
import { RnnModel } from '../../runtime/api.ts';
import { readNpy } from '../../runtime/data/npy-read.ts';
import { readNpz } from '../../runtime/data/npz.ts';
import { RnncError } from '../../runtime/errors.ts';
import { decodePlanOf, strategyFor, type GenerateOptions } from '../../runtime/generate/generate.ts';
import { readVocabularyFile, type Vocabulary } from '../../runtime/generate/vocabulary.ts';
import type { GeneratedText } from '../../runtime/generate/text.ts';
import { isTextSource, readSourceTexts } from './generate-texts.ts';
import { initBackend, type BackendName } from '../../runtime/tf.ts';
import type { HostArray } from '../../runtime/train/batches.ts';
import { EXIT } from '../io.ts';
import { modelForSavedDir } from './saved-model.ts';

export interface GenerateFlags {
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

export function optionsFrom(flags: GenerateFlags): GenerateOptions {
  const entries = {
    temperature: numberFlag('temperature', flags.temperature),
    topK: numberFlag('top-k', flags.topK),
    beam: numberFlag('beam', flags.beam),
    maxLength: numberFlag('max-length', flags.maxLength),
    seed: numberFlag('seed', flags.seed),
  };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

/** The model's source arrays from --source: a .npy of ids, one sequence per row, or the array
 *  named after the source input (`name`) in an .npz archive, as the train block's data holds it. */
function readSources(path: string, name: string): HostArray[] {
  const archive = path.endsWith('.npz');
  if (!path.endsWith('.npy') && !archive) throw new RnncError('E0715', `--source takes a .npy file of ids, one sequence per row, or an .npz holding them as \`${name}\`; ${path} is neither`, COMMAND_LINE, 'write the ids with numpy.save');
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new RnncError('E0701', `cannot read ${path}`, path, 'check the path');
  }
  const array = archive ? namedSource(readNpz(bytes, path), path, name) : readNpy(bytes, path);
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

export async function runGenerate(file: string, flags: GenerateFlags): Promise<number> {
  const options = optionsFrom(flags);
  strategyFor(options); // the options' mistakes first, before the model loads
  const chosen = modelForSavedDir(file, flags.model);
  if (typeof chosen === 'number') return chosen;
  const model: CheckedModel = chosen.model;
  const plan = decodePlanOf(model);
  const vocabulary = flags.vocab === undefined ? undefined : readVocabularyFile(flags.vocab);
  const hasEncoder = model.inputs.length > 1;
  const sourceName = model.inputs.find((_, i) => i !== plan.feed)?.name ?? 'x';
  if (flags.text !== undefined && flags.source !== undefined) throw new RnncError('E0717', 'both --text and --source were given', COMMAND_LINE, 'give the sources one way: --text SENTENCE (repeatable), or --source FILE');
  const texts = flags.text ?? (flags.source !== undefined && isTextSource(flags.source) ? readSourceTexts(flags.source, sourceName) : undefined);
  if (hasEncoder && flags.source === undefined && texts === undefined) throw new RnncError('E0715', `model \`${model.name}\` has an encoder: give its source ids with --source ids.npy${model.decode?.text || model.inputs.some((i) => i.type.dtype === 'string') ? ', or its text with --text' : ''}`, COMMAND_LINE, 'one source sequence per row');
  const input = texts !== undefined ? { texts } : hasEncoder ? { sources: readSources(flags.source!, sourceName) } : { prompts: [flags.prompt === undefined ? [] : promptIds(flags.prompt, vocabulary)] };
  if (hasEncoder && flags.prompt !== undefined) throw new RnncError('E0715', `model \`${model.name}\` has an encoder: it generates from --source, not from a prompt`, COMMAND_LINE, 'leave out --prompt');
  if (!hasEncoder && flags.source !== undefined) throw new RnncError('E0715', `model \`${model.name}\` is a language model: it continues --prompt and reads no --source`, COMMAND_LINE, 'give --prompt instead');
  await initBackend(flags.backend);
  const rnn = new RnnModel(model, 0);
  try {
    await rnn.load(flags.model);
    const results = rnn.generate(input, options);
    printResults(results, 'prompts' in input ? input.prompts : undefined, vocabulary, flags.json === true, plan.end);
  } finally {
    rnn.dispose();
  }
  return EXIT.ok;
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
