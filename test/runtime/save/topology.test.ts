// The topology in Keras's own terms: what tfjs-layers' deserializer and the tensorflowjs
// converter read. Checked here field by field for the brief's tour models; that tfjs-layers
// accepts all of it is tfjs-load.test.ts.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelTopology } from '../../../src/runtime/save/index.ts';
import { checkModel } from './helpers.ts';

const example = (name: string) => checkModel(readFileSync(join(import.meta.dirname, '../../../examples', name), 'utf8'));

type Layer = { class_name: string; config: Record<string, any>; name?: string; inbound_nodes?: unknown };
const layersOf = (topology: Record<string, any>): Layer[] => topology['config']['layers'];

describe('modelTopology', () => {
  it('a Sequential model starts with an InputLayer and writes every LSTM argument Keras writes', () => {
    const topology = modelTopology(example('next_number.rnn'));
    expect(topology).toMatchObject({ class_name: 'Sequential', backend: 'tensor_flow.js', config: { name: 'next_number' } });
    expect(topology['keras_version']).toMatch(/^rnnc /);
    const [input, lstm, ...rest] = layersOf(topology);
    expect(rest).toEqual([]);
    expect(input).toEqual({
      class_name: 'InputLayer',
      config: { batch_input_shape: [null, 5, 1], dtype: 'float32', sparse: false, ragged: false, name: 'input_layer' },
    });
    expect(lstm).toEqual({
      class_name: 'LSTM',
      config: {
        name: 'lstm',
        trainable: true,
        dtype: 'float32',
        units: 1,
        activation: 'tanh',
        recurrent_activation: 'sigmoid',
        use_bias: true,
        kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
        recurrent_initializer: { class_name: 'Orthogonal', config: { gain: 1, seed: null } },
        bias_initializer: { class_name: 'Zeros', config: {} },
        unit_forget_bias: true,
        kernel_regularizer: null,
        recurrent_regularizer: null,
        bias_regularizer: null,
        activity_regularizer: null,
        kernel_constraint: null,
        recurrent_constraint: null,
        bias_constraint: null,
        dropout: 0,
        recurrent_dropout: 0,
        seed: null,
        return_sequences: false,
        return_state: false,
        go_backwards: false,
        stateful: false,
        unroll: false,
      },
    });
  });

  it('Bidirectional holds its inner layer’s config and merge_mode; int32 ids reach the InputLayer', () => {
    const [input, embedding, bidirectional] = layersOf(modelTopology(example('sentiment.rnn')));
    expect(input?.config).toMatchObject({ batch_input_shape: [null, null], dtype: 'int32' });
    expect(embedding?.config).toMatchObject({ input_dim: 10000, output_dim: 128, mask_zero: true });
    expect(bidirectional?.class_name).toBe('Bidirectional');
    expect(bidirectional?.config).toMatchObject({
      name: 'bidirectional',
      merge_mode: 'concat',
      layer: { class_name: 'LSTM', config: { name: 'lstm', units: 64, return_sequences: true, recurrent_activation: 'sigmoid' } },
    });
    expect(bidirectional?.config).not.toHaveProperty('backward_layer');
  });

  it('a functional model wires inbound nodes, passing initial_state as extra inputs of the call; inputs go by their name=', () => {
    const topology = modelTopology(example('translate.rnn'));
    expect(topology['class_name']).toBe('Functional');
    const config = topology['config'] as Record<string, unknown>;
    expect(config['input_layers']).toEqual([['src', 0, 0], ['tgt', 0, 0]]);
    expect(config['output_layers']).toEqual([['time_distributed', 0, 0]]);
    const wiring = Object.fromEntries(layersOf(topology).map((l) => [l.name, l.inbound_nodes]));
    expect(wiring).toEqual({
      src: [],
      tgt: [],
      embedding: [[['src', 0, 0, {}]]],
      lstm: [[['embedding', 0, 0, {}]]],
      embedding_1: [[['tgt', 0, 0, {}]]],
      lstm_1: [[['embedding_1', 0, 0, {}], ['lstm', 0, 1, {}], ['lstm', 0, 2, {}]]],
      time_distributed: [[['lstm_1', 0, 0, {}]]],
    });
    const td = layersOf(topology).find((l) => l.name === 'time_distributed');
    expect(td?.config['layer']).toMatchObject({ class_name: 'Dense', config: { name: 'dense', units: 29, activation: 'softmax' } });
  });

  it('writes what Keras resolves: 1-D sizes as tuples, pooling strides, a -1 in Reshape', () => {
    const model = checkModel('model m { Conv1D(2, 3, input=(8, 1)) MaxPooling1D() Flatten() Reshape((-1, 2)) }');
    const [, conv, pool, flatten, reshape] = layersOf(modelTopology(model));
    expect(conv?.config).toMatchObject({ kernel_size: [3], strides: [1], dilation_rate: [1], data_format: 'channels_last', groups: 1 });
    expect(pool?.config).toMatchObject({ pool_size: [2], strides: [2], padding: 'valid' });
    expect(flatten?.config).toMatchObject({ data_format: 'channels_last' });
    expect(reshape?.config['target_shape']).toEqual([3, 2]);
  });

  it('spells regularizers as L1L2, lecun initializers as VarianceScaling, and silu as swish', () => {
    const model = checkModel('model m { Dense(2, activation=silu, kernel_initializer=lecun_normal, kernel_regularizer=l2(0.01), bias_regularizer=l1, input=(3,)) }');
    const dense = layersOf(modelTopology(model))[1];
    expect(dense?.config).toMatchObject({
      activation: 'swish',
      kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_in', distribution: 'truncated_normal', seed: null } },
      kernel_regularizer: { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } },
      bias_regularizer: { class_name: 'L1L2', config: { l1: 0.01, l2: 0 } },
    });
  });
});
