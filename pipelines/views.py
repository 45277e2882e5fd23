"""What the views (metric-across, province-series, chart, main-job) share:
the records of a data folder, the table's conflict rule, the metrics'
Vietnamese labels, the provinces and their 2025 map, and words for
periods, units and numbers.  Python 3 standard library only.

A view never mixes what the tables keep apart: one owner class, one
block, one kind and one unit at a time, and one value a cell, picked by
the rule of the nightly tables (the province's own report first, then the
latest report, then the first record); the values it leaves out are
returned as conflicts for the view to show.
"""
import csv
import os
import re
import signal
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
# a view piped into head stops quietly, as a filter does
signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def data_file(name):
    """share/cchc/NAME: CCHC_DATA, the source tree's, or an install's."""
    for d in (os.environ.get("CCHC_DATA"), os.path.join(HERE, "..", "share", "cchc"),
              os.path.join(HERE, "..")):
        if d and os.path.isfile(os.path.join(d, name)):
            return os.path.join(d, name)
    raise SystemExit("cannot find the data file %s (set CCHC_DATA)" % name)


def fold(s):
    """A name folded as cchc-normalize folds it: no case, marks or spaces."""
    s = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in s if c.isalnum() and not unicodedata.combining(c)).lower()


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def records(datadir):
    """DATADIR/records.csv as dicts, each with its input order in '_n';
    the columns older records lack as cchc-normalize would give them."""
    rows = read_csv(os.path.join(datadir, "records.csv"))
    for i, r in enumerate(rows):
        r["_n"] = i
        for k, v in (("block", ""), ("component", ""), ("kind", "level"), ("doc_date", ""),
                     ("own_report", "0"),
                     ("owner", "nation" if r.get("province") == "national" else "province")):
            r.setdefault(k, v)
    return rows


def labels():
    """metric code -> its Vietnamese label (metrics.csv)."""
    return {r["metric"]: r.get("label") or r["metric"] for r in read_csv(data_file("metrics.csv"))}


# ---- provinces -------------------------------------------------------------

class Province:
    """A unit named by the user: its name, the rows of provinces.csv it
    names, and the other provinces merged into it on 2025-07-01."""

    def __init__(self, name, rows, merged=()):
        self.name = name
        self.rows = rows
        self.merged = sorted(merged)

    def names(self):
        return {r["name"] for r in self.rows}

    def units_2025(self):
        return {r["name_2025"] for r in self.rows if r["name_2025"]}


def find_province(name):
    """The Province a name (or variant) names, 'national' for the nation,
    or None.  A name of a unit after 2025-07-01 names that unit."""
    k = fold(name)
    if k in ("national", "canuoc", "toanquoc"):
        return Province("national", [])
    table = read_csv(data_file("provinces.csv"))
    hits = [r for r in table if fold(r["name"]) == k or
            k in {fold(v) for v in r["variants"].split("|") if v}]
    if not hits:
        return None
    canon = hits[0]["name"]
    return Province(canon, [r for r in table if r["name"] == canon],
                    {t["name"] for t in table
                     if t["valid_to"] and t["name_2025"] == canon and t["name"] != canon})


def map_note(p):
    """How the unit p relates to the 2025 map, in a sentence, or ''."""
    if p.name == "national":
        return ""
    notes = []
    for r in (r for r in p.rows if r["valid_to"]):
        if r["name_2025"] != p.name:
            notes.append("%s existed until %s; from %s it is part of %s (Resolution "
                         "202/2025/QH15): its figures before are %s's own" %
                         (p.name, r["valid_to"], "2025-07-01", r["name_2025"], p.name))
        elif p.merged:
            notes.append("from 2025-07-01 %s also takes in %s; before, each was a province of "
                         "its own: use --2025 to follow the 2025 unit with them" %
                         (p.name, ", ".join(p.merged)))
    return "; ".join(notes)


# ---- one value a cell -------------------------------------------------------

def in_period(r, period):
    """Whether record r is of period: a period code, or a year, which also
    takes the year's halves, quarters and months."""
    return r["year"] == period if re.fullmatch(r"[0-9]{4}", period) else r["period"] == period


def cell_key(r, by):
    return tuple(r.get(k, "") for k in by)


