/* test_bookmarks.c - the bookmarks dotfile: format, merging, re-anchoring,
 * atomic saves, failures, two processes at once, kill -9. */
#include "config.h"

/* nftw; configure may already have asked for it. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bookmarks.h"
#include "tap.h"
#include "util.h"

static char tmpdir[256];

/* ---- helpers ---------------------------------------------------------- */

static char *
tpath(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static int
write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return -1;
	fwrite(data, 1, len, f);
	return fclose(f);
}

/* The file's bytes (NUL-terminated), or NULL. */
static char *
slurp(const char *path, size_t *len)
{
	char *data;
	size_t n;

	if (util_read_file(path, &data, &n) < 0)
		return NULL;
	if (len)
		*len = n;
	return data;
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
rm_rf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static struct bm_op
op_mark(enum bm_op_kind kind, const char *id, const char *label)
{
	struct bm_op op;

	memset(&op, 0, sizeof op);
	op.kind = kind;
	op.rec.id = (char *)id;
	op.rec.path = "/d/sub/article.txt";
	op.rec.fp = 0x0123456789abcdefULL;
	op.rec.offset = 42;
	op.rec.time = 1795457045;
	op.rec.label = (char *)label;
	op.rec.snippet = "a snippet";
	return op;
}

static struct bm_op
op_state(const char *path, uint64_t offset, int64_t time, int done)
{
	struct bm_op op;

	memset(&op, 0, sizeof op);
	op.kind = BM_OP_STATE;
	op.rec.path = (char *)path;
	op.rec.offset = offset;
	op.rec.time = time;
	op.rec.done = done;
	return op;
}

static struct bm_op
op_last(const char *path, int64_t time)
{
	struct bm_op op;

	memset(&op, 0, sizeof op);
	op.kind = BM_OP_LAST;
	op.rec.dossier = "/d";
	op.rec.path = (char *)path;
	op.rec.time = time;
	return op;
}

static const struct bm_rec *
find_mark(const struct bm_set *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if ((s->v[i].kind == BM_MARK || s->v[i].kind == BM_OLD_MARK) &&
		    strcmp(s->v[i].id, id) == 0)
			return &s->v[i];
	return NULL;
}

static size_t
count_kind(const struct bm_set *s, enum bm_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++)
		n += s->v[i].kind == kind;
	return n;
}

/* Parse the file at path into *s; -1 if it cannot be read. */
static int
parse_file(const char *path, struct bm_set *s)
{
	size_t len;
	char *data = slurp(path, &len);

	memset(s, 0, sizeof *s);
	if (!data)
		return -1;
	bm_parse(data, len, s);
	free(data);
	return 0;
}

/* Strictly valid UTF-8 with no control character but tab and newline. */
static int
clean_text(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, k, j;

	while (i < n) {
		if (s[i] < 0x80) {
			if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n') ||
			    s[i] == 0x7f)
				return 0;
			i++;
			continue;
		}
		k = s[i] >= 0xF0 ? 4 : s[i] >= 0xE0 ? 3 : s[i] >= 0xC2 ? 2 : 0;
		if (!k || s[i] > 0xF4 || i + k > n)
			return 0;
		for (j = 1; j < k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
		if (k == 2 && s[i] == 0xC2 && s[i + 1] < 0xA0)
			return 0;	/* C1 control */
		if (k == 3 && s[i] == 0xE2 && ((s[i + 1] == 0x80 &&
		    s[i + 2] >= 0xAA && s[i + 2] <= 0xAE) ||
		    (s[i + 1] == 0x81 && s[i + 2] >= 0xA6 && s[i + 2] <= 0xA9)))
			return 0;	/* a bidi override or isolate */
		i += k;
	}
	return 1;
}

/* ---- the format ------------------------------------------------------- */

static const char *awkward[] = {
	"",
	"plain",
	"tab\there\tand\tthere",
	"line1\nline2\r\nline3\r",
	"back\\slash \\t not a tab \\n \\x41 \\",
	"\\",
	"emoji \xF0\x9F\x98\x80\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD family "
	    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D"
	    "\xF0\x9F\x91\xA7",
	"\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9 Arabic",
	"Oekra\xC3\xAFne \xE2\x80\x94 \xE2\x80\x9Cquoted\xE2\x80\x9D",
	"\x1B[31mred\x1B[0m bell\x07 del\x7F",
	"bad \xFF\xFE utf8 \xC3 cut \xED\xA0\x80 surrogate \xC0\xAF overlong",
	"C1 \xC2\x9B csi \xC2\xA0 nbsp",
	"bidi \xE2\x80\xAE" "desrever\xE2\x80\xAC \xE2\x81\xA6" "isolate\xE2\x81\xA9",
	"# looks like a comment",
	"mark\tfake\trecord",
};
#define NAWK (sizeof awkward / sizeof awkward[0])

static void
test_roundtrip_fields(void)
{
	struct bm_set s = { 0 }, back;
	struct bm_op op;
	char id[32], *text, *again;
	size_t len, len2, i, lines = 0, bad = 0;

	for (i = 0; i < NAWK; i++) {
		snprintf(id, sizeof id, "id\t%zu", i);
		op = op_mark(BM_OP_ADD, id, awkward[i]);
		op.rec.snippet = (char *)awkward[NAWK - 1 - i];
		op.rec.path = (char *)(*awkward[(i + 3) % NAWK] ?
		    awkward[(i + 3) % NAWK] : "/");
		op.rec.offset = i == 0 ? UINT64_MAX : i * 1000;
		op.rec.fp = i == 0 ? UINT64_MAX : i;
		op.rec.time = i == 0 ? 0 : i == 1 ? -1 : 1795457045 + (int64_t)i;
		bm_set_apply(&s, &op);
	}
	text = bm_serialize(&s, &len);
	for (i = 0; i < len; i++)
		lines += text[i] == '\n';
	is_int(lines, NAWK + 1, "one line per record plus the version line");
	ok(clean_text(text, len),
	    "the file is UTF-8 without control characters but tab and newline");
	ok(strlen(text) == len, "no NUL byte in the file");

	bm_parse(text, len, &back);
	is_int(back.nraw, 0, "all awkward records parse");
	is_int(back.version, 2, "version 2 read back");
	is_int(back.n, NAWK, "all awkward records back");
	for (i = 0; i < back.n && i < NAWK; i++) {
		const struct bm_rec *r = &back.v[i];

		if (strcmp(r->label, awkward[i]) ||
		    strcmp(r->snippet, awkward[NAWK - 1 - i]) ||
		    strcmp(r->path, *awkward[(i + 3) % NAWK] ?
		    awkward[(i + 3) % NAWK] : "/") ||
		    r->offset != (i == 0 ? UINT64_MAX : i * 1000) ||
		    r->fp != (i == 0 ? UINT64_MAX : i) ||
		    r->time != (i == 0 ? 0 : i == 1 ? -1 :
		    1795457045 + (int64_t)i)) {
			diag("record %zu differs: label \"%s\"", i, r->label);
			bad++;
		}
	}
	is_int(bad, 0, "labels, snippets, paths, numbers, times survive");
	again = bm_serialize(&back, &len2);
	ok(len == len2 && memcmp(text, again, len) == 0,
	    "serialising the parse gives the same bytes");
	free(text);
	free(again);
	bm_set_free(&back);
	bm_set_free(&s);
}

