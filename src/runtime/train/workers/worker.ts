// A training worker's thread (split-step.ts): its own TensorFlow.js backend and its own copy of
// the network. Each request brings the weights and a share of a batch; the reply carries the
// share's mean loss, its gradients and its predictions, posted before the shared counter moves
// so that the waiting thread finds the reply when it wakes.

import { parentPort, type MessagePort } from 'node:worker_threads';
import { Network } from '../../model/network.ts';
import { initBackend, tf } from '../../tf.ts';
import { hostTensor as tensorOf, type HostArray } from '../batches.ts';
import { compileLoss } from '../losses.ts';
import type { StepReply, StepRequest, WorkerInit } from './protocol.ts';

function serve(init: WorkerInit, net: Network): void {
  const loss = compileLoss(init.loss, init.model.outputs.length);
  const done = new Int32Array(init.done);
  const port: MessagePort = init.port;
  port.on('message', (request: StepRequest) => {
    let reply: StepReply;
    const transfer: ArrayBuffer[] = [];
    try {
      net.setWeightValues(request.weights);
      const xs = request.xs.map(tensorOf);
      const ys = request.ys.map(tensorOf);
      const step = net.step(xs, ys, loss);
      const grads = step.grads.map((g) => g.dataSync() as Float32Array);
      const predictions = step.predictions.map((p): HostArray => ({ dtype: 'float32', shape: p.shape, data: p.dataSync() as Float32Array }));
      tf.dispose([...xs, ...ys, ...step.grads, ...step.predictions, ...step.outputMasks.filter((m) => m !== null)]);
      for (const u of step.updates) u.value.dispose();
      reply = { seq: request.seq, loss: step.loss, outputLosses: step.outputLosses, gradientsFinite: step.gradientsFinite, grads, predictions };
      transfer.push(...grads.map((g) => g.buffer as ArrayBuffer), ...predictions.map((p) => p.data.buffer as ArrayBuffer));
    } catch (e) {
      reply = { seq: request.seq, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply, transfer);
    Atomics.store(done, 0, request.seq);
    Atomics.notify(done, 0);
  });
}

parentPort!.once('message', (init: WorkerInit) => {
  // An error outside a step (serve catches those) would leave the calling thread waiting for a
  // reply that never comes: raise the failure flag it also watches.
  process.on('uncaughtException', () => {
    const done = new Int32Array(init.done);
    Atomics.store(done, 1, 1);
    Atomics.notify(done, 0);
  });
  initBackend(init.backend)
    .then(() => {
      serve(init, new Network(init.model, init.seed));
      parentPort!.postMessage({ ready: true });
    })
    .catch((e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) }));
});
