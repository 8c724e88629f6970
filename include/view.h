/* view.h - drawing the reader from its state: the article list, the
 * reading pane, the status line or prompt, and the overlays.
 */
#ifndef DOSSIER_VIEW_H
#define DOSSIER_VIEW_H

#include "app.h"

/* Set up the colours (the config file's, unless --no-color or NO_COLOR;
 * sets a->color).  After tty_start(). */
void view_init(struct app *a);
/* Draw the whole screen from the state and show it (curses sends only
 * what changed).  Changes no state: app_settle() comes first.  It takes
 * a non-const app only because the lazy layout fills its cache while
 * lines are read from it. */
void view_draw(struct app *a);

#endif
