// Keras's fit(), evaluate() and predict() loops over host arrays: validation_split takes the
// last fraction before shuffling, each epoch shuffles with the run's seeded rng, the logged
// loss is the mean over samples (batches weighted by their size, as Keras's loss tracker
// does), metrics stream over the epoch, and callbacks act at the end of each epoch.

import type { TrainConfig } from '../../compiler/ir.ts';
import { RnncError } from '../errors.ts';
import type { Network, StepResult } from '../model/network.ts';
import { Rng } from '../rng.ts';
import { tf, type Tensor } from '../tf.ts';
import { batchRanges, gatherRows, hostTensor, identityOrder, sampleCount, sliceRows, takeRows, takeRowsWindow, type HostArray } from './batches.ts';
import { adaptNormalization } from './adapt.ts';
import { adaptText, textDataset, textToIds } from '../text/text-inputs.ts';
import type { Callback, Logs, RunControl } from './callbacks.ts';
import { compileLoss, type CompiledLoss } from './losses.ts';
import { LossTracker } from './loss-tracker.ts';
import { makeMetric, type OutputMetric } from './metrics.ts';
import { outputNames } from '../../compiler/io-names.ts';
import { makeOptimizer, type Optimizer } from './optimizers.ts';
import { checkStatefulBatches } from './stateful-batches.ts';
import { splitSteps } from './workers/start.ts';
import { windowedTraining, timeWindows, type WindowedTraining } from './windows.ts';

export interface Dataset {
  /** One array per model input. */
  readonly x: readonly HostArray[];
  /** One array per model output. */
  readonly y: readonly HostArray[];
  /** Held-out samples given explicitly (Keras's validation_data), evaluated after each epoch in
   *  place of validation_split's fraction. */
  readonly validation?: { readonly x: readonly HostArray[]; readonly y: readonly HostArray[] };
}

/** Keras's compile() and fit() settings: the train block's, after the command line's overrides. */
export type FitSettings = Pick<TrainConfig, 'loss' | 'optimizer' | 'metrics' | 'epochs' | 'batchSize' | 'validationSplit' | 'shuffle'> &
  Partial<Pick<TrainConfig, 'shuffleBeforeSplit' | 'truncatedBptt' | 'workers'>> &
  Partial<Pick<TrainConfig, 'metricKeys' | 'losses' | 'lossWeights' | 'outputMetrics'>> & {
  /** Seeds the shuffles; the network's own seed drew its weights and dropout streams. */
  readonly seed: number;
};

/** What the command line shows while training runs. */
export interface FitEvents {
  onEpochBegin?(epoch: number, epochs: number, steps: number): void;
  onBatchEnd?(step: number, steps: number, logs: Logs): void;
  onEpochEnd?(epoch: number, logs: Logs, seconds: number): void;
  /** A callback's message ("Epoch 7: early stopping"). */
  onMessage?(line: string): void;
}

export interface History {
  readonly epochs: Logs[];
  /** True when a callback stopped training before the last epoch. */
  readonly stoppedEarly: boolean;
}

