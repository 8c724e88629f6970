/* dotfile.h - the bookmarks dotfile's format: records, parse, serialise.
 *
 * Pure: bytes in, records out, and back.  The store (bookmarks.h) reads,
 * merges and writes the file; marks.h ties records to articles.
 *
 * The file is UTF-8 text, one record per line:
 *
 *   # dossier bookmarks v2
 *   bookmark<TAB>ID<TAB>PATH<TAB>FP<TAB>OFFSET<TAB>CREATED<TAB>LABEL<TAB>SNIPPET
 *   place<TAB>PATH<TAB>FP<TAB>OFFSET<TAB>UPDATED<TAB>DONE
 *   opened<TAB>DOSSIER<TAB>PATH<TAB>UPDATED
 *
 * PATH is the article's canonical absolute path, DOSSIER the folder that
 * holds every article of a dossier (its identity), FP 16 hex digits
 * (bm_fingerprint), OFFSET a decimal byte offset, times ISO 8601 UTC
 * ("2026-11-23T18:04:05Z"), DONE 0 or 1.  Text fields (ID, PATH, DOSSIER,
 * LABEL, SNIPPET) escape backslash, tab, newline and CR as \\ \t \n \r,
 * and other control characters and bytes that are not UTF-8 as \xHH, so
 * any label survives a round trip and the file stays readable.
 *
 * Version 1 records named the article by its bare file name:
 *
 *   mark<TAB>ID<TAB>NAME<TAB>RELPATH<TAB>FP<TAB>OFFSET<TAB>CREATED<TAB>LABEL<TAB>SNIPPET
 *   state<TAB>NAME<TAB>RELPATH<TAB>FP<TAB>OFFSET<TAB>UPDATED<TAB>DONE
 *   last<TAB>RELPATH<TAB>UPDATED
 *
 * They are read in either version (as BM_OLD_*), kept and written back as
 * they are until marks.h upgrades them, and never applied as they are.
 *
 * Lines starting with '#' and blank lines are comments.  Any other line
 * that does not parse exactly is kept, byte for byte and in its place, as
 * a RAW record.  A file whose version line names a newer version is kept
 * whole as RAW lines and never rewritten.
 */
#ifndef DOSSIER_DOTFILE_H
#define DOSSIER_DOTFILE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* The format version this code writes. */
#define BM_VERSION 2

enum bm_kind {
	BM_MARK,	/* a bookmark */
	BM_STATE,	/* where one article is read, and whether to its end */
	BM_LAST,	/* the article last opened in one dossier */
	BM_OLD_MARK,	/* version 1 records: by file name, not applied */
	BM_OLD_STATE,
	BM_OLD_LAST,
	BM_RAW,		/* a line not understood: kept, counted in nraw */
	BM_COMMENT,	/* a '#' line or a blank line: kept, not reported */
};

struct bm_rec {
	enum bm_kind kind;
	char *id;               /* MARK, OLD_MARK: unique (bm_make_id) */
	char *path;             /* MARK, STATE, LAST: canonical absolute path;
	                         * OLD_*: the version 1 RELPATH */
	char *name;             /* OLD_MARK, OLD_STATE: the file name */
	char *dossier;          /* LAST: the dossier's folder */
	uint64_t fp;            /* content fingerprint (bm_fingerprint) */
	uint64_t offset;        /* source byte offset */
	int64_t time;           /* unix seconds: created (MARK) / updated */
	char *label, *snippet;  /* MARK, OLD_MARK */
	int done;               /* STATE, OLD_STATE: read to the end */
	char *raw;              /* RAW, COMMENT: the line exactly as read, no
	                         * "\n" (a CR of a CRLF ending is kept) */
	size_t rawlen;          /* length of raw (it may hold NUL bytes) */
};

/* Strings of a record that its kind does not use are NULL; the others are
 * never NULL in a parsed set.  All strings are owned by the set. */
struct bm_set {
	struct bm_rec *v;
	size_t n, cap;
	size_t nraw;            /* RAW records: lines to report as not understood */
	int version;            /* of the version line read; 0 if there was
	                         * none; > BM_VERSION: a newer file, all RAW */
};

/* Free everything the set owns and leave it empty. */
void bm_set_free(struct bm_set *s);

/* Parse the bytes of a dotfile into *out (overwritten, not freed first;
 * release with bm_set_free).  Never fails: what does not parse becomes RAW.
 * Accepts CRLF endings, a missing final newline and a leading BOM. */
void bm_parse(const char *buf, size_t len, struct bm_set *out);

/* Does this text start with a version line ("# dossier bookmarks vN",
 * after an optional BOM)?  Only such a file, or an empty one, is ever
 * rewritten. */
int bm_is_dotfile(const char *buf, size_t len);

/* The file for s: the version line, then every record in order, each
 * ending in "\n".  Returns a NUL-terminated string owned by the caller and
 * its length in *len (len may be NULL). */
char *bm_serialize(const struct bm_set *s, size_t *len);

/* One record as its line (with "\n"), appended to b. */
void bm_serialize_rec(struct buf *b, const struct bm_rec *r);

/* Fill *dst with deep copies of the strings of src that kind uses (NULL
 * becomes ""); dst->kind = kind.  bm_rec_free() releases it. */
void bm_rec_make(struct bm_rec *dst, enum bm_kind kind,
    const struct bm_rec *src);
void bm_rec_free(struct bm_rec *r);

/* Do a and b serialise to the same line? */
int bm_rec_same(const struct bm_rec *a, const struct bm_rec *b);

/* The fingerprint of an article's bytes: util_hash64() (XXH64), which
 * doc_init() keeps in doc->fp.  (Dotfiles written before it held FNV-1a;
 * their bookmarks are re-anchored by their snippets once.) */
uint64_t bm_fingerprint(const void *data, size_t len);

/* Where is snippet now in text (of length len)?  The byte offset of the
 * occurrence nearest to old_offset (the earlier one on a tie).  When the
 * whole snippet is gone, shorter prefixes (then suffixes) of it are tried,
 * cut at UTF-8 boundaries, down to a few bytes; for a suffix the offset of
 * the surviving text is returned.  -1 if nothing is found or snippet is
 * empty. */
long long bm_reanchor(const char *text, size_t len, const char *snippet,
    uint64_t old_offset);

/* A new bookmark id, unique across processes (clock, pid, counter);
 * owned by the caller. */
char *bm_make_id(void);

#endif
