#!/bin/sh
# test_bookmarks.sh - bookmarks and reading state in a real terminal (tmux):
# the label prompt, the bookmark list (jump, delete, undo), the dotfile
# (mode, version line, lines it does not understand), jumping back after a
# restart, resuming where reading stopped, an unwritable dotfile, two
# instances on one dotfile, and bookmarks that survive an edited article.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

A="$top_srcdir/articles"
COLS=100 ROWS=30
TEXT_W=57
PANE_H=$((ROWS - 1))
TAB=$(printf '\t')

# The helpers of lib.sh work on tmux session "s"; these take $TGT, so that
# `on s2 CMD...` runs CMD against a second session.
TGT=s
screen() {
	t capture-pane -p -t "$TGT"
}
keys() {
	t send-keys -t "$TGT" "$@"
}
on() {	# on SESSION COMMAND...
	TGT=$1
	shift
	"$@"
	on_rc=$?
	TGT=s
	return $on_rc
}

# the reading pane's rows, as the screen shows them
pane_text() {
	screen | head -n $PANE_H | sed 's/^[^│]*│ \{0,1\}//; s/ *$//'
}
top_line() {
	pane_text | head -n 1
}
status_line() {
	screen | sed -n "${ROWS}p" | sed 's/ *$//'
}
is_status() {	# is_status TEXT: the status line reads exactly TEXT
	test "$(status_line)" = "$1"
}
# line N of article N of dossier DIR laid out as the reading pane does
dump_line() {	# dump_line DIR ARTICLE LINE
	"$DOSSIER" --dump "$2" --width $TEXT_W "$1" | sed -n "$3p" | sed 's/ *$//'
}
dump_text() {	# dump_text DIR ARTICLE FIRSTLINE: a pane's worth
	"$DOSSIER" --dump "$2" --width $TEXT_W "$1" | sed -n "$3,\$p" |
	    head -n $PANE_H | sed 's/ *$//'
}
same_as_dump() {	# same_as_dump DIR ARTICLE FIRSTLINE
	pane_text > "$SCRATCH/got"
	dump_text "$1" "$2" "$3" > "$SCRATCH/want"
	n=$(wc -l < "$SCRATCH/want")
	head -n "$n" "$SCRATCH/got" > "$SCRATCH/got.n"
	cmp -s "$SCRATCH/got.n" "$SCRATCH/want"
}
wait_dump() {	# wait_dump DIR ARTICLE FIRSTLINE, with a diff on failure
	if until_ok 5 same_as_dump "$@"; then
		return 0
	fi
	diff "$SCRATCH/want" "$SCRATCH/got.n" | head -10 | sed 's/^/# /'
	return 1
}
is_top() {	# is_top LINE: the pane's first row is LINE
	test "$(top_line)" = "$1"
}
wait_top() {	# wait_top LINE
	if until_ok 5 is_top "$1"; then
		return 0
	fi
	diag "top line: '$(top_line)'" "wanted:   '$1'"
	return 1
}
same_pane() {	# same_pane FILE: the reading pane is exactly as saved
	pane_text > "$SCRATCH/pane.now"
	cmp -s "$1" "$SCRATCH/pane.now"
}
wait_same_pane() {
	if until_ok 5 same_pane "$1"; then
		return 0
	fi
	diff "$1" "$SCRATCH/pane.now" | head -10 | sed 's/^/# /'
	return 1
}
# the bookmark list's rows: each ends in a percentage and a date
list_rows() {
	screen | grep -cE '[0-9]+%  [0-9]{4}-[0-9]{2}-[0-9]{2}'
}
has_rows() {	# has_rows N
	test "$(list_rows)" -eq "$1"
}
# the dotfile's bookmarks: a field of each bookmark line, in order
# (2 id, 3 path, 4 fingerprint, 5 offset, 6 created, 7 label, 8 snippet)
mark_field() {	# mark_field FILE FIELD
	awk -F "$TAB" -v f="$2" '$1 == "bookmark" && NF == 8 { print $f }' \
	    "$1" 2>/dev/null
}
marks_in() {	# marks_in FILE: how many bookmarks (lines that parse)
	awk -F "$TAB" '$1 == "bookmark" && NF == 8 { n++ } END { print n + 0 }' \
	    "$1" 2>/dev/null || echo 0
}
has_marks() {	# has_marks FILE N
	test "$(marks_in "$1")" -eq "$2"
}
# start, once the last tmux server is gone: lib.sh's start kills it and
# starts the next at once, and a server still on its way out can take the
# new session with it ("server exited unexpectedly")
begin() {
	spid=$(t display-message -p -t s '#{pid}' 2>/dev/null)
	t kill-server >/dev/null 2>&1
	if [ -n "$spid" ]; then
		until_ok 5 sh -c '! kill -0 "$1"' _ "$spid"
	fi
	start "$@"
}
dossier_pid() {
	pgrep -P "$(pane '#{pane_pid}')" -f dossier | head -n 1
}

