#!/usr/bin/env bash
# Runs every test against a real, private redis-server (installed with apt when missing) and ends
# with one line "N passed, N failed[, N skipped]". Extra arguments go to `dotnet test`, e.g.
#   ./scripts/test.sh --filter "FullyQualifiedName~Callback"
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/redis.sh

start_private_redis || exit 1
export NEIGHBORBOT_TEST_REDIS="127.0.0.1:$REDIS_PORT"
results=$(mktemp -d -t neighborbot-tests.XXXXXX)

dotnet test NeighborBot.Tests --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@"
status=$?

trx="$results/results.trx"
if [ -f "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  count() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(count total); passed=$(count passed); failed=$(count failed)
  skipped=$(( total - passed - failed ))
  summary="$passed passed, $failed failed"
  [ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
  [ "$failed" -gt 0 ] && status=1
else
  # The build failed before any test ran.
  summary="0 passed, 1 failed"
  status=1
fi
rm -rf "$results"
echo "$summary"
exit $status
