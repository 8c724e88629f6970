/* debris.c - telling page debris from an article's text, word by word. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "debris.h"
#include "text.h"

/* Words that web pages put around an article, Dutch and English, lower
 * case.  A line is debris only when all its words are: "Share" is, but
 * "Share prices fell" is not. */
static const char *const debris_words[] = {
	"share", "delen", "deel", "advertisement", "advertentie", "lees",
	"verder", "ook", "read", "more", "bewaren", "opslaan", "save",
	"print", "tweet", "volgen", "follow", "reageer", "reacties",
	"comments", "leestijd", "min", "minuten", "minutes", "keer",
	"bekeken", "views", "dit", "artikel", "this", "article", "op", "on",
	"e-mail", "email", "facebook", "twitter", "whatsapp", "linkedin",
	"link", "kopieer", "copy", "uur", "hours", "ago", "geleden",
	"jan", "feb", "mrt", "mar", "apr", "mei", "may", "jun", "jul",
	"aug", "sep", "okt", "oct", "nov", "dec", "januari", "februari",
	"maart", "april", "juni", "juli", "augustus", "september",
	"oktober", "november", "december", "january", "february", "march",
	"june", "july", "august", "october",
};

/* Words that label a date: they may start a title line and are dropped
 * from the title with the date after them. */
static const char *const date_words[] = {
	"date", "datum", "updated", "bijgewerkt", "gepubliceerd",
	"published", "vandaag", "gisteren", "today", "yesterday",
};

struct token {
	size_t start, end;
};

/* The next token at or after *p: a run of bytes other than ASCII blanks. */
static int
next_token(const unsigned char *s, size_t *p, size_t end, struct token *t)
{
	while (*p < end && (s[*p] == ' ' || s[*p] == '\t'))
		(*p)++;
	if (*p >= end)
		return 0;
	t->start = *p;
	while (*p < end && s[*p] != ' ' && s[*p] != '\t')
		(*p)++;
	t->end = *p;
	return 1;
}

static int
in_list(const unsigned char *s, struct token t, const char *const *v,
    size_t n)
{
	size_t i, len;

	/* a word's trailing punctuation is not part of it */
	while (t.end > t.start && strchr(":,.;()", s[t.end - 1]))
		t.end--;
	len = t.end - t.start;
	for (i = 0; i < n; i++)
		if (strlen(v[i]) == len &&
		    strncasecmp((const char *)s + t.start, v[i], len) == 0)
			return 1;
	return 0;
}

/* Only '•', '|', '·' and dashes: what separates a page's labels. */
static int
is_separator(const unsigned char *s, struct token t)
{
	static const char *const seps[] = {
		"\xE2\x80\xA2", "|", "\xC2\xB7", "-", "\xE2\x80\x93",
		"\xE2\x80\x94", "/",
	};
	size_t i, len = t.end - t.start;

	for (i = 0; i < sizeof seps / sizeof *seps; i++)
		if (strlen(seps[i]) == len &&
		    memcmp(s + t.start, seps[i], len) == 0)
			return 1;
	return 0;
}

/* Digits with . , : / - between: a number, a date, a time. */
static int
is_number(const unsigned char *s, struct token t, int *dashed)
{
	int digits = 0;

	*dashed = 0;
	for (; t.start < t.end; t.start++) {
		if (s[t.start] >= '0' && s[t.start] <= '9')
			digits++;
		else if (s[t.start] == '-' || s[t.start] == '/')
			*dashed = 1;
		else if (!strchr(".,:", s[t.start]))
			return 0;
	}
	return digits > 0;
}

static int
is_debris(const unsigned char *s, struct token t)
{
	int dashed;

	return is_separator(s, t) || is_number(s, t, &dashed) ||
	    in_list(s, t, debris_words,
	    sizeof debris_words / sizeof *debris_words) ||
	    in_list(s, t, date_words, sizeof date_words / sizeof *date_words);
}

int
debris_line(const unsigned char *s, size_t start, size_t end)
{
	struct token t;
	size_t p = start;
	int n = 0;

	while (next_token(s, &p, end, &t)) {
		if (!is_debris(s, t))
			return 0;
		n++;
	}
	return n > 0;
}

void
debris_trim(const unsigned char *s, size_t *start, size_t *end,
    size_t date[2])
{
	struct token t;
	size_t p = *start, text = *start, cut = *end;
	int dashed, seen_text = 0;

	if (debris_line(s, *start, *end))
		return;
	/* leading dates, separators, and date labels before one of them
	 * ("Vandaag in de politiek" keeps its "Vandaag") */
	while (next_token(s, &p, *end, &t)) {
		struct token after;
		size_t q = p;

		if (is_number(s, t, &dashed) && dashed) {
			if (t.end - t.start == 10 && s[t.start + 4] == '-') {
				date[0] = t.start;
				date[1] = t.end;
			}
		} else if (!is_separator(s, t) && !(in_list(s, t, date_words,
		    sizeof date_words / sizeof *date_words) &&
		    next_token(s, &q, *end, &after) &&
		    (is_separator(s, after) || (is_number(s, after, &dashed) &&
		    dashed)))) {
			break;
		}
		text = p;
	}
	/* the first separator after the last word of text, when all that
	 * follows it is debris */
	for (p = text; next_token(s, &p, *end, &t);) {
		if (!is_debris(s, t)) {
			seen_text = 1;
			cut = *end;
		} else if (seen_text && cut == *end && is_separator(s, t)) {
			cut = t.start;
		}
	}
	*start = text;
	*end = cut;
	text_trim(s, start, end);
}
