/* fold.c - search folding: the folded copy of a text, queries and the
 * matcher.  What each code point folds to is fold_cp.c's table.
 *
 * Folding works on UNITS: a base (one character, one invalid byte, or a run
 * of white space together with the soft hyphens and zero-width characters
 * inside it) followed by the combining marks (general category Mn) attached
 * to it.  A unit folds to zero or more characters; all of them map back to
 * the unit's first source byte, and a match ends at the end of the unit.
 *
 * The loose form of a character is strip(NFD(casefold(NFD(c)))), where
 * strip removes nonspacing marks (what ICU's accent removal does; it also
 * loosens Arabic harakat and kana voicing marks, but a query holding them
 * is accent-sensitive and so exact).  Two stricter forms are used to verify
 * candidates: case kept (NFD(c), marks stripped unless accent-sensitive)
 * and accents kept (NFD(casefold(NFD(c))) with the marks); combining marks
 * are put in canonical order, so precomposed and decomposed letters are
 * equal.  Hangul syllables stay whole: they carry no marks, and decomposing
 * them would triple the size of Korean text.
 *
 * Decisions:
 * - Smart case is decided per query: any character that has a lower-case
 *   mapping makes the whole query case-sensitive, so "STRASSE" does not find
 *   "straße" (ß is not upper-case S S), while "strasse" and "straße" find
 *   both.  A case-sensitive query that ends inside ß (full folding makes it
 *   two letters) does not match it: "Stras" does not find "Straß".
 * - Likewise any accented letter or combining mark makes the whole query
 *   accent-sensitive.
 * - White space at either end of a query is kept as one space, like inside
 *   a paragraph, because a trailing space is how a user asks for a whole
 *   word end.  A query that folds to nothing or to one space is no query.
 * - Matches never overlap in the source: after "s" matched the first half of
 *   "ß" (folded "ss"), the second half is not a new match.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <uninorm.h>

#include "fold.h"
#include "fold_cp.h"
#include "util.h"

/* ---- bytes ------------------------------------------------------------ */

enum { K_ASCII, K_UPPER, K_SPACE, K_MULTI };

/* The ASCII fast path: what each byte is, without decoding. */
static const uint8_t byte_kind[256] = {
	[0x00 ... 0x08] = K_ASCII,
	['\t' ... '\r'] = K_SPACE,
	[0x0E ... 0x1F] = K_ASCII,
	[' '] = K_SPACE,
	['!' ... '@'] = K_ASCII,
	['A' ... 'Z'] = K_UPPER,
	['[' ... 0x7F] = K_ASCII,
	[0x80 ... 0xFF] = K_MULTI,
};

/* Decode one character of s[0,n), n > 0.  Invalid, truncated or overlong
 * sequences and surrogates take one byte and give U+FFFD, so decoding always
 * moves on and a later valid character is never swallowed. */
