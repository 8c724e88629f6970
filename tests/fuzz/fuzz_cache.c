/* fuzz_cache.c - the cache file (cache.c): damaged and forged caches.
 *
 * Once: a small dossier is made in a temporary folder (Dutch articles,
 * one with accents, one in Windows-1252, lists, one with a header),
 * with file times in the past, and a valid cache of it is written by
 * the real code (cache_put_meta/fold/letters as cli.c and dossier.c
 * call them, cache_commit); its bytes are the base.  The truth (each
 * article's title, full title, header fields, and its match count for a
 * few queries) comes from the articles read and folded without a cache.
 *
 * Each input damages the base: byte 0 holds flags, the rest are edits
 * (a byte set or flipped anywhere; a field of the header or of a record
 * set to a boundary, a neighbour's value or some bytes; a byte of the
 * strings or of a search copy; a truncation or extension; a record
 * copied over another), or, by flag, the input replaces everything
 * after the header, or is the whole file.  Flags may then re-seal the
 * file as a forger would: the file length, the search copies' checksums,
 * the records' and the header's checksums.  The result is written as
 * the cache; a fresh cache is opened on it and every reader is run on
 * every article: cache_lookup, cache_rec_meta, cache_rec_full_title, cache_rec_fold,
 * cache_rec_fold_read (searched with query_count/query_find_all against
 * the article's text, and without it when the query needs none) and
 * cache_rec_letters.  Then, by flag, records are kept and new ones
 * learnt as the programs do, the cache is committed and read again.
 *
 * Invariants, always: no crash, no read out of bounds (ASan), no leak;
 * strings given are valid UTF-8 with no control character; matches lie
 * inside the text, in order.  Unless re-sealed (a damaged cache, not a
 * forged one, which has its checksums wrong): every string given is the
 * truth, every search copy accepted gives the true counts, and letters
 * rule out only articles without a match.  The unmodified base must be
 * accepted whole.
 *
 * cache.c is included, not linked: the harness edits its records by
 * their fields and re-seals them with its own checksum functions, so
 * the file's layout is never written twice.
 */
#include "config.h"

#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "../../src/cache.c"

#include "doc.h"
#include "fold.h"
#include "query.h"
#include "util.h"

#include "fuzz.h"

/* The articles.  Their letters matter: the queries find some in each,
 * and some lack a letter of a query (the cache's letters record). */
static const struct {
	const char *name, *text;
} articles[] = {
	{ "001.txt",
	  "Kabinet valt over stikstof\n\n"
	  "Het kabinet in Den Haag is gevallen. De minister van landbouw "
	  "trad af na een nacht van overleg.\n\n"
	  "- de boeren\n- de natuur\n- de minister\n\n"
	  "Volgens de minister is er geen steun meer in de Kamer.\n" },
	{ "002.txt",
	  "Title: Café in Utrecht wint prijs\n"
	  "Date: 2025-03-11\n"
	  "Source: De Volkskrant\n"
	  "Author: Één Redacteur\n\n"
	  "Het café aan de Oudegracht kreeg de prijs. \xC3\xA9\xC3\xA9n "
	  "jury, één oordeel: cafe of café, het blijft een café.\n\n"
	  "1. koffie\n2. thee\n   3. appeltaart met slagroom\n" },
	{ "003.txt",
	  /* Windows-1252: é, “ ”, ë */
	  "Caf\xE9 de Paris\n\n"
	  "De eigenaar zei: \x93wij gaan door\x94. Het caf\xE9 is "
	  "gelijk aan vroeger, na\xEF" "ef en co\xEB" "xistent.\n" },
	{ "004.txt",
	  "Minister bezoekt kabinet\n\n"
	  "> De minister zei het kabinet te steunen.\n\n"
	  "* * *\n\nDen Haag, Den Haag, den haag en DEN HAAG.\n" },
	{ "005.txt",
	  "Weer\n\nMorgen regent het in het hele land. Tot ziens.\n" },
	{ "006.txt",
	  "Kort\n\nNiets te melden.\n" },
	{ "007.txt",
	  "Laatste\n\nDit artikel heeft geen record in de cache.\n" },
};
#define NDOC (sizeof articles / sizeof *articles)

static const char *const queries[] = {
	"de", "xylofoon", "Den Haag", "café", "kabinet & minister", "één",
	"het", "q",
};
#define NQ (sizeof queries / sizeof *queries)

