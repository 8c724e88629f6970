#!/bin/sh
# test_dotfile.sh - the dotfile kept like a database, in a real terminal
# (tmux): two folders with the same file names and two dossiers never
# share a bookmark, place or read mark; a search cancelled with Esc saves
# nothing; a record dated in the future does not freeze the state; a lock
# held by another process, a full disk, a file size limit, someone else's
# dotfile, a read-only one, a symlink to a file that is not a dotfile and
# a FIFO: the reader goes on, says why, and never damages the file.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

COLS=100 ROWS=30
TEXT_W=57
PANE_H=$((ROWS - 1))
TAB=$(printf '\t')

pane_text() {
	screen | head -n $PANE_H | sed 's/^[^│]*│ \{0,1\}//; s/ *$//'
}
top_line() {
	pane_text | head -n 1
}
dump_line() {	# dump_line ARTICLE LINE PATH...: as the reading pane lays it out
	a=$1 l=$2
	shift 2
	"$DOSSIER" --dump "$a" --width $TEXT_W "$@" | sed -n "${l}p" |
	    sed 's/ *$//'
}
is_top() {
	test "$(top_line)" = "$1"
}
wait_top() {
	if until_ok 5 is_top "$1"; then
		return 0
	fi
	diag "top line: '$(top_line)'" "wanted:   '$1'"
	return 1
}
begin() {	# start, once the last tmux server is gone
	spid=$(t display-message -p -t s '#{pid}' 2>/dev/null)
	t kill-server >/dev/null 2>&1
	if [ -n "$spid" ]; then
		until_ok 5 sh -c '! kill -0 "$1"' _ "$spid"
	fi
	start "$@"
}
bookmark() {	# bookmark LABEL: bookmark the place on top
	keys m
	wait_for '^Bookmark label:' >/dev/null || return 1
	keys C-u
	keys -l "$1"
	keys Enter
}
field() {	# field FILE KIND N: field N of each KIND line
	awk -F "$TAB" -v k="$2" -v f="$3" '$1 == k { print $f }' "$1"
}
count() {	# count FILE KIND
	awk -F "$TAB" -v k="$2" '$1 == k { n++ } END { print n + 0 }' "$1"
}

# a dossier in two topic folders that both number their files 001, 002
N="$SCRATCH/news"
mkdir -p "$N/business" "$N/tech"
for f in business/001 business/002 tech/001 tech/002; do
	awk -v f="$f" 'BEGIN {
		printf "Title: %s\n\n", f
		for (i = 1; i <= 40; i++)
			printf "Paragraph %d of %s, with enough words in it to fill a line or two of the reading pane.\n\n", i, f
	}' > "$N/$f.txt"
done
printf 'Only tech/002 mentions the zebracrossing.\n' >> "$N/tech/002.txt"
RN=$(cd "$N" && pwd -P)
# listed folder by folder: business/001, business/002, tech/001, tech/002

# --- two folders, same file names ----------------------------------------------
BM="$SCRATCH/two.bm"
begin $COLS $ROWS "$DOSSIER" --bookmarks "$BM" "$N/business" "$N/tech"
check "folders: article 1 is business/001" wait_for '^ business · 1/2 .*business/001'
keys Enter j j j j j
check "folders: business/001 from line 6" wait_top "$(dump_line 1 6 "$N/business" "$N/tech")"
bookmark biz
wait_for 'bookmarked: biz' >/dev/null
keys Tab j j Enter	# from the list: business/002 is not opened on the way
check "folders: the list opens tech/001 (3/4)" wait_for '^ tech · 1/2 .*tech/001'
keys j j j j j j j j j j
check "folders: tech/001 from line 11" wait_top "$(dump_line 3 11 "$N/business" "$N/tech")"
bookmark tech
check "folders: a bookmark in tech/001" wait_for 'bookmarked: tech'
keys q
check "folders: quit (status 0)" test "$(wait_exit)" = 0
check "folders: two bookmarks, one per file" test "$(count "$BM" bookmark)" = 2
check "folders: ... business/001's by its own path" \
    test "$(field "$BM" bookmark 3 | head -n 1)" = "$RN/business/001.txt"
check "folders: ... tech/001's by its own path" \
    test "$(field "$BM" bookmark 3 | tail -n 1)" = "$RN/tech/001.txt"
