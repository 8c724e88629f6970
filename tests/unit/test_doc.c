/* test_doc.c - loading articles: headers, paragraphs, headings, titles,
 * and files that are broken on purpose. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc.h"
#include "dossier.h"
#include "tap.h"
#include "text.h"
#include "util.h"

static void
make(struct doc *d, const char *s, size_t n)
{
	unsigned char *copy = xmalloc(n + 1);

	memcpy(copy, s, n);
	doc_init(d, "dir/test.txt", copy, n);
}

static char *
para_text(const struct doc *d, size_t i)
{
	return xstrndup((const char *)d->src + d->paras[i].start,
	    d->paras[i].end - d->paras[i].start);
}

#define MAKE(d, lit) make(d, lit, sizeof lit - 1)

static void
test_header(void)
{
	struct doc d;
	char *p;

	MAKE(&d, "Title: Kyiv stemt in\nDate: 2025-03-11\nSource: NRC\n"
	    "Author: Iemand\n\nEerste alinea.\n\nTweede alinea.\n");
	is_str(d.title, "Kyiv stemt in", "header: title");
	is_str(d.date, "2025-03-11", "header: date");
	is_str(d.source, "NRC", "header: source");
	is_str(d.author, "Iemand", "header: author");
	is_int(d.npara, 3, "header: title paragraph and two paragraphs");
	ok(d.paras[0].kind == PARA_TITLE, "header: the title is paragraph 0");
	p = para_text(&d, 1);
	is_str(p, "Eerste alinea.", "header: body starts after the blank line");
	free(p);
	is_str(d.name, "test.txt", "the name is the file name");
	doc_free(&d);

	MAKE(&d, "Date: 2025-13-45\nTitle: X\n\nbody\n");
	ok(d.date == NULL, "header: an impossible date is ignored");
	doc_free(&d);

	MAKE(&d, "Update: het nieuws van vandaag.\n\nMeer tekst hier.\n");
	ok(d.npara == 2 && d.paras[0].kind == PARA_TITLE,
	    "no Title: the 'Key: value' line is text, not a header");
	doc_free(&d);

	MAKE(&d, "\xef\xbb\xbfTitle: Met BOM\n\nTekst.\n");
	is_str(d.title, "Met BOM", "a byte-order mark is dropped");
	doc_free(&d);

	MAKE(&d, "Title: a\x1b]0;evil\x07title\n\nTekst.\n");
	ok(strchr(d.title, 0x1b) == NULL && strchr(d.title, 0x07) == NULL,
	    "escapes in a title are never kept raw");
	doc_free(&d);
}

static void
test_paragraphs(void)
{
	struct doc d;
	char *p;

	MAKE(&d, "Title: T\n\nEen lange regel die als alinea geldt en lang genoeg is om niet een kop te zijn, zeker weten.\n"
	    "Tweede alinea op een eigen regel, ook lang genoeg om als alinea door te gaan, dat is zeker.\n"
	    "Misstap\n"
	    "Derde alinea met een punt aan het eind en genoeg woorden om echt een alinea te zijn.\n");
	is_int(d.npara, 5, "one paragraph per line when lines are long");
	ok(d.paras[3].kind == PARA_HEADING, "a short line without a period is a heading");
	ok(d.paras[1].kind == PARA_TEXT && d.paras[4].kind == PARA_TEXT,
	    "long lines are text");
	doc_free(&d);

	MAKE(&d, "Title: T\n\nThis paragraph is hard wrapped at about\nsixty columns, as mail often is, and\nshould be one paragraph.\n\nNext one.\n");
	is_int(d.npara, 3, "hard-wrapped lines join into one paragraph");
	p = para_text(&d, 1);
	ok(strstr(p, "about\nsixty") != NULL, "the joined paragraph keeps its source bytes");
	free(p);
	doc_free(&d);

	MAKE(&d, "Title: T\r\n\r\nEerste.\r\n\r\nTweede.\r\n");
	is_int(d.npara, 3, "CRLF: paragraphs found");
	p = para_text(&d, 2);
	is_str(p, "Tweede.", "CRLF: no CR inside a paragraph's ends");
	free(p);
	doc_free(&d);

	MAKE(&d, "Title: T\r\rEerste.\r\rTweede.\r");
	is_int(d.npara, 3, "lone CR ends lines too");
	doc_free(&d);

	MAKE(&d, "Title: T\n\nSlot\n");
	ok(d.paras[1].kind == PARA_TEXT, "the last short line is not a heading");
	doc_free(&d);

	MAKE(&d, "Title: T\n\nKop\n\nAlinea met tekst.\n\nNog een.\n");
	ok(d.paras[1].kind == PARA_HEADING, "a short block before text is a heading");
	doc_free(&d);

	MAKE(&d, "Title: T\n\n- punt een\n\nAlinea.\n");
	ok(d.paras[1].kind == PARA_ITEM, "a line starting with a dash is no heading: an item");
	doc_free(&d);
}

static void
test_titles(void)
{
	struct doc d;

	MAKE(&d, "Korte kop\n\nDe tekst van het artikel.\n");
	is_str(d.title, "Korte kop", "no header: a short first line is the title");
	ok(d.paras[0].kind == PARA_TITLE, "... and shown as the title");
	doc_free(&d);

	MAKE(&d, "De Verenigde Staten willen een akkoord. Dat zegt Zelensky, die bevestigt dat Washington daarvoor al volgende week nieuwe gesprekken heeft voorgesteld.\n");
	is_str(d.title, "De Verenigde Staten willen een akkoord",
	    "no header: the first sentence of a long first line");
	ok(d.paras[0].kind == PARA_TEXT, "... and the text is shown once, as text");
	doc_free(&d);

	MAKE(&d, "ondanks verwoede pogingen slaagt donald trump er voorlopig niet in om vladimir poetin en volodymyr zelensky aan tafel te brengen\n");
	ok(text_width((const unsigned char *)d.title, strlen(d.title)) <= DOC_TITLE_COLS &&
	    strstr(d.title, "\xe2\x80\xa6") != NULL,
	    "no sentence end: cut at a word within %d columns, with an ellipsis",
	    DOC_TITLE_COLS);
	doc_free(&d);

	MAKE(&d, "");
	ok(d.npara == 0 && strcmp(d.title, "test.txt") == 0,
	    "an empty file has no paragraphs and is named by its file name");
	doc_free(&d);

	MAKE(&d, " \n\t\r\n  \n");
	ok(d.npara == 0, "a whitespace-only file is empty");
	doc_free(&d);
}

static void
test_hostile(void)
{
	struct doc d;
	struct buf b = { 0 };
	size_t i;

	make(&d, "Tit\0le\n\nNUL\0in\0text\n", 20);
	ok(d.npara == 2 && strlen(d.title) > 3, "NUL bytes do not end the text");
	ok(strstr(d.title, "\xe2\x90\x80") != NULL, "a NUL in the title shows as \xe2\x90\x80");
	doc_free(&d);

	/* a megabyte-long line */
	for (i = 0; i < 100000; i++)
		buf_adds(&b, "woord \xc3\xab ");
	make(&d, b.data, b.len);
	ok(d.npara == 1 && d.paras[0].end - d.paras[0].start == b.len - 1,
	    "a one-megabyte line is one paragraph");
	doc_free(&d);
	buf_free(&b);

	for (i = 0; i < 4096; i++)
		buf_addc(&b, (char)(i * 7919 % 256));
	make(&d, b.data, b.len);
	ok(d.title && d.npara >= 1, "random bytes load");
	for (i = 0; i < d.npara; i++)
		if (d.paras[i].start >= d.paras[i].end || d.paras[i].end > d.len ||
		    (i && d.paras[i].start < d.paras[i - 1].end))
			break;
	ok(i == d.npara, "paragraph ranges are ordered and inside the text");
	doc_free(&d);
	buf_free(&b);
}

