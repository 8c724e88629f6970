/* test_layout.c - wrapping by display width: invariants over many inputs
 * and widths, and the awkward cases one by one. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <uniwidth.h>

#include "layout.h"
#include "tap.h"

static void
make(struct doc *d, const char *s, size_t n)
{
	unsigned char *copy = xmalloc(n + 1);

	memcpy(copy, s, n);
	doc_init(d, "t.txt", copy, n);
}

/* Does line ln start at the right column?  An item's first line at its
 * indent, its later lines under its text (indent and hang) when there is
 * room for that in half the width, further left when not; other lines
 * (but rules, which are centred) at column 0 or a quote's indent. */
static int
hangs(const struct doc *d, const struct line *ln, int w, int col)
{
	const struct para *p = &d->paras[ln->para];
	int want = p->indent + (ln->start > p->start ? p->hang : 0);

	if (p->kind == PARA_RULE)
		return col == (w - layout_rule_cols(w)) / 2;
	if (2 * want + 1 <= w)
		return col == want;
	return col <= want && 2 * col + 1 <= w;
}

/* Checks every invariant of a layout of d at width w; returns a
 * description of the first one broken, or NULL. */
static const char *
check(const struct doc *d, int w)
{
	static char why[200];
	struct layout l = { 0 };
	struct layout_iter it;
	struct text_unit u;
	size_t i, p = 0, expect_start = d->npara ? d->paras[0].start : 0;
	const char *bad = NULL;
	int col;

	layout_doc(d, w, &l);
	for (i = 0; i < l.n && !bad; i++) {
		const struct line *ln = &l.v[i];
		int right = 0, last = -1;

		if (ln->flags & LINE_BLANK) {
			if (ln->para == 0 || ln->start != d->paras[ln->para - 1].end ||
			    ln->end != d->paras[ln->para].start)
				bad = "a blank line is not the gap between paragraphs";
			continue;
		}
		if (ln->para != p) {
			if (expect_start != d->paras[p].end) {
				snprintf(why, sizeof why, "paragraph %zu not covered: ends at %zu, want %zu",
				    p, expect_start, d->paras[p].end);
				bad = why;
				break;
			}
			p = ln->para;
			expect_start = d->paras[p].start;
		}
		if (ln->start != expect_start) {
			snprintf(why, sizeof why, "line %zu starts at %zu, want %zu (gap or overlap)",
			    i, ln->start, expect_start);
			bad = why;
			break;
		}
		if (ln->end <= ln->start) {
			bad = "an empty text line";
			break;
		}
		expect_start = ln->end;
		if (ln->width > w) {
			snprintf(why, sizeof why, "line %zu is %d wide at width %d", i, ln->width, w);
			bad = why;
		}
		layout_cells_begin(&it, d, ln, w);
		while (layout_cells_next(&it, &u, &col)) {
			int k;

			if (last < 0 && !hangs(d, ln, w, col)) {
				snprintf(why, sizeof why, "line %zu starts at column %d at width %d",
				    i, col, w);
				bad = why;
			}
			if (col < last) {
				bad = "cells go backwards";
				break;
			}
			last = col;
			if (col + u.width > right)
				right = col + u.width;
			for (k = 0; k < u.ncp; k++)
				if (u.cps[k] < 0x20 || u.cps[k] == 0x7F ||
				    (u.cps[k] >= 0x80 && u.cps[k] < 0xA0) ||
				    (u.cps[k] >= 0x202A && u.cps[k] <= 0x202E) ||
				    (u.cps[k] >= 0x2066 && u.cps[k] <= 0x2069))
					bad = "a control character would be drawn";
			/* a unit's code points fit its width */
			for (k = 0, col = 0; k < u.ncp; k++)
				col += uc_width(u.cps[k], "UTF-8") > 0 ?
				    uc_width(u.cps[k], "UTF-8") : 0;
			if (u.kind == TEXT_CHAR && col > u.width)
				bad = "a unit draws more than its width";
		}
		if (right > w) {
			snprintf(why, sizeof why, "line %zu draws %d columns at width %d", i, right, w);
			bad = why;
		}
	}
	if (!bad && d->npara && expect_start != d->paras[p].end)
		bad = "the last paragraph is not covered";
	if (!bad && l.n && l.v[l.n - 1].para != d->npara - 1)
		bad = "paragraphs missing at the end";
	layout_free(&l);
	return bad;
}

