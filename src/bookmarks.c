/* bookmarks.c - the bookmarks store: merge and atomic save of the dotfile.
 *
 * Saving never edits the file in place: under a lock it re-reads what is
 * on disk, replays this instance's unsaved ops on top, and renames a fully
 * written and fsynced temporary file over the old one.  So a crash leaves
 * the old file or the new one, and two instances merge instead of
 * overwriting each other.  Every op is idempotent, which makes replaying
 * an op that may already be on disk harmless.  The lock is only ever
 * tried, never waited on: a reader must not freeze because another
 * process holds it; the change waits in memory and a later save retries.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bookmarks.h"
#include "util.h"

/* A path in a message keeps at most this many bytes, its end. */
#define MSG_PATH_BYTES 48
/* Between two tries of the lock, and between two saves at quit. */
#define LOCK_STEP_MS 10
#define FLUSH_STEP_MS 100

/* ---- merging ---------------------------------------------------------- */

static int
str_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

int
bm_newer(int64_t a, int64_t b, int64_t now)
{
	int fa = a > now, fb = b > now;

	if (fa != fb)
		return fb;	/* the one not from the future */
	return a > b;
}

/* Is r of kind, and for key (a path or a dossier; NULL: any)? */
static int
rec_is(const struct bm_rec *r, enum bm_kind kind, const char *key)
{
	if (r->kind != kind)
		return 0;
	if (!key)
		return 1;
	return str_eq(kind == BM_LAST ? r->dossier : r->path, key);
}

static const struct bm_rec *
newest(const struct bm_set *s, enum bm_kind kind, const char *key)
{
	const struct bm_rec *best = NULL;
	int64_t now = (int64_t)time(NULL);
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (!rec_is(&s->v[i], kind, key))
			continue;
		if (!best || !bm_newer(best->time, s->v[i].time, now))
			best = &s->v[i];
	}
	return best;
}

const struct bm_rec *
bm_set_state(const struct bm_set *s, const char *path)
{
	return newest(s, BM_STATE, path ? path : "");
}

const struct bm_rec *
bm_set_last(const struct bm_set *s, const char *dossier)
{
	return newest(s, BM_LAST, dossier ? dossier : "");
}

static struct bm_rec *
set_push(struct bm_set *s)
{
	GROW(s->v, s->cap, s->n + 1);
	memset(&s->v[s->n], 0, sizeof s->v[s->n]);
	return &s->v[s->n++];
}

static void
set_remove(struct bm_set *s, size_t i)
{
	bm_rec_free(&s->v[i]);
	memmove(&s->v[i], &s->v[i + 1], (s->n - i - 1) * sizeof s->v[0]);
	s->n--;
}

/* Replace the records of kind for key by rec, in the place of the first,
 * unless one of them is newer than rec. */
static void
replace_newer(struct bm_set *s, enum bm_kind kind, const char *key,
    const struct bm_rec *rec)
{
	const struct bm_rec *old = newest(s, kind, key);
	size_t i, first = s->n;

	if (old && bm_newer(old->time, rec->time, (int64_t)time(NULL)))
		return;
	for (i = 0; i < s->n;) {
		if (!rec_is(&s->v[i], kind, key))
			i++;
		else if (first == s->n)
			first = i++;
		else
			set_remove(s, i);
	}
	if (first == s->n) {
		bm_rec_make(set_push(s), kind, rec);
	} else {
		bm_rec_free(&s->v[first]);
		bm_rec_make(&s->v[first], kind, rec);
	}
}

static int
is_record(enum bm_kind k)
{
	return k != BM_RAW && k != BM_COMMENT;
}

