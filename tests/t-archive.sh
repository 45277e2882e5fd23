# cchc-archive: round trips, standard tools, versions, cat, extract safety,
# damage, repair, crashes, a full disk, concurrent adds; filters reading
# archives.
top=${top:?}
. "$top/tests/lib.sh"
R=$S/reports
A=$T/a.tar.gz

# std NAME ARCHIVE: tar, zcat | tar and gzip all accept the archive
std() {
	yes "$1: tar tzf" "tar tzf '$2' > /dev/null 2>&1"
	yes "$1: gzip -t" "gzip -t '$2'"
	yes "$1: zcat | tar t" "zcat '$2' | tar tf - > /dev/null 2>&1"
	rm -rf "$T/x" && mkdir "$T/x"
	yes "$1: tar xzf" "tar xzf '$2' -C '$T/x'"
}

cd "$R" || exit 1
run "cchc-archive add '$A' *.txt"
status "archive add" 0
err_is "archive add says what it did" "cchc-archive: $A: added 5, skipped 0 already archived"
std "archive after add" "$A"
for f in *.txt; do
	yes "archive round trip $f (tar xzf)" "cmp -s '$f' '$T/x/$f'"
done
yes "archive writes an index" "[ -s '$A.idx' ]"
run "cchc-archive list '$A' | head -1"
out_is "archive list header" "name,version,size,mtime,sha256,member_offset,member_length,entry_offset"
run "cchc-archive list '$A' | tail -n +2 | cut -d, -f1,2,3"
out_is "archive list rows" "000_3aab98dee64cbd9b.txt,1,$(wc -c < 000_3aab98dee64cbd9b.txt)
001_e81782a772853c36.txt,1,$(wc -c < 001_e81782a772853c36.txt)
002_836013e4dcef9340.txt,1,$(wc -c < 002_836013e4dcef9340.txt)
003_d73027080bf1c7f3.txt,1,$(wc -c < 003_d73027080bf1c7f3.txt)
004_92d8ee77b83b01ae.txt,1,$(wc -c < 004_92d8ee77b83b01ae.txt)"
run "cchc-archive list '$A' | sed -n 2p | cut -d, -f5"
out_is "archive list: sha256 of the content" "$(sha256sum < 000_3aab98dee64cbd9b.txt | cut -d' ' -f1)"
run "cchc-archive cat '$A' 002_836013e4dcef9340.txt"
same "archive cat" "002_836013e4dcef9340.txt"
run "cchc-archive cat '$A' 001_e81782a772853c36.txt 003_d73027080bf1c7f3.txt"
cat 001_e81782a772853c36.txt 003_d73027080bf1c7f3.txt > "$T/two"
same "archive cat two names" "$T/two"
run "cchc-archive cat '$A' nosuch.txt"
status "archive cat of a missing name" 1
err_is "archive cat of a missing name says so" "cchc-archive: $A: nosuch.txt: not in the archive"
rm -rf "$T/e" && mkdir "$T/e"
run "cchc-archive extract '$A' -C '$T/e'"
status "archive extract" 0
yes "archive extract round trip" "for f in *.txt; do cmp -s \"\$f\" '$T/e'/\"\$f\" || exit 1; done"
run "cchc-archive verify '$A'"
status "archive verify" 0
err_is "archive verify says OK" "cchc-archive: $A: 5 files in 2 gzip members: OK"
run "cchc-archive verify '$A' 2>&1 | od -c | grep -c '\\\\r'"
out_is "archive: no progress output when stderr is not a terminal" "0"

