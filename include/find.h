/* find.h - searching from the reader: the search prompt, the count that
 * goes on while the reader is idle, and the next and previous match.
 */
#ifndef DOSSIER_FIND_H
#define DOSSIER_FIND_H

#include "app.h"

/* Open the search prompt (MODE_SEARCH); backward for '?'. */
void find_open(struct app *a, int backward);
/* A key typed in the search prompt: edit and search again, Enter keeps
 * the search, Esc goes back to where it started. */
void find_key(struct app *a, int key);
/* While the reader waits for a key: count on, and go to the first match
 * if a keystroke interrupted the search before it. */
void find_idle(struct app *a);
/* Show match idx of article doc and make it the current match. */
void find_show(struct app *a, size_t doc, size_t idx);
/* n and N. */
void find_next(struct app *a, int backward);
/* Search for the prompt's text, if it changed since the last search.
 * The loop calls it once no keys wait: a paste or fast typing searches
 * once, for the last text, and no key waits behind a search for a text
 * already gone. */
void find_catch_up(struct app *a);

#endif
