# cchc-extract | cchc-normalize: whose figure and which period, on sentences
# made for these tests (the genre's habits, none copied from real reports);
# the manifest (-M), -p and outlets.csv; the dev set's scores when present.
top=${top:?}
. "$top/tests/lib.sh"
figs="python3 $top/tests/figs.py"

# recs TEXT COLUMN WANT [EXTRACT-OPTIONS]: a record column of the figures of TEXT
recs() {
	printf '%s\n' "$1" > "$T/doc.txt"
	run "cchc-extract ${4:-} '$T/doc.txt' | cchc-normalize 2>/dev/null | $figs $2"
	out_is "records' $2 is [$3] for: $(printf '%s' "$1" | tr '\n' ' ' | cut -c1-90)" "$3"
}

# ---- the document's own province ----
recs "Bình Phước: tỷ lệ hồ sơ đúng hạn đạt 98,1%

Trong quý II/2024, toàn tỉnh tiếp nhận 41.200 hồ sơ." province "Bình Phước | Bình Phước"
recs "Tuyên Quang xếp thứ 12 về chỉ số hài lòng năm 2023

Chỉ số của tỉnh đạt 86,4%, tăng 3 bậc so với năm 2022." province "Tuyên Quang | Tuyên Quang | Tuyên Quang"
recs "Kết quả cải cách hành chính quý I

Trong quý I/2024, các sở, ngành của tỉnh Yên Bái đã tiếp nhận 9.120 hồ sơ trực tuyến. Tỷ lệ đúng hạn đạt 99,2%." province "Yên Bái | Yên Bái"
# a city names its province; a person's name is no place
recs "Tin tức

Năm 2023, TP Đà Lạt tiếp nhận 7.400 hồ sơ." province "Lâm Đồng"

# the manifest: source, date and province of reports that do not say
printf 'Tỷ lệ hồ sơ giải quyết đúng hạn đạt 97,5%%.\n' > "$T/a.txt"
cp "$T/a.txt" "$T/b.txt"; cp "$T/a.txt" "$T/c.txt"; cp "$T/a.txt" "$T/d.txt"; cp "$T/a.txt" "$T/e.txt"
cat > "$T/manifest.csv" <<'M'
doc,source,date,province
a.txt,https://baoninhthuan.com.vn/tin/202305/ty-le-dat-975,,
b.txt,https://sonoivu.travinh.gov.vn/wps/portal/tin,2024-02-30,
c.txt,https://vnexpress.net/thoi-su/gia-lai-dat-975-phan-tram-ho-so.html,2024-03-05,
d.txt,https://example.org/x,,Xứ Lạ
e.txt,Báo Đồng Khởi,,
M
run "cchc-extract -M '$T/manifest.csv' '$T/a.txt' '$T/b.txt' '$T/c.txt' '$T/d.txt' '$T/e.txt' | cchc-normalize 2>/dev/null | $figs province"
out_is "manifest: a paper's host, a portal's host, a national outlet's slug, an outlet's name" "Ninh Thuận | Trà Vinh | Gia Lai |  | Bến Tre"
status "manifest: bad fields are warnings, not errors" 0
err_has "manifest: a bad date is named with its line" "cchc-extract: $T/manifest.csv:3: date '2024-02-30' is not YYYY-MM-DD: ignored"
err_has "manifest: an unknown province is named with its line" "cchc-extract: $T/manifest.csv:5: unknown province 'Xứ Lạ': ignored"
run "cchc-extract -M '$T/manifest.csv' '$T/a.txt' '$T/c.txt' | $figs doc_date"
out_is "manifest: the date a scraper gives, else the month in the address" "2023-05-01 | 2024-03-05"
run "cchc-extract -M '$T/manifest.csv' '$T/doc.txt' > /dev/null"
err_has "manifest: names that match no document read are reported" "cchc-extract: $T/manifest.csv:2: no row names a document that was read (the doc column holds names like a.txt)"
printf 'name,source\na.txt,x\n' > "$T/nodoc.csv"
run "cchc-extract -M '$T/nodoc.csv' '$T/a.txt'"
status "manifest without a doc column is an error" 1
err_has "manifest without a doc column: the message" "cchc-extract: $T/nodoc.csv:1: missing column doc"
run "cchc-extract -p 'Hà Tĩnh' '$T/a.txt' | cchc-normalize 2>/dev/null | $figs province"
out_is "-p gives reports without a province of their own one" "Hà Tĩnh"
run "cchc-extract -p 'Atlantis' '$T/a.txt'"
status "-p with an unknown province is a usage error" 2

