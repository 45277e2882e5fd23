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
# the readers check text a 64 KiB chunk at a time: sequences cut by a chunk's
# end, and bad bytes in a row that spans chunks
python3 - "$T" <<'PY'
import sys
d = sys.argv[1]
def rows(at, seq, tail=b""):
    head = b"a,b\n"
    fill = b"x" * (at - len(head) - 2)
    return head + b"1," + fill + seq + tail + b",\n2,ok\n"
# "á" cut by the first chunk's end; a lone lead byte there; a bad byte in
# the first chunk of a quoted field that ends in the second
open(d + "/cut-ok.csv", "wb").write(rows(65535, "á".encode()).replace(b",\n2", b"\n2"))
open(d + "/cut-bad.csv", "wb").write(rows(65535, b"\xc3x").replace(b",\n2", b"\n2"))
open(d + "/span-bad.csv", "wb").write(b'a,b\n1,"\xff' + b"y" * 70000 + b'"\n2,ok\n')
PY
run "cchc-pivot -r a -c a -v b '$T/cut-ok.csv' | wc -l"
out_is "a sequence cut by a chunk's end is valid" "3"
run "cchc-pivot -r a -c a -v b '$T/cut-bad.csv'"
err_is "a bad sequence at a chunk's end" "cchc-pivot: $T/cut-bad.csv:2: field 2: invalid UTF-8"
run "cchc-pivot -r a -c a -v b '$T/span-bad.csv'"
err_is "a bad byte in a row over two chunks" "cchc-pivot: $T/span-bad.csv:2: field 2: invalid UTF-8"

run "cd '$T' && cchc-normalize m-bad-utf8.csv"
err_has "normalize: invalid UTF-8 in a mention" "cchc-normalize: m-bad-utf8.csv:3: field 1: invalid UTF-8"
run "cd '$T' && cchc-normalize -o records.csv m-nul.csv"
err_has "normalize: a NUL in a mention" "cchc-normalize: m-nul.csv:3: field 2: a NUL byte"
yes "normalize: no output file after a NUL" "[ ! -e '$T/records.csv' ]"
run "cd '$T' && cchc-join -k province bad-utf8.csv good.csv -o joined.csv"
yes "join: no output file after invalid UTF-8" "[ ! -e '$T/joined.csv' ]"

# ---- document names from streams and archives: UTF-8, no control characters
python3 - "$T/names.tar" <<'PY'
import io, sys, tarfile
with tarfile.open(sys.argv[1], "w") as t:
    for name in ("a\n=== forged.txt", b"caf\xe9.txt".decode("utf-8", "surrogateescape")):
        i = tarfile.TarInfo(name); d = b"Ty le dat 45%.\n"; i.size = len(d); t.addfile(i, io.BytesIO(d))
PY
run "cchc-text '$T/names.tar' | grep '^=== '"
out_is "text: a newline in a name forges no document" "=== a?=== forged.txt
=== caf�.txt"
run "cchc-extract '$T/names.tar' | cchc-normalize | cut -d, -f1,2"
out_is "extract: names become UTF-8 that normalize reads" "doc,line
a?=== forged.txt,1
caf�.txt,1"
# ---- PCRE2 limits: a rule that backtracks without end (a user may add one)
# stops at the match limit, is reported where it happened, and the other
# figures and documents still come out
cp -r "$top/share/cchc" "$T/rules"
echo 'exclude (?:[0-9]|[0-9][0-9])+z' >> "$T/rules/figures.rules"
{ echo 'Tỷ lệ đạt 45% và 1111111111111111111111111111111111111111 hồ sơ.'
  echo 'Dòng hai có 12 hồ sơ.'; } > "$T/backtrack.txt"
