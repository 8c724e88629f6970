/* dossier.c - reading the articles of a dossier, in this thread or in
 * background threads, once dossier_walk.c has found them. */
#include "config.h"

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

	util_run_threads(ds->n < (size_t)threads ? (int)ds->n : threads,
	    load_worker, &l);
	dossier_drop_failed(ds, errors);
	return ds->n;
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
	dossier_free_found(ds);
	memset(ds, 0, sizeof *ds);
}
