#!/bin/sh
# test_cache_reader.sh - the reader with a cache (tmux): the first run
# writes it once every article is indexed; the next shows the titles and
# searches every article at once, even on a slow disk, without reading
# them; an article changed on disk while the reader runs is shown and
# searched as it is now; and the command line agrees afterwards.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

COLS=100 ROWS=30
XDG_CACHE_HOME="$SCRATCH/cache"
# files this new may be cached (the default asks for two seconds)
DOSSIER_CACHE_SETTLE_MS=50
export XDG_CACHE_HOME DOSSIER_CACHE_SETTLE_MS

D="$SCRATCH/news"
mkdir -p "$D/world" "$D/home"
for i in 1 2 3; do
	printf 'Title: World story %d\n\nThe talks went on, day %d.\n' $i $i \
	    > "$D/world/00$i.txt"
done
for i in 1 2; do
	printf 'Title: Home story %d\n\nThe council met, day %d.\n' $i $i \
	    > "$D/home/00$i.txt"
done
sleep 0.2

one_cache() {	# is there one cache file (and nothing else but the walk's)?
	test "$(ls "$XDG_CACHE_HOME/dossier" 2>/dev/null)" != "" &&
	    test "$(ls "$XDG_CACHE_HOME/dossier" |
	    grep -vc '\.cache$\|\.walk$')" = 0 &&
	    test "$(ls "$XDG_CACHE_HOME/dossier" | grep -c '\.cache$')" = 1
}

# --- first run: nothing cached; the cache is written once all is indexed
start $COLS $ROWS env DOSSIER_CACHE_TRACE=1 "$DOSSIER" "$D"
check "first run: the titles" wait_for 'World story 3'
check "first run: the cache is written while the reader runs" \
	until_ok 10 one_cache
keys q
check "first run: it ends" test "$(wait_exit)" = 0
check "first run: nothing came from the cache, and it was written" \
	wait_for 'cache .*news: 0 of 5 articles from the cache; written'

# --- second run, on a disk that takes 4 s an article: the titles and the
# whole search come from the cache at once
start $COLS $ROWS env DOSSIER_CACHE_TRACE=1 DOSSIER_TEST_LOAD_DELAY_MS=4000 \
    "$DOSSIER" "$D"
check "second run: every title at once (not a file name)" \
	wait_for 'Home story 2' 2
check "second run: ... none is shown as being read" \
	sh -c "! tmux -L '$TMUX_SOCKET' -f /dev/null capture-pane -p -t s |
	    grep -q '00[0-9]\.txt'"
keys /day
check "second run: the search counts every article at once" \
	wait_for '5 matches in 5 articles' 2
keys Enter

# --- an article changed on disk while the reader runs
printf 'Title: Home story 2\n\nThe council met, day 2. A zebra crossing.\n' \
    > "$D/home/002.txt"
keys :2 Enter
check "changed: the article opened shows what the file holds now" \
	wait_for 'A zebra crossing'
keys /zebra
check "changed: ... and the search finds it there" \
	wait_for '1 match in 1 article'
keys Enter q
check "second run: it ends" test "$(wait_exit)" = 0
check "second run: all five came from the cache" \
	wait_for 'cache .*news: 5 of 5 articles from the cache'

# --- the command line: the changed file is not served from the cache
for q in zebra day council; do
	a=$("$DOSSIER" --search "$q" --count "$D")
	b=$("$DOSSIER" --no-cache --search "$q" --count "$D")
	check "afterwards: --search $q --count agrees with --no-cache" \
		test "$a" = "$b"
done
check "afterwards: the changed article counts its zebra" \
	sh -c "'$DOSSIER' --search zebra --count '$D' | grep -q 'home/002.txt:1'"

done_testing
