#!/bin/sh
# Run fuzz targets, FUZZTIME seconds each (default 60), one after another.
#   FUZZTIME=600 sh tests/fuzz/run.sh [TARGET...]      (make fuzz does this)
# Each target keeps its corpus in build/fuzz/corpus/TARGET (grown run after
# run) and starts from seeds of samples/ and tests/ and its regressions.  A crash, leak, timeout
# or out-of-memory is saved as build/fuzz/crashes/TARGET-*; turn it into a
# regression test by copying it to tests/fuzz/regress/TARGET/ (see README.md).
# The last line says how many targets found something; the exit status too.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
fo=build/fuzz
time=${FUZZTIME:-60}
[ $# -gt 0 ] || set -- text docs extract normalize join pivot archive
seeds=$fo/seeds.$$
trap 'rm -rf "$seeds"' EXIT
sh tests/fuzz/seeds.sh "$seeds"
mkdir -p "$fo/crashes" "$fo/logs"
failed=0
for t in "$@"; do
	case $t in
	text|extract) dict=tests/fuzz/extract.dict ;;
	normalize|join|pivot) dict=tests/fuzz/csv.dict ;;
	archive|docs) dict=tests/fuzz/archive.dict ;;
	*) echo "fuzz: unknown target '$t'" >&2; exit 2 ;;
	esac
	mkdir -p "$fo/corpus/$t"
	log=$fo/logs/$t.log
	# -close_fd_mask=2: the filters' own messages about bad input are
	# expected by the thousand; sanitizer reports still reach the log
	if "$fo/fuzz-$t" -max_total_time="$time" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -close_fd_mask=2 -print_final_stats=1 -dict="$dict" \
		-artifact_prefix="$fo/crashes/$t-" "$fo/corpus/$t" "$seeds/$t" \
		$(ls -d tests/fuzz/regress/$t 2>/dev/null) > "$log" 2>&1; then
		status=ok
	else
		status="FOUND SOMETHING (see $log)"
		failed=$((failed + 1))
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\).*/\1 edges, \2 features/p')
	printf 'fuzz %-9s %ss: %s runs, %s, corpus %s files: %s\n' "$t" "$time" "${runs:-?}" \
		"${cov:-?}" "$(ls "$fo/corpus/$t" | wc -l)" "$status"
done
echo "fuzz: $# targets, $failed found something"
[ "$failed" -eq 0 ]
