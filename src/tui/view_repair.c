/* The proposed repair: each move (who, from, to) and the figures before
 * and after; y applies it, Esc discards it. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen.h"
#include "view.h"

struct repair_state {
	struct repair_result res;
	bool ok, no_plan;
	struct plan_score before, after;
	char problem[256];
};

static void repair_open(struct view *v)
{
	struct tui *t = v->tui;
	struct repair_state *s = calloc(1, sizeof(*s));
	v->data = s;
	if (!s)
		return;
	tui_reload(t);   /* propose on what the files say now */
	struct diag_list d;
	diag_list_init(&d);
	s->no_plan = !t->dy.has_plan;
	if (t->dy.has_plan)
		plan_score(&t->dy.ev, &t->dy.plan, &s->before, NULL, 0);
	/* A proposal on the current state, without the lock: applying rereads. */
	struct plan out;
	if (t->dy.has_plan && repair_plan(&t->dy.ev, &t->dy.plan, t->dy.state.locked, NULL, &out, &s->res, &d)) {
		plan_score(&t->dy.ev, &out, &s->after, NULL, 0);
		plan_free(&out);
		s->ok = true;
	} else if (!t->dy.has_plan) {
		s->ok = true;
	} else if (d.count) {
		snprintf(s->problem, sizeof(s->problem), "%s", d.items[0].message);
	}
	diag_list_free(&d);
	v->lines = (int)s->res.count;
}

static void repair_close(struct view *v)
{
	struct repair_state *s = v->data;
	if (s)
		repair_result_free(&s->res);
	free(s);
}

static void repair_draw(struct view *v, int top, int height)
{
	struct repair_state *s = v->data;
	const struct event *ev = &v->tui->dy.ev;
	char line[512];
	if (!s)
		return;
	if (s->no_plan) {
		screen_text(top, 1, COLS - 2, "No plan yet: y allocates one for everyone present, Esc cancels.", A_BOLD);
		return;
	}
	if (!s->ok) {
		screen_text(top, 1, COLS - 2, s->problem, screen_attr(COLOUR_WARNING));
		return;
	}
	snprintf(line, sizeof(line), "%zu moved, %zu seated, %zu seats freed \xC2\xB7 y applies, Esc discards",
		 s->res.moved, s->res.seated, s->res.unseated);
	screen_text(top, 0, COLS, line, screen_attr(COLOUR_HEADING) | A_BOLD);
	plan_figures_compare(&s->before, &s->after, line, sizeof(line));
	screen_text(top + 1, 0, COLS, line, A_NORMAL);
	int rows = height - 2;
	view_scroll_to_selection(v, rows);
	if (!s->res.count)
		screen_text(top + 2, 1, COLS - 2, "Nothing to change: the plan is as good as it gets.", screen_attr(COLOUR_DIM));
	for (int row = 0; row < rows && v->offset + row < (int)s->res.count; row++) {
		const struct repair_move *m = &s->res.moves[v->offset + row];
		const struct delegate *d = &ev->delegates[m->delegate];
		if (m->from >= 0 && m->to >= 0)
			snprintf(line, sizeof(line), "move  %-8s %s: table %s -> table %s", d->id, d->name,
				 ev->tables[m->from].id, ev->tables[m->to].id);
		else if (m->to >= 0)
			snprintf(line, sizeof(line), "seat  %-8s %s at table %s", d->id, d->name, ev->tables[m->to].id);
		else
			snprintf(line, sizeof(line), "free  %-8s %s's seat at table %s", d->id, d->name,
				 ev->tables[m->from].id);
		screen_text(top + 2 + row, 0, COLS, line,
			    v->offset + row == v->selected ? screen_attr(COLOUR_SELECTED) : (int)A_NORMAL);
	}
}

static enum reaction repair_handle(struct view *v, enum action a, int key)
{
	(void)key;
	struct tui *t = v->tui;
	struct repair_state *s = v->data;
	if (a != ACTION_APPLY || !s || !s->ok)
		return REACT_NONE;
	if (!tui_change_begin(t, s->no_plan ? "Allocated" : "Repaired"))
		return REACT_CLOSE;
	struct diag_list d;
	diag_list_init(&d);
	struct repair_result res;
	if (day_rebalance(&t->dy, true, &res, &d)) {
		tui_change_end(t);
		repair_result_free(&res);
	} else {
		tui_change_cancel(t, &d);
	}
	diag_list_free(&d);
	return REACT_CLOSE;
}

const struct view_ops repair_view_ops = {
	.title = "Repair",
	.open = repair_open,
	.draw = repair_draw,
	.handle = repair_handle,
	.close = repair_close,
};
