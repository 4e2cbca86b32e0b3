#!/bin/sh
# The OCR throughput limit on this machine: the raw tesseract C API with
# 1 and 2 threads (one TessBaseAPI each), with and without
# OMP_THREAD_LIMIT=1, and the tesseract command run once per page. Builds
# bench/ocr-limit.c, runs it over bench/pages/*.png and prints a markdown
# block.
#
# usage: bench-ocr-limit.sh BUILDDIR SRCDIR
# PASSES (default 3) sets how often each mode goes over the pages.
set -eu

if [ $# -ne 2 ]; then
	echo "usage: bench-ocr-limit.sh BUILDDIR SRCDIR" >&2
	exit 2
fi
builddir=$1
srcdir=$2
: "${PASSES:=3}"
: "${CC:=cc}"
: "${TESSERACT:=tesseract}"

out="$builddir/bench/ocr-limit.d"
mkdir -p "$out"
# shellcheck disable=SC2046
"$CC" -std=c11 -D_GNU_SOURCE -O2 $(pkg-config --cflags tesseract lept) \
	-o "$out/ocr-limit" "$srcdir/bench/ocr-limit.c" \
	$(pkg-config --libs tesseract lept) -pthread

pages="$srcdir/bench/pages"
if ! ls "$pages"/*.png >/dev/null 2>&1; then
	pages="$out/pages"
	mkdir -p "$pages"
	sh "$srcdir/bench/pages/make-pages.sh" "$pages"
fi

# run NAME OMP [ARGS...]: OMP is a limit or "unset"; output in $out/NAME.
run() {
	name=$1 omp=$2
	shift 2
	if [ "$omp" = unset ]; then
		env -u OMP_THREAD_LIMIT "$out/ocr-limit" -p "$PASSES" "$@" "$pages"/*.png
	else
		env OMP_THREAD_LIMIT="$omp" "$out/ocr-limit" -p "$PASSES" "$@" "$pages"/*.png
	fi >"$out/$name"
	echo "  $name: $(grep '^result' "$out/$name" | sed 's/^result //')" >&2
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "measuring (PASSES=$PASSES, a few minutes):" >&2
run api1 1
run api1-noomp unset
run api2 1 -t 2
run api2-noomp unset -t 2
run api1-psm3 1 -s 3
run cmd1 1 -c -C "$TESSERACT"
run cmd1-noomp unset -c -C "$TESSERACT"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# field FILE KEY: a key=value from the result line of FILE.
field() {
	awk -v k="$2" '$1 == "result" {
		for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] }
	}' "$out/$1"
}

row() {
	printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$(field "$2" threads)" \
		"$(field "$2" omp_thread_limit)" "$(field "$2" pages_per_s)" \
		"$(field "$2" ms_per_page)" "$(field "$2" recall)"
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
set -- "$pages"/*.png
npages=$#
echo '```'
echo "OCR throughput limit: $("$TESSERACT" --version 2>&1 | head -n 1), $(pkg-config --modversion lept | sed 's/^/leptonica /'),"
echo "eng (Debian's LSTM fast model); $npages pages, passes per thread: $PASSES; pages decoded once"
echo "$(nproc) CPUs ($cpu); load average $load_before before, $load_after after"
echo '```'
echo
echo '| Mode | Threads | OMP_THREAD_LIMIT | pages/s | ms/page | recall |'
echo '|---|---|---|---|---|---|'
row 'raw C API (psm 6, the library default)' api1
row 'raw C API (psm 6)' api1-noomp
row 'raw C API (psm 6), one TessBaseAPI per thread' api2
row 'raw C API (psm 6), one TessBaseAPI per thread' api2-noomp
row 'raw C API (psm 3, as the command)' api1-psm3
# shellcheck disable=SC2016 # markdown code, not a command
row '`tesseract page.png -` per page (psm 3)' cmd1
# shellcheck disable=SC2016
row '`tesseract page.png -` per page (psm 3)' cmd1-noomp
echo
echo "Engine start (TessBaseAPIInit, eng): $(field api1 init_ms) ms. ms/page is the mean"
echo "time of one recognition as seen by its thread; pages/s counts all threads."
echo "recall: share of each page's words found in the output (bench/pages/*.txt)."
echo
echo '| Page | Size | dpi | API ms (1 thread) | command ms |'
echo '|---|---|---|---|---|'
awk '$1 == "page" {
	for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
	printf "%s %s %s %s %s\n", f["name"], f["width"] "x" f["height"], f["dpi"], f["ms"], FILENAME
}' "$out/api1" "$out/cmd1" | awk '
	$5 ~ /api1$/ { size[$1] = $2; dpi[$1] = $3; api[$1] = $4; order[++n] = $1 }
	$5 ~ /cmd1$/ { cmd[$1] = $4 }
	END { for (i = 1; i <= n; i++) { p = order[i]
		printf "| %s | %s | %s | %s | %s |\n", p, size[p], dpi[p], api[p], cmd[p] } }'
