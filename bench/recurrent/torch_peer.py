"""The recurrent benchmark's PyTorch peer (bench/recurrent/torch-peer.ts): B1–B4 written as a
PyTorch user would write them — torch.nn's LSTM and GRU, one thread, Adam, MSE — answering one
training step or forward pass per line on stdin ("train" or "forward"), "ok MS" when done (the
milliseconds it took, by time.perf_counter), so that `npm run bench` interleaves it with rnnc and
tfjs-layers in one run.

Semantics differ from Keras where PyTorch has no equal, and the bench says so:
- B2: nn.GRU is Keras's reset_after=true form (rnnc's B2 is reset_after=false, tfjs-layers' only form);
- B3: nn.Embedding(padding_idx=0) and pack_padded_sequence over the real lengths (Keras's mask_zero
  with right padding computes the same last output; PyTorch skips the padded steps).

First line on stdin: the model as JSON {id, batch, time, features, vocab, lengths}.
"""

import json
import sys
import time

import torch
from torch import nn

torch.set_num_threads(1)
torch.manual_seed(1)


class Recurrent(nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.id = spec["id"]
        features, units = spec["features"], spec["units"]
        if self.id == "B3":
            self.embedding = nn.Embedding(spec["vocab"], features, padding_idx=0)
            self.lengths = torch.tensor(spec["lengths"], dtype=torch.int64)
        cell = nn.GRU if self.id == "B2" else nn.LSTM
        layers, bidirectional = (2, True) if self.id == "B4" else (1, False)
        self.rnn = cell(features, units, num_layers=layers, bidirectional=bidirectional, batch_first=True)
        self.head = nn.Linear(units * (2 if bidirectional else 1), 1)

    def forward(self, x):
        if self.id == "B3":
            packed = nn.utils.rnn.pack_padded_sequence(self.embedding(x), self.lengths, batch_first=True, enforce_sorted=False)
            _, (h, _) = self.rnn(packed)
            return self.head(h[-1])
        _, state = self.rnn(x)
        h = state[0] if isinstance(state, tuple) else state
        # The last layer's final states: forward's last step and, for B4, backward's (Keras's merge 'concat').
        last = torch.cat([h[-2], h[-1]], dim=1) if self.id == "B4" else h[-1]
        return self.head(last)


def main():
    spec = json.loads(sys.stdin.readline())
    model = Recurrent(spec)
    if spec["id"] == "B3":
        x = torch.zeros(spec["batch"], spec["time"], dtype=torch.int64)
        for b, length in enumerate(spec["lengths"]):
            x[b, :length] = torch.randint(1, spec["vocab"], (length,))
    else:
        x = torch.randn(spec["batch"], spec["time"], spec["features"])
    y = torch.randn(spec["batch"], 1)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.MSELoss()
    print("ready", flush=True)
    for line in sys.stdin:
        command = line.strip()
        start = time.perf_counter()
        if command == "train":
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            loss.item()
        elif command == "forward":
            with torch.no_grad():
                model(x).numpy()
        else:
            break
        print(f"ok {1000 * (time.perf_counter() - start):.4f}", flush=True)


main()
