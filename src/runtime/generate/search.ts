// Decoding strategies over the one-step decoder (step-decoder.ts): greedy, sampling with
// temperature and top-k, and beam search. Each sequence starts from its prefix — the start token,
// if the decode block has one, then the prompt — fed one step at a time, and generates until the
// end token or max_length tokens. The end token stops a sequence and is not part of its output.
//
// Beam search scores a sequence by the sum of its tokens' log-probabilities, with no length
// normalisation (Keras Hub's BeamSampler does the same): it then finds the likeliest sequence
// outright, which is what the exhaustive-search test checks. Since a score only falls as a
// sequence grows, search stops as soon as the best finished sequence scores at least the best
// live one.

import type { Rng } from '../rng.ts';
import { tf, type Tensor } from '../tf.ts';
import type { HostArray } from '../train/batches.ts';
import { argmax, sampleToken, type SamplingOptions } from './choose.ts';
import type { DecoderState, StepDecoder } from './step-decoder.ts';

export type Strategy = { readonly kind: 'greedy' } | ({ readonly kind: 'sample'; readonly rng: Rng } & SamplingOptions) | { readonly kind: 'beam'; readonly width: number };

export interface Generated {
  /** The generated ids, without the prefix and without the end token. */
  readonly tokens: number[];
  /** Whether generation stopped at the end token (else at max_length). */
  readonly ended: boolean;
  /** The model's log-probability of the generated tokens (the end token's included). */
  readonly logProbability: number;
}

export interface GenerateRequest {
  /** One array per source input (the model's inputs other than the fed one), N rows each; none for a language model. */
  readonly sources: readonly HostArray[];
  /** For a language model: the prompts (ids) to continue; a model with an encoder has none. */
  readonly prompts?: readonly (readonly number[])[];
  readonly maxLength: number;
}

/** One Generated per source row (or per prompt). */
export function generateSequences(decoder: StepDecoder, request: GenerateRequest, strategy: Strategy): Generated[] {
  const rows = request.prompts ? request.prompts.length : (request.sources[0]?.shape[0] ?? 0);
  const out: Generated[] = [];
  for (let r = 0; r < rows; r++) {
    const prefix = [...(decoder.plan.start === null ? [] : [decoder.plan.start]), ...(request.prompts?.[r] ?? [])];
    if (prefix.length === 0) throw new Error('generate: a sequence needs a start token or a prompt');
    const state = encodeRow(decoder, request.sources, r);
    out.push(strategy.kind === 'beam' ? beamSearch(decoder, state, prefix, request.maxLength, strategy.width) : runOne(decoder, state, prefix, request.maxLength, strategy));
  }
  return out;
}

/** The state after the encoder, for source row r alone. */
function encodeRow(decoder: StepDecoder, sources: readonly HostArray[], r: number): DecoderState {
  const tensors: Tensor[] = sources.map((s) => {
    const row = s.shape.slice(1).reduce((a, b) => a * b, 1);
    return tf.tensor(s.data.slice(r * row, (r + 1) * row), [1, ...s.shape.slice(1)], s.dtype);
  });
  const state = decoder.encode(tensors, 1);
  tf.dispose(tensors);
  return state;
}

/** Feed all of `prefix` but its last token, one step each; return the state before the last. */
function consumePrefix(decoder: StepDecoder, state: DecoderState, prefix: readonly number[], rows: number): DecoderState {
  for (const token of prefix.slice(0, -1)) {
    const { next } = decoder.step(state, new Int32Array(rows).fill(token));
    state.dispose();
    state = next;
  }
  return state;
}

/** Greedy or sampled: one token per step, fed back. Takes ownership of `state`. */
function runOne(decoder: StepDecoder, state: DecoderState, prefix: readonly number[], maxLength: number, strategy: Strategy): Generated {
  state = consumePrefix(decoder, state, prefix, 1);
  const tokens: number[] = [];
  let last = prefix[prefix.length - 1]!;
  let logProbability = 0;
  let ended = false;
  while (tokens.length < maxLength) {
    const { probabilities, next } = decoder.step(state, Int32Array.of(last));
    state.dispose();
    state = next;
    const token = strategy.kind === 'sample' ? sampleToken(probabilities, strategy, strategy.rng) : argmax(probabilities);
    logProbability += Math.log(probabilities[token]!);
    if (token === decoder.plan.end) {
      ended = true;
      break;
    }
    tokens.push(token);
    last = token;
  }
  state.dispose();
  return { tokens, ended, logProbability };
}

interface Beam {
  readonly tokens: number[];
  readonly score: number;
}

/** Beam search of `width` for one sequence. Takes ownership of `state`. */
function beamSearch(decoder: StepDecoder, state: DecoderState, prefix: readonly number[], maxLength: number, width: number): Generated {
  state = consumePrefix(decoder, state, prefix, 1);
  const vocab = decoder.plan.vocabulary;
  const end = decoder.plan.end;
  let live: Beam[] = [{ tokens: [], score: 0 }];
  let lastTokens = Int32Array.of(prefix[prefix.length - 1]!);
  const finished: Generated[] = [];
  for (let length = 0; length < maxLength && live.length > 0; length++) {
    const { probabilities, next } = decoder.step(state, lastTokens);
    state.dispose();
    state = next;
    const candidates: { beam: number; token: number; score: number }[] = [];
    live.forEach((b, i) => {
      for (let v = 0; v < vocab; v++) {
        const p = probabilities[i * vocab + v]!;
        if (p > 0) candidates.push({ beam: i, token: v, score: b.score + Math.log(p) });
      }
    });
    // Best first; equal scores keep the earlier beam and the lower id, so results are deterministic.
    candidates.sort((a, b) => b.score - a.score || a.beam - b.beam || a.token - b.token);
    const nextLive: Beam[] = [];
    const parents: number[] = [];
    for (const c of candidates.slice(0, width)) {
      const tokens = live[c.beam]!.tokens;
      if (c.token === end) finished.push({ tokens: [...tokens], ended: true, logProbability: c.score });
      else {
        nextLive.push({ tokens: [...tokens, c.token], score: c.score });
        parents.push(c.beam);
      }
    }
    live = nextLive;
    const bestFinished = Math.max(-Infinity, ...finished.map((f) => f.logProbability));
    if (live.length === 0 || bestFinished >= live[0]!.score) break;
    const selected = decoder.select(state, parents);
    state.dispose();
    state = selected;
    lastTokens = Int32Array.from(live.map((b) => b.tokens[b.tokens.length - 1]!));
  }
  state.dispose();
  // Sequences still live reached max_length without the end token.
  const all = [...finished, ...live.map((b) => ({ tokens: b.tokens, ended: false, logProbability: b.score }))];
  let best = all[0]!;
  for (const g of all) if (g.logProbability > best.logProbability) best = g;
  return best;
}
