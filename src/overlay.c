/* overlay.c - the screens over the reader and the bookmark prompt: the
 * help screen, the bookmark list (jump, delete, undo, rename) and the label
 * prompt that makes a bookmark.  Only their keys and state: view.c draws
 * them, reading.c saves what they change.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "marks.h"
#include "overlay.h"
#include "reading.h"
#include "settings.h"
#include "text.h"

/* The bookmark overlay's rows: the bookmarks of this dossier, in the
 * file's order (those of other dossiers stay in the file, unshown). */
static void
list_marks(struct app *a)
{
	size_t i;

	a->nmarks = 0;
	a->marks = xreallocarray(a->marks, a->store.set.n + 1,
	    sizeof *a->marks);
	for (i = 0; i < a->store.set.n; i++)
		if (a->store.set.v[i].kind == BM_MARK &&
		    marks_where(&a->mx, &a->store.set.v[i]) != MARKS_ELSEWHERE)
			a->marks[a->nmarks++] = i;
	if (a->mark_sel >= a->nmarks)
		a->mark_sel = a->nmarks ? a->nmarks - 1 : 0;
}

void
overlay_marks_open(struct app *a)
{
	char err[512];

	if (a->have_store && bm_store_reload(&a->store, err, sizeof err) < 0)
		app_msg(a, "bookmarks: %s", err);
	reading_reanchor(a, 1);  /* exact places, for the list and the jump */
	reading_refresh(a);
	list_marks(a);
	if (!a->nmarks) {
		app_msg(a, "no bookmarks yet: m bookmarks the current position");
		return;
	}
	a->mode = MODE_MARKS;
	a->mark_sel = a->mark_top = 0;
	a->have_undo = 0;
}

static void
close_marks(struct app *a)
{
	a->mode = MODE_NORMAL;
	if (a->have_undo)
		marks_op_free(&a->undo);
	a->have_undo = 0;
}

static void
jump_to_mark(struct app *a)
{
	const struct bm_rec *r = &a->store.set.v[a->marks[a->mark_sel]];
	long d = marks_article(&a->mx, r->path);
	size_t off;

	if (d < 0 || dossier_need(a->ds, (size_t)d) < 0) {
		app_msg(a, "that article is missing: %.200s", r->path);
		close_marks(a);
		return;
	}
	/* where it lands, before app_open() saves the reading state,
	 * which rebuilds the records r points into */
	off = marks_locate(r, &a->ds->docs[d]);
	app_remember(a);  /* a jump: C-o comes back */
	app_open(a, (size_t)d);
	a->anchor[d] = off;
	app_forget_layout(a);
	app_layout(a);
	a->focus = FOCUS_TEXT;
	close_marks(a);
	reading_touched(a);
}

static void
delete_mark(struct app *a)
{
	const struct bm_rec *r = &a->store.set.v[a->marks[a->mark_sel]];
	struct bm_op op;
	size_t i;

	if (a->have_undo)
		marks_op_free(&a->undo);
	memset(&a->undo, 0, sizeof a->undo);
	a->undo.kind = BM_OP_ADD;
	bm_rec_make(&a->undo.rec, BM_MARK, r);
	/* its place: before the bookmark that came after it (none: last) */
	for (i = a->marks[a->mark_sel] + 1; i < a->store.set.n; i++)
		if (a->store.set.v[i].kind == BM_MARK) {
			bm_rec_make(&a->undo.old, BM_MARK, &a->store.set.v[i]);
			break;
		}
	a->have_undo = 1;
	memset(&op, 0, sizeof op);
	op.kind = BM_OP_DEL;
	op.rec.id = a->undo.rec.id;
	reading_apply(a, &op);
	list_marks(a);
	if (!a->msg[0])
		app_msg(a, "bookmark deleted: u undoes");
}

static void
undo_delete(struct app *a)
{
	size_t i;

	if (!a->have_undo) {
		app_msg(a, "nothing to undo");
		return;
	}
	reading_apply(a, &a->undo);
	list_marks(a);
	/* the selection on it again, in its place */
	for (i = 0; i < a->nmarks; i++)
		if (strcmp(a->store.set.v[a->marks[i]].id,
		    a->undo.rec.id) == 0)
			a->mark_sel = i;
	marks_op_free(&a->undo);
	a->have_undo = 0;
	if (!a->msg[0])
		app_msg(a, "bookmark restored");
}

