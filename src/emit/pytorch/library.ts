// The fixed half of every program `rnnc build --target pytorch` writes: Keras 3's layers, cells,
// losses, metrics and optimizers, written for PyTorch with Keras's semantics (gate orders, masking,
// defaults), the data reader, the TensorFlow.js Layers saver and loader, the distributed fit loop
// and the command line. The half written for each model (emit.ts) defines Model, INPUTS, OUTPUTS,
// TRAIN, METRICS, CALLBACKS, MODEL_JSON, RNN_DIR and MODEL_NAME, which this code reads.
//
// It is Python source kept as text (String.raw: no escapes are interpreted), so it has no
// backticks and no dollar-brace sequences.

export const IMPORTS = String.raw`import argparse
import hashlib
import json
import math
import csv
import gzip
import os
import re
import shutil
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel`;

export const LAYERS_PART = String.raw`# ---- Keras's activations (keras/src/activations/activations.py) -----------------------------

def relu6(x):
    return torch.clamp(x, 0.0, 6.0)


ACTIVATIONS = {
    "linear": lambda x: x,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "hard_sigmoid": lambda x: relu6(x + 3.0) / 6.0,  # Keras 3's, not Keras 2's 0.2x + 0.5
    "relu": torch.relu,
    "relu6": relu6,
    "leaky_relu": lambda x: F.leaky_relu(x, 0.2),  # Keras 3's negative_slope
    "elu": F.elu,
    "selu": F.selu,
    "gelu": F.gelu,  # exact (approximate=False)
    "softplus": F.softplus,
    "softsign": F.softsign,
    "silu": F.silu,
    "hard_silu": lambda x: x * relu6(x + 3.0) / 6.0,
    "mish": lambda x: x * torch.tanh(F.softplus(x)),
    "exponential": torch.exp,
    "softmax": lambda x: torch.softmax(x, -1),
    "log_softmax": lambda x: torch.log_softmax(x, -1),
}


def activation(name):
    """An activation by its Keras name; None is linear."""
    return ACTIVATIONS["linear" if name is None else name]


# ---- Keras's initializers (keras/src/initializers), drawn from torch's seeded generator --------
# The same distributions as Keras, not the same numbers: start from rnnc's weights with --init DIR.

def compute_fans(shape):
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = math.prod(shape[:-2])
    return shape[-2] * receptive, shape[-1] * receptive


def variance_scaling(shape, scale, mode, distribution):
    fan_in, fan_out = compute_fans(shape)
    fan = {"fan_in": fan_in, "fan_out": fan_out}.get(mode, (fan_in + fan_out) / 2.0)
    scale = scale / max(1.0, fan)
    if distribution in ("truncated_normal", "normal"):
        stddev = math.sqrt(scale) / 0.87962566103423978  # the stddev of a unit normal cut at +-2
        return nn.init.trunc_normal_(torch.empty(shape), 0.0, stddev, -2.0 * stddev, 2.0 * stddev)
    if distribution == "untruncated_normal":
        return torch.randn(shape) * math.sqrt(scale)
    limit = math.sqrt(3.0 * scale)
    return torch.empty(shape).uniform_(-limit, limit)


def orthogonal(shape, gain):
    rows, cols = math.prod(shape[:-1]), shape[-1]
    q, r = torch.linalg.qr(torch.randn(max(rows, cols), min(rows, cols)))
    q = q * torch.sign(torch.diagonal(r))
    if rows < cols:
        q = q.T
    return gain * q.reshape(shape)


def initial_value(shape, spec):
    """A weight's first value: spec is (Keras initializer name, its arguments)."""
    name, args = spec
    shape = list(shape)
    if name == "zeros":
        return torch.zeros(shape)
    if name == "ones":
        return torch.ones(shape)
    if name == "constant":
        return torch.full(shape, float(args["value"]))
    if name == "random_normal":
        return torch.randn(shape) * args["stddev"] + args["mean"]
    if name == "random_uniform":
        return torch.empty(shape).uniform_(args["minval"], args["maxval"])
    if name == "truncated_normal":
        m, s = args["mean"], args["stddev"]
        return nn.init.trunc_normal_(torch.empty(shape), m, s, m - 2 * s, m + 2 * s)
    if name == "orthogonal":
        return orthogonal(shape, args["gain"])
    if name == "identity":
        return args["gain"] * torch.eye(shape[0], shape[1])
    if name == "unit_forget_bias":
        # lstm.py: the forget gate's quarter of the bias starts at 1 (gates i, f, c, o).
        units = shape[0] // 4
        inner = args["inner"]
        return torch.cat([initial_value([units], inner), torch.ones(units), initial_value([2 * units], inner)])
    scaling = {
        "glorot_uniform": (1.0, "fan_avg", "uniform"),
        "glorot_normal": (1.0, "fan_avg", "truncated_normal"),
        "he_uniform": (2.0, "fan_in", "uniform"),
        "he_normal": (2.0, "fan_in", "truncated_normal"),
        "lecun_uniform": (1.0, "fan_in", "uniform"),
        "lecun_normal": (1.0, "fan_in", "truncated_normal"),
    }
    if name in scaling:
        return variance_scaling(shape, *scaling[name])
    if name == "variance_scaling":
        return variance_scaling(shape, args["scale"], args["mode"], args["distribution"])
    raise ValueError("no initializer " + name)


# ---- Keras's layers ----------------------------------------------------------------------------
# Each layer's forward takes its input and the input's mask (a bool tensor, True at real steps, or
# None) and returns its outputs and their masks, both lists, as Keras's compute_mask would.

class Dense(nn.Module):
    """keras.layers.Dense: activation(x . kernel + bias) on the last axis; the mask passes through.
    Also TimeDistributed(Dense), which is the same computation."""

    def __init__(self, features, units, activation_name, use_bias):
        super().__init__()
        self.kernel = nn.Parameter(torch.empty(features, units))
        self.bias = nn.Parameter(torch.empty(units)) if use_bias else None
        self.activation = activation(activation_name)

    def forward(self, x, mask=None):
        y = torch.matmul(x, self.kernel)
        if self.bias is not None:
            y = y + self.bias
        return [self.activation(y)], [mask]


class Embedding(nn.Module):
    """keras.layers.Embedding: rows of the table; with mask_zero, id 0 is padding (masked)."""

    def __init__(self, input_dim, output_dim, mask_zero):
        super().__init__()
        self.embeddings = nn.Parameter(torch.empty(input_dim, output_dim))
        self.mask_zero = mask_zero

    def forward(self, x, mask=None):
        ids = x.long()
        return [F.embedding(ids, self.embeddings)], [ids != 0 if self.mask_zero else None]


class Masking(nn.Module):
    """keras.layers.Masking: a step whose every feature equals mask_value is masked and zeroed."""

    def __init__(self, mask_value):
        super().__init__()
        self.mask_value = mask_value

    def forward(self, x, mask=None):
        keep = torch.any(x != self.mask_value, dim=-1)
        return [x * keep.unsqueeze(-1).to(x.dtype)], [keep]


class Dropout(nn.Module):
    """keras.layers.Dropout: in training, zero each entry with probability rate, scale the rest."""

    def __init__(self, rate):
        super().__init__()
        self.rate = rate

    def forward(self, x, mask=None):
        if self.training and self.rate > 0:
            x = F.dropout(x, self.rate, True)
        return [x], [mask]


class Normalization(nn.Module):
    """keras.layers.Normalization: (x - mean) / max(sqrt(variance), 1e-7), or with invert
    mean + x * max(sqrt(variance), 1e-7), per index of axis (None: one mean and variance for every
    value); the mask passes through. Not given them, it holds mean, variance and count as
    non-trainable weights, adapted on the training inputs before the first epoch as rnnc train
    adapts them (float64 sums, population variance, stored as float32), unless --init loaded them."""

    def __init__(self, axis, size, mean=None, variance=None, invert=False):
        super().__init__()
        self.axis, self.invert = axis, invert
        self.given = None
        if mean is None:
            shape = [] if axis is None else [size]
            self.mean = nn.Parameter(torch.zeros(shape), requires_grad=False)
            self.variance = nn.Parameter(torch.ones(shape), requires_grad=False)
            self.count = nn.Parameter(torch.zeros([]), requires_grad=False)
        else:
            self.given = (torch.tensor(mean, dtype=torch.float32), torch.tensor(variance, dtype=torch.float32))

    def broadcast(self, v, x):
        shape = [1] * x.dim()
        if self.axis is not None:
            shape[self.axis] = v.numel()
        return v.to(x.device).reshape(shape)

    @torch.no_grad()
    def adapt(self, x):
        data = x.double()
        others = [d for d in range(data.dim()) if d != self.axis]
        mean = data.mean(others, keepdim=True)
        variance = torch.square(data - mean).mean(others, keepdim=True)
        self.mean.copy_(mean.reshape(self.mean.shape))
        self.variance.copy_(variance.reshape(self.variance.shape))
        self.count.fill_(data.numel() // max(1, self.mean.numel()))

    def forward(self, x, mask=None):
        mean, variance = self.given if self.given is not None else (self.mean, self.variance)
        mean = self.broadcast(mean, x)
        scale = torch.clamp(torch.sqrt(self.broadcast(variance, x)), min=1e-7)
        return [mean + x * scale if self.invert else (x - mean) / scale], [mask]


class RepeatVector(nn.Module):
    """keras.layers.RepeatVector: (batch, features) -> (batch, n, features)."""

    def __init__(self, n):
        super().__init__()
        self.n = n

    def forward(self, x, mask=None):
        return [x.unsqueeze(1).expand(-1, self.n, -1)], [None]


# ---- Keras's recurrent cells (keras/src/layers/rnn/{simple_rnn,lstm,gru}.py) --------------------
# Weights in Keras's layout and gate order: kernel (features, gates*units), recurrent_kernel
# (units, gates*units), bias (gates*units) — (2, 3*units) for GRU with reset_after. Keras's cells are
# not PyTorch's: nn.LSTM orders its gates i, f, g, o with two biases, nn.GRU is only reset_after and
# neither takes a recurrent_activation or Keras's masks, so the cells are written out here.

# Off with --no-fused: every recurrent layer then runs the written-out cells below.
FUSED = {"on": True}


def project(x, weight, masks, units):
    """x . weight with Keras's dropout masks: none, one for all gates, or one per gate."""
    if not masks:
        return torch.matmul(x, weight)
    if len(masks) == 1:
        return torch.matmul(x * masks[0], weight)
    return torch.cat([torch.matmul(x * m, w) for m, w in zip(masks, weight.split(units, -1))], -1)


class Cell(nn.Module):
    gates = 1
    state_count = 1

    def __init__(self, features, units, activation_name, recurrent_activation_name, use_bias, bias_shape=None):
        super().__init__()
        self.units = units
        self.activation_names = (activation_name, recurrent_activation_name)
        self.activation = activation(activation_name)
        self.recurrent_activation = activation(recurrent_activation_name)
        self.kernel = nn.Parameter(torch.empty(features, self.gates * units))
        self.recurrent_kernel = nn.Parameter(torch.empty(units, self.gates * units))
        self.bias = nn.Parameter(torch.empty(bias_shape or [self.gates * units])) if use_bias else None

    def input_bias(self):
        """The bias added to the input projection of every step."""
        return self.bias


class SimpleRNNCell(Cell):
    """h = activation(x . W + b + h . U)"""

    def step(self, xw, states, masks):
        (h,) = states
        return [self.activation(xw + project(h, self.recurrent_kernel, masks, self.units))]


class LSTMCell(Cell):
    """Gates i, f, c, o: c = f*c + i*activation(z_c), h = o*activation(c); the gates use recurrent_activation."""

    gates = 4
    state_count = 2

    def step(self, xw, states, masks):
        h, c = states
        z = xw + project(h, self.recurrent_kernel, masks, self.units)
        zi, zf, zc, zo = z.split(self.units, -1)
        i = self.recurrent_activation(zi)
        f = self.recurrent_activation(zf)
        o = self.recurrent_activation(zo)
        c = f * c + i * self.activation(zc)
        return [o * self.activation(c), c]


class GRUCell(Cell):
    """Gates z, r, h. reset_after (Keras 3's default): hh = activation(x_h + r*(h . U_h + b_h));
    reset_after=False: hh = activation(x_h + (r*h) . U_h). Then h = z*h + (1 - z)*hh."""

    gates = 3

    def __init__(self, features, units, activation_name, recurrent_activation_name, use_bias, reset_after):
        super().__init__(features, units, activation_name, recurrent_activation_name, use_bias, [2, 3 * units] if reset_after else None)
        self.reset_after = reset_after

    def input_bias(self):
        if self.bias is None:
            return None
        return self.bias[0] if self.reset_after else self.bias

    def step(self, xw, states, masks):
        (h,) = states
        u = self.units
        xz, xr, xh = xw.split(u, -1)
        if self.reset_after:
            hu = project(h, self.recurrent_kernel, masks, u)
            if self.bias is not None:
                hu = hu + self.bias[1]
            rz, rr, rh = hu.split(u, -1)
            z = self.recurrent_activation(xz + rz)
            r = self.recurrent_activation(xr + rr)
            hh = self.activation(xh + r * rh)
        else:
            rz, rr = project(h, self.recurrent_kernel[:, : 2 * u], masks[:2], u).split(u, -1)
            z = self.recurrent_activation(xz + rz)
            r = self.recurrent_activation(xr + rr)
            dropped = h * masks[2] if len(masks) > 2 else h
            hh = self.activation(xh + torch.matmul(r * dropped, self.recurrent_kernel[:, 2 * u :]))
        return [z * h + (1 - z) * hh]


class Recurrent(nn.Module):
    """One direction of SimpleRNN, LSTM or GRU, as keras/src/layers/rnn/rnn.py runs it: a masked step
    keeps every state and repeats the previous output (zeros before the first real step, or always
    zeros with zero_output_for_mask); go_backwards reads the sequence reversed and returns its
    outputs in that order; dropout masks are drawn once per call and reused at every step, one per
    gate when recurrent_dropout is set (Keras 3's implementation 1)."""

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False, zero_output_for_mask=False, dropout=0.0, recurrent_dropout=0.0):
        super().__init__()
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.zero_output_for_mask = zero_output_for_mask
        self.dropout = dropout
        self.recurrent_dropout = recurrent_dropout

    def dropout_masks(self, x, batch, features):
        if not self.training:
            return [], []
        count = self.cell.gates if self.cell.gates > 1 and self.recurrent_dropout != 0 else 1

        def draw(rate, width):
            if not 0 < rate < 1:
                return []
            return [F.dropout(x.new_ones(batch, width), rate, True) for _ in range(count)]

        return draw(self.dropout, features), draw(self.recurrent_dropout, self.cell.units)

    def fused(self, mask):
        """Whether PyTorch's own LSTM or GRU kernel computes exactly this layer for this call: Keras's
        default activations, no mask, no dropout, and for GRU the reset_after form (nn.GRU's)."""
        c = self.cell
        return (
            FUSED["on"]
            and mask is None
            and (not self.training or (self.dropout == 0 and self.recurrent_dropout == 0))
            and c.activation_names == ("tanh", "sigmoid")
            and (isinstance(c, LSTMCell) or (isinstance(c, GRUCell) and c.reset_after))
        )

    def run_fused(self, x, initial_state):
        """The same layer through torch's fused kernel (nn.LSTM's and nn.GRU's), the weights kept in
        Keras's layout: LSTM's gates i, f, c, o are PyTorch's i, f, g, o; GRU's z, r, h become r, z, n,
        its input bias PyTorch's b_ih and its recurrent bias b_hh."""
        c, u = self.cell, self.cell.units
        if self.go_backwards:
            x = x.flip(1)
        if initial_state is None:
            initial_state = [x.new_zeros(x.shape[0], u) for _ in range(c.state_count)]
        if isinstance(c, LSTMCell):
            bias = c.bias if c.bias is not None else x.new_zeros(4 * u)
            weights = [c.kernel.t(), c.recurrent_kernel.t(), bias, torch.zeros_like(bias)]
            hx = (initial_state[0].unsqueeze(0).contiguous(), initial_state[1].unsqueeze(0).contiguous())
            output, h, cell = torch._VF.lstm(x, hx, weights, True, 1, 0.0, self.training, False, True)
            states = [h[0], cell[0]]
        else:
            reorder = lambda w: torch.cat([w[..., u : 2 * u], w[..., :u], w[..., 2 * u :]], -1)
            bias = c.bias if c.bias is not None else x.new_zeros(2, 3 * u)
            weights = [reorder(c.kernel).t(), reorder(c.recurrent_kernel).t(), reorder(bias[0]), reorder(bias[1])]
            output, h = torch._VF.gru(x, initial_state[0].unsqueeze(0).contiguous(), weights, True, 1, 0.0, self.training, False, True)
            states = [h[0]]
        return (output if self.return_sequences else states[0]), states

    def run(self, x, mask=None, initial_state=None):
        """The output (every step's, or the last) and the final states."""
        if self.fused(mask):
            return self.run_fused(x, initial_state)
        batch, steps, features = x.shape
        if self.go_backwards:
            x = x.flip(1)
            mask = None if mask is None else mask.flip(1)
        input_masks, state_masks = self.dropout_masks(x, batch, features)
        xw = project(x, self.cell.kernel, [m.unsqueeze(1) for m in input_masks], self.cell.units)
        bias = self.cell.input_bias()
        if bias is not None:
            xw = xw + bias
        if initial_state is None:
            states = [x.new_zeros(batch, self.cell.units) for _ in range(self.cell.state_count)]
        else:
            states = list(initial_state)
        outputs = []
        for t in range(steps):
            new = self.cell.step(xw[:, t], states, state_masks)
            if mask is None:
                states = new
            else:
                keep = mask[:, t].unsqueeze(1)
                states = [torch.where(keep, n, s) for n, s in zip(new, states)]
            if self.return_sequences:
                outputs.append(states[0])
        output = torch.stack(outputs, 1) if self.return_sequences else states[0]
        if mask is not None:
            real = mask.to(x.dtype)
            shown = real if self.zero_output_for_mask else (torch.cumsum(real, 1) > 0).to(x.dtype)
            output = output * (shown.unsqueeze(-1) if self.return_sequences else shown[:, -1:])
        return output, states

    def forward(self, x, mask=None, initial_state=None):
        output, states = self.run(x, mask, initial_state)
        extra = states if self.return_state else []
        return [output] + extra, [mask if self.return_sequences else None] + [None] * len(extra)


class Bidirectional(nn.Module):
    """keras.layers.Bidirectional: the layer forwards and a copy with go_backwards, both returning zeros
    at masked steps when they return sequences; the backward sequence is flipped back before the
    merge; states are the forward layer's then the backward layer's."""

    def __init__(self, forward_layer, backward_layer, merge_mode):
        super().__init__()
        self.forward_layer = forward_layer
        self.backward_layer = backward_layer
        self.merge_mode = merge_mode

    def forward(self, x, mask=None, initial_state=None):
        n = self.forward_layer.cell.state_count
        y, forward_states = self.forward_layer.run(x, mask, None if initial_state is None else initial_state[:n])
        y_rev, backward_states = self.backward_layer.run(x, mask, None if initial_state is None else initial_state[n:])
        sequences = self.forward_layer.return_sequences
        if sequences:
            y_rev = y_rev.flip(1)
        if self.merge_mode == "concat":
            merged = [torch.cat([y, y_rev], -1)]
        elif self.merge_mode == "sum":
            merged = [y + y_rev]
        elif self.merge_mode == "ave":
            merged = [(y + y_rev) / 2]
        elif self.merge_mode == "mul":
            merged = [y * y_rev]
        else:
            merged = [y, y_rev]
        states = forward_states + backward_states if self.forward_layer.return_state else []
        return merged + states, [mask if sequences else None] * len(merged) + [None] * len(states)`;

