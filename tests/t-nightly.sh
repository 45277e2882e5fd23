# pipelines/nightly and pipelines/rebuild: exactly once, crashes, the lock,
# quarantine, a read-only or full data folder.
top=${top:?}
. "$top/tests/lib.sh"
N=$top/pipelines/nightly

fresh() {  # fresh INBOX: a copy of the samples
	rm -rf "$1"
	mkdir -p "$1"
	cp "$S"/reports/* "$1/"
}
# state DATADIR: what a run leaves, for comparing runs
state() {
	cat "$1/records.csv" "$1/tables/province-period.csv" "$1/tables/province-period-reference.csv"
	for a in "$1"/archive/*.tar.gz; do
		echo "== $(basename "$a")"
		cchc-archive list "$a" | cut -d, -f1,2,3,5 | sort
	done
}

fresh "$T/in"
run "'$N' '$T/in' '$T/d'"
status "nightly on the samples" 0
err_is "nightly summary" "nightly: 5 new, 0 skipped, 0 quarantined, 33 records added ($(tail -1 "$T/d/log/nightly.log" | sed 's/.*seconds=//') s)
nightly: tables: 0 values in conflict (tables/conflicts*.csv: the kept one and the other, with their sources); 5 records with no province (tables/no-province.csv)"
yes "nightly: the records with no province in a table of their own" "[ \$(grep -c '^004_92d8ee77b83b01ae.txt,7,' '$T/d/tables/no-province.csv') -eq 5 ]"
if command -v script > /dev/null; then
	fresh "$T/inp"
	run "script -qec \"'$N' '$T/inp' '$T/dp'\" /dev/null | tr -d '\\r'"
	yes "nightly at a terminal names each step as it starts" "grep -q '^nightly: 3. extract and normalize' '$T/out' && grep -q '^nightly: 6. the dataset' '$T/out'"
fi
yes "nightly empties the inbox" "[ -z \"\$(ls -A '$T/in')\" ]"
yes "nightly: the ledger is an index of the reports, not a copy of their records" "[ \$(sqlite3 '$T/d/ledger/reports.db' 'SELECT count(*), sum(records) FROM reports') = '5|33' ] && [ \$(ls -A '$T/d/ledger/' | wc -l) -eq 2 ]"
yes "nightly: records.csv is the ledger's, its rows' byte ranges end where it ends" "[ -L '$T/d/records.csv' ] && [ \$(sqlite3 '$T/d/ledger/reports.db' 'SELECT max(end) FROM reports') -eq \$(stat -L -c %s '$T/d/records.csv') ]"
cat "$S"/expected/records/*.csv | python3 -c 'import csv,sys; r=list(csv.reader(sys.stdin)); print(sorted(x for x in r if x[0] != "doc"))' > "$T/want"
python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1]))); print(sorted(r[1:]))' "$T/d/records.csv" > "$T/got"
yes "nightly records are the samples' records" "cmp -s '$T/want' '$T/got'"
yes "nightly writes the tables" "[ -s '$T/d/tables/province-period.csv' ] && [ -s '$T/d/tables/province-period-reference.csv' ]"
# the samples' tables, checked by hand: levels of the nation in the
# headline table ("tăng 12 bậc" and the "+4" of a rank among the changes),
# the departments' and districts' scores of An Giang in their own list
for t in province-period province-period-changes province-period-targets agencies-districts; do
	yes "nightly golden table $t" "cmp -s '$T/d/tables/$t.csv' '$S/expected/tables/$t.csv'"
done
yes "nightly lists each table's conflicts in a file, none on stderr" "[ -f '$T/d/tables/conflicts-agencies-districts.csv' ]"
for a in "$T"/d/archive/*.tar.gz; do
	run "cchc-archive verify '$a'"
	status "nightly archive $(basename "$a") verifies" 0
	yes "nightly archive $(basename "$a"): tar reads it" "tar tzf '$a' > /dev/null"
done
yes "nightly archives by the report's year" "tar tzf '$T/d/archive/2024.tar.gz' | grep -qx 000_3aab98dee64cbd9b.txt && tar tzf '$T/d/archive/2019.tar.gz' | grep -qx 004_92d8ee77b83b01ae.txt"
yes "nightly archives a report without figures by its date, not its mtime" "tar tzf '$T/d/archive/2020.tar.gz' | grep -qx 003_d73027080bf1c7f3.txt"
yes "nightly log is appended" "[ \$(wc -l < '$T/d/log/nightly.log') -eq 1 ]"
state "$T/d" > "$T/clean"

# a rerun on the same inbox adds nothing
fresh "$T/in"
run "'$N' -q '$T/in' '$T/d'"
status "nightly rerun" 0
err_none "nightly -q is silent on success"
state "$T/d" > "$T/again"
yes "nightly rerun leaves the same outputs" "cmp -s '$T/clean' '$T/again'"
yes "nightly log grows by a line a run" "[ \$(wc -l < '$T/d/log/nightly.log') -eq 2 ] && tail -1 '$T/d/log/nightly.log' | grep -q 'new=0 skipped=5'"

# an edited report is a new version
cp "$S/reports/002_836013e4dcef9340.txt" "$T/in/"
echo "Năm 2024, tỉnh An Giang đạt 95,5 điểm." >> "$T/in/002_836013e4dcef9340.txt"
run "'$N' '$T/in' '$T/d'"
yes "nightly: an edited report is archived as a new version" "for a in '$T'/d/archive/*.tar.gz; do cchc-archive list \"\$a\"; done | grep -c '^002_836013e4dcef9340.txt,' | grep -qx 2"
yes "nightly: the edited report's records are added" "grep -q '95.5' '$T/d/records.csv'"

# a ledger that cannot be written: the run fails, the report stays
rm -rf "$T/lf"
mkdir -p "$T/lfin"
rm -f "$T"/lfin/*
cp "$S/reports/001_e81782a772853c36.txt" "$T/lfin/"
mkdir -p "$T/lf/ledger.1/records.csv"   # a folder where the dataset should be
echo "cchc data folder" > "$T/lf/.cchc-data"
ln -s ledger.1 "$T/lf/ledger"
run "'$N' -q '$T/lfin' '$T/lf'"
status "nightly: an unwritable ledger fails the run" 1
err_has "nightly: the ledger's failure says what is wrong" "nightly: ledger: $T/lf/ledger/records.csv: Is a directory"
yes "nightly: the report stays in the inbox when its ledger fails" "[ -f '$T/lfin/001_e81782a772853c36.txt' ]"
yes "nightly: no tables from a failed ledger" "[ ! -e '$T/lf/tables/province-period.csv' ]"

# killed INBOX DATADIR DELAY: nightly and all its children killed after
# DELAY seconds, as a power cut would stop them, then run again
killed() {
	setsid "$N" -q "$1" "$2" 2>/dev/null &
	pid=$!
	sleep "$3"
	kill -9 -- -$pid 2>/dev/null
	wait $pid 2>/dev/null
	"$N" -q "$1" "$2" 2>/dev/null
}
# kill -9 at random points, then a rerun: the state of one clean run
ok=1
for i in 1 2 3 4 5 6 7 8; do
	rm -rf "$T/k"
	fresh "$T/kin"
	killed "$T/kin" "$T/k" 0.$((i * 13 % 10))$((i % 3)) || { ok=0; echo "kill $i: the rerun failed"; }
	state "$T/k" > "$T/kstate" 2>/dev/null
	cmp -s "$T/clean" "$T/kstate" || { ok=0; echo "kill $i: not the state of a clean run"; }
	for a in "$T"/k/archive/*.tar.gz; do
		cchc-archive -q verify "$a" 2>/dev/null || { ok=0; echo "kill $i: $a does not verify"; }
	done
done
yes "nightly: kill -9 and a rerun end as one clean run (8 times)" "[ $ok = 1 ]"

# a second run at once gets the lock message
fresh "$T/in2"
( flock "$T/d/.lock" sleep 3 ) &
sleep 0.5
run "'$N' '$T/in2' '$T/d'"
status "nightly while another run holds the lock" 75
err_is "nightly lock message" "nightly: another run holds $T/d/.lock; not starting"
wait
yes "nightly under the lock touched nothing" "[ \$(ls '$T/in2' | wc -l) -eq 5 ]"

# bad reports are quarantined with the reason; the others go on
fresh "$T/in3"
head -c 2000 /bin/sh > "$T/in3/binary.txt"
printf 'x' | gzip > "$T/in3/cut.txt.gz"
truncate -s 10 "$T/in3/cut.txt.gz"
mkdir -p "$T/fakebin"
for p in cchc-text cchc-normalize cchc-pivot cchc-join cchc-archive; do ln -sf "$BIN/$p" "$T/fakebin/$p"; done
cat > "$T/fakebin/cchc-extract" <<EOF
#!/bin/sh
case "\$*" in *crashme*) echo "cchc-extract: about to crash" >&2; kill -SEGV \$\$ ;; esac
exec "$BIN/cchc-extract" "\$@"
EOF
chmod +x "$T/fakebin/cchc-extract"
printf '%%PDF-1.4\n' > "$T/in3/r.pdf"
{ printf '\377\376'; printf 'Năm 2023 tỉnh An Giang đạt 86,9%%.\n' | iconv -f UTF-8 -t UTF-16LE; } > "$T/in3/u16.txt"
cp "$S/reports/003_d73027080bf1c7f3.txt" "$T/in3/crashme.txt"
echo "Tỷ lệ đạt 50%." >> "$T/in3/crashme.txt"
run "CCHC_BIN='$T/fakebin' '$N' '$T/in3' '$T/d3'"
status "nightly with bad reports exits 3" 3
yes "nightly quarantines a binary file with its reason" "[ -f '$T/d3/quarantine/binary.txt' ] && grep -q 'binary data, not text' '$T/d3/quarantine/binary.txt.why'"
yes "nightly quarantines a PDF with the converter to use" "[ -f '$T/d3/quarantine/r.pdf' ] && grep -q 'pdftotext' '$T/d3/quarantine/r.pdf.why'"
yes "nightly reads UTF-16 with a byte-order mark" "grep -q '^u16.txt,' '$T/d3/records.csv'"
yes "nightly quarantines corrupt gzip" "[ -f '$T/d3/quarantine/cut.txt.gz' ] && grep -q 'corrupt gzip' '$T/d3/quarantine/cut.txt.gz.why'"
yes "nightly quarantines a report a filter crashes on" "[ -f '$T/d3/quarantine/crashme.txt' ] && grep -q 'signal 11' '$T/d3/quarantine/crashme.txt.why'"
yes "nightly: the .why has the filter's messages" "grep -q 'about to crash' '$T/d3/quarantine/crashme.txt.why'"
yes "nightly goes on with the others" "[ -z \"\$(ls -A '$T/in3')\" ] && python3 -c 'import csv,sys; sys.exit(len(list(csv.reader(open(sys.argv[1])))) != 35)' '$T/d3/records.csv'"
err_has "nightly summary counts the quarantined" "nightly: 6 new, 0 skipped, 4 quarantined, 34 records added ($(tail -1 "$T/d3/log/nightly.log" | sed 's/.*seconds=//') s)"

# a PDF and a Word file made from a sample report: its records, through
# the inbox; a PDF quarantined while pdftotext was missing is taken again
# by the first run that finds it
if command -v pdftotext > /dev/null && command -v gnuplot > /dev/null; then
	mkdir -p "$T/nopdf" "$T/inw"
	for p in /usr/bin/* /bin/*; do
		case ${p##*/} in pdftotext) ;; *) ln -sf "$p" "$T/nopdf/${p##*/}" 2> /dev/null ;; esac
	done
	f=$S/reports/001_e81782a772853c36.txt
	python3 "$top/tests/mkdoc.py" gnuplot "$f" "$T/inw/r001.pdf" | gnuplot 2> /dev/null
	python3 "$top/tests/mkdoc.py" docx "$f" "$T/inw/r001.docx"
	printf 'source,date\nhttps://example.gov.vn/r001,2024-07-22\n' > "$T/inw/r001.pdf.meta"
	run "PATH='$T/nopdf' '$N' '$T/inw' '$T/dw'"
	status "nightly without pdftotext: the PDF quarantined" 3
	yes "nightly without pdftotext: the .why names it" "grep -q 'and pdftotext is not installed' '$T/dw/quarantine/r001.pdf.why' && [ -f '$T/dw/quarantine/r001.pdf.meta' ]"
	yes "nightly reads a .docx made from a sample" "[ \$(grep -c '^r001.docx,' '$T/dw/records.csv') -eq \$(grep -c . '$S/expected/records/001_e81782a772853c36.csv' | awk '{ print \$1 - 1 }') ]"
	run "'$N' '$T/inw' '$T/dw'"
	status "nightly with pdftotext: the PDF taken again" 0
	err_has "nightly says the PDF is back" "nightly: r001.pdf: pdftotext is installed now: back from the quarantine"
	yes "nightly: the PDF's records, its sidecar kept" "[ \$(grep -c '^r001.pdf,' '$T/dw/records.csv') -eq \$(grep -c '^r001.docx,' '$T/dw/records.csv') ] && grep -q '^r001.pdf,https://example.gov.vn/r001,' '$T/dw/manifest.csv'"
	yes "nightly: the quarantine and the inbox empty" "[ -z \"\$(find '$T/dw/quarantine' '$T/inw' -mindepth 1)\" ]"
