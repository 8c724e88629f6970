/* search.h - searching the whole dossier: the hits of one query in every
 * article, and moving from match to match across articles.
 *
 * Pure: no terminal.  The search runs in steps so that the reader can stop
 * it when a newer keystroke arrives (search_step() with a byte budget); the
 * article searched first is the one the search starts from.
 */
#ifndef DOSSIER_SEARCH_H
#define DOSSIER_SEARCH_H

#include <stddef.h>

#include "dossier.h"
#include "fold.h"
#include "query.h"

/* Queries this short (in folded bytes) are only counted at first in all
 * but the article the search starts from: they match nearly everywhere. */
#define SEARCH_COUNT_ONLY 2

struct search_hits {
	struct fold_match *v;   /* source byte ranges, in order, if listed */
	size_t n, cap;          /* n: the number of matches */
	int done;               /* this article has been searched */
	int listed;             /* v holds its n matches (search_list) */
};

/* Finished searches remembered, for Backspace: which articles had hits. */
#define SEARCH_MEMORY 32

struct search_memory {
	char *text;             /* the query as typed, or NULL */
	size_t len;
	unsigned char *hit;     /* per article: had a match */
};

struct search {
	char *text;             /* the query as typed (owned), or NULL */
	struct query *q;        /* NULL when there is no query */
	size_t ndocs;
	struct search_hits *hits;   /* one per article */
	size_t total;           /* matches found so far */
	size_t articles;        /* articles with a match so far */
	size_t first, next;     /* where the search began; the next to do */
	int backward;           /* articles are searched in this direction */
	size_t searched;        /* articles searched */
	struct search_memory memory[SEARCH_MEMORY];
	size_t memory_next;     /* the slot to overwrite next */
	int remembered;         /* this search is in memory already */
	int no_wait;            /* search_step() stops at an article the
	                         * background loaders have not indexed yet */
	int blocked;            /* ... and the last one did */
};

void search_init(struct search *s, size_t ndocs);
void search_free(struct search *s);

/* Begin searching for text (len bytes) from article first on, going
 * forward or backward through the dossier; forgets the last search (but
 * articles known to hold no match are not searched again: when the new
 * query narrows a finished last one, or was searched to the end lately).  Returns 0 when the query is empty
 * (then nothing matches). */
int search_start(struct search *s, const char *text, size_t len,
    size_t first, int backward);

/* Search further, about budget bytes of text (0: all); articles are read
 * and indexed on the way if the background loader has not yet, unless
 * s->no_wait is set: then it stops before such an article and sets
 * s->blocked (call it again once the loaders have got further).  Returns
 * 1 when every article has been searched. */
int search_step(struct search *s, struct dossier *ds, size_t budget);

/* Search to the end, waiting for the loaders whatever s->no_wait says
 * (n and N need every match).  Returns 1. */
int search_finish(struct search *s, struct dossier *ds);

int search_complete(const struct search *s);

/* Make sure hits[doc].v lists the matches of article doc (of a short
 * query they were only counted).  Call before reading v. */
void search_list(struct search *s, struct dossier *ds, size_t doc);

/* The match at or after source byte off of article doc (backward: the
 * last one before off... at or before), wrapping around the dossier.
 * Sets *mdoc, *midx and *wrapped; returns 0 when nothing matches. */
int search_find(const struct search *s, size_t doc, size_t off,
    int backward, size_t *mdoc, size_t *midx, int *wrapped);

/* The first match from where the search began (source byte off of the
 * first article, in the search's direction, wrapping), as search_find();
 * -1 while the articles before it have not all been searched. */
int search_first(const struct search *s, size_t off, size_t *mdoc,
    size_t *midx, int *wrapped);

/* The match after (or before) match idx of article doc, wrapping. */
int search_next(const struct search *s, size_t doc, size_t idx,
    int backward, size_t *mdoc, size_t *midx, int *wrapped);

/* How much text one search step covers before looking for a keystroke. */
#define SEARCH_STEP_BYTES (1 << 20)

/* What the reader does for each keystroke in the search prompt: start a
 * search for text from source byte off of article doc and search only as
 * far as the first match (search_first() then has it; the count is left
 * to later search_step() calls).  Between steps, pending() (may be NULL)
 * says whether a newer keystroke waits: then it gives up.  Returns 1 when
 * a first match was found, 0 when there is none (or the query is empty),
 * -1 when it gave way to a keystroke. */
int search_keystroke(struct search *s, struct dossier *ds, const char *text,
    size_t len, size_t doc, size_t off, int backward, int (*pending)(void));

/* 1-based place of a match among all matches of the dossier. */
size_t search_ordinal(const struct search *s, size_t doc, size_t idx);

#endif
