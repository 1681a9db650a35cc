#!/bin/sh
# A throwaway PostgreSQL for the storage tests, on 127.0.0.1 and a free port.
#
#   scripts/postgres-test-server.sh start DIR   # prints postgres://postgres@127.0.0.1:PORT/nps_test
#   scripts/postgres-test-server.sh stop DIR
#   scripts/postgres-test-server.sh test [swift test args...]  # start, run the storage tests, stop
#
# PostgreSQL refuses to run as root, so when run as root the cluster is created and run by the
# unprivileged `postgres` user (runuser) in DIR, which that user owns. The Unix socket goes to DIR
# too, so nothing under /var/run is needed.
set -eu

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start() {
  dir=$1
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  port=$(free_port)
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres nps_test
  echo "$port" >"$dir/port"
  echo "postgres://postgres@127.0.0.1:$port/nps_test"
}

stop() {
  dir=$(cd "$1" && pwd)
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
}

run_tests() {
  dir=$(mktemp -d /tmp/nps-pg.XXXXXX)
  url=$(start "$dir")
  trap 'stop "$dir"; rm -rf "$dir"' EXIT INT TERM
  NPS_TEST_POSTGRES_URL=$url NPS_REQUIRE_POSTGRES=1 swift test --filter StorageTests "$@"
}

case ${1:-} in
  start) start "${2:?usage: $0 start DIR}" ;;
  stop) stop "${2:?usage: $0 stop DIR}" ;;
  test) shift; run_tests "$@" ;;
  *) echo "usage: $0 start DIR | stop DIR | test [swift test args]" >&2; exit 64 ;;
esac
