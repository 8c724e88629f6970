/* marker.h - what a line of an article begins with: a list bullet or
 * number, a quote's '>', or nothing but a separator.
 *
 * Pure and line by line: it says what a line looks like, not what it is.
 * Whether a line that looks like a list item starts one (or is a hyphen
 * in hard-wrapped text) depends on its neighbours, and doc.c decides.
 */
#ifndef DOSSIER_MARKER_H
#define DOSSIER_MARKER_H

#include <stddef.h>

enum marker_kind {
	MARK_NONE,
	MARK_ITEM,   /* "- text", "• text", "1. text", "2) text", "a) text" */
	MARK_QUOTE,  /* "> text", ">> text", "> > text", a bare ">" */
	MARK_RULE    /* "***", "- - -", "___", "=====": nothing else */
};

struct marker {
	enum marker_kind kind;
	size_t start;   /* the line without the white space around it; an
	                 * item starts at its bullet */
	size_t text;    /* its text: after the bullet or the '>' marks */
	size_t end;     /* the end of the text, white space trimmed */
	int lead;       /* columns of white space before start */
	int hang;       /* an item: columns from its bullet to its text */
	int depth;      /* a quote: how many '>' */
	int number;     /* an item: 0 for a bullet, else its number (a) = 1) */
};

/* Could the line s[start, end) be anything but text?  A quick look at
 * its first character, so that plain prose costs nothing more. */
int marker_may(const unsigned char *s, size_t start, size_t end);

/* Read the line s[start, end) (no line break in it). */
void marker_read(const unsigned char *s, size_t start, size_t end,
    struct marker *m);

/* Does s[start, end) end a sentence or a clause (. ! ? : ; …, maybe
 * followed by a closing quote or bracket)?  A list may follow such a
 * line; after a line that stops mid-sentence, "- war" is text. */
int marker_ends_clause(const unsigned char *s, size_t start, size_t end);

/* Largest nesting indent kept, and widest bullet hang, in columns. */
#define MARKER_MAX_INDENT 24
#define MARKER_MAX_HANG 8

#endif
