/* tty.h - the terminal: setting it up, reading what happens on it as
 * events, handing it to a pager and back, and leaving it as it was.
 *
 * With view.c the only place that talks to curses; the rest of the
 * reader sees keys (as keymap.h encodes them), mouse clicks, resizes and
 * signals.
 */
#ifndef DOSSIER_TTY_H
#define DOSSIER_TTY_H

enum tty_what {
	TTY_IDLE,      /* nothing came within the timeout */
	TTY_KEY,
	TTY_MOUSE,
	TTY_RESIZE,
	TTY_SIGNAL,    /* SIGINT, SIGTERM or SIGHUP came */
	TTY_PASTE,     /* a bracketed paste, whole */
	TTY_GONE       /* the terminal was closed */
};

struct tty_event {
	enum tty_what what;
	int key;        /* TTY_KEY: as keymap.h encodes keys */
	int x, y;       /* TTY_MOUSE: the cell (-1 when it could not be read) */
	int wheel;      /* TTY_MOUSE: lines to scroll (negative: up), or 0 */
	int click;      /* TTY_MOUSE: button 1 */
	int rows, cols; /* TTY_RESIZE: the new size */
	int sig;        /* TTY_SIGNAL: which */
	const char *text;   /* TTY_PASTE: the bytes pasted, as they came
	                     * (any bytes at all; the first MiB), owned by
	                     * tty.c until the next tty_read() */
	size_t len;
};

/* Take over the terminal (full screen, keys as they are typed, mouse,
 * and bracketed paste where its terminfo entry describes it).
 * Returns -1, with a message on stderr, when there is none to take or
 * it cannot move the cursor.  Restored at exit and by util's fatal
 * path. */
int tty_start(void);
/* Catch SIGINT, SIGTERM and SIGHUP (tty_read() reports them), ignore
 * SIGPIPE. */
void tty_signals(void);
/* The signal caught since tty_signals() (0: none): at quit, one that
 * came after the last tty_read() still cuts waiting short. */
int tty_signalled(void);
/* Leave the terminal as we found it; safe to call twice. */
void tty_restore(void);
/* After tty_restore(): free curses' own memory, for leak checkers. */
void tty_end(void);

void tty_size(int *rows, int *cols);
/* Wait at most ms milliseconds (0: do not wait) for the next event.
 * (Not -1, even when input waits: curses would then wait for the end of
 * a broken UTF-8 sequence for ever.) */
void tty_read(int ms, struct tty_event *ev);
/* Is input waiting to be read?  Cheap: one system call a paste. */
int tty_pending(void);
/* Draw the whole screen anew at the next refresh. */
void tty_redraw(void);

/* Hand the terminal to another program (a pager) and take it back. */
void tty_suspend(void);
void tty_resume(void);

#endif
