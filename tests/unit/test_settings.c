/* test_settings.c - the config file parser (settings.c): every setting,
 * every kind of bad line and its message, line numbers, good lines applied
 * around bad ones, CRLF, no final newline, NUL bytes, a BOM, and where the
 * file is looked for. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "action.h"
#include "keymap.h"
#include "settings.h"
#include "tap.h"
#include "util.h"

/* ---- helpers ---------------------------------------------------------- */

static struct settings s;
static struct buf err;

/* Parse the bytes into fresh defaults; errors in err; returns bad lines. */
static int
parse_n(const char *text, size_t len)
{
	settings_free(&s);
	settings_defaults(&s);
	err.len = 0;
	buf_add(&err, "", 0);
	return settings_parse(&s, "cfg", text, len, &err);
}

#define PARSE(lit) parse_n(lit, sizeof lit - 1)

static size_t
count_lines(const char *t)
{
	size_t n = 0;

	for (; t && *t; t++)
		n += *t == '\n';
	return n;
}

static int
has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

/* One bad line: exactly one message, starting "dossier: cfg:LINE: " and
 * holding want. */
static void
one_error(int bad, int line, const char *want, const char *what)
{
	char prefix[64];

	snprintf(prefix, sizeof prefix, "dossier: cfg:%d: ", line);
	if (!ok(bad == 1 && count_lines(err.data) == 1 &&
	    strncmp(err.data, prefix, strlen(prefix)) == 0 &&
	    has(err.data, want), "%s", what))
		diag("  bad=%d, errors: %s", bad, err.data);
}

static const struct settings_binding *
binding(size_t i)
{
	return i < s.nbindings ? &s.bindings[i] : NULL;
}

static int
bound(size_t i, const char *key, enum action act)
{
	const struct settings_binding *b = binding(i);

	return b && b->key == keymap_parse(key) && b->action == act;
}

/* ---- the settings ------------------------------------------------------ */

static void
test_defaults(void)
{
	int e, unset = 1;

	settings_defaults(&s);
	is_int(s.side_width, -1, "side-width is automatic by default");
	is_int(s.max_width, 80, "max-width is 80 by default");
	is_int(s.justify, 0, "justify is off by default");
	is_int(s.nbindings, 0, "no bindings by default");
	for (e = 0; e < SETTINGS_NELEMENTS; e++)
		unset &= s.colors[e].set == 0;
	ok(unset, "no colours set by default");
	is_str(settings_element_name(SETTINGS_TITLE), "title", "element title");
	is_str(settings_element_name(SETTINGS_COUNT), "count", "element count");
	ok(settings_element_name(SETTINGS_NELEMENTS) == NULL,
	    "no name past the last element");
	is_int(PARSE(""), 0, "an empty file is fine");
	is_int(err.len, 0, "  and says nothing");
	is_int(PARSE("\n\n  \n\t\n# comment\n   # indented comment\n"), 0,
	    "blank lines and comments are fine");
	is_int(err.len, 0, "  and say nothing");
}

