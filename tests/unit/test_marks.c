/* test_marks.c - what ties bookmark records to articles (marks.c): the
 * dotfile's default path, finding an article by name, snippets, labels,
 * new bookmarks, locating a bookmark in an edited article, percentages. */
#include "config.h"

/* nftw; configure may already have asked for it. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>
#include <time.h>

#include "bookmarks.h"
#include "doc.h"
#include "dossier.h"
#include "marks.h"
#include "tap.h"
#include "text.h"
#include "util.h"

/* ---- helpers ---------------------------------------------------------- */

static void
make(struct doc *d, const char *path, const char *s, size_t n)
{
	unsigned char *copy = xmalloc(n + 1);

	memcpy(copy, s, n);
	doc_init(d, path, copy, n);
}

#define MAKE(d, lit) make(d, "dir/test.txt", lit, sizeof lit - 1)
#define MAKEP(d, path, lit) make(d, path, lit, sizeof lit - 1)

/* The byte offset of needle in d's text (it must be there). */
static size_t
at(const struct doc *d, const char *needle)
{
	const char *p = strstr((const char *)d->src, needle);

	if (!p) {
		diag("  \"%s\" is not in the text", needle);
		return 0;
	}
	return (size_t)(p - (const char *)d->src);
}

static char *
snippet(const struct doc *d, size_t off)
{
	struct buf b = { 0 };

	marks_snippet(d, off, &b);
	return b.data ? b.data : xstrdup("(no buffer)");
}

static char *
label(const struct doc *d, size_t off)
{
	struct buf b = { 0 };

	marks_label(d, off, &b);
	return b.data ? b.data : xstrdup("(no buffer)");
}

/* Is s[0..n) valid UTF-8 (no overlongs, surrogates or values past
 * U+10FFFF)? */
static int
valid_utf8(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t k, len;

		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xC2 && s[i] <= 0xDF)
			len = 2, cp = s[i] & 0x1F;
		else if (s[i] >= 0xE0 && s[i] <= 0xEF)
			len = 3, cp = s[i] & 0x0F;
		else if (s[i] >= 0xF0 && s[i] <= 0xF4)
			len = 4, cp = s[i] & 0x07;
		else
			return 0;
		if (i + len > n)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return 0;
		i += len;
	}
	return 1;
}

/* Does s hold anything a terminal would act on: C0 controls (tab and
 * newline too: a label is one line), DEL, C1 controls, or the
 * bidirectional embeddings, overrides and isolates? */
static int
has_unsafe(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	for (; *s; s++) {
		if (*s < 0x20 || *s == 0x7F)
			return 1;
		if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F)
			return 1;
		if (s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0xAA &&
		    s[2] <= 0xAE)
			return 1;
		if (s[0] == 0xE2 && s[1] == 0x81 && s[2] >= 0xA6 &&
		    s[2] <= 0xA9)
			return 1;
	}
	return 0;
}

static int
cols(const char *s)
{
	return text_width((const unsigned char *)s, strlen(s));
}

/* ---- marks_default_path ------------------------------------------------ */

static void
test_default_path(void)
{
	char *p;

	setenv("DOSSIER_BOOKMARKS", "/some/where/marks", 1);
	setenv("HOME", "/home/reader", 1);
	p = marks_default_path();
	is_str(p, "/some/where/marks",
	    "default path: $DOSSIER_BOOKMARKS wins over $HOME");
	free(p);

	unsetenv("DOSSIER_BOOKMARKS");
	p = marks_default_path();
	is_str(p, "/home/reader/.dossier_bookmarks",
	    "default path: else $HOME/.dossier_bookmarks");
	free(p);

	setenv("DOSSIER_BOOKMARKS", "", 1);
	p = marks_default_path();
	is_str(p, "/home/reader/.dossier_bookmarks",
	    "default path: an empty $DOSSIER_BOOKMARKS counts as unset");
	free(p);

	unsetenv("DOSSIER_BOOKMARKS");
	unsetenv("HOME");
	p = marks_default_path();
	ok(p == NULL, "default path: neither set: NULL (%s)", p ? p : "NULL");
	free(p);

	setenv("HOME", "", 1);
	p = marks_default_path();
	ok(p == NULL, "default path: an empty $HOME: NULL (%s)",
	    p ? p : "NULL");
	free(p);

	setenv("DOSSIER_BOOKMARKS", "rel/marks", 1);
	p = marks_default_path();
	is_str(p, "rel/marks",
	    "default path: $DOSSIER_BOOKMARKS without any $HOME");
	free(p);
	unsetenv("DOSSIER_BOOKMARKS");
}

/* ---- identity: canonical paths, migration, moved articles --------------- */

static char tmpdir[256];

