/* Note-taker mode for one table: the theme, its prompt, who sits there, the
 * stage, and the table's ideas by stage, key points first. Every change is
 * one journal record, on disk before the footer says it is saved. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "editor.h"
#include "journal.h"
#include "screen.h"
#include "text.h"
#include "view.h"

struct capture_state {
	struct ideas ideas;
	int *order;             /* shown ideas, indexes into ideas.items */
	int shown;
	int stage;              /* stage new ideas go to; -1 when the event has none */
	char author[128];       /* "" : the table's scribe */
};

/* The round new ideas are captured in: the one shown (} and {), 1-based;
 * 0 when the plan has one round. */
static int plan_round(const struct tui *t)
{
	return t->dy.has_plan && t->dy.plan.rounds_count > 1 ? t->round + 1 : 0;
}

static const char *stage_id(const struct tui *t, int stage)
{
	return stage >= 0 && (size_t)stage < t->dy.ev.stages_count ? t->dy.ev.stages[stage].id : "";
}

static int stage_index(const struct tui *t, const char *id)
{
	for (size_t s = 0; s < t->dy.ev.stages_count; s++)
		if (!strcmp(t->dy.ev.stages[s].id, id))
			return (int)s;
	return (int)t->dy.ev.stages_count;   /* no stage: after the others */
}

static void reload(struct view *v)
{
	struct capture_state *s = v->data;
	struct tui *t = v->tui;
	ideas_free(&s->ideas);
	struct diag_list d, w;
	diag_list_init(&d);
	diag_list_init(&w);
	if (!journal_read(&t->dy.ev, &s->ideas, &w, &d) && d.count)
		tui_status(t, true, "%s", d.items[0].message);
	else if (w.count)
		tui_status(t, true, "%s (line %d)", w.items[0].message, w.items[0].line);
	diag_list_free(&d);
	diag_list_free(&w);
	free(s->order);
	s->order = malloc((s->ideas.count ? s->ideas.count : 1) * sizeof(int));
	s->shown = 0;
	const char *table = t->dy.ev.tables[v->table].id;
	/* By stage, key points first, then most votes, then as written. */
	for (int pass_stage = 0; s->order && pass_stage <= (int)t->dy.ev.stages_count; pass_stage++)
		for (int key = 1; key >= 0; key--) {
			int from = s->shown;
			for (size_t i = 0; i < s->ideas.count; i++) {
				const struct idea *x = &s->ideas.items[i];
				if (x->deleted || strcmp(x->table, table) || stage_index(t, x->stage) != pass_stage ||
				    x->key != (key == 1))
					continue;
				s->order[s->shown++] = (int)i;
			}
			for (int a = from + 1; a < s->shown; a++)
				for (int b = a; b > from && s->ideas.items[s->order[b]].votes >
							   s->ideas.items[s->order[b - 1]].votes; b--) {
					int tmp = s->order[b];
					s->order[b] = s->order[b - 1];
					s->order[b - 1] = tmp;
				}
		}
	v->lines = s->shown;
	if (v->selected >= v->lines)
		v->selected = v->lines ? v->lines - 1 : 0;
}

static void capture_open(struct view *v)
{
	struct capture_state *s = calloc(1, sizeof(*s));
	v->data = s;
	if (!s)
		return;
	s->stage = v->tui->dy.ev.stages_count ? v->tui->dy.state.clock.stage : -1;
	reload(v);
}

static void capture_close(struct view *v)
{
	struct capture_state *s = v->data;
	if (s) {
		ideas_free(&s->ideas);
		free(s->order);
	}
	free(s);
}

