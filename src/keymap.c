/* keymap.c - the default key table and key names. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "keymap.h"
#include "text.h"

#define MAX_BINDINGS 128

/* keymap.h numbers these without curses.h */
_Static_assert(KEYMAP_DOWN == KEYMAP_FN(KEY_DOWN), "KEY_DOWN");
_Static_assert(KEYMAP_UP == KEYMAP_FN(KEY_UP), "KEY_UP");
_Static_assert(KEYMAP_BACKSPACE == KEYMAP_FN(KEY_BACKSPACE), "KEY_BACKSPACE");
_Static_assert(KEYMAP_DELETE == KEYMAP_FN(KEY_DC), "KEY_DC");
_Static_assert(KEYMAP_ENTER == KEYMAP_FN(KEY_ENTER), "KEY_ENTER");

struct binding {
	int key;
	enum action act;
};

static struct binding table[MAX_BINDINGS] = {
	{ 'q', ACT_QUIT },
	{ '\t', ACT_FOCUS },
	{ 'j', ACT_DOWN }, { KEYMAP_FN(KEY_DOWN), ACT_DOWN },
	{ 'k', ACT_UP }, { KEYMAP_FN(KEY_UP), ACT_UP },
	{ ' ', ACT_PAGE_DOWN }, { KEYMAP_FN(KEY_NPAGE), ACT_PAGE_DOWN },
	{ 'f', ACT_PAGE_DOWN },
	{ 'b', ACT_PAGE_UP }, { KEYMAP_FN(KEY_PPAGE), ACT_PAGE_UP },
	{ 'g', ACT_TOP }, { KEYMAP_FN(KEY_HOME), ACT_TOP },
	{ 'G', ACT_BOTTOM }, { KEYMAP_FN(KEY_END), ACT_BOTTOM },
	{ '\r', ACT_OPEN }, { '\n', ACT_OPEN }, { KEYMAP_FN(KEY_ENTER), ACT_OPEN },
	{ ']', ACT_NEXT_ARTICLE }, { '[', ACT_PREV_ARTICLE },
	{ 'z', ACT_FOLD }, { 'Z', ACT_FOLD_ALL },
	{ KEYMAP_FN(KEY_LEFT), ACT_FOLD_CLOSE },
	{ KEYMAP_FN(KEY_RIGHT), ACT_FOLD_OPEN },
	{ 'o' & 0x1f, ACT_BACK }, { 't' & 0x1f, ACT_FORWARD },
	{ ':', ACT_COMMAND },
	{ 'u', ACT_NEXT_UNREAD }, { 'U', ACT_TOGGLE_READ },
	{ '/', ACT_SEARCH }, { '?', ACT_SEARCH_BACK },
	{ 'n', ACT_NEXT_MATCH }, { 'N', ACT_PREV_MATCH },
	{ 'F', ACT_FILTER }, { '&', ACT_RESULTS },
	{ 'm', ACT_MARK }, { '\'', ACT_BOOKMARKS },
	{ '\\', ACT_SIDE },
	{ 'o', ACT_PIPE },
	{ 'L' & 0x1f, ACT_REDRAW },
	{ 'h', ACT_HELP }, { KEYMAP_FN(KEY_F(1)), ACT_HELP },
};
static size_t nbindings;

/* The initialised part of table: up to its first empty slot. */
static void
count_bindings(void)
{
	if (nbindings)
		return;
	while (nbindings < MAX_BINDINGS && table[nbindings].act != ACT_NONE)
		nbindings++;
}

static const struct {
	int key;
	const char *name;
} names[] = {
	{ ' ', "Space" }, { '\t', "Tab" }, { '\r', "Enter" },
	{ 27, "Esc" }, { 127, "Backspace" },
	{ KEYMAP_FN(KEY_DOWN), "Down" }, { KEYMAP_FN(KEY_UP), "Up" },
	{ KEYMAP_FN(KEY_LEFT), "Left" }, { KEYMAP_FN(KEY_RIGHT), "Right" },
	{ KEYMAP_FN(KEY_NPAGE), "PgDn" }, { KEYMAP_FN(KEY_PPAGE), "PgUp" },
	{ KEYMAP_FN(KEY_HOME), "Home" }, { KEYMAP_FN(KEY_END), "End" },
	{ KEYMAP_FN(KEY_ENTER), "KEnter" },
	{ KEYMAP_FN(KEY_BACKSPACE), "KBackspace" },
	{ KEYMAP_FN(KEY_DC), "Delete" }, { KEYMAP_FN(KEY_IC), "Insert" },
};

enum action
keymap_lookup(int key)
{
	size_t i;

	count_bindings();

	for (i = 0; i < nbindings; i++)
		if (table[i].key == key)
			return table[i].act;
	return ACT_NONE;
}

int
keymap_bind(int key, enum action act)
{
	size_t i;

	count_bindings();

	for (i = 0; i < nbindings; i++) {
		if (table[i].key == key) {
			table[i].act = act;
			return 0;
		}
	}
	if (nbindings == MAX_BINDINGS)
		return -1;
	table[nbindings].key = key;
	table[nbindings].act = act;
	nbindings++;
	return 0;
}

void
keymap_key_name(int key, struct buf *out)
{
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (names[i].key == key) {
			buf_adds(out, names[i].name);
			return;
		}
	}
	if (key >= KEYMAP_FN(KEY_F(1)) && key <= KEYMAP_FN(KEY_F(63))) {
		buf_printf(out, "F%d", key - KEYMAP_FN(KEY_F(0)));
	} else if (key < 32) {
		buf_printf(out, "C-%c", key + 'a' - 1);
	} else if (key < 0x110000) {
		text_put_cp(out, (uint32_t)key);
	} else {
		buf_printf(out, "key%d", key & 0xFFFF);
	}
}

int
keymap_parse(const char *name)
{
	size_t i, len;
	int n;
	ucs4_t c;
	uint32_t shown;
	int width;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(names[i].name, name) == 0)
			return names[i].key;
	/* F1 to F63: one or two digits, no leading zero */
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' &&
	    name[1] <= '9' && (!name[2] || (name[2] >= '0' &&
	    name[2] <= '9' && !name[3]))) {
		n = atoi(name + 1);
		if (n <= 63)
			return KEYMAP_FN(KEY_F(n));
	}
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' &&
	    name[2] >= 'a' && name[2] <= 'z' && !name[3])
		return name[2] - 'a' + 1;
	if (name[0] && !name[1] && (unsigned char)name[0] > ' ' &&
	    (unsigned char)name[0] < 127)
		return (unsigned char)name[0];
	/* one printable character beyond ASCII: ü, ß, ж, ё ... as get_wch()
	 * gives it (a code point) */
	len = strlen(name);
	if (len > 1 && u8_mbtouc(&c, (const uint8_t *)name, len) == (int)len &&
	    c != TEXT_REPLACEMENT &&
	    text_decode((const unsigned char *)name, len, &shown, &width) ==
	    len && shown == c && width > 0 && !text_is_space(c))
		return (int)c;
	return -1;
}

void
keymap_describe(enum action act, struct buf *out)
{
	size_t i;
	int first = 1;

	count_bindings();

	buf_add(out, "", 0);
	for (i = 0; i < nbindings; i++) {
		if (table[i].act != act || table[i].key == '\n' ||
		    table[i].key == KEYMAP_FN(KEY_ENTER))
			continue;
		if (!first)
			buf_adds(out, ", ");
		keymap_key_name(table[i].key, out);
		first = 0;
	}
}
