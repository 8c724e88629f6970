#!/bin/sh
# test_hostile.sh - hostile terminals, files and signals; a large dossier.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

A="$top_srcdir/articles"

# --- TERM values -------------------------------------------------------------
for term in vt100 xterm-256color screen linux; do
	# Under TERM=linux ncurses loads the console mouse library (GPM),
	# which keeps a few bytes to the end: not ours, so in a sanitizer
	# build leak checking is off for that one run.
	leaks=1
	[ $term = linux ] && leaks=0
	RUN_TERM=$term start 80 24 env ASAN_OPTIONS=detect_leaks=$leaks \
	    "$DOSSIER" "$A"
	check "TERM=$term: the reader shows the list and the text" wait_for 'Kyiv stemt in'
	keys q
	check "TERM=$term: q quits with status 0" test "$(wait_exit)" = 0
done
RUN_TERM=dumb start 80 24 "$DOSSIER" "$A"
check "TERM=dumb: refused, exit 2" test "$(wait_exit)" = 2
check "TERM=dumb: ... with a clear message" wait_for 'cannot move the cursor'

# --- file names -----------------------------------------------------------------
N="$SCRATCH/names"
mkdir -p "$N"
printf 'Title: Gewoon\n\nTekst.\n' > "$N/a-plain.txt"
: > "$N/b-new
line.txt"
: > "$N/c-$(printf '\377\376')-bytes.txt"
: > "$N/d-$(printf '\033]0;pwned\007')-osc.txt"
start 100 30 "$DOSSIER" "$N"
t select-pane -t s -T "title-before"
check "names: four articles" wait_for '^ 1/4 '
check "names: a newline in a name is shown as a space" wait_for 'b-new line.txt'
check "names: invalid bytes in a name are U+FFFD" wait_for 'c-��-bytes.txt'
check "names: an escape in a name is a picture" wait_for 'd-␛]0;pwned␇-osc.txt'
keys j j j Enter
check "names: the article with an escape in its name opens" wait_for '^ 4/4 '
check "names: the pane title is unchanged" test "$(pane '#{pane_title}')" = "title-before"
keys q
wait_exit >/dev/null
"$DOSSIER" --list "$N" > "$SCRATCH/list"
check "names: --list prints them safely too" \
    sh -c '! LC_ALL=C grep -q "$(printf "[\001-\010\013-\037]")" "$1"' _ "$SCRATCH/list"