static char *top;                       /* the temporary folder */
static char *dir;                       /* the dossier folder in it */
static char *cache_path;
static struct doc docs[NDOC];           /* paths only, for cache_open() */
static struct doc truth[NDOC];          /* read and folded, no cache */
static char *truth_full[NDOC];
static size_t truth_count[NDOC][NQ];
static struct query *qs[NQ];
static unsigned char *base;             /* the valid cache file */
static size_t base_len;

/* ---- set-up ------------------------------------------------------------ */

static void
write_file(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || util_write_all(fd, p, n) < 0 || close(fd) < 0) {
		perror(path);
		abort();
	}
}

static void
cleanup(void)
{
	size_t k;
	char *p;

	for (k = 0; k < NDOC; k++)
		unlink(docs[k].path);
	unlink(cache_path);
	rmdir(dir);
	p = xasprintf("%s/cache/dossier", top);
	rmdir(p);
	free(p);
	p = xasprintf("%s/cache", top);
	rmdir(p);
	free(p);
	rmdir(top);
}

/* How the programs teach a cache about article k: what cli.c puts for
 * a search that rules it out by its raw bytes (letters: what several
 * runs rule out adds up), what dossier.c and cli.c put for one read and
 * folded (title, search copy). */
static void
learn(struct cache *c, size_t k, int letters, int meta)
{
	const unsigned char *raw = (const unsigned char *)articles[k].text;
	size_t n = strlen(articles[k].text), i;
	uint64_t missing;
	int utf8;

	for (i = 0; i < NQ && letters; i++) {
		missing = query_missing(raw, n, qs[i], &utf8);
		if (missing && (utf8 || !doc_encoding(raw, n)))
			cache_put_letters(c, k, &truth[k].stamp, ~missing);
	}
	if (meta) {
		cache_put_meta(c, k, &truth[k], truth_full[k]);
		cache_put_fold(c, k, &truth[k]);
	}
}

static void check_cache(struct cache *c, int exact, int whole,
    unsigned order);

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");
	struct timeval tv[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	struct timespec settle = { 0, 60 * 1000000 };
	struct cache *c;
	struct buf b;
	char err[256], *p;
	size_t k, i, n;

	top = xasprintf("%s/fuzz_cache.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(top)) {
		perror(top);
		abort();
	}
	dir = xasprintf("%s/dossier", top);
	p = xasprintf("%s/cache", top);
	if (mkdir(dir, 0700) < 0 || setenv("XDG_CACHE_HOME", p, 1) < 0) {
		perror(dir);
		abort();
	}
	free(p);
	/* a file is cached only once settled: 20 ms here, not 2 s */
	setenv("DOSSIER_CACHE_SETTLE_MS", "20", 1);
	atexit(cleanup);
	for (k = 0; k < NDOC; k++) {
		docs[k].path = xasprintf("%s/%s", dir, articles[k].name);
		write_file(docs[k].path, articles[k].text,
		    strlen(articles[k].text));
		if (utimes(docs[k].path, tv) < 0) {
			perror(docs[k].path);
			abort();
		}
	}
	/* the change times cannot be set back: let them settle */
	nanosleep(&settle, NULL);
	for (i = 0; i < NQ; i++) {
		qs[i] = query_new(queries[i], strlen(queries[i]));
		FUZZ_CHECK(qs[i], "query %s", queries[i]);
	}
	for (k = 0; k < NDOC; k++) {
		FUZZ_CHECK(doc_load(&truth[k], docs[k].path, err,
		    sizeof err) == 0, "%s: %s", docs[k].path, err);
		doc_index(&truth[k]);
		memset(&b, 0, sizeof b);
		doc_full_title(&truth[k], &b);
		truth_full[k] = b.data ? b.data : xstrdup("");
		for (i = 0; i < NQ; i++)
			truth_count[k][i] = query_count(truth[k].fold,
			    truth[k].src, qs[i]);
	}
	FUZZ_CHECK(truth_count[0][0] && truth_count[1][3] &&
	    truth_count[3][2] && truth_count[0][4] && !truth_count[0][1],
	    "the articles do not have the matches meant");
	FUZZ_CHECK(truth[2].encoding, "article 3 is not Windows-1252");

	c = cache_open(dir, docs, NDOC);
	FUZZ_CHECK(c, "no cache");
	cache_path = xstrdup(c->file);
	/* the last article has no record, the one before only letters */
	for (k = 0; k < NDOC; k++)
		learn(c, k, k != NDOC - 1, k < NDOC - 2);
	FUZZ_CHECK(cache_commit(c, NULL) == 1, "the base cache not written");
	cache_free(c);
	FUZZ_CHECK(util_read_file(cache_path, &p, &n) == 0, "%s", cache_path);
	base = (unsigned char *)p;
	base_len = n;

	/* the base itself must be used whole */
	c = cache_open(dir, docs, NDOC);
	FUZZ_CHECK(c && c->recs, "the base cache is not accepted");
	check_cache(c, 1, 1, 0);
	check_cache(c, 1, 1, 1);
	cache_free(c);
}

