/* ui.c - the interactive reader: state, drawing and the event loop.
 *
 * Input flows terminal -> keymap -> action; actions change the state in
 * struct app, and the whole screen is drawn from that state after every
 * event (curses sends only what changed, so nothing flickers).
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <termios.h>
#include <unistd.h>
#include <uninorm.h>
#include <uniwidth.h>

#include "action.h"
#include "keymap.h"
#include "layout.h"
#include "marks.h"
#include "search.h"
#include "settings.h"
#include "text.h"
#include "ui.h"

/* after our headers: term.h defines macros named like capabilities */
#include <term.h>

/* Below this the reader shows only a notice. */
#define MIN_COLS 20
#define MIN_ROWS 4
/* The side pane hides by itself below this terminal width. */
#define SIDE_MIN_COLS 60
/* Poll for signals this often (ms) while waiting for a key. */
#define POLL_MS 200
#define LOADING_POLL_MS 50
/* Threads reading articles in the background: both cores, for the few
 * hundred milliseconds it takes; the reader itself is idle meanwhile. */
#define LOADERS 2
/* An article at least this big (bytes) is not read before the first
 * frame (reading takes about a millisecond a megabyte). */
#define BIG_ARTICLE (8LL << 20)

enum focus { FOCUS_LIST, FOCUS_TEXT };
enum mode { MODE_NORMAL, MODE_HELP, MODE_SEARCH, MODE_LABEL, MODE_MARKS };

enum color_pair {
	PAIR_TITLE = 1,
	PAIR_HEADING,
	PAIR_STATUS,
	PAIR_SELECTED,
	PAIR_MARKER,
	PAIR_DIM,
	PAIR_MATCH,
	PAIR_CURRENT,
	PAIR_COUNT
};

/* How much an idle step of the count covers before a redraw. */
#define SEARCH_IDLE_BYTES (4 << 20)
#define HISTORY_MAX 100
/* The reading position is saved after this long without scrolling. */
#define STATE_SAVE_MS 1000
/* Unsaved bookmarks are retried this often, and for this long at quit. */
#define SAVE_RETRY_MS 1000
#define QUIT_RETRY_MS 2000

struct app {
	struct dossier *ds;
	const struct ui_options *opt;
	int rows, cols;
	int side_pref;          /* -1: by width; 0: hidden; 1: shown */
	int side_w;             /* 0 when hidden */
	int text_x, text_w, pane_h;
	enum focus focus;
	enum mode mode;
	size_t sel, cur, list_top;
	struct layout_lazy lay; /* the current article, laid out as shown */
	size_t lay_doc;
	int lay_valid;
	struct layout_pos top;  /* first visible line of the reading pane */
	size_t *anchor;         /* per article: the source byte last shown on top */
	int color, utf8;
	size_t help_top;
	char msg[512];
	int quit;

	/* search */
	struct search search;
	struct buf query;       /* the prompt's text while typing */
	int backward;           /* the prompt was opened with '?' */
	int filter;             /* the list shows only articles with hits */
	int have_match;         /* m_doc/m_idx is the current match */
	int want_first;         /* go to the first match once it is found */
	size_t m_doc, m_idx;
	struct {                /* where the search started, for Esc */
		size_t cur, sel, list_top, top_byte;
		size_t *anchor;
		enum focus focus;
	} origin;
	char **history;
	size_t nhistory, history_pos;

	/* bookmarks and reading state */
	struct bm_store store;
	struct marks_index mx;  /* the articles by canonical path */
	int have_store;         /* there is a dotfile path */
	size_t mark_off;        /* the position the label prompt is for */
	size_t *marks;          /* the overlay's rows: indices of MARK records */
	size_t nmarks, mark_sel, mark_top;
	struct bm_op undo;      /* the last deleted bookmark, while the
	                         * overlay is open */
	int have_undo;
	long long bench_frame_us;   /* make bench: the first frame */
	int bench_written;
	unsigned char *done;    /* per article: read to the end */
	unsigned char *marked;  /* per article: has bookmarks */
	size_t reanchor_left;   /* bookmarks in articles not read yet */
	int state_dirty;        /* the position changed since it was saved */
	long long state_changed_ms;
	long long retry_ms;     /* when unsaved bookmarks were last retried */
};

static int edit_line(struct buf *b, int key);
static void save_state(struct app *a);
static void open_article(struct app *a, size_t i);

static volatile sig_atomic_t got_signal;
static int curses_active;
static SCREEN *screen;

static void
on_signal(int sig)
{
	got_signal = sig;
}

/* Is the terminal still there?  When it is closed and no SIGHUP reaches
 * us (the shell ignored it, as nohup does), every read fails at once
 * and the reader would spin; a hung-up terminal answers EIO. */
static int
terminal_alive(void)
{
	struct termios t;

	return tcgetattr(STDIN_FILENO, &t) == 0 || errno != EIO;
}

/* Leave the terminal as we found it; safe to call twice. */
static void
restore_terminal(void)
{
	if (curses_active) {
		curses_active = 0;
		endwin();
	}
}

/* A message for the status line (shown until the next key). */
static void __attribute__((format(printf, 2, 3)))
set_msg(struct app *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
}

/* --- the list's rows ------------------------------------------------------ */

/* Is article i shown in the list?  All are, unless the list is narrowed
 * to the articles with matches. */
static int
listed(const struct app *a, size_t i)
{
	return !a->filter || !a->search.q || !a->search.hits[i].done ||
	    a->search.hits[i].n > 0 || i == a->cur;
}

/* The listed article by steps from i (negative: up), stopping at the
 * ends of the list. */
static size_t
list_step(const struct app *a, size_t i, long long by)
{
	size_t last = i;

	while (by > 0 && i + 1 < a->ds->n) {
		i++;
		if (listed(a, i)) {
			last = i;
			by--;
		}
	}
	while (by < 0 && i > 0) {
		i--;
		if (listed(a, i)) {
			last = i;
			by++;
		}
	}
	return last;
}

/* The listed article on screen row y, or a->ds->n for none. */
static size_t
list_at_row(const struct app *a, int y)
{
	size_t i;

	for (i = a->list_top; i < a->ds->n; i++) {
		if (!listed(a, i))
			continue;
		if (y-- == 0)
			return i;
	}
	return a->ds->n;
}

/* --- layout of the screen and the article ------------------------------ */

static void
place_panes(struct app *a)
{
	const struct settings *st = a->opt->settings;
	int want = st ? st->side_width : -1;
	int max = st ? st->max_width : SETTINGS_MAX_WIDTH_DEFAULT;
	int show = a->side_pref >= 0 ? a->side_pref :
	    want >= 0 ? want > 0 : a->cols >= SIDE_MIN_COLS;

	a->pane_h = a->rows - 1;
	a->side_w = 0;
	if (show) {
		a->side_w = want > 0 ? want : a->cols * 2 / 5;
		if (want <= 0 && a->side_w < 16)
			a->side_w = 16;
		if (want <= 0 && a->side_w > 48)
			a->side_w = 48;
		if (a->side_w > a->cols - 10)
			a->side_w = 0;
	}
	a->text_x = a->side_w ? a->side_w + 2 : 1;
	a->text_w = a->cols - a->text_x - 1;
	if (a->text_w < 1)
		a->text_w = 1;
	/* a comfortable measure, centred in what is left */
	if (max > 0 && a->text_w > max) {
		a->text_x += (a->text_w - max) / 2;
		a->text_w = max;
	}
}

static struct doc *
cur_doc(struct app *a)
{
	return &a->ds->docs[a->cur];
}

/* The headline of article i once read, else its file name (the list
 * fills in while the articles load in the background). */
static const char *
title_of(const struct app *a, size_t i)
{
	const struct doc *d = &a->ds->docs[i];

	return dossier_ready(a->ds, i) ? d->title : d->name;
}

/* The source byte the top of the reading pane shows. */
static size_t
top_byte(struct app *a)
{
	const struct line *ln = a->lay_valid ?
	    layout_lazy_line(&a->lay, a->top) : NULL;

	return ln ? ln->start : 0;
}

/* Lay the current article out at the pane's width (lazily: only what is
 * shown is wrapped).  The article's anchor (the source byte last put on
 * top by the reader) stays on the top line, so resizing to any width and
 * back returns to the same place. */
static void
ensure_layout(struct app *a)
{
	if (a->lay_valid && a->lay_doc == a->cur && a->lay.width == a->text_w)
		return;
	if (a->lay_valid)
		layout_lazy_free(&a->lay);
	/* an unreadable article has no paragraphs: an empty pane */
	dossier_need(a->ds, a->cur);
	layout_lazy_init(&a->lay, cur_doc(a), a->text_w);
	a->lay_doc = a->cur;
	a->lay_valid = 1;
	a->top = layout_lazy_locate(&a->lay, a->anchor[a->cur]);
}

