# Shared by the scripts: the Wechaty bridge's tests (bridges/wechaty), including the one that plays a
# mock WeChat group against a real NeighborBot. Source it after scripts/lib/redis.sh and
# start_private_redis, with NeighborBot.Api built (Debug); run_bridge_tests prints the bridge's
# "N passed, N failed[, N skipped]" as its last line and returns non-zero on a failure.

run_bridge_tests() {
  ensure_packages node:nodejs npm:npm curl:curl
  (cd bridges/wechaty && npm ci --no-audit --no-fund --loglevel=error) >&2 || { echo "0 passed, 1 failed"; return 1; }

  local api_port bridge_port secret admin_key log pid
  api_port=$(free_port) bridge_port=$(free_port)
  secret="bridge-e2e-secret-$RANDOM$RANDOM$RANDOM"
  admin_key="bridge-e2e-admin-$RANDOM$RANDOM"
  log=$(mktemp -t neighborbot-bridge-e2e.XXXXXX)

  # NeighborBot as in production, but on the private Redis under its own prefix, with the demo directory.
  ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$api_port" \
    ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" Redis__KeyPrefix="bridge-e2e-$RANDOM" \
    Admin__ApiKey="$admin_key" Bridges__wechaty__Secret="$secret" \
    Bridges__wechaty__SendUrl="http://127.0.0.1:$bridge_port/send" \
    dotnet NeighborBot.Api/bin/Debug/net10.0/NeighborBot.Api.dll --contentRoot "$PWD/NeighborBot.Api" >"$log" 2>&1 &
  pid=$!

  local ready=""
  for _ in $(seq 1 150); do
    if curl -fs "http://127.0.0.1:$api_port/readyz" >/dev/null 2>&1 \
      && curl -fs "http://127.0.0.1:$api_port/api/admin/directory" -H "Authorization: Bearer $admin_key" | grep -q '"grids"'; then
      ready=1
      break
    fi
    sleep 0.2
  done
  local status=1
  if [ -z "$ready" ]; then
    echo "NeighborBot did not start for the bridge's tests:" >&2
    tail -n 40 "$log" >&2
    echo "0 passed, 1 failed"
  elif ! curl -fs -X PUT "http://127.0.0.1:$api_port/api/admin/groups/wechaty/10696051@chatroom" \
      -H "Authorization: Bearer $admin_key" -H 'Content-Type: application/json' \
      -d '{"name": "3号楼住户群", "grid": "g1"}' >/dev/null; then
    echo "Mapping the bridge's test group failed" >&2
    echo "0 passed, 1 failed"
  else
    (cd bridges/wechaty && NEIGHBORBOT_URL="http://127.0.0.1:$api_port" NEIGHBORBOT_BRIDGE_SECRET="$secret" \
      NEIGHBORBOT_ADMIN_KEY="$admin_key" BRIDGE_PORT="$bridge_port" npm test --silent)
    status=$?
  fi

  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  rm -f "$log"
  return $status
}
