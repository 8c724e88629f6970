/* util.h - allocation that never returns NULL, and a growable byte buffer.
 *
 * Allocation failure is handled in one place: util_oom() prints
 * "dossier: out of memory", runs the registered cleanup hook (the UI uses it
 * to restore the terminal) and exits with status 2.
 */
#ifndef DOSSIER_UTIL_H
#define DOSSIER_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* realloc for an array of n elements of size; checks the multiplication */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *v (an array of *cap elements of size) so it holds at least need. */
void util_grow(void **v, size_t *cap, size_t need, size_t size);
#define GROW(v, cap, need) \
	util_grow((void **)&(v), &(cap), (need), sizeof *(v))

/* Called before exiting on allocation failure (may be NULL). */
void util_set_fatal_hook(void (*hook)(void));
_Noreturn void util_oom(void);

/* A growable byte buffer; always NUL-terminated when data != NULL. */
struct buf {
	char *data;
	size_t len, cap;
};

void buf_add(struct buf *b, const void *p, size_t n);
void buf_addc(struct buf *b, char c);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
void buf_free(struct buf *b);

/* Append s (NULL as "") with backslash, tab, newline and CR written as
 * \\ \t \n \r, and other control characters (C0, DEL, C1), the
 * bidirectional overrides and isolates and bytes that are not UTF-8 as
 * \xHH: one line of valid UTF-8 that a terminal shows as it is and that
 * maps back to the exact bytes (the dotfile's fields, printed paths). */
void buf_escape(struct buf *b, const char *s);

#define UTIL_MAX_THREADS 16

/* Run fn(arg) on up to threads threads at once (this one among them) and
 * return when all have returned. */
void util_run_threads(int threads, void *(*fn)(void *), void *arg);

/* A 64-bit hash of the bytes, the same on every machine, at several
 * gigabytes a second (the XXH64 construction: four lanes of 8 bytes). */
uint64_t util_hash64(const void *data, size_t len);

/* The size of the regular file at path, opened for reading as
 * util_read_file() opens it; -1 (errno set) when it cannot be. */
long long util_file_size(const char *path);

/* Read a whole file.  Returns 0 and sets *data (owned by the caller,
 * NUL-terminated) and *len, or -1 with errno set.  Refuses anything but a
 * regular file (errno EINVAL for FIFOs, devices, directories) so a FIFO
 * never blocks the reader. */
int util_read_file(const char *path, char **data, size_t *len);
/* The same, and *sb gets the fstat() of the file taken before reading. */
struct stat;
int util_read_file_st(const char *path, char **data, size_t *len,
    struct stat *sb);

/* Write all of p[0..n) to fd, through short writes and EINTR.  0, or -1
 * with errno set. */
int util_write_all(int fd, const void *p, size_t n);

#endif