/* Every visible unit of every paragraph appears on the lines, in order. */
static int
no_text_lost(const struct doc *d, int w)
{
	struct layout l = { 0 };
	struct layout_iter it;
	struct text_unit u;
	size_t *want = NULL, nwant = 0, capw = 0, got = 0, i, pos;
	int col, okay = 1;

	for (i = 0; i < d->npara; i++) {
		if (d->paras[i].kind == PARA_RULE)
			continue;  /* shown as a rule, not as its characters */
		for (pos = d->paras[i].start, col = 0; pos < d->paras[i].end;) {
			pos = layout_next_unit(d, i, d->paras[i].end, pos, col, &u);
			if (u.kind == TEXT_CHAR && u.ncp) {
				GROW(want, capw, nwant + 1);
				want[nwant++] = u.pos;
			}
		}
	}
	layout_doc(d, w, &l);
	for (i = 0; i < l.n && okay; i++) {
		layout_cells_begin(&it, d, &l.v[i], w);
		while (layout_cells_next(&it, &u, &col)) {
			if (u.kind != TEXT_CHAR || u.len == 0 || !u.ncp)
				continue;
			if (got >= nwant || want[got] != u.pos) {
				okay = 0;
				break;
			}
			got++;
		}
	}
	layout_free(&l);
	free(want);
	return okay && got == nwant;
}

static const char *const inputs[] = {
	"Title: Vrede\n\nDe Verenigde Staten willen dat er uiterlijk in juni een vredesakkoord ligt tussen Rusland en Oekra\xc3\xafne. Dat zegt de Oekra\xc3\xaf" "ense president.\n\nMisstap\n\nEen \xe2\x80\x9eonmiddellijk staakt-het-vuren\xe2\x80\x9d, zei hij.\n",
	"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe6\x96\x87\xe7\xab\xa0\xe3\x81\xaf\xe3\x82\xb9\xe3\x83\x9a\xe3\x83\xbc\xe3\x82\xb9\xe3\x81\xaa\xe3\x81\x97\xe3\x81\xa7\xe6\x94\xb9\xe8\xa1\x8c\xe3\x81\x95\xe3\x82\x8c\xe3\x81\xbe\xe3\x81\x99\xe3\x80\x82\xe6\x9d\xb1\xe4\xba\xac\xe3\x81\xa8\xe5\xa4\xa7\xe9\x98\xaa\xe3\x80\x82\n",
	"Familie \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7 en vlag \xf0\x9f\x87\xb3\xf0\x9f\x87\xb1 en \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd duim.\n",
	"Combining: e\xcc\x81" "e\xcc\x81" "e\xcc\x81 Oekrai\xcc\x88ne Zo\xcc\x88" "e a\xcc\x8a\xcc\x8b\xcc\x8c\xcc\x8d\xcc\x8e\xcc\x8f b.\n",
	"\xd8\xa7\xd9\x84\xd8\xad\xd8\xb1\xd8\xa8 \xd9\x81\xd9\x8a \xd8\xa3\xd9\x88\xd9\x83\xd8\xb1\xd8\xa7\xd9\x86\xd9\x8a\xd8\xa7 \xd9\x88\xd8\xa7\xd9\x84\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85. \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d.\n",
	"Escapes: \x1b[2J\x1b]0;title\x07 \x1b[31mred\x1b[0m \xc2\x9b" "31m \xe2\x80\xae" "reversed\xe2\x80\xac \x7f del\x08\x08 bs \r overstrike\n",
	"Tabs\tand\t\ttabs\tin\ttext\tthat\tgo\ton\tand\ton.\n",
	"Soft\xc2\xadhy\xc2\xadphen\xc2\xad" "ated\xc2\xadwords and no\xc2\xa0" "break\xc2\xa0spaces\xc2\xa0here, veiligheids\xc2\xadgaranties.\n",
	"Invalid \xff\xfe bytes \xc3 in \xe2\x82 the \xed\xa0\x80 middle \xf8\x88\x80\x80\x80 of text.\n",
	"Averyveryverylongwordwithoutanybreakopportunityatallthatmustbebrokenbetweenclusters.\n",
	"Title: CRLF\r\n\r\nEerste regel\r\ntweede regel.\r\n\r\nDerde.\r\n",
	"NUL\0bytes\0in\0the\0text and more.\n",
	"",
	"   \n\n\t\n",
	"Lijnen\nzonder\nlege\nregels\nertussen.\n",
	"Lijst:\n- een punt met veel woorden erin\n- twee\n  - genest punt met nog meer woorden\n\t* tab\n1. nummer een\n2) nummer \xe6\x97\xa5\xe6\x9c\xac\n\n\xe2\x80\xa2 los punt\n\n- los\n",
	"> citaat dat\n> verder gaat op\n> >> diep genest\n>\n> na een gat\n\n* * *\n\nTekst --- en\n___\n====\n",
};