static void
test_bind(void)
{
	is_int(PARSE("bind x quit\nbind C-n next-article\nbind F2 help\n"
	    "bind PgDn page-down\nbind Space search\nbind # mark\n"
	    "bind j none\n\tbind\tK\t up \n"), 0, "bindings parse");
	is_int(s.nbindings, 8, "eight bindings");
	ok(bound(0, "x", ACT_QUIT), "bind x quit");
	ok(bound(1, "C-n", ACT_NEXT_ARTICLE) && s.bindings[1].key == 14,
	    "bind C-n next-article (key 14)");
	ok(bound(2, "F2", ACT_HELP) && keymap_parse("F2") != '2',
	    "bind F2 help (a function key)");
	ok(bound(3, "PgDn", ACT_PAGE_DOWN), "bind PgDn page-down");
	ok(bound(4, "Space", ACT_SEARCH) && s.bindings[4].key == ' ',
	    "bind Space search");
	ok(bound(5, "#", ACT_MARK), "bind # mark: '#' as a key is no comment");
	ok(bound(6, "j", ACT_NONE), "bind j none unbinds");
	ok(bound(7, "K", ACT_UP), "tabs and spaces separate words");

	/* keys beyond ASCII, as a German, Russian or Japanese keyboard types
	 * them: get_wch() gives their code points */
	is_int(PARSE("bind \xC3\xBC next-article\nbind \xC3\x9F quit\n"
	    "bind \xD0\xB6 down\nbind \xE3\x81\x82 up\nbind \xE2\x82\xAC help\n"), 0,
	    "non-ASCII keys parse");
	ok(s.nbindings == 5 && s.bindings[0].key == 0xFC &&
	    s.bindings[1].key == 0xDF && s.bindings[2].key == 0x436 &&
	    s.bindings[3].key == 0x3042 && s.bindings[4].key == 0x20AC,
	    "  as their code points (\xC3\xBC \xC3\x9F \xD0\xB6 \xE3\x81\x82 \xE2\x82\xAC)");
	{
		struct buf name = { 0 };
		int key, all = 1;
		static const char *const names[] = {
			"x", "#", "C-n", "F2", "F63", "PgDn", "Space", "Enter",
			"\xC3\xBC", "\xE3\x81\x82", "\xF0\x9F\x98\x80",
		};
		size_t i;

		for (i = 0; i < sizeof names / sizeof names[0]; i++) {
			name.len = 0;
			key = keymap_parse(names[i]);
			keymap_key_name(key, &name);
			buf_add(&name, "", 0);
			if (key < 0 || strcmp(name.data, names[i]) != 0 ||
			    keymap_parse(name.data) != key) {
				diag("  %s: key %d named %s", names[i], key,
				    name.data);
				all = 0;
			}
		}
		ok(all, "a key's name reads back as the key");
		buf_free(&name);
	}

	/* every action in the table can be bound by its name */
	{
		int a, all = 1;
		struct buf text = { 0 };

		for (a = 1; a < ACT_COUNT; a++)
			buf_printf(&text, "bind F%d %s\n", a,
			    action_name((enum action)a));
		all = parse_n(text.data, text.len) == 0 &&
		    s.nbindings == ACT_COUNT - 1;
		for (a = 1; all && a < ACT_COUNT; a++)
			all = s.bindings[a - 1].action == (enum action)a;
		ok(all, "every action can be bound by name");
		buf_free(&text);
	}
}

static void
test_color(void)
{
	const struct settings_color *c;

	is_int(PARSE("color title red\ncolor status yellow default\n"
	    "color match 208 17\ncolour heading Cyan\n"
	    "color current default magenta\ncolor count 255 0\n"), 0,
	    "colours parse");
	c = &s.colors[SETTINGS_TITLE];
	ok(c->set == SETTINGS_FG && c->fg == 1, "color title red: fg 1 only");
	c = &s.colors[SETTINGS_STATUS];
	ok(c->set == (SETTINGS_FG | SETTINGS_BG) && c->fg == 3 &&
	    c->bg == SETTINGS_COLOR_DEFAULT,
	    "color status yellow default: fg 3, bg the terminal's");
	c = &s.colors[SETTINGS_MATCH];
	ok(c->fg == 208 && c->bg == 17, "color match 208 17: numbers");
	c = &s.colors[SETTINGS_HEADING];
	ok(c->set == SETTINGS_FG && c->fg == 6,
	    "colour (British) and names in any case");
	c = &s.colors[SETTINGS_CURRENT];
	ok(c->fg == -1 && c->bg == 5, "color current default magenta");
	c = &s.colors[SETTINGS_COUNT];
	ok(c->fg == 255 && c->bg == 0, "0 and 255 are colours");
	ok(s.colors[SETTINGS_DIM].set == 0, "what is not named stays unset");

	is_int(PARSE("color status blue white\ncolor status red\n"), 0,
	    "a second line for an element");
	c = &s.colors[SETTINGS_STATUS];
	ok(c->fg == 1 && c->bg == 7, "  changes fg and keeps the bg set "
	    "before");
}

