/* find.c - searching from the reader: the / and ? prompt that searches
 * as it is typed (and Esc that goes back to where it started), the
 * count that goes on while the reader is idle, and n and N.  The search
 * itself is search.c's; this is where it meets the screen's state.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "find.h"
#include "keymap.h"
#include "reading.h"
#include "results.h"
#include "tty.h"
#include "text.h"

/* How much an idle step of the count covers before a redraw. */
#define SEARCH_IDLE_BYTES (4 << 20)

/* Show match idx of article doc: open the article and scroll so the match
 * is on screen, a third of the way down when it has to move. */
static void
show_match(struct app *a, size_t doc, size_t idx)
{
	const struct fold_match *m;
	struct layout_pos line;

	search_list(&a->search, a->ds, doc);
	m = &a->search.hits[doc].v[idx];
	if (doc != a->cur) {
		app_open(a, doc);
		a->read_ok = a->ds->n;  /* the search opened it, not the reader */
	}
	app_layout(a);
	line = layout_lazy_locate(&a->lay, m->start);
	if (!app_on_screen(a, line)) {
		layout_lazy_move(&a->lay, &line, -(long long)(a->pane_h / 3));
		app_scroll_to(a, line);
	}
	a->have_match = 1;
	a->m_doc = doc;
	a->m_idx = idx;
}

void
find_show(struct app *a, size_t doc, size_t idx)
{
	show_match(a, doc, idx);
}

static void
restore_origin(struct app *a)
{
	memcpy(a->anchor, a->origin.anchor, a->ds->n * sizeof *a->anchor);
	a->cur = a->origin.cur;
	a->sel = a->origin.sel;
	a->list_top = a->origin.list_top;
	a->focus = a->origin.focus;
	app_forget_layout(a);
	app_layout(a);
	a->have_match = 0;
}

static void goto_first(struct app *a);

/* Search for the prompt's text; called after every keystroke in it. */
static void
run_search(struct app *a)
{
	int r;

	a->have_match = 0;
	a->want_first = 0;
	a->search_due = 0;
	r = search_keystroke(&a->search, a->ds, prompt_text(&a->prompt),
	    a->prompt.text.len, a->origin.cur,
	    a->origin.top_byte, a->backward, tty_pending);
	if (r < 0) {
		/* a newer keystroke searches again; if there is none after
		 * all, the idle steps find the match */
		a->want_first = 1;
		return;
	}
	goto_first(a);
}

/* Go to the first match from where the search started, once known. */
static void
goto_first(struct app *a)
{
	size_t doc, idx;
	int wrapped, r;

	r = search_first(&a->search, a->origin.top_byte, &doc, &idx, &wrapped);
	if (r < 0)
		return;
	a->want_first = 0;
	restore_origin(a);
	if (r > 0)
		show_match(a, doc, idx);
}

/* While the reader waits for a key: search on (the count), and go to
 * the first match if a keystroke interrupted the search before it. */
void
find_idle(struct app *a)
{
	search_step(&a->search, a->ds, SEARCH_IDLE_BYTES);
	if (a->want_first && a->mode == MODE_SEARCH)
		goto_first(a);
}

/* Remember the search in effect (Esc on the new one brings it back). */
static void
keep_last(struct app *a)
{
	free(a->last.text);
	a->last.text = a->search.q ? xstrdup(a->search.text) : NULL;
	a->last.backward = a->search.backward;
	a->last.have_match = a->have_match;
	a->last.m_doc = a->m_doc;
	a->last.m_idx = a->m_idx;
	a->last.m_start = a->have_match ?
	    a->search.hits[a->m_doc].v[a->m_idx].start : 0;
}

/* Esc on a new search: the last finished one again, its count going on
 * while idle and its current match, if it had one, current again. */
static void
restore_last(struct app *a)
{
	const char *t = a->last.text;
	const struct search_hits *h;

	if (!t)
		return;
	if (!a->last.have_match || a->last.m_doc >= a->ds->n) {
		search_start(&a->search, t, strlen(t), a->cur,
		    a->last.backward);
		return;
	}
	/* from the match on: it is the first found, at once */
	search_keystroke(&a->search, a->ds, t, strlen(t), a->last.m_doc,
	    a->last.m_start, 0, NULL);
	search_list(&a->search, a->ds, a->last.m_doc);
	h = &a->search.hits[a->last.m_doc];
	if (h->done && h->listed && a->last.m_idx < h->n &&
	    h->v[a->last.m_idx].start == a->last.m_start) {
		a->have_match = 1;
		a->m_doc = a->last.m_doc;
		a->m_idx = a->last.m_idx;
	}
}

/* The search found nothing: say so, and that it is plain text when the
 * query looks like a pattern. */
