# cchc-extract: golden mentions, rule families, attribution, bad input.
top=${top:?}
. "$top/tests/lib.sh"
figs="python3 $top/tests/figs.py"

# golden: each sample against its checked mentions file
for f in "$S"/reports/*.txt; do
	b=$(basename "$f" .txt)
	run "cchc-extract '$f'"
	status "extract golden $b" 0
	same "extract golden $b" "$S/expected/mentions/$b.csv"
	err_none "extract golden $b: no warnings"
done
# raw, gzip and stream inputs give the same rows
gzip -c "$S/reports/000_3aab98dee64cbd9b.txt" > "$T/000_3aab98dee64cbd9b.txt.gz"
run "cchc-extract '$T/000_3aab98dee64cbd9b.txt.gz' | cut -d, -f2-"
cut -d, -f2- "$S/expected/mentions/000_3aab98dee64cbd9b.csv" > "$T/want"
same "extract reads gzip" "$T/want"
cchc-text "$S"/reports/*.txt > "$T/stream.txt"
run "cchc-extract '$T/stream.txt'"
cat "$S"/expected/mentions/*.csv | awk 'NR == 1 || !/^doc,/' > "$T/all.csv"
same "extract splits a === stream into its documents" "$T/all.csv"
run "cchc-extract -d report.txt < '$S/reports/002_836013e4dcef9340.txt' | cut -d, -f1 | sort -u"
out_is "extract -d names stdin's document" "doc
report.txt"

# fig TEXT WANT: the raw column of the figures found in TEXT
fig() {
	printf '%s\n' "$1" > "$T/in.txt"
	run "cchc-extract '$T/in.txt' | $figs"
	out_is "extract finds [$2] in: $1" "$2"
}
# col TEXT COLUMN WANT
col() {
	printf '%s\n' "$1" > "$T/in.txt"
	run "cchc-extract '$T/in.txt' | $figs $2"
	out_is "extract $2 is [$3] in: $1" "$3"
}

# figures: percentages, scores, counts, fractions, ranks, money
fig "Tỷ lệ hồ sơ trực tuyến đạt 40,36% so với kế hoạch." "40,36%"
fig "Các sở đạt 84,92%,và các huyện đạt 80%." "84,92% | 80%"
fig "Kết quả đạt 85.63%./." "85.63%"
fig "Sở Tài chính đứng đầu với 94,87 điểm." "94,87 điểm"
fig "Thứ hạng thăng 7 bậc (từ vị trí 53 lên 46)." "7 bậc | vị trí 53 | lên 46"
col "Thứ hạng thăng 7 bậc (từ vị trí 53 lên 46)." unit_text "bậc | vị trí | vị trí"
fig "Số hồ sơ tăng từ 53 lên 46 tuần này." ""
# a bare score after a value word: a decimal comma before one or two digits
fig "Điểm số PAPI của tỉnh tăng khá, từ 40,14 lên 40,87." "40,14 | lên 40,87"
fig "Chỉ số tổng hợp đạt 47,88; tỉnh Cao Bằng đứng cuối với 38,80." "47,88 | 38,80"
fig "Tổng số tiền đạt 1,234 và theo khoản 2,5 của điều này." ""
fig "Xem mục 40,14 của phụ lục." ""
fig "Chỉ số PAR Index đạt 87,602/100 điểm." "87,602/100 điểm"
fig "Đã cắt giảm gần 1.000 TTHC trong năm." "gần 1.000 TTHC"
fig "Gửi nhận khoảng 6,2 triệu văn bản điện tử." "khoảng 6,2 triệu văn bản"
fig "Tiếp nhận 8.425.689 hồ sơ." "8.425.689 hồ sơ"
fig "Đã hoàn thành 400/991 nhiệm vụ." "400/991 nhiệm vụ"
fig "Đến nay, 35/35 ngành đã xây dựng kế hoạch." "35/35 ngành"
fig "Tỷ lệ đạt 100% (35/35)." "100% | 35/35"
fig "Từ 5/2019 đến 3/4 vừa qua." ""
fig "Việt Nam xếp thứ 46/132 quốc gia." "xếp thứ 46/132 quốc gia"
fig "Xếp hạng của tỉnh tăng 12 bậc so với năm trước." "tăng 12 bậc"
fig "Tỉnh đứng thứ hai cả nước về chỉ số này." "đứng thứ hai"
fig "Chỉ số của tỉnh lên một bậc." "lên một bậc"
fig "Tổng kinh phí 4,8 tỷ đồng." "4,8 tỷ đồng"
fig "Đã tiếp nhận khoảng gần 500 hồ sơ." "khoảng gần 500 hồ sơ"
col "Đã tiếp nhận khoảng gần 500 hồ sơ." qualifier_text "khoảng gần"
col "Tỉnh đã giảm 203 thủ tục và 2.458 quy định." qualifier_text "giảm | giảm"
col "Đã giảm 203 chỉ tiêu biên chế hành chính và 2.458 chỉ tiêu biên chế sự nghiệp." qualifier_text "giảm | giảm"
col "Đã giảm 20 TTHC cấp tỉnh và 45% hồ sơ trực tuyến." qualifier_text "giảm | "
col "Đã giảm 20 TTHC năm 2023 và 45 TTHC năm 2024." qualifier_text "giảm | "
col "Chỉ số PAR INDEX xếp 9/63 tỉnh, thành phố." unit_text "xếp"
fig "Tỉnh đã sắp xếp 15 đơn vị sự nghiệp." "15 đơn vị"
fig "Phấn đấu đạt mức hài lòng từ 80% trở lên." "80% trở lên"
fig "Có đến 5/9 huyện, thành phố đạt tỷ lệ dưới 3%." "5/9 huyện | dưới 3%"
fig "Đứng đầu là Ngân hàng Nhà nước, xếp thứ nhì Bộ Tư pháp, xếp ở vị trí thứ hai là TP. Hải Phòng." "xếp thứ nhì | vị trí thứ hai"
fig "Đồng Nai vẫn tăng được 4 bậc." "tăng được 4 bậc"
fig "Trong số 44 cơ quan, đơn vị, có 30 đơn vị xếp hạng Tốt." "44 cơ quan | 30 đơn vị"
fig "Theo văn bản số 44 của tỉnh." ""
fig "Hạn nộp đến 5/9 tỉnh sẽ tổng hợp." ""
col "Từ năm 2015-2020, tỉnh công bố 7.518 TTHC." period_text "Từ năm 2015-2020"
col "Tăng trên 30% so với cùng kỳ." qualifier_text "Tăng trên"
col "Đứng thứ hai và đạt 95%." number "2 | 95"

# not figures: phones, document numbers, dates, times, years, counters, labels
fig "Điện thoại: 0983.570.009" ""
fig "Liên hệ 02963.957.006 - 0378.247.247 để được hỗ trợ." ""
fig "Theo Quyết định số 1586/QĐ-UBND ngày 27/6/2019 của UBND tỉnh." ""
fig "Thực hiện Nghị quyết 66.7/2025/NQ-CP của Chính phủ." ""
fig "Theo Nghị quyết số 30c/NQ-CP và Nghị quyết 30c." ""
fig "Sáng ngày 15/7/2024, hội nghị diễn ra." ""
# exclusions are tried by the byte they start with: capitals and letters
# of two and three bytes find their rules
fig "SÁNG 15/7, ĐẾN 20/8 và Đến 3/9, tỉnh đạt 95%; Quyết định số 15 đạt 90%." "95% | 90%"
fig "Chiều 6/4, đoàn làm việc tại tỉnh." ""
fig "Văn bản ký ngày 2.1.2018 có hiệu lực." ""
fig "Ngày 7-8, tỉnh tổ chức tập huấn." ""
fig "Trong tháng 11-2022 và quý I/2023, tỉnh kiểm tra." ""
fig "Vào lúc 08 giờ 30, hội nghị khai mạc; kết thúc lúc 17h00." ""
fig "Kế hoạch năm 2023 và giai đoạn 2021 - 2030 của tỉnh." ""
fig "Lượt truy cập: 63092" ""
fig "1. Kết quả thực hiện nhiệm vụ" ""
fig "Tổng đài hỗ trợ người dân 24/24." ""
fig "Cung cấp dịch vụ công mức độ 3, 4 trên cổng." ""
fig "Hội nghị trực tuyến tới 63 điểm cầu trong cả nước." ""
fig "Phiên họp trực tuyến tại điểm cầu 63 địa phương." ""
fig "Phiên họp được kết nối trực tuyến với điểm cầu 63 tỉnh, thành phố cả nước." ""
fig "Toàn tỉnh có 34 tỉnh, thành phố đạt 90%." "34 tỉnh | 90%"
fig "Phiên họp giữa Chính phủ với 63 tỉnh, thành phố trực thuộc Trung ương." ""
fig "Chủ trì phiên họp thứ 8 của Ban Chỉ đạo." ""
fig "Thực hiện 6 nhiệm vụ trọng tâm của CCHC." ""
fig "Ảnh hưởng của dịch Covid – 19 và Đề án 06." ""
fig "Đánh giá kết quả 6 tháng đầu năm và 10 tháng năm 2023." ""
# a score list: bare scores with up to four decimals, in brackets after names
fig "Với tổng điểm 39,8812, Cà Mau đứng đầu; Bạc Liêu (37,2051), Sóc Trăng (36,904)." "39,8812 | 37,2051 | 36,904"
fig "Chỉ số PCI năm 2022 là 61,207, thấp hơn so với năm 2021 (62,55)." "61,207 | 62,55"
# three decimals after a verb alone may group thousands: no guess
fig "Tổng số tiền đạt 4,512 trong kỳ." ""
# ordinals in words: "thứ nhì" (never a weekday), "xếp đầu tiên"
fig "Đứng đầu là Ninh Bình, thứ nhì là Nam Định với 44,1 điểm." "thứ nhì | 44,1 điểm"
fig "Năm nay tỉnh xếp đầu tiên trong khu vực." "xếp đầu tiên"
# the universe of a rank, the size of a region's list, an index's coverage
fig "Tỉnh xếp thứ 3 trong 9 tỉnh Đông Nam Bộ và chỉ xếp trên 2 tỉnh." "xếp thứ 3"
fig "Kết quả của 5 tỉnh Tây Nguyên đều giảm." ""
fig "Năm 2022 có 61 tỉnh được đánh giá, khảo sát tại tất cả 63 tỉnh, thành phố." ""
fig "Chỉ số được đánh giá theo 6 chỉ số nội dung như sau." ""
fig "Tỉnh xếp thứ 40 (do 3 địa phương không tham gia)." "xếp thứ 40"
# a bound nothing meets; a method's range
fig "Không có huyện nào đạt dưới 60%." ""
fig "Loại A gồm các xã đạt chỉ số từ 85% trở lên." ""
# a group of a grade is a figure: "1 trong 12 địa phương", "có 3 chỉ số nội dung được"
fig "Tỉnh là 1 trong 12 địa phương đạt loại tốt." "12 địa phương"

# the decimal mark: the document's usage, the unit's range, or a flag
col "Tỷ lệ đạt 90.17% và 85.5% số hồ sơ." decimal_mark ". | ."
col "Giải quyết 1.327 hồ sơ, đạt 44,1%." "decimal_mark" " | ,"
col "Tổng vốn 1,488 triệu đồng." ambiguous "1"
col "Tỷ lệ đạt 1.327% kế hoạch." decimal_mark "."

# attribution: province, national markers, periods, the document's date
col "Năm 2023, tỉnh Quảng Ninh đạt 91,2 điểm; TP. Cần Thơ đạt 88,5 điểm." province_text "Quảng Ninh | Cần Thơ"
col "Cả nước đã cấp gần 84 triệu thẻ căn cước." province_kind "national"
col "Phó Thủ tướng Trương Hòa Bình nêu tỷ lệ đạt 90%." province_text ""
col "Toàn tỉnh đã tiếp nhận trên 1 triệu hồ sơ." province_kind "local"
col "Mạng lướicả nước đạt 90%." province_kind ""  # a marker starts a word
# a rank's universe is no place: the figure stays with the named province
col "Thành phố Hà Nội xếp thứ 3/63 tỉnh, thành phố trực thuộc Trung ương về chỉ số, đạt 91,43%." province_text "Hà Nội | Hà Nội"
col "Thứ hạng trong cả nước thăng 7 bậc." province_kind ""
col "Thứ hạng trong cả nước thăng 7 bậc; cả nước đạt 80%." province_kind " | national"
col "Trong 6 tháng đầu năm 2024, tỉnh đạt 95%." period_text "6 tháng đầu năm 2024"
col "Tỷ lệ tăng 5% so với năm 2022." period_text ""
col "Quý III/2022, tỷ lệ đạt 70%." period_text "Quý III/2022"
printf 'Báo cáo CCHC\n\nThứ năm, 21/11/2024\n\nHội nghị\n\nThứ sáu, 08/12/2023\n\n%s\n' \
	"Chiều 14/11, Ban chỉ đạo tổ chức phiên họp và đánh giá kết quả của năm 2023 với nhiều nội dung quan trọng, trong đó tỷ lệ hồ sơ trực tuyến đạt 45%, tăng mạnh so với cùng kỳ năm trước theo báo cáo của Văn phòng." > "$T/dated.txt"
printf 'Thứ tư 01/05/2024 13:17 24h qua\n\n08:24 | 18/04/2024\n\nTỷ lệ đạt 88,33%%, cao hơn 1,71%% so với năm 2022.\n' > "$T/dated2.txt"
run "cchc-extract '$T/dated2.txt' | $figs doc_date"
out_is "extract doc_date from 'HH:MM | DD/MM/YYYY', not the today line" "2024-04-18 | 2024-04-18"
run "cchc-extract '$T/dated2.txt' | $figs qualifier_text"
out_is "extract: cao hơn is a qualifier" " | cao hơn"
printf 'Ban Chỉ đạo CCHC tỉnh họp\n\nTheo báo cáo, các địa phương đạt 90%%.\n' > "$T/agg.txt"
run "cchc-extract '$T/agg.txt' | $figs province_kind"
out_is "extract: các địa phương is no national marker in a provincial report" ""
printf 'Hội nghị trực tuyến toàn quốc\n\nTheo báo cáo, các địa phương đạt 90%%.\n' > "$T/agg.txt"
run "cchc-extract '$T/agg.txt' | $figs province_kind"
out_is "extract: các địa phương is national in a national meeting's report" "national"
printf 'Tỷ lệ đúng hạn đạt 97%%\n\nThu Hà 16:34, 31/03/2023\n\nTrong quý I/2023, tỷ lệ đạt 97%%.\n' > "$T/byline.txt"
run "cchc-extract '$T/byline.txt' | $figs doc_date"
out_is "extract doc_date from a byline 'Name HH:MM, DD/MM/YYYY'" "2023-03-31 | 2023-03-31"
# -D: one row per document, documents without figures included
run "cchc-extract -o '$T/m.csv' -D '$T/docs.csv' '$S/reports/003_d73027080bf1c7f3.txt' '$S/reports/004_92d8ee77b83b01ae.txt'"
status "extract -D" 0
yes "extract -D: one row per document with its date and figure count" "python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); sys.exit(not ([(x[\"doc\"], x[\"doc_date\"], x[\"figures\"]) for x in r] == [(\"003_d73027080bf1c7f3.txt\", \"2020-05-20\", \"0\"), (\"004_92d8ee77b83b01ae.txt\", \"2019-07-11\", \"5\")]))' '$T/docs.csv'"
run "printf 'x 5%%\\n' | cchc-extract -D -"
status "extract -D - without -o is refused" 2
err_has "extract -D - without -o: why" "cchc-extract: -D - writes to standard output: give the figures -o FILE"
run "cchc-extract -D /dev/stdout '$S/reports/004_92d8ee77b83b01ae.txt' > '$T/both.csv'"
status "extract -D /dev/stdout without -o is refused, as -D -" 2
err_has "extract -D /dev/stdout without -o: why" "cchc-extract: -D /dev/stdout writes to standard output: give the figures -o FILE"
run "cchc-extract -o '$T/m3.csv' -D /dev/stdout '$S/reports/004_92d8ee77b83b01ae.txt'"
status "extract -o FILE -D /dev/stdout" 0
out_is "extract -D /dev/stdout: the documents' rows on stdout" "doc,doc_date,doc_province_text,doc_scope,period_text,figures
004_92d8ee77b83b01ae.txt,2019-07-11,,provincial,tháng 07 năm 2019,5"
err_none "extract -D /dev/stdout: no close error"
run "cchc-extract -o '$T/m2.csv' -D /nonexistent/dir/docs.csv '$S/reports/004_92d8ee77b83b01ae.txt'"
status "extract -D to an unwritable place" 1
yes "extract -D unwritable: no figures file either" "[ ! -e '$T/m2.csv' ]"
printf 'Gần dân để phục vụ tốt nhất\nBáo Bà Rịa - Vũng Tàu\n\nĐã công bố 7.518 TTHC.\n' > "$T/paper.txt"
run "cchc-extract '$T/paper.txt' | $figs doc_province_text"
out_is "extract doc_province_text from a paper named after its province" "Bà Rịa - Vũng Tàu"
printf 'Tỷ lệ giải quyết hồ sơ đạt 96,6%%\n(21/09/2022)\n\nTrong 9 tháng đầu năm, tỷ lệ đạt 96,6%%.\n' > "$T/paren.txt"
run "cchc-extract '$T/paren.txt' | $figs doc_date"
out_is "extract doc_date from a date line in parentheses" "2022-09-21 | 2022-09-21"
printf 'PAPI năm 2022 của Tỉnh Sơn La\n\nĐiểm số của tỉnh đạt 40,87 điểm, thăng 7 bậc.\n' > "$T/title.txt"
run "cchc-extract '$T/title.txt' | $figs doc_province_text"
out_is "extract doc_province_text from a title line" "Sơn La | Sơn La"
printf 'Tin tức\n\nTheo tỉnh Sơn La, tỷ lệ đạt 95%%.\n' > "$T/title.txt"
run "cchc-extract '$T/title.txt' | $figs doc_province_text"
out_is "extract doc_province_text: not from a sentence" ""
run "cchc-extract '$T/dated.txt' | $figs doc_date"
out_is "extract doc_date: the earlier header date, not the page's today line" "2023-12-08"
printf '%s\n' "(Cổng TTĐT tỉnh AG) – Chiều 16/7, UBND tỉnh tổ chức hội nghị tổng kết 6 tháng đầu năm và triển khai nhiệm vụ 6 tháng cuối năm 2024 của tỉnh với nhiều kết quả; tỷ lệ hồ sơ trực tuyến đạt 65%, cao hơn nhiều so với cùng kỳ theo báo cáo tổng hợp của Sở Nội vụ." > "$T/lead.txt"
run "cchc-extract '$T/lead.txt' | $figs doc_date"
out_is "extract doc_date: a lead's day and month take the lead's year" "2024-07-16"
run "cchc-extract '$T/lead.txt' | $figs doc_province_text"
out_is "extract doc_province_text from the publisher's header, as written" "AG"
printf '%s\n\n%s\n' "Tỷ lệ hồ sơ trực tuyến của tỉnh đạt 65%." "Nguồn: https://sonoivu.angiang.gov.vn/wps/portal/tin-tuc" > "$T/url.txt"
run "cchc-extract '$T/url.txt' | $figs doc_province_text"
out_is "extract doc_province_text from the portal's host name" "angiang"
run "cchc-extract '$T/url.txt' | cchc-normalize | $figs province"
out_is "normalize resolves a portal's host name" "An Giang"
printf '%s\n\n%s\n' "Tỷ lệ hồ sơ trực tuyến đạt 65%." "Nguồn: https://chinhphu.gov.vn/tin-tuc" > "$T/url2.txt"
run "cchc-extract '$T/url2.txt' | $figs doc_province_text"
out_is "extract passes over a host name that is no province" ""

# bad input
: > "$T/empty.txt"
run "cchc-extract '$T/empty.txt'"
status "extract empty file" 0
out_is "extract empty file: header only" "doc,line,col,raw,number,multiplier,denominator,unit_text,qualifier_text,ambiguous,decimal_mark,province_text,province_kind,province_level,doc_province_text,doc_scope,period_text,period_level,doc_date,sentence,doc_title,context"
run "cchc-extract -o '$T/m.csv' '$T/missing.txt' '$S/reports/004_92d8ee77b83b01ae.txt'"
status "extract missing file" 1
err_is "extract missing file message" "cchc-extract: $T/missing.txt: No such file or directory"
run "$figs raw < '$T/m.csv'"
out_is "extract missing file: the others are processed" "35/35 ngành | trên 1 triệu hồ sơ | 99,7% | 95% | trên 90%"
head -c 200000 /dev/urandom > "$T/garbage.bin"
run "cchc-extract -o '$T/g.csv' '$T/garbage.bin' '$S/reports/004_92d8ee77b83b01ae.txt'"
status "extract binary garbage: an error" 1
err_is "extract binary garbage: named as such" "cchc-extract: $T/garbage.bin: binary data, not text"
run "$figs raw < '$T/g.csv'"
out_is "extract binary garbage: the other report still read" "35/35 ngành | trên 1 triệu hồ sơ | 99,7% | 95% | trên 90%"
# a long run at a terminal says how far it is, once a second; not in a pipe
if command -v script > /dev/null; then
	printf '=== a.txt\nNăm 2023 tỉnh An Giang đạt 86,9%%.\n' > "$T/s1.txt"
	printf '=== b.txt\nNăm 2022 tỉnh An Giang đạt 85%%.\n' > "$T/s2.txt"
	run "script -qec \"sh -c '{ cat $T/s1.txt; sleep 2; cat $T/s2.txt; } | cchc-extract - > /dev/null'\" /dev/null | tr '\\r' '\\n' | grep -a 'read:' | tail -n 1"
	out_is "extract at a terminal: a progress line" "cchc-extract: read: 2 documents, 0.0 MB"
fi
run "{ cat '$S/reports/000_3aab98dee64cbd9b.txt'; } | cchc-extract - > /dev/null"
err_none "extract in a pipe: no progress line"
# files of other formats: named, with the converter to use, never "0 rows, exit 0"
# a PDF through pdftotext when it is installed; said when it is not
printf '%%PDF-1.4\n%%\342\343\n1 0 obj\n' > "$T/r.pdf"
run "env PATH=/nonexistent '$BIN/cchc-extract' '$T/r.pdf' > /dev/null"
status "extract a PDF without pdftotext: an error" 1
err_is "extract a PDF without pdftotext: says what to install" "cchc-extract: $T/r.pdf: a PDF file, and pdftotext is not installed: install Debian's poppler-utils (or convert it: pdftotext FILE)"
if command -v pdftotext > /dev/null && command -v gnuplot > /dev/null; then
	run "cchc-extract '$T/r.pdf' > /dev/null"
	status "extract a PDF pdftotext cannot read: an error" 1
	err_is "extract a broken PDF: named" "cchc-extract: $T/r.pdf: a PDF file pdftotext cannot read"
	# a real PDF (gnuplot's pdfcairo writes the text with its fonts)
	printf 'set terminal pdfcairo\nset output "%s"\nunset border; unset tics\nset label 1 "Năm 2023, tỉnh An Giang đạt 95,5%%%% hồ sơ đúng hạn." at screen 0.05, screen 0.5\nset xrange [0:1]\nset yrange [0:1]\nplot 2 notitle\n' "$T/ok.pdf" | gnuplot 2> /dev/null
	run "cchc-extract '$T/ok.pdf' | $figs raw"
	out_is "extract a PDF through pdftotext: its figures" "95,5%"
	run "cchc-extract '$T/ok.pdf' | $figs province_text"
	out_is "extract a PDF through pdftotext: placed" "An Giang"
fi
# Word and PDF files made from the sample reports give the records of
# their texts (a PDF's line numbers are pdftotext's)
mkdoc="python3 $top/tests/mkdoc.py"
mkdir -p "$T/mk/t" "$T/mk/d" "$T/mk/p"
for f in "$S"/reports/*.txt; do
	b=$(basename "$f" .txt)
	cp "$f" "$T/mk/t/$b"
	$mkdoc docx "$f" "$T/mk/d/$b"
	if command -v pdftotext > /dev/null && command -v gnuplot > /dev/null; then
		$mkdoc gnuplot "$f" "$T/mk/p/$b" | gnuplot 2> /dev/null
	fi
done
for k in t d p; do
	(cd "$T/mk/$k" && cchc-extract -- * 2> ../$k.err | cchc-normalize > ../$k.csv 2>> ../$k.err)
done
yes "extract .docx files made from the samples: the records of their texts" "cmp -s '$T/mk/t.csv' '$T/mk/d.csv' && [ \$(wc -l < '$T/mk/d.csv') -gt 30 ]"
yes "extract .docx files: no message" "[ ! -s '$T/mk/d.err' ]"
if command -v pdftotext > /dev/null && command -v gnuplot > /dev/null; then
	nolines="python3 -c 'import csv,sys; w=csv.writer(sys.stdout, lineterminator=\"\\n\"); [w.writerow(r[:1] + r[2:]) for r in csv.reader(sys.stdin)]'"
	yes "extract PDFs made from the samples: the records of their texts" "[ \"\$($nolines < '$T/mk/t.csv')\" = \"\$($nolines < '$T/mk/p.csv')\" ] && [ \$(wc -l < '$T/mk/p.csv') -gt 30 ]"
fi
# a cut .docx, a document part over 8 x CCHC_MAX_DOC (a ZIP bomb is not
# inflated), an entity that would read a file: errors, the others read
$mkdoc docx "$S/reports/000_3aab98dee64cbd9b.txt" "$T/w.docx"
head -c 900 "$T/w.docx" > "$T/cut.docx"
run "cchc-text '$T/cut.docx' '$S/reports/004_92d8ee77b83b01ae.txt'"
status "text a cut .docx: an error" 1
err_is "text a cut .docx: named" "cchc-text: $T/cut.docx: a Word file (.docx) whose text cannot be read (no word/document.xml, or not XML)"
yes "text a cut .docx: the next document still read" "[ \$(wc -l < '$T/out') -gt 10 ]"
python3 - "$T/bomb.docx" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
               + "<w:proofErr/>" * 700000 + "<w:r><w:t>An Giang 77%</w:t></w:r></w:p></w:body></w:document>")
PY
run "CCHC_MAX_DOC=1000000 cchc-text '$T/bomb.docx'"
status "text a .docx over 8 x CCHC_MAX_DOC: an error" 1
err_is "text a .docx over 8 x CCHC_MAX_DOC: named" "cchc-text: $T/bomb.docx: a Word file whose text part (word/document.xml) is over 8 times CCHC_MAX_DOC: skipped"
python3 - "$T/xxe.docx" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
               '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
               '<w:p><w:r><w:t>Tỉnh An Giang &e; đạt 77%.</w:t></w:r></w:p></w:body></w:document>')
PY
run "cchc-text '$T/xxe.docx'"
yes "text a .docx with an external entity: no file read" "! grep -q 'root:' '$T/out'"
printf 'PK\003\004\024\000\006\000' > "$T/r.xlsx"
run "cchc-text '$T/r.xlsx' > /dev/null"
status "text a ZIP that is no Word file: an error" 1
err_has "text a ZIP that is no Word file: named, with a converter" "cchc-text: $T/r.xlsx: a ZIP file (an .odt, .xlsx or .pptx?), not text: convert it first (pandoc -t plain FILE, or libreoffice --convert-to txt)"
printf '\320\317\021\340\241\261\032\341rest' > "$T/r.doc"
run "cchc-extract '$T/r.doc' > /dev/null"
err_has "extract an old .doc: named" "cchc-extract: $T/r.doc: an OLE file (a Word 97-2003 .doc?), not text: convert it first (antiword or catdoc)"
# UTF-16 and UTF-32 with a byte-order mark: decoded
printf 'Năm 2023 tỉnh An Giang đạt 86,9%%.\n' > "$T/u8.txt"
for e in UTF-16LE UTF-16BE UTF-32LE UTF-32BE; do
	case $e in UTF-16LE) bom='\377\376' ;; UTF-16BE) bom='\376\377' ;; UTF-32LE) bom='\377\376\000\000' ;; UTF-32BE) bom='\000\000\376\377' ;; esac
	{ printf "$bom"; iconv -f UTF-8 -t $e "$T/u8.txt"; } > "$T/u-$e.txt"
	run "cchc-extract '$T/u-$e.txt' | $figs province_text"
	out_is "extract $e with a BOM: decoded" "An Giang"
	err_none "extract $e with a BOM: no warning"
done
iconv -f UTF-8 -t UTF-16LE "$T/u8.txt" > "$T/u16-nobom.txt"
run "cchc-text '$T/u16-nobom.txt'"
status "text UTF-16 without a BOM: an error" 1
err_has "text UTF-16 without a BOM: says which -e to give" "cchc-text: $T/u16-nobom.txt: binary data, not text (UTF-16 or UTF-32 without a byte-order mark? give cchc-text -e utf-16le, utf-16be, utf-32le or utf-32be)"
printf 'Tỷ lệ đạt a\377b 95%%.\n' > "$T/bad.txt"
run "cchc-extract '$T/bad.txt' | $figs raw"
out_is "extract reads past an invalid byte" "95%"
err_is "extract warns as cchc-text does" "cchc-extract: $T/bad.txt:1: invalid UTF-8 at byte 18 replaced by U+FFFD (1 in all)"
head -c $(($(wc -c < "$T/000_3aab98dee64cbd9b.txt.gz") - 10)) "$T/000_3aab98dee64cbd9b.txt.gz" > "$T/trunc.gz"
run "cchc-extract '$T/trunc.gz' > /dev/null"
status "extract truncated gzip" 1
yes "extract truncated gzip message" "grep -q 'truncated gzip input at byte' '$T/err'"
run "cchc-extract -o /nonexistent-dir/m.csv '$S/reports/004_92d8ee77b83b01ae.txt'"
status "extract unwritable -o" 1
if [ -w /dev/full ]; then
	run "cchc-extract '$S/reports/004_92d8ee77b83b01ae.txt' > /dev/full"
	status "extract /dev/full" 1
fi
run "cchc-extract '$S/reports/001_e81782a772853c36.txt' | head -1"
err_none "extract closed pipe is quiet"
run "cchc-extract -r '$T' /dev/null"
status "extract without its data files" 1
yes "extract names the missing data file" "grep -q 'boilerplate.rules: No such file' '$T/err'"
mkdir "$T/rules" && cp "$top"/share/cchc/* "$T/rules/" && echo 'figure ([0-9]' >> "$T/rules/figures.rules"
run "cchc-extract -r '$T/rules' /dev/null"
status "extract bad pattern" 1
yes "extract bad pattern: file, line and offset" "grep -q 'figures.rules:[0-9]*: bad pattern at offset' '$T/err'"

# pathological lines finish in time linear in their size
mb=50
[ "${SANITIZE:-}" = 1 ] && mb=10
python3 -c "import sys; sys.stdout.write('1.2' * ($mb * 1000000 // 3) + '\n')" > "$T/digits.txt"
run "timeout 120 cchc-extract '$T/digits.txt' | wc -l"
status "extract a ${mb} MB line of digits and dots" 0
python3 -c "import sys; sys.stdout.write('Tỷ lệ đạt 1.234,5% và 12/15 nhiệm vụ, ' * ($mb * 20000 // 40) + '\n')" > "$T/many.txt"
run "timeout 120 cchc-extract '$T/many.txt' | wc -l"
out_is "extract a long line full of figures" "$((mb * 20000 / 40 * 2 + 1))"

# a one-line report of words (a lead, a header and a footer at once): no
# rule may hit the PCRE2 match limit on it (an anchored '.*?' did)
python3 -c "import random; r = random.Random(3); w = 'cải cách hành chính tỉnh đạt tỷ lệ hồ sơ trực tuyến năm quý'.split(); print(' '.join(r.choice(w) for _ in range(400000)) + ' đạt 97%.')" > "$T/words.txt"
run "timeout 120 cchc-extract '$T/words.txt' | $figs raw"
status "extract a 2.4 MB line of words: no match limit hit" 0
out_is "extract a 2.4 MB line of words: its figure" "97%"

# pipelines/extract-parallel: the same rows as one cchc-extract, in order
run "bash '$top/pipelines/extract-parallel' -j 2 '$T/stream.txt'"
same "extract-parallel splits a stream and keeps the order" "$T/all.csv"
run "bash '$top/pipelines/extract-parallel' -j 3 '$S'/reports/*.txt"
cchc-extract "$S"/reports/*.txt > "$T/files.csv"
same "extract-parallel deals out files and keeps the order" "$T/files.csv"
run "bash '$top/pipelines/extract-parallel' -j 2 -o '$T/par.csv' '$T/stream.txt'"
status "extract-parallel -o" 0
yes "extract-parallel -o writes the file" "cmp -s '$T/par.csv' '$T/all.csv'"
# a stream larger than a pipe's buffer: the first part must not die of
# SIGPIPE when its reader has all it needs (it did, and -o wrote nothing)
for i in $(seq 40); do cat "$T/stream.txt"; done > "$T/big-stream.txt"
cchc-extract "$T/big-stream.txt" > "$T/big-all.csv"
run "bash '$top/pipelines/extract-parallel' -j 2 -o '$T/big-par.csv' '$T/big-stream.txt'"
status "extract-parallel -o on a large stream" 0
yes "extract-parallel -o on a large stream writes every row" "cmp -s '$T/big-par.csv' '$T/big-all.csv'"
run "bash '$top/pipelines/extract-parallel' -j 2 '$T/stream.txt' '$T/missing.txt'"
status "extract-parallel: a failed part fails the run" 1
# -o with a failed part: the old file stays, no temporary is left beside it
mkdir -p "$T/po" && echo old > "$T/po/out.csv"
run "bash '$top/pipelines/extract-parallel' -j 2 -o '$T/po/out.csv' '$T/stream.txt' '$T/missing.txt'"
status "extract-parallel -o: a failed part fails the run" 1
yes "extract-parallel -o: a failed run keeps the old file" "[ \"\$(cat '$T/po/out.csv')\" = old ]"
yes "extract-parallel -o: a failed run leaves no temporary" "[ \$(ls -A '$T/po' | wc -l) -eq 1 ]"
# piped input through extract-parallel: every row, not the header alone
run "cchc-text '$S'/reports/*.txt | bash '$top/pipelines/extract-parallel' -j 2 -"
status "extract-parallel -: a piped stream" 0
same "extract-parallel -: a piped stream gives every row in order" "$T/all.csv"
run "cat '$S/reports/000_3aab98dee64cbd9b.txt' | bash '$top/pipelines/extract-parallel' -j 2 - | cut -d, -f1 | tail -n +2 | sort -u"
out_is "extract-parallel -: a piped report is the document -" "-"
run "bash '$top/pipelines/extract-parallel' -j 2 - '$S/reports/000_3aab98dee64cbd9b.txt' < /dev/null"
status "extract-parallel: - with other inputs is a usage error" 2

# CCHC_PROFILE=1: the same rows, and on stderr the time of each rule
run "cchc-extract '$S/reports/000_3aab98dee64cbd9b.txt'"
cp "$T/out" "$T/noprof.csv"
run "CCHC_PROFILE=1 cchc-extract '$S/reports/000_3aab98dee64cbd9b.txt'"
same "CCHC_PROFILE: the rows do not change" "$T/noprof.csv"
yes "CCHC_PROFILE: a total, then rules by file and line and by kind" "grep -q '^cchc-extract: profile: .* s in PCRE2 matching' '$T/err' && grep -Eq '^cchc-extract: profile: +[0-9.]+ s +[0-9]+ calls  figures.rules:[0-9]+ ' '$T/err' && grep -q 'figures.rules: every period rule, one alternation' '$T/err' && grep -q 'provinces.csv: every name' '$T/err'"
run "CCHC_PROFILE=1 cchc-normalize '$T/noprof.csv'"
yes "CCHC_PROFILE: cchc-normalize names its metric rules" "grep -Eq 'calls  .*metric.rules:[0-9]+ ' '$T/err'"
run "cchc-extract '$S/reports/000_3aab98dee64cbd9b.txt'"
err_none "without CCHC_PROFILE nothing is printed on stderr"
end_tests
