/* fold_cp.c - the folding tables (see fold_cp.h): for each code point
 * its class (base, space, dropped, mark), whether it is upper-case or
 * accented, and its loose and strict forms.  Split from the matcher in
 * fold.c because the two change for different reasons: this one with
 * Unicode, that one with how searching works.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>

#include "fold_cp.h"
#include "util.h"

_Atomic(struct cpblock *) fold_cp_cache[NBLOCKS];

static int
is_mark(uint32_t c)
{
	return uc_is_general_category(c, UC_NON_SPACING_MARK);
}

/* Make c fold to itself in every form. */
static void
info_plain(struct cpinfo *e, uint32_t c)
{
	e->cls = CL_BASE;
	e->nfd_n = e->cf_n = 1;
	e->nfd[0] = e->cf[0] = c;
	e->loose_len = (uint8_t)fold_cp_utf8_put(e->loose, c);
}

static uint32_t
typographic(uint32_t c)
{
	switch (c) {
	case 0x2018: case 0x2019: case 0x201B: case 0x2032:
		return '\'';
	case 0x201C: case 0x201D: case 0x201E: case 0x201F:
		return '"';
	case 0x2010: case 0x2011: case 0x2013: case 0x2014: case 0x2212:
		return '-';
	}
	return 0;
}

static int
dropped(uint32_t c)
{
	return c == 0x00AD || c == 0x200B || c == 0x200C || c == 0x200D ||
	    c == 0x2060 || c == 0xFEFF;
}

/* Copy n code points r into a form, noting which are marks; 0 if too long. */
static int
form_set(uint32_t *dst, uint8_t *dn, uint8_t *marks, const uint32_t *r,
    size_t n)
{
	size_t i;

	if (n > FORM_MAX)
		return 0;
	*dn = (uint8_t)n;
	*marks = 0;
	for (i = 0; i < n; i++) {
		dst[i] = r[i];
		if (is_mark(r[i]))
			*marks |= (uint8_t)(1u << i);
	}
	return 1;
}

static void
info_compute(struct cpinfo *e, uint32_t c)
{
	uint32_t nb[16], cb[16], *nfd, *cf = NULL;
	size_t nn = 16, cn = 16, i, len = 0;
	uint32_t x;

	memset(e, 0, sizeof *e);
	if ((x = typographic(c)) != 0) {
		info_plain(e, x);
		return;
	}
	if (dropped(c)) {
		e->cls = CL_DROP;
		return;
	}
	if (uc_is_property_white_space(c)) {
		e->cls = CL_SPACE;
		return;
	}
	info_plain(e, c);
	if ((c >= 0xD800 && c < 0xE000) || (c >= 0xAC00 && c <= 0xD7A3))
		return;
	if (is_mark(c))
		e->cls = CL_MARK;
	if (uc_tolower(c) != c)
		e->flags |= F_UPPER;
	nfd = u32_normalize(UNINORM_NFD, &c, 1, nb, &nn);
	if (nfd)
		cf = u32_casefold(nfd, nn, NULL, UNINORM_NFD, cb, &cn);
	if (!nfd || !cf || !form_set(e->nfd, &e->nfd_n, &e->nfd_marks, nfd,
	    nn) || !form_set(e->cf, &e->cf_n, &e->cf_marks, cf, cn))
		goto plain;
	if (e->nfd_marks)
		e->flags |= F_ACCENT;
	for (i = 0; i < cn; i++) {
		if (e->cf_marks & (1u << i))
			continue;
		if (len + 4 > LOOSE_MAX)
			goto plain;
		len += fold_cp_utf8_put(e->loose + len, cf[i]);
	}
	e->loose_len = (uint8_t)len;
	goto done;
plain:
	x = e->cls;
	info_plain(e, c);
	e->cls = (uint8_t)x;
done:
	if (nfd && nfd != nb)
		free(nfd);
	if (cf && cf != cb)
		free(cf);
}

struct cpblock *
fold_cp_build(uint32_t hi)
{
	struct cpblock *b = xmalloc(sizeof *b), *old = NULL;
	uint32_t i;

	for (i = 0; i < 256; i++)
		info_compute(&b->e[i], hi << 8 | i);
	if (!atomic_compare_exchange_strong_explicit(&fold_cp_cache[hi], &old, b,
	    memory_order_acq_rel, memory_order_acquire)) {
		free(b);
		return old;
	}
	return b;
}
