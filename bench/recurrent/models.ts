// The recurrent benchmark's models (issue 7), each as rnnc source and as the tfjs-layers model
// with the same semantics, plus the numbers the table derives from their shapes: GEMM FLOPs per
// step and the bytes of activations a hand-written BPTT must keep.
//
// Every model ends in Dense(1) and trains with MSE and Adam (B1's loss and optimizer, kept for all).
// B2's GRU is reset_after=false in rnnc: tfjs-layers has no reset_after=true GRU, and the peer must
// compute the same function with the same weights.

import * as tfl from '@tensorflow/tfjs';

export type CellKind = 'LSTM' | 'GRU';

/** One recurrent direction, for FLOPs and activation bytes. */
export interface Direction {
  readonly cell: CellKind;
  readonly features: number;
  readonly units: number;
}

export interface BenchModel {
  readonly id: string;
  readonly title: string;
  readonly batch: number;
  readonly time: number;
  readonly source: string;
  /** Recurrent directions in order (both of a Bidirectional). */
  readonly directions: readonly Direction[];
  /** Width of the Dense(1) head's input. */
  readonly headInput: number;
  /** Input features of the first recurrent layer, kept for its dW (an Embedding's output). */
  readonly firstInput: number;
  /** How many leading directions read the model's input: rnnc computes no dx for them, since
   *  nothing reads it (an Embedding's output, B3's, does get one). */
  readonly inputDirections: number;
  /** Token ids in [0, vocab) when the input is an Embedding's. */
  readonly vocab?: number;
  /** The tfjs-layers twin, with tfjs's default recurrent activation or Keras's sigmoid. */
  peer(recurrentActivation: 'sigmoid' | undefined): tfl.Sequential;
}

const train = 'train {\n  loss = mse\n  optimizer = Adam()\n}\n';
const act = (r: 'sigmoid' | undefined) => (r ? { recurrentActivation: r } : {});

export const MODELS: readonly BenchModel[] = [
  {
    id: 'B1',
    title: 'LSTM(64) on (50, 8), batch 64',
    batch: 64,
    time: 50,
    source: `model b1 {\n  LSTM(64, input=(50, 8))\n  Dense(1)\n}\n${train}`,
    directions: [{ cell: 'LSTM', features: 8, units: 64 }],
    headInput: 64,
    firstInput: 8,
    inputDirections: 1,
    peer: (r) =>
      tfl.sequential({ layers: [tfl.layers.lstm({ units: 64, inputShape: [50, 8], ...act(r) }), tfl.layers.dense({ units: 1 })] }),
  },
  {
    id: 'B2',
    title: 'GRU(128, reset_after=false) on (100, 16), batch 32',
    batch: 32,
    time: 100,
    source: `model b2 {\n  GRU(128, reset_after=false, input=(100, 16))\n  Dense(1)\n}\n${train}`,
    directions: [{ cell: 'GRU', features: 16, units: 128 }],
    headInput: 128,
    firstInput: 16,
    inputDirections: 1,
    peer: (r) =>
      tfl.sequential({ layers: [tfl.layers.gru({ units: 128, inputShape: [100, 16], ...act(r) }), tfl.layers.dense({ units: 1 })] }),
  },
  {
    id: 'B3',
    title: 'Embedding(10000, 64, mask_zero) → LSTM(64) over 200 steps, batch 32',
    batch: 32,
    time: 200,
    source: `model b3 {\n  Embedding(10000, 64, mask_zero=true, input=(200,))\n  LSTM(64)\n  Dense(1)\n}\n${train}`,
    directions: [{ cell: 'LSTM', features: 64, units: 64 }],
    headInput: 64,
    firstInput: 64,
    inputDirections: 0,
    vocab: 10000,
    peer: (r) =>
      tfl.sequential({
        layers: [
          tfl.layers.embedding({ inputDim: 10000, outputDim: 64, maskZero: true, inputLength: 200 }),
          tfl.layers.lstm({ units: 64, ...act(r) }),
          tfl.layers.dense({ units: 1 }),
        ],
      }),
  },
  {
    id: 'B4',
    title: 'Bidirectional(LSTM(64)) × 2 on (50, 8), batch 64',
    batch: 64,
    time: 50,
    source: `model b4 {\n  Bidirectional(LSTM(64, return_sequences=true), input=(50, 8))\n  Bidirectional(LSTM(64))\n  Dense(1)\n}\n${train}`,
    directions: [
      { cell: 'LSTM', features: 8, units: 64 },
      { cell: 'LSTM', features: 8, units: 64 },
      { cell: 'LSTM', features: 128, units: 64 },
      { cell: 'LSTM', features: 128, units: 64 },
    ],
    headInput: 128,
    firstInput: 8,
    inputDirections: 2,
    peer: (r) =>
      tfl.sequential({
        layers: [
          tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: 64, returnSequences: true, ...act(r) }), inputShape: [50, 8] }),
          tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: 64, ...act(r) }) }),
          tfl.layers.dense({ units: 1 }),
        ],
      }),
  },
];

const GATES: Readonly<Record<CellKind, number>> = { LSTM: 4, GRU: 3 };

/**
 * GEMM FLOPs (2 per multiply-add) of a forward pass and of a training step, as rnnc computes them:
 * per direction the input projection, h·U at every step, and in training dh = dz·Uᵀ, the weight
 * gradients [x, h, 1]ᵀ·dZ and dx = dZ·Wᵀ (not for directions reading the model's input); the
 * Dense head's three products.
 */
export function flops(m: BenchModel): { forward: number; train: number } {
  const rows = m.batch * m.time;
  let forward = 2 * m.batch * m.headInput;
  let backward = 4 * m.batch * m.headInput;
  for (const [i, d] of m.directions.entries()) {
    const width = GATES[d.cell] * d.units;
    const projection = 2 * rows * d.features * width;
    const recurrent = 2 * rows * d.units * width;
    forward += projection + recurrent;
    backward += recurrent + 2 * (d.features + d.units + 1) * rows * width + (i < m.inputDirections ? 0 : projection);
  }
  return { forward, train: forward + backward };
}

/**
 * Bytes a hand-written BPTT must keep from the forward pass to the backward pass: per direction,
 * sample and step, an LSTM's four gates, c and h (6·H floats) or a GRU's three gates, its
 * recurrent candidate term and h (5·H); plus the first recurrent layer's input sequence, which its
 * dW needs (later layers' inputs are earlier layers' h, already counted).
 */
export function bpttBytes(m: BenchModel): number {
  const rows = m.batch * m.time;
  const perStep = m.directions.reduce((s, d) => s + (d.cell === 'LSTM' ? 6 : 5) * d.units, 0);
  return 4 * rows * (perStep + m.firstInput);
}
