// The plain-op path of one recurrent direction: tfjs ops per step, forward and backward (BPTT),
// around each cell's ops step (cells/*/ops.ts). It is the reference and the fallback: recurrent
// dropout (Keras's implementation 1, one mask per gate), activations without a kernel code, and
// backends other than wasm and cpu run here (choose.ts). Keras's loop is
// keras/src/backend/tensorflow/rnn.py, rnn().
//
// Shape of the work (docs/performance.md, "Where time goes"):
// - forward: one GEMM projects the inputs of every step ([T·B, F]·W); the loop does only h·U
//   and the cell's elementwise work;
// - backward: the loop does only the cell's backward and dh = dz·Uᵀ; dW, dU and the bias come
//   after it as single GEMMs / sums over the per-step tensors stacked.
//
// Masks (driver.ts has the rules): since the state h is carried through masked steps, output_t
// equals h_t times a 0/1 gate: "a real step has been seen" (cumulative), or the step's own mask.

import { tf, type Tensor } from '../../../tf.ts';
import { gruCell } from '../cells/gru/ops.ts';
import { lstmCell } from '../cells/lstm/ops.ts';
import { simpleRnnCell } from '../cells/simple-rnn/ops.ts';
import { activation } from '../../../activations.ts';
import type { ChosenArgs, DirectionGrads, DirectionPath, PathRun } from '../direction.ts';
import { GATES, stateCount, weightCount, type CellType, type RecurrentConfig } from '../config.ts';
import type { Cell, CellWeights, OpsConfig, StepCache } from './cell.ts';
import { GateProjection, projectionWeightGrad } from './projection.ts';
import { sumRows, unstackOnce } from './rows.ts';

/** Each cell's ops step (a program `rnnc build` writes keeps those of the cells its model runs here). */
const CELLS: Readonly<Record<CellType, (cfg: OpsConfig, w: CellWeights, masks: readonly Tensor[]) => Cell>> = {
  SimpleRNN: simpleRnnCell,
  LSTM: lstmCell,
  GRU: gruCell,
};

interface OpsCache {
  readonly cfg: RecurrentConfig;
  readonly shape: readonly [number, number, number];
  readonly cell: Cell;
  readonly input: GateProjection;
  readonly inputOperands: readonly Tensor[];
  readonly steps: readonly StepCache[];
  /** Per step, [batch, 1] float 1/0; null without a mask. */
  readonly stepMasks: readonly Tensor[] | null;
  /** What multiplies h into the output (see the header); null without a mask. */
  readonly outputGate: Tensor | null;
}

/** [batch, time, …] → [time, batch, …] in processing order (reversed for go_backwards). */
function toTimeMajor(x: Tensor, backwards: boolean): Tensor {
  const perm = [1, 0, ...x.shape.slice(2).map((_, i) => i + 2)];
  const t = tf.transpose(x, perm);
  return backwards ? tf.reverse(t, 0) : t;
}

function fromTimeMajor(x: Tensor, backwards: boolean): Tensor {
  const t = backwards ? tf.reverse(x, 0) : x;
  return tf.transpose(t, [1, 0, ...x.shape.slice(2).map((_, i) => i + 2)]);
}

function cellWeights(cfg: RecurrentConfig, weights: readonly Tensor[]): CellWeights {
  const expected = weightCount(cfg);
  if (weights.length !== expected) throw new Error(`${cfg.type} expects ${expected} weights, got ${weights.length}`);
  return { kernel: weights[0]!, recurrentKernel: weights[1]!, bias: cfg.useBias ? weights[2]! : null };
}

/** maskT [time, batch] → the output gate: [time, batch, 1] for sequences, [batch, 1] for the last step. */
function outputGate(cfg: RecurrentConfig, maskT: Tensor): Tensor {
  const gate = cfg.zeroOutputForMask ? maskT : tf.cast(tf.greater(tf.cumsum(maskT, 0), 0), 'float32');
  if (cfg.returnSequences) return tf.expandDims(gate, 2);
  const [time, batch] = maskT.shape as [number, number];
  return tf.reshape(tf.slice(gate, [time - 1, 0], [1, batch]), [batch, 1]);
}

