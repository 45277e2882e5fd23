# cchc-text: golden outputs, encodings, furniture, bad input.
top=${top:?}
. "$top/tests/lib.sh"

# golden: each sample against its checked expected file
for f in "$S"/reports/*.txt; do
	b=$(basename "$f")
	run "cchc-text '$f'"
	status "text golden $b" 0
	same "text golden $b" "$S/expected/text/$b"
	err_none "text golden $b: no warnings"
done

# the same report in other encodings and forms gives the same bytes
python3 - "$S/reports" "$T" <<'PY'
import sys, os, unicodedata, gzip
src, dst = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(src)):
    t = open(os.path.join(src, name), encoding="utf-8").read()
    open(os.path.join(dst, name + ".nfd"), "w", encoding="utf-8").write(unicodedata.normalize("NFD", t))
    open(os.path.join(dst, name + ".bom"), "w", encoding="utf-8-sig").write(t.replace("\n", "\r\n"))
    open(os.path.join(dst, name + ".gz"), "wb").write(gzip.compress(t.encode()))
    # TCVN3 has no "–", "“”", "…", "•": the variant and its reference use ASCII for them
    safe = t.replace("–", "-").replace("“", '"').replace("”", '"').replace("…", "...").replace("•", "*")
    open(os.path.join(dst, name + ".safe"), "w", encoding="utf-8").write(safe)
PY
for f in "$S"/reports/*.txt; do
	b=$(basename "$f")
	iconv -f UTF-8 -t CP1258 "$f" > "$T/$b.cp1258"
	iconv -f UTF-8 -t TCVN5712-1 "$T/$b.safe" > "$T/$b.tcvn3"
	for v in nfd bom gz cp1258; do
		run "cchc-text '$T/$b.$v'"
		same "text $v variant of $b" "$S/expected/text/$b"
	done
	cchc-text "$T/$b.safe" > "$T/$b.safe.want"
	run "cchc-text '$T/$b.tcvn3'"
	same "text tcvn3 variant of $b" "$T/$b.safe.want"
	run "cchc-text -e tcvn3 < '$T/$b.tcvn3'"
	same "text -e tcvn3 from stdin, $b" "$T/$b.safe.want"
done

# furniture goes, the article stays: every sentence-like line survives
for f in "$S"/reports/*.txt; do
	b=$(basename "$f")
	cchc-text --keep-boilerplate "$f" > "$T/keep"
	cchc-text "$f" > "$T/clean"
	awk 'length($0) > 160 || /[.!?;…]$/' "$T/keep" | grep -vxFf "$T/clean" > "$T/lost"
	yes "text keeps the article body of $b" "[ ! -s '$T/lost' ]"
	yes "text --keep-boilerplate keeps more lines in $b" "[ \$(wc -l < '$T/keep') -ge \$(wc -l < '$T/clean') ]"
done
run "cchc-text '$S/reports/001_e81782a772853c36.txt' | grep -c 'Lượt truy cập\|Bài liên quan\|Trực tuyến: 16'"
out_is "text drops counters and link lists" 0
run "cchc-text '$S/reports/000_3aab98dee64cbd9b.txt' | grep -c '0983.570.009\|Email:'"
out_is "text drops hotline blocks" 0

# character-level cleaning
printf 'Thanh Hoá  hoà\302\240thuý\342\200\213 Ðà Nẵng\t khoẻ quý\r\n\r\n\r\nUỷ ban' > "$T/chars.txt"
run "cchc-text '$T/chars.txt'"
out_is "text spaces, tone placement, Đ, CRLF, blank runs" "Thanh Hóa hòa thúy Đà Nẵng khỏe quý

Ủy ban"
# lines that need no cleaning are copied as they are (clean_line_len): the
# same bytes as the full pass gives them, which a NUL anywhere in a
# document forces (random lines of the characters that matter)
python3 - "$T/fastA.txt" "$T/fastB.txt" <<'PY'
import random, sys
random.seed(7)
pieces = ["o", "O", "u", "U", "q", "Q", "a", "t", "ng", "h", " ", " ", " ", "  ", "\t", "à", "á", "ả",
          "ạ", "è", "ẻ", "ý", "ỳ", "ỷ", "Ỹ", "Á", "ê", "ơ", "ư", "đ", "Đ", "Ð", "ð", "\u00a0", "\u00ad",
          "\u200b", "\u2003", "\u202f", "\u2060", "“", "”", "…", "–", "₫", "\ufffd", "\u0301",
          "\u1680", "\u0080", "©", "ǅ", "ɐ", "\u1e00", "\u2070", "\u20ac", "中", "😀", "1", ",", ".",
          "\r", "\x7f", "\x01", "\u2028", "\u000c", "\u000b", "=== "]
lines = ["".join(random.choice(pieces) for _ in range(random.randint(0, 12))) for _ in range(3000)]
text = "\n".join(lines) + "\n"
open(sys.argv[1], "w", encoding="utf-8", newline="").write(text)
open(sys.argv[2], "w", encoding="utf-8", newline="").write(text + "\n\0\n")
PY
run "cchc-text --keep-boilerplate '$T/fastA.txt'"
cp "$T/out" "$T/fastA.out"
run "cchc-text --keep-boilerplate '$T/fastB.txt' | head -n -2"
yes "text: a line copied as it is equals the full pass (3000 random lines)" "cmp -s '$T/out' '$T/fastA.out'"
yes "text: the random lines are not all clean, nor all changed" "! cmp -s '$T/fastA.txt' '$T/fastA.out' && grep -c . '$T/fastA.out' | awk '{ exit !(\$1 > 1000) }'"

# every line end (LF, CR, CRLF, FF, VT, U+2028, U+2029); a quotation mark
# shares U+2028's lead byte and ends nothing
printf 'một\rhai\r\nba\fbốn\vnăm\342\200\250sáu\342\200\251bảy \342\200\234tám\342\200\235\n' > "$T/ends.txt"
run "cchc-text '$T/ends.txt'"
out_is "text line ends" "một
hai
ba
bốn
năm
sáu
bảy “tám”"

# several inputs: a "=== NAME" stream, which cchc-text reads back as such
run "cchc-text '$S/reports/002_836013e4dcef9340.txt' '$S/reports/004_92d8ee77b83b01ae.txt'"
yes "text several files get headers" "[ \$(grep -c '^=== ' '$T/out') -eq 2 ] && head -1 '$T/out' | grep -qx '=== 002_836013e4dcef9340.txt'"
cp "$T/out" "$T/stream"
run "cchc-text < '$T/stream'"
same "text reads a stream and keeps it a stream" "$T/stream"
mkdir "$T/odir"
run "cchc-text -O '$T/odir' '$S/reports/002_836013e4dcef9340.txt' '$T/stream'"
status "text -O" 0
yes "text -O writes one file per document" "cmp -s '$T/odir/002_836013e4dcef9340.txt' '$S/expected/text/002_836013e4dcef9340.txt' && cmp -s '$T/odir/004_92d8ee77b83b01ae.txt' '$S/expected/text/004_92d8ee77b83b01ae.txt'"
run "cchc-text -o '$T/o.txt' '$S/reports/002_836013e4dcef9340.txt'"
yes "text -o writes the file" "cmp -s '$T/o.txt' '$S/expected/text/002_836013e4dcef9340.txt'"

# bad input: each with its message and status
printf 'a\377b\n' > "$T/bad.txt"
run "cchc-text '$T/bad.txt'"
status "text invalid UTF-8 is replaced" 0
out_is "text invalid UTF-8 becomes U+FFFD" "a�b"
err_is "text invalid UTF-8 warning names file, line and byte" "cchc-text: $T/bad.txt:1: invalid UTF-8 at byte 1 replaced by U+FFFD (1 in all)"
run "cchc-text --strict '$T/bad.txt'"
status "text --strict invalid UTF-8 fails" 1
err_is "text --strict message" "cchc-text: $T/bad.txt:1: invalid UTF-8 at byte 1"
printf 'ok\nx\0y\n' > "$T/nul.txt"
run "cchc-text '$T/nul.txt'"
out_is "text NUL becomes U+FFFD" "ok
x�y"
err_is "text NUL warning" "cchc-text: $T/nul.txt:2: NUL byte at byte 4 replaced by U+FFFD (1 in all)"
run "cchc-text --strict '$T/nul.txt' '$S/reports/004_92d8ee77b83b01ae.txt'"
status "text --strict NUL fails" 1
yes "text --strict: the other document is still written" "grep -q 'Hoàng Quốc Khánh' '$T/out'"
: > "$T/empty.txt"
run "cchc-text '$T/empty.txt'"
status "text empty file" 0
yes "text empty file gives nothing" "[ ! -s '$T/out' ]"
run "cchc-text '$T/missing.txt' '$S/reports/002_836013e4dcef9340.txt'"
status "text missing file" 1
err_is "text missing file message" "cchc-text: $T/missing.txt: No such file or directory"
yes "text missing file: the others are processed" "grep -q 'Lê Văn Phước' '$T/out'"
gz="$T/$(basename "$S"/reports/002*).gz"
head -c $(($(wc -c < "$gz") - 10)) "$gz" > "$T/trunc.gz"
run "cchc-text '$T/trunc.gz'"
status "text truncated gzip" 1
yes "text truncated gzip message" "grep -q '^cchc-text: $T/trunc.gz: truncated gzip input at byte' '$T/err'"
run "cchc-text -o /nonexistent-dir/out.txt '$S/reports/002_836013e4dcef9340.txt'"
status "text unwritable -o" 1
err_is "text unwritable -o message" "cchc-text: /nonexistent-dir/out.txt: No such file or directory"
chmod 500 "$T/odir"
if [ "$(id -u)" -ne 0 ]; then
	run "cchc-text -o '$T/odir/x.txt' '$S/reports/002_836013e4dcef9340.txt'"
	status "text read-only directory" 1
fi
chmod 700 "$T/odir"
run "cchc-text -o '$T/full.txt' '$T/missing.txt'"
yes "text -o after a failed input leaves no temp file" "[ -z \"\$(ls -A '$T' | grep '^\.full')\" ]"
if [ -w /dev/full ]; then
	run "cchc-text '$S/reports/002_836013e4dcef9340.txt' > /dev/full"
	status "text /dev/full" 1
	err_is "text /dev/full message" "cchc-text: stdout: write error: No space left on device"
fi
for i in 1 2 3 4 5 6 7 8; do cat "$S"/reports/*.txt; done > "$T/big.txt"
run "cchc-text '$T/big.txt' '$T/big.txt' | head -1"
err_none "text closed pipe is quiet"
out_is "text closed pipe: first line" "=== big.txt"

# a single 60 MB line, under the 64 MiB CCHC_MAX_DOC (20 MB under the sanitizers)
mb=60
[ "${SANITIZE:-}" = 1 ] && mb=20
python3 -c "import sys; sys.stdout.write('Tỷ lệ đạt 44,1%; hoà ' * ($mb * 1000000 // 30) + '\n')" > "$T/long.txt"
run "cchc-text '$T/long.txt' | wc -c"
status "text one ${mb} MB line" 0
yes "text one ${mb} MB line comes out whole" "[ \$(cat '$T/out') -gt $((mb * 900000)) ]"

# an invisible character between a letter and its mark: dropped, then joined
run "printf 'Tha\342\200\213\314\201ng 6\n' | cchc-text"
out_is "text mark after a zero-width space joins its letter" "Tháng 6"
run "printf 'Tha\342\200\213\314\201ng 6\n' | cchc-text | cchc-text -e utf-8"
out_is "text cleaning clean text changes nothing" "Tháng 6"

# options
run "cchc-text --help"
status "text --help" 0
yes "text --help shows the synopsis" "grep -q 'usage: cchc-text' '$T/out'"
run "cchc-text --bogus"
status "text unknown option" 2
run "cchc-text -e latin9 /dev/null"
status "text unknown encoding" 1
err_is "text unknown encoding message" "cchc-text: unknown encoding 'latin9' (auto, utf-8, cp1258, tcvn3, utf-16le, utf-16be, utf-32le, utf-32be)"
run "cchc-text -o '$T/a' -O '$T' /dev/null"
status "text -o with -O" 1
# a report's own "=== x" line cannot forge a document boundary
printf '=== ../../x\nTỷ lệ đạt 97%%.\n=== y.txt\nĐạt 45%%.\n' > "$T/forge.txt"
run "cchc-text -w '$T/forge.txt' '$T/forge.txt' | cchc-extract | cut -d, -f1 | tail -n +2 | sort | uniq -c | sed 's/^ *//'"
out_is "text -w: a file starting '=== x' is one document, and its lines forge no boundary in the stream" "4 forge.txt"
run "cchc-text -w '$T/forge.txt' | head -1"
out_is "text: a document's '=== ' line gets U+FF1D" "==＝ ../../x"
run "cchc-text '$T/forge.txt' | cut -d, -f1 | head -1"
out_is "text without -w: a file that starts '=== NAME' is a stream" "=== ../../x"
# --version: every program and pipeline, the one version of VERSION
v=$(cat "$top/VERSION")
for p in cchc-text cchc-extract cchc-normalize cchc-join cchc-pivot cchc-archive; do
	run "$p --version"
	out_is "$p --version" "$p (cchc) $v"
done
for p in nightly rebuild extract-parallel metric-across province-series figure-source chart; do
	run "'$top/pipelines/$p' --version"
	out_is "pipelines/$p --version" "$p (cchc) $v"
	run "'$top/pipelines/$p' --help"
	status "pipelines/$p --help" 0
done
# one exit status for a usage error everywhere: 2
for p in cchc-text cchc-extract cchc-normalize cchc-join cchc-pivot cchc-archive; do
	run "$p --no-such-option < /dev/null"
	status "$p: a usage error exits 2" 2
done
for p in nightly rebuild extract-parallel metric-across province-series figure-source chart ledger tables-update; do
	run "'$top/pipelines/$p' --no-such-option"
	status "pipelines/$p: a usage error exits 2" 2
done
end_tests
