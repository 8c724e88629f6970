/* cache.c - the cache file: one per dossier folder, memory-mapped.
 *
 * Why a file of our own and not LMDB or SQLite: the cache is written
 * whole and read whole, never updated in place, and most of it is a few
 * large blobs (the folded copies) that the search scans where they lie.
 * One mapped file gives that with no copy and no dependency; atomic
 * replacement is a rename().  A database would add a library, a copy of
 * each blob out of its pages, and locking we do not need (two writers
 * each write a whole file; the last rename wins, both are right).
 *
 * The file, in the machine's byte order (a cache from another machine,
 * version or word size is foreign and ignored):
 *
 *   header     struct head: magic, version, sizes, the folder's path
 *              (to tell two folders with one hash apart), where the
 *              rest is, and its own checksum
 *   blobs      per record with a search copy: the folded text, NUL,
 *              padding to 8, then its map; each blob has its checksum
 *   records    nrec struct crec, fixed size, each with its checksum
 *   strings    per record: its path (relative to the folder), title,
 *              full title, date, source, author, each "P" + bytes + NUL
 *              or "-" + NUL for none
 *   table      the records by the hash of their path (open addressing)
 *
 * Opening checks the header alone; a record is checked the first time
 * it is looked at, a blob the first time it is used, and a table entry
 * each time (it must lead to the record of the path looked up).  So
 * opening the cache of 100,000 articles costs no more than of 100: the
 * reader's first frame does not wait for it.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "fold.h"
#include "text.h"
#include "util.h"

#define CACHE_MAGIC "DOSSCACH"
#define CACHE_VERSION 2
/* A file changed less than this before it was read may change again
 * within the same clock tick of its times: not written to the cache. */
#define RACY_NS (2LL * 1000000000)
/* Blobs are written this much at a time. */
#define CHUNK (4 << 20)

struct head {
	char magic[8];
	uint32_t version, endian;       /* endian: 0x01020304 as written */
	uint32_t size_t_bytes, head_bytes, rec_bytes, root_len;
	uint64_t nrec, rec_off, str_off, str_len, file_len;
	uint64_t table_off, table_n;    /* the look-up table: table_n (a
	                                 * power of 2) uint32_t, each 0 or
	                                 * 1 + a record, by path_hash */
	char root[PATH_MAX];
	uint64_t head_hash;             /* of all the above */
};

struct crec {
	uint64_t path_hash;
	uint64_t ino, size;
	int64_t mtime_ns, ctime_ns;
	uint64_t fp, len, body, letters;
	uint64_t fold_off, fold_len, map_off, map_bytes, nmap, last_end;
	uint64_t blob_hash;
	uint64_t str_off, str_len;
	uint32_t flags, enc, wide, pad;
	uint64_t rec_hash;              /* of the above and its strings */
};

/* What this run learnt of one article. */
struct slot {
	unsigned have;                  /* CACHE_* learnt this run */
	struct doc_stamp st;
	uint64_t fp, len, body, letters;
	uint32_t enc;
	struct buf str;                 /* strings as in the file */
	uint64_t fold_off, fold_len, map_off, map_bytes, nmap, last_end;
	uint64_t blob_hash;
	uint32_t wide;
};

struct cache {
	char *root;                     /* the folder as given */
	size_t root_len;
	char *canon;                    /* its canonical path */
	char *file;                     /* the cache file */
	const char **paths;             /* slot k: the article's path (the
	                                 * document's own string, which
	                                 * outlives the cache; a dropped
	                                 * article's slot is never used) */
	size_t n;
	/* the old file, mapped */
	const unsigned char *map;
	size_t map_len;
	int fd_old;                     /* the old file, for pread() */
	const struct crec *recs;
	size_t nrec;
	const uint32_t *table;          /* the file's look-up table */
	size_t tmask;
	unsigned char *checked;         /* per record: 0 not yet, 1 good,
	                                 * 2 damaged (atomic) */
	/* the new file */
	const struct crec **kept;       /* per article: its old record,
	                                 * still right (cache_keep()) */
	struct slot **slots;            /* per article: what was learnt,
	                                 * NULL for nothing */
	unsigned char *vain;            /* per article: it cannot be kept
	                                 * this run (cache_vain()) */
	int64_t t0_ns;                  /* when this run began */
	int64_t racy_ns;                /* RACY_NS, or less for the tests */
	pthread_mutex_t mu;
	int fd;                         /* the new file, or -1 */
	int failed;                     /* it cannot be written */
	uint64_t end;                   /* under mu: where the next blob goes */
	size_t learnt;                  /* atomic */
	struct buf chunk;               /* under mu: blobs not yet written, */
	uint64_t chunk_at;              /* ... to go here */
	int written;                    /* cache_commit() wrote it */
	const int *stop;                /* cache_commit()'s */
	int gave_up;                    /* ... and it did */
	int lock_fd;                    /* cache_claim()'s lock, or -1 */
	int writer;                     /* cache_claim() succeeded */
	long behind;                    /* the pid of a background writer */
};

/* Has the writer been asked to give up?  Only copying what the old file
 * had takes long (the new search copies are written as they come). */
static int
stopped(const struct cache *c)
{
	return c->stop && __atomic_load_n(c->stop, __ATOMIC_RELAXED);
}

static int disabled;

