/* ui.c - the interactive reader: state, drawing and the event loop.
 *
 * Input flows terminal -> keymap -> action; actions change the state in
 * struct app, and the whole screen is drawn from that state after every
 * event (curses sends only what changed, so nothing flickers).
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uninorm.h>
#include <uniwidth.h>

#include "action.h"
#include "keymap.h"
#include "layout.h"
#include "search.h"
#include "text.h"
#include "ui.h"

/* after our headers: term.h defines macros named like capabilities */
#include <term.h>

/* Below this the reader shows only a notice. */
#define MIN_COLS 20
#define MIN_ROWS 4
/* The side pane hides by itself below this terminal width. */
#define SIDE_MIN_COLS 60
/* Poll for signals this often (ms) while waiting for a key. */
#define POLL_MS 200

enum focus { FOCUS_LIST, FOCUS_TEXT };
enum mode { MODE_NORMAL, MODE_HELP, MODE_SEARCH };

enum color_pair {
	PAIR_TITLE = 1,
	PAIR_HEADING,
	PAIR_STATUS,
	PAIR_SELECTED,
	PAIR_MARKER,
	PAIR_DIM,
	PAIR_MATCH,
	PAIR_CURRENT,
	PAIR_COUNT
};

/* How much text one search step covers before looking for a keystroke. */
#define SEARCH_STEP_BYTES (1 << 20)
#define HISTORY_MAX 100

struct app {
	struct dossier *ds;
	const struct ui_options *opt;
	int rows, cols;
	int side_pref;          /* -1: by width; 0: hidden; 1: shown */
	int side_w;             /* 0 when hidden */
	int text_x, text_w, pane_h;
	enum focus focus;
	enum mode mode;
	size_t sel, cur, list_top;
	struct layout lay;
	size_t lay_doc;
	int lay_valid;
	size_t top;             /* first visible line of the reading pane */
	size_t *anchor;         /* per article: the source byte last shown on top */
	int color, utf8;
	size_t help_top;
	char msg[256];
	int quit;

	/* search */
	struct search search;
	struct buf query;       /* the prompt's text while typing */
	int backward;           /* the prompt was opened with '?' */
	int filter;             /* the list shows only articles with hits */
	int have_match;         /* m_doc/m_idx is the current match */
	size_t m_doc, m_idx;
	struct {                /* where the search started, for Esc */
		size_t cur, sel, list_top, top_byte;
		size_t *anchor;
		enum focus focus;
		int lay_top_valid;
	} origin;
	char **history;
	size_t nhistory, history_pos;
};

static volatile sig_atomic_t got_signal;
static int curses_active;

static void
on_signal(int sig)
{
	got_signal = sig;
}

/* Leave the terminal as we found it; safe to call twice. */
static void
restore_terminal(void)
{
	if (curses_active) {
		curses_active = 0;
		endwin();
	}
}

static void
set_msg(struct app *a, const char *msg)
{
	snprintf(a->msg, sizeof a->msg, "%s", msg);
}

/* --- the list's rows ------------------------------------------------------ */

/* Is article i shown in the list?  All are, unless the list is narrowed
 * to the articles with matches. */
static int
listed(const struct app *a, size_t i)
{
	return !a->filter || !a->search.q || !a->search.hits[i].done ||
	    a->search.hits[i].n > 0 || i == a->cur;
}

/* The listed article by steps from i (negative: up), stopping at the
 * ends of the list. */
static size_t
list_step(const struct app *a, size_t i, long long by)
{
	size_t last = i;

	while (by > 0 && i + 1 < a->ds->n) {
		i++;
		if (listed(a, i)) {
			last = i;
			by--;
		}
	}
	while (by < 0 && i > 0) {
		i--;
		if (listed(a, i)) {
			last = i;
			by++;
		}
	}
	return last;
}

/* The listed article on screen row y, or a->ds->n for none. */
static size_t
list_at_row(const struct app *a, int y)
{
	size_t i;

	for (i = a->list_top; i < a->ds->n; i++) {
		if (!listed(a, i))
			continue;
		if (y-- == 0)
			return i;
	}
	return a->ds->n;
}

/* --- layout of the screen and the article ------------------------------ */

static void
place_panes(struct app *a)
{
	int show = a->side_pref < 0 ? a->cols >= SIDE_MIN_COLS : a->side_pref;

	a->pane_h = a->rows - 1;
	a->side_w = 0;
	if (show) {
		a->side_w = a->cols * 2 / 5;
		if (a->side_w < 16)
			a->side_w = 16;
		if (a->side_w > 48)
			a->side_w = 48;
		if (a->side_w > a->cols - 10)
			a->side_w = 0;
	}
	a->text_x = a->side_w ? a->side_w + 2 : 1;
	a->text_w = a->cols - a->text_x - 1;
	if (a->text_w < 1)
		a->text_w = 1;
}