# the same content again is skipped; a new content under a known name is a version
run "cchc-archive add '$A' *.txt"
err_is "archive add of the same files skips them" "cchc-archive: $A: added 0, skipped 5 already archived"
cp 004_92d8ee77b83b01ae.txt "$T/004_92d8ee77b83b01ae.txt"
echo "Cập nhật." >> "$T/004_92d8ee77b83b01ae.txt"
run "cd '$T' && cchc-archive -q add '$A' 004_92d8ee77b83b01ae.txt"
err_none "archive add -q is silent"
run "cchc-archive list '$A' | grep -c '^004_92d8ee77b83b01ae.txt,'"
out_is "archive keeps both versions" "2"
run "cchc-archive cat '$A' 004_92d8ee77b83b01ae.txt"
same "archive cat gives the latest version" "$T/004_92d8ee77b83b01ae.txt"
run "cchc-archive cat '$A' 004_92d8ee77b83b01ae.txt@1"
same "archive cat NAME@1 gives the first" "004_92d8ee77b83b01ae.txt"
std "archive after a second add" "$A"
run "printf '%s\n' 000_3aab98dee64cbd9b.txt | cchc-archive add '$T/t.tar.gz' -T -"
yes "archive add -T - reads names from stdin" "tar tzf '$T/t.tar.gz' | grep -qx 000_3aab98dee64cbd9b.txt"
run "cchc-archive add '$T/t.tar.gz' ../reports/../x.txt"
status "archive add refuses '..' in a name" 1

# the filters read archives: each file a document named by its path
run "cchc-extract '$T/t.tar.gz'"
cchc-extract 000_3aab98dee64cbd9b.txt > "$T/want"
same "cchc-extract reads an archive" "$T/want"
tar czf "$T/foreign.tar.gz" 002_836013e4dcef9340.txt 003_d73027080bf1c7f3.txt
run "cchc-text '$T/foreign.tar.gz' | grep '^=== '"
out_is "cchc-text reads a tar czf archive" "=== 002_836013e4dcef9340.txt
=== 003_d73027080bf1c7f3.txt"
run "cchc-archive cat '$T/foreign.tar.gz' 003_d73027080bf1c7f3.txt"
same "archive cat on an archive it did not write" "003_d73027080bf1c7f3.txt"
run "cchc-archive add '$T/foreign.tar.gz' 000_3aab98dee64cbd9b.txt"
status "archive add refuses an archive whose end blocks share a member" 1
head -c 3000 "$T/foreign.tar.gz" > "$T/cut.tar.gz"
run "cchc-extract '$T/cut.tar.gz' > /dev/null"
status "cchc-extract on a truncated archive" 1
yes "cchc-extract names the truncation" "grep -q 'truncated gzip input' '$T/err'"

# extraction never leaves DIR
python3 - "$T/evil.tar.gz" <<'PY'
import io, sys, tarfile
with tarfile.open(sys.argv[1], "w:gz") as t:
    for name, data in (("../evil.txt", b"x"), ("/tmp/abs-evil.txt", b"y"), ("ok/fine.txt", b"z")):
        i = tarfile.TarInfo(name); i.size = len(data); t.addfile(i, io.BytesIO(data))
    i = tarfile.TarInfo("link"); i.type = tarfile.SYMTYPE; i.linkname = "/etc"; t.addfile(i)
    i = tarfile.TarInfo("link/passwd"); i.size = 1; t.addfile(i, io.BytesIO(b"p"))
    i = tarfile.TarInfo("dev"); i.type = tarfile.CHRTYPE; i.devmajor = 1; i.devminor = 3; t.addfile(i)
PY
rm -rf "$T/jail" && mkdir "$T/jail"
run "cchc-archive extract '$T/evil.tar.gz' -C '$T/jail'"
status "archive extract of a hostile archive fails" 1
yes "archive extract: nothing outside DIR" "[ ! -e '$T/evil.txt' ] && [ ! -e /tmp/abs-evil.txt ]"
yes "archive extract: no link made; link/passwd stays inside DIR" "[ ! -L '$T/jail/link' ] && [ \"\$(cat '$T/jail/link/passwd')\" = p ]"
yes "archive extract: no device made" "[ ! -e '$T/jail/dev' ]"
yes "archive extract: the good entry is there" "[ \"\$(cat '$T/jail/ok/fine.txt')\" = z ]"
err_has "archive extract names the '..' entry" "cchc-archive: $T/evil.tar.gz: ../evil.txt: not extracted: an absolute path or '..' would leave $T/jail"
err_has "archive extract names the link" "cchc-archive: $T/evil.tar.gz: link: not extracted: a link"
ln -s /tmp "$T/jail/sneaky"
python3 - "$T/sneak.tar.gz" <<'PY'
import io, sys, tarfile
with tarfile.open(sys.argv[1], "w:gz") as t:
    i = tarfile.TarInfo("sneaky/through-link.txt"); i.size = 1; t.addfile(i, io.BytesIO(b"s"))
