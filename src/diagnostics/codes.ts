// The catalogue of diagnostic codes (TypeScript's diagnosticMessages.json, in the small).
// Codes are grouped by phase and never reused:
//   E01xx syntax (lexer, parser)             E02xx layers and their arguments
//   E03xx shapes, dtypes and masks           E04xx names in functional models
//   E05xx the train block and training       E06xx data files
//   E07xx command-line usage                 E08xx saved models
//   E09xx the emitters (rnnc build)
// W-codes are warnings, numbered in the same groups. `rnnc explain CODE` prints `explanation`.
// Retired, never to be given again: E0815 and E0905, the TypeScript program's refusals of a
// TextVectorization's vocabulary file and of an Embedding's pre-trained table, which it reads now.

import type { Severity } from './diagnostic.ts';

export interface CodeInfo {
  readonly severity: Severity;
  /** A short title, for listings. */
  readonly title: string;
  /** The long explanation: what it means, an example, how to fix it. */
  readonly explanation: string;
  /** Found while a model runs (training, data, saved models), not by the checker. */
  readonly atRunTime?: true;
}

export const CODES = {
  // ---- E01xx syntax ----------------------------------------------------------------------------
  E0101: {
    severity: 'error',
    title: 'unexpected character',
    explanation: `A character that cannot start any token of the language, such as \`$\`, \`@\` or \`;\`.

    LSTM(64);      # ';' is not part of the language

Statements are separated by line breaks or nothing at all; remove the character.`,
  },
  E0102: {
    severity: 'error',
    title: 'unterminated string',
    explanation: `A string literal opened with \`"\` or \`'\` is not closed on the same line.

    data = { x = "train_x.npy }

Close it with the same quote it was opened with.`,
  },
  E0103: {
    severity: 'error',
    title: 'invalid escape in string',
    explanation: `Strings use JSON's escapes: \\" \\' \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX with four hex digits.
Any other backslash sequence is an error. To write a backslash, double it: "C:\\\\data\\\\x.npy".`,
  },
  E0104: {
    severity: 'error',
    title: 'malformed number',
    explanation: `A number must look like \`3\`, \`-1\`, \`0.5\`, \`.5\` or \`1e-3\`. An exponent needs digits
after the \`e\` (\`1e\` is incomplete).`,
  },
  E0110: {
    severity: 'error',
    title: 'expected a token that is missing',
    explanation: `The parser expected a particular token — a closing \`)\`, a \`=\`, a name — and found something
else. The parser recovers and keeps checking the rest of the file, so later errors are real.

    LSTM(64, return_sequences=true     # missing ')'

Insert the missing token where the message says.`,
  },
  E0111: {
    severity: 'error',
    title: 'unexpected token',
    explanation: `A token that cannot stand at this place: for example a number where a statement should start,
or a second \`=\` in an argument.

    model m {
      64
    }

Remove it, or complete the construct it belongs to.`,
  },
  E0112: {
    severity: 'error',
    title: 'unclosed bracket',
    explanation: `A \`(\`, \`[\` or \`{\` is never closed. The related location shows where it was opened.`,
  },
  E0113: {
    severity: 'error',
    title: 'expected a model or train block',
    explanation: `At the top level a file holds only \`model NAME { … }\` and \`train [MODEL] { … }\` blocks
(and comments).

    LSTM(1, input=(5, 1))        # a layer outside any model

Wrap layers in a model block:

    model next_number {
      LSTM(1, input=(5, 1))
    }`,
  },
  E0114: {
    severity: 'error',
    title: 'brackets nested too deeply',
    explanation: `Brackets — \`(\`, \`[\` and \`{\` together — may nest at most 100 deep. No real model comes
close; this usually means a file that is not a .rnn file, or brackets that are opened and never
closed. The parser skips everything inside the bracket that goes too deep and carries on after it.`,
  },
  // ---- E02xx layers and their arguments --------------------------------------------------------
  E0201: {
    severity: 'error',
    title: 'unknown layer',
    explanation: `The name before \`(\` is not a layer rnnc knows. Layer names are Keras's class names and are
case-sensitive: \`LSTM\`, \`SimpleRNN\`, \`GRU\`, \`Dense\`, \`Embedding\`, \`Bidirectional\`, …

    model m {
      Lstm(32, input=(10, 4))      # did you mean \`LSTM\`?
    }

\`rnnc explain\` lists codes; the documentation (docs/language.md) lists every layer.`,
  },
  E0202: {
    severity: 'error',
    title: 'unknown argument',
    explanation: `The layer does not take an argument of this name. Argument names are Keras's:
\`return_sequences\`, \`recurrent_dropout\`, \`kernel_initializer\`, …

    LSTM(64, return_sequence=true)     # did you mean \`return_sequences\`?`,
  },
  E0203: {
    severity: 'error',
    title: 'missing required argument',
    explanation: `The layer needs this argument and has no default for it, as in Keras.

    LSTM(return_sequences=true)        # LSTM needs \`units\`
    Embedding(10000)                   # Embedding needs \`output_dim\`

Give it, by position or by name: \`LSTM(64, return_sequences=true)\`.`,
  },
  E0204: {
    severity: 'error',
    title: 'wrong argument type',
    explanation: `The value has the wrong type for this argument: a string where a number is needed, a float
where a whole number is needed, a number where \`true\`/\`false\` is needed.

    LSTM(64.5)                         # units must be a whole number
    LSTM(64, return_sequences=1)       # write true`,
  },
  E0205: {
    severity: 'error',
    title: 'value out of range',
    explanation: `The value has the right type but lies outside what the argument allows.

    LSTM(0)                            # units must be at least 1
    Dropout(1.5)                       # rate must lie in [0, 1)`,
  },
  E0206: {
    severity: 'error',
    title: 'unknown value',
    explanation: `An enum-like argument — an activation, initializer, regularizer, constraint, merge mode,
padding or dtype — names something rnnc does not know. Values may be written bare or quoted
(\`activation=tanh\` or \`activation="tanh"\`); Keras's aliases are accepted.

    Dense(1, activation=sigmod)        # did you mean \`sigmoid\`?`,
  },
  E0207: {
    severity: 'error',
    title: 'argument given twice',
    explanation: `The same argument is given twice, by name or once by position and once by name.

    LSTM(64, units=32)`,
  },
  E0208: {
    severity: 'error',
    title: 'positional argument after a keyword argument',
    explanation: `As in Python, arguments without a name must come before named ones.

    LSTM(return_sequences=true, 64)    # write LSTM(64, return_sequences=true)`,
  },
  E0209: {
    severity: 'error',
    title: 'too many positional arguments',
    explanation: `The layer takes fewer arguments by position than were given. Only the leading, essential
arguments may be given without a name (\`units\` for recurrent layers and Dense, \`input_dim\` and
\`output_dim\` for Embedding, \`rate\` for Dropout, …); name the rest.

    LSTM(64, tanh)                     # write LSTM(64, activation=tanh)`,
  },
  E0210: {
    severity: 'error',
    title: 'expected a layer',
    explanation: `A wrapper takes a layer as its argument: \`Bidirectional\` a recurrent layer (SimpleRNN, LSTM, GRU),
\`TimeDistributed\` any layer.

    Bidirectional(Dense(8))            # Bidirectional needs a recurrent layer
    Bidirectional(64)                  # write Bidirectional(LSTM(64))`,
  },
  E0211: {
    severity: 'error',
    title: 'not a layer here',
    explanation: `A model body holds layers. Only layer constructors may stand alone as statements of a
Sequential model; \`Input(...)\` may only start one.

    model m {
      Adam(0.01)                       # an optimizer belongs in the train block
    }`,
  },
  E0212: {
    severity: 'error',
    title: 'arguments that go together',
    explanation: `Some arguments only make sense together. \`Normalization\` takes \`mean\` and \`variance\` both or
neither (Keras raises "both \`mean\` and \`variance\` must be set"), and in the same form: two numbers,
or two tuples of the same length, one number per index of \`axis\`.

    Normalization(mean=5.0)                              # variance is missing
    Normalization(mean=(1.0, 2.0), variance=4.0)         # a tuple and a number
    Normalization(mean=(1.0, 2.0), variance=(4.0, 9.0))  # fine

Given neither, rnnc computes them from the training data when training starts (Keras's adapt()).`,
  },
  E0213: {
    severity: 'error',
    title: 'a TextVectorization setting rnnc does not compute',
    explanation: `\`TextVectorization\` (Keras's layer) turns raw text into token ids. rnnc computes \`output_mode="int"\` —
one id per token, 0 for padding, 1 for "[UNK]" — which is what an Embedding reads. Keras's other modes
(\`multi_hot\`, \`one_hot\`, \`count\`, \`tf_idf\`) are refused by name. Also refused: \`replace\` or \`ngrams\`
with \`split=None\` (there are no tokens to replace or join), and a \`max_tokens\` that leaves no id for a word
(it counts "", "[UNK]" and the reserved tokens too).

    TextVectorization(output_mode="multi_hot")      # E0213
    TextVectorization(max_tokens=2)                 # E0213: ids 0 and 1 are "" and [UNK]
    TextVectorization(max_tokens=10000, output_sequence_length=200)   # fine`,
  },
  E0214: {
    severity: 'error',
    title: 'text where numbers go, or numbers where text goes',
    explanation: `An input of \`dtype=string\` holds raw text, one string per sample, and only a \`TextVectorization\`
can read it: it makes token ids, which an Embedding turns into vectors. Any other layer fed the text is
an error, as is a TextVectorization fed numbers, or text of another shape than (1,).

    x = Input(shape=(1,), dtype=string)
    ids = TextVectorization(max_tokens=5000, output_sequence_length=100)(x)
    v = Embedding(5000, 32)(ids)`,
  },
  E0215: {
    severity: 'error',
    title: 'an Embedding smaller than the vocabulary before it',
    explanation: `A \`TextVectorization(max_tokens=n)\` gives ids from 0 to n - 1, so the Embedding that reads them needs
\`input_dim\` of at least n: one row per id. Keras finds this out on the first batch with an index error;
rnnc before training. Make the Embedding \`Embedding(n, …)\` or lower max_tokens.`,
  },

  // ---- E03xx shapes, dtypes and masks ------------------------------------------------------------
  E0301: {
    severity: 'error',
    title: 'a recurrent layer needs a sequence',
    explanation: `Recurrent layers (SimpleRNN, LSTM, GRU, and Bidirectional around them) read a sequence of shape
(batch, time, features). A recurrent layer returns only its last step — (batch, units) — unless it
is told \`return_sequences=true\`. Stacking two recurrent layers therefore needs
\`return_sequences=true\` on every one but the last:

    model m {
      LSTM(64, input=(20, 8))          # returns (None, 64): only the last step
      LSTM(32)                         # needs (None, time, features)
    }

Fix:

    model m {
      LSTM(64, return_sequences=true, input=(20, 8))
      LSTM(32)
    }

Keras reports this only when the model is built: "expected ndim=3, found ndim=2".`,
  },
  E0302: {
    severity: 'error',
    title: 'wrong number of axes',
    explanation: `The layer needs an input with a different number of axes (rank) than it gets. Shapes are
written with the batch axis first (None). For example Dense needs at least (batch, features),
RepeatVector exactly (batch, features), Conv1D exactly (batch, steps, channels).`,
  },
  E0303: {
    severity: 'error',
    title: 'dimension mismatch',
    explanation: `Two shapes that must agree do not: the inputs of Concatenate or Add, the element count of a
Reshape, an initial state and the layer's units, or a length that must be known but is None
(for example Flatten over an unknown number of time steps).`,
  },
  E0304: {
    severity: 'error',
    title: 'no input shape',
    explanation: `A Sequential model must know the shape of its input before anything runs. Give the first layer
\`input=(…)\` — the shape without the batch axis, like Keras's \`input_shape\` — or start the
model with \`Input(shape=(…))\`.

    model m {
      LSTM(32, input=(None, 8))        # any number of steps of 8 features
      Dense(1)
    }`,
  },
  E0305: {
    severity: 'error',
    title: 'wrong dtype',
    explanation: `A layer gets values of the wrong type. An Embedding looks up integer ids, so it needs int32
input; feeding it the float output of another layer is a mistake. In a functional model write
\`Input(shape=(None,), dtype=int32)\`; in a Sequential model make the Embedding the first layer.`,
  },
  E0306: {
    severity: 'error',
    title: 'a mask reaches a layer that cannot take one',
    explanation: `Embedding(mask_zero=true) and Masking mark padded time steps with a mask, which flows to later
layers. Recurrent layers use it (padded steps leave the state unchanged), and layers such as
Dense, Dropout and TimeDistributed pass it on. Some layers — Conv1D, Flatten, Reshape, pooling —
cannot take a mask: Keras would silently ignore padding there or fail. Put a recurrent layer (which
consumes the mask when it returns only its last step) before them, or drop the mask.`,
  },
  E0307: {
    severity: 'error',
    title: 'initial state does not fit',
    explanation: `\`initial_state=[…]\` must give one tensor per state of the layer — LSTM has two (h, c), SimpleRNN
and GRU one — each of shape (batch, units).

    _, h, c = LSTM(256, return_state=true)(enc)
    dec = LSTM(256, return_sequences=true)(x, initial_state=[h, c])`,
  },
  E0308: {
    severity: 'error',
    title: 'layer with several outputs in a Sequential model',
    explanation: `In a Sequential model each layer feeds exactly one tensor to the next. \`return_state=true\`
(and Bidirectional with \`merge_mode=None\`) give several outputs, which only a functional model can
bind: \`out, h, c = LSTM(64, return_state=true)(x)\`.`,
  },
  E0309: {
    severity: 'error',
    title: 'invalid shape',
    explanation: `A shape argument is malformed: dimensions must be positive whole numbers or None, written as a
tuple without the batch axis — \`input=(5, 1)\`, \`input=(None,)\`, \`shape=(28, 28)\`.`,
  },
  E0310: {
    severity: 'error',
    title: 'input shape on a later layer',
    explanation: `\`input=(…)\` declares the shape of the model's input, so only the first layer of a Sequential
model may have it.`,
  },
  E0311: {
    severity: 'error',
    title: 'empty model',
    explanation: `A model needs at least one layer.`,
  },

  E0320: {
    severity: 'error',
    title: 'fed input is not a sequence of token ids',
    explanation: `The input a \`decode\` block feeds back receives, at generation time, the token chosen at the step
before — one integer id per sequence per step. It must be declared as a sequence of ids:

    tgt = Input(shape=(None,), dtype=int32)      # (batch, time) ids: can be fed back
    tgt = Input(shape=(None, 8))                 # float features: cannot

Declare it with \`dtype=int32\` and a shape of one axis, and read it with an Embedding.`,
  },
  E0321: {
    severity: 'error',
    title: 'fed input and output vocabularies differ',
    explanation: `At each generation step the token the output chose becomes the next input, so the fed input must be
read by an Embedding whose \`input_dim\` is the output's number of tokens (the units of the last Dense):

    tgt = Input(shape=(None,), dtype=int32)
    y = Embedding(8000, 128)(tgt)                         # reads ids 0–7999
    output TimeDistributed(Dense(8000, activation=softmax))(dec)   # chooses among 8000

A token the output can choose must be one the Embedding can read. Make the two sizes equal, and
read the fed input only through Embeddings.`,
  },
  E0322: {
    severity: 'error',
    title: 'output is not one distribution per step',
    explanation: `Decoding reads, at each step, one distribution over the tokens: the model must have one output of
shape (batch, time, tokens) that depends on the fed input. A recurrent layer before it without
\`return_sequences=true\` gives one vector per sequence instead; set \`return_sequences=true\` (a Dense on
a sequence applies to every step, as TimeDistributed(Dense) does).`,
  },
  E0323: {
    severity: 'error',
    title: 'output is not a softmax',
    explanation: `Greedy, sampling and beam search choose tokens by their probabilities, so the output layer must be a
softmax over the tokens: \`Dense(V, activation=softmax)\` (or wrapped in TimeDistributed, or an
\`Activation(softmax)\`). A linear output is accepted when the train block's loss is
\`SparseCategoricalCrossentropy(from_logits=true)\`: rnnc then applies the softmax while decoding.`,
  },
  E0324: {
    severity: 'error',
    title: 'layer cannot run one step at a time',
    explanation: `Generation runs the layers between the fed input and the output one time step per call, carrying
the recurrent layers' states (h, and c for an LSTM) from call to call; it never re-runs the prefix.
A layer on that path must therefore compute step t from step t alone and its state:

- Bidirectional reads the sequence backwards too: the future has not been generated yet;
- \`go_backwards=true\` reads the last step first, for the same reason;
- a recurrent layer without \`return_sequences=true\` gives no output per step;
- Conv1D (wider than one step), pooling, Flatten, Reshape and RepeatVector mix or reshape the
  time axis;
- a sequence from the encoder, combined step by step with the decoder's, would not line up.

Keep such layers in the encoder — on the path of the inputs that are not fed back — and pass what
the decoder needs through \`initial_state=[h, c]\`.`,
  },

  // ---- E04xx names in functional models ----------------------------------------------------------
  E0401: {
    severity: 'error',
    title: 'undefined name',
    explanation: `A functional model reads a name that no earlier statement binds. Names are bound with
\`x = …\` before they are used.

    model m {
      x = Input(shape=(10, 4))
      y = LSTM(8)(z)                   # \`z\` is not defined; did you mean \`x\`?
      output y
    }`,
  },
  W0402: {
    severity: 'warning',
    title: 'unused name',
    explanation: `A name is bound but never read and is not an output. Write \`_\` to discard a value on purpose:
\`_, h, c = LSTM(64, return_state=true)(x)\`.`,
  },
  E0403: {
    severity: 'error',
    title: 'functional model without output',
    explanation: `A model with bindings is a functional model and must say what it returns with
\`output NAME\` (or several: \`output a, b\`) as its last statement.`,
  },
  E0404: {
    severity: 'error',
    title: 'name bound twice',
    explanation: `Each name in a functional model is bound once. Choose a new name for the second value.`,
  },
  E0405: {
    severity: 'error',
    title: 'wrong number of names',
    explanation: `The left side of a binding must name every value the right side returns. A recurrent layer
returns one tensor, or with \`return_state=true\` its output followed by its states (LSTM: output,
h, c; SimpleRNN and GRU: output, h).

    out, h, c = LSTM(64, return_state=true)(x)`,
  },
  E0406: {
    severity: 'error',
    title: 'layer not applied',
    explanation: `In a functional model a layer is applied to its input with a second pair of brackets:
\`LSTM(64)(x)\`. A layer constructor alone is not a value.

    y = LSTM(64)                       # write y = LSTM(64)(x)`,
  },
  E0407: {
    severity: 'error',
    title: 'mixed Sequential and functional statements',
    explanation: `A model body is either a list of layers (Sequential) or bindings ending in \`output\`
(functional), not both. Rewrite the bare layer lines as bindings: \`h = LSTM(64)(x)\`.`,
  },
  E0408: {
    severity: 'error',
    title: 'misplaced output',
    explanation: `\`output\` ends a functional model: it must be its last statement, and appear once.`,
  },
  E0409: {
    severity: 'error',
    title: 'not a tensor',
    explanation: `A layer is applied to something that is not a tensor: a number, a string, or a name bound to
something else. Apply layers to \`Input(...)\` values and to the outputs of other layers.`,
  },
  E0410: {
    severity: 'error',
    title: 'model defined twice',
    explanation: `Two models in one file have the same name. Rename one.`,
  },
  E0411: {
    severity: 'error',
    title: 'layer name used twice',
    explanation: `Two layers of one model have the same \`name=\`. Keras refuses to build such a model ("All layer
names should be unique"), and saved weights are keyed by layer name (\`enc/kernel\`), so the second would
overwrite the first. Rename one, or leave \`name=\` out and let rnnc name it Keras's way (\`lstm\`,
\`lstm_1\`, …, skipping names already given).`,
  },

  // ---- E05xx the train block ---------------------------------------------------------------------
  E0501: {
    severity: 'error',
    title: 'unknown loss',
    explanation: `The loss is not one rnnc knows. Keras's names and aliases are accepted: mean_squared_error (mse),
mean_absolute_error (mae), binary_crossentropy, categorical_crossentropy,
sparse_categorical_crossentropy, huber, …`,
  },
  E0502: {
    severity: 'error',
    title: 'unknown optimizer',
    explanation: `The optimizer is not one rnnc knows: SGD, Adam, RMSprop, Adagrad, … written bare (\`adam\`) or as a
call with arguments (\`Adam(learning_rate=1e-3, clipnorm=1.0)\`).`,
  },
  E0503: {
    severity: 'error',
    title: 'unknown train setting',
    explanation: `A train block holds: loss, optimizer, metrics, epochs, batch_size, validation_split,
shuffle_before_split, shuffle, seed, callbacks, data and truncated_bptt. Anything else is a mistake.`,
  },
  E0504: {
    severity: 'error',
    title: 'train block for an unknown model',
    explanation: `\`train NAME { … }\` names a model that the file does not define.`,
  },
  E0505: {
    severity: 'error',
    title: 'train block without a model name',
    explanation: `A \`train { … }\` block without a name belongs to the only model of the file. When the file has
several models (or none) write which one it trains: \`train sentiment { … }\`.`,
  },
  E0506: {
    severity: 'error',
    title: 'sparse categorical crossentropy needs class scores',
    explanation: `\`sparse_categorical_crossentropy\` compares integer class labels (0 … n-1) with a probability for
each of n classes, so the model must end with one unit per class and a softmax
(\`Dense(n, activation=softmax)\`), or with raw scores and \`from_logits=true\`. One output unit
cannot score several classes; for two classes with one unit use binary_crossentropy.`,
  },
  E0507: {
    severity: 'error',
    title: 'binary crossentropy needs one probability per output',
    explanation: `\`binary_crossentropy\` compares a label in {0, 1} with a probability, so the output should be
sigmoid units (\`Dense(1, activation=sigmoid)\`), or raw scores with \`from_logits=true\`. A softmax
output wants categorical_crossentropy or sparse_categorical_crossentropy.`,
  },
  W0508: {
    severity: 'warning',
    title: 'softmax output with a regression loss',
    explanation: `A softmax output is a probability distribution over classes; training it with a regression loss
(mse, mae) usually learns slowly or not at all. Use categorical_crossentropy (one-hot labels) or
sparse_categorical_crossentropy (integer labels).`,
  },
  E0509: {
    severity: 'error',
    title: 'unknown metric',
    explanation: `The metric is not one rnnc knows: accuracy (acc), mae, mse, binary_accuracy,
categorical_accuracy, sparse_categorical_accuracy, …`,
  },
  E0510: {
    severity: 'error',
    title: 'unknown callback',
    explanation: `The callback is not one rnnc knows: EarlyStopping, ModelCheckpoint, ReduceLROnPlateau,
TerminateOnNaN.`,
  },
  E0511: {
    severity: 'error',
    title: 'model trained twice',
    explanation: `Two train blocks belong to the same model. Merge them into one.`,
  },
  E0512: {
    severity: 'error',
    title: 'setting given twice',
    explanation: `A train block gives the same setting twice. Keep one.`,
  },
  W0513: {
    severity: 'warning',
    title: 'output activation does not suit the loss',
    explanation: `The model's last activation and the loss disagree in a way that usually trains badly, for
example a sigmoid or softmax output under \`from_logits=true\`, which would apply it twice.`,
  },
  E0517: {
    severity: 'error',
    title: 'more than one kind of gradient clipping',
    explanation: `An optimizer takes at most one of \`clipnorm\` (each gradient's norm), \`global_clipnorm\` (the norm
of all gradients together) and \`clipvalue\` (each element). Keras raises "Only one of \`clipnorm\`,
\`clipvalue\` and \`global_clipnorm\` can be set" when the optimizer is built. Keep one.`,
  },
  E0514: {
    severity: 'error',
    atRunTime: true,
    title: 'nothing says how to train',
    explanation: `\`rnnc train\` needs a loss to minimise, and the model has no \`train\` block that gives one.
Add a block after the model, for example

    train {
      loss = mean_squared_error
      optimizer = Adam(learning_rate=1e-3)
      epochs = 10
    }`,
  },
  E0515: {
    severity: 'error',
    atRunTime: true,
    title: 'the loss became NaN or infinite',
    explanation: `A training step produced a loss that is not a finite number, so training stopped before that step
changed the weights. The usual causes are a learning rate too high for the data, unscaled inputs or targets
(divide them to roughly -1…1), or a loss that takes the log of 0. Lower \`learning_rate\`, add
\`clipnorm=1.0\` to the optimizer, or scale the data. Checkpoints written before the bad step are intact.`,
  },
  E0516: {
    severity: 'error',
    atRunTime: true,
    title: 'validation split leaves no data',
    explanation: `\`validation_split\` takes the last fraction of the samples (before shuffling, as Keras does) for
validation. With this few samples, the training part or the validation part would be empty. Use more data
or a different fraction.`,
  },

  E0518: {
    severity: 'error',
    atRunTime: true,
    title: 'a Normalization cannot be adapted',
    explanation: `A \`Normalization\` layer given neither \`mean\` nor \`variance\` gets them from the training data when
training starts, as Keras's \`layer.adapt(x)\` would: per index of \`axis\`, over every sample and every
other axis. rnnc does this for a Normalization applied directly to a model input — the first layer of a
Sequential model, or \`Normalization()(x)\` on an \`Input\` — whose data is the input array itself, and
for one with \`invert=true\` that gives the model's output, whose data is that output's targets
(target normalization: the layers before it learn scaled targets, the output is in the targets'
units). Any other one deeper in the model, or one wrapped in \`TimeDistributed\`, would need the
layers before it run over the whole data set first, which rnnc does not do. Move the Normalization
to the input (or, inverting, to the output), or give it the statistics:
\`Normalization(mean=(…), variance=(…))\`.`,
  },

  E0519: {
    severity: 'error',
    atRunTime: true,
    title: 'a pre-trained table does not fit its Embedding',
    explanation: `\`Embedding(input_dim, output_dim, weights="table.npy")\` starts from the table in the .npy file (its
path relative to the .rnn file), as Keras's \`Embedding(…, weights=[matrix])\` does. The file must hold
floats of shape \`(input_dim, output_dim)\`: one row per id, one column per feature. A table of another
shape belongs to another vocabulary or another embedding size — check input_dim and output_dim, or the
file. Integer values are refused too: a table of ids is not a table of vectors.`,
  },

  E0520: {
    severity: 'error',
    title: 'a learning-rate schedule that cannot work',
    explanation: `\`PiecewiseConstantDecay(boundaries, values)\` holds \`values[0]\` up to step \`boundaries[0]\`,
\`values[1]\` up to \`boundaries[1]\`, and the last value after the last boundary: it needs exactly one more
value than boundaries (Keras's constructor raises otherwise), and the boundaries in increasing order.

    optimizer = SGD(learning_rate=PiecewiseConstantDecay((1000, 2000), (0.1, 0.05, 0.01)))`,
  },

  E0521: {
    severity: 'error',
    title: 'ReduceLROnPlateau with a learning-rate schedule',
    explanation: `An optimizer whose \`learning_rate\` is a schedule (\`ExponentialDecay(…)\` and the others) computes the
rate from the step; nothing can set it. Keras raises "This optimizer was created with a
\`LearningRateSchedule\` object as its \`learning_rate\` constructor argument, hence its learning rate is not
settable" at the first plateau, epochs into training; rnnc says so before training starts. Choose one:
a schedule, or a number with ReduceLROnPlateau.`,
  },

  E0540: {
    severity: 'error',
    title: 'unknown decode setting',
    explanation: `A \`decode\` block takes four settings:

    decode translate {
      feed = tgt          # the input that reads the target shifted by one step
      start = 1           # the <go> token fed at the first step
      end = 2             # the <eos> token that ends a sequence (None: run to max_length)
      max_length = 20     # the most tokens generated
    }`,
  },
  E0541: {
    severity: 'error',
    title: 'decode setting set twice',
    explanation: `Each setting of a decode block is written once. Keep one.`,
  },
  E0542: {
    severity: 'error',
    title: 'which model does this decode block decode with',
    explanation: `A \`decode NAME { … }\` block belongs to the model NAME; \`decode { … }\` without a name belongs to the
only model of the file. The name must be a model of the file, a file with several models must name
one, and a model has at most one decode block.`,
  },
  E0543: {
    severity: 'error',
    title: 'bad decode setting value',
    explanation: `\`feed\` is the name of one of the model's inputs; \`start\` and \`end\` are token ids (integers ≥ 0;
\`end\` may be None); \`max_length\` is an integer ≥ 1.

    decode { feed = tgt  start = 1  end = 2  max_length = 20 }`,
  },
  E0544: {
    severity: 'error',
    title: 'no such fed input',
    explanation: `\`feed\` must name one of the model's inputs: the one that, in training, reads the target shifted by
one step (teacher forcing). A model with one input (a language model) feeds back that input, so
\`feed\` may be left out; a model with several must say which.`,
  },
  E0545: {
    severity: 'error',
    title: 'start or end token outside the vocabulary',
    explanation: `\`start\` and \`end\` are token ids of the output's vocabulary: 0 to V−1, where V is the units of the last
Dense. When the fed Embedding has \`mask_zero=true\`, 0 is padding, so the start token cannot be 0: the
first step would be masked out and the decoder would start from nothing.`,
  },
  E0546: {
    severity: 'error',
    title: 'decode block without a start token',
    explanation: `A model with an encoder (several inputs) generates from a source alone: its decoder's first step
reads the start token (\`<go>\`), as it did in training, where the target shifted by one step begins
with it. Add \`start = ID\`. A language model (one input) may leave it out and start from a prompt.`,
  },
  E0547: {
    severity: 'error',
    title: 'a token written as text for a feed of ids',
    explanation: `\`start = "[start]"\` names a token by its text, which only a fed input with a vocabulary can look
up: a text input (\`Input(shape=(1,), dtype=string)\`) read by a TextVectorization. A fed input of token
ids has no vocabulary in the model, so its start and end tokens are ids: \`start = 1\`, \`end = 2\`.`,
  },
  E0548: {
    severity: 'error',
    title: 'start and end tokens of a text feed',
    explanation: `When the fed input is text, the decode block's \`start\` and \`end\` are tokens written as text
(\`start = "[start]"\`, \`end = "[end]"\`), both required: each training target is wrapped in them, the
decoder reads all of it but the last token and learns to write all of it but the first (Keras's
\`decoder_inputs = ids[:, :-1]\`, \`labels = ids[:, 1:]\`). They become reserved ids of the target's
vocabulary, right after "" (0), "[UNK]" (1) and any [NUM]/[URL], so each must be a token of its own:
not empty, not one of those, and not both the same.`,
  },
  E0549: {
    severity: 'error',
    title: "a text feed's TextVectorization cannot generate",
    explanation: `A fed text input is read by exactly one TextVectorization, whose ids go to the decoder's Embedding:
generation feeds each chosen id back there. That TextVectorization cannot make n-grams (a generated
token is one token), and its max_tokens must leave room for words after the padding, [UNK], any
reserved tokens and the decode block's start and end tokens.`,
  },
  E0550: {
    severity: 'error',
    title: 'a text-fed decoder trained with a loss other than sparse_categorical_crossentropy',
    explanation: `With a fed text input, rnnc makes the labels itself: the target's token ids shifted by one step,
one id per time step. \`sparse_categorical_crossentropy\` (with \`from_logits=true\` for a linear output)
is the loss that reads ids; a one-hot or regression loss would need other labels.`,
  },
  E0530: {
    severity: 'error',
    atRunTime: true,
    title: 'a TextVectorization without a vocabulary',
    explanation: `A \`TextVectorization\` needs a vocabulary: rnnc adapts it on the training part of the text when
training starts (Keras's \`layer.adapt(x_train)\`), reads it from \`vocabulary="words.txt"\`, or restores it
from a saved model. Predicting or evaluating with a model that was never trained nor loaded has none:
train it, or pass the saved model. rnnc also turns each text input into one row of ids, so a text
input is read by one TextVectorization only.`,
  },
  E0531: {
    severity: 'error',
    atRunTime: true,
    title: 'the adapted vocabulary is larger than the Embedding',
    explanation: `A \`TextVectorization\` without \`max_tokens\` keeps every token of the training text, so how many ids it
gives is known only once it is adapted. The Embedding reading them needs a row per id. Give the
TextVectorization \`max_tokens=\` equal to the Embedding's \`input_dim\` (the rarest tokens become
"[UNK]"), or make the Embedding larger.`,
  },
  E0535: {
    severity: 'error',
    title: 'batch size of a stateful model',
    explanation: `A stateful recurrent layer (\`stateful=true\`) carries the state of sample i of one batch into sample i
of the next, so every batch has the batch size the model fixes with \`Input(shape=…, batch_size=N)\`
(Keras: "the batch size must be static"). A train block's \`batch_size\` that is another number would
make batches the carried states do not fit. Leave \`batch_size\` out (a stateful model's default is its
fixed batch) or write the model's.`,
  },
  E0536: {
    severity: 'error',
    title: 'shuffle with a stateful model',
    explanation: `Sample i of batch k+1 continues sample i of batch k in a stateful model; shuffling the samples every
epoch would carry one sequence's state into another's. Keras's guide says to pass \`shuffle=False\` to
fit(); rnnc refuses \`shuffle = true\` instead of training on mixed-up states. A stateful model's
default is \`shuffle = false\`, so leave it out. rnnc also resets the carried states at the start of
each epoch (Keras users add a callback that calls \`reset_states()\`; Keras 3's fit() itself does not).`,
  },
  E0537: {
    severity: 'error',
    title: 'a layer truncated BPTT cannot window',
    explanation: `\`truncated_bptt = k\` runs each sequence in windows of k time steps, carrying the recurrent states
from one window to the next and stopping the gradients at the window's start. That is the whole
sequence's forward pass only when every layer on the sequence works on each time step by itself
(Dense, Embedding, Dropout, Activation, Masking, LayerNormalization, TimeDistributed, merges of
sequences) or is a forward recurrent layer (SimpleRNN, LSTM, GRU). A layer that mixes time steps
(Conv1D, pooling, Flatten, Reshape, RepeatVector, BatchNormalization), reads a sequence from its end
(Bidirectional, \`go_backwards=true\`), takes \`initial_state\`, or joins a sequence with a vector cannot
be windowed.`,
  },
  E0538: {
    severity: 'error',
    title: 'a model truncated BPTT does not fit',
    explanation: `Truncated BPTT needs inputs with a time axis, a recurrent layer on them to carry the state between
windows, and outputs of one kind: all sequences (many-to-many, \`return_sequences=true\`: every window
has the targets of its own steps and a loss and an optimizer step of its own) or all after the last
recurrent layer has given its final output (many-to-one: the earlier windows only advance the state,
and the last window's output meets the target, the gradient reaching back k steps).`,
  },
  E0539: {
    severity: 'error',
    title: 'truncated_bptt no shorter than the sequences',
    explanation: `The model fixes its inputs' time steps, and \`truncated_bptt\` is at least that many: every sequence
would be a single window, trained with the full gradient, so the setting would do nothing. Choose a
window shorter than the sequences, or leave the setting out.`,
  },
  E0522: {
    severity: 'error',
    title: 'validation_data and validation_split together',
    explanation: `\`validation_data = { x = "val_x.npy", y = "val_y.npy" }\` gives the held-out samples; \`validation_split\`
cuts them from the training data. Keras's fit() takes both and silently ignores the split when
validation data is given; rnnc refuses a train block that writes both, since one of them does
nothing. Keep the one you mean. On the command line, \`--validation-x\`/\`--validation-data\` replace the
block's choice, as every flag overrides its setting.`,
  },
  E0551: {
    severity: 'error',
    title: 'a per-output setting names no output of the model',
    explanation: `A model of several outputs takes \`loss\`, \`loss_weights\` and \`metrics\` per output, as Keras's compile()
takes a dict keyed by the model's output names: \`loss = { sum = mse, pair = binary_crossentropy }\`. An
output is named by the layer that makes it — its \`name="…"\`, or the name Keras gives it (\`dense\`,
\`dense_1\`, as \`rnnc summary\` prints). The record names an output the model does not have (usually a
typo: the fix offers the nearest name), or names one twice.`,
  },
  E0552: {
    severity: 'error',
    title: 'a per-output list of the wrong length',
    explanation: `A list given for \`loss\`, \`loss_weights\` or \`metrics\` of a model of several outputs holds one item per
output, in the model's order (Keras's list form). Keras 3 takes a model's metrics only per output:
\`metrics = [mae]\` on a model of two outputs is refused, and \`metrics = [mae, mse]\` gives the first output
mae and the second mse. Write a record by output name to say which output gets what — \`metrics = { sum =
[mae], pair = [mae, accuracy] }\` — or list one item (a metric, or a list of them) per output.`,
  },
  E0553: {
    severity: 'error',
    title: 'a per-output record leaves an output out',
    explanation: `Keras's compile() wants a loss for every output when \`loss\` is a dict, and a weight for every output when
\`loss_weights\` is (it raises "Expected keys … in loss dict" otherwise). Name each of the model's outputs
in the record. (A \`metrics\` record may leave outputs out: they get no metrics.)`,
  },
  E0554: {
    severity: 'error',
    title: 'a record of files names no input or output of the model',
    explanation: `\`data = { x = { src = "src.npy", tgt = "tgt.npy" }, y = { … } }\` gives one file per model input (\`x\`) and per
output (\`y\`), keyed by name, as Keras names them: an input by \`Input(…, name="src")\` (else \`input_layer\`,
\`input_layer_1\`, …), an output by the layer that makes it (\`rnnc summary\` prints both). The record names something the
model does not have — usually a typo, which the fix corrects to the nearest name. Checked with the
model, before any file is read; the same names on the command line (\`--x src=…\`) are checked when
the data loads (E0628).`,
  },
  E0555: {
    severity: 'error',
    title: 'a record of files leaves an input or output without a file',
    explanation: `A record that names files per input (\`x = { src = "src.npy" }\`) or per output must give one for each: the
model cannot run without every input, nor train an output without its labels. Add the missing names,
or give an .npz archive that holds every array (\`data = "train.npz"\`).`,
  },

  // ---- E06xx data files ----------------------------------------------------------------------------
  E0601: {
    severity: 'error',
    title: 'cannot read data file',
    explanation: `A data file named by \`data = { … }\` or by \`--x\`, \`--y\`, \`--data\` does not exist or cannot be
read. Paths in a train block are relative to the .rnn file; paths on the command line are relative
to the current directory.`,
  },
  E0602: {
    severity: 'error',
    title: 'not a NumPy .npy file',
    explanation: `A \`.npy\` file starts with the bytes \`\\x93NUMPY\`, a format version (1.0, 2.0 or 3.0), a header
that is a Python dictionary with \`descr\`, \`fortran_order\` and \`shape\`, and then exactly as many bytes
as the shape and element type call for. The file breaks one of these rules: it is another format
with a .npy name, it was cut short while copying, or a newer NumPy wrote a format version rnnc does
not know. Write it again with \`numpy.save("x.npy", x)\`.`,
  },
  E0603: {
    severity: 'error',
    title: 'element type rnnc cannot read',
    explanation: `rnnc reads numbers: in a .npy file float32, float64, int32, int64, uint8 and bool (\`<f4 <f8 <i4 <i8
|u1 |b1\`, either byte order); in an IDX file ubyte, byte, short, int, float and double. Strings,
complex numbers, float16, Python objects and structured (record) arrays are refused. Convert first:

    numpy.save("x.npy", x.astype("float32"))`,
  },
  E0604: {
    severity: 'error',
    title: 'Fortran-order array',
    explanation: `The .npy file stores its array column by column (\`fortran_order: True\`), which NumPy does for a
transposed or \`numpy.asfortranarray\` array. rnnc reads arrays stored row by row (C order). Save a
C-ordered copy:

    numpy.save("x.npy", numpy.ascontiguousarray(x))`,
  },
  E0605: {
    severity: 'error',
    title: 'integer too large',
    explanation: `rnnc computes with 32-bit integers (int32, from −2147483648 to 2147483647), like TensorFlow.js. The
file holds a 64-bit integer outside that range. Word ids and class labels are never that large;
if the values are measurements, store them as floats: \`x.astype("float32")\`.`,
  },
  E0606: {
    severity: 'error',
    title: 'invalid JSON in a JSON Lines file',
    explanation: `A JSON Lines file holds one JSON object per line, for example

    {"x": [3, 14, 15, 9], "y": 1}

The line at the reported position is not valid JSON: a missing quote, bracket or comma, a trailing
comma, single quotes, or an object broken over several lines. Blank lines are allowed.`,
  },
  E0607: {
    severity: 'error',
    title: 'sample without x or y',
    explanation: `Every line of a JSON Lines file is one sample: an object with the model's input under \`"x"\` and the
label under \`"y"\`. A model with several inputs takes \`"x"\` as an object keyed by the input names
(\`{"x": {"src": [4, 8], "tgt": [1, 5]}, "y": [5, 2]}\`). The reported line lacks one of them, or is
not an object at all. \`rnnc predict\` needs only \`"x"\`.`,
  },
  E0608: {
    severity: 'error',
    title: 'rows of different lengths',
    explanation: `Values that form one array must have the same length along every axis. In a JSON Lines file only
the outermost list of each sample — the time steps — may differ in length from sample to sample;
rnnc pads shorter sequences and returns a mask. Inside a sample every step must have as many
features as the others, and every sample the same nesting depth:

    {"x": [[1, 2], [3, 4]], "y": 0}
    {"x": [[1, 2], [3]],    "y": 1}     # the second step has 1 feature, the first 2

In a CSV file every row must have as many cells as the first.`,
  },
  E0609: {
    severity: 'error',
    title: 'not a number',
    explanation: `A cell of a CSV file or a value in a JSON Lines file must be a number (\`3\`, \`-0.5\`, \`1e-3\`; \`nan\`
and \`inf\` are read as NumPy writes them). The reported position holds text, an empty cell, or
\`true\`/\`null\`. Remove the row, fill the gap, or pick another column with \`column\`.`,
  },
  E0610: {
    severity: 'error',
    title: 'no such CSV column',
    explanation: `\`column\` names the CSV column that holds the series: by its header name (\`column = "temp"\`) or by
its 0-based position (\`column = 2\`). The file has no header with that name, or fewer columns.`,
  },
  E0611: {
    severity: 'error',
    title: 'series too short for the window',
    explanation: `A sliding window of \`window\` values predicts the value \`horizon\` steps later, so a series of L
values gives L − window − horizon + 1 samples. The series is too short to give even one. Use a
smaller window or horizon, or a longer series.`,
  },
  E0612: {
    severity: 'error',
    title: 'not an IDX file',
    explanation: `An IDX file (the format of MNIST and Fashion-MNIST, often gzipped) starts with two zero bytes, a
type byte (0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double) and the number of
axes, then each axis length as a 4-byte big-endian integer, then the values. The file breaks one of
these rules, is cut short, or is a damaged gzip file.`,
  },
  E0613: {
    severity: 'error',
    title: 'unknown data format',
    explanation: `rnnc picks the reader by the file name: \`.npy\` (NumPy), \`.npz\` (NumPy archives, arrays by input
and output name), \`.jsonl\` or \`.ndjson\` (JSON Lines), \`.csv\` (CSV, optionally with \`column\`, \`window\`,
\`horizon\`), \`.txt\` (a text corpus cut into windows of characters, \`window\`, \`stride\`), and IDX files named \`.idx\`, \`…-ubyte\`
(\`train-images-idx3-ubyte\`) or either of those gzipped with \`.gz\`. Rename the file or convert it.`,
  },
  E0614: {
    severity: 'error',
    title: 'data file holds no samples',
    explanation: `The data file is empty, holds only a header or blank lines, or its first axis has length 0.
Training and prediction need at least one sample.`,
  },
  E0615: {
    severity: 'error',
    title: 'sample counts differ',
    explanation: `The first axis of every data array counts the samples, and x and y must count the same: sample i
of x is labelled by sample i of y. A model with several inputs needs the same count in each.
Usually one file was cut, filtered or shuffled without the other.`,
  },
  E0616: {
    severity: 'error',
    title: 'wrong number of input arrays',
    explanation: `A model with several inputs (\`src = Input(…)\`, \`tgt = Input(…)\`) needs one array for each, in
the order the inputs are defined: one .npy file per input, or a JSON Lines file whose \`"x"\` is an
object keyed by the input names (\`"x": {"src": […], "tgt": […]}\`).`,
  },
  E0617: {
    severity: 'error',
    title: 'input data does not fit the model',
    explanation: `The data for a model input must have the input's shape, with the number of samples as the first
axis. \`None\` axes take any length (the same within one array); fixed axes must match exactly.

    model m { LSTM(8, input=(5, 1)) }      # wants (N, 5, 1)
    x.npy holds (100, 5)                    # one axis short

Reshape in NumPy (\`x.reshape(-1, 5, 1)\`) or change the input shape in the model. As a convenience
that Keras does not offer, data missing only a trailing feature axis of 1 is accepted.`,
  },
  E0618: {
    severity: 'error',
    title: 'fractional values for an integer input',
    explanation: `The model's input is int32 (word or token ids for an Embedding), but the data holds values with a
fractional part. Float data is accepted when every value is a whole number; these are not ids. Check
that the right file is given, or feed the values to a float input instead of an Embedding.`,
  },
  E0619: {
    severity: 'error',
    title: 'id outside the vocabulary',
    explanation: `Embedding(input_dim, …) has one row for each id 0 … input_dim − 1. The data holds an id that is
negative or not less than input_dim, which has no row. Raise input_dim to the largest id plus one,
or map rare words to an out-of-vocabulary id.`,
  },
  E0620: {
    severity: 'error',
    title: 'labels do not fit the output and loss',
    explanation: `The labels (y) must match what the model outputs, as the loss reads them:

- sparse_categorical_crossentropy: one integer class id per output position: (N,) or (N, 1) for an
  output (None, classes), (N, T) for a sequence output (None, T, classes);
- categorical_crossentropy: one-hot rows as wide as the output: (N, classes);
- binary_crossentropy, mse, mae, huber, …: the output's own shape; (N,) is taken for (None, 1).

Integer labels for categorical_crossentropy are the classic mistake: switch the loss to
sparse_categorical_crossentropy, or one-hot encode the labels.`,
  },
  E0621: {
    severity: 'error',
    title: 'class label out of range',
    explanation: `sparse_categorical_crossentropy wants each label to be a class id: a whole number from 0 to
classes − 1, where classes is the width of the model's output. A label is fractional, negative, or
too large. Labels counted from 1 need \`y - 1\`; more classes need a wider output layer.`,
  },
  E0622: {
    severity: 'error',
    title: 'binary label outside [0, 1]',
    explanation: `binary_crossentropy compares each label with a probability, so labels must lie in [0, 1]
(usually exactly 0 or 1). Labels such as -1/1 or 1/2 need mapping to 0/1 first.`,
  },
  E0623: {
    severity: 'error',
    title: 'no data given',
    explanation: `Training and prediction need data: \`data = { x = "x.npy", y = "y.npy" }\` (or \`file = "d.jsonl"\`) in
the train block, or \`--x\`, \`--y\`, \`--data\` on the command line. Training also needs labels (y):
from a y file, the \`"y"\` of each JSON line, or a CSV series with \`window\`.`,
  },
  E0624: {
    severity: 'error',
    title: 'data option does not apply',
    explanation: `A data option has a value it cannot take, or does not go with the file: \`window\` and \`horizon\`
are whole numbers of at least 1, \`column\` and \`window\` apply to CSV files only, \`scale\` to
numbers, and a CSV series with \`window\` already gives the labels, so it takes no y file.`,
  },
  E0625: {
    severity: 'error',
    title: 'NaN or infinity in the data',
    explanation: `Every input and label must be a finite number. A NaN input makes NaN predictions, and a NaN or
infinite label makes the loss NaN or infinite, so rnnc refuses such data before training, evaluation
or prediction starts, naming the file and the index of the first bad value, such as [17, 3, 0].

- NaN usually marks a missing value (pandas writes one for an empty cell): fill it
  (\`numpy.nan_to_num\`, pandas' \`fillna\`) or drop the sample.
- An infinity usually comes from a division by zero where the data was made.
- rnnc computes in float32: a float64 value beyond ±3.4e38, a JSON number such as 1e39, or a value
  that \`scale\` multiplies past that, becomes infinite. Scale the data to roughly -1…1.

A NaN that appears during training, from finite data, is E0515 instead.`,
  },

  E0635: {
    severity: 'error',
    atRunTime: true,
    title: 'not text where text is expected',
    explanation: `A model input of \`dtype=string\` takes one text per sample: in JSON Lines a string \`"x"\`
(\`{"x": "a fine film", "y": 1}\`), in a CSV file a column of text. A number, a list or null there is an
error at its line and column; a CSV of one text column is read with the \`column\` option naming the column.`,
  },
  E0636: {
    severity: 'error',
    atRunTime: true,
    title: 'numbers where text is expected',
    explanation: `A model input of \`dtype=string\` reads text, but its data came from a file of numbers (a .npy or IDX
file, a numeric CSV). Give the texts themselves: a JSON Lines file with string \`"x"\`, or a CSV file with
a text column.`,
  },
  E0637: {
    severity: 'error',
    atRunTime: true,
    title: 'a vocabulary file that cannot be used',
    explanation: `\`TextVectorization(vocabulary="words.txt")\` reads one token per line, most frequent first (the path is
relative to the .rnn file). The padding token "" (an empty line) and "[UNK]" — and the reserved tokens
of \`replace\` — may lead the file, as Keras's \`get_vocabulary()\` lists them; elsewhere they are an error,
as is a token listed twice (Keras raises ValueError for both) or a file with more ids than \`max_tokens\`.`,
  },
  E0643: {
    severity: 'error',
    title: 'sample count of a stateful model',
    explanation: `A stateful model fixes its batch size, and every batch must have that many samples: a last batch
with fewer would leave carried states without a sample (Keras fails there too). The training data,
the validation part that \`validation_split\` holds out, and the data given to predict and evaluate
must each be a multiple of the model's batch size. rnnc refuses rather than drop the remainder
silently: cut the data to a multiple (or pad it with whole sequences) yourself.`,
  },
  E0644: {
    severity: 'error',
    title: 'sequences of different lengths under truncated BPTT',
    explanation: `\`truncated_bptt = k\` cuts every input into the same windows of k time steps, and, in a many-to-many
model, every target too, so they must all have the same number of time steps. Give the inputs (and
the per-step targets) of each sample the same length.`,
  },
  E0649: {
    severity: 'error',
    title: 'a text corpus that is not UTF-8 text',
    explanation: `A \`.txt\` data file is a text corpus for a character-level model
(\`data = { file = "book.txt", window = 100 }\`), read as UTF-8, gzipped or not (gzip's magic bytes
decide). A byte that begins no UTF-8 character — Latin-1's "é" is the single byte 0xe9 — or a gzip
file that cannot be unpacked stops the read: the message gives the byte's offset. Convert the file
with \`iconv -f latin1 -t utf-8 book.txt > book-utf8.txt\`, or unpack or download it again.`,
  },
  E0650: {
    severity: 'error',
    title: 'the model cannot take the text corpus\'s characters',
    explanation: `A text corpus gives each different character an id: 0 is the padding "", 1 "[UNK]" (a character
a saved model never saw), then the characters, most frequent first, as
TextVectorization(split="character", standardize=None) numbers them. A text with 75 different
characters gives 77 ids, so the Embedding that reads them needs \`input_dim\` ≥ 77 and the softmax
that predicts the next one at least 77 units:

    Embedding(77, 32, input=(None,))
    LSTM(256, return_sequences=true)
    Dense(77, activation=softmax)

The message counts the characters of the file; make both layers that wide.`,
  },
  E0645: {
    severity: 'error',
    atRunTime: true,
    title: 'labels given to a decoder that makes its own',
    explanation: `A model whose decode block feeds a text input (\`feed = tgt\` with \`start = "[start]"\`) learns the
target shifted by one step: rnnc wraps each target's token ids in the start and end tokens, feeds the
decoder all but the last and takes all but the first as the labels. Labels in the data (a \`y\` file, or
--y) would say something else, so they are refused: give only the texts, for example one JSON line
per pair keyed by the inputs' names, \`{"en": "forty two", "fr": "quarante deux"}\`.`,
  },
  E0626: {
    severity: 'error',
    title: 'not a readable .npz archive',
    explanation: `An .npz file is NumPy's zip archive of .npy arrays, one entry \`KEY.npy\` per array, as
\`numpy.savez("d.npz", src=src, tgt=tgt)\` (stored) or \`numpy.savez_compressed\` (deflated) writes it. The
file is not a zip archive, is cut short, or holds an entry that is not a .npy array.`,
  },
  E0627: {
    severity: 'error',
    title: 'no array for a model input or output',
    explanation: `A model with several inputs or outputs takes one array for each, found by name: a record of files
(\`x = { src = "src.npy", tgt = "tgt.npy" }\`, \`--x src=src.npy,tgt=tgt.npy\`) or the entries of an .npz
archive (\`numpy.savez("d.npz", src=src, tgt=tgt, time_distributed=y)\`). Inputs are named by their
binding in the model (\`src = Input(…)\`), outputs by the layer that makes them (Keras's
\`model.output_names\`: \`time_distributed\`). One array was not given; the message names it and the
hint lists what the model takes. A model with one input also takes the entry \`x\`, with one output \`y\`.`,
  },
  E0628: {
    severity: 'error',
    title: 'an array for no input or output of the model',
    explanation: `A record of files or an .npz archive names an array that is no input or output of the model:
usually a typo, or data made for another model. The hint lists the names the model has; rename the
key (\`numpy.savez(…, src=…)\`) or the model's input.`,
  },

  // ---- E07xx command-line usage ------------------------------------------------------------------
  E0701: {
    severity: 'error',
    title: 'cannot read file',
    explanation: `The file named on the command line does not exist or cannot be read.`,
  },
  E0702: {
    severity: 'error',
    title: 'no such model',
    explanation: `\`--model NAME\` names a model the file does not define, or the file defines several models and
the command needs to be told which.`,
  },
  E0703: {
    severity: 'error',
    title: 'bad command-line usage',
    explanation: `The command line names an unknown command or option, misses a required argument, or gives an
option a value it cannot take (\`--epochs ten\`). \`rnnc --help\` and \`rnnc COMMAND --help\` list what each
command takes.`,
  },
  E0705: {
    severity: 'error',
    title: 'cannot write file',
    explanation: `A file the command was asked to write — predictions (\`-o\`), an epoch log (\`--log\`), a plot
(\`--plot\`), a formatted source — cannot be written: its folder does not exist, it names a folder, or
it is not writable. Nothing was written. Create the folder or choose another path.`,
  },
  E0704: {
    severity: 'error',
    title: 'unknown diagnostic code',
    explanation: `\`rnnc explain\` was given a code that is not in the catalogue. Codes look like \`E0301\` or \`W0402\`;
\`rnnc explain --list\` lists them all.`,
  },

  E0716: {
    severity: 'error',
    atRunTime: true,
    title: 'text given to a model without a vocabulary',
    explanation: `\`rnnc generate --text\` (and a text file as \`--source\`; \`texts\` in \`RnnModel.generate\`) turns each
source text into ids through the model's own vocabulary: the TextVectorization that reads its source
input, adapted when it was trained and saved in model.json. A model whose source input reads token
ids has no such vocabulary: give it ids (\`--source ids.npy\`), or give the model a text input,
\`Input(shape=(1,), dtype=string)\` read by a TextVectorization.`,
  },
  E0717: {
    severity: 'error',
    atRunTime: true,
    title: 'a source text that cannot be read',
    explanation: `A source text for \`rnnc generate\` is one sentence: \`--text "forty two"\`, a line of a \`.txt\` file, or
a JSON Lines record holding it under the source input's name (\`{"en": "forty two"}\`, or \`"x"\`). An
empty text (nothing left once standardized and split), a record without that field or with a
non-string there, and \`--text\` together with \`--source\` are refused, at the line where the file has one.
Words the vocabulary has never seen are not an error: they become [UNK], as TextVectorization does.`,
  },
  E0713: {
    severity: 'error',
    title: 'bad generation option',
    explanation: `An option of \`rnnc generate\` (or of \`RnnModel.generate\`) has a value it cannot take:

- \`--temperature\` is a number > 0 (1 samples from the model's probabilities; lower is greedier);
- \`--top-k\` is an integer ≥ 1 (sample among the k likeliest tokens);
- \`--beam\` is an integer ≥ 1 (the beam width; 1 is greedy);
- \`--max-length\` is an integer ≥ 1; \`--seed\` an integer;
- \`--beam\` chooses the likeliest sequences and does not sample, so it does not combine with
  \`--temperature\` or \`--top-k\`.`,
  },
  E0714: {
    severity: 'error',
    title: 'model has no decode block',
    explanation: `\`rnnc generate\` decodes as the model's \`decode\` block says: which input is fed back, the start and
end tokens, the longest output. Add one after the model and train again (the block is read from the
saved model's source):

    decode translate { feed = tgt  start = 1  end = 2  max_length = 20 }`,
  },
  E0715: {
    severity: 'error',
    title: 'bad prompt or source ids',
    explanation: `The tokens to generate from must be ids of the model's vocabulary (0 to V−1):
\`--prompt 5,3,9\` for a language model, or \`--source ids.npy\` with one source per row for a model with
an encoder. A language model whose decode block has no \`start\` needs a prompt; a model with an
encoder needs \`--source\` and takes no prompt.`,
  },
  E0722: {
    severity: 'error',
    title: '--vocab disagrees with the model\'s own characters',
    explanation: `A model trained on a text corpus (\`data = { file = "book.txt", window = 100 }\`) keeps the characters
its ids stand for in model.json (\`"rnnc"\` → \`"text_vocabulary"\`), and \`rnnc generate\` reads the prompt
and writes the text with them. A \`--vocab\` file that numbers the characters otherwise would turn
the prompt into other ids and the output into other text, so it is refused, naming the first id
where the two differ. Leave out \`--vocab\`; the model's own characters are used.`,
  },
  E0710: {
    severity: 'error',
    title: 'batch size flag against a stateful model',
    explanation: `\`--batch-size\` (or a library caller's batchSize) asks for batches of another size than the one a
stateful model fixes with \`Input(shape=…, batch_size=N)\`. Its carried states have N rows, so every
batch must have N samples. Leave the flag out — train, predict and evaluate use the model's batch
size — or give the model's.`,
  },
  E0706: {
    severity: 'error',
    title: 'validation data for a program built without validation',
    explanation: `A program \`rnnc build\` writes carries only the code its train block uses. Its training loop
evaluates held-out data only when the block asks for it (\`validation_data = { … }\` or
\`validation_split\`). Given \`--validation-x\` or \`--validation-data\` without that, it refuses rather than
train without the validation the flags ask for: add \`validation_data\` to the train block and run
\`rnnc build\` again, or run \`rnnc train\` with the flags.`,
  },
  E0707: {
    severity: 'error',
    title: 'several outputs for one .npy file',
    explanation: `\`rnnc predict -o FILE\` writes one .npy array for a model with one output. A model with several
outputs gives one array each: write them to an .npz archive (\`-o predictions.npz\`), NumPy's zip of
.npy arrays, where \`numpy.load("predictions.npz")["time_distributed"]\` reads the output of that name
(Keras's \`model.output_names\`).`,
  },
  E0723: {
    severity: 'error',
    title: 'more workers than samples in a batch',
    explanation: `\`workers = N\` (or \`--workers N\`) splits every batch into N shares, one per worker thread, so
each needs at least one sample: N may not exceed \`batch_size\`. On a machine with two cores,
\`workers = 2\` is the setting that pays; more workers than cores share them and run slower.`,
  },
  E0724: {
    severity: 'error',
    title: 'a training run that cannot be split across workers',
    explanation: `With \`workers = 2\`, each worker computes the gradient of its share of the batch and the two are
summed, weighted by their samples. That is the whole batch's gradient only when the loss is a mean
of per-sample terms that do not depend on the other samples, so these are refused rather than
trained with other numbers: a masked output or \`ignore_class\` (the loss is a mean over the valid
steps of the whole batch), BatchNormalization (the whole batch's statistics), an
\`activity_regularizer\` (Keras sums it over the batch), a stateful layer or \`truncated_bptt\` (states
run through the batch in one network). Train with \`workers = 1\` (the default), or remove what the
message names.`,
  },
  E0725: {
    severity: 'error',
    title: 'workers for a program that runs on one thread',
    explanation: `The programs \`rnnc build\` writes train on one thread: they carry no worker code. \`rnnc build\`
refuses a train block with \`workers\` above 1, and a written program refuses \`--workers\` above 1.
Train with \`rnnc train\` (which runs the workers), or build from a block with \`workers = 1\`. The
PyTorch target refuses the setting too (E0904): run its program under \`torchrun --nproc_per_node 2\`,
which splits each batch across processes.`,
  },

  // ---- E08xx saved models ------------------------------------------------------------------------
  E0801: {
    severity: 'error',
    title: 'cannot read the saved model',
    explanation: `A saved model is a directory holding \`model.json\` (the layers and a list of the weights) and
\`weights.bin\` (their values), as \`rnnc train --out DIR\` writes it and TensorFlow.js's
\`tf.loadLayersModel\` reads it. One of the two files is missing or cannot be read. Check the path given
to \`--model\`; if a save was interrupted, the previous model is kept whole beside the directory in a
sibling named \`DIR.rnnc-previous-…\`: rename it back to DIR.`,
  },
  E0802: {
    severity: 'error',
    title: 'model.json is not a saved model',
    explanation: `\`model.json\` is not valid JSON, or not a TensorFlow.js Layers model: it needs
\`"format": "layers-model"\`, a \`modelTopology\` and a \`weightsManifest\` listing each weight's name,
shape and dtype, with weight files named inside the same directory. The file was probably
edited by hand, cut short, or written by another tool. Save the model again with \`rnnc train\`.`,
  },
  E0803: {
    severity: 'error',
    title: 'the weights file is damaged',
    explanation: `\`weights.bin\` does not hold what \`model.json\` says it holds: it is shorter or longer than the
weights listed in the manifest (a copy that was cut short), or its checksum differs from the one
rnnc recorded when it saved it (the bytes changed since). The weights cannot be trusted. Copy the
model again from where it was trained, or train it again.`,
  },
  E0804: {
    severity: 'error',
    title: 'the saved model has other layers',
    explanation: `The saved model was trained from a different model than the one in the .rnn file: its layers
differ in number, order, type or name, or its inputs or connections differ. Weights only make
sense for the model they were trained with. Load the model with the .rnn file it was trained
from (rnnc keeps that source in model.json, under \`rnnc.source\`), or train the new model.`,
  },
  E0805: {
    severity: 'error',
    title: 'the saved weights do not fit the model',
    explanation: `The weights listed in \`model.json\` are not the weights the model in the .rnn file has: one is
missing, one is extra, or one has another shape (for example after changing \`units\` or the
number of input features). Load the model with the .rnn file it was trained from, or train again.`,
  },
  E0806: {
    severity: 'error',
    title: 'a saved layer computes something else',
    explanation: `A layer of the saved model has the same name and weights as in the .rnn file, but an argument
that changes what it computes is different (an activation, \`return_sequences\`, \`go_backwards\`,
\`merge_mode\`, \`mask_zero\`, …), so the trained weights would give other answers. Arguments that
only affect training — dropout, initializers, regularizers, constraints, seeds, \`trainable\` — may
change between training and loading. Restore the argument, or train again.`,
  },
  E0807: {
    severity: 'error',
    title: 'cannot save the model',
    explanation: `rnnc could not write the saved model. It writes \`model.json\` and \`weights.bin\` into a new
sibling directory and then renames it into place, so a failed or interrupted save leaves any
previous model whole. The directory must be new, empty, or a saved model (rnnc will not replace a
directory that holds other files), and its parent must be writable with space to spare.`,
  },

  // ---- E082x rnnc import: models from Keras and TensorFlow.js -------------------------------------
  E0820: {
    severity: 'error',
    title: 'cannot read the model to import',
    explanation: `\`rnnc import FILE -o model.rnn\` reads a TensorFlow.js Layers \`model.json\` (with the weight files
its manifest names beside it), a Keras 3 \`.keras\` archive, or a legacy Keras \`.h5\` file. The file, or
a weight file the manifest names, does not exist or cannot be read. Check the path.`,
  },
  E0821: {
    severity: 'error',
    title: 'the file is not a whole Keras or TensorFlow.js model',
    explanation: `The file to import is damaged or is something else: a \`.keras\` file that is no zip archive or
lacks \`config.json\` or \`model.weights.h5\`, an HDF5 file that cannot be read or has no \`model_config\`
(weights saved alone with \`save_weights\`), a \`model.json\` that is not valid JSON or has no
\`modelTopology\` and \`weightsManifest\` (a graph model from the TensorFlow converter has no Keras
layers), or weight files shorter or longer than the manifest says. Save the model again from the
framework, or copy it again whole. Nothing is written.`,
  },
  E0822: {
    severity: 'error',
    title: 'a layer rnnc does not have',
    explanation: `The model uses a layer class that rnnc's language has no layer for (a Conv2D, an Attention layer,
a custom layer). rnnc imports the layers of its registry (\`docs/language.md\`, "Layers"): SimpleRNN,
LSTM, GRU, Bidirectional, TimeDistributed, Dense, Activation, Embedding, Masking, Dropout,
RepeatVector, Flatten, Reshape, Conv1D, the 1-D poolings, the merge layers, LayerNormalization,
BatchNormalization and Normalization. Write the model by hand, or change it in the source
framework. Nothing is written.`,
  },
  E0823: {
    severity: 'error',
    title: 'a layer argument rnnc cannot express',
    explanation: `A layer of the imported model has an argument — or a value, or a call argument — that rnnc has no
way to write, or would compute differently with, so importing it would give a model with other
numbers. rnnc refuses it rather than drop it. Common cases: \`hard_sigmoid\` in a TensorFlow.js or
Keras 2 model (there it is clip(0.2·x + 0.5, 0, 1), Keras 3 and rnnc compute relu6(x + 3) / 6;
tfjs-layers' LSTM and GRU use it by default, so build them with \`recurrentActivation: 'sigmoid'\`),
a custom activation or initializer, a dtype other than float32, or an argument of a newer Keras
version. The message names the layer and the argument. Arguments that cannot change the numbers
(Keras 2's \`implementation\`, \`input_length\`, an unset \`lora_rank\`) are skipped.`,
  },
  E0824: {
    severity: 'error',
    title: 'the imported weights do not fit the layer',
    explanation: `A layer's weights in the file are not the weights its config makes: another number of them, or a
weight of another shape (for example a GRU saved with \`reset_after=false\` whose config says
\`true\`), or weights that are not float32 (quantized, integer). The weights do not belong to
this model; save it again from the framework. Nothing is written.`,
  },
  E0825: {
    severity: 'error',
    title: 'a model structure rnnc cannot express',
    explanation: `The model is connected in a way a .rnn model cannot say: a layer applied more than once (a shared
layer), a model nested inside another as a layer, or a file holding something other than a
Sequential or functional model (a subclassed model). Flatten or unshare it in the source framework,
or write the .rnn model by hand. Nothing is written.`,
  },
  E0826: {
    severity: 'error',
    title: 'the imported model does not check',
    explanation: `rnnc wrote the model as .rnn text, and rnnc's checker found an error in it (a shape that does not
fit, an argument combination rnnc refuses). The message gives the checker's own diagnostic and the
hint the text rnnc wrote; \`rnnc explain\` that code for its meaning. The source framework may
accept what rnnc does not (rnnc's rules are listed in docs/language.md). Nothing is written.`,
  },
  E0827: {
    severity: 'error',
    title: 'cannot write the imported model',
    explanation: `\`rnnc import\` writes two things: the .rnn file (\`-o\`) and, beside it, the weights directory
(\`--weights\`, by default the .rnn file's name without \`.rnn\`) in rnnc's saved format
(model.json and weights.bin) that \`rnnc predict --model\`, \`evaluate\` and \`train --init\` read. The
.rnn file must not already exist unless \`--force\` is given, and the weights directory must be
new, empty, or a saved model. Both are written only when the import succeeded, the directory
atomically.`,
  },
  E0830: {
    severity: 'error',
    title: 'a TextVectorization option rnnc does not compute',
    explanation: `\`rnnc import\` brings a Keras TextVectorization in with its vocabulary, so the imported model
reads raw text as Keras's does: standardize, split, n-grams (1 to n), one id per token. An option
that makes something else is named rather than imported as another layer: an \`output_mode\` other
than "int" (multi_hot, one_hot, count, tf_idf), TF-IDF \`idf_weights\`, \`pad_to_max_tokens=True\`,
a Python function as \`standardize\` or \`split\`, an \`ngrams\` tuple other than (1, …, n), or an
\`encoding\` other than UTF-8. Rebuild the layer in Keras without it, or write the model by hand.
Nothing is written.`,
  },
  E0831: {
    severity: 'error',
    title: 'no vocabulary for an imported TextVectorization',
    explanation: `A Keras 3 \`.keras\` archive keeps an adapted TextVectorization's vocabulary as an asset,
\`assets/layers/<layer path>/vocabulary.txt\` (one token per line, "" and "[UNK]" first), and a
vocabulary given to the layer's constructor in its config; rnnc imports either into the saved
model (\`rnnc.vocabularies\` in model.json). A file with neither — a layer never adapted, a legacy
\`.h5\` file (which keeps no assets) — or an asset that is not that list cannot be imported: adapt
the layer before \`model.save("model.keras")\`, or give it \`vocabulary=\`. Nothing is written.`,
  },
  E0813: {
    severity: 'error',
    atRunTime: true,
    title: 'a saved model without its vocabulary',
    explanation: `A model with a \`TextVectorization\` is saved with the vocabulary it was adapted to, in model.json under
\`rnnc.vocabularies\` (one list per layer, "" and "[UNK]" first). A model.json without it — written by
another tool, or edited — cannot turn text into the ids the weights were trained on. Save the model
again with rnnc train.`,
  },
  // ---- E09xx the emitters (rnnc build, rnnc build --target pytorch) ------------------------------
  E0901: {
    severity: 'error',
    title: 'a name or string cannot go into the emitted program',
    explanation: `\`rnnc build\` copies the model's names and strings — layer names given with \`name=\`, data
paths, callback arguments, the file paths on its command line — into the TypeScript program it
writes, always as escaped string literals. A control character (a line break, a tab, an escape) or a
character that reorders how text is displayed (the bidirectional overrides U+202A–U+202E and
U+2066–U+2069, U+200E, U+200F, U+061C) has no business in them: in source code such characters can
make text read differently from what it does. Remove the character from the string.`,
  },
  E0902: {
    severity: 'error',
    title: 'the output file is not an earlier program of rnnc build',
    explanation: `\`rnnc build\` replaces a program it wrote before, but never another file: the path it would write
(\`-o\`, or MODEL.ts beside the .rnn file when no \`-o\` is given) holds a file whose first line is not
the opening comment of an emitted program, perhaps a script of your own with the model's name.
Give another path with \`-o\`, or move the file away first.`,
  },
  E0903: {
    severity: 'error',
    title: 'the PyTorch target cannot emit this layer',
    explanation: `\`rnnc build --target pytorch\` writes a Python program whose every layer computes what Keras 3 computes.
A layer it cannot yet write that way — a layer type it does not emit, or an argument of the layer it
does not reproduce (a regularizer, a constraint, \`stateful=true\`, TimeDistributed around anything but
Dense, …) — is refused, with the layer named, rather than emitted with other numbers. The layers it
emits are Dense, Embedding (with mask_zero), Masking, Dropout, RepeatVector, Normalization, SimpleRNN,
LSTM, GRU (both reset_after forms), Bidirectional (every merge_mode) and TimeDistributed(Dense). A
Normalization not given its mean and variance must read a model input, whose training data it is
adapted to, as \`rnnc train\` requires (E0518). Remove the argument,
change the layer, or build the TypeScript program (\`rnnc build\` without \`--target\`), which runs every
layer rnnc knows.`,
  },
  E0904: {
    severity: 'error',
    title: 'the PyTorch target cannot emit this train setting',
    explanation: `\`rnnc build --target pytorch\` reproduces the train block's loss, optimizer, metrics and callbacks with
Keras 3's formulas and defaults. One the program cannot yet reproduce exactly is refused rather than
replaced by PyTorch's nearest equivalent (whose defaults differ: Adam's epsilon is 1e-8 in PyTorch and
1e-7 in Keras, and it adds epsilon after the bias correction). It emits the losses mean_squared_error,
mean_absolute_error, binary_crossentropy, categorical_crossentropy and
sparse_categorical_crossentropy; the optimizers SGD, Adam, AdamW and RMSprop with clipnorm, clipvalue,
global_clipnorm and weight_decay; the metrics accuracy, mae, mse and the crossentropies; and the
callbacks EarlyStopping, ModelCheckpoint, ReduceLROnPlateau and TerminateOnNaN. Change the
setting, or build the TypeScript program (\`rnnc build\` without \`--target\`).`,
  },
  E0906: {
    severity: 'error',
    title: 'rnnc export cannot write this layer to ONNX',
    explanation: `\`rnnc export --onnx\` writes an ONNX graph whose every layer computes what \`rnnc predict\` computes.
A layer it cannot write that way — a layer type it does not export, an argument it does not reproduce
(\`stateful=true\`, a separate \`backward_layer\`, an activation ONNX's LSTM, GRU and RNN operators do not
take — they take tanh, sigmoid, relu, hard_sigmoid, linear, softsign, softplus, elu and leaky_relu —,
TimeDistributed around anything but Dense, Activation or Dropout, Concatenate of masked inputs along
another axis than the last) — is refused, with the layer named, and nothing is written. Every other
layer rnnc knows is exported: the recurrent layers as ONNX's LSTM, GRU and RNN operators (GRU in both
reset_after forms, Bidirectional in every merge_mode, masks as sequence_lens), the rest as plain
operators (BatchNormalization with its moving statistics). \`rnnc build --onnx\`, whose program writes the
same file after training, refuses such a model before it writes the program. Change the layer, or run
the model with \`rnnc predict\`.`,
  },

} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function codeInfo(code: string): CodeInfo | undefined {
  // Own keys only: `code` may be anything a user typed, and `constructor` is in every object.
  return Object.hasOwn(CODES, code) ? (CODES as Record<string, CodeInfo>)[code] : undefined;
}
