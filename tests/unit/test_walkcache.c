/* test_walkcache.c - the walk from its cache (walkcache.h): on generated
 * nested trees it gives what a real walk gives, field by field; after
 * each change to the tree (a file added, removed, renamed, a folder
 * added, removed, renamed, a hidden file, a link, a file turned into a
 * folder) it is not used; a walk that met a link, said something, or
 * read a folder changed lately is not kept; a corrupt, truncated or
 * foreign walk file means a real walk; --no-cache skips it. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "dossier.h"
#include "tap.h"
#include "util.h"
#include "walkcache.h"

static char root[] = "/tmp/dossier-wcache-XXXXXX";
static char *cache;      /* XDG_CACHE_HOME */

static char *
at(const char *rel)
{
	return xasprintf("%s/%s", root, rel);
}

static void
mkfile(const char *rel)
{
	char *p = at(rel);
	FILE *f = fopen(p, "w");

	if (f) {
		fprintf(f, "Title: %s\n\nText.\n", rel);
		fclose(f);
	} else {
		diag("%s: %s", p, strerror(errno));
	}
	free(p);
}

static void
run(const char *cmd)
{
	char *c = xasprintf("cd '%s' && %s", root, cmd);

	if (system(c) != 0)
		diag("failed: %s", c);
	free(c);
}

/* Let every folder's times fall out of the racy window (the test sets
 * DOSSIER_CACHE_SETTLE_MS=20). */
static void
settle(void)
{
	struct timespec ts = { 0, 80 * 1000000L };

	nanosleep(&ts, NULL);
}

/* A nested tree of numbered and named articles, from a seed. */
static void
generate(unsigned seed)
{
	static const char *const names[] = {
		"1.txt", "2.txt", "10.txt", "007.txt", "a.txt", "B.txt",
		"b.txt", "z 9.txt", "\xc3\xa9t\xc3\xa9.txt", "x~", ".hid"
	};
	static const char *const dirs[] = {
		"", "2025", "2025/03", "2025/10", "2025/10/deep", "business",
		"Business2", "empty", "only/nested/down"
	};
	size_t d, k;

	srand(seed);
	for (d = 1; d < sizeof dirs / sizeof *dirs; d++) {
		char *p = at(dirs[d]), *s;

		for (s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) {
			*s = '\0';
			mkdir(p, 0755);
			*s = '/';
		}
		mkdir(p, 0755);
		free(p);
	}
	for (d = 0; d < sizeof dirs / sizeof *dirs; d++) {
		if (strcmp(dirs[d], "empty") == 0)
			continue;
		for (k = 0; k < sizeof names / sizeof *names; k++) {
			char *rel;

			if (rand() % 3 == 0)
				continue;
			rel = *dirs[d] ? xasprintf("%s/%s", dirs[d], names[k]) :
			    xstrdup(names[k]);
			mkfile(rel);
			free(rel);
		}
	}
}

static void
real_walk(struct dossier *ds, const char *path)
{
	struct buf errors = { 0 };

	memset(ds, 0, sizeof *ds);
	dossier_add_path(ds, path, &errors);
	dossier_finish(ds);
	buf_free(&errors);
}

/* The walk from the cache, if it is used; 1 when it was. */
static int
cached_walk(struct dossier *ds, const char *path)
{
	int used;

	memset(ds, 0, sizeof *ds);
	used = walkcache_load(ds, path);
	dossier_finish(ds);
	return used;
}

/* Write the walk file from a real walk; 1 when it was written. */
static int
keep_walk(const char *path)
{
	struct dossier ds = { 0 };
	struct buf errors = { 0 };
	int written;

	walkcache_walk(&ds, path, &errors, &written);
	buf_free(&errors);
	dossier_free(&ds);
	return written;
}

