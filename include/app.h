/* app.h - the interactive reader's state, and the moves every room makes
 * on it.
 *
 * The reader is split by what each part does, and this header says what
 * each part may touch:
 *   ui.c       the loop: terminal event -> keymap -> action -> state;
 *   app.c      the state's own moves (this header): the panes, the list's
 *              rows, the current article, its layout and scrolling;
 *   find.c     searching from the reader (the / and ? prompt, n and N);
 *   command.c  the : command line;
 *   overlay.c  the keys of the help screen, the bookmark list and the
 *              label prompt;
 *   results.c  the results list (&): every match in context;
 *   reading.c  what is kept in the dotfile: reading places, bookmarks;
 *   prompt.c   the one-line editor the prompts share (pure);
 *   view.c     drawing the state; it changes none of it;
 *   tty.c      the terminal: set-up, events, restoring it.
 * Only view.c, results_view.c and tty.c (and keymap.c, for key names)
 * include curses.
 *
 * One struct app is made by ui_run() and passed to everything; there
 * are no globals besides the terminal's own in tty.c.
 */
#ifndef DOSSIER_APP_H
#define DOSSIER_APP_H

#include <stddef.h>

#include "bookmarks.h"
#include "dossier.h"
#include "jumps.h"
#include "layout.h"
#include "marks.h"
#include "prompt.h"
#include "search.h"
#include "ui.h"
#include "util.h"

/* Below this the reader shows only a notice. */
#define APP_MIN_COLS 20
#define APP_MIN_ROWS 4

enum focus { FOCUS_LIST, FOCUS_TEXT };

/* What has the keys: the reader itself, or one of the screens over it.
 * Each mode has a key handler (ui.c's table) and a drawing (view.c's);
 * a new screen is a new mode with one of each. */
enum mode {
	MODE_NORMAL, MODE_HELP, MODE_SEARCH, MODE_LABEL, MODE_MARKS,
	MODE_COMMAND, MODE_RESULTS
};

/* A row of the article list: an article, or (when the dossier has more
 * than one section) a section's header. */
struct app_row {
	int hdr;        /* a header */
	size_t i;       /* the article, or the section of a header */
};

struct app {
	/* What is read, and how the reader was started: set once by
	 * ui_run(); the dossier's articles are read by background loaders
	 * (dossier.h says what may be touched while they run). */
	struct dossier *ds;
	const struct ui_options *opt;

	/* The screen's geometry: rows and cols from the terminal, the rest
	 * derived by app_place_panes(). */
	int rows, cols;
	int side_pref;          /* -1: by width; 0: hidden; 1: shown */
	int side_w;             /* 0 when hidden */
	int text_x, text_w, pane_h;
	int color, utf8;        /* what the terminal can show (view.c) */

	/* What is shown: the list's selection, the article read and its
	 * layout (app.c keeps these consistent). */
	enum focus focus;
	enum mode mode;
	size_t sel, cur, list_top;
	/* The list's sections (app.c): folded[s] per section, NULL when
	 * there is only one (then the list has no headers).  The
	 * selection is an article; it shows on its section's header while
	 * that is folded.  The list's top row is the header of list_top's
	 * section when list_top_hdr is set. */
	unsigned char *folded;
	int list_top_hdr;
	struct layout_lazy lay; /* the current article, laid out as shown */
	size_t lay_doc;
	int lay_valid;
	struct layout_pos top;  /* first visible line of the reading pane */
	size_t *anchor;         /* per article: the source byte last shown on top */
	char msg[512];          /* the status line's message, until the next key */
	struct jumps jumps;     /* where jumps came from, for C-o and C-t */
	size_t read_ok;         /* the article the reader opened or scrolled
	                         * (a->ds->n: none): its end seen counts as
	                         * read even with the focus in the list */
	size_t keep_unread;     /* U unmarked it: not read again by being
	                         * shown (a->ds->n: none) */
	int quit;

	/* The overlays (overlay.c). */
	size_t help_top;        /* the help screen's first row */
	size_t *marks;          /* the bookmark list's rows: indices of MARK records */
	size_t nmarks, mark_sel, mark_top;
	struct bm_op undo;      /* the last deleted bookmark, while the
	                         * bookmark list is open */
	int have_undo;
	size_t mark_off;        /* the position the label prompt is for */
	char *rename_id;        /* the label prompt renames this bookmark
	                         * (r in the list; NULL: it makes one) */
	int label_suggested;    /* the label prompt still holds the label
	                         * it suggested: a character typed replaces
	                         * it, an editing key keeps it */

	/* The line being typed in the search or the label prompt. */
	struct prompt prompt;

	/* Search (find.c). */
	struct search search;
	struct prompt_history history;  /* the search prompt's */
	struct prompt_history cmd_history;  /* the : prompt's */
	int backward;           /* the prompt was opened with '?' */
	int search_due;         /* the prompt's text was not searched for yet
	                         * (more keys were waiting) */
	int filter;             /* the list shows only articles with hits */
	int have_match;         /* m_doc/m_idx is the current match */
	int want_first;         /* go to the first match once it is found */
	size_t m_doc, m_idx;
	struct {                /* the last finished search, for Esc on a
	                         * new one (text NULL: none) */
		char *text;
		int backward, have_match;
		size_t m_doc, m_idx, m_start;
	} last;
	struct {                /* where the search started, for Esc */
		size_t cur, sel, list_top, top_byte;
		size_t *anchor;
		enum focus focus;
	} origin;

