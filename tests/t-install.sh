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
# the README's crontab line, as cron runs it: PATH=/usr/bin:/bin, no HOME
mkdir -p "$T/inbox"
cp "$S"/reports/*.txt "$T/inbox/"
run "env -i PATH=/usr/bin:/bin HOME=/nonexistent '$root/opt/cchc/share/cchc/pipelines/nightly' -q '$T/inbox' '$T/data'"
status "installed nightly under cron's environment" 0
yes "installed nightly under cron's environment processes every report" "[ -z \"\$(ls -A '$T/inbox')\" ] && [ \$(tail -n +2 '$T/data/records.csv' | wc -l) -gt 20 ] && [ -z \"\$(ls -A '$T/data/quarantine')\" ]"
yes "installed nightly logs its run" "grep -q ' new=5 ' '$T/data/log/nightly.log'"
run "env -i PATH=/usr/bin:/bin HOME=/nonexistent '$root/opt/cchc/share/cchc/pipelines/metric-across' --owner nation '$T/data' tasks_completion_rate 2024"
status "installed metric-across under cron's environment" 0
yes "installed metric-across ranks the nation's blocks" "grep -q '^1 *national 2024-H1 44.1 ' '$T/out' && grep -q '^2 *national 2024-H1 40.36 ' '$T/out'"
run "make -C '$top' --no-print-directory -s uninstall DESTDIR='$root' PREFIX=/opt/cchc 2>&1"
yes "uninstall removes them" "[ ! -e '$root/opt/cchc/bin/cchc-text' ] && [ ! -e '$root/opt/cchc/share/cchc' ]"
end_tests