export async function fit(
  net: Network,
  data: Dataset,
  settings: FitSettings,
  callbacks: readonly Callback[] = [],
  events: FitEvents = {},
  save: (dir: string) => Promise<void> = async () => {},
): Promise<History> {
  const split = splitValidation(data, settings.validationSplit, settings.shuffleBeforeSplit ? settings.seed : null);
  // TextVectorization layers learn their vocabulary from the training part's text, and every
  // text becomes ids once, here (runtime/text); Normalization layers without mean and variance
  // get them from the training samples (adapt.ts).
  adaptText(net, split.train.x);
  const train = withIds(net, split.train);
  const validation = split.validation && withIds(net, split.validation);
  checkStatefulBatches(net.model, settings.batchSize, trainingSets(train, validation));
  adaptNormalization(net, train);
  const loss = lossFor(net, settings);
  const optimizer = makeOptimizer(settings.optimizer);
  const metrics = metricsFor(net, settings);
  const rng = new Rng(settings.seed);
  const variables = net.trainable.map((w) => w.variable);
  const run = runControl(net, optimizer, save);
  const history: Logs[] = [];
  const n = sampleCount(train.x[0]!);
  const ranges = batchRanges(n, settings.batchSize);
  const windowed = settings.truncatedBptt ? windowedTraining(net, train, settings.truncatedBptt, { loss, optimizer, variables, metrics }) : null;
  // workers = 2: each batch's step split across worker threads (workers/split-step.ts).
  const workers = await splitSteps(net, settings);
  try {
    for (const c of callbacks) c.onTrainBegin?.(run);
    for (let epoch = 0; epoch < settings.epochs && !run.stopTraining; epoch++) {
      const started = performance.now();
      // Each epoch starts its sequences afresh: stateful layers forget the last epoch's states
      // (Keras users reset them with a callback; Keras 3's fit() itself does not, docs/language.md).
      net.resetStates();
      events.onEpochBegin?.(epoch, settings.epochs, ranges.length);
      const order = settings.shuffle ? rng.permutation(n) : identityOrder(n);
      metrics.forEach((m) => m.reset());
      const tracker = lossTracker(net);
      for (let b = 0; b < ranges.length; b++) {
        const [start, end] = ranges[b]!;
        if (windowed) {
          trainWindows(windowed, train, order, start, end, epoch, b, tracker);
          tracker.count(end - start);
          events.onBatchEnd?.(b, ranges.length, tracker.logs(metrics));
          continue;
        }
        let xs: Tensor[], ys: Tensor[], step: StepResult;
        if (workers) {
          const batch = { xs: train.x.map((a) => gatherRows(a, order, start, end)), ys: train.y.map((a) => gatherRows(a, order, start, end)) };
          step = workers.step(net, batch, loss);
          [xs, ys] = [[], batch.ys.map(hostTensor)];
        } else {
          xs = train.x.map((a) => takeRows(a, order, start, end));
          ys = train.y.map((a) => takeRows(a, order, start, end));
          step = net.step(xs, ys, loss);
        }
        if (!Number.isFinite(step.loss) || !step.gradientsFinite) {
          disposeStep(xs, ys, step);
          throw nonFiniteStep(step, epoch, b);
        }
        optimizer.apply(variables, step.grads);
        net.commit(step);
        updateMetrics(metrics, ys, step.predictions, step.outputMasks);
        disposeStep(xs, ys, step);
        tracker.add(step, end - start);
        tracker.count(end - start);
        events.onBatchEnd?.(b, ranges.length, tracker.logs(metrics));
      }
      const logs: Record<string, number> = { ...tracker.logs(metrics) };
      if (validation) {
        // The validation samples are sequences of their own, not the training samples' sequels.
        net.resetStates();
        const v = evaluate(net, validation, loss, metricsFor(net, settings), settings.batchSize);
        for (const [k, val] of Object.entries(v)) logs[`val_${k}`] = val;
      }
      // Keras's order: the user's callbacks (ReduceLROnPlateau adds `learning_rate` to the
      // logs), then the History, then the progress line.
      for (const c of callbacks) await c.onEpochEnd?.(epoch, logs, run);
      history.push(logs);
      events.onEpochEnd?.(epoch, logs, (performance.now() - started) / 1000);
      flushMessages(callbacks, events);
    }
    for (const c of callbacks) c.onTrainEnd?.(run);
    flushMessages(callbacks, events);
  } finally {
    optimizer.dispose();
    await workers?.close();
  }
  return { epochs: history, stoppedEarly: run.stopTraining && history.length < settings.epochs };
}

