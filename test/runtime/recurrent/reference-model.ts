// The float64 reference (reference.ts) set up from a checked layer — its config as the checker
// filled it in — for whole layers: outputs in the kernel's order (output, then states), and for
// Bidirectional the two directions merged as Keras's Bidirectional.call does.

import type { LayerConfig, LayerValue } from '../../../src/compiler/config-value.ts';
import type { CheckedLayer } from '../../../src/compiler/ir.ts';
import { flipTime, refMerge, refRecurrent, type RefParams, type RefSpec, type Vec } from './reference.ts';

export interface DirectionMasks {
  readonly input: Vec[];
  readonly recurrent: Vec[];
}

export const NO_MASKS: DirectionMasks = { input: [], recurrent: [] };

export interface Dims {
  readonly batch: number;
  readonly time: number;
  readonly features: number;
}

export interface RefModel {
  /** The width (units) of each initial state the layer takes. */
  readonly stateWidths: readonly number[];
  /** Outputs in the kernel's order. Reads the arrays it is given at call time. */
  run(weights: readonly Vec[], x: Vec, mask: Vec | null, initialState: Vec[] | null, dropout: readonly DirectionMasks[]): Vec[];
}

const STATES: Record<string, number> = { SimpleRNN: 1, LSTM: 2, GRU: 1 };

interface Direction {
  readonly type: string;
  readonly spec: RefSpec;
  readonly weightCount: number;
  readonly returnState: boolean;
}

function direction(type: string, config: LayerConfig, zeroOutputForMask: boolean, goBackwards?: boolean): Direction {
  const c = config as Record<string, unknown>;
  const spec: RefSpec = {
    type: type as RefSpec['type'],
    units: c['units'] as number,
    activation: (c['activation'] as string | null) ?? 'linear',
    recurrentActivation: (c['recurrent_activation'] as string | null | undefined) ?? 'linear',
    goBackwards: goBackwards ?? (c['go_backwards'] as boolean),
    returnSequences: c['return_sequences'] as boolean,
    zeroOutputForMask,
    resetAfter: type === 'GRU' && (c['reset_after'] as boolean),
  };
  return { type, spec, weightCount: c['use_bias'] ? 3 : 2, returnState: c['return_state'] as boolean };
}

const widths = (d: Direction) => new Array<number>(STATES[d.type]!).fill(d.spec.units);

function runDirection(d: Direction, weights: readonly Vec[], dims: Dims, x: Vec, mask: Vec | null, init: Vec[] | null, masks: DirectionMasks) {
  const params: RefParams = { kernel: weights[0]!, recurrentKernel: weights[1]!, bias: weights[2] ?? null };
  return refRecurrent(d.spec, params, {
    ...dims,
    x,
    mask,
    initialState: init,
    inputMasks: masks.input,
    recurrentMasks: masks.recurrent,
  });
}

export function referenceModel(layer: CheckedLayer, dims: Dims): RefModel {
  if (layer.type !== 'Bidirectional') {
    const d = direction(layer.type, layer.config, false);
    return {
      stateWidths: widths(d),
      run(weights, x, mask, init, dropout) {
        const r = runDirection(d, weights, dims, x, mask, init, dropout[0] ?? NO_MASKS);
        return [r.output, ...(d.returnState ? r.states : [])];
      },
    };
  }
  const inner = (layer.config['layer'] as LayerValue).layer;
  const given = layer.config['backward_layer'] as LayerValue | null;
  const sequences = inner.config['return_sequences'] as boolean;
  // bidirectional.py: zero_output_for_mask forced to return_sequences; the copy reads backwards.
  const fwd = direction(inner.type, inner.config, sequences);
  const bwd = given ? direction(given.layer.type, given.layer.config, sequences) : direction(inner.type, inner.config, sequences, true);
  const sf = STATES[inner.type]!;
  const mode = layer.config['merge_mode'];
  return {
    stateWidths: [...widths(fwd), ...widths(bwd)],
    run(weights, x, mask, init, dropout) {
      const f = runDirection(fwd, weights.slice(0, fwd.weightCount), dims, x, mask, init?.slice(0, sf) ?? null, dropout[0] ?? NO_MASKS);
      const b = runDirection(bwd, weights.slice(fwd.weightCount), dims, x, mask, init?.slice(sf) ?? null, dropout[1] ?? NO_MASKS);
      const yRev = sequences ? flipTime(b.output, dims.batch, dims.time, bwd.spec.units) : b.output;
      const rows = sequences ? dims.batch * dims.time : dims.batch;
      const merged = refMerge(mode, f.output, yRev, rows, fwd.spec.units, bwd.spec.units);
      return [...merged, ...(fwd.returnState ? [...f.states, ...b.states] : [])];
    },
  };
}
