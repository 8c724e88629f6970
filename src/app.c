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

/* The listed article by steps from i (negative: up), stopping at the
 * ends of the list. */
size_t
app_list_step(const struct app *a, size_t i, long long by)
{
	size_t last = i;

	while (by > 0 && i + 1 < a->ds->n) {
		i++;
		if (app_listed(a, i)) {
			last = i;
			by--;
		}
	}
	while (by < 0 && i > 0) {
		i--;
		if (app_listed(a, i)) {
			last = i;
			by++;
		}
	}
	return last;
}

/* The listed article on screen row y, or a->ds->n for none. */
size_t
app_list_at_row(const struct app *a, int y)
{
	size_t i;

	for (i = a->list_top; i < a->ds->n; i++) {
		if (!app_listed(a, i))
			continue;
		if (y-- == 0)
			return i;
	}
	return a->ds->n;
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

	return dossier_ready(a->ds, i) ? d->title : d->name;
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
	if (i != a->cur && a->state_dirty)
		reading_save(a);
	a->cur = i;
	a->sel = i;
	if (app_text_ready(a))
		app_layout(a);
	else
		app_forget_layout(a);  /* view_draw() says it is being read */
	reading_touched(a);
}

/* Keep the list's selection on screen (and on a listed article). */
static void
list_settle(struct app *a)
{
	size_t i, rows_above = 0;

	if (!app_listed(a, a->sel))
		a->sel = a->cur;
	if (a->sel < a->list_top)
		a->list_top = a->sel;
	for (i = a->sel; i > a->list_top; i--)
		rows_above += app_listed(a, i - 1);
	while (rows_above >= (size_t)a->pane_h) {
		if (app_listed(a, a->list_top))
			rows_above--;
		a->list_top++;
	}
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
	/* read: its end has been on screen while reading (not in passing,
	 * while a search looks for matches) */
	if (a->lay_valid && !a->done[a->cur] && a->mode == MODE_NORMAL &&
	    app_end_shown(a)) {
		a->done[a->cur] = 1;
		reading_touched(a);
	}
	if (a->side_w)
		list_settle(a);
	if (a->lay_valid)
		search_list(&a->search, a->ds, a->cur);  /* to highlight */
	if (a->mode == MODE_MARKS)
		marks_settle(a);
	if (a->mode == MODE_RESULTS)
		results_settle(a);
}

void
app_list_move(struct app *a, long long by)
{
	a->sel = app_list_step(a, a->sel, by);
}