check "folders: two places, one per file" \
    test "$(field "$BM" place 2 | sort | tr '\n' ' ')" = "$RN/business/001.txt $RN/tech/001.txt "
check "folders: ... each with its own fingerprint" \
    test "$(field "$BM" place 3 | sort -u | wc -l)" -eq 2
SAME_HOME=1 begin $COLS $ROWS "$DOSSIER" --bookmarks "$BM" "$N/business" "$N/tech"
check "folders: restart opens tech/001, the last" wait_for '^ tech · 1/2 .*tech/001'
check "folders: ... at its own place (line 11)" wait_top "$(dump_line 3 11 "$N/business" "$N/tech")"
keys k k Enter
check "folders: business/001 opens at its own place (line 6)" \
    wait_top "$(dump_line 1 6 "$N/business" "$N/tech")"
keys "'"
check "folders: the list shows both bookmarks" wait_for ' tech — tech/001'
check "folders: ... biz in business/001" wait_for ' biz — business/001'
keys Enter
check "folders: biz jumps to business/001" wait_for '^ business · 1/2 '
keys "'"
wait_for 'Bookmarks \(Enter' >/dev/null
keys j Enter
check "folders: tech jumps to tech/001, not business/001" \
    wait_for '^ tech · 1/2 .*tech/001'
check "folders: ... to its line 11" wait_top "$(dump_line 3 11 "$N/business" "$N/tech")"
keys q
wait_exit >/dev/null

# --- two dossiers, each with a 001.txt ------------------------------------------
O="$SCRATCH/other"
mkdir -p "$O"
cp "$N/business/002.txt" "$O/001.txt"
begin $COLS $ROWS "$DOSSIER" --bookmarks "$BM" "$O"
check "dossiers: another dossier's 001.txt opens at its start" \
    wait_top "$(dump_line 1 1 "$O")"
keys "'"
check "dossiers: none of the news dossier's bookmarks is listed" \
    wait_for 'no bookmarks yet'
keys Enter j j j
bookmark other
wait_for 'bookmarked: other' >/dev/null
keys q
wait_exit >/dev/null
check "dossiers: the news bookmarks are still in the file, untouched" \
    test "$(field "$BM" bookmark 3 | grep -c "^$RN/")" -eq 2
check "dossiers: the new one names the other 001.txt" \
    test "$(field "$BM" bookmark 3 | tail -n 1)" = "$(cd "$O" && pwd -P)/001.txt"
check "dossiers: one opened record per dossier" test "$(count "$BM" opened)" = 2
SAME_HOME=1 begin $COLS $ROWS "$DOSSIER" --bookmarks "$BM" "$N/business" "$N/tech"
check "dossiers: the news dossier still reopens tech/001" wait_for '^ tech · 1/2 .*tech/001'
keys "'"
check "dossiers: ... and lists its own two bookmarks only" \
    until_ok 5 sh -c 'test "$(tmux -L "$1" -f /dev/null capture-pane -p -t s | grep -c " — ")" -eq 2' _ "$TMUX_SOCKET"
keys Escape q
wait_exit >/dev/null

# --- Esc: a cancelled search changes nothing ------------------------------------------
before=$(cat "$BM")
begin $COLS $ROWS "$DOSSIER" --bookmarks "$BM" "$N/business" "$N/tech"
wait_for '^ tech · 1/2 .*tech/001' >/dev/null
keys /
keys -l zebracrossing
check "esc: the search moves to tech/002" wait_for '▶4  tech/002'
keys Escape
check "esc: Esc goes back to tech/001" wait_for '^ tech · 1/2 '
sleep 1.5	# the idle save would have happened by now (no poll can tell)
keys q
wait_exit >/dev/null
check "esc: the article to reopen is still tech/001" \
    test "$(awk -F "$TAB" -v r="$RN" '$1 == "opened" && $2 == r { print $3 }' "$BM")" = "$RN/tech/001.txt"
check "esc: no place saved for tech/002" \
    sh -c '! grep -q "^place${2}${1}/tech/002.txt" "$3"' _ "$RN" "$TAB" "$BM"

