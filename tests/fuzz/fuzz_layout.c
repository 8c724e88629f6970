/* fuzz_layout.c - load, sanitise and lay out an article at random widths.
 *
 * Input: two bytes choose the widths (1-300 and 1-219), the rest is the
 * article (when the two bytes are 0xFC00 or more, the article is the rest
 * repeated to over 1.3 LAYOUT_BLOCK, so a long paragraph is cut in blocks,
 * and laid out at the first width only).
 * Checks the document's structure (a decoded file is UTF-8), the
 * sanitised strings, and every invariant of tests/unit/test_layout.c's
 * check(): lines within the width, byte ranges contiguous and covering
 * each paragraph, nothing unsafe drawn, no text lost or reordered (a
 * quote's marks and a separator's characters are not text), list items
 * hanging under their text where the width allows, a rule centred; that
 * layout_find() finds the line of any byte; and that the lazy layout,
 * blocks made in any order, is the same lines and moves and locates as
 * the whole one.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <uniwidth.h>

#include "doc.h"
#include "layout.h"
#include "marker.h"
#include "text.h"
#include "util.h"

#include "fuzz.h"

static void
check_safe(const char *what, const char *s, size_t n)
{
	const char *why = fuzz_unsafe_text(s, n);

	FUZZ_CHECK(!why, "%s: %s", what, why ? why : "");
}

/* Is the character at s[pos] one that trim() would have removed? */
static int
trimmable(const unsigned char *s, size_t pos, size_t end, size_t *len)
{
	uint32_t cp;
	int w;

	*len = text_decode(s + pos, end - pos, &cp, &w);
	return w < 0 || cp == 0 || text_is_space(cp);
}

/* doc_line_col: 1-based, the line counted in line breaks before off
 * (LF, CRLF or a lone CR), the column at most the bytes since the last. */
static void
check_line_col(const struct doc *d, size_t off)
{
	size_t line, col, breaks = 1, i, start = 0;

	if (off > d->len)
		off = d->len;
	for (i = 0; i < off; i++) {
		if (d->src[i] == '\n' || (d->src[i] == '\r' &&
		    (i + 1 >= d->len || d->src[i + 1] != '\n'))) {
			breaks++;
			start = i + 1;
		}
	}
	doc_line_col(d, off, &line, &col);
	FUZZ_CHECK(line == breaks && col >= 1 && col <= off - start + 1,
	    "doc_line_col(%zu): %zu:%zu, want line %zu, column at most %zu",
	    off, line, col, breaks, off - start + 1);
}

static void
check_doc(const struct doc *d)
{
	size_t i, pos, len = 0, titles = 0;
	int last_trim = 0;

	FUZZ_CHECK(d->src[d->len] == '\0', "src is not NUL-terminated");
	FUZZ_CHECK(!d->encoding || !u8_check(d->src, d->len),
	    "decoded from %s but not UTF-8", d->encoding ? d->encoding : "");
	FUZZ_CHECK(d->body <= d->len, "body %zu past the end %zu", d->body,
	    d->len);
	FUZZ_CHECK(d->title && *d->title, "empty title");
	check_safe("title", d->title, strlen(d->title));
	if (d->date) {
		FUZZ_CHECK(strlen(d->date) == 10, "date \"%s\"", d->date);
		check_safe("date", d->date, 10);
	}
	if (d->source)
		check_safe("source", d->source, strlen(d->source));
	if (d->author)
		check_safe("author", d->author, strlen(d->author));
	for (i = 0; i < d->npara; i++) {
		const struct para *p = &d->paras[i];

		FUZZ_CHECK(p->start < p->end, "paragraph %zu empty", i);
		FUZZ_CHECK(p->end <= d->len, "paragraph %zu past the end", i);
		FUZZ_CHECK(i == 0 || d->paras[i - 1].end <= p->start,
		    "paragraph %zu overlaps the one before", i);
		titles += p->kind == PARA_TITLE;
		FUZZ_CHECK(titles <= 1, "paragraph %zu is a second title", i);
		FUZZ_CHECK(!p->tight || (i > 0 && (p->kind == PARA_ITEM ||
		    p->kind == PARA_QUOTE) && d->paras[i - 1].kind == p->kind),
		    "paragraph %zu is tight after a %d", i,
		    i ? (int)d->paras[i - 1].kind : -1);
		FUZZ_CHECK(p->indent <= MARKER_MAX_INDENT && p->hang <=
		    MARKER_MAX_HANG && (p->kind == PARA_ITEM || !p->hang),
		    "paragraph %zu: indent %d hang %d", i, p->indent, p->hang);
		FUZZ_CHECK(p->kind == PARA_TITLE || p->start >= d->body,
		    "body paragraph %zu starts in the header", i);
		FUZZ_CHECK(!trimmable(d->src, p->start, p->end, &len),
		    "paragraph %zu starts with white space", i);
		for (pos = p->start; pos < p->end; pos += len)
			last_trim = trimmable(d->src, pos, p->end, &len);
		FUZZ_CHECK(!last_trim, "paragraph %zu ends with white space",
		    i);
	}
}

