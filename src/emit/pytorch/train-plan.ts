// What the PyTorch target makes of a train block: Keras's loss, optimizer and metrics as the
// Python program computes them, or the setting it refuses (E0904). A setting is emitted only when
// the program reproduces it with Keras 3's formula and defaults, never PyTorch's nearest
// equivalent (torch.optim.Adam's epsilon is 1e-8 and is added after the bias correction; Keras's
// is 1e-7, added before).

import { isFn, type ConfigValue, type FnValue } from '../../compiler/config-value.ts';
import type { CheckedModel, TrainConfig } from '../../compiler/ir.ts';
import { CALLBACKS, LOSSES, METRICS, OPTIMIZERS, defaultArgs } from '../../compiler/vocab/index.ts';
import { lookupIn, type Vocab } from '../../compiler/vocab/vocab.ts';
import { trainSetting, type SettingName } from '../../compiler/train-spec.ts';

/**
 * What the Python program does with each train setting. Keyed by every setting's name, so a
 * setting added to src/compiler/train-spec.ts does not compile until it is decided here: the
 * program reproduces it ('emitted'), or refuses a block that sets it (E0904) — never ignores it.
 */
export const PYTORCH_SETTINGS: Readonly<Record<SettingName, 'emitted' | 'refused'>> = {
  loss: 'emitted',
  loss_weights: 'refused',
  optimizer: 'emitted',
  metrics: 'emitted',
  epochs: 'emitted',
  batch_size: 'emitted',
  validation_split: 'emitted',
  shuffle_before_split: 'refused',
  shuffle: 'emitted',
  seed: 'emitted',
  callbacks: 'emitted',
  data: 'emitted',
  validation_data: 'refused',
  truncated_bptt: 'refused',
  workers: 'refused',
};

/** What to do instead, where the TypeScript program is not the answer. */
const REFUSAL_HINTS: Readonly<Record<string, string>> = {
  workers: 'leave workers at 1 and run the program under `torchrun --nproc_per_node 2`, which splits each batch across processes',
};

export interface TrainPlan {
  readonly loss: readonly [string, Readonly<Record<string, ConfigValue>>];
  readonly optimizer: readonly [string, Readonly<Record<string, ConfigValue>>];
  /** Each metric's log key (as written) and the function the program computes for it. */
  readonly metrics: readonly (readonly [string, string])[];
  /** Each callback's class name and every argument, Keras's defaults filled in. */
  readonly callbacks: readonly (readonly [string, Readonly<Record<string, ConfigValue>>])[];
}

export interface TrainRefusal {
  readonly refused: true;
  readonly message: string;
  readonly hint: string;
}

/** Each emitted loss with the arguments the program reads; any other argument must keep its default. */
const LOSS_ARGS: Readonly<Record<string, readonly string[]>> = {
  mean_squared_error: [],
  mean_absolute_error: [],
  binary_crossentropy: ['from_logits', 'label_smoothing'],
  categorical_crossentropy: ['from_logits', 'label_smoothing'],
  sparse_categorical_crossentropy: ['from_logits'],
};

const OPTIMIZER_ARGS: Readonly<Record<string, readonly string[]>> = {
  sgd: ['learning_rate', 'momentum', 'nesterov'],
  adam: ['learning_rate', 'beta_1', 'beta_2', 'epsilon', 'amsgrad'],
  adamw: ['learning_rate', 'beta_1', 'beta_2', 'epsilon', 'amsgrad'],
  rmsprop: ['learning_rate', 'rho', 'momentum', 'epsilon', 'centered'],
};
const BASE_OPTIMIZER_ARGS = ['weight_decay', 'clipnorm', 'clipvalue', 'global_clipnorm'];

/** Metrics the program computes as a mean over samples (Keras's MeanMetricWrapper). */
const MEAN_METRICS = new Set([
  'binary_accuracy',
  'categorical_accuracy',
  'sparse_categorical_accuracy',
  'mean_squared_error',
  'mean_absolute_error',
  'binary_crossentropy',
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
]);

const ALTERNATIVE = 'build the TypeScript program (rnnc build without --target), which supports it';

/** Keras's compile_utils.get_metric, as the runtime's accuracyFor: which accuracy `accuracy` is. */
function accuracyKind(lossName: string, model: CheckedModel): string {
  const out = model.outputTypes[0];
  const shape = out && out.kind === 'tensor' ? out.shape : [];
  if (shape[shape.length - 1] === 1) return 'binary_accuracy';
  return lossName === 'sparse_categorical_crossentropy' ? 'sparse_categorical_accuracy' : 'categorical_accuracy';
}

