"""The two tutorial models in PyTorch, layer for layer the same as neurite-models.mjs and
tfjs-models.mjs (shapes in ../shared/docs/benchmarks.md), and the inputs every peer is fed.

PyTorch (and the ONNX files exported from it) take images as NCHW; Neurite and tfjs take NHWC.
Shared by export-onnx.py and pytorch-peer.py.
"""
import numpy as np
import torch
from torch import nn


class SeedCnn(nn.Module):
    """[n,3,150,150] -> conv32 -> pool -> conv64 -> pool -> conv128 -> pool -> 36992 -> 512 -> 1."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 128, 3), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.head = nn.Sequential(
            nn.Flatten(), nn.Linear(17 * 17 * 128, 512), nn.ReLU(), nn.Linear(512, 1), nn.Sigmoid(),
        )

    def forward(self, x):
        return self.head(self.features(x))


class SeedLstm(nn.Module):
    """[n,100] word ids -> Embedding(10000,64) -> LSTM(64, all steps) -> LSTM(32, last step) -> 1."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(10000, 64)
        self.lstm1 = nn.LSTM(64, 64, batch_first=True)
        self.lstm2 = nn.LSTM(64, 32, batch_first=True)
        self.dense = nn.Linear(32, 1)

    def forward(self, ids):
        seq, _ = self.lstm1(self.embedding(ids))
        _, (h, _) = self.lstm2(seq)
        return torch.sigmoid(self.dense(h[-1]))


def build(name):
    torch.manual_seed(1)
    return SeedCnn() if name == "cnn" else SeedLstm()


def _hashes(count):
    # The same integer hash as the JavaScript side (bench/cases.mjs): (i * 2654435761) mod 2^32.
    return (np.arange(count, dtype=np.uint64) * np.uint64(2654435761)) % np.uint64(2 ** 32)


def images(batch):
    """NCHW float32 images in [0, 1) and 0/1 labels."""
    x = (_hashes(batch * 3 * 150 * 150).astype(np.float64) / 2 ** 32).astype(np.float32)
    return torch.from_numpy(x.reshape(batch, 3, 150, 150)), labels(batch)


def sequences(batch):
    """int64 word ids in [0, 10000) and 0/1 labels."""
    ids = (_hashes(batch * 100) % np.uint64(10000)).astype(np.int64)
    return torch.from_numpy(ids.reshape(batch, 100)), labels(batch)


def labels(batch):
    return torch.from_numpy((np.arange(batch) % 2).astype(np.float32).reshape(batch, 1))
