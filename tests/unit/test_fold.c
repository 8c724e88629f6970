/* test_fold.c - search folding: smart case, accents, typography, ranges. */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fold.h"
#include "tap.h"
#include "util.h"

/* Matches of query in text taken as one paragraph; fills *v. */
static size_t
search(const char *text, size_t tlen, const char *query, size_t qlen,
    struct fold_match **v, size_t *cap)
{
	struct fold_seg seg = { 0, tlen };
	struct fold_text *t = fold_text_new((const unsigned char *)text, &seg, 1);
	struct fold_query *q = fold_query_new(query, qlen);
	size_t n = 0;

	if (q) {
		n = fold_find_all(t, (const unsigned char *)text, q, v, cap);
		if (n != fold_count(t, (const unsigned char *)text, q))
			n = (size_t)-1;	/* reported as a wrong count */
	}
	fold_query_free(q);
	fold_text_free(t);
	return n;
}

/* s with control characters escaped, for one-line test names (a few
 * rotating buffers so several fit in one message). */
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
		else if (c == '\t')
			n += (size_t)sprintf(b + n, "\\t");
		else if (c < 0x20 || c == 0x7F)
			n += (size_t)sprintf(b + n, "\\x%02X", c);
		else
			b[n++] = (char)c;
	}
	b[n] = '\0';
	return b;
}

struct tcase {
	const char *query, *text;
	int count;
	const char *first;	/* the bytes of the first match, or NULL */
};