# --- the label prompt, the list, the dotfile ----------------------------------
begin $COLS $ROWS "$DOSSIER" "$A"
BM="$HOME/.dossier_bookmarks"
check "start: article 1, no bookmark flag" wait_for '^▶1  Kyiv'
keys Enter j j j j j
check "reading article 1 from line 6" wait_dump "$A" 1 6
pane_text > "$SCRATCH/pane.mark1"
top=$(top_line)
keys m
check "m opens the label prompt" wait_for '^Bookmark label:'
label=$(status_line | sed 's/^Bookmark label: //')
first3=$(printf '%s\n' "$top" | awk '{ print $1, $2, $3 }')
check "the prompt is pre-filled with the first words of the top line ($label)" \
    test "$(printf '%s\n' "$label" | awk '{ print $1, $2, $3 }')" = "$first3"
label_cols=$(printf '%s' "$label" | wc -m)
check "... a few words, at most 40 columns ($label_cols)" \
    test "$label_cols" -gt 0 -a "$label_cols" -le 40
check "... no bookmark saved while the prompt is open" has_marks "$BM" 0
keys BSpace BSpace BSpace
short=$(printf '%s' "$label" | sed 's/...$//')
check "Backspace edits the label" \
    until_ok 5 is_status "Bookmark label: $short"
keys C-u
check "Ctrl-U clears it" wait_for '^Bookmark label: *$'
keys -l 'Zürich — 東京'
check "a Unicode label is typed in" wait_for '^Bookmark label: Zürich — 東京$'
keys Enter
check "Enter bookmarks: the status line says so" wait_for 'bookmarked: Zürich — 東京'
check "the dotfile is written at once, with one bookmark" has_marks "$BM" 1
check "... mode 0600" test "$(stat -c %a "$BM")" = 600
check "... starting with the version line" \
    test "$(head -n 1 "$BM")" = "# dossier bookmarks v2"
check "... the label as typed" test "$(mark_field "$BM" 7)" = "Zürich — 東京"
check "... the article by its canonical absolute path" \
    test "$(mark_field "$BM" 3)" = "$(cd "$A" && pwd -P)/2025-03-11-jeddah-staakt-het-vuren.txt"
check "... the snippet is the text on the top line" \
    sh -c 'case "$1" in "$2"*) exit 0;; esac; exit 1' _ "$top" "$(mark_field "$BM" 8)"
keys m
wait_for '^Bookmark label: .' >/dev/null
keys -l 'neu'
check "typing over the suggested label replaces it" \
    wait_for '^Bookmark label: neu$'
keys Escape
check "... and Esc then makes no bookmark" wait_for 'no bookmark made'
check "... the dotfile still holds one" has_marks "$BM" 1
check "the list flags the article with ★" wait_for '^▶1★ Kyiv'
check "... and only that one" test "$(screen | grep -c '^.[0-9]★')" -eq 1
id=$(mark_field "$BM" 2)

keys j m
wait_for '^Bookmark label:' >/dev/null
keys Escape
check "Esc cancels the prompt" wait_for 'no bookmark made'
check "... no bookmark added" has_marks "$BM" 1

keys "'"
check "' opens the bookmark list" wait_for 'Bookmarks \(Enter jumps'
check "... with the bookmark: headline and label" \
    wait_for 'Zürich — 東京 — Kyiv stemt in met staakt-het-vuren'
check "... one row" has_rows 1
keys d
check "d deletes it" wait_for 'bookmark deleted: u undoes'
check "... gone from the list" wait_gone 'Zürich'
check "... and from the dotfile" has_marks "$BM" 0
keys u
check "u undoes the delete" wait_for 'bookmark restored'
check "... back in the list" wait_for 'Zürich — 東京 — Kyiv'
check "... and in the dotfile, the same bookmark" test "$(mark_field "$BM" 2)" = "$id"
keys Escape
check "Esc closes the list" wait_gone 'Bookmarks \(Enter'
check "... the flag still there" wait_for '^▶1★ Kyiv'
keys g q
check "q quits (status 0)" test "$(wait_exit)" = 0

