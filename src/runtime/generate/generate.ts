// Generation as the library (RnnModel.generate) and `rnnc generate` ask for it: options checked
// into a strategy (E0713), sources and prompts checked against the decode plan (E0714, E0715),
// then the search (search.ts) over the one-step decoder (step-decoder.ts).

import type { CheckedModel, DecodePlan } from '../../compiler/ir.ts';
import type { Location } from '../../diagnostics/diagnostic.ts';
import { RnncError } from '../errors.ts';
import type { Network } from '../model/network.ts';
import { Rng, randomSeed } from '../rng.ts';
import type { HostArray } from '../train/batches.ts';
import { generateSequences, type Strategy } from './search.ts';
import { StepDecoder } from './step-decoder.ts';
import { sourcesFromTexts, withText, type GeneratedText } from './text.ts';

export type { Generated } from './search.ts';
export type { GeneratedText } from './text.ts';

export interface GenerateOptions {
  /** Sample with this temperature (> 0); with neither temperature nor topK nor beam: greedy. */
  readonly temperature?: number;
  /** Sample among the k likeliest tokens (≥ 1). */
  readonly topK?: number;
  /** Beam search of this width (≥ 1); does not combine with temperature or topK. */
  readonly beam?: number;
  /** Overrides the decode block's max_length. */
  readonly maxLength?: number;
  /** Seeds sampling; random when absent. */
  readonly seed?: number;
}

export interface GenerateInput {
  /** A model with an encoder: its source ids, one array per source input with one row per sequence. */
  readonly sources?: readonly HostArray[];
  /** A model whose source input is text: the source sentences, through its saved vocabulary. */
  readonly texts?: readonly string[];
  /** A language model: the prompts to continue (ids), one per sequence. */
  readonly prompts?: readonly (readonly number[])[];
}

const COMMAND_LINE: Location = { context: 'command line' };

/** The decode plan of `model`, or E0714 when it has no decode block. */
export function decodePlanOf(model: CheckedModel): DecodePlan {
  if (!model.decode) {
    throw new RnncError('E0714', `model \`${model.name}\` has no decode block, so rnnc does not know which input to feed back`, { context: model.name }, `add \`decode ${model.name} { … }\` after the model: \`rnnc explain E0714\``);
  }
  return model.decode;
}

/** The options as a strategy, or E0713 naming the option that is wrong. */
export function strategyFor(options: GenerateOptions, where: Location = COMMAND_LINE): Strategy {
  const bad = (message: string, hint: string) => new RnncError('E0713', message, where, hint);
  const { temperature, topK, beam, seed } = options;
  if (temperature !== undefined && !(Number.isFinite(temperature) && temperature > 0)) throw bad(`the temperature must be a number > 0, not ${temperature}`, 'use for example --temperature 0.8 (lower is greedier)');
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1)) throw bad(`top-k must be an integer ≥ 1, not ${topK}`, 'use for example --top-k 5');
  if (beam !== undefined && !(Number.isInteger(beam) && beam >= 1)) throw bad(`the beam width must be an integer ≥ 1, not ${beam}`, 'use for example --beam 4 (1 is greedy)');
  if (seed !== undefined && !Number.isInteger(seed)) throw bad(`the seed must be an integer, not ${seed}`, 'use for example --seed 1');
  if (options.maxLength !== undefined && !(Number.isInteger(options.maxLength) && options.maxLength >= 1)) throw bad(`max-length must be an integer ≥ 1, not ${options.maxLength}`, 'use for example --max-length 20');
  if (beam !== undefined) {
    if (temperature !== undefined || topK !== undefined) throw bad('beam search keeps the likeliest sequences and does not sample, so it takes no temperature or top-k', 'give --beam, or --temperature/--top-k, not both');
    return { kind: 'beam', width: beam };
  }
  if (temperature !== undefined || topK !== undefined) {
    return { kind: 'sample', rng: new Rng(seed ?? randomSeed()), temperature: temperature ?? 1, ...(topK === undefined ? {} : { topK }) };
  }
  return { kind: 'greedy' };
}

