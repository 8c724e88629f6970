/* search.c - the hits of one query across the dossier. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "util.h"

void
search_init(struct search *s, size_t ndocs)
{
	memset(s, 0, sizeof *s);
	s->ndocs = ndocs;
	s->hits = xcalloc(ndocs ? ndocs : 1, sizeof *s->hits);
}

static void
forget(struct search *s)
{
	size_t i;

	for (i = 0; i < s->ndocs; i++) {
		s->hits[i].n = 0;
		s->hits[i].done = 0;
		s->hits[i].listed = 0;
	}
	if (s->q)
		query_free(s->q);
	s->q = NULL;
	free(s->text);
	s->text = NULL;
	s->total = s->articles = s->searched = 0;
}

void
search_free(struct search *s)
{
	size_t i;

	forget(s);
	for (i = 0; i < SEARCH_MEMORY; i++) {
		free(s->memory[i].text);
		free(s->memory[i].hit);
	}
	for (i = 0; i < s->ndocs; i++)
		free(s->hits[i].v);
	free(s->hits);
	memset(s, 0, sizeof *s);
}

/* A finished search of the same query (as typed: two queries with one
 * folded form but other cases or accents match differently), if
 * remembered. */
static const struct search_memory *
recall(const struct search *s, const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < SEARCH_MEMORY; i++) {
		const struct search_memory *m = &s->memory[i];

		if (m->text && m->len == len && memcmp(m->text, text, len) == 0)
			return m;
	}
	return NULL;
}

/* Remember which articles a finished search found matches in. */
static void
remember(struct search *s)
{
	struct search_memory *m;
	size_t i, len;

	if (!s->q || s->remembered || !search_complete(s))
		return;
	len = strlen(s->text);
	if (recall(s, s->text, len))
		return;
	s->remembered = 1;
	m = &s->memory[s->memory_next];
	s->memory_next = (s->memory_next + 1) % SEARCH_MEMORY;
	free(m->text);
	m->text = xstrndup(s->text, len);
	m->len = len;
	m->hit = xreallocarray(m->hit, s->ndocs ? s->ndocs : 1, 1);
	for (i = 0; i < s->ndocs; i++)
		m->hit[i] = s->hits[i].n > 0;
}

int
search_start(struct search *s, const char *text, size_t len, size_t first,
    int backward)
{
	struct query *q = query_new(text, len);
	int narrow = q && s->q && search_complete(s) && query_narrows(s->q, q);
	const struct search_memory *known = q ? recall(s, text, len) : NULL;
	size_t i;

	remember(s);
	s->remembered = 0;
	if (known) {
		/* searched to the end lately: only where it matched */
		forget(s);
		for (i = 0; i < s->ndocs; i++) {
			s->hits[i].done = !known->hit[i];
			s->searched += s->hits[i].done;
		}
	} else if (narrow) {
		/* articles without a hit for the shorter query are done */
		for (i = 0; i < s->ndocs; i++)
			s->hits[i].done = s->hits[i].n == 0;
		query_free(s->q);
		free(s->text);
		s->total = s->articles = 0;
		s->searched = 0;
		for (i = 0; i < s->ndocs; i++)
			s->searched += s->hits[i].done;
	} else {
		forget(s);
	}
	s->q = q;
	s->text = q ? xstrndup(text, len) : NULL;
	s->first = s->next = first < s->ndocs ? first : 0;
	s->blocked = 0;
	s->backward = backward;
	return q != NULL;
}

int
search_complete(const struct search *s)
{
	return !s->q || s->searched == s->ndocs;
}

static size_t
step_from(const struct search *s, size_t i)
{
	return s->backward ? (i + s->ndocs - 1) % s->ndocs : (i + 1) % s->ndocs;
}

/* Read article i if the search needs its text: to verify case or
 * accents, to merge terms, or to list its matches (the article the
 * search starts from).  An article from the cache is counted without.
 * 0, or -1 when it cannot be read. */
static int
text_for(const struct search *s, struct dossier *ds, size_t i)
{
	if (dossier_ready(ds, i) ||
	    (!query_needs_src(s->q) && i != s->first))
		return 0;
	return dossier_need(ds, i);
}

int
search_step(struct search *s, struct dossier *ds, size_t budget)
{
	size_t spent = 0;

	s->blocked = 0;
	while (!search_complete(s)) {
		struct search_hits *h = &s->hits[s->next];

		if (!h->done && s->no_wait &&
		    !dossier_indexed(ds, s->next)) {
			s->blocked = 1;
			break;
		}
		if (!h->done) {
			struct doc *d = &ds->docs[s->next];

			h->n = 0;
			h->listed = 0;
			if (dossier_need_index(ds, s->next) == 0 &&
			    text_for(s, ds, s->next) == 0) {
				/* a short query matches nearly everywhere:
				 * only count, and list where needed; an
				 * article answered for by the cache, not
				 * read, is counted in its search copy */
				if ((query_short(s->q, SEARCH_COUNT_ONLY) ||
				    !dossier_ready(ds, s->next)) &&
				    s->next != s->first) {
					h->n = query_count(d->fold, d->src, s->q);
				} else {
					h->n = query_find_all(d->fold, d->src,
					    s->q, &h->v, &h->cap);
					h->listed = 1;
				}
				spent += d->len + 1;
			}
			h->done = 1;
			s->searched++;
		}
		s->total += h->n;
		s->articles += h->n > 0;
		s->next = step_from(s, s->next);
		if (budget && spent >= budget)
			break;
	}
	return search_complete(s);
}

