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

/* The function keys the reader's rooms interpret themselves, numbered as
 * curses numbers them (keymap.c checks these against curses.h when it is
 * compiled), so that only the terminal's files need include curses. */
#define KEYMAP_DOWN KEYMAP_FN(0402)
#define KEYMAP_UP KEYMAP_FN(0403)
#define KEYMAP_BACKSPACE KEYMAP_FN(0407)
#define KEYMAP_DELETE KEYMAP_FN(0512)
#define KEYMAP_ENTER KEYMAP_FN(0527)

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
