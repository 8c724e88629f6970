/* dossier_walk.c - finding the articles of a dossier: the walk through its
 * folders, their natural order, and the sections they make.
 *
 * A dossier of 100,000 articles must be found in the time it takes to
 * read its directories, so the walk trusts what readdir() says: a regular
 * file (d_type) is not stat()ed, and its identity for spotting doubles is
 * (the device of its folder, d_ino), which is what stat() says on the
 * usual file systems (on some overlay mounts it is not, and a file named
 * both directly and through its folder could then be listed twice).
 * Only links and entries of unknown type are stat()ed (here a stat()
 * costs as much as reading a hundred directory entries).  Folders are
 * opened relative to their parent (openat), each once: a folder's device
 * and inode are remembered, so a loop of links or two links to one
 * folder are read once.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dossier.h"
#include "walkcache.h"

/* A file or folder, as the system names it. */
struct fid {
	dev_t dev;
	ino_t ino;
};

/* What has been seen: a set of fids (open addressing; ino 0 is free). */
struct dossier_walk {
	struct fid *v;
	size_t n, cap;   /* cap a power of two, or 0 */
	struct walk_log *log;  /* told what is read, or NULL */
};

/* Inodes of one folder are mostly consecutive: keep runs of 64 of them
 * side by side in the table (one cache line after another as a folder is
 * added) and scatter the runs. */
static size_t
fid_hash(struct fid f)
{
	uint64_t h = ((uint64_t)f.ino >> 6) * 0x9E3779B97F4A7C15ULL ^
	    (uint64_t)f.dev * 0xC2B2AE3D27D4EB4FULL;

	return (size_t)((h ^ h >> 29) << 6 | ((uint64_t)f.ino & 63));
}

static struct fid *
seen_slot(struct fid *v, size_t cap, struct fid f)
{
	size_t i = fid_hash(f) & (cap - 1);

	while (v[i].ino && (v[i].ino != f.ino || v[i].dev != f.dev))
		i = (i + 1) & (cap - 1);
	return &v[i];
}

/* Make room for more fids at once: one table for a whole folder rather
 * than a table per doubling (each is fresh memory to fault in). */
static void
seen_reserve(struct dossier *ds, size_t more)
{
	struct dossier_walk *w = ds->walk;
	struct fid *v;
	size_t cap, i;

	if (!w)
		w = ds->walk = xcalloc(1, sizeof *w);
	if (2 * (w->n + more) <= w->cap)
		return;
	for (cap = w->cap ? w->cap : 1024; cap < 2 * (w->n + more); cap *= 2)
		if (cap > SIZE_MAX / 4 / sizeof *v)
			util_oom();
	v = xcalloc(cap, sizeof *v);
	for (i = 0; i < w->cap; i++)
		if (w->v[i].ino)
			*seen_slot(v, cap, w->v[i]) = w->v[i];
	free(w->v);
	w->v = v;
	w->cap = cap;
}

/* Remember f; returns 1 if it is new, 0 if it was seen before. */
static int
seen_add(struct dossier *ds, dev_t dev, ino_t ino)
{
	struct fid f = { dev, ino }, *slot;

	if (!ino)
		return 1;   /* no identity to compare: take it */
	seen_reserve(ds, 1);
	slot = seen_slot(ds->walk->v, ds->walk->cap, f);
	if (slot->ino)
		return 0;
	*slot = f;
	ds->walk->n++;
	return 1;
}

/* --- natural order --------------------------------------------------------- */

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 'a' - 'A') : c;
}

int
dossier_natcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p && *q) {
		if (is_digit(*p) && is_digit(*q)) {
			const unsigned char *ps, *qs;
			size_t pn, qn;
			int c;

			/* compare the runs by value: fewer significant
			 * digits is smaller, else the first that differs */
			while (*p == '0')
				p++;
			while (*q == '0')
				q++;
			for (ps = p; is_digit(*p); p++)
				;
			for (qs = q; is_digit(*q); q++)
				;
			pn = (size_t)(p - ps);
			qn = (size_t)(q - qs);
			if (pn != qn)
				return pn < qn ? -1 : 1;
			c = memcmp(ps, qs, pn);
			if (c)
				return c;
			continue;
		}
		if (lower(*p) != lower(*q))
			return lower(*p) < lower(*q) ? -1 : 1;
		p++;
		q++;
	}
	if (*p || *q)
		return *p ? 1 : -1;
	/* equal but for case or leading zeros */
	return strcmp(a, b);
}

