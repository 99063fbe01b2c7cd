#!/usr/bin/env python3
"""Keras 3 model files laid out exactly as Keras 3 writes them, and their expected outputs.

Keras itself is not installed here, so this script writes the files with h5py (Debian's
python3-h5py) following keras/src/saving/saving_lib.py:
  - a .keras file is a zip (ZIP_STORED) of metadata.json, config.json (serialize_keras_object of
    the model) and model.weights.h5 (H5IOStore): the model's own `vars` group at the root, then
    `layers/<snake_case class name>[_<n>]/vars/<i>` per layer of model.layers, a recurrent layer's
    variables under its `cell`, a Bidirectional's under `forward_layer` and `backward_layer`, a
    TimeDistributed's under `layer` (_save_state, _save_container_state, H5Entry);
  - a legacy .h5 file (legacy_h5_format.save_model_to_hdf5) holds `model_config`, `keras_version`
    and `backend` as root attributes and the weights under `model_weights/<layer>/`, listed by the
    `layer_names` and `weight_names` attributes.
The expected outputs are computed here with numpy from Keras 3's formulas (lstm.py, gru.py with
reset_after=True, simple_rnn.py, the backend's rnn() masking: a masked step keeps the states and
repeats the previous output), independently of rnnc.

usage: make-keras-files.py OUT_DIR   (writes *.keras, *.h5, and expected.json)
"""

import io
import json
import os
import sys
import zipfile

import h5py
import numpy as np

OUT = sys.argv[1]
POLICY = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}


def init(cls, **config):
    return {"module": "keras.initializers", "class_name": cls, "config": config, "registered_name": None}


def layer(cls, name, build_shape=None, **config):
    entry = {"module": "keras.layers", "class_name": cls,
             "config": {"name": name, "trainable": True, "dtype": POLICY, **config}, "registered_name": None}
    if build_shape is not None:
        entry["build_config"] = {"input_shape": build_shape}
    return entry


def rnn_config(units, **extra):
    config = {
        "return_sequences": False, "return_state": False, "go_backwards": False, "stateful": False,
        "unroll": False, "zero_output_for_mask": False, "units": units, "activation": "tanh",
        "use_bias": True, "kernel_initializer": init("GlorotUniform", seed=None),
        "recurrent_initializer": init("OrthogonalInitializer", gain=1.0, seed=None),
        "bias_initializer": init("Zeros"), "kernel_regularizer": None, "recurrent_regularizer": None,
        "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
        "recurrent_constraint": None, "bias_constraint": None, "dropout": 0.0, "recurrent_dropout": 0.0,
        "seed": None,
    }
    config.update(extra)
    return config


def lstm_config(units, **extra):
    return rnn_config(units, recurrent_activation="sigmoid", unit_forget_bias=True, **extra)


def gru_config(units, **extra):
    return rnn_config(units, recurrent_activation="sigmoid", reset_after=True, **extra)


def dense_config(units, activation="linear"):
    return {"units": units, "activation": activation, "use_bias": True,
            "kernel_initializer": init("GlorotUniform", seed=None), "bias_initializer": init("Zeros"),
            "kernel_regularizer": None, "bias_regularizer": None, "kernel_constraint": None, "bias_constraint": None}


def values(shape, k):
    n = int(np.prod(shape))
    return (0.5 * np.sin(np.arange(n) * 0.37 + k)).astype(np.float32).reshape(shape)


def keras_tensor(history, shape, dtype="float32"):
    return {"class_name": "__keras_tensor__", "config": {"shape": shape, "dtype": dtype, "keras_history": history}}


def node(*args, **kwargs):
    return {"args": list(args), "kwargs": {"training": False, "mask": None, **kwargs}}


def write_keras(path, config, variables, assets=None):
    """variables: {h5 group path: [arrays]}, every group of the walk (empty ones included);
    assets: {path under assets/: text} (DiskIOStore("assets", archive=zf) in saving_lib.py)."""
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        f.create_group("vars")
        for group, arrays in variables.items():
            g = f.create_group(group).create_group("vars")
            for i, a in enumerate(arrays):
                g[str(i)] = a
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("metadata.json", json.dumps({"keras_version": "3.5.0", "date_saved": "2024-09-01@12:00:00"}))
        zf.writestr("config.json", json.dumps(config))
        zf.writestr("model.weights.h5", buffer.getvalue())
        for name, text in (assets or {}).items():
            zf.writestr("assets/" + name, text)


# ---- numpy: Keras 3's formulas ---------------------------------------------------------------------

