/* action.c - names and help texts of the actions. */
#include "config.h"

#include <string.h>

#include "action.h"

static const struct {
	const char *name, *help;
} table[ACT_COUNT] = {
	[ACT_NONE] = { "none", "" },
#define X(id, n, h) [ACT_##id] = { n, h },
	ACTIONS(X)
#undef X
};

const char *
action_name(enum action a)
{
	return a < ACT_COUNT ? table[a].name : "none";
}

const char *
action_help(enum action a)
{
	return a < ACT_COUNT ? table[a].help : "";
}

enum action
action_by_name(const char *name)
{
	int a;

	for (a = 1; a < ACT_COUNT; a++)
		if (strcmp(table[a].name, name) == 0)
			return (enum action)a;
	return ACT_NONE;
}
