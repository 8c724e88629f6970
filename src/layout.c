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

size_t
layout_next_unit(const struct doc *d, size_t p, size_t end, size_t pos,
    int col, struct text_unit *u)
{
	const unsigned char *s = d->src;
	size_t next = text_next_unit(s, end, pos, col, u);

	if (d->paras[p].kind == PARA_QUOTE && u->kind == TEXT_SPACE &&
	    u->newline) {
		/* the '>' marks that start a quote's next line are not
		 * shown: they are part of the line break */
		while (next < end && (s[next] == '>' || s[next] == ' ' ||
		    s[next] == '\t'))
			next++;
		u->len = next - pos;
	}
	return next;
}

int
layout_indent(const struct doc *d, const struct line *ln, int width)
{
	const struct para *pa = &d->paras[ln->para];
	int in, max = (width - 1) / 2;

	if (ln->flags & LINE_BLANK)
		return 0;
	if (pa->kind == PARA_RULE)
		return (width - layout_rule_cols(width)) / 2;
	/* an item's later lines hang under its text, not its bullet */
	in = pa->indent + (ln->start > pa->start ? pa->hang : 0);
	/* but half the line stays for the text */
	return in < max ? in : max;
}

int
layout_rule_cols(int width)
{
	int n = width / 4;

	if (n < 3)
		n = 3;
	if (n > 20)
		n = 20;
	return n < width ? n : width;
}

