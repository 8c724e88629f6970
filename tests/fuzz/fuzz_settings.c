/* fuzz_settings.c - the config file parser.
 *
 * Input: the first byte n, then n bytes of a path (for the messages), then
 * the config file.  Checks that:
 *
 * - every value is in its range and every binding names a key that
 *   keymap_parse() reads back from keymap_key_name();
 * - the messages are one line per bad line (at most SETTINGS_MAX_ERRORS,
 *   then one summing up the rest), each "dossier: PATH:LINE: ..." with the
 *   path made safe, and none holds invalid UTF-8 or a control character;
 * - the file applied line by line (split here, independently of the
 *   parser) gives the same settings, and a bad line changes nothing;
 * - the settings written back out as a config file parse, with no bad
 *   line, to the same settings (the same bindings in the same order).
 */
#include "config.h"

#include <string.h>

#include "keymap.h"
#include "settings.h"
#include "text.h"
#include "util.h"

#include "fuzz.h"

static void
copy_settings(struct settings *to, const struct settings *from)
{
	*to = *from;
	to->bindings = NULL;
	to->capbindings = 0;
	if (from->nbindings) {
		to->bindings = xmalloc(from->nbindings * sizeof *to->bindings);
		memcpy(to->bindings, from->bindings,
		    from->nbindings * sizeof *to->bindings);
		to->capbindings = from->nbindings;
	}
}

/* 0 when a and b hold the same settings. */
static int
settings_differ(const struct settings *a, const struct settings *b)
{
	int e;

	if (a->side_width != b->side_width || a->max_width != b->max_width ||
	    a->justify != b->justify || a->nbindings != b->nbindings)
		return 1;
	if (a->nbindings && memcmp(a->bindings, b->bindings,
	    a->nbindings * sizeof *a->bindings) != 0)
		return 1;
	for (e = 0; e < SETTINGS_NELEMENTS; e++) {
		const struct settings_color *x = &a->colors[e], *y = &b->colors[e];

		if (x->set != y->set ||
		    ((x->set & SETTINGS_FG) && x->fg != y->fg) ||
		    ((x->set & SETTINGS_BG) && x->bg != y->bg))
			return 1;
	}
	return 0;
}

static void
check_values(const struct settings *s)
{
	size_t i;
	int e;

	FUZZ_CHECK(s->side_width >= -1 && s->side_width <= SETTINGS_WIDTH_MAX,
	    "side_width %d", s->side_width);
	FUZZ_CHECK(s->max_width >= 0 && s->max_width <= SETTINGS_WIDTH_MAX,
	    "max_width %d", s->max_width);
	FUZZ_CHECK(s->justify == 0 || s->justify == 1, "justify %d",
	    s->justify);
	for (e = 0; e < SETTINGS_NELEMENTS; e++) {
		const struct settings_color *c = &s->colors[e];

		FUZZ_CHECK((c->set & ~(SETTINGS_FG | SETTINGS_BG)) == 0,
		    "colour %d: set %d", e, c->set);
		FUZZ_CHECK(c->set == 0 || (c->set & SETTINGS_FG),
		    "colour %d: a background without a foreground", e);
		FUZZ_CHECK(!(c->set & SETTINGS_FG) ||
		    (c->fg >= SETTINGS_COLOR_DEFAULT && c->fg <= 255),
		    "colour %d: fg %d", e, c->fg);
		FUZZ_CHECK(!(c->set & SETTINGS_BG) ||
		    (c->bg >= SETTINGS_COLOR_DEFAULT && c->bg <= 255),
		    "colour %d: bg %d", e, c->bg);
	}
	for (i = 0; i < s->nbindings; i++) {
		struct buf name = { 0 };
		int key = s->bindings[i].key;

		FUZZ_CHECK((unsigned)s->bindings[i].action < ACT_COUNT,
		    "binding %zu: action %d", i, (int)s->bindings[i].action);
		FUZZ_CHECK(key >= 0, "binding %zu: key %d", i, key);
		keymap_key_name(key, &name);
		buf_add(&name, "", 0);
		FUZZ_CHECK(keymap_parse(name.data) == key,
		    "binding %zu: key %d is named '%s', which reads back as %d",
		    i, key, name.data, keymap_parse(name.data));
		FUZZ_CHECK(!strpbrk(name.data, " \t\v\f\r\n#") ||
		    strcmp(name.data, "#") == 0,
		    "binding %zu: key name '%s' cannot be a word", i, name.data);
		free(name.data);
	}
}