static const char canonical[] =
    "# dossier bookmarks v2\n"
    "# written by hand: a comment\n"
    "bookmark\t1a2b-3c-1\t/news/business/001.txt"
    "\t0123456789abcdef\t1234\t2026-11-23T18:04:05Z\tTab\\there\\nnewline"
    "\tHet \\\\staakt\\\\ het vuren \xF0\x9F\x98\x80\n"
    "place\t/news/business/001.txt"
    "\tfedcba9876543210\t5678\t2026-11-23T18:05:00Z\t1\n"
    "\n"
    "bookmark\tx\t/a\\x1bb\t0000000000000000\t0\t0000-01-01T00:00:00Z\t\t\n"
    "opened\t/news\t/news/business/001.txt\t9999-12-31T23:59:59Z\n"
    "mark\told1\t001.txt\t001.txt\t0123456789abcdef\t12"
    "\t2026-11-23T18:04:05Z\tan old one\tsnip\n"
    "state\t001.txt\t001.txt\t0123456789abcdef\t12\t2026-11-23T18:04:05Z\t0\n"
    "last\t001.txt\t2026-11-23T18:04:05Z\n";

static void
test_canonical(void)
{
	struct bm_set s;
	const struct bm_rec *r;
	char *out;
	size_t len;

	bm_parse(canonical, sizeof canonical - 1, &s);
	is_int(s.n, 9, "canonical: nine records (blank and comment lines too)");
	is_int(s.nraw, 0, "canonical: nothing not understood");
	is_int(count_kind(&s, BM_COMMENT), 2, "canonical: comment and blank");
	r = find_mark(&s, "1a2b-3c-1");
	if (ok(r != NULL, "canonical: the mark is found by id")) {
		is_str(r->path, "/news/business/001.txt", "canonical: path");
		is_str(r->label, "Tab\there\nnewline", "canonical: label");
		is_str(r->snippet, "Het \\staakt\\ het vuren \xF0\x9F\x98\x80",
		    "canonical: snippet");
		is_int(r->offset, 1234, "canonical: offset");
		is_int(r->time, 1795457045, "canonical: ISO time read as UTC");
		ok(r->fp == 0x0123456789abcdefULL, "canonical: fingerprint");
	}
	r = find_mark(&s, "x");
	if (ok(r != NULL, "canonical: a mark with empty fields"))
		is_str(r->path, "/a\x1b" "b", "canonical: \\x escape");
	r = bm_set_state(&s, "/news/business/001.txt");
	if (ok(r != NULL, "canonical: state found by path")) {
		is_int(r->done, 1, "canonical: done");
		is_int(r->offset, 5678, "canonical: state offset");
	}
	ok(bm_set_state(&s, "001.txt") == NULL,
	    "canonical: a version 1 state is not found by its file name");
	r = bm_set_last(&s, "/news");
	if (ok(r != NULL, "canonical: last of the dossier /news"))
		is_int(r->time, 253402300799LL, "canonical: year 9999");
	ok(bm_set_last(&s, "/other") == NULL, "canonical: none for /other");
	is_int(count_kind(&s, BM_OLD_MARK), 1, "canonical: a version 1 mark");
	is_int(count_kind(&s, BM_OLD_STATE), 1, "canonical: a version 1 state");
	is_int(count_kind(&s, BM_OLD_LAST), 1, "canonical: a version 1 last");
	r = find_mark(&s, "old1");
	if (ok(r && r->kind == BM_OLD_MARK, "canonical: the old mark by id"))
		is_str(r->name, "001.txt", "canonical: its file name");
	out = bm_serialize(&s, &len);
	ok(len == sizeof canonical - 1 && strcmp(out, canonical) == 0,
	    "serialize(parse(x)) == x for a canonical x");
	if (strcmp(out, canonical))
		diag("got:\n%s", out);
	free(out);
	bm_set_free(&s);
	ok(bm_is_dotfile("# dossier bookmarks v1\n", 23) &&
	    bm_is_dotfile("\xEF\xBB\xBF# dossier bookmarks v2\r\nx", 28) &&
	    bm_is_dotfile("# dossier bookmarks v9", 22),
	    "a version line makes a dotfile");
	ok(!bm_is_dotfile("root:x:0:0:root:/root:/bin/bash\n", 32) &&
	    !bm_is_dotfile("", 0) && !bm_is_dotfile("\n# dossier bookmarks v2\n", 24) &&
	    !bm_is_dotfile("# dossier bookmarks vX\n", 23),
	    "anything else does not");
}

static void
test_times(void)
{
	static const char *bad[] = {
		"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
		"2026-11-23T24:00:00Z", "2026-11-23T18:04:05",
		"2026-11-23 18:04:05Z", "2026-11-23T18:04:05+01:00",
		"26-11-23T18:04:05Z", "2026-11-31T00:00:00Z",
		"2026-11-2aT18:04:05Z",
	};
	struct bm_set s;
	struct buf b = { 0 };
	const char *t;
	char *out;
	size_t i, nbad = 0;

	t = "last\tx\t2000-02-29T00:00:00Z\n";
	bm_parse(t, strlen(t), &s);
	if (ok(s.n == 1 && s.v[0].kind == BM_OLD_LAST, "leap day parses"))
		is_int(s.v[0].time, 951782400, "leap day time");
	bm_set_free(&s);
	t = "last\tx\t1969-12-31T23:59:59Z";
	bm_parse(t, strlen(t), &s);
	if (ok(s.n == 1 && s.v[0].kind == BM_OLD_LAST, "time before 1970"))
		is_int(s.v[0].time, -1, "time -1");
	bm_set_free(&s);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		buf_printf(&b, "last\tx\t%s\n", bad[i]);
		bm_parse(b.data, b.len, &s);
		nbad += s.nraw == 1;
		bm_set_free(&s);
		b.len = 0;
	}
	is_int(nbad, sizeof bad / sizeof bad[0], "malformed times are RAW");
	buf_free(&b);

	/* Out of range times are clamped to what four digits can say. */
	memset(&s, 0, sizeof s);
	{
		struct bm_op op = op_last("x", INT64_MAX);

		bm_set_apply(&s, &op);
	}
	out = bm_serialize(&s, NULL);
	ok(strstr(out, "\t9999-12-31T23:59:59Z\n") != NULL,
	    "a huge time is clamped to 9999");
	free(out);
	bm_set_free(&s);
}

