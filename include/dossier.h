/* dossier.h - the set of articles: loading files and directories.
 *
 * The dossier owns its documents.  Articles are kept in file-name order
 * (then by path), which is chronological for the bundled dossier.
 */
#ifndef DOSSIER_DOSSIER_H
#define DOSSIER_DOSSIER_H

#include <pthread.h>
#include <stddef.h>

#include "doc.h"
#include "util.h"

#define DOSSIER_MAX_LOADERS 4

struct dossier {
	struct doc *docs;
	size_t n, cap;
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
};

/* Add the article at path, or the articles of the directory at path
 * (regular files one level deep; hidden files, editor backups "*~",
 * FIFOs and devices skipped), as slots not yet read (DOC_UNLOADED).  Each
 * problem is appended to errors as a line "dossier: PATH: WHY\n".
 * Returns the number of articles added. */
size_t dossier_add_path(struct dossier *ds, const char *path,
    struct buf *errors);

/* Make sure article i is read: reads it in this thread, or waits for the
 * thread that is reading it.  Returns 0, or -1 when it cannot be read
 * (docs[i].error says why).  Safe from any thread. */
int dossier_need(struct dossier *ds, size_t i);

/* Is article i read (without waiting)? */
int dossier_ready(const struct dossier *ds, size_t i);

/* Is article i read, or known to be unreadable (without waiting)? */
int dossier_settled(const struct dossier *ds, size_t i);

/* Has article i its search copy, or is it known to be unreadable
 * (without waiting)? */
int dossier_indexed(const struct dossier *ds, size_t i);

/* Ask the background loaders to read article i before the others (the
 * reader is about to show it).  Returns at once. */
void dossier_want(struct dossier *ds, size_t i);

/* Make sure article i is read and has its search copy (doc->fold).
 * Returns 0 or -1 as dossier_need().  Safe from any thread. */
int dossier_need_index(struct dossier *ds, size_t i);

/* Read every article with the given number of threads (and index them
 * too when index is set); report the ones that cannot be read to errors,
 * in order, and drop them.  Returns the number of articles left.  Not
 * while a background loader runs. */
size_t dossier_load_all(struct dossier *ds, int threads, int index,
    struct buf *errors);

/* Read and index every article in background threads, in order, while
 * the reader shows the first. */
void dossier_background(struct dossier *ds, int threads);

/* Stop the background thread (if any) and wait for it. */
void dossier_stop(struct dossier *ds);

/* Put the articles in file-name order. */
void dossier_sort(struct dossier *ds);

/* The dossier to open when no PATH is given: $DOSSIER_DIR, else the
 * source tree's articles/ when running from the build tree, else the
 * installed $(pkgdatadir)/articles.  Returns a static string. */
const char *dossier_default_dir(void);

void dossier_free(struct dossier *ds);

/* Append "dossier: PATH: WHY\n" to errors, with PATH made safe to print. */
void dossier_error(struct buf *errors, const char *path, const char *why);

#endif
