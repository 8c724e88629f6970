/* view.c - drawing the reader from its state: the article list, the
 * reading pane, the status line (or the prompt) and the overlays.  Every
 * frame is drawn whole from struct app; curses sends only what changed,
 * so nothing flickers.  With tty.c the only file that includes curses.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uninorm.h>
#include <uniwidth.h>

#include "action.h"
#include "keymap.h"
#include "marks.h"
#include "overlay.h"
#include "results.h"
#include "settings.h"
#include "text.h"
#include "view.h"
#include "view_parts.h"

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
	case 0x2212: case LAYOUT_RULE_CHAR:
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

/* An estimate of the reading time: about 230 words a minute, and about
 * six bytes a word in the languages we read. */
static int
minutes_to_read(const struct doc *d)
{
	size_t words = (d->len - d->body) / 6;

	return (int)((words + 229) / 230);
}

/* What the list shows right of a headline: the date, and (with room)
 * the reading time. */
static void
list_info(const struct doc *d, int room, char *out, size_t n)
{
	int min = minutes_to_read(d);

	/* the minutes padded: the dates above and below line up */
	if (d->date && room)
		snprintf(out, n, "%s %2d min", d->date, min);
	else if (d->date)
		snprintf(out, n, "%s", d->date);
	else if (room)
		snprintf(out, n, "%2d min", min);
	else
		out[0] = '\0';
}

/* The selection's look: in colour the pair marks it (reverse would swap
 * the pair's colours). */
static void
sel_look(const struct app *a, attr_t *attr, short *pair)
{
	if (a->focus == FOCUS_LIST && a->color)
		*attr = A_BOLD;
	else if (a->focus == FOCUS_LIST)
		*attr = A_REVERSE | A_BOLD;
	else
		*attr = A_REVERSE;
	*pair = a->focus == FOCUS_LIST ? pair_of(a, PAIR_SELECTED) : 0;
}

/* A section's header: folded or not, its folder, its number of articles
 * and during a search its number of matches (on the right, as an
 * article's). */
static void
draw_header(struct app *a, int y, size_t s, int selected)
{
	int w = a->side_w, x, right = 0, partial;
	attr_t attr = A_BOLD;
	short pair = pair_of(a, PAIR_HEADING), cpair = pair_of(a, PAIR_COUNT);
	struct buf name = { 0 };
	char count[48];

	if (selected) {
		sel_look(a, &attr, &pair);
		attr |= A_BOLD;
		cpair = pair;
		fill(y, 0, w, attr, pair);
	}
	if (a->search.q) {
		size_t hits = app_section_hits(a, s, &partial);

		if (hits) {
			snprintf(count, sizeof count, " %zu%s", hits,
			    partial ? "+" : "");
			right = (int)strlen(count);
			put_str(a, y, w - right, count, right, attr, cpair);
		}
	}
	x = put_str(a, y, 0, a->folded[s] ? (a->utf8 ? "▸" : "+") :
	    (a->utf8 ? "▾" : "-"), w, attr, pair);
	x += put_str(a, y, x, " ", w - x - right, attr, pair);
	snprintf(count, sizeof count, " (%zu)", a->ds->secs[s].n);
	app_section_name(a, s, &name);
	x += put_str(a, y, x, name.data ? name.data : "", w - x - right -
	    (int)strlen(count), attr, pair);
	put_str(a, y, x, count, w - x - right, selected ? attr : A_DIM,
	    selected ? pair : pair_of(a, PAIR_DIM));
	buf_free(&name);
}

