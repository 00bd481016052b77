/* The main loop: a stack of views, a header, a footer, resize handling. */
#include "tui.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "keys.h"
#include "plan.h"
#include "screen.h"
#include "text.h"
#include "view.h"

#define VIEW_STACK_MAX 8

static struct view view_stack[VIEW_STACK_MAX];
static int view_depth;

void tui_push(struct tui *t, const struct view_ops *ops)
{
	if (view_depth == VIEW_STACK_MAX)
		return;
	struct view *v = &view_stack[view_depth++];
	memset(v, 0, sizeof(*v));
	v->ops = ops;
	v->tui = t;
	if (ops->open)
		ops->open(v);
}

static void pop_view(void)
{
	struct view *v = &view_stack[view_depth - 1];
	if (v->ops->close)
		v->ops->close(v);
	view_depth--;
}

void view_scroll_to_selection(struct view *v, int rows)
{
	v->page = rows;
	if (v->selected < v->offset)
		v->offset = v->selected;
	if (v->selected >= v->offset + rows)
		v->offset = v->selected - rows + 1;
}

enum reaction view_move(struct view *v, enum action a)
{
	int page = v->page > 1 ? v->page : 1;
	int sel = v->selected;
	switch (a) {
	case ACTION_UP:
		sel--;
		break;
	case ACTION_DOWN:
		sel++;
		break;
	case ACTION_PAGE_UP:
		sel -= page;
		break;
	case ACTION_PAGE_DOWN:
		sel += page;
		break;
	case ACTION_FIRST:
		sel = 0;
		break;
	case ACTION_LAST:
		sel = v->lines - 1;
		break;
	default:
		return REACT_NONE;
	}
	if (sel >= v->lines)
		sel = v->lines - 1;
	if (sel < 0)
		sel = 0;
	v->selected = sel;
	return REACT_REDRAW;
}

static void draw_header(struct tui *t, const struct view *v)
{
	char left[512], right[64];
	const struct event *ev = t->ev;
	snprintf(left, sizeof(left), " alchemy \xC2\xB7 %s%s%s \xC2\xB7 %s", ev->name,
		 ev->date ? " \xC2\xB7 " : "", ev->date ? ev->date : "", v->ops->title);
	snprintf(right, sizeof(right), "%zu/%zu present ", event_present_count(ev),
		 ev->delegates_count);
	int rw = text_width(right);
	screen_text(0, 0, COLS - rw, left, screen_attr(COLOUR_TITLE));
	screen_text_right(0, COLS - rw, rw, right, screen_attr(COLOUR_TITLE));
}

/* The footer lists the actions marked for it, with their first key. */
static void draw_footer(struct tui *t)
{
	char line[512];
	size_t used = 0;
	line[0] = '\0';
	if (t->status[0]) {
		used = (size_t)snprintf(line, sizeof(line), " %s", t->status);
	} else {
		for (int a = 1; a < ACTION_COUNT && used + 1 < sizeof(line); a++) {
			if (!action_info[a].footer)
				continue;
			char keys[64];
			action_keys((enum action)a, keys, sizeof(keys));
			char *comma = strchr(keys, ',');
			if (comma)
				*comma = '\0';
			int w = snprintf(line + used, sizeof(line) - used, " %s %s ", keys,
					 action_info[a].footer);
			if (w < 0)
				break;
			used += (size_t)w;
		}
	}
	screen_text(LINES - 1, 0, COLS, line, screen_attr(COLOUR_TITLE));
}

static void draw_all(struct tui *t)
{
	if (screen_too_small()) {
		screen_draw_too_small();
		return;
	}
	erase();
	struct view *v = &view_stack[view_depth - 1];
	draw_header(t, v);
	v->ops->draw(v, 1, LINES - 2);
	draw_footer(t);
	refresh();
}

/* The seating shown: the saved plan beside the event if there is one,
 * otherwise the pins. */
static bool load_seating(struct tui *t, struct plan *plan)
{
	const struct event *ev = t->ev;
	char *path = plan_default_path(ev);
	struct diag_list d;
	diag_list_init(&d);
	bool have = false;
	if (path && access(path, F_OK) == 0) {
		if (plan_load(ev, path, plan, &d)) {
			have = true;
			snprintf(t->status, sizeof(t->status), "Plan: %s. ? for help", path);
		} else {
			snprintf(t->status, sizeof(t->status), "%s: %zu problem%s (alchemy score shows them); showing pins only",
				 path, diag_total(&d), diag_total(&d) == 1 ? "" : "s");
		}
	} else {
		snprintf(t->status, sizeof(t->status),
			 "No plan yet (alchemy allocate makes one); showing pins only. ? for help");
	}
	diag_list_free(&d);
	free(path);
	if (have) {
		memcpy(t->table_of, plan->rounds[0].seat, ev->delegates_count * sizeof(int));
		memcpy(t->table_theme, plan->rounds[0].table_theme, ev->tables_count * sizeof(int));
		plan_free(plan);
	} else {
		seating_from_pins(ev, t->table_of);
		for (size_t i = 0; i < ev->tables_count; i++)
			t->table_theme[i] = ev->tables[i].theme;
	}
	t->has_plan = have;
	return have;
}

int tui_run(struct event *ev)
{
	struct tui t = { .ev = ev };
	struct plan plan;
	t.table_of = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(int));
	t.table_theme = malloc((ev->tables_count ? ev->tables_count : 1) * sizeof(int));
	if (!t.table_of || !t.table_theme) {
		free(t.table_of);
		free(t.table_theme);
		fprintf(stderr, "alchemy: out of memory\n");
		return EX_OSERR;
	}
	load_seating(&t, &plan);
	if (table_mixes_compute(&t.mixes, ev, t.table_of) != 0) {
		free(t.table_of);
		free(t.table_theme);
		fprintf(stderr, "alchemy: out of memory\n");
		return EX_OSERR;
	}
	screen_open();
	tui_push(&t, &tables_view_ops);
	bool running = true;
	while (running && view_depth > 0) {
		draw_all(&t);
		int key = getch();
		if (key == KEY_RESIZE || key == ERR)
			continue;   /* curses has updated LINES and COLS; redraw */
		enum action a = key_action(key);
		if (screen_too_small()) {
			if (a == ACTION_QUIT)
				running = false;
			continue;
		}
		t.status[0] = '\0';
		if (a == ACTION_REDRAW) {
			clearok(stdscr, TRUE);
			continue;
		}
		struct view *v = &view_stack[view_depth - 1];
		enum reaction r = v->ops->handle(v, a, key);
		if (r == REACT_NONE) {
			if (a == ACTION_QUIT)
				r = REACT_QUIT;
			else if (a == ACTION_HELP && v->ops != &help_view_ops)
				tui_push(&t, &help_view_ops);
			else if (a == ACTION_BACK && view_depth > 1)
				r = REACT_CLOSE;
			else
				r = view_move(v, a);
		}
		if (r & REACT_CLOSE)
			pop_view();
		if (r & REACT_QUIT)
			running = false;
	}
	while (view_depth > 0)
		pop_view();
	screen_close();
	table_mixes_free(&t.mixes);
	free(t.table_of);
	free(t.table_theme);
	return 0;
}
