# cchc-normalize: golden records, provinces, periods, values, bad input.
top=${top:?}
. "$top/tests/lib.sh"
figs="python3 $top/tests/figs.py"
mk="python3 $top/tests/mentions.py"

for f in "$S"/expected/mentions/*.csv; do
	b=$(basename "$f")
	run "cchc-normalize '$f'"
	status "normalize golden $b" 0
	same "normalize golden $b" "$S/expected/records/$b"
done
run "cchc-extract '$S'/reports/*.txt | cchc-normalize 2>/dev/null | $figs metric | tr '|' '\n' | grep -cx ' *other *'"
out_is "normalize: every figure of the samples has a metric" "0"

# rec SPEC COLUMN WANT: normalize one mentions row made from SPEC
rec() {
	printf '%s\n' "$1" | $mk > "$T/m.csv"
	run "cchc-normalize '$T/m.csv' | $figs $2"
	out_is "normalize $2 is [$3] for: $1" "$3"
}

# every name and variant of the reference table, before and after 2025-07-01
$mk --province-table "$top/share/cchc/provinces.csv" > "$T/prov.csv"
run "cchc-normalize '$T/prov.csv' | $figs province | tr '|' '\n' | sed 's/^ *//; s/ *$//'"
python3 -c "import csv,sys; [print(r['want']) for r in csv.DictReader(open(sys.argv[1]))]" "$T/prov.csv" > "$T/want"
same "normalize resolves every name and variant of provinces.csv in 2019 and 2026" "$T/want"
yes "normalize: the table test covers the 63 + 34 units" "[ \$(wc -l < '$T/want') -gt 200 ]"

# the spellings of the reference notes
for v in "TP.HCM:Hồ Chí Minh" "TP. HCM:Hồ Chí Minh" "TPHCM:Hồ Chí Minh" "Sài Gòn:Hồ Chí Minh" \
	"HCMC:Hồ Chí Minh" "TP. Hồ Chí Minh:Hồ Chí Minh" "TT-Huế:Thừa Thiên Huế" \
	"Thừa Thiên-Huế:Thừa Thiên Huế" "BR-VT:Bà Rịa - Vũng Tàu" "BRVT:Bà Rịa - Vũng Tàu" \
	"Bà Rịa – Vũng Tàu:Bà Rịa - Vũng Tàu" "Đắc Lắc:Đắk Lắk" "Đăk Lăk:Đắk Lắk" \
	"ĐăkLăk:Đắk Lắk" "Daklak:Đắk Lắk" "Đắc Nông:Đắk Nông" "Kontum:Kon Tum" \
	"Bắc Cạn:Bắc Kạn" "Hoà Bình:Hòa Bình" "Thanh Hoá:Thanh Hóa" "Khánh Hoà:Khánh Hòa" \
	"Ðà Nẵng:Đà Nẵng" "Ha Noi:Hà Nội" "Da Nang:Đà Nẵng" "Thua Thien Hue:Thừa Thiên Huế" \
	"Đà Lạt:Lâm Đồng" "Rạch Giá:Kiên Giang" "Châu Đốc:An Giang" "Long Xuyên:An Giang" \
	"Vũng Tàu:Bà Rịa - Vũng Tàu" "tỉnh AG:An Giang" "thành phố Cần Thơ:Cần Thơ" "TP. Cần Thơ:Cần Thơ"; do
	rec "province_text=${v%%:*} ; province_kind=province ; period_text=năm 2019" province "${v#*:}"
