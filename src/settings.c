/* settings.c - the config file parser.
 *
 * Each line is checked whole before any of it applies, so a bad line
 * changes nothing.  Messages quote the offending word made safe and cut
 * short: a config file may hold anything, and the message goes to a
 * terminal.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keymap.h"
#include "settings.h"
#include "text.h"

/* Words looked at per line: one more than any setting takes, to notice
 * extra words. */
#define MAX_WORDS 5
/* Columns of a quoted word in a message. */
#define QUOTE_COLS 40

static const char *const element_names[SETTINGS_NELEMENTS] = {
	[SETTINGS_TITLE] = "title",
	[SETTINGS_HEADING] = "heading",
	[SETTINGS_STATUS] = "status",
	[SETTINGS_SELECTED] = "selected",
	[SETTINGS_MARKER] = "marker",
	[SETTINGS_DIM] = "dim",
	[SETTINGS_MATCH] = "match",
	[SETTINGS_CURRENT] = "current",
	[SETTINGS_COUNT] = "count",
};

/* In curses' order: the index is the colour number. */
static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

/* One file being parsed: where messages go and how many were made. */
struct parser {
	struct settings *s;
	const char *path;
	struct buf *errors;
	size_t lineno;
	int bad;
};

void
settings_defaults(struct settings *s)
{
	memset(s, 0, sizeof *s);
	s->side_width = -1;
	s->max_width = SETTINGS_MAX_WIDTH_DEFAULT;
	s->justify = 0;
	s->read_on = 1;
}

void
settings_free(struct settings *s)
{
	free(s->bindings);
	settings_defaults(s);
}

const char *
settings_element_name(enum settings_element e)
{
	return (unsigned)e < SETTINGS_NELEMENTS ? element_names[e] : NULL;
}

static void
put_path(struct buf *b, const char *path)
{
	text_sanitize(b, (const unsigned char *)path, strlen(path));
}

/* Report the current line as bad: "dossier: PATH:LINE: " then fmt, where
 * every %s is a word from the file, quoted and made safe. */
