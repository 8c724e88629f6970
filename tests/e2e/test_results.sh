#!/bin/sh
# test_results.sh - the results list (&) and searches of several terms in
# a real terminal (tmux): & with no search opens the prompt first, the
# list's rows (every one a match of a term, article numbers in order),
# moving (j, k, PgDn, g, G), Enter landing on the match of that row (the
# status line's match i/N), n going on from it, Esc back to where the
# reader was, / inside the list, and "a & b & c" in the reader: the count
# that --count gives, F narrowing the list to the articles with all terms.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

A="$top_srcdir/articles"
COLS=100 ROWS=30

total() {	# total Q: the matches --count finds
	"$DOSSIER" --search "$1" --count "$A" | awk -F: '{ s += $NF } END { print s + 0 }'
}
status_line() {
	screen | sed -n "${ROWS}p"
}
list_rows() {	# the results list's rows (between its title and status)
	screen | sed -n "2,$((ROWS - 1))p" | grep -v '^ *$'
}

Q='vrede & rusland'
N=$(total "$Q")
start $COLS $ROWS "$DOSSIER" "$A"
wait_for 'match|Kyiv' >/dev/null

# & with no search: the prompt first, the list after Enter
keys '&'
check "& with no search opens the search prompt" wait_for '^/'
keys -l "$Q"
keys Enter
check "... and the list once the search is entered" \
    wait_for "Matches of .vrede & rusland."
check "the list counts what --count does ($N)" \
    wait_for "match [0-9]+/$N, $N matches in 5 articles"
list_rows > "$SCRATCH/rows"
bad=$(grep -Eicv 'vrede|rusland' "$SCRATCH/rows")
ok "$bad" "every row shows a match of a term ($(wc -l < "$SCRATCH/rows") rows)"
awk '{ n = $1 + 0; if (n < p) bad = 1; p = n } END { exit bad }' "$SCRATCH/rows"
ok $? "rows come in article order"
[ "$(wc -l < "$SCRATCH/rows")" -eq $((ROWS - 2)) ]
ok $? "the list fills the screen"
grep -q 'Kyiv stemt in' "$SCRATCH/rows"
ok $? "at this width, rows show the article's headline"

# moving
keys g
check "g: the first match" wait_for "^ match 1/$N,"
keys j j j j
check "j: down a match at a time" wait_for "^ match 5/$N,"
keys k
check "k: up" wait_for "^ match 4/$N,"
keys PPage
check "PgUp at the top stays at the first" wait_for "^ match 1/$N,"
keys NPage
check "PgDn: a screen down" wait_for "^ match $((ROWS - 2))/$N,"
keys g j j j j

# Enter: the article at that match, which is the current match
keys Enter
# the list's own status line says "match 5/N" too: wait for it to close
wait_gone 'Matches of' >/dev/null
check "Enter opens the article at the match: match 5/$N" \
    wait_for "match 5/$N, $N matches in 5 articles"
status_line | grep -q ' 1/5 '
ok $? "... in the first article"
keys n
check "n goes on from there: match 6/$N" wait_for "match 6/$N,"
keys '&'
check "& opens the list on the current match" wait_for "^ match 6/$N,"
keys G
check "G: the last match" wait_for "^ match $N/$N,"
keys Enter
check "Enter on the last: match $N/$N in the last article" \
    wait_for "5/5 .*match $N/$N,"

# Esc: back to where the reader was
wait_settle
before=$(screen)
keys '&'
wait_for 'Matches of' >/dev/null
keys j j Escape
wait_gone 'Matches of' >/dev/null
wait_settle
[ "$(screen)" = "$before" ]
ok $? "Esc closes the list, the reader as it was"

# / inside the list: a new search, listed once entered
M=$(total oekraine)
keys '&'
wait_for 'Matches of' >/dev/null
keys /
check "/ inside the list opens the search prompt" wait_for '^/'
keys -l oekraine
keys Enter
check "... and lists the new search" wait_for "Matches of .oekraine."
check "... with its count ($M matches)" wait_for "match [0-9]+/$M, $M matches"
keys Escape
wait_gone 'Matches of' >/dev/null

# several terms in the reader
Q3='zelensky & poetin & trump'
N3=$(total "$Q3")
K3=$("$DOSSIER" --search "$Q3" --count "$A" | wc -l)
keys /
wait_for '^/' >/dev/null
keys -l "$Q3"
check "the prompt counts what --count does ($N3 in $K3)" \
    wait_for "$N3 matches in $K3 articles"
keys Enter
wait_gone '^/' >/dev/null	# the prompt shows the same count
check "Enter keeps it" wait_for "match [0-9]+/$N3, $N3 matches in $K3 articles"
keys Tab F
check "F narrows the list" wait_for 'listing only articles with matches'
shown=$(screen | head -n $((ROWS - 1)) | grep -Ec '^. *[0-9]+[ ✓+*★]')
[ "$shown" -eq "$K3" ]
ok $? "the list holds the $K3 articles with every term ($shown)"
screen | grep -Eq '^. *5[ ✓+*★].*│'
ok $((! $?)) "... not the one without zelensky"

keys q
check "q quits" test "$(wait_exit)" = 0
done_testing