done
# codes as they were: Kiên Giang was 91; from 2025-07-01 91 is the new An Giang
rec "province_text=Kiên Giang ; province_kind=province ; period_text=năm 2019" province_code "91"
rec "province_text=Kiên Giang ; province_kind=province ; period_text=năm 2019" province_2025 "An Giang"
rec "province_text=An Giang ; province_kind=province ; period_text=năm 2019" province_code "89"
rec "province_text=An Giang ; province_kind=province ; period_text=6 tháng cuối năm 2025" province_code "91"
rec "province_text=Kiên Giang ; province_kind=province ; period_text=6 tháng cuối năm 2025" province "An Giang"
rec "province_text=Huế ; province_kind=province ; period_text=6 tháng đầu năm 2025" province "Huế"
rec "province_text=Huế ; province_kind=province ; period_text=năm 2024" province "Thừa Thiên Huế"
rec "province_text=Yên Bái ; province_kind=province ; period_text=năm 2020" province_2025_code "15"
rec "province_text=cả nước ; province_kind=national ; period_text=năm 2023" province "national"
rec "province_text=toàn tỉnh ; province_kind=local ; doc_province_text=Ninh Bình ; period_text=năm 2023" province "Ninh Bình"
rec "doc_province_text=Cổng TTĐT tỉnh AG ; period_text=năm 2023" province ""
rec "doc_province_text=AG ; period_text=năm 2023" province "An Giang"
rec "doc_scope=national ; doc_province_text=Ninh Bình ; period_text=năm 2023" province "national"
rec "province_text=Atlantis ; province_kind=province ; period_text=năm 2023" province ""
rec "province_text=An Giang ; province_kind=province" province_code ""

# periods: every form, a year from doc_date, a period not after the report
rec "period_text=6 tháng đầu năm 2024" period "2024-H1"
rec "period_text=6 tháng cuối năm 2024" period_end "2024-12-31"
rec "period_text=6 tháng đầu năm ; doc_date=2019-07-11" period "2019-H1"
rec "period_text=6 tháng cuối năm ; doc_date=2025-01-10" period "2024-H2"
rec "period_text=10 tháng năm 2023" period "2023-M10"
rec "period_text=10 tháng năm 2023" period_end "2023-10-31"
rec "period_text=9 tháng đầu năm 2022" period_start "2022-01-01"
rec "period_text=quý I/2023" period "2023-Q1"
rec "period_text=Quý III/2022" period "2022-Q3"
rec "period_text=quý 4 năm 2021" period_end "2021-12-31"
rec "period_text=tháng 5/2023" period "2023-05"
rec "period_text=tháng 2 năm 2024" period_end "2024-02-29"
rec "period_text=Tính đến tháng 6/2024" period "2024-H1"
rec "period_text=đến hết tháng 9/2023" period "2023-M9"
rec "period_text=năm 2023" period "2023"
rec "period_text=năm 2023" year "2023"
rec "period_text=giữa nhiệm kỳ" period ""

# values, units, qualifiers
rec "number=40,36 ; decimal_mark=," value "40.36"
rec "number=1.327 ; unit_text=nhiệm vụ" value "1327"
rec "number=6,2 ; decimal_mark=, ; multiplier=triệu ; unit_text=văn bản" value "6200000"
rec "number=1,5 ; decimal_mark=, ; multiplier=nghìn tỷ ; unit_text=đồng" value "1500000000000"
rec "number=4,8 ; decimal_mark=, ; multiplier=tỷ ; unit_text=đồng" unit "money_vnd"
rec "number=90.17 ; decimal_mark=." value "90.17"
rec "number=8.425.689 ; unit_text=hồ sơ" value "8425689"
rec "number=400 ; denominator=991 ; unit_text=nhiệm vụ" denominator "991"
rec "number=87,602 ; denominator=100 ; decimal_mark=, ; unit_text=điểm" unit "points"
rec "number=46 ; denominator=132 ; unit_text=xếp thứ" unit "rank"
rec "number=12 ; unit_text=bậc ; qualifier_text=tăng" qualifier "increase"
rec "qualifier_text=khoảng gần" qualifier "approx"
rec "qualifier_text=Tăng trên" qualifier "increase"
rec "qualifier_text=trên" qualifier "over"
rec "qualifier_text=cao hơn" qualifier "increase"
rec "qualifier_text=trở lên" qualifier "over"
rec "qualifier_text=tăng được" qualifier "increase"
rec "qualifier_text=giảm được" qualifier "decrease"
rec "qualifier_text=trở xuống" qualifier "under"
rec "number=9 ; denominator=63 ; unit_text=xếp ; raw=xếp 9/63" unit "rank"
rec "qualifier_text=thấp hơn" qualifier "decrease"
rec "qualifier_text=dưới" qualifier "under"
rec "qualifier_text=giảm" qualifier "decrease"
rec "qualifier_text=" qualifier "exact"
rec "unit_text=quả" unit ""

