# No input makes time grow faster than its size: the instructions a program
# runs (valgrind's callgrind counts them; nothing is timed) on 256 KiB of each
# hostile shape are under 6 times those on 64 KiB (linear work gives about
# 4; work that grows with the square of the size gives 16, or runs out of
# the 120 s a run is given).
top=${top:?}
. "$top/tests/lib.sh"

if [ "${SANITIZE:-}" = 1 ] || ! command -v valgrind > /dev/null 2>&1; then
	end_tests  # valgrind cannot run a sanitizer build
	exit 0
fi

# ir FILE PROG ARGS...: the instructions PROG ARGS FILE runs (an argument
# @ stands for FILE instead)
ir() {
	f=$1
	shift
	case " $* " in *" @ "*) ;; *) set -- "$@" @ ;; esac
	for x; do shift; [ "$x" = @ ] && x=$f; set -- "$@" "$x"; done
	CCHC_JIT=0 timeout 120 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
		> /dev/null 2> "$T/ir.err" < /dev/null
	sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$T/ir.err"
}
# linear NAME GEN PROG ARGS...: GEN BYTES writes the shape on stdout
linear() {
	name=$1 gen=$2
	shift 2
	$gen 65536 > "$T/small"
	$gen 262144 > "$T/large"
	a=$(ir "$T/small" "$@")
	b=$(ir "$T/large" "$@")
	if [ -n "$a" ] && [ -n "$b" ] && [ "$b" -lt $((6 * a)) ]; then
		_pass
	else
		_fail "linear time: $name" "instructions ${a:-?} on 64 KiB, ${b:-?} on 256 KiB ($(head -c 300 "$T/ir.err"))"
	fi
}

nuls() { head -c "$1" /dev/zero; }
bad() { head -c "$1" /dev/zero | tr '\0' '\377'; }
nul_text() { head -c "$1" /dev/zero | tr '\0' 'a' | sed 's/a\{7\}/aaaaaa\x00/g'; }
long_line() { command yes 'Tỷ lệ hồ sơ đúng hạn đạt 97,5% trong quý' | tr '\n' ' ' | head -c "$1"; }
short_lines() { command yes '1%' | head -c "$1"; }
dots() { command yes '1.' | tr -d '\n' | head -c "$1"; }
wide_header() {
	python3 -c 'import sys; n = int(sys.argv[1]) // 8; print(",".join("c%06d" % i for i in range(n))); print(",".join("1" for i in range(n)))' "$1"
}
long_field() {
	printf 'doc,line,col,raw,number,multiplier,denominator,unit_text,qualifier_text,ambiguous,decimal_mark,province_text,province_kind,province_level,doc_province_text,doc_scope,period_text,period_level,doc_date,sentence\n'
	printf 'a,1,0,1%%,1,,,%%,,0,,,,,,,,,,'
	command yes 'tỉnh An Giang đạt' | tr '\n' ' ' | head -c "$1"
	printf '\n'
}

linear "cchc-text on NUL bytes" nuls cchc-text
linear "cchc-text on invalid bytes" bad cchc-text
linear "cchc-text on text with a NUL every 7 bytes" nul_text cchc-text
linear "cchc-extract on one long line of figures" long_line cchc-extract
linear "cchc-extract on many short lines of figures" short_lines cchc-extract
linear "cchc-extract on a run of digits and dots" dots cchc-extract
linear "cchc-pivot on a wide header" wide_header cchc-pivot -r c000001 -c c000002 -v c000003
linear "cchc-join on a wide header" wide_header cchc-join -k c000001 @ @
linear "cchc-normalize on a long field" long_field cchc-normalize
end_tests
