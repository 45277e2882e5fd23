#!/bin/sh
# cchc test runner: the library's unit tests, then every tests/t-*.sh.
# Environment: BIN (programs), UNITBIN (unit test programs), SANITIZE,
# TESTS (a glob of the t-*.sh files to run, e.g. TESTS=t-nightly), JOBS
# (test files run at once; default: every core).
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

# the test files run side by side, JOBS at a time (default: every core);
# each prints its failures and then one line "t-NAME: N passed, N failed"
# shellcheck disable=SC2016
ls "$top"/tests/${TESTS:-t-*}.sh | xargs -P "${JOBS:-$(nproc 2>/dev/null || echo 2)}" -I{} sh -c '
	t=$1 name=$(basename "$1" .sh)
	RESULTS=$TMPROOT/results.$name sh "$t" > "$TMPROOT/out.$name" 2>&1
	awk -v n="$name" '"'"'$1 == "pass" { p += $2 } $1 == "fail" { f += $2 }
		END { printf "%s: %d passed, %d failed\n", n, p, f }'"'"' "$TMPROOT/results.$name" \
		>> "$TMPROOT/out.$name"
	cat "$TMPROOT/out.$name"
' _ {}
cat "$TMPROOT"/results.t-* >> "$results" 2>/dev/null

awk '$1 == "pass" { p += $2 } $1 == "fail" { f += $2 }
     END { printf "%d passed, %d failed\n", p, f; exit f > 0 }' "$results"
