/* doc.c - reading an article and finding its header, paragraphs and
 * headings.  Everything found is a byte range of the original text. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <uniconv.h>
#include <unistr.h>

#include "debris.h"
#include "doc.h"
#include "fold.h"
#include "marker.h"
#include "text.h"
#include "util.h"

/* A block line shorter than this (columns) may be a hard-wrapped line. */
#define WRAPPED_LINE_COLS 100
/* Headings are single short lines. */
#define HEADING_COLS 80
#define HEADING_WORDS 12

struct span {
	size_t start, end;
};

/* The line starting at *pos: its content range, without the line break.
 * Advances *pos past the break.  LF, CRLF and a lone CR end a line. */
static struct span
next_line(const unsigned char *s, size_t len, size_t *pos)
{
	struct span l = { *pos, *pos };
	size_t p = *pos;

	/* eight bytes at a time while none is a CR or LF */
	while (p + 8 <= len) {
		uint64_t v, lf, cr;

		memcpy(&v, s + p, 8);
		lf = v ^ 0x0A0A0A0A0A0A0A0AULL;
		cr = v ^ 0x0D0D0D0D0D0D0D0DULL;
		if (((lf - 0x0101010101010101ULL) & ~lf) & 0x8080808080808080ULL ||
		    ((cr - 0x0101010101010101ULL) & ~cr) & 0x8080808080808080ULL)
			break;
		p += 8;
	}
	while (p < len && s[p] != '\n' && s[p] != '\r')
		p++;
	l.end = p;
	if (p < len && s[p] == '\r')
		p++;
	if (p < len && s[p] == '\n' && (p == l.end || s[p - 1] == '\r'))
		p++;
	*pos = p;
	return l;
}

static int
is_ascii_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

static int
is_blank(const unsigned char *s, struct span l)
{
	text_trim(s, &l.start, &l.end);
	return l.start == l.end;
}

static char *
safe_string(const unsigned char *s, size_t start, size_t end, int max_cols)
{
	struct buf b = { 0 };

	text_fit(&b, s + start, end - start, max_cols);
	return b.data;
}

/* "Key: value" with a key of letters, digits, '-' and '_'. */
static int
header_field(const unsigned char *s, struct span l, struct span *key,
    struct span *val)
{
	size_t p = l.start;

	if (p >= l.end || !((s[p] | 0x20) >= 'a' && (s[p] | 0x20) <= 'z'))
		return 0;
	while (p < l.end && p - l.start < 32 &&
	    (((s[p] | 0x20) >= 'a' && (s[p] | 0x20) <= 'z') ||
	    (s[p] >= '0' && s[p] <= '9') || s[p] == '-' || s[p] == '_'))
		p++;
	if (p >= l.end || s[p] != ':')
		return 0;
	key->start = l.start;
	key->end = p;
	p++;
	while (p < l.end && is_ascii_space(s[p]))
		p++;
	val->start = p;
	val->end = l.end;
	text_trim(s, &val->start, &val->end);
	return 1;
}

static int
key_is(const unsigned char *s, struct span k, const char *name)
{
	return k.end - k.start == strlen(name) &&
	    strncasecmp((const char *)s + k.start, name, k.end - k.start) == 0;
}

