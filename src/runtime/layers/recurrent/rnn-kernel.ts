// The LayerKernel of SimpleRNN, LSTM and GRU: rnn.py's RNN.call around the shared loop.
// Outputs (RNN.call): the output, then with return_state every final state. Masks
// (RNN.compute_mask): the output keeps the input mask only with return_sequences — unreversed
// even with go_backwards, as Keras does — and states carry none.

import type { BackwardArgs, BackwardResult, ForwardArgs, ForwardResult, LayerKernel, Mask } from '../kernel.ts';
import { readRecurrentConfig, type CellType } from './config.ts';
import { drawDropoutMasks } from './dropout.ts';
import { backDirection, runDirection } from './driver.ts';

/** The kernel of SimpleRNN, LSTM and GRU (driver.ts runs the direction). */
export const RNN_KERNEL: LayerKernel<CellType> = {
  forward(a: ForwardArgs<CellType>): ForwardResult {
    const cfg = readRecurrentConfig(a.layer);
    const x = a.inputs[0]!;
    const mask = a.masks[0] ?? null;
    const [batch, , features] = x.shape as [number, number, number];
    const dropout = drawDropoutMasks(cfg, batch, features, a.rng, a.training);
    const run = runDirection({ cfg, x, mask, weights: a.weights, initialState: a.initialState, dropout });
    const states = cfg.returnState ? run.states : [];
    const masks: Mask[] = [cfg.returnSequences ? mask : null, ...states.map(() => null)];
    return {
      outputs: [run.output, ...states],
      masks,
      cache: run.cache,
      // rnn.py, RNN.call: a stateful layer assigns its final states to self.states. The network
      // decides what to carry (a stateful layer's, or every layer's between truncated BPTT's windows).
      finalStates: run.states,
    };
  },

  backward(a: BackwardArgs<CellType>): BackwardResult {
    const [dOutput, ...dStates] = a.dOutputs;
    const g = backDirection(a.cache, dOutput ?? null, dStates, a.inputGradsWanted?.[0] ?? true);
    return {
      dInputs: [g.dx],
      dWeights: g.dWeights,
      dInitialState: a.initialState ? g.dInitialState : undefined,
    };
  },
};
