/* query.h - a search query of one or more terms: "blair & iraq" finds the
 * articles that hold every term.
 *
 * Pure: no I/O, no terminal.  Each term is a fold_query (fold.h): folded,
 * smart case and accents decided for that term alone.  An article's
 * matches are those of all its terms, merged in text order; an article
 * that lacks any term has none.  Thread safety as fold.h's.
 *
 * The syntax (query_parse()):
 * - terms are separated by "&" with white space on both sides (" & ");
 *   the white space around it belongs to the separator;
 * - an "&" with no white space on one side is a plain character ("AT&T");
 * - a stray "&" at either end ("blair &", "& iraq") and empty terms
 *   ("a & & b") are dropped, so a query being typed searches for what it
 *   has so far;
 * - a term starting with '"' is a phrase, in which " & " is plain text;
 *   in a query of several terms its quotes are dropped (and a closing
 *   quote at its end): "\"R & D\" & budget" is "R & D" and "budget";
 *   a query of one term is searched as typed, quotes and all (quotes in
 *   the text match them), so "\"R & D\"" finds only "R & D" in quotes;
 * - a query with no term besides these (only "&", or " & ") is one plain
 *   term, as typed.
 */
#ifndef DOSSIER_QUERY_H
#define DOSSIER_QUERY_H

#include <stddef.h>

#include "fold.h"

/* At most this many terms; more are joined to the last one as text. */
#define QUERY_MAX_TERMS 16

/* The byte ranges [start,end) of the terms of q[0,len) in *starts and
 * *ends (arrays of QUERY_MAX_TERMS), their number returned (0: the query
 * has no term).  Terms may be empty of folded characters: query_new()
 * drops those. */
size_t query_parse(const char *q, size_t len, size_t *starts, size_t *ends);

struct query;
/* Parse and fold a query; NULL when it has no term that folds to
 * something.  The caller owns the result. */
struct query *query_new(const char *q, size_t len);
void query_free(struct query *q);
size_t query_terms(const struct query *q);
const struct fold_query *query_term(const struct query *q, size_t i);

/* Every match in t of all terms, merged in source order, into *v as
 * fold_find_all() does; 0 when any term has no match.  Where matches of
 * two terms overlap, the one starting first is kept (the longer when both
 * start together): the matches never overlap. */
size_t query_find_all(const struct fold_text *t, const unsigned char *src,
    const struct query *q, struct fold_match **v, size_t *cap);
/* Only their number. */
size_t query_count(const struct fold_text *t, const unsigned char *src,
    const struct query *q);
/* Could raw src[0,len) hold a match?  fold_may_match() of every term. */
int query_may_match(const unsigned char *src, size_t len,
    const struct query *q);
/* The same test: 0 when src may match, else the bit (query_letters()) of
 * a letter of the query that src lacks, and then (utf8 not NULL) *utf8
 * whether src is valid UTF-8 throughout, as fold_missing_letter(). */
uint64_t query_missing(const unsigned char *src, size_t len,
    const struct query *q, int *utf8);

/* Does counting q's matches read the source (to verify case or accents,
 * or to merge the matches of several terms)?  Else the folded copy is
 * enough. */
int query_needs_src(const struct query *q);
/* The letters (fold_letters()) a text must hold to match q. */
uint64_t query_letters(const struct query *q);

/* A single term whose loose form is at most len bytes: a query that
 * matches nearly everywhere. */
int query_short(const struct query *q, size_t len);
/* Does new match only in articles where old matches?  Then a search for
 * new need only look where old found something. */
int query_narrows(const struct query *old, const struct query *new);

#endif
