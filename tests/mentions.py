#!/usr/bin/env python3
"""Write a mentions CSV (cchc-extract's columns) for tests.

usage: mentions.py [--province-table FILE] < spec
Each spec line is FIELD=VALUE pairs separated by ' ; '; unset fields are
empty (number defaults to 1, unit_text to %).  With --province-table, one
row is written for every name and variant of the table, for the periods
"năm 2019" and "năm 2026", with the province it must resolve to in a
column "want" (not a mentions column; cchc-normalize ignores it).
"""
import csv
import sys

COLS = ("doc,line,col,raw,number,multiplier,denominator,unit_text,qualifier_text,"
        "ambiguous,decimal_mark,province_text,province_kind,province_level,"
        "doc_province_text,doc_scope,period_text,period_level,doc_date,sentence,"
        "doc_title,context").split(",")


def row(**kw):
    r = {c: "" for c in COLS}
    r.update(doc="t.txt", line="1", number="1", unit_text="%", raw="1%", sentence="x 1%")
    r.update(kw)
    return r


w = csv.DictWriter(sys.stdout, COLS + ["want"], lineterminator="\n", extrasaction="ignore")
w.writeheader()
if len(sys.argv) > 2 and sys.argv[1] == "--province-table":
    units = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
    new = {(u["code"], u["name"]) for u in units if not u["valid_to"]}
    for u in units:
        names = [u["name"]] + [v for v in u["variants"].split("|") if v]
        for name in names:
            if name.isupper() and len(name) <= 4:
                name = "tỉnh " + name          # short forms need their prefix
            for period, old in (("năm 2019", True), ("năm 2026", False)):
                if old and not u["valid_to"]:
                    continue                      # the new units: checked for 2026
                if old and u["valid_from"] >= "2025-01-01":
                    continue                      # Huế city 2025: checked below
                want = u["name"] if (old or not u["valid_to"]) else u["name_2025"]
                if old and u["name"] == "Thừa Thiên Huế":
                    want = "Thừa Thiên Huế"
                if old and not u["valid_to"]:
                    want = u["name"]
                w.writerow(row(province_text=name, province_kind="province",
                               period_text=period, doc_date=period[-4:] + "-12-31",
                               want=want))
else:
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            continue
        kw = dict(p.split("=", 1) for p in line.split(" ; "))
        w.writerow(row(**kw))
