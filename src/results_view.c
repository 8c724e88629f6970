/* results_view.c - drawing the results list (results.h): a title row,
 * one match a row with its article's number (and, when wide enough, its
 * headline) and the match centred in its context, cut at both edges with
 * an ellipsis by display width, and a status row.  Only the rows on
 * screen are drawn, from matches results_settle() listed; it changes no
 * state.  A drawing file: it includes curses (through view_parts.h).
 */
#include "config.h"

#include <string.h>

#include "results.h"
#include "text.h"
#include "view_parts.h"

/* Bytes of context read on either side for each column shown: enough
 * for any script, few enough that a row costs nothing. */
#define BYTES_PER_COL 8

/* Is src[p] the start of a blank line (a paragraph's edge)? */
static int
blank_at(const unsigned char *src, size_t len, size_t p)
{
	if (src[p] != '\n')
		return 0;
	for (p++; p < len && (src[p] == ' ' || src[p] == '\r' ||
	    src[p] == '\t'); p++)
		;
	return p < len && src[p] == '\n';
}

/* Is the character at src[p] (p < len) white space?  Sanitizing drops
 * it at either end of a slice; the rows put it back between the match
 * and its context. */
static int
space_at(const struct doc *d, size_t p)
{
	uint32_t cp;
	int w;

	text_decode(d->src + p, d->len - p, &cp, &w);
	return w == -1 || w == -2 || w == -4;
}

/* Is the character before src[p] white space? */
static int
space_before(const struct doc *d, size_t p)
{
	size_t q;

	if (p == 0)
		return 0;
	for (q = p - 1; q > 0 && p - q < 4 && (d->src[q] & 0xC0) == 0x80; q--)
		;
	return space_at(d, q);
}

/* The context before the match, in at most room columns: as much of its
 * paragraph as fits, cut with "…" on the left. */
static void
left_context(const struct doc *d, size_t start, int room, struct buf *out)
{
	struct buf b = { 0 };
	size_t from = start, limit = (size_t)room * BYTES_PER_COL + 16;
	size_t pos = 0;
	struct text_unit u;
	int w;

	while (from > 0 && start - from < limit && !blank_at(d->src, d->len,
	    from - 1))
		from--;
	/* the rest of a character cut by the limit is not shown */
	while (from < start && (d->src[from] & 0xC0) == 0x80)
		from++;
	text_sanitize(&b, d->src + from, start - from);
	w = text_width((const unsigned char *)b.data, b.len);
	if (w > room || (from > 0 && !blank_at(d->src, d->len, from - 1) &&
	    w == room)) {
		/* drop units from the front until it fits with "…" */
		while (pos < b.len && w > room - 1) {
			pos = text_next_unit((const unsigned char *)b.data,
			    b.len, pos, 0, &u);
			w -= u.width;
		}
		if (room > 0)
			text_put_cp(out, 0x2026);
	}
	if (b.len > pos)
		buf_add(out, b.data + pos, b.len - pos);
	buf_free(&b);
}

/* The context after the match: its paragraph, as far as a row shows
 * (view_put_str() cuts it with "…"). */
static void
right_context(const struct doc *d, size_t end, int room, struct buf *out)
{
	size_t to = end, limit = (size_t)room * BYTES_PER_COL + 16;

	while (to < d->len && to - end < limit && !blank_at(d->src, d->len,
	    to))
		to++;
	while (to < d->len && to > end && (d->src[to] & 0xC0) == 0x80)
		to--;  /* not half a character */
	text_sanitize(out, d->src + end, to - end);
}

