# The views a reader looks at first (metric-across, province-series, chart,
# make run's table): one owner class, kind, unit and block at a time, one
# value a cell by the tables' rule, the conflicts said.  The data folder:
# the samples and three reports of tests/views/reports (made up for these
# tests: a province's own reports of two years, and a national report that
# gives one of its values differently); every .want file checked by hand
# against those texts.
top=${top:?}
. "$top/tests/lib.sh"
P=$top/pipelines
V=$top/tests/views

mkdir -p "$T/in"
cp "$S"/reports/* "$V"/reports/* "$T/in/"
run "'$P/nightly' -q '$T/in' '$T/d'"
status "views: the data folder" 0
cd "$T" || exit 1

# ---- metric-across: provinces only, one unit, the province's own report wins
run "'$P/metric-across' d par_index_score 2023"
status "metric-across" 0
same "metric-across: the provinces' levels, no department or district" "$V/across-par_index_score-2023.want"
err_is "metric-across: the conflict it settled, with both sources" "metric-across: conflict: Phú Thọ 2023: kept 88.4 (phutho-2023.txt:3), not 88.1 (national-2023.txt:3)"
run "'$P/metric-across' --owner nation d tasks_completion_rate 2023"
same "metric-across --owner nation: the blocks apart" "$V/across-nation-tasks_completion_rate-2023.want"
run "'$P/metric-across' --owner agency d par_index_score 2023"
yes "metric-across --owner agency: the departments' scores, named" "grep -q '94.87 .*Sở Tài chính' '$T/out' && [ \$(wc -l < '$T/out') -eq 2 ]"
run "'$P/metric-across' --owner ministry d par_index_score 2023"
status "metric-across --owner ministry: none in 2023" 1
err_is "metric-across: nothing to rank says what" "metric-across: no value of par_index_score 2023 (ministry, level) in d/records.csv"
run "'$P/metric-across' d par_index_rank 2022-2023"
status "metric-across: a period with no values" 1
run "'$P/metric-across' --kind change d par_index_rank 2023"
yes "metric-across --kind change: changes when asked" "grep -q 'tăng 3 bậc' '$T/out'"
run "'$P/metric-across' d par_index_score"
status "metric-across: a missing argument is a usage error" 2
# values of one metric in two units are never ranked together
mkdir -p "$T/mu"
{
	echo "doc,line,province,province_code,province_2025,province_2025_code,period,period_start,period_end,year,metric,subject,value,denominator,unit,qualifier,ambiguous,raw,kind,owner"
	echo "a.txt,1,An Giang,89,An Giang,91,2023,2023-01-01,2023-12-31,2023,par_index_score,,88.1,,percent,exact,0,\"88,1%\",level,province"
	echo "a.txt,2,Đà Nẵng,48,Đà Nẵng,48,2023,2023-01-01,2023-12-31,2023,par_index_score,,45.2,,points,exact,0,\"45,2 điểm\",level,province"
	echo "a.txt,3,An Giang,89,An Giang,91,2023,2023-01-01,2023-12-31,2023,par_index_rank,,12,63,rank,exact,0,thứ 12/63,level,province"
	echo "a.txt,4,Đà Nẵng,48,Đà Nẵng,48,2023,2023-01-01,2023-12-31,2023,par_index_rank,,5,63,rank,exact,0,thứ 5/63,level,province"
} > "$T/mu/records.csv"
run "'$P/metric-across' mu par_index_rank 2023"
yes "metric-across: a rank ranks lowest first" "awk 'NR == 2 { exit !(\$2 == \"Đà\" && \$5 == 5) }' '$T/out'"
run "'$P/metric-across' mu par_index_score 2023"
status "metric-across: two units without --unit" 1
err_is "metric-across: two units are named" "metric-across: par_index_score 2023 (province, level) has values in several units: percent (1), points (1); choose one with -u UNIT"
run "'$P/metric-across' --unit points mu par_index_score 2023"
yes "metric-across --unit: one unit" "[ \$(wc -l < '$T/out') -eq 2 ] && grep -q 'Đà Nẵng' '$T/out'"

# ---- province-series: the unit as it was; --2025 the unit of the 2025 map
run "'$P/province-series' d 'Phú Thọ'"
status "province-series" 0
same "province-series: the province's own figures, kinds apart" "$V/series-phutho.want"
err_has "province-series: how the name relates to the 2025 map" "province-series: from 2025-07-01 Phú Thọ also takes in Hòa Bình, Vĩnh Phúc; before, each was a province of its own: use --2025 to follow the 2025 unit with them"
err_has "province-series: the conflict it settled" "province-series: conflict: Phú Thọ 2023: kept 88.4 (phutho-2023.txt:3), not 88.1 (national-2023.txt:3)"
run "'$P/province-series' d 'An Giang'"
same "province-series: An Giang without Kiên Giang's figures" "$V/series-angiang.want"
run "'$P/province-series' --2025 d 'an giang'"
same "province-series --2025: An Giang of the 2025 map, with Kiên Giang's figures named" "$V/series-angiang-2025.want"
run "'$P/province-series' d 'Kiên Giang'"
status "province-series: a province before 2025" 0
err_has "province-series: a pre-2025 name says what it became" "province-series: Kiên Giang existed until 2025-06-30; from 2025-07-01 it is part of An Giang (Resolution 202/2025/QH15): its figures before are Kiên Giang's own"
run "'$P/province-series' d national tasks_completed"
same "province-series national: the blocks named" "$V/series-national-tasks_completed.want"
run "'$P/province-series' d Atlantis"
status "province-series: a name of no province" 1
err_is "province-series: a name of no province says so" "province-series: Atlantis: no province or city of that name (share/cchc/provinces.csv; 'national' for the country)"
run "'$P/province-series' d 'Cao Bằng'"
status "province-series: a province without figures" 1
err_is "province-series: a province without figures says so" "province-series: no figures of Cao Bằng in d/records.csv"

# ---- figure-source: the sentence of a figure, as CSV like the other tools
run "'$P/figure-source' d phutho-2023.txt '88,4%'"
status "figure-source" 0
yes "figure-source prints CSV: doc, line, raw, sentence" "head -n 1 '$T/out' | grep -qx 'doc,line,raw,sentence' && grep -q '^phutho-2023.txt,3,\"88,4%\",' '$T/out'"

# ---- make run's table: a line a cell with the figure as written and its source
run "python3 '$P/show-tables.py' d"
same "the headline table as make run shows it" "$V/show-tables.want"

# ---- charts: a real series, blocks, nothing to draw
if command -v gnuplot > /dev/null; then
	svgtext() { python3 -c 'import sys, xml.etree.ElementTree as E; print(" ".join("".join(E.parse(sys.argv[1]).getroot().itertext()).split()))' "$1"; }
	run "'$P/chart' d series 'Phú Thọ' par_index_score"
	status "chart series" 0
	svgtext d/charts/series-Phú_Thọ-par_index_score.svg > "$T/svg"
	yes "chart series: the label, periods and values in Vietnamese, the conflict noted" \
		"grep -q 'Chỉ số cải cách hành chính (PAR Index)' '$T/svg' && grep -q 'năm 2022' '$T/svg' && grep -q '88,4' '$T/svg' && ! grep -q '88,1 năm' '$T/svg' && grep -q 'Ghi chú: 1 giá trị khác' '$T/svg'"
	run "'$P/chart' d blocks tasks_completion_rate 2024-H1"
	status "chart blocks" 0
	svgtext d/charts/blocks-tasks_completion_rate-2024-H1.svg > "$T/svg"
	yes "chart blocks: each block named, its value" "grep -q 'Các bộ, ngành' '$T/svg' && grep -q 'Các tỉnh, thành phố' '$T/svg' && grep -q '40,36' '$T/svg' && grep -q '44,1' '$T/svg'"
	run "'$P/chart' d series national tasks_completed"
	status "chart series of the whole nation, which has only blocks" 1
	err_is "chart: nothing to draw says what" "chart: no level of tasks_completed of national in the records"
	run "'$P/chart' d series 'Quảng Ninh' par_index_score"
	status "chart: a series of one period is refused" 1
	err_has "chart: one period is no series" "chart: par_index_score of Quảng Ninh has a level in one period only (2023): a series needs two; chart ... blocks or across shows one period"
fi
# ---- the README's ad hoc lines, on make run's data folder: each runs,
# exits 0, or exits 1 with a message where it says it needs more
mkdir -p "$T/r/run" "$T/r/in"
cp "$S"/reports/* "$T/r/in/"
"$P/nightly" -q "$T/r/in" "$T/r/run/data" 2> /dev/null
ln -s "$top/pipelines" "$T/r/pipelines"
sed -n '/^Ad hoc pipelines/,/^```$/{/^pipelines\//p}' "$top/README.md" > "$T/readme-lines"
yes "the README has its ad hoc lines" "[ \$(wc -l < '$T/readme-lines') -ge 6 ]"
while IFS= read -r line; do
	case $line in *needs*) want=1 ;; *) want=0 ;; esac
	run "cd '$T/r' && $line"
	status "README: $line" $want
	[ $want = 0 ] || yes "README: $line says why" "grep -q '^chart: .*one period only\|^chart: no level of' '$T/err'"
done < "$T/readme-lines"
end_tests
