/* The board (alchemy board EVENT): a read-only screen for a projector. The
 * stage and its time left in block digits, and "find your table": everyone
 * arrived or expected, A to Z by family name, with their table, in columns,
 * a page at a time, turning by itself. It follows the day live like every
 * view; no key changes anything. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "name_order.h"
#include "screen.h"
#include "text.h"
#include "view.h"

#define BOARD_COLUMN_COLS 38    /* "Family, Given" and a table number */
#define BIG_ROWS 5

struct board_state {
	int *order;             /* delegates shown, by family name */
	size_t count;
	int page;
	time_t page_since;      /* when the page shown was turned to */
	int pages;              /* at the last draw */
};

/* Block digits: 3x5 cells, each cell drawn two columns wide. */
static const char *const font[][BIG_ROWS] = {
	['0'] = { "###", "# #", "# #", "# #", "###" },
	['1'] = { " # ", "## ", " # ", " # ", "###" },
	['2'] = { "###", "  #", "###", "#  ", "###" },
	['3'] = { "###", "  #", "###", "  #", "###" },
	['4'] = { "# #", "# #", "###", "  #", "  #" },
	['5'] = { "###", "#  ", "###", "  #", "###" },
	['6'] = { "###", "#  ", "###", "# #", "###" },
	['7'] = { "###", "  #", "  #", "  #", "  #" },
	['8'] = { "###", "# #", "###", "# #", "###" },
	['9'] = { "###", "# #", "###", "  #", "###" },
	[':'] = { " ", "#", " ", "#", " " },
	['+'] = { "   ", " # ", "###", " # ", "   " },
};

/* Display columns `s` takes in block digits, gaps included. */
static int big_width(const char *s)
{
	int w = 0;
	for (const char *c = s; *c; c++)
		w += (int)strlen(font[(unsigned char)*c][0]) * 2 + (c[1] ? 2 : 0);
	return w;
}

static void draw_big(int y, int x, const char *s, int attr)
{
	for (int row = 0; row < BIG_ROWS; row++) {
		int at = x;
		for (const char *c = s; *c; c++) {
			const char *cells = font[(unsigned char)*c][row];
			char line[64] = "";
			size_t used = 0;
			for (const char *k = cells; *k && used + 8 < sizeof(line); k++)
				used += (size_t)snprintf(line + used, sizeof(line) - used, "%s",
							 *k == '#' ? "\xE2\x96\x88\xE2\x96\x88" : "  ");
			screen_text(y + row, at, (int)strlen(cells) * 2, line, attr);
			at += (int)strlen(cells) * 2 + 2;
		}
	}
}

static void rebuild(struct view *v)
{
	struct board_state *s = v->data;
	const struct tui *t = v->tui;
	const struct event *ev = &t->dy.ev;
	bool *keep = malloc(ev->delegates_count ? ev->delegates_count : 1);
	free(s->order);
	s->order = NULL;
	s->count = 0;
	if (!keep)
		return;
	for (size_t i = 0; i < ev->delegates_count; i++)
		keep[i] = ev->delegates[i].present;     /* arrived or expected: not absent */
	s->order = delegates_by_family_name(ev, keep, &s->count);
	if (!s->order)
		s->count = 0;
	free(keep);
}

static void board_open(struct view *v)
{
	struct board_state *s = calloc(1, sizeof(*s));
	v->data = s;
	if (!s)
		return;
	s->page_since = time(NULL);
	rebuild(v);
}

static void board_close(struct view *v)
{
	struct board_state *s = v->data;
	if (s)
		free(s->order);
	free(s);
}

static void board_reread(struct view *v)
{
	if (v->data)
		rebuild(v);
}

/* The stage: its title, and its time left in block digits. Returns the
 * rows used. */
static int draw_stage(const struct tui *t, int top)
{
	const struct day *dy = &t->dy;
	if (!dy->ev.stages_count)
		return 0;
	int stage = dy->state.clock.stage >= 0 && (size_t)dy->state.clock.stage < dy->ev.stages_count
			    ? dy->state.clock.stage : 0;
	const struct stage *st = &dy->ev.stages[stage];
	char line[512];
	snprintf(line, sizeof(line), "Stage %d of %zu: %s", stage + 1, dy->ev.stages_count, st->title);
	int w = text_width(line);
	screen_text(top, w < COLS ? (COLS - w) / 2 : 0, COLS, line, screen_attr(COLOUR_HEADING) | A_BOLD);
	if (!st->minutes)
		return 2;
	long long left = stage_seconds_left(dy, (long long)time(NULL));
	/* A clock started on a laptop whose clock is wrong can say hours left
	 * or decades over: never more than the stage, never wider than the screen. */
	if (left > (long long)st->minutes * 60)
		left = (long long)st->minutes * 60;
	long long a = left < 0 ? -left : left;
	char digits[32];
	snprintf(digits, sizeof(digits), "%s%lld:%02lld", left < 0 ? "+" : "", a / 60, a % 60);
	int bw = big_width(digits);
	int attr = left < 0 ? screen_attr(COLOUR_WARNING) | A_BOLD : (int)A_BOLD;
	if (bw <= COLS && a < 100 * 60)
		draw_big(top + 2, (COLS - bw) / 2, digits, attr);
	else
		screen_text(top + 2, (COLS - text_width(digits)) > 0 ? (COLS - text_width(digits)) / 2 : 0, COLS, digits, attr);
	const char *note = left < 0 ? "over time" : !dy->state.clock.running ? "paused" : "left";
	w = text_width(note);
	screen_text(top + 2 + BIG_ROWS, (COLS - w) / 2, w, note, screen_attr(COLOUR_DIM));
	return 3 + BIG_ROWS + 1;
}