def pick(rows, by):
    """One record per cell (the columns by), by the tables' rule; returns
    (kept, conflicts) where conflicts holds (kept, other) pairs of records
    whose values differ."""
    order = sorted(rows, key=lambda r: (r["own_report"] != "1", _neg(r["doc_date"]), r["_n"]))
    kept, seen, conflicts = [], {}, []
    for r in order:
        k = cell_key(r, by)
        if k not in seen:
            seen[k] = r
            kept.append(r)
        elif float(r["value"]) != float(seen[k]["value"]):
            conflicts.append((seen[k], r))
    return kept, conflicts


def _neg(date):
    """A key that sorts dates latest first (an empty date last)."""
    return tuple(-ord(c) for c in date) if date else (1,)


def conflict_line(kept, other):
    return "%s %s: kept %s (%s:%s), not %s (%s:%s)" % (
        where(kept), kept["period"], kept["value"], kept["doc"], kept["line"],
        other["value"], other["doc"], other["line"])


def where(r):
    """The province (or the nation's block) a record is of, in words."""
    if r["province"] != "national":
        return r["province"] or "(no province)"
    return {"ministries": "national (ministries' block)",
            "provinces": "national (provinces' block)"}.get(r["block"], "national")


def one_unit(rows, unit, prog, what):
    """The rows of one unit: unit, or the only one they have; exits 1 when
    they have several and none was chosen."""
    units = sorted({r["unit"] for r in rows})
    if unit:
        return [r for r in rows if r["unit"] == unit]
    if len(units) > 1:
        counts = ", ".join("%s (%d)" % (u or "none", sum(r["unit"] == u for r in rows)) for u in units)
        fail(prog, "%s has values in several units: %s; choose one with -u UNIT" % (what, counts))
    return rows


def fail(prog, msg):
    print("%s: %s" % (prog, msg), file=sys.stderr)
    sys.exit(1)


# ---- words -----------------------------------------------------------------

ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def period_words(p):
    """A period code in the words of the reports: 2024-H1 is '6 tháng đầu
    năm 2024'."""
    m = re.fullmatch(r"([0-9]{4})(?:-(H|Q|M)?([0-9]{1,4}))?", p or "")
    if not m:
        return p or "(kỳ không rõ)"
    y, k, n = m.groups()
    if n is None:
        return "năm " + y
    if k == "H":
        return ("6 tháng đầu năm " if n == "1" else "6 tháng cuối năm ") + y
    if k == "Q":
        return "quý %s/%s" % (ROMAN.get(n, n), y)
    if k == "M":
        return "%s tháng năm %s" % (n, y)
    if len(n) == 4:
        return "giai đoạn %s-%s" % (y, n)
    return "tháng %d/%s" % (int(n), y)


UNIT_WORDS = {"percent": "%", "points": "điểm", "count": "số lượng", "rank": "thứ hạng",
              "money_vnd": "đồng"}


def number(v):
    """A value as a Vietnamese reader writes it: 1.327; 44,1."""
    x = float(v)
    whole, _, frac = ("%.4f" % abs(x)).rstrip("0").rstrip(".").partition(".")
    whole = "{:,}".format(int(whole)).replace(",", ".")
    return ("-" if x < 0 else "") + whole + ("," + frac if frac else "")


def table(rows, cols, out=sys.stdout):
    """rows (dicts) as aligned columns, a header first; '-' for empty."""
    cells = [[c for c in cols]] + [[str(r.get(c, "")) or "-" for c in cols] for r in rows]
    width = [max(len(row[i]) for row in cells) for i in range(len(cols))]
    for row in cells:
        out.write(" ".join(v.ljust(width[i]) for i, v in enumerate(row)).rstrip() + "\n")


def version(prog):
    """'PROG (cchc) X.Y.Z' from the VERSION of the tree or the install."""
    for v in (os.path.join(HERE, "..", "VERSION"), os.path.join(HERE, "..", "share", "cchc", "VERSION")):
        if os.path.isfile(v):
            return "%s (cchc) %s" % (prog, open(v, encoding="utf-8").read().strip())
    return "%s (cchc) unknown" % prog


def load(prog, datadir):
    """The records of datadir, or exit 1 with a message."""
    path = os.path.join(datadir, "records.csv")
    if not os.path.isfile(path):
        fail(prog, "%s: no dataset there" % path)
    return records(datadir)
