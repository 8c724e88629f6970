#!/bin/sh
# test_huge.sh - a 200 MB article and a 20 MB single line, in the reader and
# in --search: they open, the ends are reached, searches find what is at the
# far end, and the interface answers keys while the big files are read.
#
# The waits are long (the sanitizer build reads 200 MB several times more
# slowly), so they catch a hang or a quadratic path, not a slow machine.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

H="$SCRATCH/huge"
mkdir -p "$H"

# 200 MB: a 1 MB block of paragraphs (a line each, a blank line between)
# written 200 times, between a first and a last paragraph of their own
awk 'BEGIN {
	s = "De onderhandelingen over een staakt-het-vuren in Oekraïne gaan " \
	    "verder, zegt de woordvoerder, en de veiligheidsgaranties blijven " \
	    "het struikelblok. "
	for (p = 0; p < 1000; p++) {
		line = ""
		while (length(line) < 1000)
			line = line s
		print line
		print ""
	}
}' > "$SCRATCH/block"
{
	printf 'Title: Een heel groot artikel\n\nBEGINWOORD staat in de eerste alinea.\n\n'
	i=0
	while [ $i -lt 200 ]; do cat "$SCRATCH/block"; i=$((i + 1)); done
	printf 'De laatste alinea met SLOTWOORD erin.\n'
} > "$H/01-huge.txt"
rm -f "$SCRATCH/block"
size=$(wc -c < "$H/01-huge.txt")
check "the big article is over 200 MB ($size bytes)" test "$size" -gt 200000000

# 20 MB in one line, LIJNEINDE at its very end
awk 'BEGIN {
	printf "Title: Een enkele regel\n\nLIJNBEGIN "
	for (i = 0; i < 800000; i++) printf "vrede en veiligheid "
	printf "LIJNEINDE\n"
}' > "$H/02-line.txt"
printf 'Title: Een klein artikel\n\nKort en klein.\n' > "$H/03-small.txt"

# --- --search finds the far end, with the right line number ---------------------
want=$(grep -n SLOTWOORD "$H/01-huge.txt" | cut -d: -f1)
"$DOSSIER" --search SLOTWOORD "$H" > "$SCRATCH/out"
writers	# its cache writer reads 220 MB: not beside what follows
check "--search: the last paragraph of the 200 MB article, at line $want" \
    grep -q "^$H/01-huge.txt:$want:[0-9]*:.*SLOTWOORD" "$SCRATCH/out"
"$DOSSIER" --search LIJNEINDE "$H" > "$SCRATCH/out"
check "--search: the end of the 20 MB line" \
    grep -q "^$H/02-line.txt:3:[0-9]*:.*LIJNEINDE" "$SCRATCH/out"

# --- the reader ----------------------------------------------------------------------
start 100 30 "$DOSSIER" "$H"
check "reader: the first frame shows the 200 MB article" wait_for 'BEGINWOORD' 60
check "reader: ... in a list of three" wait_for '^ 1/3 '
keys ]
check "reader: ] answers while the big files are read" wait_for '^ 2/3 '
keys ]
check "reader: ... and again" wait_for '^ 3/3 .*Een klein'
keys [ [
check "reader: back to the 200 MB article" wait_for '^ 1/3 '
keys Tab G
check "reader: G shows its last paragraph" wait_for 'SLOTWOORD' 60
check "reader: ... at 100%" wait_for '100%'
keys g
check "reader: g goes back to its top" wait_for 'BEGINWOORD' 60
keys ]
check "reader: the 20 MB line opens" wait_for 'LIJNBEGIN' 60
keys G
check "reader: G shows the end of the line" wait_for 'LIJNEINDE' 60
keys g
check "reader: g goes back to its start" wait_for 'LIJNBEGIN' 60
keys / S L O T W O O R D
check "search: finds the one match at the far end of 200 MB" \
    wait_for '1 match in 1 article' 60
keys Enter
check "search: ... and shows it" wait_for '^ 1/3 ' 60
check "search: ... SLOTWOORD on screen" wait_for 'SLOTWOORD'
n=$(cat "$H"/*.txt | grep -o veiligheid | wc -l)
keys / v e i l i g h e i d
check "search: counts a word in every paragraph, all $n of them" \
    wait_for " $n matches in 2 articles" 120
keys Escape
check "search: Esc goes back" wait_gone 'matches in' 30
keys q
check "reader: quits normally" test "$(wait_exit 30)" = 0

done_testing
