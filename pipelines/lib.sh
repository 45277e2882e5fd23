# Shared by pipelines/nightly and pipelines/rebuild (bash, sourced).
#
# extract_units LIST WORK JOBS: run cchc-extract | cchc-normalize over the
# report files named in LIST (one path a line), in batches of about
# BATCH_BYTES on JOBS cores.  Each batch that succeeds becomes a unit
# WORK/u/ID/ with files (its paths), mentions.csv, records.csv and years
# ("YEAR<TAB>path": the report's year, from its date, else its mtime).  A
# batch that fails is run again a file at a time, so that one bad report
# does not stop the others; a report that fails alone is listed in
# WORK/failed as "path<TAB>reason".

# settings DIR [CONFIG]: CCHC_JOBS, CCHC_REFERENCE, CCHC_BATCH_BYTES,
# CCHC_PROVINCE, CCHC_TABLES and CCHC_BIN from the environment, overridden
# by CONFIG or DIR/nightly.conf (shell assignments of the same names); they
# give JOBS, REFERENCE, BATCH_BYTES, PROVINCE (cchc-extract -p),
# TABLES_CONF and a PATH that finds the programs (CCHC_BIN, else ../bin
# beside the pipelines, else PATH)
settings() {
	export prog
	local here config=${2:-}
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	[ -z "$config" ] && [ -f "$1/nightly.conf" ] && config=$1/nightly.conf
	if [ -n "$config" ]; then
		[ -r "$config" ] || { echo "$prog: $config: cannot read" >&2; exit 1; }
		# shellcheck disable=SC1090
		. "$config"
	fi
	JOBS=${CCHC_JOBS:-$(nproc 2>/dev/null || echo 2)}
	PROVINCE=${CCHC_PROVINCE:-}
	# the reference table: the source tree's samples/reference, or the
	# copy an install keeps in PREFIX/share/cchc/reference
	REFERENCE=${CCHC_REFERENCE:-$here/../samples/reference/par-index.csv}
	[ -n "${CCHC_REFERENCE:-}" ] || [ -r "$REFERENCE" ] || REFERENCE=$here/../reference/par-index.csv
	BATCH_BYTES=${CCHC_BATCH_BYTES:-8000000}
	# the tables' definitions: CCHC_TABLES, else the source tree's, else
	# an install's
	TABLES_CONF=${CCHC_TABLES:-$here/../share/cchc/tables.conf}
	[ -n "${CCHC_TABLES:-}" ] || [ -r "$TABLES_CONF" ] || TABLES_CONF=$here/../tables.conf
	[ -r "$TABLES_CONF" ] || { echo "$prog: $TABLES_CONF: cannot read the tables' definitions" >&2; exit 1; }
	# CCHC_EXCEL_SAFE=1 (see SECURITY.md) is for the tables people open in
	# spreadsheets; the ledger, records.csv and manifest.csv stay exact,
	# since the programs read them back and match names in them
	EXCEL_SAFE=${CCHC_EXCEL_SAFE:-0}
	unset CCHC_EXCEL_SAFE
	cchc_path
}

# cchc_path: put the programs first on PATH, whatever PATH cron gives:
# CCHC_BIN, else bin/ of the source tree these pipelines stand in, else
# PREFIX/bin of an install (they stand in PREFIX/share/cchc/pipelines;
# a tree staged with DESTDIR or moved elsewhere works the same), else PATH.
cchc_path() {
	local here d
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	for d in ${CCHC_BIN:+"$CCHC_BIN"} "$here/../bin" "$here/../../../bin"; do
		if [ -x "$d/cchc-extract" ]; then
			PATH=$(cd "$d" && pwd):$PATH
			export PATH
			return 0
		fi
	done
	command -v cchc-extract > /dev/null 2>&1 && return 0
	echo "${prog:-cchc}: cannot find the cchc programs (set CCHC_BIN)" >&2
	exit 1
}

# lock DATADIR: the run lock on fd 9, or exit 75 when another run holds it
lock() {
	exec 9> "$1/.lock"
	if ! flock -n 9; then
		echo "$prog: another run holds $1/.lock; not starting" >&2
		exit 75
	fi
}

# an awk function for the programs below (exported: they run in child
# shells): first(line) is the first field of a CSV line, quoted or not, and
# sets rest to what follows its comma
awk_first_field='
	function first(line,   s, i, c) {
		if (substr(line, 1, 1) != "\"") {
			i = index(line, ",")
			rest = i ? substr(line, i + 1) : ""
			return i ? substr(line, 1, i - 1) : line
		}
		s = ""
		for (i = 2; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (c == "\"") {
				if (substr(line, i + 1, 1) != "\"") break
				i++
			}
			s = s c
		}
		rest = substr(line, i + 2)
		return s
	}'
