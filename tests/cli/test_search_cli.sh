#!/bin/sh
# test_search_cli.sh - dossier --search and --count: every LINE:COLUMN
# reported really points at a match (checked against the file itself, with
# the search rules done again here in sed and iconv), counts agree, exit
# statuses, smart case, accents, typographic quotes, safe CONTEXT, and a
# hostile dossier.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

A="$top_srcdir/articles"
H="$SCRATCH/hostile"
make_hostile "$H"

# --- the search rules, done again in sed, iconv and tr --------------------------
# characters the rules treat specially, spelled out as bytes
LSQ=$(printf '\342\200\230') RSQ=$(printf '\342\200\231')
RQ9=$(printf '\342\200\233') PRIME=$(printf '\342\200\262')
LDQ=$(printf '\342\200\234') RDQ=$(printf '\342\200\235')
LOQ=$(printf '\342\200\236') RQ99=$(printf '\342\200\237')
NDASH=$(printf '\342\200\223') MDASH=$(printf '\342\200\224')
HYPH=$(printf '\342\200\220') NBHYPH=$(printf '\342\200\221')
NBSP=$(printf '\302\240') FIGSP=$(printf '\342\200\207')
NNBSP=$(printf '\342\200\257') IDSP=$(printf '\343\200\200')
SHY=$(printf '\302\255') ZWSP=$(printf '\342\200\213')
BOM=$(printf '\357\273\277') WJ=$(printf '\342\201\240')
TAB=$(printf '\t')
UPPER_ACC='ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ'
LOWER_ACC='àáâãäåæçèéêëìíîïñòóôõöøùúûüý'
DIA=$(printf '\314\210') ACU=$(printf '\314\201')
GRA=$(printf '\314\200') CIR=$(printf '\314\202')

# decomp: precomposed letters of Dutch, French and German text as a base
# letter and a combining mark, so that both forms compare alike
decomp() {
	sed -e "s/ä/a$DIA/g; s/ë/e$DIA/g; s/ï/i$DIA/g; s/ö/o$DIA/g; s/ü/u$DIA/g" \
	    -e "s/Ä/A$DIA/g; s/Ë/E$DIA/g; s/Ï/I$DIA/g; s/Ö/O$DIA/g; s/Ü/U$DIA/g" \
	    -e "s/á/a$ACU/g; s/é/e$ACU/g; s/í/i$ACU/g; s/ó/o$ACU/g; s/ú/u$ACU/g" \
	    -e "s/Á/A$ACU/g; s/É/E$ACU/g; s/Í/I$ACU/g; s/Ó/O$ACU/g; s/Ú/U$ACU/g" \
	    -e "s/à/a$GRA/g; s/è/e$GRA/g; s/ò/o$GRA/g; s/ù/u$GRA/g" \
	    -e "s/â/a$CIR/g; s/ê/e$CIR/g; s/î/i$CIR/g; s/ô/o$CIR/g; s/û/u$CIR/g"
}

# fold MODE: stdin to stdout, line by line, the way the search compares.
# MODE loose: case and accents ignored; case: accents ignored, case kept;
# accent: case ignored, accents kept; strict: both kept.
fold() {
	sed -e "s/[$LSQ$RSQ$RQ9$PRIME]/'/g" \
	    -e "s/[$LDQ$RDQ$LOQ$RQ99]/\"/g" \
	    -e "s/[$NDASH$MDASH$HYPH$NBHYPH]/-/g" \
	    -e "s/[$TAB$NBSP$FIGSP$NNBSP$IDSP]/ /g" \
	    -e "s/[$SHY$ZWSP$BOM$WJ]//g" |
	case $1 in
	loose) iconv -f UTF-8 -t ASCII//TRANSLIT -c | tr 'A-Z' 'a-z' ;;
	case) iconv -f UTF-8 -t ASCII//TRANSLIT -c ;;
	accent) sed "y/$UPPER_ACC/$LOWER_ACC/" | tr 'A-Z' 'a-z' | decomp ;;
	strict) decomp ;;
	esac | tr -s ' '
}

