/* test_search.c - searching the whole dossier: stepping article by article,
 * totals and article counts, finding, next and previous across articles
 * with wrapping, ordinals, narrowing a growing query, empty queries.
 *
 * Folding and matching inside one text are test_fold.c's; here every count
 * is also checked against fold_count() of each article, and every place
 * search_find() and search_next() give against a plain model: the flat list
 * of all matches of the dossier in article order. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "dossier.h"
#include "fold.h"
#include "search.h"
#include "tap.h"
#include "util.h"

#define MAXDOCS 8

/* ---- helpers ------------------------------------------------------------ */

/* A dossier of n articles made from the given texts (no files). */
static void
make_dossier(struct dossier *ds, const char *const *texts, size_t n)
{
	size_t i;

	memset(ds, 0, sizeof *ds);
	ds->docs = xcalloc(n ? n : 1, sizeof *ds->docs);
	for (i = 0; i < n; i++) {
		size_t len = strlen(texts[i]);
		unsigned char *copy = xmalloc(len + 1);
		char path[32];

		memcpy(copy, texts[i], len);
		snprintf(path, sizeof path, "t/%02zu.txt", i + 1);
		doc_init(&ds->docs[i], path, copy, len);
	}
	ds->n = ds->cap = n;
}

/* s with control and non-ASCII bytes escaped, for test names. */
static const char *
esc(const char *s)
{
	static char bufs[4][256];
	static int next;
	char *b = bufs[next++ % 4];
	size_t n = 0;

	for (; *s && n + 5 < sizeof bufs[0]; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			n += (size_t)sprintf(b + n, "\\n");
		else if (c == '\r')
			n += (size_t)sprintf(b + n, "\\r");
		else if (c < 0x20 || c >= 0x7F)
			n += (size_t)sprintf(b + n, "\\x%02X", c);
		else
			b[n++] = (char)c;
	}
	b[n] = '\0';
	return b;
}

/* Run a whole search; returns the number of steps it took. */
static size_t
run(struct search *s, struct dossier *ds, const char *query, size_t first,
    int backward, size_t budget)
{
	size_t steps = 0;

	search_start(s, query, strlen(query), first, backward);
	while (steps < 10000) {
		steps++;
		if (search_step(s, ds, budget))
			break;
	}
	return steps;
}

/* The matches of q in article i by fold_count(), independently of the
 * search module. */
static size_t
count_in(struct dossier *ds, size_t i, const char *query)
{
	struct fold_query *q = fold_query_new(query, strlen(query));
	size_t n = 0;

	if (q && dossier_need_index(ds, i) == 0)
		n = fold_count(ds->docs[i].fold, ds->docs[i].src, q);
	fold_query_free(q);
	return n;
}

/* Do total, articles and every article's count agree with fold_count(),
 * and does every article's list (after search_list()) agree with
 * fold_find_all()?  Returns the number of disagreements. */
static size_t
check_counts(struct search *s, struct dossier *ds, const char *query)
{
	struct fold_query *q = fold_query_new(query, strlen(query));
	struct fold_match *v = NULL;
	size_t cap = 0, i, n, sum = 0, arts = 0, bad = 0;

	if (!q) {
		/* an empty query: nothing found, nothing left to do */
		for (i = 0; i < ds->n; i++)
			bad += s->hits[i].n != 0;
		if (bad || s->total || s->articles || s->q ||
		    !search_complete(s))
			bad++, diag("  \"%s\": an empty query found something",
			    esc(query));
		return bad;
	}
	for (i = 0; i < ds->n; i++) {
		n = count_in(ds, i, query);
		sum += n;
		arts += n > 0;
		if (s->hits[i].n != n || !s->hits[i].done) {
			bad++;
			diag("  \"%s\": article %zu: %zu hits, fold_count %zu",
			    esc(query), i, s->hits[i].n, n);
		}
		search_list(s, ds, i);
		if (dossier_need_index(ds, i) < 0)
			continue;
		n = fold_find_all(ds->docs[i].fold, ds->docs[i].src, q, &v,
		    &cap);
		if (s->hits[i].n != n || (n && memcmp(s->hits[i].v, v,
		    n * sizeof *v) != 0)) {
			bad++;
			diag("  \"%s\": article %zu: the listed matches differ",
			    esc(query), i);
		}
	}
	if (s->total != sum || s->articles != arts) {
		bad++;
		diag("  \"%s\": total %zu in %zu articles, want %zu in %zu",
		    esc(query), s->total, s->articles, sum, arts);
	}
	free(v);
	fold_query_free(q);
	return bad;
}

/* ---- the model: every match of the dossier in article order ------------ */

struct place { size_t doc, idx, start; };

static size_t
flatten(struct search *s, struct dossier *ds, struct place **out)
{
	struct place *p = NULL;
	size_t cap = 0, n = 0, i, j;

	for (i = 0; i < s->ndocs; i++) {
		search_list(s, ds, i);
		for (j = 0; j < s->hits[i].n; j++) {
			GROW(p, cap, n + 1);
			p[n].doc = i;
			p[n].idx = j;
			p[n].start = s->hits[i].v[j].start;
			n++;
		}
	}
	*out = p;
	return n;
}

/* The model's search_find(): forward, the first match at or after
 * (doc, off); backward, the last one before it; else wrap around. */
static int
model_find(const struct place *p, size_t n, size_t doc, size_t off,
    int backward, size_t *k, int *wrapped)
{
	size_t i;

	*wrapped = 0;
	if (!n)
		return 0;
	if (!backward) {
		for (i = 0; i < n; i++)
			if (p[i].doc > doc || (p[i].doc == doc &&
			    p[i].start >= off)) {
				*k = i;
				return 1;
			}
		*k = 0;
	} else {
		for (i = n; i-- > 0;)
			if (p[i].doc < doc || (p[i].doc == doc &&
			    p[i].start < off)) {
				*k = i;
				return 1;
			}
		*k = n - 1;
	}
	*wrapped = 1;
	return 1;
}

/* Compare search_find(), search_next() and search_ordinal() with the model
 * at every byte of every article; returns the disagreements. */
