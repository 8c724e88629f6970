/* fuzz_fold.c - search folding and matching with a random query.
 *
 * Input: byte 0 is the query's length, byte 1 chooses the segments, then
 * the query, then the text.  Segments are either the paragraphs doc_init()
 * finds (as the reader searches) or random ranges of the text.  Checks
 * that every match lies inside one segment, in order, without overlap;
 * that fold_count() agrees with fold_find_all(); that the loose fold of
 * each match's source holds the folded query; that folding gives valid
 * UTF-8; and, for plain ASCII text and query, that the matches are
 * exactly those of a naive search.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "fold.h"
#include "util.h"

#include "fuzz.h"

/* Random non-overlapping segments of [0, len), in order. */
static struct fold_seg *
random_segs(struct fuzz_bytes *fb, size_t len, size_t *nseg)
{
	struct fold_seg *v = NULL;
	size_t cap = 0, pos = 0, gap, run;
	unsigned b;

	*nseg = 0;
	while (pos < len) {
		b = fuzz_byte(fb);
		gap = b >> 6;           /* 0-3 bytes skipped */
		run = 1 + (b & 0x3F) * (1 + (b >> 7) * 7);
		if (gap > len - pos)
			gap = len - pos;
		pos += gap;
		if (run > len - pos)
			run = len - pos;
		GROW(v, cap, *nseg + 1);
		v[*nseg].start = pos;
		v[*nseg].end = pos + run;
		(*nseg)++;
		pos += run;
	}
	return v;
}

/* ASCII with no white space but single ' ' (which fold to themselves but
 * for case); then a naive search is the reference. */
static int
plain_ascii(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] >= 0x80 || (s[i] >= '\t' && s[i] <= '\r'))
			return 0;
		if (s[i] == ' ' && i > 0 && s[i - 1] == ' ')
			return 0;
	}
	return 1;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

static int
ascii_eq(const unsigned char *a, const unsigned char *b, size_t n, int cs)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cs ? a[i] != b[i] : lower(a[i]) != lower(b[i]))
			return 0;
	return 1;
}

/* Matches of the plain ASCII query q in the segments, as the search is
 * specified: the next loose occurrence; if it verifies, go on after it,
 * else one byte later. */
static size_t
naive(const unsigned char *src, const struct fold_seg *segs, size_t nseg,
    const unsigned char *q, size_t qn, int cs, struct fold_match **v,
    size_t *cap)
{
	size_t i, pos, n = 0;

	for (i = 0; i < nseg; i++) {
		for (pos = segs[i].start; pos + qn <= segs[i].end;) {
			if (!ascii_eq(src + pos, q, qn, 0)) {
				pos++;
				continue;
			}
			if (cs && !ascii_eq(src + pos, q, qn, 1)) {
				pos++;
				continue;
			}
			GROW(*v, *cap, n + 1);
			(*v)[n].start = pos;
			(*v)[n].end = pos + qn;
			n++;
			pos += qn;
		}
	}
	return n;
}

/* Loose folding is idempotent: folding s[0,n) again gives it back. */
static void
check_idempotent(const char *s, size_t n, const char *what)
{
	size_t n2;
	char *f = fold_string(s, n, &n2);

	FUZZ_CHECK(n2 == n && memcmp(f, s, n) == 0, "folding the folded %s "
	    "changes it (%zu bytes, then %zu)", what, n, n2);
	free(f);
}

/* The folded copy is the loose fold of each segment (which folds to
 * itself), joined by '\n'; a segment's fold, taken as a query, finds a match in that segment when
 * it is a loose query. */