/* ---- the readers --------------------------------------------------------- */

static int
str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static void
check_str(const char *s, const char *what, size_t k)
{
	const char *why;

	if (!s)
		return;
	why = fuzz_unsafe_text(s, strlen(s));
	FUZZ_CHECK(!why, "article %zu: the cache's %s holds %s", k, what,
	    why);
}

/* Search copy t of article k's record r. */
static void
check_fold(struct fold_text *t, const struct cache_rec *r, size_t k,
    int exact)
{
	static struct fold_match *v;
	static size_t cap;
	const struct doc *d = &truth[k];
	size_t i, j, n, len;

	if (!t)
		return;
	(void)fold_text_data(t, &len);
	if (exact)
		FUZZ_CHECK(len == ((const struct crec *)r)->fold_len,
		    "article %zu: a search copy of the wrong length", k);
	for (i = 0; i < NQ; i++) {
		if (!query_needs_src(qs[i])) {
			/* cli.c counts these with no text read */
			n = query_count(t, NULL, qs[i]);
			FUZZ_CHECK(!exact || n == truth_count[k][i],
			    "article %zu, \"%s\": %zu matches from the cache "
			    "(no text), %zu true", k, queries[i], n,
			    truth_count[k][i]);
		}
		/* the programs use a copy with a text read now only if its
		 * fingerprint and length agree */
		if (cache_rec_fp(r) != d->fp || cache_rec_len(r) != d->len)
			continue;
		n = query_find_all(t, d->src, qs[i], &v, &cap);
		for (j = 0; j < n; j++)
			/* (a forged map may give an empty match at the
			 * text's end: wrong, but harmless) */
			FUZZ_CHECK((v[j].start < v[j].end ||
			    (!exact && v[j].start == v[j].end)) &&
			    v[j].end <= d->len &&
			    (!j || v[j - 1].end <= v[j].start),
			    "article %zu, \"%s\": match %zu [%zu,%zu) "
			    "out of place", k, queries[i], j, v[j].start,
			    v[j].end);
		FUZZ_CHECK(query_count(t, d->src, qs[i]) == n,
		    "article %zu, \"%s\": count and find disagree", k,
		    queries[i]);
		FUZZ_CHECK(!exact || n == truth_count[k][i],
		    "article %zu, \"%s\": %zu matches from the cache, %zu "
		    "true", k, queries[i], n, truth_count[k][i]);
	}
	fold_text_free(t);
}

/* Run every reader on every article.  exact: the truth must be told;
 * whole: and every record must be accepted (the base).  order chooses
 * which way a search copy is first looked at. */
