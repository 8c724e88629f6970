/* dossier.c - loading the articles of a dossier. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dossier.h"
#include "text.h"

void
dossier_error(struct buf *errors, const char *path, const char *why)
{
	buf_adds(errors, "dossier: ");
	/* a file name may hold escapes or invalid UTF-8 */
	text_sanitize(errors, (const unsigned char *)path, strlen(path));
	buf_printf(errors, ": %s\n", why);
}

/* A slot for the article at path, read later. */
static void
add_slot(struct dossier *ds, const char *path)
{
	struct doc *d;
	const char *slash = strrchr(path, '/');

	GROW(ds->docs, ds->cap, ds->n + 1);
	d = &ds->docs[ds->n++];
	memset(d, 0, sizeof *d);
	d->path = xstrdup(path);
	d->name = xstrdup(slash ? slash + 1 : path);
	d->state = DOC_UNLOADED;
}

static int
skipped_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] == '.' || (n && name[n - 1] == '~');
}

static int
cmp_names(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;

	return strcmp(*x, *y);
}

static size_t
load_dir(struct dossier *ds, const char *path, DIR *dir, struct buf *errors)
{
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i, added = 0, plen = strlen(path);
	struct stat st;

	while ((e = readdir(dir))) {
		if (skipped_name(e->d_name))
			continue;
		/* the directory says what most entries are; stat() only
		 * what it does not know (links, unknown types) */
		if (e->d_type != DT_REG && e->d_type != DT_LNK &&
		    e->d_type != DT_UNKNOWN)
			continue;
		GROW(names, cap, n + 1);
		names[n] = xasprintf("%s%s%s", path,
		    plen && path[plen - 1] == '/' ? "" : "/", e->d_name);
		if (e->d_type != DT_REG) {
			if (stat(names[n], &st) < 0) {
				dossier_error(errors, names[n], strerror(errno));
				free(names[n]);
				continue;
			}
			if (!S_ISREG(st.st_mode)) {
				/* directories, FIFOs and devices are not
				 * articles */
				free(names[n]);
				continue;
			}
		}
		n++;
	}
	closedir(dir);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_names);
	for (i = 0; i < n; i++) {
		add_slot(ds, names[i]);
		added++;
		free(names[i]);
	}
	free(names);
	return added;
}

size_t
dossier_add_path(struct dossier *ds, const char *path, struct buf *errors)
{
	struct stat st;
	DIR *dir;
	size_t added;

	if (stat(path, &st) < 0) {
		dossier_error(errors, path, strerror(errno));
		return 0;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (!S_ISREG(st.st_mode)) {
			dossier_error(errors, path, "not a regular file");
			return 0;
		}
		add_slot(ds, path);
		return 1;
	}
	dir = opendir(path);
	if (!dir) {
		dossier_error(errors, path, strerror(errno));
		return 0;
	}
	added = load_dir(ds, path, dir, errors);
	if (!added)
		dossier_error(errors, path, "no articles in this directory");
	return added;
}

static int
cmp_docs(const void *a, const void *b)
{
	const struct doc *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->path, y->path);
}

void
dossier_sort(struct dossier *ds)
{
	if (ds->n > 1)
		qsort(ds->docs, ds->n, sizeof *ds->docs, cmp_docs);
}

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *
dossier_default_dir(void)
{
	static char exe[PATH_MAX];
	const char *env = getenv("DOSSIER_DIR");
	size_t blen = strlen(DOSSIER_BUILDDIR);
	ssize_t n;

	if (env && *env)
		return env;
	/* A binary inside the build tree reads the source tree's dossier,
	 * so it works before "make install". */
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if (strncmp(exe, DOSSIER_BUILDDIR, blen) == 0 &&
		    exe[blen] == '/' && is_dir(DOSSIER_SRCDIR "/articles"))
			return DOSSIER_SRCDIR "/articles";
	}
	if (is_dir(DOSSIER_PKGDATADIR "/articles"))
		return DOSSIER_PKGDATADIR "/articles";
	return DOSSIER_SRCDIR "/articles";
}

/* --- reading, in this thread or others ------------------------------------- */

