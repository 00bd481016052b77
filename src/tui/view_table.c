/* One table: its members with role, organisation and how their preference
 * was met; move, swap, lock and mark arrived, absent or expected from here. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "screen.h"
#include "strbuf.h"
#include "text.h"
#include "view.h"

#define ATTENDANCE_COLS 8    /* "expected" */

/* Members of the table, in roster order. */
static int members_of(const struct tui *t, int table, int *out, int max)
{
	int n = 0;
	for (size_t i = 0; i < t->dy.ev.delegates_count && n < max; i++)
		if (t->table_of[i] == table)
			out[n++] = (int)i;
	return n;
}

static int member_at(const struct view *v, int line)
{
	int members[4096];
	int n = members_of(v->tui, v->table, members, 4096);
	return line >= 0 && line < n ? members[line] : -1;
}

static void table_open(struct view *v)
{
	int members[4096];
	v->lines = members_of(v->tui, v->table, members, 4096);
}

void draw_delegate_line(const struct tui *t, int y, int i, bool selected, bool show_table)
{
	const struct event *ev = &t->dy.ev;
	const struct delegate *d = &ev->delegates[i];
	int base = selected ? screen_attr(COLOUR_SELECTED) : (int)A_NORMAL;
	screen_text(y, 0, COLS, "", base);
	char flags[8];
	/* D shares S's place: one person is marked for a swap at a time, and
	 * a walk-in twice is rare and mended soon. */
	snprintf(flags, sizeof(flags), "%c%c%c", t->dy.state.locked[i] ? 'L' : ' ',
		 d->pinned_table >= 0 ? 'P' : ' ',
		 tui_swap_mark(t) == i ? 'S' : t->twin_of && t->twin_of[i] >= 0 ? 'D' : ' ');
	screen_text(y, 0, 3, flags, base | A_BOLD);
	int name_cols = COLS >= 100 ? 28 : 22;
	int org_cols = COLS - 3 - name_cols - 2 - 3 - 7 - ATTENDANCE_COLS - 1 - 10 - 4;
	/* A space after the marks (L, P, S: see help), or S ran into the name. */
	screen_text(y, 4, name_cols - 1, d->name, base);
	char role[4] = { d->role >= 0 ? ev->roles[d->role].letter : '?', 0 };
	screen_text(y, 4 + name_cols, 2, role, selected ? base : screen_role_attr(d->role));
	screen_text(y, 7 + name_cols, org_cols, d->organisation, base);
	int x = 8 + name_cols + org_cols;
	int table = t->table_of[i];
	char cell[48];
	if (show_table) {
		snprintf(cell, sizeof(cell), "%s", table >= 0 ? ev->tables[table].id : "-");
		screen_text_right(y, x, 6, cell, base);
	}
	/* Attendance in words, so it reads without colour too. */
	enum attendance att = day_attendance(&t->dy, i);
	int att_attr = selected ? base : att == ATT_ABSENT ? screen_attr(COLOUR_WARNING)
				 : att == ATT_EXPECTED ? screen_attr(COLOUR_DIM) : (int)A_BOLD;
	screen_text(y, x + 7, ATTENDANCE_COLS, attendance_names[att], att_attr);
	x += ATTENDANCE_COLS + 1;
	/* Marked D: the id, which the warning names, where two lines would
	 * otherwise read the same; its end when cut (w-desk-1-001-k3x9 ->
	 * ...1-001-k3x9): the walk-in's number and random part tell it apart. */
	if (t->twin_of && t->twin_of[i] >= 0) {
		const char *id = d->id;
		int room = COLS - x - 7;
		bool cut = text_width(id) > room;
		while (*id && cut && text_width(id) > room - 1) {
			size_t n = text_utf8_length((const unsigned char *)id, strlen(id));
			id += n ? n : 1;
		}
		snprintf(cell, sizeof(cell), "%s%s", cut ? "\xE2\x80\xA6" : "", id);
	} else if (table < 0)
		snprintf(cell, sizeof(cell), att == ATT_ABSENT ? "-" : "no seat");
	else if (!d->preferences_count)
		snprintf(cell, sizeof(cell), "-");
	else {
		int th = t->table_theme[table], rank = -1;
		for (size_t k = 0; k < d->preferences_count; k++)
			if (d->preferences[k] == th)
				rank = (int)k;
		if (rank < 0)
			snprintf(cell, sizeof(cell), "unlisted");
		else
			snprintf(cell, sizeof(cell), "choice %d", rank + 1);
	}
	screen_text(y, x + 7, COLS - x - 7, cell, base);
}

/* An organisation's name in the warnings, cut to this many columns. */
#define ORG_DETAIL_COLS 32
/* The most lines the warnings take under the table's heading. */
#define WARNING_LINES 3

/* The table's warnings in full, under its heading: which role is
 * missing and which organisation is over what an even spread allows, as
 * the overview's column has room only to say that one is. Empty: none. */