export const TRAINING_PART = String.raw`# ---- Keras's losses (keras/src/losses/losses.py) -----------------------------------------------
# One value per sample (per step of a sequence); the batch's loss is their mean, or with an output
# mask sum(values * mask) / sum(mask) (Keras's apply_mask, and 0 when nothing is real).

EPSILON = 1e-7  # keras.backend.epsilon()


def align_targets(y, p, sparse):
    """Keras's squeeze_or_expand_to_same_rank: targets (N,) meet predictions (N, 1)."""
    want = tuple(p.shape[:-1]) if sparse else tuple(p.shape)
    t = y.long() if sparse else y.to(p.dtype)
    shape = tuple(t.shape)
    if shape == want:
        return t
    squeezed = shape[:-1] if shape and shape[-1] == 1 else shape
    expanded = want[:-1] if want and want[-1] == 1 else want
    if squeezed == want or shape == expanded:
        return t.reshape(want)
    raise DataError(f"targets of shape {list(shape)} do not fit predictions of shape {list(p.shape)}")


def mean_squared_error(t, p):
    return torch.square(t - p).mean(-1)


def mean_absolute_error(t, p):
    return torch.abs(t - p).mean(-1)


def binary_crossentropy(t, p, from_logits=False, label_smoothing=0.0):
    if label_smoothing:
        t = t * (1 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        return (torch.relu(p) - p * t + F.softplus(-torch.abs(p))).mean(-1)
    o = torch.clamp(p, EPSILON, 1 - EPSILON)
    return -(t * torch.log(o) + (1 - t) * torch.log(1 - o)).mean(-1)


def categorical_crossentropy(t, p, from_logits=False, label_smoothing=0.0):
    if label_smoothing:
        t = t * (1 - label_smoothing) + label_smoothing / p.shape[-1]
    if from_logits:
        return -(t * torch.log_softmax(p, -1)).sum(-1)
    q = p / p.sum(-1, keepdim=True)
    return -(t * torch.log(torch.clamp(q, EPSILON, 1 - EPSILON))).sum(-1)


def sparse_categorical_crossentropy(labels, p, from_logits=False):
    picked = labels.unsqueeze(-1)
    if from_logits:
        return -torch.log_softmax(p, -1).gather(-1, picked).squeeze(-1)
    c = torch.clamp(p, EPSILON, 1 - EPSILON)
    return torch.log(c.sum(-1)) - torch.log(c).gather(-1, picked).squeeze(-1)


LOSSES = {
    "mean_squared_error": mean_squared_error,
    "mean_absolute_error": mean_absolute_error,
    "binary_crossentropy": binary_crossentropy,
    "categorical_crossentropy": categorical_crossentropy,
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
}


def loss_values(name, args, y, p):
    sparse = name == "sparse_categorical_crossentropy"
    return LOSSES[name](align_targets(y, p, sparse), p, **args)


# ---- Keras's metrics: the mean over samples of one value per sample (MeanMetricWrapper) ---------

METRIC_VALUES = {
    "binary_accuracy": lambda y, p: (align_targets(y, p, False) == (p > 0.5).to(p.dtype)).to(p.dtype).mean(-1),
    "categorical_accuracy": lambda y, p: (align_targets(y, p, False).argmax(-1) == p.argmax(-1)).to(p.dtype),
    "sparse_categorical_accuracy": lambda y, p: (align_targets(y, p, True) == p.argmax(-1)).to(p.dtype),
    "mean_squared_error": lambda y, p: loss_values("mean_squared_error", {}, y, p),
    "mean_absolute_error": lambda y, p: loss_values("mean_absolute_error", {}, y, p),
    "binary_crossentropy": lambda y, p: loss_values("binary_crossentropy", {}, y, p),
    "categorical_crossentropy": lambda y, p: loss_values("categorical_crossentropy", {}, y, p),
    "sparse_categorical_crossentropy": lambda y, p: loss_values("sparse_categorical_crossentropy", {}, y, p),
}


class MeanMetric:
    """Streams sum(per-sample mean of values * mask) / sum(per-sample mean of mask) over an epoch."""

    def __init__(self, key, kind):
        self.key = key
        self.values = METRIC_VALUES[kind]
        self.totals = torch.zeros(2, dtype=torch.float64)

    def reset(self):
        self.totals.zero_()

    @torch.no_grad()
    def update(self, y, p, mask):
        v = self.values(y, p)
        per_sample = lambda a: a.reshape(a.shape[0], -1).mean(1) if a.dim() > 1 else a
        if mask is None:
            total, count = per_sample(v).sum(), v.shape[0]
        else:
            m = mask.to(v.dtype)
            total, count = per_sample(v * m).sum(), per_sample(m).sum()
        self.totals += torch.tensor([float(total), float(count)], dtype=torch.float64)

    def result(self):
        totals = all_sum(self.totals)
        return float(totals[0] / totals[1]) if totals[1] else 0.0


# ---- Keras's optimizers (keras/src/optimizers): clip, decay, update rule, iterations += 1 ------

class KerasOptimizer:
    """Keras 3's base optimizer around the update rules of SGD, Adam, AdamW and RMSprop. Not
    torch.optim: Keras's Adam adds epsilon (1e-7) to sqrt(v) before the bias correction, torch's
    (1e-8) after; RMSprop's epsilon sits inside the square root in Keras, outside in torch."""

    def __init__(self, parameters, name, args):
        self.parameters = [p for p in parameters if p.requires_grad]
        self.name = name
        self.args = args
        self.learning_rate = float(np.float32(args["learning_rate"]))  # a float32 variable in Keras
        self.iterations = 0
        self.slots = {}

    def clip(self, grads):
        a = self.args
        if a.get("clipnorm"):
            c = a["clipnorm"]
            return [g * c / torch.clamp(torch.linalg.vector_norm(g), min=c) for g in grads]
        if a.get("global_clipnorm"):
            c = a["global_clipnorm"]
            norm = torch.sqrt(sum(torch.sum(torch.square(g)) for g in grads))
            scale = c * torch.clamp(1.0 / norm, max=1.0 / c) + (norm - norm)  # a NaN norm poisons every gradient
            return [g * scale for g in grads]
        if a.get("clipvalue"):
            c = a["clipvalue"]
            return [torch.clamp(g, -c, c) for g in grads]
        return grads

    def slots_of(self, p, count):
        if p not in self.slots:
            self.slots[p] = [torch.zeros_like(p) for _ in range(count)]
        return self.slots[p]

    @torch.no_grad()
    def step(self):
        live = [p for p in self.parameters if p.grad is not None]
        grads = self.clip([p.grad for p in live])
        step, lr, a = self.iterations + 1, self.learning_rate, self.args
        if a.get("weight_decay") is not None:
            for p in live:
                p.sub_(p * a["weight_decay"] * lr)
        for p, g in zip(live, grads):
            if self.name in ("adam", "adamw"):
                m, v, v_hat = self.slots_of(p, 3)
                b1, b2 = a["beta_1"], a["beta_2"]
                m.add_((g - m) * (1 - b1))
                v.add_((torch.square(g) - v) * (1 - b2))
                second = v
                if a["amsgrad"]:
                    torch.maximum(v_hat, v, out=v_hat)
                    second = v_hat
                alpha = lr * math.sqrt(1 - b2**step) / (1 - b1**step)
                p.sub_((m * alpha) / (torch.sqrt(second) + a["epsilon"]))
            elif self.name == "sgd":
                (m,) = self.slots_of(p, 1)
                if a["momentum"] == 0:
                    p.sub_(g * lr)
                    continue
                m.copy_(m * a["momentum"] - g * lr)
                p.add_(m * a["momentum"] - g * lr if a["nesterov"] else m)
            elif self.name == "rmsprop":
                velocity, momentum, average = self.slots_of(p, 3)
                rho = a["rho"]
                velocity.copy_(rho * velocity + (1 - rho) * torch.square(g))
                if a["centered"]:
                    average.copy_(rho * average + (1 - rho) * g)
                    denominator = velocity - torch.square(average) + a["epsilon"]
                else:
                    denominator = velocity + a["epsilon"]
                increment = lr * g / torch.sqrt(denominator)
                if a["momentum"] > 0:
                    momentum.copy_(a["momentum"] * momentum + increment)
                    p.sub_(momentum)
                else:
                    p.sub_(increment)
        self.iterations = step


# ---- Keras's callbacks (keras/src/callbacks), acting at the end of each epoch --------------------
# Every process runs them on the same logs, so all decide alike; only process 0 saves and prints.

class Run:
    """What a callback may do to the run: stop it, read and set the weights and the learning rate, save."""

    def __init__(self, model, optimizer):
        self.model, self.optimizer, self.stop_training = model, optimizer, False

    def get_weights(self):
        return [p.detach().clone() for _, p, _ in self.model.keras_weights()]

    def set_weights(self, weights):
        with torch.no_grad():
            for (_, p, _), w in zip(self.model.keras_weights(), weights):
                p.copy_(w)

    def save(self, directory):
        if WORLD["rank"] == 0:
            save_model(self.model, directory)


def maximizes(monitor, mode, words):
    """Keras's mode="auto": accuracy-like quantities go up, everything else down."""
    if mode in ("max", "min"):
        return mode == "max"
    return any(monitor.endswith(w) or w in monitor for w in words)


class EarlyStopping:
    def __init__(self, a):
        self.a, self.messages = a, []
        self.max = maximizes(a["monitor"], a["mode"], ["acc", "accuracy", "auc"])
        self.min_delta = abs(a["min_delta"]) * (1 if self.max else -1)

    def better(self, x, best):
        return best is None or (x - self.min_delta > best if self.max else x - self.min_delta < best)

    def on_train_begin(self, run):
        self.wait, self.best, self.best_epoch, self.best_weights = 0, None, 0, None

    def on_epoch_end(self, epoch, logs, run):
        a = self.a
        current = logs.get(a["monitor"])
        if current is None or epoch < a["start_from_epoch"]:
            return
        if a["restore_best_weights"] and self.best_weights is None:
            self.best_weights = run.get_weights()
        self.wait += 1
        if self.better(current, self.best):
            self.best, self.best_epoch = current, epoch
            if a["restore_best_weights"]:
                self.best_weights = run.get_weights()
            if a["baseline"] is None or self.better(current, a["baseline"]):
                self.wait = 0
            return
        if self.wait >= a["patience"] and epoch > 0:
            run.stop_training = True
            self.messages.append(f"Epoch {epoch + 1}: early stopping ({a['monitor']} has not improved for {self.wait} epochs)")

    def on_train_end(self, run):
        if self.a["restore_best_weights"] and self.best_weights is not None:
            run.set_weights(self.best_weights)
            self.messages.append(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")


class ReduceLROnPlateau:
    def __init__(self, a):
        self.a, self.messages = a, []
        self.max = maximizes(a["monitor"], a["mode"], ["acc"])
        self.best = -math.inf if self.max else math.inf
        self.wait = self.cooldown = 0

    def on_epoch_end(self, epoch, logs, run):
        a = self.a
        logs["learning_rate"] = run.optimizer.learning_rate
        current = logs.get(a["monitor"])
        if current is None:
            return
        if self.cooldown > 0:
            self.cooldown -= 1
            self.wait = 0
        if (current > self.best + a["min_delta"]) if self.max else (current < self.best - a["min_delta"]):
            self.best, self.wait = current, 0
        elif self.cooldown <= 0:
            self.wait += 1
            old = run.optimizer.learning_rate
            if self.wait >= a["patience"] and old > a["min_lr"]:
                run.optimizer.learning_rate = float(np.float32(max(old * a["factor"], a["min_lr"])))
                self.messages.append(f"Epoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {js_number(run.optimizer.learning_rate)}.")
                self.cooldown, self.wait = a["cooldown"], 0


def format_path(template, epoch, logs):
    """Python-style {epoch:02d} and {val_loss:.4f} in a checkpoint path; epochs count from 1."""

    def field(m):
        name, spec = m.group(1), m.group(2)
        value = epoch + 1 if name == "epoch" else logs.get(name)
        if value is None:
            return m.group(0)
        fixed = re.fullmatch(r"\.(\d+)f", spec or "")
        if fixed:
            return f"{value:.{int(fixed.group(1))}f}"
        padded = re.fullmatch(r"0?(\d+)d", spec or "")
        if padded:
            return str(math.floor(value + 0.5)).rjust(int(padded.group(1)), "0" if spec.startswith("0") else " ")
        return str(value) if isinstance(value, int) else js_number(value)

    return re.sub(r"\{(\w+)(?::([^}]*))?\}", field, template)


class ModelCheckpoint:
    """The path names a directory (the TensorFlow.js Layers format), relative to the .rnn file."""

    def __init__(self, a):
        self.a, self.messages = a, []
        self.max = maximizes(a["monitor"], a["mode"], ["acc", "fmeasure"])
        self.best = a["initial_value_threshold"]

    def on_epoch_end(self, epoch, logs, run):
        a = self.a
        path = data_path(format_path(a["filepath"], epoch, logs))
        if a["save_best_only"]:
            current = logs.get(a["monitor"])
            if current is None:
                return
            if self.best is not None and not (current > self.best if self.max else current < self.best):
                return
            self.best = current
        run.save(path)


class TerminateOnNaN:
    """The fit loop always stops on a non-finite loss before the step reaches the weights."""

    def __init__(self, a):
        self.messages = []


CALLBACK_CLASSES = {"EarlyStopping": EarlyStopping, "ReduceLROnPlateau": ReduceLROnPlateau, "ModelCheckpoint": ModelCheckpoint, "TerminateOnNaN": TerminateOnNaN}


def flush_messages(callbacks, say):
    for c in callbacks:
        for line in c.messages:
            say(line)
        c.messages.clear()

# ---- Distribution: one process, or one per device under torchrun --------------------------------
# Every process sees the same global batches in the same order; each takes every world-th row of
# a batch. Losses are normalised by the whole batch's count (or mask sum) before the gradients are
# summed, so N processes take exactly the step one process takes on the same global batch, for
# any batch size and any number of processes (a DistributedSampler would pad, and change both).

WORLD = {"rank": 0, "size": 1}
# Whether --init loaded the weights (Normalization statistics included: fit does not adapt them again).
LOADED = {"weights": False}


def all_sum(t):
    """t summed over every process (t itself in one process)."""
    if WORLD["size"] == 1:
        return t
    t = t.clone()
    dist.all_reduce(t)
    return t


def shard(rows):
    return rows[WORLD["rank"] :: WORLD["size"]]


def batch_ranges(n, batch_size):
    return [(s, min(s + batch_size, n)) for s in range(0, n, batch_size)]


def loss_parts(ys, outputs, masks):
    """Per output: the sum of this process's loss values (masked) and their count (or mask sum)."""
    name, args = TRAIN["loss"]
    sums, counts = [], []
    for y, p, m in zip(ys, outputs, masks):
        v = loss_values(name, args, y, p)
        if m is None:
            sums.append(v.sum())
            counts.append(float(v.numel()))
        else:
            w = m.to(v.dtype)
            sums.append((v * w).sum())
            counts.append(w.sum().item())
    return sums, counts


def batch_loss(sums, counts):
    """Keras's loss of a global batch: the outputs' losses added, each its values' (masked) mean."""
    total = all_sum(torch.tensor(counts, dtype=torch.float64))
    return sum(s / float(c) if c > 0 else s * 0.0 for s, c in zip(sums, total))


class Dataset:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __len__(self):
        return self.x[0].shape[0]

    def rows(self, rows, device):
        return [a[rows].to(device) for a in self.x], [a[rows].to(device) for a in self.y]


def split_validation(data, split):
    """keras's train_validation_split: the last fraction, taken before any shuffling."""
    if not split:
        return data, None
    n = len(data)
    at = int(math.floor(n * (1 - split)))
    if at in (0, n):
        fail("E0516", f"validation_split={split} of {n} samples leaves {'no training' if at == 0 else 'no validation'} data", "use more samples or another validation_split")
    part = lambda s, e: Dataset([a[s:e] for a in data.x], [a[s:e] for a in data.y])
    return part(0, at), part(at, n)


def make_metrics():
    return [MeanMetric(key, kind) for key, kind in METRICS]


def update_metrics(metrics, ys, outputs, masks):
    # Keras compiles one metric list for a single-output model; metrics follow the first output.
    for m in metrics:
        m.update(ys[0], outputs[0], masks[0])


@torch.no_grad()
def evaluate(model, data, batch_size, device):
    """Keras's evaluate(): the loss and metrics over every sample, in inference mode."""
    was_training = model.training
    model.eval()
    metrics = make_metrics()
    loss_sum, n = 0.0, len(data)
    for start, end in batch_ranges(n, batch_size):
        xs, ys = data.rows(shard(torch.arange(start, end)), device)
        outputs, masks = model(xs)
        loss_sum += float(all_sum(batch_loss(*loss_parts(ys, outputs, masks)))) * (end - start)
        update_metrics(metrics, ys, outputs, masks)
    model.train(was_training)
    return {"loss": loss_sum / n, **{m.key: m.result() for m in metrics}}


def fit(model, net, data, settings, device, say, log):
    """Keras's fit(): validation_split's last fraction held out, batches in order (or shuffled
    with the run's seed), the logged loss the mean over samples, the line Keras prints per epoch."""
    train, validation = split_validation(data, settings["validation_split"])
    if not LOADED["weights"]:
        model.adapt([a.to(device) for a in train.x], [a.to(device) for a in train.y])  # weights from --init keep their statistics, as in rnnc
    optimizer = KerasOptimizer(model.parameters(), *TRAIN["optimizer"])
    generator = torch.Generator().manual_seed(settings["seed"])
    n = len(train)
    ranges = batch_ranges(n, settings["batch_size"])
    history = []
    run = Run(model, optimizer)
    callbacks = [CALLBACK_CLASSES[name](args) for name, args in CALLBACKS]
    for c in callbacks:
        if hasattr(c, "on_train_begin"):
            c.on_train_begin(run)
    model.train()
    for epoch in range(settings["epochs"]):
        if run.stop_training:
            break
        started = time.perf_counter()
        say(f"Epoch {epoch + 1}/{settings['epochs']}")
        order = torch.randperm(n, generator=generator) if settings["shuffle"] else torch.arange(n)
        metrics = make_metrics()
        loss_sum, seen = 0.0, 0
        for b, (start, end) in enumerate(ranges):
            xs, ys = train.rows(shard(order[start:end]), device)
            for p in model.parameters():
                p.grad = None
            outputs, masks = net(xs)
            loss = batch_loss(*loss_parts(ys, outputs, masks))
            # DistributedDataParallel averages the gradients; each process's share of the global loss is summed.
            (loss * WORLD["size"]).backward()
            value = float(all_sum(loss.detach()))
            finite = all(bool(torch.isfinite(p.grad).all()) for p in model.parameters() if p.grad is not None)
            if not math.isfinite(value) or not finite:
                what = f"the loss became {js_number(value)}" if not math.isfinite(value) else "the gradients became NaN or infinite"
                fail("E0515", f"{what} at epoch {epoch + 1}, batch {b + 1}; training stopped before that step changed the weights", "lower the learning rate, add clipnorm=1.0 to the optimizer, or scale the data to roughly -1...1", status=1)
            optimizer.step()
            update_metrics(metrics, ys, [o.detach() for o in outputs], masks)
            loss_sum += value * (end - start)
            seen += end - start
        logs = {"loss": loss_sum / seen, **{m.key: m.result() for m in metrics}}
        if validation is not None:
            for k, v in evaluate(model, validation, settings["batch_size"], device).items():
                logs["val_" + k] = v
        # Keras's order: the callbacks (ReduceLROnPlateau adds learning_rate), the history, the line.
        for c in callbacks:
            if hasattr(c, "on_epoch_end"):
                c.on_epoch_end(epoch, logs, run)
        history.append(logs)
        seconds = time.perf_counter() - started
        say(f"{len(ranges)}/{len(ranges)} - {math.floor(seconds + 0.5)}s - {per_step(seconds, len(ranges))} - {format_logs(logs)}")
        if log is not None:
            log.write(json_line({"epoch": epoch + 1, **logs}) + "\n")
            log.flush()
        flush_messages(callbacks, say)
    for c in callbacks:
        if hasattr(c, "on_train_end"):
            c.on_train_end(run)
    flush_messages(callbacks, say)
    return history


@torch.no_grad()
def predict(model, x, batch_size, device):
    model.eval()
    parts = [[] for _ in OUTPUTS]
    n = x[0].shape[0]
    for start, end in batch_ranges(n, batch_size):
        outputs, _ = model([a[start:end].to(device) for a in x])
        for i, o in enumerate(outputs):
            parts[i].append(o.float().cpu())
    return [torch.cat(p) if p else torch.zeros(0) for p in parts]


# ---- What rnnc train prints and logs, number for number (src/console/epoch-line.ts, epoch-log.ts) ------

def js_number(v):
    """A number as JavaScript's JSON.stringify and String() write it."""
    if v != v or v in (math.inf, -math.inf):
        return "NaN" if v != v else ("Infinity" if v > 0 else "-Infinity")
    if v == 0:
        return "0"
    mantissa, _, exponent = repr(float(v)).partition("e")
    sign = "-" if mantissa.startswith("-") else ""
    whole, _, fraction = mantissa.lstrip("-").partition(".")
    digits = (whole + fraction).lstrip("0")
    point = len(whole) + (int(exponent) if exponent else 0) - (len(whole + fraction) - len((whole + fraction).lstrip("0")))
    digits = digits.rstrip("0")
    k, n = len(digits), point
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    return sign + digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))


def json_line(logs):
    return "{" + ",".join(json.dumps(k) + ":" + (js_number(v) if isinstance(v, float) and math.isfinite(v) else "null" if isinstance(v, float) else str(v)) for k, v in logs.items()) + "}"


def js_exponential(v, digits):
    mantissa, _, exponent = f"{v:.{digits}e}".partition("e")
    return mantissa + "e" + ("-" if exponent.startswith("-") else "+") + str(abs(int(exponent)))


def format_value(v):
    """keras/src/utils/progbar.py: four decimals, or scientific for tiny values."""
    if not math.isfinite(v):
        return js_number(v)
    return f"{v:.4f}" if v == 0 or 1e-3 <= abs(v) < 1e21 else js_exponential(v, 4)


def format_logs(logs):
    train = sorted(k for k in logs if not k.startswith("val_"))
    val = sorted(k for k in logs if k.startswith("val_"))
    return " - ".join(f"{k}: {format_value(logs[k])}" for k in train + val)


def per_step(seconds, steps):
    t = seconds / max(1, steps)
    if t >= 1:
        return f"{t:.0f}s/step"
    if t >= 1e-3:
        return f"{t * 1e3:.0f}ms/step"
    return f"{t * 1e6:.0f}us/step"


def to_precision(v, p):
    """JavaScript's Number.prototype.toPrecision."""
    if not math.isfinite(v):
        return js_number(v)
    if v == 0:
        return "0." + "0" * (p - 1) if p > 1 else "0"
    mantissa, _, exponent = f"{v:.{p - 1}e}".partition("e")
    e = int(exponent)
    if e < -6 or e >= p:
        return mantissa.rstrip(".") + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return f"{v:.{max(0, p - 1 - e)}f}"`;