PY
run "cchc-archive extract '$T/sneak.tar.gz' -C '$T/jail'"
status "archive extract through an existing symlink is refused" 1
yes "archive extract wrote nothing through the link" "[ ! -e /tmp/through-link.txt ]"

# damage: verify finds the first bad offset; repair keeps every good member
cp "$A" "$T/d.tar.gz"
size=$(stat -c %s "$T/d.tar.gz")
truncate -s $((size - 10)) "$T/d.tar.gz"  # into the end-of-archive member
run "cchc-archive verify '$T/d.tar.gz'"
status "archive verify of a truncated archive" 1
yes "archive verify gives an offset" "grep -q 'byte [0-9]*: truncated gzip member' '$T/err'"
run "cchc-archive repair '$T/d.tar.gz'"
status "archive repair" 0
std "archive after repair" "$T/d.tar.gz"
run "cchc-archive verify '$T/d.tar.gz'"
status "archive verify after repair" 0
run "cchc-archive list '$T/d.tar.gz' | tail -n +2 | wc -l"
out_is "archive repair keeps every complete member" "6"
# a flipped byte inside the first member: the later members survive
CCHC_ARCHIVE_BATCH=1 cchc-archive -q add "$T/m.tar.gz" *.txt
python3 - "$T/m.tar.gz" <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[200] ^= 0xFF; open(p, "wb").write(bytes(b))
PY
run "cchc-archive verify '$T/m.tar.gz'"
status "archive verify of a corrupt member" 1
yes "archive verify reports the first bad byte" "grep -q 'first bad byte: 0' '$T/err'"
run "cchc-archive repair '$T/m.tar.gz'"
status "archive repair of a corrupt member" 0
run "cchc-archive list '$T/m.tar.gz' | tail -n +2 | cut -d, -f1"
out_is "archive repair keeps the members after the bad one" "001_e81782a772853c36.txt
002_836013e4dcef9340.txt
003_d73027080bf1c7f3.txt
004_92d8ee77b83b01ae.txt"
std "archive after repairing a corrupt member" "$T/m.tar.gz"
rm -f "$A.idx"
run "cchc-archive cat '$A' 002_836013e4dcef9340.txt"
same "archive cat without an index reads the archive" "002_836013e4dcef9340.txt"
run "cchc-archive reindex '$A'"
status "archive reindex" 0
yes "archive reindex writes the index" "[ -s '$A.idx' ]"
run "cchc-archive verify '$A'"
status "archive verify after reindex" 0

# kill -9 at random moments of add, many times: nothing archived before is
# lost, and repair or the next add leaves an archive that tar reads
python3 - "$T/many" <<'PY'
import os, random, sys
d = sys.argv[1]; os.makedirs(d)
rnd = random.Random(7)
words = "cải cách hành chính tỉnh đạt tỷ lệ hồ sơ trực tuyến năm quý".split()
for i in range(300):
    with open(os.path.join(d, "r%03d.txt" % i), "w") as f:
        f.write(" ".join(rnd.choice(words) for _ in range(rnd.randint(200, 3000))) + "\n")