static void
test_invariants(void)
{
	size_t i;
	int w;

	for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		struct doc d;
		const char *bad = NULL;
		size_t n = strlen(inputs[i]);
		int lost = 0;

		if (i == 11)
			n = 31;  /* holds NULs */
		make(&d, inputs[i], n);
		for (w = 1; w <= 120 && !bad && !lost; w++) {
			bad = check(&d, w);
			lost = !no_text_lost(&d, w);
		}
		if (!ok(!bad && !lost, "input %zu: invariants at widths 1-120", i))
			diag("  width %d: %s", w - 1, bad ? bad : "text lost or reordered");
		doc_free(&d);
	}
}

static void
test_random(void)
{
	static const char *const pieces[] = {
		"a", "woord", " ", "  ", "\n", "\t", "\xc3\xab", "e\xcc\x88",
		"\xe6\x97\xa5", "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9",
		"\xc2\xad", "\xc2\xa0", "-", "\xe2\x80\x94", "\x1b", "\xff",
		"\xd8\xb3", ".", "\r\n", "\n\n", "\xe2\x80\xae", "\xcc\x81",
	};
	int t, w, failed = 0;

	srand(7);
	for (t = 0; t < 300 && !failed; t++) {
		struct buf b = { 0 };
		struct doc d;
		int k, n = rand() % 200;
		const char *bad;

		for (k = 0; k < n; k++)
			buf_adds(&b, pieces[rand() % (int)(sizeof pieces / sizeof pieces[0])]);
		buf_add(&b, "", 0);
		make(&d, b.data, b.len);
		for (w = 1; w <= 40 && !failed; w += 1 + (w > 10) * 6) {
			bad = check(&d, w);
			if (bad || !no_text_lost(&d, w)) {
				failed = 1;
				ok(0, "random input %d at width %d: %s", t, w,
				    bad ? bad : "text lost");
			}
		}
		doc_free(&d);
		buf_free(&b);
	}
	if (!failed)
		ok(1, "300 random inputs keep every invariant at many widths");
}

static char *
dump(const char *s, int w)
{
	struct doc d;
	struct layout l = { 0 };
	struct buf b = { 0 };
	size_t i;

	make(&d, s, strlen(s));
	layout_doc(&d, w, &l);
	buf_add(&b, "", 0);
	for (i = 0; i < l.n; i++) {
		layout_line_text(&d, &l.v[i], w, &b);
		buf_addc(&b, '|');
	}
	layout_free(&l);
	doc_free(&d);
	return b.data;
}

static void
test_cases(void)
{
	char *s;

	s = dump("Kop\n\nDe bal ligt nu bij Rusland.\n", 12);
	is_str(s, "Kop||De bal ligt|nu bij|Rusland.|", "word wrap with a blank line between paragraphs");
	free(s);

	s = dump("Body\n\nveiligheids\xc2\xadgaranties zijn nodig\n", 14);
	is_str(s, "Body||veiligheids-|garanties zijn|nodig|",
	    "a soft hyphen breaks with a '-' only at the line end");
	free(s);

	s = dump("Body\n\nveiligheids\xc2\xadgaranties\n", 80);
	is_str(s, "Body||veiligheidsgaranties|", "a soft hyphen is invisible inside a line");
	free(s);

	s = dump("Body\n\nfoo \xc2\xad\xc2\xad" "bar baz\n", 6);
	is_str(s, "Body||foo|bar|baz|",
	    "a soft hyphen after white space: the line breaks at the space (fuzz finding)");
	free(s);

	s = dump("Body\n\nprijs 10\xc2\xa0" "000 euro\n", 9);
	is_str(s, "Body||prijs|10 000|euro|", "no break at a no-break space");
	free(s);

	s = dump("Body\n\n\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\n", 1);
	is_str(s, "B|o|d|y||\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd|",
	    "a two-column character on a one-column line is replaced");
	free(s);

	s = dump("Body\n\n\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\n", 4);
	is_str(s, "Body||\xe6\x97\xa5\xe6\x9c\xac|\xe8\xaa\x9e|", "CJK breaks between characters");
	free(s);

	s = dump("Body\n\nab \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\n", 5);
	is_str(s, "Body||ab|\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9|", "an emoji ZWJ sequence is kept whole");
	free(s);

	s = dump("Body\n\nabcdef\n", 2);
	is_str(s, "Bo|dy||ab|cd|ef|", "a word wider than the line breaks between clusters");
	free(s);

	s = dump("Body\n\ne\xcc\x81" "e\xcc\x81" "e\xcc\x81\n", 2);
	is_str(s, "Bo|dy||e\xcc\x81" "e\xcc\x81|e\xcc\x81|", "never between a letter and its combining mark");
	free(s);

	s = dump("Body\n\neen\n   twee\n drie\n", 80);
	is_str(s, "Body||een twee drie|", "a line break inside a paragraph is one space");
	free(s);

	s = dump("Body\n\na\tb\n", 80);
	is_str(s, "Body||a       b|", "tabs expand to the next multiple of 8");
	free(s);
}