def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def run(step, x, states, mask=None, go_backwards=False):
    """keras/src/backend/tensorflow/rnn.py semantics: a masked step keeps states, repeats output."""
    steps = range(x.shape[1])
    steps = reversed(steps) if go_backwards else steps
    outputs, prev = [], np.zeros((x.shape[0], states[0].shape[1]), np.float32)
    for t in steps:
        out, new = step(x[:, t], states)
        if mask is not None:
            m = mask[:, t][:, None]
            new = [np.where(m, n, s) for n, s in zip(new, states)]
            out = np.where(m, out, prev)
        states, prev = new, out
        outputs.append(out)
    return np.stack(outputs, 1), prev, states


def lstm_step(w, units):
    kernel, recurrent, bias = w

    def step(x, states):
        h, c = states
        z = x @ kernel + h @ recurrent + bias
        i, f, cc, o = (z[:, k * units:(k + 1) * units] for k in range(4))
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(cc)
        h = sigmoid(o) * np.tanh(c)
        return h, [h, c]
    return step


def gru_step(w, units):
    kernel, recurrent, bias = w  # bias (2, 3u): input bias, recurrent bias (reset_after=True)

    def step(x, states):
        (h,) = states
        mx = x @ kernel + bias[0]
        mh = h @ recurrent + bias[1]
        z = sigmoid(mx[:, :units] + mh[:, :units])
        r = sigmoid(mx[:, units:2 * units] + mh[:, units:2 * units])
        hh = np.tanh(mx[:, 2 * units:] + r * mh[:, 2 * units:])
        h = z * h + (1 - z) * hh
        return h, [h]
    return step


def simple_step(w, activation=np.tanh):
    kernel, recurrent, bias = w

    def step(x, states):
        h = activation(x @ kernel + states[0] @ recurrent + bias)
        return h, [h]
    return step


expected = {}

# ---- 1. Sequential: Embedding(mask_zero) → Bidirectional(LSTM) → GRU → Dense ---------------------
ids = np.array([[3, 1, 4, 1, 5, 0], [9, 2, 6, 0, 0, 0], [5, 3, 5, 8, 9, 7], [2, 0, 0, 0, 0, 0]], np.int32)
emb = values((10, 4), 1)
fl = [values((4, 12), 2), values((3, 12), 3), values((12,), 4)]
bl = [values((4, 12), 5), values((3, 12), 6), values((12,), 7)]
gw = [values((6, 15), 8), values((5, 15), 9), values((2, 15), 10)]
dw = [values((5, 2), 11), values((2,), 12)]
seq_config = {
    "module": "keras", "class_name": "Sequential",
    "config": {"name": "sentiment", "trainable": True, "dtype": POLICY, "layers": [
        {"module": "keras.layers", "class_name": "InputLayer",
         "config": {"batch_shape": [None, 6], "dtype": "int32", "sparse": False, "name": "input_layer"}, "registered_name": None},
        layer("Embedding", "embedding", [None, 6], input_dim=10, output_dim=4,
              embeddings_initializer=init("RandomUniform", seed=None, minval=-0.05, maxval=0.05),
              embeddings_regularizer=None, activity_regularizer=None, embeddings_constraint=None, mask_zero=True),
        layer("Bidirectional", "bidirectional", [None, 6, 4], merge_mode="concat",
              layer={"module": "keras.layers", "class_name": "LSTM", "config": {"name": "forward_lstm", "trainable": True, "dtype": POLICY, **lstm_config(3, return_sequences=True)}, "registered_name": None},
              backward_layer={"module": "keras.layers", "class_name": "LSTM", "config": {"name": "backward_lstm", "trainable": True, "dtype": POLICY, **lstm_config(3, return_sequences=True, go_backwards=True)}, "registered_name": None}),
        layer("GRU", "gru", [None, 6, 6], **gru_config(5)),
        layer("Dense", "dense", [None, 5], **dense_config(2, "tanh")),
    ], "build_input_shape": [None, 6]},
    "registered_name": None, "build_config": {"input_shape": [None, 6]}, "compile_config": None,
}
write_keras(os.path.join(OUT, "sentiment.keras"), seq_config, {
    "layers/embedding": [emb],
    "layers/bidirectional": [], "layers/bidirectional/forward_layer": [], "layers/bidirectional/forward_layer/cell": fl,
    "layers/bidirectional/backward_layer": [], "layers/bidirectional/backward_layer/cell": bl,
    "layers/gru": [], "layers/gru/cell": gw,
    "layers/dense": dw,
})
x = emb[ids]
mask = ids != 0
zeros = lambda n: np.zeros((ids.shape[0], n), np.float32)
fseq, _, _ = run(lstm_step(fl, 3), x, [zeros(3), zeros(3)], mask)
bseq, _, _ = run(lstm_step(bl, 3), x, [zeros(3), zeros(3)], mask, go_backwards=True)
both = np.concatenate([fseq, bseq[:, ::-1]], -1)
_, g, _ = run(gru_step(gw, 5), both, [zeros(5)], mask)
expected["sentiment"] = {"x": ids.flatten().tolist(), "shape": list(ids.shape), "dtype": "int32",
                         "y": [np.tanh(g @ dw[0] + dw[1]).flatten().tolist()],
                         "params": int(sum(a.size for a in [emb, *fl, *bl, *gw, *dw]))}

