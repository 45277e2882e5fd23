"""show-tables.py DATADIR: the headline table of a data folder
(tables/province-period.csv) as a reader checks it against the reports:
a block of lines a row (the province or the nation's block, the period in
words), a line a cell with the metric's label, the value as written, its
unit and its source (doc:line).  Used by main-job (make run).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import views  # noqa: E402


def sources(datadir):
    """(province, period, block, metric) -> the record its cell holds."""
    recs = {}
    for r in views.records(datadir):
        recs.setdefault((r["doc"], r["line"], r["metric"], r["value"]), r)
    out = {}
    for s in views.read_csv(os.path.join(datadir, "tables", "province-period-sources.csv")):
        doc, _, line = s["from"].rpartition(":")
        metric = s["metric,component"].split("|")[0]
        r = recs.get((doc, line, metric, s["value"]))
        if r:
            out[(s["province"], s["period"], s["block"], s["metric,component"])] = r
    return out


def lines(row, src, label):
    """The cells of a table row: (label, value as written, unit, doc:line)."""
    out = []
    for col, v in row.items():
        if col in ("province", "period", "year", "block") or not v:
            continue
        r = src.get((row["province"], row["period"], row.get("block", ""), col))
        metric, _, part = col.partition("|")
        name = label.get(metric, metric) + (" (%s)" % part if part else "")
        out.append((name, r["raw"], r["unit"], "%s:%s" % (r["doc"], r["line"])) if r else (name, v, "", ""))
    return out


def main():
    datadir = sys.argv[1]
    label = views.labels()
    src = sources(datadir)
    rows = views.read_csv(os.path.join(datadir, "tables", "province-period.csv"))
    blocks = [(row, lines(row, src, label)) for row in rows]
    width = [max([len(c[i]) for _, cells in blocks for c in cells] + [0]) for i in range(3)]
    for row, cells in blocks:
        print("%s, %s (%s)" % (views.where(dict(row, block=row.get("block", ""))),
                               views.period_words(row["period"]), row["period"]))
        for c in cells:
            print("    " + "  ".join(v.ljust(width[i]) if i < 3 else v for i, v in enumerate(c)).rstrip())
    print("%d rows (a province or one of the nation's blocks, a period): levels of the province "
          "or the nation itself" % len(rows))


main()
