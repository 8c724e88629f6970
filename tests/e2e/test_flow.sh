#!/bin/sh
# test_flow.sh - the reading flow (issue 16): Space reads on into the next
# article (and read-on off stops it), C-o and C-t back and forth across
# every kind of jump, exactly; the : prompt; u and U and what counts as
# read; searches that stay (Enter reads on in the text, Esc brings the
# last search back, the plain-text hint, the short count when narrow);
# help that lists the prompt, bookmark-list and mouse keys and the config
# file and stops at its end; o at the line read; long messages wrapped.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

COLS=80 ROWS=20
PANE_H=$((ROWS - 1))

# --- a dossier shaped for it: long and short articles, two needles ---------
D="$SCRATCH/d"
mkdir -p "$D"
long() {	# long FILE TITLE WORD [NEEDLE_PARA]
	awk -v t="$2" -v w="$3" -v n="${4:-0}" 'BEGIN {
		printf "Title: %s\n\n", t
		for (i = 1; i <= 40; i++) {
			printf "%s paragraph %d has words enough to fill a line or two of the pane%s.\n\n", w, i, i == n ? " with the needle" : ""
		}
	}' > "$1"
}
long "$D/01.txt" "Alpha long" Alpha
printf 'Title: Bravo short\n\nBravo is short.\n' > "$D/02.txt"
long "$D/03.txt" "Charlie long" Charlie 30
printf 'Title: Delta short\n\nDelta is short too.\n' > "$D/04.txt"
long "$D/05.txt" "Echo long" Echo 12
printf 'Title: Foxtrot short\n\nFoxtrot ends it.\n' > "$D/06.txt"

status_line() {
	screen | sed -n "${ROWS}p"
}
pane_text() {	# the reading pane's rows
	screen | head -n $PANE_H | sed 's/^[^│]*│ \{0,1\}//; s/ *$//'
}
same_pane() {	# same_pane FILE: the reading pane shows FILE
	pane_text | cmp -s - "$1"
}
differs() {	# differs FILE: the reading pane no longer shows FILE
	! pane_text | cmp -s - "$1"
}
top_row() {	# the reading pane's first row
	pane_text | head -n 1
}
top_is() {
	test "$(top_row)" = "$1"
}

# --- 1. read on -------------------------------------------------------------
start $COLS $ROWS "$DOSSIER" "$D"
check "read on: the reader starts on article 1" wait_for '^ 1/6 Alpha long'
keys Enter G
check "read on: G in the text goes to the end" wait_for '100%$'
keys Space
check "read on: Space at the end opens the next article, and says so" \
    wait_for 'next article, 2/6: Bravo short'
check "read on: ... at its top" until_true top_is "Bravo short"
check "read on: the article read to its end is marked read" \
    wait_for '^ +1✓ Alpha long'
keys Space
check "read on: Space alone goes on through a short one" \
    wait_for 'next article, 3/6: Charlie long'
keys Space
check "read on: in a long one Space pages as before" wait_for '^ 3/6 Charlie long'
not_at_end() {
	! status_line | grep -q '100%'
}
check "read on: ... not at the end yet" not_at_end
keys q
wait_exit >/dev/null

SAME_HOME=1
HOME="$SCRATCH/home-off"
mkdir -p "$HOME/.config/dossier"
echo 'read-on off' > "$HOME/.config/dossier/config"
start $COLS $ROWS "$DOSSIER" "$D"
check "read-on off: the reader starts" wait_for '^ 1/6 Alpha long'
keys Enter G
wait_for '100%$' >/dev/null
keys Space
sync_ui
check "read-on off: Space at the end stays in the article" wait_for '^ 1/6 Alpha long.* 100%$'
keys q
wait_exit >/dev/null
SAME_HOME=0

# --- 2. back and forth; 3. the : prompt ---------------------------------------
start $COLS $ROWS "$DOSSIER" "$D"
wait_for '^ 1/6 ' >/dev/null
sync_ui
pane_text > "$SCRATCH/a0"
keys Enter j j j
check "jumps: scrolled three lines into article 1" \
    until_true differs "$SCRATCH/a0"
