# Scale-out with GNU parallel, as the README shows it: the parts of a stream
# on two "hosts" (':' is this machine), --pipepart, and a batch of files a
# job; the records byte for byte those of the serial run.
top=${top:?}
. "$top/tests/lib.sh"

if ! command -v parallel > /dev/null; then
	echo "skip: GNU parallel (make deps installs it)"
	end_tests
	exit
fi
mkdir -p "$T/r"
cp "$S"/reports/* "$top"/tests/views/reports/* "$T/r/"
for f in "$T"/r/*; do printf '=== %s\n' "$(basename "$f")"; cat "$f"; echo; done > "$T/stream.txt"
run "cchc-extract '$T/stream.txt' | cchc-normalize > '$T/serial.csv'"
status "scale: the serial run" 0
yes "scale: the serial run has records" "[ \$(wc -l < '$T/serial.csv') -gt 40 ]"

# --no-header: no header row, so parts concatenate
run "cchc-extract --no-header '$S/reports/004_92d8ee77b83b01ae.txt' | head -n 1 | cut -d, -f1"
out_is "extract --no-header: the first line is a figure" "004_92d8ee77b83b01ae.txt"
run "cchc-extract '$S/reports/004_92d8ee77b83b01ae.txt' | cchc-normalize --no-header | head -n 1 | cut -d, -f1"
out_is "normalize --no-header: the first line is a record" "004_92d8ee77b83b01ae.txt"

run "{ cchc-normalize < /dev/null; parallel --pipe --recstart '=== ' --keep-order --block 8k -S 2/:,2/: 'cchc-extract - | cchc-normalize --no-header' < '$T/stream.txt'; } > '$T/par.csv' 2> /dev/null"
status "scale: parallel --pipe over two hosts" 0
yes "scale: --pipe over two hosts gives the serial records" "cmp -s '$T/serial.csv' '$T/par.csv'"
run "{ cchc-normalize < /dev/null; parallel --pipepart -a '$T/stream.txt' --recstart '=== ' --keep-order --block 8k -j 2 'cchc-extract - | cchc-normalize --no-header'; } > '$T/pp.csv' 2> /dev/null"
status "scale: parallel --pipepart" 0
yes "scale: --pipepart gives the serial records" "cmp -s '$T/serial.csv' '$T/pp.csv'"
run "cd '$T/r' && cchc-extract * | cchc-normalize > '$T/files-serial.csv'"
run "cd '$T/r' && { cchc-normalize < /dev/null; ls | parallel -X -N 3 --keep-order -S 2/: 'cchc-extract {} | cchc-normalize --no-header'; } > '$T/files-par.csv'"
status "scale: parallel over files" 0
yes "scale: a batch of files a job gives the serial records" "cmp -s '$T/files-serial.csv' '$T/files-par.csv'"
end_tests
