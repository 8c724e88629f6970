/* util.c - allocation wrappers, growable buffers (and escaping into them),
 * threads, hashing, whole-file reading and writing. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static void (*fatal_hook)(void);

void
util_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

_Noreturn void
util_oom(void)
{
	if (fatal_hook)
		fatal_hook();
	fputs("dossier: out of memory\n", stderr);
	exit(2);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		util_oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		util_oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		util_oom();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		util_oom();
	return xrealloc(p, n * size);
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xasprintf(const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (!b.data)
		buf_add(&b, "", 0);
	return b.data;
}

void
util_grow(void **v, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap;

	if (need <= c)
		return;
	if (c < 8)
		c = 8;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			util_oom();
		c *= 2;
	}
	*v = xreallocarray(*v, c, size);
	*cap = c;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n > SIZE_MAX - b->len - 1)
		util_oom();
	util_grow((void **)&b->data, &b->cap, b->len + n + 1, 1);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n >= 0) {
		util_grow((void **)&b->data, &b->cap, b->len + (size_t)n + 1, 1);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
		b->len += (size_t)n;
	}
	va_end(again);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/* Run fn(arg) on threads threads at once, this one among them, and wait
 * for all; fewer if threads cannot be started. */
void
util_run_threads(int threads, void *(*fn)(void *), void *arg)
{
	pthread_t t[UTIL_MAX_THREADS];
	int k, started = 0;

	for (k = 1; k < threads && k < UTIL_MAX_THREADS; k++)
		if (pthread_create(&t[started], NULL, fn, arg) == 0)
			started++;
	fn(arg);
	for (k = 0; k < started; k++)
		pthread_join(t[k], NULL);
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0.
 * Rejects overlong forms, surrogates and code points past U+10FFFF, so
 * that what we write is UTF-8 by the strict definition. */
static size_t
utf8_valid(const unsigned char *p, size_t n)
{
	size_t len, i;
	uint32_t c;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		len = 2, c = p[0] & 0x1F;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		len = 3, c = p[0] & 0x0F;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		len = 4, c = p[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return 0;
	return len;
}

void
buf_escape(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), i = 0, k, j;
	char x[4] = { '\\', 'x', 0, 0 };

	while (i < n) {
		switch (p[i]) {
		case '\\': buf_add(b, "\\\\", 2); i++; continue;
		case '\t': buf_add(b, "\\t", 2); i++; continue;
		case '\n': buf_add(b, "\\n", 2); i++; continue;
		case '\r': buf_add(b, "\\r", 2); i++; continue;
		}
		k = utf8_valid(p + i, n - i);
		/* C1 controls (U+0080..U+009F) are escaped too: some terminals
		 * obey them when someone cats the file; and so are the
		 * bidirectional overrides and isolates (U+202A..202E,
		 * U+2066..2069), which would reorder what cat shows. */
		if (k == 1 && p[i] >= 0x20 && p[i] != 0x7F) {
			buf_addc(b, (char)p[i]);
		} else if (k > 1 && !(k == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0) &&
		    !(k == 3 && p[i] == 0xE2 && ((p[i + 1] == 0x80 &&
		    p[i + 2] >= 0xAA && p[i + 2] <= 0xAE) || (p[i + 1] == 0x81 &&
		    p[i + 2] >= 0xA6 && p[i + 2] <= 0xA9)))) {
			buf_add(b, p + i, k);
		} else {
			if (k == 0)
				k = 1;
			for (j = 0; j < k; j++) {
				x[2] = hex[p[i + j] >> 4];
				x[3] = hex[p[i + j] & 15];
				buf_add(b, x, 4);
			}
		}
		i += k;
	}
}

#define H1 0x9E3779B185EBCA87ULL
#define H2 0xC2B2AE3D27D4EB4FULL
#define H3 0x165667B19E3779F9ULL
#define H4 0x85EBCA77C2B2AE63ULL
#define H5 0x27D4EB2F165667C5ULL

static inline uint64_t
rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

/* Little-endian, whatever the machine: one load (and a swap on a
 * big-endian one); the hash runs at memory speed only if this is
 * inlined. */
static inline uint64_t
le64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline uint64_t
lane(uint64_t acc, uint64_t in)
{
	return rotl64(acc + in * H2, 31) * H1;
}

static uint64_t
merge_lane(uint64_t h, uint64_t v)
{
	return (h ^ lane(0, v)) * H1 + H4;
}

uint64_t
util_hash64(const void *data, size_t len)
{
	const unsigned char *p = data, *end = p + len;
	uint64_t h;

	if (len >= 32) {
		uint64_t v1 = H1 + H2, v2 = H2, v3 = 0, v4 = 0 - H1;

		do {
			v1 = lane(v1, le64(p));
			v2 = lane(v2, le64(p + 8));
			v3 = lane(v3, le64(p + 16));
			v4 = lane(v4, le64(p + 24));
			p += 32;
		} while (end - p >= 32);
		h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) +
		    rotl64(v4, 18);
		h = merge_lane(h, v1);
		h = merge_lane(h, v2);
		h = merge_lane(h, v3);
		h = merge_lane(h, v4);
	} else {
		h = H5;
	}
	h += (uint64_t)len;
	for (; end - p >= 8; p += 8)
		h = rotl64(h ^ lane(0, le64(p)), 27) * H1 + H4;
	if (end - p >= 4) {
		h ^= ((uint64_t)p[0] | (uint64_t)p[1] << 8 |
		    (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24) * H1;
		h = rotl64(h, 23) * H2 + H3;
		p += 4;
	}
	for (; p < end; p++)
		h = rotl64(h ^ *p * H5, 11) * H1;
	h ^= h >> 33;
	h *= H2;
	h ^= h >> 29;
	h *= H3;
	h ^= h >> 32;
	return h;
}

/* Open the regular file at path for reading and fill *st; -1 with errno
 * set (EISDIR for a directory, EINVAL for anything else not regular).
 * O_NONBLOCK so that opening a FIFO never waits for a writer. */
static int
open_regular(const char *path, struct stat *st)
{
	int fd, err;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0)
		err = errno;
	else if (!S_ISREG(st->st_mode))
		err = S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
	else
		return fd;
	close(fd);
	errno = err;
	return -1;
}

long long
util_file_size(const char *path)
{
	struct stat st;
	int fd = open_regular(path, &st);

	if (fd < 0)
		return -1;
	close(fd);
	return (long long)st.st_size;
}

int
util_read_file(const char *path, char **data, size_t *len)
{
	struct stat st;

	return util_read_file_st(path, data, len, &st);
}

int
util_read_file_st(const char *path, char **data, size_t *len,
    struct stat *sb)
{
	struct stat st;
	char *buf = NULL;
	size_t cap, used = 0;
	ssize_t n;
	int fd, saved;

	fd = open_regular(path, &st);
	if (fd < 0)
		return -1;
	/* read straight into a buffer of the file's size (+1 for a NUL, +1
	 * to notice a file that grew); grow only if it did */
	cap = (size_t)st.st_size + 2;
	buf = xmalloc(cap);
	for (;;) {
		if (used + 1 >= cap) {
			if (cap > SIZE_MAX / 2)
				util_oom();
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		n = read(fd, buf + used, cap - used - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	buf[used] = '\0';
	*sb = st;
	*data = buf;
	*len = used;
	return 0;
fail:
	saved = errno;
	close(fd);
	free(buf);
	errno = saved;
	return -1;
}

int
util_write_all(int fd, const void *data, size_t n)
{
	const char *p = data;
	ssize_t w;

	while (n) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0) {
			errno = ENOSPC;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}