static void
test_find(void)
{
	struct doc d;
	struct layout l = { 0 };
	const char *s = "Title: T\n\nEen twee drie vier vijf zes zeven acht negen tien.\n\nElf twaalf.\n";
	size_t off = (size_t)(strstr(s, "zeven") - s), i;
	int w;

	make(&d, s, strlen(s));
	for (w = 5; w <= 60; w += 5) {
		layout_doc(&d, w, &l);
		i = layout_find(&l, off);
		if (!(l.v[i].start <= off && off < l.v[i].end))
			break;
	}
	ok(w > 60, "layout_find: the line holding a byte, at every width");
	layout_free(&l);
	doc_free(&d);
}

static void
test_megabyte(void)
{
	struct buf b = { 0 };
	struct doc d;
	struct layout l = { 0 };
	size_t i;

	for (i = 0; i < 80000; i++)
		buf_adds(&b, "Oekra\xc3\xafne ");
	make(&d, b.data, b.len);
	layout_doc(&d, 80, &l);
	ok(l.n > 8000 && l.v[l.n - 1].end == d.paras[0].end,
	    "a megabyte line lays out completely (%zu lines)", l.n);
	ok(check(&d, 80) == NULL, "... keeping every invariant");
	layout_free(&l);
	doc_free(&d);
	buf_free(&b);
}

/* The lazy layout: the same lines as layout_doc(), made only where
 * looked at. */
static int
lazy_matches(const struct doc *d, int w)
{
	struct layout l = { 0 };
	struct layout_lazy z;
	struct layout_pos p = { 0, 0 };
	size_t i = 0;
	int okay = 1;

	layout_doc(d, w, &l);
	layout_lazy_init(&z, d, w);
	if (!l.n) {
		okay = layout_lazy_line(&z, p) == NULL;
	} else {
		do {
			const struct line *ln = layout_lazy_line(&z, p);

			if (!ln || i >= l.n || ln->start != l.v[i].start ||
			    ln->end != l.v[i].end || ln->flags != l.v[i].flags) {
				okay = 0;
				break;
			}
			i++;
		} while (layout_lazy_move(&z, &p, 1) == 1);
		okay = okay && i == l.n;
	}
	/* moving back the whole way returns to the first line */
	if (okay && l.n) {
		okay = layout_lazy_move(&z, &p, -(long long)l.n) ==
		    -(long long)(l.n - 1) && p.block == 0 && p.line == 0;
	}
	/* locate agrees with layout_find, end with the flat count */
	for (i = 0; okay && i < l.n; i += 1 + l.n / 50) {
		size_t off = l.v[i].start;
		struct layout_pos q = layout_lazy_locate(&z, off);
		const struct line *ln = layout_lazy_line(&z, q);

		okay = ln && ln->start == l.v[layout_find(&l, off)].start;
	}
	if (okay && l.n > 5) {
		struct layout_pos e = layout_lazy_end(&z, 5), first = { 0, 0 };
		long long from_top = layout_lazy_move(&z, &first,
		    (long long)l.n);

		(void)from_top;
		/* from e, four more lines reach the last one */
		okay = layout_lazy_move(&z, &e, 10) == 4;
	}
	layout_lazy_free(&z);
	layout_free(&l);
	return okay;
}