/* Can the current article be laid out without waiting?  Not while a
 * background loader still reads it: then the pane says so, the loaders
 * take it first, and keys that need no layout (another article, the
 * list, q) are answered at once.  Without loaders it is read here. */
static int
text_ready(struct app *a)
{
	if ((a->lay_valid && a->lay_doc == a->cur) || !a->ds->running ||
	    dossier_settled(a->ds, a->cur))
		return 1;
	dossier_want(a->ds, a->cur);
	return 0;
}

/* Lay out again from the anchor at the next ensure_layout(). */
static void
forget_layout(struct app *a)
{
	if (a->lay_valid)
		layout_lazy_free(&a->lay);
	a->lay_valid = 0;
}

/* The top line that shows the end of the article at the bottom. */
static struct layout_pos
bottom_top(struct app *a)
{
	return layout_lazy_end(&a->lay, a->pane_h > 0 ? (size_t)a->pane_h : 1);
}

/* The line on the pane's last row (or the article's last line). */
static struct layout_pos
last_shown(struct app *a)
{
	struct layout_pos p = a->top;

	layout_lazy_move(&a->lay, &p, a->pane_h > 1 ? a->pane_h - 1 : 0);
	return p;
}

static int
on_screen(struct app *a, struct layout_pos p)
{
	return layout_pos_cmp(p, a->top) >= 0 &&
	    layout_pos_cmp(p, last_shown(a)) <= 0;
}

/* Is the article's last line on screen? */
static int
end_shown(struct app *a)
{
	struct layout_pos p = a->top;

	return layout_lazy_move(&a->lay, &p, a->pane_h) < a->pane_h;
}

long long
ui_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static long long
now_ms(void)
{
	return ui_now_us() / 1000;
}

/* For make bench: note when the first frame was drawn and when every
 * article was indexed; returns 1 when it is time to quit. */
static int
bench_note(struct app *a)
{
	const char *path = getenv("DOSSIER_BENCH"), *quit;
	long long done;
	FILE *f;

	if (!path || a->bench_written)
		return 0;
	if (!a->bench_frame_us)
		a->bench_frame_us = ui_now_us();
	done = __atomic_load_n(&a->ds->done_us, __ATOMIC_ACQUIRE);
	if (!done && a->ds->running)
		return 0;
	if (!done)
		done = a->bench_frame_us;  /* nothing was left to read */
	a->bench_written = 1;
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "first_frame_ms %.2f\nindex_ms %.2f\n",
		    (double)(a->bench_frame_us - a->opt->start_us) / 1000.0,
		    (double)(done - a->opt->start_us) / 1000.0);
		fclose(f);
	}
	quit = getenv("DOSSIER_BENCH_QUIT");
	return quit && *quit == '1';
}

/* The reading position changed: save it once the reader pauses. */
static void
state_touched(struct app *a)
{
	a->state_dirty = 1;
	a->state_changed_ms = now_ms();
}

/* Put line p on top (within the article: never past the point where
 * its end is at the bottom), and remember the place. */
static void
scroll_to(struct app *a, struct layout_pos p)
{
	struct layout_pos end = bottom_top(a);

	if (layout_pos_cmp(p, end) > 0)
		p = end;
	a->top = p;
	a->anchor[a->cur] = top_byte(a);
	state_touched(a);
}

static void
scroll_by(struct app *a, long long by)
{
	struct layout_pos p = a->top;

	layout_lazy_move(&a->lay, &p, by);
	scroll_to(a, p);
}

static void
scroll_home(struct app *a)
{
	struct layout_pos p = { 0, 0 };

	scroll_to(a, p);
}

/* --- bookmarks and reading state ----------------------------------------- */

/* Which articles have bookmarks, which are read: from the records. */
static void
marks_refresh(struct app *a)
{
	size_t i;

	memset(a->marked, 0, a->ds->n);
	for (i = 0; i < a->store.set.n; i++) {
		const struct bm_rec *r = &a->store.set.v[i];
		long d;

		if (r->kind != BM_MARK && r->kind != BM_STATE)
			continue;
		d = marks_article(&a->mx, r->path);
		if (d < 0)
			continue;
		if (r->kind == BM_MARK)
			a->marked[d] = 1;
		else if (r->done)
			a->done[d] = 1;
	}
}

/* Save one change at once; when that fails, say so and keep it (the
 * store retries it with the next save). */
static void
save_op(struct app *a, const struct bm_op *op)
{
	char err[512];

	if (!a->have_store) {
		bm_set_apply(&a->store.set, op);
	} else if (bm_store_apply(&a->store, op, err, sizeof err) < 0) {
		set_msg(a, "bookmarks not saved: %s", err);
	}
	marks_refresh(a);
}

/* Retry the changes a save could not write (a lock held, a full disk);
 * the status line's mark goes once they are written. */
static void
retry_save(struct app *a)
{
	char err[512];

	a->retry_ms = now_ms();
	if (bm_store_retry(&a->store, err, sizeof err) == 0) {
		set_msg(a, "bookmarks saved");
		marks_refresh(a);
	}
}

/* Save where the current article is being read, and that it is the one
 * last read. */
static void
save_state(struct app *a)
{
	int64_t now = (int64_t)time(NULL);
	struct bm_op op;

	/* an article still being read (or unreadable) is only the one last
	 * opened: where it is read stays as it was */
	if (dossier_ready(a->ds, a->cur)) {
		marks_state(&op, &a->mx, a->cur, cur_doc(a),
		    a->anchor[a->cur], a->done[a->cur], now);
		save_op(a, &op);
		marks_op_free(&op);
	}
	marks_state(&op, &a->mx, a->cur, NULL, 0, 0, now);
	save_op(a, &op);
	marks_op_free(&op);
	a->state_dirty = 0;
}

/* Bring the records up to date with the articles (marks_sync): version
 * 1 records upgraded, bookmarks of edited articles re-anchored, records
 * of moved articles given their new path.  Without wait only the articles
 * read by now (the rest are counted in a->reanchor_left, for a later
 * call), so that a big bookmarked article is not read before the first
 * frame. */
static void
reanchor_marks(struct app *a, int wait)
{
	struct bm_op *ops = NULL;
	size_t n = marks_sync(&a->mx, a->ds, &a->store.set, wait, &ops), i;

	a->reanchor_left = a->mx.left;
	for (i = 0; i < n; i++) {
		save_op(a, &ops[i]);
		marks_op_free(&ops[i]);
	}
	free(ops);
}

/* Open the dotfile; resume every article where it was left and select
 * the one read last. */
static void
open_store(struct app *a)
{
	char err[512];
	char *path = a->opt->bookmarks ? xstrdup(a->opt->bookmarks) :
	    marks_default_path();
	const struct bm_rec *last;
	size_t i;

	a->done = xcalloc(a->ds->n, 1);
	a->marked = xcalloc(a->ds->n, 1);
	marks_index_build(&a->mx, a->ds);
	if (!path) {
		set_msg(a, "no HOME: bookmarks are kept for this session only");
		return;
	}
	a->have_store = 1;
	if (bm_store_open(&a->store, path, err, sizeof err) < 0) {
		set_msg(a, "bookmarks: %s", err);
	} else if (a->store.set.nraw) {
		set_msg(a, "bookmarks: %zu line%s of %s not understood, kept "
		    "as they are", a->store.set.nraw,
		    a->store.set.nraw == 1 ? "" : "s", path);
	}
	free(path);
	for (i = 0; i < a->store.set.n; i++) {
		const struct bm_rec *r = &a->store.set.v[i];
		long d;

		if (r->kind != BM_STATE)
			continue;
		d = marks_article(&a->mx, r->path);
		if (d >= 0)
			a->anchor[d] = (size_t)r->offset;  /* found at layout */
	}
	last = bm_set_last(&a->store.set, a->mx.root);
	if (last) {
		long d = marks_article(&a->mx, last->path);

		if (d >= 0)
			a->cur = a->sel = (size_t)d;
	}
	reanchor_marks(a, 0);  /* the rest once read */
	marks_refresh(a);
}

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

static void
open_marks(struct app *a)
{
	char err[512];

	if (a->have_store && bm_store_reload(&a->store, err, sizeof err) < 0)
		set_msg(a, "bookmarks: %s", err);
	reanchor_marks(a, 1);  /* exact places, for the list and the jump */
	marks_refresh(a);
	list_marks(a);
	if (!a->nmarks) {
		set_msg(a, "no bookmarks yet: m bookmarks the current position");
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
		set_msg(a, "that article is missing: %.200s", r->path);
		close_marks(a);
		return;
	}
	/* where it lands, before open_article() saves the reading state,
	 * which rebuilds the records r points into */
	off = marks_locate(r, &a->ds->docs[d]);
	open_article(a, (size_t)d);
	a->anchor[d] = off;
	forget_layout(a);
	ensure_layout(a);
	a->focus = FOCUS_TEXT;
	close_marks(a);
	state_touched(a);
}

