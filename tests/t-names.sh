#!/bin/sh
# Hostile names and cells: nothing a report brings (its file name, its
# sidecar, its text) runs, escapes its folder, blocks the nightly run or
# loses records (SECURITY.md, "Names and cells").
. "$(dirname "$0")/lib.sh"
N=$top/pipelines/nightly
R=$top/pipelines/rebuild
C=$top/pipelines/chart
r0=$(ls "$S"/reports/000_*.txt)
r1=$(ls "$S"/reports/001_*.txt)

# ---- a file name is data for gnuplot: no backquote runs
mkdir -p "$T/c/in" && cd "$T/c" || exit 1
cp "$r0" "in/\`touch PWNED\`'q\$(touch PWNED2).txt"
run "cd '$T/c' && '$N' -q in data"
status "nightly takes a name with backquotes and quotes" 0
run "cd '$T/c' && '$C' data blocks tasks_completion_rate 2024-H1"
status "chart draws from a report with a hostile name" 0
yes "chart: no command in a name runs" "[ ! -e '$T/c/PWNED' ] && [ ! -e '$T/c/PWNED2' ]"
yes "chart: the name is cited as it is" "grep -qF 'touch PWNED' '$T/c/data/charts/blocks-tasks_completion_rate-2024-H1.svg'"
run "cd '$T/c' && '$C' data series Atlantis par_index_score"
status "chart: nothing to draw is an error" 1
err_has "chart: a name of no province says so" "chart: Atlantis: no province or city of that name (share/cchc/provinces.csv)"

# ---- extraction into a folder follows nothing at the final name
printf 'Ty le dat 45%%.\n' > "$T/a.txt"
(cd "$T" && cchc-archive -q add "$T/x.tar.gz" a.txt)
mkdir -p "$T/xd" && echo secret > "$T/victim"
ln -s "$T/victim" "$T/xd/a.txt"
run "cchc-archive -q extract '$T/x.tar.gz' -C '$T/xd' a.txt"
status "extract over a link at the final name" 0
yes "extract: the link's target is untouched" "[ \"\$(cat '$T/victim')\" = secret ]"
yes "extract: the link is replaced by the file" "[ ! -L '$T/xd/a.txt' ] && grep -q 45 '$T/xd/a.txt'"
rm -f "$T/xd/a.txt" && mkfifo "$T/xd/a.txt"
run "timeout 10 cchc-archive -q extract '$T/x.tar.gz' -C '$T/xd' a.txt"
status "extract onto a FIFO is refused, no hang" 1
err_has "extract onto a FIFO says so" "cchc-archive: $T/xd/a.txt: a FIFO there: left as it is, nothing written"
yes "extract: the FIFO stays" "[ -p '$T/xd/a.txt' ]"
mkdir -p "$T/od" && ln -s "$T/victim" "$T/od/a.txt"
run "cchc-text -O '$T/od' '$T/a.txt'"
status "text -O over a link" 0
yes "text -O: the link's target is untouched" "[ \"\$(cat '$T/victim')\" = secret ] && [ ! -L '$T/od/a.txt' ]"
printf '=== same.txt\nMot 10%%.\n=== same.txt\nHai 20%%.\n' > "$T/two.txt"
run "cchc-text -O '$T/od' '$T/two.txt'"
status "text -O: two documents of one name fail" 1
err_has "text -O: the second is refused" "cchc-text: $T/od/same.txt: a second document of that name: not written over the first"
yes "text -O: the first is kept" "grep -q 10 '$T/od/same.txt'"

