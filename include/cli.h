/* cli.h - the non-interactive modes: --list, --dump and --search.
 * Each writes to out and returns the exit status. */
#ifndef DOSSIER_CLI_H
#define DOSSIER_CLI_H

#include <stdio.h>

#include "dossier.h"

int cli_list(const struct dossier *ds, FILE *out);
int cli_dump(const struct doc *d, int width, FILE *out);
/* Search every article (read with the given number of threads, each
 * freed once searched; articles that cannot be read are reported on
 * stderr).  0 if anything matched, 1 if nothing did, 2 on an empty query
 * or when no article could be read. */
int cli_search(struct dossier *ds, const char *query, int count, FILE *out,
    int threads);

#endif
