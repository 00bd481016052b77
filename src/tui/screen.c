#include "screen.h"

#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"

static bool screen_active;
static bool colour_enabled;

static volatile sig_atomic_t hung_up;

static void on_hangup(int sig)
{
	(void)sig;
	hung_up = 1;
}

bool screen_hung_up(void)
{
	return hung_up != 0;
}

void screen_open(void)
{
	/* The terminal closing (SIGHUP) or a polite kill (SIGTERM): the input
	 * wait returns, and whoever is waiting keeps what was typed before
	 * leaving. Installed before initscr, so curses keeps its hands off. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_hangup;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (!initscr())
		screen_die(1, "cannot initialise the terminal (is TERM set?)");
	screen_active = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	/* NO_COLOR (no-color.org): present and not empty means no colour. */
	const char *no_colour = getenv("NO_COLOR");
	colour_enabled = !(no_colour && no_colour[0]) && has_colors();
	if (colour_enabled) {
		start_color();
		use_default_colors();
		init_pair(COLOUR_TITLE, COLOR_BLACK, COLOR_CYAN);
		init_pair(COLOUR_HEADING, COLOR_CYAN, -1);
		init_pair(COLOUR_SELECTED, COLOR_BLACK, COLOR_YELLOW);
		init_pair(COLOUR_WARNING, COLOR_RED, -1);
		init_pair(COLOUR_DIM, COLOR_BLUE, -1);
		static const short role_colours[COLOUR_ROLE_COUNT] = {
			COLOR_GREEN, COLOR_MAGENTA, COLOR_YELLOW, COLOR_CYAN, COLOR_BLUE, COLOR_RED,
		};
		for (int i = 0; i < COLOUR_ROLE_COUNT; i++)
			init_pair((short)(COLOUR_ROLE_FIRST + i), role_colours[i], -1);
	}
}

void screen_close(void)
{
	if (screen_active) {
		endwin();
		screen_active = false;
	}
}

bool screen_has_colour(void)
{
	return colour_enabled;
}

int screen_attr(enum colour c)
{
	if (colour_enabled)
		return c == COLOUR_NORMAL ? A_NORMAL : (int)COLOR_PAIR(c);
	switch (c) {
	case COLOUR_TITLE:
	case COLOUR_SELECTED:
		return A_REVERSE;
	case COLOUR_HEADING:
	case COLOUR_WARNING:
		return A_BOLD;
	case COLOUR_DIM:
		return A_DIM;
	default:
		return A_NORMAL;
	}
}

int screen_role_attr(int role)
{
	if (!colour_enabled || role < 0)
		return A_NORMAL;
	return (int)COLOR_PAIR(COLOUR_ROLE_FIRST + role % COLOUR_ROLE_COUNT);
}

bool screen_too_small(void)
{
	return COLS < SCREEN_MIN_COLS || LINES < SCREEN_MIN_LINES;
}

void screen_draw_too_small(void)
{
	screen_draw_too_small_while(", or q to quit");
}

void screen_draw_too_small_while(const char *meanwhile)
{
	erase();
	char line[128];
	snprintf(line, sizeof(line), "Terminal too small: %dx%d", COLS, LINES);
	mvaddnstr(LINES / 2 - 1 > 0 ? LINES / 2 - 1 : 0, 0, line, COLS);
	snprintf(line, sizeof(line), "alchemy needs %dx%d; enlarge it%s",
		 SCREEN_MIN_COLS, SCREEN_MIN_LINES, meanwhile);
	if ((int)strlen(line) > COLS) {
		/* Narrower still: what happens meanwhile on a line of its own, not cut off. */
		snprintf(line, sizeof(line), "alchemy needs %dx%d; enlarge it", SCREEN_MIN_COLS, SCREEN_MIN_LINES);
		mvaddnstr(LINES / 2 + 1 < LINES ? LINES / 2 + 1 : 0, 0, meanwhile + strspn(meanwhile, " ,"), COLS);
	}
	mvaddnstr(LINES / 2 > 0 ? LINES / 2 : 0, 0, line, COLS);
	refresh();
}

static void draw_padded(int y, int x, int cols, const char *s, int attr, int right)
{
	char buf[1024], shown[1024];
	if (cols <= 0 || y < 0 || y >= LINES)
		return;
	/* Names and ideas come from files anyone may write: drawn as text. */
	text_shown(shown, sizeof(shown), s);
	text_pad(buf, sizeof(buf), shown, cols, right);
	attron(attr);
	mvaddstr(y, x, buf);
	attroff(attr);
}

void screen_text(int y, int x, int cols, const char *s, int attr)
{
	draw_padded(y, x, cols, s, attr, 0);
}

void screen_text_right(int y, int x, int cols, const char *s, int attr)
{
	draw_padded(y, x, cols, s, attr, 1);
}

bool screen_ask_yes(int y, const char *question)
{
	screen_text(y, 0, COLS, question, screen_attr(COLOUR_WARNING) | A_REVERSE);
	refresh();
	wint_t ch;
	int kind;
	while (((kind = get_wch(&ch)) == ERR || (kind == KEY_CODE_YES && ch == KEY_RESIZE)) && !hung_up)
		;   /* the input wait's tick, or a resize: wait for a key */
	if (hung_up)
		return false;   /* nobody is there to answer: the safe answer */
	return kind == OK && (ch == 'y' || ch == 'Y');
}

void screen_die(int status, const char *fmt, ...)
{
	screen_close();
	va_list ap;
	va_start(ap, fmt);
	fputs("alchemy: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(status);
}