static void
test_raw_lines(void)
{
	static const char in[] =
	    "# dossier bookmarks v1\n"
	    "garbage line\n"
	    "mark\tgood1\tn\tr\t0123456789abcdef\t12\t2026-11-23T18:04:05Z\tl\ts\n"
	    "mark\tonly\tthree\n"
	    "mark\tid\tn\tr\t0123456789abcdef\t12\t2026-13-01T00:00:00Z\tl\ts\n"
	    "mark\tid\tn\tr\t0123456789abcdeX\t12\t2026-11-23T18:04:05Z\tl\ts\n"
	    "mark\tid\tn\tr\t0123456789abcdef\t-12\t2026-11-23T18:04:05Z\tl\ts\n"
	    "mark\tid\tn\tr\t0123456789abcdef\t99999999999999999999\t2026-11-23T18:04:05Z\tl\ts\n"
	    "mark\tid\tn\tr\t0123456789abcdef\t12\t2026-11-23T18:04:05Z\tbad \\q\ts\n"
	    "mark\tid\tn\tr\t0123456789abcdef\t12\t2026-11-23T18:04:05Z\tl\tends \\\n"
	    "mark\tid\tn\tr\t0123456789abcdef\t12\t2026-11-23T18:04:05Z\tl\tnul \\x00\n"
	    "mark\t\tn\tr\t0123456789abcdef\t12\t2026-11-23T18:04:05Z\tl\ts\n"
	    "mark\tid\tn\tr\t0123456789abcdef\t12\t2026-11-23T18:04:05Z\tl\ts\textra\n"
	    "state\tn\tr\t0123456789abcdef\t12\t2026-11-23T18:04:05Z\t2\n"
	    "future\tsomething\tnew\n"
	    "MARK\tid\tn\tr\t0123456789abcdef\t12\t2026-11-23T18:04:05Z\tl\ts\n"
	    " # indented, not a comment\n"
	    "with a NUL \0 byte\n"
	    "  \t \n"
	    "mark\tgood2\tn\tr\t0123456789abcdef\t13\t2026-11-23T18:04:05Z\tl\ts\n"
	    "# dossier bookmarks v2\n";
	struct bm_set s;
	char *out;
	size_t len;

	bm_parse(in, sizeof in - 1, &s);
	is_int(s.nraw, 16, "garbage, wrong fields, bad numbers, unknown types: RAW");
	is_int(count_kind(&s, BM_OLD_MARK), 2, "the good marks around them parse");
	is_int(count_kind(&s, BM_COMMENT), 2,
	    "a blank line and a later version-like line are comments");
	ok(s.n > 16 && s.v[16].kind == BM_RAW && s.v[16].rawlen == 17 &&
	    memcmp(s.v[16].raw, "with a NUL \0 byte", 17) == 0,
	    "a line with a NUL byte is kept whole");
	ok(s.n > 1 && s.v[1].kind == BM_OLD_MARK &&
	    s.v[s.n - 2].kind == BM_OLD_MARK,
	    "records keep their places among RAW lines");
	out = bm_serialize(&s, &len);
	ok(len == sizeof in - 1 && memcmp(out, "# dossier bookmarks v2\n", 23) == 0 &&
	    memcmp(out + 23, in + 23, len - 23) == 0,
	    "RAW lines are written back byte for byte, in place (under a v2 line)");
	free(out);
	bm_set_free(&s);
}

static void
test_line_endings(void)
{
	static const char crlf[] =
	    "# dossier bookmarks v1\r\n"
	    "mark\tid1\tn\tr\t0123456789abcdef\t12\t2026-11-23T18:04:05Z\tlab\tsnip\r\n"
	    "# comment\r\n"
	    "junk\r\n"
	    "\r\n"
	    "last\tr\t2026-11-23T18:04:05Z\r\n";
	static const char crlf_out[] =
	    "# dossier bookmarks v2\n"
	    "mark\tid1\tn\tr\t0123456789abcdef\t12\t2026-11-23T18:04:05Z\tlab\tsnip\n"
	    "# comment\r\n"
	    "junk\r\n"
	    "\r\n"
	    "last\tr\t2026-11-23T18:04:05Z\n";
	static const char nofinal[] =
	    "# dossier bookmarks v1\n"
	    "mark\tid1\tn\tr\t0123456789abcdef\t12\t2026-11-23T18:04:05Z\tlab\tsnip";
	static const char bom[] =
	    "\xEF\xBB\xBF# dossier bookmarks v1\n"
	    "last\tr\t2026-11-23T18:04:05Z\n";
	struct bm_set s;
	const struct bm_rec *r;
	char *out;

	bm_parse(crlf, sizeof crlf - 1, &s);
	is_int(s.version, 1, "CRLF: version line recognised");
	is_int(s.nraw, 1, "CRLF: only the junk line is RAW");
	r = find_mark(&s, "id1");
	if (ok(r != NULL, "CRLF: mark parses"))
		is_str(r->snippet, "snip", "CRLF: the CR is not in the snippet");
	is_int(count_kind(&s, BM_OLD_LAST), 1, "CRLF: last parses");
	out = bm_serialize(&s, NULL);
	is_str(out, crlf_out, "CRLF: records rewritten with LF, kept lines as they were");
	free(out);
	bm_set_free(&s);

	bm_parse(nofinal, sizeof nofinal - 1, &s);
	r = find_mark(&s, "id1");
	if (ok(r != NULL && s.nraw == 0, "no final newline: last line parses"))
		is_str(r->snippet, "snip", "no final newline: snippet whole");
	bm_set_free(&s);

	bm_parse("# dossier bookmarks v1\ngarbage", 30, &s);
	ok(s.nraw == 1 && s.n == 1 && s.v[0].rawlen == 7,
	    "no final newline: garbage kept");
	out = bm_serialize(&s, NULL);
	is_str(out, "# dossier bookmarks v2\ngarbage\n",
	    "no final newline: written back with one");
	free(out);
	bm_set_free(&s);

	bm_parse(bom, sizeof bom - 1, &s);
	ok(s.version == 1 && s.n == 1 && s.nraw == 0, "a leading BOM is ignored");
	bm_set_free(&s);

	bm_parse("", 0, &s);
	ok(s.n == 0 && s.nraw == 0 && s.version == 0, "empty input: empty set");
	out = bm_serialize(&s, NULL);
	is_str(out, "# dossier bookmarks v2\n", "empty set: just the version line");
	free(out);
	bm_set_free(&s);

	bm_parse("last\tr\t2026-11-23T18:04:05Z\n", 28, &s);
	ok(s.version == 0 && s.n == 1 && s.nraw == 0,
	    "a file without version line still parses");
	bm_set_free(&s);
}

static void
test_newer_version(void)
{
	static const char in[] =
	    "# dossier bookmarks v3\n"
	    "last\tr\t2026-11-23T18:04:05Z\n"
	    "mark2\twhatever\n";
	struct bm_set s;
	char *out;

	bm_parse(in, sizeof in - 1, &s);
	is_int(s.version, 3, "newer version detected");
	ok(s.n == 3 && s.nraw == 3,
	    "a newer file is kept whole, every line RAW");
	out = bm_serialize(&s, NULL);
	is_str(out, in, "a newer file serialises unchanged (no v2 line added)");
	free(out);
	bm_set_free(&s);
}