static void
check_segments(const unsigned char *src, const struct fold_seg *segs,
    size_t nseg, const struct fold_text *t, unsigned pick)
{
	const char *fdata, *p;
	char *f;
	size_t flen, n, i, j, k = nseg ? pick % nseg : 0, nm, cap = 0;
	struct fold_query *q;
	struct fold_match *m = NULL;
	int found = 0;

	fdata = fold_text_data(t, &flen);
	for (i = 0, p = fdata; i < nseg; i++) {
		f = fold_string((const char *)src + segs[i].start,
		    segs[i].end - segs[i].start, &n);
		FUZZ_CHECK((size_t)(fdata + flen - p) >= n &&
		    memcmp(p, f, n) == 0 && (i + 1 == nseg ?
		    p + n == fdata + flen : p[n] == '\n'), "segment %zu "
		    "[%zu,%zu) is not folded as fold_string() folds it", i,
		    segs[i].start, segs[i].end);
		p += n + 1;
		check_idempotent(f, n, "text");
		if (i != k) {
			free(f);
			continue;
		}
		q = fold_query_new(f, n);
		if (q && !fold_query_case_sensitive(q) &&
		    !fold_query_accent_sensitive(q)) {
			nm = fold_find_all(t, src, q, &m, &cap);
			for (j = 0; j < nm; j++)
				found |= m[j].start >= segs[k].start &&
				    m[j].end <= segs[k].end;
			FUZZ_CHECK(found, "segment %zu [%zu,%zu): its own "
			    "fold does not find it", k, segs[k].start,
			    segs[k].end);
		}
		fold_query_free(q);
		free(f);
	}
	free(m);
}

/* The segment holding match m (segments in order), from *s on. */
static size_t
seg_of(const struct fold_seg *segs, size_t nseg, size_t *s,
    const struct fold_match *m)
{
	while (*s < nseg && segs[*s].end <= m->start)
		(*s)++;
	return *s;
}

/* Narrowing, as search.c does it: when a loose query's folded form is a
 * prefix of q's, q matches only in segments where that one does. */
static void
check_narrowing(const struct fold_text *t, const unsigned char *src,
    const struct fold_seg *segs, size_t nseg, const struct fold_query *q,
    const struct fold_match *m, size_t n, unsigned pick)
{
	struct fold_query *q1;
	struct fold_match *m1 = NULL;
	size_t ql, k, n1, cap = 0, i, j = 0, s = 0, s1 = 0, seg;
	const char *loose = fold_query_loose(q, &ql);

	k = 1 + pick % ql;
	while (k < ql && (loose[k] & 0xC0) == 0x80)
		k++;
	q1 = fold_query_new(loose, k);
	if (!q1 || fold_query_case_sensitive(q1) ||
	    fold_query_accent_sensitive(q1)) {
		fold_query_free(q1);
		return;
	}
	n1 = fold_find_all(t, src, q1, &m1, &cap);
	for (i = 0; i < n; i++) {
		seg = seg_of(segs, nseg, &s, &m[i]);
		while (j < n1 && seg_of(segs, nseg, &s1, &m1[j]) < seg)
			j++;
		FUZZ_CHECK(j < n1 && seg_of(segs, nseg, &s1, &m1[j]) == seg,
		    "a match [%zu,%zu) in segment %zu, where its prefix of %zu "
		    "bytes has none", m[i].start, m[i].end, seg, k);
	}
	free(m1);
	fold_query_free(q1);
}