fi

# settings from a config file, under the environment's names
fresh "$T/in6"
echo "CCHC_REFERENCE='$T/no-reference.csv'" > "$T/conf"
run "'$N' -q -c '$T/conf' '$T/in6' '$T/d6'"
status "nightly -c CONFIG" 0
yes "nightly -c CONFIG: its CCHC_REFERENCE is used" "[ -s '$T/d6/tables/province-period.csv' ] && [ ! -e '$T/d6/tables/province-period-reference.csv' ]"

# a read-only data folder fails before touching anything
fresh "$T/in4"
mkdir -p "$T/ro"
if [ "$(id -u)" != 0 ]; then
	chmod 555 "$T/ro"
	run "'$N' '$T/in4' '$T/ro'"
	status "nightly on a read-only DATADIR" 1
	err_is "nightly read-only message" "nightly: $T/ro: not a writable directory"
	yes "nightly read-only: the inbox is untouched" "[ \$(ls '$T/in4' | wc -l) -eq 5 ] && [ -z \"\$(ls -A '$T/ro')\" ]"
	chmod 755 "$T/ro"
elif chattr +i "$T/ro" 2>/dev/null; then
	run "'$N' '$T/in4' '$T/ro'"
	status "nightly on a read-only (immutable) DATADIR" 1
	yes "nightly read-only: the inbox is untouched" "[ \$(ls '$T/in4' | wc -l) -eq 5 ] && [ -z \"\$(ls -A '$T/ro')\" ]"
	chattr -i "$T/ro"