static void
test_numbers(void)
{
	is_int(PARSE("side-width 30\nmax-width 100\njustify on\n"), 0,
	    "widths and justify parse");
	is_int(s.side_width, 30, "side-width 30");
	is_int(s.max_width, 100, "max-width 100");
	is_int(s.justify, 1, "justify on");
	is_int(PARSE("side-width 0\nmax-width 0\njustify off\n"), 0,
	    "zeros parse");
	is_int(s.side_width, 0, "side-width 0 hides the list");
	is_int(s.max_width, 0, "max-width 0: no limit");
	is_int(s.justify, 0, "justify off");
	is_int(s.read_on, 1, "read-on is on by default");
	is_int(PARSE("read-on off\n"), 0, "read-on off parses");
	is_int(s.read_on, 0, "  and turns it off");
	is_int(PARSE("read-on yes\n"), 0, "read-on yes parses");
	is_int(s.read_on, 1, "  and turns it on");
	is_int(PARSE("side-width 20\nside-width auto\n"), 0, "side-width auto");
	is_int(s.side_width, -1, "  is -1");
	is_int(PARSE("max-width 60\nmax-width 72\n"), 0, "max-width twice");
	is_int(s.max_width, 72, "  the later line wins");
	is_int(PARSE("max-width 10000\n"), 0, "max-width 10000 is the most");
	is_int(s.max_width, 10000, "  and is taken");
}

/* ---- bad lines ---------------------------------------------------------- */

static void
test_errors(void)
{
	one_error(PARSE("frobnicate 3\n"), 1, "unknown setting 'frobnicate'",
	    "unknown setting");
	one_error(PARSE("Bind x quit\n"), 1, "unknown setting 'Bind'",
	    "setting names are lower case");
	one_error(PARSE("bind x explode\n"), 1, "unknown action 'explode'",
	    "unknown action");
	ok(s.nbindings == 0, "  binds nothing");
	one_error(PARSE("bind Hyper-x quit\n"), 1, "unknown key 'Hyper-x'",
	    "unknown key");
	one_error(PARSE("bind F99 quit\n"), 1, "unknown key 'F99'",
	    "F99 is no key");
	one_error(PARSE("bind F01 quit\n"), 1, "unknown key 'F01'",
	    "F01 is no key (F1 is)");
	one_error(PARSE("bind F4294967295 quit\n"), 1,
	    "unknown key 'F4294967295'",
	    "F4294967295 is no key (not Backspace through an overflow)");
	one_error(PARSE("bind F4294967297 quit\n"), 1,
	    "unknown key 'F4294967297'", "F4294967297 is no key (nor F1)");
	one_error(PARSE("bind F64 quit\n"), 1, "unknown key 'F64'",
	    "F64 is no key");
	one_error(PARSE("bind F+1 quit\n"), 1, "unknown key 'F+1'",
	    "F+1 is no key");
	one_error(PARSE("bind \xC3\xBC\xC3\xBC quit\n"), 1,
	    "unknown key '\xC3\xBC\xC3\xBC'", "two characters are no key");
	one_error(PARSE("bind e\xCC\x88 quit\n"), 1, "unknown key",
	    "a character with a combining mark is no key");
	one_error(PARSE("bind \xCC\x88 quit\n"), 1, "unknown key",
	    "a lone combining mark is no key");
	one_error(PARSE("bind \xE2\x80\xAE quit\n"), 1, "unknown key '\xE2\x90\xA6'",
	    "a bidi override is no key (and is quoted as a picture)");
	one_error(PARSE("bind \xC2\xA0 quit\n"), 1, "unknown key",
	    "a no-break space is no key");
	one_error(PARSE("bind \xC2\x85 quit\n"), 1, "unknown key",
	    "a C1 control is no key");
	one_error(PARSE("bind \xFF quit\n"), 1, "unknown key",
	    "an invalid byte is no key");
	one_error(PARSE("bind x\n"), 1, "bind needs a key and an action",
	    "bind without an action");
	one_error(PARSE("bind x quit now\n"), 1, "too many words",
	    "bind with too many words");
	one_error(PARSE("color title mauve\n"), 1, "unknown colour 'mauve'",
	    "bad colour name");
	ok(s.colors[SETTINGS_TITLE].set == 0, "  sets nothing");
	one_error(PARSE("color title red 256\n"), 1, "unknown colour '256'",
	    "colour 256 is out of range");
	ok(s.colors[SETTINGS_TITLE].set == 0,
	    "  and a bad background leaves the foreground unset too");
	one_error(PARSE("color title -1\n"), 1, "unknown colour '-1'",
	    "colour -1 is not a colour (default is)");
	one_error(PARSE("color border red\n"), 1, "unknown element 'border'",
	    "unknown element");
	one_error(PARSE("color title\n"), 1, "needs an element and a colour",
	    "color without a colour");
	one_error(PARSE("color title red blue green\n"), 1, "too many words",
	    "color with too many words");
	one_error(PARSE("side-width wide\n"), 1,
	    "'wide' is not a number from 0 to 10000, nor auto",
	    "side-width not a number");
	is_int(s.side_width, -1, "  keeps the default");
	one_error(PARSE("side-width -5\n"), 1, "not a number",
	    "side-width negative");
	one_error(PARSE("max-width 10001\n"), 1,
	    "'10001' is not a number from 0 to 10000",
	    "max-width too big");
	is_int(s.max_width, 80, "  keeps the default");
	one_error(PARSE("max-width 99999999999999999999\n"), 1,
	    "not a number", "max-width that overflows");
	one_error(PARSE("max-width 7x\n"), 1, "not a number",
	    "max-width with junk");
	one_error(PARSE("max-width auto\n"), 1, "not a number",
	    "max-width has no auto");
	one_error(PARSE("max-width\n"), 1, "max-width needs a number",
	    "max-width without a number");
	one_error(PARSE("max-width 80 90\n"), 1, "too many words",
	    "max-width with two numbers");
	one_error(PARSE("justify maybe\n"), 1, "'maybe' is not on or off",
	    "justify maybe");
	one_error(PARSE("read-on sometimes\n"), 1,
	    "'sometimes' is not on or off", "read-on sometimes");
	one_error(PARSE("justify\n"), 1, "justify needs on or off",
	    "justify without a value");
	one_error(PARSE("justify on off\n"), 1, "too many words",
	    "justify with two values");
	one_error(PARSE("bind x quit # no comments after a setting\n"), 1,
	    "too many words", "a trailing comment is extra words");
}

