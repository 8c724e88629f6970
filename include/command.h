/* command.h - the `:` command line: a number opens that article; named
 * commands come from a small table, so that more can be added.
 *
 * command_parse() is pure (unit-tested); the rest runs a parsed line on
 * the reader's state and handles the prompt's keys (MODE_COMMAND).
 */
#ifndef DOSSIER_COMMAND_H
#define DOSSIER_COMMAND_H

#include <stddef.h>

#include "app.h"

enum command_kind {
	COMMAND_EMPTY,          /* nothing typed: nothing to do */
	COMMAND_ARTICLE,        /* a number: open that article */
	COMMAND_NAMED,          /* one of the table's commands */
	COMMAND_BAD_NUMBER,     /* digits, but too many of them */
	COMMAND_UNKNOWN
};

struct command {
	enum command_kind kind;
	size_t number;          /* COMMAND_ARTICLE: as typed, 1-based */
	size_t named;           /* COMMAND_NAMED: its row in the table */
};

/* Read a line typed after ':' (spaces around it are ignored; a named
 * command may be shortened to any unique beginning of its name). */
void command_parse(const char *line, struct command *out);
/* The name of the table's row i, NULL past its end. */
const char *command_name(size_t i);

/* ':' was pressed: the prompt opens. */
void command_open(struct app *a);
/* A key while the prompt is open: editing keys, Up and Down for the
 * history, Enter runs the line, Esc cancels. */
void command_key(struct app *a, int key);

#endif
