/* cli.c - the non-interactive modes: --list, --dump, --search, --count.
 *
 * --list, --search and --count stream.  Articles are read (and searched)
 * on every core, a window of WINDOW at a time; each article's lines are
 * written as soon as it and every article before it are done, so the
 * first line comes at once, the order is the article order, and memory
 * holds a few articles and their lines, never the whole output.  An
 * article whose lines outgrow SLOT_MAX waits for its turn and then writes
 * them as it finds them.
 *
 * Paths are written with buf_escape() (the dotfile's escapes), so each
 * record is one line that maps back to the exact file name; with --null
 * they are written raw and each record ends with NUL instead.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fold.h"
#include "query.h"
#include "layout.h"
#include "text.h"

/* Articles taken but not yet written. */
#define WINDOW 8
/* Bytes of an article's lines held back while earlier articles are
 * still being searched. */
#define SLOT_MAX (1024 * 1024)

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
		buf_escape(&e, d->path);
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

/* A path as printed: escaped, or raw for --null. */
static void
put_path(struct buf *b, const char *path, const struct cli_opts *o)
{
	if (o->null)
		buf_adds(b, path);
	else
		buf_escape(b, path);
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

/* Append the record of match m of d to b; c walks the lines. */
static void
print_match(const struct doc *d, const struct fold_match *m,
    struct doc_pos *c, const struct cli_opts *o, struct buf *b)
{
	size_t cs, ce, k;
	int n;

	doc_advance(d, c, m->start);
	cs = back_cols(d, c->line_start, m->start, o->context);
	/* as many characters after the match, within its line */
	for (ce = m->end, n = o->context; n > 0 && ce < d->len &&
	    d->src[ce] != '\n' && d->src[ce] != '\r'; n--)
		/* over the continuation bytes of one character (3 at
		 * most: a run of stray ones is one character each) */
		for (k = ++ce; ce < d->len && ce < k + 3 &&
		    (d->src[ce] & 0xC0) == 0x80; ce++)
			;
	put_path(b, d->path, o);
	buf_printf(b, ":%zu:%zu:", c->line, c->col + 1);
	if (cs > c->line_start)
		text_put_cp(b, 0x2026);
	text_sanitize(b, d->src + cs, ce - cs);
	if (ce < d->len && d->src[ce] != '\n' && d->src[ce] != '\r')
		text_put_cp(b, 0x2026);
	buf_addc(b, o->null ? '\0' : '\n');
}


/* ---- the stream ---------------------------------------------------------- */

/* One article in the window: its lines, waiting for their turn. */
struct slot {
	struct buf out;         /* its records */
	size_t found;           /* its matches (--list: 1) */
	char *error;            /* could not be read: why */
	int done;               /* under mu: ready to be written */
};

struct stream {
	struct dossier *ds;
	const struct query *q;          /* NULL for --list */
	const struct cli_opts *o;
	pthread_mutex_t mu;
	pthread_cond_t cv;              /* printed, printing or failed moved */
	size_t next;                    /* under mu: the next article to take */
	size_t printed;                 /* under mu: articles written */
	int printing;                   /* under mu: a thread is writing */
	int failed;                     /* under mu: a write failed: errno */
	/* the writer's alone (one at a time, handed over under mu) */
	size_t listed, total, read;
	struct buf line;
	struct slot win[WINDOW];
};

/* Write b to the output; on failure stop everyone.  Without mu. */
static int
write_out(struct stream *st, const struct buf *b)
{
	int e;

	if (!b->len || util_write_all(st->o->fd, b->data, b->len) == 0)
		return 0;
	e = errno ? errno : EIO;
	pthread_mutex_lock(&st->mu);
	if (!st->failed)
		st->failed = e;
	pthread_cond_broadcast(&st->cv);
	pthread_mutex_unlock(&st->mu);
	return -1;
}

/* Write what article i left in its slot, or its error.  The writer only,
 * without mu. */
static void
emit(struct stream *st, size_t i, struct slot *s)
{
	if (s->error) {
		struct buf e = { 0 };

		dossier_error(&e, st->ds->docs[i].path, s->error);
		fputs(e.data, stderr);
		buf_free(&e);
		free(s->error);
		s->error = NULL;
		return;
	}
	st->read++;
	st->total += s->found;
	if (st->q) {
		write_out(st, &s->out);
	} else {
		/* --list numbers the articles it could read */
		st->line.len = 0;
		buf_printf(&st->line, "%zu\t", ++st->listed);
		buf_add(&st->line, s->out.data, s->out.len);
		write_out(st, &st->line);
	}
	s->out.len = 0;
	s->found = 0;
}

/* Write every finished article that is next in order, unless another
 * thread is writing (it will write them).  With mu held. */
static void
emit_ready(struct stream *st)
{
	struct slot *s;
	size_t i;

	if (st->printing)
		return;
	st->printing = 1;
	while (!st->failed && (i = st->printed) < st->ds->n &&
	    (s = &st->win[i % WINDOW])->done) {
		pthread_mutex_unlock(&st->mu);
		emit(st, i, s);
		pthread_mutex_lock(&st->mu);
		s->done = 0;
		st->printed++;
		pthread_cond_broadcast(&st->cv);
	}
	st->printing = 0;
	pthread_cond_broadcast(&st->cv);
}

/* Wait until article i is the next to be written, and take the output.
 * -1 when the output failed meanwhile. */
static int
take_turn(struct stream *st, size_t i)
{
	int failed;

	pthread_mutex_lock(&st->mu);
	while (!st->failed && (st->printed != i || st->printing))
		pthread_cond_wait(&st->cv, &st->mu);
	failed = st->failed;
	if (!failed)
		st->printing = 1;
	pthread_mutex_unlock(&st->mu);
	return failed ? -1 : 0;
}

/* Fill article i's slot.  Returns 1 when it took the output (its lines
 * outgrew the slot), -1 when the output failed, else 0. */
static int
stream_article(struct stream *st, size_t i, struct fold_match **v,
    size_t *cap)
{
	struct slot *s = &st->win[i % WINDOW];
	const char *path = st->ds->docs[i].path;
	struct doc tmp, *d = &tmp;
	char *data, why[256];
	size_t len, j, n;
	int own = 0;

	if (!st->q) {
		if (doc_load(d, path, why, sizeof why) < 0) {
			s->error = xstrdup(why);
			return 0;
		}
		doc_full_title(d, &s->out);
		buf_printf(&s->out, "\t%s\t", d->date ? d->date : "");
		put_path(&s->out, path, st->o);
		buf_addc(&s->out, st->o->null ? '\0' : '\n');
		s->found = 1;
		doc_free(d);
		return 0;
	}
	/* parse and fold it only if the raw bytes could hold a match */
	if (util_read_file(path, &data, &len) < 0) {
		s->error = xstrdup(errno == EINVAL ? "not a regular file" :
		    strerror(errno));
		return 0;
	}
	/* the test reads raw bytes: it cannot judge a file that will be
	 * decoded first */
	if (!query_may_match((unsigned char *)data, len, st->q) &&
	    !doc_encoding((unsigned char *)data, len)) {
		free(data);
		return 0;
	}
	doc_init(d, path, (unsigned char *)data, len);
	doc_index(d);
	if (st->o->count) {
		n = query_count(d->fold, d->src, st->q);
		if (n) {
			put_path(&s->out, path, st->o);
			buf_printf(&s->out, ":%zu", n);
			buf_addc(&s->out, st->o->null ? '\0' : '\n');
		}
	} else {
		struct doc_pos c = DOC_POS_START;

		n = query_find_all(d->fold, d->src, st->q, v, cap);
		for (j = 0; j < n; j++) {
			print_match(d, &(*v)[j], &c, st->o, &s->out);
			if (s->out.len < SLOT_MAX)
				continue;
			if (!own && take_turn(st, i) < 0) {
				n = 0;
				break;
			}
			own = 1;
			if (write_out(st, &s->out) < 0)
				break;
			s->out.len = 0;
		}
	}
	s->found = n;
	doc_free(d);
	return own;
}

static void *
stream_worker(void *arg)
{
	struct stream *st = arg;
	struct fold_match *v = NULL;
	size_t cap = 0, i;
	int own;

	pthread_mutex_lock(&st->mu);
	for (;;) {
		while (!st->failed && st->next < st->ds->n &&
		    st->next >= st->printed + WINDOW)
			pthread_cond_wait(&st->cv, &st->mu);
		if (st->failed || st->next >= st->ds->n)
			break;
		i = st->next++;
		pthread_mutex_unlock(&st->mu);
		own = stream_article(st, i, &v, &cap);
		pthread_mutex_lock(&st->mu);
		st->win[i % WINDOW].done = 1;
		if (own)
			st->printing = 0;
		emit_ready(st);
	}
	pthread_cond_broadcast(&st->cv);
	pthread_mutex_unlock(&st->mu);
	free(v);
	return NULL;
}

/* Run the stream over every article and report a failed output.  0 if
 * anything was found, 1 if nothing, 2 when no article could be read or
 * the output failed. */
static int
stream_run(struct dossier *ds, const struct query *q,
    const struct cli_opts *o)
{
	struct stream *st = xcalloc(1, sizeof *st);
	int status, k, threads = o->threads < 1 ? 1 : o->threads;

	st->ds = ds;
	st->q = q;
	st->o = o;
	pthread_mutex_init(&st->mu, NULL);
	pthread_cond_init(&st->cv, NULL);
	util_run_threads(ds->n < (size_t)threads ? (int)ds->n : threads,
	    stream_worker, st);
	if (st->failed) {
		/* a reader that went away (a pipe into head) is no trouble
		 * worth a message */
		if (st->failed != EPIPE)
			fprintf(stderr, "dossier: standard output: %s\n",
			    strerror(st->failed));
		status = 2;
	} else {
		status = !st->read ? 2 : st->total ? 0 : 1;
	}
	for (k = 0; k < WINDOW; k++) {
		buf_free(&st->win[k].out);
		free(st->win[k].error);
	}
	buf_free(&st->line);
	pthread_cond_destroy(&st->cv);
	pthread_mutex_destroy(&st->mu);
	free(st);
	return status;
}

int
cli_list(struct dossier *ds, const struct cli_opts *o)
{
	return stream_run(ds, NULL, o) == 2 ? 2 : 0;
}

int
cli_search(struct dossier *ds, const char *query, const struct cli_opts *o)
{
	struct query *q = query_new(query, strlen(query));
	int status;

	if (!q) {
		fputs("dossier: --search: the query is empty\n", stderr);
		return 2;
	}
	status = stream_run(ds, q, o);
	query_free(q);
	return status;
}
