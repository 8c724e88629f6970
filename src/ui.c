/* ui.c - the interactive reader's loop: terminal event -> keymap ->
 * action -> state, then a frame drawn from the state.
 *
 * Only the loop and the dispatch live here; what the actions do to the
 * state is in the rooms app.h lists (app.c, find.c, overlay.c,
 * reading.c), drawing in view.c and the terminal in tty.c.
 */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <unistr.h>

#include "action.h"
#include "app.h"
#include "command.h"
#include "find.h"
#include "keymap.h"
#include "marks.h"
#include "overlay.h"
#include "reading.h"
#include "results.h"
#include "settings.h"
#include "tty.h"
#include "ui.h"
#include "view.h"

/* Poll for signals this often (ms) while waiting for a key. */
#define POLL_MS 200
#define LOADING_POLL_MS 50
/* An article at least this big (bytes) is not read before the first
 * frame (reading takes about a millisecond a megabyte). */
#define BIG_ARTICLE (8LL << 20)
/* The reading position is saved after this long without scrolling. */
#define STATE_SAVE_MS 1000
/* Unsaved bookmarks are retried this often, and for this long at quit. */
#define SAVE_RETRY_MS 1000
#define QUIT_RETRY_MS 2000

long long
ui_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* For make bench: note when the first frame was drawn and when every
 * article was indexed; returns 1 when it is time to quit. */
static int
bench_note(struct app *a)
{
	const char *path = getenv("DOSSIER_BENCH"), *quit;
	long long done;
	int first;
	FILE *f;

	if (!path || a->bench_written)
		return 0;
	if (!a->bench_frame_us)
		a->bench_frame_us = ui_now_us();
	quit = getenv("DOSSIER_BENCH_QUIT");
	/* "first": the first frame alone, without waiting an index that
	 * takes a minute on a big dossier */
	first = quit && strcmp(quit, "first") == 0;
	done = __atomic_load_n(&a->ds->done_us, __ATOMIC_ACQUIRE);
	if (!done && a->ds->running && !first)
		return 0;
	if (!done)
		done = a->bench_frame_us;  /* nothing was left to read */
	a->bench_written = 1;
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "first_frame_ms %.2f\n",
		    (double)(a->bench_frame_us - a->opt->start_us) / 1000.0);
		if (!first)
			fprintf(f, "index_ms %.2f\n",
			    (double)(done - a->opt->start_us) / 1000.0);
		fclose(f);
	}
	return quit && (*quit == '1' || first);
}

/* Does the pager take +N for the line to start at?  less, more, most
 * and the vi family do; others (cat) would take it for a file. */
static int
pager_takes_line(const char *pager)
{
	static const char *const known[] = {
		"less", "more", "most", "pg", "vi", "vim", "nvim", "view"
	};
	const char *s = pager, *e, *base;
	size_t i, n;

	while (*s == ' ')
		s++;
	for (e = s; *e && *e != ' '; e++)
		;
	for (base = e; base > s && base[-1] != '/'; base--)
		;
	n = (size_t)(e - base);
	for (i = 0; i < sizeof known / sizeof *known; i++)
		if (strlen(known[i]) == n && strncmp(base, known[i], n) == 0)
			return 1;
	return 0;
}

/* o: the article, laid out at the terminal's width and made safe, into
 * $PAGER (else less), opened at the line on top of the reading pane;
 * the reader's screen comes back after. */
