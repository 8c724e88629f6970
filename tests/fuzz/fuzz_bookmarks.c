/* fuzz_bookmarks.c - the bookmarks dotfile: parse, merge, serialise.
 *
 * Input: the dotfile.  Its last bytes also choose a few ops (add, delete,
 * update, state, last) and re-anchoring queries, with strings cut from the
 * input.  Checks that every line becomes one record (RAW lines byte for
 * byte), that parse(serialise(x)) == x and serialising again gives the
 * same bytes, that each op does what bookmarks.h says and nothing else
 * (RAW and COMMENT records untouched, idempotent), and that bm_reanchor()
 * returns the nearest occurrence.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bookmarks.h"
#include "util.h"

#include "fuzz.h"

/* The range times are written in (four-digit years); bookmarks.c clamps
 * to it. */
#define TIME_MIN (-62167219200LL)
#define TIME_MAX 253402300799LL

static int64_t
clamp_time(int64_t t)
{
	return t < TIME_MIN ? TIME_MIN : t > TIME_MAX ? TIME_MAX : t;
}

static const char *const kind_names[] = {
	"MARK", "STATE", "LAST", "OLD_MARK", "OLD_STATE", "OLD_LAST", "RAW",
	"COMMENT"
};

static void
add_str(struct buf *b, const char *tag, const char *s)
{
	if (!s)
		buf_printf(b, "%s=NULL ", tag);
	else
		buf_printf(b, "%s[%zu]=%s ", tag, strlen(s), s);
}

/* All of r as one string (lengths make it unambiguous); time clamped to
 * what a file can hold when clamp is set.  The caller frees. */
static char *
rec_str(const struct bm_rec *r, int clamp)
{
	struct buf b = { 0 };

	buf_printf(&b, "%s ", r->kind <= BM_COMMENT ? kind_names[r->kind] :
	    "?");
	add_str(&b, "id", r->id);
	add_str(&b, "name", r->name);
	add_str(&b, "path", r->path);
	add_str(&b, "dossier", r->dossier);
	add_str(&b, "label", r->label);
	add_str(&b, "snippet", r->snippet);
	buf_printf(&b, "fp=%016" PRIx64 " off=%" PRIu64 " time=%" PRId64
	    " done=%d ", r->fp, r->offset,
	    clamp ? clamp_time(r->time) : r->time, r->done);
	if (r->raw) {
		buf_printf(&b, "raw[%zu]=", r->rawlen);
		buf_add(&b, r->raw, r->rawlen);
	} else {
		buf_printf(&b, "raw=NULL(%zu)", r->rawlen);
	}
	return b.data;
}

/* Does each record hold exactly the strings its kind uses? */
static void
check_shape(const struct bm_set *s, const char *what, int parsed)
{
	size_t i, nraw = 0;

	for (i = 0; i < s->n; i++) {
		const struct bm_rec *r = &s->v[i];
		int mark = r->kind == BM_MARK || r->kind == BM_OLD_MARK;
		int state = r->kind == BM_STATE || r->kind == BM_OLD_STATE;
		int old = r->kind == BM_OLD_MARK || r->kind == BM_OLD_STATE;
		int last = r->kind == BM_LAST;
		int raw = r->kind == BM_RAW || r->kind == BM_COMMENT;

		FUZZ_CHECK(r->kind <= BM_COMMENT, "%s: record %zu of kind %d",
		    what, i, (int)r->kind);
		FUZZ_CHECK(!r->id == !mark && !r->label == !mark &&
		    !r->snippet == !mark && !r->name == !old &&
		    !r->dossier == !last && !r->path == !!raw &&
		    !r->raw == !raw, "%s: record %zu (%s) has the wrong "
		    "strings", what, i, kind_names[r->kind]);
		FUZZ_CHECK(!mark || *r->id, "%s: mark %zu without an id", what,
		    i);
		FUZZ_CHECK(r->done == 0 || (state && r->done == 1),
		    "%s: record %zu done=%d", what, i, r->done);
		FUZZ_CHECK(raw || !parsed || r->time == clamp_time(r->time),
		    "%s: record %zu time %" PRId64 " out of range", what, i,
		    r->time);
		nraw += r->kind == BM_RAW;
	}
	FUZZ_CHECK(nraw == s->nraw, "%s: nraw %zu, %zu RAW records", what,
	    s->nraw, nraw);
}

