/* results.h - the results list: every match of the search, in dossier
 * order, one a line with its context (the & key).
 *
 * Rows are matches by their place among all of them (from 0): row k is
 * the match search_ordinal() calls k + 1.  Nothing is gathered ahead: the
 * articles' counts say which article row k is in (a running sum, searched
 * by halving), and only the articles on screen have their matches listed
 * (results_settle()), so a million matches open and scroll at once.
 * results.c has the state and keys; results_view.c draws it.
 */
#ifndef DOSSIER_RESULTS_H
#define DOSSIER_RESULTS_H

#include "app.h"

/* Open the list (MODE_RESULTS) on the current match, else the first one
 * after the top of the screen; with no search yet, the search prompt
 * first, and the list once it is left with Enter. */
void results_open(struct app *a);
/* The search prompt was left with Enter: open the list if it asked for
 * the search. */
void results_after_search(struct app *a);
void results_key(struct app *a, int key);
/* Before a frame: the selection on screen, the visible rows' matches
 * listed (drawing changes no state). */
void results_settle(struct app *a);
/* The rows the list has on screen. */
int results_rows(const struct app *a);
/* The article and index of the match on row k (k < the total). */
void results_at(const struct app *a, size_t k, size_t *doc, size_t *idx);
void results_free(struct app *a);

/* results_view.c: draw the list (view.c's overlay for MODE_RESULTS). */
void results_draw(struct app *a);

#endif