static char *
put(const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", tmpdir, rel), *slash;
	FILE *f;

	/* the folders on the way */
	for (slash = path + strlen(tmpdir) + 1; (slash = strchr(slash, '/'));
	    slash++) {
		*slash = '\0';
		mkdir(path, 0700);
		*slash = '/';
	}
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

/* A dossier of the given paths (files or folders), read whole. */
static void
open_dossier(struct dossier *ds, struct marks_index *mx, const char **paths)
{
	struct buf errors = { 0 };

	memset(ds, 0, sizeof *ds);
	for (; *paths; paths++)
		dossier_add_path(ds, *paths, &errors);
	dossier_finish(ds);
	dossier_load_all(ds, 1, 0, &errors);
	if (errors.len)
		diag("%s", errors.data);
	buf_free(&errors);
	marks_index_build(mx, ds);
}

static long
article_named(const struct dossier *ds, const char *suffix)
{
	size_t i, n = strlen(suffix);

	for (i = 0; i < ds->n; i++) {
		size_t m = strlen(ds->docs[i].path);

		if (m >= n && strcmp(ds->docs[i].path + m - n, suffix) == 0)
			return (long)i;
	}
	return -1;
}

static int
rm_one(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(p);
}

static void
free_ops(struct bm_op *ops, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		marks_op_free(&ops[i]);
	free(ops);
}

/* The index's canonical paths, learned from the walk without a stat()
 * each, are what marks_canon() says of every article: plain files,
 * folders entered through links, linked files, files given as PATHs. */
static void
test_canon_walk(void)
{
	struct dossier ds;
	struct marks_index mx;
	const char *paths[4];
	char *p, *q, *q2;
	size_t i, plain = 0;
	int same = 1, found = 1;

	free(put("cw/walk/a/1.txt", "Title: One\n\nOne.\n"));
	free(put("cw/walk/a/2.txt", "Title: Two\n\nTwo.\n"));
	/* names in natural order, not strcmp()'s */
	free(put("cw/walk/a/10.txt", "Title: Ten\n\nTen.\n"));
	free(put("cw/walk/a/9.txt", "Title: Nine\n\nNine.\n"));
	free(put("cw/walk/a/B.txt", "Title: B\n\nB.\n"));
	free(put("cw/walk/a/a.txt", "Title: A\n\nA.\n"));
	free(put("cw/walk/a/A.txt", "Title: A2\n\nA2.\n"));
	free(put("cw/walk/d/e/5.txt", "Title: Five\n\nFive.\n"));
	free(put("cw/out/c/3.txt", "Title: Three\n\nThree.\n"));
	free(put("cw/out/4.txt", "Title: Four\n\nFour.\n"));
	free(put("cw/out/6.txt", "Title: Six\n\nSix.\n"));
	p = xasprintf("%s/cw/walk/lc", tmpdir);
	ok(symlink("../out/c", p) == 0, "canon: a link to a folder");
	free(p);
	p = xasprintf("%s/cw/walk/lf.txt", tmpdir);
	ok(symlink("../out/4.txt", p) == 0, "canon: a link to a file");
	free(p);
	p = xasprintf("%s/cw/lw", tmpdir);
	ok(symlink("walk", p) == 0, "canon: a link to the PATH");
	free(p);
	/* the PATH through a link, with a slash at its end; a file given
	 * as a PATH through a folder's "." */
	paths[0] = q = xasprintf("%s/cw/lw/", tmpdir);
	paths[1] = p = xasprintf("%s/cw/out/./6.txt", tmpdir);
	paths[2] = NULL;
	open_dossier(&ds, &mx, paths);
	is_int(ds.n, 11, "canon: eleven articles");
	for (i = 0; i < ds.n; i++) {
		char *c = marks_canon(ds.docs[i].path);

		const char *m = marks_canon_of(&mx, i);

		if (strcmp(c, m) != 0) {
			diag("%s: %s, not %s", ds.docs[i].path, m, c);
			same = 0;
		}
		found &= marks_article(&mx, c) == (long)i;
		plain += i < ds.nplain && ds.plain[i];
		free(c);
	}
	ok(same, "canon: the walk's paths are marks_canon()'s");
	ok(found, "canon: each article found by its path");
	is_int(plain, 9, "canon: nine articles without a stat() (all but "
	    "lf.txt and 6.txt)");
	is_int(marks_article(&mx, "/nowhere/1.txt"), -1,
	    "canon: a path of no article");
	q2 = xasprintf("%s/3.txt", mx.root);
	is_int(marks_article(&mx, q2), -1,
	    "canon: a name of a folder's article, in another folder");
	free(q2);
	ok(strlen(mx.root) > 3 && strstr(mx.root, "/cw") &&
	    strcmp(strstr(mx.root, "/cw"), "/cw") == 0,
	    "canon: the root holds the walk and the linked folder (%s)",
	    mx.root);
	marks_index_free(&mx);
	dossier_free(&ds);
	free(p);
	free(q);
}

static void
test_identity(void)
{
	struct dossier ds;
	struct marks_index mx;
	struct bm_set set;
	struct bm_op *ops, op;
	struct buf file = { 0 };
	char *biz, *tech, *p, *real;
	const char *paths[3];
	long b1, t1;
	size_t n, i;
	struct bm_rec r;

	biz = put("news/business/001.txt", "Title: Shares\n\nShares rose sharply "
	    "on Monday, and the markets cheered the news.\n");
	free(put("news/business/002.txt",
	    "Title: Bank\n\nThe bank kept its rates.\n"));
	tech = put("news/tech/001.txt", "Title: Phones\n\nA new phone came out "
	    "today, thinner than the last one.\n");
	free(put("news/tech/003.txt", "Title: Chips\n\nChips are scarce again, "
	    "say the makers of cars and of phones.\n"));
	paths[0] = xasprintf("%s/news/business", tmpdir);
	paths[1] = xasprintf("%s/news/tech", tmpdir);
	paths[2] = NULL;
	open_dossier(&ds, &mx, paths);
	is_int(ds.n, 4, "identity: two folders, four articles");
	b1 = article_named(&ds, "business/001.txt");
	t1 = article_named(&ds, "tech/001.txt");
	real = realpath(biz, NULL);
	ok(b1 >= 0 && real && strcmp(marks_canon_of(&mx, (size_t)b1),
	    real) == 0,
	    "identity: the canonical path is the real absolute path");
	free(real);
	ok(b1 >= 0 && t1 >= 0 && strcmp(marks_canon_of(&mx, (size_t)b1),
	    marks_canon_of(&mx, (size_t)t1)) != 0,
	    "identity: two 001.txt have two paths");
	is_int(marks_article(&mx, marks_canon_of(&mx, (size_t)b1)), b1,
	    "identity: business/001");
	is_int(marks_article(&mx, marks_canon_of(&mx, (size_t)t1)), t1,
	    "identity: tech/001");
	is_int(marks_article(&mx, "001.txt"), -1,
	    "identity: a bare file name finds nothing");
	real = realpath(tmpdir, NULL);
	p = xasprintf("%s/news", real);
	is_str(mx.root, p, "identity: the root is the folder holding both");
	free(p);

	/* where records are */
	memset(&r, 0, sizeof r);
	r.kind = BM_MARK;
	r.path = (char *)marks_canon_of(&mx, (size_t)t1);
	is_int(marks_where(&mx, &r), MARKS_HERE, "where: an article here");
	r.path = p = xasprintf("%s/news/tech/gone.txt", real);
	is_int(marks_where(&mx, &r), MARKS_MISSING,
	    "where: gone from under the root: missing");
	free(p);
	r.path = "/elsewhere/001.txt";
	is_int(marks_where(&mx, &r), MARKS_ELSEWHERE,
	    "where: another dossier's");
	r.kind = BM_OLD_MARK;
	r.path = "001.txt";
	is_int(marks_where(&mx, &r), MARKS_ELSEWHERE,
	    "where: a version 1 record is not shown");

	/* migration: a version 1 file */
	buf_printf(&file, "# dossier bookmarks v1\n"
	    "mark\tm-biz\t001.txt\t001.txt\t%016llx\t20\t2026-01-01T00:00:00Z"
	    "\tambiguous\tShares\n"
	    "mark\tm-bank\t002.txt\t002.txt\t%016llx\t15\t2026-01-01T00:00:00Z"
	    "\tbank\tThe bank\n"
	    "mark\tm-chg\t003.txt\t003.txt\t0000000000000001\t15"
	    "\t2026-01-01T00:00:00Z\tchanged\tChips\n"
	    "state\t002.txt\t002.txt\t%016llx\t15\t2026-01-01T00:00:00Z\t1\n"
	    "last\t002.txt\t2026-01-01T00:00:00Z\n",
	    (unsigned long long)ds.docs[b1].fp,
	    (unsigned long long)ds.docs[article_named(&ds, "002.txt")].fp,
	    (unsigned long long)ds.docs[article_named(&ds, "002.txt")].fp);
	bm_parse(file.data, file.len, &set);
	n = marks_sync(&mx, &ds, &set, 1, &ops);
	is_int(n, 2, "migration: two records upgraded");
	for (i = 0; i < n; i++)
		bm_set_apply(&set, &ops[i]);
	free_ops(ops, n);
	ok(set.v[0].kind == BM_OLD_MARK,
	    "migration: 001.txt is in two folders: left as it is");
	ok(set.v[1].kind == BM_MARK &&
	    strcmp(set.v[1].path, marks_canon_of(&mx,
	    (size_t)article_named(&ds, "002.txt"))) == 0 &&
	    set.v[1].offset == 15 && strcmp(set.v[1].label, "bank") == 0,
	    "migration: 002.txt, one article, same fingerprint: upgraded in place");
	ok(set.v[2].kind == BM_OLD_MARK,
	    "migration: 003.txt changed since: left as it is");
	ok(set.v[3].kind == BM_STATE && set.v[3].done == 1 &&
	    bm_set_state(&set, marks_canon_of(&mx,
	    (size_t)article_named(&ds, "002.txt"))),
	    "migration: the state of 002.txt upgraded");
	ok(set.v[4].kind == BM_OLD_LAST, "migration: last (no fingerprint) kept");
	is_int(set.n, 5, "migration: nothing dropped");
	n = marks_sync(&mx, &ds, &set, 1, &ops);
	is_int(n, 0, "migration: once a session");
	free_ops(ops, n);
	bm_set_free(&set);
	marks_index_free(&mx);
	dossier_free(&ds);

	/* moved: business/001.txt renamed, tech/003.txt edited */
	file.len = 0;
	open_dossier(&ds, &mx, paths);
	b1 = article_named(&ds, "business/001.txt");
	memset(&set, 0, sizeof set);
	marks_new(&op, &ds.docs[b1], 7, "shares");
	bm_set_apply(&set, &op);
	marks_op_free(&op);
	marks_state(&op, &mx, (size_t)b1, &ds.docs[b1], 9, 1, 100);
	bm_set_apply(&set, &op);
	marks_op_free(&op);
	i = (size_t)article_named(&ds, "tech/003.txt");
	marks_new(&op, &ds.docs[i], at(&ds.docs[i], "Chips are"), "chips");
	free(op.rec.id);
	op.rec.id = xstrdup("chips-id");
	bm_set_apply(&set, &op);
	free(op.rec.id);
	op.rec.id = NULL;
	marks_op_free(&op);
	marks_index_free(&mx);
	dossier_free(&ds);
	p = xasprintf("%s/news/business/001.txt", tmpdir);
	{
		char *to = xasprintf("%s/news/business/renamed.txt", tmpdir);

		ok(rename(p, to) == 0, "moved: business/001.txt renamed");
		free(to);
	}
	free(p);
	free(put("news/tech/003.txt", "Title: Chips\n\nAn inserted line.\n\n"
	    "Chips are scarce again, say the makers of cars and of phones.\n"));
	open_dossier(&ds, &mx, paths);
	n = marks_sync(&mx, &ds, &set, 1, &ops);
	is_int(n, 3, "moved: three ops (mark and place moved, one re-anchored)");
	for (i = 0; i < n; i++)
		bm_set_apply(&set, &ops[i]);
	free_ops(ops, n);
	b1 = article_named(&ds, "business/renamed.txt");
	{
		const struct bm_rec *m = &set.v[0], *st = &set.v[1], *c = &set.v[2];
		long c3 = article_named(&ds, "tech/003.txt");

		ok(b1 >= 0 && m->kind == BM_MARK &&
		    strcmp(m->path, marks_canon_of(&mx, (size_t)b1)) == 0 &&
		    m->offset == 7,
		    "moved: the bookmark follows the renamed article (by its "
		    "fingerprint)");
		ok(st->kind == BM_STATE && strcmp(st->path,
		    marks_canon_of(&mx, (size_t)b1)) == 0 &&
		    st->offset == 9 && st->done == 1,
		    "moved: its place follows it too");
		ok(c3 >= 0 && c->kind == BM_MARK &&
		    strcmp(c->path, marks_canon_of(&mx, (size_t)c3)) == 0 &&
		    c->fp == ds.docs[c3].fp &&
		    c->offset == at(&ds.docs[c3], "Chips are"),
		    "edited: re-anchored, its new fingerprint is its own file's");
	}
	bm_set_free(&set);

	/* never attached elsewhere: a gone article whose fingerprint and
	 * snippet are nowhere, another dossier's bookmark, a copy */
	memset(&set, 0, sizeof set);
	memset(&op, 0, sizeof op);
	op.kind = BM_OP_ADD;
	op.rec.id = "ghost";
	op.rec.path = p = xasprintf("%s/news/tech/001.txt.gone", real);
	op.rec.fp = 42;
	op.rec.label = "ghost";
	op.rec.snippet = "text that is in no article at all";
	bm_set_apply(&set, &op);
	free(p);
	op.rec.id = "other";
	op.rec.path = xasprintf("%s/news/tech/001.txt", real);
	op.rec.fp = ds.docs[article_named(&ds, "tech/001.txt")].fp;
	bm_set_apply(&set, &op);
	free(op.rec.path);
	op.rec.id = "copy";
	op.rec.path = xasprintf("%s/news/business/002.txt", real);
	op.rec.fp = ds.docs[article_named(&ds, "renamed.txt")].fp;
	bm_set_apply(&set, &op);
	free(op.rec.path);
	/* a fresh session, so the moved ones are looked for again */
	marks_index_free(&mx);
	marks_index_build(&mx, &ds);
	n = marks_sync(&mx, &ds, &set, 1, &ops);
	for (i = 0; i < n; i++)
		bm_set_apply(&set, &ops[i]);
	free_ops(ops, n);
	ok(strstr(set.v[0].path, "001.txt.gone") != NULL,
	    "missing: a gone article found by nothing keeps its record");
	ok(strstr(set.v[2].path, "business/002.txt") != NULL,
	    "a record whose file is still there is never moved to a copy");
	ok(strstr(set.v[1].path, "tech/001.txt") != NULL &&
	    set.v[1].fp == ds.docs[article_named(&ds, "tech/001.txt")].fp,
	    "a record of an article here stays with it");
	bm_set_free(&set);
	marks_index_free(&mx);
	dossier_free(&ds);

	/* two dossiers, each with a 001.txt: separate identities */
	free(put("other/001.txt", "Title: Other\n\nSomething else.\n"));
	free((char *)paths[0]);
	free((char *)paths[1]);
	paths[0] = p = xasprintf("%s/other", tmpdir);
	paths[1] = NULL;
	open_dossier(&ds, &mx, paths);
	is_int(ds.n, 1, "two dossiers: the other one has one article");
	memset(&r, 0, sizeof r);
	r.kind = BM_MARK;
	r.path = xasprintf("%s/news/tech/001.txt", real);
	is_int(marks_where(&mx, &r), MARKS_ELSEWHERE,
	    "two dossiers: the news 001.txt's bookmark is not this 001.txt's");
	free(r.path);
	marks_index_free(&mx);
	dossier_free(&ds);

	free(real);
	free((char *)paths[0]);
	buf_free(&file);
	free(biz);
	free(tech);
}

/* ---- marks_snippet -------------------------------------------------------- */

static void
test_snippet(void)
{
	struct doc d;
	struct buf b = { 0 };
	char *s;
	size_t off;

	/* 60 ASCII bytes in the first paragraph */
	MAKE(&d, "Title: T\n\n"
	    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX\n\n"
	    "Kort.\n\nLaatste alinea eindigt hier.\n");
	off = at(&d, "0123");
	s = snippet(&d, off);
	is_str(s, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL",
	    "snippet: MARKS_SNIPPET_BYTES bytes of a long paragraph");
	is_int(strlen(s), MARKS_SNIPPET_BYTES, "snippet: exactly %d bytes",
	    MARKS_SNIPPET_BYTES);
	free(s);

	s = snippet(&d, at(&d, "QRST"));
	is_str(s, "QRSTUVWX", "snippet: not past the end of its paragraph");
	free(s);

	s = snippet(&d, at(&d, "Kort."));
	is_str(s, "Kort.", "snippet: a short paragraph alone, not the next");
	free(s);

	s = snippet(&d, at(&d, "hier."));
	is_str(s, "hier.", "snippet: the end of the last paragraph");
	free(s);

	s = snippet(&d, d.len);
	is_str(s, "", "snippet: at the end of the text: empty");
	free(s);

	s = snippet(&d, d.len + 100);
	is_str(s, "", "snippet: past the end of the text: empty");
	free(s);

	buf_adds(&b, "before:");
	marks_snippet(&d, at(&d, "Kort."), &b);
	is_str(b.data, "before:Kort.", "snippet: appended to the buffer");
	buf_free(&b);
	doc_free(&d);

	/* 'ï' (2 bytes) across byte 48 of the snippet: 46 ASCII bytes, then
	 * "ïë" spans bytes 46..49 */
	MAKE(&d, "0123456789012345678901234567890123456789012345"
	    "\xc3\xaf\xc3\xab en verder\n");
	s = snippet(&d, 0);
	is_int(strlen(s), 48, "snippet: a 2-byte character ending at byte 48 "
	    "is kept whole");
	ok(valid_utf8(s, strlen(s)), "snippet: ... valid UTF-8");
	free(s);
	doc_free(&d);

	MAKE(&d, "01234567890123456789012345678901234567890123456"
	    "\xc3\xaf en verder\n");
	s = snippet(&d, 0);
	is_int(strlen(s), 47, "snippet: a 2-byte character across byte 48 is "
	    "left out, not cut");
	ok(valid_utf8(s, strlen(s)), "snippet: ... valid UTF-8");
	free(s);
	doc_free(&d);

	/* 3-byte and 4-byte characters: every start offset of a line of
	 * them gives a valid, bounded prefix of the text */
	MAKE(&d, "東京と大阪の間に😀😀😀😀 and 東京と大阪の間に😀😀😀😀 once more\n");
	{
		int good = 1;
		size_t n;

		for (off = 0; off < d.len - 1; off++) {
			if ((d.src[off] & 0xC0) == 0x80)
				continue;
			s = snippet(&d, off);
			n = strlen(s);
			/* the paragraph ends before the final "\n" */
			if (!valid_utf8(s, n) || n > MARKS_SNIPPET_BYTES ||
			    memcmp(s, d.src + off, n) != 0 ||
			    (off + n != d.len - 1 &&
			    n + 4 <= MARKS_SNIPPET_BYTES)) {
				if (good)
					diag("  at %zu: \"%s\"", off, s);
				good = 0;
			}
			free(s);
		}
		ok(good, "snippet: CJK and emoji: a valid UTF-8 prefix of the "
		    "text at each character, cut at most a character short");
	}
	doc_free(&d);

	MAKE(&d, "");
	s = snippet(&d, 0);
	is_str(s, "", "snippet: an empty article");
	free(s);
	doc_free(&d);

	/* soft line breaks stay in the snippet as they are in the source:
	 * it is found again by searching the source */
	MAKE(&d, "Title: T\n\neen regel\nen de volgende\nen de laatste\n\n"
	    "nieuwe alinea\n");
	s = snippet(&d, at(&d, "een regel"));
	is_str(s, "een regel\nen de volgende\nen de laatste",
	    "snippet: source bytes, line break included, up to the "
	    "paragraph's end");
	free(s);
	doc_free(&d);
}

/* ---- marks_label ------------------------------------------------------------ */

static void
test_label(void)
{
	struct doc d;
	struct buf b = { 0 };
	char *s;
	const char *para;

	para = "Op 19 november berichtten westerse media dat Amerikaanse en "
	    "Russische vertegenwoordigers in het geheim een vredesplan hadden.";
	make(&d, "dir/a.txt", para, strlen(para));
	s = label(&d, 0);
	ok(strncmp(s, "Op 19 november berichtten", 25) == 0,
	    "label: the first words (%s)", s);
	ok(strstr(s, "vertegenwoordigers") == NULL && strstr(s, "geheim") ==
	    NULL, "label: only the first few words");
	ok(cols(s) <= 40, "label: at most 40 columns (%d)", cols(s));
	ok(*s && s[strlen(s) - 1] != ' ', "label: no trailing space (\"%s\")",
	    s);
	free(s);
	s = label(&d, at(&d, "Russische"));
	ok(strncmp(s, "Russische vertegenwoordigers", 28) == 0,
	    "label: from the offset on (%s)", s);
	free(s);
	buf_adds(&b, "x");
	marks_label(&d, 0, &b);
	ok(strncmp(b.data, "xOp 19", 6) == 0, "label: appended to the buffer");
	buf_free(&b);
	doc_free(&d);

	MAKE(&d, "Title: T\n\nDit is een zin met heel veel korte woorden die "
	    "maar door en door en door gaat tot het eind.\n");
	s = label(&d, at(&d, "Dit"));
	ok(strncmp(s, "Dit is een zin", 14) == 0 && strstr(s, "eind") == NULL &&
	    strstr(s, "\xe2\x80\xa6") == NULL,
	    "label: short words: a few whole words, not cut off (%s)", s);
	free(s);
	doc_free(&d);

	MAKE(&d, "Kort.\n\nVolgende alinea met woorden.\n");
	s = label(&d, 0);
	is_str(s, "Kort.", "label: not past the paragraph");
	free(s);
	doc_free(&d);

	MAKE(&d, "Title: T\n\neen\nregel\tmet   ruimte\nen meer\n\nanders\n");
	s = label(&d, at(&d, "een"));
	is_str(s, "een regel met ruimte en meer",
	    "label: line breaks, tabs and runs of spaces become one space");
	free(s);
	doc_free(&d);

	MAKE(&d, "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen"
	    "herstellungsverordnungsentwurf is lang.\n");
	s = label(&d, 0);
	ok(cols(s) <= 40, "label: one long word: at most 40 columns (%d)",
	    cols(s));
	ok(strncmp(s, "Donaudampf", 10) == 0, "label: ... its start (%s)", s);
	ok(valid_utf8(s, strlen(s)), "label: ... valid UTF-8");
	free(s);
	doc_free(&d);

	MAKE(&d, "東京と大阪の間には長い長い鉄道があり新幹線が毎日たくさん走っています。\n");
	s = label(&d, 0);
	ok(cols(s) <= 40 && cols(s) >= 30,
	    "label: wide characters without spaces: at most 40 columns (%d)",
	    cols(s));
	ok(valid_utf8(s, strlen(s)) && strncmp(s, "東京と大阪", 15) == 0,
	    "label: ... a valid start of the text (%s)", s);
	free(s);
	doc_free(&d);

	/* hostile: escapes, C0 and C1 controls, bidi overrides and
	 * isolates, invalid bytes, NUL */
	MAKEP(&d, "dir/h.txt",
	    "\033]0;pwned\007Clear\033[2J\r\x7f \xc2\x9b" "2J \xe2\x80\xae"
	    "rev\xe2\x80\xac \xe2\x81\xa6iso\xe2\x81\xa9 \xff\xfe\0nul\b\n");
	s = label(&d, 0);
	ok(!has_unsafe(s), "label: hostile text: no control characters, "
	    "DEL, C1 or bidi controls in the label");
	ok(valid_utf8(s, strlen(s)), "label: hostile text: valid UTF-8");
	ok(cols(s) <= 40, "label: hostile text: at most 40 columns (%d)",
	    cols(s));
	free(s);
	{
		size_t off;
		int safe = 1;

		for (off = 0; off <= d.len; off++) {
			s = label(&d, off);
			if (has_unsafe(s) || !valid_utf8(s, strlen(s)) ||
			    cols(s) > 40) {
				if (safe)
					diag("  unsafe label at %zu", off);
				safe = 0;
			}
			free(s);
		}
		ok(safe, "label: hostile text: safe from every offset, even "
		    "inside a character");
	}
	doc_free(&d);

	MAKE(&d, "");
	s = label(&d, 0);
	is_str(s, "", "label: an empty article");
	free(s);
	doc_free(&d);
}

/* ---- marks_new ------------------------------------------------------------------ */

static void
test_new(void)
{
	struct doc d;
	struct bm_op op, op2;
	struct bm_set set = { 0 }, back = { 0 };
	char *s, *file;
	size_t off, len, i;
	time_t t0, t1;
	int found = 0;

	MAKEP(&d, "some/dir/2025-11-22-opinie.txt",
	    "Title: Opinie\n\nEerste alinea.\n\nDaarmee worden niet alleen "
	    "Oekra\xc3\xafne\xe2\x80\x99s soevereiniteit, maar ook de veiligheid "
	    "van Europa ondermijnd.\n");
	off = at(&d, "Daarmee");
	t0 = time(NULL);
	marks_new(&op, &d, off, "mijn label \xe2\x80\x94 Z\xc3\xbcrich");
	t1 = time(NULL);
	ok(op.kind == BM_OP_ADD, "new: an ADD op");
	ok(op.rec.kind == BM_MARK, "new: of a MARK record");
	ok(op.rec.path[0] == '/' && strstr(op.rec.path,
	    "/some/dir/2025-11-22-opinie.txt") != NULL,
	    "new: the article's absolute path (%s)", op.rec.path);
	ok(op.rec.fp == bm_fingerprint(d.src, d.len),
	    "new: the fingerprint of the article's bytes");
	is_int(op.rec.offset, off, "new: the offset");
	ok(op.rec.time >= t0 && op.rec.time <= t1, "new: created now");
	is_str(op.rec.label, "mijn label \xe2\x80\x94 Z\xc3\xbcrich",
	    "new: the label as given");
	s = snippet(&d, off);
	is_str(op.rec.snippet, s, "new: the snippet at the offset");
	ok(strncmp(op.rec.snippet, "Daarmee worden", 14) == 0,
	    "new: ... which is the text there (%s)", op.rec.snippet);
	free(s);
	ok(op.rec.id && *op.rec.id, "new: an id (%s)", op.rec.id ?
	    op.rec.id : "NULL");

	/* through the dotfile and back, unchanged */
	bm_set_apply(&set, &op);
	file = bm_serialize(&set, &len);
	bm_parse(file, len, &back);
	for (i = 0; i < back.n; i++) {
		const struct bm_rec *r = &back.v[i];

		if (r->kind == BM_MARK && strcmp(r->id, op.rec.id) == 0 &&
		    strcmp(r->path, op.rec.path) == 0 &&
		    r->fp == op.rec.fp && r->offset == op.rec.offset &&
		    r->time == op.rec.time &&
		    strcmp(r->label, op.rec.label) == 0 &&
		    strcmp(r->snippet, op.rec.snippet) == 0)
			found++;
	}
	is_int(found, 1, "new: the bookmark survives the dotfile unchanged");
	is_int(back.nraw, 0, "new: ... as a line that parses");
	free(file);
	bm_set_free(&set);
	bm_set_free(&back);

	marks_new(&op2, &d, off, "mijn label");
	ok(strcmp(op.rec.id, op2.rec.id) != 0,
	    "new: a second bookmark at the same place has another id");
	marks_op_free(&op2);
	{
		char *ids[500];
		int uniq = 1;
		size_t j;

		for (i = 0; i < 500; i++) {
			marks_new(&op2, &d, off, "x");
			ids[i] = xstrdup(op2.rec.id);
			marks_op_free(&op2);
		}
		for (i = 0; i < 500 && uniq; i++)
			for (j = i + 1; j < 500; j++)
				if (strcmp(ids[i], ids[j]) == 0) {
					uniq = 0;
					break;
				}
		ok(uniq, "new: 500 bookmarks made at once: 500 ids");
		for (i = 0; i < 500; i++)
			free(ids[i]);
	}

	marks_new(&op2, &d, 0, "");
	is_str(op2.rec.label, "", "new: an empty label stays empty");
	marks_op_free(&op2);

	marks_op_free(&op);
	ok(op.rec.id == NULL && op.rec.label == NULL && op.rec.snippet ==
	    NULL && op.rec.path == NULL,
	    "op_free: leaves the op empty");
	marks_op_free(&op);
	ok(op.rec.id == NULL && op.rec.label == NULL,
	    "op_free: twice is harmless");
	doc_free(&d);
}

/* ---- marks_locate ------------------------------------------------------------------ */

#define ARTICLE \
	"Title: Vrede\n\n" \
	"Eerste alinea over de oorlog.\n\n" \
	"Tweede alinea: de onderhandelingen in Jeddah duurden acht uur " \
	"en eindigden met een akkoord.\n\n" \
	"Derde alinea met het slot van het verhaal.\n"

static void
mark_at(struct bm_op *op, const struct doc *d, const char *needle)
{
	marks_new(op, d, at(d, needle), "l");
}

static void
test_locate(void)
{
	struct doc d, e;
	struct bm_op op;
	size_t off;

	MAKE(&d, ARTICLE);
	mark_at(&op, &d, "onderhandelingen");
	off = op.rec.offset;
	is_int(marks_locate(&op.rec, &d), off, "locate: unchanged: same offset");

	/* unchanged bytes: the offset counts, even if the snippet says
	 * otherwise */
	free(op.rec.snippet);
	op.rec.snippet = xstrdup("Eerste alinea");
	is_int(marks_locate(&op.rec, &d), off,
	    "locate: unchanged: the offset, not a search for the snippet");
	marks_op_free(&op);

	/* text inserted before */
	mark_at(&op, &d, "onderhandelingen");
	MAKE(&e, "Title: Vrede\n\n"
	    "Een nieuwe alinea, ingevoegd boven alles.\n\n"
	    "Eerste alinea over de oorlog.\n\n"
	    "Tweede alinea: de onderhandelingen in Jeddah duurden acht uur "
	    "en eindigden met een akkoord.\n\n"
	    "Derde alinea met het slot van het verhaal.\n");
	is_int(marks_locate(&op.rec, &e), at(&e, "onderhandelingen"),
	    "locate: text inserted before: moved with its snippet");
	is_int(marks_locate(&op.rec, &e) - op.rec.offset,
	    strlen("Een nieuwe alinea, ingevoegd boven alles.\n\n"),
	    "locate: ... by the length inserted");
	doc_free(&e);

	/* text removed before */
	MAKE(&e, "Title: Vrede\n\n"
	    "Tweede alinea: de onderhandelingen in Jeddah duurden acht uur "
	    "en eindigden met een akkoord.\n\n"
	    "Derde alinea met het slot van het verhaal.\n");
	is_int(marks_locate(&op.rec, &e), at(&e, "onderhandelingen"),
	    "locate: text removed before: moved back with its snippet");
	doc_free(&e);

	/* text changed after: the place is unchanged */
	MAKE(&e, "Title: Vrede\n\n"
	    "Eerste alinea over de oorlog.\n\n"
	    "Tweede alinea: de onderhandelingen in Jeddah duurden acht uur "
	    "en eindigden met een akkoord.\n\n"
	    "Een heel ander slot.\n");
	is_int(marks_locate(&op.rec, &e), op.rec.offset,
	    "locate: text changed after: same offset");
	doc_free(&e);

	/* the snippet twice: the nearest to where it was */
	MAKE(&e, "Title: Vrede\n\n"
	    "Eerste alinea over de oorlog.\n\n"
	    "Tweede alinea: de onderhandelingen in Jeddah duurden acht uur "
	    "en eindigden met een akkoord.\n\n"
	    "Tweede alinea: de onderhandelingen in Jeddah duurden acht uur "
	    "en eindigden met een akkoord.\n\n"
	    "Derde alinea met het slot van het verhaal.\n");
	is_int(marks_locate(&op.rec, &e), op.rec.offset,
	    "locate: the snippet now twice: the occurrence nearest its old "
	    "place");
	doc_free(&e);

	/* the snippet's text gone: the old offset, clamped to the text */
	MAKE(&e, "Title: Vrede\n\n"
	    "Eerste alinea over de oorlog.\n\n"
	    "Iets heel anders staat nu hier, zonder een spoor van wat er "
	    "ooit stond in deze alinea van het stuk.\n\n"
	    "Derde alinea met het slot van het verhaal.\n");
	is_int(marks_locate(&op.rec, &e), op.rec.offset,
	    "locate: snippet gone: the old offset");
	doc_free(&e);
	MAKE(&e, "Title: Kort\n\nNiets meer.\n");
	is_int(marks_locate(&op.rec, &e), e.len,
	    "locate: snippet gone, text shorter: the old offset clamped to "
	    "the end");
	doc_free(&e);
	MAKE(&e, "");
	is_int(marks_locate(&op.rec, &e), 0,
	    "locate: the article emptied: 0");
	doc_free(&e);

	/* an empty snippet in a changed article: the old offset, clamped */
	free(op.rec.snippet);
	op.rec.snippet = xstrdup("");
	MAKE(&e, "Title: Vrede\n\nEen nieuwe alinea, ingevoegd.\n\n" ARTICLE);
	is_int(marks_locate(&op.rec, &e), op.rec.offset,
	    "locate: no snippet: the old offset");
	doc_free(&e);
	free(op.rec.snippet);
	op.rec.snippet = NULL;
	MAKE(&e, "kort\n");
	is_int(marks_locate(&op.rec, &e), e.len,
	    "locate: no snippet (NULL): the old offset clamped");
	doc_free(&e);
	marks_op_free(&op);

	/* an unchanged article with an offset out of range (a hand-edited
	 * dotfile) stays within the text */
	mark_at(&op, &d, "Derde");
	op.rec.offset = d.len + 1000;
	is_int(marks_locate(&op.rec, &d), d.len,
	    "locate: unchanged, offset past the end: clamped");
	marks_op_free(&op);

	/* the bookmarked sentence edited at its end: its start still marks
	 * the place */
	mark_at(&op, &d, "onderhandelingen");
	MAKE(&e, "Title: Vrede\n\nNieuw.\n\n"
	    "Eerste alinea over de oorlog.\n\n"
	    "Tweede alinea: de onderhandelingen in Jeddah duurden ZES uur.\n\n"
	    "Derde alinea met het slot van het verhaal.\n");
	is_int(marks_locate(&op.rec, &e), at(&e, "onderhandelingen"),
	    "locate: the snippet's end edited: found by its start");
	doc_free(&e);
	marks_op_free(&op);
	doc_free(&d);
}

/* ---- marks_percent ------------------------------------------------------------------ */

static void
test_percent(void)
{
	struct doc d;
	size_t off;
	int prev = 0, mono = 1, range = 1;

	MAKE(&d, "");
	is_int(marks_percent(&d, 0), 0, "percent: an empty article: 0");
	is_int(marks_percent(&d, 5), 0, "percent: an empty article, any "
	    "offset: 0");
	doc_free(&d);

	/* 200 bytes */
	MAKE(&d, "0123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789"
	    "012345678901234567890123456789012345678\n");
	is_int(marks_percent(&d, 0), 0, "percent: the start: 0");
	is_int(marks_percent(&d, 100), 50, "percent: half way: 50");
	is_int(marks_percent(&d, 50), 25, "percent: a quarter: 25");
	is_int(marks_percent(&d, 199), 99, "percent: the last byte: 99");
	is_int(marks_percent(&d, 200), 100, "percent: the end: 100");
	is_int(marks_percent(&d, 5000), 100, "percent: past the end: 100");
	for (off = 0; off <= d.len + 3; off++) {
		int p = marks_percent(&d, off);

		if (p < prev)
			mono = 0;
		if (p < 0 || p > 100)
			range = 0;
		prev = p;
	}
	ok(mono, "percent: never goes down as the offset grows");
	ok(range, "percent: always within 0..100");
	doc_free(&d);
}

int
main(void)
{
	test_default_path();
	{
		const char *base = getenv("TMPDIR");

		snprintf(tmpdir, sizeof tmpdir, "%s/test_marks.XXXXXX",
		    base && *base ? base : "/tmp");
		if (!mkdtemp(tmpdir)) {
			perror(tmpdir);
			return 1;
		}
		test_identity();
		test_canon_walk();
		nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	}
	test_snippet();
	test_label();
	test_new();
	test_locate();
	test_percent();
	return tap_done();
}