void
cache_disable(void)
{
	disabled = 1;
}

int
cache_disabled(void)
{
	return disabled;
}

static const char *const encodings[] = {
	NULL, "Windows-1252", "UTF-16LE", "UTF-16BE"
};

static uint32_t
enc_id(const char *e)
{
	uint32_t i;

	for (i = 1; e && i < sizeof encodings / sizeof *encodings; i++)
		if (strcmp(e, encodings[i]) == 0)
			return i;
	return 0;
}

int64_t
cache_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t
cache_settle_ns(void)
{
	/* the tests' files are all new: they may say how new is too new
	 * (never below the coarsest clock tick there is) */
	const char *e = getenv("DOSSIER_CACHE_SETTLE_MS");

	return e && atoi(e) >= 20 ? (int64_t)atoi(e) * 1000000 : RACY_NS;
}

/* $XDG_CACHE_HOME/dossier, else ~/.cache/dossier, made if need be; NULL
 * when neither can be named. */
static char *
cache_dir(void)
{
	const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *base, *dir;

	/* the XDG rule: a relative path is to be ignored */
	if (x && x[0] == '/')
		base = xstrdup(x);
	else if (home && home[0] == '/')
		base = xasprintf("%s/.cache", home);
	else
		return NULL;
	dir = xasprintf("%s/dossier", base);
	(void)mkdir(base, 0700);  /* the next one says if it matters */
	free(base);
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		free(dir);
		return NULL;
	}
	return dir;
}

/* Remove what a writer killed between naming its file and renaming it
 * left: FILE.PID.tmp of a process that is gone. */
static void
sweep(const char *file)
{
	const char *base = strrchr(file, '/') + 1;
	size_t blen = strlen(base);
	char *dir = xstrndup(file, (size_t)(base - file));
	struct dirent *e;
	DIR *d = opendir(dir);
	char *end;
	long pid;

	while (d && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, base, blen) != 0 || e->d_name[blen] != '.')
			continue;
		pid = strtol(e->d_name + blen + 1, &end, 10);
		if (pid <= 0 || strcmp(end, ".tmp") != 0 ||
		    (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		(void)unlinkat(dirfd(d), e->d_name, 0);
	}
	if (d)
		closedir(d);
	free(dir);
}

/* HASH.EXT, the name of the file ext of the folder canon. */
#define NAME_BYTES 32
static void
cache_name(char name[NAME_BYTES], const char *canon, const char *ext)
{
	snprintf(name, NAME_BYTES, "%016llx.%s",
	    (unsigned long long)util_hash64(canon, strlen(canon)), ext);
}

/* The folder a cache file (open as fd, named name) is of, into root;
 * 0, or -1 when it is not a sound cache of this version under its own
 * name. */
static int
cache_root_of(int fd, const char *name, char *root)
{
	struct head *h = xmalloc(sizeof *h);
	char own[NAME_BYTES];
	int ok;

	ok = pread(fd, h, sizeof *h, 0) == (ssize_t)sizeof *h &&
	    memcmp(h->magic, CACHE_MAGIC, 8) == 0 &&
	    h->version == CACHE_VERSION && h->endian == 0x01020304 &&
	    h->head_bytes == sizeof *h &&
	    util_hash64(h, offsetof(struct head, head_hash)) == h->head_hash &&
	    h->root_len > 0 && h->root_len < PATH_MAX &&
	    h->root[h->root_len] == '\0' && strlen(h->root) == h->root_len;
	if (ok) {
		cache_name(own, h->root, "cache");
		ok = strcmp(own, name) == 0;
	}
	if (ok)
		memcpy(root, h->root, h->root_len + 1);
	free(h);
	return ok ? 0 : -1;
}