static struct doc *
cur_doc(struct app *a)
{
	return &a->ds->docs[a->cur];
}

/* The source byte the top of the reading pane shows. */
static size_t
top_byte(const struct app *a)
{
	return a->lay_valid && a->lay.n ? a->lay.v[a->top].start : 0;
}

/* Lay the current article out at the pane's width.  The article's anchor
 * (the source byte last put on top by the reader) stays on the top line,
 * so resizing to any width and back returns to the same place. */
static void
ensure_layout(struct app *a)
{
	if (a->lay_valid && a->lay_doc == a->cur && a->lay.width == a->text_w)
		return;
	layout_doc(cur_doc(a), a->text_w, &a->lay);
	a->lay_doc = a->cur;
	a->lay_valid = 1;
	a->top = a->anchor[a->cur] ? layout_find(&a->lay, a->anchor[a->cur]) : 0;
}

static size_t
max_top(const struct app *a)
{
	size_t h = a->pane_h > 0 ? (size_t)a->pane_h : 1;

	return a->lay.n > h ? a->lay.n - h : 0;
}

static void
scroll_to(struct app *a, long long line)
{
	long long m = (long long)max_top(a);

	if (line > m)
		line = m;
	if (line < 0)
		line = 0;
	a->top = (size_t)line;
	a->anchor[a->cur] = top_byte(a);
}

static void
open_article(struct app *a, size_t i)
{
	if (i >= a->ds->n)
		return;
	a->cur = i;
	a->sel = i;
	ensure_layout(a);
}

/* --- drawing ------------------------------------------------------------ */

/* What a character becomes in a terminal that cannot show it: its base
 * letter without accents, a plain form of common punctuation, else '?'. */
static wchar_t
ascii_form(uint32_t cp)
{
	ucs4_t d[UC_DECOMPOSITION_MAX_LENGTH];
	int tag;

	if (cp < 0x7F)
		return (wchar_t)cp;
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
		return '\'';
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0xAB:
	case 0xBB:
		return '"';
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2212:
		return '-';
	case 0x2026:
		return '.';
	case 0x2022: case 0xB7:
		return '*';
	}
	if (uc_decomposition(cp, &tag, d) > 0 && d[0] < 0x7F && d[0] >= 0x20)
		return (wchar_t)d[0];
	return '?';
}

static int
cp_width(uint32_t cp)
{
	int w = uc_width(cp, "UTF-8");

	return w < 0 ? 1 : w;
}

/* Draw one unit at (y, x); never more than u->width columns. */
static void
put_unit(const struct app *a, int y, int x, const struct text_unit *u,
    attr_t attr, short pair)
{
	wchar_t wch[TEXT_MAX_CPS + 1];
	cchar_t cc;
	int i, n = 0, used = 0, w;

	if (u->kind == TEXT_SPACE || u->ncp == 0) {
		wch[0] = ' ';
		wch[1] = 0;
		setcchar(&cc, wch, attr, pair, NULL);
		for (i = 0; i < u->width; i++)
			mvadd_wch(y, x + i, &cc);
		return;
	}
	for (i = 0; i <= u->ncp; i++) {
		w = i < u->ncp ? cp_width(u->cps[i]) : 1;
		/* a spacing character starts a new cell: flush the last */
		if (n && (w > 0 || i == u->ncp)) {
			int cw = cp_width((uint32_t)wch[0]);

			wch[n] = 0;
			if (!a->utf8) {
				wch[0] = ascii_form((uint32_t)wch[0]);
				wch[1] = cw == 2 ? '?' : 0;
				wch[2] = 0;
				n = 1;
			}
			if (used + cw > u->width)
				break;
			if (!a->utf8 && cw == 2) {
				wch[1] = 0;
				setcchar(&cc, wch, attr, pair, NULL);
				mvadd_wch(y, x + used, &cc);
				mvadd_wch(y, x + used + 1, &cc);
			} else {
				setcchar(&cc, wch, attr, pair, NULL);
				mvadd_wch(y, x + used, &cc);
			}
			used += cw;
			n = 0;
		}
		if (i < u->ncp && (n || w > 0) && n < TEXT_MAX_CPS)
			wch[n++] = (wchar_t)u->cps[i];
	}
	/* pad what could not be drawn (a cut ZWJ sequence) */
	wch[0] = ' ';
	wch[1] = 0;
	setcchar(&cc, wch, attr, pair, NULL);
	for (; used < u->width; used++)
		mvadd_wch(y, x + used, &cc);
}