# norm FILE: the file with its lines ended by LF only (a line ends at LF,
# CRLF or a lone CR) and NUL bytes as \001 (awk cannot hold them)
norm() {
	LC_ALL=C tr '\000' '\001' < "$1" | LC_ALL=C sed 's/\r$//' |
	    LC_ALL=C tr '\r' '\n'
}

# excerpts NORMFILE BYTES: for each "LINE COLUMN" on stdin, BYTES bytes of
# the text from that place on: COLUMN characters into line LINE (a
# character: a well-formed UTF-8 sequence, else one byte), then on into
# the next lines, joined by a space.  Lines on stdin come in the file's
# order, as --search prints them, so a long line is walked once.
excerpts() {
	LC_ALL=C awk -v want="$2" '
	function clen(s, b, n,    c, need, lo, hi, i, d) {
		c = ord[substr(s, b, 1)]
		if (c < 128) return 1
		if (c >= 194 && c <= 223) need = 1
		else if (c >= 224 && c <= 239) need = 2
		else if (c >= 240 && c <= 244) need = 3
		else return 1
		lo = 128; hi = 191
		if (c == 224) lo = 160
		else if (c == 237) hi = 159
		else if (c == 240) lo = 144
		else if (c == 244) hi = 143
		for (i = 1; i <= need; i++) {
			if (b + i > n) return 1
			d = ord[substr(s, b + i, 1)]
			if (d < lo || d > hi) return 1
			lo = 128; hi = 191
		}
		return need + 1
	}
	BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
	NR == FNR { L[FNR] = $0; nl = FNR; next }
	{
		ln = $1 + 0; col = $2 + 0
		if (ln != cl || col < cc) {
			cl = ln; cc = 1; cb = 1; s = L[ln]; slen = length(s)
		}
		while (cc < col && cb <= slen) { cb += clen(s, cb, slen); cc++ }
		if (ln < 1 || ln > nl || col < 1 || cc < col || cb > slen) {
			print "(no such place: line " ln " column " col ")"
			next
		}
		out = substr(s, cb, want)
		for (k = 1; length(out) < want && ln + k <= nl && k <= 4; k++)
			out = out " " substr(L[ln + k], 1, want)
		print out
	}' "$1" -
}

# verify MODE QUERY PATH...: run --search QUERY over PATH..., and check
# that the text at each LINE:COLUMN it reports matches QUERY (folded by
# MODE), that the number of lines agrees with --count, and that the
# CONTEXT is safe.  Sets $nmatch.
verify() {
	mode=$1 query=$2
	shift 2
	"$DOSSIER" --search "$query" "$@" > "$SCRATCH/v.out" 2> "$SCRATCH/v.err"
	rc=$?
	nmatch=$(wc -l < "$SCRATCH/v.out")
	fq=$(printf '%s\n' "$query" | fold "$mode")
	want=$(( $(printf '%s' "$query" | wc -c) * 4 + 16 ))
	bad=0 nfiles=0
	: > "$SCRATCH/v.bad"
	"$DOSSIER" --list "$@" | cut -f4 > "$SCRATCH/v.paths"
	while IFS= read -r p; do
		# this file's matches: "LINE COLUMN", in order
		LC_ALL=C awk -v p="$p:" 'index($0, p) == 1 {
			rest = substr($0, length(p) + 1)
			split(rest, f, ":"); print f[1], f[2] }' \
		    "$SCRATCH/v.out" > "$SCRATCH/v.places"
		[ -s "$SCRATCH/v.places" ] || continue
		nfiles=$((nfiles + 1))
		norm "$p" > "$SCRATCH/v.norm"
		excerpts "$SCRATCH/v.norm" "$want" < "$SCRATCH/v.places" |
		    fold "$mode" > "$SCRATCH/v.ex"
		paste -d '\t' "$SCRATCH/v.places" "$SCRATCH/v.ex" |
		    awk -F '\t' -v q="$fq" -v p="$p" '
		    index($2, q) != 1 { print p ":" $1 ": \"" substr($2, 1, 60) "\"" }' \
		    >> "$SCRATCH/v.bad"
	done < "$SCRATCH/v.paths"
	# every line belongs to a file of the dossier
	counted=$(LC_ALL=C awk 'NR == FNR { p[$0 ":"] = 1; next }
	    { for (k in p) if (index($0, k) == 1) { n++; break } }
	    END { print n + 0 }' "$SCRATCH/v.paths" "$SCRATCH/v.out")
	"$DOSSIER" --search "$query" --count "$@" > "$SCRATCH/v.count"
	crc=$?
	csum=$(awk -F: '{ s += $NF } END { print s + 0 }' "$SCRATCH/v.count")
	nbad=$(wc -l < "$SCRATCH/v.bad")
	if [ "$nbad" -eq 0 ] && [ "$counted" -eq "$nmatch" ]; then
		ok 0 "--search '$query' ($mode): each of $nmatch LINE:COLUMN points at a match"
	else
		ok 1 "--search '$query' ($mode): each of $nmatch LINE:COLUMN points at a match ($nbad do not, $counted of $nmatch lines name a file)"
		head -n 5 "$SCRATCH/v.bad" | while IFS= read -r l; do diag "  $l"; done
		diag "  folded query: \"$fq\""
	fi
	check "--search '$query': --count sums to the number of --search lines ($csum)" \
	    test "$csum" -eq "$nmatch"
	check "--search '$query': exit $([ "$nmatch" -gt 0 ] && echo 0 || echo 1) for $nmatch matches, --count the same, nothing on stderr" \
	    test "$rc" -eq "$([ "$nmatch" -gt 0 ] && echo 0 || echo 1)" -a "$crc" -eq "$rc" -a ! -s "$SCRATCH/v.err"
}

