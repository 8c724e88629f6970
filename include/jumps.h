/* jumps.h - the places a reader jumped from, to go back and forth (C-o
 * and C-t), as a browser's history: a bounded list and a position in it.
 *
 * Pure: places in, places out; no terminal, no articles.  A place is an
 * article and the source byte on top of its pane, so that going back
 * lands on exactly the line that was shown, at any width.
 */
#ifndef DOSSIER_JUMPS_H
#define DOSSIER_JUMPS_H

#include <stddef.h>

/* Places kept; the oldest go first. */
#define JUMPS_MAX 100

struct jump {
	size_t doc;             /* the article */
	size_t byte;            /* the source byte on top */
};

/* All zero is an empty history; it owns no memory. */
struct jumps {
	struct jump v[JUMPS_MAX];   /* oldest first */
	size_t n;
	size_t pos;             /* the place being read; n: a new one, not
	                         * in v yet */
};

/* A jump leaves here: remember it, and forget the places that were
 * ahead of it (a new branch, as in a browser).  The same place twice in
 * a row is kept once. */
void jumps_push(struct jumps *j, struct jump here);
/* Back from here: sets *to and returns 1; here is remembered so that
 * jumps_forward() comes back to it.  0 when there is nothing before. */
int jumps_back(struct jumps *j, struct jump here, struct jump *to);
/* Forward again from here after jumps_back(); 0 when there is nothing
 * ahead. */
int jumps_forward(struct jumps *j, struct jump here, struct jump *to);

#endif
