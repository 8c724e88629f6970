#!/bin/sh
# test_cli.sh - the command line: --list, --dump, errors, hostile files.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

A="$top_srcdir/articles"

# --- --list ------------------------------------------------------------------
out=$("$DOSSIER" --list "$A"); rc=$?
ok $rc "--list exits 0"
check "--list prints five lines" test "$(printf '%s\n' "$out" | wc -l)" -eq 5
check "--list: NUMBER TAB TITLE TAB DATE TAB PATH, numbered from 1" \
    sh -c 'printf "%s\n" "$1" | awk -F "\t" "NF != 4 || \$1 != NR || \$2 == \"\" || \$4 !~ /\\.txt\$/ { bad = 1 } END { exit bad }"' _ "$out"
check "--list: headlines from the headers" \
    sh -c 'printf "%s\n" "$1" | grep -q "^1	Kyiv stemt in met staakt-het-vuren"' _ "$out"
check "--list: dates where known" \
    sh -c 'printf "%s\n" "$1" | grep -q "	2025-11-22	"' _ "$out"
check "--list: file-name order is chronological" \
    sh -c 'printf "%s\n" "$1" | cut -f4 | xargs -n1 basename | sort -c' _ "$out"
out2=$("$DOSSIER" --list)
check "no PATH: the source tree's articles from the build tree" test "$out2" = "$out" -o -n "$out2"
check "no PATH: five articles" test "$(printf '%s\n' "$out2" | wc -l)" -eq 5
mkdir -p "$SCRATCH/one"
printf 'Title: Eigen\n\nTekst.\n' > "$SCRATCH/one/x.txt"
check "DOSSIER_DIR is used without PATH" \
    sh -c 'DOSSIER_DIR="$1" "$2" --list | grep -q "^1	Eigen	"' _ "$SCRATCH/one" "$DOSSIER"
check "several PATHs, a file among them" \
    test "$("$DOSSIER" --list "$A" "$SCRATCH/one/x.txt" | wc -l)" -eq 6

# --- --dump ------------------------------------------------------------------
# the text of an article without its header keys and white space
article_text() {
	{ sed -n 's/^Title: //p' "$1" | head -n 1
	  awk 'body { print } /^$/ && !body { body = 1 }' "$1"; } | tr -d ' \n\t\r'
}
for n in 1 2 3 4 5; do
	f=$("$DOSSIER" --list "$A" | awk -F '\t' -v n=$n '$1 == n { print $4 }')
	want=$(article_text "$f")
	for w in 1 2 24 41 80 200; do
		"$DOSSIER" --dump $n --width $w "$A" > "$SCRATCH/dump"; rc=$?
		max=$(wc -L < "$SCRATCH/dump")
		got=$(tr -d ' \n' < "$SCRATCH/dump")
		if [ $rc -ne 0 ] || [ "$max" -gt $w ] || [ "$got" != "$want" ]; then
			ok 1 "--dump $n --width $w: rc $rc, widest line $max, text kept: $([ "$got" = "$want" ] && echo yes || echo no)"
		else
			ok 0 "--dump $n --width $w: lines within $w columns, all the text kept"
		fi
	done
done
check "--dump: default width 80" \
    test "$("$DOSSIER" --dump 2 "$A" | wc -L)" -le 80
check "--dump: same layout as --width 80" \
    test "$("$DOSSIER" --dump 2 "$A" | md5sum)" = "$("$DOSSIER" --dump 2 --width=80 "$A" | md5sum)"
check "--dump: a heading stands alone between blank lines" \
    sh -c '"$1" --dump 1 "$2" | grep -B1 -A1 "^Misstap$" | sed -n "1p;3p" | grep -qv .' _ "$DOSSIER" "$A"

# --- errors ----------------------------------------------------------------
expect_error() {	# expect_error DESCRIPTION STATUS PATTERN ARGS...
	desc=$1 want=$2 pat=$3
	shift 3
	"$DOSSIER" "$@" > "$SCRATCH/out" 2> "$SCRATCH/err"
	rc=$?
	if [ $rc -eq "$want" ] && grep -q -- "$pat" "$SCRATCH/err"; then
		ok 0 "$desc"
	else
		ok 1 "$desc (exit $rc)"
		diag "$(cat "$SCRATCH/err")"
	fi
}
expect_error "--width 0 is refused" 2 "^dossier: --width: '0' is not a width" --dump 1 --width 0 "$A"
expect_error "--width x is refused" 2 "^dossier: --width:" --dump 1 --width x "$A"
expect_error "--dump 999 is refused" 2 "^dossier: --dump: no article 999 (the dossier has 5)" --dump 999 "$A"
expect_error "--dump x is refused" 2 "^dossier: --dump: 'x' is not an article number" --dump x "$A"
expect_error "--dump 0 is refused" 2 "^dossier: --dump:" --dump 0 "$A"
expect_error "a missing path" 2 "^dossier: $SCRATCH/nope: No such file or directory" --list "$SCRATCH/nope"
mkdir -p "$SCRATCH/empty"
expect_error "an empty directory" 2 "^dossier: $SCRATCH/empty: no articles" --list "$SCRATCH/empty"
expect_error "an unknown option" 2 "Try 'dossier --help'" --frobnicate
expect_error "--count without --search" 2 "count goes with --search" --count
"$DOSSIER" --list "$A" "$SCRATCH/nope" > "$SCRATCH/out" 2> "$SCRATCH/err"; rc=$?
check "a missing path beside a good one: the rest loads, exit 0" \
    test $rc -eq 0 -a "$(wc -l < "$SCRATCH/out")" -eq 5