static void
bad_line(struct parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
bad_line(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	const char *f;

	p->bad++;
	if (p->bad > SETTINGS_MAX_ERRORS)
		return;
	buf_adds(p->errors, "dossier: ");
	put_path(p->errors, p->path);
	buf_printf(p->errors, ":%zu: ", p->lineno);
	va_start(ap, fmt);
	for (f = fmt; *f; f++) {
		if (f[0] == '%' && f[1] == 's') {
			const char *w = va_arg(ap, const char *);

			buf_addc(p->errors, '\'');
			text_fit(p->errors, (const unsigned char *)w, strlen(w),
			    QUOTE_COLS);
			buf_addc(p->errors, '\'');
			f++;
		} else if (f[0] == '%' && f[1] == 'd') {
			buf_printf(p->errors, "%d", va_arg(ap, int));
			f++;
		} else {
			buf_addc(p->errors, *f);
		}
	}
	va_end(ap);
	buf_addc(p->errors, '\n');
}

/* A whole number from 0 to max, digits only; -1 when it is not one. */
static int
parse_uint(const char *w, int max)
{
	long v = 0;

	if (!*w)
		return -1;
	for (; *w; w++) {
		if (*w < '0' || *w > '9')
			return -1;
		v = v * 10 + (*w - '0');
		if (v > max)
			return -1;
	}
	return (int)v;
}

/* A colour name or number; -2 when it is neither. */
static int
parse_color(const char *w)
{
	size_t i;
	int n;

	if (strcasecmp(w, "default") == 0)
		return SETTINGS_COLOR_DEFAULT;
	for (i = 0; i < sizeof color_names / sizeof color_names[0]; i++)
		if (strcasecmp(w, color_names[i]) == 0)
			return (int)i;
	n = parse_uint(w, 255);
	return n < 0 ? -2 : n;
}

static int
parse_element(const char *w)
{
	int e;

	for (e = 0; e < SETTINGS_NELEMENTS; e++)
		if (strcasecmp(w, element_names[e]) == 0)
			return e;
	return -1;
}

static void
do_bind(struct parser *p, char **word, int n)
{
	enum action act;
	int key;

	if (n != 3) {
		bad_line(p, n < 3 ? "bind needs a key and an action" :
		    "too many words: bind takes a key and an action");
		return;
	}
	key = keymap_parse(word[1]);
	if (key < 0) {
		bad_line(p, "unknown key %s (a character, C-a to C-z, F1 to "
		    "F63, or a name such as PgDn)", word[1]);
		return;
	}
	act = action_by_name(word[2]);
	if (act == ACT_NONE && strcmp(word[2], "none") != 0) {
		bad_line(p, "unknown action %s (dossier(1) lists them)", word[2]);
		return;
	}
	GROW(p->s->bindings, p->s->capbindings, p->s->nbindings + 1);
	p->s->bindings[p->s->nbindings].key = key;
	p->s->bindings[p->s->nbindings].action = act;
	p->s->nbindings++;
}

static void
do_color(struct parser *p, char **word, int n)
{
	struct settings_color *c;
	int e, fg, bg = SETTINGS_COLOR_DEFAULT;

	if (n < 3 || n > 4) {
		bad_line(p, n < 3 ? "color needs an element and a colour" :
		    "too many words: color takes an element, a foreground and "
		    "a background");
		return;
	}
	e = parse_element(word[1]);
	if (e < 0) {
		bad_line(p, "unknown element %s (title, heading, status, "
		    "selected, marker, dim, match, current, count)", word[1]);
		return;
	}
	fg = parse_color(word[2]);
	if (fg == -2 || (n == 4 && (bg = parse_color(word[3])) == -2)) {
		bad_line(p, "unknown colour %s (default, black, red, green, "
		    "yellow, blue, magenta, cyan, white, or 0-255)",
		    word[fg == -2 ? 2 : 3]);
		return;
	}
	c = &p->s->colors[e];
	c->fg = fg;
	c->set |= SETTINGS_FG;
	if (n == 4) {
		c->bg = bg;
		c->set |= SETTINGS_BG;
	}
}

/* side-width and max-width */
static void
do_width(struct parser *p, char **word, int n, int *out, int allow_auto)
{
	int v;

	if (n != 2) {
		if (n < 2)
			bad_line(p, allow_auto ? "side-width needs a number" :
			    "max-width needs a number");
		else
			bad_line(p, allow_auto ?
			    "too many words: side-width takes one number" :
			    "too many words: max-width takes one number");
		return;
	}
	if (allow_auto && strcasecmp(word[1], "auto") == 0) {
		*out = -1;
		return;
	}
	v = parse_uint(word[1], SETTINGS_WIDTH_MAX);
	if (v < 0) {
		if (allow_auto)
			bad_line(p, "side-width: %s is not a number from 0 to %d, nor auto",
			    word[1], SETTINGS_WIDTH_MAX);
		else
			bad_line(p, "max-width: %s is not a number from 0 "
			    "to %d", word[1], SETTINGS_WIDTH_MAX);
		return;
	}
	*out = v;
}

/* A setting that is on or off (justify, read-on); the messages name it
 * unquoted (word[0] is one of ours by now). */
static void
do_switch(struct parser *p, char **word, int n, int *out)
{
	int justify = strcmp(word[0], "justify") == 0;

	static const char *const yes[] = { "on", "yes", "true", "1" };
	static const char *const no[] = { "off", "no", "false", "0" };
	size_t i;

	if (n != 2) {
		if (n < 2)
			bad_line(p, justify ? "justify needs on or off" :
			    "read-on needs on or off");
		else
			bad_line(p, justify ? "too many words: justify takes "
			    "on or off" : "too many words: read-on takes on "
			    "or off");
		return;
	}
	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(word[1], yes[i]) == 0) {
			*out = 1;
			return;
		}
		if (strcasecmp(word[1], no[i]) == 0) {
			*out = 0;
			return;
		}
	}
	bad_line(p, justify ? "justify: %s is not on or off" :
	    "read-on: %s is not on or off", word[1]);
}

