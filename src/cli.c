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
 * --search answers from the cache where it can, and reads the rest as it
 * would with none; what the cache lacks is then filled in and written by
 * a child process (write_caches()), after the answer, not before it.
 *
 * Paths are written with buf_escape() (the dotfile's escapes), so each
 * record is one line that maps back to the exact file name; with --null
 * they are written raw and each record ends with NUL instead.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "cli.h"
#include "fold.h"
#include "query.h"
#include "layout.h"
#include "text.h"

/* Articles taken but not yet written, and taken by a thread at once. */
#define WINDOW 64
#define BATCH 16
/* Bytes of an article's lines held back while earlier articles are
 * still being searched. */
#define SLOT_MAX (64 * 1024)

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
	uint64_t need;                  /* query_letters(q) */
	const struct cli_opts *o;
	pthread_mutex_t mu;
	pthread_cond_t cv;              /* printed, printing or failed moved */
	size_t next;                    /* under mu: the next article to take */
	size_t printed;                 /* under mu: articles written */
	int printing;                   /* under mu: a thread is writing */
	int failed;                     /* under mu: a write failed: errno */
	/* the writer's alone (one at a time, handed over under mu) */
	size_t listed, total, read;
	struct buf line;                /* gathered to be written at once */
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

/* Write out what the writer has gathered.  Without mu. */
static void
flush_out(struct stream *st)
{
	write_out(st, &st->line);
	st->line.len = 0;
}

/* Write what article i left in its slot, or its error.  The writer only,
 * without mu. */
static void
emit(struct stream *st, size_t i, struct slot *s)
{
	if (s->error) {
		struct buf e = { 0 };

		/* what went before it first */
		flush_out(st);
		dossier_error(&e, st->ds->docs[i].path, s->error);
		fputs(e.data, stderr);
		buf_free(&e);
		free(s->error);
		s->error = NULL;
		return;
	}
	st->read++;
	st->total += s->found;
	/* --list numbers the articles it could read */
	if (!st->q)
		buf_printf(&st->line, "%zu\t", ++st->listed);
	buf_add(&st->line, s->out.data, s->out.len);
	if (st->line.len >= SLOT_MAX)
		flush_out(st);
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
	for (;;) {
		while (!st->failed && (i = st->printed) < st->ds->n &&
		    (s = &st->win[i % WINDOW])->done) {
			pthread_mutex_unlock(&st->mu);
			emit(st, i, s);
			pthread_mutex_lock(&st->mu);
			s->done = 0;
			st->printed++;
		}
		/* room in the window, or a turn: wake the others once */
		pthread_cond_broadcast(&st->cv);
		/* the articles done at once go out in one write */
		if (st->failed || !st->line.len)
			break;
		pthread_mutex_unlock(&st->mu);
		flush_out(st);
		pthread_mutex_lock(&st->mu);
	}
	st->printing = 0;
	pthread_cond_broadcast(&st->cv);
}

/* The articles this thread has done but not yet handed to the writer:
 * from batch_from up to the one it is on.  A thread takes BATCH at a
 * time: served from the cache an article takes microseconds, and two
 * threads taking them one by one spent their time waking each other. */
static _Thread_local size_t batch_from;

/* Where this thread reads search copies from the cache. */
static _Thread_local struct buf room;

/* Hand this thread's articles before to over to the writer.  With mu. */
static void
hand_over(struct stream *st, size_t to)
{
	for (; batch_from < to; batch_from++)
		st->win[batch_from % WINDOW].done = 1;
}

/* Wait until article i is the next to be written, and take the output.
 * -1 when the output failed meanwhile. */
static int
take_turn(struct stream *st, size_t i)
{
	int failed;

	pthread_mutex_lock(&st->mu);
	/* this thread's own articles before i go first */
	hand_over(st, i);
	emit_ready(st);
	while (!st->failed && (st->printed != i || st->printing))
		pthread_cond_wait(&st->cv, &st->mu);
	failed = st->failed;
	if (!failed)
		st->printing = 1;
	pthread_mutex_unlock(&st->mu);
	return failed ? -1 : 0;
}

/* --list: article i's record, from the cache when it knows the title. */
static void
list_article(struct stream *st, size_t i, struct slot *s)
{
	struct doc *a = &st->ds->docs[i], tmp, *d = &tmp;
	struct cache *c = a->cache;
	const struct cache_rec *r = c ? cache_lookup(c, a->cslot) : NULL;
	struct buf full = { 0 };
	char why[256];

	if (r && (cache_rec_flags(r) & CACHE_META) &&
	    cache_rec_full_title(c, r, &full) == 0) {
		memset(d, 0, sizeof *d);
		if (cache_rec_meta(c, r, d) == 0) {
			cache_keep(c, a->cslot, r);
			goto print;
		}
		full.len = 0;
	}
	if (doc_load(d, a->path, why, sizeof why) < 0) {
		if (c)
			cache_vain(c, a->cslot, NULL);
		s->error = xstrdup(why);
		buf_free(&full);
		return;
	}
	doc_full_title(d, &full);
	if (c) {
		cache_vain(c, a->cslot, &d->stamp);
		if (r)
			cache_keep(c, a->cslot, r);
		cache_put_meta(c, a->cslot, d, full.data);
	}
print:
	buf_add(&s->out, full.data, full.len);
	buf_printf(&s->out, "\t%s\t", d->date ? d->date : "");
	put_path(&s->out, a->path, st->o);
	buf_addc(&s->out, st->o->null ? '\0' : '\n');
	s->found = 1;
	buf_free(&full);
	doc_free(d);
}

/* The matches of d (its search copy t) into s: counted, or printed. */
static int
search_doc(struct stream *st, size_t i, struct slot *s, const struct doc *d,
    const struct fold_text *t, struct fold_match **v, size_t *cap)
{
	size_t n, j;
	int own = 0;

	if (st->o->count) {
		n = query_count(t, d->src, st->q);
		if (n) {
			put_path(&s->out, d->path, st->o);
			buf_printf(&s->out, ":%zu", n);
			buf_addc(&s->out, st->o->null ? '\0' : '\n');
		}
	} else {
		struct doc_pos c = DOC_POS_START;

		n = query_find_all(t, d->src, st->q, v, cap);
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
	return own;
}

/* Search article i with what the cache knows: 1 when that was enough
 * (*own set as stream_article() returns), 0 when the article must be
 * read and folded. */
static int
search_cached(struct stream *st, size_t i, struct slot *s, int *own,
    struct fold_match **v, size_t *cap)
{
	struct doc *a = &st->ds->docs[i], tmp;
	struct cache *c = a->cache;
	const struct cache_rec *r = c ? cache_lookup(c, a->cslot) : NULL;
	struct fold_text *t;
	unsigned f = r ? cache_rec_flags(r) : 0;
	char why[256];

	*own = 0;
	if ((f & CACHE_LETTERS) &&
	    (st->need & ~cache_rec_letters(r)) != 0) {
		/* it lacks a letter of the query: no match, nothing read */
		cache_keep(c, a->cslot, r);
		return 1;
	}
	if (!(f & CACHE_FOLD) || !(f & CACHE_META) ||
	    !(t = cache_rec_fold_read(c, r, &room)))
		return 0;
	memset(&tmp, 0, sizeof tmp);
	if (st->o->count && !query_needs_src(st->q)) {
		/* the folded copy is enough to count */
		tmp.path = a->path;
		search_doc(st, i, s, &tmp, t, v, cap);
		fold_text_free(t);
		cache_keep(c, a->cslot, r);
		return 1;
	}
	if (doc_load(&tmp, a->path, why, sizeof why) < 0 ||
	    tmp.fp != cache_rec_fp(r) || tmp.len != cache_rec_len(r)) {
		/* unreadable now, or changed since the stat: the slow path
		 * says what is true */
		doc_free(&tmp);
		fold_text_free(t);
		return 0;
	}
	*own = search_doc(st, i, s, &tmp, t, v, cap);
	fold_text_free(t);
	doc_free(&tmp);
	cache_keep(c, a->cslot, r);
	return 1;
}

/* Fill article i's slot.  Returns 1 when it took the output (its lines
 * outgrew the slot), -1 when the output failed, else 0. */
static int
stream_article(struct stream *st, size_t i, struct fold_match **v,
    size_t *cap)
{
	struct slot *s = &st->win[i % WINDOW];
	struct doc *a = &st->ds->docs[i], tmp, *d = &tmp;
	struct cache *c = a->cache;
	struct doc_stamp stamp;
	struct stat sb;
	char *data;
	size_t len;
	uint64_t missing;
	int own, utf8;

	if (!st->q) {
		list_article(st, i, s);
		return 0;
	}
	if (search_cached(st, i, s, &own, v, cap))
		return own;
	if (util_read_file_st(a->path, &data, &len, &sb) < 0) {
		s->error = xstrdup(errno == EINVAL ? "not a regular file" :
		    strerror(errno));
		if (c)
			cache_vain(c, a->cslot, NULL);
		return 0;
	}
	doc_stamp_of(&stamp, &sb);
	if (c)
		cache_vain(c, a->cslot, &stamp);
	/* parse and fold it only if it could hold a match (a test of the
	 * raw bytes, which cannot judge a file that will be decoded
	 * first); the cache learns which letter it lacks */
	missing = query_missing((unsigned char *)data, len, st->q, &utf8);
	if (missing && (utf8 || !doc_encoding((unsigned char *)data, len))) {
		if (c)
			cache_put_letters(c, a->cslot, &stamp, ~missing);
		free(data);
		return 0;
	}
	doc_init_text(d, a->path, (unsigned char *)data, len);
	d->stamp = stamp;
	doc_index(d);
	own = search_doc(st, i, s, d, d->fold, v, cap);
	/* its title and search copy are for the cache's writer, after
	 * the answer (write_caches()) */
	doc_free(d);
	return own;
}

/* --- the cache, written after the answer ---------------------------------- */

struct builder {
	struct dossier *ds;
	size_t next;                    /* atomic: the next article */
};

/* Learn what the cache lacks of article i: title and search copy, and
 * the letters it holds (so that a search for a word it lacks reads
 * nothing). */
static void
build_article(struct dossier *ds, size_t i)
{
	struct doc *a = &ds->docs[i], d;
	struct cache *c = a->cache;
	char why[256];

	if (!c || !cache_claimed(c) || cache_done(c, a->cslot) ||
	    doc_load(&d, a->path, why, sizeof why) < 0)
		return;
	doc_index(&d);
	cache_put_doc(c, a->cslot, &d);
	cache_put_letters(c, a->cslot, &d.stamp,
	    fold_letters(d.src, d.len));
	doc_free(&d);
}

static void *
build_worker(void *arg)
{
	struct builder *b = arg;
	size_t i;

	while ((i = __atomic_fetch_add(&b->next, 1, __ATOMIC_RELAXED)) <
	    b->ds->n)
		build_article(b->ds, i);
	return NULL;
}

/* Fill in and write the caches this process is the writer of. */
static void
build_caches(struct dossier *ds, int threads)
{
	struct builder b = { ds, 0 };
	size_t k;

	util_run_threads(threads, build_worker, &b);
	for (k = 0; k < ds->ncaches; k++)
		if (cache_claimed(ds->caches[k]))
			cache_commit(ds->caches[k], NULL);
	/* and no cache outlives its folder for long */
	if (ds->ncaches)
		cache_forget_gone(ds->caches[0]);
}

/* The writer keeps no file of its caller's but its caches' own: a pipe
 * handed down on another descriptor would wait for it to end. */
static void
close_others(const struct dossier *ds)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *e;
	size_t k;
	int fd, keep;

	if (!dir)
		return;
	while ((e = readdir(dir)) != NULL) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		fd = atoi(e->d_name);
		keep = fd <= 2 || fd == dirfd(dir);
		for (k = 0; k < ds->ncaches && !keep; k++)
			keep = cache_owns_fd(ds->caches[k], fd);
		if (!keep)
			close(fd);
	}
	closedir(dir);
}

