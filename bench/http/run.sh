#!/usr/bin/env bash
# Compares the HTTPServer module with nginx serving a 612-byte page, wrk -t2 -c64 on loopback.
# Installs what it needs (scripts/install-deps.sh bench). wrk shares the machine's cores with the servers,
# so compare the ratio, not the absolute numbers.
#   bench/http/run.sh [seconds-per-round] [pool-threads] [rounds]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib/nginx-static.sh"
"$here/../../scripts/install-deps.sh" bench >&2   # wrk, nginx (only what is missing)
seconds="${1:-10}"
threads="${2:-2}"
rounds="${3:-3}"
work="$(mktemp -d /tmp/http-bench.XXXXXX)"
scratch="${SCRATCH:-/tmp/build-http-bench}"
nginx_port=18081
swift_port=18082
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

swift build -c release --package-path "$here" --scratch-path "$scratch" >/dev/null

start_static_nginx "$work" "$nginx_port"
pids+=("$NGINX_PID")
"$scratch/release/http-bench" "$swift_port" "$threads" >/dev/null &
pids+=($!)

for port in $nginx_port $swift_port; do
  for _ in $(seq 1 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.05
  done
done

# One wrk run; prints "requests/s p50 p99".
run() {
  wrk -t2 -c64 -d"${seconds}s" --latency "http://127.0.0.1:$1/" >"$work/wrk.txt"
  awk '/Requests\/sec/ {rps = $2} $1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2}
    END {print rps, p50, p99}' "$work/wrk.txt"
}
# Rounds alternate between the servers, so load from other processes hits both alike; the
# median round of each is reported.
: >"$work/nginx.txt"
: >"$work/swift.txt"
for _ in $(seq 1 "$rounds"); do
  run $nginx_port >>"$work/nginx.txt"
  run $swift_port >>"$work/swift.txt"
done
median() { sort -n -k1,1 "$1" | awk -v n="$rounds" 'NR == int((n + 1) / 2)'; }
{
  echo "server requests/s p50 p99"
  echo "nginx $(median "$work/nginx.txt")"
  echo "HTTPServer(pool=$threads) $(median "$work/swift.txt")"
} | column -t | tee "$work/summary.txt"
awk 'NR == 2 {n = $2} NR == 3 {printf "ratio HTTPServer/nginx (medians of %d rounds): %.2f\n", '"$rounds"', $2 / n}' \
  "$work/summary.txt"
