/* test_doc.c - loading articles: headers, paragraphs, headings, titles,
 * and files that are broken on purpose. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "debris.h"
#include "doc.h"
#include "dossier.h"
#include "marker.h"
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
	/* a dossier reads a folder once: a new one for the folder filled */
	dossier_free(&ds);

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
	dossier_finish(&ds);
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
	dossier_finish(&ds);
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
	dossier_finish(&ds);
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

/* The kinds of d's paragraphs, one letter each: Title, text (p),
 * Heading, Item, Quote, Rule; a '+' before a tight one. */
static const char *
kinds(const struct doc *d)
{
	static char k[64];
	size_t i, n = 0;

	for (i = 0; i < d->npara && n + 2 < sizeof k; i++) {
		if (d->paras[i].tight)
			k[n++] = '+';
		k[n++] = "TpHIQR"[d->paras[i].kind];
	}
	k[n] = '\0';
	return k;
}

static void
test_markers(void)
{
	static const struct {
		const char *line;
		enum marker_kind kind;
		int hang, depth, number;
	} cases[] = {
		{ "- punt", MARK_ITEM, 2, 0, 0 },
		{ "* punt", MARK_ITEM, 2, 0, 0 },
		{ "\xe2\x80\xa2 punt", MARK_ITEM, 2, 0, 0 },
		{ "\xe2\x80\x93 punt", MARK_ITEM, 2, 0, 0 },
		{ "\xc2\xb7 punt", MARK_ITEM, 2, 0, 0 },
		{ "\xe2\x96\xaa punt", MARK_ITEM, 2, 0, 0 },
		{ "  -   punt", MARK_ITEM, 4, 0, 0 },
		{ "1. punt", MARK_ITEM, 3, 0, 1 },
		{ "12) punt", MARK_ITEM, 4, 0, 12 },
		{ "b) punt", MARK_ITEM, 3, 0, 2 },
		{ "2025. Het jaar", MARK_NONE, 0, 0, 0 },
		{ "A. Smith zei", MARK_NONE, 0, 0, 0 },
		{ "-war years", MARK_NONE, 0, 0, 0 },
		{ "-", MARK_NONE, 0, 0, 0 },
		{ "- ", MARK_NONE, 0, 0, 0 },
		{ "--", MARK_NONE, 0, 0, 0 },
		{ "---", MARK_RULE, 0, 0, 0 },
		{ "* * *", MARK_RULE, 0, 0, 0 },
		{ " _ _ _ _ ", MARK_RULE, 0, 0, 0 },
		{ "=====", MARK_RULE, 0, 0, 0 },
		{ "*-*", MARK_NONE, 0, 0, 0 },
		{ "* item", MARK_ITEM, 2, 0, 0 },
		{ "> citaat", MARK_QUOTE, 0, 1, 0 },
		{ ">> citaat", MARK_QUOTE, 0, 2, 0 },
		{ "> > citaat", MARK_QUOTE, 0, 2, 0 },
		{ ">", MARK_QUOTE, 0, 1, 0 },
		{ "1 > 0 is waar", MARK_NONE, 0, 0, 0 },
	};
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		const unsigned char *l = (const unsigned char *)cases[i].line;
		struct marker m;

		marker_read(l, 0, strlen(cases[i].line), &m);
		if (m.kind != cases[i].kind || m.hang != cases[i].hang ||
		    m.depth != cases[i].depth || m.number != cases[i].number) {
			diag("  \"%s\": kind %d hang %d depth %d number %d",
			    cases[i].line, m.kind, m.hang, m.depth, m.number);
			bad = 1;
		}
	}
	ok(!bad, "marker_read: bullets, numbers, quotes, rules and look-alikes");
	ok(marker_ends_clause((const unsigned char *)"zo:", 0, 3) &&
	    marker_ends_clause((const unsigned char *)"zei hij.\xe2\x80\x9d", 0, 11) &&
	    !marker_ends_clause((const unsigned char *)"de pre-", 0, 7) &&
	    !marker_ends_clause((const unsigned char *)"en,", 0, 3),
	    "marker_ends_clause: . : and a closing quote; not - or ,");
}

