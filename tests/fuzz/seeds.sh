#!/bin/sh
# Seed corpora for the fuzz targets, from samples/ and tests/, into DIR/TARGET/.
#   seeds.sh DIR      (needs bin/cchc-archive, gzip and tar)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$1"
mkdir -p "$1"
out=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for t in text docs extract normalize join pivot archive; do mkdir -p "$out/$t"; done
reports="$top/samples/reports"

# prefix FILE BYTE: FILE with one option byte (octal) before it, on stdout
prefix() { printf "\\$2"; cat "$1"; }

for f in "$reports"/*; do
	b=$(basename "$f" .txt)
	cp "$f" "$out/extract/$b"
	cp "$f" "$out/docs/$b"
	prefix "$f" 000 > "$out/text/$b-auto"
	prefix "$f" 004 > "$out/text/$b-strict"
	prefix "$f" 010 > "$out/text/$b-keep"
done
# a legacy encoding (Windows-1258, decomposed tones) and UTF-16-like garbage
if iconv -f UTF-8 -t CP1258 "$reports/001_e81782a772853c36.txt" > "$tmp/cp" 2>/dev/null; then
	prefix "$tmp/cp" 000 > "$out/text/cp1258-auto"
	prefix "$tmp/cp" 002 > "$out/text/cp1258"
	cp "$tmp/cp" "$out/extract/cp1258"
fi
# web pages (libxml2) in the shapes of tests/html/wrap.py, UTF-16 with a mark
for t in portal paper national; do
	python3 "$top/tests/html/wrap.py" $t "$reports/002_836013e4dcef9340.txt" https://angiang.gov.vn/x 2024-07-16 > "$tmp/$t.html"
	prefix "$tmp/$t.html" 000 > "$out/text/html-$t"
	cp "$tmp/$t.html" "$out/extract/html-$t"
done
# a Word file (libzip, libxml2) in the shapes of tests/mkdoc.py
python3 "$top/tests/mkdoc.py" docx "$reports/004_92d8ee77b83b01ae.txt" "$tmp/w.docx"
prefix "$tmp/w.docx" 000 > "$out/text/docx"
cp "$tmp/w.docx" "$out/extract/docx"
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$reports/004_92d8ee77b83b01ae.txt"; } > "$tmp/u16" 2>/dev/null &&
	prefix "$tmp/u16" 000 > "$out/text/utf16le"
# documents: gzip, a "=== NAME" stream, tar and tar.gz
gzip -c "$reports/000_3aab98dee64cbd9b.txt" > "$out/docs/one.gz"
for f in "$reports"/*; do printf '=== %s\n' "$(basename "$f")"; cat "$f"; done > "$out/docs/stream"
gzip -c "$out/docs/stream" > "$out/docs/stream.gz"
(cd "$reports" && tar cf "$out/docs/reports.tar" 000_* 001_* && tar czf "$out/docs/reports.tgz" 002_*)
(cd "$reports" && tar --format=pax -cf "$out/docs/pax.tar" 003_*)

# mentions and records CSV
for f in "$top"/samples/expected/mentions/*; do cp "$f" "$out/normalize/"; done
for f in "$top"/samples/expected/records/*; do
	b=$(basename "$f")
	prefix "$f" 000 > "$out/pivot/$b-first"
	prefix "$f" 003 > "$out/pivot/$b-max"
	prefix "$f" 005 > "$out/pivot/$b-mean"
done
# joins: option byte, LEFT, "\n==\n", RIGHT
records="$top/samples/expected/records/$(ls "$top/samples/expected/records" | head -1)"
for o in 000 010 012 013 050 300; do
	{ prefix "$records" "$o"; printf '\n==\n'; cat "$top/samples/reference/par-index.csv"; } \
		> "$out/join/records-$o"
	{ prefix "$top/tests/join/left.csv" "$o"; printf '\n==\n'; cat "$top/tests/join/right.csv"; } \
		> "$out/join/fixture-$o"
done

# archives, with and without their index: r.txt and two versions of s.txt
mkdir "$tmp/a"
cp "$reports/000_3aab98dee64cbd9b.txt" "$tmp/a/r.txt"
cp "$reports/001_e81782a772853c36.txt" "$tmp/a/s.txt"
(cd "$tmp/a" && "$top/bin/cchc-archive" -q add "$tmp/x.tar.gz" r.txt s.txt)
cp "$reports/002_836013e4dcef9340.txt" "$tmp/a/s.txt"
(cd "$tmp/a" && CCHC_ARCHIVE_BATCH=512 "$top/bin/cchc-archive" -q add "$tmp/x.tar.gz" s.txt)
cp "$tmp/x.tar.gz" "$out/archive/plain"
{ cat "$tmp/x.tar.gz"; printf 'CCHCIDX\n'; cat "$tmp/x.tar.gz.idx"; } > "$out/archive/indexed"
(cd "$tmp/a" && tar czf "$out/archive/tar-czf" r.txt s.txt)