static void
test_line_col(void)
{
	struct doc d;
	size_t line, col;

	MAKE(&d, "Title: T\r\n\r\nab\xc3\xabx\r\nzz\rq");
	doc_line_col(&d, 16, &line, &col);  /* the 'x' after a, b, ë */
	ok(line == 3 && col == 4, "line/col: CRLF lines, column in characters (%zu:%zu)", line, col);
	doc_line_col(&d, 22, &line, &col);  /* 'q' after a lone CR */
	ok(line == 5 && col == 1, "line/col: a lone CR ends a line (%zu:%zu)", line, col);
	doc_free(&d);
}

static void
test_files(void)
{
	char dir[] = "/tmp/dossier-test-XXXXXX", path[256], err[256];
	struct dossier ds = { 0 };
	struct buf errors = { 0 };
	struct doc d;
	size_t n;
	FILE *f;

	ok(mkdtemp(dir) != NULL, "temporary directory");
	snprintf(path, sizeof path, "%s/missing.txt", dir);
	ok(doc_load(&d, path, err, sizeof err) < 0 && strstr(err, "No such file"),
	    "a missing file: %s", err);

	n = dossier_add_path(&ds, dir, &errors);
	ok(n == 0 && strstr(errors.data, "no articles") != NULL,
	    "an empty directory is reported: %s", errors.data);
	errors.len = 0;

	snprintf(path, sizeof path, "%s/b.txt", dir);
	f = fopen(path, "w");
	fputs("Title: B\n\nTekst.\n", f);
	fclose(f);
	snprintf(path, sizeof path, "%s/a.txt", dir);
	f = fopen(path, "w");
	fputs("Title: A\n\nTekst.\n", f);
	fclose(f);
	snprintf(path, sizeof path, "%s/.hidden", dir);
	fclose(fopen(path, "w"));
	snprintf(path, sizeof path, "%s/a.txt~", dir);
	fclose(fopen(path, "w"));
	snprintf(path, sizeof path, "%s/fifo", dir);
	ok(mkfifo(path, 0600) == 0, "a FIFO in the dossier");
	snprintf(path, sizeof path, "%s/loop", dir);
	symlink("loop", path);

	n = dossier_add_path(&ds, dir, &errors);
	dossier_sort(&ds);
	ok(n == 2 && ds.n == 2, "two articles: hidden, backup, FIFO skipped");
	ok(ds.n == 2 && ds.docs[0].state == DOC_UNLOADED,
	    "articles are found first and read later");
	ok(dossier_load_all(&ds, 2, 1, &errors) == 2 && ds.docs[1].istate == 2 &&
	    ds.docs[1].fold != NULL && strcmp(ds.docs[1].title, "B") == 0,
	    "dossier_load_all reads and indexes them on two threads");
	ok(ds.n == 2 && strcmp(ds.docs[0].name, "a.txt") == 0,
	    "articles in file-name order");
	ok(errors.data && strstr(errors.data, "loop"),
	    "a symlink loop is reported, not fatal");
	ok(doc_load(&d, path, err, sizeof err) < 0, "a symlink loop does not load: %s", err);
	snprintf(path, sizeof path, "%s/fifo", dir);
	ok(doc_load(&d, path, err, sizeof err) < 0 && strstr(err, "not a regular file"),
	    "a FIFO given directly is refused without blocking: %s", err);
	ok(doc_load(&d, dir, err, sizeof err) < 0, "a directory is not an article: %s", err);

	dossier_free(&ds);
	buf_free(&errors);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	ok(system(path) == 0, "clean up");
}

