#!/bin/sh
# test_marks_cli.sh - dossier --marks: the dossier's bookmarks as
# PATH:LINE:LABEL, from a version 2 dotfile written here by hand.  LINE is
# the line of the article's file (a Latin-1 file too: offsets are of its
# decoded text); a path with a tab is escaped, and raw with --null (NUL
# ends each record); labels print without control characters; records of
# other dossiers are not printed; a missing article is skipped with a
# note; the exit status says whether there were any.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

TAB=$(printf '\t')
D="$SCRATCH/d"
mkdir -p "$D/sub"
printf 'Title: Tab name\n\nline three\nline four has the needle\n' > "$D/a${TAB}b.txt"
printf 'Title: Caf\351\n\nl\351 three\ncaf\351 four\ncaf\351 five needle\n' > "$D/sub/002.txt"
RD=$(cd "$D" && pwd -P)
BM="$SCRATCH/bm"
T=2026-11-23T18:04:05Z
FP=0000000000000000
# a bookmark found by its snippet: the fingerprint is not the file's
# (as after an edit), so the offset given is only a hint
{
	printf '# dossier bookmarks v2\n'
	printf 'bookmark\tid1\t%s\t%s\t10\t%s\tTabbed one\tneedle\n' \
	    "$RD/a\\tb.txt" $FP $T
	printf 'bookmark\tid2\t%s\t%s\t30\t%s\t\\x1b[31mred\\tlabel\\x07\tfive needle\n' \
	    "$RD/sub/002.txt" $FP $T
	printf 'bookmark\tid3\t/elsewhere/other.txt\t%s\t0\t%s\tOther dossier\tx\n' \
	    $FP $T
	printf 'bookmark\tid4\t%s\t%s\t0\t%s\tGone one\tgone\n' \
	    "$RD/gone.txt" $FP $T
	printf 'place\t%s\t%s\t0\t%s\t0\n' "$RD/sub/002.txt" $FP $T
} > "$BM"
cp "$BM" "$SCRATCH/bm.before"

"$DOSSIER" --bookmarks "$BM" --marks "$D" > "$SCRATCH/out" 2> "$SCRATCH/err"
rc=$?
check "--marks exits 0 when there are bookmarks (got $rc)" test "$rc" = 0
check "two bookmarks printed" test "$(wc -l < "$SCRATCH/out")" = 2
check "the tab in the path is escaped, LINE is the needle's line" \
    grep -qxF "$D/a\\tb.txt:4:Tabbed one" "$SCRATCH/out"
check "a Latin-1 article: the line of the file" \
    grep -q "^$D/sub/002.txt:5:" "$SCRATCH/out"
check "no escape or bell byte in the output" \
    sh -c "! LC_ALL=C grep -q '[[:cntrl:]]' '$SCRATCH/out'"
check "the label is one safe line" grep -q ':5:.*red label' "$SCRATCH/out"
check "another dossier's bookmark is not printed" \
    sh -c "! grep -q 'Other dossier' '$SCRATCH/out'"
check "a missing article's bookmark is not printed" \
    sh -c "! grep -q 'Gone one' '$SCRATCH/out'"
check "but noted on stderr" grep -q 'gone.txt: bookmarked article is missing' \
    "$SCRATCH/err"
check "in the file's order" test "$(cut -c1-40 "$SCRATCH/out" | head -n 1 | grep -c 'a\\tb')" = 1
check "the dotfile is not changed" cmp -s "$BM" "$SCRATCH/bm.before"

# --null: raw paths, NUL-terminated records
"$DOSSIER" --bookmarks "$BM" --marks --null "$D" > "$SCRATCH/out0" 2>/dev/null
printf '%s:4:Tabbed one\0' "$D/a${TAB}b.txt" > "$SCRATCH/first0"
check "--null: the raw path and a NUL" \
    cmp -s "$SCRATCH/first0" "$(head -c "$(wc -c < "$SCRATCH/first0")" "$SCRATCH/out0" > "$SCRATCH/got0"; echo "$SCRATCH/got0")"
check "--null: two records" \
    test "$(tr -cd '\0' < "$SCRATCH/out0" | wc -c)" = 2
check "--null: no newline" test "$(tr -cd '\n' < "$SCRATCH/out0" | wc -c)" = 0

# DOSSIER_BOOKMARKS is the default dotfile, as in the reader
DOSSIER_BOOKMARKS="$BM" "$DOSSIER" --marks "$D/sub" > "$SCRATCH/out2"
check "DOSSIER_BOOKMARKS, and only the articles of PATH" \
    test "$(wc -l < "$SCRATCH/out2")" = 1

# none: exit 1, nothing printed
printf '# dossier bookmarks v2\n' > "$SCRATCH/empty"
"$DOSSIER" --bookmarks "$SCRATCH/empty" --marks "$D" > "$SCRATCH/out3"
rc=$?
check "no bookmarks: exit 1 (got $rc)" test "$rc" = 1
check "no bookmarks: no output" test ! -s "$SCRATCH/out3"
"$DOSSIER" --bookmarks "$SCRATCH/nofile" --marks "$D" > "$SCRATCH/out4"
rc=$?
check "no dotfile yet: exit 1 (got $rc)" test "$rc" = 1
check "no dotfile is made" test ! -e "$SCRATCH/nofile"

# trouble: exit 2
"$DOSSIER" --bookmarks "$SCRATCH" --marks "$D" > /dev/null 2> "$SCRATCH/err5"
rc=$?
check "a folder as the dotfile: exit 2 (got $rc)" test "$rc" = 2
"$DOSSIER" --marks --list "$D" > /dev/null 2>&1
rc=$?
check "--marks with --list: a usage error (got $rc)" test "$rc" = 2
"$DOSSIER" --null "$D" > /dev/null 2> "$SCRATCH/err6"
check "--null alone still says what it goes with" \
    grep -q -- '--null goes with --list, --search or --marks' "$SCRATCH/err6"

done_testing