PY
K=$T/k.tar.gz
ok=1
cd "$T/many" || exit 1
cchc-archive -q add "$K" r00*.txt
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	before=$(cchc-archive list "$K" 2>/dev/null | tail -n +2 | cut -d, -f1 | sort)
	CCHC_ARCHIVE_BATCH=4096 cchc-archive -q add "$K" r*.txt &
	pid=$!
	sleep 0.0$((i * 7 % 10))
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	if [ $((i % 2)) = 0 ]; then
		cchc-archive -q repair "$K" 2>/dev/null
	else
		cchc-archive -q add "$K" r000.txt 2>/dev/null
	fi
	tar tzf "$K" > /dev/null 2>&1 || { ok=0; echo "kill test $i: tar fails"; }
	cchc-archive -q verify "$K" 2>/dev/null || { ok=0; echo "kill test $i: verify fails"; }
	after=$(cchc-archive list "$K" 2>/dev/null | tail -n +2 | cut -d, -f1 | sort)
	for n in $before; do
		echo "$after" | grep -qx "$n" || { ok=0; echo "kill test $i: lost $n"; }
	done
	rm -f "$K.repair"
done
yes "archive survives kill -9 during add (12 times)" "[ $ok = 1 ]"
cchc-archive -q add "$K" r*.txt
run "cchc-archive list '$K' | tail -n +2 | wc -l"
out_is "archive after the kills holds every report once" "300"

# a full disk: the add fails and the archive is as it was
cp "$K" "$T/full.tar.gz"
cp "$K.idx" "$T/full.tar.gz.idx"
python3 -c "import os; open('$T/big.txt','wb').write(os.urandom(3 << 20))"
run "ulimit -f $(( ($(stat -c %s "$K") + 300000) / 512 )); cchc-archive add '$T/full.tar.gz' '$T/big.txt'"
status "archive add on a full disk fails" 1
yes "archive add on a full disk says why" "grep -q 'write failed: File too large; the archive is as it was' '$T/err'"
yes "archive on a full disk is as it was" "cmp -s '$K' '$T/full.tar.gz'"
yes "archive index on a full disk is as it was" "cmp -s '$K.idx' '$T/full.tar.gz.idx'"
run "ulimit -f 600; cchc-archive add '$T/new-full.tar.gz' '$T/big.txt'"
status "archive add of a new archive on a full disk fails" 1
yes "archive add of a new archive on a full disk says why" "grep -q 'write failed: File too large; no archive written' '$T/err'"
yes "archive add on a full disk leaves no new archive or index" "[ ! -e '$T/new-full.tar.gz' ] && [ ! -e '$T/new-full.tar.gz.idx' ]"

# two adds at once are serialized by the lock
mkdir "$T/c1" "$T/c2"
for i in 1 2 3 4 5 6 7 8; do
	printf 'báo cáo một %s\n' "$i" > "$T/c1/a$i.txt"
	printf 'báo cáo hai %s\n' "$i" > "$T/c2/b$i.txt"
done
(cd "$T/c1" && cchc-archive -q add "$T/cc.tar.gz" a*.txt) &
(cd "$T/c2" && cchc-archive -q add "$T/cc.tar.gz" b*.txt) &
wait
run "cchc-archive list '$T/cc.tar.gz' | tail -n +2 | wc -l"
out_is "archive concurrent adds keep both" "16"
run "cchc-archive verify '$T/cc.tar.gz'"
status "archive concurrent adds verify" 0

