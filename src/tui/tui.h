/* The facilitator's terminal interface. The only part of alchemy that
 * includes curses. */
#ifndef ALCHEMY_TUI_H
#define ALCHEMY_TUI_H

#include "event.h"

/* Runs until the user quits; returns an exit status. */
int tui_run(struct event *ev);
/* The same, opening note-taker mode on one table. */
int tui_run_capture(struct event *ev, int table);
/* The read-only board for a projector; a page of names shows for
 * page_seconds before the next. */
int tui_run_board(struct event *ev, int page_seconds);

#endif
