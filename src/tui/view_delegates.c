/* Every delegate: incremental search by name or organisation, filters by
 * role and attendance (expected, arrived, absent), walk-ins, moves. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "name_order.h"
#include "screen.h"
#include "text.h"
#include "view.h"

/* Everyone, or one attendance state: SHOW_ONLY + an enum attendance. */
enum presence_filter { SHOW_ALL, SHOW_ONLY, SHOW_FILTERS = SHOW_ONLY + ATT_STATES };

struct delegates_state {
	char search[256];
	bool searching;         /* keys go to the search field */
	enum presence_filter presence;
	int role;               /* -1: every role; from role_id at each rebuild */
	char role_id[EVENT_MAX_ID_BYTES + 1];       /* "": every role; by id, as the table below */
	int table;              /* -1: every table; from table_id at each rebuild */
	char table_id[EVENT_MAX_ID_BYTES + 1];      /* "": every table; by id, as indexes shift on a reread */
	int *shown;             /* delegate indexes, in name order */
	int count;
};

static const struct tui *sort_ctx;

static int compare_names(const void *a, const void *b)
{
	const struct delegate *x = &sort_ctx->dy.ev.delegates[*(const int *)a];
	const struct delegate *y = &sort_ctx->dy.ev.delegates[*(const int *)b];
	int c = strcasecmp(x->name, y->name);
	return c ? c : strcmp(x->id, y->id);
}

static bool matches(const struct tui *t, const struct delegates_state *s, int i)
{
	const struct delegate *d = &t->dy.ev.delegates[i];
	if (d->withdrawn)
		return false;   /* a walk-in taken back by undo */
	if (s->table >= 0 && t->table_of[i] != s->table)
		return false;
	if (s->presence >= SHOW_ONLY && day_attendance(&t->dy, i) != (enum attendance)(s->presence - SHOW_ONLY))
		return false;
	if (s->role >= 0 && d->role != s->role)
		return false;
	if (!s->search[0])
		return true;
	/* Marks aside, as a desk types what it hears: "zoe" finds Zoë. */
	char want[sizeof(s->search)], name[1024], org[1024];
	name_fold(s->search, want, sizeof(want));
	name_fold(d->name, name, sizeof(name));
	name_fold(d->organisation, org, sizeof(org));
	return strstr(name, want) || strstr(org, want) || strcasestr(d->id, s->search);
}

static void rebuild(struct view *v)
{
	struct delegates_state *s = v->data;
	const struct event *ev = &v->tui->dy.ev;
	s->role = s->role_id[0] ? event_find_role(ev, s->role_id) : -1;
	if (s->role_id[0] && s->role < 0) {
		tui_status(v->tui, true, "role %s is no longer in the event; showing every role", s->role_id);
		s->role_id[0] = '\0';
	}
	s->table = s->table_id[0] ? event_find_table(ev, s->table_id) : -1;
	if (s->table_id[0] && s->table < 0) {
		tui_status(v->tui, true, "table %s is no longer in the event; showing every table", s->table_id);
		s->table_id[0] = '\0';
	}
	free(s->shown);
	s->shown = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(int));
	s->count = 0;
	if (!s->shown)
		return;
	for (size_t i = 0; i < ev->delegates_count; i++)
		if (matches(v->tui, s, (int)i))
			s->shown[s->count++] = (int)i;
	sort_ctx = v->tui;
	qsort(s->shown, (size_t)s->count, sizeof(int), compare_names);
	v->lines = s->count;
	if (v->selected >= v->lines)
		v->selected = v->lines ? v->lines - 1 : 0;
}

static void delegates_open(struct view *v)
{
	struct delegates_state *s = calloc(1, sizeof(*s));
	v->data = s;
	if (s)
		s->role = s->table = -1;
	rebuild(v);
}

static void delegates_close(struct view *v)
{
	struct delegates_state *s = v->data;
	if (s)
		free(s->shown);
	free(s);
}