static void
test_lists(void)
{
	struct doc d;
	char *p;

	MAKE(&d, "Title: T\n\nDe regering wil:\n- meer zorg\n- minder belasting\n"
	    "  voor gezinnen\n- niets anders\n");
	is_str(kinds(&d), "TpI+I+I", "items without blank lines: one each");
	p = para_text(&d, 3);
	is_str(p, "- minder belasting\n  voor gezinnen", "an indented line goes on the item");
	free(p);
	ok(d.paras[3].hang == 2 && d.paras[3].indent == 0, "an item's hang");
	doc_free(&d);

	MAKE(&d, "Title: T\n\n- een\n\n- twee\n\n- drie\n");
	is_str(kinds(&d), "TIII", "items with blank lines between: not tight");
	doc_free(&d);

	MAKE(&d, "Title: T\n\nLijst.\n- een\n  - genest\n    - dieper\n- terug\n");
	ok(d.npara == 6 && d.paras[3].indent == 2 && d.paras[4].indent == 4 &&
	    d.paras[5].indent == 0, "nested items keep their relative indent");
	doc_free(&d);

	MAKE(&d, "Title: T\n\nHet gebeurde in de jaren van de oorlog en de pre-\n"
	    "- war years, zoals het heet, waren zwaar voor iedereen hier.\n");
	is_str(kinds(&d), "Tp", "a line-initial hyphen inside a sentence stays text");
	doc_free(&d);

	MAKE(&d, "Title: T\n\nHet gebeurde in de jaren van de oorlog en\n"
	    "- ondanks alles - bleef men hopen op een goede afloop.\n");
	is_str(kinds(&d), "Tp", "a dash after a line that runs on is text");
	doc_free(&d);

	MAKE(&d, "Title: T\n\nHet jaar was zwaar.\n- een\n");
	is_str(kinds(&d), "TpI", "an item after a sentence's end");
	doc_free(&d);

	MAKE(&d, "Title: T\n\nHet jaar was zwaar voor de\n- een\n- twee\n");
	is_str(kinds(&d), "TpI+I", "two item lines are a list even mid-sentence");
	doc_free(&d);

	MAKE(&d, "Title: T\n\n2025. Het jaar van de waarheid.\n");
	is_str(kinds(&d), "Tp", "a year that starts a sentence is text");
	doc_free(&d);

	MAKE(&d, "Title: T\n\n12. Het jaar van de waarheid.\n");
	is_str(kinds(&d), "Tp", "a lone number other than 1 is text");
	doc_free(&d);

	MAKE(&d, "Title: T\n\nDer Vertrag tritt am\n1. Januar in Kraft, "
	    "sagte sie. Bis zum\n15. M\303\244rz soll alles umgesetzt sein.\n");
	is_str(kinds(&d), "Tp", "dates wrapped to a line's start are text, "
	    "not numbers of a list");
	doc_free(&d);

	MAKE(&d, "Title: T\n\nHet jaar was zwaar voor de\n3. een\n4. twee\n");
	is_str(kinds(&d), "TpI+I", "numbers one after the other are a list "
	    "even mid-sentence");
	doc_free(&d);

	MAKE(&d, "Title: T\n\n1. een\n2. twee\n\n3. drie\n");
	is_str(kinds(&d), "TI+II", "a numbered list, also across a blank line");
	doc_free(&d);

	MAKE(&d, "Title: T\n\nVoor:\na) een\nb) twee\n");
	is_str(kinds(&d), "TpI+I", "lettered items");
	doc_free(&d);

	MAKE(&d, "Title: T\n\nEen.\n-\nTwee.\n");
	p = para_text(&d, 1);
	is_str(p, "Een.\n-\nTwee.", "a lone '-' is text");
	free(p);
	doc_free(&d);

	MAKE(&d, "Title: T\n\n- een\nDaarna gewone tekst.\n");
	ok(d.npara == 2, "a line after an unfinished item goes on it");
	doc_free(&d);
	MAKE(&d, "Title: T\n\n- een.\nDaarna gewone tekst.\n");
	is_str(kinds(&d), "TIp", "a line after a finished item is text");
	doc_free(&d);

	MAKE(&d, "Kop\n\n- een\n- twee\n");
	is_str(kinds(&d), "TI+I", "a heading over a list is the title");
	doc_free(&d);
	MAKE(&d, "Title: T\n\nKop\n\n- een\n");
	is_str(kinds(&d), "THI", "a short line over a list is a heading");
	doc_free(&d);
}

