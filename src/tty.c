/* tty.c - the terminal: curses set up and torn down, keys, mouse,
 * resizes and signals turned into events (see tty.h).  Curses is
 * included here and in view.c only.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "keymap.h"
#include "tty.h"
#include "text.h"

/* after our headers: term.h defines macros named like capabilities */
#include <term.h>

/* A paste the terminal brackets (xterm's mode 2004) comes as one event:
 * read here in large blocks, not a system call or two a byte through
 * curses.  The key curses returns for the paste's opening sequence: */
#define KEY_PASTE (KEY_MAX + 1)
/* How long the rest of a paste may take to come, ms, and how much of
 * one is kept (the rest is read and dropped: every prompt is smaller). */
#define PASTE_WAIT_MS 500
#define PASTE_KEEP (1 << 20)

static volatile sig_atomic_t got_signal;
/* The terminal's strings for bracketed paste: on, off, and the end of a
 * paste; NULL where its terminfo entry has none (it is then not used). */
static const char *paste_on, *paste_off, *paste_end;
/* The last paste read (tty_event.text points into it). */
static struct buf paste;
/* Bytes known to wait in the terminal's input (see tty_pending()). */
static long unread;
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

/* A string capability of the terminal, or NULL. */
static const char *
cap(const char *name)
{
	const char *v = tigetstr((char *)name);

	return v && v != (char *)-1 && *v ? v : NULL;
}

/* Bracketed paste on or off, where the terminal has it. */
static void
paste_mode(int on)
{
	if (paste_end && (on ? paste_on : paste_off)) {
		putp(on ? paste_on : paste_off);
		fflush(stdout);
	}
}

/* Leave the terminal as we found it; safe to call twice. */
void
tty_restore(void)
{
	if (curses_active) {
		curses_active = 0;
		paste_mode(0);
		endwin();
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

/* "dossier: TERM=name: why" on stderr, the name made safe to print. */
static void
say_term(const char *term, const char *why)
{
	struct buf b = { 0 };

	buf_adds(&b, "dossier: TERM=");
	text_sanitize(&b, (const unsigned char *)term, strlen(term));
	buf_adds(&b, ": ");
	buf_adds(&b, why);
	buf_addc(&b, '\n');
	fputs(b.data, stderr);
	buf_free(&b);
}

int
tty_start(void)
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
		say_term(term, "this terminal cannot move the cursor, which "
		    "the reader needs (--list and --dump work anywhere)");
		return -1;
	}
	scr = known_terminal(term) ? newterm(NULL, stdout, stdin) : NULL;
	if (!scr) {
		say_term(term, "unknown terminal type");
		return -1;
	}
	set_term(scr);
	screen = scr;
	curses_active = 1;
	util_set_fatal_hook(tty_restore);
	atexit(tty_restore);
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
	/* only where terminfo names all of it, so that no other
	 * terminal is sent a mode it may not know */
	paste_on = cap("BE");
	paste_off = cap("BD");
	if (paste_on && paste_off && cap("PS") && cap("PE") &&
	    define_key(cap("PS"), KEY_PASTE) == OK) {
		paste_end = cap("PE");
		paste_mode(1);
	}
	return 0;
}

void
tty_signals(void)
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

void
tty_end(void)
{
	if (screen) {
		delscreen(screen);
		screen = NULL;
	}
	buf_free(&paste);
}

void
tty_size(int *rows, int *cols)
{
	getmaxyx(stdscr, *rows, *cols);
}

/* A mouse event: a click, or the wheel. */
static void
read_mouse(struct tty_event *ev)
{
	MEVENT me;

	ev->x = ev->y = -1;
	if (getmouse(&me) != OK)
		return;
	ev->x = me.x;
	ev->y = me.y;
	if (me.bstate & BUTTON4_PRESSED)
		ev->wheel = -3;
#ifdef BUTTON5_PRESSED
	else if (me.bstate & BUTTON5_PRESSED)
		ev->wheel = 3;
#endif
	ev->click = (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED |
	    BUTTON1_RELEASED)) != 0;
}