export awk_first_field

# one batch: $1 = WORK, $2 = batch id; the paths are in $1/b/$2
extract_batch() {
	local work=$1 id=$2 dir=$1/u/$2 rc=0 xrc
	mkdir -p "$dir"
	cp "$work/b/$id" "$dir/files"
	mapfile -t files < "$dir/files"
	local src=()
	[ -s "$work/manifest.csv" ] && src+=(-M "$work/manifest.csv")
	[ -n "${PROVINCE:-}" ] && src+=(-p "$PROVINCE")
	# -w: a report is one document, even one whose text starts "=== x";
	# the mentions go straight on to cchc-normalize, which works while
	# cchc-extract does
	{
		cchc-extract -w "${src[@]}" -D "$dir/docs.csv" "${files[@]}" 2> "$dir/err"
		echo $? > "$dir/rc"
	} | cchc-normalize -o "$dir/records.csv" 2> "$dir/err.normalize" || rc=$?
	read -r xrc < "$dir/rc"
	[ "$xrc" = 0 ] || rc=$xrc
	cat "$dir/err.normalize" >> "$dir/err"
	if [ $rc -ne 0 ]; then
		if [ ${#files[@]} -eq 1 ]; then
			printf '%s\t%s\n' "${files[0]}" "$(why $rc "$dir/err")" >> "$work/failed.$id"
			rm -rf "$dir"
			return 0
		fi
		rm -rf "$dir"
		# one file at a time, to find the bad ones
		local k=0 f
		for f in "${files[@]}"; do
			printf '%s\n' "$f" > "$work/b/$id-$k"
			extract_batch "$work" "$id-$k"
			k=$((k + 1))
		done
		return 0
	fi
	years_of "$dir"
}

# why STATUS ERRFILE: the reason a batch failed: the exit status and the
# filters' messages
why() {
	local rc=$1
	if [ "$rc" -gt 128 ]; then
		printf 'a filter died of signal %d' $((rc - 128))
	else
		printf 'a filter exited with status %d' "$rc"
	fi
	[ -s "$2" ] && printf ': %s' "$(tr '\n' ' ' < "$2" | head -c 2000)"
	return 0
}

# the year of each report of a unit: its doc_date (cchc-extract -D gives it
# for reports without figures too), else the file's mtime
years_of() {
	awk -v docs="$1/docs.csv" "$awk_first_field"'
		BEGIN {
			getline l < docs  # the header
			while ((getline l < docs) > 0) {
				d = first(l)
				if (!(d in year) && rest ~ /^[0-9][0-9][0-9][0-9]/)
					year[d] = substr(rest, 1, 4)
			}
		}
		{
			n = split($0, parts, "/")
			print (parts[n] in year ? year[parts[n]] : "?") "\t" $0
		}' "$1/files" > "$1/years"
	# no date: the year of the file, as UTC (the shell reads the names:
	# no quoting can turn one into a command)
	if grep -q '^?' "$1/years"; then
		local y p
		while IFS=$'\t' read -r y p; do
			[ "$y" != "?" ] || y=$(date -u -r "$p" +%Y)
			printf '%s\t%s\n' "$y" "$p"
		done < "$1/years" > "$1/years.tmp"
		mv -f "$1/years.tmp" "$1/years"
	fi
}

extract_units() {
	local list=$1 work=$2 jobs=$3
	mkdir -p "$work/b" "$work/u"
	: > "$work/failed"
	# batches of about BATCH_BYTES, in list order; smaller when the
	# reports would fill fewer than two batches a core (the cores then
	# end together), but not below 1 MB (each batch starts two programs)
	python3 - "$list" "$work/b" "$BATCH_BYTES" "$jobs" <<'PY'
import os, sys
lst, bdir, limit, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
paths = [p.rstrip("\n") for p in open(lst, encoding="utf-8", errors="surrogateescape")]
total = sum(os.stat(p).st_size for p in paths)
limit = min(limit, max(total // (2 * jobs), 1000000))
n, size, out = 0, 0, None
for p in paths:
    if out is None or size >= limit:
        if out: out.close()
        out = open(os.path.join(bdir, "%06d" % n), "w", encoding="utf-8", errors="surrogateescape")
        n, size = n + 1, 0
    out.write(p + "\n")
    size += os.stat(p).st_size
if out: out.close()
PY
	export -f extract_batch why years_of
	export PATH PROVINCE
	(cd "$work/b" && ls) | xargs -r -P "$jobs" -I{} bash -c 'extract_batch "$1" "$2"' _ "$work" {}
	cat "$work"/failed.* >> "$work/failed" 2>/dev/null || true
	rm -f "$work"/failed.*
}

# commit_ledger NEW LEDGER UNIT...: the units' records committed to the
# ledger (pipelines/ledger: appended to LEDGER/records.csv, synced, then a
# row a report in LEDGER/reports.db in one transaction).  NEW lists
# "hash<TAB>path" of the reports; a first UNIT "--order OLD" puts them in
# the order of the ledger OLD.  Prints "<reports> <records>".
commit_ledger() {
	local new=$1 ledger=$2
	shift 2
	export prog
	python3 "$(dirname "${BASH_SOURCE[0]}")/ledger" commit "$ledger" "$new" "$@"
}

# relink DATADIR NAME TARGET: DATADIR/NAME a symbolic link to TARGET, made
# by one rename (a reader sees the old target or the new, never none; a
# .NAME.new a killed run left is replaced)
relink() {
	ln -sfn "$3" "$1/.$2.new"
	mv -T "$1/.$2.new" "$1/$2"
}

# link_records DATADIR: DATADIR/records.csv the ledger's (a data folder of
# the old layout has a file there)
link_records() {
	[ -L "$1/records.csv" ] || relink "$1" records.csv ledger/records.csv
}

# open_ledger DATADIR: the ledger ready for a run (the caller holds the
# lock): made when there is none; one of the old layout (a file of records
# a report, ab/HASH.csv) read into a new one; records.csv cut back to what
# was committed (a run killed between its records and its rows); and
# DATADIR/records.csv a link to the ledger's
open_ledger() {
	local d=$1 cur n ledger_py header
	ledger_py=$(dirname "${BASH_SOURCE[0]}")/ledger
	header=$(cchc-normalize < /dev/null)
	if [ ! -e "$d/ledger" ]; then
		mkdir -p "$d/ledger.1"
		ln -s ledger.1 "$d/ledger"
	fi
	cur=$(readlink "$d/ledger")
	if [ ! -e "$d/$cur/reports.db" ] && [ -n "$(find "$d/$cur/" -mindepth 2 -name '*.csv' -print -quit)" ]; then
		n=1
		while [ -e "$d/ledger.$n" ]; do n=$((n + 1)); done
		mkdir "$d/ledger.$n"
		python3 "$ledger_py" recover "$d/ledger.$n" --header "$header"
		python3 "$ledger_py" import "$d/ledger.$n" "$d/$cur"
		relink "$d" ledger "ledger.$n"
		sync -f "$d/"
		rm -rf "${d:?}/$cur"
	fi
	python3 "$ledger_py" recover "$d/ledger/" --header "$header"
	link_records "$d"
}

# full_tables DIR RECORDS: every table of TABLES_CONF made whole from
# RECORDS into DIR (cchc-pivot --rank, the tables side by side)
full_tables() {
	local dir=$1 recs=$2 name rows where conflicts sources x pids=() pid failed=0
	local -a w parts
	while IFS=$'\t' read -r name rows where conflicts sources; do
		case $name in '' | '#'*) continue ;; esac
		w=()
		IFS=';' read -ra parts <<< "$where"
		for x in "${parts[@]}"; do w+=(-w "$x"); done
		[ "$sources" = - ] || w+=(--sources "$dir/$sources")
		cchc-pivot -q -r "$rows" -c metric,component -v value "${w[@]}" --rank own_report,doc_date \
			--conflicts "$dir/$conflicts" -o "$dir/$name.csv" "$recs" &
		pids+=($!)
	done < "$TABLES_CONF"
	for pid in "${pids[@]}"; do
		wait "$pid" || failed=1
	done
	return $failed
}

# make_tables DATADIR REFERENCE [full]: the tables (TABLES_CONF) in a new
# folder tables.N, switched in with one rename of the link DATADIR/tables.
# The tables say in tables/.through which ledger and how many bytes of its
# records.csv they hold, and what made them (tables.conf's checksum, the
# spreadsheet escaping); a night adds only the records after those
# (pipelines/tables-update: the rows they touch, found by binary search in
# the sorted files, every other byte copied).  A full pass (cchc-pivot
# --rank over every record) is made after a rebuild, for the first time,
# with CCHC_EXCEL_SAFE=1 (its tables are no state to read back), after a
# change of tables.conf, when an update fails (it says so), or when asked.
# Either gives the same bytes.  When two reports give a cell different
# values, the province's own report wins, then the latest, then the first
# to arrive; every other value is in tables/conflicts*.csv with its source.
make_tables() {
	local d=$1 ref=$2 mode=${3:-} here ledger size n new old made mark_ledger mark_size mark_made
	here=$(dirname "${BASH_SOURCE[0]}")
	ledger=$(readlink "$d/ledger")
	n=1
	while [ -e "$d/tables.$n" ]; do n=$((n + 1)); done
	new=$d/tables.$n
	mkdir "$new"
	export CCHC_EXCEL_SAFE=${EXCEL_SAFE:-0}
	# what the tables were made by: their definitions and the escaping
	made=$(cksum < "$TABLES_CONF" | cut -d' ' -f1)-excel$CCHC_EXCEL_SAFE
	if [ "$mode" != full ] && [ "$CCHC_EXCEL_SAFE" != 1 ] && [ -L "$d/tables" ] &&
		read -r mark_ledger mark_size mark_made 2> /dev/null < "$d/tables/.through" &&
		[ "$mark_ledger" = "$ledger" ] && [ "$mark_made" = "$made" ]; then
		if ! size=$(python3 "$here/tables-update" "$TABLES_CONF" "$d/tables/" "$new" "$d/ledger/" "$mark_size"); then
			echo "${prog:-cchc}: the tables could not be updated (above): made whole" >&2
			mode=full
			find "$new" -mindepth 1 -delete
		fi
	else
		mode=full
	fi
	if [ "$mode" = full ]; then
		size=$(python3 "$here/ledger" size "$d/ledger/")
		full_tables "$new" "$d/ledger/records.csv"
	fi
	if [ -r "$ref" ] && ! cchc-join --left -k province,year \
		-o "$new/province-period-reference.csv" "$new/province-period.csv" "$ref"; then
		echo "the join with $ref failed (above): tables/province-period-reference.csv is the last run's" >&2
		[ -f "$d/tables/province-period-reference.csv" ] &&
			cp "$d/tables/province-period-reference.csv" "$new/"
	fi
	unset CCHC_EXCEL_SAFE
	echo "$ledger $size $made" > "$new/.through"
	sync -f "$new/"
	# the switch; a data folder of the old layout has a folder there
	old=$(readlink "$d/tables" 2> /dev/null || true)
	if [ -d "$d/tables" ] && [ ! -L "$d/tables" ]; then
		mv -T "$d/tables" "$d/tables.old"
		old=tables.old
	fi
	relink "$d" tables "tables.$n"
	sync -f "$d/"
	[ -n "$old" ] && rm -rf "${d:?}/$old"
	return 0
}

# merge_manifest OUT DATADIR PATHS BAD: DATADIR/manifest.csv (what earlier
# runs knew of their reports) and the sidecar NAME.meta of each report named
# in PATHS (one a line), as one manifest (doc,source,date,province) in OUT; a
# sidecar's row replaces an earlier one for the same name.  A sidecar is a
# regular file (a link is never followed), a UTF-8 CSV (a BOM is allowed)
# with a header of any of source, date, province and one row; a date is
# YYYY-MM-DD.  A report whose sidecar is not one is listed in BAD as
# "reason<TAB>path", to be quarantined with it, and its rows are not merged.
merge_manifest() {
	python3 - "$@" <<'PY'
import csv, datetime, io, os, stat, sys
out, datadir, paths, bad = sys.argv[1:5]
cols = ["doc", "source", "date", "province"]
rows = {}
old = os.path.join(datadir, "manifest.csv")
if os.path.exists(old):
    with open(old, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r.get("doc"):
                rows.setdefault(r["doc"], {c: r.get(c) or "" for c in cols})

def sidecar(meta):
    """The sidecar's row, None when there is none; ValueError says what is wrong."""
    try:
        st = os.lstat(meta)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(st.st_mode):
        raise ValueError("not a regular file (a link is never followed)")
    fd = os.open(meta, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as f:
        data = f.read(1 << 20)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValueError("not UTF-8 (byte %d)" % e.start)
    rd = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        lines = list(rd)
    except csv.Error as e:
        raise ValueError("line %d: %s" % (rd.line_num, e))
    if not lines:
        raise ValueError("empty")
    head = lines[0]
    unknown = [c for c in head if c not in cols[1:]]
    if unknown:
        raise ValueError("line 1: column '%s' is not one of source, date, province" % unknown[0])
    if len(lines) != 2 or len(lines[1]) != len(head):
        raise ValueError("a header and one row of %d fields expected" % len(head))
    r = dict(zip(head, lines[1]))
    if r.get("date"):
        try:
            datetime.date.fromisoformat(r["date"])
            ok = len(r["date"]) == 10
        except ValueError:
            ok = False
        if not ok:
            raise ValueError("line 2: date '%s' is not YYYY-MM-DD" % r["date"])
    return r

with open(bad, "w", encoding="utf-8", errors="surrogateescape") as badf:
    for p in open(paths, encoding="utf-8", errors="surrogateescape"):
        p = p.rstrip("\n")
        meta = p + ".meta"
        try:
            r = sidecar(meta)
        except (OSError, ValueError) as e:
            why = e.strerror if isinstance(e, OSError) else str(e)
            badf.write("its sidecar %s: %s\t%s\n" % (os.path.basename(meta), why, p))
            continue
        if r is None:
            continue
        doc = os.path.basename(p)
        rows[doc] = {"doc": doc, **{c: (r.get(c) or "") for c in cols[1:]}}
with open(out, "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    for r in rows.values():
        w.writerow(r)
PY
}

# is_datadir DIR: DIR is a data folder: it holds the marker .cchc-data, or
# the layout of one made before the marker (a ledger link and a log)
is_datadir() {
	[ -e "$1/.cchc-data" ] || { [ -L "$1/ledger" ] && [ -d "$1/log" ]; }
}

# check_datadir DIR: refuse a folder that is neither new, nor empty, nor a
# data folder (a swapped argument must not archive or remove anything);
# returns 0 when DIR may be used, after marking it
check_datadir() {
	if [ -e "$1" ] && [ -n "$(ls -A "$1" 2>/dev/null)" ] && ! is_datadir "$1"; then
		echo "${prog:-cchc}: $1: not a cchc data folder (no .cchc-data in it): refusing to use it; give a new or empty folder, or the data folder" >&2
		return 1
	fi
	return 0
}

# log_failure DATADIR MESSAGE: the one log line of a run that stopped early
log_failure() {
	[ -d "$1/log" ] && [ -w "$1/log" ] &&
		printf '%s failed: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$2" >> "$1/log/nightly.log"
	return 0
}

# on_error STATUS LINE: the ERR trap of nightly and rebuild (set -E): a
# command that failed under set -e ends the run through die, so that it
# logs its line and exits 1 (in a subshell: that subshell exits, and the
# command that ran it fails in turn)
on_error() {
	trap - ERR
	[ "$BASH_SUBSHELL" -eq 0 ] || exit "$1"
	die "stopped at line $2 of $prog by a command's exit status $1 (see above); nothing was lost, the next run completes the work"
}

# remove_tmp DATADIR: the temporary files of a run that stops (its lock
# still held): the ledger's unrenamed files, the dataset's and tables'
remove_tmp() {
	rm -f "$1/.manifest.csv.tmp" "$1/.ledger.new" "$1/.tables.new" "$1/.records.new"
}

# clean_ledgers DATADIR: remove the ledger.N and tables.N folders the
# links do not name (left by a run or a rebuild that was stopped); the
# caller holds the lock
clean_ledgers() {
	local cur l k
	for k in ledger tables; do
		cur=$(readlink "$1/$k" 2>/dev/null || true)
		for l in "$1/$k".*; do
			[ -d "$l" ] && [ "$(basename "$l")" != "$cur" ] && rm -rf "$l"
		done
	done
	return 0
}

# cchc_version: the version of cchc (the file VERSION of the source tree or
# of an install's PREFIX/share/cchc, where these pipelines stand beside it)
cchc_version() {
	local here v
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	for v in "$here/../VERSION" "$here/../share/cchc/VERSION"; do
		[ -r "$v" ] && { echo "${prog:-cchc} (cchc) $(cat "$v")"; return 0; }
	done
	echo "${prog:-cchc} (cchc) unknown"
}

# printable NAME: NAME for a message, each control character (an ESC would
# drive the terminal) shown as '?'
printable() {
	local s=$1
	printf '%s' "${s//[[:cntrl:]]/?}"
}

# table_notes DATADIR [NAME]: what a reader of the tables must know, in a
# line: how many values are in conflict and how many records have no
# province, with the files that list them (under NAME/tables/ when given)
table_notes() {
	local n=0 f c u
	for f in "$1"/tables/conflicts*.csv; do
		[ -f "$f" ] || continue
		c=$(($(wc -l < "$f") - 1))
		[ $c -gt 0 ] && n=$((n + c))
	done
	u=0
	[ -f "$1/tables/no-province.csv" ] && u=$(($(wc -l < "$1/tables/no-province.csv") - 1))
	[ $u -ge 0 ] || u=0
	local t=${2:+$2/}tables
	echo "tables: $n values in conflict ($t/conflicts*.csv: the kept one and the other, with their sources); $u records with no province ($t/no-province.csv)"
}