# ---- 2. functional: LSTM(return_state) → GRU(initial_state=h) ; TimeDistributed(Dense) ; SimpleRNN ----
xs = values((2, 5, 3), 20)
l1 = [values((3, 16), 21), values((4, 16), 22), values((16,), 23)]
g1 = [values((4, 12), 24), values((4, 12), 25), values((2, 12), 26)]
td = [values((4, 2), 27), values((2,), 28)]
s1 = [values((4, 3), 29), values((3, 3), 30), values((3,), 31)]
inp = keras_tensor(["series", 0, 0], [None, 5, 3])
func_config = {
    "module": "keras", "class_name": "Functional",
    "config": {"name": "encoder", "trainable": True, "layers": [
        {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 5, 3], "dtype": "float32", "sparse": False, "name": "series"},
         "registered_name": None, "name": "series", "inbound_nodes": []},
        {**layer("LSTM", "lstm", [None, 5, 3], **lstm_config(4, return_sequences=True, return_state=True)), "name": "lstm",
         "inbound_nodes": [node(inp)]},
        {**layer("GRU", "gru", [None, 5, 4], **gru_config(4, return_sequences=True)), "name": "gru",
         "inbound_nodes": [node(keras_tensor(["lstm", 0, 0], [None, 5, 4]), initial_state=[keras_tensor(["lstm", 0, 1], [None, 4])])]},
        {**layer("TimeDistributed", "steps", [None, 5, 4],
                 layer={"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": True, "dtype": POLICY, **dense_config(2)}, "registered_name": None, "build_config": {"input_shape": [None, 4]}}),
         "name": "steps", "inbound_nodes": [node(keras_tensor(["gru", 0, 0], [None, 5, 4]))]},
        {**layer("SimpleRNN", "simple_rnn", [None, 5, 4], **rnn_config(3, activation="relu")), "name": "simple_rnn",
         "inbound_nodes": [node(keras_tensor(["gru", 0, 0], [None, 5, 4]))]},
    ], "input_layers": [["series", 0, 0]], "output_layers": [["steps", 0, 0], ["simple_rnn", 0, 0]]},
    "registered_name": "Functional", "build_config": {"input_shape": None}, "compile_config": None,
}
write_keras(os.path.join(OUT, "encoder.keras"), func_config, {
    "layers/input_layer": [],
    "layers/lstm": [], "layers/lstm/cell": l1,
    "layers/gru": [], "layers/gru/cell": g1,
    "layers/time_distributed": [], "layers/time_distributed/layer": td,
    "layers/simple_rnn": [], "layers/simple_rnn/cell": s1,
})
z2 = np.zeros((2, 4), np.float32)
lseq, _, (h, c) = run(lstm_step(l1, 4), xs, [z2, z2])
gseq, _, _ = run(gru_step(g1, 4), lseq, [h])
_, srnn, _ = run(simple_step(s1, lambda v: np.maximum(v, 0)), gseq, [np.zeros((2, 3), np.float32)])
expected["encoder"] = {"x": xs.flatten().tolist(), "shape": [2, 5, 3], "dtype": "float32",
                       "y": [(gseq @ td[0] + td[1]).flatten().tolist(), srnn.flatten().tolist()],
                       "params": int(sum(a.size for a in [*l1, *g1, *td, *s1]))}

