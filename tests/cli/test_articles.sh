#!/bin/sh
# test_articles.sh - what real article files hold: lists, quotes,
# separators and page debris laid out by --dump at widths 1, 20 and 80
# (against expected files checked by eye), and files in legacy encodings
# through --list, --dump and --search.
#
# To remake the expected files after a deliberate change (then read the
# diff): DOSSIER_UPDATE_EXPECTED=1 make check TESTS=tests/cli/test_articles.sh
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

ART="$top_srcdir/tests/cli/articles"
EXP="$top_srcdir/tests/cli/expected"

# --- layout of each rule, at three widths -----------------------------------
for f in lists quotes debris; do
	for w in 1 20 80; do
		"$DOSSIER" --dump 1 --width $w "$ART/$f.txt" > "$SCRATCH/dump" \
		    2> "$SCRATCH/err"; rc=$?
		if [ "${DOSSIER_UPDATE_EXPECTED:-}" = 1 ]; then
			cp "$SCRATCH/dump" "$EXP/$f-$w.txt"
		fi
		if [ $rc -eq 0 ] && cmp -s "$SCRATCH/dump" "$EXP/$f-$w.txt" &&
		    [ ! -s "$SCRATCH/err" ]; then
			ok 0 "--dump $f.txt --width $w: as expected"
		else
			ok 1 "--dump $f.txt --width $w: as expected (rc $rc)"
			diff "$EXP/$f-$w.txt" "$SCRATCH/dump" | head -20 |
			    sed 's/^/# /'
		fi
	done
done
check "page debris: the title is the headline between the debris, the date before it" \
    sh -c '"$1" --list "$2" | grep -qx "1	Peace plan means surrender Opinie	2025-11-22	.*debris.txt"' \
    _ "$DOSSIER" "$ART/debris.txt"
"$DOSSIER" --dump 1 --width 20 "$ART/lists.txt" > "$SCRATCH/dump"
check "a list item wraps under its text, not under its bullet" \
    sh -c 'grep -A1 -x -- "- More for health" "$1" | tail -n1 | grep -qx "  and schools"' \
    _ "$SCRATCH/dump"
check "a hyphen that starts a line of running text stays text" \
    grep -qx "the pre- - war" "$SCRATCH/dump"
"$DOSSIER" --dump 1 --width 80 "$ART/quotes.txt" > "$SCRATCH/dump"
check "a quote is indented, without its '>'" grep -qx "  The war must end soon." "$SCRATCH/dump"
check "a separator is a rule, not its characters" \
    sh -c '! grep -q "^\* \* \*$\|^---$" "$1" && test "$(grep -c "────" "$1")" -eq 2' \
    _ "$SCRATCH/dump"

# --- legacy encodings -------------------------------------------------------
E="$SCRATCH/enc"
mkdir -p "$E"
# Latin-1: £ is \243, é \351
printf 'Budget\n\nThe deficit rose to \24315.8m, caf\351 owners say.\n' > "$E/1-latin1.txt"
# Windows-1252: “ ” \223 \224, € \200, – \226
printf 'Quotes\n\n\223Prices\224 rose by \200 5 \226 or \24315.8m.\n' > "$E/2-cp1252.txt"
# UTF-16 with a byte-order mark, little- and big-endian
printf 'Little\n\nA cost of \302\24315.8m here.\n' | iconv -f UTF-8 -t UTF-16LE |
    { printf '\377\376'; cat; } > "$E/3-utf16le.txt"
printf 'Big\n\nA cost of \302\24315.8m here.\n' | iconv -f UTF-8 -t UTF-16BE |
    { printf '\376\377'; cat; } > "$E/4-utf16be.txt"
# a UTF-8 byte-order mark, and UTF-8 with one stray Latin-1 byte
printf '\357\273\277Mark\n\nCosts \302\24315.8m.\n' > "$E/5-bom.txt"
printf 'Stray\n\nCaf\303\251 and caf\303\251, one stray \351.\n' > "$E/6-stray.txt"

