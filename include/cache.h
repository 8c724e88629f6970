/* cache.h - what is costly to learn about a dossier's articles, kept
 * between runs: each article's title, date, fingerprint and search copy
 * (the folded text and its map), or at least the letters it holds.
 *
 * One cache file per dossier folder (a PATH given on the command line),
 * in $XDG_CACHE_HOME/dossier/ (else ~/.cache/dossier/), named after the
 * folder's canonical path.  A record is used only while its article's
 * file still has the inode, size, modification and change times it had
 * when it was read (the change time cannot be set back by a user, so an
 * edit, a touch, a chmod, a rename over it all show), and a record is
 * written only for a file last changed well before it was read, so that
 * an edit in the same clock tick is never missed.  Everything read from
 * the file is checked before use (bounds, a checksum of the index and of
 * each search copy): a missing, corrupt, foreign or unreadable cache is
 * the slow path, never a wrong answer.  The file is written whole to a
 * temporary name and renamed over the old one, so a reader (or a killed
 * writer) never sees half a cache.
 *
 * Thread safety: look-ups are read-only and may run on any thread; each
 * slot is filled by one thread at a time; cache_commit() after them.
 */
#ifndef DOSSIER_CACHE_H
#define DOSSIER_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

struct cache;
struct cache_rec;
struct fold_text;

/* --- shared with the walk's file (walkcache.c) --- */

/* $XDG_CACHE_HOME/dossier/HASH.EXT (else ~/.cache/dossier/...), HASH
 * of the canonical folder path canon; the folder is made if need be.
 * NULL when no cache folder can be named. */
char *cache_file(const char *canon, const char *ext);
/* A new unnamed file beside file (O_TMPFILE), or -1. */
int cache_tmpfile(const char *file);
/* Name the file of fd (cache_tmpfile(), written whole) file at once,
 * replacing the old one (link under a temporary name, then rename);
 * what a writer killed in between left is removed.  0 or -1. */
int cache_publish(int fd, const char *file);
/* CLOCK_REALTIME in nanoseconds, as file times are. */
int64_t cache_now_ns(void);
/* A file or folder changed less than this before a run began may
 * change again in the same clock tick of its times: it is not trusted
 * by what the run writes (2 s; DOSSIER_CACHE_SETTLE_MS for the tests). */
int64_t cache_settle_ns(void);

/* Turn the cache off for this process (--no-cache); is it off? */
void cache_disable(void);
int cache_disabled(void);

/* The cache of the articles docs[0 .. n-1] found under the folder root
 * (the PATH as given: each doc's path starts with it).  NULL when the
 * cache is off or root is not a folder; else a cache, empty when its
 * file is missing or unusable (it will be written anew). */
struct cache *cache_open(const char *root, const struct doc *docs, size_t n);
void cache_free(struct cache *c);

/* The record of slot k (docs[k] of cache_open()), if the file still is
 * what it was when the record was made (one stat()); else NULL. */
const struct cache_rec *cache_lookup(struct cache *c, size_t k);

enum {
	CACHE_META = 1,         /* title, dates, fingerprint, length */
	CACHE_FOLD = 2,         /* the search copy */
	CACHE_LETTERS = 4       /* the letters it may hold: a text lacks
	                         * those whose bit is clear */
};
unsigned cache_rec_flags(const struct cache_rec *r);

/* Fill d's title, date, source, author, encoding, fp, len and stamp from
 * a CACHE_META record (the strings are d's own).  -1 when the record
 * turns out to be damaged. */
int cache_rec_meta(struct cache *c, const struct cache_rec *r, struct doc *d);
/* The uncut title (doc_full_title()) of a CACHE_META record, appended
 * to b; -1 when damaged. */
int cache_rec_full_title(struct cache *c, const struct cache_rec *r,
    struct buf *b);
/* A view of the search copy of a CACHE_FOLD record (NULL when damaged),
 * valid while c is; free it with fold_text_free(). */
