#!/usr/bin/env bash
# Throw-away PostgreSQL and Redis servers on loopback, from Debian's packages, for the multi-instance tests,
# the benchmarks and trying scale-out by hand. Everything lives in one temporary folder.
#
#   eval "$(bash scripts/services.sh start)"   # starts both, prints the exports that point the tests at them
#   bash scripts/services.sh stop "$PORTAL_SERVICES_DIR"
#
# Ports: the first free ones from PORTAL_PG_PORT (default 55432) and PORTAL_REDIS_PORT (default 56379).
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# The first port from $1 up that nothing listens on.
free_port() {
  local port=$1
  while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

start() {
  local pg_port redis_port
  pg_port=$(free_port "${PORTAL_PG_PORT:-55432}")
  redis_port=$(free_port "${PORTAL_REDIS_PORT:-56379}")
  if [ -z "$pg_bin" ] || ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    echo "Installing Debian's postgresql and redis-server..." >&2
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql redis-server >/dev/null
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  local dir
  dir=$(mktemp -d /tmp/portal-services-XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  # PostgreSQL refuses to run as root: its files belong to the postgres user. Trust on loopback only.
  as_postgres "$pg_bin/initdb" -D "$dir/pg" -A trust -U portal >/dev/null
  as_postgres "$pg_bin/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -w \
    -o "-p $pg_port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  echo "export PORTAL_SERVICES_DIR='$dir'"
  echo "export TEST_POSTGRES='Host=127.0.0.1;Port=$pg_port;Username=portal;Database=postgres'"
  echo "export TEST_REDIS='127.0.0.1:$redis_port'"
}

stop() {
  local dir=${1:?the folder start printed}
  [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  [ -d "$dir/pg" ] && as_postgres "$pg_bin/pg_ctl" -D "$dir/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

"${1:-start}" "${@:2}"
