/* app.c - the reader's state and its own moves: which panes there are,
 * which articles the list shows, the current article, its layout and
 * where it is scrolled to.  Pure: no terminal (app.h says who does what).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "reading.h"
#include "text.h"
#include "results.h"

/* The side pane hides by itself below this terminal width. */
#define SIDE_MIN_COLS 60

/* A message for the status line (shown until the next key). */
void
app_msg(struct app *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
}

/* --- the list's rows ------------------------------------------------------ */

/* Is article i shown in the list?  All are, unless the list is narrowed
 * to the articles with matches. */
int
app_listed(const struct app *a, size_t i)
{
	return !a->filter || !a->search.q || !a->search.hits[i].done ||
	    a->search.hits[i].n > 0 || i == a->cur;
}

/* --- the list's sections and rows ------------------------------------------
 *
 * With several sections, each starts with a header row, and a folded one
 * shows only that.  The selection stays an article (the rest of the
 * reader needs one); while its section is folded it shows on the header.
 * Moving passes over the headers of unfolded sections: there is nothing
 * to do on them that their first article cannot do.  With one section
 * there are no headers and the list is as it always was. */

int
app_sectioned(const struct app *a)
{
	return a->folded != NULL;
}

static size_t
sec_of(const struct app *a, size_t i)
{
	return dossier_section_of(a->ds, i);
}

static int
folded(const struct app *a, size_t s)
{
	return a->folded && a->folded[s];
}

/* The first listed article of section s from article i on; 0: none. */
static int
listed_from(const struct app *a, size_t s, size_t i, struct app_row *r)
{
	size_t last = dossier_section_last(a->ds, s);

	for (; i <= last; i++) {
		if (app_listed(a, i)) {
			r->hdr = 0;
			r->i = i;
			return 1;
		}
	}
	return 0;
}

/* The last listed article of section s before article i; 0: none. */
static int
listed_before(const struct app *a, size_t s, size_t i, struct app_row *r)
{
	size_t first = dossier_section_first(a->ds, s);

	while (i > first) {
		if (app_listed(a, --i)) {
			r->hdr = 0;
			r->i = i;
			return 1;
		}
	}
	return 0;
}

int
app_section_shown(const struct app *a, size_t s)
{
	struct app_row r;

	if (!a->filter || !a->search.q)
		return 1;
	return listed_from(a, s, dossier_section_first(a->ds, s), &r);
}

size_t
app_section_hits(const struct app *a, size_t s, int *partial)
{
	size_t i, last = dossier_section_last(a->ds, s), n = 0;

	*partial = 0;
	for (i = dossier_section_first(a->ds, s); i <= last; i++) {
		if (a->search.hits[i].done)
			n += a->search.hits[i].n;
		else
			*partial = 1;
	}
	return n;
}

void
app_section_name(const struct app *a, size_t s, struct buf *out)
{
	const struct dossier_section *sec = &a->ds->secs[s];
	const char *name = sec->name, *slash;
	size_t len = strlen(name);

	if (!len) {
		/* the PATH itself: its last component */
		name = sec->dir;
		len = strlen(name);
		while (len > 1 && name[len - 1] == '/')
			len--;
		slash = len > 1 ? memrchr(name, '/', len - 1) : NULL;
		if (slash) {
			len -= (size_t)(slash + 1 - name);
			name = slash + 1;
		}
	}
	text_sanitize(out, (const unsigned char *)name, len);
}

/* The first row of sections s, s + 1, ...; 0: none. */
static int
first_row_from(const struct app *a, size_t s, struct app_row *r)
{
	for (; s < a->ds->nsec; s++) {
		if (!app_sectioned(a))
			return listed_from(a, s,
			    dossier_section_first(a->ds, s), r);
		if (app_section_shown(a, s)) {
			r->hdr = 1;
			r->i = s;
			return 1;
		}
	}
	return 0;
}

/* The last row of section s; 0: none. */
static int
last_row_of(const struct app *a, size_t s, struct app_row *r)
{
	if (!app_section_shown(a, s))
		return 0;
	if (!folded(a, s) && listed_before(a, s,
	    dossier_section_last(a->ds, s) + 1, r))
		return 1;
	if (!app_sectioned(a))
		return 0;
	r->hdr = 1;
	r->i = s;
	return 1;
}

int
app_row_next(const struct app *a, struct app_row *r)
{
	size_t s = r->hdr ? r->i : sec_of(a, r->i);
	size_t from = r->hdr ? dossier_section_first(a->ds, s) : r->i + 1;

	if (!folded(a, s) && listed_from(a, s, from, r))
		return 1;
	return first_row_from(a, s + 1, r);
}

