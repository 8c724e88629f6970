/* keymap.h - which key does which action.
 *
 * Keys are encoded as get_wch() gives them: a character is its code
 * point; a function key (KEY_DOWN, KEY_F(1) ...) is KEYMAP_FN(code), so the
 * two can never be confused.
 */
#ifndef DOSSIER_KEYMAP_H
#define DOSSIER_KEYMAP_H

#include <stddef.h>

#include "action.h"
#include "util.h"

#define KEYMAP_FN(code) (0x200000 | (code))

enum action keymap_lookup(int key);
/* Bind key to act (replacing what it did).  Returns 0, or -1 when the
 * table is full. */
int keymap_bind(int key, enum action act);
/* Parse a key name as the help screen shows it ("j", "Down", "C-l",
 * "Space", "F1", "PgDn"); -1 if unknown. */
int keymap_parse(const char *name);
/* Append the name of key, as keymap_parse() reads it back. */
void keymap_key_name(int key, struct buf *out);
/* Append the names of the keys bound to act, separated by ", ". */
void keymap_describe(enum action act, struct buf *out);

#endif