static size_t
check_moves(struct search *s, struct dossier *ds, const char *what)
{
	struct place *p;
	size_t n = flatten(s, ds, &p), bad = 0, d, off, k, i, md, mi;
	int back, w, mw, r, mr;

	for (d = 0; d < ds->n; d++) {
		for (off = 0; off <= ds->docs[d].len + 1; off++) {
			for (back = 0; back <= 1; back++) {
				md = mi = (size_t)-1;
				r = search_find(s, d, off, back, &md, &mi, &w);
				mr = model_find(p, n, d, off, back, &k, &mw);
				if (r != mr || (r && (md != p[k].doc ||
				    mi != p[k].idx || w != mw))) {
					if (bad++ < 5)
						diag("  %s: find(%zu, %zu, %s) "
						    "gave %d %zu/%zu%s", what,
						    d, off, back ? "back" :
						    "fwd", r, md, mi,
						    w ? " wrapped" : "");
				}
			}
		}
	}
	for (i = 0; i < n; i++) {
		for (back = 0; back <= 1; back++) {
			size_t want = back ? (i ? i - 1 : n - 1) :
			    (i + 1 < n ? i + 1 : 0);
			int wantw = back ? i == 0 : i + 1 == n;

			r = search_next(s, p[i].doc, p[i].idx, back, &md, &mi,
			    &w);
			if (!r || md != p[want].doc || mi != p[want].idx ||
			    w != wantw) {
				if (bad++ < 5)
					diag("  %s: next(%zu, %zu, %s) gave %d "
					    "%zu/%zu%s", what, p[i].doc,
					    p[i].idx, back ? "back" : "fwd", r,
					    md, mi, w ? " wrapped" : "");
			}
		}
		if (search_ordinal(s, p[i].doc, p[i].idx) != i + 1) {
			if (bad++ < 5)
				diag("  %s: ordinal of %zu/%zu is %zu, want %zu",
				    what, p[i].doc, p[i].idx, search_ordinal(s,
				    p[i].doc, p[i].idx), i + 1);
		}
	}
	free(p);
	return bad;
}

/* ---- a table of queries over small dossiers ---------------------------- */

struct tcase {
	const char *texts[4];
	const char *query;
	int counts[4];
	const char *first;      /* the bytes of the first match, or NULL */
};

#define H "Title: 0\n\n"

static const struct tcase cases[] = {
	/* accents */
	{ { H "De Oekraïne en Oekraine.", H "niets", H "OEKRAÏNE" },
	  "oekraine", { 2, 0, 1 }, "Oekraïne" },
	{ { H "De Oekraïne en Oekraine.", H "niets", H "OEKRAÏNE" },
	  "oekraïne", { 1, 0, 1 }, "Oekraïne" },
	{ { H "De Oekraïne en Oekraine.", H "niets", H "OEKRAÏNE" },
	  "Oekraïne", { 1, 0, 0 }, "Oekraïne" },
	{ { H "De Oekraïne en Oekraine.", H "niets", H "OEKRAÏNE" },
	  "OEKRAINE", { 0, 0, 1 }, "OEKRAÏNE" },
	/* decomposed and precomposed */
	{ { H "Oekrai\xCC\x88ne", H "Oekraïne", H "Oekraine" },
	  "oekraïne", { 1, 1, 0 }, "Oekrai\xCC\x88ne" },
	{ { H "Oekrai\xCC\x88ne", H "Oekraïne", H "Oekraine" },
	  "oekrai\xCC\x88ne", { 1, 1, 0 }, "Oekrai\xCC\x88ne" },
	{ { H "Oekrai\xCC\x88ne", H "Oekraïne", H "Oekraine" },
	  "oekraine", { 1, 1, 1 }, "Oekrai\xCC\x88ne" },
	{ { H "Oekrai\xCC\x88ne", H "Oekraïne", H "Oekraine" },
	  "Oekrai\xCC\x88", { 1, 1, 0 }, "Oekrai\xCC\x88" },
	/* full case folding, both case rules */
	{ { H "de Straße", H "de STRASSE", H "de strasse" },
	  "straße", { 1, 1, 1 }, "Straße" },
	{ { H "de Straße", H "de STRASSE", H "de strasse" },
	  "strasse", { 1, 1, 1 }, "Straße" },
	{ { H "de Straße", H "de STRASSE", H "de strasse" },
	  "STRASSE", { 0, 1, 0 }, "STRASSE" },
	{ { H "de Straße", H "de STRASSE", H "de strasse" },
	  "Straße", { 1, 0, 0 }, "Straße" },
	/* smart case */
	{ { H "rusland Rusland", H "RUSLAND", H "Ruslands" },
	  "rusland", { 2, 1, 1 }, "rusland" },
	{ { H "rusland Rusland", H "RUSLAND", H "Ruslands" },
	  "Rusland", { 1, 0, 1 }, "Rusland" },
	/* typography */
	{ { H "Zelensky: „nu ligt de bal bij Rusland”.", H "nu ligt de bal",
	    H "nu ligt de bal bij Rusland" },
	  "nu ligt de bal bij rusland", { 1, 0, 1 },
	  "nu ligt de bal bij Rusland" },
	{ { H "Zelensky: „nu ligt de bal bij Rusland”.", H "nu ligt de bal",
	    H "nu ligt de bal bij Rusland" },
	  "\"nu ligt de bal bij rusland\"", { 1, 0, 0 },
	  "„nu ligt de bal bij Rusland”" },
	{ { H "Oekraïne’s grens", H "Oekraïne's grens", H "Oekraïnes" },
	  "oekraine's", { 1, 1, 0 }, "Oekraïne’s" },
	{ { H "staakt‑het‑vuren", H "staakt–het—vuren", H "staakt het vuren" },
	  "staakt-het-vuren", { 1, 1, 0 }, "staakt‑het‑vuren" },
	/* a line break inside a paragraph is a space; a blank line is not */
	{ { H "nu ligt\nde bal\r\nbij Rusland.\n\nMeer.",
	    H "nu ligt de\n\nbal bij Rusland.", H "nu  ligt \t de bal" },
	  "ligt de bal", { 1, 0, 1 }, "ligt\nde bal" },
	{ { H "nu ligt\nde bal\r\nbij Rusland.\n\nMeer.",
	    H "nu ligt de\n\nbal bij Rusland.", H "x" },
	  "bal bij rusland", { 1, 1, 0 }, "bal\r\nbij Rusland" },
	{ { H "a\xC2\xA0" "b", H "a \n b\nc.\n\nz", H "ab" },
	  "a b", { 1, 1, 0 }, "a\xC2\xA0" "b" },
	/* invalid bytes in the text and in the query (each text holds as
	 * many good UTF-8 letters as bad bytes: it is UTF-8, not Latin-1) */
	{ { H "\xC3\xA9\xC3\xA9 ab\xFF" "cd\xC3", H "cd", H "\xC3\xA9 c\xFF" "d" },
	  "cd", { 1, 1, 0 }, "cd" },
	{ { H "\xC3\xA9\xC3\xA9 ab\xFF" "cd\xC3", H "cd", H "\xC3\xA9 c\xFF" "d" },
	  "b\xFF" "c", { 1, 0, 0 }, "b\xFF" "c" },
	{ { H "\xC3\xA9\xC3\xA9 ab\xFF" "cd\xC3", H "cd", H "\xC3\xA9 c\xFF" "d" },
	  "\xEF\xBF\xBD", { 2, 0, 1 }, "\xFF" },
	/* plain text, not a pattern */
	{ { H "a.c abc", H "[x]*", H "x" },
	  "a.c", { 1, 0, 0 }, "a.c" },
	/* nothing matches anywhere */
	{ { H "een", H "twee", H "drie" },
	  "oekraine", { 0, 0, 0 }, NULL },
};

