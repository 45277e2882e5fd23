#!/bin/sh
# cchc-normalize's metric (share/cchc/metric.rules, filters/metric.c) and owner: each
# rule class of the genre on sentences written for this test, and the
# vocabulary's checks.
. "$(dirname "$0")/lib.sh"
mk="python3 $top/tests/mentions.py"
figs="python3 $top/tests/figs.py"

# m SPEC WANT: the metric of the mention SPEC is WANT
m() {
	printf '%s\n' "$1" | $mk > "$T/m.csv"
	run "cchc-normalize '$T/m.csv' | $figs metric"
	out_is "metric [$2] for: $1" "$2"
}
# ms WANT SPEC...: the metrics of a run of mentions, joined by " | "
ms() {
	w=$1
	shift
	printf '%s\n' "$@" | $mk > "$T/m.csv"
	run "cchc-normalize '$T/m.csv' | $figs metric"
	out_is "metrics [$w] for: $1 ..." "$w"
}

# ---- dossiers: the verb and status words of the figure's own phrase
S1="Quý III, huyện tiếp nhận 4.210 hồ sơ, đã giải quyết 3.905 hồ sơ, trong đó đúng hạn 3.870 hồ sơ; còn 12 hồ sơ quá hạn và 293 hồ sơ đang giải quyết trong hạn."
ms "dossiers_received | dossiers_resolved | dossiers_on_time | dossiers_overdue | dossiers_pending" \
	"number=4.210 ; unit_text=hồ sơ ; raw=4.210 hồ sơ ; sentence=$S1" \
	"number=3.905 ; unit_text=hồ sơ ; raw=3.905 hồ sơ ; sentence=$S1" \
	"number=3.870 ; unit_text=hồ sơ ; raw=3.870 hồ sơ ; sentence=$S1" \
	"number=12 ; unit_text=hồ sơ ; raw=12 hồ sơ ; sentence=$S1" \
	"number=293 ; unit_text=hồ sơ ; raw=293 hồ sơ ; sentence=$S1"
