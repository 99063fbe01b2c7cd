// x·W for the gates of a recurrent cell, where Keras may multiply x by a different dropout mask
// for each gate (see dropout.ts). W's columns are split into one block per mask — a single block
// when there is at most one mask — and block k computes (x ⊙ m_k)·W_k.
//
// The same class serves both sides of a cell: the input projection of every time step at once
// ([T·B, F]·kernel, one GEMM) and h·U inside the loop. Its weight gradient is one GEMM per block
// over operands stacked across all steps. Every product is untransposed: matMul's transpose flags
// fall to a slow scalar loop on WASM (docs/performance.md), so Wᵀ and operandᵀ are made explicitly.

import { tf, type Tensor } from '../../../tf.ts';

export class GateProjection {
  private readonly blocks: readonly Tensor[];
  private transposedBlocks: readonly Tensor[] | null = null;

  /** `masks` must broadcast against the operand x: none, one, or one per block. */
  constructor(
    weight: Tensor,
    private readonly masks: readonly Tensor[],
  ) {
    this.blocks = masks.length > 1 ? tf.split(weight, masks.length, 1) : [weight];
  }

  /** What each block multiplies: x, or x ⊙ m_k. The weight gradient needs them again. */
  operands(x: Tensor): Tensor[] {
    return this.masks.length === 0 ? [x] : this.masks.map((m) => tf.mul(x, m));
  }

  /** concat_k(operand_k · W_k): [rows, width of W]. */
  forward(operands: readonly Tensor[]): Tensor {
    const parts = operands.map((x, k) => tf.matMul(x, this.blocks[k]!));
    return parts.length === 1 ? parts[0]! : tf.concat(parts, 1);
  }

  /** The output gradient split by block, and the gradient reaching x through every block. */
  backward(dy: Tensor): { dBlocks: Tensor[]; dx: Tensor } {
    this.transposedBlocks ??= this.blocks.map((w) => tf.transpose(w));
    const dBlocks = this.blocks.length > 1 ? tf.split(dy, this.blocks.length, 1) : [dy];
    let dx: Tensor | null = null;
    dBlocks.forEach((d, k) => {
      const dOperand = tf.matMul(d, this.transposedBlocks![k]!);
      const m = this.masks[k];
      const part = m ? tf.mul(dOperand, m) : dOperand;
      dx = dx ? tf.add(dx, part) : part;
    });
    return { dBlocks, dx: dx! };
  }
}

/**
 * dW = concat_k(operand_kᵀ · dY_k) with each block's operands and output gradients stacked over
 * every row they were used for: one large GEMM per block instead of one per step.
 */
export function projectionWeightGrad(operands: readonly Tensor[], dBlocks: readonly Tensor[]): Tensor {
  const parts = operands.map((x, k) => tf.matMul(tf.transpose(x), dBlocks[k]!));
  return parts.length === 1 ? parts[0]! : tf.concat(parts, 1);
}
