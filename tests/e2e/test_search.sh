#!/bin/sh
# test_search.sh - searching in a real terminal (tmux): typing with the count
# changing at each key, the count agreeing with --search, the list's hit
# counts, highlighting (colours and NO_COLOR), Esc back to exactly where the
# search started, Enter, n and N across articles with wrapping, ? backward,
# editing the query (Backspace, Ctrl-U, Ctrl-W), the history, F narrowing
# the list, a query without matches, and a hostile dossier.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

A="$top_srcdir/articles"
COLS=100 ROWS=30
TEXT_W=57
PANE_H=$((ROWS - 1))

# --- what --search says, for comparing ----------------------------------------
"$DOSSIER" --list "$A" | cut -f4 > "$SCRATCH/paths"
# counts Q: sets $total, $arts and $per (the count of each article, in list
# order, space separated)
counts() {
	"$DOSSIER" --search "$1" --count "$A" > "$SCRATCH/count"
	total=$(awk -F: '{ s += $NF } END { print s + 0 }' "$SCRATCH/count")
	arts=$(wc -l < "$SCRATCH/count")
	per=$(while IFS= read -r p; do
		awk -F: -v p="$p:" 'index($0, p) == 1 { n = $NF } END { print n + 0 }' "$SCRATCH/count"
	done < "$SCRATCH/paths" | tr '\n' ' ')
}
nth() {	# nth N WORDS...: the Nth word
	shift "$1"
	echo "$1"
}
plural() {	# "N matches in K articles" as the status line says it
	m=matches a=articles
	[ "$1" -eq 1 ] && m=match
	[ "$2" -eq 1 ] && a=article
	echo "$1 $m in $2 $a"
}

# --- the screen -----------------------------------------------------------------
pane_text() {	# the reading pane's rows
	screen | head -n $PANE_H | sed 's/^[^│]*│ \{0,1\}//; s/ *$//'
}
status_line() {
	screen | sed -n "${ROWS}p"
}
opened() {	# opened N: the list row of article N, marked as opened
	echo "^▶ *$1[^0-9].*│"
}
row() {	# row N WORD: the list row of article N, its title starting with WORD
	echo "^. *$1[ ✓+]+$2.*│"
}
list_rows() {	# how many articles the list shows
	screen | head -n $PANE_H | sed 's/│.*//' | grep -c '[^ ]'
}
list_counts() {	# the hit count at the right of each list row
	screen | head -n 5 | sed 's/│.*//' | awk '{ print $NF }' | tr '\n' ' '
}
same_as_dump() {	# same_as_dump ARTICLE FIRSTLINE
	pane_text > "$SCRATCH/got"
	"$DOSSIER" --dump "$1" --width $TEXT_W "$A" | sed -n "$2,\$p" |
	    head -n $PANE_H | sed 's/ *$//' > "$SCRATCH/want"
	head -n "$(wc -l < "$SCRATCH/want")" "$SCRATCH/got" | cmp -s - "$SCRATCH/want"
}
full() {	# the whole screen with its attributes
	t capture-pane -e -p -t s
}
same_full() {	# same_full FILE: the screen (with attributes) is FILE
	full | cmp -s - "$1"
}
# check_exact DESCRIPTION FILE: the screen comes back to exactly FILE (with
# attributes); shows how it differs when it does not
check_exact() {
	if until_true same_full "$2"; then
		ok 0 "$1"
	else
		ok 1 "$1"
		full | diff "$2" - | head -n 12 | cat -v | sed 's/^/#   /'
	fi
}
changed_from() {	# changed_from FILE: the screen (with attributes) is not FILE
	! full | cmp -s - "$1"
}
same_pane() {	# same_pane FILE: the reading pane and list are FILE
	screen | head -n $PANE_H | cmp -s - "$1"
}
# the reading pane's rows with their escape sequences
pane_e() {
	full | head -n $PANE_H | sed 's/^[^│]*│//'
}
ESC=$(printf '\033')
# how often WORD is drawn on a background of colour N (SGR 4N), or with
# SGR attribute N when N is one digit
drawn_with() {	# drawn_with N WORD
	pane_e | grep -oP "(?:\\x1b\\[[0-9;]*m)*\\x1b\\[(?:[0-9;]*;)?$1(?:;[0-9;]*)?m(?:\\x1b\\[[0-9;]*m)*\\Q$2\\E" | wc -l
}

