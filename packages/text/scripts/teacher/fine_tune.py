"""Fine-tunes the teacher of the distillation experiment (MODEL_CARD.md, "Experiment: a fine-tuned
teacher …"; training-time only: nothing of it ships).

all-MiniLM-L6-v2 (the whole encoder; fetch-teacher.sh) + mean pooling over the attention mask +
Linear(384, 3) [negative, neutral, positive], one epoch over the members' training data plus the
human-rated sentences: airline, tweet_sentiment_extraction and rt_polarity_binary train (rt rows
binary: a 2-way softmax over the negative/positive logits, the neutral logit masked), the WordNet
neutral examples (scripts/wordnet-neutral.ts) and the rated news / review / tweet train splits
(scripts/vader-ratings.ts). Raw text, at most 64 word pieces. AdamW (encoder lr 5e-5, head 5e-4,
weight decay 0.01), batch 32, linear warm-up over 6 % of the steps then linear decay to 0,
gradient norm clipped at 1, seed 42. Batches group texts of similar length (shuffled, sorted by
length in chunks of 50 batches, batches shuffled) so little time goes to padding. Prints val
accuracies; never reads a test split.

  python fine_tune.py --model DIR --data DIR --wordnet FILE --ratings DIR --out DIR [--epochs 1]

writes OUT/teacher.pt (state dict) and OUT/train.log. Needs torch and transformers 4.30
(fetch-teacher.sh sets up both); two threads. About 65 minutes on a quiet 2-core machine.
This is the experiment's script with its paths made arguments; run in full only in that form.
"""
import argparse
import datetime as dt
import json
import math
import os
import random

import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

BATCH, MAXLEN, LR, HEAD_LR, WARM_FRAC, SEED = 32, 64, 5e-5, 5e-4, 0.06, 42
LABELS = {"negative": 0, "neutral": 1, "positive": 2}


def train_files(data, wordnet, ratings):
    """(path, binary labels?, rated sentences?) in training order."""
    return [(f"{data}/airline/train.jsonl", False, False), (f"{data}/tweet_sentiment_extraction/train.jsonl", False, False),
            (f"{data}/rt_polarity_binary/train.jsonl", True, False), (wordnet, False, False),
            (f"{ratings}/news/train.jsonl", False, True), (f"{ratings}/reviews/train.jsonl", False, True),
            (f"{ratings}/tweets/train.jsonl", False, True)]


def read(path):
    assert "test" not in os.path.basename(path), f"refusing to read a test split: {path}"
    return [json.loads(line) for line in open(path) if line.strip()]


class Teacher(torch.nn.Module):
    def __init__(self, model_dir):
        super().__init__()
        self.enc = AutoModel.from_pretrained(model_dir)
        self.head = torch.nn.Linear(384, 3)

    def embed(self, ids, mask):
        """Mean of the last hidden states over the attention mask: the sentence embedding."""
        h = self.enc(input_ids=ids, attention_mask=mask).last_hidden_state
        m = mask.unsqueeze(-1).float()
        return (h * m).sum(1) / m.sum(1).clamp(min=1e-9)

    def forward(self, ids, mask):
        return self.head(self.embed(ids, mask))


def pad(seqs):
    n = max(len(s) for s in seqs)
    ids = torch.zeros(len(seqs), n, dtype=torch.long)
    mask = torch.zeros(len(seqs), n, dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s)
        mask[i, :len(s)] = 1
    return ids, mask


def length_batches(lens, rng):
    idx = list(range(len(lens)))
    rng.shuffle(idx)
    chunk = BATCH * 50
    out = []
    for c in range(0, len(idx), chunk):
        part = sorted(idx[c:c + chunk], key=lambda i: lens[i])
        out += [part[s:s + BATCH] for s in range(0, len(part), BATCH)]
    rng.shuffle(out)
    return out


@torch.no_grad()
def predict(model, tok, texts, batch=64):
    """Probabilities [n, 3] (float64), in the order of texts."""
    model.eval()
    enc = tok(texts, truncation=True, max_length=MAXLEN)["input_ids"]
    order = sorted(range(len(texts)), key=lambda i: len(enc[i]))
    out = np.zeros((len(texts), 3), np.float64)
    for s in range(0, len(order), batch):
        b = order[s:s + batch]
        ids, mask = pad([enc[i] for i in b])
        out[b] = torch.softmax(model(ids, mask).double(), -1).numpy()
    return out


def main():
    ap = argparse.ArgumentParser()
    for name in ("model", "data", "wordnet", "ratings", "out"):
        ap.add_argument(f"--{name}", required=True)
    ap.add_argument("--epochs", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(2)
    torch.set_num_interop_threads(1)
    random.seed(SEED); np.random.seed(SEED); torch.manual_seed(SEED)
    os.makedirs(a.out, exist_ok=True)
    logf = open(f"{a.out}/train.log", "a")

    def log(s):
        line = f"{dt.datetime.utcnow():%H:%M:%S} {s}"
        print(line, flush=True); logf.write(line + "\n"); logf.flush()

    tok = AutoTokenizer.from_pretrained(a.model)
    texts, ys, binary = [], [], []
    for path, is_binary, _ in train_files(a.data, a.wordnet, a.ratings):
        rows = read(path)
        texts += [r["text"] for r in rows]
        ys += [LABELS[str(r["label"]).lower()] for r in rows]
        binary += [is_binary] * len(rows)
        log(f"train {path}: {len(rows)} rows")
    enc = tok(texts, truncation=True, max_length=MAXLEN)["input_ids"]
    lens = [len(e) for e in enc]
    ys, binary = torch.tensor(ys), torch.tensor(binary)
    model = Teacher(a.model)
    model.train()
    opt = torch.optim.AdamW([{"params": model.enc.parameters(), "lr": LR},
                             {"params": model.head.parameters(), "lr": HEAD_LR}], weight_decay=0.01)
    rng = random.Random(SEED)
    warm = int(WARM_FRAC * math.ceil(len(texts) / BATCH))
    neutral = (torch.arange(3) == 1).unsqueeze(0)
    step = 0
    for epoch in range(a.epochs):
        batches = length_batches(lens, rng)
        total = len(batches) * a.epochs
        for b in batches:
            f = step / warm if step < warm else max(0.0, (total - step) / max(1, total - warm))
            for g, lr in zip(opt.param_groups, (LR, HEAD_LR)):
                g["lr"] = lr * f
            logits = model(*pad([enc[i] for i in b]))
            logits = torch.where(binary[b].unsqueeze(1) & neutral, torch.full_like(logits, -1e4), logits)
            loss = torch.nn.functional.cross_entropy(logits, ys[b])
            opt.zero_grad(); loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            if step % 100 == 0:
                log(f"epoch {epoch + 1} step {step}/{total} loss {loss.item():.4f}")
    torch.save(model.state_dict(), f"{a.out}/teacher.pt")
    log(f"saved {a.out}/teacher.pt")
    for name in ("airline", "tweet_sentiment_extraction", "rt_polarity_binary"):
        rows = read(f"{a.data}/{name}/val.jsonl")
        p = predict(model, tok, [r["text"] for r in rows])
        y = np.array([LABELS[str(r["label"]).lower()] for r in rows])
        guess = np.where(p[:, 2] > p[:, 0], 2, 0) if name == "rt_polarity_binary" else p.argmax(1)
        log(f"val {name}: accuracy {100 * np.mean(guess == y):.2f} %")


if __name__ == "__main__":
    main()