# a rate right after a count takes the count's concept, not a later one's;
# an aside in brackets weighs less
m "number=96,1 ; raw=96,1% ; sentence=Huyện giải quyết đúng hạn 4.100 hồ sơ, đạt tỷ lệ 96,1%, còn 166 hồ sơ quá hạn." "dossiers_on_time_rate"
m "number=97 ; raw=97% ; sentence=Sở giải quyết đúng hạn 900 hồ sơ (có 3 hồ sơ quá hạn), đạt tỷ lệ 97%." "dossiers_on_time_rate"
# a share of procedures resolved on time is of their dossiers
m "number=98 ; raw=98% ; sentence=Tỉnh Lạng Sơn: 98% thủ tục hành chính giải quyết đúng hạn." "dossiers_on_time_rate"
# work handled on the network
m "number=95,2 ; raw=95,2% ; sentence=Về xử lý hồ sơ công việc trên môi trường mạng: cấp tỉnh đạt 95,2%." "e_office_rate"
# an overdue dossier still in process is overdue
m "number=7 ; unit_text=hồ sơ ; raw=7 hồ sơ ; sentence=Có 7 hồ sơ đang giải quyết nhưng đã trễ hạn." "dossiers_overdue"
m "number=7 ; unit_text=hồ sơ ; raw=7 hồ sơ ; sentence=Còn 40 hồ sơ đang giải quyết trong hạn và 7 hồ sơ đang giải quyết quá hạn." "dossiers_overdue"
# online dossiers, and their share (the share's noun follows "tỷ lệ")
m "number=1.024 ; unit_text=hồ sơ ; raw=1.024 hồ sơ ; sentence=Xã nhận 1.024 hồ sơ trực tuyến trong tháng." "online_dossiers"
m "number=61,2 ; raw=61,2% ; sentence=Tỷ lệ hồ sơ nộp trực tuyến của xã đạt 61,2%." "online_dossiers_rate"
m "number=8,5 ; raw=8,5% ; sentence=Tỷ lệ hồ sơ giải quyết trễ hạn chỉ còn 8,5%." "dossiers_overdue_rate"
m "number=97 ; raw=97% ; sentence=Sở đã trả 97% hồ sơ đúng hạn." "dossiers_on_time_rate"
m "number=40 ; raw=40% ; sentence=Tỉnh xử lý trực tuyến toàn trình 40% số hồ sơ." "full_online_dossiers_rate"
# procedures: a count says what it counts, or it is no metric
m "number=1.500 ; unit_text=thủ tục hành chính ; raw=1.500 thủ tục hành chính ; sentence=Bộ phận một cửa đang thực hiện 1.500 thủ tục hành chính." "procedures_total"
m "number=41 ; unit_text=TTHC ; raw=41 TTHC ; sentence=Chủ tịch UBND tỉnh công bố 41 TTHC mới." "procedures_announced"
m "number=41 ; unit_text=TTHC ; raw=41 TTHC ; sentence=Đoàn công tác đã rà soát 41 TTHC." "other"
m "number=75 ; raw=75% ; sentence=Tỷ lệ TTHC được cung cấp dưới dạng dịch vụ công trực tuyến đạt 75%." "online_services_rate"
m "number=120 ; unit_text=dịch vụ công ; raw=120 dịch vụ công ; sentence=Tỉnh cung cấp 120 dịch vụ công mức độ 4." "full_online_services"
# business conditions: cut, or no metric
m "number=37 ; unit_text=điều kiện kinh doanh ; raw=37 điều kiện kinh doanh ; sentence=Bộ đã cắt giảm 37 điều kiện kinh doanh." "business_conditions_cut"
m "number=37 ; unit_text=điều kiện kinh doanh ; raw=37 điều kiện kinh doanh ; sentence=Bộ đã thẩm định 37 điều kiện kinh doanh." "other"
# units of government counted: a group of an index, unless a cue says more
m "number=9 ; unit_text=tỉnh ; raw=9 tỉnh ; sentence=Có 9 tỉnh đạt trên 85%." "index_group_count"
m "number=40 ; unit_text=đơn vị ; raw=40 đơn vị ; sentence=Hiện có 40 đơn vị có trang thông tin điện tử." "websites"
# the channels of dossiers received: in person, by post, carried over
m "number=880 ; unit_text=hồ sơ ; raw=880 hồ sơ ; sentence=Trong đó có 1.200 hồ sơ trực tuyến; 880 hồ sơ trực tiếp và qua bưu chính." "dossiers_received"
# a breakdown ("Trong đó, ...") keeps the paragraph's concept; a new
# sentence with a noun of its own takes its noun's
printf '%s\n' "line=4 ; number=300 ; unit_text=đơn vị ; raw=300 đơn vị ; sentence=Toàn tỉnh có 300 đơn vị có trang thông tin điện tử." \
	"line=4 ; number=20 ; unit_text=đơn vị ; raw=20 đơn vị ; sentence=Trong đó, khối sở có 20 đơn vị." \
	"line=4 ; number=51 ; unit_text=hồ sơ ; raw=51 hồ sơ ; sentence=Sở Y tế (51 hồ sơ) đứng đầu." | $mk > "$T/m.csv"
run "cchc-normalize '$T/m.csv' | $figs metric"
out_is "metric: a breakdown keeps the concept, a noun of its own does not" "websites | websites | dossiers_received"
# a share of dossiers still in process has no code: other, not resolved
m "number=12,5 ; raw=12,5% ; sentence=Số hồ sơ đang trong thời gian giải quyết là 12,5%." "other"
# nouns of no metric: decisions, reporting regimes
m "number=12 ; unit_text=quyết định ; raw=12 quyết định ; sentence=UBND tỉnh ban hành 12 quyết định công bố TTHC." "other"

# ---- indices: the nearest name in the clause, then the title or lead
m "number=88,1 ; raw=88,1% ; sentence=Chỉ số SIPAS của huyện đạt 88,1%." "sipas_score"
m "number=12 ; denominator=63 ; unit_text=xếp thứ ; raw=xếp thứ 12/63 ; sentence=Chỉ số PCI năm nay xếp thứ 12/63." "pci_rank"
m "number=43,5 ; unit_text=điểm ; raw=43,5 điểm ; sentence=Tỉnh đạt 43,5 điểm về chỉ số PAPI." "papi_score"
S2="Chỉ số DTI đạt 0,61, Chỉ số PAR INDEX đạt 86,2% và xếp thứ 20."
ms "par_index_score | par_index_rank" \
	"number=86,2 ; raw=86,2% ; sentence=$S2" \
	"number=20 ; unit_text=thứ ; raw=thứ 20 ; sentence=$S2"
