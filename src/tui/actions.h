/* Every action a key can trigger, in one X-macro table: the enum, the help
 * screen and the footer are all generated from it, so they cannot drift
 * apart (the pattern of tig's request.h).
 *   _(NAME, group, footer label or NULL, help text) */
#ifndef ALCHEMY_ACTIONS_H
#define ALCHEMY_ACTIONS_H

#define ACTION_TABLE(_) \
	_(HELP,      "General",  "Help",  "Show this help: every key, the marks and the warnings") \
	_(QUIT,      "General",  "Quit",  "Quit alchemy (nothing is lost: changes are saved as made)") \
	_(BACK,      "General",  NULL,    "Close this screen and go back") \
	_(REDRAW,    "General",  NULL,    "Reread the files and redraw; say again who may be here twice") \
	_(UNDO,      "General",  "Undo",  "Undo this terminal's last change (refused if another desk changed that person since)") \
	_(REDO,      "General",  NULL,    "Redo this terminal's last undo") \
	_(UP,        "Moving",   NULL,    "Move the selection up one line") \
	_(DOWN,      "Moving",   NULL,    "Move the selection down one line") \
	_(PAGE_UP,   "Moving",   NULL,    "Move up one page") \
	_(PAGE_DOWN, "Moving",   NULL,    "Move down one page") \
	_(FIRST,     "Moving",   NULL,    "Go to the first line") \
	_(LAST,      "Moving",   NULL,    "Go to the last line") \
	_(OPEN,      "Views",    "Open",  "Open the selected table (or a delegate's table)") \
	_(DELEGATES, "Views",    "People", "List every delegate: search, filter, check in, add walk-ins") \
	_(EXPORT,    "Views",    NULL,    "Export the report now: report.md and report.html beside the event (asks first)") \
	_(ARRIVE,    "Arrivals", NULL,    "People list or a table: mark the selected person arrived (seated if they had no seat)") \
	_(NO_SHOW,   "Arrivals", NULL,    "People list or a table: mark the selected person absent, a no-show; their seat is freed") \
	_(EXPECTED,  "Arrivals", NULL,    "People list or a table: back to expected (a mistaken arrival or no-show)") \
	_(DOORS_CLOSED, "Arrivals", NULL, "Doors closed: everyone still expected becomes absent (asks first, y/n)") \
	_(REPAIR,    "Changes",  "Repair", "Propose a repair with the fewest moves, then apply or discard it") \
	_(ADD,       "Changes",  NULL,    "People list: add a walk-in (name, organisation, role) and seat them") \
	_(MOVE,      "Changes",  NULL,    "People list or a table: move the selected delegate to another table") \
	_(SWAP,      "Changes",  NULL,    "Mark the selected delegate for a swap; on a second, swap them") \
	_(LOCK,      "Changes",  NULL,    "Lock the selected delegate to their table, or unlock") \
	_(APPLY,     "Changes",  NULL,    "Repair screen: apply the proposed repair") \
	_(SEARCH,    "People",   NULL,    "Search by name or organisation as you type") \
	_(PRESENCE,  "People",   NULL,    "Show everyone, then only those expected, arrived or absent") \
	_(ROLE,      "People",   NULL,    "Show one role after another, then every role") \
	_(AT_TABLE,  "People",   NULL,    "Show only one table's people (empty: every table)") \
	_(CAPTURE,   "Capture",  NULL,    "Capture the selected table's ideas (note-taker mode)") \
	_(KEY_POINT, "Capture",  NULL,    "Mark the selected idea as a key point, or not") \
	_(VOTE_UP,   "Capture",  NULL,    "Add a vote to the selected idea") \
	_(VOTE_DOWN, "Capture",  NULL,    "Take a vote back") \
	_(KIND,      "Capture",  NULL,    "Next kind: idea, barrier, action, question") \
	_(OWNER,     "Capture",  NULL,    "Set who owns an action") \
	_(DELETE,    "Capture",  NULL,    "Delete the selected idea (kept in the history)") \
	_(WRITE_AS,  "Capture",  NULL,    "Write under your own name, or as the table's scribe") \
	_(CLOCK,     "Stage clock", NULL, "Start or pause the stage clock, for every desk (asks first)") \
	_(NEXT_STAGE, "Stage clock", NULL, "Go to the next stage (capture: new ideas go to it)") \
	_(PREV_STAGE, "Stage clock", NULL, "Go back to the previous stage") \
	_(NEXT_ROUND, "Rounds",   NULL,    "Show the next round's seating (plans of several rounds; view only)") \
	_(PREV_ROUND, "Rounds",   NULL,    "Show the previous round's seating (round 1 is the one you change)")

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
