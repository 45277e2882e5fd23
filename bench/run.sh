#!/usr/bin/env bash
# make bench: each hot path against the peer a user would otherwise use, on
# the same input in the same run.  Prints throughput and ratios.
#   BENCH_MB   size of the synthetic corpus (default 200)
#   GEN_CORPUS path of gen-corpus (default ../shared/bench/gen-corpus)
#   GEN_JOIN   path of gen-join (default ../shared/bench/gen-join)
#   BENCH      the sections to run (default: extract normalize join archive nightly
#              history)
#   BENCH_HISTORY  the histories of the history section, in records (default
#              "100000 1000000"; gen-corpus gives about 49 records a report)
#   BENCH_RUNS the runs of each timing, the fastest kept (default 3)
set -euo pipefail
LC_ALL=C.UTF-8
export LC_ALL
top=$(cd "$(dirname "$0")/.." && pwd)
mb=${BENCH_MB:-200}
gen=${GEN_CORPUS:-$top/../shared/bench/gen-corpus}
work=$top/build/bench
mkdir -p "$work"
# want SECTION: whether BENCH asks for it
want() { case " ${BENCH:-extract normalize join archive nightly history} " in *" $1 "*) return 0 ;; esac; return 1; }
if [ ! -x "$gen" ]; then
	echo "bench: $gen not found: set GEN_CORPUS to the gen-corpus script" >&2
	exit 1
fi
corpus=$work/corpus-$mb.txt
if [ ! -s "$corpus" ]; then
	echo "bench: generating a $mb MB corpus (gen-corpus --size $mb --stream)" >&2
	python3 "$gen" --size "$mb" --stream > "$corpus.tmp"
	mv "$corpus.tmp" "$corpus"
fi
bytes=$(stat -c %s "$corpus")

# secs CMD...: wall seconds of the fastest of BENCH_RUNS runs (default 3),
# output discarded: on a shared machine the fastest run is the one least
# slowed by others
runs=${BENCH_RUNS:-3}
secs() {
	local t0 t1 t best= k
	for ((k = 0; k < runs; k++)); do
		t0=$(date +%s.%N)
		"$@" > /dev/null
		t1=$(date +%s.%N)
		t=$(echo "$t1 - $t0" | bc -l)
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
	done
	echo "$best"
}
rate() { echo "scale=1; $bytes / 1000000 / $1" | bc -l; }
ratio() { echo "scale=3; $2 / $1" | bc -l; }
# drate SECONDS: MB/s over the report folder (dbytes, set by its section)
drate() { echo "scale=1; $dbytes / 1000000 / $1" | bc -l; }

echo "corpus: $corpus ($((bytes / 1000000)) MB)"
if want extract; then
echo
echo "== cchc-extract vs the Python script a user would write (../shared/bench/pyextract)"
py=${PYEXTRACT:-$top/../shared/bench/pyextract}
x1_s=$(secs "$top/bin/cchc-extract" "$corpus")
x2_s=$(secs "$top/pipelines/extract-parallel" -j 2 "$corpus")
if [ -r "$py" ]; then
	py_s=$(secs python3 "$py" "$corpus")
	printf '%-34s %7.2f s %8s MB/s\n' "pyextract (peer)" "$py_s" "$(rate "$py_s")"
	printf '%-34s %7.2f s %8s MB/s  ratio to pyextract %s (target 4)\n' \
		"cchc-extract, 1 core" "$x1_s" "$(rate "$x1_s")" "$(ratio "$x1_s" "$py_s")"
else
	printf '%-34s %7.2f s %8s MB/s  (no pyextract at %s)\n' \
		"cchc-extract, 1 core" "$x1_s" "$(rate "$x1_s")" "$py"
fi
printf '%-34s %7.2f s %8s MB/s  ratio to 1 core %s (target 1.8)\n' \
	"extract-parallel -j 2" "$x2_s" "$(rate "$x2_s")" "$(ratio "$x2_s" "$x1_s")"
# the records, not only the mentions: what pyextract's rows stand for
xn_s=$(secs bash -c "'$top/bin/cchc-extract' '$corpus' 2> /dev/null | '$top/bin/cchc-normalize' 2> /dev/null")
if [ -r "$py" ]; then
	printf '%-34s %7.2f s %8s MB/s  ratio to pyextract %s (target 3)\n' \
		"cchc-extract | cchc-normalize" "$xn_s" "$(rate "$xn_s")" "$(ratio "$xn_s" "$py_s")"