sync_ui		# all three j handled, not just the first
pane_text > "$SCRATCH/a1"
keys ]
check "jumps: ] opens article 2" wait_for '^ 2/6 '
keys C-o
check "jumps: C-o goes back to article 1" wait_for '^ 1/6 '
check "jumps: ... on exactly the line it was on" until_true same_pane "$SCRATCH/a1"
keys C-t
check "jumps: C-t goes forward again" wait_for '^ 2/6 '
keys :
check ": opens a command prompt" wait_for "^:"
keys 5 Enter
check ":5 opens article 5" wait_for '^ 5/6 Echo long'
keys :
wait_for '^:' >/dev/null
keys 9 9 Enter
check ":99 says why not" wait_for 'no article 99: there are 6'
keys :
wait_for '^:' >/dev/null
keys x y z Enter
check ": an unknown command says so" wait_for 'not a command: xyz'
keys : 3 Escape
sync_ui
check ": Esc cancels" wait_for '^ 5/6 Echo long'
keys C-o
check "jumps: C-o from :5 goes back to article 2" wait_for '^ 2/6 '
keys C-o
check "jumps: ... and again to article 1, on its line" wait_for '^ 1/6 '
check "jumps: ... exactly" until_true same_pane "$SCRATCH/a1"
# a click on the list's sixth row
keys -l "$(printf '\033[M #&')"
keys -l "$(printf '\033[M##&')"
check "jumps: a click on the list opens article 6" wait_for '^ 6/6 '
keys C-o
check "jumps: C-o after the click comes back" wait_for '^ 1/6 '
check "jumps: ... exactly" until_true same_pane "$SCRATCH/a1"
# search: Enter moves the focus to the text; n into another article
keys / n e e d l e Enter
check "search: Enter goes to the first match" wait_for '^ 3/6 .*match 1/2'
pane_text > "$SCRATCH/m1"
keys n
check "search: n goes into article 5" wait_for '^ 5/6 .*match 2/2'
keys C-o
check "jumps: C-o after n comes back to the match in article 3" wait_for '^ 3/6 '
check "jumps: ... exactly" until_true same_pane "$SCRATCH/m1"
keys C-o
check "jumps: C-o after the search comes back to where it started" wait_for '^ 1/6 '
check "jumps: ... exactly" until_true same_pane "$SCRATCH/a1"
# a bookmark jump
keys m
wait_for 'Bookmark label' >/dev/null
keys Enter
wait_for 'bookmarked' >/dev/null
keys ] ]
wait_for '^ 3/6 ' >/dev/null
keys "'"
wait_for 'Bookmarks' >/dev/null
keys Enter
check "jumps: a bookmark jump" wait_for '^ 1/6 '
keys C-o
check "jumps: C-o after a bookmark jump comes back" wait_for '^ 3/6 '
keys q
wait_exit >/dev/null

# --- 4. unread ----------------------------------------------------------------
U="$SCRATCH/u"
mkdir -p "$U"
for n in 1 2 3; do
	printf 'Title: Short %s\n\nShort article %s.\n' $n $n > "$U/0$n.txt"
done
SAME_HOME=1
HOME="$SCRATCH/home-u"
mkdir -p "$HOME"
start $COLS $ROWS "$DOSSIER" "$U"
wait_for '^ 1/3 ' >/dev/null
sync_ui
check "read: an article shown at start-up with the focus in the list is not read" \
    wait_for '^▶1  Short 1'
keys / S h o r t
wait_for 'match' >/dev/null
keys Escape
sync_ui
none_read() {
	! screen | grep -q "✓"
}
check "read: nor when a search passes through the articles" none_read
keys Tab
check "read: its end seen with the focus in the text: read" wait_for '^▶1✓ Short 1'
keys u
check "u: opens the next unread article" wait_for '^ 2/3 '
check "u: ... which is then read" wait_for '^▶2✓ Short 2'
keys u u
check "u: none left says so" wait_for 'every article is read'
keys U
check "U: marks the article unread" wait_for 'marked unread'
sync_ui
check "U: ... and it stays unread while shown" wait_for '^▶3  Short 3'
keys q
wait_exit >/dev/null
start $COLS $ROWS "$DOSSIER" "$U"
check "U: the marks are kept: 1 and 2 read" wait_for '^ 2✓ Short 2'
check "U: ... 3 unread" wait_for '^▶3  Short 3'
keys Tab u
check "u: wraps around to an unread one" wait_for 'no other article is unread|every article is read'
keys q
wait_exit >/dev/null
SAME_HOME=0