# ---- names nightly cannot carry are quarantined with their reason first;
# every other name works from end to end
mkdir -p "$T/n/in"
cp "$r0" "$T/n/in/$(printf 'cr\rname.txt')"
cp "$r0" "$T/n/in/$(printf 'ctl\001.txt')"
cp "$r0" "$T/n/in/$(printf 'esc\033[31m.txt')"
cp "$r0" "$T/n/in/$(printf 'c1\302\205.txt')"
long=$(printf 'x%.0s' $(seq 1 251)).txt
cp "$r0" "$T/n/in/$long"
cp "$r1" "$T/n/in/a?.txt"
cp "$S"/reports/002_*.txt "$T/n/in/[p|q] & \\ 'x'.txt"
cp "$S"/reports/004_*.txt "$T/n/in/=HYPERLINK(1).txt"
run "'$N' -q '$T/n/in' '$T/n/d'"
status "nightly: hostile names quarantined, the night goes on" 3
err_has "nightly quarantines a CR in a name" "nightly: quarantined cr?name.txt: a control character (U+000D) in the file name"
err_has "nightly quarantines a C0 control in a name" "nightly: quarantined ctl?.txt: a control character (U+0001) in the file name"
err_has "nightly quarantines an ESC, shown as ?" "nightly: quarantined esc?[31m.txt: a control character (U+001B) in the file name"
err_has "nightly quarantines a C1 control in a name" "nightly: quarantined c1?.txt: a control character (U+0085) in the file name"
err_has "nightly quarantines a name too long" "nightly: quarantined $long: a file name of 255 bytes (at most 240)"
yes "nightly: five names quarantined, each with its reason" "[ \$(ls '$T/n/d/quarantine' | grep -c '\\.why\$') -eq 5 ]"
yes "nightly: the reasons name the character" "cat '$T/n/d/quarantine'/*.why | grep -c 'control character' | grep -qx 4"
yes "nightly: a long name's reason and shorter quarantine name" "grep -qx 'a file name of 255 bytes (at most 240)' '$T/n/d/quarantine'/xxx*.why"
yes "nightly: no raw ESC on stderr" "! grep -q \"\$(printf '\\033')\" '$T/err'"
yes "nightly: the other names are processed" "[ -z \"\$(ls -A '$T/n/in')\" ]"
for d in 'a?.txt' "[p|q] & \\ 'x'.txt" '=HYPERLINK(1).txt'; do
	yes "nightly: records of '$d' under its own name" "awk -F, -v d='$(printf '%s' "$d" | sed "s/'/'\\\\''/g")' 'index(\$0, d) == 1 || index(\$0, \"\\\"\" d) == 1' '$T/n/d/records.csv' | grep -q ."
done
yes "nightly: every archived report is in the ledger" "[ \$(sqlite3 '$T/n/d/ledger/reports.db' 'SELECT count(*) FROM reports') -eq 3 ]"
yes "nightly: every ledger row has a hash" "[ \$(sqlite3 '$T/n/d/ledger/reports.db' 'SELECT count(*) FROM reports WHERE length(hash) = 64') -eq 3 ]"
run "'$N' -q '$T/n/in' '$T/n/d'"
status "nightly: the next run is not blocked" 0

# an inbox whose path holds sed's and the shell's characters
mkdir -p "$T/p/in[1]|&x"
cp "$r0" "$T/p/in[1]|&x/r.txt"
run "'$N' -q '$T/p/in[1]|&x' '$T/p/d'"
status "nightly: an inbox path with [, |, & works" 0
yes "nightly: that inbox's report is archived" "tar tzf '$T/p/d/archive/2024.tar.gz' | grep -qx r.txt"