/* The writer, after fork(): on its own, at a lower priority, with
 * nothing of the terminal or the output.  It returns (to free what it
 * has, as the process it came from would) once the caches are written;
 * their locks are held until it exits. */
static void
writer(struct dossier *ds, int threads)
{
	const char *log = getenv("DOSSIER_TEST_WRITER_LOG");
	const char *wait = getenv("DOSSIER_TEST_WRITER_WAIT");
	int fd, i;

	setsid();
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
	}
	/* for the tests: what the sanitizers say of the writer */
	if (log && (fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0600)) >= 0) {
		dup2(fd, 2);
		close(fd);
	}
	close_others(ds);
	unsetenv("DOSSIER_CACHE_TRACE");	/* the parent's to say */
	errno = 0;
	if (nice(10) == -1 && errno) {
		/* it runs as it is */
	}
	/* for the tests: a writer at work while the file wait is there */
	for (i = 0; wait && i < 600 && access(wait, F_OK) == 0; i++)
		usleep(100000);
	build_caches(ds, threads);
}

/* After the answer: keep what was learnt.  A cache that lacks some
 * article's title or search copy, or must be written anew, is left to a
 * child process (writer()), so that the answer is not held up by reading
 * and writing a copy of the whole dossier.  The lock it holds from
 * before fork() (cache_claim()) keeps a second one from doing the same
 * work at once, and tells the tests when it is done.  Without fork() the
 * work is done here.  --list (list set) writes the titles it read at
 * once, unless that means copying the old file's search copies. */
