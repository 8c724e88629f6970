#!/usr/bin/env bash
# tests/fuzz/run.sh - build the libFuzzer harnesses and run each for a while.
#
#   tests/fuzz/run.sh [--merge] [--only NAME] [SECONDS] [-- LIBFUZZER-FLAGS...]
#
# Builds fuzz_layout, fuzz_fold, fuzz_bookmarks, fuzz_settings and fuzz_cache
# with clang (libFuzzer, ASan, UBSan) from tests/fuzz/*.c and the src/ files they need, into
# $FUZZ_BUILD_DIR (default: $TMPDIR/dossier-fuzz), then runs each one for
# SECONDS (default 60) on a writable corpus kept there, seeded with
# tests/fuzz/corpus/NAME.  Exits 1 if a harness found a crash, printing
# the file that reproduces it; 2 on a build or usage error.
#
# Nothing is written into the source tree, except with --merge: then the
# inputs found that add coverage are merged into tests/fuzz/corpus/NAME
# (SECONDS may be 0 to only merge what earlier runs found).
#
# Needs (Debian): clang libclang-rt-14-dev libunistring-dev.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
all="layout fold bookmarks settings cache"
only=
merge=0
seconds=60
extra=()

while [ $# -gt 0 ]; do
	case $1 in
	--merge) merge=1 ;;
	--only) shift; only=${1:-} ;;
	--only=*) only=${1#--only=} ;;
	-h|--help) sed -n '2,17s/^# \{0,1\}//p' "$0"; exit 0 ;;
	--) shift; extra=("$@"); break ;;
	*[!0-9]*|'') echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
	*) seconds=$1 ;;
	esac
	shift
done
if [ -n "$only" ]; then
	case " $all " in
	*" $only "*) all=$only ;;
	*) echo "run.sh: no harness '$only' (one of: $all)" >&2; exit 2 ;;
	esac
fi

CC=${FUZZ_CC:-clang}
build=${FUZZ_BUILD_DIR:-${TMPDIR:-/tmp}/dossier-fuzz}
mkdir -p "$build" || exit 2
build=$(cd "$build" && pwd)

# The sources a harness links, besides its own.
srcs_layout="util text marker debris doc layout fold_cp fold"
srcs_fold="util text marker debris doc fold_cp fold"
srcs_bookmarks="util dotfile bookmarks"
srcs_settings="util text keymap action settings"
# (fuzz_cache.c includes src/cache.c itself)
srcs_cache="util text marker debris doc fold_cp fold query"

# What configure would put in config.h, as far as these sources care.
cat >"$build/config.h.new" <<'EOF'
/* config.h for the fuzz harnesses, written by tests/fuzz/run.sh */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#define PACKAGE "dossier"
#define PACKAGE_NAME "dossier"
#define PACKAGE_VERSION "fuzz"
#define DOSSIER_PKGDATADIR "/nonexistent"
#define DOSSIER_SRCDIR "/nonexistent"
#define DOSSIER_BUILDDIR "/nonexistent"
EOF
cmp -s "$build/config.h.new" "$build/config.h" ||
	mv "$build/config.h.new" "$build/config.h"
rm -f "$build/config.h.new"

CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined ${FUZZ_CFLAGS:-}"
for name in $all; do
	var=srcs_$name
	files=("$here/fuzz_$name.c")
	for s in ${!var}; do
		files+=("$top/src/$s.c")
	done
	echo "== building fuzz_$name"
	# shellcheck disable=SC2086
	$CC $CFLAGS -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
	    -I"$build" -I"$top/include" -I"$here" "${files[@]}" \
	    -o "$build/fuzz_$name" -lunistring -lpthread || exit 2
done

# Stack traces with file and line need llvm-symbolizer (package llvm-14).
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && ! command -v llvm-symbolizer >/dev/null; then
	sym=$($CC -print-prog-name=llvm-symbolizer 2>/dev/null)
	[ -x "$sym" ] && export ASAN_SYMBOLIZER_PATH=$sym
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

cd "$build" || exit 2
status=0
for name in $all; do
	work=$build/corpus/$name
	seed=$here/corpus/$name
	crashes=$build/crashes/$name
	mkdir -p "$work" "$crashes"
	dict=()
	[ -f "$here/$name.dict" ] && dict=(-dict="$here/$name.dict")
	if [ "$seconds" -gt 0 ]; then
		echo "== fuzz_$name for ${seconds}s (corpus $work)"
		before=$(ls "$crashes" | wc -l)
		rm -f "$build"/fuzz-[0-9]*.log
		"$build/fuzz_$name" -max_total_time="$seconds" \
		    -max_len=4096 -timeout=30 -print_final_stats=1 \
		    -artifact_prefix="$crashes/" "${dict[@]}" \
		    ${extra[@]+"${extra[@]}"} "$work" "$seed" \
		    >"$build/fuzz_$name.log" 2>&1
		rc=$?
		# with -jobs=N the work is done in children logging to
		# fuzz-J.log (and a crash does not change the status)
		for f in "$build"/fuzz-[0-9]*.log; do
			[ -f "$f" ] && cat "$f" >>"$build/fuzz_$name.log"
		done
		rm -f "$build"/fuzz-[0-9]*.log
		grep -E '^#[0-9]+.*(DONE|cov:)' "$build/fuzz_$name.log" | tail -n 1
		grep -E '^stat::' "$build/fuzz_$name.log"
		if [ "$rc" -ne 0 ] || [ "$(ls "$crashes" | wc -l)" -ne "$before" ]; then
			status=1
			echo "!! fuzz_$name failed (status $rc); log: $build/fuzz_$name.log"
			grep -E -A40 '^(INVARIANT BROKEN|==[0-9]+==ERROR|.*runtime error)' \
			    "$build/fuzz_$name.log" | head -n 60
			for f in $(ls -t "$crashes" | head -n 3); do
				echo "!! reproducer: $crashes/$f"
				echo "   (run: $build/fuzz_$name $crashes/$f)"
				od -A x -t x1z -v "$crashes/$f" | head -n 16
			done
		fi
	fi
	if [ "$merge" -eq 1 ]; then
		echo "== merging new inputs of fuzz_$name into $seed"
		mkdir -p "$seed"
		"$build/fuzz_$name" -merge=1 -max_len=4096 -timeout=30 \
		    "${dict[@]}" "$seed" "$work" >"$build/merge_$name.log" 2>&1 ||
		    { echo "!! merge failed: $build/merge_$name.log"; status=1; }
		tail -n 1 "$build/merge_$name.log"
	fi
done
exit $status