# --- 5. searches that stay ----------------------------------------------------
start $COLS $ROWS "$DOSSIER" "$D"
wait_for '^ 1/6 ' >/dev/null
keys / n e e d l e Enter
wait_for '^ 3/6 .*match 1/2' >/dev/null
pane_text > "$SCRATCH/s1"
keys j
check "search: after Enter the keys scroll the text (the focus is there)" \
    until_true differs "$SCRATCH/s1"
keys / z z z
check "search: a new search that finds nothing" wait_for '^/zzz'
keys Escape
check "search: Esc brings the last search back, its count" \
    wait_for '^ 3/6 .*match 1/2, 2 matches in 2 articles'
keys n
check "search: ... and n goes on from it" wait_for '^ 5/6 .*match 2/2'
keys / B l a i r '|' B r o w n Enter
check "search: a pattern that finds nothing: search is plain text" \
    wait_for 'search is plain text'
keys q
wait_exit >/dev/null
start 40 12 "$DOSSIER" "$D"
wait_for '^ 1/6 ' >/dev/null
keys / n e e d l e Enter
check "narrow: the count stays, short" wait_for '^ 3/6 .* 1/2 +[0-9]+%$'
keys / B l a i r '|' B r o w n Enter
check "narrow: a long message wraps at a word onto the line above" \
    wait_for '^ no matches \(search is plain text: \| \^$'
check "narrow: ... and ends on the status line" wait_for '^ 3/6 \$ \.\* .* are not special\)'
keys q
wait_exit >/dev/null

# --- 7. help, o ---------------------------------------------------------------
cat > "$SCRATCH/less" <<PAGER
#!/bin/sh
printf '%s\n' "\$@" > "$SCRATCH/pager.args"
cat > "$SCRATCH/paged"
echo paged >> "$SCRATCH/paged.done"
PAGER
chmod +x "$SCRATCH/less"
start $COLS $ROWS env PAGER="$SCRATCH/less" "$DOSSIER" "$D"
wait_for '^ 1/6 ' >/dev/null
keys h
check "help: opens" wait_for 'dossier keys'
check "help: lists C-o and C-t" help_find 'C-o +back to where'
check "help: lists :" help_find '^ *: +a command'
keys Space Space Space Space Space Space Space Space
check "help: the config file's path" wait_for "Config file +$HOME/.config/dossier/config"
screen > "$SCRATCH/help-end"
keys Space Space j j
sync_ui 2>/dev/null
keys h
wait_for 'dossier keys' >/dev/null
for k in 1 2 3 4 5 6 7 8 9 10; do keys Space; done
# the config file's row is the help's last: it shows only at the end (a
# pause in the paging would otherwise pass for the end)
wait_for "Config file +$HOME/.config/dossier/config" >/dev/null
wait_settle
same_screen() {
	screen | cmp -s - "$1"
}
check "help: does not scroll past its end" same_screen "$SCRATCH/help-end"
check "help: lists the mouse" wait_for 'wheel +scroll'
check "help: lists the bookmark list's keys" wait_for 'u +undo the last deletion'
keys b
check "help: lists the prompt's keys" wait_for 'C-w +delete the last word'
check "help: ... Up and Down" wait_for 'Up, Down +the lines typed before'
keys Escape
wait_gone 'dossier keys' >/dev/null
not_at_start() {
	! status_line | grep -q ' 0%'
}
keys Enter
wait_for '^ 1/6 ' >/dev/null
keys Space Space
until_true not_at_start
sync_ui		# both Space handled, not just the first
if [ -z "$(top_row)" ]; then keys j; sync_ui; fi
top=$(top_row)
keys o
i=0; until [ -f "$SCRATCH/paged.done" ] || [ $i -gt 100 ]; do sleep 0.05; i=$((i+1)); done
line=$(sed -n 's/^+//p' "$SCRATCH/pager.args")
check "o: the pager gets +LINE" test -n "$line"
# the pager's lines are wider: the pane's top row is part of its line
check "o: ... the line on top of the pane" \
    sh -c 'sed -n "${1}p" "$2" | grep -qF -- "$3"' _ "$line" "$SCRATCH/paged" "$top"
check "o: the reader comes back" wait_for '^ 1/6 '
keys q
wait_exit >/dev/null

done_testing
