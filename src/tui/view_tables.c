/* The home screen: one line per table with theme, seats, role mix and
 * warnings. The mix is shown as letter+count per role (C2 I1 O2 S3) so it
 * reads without colour too. */
#include <curses.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "screen.h"
#include "strbuf.h"
#include "text.h"
#include "view.h"

#define ID_COLS 4
#define SEATS_COLS 7
#define WARN_COLS 18

static void tables_open(struct view *v)
{
	v->lines = (int)v->tui->dy.ev.tables_count;
}

static int mix_cols(const struct event *ev)
{
	return (int)ev->roles_count * 4;
}

const struct table_warning_words table_warning_words[WARN_KINDS] = {
	[WARN_OVER_CAPACITY] = { "over capacity", "over cap", "more people than seats" },
	[WARN_KEEP_APART] = { "keep-apart", "apart", "two people who must sit apart are both here" },
	[WARN_NEED_UNMET] = { "need unmet", "need", "someone needs what the table does not provide" },
	[WARN_TWICE] = { "twice?", "twice?", "someone here may be counted twice (D in people list)" },
	[WARN_ROLES_MISSING] = { "N roles missing", "no C",
				 "a role with a member for every table has none here" },
	[WARN_ORG_CLASH] = { "org clash", "org clash", "more of one organisation than an even spread needs; the table's screen names it" },
	[WARN_LOCKED] = { "N locked", "N locked", "how many here are locked" },
};

/* Below 100 columns the warnings column is 18 wide: brief words, so the
 * usual pair ("no C, org clash") fits where "1 role missing org clash"
 * was cut; the table's own screen says each in full. Warnings are apart
 * by commas: "no C I org clash" read as if I clashed. */
static void table_warnings(const struct tui *t, size_t i, bool brief, struct strbuf *out)
{
	const struct table *tb = &t->dy.ev.tables[i];
	const struct table_mix *m = &t->mixes.tables[i];
	const struct event *ev = &t->dy.ev;
#define WORD(w) (brief ? table_warning_words[w].brief : table_warning_words[w].full)
	/* Hard rules first: a move refuses them, but desks' moves merged or a
	 * roster changed since the plan can bring them. */
	if (m->size > tb->capacity)
		strbuf_list_printf(out, ", ", "%s", WORD(WARN_OVER_CAPACITY));
	if (m->apart_pairs)
		strbuf_list_printf(out, ", ", "%s", WORD(WARN_KEEP_APART));
	if (m->needs_unmet)
		strbuf_list_printf(out, ", ", "%s", WORD(WARN_NEED_UNMET));
	/* Before the rest: a person counted twice brings an org clash of their own. */
	if (t->twice_count[i])
		strbuf_list_printf(out, ", ", "%s", WORD(WARN_TWICE));
	if (t->dy.has_plan && m->roles_missing) {
		if (brief) {
			strbuf_list_printf(out, ", ", "no");
			for (size_t r = 0; r < ev->roles_count; r++)
				if (table_role_missing(&t->mixes, i, r))
					strbuf_printf(out, " %c", ev->roles[r].letter);
		} else {
			strbuf_list_printf(out, ", ", "%d role%s missing", m->roles_missing, m->roles_missing > 1 ? "s" : "");
		}
	}
	/* Only beyond what an even spread allows: a big organisation must share. */
	if (m->org_excess)
		strbuf_list_printf(out, ", ", "%s", WORD(WARN_ORG_CLASH));
	if (t->locked_count[i])
		strbuf_list_printf(out, ", ", "%d locked", t->locked_count[i]);
#undef WORD
}

