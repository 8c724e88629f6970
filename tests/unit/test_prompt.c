/* test_prompt.c - the prompts' line editor: its width kept key by key
 * equals the width of the line measured whole, whatever is typed (wide
 * characters, combining marks, flags, joined emoji, deletions), the line
 * stops at PROMPT_MAX, and the history steps as the search prompt's
 * Up and Down expect. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "prompt.h"
#include "tap.h"
#include "text.h"

#define BS 127
#define CTRL(c) ((c) & 0x1f)

/* The width of s as the screen shows it: unit by unit, from the start. */
static long
width_of(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	struct text_unit t;
	size_t pos = 0;
	long w = 0;

	while (pos < n) {
		pos = text_next_unit(u, n, pos, (int)w, &t);
		w += t.width;
	}
	return w;
}

static void
type(struct prompt *p, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t pos = 0, n = strlen(s);
	uint32_t cp;
	int w;

	/* one key a code point, as get_wch() gives them */
	while (pos < n) {
		size_t len = 1;

		if (u[pos] >= 0x80) {
			len = (u[pos] & 0xE0) == 0xC0 ? 2 :
			    (u[pos] & 0xF0) == 0xE0 ? 3 : 4;
			cp = u[pos] & (0x7F >> len);
			for (size_t i = 1; i < len; i++)
				cp = cp << 6 | (u[pos + i] & 0x3F);
		} else {
			cp = u[pos];
		}
		(void)w;
		prompt_key(p, (int)cp);
		pos += len;
	}
}

/* The kept width is the measured one, and the tail is the longest end
 * that fits. */
static int
consistent(const struct prompt *p, int cols)
{
	const char *t = prompt_text(p);
	size_t tail = prompt_tail(p, cols), k;

	if (p->width != width_of(t, p->text.len))
		return 0;
	if (width_of(t + tail, p->text.len - tail) > cols)
		return 0;
	/* one more cell would not fit */
	for (k = 0; k < p->ncells && p->cells[k].pos < tail; k++)
		;
	if (k > 0 && k <= p->ncells && tail == p->cells[k - 1].pos)
		return 0;
	if (k > 0 && width_of(t + p->cells[k - 1].pos,
	    p->text.len - p->cells[k - 1].pos) <= cols)
		return 0;
	return 1;
}

static void
test_basics(void)
{
	struct prompt p = { 0 };

	is_str(prompt_text(&p), "", "a new prompt is empty");
	is_int(p.width, 0, "... of width 0");
	is_int(prompt_tail(&p, 10), 0, "... and its tail is all of it");
	type(&p, "abc");
	is_str(prompt_text(&p), "abc", "typed text is appended");
	is_int(p.width, 3, "three ASCII letters are three columns");
	prompt_key(&p, BS);
	is_str(prompt_text(&p), "ab", "Backspace drops the last letter");
	is_int(p.width, 2, "... and its column");
	is_int(prompt_key(&p, 27), PROMPT_IGNORED, "Esc is not editing");
	is_int(prompt_key(&p, '\r'), PROMPT_IGNORED, "Enter is not editing");
	is_int(prompt_key(&p, KEYMAP_UP), PROMPT_IGNORED, "Up is not editing");
	is_int(prompt_key(&p, 0x85), PROMPT_IGNORED, "a C1 control is not text");
	is_int(prompt_key(&p, 0x110000), PROMPT_IGNORED,
	    "past Unicode is not text");
	is_str(prompt_text(&p), "ab", "... none of them changed the line");
	prompt_key(&p, CTRL('U'));
	is_str(prompt_text(&p), "", "C-u clears");
	is_int(p.width, 0, "... to width 0");
	is_int(prompt_key(&p, BS), PROMPT_CHANGED,
	    "Backspace on an empty line counts as a change");
	prompt_free(&p);
}