static void
test_table(void)
{
	struct dossier ds;
	struct search s;
	size_t i, j, n, bad;
	char got[256];

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct tcase *c = &cases[i];
		int total = 0, arts = 0;

		for (n = 0; n < 4 && c->texts[n]; n++)
			;
		make_dossier(&ds, c->texts, n);
		search_init(&s, ds.n);
		run(&s, &ds, c->query, 0, 0, 0);
		bad = 0;
		for (j = 0; j < n; j++) {
			total += c->counts[j];
			arts += c->counts[j] > 0;
			if (s.hits[j].n != (size_t)c->counts[j])
				bad++, diag("  article %zu: %zu, want %d", j,
				    s.hits[j].n, c->counts[j]);
		}
		ok(bad == 0 && s.total == (size_t)total &&
		    s.articles == (size_t)arts,
		    "\"%s\": %d in %d articles, each article right",
		    esc(c->query), total, arts);
		is_int(check_counts(&s, &ds, c->query), 0,
		    "\"%s\": counts equal fold_count per article",
		    esc(c->query));
		if (c->first) {
			for (j = 0; j < n && !s.hits[j].n; j++)
				;
			got[0] = '\0';
			if (j < n) {
				search_list(&s, &ds, j);
				snprintf(got, sizeof got, "%.*s",
				    (int)(s.hits[j].v[0].end -
				    s.hits[j].v[0].start), (const char *)
				    ds.docs[j].src + s.hits[j].v[0].start);
			}
			is_str(esc(got), esc(c->first), "\"%s\": the first match",
			    esc(c->query));
		}
		search_free(&s);
		dossier_free(&ds);
	}
}

/* ---- empty queries and nothing found -------------------------------------- */

static void
test_empty(void)
{
	static const char *const texts[] = { H "de bal", H "bal", H "x" };
	static const char *const none[] = { "", " ", "\t\n \r", "\xC2\xA0",
	    "\xC2\xAD", "\xE2\x80\x8B" };
	struct dossier ds;
	struct search s;
	size_t i, md = 99, mi = 99;
	int w = 7, r;

	make_dossier(&ds, texts, 3);
	search_init(&s, ds.n);
	for (i = 0; i < sizeof none / sizeof none[0]; i++) {
		r = search_start(&s, none[i], strlen(none[i]), 1, 0);
		is_int(r, 0, "empty query \"%s\": search_start says so",
		    esc(none[i]));
		ok(s.q == NULL && search_complete(&s) &&
		    search_step(&s, &ds, 1) == 1 && s.total == 0 &&
		    s.articles == 0,
		    "empty query \"%s\": complete at once, nothing found",
		    esc(none[i]));
		ok(search_find(&s, 0, 0, 0, &md, &mi, &w) == 0 &&
		    search_find(&s, 1, 3, 1, &md, &mi, &w) == 0 &&
		    search_next(&s, 0, 0, 0, &md, &mi, &w) == 0 &&
		    search_first(&s, 0, &md, &mi, &w) == 0,
		    "empty query \"%s\": nothing to find or step to",
		    esc(none[i]));
	}
	/* an empty query after a real one forgets it */
	run(&s, &ds, "bal", 0, 0, 0);
	is_int(s.total, 2, "bal: 2 matches");
	search_start(&s, "", 0, 0, 0);
	ok(s.total == 0 && s.articles == 0 && s.hits[0].n == 0 &&
	    s.hits[1].n == 0 && s.text == NULL,
	    "an empty query forgets the last search");

	/* a dossier where nothing matches */
	run(&s, &ds, "oekraine", 2, 0, 1);
	ok(search_complete(&s) && s.total == 0 && s.articles == 0,
	    "no match: complete, 0 matches in 0 articles");
	ok(search_find(&s, 1, 0, 0, &md, &mi, &w) == 0 &&
	    search_find(&s, 1, 0, 1, &md, &mi, &w) == 0,
	    "no match: search_find finds nothing either way");
	ok(search_next(&s, 1, 0, 0, &md, &mi, &w) == 0 &&
	    search_next(&s, 1, 0, 1, &md, &mi, &w) == 0,
	    "no match: search_next finds nothing either way");
	is_int(search_first(&s, 0, &md, &mi, &w), 0,
	    "no match: search_first finds nothing");
	search_free(&s);
	dossier_free(&ds);

	/* a dossier of no articles at all */
	make_dossier(&ds, texts, 0);
	search_init(&s, 0);
	search_start(&s, "bal", 3, 0, 0);
	ok(search_step(&s, &ds, 0) == 1 && s.total == 0,
	    "no articles: the search is complete at once");
	ok(search_find(&s, 0, 0, 0, &md, &mi, &w) == 0,
	    "no articles: nothing found");
	search_free(&s);
	dossier_free(&ds);
}