# metrics: the nearest rule for the unit, else the unit's fallback
# a rank of no named index is no index's rank (never the unit alone)
rec "number=25 ; denominator=63 ; unit_text=xếp thứ ; raw=xếp thứ 25/63 ; sentence=Năm 2023, tỉnh xếp thứ 25/63 tỉnh, thành phố." metric "other"
rec "number=10 ; denominator=63 ; unit_text=xếp thứ ; raw=xếp thứ 10/63 ; sentence=Về PCI, tỉnh xếp thứ 10/63." metric "pci_rank"
rec "number=48 ; unit_text=% ; raw=48% ; sentence=Tỷ lệ dịch vụ công trực tuyến toàn trình đạt 48%." metric "full_online_services_rate"
rec "number=81 ; unit_text=% ; raw=81% ; sentence=Tỷ lệ dịch vụ công trực tuyến đạt 81%." metric "online_services_rate"
rec "number=12 ; unit_text=quả ; raw=12 quả ; sentence=Có 12 quả." metric "other"
rec "number=47,88 ; unit_text= ; decimal_mark=, ; raw=47,88 ; sentence=Chỉ số PAPI đạt 47,88." unit "points"
rec "number=47,88 ; unit_text= ; decimal_mark=, ; raw=47,88 ; sentence=Chỉ số PAPI đạt 47,88." metric "papi_score"
rec "number=47,88 ; unit_text= ; decimal_mark=, ; raw=47,88 ; sentence=Kết quả đạt 47,88." unit ""
rec "number=91,43 ; unit_text=% ; raw=91,43% ; sentence=Hà Nội đạt 91,43% về Chỉ số cải cách hành chính (PAR INDEX)." metric "par_index_score"
# a paragraph keeps its topic: a later sentence without a rule takes the
# metric a rule gave the paragraph's last figure of the same unit; an
# index named past the lead governs no other paragraph
printf '%s\n' "line=9 ; number=84,38 ; raw=84,38% ; sentence=Chỉ số cải cách hành chính của 17 bộ là 84,38%." \
	"line=9 ; number=89,95 ; raw=89,95% ; sentence=Bộ Tư pháp dẫn đầu, đạt 89,95%." \
	"line=10 ; number=70 ; raw=70% ; sentence=Bộ Tư pháp dẫn đầu, đạt 70%." | $mk > "$T/m.csv"
run "cchc-normalize '$T/m.csv' | $figs metric"
out_is "normalize: a paragraph's topic metric, not another paragraph's" "par_index_score | par_index_score | other"

# unknowns are counted, not fatal
printf '%s\n' "unit_text=quả ; province_text=Atlantis ; province_kind=province" > "$T/u.spec"
$mk < "$T/u.spec" > "$T/u.csv"
run "cchc-normalize '$T/u.csv'"
status "normalize unknown unit, province, period" 0
err_none "normalize is quiet on success"
run "cchc-normalize -v '$T/u.csv'"
err_is "normalize -v counts the unknowns" "cchc-normalize: 1 records: 1 without unit, 1 without province, 1 without period"

# bad input
printf 'doc,line,raw\nx,1,2\n' > "$T/cols.csv"
run "cchc-normalize -o '$T/out.csv' '$T/cols.csv'"
status "normalize missing column" 1
err_is "normalize missing column names it" "cchc-normalize: $T/cols.csv:1: missing column number"
yes "normalize missing column leaves no output file" "[ ! -e '$T/out.csv' ] && [ -z \"\$(ls -A '$T' | grep '^\.out')\" ]"
{ head -2 "$S/expected/mentions/004_92d8ee77b83b01ae.csv"; echo 'a,b,c'; } > "$T/ragged.csv"
run "cchc-normalize -o '$T/out.csv' '$T/ragged.csv'"
status "normalize ragged row" 1
err_has "normalize ragged row message" "cchc-normalize: $T/ragged.csv:3: 3 fields, the header has 22"
yes "normalize ragged row leaves no output file" "[ ! -e '$T/out.csv' ]"
{ head -2 "$S/expected/mentions/004_92d8ee77b83b01ae.csv"; printf 'x,"unterminated\n'; } > "$T/quote.csv"
run "cchc-normalize '$T/quote.csv' > /dev/null"
status "normalize unterminated quote" 1
err_has "normalize unterminated quote message" "cchc-normalize: $T/quote.csv:3: malformed CSV: unterminated quoted field"
{ head -2 "$S/expected/mentions/004_92d8ee77b83b01ae.csv"; printf 'x,"a"b\n'; } > "$T/stray.csv"
run "cchc-normalize '$T/stray.csv' > /dev/null"
status "normalize malformed quote" 1
yes "normalize malformed quote message" "grep -q '^cchc-normalize: $T/stray.csv:3: malformed CSV' '$T/err'"
: > "$T/empty.csv"
run "cchc-normalize '$T/empty.csv' | wc -l"
out_is "normalize empty input: header only" "1"
run "cchc-normalize '$T/missing.csv' '$S/expected/mentions/004_92d8ee77b83b01ae.csv' | wc -l"
err_has "normalize missing file" "cchc-normalize: $T/missing.csv: No such file or directory"
if [ -w /dev/full ]; then
	run "cchc-normalize '$S/expected/mentions/004_92d8ee77b83b01ae.csv' > /dev/full"
	status "normalize /dev/full" 1
