/* cli.c - the non-interactive modes. */
#include "config.h"

#include <errno.h>
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

	if (d->encoding) {
		struct buf e = { 0 };

		/* a note, not trouble: the exit status stays 0 */
		buf_adds(&e, "dossier: ");
		put_safe(&e, d->path);
		buf_printf(&e, ": read as %s\n", d->encoding);
		fputs(e.data, stderr);
		buf_free(&e);
	}
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

/* Step back from off over at most cols characters of its line. */
static size_t
back_cols(const struct doc *d, size_t line_start, size_t off, int cols)
{
	size_t p = off;

	while (p > line_start && cols > 0) {
		size_t q = p - 1;

		/* back over the continuation bytes of one character */
		while (q > line_start && (d->src[q] & 0xC0) == 0x80 &&
		    p - q < 4)
			q--;
		p = q;
		cols--;
	}
	return p;
}

static void
print_match(const struct doc *d, const struct fold_match *m,
    struct doc_pos *c, struct buf *b)
{
	size_t cs, ce, limit;
	int mw;

	doc_advance(d, c, m->start);
	cs = back_cols(d, c->line_start, m->start, CONTEXT_COLS);
	/* the rest of the line, but never more than an excerpt needs */
	limit = m->end + 4 * CONTEXT_COLS;
	for (ce = m->start; ce < d->len && ce < limit && d->src[ce] != '\n' &&
	    d->src[ce] != '\r'; ce++)
		;
	mw = text_width(d->src + m->start, (m->end < ce ? m->end : ce) -
	    m->start);
	b->len = 0;
	put_safe(b, d->path);
	buf_printf(b, ":%zu:%zu:", c->line, c->col + 1);
	if (cs > c->line_start)
		text_put_cp(b, 0x2026);
	text_fit(b, d->src + cs, ce - cs, CONTEXT_COLS + mw + CONTEXT_COLS);
	buf_addc(b, '\n');
}

/* --search runs on every core: each worker takes the next article, reads
 * it, searches it, keeps what to print and frees the article at once (so
 * the next one reuses its memory); the output is printed in order. */
struct searcher {
	struct dossier *ds;
	const struct fold_query *q;
	int count;
	size_t next;            /* atomic: the next article to take */
	struct buf *out;        /* per article: its lines */
	size_t *found;          /* per article: its matches */
};

static void *
search_worker(void *arg)
{
	struct searcher *w = arg;
	struct fold_match *v = NULL;
	struct buf line = { 0 };
	size_t cap = 0, i, j, n;

	while ((i = __atomic_fetch_add(&w->next, 1, __ATOMIC_RELAXED)) <
	    w->ds->n) {
		struct doc *slot = &w->ds->docs[i], tmp, *d = &tmp;
		char *data;
		size_t len;

		/* each article is this worker's alone: read it, and parse
		 * and fold it only if the raw bytes could hold a match */
		if (util_read_file(slot->path, &data, &len) < 0) {
			slot->error = xstrdup(errno == EINVAL ?
			    "not a regular file" : strerror(errno));
			slot->state = DOC_FAILED;
			continue;
		}
		/* the test reads raw bytes: it cannot judge a file that
		 * will be decoded first */
		if (!fold_may_match((unsigned char *)data, len, w->q) &&
		    !doc_encoding((unsigned char *)data, len)) {
			free(data);
			continue;
		}
		doc_init(d, slot->path, (unsigned char *)data, len);
		doc_index(d);
		if (w->count) {
			n = fold_count(d->fold, d->src, w->q);
			if (n) {
				put_safe(&w->out[i], d->path);
				buf_printf(&w->out[i], ":%zu\n", n);
			}
		} else {
			struct doc_pos c = DOC_POS_START;

			n = fold_find_all(d->fold, d->src, w->q, &v, &cap);
			for (j = 0; j < n; j++) {
				print_match(d, &v[j], &c, &line);
				buf_add(&w->out[i], line.data, line.len);
			}
		}
		w->found[i] = n;
		doc_free(d);
	}
	free(v);
	buf_free(&line);
	return NULL;
}

int
cli_search(struct dossier *ds, const char *query, int count, FILE *out,
    int threads)
{
	struct searcher w = { ds, NULL, count, 0, NULL, NULL };
	size_t i, total = 0, read = 0;

	w.q = fold_query_new(query, strlen(query));
	if (!w.q) {
		fputs("dossier: --search: the query is empty\n", stderr);
		return 2;
	}
	w.out = xcalloc(ds->n ? ds->n : 1, sizeof *w.out);
	w.found = xcalloc(ds->n ? ds->n : 1, sizeof *w.found);
	util_run_threads(ds->n < (size_t)threads ? (int)ds->n : threads,
	    search_worker, &w);
	for (i = 0; i < ds->n; i++) {
		if (ds->docs[i].state == DOC_FAILED) {
			struct buf e = { 0 };

			dossier_error(&e, ds->docs[i].path, ds->docs[i].error);
			fputs(e.data, stderr);
			buf_free(&e);
			continue;
		}
		read++;
		if (w.out[i].len)
			fwrite(w.out[i].data, 1, w.out[i].len, out);
		total += w.found[i];
		buf_free(&w.out[i]);
	}
	free(w.out);
	free(w.found);
	fold_query_free((struct fold_query *)w.q);
	if (!read)
		return 2;
	return total ? 0 : 1;
}