/* The same records (times clamped as a file holds them)? */
static void
check_same(const struct bm_set *a, const struct bm_set *b, const char *what)
{
	size_t i;

	FUZZ_CHECK(a->n == b->n, "%s: %zu records, then %zu", what, a->n,
	    b->n);
	FUZZ_CHECK(a->nraw == b->nraw, "%s: nraw %zu, then %zu", what,
	    a->nraw, b->nraw);
	for (i = 0; i < a->n; i++) {
		char *x = rec_str(&a->v[i], 1), *y = rec_str(&b->v[i], 1);

		FUZZ_CHECK(strcmp(x, y) == 0, "%s: record %zu changed:\n  %s\n"
		    "  %s", what, i, x, y);
		free(x);
		free(y);
	}
}

/* The lines of s[0,n) as bm_parse() cuts them: after a BOM, at each '\n',
 * no empty line after a final '\n'. */
static size_t
count_lines(const char *s, size_t n, const char **first)
{
	const char *p = s, *end = s + n, *nl;
	size_t lines = 0;

	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	*first = p;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		lines++;
		if (!nl)
			break;
		p = nl + 1;
	}
	return lines;
}

/* Valid UTF-8 with no C0 or C1 control character but the tab between
 * fields (bidirectional formatting characters are not escaped: they do
 * not drive a terminal, and a label may need them). */
static int
clean_line(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	ucs4_t c;

	if (u8_check(p, n))
		return 0;
	while (p < end) {
		p += u8_mbtouc(&c, p, (size_t)(end - p));
		if (c != '\t' && (c < 0x20 || c == 0x7F ||
		    (c >= 0x80 && c < 0xA0)))
			return 0;
	}
	return 1;
}

/* Serialise s, parse that, serialise again: the same records and the same
 * bytes.  Checks the file is one line per record, and that what is not
 * RAW or COMMENT is written as readable text.  Returns the first
 * serialisation (the caller frees). */
static char *
round_trip(const struct bm_set *s, size_t *outlen, const char *what)
{
	struct bm_set t;
	char *s1, *s2, *p, *nl;
	size_t n1, n2, i, line;

	s1 = bm_serialize(s, &n1);
	FUZZ_CHECK(s1 && s1[n1] == '\0' && n1 > 0 && s1[n1 - 1] == '\n',
	    "%s: serialisation does not end in a newline", what);
	/* one line per record, after the version line */
	for (p = s1, line = 0; p < s1 + n1; p = nl + 1, line++) {
		nl = memchr(p, '\n', (size_t)(s1 + n1 - p));
		if (line == 0 && s->version <= BM_VERSION) {
			FUZZ_CHECK(strncmp(p, "# dossier bookmarks v2\n", 23)
			    == 0, "%s: no version line", what);
			continue;
		}
		i = line - (s->version <= BM_VERSION);
		FUZZ_CHECK(i < s->n, "%s: more lines than records", what);
		if (s->v[i].kind == BM_RAW || s->v[i].kind == BM_COMMENT) {
			FUZZ_CHECK((size_t)(nl - p) == s->v[i].rawlen &&
			    memcmp(p, s->v[i].raw, s->v[i].rawlen) == 0,
			    "%s: record %zu not written byte for byte", what,
			    i);
		} else {
			FUZZ_CHECK(clean_line(p, (size_t)(nl - p)),
			    "%s: record %zu written with a control character "
			    "or invalid UTF-8", what, i);
		}
	}
	FUZZ_CHECK(line == s->n + (s->version <= BM_VERSION),
	    "%s: %zu lines for %zu records", what, line, s->n);

	bm_parse(s1, n1, &t);
	check_shape(&t, what, 1);
	check_same(s, &t, what);
	FUZZ_CHECK(t.version == (s->version > BM_VERSION ? s->version :
	    BM_VERSION), "%s: version %d read back as %d", what, s->version,
	    t.version);
	s2 = bm_serialize(&t, &n2);
	FUZZ_CHECK(n1 == n2 && memcmp(s1, s2, n1) == 0,
	    "%s: the second serialisation differs", what);
	free(s2);
	bm_set_free(&t);
	*outlen = n1;
	return s1;
}

/* A NUL-free string of up to 31 bytes cut from the input; never empty
 * when nonempty is set. */
static char *
take_string(struct fuzz_bytes *fb, const uint8_t *data, size_t size,
    int nonempty)
{
	struct buf b = { 0 };
	size_t len = fuzz_byte(fb) % 32, start, i;

	buf_add(&b, "", 0);
	start = size ? (fuzz_byte(fb) << 8 | fuzz_byte(fb)) % size : 0;
	for (i = start; i < size && i < start + len; i++)
		if (data[i])
			buf_addc(&b, (char)data[i]);
	if (nonempty && !b.len)
		buf_addc(&b, 'x');
	return b.data;
}