/* Draw the string s (already safe: our own text or a sanitized title) at
 * (y, x) in at most max columns, cut with "…" when longer; returns the
 * columns used. */
static int
put_str(const struct app *a, int y, int x, const char *s, int max,
    attr_t attr, short pair)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), pos = 0;
	struct text_unit u;
	int col = 0, total = 0, room;

	if (max <= 0)
		return 0;
	while (pos < n) {
		pos = text_next_unit(p, n, pos, total, &u);
		total += u.width;
	}
	room = total <= max ? max : max - 1;
	for (pos = 0; pos < n;) {
		pos = text_next_unit(p, n, pos, col, &u);
		if (col + u.width > room)
			break;
		put_unit(a, y, x + col, &u, attr, pair);
		col += u.width;
	}
	if (total > max) {
		memset(&u, 0, sizeof u);
		u.kind = TEXT_CHAR;
		u.width = 1;
		u.ncp = 1;
		u.cps[0] = 0x2026;
		put_unit(a, y, x + col, &u, attr, pair);
		col++;
	}
	return col;
}

static void
fill(int y, int x, int n, attr_t attr, short pair)
{
	cchar_t cc;
	wchar_t sp[2] = { ' ', 0 };

	setcchar(&cc, sp, attr, pair, NULL);
	for (; n > 0; n--, x++)
		mvadd_wch(y, x, &cc);
}

static short
pair_of(const struct app *a, enum color_pair p)
{
	return a->color ? (short)p : 0;
}

static void
draw_list(struct app *a)
{
	size_t n = a->ds->n, i, rows_above = 0;
	int digits = 1, y, h = a->pane_h, x, w = a->side_w;
	char num[48];

	for (i = n; i >= 10; i /= 10)
		digits++;
	if (!listed(a, a->sel))
		a->sel = a->cur;
	/* keep the selection on screen */
	if (a->sel < a->list_top)
		a->list_top = a->sel;
	for (i = a->sel; i > a->list_top; i--)
		rows_above += listed(a, i - 1);
	while (rows_above >= (size_t)h) {
		if (listed(a, a->list_top))
			rows_above--;
		a->list_top++;
	}
	for (y = 0, i = a->list_top; y < h && i < n; i++) {
		struct doc *d = &a->ds->docs[i];
		attr_t attr = A_NORMAL;
		short pair = 0;
		int right = 0;
		char count[32] = "";

		if (!listed(a, i))
			continue;
		if (i == a->sel) {
			attr = a->focus == FOCUS_LIST ? A_REVERSE | A_BOLD :
			    A_REVERSE;
			pair = a->focus == FOCUS_LIST ?
			    pair_of(a, PAIR_SELECTED) : 0;
			fill(y, 0, w, attr, pair);
		}
		x = 0;
		x += put_str(a, y, x, i == a->cur ? (a->utf8 ? "▶" : ">") :
		    " ", 1, attr | A_BOLD, i == a->sel ? pair :
		    pair_of(a, PAIR_MARKER));
		snprintf(num, sizeof num, "%*zu ", digits & 31, i + 1);
		x += put_str(a, y, x, num, w - x, attr, pair);
		if (a->search.q && a->search.hits[i].done &&
		    a->search.hits[i].n) {
			snprintf(count, sizeof count, " %zu",
			    a->search.hits[i].n);
			right = (int)strlen(count);
			put_str(a, y, w - right, count, right, attr | A_BOLD,
			    i == a->sel ? pair : pair_of(a, PAIR_COUNT));
		} else if (d->date && w - x >= 30) {
			right = 11;
			put_str(a, y, w - 10, d->date, 10, attr | (i == a->sel
			    ? 0 : A_DIM), pair);
		}
		put_str(a, y, x, d->title, w - x - right, attr, pair);
		y++;
	}
}

/* Is [start, end) inside a match of the current article?  Sets the
 * attributes of a match, or of the current match. */