/* text_sanitize, text_width and text_fit on s[0,n) as one line. */
static void
check_text(const unsigned char *s, size_t n, int cols)
{
	struct buf b = { 0 };
	int used, width;

	text_sanitize(&b, s, n);
	check_safe("text_sanitize", b.data, b.len);
	buf_free(&b);
	width = text_width(s, n);
	FUZZ_CHECK(text_width_over(s, n, cols) == (width > cols) &&
	    !text_width_over(s, n, width) &&
	    (width == 0 || text_width_over(s, n, width - 1)),
	    "text_width_over disagrees with text_width %d", width);
	used = text_fit(&b, s, n, cols);
	check_safe("text_fit", b.data, b.len);
	FUZZ_CHECK(used >= 0 && used <= cols, "text_fit used %d of %d", used,
	    cols);
	FUZZ_CHECK(used <= width || used == cols,
	    "text_fit used %d, the text is %d wide", used, width);
	buf_free(&b);
}

static int
cps_width(const struct text_unit *u)
{
	int k, w, sum = 0;

	for (k = 0; k < u->ncp; k++) {
		w = uc_width(u->cps[k], "UTF-8");
		sum += w > 0 ? w : 0;
	}
	return sum;
}

/* Every visible unit of every paragraph, in order (as no_text_lost() in
 * test_layout.c wants them); the caller frees. */
static size_t *
visible_units(const struct doc *d, size_t *n)
{
	struct text_unit u;
	size_t *v = NULL, cap = 0, i, pos;

	*n = 0;
	for (i = 0; i < d->npara; i++) {
		if (d->paras[i].kind == PARA_RULE)
			continue;
		for (pos = d->paras[i].start; pos < d->paras[i].end;) {
			pos = layout_next_unit(d, i, d->paras[i].end, pos, 0,
			    &u);
			if (u.kind == TEXT_CHAR && u.ncp) {
				GROW(v, cap, *n + 1);
				v[(*n)++] = u.pos;
			}
		}
	}
	return v;
}

/* The lazy layout of d at w against the whole one, l: blocks made in an
 * order chosen by pick give the same lines; layout_lazy_line, _move,
 * _locate, _end and layout_pos_cmp agree with the line indexes. */