/* The messages: count lines, and check each one's start and bytes. */
static void
check_errors(const struct buf *err, int bad, const char *safe_path,
    size_t nlines)
{
	size_t pos = 0, lines = 0, want;
	struct buf prefix = { 0 };

	buf_printf(&prefix, "dossier: %s:", safe_path);
	FUZZ_CHECK(err->len == 0 || err->data[err->len - 1] == '\n',
	    "the messages do not end in a line break");
	while (pos < err->len) {
		const char *nl = memchr(err->data + pos, '\n', err->len - pos);
		size_t end = (size_t)(nl - err->data), n;
		const char *why;

		FUZZ_CHECK(nl, "a message without its line break");
		why = fuzz_unsafe_text(err->data + pos, end - pos);
		FUZZ_CHECK(!why, "message %zu: %s", lines + 1, why);
		FUZZ_CHECK(end - pos >= prefix.len &&
		    memcmp(err->data + pos, prefix.data, prefix.len) == 0,
		    "message %zu does not start with \"%s\": %.*s", lines + 1,
		    prefix.data, (int)(end - pos), err->data + pos);
		if ((int)lines < SETTINGS_MAX_ERRORS) {
			/* LINE: a number from 1 to the number of lines */
			const char *p = err->data + pos + prefix.len;

			for (n = 0; *p >= '0' && *p <= '9'; p++)
				n = n * 10 + (size_t)(*p - '0');
			FUZZ_CHECK(*p == ':' && n >= 1 && n <= nlines,
			    "message %zu: line number %zu of %zu", lines + 1,
			    n, nlines);
		}
		lines++;
		pos = end + 1;
	}
	want = bad > SETTINGS_MAX_ERRORS ? SETTINGS_MAX_ERRORS + 1 :
	    (size_t)bad;
	FUZZ_CHECK(lines == want, "%zu messages for %d bad lines", lines, bad);
	free(prefix.data);
}

static void
put_color(struct buf *out, int c)
{
	if (c == SETTINGS_COLOR_DEFAULT)
		buf_adds(out, "default");
	else
		buf_printf(out, "%d", c);
}

/* The settings written as a config file. */
static void
write_settings(const struct settings *s, struct buf *out)
{
	size_t i;
	int e;

	for (i = 0; i < s->nbindings; i++) {
		buf_adds(out, "bind ");
		keymap_key_name(s->bindings[i].key, out);
		buf_printf(out, " %s\n", action_name(s->bindings[i].action));
	}
	for (e = 0; e < SETTINGS_NELEMENTS; e++) {
		const struct settings_color *c = &s->colors[e];

		if (!c->set)
			continue;
		buf_printf(out, "colour %s ", settings_element_name(e));
		put_color(out, c->fg);
		if (c->set & SETTINGS_BG) {
			buf_addc(out, ' ');
			put_color(out, c->bg);
		}
		buf_addc(out, '\n');
	}
	if (s->side_width < 0)
		buf_adds(out, "side-width auto\n");
	else
		buf_printf(out, "side-width %d\n", s->side_width);
	buf_printf(out, "max-width %d\njustify %s\n", s->max_width,
	    s->justify ? "on" : "off");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct settings whole, bylines, back, before;
	struct buf err = { 0 }, safe = { 0 }, text = { 0 }, one = { 0 };
	const char *file, *path;
	char *pathz;
	size_t n, len, pos, start, nlines = 0;
	int bad, bad_lines = 0;

	if (size < 1)
		return 0;
	n = data[0];
	if (n > size - 1)
		n = size - 1;
	pathz = xmalloc(n + 1);
	memcpy(pathz, data + 1, n);
	pathz[n] = '\0';
	path = n ? pathz : NULL;
	file = (const char *)data + 1 + n;
	len = size - 1 - n;

	settings_defaults(&whole);
	bad = settings_parse(&whole, path, file, len, &err);
	check_values(&whole);

	/* the lines, split here: LF, CRLF or a lone CR ends one */
	pos = len >= 3 && memcmp(file, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	settings_defaults(&bylines);
	while (pos < len) {
		struct buf e1 = { 0 };
		int b;

		start = pos;
		while (pos < len && file[pos] != '\n' && file[pos] != '\r')
			pos++;
		copy_settings(&before, &bylines);
		/* each line after a byte-order mark, which the parser skips:
		 * one that starts with a mark of its own keeps it */
		one.len = 0;
		buf_add(&one, "\xEF\xBB\xBF", 3);
		buf_add(&one, file + start, pos - start);
		b = settings_parse(&bylines, path, one.data, one.len, &e1);
		FUZZ_CHECK(b == 0 || b == 1, "one line, %d bad", b);
		FUZZ_CHECK(!b || !settings_differ(&before, &bylines),
		    "bad line %zu changed the settings", nlines + 1);
		bad_lines += b;
		free(e1.data);
		settings_free(&before);
		if (pos < len && file[pos] == '\r')
			pos++;
		if (pos < len && file[pos] == '\n')
			pos++;
		nlines++;
	}
	FUZZ_CHECK(bad == bad_lines, "%d bad lines in the file, %d one by one",
	    bad, bad_lines);
	FUZZ_CHECK(!settings_differ(&whole, &bylines),
	    "the file and its lines one by one give different settings");

	text_sanitize(&safe, (const unsigned char *)(path ? path : "(config)"),
	    strlen(path ? path : "(config)"));
	buf_add(&safe, "", 0);
	check_errors(&err, bad, safe.data, nlines);

	/* written back, read again: the same */
	write_settings(&whole, &text);
	free(err.data);
	memset(&err, 0, sizeof err);
	settings_defaults(&back);
	bad = settings_parse(&back, NULL, text.data, text.len, &err);
	FUZZ_CHECK(bad == 0, "the settings written out have %d bad lines: %.*s",
	    bad, (int)err.len, err.data);
	FUZZ_CHECK(!settings_differ(&whole, &back),
	    "the settings written out read back differently:\n%.*s",
	    (int)text.len, text.data);

	settings_free(&whole);
	settings_free(&bylines);
	settings_free(&back);
	free(err.data);
	free(safe.data);
	free(text.data);
	free(one.data);
	free(pathz);
	return 0;
}
