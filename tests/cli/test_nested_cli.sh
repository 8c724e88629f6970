#!/bin/sh
# test_nested_cli.sh - a dossier of topic folders on the command line:
# --list, --search and --dump in the walk's order (PATHs as given; in a
# folder its files in natural order, then its subfolders), names that
# repeat across folders, doubled PATHs, hidden folders, backups, loops and
# a tree too deep.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

N="$SCRATCH/news"
art() {	# art RELPATH: an article titled by its path, with a common word
	mkdir -p "$(dirname "$N/$1")"
	printf 'Title: %s\n\nNieuws uit %s.\n' "$1" "$1" > "$N/$1"
}
# deliberately made out of order: the order comes from the names
for i in 10 2 1 12 3; do art "business/$(printf '%03d' "$i").txt"; done
for i in 2 1; do art "tech/$(printf '%03d' "$i").txt"; done
art "tech/9.txt"
art "tech/10.txt"
art "politics/2025/10/001.txt"
art "politics/2025/9/001.txt"
art "politics/2025/03/001.txt"
art "politics/overview.txt"
art "Sport/001.txt"
art "README.txt"
art ".git/HEAD.txt"
art ".cache/x/001.txt"
art "business/.draft.txt"
art "business/001.txt~"
ln -s .. "$N/tech/up"
ln -s ../business "$N/Sport/biz-link"

cat > "$SCRATCH/want" <<'EOF'
README.txt
business/001.txt
business/002.txt
business/003.txt
business/010.txt
business/012.txt
politics/overview.txt
politics/2025/03/001.txt
politics/2025/9/001.txt
politics/2025/10/001.txt
Sport/001.txt
tech/001.txt
tech/002.txt
tech/9.txt
tech/10.txt
EOF

rel() {	# the PATH column of --list, relative to $N
	cut -f4 | sed "s|^$N/||"
}

timeout 20 "$DOSSIER" --list "$N" > "$SCRATCH/list" 2> "$SCRATCH/err"; rc=$?
ok $rc "nested: --list exits 0 (no hang on the loop of links)"
rel < "$SCRATCH/list" > "$SCRATCH/got"
if cmp -s "$SCRATCH/got" "$SCRATCH/want"; then
	ok 0 "nested: every article, folder by folder, in natural order"
else
	ok 1 "nested: every article, folder by folder, in natural order"
	diff "$SCRATCH/want" "$SCRATCH/got" | diag
fi
check "nested: --list keeps its format, numbered 1..15 in order" \
    sh -c 'awk -F "\t" "NF != 4 || \$1 != NR || \$2 == \"\" { bad = 1 } END { exit bad || NR != 15 }" "$1"' _ "$SCRATCH/list"
check "nested: the title is the article's own (001.txt of two folders)" \
    sh -c 'grep -q "^2	business/001.txt		$2/business/001.txt\$" "$1" &&
	grep -q "^12	tech/001.txt		$2/tech/001.txt\$" "$1"' _ "$SCRATCH/list" "$N"
check "nested: hidden folders, hidden files and backups are not read" \
    sh -c '! grep -q -e "/\." -e "~\$" "$1"' _ "$SCRATCH/list"
check "nested: links back into the dossier add nothing, say nothing" \
    test ! -s "$SCRATCH/err"

# --- --search and --dump follow the same order -----------------------------
"$DOSSIER" --search nieuws --count "$N" > "$SCRATCH/count"; rc=$?
ok $rc "nested: --search finds the word in every article"
sed "s|^$N/||; s|:[0-9]*\$||" "$SCRATCH/count" > "$SCRATCH/got"
check "nested: --search --count in the order of --list" \
    cmp -s "$SCRATCH/got" "$SCRATCH/want"
"$DOSSIER" --search nieuws "$N" | sed "s|^$N/||; s|:.*||" > "$SCRATCH/got"
check "nested: --search lines in the order of --list" \
    cmp -s "$SCRATCH/got" "$SCRATCH/want"
check "nested: --dump 12 is tech/001.txt" \
    sh -c '"$1" --dump 12 "$2" | head -n 1 | grep -q "^tech/001.txt\$"' _ "$DOSSIER" "$N"

# --- several PATHs ------------------------------------------------------------
# (without the link from tech/ to the top, which would read it all there)
rm "$N/tech/up"
"$DOSSIER" --list "$N/tech" "$N/business/2.txt" "$N/business" "$N" \
    "$N/tech/001.txt" 2> "$SCRATCH/err" | rel > "$SCRATCH/got"
{ grep '^tech/' "$SCRATCH/want"; grep '^business/' "$SCRATCH/want"
  grep -v -e '^tech/' -e '^business/' "$SCRATCH/want"; } > "$SCRATCH/want2"
check "PATHs in the order given, each article once, where first named" \
    cmp -s "$SCRATCH/got" "$SCRATCH/want2"
check "... a missing file among them is said" \
    grep -q "business/2.txt: No such file" "$SCRATCH/err"
"$DOSSIER" --list "$N/tech/10.txt" "$N/business/001.txt" "$N/tech/9.txt" |
    rel > "$SCRATCH/got"
check "files as PATHs: in the order given, not sorted" \
    test "$(tr '\n' ' ' < "$SCRATCH/got")" = \
    "tech/10.txt business/001.txt tech/9.txt "

# --- a tree deeper than 32 folders ------------------------------------------------
D="$SCRATCH/deep"
p=$D
for i in $(seq 0 40); do
	mkdir -p "$p"
	printf 'Title: level %s\n\nTekst.\n' "$i" > "$p/$i.txt"
	p=$p/d
done
"$DOSSIER" --list "$D" > "$SCRATCH/list" 2> "$SCRATCH/err"; rc=$?
ok $rc "deep: exits 0"
check "deep: levels 0 to 32 listed, in order" \
    test "$(cut -f2 "$SCRATCH/list" | tr '\n' ' ')" = \
    "$(seq 0 32 | sed 's/^/level /' | tr '\n' ' ')"
check "deep: one message, dossier: PATH: WHY" \
    sh -c 'test "$(wc -l < "$1")" -eq 1 && grep -q "^dossier: .*/d: folder more than 32 levels deep, not read\$" "$1"' _ "$SCRATCH/err"

done_testing