static void
test_long_lines(void)
{
	struct bm_set s = { 0 }, back;
	struct bm_op op;
	char *label, *snip, *out;
	size_t len, i;

	label = xmalloc(100001);
	snip = xmalloc(100001);
	for (i = 0; i < 100000; i++) {
		label[i] = "ab\tc\\d\ne"[i % 8];
		snip[i] = (char)(0x20 + i % 90);
	}
	label[100000] = snip[100000] = '\0';
	op = op_mark(BM_OP_ADD, "long", label);
	op.rec.snippet = snip;
	bm_set_apply(&s, &op);
	out = bm_serialize(&s, &len);
	ok(len > 200000, "a 100 KB label and snippet make a long line");
	bm_parse(out, len, &back);
	ok(back.n == 1 && back.nraw == 0 && back.v[0].kind == BM_MARK &&
	    strcmp(back.v[0].label, label) == 0 &&
	    strcmp(back.v[0].snippet, snip) == 0,
	    "100 KB fields survive a round trip");
	bm_set_free(&back);
	free(out);
	bm_set_free(&s);

	/* A huge garbage line stays whole too. */
	memset(label, 'z', 100000);
	bm_parse(label, 100000, &back);
	ok(back.nraw == 1 && back.v[0].rawlen == 100000,
	    "a 100 KB garbage line is kept whole");
	bm_set_free(&back);
	free(label);
	free(snip);
}

/* ---- fingerprints, ids, re-anchoring ---------------------------------- */

static void
test_fingerprint_and_ids(void)
{
	char *ids[500];
	size_t i, j, dup = 0;

	/* XXH64 (seed 0) test vectors */
	ok(bm_fingerprint("", 0) == 0xef46db3751d8e999ULL, "XXH64 of nothing");
	ok(bm_fingerprint("a", 1) == 0xd24ec4f1a98c6e5bULL, "XXH64 of \"a\"");
	ok(bm_fingerprint("abc", 3) == 0x44bc2cf5ad770999ULL, "XXH64 of \"abc\"");
	ok(bm_fingerprint("Nobody inspects the spammish repetition", 39) ==
	    0xfbcea83c8a378bf1ULL, "XXH64 of a 39-byte text (lanes and tail)");
	ok(bm_fingerprint("0123456789abcdef0123456789abcdef0123456789", 42) ==
	    0xa76190c3acf08a1cULL, "XXH64 of 42 bytes (as xxhsum -H1 says)");
	ok(bm_fingerprint("a\0b", 3) != bm_fingerprint("a\0c", 3),
	    "fingerprint covers bytes after a NUL");
	for (i = 0; i < 500; i++)
		ids[i] = bm_make_id();
	for (i = 0; i < 500; i++)
		for (j = i + 1; j < 500; j++)
			dup += strcmp(ids[i], ids[j]) == 0;
	is_int(dup, 0, "500 ids are distinct");
	ok(strcspn(ids[0], "\t\n\\ ") == strlen(ids[0]) && *ids[0],
	    "ids need no escaping");
	for (i = 0; i < 500; i++)
		free(ids[i]);
}

