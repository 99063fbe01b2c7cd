// The train block rnnc import writes from a Keras model's compile_config. The layouts below are
// those Keras writes: Keras 3's config.json `compile_config` is trainer.py's
// SerializableDict(optimizer, loss, loss_weights, metrics, weighted_metrics, run_eagerly,
// steps_per_execution, jit_compile) through serialization_lib.serialize_keras_object (strings stay
// strings, objects become {module, class_name, config, registered_name}, functions
// {class_name: "function", config: name}); an optimizer's config is base_optimizer.py's get_config()
// plus its own keys, learning_rate read back from its float32 variable. Keras 2's legacy
// `training_config` (saving_utils.model_metadata) names the optimizer `optimizer_config`, wraps
// function metrics in MeanMetricWrapper, and from 2.11 registers optimizers as `Custom>Adam`. The
// four KERAS* objects are copied from config.json / model.json files that Keras saved (public
// repositories, found by searching for `"compile_config": {"optimizer"` and `MeanMetricWrapper`).
// The expected blocks are checked by rnnc's own checker, and their checked values against Keras's.

import { describe, expect, it } from 'vitest';
import { check } from '../../../src/compiler/check.ts';
import { fromTrainingConfig, numberText, trainBlock, trainBlockSource } from '../../../src/interop/import/compile-config.ts';
import type { Json } from '../../../src/runtime/save/json.ts';

const ADAM_DEFAULTS = {
  name: 'adam', learning_rate: 0.0010000000474974513, weight_decay: null, clipnorm: null, global_clipnorm: null, clipvalue: null, use_ema: false, ema_momentum: 0.99,
  ema_overwrite_frequency: null, loss_scale_factor: null, gradient_accumulation_steps: null, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false,
};
const REST = { loss_weights: null, weighted_metrics: null, run_eagerly: false, steps_per_execution: 1, jit_compile: false };

/** Keras 3: Adam with its defaults, a loss and a metric by name. */
const KERAS3_ADAM = { optimizer: { module: 'keras.optimizers', class_name: 'Adam', config: ADAM_DEFAULTS, registered_name: null }, loss: 'binary_crossentropy', metrics: ['accuracy'], ...REST };

/** Keras 3: RMSprop (compile()'s default), the loss a function. */
const KERAS3_RMSPROP = {
  optimizer: {
    module: 'keras.optimizers', class_name: 'RMSprop', registered_name: null,
    config: { ...ADAM_DEFAULTS, name: 'rmsprop', beta_1: undefined, beta_2: undefined, amsgrad: undefined, rho: 0.9, momentum: 0.0, epsilon: 1e-7, centered: false },
  },
  loss: { module: 'builtins', class_name: 'function', config: 'binary_crossentropy', registered_name: 'function' },
  metrics: ['accuracy'],
  ...REST,
};

/** Keras 3: Adam(1e-5), the loss an object, a metric spelled `acc`. */
const KERAS3_BCE = {
  optimizer: { module: 'keras.optimizers', class_name: 'Adam', config: { ...ADAM_DEFAULTS, learning_rate: 9.999999747378752e-6 }, registered_name: null },
  loss: { module: 'keras.losses', class_name: 'BinaryCrossentropy', config: { name: 'binary_crossentropy', reduction: 'sum_over_batch_size', from_logits: false, label_smoothing: 0.0, axis: -1 }, registered_name: null },
  metrics: ['acc'],
  ...REST,
};

/** Keras 2.12's training_config: Custom>Adamax, a loss object with reduction auto, a wrapped metric. */
const KERAS2_TRAINING = {
  loss: { class_name: 'SparseCategoricalCrossentropy', config: { reduction: 'auto', name: 'sparse_categorical_crossentropy', from_logits: true, ignore_class: null } },
  metrics: [[{ class_name: 'MeanMetricWrapper', config: { name: 'accuracy', dtype: 'float32', fn: 'sparse_categorical_accuracy' } }]],
  weighted_metrics: null,
  loss_weights: null,
  optimizer_config: {
    class_name: 'Custom>Adamax',
    config: { name: 'Adamax', weight_decay: null, clipnorm: null, global_clipnorm: null, clipvalue: null, use_ema: false, ema_momentum: 0.99, ema_overwrite_frequency: null, jit_compile: false, is_legacy_optimizer: false, learning_rate: 0.0010000000474974513, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 },
  },
};

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as Json;