static void
check_cache(struct cache *c, int exact, int whole, unsigned order)
{
	static struct buf room;
	const struct cache_rec *r;
	struct buf full = { 0 };
	struct doc d;
	unsigned f;
	size_t k, i;
	uint64_t letters;
	int ok;

	for (k = 0; k < NDOC; k++) {
		r = cache_lookup(c, k);
		FUZZ_CHECK(!whole || !r == (k == NDOC - 1),
		    "article %zu: its record %s", k, r ? "is there" :
		    "is missing");
		if (!r)
			continue;
		f = cache_rec_flags(r);
		if (f & CACHE_META) {
			full.len = 0;
			ok = cache_rec_full_title(c, r, &full) == 0;
			FUZZ_CHECK(!whole || ok, "article %zu: no full title",
			    k);
			if (ok) {
				buf_addc(&full, '\0');
				check_str(full.data, "full title", k);
				FUZZ_CHECK(!exact ||
				    strcmp(full.data, truth_full[k]) == 0,
				    "article %zu: full title \"%s\", true "
				    "\"%s\"", k, full.data, truth_full[k]);
			}
			memset(&d, 0, sizeof d);
			ok = cache_rec_meta(c, r, &d) == 0;
			FUZZ_CHECK(!whole || ok, "article %zu: no meta", k);
			if (ok) {
				/* doc.h: a title is never empty */
				FUZZ_CHECK(d.title && *d.title &&
				    d.body <= d.len, "article %zu: meta "
				    "without a title or with its body past "
				    "the end", k);
				check_str(d.title, "title", k);
				check_str(d.date, "date", k);
				check_str(d.source, "source", k);
				check_str(d.author, "author", k);
				FUZZ_CHECK(!exact ||
				    (str_eq(d.title, truth[k].title) &&
				    str_eq(d.date, truth[k].date) &&
				    str_eq(d.source, truth[k].source) &&
				    str_eq(d.author, truth[k].author) &&
				    str_eq(d.encoding, truth[k].encoding) &&
				    d.fp == truth[k].fp &&
				    d.len == truth[k].len &&
				    d.body == truth[k].body &&
				    memcmp(&d.stamp, &truth[k].stamp,
				    sizeof d.stamp) == 0),
				    "article %zu: meta \"%s\" differs from "
				    "the truth \"%s\"", k, d.title,
				    truth[k].title);
			}
			free(d.title);
			free(d.date);
			free(d.source);
			free(d.author);
		}
		if (f & CACHE_FOLD) {
			struct fold_text *a, *b;

			/* the reader maps, --search reads: either may come
			 * first and decide that the copy is damaged */
			if (order & 1) {
				b = cache_rec_fold_read(c, r, &room);
				check_fold(b, r, k, exact);
				a = cache_rec_fold(c, r);
				check_fold(a, r, k, exact);
			} else {
				a = cache_rec_fold(c, r);
				check_fold(a, r, k, exact);
				b = cache_rec_fold_read(c, r, &room);
				check_fold(b, r, k, exact);
			}
			FUZZ_CHECK(!whole || (a && b),
			    "article %zu: its search copy refused", k);
		}
		FUZZ_CHECK(!whole || (f & CACHE_LETTERS) ||
		    k < NDOC - 2, "article %zu: no letters", k);
		if (f & CACHE_LETTERS) {
			letters = cache_rec_letters(r);
			for (i = 0; i < NQ && exact; i++)
				FUZZ_CHECK(!(query_letters(qs[i]) & ~letters) ||
				    !truth_count[k][i],
				    "article %zu, \"%s\": ruled out by its "
				    "letters but has %zu matches", k,
				    queries[i], truth_count[k][i]);
		}
	}
	buf_free(&full);
}

/* ---- damaging it ------------------------------------------------------- */

enum {
	F_SEAL_LEN = 1,         /* set the header's file length */
	F_SEAL_BLOBS = 2,       /* recompute the search copies' checksums */
	F_SEAL_INDEX = 4,       /* recompute the records' and header's checksums */
	F_BODY = 8,             /* byte 1: the number of edits; after them,
	                         * what follows the header */
	F_WHOLE = 16,           /* the input is the file */
	F_COMMIT = 32,          /* keep, learn, commit, read again */
	F_LEARN = 64,           /* ... learning some articles anew */
	F_ORDER = 128           /* read a search copy before mapping it */
};

static uint64_t
get64(const struct buf *f, size_t at)
{
	uint64_t v = 0;

	if (at + 8 <= f->len)
		memcpy(&v, f->data + at, 8);
	return v;
}

static void
put64(struct buf *f, size_t at, uint64_t v)
{
	if (at + 8 <= f->len)
		memcpy(f->data + at, &v, 8);
}

/* Where record i starts in the file, if the header says it is there. */
static size_t
rec_at(const struct buf *f, size_t i, int *ok)
{
	uint64_t off = get64(f, offsetof(struct head, rec_off));
	uint64_t nrec = get64(f, offsetof(struct head, nrec));

	*ok = nrec && off <= f->len;
	if (!*ok)
		return 0;
	return (size_t)(off + (i % nrec) * sizeof(struct crec));
}