/* Lay out src[start, end) of paragraph p (all of it, or one block). */
static void
layout_range(const struct doc *d, size_t p, size_t start, size_t end,
    int width, struct layout *l)
{
	const unsigned char *s = d->src;
	size_t pos = start;
	char *brk;

	if (width < 1)
		width = 1;
	if (width > UINT16_MAX)
		width = UINT16_MAX;
	if (d->paras[p].kind == PARA_RULE) {
		struct line rule = { start, end, (uint32_t)p, 0, 0, 0 };
		int in = layout_indent(d, &rule, width);

		push_line(l, start, end, p, in + layout_rule_cols(width), d,
		    LINE_RULE);
		return;
	}
	brk = xmalloc(end - start + 1);
	u8_possible_linebreaks(s + start, end - start, "UTF-8", brk);

	while (pos < end) {
		struct line here = { pos, pos, (uint32_t)p, 0, 0, 0 };
		size_t q = pos, last = 0;
		int indent = layout_indent(d, &here, width);
		int col = indent, content = indent, last_col = 0;
		int last_hyphen = 0, shy_after_space = 0;
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
			next = layout_next_unit(d, p, end, q, col, &u);
			/* after a soft hyphen: a break with a '-', if there is
			 * room for it and the hyphen follows a letter (after
			 * white space the line breaks at the space instead) */
			if (q > pos && (prev != TEXT_CHAR ||
			    brk[q - start] == UC_BREAK_POSSIBLE ||
			    brk[q - start] == UC_BREAK_HYPHENATION) &&
			    (prev != TEXT_SHY || (content + 1 <= width &&
			    !shy_after_space))) {
				last = q;
				last_col = content;
				last_hyphen = prev == TEXT_SHY;
			}
			if (u.kind == TEXT_SHY)
				shy_after_space = prev == TEXT_SPACE ||
				    (prev == TEXT_SHY && shy_after_space);
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
			w = unit_width(&u, width - indent);
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

/* Where the block of a long paragraph that starts at pos ends: at the
 * first white space after LAYOUT_BLOCK bytes (after the whole run of it),
 * else at a character boundary there.  Blocks are laid out independently,
 * so a paragraph of megabytes is never laid out from its start to show
 * its end; the price is one short line every LAYOUT_BLOCK bytes. */
static size_t
block_end(const struct doc *d, size_t para, size_t pos, size_t end)
{
	const unsigned char *s = d->src;
	int quote = d->paras[para].kind == PARA_QUOTE;
	size_t p, limit;

	/* a rule is one line however long */
	if (end - pos <= LAYOUT_BLOCK + LAYOUT_BLOCK / 4 ||
	    d->paras[para].kind == PARA_RULE)
		return end;
	p = pos + LAYOUT_BLOCK;
	limit = p + LAYOUT_BLOCK / 8;
	while (p < limit && s[p] != ' ' && s[p] != '\n' && s[p] != '\t' &&
	    s[p] != '\r')
		p++;
	if (p < limit) {
		/* a quote's next line starts with its marks: they go with
		 * the line break before them */
		while (p < end && (s[p] == ' ' || s[p] == '\n' || s[p] == '\t' ||
		    s[p] == '\r' || (quote && s[p] == '>')))
			p++;
		return p;
	}
	/* no white space: cut between two units (grapheme clusters), found
	 * by reading the block's units from its start */
	{
		struct text_unit u;
		size_t q = pos, cut = pos;
		int col = 0;

		while (q < end && q <= pos + LAYOUT_BLOCK) {
			cut = q;
			q = text_next_unit(s, end, q, col, &u);
			col += u.width;
		}
		return cut > pos ? cut : q;
	}
}

/* Append the blocks of paragraph p to *v (grown with GROW). */
static void
para_blocks(const struct doc *d, size_t p, struct layout_block **v,
    size_t *n, size_t *cap)
{
	size_t pos = d->paras[p].start, end = d->paras[p].end;

	do {
		size_t e = block_end(d, p, pos, end);

		GROW(*v, *cap, *n + 1);
		(*v)[*n].start = pos;
		(*v)[*n].end = e;
		(*v)[*n].para = (uint32_t)p;
		(*v)[*n].first = pos == d->paras[p].start;
		/* a paragraph's first block begins with the blank line,
		 * which shows the white space after the paragraph before */
		(*v)[*n].lead = (*v)[*n].first && p > 0 &&
		    !d->paras[p].tight ? d->paras[p - 1].end : pos;
		(*n)++;
		pos = e;
	} while (pos < end);
}

/* The lines of one block: a blank line first when it begins a paragraph
 * other than the first (and not the next item of a list or line of a
 * quote). */
static void
block_lines(const struct doc *d, const struct layout_block *b, int width,
    struct layout *l)
{
	if (b->first && b->para > 0 && !d->paras[b->para].tight)
		push_line(l, b->lead, b->start, b->para, 0, d, LINE_BLANK);
	layout_range(d, b->para, b->start, b->end, width, l);
}

void
layout_para(const struct doc *d, size_t p, int width, struct layout *l)
{
	struct layout_block *v = NULL;
	size_t n = 0, cap = 0, i;

	para_blocks(d, p, &v, &n, &cap);
	for (i = 0; i < n; i++)
		layout_range(d, p, v[i].start, v[i].end, width, l);
	free(v);
}

void
layout_doc(const struct doc *d, int width, struct layout *l)
{
	struct layout_block *v = NULL;
	size_t n = 0, cap = 0, i;

	l->n = 0;
	l->width = width < 1 ? 1 : width;
	for (i = 0; i < d->npara; i++)
		para_blocks(d, i, &v, &n, &cap);
	for (i = 0; i < n; i++)
		block_lines(d, &v[i], l->width, l);
	free(v);
}

/* --- laid out as needed ----------------------------------------------- */

void
layout_lazy_init(struct layout_lazy *z, const struct doc *d, int width)
{
	size_t cap = 0, i;

	memset(z, 0, sizeof *z);
	z->doc = d;
	z->width = width < 1 ? 1 : width;
	for (i = 0; i < d->npara; i++)
		para_blocks(d, i, &z->blocks, &z->nblocks, &cap);
	z->lines = xcalloc(z->nblocks ? z->nblocks : 1, sizeof *z->lines);
	z->nlines = xcalloc(z->nblocks ? z->nblocks : 1, sizeof *z->nlines);
}

void
layout_lazy_free(struct layout_lazy *z)
{
	size_t i;

	for (i = 0; i < z->nblocks; i++)
		free(z->lines[i]);
	free(z->lines);
	free(z->nlines);
	free(z->blocks);
	memset(z, 0, sizeof *z);
}

const struct line *
layout_lazy_block(struct layout_lazy *z, size_t b, size_t *n)
{
	if (!z->lines[b]) {
		struct layout l = { 0 };

		block_lines(z->doc, &z->blocks[b], z->width, &l);
		z->lines[b] = l.v ? l.v : xmalloc(sizeof *l.v);
		z->nlines[b] = l.n;
		z->laid += l.n;
	}
	*n = z->nlines[b];
	return z->lines[b];
}

const struct line *
layout_lazy_line(struct layout_lazy *z, struct layout_pos p)
{
	size_t n;
	const struct line *v;

	if (p.block >= z->nblocks)
		return NULL;
	v = layout_lazy_block(z, p.block, &n);
	return p.line < n ? &v[p.line] : NULL;
}

long long
layout_lazy_move(struct layout_lazy *z, struct layout_pos *p, long long by)
{
	long long moved = 0;
	size_t n;

	if (!z->nblocks)
		return 0;
	while (by > 0) {
		layout_lazy_block(z, p->block, &n);
		if (p->line + 1 < n) {
			/* within the block, as far as it goes */
			size_t step = n - 1 - p->line;

			if ((long long)step > by)
				step = (size_t)by;
			p->line += step;
			by -= (long long)step;
			moved += (long long)step;
		} else if (p->block + 1 < z->nblocks) {
			p->block++;
			p->line = 0;
			layout_lazy_block(z, p->block, &n);
			if (n) {
				by--;
				moved++;
			}
		} else {
			break;
		}
	}
	while (by < 0) {
		if (p->line > 0) {
			size_t step = p->line;

			if ((long long)step > -by)
				step = (size_t)-by;
			p->line -= step;
			by += (long long)step;
			moved -= (long long)step;
		} else if (p->block > 0) {
			p->block--;
			layout_lazy_block(z, p->block, &n);
			if (n) {
				p->line = n - 1;
				by++;
				moved--;
			}
		} else {
			break;
		}
	}
	return moved;
}

struct layout_pos
layout_lazy_locate(struct layout_lazy *z, size_t off)
{
	struct layout_pos p = { 0, 0 };
	size_t lo = 0, hi = z->nblocks, n, i;
	const struct line *v;

	if (!z->nblocks)
		return p;
	/* the last block starting at or before off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (z->blocks[mid].lead <= off)
			lo = mid;
		else
			hi = mid;
	}
	p.block = lo;
	v = layout_lazy_block(z, lo, &n);
	/* the last line starting at or before off */
	for (i = 0; i < n; i++)
		if (v[i].start <= off)
			p.line = i;
	return p;
}

struct layout_pos
layout_lazy_end(struct layout_lazy *z, size_t rows)
{
	struct layout_pos p = { 0, 0 };
	size_t n;

	if (!z->nblocks)
		return p;
	p.block = z->nblocks - 1;
	layout_lazy_block(z, p.block, &n);
	p.line = n ? n - 1 : 0;
	if (rows > 1)
		layout_lazy_move(z, &p, -(long long)(rows - 1));
	return p;
}

int
layout_pos_cmp(struct layout_pos a, struct layout_pos b)
{
	if (a.block != b.block)
		return a.block < b.block ? -1 : 1;
	if (a.line != b.line)
		return a.line < b.line ? -1 : 1;
	return 0;
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
	if (width < 1)
		width = 1;
	it->col = layout_indent(d, ln, width);
	it->limit = width - it->col;
}

int
layout_cells_next(struct layout_iter *it, struct text_unit *u, int *col)
{
	const struct line *ln = it->line;

	if (ln->flags & LINE_BLANK)
		return 0;  /* the gap between paragraphs shows nothing */
	if (ln->flags & LINE_RULE) {
		/* a separator: its characters are not shown, a rule is */
		if (it->col >= ln->width)
			return 0;
		memset(u, 0, sizeof *u);
		u->pos = ln->start;
		u->kind = TEXT_CHAR;
		u->width = 1;
		u->ncp = 1;
		u->cps[0] = LAYOUT_RULE_CHAR;
		*col = it->col++;
		return 1;
	}
	while (it->pos < ln->end) {
		int c = it->col;

		it->pos = layout_next_unit(it->doc, ln->para, ln->end, it->pos,
		    c, u);
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