static void delegates_draw(struct view *v, int top, int height)
{
	struct delegates_state *s = v->data;
	const struct tui *t = v->tui;
	rebuild(v);
	const char *presence = s->presence >= SHOW_ONLY ? attendance_names[s->presence - SHOW_ONLY] : "everyone";
	char head[512];
	snprintf(head, sizeof(head), "%d shown \xC2\xB7 %s \xC2\xB7 role: %s \xC2\xB7 table: %s \xC2\xB7 search: %s%s",
		 s->count, presence, s->role >= 0 ? t->dy.ev.roles[s->role].label : "all",
		 s->table >= 0 ? t->dy.ev.tables[s->table].id : "all",
		 s->search[0] || s->searching ? s->search : "(/ to search)", s->searching ? "_" : "");
	screen_text(top, 0, COLS, head, screen_attr(COLOUR_HEADING) | A_BOLD);
	int rows = height - 1;
	view_scroll_to_selection(v, rows);
	for (int row = 0; row < rows && v->offset + row < s->count; row++)
		draw_delegate_line(t, top + 1 + row, s->shown[v->offset + row], v->offset + row == v->selected, true);
}

/* A walk-in: three prompts, then the change. Someone of that name and
 * organisation already here is asked about last, before the change (a desk
 * adding them again counts them twice): asked between the prompts, a role
 * typed ahead answered it with its first letter and ran the rest as keys
 * ('investor': n opened capture). A role not known asks again. */
static void add_walkin(struct tui *t)
{
	char name[128] = "", org[128] = "", role[64] = "";
	if (!tui_prompt(t, "Walk-in name: ", name, sizeof(name)) || !name[0] ||
	    !tui_prompt(t, "Organisation: ", org, sizeof(org)) || !org[0])
		return;
	const struct event *ev = &t->dy.ev;
	char roles[128];
	event_role_ids(ev, NULL, roles, sizeof(roles));
	char label[256];
	snprintf(label, sizeof(label), "Role (%s): ", roles);
	int r;
	for (;;) {
		if (!tui_prompt(t, label, role, sizeof(role)) || !role[0])
			return;
		if ((r = event_role_typed(ev, role)) >= 0)
			break;
		char typed[64];
		text_fit(typed, sizeof(typed), role, 20);
		snprintf(label, sizeof(label), "%s '%s'; role (%s): ", r == -2 ? "More than one role starts" : "No role",
			 typed, roles);
		role[0] = '\0';
	}
	/* Copied: the change rereads the event, so its strings may move. */
	snprintf(role, sizeof(role), "%s", ev->roles[r].id);
	int same = day_person_named(&t->dy, name, org);
	if (same >= 0) {
		const struct delegate *o = &ev->delegates[same];
		int seat = t->table_of[same];
		/* y adds one known apart from every one of that name (the record
		 * lists them): the question says how many there are. */
		size_t others = day_people_named(&t->dy, name, org) - 1;
		char more[48] = "";
		if (others)
			snprintf(more, sizeof(more), " and %zu more", others);
		char question[512];
		/* The keys first: a long name would push them off the line. */
		snprintf(question, sizeof(question),
			 "y: add another  any other key: no. Already here as %s (%s%s%s)%s: %s (%s)", o->id,
			 attendance_names[day_attendance(&t->dy, same)], seat >= 0 ? ", table " : "",
			 seat >= 0 ? ev->tables[seat].id : "", more, o->name, o->organisation);
		if (!tui_confirm(t, question)) {
			tui_status(t, false, "Not added: %s is %s (i checks them in)", o->name, o->id);
			return;
		}
	}
	struct day_op op = { .kind = DAY_OP_WALKIN, .name = name, .organisation = org, .role = role,
			     .again = same >= 0 };
	if (!tui_change(t, NULL, &op) || !tui_result()->walkin_id)
		return;
	const struct day_result *res = tui_result();
	/* With the figures the seat moved, as a move says them: a walk-in
	 * that brings an organisation clash says so. */
	char figures[256] = "";
	if (res->scored)
		plan_figures_compare(&res->before, &res->after, figures, sizeof(figures));
	tui_status(t, false, "Added %s as %s%s%s%s%s", name, res->walkin_id, res->table >= 0 ? ", seated at table " : "",
		   res->table >= 0 ? t->dy.ev.tables[res->table].id : "", figures[0] ? ". " : "", figures);
}

