#!/bin/sh
# test_paths_cli.sh - every path that --list, --search and --count print
# maps back to its exact file: file names holding a tab, a newline, a CR,
# a backslash, control characters, a C1 control, a bidi override and a
# Latin-1 byte are escaped (\t \n \r \\ \xHH), turned back here with
# bash's printf %b and found to be the very file (same inode); with
# --null the records end with NUL, the paths are raw, and xargs -0 and
# read -d '' take them apart.  Titles in --list are never cut.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}
command -v bash >/dev/null 2>&1 || skip_all "bash is needed for printf %b"

D="$SCRATCH/names"
mkdir -p "$D"
TAB=$(printf '\t')
# the awkward names, one per line of this list, in printf notation
cat > "$SCRATCH/names.list" <<'EOF'
a\tb.txt
a b.txt
line\nbreak.txt
cr\rname.txt
back\\slash.txt
back\\x41.txt
caf\351-latin1.txt
caf\303\251-utf8.txt
esc\033[31m-red.txt
bell\007\001\177.txt
c1-\302\205-nel.txt
bidi-\342\200\256-rlo.txt
end-newline\n
EOF
n=0
while IFS= read -r spec; do
	n=$((n + 1))
	# printf's own %b: $(...) would drop a trailing newline, so end on /
	name=$(printf "${spec}/")
	name=${name%/}
	printf 'Title: Naam %d\n\nHet zebrapad nummer %d.\n' "$n" "$n" > "$D/$name"
done < "$SCRATCH/names.list"
check "the test made $n files with awkward names" \
    test "$(find "$D" -type f -printf x | wc -c)" -eq "$n"

# inodes of the files, sorted: what every path printed must map back to
( cd "$D" && find . -type f -exec stat -c %i {} + ) | sort -n > "$SCRATCH/want"

# unescape FILE: each line of FILE is an escaped path; print the inode of
# the file it names, or "missing"
unescape() {
	bash -c '
	while IFS= read -r esc; do
		printf -v p "%b/" "$esc"
		p=${p%/}
		if [ -e "$p" ]; then stat -c %i -- "$p"; else echo missing; fi
	done' _ < "$1"
}

# roundtrip MODE: the paths of $SCRATCH/out (one escaped path per line,
# as cut out by the caller into $SCRATCH/paths) name the files, all of
# them, each once
roundtrip() {
	unescape "$SCRATCH/paths" | sort -n > "$SCRATCH/got"
	if cmp -s "$SCRATCH/got" "$SCRATCH/want"; then
		ok 0 "$1: every printed path turns back into its own file ($n)"
	else
		ok 1 "$1: the printed paths do not map back to the files"
		diag "printed:" "$(cat "$SCRATCH/paths")" "inodes:" "$(cat "$SCRATCH/got")"
	fi
	if unsafe "$SCRATCH/out"; then
		ok 1 "$1: output is safe UTF-8, no control character"
	else
		ok 0 "$1: output is safe UTF-8, no control character"
	fi
	check "$1: one line per file" test "$(wc -l < "$SCRATCH/out")" -eq "$n"
}

# --- escaped paths -------------------------------------------------------------
"$DOSSIER" --list "$D" > "$SCRATCH/out"; rc=$?
ok $rc "--list of the awkward names exits 0"
check "--list: four fields on every line (no tab of a name left raw)" \
    sh -c '! awk -F "\t" "NF != 4" "$1" | grep -q .' _ "$SCRATCH/out"
cut -f4- "$SCRATCH/out" > "$SCRATCH/paths"
roundtrip "--list"
check "--list: a tab is escaped (backslash t), so 'a<TAB>b.txt' and 'a b.txt' differ" \
    sh -c 'grep -qx ".*/a\\\\tb.txt" "$1" && grep -qx ".*/a b.txt" "$1"' _ "$SCRATCH/paths"
check "--list: a backslash is doubled" grep -qx '.*/back\\\\slash.txt' "$SCRATCH/paths"
check "--list: a Latin-1 byte is escaped as backslash xe9" grep -qx '.*/caf\\xe9-latin1.txt' "$SCRATCH/paths"
check "--list: valid UTF-8 is written as it is" grep -qx '.*/café-utf8.txt' "$SCRATCH/paths"
check "--list: a newline is escaped (backslash n), even at the end" grep -qx '.*/end-newline\\n' "$SCRATCH/paths"
check "--list: C1 and bidi controls are written as bytes" \
    sh -c 'grep -qx ".*/c1-\\\\xc2\\\\x85-nel.txt" "$1" && grep -qx ".*/bidi-\\\\xe2\\\\x80\\\\xae-rlo.txt" "$1"' _ "$SCRATCH/paths"

"$DOSSIER" --search zebrapad "$D" > "$SCRATCH/out"; rc=$?
ok $rc "--search of the awkward names exits 0"
sed 's/:[0-9]*:[0-9]*:[^:]*$//' "$SCRATCH/out" > "$SCRATCH/paths"
roundtrip "--search"
check "--search: CONTEXT is the line" \
    sh -c '! grep -v ":3:5:Het zebrapad nummer [0-9]*\\.\$" "$1" | grep -q .' _ "$SCRATCH/out"

"$DOSSIER" --search zebrapad --count "$D" > "$SCRATCH/out"; rc=$?
ok $rc "--count of the awkward names exits 0"
sed 's/:1$//' "$SCRATCH/out" > "$SCRATCH/paths"
roundtrip "--count"

# --- --null: raw paths, records ended by NUL --------------------------------------
# xargs -0 hands each record to sh as one argument: the path is what
# follows the third tab (--list), or precedes :LINE:COLUMN:CONTEXT or
# :COUNT; print the inode of the file it names
"$DOSSIER" --list --null "$D" |
    xargs -0 -n1 sh -c 'p=${1#*	*	*	}; stat -c %i -- "$p" || echo missing' _ \
    2>/dev/null | sort -n > "$SCRATCH/got"
check "--list --null | xargs -0: each raw path is its file" cmp -s "$SCRATCH/got" "$SCRATCH/want"
"$DOSSIER" -s zebrapad -0 "$D" |
    xargs -0 -n1 sh -c 'p=${1%:*:*:*}; stat -c %i -- "$p" || echo missing' _ \
    2>/dev/null | sort -n > "$SCRATCH/got"
check "--search -0 | xargs -0: each raw path is its file" cmp -s "$SCRATCH/got" "$SCRATCH/want"
"$DOSSIER" -s zebrapad -c -0 "$D" > "$SCRATCH/null.out"
bash -c 'while IFS= read -r -d "" rec; do
	p=${rec%:*}
	[ "${rec##*:}" = 1 ] && [ -e "$p" ] && stat -c %i -- "$p" || echo "bad: $rec"
done' _ < "$SCRATCH/null.out" | sort -n > "$SCRATCH/got"
check "--count -0 | read -d '': PATH:COUNT, each raw path is its file" cmp -s "$SCRATCH/got" "$SCRATCH/want"
check "--null: exactly one NUL per record" \
    test "$(tr -cd '\000' < "$SCRATCH/null.out" | wc -c)" -eq "$n"
check "--null: the raw name with a newline is in the output as it is" \
    sh -c 'tr "\000" "\001" < "$1" | grep -q "/line$"' _ "$SCRATCH/null.out"
"$DOSSIER" --null "$D" > "$SCRATCH/out" 2> "$SCRATCH/err"; rc=$?
check "--null without --list or --search is refused (exit 2, a message)" \
    sh -c 'test "$1" -eq 2 && grep -q "null goes with" "$2"' _ $rc "$SCRATCH/err"

# --- titles in --list are never cut ---------------------------------------------
T="$SCRATCH/titles"
mkdir -p "$T"
long=$(awk 'BEGIN { for (i = 1; i <= 60; i++) printf "woord%d ", i; printf "einde" }')
printf 'Title: %s\n\nTekst.\n' "$long" > "$T/1-header.txt"
printf '%s. Tweede zin.\n' "$long" > "$T/2-sentence.txt"
printf '%s\nen verder op de volgende regel.\n' "$long" > "$T/3-line.txt"
"$DOSSIER" --list "$T" > "$SCRATCH/out"
check "--list: a long Title: header whole, no …" \
    sh -c 'awk -F "\t" "NR == 1 { print \$2 }" "$1" | grep -qx "$2"' _ "$SCRATCH/out" "$long"
check "--list: the long first sentence of an article without a header, whole" \
    sh -c 'awk -F "\t" "NR == 2 { print \$2 }" "$1" | grep -qx "$2"' _ "$SCRATCH/out" "$long"
check "--list: a long first line without a sentence end, whole" \
    sh -c 'awk -F "\t" "NR == 3 { print \$2 }" "$1" | grep -qx "$2"' _ "$SCRATCH/out" "$long"
check "--list: no … anywhere" sh -c '! grep -q … "$1"' _ "$SCRATCH/out"

done_testing
