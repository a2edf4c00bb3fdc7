#!/usr/bin/env bash
# The full training run of the shipped sentiment model (v0.5.0), end to end (see MODEL_CARD.md):
# 1. the teacher: all-MiniLM-L6-v2 fine-tuned on the three train splits, WordNet neutral examples
#    and the human-rated sentences (scripts/teacher/; PyTorch, training-time only);
# 2. the teacher's probabilities (soft labels) for the members' training texts, the rated
#    sentences, the extra news and review texts and the synthetic texts (scripts/data/synthetic/,
#    which keep their writers' labels), and its sentence embeddings for the same texts;
# 3. a bag-of-n-grams member on the soft labels of the members' own texts; from v0.5.0 the
#    vocabulary (16,000 words) is counted over the synthetic texts too, for every member;
# 4. a BiLSTM body pre-trained to regress the teacher's embeddings (feature distillation), then two
#    BiLSTMs (seeds 42, 45) started from it and trained on the soft labels;
# 5. the lexicon expert and combiner weights fitted / chosen on validation data → src/generated/sentiment-model.ts.
#
#   cd packages/text && bash scripts/train-shipped.sh OUT NEWS.jsonl REVIEWS.jsonl
#
# NEWS / REVIEWS: the unlabelled extra texts (JSONL of {text}) listed in MODEL_CARD.md, "Training
# data"; they are not on the package registries, so they are inputs here. Needs: the packages built,
# `apt-get install wordnet-base python3-torch python3-venv`, the data in ../shared/data/sentiment,
# PyPI and npm for the teacher, the rated sentences and the word vectors (cached in ~/.cache/neurite).
# About an hour end to end on the 2-core machine (stop 28: the teacher 32 minutes, the rest 24).
# NICE=0 runs at normal priority.
set -euo pipefail
OUT=${1:?usage: train-shipped.sh OUT NEWS.jsonl REVIEWS.jsonl}
NEWS=${2:?usage: train-shipped.sh OUT NEWS.jsonl REVIEWS.jsonl}
REVIEWS=${3:?usage: train-shipped.sh OUT NEWS.jsonl REVIEWS.jsonl}
NICE=${NICE:-5}
run() { nice -n "$NICE" npx tsx "$@"; }
mkdir -p "$OUT/soft"

run scripts/wordnet-neutral.ts --out "$OUT/wordnet-neutral.jsonl" --limit 4000 --seed 42
RATINGS=$(bash scripts/fetch-vader-ratings.sh)
run scripts/vader-ratings.ts --ratings "$RATINGS" --out "$OUT/vader-ratings"
{ read -r PY; read -r MODEL; } < <(bash scripts/teacher/fetch-teacher.sh)
VECTORS=$(bash scripts/fetch-word-vectors.sh)
DATA=$(cd ../../../shared/data/sentiment && pwd)
# The teacher takes half the run; a rerun into the same OUT keeps a finished one (fine_tune.py
# saves teacher.pt once training ends, then scores the val splits).
if [ ! -f "$OUT/teacher/teacher.pt" ]; then
  (cd scripts/teacher && nice -n "$NICE" "$PY" fine_tune.py --model "$MODEL" --data "$DATA" --wordnet "$OUT/wordnet-neutral.jsonl" --ratings "$OUT/vader-ratings" --out "$OUT/teacher")
fi
cp "$NEWS" "$OUT/extra-news.jsonl"
cp "$REVIEWS" "$OUT/extra-reviews.jsonl"
SYNTH=$(pwd)/scripts/data/synthetic
SYNTH_TEXTS="$SYNTH/wave1-news.jsonl,$SYNTH/wave1-reviews.jsonl,$SYNTH/wave1-social.jsonl,$SYNTH/wave2-news.jsonl"
(cd scripts/teacher && nice -n "$NICE" "$PY" soft_labels.py --model "$MODEL" --checkpoint "$OUT/teacher/teacher.pt" --data "$DATA" --wordnet "$OUT/wordnet-neutral.jsonl" --ratings "$OUT/vader-ratings" --out "$OUT/soft" --texts "$OUT/extra-news.jsonl,$OUT/extra-reviews.jsonl" --labelled-texts "$SYNTH_TEXTS")
SOFT="$OUT/soft/train.jsonl,$OUT/soft/rated.jsonl,$OUT/soft/texts-extra-news.jsonl,$OUT/soft/texts-extra-reviews.jsonl"
SOFT_WAVE1="$OUT/soft/texts-wave1-news.jsonl,$OUT/soft/texts-wave1-reviews.jsonl,$OUT/soft/texts-wave1-social.jsonl"
SOFT_WAVE2="$OUT/soft/texts-wave2-news.jsonl"
# One embeddings.py call per group of files, as in the run that trained the shipped weights: the
# batches are sorted by length over a call's texts, and another batching moves them by about 1e-6.
for group in SOFT SOFT_WAVE1 SOFT_WAVE2; do
  files=${!group}
  (cd scripts/teacher && nice -n "$NICE" "$PY" embeddings.py --model "$MODEL" --checkpoint "$OUT/teacher/teacher.pt" --out "$OUT/embeddings-$group.f32" ${files//,/ })
done
cat "$OUT/embeddings-SOFT.f32" "$OUT/embeddings-SOFT_WAVE1.f32" "$OUT/embeddings-SOFT_WAVE2.f32" > "$OUT/teacher-embeddings.f32"
SOFT="$SOFT,$SOFT_WAVE1,$SOFT_WAVE2"

run scripts/train.ts --arch bag --vectors "$VECTORS" --seed 44 --epochs 2 --decay-epochs 2 --lr 0.005 --budget-minutes 20 --vocab-size 16000 --embedding-dim 24 --buckets 32768 --soft "$OUT/soft/train.jsonl" --alpha 0.5 --vocab-texts "$SYNTH_TEXTS" --out "$OUT/bag-44"
run scripts/pretrain-body.ts --tokenizer "$OUT/bag-44/tokenizer.json" --embeddings "$OUT/teacher-embeddings.f32" --vectors "$VECTORS" --out "$OUT/body" ${SOFT//,/ }
BILSTM=(--vectors "$VECTORS" --arch bilstm --epochs 4 --decay-epochs 4 --lr 0.0015 --budget-minutes 80 --vocab-size 16000 --embedding-dim 56 --units 64 --soup-from 2 --soft "$SOFT" --alpha 0.5 --init "$OUT/body" --vocab-texts "$SYNTH_TEXTS")
run scripts/train.ts "${BILSTM[@]}" --seed 42 --out "$OUT/bilstm-42"
run scripts/train.ts "${BILSTM[@]}" --seed 45 --out "$OUT/bilstm-45"
run scripts/combine.ts --members "$OUT/bilstm-42/soup,$OUT/bilstm-45/soup,$OUT/bag-44/epoch-02" --run "$OUT/bilstm-42" --out "$OUT/combiner.json"
run scripts/export.ts --combiner "$OUT/combiner.json"