"$DOSSIER" --list "$E" > "$SCRATCH/list"
check "--list: decoded titles, four columns as ever" \
    sh -c 'cut -f2 "$1" | tr "\n" "|" | grep -qx "Budget|Quotes|Little|Big|Mark|Stray|" &&
        awk -F "\t" "NF != 4 { bad = 1 } END { exit bad }" "$1"' _ "$SCRATCH/list"
"$DOSSIER" --dump 1 "$E" > "$SCRATCH/dump" 2> "$SCRATCH/err"; rc=$?
ok $rc "--dump of a Latin-1 file exits 0"
check "Latin-1: £ and é read right" grep -qx "The deficit rose to £15.8m, café owners say." "$SCRATCH/dump"
check "Latin-1: a note on stderr says what it was read as" \
    grep -qx "dossier: .*1-latin1.txt: read as Windows-1252" "$SCRATCH/err"
"$DOSSIER" --dump 2 "$E" > "$SCRATCH/dump" 2> "$SCRATCH/err"
check "Windows-1252: curly quotes, euro and dash" grep -qx "“Prices” rose by € 5 – or £15.8m." "$SCRATCH/dump"
"$DOSSIER" --dump 3 "$E" > "$SCRATCH/dump" 2> "$SCRATCH/err"
check "UTF-16LE: decoded" grep -qx "A cost of £15.8m here." "$SCRATCH/dump"
check "UTF-16LE: the note says so" grep -q "read as UTF-16LE$" "$SCRATCH/err"
"$DOSSIER" --dump 4 "$E" > "$SCRATCH/dump" 2> "$SCRATCH/err"
check "UTF-16BE: decoded, the note says so" \
    sh -c 'grep -qx "A cost of £15.8m here." "$1" && grep -q "read as UTF-16BE$" "$2"' \
    _ "$SCRATCH/dump" "$SCRATCH/err"
"$DOSSIER" --dump 5 "$E" > "$SCRATCH/dump" 2> "$SCRATCH/err"
check "a UTF-8 byte-order mark is dropped, no note" \
    sh -c 'head -n1 "$1" | grep -qx "Mark" && test ! -s "$2"' _ "$SCRATCH/dump" "$SCRATCH/err"
"$DOSSIER" --dump 6 "$E" > "$SCRATCH/dump" 2> "$SCRATCH/err"
check "UTF-8 with a stray byte stays UTF-8: é right, the stray byte U+FFFD" \
    sh -c 'grep -qx "Café and café, one stray �." "$1" && test ! -s "$2"' \
    _ "$SCRATCH/dump" "$SCRATCH/err"

"$DOSSIER" --search '£15.8m' "$E" > "$SCRATCH/found"; rc=$?
ok $rc "--search £15.8m finds it in decoded files"
check "--search £15.8m: PATH:LINE:COLUMN in characters of the source line" \
    sh -c 'sed "s|^$2/||" "$1" | cut -d: -f1-3 | tr "\n" " " |
        grep -qx "1-latin1.txt:3:21 2-cp1252.txt:3:27 3-utf16le.txt:3:11 4-utf16be.txt:3:11 5-bom.txt:3:7 "' \
    _ "$SCRATCH/found" "$E"
check "--search: the context is decoded text" \
    grep -q ":3:21:The deficit rose to £15.8m, café owners say.$" "$SCRATCH/found"
check "--search café (accent-insensitive: cafe) finds the Latin-1 é" \
    sh -c '"$1" --search cafe "$2" | grep -q "1-latin1.txt:3:"' _ "$DOSSIER" "$E"
check "--search “prices” finds Windows-1252 quotes" \
    sh -c '"$1" --search "\"prices\"" "$2" | grep -q "2-cp1252.txt:3:1:"' _ "$DOSSIER" "$E"

done_testing
