/* cli.h - the non-interactive modes: --list, --dump, --search, --count,
 * --marks.
 * Each returns the exit status. */
#ifndef DOSSIER_CLI_H
#define DOSSIER_CLI_H

#include <stdio.h>

#include "dossier.h"

/* How --list, --search and --count write. */
struct cli_opts {
	int fd;         /* where the records go (written with write(2)) */
	int null;       /* --null: records end with NUL, paths raw; else a
	                 * newline, paths escaped as buf_escape() does */
	int count;      /* --search: PATH:COUNT per article */
	int threads;    /* articles read at once */
	int context;    /* --search: characters of context either side */
};

/* NUMBER<TAB>TITLE<TAB>DATE<TAB>PATH per article that can be read (each
 * read, printed and freed as it comes: articles that cannot be read are
 * reported on stderr in their place).  The title is never cut.  0, or 2
 * when no article could be read or the output failed. */
int cli_list(struct dossier *ds, const struct cli_opts *o);

int cli_dump(const struct doc *d, int width, FILE *out);

/* Characters of context either side of a match, unless --context. */
#define CLI_CONTEXT 30

/* Search every article, printing PATH:LINE:COLUMN:CONTEXT per match (or
 * PATH:COUNT per article with o->count) as it goes, in article order.
 * 0 if anything matched, 1 if nothing did, 2 on an empty query, when no
 * article could be read or when the output failed (a message on stderr,
 * but none for a closed pipe). */
int cli_search(struct dossier *ds, const char *query,
    const struct cli_opts *o);

/* --marks: the bookmarks of the dossier in the dotfile (NULL: the default
 * one), PATH:LINE:LABEL each (LINE of the article's file, the label made
 * one safe line), in the file's order.  Only reads the dotfile.  0 when
 * some were printed, 1 when the dossier has none, 2 when the dotfile
 * cannot be read or the output failed. */
int cli_marks(struct dossier *ds, const char *dotfile,
    const struct cli_opts *o);

#endif
