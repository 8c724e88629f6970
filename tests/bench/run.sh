#!/bin/sh
# run.sh - make bench: generate the benchmark dossiers (once), measure,
# print the figures and add them to tests/bench/RESULTS.md.
#
# Needs: the built dossier, tests/bench/bench and tests/bench/gen (make
# bench builds them), tmux or script(1) for the reader's first frame;
# rg, grep and /usr/bin/time are measured beside dossier when present.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${builddir:=$(pwd)}"
DOSSIER=${DOSSIER:-$builddir/dossier}
BENCH=${BENCH:-$builddir/tests/bench/bench}
GEN=${GEN:-$builddir/tests/bench/gen}
DATA=${BENCH_DATA:-$builddir/bench-data}
RUNS=${BENCH_RUNS:-5}
RESULTS=${RESULTS:-$top_srcdir/tests/bench/RESULTS.md}
export LC_ALL=C.UTF-8

now_ms() { date +%s%N | awk '{ printf "%.1f", $1 / 1000000 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "n/a" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# --- data ------------------------------------------------------------------
mkdir -p "$DATA"
for n in 100 10000; do
	if [ ! -f "$DATA/d$n/$(printf '%05d' "$n").txt" ]; then
		"$GEN" -n "$n" "$top_srcdir/articles" "$DATA/d$n" || exit 2
	fi
done
[ -f "$DATA/big50.txt" ] && [ -f "$DATA/line20.txt" ] ||
	"$GEN" -n 0 --big50 "$DATA/big50.txt" --line20 "$DATA/line20.txt" \
	    "$top_srcdir/articles" "$DATA/unused" || exit 2
# a dossier whose first article is the 50 MB one: its first frame comes
# before that article is read
mkdir -p "$DATA/bigfirst"
ln -f "$DATA/big50.txt" "$DATA/bigfirst/01-big50.txt" 2>/dev/null ||
	cp "$DATA/big50.txt" "$DATA/bigfirst/01-big50.txt"
cp "$top_srcdir/articles/"*.txt "$DATA/bigfirst/"
mb() { du -sm "$1" | cut -f1; }

# --- the reader: first frame and index ready, in a terminal ------------------
# script(1) gives it a terminal; the reader writes its own timings.
reader_times() {	# DIR -> "first_frame index rss_kb" medians
	for i in $(seq "$RUNS"); do
		out="$DATA/reader.out"
		rm -f "$out"
		if command -v /usr/bin/time >/dev/null 2>&1; then
			tm="/usr/bin/time -f %M -o $DATA/rss.out"
		else
			tm=
		fi
		HOME="$DATA/home" DOSSIER_BENCH="$out" DOSSIER_BENCH_QUIT=1 \
		    TERM=xterm-256color timeout 60 script -qec \
		    "stty cols 100 rows 30; $tm '$DOSSIER' '$1'" /dev/null \
		    >/dev/null 2>&1
		awk '/first_frame_ms/ { f = $2 } /index_ms/ { x = $2 } END { print f, x }' "$out" 2>/dev/null
		[ -n "$tm" ] && cat "$DATA/rss.out" >> "$DATA/rss.all"
	done
}
summarise_reader() {	# DIR LABEL
	rm -f "$DATA/rss.all"
	reader_times "$1" > "$DATA/reader.all"
	ff=$(cut -d' ' -f1 "$DATA/reader.all" | median)
	ix=$(cut -d' ' -f2 "$DATA/reader.all" | median)
	rss=$( [ -f "$DATA/rss.all" ] && median < "$DATA/rss.all" || echo n/a)
	echo "| $2 | first frame | $ff ms |"
	echo "| $2 | index ready | $ix ms |"
	echo "| $2 | reader peak RSS | $rss KB ($(mb "$1") MB of articles) |"
}

# --- whole-process search --count beside rg and grep ---------------------------
time_cmd() {	# median ms of RUNS runs of the command
	for i in $(seq "$RUNS"); do
		t0=$(now_ms)
		"$@" >/dev/null 2>&1
		t1=$(now_ms)
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", b - a }'
	done | median
}
compare_search() {	# DIR QUERY LABEL
	d=$(time_cmd "$DOSSIER" --search "$2" --count "$1")
	line="| $3 | \`dossier --search $2 --count\` | $d ms"
	if command -v rg >/dev/null 2>&1; then
		r=$(time_cmd rg -c -i "$2" "$1")
		line="$line; rg -c -i $r ms (x$(ratio "$d" "$r"))"
	fi
	g=$(time_cmd grep -rci "$2" "$1")
	line="$line; grep -rci $g ms (x$(ratio "$d" "$g")) |"
	echo "$line"
}

# --- --search streams: first line, peak memory, a reader that goes away ------
# targets: first line < 0.5 s, peak RSS < 100 MB, however large the output
stream_search() {	# DIR LABEL
	"$BENCH" stream "$DOSSIER" --search e "$1" > "$DATA/stream.out"
	awk -v label="$2" -v mb="$(mb "$1")" '{ v[$1] = $2 } END {
	    printf "| %s | `dossier --search e` (%d lines, %s MB of articles): first line, whole run, peak RSS | %s ms; %.1f s; %s KB |\n", label, v["lines"], mb, v["first_line_ms"], v["total_ms"] / 1000, v["child_rss_kb"];
	    printf "| %s | `dossier --search e \\| head -1`: exit after the pipe closes | %s ms (%s) |\n", label, v["exit_after_close_ms"], v["ended_by_signal"] == 13 ? "SIGPIPE" : "status " v["ended_with_status"] }' "$DATA/stream.out"
}

