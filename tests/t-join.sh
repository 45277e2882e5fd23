# cchc-join and cchc-pivot: every join kind, the options, the 2025 code
# check, bad input, and a differential test against sqlite3.
top=${top:?}
. "$top/tests/lib.sh"
D=$top/tests/join

# golden joins: tests/join/left.csv ⋈ right.csv on province,period
for k in inner left right full semi anti; do
	o=
	[ $k = inner ] || o=--$k
	run "cchc-join -k province,period $o '$D/left.csv' '$D/right.csv'"
	status "join $k" 0
	same "join $k" "$D/$k.want"
done
run "cchc-join -k province,period --fold --full '$D/left.csv' '$D/right.csv'"
same "join --fold: Thanh Hoá = Thanh Hóa, hà nội = Hà Nội" "$D/fold-full.want"
run "cchc-join -1 province,period -2 province,period '$D/left.csv' '$D/right.csv'"
same "join -1 -2" "$D/inner.want"
sed '1s/province,/tinh,/' "$D/right.csv" > "$T/renamed.csv"
run "cchc-join -1 province,period -2 tinh,period '$D/left.csv' '$T/renamed.csv'"
same "join -1 -2 with other names keeps LEFT's" "$D/inner.want"
# the same rows, in another order and quoting
csvsort="python3 -c 'import csv,sys; w=csv.writer(sys.stdout, lineterminator=\"\\n\"); w.writerows(sorted(csv.reader(sys.stdin)))'"
sh -c "$csvsort" < "$D/inner.want" > "$T/want"
run "cchc-join -k province,period - '$D/right.csv' < '$D/left.csv' | $csvsort"
same "join LEFT from stdin" "$T/want"
run "cchc-join -k province,period '$D/left.csv' - < '$D/right.csv' | $csvsort"
same "join RIGHT from stdin" "$T/want"
gzip -c "$D/right.csv" > "$T/right.csv.gz"
run "cchc-join -k province,period '$D/left.csv' '$T/right.csv.gz'"
same "join reads gzip" "$D/inner.want"
run "cchc-join -k province,period -o '$T/out.csv' '$D/left.csv' '$D/right.csv'"
yes "join -o writes the file" "cmp -s '$T/out.csv' '$D/inner.want'"
# one key, many-to-many: every pair
printf 'k,a\n1,x\n1,y\n2,z\n' > "$T/m1.csv"
printf 'k,b\n1,p\n1,q\n3,r\n' > "$T/m2.csv"
run "cchc-join -k k '$T/m1.csv' '$T/m2.csv' | sort"
out_is "join many-to-many gives every pair" "1,x,p
1,x,q
1,y,p
1,y,q
k,a,b"
# a clash of names twice over
printf 'k,v,right_v\n1,a,b\n' > "$T/c1.csv"
printf 'k,v\n1,c\n' > "$T/c2.csv"
run "cchc-join -k k '$T/c1.csv' '$T/c2.csv'"
out_is "join prefixes right_ until a clashing name is free" "k,v,right_v,right_right_v
1,a,b,c"
# the hashed side: the smaller file, whatever its place
awk 'NR == 1 || NR % 2' "$D/right.csv" > "$T/small.csv"
run "cchc-join -k province,period '$T/small.csv' '$D/left.csv' | wc -l"
out_is "join with the smaller file on the left" "3"

# CSV details: BOM, CRLF, an embedded newline in a key, spaces kept
printf '\357\273\277' > "$T/bom.csv" && cat "$D/left.csv" >> "$T/bom.csv"
run "cchc-join -k province,period '$T/bom.csv' '$D/right.csv'"
same "join skips a BOM in the header" "$D/inner.want"
sed 's/$/\r/' "$D/left.csv" > "$T/crlf.csv"
run "cchc-join -k province,period '$T/crlf.csv' '$D/right.csv'"
same "join reads CRLF" "$D/inner.want"
printf 'k,a\n"Hà\nNội",1\n" x ",2\nx,3\n' > "$T/nl1.csv"
printf 'k,b\n"Hà\nNội",9\n" x ",8\n' > "$T/nl2.csv"
run "cchc-join -k k '$T/nl1.csv' '$T/nl2.csv'"
out_is "join a key with an embedded newline; spaces are part of a key" 'k,a,b
"Hà
Nội",1,9
" x ",2,8'

