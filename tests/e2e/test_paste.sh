#!/bin/sh
# test_paste.sh - pasting into the prompts (tmux paste-buffer): ten
# thousand characters pasted after / and after m are taken at once, the
# line stops at PROMPT_MAX bytes with a message, keys typed after a
# paste (even one that is not UTF-8) are not lost, and q then quits.
# The bounds are generous (a sanitizer build is slow): they catch a
# reader that measures the whole line at each key, which took minutes
# for such a paste.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

A="$top_srcdir/articles"
# 10,000 characters (14,000 bytes): ASCII, a wide and an accented letter
awk 'BEGIN { for (i = 0; i < 1000; i++) printf "vrede\346\227\245\303\251 xy" }' \
    > "$SCRATCH/paste"
check "the paste is 10,000 characters" \
    test "$(LC_ALL=C.UTF-8 wc -m < "$SCRATCH/paste")" -eq 10000

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# paste_into KEY WHAT: open a prompt with KEY, paste, wait for the cap's
# message; leaves $took (milliseconds from the paste to the message)
paste_into() {
	t load-buffer "$SCRATCH/paste"
	t0=$(now_ms)
	t paste-buffer -t s
	check "$2: the paste is taken, and the line stops at the cap" \
	    wait_for 'full: 4096 bytes at most' 20
	took=$(($(now_ms) - t0))
	diag "$2: 10,000 characters pasted in $took ms"
	check "$2: the end of the paste is shown" \
	    sh -c "tmux -L '$TMUX_SOCKET' -f /dev/null capture-pane -p -t s |
	    tail -n 1 | grep -q 'vrede日é xy'"
}

# quit_within WHAT: q (after Esc) ends the program
quit_within() {
	t0=$(now_ms)
	keys q
	check "$1: q quits, status 0" test "$(wait_exit 10)" = 0
	diag "$1: gone $(($(now_ms) - t0)) ms after q"
}

# --- the search prompt ----------------------------------------------------
start 100 30 "$DOSSIER" "$A"
wait_for '1/5' >/dev/null
keys /
wait_for '^/' >/dev/null
paste_into / "search prompt"
# keys after the paste: not lost, and the search runs for them
keys C-u
check "search prompt: C-u after the paste clears the line" \
    wait_gone 'full: 4096' 10
keys -l oekraine
check "search prompt: keys typed after the paste search" \
    wait_for '^/oekraine .*97 matches in 5 articles' 20
# bytes that are not UTF-8 in a paste are dropped, and what follows is
# still read (the reader neither hangs nor stops drawing)
keys C-u
wait_gone '^/oekraine' >/dev/null
printf 'abc\377\376def caf\351 end\342\202' > "$SCRATCH/broken"
t load-buffer "$SCRATCH/broken"
t paste-buffer -t s
keys -l xyz
check "search prompt: keys after a paste of broken UTF-8 are read" \
    wait_for '^/abc.*xyz' 10
keys Escape
wait_gone '^/' >/dev/null
quit_within "search prompt"

# --- the label prompt ------------------------------------------------------
start 100 30 "$DOSSIER" "$A"
wait_for '1/5' >/dev/null
keys Tab m
wait_for 'Bookmark label: ' >/dev/null
paste_into m "label prompt"
keys Escape
check "label prompt: Esc after the paste makes no bookmark" \
    wait_for 'no bookmark made' 10
quit_within "label prompt"

# --- a bracketed paste ----------------------------------------------------
# Where terminfo describes it (tmux-256color does), the reader turns on
# bracketed paste: the terminal marks a paste, and the reader takes it
# whole in large reads, not a byte at a time through curses.  100,000
# characters, with line breaks, tabs and an escape character in them.
awk 'BEGIN { for (i = 0; i < 10000; i++) {
	sep = i % 7 == 0 ? "\n" : i % 11 == 0 ? "\t" : i % 13 == 0 ? "\033" : " "
	printf "vrede%s", sep } }' > "$SCRATCH/paste100k"
RUN_TERM=tmux-256color start 100 30 "$DOSSIER" "$A"
wait_for '1/5' >/dev/null
keys /
wait_for '^/' >/dev/null
t load-buffer "$SCRATCH/paste100k"
t0=$(now_ms)
t paste-buffer -p -t s
check "bracketed paste: 100,000 characters reach the cap" \
    wait_for 'full: 4096 bytes at most' 10
diag "bracketed paste: 100,000 characters taken in $(($(now_ms) - t0)) ms"
check "bracketed paste: no control character reaches the line" \
    sh -c "tmux -L '$TMUX_SOCKET' -f /dev/null capture-pane -p -t s |
    tail -n 1 | grep -v '[␛␉␊]' | grep -q '^/vrede vrede\\|^/.* vrede vrede '"
keys C-u
wait_gone 'full: 4096' >/dev/null
printf 'ab\tc\n\nd\033e  f\r\n' > "$SCRATCH/small"
t load-buffer "$SCRATCH/small"
t paste-buffer -p -t s
check "bracketed paste: a run of breaks or tabs is one space, ESC is dropped" \
    wait_for '^/ab c de  f ' 10
keys C-u
wait_gone '^/ab' >/dev/null
keys -l oekraine
check "bracketed paste: keys after it are read and searched" \
    wait_for '^/oekraine .*97 matches in 5 articles' 20
keys Escape
wait_gone '^/' >/dev/null
t paste-buffer -p -t s
check "bracketed paste: outside a prompt it is not taken for commands" \
    wait_for 'a paste goes into a prompt' 10
check "bracketed paste: and the reader is where it was" \
    wait_for '1/5' 5
quit_within "bracketed paste"

done_testing
