// SimpleRNN, LSTM and GRU: keras/src/layers/rnn/{rnn,simple_rnn,lstm,gru}.py. The three share
// the RNN base's shape and mask rules; they differ in gate count, state count and bias shape.
//
// Shape (RNN.compute_output_shape): input (B, T, F) → (B, units), or (B, T, units) with
// return_sequences; return_state appends each state, (B, units): h for SimpleRNN and GRU,
// h and c for LSTM. Mask (RNN.compute_mask): a recurrent layer consumes its input mask; the
// output keeps it only with return_sequences, and states are never masked.

import type { FnValue } from '../config-value.ts';
import { tensor, type TensorType } from '../tensor-type.ts';
import { arg, pick, required, T } from './args.ts';
import { defineLayer, E, erased, fail, fmt, isFailure, ok, requireFloat, single, weight, type Failure } from './define.ts';
import type { ArgSpec, ConfigOf, LayerDef, ShapeResult, WeightSpec } from './layer-def.ts';
import { activation, ACTIVITY_REGULARIZER, constraint, initializer, regularizer, SEED, USE_BIAS } from './shared-args.ts';

/** The initializer name rnnc gives an LSTM bias when unit_forget_bias is on. See lstmBias. */
export const UNIT_FORGET_BIAS = 'unit_forget_bias';

// Every argument of the three layers, defined once; each layer picks its list in Keras's order.
const ARGS = {
  units: required('units', T.int(1), 'Size of the output and of the hidden state.', { positional: true }),
  activation: activation('activation', 'tanh', 'Activation of the candidate state and output (None: linear).'),
  recurrent_activation: activation('recurrent_activation', 'sigmoid', 'Activation of the gates (None: linear).'),
  use_bias: USE_BIAS,
  kernel_initializer: initializer('kernel_initializer', 'glorot_uniform', 'Initializer for the input kernel.'),
  recurrent_initializer: initializer('recurrent_initializer', 'orthogonal', 'Initializer for the recurrent kernel.'),
  bias_initializer: initializer('bias_initializer', 'zeros', 'Initializer for the bias.'),
  unit_forget_bias: arg('unit_forget_bias', T.bool(), true, 'Add 1 to the forget-gate bias at initialization (Jozefowicz et al.).'),
  kernel_regularizer: regularizer('kernel_regularizer', 'Penalty on the input kernel, e.g. l2(0.01).'),
  recurrent_regularizer: regularizer('recurrent_regularizer', 'Penalty on the recurrent kernel.'),
  bias_regularizer: regularizer('bias_regularizer', 'Penalty on the bias.'),
  activity_regularizer: ACTIVITY_REGULARIZER,
  kernel_constraint: constraint('kernel_constraint', 'Constraint on the input kernel after each update.'),
  recurrent_constraint: constraint('recurrent_constraint', 'Constraint on the recurrent kernel after each update.'),
  bias_constraint: constraint('bias_constraint', 'Constraint on the bias after each update.'),
  dropout: arg('dropout', T.rate(), 0.0, 'Fraction of the inputs dropped during training, in [0, 1).'),
  recurrent_dropout: arg('recurrent_dropout', T.rate(), 0.0, 'Fraction of the recurrent state dropped during training, in [0, 1).'),
  seed: SEED,
  return_sequences: arg('return_sequences', T.bool(), false, 'Return the output of every step (B, T, units), not only the last (B, units).'),
  return_state: arg('return_state', T.bool(), false, 'Also return the final state(s) as extra outputs.'),
  go_backwards: arg('go_backwards', T.bool(), false, 'Read the sequence backwards and return the reversed output.'),
  stateful: arg('stateful', T.bool(), false, 'Carry the final state of each batch over as the initial state of the next (needs a fixed batch size).'),
  unroll: arg('unroll', T.bool(), false, 'Unroll the loop: faster for short sequences, needs a known sequence length.'),
  // keras/src/layers/rnn/rnn.py, RNN.__init__ (reached through **kwargs by SimpleRNN, LSTM, GRU).
  zero_output_for_mask: arg('zero_output_for_mask', T.bool(), false, 'At a masked (padded) step, output zeros instead of repeating the last output.'),
  reset_after: arg('reset_after', T.bool(), true, 'Apply the reset gate after the recurrent matmul (Keras 3 and cuDNN convention).'),
  // Keras takes "auto", True or False; the WASM backend has no cuDNN, so the value is ignored.
  // None stands for Keras's "auto".
  use_cudnn: arg('use_cudnn', T.optional(T.bool()), null, 'Accepted for Keras compatibility and ignored (no cuDNN on WASM); None means "auto".'),
};

const SIMPLE_RNN_ARGS = pick(ARGS, [
  'units', 'activation', 'use_bias', 'kernel_initializer', 'recurrent_initializer', 'bias_initializer',
  'kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer',
  'kernel_constraint', 'recurrent_constraint', 'bias_constraint', 'dropout', 'recurrent_dropout',
  'return_sequences', 'return_state', 'go_backwards', 'stateful', 'unroll', 'seed', 'zero_output_for_mask',
]);