# bad input: a message naming file and line, status 1, no output file
for side in left right; do
	if [ $side = left ]; then args="\"\$f\" '$D/right.csv'"; else args="'$D/left.csv' \"\$f\""; fi
	f=$T/nokey.csv
	printf 'province,year\nx,1\n' > "$f"
	run "f='$f'; cchc-join -k province,period -o '$T/bad.csv' $args"
	status "join missing key column ($side)" 1
	err_is "join missing key column names it ($side)" "cchc-join: $f:1: no key column 'period'"
	yes "join missing key column leaves no output ($side)" "[ ! -e '$T/bad.csv' ]"
	printf 'province,period,province\nx,1,2\n' > "$f"
	run "f='$f'; cchc-join -k province,period $args"
	err_is "join duplicate header names ($side)" "cchc-join: $f:1: duplicate column name 'province' (columns 1 and 3)"
	printf 'province,period\nx,1\ny,2,3\n' > "$f"
	run "f='$f'; cchc-join -k province,period -o '$T/bad.csv' $args"
	status "join ragged row ($side)" 1
	err_is "join ragged row message ($side)" "cchc-join: $f:3: 3 fields, the header has 2"
	yes "join ragged row leaves no output ($side)" "[ ! -e '$T/bad.csv' ]"
	printf 'province,period\n"x,1\n' > "$f"
	run "f='$f'; cchc-join -k province,period $args"
	err_is "join unterminated quote ($side)" "cchc-join: $f:2: malformed CSV: unterminated quoted field"
	printf 'province,period\n"x"y,1\n' > "$f"
	run "f='$f'; cchc-join -k province,period $args"
	status "join malformed quote ($side)" 1
	: > "$f"
	run "f='$f'; cchc-join -k province,period $args"
	status "join empty input ($side)" 1
	err_is "join empty input message ($side)" "cchc-join: $f: empty input: no header"
done
printf 'province,period\n' > "$T/hdr.csv"
run "cchc-join -k province,period '$T/hdr.csv' '$D/right.csv'"
out_is "join header-only input gives a header" "province,period,value,source"
run "cchc-join -k province,period '$T/missing.csv' '$D/right.csv'"
err_is "join missing file" "cchc-join: $T/missing.csv: No such file or directory"
run "cchc-join -k province - -"
status "join both stdin" 1
run "cchc-join -k province --left --full '$D/left.csv' '$D/right.csv'"
status "join two kinds is a usage error" 2
run "cchc-join -1 province,period -2 province '$D/left.csv' '$D/right.csv'"
err_is "join -1/-2 of different lengths" "cchc-join: -1 and -2 name different numbers of key columns: 2 for $D/left.csv, 1 for $D/right.csv"
run "cchc-join -k province,period -o /nonexistent/dir/out.csv '$D/left.csv' '$D/right.csv'"
status "join unwritable output" 1
if [ -w /dev/full ]; then
	run "cchc-join -k province,period '$D/left.csv' '$D/right.csv' > /dev/full"
	status "join /dev/full" 1
fi
awk 'NR == 1 { print; next } { for (i = 0; i < 2000; i++) print }' "$D/left.csv" > "$T/big.csv"
run "cchc-join -k province,period '$T/big.csv' '$D/right.csv' | head -1"
status "join closed pipe is quiet" 0
err_none "join closed pipe says nothing"

