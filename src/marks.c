/* marks.c - bookmarks and reading state against the articles.
 *
 * The one place that decides which article a record of the dotfile
 * belongs to.  Identity is the canonical path; the fingerprint and the
 * snippet only ever find an article again whose old path is gone, and a
 * fingerprint is only written into a record of the file it was computed
 * from.
 */
#include "config.h"

/* memmem; configure may already have asked for it. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "marks.h"
#include "text.h"

#define LABEL_COLS 40
#define LABEL_WORDS 6
/* A sentence offered as a label: at most this wide, looked for this far. */
#define SENTENCE_COLS 72
#define SENTENCE_BYTES 1024

char *
marks_default_path(void)
{
	const char *p = getenv("DOSSIER_BOOKMARKS"), *home;

	if (p && *p)
		return xstrdup(p);
	home = getenv("HOME");
	if (!home || !*home)
		return NULL;
	return xasprintf("%s/.dossier_bookmarks", home);
}

/* ---- identity: canonical paths ---------------------------------------- */

/* Folders already resolved while building an index: a dossier has few
 * folders and many files, and realpath walks every component.  The
 * folder resolved last is looked at first: articles of one folder come
 * together. */
struct dircache {
	char **dir, **real;
	size_t n, cap;
};

static char *
resolve_dir(const char *dir, struct dircache *dc)
{
	char *real;
	size_t i;

	for (i = dc ? dc->n : 0; i-- > 0;)
		if (strcmp(dc->dir[i], dir) == 0)
			return xstrdup(dc->real[i]);
	real = realpath(dir, NULL);
	if (!real) {
		char cwd[PATH_MAX];

		if (dir[0] == '/' || !getcwd(cwd, sizeof cwd))
			real = xstrdup(dir);
		else
			real = xasprintf("%s/%s", cwd, dir);
	}
	if (dc) {
		size_t cap = dc->cap;

		GROW(dc->dir, cap, dc->n + 1);
		GROW(dc->real, dc->cap, dc->n + 1);
		dc->dir[dc->n] = xstrdup(dir);
		dc->real[dc->n++] = xstrdup(real);
	}
	return real;
}

static char *
canon_with(const char *path, struct dircache *dc)
{
	struct stat sb;
	const char *slash = strrchr(path, '/'), *base;
	char *dir, *real, *out;

	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) &&
	    (real = realpath(path, NULL)))
		return real;
	if (!slash) {
		dir = xstrdup(".");
		base = path;
	} else {
		dir = slash == path ? xstrdup("/") :
		    xstrndup(path, (size_t)(slash - path));
		base = slash + 1;
	}
	real = resolve_dir(dir, dc);
	out = xasprintf("%s%s%s", real,
	    real[strlen(real) - 1] == '/' ? "" : "/", base);
	free(real);
	free(dir);
	return out;
}

char *
marks_canon(const char *path)
{
	return canon_with(path, NULL);
}

/* Is article i found through its section's folder? */
static int
plain_at(const struct dossier *ds, size_t i)
{
	return i < ds->nplain && ds->plain[i];
}

/* The canonical path of plain article i of section s. */
static char *
plain_canon(const struct dossier *ds, size_t s, size_t i)
{
	const char *real = ds->secs[s].real;

	return xasprintf("%s%s%s", real, real[strlen(real) - 1] == '/' ? "" :
	    "/", ds->docs[i].name);
}

const char *
marks_canon_of(struct marks_index *mx, size_t i)
{
	if (!mx->canon[i])
		mx->canon[i] = plain_at(mx->ds, i) ? plain_canon(mx->ds,
		    dossier_section_of(mx->ds, i), i) :
		    marks_canon(mx->ds->docs[i].path);
	return mx->canon[i];
}

/* Shorten *root_len to the folders path shares with first (the longest
 * common leading folders of every article's path, one path at a time). */