static void
test_reanchor(void)
{
	static const char orig[] =
	    "Title: x\n\nThe quick brown fox jumps over the lazy dog. More.\n";
	static const char snippet[] = "The quick brown fox jumps over";
	static const char many[] =
	    "SNIPPET1234 aaaaaaaaaa SNIPPET1234 bbbbbbbbbb SNIPPET1234";
	char *edited;
	const char *t;
	long long at = (long long)(strstr(orig, "The quick") - orig);

	is_int(bm_reanchor(orig, sizeof orig - 1, snippet, (uint64_t)at), at,
	    "unchanged text: same offset");
	edited = xasprintf("Title: x\n\nA new first paragraph.\n\n%s",
	    orig + 10);
	is_int(bm_reanchor(edited, strlen(edited), snippet, (uint64_t)at),
	    (long long)(strstr(edited, "The quick") - edited),
	    "text inserted before the snippet moves the offset");
	free(edited);
	edited = xasprintf("Title: x\n\nSomething else entirely.\n");
	is_int(bm_reanchor(edited, strlen(edited), snippet, (uint64_t)at), -1,
	    "snippet gone: -1");
	free(edited);

	is_int(bm_reanchor(many, sizeof many - 1, "SNIPPET1234", 25), 23,
	    "nearest of several occurrences (the middle)");
	is_int(bm_reanchor(many, sizeof many - 1, "SNIPPET1234", 0), 0,
	    "nearest of several occurrences (the first)");
	is_int(bm_reanchor(many, sizeof many - 1, "SNIPPET1234", 1000), 46,
	    "nearest of several occurrences (past the end)");
	is_int(bm_reanchor(many, sizeof many - 1, "SNIPPET1234", 34), 23,
	    "nearest of several: a tie goes to the earlier");
	is_int(bm_reanchor(many, sizeof many - 1, "SNIPPET1234", 35), 46,
	    "nearest of several: just past the middle");

	t = "Intro. The quick brown fox sleeps all day.";
	is_int(bm_reanchor(t, strlen(t), snippet, 0),
	    (long long)(strstr(t, "The quick") - t),
	    "snippet edited at its end: a prefix still finds it");
	t = "Intro. A slow brown fox jumps over the lazy dog.";
	at = bm_reanchor(t, strlen(t), snippet, 0);
	ok(at > 0 && strncmp(t + at, "n fox jumps over", 16) == 0,
	    "snippet edited at its start: a suffix still finds it");
	is_int(bm_reanchor(t, strlen(t), "", 0), -1, "empty snippet: -1");
	is_int(bm_reanchor("", 0, snippet, 0), -1, "empty text: -1");
	is_int(bm_reanchor("ab\0cdThe quick brown fox jumps over", 35, snippet,
	    0), 5, "text with a NUL byte before the snippet");
	t = "x \xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 tail changed";
	at = bm_reanchor(t, strlen(t),
	    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 original text", 0);
	is_int(at, 2, "prefixes are cut at UTF-8 boundaries");
	is_int(bm_reanchor("abc", 3, "abc", 0), 0, "short snippet, whole");
	is_int(bm_reanchor("abd", 3, "abc", 0), -1,
	    "short snippet: no fallback to tiny prefixes");
}

/* ---- merging in memory ------------------------------------------------ */

static void
test_apply(void)
{
	struct bm_set s;
	struct bm_op op;
	const struct bm_rec *r;
	static const char in[] = "# dossier bookmarks v1\njunk\n";

	bm_parse(in, sizeof in - 1, &s);
	op = op_mark(BM_OP_ADD, "a", "first");
	bm_set_apply(&s, &op);
	op.rec.label = "second";
	bm_set_apply(&s, &op);
	is_int(count_kind(&s, BM_MARK), 1, "ADD of a present id is a no-op");
	is_str(find_mark(&s, "a")->label, "first", "ADD keeps the first");
	op = op_mark(BM_OP_UPDATE, "a", "renamed");
	op.rec.offset = 99;
	bm_set_apply(&s, &op);
	r = find_mark(&s, "a");
	ok(r && strcmp(r->label, "renamed") == 0 && r->offset == 99,
	    "UPDATE replaces the mark");
	op = op_mark(BM_OP_UPDATE, "zz", "ghost");
	bm_set_apply(&s, &op);
	ok(find_mark(&s, "zz") == NULL, "UPDATE of an absent id adds nothing");
	op = op_mark(BM_OP_DEL, "nope", NULL);
	bm_set_apply(&s, &op);
	is_int(count_kind(&s, BM_MARK), 1, "DEL of an absent id is a no-op");
	op = op_mark(BM_OP_DEL, "a", NULL);
	bm_set_apply(&s, &op);
	is_int(count_kind(&s, BM_MARK), 0, "DEL removes by id");

	op = op_state("r1", 100, 100, 0);
	bm_set_apply(&s, &op);
	op = op_state("r1", 50, 50, 1);
	bm_set_apply(&s, &op);
	r = bm_set_state(&s, "r1");
	ok(r && r->offset == 100 && r->done == 0, "an older STATE loses");
	op = op_state("r1", 101, 100, 1);
	bm_set_apply(&s, &op);
	r = bm_set_state(&s, "r1");
	ok(r && r->offset == 101 && r->done == 1, "an equally new STATE wins");
	op = op_state("r2", 7, 1, 0);
	bm_set_apply(&s, &op);
	is_int(count_kind(&s, BM_STATE), 2, "one STATE per path");
	ok(bm_set_state(&s, "r3") == NULL, "no state for an unknown article");

	op = op_last("r1", 10);
	bm_set_apply(&s, &op);
	op = op_last("r2", 5);
	bm_set_apply(&s, &op);
	is_str(bm_set_last(&s, "/d")->path, "r1", "an older LAST loses");
	op = op_last("r2", 20);
	bm_set_apply(&s, &op);
	is_str(bm_set_last(&s, "/d")->path, "r2", "a newer LAST wins");
	is_int(count_kind(&s, BM_LAST), 1, "one LAST record");
	op = op_last("/e/1.txt", 1);
	op.rec.dossier = "/e";
	bm_set_apply(&s, &op);
	is_int(count_kind(&s, BM_LAST), 2, "one LAST record per dossier");
	is_str(bm_set_last(&s, "/d")->path, "r2",
	    "another dossier's LAST leaves this one's alone");

	/* The merge rule: a record dated after this machine's clock (a wrong
	 * clock wrote it) counts as older than any other write. */
	op = op_state("fut", 1, 4102444800LL, 0);	/* 2100-01-01 */
	bm_set_apply(&s, &op);
	op = op_state("fut", 2, (int64_t)time(NULL), 0);
	bm_set_apply(&s, &op);
	r = bm_set_state(&s, "fut");
	ok(r && r->offset == 2, "a write now wins over a state dated 2100");
	op = op_state("fut", 3, (int64_t)time(NULL) - 10, 0);
	bm_set_apply(&s, &op);
	ok(bm_set_state(&s, "fut")->offset == 2,
	    "... and from then on the newest write wins again");
	op = op_last("fut-last", 4102444800LL);
	bm_set_apply(&s, &op);
	op = op_last("now-last", (int64_t)time(NULL) - 5);
	bm_set_apply(&s, &op);
	is_str(bm_set_last(&s, "/d")->path, "now-last",
	    "a LAST dated 2100 does not freeze the article to reopen");
	ok(bm_newer(5, 4, 10) && !bm_newer(4, 5, 10) && bm_newer(5, 20, 10) &&
	    !bm_newer(20, 5, 10) && bm_newer(30, 20, 10),
	    "bm_newer: later wins, a future time loses to any past one");

	/* REPLACE: only the exact record, in its place. */
	{
		static const char old[] = "# dossier bookmarks v1\n"
		    "state\t1.txt\t1.txt\t0000000000000001\t5"
		    "\t2026-11-23T18:04:05Z\t1\nx\n";
		struct bm_set t;

		bm_parse(old, sizeof old - 1, &t);
		memset(&op, 0, sizeof op);
		op.kind = BM_OP_REPLACE;
		op.old = t.v[0];
		op.rec = t.v[0];
		op.rec.kind = BM_STATE;
		op.rec.path = "/d/1.txt";
		{
			struct bm_set u;

			bm_parse(old, sizeof old - 1, &u);
			bm_set_apply(&u, &op);
			ok(u.v[0].kind == BM_STATE &&
			    strcmp(u.v[0].path, "/d/1.txt") == 0 &&
			    u.v[0].offset == 5 && u.v[0].done == 1 &&
			    u.v[1].kind == BM_RAW,
			    "REPLACE upgrades the old record in its place");
			bm_set_apply(&u, &op);
			is_int(u.n, 2, "REPLACE again is a no-op");
			bm_set_free(&u);
		}
		bm_set_free(&t);
	}
	ok(s.nraw == 1 && s.v[0].kind == BM_RAW, "ops leave RAW lines alone");
	bm_set_free(&s);
}

/* ---- the store -------------------------------------------------------- */

static void
test_store_basic(void)
{
	char *path = tpath("basic"), *lock, *data, err[512];
	struct bm_store a, b;
	struct bm_op op;
	struct stat sb;

	err[0] = '\0';
	is_int(bm_store_open(&a, path, err, sizeof err), 0,
	    "open of a missing file succeeds");
	is_int(a.set.n, 0, "a missing file is an empty set");
	is_int(bm_store_open(&b, path, err, sizeof err), 0, "second store");

	op = op_mark(BM_OP_ADD, "A1", "from A");
	is_int(bm_store_apply(&a, &op, err, sizeof err), 0, "A adds");
	ok(stat(path, &sb) == 0 && (sb.st_mode & 07777) == 0600,
	    "the dotfile has mode 0600");
	lock = xasprintf("%s.lock", path);
	ok(stat(lock, &sb) == 0 && (sb.st_mode & 07777) == 0600,
	    "the lock file has mode 0600");
	free(lock);
	op = op_mark(BM_OP_ADD, "B1", "from B");
	is_int(bm_store_apply(&b, &op, err, sizeof err), 0, "B adds");
	ok(find_mark(&b.set, "A1") && find_mark(&b.set, "B1"),
	    "B's set holds both marks after its save");
	ok(find_mark(&a.set, "B1") == NULL, "A has not seen B's mark yet");
	is_int(bm_store_reload(&a, err, sizeof err), 0, "A reloads");
	ok(find_mark(&a.set, "A1") && find_mark(&a.set, "B1"),
	    "A's set holds both marks after a reload");

	/* A deletes while B, not knowing, adds. */
	op = op_mark(BM_OP_DEL, "A1", NULL);
	is_int(bm_store_apply(&a, &op, err, sizeof err), 0, "A deletes A1");
	op = op_mark(BM_OP_ADD, "B2", "from B again");
	is_int(bm_store_apply(&b, &op, err, sizeof err), 0, "B adds B2");
	ok(!find_mark(&b.set, "A1") && find_mark(&b.set, "B1") &&
	    find_mark(&b.set, "B2"), "B sees A's delete and keeps its add");
	op = op_mark(BM_OP_ADD, "A2", "from A again");
	is_int(bm_store_apply(&a, &op, err, sizeof err), 0, "A adds A2");
	ok(a.set.n == 3 && !find_mark(&a.set, "A1") &&
	    find_mark(&a.set, "B1") && find_mark(&a.set, "B2") &&
	    find_mark(&a.set, "A2"), "A ends with B1, B2, A2");

	/* Reading state: the newer write wins whoever saves last. */
	op = op_state("sub/x.txt", 500, 2000, 1);
	is_int(bm_store_apply(&a, &op, err, sizeof err), 0, "A saves a state");
	op = op_state("sub/x.txt", 10, 1000, 0);
	is_int(bm_store_apply(&b, &op, err, sizeof err), 0,
	    "B saves an older state");
	ok(bm_set_state(&b.set, "sub/x.txt") &&
	    bm_set_state(&b.set, "sub/x.txt")->offset == 500,
	    "the newer state survives B's older one");
	op = op_last("sub/x.txt", 3000);
	is_int(bm_store_apply(&b, &op, err, sizeof err), 0, "B saves last");
	bm_store_reload(&a, err, sizeof err);
	ok(bm_set_last(&a.set, "/d") &&
	    strcmp(bm_set_last(&a.set, "/d")->path, "sub/x.txt") == 0,
	    "A sees the article last read");
	is_int(a.npending + b.npending, 0, "nothing pending after saves");

	data = slurp(path, NULL);
	ok(data && strncmp(data, "# dossier bookmarks v2\n", 23) == 0,
	    "the file starts with the version line");
	free(data);
	bm_store_close(&a);
	bm_store_close(&b);
	free(path);
}

static void
test_store_keeps_raw(void)
{
	static const char in[] =
	    "# dossier bookmarks v1\r\n"
	    "# my notes\n"
	    "garbage from a newer dossier\n"
	    "bookmark\tm1\t/r\t0123456789abcdef\t12\t2026-11-23T18:04:05Z\tl\ts\n"
	    "mark\tm1\tn\tr\t0123456789abcdef\t12\t2026-11-23T18:04:05Z\tl\ts\n"
	    "\xFF\xFE binary junk\0with nul\n"
	    "no final newline";
	static const char want[] =
	    "# dossier bookmarks v2\n"
	    "# my notes\n"
	    "garbage from a newer dossier\n"
	    "mark\tm1\tn\tr\t0123456789abcdef\t12\t2026-11-23T18:04:05Z\tl\ts\n"
	    "\xFF\xFE binary junk\0with nul\n"
	    "no final newline\n"
	    "bookmark\tm2\t/d/sub/article.txt\t0123456789abcdef\t42"
	    "\t2026-11-23T18:04:05Z\tnew\ta snippet\n";
	char *path = tpath("raw"), *data, err[512];
	struct bm_store st;
	struct bm_op op;
	size_t len;

	write_file(path, in, sizeof in - 1);
	is_int(bm_store_open(&st, path, err, sizeof err), 0,
	    "open a file with hand edits");
	is_int(st.set.nraw, 3, "three lines not understood, to report");
	op = op_mark(BM_OP_DEL, "m1", NULL);
	bm_store_apply(&st, &op, err, sizeof err);
	op = op_mark(BM_OP_ADD, "m2", "new");
	is_int(bm_store_apply(&st, &op, err, sizeof err), 0, "save");
	data = slurp(path, &len);
	ok(data && len == sizeof want - 1 && memcmp(data, want, len) == 0,
	    "comments and unknown lines survive saves byte for byte");
	free(data);
	bm_store_close(&st);
	free(path);
}

static void
test_store_newer(void)
{
	static const char in[] = "# dossier bookmarks v7\nsomething\tnew\n";
	char *path = tpath("newer"), *data, err[512];
	struct bm_store st;
	struct bm_op op;
	size_t len;

	write_file(path, in, sizeof in - 1);
	err[0] = '\0';
	is_int(bm_store_open(&st, path, err, sizeof err), -1,
	    "a newer version is reported at open");
	ok(strstr(err, "written by a newer") == err && strstr(err, "/newer"),
	    "message, the reason first: %s", err);
	op = op_mark(BM_OP_ADD, "n1", "x");
	err[0] = '\0';
	is_int(bm_store_apply(&st, &op, err, sizeof err), -1,
	    "a newer version is never rewritten");
	ok(find_mark(&st.set, "n1") != NULL, "the mark is still shown");
	data = slurp(path, &len);
	ok(data && len == sizeof in - 1 && memcmp(data, in, len) == 0,
	    "the newer file is untouched");
	free(data);
	bm_store_close(&st);
	free(path);
}

static void
test_store_unwritable(void)
{
	char *dir = tpath("later"), *path = tpath("later/bm");
	char *file = tpath("plainfile"), *under = tpath("plainfile/bm");
	char *keep = tpath("kept"), *lock, *data, err[512];
	struct bm_store st;
	struct bm_op op;
	struct stat sb;
	size_t len, before_len;
	char *before;

	/* A folder that does not exist yet. */
	is_int(bm_store_open(&st, path, err, sizeof err), 0,
	    "missing folder: open treats it as empty");
	op = op_mark(BM_OP_ADD, "p1", "pending");
	err[0] = '\0';
	is_int(bm_store_apply(&st, &op, err, sizeof err), -1,
	    "missing folder: save fails");
	ok(strstr(err, "No such file") && strstr(err, "later/bm"),
	    "missing folder: message names the path: %s", err);
	ok(find_mark(&st.set, "p1") != NULL, "missing folder: mark in memory");
	is_int(st.npending, 1, "missing folder: op pending");
	op = op_mark(BM_OP_ADD, "p2", "pending too");
	is_int(bm_store_apply(&st, &op, err, sizeof err), -1,
	    "missing folder: second save fails");
	ok(find_mark(&st.set, "p1") && find_mark(&st.set, "p2"),
	    "missing folder: both marks in memory");
	ok(stat(path, &sb) < 0, "missing folder: nothing written");
	mkdir(dir, 0700);
	op = op_mark(BM_OP_ADD, "p3", "now it works");
	is_int(bm_store_apply(&st, &op, err, sizeof err), 0,
	    "folder created: the next save succeeds");
	bm_store_close(&st);
	bm_store_open(&st, path, err, sizeof err);
	ok(find_mark(&st.set, "p1") && find_mark(&st.set, "p2") &&
	    find_mark(&st.set, "p3") && st.npending == 0,
	    "the pending ops were written with the next save");
	bm_store_close(&st);

	/* A path that cannot exist: its parent is a regular file. */
	write_file(file, "x", 1);
	err[0] = '\0';
	is_int(bm_store_open(&st, under, err, sizeof err), -1,
	    "parent is a file: open reports it");
	ok(strstr(err, "plainfile/bm") != NULL, "parent is a file: %s", err);
	op = op_mark(BM_OP_ADD, "f1", "x");
	err[0] = '\0';
	is_int(bm_store_apply(&st, &op, err, sizeof err), -1,
	    "parent is a file: save fails");
	ok(strstr(err, "plainfile/bm") != NULL, "parent is a file: %s", err);
	ok(find_mark(&st.set, "f1") != NULL, "parent is a file: mark in memory");
	bm_store_close(&st);

	/* An existing file that cannot be replaced (root ignores modes, so
	 * the lock file is made a directory): the file stays as it was. */
	op = op_mark(BM_OP_ADD, "k1", "kept");
	bm_store_open(&st, keep, err, sizeof err);
	bm_store_apply(&st, &op, err, sizeof err);
	bm_store_close(&st);
	before = slurp(keep, &before_len);
	lock = xasprintf("%s.lock", keep);
	unlink(lock);
	mkdir(lock, 0700);
	bm_store_open(&st, keep, err, sizeof err);
	op = op_mark(BM_OP_ADD, "k2", "cannot");
	is_int(bm_store_apply(&st, &op, err, sizeof err), -1,
	    "cannot lock: save fails: %s", err);
	ok(find_mark(&st.set, "k1") && find_mark(&st.set, "k2"),
	    "cannot lock: set shows old and new");
	data = slurp(keep, &len);
	ok(data && before && len == before_len &&
	    memcmp(data, before, len) == 0, "cannot lock: file untouched");
	free(data);
	rmdir(lock);
	is_int(bm_store_apply(&st, NULL, err, sizeof err), 0,
	    "retry with no new op writes the pending one");
	is_int(st.npending, 0, "nothing pending after the retry");
	bm_store_close(&st);

	/* A read-only folder. */
	if (geteuid() == 0) {
		ok(1, "# SKIP read-only folder: root writes anyway");
	} else {
		char *ro = tpath("ro"), *rop = tpath("ro/bm");

		mkdir(ro, 0700);
		write_file(rop, "# dossier bookmarks v1\n", 23);
		chmod(ro, 0500);
		bm_store_open(&st, rop, err, sizeof err);
		op = op_mark(BM_OP_ADD, "r1", "ro");
		is_int(bm_store_apply(&st, &op, err, sizeof err), -1,
		    "read-only folder: save fails: %s", err);
		data = slurp(rop, NULL);
		ok(data && strcmp(data, "# dossier bookmarks v1\n") == 0 &&
		    find_mark(&st.set, "r1"),
		    "read-only folder: file untouched, mark in memory");
		free(data);
		chmod(ro, 0700);
		bm_store_close(&st);
		free(ro);
		free(rop);
	}

	/* The dotfile is a directory: it cannot be read, so not written. */
	bm_store_open(&st, dir, err, sizeof err);
	op = op_mark(BM_OP_ADD, "d1", "x");
	is_int(bm_store_apply(&st, &op, err, sizeof err), -1,
	    "dotfile is a folder: save fails: %s", err);
	ok(stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode),
	    "dotfile is a folder: still a folder");
	bm_store_close(&st);

	free(before);
	free(lock);
	free(dir);
	free(path);
	free(file);
	free(under);
	free(keep);
}

