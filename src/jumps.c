/* jumps.c - the history of jumps (see jumps.h): a bounded list with a
 * position, in which the place being left is always written back, so
 * that back and forth return exactly where the reader was. */
#include "config.h"

#include <string.h>

#include "jumps.h"

static int
same(struct jump a, struct jump b)
{
	return a.doc == b.doc && a.byte == b.byte;
}

/* Append p, dropping the oldest place when full (pos follows). */
static void
append(struct jumps *j, struct jump p)
{
	if (j->n == JUMPS_MAX) {
		memmove(j->v, j->v + 1, (JUMPS_MAX - 1) * sizeof *j->v);
		j->n--;
		if (j->pos)
			j->pos--;
	}
	j->v[j->n++] = p;
}

void
jumps_push(struct jumps *j, struct jump here)
{
	if (j->pos < j->n)
		j->n = j->pos;  /* what was ahead is forgotten */
	if (!j->n || !same(j->v[j->n - 1], here))
		append(j, here);
	j->pos = j->n;
}

int
jumps_back(struct jumps *j, struct jump here, struct jump *to)
{
	if (j->pos == 0 || !j->n)
		return 0;
	if (j->pos >= j->n) {
		/* leaving the newest place: keep it, for forward */
		if (same(j->v[j->n - 1], here)) {
			if (j->n == 1)
				return 0;  /* only here */
			j->pos = j->n - 1;
		} else {
			j->pos = j->n;
			append(j, here);
			j->pos = j->n - 1;
		}
	} else {
		j->v[j->pos] = here;
	}
	j->pos--;
	*to = j->v[j->pos];
	return 1;
}

int
jumps_forward(struct jumps *j, struct jump here, struct jump *to)
{
	if (j->pos + 1 >= j->n)
		return 0;
	j->v[j->pos] = here;
	j->pos++;
	*to = j->v[j->pos];
	return 1;
}