export const IO_PART = String.raw`# ---- Data: .npy, JSON Lines and CSV series, checked against the model's inputs --------------------------------------

class DataError(Exception):
    pass


def fail(code, message, hint=None, status=2):
    """Report a mistake as rnnc does and stop: error[CODE]: message, then the hint. Status 2 for
    bad usage or an unreadable file, 1 for data that does not fit or a training that failed."""
    if WORLD["rank"] == 0:
        sys.stderr.write(f"error[{code}]: {message}\n" + (f"  = help: {hint}\n" if hint else ""))
    sys.exit(status)


def data_path(path):
    """A path from the train block is relative to the .rnn file; one from the command line, to the current folder."""
    return path if os.path.isabs(path) else os.path.join(os.path.dirname(os.path.abspath(__file__)), RNN_DIR, path)


def data_format(path):
    """The format a file's name says, as rnnc's formatOf: .npy, JSON Lines, CSV, or IDX (.idx, *-ubyte; .gz allowed)."""
    name = path.lower()
    name = name[:-3] if name.endswith(".gz") else name
    if name.endswith(".npy"):
        return "npy"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".idx") or re.search(r"-ubyte$|\.idx\d-\w+$", name):
        return "idx"
    return None


def read_array(path, column=None):
    """An x or y file as rnnc reads it: .npy, IDX, or a CSV matrix (every column, or the one named)."""
    kind = data_format(path)
    if kind == "npy":
        try:
            return np.load(path, allow_pickle=False)
        except (OSError, ValueError) as e:
            fail("E0701", f"cannot read {path}: {e}")
    if kind == "idx":
        return read_idx(path)
    if kind == "csv":
        return read_csv_matrix(path, column)
    if kind == "jsonl":
        fail("E0624", f"{path} is JSON Lines, which holds x and y together", "give it as the data file (file = in the train block, --data on the command line)")
    fail("E0613", f"rnnc does not know the format of {path} from its name", "name it .npy, .jsonl, .ndjson, .csv, .idx or *-ubyte (optionally .gz)")


# IDX (MNIST's format): two zero bytes, a type byte, the number of axes, each axis length as a
# big-endian uint32, then the values, big-endian. The gzip magic decides whether it is compressed.
IDX_TYPES = {0x08: "u1", 0x09: "i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path):
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        fail("E0601", f"cannot read {path}: {e.strerror}", "paths in a train block are relative to the .rnn file; on the command line, to the current directory")
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError):
            fail("E0612", f"{path} is a damaged gzip file", "download it again, or unpack it with gunzip to see what is wrong")
    hint = "download the file again; IDX files start with two zero bytes, a type byte and the number of axes"
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        fail("E0612", f"{path} is not an IDX file: it does not start with two zero bytes", hint)
    if raw[2] not in IDX_TYPES:
        fail("E0603", f"{path} has the IDX type byte 0x{raw[2]:02x}, and rnnc reads 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float and 0x0E double", "check that the file is IDX and not damaged")
    rank, start = raw[3], 4 + 4 * raw[3]
    if len(raw) < start:
        fail("E0612", f"{path} is not an IDX file: it ends inside its list of {rank} axis lengths", hint)
    shape = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(rank)]
    dtype = np.dtype(IDX_TYPES[raw[2]])
    if len(raw) - start < math.prod(shape) * dtype.itemsize:
        fail("E0612", f"{path} is not an IDX file: its header promises {shape} values, but only {len(raw) - start} bytes follow", hint)
    return np.frombuffer(raw, dtype=dtype, count=math.prod(shape), offset=start).reshape(shape).astype(dtype.newbyteorder("="))


# CSV (src/runtime/data/csv.ts): comma-separated numbers, cells optionally quoted, an optional header
# (a first row whose cells to read are not all numbers), nan and inf as NumPy and pandas write them.
CSV_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
CSV_SPECIAL = {"nan": math.nan, "inf": math.inf, "+inf": math.inf, "-inf": -math.inf, "infinity": math.inf, "-infinity": -math.inf}


def csv_number(text):
    t = text.strip()
    if CSV_NUMBER.fullmatch(t):
        return float(t)
    return CSV_SPECIAL.get(t.lower())


def read_csv_table(path, column):
    """The rows of numbers (header dropped) of the columns to read: all, or the one named."""
    lines = [(n, l.rstrip("\r")) for n, l in enumerate(read_text(path).split("\n"), 1) if l.strip()]
    if not lines:
        fail("E0614", f"{path} holds no rows", "write one row of numbers per line", status=1)
    rows = [(n, next(csv.reader([l]))) for n, l in lines]
    width = len(rows[0][1])
    for n, cells in rows:
        if len(cells) != width:
            fail("E0608", f"line {n} of {path} has {len(cells)} cells, but the first row has {width}", "every row needs as many cells as the first; an empty cell is written as two commas in a row", status=1)
    header = [c.strip() for c in rows[0][1]]
    if column is None:
        columns = list(range(width))
    elif str(column) in header:
        columns = [header.index(str(column))]
    elif str(column).isdigit() and int(column) < width:
        columns = [int(column)]
    else:
        fail("E0610", f"{path} has no column {column}: {width} columns in all", "name a column from the header, or give its position counting from 0")
    if str(column) in header or any(csv_number(header[c]) is None for c in columns):
        rows = rows[1:]
    if not rows:
        fail("E0614", f"{path} holds a header and no rows of data", "write one row of numbers per line after the header", status=1)
    table = []
    for n, cells in rows:
        values = [csv_number(cells[c]) for c in columns]
        if None in values:
            fail("E0609", f"line {n} of {path} has a cell that is not a number where a number belongs", "the cells rnnc reads must all be numbers: fill the gap, remove the row, or pick the numeric column with column", status=1)
        table.append(values)
    return table, columns, width


def read_csv_matrix(path, column):
    """The chosen column as (rows, 1), or every column as (rows, columns), float32."""
    table, _, _ = read_csv_table(path, column)
    return np.asarray(table, dtype=np.float32)


def check_finite(a, path, role):
    """rnnc refuses NaN and infinities in data before training (E0625)."""
    if np.issubdtype(a.dtype, np.floating) and not np.isfinite(a).all():
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(a))[0])
        fail("E0625", f"{path} holds {js_number(float(a[bad]))} at {list(bad)} ({'in x' if role == 'x' else 'in the labels, y'})", "fill or drop the samples that hold NaN or infinite values", status=1)


def check_inputs(arrays, paths):
    """The arrays, each shaped as its input takes it: rnnc (kinder than Keras) reads data that lacks
    only a trailing feature axis of 1, such as (N, T) for an input (None, T, 1), as (N, T, 1)."""
    fitted = []
    for i, (a, spec, path) in enumerate(zip(arrays, INPUTS, paths)):
        shape = spec["shape"]
        if a.ndim == len(shape) and shape and shape[-1] == 1:
            a = a[..., None]
        if a.ndim != len(shape) + 1 or any(d is not None and d != s for d, s in zip(shape, a.shape[1:])):
            want = "(None, " + ", ".join("None" if d is None else str(d) for d in shape) + ")"
            fail("E0601", f"{path} holds an array of shape {tuple(a.shape)}, but the model's input {spec['name']} takes {want}", "give data of the model's input shape", status=1)
        fitted.append(a)
    return fitted


def to_input(a, spec):
    if spec["dtype"] == "int32":
        if not np.issubdtype(a.dtype, np.integer) and not np.all(np.mod(a, 1) == 0):
            fail("E0601", f"the input {spec['name']} takes integer ids, but the data holds fractions", status=1)
        return torch.from_numpy(np.ascontiguousarray(a).astype(np.int64))
    return torch.from_numpy(np.ascontiguousarray(a).astype(np.float32))


def load_arrays(x_paths, scale=None, column=None):
    if len(x_paths) != len(INPUTS):
        fail("E0703", f"the model takes {len(INPUTS)} inputs, but {len(x_paths)} --x files were given", "give one --x per input, in order")
    arrays = [read_array(p, column) for p in x_paths]
    for a, p in zip(arrays, x_paths):
        check_finite(a, p, "x")
    arrays = check_inputs(arrays, x_paths)
    if scale is not None:
        # As rnnc: each value as float32, times scale in double precision, rounded to float32.
        arrays = [(a.astype(np.float32).astype(np.float64) * scale).astype(np.float32) if spec["dtype"] == "float32" else a for a, spec in zip(arrays, INPUTS)]
    return [to_input(a, spec) for a, spec in zip(arrays, INPUTS)]


def read_text(path):
    try:
        with open(path, encoding="utf-8-sig") as f:
            return f.read()
    except OSError as e:
        fail("E0601", f"cannot read {path}: {e.strerror}", "paths in a train block are relative to the .rnn file; on the command line, to the current directory")


def stack_ragged(samples, dtype, path):
    """Samples that differ only in their first axis (time), padded with 0 at the end to the longest."""
    arrays = [np.asarray(s, dtype=dtype) for s in samples]
    shapes = {a.shape[1:] for a in arrays}
    if len(shapes) > 1 or any(a.ndim != arrays[0].ndim for a in arrays):
        fail("E0608", f"{path}: every sample needs the same kind of value; only the number of steps may differ", status=1)
    if arrays[0].ndim == 0:
        return np.stack(arrays)
    longest = max(a.shape[0] for a in arrays)
    out = np.zeros((len(arrays), longest) + arrays[0].shape[1:], dtype=dtype)
    for i, a in enumerate(arrays):
        out[i, : a.shape[0]] = a
    return out


def read_jsonl(path):
    """JSON Lines, one {"x": ..., "y": ...} per line ({"x": {"input name": ...}} for several inputs);
    ragged sequences padded at the end with 0, the id mask_zero skips and the value Masking masks."""
    xs, ys = [[] for _ in INPUTS], []
    for number, line in enumerate(read_text(path).split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as e:
            fail("E0606", f"line {number} of {path} is not valid JSON: {e}", status=1)
        if not isinstance(record, dict) or "x" not in record:
            fail("E0607", f"line {number} of {path} is not an object with \"x\" and \"y\"", status=1)
        for i, spec in enumerate(INPUTS):
            value = record["x"] if len(INPUTS) == 1 else (record["x"] or {}).get(spec["name"])
            if value is None:
                fail("E0607", f"line {number} of {path} has no \"x\" for the input {spec['name']}", status=1)
            xs[i].append(value)
        ys.append(record.get("y"))
    if not ys:
        fail("E0614", f"{path} holds no samples", status=1)
    x = [stack_ragged(samples, np.float64, path) for samples in xs]
    if any(v is None for v in ys):
        return x, None  # inputs only, to predict
    return x, [stack_ragged(ys, np.float32, path)]


def read_csv_series(path, column):
    """One column of a CSV file (a header name or a 0-based position); a file of one column needs none."""
    table, columns, width = read_csv_table(path, column)
    if len(columns) != 1:
        fail("E0624", f"{path} has {width} columns; say which one holds the series", "add column = \"name\" to the data, or --column")
    series = np.asarray([row[0] for row in table], dtype=np.float32)
    check_finite(series, path, "x")
    return series


def sliding_windows(series, window, horizon, path):
    """rnnc's windows: x the window values of a series, y what follows, shaped as the model's output wants."""
    n = len(series) - window - horizon + 1
    if n < 1:
        fail("E0611", f"{path} holds a series of {len(series)} values, too short for a window of {window} and a horizon of {horizon}", status=1)
    x = np.stack([series[i : i + window] for i in range(n)])[:, :, None]
    shape = OUTPUTS[0]["shape"] if len(OUTPUTS) == 1 else [1]
    if len(shape) == 2 and shape[1] == 1 and shape[0] in (window, None):
        y = np.stack([series[i + horizon : i + horizon + window] for i in range(n)])[:, :, None]
    elif len(shape) == 1 and shape[0] == 1:
        y = np.asarray([series[i + window - 1 + horizon] for i in range(n)], dtype=np.float32)[:, None]
    elif (len(shape) == 1 and shape[0] == horizon) or (len(shape) == 2 and shape == [horizon, 1]):
        y = np.stack([series[i + window : i + window + horizon] for i in range(n)]).reshape([n] + shape)
    else:
        fail("E0620", f"the model outputs (None, {', '.join(map(str, shape))}), which windows of {window} values with horizon {horizon} cannot label", status=1)
    return [x], [y]


def to_targets(a):
    t = torch.from_numpy(np.ascontiguousarray(a))
    return t.float() if t.is_floating_point() else t.long()


def predict_inputs(paths, args):
    """The inputs to predict: .npy, IDX or CSV files, or the x of a JSON Lines file or of a CSV series' windows."""
    first = paths[0]
    if len(paths) == 1 and first.lower().endswith((".jsonl", ".ndjson")):
        arrays, _ = read_jsonl(first)
    elif len(paths) == 1 and first.lower().endswith(".csv") and args.window:
        arrays, _ = sliding_windows(read_csv_series(first, args.column), args.window, args.horizon or 1, first)
    else:
        return load_arrays(paths, None, args.column)
    arrays = check_inputs(arrays, paths * len(INPUTS))
    return [to_input(a, spec) for a, spec in zip(arrays, INPUTS)]


def load_dataset(args):
    data = TRAIN["data"]
    from_flags = bool(args.x or args.data)
    get = lambda key: getattr(args, key) if from_flags else data.get(key)
    both = args.data if from_flags else (data_path(data["file"]) if "file" in data else None)
    if both is not None:
        if both.lower().endswith((".jsonl", ".ndjson")):
            arrays, y = read_jsonl(both)
            if y is None:
                fail("E0607", f"{both}: a line has no \"y\"; training needs a label on every line", status=1)
        elif both.lower().endswith(".csv") and get("window"):
            arrays, y = sliding_windows(read_csv_series(both, get("column")), int(get("window")), int(get("horizon") or 1), both)
        else:
            fail("E0613", f"{both}: this program reads x and y together from JSON Lines, or from a CSV series with window", "name it .jsonl, or give window")
        x_paths, y_paths = [both] * len(INPUTS), [both]
        arrays = check_inputs(arrays, x_paths)
        x = [to_input(a, spec) for a, spec in zip(arrays, INPUTS)]
        y = [to_targets(a) for a in y]
    else:
        if from_flags:
            x_paths, y_paths = args.x, args.y or []
        elif "x" in data:
            x_paths, y_paths = [data_path(data["x"])], ([data_path(data["y"])] if "y" in data else [])
        else:
            fail("E0623", "no data: the train block names none, and no --x or --data was given", "pass --x X.npy --y Y.npy, or --data FILE")
        if len(y_paths) != len(OUTPUTS):
            fail("E0623", f"training needs targets for the model's {len(OUTPUTS)} output(s): give --y", "pass --y Y.npy")
        x = load_arrays(x_paths, None if from_flags else data.get("scale"), get("column"))
        y = []
        for p in y_paths:
            labels = read_array(p)
            check_finite(labels, p, "y")
            y.append(to_targets(labels))
    n = x[0].shape[0]
    for a, p in zip(x + y, x_paths + y_paths):
        if a.shape[0] != n:
            fail("E0601", f"{p} holds {a.shape[0]} samples, but {x_paths[0]} holds {n}", "give inputs and targets with one row per sample", status=1)
    return Dataset(x, y)


# ---- Saving: the TensorFlow.js Layers format, as rnnc train --out writes it ---------------------
# model.json (Keras's topology, the weights manifest and rnnc's record, written at build time with
# the weights' checksum left to fill in) and weights.bin (every weight's float32 values, little-
# endian, in the manifest's order). rnnc predict and evaluate read it; so does tf.loadLayersModel.

CHECKSUM_SLOT = '"weightsSha256":"' + "0" * 64 + '"'


def weights_bytes(model):
    return b"".join(np.asarray(p.detach().cpu().numpy(), dtype="<f4").tobytes() for _, p, _ in model.keras_weights())


def save_model(model, directory):
    data = weights_bytes(model)
    text = MODEL_JSON.replace(CHECKSUM_SLOT, '"weightsSha256":"' + hashlib.sha256(data).hexdigest() + '"', 1)
    check_save_target(directory)
    parent = os.path.dirname(os.path.abspath(directory))
    staging = os.path.join(parent, f".{os.path.basename(os.path.abspath(directory))}.rnnc-saving-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    with open(os.path.join(staging, "model.json"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(staging, "weights.bin"), "wb") as f:
        f.write(data)
    previous = None
    if os.path.isdir(directory):
        previous = f"{os.path.abspath(directory)}.rnnc-previous-{os.getpid()}"
        os.rename(directory, previous)
    os.rename(staging, directory)
    if previous:
        shutil.rmtree(previous, ignore_errors=True)


def check_save_target(directory):
    """A directory is replaced only when it is empty or holds a saved model (rnnc's rule, E0807)."""
    if os.path.exists(directory) and (not os.path.isdir(directory) or set(os.listdir(directory)) - {"model.json", "weights.bin"}):
        fail("E0807", f"cannot save the model to {directory}: it exists and is not a saved model", "give a new directory, or an empty one")


def load_weights(model, directory):
    """Start from a saved model's weights (rnnc train --epochs 0 --out DIR writes rnnc's initial ones)."""
    try:
        with open(os.path.join(directory, "model.json"), encoding="utf-8") as f:
            meta = json.load(f)
        with open(os.path.join(directory, "weights.bin"), "rb") as f:
            data = f.read()
    except (OSError, ValueError) as e:
        fail("E0801", f"cannot read the saved model in {directory}: {e}")
    expected = (meta.get("rnnc") or {}).get("weightsSha256")
    if expected and hashlib.sha256(data).hexdigest() != expected:
        fail("E0803", f"{directory}/weights.bin does not hold what model.json says it holds (its checksum differs)", "copy or train the model again")
    ours = {name: p for name, p, _ in model.keras_weights()}
    offset, found = 0, set()
    for entry in [w for group in meta.get("weightsManifest", []) for w in group["weights"]]:
        size = math.prod(entry["shape"]) * 4
        values = np.frombuffer(data, dtype="<f4", count=size // 4, offset=offset)
        offset += size
        p = ours.get(entry["name"])
        if p is None or list(p.shape) != list(entry["shape"]):
            fail("E0805", f"the saved weight {entry['name']} {entry['shape']} is not a weight of this model", "load a model trained from this .rnn file")
        with torch.no_grad():
            p.copy_(torch.from_numpy(values.copy()).reshape(p.shape))
        found.add(entry["name"])
    missing = [name for name in ours if name not in found]
    if missing:
        fail("E0805", f"the saved model in {directory} has no weight {', '.join(missing)}", "load a model trained from this .rnn file")
    LOADED["weights"] = True


# ---- The command line ---------------------------------------------------------------------------

def parse_args(argv):
    def count(least):
        def parse(text):
            if not text.isdigit() or int(text) < least:
                raise argparse.ArgumentTypeError(f"expected a whole number of at least {least}, got {text}")
            return int(text)
        return parse

    p = argparse.ArgumentParser(description=f"Train the model {MODEL_NAME} with PyTorch, on one process or under torchrun.")
    p.add_argument("--x", action="append", help="inputs: a .npy, IDX or CSV file (once per model input)")
    p.add_argument("--y", action="append", help="targets: a .npy, IDX or CSV file (once per model output)")
    p.add_argument("--data", help="inputs and targets in one file: JSON Lines, or a CSV series with --window")
    p.add_argument("--column", help="CSV: the column to read, or the one holding the series (name or 0-based position)")
    p.add_argument("--window", type=count(1), help="CSV: time steps per input window")
    p.add_argument("--horizon", type=count(1), help="CSV: how many steps ahead the target lies")
    p.add_argument("--epochs", type=count(0), help="epochs (overrides the train block)")
    p.add_argument("--batch-size", type=count(1), help="global batch size, over all processes (overrides the train block)")
    p.add_argument("--seed", type=count(0), help="seed for weights, dropout and shuffling")
    p.add_argument("--init", metavar="DIR", help="start from a saved model's weights (rnnc train --epochs 0 --out DIR)")
    p.add_argument("--out", metavar="DIR", help="save the trained model there (TensorFlow.js Layers format)")
    p.add_argument("--log", metavar="FILE", help="write one JSON object per epoch to this file")
    p.add_argument("--predict", metavar="X", action="append", help="after training, predict these inputs (.npy, IDX or CSV, once per input)")
    p.add_argument("--predictions", metavar="FILE", help="where --predict writes the first output's predictions (.npy)")
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu", help="cpu (gloo between processes) or cuda (NCCL)")
    p.add_argument("--no-fused", action="store_true", help="run LSTM and GRU with the written-out Keras cells, never torch's fused kernels (the same numbers to float32 rounding, slower)")
    return p.parse_args(argv)


def setup_distributed(device_name):
    size = int(os.environ.get("WORLD_SIZE", "1"))
    device = torch.device(device_name)
    if size > 1:
        dist.init_process_group("nccl" if device_name == "cuda" else "gloo")
        WORLD["rank"], WORLD["size"] = dist.get_rank(), dist.get_world_size()
        if device_name == "cuda":
            local = int(os.environ.get("LOCAL_RANK", "0"))
            torch.cuda.set_device(local)
            device = torch.device("cuda", local)
    return device


def main(argv):
    args = parse_args(argv)
    FUSED["on"] = not args.no_fused
    device = setup_distributed(args.device)
    rank, size = WORLD["rank"], WORLD["size"]

    def say(line):
        if rank == 0:
            print(line, flush=True)

    settings = dict(TRAIN)
    for key, flag in (("epochs", args.epochs), ("batch_size", args.batch_size)):
        if flag is not None:
            settings[key] = flag
    seed = args.seed if args.seed is not None else TRAIN["seed"]
    if seed is None:
        drawn = torch.tensor([int.from_bytes(os.urandom(4), "little") % 2**31])
        if size > 1:
            dist.broadcast(drawn, 0)
        seed = int(drawn)
        say(f"seed {seed} (pass --seed {seed} to repeat this run)")
    settings["seed"] = seed
    torch.manual_seed(seed)
    model = Model()
    model.initialize()
    if args.init:
        load_weights(model, args.init)
    data = load_dataset(args)
    if args.out and rank == 0:
        check_save_target(args.out)
    log = open(args.log, "w", encoding="utf-8") if args.log and rank == 0 else None
    model.to(device)
    net = model
    if size > 1:
        net = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    torch.manual_seed(seed + rank)  # each process its own dropout stream
    started = time.perf_counter()
    history = fit(model, net, data, settings, device, say, log)
    if log is not None:
        log.close()
    seconds = time.perf_counter() - started
    last = history[-1] if history else {}
    figures = ", ".join(f"{k} {to_precision(v, 4)}" for k, v in last.items())
    say(f"trained {len(history)} epoch{'' if len(history) == 1 else 's'} in {seconds:.1f}s: {figures}")
    if rank == 0 and args.predict:
        x = predict_inputs(args.predict, args)
        predictions = predict(model, x, settings["batch_size"], device)
        np.save(args.predictions or "predictions.npy", predictions[0].numpy())
        say(f"predictions written to {args.predictions or 'predictions.npy'}")
    if rank == 0:
        if args.out:
            save_model(model, args.out)
            say(f"saved to {args.out}/ (model.json, weights.bin)")
        else:
            say("pass --out DIR to keep the trained model")
    if size > 1:
        dist.barrier()
        # Every file is written and closed, and every process is past the last collective. torch
        # 1.13's teardown from here (destroy_process_group, the destructors of the gloo group and of
        # the TCPStore process 0 hosts) now and then never returns on one process while the other
        # exits: a 2-process run then hangs with nothing left to do (seen 1 run in 15 on a loaded
        # 2-core machine). So each process ends here, skipping that teardown.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))`;