static void
delete_mark(struct app *a)
{
	const struct bm_rec *r = &a->store.set.v[a->marks[a->mark_sel]];
	struct bm_op op;

	if (a->have_undo)
		marks_op_free(&a->undo);
	memset(&a->undo, 0, sizeof a->undo);
	a->undo.kind = BM_OP_ADD;
	bm_rec_make(&a->undo.rec, BM_MARK, r);
	a->have_undo = 1;
	memset(&op, 0, sizeof op);
	op.kind = BM_OP_DEL;
	op.rec.id = a->undo.rec.id;
	save_op(a, &op);
	list_marks(a);
	if (!a->msg[0])
		set_msg(a, "bookmark deleted: u undoes");
}

static void
undo_delete(struct app *a)
{
	if (!a->have_undo) {
		set_msg(a, "nothing to undo");
		return;
	}
	save_op(a, &a->undo);
	marks_op_free(&a->undo);
	a->have_undo = 0;
	list_marks(a);
	if (!a->msg[0])
		set_msg(a, "bookmark restored");
}

static void
marks_key(struct app *a, int key)
{
	enum action act = keymap_lookup(key);

	if (key == 27 || key == 'q' || act == ACT_BOOKMARKS) {
		close_marks(a);
	} else if (key == '\r' || key == '\n' || key == KEYMAP_FN(KEY_ENTER)) {
		if (a->nmarks)
			jump_to_mark(a);
	} else if (key == 'd' || key == KEYMAP_FN(KEY_DC)) {
		if (a->nmarks)
			delete_mark(a);
	} else if (key == 'u') {
		undo_delete(a);
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

static void
open_label_prompt(struct app *a)
{
	struct buf label = { 0 };

	ensure_layout(a);
	if (!dossier_ready(a->ds, a->cur) || !cur_doc(a)->len) {
		set_msg(a, "nothing to bookmark in an empty article");
		return;
	}
	a->mark_off = top_byte(a);
	marks_label(cur_doc(a), a->mark_off, &label);
	a->query.len = 0;
	buf_add(&a->query, label.data, label.len);
	buf_free(&label);
	a->mode = MODE_LABEL;
}

static void
label_key(struct app *a, int key)
{
	struct bm_op op;

	if (key == 27) {
		a->mode = MODE_NORMAL;
		set_msg(a, "no bookmark made");
	} else if (key == '\r' || key == '\n' || key == KEYMAP_FN(KEY_ENTER)) {
		a->mode = MODE_NORMAL;
		marks_new(&op, cur_doc(a), a->mark_off,
		    a->query.data ? a->query.data : "");
		save_op(a, &op);
		marks_op_free(&op);
		if (!a->msg[0])
			set_msg(a, "bookmarked: %.200s",
			    a->query.data ? a->query.data : "");
	} else {
		edit_line(&a->query, key);
	}
}

static void
open_article(struct app *a, size_t i)
{
	if (i >= a->ds->n)
		return;
	/* articles passed through while typing a search are not places the
	 * reader settled in: nothing is saved until the search ends */
	if (i != a->cur && a->state_dirty && a->mode != MODE_SEARCH)
		save_state(a);
	a->cur = i;
	a->sel = i;
	if (text_ready(a))
		ensure_layout(a);
	else
		forget_layout(a);  /* draw() says it is being read */
	state_touched(a);
}

/* --- drawing ------------------------------------------------------------ */

/* What a character becomes in a terminal that cannot show it: its base
 * letter without accents, a plain form of common punctuation, else '?'. */
static wchar_t
ascii_form(uint32_t cp)
{
	ucs4_t d[UC_DECOMPOSITION_MAX_LENGTH];
	int tag;

	if (cp < 0x7F)
		return (wchar_t)cp;
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
		return '\'';
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0xAB:
	case 0xBB:
		return '"';
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2212:
		return '-';
	case 0x2026:
		return '.';
	case 0x2022: case 0xB7:
		return '*';
	}
	if (uc_decomposition(cp, &tag, d) > 0 && d[0] < 0x7F && d[0] >= 0x20)
		return (wchar_t)d[0];
	return '?';
}

static int
cp_width(uint32_t cp)
{
	int w = uc_width(cp, "UTF-8");

	return w < 0 ? 1 : w;
}

/* Draw one unit at (y, x); never more than u->width columns. */
static void
put_unit(const struct app *a, int y, int x, const struct text_unit *u,
    attr_t attr, short pair)
{
	wchar_t wch[TEXT_MAX_CPS + 1];
	cchar_t cc;
	int i, n = 0, used = 0, w;

	if (u->kind == TEXT_SPACE || u->ncp == 0) {
		wch[0] = ' ';
		wch[1] = 0;
		setcchar(&cc, wch, attr, pair, NULL);
		for (i = 0; i < u->width; i++)
			mvadd_wch(y, x + i, &cc);
		return;
	}
	for (i = 0; i <= u->ncp; i++) {
		w = i < u->ncp ? cp_width(u->cps[i]) : 1;
		/* a spacing character starts a new cell: flush the last */
		if (n && (w > 0 || i == u->ncp)) {
			int cw = cp_width((uint32_t)wch[0]);

			wch[n] = 0;
			if (!a->utf8) {
				wch[0] = ascii_form((uint32_t)wch[0]);
				wch[1] = cw == 2 ? '?' : 0;
				wch[2] = 0;
				n = 1;
			}
			if (used + cw > u->width)
				break;
			if (!a->utf8 && cw == 2) {
				wch[1] = 0;
				setcchar(&cc, wch, attr, pair, NULL);
				mvadd_wch(y, x + used, &cc);
				mvadd_wch(y, x + used + 1, &cc);
			} else {
				setcchar(&cc, wch, attr, pair, NULL);
				mvadd_wch(y, x + used, &cc);
			}
			used += cw;
			n = 0;
		}
		if (i < u->ncp && (n || w > 0) && n < TEXT_MAX_CPS)
			wch[n++] = (wchar_t)u->cps[i];
	}
	/* pad what could not be drawn (a cut ZWJ sequence) */
	wch[0] = ' ';
	wch[1] = 0;
	setcchar(&cc, wch, attr, pair, NULL);
	for (; used < u->width; used++)
		mvadd_wch(y, x + used, &cc);
}

/* Draw the string s (already safe: our own text or a sanitized title) at
 * (y, x) in at most max columns, cut with "…" when longer; returns the
 * columns used. */
static int
put_str(const struct app *a, int y, int x, const char *s, int max,
    attr_t attr, short pair)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), pos = 0;
	struct text_unit u;
	int col = 0, total = 0, room;

	if (max <= 0)
		return 0;
	while (pos < n) {
		pos = text_next_unit(p, n, pos, total, &u);
		total += u.width;
	}
	room = total <= max ? max : max - 1;
	for (pos = 0; pos < n;) {
		pos = text_next_unit(p, n, pos, col, &u);
		if (col + u.width > room)
			break;
		put_unit(a, y, x + col, &u, attr, pair);
		col += u.width;
	}
	if (total > max) {
		memset(&u, 0, sizeof u);
		u.kind = TEXT_CHAR;
		u.width = 1;
		u.ncp = 1;
		u.cps[0] = 0x2026;
		put_unit(a, y, x + col, &u, attr, pair);
		col++;
	}
	return col;
}

static void
fill(int y, int x, int n, attr_t attr, short pair)
{
	cchar_t cc;
	wchar_t sp[2] = { ' ', 0 };

	setcchar(&cc, sp, attr, pair, NULL);
	for (; n > 0; n--, x++)
		mvadd_wch(y, x, &cc);
}

static short
pair_of(const struct app *a, enum color_pair p)
{
	return a->color ? (short)p : 0;
}

/* An estimate of the reading time: about 230 words a minute, and about
 * six bytes a word in the languages we read. */
static int
reading_minutes(const struct doc *d)
{
	size_t words = (d->len - d->body) / 6;

	return (int)((words + 229) / 230);
}

/* What the list shows right of a headline: the date, and (with room)
 * the reading time. */
static void
reading_info(const struct doc *d, int room, char *out, size_t n)
{
	int min = reading_minutes(d);

	if (d->date && room)
		snprintf(out, n, "%s %d min", d->date, min);
	else if (d->date)
		snprintf(out, n, "%s", d->date);
	else if (room)
		snprintf(out, n, "%d min", min);
	else
		out[0] = '\0';
}

