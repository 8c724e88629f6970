/* dossier.h - the set of articles: loading files and directories.
 *
 * The dossier owns its documents.  Articles are kept in file-name order
 * (then by path), which is chronological for the bundled dossier.
 */
#ifndef DOSSIER_DOSSIER_H
#define DOSSIER_DOSSIER_H

#include <stddef.h>

#include "doc.h"
#include "util.h"

struct dossier {
	struct doc *docs;
	size_t n, cap;
};

/* Add the article at path, or the articles of the directory at path
 * (regular files one level deep; hidden files, editor backups "*~",
 * FIFOs and devices skipped).  Each problem is appended to errors as a line
 * "dossier: PATH: WHY\n".  Returns the number of articles added. */
size_t dossier_add_path(struct dossier *ds, const char *path,
    struct buf *errors);

/* Put the articles in file-name order. */
void dossier_sort(struct dossier *ds);

/* The dossier to open when no PATH is given: $DOSSIER_DIR, else the
 * source tree's articles/ when running from the build tree, else the
 * installed $(pkgdatadir)/articles.  Returns a static string. */
const char *dossier_default_dir(void);

void dossier_free(struct dossier *ds);

/* Append "dossier: PATH: WHY\n" to errors, with PATH made safe to print. */
void dossier_error(struct buf *errors, const char *path, const char *why);

#endif