/** Generate for every source row or prompt, as the decode block and the options say. */
export function generate(network: Network, input: GenerateInput, options: GenerateOptions = {}, where: Location = COMMAND_LINE): GeneratedText[] {
  const plan = decodePlanOf(network.model);
  const strategy = strategyFor(options, where);
  const decoder = new StepDecoder(network, plan);
  const hasEncoder = decoder.sourceInputs.length > 0;
  const bad = (message: string, hint: string) => new RnncError('E0715', message, where, hint);
  // A prompt's ids index the output's tokens; a source's, the tokens of the Embedding reading it
  // (a translation's source language has its own vocabulary).
  const checkIds = (ids: ArrayLike<number>, what: string, count = plan.vocabulary, of = "the output's") => {
    for (let i = 0; i < ids.length; i++) {
      const v = ids[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= count) throw bad(`${what} holds ${v}, which is not a token id of this model (0–${count - 1})`, `ids index ${of} ${count} tokens`);
    }
  };
  if (input.texts) {
    if (input.sources) throw new RnncError('E0717', 'both source texts and source ids were given', where, 'give the sources one way: texts or ids');
    input = { sources: sourcesFromTexts(network, decoder.sourceInputs, input.texts, where), ...(input.prompts ? { prompts: input.prompts } : {}) };
  }
  if (hasEncoder) {
    if (input.prompts) throw bad(`model \`${network.model.name}\` has an encoder: it generates from sources, not from a prompt`, 'give the source ids (--source ids.npy), one sequence per row');
    const sources = input.sources ?? [];
    if (sources.length !== decoder.sourceInputs.length) throw bad(`model \`${network.model.name}\` reads ${decoder.sourceInputs.length} source input(s); ${sources.length} given`, 'give one array of source ids per input that is not fed back');
    sources.forEach((s, i) => {
      const input = network.model.inputs[decoder.sourceInputs[i]!]!;
      if (s.shape.length !== input.type.shape.length) throw bad(`the source for \`${input.name}\` has ${s.shape.length} axes; the input takes ${input.type.shape.length} (samples first)`, 'one source sequence per row');
      const embedding = embeddingOf(network.model, decoder.sourceInputs[i]!);
      if (input.type.dtype === 'int32') checkIds(s.data, `the source for \`${input.name}\``, embedding?.inputDim ?? Number.MAX_SAFE_INTEGER, embedding ? `\`${embedding.name}\`'s` : 'the');
    });
    return withText(network, generateSequences(decoder, { sources, maxLength: options.maxLength ?? plan.maxLength }, strategy));
  }
  if (input.sources?.length) throw bad(`model \`${network.model.name}\` is a language model: it continues a prompt and reads no source`, 'give a prompt (--prompt 5,3,9) instead');
  const prompts = input.prompts ?? [[]];
  prompts.forEach((p) => checkIds(p, 'the prompt'));
  if (plan.start === null && prompts.some((p) => p.length === 0)) throw bad('the decode block has no start token, so generation needs a prompt to start from', 'give --prompt, or add `start = ID` to the decode block');
  return withText(network, generateSequences(decoder, { sources: [], prompts, maxLength: options.maxLength ?? plan.maxLength }, strategy));
}

/** The Embedding that reads model input `input` directly, if one does: its name and input_dim. */
function embeddingOf(model: Network['model'], input: number): { readonly name: string; readonly inputDim: number } | null {
  for (const n of model.nodes) {
    if (n.layer.type === 'Embedding' && n.inputs.some((r) => r.node < 0 && r.index === input)) {
      return { name: n.layer.name, inputDim: (n.layer.config as { readonly input_dim: number }).input_dim };
    }
  }
  return null;
}
