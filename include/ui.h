/* ui.h - the interactive reader (the only module besides keymap.c that
 * talks to curses). */
#ifndef DOSSIER_UI_H
#define DOSSIER_UI_H

#include "dossier.h"
#include "settings.h"

struct ui_options {
	const char *bookmarks;  /* --bookmarks, or NULL for the default */
	int no_color;           /* --no-color */
	long long start_us;     /* when main() began (CLOCK_MONOTONIC), for
	                         * the benchmark's timings */
	const struct settings *settings;  /* the config file, or NULL */
	const char *config_msg; /* its first problem, for the status line */
};

/* Microseconds of CLOCK_MONOTONIC. */
long long ui_now_us(void);

/* With DOSSIER_BENCH=FILE in the environment, the reader writes to FILE
 * how long after start_us it drew its first frame and had every article
 * read and indexed ("first_frame_ms N", "index_ms N"), and with
 * DOSSIER_BENCH_QUIT=1 it then quits: what make bench measures.  With
 * DOSSIER_BENCH_QUIT=first it writes the first alone and quits after the
 * first frame (the background loaders still run meanwhile). */

/* Run the reader until the user quits.  Returns the exit status; the
 * terminal is restored on every path.  A message is printed to stderr
 * when the terminal cannot be used (TERM unset or unknown). */
int ui_run(struct dossier *ds, const struct ui_options *opt);

#endif
