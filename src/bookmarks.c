/* bookmarks.c - the bookmarks dotfile: parse, merge, atomic save.
 *
 * Saving never edits the file in place: under a lock it re-reads what is
 * on disk, replays this instance's unsaved ops on top, and renames a fully
 * written and fsynced temporary file over the old one.  So a crash leaves
 * the old file or the new one, and two instances merge instead of
 * overwriting each other.  Every op is idempotent, which makes replaying
 * an op that may already be on disk harmless.
 */
#include "config.h"

/* memmem; configure may already have asked for it. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bookmarks.h"
#include "util.h"

#define VERSION_PREFIX "# dossier bookmarks v"
#define MAX_FIELDS 10
/* Re-anchoring gives up below this many bytes of snippet: shorter pieces
 * match in too many unrelated places. */
#define REANCHOR_MIN 8

/* ---- small helpers ---------------------------------------------------- */

static void
set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static char *
dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

static int
str_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* ---- times: ISO 8601 UTC, without the locale or TZ-dependent libc ---- */

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The format has four-digit years; times outside are clamped. */
#define TIME_MIN (-62167219200LL)	/* 0000-01-01T00:00:00Z */
#define TIME_MAX 253402300799LL		/* 9999-12-31T23:59:59Z */

static void
time_format(struct buf *b, int64_t t)
{
	int64_t days, secs;
	int y, m, d;

	if (t < TIME_MIN)
		t = TIME_MIN;
	if (t > TIME_MAX)
		t = TIME_MAX;
	days = t / 86400;
	secs = t % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	buf_printf(b, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
	    (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

static int
digits(const char *s, size_t n, int64_t *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* Exactly YYYY-MM-DDTHH:MM:SSZ, each part in range. */
static int
time_parse(const char *s, size_t n, int64_t *t)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int64_t y, mo, d, h, mi, se;

	if (n != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return -1;
	if (digits(s, 4, &y) || digits(s + 5, 2, &mo) ||
	    digits(s + 8, 2, &d) || digits(s + 11, 2, &h) ||
	    digits(s + 14, 2, &mi) || digits(s + 17, 2, &se))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
	    mi > 59 || se > 59)
		return -1;
	if (mo == 2 && d == 29 &&
	    !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -1;
	*t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}

/* ---- numbers ---------------------------------------------------------- */

static int
u64_parse(const char *s, size_t n, uint64_t *v)
{
	size_t i;
	unsigned d;

	if (n == 0 || n > 20)
		return -1;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		d = (unsigned)(s[i] - '0');
		if (*v > (UINT64_MAX - d) / 10)
			return -1;
		*v = *v * 10 + d;
	}
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
fp_parse(const char *s, size_t n, uint64_t *v)
{
	size_t i;
	int h;

	if (n != 16)
		return -1;
	*v = 0;
	for (i = 0; i < n; i++) {
		if ((h = hexval(s[i])) < 0)
			return -1;
		*v = *v << 4 | (uint64_t)h;
	}
	return 0;
}

/* ---- text fields ------------------------------------------------------ */

/* Decode an escaped field.  -1 on an unknown escape, a lone backslash or a
 * NUL byte (which a C string cannot hold). */
static int
unescape(const char *s, size_t n, char **out)
{
	struct buf b = { 0 };
	size_t i;
	int h1, h2;

	buf_add(&b, "", 0);
	for (i = 0; i < n; i++) {
		if (s[i] == '\0')
			goto fail;
		if (s[i] != '\\') {
			buf_addc(&b, s[i]);
			continue;
		}
		if (++i == n)
			goto fail;
		switch (s[i]) {
		case '\\': buf_addc(&b, '\\'); break;
		case 't': buf_addc(&b, '\t'); break;
		case 'n': buf_addc(&b, '\n'); break;
		case 'r': buf_addc(&b, '\r'); break;
		case 'x':
			if (n - i < 3 || (h1 = hexval(s[i + 1])) < 0 ||
			    (h2 = hexval(s[i + 2])) < 0 || (h1 | h2) == 0)
				goto fail;
			buf_addc(&b, (char)(h1 << 4 | h2));
			i += 2;
			break;
		default:
			goto fail;
		}
	}
	*out = b.data;
	return 0;
fail:
	buf_free(&b);
	return -1;
}

/* ---- records and sets ------------------------------------------------- */

static void
rec_free(struct bm_rec *r)
{
	free(r->id);
	free(r->name);
	free(r->relpath);
	free(r->label);
	free(r->snippet);
	free(r->raw);
	memset(r, 0, sizeof *r);
}

/* Fill *dst as a record of kind from src's fields (deep copies of the
 * strings that kind uses; NULL becomes ""). */
static void
rec_make(struct bm_rec *dst, enum bm_kind kind, const struct bm_rec *src)
{
	memset(dst, 0, sizeof *dst);
	dst->kind = kind;
	dst->time = src->time;
	switch (kind) {
	case BM_MARK:
		dst->id = dup_or_empty(src->id);
		dst->label = dup_or_empty(src->label);
		dst->snippet = dup_or_empty(src->snippet);
		/* fall through */
	case BM_STATE:
		dst->name = dup_or_empty(src->name);
		dst->fp = src->fp;
		dst->offset = src->offset;
		dst->done = kind == BM_STATE ? !!src->done : 0;
		/* fall through */
	case BM_LAST:
		dst->relpath = dup_or_empty(src->relpath);
		break;
	case BM_RAW:
	case BM_COMMENT:
		dst->raw = xmalloc(src->rawlen + 1);
		memcpy(dst->raw, src->raw, src->rawlen);
		dst->raw[src->rawlen] = '\0';
		dst->rawlen = src->rawlen;
		break;
	}
}

static struct bm_rec *
set_push(struct bm_set *s)
{
	GROW(s->v, s->cap, s->n + 1);
	memset(&s->v[s->n], 0, sizeof s->v[s->n]);
	return &s->v[s->n++];
}

static void
set_remove(struct bm_set *s, size_t i)
{
	rec_free(&s->v[i]);
	memmove(&s->v[i], &s->v[i + 1], (s->n - i - 1) * sizeof s->v[0]);
	s->n--;
}

void
bm_set_free(struct bm_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		rec_free(&s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* ---- parsing ---------------------------------------------------------- */

static void
push_raw(struct bm_set *s, enum bm_kind kind, const char *p, size_t n)
{
	struct bm_rec *r = set_push(s);

	r->kind = kind;
	r->raw = xstrndup(p, n);
	r->rawlen = n;
	if (kind == BM_RAW)
		s->nraw++;
}

/* The version of a line "# dossier bookmarks vN", or 0 if it is not one. */
static int
version_of(const char *p, size_t n)
{
	size_t k = sizeof VERSION_PREFIX - 1, i;
	long v = 0;

	if (n <= k || memcmp(p, VERSION_PREFIX, k) != 0)
		return 0;
	for (i = k; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		if (v < INT_MAX / 10)
			v = v * 10 + (p[i] - '0');
	}
	return (int)v;
}

struct field {
	const char *p;
	size_t n;
};

static int
text_field(const struct field *f, char **out)
{
	return unescape(f->p, f->n, out);
}

/* Parse one record line (without its line ending) into *r; -1 if it is
 * not exactly a record we know. */
static int
parse_record(const char *p, size_t n, struct bm_rec *r)
{
	struct field f[MAX_FIELDS];
	size_t nf = 0, start = 0, i;
	uint64_t done;

	for (i = 0; i <= n; i++) {
		if (i < n && p[i] != '\t')
			continue;
		if (nf == MAX_FIELDS)
			return -1;
		f[nf].p = p + start;
		f[nf].n = i - start;
		nf++;
		start = i + 1;
	}
	memset(r, 0, sizeof *r);
#define IS(k) (f[0].n == sizeof k - 1 && memcmp(f[0].p, k, f[0].n) == 0)
	if (IS("mark") && nf == 9) {
		r->kind = BM_MARK;
		if (text_field(&f[1], &r->id) || !*r->id ||
		    text_field(&f[2], &r->name) ||
		    text_field(&f[3], &r->relpath) ||
		    fp_parse(f[4].p, f[4].n, &r->fp) ||
		    u64_parse(f[5].p, f[5].n, &r->offset) ||
		    time_parse(f[6].p, f[6].n, &r->time) ||
		    text_field(&f[7], &r->label) ||
		    text_field(&f[8], &r->snippet))
			goto fail;
	} else if (IS("state") && nf == 7) {
		r->kind = BM_STATE;
		if (text_field(&f[1], &r->name) ||
		    text_field(&f[2], &r->relpath) ||
		    fp_parse(f[3].p, f[3].n, &r->fp) ||
		    u64_parse(f[4].p, f[4].n, &r->offset) ||
		    time_parse(f[5].p, f[5].n, &r->time) ||
		    u64_parse(f[6].p, f[6].n, &done) || f[6].n != 1 ||
		    done > 1)
			goto fail;
		r->done = (int)done;
	} else if (IS("last") && nf == 3) {
		r->kind = BM_LAST;
		if (text_field(&f[1], &r->relpath) ||
		    time_parse(f[2].p, f[2].n, &r->time))
			goto fail;
	} else {
		return -1;
	}
#undef IS
	return 0;
fail:
	rec_free(r);
	return -1;
}

static int
is_blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return 0;
	return 1;
}

void
bm_parse(const char *buf, size_t len, struct bm_set *out)
{
	const char *p = buf, *end = buf + len, *nl;
	size_t n, body;
	int first = 1;
	struct bm_rec r;

	memset(out, 0, sizeof *out);
	/* An editor may have added a byte-order mark; it is not a line. */
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		/* The CR of a CRLF ending is not part of any field, but RAW
		 * and COMMENT lines keep it so they are written back as
		 * they were. */
		body = n && p[n - 1] == '\r' ? n - 1 : n;
		if (first) {
			first = 0;
			out->version = version_of(p, body);
			if (out->version == BM_VERSION)
				goto next;
		}
		/* A newer format may mean anything: keep every line of it,
		 * its version line too, and understand none. */
		if (out->version > BM_VERSION)
			push_raw(out, BM_RAW, p, n);
		else if (is_blank(p, body) || p[0] == '#')
			push_raw(out, BM_COMMENT, p, n);
		else if (parse_record(p, body, &r) == 0)
			*set_push(out) = r;
		else
			push_raw(out, BM_RAW, p, n);
next:
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* ---- serialising ------------------------------------------------------ */

static void
serialize_rec(struct buf *b, const struct bm_rec *r)
{
	switch (r->kind) {
	case BM_MARK:
		buf_adds(b, "mark\t");
		buf_escape(b, r->id);
		buf_addc(b, '\t');
		buf_escape(b, r->name);
		buf_addc(b, '\t');
		buf_escape(b, r->relpath);
		buf_printf(b, "\t%016llx\t%llu\t", (unsigned long long)r->fp,
		    (unsigned long long)r->offset);
		time_format(b, r->time);
		buf_addc(b, '\t');
		buf_escape(b, r->label);
		buf_addc(b, '\t');
		buf_escape(b, r->snippet);
		break;
	case BM_STATE:
		buf_adds(b, "state\t");
		buf_escape(b, r->name);
		buf_addc(b, '\t');
		buf_escape(b, r->relpath);
		buf_printf(b, "\t%016llx\t%llu\t", (unsigned long long)r->fp,
		    (unsigned long long)r->offset);
		time_format(b, r->time);
		buf_printf(b, "\t%d", r->done ? 1 : 0);
		break;
	case BM_LAST:
		buf_adds(b, "last\t");
		buf_escape(b, r->relpath);
		buf_addc(b, '\t');
		time_format(b, r->time);
		break;
	case BM_RAW:
	case BM_COMMENT:
		buf_add(b, r->raw, r->rawlen);
		break;
	}
	buf_addc(b, '\n');
}

char *
bm_serialize(const struct bm_set *s, size_t *len)
{
	struct buf b = { 0 };
	size_t i;

	/* A newer file keeps its own version line, as its first RAW line. */
	if (s->version <= BM_VERSION)
		buf_printf(&b, VERSION_PREFIX "%d\n", BM_VERSION);
	else
		buf_add(&b, "", 0);
	for (i = 0; i < s->n; i++)
		serialize_rec(&b, &s->v[i]);
	if (len)
		*len = b.len;
	return b.data;
}

/* ---- fingerprints and re-anchoring ------------------------------------ */

uint64_t
bm_fingerprint(const void *data, size_t len)
{
	return util_hash64(data, len);
}

/* The occurrence of needle nearest to want, or -1. */
static long long
nearest(const char *text, size_t len, const char *needle, size_t n,
    uint64_t want)
{
	const char *p = text, *hit;
	long long best = -1;
	uint64_t pos;

	while ((hit = memmem(p, len - (size_t)(p - text), needle, n))) {
		pos = (uint64_t)(hit - text);
		if (pos >= want) {
			/* Later hits are only further away. */
			if (best < 0 || pos - want < want - (uint64_t)best)
				best = (long long)pos;
			break;
		}
		best = (long long)pos;
		p = hit + 1;
	}
	return best;
}

long long
bm_reanchor(const char *text, size_t len, const char *snippet,
    uint64_t old_offset)
{
	size_t n = strlen(snippet), m, cut;
	long long pos;

	if (n == 0 || !text)
		return -1;
	if ((pos = nearest(text, len, snippet, n, old_offset)) >= 0)
		return pos;
	/* The edit may have touched the snippet itself: what is left of its
	 * start, or of its end, still marks the place. */
	for (m = n * 3 / 4; m >= REANCHOR_MIN; m = m * 3 / 4) {
		cut = m;
		while (cut > 0 && ((unsigned char)snippet[cut] & 0xC0) == 0x80)
			cut--;
		if (cut >= REANCHOR_MIN &&
		    (pos = nearest(text, len, snippet, cut, old_offset)) >= 0)
			return pos;
		cut = n - m;
		while (cut < n && ((unsigned char)snippet[cut] & 0xC0) == 0x80)
			cut++;
		if (n - cut >= REANCHOR_MIN &&
		    (pos = nearest(text, len, snippet + cut, n - cut,
		    old_offset + cut)) >= 0)
			return pos;
	}
	return -1;
}

char *
bm_make_id(void)
{
	static unsigned counter;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return xasprintf("%llx-%lx-%x",
	    (unsigned long long)ts.tv_sec * 1000000000ULL +
	    (unsigned long long)ts.tv_nsec, (long)getpid(), ++counter);
}

/* ---- merging ---------------------------------------------------------- */

static const struct bm_rec *
newest(const struct bm_set *s, enum bm_kind kind, const char *relpath)
{
	const struct bm_rec *best = NULL;
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->v[i].kind != kind ||
		    (relpath && !str_eq(s->v[i].relpath, relpath)))
			continue;
		if (!best || s->v[i].time >= best->time)
			best = &s->v[i];
	}
	return best;
}

const struct bm_rec *
bm_set_state(const struct bm_set *s, const char *relpath)
{
	return newest(s, BM_STATE, relpath ? relpath : "");
}

const struct bm_rec *
bm_set_last(const struct bm_set *s)
{
	return newest(s, BM_LAST, NULL);
}

/* Replace the records of kind (for relpath, unless NULL) by rec, in the
 * place of the first, unless one of them is newer than rec. */
static void
replace_newer(struct bm_set *s, enum bm_kind kind, const char *relpath,
    const struct bm_rec *rec)
{
	const struct bm_rec *old = newest(s, kind, relpath);
	size_t i, first = s->n;

	if (old && old->time > rec->time)
		return;
	for (i = 0; i < s->n;) {
		if (s->v[i].kind != kind ||
		    (relpath && !str_eq(s->v[i].relpath, relpath))) {
			i++;
		} else if (first == s->n) {
			first = i++;
		} else {
			set_remove(s, i);
		}
	}
	if (first == s->n) {
		rec_make(set_push(s), kind, rec);
	} else {
		rec_free(&s->v[first]);
		rec_make(&s->v[first], kind, rec);
	}
}

void
bm_set_apply(struct bm_set *s, const struct bm_op *op)
{
	const struct bm_rec *rec = &op->rec;
	size_t i;

	switch (op->kind) {
	case BM_OP_ADD:
		for (i = 0; i < s->n; i++)
			if (s->v[i].kind == BM_MARK && str_eq(s->v[i].id, rec->id))
				return;
		rec_make(set_push(s), BM_MARK, rec);
		break;
	case BM_OP_DEL:
		for (i = 0; i < s->n;) {
			if (s->v[i].kind == BM_MARK && str_eq(s->v[i].id, rec->id))
				set_remove(s, i);
			else
				i++;
		}
		break;
	case BM_OP_UPDATE:
		for (i = 0; i < s->n; i++) {
			if (s->v[i].kind == BM_MARK &&
			    str_eq(s->v[i].id, rec->id)) {
				rec_free(&s->v[i]);
				rec_make(&s->v[i], BM_MARK, rec);
			}
		}
		break;
	case BM_OP_STATE:
		replace_newer(s, BM_STATE, rec->relpath ? rec->relpath : "",
		    rec);
		break;
	case BM_OP_LAST:
		replace_newer(s, BM_LAST, NULL, rec);
		break;
	}
}

/* ---- the store -------------------------------------------------------- */

/* The file to replace: path itself, or the target of a symbolic link at
 * path, so that a dotfile kept elsewhere (a dotfiles repository) stays
 * linked instead of being replaced by a plain file. */
static char *
store_target(const char *path)
{
	struct stat sb;
	struct buf link = { 0 };
	const char *slash;
	char *real;
	ssize_t n;

	if (lstat(path, &sb) < 0 || !S_ISLNK(sb.st_mode))
		return xstrdup(path);
	if ((real = realpath(path, NULL)))
		return real;
	/* A dangling link: its target is the file to create. */
	util_grow((void **)&link.data, &link.cap, 256, 1);
	while ((n = readlink(path, link.data, link.cap)) >= 0 &&
	    (size_t)n == link.cap)
		util_grow((void **)&link.data, &link.cap, link.cap * 2, 1);
	if (n <= 0) {
		buf_free(&link);
		return xstrdup(path);
	}
	link.data[n] = '\0';
	slash = strrchr(path, '/');
	if (link.data[0] == '/' || !slash)
		return link.data;
	real = xasprintf("%.*s/%s", (int)(slash - path), path, link.data);
	buf_free(&link);
	return real;
}

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Temporary files are only created under the lock, so one found while
 * holding it was left by a process killed in the middle of a save. */
static void
remove_stale_tmps(const char *target)
{
	const char *slash = strrchr(target, '/');
	const char *base = slash ? slash + 1 : target;
	size_t blen = strlen(base);
	char *dir = dir_of(target);
	struct dirent *e;
	DIR *d;

	if ((d = opendir(dir))) {
		while ((e = readdir(d))) {
			if (strlen(e->d_name) == blen + 10 &&
			    strncmp(e->d_name, base, blen) == 0 &&
			    strncmp(e->d_name + blen, ".tmp", 4) == 0)
				unlinkat(dirfd(d), e->d_name, 0);
		}
		closedir(d);
	}
	free(dir);
}

/* Read and parse the file into *out; a missing file is an empty set.
 * -1 with errno on any other failure. */
static int
store_read(const char *target, struct bm_set *out)
{
	char *data;
	size_t len;

	memset(out, 0, sizeof *out);
	if (util_read_file(target, &data, &len) < 0)
		return errno == ENOENT ? 0 : -1;
	bm_parse(data, len, out);
	free(data);
	return 0;
}

static void
err_newer(const struct bm_store *st, int version, char *err, size_t errlen)
{
	set_err(err, errlen,
	    "%s: written by a newer version of dossier (v%d); not changed",
	    st->path, version);
}

/* Lock, re-read, merge the pending ops, write atomically.  *merged is
 * filled (and *have set) as soon as the file could be read, so that on a
 * failed write the caller can still show the merge. */
static int
store_save(struct bm_store *st, struct bm_set *merged, int *have, char *err,
    size_t errlen)
{
	char *target = store_target(st->path), *lockpath, *tmp = NULL;
	char *data = NULL, *dir;
	int lfd, fd = -1, dfd, rc = -1, locked = 0, closed;
	size_t len, i;

	*have = 0;
	/* Else the lock and temporary files would land in an odd place:
	 * the current folder, or inside the named folder. */
	if (!*target || target[strlen(target) - 1] == '/') {
		set_err(err, errlen, "%s: cannot save: %s", st->path,
		    strerror(*target ? EISDIR : ENOENT));
		free(target);
		return -1;
	}
	lockpath = xasprintf("%s.lock", target);
	/* A separate lock file, because the dotfile itself is replaced by
	 * every save and a lock on it would be lost with it. */
	lfd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
	if (lfd < 0) {
		set_err(err, errlen, "%s: cannot save: %s", st->path,
		    strerror(errno));
		goto out;
	}
	for (;;) {
		if (flock(lfd, LOCK_EX) == 0) {
			locked = 1;
			break;
		}
		if (errno == EINTR)
			continue;
		/* A file system without locks: saving unlocked beats not
		 * saving at all. */
		if (errno == ENOLCK || errno == EOPNOTSUPP || errno == ENOSYS)
			break;
		set_err(err, errlen, "%s: cannot lock %s: %s", st->path,
		    lockpath, strerror(errno));
		goto out;
	}
	if (locked)
		remove_stale_tmps(target);
	/* Never write over a file we could not read: it would be lost. */
	if (store_read(target, merged) < 0) {
		set_err(err, errlen, "%s: %s", st->path, strerror(errno));
		goto out;
	}
	*have = 1;
	for (i = 0; i < st->npending; i++)
		bm_set_apply(merged, &st->pending[i]);
	if (merged->version > BM_VERSION) {
		err_newer(st, merged->version, err, errlen);
		goto out;
	}
	data = bm_serialize(merged, &len);
	tmp = xasprintf("%s.tmpXXXXXX", target);
	if ((fd = mkstemp(tmp)) < 0) {
		set_err(err, errlen, "%s: cannot save: %s", st->path,
		    strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	if (fchmod(fd, 0600) < 0 || util_write_all(fd, data, len) < 0 ||
	    fsync(fd) < 0) {
		set_err(err, errlen, "%s: cannot save: %s", st->path,
		    strerror(errno));
		goto out;
	}
	closed = close(fd);
	fd = -1;
	if (closed < 0 || rename(tmp, target) < 0) {
		set_err(err, errlen, "%s: cannot save: %s", st->path,
		    strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	/* Make the rename durable.  A failure is not reported: the new file
	 * is in place, and replaying the ops later could undo a delete made
	 * meanwhile by another instance. */
	dir = dir_of(target);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	if (lfd >= 0)
		close(lfd);	/* releases the lock */
	free(data);
	free(lockpath);
	free(target);
	return rc;
}

static enum bm_kind
op_rec_kind(enum bm_op_kind k)
{
	switch (k) {
	case BM_OP_STATE:
		return BM_STATE;
	case BM_OP_LAST:
		return BM_LAST;
	default:
		return BM_MARK;
	}
}

static void
pending_clear(struct bm_store *st)
{
	size_t i;

	for (i = 0; i < st->npending; i++)
		rec_free(&st->pending[i].rec);
	st->npending = 0;
}

int
bm_store_reload(struct bm_store *st, char *err, size_t errlen)
{
	struct bm_set s;
	char *target = store_target(st->path);
	size_t i;
	int rc = store_read(target, &s);

	free(target);
	if (rc < 0) {
		set_err(err, errlen, "%s: %s", st->path, strerror(errno));
		return -1;
	}
	for (i = 0; i < st->npending; i++)
		bm_set_apply(&s, &st->pending[i]);
	bm_set_free(&st->set);
	st->set = s;
	if (s.version > BM_VERSION) {
		err_newer(st, s.version, err, errlen);
		return -1;
	}
	return 0;
}

int
bm_store_open(struct bm_store *st, const char *path, char *err,
    size_t errlen)
{
	memset(st, 0, sizeof *st);
	st->path = xstrdup(path);
	return bm_store_reload(st, err, errlen);
}

int
bm_store_apply(struct bm_store *st, const struct bm_op *op, char *err,
    size_t errlen)
{
	struct bm_set merged;
	struct bm_op *p;
	int have;

	if (!op && !st->npending)
		return bm_store_reload(st, err, errlen);
	if (op) {
		GROW(st->pending, st->cappending, st->npending + 1);
		p = &st->pending[st->npending++];
		p->kind = op->kind;
		rec_make(&p->rec, op_rec_kind(op->kind), &op->rec);
	}
	if (store_save(st, &merged, &have, err, errlen) == 0) {
		pending_clear(st);
		bm_set_free(&st->set);
		st->set = merged;
		return 0;
	}
	if (have) {
		bm_set_free(&st->set);
		st->set = merged;
	} else if (op) {
		bm_set_apply(&st->set, op);
	}
	return -1;
}

void
bm_store_close(struct bm_store *st)
{
	pending_clear(st);
	free(st->pending);
	bm_set_free(&st->set);
	free(st->path);
	memset(st, 0, sizeof *st);
}
