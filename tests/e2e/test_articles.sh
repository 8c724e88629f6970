#!/bin/sh
# test_articles.sh - the reader shows lists, quotes, separators and files
# in legacy encodings as --dump lays them out: items hanging under their
# text, quotes without their '>', a rule for a separator, a Latin-1 '£'
# that reads and searches right.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

D="$SCRATCH/dossier"
mkdir -p "$D"
cp "$top_srcdir/tests/cli/articles/lists.txt" "$D/1-lists.txt"
cp "$top_srcdir/tests/cli/articles/quotes.txt" "$D/2-quotes.txt"
printf 'Budget\n\nThe deficit rose to \24315.8m, caf\351 owners say.\n' > "$D/3-latin1.txt"

# 24 columns: the article list hides itself, the text starts at column 1
start 24 30 "$DOSSIER" "$D"
check "a list: one item a line, bullets kept" wait_for '^ - Lower taxes$'
check "... a wrapped item continues under its text" wait_for '^   schools$'
check "... a nested item keeps its indent" wait_for '^   - for families$'
check "... numbered items one a line" wait_for '^ 2\) Second point, long$'
keys ']'
check "a quote: indented, its '>' not shown" wait_for '^   The war must end$'
check "... a nested quote further in" wait_for '^     Nested quote\.$'
check "a separator: a short rule, not its characters" wait_for '^ +─{3,}$'
if screen | grep -q '\* \* \*\|^ *---$\|^ *>'; then
	ok 1 "... no '* * *', '---' or '>' on the screen"
else
	ok 0 "... no '* * *', '---' or '>' on the screen"
fi
keys ']'
check "a Latin-1 article reads right" wait_for '£15\.8m, café'
keys q
check "the reader quits" test "$(wait_exit)" = 0

# wide enough for the status line's count
start 100 20 "$DOSSIER" "$D"
wait_for 'Budget' >/dev/null
keys / '£15.8m'
check "'£15.8m' is found in the Latin-1 article" wait_for '1 match(es)? in 1 article'
keys Enter q
check "the reader quits" test "$(wait_exit)" = 0

done_testing
