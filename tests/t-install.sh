# make install: programs, man pages and data files under PREFIX; the
# installed programs find their data beside themselves.
top=${top:?}
. "$top/tests/lib.sh"

root=$T/root
# a build of its own (the tests' programs stay as they are), for PREFIX
run "make -C '$top' --no-print-directory -s -j2 install DESTDIR='$root' PREFIX=/opt/cchc O='$T/build' BIN='$T/bin' 2>&1"
status "install" 0
yes "install builds the programs for its PREFIX" "grep -qa '/opt/cchc/share/cchc' '$root/opt/cchc/bin/cchc-extract'"
for f in bin/cchc-text bin/cchc-extract bin/cchc-normalize share/man/man1/cchc-text.1 \
	share/man/man1/cchc-extract.1 share/man/man1/cchc-normalize.1 share/cchc/figures.rules \
	share/cchc/provinces.csv share/cchc/metrics.csv; do
	yes "install puts $f" "[ -s '$root/opt/cchc/$f' ]"
done
run "env -u CCHC_DATA '$root/opt/cchc/bin/cchc-extract' '$S/reports/002_836013e4dcef9340.txt' | env -u CCHC_DATA '$root/opt/cchc/bin/cchc-normalize'"
same "installed programs find their data" "$S/expected/records/002_836013e4dcef9340.csv"
# the pipelines on PATH under cchc- names, with man pages, naming themselves
for p in nightly rebuild extract-parallel metric-across province-series figure-source chart; do
	run "env -i PATH=/usr/bin:/bin '$root/opt/cchc/bin/cchc-$p' --version"
	out_is "installed cchc-$p --version names it as invoked" "cchc-$p (cchc) $(cat "$top/VERSION")"
	yes "installed cchc-$p has a man page" "man -l '$root/opt/cchc/share/man/man1/cchc-$p.1' 2>/dev/null | grep -q 'cchc-$p'"
done
yes "install keeps the reference table" "[ -s '$root/opt/cchc/share/cchc/reference/par-index.csv' ]"
# the README's install and crontab line, read from the README, as cron runs
# it: PATH=/usr/bin:/bin, no HOME; /opt/cchc is the staged install
line=$(sed -n '/^# crontab: every night/{n;p;}' "$top/README.md")
yes "the README's install command installs where its crontab line looks" "grep -q 'make install PREFIX=/opt/cchc' '$top/README.md' && printf '%s' '$line' | grep -q ' /opt/cchc/bin/cchc-nightly '"
cmd=$(printf '%s\n' "$line" | cut -d' ' -f6- | sed "s|/opt/cchc|$root/opt/cchc|g; s|/srv/cchc|$T/srv|g")
mkdir -p "$T/srv/inbox" "$T/srv/data"
cp "$S"/reports/*.txt "$T/srv/inbox/"
run "cd / && env -i PATH=/usr/bin:/bin HOME=/nonexistent $cmd"
status "the README's crontab line, as cron runs it" 0
yes "the crontab line processes every report" "[ -z \"\$(ls -A '$T/srv/inbox')\" ] && [ \$(tail -n +2 '$T/srv/data/records.csv' | wc -l) -gt 20 ] && [ -z \"\$(ls -A '$T/srv/data/quarantine')\" ]"
yes "the crontab line logs its run" "grep -q ' new=5 ' '$T/srv/data/log/nightly.log'"
yes "the installed job joins the installed reference table" "[ -s '$T/srv/data/tables/province-period-reference.csv' ]"
run "env -i PATH=/usr/bin:/bin HOME=/nonexistent '$root/opt/cchc/bin/cchc-metric-across' --owner nation '$T/srv/data' tasks_completion_rate 2024"
status "installed metric-across under cron's environment" 0
yes "installed metric-across ranks the nation's blocks" "grep -q '^1 *national 2024-H1 44.1 ' '$T/out' && grep -q '^2 *national 2024-H1 40.36 ' '$T/out'"
run "printf '=== a.txt\\nNăm 2023 tỉnh An Giang đạt 86,9%%.\\n=== b.txt\\nNăm 2022 tỉnh An Giang đạt 85%%.\\n' | env -i PATH=/usr/bin:/bin '$root/opt/cchc/bin/cchc-extract-parallel' -j 2 - | cut -d, -f1,2"
out_is "installed cchc-extract-parallel finds cchc-extract" "doc,line
a.txt,1
b.txt,1"
run "make -C '$top' --no-print-directory -s uninstall DESTDIR='$root' PREFIX=/opt/cchc 2>&1"
yes "uninstall removes them" "[ ! -e '$root/opt/cchc/bin/cchc-text' ] && [ ! -e '$root/opt/cchc/bin/cchc-nightly' ] && [ ! -e '$root/opt/cchc/share/cchc' ]"
yes "uninstall leaves no empty folder" "[ ! -e '$root/opt' ]"
end_tests