static void
draw_list(struct app *a)
{
	size_t n = a->ds->n, i, rows_above = 0;
	int digits = 1, y, h = a->pane_h, x, w = a->side_w;
	char num[48];

	for (i = n; i >= 10; i /= 10)
		digits++;
	if (!listed(a, a->sel))
		a->sel = a->cur;
	/* keep the selection on screen */
	if (a->sel < a->list_top)
		a->list_top = a->sel;
	for (i = a->sel; i > a->list_top; i--)
		rows_above += listed(a, i - 1);
	while (rows_above >= (size_t)h) {
		if (listed(a, a->list_top))
			rows_above--;
		a->list_top++;
	}
	for (y = 0, i = a->list_top; y < h && i < n; i++) {
		struct doc *d = &a->ds->docs[i];
		attr_t attr = A_NORMAL;
		short pair = 0;
		int right = 0;
		char count[32] = "";

		if (!listed(a, i))
			continue;
		if (i == a->sel) {
			/* in colour the pair marks it; reverse would swap
			 * the pair's colours */
			if (a->focus == FOCUS_LIST && a->color)
				attr = A_BOLD;
			else if (a->focus == FOCUS_LIST)
				attr = A_REVERSE | A_BOLD;
			else
				attr = A_REVERSE;
			pair = a->focus == FOCUS_LIST ?
			    pair_of(a, PAIR_SELECTED) : 0;
			fill(y, 0, w, attr, pair);
		}
		x = 0;
		x += put_str(a, y, x, i == a->cur ? (a->utf8 ? "▶" : ">") :
		    " ", 1, attr | A_BOLD, i == a->sel ? pair :
		    pair_of(a, PAIR_MARKER));
		snprintf(num, sizeof num, "%*zu", digits & 31, i + 1);
		x += put_str(a, y, x, num, w - x, attr, pair);
		/* a bookmarked article, or one read to the end */
		x += put_str(a, y, x, a->marked[i] ? (a->utf8 ? "★" : "*") :
		    a->done[i] ? (a->utf8 ? "✓" : "+") : " ", w - x,
		    attr | A_BOLD, i == a->sel ? pair : pair_of(a, PAIR_MARKER));
		x += put_str(a, y, x, " ", w - x, attr, pair);
		if (a->search.q && a->search.hits[i].done &&
		    a->search.hits[i].n) {
			snprintf(count, sizeof count, " %zu",
			    a->search.hits[i].n);
			right = (int)strlen(count);
			put_str(a, y, w - right, count, right, attr | A_BOLD,
			    i == a->sel ? pair : pair_of(a, PAIR_COUNT));
		} else if (dossier_ready(a->ds, i) && w - x >= 30) {
			/* the date, and with room the reading time */
			char info[40];

			reading_info(d, w - x >= 44, info, sizeof info);
			right = info[0] ? (int)strlen(info) + 1 : 0;  /* ASCII */
			if (right)
				put_str(a, y, w - right + 1, info, right - 1,
				    i == a->sel ? attr : attr | A_DIM,
				    i == a->sel ? pair : pair_of(a, PAIR_DIM));
		}
		put_str(a, y, x, title_of(a, i), w - x - right, attr |
		    (dossier_ready(a->ds, i) ? 0 : A_DIM), pair);
		y++;
	}
}

/* Is [start, end) inside a match of the current article?  Sets the
 * attributes of a match, or of the current match. */
static void
highlight(const struct app *a, const struct text_unit *u,
    const struct line *ln, attr_t *attr, short *pair)
{
	const struct search_hits *h;
	size_t start = u->pos, end = u->pos + u->len, lo = 0, hi;

	if (!a->search.q || a->mode == MODE_HELP)
		return;
	h = &a->search.hits[a->cur];
	if (!h->n || !h->listed)
		return;
	if (u->len == 0) {
		/* the '-' of a soft hyphen stands for the byte before it */
		start = ln->end > 0 ? ln->end - 1 : 0;
		end = ln->end;
	}
	/* the first match ending after start */
	hi = h->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (h->v[mid].end <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= h->n || h->v[lo].start >= end)
		return;
	if (a->have_match && a->m_doc == a->cur && a->m_idx == lo) {
		*attr = a->color ? A_BOLD : A_REVERSE | A_BOLD | A_UNDERLINE;
		*pair = pair_of(a, PAIR_CURRENT);
	} else {
		*attr = a->color ? A_NORMAL : A_REVERSE;
		*pair = pair_of(a, PAIR_MATCH);
	}
}

/* With "justify on": the gaps between words of a line that is to be
 * stretched to the full width (a text line that is not the last of its
 * paragraph), else 0. */
static int
justify_gaps(const struct app *a, const struct doc *d, const struct line *ln)
{
	struct layout_iter it;
	struct text_unit u;
	int col, gaps = 0;

	if (!a->opt->settings || !a->opt->settings->justify ||
	    ln->kind != PARA_TEXT || (ln->flags & LINE_BLANK) ||
	    ln->end >= d->paras[ln->para].end || ln->width >= a->lay.width)
		return 0;
	layout_cells_begin(&it, d, ln, a->lay.width);
	while (layout_cells_next(&it, &u, &col))
		gaps += u.kind == TEXT_SPACE;
	return gaps;
}

static void
draw_text(struct app *a)
{
	struct doc *d = cur_doc(a);
	struct layout_pos p = a->top;
	int y, gaps, extra, shift, k;

	if (!a->lay_valid) {
		put_str(a, 0, a->text_x, "reading this article…", a->text_w,
		    A_DIM, 0);
		return;
	}
	search_list(&a->search, a->ds, a->cur);
	for (y = 0; y < a->pane_h; y++) {
		struct layout_iter it;
		struct text_unit u;
		const struct line *ln;
		attr_t attr = A_NORMAL;
		short pair = 0;
		int col;

		if (y > 0 && layout_lazy_move(&a->lay, &p, 1) == 0)
			break;
		ln = layout_lazy_line(&a->lay, p);
		if (!ln)
			break;
		if (ln->kind == PARA_TITLE) {
			attr = A_BOLD;
			pair = pair_of(a, PAIR_TITLE);
		} else if (ln->kind == PARA_HEADING) {
			attr = A_BOLD | (a->color ? 0 : A_UNDERLINE);
			pair = pair_of(a, PAIR_HEADING);
		}
		gaps = justify_gaps(a, d, ln);
		extra = gaps ? a->lay.width - ln->width : 0;
		shift = k = 0;
		layout_cells_begin(&it, d, ln, a->lay.width);
		while (layout_cells_next(&it, &u, &col)) {
			attr_t at = attr;
			short pr = pair;
			int grow = 0;

			if (gaps && u.kind == TEXT_SPACE) {
				/* spread the spare columns over the gaps */
				grow = extra / gaps + (k < extra % gaps);
				k++;
			}
			u.width += grow;
			highlight(a, &u, ln, &at, &pr);
			put_unit(a, y, a->text_x + col + shift, &u, at, pr);
			shift += grow;
		}
	}
	if (!a->lay.nblocks && d->state == DOC_FAILED) {
		struct buf why = { 0 };

		buf_adds(&why, "cannot read this article: ");
		buf_adds(&why, d->error);
		put_str(a, 0, a->text_x, why.data, a->text_w, A_BOLD, 0);
		buf_free(&why);
	} else if (!a->lay.nblocks) {
		put_str(a, 0, a->text_x, "(this article is empty)", a->text_w,
		    A_DIM, 0);
	}
}

/* How far down the article the bottom of the screen is, by bytes (the
 * lines below are not laid out yet, so they cannot be counted). */
static int
percent(struct app *a)
{
	const struct line *ln = layout_lazy_line(&a->lay, last_shown(a));
	size_t len = cur_doc(a)->len;

	if (!ln || !len || end_shown(a))
		return 100;
	return (int)((double)ln->end * 100 / (double)len);
}

/* "N matches in K articles", and where the current match is; a "+"
 * while the search is still going. */
static void
search_summary(const struct app *a, char *out, size_t n)
{
	const struct search *s = &a->search;
	const char *more = search_complete(s) ? "" : "+";
	int used = 0;

	out[0] = '\0';
	if (!s->q)
		return;
	if (a->have_match)
		used = snprintf(out, n, "match %zu/%zu%s, ",
		    search_ordinal(s, a->m_doc, a->m_idx), s->total, more);
	if (used < 0 || (size_t)used >= n)
		return;
	snprintf(out + used, n - (size_t)used, "%zu%s %s in %zu%s %s",
	    s->total, more, s->total == 1 ? "match" : "matches", s->articles,
	    more, s->articles == 1 ? "article" : "articles");
}

