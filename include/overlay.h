/* overlay.h - the screens over the reader and the bookmark prompt: what
 * their keys do (view.c draws them).
 */
#ifndef DOSSIER_OVERLAY_H
#define DOSSIER_OVERLAY_H

#include "app.h"

/* The help screen (MODE_HELP): j and k scroll, Space and b page (never
 * past its end), any other key closes. */
void overlay_help_key(struct app *a, int key);
/* The help screen's rows: every action with its keys, then the keys of
 * the prompts and the bookmark list, the mouse and the config file.
 * Row i's keys (a heading has no text) and text are appended to keys and
 * text; returns 0 past the last row. */
int overlay_help_row(size_t i, struct buf *keys, struct buf *text);
/* The rows the help screen shows at a time. */
size_t overlay_help_height(const struct app *a);

/* The bookmark list (MODE_MARKS), fresh from the dotfile; only a
 * message when there are no bookmarks. */
void overlay_marks_open(struct app *a);
/* Enter jumps, d deletes, u undoes the last deletion, Esc or q close. */
void overlay_marks_key(struct app *a, int key);

/* The label prompt (MODE_LABEL) for a bookmark at the top of the pane,
 * filled with a label taken from the text there. */
void overlay_label_open(struct app *a);
/* Enter makes the bookmark, Esc makes none, other keys edit. */
void overlay_label_key(struct app *a, int key);

#endif
