/* query.c - queries of several terms (" & "), and their matches merged.
 *
 * The syntax is query.h's.  Decisions:
 * - Smart case and accents are per term: "Blair & iraq" wants "Blair"
 *   with a capital and "iraq" in any case.
 * - The white space around " & " is the separator's, so "a  &  b" is
 *   "a" and "b"; white space kept at a term's end (a whole-word end, as
 *   in a query of one term) needs quotes: "\"bal \" & x".
 * - Overlapping matches of two terms ("bank & banker") count once, as the
 *   one that starts first: a match is a place in the text, and n, N and
 *   the highlight step through places.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "util.h"

struct query {
	size_t n;
	struct fold_query *t[QUERY_MAX_TERMS];
};

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

/* Is q[i] an "&" with white space (or an end of the query) on both
 * sides? */
static int
is_separator(const char *q, size_t len, size_t i)
{
	return q[i] == '&' && (i == 0 || is_space(q[i - 1])) &&
	    (i + 1 == len || is_space(q[i + 1]));
}

/* Record the term q[s,e), unless empty. */
static void
add_term(size_t s, size_t e, size_t *starts, size_t *ends, size_t *n)
{
	if (s >= e)
		return;
	starts[*n] = s;
	ends[*n] = e;
	(*n)++;
}

/* Of several terms, a phrase loses its quotes (and is dropped if that
 * leaves nothing).  A query of one term is searched as typed, quotes and
 * all: quotes in the text match, as they always did. */
static size_t
unquote(const char *q, size_t *starts, size_t *ends, size_t n)
{
	size_t i, k = 0;

	if (n < 2)
		return n;
	for (i = 0; i < n; i++) {
		size_t s = starts[i], e = ends[i], f = s;

		while (f < e && is_space(q[f]))
			f++;
		if (f < e && q[f] == '"') {
			s = f + 1;
			if (e > s && q[e - 1] == '"')
				e--;
		}
		add_term(s, e, starts, ends, &k);
	}
	return k;
}

size_t
query_parse(const char *q, size_t len, size_t *starts, size_t *ends)
{
	size_t n = 0, ts = 0, i = 0, e;
	int quoted = 0, first = 1;   /* first: no non-space of the term yet */

	while (i < len) {
		if (first && !is_space(q[i])) {
			first = 0;
			if (q[i] == '"') {
				/* a phrase: plain text to its closing quote */
				quoted = 1;
				i++;
				continue;
			}
		}
		if (quoted) {
			quoted = q[i] != '"';
			i++;
			continue;
		}
		if (n + 1 < QUERY_MAX_TERMS && is_separator(q, len, i)) {
			for (e = i; e > ts && is_space(q[e - 1]); e--)
				;
			add_term(ts, e, starts, ends, &n);
			for (i++; i < len && is_space(q[i]); i++)
				;
			ts = i;
			first = 1;
			continue;
		}
		i++;
	}
	add_term(ts, len, starts, ends, &n);
	n = unquote(q, starts, ends, n);
	if (n == 0 && len > 0) {
		/* only separators: the query is plain text */
		starts[0] = 0;
		ends[0] = len;
		n = 1;
	}
	return n;
}

struct query *
query_new(const char *text, size_t len)
{
	size_t starts[QUERY_MAX_TERMS], ends[QUERY_MAX_TERMS], n, i;
	struct query *q = xcalloc(1, sizeof *q);

	n = query_parse(text, len, starts, ends);
	for (i = 0; i < n; i++) {
		struct fold_query *t = fold_query_new(text + starts[i],
		    ends[i] - starts[i]);

		if (t)
			q->t[q->n++] = t;
	}
	if (!q->n) {
		free(q);
		return NULL;
	}
	return q;
}

void
query_free(struct query *q)
{
	size_t i;

	if (!q)
		return;
	for (i = 0; i < q->n; i++)
		fold_query_free(q->t[i]);
	free(q);
}

size_t
query_terms(const struct query *q)
{
	return q->n;
}

const struct fold_query *
query_term(const struct query *q, size_t i)
{
	return i < q->n ? q->t[i] : NULL;
}

/* Does m come before o in the merged order: earlier, or longer at the
 * same start? */