/* ---- stepping ------------------------------------------------------------ */

static const char *const five[] = {
	H "Oekraïne een. De bal.",                    /* 1 oekraine */
	H "Niets hier.",                              /* 0 */
	H "Oekraine twee, Oekraïne drie.\n\nOEKRAÏNE", /* 3 */
	H "Oekraïne vier.",                           /* 1 */
	H "Geen.",                                    /* 0 */
};

static void
test_steps(void)
{
	struct dossier ds;
	struct search s;
	size_t i, order[5], k, md, mi, steps, bad;
	int w, r, complete;
	static const size_t fwd[5] = { 2, 3, 4, 0, 1 };
	static const size_t back[5] = { 2, 1, 0, 4, 3 };

	make_dossier(&ds, five, 5);
	search_init(&s, ds.n);

	/* budget 1: one article per step, the given one first */
	for (int backward = 0; backward <= 1; backward++) {
		const size_t *want = backward ? back : fwd;
		size_t totals[5] = { 0 };
		size_t running = 0;

		/* a search that knows no last one (nothing narrowed or
		 * remembered) */
		search_free(&s);
		search_init(&s, ds.n);
		ok(search_start(&s, "oekraine", 8, 2, backward) == 1,
		    "%s: search_start from article 3",
		    backward ? "backward" : "forward");
		ok(!search_complete(&s) && s.searched == 0 && s.total == 0,
		    "%s: nothing searched before the first step",
		    backward ? "backward" : "forward");
		bad = 0;
		for (k = 0; k < 5; k++) {
			int was[5];
			size_t known = backward ? ds.docs[2].len : 0;
			size_t beyond = backward ? 0 : ds.docs[2].len;

			for (i = 0; i < 5; i++)
				was[i] = s.hits[i].done;
			complete = search_step(&s, &ds, 1);
			order[k] = 5;
			for (i = 0; i < 5; i++)
				if (s.hits[i].done && !was[i])
					order[k] = order[k] == 5 ? i : 6;
			if (order[k] < 5)
				running += count_in(&ds, order[k], "oekraine");
			totals[k] = s.total;
			if (s.searched != k + 1 || order[k] != want[k] ||
			    complete != (k == 4) || s.total != running)
				bad++, diag("  step %zu: searched %zu, article "
				    "%zu, complete %d, total %zu", k,
				    s.searched, order[k], complete, s.total);
			if (k == 0) {
				r = search_first(&s, known, &md, &mi, &w);
				ok(r == 1 && md == 2 && mi == (backward ? 2 : 0) &&
				    !w, "%s: after one step the first match in "
				    "article 3 is known", backward ?
				    "backward" : "forward");
				r = search_first(&s, beyond, &md, &mi, &w);
				is_int(r, -1, "%s: ... but not one beyond it, "
				    "with articles on the way unsearched",
				    backward ? "backward" : "forward");
			}
		}
		is_int(bad, 0, "%s: budget 1 searches article by article: "
		    "3 4 5 1 2 / 3 2 1 5 4, the total growing",
		    backward ? "backward" : "forward");
		is_int(totals[4], 5, "%s: 5 matches in the end",
		    backward ? "backward" : "forward");
		is_int(s.articles, 3, "%s: in 3 articles",
		    backward ? "backward" : "forward");
		is_int(search_step(&s, &ds, 1), 1,
		    "%s: a step after the end: still complete",
		    backward ? "backward" : "forward");
		is_int(s.total, 5, "%s: ... and nothing counted twice",
		    backward ? "backward" : "forward");
		is_int(check_counts(&s, &ds, "oekraine"), 0,
		    "%s: counts equal fold_count per article",
		    backward ? "backward" : "forward");
	}

	/* search_first once complete: from the start article and offset */
	run(&s, &ds, "oekraine", 2, 0, 0);
	search_list(&s, &ds, 2);
	r = search_first(&s, s.hits[2].v[1].start, &md, &mi, &w);
	ok(r == 1 && md == 2 && mi == 1 && !w,
	    "search_first forward: at the offset's match");
	r = search_first(&s, s.hits[2].v[2].end, &md, &mi, &w);
	ok(r == 1 && md == 3 && mi == 0 && !w,
	    "search_first forward: past the last match, the next article");
	run(&s, &ds, "oekraine", 2, 1, 0);
	r = search_first(&s, s.hits[2].v[1].start, &md, &mi, &w);
	ok(r == 1 && md == 2 && mi == 0 && !w,
	    "search_first backward: the match before the offset");
	r = search_first(&s, 0, &md, &mi, &w);
	ok(r == 1 && md == 0 && mi == 0 && !w,
	    "search_first backward: before the first match, the article before");

	/* budget 0: all at once; a large budget: one step too */
	steps = run(&s, &ds, "oekraine", 4, 0, 0);
	ok(steps == 1 && s.total == 5, "budget 0: one step does it all");
	steps = run(&s, &ds, "oekraine", 4, 0, 1 << 20);
	ok(steps == 1 && s.total == 5, "a large budget: one step too");
	steps = run(&s, &ds, "oekraine", 4, 0,
	    ds.docs[4].len + ds.docs[0].len + 2);
	ok(steps >= 2 && steps <= 3 && s.total == 5,
	    "a budget of about two articles: %zu steps", steps);

	/* a first article out of range starts from the first */
	search_free(&s);
	search_init(&s, ds.n);
	search_start(&s, "oekraine", 8, 99, 0);
	search_step(&s, &ds, 1);
	ok(s.hits[0].done && s.searched == 1,
	    "a first article out of range: article 1 is searched first");

	/* a new query forgets the last, even half-way */
	search_start(&s, "oekraine", 8, 0, 0);
	search_step(&s, &ds, 1);
	search_start(&s, "bal", 3, 3, 0);
	ok(s.total == 0 && s.searched == 0 && !s.hits[0].done,
	    "a new search while one runs forgets it");
	while (!search_step(&s, &ds, 1))
		;
	ok(s.total == 1 && s.articles == 1 && s.hits[0].n == 1,
	    "... and finds its own matches");
	ok(s.text && strcmp(s.text, "bal") == 0, "the query is kept as typed");

	search_free(&s);
	dossier_free(&ds);
}