static int
str_eq(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

/* Are a and b the same dossier, field by field? */
static int
same(const struct dossier *a, const struct dossier *b, const char *what)
{
	size_t i;

	if (a->n != b->n || a->nsec != b->nsec || a->nplain != b->nplain) {
		diag("%s: %zu/%zu articles, %zu/%zu sections", what, a->n, b->n,
		    a->nsec, b->nsec);
		return 0;
	}
	for (i = 0; i < a->n; i++) {
		const struct doc *x = &a->docs[i], *y = &b->docs[i];

		if (!str_eq(x->path, y->path) || !str_eq(x->name, y->name) ||
		    x->state != y->state || a->plain[i] != b->plain[i] ||
		    dossier_find_name(a, x->name) !=
		    dossier_find_name(b, y->name)) {
			diag("%s: article %zu: %s (%s) vs %s (%s)", what, i,
			    x->path, x->name, y->path, y->name);
			return 0;
		}
	}
	for (i = 0; i < a->nsec; i++) {
		const struct dossier_section *x = &a->secs[i], *y = &b->secs[i];

		if (!str_eq(x->name, y->name) || !str_eq(x->dir, y->dir) ||
		    !str_eq(x->real, y->real) || x->first != y->first ||
		    x->n != y->n || x->loose != y->loose) {
			diag("%s: section %zu: %s %s %s vs %s %s %s", what, i,
			    x->name, x->dir, x->real ? x->real : "-", y->name,
			    y->dir, y->real ? y->real : "-");
			return 0;
		}
	}
	return 1;
}

/* Compare the walk from the cache (when used) with a real walk of path;
 * returns whether it was used. */
static int
compare(const char *path, const char *what)
{
	struct dossier c, r;
	int used = cached_walk(&c, path);

	real_walk(&r, path);
	if (used)
		ok(same(&c, &r, what), "%s: the cached walk is the real one",
		    what);
	dossier_free(&c);
	dossier_free(&r);
	return used;
}

/* Keep a walk, change the tree, and see the cache not used. */
static void
after(const char *cmd, const char *what)
{
	settle();
	ok(keep_walk(root), "%s: before, the walk is kept", what);
	ok(compare(root, what), "%s: before, it is used", what);
	run(cmd);
	ok(!compare(root, what), "%s: after, it is not used", what);
}

/* The walk file in the cache folder (there is one). */
static char *
walk_file(void)
{
	char *dir = xasprintf("%s/dossier", cache), *found = NULL;
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (strstr(e->d_name, ".walk") && !strstr(e->d_name, ".tmp")) {
			free(found);
			found = xasprintf("%s/%s", dir, e->d_name);
		}
	if (d)
		closedir(d);
	free(dir);
	return found;
}

/* Damage the walk file with cmd ($F: its name) and see a real walk. */
static void
damaged(const char *cmd, const char *what)
{
	char *f;

	settle();
	ok(keep_walk(root), "%s: the walk is kept", what);
	f = walk_file();
	setenv("F", f ? f : "/nonexistent", 1);
	if (system(cmd) != 0)
		diag("failed: %s", cmd);
	ok(!compare(root, what), "%s: it is not used", what);
	free(f);
}

int
main(void)
{
	char *slash, *tmp;
	unsigned seed;

	if (!mkdtemp(root)) {
		diag("mkdtemp: %s", strerror(errno));
		return 1;
	}
	cache = xasprintf("%s.cache", root);
	mkdir(cache, 0700);
	setenv("XDG_CACHE_HOME", cache, 1);
	setenv("DOSSIER_CACHE_SETTLE_MS", "20", 1);

	/* generated trees: the same result, field by field */
	for (seed = 1; seed <= 4; seed++) {
		char *what = xasprintf("tree %u", seed);

		run("rm -rf ./* ./.[!.]*");
		generate(seed);
		settle();
		ok(keep_walk(root), "%s: the walk is kept", what);
		ok(compare(root, what), "%s: and used", what);
		free(what);
	}
	/* the PATH given otherwise: its articles' paths are as given */
	slash = xasprintf("%s/", root);
	ok(compare(slash, "PATH with a slash"), "PATH with a slash: used");
	tmp = xasprintf("%s/2025/..", root);
	ok(compare(tmp, "PATH through .."), "PATH through ..: used");
	free(tmp);

	/* a change shows; the walk is then not used */
	after("touch 2025/03/11.txt", "a file added");
	after("rm 2025/03/*.txt", "files removed");
	after("f=$(ls business | head -1) && mv \"business/$f\" "
	    "business/renamed.txt", "a file renamed");
	after("mkdir 2025/new && touch 2025/new/1.txt", "a folder added");
	after("rm -rf 2025/10/deep", "a folder removed");
	after("mv business business3", "a folder renamed");
	after("touch 2025/.hidden", "a hidden file added");
	after("mkdir empty/.git", "a hidden folder added");
	after("f=$(ls -p 2025 | grep -v / | head -1); rm 2025/$f && "
	    "mkdir 2025/$f && touch 2025/$f/1.txt", "a file turned into a folder");
	after("mv 2025/03 2025/04 && mv 2025/10 2025/03 && mv 2025/04 2025/10",
	    "two folders swapped");

	/* a walk that met a link is not kept, nor used after */
	settle();
	ok(keep_walk(root), "link: the walk is kept");
	run("mkdir -p elsewhere && touch elsewhere/1.txt && "
	    "ln -s elsewhere lnk");
	settle();
	ok(!keep_walk(root), "a link added: the walk is not kept");
	ok(!compare(root, "a link added"), "a link added: not used");
	run("rm -f lnk && ln -s business3 lnk");
	settle();
	ok(!compare(root, "a link retargeted"), "a link retargeted: not used");
	run("rm -f lnk");

	/* a walk that said something is not kept */
	run("ln -s nowhere dangling");
	settle();
	ok(!keep_walk(root), "a dangling link: the walk is not kept");
	run("rm -f dangling");

	/* nor one of folders changed within the racy window (a minute
	 * here: on a loaded machine 20 ms may pass before the walk) */
	settle();
	setenv("DOSSIER_CACHE_SETTLE_MS", "60000", 1);
	run("touch 2025/12.txt");
	ok(!keep_walk(root), "a folder changed just now: the walk is not kept");
	ok(!compare(root, "just changed"), "... nor used");
	setenv("DOSSIER_CACHE_SETTLE_MS", "20", 1);

	/* a damaged or foreign file is a real walk */
	damaged("printf X | dd of=\"$F\" bs=1 seek=300 conv=notrunc 2>/dev/null",
	    "a byte changed");
	damaged("truncate -s -10 \"$F\"", "truncated");
	damaged("truncate -s 100 \"$F\"", "truncated to its header");
	damaged(": > \"$F\"", "empty");
	damaged("printf 'DOSSWALK\\002' | dd of=\"$F\" conv=notrunc 2>/dev/null",
	    "another version");
	damaged("head -c 4000 /dev/urandom > \"$F\"", "foreign");

	/* --no-cache */
	settle();
	ok(keep_walk(root), "--no-cache: the walk is kept");
	cache_disable();
	ok(!compare(root, "--no-cache"), "--no-cache: not used");
	ok(!keep_walk(root), "--no-cache: nor written");

	run("rm -rf ./* ./.[!.]*");
	rmdir(root);
	tmp = xasprintf("rm -rf '%s'", cache);
	if (system(tmp) != 0)
		diag("failed: %s", tmp);
	free(tmp);
	free(slash);
	free(cache);
	return tap_done();
}
