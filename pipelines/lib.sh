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
# CCHC_PROVINCE and CCHC_BIN from the environment, overridden by CONFIG or
# DIR/nightly.conf (shell assignments of the same names); they give JOBS,
# REFERENCE, BATCH_BYTES, PROVINCE (cchc-extract -p) and a PATH that finds
# the programs (CCHC_BIN, else ../bin beside the pipelines, else PATH)
settings() {
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

# concat_csv OUT LIST: the CSV files named in LIST (one a line) as one, with
# the first file's header, written to OUT atomically
concat_csv() {
	local out=$1 list=$2
	{
		if [ -s "$list" ]; then
			head -n 1 "$(head -n 1 "$list")"
			xargs -r -d '\n' tail -q -n +2 -- < "$list"
		else
			cchc-normalize < /dev/null  # the records' header
		fi
	} > "$out.tmp"
	mv -f "$out.tmp" "$out"
}

# commit_ledger NEW LEDGER UNIT...: each report's records into the ledger,
# durably: LEDGER/<2 hex digits>/<hash>.csv written, synced, renamed from a
# temporary name, synced.  NEW lists "hash<TAB>path" of the reports.  A
# record is one line (cchc-normalize takes every field from one line of
# text), so awk can deal them out.  Prints "<reports> <records>".
# ledger_unit NEW LEDGER UNIT: deal one unit's records out to the ledger
# (temporary names); writes "<reports> <records>" to UNIT/ledger-counts
ledger_unit() {
	awk -v ledger="$2" -v new="$1" -v files="${3%/}/files" -v prog="${prog:-cchc}" "$awk_first_field"'
		function open_for(doc,   h) {
			if (out != "") close(out)
			h = hash[doc]
			# one identity from inbox to ledger: a record whose document
			# is no report of the unit stops the night, never goes astray
			if (h !~ /^[0-9a-f]+$/ || length(h) != 64) {
				printf "%s: ledger: records of \"%s\" match no report of %s\n", prog, doc, files > "/dev/stderr"
				failed = 1
				exit 1
			}
			out = ledger "/" substr(h, 1, 2) "/.tmp-" h ".csv"
			print header > out
			done[doc] = 1
		}
		BEGIN {
			FS = "\t"
			while ((getline l < new) > 0) {
				t = index(l, "\t"); p = substr(l, t + 1)
				n = split(p, parts, "/"); path_hash[p] = substr(l, 1, t - 1)
			}
			while ((getline p < files) > 0) {
				n = split(p, parts, "/"); hash[parts[n]] = path_hash[p]; order[++nf] = parts[n]
			}
			out = ""
		}
		NR == 1 { header = $0; next }
		{
			doc = first($0)
			if (!(doc in done)) open_for(doc)
			print > out
			nrec++
		}
		END {
			if (failed) exit 1
			for (i = 1; i <= nf; i++)
				if (!(order[i] in done)) open_for(order[i])
			if (out != "") close(out)
			print nf, nrec + 0
		}' "$3/records.csv" > "$3/ledger-counts"
}

commit_ledger() {
	local new=$1 ledger=$2 u counts=0 nrec=0 c r
	shift 2
	# the subdirectories of the night's reports (the hash's first 2 digits)
	cut -c1-2 "$new" | sort -u | sed "s|^|$ledger/|" | xargs -r -d '\n' mkdir -p
	# one awk per unit, JOBS at a time (units hold different reports), as
	# extract_units runs its batches
	export -f ledger_unit
	export prog
	if [ $# -gt 0 ] && ! printf '%s\n' "$@" | xargs -d '\n' -P "${JOBS:-1}" -I{} \
		bash -c 'ledger_unit "$1" "$2" "$3"' _ "$new" "$ledger" {}; then
		echo "$prog: ledger: a unit's records could not be written" >&2
		exit 1
	fi
	for u in "$@"; do
		[ -s "$u/ledger-counts" ] || { echo "$prog: ledger: ${u%/}: not written" >&2; exit 1; }
		read -r c r < "$u/ledger-counts"
		counts=$((counts + c))
		nrec=$((nrec + r))
	done
	sync -f "$ledger/"
	python3 "$(dirname "${BASH_SOURCE[0]}")/ledger-rename" --rename "$ledger"
	sync -f "$ledger/"
	echo "$counts $nrec"
}

# rank_records RECORDS: the records (a CSV whose last columns are doc_date
# and own_report, one record a line) on stdout, the province's own reports
# first, then the latest, the input's order kept between equals: the order
# in which cchc-pivot keeps the first value of a cell.  The two columns hold
# no comma, so they are the last two comma-separated fields of a line.
rank_records() {
	local head
	head=$(head -n 1 "$1")
	case $head in
	*,doc_date,own_report) ;;
	*) echo "${prog:-cchc}: $1: the last columns are not doc_date,own_report" >&2; return 1 ;;
	esac
	printf '%s\n' "$head"
	tail -n +2 "$1" | awk -F, '{ printf "%d\t%s\t%d\t%s\n", $NF != "1", $(NF - 1), NR, $0 }' |
		LC_ALL=C sort -t "$(printf '\t')" -k1,1n -k2,2r -k3,3n | cut -f 4-
}