static void
test_quotes_rules(void)
{
	struct doc d;
	char *p;

	MAKE(&d, "Title: T\n\nZij zei:\n> een\n> twee\n");
	is_str(kinds(&d), "TpQ", "quote lines that run on: one quote");
	p = para_text(&d, 2);
	is_str(p, "een\n> twee", "a quote starts after its mark");
	free(p);
	ok(d.paras[2].indent == 2, "a quote is indented");
	doc_free(&d);

	MAKE(&d, "Title: T\n\n> Een zin.\n> Nog een zin.\n>\n> Na een gat.\n>> Dieper.\n");
	is_str(kinds(&d), "TQ+QQ+Q", "sentences, a bare '>' and nesting");
	ok(d.paras[4].indent == 4, "a nested quote is indented further");
	doc_free(&d);

	MAKE(&d, "Title: T\n\nHet verschil tussen de steden was deze zomer groot, want\n"
	    "> 40 graden is heet.\n");
	is_str(kinds(&d), "Tp", "'>' starting a line mid-sentence is text");
	doc_free(&d);

	MAKE(&d, "Title: T\n\nWe weten dat 1 > 0 en a > b.\n");
	is_str(kinds(&d), "Tp", "'>' inside a line is text");
	doc_free(&d);

	MAKE(&d, "Title: T\n\nEen.\n\n* * *\n\nTwee.\n---\nDrie.\n");
	is_str(kinds(&d), "TpRpRp", "separators, with or without blank lines");
	doc_free(&d);

	MAKE(&d, "Title: T\n\n* een\n* * *\n");
	is_str(kinds(&d), "TIR", "'* * *' is a separator, '* een' an item");
	doc_free(&d);

	MAKE(&d, "Kop\n===\n\nTekst.\n");
	is_str(kinds(&d), "TRp", "an underlined title: the title, then a rule");
	is_str(d.title, "Kop", "... titled by its text");
	doc_free(&d);
}

static void
test_debris(void)
{
	struct doc d;
	static const char seed[] = " date 2025-11-22 Amerikaans-Russisch "
	    "'vredesplan' betekent volledige overgave Oekra\xc3\xafne Opinie "
	    "\xe2\x80\xa2 Vandaag \xe2\x80\xa2 leestijd 3 minuten \xe2\x80\xa2 "
	    "62 keer bekeken \xe2\x80\xa2 bewaren\n\nWillem-Gert Aldershoff "
	    "Analist internationale politiek, Brussel Persoon volgen\n\n"
	    "Daarmee worden niet alleen Oekra\xc3\xafne\xe2\x80\x99s soevereiniteit"
	    ", maar ook de veiligheid van Europa ondermijnd.\n";

	MAKE(&d, seed);
	is_str(d.title, "Amerikaans-Russisch 'vredesplan' betekent volledige "
	    "overgave Oekra\xc3\xafne Opinie", "a title between page debris");
	is_str(d.date, "2025-11-22", "... and the date before it");
	doc_free(&d);

	MAKE(&d, "22 november 2025\nShare\nAdvertisement\n\nDe echte kop\n\nTekst.\n");
	is_str(d.title, "De echte kop", "debris lines before the title are skipped");
	ok(d.npara == 5 && d.paras[3].kind == PARA_TITLE,
	    "... shown as they are, the title after them");
	doc_free(&d);

	MAKE(&d, "Lees verder\n\nDe kop\n\nTekst.\n");
	is_str(d.title, "De kop", "'Lees verder' is not the title");
	doc_free(&d);

	MAKE(&d, "Share prices fell sharply\n\nTekst.\n");
	is_str(d.title, "Share prices fell sharply", "a title that starts with a debris word");
	doc_free(&d);

	MAKE(&d, "Vandaag in de politiek\n\nTekst.\n");
	is_str(d.title, "Vandaag in de politiek", "a date word that starts a title stays");
	doc_free(&d);

	MAKE(&d, "28 punten in het vredesplan\n\nTekst.\n");
	is_str(d.title, "28 punten in het vredesplan", "a number that starts a title stays");
	doc_free(&d);

	MAKE(&d, "Trump - Poetin\n\nTekst.\n");
	is_str(d.title, "Trump - Poetin", "a separator between words of text stays");
	doc_free(&d);

	MAKE(&d, "Share\n");
	is_str(d.title, "Share", "a file of nothing but debris is titled by it");
	doc_free(&d);

	ok(debris_line((const unsigned char *)"Deel dit artikel", 0, 16) &&
	    !debris_line((const unsigned char *)"Deel dit geheim", 0, 15) &&
	    !debris_line((const unsigned char *)"", 0, 0),
	    "debris_line: all words, or nothing");
}