static inline size_t
utf8_get(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		if (n >= 2 && (s[1] & 0xC0) == 0x80) {
			*cp = (c & 0x1F) << 6 | (s[1] & 0x3F);
			return 2;
		}
	} else if (c >= 0xE0 && c <= 0xEF) {
		if (n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
			c = (c & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 |
			    (s[2] & 0x3F);
			if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
				*cp = c;
				return 3;
			}
		}
	} else if (c >= 0xF0 && c <= 0xF4) {
		if (n >= 4 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
		    (s[3] & 0xC0) == 0x80) {
			c = (c & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
			    (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
			if (c >= 0x10000 && c <= 0x10FFFF) {
				*cp = c;
				return 4;
			}
		}
	}
	*cp = 0xFFFD;
	return 1;
}

/* The class (CL_*) of the character at s[pos], pos < end; its length in
 * *len. */
static inline int
class_at(const unsigned char *s, size_t pos, size_t end, size_t *len)
{
	uint32_t c;
	int k = byte_kind[s[pos]];

	if (k != K_MULTI) {
		*len = 1;
		return k == K_SPACE ? CL_SPACE : CL_BASE;
	}
	*len = utf8_get(s + pos, end - pos, &c);
	return fold_cp_info(c)->cls;
}

/* End of the white-space run starting at pos: spaces and the dropped
 * characters between them, not the dropped ones after the last space. */
static size_t
space_run_end(const unsigned char *s, size_t pos, size_t end)
{
	size_t last = pos, len;
	int cl;

	while (pos < end) {
		cl = class_at(s, pos, end, &len);
		if (cl == CL_SPACE)
			last = pos + len;
		else if (cl != CL_DROP)
			break;
		pos += len;
	}
	return last;
}

/* End of the unit starting at pos: its base, then attached marks. */
static size_t
unit_end(const unsigned char *s, size_t pos, size_t end)
{
	size_t len;

	if (pos >= end)
		return pos;
	if (class_at(s, pos, end, &len) == CL_SPACE)
		pos = space_run_end(s, pos, end);
	else
		pos += len;
	while (pos < end && class_at(s, pos, end, &len) == CL_MARK)
		pos += len;
	return pos;
}

/* ---- the loose fold and its map ------------------------------------- */

/* The map from folded offsets back to the source is a list of checkpoints
 * (f, s): from folded offset f on, folded byte f + i comes from source byte
 * s + i, until the next checkpoint.  ASCII and same-length folds (Cyrillic,
 * Greek, CJK) need none; a checkpoint is added only where that delta
 * changes: after a shortened character (ë, ’, a white-space run), inside
 * an expansion (ß gives "ss": both map to ß) and at each paragraph.  The map
 * is only right at folded character starts, the only offsets looked up.
 * Each '\n' between paragraphs maps to the end of the paragraph before it,
 * which bounds a match's last unit without keeping the segments.
 * Checkpoints are two uint32_t unless the text is too big for them. */
struct fold_text {
	unsigned char *fold;
	size_t len;
	void *cps;		/* uint32_t[2 * ncp] or size_t[2 * ncp] */
	size_t ncp, capcp;
	int wide;
	size_t last_end;	/* end of the last segment */
	int borrowed;		/* fold and cps belong to someone else (a
				 * mapped cache): fold_text_view() */
};

struct folder {
	unsigned char *out;
	size_t len, cap;
	size_t delta;		/* source minus folded offset, mod 2^N */
	struct fold_text *map;	/* NULL: no map wanted */
};

static void
map_add(struct folder *fo, size_t f, size_t s)
{
	struct fold_text *t = fo->map;

	fo->delta = s - f;
	if (!t)
		return;
	if (t->wide) {
		size_t *p;

		util_grow(&t->cps, &t->capcp, t->ncp + 1, 2 * sizeof *p);
		p = (size_t *)t->cps + 2 * t->ncp;
		p[0] = f;
		p[1] = s;
	} else {
		uint32_t *p;

		util_grow(&t->cps, &t->capcp, t->ncp + 1, 2 * sizeof *p);
		p = (uint32_t *)t->cps + 2 * t->ncp;
		p[0] = (uint32_t)f;
		p[1] = (uint32_t)s;
	}
	t->ncp++;
}

static inline void
map_get(const struct fold_text *t, size_t i, size_t *f, size_t *s)
{
	if (t->wide) {
		const size_t *p = (const size_t *)t->cps + 2 * i;

		*f = p[0];
		*s = p[1];
	} else {
		const uint32_t *p = (const uint32_t *)t->cps + 2 * i;

		*f = p[0];
		*s = p[1];
	}
}

/* Source offset of the unit that gave the folded character at f.  *hint
 * is the checkpoint used last: lookups mostly go forward, so the search
 * gallops on from there and costs O(1) when no checkpoint lies between. */
static size_t
map_seek(const struct fold_text *t, size_t *hint, size_t f)
{
	size_t lo = *hint, hi, step = 1, mid, cf, cs;

	map_get(t, lo < t->ncp ? lo : 0, &cf, &cs);
	if (lo >= t->ncp || cf > f)
		lo = 0;
	hi = lo + 1;
	while (hi < t->ncp) {
		map_get(t, hi, &cf, &cs);
		if (cf > f)
			break;
		lo = hi;
		hi = lo + step;
		step *= 2;
	}
	if (hi > t->ncp)
		hi = t->ncp;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		map_get(t, mid, &cf, &cs);
		if (cf <= f)
			lo = mid;
		else
			hi = mid;
	}
	*hint = lo;
	map_get(t, lo, &cf, &cs);
	return cs + (f - cf);
}

