#!/bin/sh
# test_cache.sh - the cache can never make an answer wrong.
#
# A realistic dossier (topic folders repeating 001.txt..., a Latin-1 file,
# UTF-16 with a BOM, invalid UTF-8, an empty file, lists) is changed in
# every way a user or a crash can change it: an edit of the same size with
# its mtime put back, an edit of another size, a touch, an added, removed,
# renamed, emptied, unreadable file, a file replaced by a link; a cache
# from another version, cut short, with a byte flipped anywhere, left by a
# killed writer; a cache folder that cannot be written, a relative
# XDG_CACHE_HOME.  After each, --list, --search --count and --search
# answer byte for byte as --no-cache does (standard output, exit status,
# and messages), on the run right after the change and on the one after
# that (which is served by whatever the first one wrote).
#
# CACHE_FLIPS (default 64) sets how many byte flips are tried.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

XDG_CACHE_HOME="$SCRATCH/xdg"
DOSSIER_CACHE_SETTLE_MS=50
export XDG_CACHE_HOME DOSSIER_CACHE_SETTLE_MS
unset DOSSIER_CACHE_TRACE
CDIR="$XDG_CACHE_HOME/dossier"
N="$SCRATCH/news"

# --- the dossier ---------------------------------------------------------------
art() {	# art TOPIC I: a plain UTF-8 article
	mkdir -p "$N/$1"
	f="$N/$1/$(printf '%03d' "$2").txt"
	{
		printf 'Title: %s %s: Rusland en Oekraïne\n' "$1" "$2"
		printf 'Date: 2025-0%s-1%s\n\n' "$2" "$2"
		printf 'De rusland-politiek van %s, deel %s. Een café, ' "$1" "$2"
		printf 'een résumé: vrede is nog ver weg.\n\n'
		printf 'Wat er nu gebeurt:\n- Rusland wacht\n- Oekraïne bouwt\n'
		printf '  - scholen\n1. Eerst\n2) Dan het Straße-akkoord.\n\n'
		printf 'RUSLAND zegt nee; rusland zegt ja. Ⅻ ﬁnanciën.\n'
		[ "$2" = 3 ] && printf 'Een brief uit 東京.\n'
	} > "$f"
}
for t in politiek economie sport; do
	for i in 1 2 3 4 5; do art "$t" "$i"; done
done
# Windows-1252: café, crème brûlée, curly quotes
printf 'Titel: Caf\351 in Kiev\n\nEen caf\351 met cr\350me br\373l\351e en ' \
    > "$N/economie/latin1.txt"
printf 'Rusland \223quote\224 \226 vrede.\n' >> "$N/economie/latin1.txt"
# UTF-16LE with its BOM
printf 'Title: Zestien bits\n\nRusland, Oekra\357ne en caf\351.\n' |
    iconv -f ISO-8859-1 -t UTF-16LE > "$SCRATCH/u16"
{ printf '\377\376'; cat "$SCRATCH/u16"; } > "$N/sport/utf16.txt"
# invalid UTF-8 in a mostly UTF-8 file
printf 'Title: Kapot\n\nRusland \303\050 caf\303\251 \355\240\200 vrede ' \
    > "$N/politiek/bad.txt"
printf 'r\303\251sum\303\251 en rusland.\n' >> "$N/politiek/bad.txt"
: > "$N/sport/empty.txt"
cp "$top_srcdir/tests/cli/articles/lists.txt" "$N/economie/lists.txt"
sleep 0.1	# older than DOSSIER_CACHE_SETTLE_MS: the first run keeps them

