#!/usr/bin/env bash
# Sending benchmarks, one command (installs what it needs: scripts/install-deps.sh bench):
#  1. the worker sending N invitations (default 10,000) to postfix's smtp-sink on loopback,
#     against smtp-source sending N messages of the same size on one connection to the same
#     sink, in the same run (target: worker >= 0.5 x smtp-source);
#  2. POST /api/v1/interactions (one interaction per request) under wrk -t2 -c64 against nginx
#     serving a static file (target >= 0.4 x nginx on SQLite). Rounds alternate; medians.
#   bench/sending/run.sh [invitations] [seconds-per-wrk-round] [rounds]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$root/bench/lib/nginx-static.sh"
"$root/scripts/install-deps.sh" bench >&2   # wrk, nginx, postfix (only what is missing)
count="${1:-10000}"
seconds="${2:-10}"
rounds="${3:-3}"
scratch="${SCRATCH:-/tmp/build-sending-release}"
work="$(mktemp -d /tmp/sending-bench.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
now() { date +%s.%N; }

swift build -c release --package-path "$root" --scratch-path "$scratch" --product nps >/dev/null
nps="$scratch/release/nps"
export NPS_DATA_DIR="$work/data" NPS_BASE_URL="https://nps.example.com"
unset NPS_DATABASE_URL NPS_MAIL_URL NPS_LISTEN

# --- 1. worker vs smtp-source -------------------------------------------------------------
"$nps" survey update default --delay 0 --company "Acme" >/dev/null
python3 - "$count" >"$work/interactions.csv" <<'PY'
import sys
print("email,name,external_id,occurred_at,channel")
for i in range(int(sys.argv[1])):
    print(f"customer{i}@example.com,Customer {i},T-{i},2026-03-02T10:00:00Z,email")
PY
start=$(now)
"$nps" import interactions "$work/interactions.csv" >/dev/null
import_seconds=$(echo "$(now) - $start" | bc)
# The size of one survey email, for smtp-source.
NPS_MAIL_URL="file://$work/sample" "$nps" send-test customer1@example.com --name "Customer 1" >/dev/null
size=$(stat -c %s "$work"/sample/*.eml)

sink_port=$(free_port)
user_option=()
[[ $(id -u) -eq 0 ]] && user_option=(-u nobody)
smtp-sink "${user_option[@]}" 127.0.0.1:"$sink_port" 256 &
pids+=($!)
for _ in $(seq 1 100); do (echo >/dev/tcp/127.0.0.1/"$sink_port") 2>/dev/null && break; sleep 0.05; done

start=$(now)
smtp-source -d -s 1 -m "$count" -l "$size" -f bench@example.com -t sink@example.com \
  127.0.0.1:"$sink_port"
source_seconds=$(echo "$(now) - $start" | bc)

sent() { sqlite3 "$NPS_DATA_DIR/nps.sqlite" "SELECT count(*) FROM invitations WHERE status = 'sent'"; }
start=$(now)
NPS_MAIL_URL="smtp://127.0.0.1:$sink_port?starttls=none" NPS_WORKER_BATCH=500 NPS_WORKER_POLL_MS=10 \
  "$nps" worker 2>"$work/worker.log" &
worker=$!
pids+=($worker)
while [[ $(sent) -lt $count ]]; do sleep 0.05; done
worker_seconds=$(echo "$(now) - $start" | bc)
kill "$worker"; wait "$worker" 2>/dev/null || true

awk -v n="$count" -v size="$size" -v s="$source_seconds" -v w="$worker_seconds" -v i="$import_seconds" 'BEGIN {
  printf "messages: %d of %d bytes each (import of %d interactions took %.2f s)\n", n, size, n, i
  printf "smtp-source -s 1: %.2f s, %.0f msg/s\n", s, n / s
  printf "nps worker:       %.2f s, %.0f msg/s (render, send, record each)\n", w, n / w
  printf "ratio worker/smtp-source: %.2f (target >= 0.5)\n", s / w
}'

# --- 2. ingest endpoint vs nginx -------------------------------------------------------------
nginx_port=$(free_port)
api_port=$(free_port)
start_static_nginx "$work" "$nginx_port"
pids+=("$NGINX_PID")
export NPS_BENCH_KEY
NPS_BENCH_KEY=$("$nps" apikey create --scope ingest 2>/dev/null)
NPS_LISTEN="127.0.0.1:$api_port" NPS_API_RATE=1000000000 NPS_API_BURST=1000000000 NPS_HTTP_THREADS="${HTTP_THREADS:-8}" \
  "$nps" serve --no-worker 2>"$work/serve.log" &
pids+=($!)
for url in "http://127.0.0.1:$nginx_port/" "http://127.0.0.1:$api_port/healthz"; do
  for _ in $(seq 1 100); do curl -sf -o /dev/null "$url" && break; sleep 0.05; done
done
run() { # prints "requests/s p50 p99"
  wrk -t2 -c64 -d"${seconds}s" --latency "${@}" >"$work/wrk.txt"
  awk '/Requests\/sec/ {rps = $2} $1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2}
    END {print rps, p50, p99}' "$work/wrk.txt"
}
: >"$work/nginx.txt"
: >"$work/api.txt"
for round in $(seq 1 "$rounds"); do
  run "http://127.0.0.1:$nginx_port/" >>"$work/nginx.txt"
  NPS_BENCH_PREFIX="r$round" run -s "$here/ingest.lua" "http://127.0.0.1:$api_port" >>"$work/api.txt"
  grep -q "Non-2xx" "$work/wrk.txt" && { echo "ingest answered non-2xx:"; cat "$work/wrk.txt"; }
done
median() { sort -n -k1,1 "$1" | awk -v n="$rounds" 'NR == int((n + 1) / 2)'; }
{
  echo "server requests/s p50 p99"
  echo "nginx-static $(median "$work/nginx.txt")"
  echo "POST-interactions $(median "$work/api.txt")"
} | column -t | tee "$work/summary.txt"
stored=$(sqlite3 "$NPS_DATA_DIR/nps.sqlite" "SELECT count(*) FROM interactions")
awk -v r="$rounds" -v stored="$stored" 'NR == 2 {n = $2} NR == 3 {
  printf "ratio ingest/nginx (medians of %d rounds): %.2f (target >= 0.4); interactions stored: %d\n", r, $2 / n, stored}' \
  "$work/summary.txt"