static const struct tcase cases[] = {
	/* accents */
	{ "oekraine", "De Oekraïne en", 1, "Oekraïne" },
	{ "oekraine", "De Oekrai\xCC\x88ne en", 1, "Oekrai\xCC\x88ne" },
	{ "oekraïne", "De Oekraine en", 0, NULL },
	{ "oekraïne", "De Oekraïne en", 1, "Oekraïne" },
	{ "oekraïne", "De Oekrai\xCC\x88ne en", 1, "Oekrai\xCC\x88ne" },
	{ "oekrai\xCC\x88ne", "De Oekraïne en", 1, "Oekraïne" },
	{ "oekraï", "De Oekrai\xCC\x88ne en", 1, "Oekrai\xCC\x88" },
	{ "é", "e é e\xCC\x81 ë", 2, "é" },
	{ "e", "é", 1, "é" },
	/* canonical order of marks: dot below (220) before dot above (230) */
	{ "q\xCC\xA3\xCC\x87", "q\xCC\x87\xCC\xA3", 1, "q\xCC\x87\xCC\xA3" },
	{ "q\xCC\xA3\xCC\x87", "q\xCC\x87", 0, NULL },
	/* smart case */
	{ "Oekraine", "Oekraine", 1, "Oekraine" },
	{ "Oekraine", "oekraine", 0, NULL },
	{ "Oekraine", "Oekraïne", 1, "Oekraïne" },
	{ "Rusland", "rusland Rusland RUSLAND", 1, "Rusland" },
	{ "rusland", "rusland Rusland RUSLAND", 3, "rusland" },
	/* full case folding: ß is "ss" */
	{ "strasse", "Straße", 1, "Straße" },
	{ "straße", "STRASSE", 1, "STRASSE" },
	{ "straße", "Strasse", 1, "Strasse" },
	{ "STRASSE", "straße", 0, NULL },
	{ "STRASSE", "Straße STRASSE", 1, "STRASSE" },
	{ "Straße", "Strasse STRASSE Straße", 1, "Straße" },
	{ "Stras", "Straße", 0, NULL },
	{ "s", "ß", 1, "ß" },
	{ "s", "ßs", 2, "ß" },
	{ "ss", "ß", 1, "ß" },
	{ "strasse", "STRA\xE1\xBA\x9E" "E", 1, "STRA\xE1\xBA\x9E" "E" },
	/* typography */
	{ "\"nu ligt de bal bij rusland\"",
	  "zei hij: „nu ligt de bal bij Rusland”.", 1,
	  "„nu ligt de bal bij Rusland”" },
	{ "'", "’", 1, "’" },
	{ "it's", "it‘s it’s it‛s it′s", 4, "it‘s" },
	{ "\"a\"", "“a” „a‟", 2, "“a”" },
	{ "staakt-het-vuren", "een staakt‑het‑vuren", 1,
	  "staakt‑het‑vuren" },
	{ "staakt-het", "staakt–het staakt—het staakt‐het", 3, "staakt–het" },
	{ "-5", "\xE2\x88\x92" "5", 1, "\xE2\x88\x92" "5" },
	{ "10 km", "10\xC2\xA0km 10\xE2\x80\xAFkm 10\xE2\x80\x87km", 3,
	  "10\xC2\xA0km" },
	/* white space */
	{ "de bal", "de\n   bal", 1, "de\n   bal" },
	{ "de bal", "de \t\r\n bal", 1, "de \t\r\n bal" },
	{ "de  bal", "de bal", 1, "de bal" },
	{ " bal", "de\n  bal", 1, "\n  bal" },
	{ "de ", "de  \t bal", 1, "de  \t " },
	{ " bal", "bal", 0, NULL },
	{ "de bal", "de\xE3\x80\x80" "bal", 1, "de\xE3\x80\x80" "bal" },
	/* dropped characters */
	{ "bijvoorbeeld", "bijvoor\xC2\xAD" "beeld", 1,
	  "bijvoor\xC2\xAD" "beeld" },
	{ "voor", "bijvoor\xC2\xAD" "beeld", 1, "voor" },
	{ "ab", "a\xE2\x80\x8B" "b a\xEF\xBB\xBF" "b a\xE2\x81\xA0" "b", 3,
	  "a\xE2\x80\x8B" "b" },
	{ "a b", "a \xC2\xAD b", 1, "a \xC2\xAD b" },
	{ "a b", "a \xCC\x81 b", 1, "a \xCC\x81 b" },
	{ "a \xCC\x81 b", "a b a \xCC\x81 b", 1, "a \xCC\x81 b" },
	/* invalid bytes */
	{ "cd", "ab\xFF" "cd\xC3", 1, "cd" },
	{ "b\xFF" "c", "ab\xFF" "cd", 1, "b\xFF" "c" },
	{ "\xEF\xBF\xBD", "a\x80" "b\xED\xA0\x80", 4, "\x80" },
	{ "x", "\xF0\x9F\x98\xC3x\xE2\x82", 1, "x" },
	/* other scripts */
	{ "غزة", "قطاع غزة اليوم", 1, "غزة" },
	{ "東京", "今日の東京は晴れ", 1, "東京" },
	{ "ガザ", "ガザ地区とカサ", 1, "ガザ" },
	{ "한국", "대한민국 한국어", 1, "한국" },
	{ "ΑΘΗΝΑ", "Αθήνα ΑΘΗΝΑ", 1, "ΑΘΗΝΑ" },
	{ "αθηνα", "Αθήνα ΑΘΗΝΑ", 2, "Αθήνα" },
	{ "москва", "Москва МОСКВА", 2, "Москва" },
	/* plain text, not a pattern */
	{ "a.c", "abc a.c", 1, "a.c" },
	{ "[x]*", "[x]* [x]", 1, "[x]*" },
};

static void
test_table(void)
{
	struct fold_match *v = NULL;
	size_t cap = 0, i, n;
	char got[256];

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct tcase *c = &cases[i];

		n = search(c->text, strlen(c->text), c->query,
		    strlen(c->query), &v, &cap);
		is_int(n, c->count, "\"%s\" in \"%s\": %d", esc(c->query),
		    esc(c->text), c->count);
		if (!c->first || n == 0 || n == (size_t)-1)
			continue;
		snprintf(got, sizeof got, "%.*s", (int)(v[0].end - v[0].start),
		    c->text + v[0].start);
		is_str(got, c->first, "\"%s\" in \"%s\": range",
		    esc(c->query), esc(c->text));
	}
	free(v);
}

