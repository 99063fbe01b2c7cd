// Bidirectional (keras/src/layers/rnn/bidirectional.py): the wrapped layer run forwards and a
// copy with go_backwards=True (or the given backward_layer), merged.
// - Both directions get zero_output_for_mask = return_sequences (force_zero_output_for_mask).
// - With return_sequences the backward output is flipped along time before merging, so both
//   directions line up with the input's steps.
// - Outputs: the merged output (merge_mode=None: forward then backward), then with return_state
//   the forward states and the backward states. Masks (compute_mask): the input mask on each
//   sequence output, none on states.
// - initial_state: Keras gives the first half to the forward layer and the rest to the backward
//   one; we split after the forward layer's state count, which is the same whenever both
//   directions are the same kind of layer (the only case where Keras's halves are right).
// - Weights: the forward layer's, then the backward layer's (the registry's order).

import type { CheckedLayerOf } from '../../../compiler/ir.ts';
import { tf, type Tensor } from '../../tf.ts';
import type { BackwardArgs, BackwardResult, ForwardArgs, ForwardResult, LayerKernel, Mask } from '../kernel.ts';
import { readRecurrentConfig, stateCount, weightCount, type RecurrentConfig } from './config.ts';
import { drawDropoutMasks } from './dropout.ts';
import { backDirection, runDirection, type DirectionRun } from './driver.ts';

type MergeMode = 'concat' | 'sum' | 'mul' | 'ave' | null;

interface Directions {
  readonly forward: RecurrentConfig;
  readonly backward: RecurrentConfig;
  readonly merge: MergeMode;
}

interface BidirectionalCache {
  readonly dirs: Directions;
  readonly forward: DirectionRun;
  readonly backward: DirectionRun;
  /** The backward output, flipped back to input order when it is a sequence. */
  readonly yRev: Tensor;
}

function directions(layer: CheckedLayerOf<'Bidirectional'>): Directions {
  const { layer: inner, backward_layer: given, merge_mode } = layer.config;
  const forward = readRecurrentConfig(inner.layer);
  // The backward copy always reads backwards; a given backward layer says so itself.
  const backward = given ? readRecurrentConfig(given.layer) : readRecurrentConfig(inner.layer, true);
  const zeroOutputForMask = forward.returnSequences;
  // null is merge_mode=None.
  const merge = merge_mode as MergeMode;
  return {
    forward: { ...forward, zeroOutputForMask },
    backward: { ...backward, zeroOutputForMask },
    merge,
  };
}

function merge(mode: MergeMode, y: Tensor, yRev: Tensor): Tensor[] {
  switch (mode) {
    case 'concat':
      return [tf.concat([y, yRev], -1)];
    case 'sum':
      return [tf.add(y, yRev)];
    case 'ave':
      return [tf.div(tf.add(y, yRev), 2)];
    case 'mul':
      return [tf.mul(y, yRev)];
    case null:
      return [y, yRev];
  }
}

/** The gradients of y and yRev from the merged outputs' gradients. */
function unmerge(c: BidirectionalCache, dMerged: readonly (Tensor | null)[]): [Tensor | null, Tensor | null] {
  const d = dMerged[0] ?? null;
  switch (c.dirs.merge) {
    case null:
      return [d, dMerged[1] ?? null];
    case 'concat': {
      if (!d) return [null, null];
      const [dy, dyRev] = tf.split(d, [c.dirs.forward.units, c.dirs.backward.units], -1) as [Tensor, Tensor];
      return [dy, dyRev];
    }
    case 'sum':
      return [d, d];
    case 'ave': {
      const half = d ? tf.div(d, 2) : null;
      return [half, half];
    }
    case 'mul':
      return d ? [tf.mul(d, c.yRev), tf.mul(d, c.forward.output)] : [null, null];
  }
}

export const BIDIRECTIONAL_KERNEL: LayerKernel<'Bidirectional'> = {
  forward(a: ForwardArgs<'Bidirectional'>): ForwardResult {
    const dirs = directions(a.layer);
    const x = a.inputs[0]!;
    const mask = a.masks[0] ?? null;
    const [batch, , features] = x.shape as [number, number, number];
    const nf = weightCount(dirs.forward);
    const sf = stateCount(dirs.forward.type);
    const run = (cfg: RecurrentConfig, weights: readonly Tensor[], initialState: readonly Tensor[] | undefined) =>
      runDirection({ cfg, x, mask, weights, initialState, dropout: drawDropoutMasks(cfg, batch, features, a.rng, a.training) });
    const forward = run(dirs.forward, a.weights.slice(0, nf), a.initialState?.slice(0, sf));
    const backward = run(dirs.backward, a.weights.slice(nf), a.initialState?.slice(sf));
    const returnSequences = dirs.forward.returnSequences;
    const yRev = returnSequences ? tf.reverse(backward.output, 1) : backward.output;
    const merged = merge(dirs.merge, forward.output, yRev);
    const states = dirs.forward.returnState ? [...forward.states, ...backward.states] : [];
    const masks: Mask[] = [...merged.map(() => (returnSequences ? mask : null)), ...states.map(() => null)];
    const cache: BidirectionalCache = { dirs, forward, backward, yRev };
    return {
      outputs: [...merged, ...states],
      masks,
      cache,
      finalStates: [...forward.states, ...backward.states],
    };
  },

  backward(a: BackwardArgs<'Bidirectional'>): BackwardResult {
    const c = a.cache as BidirectionalCache;
    const { dirs } = c;
    const outputs = dirs.merge === null ? 2 : 1;
    const [dy, dyRevMerged] = unmerge(c, a.dOutputs.slice(0, outputs));
    const dyRev = dyRevMerged && dirs.forward.returnSequences ? tf.reverse(dyRevMerged, 1) : dyRevMerged;
    const dStates = a.dOutputs.slice(outputs);
    const sf = stateCount(dirs.forward.type);
    const wantDx = a.inputGradsWanted?.[0] ?? true;
    const gf = backDirection(c.forward.cache, dy, dStates.slice(0, sf), wantDx);
    const gb = backDirection(c.backward.cache, dyRev, dStates.slice(sf), wantDx);
    return {
      dInputs: [gf.dx && gb.dx ? tf.add(gf.dx, gb.dx) : null],
      dWeights: [...gf.dWeights, ...gb.dWeights],
      dInitialState: a.initialState ? [...gf.dInitialState, ...gb.dInitialState] : undefined,
    };
  },
};
