/* test_cache.c - what the shell test (tests/cli/test_cache.sh) cannot
 * reach: cache_open() where there is no folder, a look-up after each kind
 * of stat change, a file changed too lately not kept, a search copy
 * refused when its checksum or its map is wrong, the reader's article
 * taken from the cache and read again after a change, and the letter a
 * text lacks (query_missing(), what the cache keeps) never ruling out a
 * text that holds a match.
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <unistr.h>

#include "cache.h"
#include "doc.h"
#include "dossier.h"
#include "fold.h"
#include "query.h"
#include "tap.h"
#include "util.h"

static char *scratch;

static void
put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
}

static void
nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* The articles of the test folder, read (and indexed when index). */
#define NART 3
static const char *const names[NART] = { "001.txt", "002.txt", "003.txt" };
static const char *const texts[NART] = {
	"Title: Een\n\nRusland en Oekra\xc3\xafne, caf\xc3\xa9.\n",
	"Title: Twee\n\nVrede is nog ver weg. Stra\xc3\x9f" "e.\n",
	"Title: Drie\n\nRusland zegt nee.\n",
};

static void
load_all(struct doc *d, const char *dir, int index)
{
	char why[256], *p;
	size_t k;

	for (k = 0; k < NART; k++) {
		p = xasprintf("%s/%s", dir, names[k]);
		if (doc_load(&d[k], p, why, sizeof why) < 0) {
			diag("%s: %s", p, why);
			exit(2);
		}
		free(p);
		if (index)
			doc_index(&d[k]);
	}
}

static void
free_all(struct doc *d)
{
	size_t k;

	for (k = 0; k < NART; k++)
		doc_free(&d[k]);
}

/* Write the cache of dir from docs d (read and indexed): 1 written. */
static int
build(const char *dir, struct doc *d, int fold)
{
	struct cache *c = cache_open(dir, d, NART);
	struct buf full = { 0 };
	size_t k;
	int r;

	if (!c)
		return -1;
	for (k = 0; k < NART; k++) {
		full.len = 0;
		doc_full_title(&d[k], &full);
		cache_put_meta(c, k, &d[k], full.data);
		if (fold)
			cache_put_fold(c, k, &d[k]);
	}
	r = cache_commit(c, NULL);
	cache_free(c);
	buf_free(&full);
	return r;
}

static void
test_open(void)
{
	struct doc d[1];
	char *missing = xasprintf("%s/no-such-folder", scratch);
	char *x = xasprintf("%s/xdg-new", scratch);
	char *f = xasprintf("%s/plain-file", scratch);
	struct cache *c;
	struct stat sb;

	memset(d, 0, sizeof d);
	d[0].path = xasprintf("%s/001.txt", missing);
	ok(cache_open(missing, d, 1) == NULL, "cache_open: a folder that is "
	    "not there has no cache");
	put_file(f, "x");
	ok(cache_open(f, d, 1) == NULL, "cache_open: a file has no cache");
	ok(cache_open(scratch, d, 0) == NULL, "cache_open: nor has a folder "
	    "without articles");
	/* a cache folder not there yet is made */
	setenv("XDG_CACHE_HOME", x, 1);
	c = cache_open(scratch, d, 1);
	ok(c != NULL, "cache_open: XDG_CACHE_HOME not there yet: a cache");
	cache_free(c);
	{
		char *p = xasprintf("%s/dossier", x);

		ok(stat(p, &sb) == 0 && S_ISDIR(sb.st_mode) &&
		    (sb.st_mode & 077) == 0, "... its folder made, private");
		free(p);
	}
	/* a cache folder that cannot be made: no cache, no crash */
	setenv("XDG_CACHE_HOME", f, 1);
	ok(cache_open(scratch, d, 1) == NULL,
	    "cache_open: XDG_CACHE_HOME a file: no cache");
	setenv("XDG_CACHE_HOME", "relative/cache", 1);
	unsetenv("HOME");
	ok(cache_open(scratch, d, 1) == NULL, "cache_open: XDG_CACHE_HOME "
	    "relative and no HOME: no cache");
	setenv("HOME", scratch, 1);
	c = cache_open(scratch, d, 1);
	ok(c != NULL, "... with HOME: ~/.cache");
	cache_free(c);
	{
		char *p = xasprintf("%s/.cache/dossier", scratch);

		ok(stat(p, &sb) == 0 && S_ISDIR(sb.st_mode),
		    "... made there, not below the current folder");
		free(p);
	}
	free(d[0].path);
	free(missing);
	free(x);
	free(f);
}