static enum reaction delegates_handle(struct view *v, enum action a, int key)
{
	struct delegates_state *s = v->data;
	struct tui *t = v->tui;
	if (!s)
		return REACT_NONE;
	if (s->searching) {
		size_t len = strlen(s->search);
		if (key == 27 || key == '\r' || key == KEY_ENTER) {
			s->searching = false;
			if (key == 27)
				s->search[0] = '\0';
		} else if ((key == KEY_BACKSPACE || key == 127 || key == 8) && len > 0) {
			do
				len--;
			while (len > 0 && (s->search[len] & 0xC0) == 0x80);
			s->search[len] = '\0';
		} else if (key >= 32 && key < 256 && key != 127 && len + 1 < sizeof(s->search)) {
			s->search[len] = (char)key;   /* UTF-8 arrives a byte at a time */
			s->search[len + 1] = '\0';
		} else if (key == KEY_UP || key == KEY_DOWN) {
			return view_move(v, key == KEY_UP ? ACTION_UP : ACTION_DOWN);
		}
		v->selected = 0;
		rebuild(v);
		return REACT_REDRAW;
	}
	int i = v->selected < s->count ? s->shown[v->selected] : -1;
	switch (a) {
	case ACTION_SEARCH:
		s->searching = true;
		return REACT_REDRAW;
	case ACTION_PRESENCE:
		s->presence = (enum presence_filter)((s->presence + 1) % SHOW_FILTERS);
		v->selected = 0;
		return REACT_REDRAW;
	case ACTION_ROLE:
		s->role = s->role + 1 >= (int)t->dy.ev.roles_count ? -1 : s->role + 1;
		snprintf(s->role_id, sizeof(s->role_id), "%s", s->role >= 0 ? t->dy.ev.roles[s->role].id : "");
		v->selected = 0;
		return REACT_REDRAW;
	case ACTION_ADD:
		add_walkin(t);
		return REACT_REDRAW;
	case ACTION_AT_TABLE: {
		char answer[64] = "";
		if (tui_prompt(t, "Only table (empty: all): ", answer, sizeof(answer))) {
			int table = answer[0] ? event_find_table(&t->dy.ev, answer) : -1;
			if (answer[0] && table < 0)
				tui_status(t, true, "there is no table '%s'", answer);
			else
				snprintf(s->table_id, sizeof(s->table_id), "%s", answer[0] ? t->dy.ev.tables[table].id : "");
			v->selected = 0;
		}
		return REACT_REDRAW;
	}
	case ACTION_OPEN:
		if (i >= 0 && t->table_of[i] >= 0)
			tui_push(t, &table_view_ops, t->table_of[i]);
		else if (i >= 0)
			tui_status(t, true, "%s has no seat", t->dy.ev.delegates[i].name);
		return REACT_REDRAW;
	case ACTION_BACK:
		if (s->search[0]) {
			s->search[0] = '\0';
			return REACT_REDRAW;
		}
		return REACT_NONE;
	default:
		return delegate_action(t, i, a);
	}
}

static const char *shown_id_at(struct view *v, int line)
{
	struct delegates_state *s = v->data;
	return s && line >= 0 && line < s->count ? v->tui->dy.ev.delegates[s->shown[line]].id : NULL;
}

static void delegates_reread(struct view *v)
{
	if (v->data)
		rebuild(v);
}

/* The people list's footer: the desk's keys, which work here (and not on
 * the overview), so they are found without ? (cold13 #13). */
static const struct view_action delegates_footer[] = {
	{ ACTION_ARRIVE, "", "Arrived", NULL, NULL },
	{ ACTION_NO_SHOW, "", "No-show", NULL, NULL },
	{ ACTION_ADD, "", "Walk-in", NULL, NULL },
	{ ACTION_SEARCH, "", "Search", NULL, NULL },
	{ ACTION_PRESENCE, "", "Filter", NULL, NULL },
	{ ACTION_UNDO, "", "Undo", NULL, NULL },
	{ ACTION_HELP, "", "Help", NULL, NULL },
};

static bool delegates_typing(struct view *v)
{
	const struct delegates_state *s = v->data;
	return s && s->searching;
}

const struct view_ops delegates_view_ops = {
	.title = "People",
	.footer = delegates_footer,
	.footer_count = sizeof(delegates_footer) / sizeof(delegates_footer[0]),
	.open = delegates_open,
	.draw = delegates_draw,
	.handle = delegates_handle,
	.close = delegates_close,
	.id_at = shown_id_at,
	.reread = delegates_reread,
	.typing = delegates_typing,
};
