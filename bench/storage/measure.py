#!/usr/bin/env python3
"""Times `nps report` on one store against DuckDB (read_csv over the generated file) and the
sqlite3 command scanning the raw `responses` rows, for the same four reports, and checks that
every tool gives the same answers (n and NPS per row).

usage: measure.py --nps BIN --store sqlite=URL [--store postgres=URL] --csv FILE
                  [--sqlite-db FILE] --rows N [--runs 20] [--raw-runs 3] [--json OUT]
Prints one line per report and tool (p50/p95 wall ms of the store queries as `nps report
--timing` measures them, without process start; CPU ms of the querying thread), each answer
(n and NPS, or the number of rows and total n), and how many times faster than DuckDB and the
sqlite3 scan each store is; a line "DIFFERENT" when any answer differs. Appends JSON lines to
OUT when given."""
import argparse
import json
import re
import statistics
import subprocess
import time

EPOCH_2024_MS = 1704067200000  # 2024-01-01T00:00:00Z, a Monday: week k starts here + k weeks
WEEK_MS = 7 * 86400000

# (name, nps report arguments, range [from, to) in ms, grouping: None | "week" | "plan")
REPORTS = [
    ("month", ["--from", "2024-03-01", "--to", "2024-03-31"], (1709251200000, 1711929600000), None),
    ("year", ["--from", "2024-01-01", "--to", "2024-12-31"], (1704067200000, 1735689600000), None),
    ("by week", ["--from", "2024-01-01", "--to", "2024-12-31", "--by", "week"],
     (1704067200000, 1735689600000), "week"),
    ("plan (50 values)", ["--from", "2024-01-01", "--to", "2024-12-31", "--segment", "plan"],
     (1704067200000, 1735689600000), "plan"),
]


def nps(p, d, n):
    return round(100.0 * (p - d) / n, 4) if n else None


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


REPEAT = 5  # queries per process: the first on a new connection, the others warm


def ours(nps_bin, url, args, runs):
    """Timings of `runs` processes, each running the report REPEAT times: (cold, warm) lists of
    wall ms and of CPU ms, and the answer. Cold = the first run of a process (new connection,
    empty caches, as a one-off `nps report`); warm = the others (as a running server's pooled
    connection serves a dashboard)."""
    cold, warm, cold_cpu, warm_cpu, answer = [], [], [], [], None
    for _ in range(runs):
        done = subprocess.run(
            [nps_bin, "report", "--survey", "bench", "--database", url, "--format", "json",
             "--timing", "--repeat", str(REPEAT)] + args, capture_output=True, text=True,
            check=True)
        found = re.findall(r"query_ms: ([0-9.]+) cpu_ms: ([0-9.]+)", done.stderr)
        assert len(found) == REPEAT, done.stderr
        cold.append(float(found[0][0]))
        cold_cpu.append(float(found[0][1]))
        warm += [float(t) for t, _ in found[1:]]
        warm_cpu += [float(c) for _, c in found[1:]]
        answer = json.loads(done.stdout)
    times, cpu = (cold, warm), (cold_cpu, warm_cpu)
    if "periods" in answer:
        rows = {p["start"][:10]: (p["n"], round(p["nps"], 4) if p["n"] else None)
                for p in answer["periods"]}
    elif "segments" in answer:
        rows = {s["segment"]["value"]: (s["n"], round(s["nps"], 4)) for s in answer["segments"]}
    else:
        o = answer["overall"]
        rows = {"all": (o["n"], round(o["nps"], 4))}
    return times, cpu, rows


def duck(csv, rng, group, runs):
    import duckdb
    lo, hi = rng
    key = {None: "'all'", "week": "strftime(date_trunc('week', responded_at), '%Y-%m-%d')",
           "plan": "plan"}[group]
    sql = f"""SELECT {key} AS k, count(*), sum((score >= 9)::INT), sum((score <= 6)::INT)
      FROM read_csv('{csv}', header = true)
      WHERE epoch_ms(responded_at) >= {lo} AND epoch_ms(responded_at) < {hi} GROUP BY 1"""
    times, result = [], None
    for _ in range(runs):
        connection = duckdb.connect()
        connection.execute("SET TimeZone = 'UTC'")
        start = time.perf_counter()
        result = connection.execute(sql).fetchall()
        times.append((time.perf_counter() - start) * 1000)
        connection.close()
    return times, {k: (n, nps(p, d, n)) for k, n, p, d in result}