/* The search prompt: "/query" with a cursor, and the count on the right. */
static void
draw_prompt(struct app *a, int y, attr_t attr, short pair)
{
	char summary[160];
	struct buf b = { 0 };
	int right, room, w;
	size_t start = 0;

	if (a->mode == MODE_LABEL)
		summary[0] = '\0';
	else
		search_summary(a, summary, sizeof summary);
	right = summary[0] ? (int)strlen(summary) + 2 : 0;
	if (right > a->cols * 2 / 3 && strstr(summary, ", ")) {
		/* short of room: the count without the match's place */
		memmove(summary, strstr(summary, ", ") + 2,
		    strlen(strstr(summary, ", ") + 2) + 1);
		right = (int)strlen(summary) + 2;
	}
	if (right > a->cols * 2 / 3)
		right = 0;
	room = a->cols - right - 2;
	/* show the end of a query too long for the line */
	if (a->mode == MODE_LABEL)
		buf_adds(&b, "Bookmark label: ");
	else
		buf_addc(&b, a->backward ? '?' : '/');
	if (a->query.len) {
		while (start < a->query.len &&
		    text_width((const unsigned char *)a->query.data + start,
		    a->query.len - start) > room - 1)
			start++;
		while (start < a->query.len &&
		    (a->query.data[start] & 0xC0) == 0x80)
			start++;
		buf_add(&b, a->query.data + start, a->query.len - start);
	}
	w = put_str(a, y, 0, b.data, room, attr | A_BOLD, pair);
	fill(y, w, 1, A_REVERSE, 0);  /* the cursor */
	if (right)
		put_str(a, y, a->cols - right + 1, summary, right - 1, attr,
		    pair);
	buf_free(&b);
}

static void
draw_status(struct app *a)
{
	attr_t attr = A_REVERSE;
	short pair = pair_of(a, PAIR_STATUS);
	int y = a->rows - 1, x = 0, right, pct_x;
	char left[64], pct[16];

	if (a->color)
		attr = A_NORMAL;
	fill(y, 0, a->cols, attr, pair);
	if (a->mode == MODE_SEARCH || a->mode == MODE_LABEL) {
		draw_prompt(a, y, attr, pair);
		return;
	}
	snprintf(left, sizeof left, " %zu/%zu ", a->cur + 1, a->ds->n);
	if (a->lay_valid)
		snprintf(pct, sizeof pct, " %3d%% ", percent(a));
	else
		snprintf(pct, sizeof pct, "   ... ");
	right = pct_x = a->cols - (int)strlen(pct);
	x += put_str(a, y, x, left, a->cols, attr | A_BOLD, pair);
	{
		size_t done = __atomic_load_n(&a->ds->done, __ATOMIC_ACQUIRE);
		char loading[64];
		int w;

		if (a->ds->running && done < a->ds->n) {
			snprintf(loading, sizeof loading, "reading %zu/%zu",
			    done, a->ds->n);
			w = (int)strlen(loading);
			if (w + 2 <= right - x) {
				put_str(a, y, right - w - 1, loading, w, attr,
				    pair);
				right -= w + 2;
			}
		}
	}
	if (a->search.q) {
		char summary[160];
		int w;

		search_summary(a, summary, sizeof summary);
		w = text_width((const unsigned char *)summary, strlen(summary));
		/* the count goes first when space is short; the title gives way */
		if (w + 2 <= right - x) {
			put_str(a, y, right - w - 1, summary, w, attr, pair);
			right -= w + 2;
		}
	}
	/* changes not saved: a mark that stays until a save works, and why
	 * where the title goes when no other message is showing */
	if (a->have_store && bm_store_unsaved(&a->store) && !a->msg[0])
		snprintf(a->msg, sizeof a->msg, "bookmarks not saved: %.400s",
		    a->store.why);
	if (a->have_store && bm_store_unsaved(&a->store) && right - x > 12)
		x += put_str(a, y, x, "[unsaved] ", right - x, attr | A_BOLD,
		    pair);
	if (a->msg[0])
		put_str(a, y, x, a->msg, right - x, attr | A_BOLD, pair);
	else
		put_str(a, y, x, title_of(a, a->cur), right - x, attr, pair);
	if (pct_x > x)
		put_str(a, y, pct_x, pct, a->cols - pct_x, attr, pair);
}

static void
draw_help(struct app *a)
{
	struct buf keys = { 0 };
	int w = a->cols, h = a->rows - 3, y = 0, x = 0, kw = 22;
	size_t line = 0;
	int act;

	if (w > 90)
		w = 90;
	x = (a->cols - w) / 2;
	for (y = 1; y <= h; y++)
		fill(y, 0, a->cols, A_NORMAL, 0);  /* nothing shows beside */
	put_str(a, 1, x + 1, "dossier keys (j/k scroll, q or Esc closes)",
	    w - 2, A_BOLD, pair_of(a, PAIR_TITLE));
	y = 2;
	for (act = 1; act < ACT_COUNT; act++, line++) {
		if (line < a->help_top)
			continue;
		if (y >= h)
			break;
		keys.len = 0;
		keymap_describe((enum action)act, &keys);
		put_str(a, y, x + 1, keys.data, kw - 1, A_BOLD, 0);
		put_str(a, y, x + kw, action_help((enum action)act),
		    w - kw - 1, A_NORMAL, 0);
		y++;
	}
	buf_free(&keys);
}

/* The bookmark list: headline, label, position and date of each. */
static void
draw_marks(struct app *a)
{
	int w = a->cols, h = a->rows - 3, x, y, row;
	size_t i;

	if (w > 110)
		w = 110;
	x = (a->cols - w) / 2;
	for (y = 1; y <= h; y++)
		fill(y, 0, a->cols, A_NORMAL, 0);  /* nothing shows beside */
	put_str(a, 1, x + 1, "Bookmarks (Enter jumps, d deletes, u undoes, "
	    "Esc closes)", w - 2, A_BOLD, pair_of(a, PAIR_TITLE));
	row = h - 2;
	if (a->mark_sel < a->mark_top)
		a->mark_top = a->mark_sel;
	if (row > 0 && a->mark_sel >= a->mark_top + (size_t)row)
		a->mark_top = a->mark_sel - (size_t)row + 1;
	for (y = 2, i = a->mark_top; i < a->nmarks && y < h; i++, y++) {
		const struct bm_rec *r = &a->store.set.v[a->marks[i]];
		long d = marks_article(&a->mx, r->path);
		attr_t attr = i == a->mark_sel ? A_REVERSE : A_NORMAL;
		char right[64], day[16];
		struct buf line = { 0 };
		time_t t = (time_t)r->time;
		struct tm tm;
		int rw;

		if (localtime_r(&t, &tm))
			strftime(day, sizeof day, "%Y-%m-%d", &tm);
		else
			snprintf(day, sizeof day, "?");
		if (d >= 0 && dossier_need(a->ds, (size_t)d) < 0)
			d = -1;
		if (d >= 0)
			snprintf(right, sizeof right, " %3d%%  %s",
			    marks_percent(&a->ds->docs[d],
			    marks_locate(r, &a->ds->docs[d])), day);
		else
			snprintf(right, sizeof right, " missing  %s", day);
		/* the reader's own label first: a long headline cuts less */
		text_sanitize(&line, (const unsigned char *)r->label,
		    strlen(r->label));
		buf_adds(&line, " \xe2\x80\x94 ");
		if (d >= 0) {
			buf_adds(&line, a->ds->docs[d].title);
		} else {
			buf_adds(&line, "(missing) ");
			text_sanitize(&line, (const unsigned char *)r->path,
			    strlen(r->path));
		}
		fill(y, x, w, attr, 0);
		rw = (int)strlen(right);
		if (rw > w / 2)
			rw = 0;
		put_str(a, y, x + 1, line.data, w - 2 - rw, attr, 0);
		if (rw)
			put_str(a, y, x + w - rw - 1, right, rw, attr |
			    (d < 0 ? A_BOLD : 0), 0);
		buf_free(&line);
	}
}

/* The rule between the panes: a Unicode line where the locale has it
 * (the terminal's line-drawing set is not always switched right inside
 * multiplexers), else the terminal's own. */
static void
draw_rule(struct app *a)
{
	cchar_t cc;
	wchar_t line[2] = { 0x2502, 0 };

	if (a->utf8) {
		setcchar(&cc, line, A_NORMAL, 0, NULL);
		mvvline_set(0, a->side_w, &cc, a->pane_h);
	} else {
		mvvline(0, a->side_w, ACS_VLINE, a->pane_h);
	}
}