/* ---- finding, next, previous, ordinals ------------------------------------- */

static void
test_moves(void)
{
	struct dossier ds;
	struct search s;
	size_t md, mi, a0, a2;
	int w, r;

	make_dossier(&ds, five, 5);
	search_init(&s, ds.n);
	run(&s, &ds, "oekraine", 0, 0, 0);
	search_list(&s, &ds, 0);
	search_list(&s, &ds, 2);
	search_list(&s, &ds, 3);
	a0 = s.hits[0].v[0].start;
	a2 = s.hits[2].v[1].start;

	/* forward */
	r = search_find(&s, 0, 0, 0, &md, &mi, &w);
	ok(r == 1 && md == 0 && mi == 0 && !w, "find forward from the top");
	r = search_find(&s, 0, a0, 0, &md, &mi, &w);
	ok(r == 1 && md == 0 && mi == 0 && !w,
	    "find forward from a match's first byte: that match");
	r = search_find(&s, 0, a0 + 1, 0, &md, &mi, &w);
	ok(r == 1 && md == 2 && mi == 0 && !w,
	    "find forward from inside the last match of article 1: "
	    "article 3, skipping article 2");
	r = search_find(&s, 1, 0, 0, &md, &mi, &w);
	ok(r == 1 && md == 2 && mi == 0 && !w,
	    "find forward in an article without matches: the next one's");
	r = search_find(&s, 2, a2, 0, &md, &mi, &w);
	ok(r == 1 && md == 2 && mi == 1 && !w, "find forward: the middle match");
	r = search_find(&s, 3, ds.docs[3].len, 0, &md, &mi, &w);
	ok(r == 1 && md == 0 && mi == 0 && w,
	    "find forward past the last match of the dossier wraps to the first");
	r = search_find(&s, 4, 0, 0, &md, &mi, &w);
	ok(r == 1 && md == 0 && mi == 0 && w,
	    "find forward in the last article wraps");

	/* backward */
	r = search_find(&s, 2, a2 + 1, 1, &md, &mi, &w);
	ok(r == 1 && md == 2 && mi == 1 && !w,
	    "find backward from inside a match: that match");
	r = search_find(&s, 2, a2, 1, &md, &mi, &w);
	ok(r == 1 && md == 2 && mi == 0 && !w,
	    "find backward from a match's first byte: the one before");
	r = search_find(&s, 2, 0, 1, &md, &mi, &w);
	ok(r == 1 && md == 0 && mi == 0 && !w,
	    "find backward before the first match of article 3: article 1's "
	    "last, skipping article 2");
	r = search_find(&s, 0, a0, 1, &md, &mi, &w);
	ok(r == 1 && md == 3 && mi == 0 && w,
	    "find backward before the first match of the dossier wraps to the "
	    "last");
	r = search_find(&s, 4, 0, 1, &md, &mi, &w);
	ok(r == 1 && md == 3 && mi == 0 && !w,
	    "find backward from the last article: article 4's match");
	r = search_find(&s, 9, 0, 0, &md, &mi, &w);
	is_int(r, 0, "find in an article out of range: nothing");

	/* next and previous */
	r = search_next(&s, 0, 0, 0, &md, &mi, &w);
	ok(r == 1 && md == 2 && mi == 0 && !w,
	    "next across articles, skipping one without matches");
	r = search_next(&s, 2, 0, 0, &md, &mi, &w);
	ok(r == 1 && md == 2 && mi == 1 && !w, "next inside an article");
	r = search_next(&s, 2, 2, 0, &md, &mi, &w);
	ok(r == 1 && md == 3 && mi == 0 && !w, "next into the next article");
	r = search_next(&s, 3, 0, 0, &md, &mi, &w);
	ok(r == 1 && md == 0 && mi == 0 && w, "next from the last match wraps");
	r = search_next(&s, 0, 0, 1, &md, &mi, &w);
	ok(r == 1 && md == 3 && mi == 0 && w,
	    "previous from the first match wraps to the last");
	r = search_next(&s, 2, 0, 1, &md, &mi, &w);
	ok(r == 1 && md == 0 && mi == 0 && !w,
	    "previous across articles, skipping one without matches");
	r = search_next(&s, 3, 0, 1, &md, &mi, &w);
	ok(r == 1 && md == 2 && mi == 2 && !w,
	    "previous into the last match of the article before");

	/* ordinals */
	ok(search_ordinal(&s, 0, 0) == 1 && search_ordinal(&s, 2, 0) == 2 &&
	    search_ordinal(&s, 2, 2) == 4 && search_ordinal(&s, 3, 0) == 5,
	    "ordinals 1, 2, 4, 5 of 5");

	is_int(check_moves(&s, &ds, "oekraine"), 0,
	    "find, next and ordinal at every byte agree with the model");

	/* one match in the whole dossier: next wraps to itself */
	run(&s, &ds, "vier", 1, 0, 0);
	r = search_next(&s, 3, 0, 0, &md, &mi, &w);
	ok(r == 1 && md == 3 && mi == 0 && w,
	    "a single match: next wraps to itself");
	r = search_next(&s, 3, 0, 1, &md, &mi, &w);
	ok(r == 1 && md == 3 && mi == 0 && w,
	    "a single match: previous wraps to itself");
	r = search_find(&s, 3, ds.docs[3].len, 0, &md, &mi, &w);
	ok(r == 1 && md == 3 && mi == 0 && w,
	    "a single match: find past it wraps to it");
	is_int(check_moves(&s, &ds, "vier"), 0,
	    "a single match: everything agrees with the model");

	/* short queries are counted first, listed on demand */
	run(&s, &ds, "e", 2, 0, 0);
	is_int(check_counts(&s, &ds, "e"), 0,
	    "a one-letter query: counts and lists right");
	is_int(check_moves(&s, &ds, "e"), 0,
	    "a one-letter query: moves agree with the model");
	run(&s, &ds, "de", 0, 1, 1);
	is_int(check_counts(&s, &ds, "de"), 0,
	    "a two-letter query backward: counts and lists right");
	is_int(check_moves(&s, &ds, "de"), 0,
	    "a two-letter query: moves agree with the model");

	search_free(&s);
	dossier_free(&ds);
}