static int
is_blank_char(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* One line, without its line break. */
static void
parse_line(struct parser *p, const char *s, size_t len)
{
	char line[SETTINGS_LINE_MAX + 1], *word[MAX_WORDS], *q;
	int n = 0;

	if (len > SETTINGS_LINE_MAX) {
		bad_line(p, "line too long (over %d bytes)", SETTINGS_LINE_MAX);
		return;
	}
	if (memchr(s, '\0', len)) {
		bad_line(p, "a NUL byte in the line");
		return;
	}
	memcpy(line, s, len);
	line[len] = '\0';
	for (q = line; *q;) {
		while (is_blank_char(*q))
			*q++ = '\0';
		if (!*q)
			break;
		if (n == 0 && *q == '#')
			return;  /* a comment */
		if (n < MAX_WORDS)
			word[n] = q;
		n++;
		while (*q && !is_blank_char(*q))
			q++;
	}
	if (n == 0)
		return;
	if (n > MAX_WORDS)
		n = MAX_WORDS;  /* more than any setting takes either way */
	if (strcmp(word[0], "bind") == 0)
		do_bind(p, word, n);
	else if (strcmp(word[0], "color") == 0 ||
	    strcmp(word[0], "colour") == 0)
		do_color(p, word, n);
	else if (strcmp(word[0], "side-width") == 0)
		do_width(p, word, n, &p->s->side_width, 1);
	else if (strcmp(word[0], "max-width") == 0)
		do_width(p, word, n, &p->s->max_width, 0);
	else if (strcmp(word[0], "justify") == 0)
		do_switch(p, word, n, &p->s->justify);
	else if (strcmp(word[0], "read-on") == 0)
		do_switch(p, word, n, &p->s->read_on);
	else
		bad_line(p, "unknown setting %s (bind, color, side-width, "
		    "max-width, justify, read-on)", word[0]);
}

int
settings_parse(struct settings *s, const char *path, const char *buf,
    size_t len, struct buf *errors)
{
	struct parser p = { s, path ? path : "(config)", errors, 0, 0 };
	size_t pos = 0, start, end;

	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len) {
		start = pos;
		while (pos < len && buf[pos] != '\n' && buf[pos] != '\r')
			pos++;
		end = pos;
		/* LF, CRLF or a lone CR ends the line */
		if (pos < len && buf[pos] == '\r')
			pos++;
		if (pos < len && buf[pos] == '\n')
			pos++;
		p.lineno++;
		parse_line(&p, buf + start, end - start);
	}
	if (p.bad > SETTINGS_MAX_ERRORS) {
		buf_adds(errors, "dossier: ");
		put_path(errors, p.path);
		buf_printf(errors, ": %d more bad lines not shown\n",
		    p.bad - SETTINGS_MAX_ERRORS);
	}
	return p.bad;
}

char *
settings_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home;

	/* the XDG spec: a relative path there is to be ignored */
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/dossier/config", xdg);
	home = getenv("HOME");
	if (!home || !*home)
		return NULL;
	return xasprintf("%s/.config/dossier/config", home);
}

int
settings_load(struct settings *s, const char *path, struct buf *errors)
{
	char *own = NULL, *data;
	size_t len;
	int bad;

	if (!path) {
		path = own = settings_default_path();
		if (!path)
			return 0;
	}
	if (util_read_file(path, &data, &len) < 0) {
		int err = errno;

		if (err == ENOENT) {
			free(own);
			return 0;
		}
		buf_adds(errors, "dossier: ");
		put_path(errors, path);
		buf_printf(errors, ": %s\n", err == EINVAL ?
		    "not a regular file" : strerror(err));
		free(own);
		return 1;
	}
	bad = settings_parse(s, path, data, len, errors);
	free(data);
	free(own);
	return bad;
}