else
	printf '%-34s %7.2f s %8s MB/s\n' "cchc-extract | cchc-normalize" "$xn_s" "$(rate "$xn_s")"
fi
tx_s=$(secs "$top/bin/cchc-text" "$corpus")
rgpat='(?:gần|trên|hơn|khoảng|đạt)?\s*\d{1,3}(?:\.\d{3})*(?:,\d+)?\s*(?:%|điểm|triệu|nhiệm vụ|TTHC|hồ sơ)'
rg_s=$(secs bash -c "rg -o '$rgpat' '$corpus' | wc -l")
printf '%-34s %7.2f s %8s MB/s  ratio to rg -o %s (target 1.2)\n' \
	"cchc-text alone" "$tx_s" "$(rate "$tx_s")" "$(ratio "$tx_s" "$rg_s")"
printf '%-34s %7.2f s %8s MB/s\n' "rg -o, a figure pattern (context)" "$rg_s" "$(rate "$rg_s")"
fi

if want normalize; then
echo
echo "== cchc-normalize vs Miller"
mentions=$work/mentions-1m.csv
if [ ! -s "$mentions" ]; then
	echo "bench: making a 1M-row mentions file from the corpus" >&2
	# head closes the pipe after 1M rows: SIGPIPE is the expected end here
	(set +o pipefail; "$top/bin/cchc-extract" "$corpus" 2>/dev/null | head -n 1000001 > "$mentions.tmp")
	mv "$mentions.tmp" "$mentions"
fi
rows=$(($(wc -l < "$mentions") - 1))
mlr_s=$(secs mlr --icsv --ocsv cat "$mentions")
nz_s=$(secs bash -c "'$top/bin/cchc-normalize' '$mentions' 2> /dev/null")
printf '%-34s %7.2f s %9.0f rows/s\n' "mlr --icsv --ocsv cat (peer)" "$mlr_s" "$(echo "$rows / $mlr_s" | bc -l)"
printf '%-34s %7.2f s %9.0f rows/s  ratio to Miller %s (target 3)\n' \
	"cchc-normalize, 1 core" "$nz_s" "$(echo "$rows / $nz_s" | bc -l)" "$(ratio "$nz_s" "$mlr_s")"
# the floor: libcsv parsing the same file and doing nothing else
if [ -x "${CSV_FLOOR:-}" ]; then
	fl_s=$(secs "$CSV_FLOOR" "$mentions")
	printf '%-34s %7.2f s %9.0f rows/s  (no reader built on libcsv can pass this)\n' \
		"libcsv csv_parse alone (floor)" "$fl_s" "$(echo "$rows / $fl_s" | bc -l)"
fi
fi

if want join; then
echo
echo "== cchc-join vs Miller, DuckDB, sqlite3 (figures.csv ⋈ reference.csv on province,period)"
genjoin=${GEN_JOIN:-$top/../shared/bench/gen-join}
jrows=${BENCH_JOIN_ROWS:-1000000}
jdir=$work/join-$jrows
if [ ! -s "$jdir/figures.csv" ]; then
	echo "bench: gen-join --rows $jrows" >&2
	mkdir -p "$jdir"
	python3 "$genjoin" --rows "$jrows" --out "$jdir" > /dev/null
fi
# timed NAME OUT CMD...: the best wall seconds of two runs and the peak
# memory (MiB) of CMD, stdout to OUT
timed() {
	local name=$1 out=$2 s kb s2 kb2
	shift 2
	/usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$out"
	read -r s kb < "$work/time.txt"
	/usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$out"
	read -r s2 kb2 < "$work/time.txt"
	if [ "$(echo "$s2 < $s" | bc -l)" = 1 ]; then s=$s2; fi
	if [ "$kb2" -gt "$kb" ]; then kb=$kb2; fi
	printf '%s %s %s\n' "$name" "$s" "$((kb / 1024))"
}
fig=$jdir/figures.csv ref=$jdir/reference.csv
cat "$fig" "$ref" > /dev/null  # every tool starts with the inputs in the page cache
{
	timed cchc-join "$work/j-cchc.csv" "$top/bin/cchc-join" -k province,period "$fig" "$ref"
	timed mlr "$work/j-mlr.csv" mlr --icsv --ocsv join -j province,period -f "$ref" "$fig"
	timed sqlite3 "$work/j-sqlite.csv" sqlite3 -csv :memory: ".import --csv $fig f" \
		".import --csv $ref r" \
		"select f.*, r.par_index, r.sipas from f join r using (province, period)"
	if [ -d "$top/build/node/node_modules/@duckdb/node-api" ] && command -v node > /dev/null; then
		cp "$top/bench/duckdb-join.mjs" "$top/build/node/"
		timed duckdb /dev/null node "$top/build/node/duckdb-join.mjs" "$fig" "$ref" "$work/j-duckdb.csv"
	fi
} > "$work/join-times.txt"
read -r _ c_s c_m < <(grep '^cchc-join ' "$work/join-times.txt")
while read -r name s m; do
	if [ "$name" = cchc-join ]; then
		printf '%-12s %6.2f s %6s MiB\n' "$name" "$s" "$m"
	else
		printf '%-12s %6.2f s %6s MiB   cchc-join is %sx faster, uses %sx less memory\n' \
			"$name" "$s" "$m" "$(ratio "$c_s" "$s")" "$(ratio "$c_m" "$m")"
	fi
