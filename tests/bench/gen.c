/* gen.c - deterministic generator of large test dossiers for benchmarks.
 *
 *   gen [-n N] [-s SEED] [--folders K] [--big50 FILE] [--line20 FILE]
 *       SOURCE_DIR OUT_DIR
 *
 * Reads the *.txt articles in SOURCE_DIR (header skipped), splits their
 * text into sentences and recombines them into N articles of about 10 KB,
 * OUT_DIR/00001.txt ..., each with a Title:/Date: header, paragraphs of
 * 3-8 sentences on one line each, and now and then a short heading.
 * --folders K spreads them over K topic folders instead, as a newsroom
 * files them (OUT_DIR/business/001.txt, OUT_DIR/politiek/001.txt ...):
 * the same file names in every folder is what real dossiers look like,
 * and what a cache keyed on names alone would get wrong.
 * --big50 FILE adds one ~50 MB article, --line20 FILE one ~20 MB file that
 * is a single line.  The output depends only on the sources, -s and the
 * article number (article 42 is the same whatever N is), never on the
 * machine: the PRNG is our own and the sources are read in byte order of
 * their names.
 *
 * Plain C11 + POSIX, no dependencies.  Errors: "gen: PATH: WHY", exit 2. */

#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define DEFAULT_N	1000
#define MAX_N		9999999UL
#define ART_MIN		9400	/* article target: ART_MIN + [0, ART_SPREAD) */
#define ART_SPREAD	1000
#define ART_MAX		10900	/* hard cap on an article's size in bytes */
#define TITLE_MAX	70	/* bytes */
#define BIG50_SIZE	(50UL * 1024 * 1024)
#define LINE20_SIZE	(20UL * 1024 * 1024)
#define HEADING_ONE_IN	6	/* chance of a heading before a paragraph */
#define MAX_FOLDERS	1000000UL

struct span {
	const char *p;
	size_t len;
};

struct pool {
	struct span *v;
	size_t n, cap;
};

struct buf {
	char *p;
	size_t len, cap;
};

static struct pool sentences;	/* whole sentences, closing punctuation kept */
static struct pool headings;	/* short unpunctuated lines of 2-5 words */

/* ---- errors and memory ------------------------------------------------ */

static void
die(const char *what, const char *why)
{
	fprintf(stderr, "gen: %s: %s\n", what, why);
	exit(2);
}

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("memory", strerror(ENOMEM));
	return p;
}

static void
buf_reserve(struct buf *b, size_t more)
{
	if (b->cap - b->len >= more)
		return;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap - b->len < more)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

static void
buf_put(struct buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void
buf_putc(struct buf *b, char c)
{
	buf_reserve(b, 1);
	b->p[b->len++] = c;
}

static void
pool_add(struct pool *pl, const char *p, size_t len)
{
	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? 2 * pl->cap : 256;
		pl->v = xrealloc(pl->v, pl->cap * sizeof *pl->v);
	}
	pl->v[pl->n].p = p;
	pl->v[pl->n].len = len;
	pl->n++;
}

/* ---- PRNG: splitmix64, fully specified, same on every machine ---------- */

struct rng {
	uint64_t s;
};

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static uint64_t
rng_next(struct rng *r)
{
	r->s += 0x9E3779B97F4A7C15ULL;
	return mix64(r->s);
}

/* Uniform enough in [0, n) for n < 2^32. */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

/* An independent stream per (seed, stream number). */
static struct rng
rng_stream(uint64_t seed, uint64_t stream)
{
	struct rng r;

	r.s = mix64(seed ^ mix64(stream + 0x632BE59BD9B4E019ULL));
	return r;
}

/* ---- UTF-8 and punctuation --------------------------------------------- */

/* Valid UTF-8 without control characters (tab allowed)? */
static int
clean_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t k;
		uint32_t cp;

		if (c < 0x80) {
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				return 0;
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			k = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (n - i <= k)
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		if (cp >= 0x80 && cp < 0xA0)	/* C1 controls */
			return 0;
		i += k + 1;
	}
	return 1;
}