static void
draw(struct app *a)
{
	erase();
	if (a->cols < MIN_COLS || a->rows < MIN_ROWS) {
		const char *m = a->cols >= 18 ? "terminal too small" :
		    a->cols >= 9 ? "too small" : "!";

		put_str(a, 0, 0, m, a->cols, A_BOLD, 0);
		refresh();
		return;
	}
	if (text_ready(a))
		ensure_layout(a);
	/* read: its end has been on screen while reading (not in passing,
	 * while a search looks for matches) */
	if (a->lay_valid && !a->done[a->cur] && a->mode == MODE_NORMAL &&
	    end_shown(a)) {
		a->done[a->cur] = 1;
		state_touched(a);
	}
	if (a->side_w) {
		draw_list(a);
		draw_rule(a);
	}
	draw_text(a);
	draw_status(a);
	if (a->mode == MODE_HELP)
		draw_help(a);
	else if (a->mode == MODE_MARKS)
		draw_marks(a);
	refresh();
}

/* --- actions ------------------------------------------------------------ */

static void
list_move(struct app *a, long long by)
{
	a->sel = list_step(a, a->sel, by);
}

/* --- search ------------------------------------------------------------- */

/* Is input waiting?  Then a running search gives way to it. */
static int
input_pending(void)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };

	return poll(&p, 1, 0) > 0;
}

/* Show match idx of article doc: open the article and scroll so the match
 * is on screen, a third of the way down when it has to move. */
static void
show_match(struct app *a, size_t doc, size_t idx)
{
	const struct fold_match *m;
	struct layout_pos line;

	search_list(&a->search, a->ds, doc);
	m = &a->search.hits[doc].v[idx];
	if (doc != a->cur)
		open_article(a, doc);
	ensure_layout(a);
	line = layout_lazy_locate(&a->lay, m->start);
	if (!on_screen(a, line)) {
		layout_lazy_move(&a->lay, &line, -(long long)(a->pane_h / 3));
		scroll_to(a, line);
	}
	a->have_match = 1;
	a->m_doc = doc;
	a->m_idx = idx;
}

static void
restore_origin(struct app *a)
{
	memcpy(a->anchor, a->origin.anchor, a->ds->n * sizeof *a->anchor);
	a->cur = a->origin.cur;
	a->sel = a->origin.sel;
	a->list_top = a->origin.list_top;
	a->focus = a->origin.focus;
	forget_layout(a);
	ensure_layout(a);
	a->have_match = 0;
}

static void goto_first(struct app *a);

/* Search for the prompt's text; called after every keystroke in it. */
static void
run_search(struct app *a)
{
	int r;

	a->have_match = 0;
	a->want_first = 0;
	r = search_keystroke(&a->search, a->ds, a->query.data ?
	    a->query.data : "", a->query.len, a->origin.cur,
	    a->origin.top_byte, a->backward, input_pending);
	if (r < 0) {
		/* a newer keystroke searches again; if there is none after
		 * all, the idle steps find the match */
		a->want_first = 1;
		return;
	}
	goto_first(a);
}

/* Go to the first match from where the search started, once known. */
static void
goto_first(struct app *a)
{
	size_t doc, idx;
	int wrapped, r;

	r = search_first(&a->search, a->origin.top_byte, &doc, &idx, &wrapped);
	if (r < 0)
		return;
	a->want_first = 0;
	restore_origin(a);
	if (r > 0)
		show_match(a, doc, idx);
}

/* While the reader waits for a key: search on (the count), and go to
 * the first match if a keystroke interrupted the search before it. */
static void
search_idle(struct app *a)
{
	search_step(&a->search, a->ds, SEARCH_IDLE_BYTES);
	if (a->want_first && a->mode == MODE_SEARCH)
		goto_first(a);
}

static void
open_prompt(struct app *a, int backward)
{
	a->mode = MODE_SEARCH;
	a->backward = backward;
	a->query.len = 0;
	buf_add(&a->query, "", 0);
	a->history_pos = a->nhistory;
	if (a->state_dirty)
		save_state(a);  /* where the reader was, before searching */
	a->origin.cur = a->cur;
	a->origin.sel = a->sel;
	a->origin.list_top = a->list_top;
	a->origin.focus = a->focus;
	ensure_layout(a);
	a->origin.top_byte = top_byte(a);
	memcpy(a->origin.anchor, a->anchor, a->ds->n * sizeof *a->anchor);
	/* a new search starts from nothing: no stale highlights */
	search_start(&a->search, "", 0, a->cur, backward);
	a->have_match = 0;
}

static void
remember_query(struct app *a)
{
	if (!a->query.len || (a->nhistory &&
	    strcmp(a->history[a->nhistory - 1], a->query.data) == 0))
		return;
	if (a->nhistory == HISTORY_MAX) {
		free(a->history[0]);
		memmove(a->history, a->history + 1,
		    (HISTORY_MAX - 1) * sizeof *a->history);
		a->nhistory--;
	}
	a->history = xreallocarray(a->history, a->nhistory + 1,
	    sizeof *a->history);
	a->history[a->nhistory++] = xstrdup(a->query.data);
}

static void
set_query(struct app *a, const char *text)
{
	a->query.len = 0;
	buf_adds(&a->query, text);
}

/* Line editing shared by the prompts: Backspace drops a character (all
 * bytes of its UTF-8 sequence), C-u clears, C-w drops the last word, and
 * text is appended.  Returns 1 when key changed the line. */
static int
edit_line(struct buf *b, int key)
{
	buf_add(b, "", 0);
	switch (key) {
	case 127: case 8: case KEYMAP_FN(KEY_BACKSPACE):
		while (b->len && (b->data[b->len - 1] & 0xC0) == 0x80)
			b->len--;
		if (b->len)
			b->len--;
		break;
	case 'U' & 0x1f:
		b->len = 0;
		break;
	case 'W' & 0x1f:
		while (b->len && b->data[b->len - 1] == ' ')
			b->len--;
		while (b->len && b->data[b->len - 1] != ' ')
			b->len--;
		break;
	default:
		if (key < 32 || key == 127 || key >= 0x110000 ||
		    (key >= 0x80 && key < 0xA0))
			return 0;  /* not text */
		text_put_cp(b, (uint32_t)key);
		return 1;
	}
	b->data[b->len] = '\0';
	return 1;
}

/* Enter ends a search where it is: only that article's place counts;
 * the articles passed through keep the places they had before it. */
static void
settle_search(struct app *a)
{
	size_t keep = a->anchor[a->cur];

	memcpy(a->anchor, a->origin.anchor, a->ds->n * sizeof *a->anchor);
	a->anchor[a->cur] = keep;
	if (a->cur != a->origin.cur || keep != a->origin.anchor[a->cur])
		state_touched(a);
	else
		a->state_dirty = 0;
}

static void
search_key(struct app *a, int key)
{
	switch (key) {
	case 27:  /* Esc: back to where the search started */
		search_start(&a->search, "", 0, a->cur, 0);
		a->want_first = 0;
		restore_origin(a);
		a->mode = MODE_NORMAL;
		a->state_dirty = 0;  /* as saved when the search began */
		return;
	case '\r': case '\n': case KEYMAP_FN(KEY_ENTER):
		remember_query(a);
		a->mode = MODE_NORMAL;
		if (!search_complete(&a->search))
			run_search(a);
		settle_search(a);
		if (a->search.q && !a->search.total)
			set_msg(a, "no matches");
		return;
	case 127: case 8: case KEYMAP_FN(KEY_BACKSPACE):
		if (!a->query.len) {
			search_key(a, 27);  /* like less: leave the prompt */
			return;
		}
		break;
	case KEYMAP_FN(KEY_UP):
		if (a->history_pos == 0)
			return;
		set_query(a, a->history[--a->history_pos]);
		run_search(a);
		return;
	case KEYMAP_FN(KEY_DOWN):
		if (a->history_pos >= a->nhistory)
			return;
		a->history_pos++;
		set_query(a, a->history_pos < a->nhistory ?
		    a->history[a->history_pos] : "");
		run_search(a);
		return;
	}
	if (edit_line(&a->query, key))
		run_search(a);
}

/* n and N: the next or previous match, from the current one while it is
 * on screen, else from the top of the screen. */
static void
next_match(struct app *a, int backward)
{
	size_t doc, idx;
	int wrapped = 0, found;

	if (!a->search.q) {
		set_msg(a, "no search yet: / searches");
		return;
	}
	if (!search_complete(&a->search))
		search_finish(&a->search, a->ds);
	search_list(&a->search, a->ds, a->cur);
	ensure_layout(a);
	if (a->have_match && a->m_doc == a->cur) {
		struct layout_pos line = layout_lazy_locate(&a->lay,
		    a->search.hits[a->cur].v[a->m_idx].start);

		if (on_screen(a, line)) {
			found = search_next(&a->search, a->cur, a->m_idx,
			    backward, &doc, &idx, &wrapped);
			goto show;
		}
	}
	found = search_find(&a->search, a->cur, top_byte(a) +
	    (backward ? 0 : 1), backward, &doc, &idx, &wrapped);
show:
	if (!found) {
		set_msg(a, "no matches");
		return;
	}
	show_match(a, doc, idx);
	if (wrapped)
		set_msg(a, backward ? "search wrapped around to the end" :
		    "search wrapped around to the start");
}

