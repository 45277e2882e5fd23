# make install: programs, man pages and data files under PREFIX; the
# installed programs find their data beside themselves.
top=${top:?}
. "$top/tests/lib.sh"

root=$T/root
run "make -C '$top' --no-print-directory -s install DESTDIR='$root' PREFIX=/opt/cchc BIN='$BIN' 2>&1"
status "install" 0
for f in bin/cchc-text bin/cchc-extract bin/cchc-normalize share/man/man1/cchc-text.1 \
	share/man/man1/cchc-extract.1 share/man/man1/cchc-normalize.1 share/cchc/figures.rules \
	share/cchc/provinces.csv share/cchc/metrics.csv; do
	yes "install puts $f" "[ -s '$root/opt/cchc/$f' ]"
done
run "env -u CCHC_DATA '$root/opt/cchc/bin/cchc-extract' '$S/reports/002_836013e4dcef9340.txt' | env -u CCHC_DATA '$root/opt/cchc/bin/cchc-normalize'"
same "installed programs find their data" "$S/expected/records/002_836013e4dcef9340.csv"
run "make -C '$top' --no-print-directory -s uninstall DESTDIR='$root' PREFIX=/opt/cchc 2>&1"
yes "uninstall removes them" "[ ! -e '$root/opt/cchc/bin/cchc-text' ] && [ ! -e '$root/opt/cchc/share/cchc' ]"
end_tests
