// Keras 3's training callbacks (keras/src/callbacks/): EarlyStopping, ModelCheckpoint,
// ReduceLROnPlateau, TerminateOnNaN. They see the per-epoch logs (`loss`, `val_loss`, metrics)
// and act on the run through a small control surface, so they can be tested without a model.

import type { FnValue } from '../../compiler/config-value.ts';

export type Logs = Readonly<Record<string, number>>;

/** What a callback may do to the run. */
export interface RunControl {
  stopTraining: boolean;
  getWeights(): Float32Array[];
  setWeights(w: readonly Float32Array[]): void;
  learningRate: number;
  /** Save the model (the TensorFlow.js Layers format) into a directory; atomic. */
  save(dir: string): Promise<void>;
}

export interface Callback {
  onTrainBegin?(run: RunControl): void;
  /** `logs` may be added to, as Keras's callbacks do (ReduceLROnPlateau's `learning_rate`). */
  onEpochEnd?(epoch: number, logs: Record<string, number>, run: RunControl): void | Promise<void>;
  onTrainEnd?(run: RunControl): void;
  /** A line for the user when the callback acts ("Epoch 7: early stopping"). */
  readonly messages: string[];
}

const num = (fn: FnValue, k: string, d: number): number => (typeof fn.args[k] === 'number' ? (fn.args[k]) : d);
const str = (fn: FnValue, k: string, d: string): string => (typeof fn.args[k] === 'string' ? (fn.args[k]) : d);
const bool = (fn: FnValue, k: string): boolean => fn.args[k] === true;
const optNum = (fn: FnValue, k: string): number | null => (typeof fn.args[k] === 'number' ? (fn.args[k]) : null);

/** Keras's mode="auto": accuracy-like quantities go up, everything else down. */
function maximizes(monitor: string, mode: string, accuracyWords: readonly string[]): boolean {
  if (mode === 'max') return true;
  if (mode === 'min') return false;
  return accuracyWords.some((w) => monitor.endsWith(w) || monitor.includes(w));
}

/** keras/src/callbacks/early_stopping.py */
export function earlyStopping(fn: FnValue): Callback {
  const monitor = str(fn, 'monitor', 'val_loss');
  const patience = num(fn, 'patience', 0);
  const max = maximizes(monitor, str(fn, 'mode', 'auto'), ['acc', 'accuracy', 'auc']);
  // Keras multiplies min_delta by -1 in min mode and compares `current - min_delta` to the best.
  const minDelta = Math.abs(num(fn, 'min_delta', 0)) * (max ? 1 : -1);
  const better = (a: number, b: number | null) => b === null || (max ? a - minDelta > b : a - minDelta < b);
  const baseline = optNum(fn, 'baseline');
  const restore = bool(fn, 'restore_best_weights');
  const startFrom = num(fn, 'start_from_epoch', 0);
  let wait = 0;
  let best: number | null = null;
  let bestEpoch = 0;
  let bestWeights: Float32Array[] | null = null;
  const messages: string[] = [];
  return {
    messages,
    onTrainBegin() {
      wait = 0;
      best = null;
      bestWeights = null;
    },
    onEpochEnd(epoch, logs, run) {
      const current = logs[monitor];
      if (current === undefined || epoch < startFrom) return;
      if (restore && bestWeights === null) bestWeights = run.getWeights();
      wait += 1;
      if (better(current, best)) {
        best = current;
        bestEpoch = epoch;
        if (restore) bestWeights = run.getWeights();
        if (baseline === null || better(current, baseline)) wait = 0;
        return;
      }
      if (wait >= patience && epoch > 0) {
        run.stopTraining = true;
        messages.push(`Epoch ${epoch + 1}: early stopping (${monitor} has not improved for ${wait} epochs)`);
      }
    },
    onTrainEnd(run) {
      if (restore && bestWeights) {
        run.setWeights(bestWeights);
        messages.push(`Restoring model weights from the end of the best epoch: ${bestEpoch + 1}.`);
      }
    },
  };
}

