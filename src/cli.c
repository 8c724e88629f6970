/* cli.c - the non-interactive modes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fold.h"
#include "layout.h"
#include "text.h"

/* Columns of context shown on either side of a match. */
#define CONTEXT_COLS 30

static void
put_safe(struct buf *b, const char *s)
{
	text_sanitize(b, (const unsigned char *)s, strlen(s));
}

int
cli_list(const struct dossier *ds, FILE *out)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < ds->n; i++) {
		const struct doc *d = &ds->docs[i];

		buf_printf(&b, "%zu\t%s\t%s\t", i + 1, d->title,
		    d->date ? d->date : "");
		put_safe(&b, d->path);
		buf_addc(&b, '\n');
		fwrite(b.data, 1, b.len, out);
		b.len = 0;
	}
	buf_free(&b);
	return 0;
}

int
cli_dump(const struct doc *d, int width, FILE *out)
{
	struct layout l = { 0 };
	struct buf b = { 0 };
	size_t i;

	layout_doc(d, width, &l);
	for (i = 0; i < l.n; i++) {
		b.len = 0;
		layout_line_text(d, &l.v[i], width, &b);
		buf_addc(&b, '\n');
		fwrite(b.data, 1, b.len, out);
	}
	buf_free(&b);
	layout_free(&l);
	return 0;
}

/* Where a source line starts and ends around off. */
static void
line_around(const struct doc *d, size_t off, size_t *start, size_t *end)
{
	size_t s = off, e = off;

	while (s > 0 && d->src[s - 1] != '\n' && d->src[s - 1] != '\r')
		s--;
	while (e < d->len && d->src[e] != '\n' && d->src[e] != '\r')
		e++;
	*start = s;
	*end = e;
}

/* Step back from off over about cols columns of the line, to a character
 * boundary. */
static size_t
back_cols(const struct doc *d, size_t line_start, size_t off, int cols)
{
	size_t p = off;

	while (p > line_start && cols > 0) {
		p--;
		while (p > line_start && (d->src[p] & 0xC0) == 0x80 &&
		    off - p < 4)
			p--;
		cols--;
	}
	return p;
}

static void
print_match(const struct doc *d, const struct fold_match *m,
    struct buf *b)
{
	size_t line, col, ls, le, cs, ce;

	doc_line_col(d, m->start, &line, &col);
	line_around(d, m->start, &ls, &le);
	cs = back_cols(d, ls, m->start, CONTEXT_COLS);
	ce = m->end > le ? le : m->end;
	b->len = 0;
	put_safe(b, d->path);
	buf_printf(b, ":%zu:%zu:", line, col);
	if (cs > ls)
		text_put_cp(b, 0x2026);
	/* the match and what follows it, cut to a short excerpt */
	text_fit(b, d->src + cs, le - cs,
	    CONTEXT_COLS + text_width(d->src + m->start, ce - m->start) +
	    CONTEXT_COLS);
	buf_addc(b, '\n');
}

int
cli_search(struct dossier *ds, const char *query, int count, FILE *out)
{
	struct fold_query *q = fold_query_new(query, strlen(query));
	struct fold_match *v = NULL;
	struct buf b = { 0 };
	size_t cap = 0, i, j, total = 0;

	if (!q) {
		fputs("dossier: --search: the query is empty\n", stderr);
		return 2;
	}
	for (i = 0; i < ds->n; i++) {
		struct doc *d = &ds->docs[i];
		size_t n;

		doc_index(d);
		if (count) {
			n = fold_count(d->fold, d->src, q);
			if (n) {
				b.len = 0;
				put_safe(&b, d->path);
				buf_printf(&b, ":%zu\n", n);
				fwrite(b.data, 1, b.len, out);
			}
		} else {
			n = fold_find_all(d->fold, d->src, q, &v, &cap);
			for (j = 0; j < n; j++) {
				print_match(d, &v[j], &b);
				fwrite(b.data, 1, b.len, out);
			}
		}
		total += n;
	}
	free(v);
	buf_free(&b);
	fold_query_free(q);
	return total ? 0 : 1;
}
