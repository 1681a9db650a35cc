#!/usr/bin/env bash
# Benchmark of `nps score` on a generated CSV against DuckDB and pandas doing the same work.
# usage: bench/score/run.sh [ROWS]   (default 10000000)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
rows="${1:-10000000}"
out="$root/bench/out"
mkdir -p "$out"
scripts/install-deps.sh build
python3 -c "import duckdb, pandas" 2>/dev/null || python3 -m pip install -q duckdb pandas
swift build -c release --product nps >&2
nps="$root/.build/release/nps"
data="$out/responses-$rows.csv"
if [[ ! -f "$data" ]]; then
  echo "generating $rows rows -> $data" >&2
  python3 bench/score/generate.py "$rows" "$data"
fi
echo "input: $rows rows, $(du -m "$data" | cut -f1) MB"

# measure NAME COMMAND...: prints wall seconds and peak RSS (MB), best of 3 runs.
measure() {
  local name="$1"; shift
  local best_time="" best_mem=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" > "$out/$name.out"
    read -r seconds kilobytes < "$out/time.txt"
    if [[ -z "$best_time" ]] || awk "BEGIN{exit !($seconds < $best_time)}"; then
      best_time="$seconds"; best_mem=$((kilobytes / 1024))
    fi
  done
  echo "$best_time $best_mem"
}

printf '%-24s %10s %10s %14s %14s\n' task tool seconds "peak MB" "nps/tool time"
for task in overall by-month-segment; do
  if [[ "$task" == overall ]]; then
    nps_args=(score "$data" --format json)
    mode=overall
  else
    nps_args=(score "$data" --by month --segment plan --format csv)
    mode=grouped
  fi
  read -r nps_time nps_mem < <(measure "nps-$task" "$nps" "${nps_args[@]}")
  read -r duck_time duck_mem < <(measure "duckdb-$task" python3 bench/score/duckdb_score.py "$data" "$mode")
  read -r pandas_time pandas_mem < <(measure "pandas-$task" python3 bench/score/pandas_score.py "$data" "$mode")
  printf '%-24s %10s %10s %14s %14s\n' "$task" nps "$nps_time" "$nps_mem" "1.00"
  printf '%-24s %10s %10s %14s %14s\n' "$task" duckdb "$duck_time" "$duck_mem" \
    "$(awk "BEGIN{printf \"%.2f\", $nps_time / $duck_time}")"
  printf '%-24s %10s %10s %14s %14s\n' "$task" pandas "$pandas_time" "$pandas_mem" \
    "$(awk "BEGIN{printf \"%.2f\", $nps_time / $pandas_time}")"
  if [[ "$task" == overall ]]; then
    answer=$(python3 -c "import json,sys; o=json.load(open(sys.argv[1]))['overall']; print(f\"n={o['n']} nps={o['nps']:.4f}\")" "$out/nps-$task.out")
  else
    answer=$(python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); g=sorted([x for x in r if x['period']], key=lambda x: (x['period'], x['value'])); print(f\"groups={len(g)} first={g[0]['period']}/{g[0]['value']} nps={float(g[0]['nps']):.4f}\")" "$out/nps-$task.out")
  fi
  echo "  answers: nps $answer"
  echo "           duckdb $(cat "$out/duckdb-$task.out")"
  echo "           pandas $(cat "$out/pandas-$task.out")"
done
echo "targets: nps/duckdb <= 1.00, nps/pandas <= 0.20, nps peak memory < 50 MB"
