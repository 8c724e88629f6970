/* test_text.c - decoding and sanitising: nothing unsafe gets through. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "text.h"

static char *
sanitize(const char *s, size_t n)
{
	struct buf b = { 0 };

	text_sanitize(&b, (const unsigned char *)s, n);
	return b.data;
}

/* Nothing that a terminal would act on: no C0 but none at all, no DEL, no
 * C1, no bidi overrides or isolates, and valid UTF-8. */
static int
is_safe(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		int len;

		if (c < 0x80) {
			if (c < 0x20 || c == 0x7F)
				return 0;
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			len = 2;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (i + (size_t)len > n)
			return 0;
		for (int k = 1; k < len; k++) {
			if (((unsigned char)s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | ((unsigned char)s[i + k] & 0x3F);
		}
		if ((cp >= 0x80 && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E)
		    || (cp >= 0x2066 && cp <= 0x2069) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += (size_t)len;
	}
	return 1;
}

static void
test_decode(void)
{
	static const struct {
		const char *in;
		uint32_t cp;
		int width;
		size_t len;
		const char *what;
	} cases[] = {
		{ "a", 'a', 1, 1, "ASCII" },
		{ "\xc3\xab", 0xEB, 1, 2, "e with diaeresis" },
		{ "\xe4\xb8\xad", 0x4E2D, 2, 3, "CJK is two columns" },
		{ "\xcc\x88", 0x308, 0, 2, "combining diaeresis is zero wide" },
		{ "\x1b", 0x241B, 1, 1, "ESC shows as a control picture" },
		{ "\x07", 0x2407, 1, 1, "BEL shows as a control picture" },
		{ "\x00", 0x2400, 1, 1, "NUL shows as a control picture" },
		{ "\x7f", 0x2421, 1, 1, "DEL shows as a picture" },
		{ "\xc2\x9b", 0x2426, 1, 2, "C1 CSI becomes a placeholder" },
		{ "\xe2\x80\xae", 0x2426, 1, 3, "RLO becomes a placeholder" },
		{ "\xe2\x81\xa6", 0x2426, 1, 3, "LRI becomes a placeholder" },
		{ "\xe2\x80\x8f", 0, 0, 3, "RLM is dropped" },
		{ "\xff", 0xFFFD, 1, 1, "a stray byte is U+FFFD" },
		{ "\xc3", 0xFFFD, 1, 1, "a truncated sequence is U+FFFD" },
		{ "\xed\xa0\x80", 0xFFFD, 1, 1, "an encoded surrogate is U+FFFD" },
		{ "\xc0\xaf", 0xFFFD, 1, 1, "an overlong form is U+FFFD" },
		{ "\xef\xbf\xbe", 0xFFFD, 1, 3, "a noncharacter is U+FFFD" },
		{ "\xc2\xa0", ' ', 1, 2, "no-break space shows as a space" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint32_t cp;
		int w;
		size_t n = cases[i].len == 1 && !cases[i].in[0] ? 1 :
		    strlen(cases[i].in);
		size_t len = text_decode((const unsigned char *)cases[i].in, n,
		    &cp, &w);

		ok(cp == cases[i].cp && w == cases[i].width &&
		    len == cases[i].len, "decode: %s", cases[i].what);
	}
}

static void
test_units(void)
{
	struct text_unit u;
	const char *s;

	s = "e\xcc\x81x";
	text_next_unit((const unsigned char *)s, strlen(s), 0, 0, &u);
	ok(u.len == 3 && u.width == 1 && u.ncp == 2,
	    "e + combining acute is one unit of one column");

	s = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
	    "\xf0\x9f\x91\xa7";  /* man ZWJ woman ZWJ girl */
	text_next_unit((const unsigned char *)s, strlen(s), 0, 0, &u);
	ok(u.len == strlen(s) && u.width == 6,
	    "an emoji ZWJ sequence is one unit");

	s = "\xf0\x9f\x87\xb3\xf0\x9f\x87\xb1\xf0\x9f\x87\xa7\xf0\x9f\x87\xaa";
	text_next_unit((const unsigned char *)s, strlen(s), 0, 0, &u);
	ok(u.len == 8, "a flag (two regional indicators) is one unit");

	s = "\xcc\x88" "a";
	text_next_unit((const unsigned char *)s, strlen(s), 0, 0, &u);
	ok(u.cps[0] == 0x25CC && u.width == 1,
	    "a combining mark without a base sits on a dotted circle");

	s = "  \n\t b";
	text_next_unit((const unsigned char *)s, strlen(s), 0, 0, &u);
	ok(u.kind == TEXT_SPACE && u.len == 5 && u.width == 1 && u.newline,
	    "white space with a line break is one space");

	s = "\tb";
	text_next_unit((const unsigned char *)s, strlen(s), 0, 3, &u);
	is_int(u.width, 5, "a tab at column 3 reaches column 8");

	s = "\xc2\xad";
	text_next_unit((const unsigned char *)s, strlen(s), 0, 0, &u);
	ok(u.kind == TEXT_SHY && u.width == 0, "a soft hyphen is invisible");

	/* a thousand combining marks stay one unit and draw at most 5 */
	{
		struct buf b = { 0 };
		int i;

		buf_addc(&b, 'a');
		for (i = 0; i < 1000; i++)
			buf_add(&b, "\xcc\x88", 2);
		text_next_unit((unsigned char *)b.data, b.len, 0, 0, &u);
		ok(u.len == b.len && u.ncp == TEXT_MAX_CPS && u.width == 1,
		    "zalgo text: one unit, at most %d code points drawn",
		    TEXT_MAX_CPS);
		buf_free(&b);
	}
}

static void
test_sanitize(void)
{
	char *s, all[512];
	int i;

	s = sanitize("a\x1b]0;pwned\x07" "b", 12);
	is_str(s, "a\xe2\x90\x9b]0;pwned\xe2\x90\x87" "b",
	    "an OSC title sequence is shown, not obeyed");
	free(s);

	s = sanitize("  one \r\n two\t\tthree  ", 21);
	is_str(s, "one two three", "white space folds to one space, ends trimmed");
	free(s);

	s = sanitize("x\xe2\x80\xaey", 5);
	is_str(s, "x\xe2\x90\xa6y", "a bidi override becomes a placeholder");
	free(s);

	for (i = 0; i < 256; i++) {
		all[2 * i] = (char)i;
		all[2 * i + 1] = 'x';
	}
	s = sanitize(all, sizeof all);
	ok(is_safe(s, strlen(s)), "every byte value sanitises to safe UTF-8");
	free(s);

	/* random garbage */
	srand(42);
	for (i = 0; i < 2000; i++) {
		char r[64];
		size_t n = (size_t)(rand() % 64), k;

		for (k = 0; k < n; k++)
			r[k] = (char)(rand() % 256);
		s = sanitize(r, n);
		if (!is_safe(s, strlen(s))) {
			ok(0, "random bytes sanitise to safe UTF-8 (case %d)", i);
			free(s);
			break;
		}
		free(s);
	}
	if (i == 2000)
		ok(1, "2000 random byte strings sanitise to safe UTF-8");
}

static void
test_width_fit(void)
{
	struct buf b = { 0 };
	int w;

	is_int(text_width((const unsigned char *)"abc", 3), 3, "width: ASCII");
	is_int(text_width((const unsigned char *)"\xe6\x97\xa5\xe6\x9c\xac", 6),
	    4, "width: two CJK characters are four columns");
	is_int(text_width((const unsigned char *)"e\xcc\x81", 3), 1,
	    "width: decomposed e-acute is one column");
	is_int(text_width((const unsigned char *)"\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85", 8),
	    4, "width: Arabic letters are one column each");

	w = text_fit(&b, (const unsigned char *)"Oekraine is klaar", 17, 10);
	is_str(b.data, "Oekraine \xe2\x80\xa6", "fit: cut with an ellipsis");
	is_int(w, 10, "fit: uses the columns given");
	b.len = 0;
	w = text_fit(&b, (const unsigned char *)"\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5", 9, 4);
	ok(w <= 4, "fit: wide characters never overflow (%d columns)", w);
	b.len = 0;
	w = text_fit(&b, (const unsigned char *)"short", 5, 10);
	is_str(b.data, "short", "fit: short text unchanged");
	buf_free(&b);
}

int
main(void)
{
	test_decode();
	test_units();
	test_sanitize();
	test_width_fit();
	return tap_done();
}