def scan(db, rng, group, runs):
    lo, hi = rng
    key = {None: "'all'",
           "week": f"strftime('%Y-%m-%d', ({EPOCH_2024_MS} + (responded_at - {EPOCH_2024_MS}) / {WEEK_MS} * {WEEK_MS}) / 1000, 'unixepoch')",
           "plan": "json_extract(properties, '$.plan')"}[group]
    sql = f"""SELECT {key}, count(*), sum(score >= 9), sum(score <= 6) FROM responses
      WHERE survey_id = (SELECT id FROM surveys WHERE slug = 'bench')
        AND responded_at >= {lo} AND responded_at < {hi} GROUP BY 1;"""
    # One statement per line: the sqlite3 command prints one timer per input line.
    script = ".timer on\n" + (" ".join(sql.split()) + "\n") * runs
    done = subprocess.run(["sqlite3", "-readonly", db], input=script, capture_output=True,
                          text=True, check=True)
    times = [float(t) * 1000 for t in re.findall(r"Run Time: real ([0-9.]+)", done.stdout)]
    assert len(times) == runs, f"expected {runs} timings from sqlite3, got {len(times)}"
    rows = {}
    for line in done.stdout.splitlines():
        parts = line.split("|")
        if len(parts) == 4 and not line.startswith("Run Time"):
            k, n, p, d = parts[0], int(parts[1]), int(parts[2]), int(parts[3])
            rows[k] = (n, nps(p, d, n))
    return times, rows


def summary(rows):
    n = sum(v[0] for v in rows.values())
    if len(rows) == 1:
        v = next(iter(rows.values()))
        return f"n={v[0]} nps={v[1]}"
    return f"{len(rows)} rows, n={n}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nps", required=True)
    parser.add_argument("--store", action="append", default=[], help="NAME=URL, repeatable")
    parser.add_argument("--csv", required=True, help="the generated file, for DuckDB")
    parser.add_argument("--sqlite-db", help="the SQLite file to scan with the sqlite3 command")
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--raw-runs", type=int, default=3)
    parser.add_argument("--json")
    a = parser.parse_args()
    stores = [s.split("=", 1) for s in a.store]
    records = []
    print(f"{'rows':>9} {'report':<17} {'tool':<18} {'p50 ms':>9} {'p95 ms':>9} {'cpu p50':>8}  "
          f"{'answer':<26} {'same':<5} {'x faster than duckdb / sqlite3 scan (p50)'}")
    for name, args, rng, group in REPORTS:
        raw = [("duckdb csv", duck(a.csv, rng, group, a.raw_runs))]
        if a.sqlite_db:
            raw.append(("sqlite3 scan", scan(a.sqlite_db, rng, group, a.raw_runs)))
        for store, url in stores:
            all_times, all_cpu, rows = ours(a.nps, url, args, a.runs)
            for kind, times, cpu in zip(("new", "warm"), all_times, all_cpu):
                tool = f"nps {store} {kind}"
                p50, p95, c50 = percentile(times, 0.5), percentile(times, 0.95), percentile(cpu, 0.5)
                speedups = " / ".join(f"{statistics.median(t) / p50:.0f}x" for _, (t, _) in raw)
                same = "yes" if all(other == rows for _, (_, other) in raw) else "NO"
                print(f"{a.rows:>9} {name:<17} {tool:<18} {p50:>9.2f} {p95:>9.2f} {c50:>8.2f}  "
                      f"{summary(rows):<26} {same:<5} {speedups}")
                record = {"rows": a.rows, "report": name, "tool": tool, "p50_ms": p50,
                          "p95_ms": p95, "cpu_p50_ms": c50, "answer": summary(rows)}
                for reference, (t, other) in raw:
                    key = reference.replace(" ", "_")
                    record["same_as_" + key] = other == rows
                    record["x_faster_than_" + key] = statistics.median(t) / p50
                    if other != rows:
                        diff = [(k, rows.get(k), other.get(k))
                                for k in sorted(set(rows) | set(other), key=str)
                                if rows.get(k) != other.get(k)]
                        print(f"    DIFFERENT from {reference} (key, nps, {reference}): {diff[:5]}")
                records.append(record)
        for tool, (t, other) in raw:
            print(f"{a.rows:>9} {name:<17} {tool:<18} {statistics.median(t):>9.2f} {max(t):>9.2f} "
                  f"{'':>8}  {summary(other):<26}")
            records.append({"rows": a.rows, "report": name, "tool": tool,
                            "median_ms": statistics.median(t), "max_ms": max(t),
                            "answer": summary(other)})
    if a.json:
        with open(a.json, "a") as f:
            for record in records:
                f.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
