/* marker.c - recognising list bullets, quote marks and separator lines. */
#include "config.h"

#include <string.h>

#include "marker.h"
#include "text.h"

/* Columns of the white space s[*p, end) (tabs to the next stop), and *p
 * moved past it. */
static int
skip_blanks(const unsigned char *s, size_t *p, size_t end, int col)
{
	while (*p < end && (s[*p] == ' ' || s[*p] == '\t')) {
		col = s[*p] == '\t' ? col + TEXT_TABSTOP - col % TEXT_TABSTOP :
		    col + 1;
		(*p)++;
	}
	return col;
}

static int
is_bullet(uint32_t cp)
{
	switch (cp) {
	case '-': case '*': case 0x2022: case 0x2013: case 0xB7:
	case 0x25AA:
		return 1;
	default:
		return 0;
	}
}

/* Nothing but one of * - _ = three times or more, blanks between. */
static int
is_rule(const unsigned char *s, size_t start, size_t end)
{
	unsigned char c = s[start];
	int n = 0;

	if (c != '*' && c != '-' && c != '_' && c != '=')
		return 0;
	for (; start < end; start++) {
		if (s[start] == c)
			n++;
		else if (s[start] != ' ' && s[start] != '\t')
			return 0;
	}
	return n >= 3;
}

/* The bullet or number at s[p]: its end, or 0 when there is none.  A
 * number has one to three digits ("2025. Het jaar" is a sentence), a
 * letter only a ')' ("A. Smith" is a name). */
static size_t
item_mark(const unsigned char *s, size_t p, size_t end, int *number)
{
	uint32_t cp;
	int w;
	size_t q = p;

	*number = 0;
	if (s[p] >= '0' && s[p] <= '9') {
		while (q < end && q - p < 4 && s[q] >= '0' && s[q] <= '9')
			*number = *number * 10 + (s[q++] - '0');
		if (q - p > 3 || q >= end || (s[q] != '.' && s[q] != ')') ||
		    *number == 0)
			return 0;
		return q + 1;
	}
	if (((s[p] | 0x20) >= 'a' && (s[p] | 0x20) <= 'z') && p + 1 < end &&
	    s[p + 1] == ')') {
		*number = (s[p] | 0x20) - 'a' + 1;
		return p + 2;
	}
	q = p + text_decode(s + p, end - p, &cp, &w);
	return is_bullet(cp) ? q : 0;
}

int
marker_may(const unsigned char *s, size_t start, size_t end)
{
	while (start < end && (s[start] == ' ' || s[start] == '\t'))
		start++;
	if (start >= end)
		return 0;
	/* '-' '*' '>' '_' '=', a digit, a letter and ')', or the lead byte
	 * of a bullet: U+00B7, U+2013, U+2022, U+25AA */
	return (s[start] && strchr("-*>_=", s[start])) || (s[start] >= '0' &&
	    s[start] <= '9') || s[start] == 0xC2 || s[start] == 0xE2 ||
	    (start + 1 < end && s[start + 1] == ')');
}

void
marker_read(const unsigned char *s, size_t start, size_t end,
    struct marker *m)
{
	size_t p = start, q;
	int col, number;

	memset(m, 0, sizeof *m);
	m->lead = skip_blanks(s, &p, end, 0);
	m->start = m->text = p;
	m->end = end;
	text_trim(s, &m->text, &m->end);
	if (m->text >= m->end)
		return;
	m->start = m->text;
	if (is_rule(s, m->start, m->end)) {
		m->kind = MARK_RULE;
		return;
	}
	if (s[p] == '>') {
		while (p < end && s[p] == '>') {
			m->depth++;
			p++;
			q = p;
			skip_blanks(s, &q, end, 0);
			if (q < end && s[q] == '>')
				p = q;
		}
		m->kind = MARK_QUOTE;
		m->text = p;
		m->end = end;
		text_trim(s, &m->text, &m->end);
		return;
	}
	q = item_mark(s, p, end, &number);
	if (!q || q >= end || (s[q] != ' ' && s[q] != '\t'))
		return;
	/* the column its text starts at, counted from the bullet (each
	 * bullet one column wide, a number's characters ASCII) */
	col = skip_blanks(s, &q, end, number ? (int)(q - p) : 1);
	if (q >= m->end)
		return;
	m->text = q;
	m->kind = MARK_ITEM;
	m->number = number;
	m->hang = col > MARKER_MAX_HANG ? MARKER_MAX_HANG : col;
}

/* The last character of s[start, *end), *end moved to its start. */
static uint32_t
pop_char(const unsigned char *s, size_t start, size_t *end)
{
	uint32_t cp = 0;
	size_t p;
	int w;

	if (*end <= start)
		return 0;
	p = *end - 1;
	while (p > start && *end - p < 4 && (s[p] & 0xC0) == 0x80)
		p--;
	if (p + text_decode(s + p, *end - p, &cp, &w) != *end)
		p = *end - 1;  /* an invalid tail byte */
	*end = p;
	return cp;
}

int
marker_ends_clause(const unsigned char *s, size_t start, size_t end)
{
	uint32_t cp;

	text_trim(s, &start, &end);
	cp = pop_char(s, start, &end);
	/* past closing quotes and brackets */
	while (cp == '"' || cp == '\'' || cp == ')' || cp == 0x201D ||
	    cp == 0x2019 || cp == 0xBB || cp == ']')
		cp = pop_char(s, start, &end);
	switch (cp) {
	case '.': case '!': case '?': case ':': case ';': case 0x2026:
	case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF1A:
		return 1;
	default:
		return 0;
	}
}