const LSTM_ARGS = pick(ARGS, [
  'units', 'activation', 'recurrent_activation', 'use_bias', 'kernel_initializer', 'recurrent_initializer',
  'bias_initializer', 'unit_forget_bias', 'kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer',
  'activity_regularizer', 'kernel_constraint', 'recurrent_constraint', 'bias_constraint', 'dropout',
  'recurrent_dropout', 'seed', 'return_sequences', 'return_state', 'go_backwards', 'stateful', 'unroll', 'use_cudnn',
  'zero_output_for_mask',
]);

const GRU_ARGS = pick(ARGS, [
  'units', 'activation', 'recurrent_activation', 'use_bias', 'kernel_initializer', 'recurrent_initializer',
  'bias_initializer', 'kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer',
  'kernel_constraint', 'recurrent_constraint', 'bias_constraint', 'dropout', 'recurrent_dropout', 'seed',
  'return_sequences', 'return_state', 'go_backwards', 'stateful', 'unroll', 'reset_after', 'use_cudnn',
  'zero_output_for_mask',
]);

type SimpleRNNConfig = ConfigOf<typeof SIMPLE_RNN_ARGS>;
type LSTMConfig = ConfigOf<typeof LSTM_ARGS>;
type GRUConfig = ConfigOf<typeof GRU_ARGS>;
/** What the three layers' configs share, SimpleRNN's arguments: all the shape rule, the kernels'
 *  weights and Bidirectional's rules read. */
export type SharedConfig = SimpleRNNConfig;

/** Checks the input of a recurrent layer (or of Bidirectional, which has the same input spec). */
export function checkSequenceInput(
  name: string,
  inputs: readonly TensorType[],
  config: Pick<SharedConfig, 'unroll' | 'stateful'> = { unroll: false, stateful: false },
): TensorType | Failure {
  const x = single(name, inputs);
  if (isFailure(x)) return x;
  if (x.shape.length !== 3) {
    // E0301 is the classic: the previous RNN returned only its last step.
    const code = x.shape.length === 2 ? E.NOT_SEQUENCE : E.RANK;
    return fail(code, `${name} needs a sequence (batch, time, features), but gets ${fmt(x.shape)}`, {
      label: 'expects (None, time, features)',
      hint:
        x.shape.length === 2
          ? 'a recurrent layer before it must return every step (return_sequences=true), or use RepeatVector(n) to repeat a vector n times'
          : undefined,
    });
  }
  const notFloat = requireFloat(name, x);
  if (notFloat) return notFloat;
  if (x.shape[2] === null) {
    return fail(E.DIM, `${name} needs a known number of features, but the last axis of ${fmt(x.shape)} is unknown`, {
      label: 'unknown number of features',
      hint: 'give the feature axis a size in the input shape',
    });
  }
  // rnn.py, RNN.call: "Cannot unroll a RNN if the time dimension is undefined."
  if (config.unroll && x.shape[1] === null) {
    return fail(E.ARGS, `${name} cannot unroll a sequence of unknown length ${fmt(x.shape)}`, {
      arg: 'unroll',
      label: 'unroll=true needs a known time axis',
      hint: 'give the time axis a length in the input shape, or remove unroll=true',
    });
  }
  // rnn.py, RNN.build: "When using `stateful=True` in a RNN, the batch size must be static."
  if (config.stateful && x.shape[0] === null) {
    return fail(E.ARGS, `${name} with stateful=true needs a fixed batch size, but the batch axis of ${fmt(x.shape)} is unknown`, {
      arg: 'stateful',
      label: 'stateful=true needs a fixed batch size',
      hint: 'start the model with Input(shape=…, batch_size=N)',
    });
  }
  return x;
}

function inferRecurrent(name: string, states: number) {
  return (inputs: readonly TensorType[], config: SharedConfig): ShapeResult => {
    const x = checkSequenceInput(name, inputs, config);
    if (isFailure(x)) return x;
    const units = config.units;
    const [batch, time] = x.shape;
    const out = config.return_sequences
      ? tensor([batch ?? null, time ?? null, units], 'float32', x.masked)
      : tensor([batch ?? null, units]);
    if (!config.return_state) return ok(out);
    // The states, one type each (not Array.from with a callback: this runs for every layer).
    const outputs = new Array<TensorType>(states + 1);
    outputs[0] = out;
    for (let i = 1; i <= states; i++) outputs[i] = tensor([batch ?? null, units]);
    return { ok: true, outputs };
  };
}

/** kernel [F, g·u], recurrent_kernel [u, g·u], bias: Keras's names and order. */
/** What the kernels' weights read, which every recurrent config has. */
type WeightsConfig = Pick<
  SharedConfig,
  'units' | 'use_bias' | 'kernel_initializer' | 'kernel_regularizer' | 'recurrent_initializer' | 'recurrent_regularizer' | 'bias_initializer' | 'bias_regularizer'