# --- the bundled dossier -------------------------------------------------------
verify loose oekraine "$A"
n_oekraine=$nmatch
check "oekraine: found in the bundled dossier ($nmatch)" test "$nmatch" -gt 50
"$DOSSIER" --search oekraine --count "$A" > "$SCRATCH/count"
check "oekraine: --count lists all five articles" test "$(wc -l < "$SCRATCH/count")" -eq 5
check "--count: PATH:COUNT, the paths of --list" \
    sh -c '"$1" --list "$2" | cut -f4 | sed "s/\$/:/" > "$3.p"; cut -d: -f1 "$3" | sed "s/\$/:/" | cmp -s - "$3.p" && ! grep -qv ":[1-9][0-9]*\$" "$3"' \
    _ "$DOSSIER" "$A" "$SCRATCH/count"

# the article's text as searched (the title, the body; not Date: and the
# other header keys), for counting here
searched_text() {
	awk 'NR == 1 && /^Title: / { sub(/^Title: /, ""); hdr = 1; print; next }
	    hdr && /^[A-Za-z]+: / { next }
	    { hdr = 0; print }' "$1"
}
count_here() {	# count_here MODE WORD FILE: occurrences, folded by MODE
	searched_text "$3" | norm /dev/stdin | fold "$1" |
	    grep -o -- "$(printf '%s\n' "$2" | fold "$1")" | wc -l
}
bad=
for f in "$A"/*.txt; do
	here=$(count_here loose oekraine "$f")
	got=$(grep -F "$f:" "$SCRATCH/count" | awk -F: '{ print $NF }')
	[ "$here" -eq "${got:-0}" ] || bad="$bad $(basename "$f"):$got/$here"
done
check "oekraine: each article's --count as counted here with iconv${bad:+:$bad}" test -z "$bad"

verify loose veiligheid "$A"
verify loose rusland "$A"
n_rusland=$nmatch
verify case Rusland "$A"
verify loose 'nu ligt de bal' "$A"
n_bal=$nmatch
check "'nu ligt de bal' is found (the headline and the text)" test "$n_bal" -ge 2
verify loose 'nu ligt de bal bij rusland' "$A"
verify case "${LOQ}nu ligt de bal bij Rusland${RDQ}" "$A"
check "„nu ligt de bal bij Rusland”: the quoted words found" test "$nmatch" -ge 1
verify loose '"nu ligt de bal bij rusland"' "$A"
check "\"nu ligt de bal bij rusland\" with plain quotes finds „…” too ($nmatch)" test "$nmatch" -ge 1
verify loose staakt-het-vuren "$A"
verify loose "oekraine's" "$A"
verify accent oekraïne "$A"
check "oekraïne: as many as oekraine in the bundled dossier (all accented)" test "$nmatch" -eq "$n_oekraine"
verify strict Oekraïne "$A"
verify loose 'de   oorlog' "$A"
verify loose 'de' "$A"
check "de: a short query, many matches ($nmatch)" test "$nmatch" -gt 100

for w in oekraine veiligheid rusland zelensky vrede; do
	bad=
	for f in "$A"/*.txt; do
		here=$(count_here loose "$w" "$f")
		got=$("$DOSSIER" --search "$w" --count "$f" | awk -F: '{ print $NF }')
		[ "$here" -eq "${got:-0}" ] || bad="$bad $(basename "$f"):${got:-0}/$here"
	done
	check "$w: --count of each article as counted here${bad:+:$bad}" test -z "$bad"
done

# --- exit statuses ---------------------------------------------------------------
"$DOSSIER" --search zzqqxx "$A" > "$SCRATCH/out" 2> "$SCRATCH/err"; rc=$?
check "no match: exit 1" test $rc -eq 1
check "no match: nothing printed" test ! -s "$SCRATCH/out" -a ! -s "$SCRATCH/err"
"$DOSSIER" --search zzqqxx --count "$A" > "$SCRATCH/out"; rc=$?
check "no match with --count: exit 1, nothing printed" test $rc -eq 1 -a ! -s "$SCRATCH/out"
for q in '' ' ' "$TAB" "$NBSP" "$SHY"; do
	"$DOSSIER" --search "$q" "$A" > "$SCRATCH/out" 2> "$SCRATCH/err"; rc=$?
	name=$(printf '%s' "$q" | od -An -c | tr -s ' ')
	check "an empty query ('$name'): exit 2" test $rc -eq 2
	check "an empty query ('$name'): a message 'dossier: --search: ...', no output" \
	    sh -c 'grep -q "^dossier: --search: " "$1" && test ! -s "$2"' _ "$SCRATCH/err" "$SCRATCH/out"
done
"$DOSSIER" --search '' --count "$A" > "$SCRATCH/out" 2>/dev/null; rc=$?
check "an empty query with --count: exit 2" test $rc -eq 2
"$DOSSIER" -s oekraine -c "$A" > "$SCRATCH/out"; rc=$?
check "-s and -c: the short options" test $rc -eq 0 -a "$(wc -l < "$SCRATCH/out")" -eq 5
check "--search=Q: the long option with =" \
    test "$("$DOSSIER" --search=oekraine "$A" | wc -l)" -eq "$n_oekraine"
check "--search on one article file" \
    test "$("$DOSSIER" --search oekraine "$A"/2025-03-11-*.txt | wc -l)" -eq \
    "$(grep 2025-03-11 "$SCRATCH/count" | awk -F: '{ print $NF }')"
(cd "$SCRATCH" && "$DOSSIER" --search oekraine --count) > "$SCRATCH/out" 2>&1
check "--search without PATH: the bundled dossier" test "$(wc -l < "$SCRATCH/out")" -eq 5

# --- smart case, accents, forms -----------------------------------------------------
S="$SCRATCH/rules"
mkdir -p "$S"
printf 'Title: Regels\n\nRusland en rusland en RUSLAND, en Ruslands buren.\n\nOekra\303\257ne, Oekraine, OEKRA\303\217NE, Oekrai\314\210ne en oekraine.\n\nDe Stra\303\237e, de STRASSE en de strasse.\n\nZij zei: \342\200\236nu ligt de bal bij Rusland\342\200\235 en \342\200\234nu ligt de bal bij Rusland\342\200\235.\n\nOver de\ngrens,\nnu ligt\nde bal\r\nbij Rusland, zegt men.\n' > "$S/regels.txt"
printf 'Title: Anders\r\n\r\nEen Oekra\303\257ense \342\200\230grens\342\200\231 en de staakt\342\200\221het\342\200\221vuren\302\240ook.\r\rLone CR.\r' > "$S/anders.txt"
cnt() { "$DOSSIER" --search "$1" --count "$S" | awk -F: '{ s += $NF } END { print s + 0 }'; }
check "smart case: rusland finds every form (7)" test "$(cnt rusland)" -eq 7
check "smart case: Rusland only the capitalised ones (5)" test "$(cnt Rusland)" -eq 5
check "smart case: RUSLAND only the upper-case one" test "$(cnt RUSLAND)" -eq 1
check "accents: oekraine finds accented, decomposed and plain forms (5)" test "$(cnt oekraine)" -eq 5
check "accents: oekraïne only the accented forms, decomposed too (3)" test "$(cnt oekraïne)" -eq 3
check "accents: decomposed oekrai\\u0308ne the same 3" test "$(cnt "$(printf 'oekrai\314\210ne')")" -eq 3
check "accents and case: Oekraïne the capitalised accented forms (2)" test "$(cnt Oekraïne)" -eq 2
check "accents: oekraïens in the other article" test "$(cnt oekraïens)" -eq 1
check "full case folding: straße finds Straße, STRASSE, strasse" test "$(cnt straße)" -eq 3
check "full case folding: strasse the same 3" test "$(cnt strasse)" -eq 3
check "full case folding: STRASSE only STRASSE" test "$(cnt STRASSE)" -eq 1
check "typography: 'nu ligt de bal bij rusland' thrice, once across three lines" \
    test "$(cnt 'nu ligt de bal bij rusland')" -eq 3
check "typography: „nu ligt de bal bij Rusland” finds both kinds of quotes" \
    test "$(cnt "${LOQ}nu ligt de bal bij Rusland${RDQ}")" -eq 2
check "typography: plain \"…\" quotes find them too" \
    test "$(cnt '"nu ligt de bal bij Rusland"')" -eq 2
check "typography: 'grens' with a plain apostrophe finds ‘grens’" test "$(cnt "'grens'")" -eq 1
check "typography: staakt-het-vuren finds no-break hyphens" test "$(cnt staakt-het-vuren)" -eq 1
check "typography: a no-break space is a space" test "$(cnt 'vuren ook')" -eq 1
check "white space: a line break inside a paragraph is a space" test "$(cnt 'over de grens')" -eq 1
check "white space: runs of spaces in the query are one" test "$(cnt 'de    grens')" -eq 1
check "no match across paragraphs" test "$(cnt 'buren oekraine')" -eq 0
check "plain text, not a pattern: 'r.sland' finds nothing" test "$(cnt 'r.sland')" -eq 0
for q in rusland Rusland RUSLAND oekraine oekraïne Oekraïne straße STRASSE 'nu ligt de bal bij rusland' 'over de grens' grens lone "$(printf 'oekrai\314\210ne')"; do
	case $q in
	*ï*|*$(printf '\314\210')*) case $q in [A-Z]*) m=strict ;; *) m=accent ;; esac ;;
	*[A-Z]*) m=case ;;
	*) m=loose ;;
	esac
	verify $m "$q" "$S"
done

# --- CONTEXT -----------------------------------------------------------------------
"$DOSSIER" --search oekraine "$A" > "$SCRATCH/out"
if unsafe "$SCRATCH/out"; then ok 1 "bundled: --search output is safe UTF-8"; else ok 0 "bundled: --search output is safe UTF-8"; fi
check "bundled: LINE and COLUMN are numbers from 1" \
    sh -c '! LC_ALL=C grep -v "^[^:]*:[1-9][0-9]*:[1-9][0-9]*:" "$1"' _ "$SCRATCH/out"
check "bundled: CONTEXT holds the match" \
    sh -c 'cut -d: -f4- "$1" | LC_ALL=C.UTF-8 iconv -f UTF-8 -t ASCII//TRANSLIT | tr A-Z a-z | grep -vq oekraine && exit 1; exit 0' _ "$SCRATCH/out"
check "bundled: CONTEXT is short (at most 100 characters)" \
    test "$(cut -d: -f4- "$SCRATCH/out" | wc -L)" -le 100
REPL=$(printf '\357\277\275')
"$DOSSIER" --search de "$A" > "$SCRATCH/out"
check "bundled: CONTEXT of valid UTF-8 text holds no U+FFFD (no character cut in two)" \
    sh -c '! grep -q "$1" "$2"' _ "$REPL" "$SCRATCH/out"
# each CONTEXT, without the … at its ends, is a piece of its line
LC_ALL=C awk -v ell="$(printf '\342\200\246')" '
{
	split($0, f, ":"); path = f[1]; ln = f[2]
	ctx = substr($0, length(path) + length(ln) + length(f[3]) + 4)
	if (substr(ctx, 1, 3) == ell) ctx = substr(ctx, 4)
	if (substr(ctx, length(ctx) - 2) == ell) ctx = substr(ctx, 1, length(ctx) - 3)
	if (path != cur) { n = 0; while ((getline l < path) > 0) L[++n] = l; close(path); cur = path }
	if (index(L[ln], ctx) == 0) { print; bad++ }
}' "$SCRATCH/out" > "$SCRATCH/bad"
check "bundled: each CONTEXT is a piece of its line ($(wc -l < "$SCRATCH/out") lines)" test ! -s "$SCRATCH/bad"
head -n 3 "$SCRATCH/bad" | while IFS= read -r l; do diag "  $l"; done
printf 'Title: T\n\nZij zei: \342\200\23012345678901234567890123456789de\n' > "$SCRATCH/cut.txt"
"$DOSSIER" --search de "$SCRATCH/cut.txt" > "$SCRATCH/out"
check "CONTEXT starting 30 characters back, just after a ’, does not cut it in two" \
    sh -c '! grep -q "$1" "$2"' _ "$REPL" "$SCRATCH/out"

# --- the hostile dossier ---------------------------------------------------------
verify loose oekraine "$H"
check "hostile: every one of the 120000 on the megabyte line reported" test "$nmatch" -eq 120000
verify loose veiligheid "$H"
check "hostile: veiligheid on the long line and through a soft hyphen (120001)" test "$nmatch" -eq 120001
for q in screen pwned desrever isolate overstrike surrogate overlong inside lines Indented tabs combining family 東京 السلام שלום 'lone cr lines' garanties 'order mark' 'second line'; do
	case $q in
	*[A-Z]*) m=case ;;
	[a-z]*) m=loose ;;
	*) m=strict ;;	# other scripts: iconv cannot transliterate them
	esac
	verify $m "$q" "$H"
	check "hostile: '$q' found" test "$nmatch" -ge 1
done
: > "$SCRATCH/all"
for q in oekraine clear screen bidi isolate BEL surrogate NUL inside lines tabs family 東京 CR title; do
	"$DOSSIER" --search "$q" "$H" >> "$SCRATCH/all" 2>/dev/null
done
if unsafe "$SCRATCH/all"; then
	ok 1 "hostile: --search output is safe UTF-8, no control characters"
	LC_ALL=C grep -n "$(printf '[\001-\010\013-\037\177]')" "$SCRATCH/all" | head -3 | cat -v | while IFS= read -r l; do diag "  $l"; done
else
	ok 0 "hostile: --search output is safe UTF-8, no control characters"
fi
check "hostile: CONTEXT holds no control character at all, not even a tab" \
    sh -c '! cut -d: -f4- "$1" | grep -q "	"' _ "$SCRATCH/all"
"$DOSSIER" --search 東京 "$H" > "$SCRATCH/out"
check "hostile: CONTEXT of valid UTF-8 text holds no U+FFFD (no character cut in two)" \
    sh -c '! grep -q "$1" "$2"' _ "$REPL" "$SCRATCH/out"
"$DOSSIER" --search combining "$H" > "$SCRATCH/out"
check "hostile: ... nor an emoji cut in two" sh -c '! grep -q "$1" "$2"' _ "$REPL" "$SCRATCH/out"
timeout 20 "$DOSSIER" --search oekraine --count "$H" > "$SCRATCH/out"; rc=$?
check "hostile: --count exits 0 and counts the long line (10-long-line.txt:120000)" \
    sh -c 'test "$1" -eq 0 && grep -qx ".*/10-long-line.txt:120000" "$2"' _ $rc "$SCRATCH/out"
mkfifo "$H/14-fifo.txt"
timeout 20 "$DOSSIER" --search inside "$H" > "$SCRATCH/out" 2>/dev/null; rc=$?
check "hostile: --search does not hang on a FIFO" test $rc -eq 0 -a "$(wc -l < "$SCRATCH/out")" -eq 1

done_testing
