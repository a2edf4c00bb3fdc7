#!/usr/bin/env python3
"""The PyTorch CPU peer: the six seed-model cases (cases.mjs) on one thread.

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python3 bench/pytorch-peer.py [--quick] [--threads N]
        [--only CASE_ID] [--repeats N]

Prints one line `NEURITE_PEER {json}` (see peers.mjs) with the median wall and CPU ms per case and the batch-1
outputs, which must match the ONNX exports of the same models run by onnxruntime. The thread
variables are set here too, before torch loads, so a plain `python3 bench/pytorch-peer.py` is also
one thread. Adam with PyTorch's defaults (lr 1e-3), binary cross-entropy, as the JS peers.
`--only` runs one case, `--repeats` sets how many timed runs it takes (train-rounds.bench.mjs).
"""
import os
import sys


def flag(name, default):
    """The value after `name` on the command line, else `default`."""
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


THREADS = flag("--threads", "1")
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = THREADS

import json  # noqa: E402
import time  # noqa: E402

import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seed_models  # noqa: E402

CASES = [
    ("cnn-predict-1", "cnn", 1, "predict"),
    ("cnn-predict-32", "cnn", 32, "predict"),
    ("cnn-train-32", "cnn", 32, "trainStep"),
    ("lstm-predict-1", "lstm", 1, "predict"),
    ("lstm-predict-64", "lstm", 64, "predict"),
    ("lstm-train-64", "lstm", 64, "trainStep"),
]


def measure(run, warmup, warmup_ms, repeats, budget_ms=20000):
    """Like timing.mjs measure: warm up (at least `warmup` runs and `warmup_ms` of them), then median wall and process CPU ms of up to `repeats` runs."""
    start = time.perf_counter()
    done = 0
    while done < warmup or (time.perf_counter() - start) * 1000 < warmup_ms:
        run()
        done += 1
    walls, cpus = [], []
    start = time.perf_counter()
    while len(walls) < repeats:
        t, c = time.perf_counter(), time.process_time()
        run()
        walls.append((time.perf_counter() - t) * 1000)
        cpus.append((time.process_time() - c) * 1000)
        if (time.perf_counter() - start) * 1000 > budget_ms and len(walls) >= 3:
            break
    return {"ms": sorted(walls)[len(walls) // 2], "cpuMs": sorted(cpus)[len(cpus) // 2]}


def runners(model, x, y):
    optimizer = torch.optim.Adam(model.parameters())
    loss_fn = torch.nn.BCELoss()

    def predict():
        model.eval()
        with torch.no_grad():
            return model(x)

    def train_step():
        model.train()
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    return {"predict": predict, "trainStep": train_step}


def blas_library():
    """Which BLAS the process loaded (Debian's torch uses whatever libblas.so.3 points to)."""
    try:
        with open("/proc/self/maps") as f:
            paths = sorted({line.split()[-1] for line in f if "/libblas" in line})
    except OSError:
        return None
    # e.g. /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 -> "openblas-pthread"
    return os.path.basename(os.path.dirname(paths[0])) if paths else None


def main():
    torch.set_num_threads(int(THREADS))
    quick = "--quick" in sys.argv
    warmup, warmup_ms, repeats = (0, 0, 1) if quick else (2, 1000, int(flag("--repeats", "7")))
    only = flag("--only", None)
    rows, check = {}, {}
    for case_id, name, batch, op in CASES:
        if only is not None and case_id != only:
            continue
        x, y = seed_models.images(batch) if name == "cnn" else seed_models.sequences(batch)
        run = runners(seed_models.build(name), x, y)[op]
        try:
            rows[case_id] = measure(run, warmup, warmup_ms, repeats)
        except Exception as e:  # a failing case is reported in its cell, the others still run
            rows[case_id] = {"error": str(e).split("\n")[0][:90]}
        if op == "predict" and batch == 1:
            check[name] = run().flatten().tolist()
    result = {"version": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_library(), "rows": rows, "check": check}
    print("NEURITE_PEER " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