static void
highlight(const struct app *a, const struct text_unit *u,
    const struct line *ln, attr_t *attr, short *pair)
{
	const struct search_hits *h;
	size_t start = u->pos, end = u->pos + u->len, lo = 0, hi;

	if (!a->search.q || a->mode == MODE_HELP)
		return;
	h = &a->search.hits[a->cur];
	if (!h->n)
		return;
	if (u->len == 0) {
		/* the '-' of a soft hyphen stands for the byte before it */
		start = ln->end > 0 ? ln->end - 1 : 0;
		end = ln->end;
	}
	/* the first match ending after start */
	hi = h->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (h->v[mid].end <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= h->n || h->v[lo].start >= end)
		return;
	if (a->have_match && a->m_doc == a->cur && a->m_idx == lo) {
		*attr = a->color ? A_BOLD : A_REVERSE | A_BOLD | A_UNDERLINE;
		*pair = pair_of(a, PAIR_CURRENT);
	} else {
		*attr = a->color ? A_NORMAL : A_REVERSE;
		*pair = pair_of(a, PAIR_MATCH);
	}
}

static void
draw_text(struct app *a)
{
	struct doc *d = cur_doc(a);
	size_t i;
	int y;

	for (y = 0; y < a->pane_h; y++) {
		struct layout_iter it;
		struct text_unit u;
		const struct line *ln;
		attr_t attr = A_NORMAL;
		short pair = 0;
		int col;

		i = a->top + (size_t)y;
		if (i >= a->lay.n)
			break;
		ln = &a->lay.v[i];
		if (ln->kind == PARA_TITLE) {
			attr = A_BOLD;
			pair = pair_of(a, PAIR_TITLE);
		} else if (ln->kind == PARA_HEADING) {
			attr = A_BOLD | (a->color ? 0 : A_UNDERLINE);
			pair = pair_of(a, PAIR_HEADING);
		}
		layout_cells_begin(&it, d, ln, a->lay.width);
		while (layout_cells_next(&it, &u, &col)) {
			attr_t at = attr;
			short pr = pair;

			highlight(a, &u, ln, &at, &pr);
			put_unit(a, y, a->text_x + col, &u, at, pr);
		}
	}
	if (!a->lay.n)
		put_str(a, 0, a->text_x, "(this article is empty)", a->text_w,
		    A_DIM, 0);
}

static int
percent(const struct app *a)
{
	size_t shown = a->top + (size_t)a->pane_h;

	if (!a->lay.n || shown >= a->lay.n)
		return 100;
	return (int)(shown * 100 / a->lay.n);
}

/* "N matches in K articles", and where the current match is; a "+"
 * while the search is still going. */
static void
search_summary(const struct app *a, char *out, size_t n)
{
	const struct search *s = &a->search;
	const char *more = search_complete(s) ? "" : "+";
	int used = 0;

	out[0] = '\0';
	if (!s->q)
		return;
	if (a->have_match)
		used = snprintf(out, n, "match %zu/%zu%s, ",
		    search_ordinal(s, a->m_doc, a->m_idx), s->total, more);
	if (used < 0 || (size_t)used >= n)
		return;
	snprintf(out + used, n - (size_t)used, "%zu%s %s in %zu%s %s",
	    s->total, more, s->total == 1 ? "match" : "matches", s->articles,
	    more, s->articles == 1 ? "article" : "articles");
}

/* The search prompt: "/query" with a cursor, and the count on the right. */
static void
draw_prompt(struct app *a, int y, attr_t attr, short pair)
{
	char summary[160];
	struct buf b = { 0 };
	int right, room, w;
	size_t start = 0;

	search_summary(a, summary, sizeof summary);
	right = (int)strlen(summary) + 2;
	if (right > a->cols / 2)
		right = 0;
	room = a->cols - right - 2;
	/* show the end of a query too long for the line */
	buf_addc(&b, a->backward ? '?' : '/');
	if (a->query.len) {
		while (start < a->query.len &&
		    text_width((const unsigned char *)a->query.data + start,
		    a->query.len - start) > room - 1)
			start++;
		while (start < a->query.len &&
		    (a->query.data[start] & 0xC0) == 0x80)
			start++;
		buf_add(&b, a->query.data + start, a->query.len - start);
	}
	w = put_str(a, y, 0, b.data, room, attr | A_BOLD, pair);
	fill(y, w, 1, A_REVERSE, 0);  /* the cursor */
	if (right)
		put_str(a, y, a->cols - right + 1, summary, right - 1, attr,
		    pair);
	buf_free(&b);
}