# a rank of a concept with no rank code is other, not the index nearby
m "number=3 ; unit_text=đứng thứ ; raw=đứng thứ 3 ; sentence=Chỉ số CCHC của tỉnh tăng, tỉnh đứng thứ 3 về tỷ lệ hồ sơ trực tuyến." "other"
# a score with no name: the title's index, else nothing
printf '%s\n' "number=85,5 ; raw=85,5% ; doc_title=Công bố Chỉ số hài lòng năm 2025 ; sentence=Giá trị trung bình cả nước đạt 85,5%." | $mk > "$T/m.csv"
run "cchc-normalize '$T/m.csv' | $figs metric"
out_is "metric: the title's index governs an unnamed score" "sipas_score"
m "number=85,5 ; raw=85,5% ; sentence=Giá trị trung bình cả nước đạt 85,5%." "other"
m "number=85,5 ; unit_text=điểm ; raw=85,5 điểm ; sentence=Huyện đạt 85,5 điểm." "other"
# the paragraph before the sentence names the index
printf '%s\n' "number=91,2 ; unit_text=điểm ; raw=91,2 điểm ; context=Hội nghị đã công bố Chỉ số CCHC năm 2025 của các sở. ; sentence=Theo đó, Sở Y tế dẫn đầu với 91,2 điểm." | $mk > "$T/m.csv"
run "cchc-normalize '$T/m.csv' | $figs metric"
out_is "metric: the paragraph before names the index" "par_index_score"
# "trung bình" (average) is no grade of a table
m "number=80,2 ; raw=80,2% ; sentence=Chỉ số CCHC trung bình của ba cấp đạt 80,2%." "par_index_score"
# a component of the index around it, with its name
printf '%s\n' "line=1 ; number=35,1 ; unit_text=điểm ; raw=35,1 điểm ; sentence=Chỉ số PAPI của tỉnh đạt 35,1 điểm." \
	"line=2 ; number=6,2 ; unit_text=điểm ; raw=6,2 điểm ; sentence=Nội dung “Công khai, minh bạch” đạt 6,2 điểm." | $mk > "$T/m.csv"
run "cchc-normalize '$T/m.csv' | $figs metric"
out_is "metric: a component of the lead's index" "papi_score | papi_component_score"
run "cchc-normalize '$T/m.csv' | $figs component"
out_is "metric: a component names its part" " | Công khai, minh bạch"

# a PAPI dimension by its name
m "number=5,9 ; unit_text=điểm ; raw=5,9 điểm ; sentence=Kiểm soát tham nhũng trong khu vực công đạt 5,9 điểm." "papi_component_score"
printf '%s\n' "number=5,9 ; unit_text=điểm ; raw=5,9 điểm ; sentence=Kiểm soát tham nhũng trong khu vực công đạt 5,9 điểm." | $mk > "$T/m.csv"
run "cchc-normalize '$T/m.csv' | $figs component"
out_is "metric: a dimension's name is its component" "Kiểm soát tham nhũng trong khu vực công"
# a province's own satisfaction survey
m "number=91,3 ; raw=91,3% ; sentence=Tỷ lệ hài lòng của người dân với UBND cấp xã đạt 91,3%." "sipas_score"

# ---- shares and tasks
m "number=52 ; raw=52% ; sentence=Các sở đã hoàn thành 26/50 nhiệm vụ, đạt 52% so với kế hoạch." "tasks_completion_rate"
m "number=26 ; denominator=50 ; unit_text=nhiệm vụ ; raw=26/50 nhiệm vụ ; sentence=Các sở đã hoàn thành 26/50 nhiệm vụ." "tasks_completed"
m "number=88 ; raw=88% ; sentence=Có 88% cán bộ, công chức sử dụng phần mềm quản lý văn bản." "officials_using_software_rate"
m "number=2,1 ; multiplier=triệu ; unit_text=tài khoản ; raw=2,1 triệu tài khoản ; sentence=Tỉnh đã kích hoạt 2,1 triệu tài khoản định danh điện tử." "e_id_accounts_activated"
m "number=3 ; multiplier=tỷ ; unit_text=đồng ; raw=3 tỷ đồng ; sentence=Người dân tiết kiệm được 3 tỷ đồng." "cost_saved"

