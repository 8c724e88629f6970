/* cli.h - the non-interactive modes: --list, --dump and --search.
 * Each writes to out and returns the exit status. */
#ifndef DOSSIER_CLI_H
#define DOSSIER_CLI_H

#include <stdio.h>

#include "dossier.h"

int cli_list(const struct dossier *ds, FILE *out);
int cli_dump(const struct doc *d, int width, FILE *out);
/* 0 if anything matched, 1 if nothing did, 2 on a bad query. */
int cli_search(struct dossier *ds, const char *query, int count, FILE *out);

#endif