/* One row: the match on row k of the list. */
static void
draw_row(struct app *a, int y, size_t k, int digits, int title_w)
{
	const struct search_hits *h;
	const struct fold_match *m;
	const struct doc *d;
	struct buf b = { 0 };
	size_t doc, idx;
	int sel = k == a->results.sel, x = 0, room, mw, lw, left, gap;
	attr_t attr = sel ? A_REVERSE : A_NORMAL, mattr;
	short mpair = view_pair(a, VIEW_MATCH);
	char num[32];

	results_at(a, k, &doc, &idx);
	h = &a->search.hits[doc];
	if (sel)
		view_fill(y, 0, a->cols, attr, 0);
	snprintf(num, sizeof num, " %*zu ", digits & 31, doc + 1);
	x += view_put_str(a, y, x, num, a->cols, attr | A_BOLD, 0);
	if (title_w) {
		view_put_str(a, y, x, app_title(a, doc), title_w - 1,
		    attr | A_DIM, sel ? 0 : view_pair(a, VIEW_DIM));
		x += title_w + 1;
	}
	room = a->cols - x - 1;
	if (!h->listed || idx >= h->n || room < 3) {
		/* not listed yet (the article could not be read) */
		view_put_str(a, y, x, "…", room, attr | A_DIM, 0);
		return;
	}
	d = &a->ds->docs[doc];
	m = &h->v[idx];
	text_sanitize(&b, d->src + m->start, m->end - m->start);
	mw = text_width((const unsigned char *)b.data, b.len);
	if (mw > room - 2)
		mw = room - 2;
	/* the match centred: the same column on every row */
	left = (room - mw) / 2;
	mattr = a->color ? A_BOLD : sel ? A_BOLD | A_UNDERLINE :
	    A_REVERSE | A_BOLD;
	view_put_str(a, y, x + left, b.data, mw, mattr, mpair);
	/* a space between the match and its context where the text has
	 * one (sanitizing drops it at the ends of a slice) */
	gap = space_before(d, m->start);
	b.len = 0;
	left_context(d, m->start, left - gap, &b);
	buf_addc(&b, '\0');
	lw = text_width((const unsigned char *)b.data, strlen(b.data));
	view_put_str(a, y, x + left - gap - lw, b.data, lw, attr, 0);
	gap = m->end < d->len && space_at(d, m->end);
	b.len = 0;
	right_context(d, m->end, room - left - mw - gap, &b);
	buf_addc(&b, '\0');
	view_put_str(a, y, x + left + mw + gap, b.data, room - left - mw - gap,
	    attr, 0);
	buf_free(&b);
}

void
results_draw(struct app *a)
{
	int y, h = results_rows(a), digits = 1, title_w = 0;
	attr_t sattr = a->color ? A_NORMAL : A_REVERSE;
	short spair = view_pair(a, VIEW_STATUS);
	struct buf t = { 0 };
	size_t k, n;
	char status[160];

	for (y = 0; y < a->rows; y++)
		view_fill(y, 0, a->cols, A_NORMAL, 0);
	for (n = a->ds->n; n >= 10; n /= 10)
		digits++;
	if (a->cols >= 80)
		title_w = a->cols / 4 > 40 ? 40 : a->cols / 4;
	buf_adds(&t, "Matches of \xe2\x80\x9c");
	if (a->search.text)
		text_sanitize(&t, (const unsigned char *)a->search.text,
		    strlen(a->search.text));
	buf_adds(&t, "\xe2\x80\x9d (Enter opens, / searches, Esc closes)");
	view_put_str(a, 0, 1, t.data, a->cols - 2, A_BOLD,
	    view_pair(a, VIEW_TITLE));
	buf_free(&t);
	for (y = 1, k = a->results.top; y <= h && k < a->results.total;
	    y++, k++)
		draw_row(a, y, k, digits, title_w);
	view_fill(a->rows - 1, 0, a->cols, sattr, spair);
	snprintf(status, sizeof status, " match %zu/%zu, %zu %s in %zu %s",
	    a->results.sel + 1, a->results.total, a->results.total,
	    a->results.total == 1 ? "match" : "matches", a->search.articles,
	    a->search.articles == 1 ? "article" : "articles");
	view_put_str(a, a->rows - 1, 0, status, a->cols, sattr | A_BOLD,
	    spair);
}
