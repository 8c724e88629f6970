#!/bin/sh
# test_sections.sh - a dossier of topic folders in a real terminal (tmux):
# a header per folder with its count, j/k passing over the headers,
# folding one section (z, Left, Right, Enter, a click) and all (Z), ] and
# [ across sections and into folded ones, the section in the status line,
# search counts in the headers, F hiding sections without hits, the
# legacy encoding in the status line, quotes dim, the rule in ASCII; and a
# dossier of one folder that shows no headers at all.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

COLS=100 ROWS=30
PANE_H=$((ROWS - 1))

# --- a nested dossier ---------------------------------------------------------
# 2025/03: articles 1-3; business: 4-15; tech: 16-26 (natural order:
# digits first).  "oil" is in March 2 and in business 3, 5 and 7.
D="$SCRATCH/news"
mkdir -p "$D/2025/03" "$D/business" "$D/tech" "$D/.git"
for i in 1 2 3; do
	printf 'Title: March note %d\n\nMonthly note %d.\n' $i $i > "$D/2025/03/0$i.txt"
done
printf 'Title: March note 2\n\nMonthly note 2 on oil.\n' > "$D/2025/03/02.txt"
for i in $(seq 1 12); do
	f=$(printf '%03d' $i)
	printf 'Title: Business story %d\n\nMarkets moved today, story %d.\n' $i $i > "$D/business/$f.txt"
done
for i in 3 5 7; do
	printf 'Title: Business story %d\n\nThe price of oil rose, story %d.\n' $i $i > "$D/business/00$i.txt"
done
printf 'Title: Business story 1\n\nHe said:\n\n> quoted words here\n\nAfter the quote.\n\n* * *\n\nAfter the rule.\n' > "$D/business/001.txt"
for i in $(seq 1 10); do
	f=$(printf '%03d' $i)
	printf 'Title: Tech story %d\n\nChips and code, story %d.\n' $i $i > "$D/tech/$f.txt"
done
# not UTF-8: read as Windows-1252
printf 'Title: Caf\351 story\n\nA caf\351 in tech.\n' > "$D/tech/011.txt"
printf 'hidden\n' > "$D/.git/HEAD"

status_line() {
	screen | sed -n "${ROWS}p"
}
list() {	# the list's rows
	screen | head -n $PANE_H | sed 's/│.*//; s/ *$//'
}
# the selected row of the list (reverse video with --no-color), plain
selected() {
	t capture-pane -e -p -t s | head -n $PANE_H | sed 's/│.*//' |
	    grep -aE "$(printf '\033')\[([0-9]+;)*7m" |
	    sed "s/$(printf '\033')\[[0-9;]*m//g; s/ *\$//"
}
sel_is() {	# sel_is PATTERN: poll until the selected row matches
	i=0
	while [ $i -lt 100 ]; do
		selected | grep -Eq -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	diag "selected row: $(selected)"
	return 1
}
list_has() {	# list_has PATTERN: poll until some list row matches
	i=0
	while [ $i -lt 100 ]; do
		list | grep -Eq -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	diag "no list row like $1:" "$(list | head -12)"
	return 1
}
list_lacks() {
	i=0
	while [ $i -lt 100 ]; do
		list | grep -Eq -- "$1" || return 0
		sleep 0.05
		i=$((i + 1))
	done
	diag "still a list row like $1"
	return 1
}

start $COLS $ROWS "$DOSSIER" --no-color "$D"
check "sections: a header per folder, with its count" wait_for '^▾ 2025/03 \(3\) +│'
check "sections: ... business (12)" list_has '^▾ business \(12\)$'
check "sections: ... tech (11)" list_has '^▾ tech \(11\)$'
check "sections: hidden folders are not read" list_lacks 'hidden|\.git'
check "sections: the articles under their header" list_has '^ +4[ ✓] Business story 1$'
check "sections: the list starts with the first header" \
    sh -c '[ "$(tmux -L "$1" -f /dev/null capture-pane -p -t s | head -n 1 | sed "s/ *│.*//")" = "▾ 2025/03 (3)" ]' _ "$TMUX_SOCKET"
check "status: the section and the place in it" wait_for '^ 2025/03 · 1/3 March note 1'
check "selection: on the first article" sel_is '^▶ +1'

# --- moving -------------------------------------------------------------------
keys j j
check "j j: article 3" sel_is '^ +3[ ✓] March note 3'
keys j
check "j passes over the business header: article 4" sel_is '^ +4[ ✓] Business story 1'
keys k
check "k passes over it too: article 3" sel_is '^ +3[ ✓] March note 3'
keys j Enter
check "Enter opens article 4: business · 1/12" wait_for '^ business · 1/12 Business story 1'
keys Tab
keys G
check "G: the last article" sel_is '^ +26[ ✓] Caf'
keys g
check "g: the first article" sel_is '^▶? +1[ ✓] March note 1'
keys PgDn
check "PgDn: a page down (28 rows, past two headers): the last" sel_is '^ +26[ ✓] Caf'
keys PgUp
check "PgUp: back to the first" sel_is '^ +1[ ✓] March note 1'

# --- ] and [ across sections ------------------------------------------------------
keys g Enter Tab
wait_for '^ 2025/03 · 1/3 ' >/dev/null
keys ']' ']'
check "] ]: 2025/03 · 3/3" wait_for '^ 2025/03 · 3/3 March note 3'
keys ']'
check "] across the boundary: business · 1/12" wait_for '^ business · 1/12 Business story 1'
keys '['
check "[ back across it: 2025/03 · 3/3" wait_for '^ 2025/03 · 3/3 March note 3'
keys ']'
wait_for '^ business · 1/12 ' >/dev/null

