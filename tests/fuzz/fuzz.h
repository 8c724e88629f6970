/* fuzz.h - what the libFuzzer harnesses share: a failed invariant aborts
 * with a message (libFuzzer then saves the input), a byte reader for
 * deriving choices from the input, and the "safe to draw" check. */
#ifndef DOSSIER_FUZZ_H
#define DOSSIER_FUZZ_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <unistr.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/* An invariant does not hold: say which, and abort so that libFuzzer
 * keeps the input as a crash. */
static void
fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("INVARIANT BROKEN: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

#define FUZZ_CHECK(cond, ...) \
	do { if (!(cond)) fuzz_fail(__VA_ARGS__); } while (0)

/* Choices taken from the input, byte by byte; zeros once it runs out. */
struct fuzz_bytes {
	const uint8_t *p;
	size_t n;
};

static inline unsigned
fuzz_byte(struct fuzz_bytes *b)
{
	if (!b->n)
		return 0;
	b->n--;
	return *b->p++;
}

/* Code points that must never reach the terminal: C0 controls, DEL, C1
 * controls, the bidirectional embeddings, overrides and isolates. */
static inline int
fuzz_is_control(uint32_t c)
{
	return c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) ||
	    (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* NULL when s[0,n) is valid UTF-8 holding no such code point; else what
 * is wrong with it. */
static inline const char *
fuzz_unsafe_text(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	ucs4_t c;
	int k;

	if (u8_check(p, n))
		return "invalid UTF-8";
	while (p < end) {
		k = u8_mbtouc(&c, p, (size_t)(end - p));
		if (fuzz_is_control(c))
			return "a control character";
		p += k;
	}
	return NULL;
}

#endif