/** The samples a stateful model's batches must divide (stateful-batches.ts). */
export function trainingSets(train: Dataset, validation: Dataset | null): { samples: number; what: string }[] {
  const sets = [{ samples: sampleCount(train.x[0]!), what: 'the training data' }];
  if (validation) sets.push({ samples: sampleCount(validation.x[0]!), what: 'the validation data validation_split holds out' });
  return sets;
}

/** What callbacks see of a run: whether to stop, the weights, the learning rate, saving. */
export function runControl(net: Network, optimizer: Optimizer, save: (dir: string) => Promise<void>): RunControl {
  return {
    stopTraining: false,
    getWeights: () => net.getWeightValues(),
    setWeights: (w) => net.setWeightValues(w),
    get learningRate() {
      return optimizer.learningRate;
    },
    set learningRate(v: number) {
      optimizer.learningRate = v;
    },
    save,
  };
}

/** Callbacks' messages ("Epoch 7: early stopping"), shown in the order they were said. */
export function flushMessages(callbacks: readonly Callback[], events: FitEvents): void {
  for (const c of callbacks) for (const m of c.messages.splice(0)) events.onMessage?.(m);
}

/** E0515: a NaN or infinite loss or gradient stops training before the step reaches the weights. */
export function nonFiniteStep(step: StepResult, epoch: number, batch: number): RnncError {
  const what = Number.isFinite(step.loss) ? 'the gradients became NaN or infinite' : `the loss became ${step.loss}`;
  return new RnncError(
    'E0515',
    `${what} at epoch ${epoch + 1}, batch ${batch + 1}; training stopped before that step changed the weights`,
    { context: 'train' },
    'lower the learning rate, add clipnorm=1.0 to the optimizer, or scale the data to roughly -1…1',
  );
}

/** A training step's batch and everything it kept, once its numbers have been read. */
export function disposeStep(xs: readonly Tensor[], ys: readonly Tensor[], step: StepResult): void {
  tf.dispose([...xs, ...ys, ...step.grads, ...step.predictions, ...step.outputMasks.filter((m): m is Tensor => m !== null)]);
}

/**
 * Truncated BPTT's batch (windows.ts): rows order[start..end) trained in windows, each window's
 * losses added to `tracker` by its share of the batch's samples (the caller counts the samples).
 * `epoch` and `batch` name the step that goes wrong (E0515).
 */
export function trainWindows(w: WindowedTraining, data: Dataset, order: Int32Array, start: number, end: number, epoch: number, batch: number, tracker: LossTracker): void {
  const steps = data.x[0]!.shape[1]!;
  const windows = timeWindows(steps, w.k);
  w.net.startSequences();
  w.net.carryWindows = true;
  try {
    for (const [i, [t0, t1]] of windows.entries()) {
      const xs = data.x.map((a) => takeRowsWindow(a, order, start, end, t0, t1));
      const last = i === windows.length - 1;
      if (w.outputs === 'last' && !last) {
        w.net.advance(xs);
        xs.forEach((t) => t.dispose());
        continue;
      }
      const ys = data.y.map((a) => (w.outputs === 'sequences' ? takeRowsWindow(a, order, start, end, t0, t1) : takeRows(a, order, start, end)));
      const step = w.net.step(xs, ys, w.loss);
      if (!Number.isFinite(step.loss) || !step.gradientsFinite) {
        disposeStep(xs, ys, step);
        throw nonFiniteStep(step, epoch, batch);
      }
      w.optimizer.apply(w.variables, step.grads);
      w.net.commit(step);
      updateMetrics(w.metrics, ys, step.predictions, step.outputMasks);
      disposeStep(xs, ys, step);
      const share = w.outputs === 'sequences' ? (t1 - t0) / steps : 1;
      tracker.add(step, share * (end - start));
    }
  } finally {
    w.net.carryWindows = false;
  }
}