static void tables_draw(struct view *v, int top, int height)
{
	const struct tui *t = v->tui;
	const struct event *ev = &t->dy.ev;
	/* A wider screen widens the warnings too (several fit: "keep-apart,
	 * need unmet, 2 roles missing"), not the theme alone. */
	int warn_cols = COLS >= 120 ? 44 : COLS >= 100 ? 30 : WARN_COLS;
	int theme_cols = COLS - (1 + ID_COLS + 1 + 1 + SEATS_COLS + 1 + mix_cols(ev) + 1 + warn_cols);
	if (theme_cols < 8)
		theme_cols = 8;
	int x_theme = 1 + ID_COLS + 1;
	int x_seats = x_theme + theme_cols + 1;
	int x_mix = x_seats + SEATS_COLS + 1;
	int x_warn = x_mix + mix_cols(ev) + 1;
	int head = screen_attr(COLOUR_HEADING) | A_BOLD;
	screen_text(top, 0, COLS, "", head);
	screen_text_right(top, 0, 1 + ID_COLS, "Table", head);
	screen_text(top, x_theme, theme_cols, "Theme", head);
	screen_text_right(top, x_seats, SEATS_COLS, "Seats", head);
	for (size_t r = 0; r < ev->roles_count; r++) {
		char label[8];
		snprintf(label, sizeof(label), "%c", ev->roles[r].letter);
		/* The role's own colour, bold: OR-ed with the heading's pair it named another pair. */
		screen_text(top, x_mix + (int)r * 4, 4, label, screen_role_attr((int)r) | A_BOLD);
	}
	screen_text(top, x_warn, warn_cols, "Warnings", head);

	int rows = height - 1;
	view_scroll_to_selection(v, rows);
	for (int row = 0; row < rows; row++) {
		int i = v->offset + row;
		if (i >= v->lines)
			break;
		int y = top + 1 + row;
		const struct table *tb = &ev->tables[i];
		const struct table_mix *m = &t->mixes.tables[i];
		bool selected = i == v->selected;
		int base = selected ? screen_attr(COLOUR_SELECTED) : (int)A_NORMAL;
		char cell[64];
		screen_text(y, 0, COLS, "", base);
		screen_text_right(y, 0, 1 + ID_COLS, tb->id, base);
		int theme = t->table_theme[i];
		if (theme >= 0)
			screen_text(y, x_theme, theme_cols, ev->themes[theme].title, base);
		else
			screen_text(y, x_theme, theme_cols, "(theme set by the allocator)",
				    selected ? base : screen_attr(COLOUR_DIM));
		snprintf(cell, sizeof(cell), "%d/%d", m->size, tb->capacity);
		screen_text_right(y, x_seats, SEATS_COLS,
				  cell, m->size > tb->capacity && !selected ? screen_attr(COLOUR_WARNING) : (int)base);
		for (size_t r = 0; r < ev->roles_count; r++) {
			snprintf(cell, sizeof(cell), "%c%d", ev->roles[r].letter, m->role_counts[r]);
			screen_text(y, x_mix + (int)r * 4, 4, cell, selected ? base : screen_role_attr((int)r));
		}
		struct strbuf warn;
		strbuf_init(&warn);
		table_warnings(t, (size_t)i, warn_cols < 30, &warn);
		screen_text(y, x_warn, COLS - x_warn, warn.data ? warn.data : "",
			    selected ? base : screen_attr(COLOUR_WARNING));
		strbuf_free(&warn);
	}
}

static enum reaction tables_handle(struct view *v, enum action a, int key)
{
	(void)key;
	v->lines = (int)v->tui->dy.ev.tables_count;
	if ((a == ACTION_OPEN || a == ACTION_CAPTURE) && v->lines > 0) {
		tui_push(v->tui, a == ACTION_OPEN ? &table_view_ops : &capture_view_ops, v->selected);
		return REACT_REDRAW;
	}
	return REACT_NONE;
}

static const char *table_id_at(struct view *v, int line)
{
	const struct event *ev = &v->tui->dy.ev;
	return line >= 0 && (size_t)line < ev->tables_count ? ev->tables[line].id : NULL;
}

const struct view_ops tables_view_ops = {
	.title = "Tables",
	.open = tables_open,
	.draw = tables_draw,
	.handle = tables_handle,
	.id_at = table_id_at,
	.reread = tables_open,
};
