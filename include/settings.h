/* settings.h - the optional config file: parse it into plain values.
 *
 * Pure: no terminal, no key table.  The parser only records what the file
 * asks for; the reader applies it (keymap_bind() for the bindings,
 * init_pair() for the colours, its own layout for the widths).
 *
 * The file is UTF-8 text, one setting per line; blank lines and lines
 * whose first non-blank character is '#' are ignored (there are no
 * comments after a setting: '#' is a key).  Words are separated by spaces
 * or tabs:
 *
 *   bind KEY ACTION        KEY as keymap_parse() reads it ("x", "C-n",
 *                          "F2", "PgDn"); ACTION an action name
 *                          (action.h) or "none" to unbind the key
 *   color ELEMENT FG [BG]  ELEMENT one of settings_element_name(); FG and
 *                          BG "default", black red green yellow blue
 *                          magenta cyan white, or 0-255; BG left out keeps
 *                          the element's own background ("colour" too)
 *   side-width N|auto      columns of the article list (0: hidden)
 *   max-width N            widest text line (0: no limit)
 *   justify on|off
 *   read-on on|off         Space at the end of an article opens the next
 *
 * A later line overrides an earlier one.  A line that cannot be used is
 * reported and skipped; every other line still applies.
 */
#ifndef DOSSIER_SETTINGS_H
#define DOSSIER_SETTINGS_H

#include <stddef.h>

#include "action.h"
#include "util.h"

/* Lines longer than this (bytes, without the line break) are refused. */
#define SETTINGS_LINE_MAX 1024
/* At most this many bad lines are reported one by one per file; the rest
 * are summed up in one more line. */
#define SETTINGS_MAX_ERRORS 20
/* Largest side-width and max-width accepted. */
#define SETTINGS_WIDTH_MAX 10000
#define SETTINGS_MAX_WIDTH_DEFAULT 80

/* The coloured elements: the reader's colour pairs, in its order. */
enum settings_element {
	SETTINGS_TITLE,         /* the article's headline */
	SETTINGS_HEADING,       /* subheadings */
	SETTINGS_STATUS,        /* the status line */
	SETTINGS_SELECTED,      /* the selected row of the list */
	SETTINGS_MARKER,        /* the list's markers: current, bookmarked, read */
	SETTINGS_DIM,           /* less important text: the list's dates */
	SETTINGS_MATCH,         /* search matches */
	SETTINGS_CURRENT,       /* the current search match */
	SETTINGS_COUNT,         /* the list's match counts */
	SETTINGS_NELEMENTS
};

/* Colour numbers as curses numbers them (COLOR_BLACK is 0 ... COLOR_WHITE
 * is 7; 8-255 on terminals that have them); -1 is the terminal's default,
 * as with use_default_colors(). */
#define SETTINGS_COLOR_DEFAULT (-1)

/* Which of fg and bg the file set (bits of struct settings_color.set). */
#define SETTINGS_FG 1
#define SETTINGS_BG 2

struct settings_color {
	int fg, bg;             /* colour numbers, meaningful where set */
	int set;                /* SETTINGS_FG | SETTINGS_BG, 0: built-in */
};

struct settings_binding {
	int key;                /* as keymap.h encodes keys */
	enum action action;     /* ACT_NONE: the key does nothing */
};

struct settings {
	struct settings_binding *bindings;  /* in file order; owned */
	size_t nbindings, capbindings;
	struct settings_color colors[SETTINGS_NELEMENTS];
	int side_width;         /* -1: by the terminal's width; 0: hidden */
	int max_width;          /* 0: no limit */
	int justify;            /* 0 or 1 */
	int read_on;            /* 1: paging on past an article's end opens
	                         * the next (the default) */
};

/* The built-in settings: no bindings, no colours set, side_width -1,
 * max_width SETTINGS_MAX_WIDTH_DEFAULT, justify 0, read_on 1.  s needs no
 * freeing
 * before (its old contents are not freed). */
void settings_defaults(struct settings *s);

/* Free what s owns (the bindings) and leave it at the defaults. */
void settings_free(struct settings *s);

/* The element's name in the file ("title" ...), NULL when out of range. */
const char *settings_element_name(enum settings_element e);

/* Apply the file's bytes buf[0..len) (may hold NUL bytes; need not end in a
 * newline; LF, CRLF or CR line ends; a leading BOM is skipped) on top of
 * s, which settings_defaults() has set up.  Each bad line is skipped and
 * reported as one line "dossier: PATH:LINE: WHY\n" appended to errors
 * (path made safe to print; NULL reads "(config)"); the good lines still
 * apply.  At most SETTINGS_MAX_ERRORS lines are reported one by one.
 * Returns the number of bad lines (0: all good). */
int settings_parse(struct settings *s, const char *path, const char *buf,
    size_t len, struct buf *errors);

/* The config file's path: $XDG_CONFIG_HOME/dossier/config when that is an
 * absolute path, else $HOME/.config/dossier/config; NULL when neither is
 * set.  Owned by the caller. */
char *settings_default_path(void);

/* Read the file at path (NULL: settings_default_path(); when that is NULL
 * too, nothing is read) and apply it with settings_parse().  A missing file
 * is not a problem: s keeps what it had.  A file that exists but cannot be
 * read adds "dossier: PATH: WHY\n" to errors.  Returns the number of
 * problems reported (0: none). */
int settings_load(struct settings *s, const char *path, struct buf *errors);

#endif