static void
say_no_matches(struct app *a)
{
	const char *t = a->search.text ? a->search.text : "";

	if (strpbrk(t, "|^$\\") || strstr(t, ".*"))
		app_msg(a, "no matches (search is plain text: | ^ $ .* \\ "
		    "are not special)");
	else
		app_msg(a, "no matches");
}

void
find_open(struct app *a, int backward)
{
	keep_last(a);
	a->mode = MODE_SEARCH;
	a->backward = backward;
	prompt_set(&a->prompt, "", 0);
	prompt_history_rewind(&a->history);
	a->search_due = 0;
	if (a->state_dirty)
		reading_save(a);  /* where the reader was, before searching */
	a->origin.cur = a->cur;
	a->origin.sel = a->sel;
	a->origin.list_top = a->list_top;
	a->origin.focus = a->focus;
	app_layout(a);
	a->origin.top_byte = app_top_byte(a);
	memcpy(a->origin.anchor, a->anchor, a->ds->n * sizeof *a->anchor);
	/* a new search starts from nothing: no stale highlights */
	search_start(&a->search, "", 0, a->cur, backward);
	a->have_match = 0;
}

/* The prompt's text changed: search for it once no more keys wait (see
 * find_catch_up()). */
static void
search_soon(struct app *a)
{
	a->search_due = 1;
}

void
find_catch_up(struct app *a)
{
	if (a->search_due && a->mode == MODE_SEARCH)
		run_search(a);
}

/* Enter ends a search where it is: only that article's place counts;
 * the articles passed through keep the places they had before it. */
static void
settle_search(struct app *a)
{
	size_t keep = a->anchor[a->cur];

	memcpy(a->anchor, a->origin.anchor, a->ds->n * sizeof *a->anchor);
	a->anchor[a->cur] = keep;
	if (a->cur != a->origin.cur || keep != a->origin.anchor[a->cur])
		reading_touched(a);
	else
		a->state_dirty = 0;
}

void
find_key(struct app *a, int key)
{
	switch (key) {
	case 27:  /* Esc: back to where the search started */
		a->results.want = 0;
		search_start(&a->search, "", 0, a->cur, 0);
		a->want_first = 0;
		a->search_due = 0;
		restore_origin(a);
		restore_last(a);
		a->mode = MODE_NORMAL;
		a->state_dirty = 0;  /* as saved when the search began */
		return;
	case '\r': case '\n': case KEYMAP_ENTER:
		prompt_history_add(&a->history, prompt_text(&a->prompt));
		a->mode = MODE_NORMAL;
		if (a->search_due || !search_complete(&a->search))
			run_search(a);
		settle_search(a);
		if (a->search.q && !a->search.total)
			say_no_matches(a);
		if (a->have_match) {
			struct jump from = { a->origin.cur,
			    a->origin.top_byte };

			/* the match is in the text: read on there; C-o
			 * goes back to where the search started */
			a->focus = FOCUS_TEXT;
			if (from.doc != a->cur ||
			    from.byte != app_top_byte(a))
				jumps_push(&a->jumps, from);
		}
		results_after_search(a);
		return;
	case 127: case 8: case KEYMAP_BACKSPACE:
		if (!a->prompt.text.len) {
			find_key(a, 27);  /* like less: leave the prompt */
			return;
		}
		break;
	case KEYMAP_UP:
	case KEYMAP_DOWN:
		if (prompt_history_step(&a->history, &a->prompt,
		    key == KEYMAP_UP))
			search_soon(a);
		return;
	}
	if (prompt_key(&a->prompt, key) == PROMPT_CHANGED)
		search_soon(a);
}

/* n and N: the next or previous match, from the current one while it is
 * on screen, else from the top of the screen. */
void
find_next(struct app *a, int backward)
{
	size_t doc, idx;
	int wrapped = 0, found;

	if (!a->search.q) {
		app_msg(a, "no search yet: / searches");
		return;
	}
	if (!search_complete(&a->search))
		search_finish(&a->search, a->ds);
	search_list(&a->search, a->ds, a->cur);
	app_layout(a);
	if (a->have_match && a->m_doc == a->cur) {
		struct layout_pos line = layout_lazy_locate(&a->lay,
		    a->search.hits[a->cur].v[a->m_idx].start);

		if (app_on_screen(a, line)) {
			found = search_next(&a->search, a->cur, a->m_idx,
			    backward, &doc, &idx, &wrapped);
			goto show;
		}
	}
	found = search_find(&a->search, a->cur, app_top_byte(a) +
	    (backward ? 0 : 1), backward, &doc, &idx, &wrapped);
show:
	if (!found) {
		say_no_matches(a);
		return;
	}
	if (doc != a->cur)
		app_remember(a);  /* into another article: a jump */
	show_match(a, doc, idx);
	if (wrapped)
		app_msg(a, backward ? "search wrapped around to the end" :
		    "search wrapped around to the start");
}