static void table_warning_details(const struct tui *t, int table, const int *members, int n, struct strbuf *out)
{
	const struct event *ev = &t->dy.ev;
	const struct table_mix *m = &t->mixes.tables[table];
	const struct table *tb = &ev->tables[table];
	const char *sep = " \xC2\xB7 ";
	if (m->size > tb->capacity)
		strbuf_list_printf(out, sep, "%d over capacity", m->size - tb->capacity);
	if (m->apart_pairs)
		strbuf_list_printf(out, sep, "%d keep-apart pair%s here", m->apart_pairs, m->apart_pairs > 1 ? "s" : "");
	if (m->needs_unmet)
		strbuf_list_printf(out, sep, "%d need%s unmet", m->needs_unmet, m->needs_unmet > 1 ? "s" : "");
	if (t->twice_count[table])
		strbuf_list_printf(out, sep, "twice? see D");
	for (size_t r = 0; t->dy.has_plan && r < ev->roles_count; r++)
		if (table_role_missing(&t->mixes, (size_t)table, r))
			strbuf_list_printf(out, sep, "no %s (%c)", ev->roles[r].label ? ev->roles[r].label : ev->roles[r].id,
					   ev->roles[r].letter);
	/* Each organisation once, at its first member here. */
	for (int x = 0; m->org_excess && x < n; x++) {
		int org = ev->delegates[members[x]].org, here = 0;
		bool first = true;
		for (int y = 0; y < n; y++) {
			if (ev->delegates[members[y]].org != org)
				continue;
			first = first && y >= x;
			here++;
		}
		int over = first ? table_org_over(&t->mixes, (size_t)org, here) : 0;
		/* A long organisation cut, so the next and its share still show. */
		char shown[256];
		if (over) {
			text_fit(shown, sizeof(shown), ev->orgs[org], ORG_DETAIL_COLS);
			/* Why that many: an even spread of those here, so a no-show
			 * can lower it at a table nobody touched. */
			strbuf_list_printf(out, sep, "%d from %s (%d allowed: %d here, %zu tables)", here, shown,
					   here - over, t->mixes.org_members[org], t->mixes.tables_count);
		}
	}
	/* What to do about it: the repair proposes the fewest moves (its
	 * key from the key table, as help reads it). */
	bool mendable = m->size > tb->capacity || m->apart_pairs || m->needs_unmet || m->org_excess ||
			(t->dy.has_plan && m->roles_missing);
	if (mendable) {
		char keys[32];
		action_keys(ACTION_REPAIR, keys, sizeof(keys));
		strbuf_list_printf(out, sep, "%s proposes a repair", keys);
	}
}

static void table_draw(struct view *v, int top, int height)
{
	struct tui *t = v->tui;
	const struct event *ev = &t->dy.ev;
	const struct table *tb = &ev->tables[v->table];
	table_open(v);
	const struct table_mix *m = &t->mixes.tables[v->table];
	char head[1024], mix[128] = "";
	size_t used = 0;
	for (size_t r = 0; r < ev->roles_count && used < sizeof(mix); r++)
		used += (size_t)snprintf(mix + used, sizeof(mix) - used, "%c%d ", ev->roles[r].letter,
					 m->role_counts[r]);
	int th = t->table_theme[v->table];
	/* The theme is cut to what the line leaves, never the seats and mix. */
	char tail[192], theme[512];
	snprintf(tail, sizeof(tail), "  %d/%d  %s", m->size, tb->capacity, mix);
	/* The table's name (event.yaml tables: name:), where the desk sends
	 * people: "Table 3 (Room B, by the window)", cut to 24 columns. */
	char label[160], name[128];
	if (tb->name) {
		text_fit(name, sizeof(name), tb->name, 24);
		snprintf(label, sizeof(label), "%s (%s)", tb->id, name);
	} else {
		snprintf(label, sizeof(label), "%s", tb->id);
	}
	int room = COLS - text_width(tail) - text_width(label) - text_width("Table : ");
	text_fit(theme, sizeof(theme), th >= 0 ? ev->themes[th].title : "(no theme)", room > 8 ? room : 8);
	snprintf(head, sizeof(head), "Table %s: %s%s", label, theme, tail);
	screen_text(top, 0, COLS, head, screen_attr(COLOUR_HEADING) | A_BOLD);
	int members[4096];
	int n = members_of(t, v->table, members, 4096);
	struct strbuf warn;
	strbuf_init(&warn);
	table_warning_details(t, v->table, members, n, &warn);
	/* Wrapped over up to WARNING_LINES lines, the last cut with '…':
	 * on one line two long role labels hid the organisation over its share. */
	const char *w = warn.data ? warn.data : "";
	for (int line = 0; *w && line < WARNING_LINES && height > 2; line++) {
		size_t len = line + 1 < WARNING_LINES ? text_line_break(w, COLS) : strlen(w);
		char *part = strndup(w, len);
		screen_text(++top, 0, COLS, part ? part : "", screen_attr(COLOUR_WARNING));
		free(part);
		height--;
		for (w += len; *w == ' '; w++)
			;
	}
	strbuf_free(&warn);
	int rows = height - 1;
	view_scroll_to_selection(v, rows);
	for (int row = 0; row < rows && v->offset + row < n; row++)
		draw_delegate_line(t, top + 1 + row, members[v->offset + row], v->offset + row == v->selected, false);
	if (n == 0)
		screen_text(top + 1, 2, COLS - 2, "(nobody seated here)", screen_attr(COLOUR_DIM));
}

