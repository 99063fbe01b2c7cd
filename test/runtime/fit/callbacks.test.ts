// The callbacks of a train block, built as the command line builds them, on a real model whose
// validation loss falls and then rises: a linear Dense(1) from zeros learns y = x·w* by
// full-batch SGD while its held-out samples (the last quarter) are labelled 0.5·x·w*, so the
// validation loss is lowest when the weights pass w*/2 and rises after. Expected behaviour is
// Keras 3's rules (keras/src/callbacks/{early_stopping,reduce_lr_on_plateau,model_checkpoint}.py)
// applied here to the logs the run recorded; expected weights are the ones recorded at the end
// of the epoch those rules pick.

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, type RnnModel } from '../../../src/runtime/api.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { makeCallback, type Callback } from '../../../src/runtime/train/callbacks.ts';
import type { Dataset, History } from '../../../src/runtime/train/fit.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const root = mkdtempSync(join(tmpdir(), 'rnnc-callbacks-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const [N, TRAIN, F] = [40, 30, 3];
const W_STAR = [1, -2, 0.5];
const LR = 0.05;

function data(): Dataset {
  const rng = new Rng(1);
  const x = Float32Array.from({ length: N * F }, () => rng.normal());
  const y = Float32Array.from({ length: N }, (_, i) => (i < TRAIN ? 1 : 0.5) * W_STAR.reduce((s, w, k) => s + w * x[i * F + k]!, 0));
  return { x: [{ dtype: 'float32', shape: [N, F], data: x }], y: [{ dtype: 'float32', shape: [N, 1], data: y }] };
}

const source = (epochs: number, callbacks: string) => `model m {
  Dense(1, use_bias=false, kernel_initializer=zeros, input=(3,))
}
train {
  loss = mse
  optimizer = SGD(learning_rate=${LR})
  batch_size = ${TRAIN}
  shuffle = false
  validation_split = 0.25
  epochs = ${epochs}
  callbacks = [${callbacks}]
}`;

interface Run {
  readonly rnn: RnnModel;
  readonly history: History;
  /** At the end of each epoch, after the train block's callbacks (as Keras's History runs last). */
  readonly weights: Float32Array[][];
  readonly learningRates: number[];
  readonly messages: string[];
}

/** Train with the train block's callbacks and a recorder after them. */
async function train(epochs: number, callbacks: string): Promise<Run> {
  const rnn = await compile(source(epochs, callbacks), { seed: 1 });
  const built: Callback[] = rnn.model.train!.callbacks.map((fn) => makeCallback(fn, (p) => join(root, p)));
  const weights: Float32Array[][] = [];
  const learningRates: number[] = [];
  const recorder: Callback = {
    messages: [],
    onEpochEnd(_epoch, _logs, run) {
      weights.push(run.getWeights());
      learningRates.push(run.learningRate);
    },
  };
  const messages: string[] = [];
  const history = await rnn.fit(data(), {}, {
    callbacks: [...built, recorder],
    events: { onMessage: (m) => void messages.push(m) },
    save: async (dir) => void (await rnn.save(dir)),
  });
  return { rnn, history, weights, learningRates, messages };
}

const valLosses = (r: Run) => r.history.epochs.map((l) => l['val_loss']!);
const bits = (ws: readonly Float32Array[]) => ws.map((w) => Array.from(new Uint32Array(w.buffer, w.byteOffset, w.length)));

/** Keras's EarlyStopping on a sequence of monitored values (mode min, min_delta 0, no baseline):
 *  the epochs that run and the best one. */
function kerasEarlyStopping(values: readonly number[], patience: number): { ran: number; best: number } {
  let [wait, best, bestEpoch] = [0, Infinity, 0];
  for (let epoch = 0; epoch < values.length; epoch++) {
    wait += 1;
    if (values[epoch]! < best) {
      [best, bestEpoch, wait] = [values[epoch]!, epoch, 0];
      continue;
    }
    if (wait >= patience && epoch > 0) return { ran: epoch + 1, best: bestEpoch };
  }
  return { ran: values.length, best: bestEpoch };
}