static void
test_store_symlink(void)
{
	char *real = tpath("real"), *link = tpath("link"), err[512];
	struct bm_store st;
	struct bm_op op;
	struct stat sb;
	struct bm_set s;

	if (symlink("real", link) < 0) {
		ok(1, "# SKIP no symbolic links here");
		return;
	}
	bm_store_open(&st, link, err, sizeof err);
	op = op_mark(BM_OP_ADD, "s1", "via link");
	is_int(bm_store_apply(&st, &op, err, sizeof err), 0,
	    "save through a dangling link");
	ok(lstat(link, &sb) == 0 && S_ISLNK(sb.st_mode),
	    "the link is still a link");
	parse_file(real, &s);
	ok(find_mark(&s, "s1") != NULL, "its target holds the mark");
	bm_set_free(&s);
	op = op_mark(BM_OP_ADD, "s2", "again");
	bm_store_apply(&st, &op, err, sizeof err);
	parse_file(real, &s);
	ok(lstat(link, &sb) == 0 && S_ISLNK(sb.st_mode) &&
	    find_mark(&s, "s1") && find_mark(&s, "s2"),
	    "a second save goes through the link too");
	bm_set_free(&s);
	bm_store_close(&st);
	free(real);
	free(link);
}

/* A full disk, simulated with a file size limit (which root obeys too).
 * Runs in a child so the limit stays there; returns a bit per failure. */