# --- a record dated in the future does not freeze the state ------------------------------
F="$SCRATCH/future.bm"
fp=$(printf '0000000000000001')
{
	printf '# dossier bookmarks v2\n'
	printf 'place\t%s/business/001.txt\t%s\t0\t2099-01-01T00:00:00Z\t0\n' "$RN" "$fp"
	printf 'opened\t%s\t%s/business/001.txt\t2099-01-01T00:00:00Z\n' "$RN" "$RN"
} > "$F"
begin $COLS $ROWS "$DOSSIER" --bookmarks "$F" "$N/business" "$N/tech"
check "future: opens business/001 (its opened record)" wait_for '^ business · 1/2 '
keys j j Enter j j j
wait_for '^ tech · 1/2 ' >/dev/null
keys q
wait_exit >/dev/null
check "future: a write now replaces the record dated 2099" \
    test "$(awk -F "$TAB" '$1 == "opened" { print $3 }' "$F")" = "$RN/tech/001.txt"
SAME_HOME=1 begin $COLS $ROWS "$DOSSIER" --bookmarks "$F" "$N/business" "$N/tech"
check "future: the restart opens tech/001" wait_for '^ tech · 1/2 '
check "future: ... at line 4" wait_top "$(dump_line 3 4 "$N/business" "$N/tech")"
keys q
wait_exit >/dev/null

# --- a lock held by another process --------------------------------------------------------
L="$SCRATCH/locked.bm"
cp "$BM" "$L"
if command -v flock >/dev/null 2>&1; then
	flock "$L.lock" sleep 30 &
	holder=$!
	until_ok 5 sh -c '! flock -n "$1" true' _ "$L.lock"
	begin $COLS $ROWS "$DOSSIER" --bookmarks "$L" "$N/business" "$N/tech"
	wait_for '^ tech · 1/2 ' >/dev/null
	keys Enter j j
	bookmark locked
	check "lock: the status line says why" \
	    wait_for 'bookmarks not saved: locked by another dossier'
	check "lock: ... with the mark" wait_for '\[unsaved\]'
	keys ']'
	check "lock: keys are still answered (] opens 4/4)" wait_for '^ tech · 2/2 '
	keys "'"
	check "lock: the bookmark is listed from memory" wait_for ' locked — '
	keys Escape q
	check "lock: q exits with status 1" test "$(wait_exit 8)" = 1
	check "lock: ... saying what was not saved" \
	    wait_for 'dossier: bookmarks not saved: locked by another dossier'
	check "lock: the file is as it was" \
	    test "$(count "$L" bookmark)" = "$(count "$BM" bookmark)"
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
else
	ok 0 "# SKIP lock: no flock(1)"
fi

# --- a full disk ------------------------------------------------------------------------------
T="$SCRATCH/tmpfs"
mkdir -p "$T"
if mount -t tmpfs -o size=64k tmpfs "$T" 2>/dev/null; then
	cp "$BM" "$T/bm"
	cp "$BM" "$SCRATCH/full.orig"
	dd if=/dev/zero of="$T/fill" bs=1k count=200 2>/dev/null
	begin $COLS $ROWS "$DOSSIER" --bookmarks "$T/bm" "$N/business" "$N/tech"
	wait_for '^ tech · 1/2 ' >/dev/null
	keys Enter j j
	bookmark full
	check "full: No space left on device, the reason first" \
	    wait_for 'bookmarks not saved: No space left on device:'
	keys q
	check "full: q exits with status 1" test "$(wait_exit 8)" = 1
	check "full: ... saying so" \
	    wait_for 'dossier: bookmarks not saved: No space left on device'
	check "full: the dotfile is untouched" cmp -s "$T/bm" "$SCRATCH/full.orig"
	check "full: no temporary file left" \
	    test "$(ls "$T" | grep -c 'bm\.tmp')" -eq 0
	umount "$T"
else
	ok 0 "# SKIP full: cannot mount a tmpfs here"
fi

# --- a file size limit --------------------------------------------------------------------------
Z="$SCRATCH/limit.bm"
{
	cat "$BM"
	i=0
	while [ $i -lt 100 ]; do
		printf '# a comment line to make the file bigger than the limit\n'
		i=$((i + 1))
	done
} > "$Z"
cp "$Z" "$SCRATCH/limit.orig"
cat > "$SCRATCH/limited.sh" <<EOF
#!/bin/sh
ulimit -f 2
exec "$DOSSIER" --bookmarks "$Z" "$N/business" "$N/tech"
EOF
chmod +x "$SCRATCH/limited.sh"
begin $COLS $ROWS "$SCRATCH/limited.sh"
wait_for '^ tech · 1/2 ' >/dev/null
keys Enter j j
bookmark limited
check "ulimit: File too large is reported (SIGXFSZ ignored)" \
    wait_for 'bookmarks not saved: File too large:'
