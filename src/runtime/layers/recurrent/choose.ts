// The one place that chooses how a direction of a recurrent layer runs: which path, which of the
// cell's plans, and whose arithmetic its steps use. The driver (driver.ts) asks it at every call;
// `rnnc build` asks it for the wasm backend, an emitted program's only one, and copies just the
// implementations a model's layers get (src/emit/uses.ts). It reads names and numbers only — no
// TensorFlow.js — so the emitter can call it.
//
// - path 'fused' (fused/run.ts): a plan of rnnc's custom kernels over tensor memory, a few
//   dispatches per step (docs/performance.md, "Where time goes"). Needs a backend whose memory the
//   kernels can read (kernels/heap.ts: wasm, cpu), activations they have a code for
//   (kernels/pointwise.ts), no recurrent dropout, and at most one input dropout mask.
// - path 'ops' (ops/run.ts): tfjs ops per step, any backend, every activation and Keras's
//   per-gate dropout masks (implementation 1). Its numbers are tfjs's, not the kernels'.
// - plan: each cell's fused plan (cells/*/plan.ts), by name. On wasm every cell runs as one
//   whole-sequence kernel each way calling the backend's GEMM (cells/*/sequence.ts); elsewhere one
//   kernel per step between tfjs GEMMs.
// - cells: the arithmetic of the whole-sequence kernel's steps: WebAssembly SIMD (cells/*/simd.ts)
//   where it covers the layer, else the reference JavaScript (cells/*/step.ts) — the same
//   numbers bit for bit, so the choice never changes a result.

import { hasMemory } from '../../kernels/heap.ts';
import { actCode } from '../../kernels/pointwise.ts';
import { gruSimdCovers } from './cells/gru/simd.ts';
import { simdCovers } from './cells/lstm/simd.ts';
import { simpleRnnSimdCovers } from './cells/simple-rnn/simd.ts';
import { GATES, type RecurrentConfig } from './config.ts';

export type Path = 'fused' | 'ops';

/** The fused plans, by name (fused/run.ts's PLANS). */
export type PlanName = 'simpleRnnSteps' | 'simpleRnnSequence' | 'lstmSteps' | 'lstmSequence' | 'gruSteps' | 'gruSequence';

/** Whose arithmetic a whole-sequence kernel's steps run. */
export type Arithmetic = 'js' | 'simd';

export interface CellKernel {
  readonly path: Path;
  /** The fused plan; null on the ops path. */
  readonly plan: PlanName | null;
  /** The cells of the whole-sequence kernel, forward and backward ('js' for every other plan). */
  readonly forwardCells: Arithmetic;
  readonly backwardCells: Arithmetic;
}

/** How many dropout masks a call draws for the inputs and for h (dropout.ts draws them). */
export interface MaskCounts {
  readonly input: number;
  readonly recurrent: number;
}

const active = (rate: number) => 0 < rate && rate < 1;

/**
 * Keras 3's mask counts (keras/src/layers/rnn/dropout_rnn_cell.py): only when training and
 * 0 < rate < 1; LSTM and GRU switch to implementation 1 whenever recurrent_dropout != 0 (lstm.py /
 * gru.py __init__, since Keras 3.8, keras-team/keras#20656 and #20663) and then draw one mask per
 * gate for the inputs and for h alike; otherwise one input mask shared by all gates.
 */
export function maskCounts(s: Pick<RecurrentConfig, 'type' | 'dropout' | 'recurrentDropout'>, training: boolean): MaskCounts {
  if (!training) return { input: 0, recurrent: 0 };
  const count = s.type !== 'SimpleRNN' && s.recurrentDropout !== 0 ? GATES[s.type] : 1;
  return { input: active(s.dropout) ? count : 0, recurrent: active(s.recurrentDropout) ? count : 0 };
}

/** Each cell's plans: one kernel per step, and the whole sequence in one kernel each way. */
const STEPS = { SimpleRNN: 'simpleRnnSteps', LSTM: 'lstmSteps', GRU: 'gruSteps' } as const satisfies Record<RecurrentConfig['type'], PlanName>;
const SEQUENCE = { SimpleRNN: 'simpleRnnSequence', LSTM: 'lstmSequence', GRU: 'gruSequence' } as const satisfies Record<RecurrentConfig['type'], PlanName>;

const OPS: CellKernel = { path: 'ops', plan: null, forwardCells: 'js', backwardCells: 'js' };

/** How a direction with these settings and masks runs on `backend` (tf.getBackend()'s name). */
export function chooseCellKernel(s: RecurrentConfig, masks: MaskCounts, backend: string): CellKernel {
  const act = actCode(s.activationName);
  const rec = s.type === 'SimpleRNN' ? 0 : actCode(s.recurrentActivationName);
  if (!hasMemory(backend) || masks.recurrent !== 0 || masks.input > 1 || act === null || rec === null) return OPS;
  // On wasm the whole-sequence kernels call the backend's GEMM (kernels/wasm-gemm.ts); elsewhere one kernel per step.
  if (backend !== 'wasm') return { path: 'fused', plan: STEPS[s.type], forwardCells: 'js', backwardCells: 'js' };
  const simd = s.type === 'LSTM' ? simdCovers(act, rec, s.units) : s.type === 'GRU' ? gruSimdCovers(act, rec, s.units) : simpleRnnSimdCovers(act, s.units);
  // The SIMD forward steps add a bias as they read the projection (without one the JavaScript rounds once less).
  return { path: 'fused', plan: SEQUENCE[s.type], forwardCells: simd && s.useBias ? 'simd' : 'js', backwardCells: simd ? 'simd' : 'js' };
}