static int
child_disk_full(const char *path)
{
	struct rlimit rl = { 4096, RLIM_INFINITY };
	struct bm_store st;
	struct bm_op op;
	char *before, *after, *label, err[512];
	size_t blen, alen;
	int bits = 0;

	before = slurp(path, &blen);
	label = xmalloc(20001);
	memset(label, 'L', 20000);
	label[20000] = '\0';
	bm_store_open(&st, path, err, sizeof err);
	setrlimit(RLIMIT_FSIZE, &rl);
	op = op_mark(BM_OP_ADD, "big", label);
	err[0] = '\0';
	bits |= (bm_store_apply(&st, &op, err, sizeof err) != -1) << 0;
	bits |= (strstr(err, "File too large: ") != err ||
	    strstr(err, "/full") == NULL) << 1;
	bits |= (find_mark(&st.set, "big") == NULL) << 2;
	bits |= (st.npending != 1) << 3;
	diag("disk full: %s", err);
	fflush(stdout);
	after = slurp(path, &alen);
	bits |= !(before && after && alen == blen &&
	    memcmp(before, after, blen) == 0) << 4;
	free(after);
	rl.rlim_cur = RLIM_INFINITY;
	setrlimit(RLIMIT_FSIZE, &rl);
	bits |= (bm_store_apply(&st, NULL, err, sizeof err) != 0) << 5;
	bm_store_close(&st);
	bm_store_open(&st, path, err, sizeof err);
	bits |= (find_mark(&st.set, "big") == NULL ||
	    find_mark(&st.set, "small") == NULL) << 6;
	bm_store_close(&st);
	free(before);
	free(label);
	return bits;
}

static void
test_store_disk_full(void)
{
	static const char *what[] = {
		"disk full: save fails",
		"disk full: the reason first (File too large), then the path",
		"disk full: mark in memory",
		"disk full: op pending",
		"disk full: file untouched",
		"disk full: retry succeeds once there is room",
		"disk full: the retry wrote old and new marks",
	};
	char *path = tpath("full"), err[512];
	struct bm_store st;
	struct bm_op op;
	int status = -1, bits, i, stale = 0;
	struct dirent *e;
	DIR *d;
	pid_t pid;

	bm_store_open(&st, path, err, sizeof err);
	op = op_mark(BM_OP_ADD, "small", "fits");
	bm_store_apply(&st, &op, err, sizeof err);
	bm_store_close(&st);
	fflush(stdout);
	if ((pid = fork()) == 0)
		_exit(child_disk_full(path));
	waitpid(pid, &status, 0);
	bits = WIFEXITED(status) ? WEXITSTATUS(status) : 0xff;
	for (i = 0; i < 7; i++)
		ok(!(bits & 1 << i), "%s", what[i]);
	if ((d = opendir(tmpdir))) {
		while ((e = readdir(d)))
			stale += strncmp(e->d_name, "full.tmp", 8) == 0;
		closedir(d);
	}
	is_int(stale, 0, "disk full: the temporary file was removed");
	free(path);
}