# ---- national, regional, ministries, groups ----
recs "Kết quả năm 2023

Cả nước có 40/63 tỉnh, thành phố đạt trên 85%. Hưng Yên đạt 90,2%, Nam Định đạt 88,1%, Thái Bình đạt 87,3%. Bộ Xây dựng đạt 81,5%. Giá trị trung bình đạt 86,7%." province "national | national | Hưng Yên | Nam Định | Thái Bình | national | national"
recs "An Giang: chỉ số năm 2023 đạt 85,1%

Chỉ số cao hơn Kiên Giang, Đồng Tháp và Cần Thơ.

Năm 2023, số hồ sơ trực tuyến đạt 12.000 hồ sơ." province "An Giang | An Giang"
recs "Bản tin năm 2023

Chỉ số cao hơn Kiên Giang, Đồng Tháp và Cần Thơ.

Năm 2023, số hồ sơ trực tuyến đạt 12.000 hồ sơ." province "national"
recs "Chỉ số năm 2023 của tỉnh Hưng Yên

Chỉ số của tỉnh đạt 90,2%, xếp thứ 5/63 tỉnh, thành phố trong cả nước." province "Hưng Yên | Hưng Yên"
recs "Năm 2024, vùng Tây Nguyên đạt 85,5%, cao hơn 0,9% so với năm 2023 (84,6%)." province " |  | "
recs "Năm 2024, vùng Tây Nguyên đạt 85,5%, cao hơn 0,9% so với năm 2023 (84,6%)." period "2024 | 2024 | 2023"
recs "Tỉnh Phú Yên đạt 88,2%. Theo Cổng Dịch vụ công quốc gia, năm 2024 tỷ lệ hài lòng đạt 91,3%." province "Phú Yên | Phú Yên"
recs "Năm 2023, cả 63 tỉnh, thành phố đều đạt kết quả trên 80%." province "national | national"

# ---- periods ----
recs "Thành phố Hải Phòng: giai đoạn 2016-2020 đã ban hành 1.210 văn bản." period "2016-2020"
recs "Tỉnh Cà Mau: từ năm 2021 đến 2024 đã khảo sát 12.400 phiếu." period "2021-2024"
recs "Tỉnh Sóc Trăng: tính từ đầu năm đến đầu tháng 9-2023, tỷ lệ đạt 71,2%." period "2023-M8"
recs "Tỉnh Sóc Trăng: tính từ đầu năm đến hết tháng 9-2023, tỷ lệ đạt 71,2%." period "2023-M9"
recs "Tỉnh Kon Tum: tính đến ngày 15/8/2024, tỷ lệ đạt 64,5%." period "2024-08"
recs "Năm 2024, tỉnh Nghệ An đạt 85,1%, giảm 2 bậc so năm 2023." period "2024 | 2024"
recs "Năm 2024, tỉnh Nghệ An xếp thứ 7, tăng 4 bậc so với kết quả xếp hạng năm 2023." period "2024 | 2024"
recs "Tỉnh Nghệ An: năm 2023 tiếp nhận 500 hồ sơ, bằng 120% số hồ sơ của cả năm 2022." period "2023 | 2023"
recs "Tỉnh Nghệ An: từ ngày 3/1/2023 đến ngày 31/3/2023 tiếp nhận 500 hồ sơ." period ""
# the scans for periods and places stop where the last figure's sentence
# ends: a period after the last figure in its sentence still counts, one in
# a later sentence does not, and a comparison there is still seen whole
recs "Báo cáo năm 2023

