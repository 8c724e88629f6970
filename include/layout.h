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
	LINE_BLANK = 2,     /* spacing between paragraphs: it shows the white
	                     * space from the end of one paragraph to the
	                     * start of the next, so it has a place of its own
	                     * (a top line, a bookmark) */
	LINE_RULE = 4       /* a separator: drawn as a short rule, centred */
};

/* What a separator's rule is drawn with: BOX DRAWINGS LIGHT HORIZONTAL. */
#define LAYOUT_RULE_CHAR 0x2500u

/* A line starts layout_indent() columns in (a list item's, a quote's);
 * its width counts them. */
struct line {
	size_t start, end;   /* source bytes shown */
	uint32_t para;       /* index into doc->paras */
	uint16_t width;      /* columns used, including a '-' or '…' and
	                      * the indent */
	uint8_t kind;        /* the paragraph's enum para_kind */
	uint8_t flags;
};

struct layout {
	struct line *v;
	size_t n, cap;
	int width;
};

/* Paragraphs longer than about this many bytes are laid out in blocks of
 * this size, each on its own (a line ends at each block's end). */
#define LAYOUT_BLOCK (32 * 1024)

/* Append the lines of paragraph p at width (>= 1) to l. */
void layout_para(const struct doc *d, size_t p, int width, struct layout *l);

/* The column line ln starts at, at width: its paragraph's indent, plus
 * the hang of a list item's later lines, but never more than half the
 * width; a rule's, centred. */
int layout_indent(const struct doc *d, const struct line *ln, int width);

/* Columns of a separator's rule at width. */
int layout_rule_cols(int width);

/* text_next_unit() for paragraph p: in a quote, the '>' marks that start
 * each of its lines after the first are part of the line break before
 * them, so that they are never shown. */
size_t layout_next_unit(const struct doc *d, size_t p, size_t end, size_t pos,
    int col, struct text_unit *u);

/* Lay out the whole document: paragraphs with a blank line between them.
 * Replaces what l held. */
void layout_doc(const struct doc *d, int width, struct layout *l);

/* The index of the line showing source byte off (the last line starting
 * at or before it); 0 when there are no lines. */
size_t layout_find(const struct layout *l, size_t off);

void layout_free(struct layout *l);

/* The same layout, made only where it is looked at: what the reading
 * pane uses, so that opening a 50 MB article or jumping to the end of a
 * 20 MB line costs only what is shown.  A document is cut into blocks
 * (paragraphs, and pieces of LAYOUT_BLOCK bytes of longer ones); the
 * lines of a block are made on first use and kept.  The lines, in order,
 * are exactly those of layout_doc(). */
struct layout_block {
	size_t start, end;      /* the text it lays out */
	size_t lead;            /* where its first line starts: the blank
	                         * line before a paragraph begins at the end
	                         * of the one before it */
	uint32_t para;
	int first;              /* the first block of its paragraph */
};

struct layout_lazy {
	const struct doc *doc;  /* not owned */
	int width;
	struct layout_block *blocks;
	size_t nblocks;
	struct line **lines;    /* per block: NULL until laid out */
	size_t *nlines;
	size_t laid;            /* lines made so far (for benchmarks) */
};

/* A line: the block, and the line within the block. */
struct layout_pos {
	size_t block, line;
};

/* Find the blocks of d (no lines yet).  d must outlive z. */
void layout_lazy_init(struct layout_lazy *z, const struct doc *d, int width);
void layout_lazy_free(struct layout_lazy *z);
/* The lines of block b, laid out on first use; their number in *n. */
const struct line *layout_lazy_block(struct layout_lazy *z, size_t b,
    size_t *n);
/* The line at p, or NULL past the end. */
const struct line *layout_lazy_line(struct layout_lazy *z,
    struct layout_pos p);
/* Move p by lines (negative: up), stopping at the first and last line;
 * returns how far it moved. */
long long layout_lazy_move(struct layout_lazy *z, struct layout_pos *p,
    long long by);
/* The line showing source byte off (the last starting at or before it). */
struct layout_pos layout_lazy_locate(struct layout_lazy *z, size_t off);
/* The top line that puts the last line at the bottom of rows rows. */
struct layout_pos layout_lazy_end(struct layout_lazy *z, size_t rows);
int layout_pos_cmp(struct layout_pos a, struct layout_pos b);

/* One drawable cell group of a line, as the reading pane and --dump show
 * it: iterate with layout_cells_next() until it returns 0. */
struct layout_iter {
	const struct doc *doc;
	const struct line *line;
	size_t pos;
	int col, limit, done_tail;
};

/* Start drawing line ln of a layout of the given width (the first cell
 * comes at its indent).  A rule line gives its rule's cells
 * (LAYOUT_RULE_CHAR, len 0). */
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
