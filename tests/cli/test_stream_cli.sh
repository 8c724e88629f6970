#!/bin/sh
# test_stream_cli.sh - --search, --count and --list stream: the first line
# comes while most of the dossier is still unread, and a reader that goes
# away (| head -1) ends the program at once without a message.  No timing:
# a program that stops writing into a full pipe stops reading articles,
# so at the first line it must have read a small part of the dossier
# (/proc/PID/io), where one that kept its output would have read it all.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}
[ -r /proc/self/io ] || skip_all "no /proc/PID/io to see what was read"

# 1,200 articles of ~20 KB (24 MB): every line full of e, a 1 KB title
# (so --list outgrows a pipe), in a folder with a long name (so --count
# does too)
D="$SCRATCH/big/$(printf '%0200d' 0 | tr 0 d)"
mkdir -p "$D"
N=1200
awk -v dir="$D" -v n=$N 'BEGIN {
	title = "Title:"
	for (i = 0; i < 120; i++) title = title " titel"
	line = "Een lange regel met heel veel letters e erin, steeds weer opnieuw herhaald."
	for (a = 1; a <= n; a++) {
		f = sprintf("%s/%05d.txt", dir, a)
		printf "%s %d\n\n", title, a > f
		for (i = 0; i < 250; i++) print line > f
		close(f)
	}
}'
SIZE=$(du -sk "$D" | cut -f1)

# first_line ARGS...: run dossier ARGS on a FIFO, read its first line, and
# note how much it had read by then ($read_kb), then stop reading; wait
# for it to end ($rc; "timeout" after 30 s) and keep its stderr
first_line() {
	rm -f "$SCRATCH/fifo"
	mkfifo "$SCRATCH/fifo"
	"$@" > "$SCRATCH/fifo" 2> "$SCRATCH/err" &
	pid=$!
	exec 3< "$SCRATCH/fifo"
	IFS= read -r first <&3
	read_kb=$(awk '/^rchar:/ { print int($2 / 1024) }' "/proc/$pid/io" 2>/dev/null)
	exec 3<&-
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 600 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill "$pid"
		rc=timeout
	else
		wait "$pid"
		rc=$?
	fi
}

for mode in "--search e" "--search e --count" "--list"; do
	# shellcheck disable=SC2086
	first_line "$DOSSIER" $mode "$D"
	check "$mode: the first line is the first article's" \
	    sh -c 'printf "%s\n" "$1" | grep -q "00001.txt"' _ "$first"
	check "$mode: at the first line, most of the dossier unread (${read_kb:-?} KB of $SIZE KB read)" \
	    test "${read_kb:-$SIZE}" -lt $((SIZE / 2))
	check "$mode: the reader gone, it ends at once, by SIGPIPE (status $rc)" \
	    test "$rc" = 141
	check "$mode: ... and says nothing" test ! -s "$SCRATCH/err"
done

# a shell that ignores SIGPIPE passes that on: then the write fails (EPIPE)
# and the program stops, quietly, with status 2
first_line sh -c 'trap "" PIPE; exec "$0" --search e "$1"' "$DOSSIER" "$D"
check "SIGPIPE ignored: it ends at once, status 2 (status $rc)" test "$rc" = 2
check "SIGPIPE ignored: ... and says nothing" test ! -s "$SCRATCH/err"

# the usual pipeline
"$DOSSIER" --search e "$D" 2> "$SCRATCH/err" | head -n 1 > "$SCRATCH/out"
check "dossier -s e | head -1: one line, nothing on stderr" \
    test "$(wc -l < "$SCRATCH/out")" -eq 1 -a ! -s "$SCRATCH/err"

# a write error other than a closed pipe is reported
if [ -w /dev/full ]; then
	"$DOSSIER" --search e "$D" > /dev/full 2> "$SCRATCH/err"; rc=$?
	check "a full disk: status 2 and 'dossier: standard output: ...'" \
	    sh -c 'test "$1" -eq 2 && grep -q "^dossier: standard output: No space" "$2"' _ $rc "$SCRATCH/err"
fi

# the whole output, in order, as the articles come (the counts of the
# three articles, numbered 1, 2, 3 by --list)
"$DOSSIER" --search e --count "$D" > "$SCRATCH/out"
check "--count: one line per article, in article order" \
    sh -c 'awk -F: "{ sub(/.*\\//, \"\", \$1); if (\$1 != sprintf(\"%05d.txt\", NR)) bad = 1 } END { exit bad || NR != $2 }" "$1"' _ "$SCRATCH/out" $N
"$DOSSIER" --list "$D" > "$SCRATCH/out"
check "--list: numbered 1..$N in article order" \
    sh -c 'awk -F "\t" "{ if (\$1 != NR || \$4 !~ sprintf(\"%05d.txt\$\", NR)) bad = 1 } END { exit bad || NR != $2 }" "$1"' _ "$SCRATCH/out" $N

done_testing