static void
test_lazy(void)
{
	struct buf b = { 0 };
	struct doc d;
	struct layout_lazy z;
	struct layout_pos p;
	size_t i, total;
	int w, bad = 0;

	for (i = 0; i < sizeof inputs / sizeof inputs[0] && !bad; i++) {
		make(&d, inputs[i], i == 11 ? 31 : strlen(inputs[i]));
		for (w = 1; w <= 60 && !bad; w += 7)
			if (!lazy_matches(&d, w)) {
				bad = 1;
				diag("  input %zu at width %d", i, w);
			}
		doc_free(&d);
	}
	ok(!bad, "lazy layout: the same lines as layout_doc, moves, locate, end");

	/* a 400 KB single line: blocks, laid out only where looked at */
	for (i = 0; i < 40000; i++)
		buf_adds(&b, "Oekra\xc3\xafne ");
	make(&d, b.data, b.len);
	layout_lazy_init(&z, &d, 80);
	ok(z.nblocks > 10, "a long line is cut into blocks (%zu)", z.nblocks);
	p = layout_lazy_end(&z, 30);
	total = z.laid;
	ok(layout_lazy_line(&z, p) != NULL && total < 2000,
	    "going to the end lays out only the end (%zu lines)", total);
	for (i = 1; i < z.nblocks; i++)
		if (z.blocks[i].start != z.blocks[i - 1].end ||
		    d.src[z.blocks[i].start] == ' ')
			break;
	ok(i == z.nblocks, "blocks are contiguous and start at a word");
	ok(lazy_matches(&d, 80) && check(&d, 80) == NULL,
	    "... and keep every invariant");
	layout_lazy_free(&z);
	doc_free(&d);
	buf_free(&b);

	/* no white space at all, and combining marks everywhere: blocks
	 * are cut between clusters (a fuzz finding) */
	for (i = 0; i < 30000; i++)
		buf_adds(&b, "e\xcc\x81");
	make(&d, b.data, b.len);
	ok(no_text_lost(&d, 80) && check(&d, 80) == NULL && lazy_matches(&d, 80),
	    "a 90 KB word of combining marks: no cluster split between blocks");
	doc_free(&d);
	buf_free(&b);
}

static void
test_lists(void)
{
	char *s;

	s = dump("Lijst:\n- een twee drie\n- vier\n", 9);
	is_str(s, "Lijst:||- een|  twee|  drie|- vier|",
	    "items one per line, wrapped under their text");
	free(s);

	s = dump("Lijst:\n\n- een twee\n\n- vier\n", 80);
	is_str(s, "Lijst:||- een twee||- vier|",
	    "items with blank lines between them keep them");
	free(s);

	s = dump("Lijst:\n- a b c\n  - d e f g h\n- g\n", 9);
	is_str(s, "Lijst:||- a b c|  - d e f|    g h|- g|",
	    "a nested item keeps its relative indent and hangs");
	free(s);

	s = dump("Stappen:\n9. negen\n10. tien elf\n", 10);
	is_str(s, "Stappen:||9. negen|10. tien|    elf|",
	    "a number's hang is its width");
	free(s);

	s = dump("Lijst:\n- een twee\n", 1);
	is_str(s, "L|i|j|s|t|:||-|e|e|n|t|w|e|e|", "width 1: no indent");
	free(s);

	s = dump("Lijst:\n- een twee\n", 4);
	is_str(s, "Lijs|t:||-|"" een|"" twe|"" e|",
	    "a narrow width keeps half the line for the text");
	free(s);

	s = dump("Zij zei:\n> een twee\n> drie\n", 8);
	is_str(s, "Zij zei:||  een|  twee|  drie|",
	    "a quote is indented and its marks are not shown");
	free(s);

	s = dump("Zij zei:\n> een.\n>> twee.\n", 80);
	is_str(s, "Zij zei:||  een.|    twee.|", "a nested quote goes further in");
	free(s);

	s = dump("Een.\n\n* * *\n\nTwee.\n", 20);
	is_str(s, "Een.||       \xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80||Twee.|",
	    "a separator is a short centred rule");
	free(s);

	s = dump("Een.\n\n---\n\nTwee.\n", 1);
	is_str(s, "E|e|n|.||\xe2\x94\x80||T|w|e|e|.|", "a rule at width 1");
	free(s);
}

int
main(void)
{
	test_invariants();
	test_random();
	test_cases();
	test_lists();
	test_find();
	test_megabyte();
	test_lazy();
	return tap_done();
}