void
bm_set_apply(struct bm_set *s, const struct bm_op *op)
{
	const struct bm_rec *rec = &op->rec;
	size_t i;

	switch (op->kind) {
	case BM_OP_ADD:
		for (i = 0; i < s->n; i++)
			if (s->v[i].kind == BM_MARK && str_eq(s->v[i].id, rec->id))
				return;
		bm_rec_make(set_push(s), BM_MARK, rec);
		/* before the bookmark old names, when it is there (an undone
		 * deletion goes back in its place) */
		for (i = 0; op->old.id && *op->old.id && i + 1 < s->n; i++)
			if (s->v[i].kind == BM_MARK &&
			    str_eq(s->v[i].id, op->old.id)) {
				struct bm_rec added = s->v[s->n - 1];

				memmove(&s->v[i + 1], &s->v[i],
				    (s->n - 1 - i) * sizeof s->v[0]);
				s->v[i] = added;
				break;
			}
		break;
	case BM_OP_DEL:
		for (i = 0; i < s->n;) {
			if (s->v[i].kind == BM_MARK && str_eq(s->v[i].id, rec->id))
				set_remove(s, i);
			else
				i++;
		}
		break;
	case BM_OP_UPDATE:
		for (i = 0; i < s->n; i++) {
			if (s->v[i].kind == BM_MARK &&
			    str_eq(s->v[i].id, rec->id)) {
				bm_rec_free(&s->v[i]);
				bm_rec_make(&s->v[i], BM_MARK, rec);
			}
		}
		break;
	case BM_OP_STATE:
		replace_newer(s, BM_STATE, rec->path ? rec->path : "", rec);
		break;
	case BM_OP_LAST:
		replace_newer(s, BM_LAST, rec->dossier ? rec->dossier : "",
		    rec);
		break;
	case BM_OP_REPLACE:
		if (!is_record(rec->kind) || !is_record(op->old.kind))
			return;
		for (i = 0; i < s->n; i++) {
			if (bm_rec_same(&s->v[i], &op->old)) {
				bm_rec_free(&s->v[i]);
				bm_rec_make(&s->v[i], rec->kind, rec);
				break;
			}
		}
		break;
	}
}

/* ---- messages --------------------------------------------------------- */

/* "WHY: PATH", the path made safe to show and shortened from the left. */
static void __attribute__((format(printf, 4, 5)))
set_why(struct bm_store *st, char *err, size_t errlen, const char *fmt, ...)
{
	struct buf p = { 0 };
	const char *show;
	size_t cut;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(st->why, sizeof st->why, fmt, ap);
	va_end(ap);
	buf_escape(&p, st->path);
	show = p.data;
	if (p.len > MSG_PATH_BYTES) {
		cut = p.len - MSG_PATH_BYTES;
		/* a whole folder name, if there is one, and whole characters */
		while (cut < p.len && p.data[cut] != '/' &&
		    p.len - cut > MSG_PATH_BYTES / 2)
			cut++;
		if (p.data[cut] != '/')
			cut = p.len - MSG_PATH_BYTES;
		while (cut < p.len && ((unsigned char)p.data[cut] & 0xC0) == 0x80)
			cut++;
		show = p.data + cut;
	}
	if (n >= 0 && (size_t)n < sizeof st->why)
		snprintf(st->why + n, sizeof st->why - (size_t)n, ": %s%s",
		    show == p.data ? "" : "\xe2\x80\xa6", show);
	buf_free(&p);
	if (err && errlen)
		snprintf(err, errlen, "%s", st->why);
}

/* ---- the store -------------------------------------------------------- */

/* The file to replace: path itself, or the target of a symbolic link at
 * path, so that a dotfile kept elsewhere (a dotfiles repository) stays
 * linked instead of being replaced by a plain file. */
static char *
store_target(const char *path)
{
	struct stat sb;
	struct buf link = { 0 };
	const char *slash;
	char *real;
	ssize_t n;

	if (lstat(path, &sb) < 0 || !S_ISLNK(sb.st_mode))
		return xstrdup(path);
	if ((real = realpath(path, NULL)))
		return real;
	/* A dangling link: its target is the file to create. */
	util_grow((void **)&link.data, &link.cap, 256, 1);
	while ((n = readlink(path, link.data, link.cap)) >= 0 &&
	    (size_t)n == link.cap)
		util_grow((void **)&link.data, &link.cap, link.cap * 2, 1);
	if (n <= 0) {
		buf_free(&link);
		return xstrdup(path);
	}
	link.data[n] = '\0';
	slash = strrchr(path, '/');
	if (link.data[0] == '/' || !slash)
		return link.data;
	real = xasprintf("%.*s/%s", (int)(slash - path), path, link.data);
	buf_free(&link);
	return real;
}

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Temporary files are only created under the lock, so one found while
 * holding it was left by a process killed in the middle of a save. */