/* --- sections -------------------------------------------------------------- */

/* Articles docs[first .. ds->n - 1] were just added from folder dir
 * (named name within its PATH, at the canonical path real or NULL): make
 * them a section. */
static void
add_section(struct dossier *ds, size_t first, const char *name,
    const char *dir, const char *real, int loose)
{
	struct dossier_section *s;

	if (first == ds->n)
		return;
	GROW(ds->secs, ds->seccap, ds->nsec + 1);
	s = &ds->secs[ds->nsec++];
	s->name = xstrdup(name);
	s->dir = xstrdup(dir);
	s->real = real ? xstrdup(real) : NULL;
	s->first = first;
	s->n = ds->n - first;
	s->loose = loose;
}

size_t
dossier_section_count(const struct dossier *ds)
{
	return ds->nsec;
}

size_t
dossier_section_of(const struct dossier *ds, size_t i)
{
	size_t lo = 0, hi = ds->nsec;

	/* the last section that starts at or before i */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (ds->secs[mid].first <= i)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

size_t
dossier_section_first(const struct dossier *ds, size_t s)
{
	return ds->secs[s].first;
}

size_t
dossier_section_last(const struct dossier *ds, size_t s)
{
	return ds->secs[s].first + ds->secs[s].n - 1;
}

size_t
dossier_section_pos(const struct dossier *ds, size_t i)
{
	return i - ds->secs[dossier_section_of(ds, i)].first;
}

/* --- the walk -------------------------------------------------------------- */

/* Make room for more articles.  A big array asks for huge pages: it is
 * written whole before the first frame, and where a page fault costs
 * tens of microseconds (virtual machines) 100,000 articles' 3,000 small
 * pages were a good part of the walk. */
void
dossier_reserve(struct dossier *ds, size_t more)
{
	size_t cap = ds->cap;

	GROW(ds->docs, ds->cap, ds->n + more);
#ifdef MADV_HUGEPAGE
	if (ds->cap != cap && ds->cap * sizeof *ds->docs >= ((size_t)4 << 20)) {
		const size_t huge = (size_t)2 << 20;
		uintptr_t from = ((uintptr_t)ds->docs + huge - 1) & ~(huge - 1);
		uintptr_t to = (uintptr_t)(ds->docs + ds->cap) & ~(huge - 1);

		if (to > from)
			madvise((void *)from, to - from, MADV_HUGEPAGE);
	}
#else
	(void)cap;
#endif
}

/* A slot for the article at path (which it takes), named name; plain
 * as ds->plain says. */
static void
add_slot(struct dossier *ds, char *path, const char *name, int plain)
{
	struct doc *d;

	GROW(ds->docs, ds->cap, ds->n + 1);
	d = &ds->docs[ds->n++];
	memset(d, 0, sizeof *d);
	d->path = path;
	d->name = xstrdup(name);
	d->state = DOC_UNLOADED;
	/* articles added by hand before this one are not plain */
	GROW(ds->plain, ds->plaincap, ds->n);
	memset(ds->plain + ds->nplain, 0, ds->n - 1 - ds->nplain);
	ds->plain[ds->n - 1] = (unsigned char)plain;
	ds->nplain = ds->n;
}

static int
skipped_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] == '.' || (n && name[n - 1] == '~');
}

/* A name in a folder: a file or a folder to enter. */
struct entry {
	const char *name;    /* in the listing's arena, once it is read */
	size_t off;          /* the name's offset in that arena */
	struct fid id;       /* a file's identity */
	int plain;           /* readdir() said what it is: not a link */
	int numeric;         /* the name starts with digits worth key */
	uint64_t key;
};