# --- the commands, and how an answer is checked ----------------------------------
# (frequent, absent, case-sensitive, accented, two terms, and one without
# an ASCII letter: no article can be ruled out by its letters, so every
# one, the empty one too, is folded and its copy kept)
ncmd=7
run() {	# run OUT I [DOSSIER OPTIONS] PATH...: command I, into OUT.out,
	# OUT.err, OUT.rc, and OUT.msg (the messages but the cache's)
	out=$1
	case $2 in
	1) shift 2; set -- --list "$@" ;;
	2) shift 2; set -- --search rusland --count "$@" ;;
	3) shift 2; set -- --search zzyzx --count "$@" ;;
	4) shift 2; set -- --search Rusland --count "$@" ;;
	5) shift 2; set -- --search 'café' "$@" ;;
	6) shift 2; set -- --search 'rusland & oekraïne' "$@" ;;
	7) shift 2; set -- --search '東京' --count "$@" ;;
	esac
	"$DOSSIER" "$@" > "$out.out" 2> "$out.err"
	echo $? > "$out.rc"
	grep -v -e '^dossier: cache ' -e '^dossier: walk ' "$out.err" > "$out.msg"
	writers
}
# (writers(): a search's cache writer, in the background, is done)
# Under ASan the leak check at exit costs more than a run: it is left
# out where it would only repeat itself (--no-cache is the other tests'
# business; a pass without the first run's change).
NOLEAK=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
ref() {	# what --no-cache answers, in ref.I
	for i in $(seq 1 $ncmd); do
		ASAN_OPTIONS=$NOLEAK run "$SCRATCH/ref.$i" "$i" --no-cache "$N"
	done
}
same() {	# same OUT I: does OUT answer as ref.I?
	cmp -s "$1.out" "$SCRATCH/ref.$2.out" &&
	    cmp -s "$1.rc" "$SCRATCH/ref.$2.rc" &&
	    cmp -s "$1.msg" "$SCRATCH/ref.$2.msg"
}
show() {	# show OUT I: how OUT differs from ref.I
	diag "command $2: exit $(cat "$1.rc"), want $(cat "$SCRATCH/ref.$2.rc")"
	diff "$SCRATCH/ref.$2.out" "$1.out" | head -n 8 | sed 's/^/# /'
	diff "$SCRATCH/ref.$2.msg" "$1.msg" | head -n 8 | sed 's/^/# /'
}
# pass DESC FIRST [LEAKS]: every command with the cache, starting with
# command FIRST (the one that meets the change first), against ref; the
# leak check on the first run, or on all with LEAKS.
pass() {
	desc=$1 first=$2 bad=0
	for k in $(seq 0 $((ncmd - 1))); do
		i=$(( (first - 1 + k) % ncmd + 1 ))
		a=${ASAN_OPTIONS:-}
		[ $k = 0 ] || [ -n "${3:-}" ] || a=$NOLEAK
		ASAN_OPTIONS=$a DOSSIER_CACHE_TRACE=1 run "$SCRATCH/got" "$i" "$N"
		cp "$SCRATCH/got.err" "$SCRATCH/trace.$i"
		if ! same "$SCRATCH/got" "$i"; then
			bad=1
			show "$SCRATCH/got" "$i"
		fi
	done
	ok $bad "$desc"
}
# change DESC FIRST: after a change: the run right after it and the next
change() {
	ref
	pass "$1: the runs right after it answer as --no-cache" "$2"
	pass "$1: so do the next runs (served by what those wrote)" "$2" leaks
}

# --- a first run builds the cache, a second one is served from it ---------------
ref
total=$(wc -l < "$SCRATCH/ref.1.out")
check "the dossier has its 20 articles" test "$total" -eq 20
mkdir -p "$SCRATCH/none"
XDG_CACHE_HOME="$SCRATCH/none" run "$SCRATCH/x" 2 --no-cache "$N"
check "--no-cache writes no cache" test ! -e "$SCRATCH/none/dossier"
pass "first runs (the cache being built) answer as --no-cache" 1 leaks
check "... and the cache was written" \
    grep -q "from the cache; written" "$SCRATCH/trace.1"
pass "second runs (from the cache) answer as --no-cache" 1 leaks
served=1
for i in $(seq 1 $ncmd); do
	grep -q "^dossier: cache $N: $total of $total articles from the cache;" \
	    "$SCRATCH/trace.$i" || { served=0; diag "$i: $(cat "$SCRATCH/trace.$i")"; }
done
check "... every article of every command came from the cache" test $served = 1
check "... one cache file, <16 hex>.cache (and its .walk and .lock), nothing else" \
    test "$(ls "$CDIR")" = "$(ls "$CDIR" | grep -E '^[0-9a-f]{16}\.(cache|walk|lock)$')"
