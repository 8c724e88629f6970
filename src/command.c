/* command.c - the `:` command line (see command.h).  A number opens that
 * article (a jump, so C-o comes back); the named commands are a table of
 * (name, what it does, help), for more to come. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "command.h"
#include "keymap.h"
#include "text.h"

static void cmd_quit(struct app *a);
static void cmd_help(struct app *a);

static const struct {
	const char *name;
	void (*run)(struct app *);
} commands[] = {
	{ "help", cmd_help },
	{ "quit", cmd_quit },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

const char *
command_name(size_t i)
{
	return i < NCOMMANDS ? commands[i].name : NULL;
}

void
command_parse(const char *line, struct command *out)
{
	const char *s = line, *e;
	size_t len, i, found = NCOMMANDS, n;

	memset(out, 0, sizeof *out);
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	len = (size_t)(e - s);
	if (!len) {
		out->kind = COMMAND_EMPTY;
		return;
	}
	if (isdigit((unsigned char)*s)) {
		for (n = 0; s < e && isdigit((unsigned char)*s); s++) {
			if (n > ((size_t)-1 - 9) / 10) {
				out->kind = COMMAND_BAD_NUMBER;
				return;
			}
			n = n * 10 + (size_t)(*s - '0');
		}
		out->kind = s == e ? COMMAND_ARTICLE : COMMAND_UNKNOWN;
		out->number = n;
		return;
	}
	for (i = 0; i < NCOMMANDS; i++) {
		if (strncmp(commands[i].name, s, len) != 0)
			continue;
		if (strlen(commands[i].name) == len) {
			found = i;  /* the whole name wins */
			break;
		}
		if (found < NCOMMANDS) {
			out->kind = COMMAND_UNKNOWN;  /* ambiguous */
			return;
		}
		found = i;
	}
	out->kind = found < NCOMMANDS ? COMMAND_NAMED : COMMAND_UNKNOWN;
	out->named = found;
}

static void
cmd_quit(struct app *a)
{
	a->quit = 1;
}

static void
cmd_help(struct app *a)
{
	a->mode = MODE_HELP;
	a->help_top = 0;
}

/* Run the line typed; what went wrong goes to the status line. */
static void
run(struct app *a, const char *line)
{
	struct command c;

	command_parse(line, &c);
	switch (c.kind) {
	case COMMAND_EMPTY:
		break;
	case COMMAND_ARTICLE:
		if (c.number < 1 || c.number > a->ds->n) {
			app_msg(a, "no article %zu: there are %zu (1 to %zu)",
			    c.number, a->ds->n, a->ds->n);
			break;
		}
		app_jump(a, c.number - 1, a->anchor[c.number - 1]);
		a->focus = FOCUS_TEXT;
		break;
	case COMMAND_NAMED:
		commands[c.named].run(a);
		break;
	case COMMAND_BAD_NUMBER:
		app_msg(a, "no such article: there are %zu", a->ds->n);
		break;
	case COMMAND_UNKNOWN: {
		struct buf safe = { 0 };

		/* what was typed, made safe and cut short */
		text_fit(&safe, (const unsigned char *)line, strlen(line), 30);
		app_msg(a, "not a command: %s (:N opens article N; :help, "
		    ":quit)", safe.data ? safe.data : "");
		buf_free(&safe);
		break;
	}
	}
}

void
command_open(struct app *a)
{
	a->mode = MODE_COMMAND;
	prompt_set(&a->prompt, "", 0);
	prompt_history_rewind(&a->cmd_history);
}

void
command_key(struct app *a, int key)
{
	switch (key) {
	case 27:
		a->mode = MODE_NORMAL;
		return;
	case '\r': case '\n': case KEYMAP_ENTER:
		a->mode = MODE_NORMAL;
		prompt_history_add(&a->cmd_history, prompt_text(&a->prompt));
		run(a, prompt_text(&a->prompt));
		return;
	case 127: case 8: case KEYMAP_BACKSPACE:
		if (!a->prompt.text.len) {
			a->mode = MODE_NORMAL;  /* as the search prompt */
			return;
		}
		break;
	case KEYMAP_UP:
	case KEYMAP_DOWN:
		prompt_history_step(&a->cmd_history, &a->prompt,
		    key == KEYMAP_UP);
		return;
	}
	prompt_key(&a->prompt, key);
}