static int
has_prefix(const char *s, size_t n, const char *pre)
{
	size_t m = strlen(pre);

	return n >= m && memcmp(s, pre, m) == 0;
}

static int
has_suffix(const char *s, size_t n, const char *suf)
{
	size_t m = strlen(suf);

	return n >= m && memcmp(s + n - m, suf, m) == 0;
}

/* Length of a closing quote or bracket at s, else 0. */
static size_t
closing_quote(const char *s, size_t n)
{
	static const char *const q[] = {
		"\"", "'", ")", "\xE2\x80\x9D" /* ” */, "\xE2\x80\x99" /* ’ */,
		"\xC2\xBB" /* » */,
	};

	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
		if (has_prefix(s, n, q[i]))
			return strlen(q[i]);
	return 0;
}

/* Length of an opening quote or bracket at s, else 0. */
static size_t
opening_quote(const char *s, size_t n)
{
	static const char *const q[] = {
		"\"", "'", "(", "\xE2\x80\x9E" /* „ */, "\xE2\x80\x9C" /* “ */,
		"\xE2\x80\x98" /* ‘ */, "\xE2\x80\x9A" /* ‚ */, "\xC2\xAB" /* « */,
	};

	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
		if (has_prefix(s, n, q[i]))
			return strlen(q[i]);
	return 0;
}

/* If a sentence terminator (. ? ! …) starts at s[j], the index just past
 * it and any closing quotes; else 0. */
static size_t
terminator_end(const char *s, size_t n, size_t j)
{
	size_t k, q;

	if (s[j] == '.' || s[j] == '?' || s[j] == '!')
		k = j + 1;
	else if (has_prefix(s + j, n - j, "\xE2\x80\xA6"))	/* … */
		k = j + 3;
	else
		return 0;
	while (k < n && (q = closing_quote(s + k, n - k)) != 0)
		k += q;
	return k;
}

/* Does the fragment end like a sentence (. ? ! … :, maybe then quotes)? */
static int
ends_terminated(const char *s, size_t n)
{
	int stripped = 1;

	while (n && stripped) {
		stripped = 0;
		for (size_t i = 1; i <= 3 && i <= n; i++)
			if (closing_quote(s + n - i, i) == i) {
				n -= i;
				stripped = 1;
				break;
			}
	}
	if (!n)
		return 0;
	return strchr(".?!:;", s[n - 1]) != NULL ||
	    has_suffix(s, n, "\xE2\x80\xA6");
}

/* Strip opening quotes from the front. */
static void
lstrip_quotes(const char **p, size_t *n)
{
	size_t q;

	while (*n && (q = opening_quote(*p, *n)) != 0) {
		*p += q;
		*n -= q;
	}
	while (*n && **p == ' ') {
		(*p)++;
		(*n)--;
	}
}

/* Strip trailing spaces, quotes, dashes and punctuation; ?! only when
 * all is set (headings must end without closing punctuation). */
static size_t
rstrip_punct(const char *s, size_t n, int all)
{
	static const char *const tail[] = {
		"\xE2\x80\x9D", "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9E",
		"\xE2\x80\x98", "\xE2\x80\x93" /* – */, "\xE2\x80\x94" /* — */,
		"\xE2\x80\xA6", "\xC2\xBB", "\xC2\xAB",
	};
	int again = 1;

	while (n && again) {
		again = 0;
		if (strchr(" ,;:.-\"'()", s[n - 1]) ||
		    (all && strchr("?!", s[n - 1]))) {
			n--;
			again = 1;
			continue;
		}
		for (size_t i = 0; i < sizeof tail / sizeof tail[0]; i++)
			if (has_suffix(s, n, tail[i])) {
				n -= strlen(tail[i]);
				again = 1;
				break;
			}
	}
	return n;
}

static size_t
word_count(const char *s, size_t n)
{
	size_t w = 0;
	int in = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t') {
			in = 0;
		} else if (!in) {
			in = 1;
			w++;
		}
	}
	return w;
}

/* ---- reading the sources ------------------------------------------------- */

static size_t bad_sentences;

