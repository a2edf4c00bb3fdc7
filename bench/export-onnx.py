#!/usr/bin/env python3
"""Exports the two tutorial models (seed_models.py) to ONNX for the onnxruntime peers.

    python3 bench/export-onnx.py [--out DIR]     # default: bench/.cache/onnx (gitignored)

Writes seed-cnn.onnx (input "x": float32 [batch,3,150,150], NCHW) and seed-lstm.onnx (input "x":
int64 [batch,100]), output "y": [batch,1], with a dynamic batch axis. Weights come from
torch.manual_seed(1), so the files are the same bytes on every run with the same PyTorch.
Needs PyTorch (Debian's python3-torch, or torch from PyPI); prints one JSON line describing what
it wrote.
"""
import argparse
import hashlib
import inspect
import json
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seed_models  # noqa: E402

OPSET = 17


def export(name, sample, path):
    model = seed_models.build(name).eval()
    # Newer PyTorch defaults to the dynamo exporter (which needs onnxscript); keep the TorchScript one.
    legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
    # The exporter's UserWarnings (LSTM initial state, prim::Constant shape inference) do not apply:
    # the states start at zero and the batch axis is checked against PyTorch by the bench.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        torch.onnx.export(
            model, (sample,), path,
            input_names=["x"], output_names=["y"],
            dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}},
            opset_version=OPSET, do_constant_folding=True, **legacy,
        )
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(here, ".cache", "onnx"))
    out = parser.parse_args().out
    os.makedirs(out, exist_ok=True)
    files = {}
    for name, sample in (("cnn", seed_models.images(1)[0]), ("lstm", seed_models.sequences(1)[0])):
        path = os.path.join(out, f"seed-{name}.onnx")
        files[name] = {"path": path, "sha256": export(name, sample, path)}
    print(json.dumps({"torch": torch.__version__, "opset": OPSET, "files": files}))


if __name__ == "__main__":
    main()
