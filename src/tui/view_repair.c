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

/* A proposal on the day as last read, without the lock: applying rereads. */
static void propose(struct view *v)
{
	struct tui *t = v->tui;
	struct repair_state *s = v->data;
	repair_result_free(&s->res);
	memset(s, 0, sizeof(*s));
	struct diag_list d;
	diag_list_init(&d);
	s->no_plan = !t->dy.has_plan;
	if (t->dy.has_plan)
		plan_score(&t->dy.ev, &t->dy.plan, &s->before, NULL, 0);
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

static void repair_open(struct view *v)
{
	v->data = calloc(1, sizeof(struct repair_state));
	if (!v->data)
		return;
	tui_reload(v->tui);   /* propose on what the files say now */
	propose(v);
	/* A person counted twice is seated twice, and the repair would move
	 * people to spread their organisation: said first, so the desk marks
	 * the duplicate absent before applying. */
	size_t twice = diag_total(&v->tui->twice);
	if (twice)
		tui_status(v->tui, true, "Before repairing: %zu %s may be here twice (D in the people list); mark %s absent "
					"first. %s",
			   twice, twice == 1 ? "person" : "people", twice == 1 ? "the one named" : "those named",
			   v->tui->twice.items[0].message);
}

static const char *moved_id_at(struct view *v, int line)
{
	struct repair_state *s = v->data;
	return s && line >= 0 && (size_t)line < s->res.count ? v->tui->dy.ev.delegates[s->res.moves[line].delegate].id
							    : NULL;
}

/* Another desk changed the day: the proposal shown is proposed again. */
static void repair_reread(struct view *v)
{
	if (v->data)
		propose(v);
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
		screen_text(top, 1, COLS - 2, "No plan yet: y allocates one for everyone not absent, Esc cancels.", A_BOLD);
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
	struct day_op op = { .kind = DAY_OP_REPAIR };
	tui_change(t, s->no_plan ? "Allocated" : "Repaired", &op);
	return REACT_CLOSE;
}

const struct view_ops repair_view_ops = {
	.title = "Repair",
	.open = repair_open,
	.draw = repair_draw,
	.handle = repair_handle,
	.close = repair_close,
	.id_at = moved_id_at,
	.reread = repair_reread,
};