static void
test_wide_and_marks(void)
{
	struct prompt p = { 0 };

	type(&p, "日本");
	is_int(p.width, 4, "two wide characters are four columns");
	prompt_key(&p, BS);
	is_str(prompt_text(&p), "日", "Backspace drops a whole UTF-8 sequence");
	is_int(p.width, 2, "... and two columns");
	prompt_key(&p, CTRL('U'));
	type(&p, "e\xcc\x81");
	is_int(p.width, 1, "e and a combining acute are one column");
	is_int(p.ncells, 1, "... in one cell");
	prompt_key(&p, BS);
	is_str(prompt_text(&p), "e", "Backspace drops the mark first");
	is_int(p.width, 1, "... the e is still one column");
	prompt_key(&p, BS);
	is_int(p.width, 0, "... then the e");
	type(&p, " \xcc\x81");
	is_int(p.width, width_of(" \xcc\x81", 3),
	    "a mark after a space stands alone, as the screen shows it");
	prompt_key(&p, CTRL('U'));
	type(&p, "\xf0\x9f\x87\xb3\xf0\x9f\x87\xb1");
	is_int(p.ncells, 1, "two regional indicators are one flag");
	is_int(p.width, width_of("\xf0\x9f\x87\xb3\xf0\x9f\x87\xb1", 8),
	    "... as wide as the screen shows it");
	type(&p, "\xf0\x9f\x87\xb3");
	is_int(p.ncells, 2, "a third starts a new cell");
	prompt_key(&p, CTRL('U'));
	type(&p, "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9");
	is_int(p.ncells, 1, "a ZWJ sequence is one cell");
	ok(consistent(&p, 80), "... as wide as the screen shows it");
	prompt_free(&p);
}

static void
test_words(void)
{
	struct prompt p = { 0 };

	type(&p, "foo bar  ");
	prompt_key(&p, CTRL('W'));
	is_str(prompt_text(&p), "foo ", "C-w drops the last word and the "
	    "spaces after it");
	is_int(p.width, 4, "... and their columns");
	prompt_key(&p, CTRL('W'));
	is_str(prompt_text(&p), "", "C-w again drops the first word");
	is_int(p.width, 0, "... to width 0");
	type(&p, "één  日本");
	prompt_key(&p, CTRL('W'));
	is_str(prompt_text(&p), "één  ", "C-w drops wide characters whole");
	is_int(p.width, 5, "... leaving five columns");
	prompt_free(&p);
}

static void
test_tail(void)
{
	struct prompt p = { 0 };

	prompt_set(&p, "ab日本cd", strlen("ab日本cd"));
	is_int(p.width, 8, "prompt_set measures: ab日本cd is eight columns");
	is_str(prompt_text(&p) + prompt_tail(&p, 8), "ab日本cd",
	    "all of it fits in eight");
	is_str(prompt_text(&p) + prompt_tail(&p, 5), "本cd",
	    "the end that fits in five");
	is_str(prompt_text(&p) + prompt_tail(&p, 3), "cd",
	    "a wide character that does not fit whole is left out");
	is_str(prompt_text(&p) + prompt_tail(&p, 0), "",
	    "nothing fits in none");
	prompt_free(&p);
}

static void
test_cap(void)
{
	struct prompt p = { 0 };
	char *big = xmalloc(PROMPT_MAX * 2 + 2);
	int i, r = PROMPT_CHANGED;

	/* a paste far longer than the line may be */
	for (i = 0; i < 100000; i++)
		r = prompt_key(&p, 'x');
	is_int(r, PROMPT_FULL, "a character past PROMPT_MAX is refused");
	is_int(p.text.len, PROMPT_MAX, "the line stops at PROMPT_MAX bytes");
	is_int(p.width, PROMPT_MAX, "... and its width is kept");
	ok(p.full, "... and it says it is full");
	prompt_key(&p, BS);
	ok(!p.full, "Backspace makes room, and it is no longer full");
	is_int(prompt_key(&p, 0x65E5), PROMPT_FULL,
	    "a three-byte character does not fit in one byte");
	is_int(p.text.len, PROMPT_MAX - 1, "... and is not half put in");
	ok(consistent(&p, 80), "... the width is still right");
	is_int(prompt_key(&p, 'y'), PROMPT_CHANGED, "one byte still fits");

	/* a history line or label longer than the cap: cut whole */
	big[0] = 'a';
	for (i = 0; i < PROMPT_MAX; i++)
		memcpy(big + 1 + 2 * i, "\xc3\xa9", 2);
	big[1 + 2 * PROMPT_MAX] = '\0';
	prompt_set(&p, big, strlen(big));
	is_int(p.text.len, PROMPT_MAX - 1,
	    "prompt_set cuts a long line on a character's boundary");
	ok(p.full, "... and says it is full");
	ok(consistent(&p, 37), "... with the width of what is kept");
	prompt_set(&p, "short", 5);
	ok(!p.full, "a short line is not full");
	free(big);
	prompt_free(&p);
}

