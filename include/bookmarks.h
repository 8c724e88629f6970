/* bookmarks.h - the bookmarks store: merge and atomic save of the dotfile.
 *
 * Pure persistence.  This module knows records (dotfile.h: an article's
 * canonical path and content fingerprint; a byte offset; a label; a
 * snippet of text; times), never the screen or the document.  Which
 * record belongs to which article is marks.h's business.
 */
#ifndef DOSSIER_BOOKMARKS_H
#define DOSSIER_BOOKMARKS_H

#include <stddef.h>
#include <stdint.h>

#include "dotfile.h"

/* A dotfile bigger than this is read (for jumping) but never rewritten:
 * it cannot be ours, and rewriting it at every save would freeze us. */
#define BM_MAX_BYTES (64LL << 20)
/* How long one save tries the lock (non-blocking tries), in ms. */
#define BM_LOCK_MS 100

/* The merge rule of STATE and LAST records: the newest write wins, and a
 * record dated later than this machine's clock (written under a wrong
 * clock) counts as older than any other, so it cannot freeze the state.
 * now is this machine's clock; the records' times are unix seconds. */
int bm_newer(int64_t a, int64_t b, int64_t now);

/* The STATE record of the article at path (the newest by bm_newer if
 * several), or NULL.  Points into s. */
const struct bm_rec *bm_set_state(const struct bm_set *s, const char *path);

/* The LAST record of the dossier (the newest if several), or NULL. */
const struct bm_rec *bm_set_last(const struct bm_set *s, const char *dossier);

enum bm_op_kind {
	BM_OP_ADD,	/* append rec as a mark unless its id is present;
			 * with old.id set, put it before the mark with that
			 * id instead, when there is one */
	BM_OP_DEL,	/* remove the marks with rec.id; no-op when absent */
	BM_OP_STATE,	/* replace the state of rec.path unless it is newer
			 * (bm_newer) */
	BM_OP_LAST,	/* replace the LAST record of rec.dossier unless it is
			 * newer */
	BM_OP_UPDATE,	/* replace the marks with rec.id (re-anchored,
			 * moved or relabelled); no-op when absent, so a delete
			 * by another instance wins */
	BM_OP_REPLACE,	/* replace the record that is exactly old by rec
			 * (of rec.kind), in its place; no-op when absent: an
			 * upgrade of a version 1 record, a moved article */
};

/* The op's strings are borrowed: whoever keeps an op copies them.  NULL
 * strings are taken as "".  rec.kind is implied by the op, except for
 * REPLACE. */
struct bm_op {
	enum bm_op_kind kind;
	struct bm_rec rec;
	struct bm_rec old;      /* REPLACE: the record replaced; ADD: the
	                         * mark it goes before (only old.id counts) */
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
	int lock_ms;            /* how long a save tries the lock; BM_LOCK_MS */
	char why[512];          /* why the last save failed: "" after a save
	                         * that worked */
	int interrupted;        /* a signal cut the wait for the lock short */
};

/* Open the store on path and read it (a missing file is an empty set, not
 * an error).  Returns 0, or -1 with "WHY: PATH" in err (the file cannot be
 * read; it is not a dossier dotfile, so it is never rewritten and its
 * lines are not shown; it was written by a newer version; it is over
 * BM_MAX_BYTES, so it is read but not rewritten).  The store is usable
 * either way and must be closed.  st->set.nraw lines were not understood;
 * the caller reports them once.  Ignores SIGXFSZ for the whole process, so
 * that a file size limit makes a save fail with EFBIG instead of killing
 * the program. */
int bm_store_open(struct bm_store *st, const char *path, char *err,
    size_t errlen);

/* Apply op (NULL: only retry the pending ops; with none pending this is
 * bm_store_reload) and save at once: under an advisory lock on PATH.lock
 * (taken with non-blocking tries for st->lock_ms), re-read the file,
 * apply the pending ops and op to it, write PATH.tmpXXXXXX in the same
 * folder with the old file's owner, group and mode (0600 for a new one),
 * fsync, rename over PATH, fsync the folder.  A symbolic link at PATH is
 * followed: its target is replaced.  A path that is not a dossier dotfile
 * (a non-empty file without the version line, a device, a FIFO, a folder),
 * a read-only file (no write bit, or not writable by us), a file over
 * BM_MAX_BYTES or of a newer version is never replaced, and no lock file
 * is made beside it.  Returns 0 and st->set is the merged result.  On
 * failure returns -1 with "WHY: PATH" in err and st->why (PATH shortened
 * from the left), the file is left as it was and any leftover temporary
 * file removed, op stays pending (written by the next successful save)
 * and st->set shows it applied anyway. */
int bm_store_apply(struct bm_store *st, const struct bm_op *op, char *err,
    size_t errlen);

/* Changes not saved yet (a failed save): how many ops wait. */
size_t bm_store_unsaved(const struct bm_store *st);

/* Retry the pending ops, if any: 0 when nothing is pending afterwards. */
int bm_store_retry(struct bm_store *st, char *err, size_t errlen);

/* At quit: retry the pending ops for up to ms milliseconds (a held lock
 * may be released), giving up early when a signal interrupts the wait.
 * 0 when everything is saved; else -1 and err says why. */
int bm_store_flush(struct bm_store *st, int ms, char *err, size_t errlen);

/* Re-read the file (merging the pending ops) without writing; to see what
 * another instance saved.  Returns 0; or -1 with err when the file cannot
 * be read (st->set unchanged) or is of a newer version (st->set holds its
 * lines as RAW). */
int bm_store_reload(struct bm_store *st, char *err, size_t errlen);

/* Free the store.  Pending ops are dropped: they could not be saved. */
void bm_store_close(struct bm_store *st);

#endif