# --- a file that changes or vanishes while the reader runs ----------------------
C="$SCRATCH/changing"
mkdir -p "$C"
cp "$A"/*.txt "$C"
start 100 30 "$DOSSIER" "$C"
wait_for '^ 1/5 ' >/dev/null
i=0; until [ "$(screen | grep -c '^.[1-5]. [A-Z]')" -ge 5 ] || [ $i -gt 100 ]; do sleep 0.05; i=$((i+1)); done
rm "$C/2025-09-01-waarom-vrede-nog-ver-weg-is.txt"
printf 'Title: Veranderd\n\nNieuw.\n' > "$C/2025-11-22-opinie-vredesplan-overgave-oekraine.txt"
keys j Enter
check "vanished: the article read before it vanished still shows" wait_for '^ 2/5 Waarom vrede'
keys Tab j Enter
check "changed: the article shows as it was read" wait_for '^ 3/5 Opinie'
keys q
check "changed/vanished: quits normally" test "$(wait_exit)" = 0
start 100 30 "$DOSSIER" "$C"
check "restarted: the vanished article is gone, the changed one new" wait_for '^ 2. Veranderd'
keys q
wait_exit >/dev/null

# --- symlink loops, FIFOs, devices ---------------------------------------------
L="$SCRATCH/links"
mkdir -p "$L"
cp "$A/2025-03-11-jeddah-staakt-het-vuren.txt" "$L/a.txt"
ln -s loop1 "$L/loop2"
ln -s loop2 "$L/loop1"
mkfifo "$L/fifo.txt"
ln -s /dev/zero "$L/zero.txt"
ln -s /dev/tty "$L/tty.txt"
start 100 30 "$DOSSIER" "$L"
check "links: the one article opens; loops, FIFOs, devices skipped" wait_for '^ 1/1 Kyiv'
keys q
check "links: quits normally" test "$(wait_exit)" = 0

# --- a SIGWINCH storm -------------------------------------------------------------
start 100 30 "$DOSSIER" "$A"
wait_for '^ 1/5 ' >/dev/null
keys Enter
wait_settle
# ten lines down, the eleventh line is on top: wait until it is
top=$(screen | sed -n 11p | sed "s/^[^│]*│ *//")
for k in 1 2 3 4 5 6 7 8 9 10; do keys j; done
i=0; until [ "$(screen | head -n 1 | sed "s/^[^│]*│ *//")" = "$top" ] || [ $i -gt 100 ]; do sleep 0.05; i=$((i+1)); done
for w in 40 120 30 90 25 70 100 50 80 60 35 110 45 95 100 20 100 55 100; do
	t resize-window -t s -x $w -y 30
done
t resize-window -t s -x 100 -y 30
# the screen at 100 columns may still be the one from before the storm
# (tmux keeps what a narrower window hides): make sure it was handled
sync_ui
i=0; until [ "$(screen | head -n 1 | sed 's/^[^│]*│ *//')" = "$top" ] || [ $i -gt 100 ]; do sleep 0.05; i=$((i+1)); done
check "SIGWINCH storm: alive" test ! -f "$STATUS"
check "SIGWINCH storm: the same line on top afterwards" \
    test "$(screen | head -n 1 | sed 's/^[^│]*│ *//')" = "$top"
keys q
wait_exit >/dev/null

# --- SIGTERM while saving: the dotfile stays whole ----------------------------------
for round in 1 2 3 4 5; do
	SAME_HOME=1
	HOME="$SCRATCH/term-home"
	mkdir -p "$HOME"
	start 100 30 "$DOSSIER" "$A"
	wait_for '^ 1/5 ' >/dev/null
	had=$(cat "$HOME/.dossier_bookmarks" 2>/dev/null | grep -c '^bookmark')
	keys Enter
	for k in 1 2 3 4 5 6; do keys m Enter j; done
	# the TERM comes while the saves go on, but once one of them is made
	i=0; until [ "$(cat "$HOME/.dossier_bookmarks" 2>/dev/null | grep -c '^bookmark')" -gt "$had" ] || [ $i -gt 200 ]; do sleep 0.05; i=$((i+1)); done
	pid=$(pgrep -P "$(pane '#{pane_pid}')" -f dossier | head -n 1)
	kill -TERM "$pid" 2>/dev/null
	wait_exit >/dev/null
	SAME_HOME=0
done
f="$SCRATCH/term-home/.dossier_bookmarks"
check "SIGTERM during saves: the dotfile starts with its version line" \
    sh -c 'head -n 1 "$1" | grep -q "^# dossier bookmarks v2$"' _ "$f"
check "SIGTERM during saves: every record whole (8 fields a bookmark)" \
    sh -c '! grep "^bookmark" "$1" | awk -F "\t" "NF != 8 { bad = 1 } END { exit !bad }"' _ "$f"
check "SIGTERM during saves: no temporary file left" \
    sh -c '! ls "$1"/.dossier_bookmarks.tmp* >/dev/null 2>&1' _ "$SCRATCH/term-home"
check "SIGTERM during saves: bookmarks were kept" \
    sh -c 'test "$(grep -c "^bookmark" "$1")" -ge 5' _ "$f"

# --- closing the terminal ---------------------------------------------------------------
start 100 30 "$DOSSIER" "$A"
wait_for '^ 1/5 ' >/dev/null
pid=$(pgrep -P "$(pane '#{pane_pid}')" -f dossier | head -n 1)
t kill-server
i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
# (run.sh, the session leader, ignores the hangup, so no SIGHUP reaches
# the reader: every read fails, and it must exit rather than spin;
# test_reader.sh sends SIGHUP itself)
check "a closed terminal: the reader exits (no busy loop without SIGHUP)" \
    sh -c '! kill -0 "$1" 2>/dev/null' _ "$pid"

# --- a large dossier: 1,000 articles, generated here -------------------------------------
B="$SCRATCH/big"
mkdir -p "$B"
for f in "$A"/*.txt; do
	base=$(basename "$f" .txt)
	awk -v b="$B/$base" 'BEGIN { while ((getline l < ARGV[1]) > 0) t = t l "\n";
	    for (i = 0; i < 200; i++) { f = sprintf("%s-%03d.txt", b, i); printf "%s", t > f; close(f) } }' "$f"
done
per=$("$DOSSIER" --search oekraine --count "$A" | awk -F: '{ s += $NF } END { print s }')
start 100 30 "$DOSSIER" "$B"
check "large: 1,000 articles open" wait_for '^ 1/1000 '
keys G
check "large: G goes to the last article in the list" wait_for '^ 1000. '
keys Enter
check "large: it opens" wait_for '^ 1000/1000 '
keys G
check "large: the bottom of it" wait_for '100%$'
keys / o e k r a i n e
check "large: /oekraine counts every match ($((per * 200)) in 1000 articles)" \
    wait_for "$((per * 200)) matches in 1000 articles" 30
k=$(screen | sed -n 's/^\/oekraine  *match \([0-9]*\)\/.*/\1/p')
keys Enter n n N
check "large: n/N move between matches (to match $((k % (per * 200) + 1)))" \
    wait_for "^ [0-9]+/1000 .*match $((k % (per * 200) + 1))/$((per * 200)), "
keys q
check "large: quits normally" test "$(wait_exit)" = 0

# --- a directory of 10,000 files ----------------------------------------------------------
T="$SCRATCH/tenk"
mkdir -p "$T"
awk -v d="$T" 'BEGIN { for (i = 1; i <= 10000; i++) { f = sprintf("%s/%05d.txt", d, i);
    printf "Title: Artikel %d\n\nTekst van artikel %d over de vrede.\n", i, i > f; close(f) } }'
start 100 30 "$DOSSIER" "$T"
check "10,000 files: the reader opens at once" wait_for '^ 1/10000 ' 30
keys G Enter
check "10,000 files: the last one opens" wait_for '^ 10000/10000 Artikel 10000' 30
keys / v r e d e
check "10,000 files: a search counts them all" wait_for '10000 matches in 10000 articles' 60
keys Escape q
check "10,000 files: quits normally" test "$(wait_exit 30)" = 0

done_testing