/* A new value for a 64-bit word now holding old. */
static uint64_t
new_value(struct fuzz_bytes *in, const struct buf *f, uint64_t old,
    size_t other)
{
	unsigned b = fuzz_byte(in), i;
	uint64_t v = 0;

	switch (b % 8) {
	case 0:
		return old + (uint64_t)(int64_t)(int8_t)fuzz_byte(in);
	case 1:
		return 0;
	case 2:
		return f->len;
	case 3:
		return UINT64_MAX;
	case 4:
		for (i = 0; i < 8; i++)
			v |= (uint64_t)fuzz_byte(in) << (8 * i);
		return v;
	case 5:
		return get64(f, other);  /* a neighbour's */
	case 6:
		return old ^ (1ULL << (fuzz_byte(in) % 64));
	default:
		return old * 2 + (b >> 3);
	}
}

/* Apply one edit from in to the file f. */
static void
edit(struct fuzz_bytes *in, struct buf *f)
{
	static const unsigned char bytes[] = {
		0, 'P', '-', 0x1B, 0x7F, 0x80, 0x9B, '\n', 0xC2, 0xE2, 0xFF
	};
	unsigned kind = fuzz_byte(in), b;
	size_t at, i, rec, w, nw = sizeof(struct crec) / 8;
	int ok;

	at = fuzz_byte(in);
	at |= (size_t)fuzz_byte(in) << 8;
	switch (kind % 8) {
	case 0:         /* a byte, anywhere */
	case 1:
		b = fuzz_byte(in);
		if (!f->len)
			return;
		at %= f->len;
		f->data[at] = (char)(kind % 8 ? f->data[at] ^ b : b);
		return;
	case 2:         /* a record's field */
		rec = rec_at(f, at & 0xFF, &ok);
		w = (at >> 8) % nw;
		if (ok)
			put64(f, rec + 8 * w, new_value(in, f,
			    get64(f, rec + 8 * w), rec_at(f, (at & 0xFF) + 1,
			    &ok) + 8 * w));
		return;
	case 3:         /* a header field (the words before the root) */
		w = at % (offsetof(struct head, root) / 8);
		put64(f, 8 * w, new_value(in, f, get64(f, 8 * w),
		    8 * ((w + 1) % (offsetof(struct head, root) / 8))));
		return;
	case 4: {       /* a byte of the strings */
		uint64_t so = get64(f, offsetof(struct head, str_off));
		uint64_t sl = get64(f, offsetof(struct head, str_len));

		b = fuzz_byte(in);
		if (sl && so < f->len && sl <= f->len - so)
			f->data[so + at % sl] = (char)(b < 0xC0 ?
			    bytes[b % sizeof bytes] : b);
		return;
	}
	case 5: {       /* a byte of a search copy, or just after it */
		uint64_t fo, fl;

		rec = rec_at(f, at & 0xFF, &ok);
		b = fuzz_byte(in);
		if (!ok)
			return;
		fo = get64(f, rec + offsetof(struct crec, fold_off));
		fl = get64(f, rec + offsetof(struct crec, map_off)) +
		    get64(f, rec + offsetof(struct crec, map_bytes)) - fo + 8;
		if (fl && fo < f->len) {
			i = (size_t)(fo + ((at >> 8) * 131 + b) % fl);
			if (i < f->len)
				f->data[i] ^= (char)(b | 1);
		}
		return;
	}
	case 6:         /* cut or lengthen the file */
		if (kind & 8) {
			i = at % 4096;
			GROW(f->data, f->cap, f->len + i);
			memset(f->data + f->len, (int)(kind >> 4), i);
			f->len += i;
		} else if (f->len) {
			f->len = at % f->len;
		}
		return;
	default: {      /* a record over another, or two fields swapped */
		size_t r1 = rec_at(f, at & 0xFF, &ok);
		size_t r2 = rec_at(f, at >> 8, &ok);
		uint64_t t;

		if (!ok || r1 + sizeof(struct crec) > f->len ||
		    r2 + sizeof(struct crec) > f->len)
			return;
		if (kind & 8) {
			memmove(f->data + r1, f->data + r2,
			    sizeof(struct crec));
		} else {
			w = (kind >> 4) % nw;
			t = get64(f, r1 + 8 * w);
			put64(f, r1 + 8 * w, get64(f, r2 + 8 * w));
			put64(f, r2 + 8 * w, t);
		}
		return;
	}
	}
}

