/* action.h - everything a user can ask for, as one list.
 *
 * The list yields the action enum, the names used in the config file and
 * the help screen's descriptions; keymap.c binds keys to them.
 */
#ifndef DOSSIER_ACTION_H
#define DOSSIER_ACTION_H

#define ACTIONS(X) \
	X(QUIT,        "quit",         "quit") \
	X(FOCUS,       "focus",        "move the focus between the list and the text") \
	X(DOWN,        "down",         "next article (list) / scroll down a line (text)") \
	X(UP,          "up",           "previous article (list) / scroll up a line (text)") \
	X(PAGE_DOWN,   "page-down",    "page down; at the end, the next article") \
	X(PAGE_UP,     "page-up",      "page up") \
	X(TOP,         "top",          "first article (list) / top of the article (text)") \
	X(BOTTOM,      "bottom",       "last article (list) / bottom of the article (text)") \
	X(OPEN,        "open",         "open the selected article and read it") \
	X(NEXT_ARTICLE, "next-article", "open the next article") \
	X(PREV_ARTICLE, "prev-article", "open the previous article") \
	X(FOLD,        "fold",         "fold or unfold the section of the list's selection") \
	X(FOLD_CLOSE,  "fold-close",   "list: fold the selection's section, onto its header") \
	X(FOLD_OPEN,   "fold-open",    "list: unfold the selected section") \
	X(FOLD_ALL,    "fold-all",     "fold every section, or unfold all if all are") \
	X(BACK,        "back",         "back to where the last jump came from") \
	X(FORWARD,     "forward",      "forward again, after going back") \
	X(COMMAND,     "command",      "a command: a number opens that article") \
	X(NEXT_UNREAD, "next-unread",  "open the next unread article") \
	X(TOGGLE_READ, "toggle-read",  "mark the article read or unread") \
	X(SEARCH,      "search",       "search forward, as you type") \
	X(SEARCH_BACK, "search-back",  "search backward, as you type") \
	X(NEXT_MATCH,  "next-match",   "next match, across articles") \
	X(PREV_MATCH,  "prev-match",   "previous match, across articles") \
	X(RESULTS,     "results",      "the list of every match, in context (Enter opens one)") \
	X(FILTER,      "filter",       "list only the articles with matches (toggle)") \
	X(MARK,        "mark",         "bookmark the top line, or the match just found") \
	X(BOOKMARKS,   "bookmarks",    "list bookmarks (Enter jumps, d deletes, u undoes, r renames)") \
	X(PIPE,        "pipe",         "read the article in $PAGER (else less), then come back") \
	X(SIDE,        "side-pane",    "show or hide the article list") \
	X(REDRAW,      "redraw",       "redraw the screen") \
	X(HELP,        "help",         "this help")

enum action {
	ACT_NONE,
#define X(id, name, help) ACT_##id,
	ACTIONS(X)
#undef X
	ACT_COUNT
};

const char *action_name(enum action a);
const char *action_help(enum action a);
/* ACT_NONE when no action has that name. */
enum action action_by_name(const char *name);

#endif
