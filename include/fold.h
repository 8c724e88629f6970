/* fold.h - search folding: a loose copy of the text, a smart query, matches.
 *
 * Pure: no I/O, no terminal.  The text is folded once into a LOOSE copy
 * (full Unicode case folding, canonical decomposition with nonspacing marks
 * removed, typographic quotes, dashes and spaces made plain, every run of
 * white space one space, soft hyphens and zero-width characters dropped,
 * invalid UTF-8 bytes U+FFFD).  A query is folded the same way and looked
 * up in that copy; when the query holds an upper-case letter (smart case) or
 * an accented letter, each candidate is verified against the source with
 * case and/or accents kept.  Details and the decisions taken are in
 * fold.c's opening comment.
 *
 * Thread safety: every function may be called from several threads at once
 * (the per-code-point cache is filled lock-free); a fold_text or
 * fold_query is read-only once built, so one may be searched by several
 * threads.
 */
#ifndef DOSSIER_FOLD_H
#define DOSSIER_FOLD_H

#include <stddef.h>
#include <stdint.h>

struct fold_seg { size_t start, end; };  /* a source byte range [start,end) */
struct fold_text;                          /* opaque */

/* Build the folded copy of the given segments of src (segments in increasing
 * order, non-overlapping).  Segments are joined with '\n' in the folded
 * copy, a character a folded query never contains, so no match spans two
 * segments (segments are paragraphs).  src is only read during the call;
 * pass the same buffer to fold_find_all().  Never fails (allocation failure
 * exits through util_oom()); the caller owns the result. */
struct fold_text *fold_text_new(const unsigned char *src,
    const struct fold_seg *segs, size_t nseg);
void fold_text_free(struct fold_text *t);
/* The parts of a folded copy, as a cache stores them (cache.c): the
 * loose copy fold[0,len) with a NUL at fold[len], and its map of
 * checkpoints, nmap pairs (folded offset, source offset) of uint32_t, or
 * of size_t when wide. */
struct fold_parts {
	const unsigned char *fold;
	size_t len;
	const void *map;
	size_t nmap;
	int wide;
	size_t last_end;
};
void fold_text_parts(const struct fold_text *t, struct fold_parts *p);
/* A folded copy over parts kept elsewhere (a mapped cache file), which
 * must outlive it; fold_text_free() frees only the view. */
struct fold_text *fold_text_view(const struct fold_parts *p);
/* The size of p's map in bytes. */
size_t fold_map_bytes(const struct fold_parts *p);
/* 0 when parts read from outside can be searched safely against a source
 * of srclen bytes (NUL in place, checkpoints in order and in bounds),
 * else -1. */
int fold_parts_check(const struct fold_parts *p, size_t srclen);

/* Memory used by t, in bytes, for benchmarks. */
size_t fold_text_bytes(const struct fold_text *t);
/* The loose folded copy (owned by t, NUL-terminated, may hold other NULs),
 * its length in *len.  For tests and tools. */
const char *fold_text_data(const struct fold_text *t, size_t *len);

struct fold_query;
/* Fold a query.  NULL when the query is empty, only white space, or folds
 * to nothing (only soft hyphens, zero-width characters or marks).  q need
 * not be valid UTF-8 nor NUL-terminated.  White space at either end is kept
 * as one space: " bal" finds "bal" only after white space in a paragraph.
 * The caller owns the result. */
struct fold_query *fold_query_new(const char *q, size_t len);
void fold_query_free(struct fold_query *q);
/* Nonzero when the query holds an upper-case letter: matches keep case. */
int fold_query_case_sensitive(const struct fold_query *q);
/* Nonzero when the query holds an accented letter (or a combining mark):
 * matches keep accents, compared after canonical decomposition. */
int fold_query_accent_sensitive(const struct fold_query *q);

/* The query's loose form (owned by q), its length in *len.  A query
 * whose loose form starts with another's finds matches only where that
 * one does (so a growing query can narrow the last search's hits). */
const char *fold_query_loose(const struct fold_query *q, size_t *len);

struct fold_match { size_t start, end; };  /* source byte range of one match */

/* Store every match of q in t into *v (an array of *cap elements, grown with
 * GROW), from index 0, in source order, non-overlapping (the search goes on
 * after the end of each match); returns the number stored.  src is the same
 * buffer the text was built from.  A match starts at the first source byte
 * of the character (or white-space run) giving its first folded character
 * and ends after the character giving its last one, with any combining marks
 * attached to it. */
size_t fold_find_all(const struct fold_text *t, const unsigned char *src,
    const struct fold_query *q, struct fold_match **v, size_t *cap);
/* Only count them (no allocation). */
size_t fold_count(const struct fold_text *t, const unsigned char *src,
    const struct fold_query *q);

/* Could src[0,len) (raw, unfolded) hold a match of q?  0 only when it
 * cannot: it lacks one of the query's ASCII letters or digits, in either
 * case and in any character that folds to one.  Much cheaper than
 * folding, for skipping texts a search cannot match. */
int fold_may_match(const unsigned char *src, size_t len,
    const struct fold_query *q);
/* The same test: 0 when src may hold a match, else the letter bit (as
 * fold_query_letters()) of the letter it lacks; then, when utf8 is not
 * NULL, *utf8 says whether src is valid UTF-8 throughout (every byte was
 * looked at). */
uint64_t fold_missing_letter(const unsigned char *src, size_t len,
    const struct fold_query *q, int *utf8);

/* The letters (as fold_query_letters()) src[0,len) may hold: those
 * fold_missing_letter() would not say it lacks. */
uint64_t fold_letters(const unsigned char *src, size_t len);

/* The ASCII letters and digits (bit 0-25: a-z, 26-35: 0-9) of q's loose
 * form: a text that lacks one of them holds no match. */
uint64_t fold_query_letters(const struct fold_query *q);

/* Fold s[0,len) the loose way into a new NUL-terminated buffer owned by the
 * caller; its length (without the NUL) in *outlen when outlen is not NULL. */
char *fold_string(const char *s, size_t len, size_t *outlen);

#endif