keys j
check "ulimit: the reader goes on (its help opens and closes)" sync_ui
keys q
check "ulimit: q exits with status 1, not killed by SIGXFSZ" \
    test "$(wait_exit 8)" = 1
check "ulimit: the dotfile is untouched" cmp -s "$Z" "$SCRATCH/limit.orig"
check "ulimit: no temporary file left" \
    test "$(ls "$SCRATCH" | grep -c 'limit\.bm\.tmp')" -eq 0

# --- someone else's dotfile, rewritten by root ------------------------------------------------
U="$SCRATCH/user.bm"
cp "$BM" "$U"
if [ "$(id -u)" = 0 ] && chown 65534:65534 "$U" 2>/dev/null; then
	chmod 0640 "$U"
	begin $COLS $ROWS "$DOSSIER" --bookmarks "$U" "$N/business" "$N/tech"
	wait_for '^ tech · 1/2 ' >/dev/null
	keys Enter j j
	bookmark root
	check "owner: root's bookmark is saved" wait_for 'bookmarked: root'
	keys q
	check "owner: quit (status 0)" test "$(wait_exit)" = 0
	check "owner: the file keeps its owner, group and mode" \
	    test "$(stat -c '%u:%g %a' "$U")" = "65534:65534 640"
	check "owner: ... and holds the bookmark" \
	    test "$(field "$U" bookmark 7 | tail -n 1)" = root
	check "owner: the lock file is the owner's too" \
	    test "$(stat -c '%u' "$U.lock")" = 65534
else
	ok 0 "# SKIP owner: not root"
fi

# --- a read-only dotfile ----------------------------------------------------------------------------
RO="$SCRATCH/ro.bm"
cp "$BM" "$RO"
chmod 0444 "$RO"
cp "$RO" "$SCRATCH/ro.orig"
begin $COLS $ROWS "$DOSSIER" --bookmarks "$RO" "$N/business" "$N/tech"
wait_for '^ tech · 1/2 ' >/dev/null
keys Enter j j
bookmark ro
check "read-only: reported" wait_for 'bookmarks not saved: read-only, not changed'
keys "'"
check "read-only: the bookmark stays in memory" wait_for ' ro — '
keys Escape q
check "read-only: q exits with status 1" test "$(wait_exit 8)" = 1
check "read-only: the file is untouched" cmp -s "$RO" "$SCRATCH/ro.orig"
check "read-only: ... and still read-only" test "$(stat -c %a "$RO")" = 444

# --- a symlink to a file that is not a dotfile, and a FIFO -----------------------------------------
P="$SCRATCH/etc"
mkdir -p "$P"
printf 'root:x:0:0:root:/root:/bin/bash\n' > "$P/passwd"
cp "$P/passwd" "$SCRATCH/passwd.orig"
ln -s "$P/passwd" "$SCRATCH/link.bm"
begin $COLS $ROWS "$DOSSIER" --bookmarks "$SCRATCH/link.bm" "$N/business" "$N/tech"
check "symlink: the reader starts, saying it is not a dotfile" \
    wait_for 'bookmarks: not a dossier bookmarks file, not changed'
keys Enter j j
bookmark nope
check "symlink: the bookmark is not saved" wait_for 'bookmarks not saved: not a dossier'
keys q
check "symlink: q exits with status 1" test "$(wait_exit 8)" = 1
check "symlink: the file it points to is untouched" \
    cmp -s "$P/passwd" "$SCRATCH/passwd.orig"
check "symlink: the link is still a link" test -L "$SCRATCH/link.bm"
check "symlink: no lock file beside the target" test ! -e "$P/passwd.lock"

mkfifo "$SCRATCH/fifo.bm"
begin $COLS $ROWS "$DOSSIER" --bookmarks "$SCRATCH/fifo.bm" "$N/business" "$N/tech"
check "fifo: the reader starts (not blocked on the FIFO)" wait_for '^ business · 1/2 '
check "fifo: ... saying it is not a dotfile" wait_for 'not a dossier bookmarks file'
keys q
check "fifo: q exits" test "$(wait_exit 8)" != timeout
check "fifo: still a FIFO, no lock file beside it" \
    sh -c 'test -p "$1" && test ! -e "$1.lock"' _ "$SCRATCH/fifo.bm"

done_testing
