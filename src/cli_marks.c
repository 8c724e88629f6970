/* cli_marks.c - --marks: the bookmarks of a dossier as PATH:LINE:LABEL,
 * for scripts and for quoting.
 *
 * The dotfile is only read, never written: what the reader would re-file
 * (version 1 records, articles that moved) is left to the reader.  A
 * bookmark of an edited article is placed where its snippet is now, as
 * the reader would jump.  Records of other dossiers are not printed;
 * those of articles gone from the dossier's folder are skipped with a
 * note on stderr.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bookmarks.h"
#include "cli.h"
#include "marks.h"
#include "text.h"

/* A note on stderr about a record's article, its path made safe. */
static void
note(const char *path, const char *why)
{
	struct buf e = { 0 };

	buf_adds(&e, "dossier: ");
	buf_escape(&e, path);
	buf_printf(&e, ": %s\n", why);
	fputs(e.data, stderr);
	buf_free(&e);
}

/* Append the record of bookmark r, of article d, to b. */
static void
put_mark(struct buf *b, const struct bm_rec *r, const struct doc *d,
    const struct cli_opts *o)
{
	size_t line, col;

	doc_line_col(d, marks_locate(r, d), &line, &col);
	if (o->null)
		buf_adds(b, d->path);
	else
		buf_escape(b, d->path);
	buf_printf(b, ":%zu:", line);
	/* one line, no control characters, whatever the dotfile holds */
	text_sanitize(b, (const unsigned char *)r->label, strlen(r->label));
	buf_addc(b, o->null ? '\0' : '\n');
}

int
cli_marks(struct dossier *ds, const char *dotfile, const struct cli_opts *o)
{
	struct bm_store st;
	struct marks_index mx;
	struct buf out = { 0 };
	char err[512], *path;
	size_t i, printed = 0;
	int status = 0;

	path = dotfile ? xstrdup(dotfile) : marks_default_path();
	if (!path) {
		fputs("dossier: --marks: no bookmarks file (neither "
		    "DOSSIER_BOOKMARKS nor HOME is set)\n", stderr);
		return 2;
	}
	if (bm_store_open(&st, path, err, sizeof err) < 0) {
		fprintf(stderr, "dossier: bookmarks: %s\n", err);
		/* a file it could not read shows nothing; one only too big
		 * or of a newer version is read, and printed */
		if (!st.set.n)
			status = 2;
	}
	free(path);
	marks_index_build(&mx, ds);
	for (i = 0; i < st.set.n; i++) {
		const struct bm_rec *r = &st.set.v[i];
		long d;

		if (r->kind != BM_MARK)
			continue;
		switch (marks_where(&mx, r)) {
		case MARKS_ELSEWHERE:
			continue;  /* another dossier's */
		case MARKS_MISSING:
			note(r->path, "bookmarked article is missing, skipped");
			continue;
		case MARKS_HERE:
			break;
		}
		d = marks_article(&mx, r->path);
		if (dossier_need(ds, (size_t)d) < 0) {
			note(ds->docs[d].path, ds->docs[d].error ?
			    ds->docs[d].error : "cannot be read");
			continue;
		}
		put_mark(&out, r, &ds->docs[d], o);
		printed++;
		/* stream: a big list is not held whole */
		if (out.len > 65536) {
			if (util_write_all(o->fd, out.data, out.len) < 0)
				goto failed;
			out.len = 0;
		}
	}
	if (out.len && util_write_all(o->fd, out.data, out.len) < 0)
		goto failed;
	if (!status)
		status = printed ? 0 : 1;
	goto done;
failed:
	/* a reader that went away (a pipe into head) is no trouble
	 * worth a message */
	if (errno != EPIPE)
		fprintf(stderr, "dossier: standard output: %s\n",
		    strerror(errno));
	status = 2;
done:
	buf_free(&out);
	marks_index_free(&mx);
	bm_store_close(&st);
	return status;
}
