/* test_jumps.c - the pure parts of going places: the history of jumps
 * (back returns exactly, forward undoes back, a new jump forgets what was
 * ahead, the oldest go when full) and the `:` command line's parsing. */
#include "config.h"

#include <string.h>

#include "command.h"
#include "jumps.h"
#include "tap.h"

static struct jump
J(size_t doc, size_t byte)
{
	struct jump j = { doc, byte };

	return j;
}

static int
at(struct jump j, size_t doc, size_t byte)
{
	return j.doc == doc && j.byte == byte;
}

static void
test_history(void)
{
	struct jumps j;
	struct jump to;
	size_t i;

	memset(&j, 0, sizeof j);
	ok(!jumps_back(&j, J(0, 0), &to), "nothing to go back to at first");
	ok(!jumps_forward(&j, J(0, 0), &to), "nor forward");
	jumps_push(&j, J(0, 120));      /* ] from article 1 at byte 120 */
	jumps_push(&j, J(1, 0));        /* ] again */
	ok(jumps_back(&j, J(2, 40), &to) && at(to, 1, 0),
	    "back: where the last jump came from");
	ok(jumps_back(&j, J(1, 300), &to) && at(to, 0, 120),
	    "back again: the one before, exactly");
	ok(!jumps_back(&j, J(0, 120), &to), "no further back");
	ok(jumps_forward(&j, J(0, 120), &to) && at(to, 1, 300),
	    "forward: where back left (scrolled there), not where it landed");
	ok(jumps_forward(&j, J(1, 300), &to) && at(to, 2, 40),
	    "forward again: the place the first back left");
	ok(!jumps_forward(&j, J(2, 40), &to), "no further forward");
	ok(jumps_back(&j, J(2, 50), &to) && at(to, 1, 300), "back once more");
	jumps_push(&j, J(1, 300));      /* a new jump from there */
	ok(!jumps_forward(&j, J(4, 0), &to),
	    "a new jump forgets what was ahead");
	ok(jumps_back(&j, J(4, 0), &to) && at(to, 1, 300),
	    "  and back goes to where it came from");

	memset(&j, 0, sizeof j);
	jumps_push(&j, J(3, 3));
	jumps_push(&j, J(3, 3));
	ok(jumps_back(&j, J(5, 0), &to) && at(to, 3, 3) &&
	    !jumps_back(&j, J(3, 3), &to), "the same place twice is kept once");

	memset(&j, 0, sizeof j);
	for (i = 0; i < JUMPS_MAX + 50; i++)
		jumps_push(&j, J(i, i));
	is_int((long long)j.n, JUMPS_MAX, "full: at most JUMPS_MAX places");
	for (i = 0; jumps_back(&j, J(999, 0), &to); i++)
		if (i > 2 * JUMPS_MAX)
			break;
	/* going back keeps here too: one more of the oldest goes */
	ok(at(to, 51, 51), "full: the oldest went first");
	is_int((long long)i, JUMPS_MAX - 1, "  and every other one is there");
}

static void
test_command(void)
{
	struct command c;

	command_parse("", &c);
	is_int(c.kind, COMMAND_EMPTY, "empty line: nothing");
	command_parse("   ", &c);
	is_int(c.kind, COMMAND_EMPTY, "spaces only: nothing");
	command_parse("12", &c);
	ok(c.kind == COMMAND_ARTICLE && c.number == 12, "12: article 12");
	command_parse("  7  ", &c);
	ok(c.kind == COMMAND_ARTICLE && c.number == 7, "spaces around: fine");
	command_parse("0", &c);
	ok(c.kind == COMMAND_ARTICLE && c.number == 0,
	    "0 is a number (the reader says there is no article 0)");
	command_parse("99999999999999999999999", &c);
	is_int(c.kind, COMMAND_BAD_NUMBER, "too many digits: a bad number");
	command_parse("12x", &c);
	is_int(c.kind, COMMAND_UNKNOWN, "12x: not a command");
	command_parse("-3", &c);
	is_int(c.kind, COMMAND_UNKNOWN, "-3: not a command");
	command_parse("quit", &c);
	ok(c.kind == COMMAND_NAMED &&
	    strcmp(command_name(c.named), "quit") == 0, "quit: named");
	command_parse("q", &c);
	ok(c.kind == COMMAND_NAMED &&
	    strcmp(command_name(c.named), "quit") == 0, "q: short for quit");
	command_parse("he", &c);
	ok(c.kind == COMMAND_NAMED &&
	    strcmp(command_name(c.named), "help") == 0, "he: short for help");
	command_parse("frobnicate", &c);
	is_int(c.kind, COMMAND_UNKNOWN, "an unknown name");
	command_parse("quitx", &c);
	is_int(c.kind, COMMAND_UNKNOWN, "a name with more after it");
	ok(command_name(1000) == NULL, "no name past the table");
}

int
main(void)
{
	test_history();
	test_command();
	return tap_done();
}
