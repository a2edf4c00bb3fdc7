"""The fine-tuned teacher's sentence embeddings (mean-pooled last hidden states, 384 numbers, the
vector its head reads) for every row of the given JSONL files, in order: the targets of
scripts/pretrain-body.ts (feature distillation; MODEL_CARD.md, v0.4.0; training-time only).

  python embeddings.py --model DIR --checkpoint OUT/teacher.pt --out FILE.f32 TEXTS.jsonl [...]

writes FILE.f32: little-endian float32, one row of 384 per text. About 8 minutes for the 63,639
texts of v0.4.0's training run on a quiet 2-core machine. Never reads a test split.
"""
import argparse
import json

import numpy as np
import torch
from transformers import AutoTokenizer

from fine_tune import MAXLEN, Teacher, pad, read


def main():
    ap = argparse.ArgumentParser()
    for name in ("model", "checkpoint", "out"):
        ap.add_argument(f"--{name}", required=True)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    torch.set_num_threads(2)
    tok = AutoTokenizer.from_pretrained(a.model)
    model = Teacher(a.model)
    model.load_state_dict(torch.load(a.checkpoint))
    model.eval()
    texts = [r["text"] for path in a.files for r in read(path)]
    enc = tok(texts, truncation=True, max_length=MAXLEN)["input_ids"]
    order = sorted(range(len(texts)), key=lambda i: len(enc[i]))
    out = np.zeros((len(texts), 384), np.float32)
    with torch.no_grad():
        for s in range(0, len(order), 64):
            b = order[s:s + 64]
            ids, mask = pad([enc[i] for i in b])
            out[b] = model.embed(ids, mask).numpy()
    out.astype("<f4").tofile(a.out)
    print(f"{len(texts)} embeddings of 384 written to {a.out}", flush=True)


if __name__ == "__main__":
    main()
