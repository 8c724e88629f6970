/* reading.h - what the reader keeps in the dotfile between runs: where
 * each article is read, which are read to the end, and the bookmarks
 * (the glue between struct app and bookmarks.h / marks.h).
 */
#ifndef DOSSIER_READING_H
#define DOSSIER_READING_H

#include "app.h"

/* Open the dotfile (--bookmarks, else the default); resume every article
 * where it was left and select the one read last.  Problems become the
 * status line's message; the reader goes on without a file. */
void reading_open(struct app *a);
/* The reading position changed: save it once the reader pauses. */
void reading_touched(struct app *a);
/* Save where the current article is read, and that it is the one last
 * read. */
void reading_save(struct app *a);
/* Save one change at once; on failure say so and keep it for the
 * session (the store retries it with the next save). */
void reading_apply(struct app *a, const struct bm_op *op);
/* Try again to write what a save could not (a lock held, a full disk);
 * "bookmarks saved" once it is written. */
void reading_retry(struct app *a);
/* Which articles have bookmarks, which are read: from the records. */
void reading_refresh(struct app *a);
/* Bring the records up to date with the articles (marks_sync):
 * version 1 records upgraded, bookmarks of edited articles re-anchored,
 * records of moved articles given their new path; without wait only for
 * articles read by now (the rest are counted in a->reanchor_left). */
void reading_reanchor(struct app *a, int wait);

#endif