run "cchc-archive frobnicate '$A'"
status "archive unknown command" 2
run "cchc-archive list '$T/none.tar.gz'"
status "archive list of a missing archive" 1
err_is "archive list of a missing archive says so" "cchc-archive: $T/none.tar.gz: No such file or directory"
# add to a file that is no archive: refused, the file untouched
cp "$S/reports/000_3aab98dee64cbd9b.txt" "$T/report.txt"
cp "$T/report.txt" "$T/report.keep"
run "cchc-archive add '$T/report.txt' '$S/reports/001_e81782a772853c36.txt'"
status "archive add to a report (no archive) fails" 1
err_is "archive add to a report says why" "cchc-archive: $T/report.txt: not a cchc archive (it does not start with a gzip member of whole tar entries): nothing added, the file is left as it was"
yes "archive add to a report leaves it as it was, with no lock file" "cmp -s '$T/report.txt' '$T/report.keep' && [ ! -e '$T/report.txt.lock' ]"
printf 'a,b\n1,2\n' | gzip > "$T/plain.csv.gz"
cp "$T/plain.csv.gz" "$T/plain.keep"
run "cchc-archive add '$T/plain.csv.gz' '$S/reports/001_e81782a772853c36.txt'"
status "archive add to a plain .gz fails" 1
yes "archive add to a plain .gz leaves it as it was" "cmp -s '$T/plain.csv.gz' '$T/plain.keep'"
# a FIFO is refused at once, not waited on
mkfifo "$T/fifo"
run "timeout 10 cchc-archive add '$T/fifo.tar.gz' '$T/fifo' '$S/reports/001_e81782a772853c36.txt'"
status "archive add with a FIFO: the FIFO is an error, the run does not block" 1
err_has "archive add names the FIFO" "cchc-archive: $T/fifo: not a regular file"
run "cchc-archive list '$T/fifo.tar.gz' | cut -d, -f1 | tail -n +2"
out_is "archive add with a FIFO still adds the other files" "${S#/}/reports/001_e81782a772853c36.txt"
# a folder named instead of its files: said, and no empty archive, index
# or lock left behind
mkdir -p "$T/dirin/sub" && echo x > "$T/dirin/sub/a.txt"
run "cd '$T/dirin' && cchc-archive add t.tar.gz sub/"
status "archive add DIR/ fails" 1
err_has "archive add DIR/ says what to do" "cchc-archive: sub/: a directory: name its files (find DIR -type f | cchc-archive add ARCHIVE -T -)"
yes "archive add DIR/ leaves no archive, index or lock" "[ ! -e '$T/dirin/t.tar.gz' ] && [ ! -e '$T/dirin/t.tar.gz.idx' ] && [ ! -e '$T/dirin/t.tar.gz.lock' ]"
run "cd '$T/dirin' && find sub -type f | cchc-archive add t.tar.gz -T -"
status "archive add -T -: the folder's files" 0
# a name longer than a ustar header holds: a pax header, read by tar and by us
long=$(python3 -c "print('Bao-cao-' + 'dài' * 50 + '.txt')")
mkdir -p "$T/longd"
cp "$S/reports/002_836013e4dcef9340.txt" "$T/longd/$long"
run "cd '$T/longd' && cchc-archive -q add '$T/long.tar.gz' '$long'"
status "archive add of a 200-byte name" 0
yes "archive: tar reads the long name whole" "tar tzf '$T/long.tar.gz' | grep -qxF '$long'"
run "cchc-archive cat '$T/long.tar.gz' '$long'"
same "archive cat of a long name" "$S/reports/002_836013e4dcef9340.txt"
run "cchc-archive verify '$T/long.tar.gz'"
status "archive with a long name verifies" 0
# verify checks every field of the index against the members
cp "$T/long.tar.gz" "$T/v.tar.gz"
cp "$T/long.tar.gz.idx" "$T/v.tar.gz.idx"
python3 - "$T/v.tar.gz.idx" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
rows[1][2] = str(int(rows[1][2]) + 1)  # the size
csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
PY
run "cchc-archive verify '$T/v.tar.gz'"
status "archive verify: an index with a wrong size fails" 1
err_has "archive verify names the row and the field" "cchc-archive: $T/v.tar.gz.idx: row 2 ($long): size does not match the archive"
# an index that cannot be written puts the archive back as it was
cp "$T/v.tar.gz" "$T/w.tar.gz"
cp "$T/w.tar.gz" "$T/w.keep"
mkdir "$T/w.tar.gz.idx"
run "cchc-archive add '$T/w.tar.gz' '$S/reports/003_d73027080bf1c7f3.txt'"
status "archive add whose index cannot be written fails" 1
yes "archive add whose index cannot be written leaves the archive as it was" "cmp -s '$T/w.tar.gz' '$T/w.keep'"
cd "$top" || exit 1
end_tests