bm=0
run() {	# run [ENV=VALUE...] ARGS...: a fresh reader with its own dotfile
	bm=$((bm + 1))
	start $COLS $ROWS env XDG_CONFIG_HOME="$HOME/.config" "$@" "$DOSSIER" \
	    --bookmarks "$SCRATCH/bm.$bm" "$A"
	wait_for '^ 1/5 ' >/dev/null
}

# --- typing --------------------------------------------------------------------------
run
counts oekraine
N=$total K=$arts PER=$per
C1=$(nth 1 $PER) C2=$(nth 2 $PER)
diag "oekraine: $N matches in $K articles ($PER) by --search --count"
check "--search oekraine: matches in all five articles" test "$K" -eq 5
keys /
check "/ opens the prompt on the status line" wait_for "^/ *\$"
keys o e k
counts oek
check "/oek: the count of oek, as --search counts it: $(plural $total $arts)" \
    wait_for "^/oek +match 1/$total, $(plural $total $arts)\$"
keys r a i n e
check "/oekraine: $(plural $N $K), the same as --search" \
    wait_for "^/oekraine +match 1/$N, $(plural $N $K)\$"
check "... and the count changed as the letters came ($total, then $N)" test "$total" -ne "$N"
check "the list shows each article's hits, as --count: $PER" \
    until_true sh -c 'test "$(tmux -L "$1" -f /dev/null capture-pane -p -t s | head -n 5 | sed "s/│.*//" | awk "{ print \$NF }" | tr "\n" " ")" = "$2"' _ "$TMUX_SOCKET" "$PER"

# --- highlighting ------------------------------------------------------------------------
visible=$(pane_text | grep -o 'Oekraïne' | wc -l)
check "highlight: some matches on screen ($visible)" test "$visible" -ge 2
check "highlight: the current match has the current-match colour (magenta)" \
    test "$(drawn_with 45 Oekraïne)" -eq 1
check "highlight: every other match on screen is black on yellow ($((visible - 1)))" \
    test "$(drawn_with 43 Oekraïne)" -eq $((visible - 1))
check "highlight: ... in black" test "$(drawn_with 30 Oekraïne)" -eq "$visible"
check "highlight: not the word Oekraïense next to it" test "$(drawn_with 43 Oekraïense)" -eq 0

# --- Enter, n, N --------------------------------------------------------------------------
screen | head -n $PANE_H > "$SCRATCH/typed"
keys Enter
check "Enter: the status line says where: article 1, match 1/$N" \
    wait_for "^ 1/5 .*match 1/$N, $(plural $N $K) "
check "Enter: the position is kept" same_pane "$SCRATCH/typed"
check "Enter: the position is where typing put it, the top of article 1" same_as_dump 1 1
keys n
check "n: match 2/$N" wait_for "match 2/$N, "
check "n: the current match moved (still one in magenta)" test "$(drawn_with 45 Oekraïne)" -eq 1
i=2
while [ $i -le "$C1" ]; do keys n; i=$((i + 1)); done
check "n across articles: match $((C1 + 1))/$N in article 2/5" \
    wait_for "^ 2/5 .*match $((C1 + 1))/$N, "
check "... the list marks article 2 as opened" wait_for "$(opened 2)"
keys N
check "N back into article 1: match $C1/$N" wait_for "^ 1/5 .*match $C1/$N, "
i=1
while [ $i -lt "$C1" ]; do keys N; i=$((i + 1)); done
check "N back to match 1/$N" wait_for "^ 1/5 .*match 1/$N, "
keys N
check "N from the first match wraps to the last: match $N/$N in article 5/5" \
    wait_for "^ 5/5 .*match $N/$N, "
check "... saying so" wait_for 'wrapped around to the end'
keys n
check "n from the last match wraps to the first: match 1/$N in article 1/5" \
    wait_for "^ 1/5 .*match 1/$N, "
check "... saying so" wait_for 'wrapped around to the start'
keys n
check "the message goes with the next key" wait_gone 'wrapped around'

# --- Esc: exactly back -----------------------------------------------------------------------
run
keys j j Enter
wait_for '^ 3/5 ' >/dev/null
for k in 1 2 3 4 5 6 7 8 9 10; do keys j; done
check "Esc: first, article 3 scrolled 10 lines" until_true same_as_dump 3 11
wait_settle
full > "$SCRATCH/before"
pane_text > "$SCRATCH/before.text"
counts Miami
keys / M i a m i
check "Esc: /Miami goes to article 5 ($(plural $total $arts))" \
    wait_for "^/Miami +match 1/$total, $(plural $total $arts)\$"