static void
common_root(const char *first, const char *path, size_t *root_len)
{
	size_t k;

	for (k = 0; k < *root_len && path[k] == first[k];)
		k++;
	if (k == *root_len && path[k] == '/')
		return;
	while (k > 0 && first[--k] != '/')
		;
	*root_len = k;
}

static uint64_t
canon_hash(const char *path)
{
	return util_hash64(path, strlen(path));
}

/* Put article i (whose canon is made) in the table. */
static void
table_add(struct marks_index *mx, size_t i)
{
	uint64_t h = canon_hash(mx->canon[i]);
	size_t at = (size_t)h & (mx->tcap - 1);

	while (mx->table[at])
		at = (at + 1) & (mx->tcap - 1);
	mx->table[at] = (h & 0xFFFFFFFF00000000ULL) | (uint64_t)(i + 1);
}

static const struct dossier *sort_ds;

static int
by_real(const void *a, const void *b)
{
	return strcmp(sort_ds->secs[*(const size_t *)a].real,
	    sort_ds->secs[*(const size_t *)b].real);
}

/* On 100,000 articles a stat() and a path each were most of the time
 * before the first frame: only the articles that are not plain are
 * resolved here (the folder cache makes that a realpath() per folder). */
void
marks_index_build(struct marks_index *mx, const struct dossier *ds)
{
	struct dircache dc = { 0 };
	size_t i, s, nother = 0, root_len = 0, *other;
	char *first = NULL, *rep = NULL;

	memset(mx, 0, sizeof *mx);
	if (ds->n >= 0xFFFFFFFFU)
		util_oom();	/* the table keeps 32 bits of an article */
	mx->ds = ds;
	mx->n = ds->n;
	mx->canon = xcalloc(ds->n + 1, sizeof *mx->canon);
	mx->checked = xcalloc(ds->n + 1, 1);
	mx->secs = xcalloc(ds->nsec + 1, sizeof *mx->secs);
	other = xcalloc(ds->n + 1, sizeof *other);
	/* the sections of plain articles, and the other articles; the root
	 * from a path of each section and each other article */
	for (i = s = 0; i < ds->n; i++) {
		const char *path;

		while (s + 1 < ds->nsec && i >= ds->secs[s].first +
		    ds->secs[s].n)
			s++;
		if (plain_at(ds, i)) {
			if (mx->nsecs && mx->secs[mx->nsecs - 1] == s)
				continue;
			mx->secs[mx->nsecs++] = s;
			free(rep);
			path = rep = plain_canon(ds, s, i);
		} else {
			path = mx->canon[i] = canon_with(ds->docs[i].path, &dc);
			other[nother++] = i;
		}
		if (!first) {
			const char *slash = strrchr(path, '/');

			first = xstrdup(path);
			root_len = slash ? (size_t)(slash - path) : 0;
		} else {
			common_root(first, path, &root_len);
		}
	}
	mx->root = root_len ? xstrndup(first, root_len) : xstrdup("/");
	free(first);
	free(rep);
	for (i = 0; i < dc.n; i++) {
		free(dc.dir[i]);
		free(dc.real[i]);
	}
	free(dc.dir);
	free(dc.real);
	sort_ds = ds;
	qsort(mx->secs, mx->nsecs, sizeof *mx->secs, by_real);
	sort_ds = NULL;
	for (mx->tcap = 16; mx->tcap < 2 * nother; mx->tcap *= 2)
		;
	mx->table = xcalloc(mx->tcap, sizeof *mx->table);
	for (i = 0; i < nother; i++)
		table_add(mx, other[i]);
	free(other);
}

void
marks_index_free(struct marks_index *mx)
{
	size_t i;

	for (i = 0; i < mx->n; i++)
		free(mx->canon[i]);
	free(mx->canon);
	free(mx->secs);
	free(mx->table);
	free(mx->checked);
	free(mx->root);
	memset(mx, 0, sizeof *mx);
}