/* Load bytes as a file would be: through doc_init. */
static void
make_bytes(struct doc *d, const char *s, size_t n)
{
	make(d, s, n);
}

static void
test_encodings(void)
{
	struct doc d;
	char *p;
	size_t line, col;
	static const char latin1[] = "Budget\n\nThe deficit: \xa3" "15.8m, caf\xe9.\n";
	static const char cp1252[] = "Q\n\n\x93" "Hi\x94 \x80" "5 \x96 ok\n";
	static const char undefined[] = "Q\n\nA \x81 b \xe9.\n";
	static const char stray[] = "Q\n\ncaf\xc3\xa9 caf\xc3\xa9 \xe9.\n";
	static const char le[] = "\xff\xfeT\0i\0\n\0\n\0\xa3\0" "1\0\x3d\xd8\x00\xde\n\0";
	static const char be[] = "\xfe\xff\0T\0\n\0\n\xd8\x3d\0x";

	make_bytes(&d, latin1, sizeof latin1 - 1);
	is_str(d.encoding, "Windows-1252", "Latin-1 is read as Windows-1252");
	p = para_text(&d, 1);
	is_str(p, "The deficit: \xc2\xa3" "15.8m, caf\xc3\xa9.", "... its \xc2\xa3 and \xc3\xa9 right");
	doc_line_col(&d, (size_t)(strstr((char *)d.src, "\xc2\xa3") - (char *)d.src),
	    &line, &col);
	ok(line == 3 && col == 14, "... line and column count characters (%zu:%zu)",
	    line, col);
	free(p);
	ok(d.fp == util_hash64(d.src, d.len), "... the fingerprint is of the decoded text");
	doc_free(&d);

	make_bytes(&d, cp1252, sizeof cp1252 - 1);
	p = para_text(&d, 1);
	is_str(p, "\xe2\x80\x9cHi\xe2\x80\x9d \xe2\x82\xac" "5 \xe2\x80\x93 ok",
	    "Windows-1252 quotes, euro and dash");
	free(p);
	doc_free(&d);

	make_bytes(&d, undefined, sizeof undefined - 1);
	ok(d.encoding == NULL && strchr((char *)d.src, 0x81),
	    "a byte Windows-1252 leaves undefined: read as it is (U+FFFD)");
	doc_free(&d);

	make_bytes(&d, stray, sizeof stray - 1);
	ok(d.encoding == NULL, "UTF-8 with a stray byte stays UTF-8");
	doc_free(&d);

	{
		/* cut off inside its last character, and a bad sequence of
		 * two bytes and a stray byte beside one good accent */
		static const char cut[] = "Title: T\n\nOekra\xc3\xafne \xe2\x80";
		static const char two[] = "Title: T\n\nOekra\xc3\xafne "
		    "\xe2\x80 en \xff.\n";

		make_bytes(&d, cut, sizeof cut - 1);
		ok(d.encoding == NULL, "UTF-8 cut off mid-character stays UTF-8");
		doc_free(&d);
		make_bytes(&d, two, sizeof two - 1);
		ok(d.encoding == NULL, "a bad sequence counts once, not per byte");
		doc_free(&d);
	}

	make_bytes(&d, le, sizeof le - 1);
	is_str(d.encoding, "UTF-16LE", "UTF-16LE after its byte-order mark");
	is_str((char *)d.src, "Ti\n\n\xc2\xa3" "1\xf0\x9f\x98\x80\n",
	    "... decoded, a surrogate pair too, the mark dropped");
	doc_free(&d);

	make_bytes(&d, be, sizeof be - 1);
	is_str(d.encoding, "UTF-16BE", "UTF-16BE after its byte-order mark");
	is_str((char *)d.src, "T\n\n\xef\xbf\xbd" "x",
	    "... an unpaired surrogate is U+FFFD");
	doc_free(&d);

	make_bytes(&d, "\xff\xfe" "A", 3);
	is_str((char *)d.src, "\xef\xbf\xbd", "an odd last byte is U+FFFD");
	doc_free(&d);

	MAKE(&d, "\xef\xbb\xbfTitel\n\nTekst.\n");
	ok(d.encoding == NULL && d.body == 3, "a UTF-8 byte-order mark is skipped");
	is_str(d.title, "Titel", "... and not in the title");
	doc_free(&d);
}