/* Does slot k of a cache of dir (opened anew) have a record? */
static int
has_record(const char *dir, struct doc *d, size_t k)
{
	struct cache *c = cache_open(dir, d, NART);
	int r = c && cache_lookup(c, k) != NULL;

	cache_free(c);
	return r;
}

static void
test_lookup(const char *dir)
{
	struct doc d[NART];
	char *p = xasprintf("%s/%s", dir, names[0]);
	char *q = xasprintf("%s/%s", dir, names[1]);
	char *tmp = xasprintf("%s/moved", dir);
	struct timespec keep[2];
	struct stat sb;
	struct cache *c;
	size_t k;
	int fd;

	load_all(d, dir, 1);
	ok(build(dir, d, 1) == 1, "lookup: a cache is written");
	for (k = 0; k < NART; k++)
		ok(has_record(dir, d, k), "lookup: article %zu found", k);
	/* each change of the file: a look-up finds nothing */
	chmod(p, 0600);
	ok(!has_record(dir, d, 0), "lookup: after chmod: none");
	build(dir, d, 1);       /* d[0]'s stamp is old: not kept either */
	ok(!has_record(dir, d, 0), "... and a stale stamp is not written");
	free_all(d);
	nap_ms(60);
	load_all(d, dir, 1);
	build(dir, d, 1);
	ok(has_record(dir, d, 0), "lookup: read again: found again");

	/* the same size, the times put back: the ctime shows */
	stat(p, &sb);
	keep[0] = sb.st_atim;
	keep[1] = sb.st_mtim;
	fd = open(p, O_WRONLY);
	if (fd < 0 || pwrite(fd, "X", 1, 0) != 1)
		exit(2);
	close(fd);
	utimensat(AT_FDCWD, p, keep, 0);
	ok(!has_record(dir, d, 0), "lookup: same size, mtime put back: none");
	ok(has_record(dir, d, 1), "... the others still found");

	/* another file renamed in its place (a new inode) */
	rename(q, tmp);
	put_file(q, texts[1]);
	ok(!has_record(dir, d, 1), "lookup: a new file of that name: none");
	/* the file itself renamed back: its ctime moved */
	unlink(q);
	rename(tmp, q);
	ok(!has_record(dir, d, 1), "lookup: renamed away and back: none");
	/* gone, and a folder of that name */
	unlink(q);
	mkdir(q, 0700);
	ok(!has_record(dir, d, 1), "lookup: a folder in its place: none");
	rmdir(q);
	ok(!has_record(dir, d, 1), "lookup: gone: none");
	/* a file changed in the run's own moment is not kept: "the
	 * moment" is two seconds here (20 ms may pass before the run on a
	 * loaded machine), and the third file older than that */
	{
		char *r = xasprintf("%s/%s", dir, names[2]);
		struct doc_stamp st;

		while (stat(r, &sb) == 0) {
			doc_stamp_of(&st, &sb);
			if (cache_now_ns() - st.ctime_ns >= 2100 * 1000000LL)
				break;
			nap_ms(50);
		}
		free(r);
	}
	setenv("DOSSIER_CACHE_SETTLE_MS", "2000", 1);
	put_file(q, texts[1]);
	put_file(p, texts[0]);
	free_all(d);
	load_all(d, dir, 1);    /* p and q just written */
	build(dir, d, 1);
	ok(!has_record(dir, d, 0) && !has_record(dir, d, 1),
	    "settle: files changed just before the run are not kept");
	ok(has_record(dir, d, 2), "... an old one is");
	setenv("DOSSIER_CACHE_SETTLE_MS", "20", 1);
	c = cache_open(dir, d, NART);
	for (k = 0; c && k < NART; k++)
		if (cache_lookup(c, k))
			cache_keep(c, k, cache_lookup(c, k));
	ok(c && cache_commit(c, NULL) == 0,
	    "commit: nothing learnt, nothing gone: nothing written");
	cache_free(c);
	free_all(d);
	free(p);
	free(q);
	free(tmp);
}

/* Flip the byte at off of file path. */
static void
flip(const char *path, off_t off)
{
	int fd = open(path, O_RDWR);
	unsigned char b;

	if (fd < 0 || pread(fd, &b, 1, off) != 1)
		exit(2);
	b ^= 0x20;
	if (pwrite(fd, &b, 1, off) != 1)
		exit(2);
	close(fd);
}

