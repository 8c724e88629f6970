/* dossier.h - the set of articles: finding them in files and folders,
 * their order and sections, and reading them.
 *
 * The dossier owns its documents.  Articles are kept in the order they
 * are found (dossier_add_path): the PATHs in the order given; within a
 * folder its files in natural order, then its subfolders in natural
 * order.  Each folder that holds articles is a section: a run of
 * consecutive articles.  Finding (dossier_walk.c) is done before any
 * reading starts; reading (dossier.c) may happen on several threads.
 */
#ifndef DOSSIER_DOSSIER_H
#define DOSSIER_DOSSIER_H

#include <pthread.h>
#include <stddef.h>

#include "doc.h"
#include "util.h"

#define DOSSIER_MAX_LOADERS 4

/* A section: the articles of one folder, docs[first .. first + n - 1]. */
struct dossier_section {
	char *name;     /* the folder relative to the PATH it came from:
	                 * "business", "2025/03", and "" for the PATH itself;
	                 * for files given as PATHs, their folder as given
	                 * ("." for none).  Raw bytes: sanitize to print. */
	char *dir;      /* the folder as found ("DATASET/business"), or
	                 * the PATH itself; raw bytes as name */
	size_t first;   /* its first article */
	size_t n;       /* its number of articles, at least 1 */
	int loose;      /* made of files given as PATHs, not of a folder */
	char *real;     /* the folder's canonical absolute path (what
	                 * realpath() says of dir), as the walk learned it
	                 * without asking for each article; NULL when not
	                 * known (files given as PATHs, sections made by
	                 * hand) */
};

struct cache;
struct dossier_walk;

/* What reading a DOC_CACHED article replaced (dossier_need()): kept
 * until dossier_free(), as another thread may still look at it. */
struct dossier_retired {
	char *title, *date, *source, *author;
	struct fold_text *fold;
};

struct dossier {
	struct doc *docs;
	size_t n, cap;
	/* the sections, in article order; they cover docs[0 .. n - 1] once
	 * dossier_finish() has run */
	struct dossier_section *secs;
	size_t nsec, seccap;
	/* article indices in file-name order (dossier_find_name builds it
	 * at its first call) */
	size_t *by_name;
	/* per article, plain[0 .. nplain - 1] (articles after those, added
	 * by hand, count as 0): 1 when the walk found it as a regular file
	 * (not a link) in a folder of a section with real set, so that its
	 * canonical path is that folder's real path, "/" and its name,
	 * without a stat() each (marks.c) */
	unsigned char *plain;
	size_t nplain, plaincap;
	int finished;           /* dossier_finish() has run */
	/* what dossier_add_path() has seen so far (freed by dossier_finish) */
	struct dossier_walk *walk;
	/* the background loaders (dossier_background) */
	pthread_t threads[DOSSIER_MAX_LOADERS];
	int running;            /* how many were started */
	int stop;               /* atomic: asks the loaders to stop */
	size_t next;            /* atomic: the next article to take */
	size_t done;            /* atomic: articles they have read and indexed */
	size_t want;            /* atomic: 1 + the article to read next, 0:
	                         * none (dossier_want) */
	int load_delay_ms;      /* for the tests: the loaders wait this long
	                         * before reading each article */
	long long done_us;      /* atomic: when it finished, in microseconds of
	                         * CLOCK_MONOTONIC; 0 until then */
	struct cache **caches;  /* one per folder given (dossier_use_cache) */
	size_t ncaches, capcache;
	int behind;             /* a child process writes the caches (cli.c):
	                         * this one exits without freeing, which
	                         * would copy each page they share */
	/* what a DOC_CACHED article's reading replaced (dossier_need()) */
	struct dossier_retired *retired;
	size_t nretired, capretired;
	/* every article's path and name, when the walk came from its
	 * cache (walkcache.h; docs[].shared_path) */
	char *paths;
};

/* Folders deeper than this below a PATH are not read (with a message). */
#define DOSSIER_MAX_DEPTH 32

/* Add the article at path, or every article under the directory at path,
 * as slots not yet read (DOC_UNLOADED), after those already added.
 *
 * A directory is read recursively: its regular files in natural order
 * (dossier_natcmp), then its subfolders in natural order.  Names starting
 * with "." (hidden files and folders) and editor backups "*~" are
 * skipped, and so are FIFOs, devices and sockets (never opened).
 * Symlinks are followed.  A file or folder already seen (by device and
 * inode, across calls) is not added again: a loop of links, two links to
 * one folder, or a file named by two PATHs.  Folders more than
 * DOSSIER_MAX_DEPTH levels below path are not read.  Each folder with
 * articles becomes a section; consecutive files given as PATHs in one
 * folder make one section too.
 *
 * Each problem (an unreadable folder, a dangling link, a folder too deep,
 * a directory without articles) is appended to errors as a line
 * "dossier: PATH: WHY\n"; none stops the rest.  Returns the number of
 * articles added. */
size_t dossier_add_path(struct dossier *ds, const char *path,
    struct buf *errors);

/* The same, telling log (walkcache.h) which folders were read, and
 * whether a link or a folder seen twice was met. */
struct walk_log;
size_t dossier_add_path_log(struct dossier *ds, const char *path,
    struct buf *errors, struct walk_log *log);