static void
search(const unsigned char *src, size_t len, const struct fold_seg *segs,
    size_t nseg, const char *query, size_t qlen, unsigned pick)
{
	struct fold_text *t = fold_text_new(src, segs, nseg);
	struct fold_query *q = fold_query_new(query, qlen);
	struct fold_match *m = NULL, *ref = NULL;
	size_t cap = 0, refcap = 0, n, i, s = 0, flen, qflen, mlen, nref, nl;
	const char *fdata;
	char *qfold, *mfold;
	const char *why, *loose;
	size_t llen;

	fdata = fold_text_data(t, &flen);
	FUZZ_CHECK(fdata[flen] == '\0', "folded text not NUL-terminated");
	why = fuzz_unsafe_text(fdata, flen);
	FUZZ_CHECK(!why || strcmp(why, "invalid UTF-8") != 0,
	    "the folded text is not valid UTF-8");
	for (i = 0, nl = 0; i < flen; i++)
		nl += fdata[i] == '\n';
	FUZZ_CHECK(nl == (nseg ? nseg - 1 : 0), "%zu '\\n' in the folded "
	    "text of %zu segments", nl, nseg);

	check_segments(src, segs, nseg, t, pick);
	qfold = fold_string(query, qlen, &qflen);
	check_idempotent(qfold, qflen, "query");
	FUZZ_CHECK(!u8_check((const uint8_t *)qfold, qflen),
	    "the folded query is not valid UTF-8");
	FUZZ_CHECK(!memchr(qfold, '\n', qflen), "'\\n' in a folded query");
	FUZZ_CHECK(!q == (qflen == 0 || (qflen == 1 && qfold[0] == ' ')),
	    "fold_query_new gave %s for a query folded to %zu bytes",
	    q ? "a query" : "NULL", qflen);
	if (!q)
		goto out;
	loose = fold_query_loose(q, &llen);
	FUZZ_CHECK(llen == qflen && memcmp(loose, qfold, qflen) == 0,
	    "fold_query_loose is not fold_string of the query");

	n = fold_find_all(t, src, q, &m, &cap);
	FUZZ_CHECK(n == fold_count(t, src, q), "fold_count %zu, find_all %zu",
	    fold_count(t, src, q), n);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(m[i].start < m[i].end && m[i].end <= len,
		    "match %zu [%zu,%zu) outside the text of %zu", i,
		    m[i].start, m[i].end, len);
		FUZZ_CHECK(i == 0 || m[i - 1].end <= m[i].start,
		    "match %zu [%zu,%zu) overlaps or precedes [%zu,%zu)", i,
		    m[i].start, m[i].end, m[i - 1].start, m[i - 1].end);
		while (s < nseg && segs[s].end <= m[i].start)
			s++;
		FUZZ_CHECK(s < nseg && segs[s].start <= m[i].start &&
		    m[i].end <= segs[s].end, "match %zu [%zu,%zu) not inside "
		    "one segment", i, m[i].start, m[i].end);
		/* The loose fold of what matched holds the loose query
		 * (whatever the case and accent rules, a match is first
		 * found in the loose copy). */
		mfold = fold_string((const char *)src + m[i].start,
		    m[i].end - m[i].start, &mlen);
		FUZZ_CHECK(memmem(mfold, mlen, qfold, qflen),
		    "match %zu [%zu,%zu) does not fold to hold the query", i,
		    m[i].start, m[i].end);
		free(mfold);
	}

	check_narrowing(t, src, segs, nseg, q, m, n, pick);

	if (plain_ascii((const unsigned char *)query, qlen) &&
	    plain_ascii(src, len) && qflen == qlen) {
		nref = naive(src, segs, nseg, (const unsigned char *)query,
		    qlen, fold_query_case_sensitive(q), &ref, &refcap);
		FUZZ_CHECK(nref == n, "%zu matches, a naive search finds %zu",
		    n, nref);
		for (i = 0; i < n; i++)
			FUZZ_CHECK(ref[i].start == m[i].start &&
			    ref[i].end == m[i].end, "match %zu [%zu,%zu), a "
			    "naive search has [%zu,%zu)", i, m[i].start,
			    m[i].end, ref[i].start, ref[i].end);
	}
out:
	free(ref);
	free(m);
	free(qfold);
	fold_query_free(q);
	fold_text_free(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_bytes fb;
	struct fold_seg *segs;
	struct doc d;
	size_t qlen, nseg, len, i;
	unsigned mode;
	unsigned char *src;
	char *query;

	if (size < 2)
		return 0;
	qlen = data[0];
	mode = data[1];
	data += 2;
	size -= 2;
	if (qlen > size)
		qlen = size;
	/* Copies of exactly the bytes given, so ASan sees any overread. */
	query = xmalloc(qlen ? qlen : 1);
	memcpy(query, data, qlen);
	len = size - qlen;
	src = xmalloc(len + 1);
	memcpy(src, data + qlen, len);

	if (mode & 1) {
		/* the paragraphs of the article, as the reader searches */
		doc_init(&d, "fuzz.txt", src, len);
		segs = xcalloc(d.npara ? d.npara : 1, sizeof *segs);
		for (i = 0; i < d.npara; i++) {
			segs[i].start = d.paras[i].start;
			segs[i].end = d.paras[i].end;
		}
		search(d.src, d.len, segs, d.npara, query, qlen, mode >> 2);
		doc_index(&d);
		doc_free(&d);
	} else {
		/* random segments: choices from the text's own bytes, so
		 * they follow its mutations */
		fb.p = src;
		fb.n = len;
		if (mode & 2) {
			segs = xmalloc(sizeof *segs);
			segs[0].start = 0;
			segs[0].end = len;
			nseg = 1;
		} else {
			segs = random_segs(&fb, len, &nseg);
		}
		search(src, len, segs, nseg, query, qlen, mode >> 2);
		free(src);
	}
	free(segs);
	free(query);
	return 0;
}