static uint64_t
take_u64(struct fuzz_bytes *fb)
{
	uint64_t v = 0;
	int i, n = 1 + fuzz_byte(fb) % 8;

	for (i = 0; i < n; i++)
		v = v << 8 | fuzz_byte(fb);
	return v;
}

/* A record of the given kind in s, or NULL. */
static const struct bm_rec *
pick_rec(const struct bm_set *s, enum bm_kind kind, unsigned k)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++)
		n += s->v[i].kind == kind;
	if (!n)
		return NULL;
	k %= n;
	for (i = 0; i < s->n; i++)
		if (s->v[i].kind == kind && k-- == 0)
			return &s->v[i];
	return NULL;
}

static int
str_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static int
affected(const struct bm_op *op, const struct bm_rec *r)
{
	switch (op->kind) {
	case BM_OP_ADD:
	case BM_OP_DEL:
	case BM_OP_UPDATE:
		return r->kind == BM_MARK && str_eq(r->id, op->rec.id);
	case BM_OP_STATE:
		return r->kind == BM_STATE && str_eq(r->path, op->rec.path);
	case BM_OP_LAST:
		return r->kind == BM_LAST && str_eq(r->dossier, op->rec.dossier);
	case BM_OP_REPLACE:
		return 0;
	}
	return 0;
}

/* The record an op writes, as rec_str() shows it. */
static char *
expected(const struct bm_op *op)
{
	const struct bm_rec *o = &op->rec;
	struct bm_rec r;

	memset(&r, 0, sizeof r);
	r.time = o->time;
	r.path = (char *)(o->path ? o->path : "");
	switch (op->kind) {
	case BM_OP_ADD:
	case BM_OP_UPDATE:
	case BM_OP_DEL:
		r.kind = BM_MARK;
		r.id = (char *)(o->id ? o->id : "");
		r.label = (char *)(o->label ? o->label : "");
		r.snippet = (char *)(o->snippet ? o->snippet : "");
		/* fall through */
	case BM_OP_STATE:
		if (op->kind == BM_OP_STATE)
			r.kind = BM_STATE;
		r.fp = o->fp;
		r.offset = o->offset;
		r.done = op->kind == BM_OP_STATE ? !!o->done : 0;
		break;
	case BM_OP_LAST:
		r.kind = BM_LAST;
		r.dossier = (char *)(o->dossier ? o->dossier : "");
		break;
	case BM_OP_REPLACE:
		break;
	}
	return rec_str(&r, 0);
}

/* The records of s as strings (unclamped: the set in memory). */
static char **
snapshot(const struct bm_set *s)
{
	char **v = xcalloc(s->n + 1, sizeof *v);
	size_t i;

	for (i = 0; i < s->n; i++)
		v[i] = rec_str(&s->v[i], 0);
	return v;
}