static void
add_fragment(const char *s, size_t n, int terminated)
{
	size_t words;

	if (n < 2)
		return;
	if (!clean_utf8((const unsigned char *)s, n)) {
		bad_sentences++;
		return;
	}
	words = word_count(s, n);
	if (!terminated && words <= 8) {
		/* A heading in the source, like "Wat Zelensky wil vastleggen":
		 * no good inside a paragraph, but a heading of our own. */
		if (words >= 2 && words <= 5)
			pool_add(&headings, s, n);
		return;
	}
	pool_add(&sentences, s, n);
}

static void
split_line(const char *s, size_t n)
{
	size_t start, j;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	start = j = 0;
	while (j < n) {
		size_t t = terminator_end(s, n, j);

		if (t && t < n && s[t] == ' ') {
			add_fragment(s + start, t - start, 1);
			j = t;
			while (j < n && s[j] == ' ')
				j++;
			start = j;
			continue;
		}
		j++;
	}
	if (start < n)
		add_fragment(s + start, n - start,
		    ends_terminated(s + start, n - start));
}

static int
blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

static void
parse_article(const char *s, size_t n)
{
	size_t i = 0;

	if (has_prefix(s, n, "\xEF\xBB\xBF"))
		i = 3;
	if (has_prefix(s + i, n - i, "Title:")) {
		/* Header: everything up to and including the first blank line. */
		while (i < n) {
			const char *nl = memchr(s + i, '\n', n - i);
			size_t e = nl ? (size_t)(nl - s) : n;
			int blank = blank_line(s + i, e - i);

			i = nl ? e + 1 : n;
			if (blank)
				break;
		}
	}
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;

		split_line(s + i, e - i);
		i = nl ? e + 1 : n;
	}
}

/* Whole file into a fresh buffer (kept for the program's lifetime: the
 * sentence pools point into it). */
static char *
slurp(const char *path, size_t *lenp)
{
	int fd = open(path, O_RDONLY);
	struct buf b = { 0 };

	if (fd < 0)
		die(path, strerror(errno));
	for (;;) {
		ssize_t r;

		buf_reserve(&b, 65536);
		r = read(fd, b.p + b.len, b.cap - b.len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			die(path, strerror(errno));
		}
		if (r == 0)
			break;
		b.len += (size_t)r;
	}
	close(fd);
	*lenp = b.len;
	return b.p;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
load_sources(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (!d)
		die(dir, strerror(errno));
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.' || len < 5 ||
		    strcmp(de->d_name + len - 4, ".txt") != 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = xrealloc(names, cap * sizeof *names);
		}
		names[n] = xrealloc(NULL, strlen(dir) + len + 2);
		sprintf(names[n], "%s/%s", dir, de->d_name);
		n++;
	}
	if (errno)
		die(dir, strerror(errno));
	closedir(d);
	/* readdir order differs between file systems: sort for determinism. */
	qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		size_t len;
		char *text;

		if (stat(names[i], &st) != 0)
			die(names[i], strerror(errno));
		if (S_ISREG(st.st_mode)) {
			text = slurp(names[i], &len);
			parse_article(text, len);
		}
		free(names[i]);
	}
	free(names);
	if (bad_sentences)
		fprintf(stderr, "gen: %s: skipped %zu sentences with invalid "
		    "UTF-8 or control characters\n", dir, bad_sentences);
	if (sentences.n < 2)
		die(dir, n ? "no sentences in the *.txt files"
		    : "no *.txt files");
}

/* ---- composing ------------------------------------------------------------ */

static const struct span *
pick(struct rng *r, const struct pool *pl)
{
	return &pl->v[rng_below(r, (uint32_t)pl->n)];
}

/* A random sentence of at most room bytes, or NULL after a few tries. */
static const struct span *
pick_fitting(struct rng *r, size_t room)
{
	for (int tries = 0; tries < 32; tries++) {
		const struct span *sp = pick(r, &sentences);

		if (sp->len <= room)
			return sp;
	}
	return NULL;
}

