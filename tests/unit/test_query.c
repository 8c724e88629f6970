/* test_query.c - queries of several terms: the parser (quotes, stray "&",
 * empty terms, a lone "&" as plain text), merging the terms' matches, and
 * the counts of a whole search of "a & b" against a reference computed
 * here independently (a naive search of a made-up ASCII dossier). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "dossier.h"
#include "query.h"
#include "search.h"
#include "tap.h"
#include "util.h"

/* ---- the parser -------------------------------------------------------- */

/* The terms of q joined with '|', as query_parse() cuts them. */
static const char *
parsed(const char *q)
{
	static char out[512];
	size_t s[QUERY_MAX_TERMS], e[QUERY_MAX_TERMS], n, i, k = 0;

	n = query_parse(q, strlen(q), s, e);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			out[k++] = '|';
		memcpy(out + k, q + s[i], e[i] - s[i]);
		k += e[i] - s[i];
	}
	out[k] = '\0';
	return out;
}

static void
test_parse(void)
{
	static const struct { const char *q, *want; } cases[] = {
		{ "blair", "blair" },
		{ "blair & iraq", "blair|iraq" },
		{ "blair  &\tiraq & bush", "blair|iraq|bush" },
		{ "AT&T", "AT&T" },
		{ "AT &T", "AT &T" },
		{ "AT& T", "AT& T" },
		{ "&", "&" },
		{ " & ", " & " },
		{ "& &", "& &" },
		{ "blair &", "blair" },
		{ "blair & ", "blair" },
		{ "& iraq", "iraq" },
		{ " & iraq", "iraq" },
		{ "a & & b", "a|b" },
		{ "a &  & b", "a|b" },
		{ "\"interest rates\" & bank", "interest rates|bank" },
		{ "\"R & D\" & budget", "R & D|budget" },
		{ "\"R & D", "\"R & D" },
		{ "\"R & D\"", "\"R & D\"" },
		{ "\"interest rates\" &", "\"interest rates\"" },
		{ "\"R & D & x", "\"R & D & x" },
		{ "\"bal \" & x", "bal |x" },
		{ "\"\"x\"\" & y", "\"x\"|y" },
		{ "\"\" & x", "x" },
		{ "\"\"", "\"\"" },
		{ "say \"hi\" & x", "say \"hi\"|x" },
		{ " bal", " bal" },
		{ "bal ", "bal " },
		{ "", "" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++)
		is_str(parsed(cases[i].q), cases[i].want, "parse [%s]",
		    cases[i].q);
	{
		/* more terms than fit: the rest stays in the last one */
		char q[256] = "";
		size_t s[QUERY_MAX_TERMS], e[QUERY_MAX_TERMS];

		for (i = 0; i < QUERY_MAX_TERMS + 3; i++)
			strcat(q, i ? " & w" : "w");
		is_int(query_parse(q, strlen(q), s, e), QUERY_MAX_TERMS,
		    "at most %d terms", QUERY_MAX_TERMS);
	}
}

static void
test_new(void)
{
	struct query *q;

	q = query_new("a & & b", 7);
	ok(q && query_terms(q) == 2, "empty terms dropped");
	query_free(q);
	/* a term that folds to nothing (a soft hyphen) is dropped */
	q = query_new("a & \xc2\xad", 6);
	ok(q && query_terms(q) == 1, "a term folding to nothing dropped");
	query_free(q);
	ok(query_new("", 0) == NULL, "empty: no query");
	ok(query_new("  ", 2) == NULL, "spaces: no query");
	q = query_new("Blair & iraq", 12);
	ok(q && fold_query_case_sensitive(query_term(q, 0)) &&
	    !fold_query_case_sensitive(query_term(q, 1)),
	    "smart case per term");
	query_free(q);
}

/* ---- matches in one text ----------------------------------------------- */

/* The matches of query in text as "start-end ..." */
static const char *
matches(const char *text, const char *query)
{
	static char out[256];
	struct fold_seg seg = { 0, strlen(text) };
	struct fold_text *t = fold_text_new((const unsigned char *)text, &seg,
	    1);
	struct query *q = query_new(query, strlen(query));
	struct fold_match *v = NULL;
	size_t cap = 0, n, i, k = 0;

	n = query_find_all(t, (const unsigned char *)text, q, &v, &cap);
	out[0] = '\0';
	for (i = 0; i < n && k + 24 < sizeof out; i++)
		k += (size_t)snprintf(out + k, sizeof out - k, "%s%zu-%zu",
		    i ? " " : "", v[i].start, v[i].end);
	if (n != query_count(t, (const unsigned char *)text, q))
		snprintf(out, sizeof out, "count differs");
	free(v);
	query_free(q);
	fold_text_free(t);
	return out;
}

static void
test_matches(void)
{
	is_str(matches("iraq and blair, Iraq", "blair & iraq"),
	    "0-4 9-14 16-20", "merged in text order");
	is_str(matches("iraq and bush", "blair & iraq"), "",
	    "a missing term: no match at all");
	is_str(matches("banker bank", "bank & banker"), "0-6 7-11",
	    "overlaps: the longer at one start, once");
	is_str(matches("Blair blair iraq", "Blair & iraq"), "0-5 12-16",
	    "case kept for the capitalised term only");
	is_str(matches("AT&T", "AT&T"), "0-4", "a lone & is plain text");
	is_str(matches("R & D cuts, R and D", "\"R & D\" & cuts"), "0-5 6-10",
	    "a quoted phrase holding \" & \"");
	is_str(matches("R & D, \u201cR & D\u201d", "\"R & D\""), "7-18",
	    "one quoted term: quotes and all");
	is_str(matches("rates of interest, interest rates rose", 
	    "\"interest rates\" & rose"), "19-33 34-38", "a phrase and a word");
}

/* ---- a whole dossier against a naive reference -------------------------- */

#define NDOCS 60
#define NWORDS 40

/* words no one of which holds another */
static const char *const vocab[] = {
	"blair", "iraq", "bush", "oil", "vote", "rates", "bank", "peace",
	"treaty", "army",
};

static uint32_t rng = 12345;

static uint32_t
rnd(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 16;
}

/* Non-overlapping occurrences of w in s, the naive way. */
static size_t
naive(const char *s, const char *w)
{
	size_t n = 0, l = strlen(w);
	const char *p = s;

	while ((p = strstr(p, w)) != NULL) {
		n++;
		p += l;
	}
	return n;
}

static void
test_dossier(void)
{
	static const char *const queries[][3] = {
		{ "blair", NULL, NULL }, { "blair", "iraq", NULL },
		{ "oil", "bank", "army" }, { "peace", "treaty", NULL },
		{ "iraq", "iraq", NULL },
	};
	struct dossier ds = { 0 };
	char *texts[NDOCS];
	size_t i, j, k;

	ds.docs = xcalloc(NDOCS, sizeof *ds.docs);
	for (i = 0; i < NDOCS; i++) {
		struct buf b = { 0 };
		size_t words = 1 + rnd() % NWORDS;
		char path[32];

		for (j = 0; j < words; j++) {
			buf_adds(&b, vocab[rnd() % (i % 3 ? 10 : 4)]);
			buf_adds(&b, j % 7 == 6 ? "\n\n" : " ");
		}
		texts[i] = xstrndup(b.data, b.len);
		snprintf(path, sizeof path, "t/%02zu.txt", i + 1);
		doc_init(&ds.docs[i], path, (unsigned char *)b.data, b.len);
	}
	ds.n = ds.cap = NDOCS;
	for (k = 0; k < sizeof queries / sizeof *queries; k++) {
		struct search s;
		struct buf q = { 0 };
		size_t want = 0, arts = 0, bad = 0, t;

		for (t = 0; t < 3 && queries[k][t]; t++)
			buf_printf(&q, "%s%s", t ? " & " : "", queries[k][t]);
		search_init(&s, ds.n);
		search_start(&s, q.data, q.len, 7, 0);
		while (!search_step(&s, &ds, 100))
			;
		for (i = 0; i < NDOCS; i++) {
			size_t n = 0, all = 1;

			for (t = 0; t < 3 && queries[k][t]; t++) {
				size_t c = naive(texts[i], queries[k][t]);

				all &= c > 0;
				/* a term given twice matches the same places */
				if (!(t && strcmp(queries[k][t],
				    queries[k][t - 1]) == 0))
					n += c;
			}
			n = all ? n : 0;
			want += n;
			arts += n > 0;
			search_list(&s, &ds, i);
			bad += s.hits[i].n != n;
			for (j = 1; j < s.hits[i].n; j++)
				bad += s.hits[i].v[j].start <
				    s.hits[i].v[j - 1].end;
		}
		ok(bad == 0 && s.total == want && s.articles == arts,
		    "[%s]: %zu matches in %zu articles (want %zu in %zu)",
		    q.data, s.total, s.articles, want, arts);
		search_free(&s);
		buf_free(&q);
	}
	for (i = 0; i < NDOCS; i++) {
		free(texts[i]);
		doc_free(&ds.docs[i]);
	}
	free(ds.docs);
}

static void
test_narrows(void)
{
	struct query *a = query_new("blair", 5), *ab = query_new("blair & ir",
	    10), *abc = query_new("blair & iraq", 12), *B = query_new("Blair",
	    5), *x = query_new("iraq", 4);

	ok(query_narrows(a, ab), "adding a term narrows");
	ok(query_narrows(ab, abc), "growing a term narrows");
	ok(!query_narrows(ab, a), "dropping a term does not");
	ok(!query_narrows(B, abc), "a case-sensitive term proves nothing");
	ok(query_narrows(x, abc), "any term of the new query may narrow");
	ok(query_short(a, 5) && !query_short(abc, 100), "short: one term only");
	query_free(a);
	query_free(ab);
	query_free(abc);
	query_free(B);
	query_free(x);
}

int
main(void)
{
	test_parse();
	test_new();
	test_matches();
	test_dossier();
	test_narrows();
	return tap_done();
}