void
cache_forget_gone(const struct cache *c)
{
	const char *base = strrchr(c->file, '/') + 1;
	char *dir = xstrndup(c->file, (size_t)(base - c->file));
	char *root = xmalloc(PATH_MAX), other[64];
	static const char *const exts[] = { "cache", "walk", "lock" };
	struct dirent *e;
	struct stat sb;
	DIR *d = opendir(dir);
	size_t n, k;
	int fd;

	while (d && (e = readdir(d)) != NULL) {
		n = strlen(e->d_name);
		if (n != 16 + strlen(".cache") || strcmp(e->d_name, base) == 0 ||
		    strcmp(e->d_name + 16, ".cache") != 0)
			continue;
		fd = openat(dirfd(d), e->d_name,
		    O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			continue;
		if (cache_root_of(fd, e->d_name, root) == 0 &&
		    stat(root, &sb) < 0 &&
		    (errno == ENOENT || errno == ENOTDIR)) {
			for (k = 0; k < sizeof exts / sizeof *exts; k++) {
				snprintf(other, sizeof other, "%.16s.%s",
				    e->d_name, exts[k]);
				(void)unlinkat(dirfd(d), other, 0);
			}
		}
		close(fd);
	}
	if (d)
		closedir(d);
	free(root);
	free(dir);
}

char *
cache_file(const char *canon, const char *ext)
{
	char *dir = cache_dir(), *f, name[NAME_BYTES];

	if (!dir)
		return NULL;
	cache_name(name, canon, ext);
	f = xasprintf("%s/%s", dir, name);
	free(dir);
	return f;
}

int
cache_tmpfile(const char *file)
{
	char *dir = xstrndup(file, (size_t)(strrchr(file, '/') - file));
	int fd;

	/* unnamed until it is whole: a killed writer leaves nothing */
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	free(dir);
	return fd;
}

int
cache_publish(int fd, const char *file)
{
	char path[64], *tmp;
	int ok;

	sweep(file);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	tmp = xasprintf("%s.%ld.tmp", file, (long)getpid());
	unlink(tmp);
	ok = linkat(AT_FDCWD, path, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0 &&
	    rename(tmp, file) == 0;
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok ? 0 : -1;
}

static int
stamp_eq(const struct crec *r, const struct doc_stamp *s)
{
	return r->ino == s->ino && r->size == s->size &&
	    r->mtime_ns == s->mtime_ns && r->ctime_ns == s->ctime_ns;
}

/* Map the old file and check its header and index; 0 or -1. */
static int
map_old(struct cache *c)
{
	const struct head *h;
	struct stat sb;
	void *m;
	int fd = open(c->file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) ||
	    (size_t)sb.st_size < sizeof *h || sb.st_uid != geteuid()) {
		close(fd);
		return -1;
	}
	m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED) {
		close(fd);
		return -1;
	}
	c->fd_old = fd;
	c->map = m;
	c->map_len = (size_t)sb.st_size;
	h = m;
	/* only the header is checked here, each record when it is used:
	 * opening costs the same for 100 articles and for 100,000 */
	if (memcmp(h->magic, CACHE_MAGIC, 8) != 0 ||
	    h->version != CACHE_VERSION || h->endian != 0x01020304 ||
	    h->size_t_bytes != sizeof(size_t) || h->head_bytes != sizeof *h ||
	    h->rec_bytes != sizeof(struct crec) || h->file_len != c->map_len ||
	    util_hash64(h, offsetof(struct head, head_hash)) != h->head_hash ||
	    h->root_len >= sizeof h->root || strlen(c->canon) != h->root_len ||
	    memcmp(h->root, c->canon, h->root_len) != 0 ||
	    h->rec_off < sizeof *h || h->rec_off % 8 ||
	    h->rec_off > c->map_len ||
	    h->nrec > (c->map_len - h->rec_off) / sizeof(struct crec) ||
	    h->nrec >= UINT32_MAX ||
	    h->str_off != h->rec_off + h->nrec * sizeof(struct crec) ||
	    h->str_len > c->map_len - h->str_off ||
	    h->table_off % 8 || h->table_off > c->map_len ||
	    h->table_n > (c->map_len - h->table_off) / sizeof(uint32_t) ||
	    h->table_n < 2 * h->nrec || (h->table_n & (h->table_n - 1)))
		return -1;
	c->recs = (const struct crec *)(c->map + h->rec_off);
	c->nrec = h->nrec;
	c->table = (const uint32_t *)(c->map + h->table_off);
	c->tmask = h->table_n - 1;
	c->checked = xcalloc(c->nrec ? c->nrec : 1, 1);
	return 0;
}

static void
unmap_old(struct cache *c)
{
	if (c->map)
		munmap((void *)c->map, c->map_len);
	if (c->fd_old >= 0)
		close(c->fd_old);
	c->fd_old = -1;
	c->map = NULL;
	c->recs = NULL;
	c->nrec = 0;
	c->table = NULL;
	free(c->checked);
	c->checked = NULL;
}