/** keras/src/callbacks/reduce_lr_on_plateau.py */
export function reduceLROnPlateau(fn: FnValue): Callback {
  const monitor = str(fn, 'monitor', 'val_loss');
  const factor = num(fn, 'factor', 0.1);
  const patience = num(fn, 'patience', 10);
  const minDelta = num(fn, 'min_delta', 1e-4);
  const cooldown = num(fn, 'cooldown', 0);
  const minLr = num(fn, 'min_lr', 0);
  const max = maximizes(monitor, str(fn, 'mode', 'auto'), ['acc']);
  const better = (a: number, b: number) => (max ? a > b + minDelta : a < b - minDelta);
  let best = max ? -Infinity : Infinity;
  let wait = 0;
  let cooldownCounter = 0;
  const messages: string[] = [];
  return {
    messages,
    onEpochEnd(epoch, logs, run) {
      logs['learning_rate'] = run.learningRate;
      const current = logs[monitor];
      if (current === undefined) return;
      if (cooldownCounter > 0) {
        cooldownCounter -= 1;
        wait = 0;
      }
      if (better(current, best)) {
        best = current;
        wait = 0;
      } else if (cooldownCounter <= 0) {
        wait += 1;
        if (wait >= patience) {
          const old = run.learningRate;
          if (old > minLr) {
            run.learningRate = Math.max(old * factor, minLr);
            messages.push(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${run.learningRate}.`);
            cooldownCounter = cooldown;
            wait = 0;
          }
        }
      }
    },
  };
}

/** keras/src/callbacks/model_checkpoint.py; the path names a directory (TensorFlow.js format). */
export function modelCheckpoint(fn: FnValue, resolvePath: (p: string) => string): Callback {
  const monitor = str(fn, 'monitor', 'val_loss');
  const bestOnly = bool(fn, 'save_best_only');
  const max = maximizes(monitor, str(fn, 'mode', 'auto'), ['acc', 'fmeasure']);
  let best: number | null = optNum(fn, 'initial_value_threshold');
  const messages: string[] = [];
  return {
    messages,
    async onEpochEnd(epoch, logs, run) {
      const path = resolvePath(formatPath(str(fn, 'filepath', 'checkpoint'), epoch, logs));
      if (bestOnly) {
        const current = logs[monitor];
        if (current === undefined) return;
        if (best !== null && !(max ? current > best : current < best)) return;
        best = current;
      }
      await run.save(path);
    },
  };
}

/** Python-style `{epoch:02d}` and `{val_loss:.4f}` in a checkpoint path; epochs count from 1. */
export function formatPath(template: string, epoch: number, logs: Logs): string {
  return template.replace(/\{(\w+)(?::([^}]*))?\}/g, (whole, name: string, spec: string | undefined) => {
    const value = name === 'epoch' ? epoch + 1 : logs[name];
    if (value === undefined) return whole;
    const fixed = spec && /^\.(\d+)f$/.exec(spec);
    if (fixed) return value.toFixed(Number(fixed[1]));
    const padded = spec && /^0?(\d+)d$/.exec(spec);
    if (padded) return String(Math.round(value)).padStart(Number(padded[1]), spec.startsWith('0') ? '0' : ' ');
    return String(value);
  });
}

/** TerminateOnNaN: rnnc always stops on a non-finite loss (before the bad step is applied),
 *  so the callback has nothing left to do; it is accepted for Keras compatibility. */
export function terminateOnNaN(): Callback {
  return { messages: [] };
}

export function makeCallback(fn: FnValue, resolvePath: (p: string) => string): Callback {
  switch (fn.name) {
    case 'EarlyStopping':
      return earlyStopping(fn);
    case 'ReduceLROnPlateau':
      return reduceLROnPlateau(fn);
    case 'ModelCheckpoint':
      return modelCheckpoint(fn, resolvePath);
    case 'TerminateOnNaN':
      return terminateOnNaN();
    default:
      throw new Error(`no runtime callback ${fn.name}`);
  }
}
