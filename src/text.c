/* text.c - decoding article bytes into safe, measured display units. */
#include "config.h"

#include <string.h>
#include <unistr.h>
#include <uniwidth.h>

#include "text.h"

#define ZWJ 0x200Du
#define DOTTED_CIRCLE 0x25CCu
/* Shown for C1 controls and bidirectional overrides: SYMBOL FOR SUBSTITUTE */
#define PLACEHOLDER 0x2426u

enum {
	W_BREAK = -1,  /* line break */
	W_TAB = -2,
	W_SHY = -3,
	W_SPACE = -4   /* breaking white space other than tab */
};

int
text_is_space(uint32_t cp)
{
	switch (cp) {
	case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
	case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
		return 1;
	default:
		return cp >= 0x2000 && cp <= 0x200B;
	}
}

/* Characters that must never reach a terminal, or that reorder what is
 * shown around them, get a visible placeholder. */
static int
is_hostile(uint32_t cp)
{
	return (cp >= 0x80 && cp < 0xA0) ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Invisible format characters that are dropped from what is drawn. */
static int
is_dropped(uint32_t cp)
{
	return cp == 0x200B || cp == 0x200E || cp == 0x200F || cp == 0x061C ||
	    cp == 0xFEFF || (cp >= 0x2060 && cp <= 0x2064) ||
	    (cp >= 0x206A && cp <= 0x206F) || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

size_t
text_decode(const unsigned char *s, size_t n, uint32_t *cp, int *width)
{
	ucs4_t uc;
	int len, w;

	if (s[0] < 0x80) {
		uc = s[0];
		len = 1;
	} else {
		len = u8_mbtoucr(&uc, s, n);
		if (len < 0) {
			*cp = TEXT_REPLACEMENT;
			*width = 1;
			return 1;
		}
	}
	switch (uc) {
	case '\n':
		*cp = ' ';
		*width = W_BREAK;
		return 1;
	case '\r':
		*cp = ' ';
		*width = W_BREAK;
		return n > 1 && s[1] == '\n' ? 2 : 1;
	case 0x85: case 0x2028: case 0x2029:
		*cp = ' ';
		*width = W_BREAK;
		return (size_t)len;
	case '\t':
		*cp = ' ';
		*width = W_TAB;
		return 1;
	case ' ': case 0x1680: case 0x205F:
		*cp = ' ';
		*width = W_SPACE;
		return (size_t)len;
	case 0x3000:  /* ideographic space: breaking, two columns */
		*cp = ' ';
		*width = W_SPACE;
		return (size_t)len;
	case 0xAD:
		*cp = '-';
		*width = W_SHY;
		return (size_t)len;
	case 0xA0: case 0x2007: case 0x202F:  /* no-break spaces */
		*cp = ' ';
		*width = 1;
		return (size_t)len;
	}
	if (uc >= 0x2000 && uc <= 0x200A) {
		*cp = ' ';
		*width = W_SPACE;
		return (size_t)len;
	}
	if (uc < 0x20) {
		*cp = 0x2400 + uc;  /* the Control Pictures block: ␀ … ␛ … ␟ */
		*width = 1;
		return (size_t)len;
	}
	if (uc == 0x7F) {
		*cp = 0x2421;  /* ␡ */
		*width = 1;
		return 1;
	}
	if (is_hostile(uc)) {
		*cp = PLACEHOLDER;
		*width = 1;
		return (size_t)len;
	}
	if (is_dropped(uc)) {
		*cp = 0;
		*width = 0;
		return (size_t)len;
	}
	if ((uc & 0xFFFE) == 0xFFFE || (uc >= 0xFDD0 && uc <= 0xFDEF)) {
		*cp = TEXT_REPLACEMENT;
		*width = 1;
		return (size_t)len;
	}
	w = uc_width(uc, "UTF-8");
	if (w < 0) {
		*cp = TEXT_REPLACEMENT;
		w = 1;
	} else {
		*cp = uc;
	}
	*width = w > 2 ? 2 : w;
	return (size_t)len;
}

static int
is_regional(uint32_t cp)
{
	return cp >= 0x1F1E6 && cp <= 0x1F1FF;
}

static void
unit_push(struct text_unit *u, uint32_t cp)
{
	if (cp && u->ncp < TEXT_MAX_CPS)
		u->cps[u->ncp++] = cp;
}

size_t
text_next_unit(const unsigned char *s, size_t end, size_t pos, int col,
    struct text_unit *u)
{
	uint32_t cp, next;
	int w, nw, regionals;
	size_t len, p;

	memset(u, 0, sizeof *u);
	u->pos = pos;
	len = text_decode(s + pos, end - pos, &cp, &w);
	p = pos + len;

	if (w == W_BREAK || w == W_TAB || w == W_SPACE) {
		/* One unit for the whole run of white space; a run that holds
		 * a line break is one space, as in a reflowed paragraph. */
		int c = col;

		u->kind = TEXT_SPACE;
		for (;;) {
			if (w == W_BREAK)
				u->newline = 1;
			else if (w == W_TAB)
				c += TEXT_TABSTOP - c % TEXT_TABSTOP;
			else
				c += cp == ' ' && s[p - len] == 0xE3 ? 2 : 1;
			if (p >= end)
				break;
			len = text_decode(s + p, end - p, &cp, &w);
			if (w != W_BREAK && w != W_TAB && w != W_SPACE)
				break;
			p += len;
		}
		u->width = u->newline ? 1 : c - col;
		u->cps[0] = ' ';
		u->ncp = 1;
		u->len = p - pos;
		return p;
	}
	if (w == W_SHY) {
		u->kind = TEXT_SHY;
		u->len = len;
		return p;
	}

	u->kind = TEXT_CHAR;
	if (w == 0 && cp) {
		/* A combining mark with no base: show it on a dotted circle. */
		unit_push(u, DOTTED_CIRCLE);
		u->width = 1;
	}
	unit_push(u, cp);
	u->width += w;
	regionals = is_regional(cp);
	while (p < end) {
		len = text_decode(s + p, end - p, &next, &nw);
		if (nw < 0)
			break;
		if (nw == 0) {
			/* combining marks, ZWJ, variation selectors */
		} else if (cp == ZWJ) {
			/* the next emoji of a ZWJ sequence */
		} else if (is_regional(next) && regionals % 2 == 1) {
			regionals++;
		} else {
			break;
		}
		unit_push(u, next);
		u->width += nw;
		cp = next;
		p += len;
	}
	u->len = p - pos;
	return p;
}

/* Trim white space (any Unicode space, line breaks, soft hyphens and
 * invisible format characters) from both ends of [*start, *end). */
void
text_trim(const unsigned char *s, size_t *start, size_t *end)
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

void
text_put_cp(struct buf *b, uint32_t cp)
{
	uint8_t tmp[6];
	int n = u8_uctomb(tmp, cp, sizeof tmp);

	if (n > 0)
		buf_add(b, tmp, (size_t)n);
}

/* Walk s as one line: calls emit for each unit, with the column it
 * starts at; stops when emit returns 0. */
static void
walk_line(const unsigned char *s, size_t n,
    int (*emit)(const struct text_unit *, int col, void *), void *arg)
{
	struct text_unit u;
	size_t pos = 0;
	int col = 0;

	/* leading white space is not shown */
	while (pos < n) {
		size_t next = text_next_unit(s, n, pos, col, &u);

		if (u.kind == TEXT_SPACE) {
			if (col == 0 || next >= n) {
				pos = next;
				continue;
			}
			u.width = 1;  /* runs of white space fold to one */
		}
		if (u.kind == TEXT_SHY) {
			pos = next;
			continue;
		}
		if (!emit(&u, col, arg))
			return;
		col += u.width;
		pos = next;
	}
}

static int
emit_all(const struct text_unit *u, int col, void *arg)
{
	struct buf *b = arg;
	int i;

	(void)col;
	for (i = 0; i < u->ncp; i++)
		text_put_cp(b, u->cps[i]);
	return 1;
}

void
text_sanitize(struct buf *b, const unsigned char *s, size_t n)
{
	buf_add(b, "", 0);
	walk_line(s, n, emit_all, b);
}

static int
emit_width(const struct text_unit *u, int col, void *arg)
{
	*(int *)arg = col + u->width;
	return 1;
}

int
text_width(const unsigned char *s, size_t n)
{
	int w = 0;

	walk_line(s, n, emit_width, &w);
	return w;
}

struct over {
	int limit, over;
};

static int
emit_over(const struct text_unit *u, int col, void *arg)
{
	struct over *o = arg;

	if (col + u->width > o->limit) {
		o->over = 1;
		return 0;
	}
	return 1;
}

int
text_width_over(const unsigned char *s, size_t n, int limit)
{
	struct over o = { limit, 0 };

	/* no character is wider than its bytes */
	if (n <= (size_t)(limit > 0 ? limit : 0))
		return 0;
	/* plain ASCII up to the limit settles it at once */
	{
		size_t i;
		int cols = 0, space = 1;

		for (i = 0; i < n && s[i] >= 0x20 && s[i] < 0x7F; i++) {
			if (s[i] != ' ' || !space)
				cols++;
			space = s[i] == ' ';
			if (cols > limit && !space)
				return 1;
		}
	}
	walk_line(s, n, emit_over, &o);
	return o.over;
}

struct fit {
	struct buf *b;
	int max;        /* columns that may be used */
	int used;       /* columns written */
	size_t cut;     /* b->len where max - 1 columns still fit */
	int cut_used;
};

static int
emit_fit(const struct text_unit *u, int col, void *arg)
{
	struct fit *f = arg;

	if (col + u->width > f->max) {
		f->used = f->max + 1;  /* too wide: cut back to f->cut */
		return 0;
	}
	emit_all(u, col, f->b);
	f->used = col + u->width;
	if (f->used <= f->max - 1) {
		f->cut = f->b->len;
		f->cut_used = f->used;
	}
	return 1;
}

int
text_fit(struct buf *b, const unsigned char *s, size_t n, int max_cols)
{
	struct fit f = { b, max_cols, 0, 0, 0 };

	/* one pass: write it all while it fits, remembering where one
	 * column less would have ended, for the ellipsis */
	buf_add(b, "", 0);
	if (max_cols <= 0)
		return 0;
	f.cut = b->len;
	walk_line(s, n, emit_fit, &f);
	if (f.used <= max_cols)
		return f.used;
	b->len = f.cut;
	b->data[b->len] = '\0';
	text_put_cp(b, 0x2026);
	return f.cut_used + 1;
}