/* Read a paste's text up to the terminal's end-of-paste string, straight
 * from the terminal: curses has read no further than the opening
 * sequence (it takes a byte at a time).  Ends early on a signal, or when
 * the rest does not come within PASTE_WAIT_MS. */
static void
read_paste(struct tty_event *ev)
{
	size_t endlen = strlen(paste_end), kept = 0, have;
	char block[1 << 16], *hit;
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
	ssize_t n;

	paste.len = 0;
	buf_add(&paste, "", 0);
	for (;;) {
		if (got_signal || poll(&p, 1, PASTE_WAIT_MS) <= 0)
			break;
		n = read(STDIN_FILENO, block, sizeof block);
		if (n <= 0)
			break;
		/* the end string may straddle two blocks: look from the
		 * last endlen - 1 bytes kept */
		have = paste.len;
		buf_add(&paste, block, (size_t)n);
		hit = memmem(paste.data + (have > endlen ? have - endlen : 0),
		    paste.len - (have > endlen ? have - endlen : 0),
		    paste_end, endlen);
		if (hit) {
			/* what follows the paste is lost: keys typed in the
			 * same instant, rare enough */
			paste.len = (size_t)(hit - paste.data);
			paste.data[paste.len] = '\0';
			break;
		}
		/* keep PASTE_KEEP bytes and the tail the end may start in */
		if (paste.len > PASTE_KEEP + endlen) {
			kept = PASTE_KEEP;
			memmove(paste.data + kept, paste.data + paste.len -
			    endlen, endlen);
			paste.len = kept + endlen;
		}
	}
	if (kept && paste.len > kept)
		paste.len = kept;
	unread = 0;
	ev->what = TTY_PASTE;
	ev->text = paste.data;
	ev->len = paste.len;
}

static int
utf8_len(uint32_t c)
{
	return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

int
tty_signalled(void)
{
	return got_signal;
}

void
tty_read(int ms, struct tty_event *ev)
{
	wint_t wc;
	int r, key;

	memset(ev, 0, sizeof *ev);
	timeout(ms);
	r = get_wch(&wc);
	if (got_signal) {
		ev->what = TTY_SIGNAL;
		ev->sig = got_signal;
		return;
	}
	if (r == ERR) {
		unread = 0;  /* bytes curses dropped (not UTF-8), or none */
		ev->what = terminal_alive() ? TTY_IDLE : TTY_GONE;
		return;
	}
	key = r == KEY_CODE_YES ? KEYMAP_FN((int)wc) : (int)wc;
	/* a character took its UTF-8 bytes; after anything else, ask */
	unread = r == OK && wc < 0x110000 && unread > 0 ?
	    unread - utf8_len((uint32_t)wc) : 0;
	if (key == KEYMAP_FN(KEY_PASTE) && paste_end) {
		read_paste(ev);
	} else if (key == KEYMAP_FN(KEY_MOUSE)) {
		ev->what = TTY_MOUSE;
		read_mouse(ev);
	} else if (key == KEYMAP_FN(KEY_RESIZE)) {
		ev->what = TTY_RESIZE;
		tty_size(&ev->rows, &ev->cols);
	} else {
		ev->what = TTY_KEY;
		ev->key = key;
	}
}

/* How many bytes wait is asked once (FIONREAD) and then counted down by
 * the characters read: one system call a paste, not one a key. */
int
tty_pending(void)
{
	int n = 0;

	if (unread > 0)
		return 1;
	if (ioctl(STDIN_FILENO, FIONREAD, &n) == 0) {
		unread = n;
		return n > 0;
	}
	{
		struct pollfd p = { STDIN_FILENO, POLLIN, 0 };

		return poll(&p, 1, 0) > 0;
	}
}

void
tty_redraw(void)
{
	clearok(curscr, TRUE);
}

void
tty_suspend(void)
{
	paste_mode(0);
	def_prog_mode();
	endwin();
	fflush(stdout);
}

void
tty_resume(void)
{
	reset_prog_mode();
	paste_mode(1);
	clearok(curscr, TRUE);
	refresh();
}