# ---- 2b. functional with a mask: Keras 3's Layer.__call__ passes the embedding's mask as mask= ------
# (layer.py, "Populate mask argument(s)"); the mask is computed by an op, not by a layer of the model.
ids2 = np.array([[4, 2, 7, 0, 0], [1, 1, 1, 1, 3]], np.int32)
emb2 = values((8, 3), 50)
l3 = [values((3, 8), 51), values((2, 8), 52), values((8,), 53)]
d3 = [values((2, 1), 54), values((1,), 55)]
ids_t = keras_tensor(["tokens", 0, 0], [None, 5], "int32")
emb_t = keras_tensor(["embedding", 0, 0], [None, 5, 3])
mask_t = keras_tensor(["not_equal", 0, 0], [None, 5], "bool")
masked_config = {
    "module": "keras", "class_name": "Functional",
    "config": {"name": "masked", "trainable": True, "layers": [
        {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 5], "dtype": "int32", "sparse": False, "name": "tokens"},
         "registered_name": None, "name": "tokens", "inbound_nodes": []},
        {**layer("Embedding", "embedding", [None, 5], input_dim=8, output_dim=3,
                 embeddings_initializer=init("RandomUniform", seed=None, minval=-0.05, maxval=0.05),
                 embeddings_regularizer=None, activity_regularizer=None, embeddings_constraint=None, mask_zero=True),
         "name": "embedding", "inbound_nodes": [node(ids_t)]},
        {**layer("LSTM", "lstm", [None, 5, 3], **lstm_config(2)), "name": "lstm",
         "inbound_nodes": [{"args": [emb_t], "kwargs": {"training": False, "mask": mask_t}}]},
        {**layer("Dense", "dense", [None, 2], **dense_config(1, "sigmoid")), "name": "dense",
         "inbound_nodes": [node(keras_tensor(["lstm", 0, 0], [None, 2]))]},
    ], "input_layers": [["tokens", 0, 0]], "output_layers": [["dense", 0, 0]]},
    "registered_name": "Functional", "build_config": {"input_shape": None}, "compile_config": None,
}
write_keras(os.path.join(OUT, "masked.keras"), masked_config, {
    "layers/input_layer": [], "layers/embedding": [emb2], "layers/lstm": [], "layers/lstm/cell": l3, "layers/dense": d3,
})
z = np.zeros((2, 2), np.float32)
_, hm, _ = run(lstm_step(l3, 2), emb2[ids2], [z, z], ids2 != 0)
expected["masked"] = {"x": ids2.flatten().tolist(), "shape": [2, 5], "dtype": "int32",
                      "y": [sigmoid(hm @ d3[0] + d3[1]).flatten().tolist()], "params": int(sum(a.size for a in [emb2, *l3, *d3]))}

# ---- 2c. raw text: TextVectorization (adapted: its vocabulary an asset) → Embedding → LSTM → Dense ----
# text_vectorization.py get_config; index_lookup.py save_assets writes get_vocabulary() joined by
# "\n" as vocabulary.txt, at the layer's path under assets/ and again under its `_lookup_layer`.
vocab = ["", "[UNK]", "the", "film", "good", "bad", "plot", "was", "not", "a", "dull"]
texts = ["The film was GOOD!", "a dull, dull plot.", "Not bad; the plot was not dull at all, really", "unseen words only", "film"]
STRIP = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\''


def vectorize(text, vocabulary, length):
    """lower_and_strip_punctuation, whitespace split, lookup (1 out of vocabulary), pad/cut to length."""
    tokens = "".join(c for c in text.lower() if c not in STRIP).split()
    ids = [vocabulary.index(t) if t in vocabulary else 1 for t in tokens][:length]
    return ids + [0] * (length - len(ids))


emb3 = values((11, 4), 60)
l4 = [values((4, 12), 61), values((3, 12), 62), values((12,), 63)]
d4 = [values((3, 1), 64), values((1,), 65)]
tv_config = {"max_tokens": 20, "standardize": "lower_and_strip_punctuation", "split": "whitespace", "ngrams": None,
             "output_mode": "int", "output_sequence_length": 6, "pad_to_max_tokens": False, "sparse": False,
             "ragged": False, "vocabulary": None, "idf_weights": None, "encoding": "utf-8", "vocabulary_size": len(vocab)}