static void
check_lazy(const struct doc *d, int w, const struct layout *l, unsigned pick)
{
	struct layout_lazy z;
	struct layout_pos *at, p, q;
	const struct line *v, *ln;
	size_t b, k, n, i, j, idx, off;
	long long by, moved;

	layout_lazy_init(&z, d, w);
	FUZZ_CHECK(z.width == w, "lazy width %d, asked %d", z.width, w);
	/* make a few blocks first, out of order */
	for (k = 0; k < 3 && z.nblocks; k++)
		layout_lazy_block(&z, (pick >> (4 * k)) % z.nblocks, &n);
	at = xcalloc(l->n + 1, sizeof *at);
	for (b = 0, i = 0; b < z.nblocks; b++) {
		FUZZ_CHECK(z.blocks[b].start < z.blocks[b].end &&
		    z.blocks[b].lead <= z.blocks[b].start &&
		    (b == 0 || z.blocks[b - 1].end <= z.blocks[b].lead),
		    "block %zu [%zu,%zu) lead %zu", b, z.blocks[b].start,
		    z.blocks[b].end, z.blocks[b].lead);
		v = layout_lazy_block(&z, b, &n);
		FUZZ_CHECK(n > 0, "block %zu has no lines", b);
		for (j = 0; j < n; j++, i++) {
			FUZZ_CHECK(i < l->n, "the lazy layout has more lines "
			    "than %zu", l->n);
			FUZZ_CHECK(v[j].start == l->v[i].start &&
			    v[j].end == l->v[i].end &&
			    v[j].para == l->v[i].para &&
			    v[j].width == l->v[i].width &&
			    v[j].kind == l->v[i].kind &&
			    v[j].flags == l->v[i].flags, "width %d: lazy "
			    "line %zu.%zu [%zu,%zu) w %d f %d, line %zu "
			    "[%zu,%zu) w %d f %d", w, b, j, v[j].start,
			    v[j].end, v[j].width, v[j].flags, i,
			    l->v[i].start, l->v[i].end, l->v[i].width,
			    l->v[i].flags);
			at[i].block = b;
			at[i].line = j;
		}
	}
	FUZZ_CHECK(i == l->n, "the lazy layout has %zu lines, not %zu", i,
	    l->n);
	p.block = z.nblocks;
	p.line = 0;
	FUZZ_CHECK(!layout_lazy_line(&z, p), "a line past the last block");
	if (!l->n) {
		layout_lazy_free(&z);
		free(at);
		return;
	}
	p = at[l->n - 1];
	p.line++;
	FUZZ_CHECK(!layout_lazy_line(&z, p), "a line past the last line");

	for (k = 0; k < 4; k++, pick = pick * 1103515245u + 12345u) {
		/* moving from a line: clamped to the first and last */
		i = (pick >> 8) % l->n;
		by = (long long)((pick >> 3) % (2 * l->n + 5)) -
		    (long long)l->n - 2;
		p = at[i];
		ln = layout_lazy_line(&z, p);
		FUZZ_CHECK(ln && ln->start == l->v[i].start, "layout_lazy_line "
		    "of line %zu", i);
		moved = layout_lazy_move(&z, &p, by);
		idx = (long long)i + by < 0 ? 0 :
		    (long long)i + by >= (long long)l->n ? l->n - 1 :
		    (size_t)((long long)i + by);
		FUZZ_CHECK(layout_pos_cmp(p, at[idx]) == 0 &&
		    moved == (long long)idx - (long long)i,
		    "layout_lazy_move(%zu, %lld) to %zu.%zu moved %lld, want "
		    "line %zu", i, by, p.block, p.line, moved, idx);
		j = (pick >> 16) % l->n;
		FUZZ_CHECK(layout_pos_cmp(at[i], at[j]) ==
		    (i < j ? -1 : i > j), "layout_pos_cmp of lines %zu, %zu",
		    i, j);
		/* the top line that shows the last at the bottom */
		n = (pick >> 20) % (l->n + 3);
		p = layout_lazy_end(&z, n);
		idx = n > l->n ? 0 : n ? l->n - n : l->n - 1;
		FUZZ_CHECK(layout_pos_cmp(p, at[idx]) == 0,
		    "layout_lazy_end(%zu) is %zu.%zu, want line %zu", n,
		    p.block, p.line, idx);
		/* locating a byte, as layout_find does */
		off = k == 0 ? pick % (d->len + 2) :
		    k == 1 ? l->v[i].start : k == 2 ? l->v[i].end :
		    l->v[i].start + (l->v[i].end - l->v[i].start) / 2;
		q = layout_lazy_locate(&z, off);
		idx = layout_find(l, off);
		FUZZ_CHECK(layout_pos_cmp(q, at[idx]) == 0,
		    "layout_lazy_locate(%zu) is %zu.%zu, layout_find line "
		    "%zu", off, q.block, q.line, idx);
	}
	layout_lazy_free(&z);
	free(at);
}

/* The first cell of line i is at the right column: a list item's first
 * line at its indent, its later lines under its text (indent and hang)
 * when that leaves half the width, never further in than that; a rule
 * centred; other lines at a quote's indent or 0. */
static void
check_hang(const struct doc *d, const struct line *ln, int w, int col,
    size_t i)
{
	const struct para *p = &d->paras[ln->para];
	int want = p->indent + (ln->start > p->start ? p->hang : 0);

	if (p->kind == PARA_RULE) {
		want = w / 4 < 3 ? 3 : w / 4 > 20 ? 20 : w / 4;
		want = (w - (want < w ? want : w)) / 2;
		FUZZ_CHECK(col == want, "line %zu: a rule at column %d, want "
		    "%d at width %d", i, col, want, w);
		return;
	}
	FUZZ_CHECK(2 * want + 1 <= w ? col == want :
	    col <= want && 2 * col + 1 <= w, "line %zu: first cell at column "
	    "%d, want %d at width %d", i, col, want, w);
}

