# The output contract every filter shares (filters/lib/output.c): a regular
# file appears whole or not at all, an existing one is left as it was on
# failure, a link's target is written and the link stays, a FIFO or device
# is written in place, /dev/stdout is the descriptor the shell opened, and
# every write error is reported and fails the run.
top=${top:?}
. "$top/tests/lib.sh"

R=$S/reports/004_92d8ee77b83b01ae.txt
M=$S/expected/mentions/004_92d8ee77b83b01ae.csv
REC=$S/expected/records/004_92d8ee77b83b01ae.csv
# A filter of documents writes those it could read and fails for the
# others; when it could read none, the old file stays (bad, below)
for f in text extract; do
	echo old > "$T/part.$f"
	run "cchc-$f -o '$T/part.$f' '$R' '$T/missing.txt'"
	status "$f: -o with one unreadable input of two fails" 1
	run "cchc-$f '$R' '$T/missing.txt'"
	yes "$f: -o with one unreadable input of two writes the other's" "cmp -s '$T/part.$f' '$T/out'"
done

# cmd NAME OUT: the command line of each filter writing to OUT
cmd() {
	case $1 in
	text) echo "cchc-text -o '$2' '$R'" ;;
	extract) echo "cchc-extract -o '$2' '$R'" ;;
	normalize) echo "cchc-normalize -o '$2' '$M'" ;;
	join) echo "cchc-join -o '$2' -k province,year '$REC' '$S/reference/par-index.csv'" ;;
	pivot) echo "cchc-pivot -o '$2' -r province,period -c metric -v value '$REC'" ;;
	esac
}
# bad NAME OUT: the same with an input that cannot be read
bad() {
	case $1 in
	text) echo "cchc-text -o '$2' '$T/missing.txt'" ;;
	extract) echo "cchc-extract -o '$2' '$T/missing.txt'" ;;
	normalize) echo "cchc-normalize -o '$2' '$M' '$T/missing.csv'" ;;
	join) echo "cchc-join -o '$2' -k province,year '$REC' '$T/missing.csv'" ;;
	pivot) echo "cchc-pivot -o '$2' -r province,period -c metric -v value '$T/missing.csv'" ;;
	esac
}

for f in text extract normalize join pivot; do
	run "$(cmd $f "$T/want.$f")"
	status "$f: -o FILE" 0

	echo old > "$T/keep.$f"
	run "$(bad $f "$T/keep.$f")"
	status "$f: -o with an unreadable input fails" 1
	yes "$f: -o with an unreadable input leaves the old file as it was" "[ \"\$(cat '$T/keep.$f')\" = old ]"

	rm -f "$T/target.$f" "$T/link.$f"
	ln -s "target.$f" "$T/link.$f"
	run "$(cmd $f "$T/link.$f")"
	status "$f: -o on a dangling link" 0
	yes "$f: -o on a link writes its target and the link stays" "[ -L '$T/link.$f' ] && cmp -s '$T/target.$f' '$T/want.$f'"

	rm -f "$T/fifo.$f"
	mkfifo "$T/fifo.$f"
	timeout 30 cat "$T/fifo.$f" > "$T/fromfifo.$f" &
	run "$(cmd $f "$T/fifo.$f")"
	wait
	status "$f: -o on a FIFO" 0
	yes "$f: -o on a FIFO writes into it, and it stays a FIFO" "[ -p '$T/fifo.$f' ] && cmp -s '$T/fromfifo.$f' '$T/want.$f'"

	if [ -w /dev/full ]; then
		run "$(cmd $f /dev/full)"
		status "$f: -o /dev/full fails" 1
		err_has "$f: -o /dev/full says why" "cchc-$f: /dev/full: write error: No space left on device"
		yes "$f: -o /dev/full leaves the device a device" "[ -c /dev/full ]"
	fi

	echo first > "$T/append.$f"
	run "$(cmd $f /dev/stdout) >> '$T/append.$f'"
	status "$f: -o /dev/stdout" 0
	yes "$f: -o /dev/stdout appends where the shell says" "[ \"\$(head -1 '$T/append.$f')\" = first ] && [ \$(wc -l < '$T/append.$f') -eq \$((\$(wc -l < '$T/want.$f') + 1)) ]"
done

# the archive's readers: a full stdout is an error
cchc-archive -q add "$T/a.tar.gz" "$R"
if [ -w /dev/full ]; then
	run "cchc-archive list '$T/a.tar.gz' > /dev/full"
	status "archive list to a full stdout fails" 1
	run "cchc-archive cat '$T/a.tar.gz' '${R#/}' > /dev/full"
	status "archive cat to a full stdout fails" 1
fi
end_tests