/** The block under a one-Dense model, checked: its TrainConfig, or the errors. */
function checked(block: string, activation = 'sigmoid') {
  const result = check(`model m {\n  Dense(3, activation=${activation}, input=(4,))\n}\n${block}`, 'm.rnn');
  const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);
  return { errors, train: result.models[0]?.train };
}

describe('a train block from compile_config', () => {
  it("Keras 3's Adam with its defaults: the float32 learning rate is the default, nothing else is written", () => {
    const block = trainBlock(json(KERAS3_ADAM));
    expect(block).toEqual({ notes: [], settings: ['loss = binary_crossentropy', 'optimizer = adam', 'metrics = [accuracy]'] });
    const { errors, train } = checked(trainBlockSource(block));
    expect(errors).toEqual([]);
    expect(train!.optimizer.name).toBe('adam');
    expect(train!.optimizer.args['learning_rate']).toBe(0.001);
  });

  it('RMSprop, compile()\'s default and rnnc\'s, is left out; a function loss is its name', () => {
    expect(trainBlock(json(KERAS3_RMSPROP))).toEqual({ notes: [], settings: ['loss = binary_crossentropy', 'metrics = [accuracy]'] });
    expect(checked(trainBlockSource(trainBlock(json(KERAS3_RMSPROP)))).train!.optimizer.name).toBe('rmsprop');
  });

  it("a learning rate read back from float32 is written as the number the user typed; `acc` keeps Keras's spelling", () => {
    const block = trainBlock(json(KERAS3_BCE));
    expect(block!.settings).toEqual(['loss = binary_crossentropy', 'optimizer = Adam(learning_rate=1e-5)', 'metrics = [acc]']);
    const { errors, train } = checked(trainBlockSource(block));
    expect(errors).toEqual([]);
    expect(Math.fround(train!.optimizer.args['learning_rate'] as number)).toBe(Math.fround(9.999999747378752e-6));
    expect(train!.metricKeys).toEqual(['acc']);
  });

  it("Keras 2's training_config: Custom>Adamax, reduction auto, a MeanMetricWrapper logged as accuracy", () => {
    const block = trainBlock(fromTrainingConfig(json(KERAS2_TRAINING)));
    expect(block).toEqual({ notes: [], settings: ['loss = SparseCategoricalCrossentropy(from_logits=true)', 'optimizer = adamax', 'metrics = [accuracy]'] });
    const { errors, train } = checked(trainBlockSource(block), 'linear');
    expect(errors).toEqual([]);
    expect(train!.loss).toEqual({ kind: 'fn', name: 'sparse_categorical_crossentropy', args: expect.objectContaining({ from_logits: true }) as unknown });
  });

  it('non-default arguments, a schedule, clipping; the float32 betas Keras 2 wrote are their defaults', () => {
    const block = trainBlock(
      json({
        ...KERAS3_ADAM,
        optimizer: {
          module: 'keras.optimizers', class_name: 'SGD', registered_name: null,
          config: {
            ...ADAM_DEFAULTS, name: 'SGD', beta_1: undefined, beta_2: undefined, epsilon: undefined, amsgrad: undefined, momentum: 0.8999999761581421, nesterov: true, clipnorm: 1.0,
            learning_rate: { module: 'keras.optimizers.schedules', class_name: 'ExponentialDecay', config: { initial_learning_rate: 0.1, decay_steps: 1000, decay_rate: 0.96, staircase: false, name: 'ExponentialDecay' }, registered_name: null },
          },
        },
        loss: { module: 'keras.losses', class_name: 'Huber', config: { name: 'huber_loss', reduction: 'sum_over_batch_size', delta: 2.0 }, registered_name: null },
        metrics: [{ module: 'keras.metrics', class_name: 'MeanAbsoluteError', config: { name: 'mean_absolute_error', dtype: 'float32' }, registered_name: null }, 'mse'],
      }),
    );
    expect(block).toEqual({
      notes: [],
      settings: ['loss = Huber(delta=2)', 'optimizer = SGD(learning_rate=ExponentialDecay(initial_learning_rate=0.1, decay_steps=1000, decay_rate=0.96), momentum=0.9, nesterov=true, clipnorm=1)', 'metrics = [mean_absolute_error, mse]'],
    });
    const { errors, train } = checked(trainBlockSource(block), 'linear');
    expect(errors).toEqual([]);
    expect(train!.optimizer.args['nesterov']).toBe(true);
  });

  it('names in comments what rnnc cannot express', () => {
    const block = trainBlock(
      json({
        ...KERAS3_ADAM,
        optimizer: { module: 'keras.optimizers', class_name: 'Adam', config: { ...ADAM_DEFAULTS, use_ema: true, gradient_accumulation_steps: 4 }, registered_name: null },
        metrics: ['accuracy', { module: 'keras.metrics', class_name: 'AUC', config: { name: 'auc', num_thresholds: 50 }, registered_name: null }, 'f1_score'],
        loss_weights: [0.5],
      }),
    );
    expect(block!.settings).toEqual(['loss = binary_crossentropy', 'optimizer = adam', 'metrics = [accuracy, auc]']);
    expect(block!.notes).toEqual([
      "From the Keras model's compile():",
      'optimizer Adam: use_ema=true has no rnnc form; rnnc trains without it',
      'optimizer Adam: gradient_accumulation_steps=4 has no rnnc form; rnnc trains without it',
      "the metric AUC: num_thresholds=50 — rnnc's auc takes no arguments and computes Keras's default",
      'the metric "f1_score" is not one rnnc has',
      'loss_weights=[0.5] has no rnnc form; rnnc trains without it',
    ]);
    const source = trainBlockSource(block);
    expect(source).toContain("# From the Keras model's compile():\n# optimizer Adam: use_ema=true");
    expect(checked(source).errors).toEqual([]);
  });

  it('a loss rnnc cannot express: no block, and the comment says why', () => {
    const custom = trainBlock(json({ ...KERAS3_ADAM, loss: { module: null, class_name: 'FocalTversky', config: {}, registered_name: 'Custom>FocalTversky' } }));
    expect(custom!.settings).toBeNull();
    expect(custom!.notes.at(-1)).toBe('no train block is written: rnnc needs a loss it knows');
    const reduced = trainBlock(json({ ...KERAS3_ADAM, loss: { module: 'keras.losses', class_name: 'MeanSquaredError', config: { name: 'mse', reduction: 'sum' }, registered_name: null } }));
    expect(reduced!.settings).toBeNull();
    expect(reduced!.notes).toContain('loss MeanSquaredError: reduction="sum" has no rnnc form; rnnc would compute another loss');
    const perOutput = trainBlock(json({ ...KERAS3_ADAM, loss: { a: 'mse', b: 'binary_crossentropy' } }));
    expect(perOutput!.settings).toBeNull();
    expect(trainBlock(json({ ...KERAS3_ADAM, loss: ['mse', 'mse'] }))!.settings![0]).toBe('loss = mse');
    // Without compile(), Keras saves compile_config: null.
    expect(trainBlock(null)).toBeNull();
    expect(trainBlockSource(null)).toBe('');
  });

  it('numbers: float32 values as the shortest decimal that reads back the same', () => {
    expect(numberText(0.0010000000474974513)).toBe('0.001');
    expect(numberText(9.999999747378752e-6)).toBe('1e-5');
    expect(numberText(0.0005)).toBe('5e-4');
    expect(numberText(0.1)).toBe('0.1');
    expect(numberText(1e-7)).toBe('1e-7');
    expect(numberText(1000)).toBe('1000');
  });
});
