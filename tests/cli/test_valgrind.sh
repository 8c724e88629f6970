#!/bin/sh
# test_valgrind.sh - no leaks and no memory errors under valgrind, in the
# command-line modes and in a reader session driven through tmux.
# Skipped (as TAP skips) without valgrind or in a sanitizer build, which
# valgrind cannot run; CI runs it on a plain build.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}
command -v valgrind >/dev/null 2>&1 || skip_all "valgrind is not installed"
if grep -aq __asan_init "$DOSSIER" 2>/dev/null; then
	skip_all "a sanitizer build (valgrind needs a plain one)"
fi

A="$top_srcdir/articles"
H="$SCRATCH/hostile"
make_hostile "$H"
vg() {	# vg DESCRIPTION ARGS...: dossier ARGS under valgrind
	desc=$1
	shift
	valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible \
	    --errors-for-leak-kinds=definite,indirect,possible \
	    --error-exitcode=99 -q --log-file="$SCRATCH/vg.log" \
	    "$DOSSIER" "$@" > /dev/null 2>&1
	rc=$?
	# a search's cache writer (a child, traced too) writes its
	# errors to the same log: wait for it
	writers
	if [ $rc -eq 99 ] || [ -s "$SCRATCH/vg.log" ]; then
		ok 1 "valgrind: $desc"
		sed 's/^/# /' "$SCRATCH/vg.log" | head -40
	else
		ok 0 "valgrind: $desc (exit $rc)"
	fi
}
vg "--list" --list "$A"
vg "--dump at width 7" --dump 2 --width 7 "$A"
vg "--search" --search oekraine "$A"
vg "--search --count" --search "bal bij" --count "$A"
vg "--list of the hostile dossier" --list "$H"
vg "--dump of a 3 MB line" --dump 10 --width 41 "$H"
vg "--search in the hostile dossier (a 1 MB line: its lines stream)" --search "veiligheid" "$H"
vg "--list --null" --list --null "$H"
vg "--search --count --null" --search e --count -0 "$A"
# a search that finds no cache: its writer, a child, is checked too
export XDG_CACHE_HOME="$SCRATCH/vg-cache"
vg "--search, the cache written by a child process" --search vrede "$A"
check "... which wrote it" sh -c 'ls "$1"/dossier/*.cache >/dev/null' _ \
    "$XDG_CACHE_HOME"
vg "--search --count from that cache" --search vrede --count "$A"
vg "an error path (missing file)" --list "$SCRATCH/none"
vg "a bad option" --width 0 --dump 1 "$A"

# a reader session: every kind of key, then q
start 100 30 valgrind --leak-check=full --error-exitcode=99 -q \
    --log-file="$SCRATCH/vg-ui.log" "$DOSSIER" "$A"
wait_for '^ 1/5 ' 60 >/dev/null
for k in j Enter j j G g ']' / o e k r a i n e Enter n N m Enter "'" d u \
    Escape F F Tab '\' '\' h q; do
	keys "$k"
	sleep 0.2
done
keys q
st=$(wait_exit 60)
if [ "$st" = 0 ]; then
	ok 0 "valgrind: a reader session, no leak or error"
else
	ok 1 "valgrind: a reader session (exit $st)"
	sed 's/^/# /' "$SCRATCH/vg-ui.log" | head -40
fi

done_testing