static void
draw_status(struct app *a)
{
	attr_t attr = A_REVERSE;
	short pair = pair_of(a, PAIR_STATUS);
	int y = a->rows - 1, x = 0, right, pct_x;
	char left[64], pct[16];

	if (a->color)
		attr = A_NORMAL;
	fill(y, 0, a->cols, attr, pair);
	if (a->mode == MODE_SEARCH) {
		draw_prompt(a, y, attr, pair);
		return;
	}
	snprintf(left, sizeof left, " %zu/%zu ", a->cur + 1, a->ds->n);
	snprintf(pct, sizeof pct, " %3d%% ", percent(a));
	right = pct_x = a->cols - (int)strlen(pct);
	x += put_str(a, y, x, left, a->cols, attr | A_BOLD, pair);
	if (a->search.q) {
		char summary[160];
		int w;

		search_summary(a, summary, sizeof summary);
		w = text_width((const unsigned char *)summary, strlen(summary));
		/* the count goes first when space is short; the title gives way */
		if (w + 2 <= right - x) {
			put_str(a, y, right - w - 1, summary, w, attr, pair);
			right -= w + 2;
		}
	}
	if (a->msg[0])
		put_str(a, y, x, a->msg, right - x, attr | A_BOLD, pair);
	else
		put_str(a, y, x, cur_doc(a)->title, right - x, attr, pair);
	if (pct_x > x)
		put_str(a, y, pct_x, pct, a->cols - pct_x, attr, pair);
}

static void
draw_help(struct app *a)
{
	struct buf keys = { 0 };
	int w = a->cols - 4, h = a->rows - 3, y = 0, x = 2, kw = 22;
	size_t line = 0;
	int act;

	if (w > 90)
		w = 90;
	x = (a->cols - w) / 2;
	for (y = 1; y <= h; y++)
		fill(y, x, w, A_NORMAL, 0);
	put_str(a, 1, x + 1, "dossier keys (j/k scroll, q or Esc closes)",
	    w - 2, A_BOLD, pair_of(a, PAIR_TITLE));
	y = 2;
	for (act = 1; act < ACT_COUNT; act++, line++) {
		if (line < a->help_top)
			continue;
		if (y >= h)
			break;
		keys.len = 0;
		keymap_describe((enum action)act, &keys);
		put_str(a, y, x + 1, keys.data, kw - 1, A_BOLD, 0);
		put_str(a, y, x + kw, action_help((enum action)act),
		    w - kw - 1, A_NORMAL, 0);
		y++;
	}
	buf_free(&keys);
}

static void
draw(struct app *a)
{
	erase();
	if (a->cols < MIN_COLS || a->rows < MIN_ROWS) {
		const char *m = a->cols >= 18 ? "terminal too small" :
		    a->cols >= 9 ? "too small" : "!";

		put_str(a, 0, 0, m, a->cols, A_BOLD, 0);
		refresh();
		return;
	}
	ensure_layout(a);
	if (a->side_w) {
		draw_list(a);
		mvvline(0, a->side_w, ACS_VLINE, a->pane_h);
	}
	draw_text(a);
	draw_status(a);
	if (a->mode == MODE_HELP)
		draw_help(a);
	refresh();
}

/* --- actions ------------------------------------------------------------ */

static void
list_move(struct app *a, long long by)
{
	a->sel = list_step(a, a->sel, by);
}

/* --- search ------------------------------------------------------------- */

/* Is input waiting?  Then a running search gives way to it. */
static int
input_pending(void)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };

	return poll(&p, 1, 0) > 0;
}

/* Show match idx of article doc: open the article and scroll so the match
 * is on screen, a third of the way down when it has to move. */
static void
show_match(struct app *a, size_t doc, size_t idx)
{
	const struct fold_match *m = &a->search.hits[doc].v[idx];
	size_t line;

	if (doc != a->cur)
		open_article(a, doc);
	ensure_layout(a);
	line = layout_find(&a->lay, m->start);
	if (line < a->top || line >= a->top + (size_t)a->pane_h)
		scroll_to(a, (long long)line - a->pane_h / 3);
	a->have_match = 1;
	a->m_doc = doc;
	a->m_idx = idx;
}

static void
restore_origin(struct app *a)
{
	memcpy(a->anchor, a->origin.anchor, a->ds->n * sizeof *a->anchor);
	a->cur = a->origin.cur;
	a->sel = a->origin.sel;
	a->list_top = a->origin.list_top;
	a->focus = a->origin.focus;
	a->lay_valid = 0;
	ensure_layout(a);
	a->have_match = 0;
}