static void
test_queries(void)
{
	static const char *none[] = { "", " ", "\t\n \r", "\xC2\xA0\xE2\x80\xAF",
	    "\xC2\xAD", "\xE2\x80\x8B \xEF\xBB\xBF", "\xCC\x88" };
	struct fold_query *q;
	size_t i;

	for (i = 0; i < sizeof none / sizeof none[0]; i++) {
		q = fold_query_new(none[i], strlen(none[i]));
		ok(q == NULL, "no query %zu", i);
		fold_query_free(q);
	}
	q = fold_query_new("ab", 0);
	ok(q == NULL, "zero length is no query");
	fold_query_free(q);

	q = fold_query_new("oekraïne", strlen("oekraïne"));
	ok(q && !fold_query_case_sensitive(q) &&
	    fold_query_accent_sensitive(q), "oekraïne: accent-sensitive");
	fold_query_free(q);
	q = fold_query_new("Oekraine", 8);
	ok(q && fold_query_case_sensitive(q) &&
	    !fold_query_accent_sensitive(q), "Oekraine: case-sensitive");
	fold_query_free(q);
	q = fold_query_new("straße", strlen("straße"));
	ok(q && !fold_query_case_sensitive(q) &&
	    !fold_query_accent_sensitive(q), "straße: neither");
	fold_query_free(q);
	q = fold_query_new("\xFF\x80", 2);
	ok(q && !fold_query_case_sensitive(q), "invalid bytes: a query");
	fold_query_free(q);
	q = fold_query_new("ab\0cd", 5);
	ok(q != NULL, "embedded NUL is a query");
	fold_query_free(q);
}

static void
check_fold(const char *in, const char *want)
{
	size_t len;
	char *s = fold_string(in, strlen(in), &len);

	is_str(s, want, "fold \"%s\"", esc(in));
	is_int(len, strlen(want), "fold \"%s\": length", esc(in));
	free(s);
}