static void
draw_list(struct app *a)
{
	size_t n = a->ds->n, i;
	int digits = 1, y, h = a->pane_h, x, w = a->side_w, more;
	struct app_row r, sel = app_sel_row(a);
	char num[48];

	for (i = n; i >= 10; i /= 10)
		digits++;
	for (y = 0, more = app_list_row_at(a, 0, &r); y < h && more;
	    more = app_row_next(a, &r), y++) {
		struct doc *d;
		attr_t attr = A_NORMAL;
		short pair = 0;
		int right = 0;
		char count[32] = "";

		if (r.hdr) {
			draw_header(a, y, r.i, sel.hdr && sel.i == r.i);
			continue;
		}
		i = r.i;
		d = &a->ds->docs[i];
		if (!sel.hdr && i == a->sel) {
			sel_look(a, &attr, &pair);
			fill(y, 0, w, attr, pair);
		}
		x = 0;
		x += put_str(a, y, x, i == a->cur ? (a->utf8 ? "▶" : ">") :
		    " ", 1, attr | A_BOLD, i == a->sel ? pair :
		    pair_of(a, PAIR_MARKER));
		snprintf(num, sizeof num, "%*zu", digits & 31, i + 1);
		x += put_str(a, y, x, num, w - x, attr, pair);
		/* a bookmarked article, or one read to the end */
		x += put_str(a, y, x, a->marked[i] ? (a->utf8 ? "★" : "*") :
		    a->done[i] ? (a->utf8 ? "✓" : "+") : " ", w - x,
		    attr | A_BOLD, i == a->sel ? pair : pair_of(a, PAIR_MARKER));
		x += put_str(a, y, x, " ", w - x, attr, pair);
		if (a->search.q && a->search.hits[i].done &&
		    a->search.hits[i].n) {
			snprintf(count, sizeof count, " %zu",
			    a->search.hits[i].n);
			right = (int)strlen(count);
			put_str(a, y, w - right, count, right, attr | A_BOLD,
			    i == a->sel ? pair : pair_of(a, PAIR_COUNT));
		} else if (dossier_known(a->ds, i) && w - x >= 30) {
			/* the date, and with room the reading time */
			char info[40];

			list_info(d, w - x >= 44, info, sizeof info);
			right = info[0] ? (int)strlen(info) + 1 : 0;  /* ASCII */
			if (right)
				put_str(a, y, w - right + 1, info, right - 1,
				    i == a->sel ? attr : attr | A_DIM,
				    i == a->sel ? pair : pair_of(a, PAIR_DIM));
		}
		put_str(a, y, x, app_title(a, i), w - x - right, attr |
		    (dossier_known(a->ds, i) ? 0 : A_DIM), pair);
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
	if (!h->n || !h->listed)
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

/* With "justify on": the gaps between words of a line that is to be
 * stretched to the full width (a text line that is not the last of its
 * paragraph), else 0. */
static int
justify_gaps(const struct app *a, const struct doc *d, const struct line *ln)
{
	struct layout_iter it;
	struct text_unit u;
	int col, gaps = 0;

	if (!a->opt->settings || !a->opt->settings->justify ||
	    ln->kind != PARA_TEXT || (ln->flags & LINE_BLANK) ||
	    ln->end >= d->paras[ln->para].end || ln->width >= a->lay.width)
		return 0;
	layout_cells_begin(&it, d, ln, a->lay.width);
	while (layout_cells_next(&it, &u, &col))
		gaps += u.kind == TEXT_SPACE;
	return gaps;
}

static void
draw_text(struct app *a)
{
	struct doc *d = app_doc(a);
	struct layout_pos p = a->top;
	int y, gaps, extra, shift, k;

	if (!a->lay_valid) {
		put_str(a, 0, a->text_x, "reading this article…", a->text_w,
		    A_DIM, 0);
		return;
	}
	for (y = 0; y < a->pane_h; y++) {
		struct layout_iter it;
		struct text_unit u;
		const struct line *ln;
		attr_t attr = A_NORMAL;
		short pair = 0;
		int col;

		if (y > 0 && layout_lazy_move(&a->lay, &p, 1) == 0)
			break;
		ln = layout_lazy_line(&a->lay, p);
		if (!ln)
			break;
		if (ln->kind == PARA_TITLE) {
			attr = A_BOLD;
			pair = pair_of(a, PAIR_TITLE);
		} else if (ln->kind == PARA_HEADING) {
			attr = A_BOLD | (a->color ? 0 : A_UNDERLINE);
			pair = pair_of(a, PAIR_HEADING);
		} else if (ln->kind == PARA_QUOTE) {
			attr = A_DIM;
			pair = pair_of(a, PAIR_DIM);
		}
		gaps = justify_gaps(a, d, ln);
		extra = gaps ? a->lay.width - ln->width : 0;
		shift = k = 0;
		layout_cells_begin(&it, d, ln, a->lay.width);
		while (layout_cells_next(&it, &u, &col)) {
			attr_t at = attr;
			short pr = pair;
			int grow = 0;

			if (gaps && u.kind == TEXT_SPACE) {
				/* spread the spare columns over the gaps */
				grow = extra / gaps + (k < extra % gaps);
				k++;
			}
			u.width += grow;
			highlight(a, &u, ln, &at, &pr);
			put_unit(a, y, a->text_x + col + shift, &u, at, pr);
			shift += grow;
		}
	}
	if (!a->lay.nblocks && d->state == DOC_FAILED) {
		struct buf why = { 0 };

		buf_adds(&why, "cannot read this article: ");
		buf_adds(&why, d->error);
		put_str(a, 0, a->text_x, why.data, a->text_w, A_BOLD, 0);
		buf_free(&why);
	} else if (!a->lay.nblocks) {
		put_str(a, 0, a->text_x, "(this article is empty)", a->text_w,
		    A_DIM, 0);
	}
}

/* How far down the article the top of the screen is, by bytes (the
 * lines below are not laid out yet, so they cannot be counted), as the
 * bookmark list says it of a bookmark there; 100 once the end shows. */
static int
percent(struct app *a)
{
	if (!app_doc(a)->len || app_end_shown(a))
		return 100;
	return marks_percent(app_doc(a), app_top_byte(a));
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

/* The count short, for narrow terminals: "3/97" (the current match of
 * all), else "97". */
static void
search_short(const struct app *a, char *out, size_t n)
{
	const struct search *s = &a->search;
	const char *more = search_complete(s) ? "" : "+";

	if (!s->q)
		out[0] = '\0';
	else if (a->have_match)
		snprintf(out, n, "%zu/%zu%s", search_ordinal(s, a->m_doc,
		    a->m_idx), s->total, more);
	else
		snprintf(out, n, "%zu%s", s->total, more);
}

/* A prompt: "/query" (or the label prompt) with a cursor, and the count
 * on the right; the end of a line too long for the screen. */
static void
draw_prompt(struct app *a, int y, attr_t attr, short pair)
{
	const char *head = a->mode == MODE_LABEL ? (a->rename_id ?
	    "Rename bookmark: " : "Bookmark label: ") :
	    a->mode == MODE_COMMAND ? ":" : a->backward ? "?" : "/";
	char summary[160];
	struct buf b = { 0 };
	int right, room, w;
	size_t start;

	if (a->prompt.full)
		snprintf(summary, sizeof summary, "full: %d bytes at most",
		    PROMPT_MAX);
	else if (a->mode == MODE_LABEL || a->mode == MODE_COMMAND)
		summary[0] = '\0';
	else
		search_summary(a, summary, sizeof summary);
	right = summary[0] ? (int)strlen(summary) + 2 : 0;
	if (right > a->cols * 2 / 3 && a->mode == MODE_SEARCH) {
		/* short of room: the short count */
		search_short(a, summary, sizeof summary);
		right = (int)strlen(summary) + 2;
	}
	if (right > a->cols * 2 / 3)
		right = 0;
	room = a->cols - right - 2;
	/* measured from the end: as much as is shown, never the whole line */
	start = prompt_tail(&a->prompt, room - (int)strlen(head));
	buf_adds(&b, head);
	buf_add(&b, prompt_text(&a->prompt) + start,
	    a->prompt.text.len - start);
	w = put_str(a, y, 0, b.data, room, attr | A_BOLD, pair);
	fill(y, w, 1, A_REVERSE, 0);  /* the cursor */
	if (right)
		put_str(a, y, a->cols - right + 1, summary, right - 1, attr,
		    pair);
	buf_free(&b);
}

/* Where to break s so that its first part fits in cols columns: after
 * the last space that allows it (0: none does). */
static size_t
word_break(const char *s, int cols)
{
	size_t i, best = 0;

	for (i = 0; s[i]; i++)
		if (s[i] == ' ' && text_width((const unsigned char *)s, i) <=
		    cols)
			best = i;
	return best;
}

/* The status line's message at (y, x) in room columns; one too long
 * wraps at a word onto the row above it (over the pane, until the next
 * key), and what still does not fit is cut after a word. */
static void
draw_msg(struct app *a, int y, int x, int room, attr_t attr, short pair)
{
	const char *m = a->msg;
	size_t len = strlen(m), cut;
	char tail[sizeof a->msg];

	if (text_width((const unsigned char *)m, len) <= room || y == 0) {
		put_str(a, y, x, m, room, attr, pair);
		return;
	}
	cut = word_break(m, a->cols - 2);
	if (!cut) {
		put_str(a, y, x, m, room, attr, pair);
		return;
	}
	fill(y - 1, 0, a->cols, attr, pair);
	memcpy(tail, m, cut);
	tail[cut] = '\0';
	put_str(a, y - 1, 1, tail, a->cols - 2, attr, pair);
	snprintf(tail, sizeof tail, "%s", m + cut + 1);
	if (text_width((const unsigned char *)tail, strlen(tail)) > room) {
		/* still too long: end after a word, with an ellipsis */
		cut = word_break(tail, room - 1);
		if (cut)
			memcpy(tail + cut, "…", sizeof "…");
	}
	put_str(a, y, x, tail, room, attr, pair);
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
	if (a->mode == MODE_SEARCH || a->mode == MODE_LABEL ||
	    a->mode == MODE_COMMAND) {
		draw_prompt(a, y, attr, pair);
		return;
	}
	if (a->lay_valid)
		snprintf(pct, sizeof pct, " %3d%% ", percent(a));
	else
		snprintf(pct, sizeof pct, "   ... ");
	right = pct_x = a->cols - (int)strlen(pct);
	if (app_sectioned(a)) {
		/* "business · 12/510": the article's place in its section;
		 * a long folder name leaves half the line to the rest */
		size_t s = dossier_section_of(a->ds, a->cur);
		struct buf name = { 0 };

		app_section_name(a, s, &name);
		snprintf(left, sizeof left, " \xc2\xb7 %zu/%zu ",
		    dossier_section_pos(a->ds, a->cur) + 1, a->ds->secs[s].n);
		x += put_str(a, y, x, " ", a->cols, attr | A_BOLD, pair);
		x += put_str(a, y, x, name.data ? name.data : "", a->cols / 2,
		    attr | A_BOLD, pair);
		buf_free(&name);
	} else {
		snprintf(left, sizeof left, " %zu/%zu ", a->cur + 1, a->ds->n);
	}
	x += put_str(a, y, x, left, a->cols - x, attr | A_BOLD, pair);
	{
		size_t done = __atomic_load_n(&a->ds->done, __ATOMIC_ACQUIRE);
		char loading[64];
		int w;

		if (a->ds->running && done < a->ds->n) {
			snprintf(loading, sizeof loading, "reading %zu/%zu",
			    done, a->ds->n);
			w = (int)strlen(loading);
			if (w + 2 <= right - x) {
				put_str(a, y, right - w - 1, loading, w, attr,
				    pair);
				right -= w + 2;
			}
		}
	}
	if (a->search.q) {
		char summary[160];
		int w;

		search_summary(a, summary, sizeof summary);
		w = text_width((const unsigned char *)summary, strlen(summary));
		/* the count goes first when space is short; the title gives
		 * way; it is short in a narrow terminal or beside a message */
		if (w + 2 > right - x || (a->msg[0] && w + 2 +
		    text_width((const unsigned char *)a->msg,
		    strlen(a->msg)) > right - x)) {
			search_short(a, summary, sizeof summary);
			w = (int)strlen(summary);
		}
		if (w + 2 <= right - x) {
			put_str(a, y, right - w - 1, summary, w, attr, pair);
			right -= w + 2;
		}
	}
	if (app_doc(a)->encoding && dossier_ready(a->ds, a->cur)) {
		/* decoded from a legacy encoding: said where the title keeps
		 * some room */
		char enc[48];
		int w;

		snprintf(enc, sizeof enc, "(%s)", app_doc(a)->encoding);
		w = (int)strlen(enc);
		if (w + 2 + 16 <= right - x) {
			put_str(a, y, right - w - 1, enc, w, attr, pair);
			right -= w + 2;
		}
	}
	/* changes not saved: a mark that stays until a save works (the why
	 * is the message, put in place by app_settle()) */
	if (a->have_store && bm_store_unsaved(&a->store) && right - x > 12)
		x += put_str(a, y, x, "[unsaved] ", right - x, attr | A_BOLD,
		    pair);
	if (a->msg[0])
		draw_msg(a, y, x, right - x, attr | A_BOLD, pair);
	else
		put_str(a, y, x, app_title(a, a->cur), right - x, attr, pair);
	if (pct_x > x)
		put_str(a, y, pct_x, pct, a->cols - pct_x, attr, pair);
}

/* An overlay's frame: rows 1 to rows - 3 blanked across the whole
 * width (nothing shows beside it), the title on row 1.  Returns its left
 * column; *w is its width, at most max. */
static int
draw_frame(struct app *a, int max, const char *title, int *w)
{
	int x, y;

	*w = a->cols > max ? max : a->cols;
	x = (a->cols - *w) / 2;
	for (y = 1; y <= a->rows - 3; y++)
		fill(y, 0, a->cols, A_NORMAL, 0);
	put_str(a, 1, x + 1, title, *w - 2, A_BOLD, pair_of(a, PAIR_TITLE));
	return x;
}

static void
draw_help(struct app *a)
{
	struct buf keys = { 0 }, what = { 0 };
	int w, h = a->rows - 3, y, x, kw = 22;
	size_t row;

	x = draw_frame(a, 90, "dossier keys (j/k scroll, Space pages, q or "
	    "Esc closes)", &w);
	for (y = 2, row = a->help_top; y < h; row++, y++) {
		keys.len = what.len = 0;
		buf_add(&keys, "", 0);
		buf_add(&what, "", 0);
		if (!overlay_help_row(row, &keys, &what))
			break;
		if (!what.len) {
			/* a heading, across */
			put_str(a, y, x + 1, keys.data, w - 2, A_BOLD,
			    pair_of(a, PAIR_HEADING));
			continue;
		}
		put_str(a, y, x + 1, keys.data, kw - 1, A_BOLD, 0);
		put_str(a, y, x + kw, what.data, w - kw - 1, A_NORMAL, 0);
	}
	buf_free(&keys);
	buf_free(&what);
}

/* A row of the bookmark list in cols columns: "LABEL — TITLE".  When
 * both do not fit, the title comes first: the label is cut to what the
 * whole title leaves, but keeps a third of the row, and the title is cut
 * to the rest; so even a narrow list says which article each bookmark
 * is in. */
static void
mark_line(struct app *a, const struct bm_rec *r, long d, int cols,
    struct buf *line)
{
	struct buf title = { 0 };
	const unsigned char *lab = (const unsigned char *)r->label;
	int lw = text_width(lab, strlen(r->label)), tw;

	if (d >= 0) {
		buf_adds(&title, a->ds->docs[d].title);
	} else {
		buf_adds(&title, "(missing) ");
		text_sanitize(&title, (const unsigned char *)r->path,
		    strlen(r->path));
	}
	tw = text_width((const unsigned char *)title.data, title.len);
	if (lw + 3 + tw > cols) {
		int room = cols - 3 - tw;  /* beside the whole title */

		if (room < cols / 3)
			room = cols / 3;
		if (lw > room)
			lw = room;
	}
	text_fit(line, lab, strlen(r->label), lw);
	buf_adds(line, " \xe2\x80\x94 ");
	buf_add(line, title.data, title.len);
	buf_free(&title);
}

/* The bookmark list: label, headline, position and date of each. */
static void
draw_marks(struct app *a)
{
	int w, h = a->rows - 3, x, y;
	size_t i;

	x = draw_frame(a, 110, "Bookmarks (Enter jumps, d deletes, u undoes, "
	    "r renames, Esc closes)", &w);
	for (y = 2, i = a->mark_top; i < a->nmarks && y < h; i++, y++) {
		const struct bm_rec *r = &a->store.set.v[a->marks[i]];
		long d = marks_article(&a->mx, r->path);
		attr_t attr = i == a->mark_sel ? A_REVERSE : A_NORMAL;
		char right[64], day[16];
		struct buf line = { 0 };
		time_t t = (time_t)r->time;
		struct tm tm;
		int rw;

		if (localtime_r(&t, &tm))
			strftime(day, sizeof day, "%Y-%m-%d", &tm);
		else
			snprintf(day, sizeof day, "?");
		/* opening the list read them all (reading_reanchor) */
		if (d >= 0 && !dossier_ready(a->ds, (size_t)d))
			d = -1;
		/* the same width either way: the dates line up */
		if (d >= 0)
			snprintf(right, sizeof right, " %7d%%  %s",
			    marks_percent(&a->ds->docs[d],
			    marks_locate(r, &a->ds->docs[d])), day);
		else
			snprintf(right, sizeof right, " %8s  %s", "missing",
			    day);
		fill(y, x, w, attr, 0);
		rw = (int)strlen(right);
		if (rw > w / 2)
			rw = 0;
		mark_line(a, r, d, w - 2 - rw, &line);
		put_str(a, y, x + 1, line.data, w - 2 - rw, attr, 0);
		if (rw)
			put_str(a, y, x + w - rw - 1, right, rw, attr |
			    (d < 0 ? A_BOLD : 0), 0);
		buf_free(&line);
	}
}

/* The rule between the panes: a Unicode line where the locale has it
 * (the terminal's line-drawing set is not always switched right inside
 * multiplexers), else the terminal's own. */
static void
draw_rule(struct app *a)
{
	cchar_t cc;
	wchar_t line[2] = { 0x2502, 0 };

	if (a->utf8) {
		setcchar(&cc, line, A_NORMAL, 0, NULL);
		mvvline_set(0, a->side_w, &cc, a->pane_h);
	} else {
		mvvline(0, a->side_w, ACS_VLINE, a->pane_h);
	}
}

/* What is drawn over the panes, by mode (ui.c's table gives each mode
 * its keys); the prompts are drawn on the status line. */
static void (*const overlays[])(struct app *) = {
	[MODE_HELP] = draw_help,
	[MODE_MARKS] = draw_marks,
	[MODE_RESULTS] = results_draw,
};

void
view_draw(struct app *a)
{
	erase();
	if (a->cols < APP_MIN_COLS || a->rows < APP_MIN_ROWS) {
		const char *m = a->cols >= 18 ? "terminal too small" :
		    a->cols >= 9 ? "too small" : "!";

		put_str(a, 0, 0, m, a->cols, A_BOLD, 0);
		refresh();
		return;
	}
	if (a->side_w) {
		draw_list(a);
		draw_rule(a);
	}
	draw_text(a);
	draw_status(a);
	if ((size_t)a->mode < sizeof overlays / sizeof *overlays &&
	    overlays[a->mode])
		overlays[a->mode](a);
	else if (a->mode == MODE_LABEL && a->rename_id)
		draw_marks(a);  /* renaming one: the list stays */
	refresh();
}

void
view_init(struct app *a)
{
	/* in the order of enum color_pair and of the config file's elements */
	static const short defaults[SETTINGS_NELEMENTS][2] = {
		[SETTINGS_TITLE] = { COLOR_YELLOW, -1 },
		[SETTINGS_HEADING] = { COLOR_CYAN, -1 },
		[SETTINGS_STATUS] = { COLOR_WHITE, COLOR_BLUE },
		[SETTINGS_SELECTED] = { COLOR_BLACK, COLOR_CYAN },
		[SETTINGS_MARKER] = { COLOR_GREEN, -1 },
		[SETTINGS_DIM] = { COLOR_BLUE, -1 },
		[SETTINGS_MATCH] = { COLOR_BLACK, COLOR_YELLOW },
		[SETTINGS_CURRENT] = { COLOR_BLACK, COLOR_MAGENTA },
		[SETTINGS_COUNT] = { COLOR_YELLOW, -1 },
	};
	const struct settings *st = a->opt->settings;
	const char *nc = getenv("NO_COLOR");
	int e;

	a->color = !a->opt->no_color && !(nc && *nc) && has_colors();
	if (!a->color)
		return;
	start_color();
	use_default_colors();
	for (e = 0; e < SETTINGS_NELEMENTS; e++) {
		int fg = defaults[e][0], bg = defaults[e][1];

		if (st && (st->colors[e].set & SETTINGS_FG) &&
		    st->colors[e].fg < COLORS)
			fg = st->colors[e].fg;
		if (st && (st->colors[e].set & SETTINGS_BG) &&
		    st->colors[e].bg < COLORS)
			bg = st->colors[e].bg;
		init_pair((short)(e + 1), (short)fg, (short)bg);
	}
}


/* ---- for the other drawing files (view_parts.h) ------------------------- */

int
view_put_str(const struct app *a, int y, int x, const char *s, int max,
    attr_t attr, short pair)
{
	return put_str(a, y, x, s, max, attr, pair);
}

void
view_fill(int y, int x, int n, attr_t attr, short pair)
{
	fill(y, x, n, attr, pair);
}

short
view_pair(const struct app *a, enum view_color c)
{
	static const enum color_pair pairs[] = {
		[VIEW_TITLE] = PAIR_TITLE, [VIEW_STATUS] = PAIR_STATUS,
		[VIEW_MATCH] = PAIR_MATCH, [VIEW_DIM] = PAIR_DIM,
	};

	return pair_of(a, pairs[c]);
}