/* Search for the prompt's text; called after every keystroke in it. */
static void
run_search(struct app *a)
{
	size_t doc, idx;
	int wrapped;

	a->have_match = 0;
	if (!search_start(&a->search, a->query.data ? a->query.data : "",
	    a->query.len, a->origin.cur)) {
		restore_origin(a);
		return;
	}
	while (!search_step(&a->search, a->ds, SEARCH_STEP_BYTES))
		if (input_pending())
			return;  /* a newer keystroke: search again for it */
	restore_origin(a);
	if (search_find(&a->search, a->origin.cur, a->origin.top_byte,
	    a->backward, &doc, &idx, &wrapped))
		show_match(a, doc, idx);
}

static void
open_prompt(struct app *a, int backward)
{
	a->mode = MODE_SEARCH;
	a->backward = backward;
	a->query.len = 0;
	buf_add(&a->query, "", 0);
	a->history_pos = a->nhistory;
	a->origin.cur = a->cur;
	a->origin.sel = a->sel;
	a->origin.list_top = a->list_top;
	a->origin.focus = a->focus;
	ensure_layout(a);
	a->origin.top_byte = top_byte(a);
	memcpy(a->origin.anchor, a->anchor, a->ds->n * sizeof *a->anchor);
	/* a new search starts from nothing: no stale highlights */
	search_start(&a->search, "", 0, a->cur);
	a->have_match = 0;
}

static void
remember_query(struct app *a)
{
	if (!a->query.len || (a->nhistory &&
	    strcmp(a->history[a->nhistory - 1], a->query.data) == 0))
		return;
	if (a->nhistory == HISTORY_MAX) {
		free(a->history[0]);
		memmove(a->history, a->history + 1,
		    (HISTORY_MAX - 1) * sizeof *a->history);
		a->nhistory--;
	}
	a->history = xreallocarray(a->history, a->nhistory + 1,
	    sizeof *a->history);
	a->history[a->nhistory++] = xstrdup(a->query.data);
}

static void
set_query(struct app *a, const char *text)
{
	a->query.len = 0;
	buf_adds(&a->query, text);
}

/* Drop the last character (bytes of one UTF-8 sequence). */
static void
query_backspace(struct app *a)
{
	while (a->query.len && (a->query.data[a->query.len - 1] & 0xC0) == 0x80)
		a->query.len--;
	if (a->query.len)
		a->query.len--;
	a->query.data[a->query.len] = '\0';
}

/* Ctrl-W: drop the last word and the spaces after it. */
static void
query_delete_word(struct app *a)
{
	while (a->query.len && a->query.data[a->query.len - 1] == ' ')
		a->query.len--;
	while (a->query.len && a->query.data[a->query.len - 1] != ' ')
		a->query.len--;
	a->query.data[a->query.len] = '\0';
}

static void
search_key(struct app *a, int key)
{
	switch (key) {
	case 27:  /* Esc: back to where the search started */
		search_start(&a->search, "", 0, a->cur);
		restore_origin(a);
		a->mode = MODE_NORMAL;
		return;
	case '\r': case '\n': case KEYMAP_FN(KEY_ENTER):
		remember_query(a);
		a->mode = MODE_NORMAL;
		if (!search_complete(&a->search))
			run_search(a);
		if (a->search.q && !a->search.total)
			set_msg(a, "no matches");
		return;
	case 127: case 8: case KEYMAP_FN(KEY_BACKSPACE):
		if (!a->query.len) {
			search_key(a, 27);
			return;
		}
		query_backspace(a);
		break;
	case 'U' & 0x1f:
		set_query(a, "");
		break;
	case 'W' & 0x1f:
		query_delete_word(a);
		break;
	case KEYMAP_FN(KEY_UP):
		if (a->history_pos == 0)
			return;
		set_query(a, a->history[--a->history_pos]);
		break;
	case KEYMAP_FN(KEY_DOWN):
		if (a->history_pos >= a->nhistory)
			return;
		a->history_pos++;
		set_query(a, a->history_pos < a->nhistory ?
		    a->history[a->history_pos] : "");
		break;
	default:
		if (key < 32 || key == 127 || key >= 0x110000 ||
		    (key >= 0x80 && key < 0xA0))
			return;  /* not text */
		text_put_cp(&a->query, (uint32_t)key);
		break;
	}
	run_search(a);
}

/* n and N: the next or previous match, from the current one while it is
 * on screen, else from the top of the screen. */
