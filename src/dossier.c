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

#include "cache.h"
#include "dossier.h"
#include "fold.h"
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

	return st == DOC_LOADED || st == DOC_FAILED || st == DOC_CACHED;
}

int
dossier_known(const struct dossier *ds, size_t i)
{
	int st = load_state(&ds->docs[i].state);

	return st == DOC_LOADED || st == DOC_CACHED;
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

/* The largest article dossier_prefill() takes from the cache. */
#define PREFILL_MAX ((size_t)1 << 20)

/* Article i from the cache, if the cache knows it and it is at most
 * max_len bytes: its title and search copy without reading it
 * (DOC_CACHED).  1 done, 0 not (it is as it was). */
static int
attach(struct dossier *ds, size_t i, size_t max_len)
{
	struct doc *d = &ds->docs[i];
	const struct cache_rec *r;
	struct fold_text *t;

	if (!d->cache || load_state(&d->istate) != 0 ||
	    !claim(&d->state, DOC_UNLOADED, DOC_LOADING))
		return 0;
	r = cache_lookup(d->cache, d->cslot);
	if (!r || (cache_rec_flags(r) & (CACHE_META | CACHE_FOLD)) !=
	    (CACHE_META | CACHE_FOLD) || cache_rec_len(r) > max_len ||
	    !(t = cache_rec_fold(d->cache, r))) {
		store_state(&d->state, DOC_UNLOADED);
		return 0;
	}
	if (cache_rec_meta(d->cache, r, d) < 0) {
		fold_text_free(t);
		store_state(&d->state, DOC_UNLOADED);
		return 0;
	}
	cache_keep(d->cache, d->cslot, r);
	d->fold = t;
	d->from_cache = 1;
	store_state(&d->istate, 2);
	store_state(&d->state, DOC_CACHED);
	return 1;
}

/* Put the text read of a DOC_CACHED article (tmp) in place.  When the
 * file changed since the cache vouched for it, its title and search copy
 * are made anew from what was read (search_list() then counts its
 * matches again); what they replace is kept until the end (another
 * thread may be looking at it).  Only one thread reads cached articles
 * (need() with prefetch leaves them to it). */
static void
fill_cached(struct dossier *ds, struct doc *d, struct doc *tmp)
{
	if (tmp->fp != d->fp || tmp->len != d->len) {
		struct dossier_retired *old;

		doc_index(tmp);
		GROW(ds->retired, ds->capretired, ds->nretired + 1);
		old = &ds->retired[ds->nretired++];
		old->title = d->title;
		old->date = d->date;
		old->source = d->source;
		old->author = d->author;
		old->fold = d->fold;
		d->title = tmp->title;
		d->date = tmp->date;
		d->source = tmp->source;
		d->author = tmp->author;
		d->encoding = tmp->encoding;
		d->fp = tmp->fp;
		d->stamp = tmp->stamp;
		__atomic_store_n(&d->fold, tmp->fold, __ATOMIC_RELEASE);
		tmp->fold = NULL;
		__atomic_store_n(&d->from_cache, 0, __ATOMIC_RELEASE);
	} else {
		free(tmp->title);
		free(tmp->date);
		free(tmp->source);
		free(tmp->author);
	}
	d->src = tmp->src;
	d->len = tmp->len;
	d->body = tmp->body;
	d->paras = tmp->paras;
	d->npara = tmp->npara;
}

/* Read article i (prefetch: not one the cache has answered for, whose
 * search copy only the reader's own thread may replace). */
static int
need(struct dossier *ds, size_t i, int prefetch)
{
	struct doc *d = &ds->docs[i], tmp;
	char why[256];
	int st, from;

	for (;;) {
		st = load_state(&d->state);
		if (st == DOC_LOADED)
			return 0;
		if (st == DOC_FAILED)
			return -1;
		if (st == DOC_CACHED && prefetch)
			return 0;
		if ((st == DOC_UNLOADED || st == DOC_CACHED) &&
		    claim(&d->state, st, DOC_LOADING))
			break;
		if (st == DOC_LOADING)
			pause_briefly();
	}
	from = st;
	if (doc_load(&tmp, d->path, why, sizeof why) < 0) {
		d->error = xstrdup(why);
		store_state(&d->state, DOC_FAILED);
		return -1;
	}
	/* the slot keeps its path and name: other threads read them */
	free(tmp.path);
	free(tmp.name);
	if (from == DOC_CACHED) {
		fill_cached(ds, d, &tmp);
	} else {
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
		d->stamp = tmp.stamp;
	}
	store_state(&d->state, DOC_LOADED);
	return 0;
}

int
dossier_need(struct dossier *ds, size_t i)
{
	return need(ds, i, 0);
}

void
dossier_prefill(struct dossier *ds, size_t from, size_t n)
{
	size_t i;

	/* not a big one: checking its search copy would hold up the first
	 * frame (the loaders take it) */
	for (i = from; i < ds->n && i - from < n; i++)
		attach(ds, i, PREFILL_MAX);
}

/* Tell d's cache what was learnt of d, read and folded here. */
static void
learn(struct doc *d)
{
	if (d->cache && !d->from_cache)
		cache_put_doc(d->cache, d->cslot, d);
}

int
dossier_need_index(struct dossier *ds, size_t i)
{
	struct doc *d = &ds->docs[i];

	if (load_state(&d->istate) == 2)
		return load_state(&d->state) == DOC_FAILED ? -1 : 0;
	if (attach(ds, i, SIZE_MAX))
		return 0;
	if (dossier_need(ds, i) < 0)
		return -1;
	if (load_state(&d->istate) == 2)
		return 0;
	if (claim(&d->istate, 0, 1)) {
		doc_index(d);
		learn(d);
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
			if (!attach(ds, want - 1, SIZE_MAX))
				need(ds, want - 1, 1);
		}
		slow_down(ds, i);
		dossier_need_index(ds, i);
		if (__atomic_add_fetch(&ds->done, 1, __ATOMIC_ACQ_REL) ==
		    ds->n) {
			struct timespec ts;

			clock_gettime(CLOCK_MONOTONIC, &ts);
			__atomic_store_n(&ds->done_us, (long long)ts.tv_sec *
			    1000000 + ts.tv_nsec / 1000, __ATOMIC_RELEASE);
			/* every article is known: keep it for next time
			 * (copying what the old cache had gives way to a
			 * quit) */
			dossier_commit_caches(ds, &ds->stop);
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
dossier_use_cache(struct dossier *ds, const char *root, size_t first,
    size_t n)
{
	struct cache *c;
	size_t k;

	if (first > ds->n || n > ds->n - first ||
	    !(c = cache_open(root, ds->docs + first, n)))
		return;
	GROW(ds->caches, ds->capcache, ds->ncaches + 1);
	ds->caches[ds->ncaches++] = c;
	for (k = 0; k < n; k++) {
		ds->docs[first + k].cache = c;
		ds->docs[first + k].cslot = k;
	}
}

void
dossier_commit_caches(struct dossier *ds, const int *stop)
{
	size_t k;

	for (k = 0; k < ds->ncaches; k++)
		cache_commit(ds->caches[k], stop);
}

void
dossier_trace_caches(const struct dossier *ds)
{
	size_t k;

	for (k = 0; k < ds->ncaches; k++)
		cache_trace(ds->caches[k]);
}

void
dossier_free(struct dossier *ds)
{
	size_t i;

	dossier_stop(ds);
	for (i = 0; i < ds->n; i++)
		doc_free(&ds->docs[i]);
	for (i = 0; i < ds->nretired; i++) {
		free(ds->retired[i].title);
		free(ds->retired[i].date);
		free(ds->retired[i].source);
		free(ds->retired[i].author);
		fold_text_free(ds->retired[i].fold);
	}
	free(ds->retired);
	/* the search copies from the caches are gone: the maps can go */
	for (i = 0; i < ds->ncaches; i++)
		cache_free(ds->caches[i]);
	free(ds->caches);
	free(ds->docs);
	free(ds->paths);
	dossier_free_found(ds);
	memset(ds, 0, sizeof *ds);
}