/* Attendance: arrive, no-show, back to expected; each says so when it is
 * already the case, so a second i never changes anything. */
static void set_attendance(struct tui *t, int i, enum action a)
{
	const struct delegate *d = &t->dy.ev.delegates[i];
	enum attendance to = a == ACTION_ARRIVE ? ATT_ARRIVED : a == ACTION_NO_SHOW ? ATT_ABSENT : ATT_EXPECTED;
	if (day_attendance(&t->dy, i) == to) {
		int table = t->table_of[i];
		tui_status(t, false, "%s is already %s%s%s%s", d->name, attendance_names[to], table >= 0 ? " (table " : "",
			   table >= 0 ? t->dy.ev.tables[table].id : "", table >= 0 ? ")" : "");
		return;
	}
	static const char *const said[ATT_STATES] = {
		[ATT_ARRIVED] = "arrived", [ATT_ABSENT] = "marked absent", [ATT_EXPECTED] = "back to expected",
	};
	static const enum day_op_kind kinds[ATT_STATES] = {
		[ATT_ARRIVED] = DAY_OP_ARRIVE, [ATT_ABSENT] = DAY_OP_ABSENT, [ATT_EXPECTED] = DAY_OP_EXPECTED,
	};
	char what[320];
	int seat = t->table_of[i];
	if (to == ATT_ABSENT && seat >= 0)   /* the desk is told which seat is free now */
		snprintf(what, sizeof(what), "%s %s (seat at table %s freed)", d->name, said[to], t->dy.ev.tables[seat].id);
	else if (to == ATT_ARRIVED && seat >= 0)   /* what the desk tells them; arriving keeps a seat */
		snprintf(what, sizeof(what), "%s %s: table %s", d->name, said[to], t->dy.ev.tables[seat].id);
	else
		snprintf(what, sizeof(what), "%s %s", d->name, said[to]);
	struct day_op op = { .kind = kinds[to], .who = i };
	tui_change(t, what, &op);
}

enum reaction delegate_action(struct tui *t, int i, enum action a)
{
	if (i < 0)
		return REACT_NONE;
	char what[320], answer[64] = "";
	const char *name = t->dy.ev.delegates[i].name;
	switch (a) {
	case ACTION_MOVE: {
		if (!tui_prompt(t, "Move to table: ", answer, sizeof(answer)) || !answer[0])
			break;
		int table = event_find_table(&t->dy.ev, answer);
		if (table < 0) {
			tui_status(t, true, "there is no table '%s'", answer);
			break;
		}
		snprintf(what, sizeof(what), "Moved %s to table %s", name, answer);
		struct day_op op = { .kind = DAY_OP_MOVE, .who = i, .table = table };
		tui_change(t, what, &op);
		break;
	}
	case ACTION_SWAP: {
		int other = tui_swap_mark(t);
		if (other < 0 || other == i) {
			bool mark = other < 0;
			snprintf(t->swap_mark, sizeof(t->swap_mark), "%s", mark ? t->dy.ev.delegates[i].id : "");
			snprintf(t->swap_mark_name, sizeof(t->swap_mark_name), "%s", mark ? name : "");
			tui_status(t, false, mark ? "%s marked: select another delegate and press s to swap"
						  : "swap mark cleared", name);
			break;
		}
		t->swap_mark[0] = '\0';
		snprintf(what, sizeof(what), "Swapped %s and %s", name, t->dy.ev.delegates[other].name);
		struct day_op op = { .kind = DAY_OP_SWAP, .who = i, .other = other };
		tui_change(t, what, &op);
		break;
	}
	case ACTION_LOCK: {
		bool lock = !t->dy.state.locked[i];
		snprintf(what, sizeof(what), "%s %s", lock ? "Locked" : "Unlocked", name);
		struct day_op op = { .kind = lock ? DAY_OP_LOCK : DAY_OP_UNLOCK, .who = i };
		tui_change(t, what, &op);
		break;
	}
	case ACTION_ARRIVE:
	case ACTION_NO_SHOW:
	case ACTION_EXPECTED:
		set_attendance(t, i, a);
		break;
	default:
		return REACT_NONE;
	}
	return REACT_REDRAW;
}

static enum reaction table_handle(struct view *v, enum action a, int key)
{
	(void)key;
	if (a == ACTION_CAPTURE) {
		tui_push(v->tui, &capture_view_ops, v->table);
		return REACT_REDRAW;
	}
	table_open(v);
	return delegate_action(v->tui, member_at(v, v->selected), a);
}

static const char *member_id_at(struct view *v, int line)
{
	int i = member_at(v, line);
	return i >= 0 ? v->tui->dy.ev.delegates[i].id : NULL;
}

const struct view_ops table_view_ops = {
	.title = "Table",
	.open = table_open,
	.draw = table_draw,
	.handle = table_handle,
	.id_at = member_id_at,
	.reread = table_open,
};