check "... the list marks it" wait_for "$(opened 5)"
keys Escape
check_exact "Esc: the screen is exactly as before the search (attributes too)" "$SCRATCH/before"
check "Esc: ... no count left on the status line" wait_gone 'matches in'
keys / m a m e d o v
counts mamedov
check "Esc: /mamedov moves ($(plural $total $arts))" \
    wait_for "^/mamedov +match [0-9]+/$total, $(plural $total $arts)\$"
check "... away from where it was (the reading pane shows other text)" \
    test "$(pane_text)" != "$(cat "$SCRATCH/before.text")"
keys Escape
check_exact "Esc: back again exactly" "$SCRATCH/before"
keys '?' o e k r a i n e
check "Esc after ?oekraine: first it moved" wait_for "^\\?oekraine +match [0-9]+/$N, $(plural $N $K)\$"
keys Escape
check_exact "Esc after ?oekraine: back exactly" "$SCRATCH/before"
keys k
check "the reader goes on from there: k scrolls one line up" until_true same_as_dump 3 10
full > "$SCRATCH/pre"
keys Tab
check "Tab: the focus goes to the list" until_true changed_from "$SCRATCH/pre"
full > "$SCRATCH/before"
keys / W i t k o f f
check "Esc with the focus in the list: the search moved" wait_for "^/Witkoff +match [0-9]+/"
keys Escape
check_exact "Esc with the focus in the list: back exactly" "$SCRATCH/before"
keys Tab k k k k
check "Esc: now with the blank line between two paragraphs on top (line 6)" \
    until_true same_as_dump 3 6
wait_settle
full > "$SCRATCH/before"
keys / M i a m i
wait_for "$(opened 5)" >/dev/null
keys Escape
check_exact "Esc from a blank line on top: back exactly" "$SCRATCH/before"

# the last match before article 2 is near the end of article 1: seen while
# typing, that end must not count as read once Esc goes back
run
keys j Enter
wait_for '^ 2/5 ' >/dev/null
wait_settle
full > "$SCRATCH/before"
keys '?' o e k r a i n e
check "Esc: ?oekraine from the top of article 2 shows article 1's last match ($C1/$N)" \
    wait_for "^\\?oekraine +match $C1/$N, "
keys Escape
check_exact "Esc: back exactly, article 1 not marked as read by the glimpse" "$SCRATCH/before"

# --- ? backward --------------------------------------------------------------------------------
run
keys j j Enter
wait_for '^ 3/5 ' >/dev/null
keys '?' o e k r a i n e
check "?oekraine from the top of article 3: the last match before it, $((C1 + C2))/$N" \
    wait_for "^\\?oekraine +match $((C1 + C2))/$N, $(plural $N $K)\$"
check "... in article 2" wait_for "$(opened 2)"
keys Enter
check "... Enter keeps it" wait_for "^ 2/5 .*match $((C1 + C2))/$N, "
keys n
check "n after ?: the next match, $((C1 + C2 + 1))/$N in article 3" \
    wait_for "^ 3/5 .*match $((C1 + C2 + 1))/$N, "
keys Tab g Enter
wait_for '^ 1/5 ' >/dev/null
keys '?' o e k r a i n e
check "?oekraine from the top of article 1 wraps to the last match, $N/$N" \
    wait_for "^\\?oekraine +match $N/$N, "

# --- editing the query ---------------------------------------------------------------------
run
keys / o e k r a i n e
wait_for "^/oekraine +match [0-9]+/$N, $(plural $N $K)\$" >/dev/null
keys BSpace BSpace BSpace
counts oekra
check "Backspace: /oekra and its count, $(plural $total $arts)" \
    wait_for "^/oekra +match [0-9]+/$total, $(plural $total $arts)\$"
keys C-u
check "Ctrl-U: the query is gone" wait_for "^/ *\$"
check "Ctrl-U: the reader is back at the start" until_true same_as_dump 1 1
keys n u ' ' l i g t ' ' d e
counts 'nu ligt de'
check "/nu ligt de: $(plural $total $arts)" wait_for "^/nu ligt de +match [0-9]+/$total, $(plural $total $arts)\$"
keys C-w
counts 'nu ligt '
check "Ctrl-W drops the last word: /nu ligt, $(plural $total $arts)" \
    wait_for "^/nu ligt +match [0-9]+/$total, $(plural $total $arts)\$"
