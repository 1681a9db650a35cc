#!/usr/bin/env bash
# Storage benchmark: import generated responses with `nps import responses` into
# SQLite and PostgreSQL (rows/s), then time four reports with `nps report --timing` (a month, a
# year, by week, by a segment with 50 values) against DuckDB reading the generated CSV and the
# sqlite3 command scanning the raw `responses` rows, checking that all give the same answers.
#
# usage: bench/storage/run.sh [--sizes "1000000 10000000"] [--quick] [--order date|random]
#                             [--stores "sqlite postgres"] [--runs 20]
#   default: 1,000,000 then 10,000,000 rows, in date order, both stores (about 20-30 minutes on
#   the 2-core machine when idle; --quick runs 1,000,000 only)
# Results: printed, and appended as JSON lines to bench/out/storage/results.jsonl.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
sizes="1000000 10000000"
order=date
stores="sqlite postgres"
runs=20
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --quick) sizes=1000000; shift ;;
    --order) order="$2"; shift 2 ;;
    --stores) stores="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: $0 [--sizes \"N ...\"] [--quick] [--order date|random] [--stores \"sqlite postgres\"] [--runs N]" >&2; exit 64 ;;
  esac
done

scripts/install-deps.sh test >&2
python3 -c "import duckdb" 2>/dev/null || python3 -m pip install -q duckdb
scratch="${NPS_BENCH_SCRATCH:-$root/.build}"
swift build -c release --scratch-path "$scratch" --product nps >&2
nps="$scratch/release/nps"
out="$root/bench/out/storage"
mkdir -p "$out"
results="$out/results.jsonl"

pgdir=""
cleanup() { [[ -n "$pgdir" ]] && scripts/postgres-test-server.sh stop "$pgdir" >/dev/null 2>&1 || true; }
trap cleanup EXIT
if [[ " $stores " == *" postgres "* ]]; then
  pgdir="$(mktemp -d /tmp/nps-bench-pg.XXXXXX)"
  pgurl="$(scripts/postgres-test-server.sh start "$pgdir")"
fi

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; $(date -u +%FT%TZ)"
for rows in $sizes; do
  raw="$root/bench/out/responses-$rows.csv"   # shared with bench/score
  if [[ ! -f "$raw" ]]; then
    echo "generating $rows rows -> $raw" >&2
    mkdir -p "$(dirname "$raw")"
    python3 bench/score/generate.py "$rows" "$raw"
  fi
  data="$raw"
  if [[ "$order" == date ]]; then
    # Exports from other tools come in date order; generate.py writes random dates.
    data="$out/responses-$rows-by-date.csv"
    if [[ ! -f "$data" ]]; then
      { head -1 "$raw"; tail -n +2 "$raw" | LC_ALL=C sort -t, -k2,2 -S 25%; } > "$data.tmp"
      mv "$data.tmp" "$data"
    fi
  fi
  measure_args=(--nps "$nps" --csv "$data" --rows "$rows" --runs "$runs" --json "$results")
  for store in $stores; do
    if [[ "$store" == sqlite ]]; then
      db="$out/bench-$rows.db"
      rm -f "$db" "$db-wal" "$db-shm"
      url="sqlite://$db"
    else
      psql -q "$pgurl" -c "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;" >/dev/null
      url="$pgurl"
    fi
    "$nps" migrate --database "$url" >/dev/null
    "$nps" survey create bench --database "$url" >/dev/null
    /usr/bin/time -f "%e %U %S %M" -o "$out/time.txt" \
      "$nps" import responses "$data" --survey bench --database "$url" > /dev/null 2> "$out/import.log"
    read -r seconds user sys kilobytes < "$out/time.txt"
    # No ANALYZE here: `nps import responses` refreshes the statistics itself after a large
    # import (SQLStore.optimize(); its time is in the import's).
    rate=$(awk "BEGIN{printf \"%d\", $rows / $seconds}")
    cpu_rate=$(awk "BEGIN{printf \"%d\", $rows / ($user + $sys)}")
    printf 'import %-8s %9d rows (%s order): %7.1f s wall = %6d rows/s; nps process CPU %.1f s = %6d rows/s of CPU; peak %d MB\n' \
      "$store" "$rows" "$order" "$seconds" "$rate" "$(awk "BEGIN{print $user + $sys}")" "$cpu_rate" $((kilobytes / 1024))
    printf '{"rows": %d, "store": "%s", "order": "%s", "import_s": %s, "rows_per_s": %d, "cpu_s": %s}\n' \
      "$rows" "$store" "$order" "$seconds" "$rate" "$(awk "BEGIN{print $user + $sys}")" >> "$results"
    measure_args+=(--store "$store=$url")
    [[ "$store" == sqlite ]] && measure_args+=(--sqlite-db "$db")
  done
  python3 bench/storage/measure.py "${measure_args[@]}"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
