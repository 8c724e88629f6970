/* prompt.c - the prompts' one-line editor and its history (see
 * prompt.h).
 *
 * The width of the line is kept as a list of cells, so that a key only
 * measures the cell it touches: appending re-measures the last cell
 * (which a combining mark, a joined emoji or the second half of a flag
 * joins) and the new character; deleting drops the cells past the new
 * end and re-measures the last one left.  White space is a cell per
 * character (text_next_unit() would make a run one unit, and re-measure
 * the whole run at every space of a paste).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "prompt.h"
#include "text.h"

#define CTRL(c) ((c) & 0x1f)

/* Is the character at s[0..n) breaking white space? */
static int
white_at(const unsigned char *s, size_t n, size_t *len)
{
	uint32_t cp;
	int w;

	*len = text_decode(s, n, &cp, &w);
	/* a line break, a tab, other breaking space (text.h) */
	return w == -1 || w == -2 || w == -4;
}

/* Drop the cells from index from on and measure the text they covered,
 * and whatever follows, anew. */
static void
measure(struct prompt *p, size_t from)
{
	const unsigned char *s = (const unsigned char *)p->text.data;
	size_t end = p->text.len, pos, k, len, next;
	struct text_unit u;

	if (from < p->ncells) {
		for (k = from; k < p->ncells; k++)
			p->width -= p->cells[k].width;
		p->covered = p->cells[from].pos;
		p->ncells = from;
	}
	for (pos = p->covered; pos < end; pos = next) {
		if (white_at(s + pos, end - pos, &len))
			next = text_next_unit(s, pos + len, pos, (int)p->width,
			    &u);
		else
			next = text_next_unit(s, end, pos, (int)p->width, &u);
		GROW(p->cells, p->cap, p->ncells + 1);
		p->cells[p->ncells].pos = pos;
		p->cells[p->ncells].width = u.width;
		p->ncells++;
		p->width += u.width;
	}
	p->covered = end;
}

/* Cut the line to len bytes (a character's boundary). */
static void
cut(struct prompt *p, size_t len)
{
	size_t k = p->ncells;

	p->text.len = len;
	p->text.data[len] = '\0';
	if (p->covered > len)
		p->covered = len;
	while (k > 0 && p->cells[k - 1].pos >= len) {
		p->width -= p->cells[k - 1].width;
		k--;
	}
	p->ncells = k;
	/* the last cell left may have lost its combining marks */
	measure(p, k ? k - 1 : 0);
}

void
prompt_free(struct prompt *p)
{
	buf_free(&p->text);
	free(p->cells);
	memset(p, 0, sizeof *p);
}

const char *
prompt_text(const struct prompt *p)
{
	return p->text.data ? p->text.data : "";
}

void
prompt_set(struct prompt *p, const char *s, size_t len)
{
	p->full = 0;
	if (len > PROMPT_MAX) {
		len = PROMPT_MAX;
		/* not inside a UTF-8 sequence */
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
		p->full = 1;
	}
	p->text.len = 0;
	buf_add(&p->text, s, len);
	p->ncells = 0;
	p->covered = 0;
	p->width = 0;
	measure(p, 0);
}

enum prompt_result
prompt_key(struct prompt *p, int key)
{
	const char *t;
	size_t len, old;

	buf_add(&p->text, "", 0);
	t = p->text.data;
	len = p->text.len;
	switch (key) {
	case 127: case 8: case KEYMAP_BACKSPACE:
		while (len && (t[len - 1] & 0xC0) == 0x80)
			len--;
		if (len)
			len--;
		break;
	case CTRL('U'):
		len = 0;
		break;
	case CTRL('W'):
		while (len && t[len - 1] == ' ')
			len--;
		while (len && t[len - 1] != ' ')
			len--;
		break;
	default:
		if (key < 32 || key == 127 || key >= 0x110000 ||
		    (key >= 0x80 && key < 0xA0))
			return PROMPT_IGNORED;  /* not text */
		old = p->text.len;
		text_put_cp(&p->text, (uint32_t)key);
		if (p->text.len > PROMPT_MAX) {
			cut(p, old);
			p->full = 1;
			return PROMPT_FULL;
		}
		p->full = 0;
		/* the new character may join the last cell */
		measure(p, p->ncells ? p->ncells - 1 : 0);
		return PROMPT_CHANGED;
	}
	p->full = 0;
	cut(p, len);
	return PROMPT_CHANGED;
}

size_t
prompt_tail(const struct prompt *p, int cols)
{
	size_t k = p->ncells;
	long w = 0;

	while (k > 0 && w + p->cells[k - 1].width <= cols) {
		w += p->cells[k - 1].width;
		k--;
	}
	return k < p->ncells ? p->cells[k].pos : p->text.len;
}

void
prompt_history_add(struct prompt_history *h, const char *line)
{
	if (*line && !(h->n && strcmp(h->v[h->n - 1], line) == 0)) {
		if (h->n == PROMPT_HISTORY_MAX) {
			free(h->v[0]);
			memmove(h->v, h->v + 1, (PROMPT_HISTORY_MAX - 1) *
			    sizeof *h->v);
			h->n--;
		}
		h->v = xreallocarray(h->v, h->n + 1, sizeof *h->v);
		h->v[h->n++] = xstrdup(line);
	}
	h->pos = h->n;
}

void
prompt_history_rewind(struct prompt_history *h)
{
	h->pos = h->n;
}

int
prompt_history_step(struct prompt_history *h, struct prompt *p, int older)
{
	const char *line;

	if (older ? h->pos == 0 : h->pos >= h->n)
		return 0;
	h->pos += older ? (size_t)-1 : 1;
	line = h->pos < h->n ? h->v[h->pos] : "";
	prompt_set(p, line, strlen(line));
	return 1;
}

void
prompt_history_free(struct prompt_history *h)
{
	while (h->n)
		free(h->v[--h->n]);
	free(h->v);
	memset(h, 0, sizeof *h);
}
