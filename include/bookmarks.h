/* bookmarks.h - the bookmarks dotfile: parse, merge, atomic save.
 *
 * Pure persistence.  This module knows records (an article's file name,
 * path relative to the dossier and content fingerprint; a byte offset; a
 * label; a snippet of text; times), never the screen or the document.
 *
 * The file is UTF-8 text, one record per line:
 *
 *   # dossier bookmarks v1
 *   mark<TAB>ID<TAB>NAME<TAB>RELPATH<TAB>FP<TAB>OFFSET<TAB>CREATED<TAB>LABEL<TAB>SNIPPET
 *   state<TAB>NAME<TAB>RELPATH<TAB>FP<TAB>OFFSET<TAB>UPDATED<TAB>DONE
 *   last<TAB>RELPATH<TAB>UPDATED
 *
 * FP is 16 hex digits (bm_fingerprint), OFFSET a decimal byte offset, times
 * ISO 8601 UTC ("2026-11-23T18:04:05Z"), DONE 0 or 1.  Text fields (ID,
 * NAME, RELPATH, LABEL, SNIPPET) escape backslash, tab, newline and CR as
 * \\ \t \n \r, and other control characters and bytes that are not UTF-8
 * as \xHH, so any label survives a round trip and the file stays readable.
 * Lines starting with '#' and blank lines are comments.  Any other line
 * that does not parse exactly is kept, byte for byte and in its place, as a
 * RAW record.  A file whose version line names a newer version is kept
 * whole as RAW lines and never rewritten.
 */
#ifndef DOSSIER_BOOKMARKS_H
#define DOSSIER_BOOKMARKS_H

#include <stddef.h>
#include <stdint.h>

/* The format version this code writes. */
#define BM_VERSION 1

enum bm_kind {
	BM_MARK,	/* a bookmark */
	BM_STATE,	/* reading state of one article */
	BM_LAST,	/* the article last read */
	BM_RAW,		/* a line not understood: kept, counted in nraw */
	BM_COMMENT,	/* a '#' line or a blank line: kept, not reported */
};

struct bm_rec {
	enum bm_kind kind;
	char *id;               /* MARK: unique across processes (bm_make_id) */
	char *name, *relpath;   /* MARK, STATE; relpath also LAST */
	uint64_t fp;            /* content fingerprint (bm_fingerprint) */
	uint64_t offset;        /* source byte offset */
	int64_t time;           /* unix seconds: created (MARK) / updated (STATE, LAST) */
	char *label, *snippet;  /* MARK */
	int done;               /* STATE: read to the end */
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

/* The file for s: the version line, then every record in order, each
 * ending in "\n".  Returns a NUL-terminated string owned by the caller and
 * its length in *len (len may be NULL). */
char *bm_serialize(const struct bm_set *s, size_t *len);

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

/* The state record of the article at relpath (the newest if several), or
 * NULL.  Points into s. */
const struct bm_rec *bm_set_state(const struct bm_set *s, const char *relpath);

/* The LAST record (the newest if several), or NULL.  Points into s. */
const struct bm_rec *bm_set_last(const struct bm_set *s);

enum bm_op_kind {
	BM_OP_ADD,	/* append rec as a mark unless its id is present */
	BM_OP_DEL,	/* remove the marks with rec.id; no-op when absent */
	BM_OP_STATE,	/* replace the state of rec.relpath if rec.time is
			 * not older; else no-op */
	BM_OP_LAST,	/* replace the LAST record if rec.time is not older */
	BM_OP_UPDATE,	/* replace the marks with rec.id (e.g. re-anchored or
			 * relabelled); no-op when absent, so a delete by
			 * another instance wins */
};

/* rec.kind is ignored (implied by the op).  The op's strings are borrowed:
 * whoever keeps an op copies them.  NULL strings are taken as "". */
struct bm_op {
	enum bm_op_kind kind;
	struct bm_rec rec;
};

/* Apply one op to a set in memory.  Never touches RAW or COMMENT records,
 * and every op is idempotent, so applying it again is harmless. */
void bm_set_apply(struct bm_set *s, const struct bm_op *op);

struct bm_store {           /* one per program instance */
	char *path;             /* the dotfile */
	struct bm_set set;      /* what the program shows: disk merged with pending */
	struct bm_op *pending;  /* ops not yet written (a failed save), retried
	                         * on the next save; owned (deep copies) */
	size_t npending, cappending;
};

/* Open the store on path and read it (a missing file is an empty set, not
 * an error).  Returns 0, or -1 with a message "PATH: WHY" in err (when the
 * file cannot be read, or was written by a newer version and so will not
 * be changed).  The store is usable either way and must be closed.
 * st->set.nraw lines were not understood; the caller reports them once. */
int bm_store_open(struct bm_store *st, const char *path, char *err,
    size_t errlen);

/* Apply op (NULL: only retry the pending ops; with none pending this is
 * bm_store_reload) and save at once: under an advisory lock on PATH.lock
 * (created 0600), re-read the file, apply the pending ops and op to it,
 * write PATH.tmpXXXXXX in the same folder (mode 0600), fsync, rename over
 * PATH, fsync the folder.  A symbolic link at
 * PATH is followed: its target is replaced.  Returns 0 and st->set is the
 * merged result.  On failure returns -1 with "PATH: WHY" in err, the file
 * is left as it was, op stays pending (written by the next successful
 * save) and st->set shows it applied anyway. */
int bm_store_apply(struct bm_store *st, const struct bm_op *op, char *err,
    size_t errlen);

/* Re-read the file (merging the pending ops) without writing; to see what
 * another instance saved.  Returns 0; or -1 with err when the file cannot
 * be read (st->set unchanged) or is of a newer version (st->set holds its
 * lines as RAW). */
int bm_store_reload(struct bm_store *st, char *err, size_t errlen);

/* Free the store.  Pending ops are dropped: they could not be saved. */
void bm_store_close(struct bm_store *st);

#endif
