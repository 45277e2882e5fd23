#!/usr/bin/env python3
"""Differential test: cchc-join against sqlite3 on random inputs.

usage: join-diff.py CCHC_JOIN WORKDIR [ROUNDS]

Each round writes two random CSV files (quoted fields, commas, quotes and
newlines inside fields, Vietnamese keys, duplicate keys on both sides, empty
keys), joins them with every join kind, and compares the rows with what
sqlite3 gives for the same SQL join, as multisets.  Prints one line per
mismatch and exits 1 if there was any.
"""
import csv
import io
import random
import subprocess
import sys

KEYS = ["Hà Nội", "Thanh Hóa", "Thanh Hoá", "Bà Rịa - Vũng Tàu", "Cần Thơ", "",
        "An Giang", "a,b", 'say "x"', "two\nlines", "Đắk Lắk"]
PERIODS = ["2023", "2023-H1", "2024", "2025-Q3", ""]
VALUES = ["1", "2.5", "", "x,y", 'q"q', "line\nbreak", "Tỷ lệ", " lead", "tail "]


def table(rng, cols, n):
    rows = []
    for _ in range(n):
        rows.append([rng.choice(KEYS), rng.choice(PERIODS)] +
                    [rng.choice(VALUES) for _ in cols[2:]])
    return rows


def write(path, cols, rows, rng):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator=rng.choice(["\n", "\r\n"]),
                       quoting=rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
        w.writerow(cols)
        w.writerows(rows)


def sql_for(kind, lcols, rcols, keys):
    # an empty key matches nothing in cchc-join, as NULL in SQL
    on = " AND ".join(f'l."{k}" = r."{k}" AND l."{k}" <> \'\'' for k in keys)
    rest = [c for c in rcols if c not in keys]
    if kind in ("semi", "anti"):
        neg = "NOT " if kind == "anti" else ""
        return f'SELECT l.* FROM l WHERE {neg}EXISTS (SELECT 1 FROM r WHERE {on});'
    lsel = [f'COALESCE(l."{c}", r."{c}")' if c in keys else f'l."{c}"' for c in lcols]
    rsel = [f'r."{c}"' for c in rest]
    join = {"inner": "JOIN", "left": "LEFT JOIN", "right": "RIGHT JOIN",
            "full": "FULL OUTER JOIN"}[kind]
    return f'SELECT {", ".join(lsel + rsel)} FROM l {join} r ON {on};'


def rows_of(text):
    return sorted(tuple(r) for r in csv.reader(io.StringIO(text)))


def main():
    prog, work = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    bad = 0
    for seed in range(rounds):
        rng = random.Random(seed)
        lcols = ["name", "period", "a", "b"]
        rcols = ["name", "period", "c"]
        lp, rp = f"{work}/l.csv", f"{work}/r.csv"
        write(lp, lcols, table(rng, lcols, rng.randint(0, 40)), rng)
        write(rp, rcols, table(rng, rcols, rng.randint(0, 40)), rng)
        keys = rng.choice([["name"], ["name", "period"]])
        for kind in ("inner", "left", "right", "full", "semi", "anti"):
            args = [prog, "-k", ",".join(keys)] + ([] if kind == "inner" else ["--" + kind])
            got = subprocess.run(args + [lp, rp], capture_output=True, text=True)
            if got.returncode != 0:
                print(f"seed {seed} {kind}: cchc-join failed: {got.stderr.strip()}")
                bad += 1
                continue
            script = (f".mode csv\n.import {lp} l\n.import {rp} r\n"
                      + sql_for(kind, lcols, rcols, keys) + "\n")
            want = subprocess.run(["sqlite3", ":memory:"], input=script,
                                  capture_output=True, text=True, check=True)
            g = rows_of(got.stdout)[:]
            header = next(csv.reader(io.StringIO(got.stdout)))
            g.remove(tuple(header))
            if g != rows_of(want.stdout):
                print(f"seed {seed} {kind} on {keys}: {len(g)} rows, sqlite3 "
                      f"{len(rows_of(want.stdout))}")
                bad += 1
    print(f"{rounds} rounds, {bad} mismatches")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
