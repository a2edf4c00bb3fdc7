"""The teacher's probabilities for the members' training texts: the soft targets of
`scripts/train.ts --soft` (the distillation experiment in MODEL_CARD.md; training-time only).

  python soft_labels.py --model DIR --checkpoint OUT/teacher.pt --data DIR --wordnet FILE --ratings DIR --out DIR
      [--texts FILES] [--labelled-texts FILES] [--only-texts]

writes OUT/train.jsonl  airline, tweet_sentiment_extraction, rt_polarity_binary train and the WordNet
                        neutral examples, in train.ts's order, each {text, label, soft: [neg, neu, pos]};
                        rt_polarity rows (binary labels) get the teacher's neutral share set to 0 and
                        the rest renormalised
       OUT/rated.jsonl  the rated news / review / tweet train sentences with label null: the
                        students learn the teacher's reading of them, not the raters' labels
       OUT/texts-NAME   with --texts FILES (comma-separated JSONL of {text}): each file's texts with
                        label null, e.g. unlabelled news sentences, for the students to learn the
                        teacher's reading of them
       OUT/texts-NAME   with --labelled-texts FILES (JSONL of {text, label}): the same, each row
                        keeping its own label, so train.ts mixes it with the teacher's as for the
                        train splits (the synthetic texts and their writers' labels)
--only-texts: label the --texts and --labelled-texts files alone.
Never reads a test split. About 16 minutes for the 58,891 texts on a quiet 2-core machine.
"""
import argparse
import json
import os

import numpy as np
import torch
from transformers import AutoTokenizer

from fine_tune import Teacher, predict, read, train_files


def write(path, parts, labelled):
    with open(path, "w") as f:
        for rows, p, binary in parts:
            for r, q in zip(rows, p):
                if binary:
                    q = q.copy(); q[1] = 0; q /= q.sum()
                label = str(r["label"]).lower() if labelled else None
                f.write(json.dumps({"text": r["text"], "label": label, "soft": [round(float(v), 5) for v in q]}) + "\n")


def main():
    ap = argparse.ArgumentParser()
    for name in ("model", "checkpoint", "data", "wordnet", "ratings", "out"):
        ap.add_argument(f"--{name}", required=True)
    ap.add_argument("--texts", default="")
    ap.add_argument("--labelled-texts", default="", help="like --texts, each row keeping its own label")
    ap.add_argument("--only-texts", action="store_true", help="label the --texts / --labelled-texts files only")
    a = ap.parse_args()
    torch.set_num_threads(2)
    os.makedirs(a.out, exist_ok=True)
    tok = AutoTokenizer.from_pretrained(a.model)
    model = Teacher(a.model)
    model.load_state_dict(torch.load(a.checkpoint))
    labelled, rated = [], []
    for path, binary, is_rated in [] if a.only_texts else train_files(a.data, a.wordnet, a.ratings):
        rows = read(path)
        part = (rows, predict(model, tok, [r["text"] for r in rows]), binary)
        (rated if is_rated else labelled).append(part)
        print(f"{path}: {len(rows)} texts", flush=True)
    if not a.only_texts:
        write(f"{a.out}/train.jsonl", labelled, True)
        write(f"{a.out}/rated.jsonl", rated, False)
    for paths, keep_labels in ((a.texts, False), (a.labelled_texts, True)):
        for path in filter(None, paths.split(",")):
            rows = read(path)
            write(f"{a.out}/texts-{os.path.basename(path)}", [(rows, predict(model, tok, [r["text"] for r in rows]), False)], keep_labels)
            print(f"{path}: {len(rows)} texts", flush=True)


if __name__ == "__main__":
    main()