static void
test_line_numbers(void)
{
	int bad;

	bad = PARSE("# config\nbind x quit\nbogus\n\nmax-width 70\n"
	    "color title nope\njustify on\n");
	is_int(bad, 2, "two bad lines of seven");
	ok(has(err.data, "dossier: cfg:3: unknown setting 'bogus'") &&
	    has(err.data, "dossier: cfg:6: unknown colour 'nope'"),
	    "messages name file and line");
	is_int(count_lines(err.data), 2, "  one message per bad line");
	ok(strstr(err.data, "cfg:3:") < strstr(err.data, "cfg:6:"),
	    "  in file order");
	ok(bound(0, "x", ACT_QUIT) && s.max_width == 70 && s.justify == 1,
	    "the good lines around them apply");
}

static void
test_line_ends(void)
{
	int bad;

	bad = PARSE("bind x quit\r\nbogus\r\nmax-width 66\r\n");
	is_int(bad, 1, "CRLF: one bad line");
	ok(has(err.data, "cfg:2: unknown setting 'bogus'") &&
	    !has(err.data, "\r"), "CRLF: line 2, no CR in the message");
	ok(bound(0, "x", ACT_QUIT) && s.max_width == 66,
	    "CRLF: the words do not end in CR");

	bad = PARSE("justify on\rbogus\rside-width 12");
	ok(bad == 1 && has(err.data, "cfg:2:") && s.justify == 1 &&
	    s.side_width == 12, "lone CR ends lines too");

	bad = PARSE("bind x quit\nmax-width 50");
	ok(bad == 0 && s.max_width == 50,
	    "the last line applies without a final newline");
	bad = PARSE("max-width 50\nbogus");
	ok(bad == 1 && has(err.data, "cfg:2:"),
	    "a bad last line without a newline is reported");

	bad = PARSE("\xEF\xBB\xBFmax-width 44\n");
	ok(bad == 0 && s.max_width == 44, "a leading BOM is skipped");
	bad = PARSE("max-width 44\n\xEF\xBB\xBFjustify on\n");
	ok(bad == 1 && has(err.data, "cfg:2: unknown setting"),
	    "a BOM later on is not");
}

