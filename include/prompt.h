/* prompt.h - the one-line editor the reader's prompts share (the search,
 * the bookmark label, a command line to come): the text typed so far,
 * its display width kept up to date key by key, and a history of the
 * lines entered.
 *
 * Pure: keys in (as keymap.h encodes them), text and widths out; no
 * terminal, so it is unit-tested alone.  A key costs time in proportion
 * to the character it touches, never to the whole line, and the line is
 * capped at PROMPT_MAX bytes: a paste of any size is taken at once.
 */
#ifndef DOSSIER_PROMPT_H
#define DOSSIER_PROMPT_H

#include <stddef.h>

#include "util.h"

/* The longest line, in bytes (of UTF-8). */
#define PROMPT_MAX 4096
/* Lines a history keeps; the oldest go first. */
#define PROMPT_HISTORY_MAX 100

/* One cell of the line as text_next_unit() shows it: a character cluster
 * (a base with its combining marks, an emoji sequence, a flag), or one
 * white-space character. */
struct prompt_cell {
	size_t pos;             /* its first byte */
	int width;              /* its display columns */
};

struct prompt {
	struct buf text;        /* the line; NUL-terminated after the first
	                         * prompt_set() or prompt_key() */
	struct prompt_cell *cells;  /* cover text in order (owned) */
	size_t ncells, cap;
	size_t covered;         /* the bytes the cells cover: text.len */
	long width;             /* the sum of the cells' widths */
	int full;               /* the last character did not fit */
};

enum prompt_result {
	PROMPT_IGNORED,         /* not an editing key: the caller's */
	PROMPT_CHANGED,
	PROMPT_FULL             /* a character that did not fit, dropped */
};

/* A struct prompt all zero is an empty line; prompt_free() frees it. */
void prompt_free(struct prompt *p);
/* Replace the line with s[0..len), cut at PROMPT_MAX on a character's
 * boundary (then p->full is set). */
void prompt_set(struct prompt *p, const char *s, size_t len);
/* Edit the line: Backspace drops the last character (every byte of its
 * UTF-8 sequence), C-u clears, C-w drops the last word and the spaces
 * after it, a printable character is appended.  Backspace, C-u and C-w
 * count as a change even on an empty line.  p->full says whether the
 * last character was dropped, until the line changes again. */
enum prompt_result prompt_key(struct prompt *p, int key);
/* Where the longest end of the line that fits in cols columns begins
 * (text.len when not even the last cell fits); its cost is that of the
 * cells it passes, not of the line. */
size_t prompt_tail(const struct prompt *p, int cols);
/* The line (never NULL) and its length. */
const char *prompt_text(const struct prompt *p);

struct prompt_history {
	char **v;               /* the lines entered, oldest first (owned) */
	size_t n;
	size_t pos;             /* the one shown; n: the new line */
};

/* Remember line (not an empty one, nor the last one again); rewinds. */
void prompt_history_add(struct prompt_history *h, const char *line);
/* Show the new line next (a prompt opens). */
void prompt_history_rewind(struct prompt_history *h);
/* Put the line before (older) or after the one shown into p: past the
 * newest comes an empty line.  Returns 0, leaving p alone, when there is
 * none further that way. */
int prompt_history_step(struct prompt_history *h, struct prompt *p,
    int older);
void prompt_history_free(struct prompt_history *h);

#endif