/* The one cache file under $XDG_CACHE_HOME/dossier. */
static char *
cache_file_in(const char *xdg)
{
	char *dir = xasprintf("%s/dossier", xdg), *r = NULL;
	struct dirent *e;
	DIR *dp = opendir(dir);

	while (dp && (e = readdir(dp)))
		if (strstr(e->d_name, ".cache"))
			r = xasprintf("%s/%s", dir, e->d_name);
	if (dp)
		closedir(dp);
	free(dir);
	return r;
}

static void
test_fold(const char *dir, const char *xdg)
{
	struct doc d[NART];
	struct cache *c;
	const struct cache_rec *r;
	struct fold_text *t;
	struct fold_parts p;
	struct query *q = query_new("rusland", 7);
	char *file;
	uint32_t head_bytes;
	size_t k, n;
	int fd;

	nap_ms(60);
	load_all(d, dir, 1);
	ok(build(dir, d, 1) == 1, "fold: a cache with search copies");
	c = cache_open(dir, d, NART);
	for (k = 0; k < NART; k++) {
		r = c ? cache_lookup(c, k) : NULL;
		t = r ? cache_rec_fold(c, r) : NULL;
		n = t ? query_count(t, d[k].src, q) : (size_t)-1;
		is_int(n, query_count(d[k].fold, d[k].src, q),
		    "fold: article %zu's copy from the cache counts as its own",
		    k);
		fold_text_free(t);
	}
	cache_free(c);

	/* a byte of the first search copy (right after the header) flipped:
	 * its checksum fails; the others are still served */
	file = cache_file_in(xdg);
	fd = file ? open(file, O_RDONLY) : -1;
	if (fd < 0 || pread(fd, &head_bytes, 4, 20) != 4)
		exit(2);
	close(fd);
	flip(file, (off_t)head_bytes + 3);
	c = cache_open(dir, d, NART);
	n = 0;
	for (k = 0; k < NART; k++) {
		r = cache_lookup(c, k);
		t = r ? cache_rec_fold(c, r) : NULL;
		n += t == NULL;
		if (r)
			cache_keep(c, k, r);
		if (t && query_count(t, d[k].src, q) !=
		    query_count(d[k].fold, d[k].src, q))
			n += 100;
		fold_text_free(t);
	}
	is_int(n, 1, "fold: a flipped byte: that copy refused, the others "
	    "right");
	/* refused once, refused again (not checked anew each time) */
	r = cache_lookup(c, 0);
	ok(r && cache_rec_fold(c, r) == NULL, "fold: ... and again");
	/* its title is still good: the record is, only the blob is not */
	{
		struct doc m;

		memset(&m, 0, sizeof m);
		ok(r && cache_rec_meta(c, r, &m) == 0 && m.title &&
		    strcmp(m.title, d[0].title) == 0,
		    "fold: ... the title of that record still served");
		free(m.title);
		free(m.date);
		free(m.source);
		free(m.author);
	}
	/* this run learns something of it (as --list would: its title),
	 * so the cache is written again */
	{
		struct buf full = { 0 };

		doc_full_title(&d[0], &full);
		cache_put_meta(c, 0, &d[0], full.data);
		buf_free(&full);
	}
	ok(cache_commit(c, NULL) == 1, "fold: the cache is written anew");
	cache_free(c);
	c = cache_open(dir, d, NART);
	r = cache_lookup(c, 0);
	ok(r && (cache_rec_flags(r) & CACHE_META) &&
	    !(cache_rec_flags(r) & CACHE_FOLD),
	    "fold: ... the damaged one without its copy");
	r = cache_lookup(c, 1);
	t = r ? cache_rec_fold(c, r) : NULL;
	ok(t != NULL, "fold: ... a good one with its copy (copied over)");
	fold_text_free(t);
	cache_free(c);
	free(file);

	/* a record whose map points past the text it was made of: the
	 * checksum holds (it was written so), the map check refuses it */
	for (k = 0; k < NART; k++)
		d[k].len = 5;
	build(dir, d, 1);
	free_all(d);
	load_all(d, dir, 0);
	c = cache_open(dir, d, NART);
	r = c ? cache_lookup(c, 0) : NULL;
	ok(r && (cache_rec_flags(r) & CACHE_FOLD) && !cache_rec_fold(c, r),
	    "fold: a map beyond its text's length is refused");
	cache_free(c);
	free_all(d);

	/* fold_parts_check() on its own */
	{
		const char *s = "Rusland en Oekra\xc3\xafne zegt caf\xc3\xa9 "
		    "en nog veel meer tekst om de kaart te vullen.";
		struct fold_seg seg = { 0, strlen(s) };
		struct fold_text *ft = fold_text_new((const unsigned char *)s,
		    &seg, 1);
		size_t mb, i;
		unsigned char *m, *fcopy;
		struct fold_parts bad;

		fold_text_parts(ft, &p);
		ok(fold_parts_check(&p, strlen(s)) == 0,
		    "parts: a copy's own parts pass");
		ok(fold_parts_check(&p, 3) < 0,
		    "parts: against a shorter source they fail");
		mb = fold_map_bytes(&p);
		m = xcalloc(1, mb);
		fcopy = xcalloc(1, p.len + 1);
		memcpy(fcopy, p.fold, p.len + 1);
		bad = p;
		bad.fold = fcopy;
		fcopy[p.len] = 'x';
		ok(fold_parts_check(&bad, strlen(s)) < 0,
		    "parts: no NUL after the copy: refused");
		fcopy[p.len] = '\0';
		bad.last_end = strlen(s) + 1;
		ok(fold_parts_check(&bad, strlen(s)) < 0,
		    "parts: last_end past the source: refused");
		bad.last_end = p.last_end;
		bad.nmap = 0;
		ok(p.len == 0 || fold_parts_check(&bad, strlen(s)) < 0,
		    "parts: a copy without a map: refused");
		bad.map = m;
		bad.nmap = p.nmap;
		ok(p.nmap >= 2, "parts: (the map has %zu checkpoints)", p.nmap);
		/* every checkpoint made to point past the copy or the
		 * source, or to go backwards */
		n = 0;
		for (i = 0; i < p.nmap; i++) {
			size_t w = p.wide ? sizeof(size_t) : sizeof(uint32_t);
			unsigned char *at;
			int j;

			for (j = 0; j < 3; j++) {
				memcpy(m, p.map, mb);
				at = m + i * 2 * w + (j == 1 ? w : 0);
				/* j 0: folded offset past the copy; 1: source
				 * offset past the source; 2: backwards */
				if (j == 2 && i == 0)
					continue;
				if (p.wide) {
					size_t v = j == 0 ? p.len + 1 :
					    j == 1 ? strlen(s) + 1 : 0;
					size_t prev;

					if (j == 2) {
						memcpy(&prev, at - 2 * w, w);
						if (prev == 0)
							continue;
					}
					memcpy(at, &v, w);
				} else {
					uint32_t v = j == 0 ? (uint32_t)p.len + 1 :
					    j == 1 ? (uint32_t)strlen(s) + 1 : 0;
					uint32_t prev;

					if (j == 2) {
						memcpy(&prev, at - 2 * w, w);
						if (prev == 0)
							continue;
					}
					memcpy(at, &v, w);
				}
				if (fold_parts_check(&bad, strlen(s)) == 0) {
					n++;
					diag("checkpoint %zu, damage %d passed", i, j);
				}
			}
		}
		is_int(n, 0, "parts: a checkpoint out of bounds or backwards: "
		    "refused");
		free(m);
		free(fcopy);
		fold_text_free(ft);
	}
	query_free(q);
}

