/* results.c - the results list's state and keys (results.h).  Drawing is
 * results_view.c's.
 */
#include "config.h"

#include <stdlib.h>

#include "find.h"
#include "keymap.h"
#include "results.h"

int
results_rows(const struct app *a)
{
	/* a title row above, the status line below */
	return a->rows > 3 ? a->rows - 2 : 1;
}

void
results_at(const struct app *a, size_t k, size_t *doc, size_t *idx)
{
	const size_t *cum = a->results.cum;
	size_t lo = 0, hi = a->ds->n;

	/* the last article whose matches start at or before k: empty ones
	 * share their successor's start, so this lands on one with k */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cum[mid + 1] <= k)
			lo = mid + 1;
		else
			hi = mid;
	}
	*doc = lo;
	*idx = k - cum[lo];
}

/* The running sum of the articles' counts, for results_at(). */
static void
count_up(struct app *a)
{
	size_t i, n = a->ds->n;

	a->results.cum = xreallocarray(a->results.cum, n + 1,
	    sizeof *a->results.cum);
	a->results.cum[0] = 0;
	for (i = 0; i < n; i++)
		a->results.cum[i + 1] = a->results.cum[i] +
		    a->search.hits[i].n;
	a->results.total = a->results.cum[n];
}

void
results_open(struct app *a)
{
	size_t doc, idx;
	int wrapped;

	if (!a->search.q) {
		a->results.want = 1;
		find_open(a, 0);
		return;
	}
	a->results.want = 0;
	if (!search_complete(&a->search))
		search_finish(&a->search, a->ds);
	count_up(a);
	if (!a->results.total) {
		app_msg(a, "no matches to list");
		return;
	}
	a->results.sel = 0;
	if (a->have_match && a->m_doc < a->ds->n) {
		a->results.sel = search_ordinal(&a->search, a->m_doc,
		    a->m_idx) - 1;
	} else {
		search_list(&a->search, a->ds, a->cur);
		app_layout(a);
		if (search_find(&a->search, a->cur, app_top_byte(a), 0, &doc,
		    &idx, &wrapped))
			a->results.sel = search_ordinal(&a->search, doc,
			    idx) - 1;
	}
	if (a->results.sel >= a->results.total)
		a->results.sel = 0;
	/* the selection a third of the way down */
	a->results.top = a->results.sel > (size_t)results_rows(a) / 3 ?
	    a->results.sel - (size_t)results_rows(a) / 3 : 0;
	a->mode = MODE_RESULTS;
}

void
results_after_search(struct app *a)
{
	if (a->results.want)
		results_open(a);
}

/* Enter: the article at that match, which becomes the current one; a
 * jump, which C-o goes back from. */
static void
results_go(struct app *a)
{
	size_t doc, idx;

	results_at(a, a->results.sel, &doc, &idx);
	a->mode = MODE_NORMAL;
	app_remember(a);
	find_show(a, doc, idx);
	a->focus = FOCUS_TEXT;
}

static void
results_move(struct app *a, long long by)
{
	size_t last = a->results.total ? a->results.total - 1 : 0;

	if (by < 0 && (size_t)-by > a->results.sel)
		a->results.sel = 0;
	else if (by > 0 && (size_t)by > last - a->results.sel)
		a->results.sel = last;
	else
		a->results.sel += (size_t)by;
}

void
results_key(struct app *a, int key)
{
	enum action act = keymap_lookup(key);
	long long page = results_rows(a) > 1 ? results_rows(a) - 1 : 1;

	if (key == 27 || key == 'q' || act == ACT_RESULTS) {
		a->mode = MODE_NORMAL;  /* nothing moved meanwhile */
	} else if (key == '\r' || key == '\n' || key == KEYMAP_ENTER) {
		results_go(a);
	} else if (act == ACT_SEARCH || act == ACT_SEARCH_BACK) {
		/* a new search, listed once it is entered */
		a->mode = MODE_NORMAL;
		find_open(a, act == ACT_SEARCH_BACK);
		a->results.want = 1;
	} else if (act == ACT_DOWN) {
		results_move(a, 1);
	} else if (act == ACT_UP) {
		results_move(a, -1);
	} else if (act == ACT_PAGE_DOWN) {
		results_move(a, page);
	} else if (act == ACT_PAGE_UP) {
		results_move(a, -page);
	} else if (act == ACT_TOP) {
		a->results.sel = 0;
	} else if (act == ACT_BOTTOM) {
		results_move(a, (long long)a->results.total);
	}
}

void
results_settle(struct app *a)
{
	size_t h = (size_t)results_rows(a), k, doc, idx, last = a->ds->n;

	if (!a->results.total)
		return;
	if (a->results.sel < a->results.top)
		a->results.top = a->results.sel;
	else if (a->results.sel >= a->results.top + h)
		a->results.top = a->results.sel - h + 1;
	/* list the matches of the articles on screen, only those */
	for (k = a->results.top; k < a->results.top + h &&
	    k < a->results.total; k++) {
		results_at(a, k, &doc, &idx);
		if (doc != last)
			search_list(&a->search, a->ds, doc);
		last = doc;
	}
}

void
results_free(struct app *a)
{
	free(a->results.cum);
	a->results.cum = NULL;
}
