#!/bin/sh
# test_and_cli.sh - --search and --count with terms joined by " & ", and
# --context: on a made-up ASCII dossier, the articles and counts are
# computed again here with grep (an article counts when it holds every
# term; its count is the sum of its terms'), every reported place points
# at one of the terms, places come in text order, and the context is cut
# where --context says.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

D="$SCRATCH/d"
mkdir -p "$D"
words="blair iraq bush oil vote peace army"
i=0
seed=7
while [ $i -lt 40 ]; do
	i=$((i + 1))
	f=$(printf '%s/%03d.txt' "$D" $i)
	printf 'Article %d\n\n' $i > "$f"
	n=$((i % 9 + 1))
	j=0
	while [ $j -lt $n ]; do
		j=$((j + 1))
		line=""
		for w in $words; do
			seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
			[ $(( seed / 65536 % 3 )) -eq 0 ] && line="$line $w"
		done
		printf 'the%s end\n\n' "$line" >> "$f"
	done
done

# want TERM...: PATH:COUNT of the articles holding every term, by grep
want() {
	for f in "$D"/*.txt; do
		sum=0
		for w in "$@"; do
			c=$(grep -o -i -- "$w" "$f" | wc -l)
			[ "$c" -eq 0 ] && { sum=0; break; }
			sum=$((sum + c))
		done
		[ $sum -gt 0 ] && echo "$f:$sum"
	done
}

want blair iraq > "$SCRATCH/want"
"$DOSSIER" --count --search 'blair & iraq' "$D" > "$SCRATCH/got"
check "blair & iraq: --count agrees with grep ($(wc -l < "$SCRATCH/want") articles)" \
    cmp -s "$SCRATCH/want" "$SCRATCH/got"
[ -s "$SCRATCH/want" ] && [ "$(wc -l < "$SCRATCH/want")" -lt 40 ]
ok $? "the made-up dossier has articles with both and articles without"

want oil peace army > "$SCRATCH/want"
"$DOSSIER" -c -s 'oil & peace & army' "$D" > "$SCRATCH/got"
check "three terms: --count agrees with grep" cmp -s "$SCRATCH/want" "$SCRATCH/got"

# every --search line points at blair or iraq, in text order, and there are
# as many as --count says
"$DOSSIER" --search 'blair & iraq' "$D" > "$SCRATCH/lines"
awk -F: -v d="$D" '
	{ f = $1; l = $2; c = $3
	  if (f == pf && (l < pl || (l == pl && c <= pc))) bad++
	  pf = f; pl = l; pc = c
	  n = 0; while ((getline line < f) > 0) { if (++n == l) break }
	  close(f)
	  w = tolower(substr(line, c, 5)); w4 = substr(w, 1, 4)
	  if (w != "blair" && w4 != "iraq") bad++
	  seen++ }
	END { print seen + 0, bad + 0 }' "$SCRATCH/lines" > "$SCRATCH/res"
read -r seen bad < "$SCRATCH/res"
total=$(want blair iraq | awk -F: '{ s += $NF } END { print s + 0 }')
[ "$seen" -eq "$total" ] && [ "$bad" -eq 0 ]
ok $? "--search: $seen lines (want $total), each at blair or iraq, in order ($bad wrong)"

# the syntax: stray &, empty terms, a lone & is plain text, phrases
"$DOSSIER" -c -s blair "$D" > "$SCRATCH/a"
"$DOSSIER" -c -s 'blair &' "$D" > "$SCRATCH/b"
check "a stray & at the end is dropped" cmp -s "$SCRATCH/a" "$SCRATCH/b"
"$DOSSIER" -c -s '& blair & & ' "$D" > "$SCRATCH/b"
check "stray & and empty terms are dropped" cmp -s "$SCRATCH/a" "$SCRATCH/b"
printf 'Telecom\n\nAT&T and R & D.\n' > "$D/900.txt"
printf 'Other\n\nAT and T, R and D.\n' > "$D/901.txt"
out=$("$DOSSIER" -c -s 'AT&T' "$D")
[ "$out" = "$D/900.txt:1" ]
ok $? "a lone & is a plain character: AT&T ($out)"
out=$("$DOSSIER" -c -s 'R & D' "$D" | tr '\n' ' ')
[ "$out" = "$D/900.txt:2 $D/901.txt:2 " ]
ok $? "R & D: both articles hold R and D ($out)"
out=$("$DOSSIER" -c -s '"R & D" & AT' "$D" | tr '\n' ' ')
[ "$out" = "$D/900.txt:2 " ]
ok $? "a quoted phrase holding & ($out)"
"$DOSSIER" -s 'blair & nowhere' "$D" > /dev/null
ok $(($? != 1)) "a term found nowhere: nothing matches, exit 1"
"$DOSSIER" -s ' & ' "$D" > "$SCRATCH/b"
ok $? "only & and spaces: searched as typed ($(wc -l < "$SCRATCH/b") lines)"

# --context
printf 'Long\n\nabcdefghij KEY klmnopqrstuvwxyz\n' > "$D/902.txt"
out=$("$DOSSIER" --context=3 -s KEY "$D/902.txt")
[ "$out" = "$D/902.txt:3:12:…ij KEY kl…" ]
ok $? "--context=3: three characters either side, cut with … ($out)"
out=$("$DOSSIER" --context=0 -s KEY "$D/902.txt")
[ "$out" = "$D/902.txt:3:12:…KEY…" ]
ok $? "--context=0: the match alone ($out)"
out=$("$DOSSIER" --context=50 -s KEY "$D/902.txt")
[ "$out" = "$D/902.txt:3:12:abcdefghij KEY klmnopqrstuvwxyz" ]
ok $? "--context=50: the whole line, no ellipsis ($out)"
a=$("$DOSSIER" -s KEY "$D/902.txt")
b=$("$DOSSIER" --context=30 -s KEY "$D/902.txt")
[ "$a" = "$b" ]
ok $? "the default is 30"
"$DOSSIER" --context=x -s KEY "$D" > /dev/null 2> "$SCRATCH/err"
ok $(($? != 2)) "--context=x: exit 2"
grep -q 'context' "$SCRATCH/err"
ok $? "... with a message"
"$DOSSIER" --context=3 "$D" > /dev/null 2>&1 < /dev/null
ok $(($? != 2)) "--context without --search: exit 2"

done_testing