Tỉnh Nghệ An tiếp nhận 700 hồ sơ trong 6 tháng đầu năm 2024. Kế hoạch năm 2025 đã ban hành." period "2024-H1"
recs "Năm 2024, tỉnh Nghệ An đạt 85,1%, cao hơn so với năm 2023. Năm 2025 sẽ khác." period "2024"
# a host rule with (?#needs .gov.vn) reads the host in any case
recs "Tỷ lệ đúng hạn đạt 97,5%.

Nguồn: HTTPS://SONOIVU.TRAVINH.GOV.VN/tin" province "Trà Vinh"

# ---- what is and is not a figure ----
recs "Theo phương pháp, nhóm B đạt từ 75% đến dưới 85%, thang điểm từ 0% đến 100%; tỉnh Phú Thọ đạt 83,2%." raw "83,2%"
recs "Tỉnh Phú Thọ có số điểm thấp nhất trong 63 tỉnh, thành phố, với 79,5%." raw "79,5%"
recs "Chỉ số gồm 9 tiêu chí đối với cấp tỉnh; trong 6 chỉ số thành phần, có 4 chỉ số tăng. Thang đo: 100% là đạt kết quả tốt nhất, 0% là kém nhất. Tỉnh Phú Thọ đứng đầu nhóm 5 tỉnh miền núi với 83,2%." raw "4 chỉ số | 83,2%"
recs "Tỉnh Phú Thọ có 3 quyết định, 12 dự thảo và 7 điều kiện kinh doanh được rà soát; Sở Tư pháp (8.500 lượt)." raw "3 quyết định | 12 dự thảo | 7 điều kiện kinh doanh | 8.500 lượt"
recs "Năm 2025, sáu bộ, cơ quan đã ban hành phương án." raw "sáu bộ"
recs "Năm 2024, Hà Tĩnh (71%) và Nghệ An (70%) là 2 tỉnh dẫn đầu; 3 tỉnh có tỷ lệ thấp nhất lần lượt là: Lai Châu (8%), Sơn La (9%), Điện Biên (9,5%). Có 12 tỉnh đạt trên 50%." raw "71% | 70% | 8% | 9% | 9,5% | 12 tỉnh | trên 50%"
recs "Thứ 4, ngày 12/6/2024: tỉnh Phú Thọ đạt 91%." raw "91%"
recs "Xếp thứ 7 là tỉnh Phú Thọ; thứ 9 là tỉnh Hòa Bình." unit "rank | rank"
recs "Năm 2023, tỉnh Lạng Sơn vươn lên vị trí thứ 3, tăng 5 bậc." qualifier "exact | increase"
recs "Năm 2023, tỉnh Lạng Sơn tăng mạnh nhất với 4,1%; nơi giảm nhiều nhất là 1,2%." qualifier "increase | decrease"
recs "Năm 2023, mức giảm nhiều nhất là 3,1% và ít nhất là 0,4%; có 12 tỉnh đạt 90% và 5 tỉnh đạt 80%." qualifier "decrease | decrease | exact | exact | exact | exact"

recs "Bản tin năm 2024

Năm 2024, 7 tỉnh có chỉ số giảm, tuy nhiên, nơi giảm nhiều nhất là 1,5%." province "national | national"

