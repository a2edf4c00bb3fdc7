#!/usr/bin/env bash
# Sets up a fresh machine (Debian + Node 20 + npm) for Neurite: pnpm, the Rust wasm32 toolchain,
# wasm-opt, the workspace's npm packages and the build. `--test` also installs what the tests
# need (the Python Keras oracle, Chromium for the browser test). Safe to run again: each step is
# skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH" TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

PNPM_VERSION=9.15.9
with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1

log() { printf '\n==> %s\n' "$*"; }
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then echo "Neurite needs Node 20 or newer (found $(node --version))." >&2; exit 1; fi

# pnpm: corepack is unreliable here, so install it through npm.
if ! command -v pnpm >/dev/null || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  log "installing pnpm $PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi

# Rust for wasm32: rustup's toolchain when it can add the target, else Debian's rustc 1.63 with
# its wasm32 standard library. packages/kernels/scripts/build-wasm.mjs picks whichever is present.
if command -v rustup >/dev/null && rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
  log "rust: rustup toolchain with wasm32-unknown-unknown"
elif [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/wasm32-unknown-unknown ]; then
  log "rust: Debian rustc $(/usr/bin/rustc --version) with wasm32"
else
  log "rust: installing Debian's rustc, cargo and wasm32 standard library"
  apt_install rustc cargo libstd-rust-dev-wasm32 lld
fi
if ! command -v wasm-opt >/dev/null; then
  log "installing binaryen (wasm-opt)"
  apt_install binaryen
fi

if [ "$with_tests" = 1 ]; then
  if ! /usr/bin/python3 -c 'import keras_preprocessing' 2>/dev/null; then
    log "installing the Keras Tokenizer oracle (python3-keras-preprocessing)"
    apt_install python3-keras-preprocessing
  fi
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Chromium for the browser integration test (test/src/chromium.test.ts)"
    apt_install chromium
  fi
  # The benchmark's peers: PyTorch (one thread, OpenBLAS) and the ONNX files it exports for
  # onnxruntime-web and onnxruntime-node (bench/export-onnx.py).
  if ! /usr/bin/python3 -c 'import torch' 2>/dev/null || [ ! -e /usr/share/doc/libopenblas0-pthread ]; then
    log "installing PyTorch and OpenBLAS for the benchmark's peers (bench/)"
    apt_install python3-torch libopenblas0-pthread
  fi
fi

log "installing npm packages"
pnpm install --frozen-lockfile
log "building"
pnpm run build
