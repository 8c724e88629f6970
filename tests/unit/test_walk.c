/* test_walk.c - finding the articles of a dossier: natural order, the walk
 * through folders (hidden, backups, links, loops, depth, FIFOs), doubled
 * PATHs, and the sections the folders make.  Every tree is built here,
 * under a temporary folder. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dossier.h"
#include "tap.h"
#include "util.h"

static char root[] = "/tmp/dossier-walk-XXXXXX";

/* Make root/rel (and the folders on its way) holding a small article. */
static void
mk(const char *rel)
{
	char *p = xasprintf("%s/%s", root, rel), *s;
	FILE *f;

	for (s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	f = fopen(p, "w");
	if (f) {
		fprintf(f, "Title: %s\n\nText.\n", rel);
		fclose(f);
	}
	free(p);
}

static void
mkdir_rel(const char *rel)
{
	char *p = xasprintf("%s/%s", root, rel);

	mkdir(p, 0755);
	free(p);
}

static void
link_rel(const char *target, const char *rel)
{
	char *p = xasprintf("%s/%s", root, rel);

	if (symlink(target, p) < 0)
		diag("symlink %s: %s", p, strerror(errno));
	free(p);
}

/* The dossier of the PATHs (relative to root, NULL-terminated). */
static void
load(struct dossier *ds, struct buf *errors, const char *const *rel)
{
	memset(ds, 0, sizeof *ds);
	for (; *rel; rel++) {
		char *p = **rel ? xasprintf("%s/%s", root, *rel) :
		    xstrdup(root);

		dossier_add_path(ds, p, errors);
		free(p);
	}
	dossier_finish(ds);
}

/* Its articles' paths relative to root, one a line. */
static char *
paths(const struct dossier *ds)
{
	struct buf b = { 0 };
	size_t i, rl = strlen(root);

	buf_add(&b, "", 0);
	for (i = 0; i < ds->n; i++) {
		const char *p = ds->docs[i].path;

		buf_printf(&b, "%s\n", strncmp(p, root, rl) == 0 ?
		    p + rl + (p[rl] == '/') : p);
	}
	return b.data;
}

/* Its sections, "NAME:FIRST+N" joined by spaces (NAME "" shown as -,
 * and relative to root when it is under root). */
static char *
sections(const struct dossier *ds)
{
	struct buf b = { 0 };
	size_t s, rl = strlen(root);

	buf_add(&b, "", 0);
	for (s = 0; s < dossier_section_count(ds); s++) {
		const char *name = ds->secs[s].name;

		if (strncmp(name, root, rl) == 0 && name[rl] == '/')
			name += rl + 1;
		buf_printf(&b, "%s%s:%zu+%zu", s ? " " : "",
		    *name ? name : "-", ds->secs[s].first, ds->secs[s].n);
	}
	return b.data;
}

static size_t
count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	while (hay && (hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
check(const char *const *rel, const char *want_paths,
    const char *want_sections, const char *what)
{
	struct dossier ds;
	struct buf errors = { 0 };
	char *p, *s;

	load(&ds, &errors, rel);
	p = paths(&ds);
	s = sections(&ds);
	is_str(p, want_paths, "%s: the articles, in order", what);
	if (want_sections)
		is_str(s, want_sections, "%s: the sections", what);
	if (errors.len)
		diag("%s", errors.data);
	free(p);
	free(s);
	dossier_free(&ds);
	buf_free(&errors);
}

/* ---- natural order --------------------------------------------------------- */

static int
sign(int c)
{
	return (c > 0) - (c < 0);
}

static void
test_natcmp(void)
{
	static const struct {
		const char *a, *b;
		int want;
	} pairs[] = {
		{ "2.txt", "10.txt", -1 },
		{ "10.txt", "2.txt", 1 },
		{ "a.txt", "a.txt", 0 },
		{ "x9", "x10", -1 },
		{ "x10", "x10a", -1 },
		{ "x2y10", "x2y9", 1 },
		{ "007.txt", "7.txt", -1 },      /* equal value: strcmp */
		{ "7.txt", "007.txt", 1 },
		{ "007.txt", "8.txt", -1 },      /* leading zeros do not count */
		{ "010", "9", 1 },
		{ "apple", "Banana", -1 },       /* case does not count... */
		{ "Banana", "cherry", -1 },
		{ "A.txt", "a.txt", -1 },        /* ...but orders equals */
		{ "file.txt", "file1.txt", -1 },
		{ "z.txt", "\xC3\xA9.txt", -1 }, /* é after ASCII */
		{ "\xC3\xA9", "\xC3\xA8", 1 },   /* é after è, by value */
		{ "\xFF", "\xFE", 1 },           /* any byte */
		{ "", "a", -1 },
		{ "1", "", 1 },
		/* runs longer than any integer */
		{ "123456789012345678901234567890",
		  "123456789012345678901234567891", -1 },
		{ "99999999999999999999", "100000000000000000000", -1 },
		{ "00000000000000000000000000001", "2", -1 },
	};
	static const char *const sorted[] = {
		"", "0", "00", "1", "01.txt", "1.txt", "2.txt", "10.txt",
		"A", "a", "a1", "a01b", "a1b", "a2", "a10", "B", "b",
		"chapter 9", "chapter 10", "z", "\xC3\xA8", "\xC3\xA9",
	};
	size_t i, j, k, n = sizeof sorted / sizeof *sorted;
	int good = 1;

	for (i = 0; i < sizeof pairs / sizeof *pairs; i++)
		ok(sign(dossier_natcmp(pairs[i].a, pairs[i].b)) ==
		    pairs[i].want, "natcmp(\"%s\", \"%s\") is %d", pairs[i].a,
		    pairs[i].b, pairs[i].want);
	/* the list is in order, and the order is total: antisymmetric,
	 * transitive, equal only for equal names */
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			int c = sign(dossier_natcmp(sorted[i], sorted[j]));

			if (c != (i < j ? -1 : i > j)) {
				diag("natcmp(\"%s\", \"%s\") = %d", sorted[i],
				    sorted[j], c);
				good = 0;
			}
			for (k = 0; k < n; k++)
				if (dossier_natcmp(sorted[i], sorted[j]) < 0 &&
				    dossier_natcmp(sorted[j], sorted[k]) < 0 &&
				    dossier_natcmp(sorted[i], sorted[k]) >= 0)
					good = 0;
		}
	ok(good, "natcmp: %zu names in order, a total order", n);
}

/* ---- the walk ------------------------------------------------------------- */

/* A folder's files in the order dossier_natcmp() says, whatever the
 * walk does to sort them faster: numbers of every size, leading zeros,
 * letters, bytes above ASCII. */
static void
test_order_names(void)
{
	static const char *const names[] = {
		"0", "00", "1", "01.txt", "1.txt", "2.txt", "10.txt", "007.txt",
		"7.txt", "8.txt", "A", "a", "a1", "a01b", "a1b", "a2", "a10",
		"B", "b", "chapter 9", "chapter 10", "z", "\xC3\xA8",
		"\xC3\xA9", "99999999999999999999", "100000000000000000000",
		"18446744073709551615", "18446744073709551616",
		"0000000000000000000000000000001", "2", "1a", "1.5",
	};
	struct dossier ds = { 0 };
	struct buf errors = { 0 };
	size_t i, n = sizeof names / sizeof *names;
	char *dir = xasprintf("%s/nat", root);
	int good = 1;

	for (i = 0; i < n; i++) {
		char *rel = xasprintf("nat/%s", names[i]);

		mk(rel);
		free(rel);
	}
	dossier_add_path(&ds, dir, &errors);
	dossier_finish(&ds);
	is_int(ds.n, n, "names: every file found");
	for (i = 1; i < ds.n; i++)
		if (dossier_natcmp(ds.docs[i - 1].name, ds.docs[i].name) >= 0) {
			diag("%s before %s", ds.docs[i - 1].name,
			    ds.docs[i].name);
			good = 0;
		}
	ok(good, "names: in natural order");
	dossier_free(&ds);
	buf_free(&errors);
	free(dir);
}

static void
test_order(void)
{
	static const char *const one[] = { "d", NULL };

	mk("d/README");
	mk("d/business/10.txt");
	mk("d/business/2.txt");
	mk("d/business/001.txt");
	mk("d/Politics/1.txt");
	mk("d/tech/001.txt");
	mk("d/tech/2025/03/b.txt");
	mk("d/tech/2025/03/a.txt");
	mk("d/tech/2025/10/a.txt");
	mk("d/tech/2025/9/a.txt");
	mk("d/tech/zz.txt");
	mkdir_rel("d/empty");
	mk("d/only-folders/sub/x.txt");
	check(one,
	    "d/README\n"
	    "d/business/001.txt\nd/business/2.txt\nd/business/10.txt\n"
	    "d/only-folders/sub/x.txt\n"
	    "d/Politics/1.txt\n"
	    "d/tech/001.txt\nd/tech/zz.txt\n"
	    "d/tech/2025/03/a.txt\nd/tech/2025/03/b.txt\n"
	    "d/tech/2025/9/a.txt\nd/tech/2025/10/a.txt\n",
	    "-:0+1 business:1+3 only-folders/sub:4+1 Politics:5+1 "
	    "tech:6+2 tech/2025/03:8+2 tech/2025/9:10+1 tech/2025/10:11+1",
	    "natural order, a folder's files before its subfolders");
}

static void
test_skipped(void)
{
	static const char *const one[] = { "h", NULL };

	mk("h/a.txt");
	mk("h/.hidden.txt");
	mk("h/a.txt~");
	mk("h/.git/HEAD");
	mk("h/.cache/x/y.txt");
	mk("h/sub/b.txt");
	mk("h/sub/.b.txt.swp");
	mk("h/sub~/c.txt");
	link_rel(".git", "h/git-link");
	check(one, "h/a.txt\nh/git-link/HEAD\nh/sub/b.txt\n",
	    "-:0+1 git-link:1+1 sub:2+1",
	    "hidden files and folders and backups skipped; a link to a "
	    "hidden folder followed");
}

static void
test_links(void)
{
	static const char *const loops[] = { "l", NULL };
	static const char *const twice[] = { "t", NULL };
	struct dossier ds;
	struct buf errors = { 0 };

	/* a loop to the top, a loop to itself, a link up two levels */
	mk("l/a.txt");
	mk("l/sub/b.txt");
	mk("l/sub/deeper/c.txt");
	link_rel("..", "l/sub/up");
	link_rel(".", "l/sub/here");
	link_rel("../..", "l/sub/deeper/top");
	link_rel("self", "l/self");           /* a link to itself */
	link_rel("missing.txt", "l/dangling.txt");
	alarm(20);   /* a loop followed for ever fails here, not in CI */
	check(loops, "l/a.txt\nl/sub/b.txt\nl/sub/deeper/c.txt\n",
	    "-:0+1 sub:1+1 sub/deeper:2+1",
	    "loops of links are read once");
	load(&ds, &errors, loops);
	ok(count_of(errors.data, "dangling.txt: No such file") == 1 &&
	    count_of(errors.data, "self: Too many levels") == 1 &&
	    count_of(errors.data, "\n") == 2,
	    "a dangling link and a link to itself are said, once each");
	if (errors.len)
		diag("%s", errors.data);
	dossier_free(&ds);
	buf_free(&errors);
	alarm(0);

	/* two links to one folder outside, and a link to a folder inside
	 * that comes after it in order */
	mk("elsewhere/x.txt");
	mk("t/b/inner.txt");
	link_rel("../elsewhere", "t/a1");
	link_rel("../elsewhere", "t/a2");
	link_rel("b", "t/c");
	link_rel("b/inner.txt", "t/0-link.txt");
	check(twice, "t/0-link.txt\nt/a1/x.txt\n",
	    "-:0+1 a1:1+1",
	    "two links to one folder: read once, where first met; a file "
	    "linked to is listed once, where first met");
}

static void
test_depth(void)
{
	static const char *const one[] = { "deep", NULL };
	struct dossier ds;
	struct buf errors = { 0 };
	char rel[512] = "deep";
	size_t len = 4, i, n33 = 0, n32 = 0;
	int level;

	/* deep/f0.txt, deep/l/f1.txt, ... 40 levels down */
	for (level = 0; level <= 40; level++) {
		char *f = xasprintf("%s/f%d.txt", rel, level);

		mk(f);
		free(f);
		len += (size_t)snprintf(rel + len, sizeof rel - len, "/l");
	}
	load(&ds, &errors, one);
	is_int(ds.n, DOSSIER_MAX_DEPTH + 1,
	    "depth: the folders down to level 32 are read");
	for (i = 0; i < ds.n; i++) {
		n32 += strstr(ds.docs[i].path, "/f32.txt") != NULL;
		n33 += strstr(ds.docs[i].path, "/f33.txt") != NULL;
	}
	ok(n32 == 1 && n33 == 0, "depth: level 32 in, level 33 out");
	is_int(dossier_section_count(&ds), DOSSIER_MAX_DEPTH + 1,
	    "depth: a section per folder");
	ok(count_of(errors.data, "more than 32 levels deep") == 1 &&
	    count_of(errors.data, "\n") == 1,
	    "depth: said once, for the first folder not read: %s",
	    errors.data ? errors.data : "(nothing)");
	ok(errors.data && strncmp(errors.data, "dossier: ", 9) == 0,
	    "depth: as the loader's other messages");
	dossier_free(&ds);
	buf_free(&errors);
}

static void
test_fifo(void)
{
	static const char *const one[] = { "f", NULL };
	static const char *const direct[] = { "f/pipe", "f/a.txt", NULL };
	struct dossier ds;
	struct buf errors = { 0 };
	char *p;

	mk("f/a.txt");
	p = xasprintf("%s/f/pipe", root);
	ok(mkfifo(p, 0600) == 0, "fifo: made");
	free(p);
	link_rel("pipe", "f/pipe-link");
	alarm(20);   /* opening the FIFO would wait for ever */
	check(one, "f/a.txt\n", "-:0+1", "fifo: skipped, never blocked on");
	load(&ds, &errors, direct);
	ok(ds.n == 1 && count_of(errors.data, "pipe: not a regular file") == 1,
	    "fifo: given as a PATH, said and skipped");
	alarm(0);
	dossier_free(&ds);
	buf_free(&errors);
}

static void
test_doubles(void)
{
	static const char *const twice[] = { "dd", "dd", NULL };
	static const char *const file_first[] = { "dd/b.txt", "dd", NULL };
	static const char *const dir_first[] = { "dd", "dd/b.txt", "dd/sub",
	    NULL };
	static const char *const sub_first[] = { "dd/sub", "dd", NULL };
	static const char *const via_link[] = { "dd", "dd-link/a.txt",
	    "./dd/../dd/sub/c.txt", NULL };
	static const char *const loose[] = { "dd/a.txt", "dd/b.txt",
	    "dd/sub/c.txt", "dd/10.txt", NULL };

	mk("dd/a.txt");
	mk("dd/b.txt");
	mk("dd/10.txt");
	mk("dd/sub/c.txt");
	link_rel("dd", "dd-link");
	check(twice, "dd/10.txt\ndd/a.txt\ndd/b.txt\ndd/sub/c.txt\n",
	    "-:0+3 sub:3+1", "the same folder twice: once");
	check(file_first, "dd/b.txt\ndd/10.txt\ndd/a.txt\ndd/sub/c.txt\n",
	    "dd:0+1 -:1+2 sub:3+1",
	    "a file, then its folder: the file where first named");
	check(dir_first, "dd/10.txt\ndd/a.txt\ndd/b.txt\ndd/sub/c.txt\n",
	    "-:0+3 sub:3+1",
	    "a folder, then a file and a folder in it: nothing twice");
	check(sub_first, "dd/sub/c.txt\ndd/10.txt\ndd/a.txt\ndd/b.txt\n",
	    "-:0+1 -:1+3", "a subfolder, then its parent: the subfolder first");
	check(via_link, "dd/10.txt\ndd/a.txt\ndd/b.txt\ndd/sub/c.txt\n",
	    NULL, "the same files by other paths: once");
	check(loose, "dd/a.txt\ndd/b.txt\ndd/sub/c.txt\ndd/10.txt\n",
	    "dd:0+2 dd/sub:2+1 dd:3+1",
	    "files as PATHs: in the order given, a section per run of "
	    "files from one folder");
}

static void
test_messages(void)
{
	static const char *const empty[] = { "nothing", NULL };
	static const char *const folders[] = { "only", NULL };
	static const char *const missing[] = { "no-such", "dd", NULL };
	struct dossier ds;
	struct buf errors = { 0 };

	mkdir_rel("nothing");
	mkdir_rel("nothing/sub");
	mk("nothing/.hidden");
	load(&ds, &errors, empty);
	ok(ds.n == 0 && count_of(errors.data, "nothing: no articles in this "
	    "directory") == 1, "a folder without articles is said");
	is_int(dossier_section_count(&ds), 0, "... and has no section");
	dossier_free(&ds);
	buf_free(&errors);

	mk("only/sub/x.txt");
	load(&ds, &errors, folders);
	ok(ds.n == 1 && errors.len == 0,
	    "articles only in a subfolder: found, nothing said");
	dossier_free(&ds);
	buf_free(&errors);

	load(&ds, &errors, missing);
	ok(ds.n == 4 && count_of(errors.data, "no-such: No such file") == 1,
	    "a missing PATH is said, the next one read");
	dossier_free(&ds);
	buf_free(&errors);
}

/* ---- the sections' look-ups ------------------------------------------------ */

static void
test_sections(void)
{
	static const char *const one[] = { "s", NULL };
	static const char *const flat[] = { "s/a", NULL };
	struct dossier ds;
	struct buf errors = { 0 };
	size_t i, s;
	int good = 1;
	char *p;

	mk("s/a/1.txt");
	mk("s/a/2.txt");
	mk("s/a/3.txt");
	mk("s/b/1.txt");
	mk("s/c/1.txt");
	mk("s/c/2.txt");
	load(&ds, &errors, one);
	is_int(dossier_section_count(&ds), 3, "sections: one per folder");
	is_str(ds.secs[1].name, "b", "sections: named within the PATH");
	p = xasprintf("%s/s/b", root);
	is_str(ds.secs[1].dir, p, "sections: with the folder's path");
	free(p);
	for (s = 0; s < dossier_section_count(&ds); s++)
		for (i = dossier_section_first(&ds, s);
		    i <= dossier_section_last(&ds, s); i++)
			good &= dossier_section_of(&ds, i) == s &&
			    dossier_section_pos(&ds, i) ==
			    i - dossier_section_first(&ds, s);
	ok(good, "sections: every article in its section, at its place");
	ok(dossier_section_first(&ds, 2) == 4 &&
	    dossier_section_last(&ds, 2) == 5 &&
	    dossier_section_pos(&ds, 5) == 1 && ds.secs[2].n == 2,
	    "sections: the last one: articles 5 and 6, the 6th its 2nd");
	is_int(dossier_find_name(&ds, "1.txt"), -2,
	    "find_name: three 1.txt, none is the one");
	is_int(dossier_find_name(&ds, "2.txt"), -2, "find_name: two 2.txt");
	is_int(dossier_find_name(&ds, "3.txt"), 2, "find_name: the one 3.txt");
	is_int(dossier_find_name(&ds, "4.txt"), -1, "find_name: absent");

	/* articles that cannot be read are dropped: sections follow */
	p = xasprintf("%s/s/b/1.txt", root);
	unlink(p);
	free(p);
	p = xasprintf("%s/s/a/2.txt", root);
	unlink(p);
	free(p);
	dossier_load_all(&ds, 2, 0, &errors);
	p = sections(&ds);
	is_str(p, "a:0+2 c:2+2",
	    "dropped articles: a section shrinks, an emptied one goes");
	free(p);
	ok(count_of(errors.data, "No such file") == 2,
	    "dropped articles: each said");
	is_int(dossier_find_name(&ds, "2.txt"), 3,
	    "dropped articles: the name index follows (one 2.txt left)");
	dossier_free(&ds);
	buf_free(&errors);

	load(&ds, &errors, flat);
	is_int(dossier_section_count(&ds), 1,
	    "one folder: one section (nothing new on screen)");
	is_str(ds.secs[0].name, "", "one folder: named \"\" (the PATH)");
	dossier_free(&ds);
	buf_free(&errors);

	/* a file given by its bare name: its folder is "." */
	p = xasprintf("%s/s/c", root);
	memset(&ds, 0, sizeof ds);
	if (chdir(p) == 0) {
		dossier_add_path(&ds, "2.txt", &errors);
		dossier_add_path(&ds, "1.txt", &errors);
		dossier_add_path(&ds, "../a/1.txt", &errors);
		dossier_finish(&ds);
	}
	free(p);
	p = sections(&ds);
	is_str(p, ".:0+2 ../a:2+1", "files by bare names: in the folder \".\"");
	free(p);
	dossier_free(&ds);
	ok(chdir("/") == 0, "back to /");

	/* an empty dossier: no section */
	memset(&ds, 0, sizeof ds);
	dossier_finish(&ds);
	is_int(dossier_section_count(&ds), 0, "an empty dossier: no section");
	dossier_free(&ds);
}

int
main(void)
{
	char *cmd;

	if (!mkdtemp(root)) {
		ok(0, "temporary folder: %s", strerror(errno));
		return tap_done();
	}
	test_natcmp();
	test_order();
	test_order_names();
	test_skipped();
	test_links();
	test_depth();
	test_fifo();
	test_doubles();
	test_messages();
	test_sections();
	cmd = xasprintf("rm -rf '%s'", root);
	ok(system(cmd) == 0, "clean up");
	free(cmd);
	return tap_done();
}
