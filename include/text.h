/* text.h - turning article bytes into characters that are safe to show.
 *
 * Every byte of an article reaches the screen (or --dump) only through
 * text_next_unit(): invalid UTF-8 becomes U+FFFD, control characters, DEL,
 * C1 controls and the bidirectional overrides become visible placeholders,
 * and nothing else is ever passed on.  Units are grapheme clusters (a base
 * character with its combining marks, an emoji ZWJ sequence, a flag) so
 * that the layout never splits them.
 */
#ifndef DOSSIER_TEXT_H
#define DOSSIER_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* At most this many code points are drawn per unit (ncurses' CCHARW_MAX);
 * further combining marks are consumed but not drawn. */
#define TEXT_MAX_CPS 5

enum text_kind {
	TEXT_CHAR,   /* a visible cluster */
	TEXT_SPACE,  /* white space: a break opportunity, hangs at line end */
	TEXT_SHY     /* soft hyphen: invisible unless the line breaks after it */
};

struct text_unit {
	size_t pos, len;   /* source bytes [pos, pos+len) */
	int width;         /* display columns at the column it was read at */
	enum text_kind kind;
	int newline;       /* SPACE that contains a line break */
	int ncp;           /* code points to draw, cps[0] the base */
	uint32_t cps[TEXT_MAX_CPS];
};

#define TEXT_TABSTOP 8
#define TEXT_REPLACEMENT 0xFFFDu

/* Read the unit that starts at s[pos] (pos < end) when it would be drawn at
 * column col (tabs depend on it).  A run of white space that holds a line
 * break is one SPACE unit of width 1.  Returns pos + u->len. */
size_t text_next_unit(const unsigned char *s, size_t end, size_t pos, int col,
    struct text_unit *u);

/* Decode one character at s (n > 0 bytes available) into what may be shown:
 * sets *cp and returns the bytes consumed (>= 1).  *width is the display
 * width (0, 1 or 2), or -1 for a line break (LF, CR, CRLF, U+2028/9), -2 for
 * a tab, -3 for a soft hyphen, -4 for other white space. */
size_t text_decode(const unsigned char *s, size_t n, uint32_t *cp, int *width);

/* Is cp white space for paragraph and heading detection? */
int text_is_space(uint32_t cp);

/* Narrow [*start, *end) of s past white space at both ends: any Unicode
 * space, line breaks, soft hyphens and invisible format characters. */
void text_trim(const unsigned char *s, size_t *start, size_t *end);

/* Append the UTF-8 encoding of cp to b. */
void text_put_cp(struct buf *b, uint32_t cp);

/* Append s[0..n) to b as one safe line: as text_next_unit() shows it, with
 * white space runs folded to one space and soft hyphens dropped. */
void text_sanitize(struct buf *b, const unsigned char *s, size_t n);

/* Display width of s[0..n) as text_sanitize() would show it. */
int text_width(const unsigned char *s, size_t n);

/* Is s[0..n) wider than limit columns (as text_width() measures)?  Stops
 * reading as soon as it knows, so it is cheap on long lines. */
int text_width_over(const unsigned char *s, size_t n, int limit);

/* Copy at most max_cols columns of the sanitized s into b, ending with "…"
 * when it had to cut.  Returns the columns used. */
int text_fit(struct buf *b, const unsigned char *s, size_t n, int max_cols);

#endif