static int
valid_date(const unsigned char *s, struct span v)
{
	static const char shape[] = "dddd-dd-dd";
	size_t i;
	int month, day;

	if (v.end - v.start != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if (shape[i] == 'd' ? !(s[v.start + i] >= '0' &&
		    s[v.start + i] <= '9') : s[v.start + i] != '-')
			return 0;
	month = (s[v.start + 5] - '0') * 10 + (s[v.start + 6] - '0');
	day = (s[v.start + 8] - '0') * 10 + (s[v.start + 9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* A header is a run of "Key: value" lines with a Title, ended by a blank
 * line (or the end of the file).  Returns the offset after it, or start
 * when there is none. */
static size_t
parse_header(struct doc *d, size_t start, struct span *title)
{
	const unsigned char *s = d->src;
	struct span l, k, v;
	size_t pos = start, end;
	int have_title = 0;

	/* first pass: is it a header at all? */
	for (;;) {
		if (pos >= d->len)
			break;
		l = next_line(s, d->len, &pos);
		if (is_blank(s, l))
			break;
		if (!header_field(s, l, &k, &v))
			return start;
		if (key_is(s, k, "title") && v.end > v.start)
			have_title = 1;
	}
	if (!have_title)
		return start;
	end = pos;
	pos = start;
	while (pos < end) {
		l = next_line(s, d->len, &pos);
		if (!header_field(s, l, &k, &v))
			break;
		if (key_is(s, k, "title") && !title->end) {
			*title = v;
		} else if (key_is(s, k, "date") && !d->date &&
		    valid_date(s, v)) {
			d->date = xstrndup((const char *)s + v.start, 10);
		} else if (key_is(s, k, "source") && !d->source) {
			d->source = safe_string(s, v.start, v.end, 200);
		} else if (key_is(s, k, "author") && !d->author) {
			d->author = safe_string(s, v.start, v.end, 200);
		}
	}
	return end;
}

static struct para *
add_para(struct doc *d, size_t *cap, size_t start, size_t end,
    enum para_kind kind)
{
	struct para *p;

	text_trim(d->src, &start, &end);
	if (start >= end)
		return NULL;
	GROW(d->paras, *cap, d->npara + 1);
	p = &d->paras[d->npara++];
	memset(p, 0, sizeof *p);
	p->start = start;
	p->end = end;
	p->kind = kind;
	return p;
}

static int
is_closing_punct(uint32_t cp)
{
	switch (cp) {
	case '.': case '!': case '?': case ';': case ':': case ',':
	case '"': case '\'': case 0x2026: case 0x201D: case 0x2019:
	case 0xBB: case 0x3002: case 0xFF01: case 0xFF1F: case 0x061F:
	case 0x06D4:
		return 1;
	default:
		return 0;
	}
}

static uint32_t
last_char(const unsigned char *s, size_t start, size_t end)
{
	uint32_t cp = 0;
	int w;
	size_t p = end;

	if (end <= start)
		return 0;
	/* back to the start of the last character */
	p = end - 1;
	while (p > start && end - p < 4 && (s[p] & 0xC0) == 0x80)
		p--;
	if (p + text_decode(s + p, end - p, &cp, &w) != end)
		text_decode(s + end - 1, 1, &cp, &w);  /* an invalid tail */
	return cp;
}

static int
has_line_break(const unsigned char *s, size_t start, size_t end)
{
	return memchr(s + start, '\n', end - start) ||
	    memchr(s + start, '\r', end - start);
}

static int
word_count(const unsigned char *s, size_t start, size_t end)
{
	int words = 0, in = 0;

	for (; start < end; start++) {
		if (s[start] == ' ' || s[start] == '\t') {
			in = 0;
		} else if (!in) {
			in = 1;
			words++;
		}
	}
	return words;
}

/* Is there a blank line after paragraph p?  (A short line right above a
 * list introduces it; above a blank line, it may head it.) */
static int
blank_after(const struct doc *d, const struct para *p)
{
	size_t i, breaks = 0;

	for (i = p->end; i < (p + 1)->start; i++)
		breaks += d->src[i] == '\n' || (d->src[i] == '\r' &&
		    (i + 1 >= d->len || d->src[i + 1] != '\n'));
	return breaks >= 2;
}

/* Short single lines without closing punctuation, like "Misstap". */
static int
looks_like_heading(const struct doc *d, const struct para *p)
{
	const unsigned char *s = d->src;
	uint32_t first;
	int w;

	if (p->end - p->start > 4 * HEADING_COLS ||
	    has_line_break(s, p->start, p->end))
		return 0;
	text_decode(s + p->start, p->end - p->start, &first, &w);
	if (!(first >= 0x80 || ((first | 0x20) >= 'a' &&
	    (first | 0x20) <= 'z') || (first >= '0' && first <= '9')))
		return 0;
	return !is_closing_punct(last_char(s, p->start, p->end)) &&
	    word_count(s, p->start, p->end) <= HEADING_WORDS &&
	    !text_width_over(s + p->start, p->end - p->start, HEADING_COLS);
}

/* A block of lines is hard-wrapped text (one paragraph) when its lines but
 * the last are short and mostly end mid-sentence, and the first is not a
 * lone short line (more likely a heading over a one-line paragraph).  A
 * block of whole sentences, one per line, is one paragraph per line. */
static int
block_is_wrapped(const unsigned char *s, const struct span *lines, size_t n,
    int headed)
{
	size_t i, open = 0;

	if (n < 2)
		return 1;
	for (i = 0; i + 1 < n; i++) {
		if (text_width_over(s + lines[i].start,
		    lines[i].end - lines[i].start, WRAPPED_LINE_COLS))
			return 0;
		open += !is_closing_punct(last_char(s, lines[i].start,
		    lines[i].end));
	}
	if (2 * open < n - 1)
		return 0;
	return n > 2 || !headed || text_width_over(s + lines[0].start,
	    lines[0].end - lines[0].start, HEADING_COLS / 2);
}

/* What the body's paragraphs are made from, carried from block to block
 * (a block: the lines between two blank lines). */
struct body {
	struct doc *d;
	size_t *cap;
	size_t block;           /* the block being read */
	size_t para_block;      /* the block of the last paragraph made */
	int list_base;          /* the lead of the first item of a list */
	int numbered;           /* the last item made has a number */
	int quote_gap;          /* a bare '>' line since the last quote */
	int debris;             /* at the start of an article without a
	                         * header: debris lines stand alone */
};

/* How each line of a block is read. */
enum { K_TEXT, K_ITEM, K_CONT, K_QUOTE, K_RULE };

static struct para *
body_add(struct body *b, enum para_kind kind, size_t start, size_t end)
{
	const struct para *last = b->d->npara ?
	    &b->d->paras[b->d->npara - 1] : NULL;
	int same = last && b->para_block == b->block &&
	    last->kind == kind && !(kind == PARA_QUOTE && b->quote_gap);
	struct para *p = add_para(b->d, b->cap, start, end, kind);

	if (!p)
		return NULL;
	/* items of one list and lines of one quote are not spaced out */
	p->tight = same && (kind == PARA_ITEM || kind == PARA_QUOTE);
	b->para_block = b->block;
	b->debris = 0;
	b->quote_gap = 0;
	if (kind != PARA_ITEM)
		b->numbered = 0;
	return p;
}

/* Lines of plain text: one paragraph when hard-wrapped, else one each. */
static void
body_text(struct body *b, const struct span *lines, size_t n)
{
	const unsigned char *s = b->d->src;
	size_t i;

	while (b->debris && n && debris_line(s, lines[0].start,
	    lines[0].end)) {
		body_add(b, PARA_TEXT, lines[0].start, lines[0].end);
		b->debris = 1;
		lines++;
		n--;
	}
	if (n && block_is_wrapped(s, lines, n, 1)) {
		body_add(b, PARA_TEXT, lines[0].start, lines[n - 1].end);
	} else {
		for (i = 0; i < n; i++)
			body_add(b, PARA_TEXT, lines[i].start, lines[i].end);
	}
}

/* Quote lines of one depth: hard-wrapped, or one paragraph a line. */
static void
body_quote(struct body *b, const struct marker *m, size_t n)
{
	struct span *v = xcalloc(n, sizeof *v);
	struct para *p;
	size_t i;
	int indent = 2 * m[0].depth;

	if (indent > MARKER_MAX_INDENT)
		indent = MARKER_MAX_INDENT;
	for (i = 0; i < n; i++) {
		v[i].start = m[i].text;
		v[i].end = m[i].end;
	}
	/* (a quote has no heading over its first line) */
	if (block_is_wrapped(b->d->src, v, n, 0)) {
		if ((p = body_add(b, PARA_QUOTE, v[0].start, v[n - 1].end)))
			p->indent = (uint16_t)indent;
	} else {
		for (i = 0; i < n; i++)
			if ((p = body_add(b, PARA_QUOTE, v[i].start,
			    v[i].end)))
				p->indent = (uint16_t)indent;
	}
	free(v);
}

static void
body_item(struct body *b, const struct marker *m, size_t end)
{
	const struct doc *d = b->d;
	int new_list = !d->npara || d->paras[d->npara - 1].kind != PARA_ITEM;
	struct para *p;
	int indent;

	if (new_list || m->lead < b->list_base)
		b->list_base = m->lead;
	indent = m->lead - b->list_base;
	p = body_add(b, PARA_ITEM, m->start, end);
	if (!p)
		return;
	p->indent = (uint16_t)(indent > MARKER_MAX_INDENT ? MARKER_MAX_INDENT :
	    indent);
	p->hang = (uint8_t)m->hang;
	b->numbered = m->number > 0;
}

/* Are lines i and j items numbered one after the other ("3." and "4.")? */
static int
consecutive(const struct marker *m, size_t i, size_t j)
{
	return m[i].kind == MARK_ITEM && m[j].kind == MARK_ITEM &&
	    m[i].number > 0 && m[j].number > 0 &&
	    (m[j].number == m[i].number + 1 || m[i].number == m[j].number + 1);
}

/* Does line i look like what a neighbour looks like: the same kind of
 * line, and for a numbered item a neighbour numbered next to it (dates
 * that wrap to a line's start, "am\n1. Januar ... zum\n15. März", are
 * not a list)? */
static int
beside(const struct marker *m, size_t i, size_t n)
{
	if (m[i].kind == MARK_ITEM && m[i].number > 0)
		return (i > 0 && consecutive(m, i, i - 1)) ||
		    (i + 1 < n && consecutive(m, i, i + 1));
	return (i > 0 && m[i - 1].kind == m[i].kind) ||
	    (i + 1 < n && m[i + 1].kind == m[i].kind);
}

/* May the numbered line i start an item?  "1." may; a later number only
 * in a numbered list, or numbered next to a neighbour: "12. Het" alone
 * is a sentence. */
static int
number_ok(const struct marker *m, size_t i, size_t n, int numbered)
{
	return m[i].number <= 1 || numbered || beside(m, i, n);
}

/* Read each line of a block as text, item (or the rest of one), quote or
 * separator.  A line that looks like an item or a quote is one only where
 * a list may start: at the block's start, after a line that ends a
 * sentence or a clause, after an item or a quote, or beside another line
 * that looks the same; else it is hard-wrapped text ("pre-\n- war"). */
static void
read_block(struct body *b, const struct span *lines, size_t n, int *kind,
    struct marker *m)
{
	const unsigned char *s = b->d->src;
	int numbered = b->numbered, item_lead = 0;
	size_t i;

	for (i = 0; i < n; i++)
		marker_read(s, lines[i].start, lines[i].end, &m[i]);
	for (i = 0; i < n; i++) {
		int prev = i ? kind[i - 1] : K_TEXT;
		int in_item = prev == K_ITEM || prev == K_CONT;
		int open = i == 0 || in_item || prev == K_QUOTE ||
		    prev == K_RULE || marker_ends_clause(s, lines[i - 1].start,
		    lines[i - 1].end);
		enum marker_kind mk = m[i].kind;
		int like = beside(m, i, n);

		kind[i] = K_TEXT;
		if (mk == MARK_RULE) {
			kind[i] = K_RULE;
		} else if (mk == MARK_QUOTE && (open || like)) {
			kind[i] = K_QUOTE;
		} else if (mk == MARK_ITEM && (open || like) &&
		    number_ok(m, i, n, numbered)) {
			kind[i] = K_ITEM;
			item_lead = m[i].lead;
			numbered = m[i].number > 0;
		} else if (in_item && (m[i].lead > item_lead ||
		    !marker_ends_clause(s, lines[i - 1].start,
		    lines[i - 1].end))) {
			/* indented under the item, or its sentence goes on */
			kind[i] = K_CONT;
		}
		if (kind[i] != K_ITEM && kind[i] != K_CONT)
			numbered = 0;
	}
}

static void
body_block(struct body *b, const struct span *lines, size_t n)
{
	struct marker *m;
	int *kind;
	size_t i = 0, j;

	for (i = 0; i < n; i++)
		if (marker_may(b->d->src, lines[i].start, lines[i].end))
			break;
	if (i == n) {
		/* plain prose, the common case */
		body_text(b, lines, n);
		return;
	}
	m = xcalloc(n, sizeof *m);
	kind = xcalloc(n, sizeof *kind);
	i = 0;
	read_block(b, lines, n, kind, m);
	while (i < n) {
		j = i + 1;
		switch (kind[i]) {
		case K_RULE:
			body_add(b, PARA_RULE, m[i].start, m[i].end);
			break;
		case K_ITEM:
			while (j < n && kind[j] == K_CONT)
				j++;
			body_item(b, &m[i], lines[j - 1].end);
			break;
		case K_QUOTE:
			if (m[i].text >= m[i].end) {
				b->quote_gap = 1;  /* a bare '>' */
				break;
			}
			while (j < n && kind[j] == K_QUOTE &&
			    m[j].depth == m[i].depth && m[j].text < m[j].end)
				j++;
			body_quote(b, &m[i], j - i);
			break;
		default:
			while (j < n && (kind[j] == K_TEXT || kind[j] == K_CONT))
				j++;
			body_text(b, &lines[i], j - i);
			break;
		}
		i = j;
	}
	free(m);
	free(kind);
}

static void
parse_body(struct doc *d, size_t *cap)
{
	const unsigned char *s = d->src;
	struct span *lines = NULL, l;
	size_t nlines = 0, linecap = 0, pos = d->body;
	struct body b = { d, cap, 0, 0, 0, 0, 0, d->npara == 0 };

	for (;;) {
		int at_end = pos >= d->len;

		if (!at_end)
			l = next_line(s, d->len, &pos);
		if (at_end || is_blank(s, l)) {
			if (nlines)
				body_block(&b, lines, nlines);
			nlines = 0;
			b.block++;
			if (at_end)
				break;
			continue;
		}
		GROW(lines, linecap, nlines + 1);
		lines[nlines++] = l;
	}
	free(lines);
}

/* How a title taken from a line ends (title_end). */
enum title_cut { TITLE_SENTENCE, TITLE_LINE, TITLE_WIDTH };

/* Where a title taken from the line l ends: after its first sentence,
 * else at the line's end when it fits in max_cols columns, else after
 * its last whole word within them; *how says which. */
static size_t
title_end(const unsigned char *s, struct span l, int max_cols,
    enum title_cut *how)
{
	size_t p, words = 0;
	int col = 0;
	struct text_unit u;

	*how = TITLE_SENTENCE;
	for (p = l.start; p < l.end;) {
		size_t next = text_next_unit(s, l.end, p, col, &u);

		if (u.kind == TEXT_SPACE) {
			if (p > l.start && (s[p - 1] == '.' ||
			    s[p - 1] == '!' || s[p - 1] == '?'))
				return p - (s[p - 1] == '.');
			words = p;
		}
		col += u.width;
		if (col > max_cols - 1)
			break;
		p = next;
	}
	if (p >= l.end) {
		*how = TITLE_LINE;
		return l.end - (l.end > l.start && s[l.end - 1] == '.');
	}
	*how = TITLE_WIDTH;
	return words ? words : p;
}

/* Is paragraph p a line of page debris ("Share", a date), or a rule? */
static int
para_is_debris(const struct doc *d, const struct para *p)
{
	return p->kind == PARA_RULE || (!has_line_break(d->src, p->start,
	    p->end) && debris_line(d->src, p->start, p->end));
}

/* The paragraph the title comes from: the first that is not page debris
 * (else the first); its first line in *l, untrimmed. */
static struct para *
title_para(const struct doc *d, struct span *l)
{
	struct para *first = d->paras;
	size_t t = 0, pos;

	while (t < d->npara && para_is_debris(d, &d->paras[t]))
		t++;
	if (t < d->npara)
		first = &d->paras[t];
	pos = first->start;
	*l = next_line(d->src, first->end, &pos);
	return first;
}

/* An article without a header: its title is taken from the first
 * paragraph that is not page debris, with the debris around it on its
 * line left out.  A short one-line paragraph is the title (and shown as
 * one); else the title is the first sentence of its first line, or as
 * many words as fit, and stays a string only (the text is shown once, as
 * it is).  A date before the title is the article's date. */
static char *
derive_title(struct doc *d)
{
	const unsigned char *s = d->src;
	struct para *first;
	struct span l, date = { 0, 0 };
	size_t cut, dr[2] = { 0, 0 }, line_end;
	enum title_cut how;
	struct buf b = { 0 };

	first = title_para(d, &l);
	if (l.end == first->end && (first->kind == PARA_TEXT ||
	    first->kind == PARA_HEADING) &&
	    !text_width_over(s + l.start, l.end - l.start, DOC_TITLE_COLS))
		first->kind = PARA_TITLE;
	line_end = l.end;
	debris_trim(s, &l.start, &l.end, dr);
	date.start = dr[0];
	date.end = dr[1];
	if (!d->date && date.end > date.start && valid_date(s, date))
		d->date = xstrndup((const char *)s + date.start, 10);
	if (first->kind == PARA_TITLE) {
		text_sanitize(&b, s + l.start, l.end - l.start);
		return b.data;
	}
	cut = title_end(s, l, DOC_TITLE_COLS, &how);
	text_sanitize(&b, s + l.start, cut - l.start);
	/* cut by width, or a hard-wrapped paragraph that goes on */
	if (how == TITLE_WIDTH || (how == TITLE_LINE && line_end < first->end))
		text_put_cp(&b, 0x2026);
	return b.data;
}

/* --- decoding files that are not UTF-8 -------------------------------- */

const char *
doc_encoding(const unsigned char *s, size_t len)
{
	size_t p = 0, valid = 0, invalid = 0;
	ucs4_t uc;
	int n;

	if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE)
		return "UTF-16LE";
	if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF)
		return "UTF-16BE";
	/* is it UTF-8?  (ASCII eight bytes at a time: this reads every
	 * byte of every article) */
	while (p < len) {
		uint64_t v;

		if (p + 8 <= len) {
			memcpy(&v, s + p, 8);
			if (!(v & 0x8080808080808080ULL)) {
				p += 8;
				continue;
			}
		}
		if (s[p] < 0x80) {
			p++;
		} else if ((n = u8_mbtoucr(&uc, s + p, len - p)) > 0) {
			p += (size_t)n;
		} else {
			break;
		}
	}
	if (p >= len)
		return NULL;
	p = 0;
	/* not UTF-8: a legacy file, unless good UTF-8 sequences hold their
	 * own against the bad ones (a stray byte or two in a UTF-8 file
	 * must not turn every other accent into mojibake; a real Latin-1
	 * text has hardly any byte pair that is good UTF-8) */
	while (p < len) {
		if (s[p] < 0x80) {
			p++;
			continue;
		}
		n = u8_mbtoucr(&uc, s + p, len - p);
		if (n == -2) {
			break;  /* cut off in its last character: UTF-8 */
		} else if (n < 0) {
			/* one bad sequence, however many of its bytes
			 * follow the lead ("\xe2\x80" is one, not two) */
			invalid++;
			for (p++; p < len && (s[p] & 0xC0) == 0x80; p++)
				;
		} else {
			valid++;
			p += (size_t)n;
		}
	}
	return invalid > 2 * valid ? "Windows-1252" : NULL;
}

/* UTF-16 by hand: iconv's replacement skips one byte of a bad unit and
 * loses step with the rest.  An unpaired surrogate or an odd last byte is
 * U+FFFD, one per unit, so the characters still count one for one. */
static unsigned char *
decode_utf16(const unsigned char *s, size_t len, int big, size_t *outlen)
{
	struct buf b = { 0 };
	size_t p;

	buf_add(&b, "", 0);
	for (p = 0; p < len; p += 2) {
		uint32_t u, lo;

		if (p + 1 >= len) {
			text_put_cp(&b, TEXT_REPLACEMENT);
			break;
		}
		u = big ? (uint32_t)s[p] << 8 | s[p + 1] :
		    (uint32_t)s[p + 1] << 8 | s[p];
		if (u >= 0xD800 && u < 0xDC00 && p + 3 < len) {
			lo = big ? (uint32_t)s[p + 2] << 8 | s[p + 3] :
			    (uint32_t)s[p + 3] << 8 | s[p + 2];
			if (lo >= 0xDC00 && lo < 0xE000) {
				u = 0x10000 + ((u - 0xD800) << 10) +
				    (lo - 0xDC00);
				p += 2;
			}
		}
		if (u >= 0xD800 && u < 0xE000)
			u = TEXT_REPLACEMENT;
		text_put_cp(&b, u);
	}
	*outlen = b.len;
	return (unsigned char *)b.data;
}

/* Decode d->src in place when it is not UTF-8 (doc_encoding()). */
static void
decode(struct doc *d)
{
	const char *enc = doc_encoding(d->src, d->len);
	unsigned char *out;
	size_t n = 0;

	if (!enc)
		return;
	if (enc[0] == 'U') {
		out = decode_utf16(d->src + 2, d->len - 2, enc[6] == 'B', &n);
	} else {
		uint8_t *r = u8_conv_from_encoding("CP1252", iconveh_error,
		    (const char *)d->src, d->len, NULL, NULL, &n);

		if (!r)
			return;  /* not Windows-1252 either: U+FFFD it is */
		out = xmalloc(n + 1);
		memcpy(out, r, n);
		free(r);
	}
	free(d->src);
	d->src = out;
	d->len = n;
	d->src[n] = '\0';
	d->encoding = enc;
}

void
doc_full_title(const struct doc *d, struct buf *b)
{
	size_t had = b->len, cut, dr[2];
	enum title_cut how;
	struct para *first;
	struct span l;

	if (d->npara) {
		first = title_para(d, &l);
		debris_trim(d->src, &l.start, &l.end, dr);
		cut = first->kind == PARA_TITLE ? l.end :
		    title_end(d->src, l, INT_MAX, &how);
		text_sanitize(b, d->src + l.start, cut - l.start);
	}
	if (b->len == had)
		buf_adds(b, d->title);
}

void
doc_init_text(struct doc *d, const char *path, unsigned char *src,
    size_t len)
{
	struct span title = { 0, 0 };
	const char *slash;
	size_t cap = 0;

	memset(d, 0, sizeof *d);
	d->path = xstrdup(path);
	slash = strrchr(path, '/');
	d->name = xstrdup(slash ? slash + 1 : path);
	d->src = src;
	d->len = len;
	d->src[len] = '\0';
	decode(d);
	src = d->src;
	len = d->len;
	if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
		d->body = 3;
	d->body = parse_header(d, d->body, &title);
	if (title.end > title.start)
		add_para(d, &cap, title.start, title.end, PARA_TITLE);
	parse_body(d, &cap);
}

void
doc_init(struct doc *d, const char *path, unsigned char *src, size_t len)
{
	struct buf b = { 0 };
	size_t i;

	doc_init_text(d, path, src, len);
	src = d->src;
	d->fp = util_hash64(src, d->len);
	for (i = 0; i < d->npara; i++) {
		struct para *p = &d->paras[i];

		if (p->kind == PARA_TEXT && i + 1 < d->npara &&
		    (d->paras[i + 1].kind == PARA_TEXT ||
		    ((d->paras[i + 1].kind == PARA_ITEM ||
		    d->paras[i + 1].kind == PARA_RULE) &&
		    blank_after(d, p))) && looks_like_heading(d, p))
			p->kind = PARA_HEADING;
	}
	if (d->npara && d->paras[0].kind == PARA_TITLE) {
		text_fit(&b, src + d->paras[0].start,
		    d->paras[0].end - d->paras[0].start, 4 * DOC_TITLE_COLS);
	} else if (d->npara) {
		b.data = derive_title(d);
		b.len = strlen(b.data);
	}
	if (!b.data || !b.len) {
		/* no text at all: name it by its file name */
		buf_free(&b);
		text_sanitize(&b, (const unsigned char *)d->name,
		    strlen(d->name));
	}
	d->title = b.data;
}

int
doc_load(struct doc *d, const char *path, char *err, size_t errlen)
{
	char *data;
	size_t len;

	struct stat sb;
	struct doc_stamp stamp;

	memset(d, 0, sizeof *d);
	if (util_read_file_st(path, &data, &len, &sb) < 0) {
		snprintf(err, errlen, "%s", errno == EINVAL ?
		    "not a regular file" : strerror(errno));
		return -1;
	}
	doc_stamp_of(&stamp, &sb);
	doc_init(d, path, (unsigned char *)data, len);
	d->stamp = stamp;
	return 0;
}

void
doc_stamp_of(struct doc_stamp *st, const struct stat *sb)
{
	st->ino = (uint64_t)sb->st_ino;
	st->size = (uint64_t)sb->st_size;
	st->mtime_ns = (int64_t)sb->st_mtim.tv_sec * 1000000000 +
	    sb->st_mtim.tv_nsec;
	st->ctime_ns = (int64_t)sb->st_ctim.tv_sec * 1000000000 +
	    sb->st_ctim.tv_nsec;
}

void
doc_release(struct doc *d)
{
	free(d->src);
	free(d->title);
	free(d->date);
	free(d->source);
	free(d->author);
	free(d->paras);
	if (d->fold)
		fold_text_free(d->fold);
	d->src = NULL;
	d->title = d->date = d->source = d->author = NULL;
	d->encoding = NULL;
	d->paras = NULL;
	d->fold = NULL;
	d->len = d->npara = d->body = 0;
	d->istate = 0;
	d->state = DOC_UNLOADED;
}

void
doc_free(struct doc *d)
{
	doc_release(d);
	if (!d->shared_path) {
		free(d->path);
		free(d->name);
	}
	free(d->error);
	memset(d, 0, sizeof *d);
}

void
doc_advance(const struct doc *d, struct doc_pos *p, size_t to)
{
	uint32_t cp;
	int w;

	if (to > d->len)
		to = d->len;
	while (p->off < to) {
		unsigned char ch = d->src[p->off];
		size_t brk = ch == '\n' ? 1 : ch != '\r' ? 0 :
		    p->off + 1 < d->len && d->src[p->off + 1] == '\n' ? 2 : 1;

		/* a line break counts once it is passed whole; a place
		 * between the CR and LF of a CRLF is still on the line */
		if (brk && p->off + brk <= to) {
			p->off += brk;
			p->line++;
			p->line_start = p->off;
			p->col = 0;
		} else {
			p->off += text_decode(d->src + p->off, to - p->off,
			    &cp, &w);
			p->col++;
		}
	}
}

void
doc_line_col(const struct doc *d, size_t off, size_t *line, size_t *col)
{
	struct doc_pos p = DOC_POS_START;

	doc_advance(d, &p, off);
	*line = p.line;
	*col = p.col + 1;
}

void
doc_index(struct doc *d)
{
	struct fold_seg *segs;
	size_t i;

	if (d->fold)
		return;
	segs = xcalloc(d->npara, sizeof *segs);
	for (i = 0; i < d->npara; i++) {
		segs[i].start = d->paras[i].start;
		segs[i].end = d->paras[i].end;
	}
	d->fold = fold_text_new(d->src, segs, d->npara);
	free(segs);
}