done < "$work/join-times.txt"
echo "targets: 5x faster than Miller, faster than DuckDB, less memory than either"
# the same rows as sqlite3, as a multiset (field values compared after CSV parsing)
if python3 - "$work/j-cchc.csv" "$work/j-sqlite.csv" <<'PY'
import csv, sys
from collections import Counter
a = Counter(map(tuple, csv.reader(open(sys.argv[1], newline=""))))
b = Counter(map(tuple, csv.reader(open(sys.argv[2], newline=""))))
hdr = next(csv.reader(open(sys.argv[1], newline="")))
a[tuple(hdr)] -= 1
sys.exit(0 if +a == +b else 1)
PY
then echo "rows: the same multiset as sqlite3 ($(($(wc -l < "$work/j-cchc.csv") - 1)) rows)"
else echo "rows: DIFFERENT from sqlite3"; exit 1
fi
fi

if want archive; then
echo
echo "== cchc-archive vs tar czf (gen-corpus --size $mb --out DIR: one file per report)"
dir=$work/corpus-$mb-dir
if [ ! -d "$dir" ]; then
	echo "bench: gen-corpus --size $mb --out $dir" >&2
	python3 "$gen" --size "$mb" --out "$dir.tmp" > /dev/null
	mv "$dir.tmp" "$dir"
fi
dbytes=$(du -sb "$dir" | cut -f1)
nfiles=$(ls "$dir" | wc -l)
ar=$work/bench-archive.tar.gz
cat "$dir"/* > /dev/null
tar_s=$(secs tar czf "$work/bench-tar.tar.gz" -C "$dir" .)
# each run starts from no archive (a second add would skip every report)
add_s=$(secs bash -c "rm -f '$ar' '$ar.idx' '$ar.lock'; cd '$dir' && ls | '$top/bin/cchc-archive' -q add '$ar' -T -")
tsize=$(stat -c %s "$work/bench-tar.tar.gz")
asize=$(stat -c %s "$ar")
printf '%-30s %6.2f s %7s MB/s  %10d bytes\n' "tar czf (peer)" "$tar_s" "$(drate "$tar_s")" "$tsize"
if command -v pigz > /dev/null; then
	pigz_s=$(secs bash -c "tar cf - -C '$dir' . | pigz -6 -p 2")
	printf '%-30s %6.2f s %7s MB/s\n' "tar cf | pigz -p 2 (peer)" "$pigz_s" "$(drate "$pigz_s")"
fi
printf '%-30s %6.2f s %7s MB/s  %10d bytes  %sx faster than tar, %sx its size (targets: >1, <=1.05)\n' \
	"cchc-archive add ($nfiles files)" "$add_s" "$(drate "$add_s")" "$asize" \
	"$(ratio "$add_s" "$tar_s")" "$(echo "scale=3; $asize / $tsize" | bc -l)"
name=$(ls "$dir" | sed -n "$((nfiles * 3 / 4))p")
cat_s=$(secs "$top/bin/cchc-archive" cat "$ar" "$name")
xz_s=$(secs tar xzOf "$work/bench-tar.tar.gz" "./$name")
printf '%-30s %6.3f s   (tar xzOf of the same report: %.3f s; target < 0.020 s)\n' \
	"cchc-archive cat ($name)" "$cat_s" "$xz_s"
fi

if want nightly; then
echo
echo "== pipelines/nightly end to end (the corpus folder as an inbox)"
dir=$work/corpus-$mb-dir
[ -d "$dir" ] || python3 "$gen" --size "$mb" --out "$dir" > /dev/null
dbytes=$(du -sb "$dir" | cut -f1)
nb=$work/nightly
rm -rf "$nb"
mkdir -p "$nb"
cp -r "$dir" "$nb/inbox"
cat "$dir"/* > /dev/null  # both start with the reports in the page cache
# the peer: the same reports through extract-parallel and cchc-normalize,
# with no ledger, archive or tables
p_s=$(secs bash -c "'$top/pipelines/extract-parallel' -j 2 '$dir'/* | '$top/bin/cchc-normalize' 2> /dev/null")
n_s=$(runs=1 secs "$top/pipelines/nightly" -q "$nb/inbox" "$nb/data")  # it empties the inbox
nrep=$(ls "$dir" | wc -l)
printf '%-34s %6.2f s %7s MB/s\n' "extract-parallel -j 2 | normalize" "$p_s" "$(drate "$p_s")"
printf '%-34s %6.2f s %7s MB/s %6.0f reports/s  ratio to the pipe %s (target 0.8)\n' \
	"nightly ($nrep reports)" "$n_s" "$(drate "$n_s")" "$(echo "$nrep / $n_s" | bc -l)" \
	"$(ratio "$n_s" "$p_s")"
echo "steps: CCHC_TIMING=1 pipelines/nightly INBOX DATADIR prints the time of each"
rm -rf "$nb"
fi

if want history; then
echo
echo "== pipelines/nightly: a night of 5 reports on a history (the night's cost, not the history's)"
echo "   (as cron runs it: PATH=/usr/bin:/bin; the fastest of $runs nights, each on a copy of the history)"
night=$work/night-5
if [ ! -d "$night" ]; then  # 5 reports of other content and names than any history's
	python3 "$gen" --seed 7 --docs 5 --out "$night.tmp" > /dev/null
	for f in "$night.tmp"/doc-*; do mv "$f" "$night.tmp/night-${f##*/doc-}"; done
	mv "$night.tmp" "$night"