/** Keras's evaluate(): the loss (with regularization penalties), each output's, and the metrics over all samples. */
export function evaluate(net: Network, data: Dataset, loss: CompiledLoss, metrics: readonly OutputMetric[], batchSize: number): Record<string, number> {
  const n = sampleCount(data.x[0]!);
  const order = identityOrder(n);
  metrics.forEach((m) => m.reset());
  const tracker = lossTracker(net);
  for (const [start, end] of batchRanges(n, batchSize)) {
    const xs = data.x.map((a) => takeRows(a, order, start, end));
    const ys = data.y.map((a) => takeRows(a, order, start, end));
    const { outputs, masks } = net.evaluateBatch(xs);
    const batchLosses = tf.tidy(() => {
      let total: Tensor = tf.scalar(0);
      const each = outputs.map((yPred, i) => {
        const value = loss.losses[i]!.value(ys[i]!, yPred, masks[i] ?? null);
        const weight = loss.weights?.[i];
        total = tf.add(total, weight === undefined ? value : tf.mul(value, weight));
        return value;
      });
      return tf.stack([total, ...each]);
    });
    const [total, ...outputLosses] = batchLosses.dataSync();
    tracker.add({ loss: total!, outputLosses }, end - start);
    tracker.count(end - start);
    updateMetrics(metrics, ys, outputs, masks);
    tf.dispose([...xs, ...ys, ...outputs, batchLosses, ...masks.filter((m): m is Tensor => m !== null)]);
  }
  return { ...tracker.logs(metrics, net.regularizationPenalty()) };
}

/** Keras's CompileLoss for the network's outputs: the block's loss (or each output's) and loss_weights. */
export function lossFor(net: Network, settings: Pick<FitSettings, 'loss' | 'losses' | 'lossWeights'>): CompiledLoss {
  return compileLoss(settings, net.model.outputs.length);
}

/** An epoch's (or an evaluation's) loss logs, keyed by the network's output names. */
export function lossTracker(net: Network): LossTracker {
  return new LossTracker(outputNames(net.model));
}

/** `data` with its texts as token ids, and a text-fed decoder's labels made from its targets
 *  (runtime/text); the same arrays for a model without text. */
function withIds(net: Network, data: Dataset): Dataset {
  return textDataset(net, data.x, data.y);
}

export function evaluateWith(net: Network, data: Dataset, settings: Pick<FitSettings, 'loss' | 'losses' | 'lossWeights' | 'metrics' | 'metricKeys' | 'outputMetrics' | 'batchSize'>): Record<string, number> {
  return evaluate(net, withIds(net, data), lossFor(net, settings), metricsFor(net, settings), settings.batchSize);
}

/** Keras's predict(): batches of inputs through the network in inference mode. */
export function predict(net: Network, given: readonly HostArray[], batchSize: number): HostArray[] {
  const x = textToIds(net, given);
  const n = sampleCount(x[0]!);
  const order = identityOrder(n);
  const parts: Float32Array[][] = net.model.outputs.map(() => []);
  let shapes: number[][] = [];
  for (const [start, end] of batchRanges(n, batchSize)) {
    const xs = x.map((a) => takeRows(a, order, start, end));
    const outs = net.predict(xs);
    shapes = outs.map((o) => o.shape.slice(1));
    outs.forEach((o, i) => parts[i]!.push(o.dataSync() as Float32Array));
    tf.dispose([...xs, ...outs]);
  }
  return parts.map((chunks, i) => {
    const data = new Float32Array(chunks.reduce((s, c) => s + c.length, 0));
    let off = 0;
    for (const c of chunks) {
      data.set(c, off);
      off += c.length;
    }
    return { dtype: 'float32', shape: [n, ...(shapes[i] ?? [])], data };
  });
}

/**
 * The held-out samples. Given ones (validation_data) win: Keras 3's fit() splits only
 * `if validation_split and validation_data is None` (keras/src/backend/tensorflow/trainer.py and the other backends). Otherwise
 * Keras's validation_split (keras/src/trainers/data_adapters/array_slicing.py
 * train_validation_split): the last fraction of the samples, before any shuffling. With
 * `shuffleSeed` (shuffle_before_split) the samples are first put in a random order drawn from
 * their own stream of that seed, so the epochs' shuffling draws what it drew without it.
 */
