#!/usr/bin/env python3
"""Print one column of cchc-extract's CSV on stdin, values joined by ' | '.

usage: figs.py [COLUMN]   (default: raw)
"""
import csv
import sys

col = sys.argv[1] if len(sys.argv) > 1 else "raw"
rows = list(csv.DictReader(sys.stdin))
print(" | ".join(r[col] for r in rows))