# ---- kind and owner ----
recs "Tỉnh Yên Bái năm 2024: chỉ số đạt 88,1%, tăng 1,2% so với năm 2023; mục tiêu năm 2025 là 90%." kind "level | change | target"
recs "Năm 2024, khối bộ đạt 60,2% (mục tiêu 70%), khối tỉnh đạt 20,5%." kind "level | target | level"
recs "Năm 2024, có 20/34 tỉnh đạt tỷ lệ trên 90%, với tổng cộng hơn 90.000 hồ sơ." kind "level | bound | level"
recs "Tỉnh Kon Tum: quý I/2024 tiếp nhận 9.000 hồ sơ, bằng 120% của quý I/2023." kind "level | change"
recs "Tỉnh Kon Tum năm 2024: toàn tỉnh tiếp nhận 9.000 hồ sơ; Sở Tư pháp tiếp nhận 800 hồ sơ; cấp huyện tiếp nhận 3.000 hồ sơ; đã công bố 120 thủ tục cấp tỉnh." owner "province | agency | district | province"
recs "Năm 2024, Bộ Tư pháp đạt 89,1%; Ngân hàng Nhà nước Việt Nam đạt 100%; cả nước đạt 85%; 14 bộ, cơ quan đạt trên 80%; vùng Tây Nguyên đạt 84%." owner "ministry | ministry | nation | group | group | region"
# the nation's figures of one block (design.md "Blocks"), of both, of the whole
recs "Hội nghị toàn quốc năm 2024: các bộ, ngành Trung ương đã xong 120/300 nhiệm vụ, đạt 40%; UBND các tỉnh, thành phố đã xong 900/2.000 nhiệm vụ, đạt 45%." block "ministries | ministries | provinces | provinces"
recs "Hội nghị toàn quốc năm 2024: tỷ lệ hồ sơ trực tuyến của cấp bộ đạt 61%, địa phương đạt 33%; cả nước có 5.000 dịch vụ công; các bộ, ngành, địa phương đã cắt giảm 700 thủ tục." block "ministries | provinces |  | "
recs "Hội nghị toàn quốc năm 2024: đã cắt giảm 900 thủ tục của các bộ, ngành." block "ministries"
recs "Hội nghị toàn quốc năm 2024: cả nước đạt 88%, các Bộ phận một cửa đạt 90%." block " | "
recs "Năm 2024, khối bộ đạt 60,2% (mục tiêu 70%), khối tỉnh đạt 20,5%." block "ministries | ministries | provinces"

recs "TP Vũng Tàu: năm 2024 tiếp nhận 52.000 hồ sơ

Năm 2024, thành phố giải quyết đúng hạn 99,1%." owner "district | district"

# ---- a table flattened to one cell a line ----
printf 'Tỉnh Hà Nam: kết quả đánh giá năm 2024\n\nSTT\n\nĐơn vị\n\nĐạt\n\nChưa đạt\n\nTổng\n\n1\n\nCấp huyện\n\n9\n\n2\n\n11\n\nTổng cộng\n\n9\n\n2\n\n11\n\nTỷ lệ\n\n0\n\n18%%\n\n \n\nGhi chú: số liệu ngày 31/12.\n' > "$T/table.txt"
run "cchc-extract '$T/table.txt' | $figs raw"
out_is "table: every value cell, not the row numbers" "9 | 2 | 11 | 9 | 2 | 11 | 0 | 18%"
run "cchc-extract '$T/table.txt' | $figs sentence"
out_is "table: a cell's context is its row and column" "Cấp huyện: Đạt | Cấp huyện: Chưa đạt | Cấp huyện: Tổng | Tổng cộng: Đạt | Tổng cộng: Chưa đạt | Tổng cộng: Tổng | Tỷ lệ: Đạt (%) | Tỷ lệ: Chưa đạt"
run "cchc-extract '$T/table.txt' | cchc-normalize 2>/dev/null | $figs unit"
out_is "table: counts, and a bare 0 in a row of percentages" "count | count | count | count | count | count | percent | percent"
run "cchc-extract '$T/table.txt' | cchc-normalize 2>/dev/null | $figs province"
out_is "table: the cells are the document's province's" "Hà Nam | Hà Nam | Hà Nam | Hà Nam | Hà Nam | Hà Nam | Hà Nam | Hà Nam"

# ---- periods: brackets, programmes' names, stocks
# a comparison in brackets governs only what the brackets hold
recs "Năm 2024, chỉ số của tỉnh Bạc Liêu đạt 41,2 điểm (năm 2023 đạt 39,8 điểm), xếp thứ 30." period "2024 | 2023 | 2024"
# the years of a scheme's name govern none of its figures
recs "Theo Đề án phát triển dữ liệu dân cư giai đoạn 2022 - 2025, tầm nhìn đến năm 2030, tỉnh Sơn La đã cấp 120.000 tài khoản." period ""
# a stock the dated report finds ("hiện có") is of its year; undated, the
# document's period
printf 'doc,date\ndoc.txt,2024-08-15\n' > "$T/m-date.csv"
recs "Báo cáo 6 tháng đầu năm 2024 của tỉnh Sóc Trăng