text_config = {
    "module": "keras", "class_name": "Sequential",
    "config": {"name": "reviews", "trainable": True, "dtype": POLICY, "layers": [
        {"module": "keras.layers", "class_name": "InputLayer",
         "config": {"batch_shape": [None, 1], "dtype": "string", "sparse": False, "name": "input_layer"}, "registered_name": None},
        layer("TextVectorization", "text_vectorization", [None, 1], **tv_config),
        layer("Embedding", "embedding", [None, 6], input_dim=11, output_dim=4,
              embeddings_initializer=init("RandomUniform", seed=None, minval=-0.05, maxval=0.05),
              embeddings_regularizer=None, activity_regularizer=None, embeddings_constraint=None, mask_zero=True),
        layer("LSTM", "lstm", [None, 6, 4], **lstm_config(3)),
        layer("Dense", "dense", [None, 3], **dense_config(1, "sigmoid")),
    ], "build_input_shape": [None, 1]},
    "registered_name": None, "build_config": {"input_shape": [None, 1]}, "compile_config": None,
}
text_vars = {"layers/text_vectorization": [], "layers/embedding": [emb3], "layers/lstm": [], "layers/lstm/cell": l4, "layers/dense": d4}
write_keras(os.path.join(OUT, "reviews.keras"), text_config, text_vars, {
    "layers/text_vectorization/vocabulary.txt": "\n".join(vocab),
    "layers/text_vectorization/_lookup_layer/vocabulary.txt": "\n".join(vocab),
})
ids3 = np.array([vectorize(t, vocab, 6) for t in texts], np.int32)
z3 = np.zeros((len(texts), 3), np.float32)
_, h3, _ = run(lstm_step(l4, 3), emb3[ids3], [z3, z3], ids3 != 0)
expected["reviews"] = {"texts": texts, "ids": ids3.flatten().tolist(), "shape": [len(texts), 1], "dtype": "string",
                       "y": [sigmoid(h3 @ d4[0] + d4[1]).flatten().tolist()], "params": int(sum(a.size for a in [emb3, *l4, *d4])),
                       "vocabulary": vocab}
# The same model with the vocabulary given to the constructor: in the config, no asset.
given = json.loads(json.dumps(text_config))
given["config"]["layers"][1]["config"]["vocabulary"] = vocab[2:]
write_keras(os.path.join(OUT, "reviews-given.keras"), given, text_vars)

# ---- 3. a legacy .h5 file from tf.keras 2: LSTM → Dense ---------------------------------------------
l2 = [values((2, 8), 40), values((2, 8), 41), values((8,), 42)]
d2 = [values((2, 1), 43), values((1,), 44)]
legacy_config = {"class_name": "Sequential", "config": {"name": "legacy", "layers": [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 4, 2], "dtype": "float32", "sparse": False, "ragged": False, "name": "lstm_input"}},
    {"class_name": "LSTM", "config": {"name": "lstm", "trainable": True, "dtype": "float32", "time_major": False, "implementation": 2, **lstm_config(2)}},
    {"class_name": "Dense", "config": {"name": "dense", "trainable": True, "dtype": "float32", "activity_regularizer": None, **dense_config(1)}},
]}}
for l in legacy_config["config"]["layers"][1:]:
    for k, v in l["config"].items():
        if isinstance(v, dict) and "module" in v:
            l["config"][k] = {"class_name": v["class_name"], "config": v["config"]}
with h5py.File(os.path.join(OUT, "legacy.h5"), "w") as f:
    f.attrs["keras_version"] = "2.15.0"
    f.attrs["backend"] = "tensorflow"
    f.attrs["model_config"] = json.dumps(legacy_config)
    # saving_utils.model_metadata: compile()'s arguments, the optimizer's get_config() read back from
    # float32 variables (learning_rate=0.01), function metrics wrapped (compile_utils.MetricsContainer).
    f.attrs["training_config"] = json.dumps({
        "loss": "mse",
        "metrics": [[{"class_name": "MeanMetricWrapper", "config": {"name": "mae", "dtype": "float32", "fn": "mean_absolute_error"}}]],
        "weighted_metrics": None, "loss_weights": None,
        "optimizer_config": {"class_name": "Custom>Adam", "config": {
            "name": "Adam", "weight_decay": None, "clipnorm": None, "global_clipnorm": None, "clipvalue": None, "use_ema": False,
            "ema_momentum": 0.99, "ema_overwrite_frequency": None, "jit_compile": True, "is_legacy_optimizer": False,
            "learning_rate": float(np.float32(0.01)), "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": False}},
    })
    mw = f.create_group("model_weights")
    mw.attrs["layer_names"] = [b"lstm", b"dense"]
    for lname, names, arrays in [("lstm", ["lstm/lstm_cell/kernel:0", "lstm/lstm_cell/recurrent_kernel:0", "lstm/lstm_cell/bias:0"], l2),
                                 ("dense", ["dense/kernel:0", "dense/bias:0"], d2)]:
        g = mw.create_group(lname)
        g.attrs["weight_names"] = [n.encode() for n in names]
        for n, a in zip(names, arrays):
            g[n] = a
xl = values((3, 4, 2), 45)
_, hl, _ = run(lstm_step(l2, 2), xl, [np.zeros((3, 2), np.float32)] * 2)
expected["legacy"] = {"x": xl.flatten().tolist(), "shape": [3, 4, 2], "dtype": "float32",
                      "y": [(hl @ d2[0] + d2[1]).flatten().tolist()], "params": int(sum(a.size for a in [*l2, *d2]))}

with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f)
