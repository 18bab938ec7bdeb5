# Shared by the scripts: install redis-server when missing and run a private instance on a free
# loopback port, with its data in a temporary folder. Source it, then call start_private_redis;
# it sets REDIS_PORT and registers stop_private_redis to run on exit.

ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    command -v "${pkg%%:*}" >/dev/null 2>&1 || missing+=("${pkg##*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing ${missing[*]} with apt..." >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

start_private_redis() {
  ensure_packages redis-server:redis-server
  REDIS_DIR=$(mktemp -d -t neighborbot-redis.XXXXXX)
  REDIS_PORT=$(free_port)
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR" \
    --save '' --appendonly no --daemonize yes --pidfile "$REDIS_DIR/redis.pid" \
    --logfile "$REDIS_DIR/redis.log" >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$REDIS_PORT" ping >/dev/null || { echo "redis-server did not start:" >&2; cat "$REDIS_DIR/redis.log" >&2; return 1; }
  trap stop_private_redis EXIT
  export REDIS_PORT
}

stop_private_redis() {
  if [ -n "${REDIS_PORT:-}" ]; then
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  fi
  [ -n "${REDIS_DIR:-}" ] && rm -rf "$REDIS_DIR"
  REDIS_PORT=""
}
