// Keras's loss trackers over an epoch (keras/src/trainers/trainer.py and compile_utils.py's
// CompileLoss): `loss`, the mean over samples of the weighted total the optimizer minimised
// (regularization penalties included), and for a model of several outputs one Mean per output,
// `<output>_loss`, of that output's loss *unweighted* — each batch weighted by its size. The logs
// come in Keras's order (Trainer.metrics): loss, the compiled metrics, the outputs' losses.

import type { Logs } from './callbacks.ts';
import type { Metric } from './metrics.ts';

/** A batch's losses: the weighted total, and each output's own. */
export interface BatchLosses {
  readonly loss: number;
  readonly outputLosses: readonly number[];
}

export class LossTracker {
  private total = 0;
  private readonly outputs: number[];
  private samples = 0;

  /** `names`: the model's outputs (Keras's output_names); a single one logs no `_loss` of its own. */
  constructor(private readonly names: readonly string[]) {
    this.outputs = names.map(() => 0);
  }

  /** A batch's (or a window's share of a batch's) losses, weighing `weight` samples. */
  add(batch: BatchLosses, weight: number): void {
    this.total += batch.loss * weight;
    batch.outputLosses.forEach((l, i) => (this.outputs[i]! += l * weight));
  }

  /** Samples the losses added so far stand for. */
  count(samples: number): void {
    this.samples += samples;
  }

  /** The epoch's logs so far: `extra` is added to the total (evaluate's regularization penalty). */
  logs(metrics: readonly Metric[], extra = 0): Logs {
    const out: Record<string, number> = { loss: this.total / this.samples + extra };
    for (const m of metrics) out[m.name] = m.result();
    if (this.names.length > 1) this.names.forEach((name, i) => (out[`${name}_loss`] = this.outputs[i]! / this.samples));
    return out;
  }
}