/* Make the checksums right again, as a forger would. */
static void
reseal(struct buf *f, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)f->data;
	uint64_t nrec, so, sl, fo, fl, mo, mb;
	size_t i, r;
	int ok;

	if (f->len < sizeof(struct head))
		return;
	if (flags & F_SEAL_LEN)
		put64(f, offsetof(struct head, file_len), f->len);
	nrec = get64(f, offsetof(struct head, nrec));
	for (i = 0; (flags & F_SEAL_BLOBS) && i < nrec && i < 64; i++) {
		r = rec_at(f, i, &ok);
		if (!ok || r + sizeof(struct crec) > f->len)
			break;
		fo = get64(f, r + offsetof(struct crec, fold_off));
		fl = get64(f, r + offsetof(struct crec, fold_len));
		mo = get64(f, r + offsetof(struct crec, map_off));
		mb = get64(f, r + offsetof(struct crec, map_bytes));
		if (fo < f->len && fl < f->len - fo && mo <= f->len &&
		    mb <= f->len - mo)
			put64(f, r + offsetof(struct crec, blob_hash),
			    blob_hash(p + fo, (size_t)fl, p + mo, (size_t)mb));
	}
	so = get64(f, offsetof(struct head, str_off));
	sl = get64(f, offsetof(struct head, str_len));
	/* each record's checksum (of it and its strings), then the
	 * header's own, last */
	for (i = 0; (flags & F_SEAL_INDEX) && i < nrec && i < 4096; i++) {
		struct crec cr;

		r = rec_at(f, i, &ok);
		if (!ok || r + sizeof cr > f->len)
			break;
		memcpy(&cr, p + r, sizeof cr);
		if (so <= f->len && sl <= f->len - so && cr.str_off <= sl &&
		    cr.str_len <= sl - cr.str_off)
			put64(f, r + offsetof(struct crec, rec_hash),
			    rec_hash(&cr, (const char *)p + so + cr.str_off));
	}
	if (flags & F_SEAL_INDEX)
		put64(f, offsetof(struct head, head_hash),
		    util_hash64(p, offsetof(struct head, head_hash)));
}

static void
put_cache(const struct buf *f)
{
	char *tmp = xasprintf("%s.new", cache_path);

	write_file(tmp, f->data, f->len);
	if (rename(tmp, cache_path) < 0) {
		perror(tmp);
		abort();
	}
	free(tmp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_bytes in = { data, size };
	struct buf f = { 0 };
	unsigned flags, nedit = 0, i;
	struct cache *c;
	size_t k;
	int exact;

	if (!base)
		setup();
	flags = fuzz_byte(&in);
	if (flags & F_WHOLE) {
		buf_add(&f, in.p, in.n);
		in.n = 0;
	} else {
		buf_add(&f, base, base_len);
	}
	if (flags & F_BODY) {
		nedit = fuzz_byte(&in);
		for (i = 0; i < nedit; i++)
			edit(&in, &f);
		if (f.len > sizeof(struct head))
			f.len = sizeof(struct head);
		buf_add(&f, in.p, in.n);
		in.n = 0;
	}
	while (in.n)
		edit(&in, &f);
	reseal(&f, flags);
	/* without a checksum made anew, the damage must be seen */
	exact = !(flags & (F_SEAL_BLOBS | F_SEAL_INDEX));
	put_cache(&f);
	buf_free(&f);

	c = cache_open(dir, docs, NDOC);
	FUZZ_CHECK(c, "no cache");
	check_cache(c, exact, 0, flags & F_ORDER ? 1 : 0);
	if (flags & F_COMMIT) {
		/* as the programs do: keep what was looked up (cli.c keeps
		 * even a record found damaged, then adds what it read) */
		for (k = 0; k < NDOC; k++) {
			const struct cache_rec *r = cache_lookup(c, k);

			if (r && (k + flags) % 3)
				cache_keep(c, k, r);
			if (flags & F_LEARN)
				learn(c, k, k % 2 == 0, k % 2);
		}
		cache_commit(c, NULL);
		cache_free(c);
		c = cache_open(dir, docs, NDOC);
		FUZZ_CHECK(c, "no cache");
		check_cache(c, exact, 0, 0);
	}
	cache_free(c);
	return 0;
}