static void rename_open(struct app *a);

void
overlay_marks_key(struct app *a, int key)
{
	enum action act = keymap_lookup(key);

	if (key == 27 || key == 'q' || act == ACT_BOOKMARKS) {
		close_marks(a);
	} else if (key == '\r' || key == '\n' || key == KEYMAP_ENTER) {
		if (a->nmarks)
			jump_to_mark(a);
	} else if (key == 'd' || key == KEYMAP_DELETE) {
		if (a->nmarks)
			delete_mark(a);
	} else if (key == 'u') {
		undo_delete(a);
	} else if (key == 'r') {
		if (a->nmarks)
			rename_open(a);
	} else if (act == ACT_DOWN) {
		if (a->mark_sel + 1 < a->nmarks)
			a->mark_sel++;
	} else if (act == ACT_UP) {
		if (a->mark_sel)
			a->mark_sel--;
	} else if (act == ACT_TOP) {
		a->mark_sel = 0;
	} else if (act == ACT_BOTTOM) {
		a->mark_sel = a->nmarks ? a->nmarks - 1 : 0;
	}
}

/* The current match's start, when m is pressed right after a search
 * move (the match is on screen); else the top of the pane's. */
static int
match_shown(struct app *a, size_t *start)
{
	const struct search_hits *h;

	if (!a->have_match || a->m_doc != a->cur || !a->search.q)
		return 0;
	search_list(&a->search, a->ds, a->cur);
	h = &a->search.hits[a->cur];
	if (a->m_idx >= h->n)
		return 0;
	*start = h->v[a->m_idx].start;
	return app_on_screen(a, layout_lazy_locate(&a->lay, *start));
}

void
overlay_label_open(struct app *a)
{
	struct buf label = { 0 };
	size_t at;

	app_layout(a);
	if (!dossier_ready(a->ds, a->cur) || !app_doc(a)->len) {
		app_msg(a, "nothing to bookmark in an empty article");
		return;
	}
	if (match_shown(a, &at)) {
		/* the match, labelled by its sentence: what was looked for */
		a->mark_off = at;
		marks_sentence(app_doc(a), at, &label);
	} else {
		a->mark_off = app_top_byte(a);
		marks_label(app_doc(a), a->mark_off, &label);
	}
	prompt_set(&a->prompt, label.data ? label.data : "", label.len);
	buf_free(&label);
	a->label_suggested = 1;
	a->mode = MODE_LABEL;
}

/* r in the bookmark list: the label prompt, filled with its label. */
static void
rename_open(struct app *a)
{
	const struct bm_rec *r = &a->store.set.v[a->marks[a->mark_sel]];

	free(a->rename_id);
	a->rename_id = xstrdup(r->id);
	prompt_set(&a->prompt, r->label, strlen(r->label));
	a->label_suggested = 0;  /* a name given before: edited, not replaced */
	a->mode = MODE_LABEL;
}

/* Enter on the rename prompt: the new label, saved through the store
 * (an UPDATE: a bookmark deleted meanwhile by another instance stays
 * deleted). */
static void
rename_done(struct app *a)
{
	struct bm_op op;
	size_t i;

	for (i = 0; i < a->store.set.n; i++) {
		const struct bm_rec *r = &a->store.set.v[i];

		if (r->kind == BM_MARK && strcmp(r->id, a->rename_id) == 0)
			break;
	}
	if (i == a->store.set.n) {
		app_msg(a, "that bookmark is gone");
		return;
	}
	memset(&op, 0, sizeof op);
	op.kind = BM_OP_UPDATE;
	bm_rec_make(&op.rec, BM_MARK, &a->store.set.v[i]);
	free(op.rec.label);
	op.rec.label = xstrdup(prompt_text(&a->prompt));
	reading_apply(a, &op);
	marks_op_free(&op);
	list_marks(a);
	if (!a->msg[0])
		app_msg(a, "bookmark renamed");
}

