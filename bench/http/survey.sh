#!/usr/bin/env bash
# Survey pages under load: a real `nps serve --no-worker` (release build, SQLite, rate limit
# off) against nginx serving a 612-byte static file, in the same run, wrk -t2 -c64:
#   - GET  /s/TOKEN/SCORE  the survey page (one view written per request), distinct tokens
#   - GET  /s/TOKEN        the page without a score, which writes nothing (the write's share)
#   - POST /s/TOKEN        the response form (one response written per request), distinct tokens
# Prints requests/s, p50, p99, the ratio to nginx, and nps's resident memory idle and at peak.
# Installs what it needs (scripts/install-deps.sh bench).
#   [HTTP_THREADS=N] [CONNECTIONS=N] bench/http/survey.sh [seconds] [tokens]
# CONNECTIONS sets wrk's open connections (default 64): fewer shows the latency below
# saturation.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$root/bench/lib/nginx-static.sh"
"$root/scripts/install-deps.sh" bench >&2   # wrk, nginx, postfix (only what is missing)
seconds="${1:-10}"
tokens="${2:-20000}"
connections="${CONNECTIONS:-64}"
scratch="${SCRATCH:-/tmp/build-nps-release}"
work="$(mktemp -d /tmp/survey-bench.XXXXXX)"
nginx_port=18091
nps_port=18092
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

swift build -c release --package-path "$root" --scratch-path "$scratch" --product nps >/dev/null
nps="$scratch/release/nps"

mkdir -p "$work/data"
start_static_nginx "$work" "$nginx_port"
pids+=("$NGINX_PID")

export NPS_DATA_DIR="$work/data" NPS_LISTEN="127.0.0.1:$nps_port"
export NPS_BASE_URL="http://127.0.0.1:$nps_port" NPS_SURVEY_RATE_LIMIT=0
# HTTP_THREADS=N sets NPS_HTTP_THREADS; otherwise nps's default (8 per core).
if [[ -n "${HTTP_THREADS:-}" ]]; then export NPS_HTTP_THREADS="$HTTP_THREADS"; else unset NPS_HTTP_THREADS; fi
unset NPS_DATABASE_URL NPS_MAIL_URL
"$nps" migrate >/dev/null
head -c 32 /dev/urandom >"$work/data/secret.key"  # the key nps would create on first run
chmod 600 "$work/data/secret.key"
python3 "$here/survey_fixture.py" "$work/data" "$tokens" "$work" >/dev/null
"$nps" serve --no-worker 2>"$work/serve.log" &
nps_pid=$!
pids+=($nps_pid)
for url in "http://127.0.0.1:$nginx_port/" "http://127.0.0.1:$nps_port/healthz"; do
  for _ in $(seq 1 200); do
    curl -sf -o /dev/null "$url" && break
    sleep 0.05
  done
done
rss() { awk -v k="$1:" '$1 == k {printf "%.1f", $2 / 1024}' "/proc/$nps_pid/status"; }
idle_rss="$(rss VmRSS)"

# CPU time (user + system, in clock ticks) used so far by a process.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# One wrk run; prints "requests/s p50 p99 errors µs-of-nps-CPU-per-request". The CPU per
# request is the steadier figure on a shared machine, where the rate depends on the neighbours.
run() {
  local before
  before="$(cpu_ticks "$nps_pid")"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" >"$work/wrk.txt"
  awk -v ticks="$(($(cpu_ticks "$nps_pid") - before))" -v hz="$(getconf CLK_TCK)" '
    /requests in/ {requests = $1} /Requests\/sec/ {rps = $2}
    $1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2} /Non-2xx/ {errors = $NF}
    END {printf "%s %s %s %d %.0f\n", rps, p50, p99, errors, ticks / hz * 1e6 / requests}' \
    "$work/wrk.txt"
}
nginx_result="$(run "http://127.0.0.1:$nginx_port/" | awk '{$5 = "-"; print}')"
page_result="$(run -s "$work/page.lua" "http://127.0.0.1:$nps_port")"
form_result="$(run -s "$work/form.lua" "http://127.0.0.1:$nps_port")"
post_result="$(run -s "$work/post.lua" "http://127.0.0.1:$nps_port")"
peak_rss="$(rss VmHWM)"
sleep 2
after_rss="$(rss VmRSS)"
responses="$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from responses').fetchone()[0])" "$work/data/nps.sqlite")"
{
  echo "what requests/s p50 p99 non-2xx/3xx nps-CPU-µs/request"
  echo "nginx-static $nginx_result"
  echo "GET-/s/TOKEN/SCORE $page_result"
  echo "GET-/s/TOKEN(no-write) $form_result"
  echo "POST-/s/TOKEN $post_result"
} | column -t
awk -v n="${nginx_result%% *}" -v g="${page_result%% *}" -v p="${post_result%% *}" 'BEGIN {
  printf "ratio to nginx: survey page %.2f, response POST %.2f (target >= 0.5)\n", g / n, p / n }'
echo "nps RSS: idle ${idle_rss} MB (target < 64), peak under load ${peak_rss} MB (target < 200), after ${after_rss} MB"
echo "responses stored: $responses (of $tokens invitations)"
