#!/usr/bin/env bash
# Fault tests an operator can rerun, with their figures (docs/reliability.md):
#   - the service killed with SIGKILL in the middle of a burst of reports, at several moments;
#   - redis-server killed with SIGKILL during a stream of reports and started again after outages of several lengths.
# Each run starts the real service as its own process (Production settings) on a redis-server of its own
# (appendonly, appendfsync always), plays WeChat's callback with its retries and WeChat's outbound API on
# loopback, and checks that every delivered report is exactly one ticket, that nobody got an empty
# answer, and that every assignment reaches its handler once within two minutes of the restart.
#
#   ./scripts/fault.sh                 # the whole set (about 15 minutes)
#   KILLS="300 1000" OUTAGES="2000" ./scripts/fault.sh
#
# Knobs: REPORTS (1000 per burst), INFLIGHT (100), KILLS (ms after the burst starts: "200 500 1000 2000"),
# STREAM (300 reports in the Redis stream), OUTAGES (ms Redis stays down: "1000 3000 6000").
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/redis.sh
ensure_packages redis-server:redis-server

REPORTS=${REPORTS:-1000}
INFLIGHT=${INFLIGHT:-100}
KILLS=${KILLS-"200 500 1000 2000"}
STREAM=${STREAM:-300}
OUTAGES=${OUTAGES-"1000 3000 6000"}
report=$(mktemp -t neighborbot-fault.XXXXXX)
logs=$(mktemp -d -t neighborbot-fault-logs.XXXXXX)
status=0

dotnet build NeighborBot.Tests -c Release -v quiet -nologo >/dev/null || exit 1
run() {
  local log="$logs/run-$(date +%s%N).log"
  if ! dotnet test NeighborBot.Tests -c Release --no-build --nologo --filter "$1" --logger "console;verbosity=detailed" >"$log" 2>&1; then
    status=1
    echo "FAILED: $1" >&2
    grep -E "Error Message|Assert|Exception" -A8 "$log" | head -60 >&2
  fi
}

for kill in $KILLS; do
  echo "service killed at ${kill} ms into a burst of $REPORTS reports..." >&2
  FAULT_REPORTS=$REPORTS FAULT_INFLIGHT=$INFLIGHT FAULT_KILL_AT_MS=$kill FAULT_REPORT=$report \
    run "FullyQualifiedName~CrashTests.A_service_killed"
done
for outage in $OUTAGES; do
  echo "redis killed during a stream of $STREAM reports, down ${outage} ms..." >&2
  FAULT_STREAM_REPORTS=$STREAM FAULT_REDIS_OUTAGE_MS=$outage FAULT_REPORT=$report \
    run "FullyQualifiedName~CrashTests.Redis_killed"
done

cat "$report"
rm -rf "$report" "$logs"
[ $status -eq 0 ] && echo "all fault runs passed" || echo "a fault run failed (see above)"
exit $status
