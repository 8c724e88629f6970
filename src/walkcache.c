/* walkcache.c - the walk file: what dossier_walk.c found in a folder,
 * kept for the next run (walkcache.h says when it is used).
 *
 * The file, in the machine's byte order (one from another machine,
 * version or word size is foreign and ignored), read whole:
 *
 *   header     struct whead: magic, version, sizes, the program's
 *              version (the walk's rules are its), who wrote it (another
 *              user or group set may not read the same folders), counts,
 *              where each part is, and a checksum of the whole file
 *   root       the folder's canonical path, NUL, padding to 8
 *   folders    ndirs struct wdir: each folder read, in walk order
 *   sections   nsecs struct wsec
 *   strings    the folders' paths below the root, the sections' names
 *              and canonical paths, each NUL-terminated
 *   articles   each article's path below the root, NUL-terminated, in
 *              walk order (its name is what follows the last '/')
 *   plain      one byte per article: ds->plain
 *
 * The articles' paths are the PATH as given, a '/' unless it ends in one,
 * and their path below it, as the walk joins them; a section's folder is
 * the PATH, or the PATH joined so with its name.  A walk whose result is
 * not of that shape is not kept.  Built from the file, all the paths and
 * names are one block (ds->paths): one allocation for 100,000 articles.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "dossier.h"
#include "walkcache.h"

#define WALK_MAGIC "DOSSWALK"
/* Bump when the walk's rules change (which names it skips, the order). */
#define WALK_VERSION 1
/* A walk file larger than this is not read (100,000 articles take 3 MB). */
#define MAX_FILE ((size_t)1 << 30)
#define NO_REAL UINT64_MAX

struct whead {
	char magic[8];
	uint32_t version, endian;       /* endian: 0x01020304 as written */
	uint32_t size_t_bytes, head_bytes;
	char program[32];               /* PACKAGE_VERSION */
	uint64_t creds;                 /* of the writer: creds() */
	int64_t t0_ns;                  /* when the walk began */
	uint64_t ndirs, nsecs, ndocs;
	uint64_t root_len, dir_off, sec_off, str_off, str_len;
	uint64_t doc_off, doc_len, plain_off, file_len;
	uint64_t hash;                  /* of the file, this field 0 */
};

struct wdir {
	uint64_t dev, ino;
	int64_t mtime_ns, ctime_ns;
	uint64_t rel, rel_len;          /* in the strings */
};

struct wsec {
	uint64_t name, name_len;        /* in the strings */
	uint64_t real, real_len;        /* real_len NO_REAL: none */
	uint64_t first, n;
};

/* One PATH and its walk file. */
struct wc {
	const char *path;
	size_t plen, sep;               /* sep: 1 when a '/' follows path */
	char *canon;
	char *file;
};

static void
dir_stamp(struct walk_dir *d, const struct stat *st)
{
	struct doc_stamp s;

	doc_stamp_of(&s, st);
	d->dev = (uint64_t)st->st_dev;
	d->ino = s.ino;
	d->mtime_ns = s.mtime_ns;
	d->ctime_ns = s.ctime_ns;
}

void
walk_log_dir(struct walk_log *log, const char *rel, const struct stat *st)
{
	struct walk_dir *d;

	GROW(log->dirs, log->cap, log->n + 1);
	d = &log->dirs[log->n++];
	dir_stamp(d, st);
	d->rel = log->rels.len;
	buf_add(&log->rels, rel, strlen(rel) + 1);
}

static void
log_free(struct walk_log *log)
{
	free(log->dirs);
	buf_free(&log->rels);
}

/* Who runs this: a folder one user or group set may read another may
 * not.  A hash of the effective user, group and the supplementary
 * groups. */
static uint64_t
creds(void)
{
	int n = getgroups(0, NULL), i;
	uint64_t *v;
	gid_t *g;
	uint64_t h;

	if (n < 0)
		n = 0;
	g = xcalloc((size_t)n + 1, sizeof *g);
	v = xcalloc((size_t)n + 2, sizeof *v);
	n = getgroups(n, g);
	if (n < 0)
		n = 0;
	v[0] = geteuid();
	v[1] = getegid();
	for (i = 0; i < n; i++)
		v[i + 2] = g[i];
	h = util_hash64(v, ((size_t)n + 2) * sizeof *v);
	free(g);
	free(v);
	return h;
}