echo 'Tỷ lệ đạt 97%.' > "$T/plain.txt"
run "cd '$T' && timeout 20 cchc-extract -r rules -o limit.csv backtrack.txt plain.txt"
status "extract: a match limit is an error" 1
err_is "extract: the match limit names document and line" \
	"cchc-extract: backtrack.txt:1: a rule stopped at the PCRE2 match limit (1 in this document): figures may be missing"
yes "extract: figures beside the limit still come out" "grep -q '^backtrack.txt,2,12,12 hồ sơ' '$T/limit.csv'"
yes "extract: the next document is whole" "grep -q '^plain.txt,1,10,97%' '$T/limit.csv'"

# ---- inflation bombs: 64 MiB of zeros in 64 KiB of gzip, against a 1 MiB limit
head -c 67108864 /dev/zero | gzip -1 > "$T/bomb.gz"
# peak memory of a command, in KiB (GNU time)
# (under ASan with no quarantine: freed memory is not held back)
peak() {
	ASAN_OPTIONS=quarantine_size_mb=0 /usr/bin/time -f %M -o "$T/rss" sh -c "$1" > /dev/null 2>&1
	tail -1 "$T/rss"
}
cp "$S/reports/000_3aab98dee64cbd9b.txt" "$T/ok.txt"
mkdir "$T/textout"
run "cd '$T' && CCHC_MAX_DOC=1M cchc-text -O textout bomb.gz ok.txt"
status "text: a gzip bomb is an error" 1
err_is "text: the bomb is named" "cchc-text: bomb.gz: document larger than 1048576 bytes"
yes "text: the other document is written, the bomb is not" \
	"[ \"\$(ls '$T/textout')\" = ok.txt ]"
base=$(peak "cchc-text '$T/ok.txt'")
bomb=$(peak "CCHC_MAX_DOC=1M cchc-text '$T/bomb.gz'")
yes "text: a bomb costs no more memory than the limit ($bomb KiB vs $base KiB)" \
	"[ $bomb -lt $((base + 4096)) ]"
run "cd '$T' && CCHC_MAX_DOC=1M cchc-extract -o bomb-mentions.csv bomb.gz ok.txt"
status "extract: a gzip bomb is an error" 1
run "cut -d, -f1 '$T/bomb-mentions.csv' | sort -u"
out_is "extract: the bomb gives no rows, the other document does" "doc
ok.txt"
# in a stream and in a tar archive, the documents after the big one go on
{ printf '=== a.txt\nTỷ lệ đạt 45%%.\n=== big.txt\n'; head -c 3000000 /dev/zero | tr '\0' x
  printf '\n=== c.txt\nĐạt 97%%.\n'; } > "$T/stream3.txt"
gzip -c "$T/stream3.txt" > "$T/stream3.gz"
mkdir "$T/t3"
printf 'Tỷ lệ đạt 45%%.\n' > "$T/t3/a.txt"
head -c 3000000 /dev/zero | tr '\0' y > "$T/t3/big.txt"
printf 'Đạt 97%%.\n' > "$T/t3/c.txt"
(cd "$T/t3" && tar cf ../t3.tar a.txt big.txt c.txt)
for f in stream3.txt stream3.gz t3.tar; do
	run "cd '$T' && CCHC_MAX_DOC=1M cchc-extract -o big.csv $f"
	status "extract $f: a document over the limit is an error" 1
	err_is "extract $f: the big document is named" \
		"cchc-extract: $f: big.txt: document larger than 1048576 bytes (CCHC_MAX_DOC): skipped"
	run "cut -d, -f1,4 '$T/big.csv'"
	out_is "extract $f: the documents around it come out" "doc,raw