/* Would a title ending in this word look cut off? */
static int
dangling_word(const char *s, size_t n)
{
	static const char *const w[] = {
		"de", "het", "een", "en", "of", "van", "met", "in", "op", "te",
		"voor", "om", "aan", "bij", "naar", "over", "uit", "tot", "die",
		"dat", "dan", "als", "maar", "zijn", "haar", "hun", "door", "is",
	};
	size_t i = n;

	while (i > 0 && s[i - 1] != ' ')
		i--;
	for (size_t k = 0; k < sizeof w / sizeof w[0]; k++)
		if (strlen(w[k]) == n - i && memcmp(s + i, w[k], n - i) == 0)
			return 1;
	return 0;
}

/* A short sentence, or the first words of one, at most TITLE_MAX bytes. */
static void
put_title(struct buf *b, struct rng *r)
{
	const char *p = "Zonder titel";
	size_t n = strlen(p);
	int whole = rng_below(r, 2) == 0;	/* prefer a whole short one */

	for (int tries = 0; tries < 24; tries++) {
		const struct span *sp = pick(r, &sentences);
		const char *q = sp->p;
		size_t m = sp->len;

		lstrip_quotes(&q, &m);
		if (m > TITLE_MAX) {
			size_t cut = TITLE_MAX;

			if (whole && tries < 16)
				continue;
			while (cut > 0 && q[cut] != ' ')
				cut--;	/* q[TITLE_MAX] exists: m > TITLE_MAX */
			m = rstrip_punct(q, cut, 0);
			while (m > 0 && dangling_word(q, m)) {
				while (m > 0 && q[m - 1] != ' ')
					m--;
				m = rstrip_punct(q, m, 0);
			}
		} else {
			m = rstrip_punct(q, m, 0);
		}
		if (word_count(q, m) >= 3) {
			p = q;
			n = m;
			break;
		}
	}
	buf_put(b, p, n);
}

/* 2-5 words, no closing punctuation: from the sources' own headings or
 * the start of a sentence. */
static void
put_heading(struct buf *b, struct rng *r)
{
	if (headings.n && rng_below(r, 2) == 0) {
		const struct span *sp = pick(r, &headings);

		buf_put(b, sp->p, sp->len);
		return;
	}
	for (int tries = 0; tries < 16; tries++) {
		const struct span *sp = pick(r, &sentences);
		const char *q = sp->p;
		size_t m = sp->len, i = 0, words = 2 + rng_below(r, 4), w = 0;

		lstrip_quotes(&q, &m);
		while (i < m) {
			while (i < m && q[i] == ' ')
				i++;
			if (i == m || w == words)
				break;
			while (i < m && q[i] != ' ')
				i++;
			w++;
		}
		m = rstrip_punct(q, i, 1);
		if (word_count(q, m) >= 2 && (unsigned char)q[0] >= '0') {
			buf_put(b, q, m);
			return;
		}
	}
	buf_put(b, "Meer nieuws", 11);
}

/* Days since 1970-01-01 to YYYY-MM-DD (H. Hinnant's civil_from_days). */
static void
put_date(struct buf *b, long days)
{
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	long y = yoe + era * 400 + (m <= 2);
	char s[32];
	int len = snprintf(s, sizeof s, "%04ld-%02ld-%02ld", y, m, d);

	buf_put(b, s, (size_t)len);
}

#define DAY_2000_01_01	10957L

/* Paragraphs (3-8 sentences, one line each, blank lines between) and now
 * and then a heading, until the body reaches target bytes; never past max
 * bytes in all. */
static void
put_body(struct buf *b, struct rng *r, size_t target, size_t max)
{
	int first = 1;

	while (b->len < target) {
		size_t mark = b->len, nsent = 0;
		uint32_t k;

		/* A heading only with room for a paragraph after it. */
		if (!first && b->len + 600 < target &&
		    rng_below(r, HEADING_ONE_IN) == 0) {
			buf_putc(b, '\n');
			put_heading(b, r);
			buf_putc(b, '\n');
		}
		if (!first)
			buf_putc(b, '\n');
		k = 3 + rng_below(r, 6);
		for (uint32_t i = 0; i < k; i++) {
			size_t need = b->len + (nsent ? 1 : 0) + 1;
			const struct span *sp;

			sp = need < max ? pick_fitting(r, max - need) : NULL;
			if (!sp)
				break;
			if (nsent)
				buf_putc(b, ' ');
			buf_put(b, sp->p, sp->len);
			nsent++;
		}
		if (!nsent) {
			b->len = mark;	/* out of room, and no heading last */
			break;
		}
		buf_putc(b, '\n');
		first = 0;
		if (nsent < k)
			break;	/* out of room */
	}
}

