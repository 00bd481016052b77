/* One interface for every screen (tig's struct view_ops): the main loop
 * asks the top view to draw and hands it actions; handlers change state and
 * return what must happen next (htop's Htop_Reaction). */
#ifndef ALCHEMY_VIEW_H
#define ALCHEMY_VIEW_H

#include <stdbool.h>
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
};

struct view_ops {
	const char *title;
	void (*open)(struct view *v);
	/* Draws rows [top, top + height) of the screen. */
	void (*draw)(struct view *v, int top, int height);
	enum reaction (*handle)(struct view *v, enum action a, int key);
	void (*close)(struct view *v);
	/* What this view does, for its help (?) and footer; NULL: every action,
	 * as the key table says. */
	const struct view_action *actions;
	size_t actions_count;
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
};

/* What undo puts back: the plan's seats and the day's flags. */
struct snapshot {
	int *seat, *table_theme;
	char *checked_in, *absent;
	bool *locked;
	size_t delegates, tables;
	char what[96];
};

/* State every view shares: the day, and the seating shown. */
struct tui {
	struct day dy;
	int round;                  /* the plan's round shown (0: the one changes go to) */
	int *table_of;              /* delegate -> table index, -1 unseated, in that round */
	int *table_theme;           /* table -> theme index, -1 none yet, in that round */
	struct table_mixes mixes;
	int *locked_count;          /* per table */
	struct snapshot undo[64], redo[64];
	int undo_count, redo_count;
	int swap_mark;              /* delegate marked for a swap, -1 none */
	char status[512];           /* one-line message for the footer */
	bool status_is_error;
};

/* Records the page height and scrolls so the selection is visible. */
void view_scroll_to_selection(struct view *v, int rows);
/* Moves the selection for the movement actions; returns REACT_NONE for others. */
enum reaction view_move(struct view *v, enum action a);
void tui_push(struct tui *t, const struct view_ops *ops, int table);

/* A change: begin takes the lock and rereads the files (false: could not,
 * the footer says why); end saves, records undo and shows the figures
 * before and after; cancel releases the lock after a refused change. */
bool tui_change_begin(struct tui *t, const char *what);
void tui_change_end(struct tui *t);
void tui_change_cancel(struct tui *t, struct diag_list *d);
void tui_status(struct tui *t, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Reads a line at the bottom of the screen; false when cancelled (Esc). */
bool tui_prompt(struct tui *t, const char *label, char *buf, size_t size);
/* Rereads the files (another terminal may have changed them). */
void tui_reload(struct tui *t);
/* Recomputes the seating and mixes after the day changed. */
void tui_refresh_seating(struct tui *t);
void tui_undo(struct tui *t, bool redo);

/* One delegate as a line of a list (view_table.c). */
void draw_delegate_line(const struct tui *t, int y, int i, bool selected, bool show_table);
/* Move, swap, lock and check-in of delegate i (view_table.c). */
enum reaction delegate_action(struct tui *t, int i, enum action a);

extern const struct view_ops tables_view_ops;
extern const struct view_ops table_view_ops;
extern const struct view_ops delegates_view_ops;
extern const struct view_ops repair_view_ops;
extern const struct view_ops capture_view_ops;
extern const struct view_ops help_view_ops;
/* Help for a view with its own actions (capture): only those. */
extern const struct view_ops capture_help_view_ops;

#endif