static void
write_caches(struct dossier *ds, int threads, int list)
{
	size_t k, mine = 0;
	pid_t pid;

	for (k = 0; k < ds->ncaches; k++) {
		struct cache *c = ds->caches[k];

		/* (when another process is the writer, or none can be,
		 * what this one learnt is let go) */
		if (!cache_pending(c))
			continue;
		if (list && !cache_has_copies(c))
			cache_commit(c, NULL);
		else if (cache_claim(c) == 0)
			mine++;
	}
	if (!mine)
		return;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		writer(ds, threads);
		return;
	}
	if (pid < 0) {
		build_caches(ds, threads);
		return;
	}
	ds->behind = 1;
	for (k = 0; k < ds->ncaches; k++)
		if (cache_claimed(ds->caches[k]))
			cache_behind(ds->caches[k], (long)pid);
}

static void *
stream_worker(void *arg)
{
	struct stream *st = arg;
	struct fold_match *v = NULL;
	size_t cap = 0, i, end;

	pthread_mutex_lock(&st->mu);
	for (;;) {
		while (!st->failed && st->next < st->ds->n &&
		    st->next >= st->printed + WINDOW)
			pthread_cond_wait(&st->cv, &st->mu);
		if (st->failed || st->next >= st->ds->n)
			break;
		i = batch_from = st->next;
		end = i + BATCH;
		if (end > st->ds->n)
			end = st->ds->n;
		if (end > st->printed + WINDOW)
			end = st->printed + WINDOW;
		st->next = end;
		pthread_mutex_unlock(&st->mu);
		for (; i < end; i++) {
			if (stream_article(st, i, &v, &cap) == 0)
				continue;
			/* it took the output: what is left of its lines
			 * goes out now, in order */
			pthread_mutex_lock(&st->mu);
			hand_over(st, i + 1);
			st->printing = 0;
			emit_ready(st);
			pthread_mutex_unlock(&st->mu);
		}
		pthread_mutex_lock(&st->mu);
		hand_over(st, end);
		emit_ready(st);
	}
	pthread_cond_broadcast(&st->cv);
	pthread_mutex_unlock(&st->mu);
	free(v);
	buf_free(&room);
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
	st->need = q ? query_letters(q) : 0;
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
		/* every article was seen: what was learnt can be kept */
		write_caches(ds, threads, !q);
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
