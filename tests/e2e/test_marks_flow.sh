#!/bin/sh
# test_marks_flow.sh - bookmarks in the reading flow (issue 16, item 6): m
# right after a search marks the match, labelled by its sentence, and the
# jump puts the match on the top line; r renames in the list (kept across
# a restart); d then u puts a bookmark back in its row; a 40-column list
# still shows each bookmark's article title.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

COLS=80 ROWS=20
PANE_H=$((ROWS - 1))
D="$SCRATCH/d"
BM="$SCRATCH/bm"
mkdir -p "$D"
filler() {	# filler WORD N: N paragraphs
	awk -v w="$1" -v n="$2" 'BEGIN {
		for (i = 1; i <= n; i++)
			printf "%s paragraph %d has words enough to fill a line or two of the pane.\n\n", w, i
	}'
}
{ printf 'Title: Alpha first\n\n'; filler Alpha 5; } > "$D/01.txt"
{
	printf 'Title: Bravo report\n\n'
	filler Bravo 20
	printf 'Some filler opens this paragraph here. The second sentence holds\n'
	printf 'the needle in its middle! Then a third one follows.\n\n'
	filler Bravo 20
} > "$D/02.txt"
{ printf 'Title: Charlie third\n\n'; filler Charlie 5; } > "$D/03.txt"

pane_text() {
	screen | head -n $PANE_H | sed 's/^[^│]*│ \{0,1\}//; s/ *$//'
}
top_row() {
	pane_text | head -n 1
}
top_has() {	# top_has TEXT: the reading pane's first row holds TEXT
	top_row | grep -qF -- "$1"
}
until_true() {
	i=0
	until "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.05
	done
	return 0
}
# the row (line number on screen) of the first line holding TEXT
row_of() {
	screen | grep -nF -- "$1" | head -n 1 | cut -d: -f1
}
SENTENCE='The second sentence holds the needle in its middle!'

start $COLS $ROWS "$DOSSIER" -b "$BM" "$D"
check "starts" wait_for 'Alpha first'

# a bookmark of the top line of article 1, labelled First
keys Tab m
check "m opens the label prompt" wait_for 'Bookmark label: '
keys C-u First Enter
check "the bookmark is made" wait_for 'bookmarked: First'

# --- m right after a search: the match, its sentence ------------------------
keys / needle Enter
check "the search finds the needle" wait_for 'match 1/1'
check "the match is on screen" wait_for 'holds the needle in its'
keys m
check "m after a search offers the match's sentence" \
    wait_for "Bookmark label: $SENTENCE"
keys Enter
check "the match is bookmarked" wait_for "bookmarked: $SENTENCE"
want=$(grep -bo needle "$D/02.txt" | head -n 1 | cut -d: -f1)
got=$(grep "^bookmark" "$BM" | sed -n 2p | cut -f5)
check "the bookmark is at the match ($want: $got), not the top line" \
    test "$want" = "$got"

# a third, in article 3
keys ']'
check "] opens article 3" wait_for 'Charlie paragraph 1'
keys m
wait_for 'Bookmark label: ' >/dev/null
keys C-u Third Enter
check "the third bookmark is made" wait_for 'bookmarked: Third'

# --- the list shows the sentence; the jump puts the match on top -----------
keys "'"
check "the list shows the sentence label" \
    wait_for "The second sentence holds the needle.* — Bravo report"
keys j Enter
check "the jump shows the match on the top line" \
    until_true top_has 'the needle in its'

# --- r renames; it survives a restart --------------------------------------
keys "'"
wait_for 'Bookmarks \(' >/dev/null
keys j r
check "r opens the prompt with the label" \
    wait_for "Rename bookmark: $SENTENCE"
check "the list stays under the rename prompt" wait_for 'Third'
keys C-u 'Renamed mark' Enter
check "Enter renames it in the list" wait_for 'Renamed mark — Bravo report'
check "the dotfile has the new label" grep -q "${TAB:-	}Renamed mark	" "$BM"
keys r C-u 'Not this' Escape
check "Esc on the rename prompt keeps the label" wait_for 'not renamed'
check "the list keeps the old label" wait_for 'Renamed mark — Bravo'
keys q q
check "quits" test "$(wait_exit)" = 0

start $COLS $ROWS "$DOSSIER" -b "$BM" "$D"
wait_for 'Alpha first' >/dev/null
keys "'"
check "the new label survives a restart" wait_for 'Renamed mark — Bravo report'

# --- d then u: back in its place ------------------------------------------
r1=$(row_of 'First —') r2=$(row_of 'Renamed mark —') r3=$(row_of 'Third —')
check "three bookmarks in order ($r1 $r2 $r3)" \
    test "$r1" -lt "$r2" -a "$r2" -lt "$r3"
keys j d
check "d deletes the middle one" wait_gone 'Renamed mark —'
keys u
check "u restores it" wait_for 'Renamed mark —'
n1=$(row_of 'First —') n2=$(row_of 'Renamed mark —') n3=$(row_of 'Third —')
check "in the same row ($r2 -> $n2), not at the end" \
    test "$n1" = "$r1" -a "$n2" = "$r2" -a "$n3" = "$r3"
n=$(grep -c '^bookmark' "$BM")
order=$(grep '^bookmark' "$BM" | cut -f7 | tr '\n' ,)
check "the dotfile has it in its place ($order)" \
    test "$order" = "First,Renamed mark,Third,"
keys q q
wait_exit >/dev/null

# --- narrow: the title stays -----------------------------------------------
# a long label, so that label and title cannot both fit
sed 's/	Renamed mark	/	A very long label that would fill a narrow list row by itself	/' \
    "$BM" > "$BM.new" && mv "$BM.new" "$BM"
start 40 $ROWS "$DOSSIER" -b "$BM" "$D"
wait_for 'Alpha' >/dev/null
keys "'"
check "a 40-column list still shows the title" wait_for 'A very long.*— Bravo rep'
check "and the short labels' titles" wait_for 'First — Alpha first'
keys q q
wait_exit >/dev/null

done_testing