# province codes across 2025-07-01
printf 'province_code,year,v\n89,2023,a\n91,2026,b\n' > "$T/rec.csv"
printf 'province_code,year,par\n89,2023,84.5\n91,2026,88\n' > "$T/ref.csv"
run "cchc-join -k province_code,year '$T/rec.csv' '$T/ref.csv'"
out_is "join on province_code and year pairs within one era" "province_code,year,v,par
89,2023,a,84.5
91,2026,b,88"
printf 'province_code,year,par\n91,2024,80\n' > "$T/ref24.csv"
run "cchc-join -k province_code -o '$T/bad.csv' '$T/rec.csv' '$T/ref24.csv'"
status "join on a bare province_code across 2025 is refused" 1
err_is "join across 2025 says how to join" "cchc-join: $T/rec.csv:3 and $T/ref24.csv:2: province_code '91' would pair rows from both sides of that day; province names and codes mean other units before and after 2025-07-01: join on province_2025 or province_2025_code, which name one unit throughout, or pass --same-era if all rows are of one era"
yes "join refused leaves no output" "[ ! -e '$T/bad.csv' ]"
printf 'province_code,par\n89,84.5\n' > "$T/nodate.csv"
run "cchc-join -k province_code '$T/rec.csv' '$T/nodate.csv'"
status "join on province_code without dates is refused" 1
run "cchc-join --same-era -k province_code '$T/rec.csv' '$T/nodate.csv'"
out_is "join --same-era skips the check" "province_code,year,v,par
89,2023,a,84.5"
printf 'province_code,period_start,period_end,v\n89,2025-01-01,2025-12-31,x\n' > "$T/span.csv"
run "cchc-join -k province_code '$T/span.csv' '$T/rec.csv'"
status "join on province_code of a period spanning 2025-07-01 is refused" 1
cat "$S"/expected/records/*.csv | awk 'NR == 1 || !/^doc,/' > "$T/records.csv"
printf 'province,period,v\nAn Giang,2019,1\nAn Giang,,2\n' > "$T/noperiod.csv"
printf 'province,period,w\nAn Giang,2019,x\nAn Giang,,y\n' > "$T/noperiod2.csv"
run "cchc-join -k province '$T/noperiod.csv' '$T/noperiod2.csv'"
status "join on a province name pairing a row without a period is refused" 1
yes "join names the row without a period" "grep -q \"province 'An Giang' would pair a row without a period\" '$T/err'"
run "cchc-join -k province,period '$T/noperiod.csv' '$T/noperiod2.csv' | wc -l"
out_is "join on province and period pairs rows of the same period only" "2"
run "cchc-join --left -k province,year '$T/records.csv' '$S/reference/par-index.csv' | grep -c ',82.66,'"
out_is "join the samples' records to the reference: the 2023 national ones get SIPAS" "13"
run "cchc-join --left -k province,year '$T/records.csv' '$S/reference/par-index.csv' | wc -l"
out_is "join --left keeps every record" "$(wc -l < "$T/records.csv")"

# two threads on a large streamed file (CCHC_JOIN_SPLIT lowers the size that
# takes them): the same output and messages as one sequential pass
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
with open(t + "/split1.csv", "w") as f:   # a quoted field across the middle
    f.write("k,v\n")
    for i in range(20000):
        f.write('%d,"%s"\n' % (i % 50, "multi\n" * 20000) if i == 9990 else "%d,v%d\n" % (i % 50, i))
with open(t + "/split2.csv", "w") as f:   # a ragged row in the second half
    f.write("k,v\n" + "".join("%d,v%d\n" % (i % 50, i) if i != 15000 else "1,2,3\n" for i in range(20000)))
with open(t + "/split3.csv", "w") as f:
    f.write("k,v\n" + "".join("%d,v%d\n" % (i % 50, i) for i in range(20000)))
with open(t + "/splitr.csv", "w") as f:
    f.write("k,w\n" + "".join("%d,w%d\n" % (i, i) for i in range(0, 60, 2)))
PY
for f in split1 split3; do
	for k in "" --left --full --semi --anti; do
		cchc-join -k k $k - "$T/splitr.csv" < "$T/$f.csv" > "$T/seq.csv"
		run "CCHC_JOIN_SPLIT=0 cchc-join -k k $k '$T/$f.csv' '$T/splitr.csv'"
		same "join in two threads equals one pass ($f $k)" "$T/seq.csv"
	done
done
run "CCHC_JOIN_SPLIT=0 cchc-join -k k '$T/split2.csv' '$T/splitr.csv'"
status "join in two threads: a bad row in the second half" 1
err_is "join in two threads: the message of one pass" "cchc-join: $T/split2.csv:15002: 3 fields, the header has 2"

# differential test against sqlite3 on random inputs, in one pass and in two
if command -v sqlite3 > /dev/null && command -v python3 > /dev/null; then
	run "python3 '$top/tests/join-diff.py' '$BIN/cchc-join' '$T' 40"
	status "join equals sqlite3 on random inputs" 0
	out_is "join-diff finds no mismatch" "40 rounds, 0 mismatches"
	run "CCHC_JOIN_SPLIT=0 python3 '$top/tests/join-diff.py' '$BIN/cchc-join' '$T' 40"
	out_is "join-diff finds no mismatch with two threads" "40 rounds, 0 mismatches"
fi

# the man page's example: -2 names the right side's year column (nam), which
# tells its provinces' era as year does on the left
printf 'tinh,nam,dan_so\nan giang,2023,1900000\n' > "$T/pop.csv"
printf 'doc,province,year,value\na.txt,An Giang,2023,86.9\n' > "$T/rec.csv"
run "cchc-join --fold -1 province,year -2 tinh,nam '$T/rec.csv' '$T/pop.csv'"
status "join -1 province,year -2 tinh,nam: the era from the paired key" 0
out_is "join -1 -2 with differently named keys" "doc,province,year,value,dan_so
a.txt,An Giang,2023,86.9,1900000"

# ---- cchc-pivot ----
run "cchc-pivot -r province,period -c metric -v value '$T/records.csv'"
status "pivot records" 0
same "pivot records golden" "$S/expected/pivot.csv"
err_has "pivot reports a conflict with both sources" "cchc-pivot: $T/records.csv:27: conflict for metric 'par_index_score': 94.87 from 002_836013e4dcef9340.txt:8, 92.41 from 002_836013e4dcef9340.txt:8"
err_has "pivot counts the conflicts" "cchc-pivot: 9 conflicting values (-a first kept the first of each; each above)"
run "cchc-pivot -r province,period -c metric -v value '$T/records.csv' 2>&1 >/dev/null | tail -n 1"
out_is "pivot: the conflicts' count is stderr's last line" "cchc-pivot: 9 conflicting values (-a first kept the first of each; each above)"
run "cchc-pivot --conflicts '$T/conf.csv' -r province,period -c metric -v value '$T/records.csv'"
err_is "pivot --conflicts: the file named on the last line" "cchc-pivot: 9 conflicting values (-a first kept the first of each; $T/conf.csv)"
run "cchc-pivot -q --conflicts '$T/conf.csv' -r province,period -c metric -v value '$T/records.csv'"
err_none "pivot -q --conflicts: nothing on stderr"
# the README's example: the province's and the nation's own levels, blocks
# apart, a part of an index apart: no conflict on the samples
run "cchc-pivot -r province,period,block -c metric,component -v value -w kind=level -w 'owner=province|nation' '$T/records.csv'"
err_none "pivot, the README's example: no conflict on the samples"
same "pivot, the README's example on the samples" "$S/expected/pivot-levels.csv"
# several -c columns: the parts of an index apart, joined by '|'
printf 'province,metric,component,value\nA,papi_component_score,X,1\nA,papi_component_score,Y,2\nA,papi_score,,3\n' > "$T/parts.csv"
run "cchc-pivot -r province -c metric,component -v value '$T/parts.csv'"
out_is "pivot -c metric,component keeps parts apart" "province,papi_component_score|X,papi_component_score|Y,papi_score
A,1,2,3"
err_none "pivot -c metric,component: no conflict"
run "cchc-pivot -r province,period -c metric -v value --conflicts '$T/conf.csv' '$T/records.csv' > /dev/null"
err_is "pivot --conflicts: the conflicts in the file, only their count on stderr" "cchc-pivot: 9 conflicting values (-a first kept the first of each; $T/conf.csv)"
yes "pivot --conflicts file has a header and 9 rows" "[ \$(wc -l < '$T/conf.csv') -eq 10 ] && head -1 '$T/conf.csv' | grep -qx 'province,period,metric,kept_value,kept_from,other_value,other_from'"
# --rank: each cell keeps its best record's value (own report, then the
# latest, then the first among equals); each other value once, from its
# best record, best first; rows and columns sorted
cat > "$T/rk.csv" <<'EOF2'
doc,line,province,metric,value,own_report,doc_date
n1.txt,3,Hà Nam,rate,80,0,2024-05-01
own.txt,7,Hà Nam,rate,75,1,2024-01-10
n2.txt,2,Hà Nam,rate,80,0,2024-06-01
n3.txt,9,Hà Nam,rate,90,0,2024-06-01
n4.txt,4,Hà Nam,rate,91,0,2024-06-01
n5.txt,5,An Giang,count,12,,
n6.txt,6,An Giang,count,,0,2024-01-01
n7.txt,1,Bạc Liêu,rate,,0,2024-01-01
EOF2
run "cchc-pivot -r province -c metric -v value --rank own_report,doc_date --sources '$T/rk-src.csv' --conflicts '$T/rk-conf.csv' '$T/rk.csv'"
status "pivot --rank" 0
out_is "pivot --rank: the best value, rows and columns sorted" "province,count,rate
An Giang,12,
Bạc Liêu,,
Hà Nam,,75"
err_is "pivot --rank: the count of other values" "cchc-pivot: 3 conflicting values (--rank own_report,doc_date kept the best of each; $T/rk-conf.csv)"
yes "pivot --rank --sources: the kept value with what ranked it" "[ \"\$(cat '$T/rk-src.csv')\" = 'province,metric,value,from,own_report,doc_date
An Giang,count,12,n5.txt:5,,
Hà Nam,rate,75,own.txt:7,1,2024-01-10' ]"
yes "pivot --rank --conflicts: each other value once, from its best record, best first" "[ \"\$(cat '$T/rk-conf.csv')\" = 'province,metric,kept_value,kept_from,other_value,other_from,other_own_report,other_doc_date
Hà Nam,rate,75,own.txt:7,80,n2.txt:2,0,2024-06-01
Hà Nam,rate,75,own.txt:7,90,n3.txt:9,0,2024-06-01
Hà Nam,rate,75,own.txt:7,91,n4.txt:4,0,2024-06-01' ]"
run "cchc-pivot -r province -c metric -v value --rank own_report,doc_date '$T/rk.csv' 2>&1 > /dev/null | head -n 1"
out_is "pivot --rank without --conflicts: each on stderr" "cchc-pivot: conflict for metric 'rate': 75 from own.txt:7, 80 from n2.txt:2"
run "cchc-pivot -r province -c metric -v value -a last --rank own_report '$T/rk.csv'"
status "pivot --rank with -a last: a usage error" 2
err_has "pivot --rank with -a last: says why" "cchc-pivot: --rank keeps the best value of a cell: no -a last with it"
run "cchc-pivot -r province -c metric -v value --rank rank_of '$T/rk.csv'"
status "pivot --rank of no column: an error" 1
err_is "pivot --rank of no column: named" "cchc-pivot: $T/rk.csv:1: no column 'rank_of'"
printf 'p,m,v\na,x,1\na,x,3\nb,x,2\na,y,\nc,y,5\n' > "$T/p.csv"
for a in "first:1" "last:3" "min:1" "max:3" "sum:4" "mean:2" "count:2"; do
	run "cchc-pivot -r p -c m -v v -a ${a%%:*} '$T/p.csv' 2>/dev/null | sed -n 2p"
	out_is "pivot -a ${a%%:*}" "a,${a#*:},"
done
run "cchc-pivot -r p -c m -v v '$T/p.csv' 2>/dev/null"
out_is "pivot: empty values are skipped, rows and columns in first-seen order" "p,x,y
a,1,
b,2,
c,,5"
printf 'p,m,v\na,x,abc\n' > "$T/nan.csv"
run "cchc-pivot -r p -c m -v v -a sum -o '$T/pv.csv' '$T/nan.csv'"
status "pivot sum of a non-number" 1
err_is "pivot non-number message" "cchc-pivot: $T/nan.csv:2: v 'abc' is not a number"
yes "pivot error leaves no output" "[ ! -e '$T/pv.csv' ]"
run "cchc-pivot -r p -c metric -v v '$T/p.csv'"
err_is "pivot missing column" "cchc-pivot: $T/p.csv:1: no column 'metric'"
run "cchc-pivot -r p -c m -v v -a median '$T/p.csv'"
status "pivot unknown aggregation" 2
: > "$T/empty.csv"
run "cchc-pivot -r p -c m -v v '$T/empty.csv'"
err_is "pivot empty input" "cchc-pivot: $T/empty.csv: empty input: no header"
printf 'p,m,v\na,p,1\n' > "$T/clash.csv"
run "cchc-pivot -r p -c m -v v '$T/clash.csv'"
status "pivot a value naming a row key column" 1
run "cchc-pivot -r p -c m -v v < '$T/p.csv' 2>/dev/null | wc -l"
out_is "pivot reads stdin" "4"
# an empty key matches nothing (NULL in SQL), unless --match-empty
printf 'province,year,v\nAn Giang,2023,1\n,2023,2\n' > "$T/el.csv"
printf 'province,year,ref\nAn Giang,2023,A\n,2023,N\n' > "$T/er.csv"
run "cchc-join -k province,year '$T/el.csv' '$T/er.csv'"
out_is "join: an empty key matches nothing" "province,year,v,ref
An Giang,2023,1,A"
run "cchc-join --left -k province,year '$T/el.csv' '$T/er.csv'"
out_is "join --left: a row with an empty key stays, unmatched" "province,year,v,ref
An Giang,2023,1,A
,2023,2,"
run "cchc-join --match-empty -k province,year '$T/el.csv' '$T/er.csv'"
out_is "join --match-empty: empty keys match each other" "province,year,v,ref
An Giang,2023,1,A
,2023,2,N"
# pivot -w: only the rows of one kind
printf 'province,period,metric,value,kind,owner,doc,line\nAn Giang,2024,rank,12,change,province,a,1\nAn Giang,2024,rank,30,level,province,a,2\nAn Giang,2024,score,94,level,agency,a,3\n' > "$T/kinds.csv"
run "cchc-pivot -r province,period -c metric -v value -w kind=level -w 'owner=province|nation' '$T/kinds.csv'"
out_is "pivot -w: levels of the province, no change, no agency" "province,period,rank
An Giang,2024,30"
run "cchc-pivot -r province,period -c metric -v value -w nosuch=1 '$T/kinds.csv'"
status "pivot -w on a missing column fails" 1
err_has "pivot -w on a missing column says so" "cchc-pivot: $T/kinds.csv:1: no column 'nosuch' (-w)"
# a number folds only with its own kind and unit: no mean of a rank and its change
run "cchc-pivot -r province,period -c metric -v value -a mean '$T/kinds.csv'"
status "pivot -a mean across kinds fails" 1
err_has "pivot -a mean across kinds says what it would fold" "cchc-pivot: $T/kinds.csv:3: metric 'rank': -a mean would fold change  with level  (take one with -w kind=level, -w unit=...)"
run "cchc-pivot -r province,period -c metric -v value -a mean -w kind=level '$T/kinds.csv'"
out_is "pivot -a mean of one kind" "province,period,rank,score
An Giang,2024,30,94"
end_tests