fi

# a full disk fails and leaves the previous outputs as they were
state "$T/d" > "$T/before"
fresh "$T/in5"
python3 -c "
import random
r = random.Random(3)
w = 'cải cách hành chính tỉnh đạt tỷ lệ hồ sơ trực tuyến năm quý'.split()
open('$T/in5/big.txt', 'w').write(' '.join(r.choice(w) for _ in range(400000)) + ' đạt 97%.\n')"
run "ulimit -f 600; '$N' '$T/in5' '$T/d'"
yes "nightly on a full disk fails" "[ $rc -ne 0 ]"
state "$T/d" > "$T/after" 2>/dev/null
yes "nightly on a full disk leaves the outputs as they were" "cmp -s '$T/before' '$T/after'"
yes "nightly on a full disk keeps the reports in the inbox" "[ -f '$T/in5/big.txt' ]"

# rebuild: the same dataset from the archives alone, swapped in
cp "$T/d/records.csv" "$T/rec-before"
run "'$top/pipelines/rebuild' -q '$T/d'"
status "rebuild" 0
yes "rebuild gives the same records" "cmp -s '$T/d/records.csv' '$T/rec-before'"
yes "rebuild switched the ledger link and removed the old one" "[ -L '$T/d/ledger' ] && [ \$(ls -d '$T/d'/ledger.* | wc -l) -eq 1 ]"
# a sidecar NAME.meta says what the scraper knew; rebuild keeps it
rm -rf "$T/si" "$T/sd"; mkdir -p "$T/si"
printf 'Tỷ lệ hồ sơ đúng hạn của tỉnh trong quý I/2024 đạt 97,2%%.\n' > "$T/si/r1.txt"
printf 'source,date\nhttps://baoquangtri.vn/tin/202404/ty-le-dat-972.htm,2024-04-02\n' > "$T/si/r1.txt.meta"
run "'$N' -q '$T/si' '$T/sd'"
status "nightly with a sidecar" 0
run "python3 '$top/tests/figs.py' province < '$T/sd/records.csv'"
out_is "nightly: the sidecar's source names the report's province" "Quảng Trị"
yes "nightly: the report and its sidecar leave the inbox" "[ -z \"\$(ls -A '$T/si')\" ]"
yes "nightly: the sidecar's row is kept in DATADIR/manifest.csv" "grep -q '^r1.txt,https://baoquangtri.vn' '$T/sd/manifest.csv'"
run "'$top/pipelines/rebuild' -q '$T/sd'"
status "rebuild with a kept manifest" 0
run "python3 '$top/tests/figs.py' province < '$T/sd/records.csv'"
out_is "rebuild: the province the sidecar gave stays" "Quảng Trị"
printf 'Tỷ lệ hồ sơ đúng hạn của tỉnh trong quý I/2024 đạt 93,1%%.\n' > "$T/si/r2.txt"
run "CCHC_PROVINCE='Gia Lai' '$N' -q '$T/si' '$T/sd'"
run "python3 '$top/tests/figs.py' province < '$T/sd/records.csv' | tr '|' '\n' | sed 's/^ *//; s/ *\$//' | sort | paste -sd,"
out_is "nightly: CCHC_PROVINCE is the province of reports that name none" "Gia Lai,Quảng Trị"
# a hostile inbox: a report that starts like a stream, a bundle of
# reports, names that are long or hold a tab, a backslash, bytes that are
# not UTF-8: each report is processed, or quarantined with its reason
rm -rf "$T/hi" "$T/hd"; mkdir -p "$T/hi"
printf '=== ../../x\nTỷ lệ hồ sơ đúng hạn của tỉnh năm 2023 đạt 91,5%%.\n=== y.txt\nĐã tiếp nhận 1.234 hồ sơ.\n' > "$T/hi/forged.txt"
long=$(python3 -c "print('Bao-cao-' + 'x' * 180 + '.txt')")
printf 'Năm 2023, tỉnh đạt 88,2%%.\n' > "$T/hi/$long"
printf 'Năm 2023, tỉnh đạt 77,1%%.\n' > "$T/hi/back\\slash.txt"
printf 'Năm 2023, tỉnh đạt 66,4%%.\n' > "$T/hi/$(printf 'tab\tname.txt')"
printf 'Năm 2023, tỉnh đạt 55,3%%.\n' > "$T/hi/$(printf 'latin\351.txt')"
mkdir -p "$T/bundle"
cp "$S/reports/004_92d8ee77b83b01ae.txt" "$T/bundle/"
tar czf "$T/hi/bundle.tar.gz" -C "$T/bundle" .
run "'$N' '$T/hi' '$T/hd'"
status "nightly on a hostile inbox: quarantines are reported" 3
run "python3 -c 'import csv,sys; print(sorted((r[\"doc\"], r[\"raw\"]) for r in csv.DictReader(open(sys.argv[1]))))' '$T/hd/records.csv'"
out_is "nightly: a report starting '=== x' is one document, under its own name" "[('$long', '88,2%'), ('back\\\\slash.txt', '77,1%'), ('forged.txt', '1.234 hồ sơ'), ('forged.txt', '91,5%')]"
yes "nightly: no stray ledger file" "[ -z \"\$(find '$T/hd/ledger/' -name '.*')\" ]"
yes "nightly: the long name is archived whole" "tar tzf '$T/hd/archive/'*.tar.gz | grep -qx '$long'"
for q in bundle.tar.gz "$(printf 'tab\tname.txt')" "$(printf 'latin\351.txt')"; do
	yes "nightly quarantines $(printf '%s' "$q" | tr '\t\351' '??') with a reason" "[ -s '$T/hd/quarantine/$q.why' ]"