int
app_row_prev(const struct app *a, struct app_row *r)
{
	size_t s = r->hdr ? r->i : sec_of(a, r->i);

	if (!r->hdr) {
		if (!folded(a, s) && listed_before(a, s, r->i, r))
			return 1;
		if (app_sectioned(a) && app_section_shown(a, s)) {
			r->hdr = 1;
			r->i = s;
			return 1;
		}
	}
	while (s-- > 0)
		if (last_row_of(a, s, r))
			return 1;
	return 0;
}

/* Rows in list order: a header just before its section's first article. */
static size_t
row_key(const struct app *a, struct app_row r)
{
	return r.hdr ? 2 * dossier_section_first(a->ds, r.i) : 2 * r.i + 1;
}

static int
row_shown(const struct app *a, struct app_row r)
{
	if (r.hdr)
		return app_sectioned(a) && app_section_shown(a, r.i);
	return app_listed(a, r.i) && !folded(a, sec_of(a, r.i));
}

/* Can the selection rest on r? */
static int
row_selectable(const struct app *a, struct app_row r)
{
	return !r.hdr || folded(a, r.i);
}

struct app_row
app_sel_row(const struct app *a)
{
	struct app_row r = { 0, a->sel };
	size_t s = sec_of(a, a->sel);

	if (folded(a, s)) {
		r.hdr = 1;
		r.i = s;
	}
	return r;
}

struct app_row
app_top_row(const struct app *a)
{
	struct app_row r = { 0, a->list_top };

	if (a->list_top_hdr && app_sectioned(a)) {
		r.hdr = 1;
		r.i = sec_of(a, a->list_top);
	}
	return r;
}

static void
set_top(struct app *a, struct app_row r)
{
	a->list_top_hdr = r.hdr;
	a->list_top = r.hdr ? dossier_section_first(a->ds, r.i) : r.i;
}

/* The first row drawn: the top row, or (hidden by F or folded) the next
 * shown after it, with its header if it is the first of its section. */
static int
shown_top(const struct app *a, struct app_row *r)
{
	struct app_row h;

	*r = app_top_row(a);
	if (row_shown(a, *r))
		return 1;
	if (!app_row_next(a, r))
		return 0;
	h = *r;
	if (!r->hdr && app_row_prev(a, &h) && h.hdr &&
	    h.i == sec_of(a, r->i))
		*r = h;
	return 1;
}

int
app_list_row_at(const struct app *a, int y, struct app_row *r)
{
	if (!shown_top(a, r))
		return 0;
	while (y-- > 0)
		if (!app_row_next(a, r))
			return 0;
	return 1;
}

void
app_select_row(struct app *a, struct app_row r)
{
	struct app_row first;

	if (!r.hdr) {
		a->sel = r.i;
	} else if (sec_of(a, a->cur) == r.i) {
		a->sel = a->cur;  /* unfolding it shows the current article */
	} else if (listed_from(a, r.i, dossier_section_first(a->ds, r.i),
	    &first)) {
		a->sel = first.i;
	}
}

int
app_sel_on_header(const struct app *a)
{
	return folded(a, sec_of(a, a->sel));
}

void
app_fold(struct app *a, int how)
{
	size_t s;
	struct app_row r;

	if (!app_sectioned(a))
		return;
	s = sec_of(a, a->sel);
	if (how == 0)
		how = a->folded[s] ? 1 : -1;
	a->folded[s] = how < 0;
	/* unfolded under F: the selection on an article the list shows */
	if (how > 0 && !app_listed(a, a->sel) &&
	    listed_from(a, s, dossier_section_first(a->ds, s), &r))
		a->sel = r.i;
}

void
app_fold_all(struct app *a)
{
	size_t s, n = a->ds->nsec;
	int fold = 0;

	if (!app_sectioned(a))
		return;
	for (s = 0; s < n; s++)
		fold |= !a->folded[s];
	memset(a->folded, fold, n);
}

/* --- layout of the screen and the article ------------------------------ */

void
app_place_panes(struct app *a)
{
	const struct settings *st = a->opt->settings;
	int want = st ? st->side_width : -1;
	int max = st ? st->max_width : SETTINGS_MAX_WIDTH_DEFAULT;
	int show = a->side_pref >= 0 ? a->side_pref :
	    want >= 0 ? want > 0 : a->cols >= SIDE_MIN_COLS;

	a->pane_h = a->rows - 1;
	a->side_w = 0;
	if (show) {
		a->side_w = want > 0 ? want : a->cols * 2 / 5;
		if (want <= 0 && a->side_w < 16)
			a->side_w = 16;
		if (want <= 0 && a->side_w > 48)
			a->side_w = 48;
		if (a->side_w > a->cols - 10)
			a->side_w = 0;
	}
	a->text_x = a->side_w ? a->side_w + 2 : 1;
	a->text_w = a->cols - a->text_x - 1;
	if (a->text_w < 1)
		a->text_w = 1;
	/* a comfortable measure, centred in what is left */
	if (max > 0 && a->text_w > max) {
		a->text_x += (a->text_w - max) / 2;
		a->text_w = max;
	}
}