static void
test_nul_and_long(void)
{
	static const char nul[] = "max-width 40\nbind x\0quit\njustify on\n";
	struct buf text = { 0 };
	int bad, i;

	bad = parse_n(nul, sizeof nul - 1);
	is_int(bad, 1, "a NUL byte: one bad line");
	ok(has(err.data, "dossier: cfg:2: a NUL byte"), "  named, at line 2");
	ok(s.max_width == 40 && s.justify == 1 && s.nbindings == 0,
	    "  the lines around it apply, the line itself does not");

	buf_adds(&text, "max-width 40\ncolor title red");
	for (i = 0; i < 3000; i++)
		buf_addc(&text, ' ');
	buf_adds(&text, "\njustify on\n");
	bad = parse_n(text.data, text.len);
	is_int(bad, 1, "an overlong line: one bad line");
	ok(has(err.data, "dossier: cfg:2: line too long (over 1024 bytes)"),
	    "  named, at line 2");
	ok(s.colors[SETTINGS_TITLE].set == 0 && s.justify == 1,
	    "  not applied; the next line is");

	text.len = 0;
	for (i = 0; i < SETTINGS_LINE_MAX - 12; i++)
		buf_addc(&text, ' ');
	buf_adds(&text, "max-width 33\n");
	bad = parse_n(text.data, text.len);
	ok(bad == 0 && s.max_width == 33, "a line of exactly 1024 bytes is fine");

	text.len = 0;
	for (i = 0; i < 100000; i++)
		buf_addc(&text, 'x');
	bad = parse_n(text.data, text.len);
	ok(bad == 1 && err.len < 200, "a 100 kB line: one short message");
	buf_free(&text);
}

static void
test_messages(void)
{
	struct buf text = { 0 };
	int bad, i;

	bad = PARSE("bind \x1b[31m quit\n");
	ok(bad == 1 && !strchr(err.data, '\x1b'),
	    "an escape in a word never reaches the message");
	bad = PARSE("bogus\xff\xfe\n");
	ok(bad == 1 && has(err.data, "\xef\xbf\xbd"),
	    "invalid UTF-8 in a word shows as U+FFFD");
	bad = PARSE("bind x quit-quit-quit-quit-quit-quit-quit-quit-quit-quit\n");
	ok(bad == 1 && has(err.data, "\xe2\x80\xa6'") && err.len < 120,
	    "a long word is cut short in the message");

	settings_free(&s);
	settings_defaults(&s);
	err.len = 0;
	bad = settings_parse(&s, "dir/\x1b]0;x\x07.conf", "bogus\n", 6, &err);
	ok(bad == 1 && !strchr(err.data, '\x1b') && !strchr(err.data, '\x07'),
	    "the path is made safe in messages");

	for (i = 0; i < 30; i++)
		buf_adds(&text, "bogus\n");
	buf_adds(&text, "max-width 61\n");
	bad = parse_n(text.data, text.len);
	is_int(bad, 30, "thirty bad lines are counted");
	is_int(count_lines(err.data), SETTINGS_MAX_ERRORS + 1,
	    "  twenty are shown, then a summary");
	ok(has(err.data, "dossier: cfg: 10 more bad lines not shown"),
	    "  the summary says how many more");
	is_int(s.max_width, 61, "  the good line after them applies");
	buf_free(&text);
}

/* ---- the file ------------------------------------------------------------ */