a.txt,45%
c.txt,97%"
done
# at the limit: an entry of 1 MiB less 6 bytes is read whole (the reader
# holds a chunk past it); a stream document 10 KiB over it is not
mkdir "$T/near"
head -c 1048570 /dev/zero | tr '\0' y > "$T/near/a.txt"
cp "$T/t3/c.txt" "$T/near/c.txt"
(cd "$T/near" && tar cf ../near.tar a.txt c.txt)
run "CCHC_MAX_DOC=1M cchc-text '$T/near.tar' | grep -c ."
status "text: a tar entry just under the limit" 0
out_is "text: a tar entry just under the limit is read, and the next" "4"
{ printf '=== a.txt\n'; head -c 1058816 /dev/zero | tr '\0' x; printf '\n=== c.txt\nĐạt 97%%.\n'; } > "$T/over.txt"
run "CCHC_MAX_DOC=1M cchc-text '$T/over.txt'"
status "text: a stream document just over the limit" 1
err_is "text: a stream document just over the limit is named" \
	"cchc-text: $T/over.txt: a.txt: document larger than 1048576 bytes (CCHC_MAX_DOC): skipped"
out_is "text: the document after it comes out" "=== c.txt
Đạt 97%."
{ printf 'a,b\n1,'; head -c 67108864 /dev/zero | tr '\0' x; printf '\n'; } | gzip -1 > "$T/bomb.csv.gz"
run "CCHC_MAX_ROW=1M cchc-pivot -r a -c a -v b '$T/bomb.csv.gz'"
status "pivot: a CSV bomb is an error" 1
err_is "pivot: the CSV bomb names its line" "cchc-pivot: $T/bomb.csv.gz:2: field larger than 1048576 bytes (CCHC_MAX_ROW)"
bomb=$(peak "CCHC_MAX_ROW=1M cchc-join -k a '$T/bomb.csv.gz' '$T/bomb.csv.gz'")
yes "join: a CSV bomb costs no more memory than the limit ($bomb KiB vs $base KiB)" \
	"[ $bomb -lt $((base + 8192)) ]"

# ---- row and field limits, and sizes the limits accept
printf 'a,b\n"%s",1\n' "$(head -c 3000 /dev/zero | tr '\0' x)" > "$T/field.csv"
printf 'a,b\n%s\n' "$(printf 'xx,%.0s' $(seq 600))" > "$T/row.csv"
run "CCHC_MAX_ROW=1K cchc-pivot -r a -c b -v b '$T/field.csv'"
err_is "pivot: a quoted field over the limit" "cchc-pivot: $T/field.csv:2: field larger than 1024 bytes (CCHC_MAX_ROW)"
run "CCHC_MAX_ROW=1K cchc-join -k a '$T/row.csv' '$T/row.csv'"
err_is "join: a row over the limit" "cchc-join: $T/row.csv:2: row larger than 1024 bytes (CCHC_MAX_ROW)"
run "CCHC_MAX_ROW=4K cchc-pivot -r a -c b -v b '$T/field.csv'"
status "pivot: the field fits a larger limit" 0
run "CCHC_MAX_ROW=12x cchc-pivot -r a -c b -v b '$T/field.csv'"
status "a limit that is not a size" 1
err_is "a limit that is not a size: message" "cchc-pivot: CCHC_MAX_ROW: '12x' is not a size (bytes, or a number with K, M or G)"

# ---- archives: a member larger than the limit is reported, never dropped
mkdir "$T/ar"
head -c 4194304 /dev/zero > "$T/ar/zeros.txt"
cp "$T/ok.txt" "$T/ar/ok.txt"
(cd "$T/ar" && cchc-archive -q add a.tar.gz zeros.txt && CCHC_ARCHIVE_BATCH=1 cchc-archive -q add a.tar.gz ok.txt)
cp "$T/ar/a.tar.gz" "$T/ar/before"
run "CCHC_MAX_DOC=1M cchc-archive verify '$T/ar/a.tar.gz'"
status "archive: verify reports a member over the limit" 1
err_has "archive: the member is named with the fix" \
	"cchc-archive: $T/ar/a.tar.gz: byte 0: gzip member larger than CCHC_MAX_DOC: raise it to read this archive"