/* doc_init_text(): what a search needs of an article is what doc_init()
 * makes of it (text, encoding, header, paragraph spans), the rest left. */
static void
test_text_only(void)
{
#define T(lit) { lit, sizeof lit - 1 }
	static const struct { const char *s; size_t n; } texts[] = {
		T("Title: Kop\nDate: 2025-01-02\n\nEen.\n\nTwee\n- a\n- b\n"),
		T("Budget\n\nThe deficit: \xa3" "15.8m, caf\xe9.\n"),
		T("\xff\xfeT\0i\0\n\0\n\0\xa3\0"),
		T("\xef\xbb\xbfTitel\n\nTekst.\n> quote\n---\n1. one\n2. two\n"),
		T(""),
		T("no blank line at all"),
	};
#undef T
	size_t i, j, bad = 0;

	for (i = 0; i < sizeof texts / sizeof *texts; i++) {
		size_t n = texts[i].n;
		unsigned char *a = xmalloc(n + 1), *b = xmalloc(n + 1);
		struct doc full, text;

		memcpy(a, texts[i].s, n);
		memcpy(b, texts[i].s, n);
		doc_init(&full, "dir/x.txt", a, n);
		doc_init_text(&text, "dir/x.txt", b, n);
		if (full.len != text.len || memcmp(full.src, text.src,
		    full.len) != 0 || full.body != text.body ||
		    full.npara != text.npara ||
		    (full.encoding != text.encoding &&
		    (!full.encoding || !text.encoding ||
		    strcmp(full.encoding, text.encoding) != 0)))
			bad++, diag("text %zu: differs", i);
		for (j = 0; j < full.npara && j < text.npara; j++)
			if (full.paras[j].start != text.paras[j].start ||
			    full.paras[j].end != text.paras[j].end)
				bad++, diag("text %zu para %zu: differs", i, j);
		if (text.title || text.fp)
			bad++, diag("text %zu: a title or fingerprint", i);
		doc_free(&full);
		doc_free(&text);
	}
	is_int(bad, 0, "doc_init_text(): the text and paragraphs of doc_init(), "
	    "no title, no fingerprint");
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
	test_markers();
	test_lists();
	test_quotes_rules();
	test_debris();
	test_encodings();
	test_text_only();
	return tap_done();
}
