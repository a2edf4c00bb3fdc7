"""Runs the original Keras preprocessing code on a JSON job and prints results.

Reads one JSON object on stdin:
  {"cases": [case...], "pads": [pad...]}
case: {"options": {num_words, filters, lower, split, char_level, oov_token},
       "fits": [[text or [token...]...] ...],   # successive fit_on_texts calls
       "fit_sequences": [[int...]...] | null,   # optional fit_on_sequences call
       "convert": [text...], "matrix_texts": [text...],
       "seq_to_text": [[int...]...], "our_json": str | null}
pad: {"sequences": [[number...]...], "kwargs": {...}}

Python `set` iteration order depends on string hashing, so Keras' word_docs
and index_docs key order varies between runs. Each case is therefore fitted
twice: once with stock Keras ("raw_json", compare as unordered maps) and once
with `set` in keras_preprocessing.text replaced by an insertion-ordered
de-duplication, which changes nothing but that order ("json", compare byte
for byte).
"""
import json
import sys

import numpy as np
from keras_preprocessing import text as text_mod
from keras_preprocessing.sequence import pad_sequences
from keras_preprocessing.text import Tokenizer, tokenizer_from_json


def ordered_set(items):
    return list(dict.fromkeys(items))


def fit(case):
    tok = Tokenizer(**case["options"])
    for texts in case["fits"]:
        tok.fit_on_texts(texts)
    if case.get("fit_sequences") is not None:
        tok.fit_on_sequences(case["fit_sequences"])
    return tok


def sparse(matrix):
    rows, cols = np.nonzero(matrix)
    return [[int(r), int(c), float(matrix[r, c])] for r, c in zip(rows, cols)]


def attempt(fn):
    try:
        return {"ok": fn()}
    except Exception as e:  # noqa: BLE001 - we report Keras' error class
        return {"error": type(e).__name__ + ": " + str(e)}


def run_case(case):
    if hasattr(text_mod, "set"):
        del text_mod.set
    raw = fit(case)
    text_mod.set = ordered_set
    tok = fit(case)
    del text_mod.set

    out = {
        "raw_json": raw.to_json(),
        "json": tok.to_json(),
        "word_index": list(tok.word_index.items()),
        "index_word": list(tok.index_word.items()),
        "word_counts": list(tok.word_counts.items()),
        "word_docs": list(tok.word_docs.items()),
        "index_docs": list(tok.index_docs.items()),
        "document_count": tok.document_count,
        "sequences": attempt(lambda: tok.texts_to_sequences(case["convert"])),
        "texts": attempt(lambda: tok.sequences_to_texts(case["seq_to_text"])),
        "matrices": {},
    }
    for mode in ("binary", "count", "tfidf", "freq"):
        def matrix(mode=mode):
            m = tok.texts_to_matrix(case["matrix_texts"], mode=mode)
            return {"shape": list(m.shape), "nonzero": sparse(m)}
        out["matrices"][mode] = attempt(matrix)
    if case.get("our_json") is not None:
        ours = tokenizer_from_json(case["our_json"])
        out["from_our_json"] = {
            "sequences": attempt(lambda: ours.texts_to_sequences(case["convert"])),
            # Keras re-serialises our JSON to the very same string.
            "json_identical": ours.to_json() == case["our_json"],
        }
    return out


def run_pad(pad):
    def go():
        x = pad_sequences(pad["sequences"], **pad["kwargs"])
        return {"shape": list(x.shape), "data": x.reshape(-1).tolist()}
    return attempt(go)


def main():
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    result = {
        "cases": [run_case(c) for c in job.get("cases", [])],
        "pads": [run_pad(p) for p in job.get("pads", [])],
    }
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main()