static void board_draw(struct view *v, int top, int height)
{
	struct board_state *s = v->data;
	struct tui *t = v->tui;
	const struct event *ev = &t->dy.ev;
	if (!s)
		return;
	screen_text(top, 0, COLS, "", screen_attr(COLOUR_TITLE));
	screen_text(top, 1, COLS - 20, ev->name, screen_attr(COLOUR_TITLE) | A_BOLD);
	screen_text_right(top, COLS - 19, 18, "Find your table", screen_attr(COLOUR_TITLE) | A_BOLD);
	int y = top + 2;
	y += draw_stage(t, y);
	/* The last row says which page this is (or what went wrong reading). */
	int rows = top + height - 1 - y;
	int columns = COLS / BOARD_COLUMN_COLS > 0 ? COLS / BOARD_COLUMN_COLS : 1;
	int per_page = rows > 0 ? rows * columns : 1;
	s->pages = s->count ? (int)((s->count + (size_t)per_page - 1) / (size_t)per_page) : 1;
	if (s->page >= s->pages)
		s->page = 0;
	int col_cols = COLS / columns;
	for (int k = 0; k < per_page; k++) {
		size_t at = (size_t)s->page * (size_t)per_page + (size_t)k;
		if (rows <= 0 || at >= s->count)
			break;
		int i = s->order[at];
		int x = (k / rows) * col_cols + 1, row = y + k % rows;
		char name[512];
		family_first(ev->delegates[i].name, name, sizeof(name));
		int table = t->table_of[i];
		screen_text(row, x, col_cols - 9, name, A_NORMAL);
		screen_text_right(row, x + col_cols - 9, 6, table >= 0 ? ev->tables[table].id : "desk", A_BOLD);
	}
	char foot[640];
	size_t first = (size_t)s->page * (size_t)per_page, last = first + (size_t)per_page - 1;
	if (last >= s->count)
		last = s->count - 1;
	if (t->status_is_error && t->status[0])
		snprintf(foot, sizeof(foot), "%s", t->status);
	else if (!s->count)
		snprintf(foot, sizeof(foot), "Nobody is expected yet.");
	else
		snprintf(foot, sizeof(foot), "%s to %s \xC2\xB7 page %d of %d", family_name(ev->delegates[s->order[first]].name),
			 family_name(ev->delegates[s->order[last]].name), s->page + 1, s->pages);
	int w = text_width(foot);
	screen_text(top + height - 1, w < COLS ? (COLS - w) / 2 : 0, COLS, foot,
		    t->status_is_error ? screen_attr(COLOUR_WARNING) : screen_attr(COLOUR_DIM));
}

static void turn(struct board_state *s, int step)
{
	s->page = ((s->page + step) % s->pages + s->pages) % s->pages;
	s->page_since = time(NULL);
}

/* Turns the page once it has shown for the board's seconds. */
static enum reaction board_tick(struct view *v)
{
	struct board_state *s = v->data;
	if (!s || s->pages < 2 || time(NULL) - s->page_since < v->tui->board_seconds)
		return REACT_NONE;
	turn(s, 1);
	return REACT_REDRAW;
}

/* Read-only: only paging by hand, redraw and quit do anything here. */
static enum reaction board_handle(struct view *v, enum action a, int key)
{
	(void)key;
	struct board_state *s = v->data;
	switch (a) {
	case ACTION_QUIT:
		return REACT_QUIT;
	case ACTION_PAGE_DOWN:
	case ACTION_PAGE_UP:
		if (s && s->pages > 0)
			turn(s, a == ACTION_PAGE_DOWN ? 1 : -1);
		return REACT_REDRAW;
	default:
		return REACT_REDRAW;    /* swallowed: nothing else applies to a board */
	}
}

const struct view_ops board_view_ops = {
	.title = "Board",
	.fullscreen = true,
	.open = board_open,
	.draw = board_draw,
	.handle = board_handle,
	.close = board_close,
	.reread = board_reread,
	.tick = board_tick,
};