static int
before(const struct fold_match *m, const struct fold_match *o)
{
	return m->start < o->start || (m->start == o->start && m->end > o->end);
}

size_t
query_find_all(const struct fold_text *t, const unsigned char *src,
    const struct query *q, struct fold_match **v, size_t *cap)
{
	struct fold_match *tv[QUERY_MAX_TERMS] = { 0 };
	size_t tcap[QUERY_MAX_TERMS] = { 0 }, tn[QUERY_MAX_TERMS], at[QUERY_MAX_TERMS];
	size_t i, n = 0, last_end = 0;

	if (q->n == 1)
		return fold_find_all(t, src, q->t[0], v, cap);
	for (i = 0; i < q->n; i++) {
		tn[i] = fold_find_all(t, src, q->t[i], &tv[i], &tcap[i]);
		at[i] = 0;
		if (!tn[i])
			goto out;
	}
	/* merge: few terms, so pick the earliest head each time */
	for (;;) {
		const struct fold_match *m = NULL;
		size_t k = 0;

		for (i = 0; i < q->n; i++)
			if (at[i] < tn[i] && (!m || before(&tv[i][at[i]], m))) {
				m = &tv[i][at[i]];
				k = i;
			}
		if (!m)
			break;
		at[k]++;
		if (n && m->start < last_end)
			continue;  /* overlaps the last one kept */
		if (n == *cap) {
			*cap = *cap ? 2 * *cap : 16;
			*v = xreallocarray(*v, *cap, sizeof **v);
		}
		(*v)[n++] = *m;
		last_end = m->end;
	}
out:
	for (i = 0; i < q->n; i++)
		free(tv[i]);
	return n;
}

size_t
query_count(const struct fold_text *t, const unsigned char *src,
    const struct query *q)
{
	struct fold_match *v = NULL;
	size_t cap = 0, n;

	if (q->n == 1)
		return fold_count(t, src, q->t[0]);
	n = query_find_all(t, src, q, &v, &cap);
	free(v);
	return n;
}

uint64_t
query_missing(const unsigned char *src, size_t len, const struct query *q,
    int *utf8)
{
	uint64_t m;
	size_t i;

	for (i = 0; i < q->n; i++)
		if ((m = fold_missing_letter(src, len, q->t[i], utf8)) != 0)
			return m;
	return 0;
}

int
query_may_match(const unsigned char *src, size_t len, const struct query *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (!fold_may_match(src, len, q->t[i]))
			return 0;
	return 1;
}

int
query_short(const struct query *q, size_t len)
{
	size_t l;

	if (q->n != 1)
		return 0;
	fold_query_loose(q->t[0], &l);
	return l <= len;
}

/* When old was loose (neither case- nor accent-sensitive, so it matched
 * wherever its folded form occurs) and new's folded form extends old's,
 * new matches only where old did.  A case- or accent-sensitive old query
 * proves nothing: "Rusland" matches where "RUSLAND" did not. */
static int
term_narrows(const struct fold_query *old, const struct fold_query *new)
{
	size_t ol, nl;
	const char *o = fold_query_loose(old, &ol), *n = fold_query_loose(new,
	    &nl);

	return !fold_query_case_sensitive(old) &&
	    !fold_query_accent_sensitive(old) && nl >= ol &&
	    memcmp(o, n, ol) == 0;
}

int
query_narrows(const struct query *old, const struct query *new)
{
	size_t i, j;

	/* an article holding every term of new holds every term of old
	 * when each of old's is narrowed by one of new's */
	for (i = 0; i < old->n; i++) {
		for (j = 0; j < new->n; j++)
			if (term_narrows(old->t[i], new->t[j]))
				break;
		if (j == new->n)
			return 0;
	}
	return 1;
}

int
query_needs_src(const struct query *q)
{
	return q->n > 1 || fold_query_case_sensitive(q->t[0]) ||
	    fold_query_accent_sensitive(q->t[0]);
}

uint64_t
query_letters(const struct query *q)
{
	uint64_t m = 0;
	size_t i;

	for (i = 0; i < q->n; i++)
		m |= fold_query_letters(q->t[i]);
	return m;
}