static void
test_store_odd_paths(void)
{
	char *dir = tpath("odd/"), *lock = tpath("odd/.lock"), err[512];
	struct bm_store st;
	struct bm_op op;
	struct stat sb;

	mkdir(dir, 0700);
	bm_store_open(&st, dir, err, sizeof err);
	op = op_mark(BM_OP_ADD, "o1", "x");
	is_int(bm_store_apply(&st, &op, err, sizeof err), -1,
	    "a path ending in / fails: %s", err);
	ok(stat(lock, &sb) < 0, "and leaves no lock file inside the folder");
	bm_store_close(&st);
	bm_store_open(&st, "", err, sizeof err);
	is_int(bm_store_apply(&st, &op, err, sizeof err), -1,
	    "an empty path fails: %s", err);
	ok(find_mark(&st.set, "o1") != NULL, "the mark stays in memory");
	bm_store_close(&st);
	free(dir);
	free(lock);
}

/* ---- processes -------------------------------------------------------- */

static int
child_adds(const char *path, const char *prefix, int n)
{
	struct bm_store st;
	struct bm_op op;
	char id[64], err[512];
	int i, failed = 0;

	/* The lock is only tried for a moment: a save that finds it taken
	 * keeps its op for the next one, and the last saves them all. */
	bm_store_open(&st, path, err, sizeof err);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "%s-%d", prefix, i);
		op = op_mark(BM_OP_ADD, id, prefix);
		if (bm_store_apply(&st, &op, err, sizeof err) < 0 &&
		    strncmp(err, "locked by another dossier: ", 27) != 0)
			failed++;
	}
	failed += bm_store_flush(&st, 20000, err, sizeof err) != 0;
	failed += st.set.n != (size_t)n && find_mark(&st.set, id) == NULL;
	bm_store_close(&st);
	return failed ? 1 : 0;
}

static void
test_concurrent(void)
{
	char *path = tpath("concurrent"), id[64];
	pid_t pid[2];
	int i, status, bad = 0, missing = 0;
	struct bm_set s;

	fflush(stdout);
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		if (pid[i] == 0)
			_exit(child_adds(path, i ? "right" : "left", 100));
	}
	for (i = 0; i < 2; i++) {
		if (waitpid(pid[i], &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			bad++;
	}
	is_int(bad, 0, "both writers finished: no save failed but on the lock, "
	    "and the pending ones were flushed");
	ok(parse_file(path, &s) == 0, "the file is there");
	is_int(s.nraw, 0, "the file parses completely");
	is_int(count_kind(&s, BM_MARK), 200, "all 200 marks of both writers");
	for (i = 0; i < 200; i++) {
		snprintf(id, sizeof id, "%s-%d", i < 100 ? "left" : "right",
		    i % 100);
		missing += find_mark(&s, id) == NULL;
	}
	is_int(missing, 0, "each mark by id");
	bm_set_free(&s);
	free(path);
}

/* Save marks until killed; one byte on fd per save known complete. */
static _Noreturn void
child_saves(const char *path, int iter, int fd)
{
	struct bm_store st;
	struct bm_op op;
	char id[64], err[512];
	int i;

	bm_store_open(&st, path, err, sizeof err);
	for (i = 0; i < 200; i++) {
		snprintf(id, sizeof id, "kill%d-%d", iter, i);
		op = op_mark(BM_OP_ADD, id, "killed");
		if (bm_store_apply(&st, &op, err, sizeof err) < 0 ||
		    write(fd, "x", 1) != 1)
			break;
		if (i % 4 == 0) {
			op = op_state("sub/article.txt", (uint64_t)i,
			    (int64_t)i, 0);
			bm_store_apply(&st, &op, err, sizeof err);
		}
	}
	for (;;)
		pause();
}

static void
test_kill9(void)
{
	char *path = tpath("killed"), id[64], err[512], buf[256];
	int known[20] = { 0 }, iter, j, fds[2], bad_parse = 0, lost = 0;
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	int total = 0, stale = 0;
	struct bm_store st;
	struct bm_op op;
	struct bm_set s;
	struct dirent *e;
	ssize_t n;
	pid_t pid;
	DIR *d;

	diag("kill -9 seed %u", seed);
	srand(seed);
	bm_store_open(&st, path, err, sizeof err);
	op = op_mark(BM_OP_ADD, "before", "x");
	bm_store_apply(&st, &op, err, sizeof err);
	bm_store_close(&st);
	for (iter = 0; iter < 20; iter++) {
		if (pipe(fds) < 0)
			break;
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			close(fds[0]);
			child_saves(path, iter, fds[1]);
		}
		close(fds[1]);
		/* a sanitizer build saves slowly: give it time for some */
		usleep((useconds_t)(rand() % 40000));
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		while ((n = read(fds[0], buf, sizeof buf)) > 0)
			known[iter] += (int)n;
		close(fds[0]);
		total += known[iter];

		if (parse_file(path, &s) < 0 || s.nraw != 0 || s.version != BM_VERSION ||
		    !find_mark(&s, "before")) {
			diag("after kill %d: nraw %zu version %d", iter, s.nraw,
			    s.version);
			bad_parse++;
		}
		for (j = 0; j <= iter * 200; j++) {
			if (j % 200 >= known[j / 200])
				continue;
			snprintf(id, sizeof id, "kill%d-%d", j / 200, j % 200);
			if (!find_mark(&s, id)) {
				diag("after kill %d: %s lost", iter, id);
				lost++;
			}
		}
		bm_set_free(&s);
	}
	diag("%d saves known complete before the kills", total);
	is_int(bad_parse, 0, "after every kill -9 the file parses whole");
	is_int(lost, 0, "after every kill -9 no completed save is lost");
	ok(total > 0, "some saves completed between the kills");

	/* A save under the lock clears temporary files left by the kills. */
	bm_store_open(&st, path, err, sizeof err);
	op = op_mark(BM_OP_ADD, "after", "x");
	is_int(bm_store_apply(&st, &op, err, sizeof err), 0,
	    "a save after the kills works");
	bm_store_close(&st);
	if ((d = opendir(tmpdir))) {
		while ((e = readdir(d)))
			stale += strncmp(e->d_name, "killed.tmp", 10) == 0;
		closedir(d);
	}
	is_int(stale, 0, "no temporary file left behind");
	free(path);
}

int
main(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(tmpdir, sizeof tmpdir, "%s/test_bookmarks.XXXXXX",
	    base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror(tmpdir);
		return 1;
	}
	test_roundtrip_fields();
	test_canonical();
	test_times();
	test_raw_lines();
	test_line_endings();
	test_newer_version();
	test_long_lines();
	test_fingerprint_and_ids();
	test_reanchor();
	test_apply();
	test_store_basic();
	test_store_keeps_raw();
	test_store_newer();
	test_store_unwritable();
	test_store_symlink();
	test_store_disk_full();
	test_store_odd_paths();
	test_concurrent();
	test_kill9();
	rm_rf(tmpdir);
	return tap_done();
}