Toàn tỉnh hiện có 215 đơn vị có trang thông tin điện tử." period "2024" "-M $T/m-date.csv"
recs "Báo cáo 6 tháng đầu năm 2024 của tỉnh Sóc Trăng

Toàn tỉnh hiện có 215 đơn vị có trang thông tin điện tử." period "2024-H1"
# the universe of a rank or a lead is no place: the province stays
recs "Năm 2023, chỉ số SIPAS của tỉnh Kiên Giang xếp thứ 8/63 tỉnh thành phố trực thuộc Trung ương, tăng 5 bậc." province "Kiên Giang | Kiên Giang"
recs "Năm 2023, Long An là địa phương dẫn đầu cả nước với 49,1 điểm." province "Long An"

# a year alone in brackets labels what stands before it
recs "Chỉ số PCI của tỉnh Cà Mau: hạng 6 (2015), hạng 9 (2017), hạng 12 (năm 2019)." period "2015 | 2017 | 2019"
# a rank's place may follow it; a province compared with is no place; a
# region's list is a rank's universe
recs "Năm 2023, đứng đầu là Bắc Ninh, xếp thứ hai là Tây Ninh với 51,2 điểm." province "Tây Ninh | Tây Ninh"
recs "Năm 2023, tỉnh Quảng Trị xếp thứ 2 trong 6 tỉnh Bắc Trung Bộ, chỉ sau Hà Tĩnh." province "Quảng Trị"
# the words of a move: "tụt" is a fall; a new position is a level
recs "Năm 2022, chỉ số PAPI của tỉnh Phú Yên tụt 9 bậc." qualifier "decrease"
recs "Năm 2022, điểm PCI của tỉnh Phú Yên tăng từ 60,1 điểm lên 62,4 điểm, tăng lên hạng 14." qualifier "exact | exact | exact"

# ---- the dev sets: floors that can only ratchet up ----
dev=$top/../shared/devset
if [ -x "$dev/score" ]; then
	run "cchc-extract -M '$dev/sources.csv' '$dev'/docs/*.txt | cchc-normalize -o '$T/dev.csv' 2>/dev/null && '$dev/score' '$T/dev.csv' --min-detect 0.98 --min-record 0.95 --min-cell 0.84"
	status "dev set: detection F1 >= 0.98, record F1 >= 0.95, cell F1 >= 0.84" 0
	# no change or target of the labelled set lands in a table of levels
	run "python3 - '$T/dev.csv' '$dev/gold.csv' <<'PY'
import csv, sys
pred = {}
for r in csv.DictReader(open(sys.argv[1], encoding='utf-8')):
    pred.setdefault((r['doc'].split('.')[0], r['raw']), []).append(r['kind'])
bad = []
for g in csv.DictReader(open(sys.argv[2], encoding='utf-8')):
    if g['kind'] in ('change', 'target'):
        for k in pred.get((g['doc'], g['raw']), []):
            if k == 'level':
                bad.append(g['doc'] + ' ' + g['raw'])
print(len(bad), ' '.join(bad[:5]))
PY"
	out_is "dev set: no change or target is a level" "0 "
fi
dev2=$top/../shared/devset2
if [ -x "$dev/score" ] && [ -d "$dev2/docs" ]; then
	run "cchc-extract -M '$dev2/sources.csv' '$dev2'/docs/*.txt | cchc-normalize -o '$T/dev2.csv' 2>/dev/null && '$dev/score' '$T/dev2.csv' --gold '$dev2/gold.csv' --nf '$dev2/not_figures.csv' --min-detect 0.96 --min-record 0.92 --min-cell 0.84"
	status "dev set 2: detection F1 >= 0.96, record F1 >= 0.92, cell F1 >= 0.84" 0
fi
end_tests