static char tmp[] = "/tmp/dossier-settings.XXXXXX";

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void
test_paths(void)
{
	char *p;

	setenv("HOME", "/home/reader", 1);
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	p = settings_default_path();
	is_str(p, "/xdg/dossier/config", "XDG_CONFIG_HOME first");
	free(p);
	setenv("XDG_CONFIG_HOME", "", 1);
	p = settings_default_path();
	is_str(p, "/home/reader/.config/dossier/config",
	    "an empty XDG_CONFIG_HOME: HOME");
	free(p);
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	p = settings_default_path();
	is_str(p, "/home/reader/.config/dossier/config",
	    "a relative XDG_CONFIG_HOME is ignored");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	p = settings_default_path();
	is_str(p, "/home/reader/.config/dossier/config",
	    "no XDG_CONFIG_HOME: HOME");
	free(p);
	setenv("HOME", "", 1);
	p = settings_default_path();
	ok(p == NULL, "neither: no path");
	free(p);
	unsetenv("HOME");
	p = settings_default_path();
	ok(p == NULL, "HOME unset: no path");
	free(p);
	settings_defaults(&s);
	err.len = 0;
	is_int(settings_load(&s, NULL, &err), 0,
	    "no path at all: nothing to load, no problem");
}

static void
test_load(void)
{
	char path[256], dir[256];
	int r;

	if (!mkdtemp(tmp)) {
		ok(0, "a scratch directory");
		return;
	}
	snprintf(path, sizeof path, "%s/missing", tmp);
	settings_free(&s);
	settings_defaults(&s);
	err.len = 0;
	r = settings_load(&s, path, &err);
	ok(r == 0 && err.len == 0 && s.max_width == 80,
	    "a missing file: defaults, no message");

	snprintf(dir, sizeof dir, "%s/dossier", tmp);
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/dossier/config", tmp);
	write_file(path, "bind x quit\nbogus\nmax-width 72\n");
	setenv("XDG_CONFIG_HOME", tmp, 1);
	settings_defaults(&s);
	err.len = 0;
	r = settings_load(&s, NULL, &err);
	ok(r == 1 && s.max_width == 72 && bound(0, "x", ACT_QUIT),
	    "NULL loads $XDG_CONFIG_HOME/dossier/config");
	ok(has(err.data, path) && has(err.data, ":2: unknown setting"),
	    "  the message names that file and line");
	settings_free(&s);

	unsetenv("XDG_CONFIG_HOME");
	snprintf(dir, sizeof dir, "%s/home", tmp);
	mkdir(dir, 0700);
	snprintf(dir, sizeof dir, "%s/home/.config", tmp);
	mkdir(dir, 0700);
	snprintf(dir, sizeof dir, "%s/home/.config/dossier", tmp);
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/home/.config/dossier/config", tmp);
	write_file(path, "justify on\n");
	snprintf(dir, sizeof dir, "%s/home", tmp);
	setenv("HOME", dir, 1);
	settings_defaults(&s);
	err.len = 0;
	r = settings_load(&s, NULL, &err);
	ok(r == 0 && s.justify == 1, "NULL loads ~/.config/dossier/config");

	snprintf(dir, sizeof dir, "%s/home/.config/dossier", tmp);
	settings_defaults(&s);
	err.len = 0;
	r = settings_load(&s, dir, &err);
	ok(r == 1 && has(err.data, ": Is a directory\n") &&
	    strncmp(err.data, "dossier: ", 9) == 0 && s.justify == 0,
	    "a directory: one message, defaults kept");
	snprintf(path, sizeof path, "%s/fifo", tmp);
	if (mkfifo(path, 0600) == 0) {
		err.len = 0;
		r = settings_load(&s, path, &err);
		ok(r == 1 && has(err.data, "fifo: not a regular file\n"),
		    "a FIFO: refused at once, not waited on");
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/home/.config/dossier/config", tmp);

	unlink(path);
	rmdir(dir);
	snprintf(dir, sizeof dir, "%s/home/.config", tmp);
	rmdir(dir);
	snprintf(dir, sizeof dir, "%s/home", tmp);
	rmdir(dir);
	snprintf(path, sizeof path, "%s/dossier/config", tmp);
	unlink(path);
	snprintf(dir, sizeof dir, "%s/dossier", tmp);
	rmdir(dir);
	rmdir(tmp);
}

int
main(void)
{
	test_defaults();
	test_bind();
	test_color();
	test_numbers();
	test_errors();
	test_line_numbers();
	test_line_ends();
	test_nul_and_long();
	test_messages();
	test_paths();
	test_load();
	settings_free(&s);
	buf_free(&err);
	return tap_done();
}
