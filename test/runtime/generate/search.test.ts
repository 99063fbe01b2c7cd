// Decoding strategies (runtime/generate/search.ts, choose.ts). Expected values come from the
// training graph's full forward pass (Network.predict on the whole prefix, not the step decoder)
// and from closed forms: beam search as wide as every sequence equals exhaustive search; width 1,
// temperature → 0 and top-k = 1 equal greedy; sampled frequencies match p^(1/T) over the top k.

import { beforeAll, describe, expect, it } from 'vitest';
import { compile, type RnnModel } from '../../../src/runtime/api.ts';
import { samplingDistribution, sampleToken } from '../../../src/runtime/generate/choose.ts';
import { generateSequences, type Generated, type Strategy } from '../../../src/runtime/generate/search.ts';
import { StepDecoder } from '../../../src/runtime/generate/step-decoder.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import type { HostArray } from '../../../src/runtime/train/batches.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const VOCAB = 4;
const START = 1;
const END = 2;
const TINY = `
model tiny {
  src = Input(shape=(None,), dtype=int32)
  tgt = Input(shape=(None,), dtype=int32)
  _, h = GRU(5, return_state=true)(Embedding(${VOCAB}, 3)(src))
  dec = GRU(5, return_sequences=true)(Embedding(${VOCAB}, 3)(tgt), initial_state=[h])
  output Dense(${VOCAB}, activation=softmax)(dec)
}
decode tiny { feed = tgt  start = ${START}  end = ${END}  max_length = 3 }
`;

async function tinyModel(seed: number): Promise<RnnModel> {
  const model = await compile(TINY, { seed });
  const rng = new Rng(seed + 100);
  // Larger weights than the initializers draw, so that distributions differ between prefixes.
  model.network.setWeightValues(model.network.getWeightValues().map((w) => w.map(() => rng.normal() * 0.8)));
  return model;
}

const row = (ids: readonly number[]): HostArray => ({ dtype: 'int32', shape: [1, ids.length], data: Int32Array.from(ids) });

/** P(next token | src, start + prefix) from the training graph's full forward pass. */
function nextProbabilities(model: RnnModel, src: readonly number[], prefix: readonly number[]): number[] {
  const tgt = [START, ...prefix];
  const [y] = model.predict([row(src), row(tgt)]);
  const last = tgt.length - 1;
  return Array.from(y!.data.subarray(last * VOCAB, (last + 1) * VOCAB));
}

/** Every sequence of at most maxLength tokens, scored by the full forward pass: the best. */
function exhaustive(model: RnnModel, src: readonly number[], maxLength: number): Generated {
  let best: Generated = { tokens: [], ended: false, logProbability: -Infinity };
  const visit = (prefix: number[], score: number) => {
    const p = nextProbabilities(model, src, prefix);
    for (let v = 0; v < VOCAB; v++) {
      const s = score + Math.log(p[v]!);
      if (v === END) {
        if (s > best.logProbability) best = { tokens: [...prefix], ended: true, logProbability: s };
      } else if (prefix.length + 1 === maxLength) {
        if (s > best.logProbability) best = { tokens: [...prefix, v], ended: false, logProbability: s };
      } else visit([...prefix, v], s);
    }
  };
  visit([], 0);
  return best;
}

const SOURCES: readonly (readonly number[])[] = [
  [3, 1, 2],
  [0, 3, 3],
  [2, 2, 1],
  [1, 0, 3],
];

function run(model: RnnModel, src: readonly number[], strategy: Strategy, maxLength = 3): Generated {
  const decoder = new StepDecoder(model.network, model.model.decode!);
  return generateSequences(decoder, { sources: [row(src)], maxLength }, strategy)[0]!;
}