static void
next_match(struct app *a, int backward)
{
	size_t doc, idx;
	int wrapped = 0, found;

	if (!a->search.q) {
		set_msg(a, "no search yet: / searches");
		return;
	}
	if (!search_complete(&a->search))
		search_step(&a->search, a->ds, 0);
	ensure_layout(a);
	if (a->have_match && a->m_doc == a->cur) {
		size_t line = layout_find(&a->lay,
		    a->search.hits[a->cur].v[a->m_idx].start);

		if (line >= a->top && line < a->top + (size_t)a->pane_h) {
			found = search_next(&a->search, a->cur, a->m_idx,
			    backward, &doc, &idx, &wrapped);
			goto show;
		}
	}
	found = search_find(&a->search, a->cur, top_byte(a) +
	    (backward ? 0 : 1), backward, &doc, &idx, &wrapped);
show:
	if (!found) {
		set_msg(a, "no matches");
		return;
	}
	show_match(a, doc, idx);
	if (wrapped)
		set_msg(a, backward ? "search wrapped around to the end" :
		    "search wrapped around to the start");
}

static void
do_action(struct app *a, enum action act)
{
	int page = a->pane_h > 1 ? a->pane_h - 1 : 1;
	int list = a->focus == FOCUS_LIST;

	switch (act) {
	case ACT_QUIT:
		a->quit = 1;
		break;
	case ACT_FOCUS:
		a->focus = list ? FOCUS_TEXT : FOCUS_LIST;
		if (a->focus == FOCUS_LIST && !a->side_w)
			set_msg(a, "the article list is hidden (\\ shows it)");
		break;
	case ACT_DOWN:
		if (list)
			list_move(a, 1);
		else
			scroll_to(a, (long long)a->top + 1);
		break;
	case ACT_UP:
		if (list)
			list_move(a, -1);
		else
			scroll_to(a, (long long)a->top - 1);
		break;
	case ACT_PAGE_DOWN:
		if (list)
			list_move(a, page);
		else
			scroll_to(a, (long long)a->top + page);
		break;
	case ACT_PAGE_UP:
		if (list)
			list_move(a, -page);
		else
			scroll_to(a, (long long)a->top - page);
		break;
	case ACT_TOP:
		if (list)
			a->sel = listed(a, 0) ? 0 : list_step(a, 0, 1);
		else
			scroll_to(a, 0);
		break;
	case ACT_BOTTOM:
		if (list)
			a->sel = list_step(a, a->sel, (long long)a->ds->n);
		else
			scroll_to(a, (long long)max_top(a));
		break;
	case ACT_OPEN:
		if (list) {
			open_article(a, a->sel);
			a->focus = FOCUS_TEXT;
		}
		break;
	case ACT_NEXT_ARTICLE:
		if (a->cur + 1 < a->ds->n)
			open_article(a, a->cur + 1);
		else
			set_msg(a, "this is the last article");
		break;
	case ACT_PREV_ARTICLE:
		if (a->cur > 0)
			open_article(a, a->cur - 1);
		else
			set_msg(a, "this is the first article");
		break;
	case ACT_SIDE:
		a->side_pref = a->side_w ? 0 : 1;
		place_panes(a);
		if (!a->side_w)
			a->focus = FOCUS_TEXT;
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_HELP:
		a->mode = MODE_HELP;
		a->help_top = 0;
		break;
	case ACT_SEARCH:
	case ACT_SEARCH_BACK:
		open_prompt(a, act == ACT_SEARCH_BACK);
		break;
	case ACT_NEXT_MATCH:
	case ACT_PREV_MATCH:
		next_match(a, act == ACT_PREV_MATCH);
		break;
	case ACT_FILTER:
		if (!a->search.q) {
			set_msg(a, "no search to narrow the list by");
			break;
		}
		a->filter = !a->filter;
		set_msg(a, a->filter ? "listing only articles with matches (F: all)"
		    : "listing all articles");
		break;
	case ACT_MARK:
	case ACT_BOOKMARKS:
		set_msg(a, "not available in this build yet");
		break;
	case ACT_NONE:
	case ACT_COUNT:
		break;
	}
}

static void
help_key(struct app *a, int key)
{
	enum action act = keymap_lookup(key);

	if (act == ACT_DOWN) {
		if (a->help_top + 1 < ACT_COUNT - 1)
			a->help_top++;
	} else if (act == ACT_UP) {
		if (a->help_top)
			a->help_top--;
	} else {
		a->mode = MODE_NORMAL;
	}
}

static void
mouse_event(struct app *a)
{
	MEVENT ev;
	int wheel = 0;

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED)
		wheel = -3;
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		wheel = 3;
#endif
	if (a->mode != MODE_NORMAL)
		return;
	if (ev.x < a->side_w && ev.y < a->pane_h) {
		if (wheel) {
			list_move(a, wheel);
		} else if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED |
		    BUTTON1_RELEASED)) {
			size_t i = list_at_row(a, ev.y);

			if (i < a->ds->n)
				open_article(a, i);
		}
	} else if (ev.x > a->side_w && ev.y < a->pane_h && wheel) {
		scroll_to(a, (long long)a->top + wheel);
	}
}

