#!/usr/bin/env bash
# Runs every test against a real, private redis-server (installed with apt when missing, as are chromium
# and fonts-noto-cjk for the console's browser tests): the .NET
# tests, then the Wechaty bridge's (Node, installed with npm ci), one of which plays a mock WeChat
# group against a real NeighborBot. Ends with one line "N passed, N failed[, N skipped]" for all.
# Extra arguments go to `dotnet test` and leave the bridge's tests out, e.g.
#   ./scripts/test.sh --filter "FullyQualifiedName~Callback"
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/redis.sh
source scripts/lib/bridge.sh
source scripts/lib/browser.sh

start_private_redis || exit 1
ensure_browser
export NEIGHBORBOT_TEST_REDIS="127.0.0.1:$REDIS_PORT"
results=$(mktemp -d -t neighborbot-tests.XXXXXX)

dotnet test NeighborBot.Tests --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" 2>&1 | tee "$results/console.log"
status=${PIPESTATUS[0]}
# The failures, with the start of their messages, are printed again just before the last line, so a
# log that keeps only its tail still says which test failed and why.
failures=$(grep -A 15 '^  Failed ' "$results/console.log" | head -n 80)

passed=0 failed=0 skipped=0
trx="$results/results.trx"
if [ -f "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  count() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$(count passed); failed=$(count failed)
  skipped=$(( $(count total) - passed - failed ))
  [ "$failed" -gt 0 ] && status=1
else
  # The build failed before any test ran.
  failed=1
  status=1
fi
rm -rf "$results"

if [ $# -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "== The Wechaty bridge's tests" >&2
  bridge_log=$(mktemp -t neighborbot-bridge.XXXXXX)
  run_bridge_tests | tee "$bridge_log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  line=$(tail -n 1 "$bridge_log")
  rm -f "$bridge_log"
  if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed(,\ ([0-9]+)\ skipped)?$ ]]; then
    passed=$(( passed + BASH_REMATCH[1] )); failed=$(( failed + BASH_REMATCH[2] )); skipped=$(( skipped + ${BASH_REMATCH[4]:-0} ))
  else
    failed=$(( failed + 1 ))
    status=1
  fi
fi

if [ -n "$failures" ]; then
  echo "== Failed"
  echo "$failures"
fi
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
exit $status