static void
remove_stale_tmps(const char *target)
{
	const char *slash = strrchr(target, '/');
	const char *base = slash ? slash + 1 : target;
	size_t blen = strlen(base);
	char *dir = dir_of(target);
	struct dirent *e;
	DIR *d;

	if ((d = opendir(dir))) {
		while ((e = readdir(d))) {
			if (strlen(e->d_name) == blen + 10 &&
			    strncmp(e->d_name, base, blen) == 0 &&
			    strncmp(e->d_name + blen, ".tmp", 4) == 0)
				unlinkat(dirfd(d), e->d_name, 0);
		}
		closedir(d);
	}
	free(dir);
}

enum check {
	CHECK_NEW,	/* no file yet */
	CHECK_OURS,	/* a dotfile we may replace */
	CHECK_FAIL,	/* cannot tell (errno) */
	CHECK_NOTDOT,	/* not a dossier dotfile */
	CHECK_RO,	/* read-only */
	CHECK_BIG,	/* over BM_MAX_BYTES */
};

/* What is at target, before anything is created beside it.  *sb is its
 * status when it exists. */
static enum check
store_check(const char *target, struct stat *sb)
{
	char head[64];
	ssize_t n;
	int fd;

	if (stat(target, sb) < 0)
		return errno == ENOENT ? CHECK_NEW : CHECK_FAIL;
	if (!S_ISREG(sb->st_mode))
		return CHECK_NOTDOT;
	if (sb->st_size > BM_MAX_BYTES)
		return CHECK_BIG;
	if (sb->st_size > 0) {
		fd = open(target, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (fd < 0)
			return CHECK_FAIL;
		do
			n = read(fd, head, sizeof head);
		while (n < 0 && errno == EINTR);
		close(fd);
		if (n < 0)
			return CHECK_FAIL;
		if (!bm_is_dotfile(head, (size_t)n))
			return CHECK_NOTDOT;
	}
	/* Root could replace it anyway, and anyone could by renaming over
	 * it: a file its owner made read-only is left alone. */
	if ((sb->st_mode & 0222) == 0 ||
	    (access(target, W_OK) < 0 && (errno == EACCES || errno == EROFS)))
		return CHECK_RO;
	return CHECK_OURS;
}

static const char *
check_why(enum check c)
{
	switch (c) {
	case CHECK_NOTDOT:
		return "not a dossier bookmarks file, not changed";
	case CHECK_RO:
		return "read-only, not changed";
	case CHECK_BIG:
		return "over 64 MB, read but not rewritten";
	default:
		return strerror(errno);
	}
}

/* Read and parse the file into *out; a missing file is an empty set.
 * -1 with errno on any other failure. */
static int
store_read(const char *target, struct bm_set *out)
{
	char *data;
	size_t len;

	memset(out, 0, sizeof *out);
	if (util_read_file(target, &data, &len) < 0)
		return errno == ENOENT ? 0 : -1;
	bm_parse(data, len, out);
	free(data);
	return 0;
}

static long long
ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleep ms; -1 when a signal cut it short. */
static int
nap(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	return nanosleep(&ts, NULL);
}

/* Take the lock with non-blocking tries for up to ms.  0: locked; 1: a
 * file system without locks (saving unlocked beats not saving at all);
 * -1 with errno (EWOULDBLOCK: another process holds it; EINTR: it does,
 * and a signal came while waiting). */
static int
lock_try(int fd, int ms)
{
	long long until = ms_now() + ms;

	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno == ENOLCK || errno == EOPNOTSUPP || errno == ENOSYS)
			return 1;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK || ms_now() >= until)
			return -1;
		if (nap(LOCK_STEP_MS) < 0) {
			errno = EINTR;	/* a signal: give up now */
			return -1;
		}
	}
}

/* Lock, re-read, merge the pending ops, write atomically.  *merged is
 * filled (and *have set) as soon as the file could be read, so that on a
 * failed write the caller can still show the merge. */