struct doc *
app_doc(struct app *a)
{
	return &a->ds->docs[a->cur];
}

/* The headline of article i once read, else its file name (the list
 * fills in while the articles load in the background). */
const char *
app_title(const struct app *a, size_t i)
{
	const struct doc *d = &a->ds->docs[i];

	return dossier_known(a->ds, i) ? d->title : d->name;
}

/* The source byte the top of the reading pane shows. */
size_t
app_top_byte(struct app *a)
{
	const struct line *ln = a->lay_valid ?
	    layout_lazy_line(&a->lay, a->top) : NULL;

	return ln ? ln->start : 0;
}

/* Lay the current article out at the pane's width (lazily: only what is
 * shown is wrapped).  The article's anchor (the source byte last put on
 * top by the reader) stays on the top line, so resizing to any width and
 * back returns to the same place. */
void
app_layout(struct app *a)
{
	if (a->lay_valid && a->lay_doc == a->cur && a->lay.width == a->text_w)
		return;
	if (a->lay_valid)
		layout_lazy_free(&a->lay);
	/* an unreadable article has no paragraphs: an empty pane */
	dossier_need(a->ds, a->cur);
	layout_lazy_init(&a->lay, app_doc(a), a->text_w);
	a->lay_doc = a->cur;
	a->lay_valid = 1;
	a->top = layout_lazy_locate(&a->lay, a->anchor[a->cur]);
}

/* Can the current article be laid out without waiting?  Not while a
 * background loader still reads it: then the pane says so, the loaders
 * take it first, and keys that need no layout (another article, the
 * list, q) are answered at once.  Without loaders it is read here. */
int
app_text_ready(struct app *a)
{
	if ((a->lay_valid && a->lay_doc == a->cur) || !a->ds->running ||
	    dossier_settled(a->ds, a->cur))
		return 1;
	dossier_want(a->ds, a->cur);
	return 0;
}

/* Lay out again from the anchor at the next app_layout(). */
void
app_forget_layout(struct app *a)
{
	if (a->lay_valid)
		layout_lazy_free(&a->lay);
	a->lay_valid = 0;
}

/* The top line that shows the end of the article at the bottom. */
struct layout_pos
app_bottom_top(struct app *a)
{
	return layout_lazy_end(&a->lay, a->pane_h > 0 ? (size_t)a->pane_h : 1);
}

/* The line on the pane's last row (or the article's last line). */
struct layout_pos
app_last_shown(struct app *a)
{
	struct layout_pos p = a->top;

	layout_lazy_move(&a->lay, &p, a->pane_h > 1 ? a->pane_h - 1 : 0);
	return p;
}

int
app_on_screen(struct app *a, struct layout_pos p)
{
	return layout_pos_cmp(p, a->top) >= 0 &&
	    layout_pos_cmp(p, app_last_shown(a)) <= 0;
}

/* Is the article's last line on screen? */
int
app_end_shown(struct app *a)
{
	struct layout_pos p = a->top;

	return layout_lazy_move(&a->lay, &p, a->pane_h) < a->pane_h;
}

long long
app_now_ms(void)
{
	return ui_now_us() / 1000;
}

/* Put line p on top (within the article: never past the point where
 * its end is at the bottom), and remember the place. */
void
app_scroll_to(struct app *a, struct layout_pos p)
{
	struct layout_pos end = app_bottom_top(a);

	if (layout_pos_cmp(p, end) > 0)
		p = end;
	a->top = p;
	a->anchor[a->cur] = app_top_byte(a);
	reading_touched(a);
}

void
app_scroll_by(struct app *a, long long by)
{
	struct layout_pos p = a->top;

	layout_lazy_move(&a->lay, &p, by);
	app_scroll_to(a, p);
}

void
app_scroll_home(struct app *a)
{
	struct layout_pos p = { 0, 0 };

	app_scroll_to(a, p);
}

void
app_open(struct app *a, size_t i)
{
	if (i >= a->ds->n)
		return;
	/* articles passed through while typing a search are not places the
	 * reader settled in: nothing is saved until the search ends */
	if (i != a->cur && a->state_dirty && a->mode != MODE_SEARCH)
		reading_save(a);
	if (i != a->cur)
		a->keep_unread = a->ds->n;
	/* opened by the reader (find.c takes this back for a match) */
	a->read_ok = i;
	a->cur = i;
	a->sel = i;
	if (a->folded)  /* the article read is in the list */
		a->folded[dossier_section_of(a->ds, i)] = 0;
	if (app_text_ready(a))
		app_layout(a);
	else
		app_forget_layout(a);  /* view_draw() says it is being read */
	reading_touched(a);
}

