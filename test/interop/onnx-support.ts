// Runs a model both ways — rnnc's runtime (RnnModel.predict, what `rnnc predict` runs) and the
// exported ONNX graph under onnxruntime-node — on the same random weights and inputs, and measures
// how far apart they are. Inputs are padded at the end where the model has a mask (Masking's
// mask_value, Embedding's id 0), one example fully padded and one not padded at all, so masks are
// exercised with every length; or, with `holes`, masked at random steps (holes in the middle,
// padding in front), which sequence_lens cannot say.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import type { CheckedModel } from '../../src/compiler/ir.ts';
import { exportOnnx } from '../../src/interop/onnx/api.ts';
import { compile, type RnnModel } from '../../src/runtime/api.ts';
import type { HostArray } from '../../src/runtime/train/batches.ts';

/** A small seeded generator (the tests' numbers repeat run to run). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** How each model input is padded: the value a padded step holds, when the model masks it. */
function padding(model: CheckedModel, input: number): { readonly value: number; readonly ids?: number } | null {
  for (const node of model.nodes) {
    if (!node.inputs.some((r) => r.node === -1 && r.index === input)) continue;
    const l = node.layer;
    if (l.type === 'Masking') return { value: l.config.mask_value };
    if (l.type === 'Embedding') return l.config.mask_zero ? { value: 0, ids: l.config.input_dim } : { value: -1, ids: l.config.input_dim };
  }
  return null;
}

export interface Compared {
  readonly maxDiff: number;
  /** NaNs among the graph's outputs. */
  readonly nans: number;
  readonly outputs: number;
  readonly bytes: Uint8Array;
}

/** Random weights (uniform in ±scale) replace the initial ones, so every bias and gate counts. */
export function randomizeWeights(rnn: RnnModel, seed: number, scale = 0.4): void {
  const rand = lcg(seed);
  const names = rnn.network.weights.map((w) => w.name);
  // A variance stays positive (BatchNormalization's moving_variance), so no NaN hides a difference.
  rnn.network.setWeightValues(rnn.network.getWeightValues().map((v, i) => Float32Array.from(v, () => (names[i]!.endsWith('variance') ? 0.5 + rand() : (rand() * 2 - 1) * scale))));
}

/** Which steps of example b (of `batch`) are real, `steps` in all. */
function realSteps(b: number, batch: number, steps: number, holes: boolean, rand: () => number): (t: number) => boolean {
  // All of them for b = 0, none for the last example.
  if (b === batch - 1) return () => false;
  if (b === 0) return () => true;
  if (!holes) return (t) => t < Math.max(0, steps - b);
  // Padding in front for b = 1; else a random third of the steps masked, one of them in the middle.
  if (b === 1) return (t) => t >= 2;
  const real = Array.from({ length: steps }, () => rand() >= 1 / 3);
  real[Math.floor(steps / 2)] = false;
  return (t) => real[t]!;
}

/** Inputs for the model: `batch` examples of `time` steps where the time axis is free. */
export function inputsFor(model: CheckedModel, batch: number, time: number, seed: number, holes = false): HostArray[] {
  const rand = lcg(seed);
  return model.inputs.map((input, k) => {
    const shape = input.type.shape.map((d, i) => (i === 0 ? batch : (d ?? time)));
    const steps = shape[1] ?? 1;
    const perStep = shape.slice(2).reduce((a, b) => a * b, 1);
    const pad = padding(model, k);
    const n = shape.reduce((a, b) => a * b, 1);
    const data = input.type.dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
    for (let b = 0; b < batch; b++) {
      const isReal = pad && shape.length >= 2 ? realSteps(b, batch, steps, holes, rand) : () => true;
      for (let t = 0; t < steps; t++) {
        const real = isReal(t);
        for (let f = 0; f < perStep; f++) {
          const i = (b * steps + t) * perStep + f;
          if (pad?.ids !== undefined) data[i] = real || pad.value < 0 ? 1 + Math.floor(rand() * (pad.ids - 1)) : 0;
          else data[i] = real ? rand() * 2 - 1 : pad!.value;
        }
      }
    }
    return { shape, data } as unknown as HostArray;
  });
}

/** The exported graph's outputs against the runtime's, on the given inputs. */
export async function compare(rnn: RnnModel, inputs: readonly HostArray[]): Promise<Compared> {
  const expected = rnn.predict(inputs, 64);
  const bytes = exportOnnx(rnn);
  const session = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, ort.Tensor> = {};
  rnn.model.inputs.forEach((input, k) => {
    const x = inputs[k] as unknown as { shape: number[]; data: Float32Array | Int32Array };
    feeds[input.name] = new ort.Tensor(input.type.dtype === 'int32' ? 'int32' : 'float32', x.data, x.shape);
  });
  const got = await session.run(feeds);
  let maxDiff = 0;
  let nans = 0;
  session.outputNames.forEach((name, k) => {
    const a = got[name]!.data as Float32Array;
    const b = (expected[k] as unknown as { data: Float32Array; shape: number[] });
    if (a.length !== b.data.length || got[name]!.dims.join() !== b.shape.join()) throw new Error(`output ${name}: ONNX ${got[name]!.dims.join('×')}, rnnc ${b.shape.join('×')}`);
    for (let i = 0; i < a.length; i++) {
      if (Number.isNaN(a[i]!)) nans++;
      // NaN on one side only is a difference; on both it is the same answer (a GlobalAveragePooling1D
      // of an example with every step masked is 0/0 in Keras, rnnc and the graph alike).
      if (Number.isNaN(a[i]!) && Number.isNaN(b.data[i]!)) continue;
      const d = Math.abs(a[i]! - b.data[i]!);
      maxDiff = Math.max(maxDiff, Number.isNaN(d) ? Infinity : d);
    }
  });
  await session.release();
  return { maxDiff, nans, outputs: session.outputNames.length, bytes };
}

/** compile + random weights + compare, for a model given as source. */
export async function roundTrip(source: string, path: string, options: { batch?: number; time?: number; seed?: number; scale?: number; model?: string; holes?: boolean } = {}): Promise<Compared & { rnn: RnnModel }> {
  const rnn = await compile(source, { path, seed: 1, ...(options.model ? { model: options.model } : {}) });
  randomizeWeights(rnn, options.seed ?? 7, options.scale);
  const result = await compare(rnn, inputsFor(rnn.model, options.batch ?? 4, options.time ?? 6, (options.seed ?? 7) + 1, options.holes));
  return { ...result, rnn };
}

/** Debian's python3-onnx, when it is installed: ONNX's own checker for the files written. */
export const PYTHON = '/usr/bin/python3';
export const hasOnnxChecker = (() => {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', 'import onnx'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Runs onnx.checker.check_model (full_check: with shape inference) on each file; '' when all pass, else the report. */
export function onnxCheck(files: readonly string[]): string {
  const script = [
    'import sys, onnx',
    'bad = []',
    'for f in sys.argv[1:]:',
    '    try:',
    '        m = onnx.load(f)',
    '        onnx.checker.check_model(m, full_check=True)',
    '    except Exception as e:',
    '        bad.append(f + ": " + str(e))',
    'print("\\n".join(bad))',
  ].join('\n');
  return execFileSync(PYTHON, ['-c', script, ...files], { encoding: 'utf8' }).trim();
}
