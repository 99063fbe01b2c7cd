// Small models that between them use every layer of the language, with non-default arguments,
// initializers and regularizers, and every activation TensorFlow.js has. Each must save, load
// into tfjs-layers unchanged and run there. (Rescaling constraints, which tfjs-layers applies
// to the loaded weights, are in tfjs-notes.test.ts.)

/** Every activation both Keras 3 and tfjs-layers have (silu is written as tfjs's swish). */
const TFJS_ACTIVATIONS = ['tanh', 'sigmoid', 'relu', 'relu6', 'elu', 'selu', 'gelu', 'softplus', 'softsign', 'silu', 'swish', 'mish', 'log_softmax', 'softmax'];

export const LAYER_MODELS: Readonly<Record<string, string>> = {
  simple_rnn: `model m {
    SimpleRNN(4, return_sequences=true, go_backwards=true, input=(5, 3))
    SimpleRNN(3, activation=relu, use_bias=false)
  }`,
  lstm_states: `model m {
    x = Input(shape=(5, 3))
    y, h, c = LSTM(4, return_state=true, unit_forget_bias=false)(x)
    z = LSTM(4, return_sequences=true)(x, initial_state=[h, c])
    output y, z, c
  }`,
  gru_reset_before: `model m {
    GRU(4, reset_after=false, return_sequences=true, input=(6, 2))
    GRU(2, reset_after=false, recurrent_activation=tanh)
  }`,
  bidirectional_modes: `model m {
    x = Input(shape=(5, 3))
    a = Bidirectional(LSTM(3, return_sequences=true))(x)
    b = Bidirectional(GRU(2, reset_after=false, return_sequences=true), merge_mode=sum)(a)
    c = Bidirectional(SimpleRNN(2), merge_mode=ave)(b)
    d = Bidirectional(SimpleRNN(2), mul)(b)
    e, f = Bidirectional(SimpleRNN(2), merge_mode=None)(b)
    g, fh, fc, bh, bc = Bidirectional(LSTM(2, return_state=true))(x)
    output c, d, e, f, g, fh, fc, bh, bc
  }`,
  time_distributed: `model m {
    LSTM(4, return_sequences=true, input=(None, 3))
    TimeDistributed(Dense(2, activation=softmax))
  }`,
  embedding_masking: `model m {
    Embedding(20, 4, mask_zero=true, embeddings_initializer=he_normal, embeddings_regularizer=l1(0.01), input=(None,))
    LSTM(3, return_sequences=true)
    Dense(2)
    LayerNormalization()
    GRU(2, reset_after=false)
  }`,
  masking: `model m {
    Masking(mask_value=0.5, input=(None, 3))
    Bidirectional(SimpleRNN(2, return_sequences=true))
    TimeDistributed(Dense(1))
  }`,
  core: `model m {
    Dense(6, activation=relu, input=(8,))
    Dropout(0.3)
    Activation(tanh)
    RepeatVector(4)
    SimpleRNN(3, return_sequences=true)
    Flatten()
    Reshape((3, -1))
    Dense(2, use_bias=false)
  }`,
  convolution_pooling: `model m {
    x = Input(shape=(12, 3))
    a = Conv1D(4, 3, padding=same, dilation_rate=2)(x)
    b = Conv1D(4, 2, strides=2, activation=relu)(a)
    c = MaxPooling1D()(a)
    d = AveragePooling1D(pool_size=3, strides=1, padding=same)(b)
    e = GlobalAveragePooling1D()(c)
    f = GlobalMaxPooling1D()(d)
    output e, f
  }`,
  merging: `model m {
    x = Input(shape=(4,))
    y = Input(shape=(4,))
    a = Dense(3)(x)
    b = Dense(3)(y)
    output Concatenate()([a, b]), Add()([a, b]), Multiply()([a, b]), Average()([a, b]), Maximum()([a, b]), Minimum()([a, b]), Concatenate(axis=1)([x, a])
  }`,
  normalization: `model m {
    Dense(5, input=(3, 4))
    BatchNormalization(momentum=0.9, epsilon=0.01)
    LayerNormalization(center=false)
    BatchNormalization(scale=false)
  }`,
  stateful: `model m {
    Input(shape=(4, 2), batch_size=2)
    LSTM(3, stateful=true, return_sequences=true)
    SimpleRNN(2, stateful=true)
  }`,
  activations: `model m {
    Dense(3, activation=linear, input=(4,))
    ${TFJS_ACTIVATIONS.map((a) => `Dense(3, activation=${a})`).join('\n')}
  }`,
  initializers_regularizers: `model m {
    LSTM(3, kernel_initializer=lecun_normal, recurrent_initializer=identity, bias_initializer=constant(0.1),
         kernel_regularizer=l2(0.01), recurrent_regularizer=l1(0.001), bias_regularizer=l1_l2(l1=0.01, l2=0.02),
         input=(4, 2))
    Dense(2, kernel_initializer=he_uniform, bias_initializer=random_normal(stddev=0.1))
    Dense(2, kernel_initializer=variance_scaling(2.0, mode="fan_out", distribution="uniform"),
          bias_initializer=truncated_normal())
    Dense(2, kernel_initializer=lecun_uniform, bias_initializer=random_uniform(-0.1, 0.1))
    Dense(2, kernel_initializer=glorot_normal, bias_initializer=ones)
  }`,
};

/**
 * Models TensorFlow.js cannot load (tfjs-notes.ts says why), which rnnc still saves and reads back
 * exactly (round-trip.test.ts).
 */
export const RNNC_ONLY_MODELS: Readonly<Record<string, string>> = {
  // tfjs-layers has no Normalization (tfjs-notes.ts).
  preprocessing_normalization: `model m {
    x = Input(shape=(5, 3))
    a = Normalization()(x)
    b = Normalization(axis=None, mean=2.0, variance=4.0, invert=true)(x)
    c = Normalization(axis=1, mean=(1.0, 2.0, 3.0, 4.0, 5.0), variance=(1.0, 1.0, 1.0, 1.0, 4.0))(x)
    output LSTM(2)(Add()([a, b, c]))
  }`,
  // tfjs-layers has no TextVectorization (tfjs-notes.ts); the vocabulary goes in rnnc's record
  // (test/runtime/text/train-save.test.ts), the layer's config in the topology.
  text_vectorization: `model m {
    t = Input(shape=(1,), dtype=string)
    ids = TextVectorization(max_tokens=30, standardize=lower, split=character, ngrams=2, output_sequence_length=6, replace=num)(t)
    output Dense(1)(LSTM(2)(Embedding(30, 3)(ids)))
  }`,
  hard_sigmoid: 'model m { LSTM(3, recurrent_activation=hard_sigmoid, input=(4, 2)) }',
  subtract: `model m {
    x = Input(shape=(3,))
    y = Input(shape=(3,))
    output Dense(2)(Subtract()([Dense(3)(x), y]))
  }`,
};