static void capture_draw(struct view *v, int top, int height)
{
	struct capture_state *s = v->data;
	struct tui *t = v->tui;
	const struct event *ev = &t->dy.ev;
	if (!s)
		return;
	int th = t->table_theme[v->table];
	char line[1024];
	snprintf(line, sizeof(line), "Table %s: %s", ev->tables[v->table].id, th >= 0 ? ev->themes[th].title : "(no theme)");
	screen_text(top, 0, COLS, line, screen_attr(COLOUR_HEADING) | A_BOLD);
	screen_text(top + 1, 0, COLS, th >= 0 && ev->themes[th].prompt ? ev->themes[th].prompt : "",
		    screen_attr(COLOUR_DIM));
	size_t used = (size_t)snprintf(line, sizeof(line), "At the table: ");
	for (size_t i = 0; i < ev->delegates_count && used < sizeof(line) - 4; i++)
		if (t->table_of[i] == v->table)
			used += (size_t)snprintf(line + used, sizeof(line) - used, "%s, ", ev->delegates[i].name);
	if (used > 2 && line[used - 2] == ',')
		line[used - 2] = '\0';
	screen_text(top + 2, 0, COLS, line, A_NORMAL);
	char round[32] = "";
	if (plan_round(t))
		snprintf(round, sizeof(round), "Round %d \xC2\xB7 ", plan_round(t));
	snprintf(line, sizeof(line), "%sStage: %s \xC2\xB7 writing as: %s \xC2\xB7 %d idea%s", round,
		 s->stage >= 0 ? ev->stages[s->stage].title : "(none)", s->author[0] ? s->author : "the table (scribe)",
		 s->shown, s->shown == 1 ? "" : "s");
	screen_text(top + 3, 0, COLS, line, A_BOLD);
	int rows = height - 4;
	view_scroll_to_selection(v, rows);
	int last_stage = -2;
	(void)last_stage;
	for (int row = 0; row < rows && v->offset + row < s->shown; row++) {
		const struct idea *x = &s->ideas.items[s->order[v->offset + row]];
		char first[512];
		const char *nl = strchr(x->text, '\n');
		snprintf(first, sizeof(first), "%.*s%s", nl ? (int)(nl - x->text) : (int)strlen(x->text), x->text,
			 nl ? " \xE2\x80\xA6" : "");
		snprintf(line, sizeof(line), "%s %-8s %-9s %+d %s%s%s%s", x->key ? "\xE2\x98\x85" : " ",
			 x->stage[0] ? x->stage : "-", idea_kind_names[x->kind], x->votes, first,
			 x->owner[0] ? " (" : "", x->owner, x->owner[0] ? ")" : "");
		bool sel = v->offset + row == v->selected;
		screen_text(top + 4 + row, 0, COLS, line, sel ? screen_attr(COLOUR_SELECTED) : (int)A_NORMAL);
	}
	if (!s->shown)
		screen_text(top + 4, 1, COLS - 2, "No ideas yet: a adds one.", screen_attr(COLOUR_DIM));
}

/* Writes one change; the footer says saved only once it is on disk. */
static void save_change(struct view *v, struct journal_change *c, const char *done)
{
	struct tui *t = v->tui;
	struct capture_state *s = v->data;
	char scribe[64];
	snprintf(scribe, sizeof(scribe), "table %s", t->dy.ev.tables[v->table].id);
	c->table = t->dy.ev.tables[v->table].id;
	c->author = s->author[0] ? s->author : scribe;
	struct diag_list d;
	diag_list_init(&d);
	if (journal_append(&t->dy.ev, c, NULL, &d))
		tui_status(t, false, "%s: saved", done);
	else
		tui_status(t, true, "NOT SAVED: %s", d.count ? d.items[0].message : "write failed");
	diag_list_free(&d);
	reload(v);
}