/* ---- a growing query, as typed ------------------------------------------ */

static uint64_t rng = 0x2545F4914F6CDD1Du;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static const char *pieces[] = {
	"a", "b", "e", "s", "A", "E", "S", "de ", "bal", " ", "\n", "\n\n",
	"\r\n", "ë", "é", "É", "e\xCC\x81", "i\xCC\x88", "ï", "ß", "SS", "ẞ",
	"’", "'", "„", "\"", "–", "-", "\xC2\xA0", "\xC2\xAD", "\xFF", "\xC3",
	"Rusland", "rusland", "Oekraïne", "oekraine",
};

/* Type queries character by character (as the reader does), the search
 * of each keystroke interrupted or finished, and compare every finished
 * search with a fresh one: narrowing the last hits must give the same. */
static void
test_typing(void)
{
	const char *texts[MAXDOCS];
	char *owned[MAXDOCS];
	struct buf b = { 0 }, q = { 0 };
	struct dossier ds;
	struct search s, fresh;
	size_t it, i, n, nd, k, bad = 0, finished = 0;
	int iters = 300;

	for (it = 0; it < (size_t)iters; it++) {
		nd = 1 + rnd(MAXDOCS);
		for (i = 0; i < nd; i++) {
			b.len = 0;
			buf_adds(&b, H);
			n = rnd(40);
			for (k = 0; k < n; k++)
				buf_adds(&b, pieces[rnd(sizeof pieces /
				    sizeof pieces[0])]);
			owned[i] = xstrndup(b.data, b.len);
			texts[i] = owned[i];
		}
		make_dossier(&ds, texts, nd);
		search_init(&s, nd);
		/* the query: a few pieces, typed a byte at a time (as a
		 * paste would come) or a piece at a time */
		q.len = 0;
		buf_adds(&q, "");
		n = 1 + rnd(4);
		for (k = 0; k < n; k++) {
			const char *p = pieces[rnd(sizeof pieces /
			    sizeof pieces[0])];
			size_t plen = strlen(p), j;
			int bytewise = rnd(2);

			for (j = 0; j < plen; j++) {
				buf_addc(&q, p[j]);
				if (bytewise || j + 1 == plen) {
					size_t first = rnd((uint32_t)nd);

					search_start(&s, q.data, q.len, first,
					    (int)rnd(2));
					/* sometimes the next key comes before
					 * the search is done */
					if (rnd(3))
						while (!search_step(&s, &ds,
						    1 + rnd(64)))
							;
					else
						search_step(&s, &ds, 1);
					if (!search_complete(&s))
						continue;
					finished++;
					search_init(&fresh, nd);
					search_start(&fresh, q.data, q.len, 0,
					    0);
					search_step(&fresh, &ds, 0);
					if (fresh.total != s.total ||
					    fresh.articles != s.articles ||
					    check_counts(&s, &ds, q.data)) {
						if (bad++ < 5)
							diag("  typing \"%s\": "
							    "%zu in %zu, fresh "
							    "%zu in %zu", esc(
							    q.data), s.total,
							    s.articles,
							    fresh.total,
							    fresh.articles);
					}
					search_free(&fresh);
				}
			}
		}
		if (rnd(4) == 0 && check_moves(&s, &ds, "random"))
			bad++;
		search_free(&s);
		dossier_free(&ds);
		for (i = 0; i < nd; i++)
			free(owned[i]);
	}
	is_int(bad, 0, "%d dossiers, queries typed key by key: every finished "
	    "search as a fresh one (%zu)", iters, finished);
	buf_free(&b);
	buf_free(&q);
}

/* A narrowing query: every step of "oekraine" typed after "oek", and the
 * smart-case and accent rules changing on the way. */
static void
test_narrowing(void)
{
	static const char *const texts[] = {
		H "Oekraïne en oekraine", H "oekaze", H "Oek", H "niets",
		H "OEKRAÏNE", H "ok",
	};
	static const char *const typed[] = {
		"o", "oe", "oek", "oekr", "oekra", "oekrai", "oekraine",
		"oekrain", "oekrai", "oekraï", "oekraïn", "oekraïne",
		"Oekraïne", "O", "Oe", "Oek", "Oekraine", "OEKRAINE", "OEKRAÏNE",
	};
	struct dossier ds;
	struct search s;
	size_t i, bad = 0;

	make_dossier(&ds, texts, 6);
	search_init(&s, ds.n);
	for (i = 0; i < sizeof typed / sizeof typed[0]; i++) {
		run(&s, &ds, typed[i], 2, 0, 1);
		if (check_counts(&s, &ds, typed[i]))
			bad++;
	}
	is_int(bad, 0, "typing, deleting and retyping oekraine: every count "
	    "right");
	search_free(&s);
	dossier_free(&ds);
}

/* A query put in whole after another (as recalling one from the history
 * does), of the same loose form but another case or accent: its hits are
 * not a subset of the last one's. */
