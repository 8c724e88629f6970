/* debris.h - page debris: what a web page puts around an article and a
 * saved copy keeps ("Share", "Lees verder", "Advertisement", a date,
 * "Vandaag • leestijd 3 minuten • bewaren").
 *
 * Used only to choose the title: a line is debris when every word of it
 * is a debris word, a number or date, or a separator such as '•'.  The
 * rule is small on purpose; anything it is unsure of is text.
 */
#ifndef DOSSIER_DEBRIS_H
#define DOSSIER_DEBRIS_H

#include <stddef.h>

/* Is the line s[start, end) nothing but debris (and not empty)? */
int debris_line(const unsigned char *s, size_t start, size_t end);

/* Narrow a title line s[*start, *end) past debris at its ends: leading
 * date words and dates ("date 2025-11-22"), and trailing parts after a
 * separator that are all debris ("… • Vandaag • 62 keer bekeken").  A
 * line that is all debris is left as it is.  *date is set to the leading
 * date token's range when there was one (else left alone). */
void debris_trim(const unsigned char *s, size_t *start, size_t *end,
    size_t date[2]);

#endif
