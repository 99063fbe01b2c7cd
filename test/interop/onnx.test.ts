// rnnc export --onnx, numerically: every example that can be exported and a matrix of every
// recurrent option run both in rnnc's runtime (what `rnnc predict` runs) and as the exported graph
// under onnxruntime-node, within 1e-5; each file written passes ONNX's checker (Debian's
// python3-onnx) when it is installed. Batch and time are not the ones the model was checked with:
// the graph's batch axis, and its time axis where the model leaves it free, are dynamic.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/compiler/check.ts';
import { onnxRefusals } from '../../src/interop/onnx/export.ts';
import { LAYERS } from '../../src/compiler/layers/registry.ts';
import { EXPORTED_LAYERS, PLAIN_ACTIVATIONS } from '../../src/interop/onnx/plan.ts';
import { initBackend } from '../../src/runtime/tf.ts';
import { RECURRENT, SAMPLES } from '../runtime/layers/samples.ts';
import { hasOnnxChecker, onnxCheck, randomizeWeights, roundTrip } from './onnx-support.ts';
import { compile } from '../../src/runtime/api.ts';
import * as ort from 'onnxruntime-node';
import { exportOnnx } from '../../src/interop/onnx/api.ts';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const TOLERANCE = 1e-5;
let dir = '';
const written: string[] = [];
const measured: number[] = [];

beforeAll(async () => {
  await initBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'rnnc-onnx-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  // The largest difference seen, for the record (README quotes it).
  if (measured.length) console.log(`rnnc export --onnx: ${measured.length} models, max |ONNX − rnnc predict| = ${Math.max(...measured).toExponential(2)}`);
});