void
search_list(struct search *s, struct dossier *ds, size_t doc)
{
	struct search_hits *h;
	size_t old;

	if (!s->q || doc >= s->ndocs)
		return;
	h = &s->hits[doc];
	if (!h->done || h->listed)
		return;
	old = h->n;
	/* (an article counted in the cache's search copy is read now; if
	 * it changed since, or cannot be read any more, the count moves) */
	if (dossier_need_index(ds, doc) == 0 && dossier_need(ds, doc) == 0)
		h->n = query_find_all(ds->docs[doc].fold, ds->docs[doc].src,
		    s->q, &h->v, &h->cap);
	else
		h->n = 0;
	s->total = s->total - old + h->n;
	s->articles = s->articles - (old > 0) + (h->n > 0);
	h->listed = 1;
}

/* In article doc, the first match starting at or after off (forward) or
 * the last starting before off (backward); h->n when there is none. */
static size_t
match_in(const struct search_hits *h, size_t off, int backward)
{
	size_t lo = 0, hi = h->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (h->v[mid].start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!backward)
		return lo;
	return lo == 0 ? h->n : lo - 1;
}

/* From article doc, walk the other articles in the given direction
 * (wrapping, ending with doc itself from its far end) to the nearest match.
 * Returns 1 found, 0 none; -1 when an article on the way has not been
 * searched yet and strict is set. */
static int
walk(const struct search *s, size_t doc, int backward, int strict,
    size_t *mdoc, size_t *midx, int *wrapped)
{
	size_t k, i;

	for (k = 1; k <= s->ndocs; k++) {
		if (backward)
			i = (doc + s->ndocs - k % s->ndocs) % s->ndocs;
		else
			i = (doc + k) % s->ndocs;
		if (backward ? i >= doc : i <= doc)
			*wrapped = 1;
		if (!s->hits[i].done && strict)
			return -1;
		if (s->hits[i].n) {
			*mdoc = i;
			*midx = backward ? s->hits[i].n - 1 : 0;
			return 1;
		}
	}
	return 0;
}

static int
find_from(const struct search *s, size_t doc, size_t off, int backward,
    int strict, size_t *mdoc, size_t *midx, int *wrapped)
{
	const struct search_hits *h;
	size_t i;

	*wrapped = 0;
	if (!s->q || doc >= s->ndocs)
		return 0;
	h = &s->hits[doc];
	if (!h->done && strict)
		return -1;
	i = match_in(h, off, backward);
	if (i < h->n) {
		*mdoc = doc;
		*midx = i;
		return 1;
	}
	return walk(s, doc, backward, strict, mdoc, midx, wrapped);
}

int
search_find(const struct search *s, size_t doc, size_t off, int backward,
    size_t *mdoc, size_t *midx, int *wrapped)
{
	return find_from(s, doc, off, backward, 0, mdoc, midx, wrapped);
}

int
search_first(const struct search *s, size_t off, size_t *mdoc, size_t *midx,
    int *wrapped)
{
	return find_from(s, s->first, off, s->backward, 1, mdoc, midx,
	    wrapped);
}

int
search_next(const struct search *s, size_t doc, size_t idx, int backward,
    size_t *mdoc, size_t *midx, int *wrapped)
{
	const struct search_hits *h;

	*wrapped = 0;
	if (!s->q || doc >= s->ndocs)
		return 0;
	h = &s->hits[doc];
	if (!backward && idx + 1 < h->n) {
		*mdoc = doc;
		*midx = idx + 1;
		return 1;
	}
	if (backward && idx > 0 && idx <= h->n) {
		*mdoc = doc;
		*midx = idx - 1;
		return 1;
	}
	return walk(s, doc, backward, 0, mdoc, midx, wrapped);
}

size_t
search_ordinal(const struct search *s, size_t doc, size_t idx)
{
	size_t i, n = 0;

	for (i = 0; i < doc && i < s->ndocs; i++)
		n += s->hits[i].n;
	return n + idx + 1;
}

/* search_step(), waiting for articles not indexed yet whatever no_wait
 * says. */
static int
step_waiting(struct search *s, struct dossier *ds, size_t budget)
{
	int no_wait = s->no_wait, r;

	s->no_wait = 0;
	r = search_step(s, ds, budget);
	s->no_wait = no_wait;
	return r;
}

int
search_finish(struct search *s, struct dossier *ds)
{
	return step_waiting(s, ds, 0);
}

int
search_keystroke(struct search *s, struct dossier *ds, const char *text,
    size_t len, size_t doc, size_t off, int backward, int (*pending)(void))
{
	size_t mdoc, midx;
	int wrapped, r;

	if (!search_start(s, text, len, doc, backward))
		return 0;
	while ((r = search_first(s, off, &mdoc, &midx, &wrapped)) < 0) {
		if (pending && pending())
			return -1;
		/* the first match is worth waiting for */
		step_waiting(s, ds, SEARCH_STEP_BYTES);
	}
	return r;
}
