/* doc.h - one article: its original bytes and the structure found in them.
 *
 * A document is read-only once built.  It owns the original bytes; every
 * derived thing (header fields, paragraphs, headings) points back into them
 * by byte offset, so a position in the document is simply a source byte.
 */
#ifndef DOSSIER_DOC_H
#define DOSSIER_DOC_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct cache;
struct fold_text;

/* A file as it was read: what the cache checks it against.  All 0 when
 * unknown (a document made from bytes). */
struct doc_stamp {
	uint64_t ino, size;
	int64_t mtime_ns, ctime_ns;
};

enum para_kind {
	PARA_TITLE,    /* the headline shown on top */
	PARA_TEXT,
	PARA_HEADING,  /* a subheading between paragraphs */
	PARA_ITEM,     /* a list item: starts with its bullet or number */
	PARA_QUOTE,    /* a block quote: its '>' marks are not shown */
	PARA_RULE      /* a separator ("* * *", "---"): drawn as a rule */
};

/* A paragraph: the source bytes [start, end) with no leading or trailing
 * white space.  Line breaks inside it are soft (shown as spaces). */
struct para {
	size_t start, end;
	enum para_kind kind;
	uint16_t indent;   /* columns before it: a nested item's relative
	                    * indent, a quote's depth */
	uint8_t hang;      /* an item's later lines start this much further
	                    * in: under its text, not under its bullet */
	uint8_t tight;     /* follows the paragraph before with no blank
	                    * line (items of one list, lines of one quote) */
};

struct doc {
	char *path;             /* as found, for messages and --list */
	char *name;             /* the file name: the article's identity */
	unsigned char *src;     /* the original bytes, NUL-terminated */
	size_t len;
	size_t body;            /* first byte after the BOM and the header */
	char *title;            /* safe UTF-8, never empty ("(untitled)") */
	char *date;             /* YYYY-MM-DD from the header, or NULL */
	char *source, *author;  /* safe UTF-8 from the header, or NULL */
	const char *encoding;   /* static: what the file was decoded from
	                         * ("Windows-1252", "UTF-16LE", "UTF-16BE"),
	                         * or NULL when it was read as UTF-8.  src,
	                         * every offset and fp are of the decoded
	                         * text, which has the characters of the
	                         * file, one for one */
	struct para *paras;     /* the title first (if any), then the body */
	size_t npara;
	struct fold_text *fold; /* the search copy; NULL until doc_index() */
	uint64_t fp;            /* util_hash64() of the bytes: the dotfile's
	                         * fingerprint, made where it is read */

	/* For a dossier loading in the background (dossier.h): read and
	 * written only atomically.  A document made by doc_init() is loaded
	 * (state 0) and not indexed (istate 0). */
	int state;              /* enum doc_state */
	int istate;             /* 0 not indexed, 1 indexing, 2 indexed */
	char *error;            /* DOC_FAILED: why it could not be read */

	struct doc_stamp stamp; /* the file as read (doc_load()), or as the
	                         * cache knew it (DOC_CACHED) */
	struct cache *cache;    /* the cache of the folder it was found
	                         * under, or NULL (dossier_use_cache()) */
	size_t cslot;           /* its slot in that cache */
	int from_cache;         /* its title and search copy came from the
	                         * cache (they need not be written again) */
	int shared_path;        /* path and name lie in one block for all
	                         * articles (walkcache.c): doc_free() leaves
	                         * them to its owner */
};

enum doc_state {
	DOC_LOADED,     /* every field above is valid */
	DOC_UNLOADED,   /* only path and name are set */
	DOC_LOADING,    /* a thread is reading it */
	DOC_FAILED,     /* could not be read: error says why */
	DOC_CACHED      /* title, date, fp, len, encoding, stamp and the
	                 * search copy (istate 2) come from the cache; the
	                 * text is not read yet (src NULL, no paras) */
};

/* Longest derived title, in display columns. */
#define DOC_TITLE_COLS 80

/* Read and parse the file at path.  Returns 0, or -1 with "WHY" (the
 * system's reason) in err; d is then empty and needs no doc_free(). */
int doc_load(struct doc *d, const char *path, char *err, size_t errlen);

/* Fill st from a stat() of the file. */
struct stat;
void doc_stamp_of(struct doc_stamp *st, const struct stat *sb);

/* Parse src[0..len) (taking ownership of src, which must have room for a
 * NUL at src[len]) as the article named name at path.  A file that is not
 * UTF-8 is decoded first (doc_encoding()); src may then be freed and
 * replaced.  Never fails. */
void doc_init(struct doc *d, const char *path, unsigned char *src, size_t len);
/* Only what a search needs (doc_index() and the lines of its matches):
 * the text, decoded, and its paragraphs; no fingerprint, no title, no
 * headings (a search that counts needs no layout and no widths). */
void doc_init_text(struct doc *d, const char *path, unsigned char *src,
    size_t len);

/* What doc_init() would try to decode s[0..len) from: "UTF-16LE" or
 * "UTF-16BE" after a byte-order mark; "Windows-1252" when the bytes are
 * not UTF-8 and hold more invalid sequences than valid multi-byte
 * characters (a UTF-8 file with a stray byte stays UTF-8, its stray byte
 * U+FFFD); NULL for UTF-8.  Windows-1252 is only a candidate: a file with
 * a byte that Windows-1252 leaves undefined is read as UTF-8 after all. */
const char *doc_encoding(const unsigned char *s, size_t len);

void doc_free(struct doc *d);

/* Append d's title to b uncut, where d->title may end in "…": the whole
 * Title: header, or the first sentence (else the whole first line) of an
 * article without one.  Safe UTF-8 on one line.  For --list. */
void doc_full_title(const struct doc *d, struct buf *b);

/* Free the text and all that was found in it, keeping the path, the
 * name and any error: the document is DOC_UNLOADED again.  Only when no
 * other thread uses it. */
void doc_release(struct doc *d);

/* Build d->fold, the folded copy of its paragraphs, if not yet built. */
void doc_index(struct doc *d);

/* A place in the source counted in lines (LF, CRLF or a lone CR) and
 * characters, moved forward with doc_advance(): walking from match to
 * match costs one pass over the text, however many matches a line holds. */
struct doc_pos {
	size_t off;             /* the source byte */
	size_t line;            /* its line, from 1 */
	size_t line_start;      /* where that line starts */
	size_t col;             /* characters from line_start to off */
};
#define DOC_POS_START { 0, 1, 0, 0 }

/* Move p forward to source byte to (never back). */
void doc_advance(const struct doc *d, struct doc_pos *p, size_t to);

/* 1-based line and character column of source byte off. */
void doc_line_col(const struct doc *d, size_t off, size_t *line, size_t *col);

#endif