void
overlay_label_key(struct app *a, int key)
{
	struct bm_op op;
	int renaming = a->rename_id != NULL;

	if (key == 27) {
		a->mode = renaming ? MODE_MARKS : MODE_NORMAL;
		app_msg(a, renaming ? "not renamed" : "no bookmark made");
	} else if (key == '\r' || key == '\n' || key == KEYMAP_ENTER) {
		if (renaming) {
			a->mode = MODE_MARKS;
			rename_done(a);
		} else {
			a->mode = MODE_NORMAL;
			marks_new(&op, app_doc(a), a->mark_off,
			    prompt_text(&a->prompt));
			reading_apply(a, &op);
			marks_op_free(&op);
			if (!a->msg[0])
				app_msg(a, "bookmarked: %.200s",
				    prompt_text(&a->prompt));
		}
	} else {
		/* typing over a suggested label replaces it, as over a
		 * selection; Backspace, C-w and the like edit it */
		if (a->label_suggested && key >= ' ' && key != 127 &&
		    key < KEYMAP_FN(0))
			prompt_set(&a->prompt, "", 0);
		a->label_suggested = 0;
		prompt_key(&a->prompt, key);
		return;
	}
	free(a->rename_id);
	a->rename_id = NULL;
}

/* The help rows after the actions': keys that are no actions.  A row
 * with a NULL text is a heading; "CONFIG" is the config file's path. */
static const char *const help_more[][2] = {
	{ "", "" },
	{ "In a prompt (/ ? : m)", NULL },
	{ "C-u", "clear the line" },
	{ "C-w", "delete the last word" },
	{ "Backspace", "delete a character (on an empty line: leave)" },
	{ "Up, Down", "the lines typed before (history)" },
	{ "Enter", "search, run the command, make the bookmark" },
	{ "Esc", "cancel (a search: back to where it started, the last "
	    "search again)" },
	{ "", "" },
	{ "In the bookmark list (')", NULL },
	{ "Enter", "jump to the bookmark" },
	{ "d, Delete", "delete it" },
	{ "u", "undo the last deletion (back in its place)" },
	{ "r", "rename it" },
	{ "j, k, g, G", "move" },
	{ "Esc, q", "close the list" },
	{ "", "" },
	{ "The mouse", NULL },
	{ "click", "open an article of the list" },
	{ "wheel", "scroll the list or the text it is over" },
	{ "", "" },
	{ "Config file", "CONFIG" },
};
#define HELP_MORE (sizeof help_more / sizeof help_more[0])

int
overlay_help_row(size_t i, struct buf *keys, struct buf *text)
{
	if (i < ACT_COUNT - 1) {
		keymap_describe((enum action)(i + 1), keys);
		buf_adds(text, action_help((enum action)(i + 1)));
		return 1;
	}
	i -= ACT_COUNT - 1;
	if (i >= HELP_MORE)
		return 0;
	buf_adds(keys, help_more[i][0]);
	if (help_more[i][1] && strcmp(help_more[i][1], "CONFIG") == 0) {
		char *path = settings_default_path();

		if (path)
			text_sanitize(text, (const unsigned char *)path,
			    strlen(path));
		else
			buf_adds(text, "none: neither XDG_CONFIG_HOME nor HOME "
			    "is set");
		free(path);
	} else if (help_more[i][1]) {
		buf_adds(text, help_more[i][1]);
	}
	return 1;
}

/* view.c draws the rows from 2 to rows - 4. */
size_t
overlay_help_height(const struct app *a)
{
	return a->rows > 5 ? (size_t)(a->rows - 5) : 1;
}

void
overlay_help_key(struct app *a, int key)
{
	enum action act = keymap_lookup(key);
	size_t rows = ACT_COUNT - 1 + HELP_MORE, h = overlay_help_height(a);
	size_t last = rows > h ? rows - h : 0;

	if (act == ACT_DOWN) {
		if (a->help_top < last)
			a->help_top++;
	} else if (act == ACT_UP) {
		if (a->help_top)
			a->help_top--;
	} else if (act == ACT_PAGE_DOWN) {
		a->help_top = a->help_top + h < last ? a->help_top + h : last;
	} else if (act == ACT_PAGE_UP) {
		a->help_top = a->help_top > h ? a->help_top - h : 0;
	} else {
		a->mode = MODE_NORMAL;
	}
}
