#!/usr/bin/env python3
"""Writes a deterministic CSV of NPS responses: score, ISO timestamp, two segment columns.

usage: generate.py ROWS OUT.csv
The same ROWS always gives the same bytes (a fixed linear congruential generator)."""
import sys

rows = int(sys.argv[1])
out = sys.argv[2]
teams = ["billing", "onboarding", "technical", "sales", "returns"]
plans = [f"plan-{i:02d}" for i in range(50)]
state = 20240101
start = 1704067200  # 2024-01-01T00:00:00Z
span = 2 * 365 * 86400
import time

with open(out, "w", buffering=1 << 20) as f:
    f.write("score,responded_at,team,plan\n")
    buf = []
    for i in range(rows):
        state = (state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        x = state >> 33
        score = x % 11
        t = start + (x >> 4) % span
        team = teams[(x >> 8) % 5]
        plan = plans[(x >> 12) % 50]
        buf.append(f"{score},{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(t))},{team},{plan}\n")
        if len(buf) >= 100000:
            f.write("".join(buf))
            buf.clear()
    f.write("".join(buf))