done
yes "nightly: the bundle's reason says to unpack it" "grep -q 'unpack its reports' '$T/hd/quarantine/bundle.tar.gz.why'"
yes "nightly: nothing stays in a hostile inbox" "[ -z \"\$(ls -A '$T/hi')\" ]"
# wrong arguments hurt no data
fresh "$T/ai"
run "'$N' -q '$T/ai' '$T/ad'"
status "nightly: a first run marks its data folder" 0
yes "nightly: the data folder has its marker" "[ -e '$T/ad/.cchc-data' ]"
cp "$T/ad/records.csv" "$T/ad.records"
fresh "$T/ai"
run "'$N' -q '$T/ad' '$T/ai'"
status "nightly with INBOX and DATADIR swapped fails" 1
err_has "nightly with swapped arguments says so" "nightly: $T/ad: a cchc data folder, not an inbox (are INBOX and DATADIR swapped?)"
yes "nightly with swapped arguments moves nothing" "cmp -s '$T/ad/records.csv' '$T/ad.records' && [ \$(ls '$T/ai' | wc -l) -eq 5 ]"
yes "nightly with swapped arguments logs why" "tail -1 '$T/ad/log/nightly.log' | grep -q 'failed: .*swapped'"
mkdir -p "$T/plain"; echo keep > "$T/plain/notes.txt"
run "'$N' -q '$T/ai' '$T/plain'"
status "nightly refuses a folder that is no data folder as DATADIR" 1
yes "nightly leaves that folder and the inbox alone" "[ \"\$(ls -A '$T/plain')\" = notes.txt ] && [ \$(ls '$T/ai' | wc -l) -eq 5 ]"
run "'$top/pipelines/rebuild' '$T/plain'"
status "rebuild refuses a folder that is no data folder" 1
yes "rebuild leaves that folder alone" "[ \"\$(ls -A '$T/plain')\" = notes.txt ]"
run "'$N' '$T/ai'"
status "nightly with one argument is a usage error" 2
run "'$N' --help"
status "nightly --help" 0
yes "nightly --help says what it does" "grep -q 'The cron job' '$T/out'"
run "'$top/pipelines/rebuild' --help"
status "rebuild --help" 0
# a rebuild stopped before its switch leaves a ledger.N: the next run removes it
mkdir -p "$T/ad/ledger.99"
run "'$top/pipelines/rebuild' -q '$T/ad'"
status "rebuild after a stopped one" 0
yes "rebuild removes the ledger.N a stopped rebuild left" "[ ! -e '$T/ad/ledger.99' ] && [ \$(ls -d '$T/ad'/ledger.* | wc -l) -eq 1 ]"
# charts: a metric across provinces and a province's series, SVG and PNG
if command -v gnuplot > /dev/null; then
	mkdir -p "$T/cd"
	{
		echo "doc,line,province,province_code,province_2025,province_2025_code,period,period_start,period_end,year,metric,subject,value,denominator,unit,qualifier,ambiguous,raw,kind,owner"
		echo "a.txt,1,An Giang,89,An Giang,91,2023,2023-01-01,2023-12-31,2023,par_index_score,,88.1,,percent,exact,0,\"88,1%\",level,province"
		echo "a.txt,2,Đà Nẵng,48,Đà Nẵng,48,2023,2023-01-01,2023-12-31,2023,par_index_score,,92.5,,percent,exact,0,\"92,5%\",level,province"
		echo "b.txt,1,Thừa Thiên Huế,46,Huế,46,2023-H1,2023-01-01,2023-06-30,2023,par_index_score,,90.2,,percent,exact,0,\"90,2%\",level,province"
		echo "b.txt,2,An Giang,89,An Giang,91,2022,2022-01-01,2022-12-31,2022,par_index_score,,86.0,,percent,exact,0,86%,level,province"
		echo "b.txt,3,An Giang,89,An Giang,91,2023,2023-01-01,2023-12-31,2023,par_index_score,,3,,percent,increase,0,tăng 3%,change,province"
	} > "$T/cd/records.csv"
	run "bash '$top/pipelines/chart' '$T/cd' across par_index_score 2023"
	status "chart across provinces" 0
	out_is "chart prints its two files" "$T/cd/charts/across-par_index_score-2023.svg