function keep(name: string, bytes: Uint8Array): void {
  const path = join(dir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.onnx`);
  writeFileSync(path, bytes);
  written.push(path);
}

async function expectSame(name: string, source: string, options: Parameters<typeof roundTrip>[2] = {}) {
  const r = await roundTrip(source, `${name}.rnn`, options);
  r.rnn.dispose();
  keep(name, r.bytes);
  measured.push(r.maxDiff);
  expect(r.maxDiff, name).toBeLessThanOrEqual(TOLERANCE);
  // A NaN where rnnc has one too is its answer (a mean over no steps); a recurrent layer has none.
  if (options.holes) expect(r.nans, `${name}: NaN in the graph's outputs`).toBe(0);
}

describe('every example the export can write', () => {
  // sentiment_text and translate_text read raw text through a TextVectorization, which ONNX
  // export refuses (E0906, as the every-layer test asserts).
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.rnn') && f !== 'sentiment_text.rnn' && f !== 'translate_text.rnn');
  for (const file of files) {
    it(file, async () => {
      const source = readFileSync(join(EXAMPLES, file), 'utf8');
      const result = check(source, file);
      for (const model of result.models) {
        expect(onnxRefusals(model), `${file}: ${model.name}`).toEqual([]);
        // A free time axis runs with 9 steps; a fixed one keeps its length. Weights small enough that
        // relu layers stay in a range where 1e-5 is a meaningful bound.
        await expectSame(`${file}-${model.name}`, source, { model: model.name, batch: 5, time: 9, scale: 0.15 });
      }
    });
  }
});

/** One recurrent layer (or Bidirectional), in a functional model that outputs all it returns. */
function recurrentModel(layer: string, opts: { masked: boolean; outputs: number; input?: string }): string {
  const names = Array.from({ length: opts.outputs }, (_, i) => `o${i}`);
  return `model m {
  x = Input(shape=${opts.input ?? '(None, 3)'})
  ${opts.masked ? 'h = Masking(mask_value=0.0)(x)' : 'h = x'}
  ${names.join(', ')} = ${layer}(h)
  output ${names.join(', ')}
}
`;
}

const STATES: Record<string, number> = { SimpleRNN: 1, LSTM: 2, GRU: 1 };

describe('each recurrent layer option', () => {
  const cases: { name: string; source: string; masked?: boolean }[] = [];
  for (const cell of ['SimpleRNN', 'LSTM', 'GRU']) {
    const variants = cell === 'GRU' ? ['reset_after=true', 'reset_after=false'] : [''];
    for (const variant of variants)
      for (const rs of [false, true])
        for (const gb of [false, true])
          for (const masked of [false, true])
            for (const zero of masked ? [false, true] : [false]) {
              const args = ['4', variant, `return_sequences=${rs}`, `go_backwards=${gb}`, 'return_state=true', zero ? 'zero_output_for_mask=true' : ''].filter(Boolean).join(', ');
              cases.push({ name: `${cell}(${args}) masked=${masked}`, source: recurrentModel(`${cell}(${args})`, { masked, outputs: 1 + STATES[cell]! }), masked });
            }
    for (const mode of ['concat', 'sum', 'mul', 'ave', 'None'])
      for (const rs of [false, true])
        for (const masked of [false, true]) {
          const inner = `${cell}(3, return_sequences=${rs}, return_state=true${cell === 'GRU' ? ', reset_after=false' : ''})`;
          const outputs = (mode === 'None' ? 2 : 1) + 2 * STATES[cell]!;
          cases.push({ name: `Bidirectional(${inner}, merge_mode=${mode}) masked=${masked}`, source: recurrentModel(`Bidirectional(${inner}, merge_mode=${mode})`, { masked, outputs }), masked });
        }
    // Activations ONNX's operators take, and no bias.
    const acts = cell === 'SimpleRNN' ? ['activation=relu', 'activation=None', 'activation=hard_sigmoid', 'activation=softsign, use_bias=false'] : ['recurrent_activation=hard_sigmoid', 'activation=relu, recurrent_activation=None', 'activation=elu, recurrent_activation=softsign', 'use_bias=false'];
    for (const a of acts) cases.push({ name: `${cell}(${a})`, source: recurrentModel(`${cell}(4, return_sequences=true, ${a})`, { masked: false, outputs: 1 }) });
  }
  for (const c of cases) it(c.name, () => expectSame(c.name, c.source, { batch: 5, time: 7 }));
  // The same masked layers with masks sequence_lens cannot say: holes, padding in front.
  for (const c of cases.filter((k) => k.masked)) it(`${c.name} with holes`, () => expectSame(`${c.name}-holes`, c.source, { batch: 6, time: 7, holes: true }));

  it('stacked, masked, with Dense on the sequence and on the last step', () =>
    expectSame(
      'stacked',
      `model stacked {
  Embedding(20, 5, mask_zero=true, input=(None,))
  LSTM(6, return_sequences=true)
  TimeDistributed(Dense(3, activation=relu))
  GRU(4, return_sequences=true, reset_after=false)
  Dense(2, activation=tanh)
  SimpleRNN(3)
  Dense(2, activation=softmax)
}
`,
      { batch: 6, time: 8 },
    ));

  it('two masked inputs merged (their masks and-ed) into a GRU', () =>
    expectSame(
      'merged-masks',
      `model merged {
  a = Input(shape=(None, 3))
  b = Input(shape=(None, 3))
  s = Add()([Masking()(a), Masking()(b)])
  c = Concatenate()([s, Masking()(b)])
  output GRU(4, return_sequences=true)(c)
}
`,
      { batch: 5, time: 6 },
    ));

  it('normalization along another axis, without centre or scale, and GlobalMaxPooling1D', () =>
    expectSame(
      'normalization',
      `model norms {
  LayerNormalization(axis=1, input=(4, 3))
  LayerNormalization(rms_scaling=true)
  BatchNormalization(axis=1, center=false)
  BatchNormalization(scale=false, epsilon=0.01)
  GlobalMaxPooling1D(keepdims=true)
}
`,
    ));

  it('Conv1D (valid, same, causal; strides, dilation, groups) and the 1-D poolings', () =>
    expectSame(
      'convolutions',
      `model convs {
  Conv1D(4, 3, padding=causal, dilation_rate=2, input=(None, 2))
  Conv1D(6, 2, padding=same, groups=2, activation=relu)
  MaxPooling1D(2, padding=same)
  Conv1D(4, 3, strides=2, use_bias=false)
  AveragePooling1D(2, strides=1, padding=same)
  Conv1D(3, 2, padding=same, strides=2)
  AveragePooling1D(3, padding=valid)
}
`,
      { batch: 3, time: 23 },
    ));

  for (const a of PLAIN_ACTIVATIONS) {
    it(`Dense(activation=${a})`, () => expectSame(`dense-${a}`, `model m {\n  Dense(4, activation=${a}, input=(None, 3))\n}\n`, { batch: 3, time: 4, scale: 1 }));
  }

  it('initial_state from another layer, a fixed time axis and RepeatVector', () =>
    expectSame(
      'initial-state',
      `model seq2seq {
  x = Input(shape=(5, 2))
  _, h, c = LSTM(4, return_state=true)(x)
  r = RepeatVector(3)(h)
  y = LSTM(4, return_sequences=true)(r, initial_state=[h, c])
  output Dense(2)(Flatten()(y))
}
`,
    ));
});

describe('a mask that is not a prefix', () => {
  // sequence_lens cannot say "skip step 2 but read step 3": such a batch runs the Scan.
  const holes = { batch: 7, time: 9, holes: true };
  it('stacked layers over mask_zero ids with holes, padded in front, empty', () =>
    expectSame(
      'stacked-holes',
      `model stacked {
  Embedding(20, 5, mask_zero=true, input=(None,))
  LSTM(6, return_sequences=true)
  Bidirectional(GRU(3, return_sequences=true))
  GRU(4, return_sequences=true, reset_after=false, go_backwards=true)
  SimpleRNN(3)
  Dense(2, activation=softmax)
}
`,
      holes,
    ));

  it('initial_state carried through masked steps', () =>
    expectSame(
      'initial-state-holes',
      `model m {
  x = Input(shape=(None, 3))
  m = Masking()(x)
  _, h, c = LSTM(4, return_state=true)(m)
  y, h2, c2 = LSTM(4, return_sequences=true, return_state=true)(m, initial_state=[h, c])
  _, g = GRU(4, return_state=true, go_backwards=true)(m, initial_state=[h2])
  output y, h2, c2, g
}
`,
      holes,
    ));

  it('a hand-made batch: a hole, padded at the end, padded in front, no padding', async () => {
    const rnn = await compile('model m {\n  Embedding(9, 3, mask_zero=true, input=(None,))\n  LSTM(4)\n}\n', { path: 'm.rnn', seed: 1 });
    randomizeWeights(rnn, 3);
    const ids = Int32Array.from([1, 0, 2, 3, /* a hole */ 4, 5, 0, 0, /* padded at the end */ 0, 6, 7, 8 /* padded in front */, 2, 2, 2, 2]);
    const expected = rnn.predict([{ shape: [4, 4], data: ids } as never])[0] as unknown as { data: Float32Array };
    const session = await ort.InferenceSession.create(exportOnnx(rnn));
    const run = async (data: Int32Array, shape: number[]) => (await session.run({ input: new ort.Tensor('int32', data, shape) }))[session.outputNames[0]!]!.data as Float32Array;
    const got = await run(ids, [4, 4]);
    expect(got.some(Number.isNaN)).toBe(false);
    got.forEach((v, i) => expect(Math.abs(v - expected.data[i]!), `output ${i}`).toBeLessThanOrEqual(TOLERANCE));
    // Keras's rule, independently of rnnc: a masked step carries the state, so the last output is
    // that of the sequence without its masked steps.
    const without = [await run(Int32Array.from([1, 2, 3]), [1, 3]), await run(Int32Array.from([6, 7, 8]), [1, 3])];
    [0, 2].forEach((example, k) => without[k]!.forEach((v, i) => expect(Math.abs(v - got[example * 4 + i]!), `example ${example}`).toBeLessThanOrEqual(TOLERANCE)));
    await session.release();
    rnn.dispose();
  });
});

describe('every layer of the registry', () => {
  // Each is exported (and computes rnnc's numbers) or refused with E0906 naming it: never written wrong.
  const small: Record<string, string> = {
    SimpleRNN: 'SimpleRNN(3, input=(None, 2))',
    LSTM: 'LSTM(3, input=(None, 2))',
    GRU: 'GRU(3, input=(None, 2))',
    Bidirectional: 'Bidirectional(LSTM(3), input=(None, 2))',
  };
  for (const type of [...LAYERS.keys()].filter((t) => t !== 'Input')) {
    it(type, async () => {
      const body = SAMPLES[type] ?? small[type];
      expect(body, `a sample model for ${type} (test/runtime/layers/samples.ts)`).toBeDefined();
      const source = `model sample {\n  ${body}\n}\n`;
      const model = check(source, 'sample.rnn').models[0]!;
      const refused = onnxRefusals(model);
      if (EXPORTED_LAYERS.includes(type)) {
        expect(refused).toEqual([]);
        await expectSame(`layer-${type}`, source, { batch: 4, time: 5 });
      } else {
        expect(refused.map((d) => d.code)).toEqual(['E0906']);
        expect(refused[0]!.message).toContain(type);
      }
    });
  }
  it('the recurrent samples cover the recurrent layers', () => expect(RECURRENT.every((t) => t in small)).toBe(true));
});

describe('what the export refuses', () => {
  const refusals = (body: string) => onnxRefusals(check(`model m {\n  ${body}\n}\n`, 'm.rnn').models[0]!).map((d) => `${d.code} ${d.message}`);
  it('names the layer and the argument', () => {
    expect(refusals('x = Input(shape=(4, 2), batch_size=3)\n  output LSTM(3, stateful=true)(x)')).toEqual([
      'E0906 rnnc export cannot write LSTM `lstm` with `stateful` to ONNX: a stateful layer carries its state from one call to the next, which a graph run once per batch does not',
    ]);
    expect(refusals('GRU(3, recurrent_activation=gelu, input=(None, 2))')).toEqual([
      "E0906 rnnc export cannot write GRU `gru` with recurrent_activation=gelu to ONNX: ONNX's GRU operator has no such activation",
    ]);
    expect(refusals('Masking(input=(None, 2))\n  LSTM(3, return_sequences=true)\n  Dense(2)')).toEqual([]);
    expect(refusals('a = Input(shape=(None, 2))\n  m = Masking()(a)\n  output Concatenate(axis=1)([m, m])')).toEqual([
      'E0906 rnnc export cannot write Concatenate `concatenate` along axis 1 of masked inputs to ONNX',
    ]);
  });
});

describe("ONNX's checker", () => {
  it.skipIf(!hasOnnxChecker)('passes every file written above (python3-onnx: onnx.checker.check_model, full_check)', () => {
    expect(written.length).toBeGreaterThan(0);
    expect(onnxCheck(written)).toBe('');
  });
  if (!hasOnnxChecker) it.skip('python3-onnx is not installed (apt-get install python3-onnx): the files were checked by onnxruntime alone', () => {});
});