	/* The results list (results.c): rows are matches by their place. */
	struct {
		size_t sel, top;        /* rows, from 0 */
		size_t *cum;            /* per article: the matches before it */
		size_t total;
		int want;               /* open it when the search prompt
		                         * is left with Enter */
	} results;

	/* Bookmarks and reading state (reading.c). */
	struct bm_store store;
	struct marks_index mx;  /* the articles by canonical path */
	int have_store;         /* there is a dotfile path */
	unsigned char *done;    /* per article: read to the end */
	unsigned char *marked;  /* per article: has bookmarks */
	size_t reanchor_left;   /* bookmarks in articles not read yet */
	int state_dirty;        /* the position changed since it was saved */
	long long state_changed_ms;
	long long retry_ms;     /* when unsaved changes were last retried */

	/* make bench (ui.c). */
	long long bench_frame_us;   /* the first frame */
	int bench_written;
};

/* A message for the status line (shown until the next key). */
void app_msg(struct app *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
long long app_now_ms(void);

/* --- the list ----------------------------------------------------------- */

/* Is article i shown in the list?  All are, unless it is narrowed to the
 * articles with matches. */
int app_listed(const struct app *a, size_t i);
/* Move the selection by rows (negative: up); header rows of unfolded
 * sections are passed over, so it rests on articles and on the headers
 * of folded sections. */
void app_list_move(struct app *a, long long by);

/* --- the list's sections (only when the dossier has several) ----------- */

/* Has the list section headers? */
int app_sectioned(const struct app *a);
/* Is section s in the list?  All are, unless the list is narrowed to
 * the articles with matches and none of s has any. */
int app_section_shown(const struct app *a, size_t s);
/* The matches of the search in section s so far; *partial is set while
 * some of its articles are not searched yet. */
size_t app_section_hits(const struct app *a, size_t s, int *partial);
/* The section's name to show (safe to print): its folder within its
 * PATH, or the PATH's own name for the PATH itself. */
void app_section_name(const struct app *a, size_t s, struct buf *out);
/* The list's rows in order: the next (previous) shown row after r;
 * 0 at the end.  r need not be shown itself. */
int app_row_next(const struct app *a, struct app_row *r);
int app_row_prev(const struct app *a, struct app_row *r);
/* The row the selection is on; the list's first row on screen. */
struct app_row app_sel_row(const struct app *a);
struct app_row app_top_row(const struct app *a);
/* The row on screen row y of the list; 0 for none. */
int app_list_row_at(const struct app *a, int y, struct app_row *r);
/* Select row r (a header selects an article of its section). */
void app_select_row(struct app *a, struct app_row r);
/* Is the selection on a (folded) section's header? */
int app_sel_on_header(const struct app *a);
/* Fold (how < 0), unfold (how > 0) or toggle (0) the selection's
 * section; fold or unfold all sections (fold all unless all are). */
void app_fold(struct app *a, int how);
void app_fold_all(struct app *a);

/* --- the panes, the article and its layout ------------------------------ */

/* Work out the panes from rows and cols (and the side pane's setting). */
void app_place_panes(struct app *a);
struct doc *app_doc(struct app *a);
/* The headline of article i once read, else its file name. */
const char *app_title(const struct app *a, size_t i);
/* Lay the current article out at the pane's width (lazily), with its
 * anchor on the top line; waits for it if a loader is reading it. */
void app_layout(struct app *a);
/* Can the current article be laid out without waiting? */
int app_text_ready(struct app *a);
/* Lay out again from the anchor at the next app_layout(). */
void app_forget_layout(struct app *a);
/* The source byte the top of the reading pane shows. */
size_t app_top_byte(struct app *a);
/* The top line that shows the end of the article at the bottom. */
struct layout_pos app_bottom_top(struct app *a);
/* The line on the pane's last row (or the article's last line). */
struct layout_pos app_last_shown(struct app *a);
int app_on_screen(struct app *a, struct layout_pos p);
/* Is the article's last line on screen? */
int app_end_shown(struct app *a);

/* --- moving ------------------------------------------------------------- */

/* Put line p on top (never past the end at the bottom) and remember it. */
void app_scroll_to(struct app *a, struct layout_pos p);
void app_scroll_by(struct app *a, long long by);
void app_scroll_home(struct app *a);
/* Open article i (saving where the last one was read). */
void app_open(struct app *a, size_t i);
/* Open article doc with source byte byte on top. */
void app_go(struct app *a, size_t doc, size_t byte);
/* Remember where the reader is, as a jump leaves it (for C-o). */
void app_remember(struct app *a);
/* A jump: app_remember(), then app_go(). */
void app_jump(struct app *a, size_t doc, size_t byte);
/* C-o and C-t: back to where the last jump came from, forward again. */
void app_back(struct app *a);
void app_forward(struct app *a);

/* Before a frame: put in place what it shows (the article laid out if it
 * can be without waiting, the selections on screen, the matches to
 * highlight listed) and note an article read to its end.  view_draw()
 * then only reads the state. */
void app_settle(struct app *a);

#endif