run() {
	echo "| dossier | what | figure |"
	echo "|---|---|---|"
	summarise_reader "$top_srcdir/articles" "5 bundled"
	summarise_reader "$DATA/d100" "100 articles"
	summarise_reader "$DATA/d10000" "10,000 articles"
	summarise_reader "$DATA/bigfirst" "50 MB article first, 5 more"
	for n in 100 10000; do
		"$BENCH" keys "$DATA/d$n" > "$DATA/keys.out"
		awk -v n="$n" '{ v[$1] = $2 } END {
		    printf "| %s articles | keystroke latency, /oekraine veiligheid and back | p50 %s ms, p95 %s ms, max %s ms |\n", n, v["key_p50_ms"], v["key_p95_ms"], v["key_max_ms"];
		    printf "| %s articles | the full count after a keystroke (idle time, worst) | %s ms |\n", n, v["count_max_ms"];
		    printf "| %s articles | peak RSS, all read and indexed | %s KB |\n", n, v["rss_kb"] }' "$DATA/keys.out"
		compare_search "$DATA/d$n" vrede "$n articles, frequent"
		compare_search "$DATA/d$n" zzqqxx "$n articles, absent"
	done
	stream_search "$DATA/d10000" "10000 articles"
	"$BENCH" open "$DATA/big50.txt" | awk '{ v[$1] = $2 } END {
	    printf "| 50 MB article | open (read, first screen) | %s ms, peak RSS %s KB |\n", v["open_ms"], v["rss_kb"] }'
	"$BENCH" end "$DATA/line20.txt" | awk '{ v[$1] = $2 } END {
	    printf "| 20 MB single line | G to the end | %s ms, peak RSS %s KB |\n", v["end_ms"], v["rss_kb"] }'
}

table=$(run)
printf '%s\n' "$table"
[ -f "$RESULTS" ] && fresh=0 || fresh=1
{
	[ $fresh = 0 ] || printf '# Benchmark results\n\nAppended by `make bench`; newest last.\n'
	printf '\n## %s on %s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" \
	    "$(uname -m), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r)"
	printf 'Medians of %s runs; dossier %s.\n\n' "$RUNS" "$("$DOSSIER" --version | cut -d' ' -f2)"
	printf '%s\n' "$table"
} >> "$RESULTS"
echo "(added to $RESULTS)"