struct cache *
cache_open(const char *root, const struct doc *docs, size_t n)
{
	struct cache *c;
	struct stat sb;
	char *canon;
	size_t k;

	if (disabled || !n || stat(root, &sb) < 0 || !S_ISDIR(sb.st_mode))
		return NULL;
	canon = realpath(root, NULL);
	if (!canon || strlen(canon) >= PATH_MAX - 1) {
		free(canon);
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->file = cache_file(canon, "cache");
	if (!c->file) {
		free(canon);
		free(c);
		return NULL;
	}
	c->root = xstrdup(root);
	c->root_len = strlen(root);
	c->canon = canon;
	c->paths = xcalloc(n, sizeof *c->paths);
	for (k = 0; k < n; k++)
		c->paths[k] = docs[k].path;
	c->n = n;
	c->kept = xcalloc(n, sizeof *c->kept);
	c->slots = xcalloc(n, sizeof *c->slots);
	c->vain = xcalloc(n, 1);
	c->t0_ns = cache_now_ns();
	c->racy_ns = cache_settle_ns();
	c->fd = -1;
	c->fd_old = -1;
	c->lock_fd = -1;
	pthread_mutex_init(&c->mu, NULL);
	if (map_old(c) < 0)
		unmap_old(c);
	return c;
}

void
cache_free(struct cache *c)
{
	size_t k;

	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	/* (the lock, if held, is left to the end of the process: whoever
	 * waits for it waits for everything the writer does, its leak
	 * check too) */
	unmap_old(c);
	for (k = 0; k < c->n; k++)
		if (c->slots[k]) {
			buf_free(&c->slots[k]->str);
			free(c->slots[k]);
		}
	free(c->slots);
	free(c->vain);
	free(c->kept);
	free(c->paths);
	pthread_mutex_destroy(&c->mu);
	buf_free(&c->chunk);
	free(c->root);
	free(c->canon);
	free(c->file);
	free(c);
}

/* docs[k]'s path below the folder. */
static const char *
rel_path(const struct cache *c, size_t k)
{
	const char *p = c->paths[k] + c->root_len;

	while (*p == '/')
		p++;
	return p;
}

/* The i-th string of record r (0 path, 1 title, 2 full title, 3 date,
 * 4 source, 5 author): 1 and *s, *len when present, 0 when absent, -1
 * when damaged. */
static int
rec_string(const struct cache *c, const struct crec *r, int i,
    const char **s, size_t *len)
{
	const struct head *h = (const struct head *)c->map;
	const char *p = (const char *)c->map + h->str_off + r->str_off;
	const char *end = p + r->str_len, *z;

	for (;;) {
		if (p >= end)
			return -1;
		z = memchr(p, '\0', (size_t)(end - p));
		if (!z || (*p != 'P' && *p != '-'))
			return -1;
		if (i-- == 0) {
			if (*p == '-')
				return 0;
			*s = p + 1;
			*len = (size_t)(z - p - 1);
			return 1;
		}
		p = z + 1;
	}
}

/* The checksum of record r: its fields and its strings. */
static uint64_t
rec_hash(const struct crec *r, const char *strs)
{
	return util_hash64(r, offsetof(struct crec, rec_hash)) ^
	    (util_hash64(strs, (size_t)r->str_len) * 0x9E3779B97F4A7C15ULL);
}

/* Is record r whole?  Checked once (the high bit of its c->checked). */
static int
rec_sound(struct cache *c, const struct crec *r)
{
	const struct head *h = (const struct head *)c->map;
	unsigned char *ck = &c->checked[r - c->recs];
	unsigned char v = __atomic_load_n(ck, __ATOMIC_ACQUIRE);

	if (v & 0xC0)
		return (v & 0xC0) == 0x40;
	v = r->str_off <= h->str_len && r->str_len <= h->str_len - r->str_off &&
	    rec_hash(r, (const char *)c->map + h->str_off + r->str_off) ==
	    r->rec_hash ? 0x40 : 0x80;
	__atomic_or_fetch(ck, v, __ATOMIC_ACQ_REL);
	return v == 0x40;
}

const struct cache_rec *
cache_lookup(struct cache *c, size_t k)
{
	const char *rel, *s;
	size_t rlen;
	uint64_t hash;
	struct doc_stamp now;
	struct stat sb;
	size_t j, len, probes;

	if (!c->recs || stat(c->paths[k], &sb) < 0 ||
	    !S_ISREG(sb.st_mode))
		return NULL;
	rel = rel_path(c, k);
	rlen = strlen(rel);
	hash = util_hash64(rel, rlen);
	doc_stamp_of(&now, &sb);
	for (j = hash & c->tmask, probes = 0; c->table[j] &&
	    probes <= c->tmask; j = (j + 1) & c->tmask, probes++) {
		const struct crec *r;

		if (c->table[j] > c->nrec)
			return NULL;	/* a damaged table */
		r = &c->recs[c->table[j] - 1];
		if (r->path_hash != hash || !rec_sound(c, r) ||
		    rec_string(c, r, 0, &s, &len) != 1 ||
		    len != rlen || memcmp(s, rel, len) != 0)
			continue;
		if (!stamp_eq(r, &now))
			return NULL;
		return (const struct cache_rec *)r;
	}
	return NULL;
}

unsigned
cache_rec_flags(const struct cache_rec *r)
{
	return ((const struct crec *)r)->flags;
}

uint64_t
cache_rec_fp(const struct cache_rec *r)
{
	return ((const struct crec *)r)->fp;
}

size_t
cache_rec_len(const struct cache_rec *r)
{
	return (size_t)((const struct crec *)r)->len;
}

/* Is s[0,len) as text_sanitize() leaves it?  What a cache holds reaches
 * the terminal: a damaged or forged one must not bring escapes there. */
static int
safe(const char *s, size_t len)
{
	struct buf b = { 0 };
	int ok;

	text_sanitize(&b, (const unsigned char *)s, len);
	ok = b.len == len && (!len || memcmp(b.data, s, len) == 0);
	buf_free(&b);
	return ok;
}

uint64_t
cache_rec_letters(const struct cache_rec *r)
{
	return ((const struct crec *)r)->letters;
}

static char *
dup_string(const struct cache *c, const struct crec *r, int i, int *bad)
{
	const char *s;
	size_t len;
	int got = rec_string(c, r, i, &s, &len);

	if (got < 0 || (got == 1 && !safe(s, len)))
		*bad = 1;
	return got == 1 ? xstrndup(s, len) : NULL;
}

int
cache_rec_meta(struct cache *c, const struct cache_rec *rr, struct doc *d)
{
	const struct crec *r = (const struct crec *)rr;
	int bad = 0;

	if (!(r->flags & CACHE_META) || r->body > r->len ||
	    r->enc >= sizeof encodings / sizeof *encodings)
		return -1;
	d->title = dup_string(c, r, 1, &bad);
	d->date = dup_string(c, r, 3, &bad);
	d->source = dup_string(c, r, 4, &bad);
	d->author = dup_string(c, r, 5, &bad);
	/* a title is never empty (doc.h) */
	if (bad || !d->title || !*d->title) {
		free(d->title);
		free(d->date);
		free(d->source);
		free(d->author);
		d->title = d->date = d->source = d->author = NULL;
		return -1;
	}
	d->encoding = encodings[r->enc];
	d->fp = r->fp;
	d->len = (size_t)r->len;
	d->body = (size_t)r->body;
	d->stamp.ino = r->ino;
	d->stamp.size = r->size;
	d->stamp.mtime_ns = r->mtime_ns;
	d->stamp.ctime_ns = r->ctime_ns;
	return 0;
}

int
cache_rec_full_title(struct cache *c, const struct cache_rec *rr,
    struct buf *b)
{
	const struct crec *r = (const struct crec *)rr;
	const char *s;
	size_t len;

	if (!(r->flags & CACHE_META) || rec_string(c, r, 2, &s, &len) != 1 ||
	    !safe(s, len))
		return -1;
	buf_add(b, s, len);
	return 0;
}

/* The checksum of a search copy: of its text with the NUL, and of its
 * map (the padding between them does not count). */
static uint64_t
blob_hash(const unsigned char *fold, size_t len, const void *map,
    size_t mbytes)
{
	return util_hash64(fold, len + 1) ^
	    (util_hash64(map, mbytes) * 0x9E3779B97F4A7C15ULL + 1);
}

/* Does record r's search copy lie where it can? */
static int
blob_sane(const struct cache *c, const struct crec *r)
{
	uint64_t hl = sizeof(struct head);

	return (r->flags & CACHE_FOLD) && r->fold_off >= hl &&
	    r->fold_off % 8 == 0 && r->map_off % 8 == 0 &&
	    r->fold_len < c->map_len && r->map_off <= c->map_len &&
	    r->map_bytes <= c->map_len - r->map_off &&
	    r->fold_off <= r->map_off &&
	    r->map_off - r->fold_off >= r->fold_len + 1 &&
	    r->map_off - r->fold_off <= r->fold_len + 8 && r->wide <= 1 &&
	    r->nmap == r->map_bytes / (r->wide ? 2 * sizeof(size_t) :
	    2 * sizeof(uint32_t)) &&
	    r->map_bytes % (r->wide ? 2 * sizeof(size_t) : 8) == 0;
}

/* The search copy of r, whose blob is at base; checked unless it was
 * (record i's state in c->checked). */
static struct fold_text *
blob_view(struct cache *c, const struct crec *r, const unsigned char *base)
{
	unsigned char *ck = &c->checked[r - c->recs];
	int state = __atomic_load_n(ck, __ATOMIC_ACQUIRE) & 3;
	struct fold_parts p;

	if (state == 2)
		return NULL;
	p.fold = base;
	p.len = (size_t)r->fold_len;
	p.map = base + (r->map_off - r->fold_off);
	p.nmap = (size_t)r->nmap;
	p.wide = (int)r->wide;
	p.last_end = (size_t)r->last_end;
	if (state == 0) {
		if (blob_hash(base, p.len, p.map, (size_t)r->map_bytes) !=
		    r->blob_hash ||
		    fold_parts_check(&p, (size_t)r->len) < 0) {
			__atomic_or_fetch(ck, 2, __ATOMIC_ACQ_REL);
			return NULL;
		}
		/* the mapped copy is checked once; one read into a buffer
		 * is checked each time */
		if (base == c->map + r->fold_off)
			__atomic_or_fetch(ck, 1, __ATOMIC_ACQ_REL);
	}
	return fold_text_view(&p);
}

struct fold_text *
cache_rec_fold(struct cache *c, const struct cache_rec *rr)
{
	const struct crec *r = (const struct crec *)rr;

	if (!blob_sane(c, r)) {
		__atomic_or_fetch(&c->checked[r - c->recs], 2,
		    __ATOMIC_ACQ_REL);
		return NULL;
	}
	return blob_view(c, r, c->map + r->fold_off);
}

struct fold_text *
cache_rec_fold_read(struct cache *c, const struct cache_rec *rr,
    struct buf *room)
{
	const struct crec *r = (const struct crec *)rr;
	size_t n, done = 0;
	ssize_t got;

	if (!blob_sane(c, r) || c->fd_old < 0)
		return NULL;
	n = (size_t)(r->map_off + r->map_bytes - r->fold_off);
	/* a buffer of 8-byte words: the map in it is aligned */
	if (room->cap < n + 8) {
		free(room->data);
		room->cap = n + 8 + n / 2;
		room->data = xmalloc(room->cap);
	}
	while (done < n) {
		got = pread(c->fd_old, room->data + done, n - done,
		    (off_t)(r->fold_off + done));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return NULL;
		done += (size_t)got;
	}
	room->len = n;
	return blob_view(c, r, (const unsigned char *)room->data);
}

/* ---- what this run learnt ---------------------------------------------- */

/* Can a file with this stamp be trusted next time? */
static int
settled(const struct cache *c, const struct doc_stamp *st)
{
	return (st->ino || st->size) && st->ctime_ns < c->t0_ns - c->racy_ns &&
	    st->mtime_ns < c->t0_ns - c->racy_ns;
}

/* The slot of article k, about a file with stamp st: what it held of
 * another stamp (an older read) goes. */
static struct slot *
slot_for(struct cache *c, size_t k, const struct doc_stamp *st)
{
	struct slot *s = c->slots[k];

	if (!s)
		s = c->slots[k] = xcalloc(1, sizeof *s);
	if (s->have && memcmp(&s->st, st, sizeof *st) != 0) {
		s->have = 0;
		s->str.len = 0;
	}
	if (c->kept[k] && !stamp_eq(c->kept[k], st))
		c->kept[k] = NULL;
	s->st = *st;
	return s;
}

void
cache_keep(struct cache *c, size_t k, const struct cache_rec *r)
{
	const struct crec *cr = (const struct crec *)r;
	struct slot *s = c->slots[k];

	if (s && s->have && (s->st.ino != cr->ino || s->st.size != cr->size ||
	    s->st.mtime_ns != cr->mtime_ns || s->st.ctime_ns != cr->ctime_ns))
		s->have = 0;
	c->kept[k] = cr;
}

static void
put_str(struct buf *b, const char *s)
{
	if (s) {
		buf_addc(b, 'P');
		buf_adds(b, s);
	} else {
		buf_addc(b, '-');
	}
	buf_addc(b, '\0');
}

void
cache_put_meta(struct cache *c, size_t k, const struct doc *d,
    const char *full)
{
	struct slot *s;

	if (!settled(c, &d->stamp))
		return;
	s = slot_for(c, k, &d->stamp);
	s->str.len = 0;
	put_str(&s->str, rel_path(c, k));
	put_str(&s->str, d->title);
	put_str(&s->str, full);
	put_str(&s->str, d->date);
	put_str(&s->str, d->source);
	put_str(&s->str, d->author);
	s->fp = d->fp;
	s->len = d->len;
	s->body = d->body;
	s->enc = enc_id(d->encoding);
	s->have |= CACHE_META;
	__atomic_add_fetch(&c->learnt, 1, __ATOMIC_RELAXED);
}

void
cache_put_letters(struct cache *c, size_t k, const struct doc_stamp *st,
    uint64_t letters)
{
	struct slot *s;

	if (!settled(c, st))
		return;
	s = slot_for(c, k, st);
	/* what each run rules out adds up */
	s->letters = s->have & CACHE_LETTERS ? s->letters & letters : letters;
	s->have |= CACHE_LETTERS;
	__atomic_add_fetch(&c->learnt, 1, __ATOMIC_RELAXED);
}

/* Open the new file (a temporary name beside the old), if not yet. */
static int
new_file(struct cache *c)
{
	if (c->fd >= 0 || c->failed)
		return c->failed ? -1 : 0;
	c->fd = cache_tmpfile(c->file);
	if (c->fd < 0)
		c->failed = 1;
	c->end = c->chunk_at = sizeof(struct head);
	return c->failed ? -1 : 0;
}

/* Write out the blobs gathered.  With mu. */
static void
flush_chunk(struct cache *c)
{
	size_t done = 0;
	ssize_t w;

	while (!c->failed && done < c->chunk.len) {
		w = pwrite(c->fd, c->chunk.data + done, c->chunk.len - done,
		    (off_t)(c->chunk_at + done));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			c->failed = 1;
		else
			done += (size_t)w;
	}
	c->chunk.len = 0;
	c->chunk_at = c->end;
}

/* Put n bytes at the next place of the new file (8-aligned), gathered
 * and written a few megabytes at a time; that place, or 0.  With mu. */
static uint64_t
append(struct cache *c, const void *p, size_t n)
{
	static const char zero[8];
	uint64_t at;

	if (new_file(c) < 0)
		return 0;
	at = c->end;
	buf_add(&c->chunk, p, n);
	buf_add(&c->chunk, zero, ((n + 7) & ~(size_t)7) - n);
	c->end += (n + 7) & ~(size_t)7;
	if (c->chunk.len >= CHUNK)
		flush_chunk(c);
	return c->failed ? 0 : at;
}

/* Write a search copy (its text, NUL, padding, its map) as one blob. */
static void
put_parts(struct cache *c, struct slot *s, const struct fold_parts *p)
{
	size_t mbytes = fold_map_bytes(p);
	uint64_t at, h = blob_hash(p->fold, p->len, p->map, mbytes), m;

	pthread_mutex_lock(&c->mu);
	at = append(c, p->fold, p->len + 1);
	m = append(c, p->map, mbytes);
	pthread_mutex_unlock(&c->mu);
	if (at && (m || !mbytes)) {
		s->fold_off = at;
		s->fold_len = p->len;
		s->map_off = mbytes ? m : at + (((p->len + 1) + 7) & ~7ULL);
		s->map_bytes = mbytes;
		s->nmap = p->nmap;
		s->last_end = p->last_end;
		s->wide = (uint32_t)p->wide;
		s->blob_hash = h;
		s->have |= CACHE_FOLD;
	}
}

void
cache_put_fold(struct cache *c, size_t k, const struct doc *d)
{
	struct slot *s;
	struct fold_parts p;

	if (!d->fold || !settled(c, &d->stamp))
		return;
	s = slot_for(c, k, &d->stamp);
	fold_text_parts(d->fold, &p);
	put_parts(c, s, &p);
	__atomic_add_fetch(&c->learnt, 1, __ATOMIC_RELAXED);
}

/* The records kept with nothing new learnt of them: the articles the
 * cache answered for. */
static size_t
kept_as_is(const struct cache *c)
{
	size_t k, n = 0;

	for (k = 0; k < c->n; k++)
		n += c->kept[k] && !(c->slots[k] && c->slots[k]->have);
	return n;
}

int
cache_done(const struct cache *c, size_t k)
{
	unsigned f = c->slots[k] ? c->slots[k]->have : 0;

	if (c->kept[k])
		f |= c->kept[k]->flags;
	return (f & (CACHE_META | CACHE_FOLD)) == (CACHE_META | CACHE_FOLD);
}

void
cache_vain(struct cache *c, size_t k, const struct doc_stamp *st)
{
	if (!st || !settled(c, st))
		c->vain[k] = 1;
}

size_t
cache_missing(const struct cache *c)
{
	size_t k, n = 0;

	for (k = 0; k < c->n; k++)
		n += !cache_done(c, k) && !c->vain[k];
	return n;
}

int
cache_pending(const struct cache *c)
{
	return cache_missing(c) ||
	    __atomic_load_n(&c->learnt, __ATOMIC_RELAXED) ||
	    kept_as_is(c) != c->nrec;
}

int
cache_has_copies(const struct cache *c)
{
	return c->map && c->recs &&
	    ((const struct head *)c->map)->rec_off > sizeof(struct head);
}

int
cache_claim(struct cache *c)
{
	char *f;

	if (c->writer)
		return 0;
	/* HASH.lock beside HASH.cache; it stays (removing it would let
	 * a second writer lock a new one) */
	f = cache_file(c->canon, "lock");
	c->lock_fd = f ? open(f, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600) : -1;
	free(f);
	if (c->lock_fd >= 0 && flock(c->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		int busy = errno == EWOULDBLOCK;

		close(c->lock_fd);
		c->lock_fd = -1;
		if (busy)
			return -1;
	}
	/* (a lock that cannot be had for another reason only means two
	 * writers may run at once: each writes a whole file, and renames
	 * it in place) */
	if (new_file(c) < 0) {
		/* the cache cannot be written: no writer */
		if (c->lock_fd >= 0)
			close(c->lock_fd);
		c->lock_fd = -1;
		return -1;
	}
	c->writer = 1;
	return 0;
}

int
cache_claimed(const struct cache *c)
{
	return c->writer;
}

int
cache_owns_fd(const struct cache *c, int fd)
{
	return fd >= 0 && (fd == c->lock_fd || fd == c->fd || fd == c->fd_old);
}

void
cache_behind(struct cache *c, long pid)
{
	c->behind = pid;
}

void
cache_put_doc(struct cache *c, size_t k, const struct doc *d)
{
	struct buf full = { 0 };

	doc_full_title(d, &full);
	cache_put_meta(c, k, d, full.data);
	cache_put_fold(c, k, d);
	buf_free(&full);
}

/* ---- writing ----------------------------------------------------------- */

/* The record for slot k, from what is kept and what is new; 0 when
 * there is none. */
static int
make_rec(struct cache *c, size_t k, struct crec *r, struct buf *strs)
{
	static const struct slot none;
	const struct slot *s = c->slots[k] ? c->slots[k] : &none;
	const struct crec *o = c->kept[k];
	const char *str;

	if (!s->have && !o)
		return 0;
	memset(r, 0, sizeof *r);
	if (s->have) {
		r->ino = s->st.ino;
		r->size = s->st.size;
		r->mtime_ns = s->st.mtime_ns;
		r->ctime_ns = s->st.ctime_ns;
	} else {
		r->ino = o->ino;
		r->size = o->size;
		r->mtime_ns = o->mtime_ns;
		r->ctime_ns = o->ctime_ns;
	}
	str = rel_path(c, k);
	r->path_hash = util_hash64(str, strlen(str));
	r->str_off = strs->len;
	if (s->have & CACHE_META) {
		buf_add(strs, s->str.data, s->str.len);
		r->fp = s->fp;
		r->len = s->len;
		r->body = s->body;
		r->enc = s->enc;
		r->flags |= CACHE_META;
	} else if (o && (o->flags & CACHE_META)) {
		str = (const char *)c->map +
		    ((const struct head *)c->map)->str_off + o->str_off;
		buf_add(strs, str, (size_t)o->str_len);
		r->fp = o->fp;
		r->len = o->len;
		r->body = o->body;
		r->enc = o->enc;
		r->flags |= CACHE_META;
	} else {
		put_str(strs, rel_path(c, k));
	}
	r->str_len = strs->len - r->str_off;
	if (s->have & CACHE_LETTERS) {
		r->letters = s->letters;
		if (o && (o->flags & CACHE_LETTERS))
			r->letters &= o->letters;
		r->flags |= CACHE_LETTERS;
	} else if (o && (o->flags & CACHE_LETTERS)) {
		r->letters = o->letters;
		r->flags |= CACHE_LETTERS;
	}
	if (s->have & CACHE_FOLD) {
		r->fold_off = s->fold_off;
		r->fold_len = s->fold_len;
		r->map_off = s->map_off;
		r->map_bytes = s->map_bytes;
		r->nmap = s->nmap;
		r->last_end = s->last_end;
		r->wide = s->wide;
		r->blob_hash = s->blob_hash;
		r->flags |= CACHE_FOLD;
	} else if (o && (o->flags & CACHE_FOLD) && stopped(c)) {
		c->gave_up = 1;
	} else if (o && (o->flags & CACHE_FOLD) && c->checked &&
	    (c->checked[o - c->recs] & 3) != 2 &&
	    (!(r->flags & CACHE_META) || r->len == o->len)) {
		/* copy the old blob over as it is */
		uint64_t n = o->map_off + o->map_bytes - o->fold_off, at;

		pthread_mutex_lock(&c->mu);
		at = o->fold_off < c->map_len && n <= c->map_len - o->fold_off ?
		    append(c, c->map + o->fold_off, (size_t)n) : 0;
		pthread_mutex_unlock(&c->mu);
		if (at) {
			r->fold_off = at;
			r->fold_len = o->fold_len;
			r->map_off = at + (o->map_off - o->fold_off);
			r->map_bytes = o->map_bytes;
			r->nmap = o->nmap;
			r->last_end = o->last_end;
			r->wide = o->wide;
			r->blob_hash = o->blob_hash;
			r->flags |= CACHE_FOLD;
		}
	}
	if (!(r->flags & (CACHE_META | CACHE_FOLD | CACHE_LETTERS))) {
		strs->len = r->str_off;
		return 0;
	}
	return 1;
}

int
cache_commit(struct cache *c, const int *stop)
{
	struct crec *recs = NULL;
	struct buf strs = { 0 };
	struct head *h;
	size_t k, n = 0;
	int ok = 0;

	if (!c)
		return 0;
	/* nothing learnt, and every old record still holds: leave it */
	if (!__atomic_load_n(&c->learnt, __ATOMIC_RELAXED) &&
	    kept_as_is(c) == c->nrec)
		return 0;
	if (c->failed)
		return -1;
	recs = xcalloc(c->n, sizeof *recs);
	c->stop = stop;
	for (k = 0; k < c->n; k++)
		n += make_rec(c, k, &recs[n], &strs);
	if (c->gave_up)
		goto out;
	pthread_mutex_lock(&c->mu);
	if (new_file(c) == 0)
		flush_chunk(c);
	if (c->fd < 0 || c->failed) {
		pthread_mutex_unlock(&c->mu);
		goto out;
	}
	h = xcalloc(1, sizeof *h);
	memcpy(h->magic, CACHE_MAGIC, 8);
	h->version = CACHE_VERSION;
	h->endian = 0x01020304;
	h->size_t_bytes = sizeof(size_t);
	h->head_bytes = sizeof *h;
	h->rec_bytes = sizeof(struct crec);
	h->root_len = (uint32_t)strlen(c->canon);
	memcpy(h->root, c->canon, h->root_len);
	h->nrec = n;
	h->rec_off = c->end;
	h->str_off = h->rec_off + n * sizeof *recs;
	h->str_len = strs.len;
	h->table_off = (h->str_off + h->str_len + 7) & ~7ULL;
	for (h->table_n = 2; h->table_n < 2 * n; h->table_n *= 2)
		;
	h->file_len = h->table_off + h->table_n * sizeof(uint32_t);
	h->head_hash = util_hash64(h, offsetof(struct head, head_hash));
	c->end = h->file_len;
	pthread_mutex_unlock(&c->mu);
	{
		/* records, strings and table follow each other in the file */
		struct buf idx = { 0 };
		uint32_t *table = xcalloc(h->table_n, sizeof *table);
		size_t j;

		for (k = 0; k < n; k++) {
			recs[k].rec_hash = rec_hash(&recs[k],
			    strs.data + recs[k].str_off);
			for (j = recs[k].path_hash & (h->table_n - 1); table[j];
			    j = (j + 1) & (h->table_n - 1))
				;
			table[j] = (uint32_t)k + 1;
		}
		buf_add(&idx, recs, n * sizeof *recs);
		buf_add(&idx, strs.data, strs.len);
		while (idx.len < h->table_off - h->rec_off)
			buf_addc(&idx, '\0');
		buf_add(&idx, table, h->table_n * sizeof *table);
		free(table);
		ok = pwrite(c->fd, idx.data, idx.len, (off_t)h->rec_off) ==
		    (ssize_t)idx.len &&
		    pwrite(c->fd, h, sizeof *h, 0) == (ssize_t)sizeof *h;
		buf_free(&idx);
	}
	free(h);
	if (!ok)
		goto out;
	/* name it, then put it in place of the old one at once */
	ok = cache_publish(c->fd, c->file) == 0;
out:
	free(recs);
	buf_free(&strs);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->failed = 1;  /* once */
	c->written = ok;
	return ok ? 1 : -1;
}

void
cache_trace(const struct cache *c)
{
	const char *t = getenv("DOSSIER_CACHE_TRACE");
	struct buf b = { 0 };
	size_t hits;

	if (!c || !t || strcmp(t, "1") != 0)
		return;
	hits = kept_as_is(c);
	buf_adds(&b, "dossier: cache ");
	buf_escape(&b, c->root);
	buf_printf(&b, ": %zu of %zu articles from the cache; ", hits, c->n);
	if (c->written)
		buf_adds(&b, "written\n");
	else if (c->behind)
		buf_printf(&b, "left to a background writer, pid %ld\n",
		    c->behind);
	else
		buf_adds(&b, "not written\n");
	fputs(b.data, stderr);
	buf_free(&b);
}
