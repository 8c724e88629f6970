/* layout.h - paragraphs wrapped into display lines of a given width.
 *
 * Layout is a pure function of (document, width).  Every line carries the
 * source byte range it shows, so a position (a source byte) can be found
 * again at any width.  Lines never exceed the width, for any width >= 1.
 */
#ifndef DOSSIER_LAYOUT_H
#define DOSSIER_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "text.h"
#include "util.h"

enum {
	LINE_HYPHEN = 1,    /* broken after a soft hyphen: draw a '-' last */
	LINE_BLANK = 2      /* spacing between paragraphs; start == end */
};

struct line {
	size_t start, end;   /* source bytes shown */
	uint32_t para;       /* index into doc->paras */
	uint16_t width;      /* columns used, including a '-' or '…' */
	uint8_t kind;        /* the paragraph's enum para_kind */
	uint8_t flags;
};

struct layout {
	struct line *v;
	size_t n, cap;
	int width;
};

/* Append the lines of paragraph p at width (>= 1) to l. */
void layout_para(const struct doc *d, size_t p, int width, struct layout *l);

/* Lay out the whole document: paragraphs with a blank line between them.
 * Replaces what l held. */
void layout_doc(const struct doc *d, int width, struct layout *l);

/* The index of the line showing source byte off (the last line starting
 * at or before it); 0 when there are no lines. */
size_t layout_find(const struct layout *l, size_t off);

void layout_free(struct layout *l);

/* One drawable cell group of a line, as the reading pane and --dump show
 * it: iterate with layout_cells_next() until it returns 0. */
struct layout_iter {
	const struct doc *doc;
	const struct line *line;
	size_t pos;
	int col, limit, done_tail;
};

/* Start drawing line ln of a layout of the given width. */
void layout_cells_begin(struct layout_iter *it, const struct doc *d,
    const struct line *ln, int width);
/* Sets *u to the next unit to draw at column *col, never past the width:
 * trailing white space is clipped, a unit wider than the whole line comes
 * as U+FFFD, soft hyphens inside the line are skipped, and the '-' of a
 * line broken at a soft hyphen comes last with len 0. */
int layout_cells_next(struct layout_iter *it, struct text_unit *u, int *col);

/* The line as plain UTF-8 (for --dump), appended to out. */
void layout_line_text(const struct doc *d, const struct line *ln,
    int width, struct buf *out);

#endif
