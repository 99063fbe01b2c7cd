// Training steps split across worker threads (issue 16: use the second core). Data-parallel: the
// calling thread computes the first share of each batch with its own network while each worker —
// a worker_thread with its own TensorFlow.js backend and its own copy of the network — computes
// one of the other shares. A worker gets every weight with each step, so the weights live only in
// the calling thread: the optimizer, callbacks (restore_best_weights, a new learning rate) and
// saving work on one network as they do with one worker.
//
// The step's gradient is Σ (share_i / batch) · g_i, summed in the shares' order, where g_i is the
// gradient of share i's mean loss; the loss is combined the same way. With the batch's loss a
// mean of per-sample terms (eligible.ts refuses the runs where it is not) that is the whole
// batch's gradient; it differs from one worker's only in the order floating-point sums run
// (a GEMM over 32 rows and another over 32, added, against one over 64), so results agree with one
// worker's to float32 rounding, not bit for bit, and repeat bit for bit from run to run.
//
// The calling thread blocks on Atomics.wait for a worker's reply (Node allows it on the main
// thread) and reads it with receiveMessageOnPort, so fit()'s loop stays synchronous.

import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { CheckedModel } from '../../../compiler/ir.ts';
import type { Network, StepResult } from '../../model/network.ts';
import { tf } from '../../tf.ts';
import { hostTensor as tensorOf, type HostArray } from '../batches.ts';
import type { CompiledLoss } from '../losses.ts';
import type { LossSettings, StepReply, StepRequest, WorkerInit } from './protocol.ts';
import { workerScript } from './worker-script.ts';

interface Remote {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly done: Int32Array;
}

/** The host arrays of one step's batch: its inputs and targets. */
export interface HostBatch {
  readonly xs: readonly HostArray[];
  readonly ys: readonly HostArray[];
}

export class SplitSteps {
  private seq = 0;

  private constructor(private readonly remotes: readonly Remote[]) {}

  /** Starts `workers - 1` worker threads, each with its network on `backend`, ready to step. */
  static async start(model: CheckedModel, seed: number, backend: string, loss: LossSettings, workers: number): Promise<SplitSteps> {
    const script = workerScript();
    const remotes = await Promise.all(
      Array.from({ length: workers - 1 }, async (_, i) => {
        const worker = new Worker(script.what, { eval: script.eval });
        const { port1, port2 } = new MessageChannel();
        const done = new SharedArrayBuffer(8);
        // Each worker draws its own dropout masks: another stream than the calling thread's.
        const init: WorkerInit = { model, seed: (seed + 0x9e3779b9 * (i + 1)) >>> 0, backend: backend as WorkerInit['backend'], loss, port: port2, done };
        const ready = new Promise<void>((resolve, reject) => {
          worker.once('message', (m: { ready?: true; error?: string }) => (m.ready ? resolve() : reject(new Error(`a training worker failed to start: ${m.error}`))));
          worker.once('error', reject);
        });
        worker.postMessage(init, [port2]);
        await ready;
        return { worker, port: port1, done: new Int32Array(done) };
      }),
    );
    return new SplitSteps(remotes);
  }

  /** The shares' boundaries: [0, n) cut into as many near-equal runs as there are threads. */
  shares(n: number): [number, number][] {
    const parts = this.remotes.length + 1;
    return Array.from({ length: parts }, (_, i) => [Math.floor((n * i) / parts), Math.floor((n * (i + 1)) / parts)]);
  }

  /**
   * One training step over `batch` (its rows in order): the first share here on `net`, the
   * others on the workers, combined into the whole batch's loss, gradients and predictions.
   */
  step(net: Network, batch: HostBatch, loss: CompiledLoss): StepResult {
    const n = batch.xs[0]!.shape[0]!;
    const shares = this.shares(n);
    const seq = ++this.seq;
    const weights = net.getWeightValues();
    this.remotes.forEach((r, i) => {
      const [s, e] = shares[i + 1]!;
      const request: StepRequest = { seq, weights, xs: batch.xs.map((a) => rowsOf(a, s, e)), ys: batch.ys.map((a) => rowsOf(a, s, e)) };
      r.port.postMessage(request);
    });
    const [s0, e0] = shares[0]!;
    const xs = batch.xs.map((a) => tensorOf(rowsOf(a, s0, e0)));
    const ys = batch.ys.map((a) => tensorOf(rowsOf(a, s0, e0)));
    const own = net.step(xs, ys, loss);
    tf.dispose([...xs, ...ys]);
    const replies = this.remotes.map((r) => this.reply(r, seq));
    const parts = [{ loss: own.loss, outputLosses: own.outputLosses, gradientsFinite: own.gradientsFinite }, ...replies];
    const weightOf = shares.map(([s, e]) => (e - s) / n);
    const grads = tf.tidy(() =>
      own.grads.map((g, k) => {
        let sum = tf.mul(g, weightOf[0]!);
        replies.forEach((r, i) => (sum = tf.add(sum, tf.mul(tf.tensor(r.grads[k]!, g.shape, 'float32'), weightOf[i + 1]!))));
        return sum;
      }),
    );
    const predictions = tf.tidy(() =>
      own.predictions.map((p, k) => tf.concat([p, ...replies.map((r) => tf.tensor(r.predictions[k]!.data, [...r.predictions[k]!.shape], 'float32'))], 0)),
    );
    tf.dispose([...own.grads, ...own.predictions]);
    return {
      loss: parts.reduce((sum, p, i) => sum + p.loss * weightOf[i]!, 0),
      outputLosses: own.outputLosses.map((_, k) => parts.reduce((sum, p, i) => sum + p.outputLosses[k]! * weightOf[i]!, 0)),
      gradientsFinite: parts.every((p) => p.gradientsFinite),
      grads,
      predictions,
      outputMasks: own.outputMasks,
      updates: own.updates,
    };
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.remotes.map(async (r) => {
      r.port.close();
      await r.worker.terminate();
    }));
  }

  /** Blocks until worker `r` has answered step `seq`, and reads the answer. */
  private reply(r: Remote, seq: number): Extract<StepReply, { grads: unknown }> {
    for (;;) {
      const finished = Atomics.load(r.done, 0);
      if (finished >= seq) break;
      if (Atomics.load(r.done, 1)) throw new Error('a training worker failed outside a step');
      // A bounded wait: the failure flag is checked again even if no notify comes.
      Atomics.wait(r.done, 0, finished, 1000);
    }
    const got = receiveMessageOnPort(r.port)?.message as StepReply | undefined;
    if (!got || got.seq !== seq) throw new Error(`a training worker answered step ${got?.seq} to step ${seq}`);
    if ('error' in got) throw new Error(`a training worker failed: ${got.error}`);
    return got;
  }
}

/** Rows [start, end) of a host array, copied: the copy crosses to the worker without the rest. */
function rowsOf(a: HostArray, start: number, end: number): HostArray {
  const row = a.shape.slice(1).reduce((p, d) => p * d, 1);
  return { dtype: a.dtype, shape: [end - start, ...a.shape.slice(1)], data: a.data.slice(start * row, end * row) };
}
