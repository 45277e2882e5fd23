# Web pages through libxml2: the article's text only (scripts, styles,
# navigation, page header and footer, asides, forms dropped by structure),
# a block a line, a table cell a line, the declared charset honoured, and
# the page's address and date used as a manifest row would be.
top=${top:?}
. "$top/tests/lib.sh"
W="python3 $top/tests/html/wrap.py"
figs="python3 $top/tests/figs.py"

# ---- a page of my own, in each template: the article's figures, no other
printf 'Tỉnh Phú Thọ: kết quả CCHC quý I/2024\nTrong quý I/2024, toàn tỉnh tiếp nhận 41.200 hồ sơ, đạt 98,5%% đúng hạn.\n\nSở Tư pháp giải quyết 1.250 hồ sơ.\n' > "$T/r.txt"
for t in portal paper national; do
	$W $t "$T/r.txt" "https://phutho.gov.vn/tin/123" 2024-04-10 > "$T/$t.html"
	run "cchc-extract '$T/$t.html' | $figs raw"
	out_is "html $t: the article's figures, nothing of the page around it" "41.200 hồ sơ | 98,5% | 1.250 hồ sơ"
	run "cchc-extract '$T/$t.html' | $figs doc_date"
	out_is "html $t: the page's date markup gives the document's date" "2024-04-10 | 2024-04-10 | 2024-04-10"
	run "cchc-text '$T/$t.html'"
	out_is "html $t: the text, a block a line, the heading first" "Tỉnh Phú Thọ: kết quả CCHC quý I/2024
Trong quý I/2024, toàn tỉnh tiếp nhận 41.200 hồ sơ, đạt 98,5% đúng hạn.

Sở Tư pháp giải quyết 1.250 hồ sơ."
done
# the page's address places a report that names no province ("toàn tỉnh")
printf 'Kết quả CCHC quý I/2024\nTrong quý I/2024, toàn tỉnh tiếp nhận 41.200 hồ sơ.\n' > "$T/np.txt"
$W paper "$T/np.txt" "https://baophutho.vn/tin/123" 2024-04-10 > "$T/np.html"
run "cchc-extract '$T/np.html' | cchc-normalize | $figs province"
out_is "html: the page's address (og:url) names the province" "Phú Thọ"
printf 'doc,source\nnp.html,https://baolamdong.vn/x\n' > "$T/m.csv"
run "cchc-extract -M '$T/m.csv' '$T/np.html' | cchc-normalize | $figs province"
out_is "html: an explicit -M row wins over the page's own" "Lâm Đồng"
# the nightly inbox reads pages the same way
mkdir -p "$T/in"
cp "$T/np.html" "$T/portal.html" "$T/in/"
run "'$top/pipelines/nightly' -q '$T/in' '$T/d'"
status "html: nightly takes web pages" 0
yes "html: nightly's records carry each page's province and date" "python3 -c 'import csv,sys; r={(x[\"doc\"], x[\"province\"], x[\"doc_date\"]) for x in csv.DictReader(open(sys.argv[1]))}; sys.exit(r != {(\"np.html\", \"Phú Thọ\", \"2024-04-10\"), (\"portal.html\", \"Phú Thọ\", \"2024-04-10\")})' '$T/d/records.csv'"
# a declared legacy charset, a table a cell a line, <br>
python3 -c 'import sys; sys.stdout.buffer.write("<html><head><meta charset=\"windows-1258\"><title>Báo cáo</title></head><body><article><h1>Báo cáo</h1><p>Tô\u0309ng: 45%<br>Xong</p><table><tr><td>STT</td><td>Đơn vi\u0323</td></tr><tr><td>1</td><td>12</td></tr></table></article></body></html>".encode("cp1258"))' > "$T/cp.html"
run "cchc-text '$T/cp.html'"
out_is "html: windows-1258 declared, a cell a line, <br> a line" "Báo cáo
Tổng: 45%
Xong
STT
Đơn vị
1
12"
# what is no page stays text; a page libxml2 cannot read is said
printf '<html lang="vi">\n' > "$T/empty.html"
run "cchc-extract '$T/empty.html' | $figs raw"
status "html: an empty page" 0
out_is "html: an empty page has no figures" ""

# ---- every text of the labelled sets, in each template: the records its
# text gives with the equivalent -M row, byte for byte
for set in devset devset2; do
	D=$top/../shared/$set
	[ -f "$D/sources.csv" ] || { echo "skip: $D"; continue; }
	mkdir -p "$T/$set"
	python3 -c 'import csv,sys; w=csv.writer(sys.stdout, lineterminator="\n"); w.writerow(["doc","source","date"]); [w.writerow([r["doc"], r["source"], "2024-01-15"]) for r in csv.DictReader(open(sys.argv[1]))]' "$D/sources.csv" > "$T/$set/m.csv"
	cchc-extract -M "$T/$set/m.csv" "$D"/docs/*.txt 2> /dev/null | cchc-normalize > "$T/$set/want.csv"
	for t in portal paper national; do
		mkdir -p "$T/$set/$t"
		tail -n +2 "$D/sources.csv" | while IFS=, read -r doc src; do
			$W $t "$D/docs/$doc" "$src" 2024-01-15 > "$T/$set/$t/$doc"
		done
		run "cchc-extract '$T/$set/$t'/*.txt 2> /dev/null | cchc-normalize > '$T/$set/$t.csv'"
		yes "html $set in the $t template: the records of the text with -M" "cmp -s '$T/$set/want.csv' '$T/$set/$t.csv'"
	done
done
end_tests
