#!/bin/sh
# Hostile input: the fuzz regressions, text the CSV readers refuse, and the
# resource bounds (SECURITY.md).
. "$(dirname "$0")/lib.sh"

# ---- every input a fuzz target ever failed on, through the real programs
for d in "$top"/tests/fuzz/regress/*/; do
	t=$(basename "$d")
	for f in "$d"*; do
		run "sh '$top/tests/fuzz/replay.sh' $t '$f'"
		yes "fuzz regression $t/$(basename "$f"): no crash (status $rc)" "[ $rc -le 2 ]"
	done
done

# ---- CSV fields must be UTF-8 without NUL: every reader says where
printf 'province,year,value\nAn Giang,2023,1\n' > "$T/good.csv"
printf 'province,year,value\nAn Giang,2023,1\nB\377c,2024,2\n' > "$T/bad-utf8.csv"
printf 'province,year,value\nAn Giang,2023,1\nBac,20\00024,2\n' > "$T/nul.csv"
m=$(ls "$S"/expected/mentions/* | head -1)
for f in bad-utf8 nul; do
	# as mentions: the header and first mention, then the bad row's fields first
	{ head -2 "$m"; tail -1 "$T/$f.csv"; sed -n 2p "$m" | cut -d, -f4-; } |
		paste -sd '\n' | awk 'NR == 3 { printf "%s,", $0; next } { print }' > "$T/m-$f.csv"
done
for p in "cchc-join -k province good.csv" "cchc-join -k province --full good.csv" \
	"cchc-pivot -r province -c year -v value"; do
	prog=${p%% *}
	run "cd '$T' && $p bad-utf8.csv"
	status "$p: invalid UTF-8 in a field" 1
	err_has "$p: invalid UTF-8 names file, line, field" "$prog: bad-utf8.csv:3: field 1: invalid UTF-8"
	run "cd '$T' && $p nul.csv"
	status "$p: a NUL byte in a field" 1
	err_has "$p: NUL names file, line, field" "$prog: nul.csv:3: field 2: a NUL byte"
done
run "cd '$T' && cchc-normalize m-bad-utf8.csv"
err_has "normalize: invalid UTF-8 in a mention" "cchc-normalize: m-bad-utf8.csv:3: field 1: invalid UTF-8"
run "cd '$T' && cchc-normalize -o records.csv m-nul.csv"
err_has "normalize: a NUL in a mention" "cchc-normalize: m-nul.csv:3: field 2: a NUL byte"
yes "normalize: no output file after a NUL" "[ ! -e '$T/records.csv' ]"
run "cd '$T' && cchc-join -k province bad-utf8.csv good.csv -o joined.csv"
yes "join: no output file after invalid UTF-8" "[ ! -e '$T/joined.csv' ]"

end_tests