static void
test_random(void)
{
	static const char *const alphabet[] = {
		"a", "Z", " ", "\xe3\x80\x80" /* ideographic space */,
		"\xe6\x97\xa5" /* 日 */, "\xcc\x81" /* combining acute */,
		"\xe2\x80\x8d" /* ZWJ */, "\xf0\x9f\x91\xa9" /* woman */,
		"\xf0\x9f\x87\xb3" /* regional N */, "\xc2\xad" /* soft hyphen */,
		"\xef\xb8\x8f" /* VS16 */, "\xe2\x80\x8b" /* zero width space */,
	};
	struct prompt p = { 0 };
	unsigned seed = 12345;
	int i, bad = 0;

	for (i = 0; i < 4000 && !bad; i++) {
		unsigned r;

		seed = seed * 1103515245u + 12345u;
		r = (seed >> 16) % 100;
		if (r < 80)
			type(&p, alphabet[r % (sizeof alphabet /
			    sizeof *alphabet)]);
		else if (r < 95)
			prompt_key(&p, BS);
		else if (r < 98)
			prompt_key(&p, CTRL('W'));
		else
			prompt_key(&p, CTRL('U'));
		if (!consistent(&p, (int)(seed >> 8) % 40)) {
			bad = 1;
			diag("after step %d: \"%s\" kept %ld, measured %ld", i,
			    prompt_text(&p), p.width,
			    width_of(prompt_text(&p), p.text.len));
		}
	}
	ok(!bad, "4000 random keys: the kept width is always the measured "
	    "one, and the tail always the longest end that fits");
	prompt_free(&p);
}

static void
test_history(void)
{
	struct prompt_history h = { 0 };
	struct prompt p = { 0 };
	char line[16];
	int i;

	prompt_history_add(&h, "a");
	prompt_history_add(&h, "b");
	prompt_history_add(&h, "b");
	prompt_history_add(&h, "");
	is_int(h.n, 2, "an empty line and a repeat are not remembered");
	prompt_history_rewind(&h);
	ok(prompt_history_step(&h, &p, 1), "Up goes back");
	is_str(prompt_text(&p), "b", "... to the last line");
	is_int(p.width, 1, "... with its width");
	ok(prompt_history_step(&h, &p, 1), "Up again");
	is_str(prompt_text(&p), "a", "... to the one before");
	ok(!prompt_history_step(&h, &p, 1), "no further back than the oldest");
	is_str(prompt_text(&p), "a", "... where the line stays");
	ok(prompt_history_step(&h, &p, 0), "Down goes on");
	is_str(prompt_text(&p), "b", "... to the newer line");
	ok(prompt_history_step(&h, &p, 0), "Down past the newest");
	is_str(prompt_text(&p), "", "... is an empty line");
	ok(!prompt_history_step(&h, &p, 0), "and no further");
	for (i = 0; i < PROMPT_HISTORY_MAX + 5; i++) {
		snprintf(line, sizeof line, "q%d", i);
		prompt_history_add(&h, line);
	}
	is_int(h.n, PROMPT_HISTORY_MAX, "the history keeps at most "
	    "PROMPT_HISTORY_MAX lines");
	is_str(h.v[0], "q5", "... dropping the oldest");
	prompt_history_free(&h);
	prompt_free(&p);
}

int
main(void)
{
	test_basics();
	test_wide_and_marks();
	test_words();
	test_tail();
	test_cap();
	test_random();
	test_history();
	return tap_done();
}