/* The walk file of the folder path; -1 when there is none to use (the
 * cache is off, path is no folder, or the cache folder cannot be
 * named). */
static int
wc_open(struct wc *w, const char *path)
{
	struct stat st;

	memset(w, 0, sizeof *w);
	if (cache_disabled() || stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		return -1;
	w->canon = realpath(path, NULL);
	if (!w->canon || strlen(w->canon) >= PATH_MAX - 1 ||
	    !(w->file = cache_file(w->canon, "walk"))) {
		free(w->canon);
		return -1;
	}
	w->path = path;
	w->plen = strlen(path);
	w->sep = w->plen && path[w->plen - 1] != '/';
	return 0;
}

static void
wc_close(struct wc *w)
{
	free(w->canon);
	free(w->file);
}

static uint64_t
file_hash(const unsigned char *m, size_t len)
{
	struct whead h;

	memcpy(&h, m, sizeof h);
	h.hash = 0;
	return util_hash64(&h, sizeof h) * 0x9E3779B97F4A7C15ULL ^
	    util_hash64(m + sizeof h, len - sizeof h);
}

/* --- reading --------------------------------------------------------------- */

/* Is [off, off + len) inside a file of size total? */
static int
inside(uint64_t off, uint64_t len, uint64_t total)
{
	return off <= total && len <= total - off;
}

/* The string at off (len bytes and a NUL) in the strings, or NULL. */
static const char *
str_at(const struct whead *h, const unsigned char *m, uint64_t off,
    uint64_t len)
{
	const char *s = (const char *)m + h->str_off;

	if (!inside(off, len, h->str_len) || len == h->str_len - off ||
	    s[off + len] != '\0' || memchr(s + off, '\0', len))
		return NULL;
	return s + off;
}

/* The file mapped whole, its header checked; NULL when it is missing,
 * damaged or foreign.  Mapped with its pages at once: one call rather
 * than a page fault per page (tens of microseconds each on a virtual
 * machine). */
static unsigned char *
map_file(const struct wc *w, size_t *lenp)
{
	const struct whead *h;
	struct stat sb;
	unsigned char *m;
	size_t len;
	int fd = open(w->file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_uid != geteuid() || (size_t)sb.st_size < sizeof *h ||
	    (size_t)sb.st_size > MAX_FILE) {
		close(fd);
		return NULL;
	}
	len = (size_t)sb.st_size;
	m = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return NULL;
	h = (const struct whead *)m;
	if (memcmp(h->magic, WALK_MAGIC, 8) != 0 ||
	    h->version != WALK_VERSION || h->endian != 0x01020304 ||
	    h->size_t_bytes != sizeof(size_t) || h->head_bytes != sizeof *h ||
	    strncmp(h->program, PACKAGE_VERSION, sizeof h->program) != 0 ||
	    h->file_len != len || file_hash(m, len) != h->hash ||
	    h->root_len != strlen(w->canon) ||
	    !inside(sizeof *h, h->root_len + 1, len) ||
	    memcmp(m + sizeof *h, w->canon, h->root_len + 1) != 0 ||
	    h->creds != creds() ||
	    h->dir_off % 8 || h->sec_off % 8 || !h->ndirs || !h->ndocs ||
	    h->ndirs > len / sizeof(struct wdir) ||
	    !inside(h->dir_off, h->ndirs * sizeof(struct wdir), len) ||
	    h->nsecs > len / sizeof(struct wsec) ||
	    !inside(h->sec_off, h->nsecs * sizeof(struct wsec), len) ||
	    !inside(h->str_off, h->str_len, len) ||
	    !inside(h->doc_off, h->doc_len, len) ||
	    !inside(h->plain_off, h->ndocs, len)) {
		munmap(m, len);
		return NULL;
	}
	*lenp = len;
	return m;
}

/* Has every folder the file lists still the times it had? */
static int
dirs_unchanged(const struct wc *w, const struct whead *h,
    const unsigned char *m)
{
	const struct wdir *d = (const struct wdir *)(m + h->dir_off);
	struct walk_dir now;
	struct stat st;
	size_t i;
	int ok = 1, fd = open(w->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	for (i = 0; ok && i < h->ndirs; i++) {
		const char *rel = str_at(h, m, d[i].rel, d[i].rel_len);

		/* the first is the PATH; a folder turned into a link to
		 * one is not it */
		ok = rel && (i == 0) == (*rel == '\0') &&
		    (i == 0 ? fstat(fd, &st) : fstatat(fd, rel, &st,
		    AT_SYMLINK_NOFOLLOW)) == 0 && S_ISDIR(st.st_mode);
		if (!ok)
			break;
		dir_stamp(&now, &st);
		ok = now.dev == d[i].dev && now.ino == d[i].ino &&
		    now.mtime_ns == d[i].mtime_ns &&
		    now.ctime_ns == d[i].ctime_ns;
	}
	close(fd);
	return ok;
}

/* Fault in the pages of p[0 .. n - 1] at once, written: one call
 * rather than a page fault per page. */
static void
populate(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
	const uintptr_t page = 4096;
	uintptr_t from = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t to = ((uintptr_t)p + n) & ~(page - 1);

	if (to > from)
		(void)madvise((void *)from, to - from, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)n;
#endif
}

/* Are the sections of the file whole: in order, one after another,
 * covering every article? */
static int
secs_valid(const struct whead *h, const unsigned char *m)
{
	const struct wsec *s = (const struct wsec *)(m + h->sec_off);
	uint64_t next = 0;
	size_t i;

	for (i = 0; i < h->nsecs; i++) {
		if (s[i].first != next || !s[i].n || s[i].n > h->ndocs - next ||
		    !str_at(h, m, s[i].name, s[i].name_len) ||
		    (s[i].real_len != NO_REAL &&
		    !str_at(h, m, s[i].real, s[i].real_len)))
			return 0;
		next += s[i].n;
	}
	return next == h->ndocs;
}

/* The articles of the file into the empty ds; 0, or -1 (ds is left
 * empty) when the file is damaged. */
static int
build(struct dossier *ds, const struct wc *w, const struct whead *h,
    const unsigned char *m)
{
	const struct wsec *ws = (const struct wsec *)(m + h->sec_off);
	const char *p = (const char *)m + h->doc_off, *end = p + h->doc_len;
	size_t pre = w->plen + w->sep, i;
	char *out;

	if (h->ndocs > (SIZE_MAX - h->doc_len) / (pre + 1) ||
	    !secs_valid(h, m))
		return -1;
	out = ds->paths = xmalloc(h->ndocs * pre + h->doc_len);
	dossier_reserve(ds, h->ndocs);
	populate(ds->paths, h->ndocs * pre + h->doc_len);
	populate(ds->docs, h->ndocs * sizeof *ds->docs);
	for (i = 0; i < h->ndocs; i++) {
		struct doc *d = &ds->docs[i];
		const char *q = memchr(p, '\0', (size_t)(end - p));
		const char *slash;
		size_t len;

		if (!q || q == p || q[-1] == '/')
			break;
		len = (size_t)(q - p);
		memcpy(out, w->path, w->plen);
		if (w->sep)
			out[w->plen] = '/';
		memcpy(out + pre, p, len + 1);
		slash = memrchr(p, '/', len);
		memset(d, 0, sizeof *d);
		d->path = out;
		d->name = out + pre + (slash ? (size_t)(slash - p) + 1 : 0);
		d->state = DOC_UNLOADED;
		d->shared_path = 1;
		out += pre + len + 1;
		p = q + 1;
	}
	if (i < h->ndocs || p != end) {
		free(ds->paths);
		free(ds->docs);
		ds->paths = NULL;
		ds->docs = NULL;
		ds->cap = 0;
		return -1;
	}
	ds->n = h->ndocs;
	ds->plain = xmalloc(h->ndocs);
	memcpy(ds->plain, m + h->plain_off, h->ndocs);
	ds->nplain = ds->plaincap = h->ndocs;
	ds->secs = xcalloc(h->nsecs ? h->nsecs : 1, sizeof *ds->secs);
	ds->nsec = ds->seccap = h->nsecs;
	for (i = 0; i < h->nsecs; i++) {
		struct dossier_section *s = &ds->secs[i];
		const char *name = str_at(h, m, ws[i].name, ws[i].name_len);

		s->name = xstrdup(name);
		s->dir = *name ? xasprintf("%s%s%s", w->path, w->sep ? "/" :
		    "", name) : xstrdup(w->path);
		s->real = ws[i].real_len == NO_REAL ? NULL :
		    xstrdup(str_at(h, m, ws[i].real, ws[i].real_len));
		s->first = ws[i].first;
		s->n = ws[i].n;
		s->loose = 0;
	}
	return 0;
}

static int
load(struct dossier *ds, const struct wc *w)
{
	unsigned char *m;
	size_t len;
	int ok;

	if (ds->n || ds->cap || ds->nsec || ds->walk || ds->paths ||
	    ds->nplain || !(m = map_file(w, &len)))
		return 0;
	ok = dirs_unchanged(w, (const struct whead *)m, m) &&
	    build(ds, w, (const struct whead *)m, m) == 0;
	munmap(m, len);
	return ok;
}

int
walkcache_load(struct dossier *ds, const char *path)
{
	struct wc w;
	int ok;

	if (wc_open(&w, path) < 0)
		return 0;
	ok = load(ds, &w);
	wc_close(&w);
	return ok;
}

/* --- writing --------------------------------------------------------------- */

static void
pad8(struct buf *b)
{
	static const char zero[8];

	buf_add(b, zero, (8 - b->len % 8) % 8);
}

/* Add s to the strings; its offset. */
static uint64_t
add_str(struct buf *strs, const char *s, size_t len)
{
	uint64_t at = strs->len;

	buf_add(strs, s, len);
	buf_addc(strs, '\0');
	return at;
}

/* The article or folder path below the PATH, when p is the PATH joined
 * so with it; else NULL. */
static const char *
below(const struct wc *w, const char *p)
{
	if (strncmp(p, w->path, w->plen) != 0 ||
	    (w->sep && p[w->plen] != '/'))
		return NULL;
	return p + w->plen + w->sep;
}

/* The walk file's bytes for ds (all found by one walk of the PATH, as
 * log says), in out; -1 when the result is not of the shape the file
 * keeps. */
static int
encode(struct buf *out, const struct wc *w, const struct dossier *ds,
    const struct walk_log *log, int64_t t0_ns)
{
	struct whead h;
	struct buf strs = { 0 }, docs = { 0 };
	struct wdir *dirs = xcalloc(log->n, sizeof *dirs);
	struct wsec *secs = xcalloc(ds->nsec ? ds->nsec : 1, sizeof *secs);
	size_t i;
	int ok = ds->nplain == ds->n;

	for (i = 0; ok && i < log->n; i++) {
		const char *rel = log->rels.data + log->dirs[i].rel;

		dirs[i].dev = log->dirs[i].dev;
		dirs[i].ino = log->dirs[i].ino;
		dirs[i].mtime_ns = log->dirs[i].mtime_ns;
		dirs[i].ctime_ns = log->dirs[i].ctime_ns;
		dirs[i].rel_len = strlen(rel);
		dirs[i].rel = add_str(&strs, rel, dirs[i].rel_len);
	}
	for (i = 0; ok && i < ds->nsec; i++) {
		const struct dossier_section *s = &ds->secs[i];
		const char *dir = below(w, s->dir);

		ok = !s->loose && (*s->name ? dir && strcmp(dir, s->name) == 0 :
		    strcmp(s->dir, w->path) == 0);
		secs[i].name_len = strlen(s->name);
		secs[i].name = add_str(&strs, s->name, secs[i].name_len);
		secs[i].real_len = s->real ? strlen(s->real) : NO_REAL;
		secs[i].real = s->real ? add_str(&strs, s->real,
		    secs[i].real_len) : 0;
		secs[i].first = s->first;
		secs[i].n = s->n;
	}
	for (i = 0; ok && i < ds->n; i++) {
		const char *rel = below(w, ds->docs[i].path), *slash;

		slash = rel ? strrchr(rel, '/') : NULL;
		ok = rel && *rel && strcmp(ds->docs[i].name, slash ? slash + 1 :
		    rel) == 0;
		if (ok)
			add_str(&docs, rel, strlen(rel));
	}
	if (ok) {
		memset(&h, 0, sizeof h);
		memcpy(h.magic, WALK_MAGIC, 8);
		h.version = WALK_VERSION;
		h.endian = 0x01020304;
		h.size_t_bytes = sizeof(size_t);
		h.head_bytes = sizeof h;
		snprintf(h.program, sizeof h.program, "%s", PACKAGE_VERSION);
		h.creds = creds();
		h.t0_ns = t0_ns;
		h.ndirs = log->n;
		h.nsecs = ds->nsec;
		h.ndocs = ds->n;
		h.root_len = strlen(w->canon);
		buf_add(out, &h, sizeof h);
		buf_add(out, w->canon, h.root_len + 1);
		pad8(out);
		h.dir_off = out->len;
		buf_add(out, dirs, log->n * sizeof *dirs);
		h.sec_off = out->len;
		buf_add(out, secs, ds->nsec * sizeof *secs);
		h.str_off = out->len;
		h.str_len = strs.len;
		buf_add(out, strs.data, strs.len);
		h.doc_off = out->len;
		h.doc_len = docs.len;
		buf_add(out, docs.data, docs.len);
		h.plain_off = out->len;
		buf_add(out, ds->plain, ds->n);
		h.file_len = out->len;
		memcpy(out->data, &h, sizeof h);
		h.hash = file_hash((unsigned char *)out->data, out->len);
		memcpy(out->data, &h, sizeof h);
	}
	free(dirs);
	free(secs);
	buf_free(&strs);
	buf_free(&docs);
	return ok ? 0 : -1;
}

/* Write the file whole under no name, then put it in place of the old
 * one: a reader, or a killed writer, never sees half of it. */
static int
write_file(const struct wc *w, const struct buf *b)
{
	int fd = cache_tmpfile(w->file), ok;

	if (fd < 0)
		return -1;
	ok = util_write_all(fd, b->data, b->len) == 0 &&
	    cache_publish(fd, w->file) == 0;
	close(fd);
	return ok ? 0 : -1;
}

/* Walk for real; keep the result when it can be trusted. */
static size_t
walk_and_keep(struct dossier *ds, const struct wc *w, struct buf *errors,
    int *written)
{
	struct walk_log log = { 0 };
	int64_t t0 = cache_now_ns(), old = t0 - cache_settle_ns();
	size_t n, errlen = errors->len, i;
	int empty = !ds->n && !ds->nsec && !ds->walk && !ds->nplain;
	struct buf b = { 0 };

	*written = 0;
	n = dossier_add_path_log(ds, w->path, errors, &log);
	/* a walk that said something, met a link, or read a folder
	 * changed lately is not kept */
	if (!empty || !n || n != ds->n || log.unsafe || errors->len != errlen)
		goto out;
	for (i = 0; i < log.n; i++)
		if (log.dirs[i].mtime_ns >= old || log.dirs[i].ctime_ns >= old)
			goto out;
	if (encode(&b, w, ds, &log, t0) == 0 && write_file(w, &b) == 0)
		*written = 1;
out:
	buf_free(&b);
	log_free(&log);
	return n;
}

size_t
walkcache_walk(struct dossier *ds, const char *path, struct buf *errors,
    int *written)
{
	struct wc w;
	size_t n;

	*written = 0;
	if (wc_open(&w, path) < 0)
		return dossier_add_path(ds, path, errors);
	n = walk_and_keep(ds, &w, errors, written);
	wc_close(&w);
	return n;
}

static void
trace(const char *path, const char *what)
{
	const char *t = getenv("DOSSIER_CACHE_TRACE");
	struct buf b = { 0 };

	if (!t || strcmp(t, "1") != 0)
		return;
	buf_adds(&b, "dossier: walk ");
	buf_escape(&b, path);
	buf_printf(&b, ": %s\n", what);
	fputs(b.data, stderr);
	buf_free(&b);
}

size_t
walkcache_add(struct dossier *ds, const char *path, struct buf *errors)
{
	struct wc w;
	size_t n;
	int written;

	if (wc_open(&w, path) < 0)
		return dossier_add_path(ds, path, errors);
	if (load(ds, &w)) {
		trace(path, "from the cache");
		n = ds->n;
	} else {
		n = walk_and_keep(ds, &w, errors, &written);
		trace(path, written ? "walked; written" : "walked; not written");
	}
	wc_close(&w);
	return n;
}
