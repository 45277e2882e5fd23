#!/bin/sh
# cchc test runner: the library's unit tests, then every tests/t-*.sh.
# Environment: BIN (programs), UNITBIN (unit test programs), SANITIZE,
# TESTS (a glob of the t-*.sh files to run, e.g. TESTS=t-nightly).
# Ends with the line "N passed, N failed"; exit status 1 if any failed.
set -u
LC_ALL=C.UTF-8
export LC_ALL
top=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(cd "$top/${BIN:-bin}" && pwd)
UNITBIN=$(cd "$top/${UNITBIN:-build/opt/tests}" && pwd)
CCHC_DATA=$top/share/cchc
export BIN UNITBIN top CCHC_DATA
TMPROOT=$(mktemp -d "${TMPDIR:-/tmp}/cchc-test.XXXXXX")
trap 'rm -rf "$TMPROOT"' EXIT INT TERM
export TMPROOT
results=$TMPROOT/results
: > "$results"

for u in "$UNITBIN"/test-*; do
	[ -x "$u" ] || continue
	"$u" > "$TMPROOT/unit.out" 2>&1
	rc=$?
	sed -n 's/^not ok - /FAIL unit: /p' "$TMPROOT/unit.out"
	grep -c '^ok - ' "$TMPROOT/unit.out" | sed 's/^/pass /' >> "$results"
	grep -c '^not ok - ' "$TMPROOT/unit.out" | sed 's/^/fail /' >> "$results"
	if [ $rc -ne 0 ] && ! grep -q '^not ok - ' "$TMPROOT/unit.out"; then
		echo "FAIL unit: $(basename "$u") exited $rc"
		tail -5 "$TMPROOT/unit.out"
		echo "fail 1" >> "$results"
	fi
done

for t in "$top"/tests/${TESTS:-t-*}.sh; do
	RESULTS=$results sh "$t"
done

awk '$1 == "pass" { p += $2 } $1 == "fail" { f += $2 }
     END { printf "%d passed, %d failed\n", p, f; exit f > 0 }' "$results"