describe('EarlyStopping', () => {
  it('stops when val_loss has not improved for `patience` epochs, by Keras’s count', async () => {
    const r = await train(30, 'EarlyStopping(monitor=val_loss, patience=3)');
    const v = valLosses(r);
    // Keras's rule on what this run logged, and independently: the minimum is interior.
    const best = v.indexOf(Math.min(...v));
    expect(best).toBeGreaterThan(2);
    expect(kerasEarlyStopping(v, 3)).toEqual({ ran: best + 4, best });
    expect(v).toHaveLength(best + 4);
    expect(r.history.stoppedEarly).toBe(true);
    expect(r.messages.some((m) => m.startsWith(`Epoch ${best + 4}: early stopping`))).toBe(true);
    // Without restore_best_weights the model keeps the last epoch's weights.
    expect(bits(r.rnn.network.getWeightValues())).toEqual(bits(r.weights.at(-1)!));
    r.rnn.dispose();
  });

  it('restore_best_weights: after stopping, the weights are those at the end of the best epoch', async () => {
    const r = await train(30, 'EarlyStopping(patience=2, restore_best_weights=true)');
    const v = valLosses(r);
    const { ran, best } = kerasEarlyStopping(v, 2);
    expect(v).toHaveLength(ran);
    expect(bits(r.rnn.network.getWeightValues())).toEqual(bits(r.weights[best]!));
    expect(bits(r.weights[best]!)).not.toEqual(bits(r.weights.at(-1)!));
    expect(r.messages).toContain(`Restoring model weights from the end of the best epoch: ${best + 1}.`);
    r.rnn.dispose();
  });

  it('restore_best_weights also restores when the epochs run out before patience does (Keras 3’s on_train_end)', async () => {
    const r = await train(9, 'EarlyStopping(patience=5, restore_best_weights=true)');
    const v = valLosses(r);
    expect(v).toHaveLength(9);
    expect(r.history.stoppedEarly).toBe(false);
    const best = v.indexOf(Math.min(...v));
    expect(best).toBeLessThan(8);
    expect(bits(r.rnn.network.getWeightValues())).toEqual(bits(r.weights[best]!));
    r.rnn.dispose();
  });
});

