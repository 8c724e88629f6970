/* ui.h - the interactive reader (the only module besides keymap.c that
 * talks to curses). */
#ifndef DOSSIER_UI_H
#define DOSSIER_UI_H

#include "dossier.h"

struct ui_options {
	const char *bookmarks;  /* --bookmarks, or NULL for the default */
	int no_color;           /* --no-color */
};

/* Run the reader until the user quits.  Returns the exit status; the
 * terminal is restored on every path.  A message is printed to stderr
 * when the terminal cannot be used (TERM unset or unknown). */
int ui_run(struct dossier *ds, const struct ui_options *opt);

#endif