function runOps(a: ChosenArgs): PathRun {
  const { cfg, x, mask, dropout } = a;
  const [batch, time, features] = x.shape as [number, number, number];
  const weights = cellWeights(cfg, a.weights);
  // A null activation is Keras's None: linear; SimpleRNN's recurrent one is never read.
  const ops = { ...cfg, activation: activation(cfg.activationName), recurrentActivation: activation(cfg.recurrentActivationName) };
  const cell = CELLS[cfg.type](ops, weights, dropout.recurrent);
  const width = GATES[cfg.type] * cfg.units;

  // The input projection of every step at once. Rows are time-major (t·B + b), so each
  // [batch, features] dropout mask is tiled over time.
  const xs = tf.reshape(toTimeMajor(x, cfg.goBackwards), [time * batch, features]);
  const input = new GateProjection(weights.kernel, dropout.input.map((m) => tf.tile(m, [time, 1])));
  const inputOperands = input.operands(xs);
  const projected = input.forward(inputOperands);
  const biased = cell.inputBias ? tf.add(projected, cell.inputBias) : projected;
  const xw = unstackOnce(tf.reshape(biased, [time, batch, width]));

  const maskT = mask ? toTimeMajor(tf.cast(mask, 'float32'), cfg.goBackwards) : null;
  const stepMasks = maskT ? unstackOnce(tf.expandDims(maskT, 2)) : null;
  const keepNew = stepMasks?.map((m) => tf.cast(m, 'bool')) ?? null;

  let states = a.initialState ? [...a.initialState] : initialZeros(cfg, batch);
  if (states.length !== stateCount(cfg.type)) {
    throw new Error(`${cfg.type} takes ${stateCount(cfg.type)} initial states, got ${states.length}`);
  }
  const steps: StepCache[] = [];
  const hs: Tensor[] = [];
  for (let t = 0; t < time; t++) {
    const next = cell.step(xw[t]!, states);
    const keep = keepNew?.[t];
    const prev = states;
    states = keep ? next.states.map((s, i) => tf.where(keep, s, prev[i]!)) : next.states;
    steps.push(next.cache);
    hs.push(states[0]!);
  }

  const gate = maskT ? outputGate(cfg, maskT) : null;
  let output: Tensor;
  if (cfg.returnSequences) {
    const seq = tf.stack(hs);
    output = tf.transpose(gate ? tf.mul(seq, gate) : seq, [1, 0, 2]);
  } else {
    const last = states[0]!;
    output = gate ? tf.mul(last, gate) : last;
  }
  const cache: OpsCache = {
    cfg,
    shape: [batch, time, features],
    cell,
    input,
    inputOperands,
    steps,
    stepMasks,
    outputGate: gate,
  };
  return { output, states, cache };
}

function initialZeros(cfg: RecurrentConfig, batch: number): Tensor[] {
  return Array.from({ length: stateCount(cfg.type) }, () => tf.zeros([batch, cfg.units]));
}

function backOps(_a: ChosenArgs, cacheValue: unknown, dOutput: Tensor | null, dStates: readonly (Tensor | null)[]): DirectionGrads {
  const c = cacheValue as OpsCache;
  const { cfg, cell, steps, stepMasks } = c;
  const [batch, time, features] = c.shape;

  // The gradient reaching h_t through the output.
  const dhOut: (Tensor | null)[] = new Array<Tensor | null>(time).fill(null);
  if (dOutput) {
    if (cfg.returnSequences) {
      const d = tf.transpose(dOutput, [1, 0, 2]);
      unstackOnce(c.outputGate ? tf.mul(d, c.outputGate) : d).forEach((dt, t) => (dhOut[t] = dt));
    } else {
      dhOut[time - 1] = c.outputGate ? tf.mul(dOutput, c.outputGate) : dOutput;
    }
  }

  let dS: Tensor[] = initialZeros(cfg, batch).map((zero, i) => dStates[i] ?? zero);
  const dxw: Tensor[] = new Array<Tensor>(time);
  const dRec: (readonly Tensor[])[] = new Array<readonly Tensor[]>(time);
  for (let t = time - 1; t >= 0; t--) {
    const out = dhOut[t];
    if (out) dS[0] = tf.add(dS[0]!, out);
    const m = stepMasks?.[t];
    // A masked step passed its states through unchanged: their gradient skips the cell.
    const toCell = m ? dS.map((d) => tf.mul(d, m)) : dS;
    const step = cell.backStep(steps[t]!, toCell);
    dS = m ? step.dStates.map((d, i) => tf.add(d, tf.sub(dS[i]!, toCell[i]!))) : [...step.dStates];
    dxw[t] = step.dxw;
    dRec[t] = step.dRec;
  }

  // Everything that does not depend on the recurrence, as single GEMMs over all steps.
  const dXW = tf.concat(dxw, 0); // [T·B, gates·units], rows time-major like the projection
  const { dBlocks: dInputBlocks, dx: dxs } = c.input.backward(dXW);
  const dKernel = projectionWeightGrad(c.inputOperands, dInputBlocks);
  const blocks = dRec[0]!.length;
  const stacked = (pick: (t: number) => Tensor) => tf.concat(Array.from({ length: time }, (_, t) => pick(t)), 0);
  const recIn = Array.from({ length: blocks }, (_, k) => stacked((t) => steps[t]!.recIn[k]!));
  const dRecStacked = Array.from({ length: blocks }, (_, k) => stacked((t) => dRec[t]![k]!));
  const dRecurrentKernel = projectionWeightGrad(recIn, dRecStacked);
  const dWeights = [dKernel, dRecurrentKernel];
  if (cfg.useBias) {
    const dRecurrentBias = () => tf.concat(dRecStacked.map(sumRows), 0);
    dWeights.push(cell.biasGrad(sumRows(dXW), dRecurrentBias));
  }
  const dx = fromTimeMajor(tf.reshape(dxs, [time, batch, features]), cfg.goBackwards);
  return { dx, dWeights, dInitialState: dS };
}

/** dx is always computed here (wantDx is the fused path's saving). */
export const OPS_PATH: DirectionPath = { run: runOps, back: backOps };