struct fold_text *cache_rec_fold(struct cache *c, const struct cache_rec *r);
/* The same, read into room (a buffer kept by the caller for the next
 * one) rather than mapped: a program that scans each copy once is spared
 * a page fault per few pages of the map.  Valid until room changes. */
struct fold_text *cache_rec_fold_read(struct cache *c,
    const struct cache_rec *r, struct buf *room);
uint64_t cache_rec_letters(const struct cache_rec *r);
/* The fingerprint (doc->fp) and length (doc->len) of a CACHE_META
 * record: what a text read now must have for the record's search copy
 * to be its own. */
uint64_t cache_rec_fp(const struct cache_rec *r);
size_t cache_rec_len(const struct cache_rec *r);

/* What this run learnt of slot k, for the next run.  cache_keep(): the
 * record looked up is still right; cache_put_meta() (d read, with its
 * stamp; full is doc_full_title()), cache_put_fold() (d indexed) and
 * cache_put_letters() add to it.  A file changed too lately to be
 * trusted is not kept. */
void cache_keep(struct cache *c, size_t k, const struct cache_rec *r);
void cache_put_meta(struct cache *c, size_t k, const struct doc *d,
    const char *full);
void cache_put_fold(struct cache *c, size_t k, const struct doc *d);
void cache_put_letters(struct cache *c, size_t k,
    const struct doc_stamp *st, uint64_t letters);
/* cache_put_meta() and cache_put_fold() of d, read and indexed. */
void cache_put_doc(struct cache *c, size_t k, const struct doc *d);
/* (cache_put_letters(): letters as query_letters() counts them, those
 * the text may hold; what several runs rule out adds up.) */

/* Article k was read with stamp st, or could not be read (st NULL):
 * unreadable, or changed too lately to be trusted, it cannot be kept
 * this run, and cache_missing() does not count it (no writer is
 * started for it alone, search after search). */
void cache_vain(struct cache *c, size_t k, const struct doc_stamp *st);
/* Will the next file hold slot k's title and search copy (kept, or
 * learnt this run)?  How many slots that could be kept will it lack
 * them for? */
int cache_done(const struct cache *c, size_t k);
size_t cache_missing(const struct cache *c);
/* Would cache_commit() write anything: an article without a title or
 * search copy, something learnt, or a record gone stale? */
int cache_pending(const struct cache *c);
/* Does the old file hold search copies (which writing it anew copies)? */
int cache_has_copies(const struct cache *c);
/* Become c's writer: an exclusive lock on FILE.lock beside the cache
 * file, held until the process ends, even past cache_free() (a child
 * made by fork() holds it on), and the new file opened.  -1 when
 * another process holds the lock or the cache cannot be written.  A lock that cannot be made for
 * another reason (a link in its place) is done without.
 * cache_claimed(): did it succeed?  cache_owns_fd(): is fd one of c's
 * (the lock, the old and the new file)? */
int cache_claim(struct cache *c);
int cache_claimed(const struct cache *c);
int cache_owns_fd(const struct cache *c, int fd);
/* Remove the caches (and walk files and locks) beside c's of folders
 * that are gone: a cache of this version, under its own name, whose
 * folder no longer exists.  (A folder on a disk not mounted now is
 * gone too: its cache is made again when it is back.) */
void cache_forget_gone(const struct cache *c);
/* Say (in cache_trace()) that the background process pid writes c. */
void cache_behind(struct cache *c, long pid);

/* Write the cache when this run learnt something or some records went
 * stale; quietly nothing when the cache folder cannot be written.  stop
 * (may be NULL) is polled: when it becomes nonzero the write is given up
 * (nothing is left behind).  1 written, 0 nothing to write, -1 not
 * written.  Once per cache. */
int cache_commit(struct cache *c, const int *stop);

/* For tests and DOSSIER_CACHE_TRACE=1: one line on stderr per cache,
 * "dossier: cache FOLDER: H of N articles from the cache; written" (or
 * "not written", or "left to a background writer, pid PID"). */
void cache_trace(const struct cache *c);

#endif