fi
gzip -c "$S/expected/mentions/002_836013e4dcef9340.csv" > "$T/m.csv.gz"
run "cchc-normalize '$T/m.csv.gz'"
same "normalize reads gzip" "$S/expected/records/002_836013e4dcef9340.csv"
printf '\357\273\277' > "$T/bom.csv" && cat "$S/expected/mentions/002_836013e4dcef9340.csv" >> "$T/bom.csv"
run "cchc-normalize '$T/bom.csv'"
same "normalize skips a BOM" "$S/expected/records/002_836013e4dcef9340.csv"
sed 's/$/\r/' "$S/expected/mentions/002_836013e4dcef9340.csv" > "$T/crlf.csv"
run "cchc-normalize '$T/crlf.csv'"
same "normalize reads CRLF" "$S/expected/records/002_836013e4dcef9340.csv"

# the records load unchanged into sqlite3 and Miller
cat "$S"/expected/records/*.csv | awk 'NR == 1 || !/^doc,/' > "$T/records.csv"
n=$(($(wc -l < "$T/records.csv") - 1))
if command -v sqlite3 > /dev/null; then
	run "sqlite3 :memory: '.import --csv $T/records.csv r' 'select count(*), sum(value > 0), count(distinct metric) from r'"
	out_is "normalize output loads into sqlite3" "$n|$n|$(tail -n +2 "$T/records.csv" | python3 -c 'import csv,sys; print(len({r[10] for r in csv.reader(sys.stdin)}))')"
fi
# typed: share/cchc/records.sql makes value a number, the bounds dates
if command -v sqlite3 > /dev/null; then
	run "sqlite3 :memory: '.read $top/share/cchc/records.sql' '.import --csv --skip 1 $T/records.csv records' 'select max(value), typeof(max(value)), count(*) from records'"
	out_is "records.sql: sqlite3 compares values as numbers" "380000000.0|real|$n"
fi
if [ -d "$top/build/node/node_modules/@duckdb/node-api" ] && command -v node > /dev/null; then
	cp "$top/tests/duckdb-load.mjs" "$top/build/node/duckdb-load.mjs"
	run "node '$top/build/node/duckdb-load.mjs' '$T/records.csv' '$top/share/cchc/records.sql'"
	out_is "records.sql: DuckDB loads typed values and dates" "$n|380000000|2024-06-30"
fi
if [ -d "$top/build/node/node_modules/@duckdb/node-api" ] && command -v node > /dev/null; then
	cp "$top/tests/duckdb-load.mjs" "$top/build/node/duckdb-load.mjs"
	run "node '$top/build/node/duckdb-load.mjs' '$T/records.csv'"
	out_is "normalize output loads into DuckDB" "$n|$n|$(tail -n +2 "$T/records.csv" | python3 -c 'import csv,sys; print(len({r[10] for r in csv.reader(sys.stdin)}))')"
else
	echo "skip: DuckDB (make deps installs it from npm)"
fi
if command -v mlr > /dev/null; then
	run "mlr --icsv --ojson count '$T/records.csv'"
	yes "normalize output loads into Miller" "grep -q '\"count\": $n' '$T/out'"
fi
end_tests