# --- bookmark, quit, restart, jump back ---------------------------------------------
SAME_HOME=1 begin $COLS $ROWS "$DOSSIER" "$A"
check "restart: article 1 at the top, where it was left" wait_dump "$A" 1 1
check "restart: the bookmark flag is back" wait_for '^▶1★ Kyiv'
keys j Enter
check "restart: article 2 opened" wait_for '^ 2/5 '
keys "'"
check "restart: the bookmark is listed" wait_for 'Zürich — 東京 — Kyiv'
keys Enter
check "restart: Enter jumps to article 1" wait_for '^ 1/5 '
check "restart: ... to the very screen that was bookmarked" \
    wait_same_pane "$SCRATCH/pane.mark1"
check "restart: ... the list closed" wait_gone 'Bookmarks \(Enter'
keys j
check "restart: ... with the focus on the text (j scrolls it)" wait_dump "$A" 1 7
keys q
wait_exit >/dev/null

# --- resume where reading stopped ----------------------------------------------------
R="$SCRATCH/resume.bm"
begin $COLS $ROWS "$DOSSIER" --bookmarks "$R" "$A"
wait_for '^ 1/5 ' >/dev/null
keys j j Enter j j j j j j j j j j j j
check "resume: reading article 3 from line 13" wait_dump "$A" 3 13
last_is_3() {
	grep -q "^opened${TAB}.*${TAB}/.*/2025-11-22-opinie-vredesplan-overgave-oekraine.txt$TAB" "$R" &&
	    awk -F "$TAB" '$1 == "place" && $2 ~ /\/2025-11-22-/ && $4 > 0 { f = 1 }
	    END { exit !f }' "$R"
}
check "resume: after a pause the position is saved without quitting" \
    until_ok 5 last_is_3
kill -KILL "$(dossier_pid)"
wait_exit >/dev/null
begin $COLS $ROWS "$DOSSIER" --bookmarks "$R" "$A"
check "resume: after kill -9, the restart opens article 3 (3/5)" wait_for '^ 3/5 '
check "resume: ... selected in the list" wait_for '^▶3'
check "resume: ... at the same screen" wait_dump "$A" 3 13
keys Tab j j j j j q
check "resume: scrolled on and quit at once" test "$(wait_exit)" = 0
begin $COLS $ROWS "$DOSSIER" --bookmarks "$R" "$A"
check "resume: quitting saved the new place (3/5)" wait_for '^ 3/5 '
check "resume: ... the same screen again" wait_dump "$A" 3 18
keys q
wait_exit >/dev/null

# --- an unwritable dotfile ------------------------------------------------------------
printf 'not a folder\n' > "$SCRATCH/afile"
begin $COLS $ROWS "$DOSSIER" --bookmarks "$SCRATCH/afile/bookmarks" "$A"
check "unwritable: the reader starts" wait_for '^ 1/5 '
check "unwritable: ... saying the dotfile cannot be read" \
    wait_for 'bookmarks: Not a directory: .*afile/bookmarks'
keys Enter j j j m
wait_for '^Bookmark label:' >/dev/null
keys Enter
check "unwritable: the status line says the bookmark was not saved, why first" \
    wait_for 'bookmarks not saved: Not a directory: .*afile/bookmarks'
check "unwritable: ... with a mark that stays" wait_for '\[unsaved\]'
keys j
check "unwritable: the reader goes on (j scrolls)" wait_dump "$A" 1 5
keys "'"
check "unwritable: ' still lists the bookmark in this session" \
    until_ok 5 has_rows 1
keys Escape ']'
wait_for '^ 2/5 ' >/dev/null
keys "'"
check "unwritable: ... after moving on too" until_ok 5 has_rows 1
keys Enter
# the message that it is not saved wraps over the pane's last row until
# the next key (issue 16): x, unbound, clears it
wait_for 'bookmarks not saved' >/dev/null
keys x
check "unwritable: ... and Enter jumps to it" wait_dump "$A" 1 4
keys q
check "unwritable: q quits with status 1 (changes not saved)" \
    test "$(wait_exit)" = 1
check "unwritable: ... saying so on stderr" \
    wait_for 'dossier: bookmarks not saved: Not a directory'

check "unwritable: the file in the way is untouched" \
    test "$(cat "$SCRATCH/afile")" = "not a folder"

# --- lines the program does not understand --------------------------------------------
G="$SCRATCH/garbage.bm"
{
	printf '# dossier bookmarks v1\n'
	printf 'this line means nothing\n'
	printf '# a comment of my own\n'
	printf 'mark\tbroken\tline\n'
	printf '\n'
	printf 'future\tfield\t\377\376 bytes\t\001\r\n'
} > "$G"
cp "$G" "$SCRATCH/garbage.orig"
begin $COLS $ROWS "$DOSSIER" --bookmarks "$G" "$A"
check "garbage: the status line says 3 lines were not understood" \
    wait_for '3 lines of .*garbage\.bm not understood'