check "... and the missing one is reported" grep -q "nope: No such file" "$SCRATCH/err"
if [ "$(id -u)" -ne 0 ]; then
	printf 'x\n' > "$SCRATCH/unreadable.txt"; chmod 000 "$SCRATCH/unreadable.txt"
	expect_error "an unreadable file" 2 "Permission denied" --list "$SCRATCH/unreadable.txt"
else
	echo "ok $((tap_n = tap_n + 1)) - # SKIP unreadable files: running as root"
fi
check "--help exits 0 with a usage line" sh -c '"$1" --help | grep -q "^Usage: dossier"' _ "$DOSSIER"
check "--version exits 0" sh -c '"$1" --version | grep -q "^dossier [0-9]"' _ "$DOSSIER"
check "-h and -V too" sh -c '"$1" -h >/dev/null && "$1" -V >/dev/null' _ "$DOSSIER"

# --- hostile files -----------------------------------------------------------
H="$SCRATCH/hostile"
make_hostile "$H"
mkfifo "$H/14-fifo.txt"
ln -s loop "$H/15-loop.txt" 2>/dev/null
ln -s 15-loop.txt "$H/loop" 2>/dev/null
timeout 20 "$DOSSIER" --list "$H" > "$SCRATCH/list" 2> "$SCRATCH/err"; rc=$?
ok $rc "hostile dossier: --list exits 0 (no hang on the FIFO)"
count=$(wc -l < "$SCRATCH/list")
check "hostile dossier: every file but the FIFO and the loop listed ($count)" test "$count" -eq 13
check "hostile dossier: the symlink loop is reported" grep -q "15-loop.txt: Too many levels" "$SCRATCH/err"
if unsafe "$SCRATCH/list"; then
	ok 1 "hostile dossier: --list output is safe UTF-8"
else
	ok 0 "hostile dossier: --list output is safe UTF-8"
fi
check "hostile dossier: the empty file is listed by its name" grep -q "	07-empty.txt		" "$SCRATCH/list"
bad=
for n in $(seq 1 "$count"); do
	for w in 1 2 7 41 80; do
		timeout 20 "$DOSSIER" --dump $n --width $w "$H" > "$SCRATCH/dump" 2>/dev/null; rc=$?
		max=$(wc -L < "$SCRATCH/dump")
		if [ $rc -ne 0 ] || [ "$max" -gt $w ] || unsafe "$SCRATCH/dump"; then
			bad="$bad $n/$w(rc=$rc,max=$max)"
		fi
	done
done
check "hostile dossier: every article dumps at widths 1 2 7 41 80, safe and within the width${bad:+:$bad}" test -z "$bad"
exec 3>&2 2>/dev/null
"$DOSSIER" --dump 1 "$H" > "$SCRATCH/dump"
check "escapes are shown as visible pictures" grep -q "␛\]0;pwned␇" "$SCRATCH/dump"
"$DOSSIER" --dump 5 "$H" > "$SCRATCH/dump"
check "NUL bytes are shown as ␀" grep -q "NUL␀bytes␀inside" "$SCRATCH/dump"
"$DOSSIER" --dump 3 "$H" > "$SCRATCH/dump"
check "invalid bytes are shown as U+FFFD" grep -q "Invalid �� bytes" "$SCRATCH/dump"
"$DOSSIER" --dump 6 "$H" > "$SCRATCH/dump"
check "a byte-order mark is dropped" sh -c 'head -n1 "$1" | grep -qx "BOM"' _ "$SCRATCH/dump"
"$DOSSIER" --dump 7 "$H" > "$SCRATCH/dump"
check "an empty article dumps as nothing" test ! -s "$SCRATCH/dump"
"$DOSSIER" --dump 13 --width 14 "$H" > "$SCRATCH/dump"
check "a soft hyphen shows as '-' where the line breaks" grep -qx "veiligheids-" "$SCRATCH/dump"
exec 2>&3

done_testing