/* The plain article of section s named name, or -1: a folder's articles
 * are in natural order of their names. */
static long
find_in_section(const struct dossier *ds, size_t s, const char *name)
{
	size_t lo = ds->secs[s].first, hi = lo + ds->secs[s].n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = dossier_natcmp(ds->docs[mid].name, name);

		if (c == 0)
			return plain_at(ds, mid) ? (long)mid : -1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

long
marks_article(const struct marks_index *mx, const char *path)
{
	const struct dossier *ds = mx->ds;
	const char *slash;
	uint64_t h, tag;
	size_t at, lo, hi, dlen;

	if (!path || !mx->tcap)
		return -1;
	/* an article that is not plain */
	h = canon_hash(path);
	tag = h & 0xFFFFFFFF00000000ULL;
	for (at = (size_t)h & (mx->tcap - 1); mx->table[at];
	    at = (at + 1) & (mx->tcap - 1)) {
		size_t i = (size_t)(mx->table[at] & 0xFFFFFFFFU) - 1;

		if ((mx->table[at] & 0xFFFFFFFF00000000ULL) == tag &&
		    strcmp(mx->canon[i], path) == 0)
			return (long)i;
	}
	/* a plain one: the section of its folder, then its name there */
	slash = strrchr(path, '/');
	if (!slash || !slash[1])
		return -1;
	dlen = slash == path ? 1 : (size_t)(slash - path);
	lo = 0;
	hi = mx->nsecs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *real = ds->secs[mx->secs[mid]].real;
		int c = strncmp(real, path, dlen);

		if (c == 0 && real[dlen])
			c = 1;
		if (c == 0)
			return find_in_section(ds, mx->secs[mid], slash + 1);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Is there nothing at path any more? */
static int
path_gone(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) < 0 && (errno == ENOENT || errno == ENOTDIR);
}

static int
under_root(const struct marks_index *mx, const char *path)
{
	size_t n = strlen(mx->root);

	if (n == 1 && mx->root[0] == '/')
		return path[0] == '/';
	return strncmp(path, mx->root, n) == 0 && path[n] == '/';
}

enum marks_where
marks_where(const struct marks_index *mx, const struct bm_rec *r)
{
	if (r->kind != BM_MARK && r->kind != BM_STATE && r->kind != BM_LAST)
		return MARKS_ELSEWHERE;
	if (marks_article(mx, r->path) >= 0)
		return MARKS_HERE;
	if (under_root(mx, r->path) && path_gone(r->path))
		return MARKS_MISSING;
	return MARKS_ELSEWHERE;
}

/* The end of the paragraph holding off (or the text's end). */
static size_t
para_end(const struct doc *d, size_t off)
{
	size_t i;

	for (i = 0; i < d->npara; i++)
		if (d->paras[i].end > off)
			return d->paras[i].end;
	return d->len;
}

void
marks_snippet(const struct doc *d, size_t off, struct buf *out)
{
	size_t end = para_end(d, off), n;

	buf_add(out, "", 0);
	if (off >= d->len)
		return;
	n = end - off < MARKS_SNIPPET_BYTES ? end - off : MARKS_SNIPPET_BYTES;
	/* do not cut a UTF-8 sequence */
	while (n > 0 && off + n < d->len && (d->src[off + n] & 0xC0) == 0x80)
		n--;
	buf_add(out, d->src + off, n);
}

void
marks_label(const struct doc *d, size_t off, struct buf *out)
{
	size_t end = para_end(d, off), p = off;
	int words = 0, in = 0;

	/* the first few words */
	while (p < end && words <= LABEL_WORDS) {
		int space = d->src[p] == ' ' || d->src[p] == '\t' ||
		    d->src[p] == '\n' || d->src[p] == '\r';

		if (!space && !in)
			words++;
		in = !space;
		if (words > LABEL_WORDS)
			break;
		p++;
	}
	text_fit(out, d->src + off, p - off, LABEL_COLS);
}

/* The paragraph holding off: its start (or 0). */
static size_t
para_start(const struct doc *d, size_t off)
{
	size_t i;

	for (i = 0; i < d->npara; i++)
		if (d->paras[i].end > off)
			return d->paras[i].start <= off ? d->paras[i].start : off;
	return 0;
}

/* Does a sentence end at s[i] (. ! ? then white space, or a closing
 * quote or bracket and white space)? */
static int
sentence_end_at(const unsigned char *s, size_t i, size_t end)
{
	size_t j = i + 1;

	if (s[i] != '.' && s[i] != '!' && s[i] != '?')
		return 0;
	while (j < end && (s[j] == '"' || s[j] == '\'' || s[j] == ')'))
		j++;
	return j >= end || s[j] == ' ' || s[j] == '\t' || s[j] == '\n' ||
	    s[j] == '\r';
}

void
marks_sentence(const struct doc *d, size_t off, struct buf *out)
{
	size_t ps, pe, b, e;

	buf_add(out, "", 0);
	if (off >= d->len)
		return;
	ps = para_start(d, off);
	pe = para_end(d, off);
	if (pe > d->len)
		pe = d->len;
	/* back to just after the end of the sentence before, forward to
	 * the end of this one; a sentence is looked for only so far, so
	 * a paragraph without stops gives a label, not a page */
	for (b = off; b > ps && off - b < SENTENCE_BYTES &&
	    !sentence_end_at(d->src, b - 1, pe); b--)
		;
	for (e = off; e < pe && e - off < SENTENCE_BYTES; e++)
		if (sentence_end_at(d->src, e, pe)) {
			e++;
			break;
		}
	while (b < e && (d->src[b] == ' ' || d->src[b] == '\t' ||
	    d->src[b] == '\n' || d->src[b] == '\r'))
		b++;
	/* text_fit() shows white space runs (line breaks too) as one
	 * space and cuts whole characters */
	text_fit(out, d->src + b, e - b, SENTENCE_COLS);
}

void
marks_new(struct bm_op *op, const struct doc *d, size_t off,
    const char *label)
{
	struct buf snip = { 0 };

	memset(op, 0, sizeof *op);
	op->kind = BM_OP_ADD;
	op->rec.kind = BM_MARK;
	op->rec.id = bm_make_id();
	op->rec.path = marks_canon(d->path);
	op->rec.fp = d->fp;
	op->rec.offset = off;
	op->rec.time = (int64_t)time(NULL);
	op->rec.label = xstrdup(label);
	marks_snippet(d, off, &snip);
	op->rec.snippet = snip.data;
}

void
marks_state(struct bm_op *op, struct marks_index *mx, size_t i,
    const struct doc *d, size_t offset, int done, int64_t now)
{
	memset(op, 0, sizeof *op);
	op->rec.path = xstrdup(marks_canon_of(mx, i));
	op->rec.time = now;
	if (d) {
		op->kind = BM_OP_STATE;
		op->rec.kind = BM_STATE;
		op->rec.fp = d->fp;
		op->rec.offset = offset;
		op->rec.done = done;
	} else {
		op->kind = BM_OP_LAST;
		op->rec.kind = BM_LAST;
		op->rec.dossier = xstrdup(mx->root);
	}
}

void
marks_op_free(struct bm_op *op)
{
	bm_rec_free(&op->rec);
	bm_rec_free(&op->old);
	memset(op, 0, sizeof *op);
}

size_t
marks_locate(const struct bm_rec *rec, const struct doc *d)
{
	long long at;

	if (rec->fp == d->fp || !rec->snippet ||
	    !*rec->snippet)
		return rec->offset < d->len ? (size_t)rec->offset : d->len;
	at = bm_reanchor((const char *)d->src, d->len, rec->snippet,
	    rec->offset);
	if (at >= 0)
		return (size_t)at;
	return rec->offset < d->len ? (size_t)rec->offset : d->len;
}

int
marks_percent(const struct doc *d, size_t off)
{
	if (!d->len)
		return 0;
	if (off >= d->len)
		return 100;
	return (int)((double)off * 100 / (double)d->len);
}

/* ---- bringing records up to date --------------------------------------- */

/* Snippets shorter than this do not find a moved article: they could be
 * in any article. */
#define MOVED_SNIPPET_MIN 16

struct ops {
	struct bm_op *v;
	size_t n, cap;
};

static struct bm_op *
ops_push(struct ops *o, enum bm_op_kind kind)
{
	GROW(o->v, o->cap, o->n + 1);
	memset(&o->v[o->n], 0, sizeof o->v[o->n]);
	o->v[o->n].kind = kind;
	return &o->v[o->n++];
}

/* Can article i be used now?  With wait it is read here if need be. */
static int
usable(struct dossier *ds, size_t i, int wait)
{
	if (!wait && !dossier_settled(ds, i))
		return 0;
	return dossier_need(ds, i) == 0;
}

/* A version 1 record, upgraded: the same fields, the article's path. */
static void
upgrade(struct ops *o, const struct bm_rec *r, const char *path)
{
	struct bm_op *op = ops_push(o, BM_OP_REPLACE);
	struct bm_rec tmp = *r;

	tmp.path = (char *)path;
	bm_rec_make(&op->rec, r->kind == BM_OLD_MARK ? BM_MARK : BM_STATE,
	    &tmp);
	bm_rec_make(&op->old, r->kind, r);
}

/* Records of the articles read by now: version 1 records upgraded,
 * bookmarks of edited articles re-anchored. */
static void
sync_here(struct marks_index *mx, struct dossier *ds,
    const struct bm_set *set, int wait, struct ops *o)
{
	size_t i, k;

	for (k = 0; k < set->n; k++) {
		const struct bm_rec *r = &set->v[k];
		const struct doc *d;
		long a;

		if (r->kind == BM_MARK)
			a = marks_article(mx, r->path);
		else if (r->kind == BM_OLD_MARK || r->kind == BM_OLD_STATE)
			a = dossier_find_name(ds, r->name);
		else
			continue;
		if (a < 0 || mx->checked[a] == 1)
			continue;
		if (!mx->checked[a]) {
			if (!wait && !dossier_settled(ds, (size_t)a)) {
				mx->left++;
				continue;
			}
			mx->checked[a] = 2;	/* in this call */
		}
		if (!usable(ds, (size_t)a, 1))
			continue;
		d = &ds->docs[a];
		if (r->kind != BM_MARK) {
			/* only where the file name and the content agree */
			if (r->fp == d->fp)
				upgrade(o, r, marks_canon_of(mx, (size_t)a));
		} else if (r->fp != d->fp) {
			struct bm_op *op = ops_push(o, BM_OP_UPDATE);

			bm_rec_make(&op->rec, BM_MARK, r);
			op->rec.offset = marks_locate(r, d);
			op->rec.fp = d->fp;
		}
	}
	for (i = 0; i < mx->n; i++)
		if (mx->checked[i] == 2)
			mx->checked[i] = 1;
}

struct fp_at {
	uint64_t fp;
	size_t i;
};

static int
by_fp(const void *a, const void *b)
{
	const struct fp_at *x = a, *y = b;

	return x->fp < y->fp ? -1 : x->fp > y->fp;
}

/* The one readable article with this fingerprint, else -1. */
static long
find_fp(const struct fp_at *v, size_t n, uint64_t fp)
{
	struct fp_at key = { fp, 0 }, *hit;

	hit = bsearch(&key, v, n, sizeof *v, by_fp);
	if (!hit)
		return -1;
	if ((hit > v && hit[-1].fp == fp) || (hit + 1 < v + n &&
	    hit[1].fp == fp))
		return -1;	/* identical copies: which one is not known */
	return (long)hit->i;
}

/* The one readable article holding snippet, else -1; *at its place. */
static long
find_snippet(struct dossier *ds, const char *snippet, uint64_t near,
    size_t *at)
{
	long found = -1;
	long long pos;
	size_t i;

	for (i = 0; i < ds->n; i++) {
		const struct doc *d = &ds->docs[i];

		/* an article the cache answered for is read now: this is
		 * rare (a bookmark whose article moved and changed) */
		if (!dossier_ready(ds, i) && (!dossier_known(ds, i) ||
		    dossier_need(ds, i) < 0))
			continue;
		if (!memmem(d->src, d->len, snippet, strlen(snippet)))
			continue;
		if (found >= 0)
			return -1;
		found = (long)i;
		pos = bm_reanchor((const char *)d->src, d->len, snippet, near);
		*at = pos < 0 ? 0 : (size_t)pos;
	}
	return found;
}

/* Records whose article is gone from its path: found again by the
 * fingerprint, or a bookmark under the dossier's folder by its snippet. */
static void
sync_moved(struct marks_index *mx, struct dossier *ds,
    const struct bm_set *set, struct ops *o)
{
	struct fp_at *fps = xcalloc(ds->n + 1, sizeof *fps);
	size_t i, n = 0, at;
	long a;

	for (i = 0; i < ds->n; i++) {
		if (!dossier_known(ds, i))
			continue;
		fps[n].fp = ds->docs[i].fp;
		fps[n++].i = i;
	}
	qsort(fps, n, sizeof *fps, by_fp);
	for (i = 0; i < set->n; i++) {
		const struct bm_rec *r = &set->v[i];
		struct bm_op *op;

		if ((r->kind != BM_MARK && r->kind != BM_STATE) ||
		    marks_article(mx, r->path) >= 0)
			continue;
		a = find_fp(fps, n, r->fp);
		at = (size_t)r->offset;
		if (a < 0 && r->kind == BM_MARK && under_root(mx, r->path) &&
		    strlen(r->snippet) >= MOVED_SNIPPET_MIN)
			a = -2;	/* look for the snippet, if it is gone */
		if (a == -1 || !path_gone(r->path))
			continue;
		if (a == -2 && (a = find_snippet(ds, r->snippet, r->offset,
		    &at)) < 0)
			continue;
		/* one place per article: a newer one may be there already */
		if (r->kind == BM_STATE && bm_set_state(set,
		    marks_canon_of(mx, (size_t)a)))
			continue;
		op = ops_push(o, r->kind == BM_MARK ? BM_OP_UPDATE :
		    BM_OP_REPLACE);
		{
			struct bm_rec tmp = *r;

			tmp.path = (char *)marks_canon_of(mx, (size_t)a);
			tmp.fp = ds->docs[a].fp;
			tmp.offset = at;
			bm_rec_make(&op->rec, r->kind, &tmp);
		}
		if (r->kind == BM_STATE)
			bm_rec_make(&op->old, r->kind, r);
	}
	free(fps);
}

size_t
marks_sync(struct marks_index *mx, struct dossier *ds,
    const struct bm_set *set, int wait, struct bm_op **ops)
{
	struct ops o = { 0 };
	size_t i, away = 0;
	int all = 1;

	mx->left = 0;
	sync_here(mx, ds, set, wait, &o);
	if (!mx->moved_checked) {
		for (i = 0; i < set->n; i++)
			away += (set->v[i].kind == BM_MARK ||
			    set->v[i].kind == BM_STATE) &&
			    marks_article(mx, set->v[i].path) < 0;
		for (i = 0; away && i < ds->n && all; i++)
			all = dossier_settled(ds, i) || usable(ds, i, wait);
		if (!away || all) {
			mx->moved_checked = 1;
			if (away)
				sync_moved(mx, ds, set, &o);
		} else {
			mx->left++;
		}
	}
	*ops = o.v;
	return o.n;
}
