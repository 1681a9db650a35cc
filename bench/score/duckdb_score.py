#!/usr/bin/env python3
"""The reference answers computed by DuckDB: overall, and by month and plan."""
import sys
import duckdb

path, mode = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute("SET TimeZone='UTC'")
base = f"read_csv('{path}', header=true, columns={{'score':'INTEGER','responded_at':'TIMESTAMPTZ','team':'VARCHAR','plan':'VARCHAR'}})"
agg = """count(*) AS n, sum(CASE WHEN score >= 9 THEN 1 ELSE 0 END) AS p,
         sum(CASE WHEN score BETWEEN 7 AND 8 THEN 1 ELSE 0 END) AS pa,
         sum(CASE WHEN score <= 6 THEN 1 ELSE 0 END) AS d"""
if mode == "overall":
    n, p, pa, d = con.execute(f"SELECT {agg} FROM {base} WHERE score BETWEEN 0 AND 10").fetchone()
    print(f"n={n} nps={100.0 * (p - d) / n:.4f}")
else:
    rows = con.execute(
        f"SELECT strftime(responded_at, '%Y-%m') AS m, plan, {agg} FROM {base} "
        "WHERE score BETWEEN 0 AND 10 GROUP BY ALL ORDER BY m, plan").fetchall()
    print(f"groups={len(rows)} first={rows[0][0]}/{rows[0][1]} nps={100.0 * (rows[0][3] - rows[0][5]) / rows[0][2]:.4f}")
