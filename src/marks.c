/* marks.c - bookmarks and reading state against the articles. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "marks.h"
#include "text.h"

#define LABEL_COLS 40
#define LABEL_WORDS 6

char *
marks_default_path(void)
{
	const char *p = getenv("DOSSIER_BOOKMARKS"), *home;

	if (p && *p)
		return xstrdup(p);
	home = getenv("HOME");
	if (!home || !*home)
		return NULL;
	return xasprintf("%s/.dossier_bookmarks", home);
}

long
marks_find(const struct dossier *ds, const char *relpath)
{
	return dossier_find_name(ds, relpath);
}

/* The end of the paragraph holding off (or the text's end). */
static size_t
para_end(const struct doc *d, size_t off)
{
	size_t i;

	for (i = 0; i < d->npara; i++)
		if (d->paras[i].end > off)
			return d->paras[i].end;
	return d->len;
}

void
marks_snippet(const struct doc *d, size_t off, struct buf *out)
{
	size_t end = para_end(d, off), n;

	buf_add(out, "", 0);
	if (off >= d->len)
		return;
	n = end - off < MARKS_SNIPPET_BYTES ? end - off : MARKS_SNIPPET_BYTES;
	/* do not cut a UTF-8 sequence */
	while (n > 0 && off + n < d->len && (d->src[off + n] & 0xC0) == 0x80)
		n--;
	buf_add(out, d->src + off, n);
}

void
marks_label(const struct doc *d, size_t off, struct buf *out)
{
	size_t end = para_end(d, off), p = off;
	int words = 0, in = 0;

	/* the first few words */
	while (p < end && words <= LABEL_WORDS) {
		int space = d->src[p] == ' ' || d->src[p] == '\t' ||
		    d->src[p] == '\n' || d->src[p] == '\r';

		if (!space && !in)
			words++;
		in = !space;
		if (words > LABEL_WORDS)
			break;
		p++;
	}
	text_fit(out, d->src + off, p - off, LABEL_COLS);
}

void
marks_new(struct bm_op *op, const struct doc *d, size_t off,
    const char *label)
{
	struct buf snip = { 0 };

	memset(op, 0, sizeof *op);
	op->kind = BM_OP_ADD;
	op->rec.kind = BM_MARK;
	op->rec.id = bm_make_id();
	op->rec.name = xstrdup(d->name);
	op->rec.relpath = xstrdup(d->name);
	op->rec.fp = bm_fingerprint(d->src, d->len);
	op->rec.offset = off;
	op->rec.time = (int64_t)time(NULL);
	op->rec.label = xstrdup(label);
	marks_snippet(d, off, &snip);
	op->rec.snippet = snip.data;
}

void
marks_op_free(struct bm_op *op)
{
	free(op->rec.id);
	free(op->rec.name);
	free(op->rec.relpath);
	free(op->rec.label);
	free(op->rec.snippet);
	memset(op, 0, sizeof *op);
}

size_t
marks_locate(const struct bm_rec *rec, const struct doc *d)
{
	long long at;

	if (rec->fp == bm_fingerprint(d->src, d->len) || !rec->snippet ||
	    !*rec->snippet)
		return rec->offset < d->len ? (size_t)rec->offset : d->len;
	at = bm_reanchor((const char *)d->src, d->len, rec->snippet,
	    rec->offset);
	if (at >= 0)
		return (size_t)at;
	return rec->offset < d->len ? (size_t)rec->offset : d->len;
}

int
marks_percent(const struct doc *d, size_t off)
{
	if (!d->len)
		return 0;
	if (off >= d->len)
		return 100;
	return (int)((double)off * 100 / (double)d->len);
}
