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

	return r->kind == kind ? marks_article(&a->mx, r->path) : -1;
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
		d = marks_article(&a->mx, r->path);
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
		app_msg(a, "bookmarks not saved: %s", err);
	}
	reading_refresh(a);
}

/* Retry the changes a save could not write (a lock held, a full disk);
 * the status line's mark goes once they are written. */
void
reading_retry(struct app *a)
{
	char err[512];

	a->retry_ms = app_now_ms();
	if (bm_store_retry(&a->store, err, sizeof err) == 0) {
		app_msg(a, "bookmarks saved");
		reading_refresh(a);
	}
}

/* Save where the current article is being read, and that it is the one
 * last read. */
void
reading_save(struct app *a)
{
	int64_t now = (int64_t)time(NULL);
	struct bm_op op;

	/* an article still being read (or unreadable) is only the one last
	 * opened: where it is read stays as it was */
	if (dossier_ready(a->ds, a->cur)) {
		marks_state(&op, &a->mx, a->cur, app_doc(a),
		    a->anchor[a->cur], a->done[a->cur], now);
		reading_apply(a, &op);
		marks_op_free(&op);
	}
	marks_state(&op, &a->mx, a->cur, NULL, 0, 0, now);
	reading_apply(a, &op);
	marks_op_free(&op);
	a->state_dirty = 0;
}

/* Bring the records up to date with the articles (marks_sync): version
 * 1 records upgraded, bookmarks of edited articles re-anchored, records
 * of moved articles given their new path.  Without wait only the articles
 * read by now (the rest are counted in a->reanchor_left, for a later
 * call), so that a big bookmarked article is not read before the first
 * frame. */
void
reading_reanchor(struct app *a, int wait)
{
	struct bm_op *ops = NULL;
	size_t n = marks_sync(&a->mx, a->ds, &a->store.set, wait, &ops), i;

	a->reanchor_left = a->mx.left;
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
	a->marked = xcalloc(a->ds->n, 1);
	marks_index_build(&a->mx, a->ds);
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
	last = bm_set_last(&a->store.set, a->mx.root);
	if (last) {
		long d = marks_article(&a->mx, last->path);

		if (d >= 0)
			a->cur = a->sel = (size_t)d;
	}
	reading_reanchor(a, 0);  /* the rest once read */
	reading_refresh(a);
}