/* What one folder holds, read at once so that its stream is closed
 * before its subfolders are opened in turn. */
struct listing {
	struct buf names;    /* every kept name, NUL-terminated */
	struct entry *files, *dirs;
	size_t nfiles, ndirs, fcap, dcap;
	struct entry **order; /* files, then dirs, each in natural order */
	size_t links;        /* links among the entries */
};

static int
cmp_entries(const void *a, const void *b)
{
	const struct entry *x = *(const struct entry *const *)a;
	const struct entry *y = *(const struct entry *const *)b;

	/* names that start with numbers of different values are in the
	 * order of those values: what dossier_natcmp() says first, without
	 * reading the names (most dossiers number their articles) */
	if (x->numeric && y->numeric && x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return dossier_natcmp(x->name, y->name);
}

/* The value of the digits name starts with, when it has any and they
 * fit in 64 bits (at most 19 significant ones). */
static void
entry_key(struct entry *e)
{
	const unsigned char *p = (const unsigned char *)e->name;
	uint64_t v = 0;
	int n = 0;

	e->numeric = 0;
	if (!is_digit(*p))
		return;
	while (*p == '0')
		p++;
	for (; is_digit(*p); p++, n++) {
		if (n == 19)
			return;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	e->numeric = 1;
	e->key = v;
}

/* Point the entries at their names (the arena no longer moves) and put
 * them in natural order (sorting pointers: cheaper to move). */
static void
listing_sort(struct listing *l)
{
	size_t i, n = l->nfiles + l->ndirs;

	l->order = xreallocarray(NULL, n ? n : 1, sizeof *l->order);
	for (i = 0; i < l->nfiles; i++) {
		l->files[i].name = l->names.data + l->files[i].off;
		entry_key(&l->files[i]);
		l->order[i] = &l->files[i];
	}
	for (i = 0; i < l->ndirs; i++) {
		l->dirs[i].name = l->names.data + l->dirs[i].off;
		entry_key(&l->dirs[i]);
		l->order[l->nfiles + i] = &l->dirs[i];
	}
	if (l->nfiles > 1)
		qsort(l->order, l->nfiles, sizeof *l->order, cmp_entries);
	if (l->ndirs > 1)
		qsort(l->order + l->nfiles, l->ndirs, sizeof *l->order,
		    cmp_entries);
}

static void
listing_free(struct listing *l)
{
	buf_free(&l->names);
	free(l->files);
	free(l->dirs);
	free(l->order);
}

/* dir (of dlen bytes) joined with name, without doubling a slash. */
static char *
join_n(const char *dir, size_t dlen, const char *name)
{
	size_t nlen = strlen(name);
	char *p = xmalloc(dlen + nlen + 2), *q = p + dlen;

	memcpy(p, dir, dlen);
	if (dlen && dir[dlen - 1] != '/')
		*q++ = '/';
	memcpy(q, name, nlen + 1);
	return p;
}

static char *
join(const char *dir, const char *name)
{
	return join_n(dir, strlen(dir), name);
}

/* Read the entries of the open folder fd (at path, on device dev) into
 * l: regular files and folders, links followed.  Takes fd. */
static void
listing_read(struct listing *l, int fd, const char *path, dev_t dev,
    struct buf *errors)
{
	DIR *dir = fdopendir(fd);
	struct dirent *e;
	struct stat st;

	if (!dir) {
		dossier_error(errors, path, strerror(errno));
		close(fd);
		return;
	}
	for (;;) {
		struct entry ent = { NULL, 0, { dev, 0 }, 0, 0, 0 };
		int isdir;

		errno = 0;
		if (!(e = readdir(dir))) {
			if (errno)
				dossier_error(errors, path, strerror(errno));
			break;
		}
		if (skipped_name(e->d_name))
			continue;
		if (e->d_type == DT_REG || e->d_type == DT_DIR) {
			isdir = e->d_type == DT_DIR;
			ent.id.ino = e->d_ino;
			ent.plain = 1;
		} else if (e->d_type == DT_LNK || e->d_type == DT_UNKNOWN) {
			/* follow the link; stat() never opens, so a FIFO
			 * cannot block here.  Of an entry of unknown type,
			 * ask first whether it is a link: no more calls for
			 * the rest, and they are then known plain */
			int lnk = e->d_type == DT_LNK, r = -1;

			if (!lnk) {
				r = fstatat(dirfd(dir), e->d_name, &st,
				    AT_SYMLINK_NOFOLLOW);
				lnk = r == 0 && S_ISLNK(st.st_mode);
				ent.plain = r == 0 && !lnk;
			}
			if (lnk) {
				r = fstatat(dirfd(dir), e->d_name, &st, 0);
				l->links++;
			}
			if (r < 0) {
				char *p = join(path, e->d_name);

				dossier_error(errors, p, strerror(errno));
				free(p);
				continue;
			}
			if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
				continue;
			isdir = S_ISDIR(st.st_mode);
			ent.id.dev = st.st_dev;
			ent.id.ino = st.st_ino;
		} else {
			continue;   /* FIFOs, devices, sockets */
		}
		ent.off = l->names.len;
		buf_add(&l->names, e->d_name, strlen(e->d_name) + 1);
		if (isdir) {
			GROW(l->dirs, l->dcap, l->ndirs + 1);
			l->dirs[l->ndirs++] = ent;
		} else {
			GROW(l->files, l->fcap, l->nfiles + 1);
			l->files[l->nfiles++] = ent;
		}
	}
	closedir(dir);
}

/* Open subfolder name of the folder sub (at dpath, depth levels below
 * the PATH) if it is to be read.  -1 when it is not: too deep or not
 * openable (said in errors), or read already (said nowhere: a link back
 * is no problem). */
static int
open_sub(struct dossier *ds, int sub, const char *name, const char *dpath,
    int depth, struct stat *stp, struct buf *errors)
{
	struct stat st;
	int fd;

	if (depth > DOSSIER_MAX_DEPTH) {
		char why[80];

		snprintf(why, sizeof why, "folder more than %d levels deep, "
		    "not read", DOSSIER_MAX_DEPTH);
		dossier_error(errors, dpath, why);
		return -1;
	}
	fd = sub < 0 ? -1 : openat(sub, name, O_RDONLY | O_DIRECTORY |
	    O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		dossier_error(errors, dpath, strerror(sub < 0 ? EMFILE :
		    errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!seen_add(ds, st.st_dev, st.st_ino)) {
		/* a loop of links, or a second link to a folder read (or
		 * a bind mount: no folder's times would say it went) */
		if (ds->walk->log)
			ds->walk->log->unsafe = 1;
		close(fd);
		return -1;
	}
	*stp = st;
	return fd;
}

/* The canonical path of subfolder name of the folder at path whose
 * canonical path is real (or NULL): real joined with name when the
 * folder is no link, else what realpath() says (NULL when it fails). */
static char *
real_sub(const char *real, const char *path, const struct entry *e)
{
	char *p, *r;

	if (real && e->plain && strlen(real) + strlen(e->name) + 2 <=
	    PATH_MAX)
		return join(real, e->name);
	p = join(path, e->name);
	r = realpath(p, NULL);
	free(p);
	return r;
}

/* Add the articles of the folder open as fd (st: its fstat(), at path,
 * name within its PATH, depth levels below it, at the canonical path
 * real or NULL), then those of its subfolders.  Takes fd.  *found counts
 * the articles seen, doubles included. */
static void
walk(struct dossier *ds, int fd, const struct stat *st, const char *path,
    const char *real, const char *name, int depth, size_t *found,
    struct buf *errors)
{
	struct listing l = { { 0 }, NULL, NULL, 0, 0, 0, 0, NULL, 0 };
	size_t i, first = ds->n, plen = strlen(path);
	/* a second descriptor to open the subfolders with, once the
	 * stream of this one is read and closed */
	int sub = dup(fd);

	if (ds->walk->log)
		walk_log_dir(ds->walk->log, name, st);
	listing_read(&l, fd, path, st->st_dev, errors);
	if (l.links && ds->walk->log)
		ds->walk->log->unsafe = 1;
	listing_sort(&l);
	*found += l.nfiles;
	dossier_reserve(ds, l.nfiles);
	seen_reserve(ds, l.nfiles);
	for (i = 0; i < l.nfiles; i++) {
		const struct entry *f = l.order[i];

		if (seen_add(ds, f->id.dev, f->id.ino))
			add_slot(ds, join_n(path, plen, f->name), f->name,
			    f->plain && real);
	}
	add_section(ds, first, name, path, real, 0);
	for (i = 0; i < l.ndirs; i++) {
		const struct entry *de = l.order[l.nfiles + i];
		const char *dname = de->name;
		char *dpath = join_n(path, plen, dname);
		char *drel = *name ? join(name, dname) : xstrdup(dname);
		struct stat dst;
		int dfd = open_sub(ds, sub, dname, dpath, depth + 1, &dst,
		    errors);

		if (dfd >= 0) {
			char *dreal = real_sub(real, path, de);

			walk(ds, dfd, &dst, dpath, dreal, drel, depth + 1,
			    found, errors);
			free(dreal);
		}
		free(dpath);
		free(drel);
	}
	if (sub >= 0)
		close(sub);
	listing_free(&l);
}

/* dir of a file path as given: "." for none, "/" for the root. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	while (slash > path && slash[-1] == '/')
		slash--;
	return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash -
	    path));
}

/* A file given as a PATH: its own article, in the section of the files
 * given just before it when they share its folder. */
static size_t
add_file(struct dossier *ds, const char *path, const struct stat *st)
{
	struct dossier_section *last = ds->nsec ? &ds->secs[ds->nsec - 1] :
	    NULL;
	const char *slash = strrchr(path, '/');
	char *dir;

	if (!seen_add(ds, st->st_dev, st->st_ino))
		return 0;
	dir = dir_of(path);
	add_slot(ds, xstrdup(path), slash ? slash + 1 : path, 0);
	if (last && last->loose && strcmp(last->dir, dir) == 0 &&
	    last->first + last->n == ds->n - 1)
		last->n++;
	else
		add_section(ds, ds->n - 1, dir, dir, NULL, 1);
	free(dir);
	return 1;
}

size_t
dossier_add_path(struct dossier *ds, const char *path, struct buf *errors)
{
	return dossier_add_path_log(ds, path, errors, NULL);
}

size_t
dossier_add_path_log(struct dossier *ds, const char *path,
    struct buf *errors, struct walk_log *log)
{
	struct stat st;
	size_t before = ds->n, found = 0;
	char *real;
	int fd;

	if (stat(path, &st) < 0) {
		dossier_error(errors, path, strerror(errno));
		return 0;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (!S_ISREG(st.st_mode)) {
			dossier_error(errors, path, "not a regular file");
			return 0;
		}
		return add_file(ds, path, &st);
	}
	if (!seen_add(ds, st.st_dev, st.st_ino))
		return 0;   /* this folder was read already */
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		dossier_error(errors, path, strerror(errno));
		return 0;
	}
	/* one realpath() for the PATH; the walk joins the rest */
	real = realpath(path, NULL);
	seen_reserve(ds, 0);    /* ds->walk, even when st_ino is 0 */
	ds->walk->log = log;
	walk(ds, fd, &st, path, real, "", 0, &found, errors);
	ds->walk->log = NULL;
	free(real);
	if (!found)
		dossier_error(errors, path, "no articles in this directory");
	return ds->n - before;
}

/* --- when all is found ----------------------------------------------------- */

static int
cmp_by_name(const void *a, const void *b)
{
	const struct doc *const *x = a, *const *y = b;
	int c = strcmp((*x)->name, (*y)->name);

	/* the docs are one array: addresses in article order */
	return c ? c : (*x > *y) - (*x < *y);
}

/* The name index, after articles were found or dropped. */
static void
index_names(struct dossier *ds)
{
	const struct doc **v;
	size_t i;

	free(ds->by_name);
	ds->by_name = NULL;
	if (!ds->n)
		return;
	v = xreallocarray(NULL, ds->n, sizeof *v);
	for (i = 0; i < ds->n; i++)
		v[i] = &ds->docs[i];
	qsort(v, ds->n, sizeof *v, cmp_by_name);
	ds->by_name = xreallocarray(NULL, ds->n, sizeof *ds->by_name);
	for (i = 0; i < ds->n; i++)
		ds->by_name[i] = (size_t)(v[i] - ds->docs);
	free(v);
}

/* Articles added by hand, after the last section, make one more. */
static void
cover_all(struct dossier *ds)
{
	add_section(ds, ds->nsec ? dossier_section_last(ds, ds->nsec - 1) + 1 :
	    0, "", "", NULL, 0);
}

static void
free_walk(struct dossier *ds)
{
	if (ds->walk) {
		free(ds->walk->v);
		free(ds->walk);
		ds->walk = NULL;
	}
}

/* The name index waits for dossier_find_name(): only the dotfile's
 * version 1 records need it, and sorting 100,000 names is a tenth of a
 * second before the first frame. */
void
dossier_finish(struct dossier *ds)
{
	cover_all(ds);
	free_walk(ds);
	ds->finished = 1;
}

void
dossier_free_found(struct dossier *ds)
{
	size_t s;

	for (s = 0; s < ds->nsec; s++) {
		free(ds->secs[s].name);
		free(ds->secs[s].dir);
		free(ds->secs[s].real);
	}
	free(ds->secs);
	ds->secs = NULL;
	ds->nsec = ds->seccap = 0;
	free(ds->by_name);
	ds->by_name = NULL;
	free(ds->plain);
	ds->plain = NULL;
	ds->nplain = ds->plaincap = 0;
	free_walk(ds);
}

long
dossier_find_name(const struct dossier *ds, const char *name)
{
	size_t lo = 0, hi = ds->n, i;
	long found = -1;

	if (!ds->by_name && ds->finished && ds->n > 1)
		index_names((struct dossier *)ds);  /* once, in place */
	if (!ds->by_name) {
		for (i = 0; i < ds->n; i++) {
			if (strcmp(ds->docs[i].name, name) != 0)
				continue;
			if (found >= 0)
				return -2;
			found = (long)i;
		}
		return found;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ds->docs[ds->by_name[mid]].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= ds->n || strcmp(ds->docs[ds->by_name[lo]].name, name) != 0)
		return -1;
	/* equal names sit together in the index */
	if (lo + 1 < ds->n &&
	    strcmp(ds->docs[ds->by_name[lo + 1]].name, name) == 0)
		return -2;
	return (long)ds->by_name[lo];
}

void
dossier_drop_failed(struct dossier *ds, struct buf *errors)
{
	size_t s, i, kept = 0, nsec = 0;

	cover_all(ds);
	for (s = 0; s < ds->nsec; s++) {
		struct dossier_section *sec = &ds->secs[s];
		size_t first = kept, end = sec->first + sec->n;

		for (i = sec->first; i < end; i++) {
			if (ds->docs[i].state == DOC_FAILED) {
				dossier_error(errors, ds->docs[i].path,
				    ds->docs[i].error);
				doc_free(&ds->docs[i]);
				continue;
			}
			if (i < ds->nplain)
				ds->plain[kept] = ds->plain[i];
			else if (kept < ds->nplain)
				ds->plain[kept] = 0;
			ds->docs[kept++] = ds->docs[i];
		}
		if (kept == first) {
			free(sec->name);
			free(sec->dir);
			free(sec->real);
			continue;
		}
		sec->first = first;
		sec->n = kept - first;
		ds->secs[nsec++] = *sec;
	}
	ds->n = kept;
	ds->nsec = nsec;
	if (ds->nplain > kept)
		ds->nplain = kept;
	if (ds->by_name)
		index_names(ds);
}
