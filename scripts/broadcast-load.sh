#!/usr/bin/env bash
# One broadcast to N bound residents through the whole pipeline (the due start, the hand-over, the outbox
# on a Hangfire server, Redis), WeChat's API played by the fake on loopback, on a private redis-server.
# Prints the time to the last delivery, the rate reached and the Redis commands per recipient.
#   ./scripts/broadcast-load.sh [recipients (5000)] [sends per second (50)] [job workers (default)] [--handover-only]
# --handover-only replaces the outbox with one that drops the messages: the hand-over's own cost.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/redis.sh

recipients=${1:-5000}
rate=${2:-50}
workers=${3:-0}
start_private_redis
dotnet build -c Release bench/NeighborBot.Benchmarks -v q -nologo >/dev/null
dotnet bench/NeighborBot.Benchmarks/bin/Release/net10.0/NeighborBot.Benchmarks.dll broadcast \
  --redis "127.0.0.1:$REDIS_PORT" --recipients "$recipients" --rate "$rate" --workers "$workers" ${4:-}