# make_tables DATADIR REFERENCE: the dataset (records.csv: the ledger's
# files in the order of their names) and the tables, each renamed into
# place when complete
make_tables() {
	local d=$1 ref=$2
	find "$d/ledger/" -name '*.csv' ! -name '.*' | sort > "$d/.ledger-files"
	concat_csv "$d/records.csv" "$d/.ledger-files"
	rm -f "$d/.ledger-files"
	mkdir -p "$d/tables"
	# when two reports give a cell different values, the province's own
	# report wins over a mention elsewhere, then the latest report: the
	# records in that order, and cchc-pivot keeps the first (every
	# conflict is listed in tables/conflicts*.csv with both sources)
	rank_records "$d/records.csv" > "$d/.ranked.csv"
	# the parts of an index (component) have columns of their own
	# ("papi_component_score|Cung ứng dịch vụ công"); the headline table
	# holds levels of the province (or the nation) itself; changes,
	# targets, and the figures of agencies and districts
	# have tables of their own, so no cell mixes them; each cell's source
	# is in province-period-sources.csv
	# the tables side by side (each reads the records once)
	local pids=() pid failed=0
	export CCHC_EXCEL_SAFE=${EXCEL_SAFE:-0}
	cchc-pivot -q -r province,period,year,block -c metric,component -v value -w kind=level -w 'owner=province|nation' \
		--conflicts "$d/tables/conflicts.csv" --sources "$d/tables/province-period-sources.csv" \
		-o "$d/tables/province-period.csv" "$d/.ranked.csv" & pids+=($!)
	cchc-pivot -q -r province,period,year,block -c metric,component -v value -w kind=change -w 'owner=province|nation' \
		--conflicts "$d/tables/conflicts-changes.csv" -o "$d/tables/province-period-changes.csv" \
		"$d/.ranked.csv" & pids+=($!)
	cchc-pivot -q -r province,period,year,block -c metric,component -v value -w kind=target \
		--conflicts "$d/tables/conflicts-targets.csv" -o "$d/tables/province-period-targets.csv" \
		"$d/.ranked.csv" & pids+=($!)
	cchc-pivot -q -r province,period,owner,doc,line,subject -c metric,component -v value -w 'owner=agency|district' \
		--conflicts "$d/tables/conflicts-agencies-districts.csv" \
		-o "$d/tables/agencies-districts.csv" "$d/.ranked.csv" & pids+=($!)
	# the records no province could be given (no table above holds them)
	cchc-pivot -q -r doc,line,period,kind,owner,raw,subject -c metric,component -v value -w province= \
		--conflicts /dev/null -o "$d/tables/no-province.csv" "$d/.ranked.csv" & pids+=($!)
	for pid in "${pids[@]}"; do
		wait "$pid" || failed=1
	done
	rm -f "$d/.ranked.csv"
	[ $failed = 0 ] || return 1
	if [ -r "$ref" ] && ! cchc-join --left -k province,year \
		-o "$d/tables/province-period-reference.csv" "$d/tables/province-period.csv" "$ref"; then
		echo "the join with $ref failed (above): tables/province-period-reference.csv is the last run's" >&2
	fi
	unset CCHC_EXCEL_SAFE
	sync -f "$d/"
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
	rm -f "$1/records.csv.tmp" "$1/.ledger-files" "$1/.ranked.csv" "$1/.manifest.csv.tmp" \
		"$1/.ledger.new"
	local l
	for l in "$1"/ledger.*/; do
		find "$l" -name '.tmp-*.csv' -delete 2> /dev/null || true
	done
}

# clean_ledgers DATADIR: remove ledger.N folders the ledger link does not
# name (left by a rebuild that was stopped); the caller holds the lock
clean_ledgers() {
	local cur l
	cur=$(readlink "$1/ledger" 2>/dev/null || true)
	for l in "$1"/ledger.*; do
		[ -d "$l" ] && [ "$(basename "$l")" != "$cur" ] && rm -rf "$l"
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
