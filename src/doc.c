/* doc.c - reading an article and finding its header, paragraphs and
 * headings.  Everything found is a byte range of the original text. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "fold.h"
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

/* Trim white space (any Unicode space, line breaks, soft hyphens and
 * invisible format characters) from both ends of [*start, *end). */
static void
trim(const unsigned char *s, size_t *start, size_t *end)
{
	uint32_t cp;
	int w;
	size_t n;

	while (*start < *end) {
		n = text_decode(s + *start, *end - *start, &cp, &w);
		if (!(w < 0 || cp == 0 || text_is_space(cp)))
			break;
		*start += n;
	}
	while (*end > *start) {
		size_t b = *end - 1;

		/* step back to the start of the last character */
		while (b > *start && (s[b] & 0xC0) == 0x80 && *end - b < 4)
			b--;
		n = text_decode(s + b, *end - b, &cp, &w);
		if (b + n != *end) {
			/* an invalid tail: a character of its own */
			break;
		}
		if (!(w < 0 || cp == 0 || text_is_space(cp)))
			break;
		*end = b;
	}
}

static int
is_blank(const unsigned char *s, struct span l)
{
	trim(s, &l.start, &l.end);
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
	trim(s, &val->start, &val->end);
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

static void
add_para(struct doc *d, size_t *cap, size_t start, size_t end,
    enum para_kind kind)
{
	trim(d->src, &start, &end);
	if (start >= end)
		return;
	GROW(d->paras, *cap, d->npara + 1);
	d->paras[d->npara].start = start;
	d->paras[d->npara].end = end;
	d->paras[d->npara].kind = kind;
	d->npara++;
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
block_is_wrapped(const unsigned char *s, const struct span *lines, size_t n)
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
	return n > 2 || text_width_over(s + lines[0].start,
	    lines[0].end - lines[0].start, HEADING_COLS / 2);
}

static void
parse_body(struct doc *d, size_t *cap)
{
	const unsigned char *s = d->src;
	struct span *lines = NULL, l;
	size_t nlines = 0, linecap = 0, pos = d->body, i;

	for (;;) {
		int at_end = pos >= d->len;

		if (!at_end)
			l = next_line(s, d->len, &pos);
		if (at_end || is_blank(s, l)) {
			if (nlines && block_is_wrapped(s, lines, nlines)) {
				add_para(d, cap, lines[0].start,
				    lines[nlines - 1].end, PARA_TEXT);
			} else {
				for (i = 0; i < nlines; i++)
					add_para(d, cap, lines[i].start,
					    lines[i].end, PARA_TEXT);
			}
			nlines = 0;
			if (at_end)
				break;
			continue;
		}
		GROW(lines, linecap, nlines + 1);
		lines[nlines++] = l;
	}
	free(lines);
}

/* Where a title taken from the line l ends: after its first sentence,
 * else (*cut set) after its last whole word within max_cols columns. */
static size_t
title_end(const unsigned char *s, struct span l, int max_cols, int *cut)
{
	size_t p, words = 0;
	int col = 0;
	struct text_unit u;

	*cut = 0;
	for (p = l.start; p < l.end;) {
		size_t next = text_next_unit(s, l.end, p, col, &u);

		if (u.kind == TEXT_SPACE) {
			size_t end = p - (p > l.start && s[p - 1] == '.');

			if (end > l.start && (s[p - 1] == '.' ||
			    s[p - 1] == '!' || s[p - 1] == '?'))
				return end;
			words = p;
		}
		col += u.width;
		if (col > max_cols - 1)
			break;
		p = next;
	}
	*cut = 1;
	return words ? words : p;
}

/* An article without a header: a short first line is its title; else the
 * title is the first sentence of the first line, or as many words as fit,
 * and stays a string only (the text is shown once, as it is). */
static char *
derive_title(struct doc *d)
{
	const unsigned char *s = d->src;
	struct para *first = &d->paras[0];
	struct span l;
	size_t pos = first->start, cut;
	int ellipsis;
	struct buf b = { 0 };

	l = next_line(s, first->end, &pos);
	if (l.end == first->end &&
	    !text_width_over(s + l.start, l.end - l.start, DOC_TITLE_COLS)) {
		first->kind = PARA_TITLE;
		text_sanitize(&b, s + l.start, l.end - l.start);
		return b.data;
	}
	cut = title_end(s, l, DOC_TITLE_COLS, &ellipsis);
	text_sanitize(&b, s + l.start, cut - l.start);
	if (ellipsis)
		text_put_cp(&b, 0x2026);
	return b.data;
}

void
doc_full_title(const struct doc *d, struct buf *b)
{
	const struct para *first = d->npara ? &d->paras[0] : NULL;
	size_t had = b->len, pos, cut;
	struct span l;
	int partial;

	if (first && first->kind == PARA_TITLE) {
		text_sanitize(b, d->src + first->start,
		    first->end - first->start);
	} else if (first) {
		pos = first->start;
		l = next_line(d->src, first->end, &pos);
		cut = title_end(d->src, l, INT_MAX, &partial);
		/* a first line with no sentence end: all of it */
		text_sanitize(b, d->src + l.start,
		    (partial ? l.end : cut) - l.start);
	}
	if (b->len == had)
		buf_adds(b, d->title);
}

void
doc_init(struct doc *d, const char *path, unsigned char *src, size_t len)
{
	struct span title = { 0, 0 };
	const char *slash;
	size_t cap = 0, i;
	struct buf b = { 0 };

	memset(d, 0, sizeof *d);
	d->path = xstrdup(path);
	slash = strrchr(path, '/');
	d->name = xstrdup(slash ? slash + 1 : path);
	d->src = src;
	d->len = len;
	d->src[len] = '\0';
	d->fp = util_hash64(src, len);
	if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
		d->body = 3;
	d->body = parse_header(d, d->body, &title);
	if (title.end > title.start)
		add_para(d, &cap, title.start, title.end, PARA_TITLE);
	parse_body(d, &cap);

	for (i = 0; i < d->npara; i++) {
		struct para *p = &d->paras[i];

		if (p->kind == PARA_TEXT && i + 1 < d->npara &&
		    d->paras[i + 1].kind == PARA_TEXT &&
		    looks_like_heading(d, p))
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

	memset(d, 0, sizeof *d);
	if (util_read_file(path, &data, &len) < 0) {
		snprintf(err, errlen, "%s", errno == EINVAL ?
		    "not a regular file" : strerror(errno));
		return -1;
	}
	doc_init(d, path, (unsigned char *)data, len);
	return 0;
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
	free(d->path);
	free(d->name);
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