static void
test_recall(void)
{
	static const char *const texts[] = {
		H "RUSLAND", H "Rusland", H "Oekraine", H "Oekraïne", H "café",
		H "cafè",
	};
	static const char *const pairs[][2] = {
		{ "RUSLAND", "Rusland" }, { "Rusland", "RUSLAND" },
		{ "Rus", "RUSLAND" }, { "oekraïne", "Oekraine" },
		{ "café", "cafè" }, { "cafè", "café" }, { "CAFÉ", "cafè" },
	};
	struct dossier ds;
	struct search s;
	size_t i;

	make_dossier(&ds, texts, 6);
	search_init(&s, ds.n);
	for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		run(&s, &ds, pairs[i][0], 0, 0, 0);
		run(&s, &ds, pairs[i][1], 0, 0, 0);
		is_int(check_counts(&s, &ds, pairs[i][1]), 0,
		    "\"%s\" after \"%s\": %zu found, as by a fresh search",
		    esc(pairs[i][1]), esc(pairs[i][0]), s.total);
	}
	search_free(&s);
	dossier_free(&ds);
}

/* Finished searches are remembered: the same query again (after
 * Backspace, say) searches only where it matched, with the same result;
 * the memory holds SEARCH_MEMORY queries. */
static void
test_memory(void)
{
	struct dossier ds;
	struct search s;
	size_t i, bad = 0, searched;
	char q[32];

	make_dossier(&ds, five, 5);
	search_init(&s, ds.n);
	run(&s, &ds, "oekraine", 0, 0, 0);
	run(&s, &ds, "oekrainex", 0, 0, 0);
	is_int(s.total, 0, "oekrainex: nothing");
	search_start(&s, "oekraine", 8, 1, 0);
	searched = s.searched;
	while (!search_step(&s, &ds, 1))
		;
	ok(searched == 2, "oekraine again: the 2 articles without a match "
	    "are known at once (%zu)", searched);
	is_int(check_counts(&s, &ds, "oekraine"), 0,
	    "oekraine again: counts and lists right");
	is_int(check_moves(&s, &ds, "oekraine again"), 0,
	    "oekraine again: moves agree with the model");
	run(&s, &ds, "Oekraine", 0, 0, 0);
	is_int(check_counts(&s, &ds, "Oekraine"), 0,
	    "Oekraine after oekraine: not taken for it");
	run(&s, &ds, "oekraine", 0, 0, 0);
	run(&s, &ds, "oekraïne", 0, 0, 0);
	is_int(check_counts(&s, &ds, "oekraïne"), 0,
	    "oekraïne after oekraine: not taken for it");
	search_free(&s);
	search_init(&s, ds.n);
	run(&s, &ds, "OEKRAINE", 0, 0, 0);
	run(&s, &ds, "xyz", 0, 0, 0);
	run(&s, &ds, "oekraine", 0, 0, 0);
	is_int(check_counts(&s, &ds, "oekraine"), 0,
	    "oekraine after OEKRAINE (found in one article): not taken for it");

	/* more queries than the memory holds, then the first again */
	for (i = 0; i < SEARCH_MEMORY + 5; i++) {
		snprintf(q, sizeof q, "%s%zu", i % 2 ? "e" : "bal", i);
		run(&s, &ds, q, i % 5, (int)(i % 2), 1);
		bad += check_counts(&s, &ds, q);
	}
	is_int(bad, 0, "%d queries: each right", SEARCH_MEMORY + 5);
	run(&s, &ds, "oekraine", 3, 1, 1);
	is_int(check_counts(&s, &ds, "oekraine"), 0,
	    "oekraine once forgotten: right");
	run(&s, &ds, "de", 3, 1, 1);
	run(&s, &ds, "de", 3, 1, 1);
	is_int(check_counts(&s, &ds, "de"), 0, "a short query twice: right");

	/* a search left half-way is not remembered as finished */
	search_free(&s);
	search_init(&s, ds.n);
	search_start(&s, "oekraine", 8, 0, 0);
	search_step(&s, &ds, 1);
	search_start(&s, "x", 1, 0, 0);
	search_start(&s, "oekraine", 8, 0, 0);
	is_int(s.searched, 0, "a search left half-way: not remembered");
	while (!search_step(&s, &ds, 1))
		;
	is_int(check_counts(&s, &ds, "oekraine"), 0, "... and searched again in full");
	search_free(&s);
	dossier_free(&ds);
}

static int yes(void) { return 1; }
static int no(void) { return 0; }

/* What the reader does for each key in the prompt. */
static void
test_keystroke(void)
{
	struct dossier ds;
	struct search s;
	size_t md, mi;
	int w, r;

	make_dossier(&ds, five, 5);
	search_init(&s, ds.n);
	r = search_keystroke(&s, &ds, "oekraine", 8, 2, 0, 0, no);
	ok(r == 1 && search_first(&s, 0, &md, &mi, &w) == 1 && md == 2 &&
	    mi == 0, "keystroke: the first match from the top of article 3");
	ok(s.hits[2].done, "keystroke: article 3 searched first");
	while (!search_step(&s, &ds, 1))
		;
	is_int(check_counts(&s, &ds, "oekraine"), 0,
	    "keystroke: the count finished by steps is right");

	r = search_keystroke(&s, &ds, "oekraine", 8, 1, 0, 0, yes);
	ok(r == -1 || r == 1, "keystroke with a key waiting: gives way or has "
	    "its match already (%d)", r);
	search_free(&s);
	search_init(&s, ds.n);
	r = search_keystroke(&s, &ds, "vier", 4, 4, 0, 0, yes);
	is_int(r, -1, "keystroke: a key waiting before the match is found: "
	    "gives way");
	r = search_keystroke(&s, &ds, "vier", 4, 4, 0, 0, NULL);
	ok(r == 1 && search_first(&s, 0, &md, &mi, &w) == 1 && md == 3 && w,
	    "keystroke without a pending(): on to the match, wrapping");
	r = search_keystroke(&s, &ds, "zzz", 3, 0, 0, 0, no);
	ok(r == 0 && search_complete(&s) && s.total == 0,
	    "keystroke: no match anywhere, 0, the search complete");
	r = search_keystroke(&s, &ds, " ", 1, 0, 0, 0, no);
	ok(r == 0 && s.q == NULL, "keystroke: an empty query, 0");
	/* a one-letter query: the start article's matches are listed */
	r = search_keystroke(&s, &ds, "E", 1, 2, 9, 0, no);
	{
		struct fold_query *q = fold_query_new("E", 1);
		struct fold_match *v = NULL;
		size_t cap = 0, n = 0, k;

		dossier_need_index(&ds, 2);
		n = fold_find_all(ds.docs[2].fold, ds.docs[2].src, q, &v, &cap);
		for (k = 0; k < n && v[k].start < 9; k++)
			;
		ok(r == 1 && search_first(&s, 9, &md, &mi, &w) == 1 &&
		    md == 2 && k < n && mi == k && s.hits[2].listed &&
		    s.hits[2].v[mi].start == v[k].start,
		    "keystroke, a one-letter query: its first match in the "
		    "start article, listed");
		free(v);
		fold_query_free(q);
	}
	r = search_keystroke(&s, &ds, "oekraine", 8, 2, 0, 1, no);
	ok(r == 1 && search_first(&s, 0, &md, &mi, &w) == 1 && md == 0 &&
	    mi == 0 && !w, "keystroke backward from the top of article 3: "
	    "article 1's last match");
	search_free(&s);
	dossier_free(&ds);
}