keys C-w C-w
check "Ctrl-W twice more: nothing left" wait_for "^/ *\$"
keys o e k r ä
counts oekrä
check "/oekrä: a typed accent counts, $(plural $total $arts)" \
    wait_for "^/oekrä +(match [0-9]+/$total, )?$(plural $total $arts)\$"
keys BSpace
counts oekr
check "Backspace drops the whole ä: /oekr, $(plural $total $arts)" \
    wait_for "^/oekr +match [0-9]+/$total, $(plural $total $arts)\$"
keys BSpace BSpace BSpace BSpace BSpace
check "Backspace on an empty query closes the prompt" wait_for '^ 1/5 Kyiv'
check "... at the start" until_true same_as_dump 1 1

# --- the history ---------------------------------------------------------------------------------
keys / o e k r a i n e Enter
wait_for "^ 1/5 .*$(plural $N $K)" >/dev/null
keys / M i a m i Enter
wait_for '^ 5/5 ' >/dev/null
keys / Up
counts Miami
check "Up recalls the last query: /Miami, $(plural $total $arts)" \
    wait_for "^/Miami +match [0-9]+/$total, $(plural $total $arts)\$"
keys Up
check "Up again: /oekraine, $(plural $N $K)" wait_for "^/oekraine +match [0-9]+/$N, $(plural $N $K)\$"
keys Down
check "Down: /Miami again" wait_for "^/Miami "
keys Escape
wait_for '^ 5/5 ' >/dev/null
keys / R u s l a n d Enter
counts Rusland
RUS=$total RUSA=$arts
wait_for "$(plural $RUS $RUSA)" >/dev/null
keys / R U S L A N D
check "/RUSLAND: smart case, 0 matches in 0 articles" wait_for "^/RUSLAND +0 matches in 0 articles\$"
keys Up
check "Up after a query without matches: /Rusland, $(plural $RUS $RUSA), as --search" \
    wait_for "^/Rusland +match [0-9]+/$RUS, $(plural $RUS $RUSA)\$"
keys Escape

# --- F: narrowing the list -------------------------------------------------------------------
run
counts Witkoff
W=$total WA=$arts WPER=$per
keys / W i t k o f f Enter
check "/Witkoff: $(plural $W $WA), in article 3 first" wait_for "^ 3/5 .*match 1/$W, $(plural $W $WA)"
keys F
rows_are() { test "$(list_rows)" -eq "$1"; }
check "F: the list shows only the $WA articles with hits" until_true rows_are "$WA"
check "F: ... saying so" wait_for 'only articles with matches'
check "F: article 1 (no hits) is not listed" wait_gone "$(row 1 Kyiv)"
check "F: article 3 and 4 are" sh -c 'tmux -L "$1" -f /dev/null capture-pane -p -t s > "$4"; grep -Eq "$2" "$4" && grep -Eq "$3" "$4"' _ "$TMUX_SOCKET" "$(opened 3)" "$(row 4 Poetin)" "$SCRATCH/scr"
keys Tab j Enter	# Enter on the search put the focus on the text (issue 16)
check "F: j in the narrowed list goes to article 4" wait_for '^ 4/5 '
keys F
check "F again: all five articles" wait_for "$(row 1 Kyiv)"
check "F again: ... saying so" wait_for 'listing all articles'
check "F again: the list's hit counts as --count: $WPER" \
    until_true sh -c 'test "$(tmux -L "$1" -f /dev/null capture-pane -p -t s | head -n 5 | sed "s/│.*//" | awk "{ n = \$NF; if (n !~ /^[0-9]+\$/) n = 0; print n }" | tr "\n" " ")" = "$2"' _ "$TMUX_SOCKET" "$WPER"