/* Make room for more articles in ds->docs (huge pages for many). */
void dossier_reserve(struct dossier *ds, size_t more);

/* After the last dossier_add_path() (or after adding docs by hand, which
 * then make one section): frees what the walk kept.  Call once before
 * the dossier is used. */
void dossier_finish(struct dossier *ds);

/* Use the cache (cache.h) for docs[first .. first + n - 1], the articles
 * found under the folder root (a PATH as given; nothing when it is a
 * file or the cache is off).  After dossier_finish(). */
void dossier_use_cache(struct dossier *ds, const char *root, size_t first,
    size_t n);

/* Write what the caches learnt (cache_commit(); stop as there).  Once
 * every article has been seen: a cache keeps only the articles it was
 * told about. */
void dossier_commit_caches(struct dossier *ds, const int *stop);

/* With DOSSIER_CACHE_TRACE=1, say on stderr how each cache served. */
void dossier_trace_caches(const struct dossier *ds);

/* Natural order of two file names, as "ls -v" sorts: runs of ASCII
 * digits compare by value ("2" < "10"; leading zeros do not count),
 * letters compare without case, other bytes (UTF-8 included) by value;
 * names equal in that sense are ordered by strcmp(), so that the order is
 * total ("01" < "1", "A" < "a").  Returns <0, 0 or >0 as strcmp(). */
int dossier_natcmp(const char *a, const char *b);

/* The one article whose file name is name: -1 when none is, -2 when
 * several are (a file name alone does not say which; only the dotfile's
 * version 1 records still name articles so).  Once dossier_finish() has
 * run, the first call sorts the names (ds->by_name): not from two
 * threads at once. */
long dossier_find_name(const struct dossier *ds, const char *name);

/* --- sections (pure look-ups; valid once dossier_finish() has run) --- */

/* The number of sections (1 for a dossier of one folder; 0 when empty). */
size_t dossier_section_count(const struct dossier *ds);

/* The section holding article i (i < ds->n). */
size_t dossier_section_of(const struct dossier *ds, size_t i);

/* The first and the last article of section s (s < section count). */
size_t dossier_section_first(const struct dossier *ds, size_t s);
size_t dossier_section_last(const struct dossier *ds, size_t s);

/* Where article i is within its section, from 0: the status line shows
 * "NAME · POS+1/N" with N = ds->secs[dossier_section_of(ds, i)].n. */
size_t dossier_section_pos(const struct dossier *ds, size_t i);

/* Make sure article i is read: reads it in this thread, or waits for the
 * thread that is reading it.  Returns 0, or -1 when it cannot be read
 * (docs[i].error says why).  Safe from any thread; but an article the
 * cache answered for (DOC_CACHED) is read by one thread only, the
 * reader's: if its file changed since, its search copy is replaced. */
int dossier_need(struct dossier *ds, size_t i);

/* Is article i read (without waiting)? */
int dossier_ready(const struct dossier *ds, size_t i);

/* Is article i read, answered for by the cache, or known to be
 * unreadable (without waiting)?  Then dossier_need() waits for no
 * loader. */
int dossier_settled(const struct dossier *ds, size_t i);

/* Are article i's title, date and fingerprint known (read, or from the
 * cache)? */
int dossier_known(const struct dossier *ds, size_t i);

/* Has article i its search copy, or is it known to be unreadable
 * (without waiting)? */
int dossier_indexed(const struct dossier *ds, size_t i);

/* Take articles from .. from + n - 1 from the cache now, where it has
 * them: the list shows their titles at once. */
void dossier_prefill(struct dossier *ds, size_t from, size_t n);

/* Ask the background loaders to read article i before the others (the
 * reader is about to show it).  Returns at once. */
void dossier_want(struct dossier *ds, size_t i);

/* Make sure article i has its search copy (doc->fold): from the cache
 * (then it need not be read: DOC_CACHED, src NULL), or read and folded.
 * Returns 0 or -1 as dossier_need().  Safe from any thread. */
int dossier_need_index(struct dossier *ds, size_t i);

/* Read every article with the given number of threads (and index them
 * too when index is set); report the ones that cannot be read to errors,
 * in order, and drop them (sections shrink, an emptied one goes).
 * Returns the number of articles left.  Not while a background loader
 * runs. */
size_t dossier_load_all(struct dossier *ds, int threads, int index,
    struct buf *errors);

/* Read and index every article in background threads, in order, while
 * the reader shows the first. */
void dossier_background(struct dossier *ds, int threads);

/* Drop the articles that could not be read (DOC_FAILED), each reported
 * to errors in order; their sections shrink, an emptied one goes. */
void dossier_drop_failed(struct dossier *ds, struct buf *errors);

/* Stop the background thread (if any) and wait for it. */
void dossier_stop(struct dossier *ds);

/* The dossier to open when no PATH is given: $DOSSIER_DIR, else the
 * source tree's articles/ when running from the build tree, else the
 * installed $(pkgdatadir)/articles.  Returns a static string. */
const char *dossier_default_dir(void);

void dossier_free(struct dossier *ds);

/* For dossier_free(): free the sections, the name index and the walk's
 * memory (dossier_walk.c). */
void dossier_free_found(struct dossier *ds);

/* Append "dossier: PATH: WHY\n" to errors, with PATH made safe to print. */
void dossier_error(struct buf *errors, const char *path, const char *why);

#endif
