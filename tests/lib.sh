# lib.sh - shared helpers for the shell tests: TAP output, a scratch
# directory, and driving the real program in a private tmux server.
#
# Sourced by tests/cli/*.sh and tests/e2e/*.sh.  $DOSSIER is the binary
# under test and $top_srcdir the source tree (both set by make check).

set -u
: "${DOSSIER:=$(pwd)/dossier}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
export LC_ALL=C.UTF-8
unset NO_COLOR DOSSIER_DIR DOSSIER_BOOKMARKS 2>/dev/null || true

tap_n=0
tap_failed=0

ok() {	# ok STATUS DESCRIPTION: STATUS 0 passes
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

check() {	# check DESCRIPTION COMMAND...: passes when COMMAND succeeds
	desc=$1
	shift
	if "$@"; then ok 0 "$desc"; else ok 1 "$desc"; fi
}

diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

done_testing() {
	writers
	if [ -s "$SCRATCH/writers.log" ]; then
		ok 1 "the cache writers in the background said nothing"
		sed 's/^/# /' "$SCRATCH/writers.log" | head -40
	elif [ -e "$SCRATCH/writers.log" ]; then
		ok 0 "the cache writers in the background said nothing"
	fi
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# A search that finds the cache lacking leaves writing it to a child
# process, which holds FILE.lock beside the cache until it is done:
# wait for every such writer, so that the next run meets what it wrote.
writers() {
	case ${XDG_CACHE_HOME:-} in
	/*) wdir=$XDG_CACHE_HOME/dossier ;;
	*) wdir=$HOME/.cache/dossier ;;
	esac
	for f in "$wdir"/*.lock; do
		[ -f "$f" ] && flock -w 300 "$f" true
	done
	return 0
}

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/dossier-test.XXXXXX")
export HOME="$SCRATCH/home"
mkdir -p "$HOME"
# what the writers say (a sanitizer's report) goes here, not to nowhere;
# done_testing() fails when they said anything
DOSSIER_TEST_WRITER_LOG=$SCRATCH/writers.log
export DOSSIER_TEST_WRITER_LOG

# --- tmux -------------------------------------------------------------------

TMUX_BASE="dossier-test-$$"
TMUX_SOCKET="$TMUX_BASE-0"
unset TMUX

t() {
	tmux -L "$TMUX_SOCKET" -f /dev/null "$@"
}

cleanup() {
	while [ "${session:-0}" -gt 0 ]; do
		tmux -L "$TMUX_BASE-$session" -f /dev/null kill-server \
		    >/dev/null 2>&1
		session=$((session - 1))
	done
	# whatever is left of the sessions (a program that did not exit, a
	# sanitizer stuck at exit) must not go on using a core
	if [ -f "$SCRATCH/sids" ]; then
		while read -r sid; do
			pkill -KILL -s "$sid" >/dev/null 2>&1
		done < "$SCRATCH/sids"
	fi
	writers
	rm -rf "$SCRATCH"
}
trap cleanup EXIT

# start COLS ROWS COMMAND...: run COMMAND in a fresh tmux session "s"; when
# it ends, its exit status lands in $STATUS and the pane stays.
session=0
start() {
	cols=$1 rows=$2
	shift 2
	t kill-server >/dev/null 2>&1
	# each session has its own tmux server and status file: a dying old
	# one can neither take the new one's connection nor write its status
	session=$((session + 1))
	TMUX_SOCKET="$TMUX_BASE-$session"
	STATUS="$SCRATCH/status.$session"
	# a fresh home (no dotfile) for each session, unless SAME_HOME=1
	if [ "${SAME_HOME:-0}" != 1 ]; then
		HOME="$SCRATCH/home.$session"
		mkdir -p "$HOME"
	fi
	printf '%s\n' "$@" > "$SCRATCH/cmd"
	cat > "$SCRATCH/run.sh" <<RUN
#!/bin/sh
cd '$SCRATCH'
# the session leader outlives a closed terminal, so that the program's
# process group is not orphaned (the kernel would SIGCONT it, which can
# hang LeakSanitizer's stop-the-world at exit)
trap '' INT HUP
"\$@"
echo \$? > '$STATUS.tmp'
mv '$STATUS.tmp' '$STATUS'
exec sleep 600
RUN
	chmod +x "$SCRATCH/run.sh"
	t new-session -d -s s -x "$cols" -y "$rows" \
	    "env HOME='$HOME' LC_ALL='${RUN_LC_ALL:-C.UTF-8}' TERM='${RUN_TERM:-screen-256color}' $SCRATCH/run.sh $*"
	t set-option -t s remain-on-exit on >/dev/null 2>&1
	t display-message -p -t s '#{pane_pid}' >> "$SCRATCH/sids" 2>/dev/null
}

screen() {	# the visible screen, plain
	t capture-pane -p -t s
}

keys() {
	t send-keys -t s "$@"
}

# wait_for PATTERN [SECONDS]: poll the screen until grep -E finds PATTERN
wait_for() {
	pattern=$1
	limit=${2:-10}
	i=0
	while [ "$i" -lt $((limit * 20)) ]; do
		if screen | grep -Eq -- "$pattern"; then
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	diag "timed out waiting for: $pattern" "screen was:"
	screen | sed 's/^/#   /'
	return 1
}

# until_ok SECONDS COMMAND...: poll until COMMAND succeeds; quiet
until_ok() {	# until_ok SECONDS COMMAND...
	limit=$1
	shift
	i=0
	while [ "$i" -lt $((limit * 20)) ]; do
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# until_true COMMAND...: poll COMMAND for up to 5 seconds
until_true() {
	until_ok 5 "$@"
}

# help_find PATTERN: with the help open at its top, page through it
# (Space) until PATTERN shows, then page back to the top (b); fails when
# no page holds it.  The help is longer than a screen.
help_find() {
	pattern=$1
	n=0
	found=1
	wait_settle
	first=$(screen)
	while [ "$n" -le 8 ]; do
		if screen | grep -Eq -- "$pattern"; then
			found=0
			break
		fi
		before=$(screen)
		keys Space
		n=$((n + 1))
		# the next page, or (at the help's end) the same after 2 s
		j=0
		while [ "$j" -lt 40 ] && [ "$(screen)" = "$before" ]; do
			sleep 0.05
			j=$((j + 1))
		done
		[ "$j" -lt 40 ] || break
	done
	while [ "$n" -gt 0 ]; do
		keys b
		n=$((n - 1))
	done
	# back at the top: the screen it started from, once every b is
	# handled (a pause between two of them is not the end of them)
	j=0
	while [ "$j" -lt 200 ] && [ "$(screen)" != "$first" ]; do
		sleep 0.05
		j=$((j + 1))
	done
	[ "$found" = 0 ] && return 0
	diag "no page of the help shows: $pattern"
	return 1
}

# wait_gone PATTERN [SECONDS]: poll until PATTERN is no longer on screen
wait_gone() {
	pattern=$1
	limit=${2:-10}
	i=0
	while [ "$i" -lt $((limit * 20)) ]; do
		if ! screen | grep -Eq -- "$pattern"; then
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	diag "timed out waiting for this to go: $pattern"
	return 1
}

# wait_exit [SECONDS]: wait for the program to end; prints its status
wait_exit() {
	limit=${1:-10}
	i=0
	while [ "$i" -lt $((limit * 20)) ]; do
		if [ -f "$STATUS" ]; then
			cat "$STATUS"
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	echo timeout
	return 1
}

pane() {	# pane FORMAT: a tmux format value of the pane
	t display-message -p -t s "$1"
}

# wait_settle: wait until the screen stops changing (after a key whose
# effect has no unique text to wait for)
wait_settle() {
	prev=
	i=0
	while [ "$i" -lt 100 ]; do
		cur=$(screen)
		if [ -n "$prev" ] && [ "$cur" = "$prev" ]; then
			return 0
		fi
		prev=$cur
		sleep 0.05
		i=$((i + 1))
	done
	return 0
}

# sync_ui: return once the program has handled every key, resize and
# signal sent before it: F1 opens the help, Esc closes it again.  For
# keys whose effect leaves the screen as it was, so that there is no text
# to wait for and wait_settle cannot tell.  In the reader's normal mode
# only, and not before checking a message: any key clears it.
sync_ui() {
	keys F1
	wait_for 'dossier keys' >/dev/null || return 1
	keys Escape
	wait_gone 'dossier keys' >/dev/null
}

# unsafe FILE: does FILE hold a control character other than newline and
# tab, a C1 control, a bidi control, a NUL or bad UTF-8?
unsafe() {
	LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1" && return 0
	LC_ALL=C grep -qP '\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\x00' "$1" && return 0
	! iconv -f UTF-8 -t UTF-8 "$1" > /dev/null 2>&1
}

# make_hostile DIR: a dossier of broken and hostile files, every case the
# loader must survive.
make_hostile() {
	d=$1
	mkdir -p "$d"
	printf 'Title: Escapes \033]0;pwned\007 in the title\n\nClear \033[2J\033[H screen, colour \033[31mred\033[0m, OSC title \033]2;hacked\007, hyperlink \033]8;;http://x\033\\link\033]8;;\033\\, clipboard \033]52;c;cHduZWQ=\007, query \033[6n \033[c, DCS \033P1$r\033\\ end.\n' > "$d/01-escapes.txt"
	printf 'Title: C1 and bidi\n\nEight-bit CSI \302\2332J and \302\235 OSC; bidi \342\200\256desrever\342\200\254 and \342\201\246isolate\342\201\251; BEL\007 BS\010\010 CR\roverstrike DEL\177.\n' > "$d/02-c1-bidi.txt"
	# \201 is undefined in Windows-1252 too: this file stays U+FFFD
	printf 'Invalid \377\376 bytes \303 and \355\240\200 surrogate and \300\257 overlong, \201 undefined.\n' > "$d/03-invalid.txt"
	printf 'Title: CRLF\r\n\r\nFirst paragraph.\r\nSecond line.\r\n\r\nLone\rCR\rlines.\r' > "$d/04-crlf.txt"
	printf 'Title: NUL\n\nNUL\000bytes\000inside.\n' > "$d/05-nul.txt"
	printf '\357\273\277Title: BOM\n\nAfter a byte-order mark.\n' > "$d/06-bom.txt"
	: > "$d/07-empty.txt"
	printf '  \n\t\n\r\n   \n' > "$d/08-blank.txt"
	printf 'Title: Tabs\n\n\tIndented\twith\t\ttabs.\n' > "$d/09-tabs.txt"
	awk 'BEGIN { for (i = 0; i < 120000; i++) printf "Oekra\303\257ne veiligheid "; printf "\n" }' > "$d/10-long-line.txt"
	printf '日本語の文章は空白なしで改行されます。東京と大阪。\n\nالحرب في أوكرانيا والسلام.\n\nשלום עולם.\n\n👨‍👩‍👧 family, 🇳🇱 flag, e\314\201 combining.\n' > "$d/11-scripts.txt"
	: > "$d/12-name-$(printf '\033')[31m-esc.txt"	# titled by its name
	printf 'Title: Soft\n\nveiligheids\302\255garanties en 10\302\240000 euro.\n' > "$d/13-shy.txt"
}
