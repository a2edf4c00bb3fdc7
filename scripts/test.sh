#!/usr/bin/env bash
# Sets everything up on a fresh machine and runs every test, then prints one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH" TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
bash scripts/setup.sh --test
find packages apps test -name test-results.json -not -path '*/node_modules/*' -delete 2>/dev/null || true
status=0
# Two packages' suites at a time on this 2-core machine: more starve vitest's worker RPC.
pnpm run test --force --continue --concurrency=2 || status=$?
node scripts/test-summary.mjs || status=1
exit $status