/* Open article doc with source byte byte on top: where a jump lands. */
void
app_go(struct app *a, size_t doc, size_t byte)
{
	if (doc >= a->ds->n)
		return;
	app_open(a, doc);
	a->anchor[doc] = byte;
	app_forget_layout(a);
	if (app_text_ready(a))
		app_layout(a);
}

/* Where the reader is: the article and the byte on its top line (the
 * anchor is that byte once it is laid out). */
static struct jump
here(struct app *a)
{
	struct jump j;

	j.doc = a->cur;
	j.byte = a->lay_valid && a->lay_doc == a->cur ? app_top_byte(a) :
	    a->anchor[a->cur];
	return j;
}

void
app_remember(struct app *a)
{
	jumps_push(&a->jumps, here(a));
}

void
app_jump(struct app *a, size_t doc, size_t byte)
{
	app_remember(a);
	app_go(a, doc, byte);
}

void
app_back(struct app *a)
{
	struct jump to;

	if (jumps_back(&a->jumps, here(a), &to) && to.doc < a->ds->n)
		app_go(a, to.doc, to.byte);
	else
		app_msg(a, "no jump to go back to");
}

void
app_forward(struct app *a)
{
	struct jump to;

	if (jumps_forward(&a->jumps, here(a), &to) && to.doc < a->ds->n)
		app_go(a, to.doc, to.byte);
	else
		app_msg(a, "no jump to go forward to (C-o goes back)");
}

/* Keep the list's selection on screen (and on a listed article).  The
 * top row is only moved when the selection is off screen: a top row
 * hidden for a while (by F) comes back with it. */
static void
list_settle(struct app *a)
{
	struct app_row sel, top, r;
	int k;

	if (!app_listed(a, a->sel))
		a->sel = a->cur;
	sel = app_sel_row(a);
	if (!shown_top(a, &top))
		top = sel;
	if (row_key(a, sel) < row_key(a, top)) {
		/* the first article of a section comes with its header */
		r = sel;
		if (!sel.hdr && app_row_prev(a, &r) && r.hdr &&
		    r.i == sec_of(a, sel.i))
			sel = r;
		set_top(a, sel);
		return;
	}
	r = sel;
	for (k = 0; k < a->pane_h - 1 && row_key(a, r) > row_key(a, top); k++)
		if (!app_row_prev(a, &r))
			break;
	if (row_key(a, r) > row_key(a, top))
		set_top(a, r);
}

/* Keep the bookmark list's selection on screen (view.c shows rows - 5
 * of its rows). */
static void
marks_settle(struct app *a)
{
	int rows = a->rows - 5;

	if (a->mark_sel < a->mark_top)
		a->mark_top = a->mark_sel;
	if (rows > 0 && a->mark_sel >= a->mark_top + (size_t)rows)
		a->mark_top = a->mark_sel - (size_t)rows + 1;
}

void
app_settle(struct app *a)
{
	if (a->cols < APP_MIN_COLS || a->rows < APP_MIN_ROWS)
		return;  /* only a notice is shown */
	if (app_text_ready(a))
		app_layout(a);
	/* read: its end has been on screen while the reader reads it: with
	 * the focus on the text, or opened or scrolled by the reader; not in
	 * passing (a search looking for matches, the article shown at
	 * start-up with the focus in the list), nor again after U */
	if (a->lay_valid && !a->done[a->cur] && a->mode == MODE_NORMAL &&
	    (a->focus == FOCUS_TEXT || a->read_ok == a->cur) &&
	    a->keep_unread != a->cur && app_end_shown(a)) {
		a->done[a->cur] = 1;
		reading_touched(a);
	}
	if (a->side_w)
		list_settle(a);
	if (a->lay_valid)
		search_list(&a->search, a->ds, a->cur);  /* to highlight */
	if (a->mode == MODE_MARKS)
		marks_settle(a);
	/* changes not saved: why, where no other message is showing, until
	 * a save works (view.c marks the status line meanwhile) */
	if (a->have_store && bm_store_unsaved(&a->store) && !a->msg[0])
		app_msg(a, "bookmarks not saved: %.400s", a->store.why);
	if (a->mode == MODE_RESULTS)
		results_settle(a);
}

void
app_list_move(struct app *a, long long by)
{
	struct app_row r = app_sel_row(a), last = r;
	int down = by > 0;

	if (by < 0)
		by = -by;
	/* by rows on screen, then on to a row the selection can rest on */
	while (by > 0 || !row_selectable(a, r)) {
		if (!(down ? app_row_next(a, &r) : app_row_prev(a, &r)))
			break;
		by--;
		if (row_selectable(a, r))
			last = r;
	}
	app_select_row(a, last);
}
