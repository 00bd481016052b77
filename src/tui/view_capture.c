/* Note-taker mode for one table: the theme, its prompt, who sits there, the
 * stage, and the table's ideas by stage, key points first. Every change is
 * one journal record, on disk before the footer says it is saved. What is
 * typed is kept as a draft as it is typed, and the stage, round and name
 * written under are kept with it (draft.h), per device and table; u takes
 * back this terminal's own last change with the inverse record. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "draft.h"
#include "editor.h"
#include "journal.h"
#include "screen.h"
#include "text.h"
#include "view.h"

/* One change this terminal made, as the record that takes it back, and
 * what the idea showed after it (another terminal's later change to the
 * same field is not overwritten by an undo). */
struct capture_undo {
	struct journal_change inverse;  /* op, idea and the field to put back (owned strings) */
	char *after;                    /* text or owner after the change; NULL for the others */
	int after_int;                  /* kind or key after the change */
	char what[64];
};

#define CAPTURE_UNDO_MAX 64

struct capture_state {
	struct ideas ideas;
	int *order;             /* shown ideas, indexes into ideas.items */
	int shown;
	int stage;              /* stage new ideas go to; -1 when the event has none */
	char stage_id[EVENT_MAX_ID_BYTES + 1];      /* the same by id: a reread may shift the indexes */
	char author[128];       /* "" : the table's scribe */
	struct draft draft;     /* as kept on disk: the place, and any unsaved text */
	struct capture_undo undo[CAPTURE_UNDO_MAX];
	int undo_count;
	int draft_lock;         /* held while open: this terminal's draft is its own */
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

/* Sets the stage new ideas go to, by index, and keeps its id. */
static void set_stage(struct capture_state *s, const struct tui *t, int stage)
{
	s->stage = stage;
	snprintf(s->stage_id, sizeof(s->stage_id), "%s", stage_id(t, stage));
}

static const char *selected_id(const struct view *v)
{
	const struct capture_state *s = v->data;
	return s && v->selected >= 0 && v->selected < s->shown ? s->ideas.items[s->order[v->selected]].id : NULL;
}

/* Selects the idea with this id if it is shown; false if it is not. */
static bool select_idea(struct view *v, const char *id)
{
	struct capture_state *s = v->data;
	for (int k = 0; id && k < s->shown; k++)
		if (!strcmp(s->ideas.items[s->order[k]].id, id)) {
			v->selected = k;
			return true;
		}
	return false;
}

static void read_ideas(struct view *v);
static bool keep_draft(struct view *v);

/* Rereads the journals (this terminal's change, or another's) and keeps
 * the selection on the same idea, wherever it now sorts; select_id, when
 * given, is selected instead (a new idea). */
static void reload_selecting(struct view *v, const char *select_id)
{
	char *was = selected_id(v) ? strdup(selected_id(v)) : NULL;
	read_ideas(v);
	if (!select_idea(v, select_id))
		select_idea(v, was);
	free(was);
}

static void reload(struct view *v)
{
	reload_selecting(v, NULL);
}

static void read_ideas(struct view *v)
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

/* Puts the place kept for this device and table back, and says so. */
static void restore_place(struct view *v)
{
	struct capture_state *s = v->data;
	struct tui *t = v->tui;
	struct diag_list d;
	diag_list_init(&d);
	if (!draft_load(&t->dy.ev, t->dy.ev.tables[v->table].id, &s->draft, &d)) {
		tui_status(t, true, "Draft: %s", d.count ? d.items[0].message : "cannot be read");
		diag_list_free(&d);
		return;
	}
	diag_list_free(&d);
	bool was_saved = draft_text_saved(&s->draft, &s->ideas, t->dy.ev.tables[v->table].id);
	if (was_saved) {
		/* Stopped between saving and clearing: offering it again would save it twice. */
		draft_set(&s->draft.text, NULL);
		draft_set(&s->draft.idea, NULL);
		keep_draft(v);
	}
	char said[256] = "";
	size_t used = 0;
	for (size_t k = 0; s->draft.stage && k < t->dy.ev.stages_count; k++)
		if (!strcmp(t->dy.ev.stages[k].id, s->draft.stage) && (int)k != s->stage) {
			set_stage(s, t, (int)k);
			used += (size_t)snprintf(said + used, sizeof(said) - used, ", stage %s", t->dy.ev.stages[k].title);
		}
	size_t rounds = t->dy.has_plan ? t->dy.plan.rounds_count : 1;
	if (s->draft.round > 1 && (size_t)s->draft.round <= rounds && s->draft.round != t->round + 1) {
		t->round = s->draft.round - 1;
		tui_refresh_seating(t);
		used += (size_t)snprintf(said + used, sizeof(said) - used, ", round %d", s->draft.round);
	}
	if (s->draft.author && s->draft.author[0]) {
		snprintf(s->author, sizeof(s->author), "%s", s->draft.author);
		used += (size_t)snprintf(said + used, sizeof(said) - used, ", writing as %s", s->author);
	}
	if (s->draft.text) {
		bool edit = s->draft.idea && s->draft.idea[0];
		if (edit)
			select_idea(v, s->draft.idea);
		tui_status(t, false, "Your unsaved %s is back: %s continues it%s", edit ? "edit" : "idea",
			   edit ? "Enter" : "a", said);
	} else if (was_saved) {
		tui_status(t, false, "Your last idea was saved before capture closed%s", said);
	} else if (used) {
		tui_status(t, false, "As you left it: %s", said + 2);
	}
}

/* Keeps the place (and the draft's text, if any) on disk; says so only
 * when it cannot, and never over a message that an idea was not saved. */
static bool keep_draft(struct view *v)
{
	struct capture_state *s = v->data;
	struct tui *t = v->tui;
	struct diag_list d;
	diag_list_init(&d);
	int round = t->dy.has_plan && t->dy.plan.rounds_count > 1 ? t->round + 1 : 0;
	s->draft.round = round;
	bool ok = draft_set(&s->draft.stage, s->stage >= 0 ? t->dy.ev.stages[s->stage].id : NULL) &&
		  draft_set(&s->draft.author, s->author) &&
		  draft_save(&t->dy.ev, t->dy.ev.tables[v->table].id, &s->draft, &d);
	if (!ok && t->status[0]) {
		/* After what this key did (saved, or NOT SAVED), not over it. */
		size_t n = strlen(t->status);
		snprintf(t->status + n, sizeof(t->status) - n, "; draft NOT kept: %s",
			 d.count ? d.items[0].message : "out of memory");
		t->status_is_error = true;
	} else if (!ok) {
		tui_status(t, true, "Draft NOT kept: %s", d.count ? d.items[0].message : "out of memory");
	}
	diag_list_free(&d);
	return ok;
}

static void capture_open(struct view *v)
{
	struct capture_state *s = calloc(1, sizeof(*s));
	v->data = s;
	if (!s)
		return;
	set_stage(s, v->tui, v->tui->dy.ev.stages_count ? v->tui->dy.state.clock.stage : -1);
	s->draft_lock = draft_claim(&v->tui->dy.ev, v->tui->dy.ev.tables[v->table].id, &s->draft.slot);
	reload(v);
	restore_place(v);
	int waiting = draft_others_waiting(&v->tui->dy.ev, v->tui->dy.ev.tables[v->table].id, s->draft.slot);
	if (waiting)   /* said over anything else: text nobody would otherwise find */
		tui_status(v->tui, true, "%d more unsaved draft%s of this table, from a capture that stopped: open "
					 "capture on table %s in a second terminal here to get %s back",
			   waiting, waiting == 1 ? "" : "s", v->tui->dy.ev.tables[v->table].id, waiting == 1 ? "it" : "them");
	else if (s->draft.slot > 0 && !v->tui->status[0])
		tui_status(v->tui, false, "Table %s is open in another capture here: this one keeps its own draft",
			   v->tui->dy.ev.tables[v->table].id);
}

static void undo_free(struct capture_undo *u)
{
	free((char *)u->inverse.idea);
	free((char *)u->inverse.text);
	free((char *)u->inverse.owner);
	free(u->after);
	memset(u, 0, sizeof(*u));
}

static void capture_close(struct view *v)
{
	struct capture_state *s = v->data;
	if (s) {
		keep_draft(v);   /* the place, as left */
		ideas_free(&s->ideas);
		free(s->order);
		draft_free(&s->draft);
		for (int k = 0; k < s->undo_count; k++)
			undo_free(&s->undo[k]);
		if (s->draft_lock >= 0)
			close(s->draft_lock);   /* the slot is free for the next capture */
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
	/* The one stage on screen: where new ideas go (] and [), not the
	 * room's clock, which the header leaves out here. */
	/* The count at the right, whole. Stage title and name share the rest:
	 * either is whole when it fits in half, the other then has what is
	 * left, so neither a long title nor a long name hides the other. */
	char count[32], stage[512], author[256];
	snprintf(count, sizeof(count), "%d idea%s", s->shown, s->shown == 1 ? "" : "s");
	int count_cols = text_width(count);
	const char *writer = s->author[0] ? s->author : "the table (scribe)";
	const char *title = s->stage >= 0 ? ev->stages[s->stage].title : "(no stages)";
	const char *between = " \xC2\xB7 writing as: ";
	snprintf(line, sizeof(line), "%sIdeas go to: ", round);
	int free_cols = COLS - count_cols - 2 - text_width(line) - text_width(between);
	int title_cols = text_width(title), writer_cols = text_width(writer);
	if (title_cols + writer_cols > free_cols && free_cols >= 2) {
		int half = free_cols / 2;
		if (title_cols <= half)
			writer_cols = free_cols - title_cols;
		else if (writer_cols <= half)
			title_cols = free_cols - writer_cols;
		else
			title_cols = half, writer_cols = free_cols - half;
	}
	text_fit(stage, sizeof(stage), title, title_cols);
	text_fit(author, sizeof(author), writer, writer_cols);
	snprintf(line + strlen(line), sizeof(line) - strlen(line), "%s%s%s", stage, between, author);
	screen_text(top + 3, 0, COLS - count_cols - 2, line, A_BOLD);
	screen_text(top + 3, COLS - count_cols, count_cols, count, A_BOLD);
	if (s->draft.text) {
		/* An unsaved draft waits: say so above the list. */
		snprintf(line, sizeof(line), "Unsaved %s (%s continues it): %s", s->draft.idea && s->draft.idea[0] ? "edit" : "idea",
			 s->draft.idea && s->draft.idea[0] ? "Enter" : "a", s->draft.text);
		for (char *nl = line; (nl = strchr(nl, '\n'));)
			*nl = ' ';
		screen_text(top + 4, 0, COLS, line, screen_attr(COLOUR_WARNING));
		top++;
		height--;
	}
	int rows = height - 4;
	/* The selected idea whole below the list when its row cannot show it
	 * (several lines, or wider than the screen): up to 4 lines of it. */
	const struct idea *sel_x = v->selected < s->shown ? &s->ideas.items[s->order[v->selected]] : NULL;
	bool preview = sel_x && rows >= 10 && (strchr(sel_x->text, '\n') || text_width(sel_x->text) > COLS - 24);
	if (preview)
		rows -= 5;
	view_scroll_to_selection(v, rows);
	for (int row = 0; row < rows && v->offset + row < s->shown; row++) {
		const struct idea *x = &s->ideas.items[s->order[v->offset + row]];
		/* Every line of the idea, joined with " / ", as far as the row goes. */
		char joined[600];
		size_t used_j = 0;
		for (const char *p = x->text; *p && used_j < sizeof(joined) - 8; p++) {
			if (*p == '\n') {
				memcpy(joined + used_j, " / ", 3);
				used_j += 3;
			} else {
				joined[used_j++] = *p;
			}
		}
		joined[used_j] = '\0';
		snprintf(line, sizeof(line), "%s %-8s %-9s %+d %s%s%s%s", x->key ? "\xE2\x98\x85" : " ",
			 x->stage[0] ? x->stage : "-", idea_kind_names[x->kind], x->votes, joined,
			 x->owner[0] ? " (" : "", x->owner, x->owner[0] ? ")" : "");
		bool sel = v->offset + row == v->selected;
		screen_text(top + 4 + row, 0, COLS, line, sel ? screen_attr(COLOUR_SELECTED) : (int)A_NORMAL);
	}
	if (preview) {
		int y = top + 4 + rows;
		screen_text(y, 0, COLS, "\xE2\x94\x80\xE2\x94\x80 the selected idea in full", screen_attr(COLOUR_DIM));
		const char *p = sel_x->text;
		for (int k = 1; k <= 4 && *p; k++) {
			size_t n = text_line_break(p, COLS - 2);
			char piece[1024];
			snprintf(piece, sizeof(piece), "%.*s%s", (int)n, p, k == 4 && p[n] ? " \xE2\x80\xA6" : "");
			screen_text(y + k, 1, COLS - 2, piece, A_NORMAL);
			p += n;
			p += *p == '\n' ? 1 : strspn(p, " ");
		}
	}
	if (!s->shown)
		screen_text(top + 4, 1, COLS - 2, "No ideas yet: a adds one.", screen_attr(COLOUR_DIM));
}

/* Writes one change; the footer says saved only once it is on disk. The
 * selection follows the idea changed (a new one too). undo, if not NULL,
 * is the record that takes the change back, kept for u once it is saved. */
static bool save_change(struct view *v, struct journal_change *c, const char *done, struct capture_undo *undo)
{
	struct tui *t = v->tui;
	struct capture_state *s = v->data;
	/* The list may be up to a second behind the files: another terminal
	 * may have deleted this idea meanwhile. Read again first, so a vote or
	 * an edit never lands on a deleted idea (kept, but shown nowhere). */
	if (c->idea && strcmp(c->op, "restore")) {
		char *id = strdup(c->idea);
		reload_selecting(v, id);
		const struct idea *now = NULL;
		for (size_t i = 0; id && i < s->ideas.count && !now; i++)
			if (!strcmp(s->ideas.items[i].id, id))
				now = &s->ideas.items[i];
		c->idea = now ? now->id : NULL;   /* the old text went with the reread */
		c->after = now ? now->changed : 0;
		free(id);
		if (!now || now->deleted) {
			tui_status(t, true, "Not saved: another terminal deleted this idea a moment ago (alchemy idea restore brings it back)");
			if (undo)
				undo_free(undo);
			return false;
		}
	}
	char scribe[JOURNAL_SCRIBE_BYTES];
	journal_scribe_name(t->dy.ev.tables[v->table].id, scribe);
	c->table = t->dy.ev.tables[v->table].id;
	c->author = s->author[0] ? s->author : scribe;
	struct diag_list d;
	diag_list_init(&d);
	char *id = NULL;
	bool ok = journal_append(&t->dy.ev, c, &id, &d);
	if (ok)
		tui_status(t, false, "%s: saved", done);
	else
		tui_status(t, true, "NOT SAVED: %s", d.count ? d.items[0].message : "write failed");
	diag_list_free(&d);
	if (ok && undo) {
		if (!undo->inverse.idea)
			undo->inverse.idea = id ? strdup(id) : NULL;   /* an add: its new id */
		/* What u will name: the change alone, without the footer's aside
		 * ("Idea deleted", not "... (kept in the journal's history...)"). */
		snprintf(undo->what, sizeof(undo->what), "%.*s", (int)strcspn(done, "("), done);
		size_t w = strlen(undo->what);
		while (w > 0 && undo->what[w - 1] == ' ')
			undo->what[--w] = '\0';
		if (s->undo_count == CAPTURE_UNDO_MAX) {
			undo_free(&s->undo[0]);
			memmove(s->undo, s->undo + 1, (CAPTURE_UNDO_MAX - 1) * sizeof(*s->undo));
			s->undo_count--;
		}
		s->undo[s->undo_count++] = *undo;
		memset(undo, 0, sizeof(*undo));
	}
	if (undo)
		undo_free(undo);
	reload_selecting(v, id);
	free(id);
	return ok;
}

/* u: this terminal's last change taken back, by appending its inverse;
 * refused when another terminal has changed that field since. */
static void undo_last(struct view *v)
{
	struct capture_state *s = v->data;
	struct tui *t = v->tui;
	if (!s->undo_count) {
		tui_status(t, true, "Nothing to undo: no change made from this terminal yet");
		return;
	}
	reload(v);   /* what the idea is now, whoever changed it last */
	struct capture_undo *u = &s->undo[s->undo_count - 1];
	const struct idea *x = NULL;
	for (size_t i = 0; i < s->ideas.count; i++)
		if (u->inverse.idea && !strcmp(s->ideas.items[i].id, u->inverse.idea))
			x = &s->ideas.items[i];
	const char *op = u->inverse.op;
	bool moved_on = !x || (!strcmp(op, "text") && strcmp(x->text, u->after)) ||
			(!strcmp(op, "owner") && strcmp(x->owner, u->after)) ||
			(!strcmp(op, "kind") && (int)x->kind != u->after_int) ||
			(!strcmp(op, "key") && (int)x->key != u->after_int) ||
			(!strcmp(op, "delete") && (x->deleted || (u->after && strcmp(x->text, u->after)) ||
						    (int)x->kind != u->after_int || x->key || x->owner[0] || x->votes)) ||
			(!strcmp(op, "restore") && !x->deleted);
	if (moved_on) {
		tui_status(t, true, "Not undone: another terminal has changed that idea since (%s)", u->what);
		undo_free(u);
		s->undo_count--;
		return;
	}
	char done[96];
	/* Named as the change it takes back, and what that means now. */
	snprintf(done, sizeof(done), "Undid \"%s\"%s", u->what,
		 !strcmp(op, "restore") ? ", the idea is back" : !strcmp(op, "delete") ? ", the idea is gone (kept in its history)" : "");
	struct journal_change c = u->inverse;
	c.after = x->changed;
	if (save_change(v, &c, done, NULL)) {
		select_idea(v, u->inverse.idea);
		undo_free(u);
		s->undo_count--;
	}
}

/* The draft as the editor keeps it, a second behind at most. */
static bool keep_typed(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct capture_state *s = v->data;
	return draft_set(&s->draft.text, text) && keep_draft(v);
}

/* After a resize while the editor is open: capture's screen at the new size. */
static void redraw_under_editor(void *ctx)
{
	struct view *v = ctx;
	tui_redraw(v->tui);
}

/* The draft waiting is an edit of x (NULL: of a new idea). */
static bool draft_is_for(const struct capture_state *s, const struct idea *x)
{
	const char *id = s->draft.idea ? s->draft.idea : "";
	return x ? !strcmp(id, x->id) : !id[0];
}

/* a, or Enter on an idea: the editor on a new idea, an idea's text, or the
 * draft left unsaved (whichever key is pressed, so it is never lost); the
 * draft goes once the text is saved or the editor is left with Esc. */
static void write_idea(struct view *v, const struct idea *x)
{
	struct capture_state *s = v->data;
	struct tui *t = v->tui;
	bool restored = s->draft.text != NULL;
	if (restored && s->draft.idea && s->draft.idea[0]) {
		x = NULL;   /* the edit it was: of an idea still shown, else saved as a new one */
		for (int k = 0; k < s->shown; k++)
			if (!strcmp(s->ideas.items[s->order[k]].id, s->draft.idea))
				x = &s->ideas.items[s->order[k]];
	} else if (restored) {
		x = NULL;
	}
	if (!draft_set(&s->draft.idea, x ? x->id : "")) {
		tui_status(t, true, "out of memory");
		return;
	}
	const struct editor_draft keeping = { keep_typed, v, restored, redraw_under_editor };
	char title[1024];
	if (x) {
		/* Which idea: its first line (the screen cuts it to the width), so a
		 * restored edit says what it is. */
		size_t n = strcspn(x->text, "\n");
		snprintf(title, sizeof(title), "Edit idea: %.*s%s", (int)(n < 900 ? n : 900), x->text,
			 x->text[n] ? " \xE2\x80\xA6" : "");
	} else {
		snprintf(title, sizeof(title), "New idea for stage %s (#tags welcome)",
			 s->stage >= 0 ? t->dy.ev.stages[s->stage].title : "-");
	}
	char *text = edit_text(title,
			       restored ? s->draft.text : x ? x->text : "", IDEA_MAX_TEXT_BYTES, 5, &keeping);   /* its keys replace the footer */
	if (screen_hung_up())
		return;   /* the editor kept what was typed; capture_close keeps it on disk */
	if (text && x && !strcmp(text, x->text)) {
		free(text);
		text = NULL;    /* unchanged: nothing to save */
	}
	bool keep = false;
	if (text && !text[strspn(text, " \t\r\n")]) {
		tui_status(t, true, "Not saved: the idea is blank%s", x ? " (D deletes an idea)" : "");
	} else if (text) {
		struct journal_change c = { .kind = IDEA, .text = text };
		struct capture_undo undo = { .inverse = { .op = x ? "text" : "delete" } };
		if (x) {
			c.op = "text";
			c.idea = x->id;
			undo.inverse.idea = strdup(x->id);
			undo.inverse.text = strdup(x->text);
			undo.after = strdup(text);
		} else {
			c.op = "add";
			c.stage = stage_id(t, s->stage);
			c.round = plan_round(t);
			/* Undoing an add deletes the idea: only while it is as added. */
			undo.after = strdup(text);
			undo.after_int = IDEA;
		}
		keep = !save_change(v, &c, x ? "Idea edited" : "Idea added", &undo);   /* not saved: kept */
	}
	if (!keep) {
		draft_set(&s->draft.text, NULL);
		draft_set(&s->draft.idea, NULL);
	} else {
		draft_set(&s->draft.text, text);
	}
	keep_draft(v);
	free(text);
}

static enum reaction capture_handle(struct view *v, enum action a, int key)
{
	struct capture_state *s = v->data;
	struct tui *t = v->tui;
	if (!s)
		return REACT_NONE;
	const struct idea *x = v->selected < s->shown ? &s->ideas.items[s->order[v->selected]] : NULL;
	struct journal_change c = { .kind = IDEA };
	struct capture_undo undo = { 0 };
	switch (a) {
	case ACTION_ADD:
		if (s->draft.text && s->draft.idea && s->draft.idea[0] && select_idea(v, s->draft.idea))
			tui_status(t, false, "Your unsaved edit of this idea comes first: Enter goes on with it");
		else
			write_idea(v, NULL);
		return REACT_REDRAW;
	case ACTION_OPEN:   /* Enter: edit the selected idea */
		if (s->draft.text && !draft_is_for(s, x)) {
			/* One draft at a time: the unsaved one comes first, and Enter
			 * never opens another idea than the one highlighted. */
			bool edit = s->draft.idea && s->draft.idea[0];
			if (edit && select_idea(v, s->draft.idea))
				tui_status(t, false, "Your unsaved edit of this idea comes first: Enter goes on with it");
			else if (edit)
				write_idea(v, NULL);   /* its idea is gone: saved as a new one */
			else
				tui_status(t, false, "Your unsaved new idea comes first: a goes on with it (Esc, y discards it)");
		} else if (x || s->draft.text) {
			write_idea(v, x);
		}
		return REACT_REDRAW;
	case ACTION_UNDO:
		undo_last(v);
		return REACT_REDRAW;
	case ACTION_REDO:
		tui_status(t, true, "Capture has no redo: u takes back your last change, which you can make again");
		return REACT_REDRAW;
	case ACTION_HELP:
		tui_push(t, &capture_help_view_ops, -1);
		return REACT_REDRAW;
	case ACTION_BACK:
		/* Left or h, easily pressed while writing, never leave; alchemy
		 * capture has nothing under it to go back to, so Esc asks to quit. */
		if (key != 27)
			tui_status(t, false, t->note_taker ? "Esc leaves capture (it asks first); q quits" :
							     "Esc goes back to the tables");
		else if (!t->note_taker)
			return REACT_NONE;
		else if (screen_ask_yes(LINES - 1, "Leave capture and quit alchemy? y: quit  any other key: stay"))
			return REACT_QUIT;
		else
			tui_status(t, false, "Still capturing at table %s", t->dy.ev.tables[v->table].id);
		return REACT_REDRAW;
	case ACTION_NEXT_STAGE:
	case ACTION_PREV_STAGE:
		if (t->dy.ev.stages_count) {
			int n = s->stage + (a == ACTION_NEXT_STAGE ? 1 : -1);
			bool moved = n >= 0 && (size_t)n < t->dy.ev.stages_count;
			if (moved)
				set_stage(s, t, n);
			keep_draft(v);
			const char *already = moved ? "" : a == ACTION_NEXT_STAGE ? "Already the last stage; "
										    : "Already the first stage; ";
			tui_status(t, false, "%s%s ideas go to: %s", already, moved ? "New" : "new",
				   t->dy.ev.stages[s->stage].title);
		}
		return REACT_REDRAW;
	default:
		break;
	}
	/* Changes to the selected idea. */
	if (a == ACTION_WRITE_AS) {
		if (tui_prompt(t, "Write as (empty: the table's scribe): ", s->author, sizeof(s->author))) {
			tui_status(t, false, "New ideas are written as %s", s->author[0] ? s->author : "the table's scribe");
			keep_draft(v);
		}
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
	undo.inverse.idea = strdup(x->id);
	char owner[128];
	switch (a) {
	case ACTION_KEY_POINT:
		c.op = undo.inverse.op = "key";
		c.key = !x->key;
		undo.inverse.key = x->key;
		undo.after_int = c.key;
		save_change(v, &c, c.key ? "Marked a key point" : "No longer a key point", &undo);
		break;
	case ACTION_VOTE_UP:
	case ACTION_VOTE_DOWN:
		if (a == ACTION_VOTE_DOWN && x->votes <= 0) {
			tui_status(t, true, "No vote to take back: this idea has none");
			undo_free(&undo);
			break;
		}
		c.op = undo.inverse.op = "vote";
		c.vote = a == ACTION_VOTE_UP ? 1 : -1;
		undo.inverse.vote = -c.vote;   /* votes add up: taking one back never undoes another's */
		save_change(v, &c, a == ACTION_VOTE_UP ? "Vote added" : "Vote taken back", &undo);
		break;
	case ACTION_KIND:
		c.op = undo.inverse.op = "kind";
		c.kind = (enum idea_kind)((x->kind + 1) % IDEA_KINDS);
		undo.inverse.kind = x->kind;
		undo.after_int = (int)c.kind;
		save_change(v, &c, idea_kind_names[c.kind], &undo);
		break;
	case ACTION_OWNER:
		snprintf(owner, sizeof(owner), "%s", x->owner);
		if (!tui_prompt(t, "Owner (an organisation; a person's name shows only in --names reports): ", owner,
				sizeof(owner))) {
			undo_free(&undo);
			break;
		}
		c.op = undo.inverse.op = "owner";
		c.owner = owner;
		undo.inverse.owner = strdup(x->owner);
		undo.after = strdup(owner);
		save_change(v, &c, "Owner set", &undo);
		break;
	default:
		/* One key, as Esc's "Discard what you wrote?" asks. */
		if (!screen_ask_yes(LINES - 1, "Delete this idea? y: delete  any other key: keep it")) {
			tui_status(t, false, "Not deleted");
			undo_free(&undo);
			break;
		}
		c.op = "delete";
		undo.inverse.op = "restore";
		save_change(v, &c, "Idea deleted (kept in the journal's history; u brings it back)", &undo);
		break;
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
	struct capture_state *s = v->data;
	if (!s)
		return;
	/* The stage by id: event.yaml's stages may have changed under it. */
	const struct tui *t = v->tui;
	int k = s->stage_id[0] ? stage_index(t, s->stage_id) : -1;
	if ((size_t)k < t->dy.ev.stages_count)
		s->stage = k;
	else if (s->stage_id[0] || s->stage >= (int)t->dy.ev.stages_count) {
		int last = (int)t->dy.ev.stages_count - 1;
		set_stage(s, t, s->stage < 0 || s->stage > last ? last : s->stage);
		tui_status(v->tui, true, "The stage new ideas went to is no longer in the event; they go to %s",
			   s->stage >= 0 ? t->dy.ev.stages[s->stage].title : "no stage");
	}
	reload(v);
}
/* What capture does, for its help screen (?) and footer: the keys come
 * from the one key table; where a key means something else here, its words
 * say so. */
static const struct view_action capture_actions[] = {
	{ ACTION_ADD, "Ideas", "New idea", "Write a new idea (Ctrl-D saves, Esc cancels)", NULL },
	{ ACTION_OPEN, "Ideas", "Edit", "Edit the selected idea, or go on with a draft", NULL },
	{ ACTION_KEY_POINT, "Ideas", NULL, NULL, NULL },
	{ ACTION_VOTE_UP, "Ideas", NULL, NULL, NULL },
	{ ACTION_VOTE_DOWN, "Ideas", NULL, NULL, NULL },
	{ ACTION_KIND, "Ideas", NULL, NULL, NULL },
	{ ACTION_OWNER, "Ideas", NULL, NULL, NULL },
	{ ACTION_DELETE, "Ideas", NULL, NULL, NULL },
	{ ACTION_UNDO, "Ideas", "Undo", "Undo your last change from this terminal", NULL },
	{ ACTION_WRITE_AS, "Where new ideas go", NULL, NULL, NULL },
	{ ACTION_NEXT_STAGE, "Where new ideas go", NULL, "The next stage: new ideas go to it", NULL },
	{ ACTION_PREV_STAGE, "Where new ideas go", NULL, "The previous stage", NULL },
	{ ACTION_NEXT_ROUND, "Where new ideas go", NULL, "The next round (plans of several rounds)", NULL },
	{ ACTION_PREV_ROUND, "Where new ideas go", NULL, "The previous round", NULL },
	{ ACTION_UP, "Moving", NULL, NULL, NULL },
	{ ACTION_DOWN, "Moving", NULL, NULL, NULL },
	{ ACTION_PAGE_UP, "Moving", NULL, NULL, NULL },
	{ ACTION_PAGE_DOWN, "Moving", NULL, NULL, NULL },
	{ ACTION_FIRST, "Moving", NULL, NULL, NULL },
	{ ACTION_LAST, "Moving", NULL, NULL, NULL },
	{ ACTION_HELP, "General", "Keys", "Show capture's keys", NULL },
	/* Left and h, easily pressed while writing, do not leave capture */
	{ ACTION_BACK, "General", "Leave", "Leave capture (place and draft are kept)", "Esc" },
	{ ACTION_REDRAW, "General", NULL, "Reread the ideas and redraw the screen", NULL },
	{ ACTION_QUIT, "General", "Quit", NULL, NULL },
};

const struct view_ops capture_view_ops = {
	.title = "Capture",
	.open = capture_open,
	.draw = capture_draw,
	.handle = capture_handle,
	.close = capture_close,
	.id_at = idea_id_at,
	.reread = capture_reread,
	.actions = capture_actions,
	.actions_count = sizeof(capture_actions) / sizeof(capture_actions[0]),
};