$T/cd/charts/across-par_index_score-2023.png"
	run "python3 -c 'import sys, xml.etree.ElementTree as E; print(\" \".join(\"\".join(E.parse(sys.argv[1]).getroot().itertext()).split()))' '$T/cd/charts/across-par_index_score-2023.svg'"
	yes "chart: the SVG parses and names the metric, the provinces with their diacritics, the source" "grep -q 'Chỉ số cải cách hành chính (PAR Index)' '$T/out' && grep -q 'Đà Nẵng' '$T/out' && grep -q 'Thừa Thiên Huế' '$T/out' && grep -q 'Nguồn: cchc, từ 2 báo cáo: a.txt, b.txt' '$T/out'"
	yes "chart: the PNG is a PNG" "head -c 8 '$T/cd/charts/across-par_index_score-2023.png' | od -An -c | grep -q 'P   N   G'"
	run "bash '$top/pipelines/chart' -o '$T/cd/ag' '$T/cd' series 'An Giang' par_index_score"
	status "chart of a province's series" 0
	run "python3 -c 'import sys, xml.etree.ElementTree as E; print(\" \".join(\"\".join(E.parse(sys.argv[1]).getroot().itertext()).split()))' '$T/cd/ag.svg'"
	yes "chart series: its periods in words, no change drawn as a level" "grep -q 'năm 2022' '$T/out' && grep -q '88,1' '$T/out' && ! grep -qw '3' '$T/out'"
	run "bash '$top/pipelines/chart' '$T/cd' across par_index_score 2019"
	status "chart with nothing to draw fails" 1