keys Enter j j j m
wait_for '^Bookmark label:' >/dev/null
keys Enter
check "garbage: a bookmark is made" wait_for 'bookmarked: '
check "garbage: ... and saved" has_marks "$G" 1
prefix_kept() {	# under the new version line
	tail -n +2 "$SCRATCH/garbage.orig" > "$SCRATCH/garbage.body"
	tail -n +2 "$G" | head -c "$(wc -c < "$SCRATCH/garbage.body")" |
	    cmp -s - "$SCRATCH/garbage.body"
}
check "garbage: every line kept byte for byte, in its place" prefix_kept
keys q
wait_exit >/dev/null
check "garbage: ... still after quitting" prefix_kept
begin $COLS $ROWS "$DOSSIER" --bookmarks "$G" "$A"
check "garbage: on the next start, still 3 lines not understood" \
    wait_for '3 lines of .* not understood'
keys "'"
check "garbage: ... and the bookmark is listed" until_ok 5 has_rows 1
keys Escape q
wait_exit >/dev/null

# --- two instances on one dotfile --------------------------------------------------------
S="$SCRATCH/shared.bm"
begin $COLS $ROWS "$DOSSIER" --bookmarks "$S" "$A"
t new-session -d -s s2 -x $COLS -y $ROWS \
    "env HOME='$HOME' LC_ALL=C.UTF-8 TERM=screen-256color '$DOSSIER' --bookmarks '$S' '$A'; echo \$? > '$SCRATCH/status.s2'; exec sleep 600"
check "two: instance one runs" wait_for '^ 1/5 '
check "two: instance two runs" on s2 wait_for '^ 1/5 '
add() {	# add SESSION LABEL: bookmark the current place as LABEL
	on "$1" keys m
	on "$1" wait_for '^Bookmark label:' >/dev/null
	on "$1" keys C-u
	on "$1" keys -l "$2"
	on "$1" keys Enter
	on "$1" wait_for "bookmarked: $2"
}
keys Enter j
on s2 keys j Enter j j
check "two: one adds one-a" add s one-a
check "two: two adds two-a" add s2 two-a
keys "'"
check "two: one's list shows two's bookmark" wait_for ' two-a — '
check "two: ... and its own" wait_for ' one-a — '
keys Escape
on s2 keys "'"
check "two: two's list shows one's bookmark" on s2 wait_for ' one-a — '
on s2 keys Escape
keys j j j
on s2 keys j j j
check "two: one adds one-b" add s one-b
check "two: two adds two-b" add s2 two-b
keys ']'
on s2 keys ']'
check "two: one adds one-c" add s one-c
check "two: two adds two-c" add s2 two-c
keys "'"
on s2 keys "'"
check "two: one's list has all six" until_ok 5 has_rows 6
check "two: two's list has all six" until_ok 5 on s2 has_rows 6
for l in one-a one-b one-c two-a two-b two-c; do
	check "two: ... $l in both lists" \
	    sh -c 'for s in s s2; do tmux -L "$1" -f /dev/null capture-pane -p -t $s | grep -q -- " $2 — " || exit 1; done' _ "$TMUX_SOCKET" "$l"
done
keys Escape q
on s2 keys Escape q
check "two: one quits" test "$(wait_exit)" = 0
check "two: two quits" until_ok 10 test -f "$SCRATCH/status.s2"
check "two: ... with status 0" test "$(cat "$SCRATCH/status.s2" 2>/dev/null)" = 0
check "two: the dotfile holds all six bookmarks" has_marks "$S" 6
check "two: ... with six labels" \
    test "$(mark_field "$S" 7 | sort | tr '\n' ' ')" = "one-a one-b one-c two-a two-b two-c "