static void
test_bundled(void)
{
	struct dossier ds = { 0 };
	struct buf errors = { 0 };
	char path[1024];
	size_t i, headings = 0;

	snprintf(path, sizeof path, "%s/articles", getenv("top_srcdir") ?
	    getenv("top_srcdir") : DOSSIER_SRCDIR);
	dossier_add_path(&ds, path, &errors);
	dossier_sort(&ds);
	dossier_load_all(&ds, 2, 0, &errors);
	is_int(ds.n, 5, "the bundled dossier has five articles");
	for (i = 0; i < ds.n; i++) {
		size_t p;

		ok(ds.docs[i].npara > 3 && ds.docs[i].paras[0].kind == PARA_TITLE &&
		    ds.docs[i].body > 0, "bundled %zu has a header title: %s", i + 1,
		    ds.docs[i].title);
		for (p = 0; p < ds.docs[i].npara; p++)
			headings += ds.docs[i].paras[p].kind == PARA_HEADING;
	}
	ok(headings >= 5, "the bundled articles have subheadings (%zu)", headings);
	dossier_free(&ds);
	buf_free(&errors);
}

/* The background loaders: every article read and indexed; one the reader
 * asks for (dossier_want) comes before the others. */
static void
test_loaders(void)
{
	char dir[] = "/tmp/dossier-test-XXXXXX", path[256];
	struct dossier ds = { 0 };
	struct buf errors = { 0 };
	const char *const names[] = { "a.txt", "b.txt", "c.txt", "d.txt" };
	size_t i;
	int all, waited;
	FILE *f;

	ok(mkdtemp(dir) != NULL, "loaders: temporary directory");
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		f = fopen(path, "w");
		fprintf(f, "Title: %c\n\nTekst %zu.\n", 'A' + (int)i, i);
		fclose(f);
	}
	dossier_add_path(&ds, dir, &errors);
	dossier_sort(&ds);
	ok(ds.n == 4 && !dossier_settled(&ds, 0) && !dossier_settled(&ds, 3),
	    "loaders: nothing is settled before it is read");

	/* article 0 is being read by someone else (it stays so until we
	 * say): the one loader waits on it after taking it, so it can only
	 * read article 3 first when asked to */
	ds.docs[0].state = DOC_LOADING;
	dossier_want(&ds, 3);
	dossier_background(&ds, 1);
	for (waited = 0; waited < 10000 && !dossier_settled(&ds, 3); waited++)
		usleep(1000);
	ok(dossier_settled(&ds, 3) && dossier_ready(&ds, 3) &&
	    strcmp(ds.docs[3].title, "D") == 0,
	    "loaders: the article asked for is read out of turn");
	ok(!dossier_settled(&ds, 1) && !dossier_settled(&ds, 2),
	    "loaders: ... while the ones after the blocked one wait");
	/* the other reader gives up on article 0 */
	ds.docs[0].error = xstrdup("test: given up");
	__atomic_store_n(&ds.docs[0].state, DOC_FAILED, __ATOMIC_RELEASE);
	for (waited = 0; waited < 10000 &&
	    __atomic_load_n(&ds.done, __ATOMIC_ACQUIRE) < ds.n; waited++)
		usleep(1000);
	dossier_stop(&ds);
	ok(ds.done == 4, "loaders: all four done");
	ok(dossier_settled(&ds, 0) && !dossier_ready(&ds, 0),
	    "loaders: a failed article is settled, not ready");
	all = 1;
	for (i = 1; i < 4; i++)
		all &= dossier_ready(&ds, i) && ds.docs[i].istate == 2 &&
		    ds.docs[i].fold != NULL;
	ok(all, "loaders: the others are read and indexed");

	dossier_free(&ds);
	buf_free(&errors);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	ok(system(path) == 0, "loaders: clean up");
}

int
main(void)
{
	test_header();
	test_paragraphs();
	test_titles();
	test_hostile();
	test_line_col();
	test_files();
	test_loaders();
	test_bundled();
	return tap_done();
}
