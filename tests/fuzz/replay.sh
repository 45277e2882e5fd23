#!/bin/sh
# Replay one fuzz input through the real programs, as its target feeds it to
# the library (see fuzz-TARGET.c for the input's layout).  Programs come from
# $BIN (default bin/).  Exit status: the largest status of the programs run,
# so a crash shows as > 128.
#   replay.sh TARGET FILE
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BIN:-$top/bin}
case $bin in /*) ;; *) bin=$top/$bin ;; esac
t=$1
f=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
worst=0
go() {
	"$@" > /dev/null
	s=$?
	[ $s -gt $worst ] && worst=$s
}
byte() { od -An -tu1 -N1 "$f" | tr -d ' '; }
rest() { tail -c +2 "$f"; }
# split FILE SEP A B: FILE's bytes before the first SEP into A, after it into B
split() {
	python3 -c '
import sys
d = open(sys.argv[1], "rb").read()
sep = sys.argv[2].encode().decode("unicode_escape").encode("latin-1")
i = d.find(sep)
a, b = (d, None) if i < 0 else (d[:i], d[i + len(sep):])
open(sys.argv[3], "wb").write(a)
if b is not None: open(sys.argv[4], "wb").write(b)
' "$@"
}

case $t in
text)
	o=$(byte)
	set -- -e "$(echo auto utf-8 cp1258 tcvn3 | cut -d' ' -f$((o % 4 + 1)))"
	[ $((o / 4 % 2)) -eq 1 ] && set -- "$@" --strict
	[ $((o / 8 % 2)) -eq 1 ] && set -- "$@" --keep-boilerplate
	rest > "$tmp/doc"
	go "$bin/cchc-text" "$@" "$tmp/doc"
	# as the target checks: cleaning the clean text changes nothing, unless
	# the clean text is read as another format (a page, RTF's magic ...)
	if "$bin/cchc-text" "$@" "$tmp/doc" > "$tmp/once" 2>/dev/null; then
		shift 2
		"$bin/cchc-text" -e utf-8 "$@" "$tmp/once" > "$tmp/twice" 2> "$tmp/err2"
		if grep -q 'not text\|a PDF file\|a Word file' "$tmp/err2" ||
			head -c 4096 "$tmp/once" "$tmp/doc" | grep -qi '<\(!doctype\|html\|head\)'; then
			:
		elif ! cmp -s "$tmp/once" "$tmp/twice"; then
			echo "replay: cleaning the clean text changed it" >&2
			worst=125
		fi
	fi ;;
docs)
	go "$bin/cchc-text" "$f" ;;
extract)
	go "$bin/cchc-extract" "$f" ;;
normalize)
	go "$bin/cchc-normalize" "$f" ;;
join)
	o=$(byte)
	rest > "$tmp/in"
	split "$tmp/in" '\n==\n' "$tmp/left" "$tmp/right"
	[ -f "$tmp/right" ] || : > "$tmp/right"
	set --
	[ $((o / 8 % 2)) -eq 1 ] &&
		set -- "$(echo left right full semi anti left full left | cut -d' ' -f$((o % 8 + 1)) | sed 's/^/--/')"
	[ $((o / 16 % 2)) -eq 1 ] && set -- "$@" --fold
	[ $((o / 32 % 2)) -eq 1 ] && set -- "$@" --same-era
	k=$(echo province,year province_code doc,line a | cut -d' ' -f$((o / 64 + 1)))
	go "$bin/cchc-join" "$@" -k "$k" "$tmp/left" "$tmp/right"
	CCHC_JOIN_SPLIT=64 go "$bin/cchc-join" "$@" -k "$k" "$tmp/left" "$tmp/right" ;;
pivot)
	o=$(byte)
	rest > "$tmp/in"
	a=$(echo first last min max sum mean count | cut -d' ' -f$((o % 8 % 7 + 1)))
	if [ $((o / 8 % 2)) -eq 1 ]; then set -- -r a -c b -v c; else set -- -r province,period -c metric -v value; fi
	go "$bin/cchc-pivot" -a "$a" "$@" --conflicts "$tmp/conflicts.csv" "$tmp/in" ;;
archive)
	a=$tmp/a.tar.gz
	split "$f" 'CCHCIDX\n' "$a" "$a.idx"
	go "$bin/cchc-archive" -q list "$a"
	go "$bin/cchc-archive" -q verify "$a"
	go "$bin/cchc-archive" -q cat "$a" r.txt
	go "$bin/cchc-archive" -q cat "$a" s.txt@1
	go "$bin/cchc-archive" -q extract "$a" -C "$tmp/out"
	if [ -n "$(find "$tmp/out" ! -type f ! -type d)" ]; then
		echo "replay: extraction made a link or special file" >&2
		worst=125
	fi
	if "$bin/cchc-archive" -q repair "$a" && ! "$bin/cchc-archive" -q verify "$a"; then
		echo "replay: verify fails on a repaired archive" >&2
		worst=125
	fi ;;
*)
	echo "replay: unknown target '$t'" >&2
	exit 2 ;;
esac
exit $worst