/* o: the article, laid out at the terminal's width and made safe, into
 * $PAGER (else less); the reader's screen comes back after. */
static void
pipe_article(struct app *a)
{
	const char *pager = getenv("PAGER");
	struct layout l = { 0 };
	struct buf b = { 0 };
	struct doc *d = cur_doc(a);
	FILE *p;
	size_t i;
	int status;

	if (!pager || !*pager)
		pager = "less";
	if (dossier_need(a->ds, a->cur) < 0) {
		set_msg(a, "cannot read this article");
		return;
	}
	layout_doc(d, a->cols > 1 ? a->cols - 1 : 1, &l);
	def_prog_mode();
	endwin();
	fflush(stdout);
	p = popen(pager, "w");
	if (p) {
		for (i = 0; i < l.n; i++) {
			b.len = 0;
			layout_line_text(d, &l.v[i], l.width, &b);
			buf_addc(&b, '\n');
			if (fwrite(b.data, 1, b.len, p) != b.len)
				break;  /* the pager quit early */
		}
		status = pclose(p);
	} else {
		status = -1;
	}
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	if (status != 0)
		set_msg(a, "%s: %s", pager, status < 0 ? strerror(errno) :
		    "ended with an error");
	buf_free(&b);
	layout_free(&l);
}

/* Can act be done before the current article is read? */
static int
needs_no_text(enum action act, int list)
{
	switch (act) {
	case ACT_QUIT: case ACT_FOCUS: case ACT_NEXT_ARTICLE:
	case ACT_PREV_ARTICLE: case ACT_SIDE: case ACT_REDRAW: case ACT_HELP:
	case ACT_BOOKMARKS: case ACT_FILTER: case ACT_NONE: case ACT_COUNT:
		return 1;
	case ACT_DOWN: case ACT_UP: case ACT_PAGE_DOWN: case ACT_PAGE_UP:
	case ACT_TOP: case ACT_BOTTOM: case ACT_OPEN:
		return list;
	default:
		return 0;
	}
}

static void
do_action(struct app *a, enum action act)
{
	int page = a->pane_h > 1 ? a->pane_h - 1 : 1;
	int list = a->focus == FOCUS_LIST;

	if (!a->lay_valid && !needs_no_text(act, list))
		ensure_layout(a);  /* waits for the article being read */
	switch (act) {
	case ACT_QUIT:
		a->quit = 1;
		break;
	case ACT_FOCUS:
		a->focus = list ? FOCUS_TEXT : FOCUS_LIST;
		if (a->focus == FOCUS_LIST && !a->side_w)
			set_msg(a, "the article list is hidden (\\ shows it)");
		break;
	case ACT_DOWN:
		if (list)
			list_move(a, 1);
		else
			scroll_by(a, 1);
		break;
	case ACT_UP:
		if (list)
			list_move(a, -1);
		else
			scroll_by(a, -1);
		break;
	case ACT_PAGE_DOWN:
		if (list)
			list_move(a, page);
		else
			scroll_by(a, page);
		break;
	case ACT_PAGE_UP:
		if (list)
			list_move(a, -page);
		else
			scroll_by(a, -page);
		break;
	case ACT_TOP:
		if (list)
			a->sel = listed(a, 0) ? 0 : list_step(a, 0, 1);
		else
			scroll_home(a);
		break;
	case ACT_BOTTOM:
		if (list)
			a->sel = list_step(a, a->sel, (long long)a->ds->n);
		else
			scroll_to(a, bottom_top(a));
		break;
	case ACT_OPEN:
		if (list) {
			open_article(a, a->sel);
			a->focus = FOCUS_TEXT;
		}
		break;
	case ACT_NEXT_ARTICLE:
		if (a->cur + 1 < a->ds->n)
			open_article(a, a->cur + 1);
		else
			set_msg(a, "this is the last article");
		break;
	case ACT_PREV_ARTICLE:
		if (a->cur > 0)
			open_article(a, a->cur - 1);
		else
			set_msg(a, "this is the first article");
		break;
	case ACT_PIPE:
		pipe_article(a);
		break;
	case ACT_SIDE:
		a->side_pref = a->side_w ? 0 : 1;
		place_panes(a);
		if (!a->side_w)
			a->focus = FOCUS_TEXT;
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_HELP:
		a->mode = MODE_HELP;
		a->help_top = 0;
		break;
	case ACT_SEARCH:
	case ACT_SEARCH_BACK:
		open_prompt(a, act == ACT_SEARCH_BACK);
		break;
	case ACT_NEXT_MATCH:
	case ACT_PREV_MATCH:
		next_match(a, act == ACT_PREV_MATCH);
		break;
	case ACT_FILTER:
		if (!a->search.q) {
			set_msg(a, "no search to narrow the list by");
			break;
		}
		a->filter = !a->filter;
		set_msg(a, a->filter ? "listing only articles with matches (F: all)"
		    : "listing all articles");
		break;
	case ACT_MARK:
		open_label_prompt(a);
		break;
	case ACT_BOOKMARKS:
		open_marks(a);
		break;
	case ACT_NONE:
	case ACT_COUNT:
		break;
	}
}

static void
help_key(struct app *a, int key)
{
	enum action act = keymap_lookup(key);

	if (act == ACT_DOWN) {
		if (a->help_top + 1 < ACT_COUNT - 1)
			a->help_top++;
	} else if (act == ACT_UP) {
		if (a->help_top)
			a->help_top--;
	} else {
		a->mode = MODE_NORMAL;
	}
}

static void
mouse_event(struct app *a)
{
	MEVENT ev;
	int wheel = 0;

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED)
		wheel = -3;
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		wheel = 3;
#endif
	if (a->mode != MODE_NORMAL)
		return;
	if (ev.x < a->side_w && ev.y < a->pane_h) {
		if (wheel) {
			list_move(a, wheel);
		} else if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED |
		    BUTTON1_RELEASED)) {
			size_t i = list_at_row(a, ev.y);

			if (i < a->ds->n)
				open_article(a, i);
		}
	} else if (ev.x > a->side_w && ev.y < a->pane_h && wheel) {
		ensure_layout(a);
		scroll_by(a, wheel);
	}
}

static void
handle_key(struct app *a, int key)
{
	if (key == KEYMAP_FN(KEY_MOUSE)) {
		mouse_event(a);
		return;
	}
	if (key == KEYMAP_FN(KEY_RESIZE)) {
		getmaxyx(stdscr, a->rows, a->cols);
		place_panes(a);
		return;
	}
	a->msg[0] = '\0';
	if (a->mode == MODE_HELP) {
		help_key(a, key);
		return;
	}
	if (a->mode == MODE_SEARCH) {
		search_key(a, key);
		return;
	}
	if (a->mode == MODE_LABEL) {
		label_key(a, key);
		return;
	}
	if (a->mode == MODE_MARKS) {
		marks_key(a, key);
		return;
	}
	do_action(a, keymap_lookup(key));
}

/* --- setting up and tearing down ---------------------------------------- */

static void
init_colors(struct app *a)
{
	/* in the order of enum color_pair and of the config file's elements */
	static const short defaults[SETTINGS_NELEMENTS][2] = {
		[SETTINGS_TITLE] = { COLOR_YELLOW, -1 },
		[SETTINGS_HEADING] = { COLOR_CYAN, -1 },
		[SETTINGS_STATUS] = { COLOR_WHITE, COLOR_BLUE },
		[SETTINGS_SELECTED] = { COLOR_BLACK, COLOR_CYAN },
		[SETTINGS_MARKER] = { COLOR_GREEN, -1 },
		[SETTINGS_DIM] = { COLOR_BLUE, -1 },
		[SETTINGS_MATCH] = { COLOR_BLACK, COLOR_YELLOW },
		[SETTINGS_CURRENT] = { COLOR_BLACK, COLOR_MAGENTA },
		[SETTINGS_COUNT] = { COLOR_YELLOW, -1 },
	};
	const struct settings *st = a->opt->settings;
	const char *nc = getenv("NO_COLOR");
	int e;

	a->color = !a->opt->no_color && !(nc && *nc) && has_colors();
	if (!a->color)
		return;
	start_color();
	use_default_colors();
	for (e = 0; e < SETTINGS_NELEMENTS; e++) {
		int fg = defaults[e][0], bg = defaults[e][1];

		if (st && (st->colors[e].set & SETTINGS_FG) &&
		    st->colors[e].fg < COLORS)
			fg = st->colors[e].fg;
		if (st && (st->colors[e].set & SETTINGS_BG) &&
		    st->colors[e].bg < COLORS)
			bg = st->colors[e].bg;
		init_pair((short)(e + 1), (short)fg, (short)bg);
	}
}