/** `fn`'s arguments with the vocabulary's defaults, or the first one the program does not read. */
function fullArgs(vocab: Vocab, fn: FnValue, read: readonly string[]): { name: string; args: Record<string, ConfigValue> } | { bad: string } {
  const entry = lookupIn(vocab, fn.name);
  if (!entry) return { bad: fn.name };
  const defaults = defaultArgs(entry);
  const args: Record<string, ConfigValue> = { ...defaults, ...fn.args };
  for (const [k, v] of Object.entries(args)) {
    if (read.includes(k) || k === 'seed') continue;
    if (JSON.stringify(v) !== JSON.stringify(defaults[k])) return { bad: `${k}=${JSON.stringify(v)}` };
  }
  return { name: entry.name, args };
}

export function planTrain(model: CheckedModel, train: TrainConfig): TrainPlan | TrainRefusal {
  const refuse = (message: string, hint = ALTERNATIVE): TrainRefusal => ({ refused: true, message, hint });
  for (const [name, fate] of Object.entries(PYTORCH_SETTINGS)) {
    const spec = trainSetting(name);
    // Set in the block: a value other than its default, a non-empty list, any other setting at all.
    const value = spec ? train[spec.field] : undefined;
    const given =
      spec?.value.kind === 'value' || spec?.value.kind === 'per-output' ? JSON.stringify(value) !== JSON.stringify(spec.value.default)
      : Array.isArray(value) ? value.length > 0
      : spec?.value.kind === 'files' ? Object.keys(value ?? {}).length > 0
      : value !== undefined;
    if (fate === 'refused' && given) return refuse(`the PyTorch target cannot emit the setting ${name} yet`, REFUSAL_HINTS[name] ?? ALTERNATIVE);
  }

  // Keras's per-output losses, weights and metrics (`<output>_loss`, `<output>_mae`) are not in
  // the Python library's fit loop: a model of several outputs is refused rather than logged otherwise.
  if (model.outputs.length > 1) return refuse(`the PyTorch target cannot train a model of ${model.outputs.length} outputs yet (each output's loss and metrics, loss_weights)`);

  // The Python data readers take one x and one y file: not one per named input, nor an .npz
  // archive, nor a text corpus (.txt), whose character ids rnnc adapts and saves.
  const named = Object.entries(train.data).find(([, v]) => (typeof v === 'object' && v !== null && !Array.isArray(v)) || (typeof v === 'string' && /\.(npz|txt|txt\.gz)$/i.test(v)));
  if (named) return refuse(`the PyTorch target cannot read the data entry \`${named[0]}\` (files by input or output name, an .npz archive, or a text corpus) yet`);

  const lossRead = LOSS_ARGS[lookupIn(LOSSES, train.loss.name)?.name ?? ''];
  if (!lossRead) return refuse(`the PyTorch target cannot emit the loss ${train.loss.name} yet`, `use one of ${Object.keys(LOSS_ARGS).join(', ')}, or ${ALTERNATIVE}`);
  const loss = fullArgs(LOSSES, train.loss, lossRead);
  if ('bad' in loss) return refuse(`the PyTorch target cannot emit ${train.loss.name} with ${loss.bad} yet`);

  const optRead = OPTIMIZER_ARGS[lookupIn(OPTIMIZERS, train.optimizer.name)?.name ?? ''];
  if (!optRead) return refuse(`the PyTorch target cannot emit the optimizer ${train.optimizer.name} yet`, `use SGD, Adam, AdamW or RMSprop, or ${ALTERNATIVE}`);
  const schedule = train.optimizer.args['learning_rate'];
  if (isFn(schedule)) return refuse(`the PyTorch target cannot emit the learning-rate schedule ${schedule.name} yet`, `give learning_rate a number, or ${ALTERNATIVE}`);
  const optimizer = fullArgs(OPTIMIZERS, train.optimizer, [...optRead, ...BASE_OPTIMIZER_ARGS]);
  if ('bad' in optimizer) return refuse(`the PyTorch target cannot emit ${train.optimizer.name} with ${optimizer.bad} yet`);

  const metrics: [string, string][] = [];
  const keys = train.metricKeys.length ? train.metricKeys : train.metrics;
  for (const key of keys) {
    const entry = lookupIn(METRICS, key);
    const kind = entry?.name === 'accuracy' ? accuracyKind(loss.name, model) : entry?.name;
    if (!kind || !MEAN_METRICS.has(kind)) return refuse(`the PyTorch target cannot emit the metric ${key} yet`, `use accuracy, mae, mse or a crossentropy, or ${ALTERNATIVE}`);
    metrics.push([key, kind]);
  }
  const callbacks: [string, Record<string, ConfigValue>][] = [];
  for (const fn of train.callbacks) {
    const entry = lookupIn(CALLBACKS, fn.name);
    if (!entry) return refuse(`the PyTorch target cannot emit the callback ${fn.name} yet`);
    callbacks.push([entry.name, { ...defaultArgs(entry), ...fn.args }]);
  }
  return { callbacks, loss: [loss.name, Object.fromEntries(lossRead.map((k) => [k, loss.args[k]!]))], optimizer: [optimizer.name, optimizer.args], metrics };
}
