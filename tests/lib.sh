# Sourced by tests/t-*.sh.  Each check prints nothing when it passes and
# "FAIL name: why" when it fails; counts go to $RESULTS for run.sh.
set -u
T=$(mktemp -d "$TMPROOT/t.XXXXXX")
S=$top/samples
PATH=$BIN:$PATH
pass=0
fail=0

_pass() { pass=$((pass + 1)); }
_fail() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
# A test file ends with end_tests; one that stops before it (a shell error,
# an unset variable) counts as a failure, so no check is silently skipped.
completed=0
end_tests() { completed=1; }
finish() {
	if [ "$completed" != 1 ]; then
		fail=$((fail + 1))
		echo "FAIL $0: stopped before end_tests"
	fi
	echo "pass $pass" >> "$RESULTS"
	echo "fail $fail" >> "$RESULTS"
}
trap finish EXIT

# run CMD: run a shell command line; $rc, $T/out, $T/err hold the outcome.
# A crash (signal other than SIGPIPE, or a sanitizer report) always fails.
run() {
	sh -c "$1" > "$T/out" 2> "$T/err"
	rc=$?
	if [ $rc -gt 128 ] && [ $rc -ne 141 ]; then
		_fail "$1" "crashed with status $rc"
	elif grep -q 'Sanitizer\|runtime error:' "$T/err"; then
		_fail "$1" "sanitizer report: $(head -3 "$T/err")"
	fi
}

# status NAME N: the last run exited with N
status() {
	if [ "$rc" -eq "$2" ]; then _pass; else _fail "$1" "exit status $rc, wanted $2 ($(head -c 300 "$T/err"))"; fi
}
# same NAME FILE: stdout equals FILE
same() {
	if cmp -s "$T/out" "$2"; then _pass; else _fail "$1" "stdout differs from $2: $(diff "$T/out" "$2" | head -5)"; fi
}
# out_is NAME TEXT: stdout is exactly TEXT (plus a final newline)
out_is() {
	printf '%s\n' "$2" > "$T/want"
	if cmp -s "$T/out" "$T/want"; then _pass; else _fail "$1" "stdout: $(head -c 300 "$T/out"), wanted: $2"; fi
}
# err_is NAME TEXT: stderr is exactly TEXT
err_is() {
	printf '%s\n' "$2" > "$T/want"
	if cmp -s "$T/err" "$T/want"; then _pass; else _fail "$1" "stderr: $(head -c 300 "$T/err"), wanted: $2"; fi
}
# err_has NAME LINE: stderr has LINE among its lines
err_has() {
	if grep -qxF -- "$2" "$T/err"; then _pass; else _fail "$1" "stderr: $(head -c 300 "$T/err"), wanted a line: $2"; fi
}
# err_none NAME: nothing on stderr
err_none() {
	if [ ! -s "$T/err" ]; then _pass; else _fail "$1" "stderr: $(head -c 300 "$T/err")"; fi
}
# yes NAME CONDITION...: the test(1)/shell condition holds
yes() {
	n=$1
	shift
	if sh -c "$*"; then _pass; else _fail "$n" "not true: $*"; fi
}