/* While background loaders index, the reader's count does not wait for
 * them (no_wait); the first match of a keystroke does. */
static void
test_no_wait(void)
{
	struct dossier ds;
	struct search s;
	size_t i;
	int r;

	make_dossier(&ds, five, 5);
	search_init(&s, ds.n);
	s.no_wait = 1;
	search_start(&s, "oekraine", 8, 0, 0);
	ok(search_step(&s, &ds, 0) == 0 && s.blocked && s.searched == 0 &&
	    !dossier_indexed(&ds, 0),
	    "no_wait: stops before an article not indexed, and says so");
	dossier_need_index(&ds, 0);
	dossier_need_index(&ds, 1);
	ok(search_step(&s, &ds, 0) == 0 && s.blocked && s.searched == 2 &&
	    s.next == 2, "no_wait: goes on as far as the articles are indexed");
	for (i = 2; i < ds.n; i++)
		dossier_need_index(&ds, i);
	ok(search_step(&s, &ds, 0) == 1 && !s.blocked,
	    "no_wait: finishes once all are indexed");
	is_int(check_counts(&s, &ds, "oekraine"), 0, "no_wait: the count is right");
	search_free(&s);
	dossier_free(&ds);

	make_dossier(&ds, five, 5);
	search_init(&s, ds.n);
	s.no_wait = 1;
	r = search_keystroke(&s, &ds, "oekraine", 8, 2, 0, 0, no);
	ok(r == 1 && s.no_wait == 1 && dossier_indexed(&ds, 2),
	    "no_wait: a keystroke still waits for its first match (and keeps "
	    "no_wait)");
	search_free(&s);
	dossier_free(&ds);
}

/* ---- the bundled dossier --------------------------------------------------- */

static void
test_bundled(void)
{
	struct dossier ds;
	struct search s;
	struct buf err = { 0 };
	size_t i, steps, sum = 0, arts = 0, total0, md, mi;
	int w, r;

	memset(&ds, 0, sizeof ds);
	dossier_add_path(&ds, DOSSIER_SRCDIR "/articles", &err);
	dossier_finish(&ds);
	dossier_load_all(&ds, 1, 0, &err);
	if (!ok(ds.n == 5 && err.len == 0, "the bundled dossier: 5 articles")) {
		diag("%s", err.data ? err.data : "");
		buf_free(&err);
		dossier_free(&ds);
		return;
	}
	search_init(&s, ds.n);
	run(&s, &ds, "oekraine", 0, 0, 0);
	total0 = s.total;
	for (i = 0; i < ds.n; i++) {
		size_t n = count_in(&ds, i, "oekraine");

		sum += n;
		arts += n > 0;
	}
	ok(total0 == sum && total0 > 50, "bundled: oekraine %zu times, the sum "
	    "of fold_count per article", total0);
	ok(s.articles == 5 && arts == 5, "bundled: oekraine in all five articles");
	is_int(check_counts(&s, &ds, "oekraine"), 0,
	    "bundled: every article's count and list right");
	r = search_find(&s, 0, 0, 0, &md, &mi, &w);
	ok(r == 1 && md == 0 && mi == 0 && !w,
	    "bundled: the first match is in the first article");
	is_int(check_moves(&s, &ds, "bundled oekraine"), 0,
	    "bundled: find, next and ordinals agree with the model");
	steps = run(&s, &ds, "oekraine", 2, 0, 1);
	ok(steps == 5 && s.total == total0, "bundled: budget 1 from article 3: "
	    "five steps, the same total");
	steps = run(&s, &ds, "oekraine", 2, 1, 1);
	ok(steps == 5 && s.total == total0, "bundled: ... backward too");
	run(&s, &ds, "Oekraïne", 4, 0, 4096);
	is_int(s.total, total0, "bundled: Oekraïne as often (every one has "
	    "its accent and capital)");
	run(&s, &ds, "oekraïne", 1, 0, 0);
	is_int(s.total, total0, "bundled: oekraïne as often");
	run(&s, &ds, "OEKRAINE", 1, 0, 0);
	ok(s.total == 0 && s.articles == 0, "bundled: OEKRAINE nowhere");
	run(&s, &ds, "nu ligt de bal bij rusland", 3, 0, 1);
	ok(s.total >= 1 && s.hits[0].n >= 1,
	    "bundled: the headline of article 1 found by its lower-case words");
	is_int(check_counts(&s, &ds, "nu ligt de bal bij rusland"), 0,
	    "bundled: ... counts right");
	search_free(&s);
	dossier_free(&ds);
	buf_free(&err);
}

int
main(void)
{
	test_table();
	test_empty();
	test_steps();
	test_moves();
	test_typing();
	test_narrowing();
	test_recall();
	test_memory();
	test_keystroke();
	test_no_wait();
	test_bundled();
	return tap_done();
}
