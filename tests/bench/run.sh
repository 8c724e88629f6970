#!/bin/sh
# run.sh - make bench: generate the benchmark dossiers (once), measure,
# print the figures and add them to tests/bench/RESULTS.md.
#
# Needs: the built dossier, tests/bench/bench and tests/bench/gen (make
# bench builds them), tmux or script(1) for the reader's first frame;
# rg, grep and /usr/bin/time are measured beside dossier when present,
# hyperfine times the searches when present.
#
# Issue 18's rows (the cache) measure each figure twice: the first run
# with the cache emptied, the second right after it.  The cache lives in
# bench-data/cache (XDG_CACHE_HOME), never in the user's.
#
#   BENCH_ONLY=cache   only issue 18's rows (and their targets table)
#   BENCH_RUNS=N       runs per figure (default 5); BENCH_BIG_RUNS for
#                      the 100,000-article rows (default 3)
#   BENCH_BIG=DIR, BENCH_MID=DIR  the 100,000- and 10,000-article
#                      dossiers (default: generated nested, 100 articles
#                      a folder, in bench-data/n100000 and n10000)
#   BENCH_BASE=PROG    an older dossier to time beside (the first run of
#                      --search --count must not be slower than it)
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${builddir:=$(pwd)}"
DOSSIER=${DOSSIER:-$builddir/dossier}
BENCH=${BENCH:-$builddir/tests/bench/bench}
GEN=${GEN:-$builddir/tests/bench/gen}
DATA=${BENCH_DATA:-$builddir/bench-data}
RUNS=${BENCH_RUNS:-5}
BIG_RUNS=${BENCH_BIG_RUNS:-3}
ONLY=${BENCH_ONLY:-}
BIG=${BENCH_BIG:-$DATA/n100000}
MID=${BENCH_MID:-$DATA/n10000}
BASE=${BENCH_BASE:-}
RESULTS=${RESULTS:-$top_srcdir/tests/bench/RESULTS.md}
CACHE=$DATA/cache
TARGETS=$DATA/targets.txt
export LC_ALL=C.UTF-8
export XDG_CACHE_HOME="$CACHE"
case $ONLY in
''|cache) ;;
*) echo "run.sh: BENCH_ONLY=$ONLY: only 'cache' is known" >&2; exit 2 ;;
esac