static void
pipe_article(struct app *a)
{
	const char *pager = getenv("PAGER");
	struct layout l = { 0 };
	struct buf b = { 0 }, cmd = { 0 };
	struct doc *d = app_doc(a);
	size_t i, top = app_top_byte(a), line = 1;
	FILE *p;
	int status;

	if (!pager || !*pager)
		pager = "less";
	if (dossier_need(a->ds, a->cur) < 0) {
		app_msg(a, "cannot read this article");
		return;
	}
	layout_doc(d, a->cols > 1 ? a->cols - 1 : 1, &l);
	/* the pager's line that holds the byte on top of the pane */
	for (i = 0; i < l.n && l.v[i].start <= top; i++)
		line = i + 1;
	buf_adds(&cmd, pager);
	if (pager_takes_line(pager) && line > 1)
		buf_printf(&cmd, " +%zu", line);
	tty_suspend();
	p = popen(cmd.data, "w");
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
	tty_resume();
	if (status != 0)
		app_msg(a, "%s: %s", pager, status < 0 ? strerror(errno) :
		    "ended with an error");
	buf_free(&b);
	buf_free(&cmd);
	layout_free(&l);
}

/* Does Space at an article's end open the next (the config's read-on)? */
static int
read_on(const struct app *a)
{
	return !a->opt->settings || a->opt->settings->read_on;
}

/* Space at the end of an article: the next one, from its top. */
static void
next_article(struct app *a)
{
	if (a->cur + 1 >= a->ds->n) {
		app_msg(a, "the end of the last article");
		return;
	}
	app_go(a, a->cur + 1, 0);
	app_msg(a, "next article, %zu/%zu: %s", a->cur + 1, a->ds->n,
	    app_title(a, a->cur));
}

/* u: the first article after this one not read to its end, wrapping. */
static void
next_unread(struct app *a)
{
	size_t k, i;

	for (k = 1; k < a->ds->n; k++) {
		i = (a->cur + k) % a->ds->n;
		if (!a->done[i]) {
			app_jump(a, i, a->anchor[i]);
			if (a->cur + k >= a->ds->n)
				app_msg(a, "wrapped around to the first unread "
				    "article");
			return;
		}
	}
	app_msg(a, a->done[a->cur] ? "every article is read" :
	    "no other article is unread");
}

