/* reading.c - what the reader keeps in the dotfile: reading places, read
 * articles and bookmarks, saved as they change (see reading.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "marks.h"
#include "reading.h"

/* The reading position changed: save it once the reader pauses. */
void
reading_touched(struct app *a)
{
	a->state_dirty = 1;
	a->state_changed_ms = app_now_ms();
}

/* The article record i of the dotfile is about, if the record is of
 * kind and the article is here; else -1. */
static long
rec_article(const struct app *a, size_t i, enum bm_kind kind)
{
	const struct bm_rec *r = &a->store.set.v[i];

	return r->kind == kind ? marks_find(a->ds, r->relpath) : -1;
}

static uint64_t
doc_fp(struct app *a, size_t i)
{
	return dossier_need(a->ds, i) == 0 ? a->ds->docs[i].fp : 0;
}

/* Which articles have bookmarks, which are read: from the records. */
void
reading_refresh(struct app *a)
{
	size_t i;

	memset(a->marked, 0, a->ds->n);
	for (i = 0; i < a->store.set.n; i++) {
		const struct bm_rec *r = &a->store.set.v[i];
		long d;

		if (r->kind != BM_MARK && r->kind != BM_STATE)
			continue;
		d = marks_find(a->ds, r->relpath);
		if (d < 0)
			continue;
		if (r->kind == BM_MARK)
			a->marked[d] = 1;
		else if (r->done)
			a->done[d] = 1;
	}
}

/* Save one change at once; when that fails, say so and keep it (the
 * store retries it with the next save). */
void
reading_apply(struct app *a, const struct bm_op *op)
{
	char err[512];

	if (!a->have_store) {
		bm_set_apply(&a->store.set, op);
	} else if (bm_store_apply(&a->store, op, err, sizeof err) < 0) {
		app_msg(a, "bookmarks not saved, kept for this session: %s",
		    err);
	}
	reading_refresh(a);
}

/* Save where the current article is being read, and that it is the one
 * last read. */
void
reading_save(struct app *a)
{
	struct doc *d = app_doc(a);
	struct bm_op op;

	memset(&op, 0, sizeof op);
	op.rec.name = d->name;
	op.rec.relpath = d->name;
	op.rec.time = (int64_t)time(NULL);
	/* an article still being read (or unreadable) is only the one last
	 * opened: where it is read stays as it was */
	if (dossier_ready(a->ds, a->cur)) {
		op.kind = BM_OP_STATE;
		op.rec.fp = doc_fp(a, a->cur);
		op.rec.offset = a->anchor[a->cur];
		op.rec.done = a->done[a->cur];
		reading_apply(a, &op);
	}
	op.kind = BM_OP_LAST;
	reading_apply(a, &op);
	a->state_dirty = 0;
}

void
reading_copy_rec(struct bm_rec *dst, const struct bm_rec *src)
{
	*dst = *src;
	dst->id = src->id ? xstrdup(src->id) : NULL;
	dst->name = src->name ? xstrdup(src->name) : NULL;
	dst->relpath = src->relpath ? xstrdup(src->relpath) : NULL;
	dst->label = src->label ? xstrdup(src->label) : NULL;
	dst->snippet = src->snippet ? xstrdup(src->snippet) : NULL;
	dst->raw = NULL;
	dst->rawlen = 0;
}

/* Articles that changed since a bookmark was made: move the bookmark to
 * where its snippet is now, and remember the new fingerprint.  Each
 * article is checked once; without wait only those read by now (the
 * rest are counted in a->reanchor_left, for a later call), so that a big
 * bookmarked article is not read before the first frame. */
void
reading_reanchor(struct app *a, int wait)
{
	struct bm_op *ops = NULL;
	size_t n = 0, cap = 0, i;

	a->reanchor_left = 0;
	for (i = 0; i < a->store.set.n; i++) {
		const struct bm_rec *r = &a->store.set.v[i];
		long d = rec_article(a, i, BM_MARK);

		if (d < 0 || a->reanchored[d] == 1)
			continue;
		if (!a->reanchored[d]) {
			if (!wait && !dossier_settled(a->ds, (size_t)d)) {
				a->reanchor_left++;
				continue;
			}
			a->reanchored[d] = 2;  /* in this call */
		}
		if (dossier_need(a->ds, (size_t)d) < 0 ||
		    r->fp == doc_fp(a, (size_t)d))
			continue;
		GROW(ops, cap, n + 1);
		ops[n].kind = BM_OP_UPDATE;
		reading_copy_rec(&ops[n].rec, r);
		ops[n].rec.offset = marks_locate(r, &a->ds->docs[d]);
		ops[n].rec.fp = doc_fp(a, (size_t)d);
		n++;
	}
	for (i = 0; i < a->ds->n; i++)
		if (a->reanchored[i] == 2)
			a->reanchored[i] = 1;
	for (i = 0; i < n; i++) {
		reading_apply(a, &ops[i]);
		marks_op_free(&ops[i]);
	}
	free(ops);
}

/* Open the dotfile; resume every article where it was left and select
 * the one read last. */
void
reading_open(struct app *a)
{
	char err[512];
	char *path = a->opt->bookmarks ? xstrdup(a->opt->bookmarks) :
	    marks_default_path();
	const struct bm_rec *last;
	size_t i;

	a->done = xcalloc(a->ds->n, 1);
	a->reanchored = xcalloc(a->ds->n, 1);
	a->marked = xcalloc(a->ds->n, 1);
	if (!path) {
		app_msg(a, "no HOME: bookmarks are kept for this session only");
		return;
	}
	a->have_store = 1;
	if (bm_store_open(&a->store, path, err, sizeof err) < 0) {
		app_msg(a, "bookmarks: %s", err);
	} else if (a->store.set.nraw) {
		app_msg(a, "bookmarks: %zu line%s of %s not understood, kept "
		    "as they are", a->store.set.nraw,
		    a->store.set.nraw == 1 ? "" : "s", path);
	}
	free(path);
	for (i = 0; i < a->store.set.n; i++) {
		long d = rec_article(a, i, BM_STATE);

		if (d >= 0)  /* the place is found at layout */
			a->anchor[d] = (size_t)a->store.set.v[i].offset;
	}
	last = bm_set_last(&a->store.set);
	if (last) {
		long d = marks_find(a->ds, last->relpath);

		if (d >= 0)
			a->cur = a->sel = (size_t)d;
	}
	reading_reanchor(a, 0);  /* the rest once read */
	reading_refresh(a);
}

