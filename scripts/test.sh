#!/usr/bin/env bash
# Runs every test against real services: starts a scratch PostgreSQL and Redis on free loopback ports,
# runs the Maven build with the tests, and stops both whatever happens. Called by `./tollgate test`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

log() { echo "[test] $*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

ensure_redis() {
  command -v redis-server >/dev/null && return
  log "installing redis-server from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq redis-server >/dev/null
}

# The console's browser tests drive Debian's chromium (playwright-core never downloads a browser of its own).
ensure_chromium() {
  command -v chromium >/dev/null && return
  log "installing chromium from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null
}

SCRATCH=$(mktemp -d /tmp/tollgate-test.XXXXXX)
chmod 755 "$SCRATCH"
PG_DIR="$SCRATCH/pg"
PG_STARTED=""; REDIS_PID=""

stop_services() {
  set +e
  [[ -n "$REDIS_PID" ]] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null
  [[ -n "$PG_STARTED" ]] && runuser -u postgres -- pg_ctl -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$SCRATCH"
}
trap stop_services EXIT INT TERM

start_postgres() {
  local port; port=$(free_port)
  mkdir -p "$PG_DIR"; chown postgres "$PG_DIR"
  runuser -u postgres -- initdb -D "$PG_DIR/data" -A trust -U postgres -E UTF8 >/dev/null
  runuser -u postgres -- pg_ctl -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  PG_STARTED=1
  export TOLLGATE_TEST_PG_URL="postgresql://127.0.0.1:$port/postgres?user=postgres"
  log "PostgreSQL on 127.0.0.1:$port"
}

start_redis() {
  local port; port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --dir "$SCRATCH" --logfile "$SCRATCH/redis.log" &
  REDIS_PID=$!
  for _ in $(seq 1 100); do
    redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && break
    sleep 0.1
  done
  redis-cli -p "$port" ping | grep -q PONG || { echo "redis did not start" >&2; exit 1; }
  export TOLLGATE_TEST_REDIS_URL="redis://127.0.0.1:$port"
  log "Redis on 127.0.0.1:$port"
}

ensure_redis
ensure_chromium
start_postgres
start_redis
export TOLLGATE_TEST_REQUIRE_SERVICES=1

# Modules one after the other: timing tests (stream transparency) must not share the CPU with another module's tests.
mvn -B -e -Dstyle.color=never install "$@"

# The release tarball, built from what was just installed and run the way a user runs it (no JDK on the PATH).
log "release tarball"
"$ROOT/scripts/dist-smoke.sh" "$("$ROOT/scripts/dist.sh" | tail -n 1)"