/* The reader: an article from the cache (not read), then read after its
 * file changed: its search copy is made anew. */
static void
test_reader(const char *dir)
{
	struct dossier ds;
	struct buf err = { 0 };
	struct doc d[NART];
	struct query *q = query_new("zzyzx", 5);
	char *p = xasprintf("%s/%s", dir, names[2]);
	size_t i;

	put_file(p, texts[2]);
	nap_ms(60);
	load_all(d, dir, 1);
	build(dir, d, 1);
	free_all(d);
	memset(&ds, 0, sizeof ds);
	dossier_add_path(&ds, dir, &err);
	dossier_finish(&ds);
	dossier_use_cache(&ds, dir, 0, ds.n);
	for (i = 0; i < ds.n && strcmp(ds.docs[i].name, names[2]); i++)
		;
	ok(i < ds.n && dossier_need_index(&ds, i) == 0 &&
	    ds.docs[i].state == DOC_CACHED,
	    "reader: an article from the cache is not read");
	ok(i < ds.n && ds.docs[i].fold &&
	    query_count(ds.docs[i].fold, NULL, q) == 0,
	    "reader: ... its search copy lacks zzyzx");
	put_file(p, "Title: Drie\n\nRusland zegt zzyzx en zzyzx.\n");
	ok(i < ds.n && dossier_need(&ds, i) == 0 &&
	    ds.docs[i].state == DOC_LOADED,
	    "reader: read when needed");
	ok(i < ds.n && query_count(ds.docs[i].fold, ds.docs[i].src, q) == 2,
	    "reader: changed since: its search copy is made anew");
	ok(i < ds.n && strcmp(ds.docs[i].title, "Drie") == 0,
	    "reader: ... its title too");
	dossier_free(&ds);
	buf_free(&err);
	query_free(q);
	free(p);
}