static void
put_article(struct buf *b, struct rng *r, long day, size_t target,
    size_t max)
{
	b->len = 0;
	buf_put(b, "Title: ", 7);
	put_title(b, r);
	buf_put(b, "\nDate: ", 7);
	put_date(b, day);
	buf_put(b, "\n\n", 2);
	put_body(b, r, target, max);
}

/* ---- output -------------------------------------------------------------- */

static void
write_file(const char *path, const struct buf *b)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	size_t off = 0;

	if (fd < 0)
		die(path, strerror(errno));
	while (off < b->len) {
		ssize_t w = write(fd, b->p + off, b->len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			die(path, strerror(errno));
		}
		off += (size_t)w;
	}
	if (close(fd) != 0)
		die(path, strerror(errno));
}

/* mkdir -p */
static void
make_dir(const char *dir)
{
	char *p = xrealloc(NULL, strlen(dir) + 1);
	struct stat st;

	strcpy(p, dir);
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (stat(p, &st) != 0) {
			if (mkdir(p, 0777) != 0 && errno != EEXIST)
				die(p, strerror(errno));
		} else if (!S_ISDIR(st.st_mode)) {
			die(p, strerror(ENOTDIR));
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
}

/* Topic folder k (from 0) of nested output: a topic name, then the same
 * names again with -2, -3 ... once they run out. */
static void
folder_name(char *out, size_t size, unsigned long k)
{
	static const char *const topic[] = {
		"binnenland", "buitenland", "business", "cultuur", "economie",
		"klimaat", "media", "onderwijs", "opinie", "politiek",
		"sport", "tech", "wetenschap", "zorg",
	};
	const size_t nt = sizeof topic / sizeof topic[0];

	if (k < nt)
		snprintf(out, size, "%s", topic[k]);
	else
		snprintf(out, size, "%s-%lu", topic[k % nt], k / nt + 1);
}

static void
usage(FILE *f, int status)
{
	fprintf(f,
	    "usage: gen [-n N] [-s SEED] [--folders K] [--big50 FILE] "
	    "[--line20 FILE] SOURCE_DIR OUT_DIR\n"
	    "  -n N           articles to write (default %d): "
	    "OUT_DIR/00001.txt ...\n"
	    "  -s SEED        seed (default 1); same seed, same bytes\n"
	    "  --folders K    spread them over K topic folders: "
	    "OUT_DIR/binnenland/001.txt ...\n"
	    "  --big50 FILE   also write one ~50 MB article to FILE\n"
	    "  --line20 FILE  also write one ~20 MB single-line file to FILE\n",
	    DEFAULT_N);
	exit(status);
}

static unsigned long long
number(const char *opt, const char *s, unsigned long long max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (!*s || *end || errno || v > max || s[0] == '-') {
		fprintf(stderr, "gen: %s: bad number '%s'\n", opt, s);
		exit(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	unsigned long n = DEFAULT_N;
	uint64_t seed = 1;
	unsigned long folders = 0;
	const char *big50 = NULL, *line20 = NULL, *args[2];
	int nargs = 0, width;
	char folder[64] = "";
	struct buf b = { 0 };
	char *path, *dir;
	size_t plen;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		const char *opt = NULL;

		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			usage(stdout, 0);
		if (!strcmp(a, "--")) {
			for (i++; i < argc; i++) {
				if (nargs == 2)
					usage(stderr, 2);
				args[nargs++] = argv[i];
			}
			break;
		}
		if (!strncmp(a, "-n", 2) || !strncmp(a, "-s", 2)) {
			opt = a[1] == 'n' ? "-n" : "-s";
			val = a[2] ? a + 2 : NULL;
		} else if (!strncmp(a, "--big50", 7) &&
		    (a[7] == '\0' || a[7] == '=')) {
			opt = "--big50";
			val = a[7] ? a + 8 : NULL;
		} else if (!strncmp(a, "--folders", 9) &&
		    (a[9] == '\0' || a[9] == '=')) {
			opt = "--folders";
			val = a[9] ? a + 10 : NULL;
		} else if (!strncmp(a, "--line20", 8) &&
		    (a[8] == '\0' || a[8] == '=')) {
			opt = "--line20";
			val = a[8] ? a + 9 : NULL;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "gen: %s: unknown option\n", a);
			usage(stderr, 2);
		} else {
			if (nargs == 2)
				usage(stderr, 2);
			args[nargs++] = a;
			continue;
		}
		if (!val) {
			if (++i == argc) {
				fprintf(stderr, "gen: %s: needs a value\n", opt);
				usage(stderr, 2);
			}
			val = argv[i];
		}
		if (opt[1] == 'n')
			n = (unsigned long)number(opt, val, MAX_N);
		else if (opt[1] == 's')
			seed = number(opt, val, UINT64_MAX);
		else if (opt[2] == 'f')
			folders = (unsigned long)number(opt, val, MAX_FOLDERS);
		else if (opt[2] == 'b')
			big50 = val;
		else
			line20 = val;
	}
	if (nargs != 2)
		usage(stderr, 2);

	load_sources(args[0]);
	make_dir(args[1]);

	/* 5 digits for a flat dossier, 3 in a folder (as even as it goes:
	 * the first n % folders folders get one more), more when needed */
	width = folders ? 3 : 5;
	for (unsigned long m = folders ? n / folders + 1 : n / 100; m >= 1000;
	    m /= 10)
		width++;
	plen = strlen(args[1]) + sizeof folder + 32;
	path = xrealloc(NULL, plen);
	dir = xrealloc(NULL, plen);	/* OUT_DIR, or OUT_DIR/FOLDER */
	strcpy(dir, args[1]);
	buf_reserve(&b, ART_MAX + 4096);
	for (unsigned long i = 1; i <= n; i++) {
		struct rng r = rng_stream(seed, i);
		size_t target = ART_MIN + rng_below(&r, ART_SPREAD);
		unsigned long num = i;

		put_article(&b, &r, DAY_2000_01_01 + (long)i - 1, target,
		    ART_MAX);
		if (folders) {
			unsigned long q = n / folders, big = n % folders * (q + 1);
			unsigned long f;

			if (i - 1 < big) {
				f = (i - 1) / (q + 1);
				num = (i - 1) % (q + 1) + 1;
			} else {
				f = n % folders + (i - 1 - big) / q;
				num = (i - 1 - big) % q + 1;
			}
			if (num == 1) {
				folder_name(folder, sizeof folder, f);
				snprintf(dir, plen, "%s/%s", args[1], folder);
				make_dir(dir);
			}
		}
		snprintf(path, plen, "%s/%0*lu.txt", dir, width, num);
		write_file(path, &b);
	}
	free(path);
	free(dir);

	if (big50) {
		struct rng r = rng_stream(seed, 0xB1650ULL << 32);

		b.len = 0;
		buf_reserve(&b, BIG50_SIZE + 65536);
		put_article(&b, &r, DAY_2000_01_01, BIG50_SIZE,
		    BIG50_SIZE + 65536);
		write_file(big50, &b);
	}
	if (line20) {
		struct rng r = rng_stream(seed, 0x11E20ULL << 32);

		b.len = 0;
		buf_reserve(&b, LINE20_SIZE + 4096);
		while (b.len < LINE20_SIZE) {
			const struct span *sp = pick(&r, &sentences);

			if (b.len)
				buf_putc(&b, ' ');
			buf_put(&b, sp->p, sp->len);
		}
		buf_putc(&b, '\n');
		write_file(line20, &b);
	}
	free(b.p);
	return 0;
}
