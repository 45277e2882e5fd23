#!/usr/bin/env bash
# make bench: each hot path against the peer a user would otherwise use, on
# the same input in the same run.  Prints throughput and ratios.
#   BENCH_MB   size of the synthetic corpus (default 200)
#   GEN_CORPUS path of gen-corpus (default ../shared/bench/gen-corpus)
set -euo pipefail
LC_ALL=C.UTF-8
export LC_ALL
top=$(cd "$(dirname "$0")/.." && pwd)
mb=${BENCH_MB:-200}
gen=${GEN_CORPUS:-$top/../shared/bench/gen-corpus}
work=$top/build/bench
mkdir -p "$work"
if [ ! -x "$gen" ]; then
	echo "bench: $gen not found: set GEN_CORPUS to the gen-corpus script" >&2
	exit 1
fi
corpus=$work/corpus-$mb.txt
if [ ! -s "$corpus" ]; then
	echo "bench: generating a $mb MB corpus (gen-corpus --size $mb --stream)" >&2
	python3 "$gen" --size "$mb" --stream > "$corpus.tmp"
	mv "$corpus.tmp" "$corpus"
fi
bytes=$(stat -c %s "$corpus")

# secs CMD...: wall seconds of one run, output discarded
secs() {
	local t0 t1
	t0=$(date +%s.%N)
	"$@" > /dev/null
	t1=$(date +%s.%N)
	echo "$t1 - $t0" | bc -l
}
rate() { echo "scale=1; $bytes / 1000000 / $1" | bc -l; }
ratio() { echo "scale=3; $2 / $1" | bc -l; }

echo "corpus: $corpus ($((bytes / 1000000)) MB)"
echo
echo "== cchc-extract vs ripgrep"
rgpat='(?:gần|trên|hơn|khoảng|đạt)?\s*\d{1,3}(?:\.\d{3})*(?:,\d+)?\s*(?:%|điểm|triệu|nhiệm vụ|TTHC|hồ sơ)'
rg_s=$(secs bash -c "rg -o '$rgpat' '$corpus' | wc -l")
x1_s=$(secs "$top/bin/cchc-extract" "$corpus")
x2_s=$(secs "$top/pipelines/extract-parallel" -j 2 "$corpus")
printf '%-34s %7.2f s %8s MB/s\n' "ripgrep -o (peer)" "$rg_s" "$(rate "$rg_s")"
printf '%-34s %7.2f s %8s MB/s  ratio to ripgrep %s (target 0.5)\n' \
	"cchc-extract, 1 core" "$x1_s" "$(rate "$x1_s")" "$(ratio "$x1_s" "$rg_s")"
printf '%-34s %7.2f s %8s MB/s  ratio to ripgrep %s (target 1.0)\n' \
	"extract-parallel -j 2" "$x2_s" "$(rate "$x2_s")" "$(ratio "$x2_s" "$rg_s")"

echo
echo "== cchc-normalize vs Miller"
mentions=$work/mentions-1m.csv
if [ ! -s "$mentions" ]; then
	echo "bench: making a 1M-row mentions file from the corpus" >&2
	# head closes the pipe after 1M rows: SIGPIPE is the expected end here
	(set +o pipefail; "$top/bin/cchc-extract" "$corpus" 2>/dev/null | head -n 1000001 > "$mentions.tmp")
	mv "$mentions.tmp" "$mentions"
fi
rows=$(($(wc -l < "$mentions") - 1))
mlr_s=$(secs mlr --icsv --ocsv cat "$mentions")
nz_s=$(bash -c "t0=\$(date +%s.%N); '$top/bin/cchc-normalize' '$mentions' > /dev/null 2>&1; t1=\$(date +%s.%N); echo \"\$t1 - \$t0\" | bc -l")
printf '%-34s %7.2f s %9.0f rows/s\n' "mlr --icsv --ocsv cat (peer)" "$mlr_s" "$(echo "$rows / $mlr_s" | bc -l)"
printf '%-34s %7.2f s %9.0f rows/s  ratio to Miller %s (target: 1M rows/s)\n' \
	"cchc-normalize, 1 core" "$nz_s" "$(echo "$rows / $nz_s" | bc -l)" "$(ratio "$nz_s" "$mlr_s")"