fi
first=
for n in ${BENCH_HISTORY:-100000 1000000}; do
	h=$work/history-$n
	if [ ! -f "$h/.done" ]; then
		echo "bench: a history of $n records (gen-corpus --docs $((n / 49)), one nightly run)" >&2
		rm -rf "$h" && mkdir -p "$h"
		python3 "$gen" --docs $((n / 49)) --out "$h/reports" > /dev/null
		cp -r "$h/reports" "$h/inbox"
		env PATH=/usr/bin:/bin "$top/pipelines/nightly" -q "$h/inbox" "$h/data"
		rm -rf "$h/inbox"
		touch "$h/.done"
	fi
	best= steps=
	for ((k = 0; k < runs; k++)); do
		rm -rf "$h/try" "$h/tin"
		cp -a "$h/data" "$h/try"
		cp -r "$night" "$h/tin"
		sync
		t0=$(date +%s.%N)
		env PATH=/usr/bin:/bin CCHC_TIMING=1 "$top/pipelines/nightly" -q "$h/tin" "$h/try" 2> "$h/steps"
		t=$(echo "$(date +%s.%N) - $t0" | bc -l)
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then
			best=$t
			steps=$(sed 's/^nightly: //; s/  */ /g' "$h/steps" | tr '\n' ';')
		fi
	done
	rec=$(($(wc -l < "$h/data/records.csv") - 1))
	rdu=$(du -s --block-size=1 "$h/reports" | cut -f1)
	ddu=$(du -s --block-size=1 "$h/data" | cut -f1)
	ldu=$(du -s --block-size=1 "$h/data/ledger/reports.db" | cut -f1)
	printf '%-34s %6.2f s  (target <= 1.5 s at 1,000,000)\n' "night of 5 on $rec records" "$best"
	printf '   steps: %s\n' "$steps"
	printf '   data folder %s MB = %.2fx the reports (%s MB on disk; target <= 1.9), ledger index %.1f%% of them (target <= 10%%)\n' \
		"$((ddu / 1000000))" "$(echo "$ddu / $rdu" | bc -l)" "$((rdu / 1000000))" "$(echo "100 * $ldu / $rdu" | bc -l)"
	if [ -z "$first" ]; then
		first=$best
	else
		printf '   ratio to the first history: %s (target <= 1.3)\n' "$(ratio "$first" "$best")"
	fi
	rm -rf "$h/try" "$h/tin"
done
fi
