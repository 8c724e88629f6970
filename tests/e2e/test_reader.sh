#!/bin/sh
# test_reader.sh - the reader in a real terminal (tmux): the start screen,
# every key, the mouse, resizing, tiny sizes, help, quitting, signals, the
# C locale, colours, and hostile text that must not reach the terminal.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

A="$top_srcdir/articles"
COLS=100 ROWS=30
# the reading pane at 100 columns: the list takes 40, a rule, a margin
TEXT_X=42 TEXT_W=57
PANE_H=$((ROWS - 1))

# the reading pane's rows, as the screen shows them
pane_text() {
	screen | head -n $PANE_H | sed 's/^[^│]*│ \{0,1\}//; s/ *$//'
}
# what the reading pane must show of article N from line FROM on
dump_text() {
	"$DOSSIER" --dump "$1" --width $TEXT_W "$A" | sed -n "$2,\$p" |
	    head -n $PANE_H | sed 's/ *$//'
}
same_as_dump() {	# same_as_dump ARTICLE FIRSTLINE
	pane_text > "$SCRATCH/got"
	dump_text "$1" "$2" > "$SCRATCH/want"
	n=$(wc -l < "$SCRATCH/want")
	head -n "$n" "$SCRATCH/got" > "$SCRATCH/got.n"
	if cmp -s "$SCRATCH/got.n" "$SCRATCH/want"; then
		return 0
	fi
	diff "$SCRATCH/want" "$SCRATCH/got.n" | head -10 | sed 's/^/# /'
	return 1
}
# shows ARTICLE FIRSTLINE: poll until the pane is same_as_dump, then say
shows() {
	i=0
	until same_as_dump "$1" "$2" >/dev/null || [ $i -gt 40 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	same_as_dump "$1" "$2"
}
status_line() {
	screen | sed -n "${ROWS}p"
}

start $COLS $ROWS "$DOSSIER" "$A"
check "start: the status line shows article 1/5" wait_for '^ 1/5 Kyiv stemt in'
headlines() { test "$(screen | grep -c "^.[1-5]. [A-Z]")" -ge 5; }
i=0; until headlines || [ $i -gt 100 ]; do sleep 0.05; i=$((i+1)); done
check "start: the list shows all five headlines" headlines
check "start: the first article is marked as opened" wait_for '^▶1. Kyiv'
check "start: the list shows a date where known" wait_for '^ 3. Opinie.*2025-11-22│'
check "start: the reading pane shows article 1 laid out at its width" same_as_dump 1 1
check "start: the headline is on top of the reading pane" wait_for '│ Kyiv stemt in met staakt-het-vuren'

# --- the list ------------------------------------------------------------------
keys j j Enter
check "list: j j Enter opens article 3" wait_for '^ 3/5 Opinie'
check "list: ... shown in the reading pane" same_as_dump 3 1
check "list: ... and marked as opened" wait_for '^▶3. Opinie'
keys Tab k Enter
check "list: Tab back to the list, k Enter opens article 2" wait_for '^ 2/5 Waarom'
keys Tab Down Down Up Enter
check "list: Down Down Up Enter opens article 3" wait_for '^ 3/5 '
keys Tab End Enter
check "list: End Enter opens the last article" wait_for '^ 5/5 '
keys Tab g Enter
check "list: g Enter opens the first article" wait_for '^ 1/5 '
keys Tab G k Enter
check "list: G k Enter opens article 4" wait_for '^ 4/5 '
keys Tab Home Enter
check "list: Home Enter opens the first again" wait_for '^ 1/5 '
keys Tab ']'
check "list: ] opens the next article" wait_for '^ 2/5 '
keys '['
check "list: [ opens the previous article" wait_for '^ 1/5 '
keys '['
check "list: [ on the first article says so" wait_for 'this is the first article'
keys NPage Enter
check "list: PgDn Enter opens the last article (a page down)" wait_for '^ 5/5 '
keys Tab PPage Enter
check "list: PgUp Enter opens the first" wait_for '^ 1/5 '
keys Tab j j Space b Enter
sync_ui		# the same screen as before these keys: nothing to wait for
check "list: Space and b page the list" wait_for '^ 1/5 '
keys Tab

# --- the reading pane ----------------------------------------------------------
keys Enter
keys j
check "text: Enter focuses the text, j scrolls one line" shows 1 2
keys k
check "text: k scrolls back" shows 1 1
keys Down Down Down Up
check "text: Down Down Down Up: from line 3" shows 1 3
keys g Space
check "text: Space pages down keeping one line of context" shows 1 $PANE_H
keys b
check "text: b pages up" shows 1 1
keys f
check "text: f pages down" shows 1 $PANE_H
keys PPage
check "text: PgUp pages up" shows 1 1
keys NPage
check "text: PgDn pages down" shows 1 $PANE_H
total=$("$DOSSIER" --dump 1 --width $TEXT_W "$A" | wc -l)
keys G
check "text: G shows the bottom of the article" shows 1 $((total - PANE_H + 1))
check "text: ... at 100%" wait_for '100%$'
keys Home
check "text: Home goes to the top" shows 1 1
keys End
check "text: End goes to the bottom" wait_for '100%$'
keys ']'
check "text: ] opens the next article" wait_for '^ 2/5 '
check "text: ... from its top" same_as_dump 2 1
keys '['
check "text: [ returns to the previous article" wait_for '^ 1/5 '
check "text: ... where it was left (the bottom)" wait_for '100%$'
keys x z 9 F5 Escape
sync_ui
check "unknown keys do nothing harmful" wait_for '^ 1/5 Kyiv'
keys Tab
keys Tab
keys g

# --- help -----------------------------------------------------------------------
keys h
check "help: h opens the help" wait_for 'dossier keys'
for text in "quit" "move the focus" "page down" "open the next article" "search forward" \
    "bookmark the top line, or the match" "show or hide the article list"; do
	check "help: lists '$text'" help_find "$text"
done
keys Space	# the help is longer than the screen
check "help: lists 'this help'" wait_for "this help"
keys b
check "help: shows the keys themselves" wait_for 'j, Down'
keys Escape
check "help: Esc closes it" wait_gone 'dossier keys'
keys F1
check "help: F1 opens it too" wait_for 'dossier keys'
keys q
check "help: q closes it, without quitting" wait_gone 'dossier keys'
check "help: ... the reader is still there" wait_for '^ 1/5 '

# --- mouse ------------------------------------------------------------------------
# X10 mouse reports: ESC [ M, then 32+button, 33+x, 33+y
keys -l "$(printf '\033[M #$')"
keys -l "$(printf '\033[M##$')"
check "mouse: a click on the fourth row opens article 4" wait_for '^ 4/5 '
keys -l "$(printf '\033[Ma[/')"
check "mouse: the wheel over the text scrolls it" shows 4 4
keys -l "$(printf '\033[M`[/')"
check "mouse: the wheel up scrolls back" shows 4 1

# --- resize -------------------------------------------------------------------------
keys -l "$(printf '\033[M #"')"
keys -l "$(printf '\033[M##"')"
wait_for '^ 2/5 ' >/dev/null
for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do keys j; done
check "resize: reading article 2 from line 21" shows 2 21
top_before=$(pane_text | head -n 1)
first_word=$(printf '%s\n' "$top_before" | awk '{ print $1 }')
t resize-window -t s -x 40 -y $ROWS
# tmux crops the old screen at once (the list's left part, no rule): wait
# for the program's own status line at 40 columns, the percentage at its end
wait_for '^ 2/5 .*[0-9]%$' >/dev/null
check "resize: at 40 columns the list hides" wait_gone '│'
top_has() { screen | head -n 1 | grep -qw -- "$1"; }
check "resize: ... and the line that was on top is still on top ($first_word)" top_has "$first_word"
check "resize: ... reflowed to 40 columns" sh -c 'test "$(tmux -L "$1" -f /dev/null capture-pane -p -t s | head -n 29 | wc -L)" -le 40' _ "$TMUX_SOCKET"
t resize-window -t s -x $COLS -y $ROWS
i=0; until [ "$(pane_text | head -n 1)" = "$top_before" ] || [ $i -gt 60 ]; do sleep 0.05; i=$((i+1)); done
check "resize: back at 100 columns, the same line is on top" test "$(pane_text | head -n 1)" = "$top_before"
check "resize: ... and the whole pane is as before" shows 2 21
t resize-window -t s -x 10 -y 3
check "tiny: 10x3 says the terminal is too small" wait_for 'too small'
t resize-window -t s -x 1 -y 1
# tmux crops the 10x3 notice to its "t" at once: wait for the program's
# own frame at 1x1 (its "!", or nothing: curses may not draw in the one,
# bottom-right cell) before asking whether it is still there
wait_for '^!?$' >/dev/null
check "tiny: 1x1 does not crash" test ! -f "$STATUS"
t resize-window -t s -x 25 -y 6
check "tiny: 25x6 reads" wait_for '^ 2/5'
t resize-window -t s -x $COLS -y $ROWS
# the 25x6 screen's rows stay on top until the program redraws: wait for
# the whole title, which only fits at full width
check "tiny: back to full size, the place kept" \
    wait_for "^ 2/5 Waarom vrede tussen Rusland en Oekraïne nog ver weg is"
check "tiny: ... exactly" shows 2 21
keys '\'
check "\\ hides the list" wait_gone '│'
keys '\'
check "\\ shows it again" wait_for '^ 1. Kyiv'

# --- quitting -------------------------------------------------------------------------
keys q
check "q quits with status 0" test "$(wait_exit)" = 0
check "the terminal is restored: normal screen" test "$(pane '#{alternate_on}')" = 0
check "... cursor visible" test "$(pane '#{cursor_flag}')" = 1
check "... mouse reporting off" test "$(pane '#{mouse_any_flag}')" = 0
check "... keypad mode off" test "$(pane '#{keypad_cursor_flag}')" = 0

for sig in TERM HUP INT; do
	start $COLS $ROWS "$DOSSIER" "$A"
	wait_for '^ 1/5 ' >/dev/null
	pid=$(pgrep -P "$(pane '#{pane_pid}')" -f dossier | head -n 1)
	kill -$sig "$pid"
	st=$(wait_exit)
	check "SIG$sig: the program ends ($st)" test "$st" != timeout -a "$st" -gt 0
	check "SIG$sig: the terminal is restored" \
	    test "$(pane '#{alternate_on}#{cursor_flag}#{mouse_any_flag}')" = 010
done

# job control needs a real interactive shell: type the command into bash
start $COLS $ROWS bash --norc --noprofile -i
wait_for '[$#] *$' >/dev/null
keys "PS1='sh> '; clear" Enter
keys "'$DOSSIER' '$A'" Enter
check "job control: the reader starts from an interactive shell" wait_for '^ 1/5 Kyiv'
keys C-z
check "Ctrl-Z suspends: the shell reports the job stopped" wait_for 'Stopped'
check "... leaving the normal screen" test "$(pane '#{alternate_on}')" = 0
keys "clear; fg" Enter
check "fg resumes with the reader redrawn" wait_for '^ 1/5 Kyiv'
check "... the whole screen" wait_for '^ 5. Zelensky'
keys q
keys 'echo "exit=$?"' Enter
check "... and q then quits with status 0" wait_for '^exit=0'
keys exit Enter

start $COLS $ROWS "$DOSSIER" "$A"
wait_for '^ 1/5 ' >/dev/null
keys C-c
check "Ctrl-C quits (status 130)" test "$(wait_exit)" = 130
check "... the terminal restored" test "$(pane '#{alternate_on}#{cursor_flag}')" = 01

# --- terminals and locales ----------------------------------------------------------
RUN_TERM=no-such-terminal start $COLS $ROWS "$DOSSIER" "$A"
check "an unknown TERM: exit 2" test "$(wait_exit)" = 2
check "... with a clear message" wait_for 'dossier: TERM=no-such-terminal: unknown terminal type'
start $COLS $ROWS env -u TERM "$DOSSIER" "$A"
check "TERM unset: exit 2" test "$(wait_exit)" = 2
check "... with a clear message" wait_for 'dossier: TERM is not set'

RUN_LC_ALL=C start $COLS $ROWS "$DOSSIER" "$A"
check "C locale: the reader starts" wait_for '^ 1/5 Kyiv'
check "C locale: accents are transliterated (Oekraine)" wait_for 'Oekraine is klaar'
check "C locale: no broken bytes or raw UTF-8 on screen" \
    sh -c '! tmux -L "$1" -f /dev/null capture-pane -p -t s | grep -aq "[ïë„”]"' _ "$TMUX_SOCKET"
keys q

start $COLS $ROWS "$DOSSIER" "$A"
wait_for '^ 1/5 ' >/dev/null
check "colours by default" sh -c 'tmux -L "$1" -f /dev/null capture-pane -e -p -t s | grep -aq "\[3[0-7]m\|\[3[0-7];\|;3[0-7]m\|\[4[0-7]m"' _ "$TMUX_SOCKET"
keys q
for how in "env NO_COLOR=1 $DOSSIER $A" "$DOSSIER --no-color $A"; do
	start $COLS $ROWS $how
	wait_for '^ 1/5 ' >/dev/null
	# the list fills in after the first frame, with the dates (drawn
	# dim, a colour pair where there are colours): wait for them
	wait_for '^ 3. Opinie.*2025-11-22│' >/dev/null
	t capture-pane -e -p -t s > "$SCRATCH/colour"
	check "no colours with: ${how%% /*}${how##*/dossier}" \
	    sh -c '! grep -aq "\[3[0-7]m\|;3[0-7]m\|\[4[0-7]m\|;4[0-7]m\|38;5\|48;5" "$1"' _ "$SCRATCH/colour"
	check "... but attributes (reverse, bold) still" grep -aq '\[7m\|;7m\|\[1m' "$SCRATCH/colour"
	keys q
done

# --- an article still being read ---------------------------------------------------
# The loaders wait 4 s before reading each article (a slow disk), so the
# reader must not wait for them: the pane says so, and keys that need no
# text are answered at once.
start $COLS $ROWS env DOSSIER_TEST_LOAD_DELAY_MS=4000 "$DOSSIER" --no-cache "$A"
check "slow disk: the first article is read at once" wait_for 'Volodymyr'
keys ']'
check "slow disk: ] onto an article being read says so" \
    wait_for '│ reading this article…' 2
check "slow disk: ... in article 2/5" wait_for '^ 2/5 '
keys '['
check "slow disk: [ goes back at once, with the text" wait_for 'Volodymyr' 2
keys ']' ']'
check "slow disk: ] ] goes on past the one being read" wait_for '^ 3/5 ' 2
check "slow disk: ... the next is being read too" wait_for '│ reading this article…' 2
keys '[' Tab j
check "slow disk: article 2 shows once it is read" wait_for 'Ondanks verwoede' 15
keys q
check "slow disk: quits normally" test "$(wait_exit 15)" = 0
# quit while the article is still being read: it is the one to reopen
SAME_HOME=1
start $COLS $ROWS env DOSSIER_TEST_LOAD_DELAY_MS=4000 "$DOSSIER" --no-cache "$A"
wait_for '^ 2/5 ' >/dev/null
keys ']' ']'
check "slow disk: ] ] onto article 4" wait_for '^ 4/5 ' 2
check "slow disk: ... still being read" wait_for '│ reading this article…' 2
keys q
wait_exit 15 >/dev/null
start $COLS $ROWS "$DOSSIER" "$A"
check "slow disk: quit while it was read, the next start opens it (4/5)" \
    wait_for '^ 4/5 Poetin'
keys q
wait_exit >/dev/null
SAME_HOME=0

# --- hostile text ---------------------------------------------------------------------
H="$SCRATCH/hostile"
make_hostile "$H"
start $COLS $ROWS "$DOSSIER" "$H"
t select-pane -t s -T "pane-title-before"
wait_for '^ 1/13 ' >/dev/null
check "hostile: the escapes article shows its escapes as pictures" wait_for '␛\]0;pwned␇'
for k in j Enter j j G g ']' ']' '['; do keys "$k"; done
wait_for '^ 3/13 ' >/dev/null	# ] ] [ from article 2
keys Tab
for k in 1 2 3 4 5 6 7 8 9 10 11; do keys j; done
sync_ui		# the selection moved: no text says so
keys Enter
sleep 0.3
for n in 1 2 3 4 5 6 7 8 9 10 11 12 13; do keys ']'; done
wait_for '^ 13/13 ' >/dev/null
check "hostile: the pane title is unchanged" test "$(pane '#{pane_title}')" = "pane-title-before"
check "hostile: no clipboard buffer was set (OSC 52)" test -z "$(t list-buffers 2>/dev/null)"
check "hostile: the screen was not cleared (the list is still drawn)" wait_for '^ +1. Escapes'
check "hostile: still in the reader's screen" test "$(pane '#{alternate_on}')" = 1
check "hostile: the file name with an escape shows as a picture" wait_for '12-name-␛\[31m-esc'
keys q
check "hostile: quits normally" test "$(wait_exit)" = 0

done_testing
