/* marks.h - bookmarks and reading state for the reader: what ties the
 * dotfile's records (dotfile.h, bookmarks.h) to the articles of a dossier.
 *
 * Pure: no terminal.  An article is known in the dotfile by its canonical
 * absolute path and a fingerprint of its bytes, so that no other article
 * can take its records: not a 001.txt of another folder or of another
 * dossier.  An article that moved is found again by its fingerprint (then
 * by its snippet), and its records follow it; a record whose article is
 * gone is kept, shown as missing, and never attached elsewhere.
 */
#ifndef DOSSIER_MARKS_H
#define DOSSIER_MARKS_H

#include <stddef.h>
#include <stdint.h>

#include "bookmarks.h"
#include "dossier.h"
#include "util.h"

/* Bytes of text kept as a bookmark's snippet. */
#define MARKS_SNIPPET_BYTES 48

/* The dotfile: $DOSSIER_BOOKMARKS, else $HOME/.dossier_bookmarks; NULL
 * when neither is set.  Owned by the caller. */
char *marks_default_path(void);

/* The canonical absolute path of the file at path: its folder resolved
 * (realpath) and, when the file itself is a symbolic link, the link too.
 * A path that cannot be resolved is made absolute as it is.  Owned by the
 * caller. */
char *marks_canon(const char *path);

/* The articles of a dossier by canonical path, and what is known of the
 * records' articles during one session.  Built once the dossier is
 * sorted; the dossier must outlive it.
 *
 * An article the walk found plain (ds->plain) is found through its
 * section's folder (ds->secs[].real) and its name, which are in natural
 * order there: nothing is made per article, so that building the index
 * of 100,000 articles costs what its folders cost.  The other articles
 * (links, files given as PATHs) are resolved as marks_canon() does and
 * kept in a hash table. */
struct marks_index {
	const struct dossier *ds;
	size_t n;
	char **canon;           /* per article: its canonical path once
	                         * marks_canon_of() made it, else NULL */
	size_t *secs;           /* the sections with a real folder, in
	                         * strcmp() order of it */
	size_t nsecs;
	uint64_t *table;        /* the other articles by canon: a hash table
	                         * of the path's hash (high half) and 1 +
	                         * the article (low half); 0 is a free slot */
	size_t tcap;            /* its size, a power of two */
	char *root;             /* the folder that holds every article: the
	                         * dossier's identity (LAST records) */
	unsigned char *checked; /* per article: its records were brought up
	                         * to date (marks_sync) */
	int moved_checked;      /* records of gone articles were looked for */
	size_t left;            /* records waiting for articles not read yet */
};

/* Build the index of the articles of ds: no system call for an article
 * the walk found plain, a realpath() for each other. */
void marks_index_build(struct marks_index *mx, const struct dossier *ds);
void marks_index_free(struct marks_index *mx);

/* The canonical path of article i (made at the first call, then kept
 * until marks_index_free). */
const char *marks_canon_of(struct marks_index *mx, size_t i);

/* The article whose canonical path is path, or -1. */
long marks_article(const struct marks_index *mx, const char *path);

/* Where the record's article is, for the reader. */
enum marks_where {
	MARKS_HERE,	/* an article of the dossier open now */
	MARKS_MISSING,	/* under the dossier's folder, but gone */
	MARKS_ELSEWHERE	/* another dossier's, or a version 1 record */
};
enum marks_where marks_where(const struct marks_index *mx,
    const struct bm_rec *r);

/* The ops that bring the records of set up to date with the articles:
 * version 1 records upgraded where exactly one article has that file name
 * and its fingerprint matches; bookmarks of edited articles re-anchored
 * by their snippets; records of articles that moved (their path is gone)
 * given the path of the one article with their fingerprint, or, for a
 * bookmark under the dossier's folder, of the one article holding its
 * snippet.  Each article is looked at once a session; without wait only
 * the ones read by now (mx->left counts the records that wait for the
 * others); with wait every article is read first.  Returns how many ops
 * are in *ops (owned by the caller: free each with marks_op_free, then
 * the array). */
size_t marks_sync(struct marks_index *mx, struct dossier *ds,
    const struct bm_set *set, int wait, struct bm_op **ops);

/* The snippet at off: up to MARKS_SNIPPET_BYTES source bytes of its
 * paragraph, cut at a character boundary; appended to out. */
void marks_snippet(const struct doc *d, size_t off, struct buf *out);

/* A label to offer for a bookmark at off: the first words there, made
 * safe, at most about 40 columns; appended to out. */
void marks_label(const struct doc *d, size_t off, struct buf *out);

/* A label to offer for a bookmark of a search match at off: the
 * sentence holding it (back to the end of the one before or the
 * paragraph's start, on to its own end), made safe, one line, cut to
 * about 72 columns with an ellipsis; appended to out. */
void marks_sentence(const struct doc *d, size_t off, struct buf *out);

/* An ADD op for a bookmark of d at off labelled label; the op's strings
 * are owned by it: free them with marks_op_free(). */
void marks_new(struct bm_op *op, const struct doc *d, size_t off,
    const char *label);

/* The STATE op (where d is read: offset, done) or, with d NULL, the LAST
 * op (article path opened last in the dossier mx) at time now; the op's
 * strings are owned by it (marks_op_free). */
void marks_state(struct bm_op *op, struct marks_index *mx, size_t i,
    const struct doc *d, size_t offset, int done, int64_t now);

void marks_op_free(struct bm_op *op);

/* Where the mark rec is in article d now: its offset when d is unchanged,
 * else where its snippet is now (bm_reanchor), else its old offset,
 * within the article. */
size_t marks_locate(const struct bm_rec *rec, const struct doc *d);

/* Position of off in d in percent. */
int marks_percent(const struct doc *d, size_t off);

#endif