static int
store_save(struct bm_store *st, struct bm_set *merged, int *have, char *err,
    size_t errlen)
{
	char *target = store_target(st->path), *lockpath = NULL, *tmp = NULL;
	char *data = NULL, *dir;
	int lfd = -1, fd = -1, dfd, rc = -1, locked, closed, existed;
	enum check c;
	struct stat sb;
	size_t len, i;

	*have = 0;
	/* Else the lock and temporary files would land in an odd place:
	 * the current folder, or inside the named folder. */
	if (!*target || target[strlen(target) - 1] == '/') {
		errno = *target ? EISDIR : ENOENT;
		set_why(st, err, errlen, "%s", strerror(errno));
		goto out;
	}
	/* Nothing is created beside a file that is not ours to rewrite. */
	c = store_check(target, &sb);
	if (c != CHECK_NEW && c != CHECK_OURS) {
		set_why(st, err, errlen, "%s", check_why(c));
		goto out;
	}
	existed = c == CHECK_OURS;
	lockpath = xasprintf("%s.lock", target);
	/* A separate lock file, because the dotfile itself is replaced by
	 * every save and a lock on it would be lost with it.  Opened for
	 * reading, which flock needs no more than, so that a lock file root
	 * made is still usable by the owner. */
	lfd = open(lockpath, O_RDONLY | O_CREAT | O_CLOEXEC | O_NOCTTY |
	    O_NOFOLLOW, 0600);
	if (lfd < 0) {
		set_why(st, err, errlen, "cannot lock: %s", strerror(errno));
		goto out;
	}
	if (existed && geteuid() == 0)
		(void)!fchown(lfd, sb.st_uid, sb.st_gid);
	locked = lock_try(lfd, st->lock_ms);
	if (locked < 0) {
		/* the signal is the caller's to act on; bm_store_flush() must
		 * not wait on, as the nap that saw it is over */
		if (errno == EINTR)
			st->interrupted = 1;
		set_why(st, err, errlen, "%s", errno == EWOULDBLOCK ||
		    errno == EINTR ? "locked by another dossier" :
		    strerror(errno));
		goto out;
	}
	if (locked == 0)
		remove_stale_tmps(target);
	/* Again under the lock: it may have changed meanwhile. */
	c = store_check(target, &sb);
	if (c != CHECK_NEW && c != CHECK_OURS) {
		set_why(st, err, errlen, "%s", check_why(c));
		goto out;
	}
	existed = c == CHECK_OURS;
	/* Never write over a file we could not read: it would be lost. */
	if (store_read(target, merged) < 0) {
		set_why(st, err, errlen, "%s", strerror(errno));
		goto out;
	}
	*have = 1;
	for (i = 0; i < st->npending; i++)
		bm_set_apply(merged, &st->pending[i]);
	if (merged->version > BM_VERSION) {
		set_why(st, err, errlen, "written by a newer version of "
		    "dossier (v%d), not changed", merged->version);
		goto out;
	}
	data = bm_serialize(merged, &len);
	tmp = xasprintf("%s.tmpXXXXXX", target);
	if ((fd = mkstemp(tmp)) < 0) {
		set_why(st, err, errlen, "%s", strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	/* The owner's file stays the owner's: when root saves someone
	 * else's dotfile, the new file gets its owner, group and mode. */
	if ((existed && (sb.st_uid != geteuid() || sb.st_gid != getegid()) &&
	    fchown(fd, sb.st_uid, sb.st_gid) < 0) ||
	    fchmod(fd, existed ? sb.st_mode & 07777 : 0600) < 0 ||
	    util_write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		set_why(st, err, errlen, "%s", strerror(errno));
		goto out;
	}
	closed = close(fd);
	fd = -1;
	if (closed < 0 || rename(tmp, target) < 0) {
		set_why(st, err, errlen, "%s", strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	/* Make the rename durable.  A failure is not reported: the new file
	 * is in place, and replaying the ops later could undo a delete made
	 * meanwhile by another instance. */
	dir = dir_of(target);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
	st->why[0] = '\0';
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	if (lfd >= 0)
		close(lfd);	/* releases the lock */
	free(data);
	free(lockpath);
	free(target);
	return rc;
}

static enum bm_kind
op_rec_kind(const struct bm_op *op)
{
	switch (op->kind) {
	case BM_OP_STATE:
		return BM_STATE;
	case BM_OP_LAST:
		return BM_LAST;
	case BM_OP_REPLACE:
		return op->rec.kind;
	default:
		return BM_MARK;
	}
}

static void
pending_clear(struct bm_store *st)
{
	size_t i;

	for (i = 0; i < st->npending; i++) {
		bm_rec_free(&st->pending[i].rec);
		bm_rec_free(&st->pending[i].old);
	}
	st->npending = 0;
}

/* The file as the store shows it: what it holds, the pending ops on top.
 * A file that is not ours shows nothing. */
int
bm_store_reload(struct bm_store *st, char *err, size_t errlen)
{
	struct bm_set s;
	struct stat sb;
	char *target = store_target(st->path);
	enum check c = store_check(target, &sb);
	size_t i;
	int rc = 0;

	memset(&s, 0, sizeof s);
	if (c == CHECK_FAIL || (c != CHECK_NEW && c != CHECK_NOTDOT &&
	    store_read(target, &s) < 0)) {
		free(target);
		set_why(st, err, errlen, "%s", strerror(errno));
		return -1;
	}
	free(target);
	if (c == CHECK_NOTDOT || c == CHECK_BIG) {
		set_why(st, err, errlen, "%s", check_why(c));
		rc = -1;
	} else if (s.version > BM_VERSION) {
		set_why(st, err, errlen, "written by a newer version of "
		    "dossier (v%d), not changed", s.version);
		rc = -1;
	}
	for (i = 0; i < st->npending; i++)
		bm_set_apply(&s, &st->pending[i]);
	bm_set_free(&st->set);
	st->set = s;
	return rc;
}

int
bm_store_open(struct bm_store *st, const char *path, char *err,
    size_t errlen)
{
	memset(st, 0, sizeof *st);
	st->path = xstrdup(path);
	st->lock_ms = BM_LOCK_MS;
	signal(SIGXFSZ, SIG_IGN);
	return bm_store_reload(st, err, errlen);
}

int
bm_store_apply(struct bm_store *st, const struct bm_op *op, char *err,
    size_t errlen)
{
	struct bm_set merged;
	struct bm_op *p;
	int have;

	if (!op && !st->npending)
		return bm_store_reload(st, err, errlen);
	if (op) {
		GROW(st->pending, st->cappending, st->npending + 1);
		p = &st->pending[st->npending++];
		memset(p, 0, sizeof *p);
		p->kind = op->kind;
		bm_rec_make(&p->rec, op_rec_kind(op), &op->rec);
		if (op->kind == BM_OP_REPLACE)
			bm_rec_make(&p->old, op->old.kind, &op->old);
		else if (op->kind == BM_OP_ADD && op->old.id)
			bm_rec_make(&p->old, BM_MARK, &op->old);
	}
	if (store_save(st, &merged, &have, err, errlen) == 0) {
		pending_clear(st);
		bm_set_free(&st->set);
		st->set = merged;
		return 0;
	}
	if (have) {
		bm_set_free(&st->set);
		st->set = merged;
	} else if (op) {
		bm_set_apply(&st->set, op);
	}
	return -1;
}

size_t
bm_store_unsaved(const struct bm_store *st)
{
	return st->npending;
}

int
bm_store_retry(struct bm_store *st, char *err, size_t errlen)
{
	if (!st->npending)
		return 0;
	return bm_store_apply(st, NULL, err, errlen);
}

int
bm_store_flush(struct bm_store *st, int ms, char *err, size_t errlen)
{
	long long until = ms_now() + ms;
	int left, saved = st->lock_ms;

	st->interrupted = 0;
	for (;;) {
		left = (int)(until - ms_now());
		st->lock_ms = left > 0 ? left : 0;
		if (bm_store_retry(st, err, errlen) == 0)
			break;
		if (st->interrupted || left <= FLUSH_STEP_MS ||
		    nap(FLUSH_STEP_MS) < 0)
			break;
	}
	st->lock_ms = saved;
	return st->npending ? -1 : 0;
}

void
bm_store_close(struct bm_store *st)
{
	pending_clear(st);
	free(st->pending);
	bm_set_free(&st->set);
	free(st->path);
	memset(st, 0, sizeof *st);
}