>;

function recurrentWeights<C extends WeightsConfig>(gates: number, biasShape: (units: number, config: C) => number[], biasInit: (config: C) => FnValue) {
  return (inputs: readonly TensorType[], config: C): WeightSpec[] => {
    const units = config.units;
    const features = inputs[0]?.shape[2] ?? 0;
    const kernel = weight('kernel', [features ?? 0, gates * units], config.kernel_initializer, config.kernel_regularizer);
    const recurrentKernel = weight('recurrent_kernel', [units, gates * units], config.recurrent_initializer, config.recurrent_regularizer);
    if (!config.use_bias) return [kernel, recurrentKernel];
    return [kernel, recurrentKernel, weight('bias', biasShape(units, config), biasInit(config), config.bias_regularizer)];
  };
}

const plainBias = (config: Pick<SharedConfig, 'bias_initializer'>): FnValue => config.bias_initializer;

/**
 * lstm.py, LSTMCell.build: with unit_forget_bias the bias is concatenate([bias_init(u),
 * ones(u), bias_init(2u)]) — gates i, f, c, o — so the forget gate starts at 1 and the other
 * gates keep the user's initializer (the docstring's "forces zeros" is not what the code does).
 * We keep that faithfully as `unit_forget_bias(inner=<bias_initializer>)`.
 */
const FORGET_BIAS = new WeakMap<FnValue, FnValue>();

function lstmBias(config: LSTMConfig): FnValue {
  const inner = plainBias(config);
  if (!config.unit_forget_bias) return inner;
  // One value per inner initializer (nearly always the shared default), like other defaults.
  let v = FORGET_BIAS.get(inner);
  if (v === undefined) FORGET_BIAS.set(inner, (v = { kind: 'fn', name: UNIT_FORGET_BIAS, args: { inner } }));
  return v;
}

/** The recurrent layer types: what Bidirectional may wrap (the definitions below are named by it). */
export type RecurrentType = 'SimpleRNN' | 'LSTM' | 'GRU';

/** How many states a recurrent layer returns with return_state: h (and c for LSTM). */
export const STATE_COUNT: Readonly<Record<string, number>> = { SimpleRNN: 1, LSTM: 2, GRU: 1 };

// The weights rule's config type C is ConfigOf<Specs> (the calls below say which); it is a
// parameter of its own because TypeScript cannot relate the two in a generic function.
function recurrent<const N extends RecurrentType, const Specs extends readonly ArgSpec[], C>(
  name: N,
  autoName: string,
  doc: string,
  args: Specs,
  weights: (inputs: readonly TensorType[], config: C) => WeightSpec[],
): LayerDef<N, Specs> {
  const states = STATE_COUNT[name] ?? 1;
  // Every recurrent config has SimpleRNN's arguments; the rules below read only those.
  const def: LayerDef<string, typeof SIMPLE_RNN_ARGS> = {
    name,
    category: 'recurrent',
    autoName,
    doc,
    args: args as unknown as typeof SIMPLE_RNN_ARGS,
    arity: 'one',
    acceptsMask: true, // rnn.py: self.supports_masking = True
    inferShape: inferRecurrent(name, states),
    weights: weights as unknown as LayerDef<string, typeof SIMPLE_RNN_ARGS>['weights'],
    outputCount: (config) => 1 + (config.return_state ? states : 0),
  };
  return defineLayer<string, typeof SIMPLE_RNN_ARGS>(def) as unknown as LayerDef<N, Specs>;
}

export const SIMPLE_RNN = recurrent(
  'SimpleRNN',
  'simple_rnn',
  'Fully-connected recurrent layer: h_t = activation(x_t·W + h_{t-1}·U + b). Input (batch, time, features).',
  SIMPLE_RNN_ARGS,
  recurrentWeights<SimpleRNNConfig>(1, (u) => [u], plainBias),
);

export const LSTM = recurrent(
  'LSTM',
  'lstm',
  'Long Short-Term Memory (Hochreiter 1997): input, forget, cell and output gates over a carried cell state. Input (batch, time, features).',
  LSTM_ARGS,
  recurrentWeights<LSTMConfig>(4, (u) => [4 * u], lstmBias),
);

export const GRU = recurrent(
  'GRU',
  'gru',
  'Gated Recurrent Unit (Cho 2014): update, reset and candidate gates (z, r, h). Input (batch, time, features).',
  GRU_ARGS,
  // gru.py, GRUCell.build: separate input and recurrent biases, (2, 3u), when reset_after.
  recurrentWeights<GRUConfig>(3, (u, config) => (config.reset_after ? [2, 3 * u] : [3 * u]), plainBias),
);

/** The recurrent layers by name: what Bidirectional may wrap. */
export const RECURRENT_LAYERS: ReadonlyMap<string, LayerDef> = new Map([
  ['SimpleRNN', erased(SIMPLE_RNN)],
  ['LSTM', erased(LSTM)],
  ['GRU', erased(GRU)],
]);