# ---- owner: whose figure a figure placed in a province is
o() {
	printf '%s\n' "doc_province_text=An Giang ; unit_text=hồ sơ ; $1" | $mk > "$T/m.csv"
	run "cchc-normalize '$T/m.csv' | $figs owner"
	out_is "owner [$2] for: $1" "$2"
}
# the clause first; an agency's name "của tỉnh" is the agency's
o "number=1.000 ; raw=1.000 hồ sơ ; sentence=Trung tâm Hành chính công của tỉnh đã tiếp nhận 1.000 hồ sơ." "agency"
# abbreviated districts: Q.3, P.Tân Định
o "number=700 ; raw=700 hồ sơ ; sentence=Năm nay UBND Q.3 tiếp nhận 700 hồ sơ." "district"
# a tier named first governs "toàn tỉnh" after it
o "number=900 ; raw=900 hồ sơ ; sentence=Với cấp xã, toàn tỉnh tiếp nhận 900 hồ sơ." "district"
# an index of the province's level is the province's, not an agency's
o "number=20 ; denominator=63 ; unit_text=xếp thứ ; raw=xếp thứ 20/63 ; sentence=Chỉ số CCHC cấp tỉnh (xếp thứ 20/63)." "province"
# the phrase after a share
o "number=98 ; unit_text=% ; raw=98% ; sentence=Có 98% hồ sơ qua Trung tâm Phục vụ hành chính công được trả đúng hạn." "agency"
# the sentence before the clause
o "number=410 ; raw=410 hồ sơ ; sentence=Riêng cấp huyện nhận 5.000 hồ sơ; đã giải quyết 410 hồ sơ." "district"
# the paragraph before the sentence, when it names one kind
o "number=12 ; raw=12 hồ sơ ; context=Trong tháng 9, Trung tâm Phục vụ hành chính công tiếp nhận 5.100 hồ sơ. ; sentence=Trong đó có 12 hồ sơ quá hạn." "agency"
o "number=12 ; raw=12 hồ sơ ; context=Sở Tư pháp và UBND cấp huyện đã rà soát quy trình. ; sentence=Trong đó có 12 hồ sơ quá hạn." "province"
# the title, when it names one kind; a list of tiers names no owner
o "number=12 ; raw=12 hồ sơ ; doc_title=UBND huyện Thoại Sơn: kết quả quý I ; sentence=Trong quý có 12 hồ sơ quá hạn." "district"
o "number=12 ; raw=12 hồ sơ ; doc_title=Kết quả của tỉnh, sở, ban, ngành và UBND cấp huyện ; sentence=Trong quý có 12 hồ sơ quá hạn." "province"

# a count of the province's departments or communes is theirs
o "number=21 ; denominator=21 ; unit_text=sở, ban, ngành ; raw=21/21 sở, ban, ngành ; sentence=Có 21/21 sở, ban, ngành đã kết nối." "agency"
o "number=95 ; denominator=95 ; unit_text=xã, phường, thị trấn ; raw=95/95 xã, phường, thị trấn ; sentence=Toàn tỉnh có 95/95 xã, phường, thị trấn đã kết nối." "district"

# ---- the vocabulary: every code of metrics.csv, every family's code checked
run "cut -d, -f1 '$top/share/cchc/metrics.csv' | tail -n +2 | wc -l"
out_is "metrics.csv: the 84 codes of the vocabulary" "84"
mkdir -p "$T/data"
cp "$top"/share/cchc/* "$T/data/"
sed -i 's/^family sipas - percent=sipas_score/family sipas - percent=sipas_rank/' "$T/data/metric.rules"
run "cchc-normalize -r '$T/data' '$T/m.csv'"
status "metric.rules: a code for a unit it does not measure" 1
err_has "metric.rules: says which" "cchc-normalize: $T/data/metric.rules:$(grep -n '^family sipas ' "$T/data/metric.rules" | cut -d: -f1): family sipas: sipas_rank does not measure percent (metrics.csv)"
cp "$top"/share/cchc/metric.rules "$T/data/"
echo 'family x - count=no_such_code' >> "$T/data/metric.rules"
run "cchc-normalize -r '$T/data' '$T/m.csv'"
status "metric.rules: a code not in the vocabulary" 1
err_has "metric.rules: names the code" "cchc-normalize: $T/data/metric.rules:$(wc -l < "$T/data/metric.rules"): family x: no_such_code is not a metric of metrics.csv"
cp "$top"/share/cchc/metric.rules "$T/data/"
echo 'share (?i)phần trăm ' >> "$T/data/metric.rules"
run "cchc-normalize -r '$T/data' '$T/m.csv'"
status "metric.rules: a second share rule" 1
err_has "metric.rules: says one a file" "cchc-normalize: $T/data/metric.rules:$(wc -l < "$T/data/metric.rules"): a second 'share' rule: one a file"
end_tests