/* ---- letters ------------------------------------------------------------ */

static uint32_t rng = 18;

static uint32_t
rnd(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

/* Pieces of text: ASCII, letters that fold to ASCII in one or several
 * (é, ß, Ⅻ, ﬁ, K the Kelvin sign, ſ, İ, Å the Ångström sign, fullwidth
 * Ａ, ℌ), marks, spaces and hyphens the fold drops or changes, invalid
 * bytes. */
static const char *const pieces[] = {
	"a", "e", "s", "k", "i", "x", "f", "1", "2", "Z", "R", "u", " ",
	"\xc3\xa9", "\xc3\x89", "\xc3\x9f", "\xe1\xba\x9e", "\xe2\x85\xab",
	"\xe2\x85\xbb", "\xef\xac\x81", "\xef\xac\x83", "\xe2\x84\xaa",
	"\xc5\xbf", "\xc4\xb0", "\xc4\xb1", "\xe2\x84\xab", "\xef\xbc\xa1",
	"\xe2\x84\x8c", "\xcc\x81", "\xc2\xad", "\xe2\x80\x8b", "\xc2\xa0",
	"\xe2\x80\x93", "\xe2\x80\x9c", "\xc5\x93", "\xc3\xa6", "\xc3\xb8",
	"\xc7\x84", "\xe2\x91\xa0", "\xc2\xb2", "\xd9\xa3", "\xce\xa3",
	"\xff", "\xc3", "\xe2\x85", "\xed\xa0\x80", "\n", "\t", "-",
};
#define NPIECES (sizeof pieces / sizeof *pieces)

static void
random_text(struct buf *b, size_t n)
{
	b->len = 0;
	while (n--)
		buf_adds(b, pieces[rnd() % NPIECES]);
	buf_addc(b, '\0');
	b->len--;
}

/* The letters of a folded copy, the slow way. */
static uint64_t
naive_letters(const char *s, size_t len)
{
	uint64_t m = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'a' && c <= 'z')
			m |= 1ULL << (c - 'a');
		else if (c >= '0' && c <= '9')
			m |= 1ULL << (26 + c - '0');
		else if (c >= 'A' && c <= 'Z')
			m |= 1ULL << (c - 'A');
	}
	return m;
}