describe('ReduceLROnPlateau', () => {
  /** Keras's rule (mode min): the learning rate in force after each epoch's callback. */
  function kerasLearningRates(values: readonly number[], o: { factor: number; patience: number; minDelta: number; cooldown: number; minLr: number }): number[] {
    let [best, wait, cooldown, lr] = [Infinity, 0, 0, Math.fround(LR)];
    return values.map((current) => {
      if (cooldown > 0) [cooldown, wait] = [cooldown - 1, 0];
      if (current < best - o.minDelta) [best, wait] = [current, 0];
      else if (!(cooldown > 0)) {
        wait += 1;
        if (wait >= o.patience && lr > Math.fround(o.minLr)) {
          lr = Math.fround(Math.max(lr * o.factor, o.minLr));
          [cooldown, wait] = [o.cooldown, 0];
        }
      }
      return lr;
    });
  }

  it('lowers the learning rate by Keras’s rule, and the optimizer takes its next steps with it', async () => {
    const r = await train(16, 'ReduceLROnPlateau(monitor=val_loss, factor=0.5, patience=1, cooldown=2, min_lr=0.01)');
    const v = valLosses(r);
    const expected = kerasLearningRates(v, { factor: 0.5, patience: 1, minDelta: 1e-4, cooldown: 2, minLr: 0.01 });
    expect(r.learningRates).toEqual(expected);
    expect(new Set(expected).size).toBeGreaterThan(2); // it fell more than once
    expect(Math.min(...expected)).toBe(Math.fround(0.01));

    // Full-batch SGD: W_{e+1} − W_e = −lr · ∇L(W_e), with ∇L = 2/n·Xᵀ(X·W − y) over the 30
    // training samples, in float64 here. The step each epoch takes reveals the rate it used.
    const { x, y } = { x: data().x[0]!.data, y: data().y[0]!.data };
    const gradient = (w: Float32Array) => {
      const g = [0, 0, 0];
      for (let i = 0; i < TRAIN; i++) {
        const e = W_STAR.reduce((s, _, k) => s + x[i * F + k]! * w[k]!, 0) - y[i]!;
        for (let k = 0; k < F; k++) g[k]! += (2 / TRAIN) * e * x[i * F + k]!;
      }
      return g;
    };
    for (let e = 1; e < r.weights.length; e++) {
      const [before, after] = [r.weights[e - 1]![0]!, r.weights[e]![0]!];
      const g = gradient(before);
      const k = g.reduce((best, v, i) => (Math.abs(v) > Math.abs(g[best]!) ? i : best), 0);
      const used = (before[k]! - after[k]!) / g[k]!;
      expect(Math.abs(used - r.learningRates[e - 1]!), `epoch ${e + 1}`).toBeLessThanOrEqual(1e-3 * r.learningRates[e - 1]!);
    }
    r.rnn.dispose();
  });

  // Keras 3's ReduceLROnPlateau.on_epoch_end writes logs["learning_rate"], and the History that
  // CallbackList appends after the user's callbacks records it, so history.history has a
  // learning_rate column. (Was missing: rnnc recorded the logs before the callbacks ran.)
  it('records the learning rate of every epoch in the history, as Keras’s logs["learning_rate"]', async () => {
    const r = await train(10, 'ReduceLROnPlateau(factor=0.5, patience=1)');
    // Keras sets it first thing in on_epoch_end, before any reduction: the rate the epoch used,
    // which is the rate in effect at the end of the epoch before (the recorder's).
    const used = [Math.fround(LR), ...r.learningRates.slice(0, -1)];
    expect(r.history.epochs.map((l) => l['learning_rate'])).toEqual(used);
    r.rnn.dispose();
  });
});

describe('ModelCheckpoint', () => {
  /** A fresh model of the same source, loaded from a checkpoint directory. */
  async function loaded(dir: string): Promise<Float32Array[]> {
    const fresh = await compile(source(1, ''), { seed: 99 });
    await fresh.load(dir);
    const w = fresh.network.getWeightValues();
    fresh.dispose();
    return w;
  }

  it('saves every epoch into the directory its filepath names, each loadable with that epoch’s weights', async () => {
    const r = await train(3, 'ModelCheckpoint("every/epoch{epoch:02d}", save_best_only=false)');
    expect(readdirSync(join(root, 'every')).sort()).toEqual(['epoch01', 'epoch02', 'epoch03']);
    for (let e = 0; e < 3; e++) {
      const dir = join(root, 'every', `epoch0${e + 1}`);
      expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
      expect(bits(await loaded(dir))).toEqual(bits(r.weights[e]!));
    }
    r.rnn.dispose();
  });

  it('save_best_only: writes only when val_loss improves, so the directory holds the best epoch’s weights', async () => {
    const r = await train(14, 'ModelCheckpoint("best/epoch{epoch:02d}", save_best_only=true), ModelCheckpoint("best/latest", save_best_only=true)');
    const v = valLosses(r);
    // Keras: save when current < best (strictly), best starting at +inf.
    const improved = v.flatMap((value, e) => (v.slice(0, e).every((p) => value < p) ? [e] : []));
    expect(improved.length).toBeGreaterThan(3);
    expect(improved.length).toBeLessThan(v.length);
    expect(readdirSync(join(root, 'best')).filter((d) => d.startsWith('epoch')).sort()).toEqual(improved.map((e) => `epoch${String(e + 1).padStart(2, '0')}`));
    const best = improved.at(-1)!;
    expect(bits(await loaded(join(root, 'best', 'latest')))).toEqual(bits(r.weights[best]!));
    expect(existsSync(join(root, 'best', `epoch${String(v.length).padStart(2, '0')}`))).toBe(false);
    r.rnn.dispose();
  });
});
