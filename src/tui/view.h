/* One interface for every screen (tig's struct view_ops): the main loop
 * asks the top view to draw and hands it actions; handlers change state and
 * return what must happen next (htop's Htop_Reaction). */
#ifndef ALCHEMY_VIEW_H
#define ALCHEMY_VIEW_H

#include "actions.h"
#include "event.h"
#include "table_mix.h"

enum reaction {
	REACT_NONE = 0,
	REACT_REDRAW = 1 << 0,  /* the view's content changed */
	REACT_CLOSE = 1 << 1,   /* pop this view */
	REACT_QUIT = 1 << 2,
};

struct tui;
struct view;

struct view_ops {
	const char *title;
	void (*open)(struct view *v);
	/* Draws rows [top, top + height) of the screen. */
	void (*draw)(struct view *v, int top, int height);
	enum reaction (*handle)(struct view *v, enum action a, int key);
	void (*close)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	struct tui *tui;
	int lines;          /* how many lines the content has */
	int selected;       /* selected line */
	int offset;         /* first line shown */
	int page;           /* lines shown at the last draw */
};

/* State every view shares: the event and the seating shown. */
struct tui {
	struct event *ev;
	int *table_of;              /* delegate -> table index, -1 unseated */
	int *table_theme;           /* table -> theme index, -1 none yet */
	struct table_mixes mixes;
	bool has_plan;
	char status[256];           /* one-line message for the footer */
};

/* Records the page height and scrolls so the selection is visible. */
void view_scroll_to_selection(struct view *v, int rows);
/* Moves the selection for the movement actions; returns REACT_NONE for others. */
enum reaction view_move(struct view *v, enum action a);
void tui_push(struct tui *t, const struct view_ops *ops);

extern const struct view_ops tables_view_ops;
extern const struct view_ops help_view_ops;

#endif