/* Make room for need more bytes. */
static inline void
folder_room(struct folder *fo, size_t need)
{
	if (need > SIZE_MAX - fo->len)
		util_oom();
	if (fo->len + need > fo->cap)
		util_grow((void **)&fo->out, &fo->cap, fo->len + need, 1);
}

/* Append the folded bytes p[0,n) of the unit at source offset s. */
static inline void
folder_emit(struct folder *fo, const unsigned char *p, size_t n, size_t s)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80 && s - fo->len != fo->delta)
			map_add(fo, fo->len, s);
		fo->out[fo->len++] = p[i];
	}
}

/* One space for the run at s, unless the last folded byte is one. */
static inline void
folder_space(struct folder *fo, size_t s)
{
	if (fo->len > 0 && fo->out[fo->len - 1] == ' ')
		return;
	if (s - fo->len != fo->delta)
		map_add(fo, fo->len, s);
	fo->out[fo->len++] = ' ';
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

/* Fold eight bytes at once when they are plain: ASCII, no control
 * character, no two spaces in a row (nor a space after a folded one).  Then
 * folding is lower-casing, done on the whole word.  Returns 0, writing
 * nothing, otherwise. */
static inline int
swar_plain(const unsigned char *s, int after_space, unsigned char *out)
{
	uint64_t w, x, sp, up;

	memcpy(&w, s, 8);
	if (w & HIGH)
		return 0;
	if ((w - ONES * 0x20) & ~w & HIGH)
		return 0;		/* a byte below 0x20 */
	x = w ^ (ONES * ' ');
	sp = ~(((x & ~HIGH) + ~HIGH) | x | ~HIGH);	/* 0x80 at spaces */
	if (sp & (sp << 8) || (after_space && s[0] == ' '))
		return 0;
	up = (w + ONES * (0x80 - 'A')) & ~(w + ONES * (0x80 - 'Z' - 1)) &
	    HIGH;
	w |= up >> 2;
	memcpy(out, &w, 8);
	return 1;
}

/* Fold src[pos,end) the loose way.  Room for end - pos + 1 bytes is made
 * first, which covers ASCII (never longer once folded); the rest checks.
 * The ASCII path keeps the output state in locals: byte stores through
 * fo->out could alias fo->len, which would force a reload per byte. */
static void
folder_run(struct folder *fo, const unsigned char *src, size_t pos,
    size_t end)
{
	const struct cpinfo *e;
	unsigned char *out, b;
	size_t unit = pos, len, delta, n;
	uint32_t c;
	int kind;

	folder_room(fo, end - pos + 1);
	out = fo->out;
	len = fo->len;
	delta = fo->delta;
	while (pos < end) {
		if (end - pos >= 8 && pos - len == delta &&
		    swar_plain(src + pos, len > 0 && out[len - 1] == ' ',
		    out + len)) {
			pos += 8;
			len += 8;
			unit = pos - 1;
			continue;
		}
		b = src[pos];
		kind = byte_kind[b];
		/* A lone ' ' between ASCII characters is the common space. */
		if (kind == K_SPACE && b == ' ' && pos + 1 < end &&
		    byte_kind[src[pos + 1]] <= K_UPPER &&
		    (len == 0 || out[len - 1] != ' '))
			kind = K_ASCII;
		if (kind <= K_UPPER) {
			if (kind == K_UPPER)
				b += 'a' - 'A';
			if (pos - len != delta) {
				fo->len = len;
				map_add(fo, len, pos);
				delta = fo->delta;
			}
			out[len++] = b;
			unit = pos++;
			continue;
		}
		fo->len = len;
		if (kind == K_SPACE) {
			unit = pos;
			folder_space(fo, pos);
			pos = space_run_end(src, pos, end);
		} else {
			n = utf8_get(src + pos, end - pos, &c);
			e = fold_cp_info(c);
			switch (e->cls) {
			case CL_SPACE:
				unit = pos;
				folder_space(fo, pos);
				n = space_run_end(src, pos, end) - pos;
				break;
			case CL_DROP:
				unit = pos;
				break;
			case CL_BASE:
				unit = pos;
				/* fall through */
			case CL_MARK:
				folder_room(fo, LOOSE_MAX + end - pos);
				folder_emit(fo, e->loose, e->loose_len, unit);
				break;
			}
			pos += n;
		}
		out = fo->out;
		len = fo->len;
		delta = fo->delta;
	}
	fo->len = len;
}

struct fold_text *
fold_text_new(const unsigned char *src, const struct fold_seg *segs,
    size_t nseg)
{
	struct fold_text *t = xcalloc(1, sizeof *t);
	struct folder fo = { 0 };
	size_t i;

	t->last_end = nseg ? segs[nseg - 1].end : 0;
	/* At most 3 folded bytes per source byte, plus the separators. */
	t->wide = t->last_end > UINT32_MAX / 4 || nseg > UINT32_MAX / 4;
	fo.map = t;
	/* Folding rarely lengthens text: one allocation of the source size
	 * saves growing (and copying) the copy as it is made. */
	for (i = 0; i < nseg; i++)
		fo.cap += segs[i].end - segs[i].start + 1;
	fo.cap += 16;
	fo.out = xmalloc(fo.cap);
	if (nseg)
		map_add(&fo, 0, segs[0].start);
	for (i = 0; i < nseg; i++) {
		if (i > 0) {
			folder_room(&fo, 1);
			if (segs[i - 1].end - fo.len != fo.delta)
				map_add(&fo, fo.len, segs[i - 1].end);
			fo.out[fo.len++] = '\n';
		}
		folder_run(&fo, src, segs[i].start, segs[i].end);
	}
	folder_room(&fo, 1);
	fo.out[fo.len] = '\0';
	t->fold = xrealloc(fo.out, fo.len + 1);
	t->len = fo.len;
	if (t->ncp) {
		t->cps = xreallocarray(t->cps, t->ncp,
		    t->wide ? 2 * sizeof(size_t) : 2 * sizeof(uint32_t));
		t->capcp = t->ncp;
	}
	return t;
}

void
fold_text_free(struct fold_text *t)
{
	if (!t)
		return;
	if (!t->borrowed) {
		free(t->fold);
		free(t->cps);
	}
	free(t);
}

void
fold_text_parts(const struct fold_text *t, struct fold_parts *p)
{
	p->fold = t->fold;
	p->len = t->len;
	p->map = t->cps;
	p->nmap = t->ncp;
	p->wide = t->wide;
	p->last_end = t->last_end;
}

struct fold_text *
fold_text_view(const struct fold_parts *p)
{
	struct fold_text *t = xcalloc(1, sizeof *t);

	t->fold = (unsigned char *)p->fold;
	t->len = p->len;
	t->cps = (void *)p->map;
	t->ncp = t->capcp = p->nmap;
	t->wide = p->wide;
	t->last_end = p->last_end;
	t->borrowed = 1;
	return t;
}

size_t
fold_map_bytes(const struct fold_parts *p)
{
	return p->nmap * (p->wide ? 2 * sizeof(size_t) : 2 * sizeof(uint32_t));
}

int
fold_parts_check(const struct fold_parts *p, size_t srclen)
{
	size_t i, f, s, nf, ns, g;
	struct fold_text t = { 0 };

	if (p->fold[p->len] != '\0' || p->last_end > srclen ||
	    (p->len && !p->nmap))
		return -1;
	t.cps = (void *)p->map;
	t.ncp = p->nmap;
	t.wide = p->wide;
	/* checkpoints go forward in the folded copy and in the source,
	 * the first at the copy's start, and each character start (the
	 * only offsets looked up) maps at most to the next checkpoint's
	 * source, the last ones at most to the text's end: every offset
	 * the matcher makes is then in bounds and in order */
	for (i = 0; i < p->nmap; i++) {
		map_get(&t, i, &f, &s);
		if (i + 1 < p->nmap)
			map_get(&t, i + 1, &nf, &ns);
		else
			nf = p->len, ns = p->last_end;
		if ((i == 0 && f != 0) || f > nf || nf > p->len || s > ns)
			return -1;
		for (g = nf; g > f && (p->fold[g - 1] & 0xC0) == 0x80; g--)
			;
		if (g > f && ns - s < g - 1 - f)
			return -1;
	}
	return 0;
}

size_t
fold_text_bytes(const struct fold_text *t)
{
	return sizeof *t + t->len + 1 +
	    t->capcp * (t->wide ? 2 * sizeof(size_t) : 2 * sizeof(uint32_t));
}

const char *
fold_text_data(const struct fold_text *t, size_t *len)
{
	*len = t->len;
	return (const char *)t->fold;
}

char *
fold_string(const char *s, size_t len, size_t *outlen)
{
	struct folder fo = { 0 };

	folder_run(&fo, (const unsigned char *)s, 0, len);
	folder_room(&fo, 1);
	fo.out[fo.len] = '\0';
	if (outlen)
		*outlen = fo.len;
	return (char *)fo.out;
}

/* ---- the strict forms ---------------------------------------------- */

enum { M_CASE = 1, M_ACCENT = 2 };

/* Where strict code points go: collected into v, or compared with cmp. */
struct sink {
	uint32_t *v;
	size_t n, cap;
	const uint32_t *cmp;
	size_t cmpn;
	uint32_t last;
	int fail;
};

static inline void
sink_put(struct sink *k, uint32_t x)
{
	if (x == ' ' && k->last == ' ')
		return;
	k->last = x;
	if (k->cmp) {
		if (k->n >= k->cmpn || k->cmp[k->n] != x)
			k->fail = 1;
		k->n++;
		return;
	}
	GROW(k->v, k->cap, k->n + 1);
	k->v[k->n++] = x;
}

/* Put a unit's code points in canonical order (marks sorted by combining
 * class, stably), so that precomposed and decomposed letters compare equal
 * whatever order their marks came in. */
static void
group_order(uint32_t *g, size_t n)
{
	size_t i, j;
	uint32_t x;
	int cc;

	for (i = 1; i < n; i++) {
		x = g[i];
		cc = uc_combining_class(x);
		if (!cc)
			continue;
		for (j = i; j > 0 && uc_combining_class(g[j - 1]) > cc; j--)
			g[j] = g[j - 1];
		g[j] = x;
	}
}

/* Pass a unit's code points on, in canonical order. */
static inline void
group_flush(struct sink *k, uint32_t *g, size_t n)
{
	size_t i;

	if (n > 1)
		group_order(g, n);
	for (i = 0; i < n; i++)
		sink_put(k, g[i]);
}

#define GROUP_MAX 32

/* Fold src[pos,end) with case and/or accents kept (mode), into k.  Stops
 * early once a comparison failed. */
static void
strict_fold(const unsigned char *src, size_t pos, size_t end, int mode,
    struct sink *k)
{
	uint32_t g[GROUP_MAX], c;
	const uint32_t *form;
	const struct cpinfo *e;
	size_t gn = 0, len, i, n;
	unsigned marks;
	int kind;

	while (pos < end && !k->fail) {
		kind = byte_kind[src[pos]];
		if (kind != K_MULTI) {
			group_flush(k, g, gn);
			gn = 0;
			if (kind == K_SPACE)
				sink_put(k, ' ');
			else
				g[gn++] = kind == K_UPPER && !(mode & M_CASE) ?
				    src[pos] + (uint32_t)('a' - 'A') : src[pos];
			pos++;
			continue;
		}
		len = utf8_get(src + pos, end - pos, &c);
		pos += len;
		e = fold_cp_info(c);
		if (e->cls != CL_MARK || gn + FORM_MAX > GROUP_MAX) {
			group_flush(k, g, gn);
			gn = 0;
		}
		if (e->cls == CL_SPACE)
			sink_put(k, ' ');
		if (e->cls == CL_SPACE || e->cls == CL_DROP)
			continue;
		if (mode & M_CASE) {
			form = e->nfd;
			n = e->nfd_n;
			marks = e->nfd_marks;
		} else {
			form = e->cf;
			n = e->cf_n;
			marks = e->cf_marks;
		}
		for (i = 0; i < n; i++)
			if ((mode & M_ACCENT) || !(marks & (1u << i)))
				g[gn++] = form[i];
	}
	if (!k->fail)
		group_flush(k, g, gn);
}

/* ---- queries and matching ------------------------------------------- */

struct fold_query {
	unsigned char *loose;
	size_t len;
	uint32_t *strict;	/* NULL when mode is 0 */
	size_t nstrict;
	int mode;		/* M_* */
	size_t rare;		/* index of the rarest byte of loose */
	unsigned char letters[36]; /* its ASCII letters and digits (lower
				 * case), each once, the rarest first */
	size_t nletters;
};

/* Roughly how common each byte is in folded text, from 0 (rare) up:
 * letters after Dutch and English, and UTF-8 lead bytes as common, which
 * they are in other scripts.  A short query is looked for by its rarest
 * byte with memchr, much faster than memmem on two or three bytes. */
static const uint8_t byte_freq[256] = {
	[' '] = 200, ['e'] = 190, ['n'] = 100, ['a'] = 80, ['t'] = 70,
	['i'] = 65, ['r'] = 64, ['o'] = 60, ['d'] = 58, ['s'] = 40,
	['l'] = 36, ['g'] = 34, ['h'] = 30, ['v'] = 25, ['k'] = 22,
	['m'] = 22, ['u'] = 20, ['c'] = 18, ['w'] = 16, ['b'] = 16,
	['p'] = 16, ['j'] = 14, ['z'] = 12, ['f'] = 12, ['y'] = 6, ['x'] = 2,
	['q'] = 1, ['.'] = 10, [','] = 10, ['\''] = 5, ['"'] = 5, ['-'] = 5,
	['0' ... '9'] = 4, [0x80 ... 0xBF] = 30, [0xC2 ... 0xF4] = 150,
};

/* The letter bit of an ASCII byte: a-z (either case) and 0-9. */
static uint64_t
letter_bit(unsigned char b)
{
	if (b >= 'a' && b <= 'z')
		return 1ULL << (b - 'a');
	if (b >= 'A' && b <= 'Z')
		return 1ULL << (b - 'A');
	if (b >= '0' && b <= '9')
		return 1ULL << (26 + b - '0');
	return 0;
}

/* fq's letters and digits, each once, the rarest first: the order
 * fold_missing_letter() tries them in. */
static void
rare_letters(struct fold_query *fq)
{
	uint64_t seen = 0;
	size_t i, k;
	unsigned char b;

	for (i = 0; i < fq->len; i++) {
		b = fq->loose[i];
		if (b >= 'A' && b <= 'Z')
			b = (unsigned char)(b - 'A' + 'a');
		if (!letter_bit(b) || (seen & letter_bit(b)))
			continue;
		seen |= letter_bit(b);
		for (k = fq->nletters++; k > 0 &&
		    byte_freq[fq->letters[k - 1]] > byte_freq[b]; k--)
			fq->letters[k] = fq->letters[k - 1];
		fq->letters[k] = b;
	}
}

/* Queries up to this long are looked for by their rarest byte. */
#define RARE_MAX 3

struct fold_query *
fold_query_new(const char *q, size_t len)
{
	const unsigned char *s = (const unsigned char *)q;
	struct fold_query *fq;
	struct sink k = { 0 };
	size_t pos, n, flen;
	uint32_t c;
	char *loose;
	int mode = 0, fl;

	loose = fold_string(q, len, &flen);
	if (flen == 0 || (flen == 1 && loose[0] == ' ')) {
		free(loose);
		return NULL;
	}
	for (pos = 0; pos < len; pos += n) {
		n = utf8_get(s + pos, len - pos, &c);
		if (c < 0x80) {
			if (byte_kind[c] == K_UPPER)
				mode |= M_CASE;
			continue;
		}
		fl = fold_cp_info(c)->flags;
		if (fl & F_UPPER)
			mode |= M_CASE;
		if (fl & F_ACCENT)
			mode |= M_ACCENT;
	}
	fq = xcalloc(1, sizeof *fq);
	fq->loose = (unsigned char *)loose;
	fq->len = flen;
	fq->mode = mode;
	for (pos = 1; pos < flen; pos++)
		if (byte_freq[(unsigned char)loose[pos]] <
		    byte_freq[(unsigned char)loose[fq->rare]])
			fq->rare = pos;
	rare_letters(fq);
	if (mode) {
		strict_fold(s, 0, len, mode, &k);
		fq->strict = k.v;
		fq->nstrict = k.n;
	}
	return fq;
}

void
fold_query_free(struct fold_query *q)
{
	if (!q)
		return;
	free(q->loose);
	free(q->strict);
	free(q);
}

int
fold_query_case_sensitive(const struct fold_query *q)
{
	return (q->mode & M_CASE) != 0;
}

int
fold_query_accent_sensitive(const struct fold_query *q)
{
	return (q->mode & M_ACCENT) != 0;
}

/* Does src[start,end) fold the strict way to the query's strict form? */
static int
verify(const struct fold_query *q, const unsigned char *src, size_t start,
    size_t end)
{
	struct sink k = { 0 };

	k.cmp = q->strict;
	k.cmpn = q->nstrict;
	strict_fold(src, start, end, q->mode, &k);
	return !k.fail && k.n == k.cmpn;
}

/* ASan's memmem checks the whole haystack on every call, which made a
 * search with many matches quadratic under the sanitizers; searching a
 * window that starts small and doubles keeps each call in proportion to
 * the distance covered, at no real cost without them. */
#define WIN_MIN 4096
#define WIN_MAX (1 << 20)

struct scan {
	size_t pos, win;
};

/* The first occurrence of a short query in h[0,n), by its rarest byte. */
static const unsigned char *
rare_find(const unsigned char *h, size_t n, const struct fold_query *q)
{
	const unsigned char *p = h + q->rare, *last;

	if (n < q->len)
		return NULL;
	last = h + (n - q->len) + q->rare;
	while (p <= last &&
	    (p = memchr(p, q->loose[q->rare], (size_t)(last - p) + 1))) {
		if (memcmp(p - q->rare, q->loose, q->len) == 0)
			return p - q->rare;
		p++;
	}
	return NULL;
}

/* Find the next occurrence of q's loose form at or after sc->pos. */
static int
scan_next(const struct fold_text *t, const struct fold_query *q,
    struct scan *sc, size_t *at)
{
	const unsigned char *p;
	size_t n;

	if (q->len <= RARE_MAX) {
		if (sc->pos >= t->len)
			return 0;
		p = rare_find(t->fold + sc->pos, t->len - sc->pos, q);
		if (p)
			*at = (size_t)(p - t->fold);
		return p != NULL;
	}
	while (sc->pos < t->len && t->len - sc->pos >= q->len) {
		n = t->len - sc->pos;
		if (n - q->len >= sc->win)
			n = sc->win + q->len - 1;
		p = memmem(t->fold + sc->pos, n, q->loose, q->len);
		if (p) {
			*at = (size_t)(p - t->fold);
			sc->win = WIN_MIN;
			return 1;
		}
		sc->pos += n - (q->len - 1);
		if (sc->win < WIN_MAX)
			sc->win *= 2;
	}
	return 0;
}

/* End of the match whose last folded character, at fl, comes from the unit
 * at sl: the unit ends before the unit of the next folded character (or at
 * the end of the paragraph, where '\n' maps). */
static size_t
match_end(const struct fold_text *t, const unsigned char *src, size_t *hint,
    size_t fl, size_t sl)
{
	size_t f = fl, bound;

	do {
		f++;
		while (f < t->len && (t->fold[f] & 0xC0) == 0x80)
			f++;
		bound = f < t->len ? map_seek(t, hint, f) : t->last_end;
	} while (bound == sl && f < t->len);
	return unit_end(src, sl, bound);
}

/* The search shared by fold_find_all (v not NULL) and fold_count.  A
 * candidate beginning in the unit where the last match ended is skipped
 * ("s" matches "ß", folded "ss", once).  Counting a loose query needs no
 * source offsets at all while no checkpoint lies between the last match
 * and the end of this one: the two are then in one linear stretch of the
 * map, so they cannot share a unit. */
static size_t
find(const struct fold_text *t, const unsigned char *src,
    const struct fold_query *q, struct fold_match **v, size_t *cap)
{
	struct scan sc = { 0, WIN_MIN };
	size_t n = 0, hint = 0, g = 0, gl, fs, fl, s, sl, e = 0, last = 0;
	size_t prev_fl = 0, cf, cs;
	int quick;

	if (!q)
		return 0;
	quick = !v && !q->mode;
	while (scan_next(t, q, &sc, &fs)) {
		sc.pos = fs + 1;
		fl = fs + q->len - 1;
		while (fl > fs && (t->fold[fl] & 0xC0) == 0x80)
			fl--;
		if (quick && n > 0) {
			/* g is the checkpoint governing prev_fl */
			if (g + 1 < t->ncp)
				map_get(t, g + 1, &cf, &cs);
			if (g + 1 >= t->ncp || cf > fl) {
				n++;
				prev_fl = fl;
				sc.pos = fs + q->len;
				continue;
			}
			last = map_seek(t, &hint, prev_fl);
		}
		s = map_seek(t, &hint, fs);
		if (n > 0 && s <= last)
			continue;	/* inside the unit of the last match */
		sl = map_seek(t, &hint, fl);
		gl = hint;
		if (v || q->mode)
			e = match_end(t, src, &hint, fl, sl);
		if (q->mode && !verify(q, src, s, e))
			continue;
		if (v) {
			GROW(*v, *cap, n + 1);
			(*v)[n].start = s;
			(*v)[n].end = e;
		}
		n++;
		last = sl;
		prev_fl = fl;
		g = gl;
		sc.pos = fs + q->len;
	}
	return n;
}

size_t
fold_find_all(const struct fold_text *t, const unsigned char *src,
    const struct fold_query *q, struct fold_match **v, size_t *cap)
{
	return find(t, src, q, v, cap);
}

size_t
fold_count(const struct fold_text *t, const unsigned char *src,
    const struct fold_query *q)
{
	return find(t, src, q, NULL, NULL);
}

uint64_t
fold_query_letters(const struct fold_query *q)
{
	uint64_t m = 0;
	size_t k;

	/* only a query without strictness: a strict query finds what its
	 * loose form finds, and the loose form holds these letters */
	for (k = 0; k < q->nletters; k++)
		m |= letter_bit(q->letters[k]);
	return m;
}

const char *
fold_query_loose(const struct fold_query *q, size_t *len)
{
	*len = q->len;
	return (const char *)q->loose;
}

int
fold_may_match(const unsigned char *src, size_t len,
    const struct fold_query *q)
{
	return fold_missing_letter(src, len, q, NULL) == 0;
}

/* The letters of the characters of src[0,len) beyond ASCII, by what
 * they fold to; *valid (if not NULL) says whether each is good UTF-8. */
static uint64_t
wide_letters(const unsigned char *src, size_t len, int *valid)
{
	const struct cpinfo *e;
	uint64_t m = 0, v;
	size_t i, j, n;
	uint32_t c;
	int ok = 1;

	for (i = 0; i < len;) {
		if (src[i] < 0x80) {
			if (len - i >= 8) {
				memcpy(&v, src + i, 8);
				if (!(v & 0x8080808080808080ULL)) {
					i += 8;
					continue;
				}
			}
			i++;
			continue;
		}
		n = utf8_get(src + i, len - i, &c);
		/* a bad sequence: one byte for U+FFFD */
		ok &= n > 1 || c != 0xFFFD;
		e = fold_cp_info(c);
		for (j = 0; j < e->loose_len; j++)
			m |= letter_bit((unsigned char)e->loose[j]);
		i += n ? n : 1;
	}
	if (valid)
		*valid = ok;
	return m;
}

uint64_t
fold_missing_letter(const unsigned char *src, size_t len,
    const struct fold_query *q, int *utf8)
{
	unsigned char b, upper;
	uint64_t wide = 0;
	size_t k;
	int scanned = 0, valid = 1;

	/* the query's ASCII letters and digits, the rarest first */
	for (k = 0; k < q->nletters; k++) {
		b = q->letters[k];
		upper = b >= 'a' && b <= 'z' ? (unsigned char)(b - 'a' + 'A') :
		    b;
		if (memchr(src, b, len) ||
		    (upper != b && memchr(src, upper, len)))
			continue;
		/* then only a character that folds to something holding
		 * b can give it (one look at them for every letter) */
		if (!scanned) {
			wide = wide_letters(src, len, &valid);
			scanned = 1;
		}
		if (wide & letter_bit(b))
			continue;
		if (utf8)
			*utf8 = valid;
		return letter_bit(b);
	}
	return 0;
}

uint64_t
fold_letters(const unsigned char *src, size_t len)
{
	uint64_t m = 0;
	size_t i;

	/* as fold_missing_letter() judges each letter: a byte of it in
	 * either case, or a character whose loose fold holds it */
	for (i = 0; i < len; i++)
		if (src[i] < 0x80)
			m |= letter_bit(src[i]);
	return m | wide_letters(src, len, NULL);
}
