// The recurrent benchmark (issue 7): for each model, rnnc's training step and forward pass against
// tfjs-layers with Keras's semantics (recurrent activation sigmoid) and with its own defaults
// (hard_sigmoid), all three from the same initial weights, interleaved in one run. Plus the step's
// GEMM FLOPs against the backend's measured GEMM throughput, and the peak memory of a training step
// against the activations BPTT needs.
//
// A training step is what fit() does per batch: Network.step (forward, loss, backward, read back
// the loss) then the optimizer's update. The peer's is tfjs's leanest: optimizer.minimize of the
// model's MSE, loss read back. A forward pass is predict() of the batch, output read back.

import * as tfl from '@tensorflow/tfjs';
import { loadavg } from 'node:os';
import { compile } from '../../src/runtime/api.ts';
import { Rng } from '../../src/runtime/rng.ts';
import { initBackend, tf, type Tensor } from '../../src/runtime/tf.ts';
import { compileLoss } from '../../src/runtime/train/losses.ts';
import { makeOptimizer } from '../../src/runtime/train/optimizers.ts';
import { bpttBytes, flops, MODELS, type BenchModel } from './models.ts';
import { useLinearSegmentSum } from './segment-sum.ts';
import { startTorchPeer, torchAvailable } from './torch-peer.ts';
import { best, interleave, type Contender, type Timing } from './timing.ts';

export interface PassResult {
  readonly rnnc: Timing;
  readonly sigmoid: Timing;
  readonly defaults: Timing;
  /** Where the peers ran ('cpu' when tfjs-layers cannot run the pass on WASM). */
  readonly peerBackend: 'wasm' | 'cpu';
  /** Ratios of medians: the peer's time over rnnc's. */
  readonly speedupSigmoid: number;
  readonly speedupDefaults: number;
  /** PyTorch (torch.nn, one thread) in the same rounds, and its time over rnnc's; null without torch. */
  readonly pytorch: Timing | null;
  readonly pytorchOverRnnc: number | null;
  readonly gflop: number;
  /** FLOPs over the backend's measured GEMM throughput, and that floor over rnnc's median. */
  readonly floorMs: number;
  readonly fractionOfFloor: number;
}

export interface ModelResult {
  readonly id: string;
  readonly title: string;
  readonly train: PassResult;
  readonly forward: PassResult;
  readonly memory: {
    /** Peak bytes above those held before the step (weights, optimizer slots, the batch), in MB. */
    readonly rnncPeakMB: number;
    readonly sigmoidPeakMB: number;
    readonly defaultsPeakMB: number;
    readonly bpttMB: number;
    readonly rnncOverBptt: number;
  };
  readonly notes: readonly string[];
  /** Load average (1 min) before and after the model's runs. */
  readonly load: readonly [number, number];
}

export interface RecurrentResult {
  /** Single-threaded GEMM throughput of the WASM backend (XNNPACK), GFLOP/s, best of 10. */
  readonly gemmGflops: { readonly square512: number; readonly b1Step: number };
  readonly models: readonly ModelResult[];
}

export interface RecurrentOptions {
  readonly runs: number;
  readonly only?: readonly string[];
}