# ---- one identity from inbox to ledger: records of no report stop the night
mkdir -p "$T/id/in" && cp "$r0" "$T/id/in/r.txt"
mkdir -p "$T/id/bin"
cat > "$T/id/bin/cchc-normalize" <<EOF
#!/bin/sh
# a normalize that names the document differently
"$BIN/cchc-normalize" "\$@" && { [ -z "\$2" ] || sed -i '2,\$s/^r\.txt,/other.txt,/' "\$2"; }
EOF
chmod +x "$T/id/bin/cchc-normalize"
for p in cchc-text cchc-extract cchc-join cchc-pivot cchc-archive; do ln -s "$BIN/$p" "$T/id/bin/$p"; done
run "CCHC_BIN='$T/id/bin' '$N' -q '$T/id/in' '$T/id/d'"
status "nightly: records under another name fail the night" 1
err_has "nightly: the ledger says whose records" "nightly: ledger: records of \"other.txt\" match no report of $T/id/d/.work/u/000000/files"
yes "nightly: the report stays in the inbox" "[ -f '$T/id/in/r.txt' ]"
yes "nightly: the failure is logged" "tail -1 '$T/id/d/log/nightly.log' | grep -q 'failed: stopped at line'"
yes "nightly: no temporary file is left" "[ -z \"\$(find '$T/id/d' -name '.tmp-*' -o -name '*.tmp' -o -name '.ledger-files')\" ]"
run "'$N' -q '$T/id/in' '$T/id/d'"
status "nightly: the next run completes the work" 0
yes "nightly: its records under its name" "grep -q '^r\\.txt,' '$T/id/d/records.csv'"

# ---- sidecars: regular files, UTF-8 (a BOM is fine), a header and a row
mkdir -p "$T/m/in"
echo 'doc,source' > "$T/secret.csv" && echo 'x,y' >> "$T/secret.csv"
cp "$r0" "$T/m/in/link.txt" && ln -s "$T/secret.csv" "$T/m/in/link.txt.meta"
cp "$r1" "$T/m/in/bom.txt" && printf '\357\273\277source,date\nhttps://baoangiang.com.vn/x.html,2024-05-01\n' > "$T/m/in/bom.txt.meta"
cp "$S"/reports/002_*.txt "$T/m/in/quote.txt" && printf 'source\n"https://x\n' > "$T/m/in/quote.txt.meta"
cp "$S"/reports/003_*.txt "$T/m/in/date.txt" && printf 'date\n2024-13-45\n' > "$T/m/in/date.txt.meta"
cp "$S"/reports/004_*.txt "$T/m/in/col.txt" && printf 'sauce\nx\n' > "$T/m/in/col.txt.meta"
run "'$N' -q '$T/m/in' '$T/m/d'"
status "nightly: bad sidecars quarantine their reports" 3
err_has "nightly: a linked sidecar" "nightly: quarantined link.txt: its sidecar link.txt.meta: not a regular file (a link is never followed)"
err_has "nightly: a bad quote" "nightly: quarantined quote.txt: its sidecar quote.txt.meta: line 2: unexpected end of data"
err_has "nightly: a bad date" "nightly: quarantined date.txt: its sidecar date.txt.meta: line 2: date '2024-13-45' is not YYYY-MM-DD"
err_has "nightly: an unknown column" "nightly: quarantined col.txt: its sidecar col.txt.meta: line 1: column 'sauce' is not one of source, date, province"
yes "nightly: the secret is not in the manifest" "! grep -q '^x,' '$T/m/d/manifest.csv'"
yes "nightly: the link goes to quarantine as a link" "[ -L '$T/m/d/quarantine/link.txt.meta' ]"
yes "nightly: a BOM keeps the source" "grep -qx 'bom.txt,https://baoangiang.com.vn/x.html,2024-05-01,' '$T/m/d/manifest.csv'"