export function splitValidation(data: Dataset, split: number, shuffleSeed: number | null = null): { train: Dataset; validation: Dataset | null } {
  if (data.validation) return { train: { x: data.x, y: data.y }, validation: data.validation };
  if (!split) return { train: data, validation: null };
  const n = sampleCount(data.x[0]!);
  const at = Math.floor(n * (1 - split));
  if (at === 0 || at === n) {
    throw new RnncError(
      'E0516',
      `validation_split=${split} of ${n} samples leaves ${at === 0 ? 'no training' : 'no validation'} data`,
      { context: 'train block' },
      'use more samples or another validation_split',
    );
  }
  const order = shuffleSeed === null ? null : new Rng(splitStream(shuffleSeed)).permutation(n);
  const rows = (a: HostArray, s: number, e: number) => (order ? gatherRows(a, order, s, e) : sliceRows(a, s, e));
  const part = (s: number, e: number): Dataset => ({ x: data.x.map((a) => rows(a, s, e)), y: data.y.map((a) => rows(a, s, e)) });
  return { train: part(0, at), validation: part(at, n) };
}

/**
 * E0706: a program `rnnc build` wrote carries the validation code only when its train block asks
 * for held-out samples; given them by --validation-x anyway, it says so instead of training
 * without them.
 */
export function heldOutNotBuilt(): RnncError {
  return new RnncError(
    'E0706',
    'this program was built from a train block without validation, so it cannot evaluate the held-out samples given',
    { context: 'command line' },
    'add `validation_data = { x = …, y = … }` to the train block and run `rnnc build` again, or train with `rnnc train … --validation-x …`',
  );
}

/**
 * E0725: a program `rnnc build` wrote trains on one thread, and refuses `--workers` above 1
 * rather than ignore it (rnnc build refuses a train block that asks for more).
 */
export function workersNotBuilt(workers: number): RnncError {
  return new RnncError(
    'E0725',
    `this program trains on one thread, so it cannot split its steps across ${workers} workers`,
    { context: 'command line' },
    'leave out --workers, or train with `rnnc train … --workers 2`, which runs the workers',
  );
}

/** The seed of the split's own stream: another number than the epochs' shuffling starts from. */
function splitStream(seed: number): number {
  return (seed ^ 0x5bd1e995) >>> 0;
}

/**
 * Keras 3's CompileMetrics: each output's metrics, in the outputs' order. A model of one output
 * logs each under its key as written (`mae`); one of several under `<output>_<key>`.
 */
export function metricsFor(net: Network, settings: Pick<FitSettings, 'loss' | 'losses' | 'metrics' | 'metricKeys' | 'outputMetrics'>): OutputMetric[] {
  const names = outputNames(net.model);
  const perOutput = settings.outputMetrics?.length === names.length ? settings.outputMetrics.map((m) => m.keys) : [settings.metricKeys ?? settings.metrics];
  return perOutput.flatMap((keys, i) => {
    const out = net.model.outputTypes[i];
    const shape = out && out.kind === 'tensor' ? out.shape : [];
    const lossName = (settings.losses?.[i] ?? settings.loss).name;
    // makeMetric takes any spelling and logs the metric under it, as Keras does (`mae`).
    return keys.map((key) => Object.assign(makeMetric(key, lossName, shape, names.length > 1 ? `${names[i]}_${key}` : key), { output: i }));
  });
}

export function updateMetrics(metrics: readonly OutputMetric[], ys: readonly Tensor[], preds: readonly Tensor[], masks: readonly (Tensor | null)[]): void {
  for (const m of metrics) m.update(ys[m.output]!, preds[m.output]!, masks[m.output] ?? null);
}