static void
free_snapshot(char **v)
{
	size_t i;

	for (i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}

static const char *const op_names[] = {
	"ADD", "DEL", "STATE", "LAST", "UPDATE", "REPLACE"
};

/* Apply op to s and check that it did what bookmarks.h says: the records
 * it concerns (affected()) become what it writes, the others stay as they
 * were and in their order, and applying it again changes nothing. */
static void
apply_and_check(struct bm_set *s, const struct bm_op *op)
{
	const char *name = op_names[op->kind];
	size_t nb = s->n, nraw = s->nraw, na, i, x, y, nab = 0, naa = 0;
	size_t first_b = nb, first_a = 0, l1, l2;
	char **b = snapshot(s), **a, *want, *s1, *s2;
	char *aff_b = xcalloc(nb + 1, 1), *aff_a;
	int newer = 0;
	int64_t now = (int64_t)time(NULL);

	for (i = 0; i < nb; i++) {
		if (!(aff_b[i] = (char)affected(op, &s->v[i])))
			continue;
		if (!nab++)
			first_b = i;
		if ((op->kind == BM_OP_STATE || op->kind == BM_OP_LAST) &&
		    bm_newer(s->v[i].time, op->rec.time, now))
			newer = 1;
	}
	bm_set_apply(s, op);
	check_shape(s, name, 0);
	FUZZ_CHECK(s->nraw == nraw, "%s: nraw %zu, was %zu", name, s->nraw,
	    nraw);
	na = s->n;
	a = snapshot(s);
	aff_a = xcalloc(na + 1, 1);
	for (i = 0; i < na; i++) {
		if (!(aff_a[i] = (char)affected(op, &s->v[i])))
			continue;
		if (!naa++)
			first_a = i;
	}

	/* the records it does not concern stay, in order */
	for (x = 0, y = 0;; x++, y++) {
		while (x < nb && aff_b[x])
			x++;
		while (y < na && aff_a[y])
			y++;
		if (x == nb || y == na)
			break;
		FUZZ_CHECK(strcmp(b[x], a[y]) == 0, "%s: record %zu changed "
		    "(%zu now):\n  %s\n  %s", name, x, y, b[x], a[y]);
	}
	FUZZ_CHECK(x == nb && y == na, "%s: records %s", name,
	    x < nb ? "lost" : "added");

	want = expected(op);
	switch (op->kind) {
	case BM_OP_ADD:
		if (nab) {
			FUZZ_CHECK(na == nb, "ADD of a present id changed the "
			    "set");
			for (i = 0; i < na; i++)
				FUZZ_CHECK(strcmp(a[i], b[i]) == 0, "ADD of a "
				    "present id changed record %zu", i);
		} else {
			FUZZ_CHECK(naa == 1 && first_a == na - 1 &&
			    strcmp(a[na - 1], want) == 0, "ADD: %zu marks "
			    "with the id, the first at %zu of %zu:\n  %s\n"
			    "  want %s", naa, first_a, na,
			    naa ? a[first_a] : "", want);
		}
		break;
	case BM_OP_DEL:
		FUZZ_CHECK(naa == 0, "DEL left %zu marks with the id", naa);
		break;
	case BM_OP_UPDATE:
		FUZZ_CHECK(na == nb && naa == nab, "UPDATE: %zu marks with "
		    "the id, was %zu", naa, nab);
		for (i = 0; i < na; i++)
			FUZZ_CHECK(aff_a[i] == aff_b[i] && (!aff_a[i] ||
			    strcmp(a[i], want) == 0), "UPDATE: record %zu:\n"
			    "  %s\n  want %s", i, a[i], want);
		break;
	case BM_OP_REPLACE:
		break;
	case BM_OP_STATE:
	case BM_OP_LAST:
		if (newer) {
			FUZZ_CHECK(na == nb, "%s over a newer one changed the "
			    "set", name);
			for (i = 0; i < na; i++)
				FUZZ_CHECK(strcmp(a[i], b[i]) == 0, "%s over a "
				    "newer one changed record %zu", name, i);
		} else {
			FUZZ_CHECK(naa == 1 && strcmp(a[first_a], want) == 0,
			    "%s: %zu records for it, the first:\n  %s\n"
			    "  want %s", name, naa, naa ? a[first_a] : "",
			    want);
			FUZZ_CHECK(first_a == (nab ? first_b : na - 1),
			    "%s: written at %zu, the first was at %zu", name,
			    first_a, nab ? first_b : nb);
		}
		if (op->kind == BM_OP_STATE) {
			const struct bm_rec *st = bm_set_state(s,
			    op->rec.path);

			FUZZ_CHECK(st && !bm_newer(op->rec.time, st->time, now),
			    "STATE: bm_set_state finds %s", st ? "an older "
			    "one" : "none");
		} else {
			const struct bm_rec *la = bm_set_last(s,
			    op->rec.dossier);

			FUZZ_CHECK(la && !bm_newer(op->rec.time, la->time, now),
			    "LAST: bm_set_last finds %s", la ? "an older "
			    "one" : "none");
		}
		break;
	}

	/* idempotent */
	s1 = bm_serialize(s, &l1);
	bm_set_apply(s, op);
	s2 = bm_serialize(s, &l2);
	FUZZ_CHECK(l1 == l2 && memcmp(s1, s2, l1) == 0, "%s applied twice "
	    "differs from once", name);
	free(s1);
	free(s2);
	free(want);
	free(aff_a);
	free(aff_b);
	free_snapshot(a);
	free_snapshot(b);
}

/* bm_reanchor: -1, or where a long enough piece of the snippet is; the
 * nearest occurrence (the earlier on a tie) when the whole snippet is in
 * the text. */
static void
check_reanchor(const char *text, size_t len, const char *snip, uint64_t old)
{
	size_t n = strlen(snip), p, k;
	long long r = bm_reanchor(text, len, snip, old), best = -1;
	uint64_t d, bestd = 0;
	int piece = 0;

	FUZZ_CHECK(r >= -1 && (r < 0 || (size_t)r < len),
	    "bm_reanchor: %lld in a text of %zu", r, len);
	if (n == 0) {
		FUZZ_CHECK(r == -1, "bm_reanchor of an empty snippet: %lld", r);
		return;
	}
	for (p = 0; p + n <= len; p++) {
		if (memcmp(text + p, snip, n) != 0)
			continue;
		d = p > old ? p - old : old - p;
		if (best < 0 || d < bestd) {
			best = (long long)p;
			bestd = d;
		}
	}
	if (best >= 0) {
		FUZZ_CHECK(r == best, "bm_reanchor: %lld, the nearest "
		    "occurrence to %" PRIu64 " is at %lld", r, old, best);
		return;
	}
	if (r < 0)
		return;
	/* a prefix or a suffix of at least 8 bytes */
	for (k = 8; k < n && !piece; k++)
		piece = (size_t)r + k <= len &&
		    (memcmp(text + r, snip, k) == 0 ||
		    memcmp(text + r, snip + n - k, k) == 0);
	FUZZ_CHECK(piece, "bm_reanchor: %lld holds no piece of the snippet",
	    r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bm_set s;
	struct bm_op op;
	struct fuzz_bytes fb;
	const struct bm_rec *r;
	const char *first;
	size_t lines, len, i;
	char *file, *str[5];
	unsigned nops, k, c;

	bm_parse((const char *)data, size, &s);
	check_shape(&s, "parse", 1);
	/* one record per line, but the version line; RAW lines whole */
	lines = count_lines((const char *)data, size, &first);
	FUZZ_CHECK(s.n == lines - (s.version >= 1 && s.version <= BM_VERSION),
	    "%zu records for %zu lines", s.n, lines);
	if (s.version > BM_VERSION)
		FUZZ_CHECK(s.nraw == s.n, "a newer file: %zu of %zu lines RAW",
		    s.nraw, s.n);
	file = round_trip(&s, &len, "round trip");
	if (s.version > BM_VERSION) {
		/* never rewritten: the same lines, less a BOM */
		size_t skip = first - (const char *)data;

		FUZZ_CHECK(len >= size - skip && memcmp(file, first,
		    size - skip) == 0 && len - (size - skip) ==
		    (size_t)(data[size - 1] != '\n'), "a newer file is "
		    "not written back as it was");
	}
	free(file);

	/* ops, chosen by the last bytes of the input */
	fb.p = data + (size > 64 ? size - 64 : 0);
	fb.n = size - (size_t)(fb.p - data);
	nops = fuzz_byte(&fb) % 6;
	for (k = 0; k < nops; k++) {
		memset(&op, 0, sizeof op);
		c = fuzz_byte(&fb);
		op.kind = (enum bm_op_kind)(c % 5);
		for (i = 0; i < 5; i++)
			str[i] = take_string(&fb, data, size, i == 0);
		op.rec.id = str[0];
		op.rec.dossier = str[1];
		op.rec.path = str[2];
		op.rec.label = str[3];
		op.rec.snippet = str[4];
		op.rec.fp = take_u64(&fb);
		op.rec.offset = take_u64(&fb);
		op.rec.time = (int64_t)take_u64(&fb);
		op.rec.done = (int)(c >> 3 & 3);
		/* mostly about what is there: an existing id or article */
		if (c & 0x20 && (r = pick_rec(&s, BM_MARK, c >> 6)))
			op.rec.id = r->id;
		if (c & 0x40 && (r = pick_rec(&s, BM_STATE, c >> 7)))
			op.rec.path = r->path;
		if (c & 0x40 && (r = pick_rec(&s, BM_LAST, c >> 7)))
			op.rec.dossier = r->dossier;
		if (c & 0x80 && (r = pick_rec(&s, op.kind == BM_OP_LAST ?
		    BM_LAST : BM_STATE, c)))
			op.rec.time = r->time + (int64_t)(c % 3) - 1;
		/* the op borrows: copy what points into s */
		op.rec.id = xstrdup(op.rec.id);
		op.rec.path = xstrdup(op.rec.path);
		op.rec.dossier = xstrdup(op.rec.dossier);
		apply_and_check(&s, &op);
		free((char *)op.rec.id);
		free((char *)op.rec.path);
		free((char *)op.rec.dossier);
		for (i = 0; i < 5; i++)
			free(str[i]);
	}
	/* A newer file is never written: ops on it stay in memory. */
	if (s.version > BM_VERSION)
		file = bm_serialize(&s, &len);
	else
		file = round_trip(&s, &len, "round trip after the ops");

	/* re-anchoring the marks, in the file and in the input */
	for (i = 0; i < s.n; i++) {
		if (s.v[i].kind != BM_MARK)
			continue;
		check_reanchor((const char *)data, size, s.v[i].snippet,
		    s.v[i].offset);
		check_reanchor(file, len, s.v[i].label, s.v[i].offset);
	}
	free(file);
	bm_set_free(&s);
	return 0;
}
