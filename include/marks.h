/* marks.h - bookmarks and reading state for the reader: what ties the
 * dotfile's records (bookmarks.h) to the articles of a dossier.
 *
 * Pure: no terminal.  An article is known in the dotfile by its file name,
 * which is also its path relative to the dossier (a dossier is one level
 * deep), and by a fingerprint of its bytes.
 */
#ifndef DOSSIER_MARKS_H
#define DOSSIER_MARKS_H

#include <stddef.h>
#include <stdint.h>

#include "bookmarks.h"
#include "dossier.h"
#include "util.h"

/* Bytes of text kept as a bookmark's snippet. */
#define MARKS_SNIPPET_BYTES 48

/* The dotfile: $DOSSIER_BOOKMARKS, else $HOME/.dossier_bookmarks; NULL
 * when neither is set.  Owned by the caller. */
char *marks_default_path(void);

/* The first article with this relative path (file name), or -1. */
long marks_find(const struct dossier *ds, const char *relpath);

/* The snippet at off: up to MARKS_SNIPPET_BYTES source bytes of its
 * paragraph, cut at a character boundary; appended to out. */
void marks_snippet(const struct doc *d, size_t off, struct buf *out);

/* A label to offer for a bookmark at off: the first words there, made
 * safe, at most about 40 columns; appended to out. */
void marks_label(const struct doc *d, size_t off, struct buf *out);

/* An ADD op for a bookmark of d at off labelled label; the op's strings
 * are owned by it: free them with marks_op_free(). */
void marks_new(struct bm_op *op, const struct doc *d, size_t off,
    const char *label);
void marks_op_free(struct bm_op *op);

/* Where the mark rec is in article d now: its offset when d is unchanged,
 * else where its snippet is now (bm_reanchor), else its old offset,
 * within the article. */
size_t marks_locate(const struct bm_rec *rec, const struct doc *d);

/* Position of off in d in percent. */
int marks_percent(const struct doc *d, size_t off);

#endif
