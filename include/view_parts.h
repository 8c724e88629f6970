/* view_parts.h - view.c's drawing helpers, for the other drawing files
 * (results_view.c).  Includes curses: only drawing files include it.
 */
#ifndef DOSSIER_VIEW_PARTS_H
#define DOSSIER_VIEW_PARTS_H

#include <curses.h>

#include "app.h"

enum view_color { VIEW_TITLE, VIEW_STATUS, VIEW_MATCH, VIEW_DIM };

/* Draw the safe string s at (y, x) in at most max columns, cut with "…"
 * when longer; returns the columns used. */
int view_put_str(const struct app *a, int y, int x, const char *s, int max,
    attr_t attr, short pair);
void view_fill(int y, int x, int n, attr_t attr, short pair);
/* The colour pair of an element (0 without colours). */
short view_pair(const struct app *a, enum view_color c);

#endif