/* Can act be done before the current article is read? */
static int
needs_no_text(enum action act, int list)
{
	switch (act) {
	case ACT_QUIT: case ACT_FOCUS: case ACT_NEXT_ARTICLE:
	case ACT_PREV_ARTICLE: case ACT_SIDE: case ACT_REDRAW: case ACT_HELP:
	case ACT_BOOKMARKS: case ACT_FILTER: case ACT_NONE: case ACT_COUNT:
	case ACT_FOLD: case ACT_FOLD_CLOSE: case ACT_FOLD_OPEN:
	case ACT_FOLD_ALL:
	case ACT_BACK: case ACT_FORWARD: case ACT_COMMAND:
	case ACT_NEXT_UNREAD: case ACT_TOGGLE_READ:
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
		app_layout(a);  /* waits for the article being read */
	switch (act) {
	case ACT_QUIT:
		a->quit = 1;
		break;
	case ACT_FOCUS:
		a->focus = list ? FOCUS_TEXT : FOCUS_LIST;
		if (a->focus == FOCUS_LIST && !a->side_w)
			app_msg(a, "the article list is hidden (\\ shows it)");
		break;
	case ACT_DOWN:
		if (list)
			app_list_move(a, 1);
		else
			app_scroll_by(a, 1);
		break;
	case ACT_UP:
		if (list)
			app_list_move(a, -1);
		else
			app_scroll_by(a, -1);
		break;
	case ACT_PAGE_DOWN:
		if (list)
			app_list_move(a, page);
		else if (app_end_shown(a) && read_on(a))
			next_article(a);
		else
			app_scroll_by(a, page);
		break;
	case ACT_PAGE_UP:
		if (list)
			app_list_move(a, -page);
		else
			app_scroll_by(a, -page);
		break;
	case ACT_TOP:
		if (list)
			app_list_move(a, -(long long)(a->ds->n + a->ds->nsec));
		else
			app_scroll_home(a);
		break;
	case ACT_BOTTOM:
		if (list)
			app_list_move(a, (long long)(a->ds->n + a->ds->nsec));
		else
			app_scroll_to(a, app_bottom_top(a));
		break;
	case ACT_OPEN:
		if (list && app_sel_on_header(a)) {
			app_fold(a, 1);
		} else if (list) {
			if (a->sel != a->cur)
				app_jump(a, a->sel, a->anchor[a->sel]);
			a->focus = FOCUS_TEXT;
		}
		break;
	case ACT_NEXT_ARTICLE:
		if (a->cur + 1 < a->ds->n)
			app_jump(a, a->cur + 1, a->anchor[a->cur + 1]);
		else
			app_msg(a, "this is the last article");
		break;
	case ACT_PREV_ARTICLE:
		if (a->cur > 0)
			app_jump(a, a->cur - 1, a->anchor[a->cur - 1]);
		else
			app_msg(a, "this is the first article");
		break;
	case ACT_FOLD:
		app_fold(a, 0);
		break;
	case ACT_FOLD_CLOSE:
	case ACT_FOLD_OPEN:
		/* as in file managers: only where the list has the keys */
		if (list)
			app_fold(a, act == ACT_FOLD_CLOSE ? -1 : 1);
		break;
	case ACT_FOLD_ALL:
		app_fold_all(a);
		break;
	case ACT_BACK:
		app_back(a);
		break;
	case ACT_FORWARD:
		app_forward(a);
		break;
	case ACT_COMMAND:
		command_open(a);
		break;
	case ACT_NEXT_UNREAD:
		next_unread(a);
		break;
	case ACT_TOGGLE_READ:
		a->done[a->cur] = !a->done[a->cur];
		a->keep_unread = a->done[a->cur] ? a->ds->n : a->cur;
		reading_touched(a);
		app_msg(a, a->done[a->cur] ? "marked read" :
		    "marked unread (u finds the next unread article)");
		break;
	case ACT_PIPE:
		pipe_article(a);
		break;
	case ACT_SIDE:
		a->side_pref = a->side_w ? 0 : 1;
		app_place_panes(a);
		if (!a->side_w)
			a->focus = FOCUS_TEXT;
		break;
	case ACT_REDRAW:
		tty_redraw();
		break;
	case ACT_HELP:
		a->mode = MODE_HELP;
		a->help_top = 0;
		break;
	case ACT_SEARCH:
	case ACT_SEARCH_BACK:
		find_open(a, act == ACT_SEARCH_BACK);
		break;
	case ACT_NEXT_MATCH:
	case ACT_PREV_MATCH:
		find_next(a, act == ACT_PREV_MATCH);
		break;
	case ACT_FILTER:
		if (!a->search.q) {
			app_msg(a, "no search to narrow the list by");
			break;
		}
		a->filter = !a->filter;
		app_msg(a, a->filter ? "listing only articles with matches (F: all)"
		    : "listing all articles");
		break;
	case ACT_MARK:
		overlay_label_open(a);
		break;
	case ACT_BOOKMARKS:
		overlay_marks_open(a);
		break;
	case ACT_RESULTS:
		results_open(a);
		break;
	case ACT_NONE:
	case ACT_COUNT:
		break;
	}
}

/* A click opens an article of the list, the wheel scrolls what it is
 * over; only while no overlay or prompt is open. */
static void
mouse_event(struct app *a, const struct tty_event *ev)
{
	if (a->mode != MODE_NORMAL || ev->y < 0)
		return;
	if (ev->x < a->side_w && ev->y < a->pane_h) {
		if (ev->wheel) {
			app_list_move(a, ev->wheel);
		} else if (ev->click) {
			struct app_row r;

			if (!app_list_row_at(a, ev->y, &r))
				return;
			if (r.hdr) {  /* a header folds and unfolds */
				app_select_row(a, r);
				app_fold(a, 0);
			} else if (r.i != a->cur) {
				app_jump(a, r.i, a->anchor[r.i]);
			} else {
				app_open(a, r.i);
			}
		}
	} else if (ev->x > a->side_w && ev->y < a->pane_h && ev->wheel) {
		app_layout(a);
		app_scroll_by(a, ev->wheel);
		a->read_ok = a->cur;  /* scrolled by the reader */
	}
}

static void
normal_key(struct app *a, int key)
{
	do_action(a, keymap_lookup(key));
}

/* Who has the keys, by mode (view.c draws each mode likewise). */
static void (*const mode_keys[])(struct app *, int) = {
	[MODE_NORMAL] = normal_key,
	[MODE_HELP] = overlay_help_key,
	[MODE_SEARCH] = find_key,
	[MODE_LABEL] = overlay_label_key,
	[MODE_MARKS] = overlay_marks_key,
	[MODE_COMMAND] = command_key,
	[MODE_RESULTS] = results_key,
};

static void
handle_key(struct app *a, int key)
{
	a->msg[0] = '\0';
	mode_keys[a->mode](a, key);
}

/* The config file's key bindings. */
static void
apply_bindings(struct app *a)
{
	const struct settings *st = a->opt->settings;
	size_t i;

	if (a->opt->config_msg && !a->msg[0])
		app_msg(a, "%s", a->opt->config_msg);
	if (!st)
		return;
	for (i = 0; i < st->nbindings; i++) {
		int key = st->bindings[i].key;

		if (keymap_bind(key, st->bindings[i].action) < 0 ||
		    (key == '\r' && keymap_bind('\n',
		    st->bindings[i].action) < 0)) {
			app_msg(a, "config: too many key bindings");
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

static int
prompting(const struct app *a)
{
	return a->mode == MODE_SEARCH || a->mode == MODE_LABEL ||
	    a->mode == MODE_COMMAND;
}

/* A bracketed paste: into a prompt, its characters as if typed (a line
 * break, a tab or a run of them as one space; other control characters
 * and bytes that are not UTF-8 left out), the search run once after; in
 * the panes it is not taken for a flood of commands. */
static void
paste_event(struct app *a, const char *text, size_t len)
{
	const uint8_t *s = (const uint8_t *)text;
	size_t p = 0;
	int space = 0, n;
	ucs4_t cp;

	if (!prompting(a)) {
		app_msg(a, "a paste goes into a prompt (/, :, m): not taken");
		return;
	}
	while (p < len && !a->prompt.full) {
		n = u8_mbtoucr(&cp, s + p, len - p);
		p += n > 0 ? (size_t)n : 1;
		if (n <= 0 || (cp >= 0x7f && cp < 0xa0))
			continue;
		if (cp == '\t' || cp == '\n' || cp == '\r') {
			space = 1;
			continue;
		}
		if (cp < 0x20)
			continue;
		if (space && a->prompt.text.len)
			handle_key(a, ' ');
		space = 0;
		handle_key(a, (int)cp);
		if (!prompting(a))
			break;
	}
}

/* Nothing was typed: count on, and save the reading place once the
 * reader has paused. */
static void
idle(struct app *a)
{
	if (!search_complete(&a->search)) {
		find_idle(a);
		/* waiting for the loaders is idle time too */
		if (!a->search.blocked)
			return;
	}
	/* not while searching: the articles passed through are not places
	 * the reader settled in (find.c saves once the search ends) */
	if (a->state_dirty && a->mode != MODE_SEARCH &&
	    app_now_ms() - a->state_changed_ms >= STATE_SAVE_MS)
		reading_save(a);
	if (a->have_store && bm_store_unsaved(&a->store) &&
	    app_now_ms() - a->retry_ms >= SAVE_RETRY_MS)
		reading_retry(a);
}

/* Threads reading articles in the background: one a core, for the few
 * hundred milliseconds it takes (the reader itself is idle meanwhile),
 * within what dossier.c allows. */
static int
loaders(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > DOSSIER_MAX_LOADERS ? DOSSIER_MAX_LOADERS : (int)n;
}

/* Articles taken from the cache before the first frame: a screen. */
#define PREFILL 128

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
	a.read_ok = a.keep_unread = ds->n;  /* none yet */
	a.anchor = xcalloc(ds->n, sizeof *a.anchor);
	a.origin.anchor = xcalloc(ds->n, sizeof *a.origin.anchor);
	if (dossier_section_count(ds) > 1) {
		a.folded = xcalloc(dossier_section_count(ds), 1);
		a.list_top_hdr = 1;  /* the list starts with a header */
	}
	search_init(&a.search, ds->n);
	cs = nl_langinfo(CODESET);
	a.utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);

	reading_open(&a);
	/* the titles of the first screen, and of the article opened, from
	 * the cache (the loaders take the rest at once) */
	dossier_prefill(ds, 0, PREFILL);
	dossier_prefill(ds, a.cur > PREFILL / 2 ? a.cur - PREFILL / 2 : 0,
	    PREFILL);
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
	dossier_background(ds, loaders());
	a.search.no_wait = ds->running > 0;
	if (!ds->running)
		reading_reanchor(&a, 1);
	if (tty_start() < 0) {
		status = 2;
		goto out;
	}
	tty_signals();
	view_init(&a);
	apply_bindings(&a);
	tty_size(&a.rows, &a.cols);
	app_place_panes(&a);

	while (!a.quit) {
		struct tty_event ev;
		int ms;

		/* one look a key at what waits: a paste is hundreds of
		 * thousands of keys */
		int pending = tty_pending();

		if (a.reanchor_left)
			reading_reanchor(&a, 0);  /* articles read meanwhile */
		if (!pending)
			find_catch_up(&a);
		/* a paste into a prompt is taken whole before it is shown:
		 * a frame a key would make it take seconds */
		if (!(prompting(&a) && pending)) {
			app_settle(&a);
			view_draw(&a);
			if (bench_note(&a))
				break;
		}
		/* read at once what waits, or while a search counts; often
		 * while articles load (the list fills in), else now and then
		 * for signals */
		if (pending || (!search_complete(&a.search) &&
		    !a.search.blocked))
			ms = 0;
		else if (a.ds->running && __atomic_load_n(&a.ds->done,
		    __ATOMIC_ACQUIRE) < a.ds->n)
			ms = getenv("DOSSIER_BENCH") ? 1 : LOADING_POLL_MS;
		else
			ms = POLL_MS;
		tty_read(ms, &ev);
		switch (ev.what) {
		case TTY_SIGNAL:
			status = ev.sig == SIGINT ? 130 : 128 + ev.sig;
			a.quit = 1;
			break;
		case TTY_GONE:
			status = 128 + SIGHUP;  /* as if it had come */
			a.quit = 1;
			break;
		case TTY_IDLE:
			idle(&a);
			break;
		case TTY_MOUSE:
			mouse_event(&a, &ev);
			break;
		case TTY_RESIZE:
			a.rows = ev.rows;
			a.cols = ev.cols;
			app_place_panes(&a);
			break;
		case TTY_KEY:
			handle_key(&a, ev.key);
			break;
		case TTY_PASTE:
			paste_event(&a, ev.text, ev.len);
			break;
		}
	}
	tty_restore();
	tty_end();  /* curses' own memory, so that leak checkers see none */
	if (a.state_dirty && a.mode != MODE_SEARCH)
		reading_save(&a);
	/* nothing lost in silence: retry a little (after a signal only
	 * once), then say what was not saved */
	if (a.have_store && bm_store_unsaved(&a.store)) {
		char err[512];

		if (bm_store_flush(&a.store, status || tty_signalled() ? 0 :
		    QUIT_RETRY_MS, err, sizeof err) < 0) {
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
	results_free(&a);
	prompt_free(&a.prompt);
	prompt_history_free(&a.history);
	prompt_history_free(&a.cmd_history);
	free(a.last.text);
	free(a.origin.anchor);
	free(a.anchor);
	free(a.folded);
	if (a.have_undo)
		marks_op_free(&a.undo);
	bm_store_close(&a.store);
	free(a.marks);
	free(a.rename_id);
	free(a.done);
	marks_index_free(&a.mx);
	free(a.marked);
	return status;
}