/* Is there a terminfo entry for term?  Asked before newterm(), which
 * would print its own message and exit. */
static int
known_terminal(const char *term)
{
	int err = 0;

	if (setupterm((char *)term, STDOUT_FILENO, &err) != OK)
		return 0;
	del_curterm(cur_term);
	return 1;
}

/* Can term move the cursor (a full-screen program needs that; "dumb"
 * cannot)? */
static int
addressable_terminal(const char *term)
{
	int err = 0, can;
	char *cup;

	if (setupterm((char *)term, STDOUT_FILENO, &err) != OK)
		return 0;
	cup = tigetstr("cup");
	can = cup != NULL && cup != (char *)-1;
	del_curterm(cur_term);
	return can;
}

static int
start_curses(void)
{
	const char *term = getenv("TERM");
	SCREEN *scr;

	if (!term || !*term) {
		fputs("dossier: TERM is not set: cannot drive this terminal "
		    "(--list and --dump work without one)\n", stderr);
		return -1;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("dossier: not a terminal: the reader needs one "
		    "(--list and --dump work without one)\n", stderr);
		return -1;
	}
	if (known_terminal(term) && !addressable_terminal(term)) {
		struct buf b = { 0 };

		buf_adds(&b, "dossier: TERM=");
		text_sanitize(&b, (const unsigned char *)term, strlen(term));
		buf_adds(&b, ": this terminal cannot move the cursor, which the "
		    "reader needs (--list and --dump work anywhere)\n");
		fputs(b.data, stderr);
		buf_free(&b);
		return -1;
	}
	scr = known_terminal(term) ? newterm(NULL, stdout, stdin) : NULL;
	if (!scr) {
		struct buf b = { 0 };

		buf_adds(&b, "dossier: TERM=");
		text_sanitize(&b, (const unsigned char *)term, strlen(term));
		buf_adds(&b, ": unknown terminal type\n");
		fputs(b.data, stderr);
		buf_free(&b);
		return -1;
	}
	set_term(scr);
	screen = scr;
	curses_active = 1;
	util_set_fatal_hook(restore_terminal);
	atexit(restore_terminal);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	    | BUTTON5_PRESSED
#endif
	    , NULL);
	mouseinterval(0);
	timeout(POLL_MS);
	return 0;
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/* The config file's key bindings. */
static void
apply_bindings(struct app *a)
{
	const struct settings *st = a->opt->settings;
	size_t i;

	if (a->opt->config_msg && !a->msg[0])
		set_msg(a, "%s", a->opt->config_msg);
	if (!st)
		return;
	for (i = 0; i < st->nbindings; i++) {
		int key = st->bindings[i].key;

		if (keymap_bind(key, st->bindings[i].action) < 0 ||
		    (key == '\r' && keymap_bind('\n',
		    st->bindings[i].action) < 0)) {
			set_msg(a, "config: too many key bindings");
			break;
		}
	}
}

/* Read the article to show first (the one last read, else the first that
 * can be read), or leave a big one that opens to the loaders.  Returns
 * -1, with a message, when none can be read. */
static int
first_readable(struct app *a)
{
	size_t i;

	/* a big one is read by the loaders while the first frame shows
	 * (the pane says so); a small one at once, so that it is in it */
	if (util_file_size(a->ds->docs[a->cur].path) >= BIG_ARTICLE)
		return 0;
	if (dossier_need(a->ds, a->cur) == 0)
		return 0;
	for (i = 0; i < a->ds->n; i++) {
		if (dossier_need(a->ds, i) == 0) {
			a->cur = a->sel = i;
			return 0;
		}
	}
	{
		struct buf errors = { 0 };

		/* dossier_error makes the names safe to print */
		for (i = 0; i < a->ds->n && i < 20; i++)
			dossier_error(&errors, a->ds->docs[i].path,
			    a->ds->docs[i].error ? a->ds->docs[i].error : "?");
		if (errors.len)
			fputs(errors.data, stderr);
		buf_free(&errors);
	}
	fputs("dossier: no article could be read\n", stderr);
	return -1;
}

int
ui_run(struct dossier *ds, const struct ui_options *opt)
{
	struct app a;
	const char *cs;
	int status = 0;

	memset(&a, 0, sizeof a);
	a.ds = ds;
	a.opt = opt;
	a.side_pref = -1;
	a.anchor = xcalloc(ds->n, sizeof *a.anchor);
	a.origin.anchor = xcalloc(ds->n, sizeof *a.origin.anchor);
	search_init(&a.search, ds->n);
	cs = nl_langinfo(CODESET);
	a.utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);

	open_store(&a);
	if (first_readable(&a) < 0) {
		status = 2;
		goto out;
	}
	/* the rest is read and indexed on the other core meanwhile; the
	 * count of a search waits for it rather than doing it here */
	{
		/* the tests' slow disk (see tests/e2e/test_reader.sh) */
		const char *delay = getenv("DOSSIER_TEST_LOAD_DELAY_MS");

		ds->load_delay_ms = delay ? atoi(delay) : 0;
	}
	dossier_background(ds, LOADERS);
	a.search.no_wait = ds->running > 0;
	if (!ds->running)
		reanchor_marks(&a, 1);
	if (start_curses() < 0) {
		status = 2;
		goto out;
	}
	catch_signals();
	init_colors(&a);
	apply_bindings(&a);
	getmaxyx(stdscr, a.rows, a.cols);
	place_panes(&a);

	while (!a.quit) {
		wint_t wc;
		int r;

		if (a.reanchor_left)
			reanchor_marks(&a, 0);  /* articles read meanwhile */
		draw(&a);
		if (bench_note(&a))
			break;
		/* poll at once while a search counts, often while articles
		 * load (the list fills in), else now and then for signals */
		if (!search_complete(&a.search) && !a.search.blocked)
			timeout(0);
		else if (a.ds->running && __atomic_load_n(&a.ds->done,
		    __ATOMIC_ACQUIRE) < a.ds->n)
			timeout(getenv("DOSSIER_BENCH") ? 1 : LOADING_POLL_MS);
		else
			timeout(POLL_MS);
		r = get_wch(&wc);
		if (got_signal) {
			status = got_signal == SIGINT ? 130 : 128 + got_signal;
			break;
		}
		if (r == ERR && !terminal_alive()) {
			status = 128 + SIGHUP;  /* as if it had come */
			break;
		}
		if (r == ERR) {
			if (!search_complete(&a.search)) {
				search_idle(&a);
				/* waiting for the loaders is idle time too */
				if (!a.search.blocked)
					continue;
			}
			if (a.state_dirty && a.mode != MODE_SEARCH &&
			    now_ms() - a.state_changed_ms >= STATE_SAVE_MS)
				save_state(&a);
			if (a.have_store && bm_store_unsaved(&a.store) &&
			    now_ms() - a.retry_ms >= SAVE_RETRY_MS)
				retry_save(&a);
			continue;
		}
		handle_key(&a, r == KEY_CODE_YES ? KEYMAP_FN((int)wc) :
		    (int)wc);
	}
	restore_terminal();
	if (screen) {
		/* curses' own memory, so that leak checkers see none */
		delscreen(screen);
		screen = NULL;
	}
	if (a.state_dirty && a.mode != MODE_SEARCH)
		save_state(&a);
	/* nothing lost in silence: retry a little (after a signal only
	 * once), then say what was not saved */
	if (a.have_store && bm_store_unsaved(&a.store)) {
		char err[512];

		if (bm_store_flush(&a.store, got_signal ? 0 : QUIT_RETRY_MS,
		    err, sizeof err) < 0) {
			fprintf(stderr, "dossier: bookmarks not saved: %s\n",
			    err);
			if (status == 0)
				status = 1;
		}
	}
out:
	if (a.lay_valid)
		layout_lazy_free(&a.lay);
	search_free(&a.search);
	buf_free(&a.query);
	while (a.nhistory)
		free(a.history[--a.nhistory]);
	free(a.history);
	free(a.origin.anchor);
	free(a.anchor);
	if (a.have_undo)
		marks_op_free(&a.undo);
	bm_store_close(&a.store);
	free(a.marks);
	free(a.done);
	marks_index_free(&a.mx);
	free(a.marked);
	return status;
}