check "two: ... and six ids" test "$(mark_field "$S" 2 | sort -u | wc -l)" -eq 6
check "two: ... and no line it cannot read" \
    test "$(grep -cvE "^(# dossier bookmarks v2|(bookmark|place|opened)$TAB.*)\$" "$S")" -eq 0

# --- three bookmarks, an edited article, all found again ------------------------------------
C="$SCRATCH/copy"
cp -r "$A" "$C"
D="$SCRATCH/done.bm"
begin $COLS $ROWS "$DOSSIER" --bookmarks "$D" "$C"
wait_for '^ 1/5 ' >/dev/null
keys j Enter
wait_for '^ 2/5 ' >/dev/null
keys j j j j j j j j j j j j j j j j j j j j
top1=$(dump_line "$C" 2 21)
check "edit: article 2, line 21 on top" wait_top "$top1"
keys m
wait_for '^Bookmark label:' >/dev/null
keys Enter
wait_for 'bookmarked: ' >/dev/null
keys Space j j j j j j j j j j j j j
top2=$(dump_line "$C" 2 62)
check "edit: article 2, line 62 on top" wait_top "$top2"
keys m
wait_for '^Bookmark label:' >/dev/null
keys Enter
wait_for 'bookmarked: ' >/dev/null
keys ']' ']'
wait_for '^ 4/5 ' >/dev/null
keys j j j j j j j j j j j j j j j j j j j j j j j
top3=$(dump_line "$C" 4 24)
check "edit: article 4, line 24 on top" wait_top "$top3"
keys m
wait_for '^Bookmark label:' >/dev/null
keys Enter
wait_for 'bookmarked: ' >/dev/null
keys q
wait_exit >/dev/null
check "edit: three bookmarks saved" has_marks "$D" 3
before=$(mark_field "$D" 5 | tr '\n' ' ')

# a new paragraph near the top of article 2 (a paragraph a line there)
F="$C/2025-09-01-waarom-vrede-nog-ver-weg-is.txt"
NEW='Een ingevoegde alinea, die er eerst niet stond: zij schuift alles wat volgt een flink eind op, zodat geen enkele bladwijzer nog op zijn oude plek zou staan als er alleen naar de byte werd gekeken.'
sed -i "3a\\
$NEW" "$F"
check "edit: the article changed (a paragraph inserted)" grep -q 'Een ingevoegde alinea' "$F"
shift_by=$(( $(printf '%s\n' "$NEW" | wc -c) ))
check "edit: ... the bookmarked lines moved down in the layout" \
    test "$(dump_line "$C" 2 21)" != "$top1"

begin $COLS $ROWS "$DOSSIER" --bookmarks "$D" "$C"
check "edit: restarted" wait_for '/5 '
check "edit: both articles flagged ★" wait_for '^ 2★ Waarom'
check "edit: ... article 4 too" wait_for '^.4★ Poetin'
keys "'"
check "edit: the list holds all three" until_ok 5 has_rows 3
check "edit: ... two in article 2" test "$(screen | grep -c ' — Waarom vrede')" -eq 2
keys Enter
check "edit: the first jumps to article 2" wait_for '^ 2/5 '
check "edit: ... with its text on the top line" wait_top "$top1"
keys "'"
wait_for 'Bookmarks \(Enter' >/dev/null
keys j Enter
wait_gone 'Bookmarks \(Enter' >/dev/null	# it was in article 2 already
check "edit: the second jumps to article 2" wait_for '^ 2/5 '
check "edit: ... with its text on the top line" wait_top "$top2"
keys "'"
wait_for 'Bookmarks \(Enter' >/dev/null
keys j j Enter
check "edit: the third jumps to article 4" wait_for '^ 4/5 '
check "edit: ... with its text on the top line" wait_top "$top3"
after=$(mark_field "$D" 5 | tr '\n' ' ')
moved() {
	set -- $before 0 0 0
	b1=$1 b2=$2 b3=$3
	set -- $after -1 -1 -1
	test "$1" -eq $((b1 + shift_by)) -a "$2" -eq $((b2 + shift_by)) \
	    -a "$3" -eq "$b3"
}
check "edit: the dotfile's offsets moved by the inserted bytes ($before -> $after)" moved
keys q
check "edit: quits (status 0)" test "$(wait_exit)" = 0

# edited again, opened on a slow disk (the loaders wait 3 s an article):
# the bookmarks move once the article is read, without waiting for it
# before the first frame, and without ' being pressed
before=$after
sed -i "3a\\
$NEW" "$F"
begin $COLS $ROWS env DOSSIER_TEST_LOAD_DELAY_MS=3000 "$DOSSIER" \
    --bookmarks "$D" "$C"
check "slow edit: the reader is up" wait_for '/5 '
after=$(mark_field "$D" 5 | tr '\n' ' ')
check "slow edit: ... before the edited article was read (offsets as they were)" \
    test "$after" = "$before"
moved_again() {
	after=$(mark_field "$D" 5 | tr '\n' ' ')
	moved
}
check "slow edit: once it is read, its two bookmarks move by the inserted bytes" \
    until_ok 20 moved_again
keys q
check "slow edit: quits (status 0)" test "$(wait_exit 15)" = 0

done_testing