describe('beam search', () => {
  it('as wide as every sequence (vocab^len) finds what exhaustive search finds', async () => {
    let greedyMissed = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const model = await tinyModel(seed);
      for (const src of SOURCES) {
        const expected = exhaustive(model, src, 3);
        const got = run(model, src, { kind: 'beam', width: VOCAB ** 3 });
        expect(got.tokens, `seed ${seed}, source ${src.join(',')}`).toEqual(expected.tokens);
        expect(got.ended).toBe(expected.ended);
        expect(got.logProbability).toBeCloseTo(expected.logProbability, 5);
        if (run(model, src, { kind: 'greedy' }).logProbability < expected.logProbability - 1e-6) greedyMissed++;
      }
      model.dispose();
    }
    // The cases are ones where the search matters: greedy misses the likeliest sequence in some.
    expect(greedyMissed).toBeGreaterThan(0);
  });

  it('of width 1 is greedy, and a narrow beam never beats exhaustive search', async () => {
    const model = await tinyModel(4);
    for (const src of SOURCES) {
      const greedy = run(model, src, { kind: 'greedy' }, 6);
      expect(run(model, src, { kind: 'beam', width: 1 }, 6)).toEqual(greedy);
      const narrow = run(model, src, { kind: 'beam', width: 2 });
      expect(narrow.logProbability).toBeLessThanOrEqual(exhaustive(model, src, 3).logProbability + 1e-9);
    }
    model.dispose();
  });
});

describe('greedy decoding', () => {
  it('takes the argmax of the full forward pass at every step', async () => {
    const model = await tinyModel(5);
    for (const src of SOURCES) {
      const got = run(model, src, { kind: 'greedy' }, 5);
      const expected: number[] = [];
      let ended = false;
      for (let i = 0; i < 5; i++) {
        const p = nextProbabilities(model, src, expected);
        const v = p.indexOf(Math.max(...p));
        if (v === END) {
          ended = true;
          break;
        }
        expected.push(v);
      }
      expect(got.tokens).toEqual(expected);
      expect(got.ended).toBe(ended);
    }
    model.dispose();
  });
});

describe('sampling', () => {
  it('with temperature → 0, or top-k = 1, is greedy', async () => {
    const model = await tinyModel(6);
    for (const src of SOURCES) {
      const greedy = run(model, src, { kind: 'greedy' }, 6).tokens;
      expect(run(model, src, { kind: 'sample', rng: new Rng(1), temperature: 1e-4 }, 6).tokens).toEqual(greedy);
      expect(run(model, src, { kind: 'sample', rng: new Rng(2), temperature: 1, topK: 1 }, 6).tokens).toEqual(greedy);
    }
    model.dispose();
  });

  it('draws tokens with the frequencies of p^(1/T), renormalised over the top k', () => {
    const p = [0.05, 0.4, 0.1, 0.3, 0.15];
    for (const options of [{ temperature: 1 }, { temperature: 0.5, topK: 3 }, { temperature: 2, topK: 4 }]) {
      // Closed form: the top k of p by value, each raised to 1/T, normalised.
      const top = [...p.keys()].sort((a, b) => p[b]! - p[a]!).slice(0, options.topK ?? p.length);
      const w = p.map((v, i) => (top.includes(i) ? v ** (1 / options.temperature) : 0));
      const total = w.reduce((a, b) => a + b, 0);
      const expected = w.map((v) => v / total);
      expect(Array.from(samplingDistribution(p, options)).map((v) => +v.toFixed(12))).toEqual(expected.map((v) => +v.toFixed(12)));
      const rng = new Rng(42);
      const n = 20000;
      const counts = new Array<number>(p.length).fill(0);
      for (let i = 0; i < n; i++) counts[sampleToken(p, options, rng)]!++;
      counts.forEach((c, i) => {
        const q = expected[i]!;
        // Four standard deviations of a binomial count: fails by chance about once in 15,000.
        expect(Math.abs(c - n * q)).toBeLessThanOrEqual(4 * Math.sqrt(n * q * (1 - q)) + 1e-9);
      });
    }
  });

  it('samples the first token of a model with the probabilities of its full forward pass', async () => {
    const model = await tinyModel(7);
    const src = [3, 1, 2];
    const p = nextProbabilities(model, src, []);
    const rng = new Rng(9);
    const n = 1500;
    const counts = new Array<number>(VOCAB).fill(0);
    const decoder = new StepDecoder(model.network, model.model.decode!);
    const sources = [{ dtype: 'int32' as const, shape: [n, 3], data: Int32Array.from({ length: n * 3 }, (_, i) => src[i % 3]!) }];
    for (const g of generateSequences(decoder, { sources, maxLength: 1 }, { kind: 'sample', rng, temperature: 1 })) counts[g.ended ? END : g.tokens[0]!]!++;
    counts.forEach((c, v) => expect(Math.abs(c - n * p[v]!)).toBeLessThanOrEqual(4 * Math.sqrt(n * p[v]! * (1 - p[v]!)) + 1e-9));
    model.dispose();
  });
});