static void
check_layout(const struct doc *d, int w, const size_t *want, size_t nwant,
    unsigned pick)
{
	struct layout l = { 0 };
	struct layout_iter it;
	struct text_unit u;
	struct buf text = { 0 };
	size_t i, p = 0, got = 0, blanks = 0, tight = 0, off;
	size_t expect = d->npara ? d->paras[0].start : 0;
	int col, cols;

	layout_doc(d, w, &l);
	FUZZ_CHECK(l.width == w, "layout width %d, asked %d", l.width, w);
	FUZZ_CHECK(d->npara || l.n == 0, "lines without paragraphs");
	for (i = 0; i < l.n; i++) {
		const struct line *ln = &l.v[i];
		int right = 0, last_end = 0, hyphen_seen = 0, first = 1;

		FUZZ_CHECK(ln->para < d->npara, "line %zu: paragraph %u", i,
		    (unsigned)ln->para);
		FUZZ_CHECK(ln->kind == d->paras[ln->para].kind,
		    "line %zu: kind %d, paragraph's %d", i, ln->kind,
		    (int)d->paras[ln->para].kind);
		FUZZ_CHECK(i == 0 || l.v[i - 1].start <= ln->start,
		    "line %zu starts before the line above", i);
		if (ln->flags & LINE_BLANK) {
			FUZZ_CHECK(ln->para > 0 && ln->para == p + 1 &&
			    expect == d->paras[p].end &&
			    ln->start == d->paras[p].end &&
			    ln->end == d->paras[ln->para].start,
			    "blank line %zu is not the gap between paragraphs",
			    i);
			blanks++;
			continue;
		}
		if (ln->para != p) {
			FUZZ_CHECK(expect == d->paras[p].end,
			    "paragraph %zu not covered: ends at %zu, want %zu",
			    p, expect, d->paras[p].end);
			FUZZ_CHECK(ln->para == p + 1 && i > 0 &&
			    (!(l.v[i - 1].flags & LINE_BLANK)) ==
			    d->paras[ln->para].tight,
			    "line %zu: paragraph %u follows %zu with%s a "
			    "blank line", i, (unsigned)ln->para, p,
			    d->paras[ln->para].tight ? "" : "out");
			tight += d->paras[ln->para].tight;
			p = ln->para;
			expect = d->paras[p].start;
		}
		FUZZ_CHECK(ln->start == expect, "line %zu starts at %zu, want "
		    "%zu (gap or overlap)", i, ln->start, expect);
		FUZZ_CHECK(ln->end > ln->start, "line %zu is empty", i);
		FUZZ_CHECK(ln->end <= d->paras[p].end, "line %zu ends past "
		    "its paragraph", i);
		expect = ln->end;
		FUZZ_CHECK(ln->width <= w, "line %zu is %d wide at width %d",
		    i, ln->width, w);

		FUZZ_CHECK((!(ln->flags & LINE_RULE)) ==
		    (ln->kind != PARA_RULE),
		    "line %zu: rule flag %d on a paragraph of kind %d", i,
		    ln->flags & LINE_RULE, ln->kind);
		layout_cells_begin(&it, d, ln, w);
		while (layout_cells_next(&it, &u, &col)) {
			if (first)
				check_hang(d, ln, w, col, i);
			first = 0;
			FUZZ_CHECK(!hyphen_seen, "line %zu: a cell after the "
			    "hyphen", i);
			FUZZ_CHECK(col >= last_end, "line %zu: cell at %d "
			    "overlaps the one ending at %d", i, col, last_end);
			FUZZ_CHECK(u.width >= 0, "line %zu: cell of width %d",
			    i, u.width);
			last_end = col + u.width;
			if (last_end > right)
				right = last_end;
			FUZZ_CHECK(u.ncp >= 0 && u.ncp <= TEXT_MAX_CPS,
			    "line %zu: %d code points", i, u.ncp);
			for (int k = 0; k < u.ncp; k++)
				FUZZ_CHECK(!fuzz_is_control(u.cps[k]) &&
				    u.cps[k] <= 0x10FFFF &&
				    !(u.cps[k] >= 0xD800 && u.cps[k] < 0xE000),
				    "line %zu: U+%04X would be drawn", i,
				    (unsigned)u.cps[k]);
			if (u.kind == TEXT_CHAR)
				FUZZ_CHECK(cps_width(&u) <= u.width,
				    "line %zu: a unit draws %d columns in %d",
				    i, cps_width(&u), u.width);
			if (ln->flags & LINE_RULE) {
				FUZZ_CHECK(u.len == 0 && u.cps[0] ==
				    LAYOUT_RULE_CHAR, "line %zu: a rule shows "
				    "its text", i);
				continue;
			}
			if (u.len == 0 && u.kind == TEXT_CHAR) {
				/* the hyphen of a line broken after a soft
				 * hyphen */
				FUZZ_CHECK(ln->flags & LINE_HYPHEN,
				    "line %zu: an empty cell", i);
				hyphen_seen = 1;
				continue;
			}
			FUZZ_CHECK(u.pos >= ln->start &&
			    u.pos + u.len <= ln->end, "line %zu: a cell "
			    "outside the line", i);
			if (u.kind != TEXT_CHAR || !u.ncp)
				continue;
			FUZZ_CHECK(got < nwant && want[got] == u.pos,
			    "width %d, line %zu: unit at %zu lost or "
			    "reordered", w, i, got < nwant ? want[got] : 0);
			got++;
		}
		FUZZ_CHECK(right <= w, "line %zu draws %d columns at width %d",
		    i, right, w);
		FUZZ_CHECK(!(ln->flags & LINE_HYPHEN) || hyphen_seen,
		    "line %zu: hyphen flag without a hyphen", i);

		buf_free(&text);
		layout_line_text(d, ln, w, &text);
		check_safe("layout_line_text", text.data, text.len);
		cols = u8_strwidth((const uint8_t *)text.data, "UTF-8");
		FUZZ_CHECK(cols <= w, "line %zu: --dump text %d "
		    "columns wide at width %d", i, cols, w);
	}
	buf_free(&text);
	FUZZ_CHECK(!d->npara || expect == d->paras[p].end,
	    "the last paragraph is not covered");
	FUZZ_CHECK(!l.n || l.v[l.n - 1].para == d->npara - 1,
	    "paragraphs missing at the end");
	FUZZ_CHECK(got == nwant, "width %d: %zu of %zu units drawn", w, got,
	    nwant);
	FUZZ_CHECK(blanks + tight == (d->npara ? d->npara - 1 : 0),
	    "%zu blank lines and %zu tight for %zu paragraphs", blanks, tight,
	    d->npara);

	/* layout_find: the last line starting at or before the byte, which
	 * holds it when it is inside a paragraph */
	for (int k = 0; k < 4 && l.n; k++) {
		off = k == 0 ? pick % (d->len + 1) :
		    k == 1 ? d->paras[pick % d->npara].start :
		    k == 2 ? d->paras[pick % d->npara].end - 1 :
		    d->paras[pick % d->npara].end;
		i = layout_find(&l, off);
		FUZZ_CHECK(i < l.n, "layout_find(%zu) = %zu of %zu", off, i,
		    l.n);
		FUZZ_CHECK(l.v[i].start <= off || i == 0,
		    "layout_find(%zu): line %zu starts after it", off, i);
		FUZZ_CHECK(i + 1 >= l.n || l.v[i + 1].start > off,
		    "layout_find(%zu): line %zu is not the last one", off, i);
		for (p = 0; p < d->npara; p++)
			if (d->paras[p].start <= off && off < d->paras[p].end)
				FUZZ_CHECK(l.v[i].start <= off &&
				    off < l.v[i].end && l.v[i].para == p,
				    "layout_find(%zu): line %zu [%zu,%zu) does "
				    "not hold it", off, i, l.v[i].start,
				    l.v[i].end);
	}
	check_lazy(d, w, &l, pick);
	layout_free(&l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc d;
	unsigned char *src;
	unsigned v;
	size_t *want, nwant = 0, len, i;
	int w1, w2, big;

	if (size < 2)
		return 0;
	v = data[0] | (unsigned)data[1] << 8;
	w1 = 1 + (int)(v % 300);
	w2 = 1 + (int)(v / 300 % 300);
	data += 2;
	size -= 2;

	check_text(data, size, w1);

	/* big: a paragraph this long is cut in two blocks (past 1.25
	 * LAYOUT_BLOCK); rare and at one width only, as it is slow */
	big = v >= 0xFC00 && size;
	len = big ? (13 * LAYOUT_BLOCK / 10 / size + 1) * size : size;
	src = xmalloc(len + 1);
	for (i = 0; i < len; i += size)
		memcpy(src + i, data, size);
	doc_init(&d, "fuzz/article.txt", src, len);
	check_doc(&d);
	if (!big)
		check_line_col(&d, v * 2654435761u % (len + 1));
	want = visible_units(&d, &nwant);
	check_layout(&d, w1, want, nwant, v * 2654435761u);
	if (w2 != w1 && !big)
		check_layout(&d, w2, want, nwant, v * 40503u + 7);
	free(want);
	doc_free(&d);
	return 0;
}