static int
load_state(const int *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void
store_state(int *p, int v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static int
claim(int *p, int from, int to)
{
	return __atomic_compare_exchange_n(p, &from, to, 0, __ATOMIC_ACQ_REL,
	    __ATOMIC_ACQUIRE);
}

static void
pause_briefly(void)
{
	struct timespec ts = { 0, 100000 };  /* 0.1 ms */

	nanosleep(&ts, NULL);
}

int
dossier_ready(const struct dossier *ds, size_t i)
{
	return load_state(&ds->docs[i].state) == DOC_LOADED;
}

int
dossier_settled(const struct dossier *ds, size_t i)
{
	int st = load_state(&ds->docs[i].state);

	return st == DOC_LOADED || st == DOC_FAILED;
}

int
dossier_indexed(const struct dossier *ds, size_t i)
{
	return load_state(&ds->docs[i].istate) == 2 ||
	    load_state(&ds->docs[i].state) == DOC_FAILED;
}

void
dossier_want(struct dossier *ds, size_t i)
{
	__atomic_store_n(&ds->want, i + 1, __ATOMIC_RELEASE);
}

int
dossier_need(struct dossier *ds, size_t i)
{
	struct doc *d = &ds->docs[i], tmp;
	char why[256];
	int st = load_state(&d->state);

	if (st == DOC_LOADED)
		return 0;
	if (st == DOC_UNLOADED && claim(&d->state, DOC_UNLOADED, DOC_LOADING)) {
		if (doc_load(&tmp, d->path, why, sizeof why) < 0) {
			d->error = xstrdup(why);
			store_state(&d->state, DOC_FAILED);
			return -1;
		}
		/* the slot keeps its path and name: other threads read them */
		free(tmp.path);
		free(tmp.name);
		d->src = tmp.src;
		d->len = tmp.len;
		d->fp = tmp.fp;
		d->body = tmp.body;
		d->title = tmp.title;
		d->date = tmp.date;
		d->source = tmp.source;
		d->author = tmp.author;
		d->encoding = tmp.encoding;
		d->paras = tmp.paras;
		d->npara = tmp.npara;
		store_state(&d->state, DOC_LOADED);
		return 0;
	}
	while ((st = load_state(&d->state)) == DOC_LOADING)
		pause_briefly();
	return st == DOC_LOADED ? 0 : -1;
}

int
dossier_need_index(struct dossier *ds, size_t i)
{
	struct doc *d = &ds->docs[i];

	if (dossier_need(ds, i) < 0)
		return -1;
	if (load_state(&d->istate) == 2)
		return 0;
	if (claim(&d->istate, 0, 1)) {
		doc_index(d);
		store_state(&d->istate, 2);
		return 0;
	}
	while (load_state(&d->istate) != 2)
		pause_briefly();
	return 0;
}

struct loader {
	struct dossier *ds;
	size_t next;    /* atomic: the next article to take */
	int index;
};

static void *
load_worker(void *arg)
{
	struct loader *l = arg;
	size_t i;

	while ((i = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED)) <
	    l->ds->n) {
		if (l->index)
			dossier_need_index(l->ds, i);
		else
			dossier_need(l->ds, i);
	}
	return NULL;
}

size_t
dossier_load_all(struct dossier *ds, int threads, int index,
    struct buf *errors)
{
	struct loader l = { ds, 0, index };
	size_t i, kept = 0;

	util_run_threads(ds->n < (size_t)threads ? (int)ds->n : threads,
	    load_worker, &l);
	for (i = 0; i < ds->n; i++) {
		if (ds->docs[i].state == DOC_FAILED) {
			dossier_error(errors, ds->docs[i].path,
			    ds->docs[i].error);
			doc_free(&ds->docs[i]);
			continue;
		}
		ds->docs[kept++] = ds->docs[i];
	}
	ds->n = kept;
	return kept;
}

/* The tests' slow disk: wait ds->load_delay_ms before reading article i
 * (when it is still to be read). */
static void
slow_down(struct dossier *ds, size_t i)
{
	struct timespec ts;

	if (ds->load_delay_ms <= 0 || dossier_settled(ds, i))
		return;
	ts.tv_sec = ds->load_delay_ms / 1000;
	ts.tv_nsec = (long)(ds->load_delay_ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

/* The background loaders: take the next article, read and index it. */
static void *
background(void *arg)
{
	struct dossier *ds = arg;
	size_t i;

	while (!__atomic_load_n(&ds->stop, __ATOMIC_RELAXED) &&
	    (i = __atomic_fetch_add(&ds->next, 1, __ATOMIC_RELAXED)) < ds->n) {
		/* the article the reader waits for first (read only: it is
		 * indexed in its turn) */
		size_t want = __atomic_exchange_n(&ds->want, 0,
		    __ATOMIC_ACQ_REL);

		if (want && want - 1 < ds->n) {
			slow_down(ds, want - 1);
			dossier_need(ds, want - 1);
		}
		slow_down(ds, i);
		dossier_need_index(ds, i);
		if (__atomic_add_fetch(&ds->done, 1, __ATOMIC_ACQ_REL) ==
		    ds->n) {
			struct timespec ts;

			clock_gettime(CLOCK_MONOTONIC, &ts);
			__atomic_store_n(&ds->done_us, (long long)ts.tv_sec *
			    1000000 + ts.tv_nsec / 1000, __ATOMIC_RELEASE);
		}
	}
	return NULL;
}

void
dossier_background(struct dossier *ds, int threads)
{
	int k;

	if (ds->running)
		return;
	ds->stop = 0;
	ds->done = 0;
	ds->next = 0;
	ds->done_us = 0;
	if (threads > DOSSIER_MAX_LOADERS)
		threads = DOSSIER_MAX_LOADERS;
	for (k = 0; k < threads; k++)
		if (pthread_create(&ds->threads[ds->running], NULL,
		    background, ds) == 0)
			ds->running++;
}

void
dossier_stop(struct dossier *ds)
{
	int k;

	if (!ds->running)
		return;
	__atomic_store_n(&ds->stop, 1, __ATOMIC_RELAXED);
	for (k = 0; k < ds->running; k++)
		pthread_join(ds->threads[k], NULL);
	ds->running = 0;
}

void
dossier_free(struct dossier *ds)
{
	size_t i;

	dossier_stop(ds);
	for (i = 0; i < ds->n; i++)
		doc_free(&ds->docs[i]);
	free(ds->docs);
	memset(ds, 0, sizeof *ds);
}