# ---- formula cells: exact by default; CCHC_EXCEL_SAFE=1 for spreadsheets
printf 'a,b\n=1+2,-3\n@x,+4.5\n-x,\n' > "$T/f.csv"
run "cchc-pivot -r a -c b -v b '$T/f.csv' | head -4"
out_is "cells are written exactly" "a,-3,+4.5
=1+2,-3,
@x,,+4.5
-x,,"
run "CCHC_EXCEL_SAFE=1 cchc-pivot -r a -c b -v b '$T/f.csv' | head -4"
out_is "CCHC_EXCEL_SAFE=1: a formula starts with a quote, numbers stay" "a,-3,+4.5
'=1+2,-3,
'@x,,+4.5
'-x,,"
printf 'a,v\n=1+2,=cmd\n' > "$T/g.csv"
run "CCHC_EXCEL_SAFE=1 cchc-join -k a '$T/g.csv' '$T/f.csv'"
out_is "CCHC_EXCEL_SAFE=1 in cchc-join" "a,v,b
'=1+2,'=cmd,-3"
printf 'CCHC_EXCEL_SAFE=1\n' > "$T/xl.conf"
mkdir -p "$T/xl/in" && cp "$r0" "$T/xl/in/=cmd.txt"
run "'$N' -q -c '$T/xl.conf' '$T/xl/in' '$T/xl/d'"
status "nightly with CCHC_EXCEL_SAFE=1" 0
yes "nightly: records.csv names the report exactly" "grep -q '^=cmd\\.txt,' '$T/xl/d/records.csv'"
yes "nightly: the tables' sources are spreadsheet-safe" "grep -q \"'=cmd\\.txt\" '$T/xl/d/tables/province-period-sources.csv' && ! grep -q ',=cmd' '$T/xl/d/tables/province-period-sources.csv'"

# ---- bounds: decoded size, the sentence column
python3 -c "import sys; sys.stdout.buffer.write(b'\xff' * 1100000)" > "$T/ff.bin"
run "CCHC_MAX_DOC=2M cchc-text '$T/ff.bin'"
status "text: a document larger than the limit once decoded" 1
err_has "text: says the decoded size is over" "cchc-text: $T/ff.bin: decoded, larger than 2097152 bytes (CCHC_MAX_DOC): skipped"
python3 -c "print('Tỷ lệ ' + ' '.join('1%' for _ in range(20000)))" > "$T/dense.txt"
run "cchc-extract '$T/dense.txt' | wc -c"
yes "extract: a line of figures gives at most 40 times its size" "[ \$(cat '$T/out') -lt \$((40 * \$(wc -c < '$T/dense.txt'))) ]"
run "cchc-extract '$T/dense.txt' | cchc-normalize | wc -l"
out_is "extract: every figure of the line is there" "20001"
python3 -c "print('Tỷ lệ ' + ''.join('1.' for _ in range(100000)))" > "$T/dots.txt"
run "cchc-extract '$T/dots.txt'"
status "extract: 100k '1.' on a line stay under the match limit" 0

# ---- the exits of nightly: a failure logs, cleans and says its status
mkdir -p "$T/e/in" && cp "$r0" "$T/e/in/r.txt"
run "'$N' -q '$T/e/in' '$T/e/d'"
cp "$r1" "$T/e/in/s.txt"
chmod a-w "$T/e/d/ledger/records.csv"
if [ "$(id -u)" != 0 ]; then
	run "'$N' -q '$T/e/in' '$T/e/d'"
	status "nightly: an unwritable ledger fails with 1" 1
	yes "nightly: and logs it" "tail -1 '$T/e/d/log/nightly.log' | grep -q failed"
fi
chmod u+w "$T/e/d/ledger/records.csv"
# the archive onto a FIFO: one message, no lock left
mkfifo "$T/fifo.tar.gz"
run "cd '$T' && timeout 10 cchc-archive add fifo.tar.gz a.txt"
status "archive add onto a FIFO" 1
err_is "archive add onto a FIFO: one message" "cchc-archive: fifo.tar.gz: not a regular file: no archive written there"
yes "archive add onto a FIFO leaves no lock" "[ ! -e '$T/fifo.tar.gz.lock' ]"
# a terminal shows control characters in names as '?'
printf 'T 45%%.\n' > "$T/$(printf 'e\033x.txt')"
(cd "$T" && cchc-archive -q add esc.tar.gz "$(printf 'e\033x.txt')")
run "script -qec \"cchc-archive list '$T/esc.tar.gz'\" /dev/null | tr -d '\\r' | cut -d, -f1 | tail -1"
out_is "archive list on a terminal shows ESC as ?" "e?x.txt"
run "cchc-archive list '$T/esc.tar.gz' | cut -d, -f1 | tail -1"
out_is "archive list into a pipe keeps the name" "$(printf 'e\033x.txt')"
end_tests