static enum reaction capture_handle(struct view *v, enum action a, int key)
{
	(void)key;
	struct capture_state *s = v->data;
	struct tui *t = v->tui;
	if (!s)
		return REACT_NONE;
	const struct idea *x = v->selected < s->shown ? &s->ideas.items[s->order[v->selected]] : NULL;
	char *text;
	struct journal_change c = { .kind = IDEA };
	switch (a) {
	case ACTION_ADD:
		if (!(text = edit_text("New idea (#tags welcome)", "", IDEA_MAX_TEXT_BYTES, 5, LINES - 6)))
			return REACT_REDRAW;
		if (text[0]) {
			c.op = "add";
			c.text = text;
			c.stage = stage_id(t, s->stage);
			c.round = plan_round(t);
			save_change(v, &c, "Idea added");
		}
		free(text);
		return REACT_REDRAW;
	case ACTION_OPEN:   /* Enter: edit */
		if (!x)
			return REACT_REDRAW;
		if (!(text = edit_text("Edit idea", x->text, IDEA_MAX_TEXT_BYTES, 5, LINES - 6)))
			return REACT_REDRAW;
		if (text[0] && strcmp(text, x->text)) {
			c.op = "text";
			c.idea = x->id;
			c.text = text;
			save_change(v, &c, "Idea edited");
		} else if (!text[0]) {
			tui_status(t, true, "Not saved: an idea cannot be empty (D deletes it)");
		}
		free(text);
		return REACT_REDRAW;
	case ACTION_NEXT_STAGE:
	case ACTION_PREV_STAGE:
		if (t->dy.ev.stages_count) {
			int n = s->stage + (a == ACTION_NEXT_STAGE ? 1 : -1);
			if (n >= 0 && (size_t)n < t->dy.ev.stages_count)
				s->stage = n;
			tui_status(t, false, "New ideas go to: %s", t->dy.ev.stages[s->stage].title);
		}
		return REACT_REDRAW;
	default:
		break;
	}
	/* Changes to the selected idea. */
	if (a == ACTION_WRITE_AS) {
		tui_prompt(t, "Write as (empty: the table's scribe): ", s->author, sizeof(s->author));
		return REACT_REDRAW;
	}
	bool idea_action = a == ACTION_KEY_POINT || a == ACTION_VOTE_UP || a == ACTION_VOTE_DOWN ||
			   a == ACTION_KIND || a == ACTION_OWNER || a == ACTION_DELETE;
	if (!idea_action)
		return REACT_NONE;
	if (!x) {
		tui_status(t, true, "no idea selected: a adds one");
		return REACT_REDRAW;
	}
	c.idea = x->id;
	char owner[128];
	switch (a) {
	case ACTION_KEY_POINT:
		c.op = "key";
		c.key = !x->key;
		save_change(v, &c, c.key ? "Marked a key point" : "No longer a key point");
		break;
	case ACTION_VOTE_UP:
	case ACTION_VOTE_DOWN:
		c.op = "vote";
		c.vote = a == ACTION_VOTE_UP ? 1 : -1;
		save_change(v, &c, a == ACTION_VOTE_UP ? "Vote added" : "Vote taken back");
		break;
	case ACTION_KIND:
		c.op = "kind";
		c.kind = (enum idea_kind)((x->kind + 1) % IDEA_KINDS);
		save_change(v, &c, idea_kind_names[c.kind]);
		break;
	case ACTION_OWNER:
		snprintf(owner, sizeof(owner), "%s", x->owner);
		if (!tui_prompt(t, "Owner of this action: ", owner, sizeof(owner)))
			break;
		c.op = "owner";
		c.owner = owner;
		save_change(v, &c, "Owner set");
		break;
	default: {
		char sure[8] = "";
		if (!tui_prompt(t, "Delete this idea? (y to delete) ", sure, sizeof(sure)) || strcmp(sure, "y"))
			break;
		c.op = "delete";
		save_change(v, &c, "Idea deleted (kept in the journal's history)");
		break;
	}
	}
	return REACT_REDRAW;
}

/* Following other note-takers: the same idea stays selected. */
static const char *idea_id_at(struct view *v, int line)
{
	struct capture_state *s = v->data;
	return s && line >= 0 && line < s->shown ? s->ideas.items[s->order[line]].id : NULL;
}

static void capture_reread(struct view *v)
{
	if (v->data)
		reload(v);
}

const struct view_ops capture_view_ops = {
	.title = "Capture",
	.open = capture_open,
	.draw = capture_draw,
	.handle = capture_handle,
	.close = capture_close,
	.id_at = idea_id_at,
	.reread = capture_reread,
};
