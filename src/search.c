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
	}
	if (s->q)
		fold_query_free(s->q);
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
	for (i = 0; i < s->ndocs; i++)
		free(s->hits[i].v);
	free(s->hits);
	memset(s, 0, sizeof *s);
}

int
search_start(struct search *s, const char *text, size_t len, size_t first)
{
	forget(s);
	s->first = s->next = first < s->ndocs ? first : 0;
	s->q = fold_query_new(text, len);
	if (!s->q)
		return 0;
	s->text = xstrndup(text, len);
	return 1;
}

int
search_complete(const struct search *s)
{
	return !s->q || s->searched == s->ndocs;
}

int
search_step(struct search *s, struct dossier *ds, size_t budget)
{
	size_t spent = 0;

	while (!search_complete(s)) {
		struct doc *d = &ds->docs[s->next];
		struct search_hits *h = &s->hits[s->next];

		doc_index(d);
		h->n = fold_find_all(d->fold, d->src, s->q, &h->v, &h->cap);
		h->done = 1;
		s->total += h->n;
		s->articles += h->n > 0;
		s->searched++;
		s->next = (s->next + 1) % s->ndocs;
		spent += d->len + 1;
		if (budget && spent >= budget)
			break;
	}
	return search_complete(s);
}

/* In article doc, the first match ending after off (forward) or the last
 * starting before off (backward); returns the count when there is none. */
static size_t
match_in(const struct search_hits *h, size_t off, int backward)
{
	size_t lo = 0, hi = h->n;

	/* the first match with start >= off */
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

/* Scan the articles after (before) doc, wrapping, for the first (last)
 * match of the nearest article with one. */
static int
scan_articles(const struct search *s, size_t doc, int backward,
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
		if (s->hits[i].n) {
			*mdoc = i;
			*midx = backward ? s->hits[i].n - 1 : 0;
			return 1;
		}
	}
	return 0;
}

int
search_find(const struct search *s, size_t doc, size_t off, int backward,
    size_t *mdoc, size_t *midx, int *wrapped)
{
	const struct search_hits *h;
	size_t i;

	*wrapped = 0;
	if (!s->q || doc >= s->ndocs)
		return 0;
	h = &s->hits[doc];
	i = match_in(h, backward ? off + 1 : off, backward);
	if (i < h->n) {
		*mdoc = doc;
		*midx = i;
		return 1;
	}
	return scan_articles(s, doc, backward, mdoc, midx, wrapped);
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
	return scan_articles(s, doc, backward, mdoc, midx, wrapped);
}

size_t
search_ordinal(const struct search *s, size_t doc, size_t idx)
{
	size_t i, n = 0;

	for (i = 0; i < doc && i < s->ndocs; i++)
		n += s->hits[i].n;
	return n + idx + 1;
}
