/* Terminal set-up and tear-down, colours, and width-aware drawing. */
#ifndef ALCHEMY_SCREEN_H
#define ALCHEMY_SCREEN_H

#include <stdbool.h>

#define SCREEN_MIN_COLS 80
#define SCREEN_MIN_LINES 24

enum colour {
	COLOUR_NORMAL,
	COLOUR_TITLE,       /* header and footer bars */
	COLOUR_HEADING,     /* column headings */
	COLOUR_SELECTED,
	COLOUR_WARNING,
	COLOUR_DIM,
	COLOUR_ROLE_FIRST,  /* roles cycle through the colours from here */
	COLOUR_ROLE_COUNT = 6,
};

void screen_open(void);
void screen_close(void);
bool screen_has_colour(void);
/* Attributes for a colour: with NO_COLOR set, bold/reverse/dim stand in. */
int screen_attr(enum colour c);
int screen_role_attr(int role);
bool screen_too_small(void);
void screen_draw_too_small(void);
/* The same, saying what happens meanwhile instead of "or q to quit". */
void screen_draw_too_small_while(const char *meanwhile);
/* Writes s at (y, x), cut to cols display columns and padded to them. */
void screen_text(int y, int x, int cols, const char *s, int attr);
void screen_text_right(int y, int x, int cols, const char *s, int attr);
/* SIGHUP (the terminal closed) or SIGTERM came: leave, keeping drafts. */
bool screen_hung_up(void);
/* A yes/no question on line y, answered with one key: y (or Y) is yes,
 * any other key no. Every confirmation asks this way. */
bool screen_ask_yes(int y, const char *question);
/* Restores the terminal, prints the message and exits (tig's die()). */
void screen_die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

#endif