# --- no match ------------------------------------------------------------------------------
run
keys j j Enter
wait_for '^ 3/5 ' >/dev/null
for k in 1 2 3 4 5 6; do keys j; done
until_true same_as_dump 3 7
wait_settle
full > "$SCRATCH/before"
screen | head -n $PANE_H > "$SCRATCH/pane"
keys / z z q q x x
check "no match: 0 matches in 0 articles" wait_for "^/zzqqxx +0 matches in 0 articles\$"
check "no match: the position stays" same_pane "$SCRATCH/pane"
keys Enter
check "no match: Enter says so" wait_for 'no matches'
check "no match: ... and stays" same_as_dump 3 7
keys x		# unbound: only clears the message, so that n's own shows
wait_gone 'no matches' >/dev/null
keys n
check "no match: n says so too" wait_for 'no matches'
# Esc brings back the last finished search (issue 16): the one that
# found nothing, so the screen is as it was just before the prompt
keys x
wait_gone 'no matches' >/dev/null
full > "$SCRATCH/before-prompt"
keys / Escape
check_exact "a prompt opened and closed: the screen as before" "$SCRATCH/before-prompt"
keys k
until_true same_as_dump 3 6
wait_settle
screen | head -n $PANE_H > "$SCRATCH/pane"
keys / z z q q x x
wait_for "^/zzqqxx +0 matches in 0 articles\$" > /dev/null
check "no match with a blank line on top (line 6): the position stays" \
    until_true same_pane "$SCRATCH/pane"
keys Escape

# --- no colour -------------------------------------------------------------------------------
run NO_COLOR=1
keys / o e k r a i n e
wait_for "^/oekraine +match [0-9]+/$N, $(plural $N $K)\$" >/dev/null
visible=$(pane_text | grep -o 'Oekraïne' | wc -l)
check "NO_COLOR: every match on screen in reverse video ($visible)" \
    test "$(drawn_with 7 Oekraïne)" -eq "$visible"
check "NO_COLOR: the current one underlined too" test "$(drawn_with 4 Oekraïne)" -eq 1
check "NO_COLOR: no colours at all" \
    sh -c '! tmux -L "$1" -f /dev/null capture-pane -e -p -t s | grep -aq "\[3[0-7]m\|;3[0-7]m\|\[4[0-7]m\|;4[0-7]m"' _ "$TMUX_SOCKET"
keys Escape
keys q
check "q after searching quits with status 0" test "$(wait_exit)" = 0

# --- the hostile dossier ---------------------------------------------------------------------
H="$SCRATCH/hostile"
make_hostile "$H"
hcount() {
	"$DOSSIER" --search "$1" --count "$H" | awk -F: '{ s += $NF } END { print s + 0 }'
}
start $COLS $ROWS env XDG_CONFIG_HOME="$HOME/.config" "$DOSSIER" \
    --bookmarks "$SCRATCH/bm.hostile" "$H"
t select-pane -t s -T "pane-title-before"
wait_for '^ 1/13 ' >/dev/null
n=$(hcount oekraine)
keys / o e k r a i n e
check "hostile: /oekraine, 120000 matches in the megabyte line ($n)" \
    wait_for "^/oekraine +match 1/$n, $(plural "$n" 1)\$" 20
keys Enter
check "hostile: ... shown in article 10" wait_for '^ 10/13 '
keys N
check "hostile: N wraps to its last match" wait_for "match $n/$n, "
for q in pwned isolate screen inside lines combining surrogate; do
	keys / "$q"
	wait_for "^/$q " >/dev/null
	keys Enter
	wait_for "^ [0-9]+/13 .*match 1/" >/dev/null
done
n=$(hcount e)
keys / e
check "hostile: /e counts every e of the dossier: $n" wait_for "^/e +match [0-9]+/$n, " 30
keys Escape
keys / C R Enter n n n
sync_ui		# the matches shown: whatever they wrote has reached tmux
check "hostile: the pane title is unchanged" test "$(pane '#{pane_title}')" = "pane-title-before"
check "hostile: no clipboard buffer was set (OSC 52)" test -z "$(t list-buffers 2>/dev/null)"
check "hostile: still in the reader's screen" test "$(pane '#{alternate_on}')" = 1
check "hostile: the screen was not cleared (the list is still drawn)" wait_for "$(row 1 Escapes)"
check "hostile: the status line is still the last line" \
    wait_for "^ [0-9]+/13 .*match [0-9]+/$(hcount CR), "
check "hostile: no raw escape reached the screen" sh -c '! tmux -L "$1" -f /dev/null capture-pane -p -t s | grep -q "$2"' _ "$TMUX_SOCKET" "$ESC"
keys q
check "hostile: quits normally" test "$(wait_exit)" = 0

done_testing