CACHE=$(ls "$CDIR"/*.cache)
cp "$CACHE" "$SCRATCH/good.cache"
# the answers of the unchanged dossier, for the cache's own damage below
for i in $(seq 1 $ncmd); do
	for x in out rc msg; do cp "$SCRATCH/ref.$i.$x" "$SCRATCH/base.$i.$x"; done
done

# --- the articles change ------------------------------------------------------------
F=$N/politiek/002.txt
cp -p "$F" "$SCRATCH/mtime"
sed 's/vrede/zzyzx/' "$F" > "$SCRATCH/edit"
cat "$SCRATCH/edit" > "$F"	# in place: same inode, same size
touch -r "$SCRATCH/mtime" "$F"
change "edit of the same size, mtime put back" 3

printf 'Nog een regel over zzyzx en Caf\351.\n' >> "$N/economie/latin1.txt"
change "edit of another size (Latin-1)" 2

touch "$N/sport/utf16.txt" "$N/economie/004.txt"
change "touch only" 1

art sport 6
printf 'Title: Nieuw\n\nOver caf\303\251 en Rusland.\n' > "$N/politiek/000.txt"
change "articles added" 4

rm "$N/sport/002.txt" "$N/politiek/bad.txt"
change "articles removed" 5

mv "$N/economie/003.txt" "$N/economie/013.txt"
mv "$N/economie/005.txt" "$N/economie/001.txt"	# over another
change "articles renamed (one over another)" 6

: > "$N/sport/004.txt"
change "an article emptied" 2

chmod 000 "$N/politiek/004.txt"
[ "$(id -u)" = 0 ] && diag "as root, chmod 000 still reads: only its ctime changes"
change "an article made unreadable (chmod 000)" 1
chmod 644 "$N/politiek/004.txt"
change "... and readable again" 3

rm "$N/economie/002.txt"
ln -s "$N/economie/latin1.txt" "$N/economie/002.txt"
change "an article replaced by a link to another" 4

# swap two articles of one size by renames (the inodes move)
mv "$N/sport/001.txt" "$SCRATCH/swap"
mv "$N/sport/003.txt" "$N/sport/001.txt"
mv "$SCRATCH/swap" "$N/sport/003.txt"
change "two articles swapped" 5

# --- the cache file is damaged --------------------------------------------------------
# From here the dossier stays as it is: its answers are the last ref,
# and the cache the one the last runs were served from.
CACHE=$(ls "$CDIR"/*.cache)
cp "$CACHE" "$SCRATCH/good.cache"
SIZE=$(wc -c < "$SCRATCH/good.cache")
twice() {	# twice DESC FIRST: two commands, twice each (the second
	# run meets what the first wrote)
	bad=0
	for j in 1 2; do
		a=${ASAN_OPTIONS:-}
		for i in $2 $(( $2 % ncmd + 1 )); do
			ASAN_OPTIONS=$a DOSSIER_CACHE_TRACE=1 \
			    run "$SCRATCH/got" "$i" "$N"
			a=$NOLEAK
			same "$SCRATCH/got" "$i" || { bad=1; show "$SCRATCH/got" "$i"; }
		done
	done
	ok $bad "$1"
}
u64() { od -An -tu8 -j "$2" -N8 "$1" | tr -d ' '; }
u32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }
put_u32() {	# put_u32 FILE OFFSET VALUE (little-endian, as written here)
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($3 & 255)) \
	    $(($3 >> 8 & 255)) $(($3 >> 16 & 255)) $(($3 >> 24 & 255)))" |
	    dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
cp "$SCRATCH/good.cache" "$CACHE"
put_u32 "$CACHE" 8 999
twice "a cache of another version: answers as --no-cache" 2
check "... and it is replaced by one of this version" \
    sh -c 'test "$(od -An -tu4 -j8 -N4 "$1" | tr -d " ")" != 999' _ "$CACHE"

for len in 0 7 100 $((SIZE / 2)) $((SIZE - 1)); do
	cp "$SCRATCH/good.cache" "$CACHE"
	truncate -s "$len" "$CACHE"
	twice "a cache cut at $len of $SIZE bytes: answers as --no-cache" \
	    $((len % ncmd + 1))
done

# a header whose records lie far beyond the file's end (its own sums
# are checked only once the records are found in it)
put_u64() {	# put_u64 FILE OFFSET VALUE
	put_u32 "$1" "$2" $(($3 & 4294967295))
	put_u32 "$1" $(($2 + 4)) $(($3 >> 32))
}
for far in 1099511627776 $((SIZE + 8 - SIZE % 8)); do
	cp "$SCRATCH/good.cache" "$CACHE"
	put_u64 "$CACHE" 32 1
	put_u64 "$CACHE" 40 "$far"
	put_u64 "$CACHE" 48 $((far + $(u32 "$CACHE" 24)))
	twice "a cache whose records lie at $far, past its end: answers as --no-cache" 1
done

rm -f "$CACHE"
cp "$SCRATCH/good.cache" "$SCRATCH/linked.cache"
put_u32 "$SCRATCH/linked.cache" 8 999
cp "$SCRATCH/linked.cache" "$SCRATCH/linked.orig"
ln -s "$SCRATCH/linked.cache" "$CACHE"
twice "a cache that is a link: answers as --no-cache" 4
check "... and the link is replaced, not written through" \
    sh -c 'cmp -s "$1" "$2" && test ! -L "$3"' _ \
    "$SCRATCH/linked.cache" "$SCRATCH/linked.orig" "$CACHE"
rm -f "$CACHE"

# Byte flips: one per run, anywhere in the file (the header, the search
# copies, the records, the strings), each undone before the next.
G=$SCRATCH/good.cache
HEAD=$(u32 "$G" 20) ROOT=$(u32 "$G" 28)
RECS=$(u64 "$G" 40) STRS=$(u64 "$G" 48)
check "the cache's layout is as this test reads it" \
    test "$(u64 "$G" 64)" = "$SIZE" -a "$RECS" -gt "$HEAD" -a "$STRS" -gt "$RECS"
flip() {	# flip FILE OFFSET MASK
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $((b ^ $3)))" |
	    dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
awk -v n="${CACHE_FLIPS:-64}" -v h="$((88 + ROOT))" -v hb="$HEAD" \
    -v r="$RECS" -v s="$STRS" -v z="$SIZE" 'BEGIN {
	srand(18)
	for (k = 0; k < n; k++) {
		a = k % 4
		if (a == 0) { lo = 0; hi = h }
		if (a == 1) { lo = hb; hi = r }
		if (a == 2) { lo = r; hi = s }
		if (a == 3) { lo = s; hi = z }
		print lo + int(rand() * (hi - lo)), 1 + int(rand() * 255)
	}
}' > "$SCRATCH/flips"
bad=0 k=0
while read -r off mask; do
	k=$((k + 1))
	cp "$G" "$CACHE"
	flip "$CACHE" "$off" "$mask"
	# the search copies matter to --count, the strings to --list and
	# --search, the rest to all
	i=$(( (k / 4) % 3 ))
	case $i in 0) i=2 ;; 1) i=1 ;; 2) i=5 ;; esac
	# (the leak check on one run in four: it costs more than the run)
	if [ $((k % 4)) = 0 ]; then
		run "$SCRATCH/got" "$i" "$N"
	else
		ASAN_OPTIONS=$NOLEAK run "$SCRATCH/got" "$i" "$N"
	fi
	if ! same "$SCRATCH/got" "$i"; then
		bad=$((bad + 1))
		diag "flip of byte $off by $mask:"
		show "$SCRATCH/got" "$i"
	fi
done < "$SCRATCH/flips"
ok $bad "$k byte flips (header, search copies, records, strings): each run answers as --no-cache"
rm -f "$CACHE"
twice "after them, a cache built anew answers as --no-cache" 1

# --- a writer killed ----------------------------------------------------------------
B=$SCRATCH/big
mkdir -p "$B"
awk -v dir="$B" 'BEGIN {
	for (t = 0; t < 4; t++)
		for (i = 1; i <= 200; i++) {
			f = sprintf("%s/t%d/%03d.txt", dir, t, i)
			if (i == 1) system("mkdir -p " dir "/t" t)
			printf "Title: Stuk %d van map %d\n\n", i, t > f
			for (p = 0; p < 12; p++)
				printf "Alinea %d over %s en de vrede, %d keer.\n",
				    p, (i * p) % 7 ? "Rusland" : "Oekraïne", i > f
			close(f)
		}
}'
sleep 0.1
"$DOSSIER" --no-cache --search rusland --count "$B" > "$SCRATCH/bigref" 2>&1
echo $? >> "$SCRATCH/bigref"
whole() {	# only whole caches (and walk files, locks) in the folder?
	! ls -A "$CDIR" | grep -v -q -E '^[0-9a-f]{16}\.(cache|walk|lock)$'
}
bigrun() {	# the search on the big folder, right? (after its writer)
	"$DOSSIER" --search rusland --count "$B" > "$SCRATCH/bigout" 2>&1
	echo $? >> "$SCRATCH/bigout"
	writers
	cmp -s "$SCRATCH/bigout" "$SCRATCH/bigref"
}
after_kill() {	# after_kill WHAT: once the writers are done, only whole
	# caches, and the next run answers right; then no cache
	writers
	whole || { bad=1; diag "$1, left: $(ls -A "$CDIR" | tr '\n' ' ')"; }
	bigrun || { bad=1; diag "$1: the next run answers otherwise"; }
	rm -f "$CDIR"/*.cache
}
bad=0 hit=0
# the search itself, killed (a run takes some 0.05 s, more under ASan:
# most of these kill it)
for delay in 0 0.005 0.01 0.02 0.04; do
	"$DOSSIER" --search rusland --count "$B" > /dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null && hit=$((hit + 1))
	wait "$pid" 2>/dev/null
	after_kill "killed after $delay s"
done
diag "$hit of 5 searches were killed before they ended"
ok $bad "a search killed at any time leaves only whole caches, and right answers"
# its writer, killed (the pid from the trace)
bad=0 hit=0
# (the first one held before it starts, lock taken and file open: a
# plain build writes 800 short articles faster than a shell looks)
for delay in held 0 0.02 0.05 0.1 0.2 0.4; do
	wait_file=
	if [ "$delay" = held ]; then
		wait_file=$SCRATCH/killhold
		: > "$wait_file"
		delay=0.1
	fi
	# (what a writer killed in its leak check says is of no account)
	DOSSIER_TEST_WRITER_LOG=/dev/null DOSSIER_CACHE_TRACE=1 \
	    DOSSIER_TEST_WRITER_WAIT=$wait_file \
	    "$DOSSIER" --search rusland --count "$B" \
	    > /dev/null 2> "$SCRATCH/bigtrace"
	wpid=$(sed -n 's/.*left to a background writer, pid \([0-9]*\)$/\1/p' \
	    "$SCRATCH/bigtrace")
	[ -n "$wpid" ] || { bad=1; diag "no writer: $(cat "$SCRATCH/bigtrace")"; }
	sleep "$delay"
	# (still the writer: not a pid used again)
	[ -n "$wpid" ] && grep -q dossier "/proc/$wpid/cmdline" 2>/dev/null &&
	    kill -9 "$wpid" 2>/dev/null && hit=$((hit + 1))
	[ -n "$wait_file" ] && rm -f "$wait_file"
	after_kill "writer killed after $delay s"
done
diag "$hit of 7 writers were killed before they ended"
ok $bad "a writer killed at any time leaves only whole caches, and right answers"
check "... (some were killed)" test "$hit" -gt 0
"$DOSSIER" --search rusland --count "$B" > /dev/null 2>&1
writers
DOSSIER_CACHE_TRACE=1 "$DOSSIER" --search rusland --count "$B" \
    > "$SCRATCH/bigout" 2> "$SCRATCH/bigtrace"
echo $? >> "$SCRATCH/bigout"
check "... and the big folder answers right from its cache" \
    cmp -s "$SCRATCH/bigout" "$SCRATCH/bigref"
check "... every article of it from the cache, nothing to write" \
    grep -q ": 800 of 800 articles from the cache; not written" "$SCRATCH/bigtrace"

# --- the writer works after the answer, alone -------------------------------------
rm -f "$CDIR"/*.cache
# (a writer that waits while the file $hold is there; at most 30 s)
hold=$SCRATCH/hold
: > "$hold"
(sleep 30; rm -f "$hold") &
remover=$!
# its output is a pipe, on descriptor 5 too: the writer must keep neither
out=$(DOSSIER_TEST_WRITER_WAIT=$hold DOSSIER_CACHE_TRACE=1 \
    "$DOSSIER" --search rusland --count "$B" 2> "$SCRATCH/bigtrace" 5>&1
    echo $?)
busy=0
for f in "$CDIR"/*.lock; do flock -n "$f" true || busy=1; done
check "a search answers before its cache is written: its writer holds the lock" \
    test "$busy" = 1
check "... its output is whole, and the writer holds no descriptor of it" \
    test "$out" = "$(cat "$SCRATCH/bigref")"
check "... and the trace names it" \
    grep -q "; left to a background writer, pid [0-9]*$" "$SCRATCH/bigtrace"
DOSSIER_CACHE_TRACE=1 "$DOSSIER" --search rusland --count "$B" \
    > "$SCRATCH/bigout" 2> "$SCRATCH/bigtrace"
echo $? >> "$SCRATCH/bigout"
check "a search while it works answers right" \
    cmp -s "$SCRATCH/bigout" "$SCRATCH/bigref"
check "... and starts no second writer" \
    grep -q ": 0 of 800 articles from the cache; not written$" "$SCRATCH/bigtrace"
rm -f "$hold"
kill "$remover" 2>/dev/null
wait "$remover" 2>/dev/null
writers
DOSSIER_CACHE_TRACE=1 "$DOSSIER" --search zzyzx --count "$B" \
    > /dev/null 2> "$SCRATCH/bigtrace"
check "the writer's cache serves the next search whole" \
    grep -q ": 800 of 800 articles from the cache; not written$" "$SCRATCH/bigtrace"

# an article removed: nothing is missing, yet the cache must be written
# anew (without its record); that too is the writer's
rm "$B/t2/007.txt"
"$DOSSIER" --no-cache --search rusland --count "$B" > "$SCRATCH/bigref" 2>&1
echo $? >> "$SCRATCH/bigref"
DOSSIER_CACHE_TRACE=1 "$DOSSIER" --search rusland --count "$B" \
    > "$SCRATCH/bigout" 2> "$SCRATCH/bigtrace"
echo $? >> "$SCRATCH/bigout"
check "an article removed: the answer is right" \
    cmp -s "$SCRATCH/bigout" "$SCRATCH/bigref"
check "... and the cache without it is left to the writer" \
    grep -q ": 799 of 799 articles from the cache; left to a background writer" \
    "$SCRATCH/bigtrace"
writers
DOSSIER_CACHE_TRACE=1 "$DOSSIER" --search rusland --count "$B" \
    > "$SCRATCH/bigout" 2> "$SCRATCH/bigtrace"
echo $? >> "$SCRATCH/bigout"
check "... which wrote it: nothing left to write, the answer right" \
    sh -c 'grep -q ": 799 of 799 articles from the cache; not written$" "$1" &&
    cmp -s "$2" "$3"' _ "$SCRATCH/bigtrace" "$SCRATCH/bigout" "$SCRATCH/bigref"

# a lock file that cannot be had (a link in its place): written without
lock=$(ls "$CDIR"/*.lock | head -1)
for f in "$CDIR"/*.lock; do ln -sf /dev/null "$f"; done
rm -f "$CDIR"/*.cache
DOSSIER_CACHE_TRACE=1 "$DOSSIER" --search rusland --count "$B" \
    > "$SCRATCH/bigout" 2> "$SCRATCH/bigtrace"
echo $? >> "$SCRATCH/bigout"
check "a lock that is a link: the answer is right" \
    cmp -s "$SCRATCH/bigout" "$SCRATCH/bigref"
check "... the writer goes ahead without it" \
    grep -q "left to a background writer" "$SCRATCH/bigtrace"
until_ok 60 sh -c 'ls "$1"/*.cache' _ "$CDIR"
sleep 0.5	# (the rename is the writer's last step)
check "... and writes the cache" \
    sh -c 'DOSSIER_CACHE_TRACE=1 "$1" --search rusland --count "$2" 2>&1 >/dev/null |
    grep -q ": 799 of 799 articles from the cache"' _ "$DOSSIER" "$B"
check "... through no link" test -L "$lock"
rm -f "$CDIR"/*.lock

# --list after an article changed: writing the cache anew would copy its
# search copies, so that too is the writer's, after the answer
touch "$B/t1/001.txt"
sleep 0.1	# (older than DOSSIER_CACHE_SETTLE_MS)
"$DOSSIER" --no-cache --list "$B" > "$SCRATCH/listref" 2>&1
DOSSIER_CACHE_TRACE=1 "$DOSSIER" --list "$B" > "$SCRATCH/listout" \
    2> "$SCRATCH/bigtrace"
check "--list after a touch: the answer is right" \
    cmp -s "$SCRATCH/listout" "$SCRATCH/listref"
check "... and the cache, which holds search copies, is left to the writer" \
    grep -q ": 798 of 799 articles from the cache; left to a background writer" \
    "$SCRATCH/bigtrace"
writers
DOSSIER_CACHE_TRACE=1 "$DOSSIER" --list "$B" > "$SCRATCH/listout" \
    2> "$SCRATCH/bigtrace"
check "... which wrote it: all from the cache, the answer right" \
    sh -c 'grep -q ": 799 of 799 articles from the cache; not written$" "$1" &&
    cmp -s "$2" "$3"' _ "$SCRATCH/bigtrace" "$SCRATCH/listout" "$SCRATCH/listref"
rm -rf "$B" "$CDIR"/*.cache

# an article that cannot be kept (changed too lately to be trusted, or
# unreadable) is read each time, and starts no writer of its own
V="$SCRATCH/vain"
mkdir -p "$V/a"
for i in 1 2 3; do
	printf 'Title: V%d\n\nrusland %d\n' $i $i > "$V/a/00$i.txt"
done
touch -d '+1 hour' "$V/a/002.txt"	# (never older than the settle time)
ln -s "$SCRATCH/nowhere" "$V/a/004.txt"
sleep 0.1	# (the others are)
"$DOSSIER" --no-cache --search rusland --count "$V" > "$SCRATCH/vref" 2>&1
echo $? >> "$SCRATCH/vref"
"$DOSSIER" --search rusland --count "$V" > /dev/null 2>&1
writers
for run in 1 2; do
	DOSSIER_CACHE_TRACE=1 "$DOSSIER" --search rusland --count "$V" \
	    > "$SCRATCH/vout" 2>&1
	echo $? >> "$SCRATCH/vout"
	check "an article too new, a dangling link: run $run answers right" \
	    sh -c 'grep -v "^dossier: \(cache\|walk\) " "$1" | cmp -s - "$2"' _ \
	    "$SCRATCH/vout" "$SCRATCH/vref"
	check "... the others from the cache, and no writer for those two" \
	    grep -q ": 2 of 3 articles from the cache; not written$" \
	    "$SCRATCH/vout"
done
for run in 1 2; do
	DOSSIER_CACHE_TRACE=1 "$DOSSIER" --list "$V" > /dev/null \
	    2> "$SCRATCH/vtrace"
	check "... --list, run $run: no writer either" \
	    grep -q ": 2 of 3 articles from the cache; not written$" \
	    "$SCRATCH/vtrace"
done
touch -d '-1 hour' "$V/a/002.txt"
sleep 0.1	# (its ctime too)
DOSSIER_CACHE_TRACE=1 "$DOSSIER" --search rusland --count "$V" \
    > /dev/null 2> "$SCRATCH/vtrace"
check "... once it is old enough, it is kept" \
    grep -q ": 2 of 3 articles from the cache; left to a background writer" \
    "$SCRATCH/vtrace"
writers
DOSSIER_CACHE_TRACE=1 "$DOSSIER" --search rusland --count "$V" \
    > /dev/null 2> "$SCRATCH/vtrace"
check "... and served" grep -q ": 3 of 3 articles from the cache; not written$" \
    "$SCRATCH/vtrace"
rm -rf "$V"

# killed between naming its file and renaming it: FILE.PID.tmp stays,
# until a writer sees that PID is gone
sh -c 'exit 0' &
dead=$!
wait "$dead"
"$DOSSIER" --search rusland --count "$N" > /dev/null 2>&1
writers
c=$(ls "$CDIR"/*.cache 2>/dev/null | head -1)
: > "$c.$dead.tmp"
: > "$c.1.tmp"
rm -f "$c"
"$DOSSIER" --search rusland --count "$N" > /dev/null 2>&1
writers
check "a writer's leftover of a process that is gone is removed" \
    test ! -e "$c.$dead.tmp"
check "... one of a process that lives is left alone" test -e "$c.1.tmp"
rm -f "$c.1.tmp"

# --- the cache of a folder that is gone ---------------------------------------------
G=$SCRATCH/gone
mkdir -p "$G"
printf 'Title: Weg\n\nRusland.\n' > "$G/1.txt"
sleep 0.1
"$DOSSIER" --search rusland --count "$G" > /dev/null 2>&1
writers
gone=$(ls -t "$CDIR"/*.cache | head -1)
check "a second folder has its own cache" \
    sh -c 'test -e "$1" && test "$(ls "$2"/*.cache | wc -l)" = 2' _ "$gone" "$CDIR"
rm -rf "$G"
touch "$N/politiek/001.txt"
sleep 0.1
run "$SCRATCH/got" 2 "$N"
check "the next writer removes the cache and walk file of a folder that is gone" \
    test ! -e "$gone" -a ! -e "${gone%.cache}.walk" -a ! -e "${gone%.cache}.lock"
check "... and keeps the rest, which answers right" \
    sh -c 'test "$(ls "$1"/*.cache | wc -l)" = 1' _ "$CDIR"
if same "$SCRATCH/got" 2; then
	ok 0 "... the answer as --no-cache"
else
	show "$SCRATCH/got" 2
	ok 1 "... the answer as --no-cache"
fi

# --- where the cache cannot be written ---------------------------------------------
nocache() {	# nocache DESC: answers as --no-cache, says nothing more
	bad=0
	for i in 1 6 2 1; do
		run "$SCRATCH/got" "$i" "$N"
		same "$SCRATCH/got" "$i" &&
		    cmp -s "$SCRATCH/got.err" "$SCRATCH/ref.$i.err" ||
		    { bad=1; show "$SCRATCH/got" "$i"; }
	done
	ok $bad "$1"
}
chmod 555 "$CDIR"
[ "$(id -u)" = 0 ] && diag "as root, a folder of mode 555 is still written"
nocache "a cache folder of mode 555: answers as --no-cache, quietly"
chmod 755 "$CDIR"
: > "$SCRATCH/file"
XDG_CACHE_HOME="$SCRATCH/file" nocache "XDG_CACHE_HOME a regular file: answers as --no-cache, quietly"
XDG_CACHE_HOME=/proc/self/cache nocache "XDG_CACHE_HOME under /proc: answers as --no-cache, quietly"
XDG_CACHE_HOME="$SCRATCH/file/sub" nocache "XDG_CACHE_HOME below a file: answers as --no-cache, quietly"

# a relative XDG_CACHE_HOME is ignored: ~/.cache instead
mkdir -p "$SCRATCH/cwd"
cd "$SCRATCH/cwd" || exit 1
XDG_CACHE_HOME=rel/cache nocache "XDG_CACHE_HOME relative: answers as --no-cache"
cd "$SCRATCH" || exit 1
check "... and it is ignored (nothing made below the current folder)" \
    test -z "$(ls -A "$SCRATCH/cwd")"
check "... the cache is in \$HOME/.cache/dossier instead" \
    sh -c 'ls "$1"/.cache/dossier/*.cache > /dev/null' _ "$HOME"

done_testing