static void
test_letters(void)
{
	struct buf text = { 0 }, qs = { 0 };
	size_t i, j, miss = 0, wrong = 0, qunder = 0, tried = 0, pruned = 0;
	size_t notq = 0, there = 0, under = 0, disagree = 0, badutf8 = 0;
	int utf8;

	for (i = 0; i < 3000; i++) {
		struct fold_seg seg;
		struct fold_text *t;
		uint64_t fl;
		const char *f;
		size_t flen;

		random_text(&text, 1 + rnd() % 40);
		seg.start = 0;
		seg.end = text.len;
		t = fold_text_new((const unsigned char *)text.data, &seg, 1);
		f = fold_text_data(t, &flen);
		fl = naive_letters(f, flen);
		{
			/* all its letters at once: at least the folded
			 * copy's, and exactly those query_missing() does
			 * not rule out one at a time */
			uint64_t all = fold_letters(
			    (const unsigned char *)text.data, text.len);
			unsigned b;

			if (fl & ~all && under++ < 5)
				diag("text %zu: fold_letters() %llx misses "
				    "some of %llx", i, (unsigned long long)all,
				    (unsigned long long)fl);
			for (b = 0; b < 36; b++) {
				char one = b < 26 ? (char)('a' + b) :
				    (char)('0' + b - 26);
				struct query *q1 = query_new(&one, 1);
				int lacks = query_missing(
				    (const unsigned char *)text.data,
				    text.len, q1, NULL) != 0;

				if (lacks != !(all & 1ULL << b) &&
				    disagree++ < 5)
					diag("text %zu letter %c: fold_letters()"
					    " and query_missing() disagree",
					    i, one);
				query_free(q1);
			}
		}
		for (j = 0; j < 8; j++) {
			struct query *q;
			uint64_t need, m;
			size_t cnt, qlen;
			const char *lf;

			if (j < 4) {
				/* a piece of the text itself (a match) */
				size_t a = rnd() % text.len, l = 1 + rnd() % 6;

				if (l > text.len - a)
					l = text.len - a;
				qs.len = 0;
				buf_add(&qs, text.data + a, l);
			} else {
				random_text(&qs, 1 + rnd() % 3);
			}
			q = query_new(qs.data, qs.len);
			if (!q)
				continue;
			tried++;
			need = query_letters(q);
			/* the query's letters are those of its loose form */
			lf = fold_query_loose(query_term(q, 0), &qlen);
			if (query_terms(q) == 1 &&
			    naive_letters(lf, qlen) & ~need)
				qunder++;
			cnt = query_count(t, (const unsigned char *)text.data,
			    q);
			m = query_missing((const unsigned char *)text.data,
			    text.len, q, &utf8);
			if (!m) {
				query_free(q);
				continue;
			}
			pruned++;
			/* it looked at every byte: it knows if all are
			 * UTF-8 (so that they need no decoding) */
			if (utf8 != (u8_check((const uint8_t *)text.data,
			    text.len) == NULL) && badutf8++ < 5)
				diag("text %zu query %zu: utf8 %d, wrong", i,
				    j, utf8);
			/* the letter said missing is the query's, and the
			 * folded copy lacks it */
			notq += (m & ~need) != 0;
			if (m & fl) {
				if (there++ < 5)
					diag("text %zu query %zu: letter %llx "
					    "said missing is in the folded copy",
					    i, j, (unsigned long long)m);
			}
			if (cnt) {
				wrong++;
				if (miss++ < 5)
					diag("text %zu query %zu: ruled out, yet "
					    "%zu matches", i, j, cnt);
			}
			query_free(q);
		}
		fold_text_free(t);
	}
	is_int(qunder, 0, "letters: query_letters() is the letters of the "
	    "loose query");
	is_int(notq, 0, "letters: query_missing() names a letter of the query");
	is_int(there, 0, "letters: ... one the folded copy lacks (3000 random "
	    "texts)");
	is_int(wrong, 0, "letters: a text ruled out has no match (%zu queries, "
	    "%zu ruled out)", tried, pruned);
	is_int(under, 0, "letters: fold_letters() holds every letter of the "
	    "folded copy");
	is_int(disagree, 0, "letters: ... and lacks just those "
	    "query_missing() rules out, letter by letter");
	is_int(badutf8, 0, "letters: a text ruled out is known to be valid "
	    "UTF-8 or not");
	ok(pruned > tried / 20, "letters: (the test rules some out: %zu)",
	    pruned);
	buf_free(&text);
	buf_free(&qs);
}

int
main(void)
{
	char tmpl[] = "/tmp/dossier-test-cache.XXXXXX";
	char *dir, *xdg, *p;
	size_t k;

	if (!mkdtemp(tmpl))
		return 2;
	scratch = tmpl;
	setenv("DOSSIER_CACHE_SETTLE_MS", "20", 1);
	unsetenv("DOSSIER_CACHE_TRACE");
	dir = xasprintf("%s/news", scratch);
	xdg = xasprintf("%s/xdg", scratch);
	mkdir(dir, 0700);
	for (k = 0; k < NART; k++) {
		p = xasprintf("%s/%s", dir, names[k]);
		put_file(p, texts[k]);
		free(p);
	}
	nap_ms(60);

	test_letters();
	setenv("XDG_CACHE_HOME", xdg, 1);
	test_lookup(dir);
	test_fold(dir, xdg);
	test_reader(dir);
	test_open();
	cache_disable();
	{
		struct doc d[NART];

		load_all(d, dir, 1);
		setenv("XDG_CACHE_HOME", xdg, 1);
		ok(cache_open(dir, d, NART) == NULL,
		    "cache_disable(): no cache at all");
		free_all(d);
	}
	p = xasprintf("rm -rf '%s'", scratch);
	if (system(p) != 0)
		diag("could not remove %s", scratch);
	free(p);
	free(dir);
	free(xdg);
	return tap_done();
}
