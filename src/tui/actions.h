/* Every action a key can trigger, in one X-macro table: the enum, the help
 * screen and the footer are all generated from it, so they cannot drift
 * apart (the pattern of tig's request.h).
 *   _(NAME, group, footer label or NULL, help text) */
#ifndef ALCHEMY_ACTIONS_H
#define ALCHEMY_ACTIONS_H

#define ACTION_TABLE(_) \
	_(HELP,      "General",  "Help", "Show this help, generated from the key table") \
	_(QUIT,      "General",  "Quit", "Quit alchemy (nothing is lost: changes are saved as made)") \
	_(BACK,      "General",  NULL,   "Close this screen and go back") \
	_(REDRAW,    "General",  NULL,   "Redraw the whole screen") \
	_(UP,        "Moving",   NULL,   "Move the selection up one line") \
	_(DOWN,      "Moving",   NULL,   "Move the selection down one line") \
	_(PAGE_UP,   "Moving",   NULL,   "Move up one page") \
	_(PAGE_DOWN, "Moving",   NULL,   "Move down one page") \
	_(FIRST,     "Moving",   NULL,   "Go to the first line") \
	_(LAST,      "Moving",   NULL,   "Go to the last line")

enum action {
	ACTION_NONE,
#define ACTION_ENUM(name, group, footer, help) ACTION_##name,
	ACTION_TABLE(ACTION_ENUM)
#undef ACTION_ENUM
	ACTION_COUNT
};

struct action_info {
	const char *group;
	const char *footer;     /* short label for the footer, NULL if not shown */
	const char *help;
};

extern const struct action_info action_info[ACTION_COUNT];

#endif