static void
test_fold_string(void)
{
	check_fold("", "");
	check_fold("Oekraïne STRASSE Straße", "oekraine strasse strasse");
	check_fold("  „Ja”,\t\n zei ‘ie’ – of — niet  ", " \"ja\", zei 'ie' - of - niet ");
	check_fold("bij\xC2\xAD" "voor\xE2\x80\x8B" "beeld", "bijvoorbeeld");
	check_fold("a\xFF" "b\xC3", "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
	check_fold("ÀÉÎÕÜ àéîõü Ç ç", "aeiou aeiou c c");
	check_fold("İstanbul ﬁ", "istanbul fi");
}

/* Paragraphs: no match across two segments, ranges inside segments. */
static void
test_segments(void)
{
	const char *src = "de\n\nbal  de bal\n\nXde";
	struct fold_seg segs[] = { { 0, 2 }, { 4, 15 }, { 17, 20 } };
	struct fold_text *t = fold_text_new((const unsigned char *)src, segs, 3);
	struct fold_query *q;
	struct fold_match *v = NULL;
	size_t cap = 0, n, len;
	const char *d = fold_text_data(t, &len);

	is_str(d, "de\nbal de bal\nxde", "segments joined with newlines");
	q = fold_query_new("de bal", 6);
	n = fold_find_all(t, (const unsigned char *)src, q, &v, &cap);
	is_int(n, 1, "no match across segments");
	if (n == 1) {
		is_int(v[0].start, 9, "match start");
		is_int(v[0].end, 15, "match end");
	}
	fold_query_free(q);
	q = fold_query_new("bal ", 4);
	n = fold_find_all(t, (const unsigned char *)src, q, &v, &cap);
	is_int(n, 1, "trailing space does not reach into the next segment");
	if (n == 1)
		is_int(v[0].end, 9, "run of two spaces in the match");
	fold_query_free(q);
	q = fold_query_new("de", 2);
	is_int(fold_count(t, (const unsigned char *)src, q), 3, "de thrice");
	fold_query_free(q);
	fold_text_free(t);

	t = fold_text_new((const unsigned char *)src, NULL, 0);
	q = fold_query_new("de", 2);
	is_int(fold_count(t, (const unsigned char *)src, q), 0, "no segments");
	ok(fold_text_bytes(t) > 0, "bytes of an empty text");
	fold_query_free(q);
	fold_text_free(t);
	free(v);
}

static void
test_many(void)
{
	struct buf b = { 0 };
	struct fold_match *v = NULL;
	size_t cap = 0, i, n, bad = 0;

	for (i = 0; i < 1000; i++)
		buf_adds(&b, i % 2 ? "De Oekraïne, " : "de oekraine\n");
	n = search(b.data, b.len, "oekraine", 8, &v, &cap);
	is_int(n, 1000, "1000 matches");
	for (i = 0; i < n && i < 1000; i++)
		if (v[i].start != i / 2 * 26 + (i % 2 ? 15 : 3))
			bad++;
	is_int(bad, 0, "every match starts right");
	n = search(b.data, b.len, "De", 2, &v, &cap);
	is_int(n, 500, "500 case-sensitive matches");
	n = search(b.data, b.len, "oekraïne", strlen("oekraïne"), &v, &cap);
	is_int(n, 500, "500 accent-sensitive matches");
	if (n > 0)
		is_int(v[0].end - v[0].start, 9, "accented match length");
	n = search(b.data, b.len, "e", 1, &v, &cap);
	is_int(n, 3000, "3000 single letters");
	buf_free(&b);
	free(v);
}

/* ---- random inputs ------------------------------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static const char *pieces[] = {
	"a", "b", "e", "s", "A", "E", "S", "x", "de ", "bal", " ", "  ", "\t",
	"\n", "\r\n", "ë", "é", "É", "Ï", "e\xCC\x81", "i\xCC\x88", "\xCC\x88",
	"ß", "ẞ", "İ", "ﬁ", "’", "‘", "„", "”", "–", "‑", "\xC2\xA0",
	"\xE2\x80\xAF", "\xC2\xAD", "\xE2\x80\x8B", "\xFF", "\x80", "\xC3",
	"\xE2\x82", "\xED\xA0\x80", "東", "غ", "한", "ガ", "Ω", "ω", "ǅ",
};

/* Is s[pos] an ASCII letter (a safe place to cut for a strict query)? */
static int
letter_at(const char *s, size_t pos)
{
	unsigned char c = (unsigned char)s[pos] | 0x20;

	return c >= 'a' && c <= 'z';
}

/* Every range inside one segment, in order, not overlapping, and folding
 * to something holding the loose query. */
static int
ranges_ok(const char *src, const struct fold_seg *segs, size_t nseg,
    const struct fold_match *v, size_t n, const char *loose, size_t llen)
{
	size_t i, j, flen, prev = 0;
	char *f;
	int good;

	for (i = 0; i < n; i++) {
		if (v[i].start >= v[i].end || v[i].start < prev)
			return 0;
		prev = v[i].end;
		for (j = 0; j < nseg; j++)
			if (v[i].start >= segs[j].start &&
			    v[i].end <= segs[j].end)
				break;
		if (j == nseg)
			return 0;
		f = fold_string(src + v[i].start, v[i].end - v[i].start, &flen);
		good = memmem(f, flen, loose, llen) != NULL;
		free(f);
		if (!good)
			return 0;
	}
	return 1;
}

static void
test_random(void)
{
	struct buf src = { 0 };
	struct fold_seg segs[8];
	struct fold_match *v = NULL;
	struct fold_text *t;
	struct fold_query *q;
	size_t cap = 0, it, i, nseg, len, a, b, n, qlen, bad = 0, strict = 0;
	const char *d;
	char *ql;
	int iters = 3000;

	for (it = 0; it < (size_t)iters; it++) {
		src.len = 0;
		buf_adds(&src, "");
		n = rnd(60);
		for (i = 0; i < n; i++)
			buf_adds(&src, pieces[rnd(sizeof pieces /
			    sizeof pieces[0])]);
		/* random segments, even cutting characters in two */
		nseg = 0;
		for (a = 0; a < src.len && nseg < 8; a = b + rnd(3)) {
			b = a + rnd((uint32_t)(src.len - a) + 1);
			segs[nseg].start = a;
			segs[nseg++].end = b;
			if (b >= src.len)
				break;
		}
		t = fold_text_new((const unsigned char *)src.data, segs, nseg);
		d = fold_text_data(t, &len);
		if (len == 0) {
			fold_text_free(t);
			continue;
		}
		/* a loose query: a slice of the folded text */
		a = rnd((uint32_t)len);
		b = a + 1 + rnd((uint32_t)(len - a < 12 ? len - a : 12));
		while (a < len && ((unsigned char)d[a] & 0xC0) == 0x80)
			a++;
		while (b < len && ((unsigned char)d[b] & 0xC0) == 0x80)
			b++;
		if (a < b && !memchr(d + a, '\n', b - a) &&
		    (q = fold_query_new(d + a, b - a)) != NULL) {
			ql = fold_string(d + a, b - a, &qlen);
			if (qlen != b - a || memcmp(ql, d + a, qlen) != 0)
				bad++, diag("fold not idempotent, it %zu", it);
			n = fold_find_all(t, (const unsigned char *)src.data,
			    q, &v, &cap);
			if (n == 0 || n != fold_count(t,
			    (const unsigned char *)src.data, q) ||
			    !ranges_ok(src.data, segs, nseg, v, n, ql, qlen))
				bad++, diag("loose query fails, it %zu", it);
			free(ql);
			fold_query_free(q);
		}
		/* a raw query: a slice of one segment, cut before letters */
		i = rnd((uint32_t)nseg);
		for (a = segs[i].start; a < segs[i].end && !letter_at(src.data,
		    a); a++)
			;
		for (b = segs[i].end; b > a + 1 && !letter_at(src.data, b - 1);
		    b--)
			;
		if (a + 1 >= b)
			goto next;
		a += rnd((uint32_t)(b - a));
		while (a < b && !letter_at(src.data, a))
			a++;
		b = a + 1 + rnd((uint32_t)(b - a));
		while (b < segs[i].end && !letter_at(src.data, b))
			b++;
		if (a >= b || (q = fold_query_new(src.data + a, b - a)) == NULL)
			goto next;
		if (fold_query_case_sensitive(q) ||
		    fold_query_accent_sensitive(q))
			strict++;
		ql = fold_string(src.data + a, b - a, &qlen);
		n = fold_find_all(t, (const unsigned char *)src.data, q, &v,
		    &cap);
		if (n == 0 || n != fold_count(t,
		    (const unsigned char *)src.data, q) ||
		    !ranges_ok(src.data, segs, nseg, v, n, ql, qlen)) {
			char *raw = xstrndup(src.data + a, b - a);

			bad++;
			diag("raw query \"%s\" fails, it %zu", esc(raw), it);
			free(raw);
		}
		free(ql);
		fold_query_free(q);
next:
		fold_text_free(t);
	}
	is_int(bad, 0, "%d random texts and queries", iters);
	ok(strict > 100, "random strict queries: %zu", strict);
	buf_free(&src);
	free(v);
}

/* ---- size and threads ---------------------------------------------- */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char para[] =
    "Het staakt‑het‑vuren in de Oekraïne zou volgens „bronnen” "
    "binnen enkele dagen ingaan, maar Rusland – dat de bal nu heeft – "
    "zwijgt.\nDe president zei: ‘Wij wachten af.’ ";

/* Fold and search a text of about mb megabytes; returns seconds. */
static double
big(size_t mb, size_t *bytes)
{
	struct buf b = { 0 };
	struct fold_seg *segs = NULL;
	size_t cap = 0, nseg = 0, reps = 0, n1, n2, n3;
	struct fold_text *t;
	struct fold_query *q1, *q2, *q3;
	double t0;

	while (b.len < mb << 20) {
		GROW(segs, cap, nseg + 1);
		segs[nseg].start = b.len;
		buf_adds(&b, para);
		segs[nseg++].end = b.len;
		buf_adds(&b, "\n\n");
		reps++;
	}
	q1 = fold_query_new("oekraine", 8);
	q2 = fold_query_new("Rusland", 7);
	q3 = fold_query_new("staakt-het-vuren", 16);
	t0 = now();
	t = fold_text_new((const unsigned char *)b.data, segs, nseg);
	n1 = fold_count(t, (const unsigned char *)b.data, q1);
	n2 = fold_count(t, (const unsigned char *)b.data, q2);
	n3 = fold_count(t, (const unsigned char *)b.data, q3);
	t0 = now() - t0;
	is_int(n1 + n2 + n3, 3 * reps, "%zu MB: every match counted", mb);
	*bytes = fold_text_bytes(t);
	/* this paragraph is dense with typography: a checkpoint per 20 bytes */
	ok(*bytes < b.len + b.len / 2, "%zu MB: folded text and map %zu bytes",
	    mb, *bytes);
	fold_text_free(t);
	fold_query_free(q1);
	fold_query_free(q2);
	fold_query_free(q3);
	buf_free(&b);
	free(segs);
	return t0;
}

static void
test_big(void)
{
	struct buf b = { 0 };
	size_t bytes, n, cap = 0;
	double t1, t4;
	struct fold_match *v = NULL;

	t1 = big(1, &bytes);
	t4 = big(4, &bytes);
	diag("1 MB in %.3f s, 4 MB in %.3f s", t1, t4);
	ok(t4 < 10 * t1 + 0.1, "linear in the size of the text");

	/* plain ASCII in one paragraph needs one checkpoint */
	while (b.len < 1 << 20)
		buf_adds(&b, "Het staakt-het-vuren zou Ingaan. ");
	{
		struct fold_seg seg = { 0, b.len };
		struct fold_text *t = fold_text_new((unsigned char *)b.data,
		    &seg, 1);

		ok(fold_text_bytes(t) < b.len + 100, "ASCII: the map is sparse");
		fold_text_free(t);
	}
	b.len = 0;

	/* a megabyte-long line of spaces and one word */
	while (b.len < 1 << 20)
		buf_adds(&b, " \t\xC2\xA0\n");
	buf_adds(&b, "Oekraïne");
	n = search(b.data, b.len, " Oekraïne", strlen(" Oekraïne"), &v, &cap);
	is_int(n, 1, "a megabyte of white space");
	free(v);
	buf_free(&b);
}

struct job {
	char *src;
	size_t len;
	char *folded;
	size_t flen;
};

static void *
job_run(void *arg)
{
	struct job *j = arg;
	struct fold_seg seg = { 0, j->len };
	struct fold_text *t = fold_text_new((unsigned char *)j->src, &seg, 1);
	const char *d = fold_text_data(t, &j->flen);

	j->folded = xstrndup(d, j->flen);
	fold_text_free(t);
	return NULL;
}

/* Several threads folding text of blocks not cached yet. */
static void
test_threads(void)
{
	struct job jobs[4];
	pthread_t th[4];
	struct buf b = { 0 };
	unsigned char u[4];
	uint32_t c;
	char *want;
	size_t i, wlen, same = 0;

	for (c = 0x0400; c < 0x2000; c += 3) {	/* Cyrillic .. Greek ext. */
		u[0] = (unsigned char)(0xC0 | c >> 6);
		u[1] = (unsigned char)(0x80 | (c & 0x3F));
		if (c >= 0x800) {
			u[0] = (unsigned char)(0xE0 | c >> 12);
			u[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
			u[2] = (unsigned char)(0x80 | (c & 0x3F));
			buf_add(&b, u, 3);
		} else {
			buf_add(&b, u, 2);
		}
	}
	for (i = 0; i < 4; i++) {
		jobs[i].src = b.data;
		jobs[i].len = b.len;
		pthread_create(&th[i], NULL, job_run, &jobs[i]);
	}
	for (i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	want = fold_string(b.data, b.len, &wlen);
	for (i = 0; i < 4; i++) {
		if (jobs[i].flen == wlen && !memcmp(jobs[i].folded, want, wlen))
			same++;
		free(jobs[i].folded);
	}
	is_int(same, 4, "four threads fold alike");
	free(want);
	buf_free(&b);
}

/* fold_may_match: never 0 where a match is; 0 where one cannot be. */
static void
test_may_match(void)
{
	static const char *const texts[] = {
		"Oekra\xc3\xafne", "STRASSE en stra\xc3\x9f" "e", "\xe2\x84\xaa" "elvin",
		"caf\xc3\xa9 ca\xef\xac\x81", "Zo\xc3\xab", "\xe6\x97\xa5\xe6\x9c\xac", "x\xffy",
		"veiligheids\xc2\xad" "garanties", "E\xcc\x81" "cole", "",
	};
	static const char *const queries[] = {
		"oekraine", "k", "strasse", "ss", "kelvin", "cafe", "fi", "zoe",
		"\xe6\x97\xa5", "veiligheidsgaranties", "ecole", "q", "zzqq", "y", "e",
	};
	struct fold_seg seg;
	size_t i, j, bad = 0, skipped = 0;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const unsigned char *src = (const unsigned char *)texts[i];
		struct fold_text *t;

		seg.start = 0;
		seg.end = strlen(texts[i]);
		t = fold_text_new(src, &seg, 1);
		for (j = 0; j < sizeof queries / sizeof queries[0]; j++) {
			struct fold_query *q = fold_query_new(queries[j],
			    strlen(queries[j]));
			int may = fold_may_match(src, seg.end, q);

			if (fold_count(t, src, q) && !may) {
				bad++;
				diag("  '%s' in text %zu: a match, but may_match 0",
				    queries[j], i);
			}
			skipped += !may;
			fold_query_free(q);
		}
		fold_text_free(t);
	}
	ok(bad == 0, "fold_may_match: never says no where there is a match");
	ok(skipped > 20, "fold_may_match: says no often where there is none (%zu)",
	    skipped);
	{
		struct fold_query *q = fold_query_new("kelvin", 6);

		ok(fold_may_match((const unsigned char *)"\xe2\x84\xaa" "elvin", 8, q),
		    "fold_may_match: a Kelvin sign may give a k");
		ok(!fold_may_match((const unsigned char *)"\xe2\x84\xaa" "elvi", 7, q),
		    "fold_may_match: ... a text without an n is skipped, though it has the rarer letters");
		fold_query_free(q);
		q = fold_query_new("zzqq", 4);
		ok(!fold_may_match((const unsigned char *)"Oekra\xc3\xaf" "ne", 9, q),
		    "fold_may_match: a text without q, Q or anything folding to q is skipped");
		fold_query_free(q);
	}
}

/* fold_parts_check: a genuine copy passes; a forged map that would lead
 * the matcher before its start, backwards or past the text does not (the
 * cache fuzzer's finding: a first checkpoint at 3 gave a match at -3). */
static void
test_parts_check(void)
{
	static const char src[] = "Stra\xc3\x9f" "e \xc8\xba zo\xc3\xab, "
	    "de minister.\n\nTweede alinea \xef\xac\x81n.";
	struct fold_seg segs[2] = { { 0, 27 }, { 29, sizeof src - 1 } };
	struct fold_text *t = fold_text_new((const unsigned char *)src, segs,
	    2);
	struct fold_parts p, f;
	uint32_t map[64];
	size_t n = sizeof src - 1;

	fold_text_parts(t, &p);
	ok(!p.wide && p.nmap >= 4 && p.nmap <= 32, "parts: %zu checkpoints",
	    p.nmap);
	is_int(fold_parts_check(&p, n), 0, "parts: a genuine copy passes");
	f = p;
	f.map = map;
	memcpy(map, p.map, fold_map_bytes(&p));
	map[0] = 3;
	is_int(fold_parts_check(&f, n), -1,
	    "parts: a first checkpoint past the copy's start is refused");
	memcpy(map, p.map, fold_map_bytes(&p));
	map[2 * 2 + 1] = map[2 * 1 + 1] - 1;
	is_int(fold_parts_check(&f, n), -1,
	    "parts: a checkpoint going back in the source is refused");
	memcpy(map, p.map, fold_map_bytes(&p));
	map[2 * (p.nmap - 1) + 1] = (uint32_t)n;
	is_int(fold_parts_check(&f, n), -1,
	    "parts: the last stretch running past the text is refused");
	memcpy(map, p.map, fold_map_bytes(&p));
	map[1] = map[3];
	is_int(fold_parts_check(&f, n), -1,
	    "parts: a stretch running past the next checkpoint is refused");
	fold_text_free(t);
}

int
main(void)
{
	test_parts_check();
	test_may_match();
	test_table();
	test_queries();
	test_fold_string();
	test_segments();
	test_many();
	test_random();
	test_big();
	test_threads();
	return tap_done();
}
