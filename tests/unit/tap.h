/* tap.h - a minimal TAP producer for the unit tests.
 *
 * Header-only on purpose: each test program includes it once.  Every check
 * prints "ok N - what" or "not ok N - what" with a diagnostic, and
 * tap_done() prints the plan and returns the exit status for main().
 */
#ifndef DOSSIER_TAP_H
#define DOSSIER_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static void
tap_vresult(int pass, const char *fmt, va_list ap)
{
	tap_n++;
	if (!pass)
		tap_failed++;
	printf("%sok %d - ", pass ? "" : "not ", tap_n);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
}

/* ok(cond, fmt, ...): one test point; returns cond so callers can add
 * diagnostics on failure. */
static int
ok(int pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(pass, fmt, ap);
	va_end(ap);
	return pass;
}

static void
diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

#define is_int(got, want, ...) \
	do { \
		long long g_ = (long long)(got), w_ = (long long)(want); \
		if (!ok(g_ == w_, __VA_ARGS__)) \
			diag("  got %lld, want %lld", g_, w_); \
	} while (0)

#define is_str(got, want, ...) \
	do { \
		const char *g_ = (got), *w_ = (want); \
		int p_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_; \
		if (!ok(p_, __VA_ARGS__)) \
			diag("  got \"%s\", want \"%s\"", g_ ? g_ : "(null)", \
			    w_ ? w_ : "(null)"); \
	} while (0)

static int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