fi
# two reports disagree on a cell: the province's own report wins, then the
# latest; the conflict is listed with both sources; each cell has its source
rm -rf "$T/ci" "$T/cdd"; mkdir -p "$T/ci"
printf 'Bản tin cả nước\n\nNgày 10/4/2024, Bộ Nội vụ công bố Chỉ số CCHC năm 2023: Đà Nẵng đạt 92,1%%, Hải Phòng đạt 91,2%%, Hà Nội đạt 90,4%%, An Giang đạt 85,5%%.\n' > "$T/ci/national.txt"
printf 'An Giang: Chỉ số CCHC năm 2023 đạt 86,5%%\n\nNgày 2/4/2024, tỉnh công bố Chỉ số CCHC năm 2023 của tỉnh đạt 86,5%%.\n' > "$T/ci/own.txt"
run "'$N' -q '$T/ci' '$T/cdd'"
status "nightly with two reports that disagree" 0
err_none "nightly -q with two reports that disagree: the conflict is in a file, not on stderr"
run "python3 -c 'import csv,sys; print([r[\"par_index_score\"] for r in csv.DictReader(open(sys.argv[1])) if r[\"province\"] == \"An Giang\"])' '$T/cdd/tables/province-period.csv'"
out_is "tables: the province's own report wins over a mention elsewhere" "['86.5']"
yes "tables: the conflict is listed with both sources" "grep -q 'own.txt' '$T/cdd/tables/conflicts.csv' && grep -q 'national.txt' '$T/cdd/tables/conflicts.csv'"
yes "tables: each cell names its source" "grep -q '^An Giang,2023,2023,,par_index_score,86.5,own.txt:' '$T/cdd/tables/province-period-sources.csv'"
# the tables a night updates in place are the bytes of a full pass over
# the same records, after every night: the samples, reports of the genre
# (new rows and a new column), two reports that disagree (a kept value
# changes), an edited report (a new version), a night of nothing
full_pass() {  # full_pass DATADIR OUT: every table made whole
	rm -rf "$2" && mkdir -p "$2" &&
	bash -c '. "$1/pipelines/lib.sh"; prog=t; settings "$2"; full_tables "$3" "$2/records.csv"' _ "$top" "$1" "$2"
}
same_tables() {  # same_tables DATADIR FULL: every table file the same
	local f
	for f in "$2"/*.csv; do cmp -s "$f" "$1/tables/${f##*/}" || { echo "${f##*/}"; return 1; }; done
	[ "$(ls "$2" | wc -l)" -ge 13 ]
}
rm -rf "$T/mn" && mkdir -p "$T/mn/1" "$T/mn/2" "$T/mn/3" "$T/mn/4" "$T/mn/5"
cp "$S"/reports/* "$T/mn/1/"
cp "$top"/tests/views/reports/* "$T/mn/2/"
cp "$T/ci/national.txt" "$T/ci/own.txt" "$T/mn/3/" 2> /dev/null ||
	printf 'An Giang: Chỉ số CCHC năm 2023 đạt 86,5%%\n\nNgày 2/4/2024, tỉnh công bố Chỉ số CCHC năm 2023 của tỉnh đạt 86,5%%.\n' > "$T/mn/3/own.txt"
printf 'Bản tin\n\nNgày 20/5/2024, Chỉ số CCHC năm 2023 của An Giang đạt 88,5%%, của Đà Nẵng đạt 92,1%%.\n' > "$T/mn/3/later.txt"
cp "$S/reports/002_836013e4dcef9340.txt" "$T/mn/4/"
echo "Năm 2023, tỉnh An Giang có 1.234 hồ sơ trực tuyến." >> "$T/mn/4/002_836013e4dcef9340.txt"
rm -rf "$T/ktsrc" && cp -r "$T/mn/3" "$T/ktsrc"  # for the kill test below
for night in 1 2 3 4 5; do
	"$N" -q "$T/mn/$night" "$T/mn/d" 2> /dev/null
	full_pass "$T/mn/d" "$T/mn/full"
	r=$(same_tables "$T/mn/d" "$T/mn/full" && echo same)
	yes "tables after night $night: the bytes of a full pass" "[ '$r' = same ]"
done
yes "tables: night 3 changed a kept value and listed the other" "grep -q '^An Giang,2023,2023,,par_index_score,86.5,own.txt' '$T/mn/d/tables/province-period-sources.csv' && grep -q ',88.5,later.txt:' '$T/mn/d/tables/conflicts.csv'"
yes "tables: one tables folder, linked" "[ -L '$T/mn/d/tables' ] && [ \$(ls -d '$T/mn/d'/tables.* | wc -l) -eq 1 ]"
# kill -9 during a night that updates the tables: a rerun gives the bytes
# of the uninterrupted night
tstate() { cat "$1/records.csv"; for f in "$1"/tables/*.csv; do echo "== ${f##*/}"; cat "$f"; done; }
rm -rf "$T/kt0" && mkdir -p "$T/ktin"
cp "$S"/reports/* "$T/ktin/" && "$N" -q "$T/ktin" "$T/kt0" 2> /dev/null
cp -a "$T/kt0" "$T/kt-base"
cp "$top"/tests/views/reports/* "$T/ktsrc/"* "$T/ktin/" && "$N" -q "$T/ktin" "$T/kt0" 2> /dev/null
tstate "$T/kt0" > "$T/ktclean"
ok=1
for i in 1 2 3 4 5 6; do
	rm -rf "$T/kt" && cp -a "$T/kt-base" "$T/kt"
	cp "$top"/tests/views/reports/* "$T/ktsrc/"* "$T/ktin/"
	killed "$T/ktin" "$T/kt" 0.$((i * 17 % 10))$((i % 4)) || { ok=0; echo "kill $i: the rerun failed"; }
	tstate "$T/kt" | cmp -s - "$T/ktclean" || { ok=0; echo "kill $i: not the tables of an uninterrupted night"; }
done
yes "nightly: kill -9 during a night on a history, a rerun: its records and tables byte for byte (6 times)" "[ $ok = 1 ]"
# a data folder of the old layout (a file of records a report, records.csv
# their concatenation, tables a folder) is taken over as it is: the same
# records, its reports known, tables made
rm -rf "$T/old" && mkdir -p "$T/old/d/ledger.1" "$T/old/d/log" "$T/old/d/tables" "$T/old/in"
ln -s ledger.1 "$T/old/d/ledger"
for f in "$S"/reports/*.txt; do
	h=$(sha256sum < "$f" | cut -c1-64)
	h2=$(echo "$h" | cut -c1-2)
	mkdir -p "$T/old/d/ledger.1/$h2"
	cp "$S/expected/records/$(basename "$f" .txt).csv" "$T/old/d/ledger.1/$h2/$h.csv"
done
{ head -n 1 "$S/expected/records/000_3aab98dee64cbd9b.csv"
  for l in $(find "$T/old/d/ledger.1" -name '*.csv' | sort); do tail -n +2 "$l"; done; } > "$T/old/records-before"
cp "$T/old/records-before" "$T/old/d/records.csv"
echo old > "$T/old/d/tables/province-period.csv"
run "'$N' -q '$T/old/in' '$T/old/d'"
status "nightly on a data folder of the old layout" 0
yes "nightly: the old layout's records kept, in their order" "cmp -s '$T/old/records-before' '$T/old/d/records.csv' && [ -L '$T/old/d/records.csv' ]"
yes "nightly: the old layout's reports in the new ledger, the old one gone" "[ \$(sqlite3 '$T/old/d/ledger/reports.db' 'SELECT count(*) FROM reports') -eq 5 ] && [ \$(ls -d '$T/old/d'/ledger.* | wc -l) -eq 1 ] && [ -z \"\$(find '$T/old/d/ledger/' -mindepth 1 -type d)\" ]"
yes "nightly: the old layout's tables made again, linked" "[ -L '$T/old/d/tables' ] && [ \$(wc -l < '$T/old/d/tables/province-period.csv') -gt 3 ]"
cp "$S"/reports/* "$T/old/in/"
run "'$N' '$T/old/in' '$T/old/d'"
err_has "nightly: the old layout's reports are known" "nightly: 0 new, 5 skipped, 0 quarantined, 0 records added ($(tail -1 "$T/old/d/log/nightly.log" | sed 's/.*seconds=//') s)"
# what made the tables changes (their definitions, the spreadsheet
# escaping), or an update fails: the night makes them whole, the bytes of
# a full pass; the next night updates them again
sed 's/^province-period-targets\t[^\t]*/province-period-targets\tprovince,year/' "$top/share/cchc/tables.conf" > "$T/tables2.conf"
cp "$S/reports/003_d73027080bf1c7f3.txt" "$T/mn/5/n6.txt"
run "CCHC_TABLES='$T/tables2.conf' '$N' -q '$T/mn/5' '$T/mn/d'"
status "nightly with other tables' definitions" 0
yes "nightly: other tables' definitions make the tables whole" "head -n 1 '$T/mn/d/tables/province-period-targets.csv' | grep -q '^province,year'"
CCHC_EXCEL_SAFE=1 "$N" -q "$T/mn/5" "$T/mn/d" 2> /dev/null
printf 'Năm 2024, tỉnh Cà Mau đạt 90,5%% hồ sơ đúng hạn.\n' > "$T/mn/5/n7.txt"
run "'$N' -q '$T/mn/5' '$T/mn/d'"
full_pass "$T/mn/d" "$T/mn/full"
r=$(same_tables "$T/mn/d" "$T/mn/full" && echo same)
yes "tables after a night with CCHC_EXCEL_SAFE=1, then one without: a full pass's bytes" "[ '$r' = same ]"
rm "$T/mn/d/tables/conflicts.csv"
printf 'Năm 2024, tỉnh Cà Mau đạt 91,5%% hồ sơ đúng hạn.\n' > "$T/mn/5/n8.txt"
run "'$N' -q '$T/mn/5' '$T/mn/d'"
status "nightly: a table missing: the night still succeeds" 0
err_has "nightly: a table missing: says the tables were made whole" "nightly: the tables could not be updated (above): made whole"
full_pass "$T/mn/d" "$T/mn/full"
r=$(same_tables "$T/mn/d" "$T/mn/full" && echo same)
yes "tables made whole after a failed update: a full pass's bytes" "[ '$r' = same ]"
# a night after a rebuild updates the rebuild's tables (its ledger is
# another): the bytes of a full pass, the records in the order they had
rm -rf "$T/rb" && mkdir -p "$T/rb/in"
cp "$S"/reports/* "$T/rb/in/" && "$N" -q "$T/rb/in" "$T/rb/d" 2> /dev/null
cp "$T/rb/d/records.csv" "$T/rb/before"
run "'$top/pipelines/rebuild' -q '$T/rb/d'"
status "rebuild after a night" 0
yes "rebuild: the records in the order the nights gave them" "cmp -s '$T/rb/before' '$T/rb/d/records.csv'"
cp "$top"/tests/views/reports/* "$T/rb/in/"
run "'$N' -q '$T/rb/in' '$T/rb/d'"
status "a night after a rebuild" 0
full_pass "$T/rb/d" "$T/rb/full"
r=$(same_tables "$T/rb/d" "$T/rb/full" && echo same)
yes "tables after a rebuild and a night: the bytes of a full pass" "[ '$r' = same ] && grep -q '^ledger.2 ' '$T/rb/d/tables/.through'"
# a link a killed run left half made (.tables.new, .ledger.new) is no obstacle
ln -s tables.99 "$T/rb/d/.tables.new"
ln -s ledger.99 "$T/rb/d/.ledger.new"
cp "$S/reports/003_d73027080bf1c7f3.txt" "$T/rb/in/again.txt"
echo "Năm 2024, tỉnh Cà Mau đạt 92,5%." >> "$T/rb/in/again.txt"
run "'$N' -q '$T/rb/in' '$T/rb/d'"
status "nightly after a kill between a link and its rename" 0
yes "nightly: no half-made link stays" "[ ! -e '$T/rb/d/.tables.new' ] && [ ! -L '$T/rb/d/.tables.new' ] && [ -L '$T/rb/d/tables' ]"
# a name with a line separator (U+2028: no control character, so a name
# nightly takes) stays one field when the tables read the night's records
u2028=$(printf 'sep\342\200\250arated.txt')
{ cat "$S/reports/002_836013e4dcef9340.txt"; echo "Năm 2024, tỉnh Cà Mau đạt 93,5%."; } > "$T/rb/in/$u2028"
run "'$N' -q '$T/rb/in' '$T/rb/d'"
status "nightly with U+2028 in a name" 0
yes "nightly: the name with U+2028 in the tables" "grep -q ',$u2028,' '$T/rb/d/tables/agencies-districts.csv'"
full_pass "$T/rb/d" "$T/rb/full"
r=$(same_tables "$T/rb/d" "$T/rb/full" && echo same)
yes "tables after a name with U+2028: the bytes of a full pass" "[ '$r' = same ]"
end_tests
