#!/usr/bin/env python3
"""The same answers computed by pandas."""
import sys
import pandas as pd

path, mode = sys.argv[1], sys.argv[2]
if mode == "overall":
    frame = pd.read_csv(path, usecols=["score"])
    s = frame["score"]
    s = s[(s >= 0) & (s <= 10)]
    print(f"n={len(s)} nps={100.0 * ((s >= 9).sum() - (s <= 6).sum()) / len(s):.4f}")
else:
    frame = pd.read_csv(path, usecols=["score", "responded_at", "plan"])
    frame["m"] = frame["responded_at"].str.slice(0, 7)
    frame["p"] = frame["score"] >= 9
    frame["d"] = frame["score"] <= 6
    g = frame.groupby(["m", "plan"]).agg(n=("score", "size"), p=("p", "sum"), d=("d", "sum")).reset_index()
    r = g.iloc[0]
    print(f"groups={len(g)} first={r['m']}/{r['plan']} nps={100.0 * (r['p'] - r['d']) / r['n']:.4f}")
