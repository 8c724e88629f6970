/* fold_cp.h - the folding tables: what each code point folds to, in the
 * loose form and the two strict ones, computed from libunistring when
 * first needed.  Internal to fold.c (and fold_cp.c, which fills it): the
 * matcher reads a code point's entry in a few instructions, so the
 * lookup is inline here.
 */
#ifndef DOSSIER_FOLD_CP_H
#define DOSSIER_FOLD_CP_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

enum { CL_BASE, CL_SPACE, CL_DROP, CL_MARK };
enum { F_UPPER = 1, F_ACCENT = 2 };

/* The largest results of Unicode 14 (libunistring 1.0) are 12 bytes and 4
 * code points; anything longer in a later Unicode is left unfolded. */
#define LOOSE_MAX 12
#define FORM_MAX 4

struct cpinfo {
	uint8_t cls;		/* CL_* */
	uint8_t flags;		/* F_* */
	uint8_t loose_len;	/* bytes in loose */
	uint8_t nfd_n, cf_n;	/* code points in nfd, cf */
	uint8_t nfd_marks, cf_marks;	/* bit i: element i is a mark */
	unsigned char loose[LOOSE_MAX];	/* UTF-8 */
	uint32_t nfd[FORM_MAX];	/* NFD(c): case kept */
	uint32_t cf[FORM_MAX];	/* NFD(casefold(NFD(c))) */
};

/* The cache is split in blocks of 256 code points, each computed when first
 * needed and published with a compare-and-swap, so several threads can fold
 * at once without a lock; a thread that loses the race frees its copy.
 * Blocks live until exit. */
#define NBLOCKS (0x110000 >> 8)
struct cpblock {
	struct cpinfo e[256];
};
extern _Atomic(struct cpblock *) fold_cp_cache[NBLOCKS];

/* Compute block hi (code points hi << 8 ... hi << 8 | 255) and publish
 * it; returns the published block (another thread's, if it won). */
struct cpblock *fold_cp_build(uint32_t hi);

/* Write c as UTF-8 at p; returns its length. */
static inline size_t
fold_cp_utf8_put(unsigned char *p, uint32_t c)
{
	if (c < 0x80) {
		p[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		p[0] = (unsigned char)(0xC0 | c >> 6);
		p[1] = (unsigned char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		p[0] = (unsigned char)(0xE0 | c >> 12);
		p[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
		p[2] = (unsigned char)(0x80 | (c & 0x3F));
		return 3;
	}
	p[0] = (unsigned char)(0xF0 | c >> 18);
	p[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
	p[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
	p[3] = (unsigned char)(0x80 | (c & 0x3F));
	return 4;
}

static inline const struct cpinfo *
fold_cp_info(uint32_t c)
{
	struct cpblock *b = atomic_load_explicit(&fold_cp_cache[c >> 8],
	    memory_order_acquire);

	if (!b)
		b = fold_cp_build(c >> 8);
	return &b->e[c & 0xFF];
}

#endif