function gemmRate(m: number, k: number, n: number): number {
  const a = tf.randomNormal([m, k]);
  const b = tf.randomNormal([k, n]);
  const ms = best(() => tf.tidy(() => void tf.matMul(a, b).dataSync()), 10);
  tf.dispose([a, b]);
  return (2 * m * k * n) / ms / 1e6;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

interface Batch {
  readonly x: Tensor;
  readonly y: Tensor;
}

/** The batch on the current backend: normal inputs, or right-padded token ids of random lengths. */
function makeBatch(m: BenchModel, features: number, seed: number): Batch {
  const rng = new Rng(seed);
  const y = tf.tensor2d(Float32Array.from({ length: m.batch }, () => rng.normal()), [m.batch, 1]);
  if (m.vocab) {
    const ids = new Int32Array(m.batch * m.time);
    for (let b = 0; b < m.batch; b++) {
      const length = 10 + Math.floor(rng.next() * (m.time - 10));
      for (let t = 0; t < length; t++) ids[b * m.time + t] = 1 + Math.floor(rng.next() * (m.vocab - 1));
    }
    return { x: tf.tensor2d(ids, [m.batch, m.time], 'int32'), y };
  }
  const shape = [m.batch, m.time, features];
  return { x: tf.tensor(Float32Array.from({ length: size(shape) }, () => rng.normal()), shape), y };
}

/** A tfjs-layers twin on the current backend, with rnnc's initial weights. */
function peerModel(m: BenchModel, act: 'sigmoid' | undefined, weights: readonly Float32Array[]): tfl.Sequential {
  const model = m.peer(act);
  // getWeights() hands out the variables' own tensors: read their shapes, never dispose them.
  const shapes = model.getWeights().map((w) => w.shape);
  if (shapes.length !== weights.length) throw new Error(`${m.id}: tfjs-layers has ${shapes.length} weights, rnnc ${weights.length}`);
  const values = shapes.map((shape, i) => tfl.tensor(weights[i]!, shape));
  model.setWeights(values);
  tfl.dispose(values);
  return model;
}

interface Peer {
  readonly train: () => void;
  readonly forward: () => void;
}

function peer(m: BenchModel, model: tfl.Sequential, batch: Batch): Peer {
  const optimizer = tfl.train.adam(0.001);
  return {
    train: () => {
      const loss = optimizer.minimize(() => tfl.losses.meanSquaredError<tfl.Tensor, tfl.Scalar>(batch.y, model.apply(batch.x, { training: true }) as tfl.Tensor), true)!;
      loss.dataSync();
      loss.dispose();
    },
    forward: () => {
      const out = model.predict(batch.x, { batchSize: m.batch }) as tfl.Tensor;
      out.dataSync();
      out.dispose();
    },
  };
}

async function peakMB(backend: 'wasm' | 'cpu', f: () => void): Promise<number> {
  await tf.setBackend(backend);
  f();
  const before = tf.memory().numBytes;
  const p = await tf.profile(f);
  return (p.peakBytes - before) / 1e6;
}

const onBackend = (backend: 'wasm' | 'cpu') => async () => void (await tf.setBackend(backend));

function pass(rnnc: Timing, sigmoid: Timing, defaults: Timing, pytorch: Timing | null, peerBackend: 'wasm' | 'cpu', flop: number, gflops: number): PassResult {
  const floorMs = flop / gflops / 1e6;
  return {
    rnnc,
    sigmoid,
    defaults,
    pytorch,
    pytorchOverRnnc: pytorch ? pytorch.median / rnnc.median : null,
    peerBackend,
    speedupSigmoid: sigmoid.median / rnnc.median,
    speedupDefaults: defaults.median / rnnc.median,
    gflop: flop / 1e9,
    floorMs,
    fractionOfFloor: floorMs / rnnc.median,
  };
}

async function benchModel(m: BenchModel, runs: number, gflops: number): Promise<ModelResult> {
  const load0 = loadavg()[0]!;
  const notes: string[] = [];
  await initBackend('wasm');
  const rnn = await compile(m.source, { seed: 1 });
  const net = rnn.network;
  const loss = compileLoss(rnn.model.train!, rnn.model.outputs.length);
  const optimizer = makeOptimizer(rnn.model.train!.optimizer);
  const variables = net.trainable.map((w) => w.variable);
  const features = m.vocab ? 0 : m.directions[0]!.features;
  const batch = makeBatch(m, features, 7);
  const weights = net.getWeightValues();
  const rnncTrain = () => {
    const s = net.step([batch.x], [batch.y], loss);
    if (!Number.isFinite(s.loss)) throw new Error(`${m.id}: the loss became ${s.loss}`);
    optimizer.apply(variables, s.grads);
    net.commit(s);
    tf.dispose([...s.grads, ...s.predictions, ...s.outputMasks.filter((t): t is Tensor => t !== null)]);
  };
  const rnncForward = () => {
    const outs = net.predict([batch.x]);
    outs[0]!.dataSync();
    tf.dispose(outs);
  };

  const sigmoidWasm = peer(m, peerModel(m, 'sigmoid', weights), batch);
  const defaultsWasm = peer(m, peerModel(m, undefined, weights), batch);
  let trainBackend: 'wasm' | 'cpu' = 'wasm';
  let sigmoidTrain = sigmoidWasm.train;
  let defaultsTrain = defaultsWasm.train;
  const extra: Contender[] = [];
  try {
    sigmoidWasm.train();
  } catch (e) {
    // B3: tfjs-layers cannot train an Embedding on WASM. Its CPU backend can only with a working
    // UnsortedSegmentSum (see segment-sum.ts), which the bench supplies; with it the WASM peer
    // trains too, and is reported beside the CPU one.
    notes.push(
      `tfjs-layers cannot train ${m.id} on WASM ("${(e as Error).message}"), and its CPU backend's UnsortedSegmentSum ` +
        'needs ~33 GB for this Embedding gradient; the peers below trained on the CPU backend with a linear-time ' +
        'UnsortedSegmentSum registered by the bench (bench/recurrent/segment-sum.ts)',
    );
    useLinearSegmentSum();
    trainBackend = 'cpu';
    await tf.setBackend('cpu');
    const cpuBatch = makeBatch(m, features, 7);
    sigmoidTrain = peer(m, peerModel(m, 'sigmoid', weights), cpuBatch).train;
    defaultsTrain = peer(m, peerModel(m, undefined, weights), cpuBatch).train;
    await tf.setBackend('wasm');
    extra.push({ name: 'sigmoid on WASM with that kernel', run: sigmoidWasm.train, before: onBackend('wasm') });
  }

  // B3's lengths: its right-padded ids' non-zero counts.
  const lengths = m.vocab ? Array.from({ length: m.batch }, (_, b) => (batch.x.arraySync() as number[][])[b]!.filter((id) => id !== 0).length) : null;
  const torch = await startTorchPeer(m, lengths);
  if (!torchAvailable()) notes.push('PyTorch: /usr/bin/python3 has no torch (Debian python3-torch), so its column is empty');
  else if (m.id === 'B2') notes.push("PyTorch: nn.GRU is Keras's reset_after=true form; rnnc and tfjs-layers run reset_after=false");
  else if (m.id === 'B3') notes.push('PyTorch: nn.Embedding(padding_idx=0) and pack_padded_sequence over the real lengths (Keras: mask_zero)');
  const torchContender = (run: (() => Promise<number>) | undefined): Contender[] => (run ? [{ name: 'pytorch', run }] : []);

  const wasm = onBackend('wasm');
  const peerSide = onBackend(trainBackend);
  const train = await interleave(
    [
      { name: 'rnnc', run: rnncTrain, before: wasm },
      { name: 'sigmoid', run: sigmoidTrain, before: peerSide },
      { name: 'defaults', run: defaultsTrain, before: peerSide },
      ...torchContender(torch?.train),
      ...extra,
    ] satisfies Contender[],
    runs,
  );
  for (const c of extra) {
    const t = train.get(c.name)!;
    notes.push(`tfjs-layers ${c.name}: training step ${t.median.toFixed(0)} ms median (${t.min.toFixed(0)} min), rnnc ${(t.median / train.get('rnnc')!.median).toFixed(1)}× faster`);
  }
  const forward = await interleave(
    [
      { name: 'rnnc', run: rnncForward, before: wasm },
      { name: 'sigmoid', run: sigmoidWasm.forward, before: wasm },
      { name: 'defaults', run: defaultsWasm.forward, before: wasm },
      ...torchContender(torch?.forward),
    ] satisfies Contender[],
    runs,
  );
  torch?.close();
  const memory = {
    rnncPeakMB: await peakMB('wasm', rnncTrain),
    sigmoidPeakMB: await peakMB(trainBackend, sigmoidTrain),
    defaultsPeakMB: await peakMB(trainBackend, defaultsTrain),
    bpttMB: bpttBytes(m) / 1e6,
    rnncOverBptt: 0,
  };
  memory.rnncOverBptt = memory.rnncPeakMB / memory.bpttMB;
  await tf.setBackend('wasm');
  optimizer.dispose();
  rnn.dispose();
  const f = flops(m);
  const t = (name: string, map: Map<string, Timing>) => map.get(name)!;
  return {
    id: m.id,
    title: m.title,
    train: pass(t('rnnc', train), t('sigmoid', train), t('defaults', train), train.get('pytorch') ?? null, trainBackend, f.train, gflops),
    forward: pass(t('rnnc', forward), t('sigmoid', forward), t('defaults', forward), forward.get('pytorch') ?? null, 'wasm', f.forward, gflops),
    memory,
    notes,
    load: [load0, loadavg()[0]!],
  };
}

export async function benchRecurrent(options: RecurrentOptions): Promise<RecurrentResult> {
  await initBackend('wasm');
  const gemmGflops = { square512: gemmRate(512, 512, 512), b1Step: gemmRate(64, 64, 256) };
  const models: ModelResult[] = [];
  for (const m of MODELS) {
    if (options.only && !options.only.includes(m.id)) continue;
    models.push(await benchModel(m, options.runs, gemmGflops.square512));
  }
  return { gemmGflops, models };
}