# --- folding --------------------------------------------------------------------
keys Left
check "Left folds the section" list_has '^▸ business \(12\)$'
check "... its articles are gone" list_lacks 'Business story'
check "... the selection is on its header" sel_is '^▸ business \(12\)'
check "... the status line still shows the article" wait_for '^ business · 1/12 '
keys Right
check "Right unfolds it" list_has '^▾ business \(12\)$'
check "... the selection back on the article" sel_is '^▶ +4[ ✓] Business story 1'
keys z
check "z folds" list_has '^▸ business \(12\)$'
keys j
check "j from a folded header: the next article (tech)" sel_is '^ +16[ ✓] Tech story 1'
keys k
check "k: back onto the folded header" sel_is '^▸ business'
keys Enter
check "Enter on a folded header unfolds it" list_has '^▾ business \(12\)$'
keys Z
check "Z folds every section" list_has '^▸ tech \(11\)$'
check "... all three" sh -c '[ "$(tmux -L "$1" -f /dev/null capture-pane -p -t s | head -n 29 | grep -c "^▸")" -eq 3 ]' _ "$TMUX_SOCKET"
check "... and no article rows" list_lacks '^[ ▶] +[0-9]'
keys ']'
check "] into a folded section opens the article and unfolds it" wait_for '^ business · 2/12 Business story 2'
check "... business unfolded" list_has '^▾ business \(12\)$'
check "... the others stay folded" list_has '^▸ tech \(11\)$'
keys Z
check "Z with some folded folds the rest" list_has '^▸ business \(12\)$'
keys Z
check "Z with all folded unfolds all" list_has '^▾ tech \(11\)$'
check "... business too" list_has '^▾ business \(12\)$'
# X10 mouse reports: a click (press, release) on the first row, the
# 2025/03 header
click='\033[M #!\033[M##!'
keys -l "$(printf "$click")"
check "a click on a header folds it" list_has '^▸ 2025/03 \(3\)$'
keys -l "$(printf "$click")"
check "a second click unfolds it" list_has '^▾ 2025/03 \(3\)$'

# --- search counts and F ------------------------------------------------------------
keys / o i l Enter
check "search: 4 matches in 4 articles" wait_for '4 matches in 4 articles'
check "search: business's header counts its 3 matches" list_has '^▾ business \(12\) +3$'
check "search: 2025/03's header its 1" list_has '^▾ 2025/03 \(3\) +1$'
check "search: tech's header no count" list_has '^▾ tech \(11\)$'
keys F
check "F: tech, without hits, is hidden" list_lacks 'tech|Tech'
check "F: business is listed with its hits" list_has '^▾ business \(12\) +3$'
check "F: ... and only its articles with hits" list_lacks 'Business story (2|4|6)$'
keys F
check "F again: tech is back" list_has '^▾ tech \(11\)$'
keys Escape

# --- the article's encoding; quotes; the rule --------------------------------------
keys :	# the focus is in the text since the search: open it by number
keys -l 26
keys Enter
check "a Windows-1252 article: the status line says so" wait_for '^ tech · 11/11 Café story.*\(Windows-1252\)'
keys '['
check "[ goes back to the UTF-8 article before it" wait_for '^ tech · 10/11 Tech story 10'
check "a UTF-8 article: no encoding shown" sh -c '! tmux -L "$1" -f /dev/null capture-pane -p -t s | tail -n 1 | grep -q Windows' _ "$TMUX_SOCKET"
keys q
wait_exit >/dev/null

start $COLS $ROWS "$DOSSIER" --no-color "$D/business"
check "one folder: no headers" wait_for '^▶ +1[ ✓] Business story 1'
check "one folder: the status line as before (1/12)" wait_for '^ 1/12 Business story 1'
t capture-pane -e -p -t s > "$SCRATCH/quote"
check "a quote is drawn dim" grep -Eaq "$(printf '\033')\[(0;)?2m *quoted words here" "$SCRATCH/quote"
check "... the text after it is not" sh -c '! grep -a "After the quote" "$1" | grep -Eaq "$(printf "\033")\[(0;)?2m *After"' _ "$SCRATCH/quote"
screen > "$SCRATCH/before"
keys z Z Left Right
sync_ui
screen > "$SCRATCH/after"
check "one folder: z Z Left Right change nothing" cmp -s "$SCRATCH/before" "$SCRATCH/after"
keys q
wait_exit >/dev/null

RUN_LC_ALL=C start $COLS $ROWS "$DOSSIER" --no-color "$D/business"
check "C locale: the rule is drawn in ASCII" wait_for '  -{10,}$'
keys q
wait_exit >/dev/null

# the bundled dossier: one folder, the list as it always was
start $COLS $ROWS "$DOSSIER" "$top_srcdir/articles"
check "bundled: the status line 1/5" wait_for '^ 1/5 '
check "bundled: no header rows" list_lacks '^[▾▸]'
check "bundled: the first row is article 1" sh -c 'tmux -L "$1" -f /dev/null capture-pane -p -t s | head -n 1 | grep -q "^▶ *1"' _ "$TMUX_SOCKET"
keys q
st=$(wait_exit)
check "q quits with status 0 ($st)" [ "$st" = 0 ]

done_testing
