/* One interface for every screen (tig's struct view_ops): the main loop
 * asks the top view to draw and hands it actions; handlers change state and
 * return what must happen next (htop's Htop_Reaction). */
#ifndef ALCHEMY_VIEW_H
#define ALCHEMY_VIEW_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "actions.h"
#include "day.h"
#include "score.h"
#include "table_mix.h"

enum reaction {
	REACT_NONE = 0,
	REACT_REDRAW = 1 << 0,  /* the view's content changed */
	REACT_CLOSE = 1 << 1,   /* pop this view */
	REACT_QUIT = 1 << 2,
};

struct tui;
struct view;

/* An action as one view shows it in its help and footer. */
struct view_action {
	enum action action;
	const char *group;      /* help heading */
	const char *footer;     /* footer label; NULL: not in the footer */
	const char *help;       /* what it does here; NULL: the key table's words */
	const char *keys;       /* the keys that do it here, for help; NULL: every key bound to it */
};

struct view_ops {
	const char *title;
	bool fullscreen;    /* draws the whole screen: no header, no footer (the board) */
	void (*open)(struct view *v);
	/* Draws rows [top, top + height) of the screen. */
	void (*draw)(struct view *v, int top, int height);
	enum reaction (*handle)(struct view *v, enum action a, int key);
	void (*close)(struct view *v);
	/* Following other desks: id_at names what line `line` shows (a table, a
	 * person, an idea), NULL for none; after the files are reread, reread
	 * rebuilds what the view holds, and the line with the id selected
	 * before is selected again (indexes may shift). Either may be NULL. */
	const char *(*id_at)(struct view *v, int line);
	void (*reread)(struct view *v);
	/* Called on each tick of the input wait (a few times a second) with no
	 * key pressed: for what a view does by itself. May be NULL. */
	enum reaction (*tick)(struct view *v);
	/* True while every key is text for the view (a search being typed):
	 * the keys' actions neither filter nor refuse them. May be NULL. */
	bool (*typing)(struct view *v);
	/* What this view does, for its help (?) and footer; NULL: every action,
	 * as the key table says. */
	const struct view_action *actions;
	size_t actions_count;
	/* The footer's keys when they differ from the general ones (help still
	 * lists every key): what this screen is for. NULL: as above. */
	const struct view_action *footer;
	size_t footer_count;
};

struct view {
	const struct view_ops *ops;
	struct tui *tui;
	int lines;          /* how many lines the content has */
	int selected;       /* selected line */
	int offset;         /* first line shown */
	int page;           /* lines shown at the last draw */
	int table;          /* table detail: which table */
	void *data;         /* view-specific state */
	char anchor[256];   /* what was selected before a reread (an id) */
	char table_id[EVENT_MAX_ID_BYTES + 1];      /* table detail: v->table by id, across a reread */
};

/* State every view shares: the day, and the seating shown. */
struct tui {
	struct day dy;
	int round;                  /* the plan's round shown (0: the one changes go to) */
	int *table_of;              /* delegate -> table index, -1 unseated, in that round */
	int *table_theme;           /* table -> theme index, -1 none yet, in that round */
	struct table_mixes mixes;
	int *locked_count;          /* per table */
	/* Walk-ins who may be someone else here (day_twice_here), in the
	 * state the day is in: per delegate the other, or -1; the warnings. */
	int *twin_of;
	int *twice_count;           /* per table: how many of those sit there */
	struct diag_list twice;
	/* The delegate marked for a swap, by id ("" none): indexes shift when
	 * the roster is reread, an id names the same person or nobody. */
	char swap_mark[EVENT_MAX_ID_BYTES + 1];
	char swap_mark_name[256];   /* to say so when they leave the roster */
	size_t plan_warned;         /* free seats of people gone, as last said */
	size_t journal_warned;      /* journal records skipped, as last said */
	size_t twice_warned;        /* people who may be here twice, as last said */
	unsigned long twice_heard;  /* a hash of those messages, as last reread */
	uint64_t ideas_stamp;       /* of the ideas journals as last read (stamp.h) */
	int board_seconds;          /* the board: how long a page shows */
	char status[512];           /* one-line message for the footer */
	bool status_is_error;
	bool status_is_outside;     /* the status names another device's change */
	bool status_is_twice;       /* the status is a 'may be here twice' */
	bool status_is_unread;      /* the status says the files did not read */
	bool board;                 /* the projector's board: says no warnings */
	bool note_taker;            /* started as alchemy capture: capture is all there is */
};

/* Records the page height and scrolls so the selection is visible. */
void view_scroll_to_selection(struct view *v, int rows);
/* Moves the selection for the movement actions; returns REACT_NONE for others. */
enum reaction view_move(struct view *v, enum action a);
void tui_push(struct tui *t, const struct view_ops *ops, int table);

/* One change of the day, whole: the core takes the lock, reads what other
 * desks wrote, checks the operation's rule and appends it to this device's
 * journal. The footer then says `what` (NULL: the core's own words) with
 * the figures before and after, or why it was refused or NOT SAVED.
 * Returns true when it is saved. */
bool tui_change(struct tui *t, const char *what, const struct day_op *op);
/* What the last change did (figures, a walk-in's id). */
const struct day_result *tui_result(void);
void tui_status(struct tui *t, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Reads a line at the bottom of the screen; false when cancelled (Esc). */
bool tui_prompt(struct tui *t, const char *label, char *buf, size_t size);
/* Asks a yes-or-no question on the footer: one key, y is yes, anything else no. */
bool tui_confirm(struct tui *t, const char *question);
/* Draws the whole screen again (after a resize), or the "terminal too
 * small" screen. */
void tui_redraw(struct tui *t);
/* Rereads the files (another terminal may have changed them). */
void tui_reload(struct tui *t);
/* When the files changed since they were last read (or always, with
 * force): rereads them and has every open view follow, keeping its
 * selection. Returns true when it reread. */
bool tui_follow(struct tui *t, bool force);
/* The delegate marked for a swap, -1 none (or no longer in the roster). */
int tui_swap_mark(const struct tui *t);
/* Recomputes the seating and mixes after the day changed. */
void tui_refresh_seating(struct tui *t);
void tui_undo(struct tui *t, bool redo);

/* One delegate as a line of a list (view_table.c). */
void draw_delegate_line(const struct tui *t, int y, int i, bool selected, bool show_table);
/* Move, swap, lock and attendance of delegate i (view_table.c). */
enum reaction delegate_action(struct tui *t, int i, enum action a);

/* The tables overview's warnings: the words it shows (the brief ones
 * where its column is narrow) and what each means, for help's legend, so
 * the screen and help cannot drift apart. */
enum table_warning {
	WARN_OVER_CAPACITY,
	WARN_KEEP_APART,
	WARN_NEED_UNMET,
	WARN_TWICE,
	WARN_ROLES_MISSING,
	WARN_ORG_CLASH,
	WARN_LOCKED,
	WARN_KINDS
};
struct table_warning_words {
	const char *full, *brief, *meaning;
};
extern const struct table_warning_words table_warning_words[WARN_KINDS];

extern const struct view_ops tables_view_ops;
extern const struct view_ops table_view_ops;
extern const struct view_ops delegates_view_ops;
extern const struct view_ops repair_view_ops;
extern const struct view_ops capture_view_ops;
extern const struct view_ops help_view_ops;
extern const struct view_ops board_view_ops;
/* Help for a view with its own actions (capture): only those. */
extern const struct view_ops capture_help_view_ops;

#endif
