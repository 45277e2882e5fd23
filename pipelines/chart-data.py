"""chart's points and words: chart-data.py RECORDS WHAT A B UNIT WORK STEM.

WHAT is series (A a province or "national", B a metric), across (A a
metric, B a period) or blocks (A a metric, B a period).  Writes
WORK/points.dat (index, label, value, value as written) and WORK/words.gp
(title, axis words, source and notes, output names), or exits 1 with a
message when there is nothing honest to draw.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import views  # noqa: E402

PROG = os.environ.get("CCHC_PROG", "chart")  # chart as invoked (cchc-chart)
BLOCK_WORDS = {"": "Cả nước", "ministries": "Các bộ, ngành", "provinces": "Các tỉnh, thành phố"}


def series(rows, place, metric, unit):
    p = views.find_province(place)
    if p is None:
        views.fail(PROG, "%s: no province or city of that name (share/cchc/provinces.csv)" % place)
    if p.name == "national":
        rows = [r for r in rows if r["province"] == "national" and r["owner"] == "nation" and
                not r["block"]]
    else:
        rows = [r for r in rows if r["province"] in p.names() and r["owner"] == "province"]
    rows = [r for r in rows if r["metric"] == metric]
    what = "%s of %s" % (metric, p.name)
    rows = views.one_unit(rows, unit, PROG, what)
    kept, conflicts = views.pick(rows, ["period", "component"])
    if len({r["component"] for r in kept}) > 1:
        views.fail(PROG, "%s has several components: chart one (the records' component column)" % what)
    if not kept:
        views.fail(PROG, "no level of %s in the records" % what)
    if len(kept) < 2:
        views.fail(PROG, "%s has a level in one period only (%s): a series needs two; "
                   "chart ... blocks or across shows one period" % (what, kept[0]["period"]))
    kept.sort(key=lambda r: (r["period_start"], r["period_end"]))
    name = "Cả nước" if p.name == "national" else p.name
    return kept, conflicts, [views.period_words(r["period"]) for r in kept], \
        "%s: %s" % (name, "theo kỳ báo cáo"), "Kỳ báo cáo"


def across(rows, metric, period, unit):
    rows = [r for r in rows if r["metric"] == metric and views.in_period(r, period) and
            r["owner"] == "province"]
    what = "%s in %s (provinces)" % (metric, period)
    rows = views.one_unit(rows, unit, PROG, what)
    kept, conflicts = views.pick(rows, ["province", "period", "component"])
    if not kept:
        views.fail(PROG, "no level of %s in the records" % what)
    sign = 1 if kept[0]["unit"] == "rank" else -1
    kept.sort(key=lambda r: (sign * float(r["value"]), r["province"]))
    several = len({r["period"] for r in kept}) > 1
    names = [r["province"] + (" (%s)" % r["period"] if several else "") for r in kept]
    return kept, conflicts, names, "các tỉnh, thành phố, " + views.period_words(period), \
        "Tỉnh, thành phố"


def blocks(rows, metric, period, unit):
    rows = [r for r in rows if r["metric"] == metric and views.in_period(r, period) and
            r["province"] == "national" and r["owner"] == "nation"]
    what = "%s in %s (the nation and its blocks)" % (metric, period)
    rows = views.one_unit(rows, unit, PROG, what)
    kept, conflicts = views.pick(rows, ["block", "period", "component"])
    if not kept:
        views.fail(PROG, "no level of %s in the records" % what)
    kept.sort(key=lambda r: (["", "ministries", "provinces"].index(r["block"]), r["period"]))
    several = len({r["period"] for r in kept}) > 1
    names = [BLOCK_WORDS[r["block"]] + (" (%s)" % r["period"] if several else "") for r in kept]
    whole = "cả nước và các khối" if not kept[0]["block"] else "các khối"
    return kept, conflicts, names, whole + ", " + views.period_words(period), "Khối"


def q(s):
    """A gnuplot string: single-quoted ('' a quote), where gnuplot runs no
    `command` and expands no @macro; only printable characters."""
    s = "".join(c if c.isprintable() else "?" for c in s)
    return "'" + s.replace("'", "''") + "'"


def dq(s):
    """A label of points.dat: double-quoted, a '"' in it made "'"."""
    return '"' + "".join(c if c.isprintable() else "?" for c in s).replace('"', "'") + '"'


def scale(kept):
    """(divisor, words) that keep a count's axis readable: millions."""
    top = max(abs(float(r["value"])) for r in kept)
    return (1e6, "triệu ") if kept[0]["unit"] in ("count", "money_vnd") and top >= 1e6 else (1, "")


def main():
    path, what, a, b, unit, work, stem = sys.argv[1:]
    rows = [r for r in views.records(os.path.dirname(path) or ".")
            if r["value"] and r["kind"] == "level"]
    pick = {"series": series, "across": across, "blocks": blocks}[what]
    kept, conflicts, names, place, xlabel = pick(rows, a, b, unit or None)
    metric = b if what == "series" else a
    label = views.labels().get(metric, metric)
    div, big = scale(kept)
    with open(os.path.join(work, "points.dat"), "w", encoding="utf-8") as f:
        for i, (name, r) in enumerate(zip(names, kept)):
            f.write("%d %s %s %s\n" % (i, dq(name), float(r["value"]) / div, dq(views.number(r["value"]))))
    docs = sorted({r["doc"] for r in kept})
    source = "Nguồn: cchc, từ %d báo cáo: %s" % (len(docs), ", ".join(docs[:3]) + (", ..." if len(docs) > 3 else ""))
    notes = ""
    if conflicts:
        notes = "Ghi chú: %d giá trị khác cho cùng kỳ bị bỏ qua (giữ báo cáo của tỉnh, rồi báo cáo mới nhất): %s" % (
            len(conflicts), "; ".join("%s %s" % (views.number(o["value"]), o["doc"]) for _, o in conflicts[:2]))
    with open(os.path.join(work, "words.gp"), "w", encoding="utf-8") as f:
        f.write("set title %s . \"\\n\" . %s\n" % (q(label), q(place)))
        f.write("set xlabel %s\nset ylabel %s\n" % (q(xlabel), q("%s%s" % (big, views.UNIT_WORDS.get(kept[0]["unit"], kept[0]["unit"])))))
        f.write("set label 1 %s at screen 0.02, screen 0.045 font ',9'\n" % q(source))
        f.write("set label 2 %s at screen 0.02, screen 0.015 font ',9'\n" % q(notes))
        f.write("svg = %s\npng = %s\n" % (q(stem + ".svg"), q(stem + ".png")))
    for k, o in conflicts:
        print("%s: conflict: %s" % (PROG, views.conflict_line(k, o)), file=sys.stderr)


main()
