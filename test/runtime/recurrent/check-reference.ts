// One kernel call compared with the float64 reference: outputs, then the gradient of
// L = Σ_i Σ(output_i ⊙ R_i) with respect to the input, every weight and every initial state,
// against central finite differences of the reference.

import { expect } from 'vitest';
import type { CheckedLayer } from '../../../src/compiler/ir.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { checkedLayer, expectClose, randoms, randomWeights, runKernel, type KernelRun } from './helpers.ts';
import { finiteDifferences, type Vec } from './reference.ts';
import { referenceModel, type DirectionMasks, type Dims } from './reference-model.ts';

export const DIMS: Dims = { batch: 3, time: 5, features: 4 };

export interface ReferenceCase {
  /** The layer call in .rnn syntax and how many outputs it has. */
  readonly call: string;
  readonly outputs?: number;
  /** [batch, time] 1/0. */
  readonly mask?: Vec | null;
  readonly initialState?: boolean;
  readonly training?: boolean;
  readonly seed?: number;
  /** The dropout masks the kernel draws from `seed`, per direction, as the reference uses them. */
  readonly dropout?: (layer: CheckedLayer) => DirectionMasks[];
  /** Which outputs the loss reads (all by default); the others get a null gradient. */
  readonly lossOn?: readonly number[];
}

const dot = (a: Vec, b: Vec) => a.reduce((s, v, i) => s + v * b[i]!, 0);

export function checkAgainstReference(c: ReferenceCase, tolerance = 1e-5): KernelRun {
  const { batch, time, features } = DIMS;
  const rng = new Rng(c.seed ?? 11);
  const layer = checkedLayer(c.call, time, features, c.outputs ?? 1);
  const model = referenceModel(layer, DIMS);
  const x = randoms(rng, batch * time * features);
  const weights = randomWeights(layer, rng);
  const initialState = c.initialState ? model.stateWidths.map((w) => randoms(rng, batch * w, 0.8)) : undefined;
  const mask = c.mask ?? null;
  const dropout = c.dropout?.(layer) ?? [];

  const reference = () => model.run(weights, x, mask, initialState ?? null, dropout);
  const expected = reference();
  const R = expected.map((o, i) => (!c.lossOn || c.lossOn.includes(i) ? randoms(rng, o.length) : null));
  const call = { layer, x, shape: [batch, time, features] as const, mask, weights, initialState, training: c.training, seed: c.seed };
  const got = runKernel({ ...call, dOutputs: R });

  expect(got.outputs.length).toBe(expected.length);
  got.outputs.forEach((o, i) => expectClose(o, expected[i]!, tolerance, `output ${i}`));

  const loss = () => reference().reduce((s, o, i) => s + (R[i] ? dot(o, R[i]) : 0), 0);
  expectClose(got.dx, finiteDifferences(x, loss), tolerance, 'dx');
  weights.forEach((w, i) => expectClose(got.dWeights![i], finiteDifferences(w, loss), tolerance, `d${layer.weights[i]!.name}`));
  initialState?.forEach((s, i) => expectClose(got.dInitialState![i], finiteDifferences(s, loss), tolerance, `dstate ${i}`));
  return got;
}
