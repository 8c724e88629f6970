/* layout.c - greedy word wrapping by display width, with UAX #14 break
 * opportunities from libunistring. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unilbrk.h>

#include "layout.h"

static void
push_line(struct layout *l, size_t start, size_t end, size_t para,
    int width, const struct doc *d, int flags)
{
	struct line *ln;

	GROW(l->v, l->cap, l->n + 1);
	ln = &l->v[l->n++];
	ln->start = start;
	ln->end = end;
	ln->para = (uint32_t)para;
	ln->width = (uint16_t)width;
	ln->kind = (uint8_t)d->paras[para].kind;
	ln->flags = (uint8_t)flags;
}

/* A unit wider than the whole line is drawn as one replacement cell. */
static int
unit_width(const struct text_unit *u, int width)
{
	return u->width > width ? 1 : u->width;
}

void
layout_para(const struct doc *d, size_t p, int width, struct layout *l)
{
	const unsigned char *s = d->src;
	size_t start = d->paras[p].start, end = d->paras[p].end;
	size_t pos = start;
	char *brk;

	if (width < 1)
		width = 1;
	if (width > UINT16_MAX)
		width = UINT16_MAX;
	brk = xmalloc(end - start + 1);
	u8_possible_linebreaks(s + start, end - start, "UTF-8", brk);

	while (pos < end) {
		size_t q = pos, last = 0;
		int col = 0, content = 0, last_col = 0, last_hyphen = 0;
		enum text_kind prev = TEXT_CHAR;
		struct text_unit u;

		for (;;) {
			size_t next;
			int w;

			if (q >= end) {
				push_line(l, pos, end, p, content, d, 0);
				pos = end;
				break;
			}
			next = text_next_unit(s, end, q, col, &u);
			if (q > pos && (prev != TEXT_CHAR ||
			    brk[q - start] == UC_BREAK_POSSIBLE ||
			    brk[q - start] == UC_BREAK_HYPHENATION) &&
			    (prev != TEXT_SHY || content + 1 <= width)) {
				last = q;
				last_col = content;
				last_hyphen = prev == TEXT_SHY;
			}
			prev = u.kind;
			if (u.kind == TEXT_SPACE) {
				/* white space hangs past the end of a line */
				col += u.width;
				q = next;
				continue;
			}
			if (u.kind == TEXT_SHY) {
				q = next;
				continue;
			}
			w = unit_width(&u, width);
			if (col + w > width) {
				if (last > pos) {
					push_line(l, pos, last, p,
					    last_col + last_hyphen, d,
					    last_hyphen ? LINE_HYPHEN : 0);
					pos = last;
				} else {
					/* no break opportunity: break
					 * between grapheme clusters */
					push_line(l, pos, q, p, content, d, 0);
					pos = q;
				}
				break;
			}
			col += w;
			content = col;
			q = next;
		}
	}
	free(brk);
}

void
layout_doc(const struct doc *d, int width, struct layout *l)
{
	size_t i;

	l->n = 0;
	l->width = width < 1 ? 1 : width;
	for (i = 0; i < d->npara; i++) {
		if (i > 0)
			push_line(l, d->paras[i].start, d->paras[i].start, i,
			    0, d, LINE_BLANK);
		layout_para(d, i, l->width, l);
	}
}

size_t
layout_find(const struct layout *l, size_t off)
{
	size_t lo = 0, hi = l->n;

	/* the last line with start <= off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->v[mid].start <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void
layout_free(struct layout *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

void
layout_cells_begin(struct layout_iter *it, const struct doc *d,
    const struct line *ln, int width)
{
	memset(it, 0, sizeof *it);
	it->doc = d;
	it->line = ln;
	it->pos = ln->start;
	it->limit = width < 1 ? 1 : width;
}

int
layout_cells_next(struct layout_iter *it, struct text_unit *u, int *col)
{
	const struct line *ln = it->line;

	while (it->pos < ln->end) {
		int c = it->col;

		it->pos = text_next_unit(it->doc->src, ln->end, it->pos, c, u);
		it->col += u->width;
		if (u->kind == TEXT_SHY)
			continue;
		if (u->kind == TEXT_SPACE) {
			if (c >= ln->width)
				continue;  /* trailing: clipped */
			if (c + u->width > ln->width)
				u->width = ln->width - c;
		} else if (u->width > it->limit) {
			it->col += 1 - u->width;
			u->width = 1;
			u->ncp = 1;
			u->cps[0] = TEXT_REPLACEMENT;
		}
		*col = c;
		return 1;
	}
	if ((ln->flags & LINE_HYPHEN) && !it->done_tail) {
		it->done_tail = 1;
		memset(u, 0, sizeof *u);
		u->pos = ln->end;
		u->kind = TEXT_CHAR;
		u->width = 1;
		u->ncp = 1;
		u->cps[0] = '-';
		*col = ln->width - 1;
		return 1;
	}
	return 0;
}

void
layout_line_text(const struct doc *d, const struct line *ln, int width,
    struct buf *out)
{
	struct layout_iter it;
	struct text_unit u;
	int col, at = 0, i;

	buf_add(out, "", 0);
	layout_cells_begin(&it, d, ln, width);
	while (layout_cells_next(&it, &u, &col)) {
		for (; at < col; at++)
			buf_addc(out, ' ');
		if (u.kind == TEXT_SPACE) {
			for (i = 0; i < u.width; i++)
				buf_addc(out, ' ');
		} else {
			for (i = 0; i < u.ncp; i++)
				text_put_cp(out, u.cps[i]);
		}
		at = col + u.width;
	}
}