static void
handle_key(struct app *a, int key)
{
	if (key == KEYMAP_FN(KEY_MOUSE)) {
		mouse_event(a);
		return;
	}
	if (key == KEYMAP_FN(KEY_RESIZE)) {
		getmaxyx(stdscr, a->rows, a->cols);
		place_panes(a);
		return;
	}
	a->msg[0] = '\0';
	if (a->mode == MODE_HELP) {
		help_key(a, key);
		return;
	}
	if (a->mode == MODE_SEARCH) {
		search_key(a, key);
		return;
	}
	do_action(a, keymap_lookup(key));
}

/* --- setting up and tearing down ---------------------------------------- */

static void
init_colors(struct app *a)
{
	const char *nc = getenv("NO_COLOR");

	a->color = !a->opt->no_color && !(nc && *nc) && has_colors();
	if (!a->color)
		return;
	start_color();
	use_default_colors();
	init_pair(PAIR_TITLE, COLOR_YELLOW, -1);
	init_pair(PAIR_HEADING, COLOR_CYAN, -1);
	init_pair(PAIR_STATUS, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_SELECTED, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_MARKER, COLOR_GREEN, -1);
	init_pair(PAIR_DIM, COLOR_BLUE, -1);
	init_pair(PAIR_MATCH, COLOR_BLACK, COLOR_YELLOW);
	init_pair(PAIR_CURRENT, COLOR_BLACK, COLOR_MAGENTA);
	init_pair(PAIR_COUNT, COLOR_YELLOW, -1);
}

/* Is there a terminfo entry for term?  Asked before newterm(), which
 * would print its own message and exit. */
static int
known_terminal(const char *term)
{
	int err = 0;

	if (setupterm((char *)term, STDOUT_FILENO, &err) != OK)
		return 0;
	del_curterm(cur_term);
	return 1;
}

static int
start_curses(void)
{
	const char *term = getenv("TERM");
	SCREEN *scr;

	if (!term || !*term) {
		fputs("dossier: TERM is not set: cannot drive this terminal "
		    "(--list and --dump work without one)\n", stderr);
		return -1;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("dossier: not a terminal: the reader needs one "
		    "(--list and --dump work without one)\n", stderr);
		return -1;
	}
	scr = known_terminal(term) ? newterm(NULL, stdout, stdin) : NULL;
	if (!scr) {
		struct buf b = { 0 };

		buf_adds(&b, "dossier: TERM=");
		text_sanitize(&b, (const unsigned char *)term, strlen(term));
		buf_adds(&b, ": unknown terminal type\n");
		fputs(b.data, stderr);
		buf_free(&b);
		return -1;
	}
	set_term(scr);
	curses_active = 1;
	util_set_fatal_hook(restore_terminal);
	atexit(restore_terminal);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	    | BUTTON5_PRESSED
#endif
	    , NULL);
	mouseinterval(0);
	timeout(POLL_MS);
	return 0;
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

int
ui_run(struct dossier *ds, const struct ui_options *opt)
{
	struct app a;
	const char *cs;
	int status = 0;

	memset(&a, 0, sizeof a);
	a.ds = ds;
	a.opt = opt;
	a.side_pref = -1;
	a.anchor = xcalloc(ds->n, sizeof *a.anchor);
	a.origin.anchor = xcalloc(ds->n, sizeof *a.origin.anchor);
	search_init(&a.search, ds->n);
	cs = nl_langinfo(CODESET);
	a.utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);

	if (start_curses() < 0) {
		status = 2;
		goto out;
	}
	catch_signals();
	init_colors(&a);
	getmaxyx(stdscr, a.rows, a.cols);
	place_panes(&a);

	while (!a.quit) {
		wint_t wc;
		int r;

		draw(&a);
		r = get_wch(&wc);
		if (got_signal) {
			status = got_signal == SIGINT ? 130 : 128 + got_signal;
			break;
		}
		if (r == ERR)
			continue;
		handle_key(&a, r == KEY_CODE_YES ? KEYMAP_FN((int)wc) :
		    (int)wc);
	}
	restore_terminal();
out:
	layout_free(&a.lay);
	search_free(&a.search);
	buf_free(&a.query);
	while (a.nhistory)
		free(a.history[--a.nhistory]);
	free(a.history);
	free(a.origin.anchor);
	free(a.anchor);
	return status;
}