now_ms() { date +%s%N | awk '{ printf "%.1f", $1 / 1000000 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "n/a" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# --- data ------------------------------------------------------------------
mkdir -p "$DATA"
# nested, as real dossiers are: 100 articles a folder; the stamp beside
# says the generation finished
gen_nested() {	# N DIR
	[ -f "$2.done" ] && return 0
	rm -rf "$2"
	"$GEN" -n "$1" --folders $(($1 / 100)) "$top_srcdir/articles" "$2" &&
	    : > "$2.done" || exit 2
}
[ "$BIG" = "$DATA/n100000" ] && gen_nested 100000 "$BIG"
[ "$MID" = "$DATA/n10000" ] && gen_nested 10000 "$MID"
if [ -z "$ONLY" ]; then
	for n in 100 10000; do
		if [ ! -f "$DATA/d$n/$(printf '%05d' "$n").txt" ]; then
			"$GEN" -n "$n" "$top_srcdir/articles" "$DATA/d$n" || exit 2
		fi
	done
	[ -f "$DATA/big50.txt" ] && [ -f "$DATA/line20.txt" ] ||
		"$GEN" -n 0 --big50 "$DATA/big50.txt" --line20 "$DATA/line20.txt" \
		    "$top_srcdir/articles" "$DATA/unused" || exit 2
	# a dossier whose first article is the 50 MB one: its first frame
	# comes before that article is read
	mkdir -p "$DATA/bigfirst"
	ln -f "$DATA/big50.txt" "$DATA/bigfirst/01-big50.txt" 2>/dev/null ||
		cp "$DATA/big50.txt" "$DATA/bigfirst/01-big50.txt"
	cp "$top_srcdir/articles/"*.txt "$DATA/bigfirst/"
fi
mb() { du -sm "$1" | cut -f1; }

# --- the reader: first frame and index ready, in a terminal ------------------
# script(1) gives it a terminal; the reader writes its own timings.
if command -v /usr/bin/time >/dev/null 2>&1; then
	RSS_TIME="/usr/bin/time -f %M -o $DATA/rss.out"
else
	RSS_TIME=
fi
reader_once() {	# DIR [TIMEOUT] -> "first_frame_ms index_ms rss_kb"
	out="$DATA/reader.out"
	rm -f "$out" "$DATA/rss.out"
	HOME="$DATA/home" DOSSIER_BENCH="$out" DOSSIER_BENCH_QUIT=1 \
	    DOSSIER_CACHE_TRACE=1 TERM=xterm-256color timeout "${2:-60}" \
	    script -qec "stty cols 100 rows 30; $RSS_TIME '$DOSSIER' '$1' \
	    2>'$DATA/trace.out'" /dev/null >/dev/null 2>&1
	rss=$(cat "$DATA/rss.out" 2>/dev/null | tail -1)
	awk -v rss="${rss:-n/a}" '/first_frame_ms/ { f = $2 }
	    /index_ms/ { x = $2 } END { print f, x, rss }' "$out" 2>/dev/null
}
reader_times() {	# DIR -> "first_frame index rss_kb", RUNS lines
	for i in $(seq "$RUNS"); do
		reader_once "$1"
	done
}
summarise_reader() {	# DIR LABEL
	reader_times "$1" > "$DATA/reader.all"
	ff=$(cut -d' ' -f1 "$DATA/reader.all" | median)
	ix=$(cut -d' ' -f2 "$DATA/reader.all" | median)
	rss=$(cut -d' ' -f3 "$DATA/reader.all" | median)
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

# --- issue 18: the cache; first run (cache emptied), then the second -------
# Each figure twice: the first run after `rm -rf` of the cache, the second
# right after it.  With DOSSIER_CACHE_TRACE=1 dossier says on stderr what
# it took from the cache; the second run's words are shown beside.
# A search leaves writing the cache to a child process that holds
# FILE.lock while it works: wait for it before the next figure.
writers() {
	for f in "$CACHE"/dossier/*.lock; do
		[ -f "$f" ] && flock "$f" true
	done
	return 0
}
cold() { writers; rm -rf "$CACHE"; }
# the same for hyperfine's --prepare, and the disk quiet again (the
# writer's file is not being written back while the next run is timed)
printf '#!/bin/sh\nfor f in "%s"/dossier/*.lock; do [ -f "$f" ] && flock "$f" true; done\nrm -rf "%s"\nsync\n' \
    "$CACHE" "$CACHE" > "$DATA/cold.sh"
ms_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f\n", b - a }'; }
col() { cut -d' ' -f"$1" "$2" | median; }	# COLUMN FILE -> median
mib() { awk -v k="$1" 'BEGIN { if (k + 0 > 0) printf "%.0f", k / 1024; else print "n/a" }'; }
traced() {	# what the last run's cache trace said, as " (cache: ...)"
	t=$(grep -m1 '^dossier: cache ' "$DATA/trace.out" 2>/dev/null |
	    sed 's/^dossier: cache .*: \([0-9]\)/\1/')
	[ -z "$t" ] || echo " (cache: $t)"
}
described() {	# DIR -> "N articles in K folders"
	printf '%s articles' "$(find "$1" -name '*.txt' | wc -l)"
	k=$(find "$1" -mindepth 1 -type d | wc -l)
	[ "$k" = 0 ] || printf ' in %s folders' "$k"
}
target() {	# WHAT MEASURED VALUE LIMIT: a line of the targets table
	awk -v w="$1" -v m="$2" -v v="$3" -v l="$4" 'BEGIN {
	    ok = v ~ /^[0-9.]+$/ ? (v + 0 <= l + 0 ? "met" : "missed") : "not measured"
	    printf "| %s | %s | %s |\n", w, m, ok }' >> "$TARGETS"
}

list_pair() {	# DIR LABEL
	rm -f "$DATA/list.first" "$DATA/list.second"
	for i in $(seq "$BIG_RUNS"); do
		cold
		for w in first second; do
			rm -f "$DATA/rss.out"
			t0=$(now_ms)
			DOSSIER_CACHE_TRACE=1 $RSS_TIME "$DOSSIER" --list "$1" \
			    >/dev/null 2>"$DATA/trace.out"
			t=$(ms_since "$t0")
			echo "$t $(tail -1 "$DATA/rss.out" 2>/dev/null || echo n/a)" \
			    >> "$DATA/list.$w"
		done
	done
	t1=$(col 1 "$DATA/list.first") k1=$(col 2 "$DATA/list.first")
	t2=$(col 1 "$DATA/list.second") k2=$(col 2 "$DATA/list.second")
	echo "| $2 | \`dossier --list\`, first run (cache emptied) | $t1 ms; peak RSS $k1 KB |"
	echo "| $2 | \`dossier --list\`, second run | $t2 ms; peak RSS $k2 KB$(traced) |"
	target "\`--list\`, $2: ≤ 1 s" "$t2 ms (first run $t1 ms)" "$t2" 1000
	target "\`--list\`, $2: ≤ 300 MB" "$(mib "$k2") MB (first run $(mib "$k1") MB)" "$(mib "$k2")" 300
}

reader_pair() {	# DIR LABEL RUNS [rss]: rss, to hold it to its target
	rm -f "$DATA/rp.first" "$DATA/rp.second"
	for i in $(seq "$3"); do
		cold
		reader_once "$1" 900 >> "$DATA/rp.first"
		reader_once "$1" 900 >> "$DATA/rp.second"
	done
	tr=$(traced)
	kb=$(du -sk "$1" | cut -f1)
	for w in first second; do
		ff=$(col 1 "$DATA/rp.$w") ix=$(col 2 "$DATA/rp.$w")
		rss=$(col 3 "$DATA/rp.$w")
		x=$(ratio "$rss" "$kb")
		[ $w = first ] && ff1=$ff x1=$x
		[ $w = first ] && what="first run (cache emptied)" || what="second run"
		echo "| $2 | reader, $what: first frame; every article indexed; peak RSS | $ff ms; $ix ms; $rss KB = x$x of $kb KB on disk$([ $w = second ] && echo "$tr") |"
	done
	target "reader's first frame, $2: ≤ 50 ms" "$ff ms (first run $ff1 ms)" "$ff" 50
	# (five small articles weigh less than the program itself)
	[ "${4:-}" != rss ] ||
		target "reader's peak RSS, $2, all indexed: ≤ 1.5 × size on disk" "x$x (first run x$x1)" "$x" 1.5
}

HYPERFINE=$(command -v hyperfine 2>/dev/null)
quoted() { for a; do printf "'%s' " "$a"; done; }	# for hyperfine -N
bench_ms() {	# RUNS PREP CMD... -> median ms of RUNS runs of CMD; PREP
		# (a command, or empty) runs before each, else one warm-up
	runs=$1 prep=$2
	shift 2
	if [ -n "$HYPERFINE" ]; then
		rm -f "$DATA/hf.json"
		if [ -n "$prep" ]; then
			set -- --prepare "$prep" "$(quoted "$@")"
		else
			set -- --warmup 1 "$(quoted "$@")"
		fi
		"$HYPERFINE" -N -i --style none --runs "$runs" \
		    --export-json "$DATA/hf.json" "$@" >/dev/null 2>&1
		sed -n 's/^ *"median": *\([0-9.eE+-]*\).*/\1/p' "$DATA/hf.json" \
		    2>/dev/null | awk 'NR == 1 { printf "%.1f\n", $1 * 1000 }
		    END { if (!NR) print "n/a" }'
	else
		[ -n "$prep" ] || "$@" >/dev/null 2>&1
		for i in $(seq "$runs"); do
			[ -z "$prep" ] || $prep
			t0=$(now_ms)
			"$@" >/dev/null 2>&1
			ms_since "$t0"
		done | median
	fi
}
search_pair() {	# DIR QUERY LABEL
	d1=$(bench_ms "$RUNS" "sh $DATA/cold.sh" "$DOSSIER" --search "$2" --count "$1")
	# how long the first run's writer takes, in the background
	cold
	t0=$(now_ms)
	"$DOSSIER" --search "$2" --count "$1" >/dev/null 2>&1
	writers
	w=$(ms_since "$t0")
	d2=$(bench_ms "$RUNS" "" "$DOSSIER" --search "$2" --count "$1")
	DOSSIER_CACHE_TRACE=1 "$DOSSIER" --search "$2" --count "$1" \
	    >/dev/null 2>"$DATA/trace.out"
	line="| $3 | \`dossier --search $2 --count\`, first run (cache emptied); second run | $d1 ms (its cache written in the background by $w ms); $d2 ms$(traced)"
	if command -v rg >/dev/null 2>&1; then
		r=$(bench_ms "$RUNS" "" rg -c -i "$2" "$1")
		line="$line; rg -c -i $r ms (first run x$(ratio "$d1" "$r"), second run x$(ratio "$d2" "$r"))"
		target "\`--search $2 --count\`, $3, second run: ≤ 1.0 × \`rg -c -i\`" "x$(ratio "$d2" "$r") ($d2 ms, rg $r ms)" "$(ratio "$d2" "$r")" 1.0
	else
		target "\`--search $2 --count\`, $3, second run: ≤ 1.0 × \`rg -c -i\`" "no rg" n/a 1.0
	fi
	if [ -n "$BASE" ]; then
		# (prepared as the first runs are, for a fair match)
		b=$(bench_ms "$RUNS" "sh $DATA/cold.sh" "$BASE" --search "$2" --count "$1")
		line="$line; before (BENCH_BASE) $b ms (first run x$(ratio "$d1" "$b"))"
		target "\`--search $2 --count\`, $3, first run: not slower than before (≤ 1.05×, for noise)" "x$(ratio "$d1" "$b") ($d1 ms, before $b ms)" "$(ratio "$d1" "$b")" 1.05
	else
		target "\`--search $2 --count\`, $3, first run: not slower than before" "set BENCH_BASE=old dossier" n/a 1
	fi
	echo "$line |"
}

keys_pair() {	# DIR LABEL
	cold
	for w in first second; do
		DOSSIER_CACHE_TRACE=1 "$BENCH" keys "$1" > "$DATA/keys.$w" \
		    2>"$DATA/trace.out"
		[ $w = first ] && what="first run (cache emptied)" || what="second run"
		awk -v l="$2" -v w="$what" -v tr="$([ $w = second ] && traced)" '
		    { v[$1] = $2 } END {
		    printf "| %s | keystroke to the first match, /oekraine veiligheid and back, %s | p50 %s ms, p95 %s ms, max %s ms (opened, read and indexed in %s ms%s) |\n", l, w, v["key_p50_ms"], v["key_p95_ms"], v["key_max_ms"], v["load_ms"], tr;
		    printf "| %s | the full count after a keystroke (idle time, worst), %s | %s ms; peak RSS %s KB |\n", l, w, v["count_max_ms"], v["rss_kb"] }' "$DATA/keys.$w"
	done
	p1=$(awk '$1 == "key_p95_ms" { print $2 }' "$DATA/keys.first")
	p2=$(awk '$1 == "key_p95_ms" { print $2 }' "$DATA/keys.second")
	target "search keystroke, $2: p95 ≤ 16 ms to the first match" "${p2:-n/a} ms (first run ${p1:-n/a} ms)" "${p2:-n/a}" 16
}

cache_rows() {
	big=$(described "$BIG") mid=$(described "$MID")
	list_pair "$BIG" "$big"
	reader_pair "$top_srcdir/articles" "5 bundled" "$RUNS"
	reader_pair "$MID" "$mid" "$RUNS" rss
	reader_pair "$BIG" "$big" "$BIG_RUNS" rss
	search_pair "$MID" vrede "$mid, frequent"
	search_pair "$MID" zzqqxx "$mid, absent"
	keys_pair "$BIG" "$big"
}

run() {
	echo "| dossier | what | figure |"
	echo "|---|---|---|"
	[ -n "$ONLY" ] || old_rows
	cache_rows
}
old_rows() {
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

rm -f "$TARGETS"
started=$(date +%s)
table=$(run)
if [ -s "$TARGETS" ]; then
	table=$(printf '%s\n\n%s\n%s\n%s\n' "$table" \
	    "| target of issue 18 | measured | |" "|---|---|---|" \
	    "$(cat "$TARGETS")")
fi
printf '%s\n' "$table"
[ -f "$RESULTS" ] && fresh=0 || fresh=1
{
	[ $fresh = 0 ] || printf '# Benchmark results\n\nAppended by `make bench`; newest last.\n'
	printf '\n## %s on %s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" \
	    "$(uname -m), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r)"
	printf 'Medians of %s runs (%s on %s); dossier %s%s.\n\n' "$RUNS" \
	    "$BIG_RUNS" "$BIG" "$("$DOSSIER" --version | cut -d' ' -f2)" \
	    "$([ -z "$ONLY" ] || echo "; issue 18's rows only")"
	printf '%s\n' "$table"
} >> "$RESULTS"
echo "(added to $RESULTS; $(($(date +%s) - started)) s)"