run "CCHC_MAX_DOC=1M cchc-archive repair '$T/ar/a.tar.gz'"
status "archive: repair refuses over the limit" 1
yes "archive: repair left the archive as it was" "cmp -s '$T/ar/before' '$T/ar/a.tar.gz'"
run "CCHC_MAX_DOC=1M cchc-archive reindex '$T/ar/a.tar.gz'"
status "archive: reindex refuses over the limit" 1
err_has "archive: reindex says why" \
	"cchc-archive: $T/ar/a.tar.gz: index not rewritten: it would miss the files of a member larger than CCHC_MAX_DOC"
yes "archive: reindex does not call the limit damage" "! grep -q 'has damage' '$T/err'"
run "CCHC_MAX_DOC=1M cchc-archive cat '$T/ar/a.tar.gz' ok.txt"
status "archive: cat of another member works under the limit" 0
same "archive: cat of another member is whole" "$T/ok.txt"
run "cchc-archive verify '$T/ar/a.tar.gz'"
status "archive: verify passes with the default limit" 0

# ---- an index with numbers out of range is not used: cat reads the archive
cp "$T/ar/before" "$T/ar/i.tar.gz"
(cd "$T/ar" && cchc-archive -q reindex i.tar.gz)
awk -F, 'NR > 1 { $6 = "9223372036854775807" } 1' OFS=, "$T/ar/i.tar.gz.idx" > "$T/ar/x" &&
	mv "$T/ar/x" "$T/ar/i.tar.gz.idx"
run "cchc-archive cat '$T/ar/i.tar.gz' ok.txt"
status "archive: cat with an index out of range" 0
same "archive: cat with an index out of range reads the archive" "$T/ok.txt"
run "cchc-archive verify '$T/ar/i.tar.gz'"
err_has "archive: verify says the index is wrong" \
	"cchc-archive: $T/ar/i.tar.gz.idx: does not match the archive: run cchc-archive reindex"

# ---- memory follows one document, not the input: 20 documents of 512 KiB
python3 -c "
import sys
doc = open(sys.argv[1]).read()
big = (doc * (524288 // len(doc) + 1))[:524288]
open(sys.argv[2] + '/one.txt', 'w').write(big)
with open(sys.argv[2] + '/many.txt', 'w') as f:
    for i in range(20):
        f.write('=== d%d\n' % i + big + '\n')
" "$T/ok.txt" "$T"
for p in cchc-text cchc-extract; do
	one=$(peak "$p '$T/one.txt'")
	many=$(peak "$p '$T/many.txt'")
	yes "$p: memory for 20 documents ($many KiB) is that of one ($one KiB)" \
		"[ $many -lt $((one + 4096)) ]"
done

# a document of nothing but figures: CCHC_MAX_FIGS bounds the memory the
# figures take, the rest of the document is an error, the next goes on
command yes '1%' | head -c 600000 > "$T/pct.txt"
printf 'Tỷ lệ đạt 97%%.\n' > "$T/after.txt"
run "CCHC_MAX_FIGS=1000 cchc-extract -o '$T/capped.csv' '$T/pct.txt' '$T/after.txt'"
status "extract: a document past CCHC_MAX_FIGS fails" 1
err_has "extract: CCHC_MAX_FIGS is named with its line" "cchc-extract: pct.txt:1001: more than 1000 figures (CCHC_MAX_FIGS): the rest of the document is not extracted"
run "tail -n +2 '$T/capped.csv' | cut -d, -f1 | uniq -c | sed 's/^ *//'"
out_is "extract: CCHC_MAX_FIGS figures of it, then the next document" "1000 pct.txt
1 after.txt"
base=$(peak "cchc-extract '$T/after.txt'")
many=$(peak "CCHC_MAX_FIGS=1000 cchc-extract '$T/pct.txt'")
yes "extract: a document of 200,000 figures capped at 1,000 costs under 64 MiB more than one line ($base vs $many KiB)" "[ $many -lt $((base + 65536)) ]"
end_tests
