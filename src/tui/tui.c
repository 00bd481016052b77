/* The main loop: a stack of views, a header with the stage clock, a footer,
 * resize handling; and the change cycle every view uses (lock and reread,
 * change, save, undo record, figures before and after). */
#include "tui.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <wchar.h>

#include "fileio.h"
#include "journal.h"
#include "keys.h"
#include "report.h"
#include "plan.h"
#include "screen.h"
#include "text.h"
#include "view.h"

#define VIEW_STACK_MAX 8

static struct view view_stack[VIEW_STACK_MAX];
static int view_depth;
static struct plan_score figures_before;
static bool have_figures_before;
static struct snapshot pending;     /* the state before the change under way */

void tui_push(struct tui *t, const struct view_ops *ops, int table)
{
	if (view_depth == VIEW_STACK_MAX)
		return;
	struct view *v = &view_stack[view_depth++];
	memset(v, 0, sizeof(*v));
	v->ops = ops;
	v->tui = t;
	v->table = table;
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
	if (v->offset < 0)
		v->offset = 0;
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

void tui_status(struct tui *t, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->status, sizeof(t->status), fmt, ap);
	va_end(ap);
	t->status_is_error = error;
}

void tui_refresh_seating(struct tui *t)
{
	const struct event *ev = &t->dy.ev;
	free(t->table_of);
	free(t->table_theme);
	t->table_of = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(int));
	t->table_theme = malloc((ev->tables_count ? ev->tables_count : 1) * sizeof(int));
	if (!t->table_of || !t->table_theme)
		screen_die(EX_OSERR, "out of memory");
	if (t->dy.has_plan) {
		if (t->round < 0 || (size_t)t->round >= t->dy.plan.rounds_count)
			t->round = 0;
		memcpy(t->table_of, t->dy.plan.rounds[t->round].seat, ev->delegates_count * sizeof(int));
		memcpy(t->table_theme, t->dy.plan.rounds[t->round].table_theme, ev->tables_count * sizeof(int));
	} else {
		seating_from_pins(ev, t->table_of);
		for (size_t i = 0; i < ev->tables_count; i++)
			t->table_theme[i] = ev->tables[i].theme;
	}
	table_mixes_free(&t->mixes);
	if (table_mixes_compute(&t->mixes, ev, t->table_of) != 0)
		screen_die(EX_OSERR, "out of memory");
	free(t->locked_count);
	t->locked_count = calloc(ev->tables_count ? ev->tables_count : 1, sizeof(int));
	if (!t->locked_count)
		screen_die(EX_OSERR, "out of memory");
	for (size_t i = 0; i < ev->delegates_count; i++)
		if (t->dy.state.locked[i] && t->table_of[i] >= 0)
			t->locked_count[t->table_of[i]]++;
}

/* ---- undo ---- */

static void snapshot_free(struct snapshot *s)
{
	free(s->seat);
	free(s->table_theme);
	free(s->checked_in);
	free(s->absent);
	free(s->locked);
	memset(s, 0, sizeof(*s));
}

static bool snapshot_take(const struct tui *t, struct snapshot *s, const char *what)
{
	const struct day *dy = &t->dy;
	size_t N = dy->ev.delegates_count, T = dy->ev.tables_count;
	memset(s, 0, sizeof(*s));
	s->delegates = N;
	s->tables = T;
	snprintf(s->what, sizeof(s->what), "%s", what);
	s->checked_in = malloc(N ? N : 1);
	s->absent = malloc(N ? N : 1);
	s->locked = malloc((N ? N : 1) * sizeof(bool));
	if (!s->checked_in || !s->absent || !s->locked)
		return false;
	memcpy(s->checked_in, dy->state.checked_in, N);
	memcpy(s->absent, dy->state.absent, N);
	memcpy(s->locked, dy->state.locked, N * sizeof(bool));
	if (dy->has_plan) {
		s->seat = malloc((N ? N : 1) * sizeof(int));
		s->table_theme = malloc((T ? T : 1) * sizeof(int));
		if (!s->seat || !s->table_theme)
			return false;
		memcpy(s->seat, dy->plan.rounds[0].seat, N * sizeof(int));
		memcpy(s->table_theme, dy->plan.rounds[0].table_theme, T * sizeof(int));
	}
	return true;
}

/* Puts a snapshot back into the (reread, locked) day. Walk-ins added since
 * stay in the roster; the snapshot's flags cover only who was there. */
static void snapshot_restore(struct tui *t, const struct snapshot *s)
{
	struct day *dy = &t->dy;
	size_t N = s->delegates < dy->ev.delegates_count ? s->delegates : dy->ev.delegates_count;
	memcpy(dy->state.checked_in, s->checked_in, N);
	memcpy(dy->state.absent, s->absent, N);
	memcpy(dy->state.locked, s->locked, N * sizeof(bool));
	for (size_t i = N; i < dy->ev.delegates_count; i++) {
		dy->state.checked_in[i] = 0;   /* added after the snapshot: undone means gone home */
		dy->state.absent[i] = 1;
	}
	for (size_t i = 0; i < dy->ev.delegates_count; i++)
		dy->ev.delegates[i].present = dy->state.checked_in[i] ? true :
					      dy->state.absent[i] ? false : dy->ev.delegates[i].present;
	if (s->seat && !dy->has_plan && plan_init(&dy->plan, &dy->ev, 1))
		dy->has_plan = true;
	if (s->seat && dy->has_plan && s->tables == dy->ev.tables_count) {
		for (size_t i = 0; i < dy->ev.delegates_count; i++)
			dy->plan.rounds[0].seat[i] = i < N ? s->seat[i] : -1;
		memcpy(dy->plan.rounds[0].table_theme, s->table_theme, s->tables * sizeof(int));
	}
}

static void push_snapshot(struct snapshot *stack, int *count, struct snapshot *s)
{
	if (*count == 64) {
		snapshot_free(&stack[0]);
		memmove(stack, stack + 1, 63 * sizeof(*stack));
		(*count)--;
	}
	stack[(*count)++] = *s;
	memset(s, 0, sizeof(*s));
}

static void clear_stack(struct snapshot *stack, int *count)
{
	while (*count > 0)
		snapshot_free(&stack[--*count]);
}

/* ---- the change cycle ---- */

/* Takes the lock and rereads the files; on failure says why in the footer,
 * lets go of the lock and shows whatever could be read. */
static bool reread_locked(struct tui *t, const char *failure)
{
	struct diag_list d;
	diag_list_init(&d);
	bool ok = day_refresh_locked(&t->dy, &d);
	if (!ok) {
		char line[512];
		snprintf(line, sizeof(line), "%s", failure);
		if (d.count)
			diag_format(&d.items[0], line, sizeof(line));
		tui_status(t, true, "%s", line);
		day_unlock(&t->dy);
		if (t->dy.ev.delegates_count)
			tui_refresh_seating(t);
	}
	diag_list_free(&d);
	return ok;
}

static bool change_begin(struct tui *t, const char *what)
{
	if (!reread_locked(t, "cannot change the event now"))
		return false;
	have_figures_before = t->dy.has_plan &&
			      plan_score(&t->dy.ev, &t->dy.plan, &figures_before, NULL, 0) == 0;
	snapshot_free(&pending);
	snapshot_take(t, &pending, what);
	return true;
}

/* On the day only round 1 changes; later rounds keep their plan. So while
 * another round is shown, an action that would change the seating is
 * refused before it asks anything. */
static bool refused_in_later_round(struct tui *t, enum action a)
{
	switch (a) {
	case ACTION_CHECKIN: case ACTION_ADD: case ACTION_MOVE: case ACTION_SWAP: case ACTION_LOCK:
	case ACTION_APPLY: case ACTION_REPAIR: case ACTION_UNDO: case ACTION_REDO:
		break;
	default:
		return false;
	}
	if (t->round == 0)
		return false;
	tui_status(t, true, "Round %d is shown to read: { goes back to round 1, where changes go", t->round + 1);
	return true;
}

bool tui_change_begin(struct tui *t, const char *what)
{
	return t->round == 0 && change_begin(t, what);
}

void tui_reload(struct tui *t)
{
	if (reread_locked(t, "cannot reread the event")) {
		day_unlock(&t->dy);
		tui_refresh_seating(t);
	}
}

void tui_change_cancel(struct tui *t, struct diag_list *d)
{
	char line[512] = "not changed";
	if (d && d->count)
		diag_format(&d->items[0], line, sizeof(line));
	/* Keep only the message: the position is for files, the footer for people. */
	const char *msg = line;
	if (d && d->count && d->items[0].message)
		msg = d->items[0].message;
	tui_status(t, true, "%s", msg);
	day_unlock(&t->dy);
	snapshot_free(&pending);
	tui_refresh_seating(t);
}

void tui_change_end(struct tui *t)
{
	struct diag_list d;
	diag_list_init(&d);
	if (!day_save(&t->dy, &d)) {
		char line[512] = "save failed";
		if (d.count)
			diag_format(&d.items[0], line, sizeof(line));
		tui_status(t, true, "NOT SAVED: %s", line);
		diag_list_free(&d);
		snapshot_free(&pending);
		return;
	}
	diag_list_free(&d);
	tui_refresh_seating(t);
	char what[96];
	snprintf(what, sizeof(what), "%s", pending.what);
	push_snapshot(t->undo, &t->undo_count, &pending);
	clear_stack(t->redo, &t->redo_count);
	struct plan_score after;
	char figures[256];
	if (have_figures_before && t->dy.has_plan && plan_score(&t->dy.ev, &t->dy.plan, &after, NULL, 0) == 0) {
		plan_figures_compare(&figures_before, &after, figures, sizeof(figures));
		tui_status(t, false, "%s. %s", what, figures);
	} else {
		tui_status(t, false, "%s. Saved.", what);
	}
}

void tui_undo(struct tui *t, bool redo)
{
	struct snapshot *from = redo ? t->redo : t->undo;
	int *from_count = redo ? &t->redo_count : &t->undo_count;
	if (*from_count == 0) {
		tui_status(t, true, "nothing to %s", redo ? "redo" : "undo");
		return;
	}
	struct snapshot s = from[--*from_count];
	if (!tui_change_begin(t, s.what)) {
		from[(*from_count)++] = s;
		return;
	}
	/* The state now goes on the other stack, then the snapshot is restored. */
	struct snapshot now;
	snapshot_take(t, &now, s.what);
	snapshot_restore(t, &s);
	struct diag_list d;
	diag_list_init(&d);
	bool saved = day_save(&t->dy, &d);
	diag_list_free(&d);
	snapshot_free(&pending);
	if (redo)
		push_snapshot(t->undo, &t->undo_count, &now);
	else
		push_snapshot(t->redo, &t->redo_count, &now);
	tui_status(t, !saved, "%s %s%s", redo ? "Redone:" : "Undone:", s.what, saved ? "" : " (NOT SAVED)");
	snapshot_free(&s);
	tui_refresh_seating(t);
}

/* ---- prompt ---- */

bool tui_prompt(struct tui *t, const char *label, char *buf, size_t size)
{
	(void)t;
	wchar_t line[256];
	size_t len = 0;
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	const char *src = buf;
	len = mbsrtowcs(line, &src, 255, &st);
	if (len == (size_t)-1)
		len = 0;
	curs_set(1);
	for (;;) {
		move(LINES - 1, 0);
		clrtoeol();
		attron(A_BOLD);
		addstr(label);
		attroff(A_BOLD);
		line[len] = 0;
		char out[1024];
		const wchar_t *w = line;
		memset(&st, 0, sizeof(st));
		size_t n = wcsrtombs(out, &w, sizeof(out) - 1, &st);
		out[n == (size_t)-1 ? 0 : n] = '\0';
		char shown[1024];
		int room = COLS - text_width(label) - 1;
		/* Show the end of a long entry: what is being typed. */
		const char *start = out;
		while (text_width(start) > room && *start) {
			start++;
			while ((*start & 0xC0) == 0x80)
				start++;
		}
		text_fit(shown, sizeof(shown), start, room);
		addstr(shown);
		refresh();
		wint_t ch;
		int kind = get_wch(&ch);
		if (kind == ERR)
			continue;
		if (kind == KEY_CODE_YES) {
			if (ch == KEY_BACKSPACE && len > 0)
				len--;
			else if (ch == KEY_ENTER)
				break;
			else if (ch == KEY_RESIZE)
				continue;
			continue;
		}
		if (ch == 27) {
			curs_set(0);
			return false;
		}
		if (ch == '\r' || ch == '\n')
			break;
		if ((ch == 127 || ch == 8) && len > 0)
			len--;
		else if (ch == 21)      /* ^U clears */
			len = 0;
		else if (ch >= 32 && ch != 127 && len < 255)
			line[len++] = (wchar_t)ch;
	}
	curs_set(0);
	line[len] = 0;
	const wchar_t *w = line;
	memset(&st, 0, sizeof(st));
	size_t n = wcsrtombs(buf, &w, size - 1, &st);
	buf[n == (size_t)-1 ? 0 : n] = '\0';
	return true;
}

/* ---- drawing ---- */

static void clock_text(const struct tui *t, char *buf, size_t size)
{
	const struct day *dy = &t->dy;
	buf[0] = '\0';
	if (!dy->ev.stages_count)
		return;
	const struct stage_clock *k = &dy->state.clock;
	int stage = k->stage < (int)dy->ev.stages_count ? k->stage : 0;
	long long left = stage_seconds_left(dy, (long long)time(NULL));
	char when[32] = "";
	if (dy->ev.stages[stage].minutes) {
		long long a = left < 0 ? -left : left;
		snprintf(when, sizeof(when), " %s%lld:%02lld%s", left < 0 ? "+" : "", a / 60, a % 60,
			 k->running ? "" : " paused");
	}
	snprintf(buf, size, "%s %d/%zu%s \xC2\xB7 ", dy->ev.stages[stage].id, stage + 1, dy->ev.stages_count, when);
}

static void draw_header(struct tui *t, const struct view *v)
{
	char left[512], right[256], clock[160];
	const struct event *ev = &t->dy.ev;
	clock_text(t, clock, sizeof(clock));
	snprintf(left, sizeof(left), " alchemy \xC2\xB7 %s \xC2\xB7 %s", v->ops->title, ev->name);
	char round[64] = "";
	if (t->dy.has_plan && t->dy.plan.rounds_count > 1)
		snprintf(round, sizeof(round), "round %d/%zu \xC2\xB7 ", t->round + 1, t->dy.plan.rounds_count);
	snprintf(right, sizeof(right), "%s%s%zu/%zu present ", round, clock, event_present_count(ev),
		 ev->delegates_count);
	int rw = text_width(right);
	screen_text(0, 0, COLS, "", screen_attr(COLOUR_TITLE));
	screen_text(0, 0, COLS - rw - 1, left, screen_attr(COLOUR_TITLE));
	screen_text_right(0, COLS - rw, rw, right, screen_attr(COLOUR_TITLE));
}

/* The footer: the status line if any, otherwise the actions marked for it. */
static void draw_footer(struct tui *t)
{
	char line[sizeof(t->status) + 2];
	size_t used = 0;
	line[0] = '\0';
	if (t->status[0]) {
		snprintf(line, sizeof(line), " %s", t->status);
	} else {
		for (int a = 1; a < ACTION_COUNT && used + 1 < sizeof(line); a++) {
			if (!action_info[a].footer)
				continue;
			char keys[64];
			action_keys((enum action)a, keys, sizeof(keys));
			char *comma = strchr(keys, ',');
			if (comma)
				*comma = '\0';
			int w = snprintf(line + used, sizeof(line) - used, " %s %s ", keys, action_info[a].footer);
			if (w < 0)
				break;
			used += (size_t)w;
		}
	}
	int attr = screen_attr(COLOUR_TITLE);
	if (t->status_is_error && t->status[0])
		attr = screen_attr(COLOUR_WARNING) | (int)A_REVERSE;
	screen_text(LINES - 1, 0, COLS, line, attr);
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

/* The report as it stands, beside the event: Markdown and HTML, anonymous. */
static void export_report(struct tui *t)
{
	tui_reload(t);
	struct diag_list d, w;
	diag_list_init(&d);
	diag_list_init(&w);
	struct ideas ideas = { 0 };
	bool ok = journal_read(&t->dy.ev, &ideas, &w, &d);
	char written[2][4096];
	static const char *const names[] = { "report.md", "report.html" };
	for (int k = 0; ok && k < 2; k++) {
		struct report_input in = { &t->dy.ev, t->dy.has_plan ? &t->dy.plan : NULL, &ideas, false };
		struct strbuf out;
		strbuf_init(&out);
		if (strcmp(t->dy.ev.dir, ".") == 0)
			snprintf(written[k], sizeof(written[k]), "%s", names[k]);
		else
			snprintf(written[k], sizeof(written[k]), "%s/%s", t->dy.ev.dir, names[k]);
		ok = report_write(&in, k ? REPORT_HTML : REPORT_MD, &out, &d) &&
		     atomic_write_file(written[k], out.data, out.len, &d);
		strbuf_free(&out);
	}
	if (ok)
		tui_status(t, false, "Report exported: %s, %s (%zu ideas)", written[0], written[1], ideas.count);
	else
		tui_status(t, true, "NOT EXPORTED: %s", d.count ? d.items[0].message : "failed");
	ideas_free(&ideas);
	diag_list_free(&d);
	diag_list_free(&w);
}

/* Actions every view shares, when the view leaves them alone. */
static enum reaction common_action(struct tui *t, struct view *v, enum action a)
{
	long long now = (long long)time(NULL);
	switch (a) {
	case ACTION_QUIT:
		return REACT_QUIT;
	case ACTION_HELP:
		if (v->ops != &help_view_ops)
			tui_push(t, &help_view_ops, -1);
		return REACT_REDRAW;
	case ACTION_BACK:
		return view_depth > 1 ? REACT_CLOSE : REACT_NONE;
	case ACTION_UNDO:
	case ACTION_REDO:
		tui_undo(t, a == ACTION_REDO);
		return REACT_REDRAW;
	case ACTION_DELEGATES:
		if (v->ops != &delegates_view_ops)
			tui_push(t, &delegates_view_ops, -1);
		return REACT_REDRAW;
	case ACTION_EXPORT:
		export_report(t);
		return REACT_REDRAW;
	case ACTION_REPAIR:
		if (v->ops != &repair_view_ops)
			tui_push(t, &repair_view_ops, -1);
		return REACT_REDRAW;
	case ACTION_NEXT_ROUND:
	case ACTION_PREV_ROUND: {
		size_t rounds = t->dy.has_plan ? t->dy.plan.rounds_count : 1;
		int to = t->round + (a == ACTION_NEXT_ROUND ? 1 : -1);
		if (rounds < 2) {
			tui_status(t, true, "This plan has one round (alchemy allocate --rounds R plans more)");
		} else if (to >= 0 && (size_t)to < rounds) {
			t->round = to;
			tui_refresh_seating(t);
			tui_status(t, false, "Round %d of %zu%s", to + 1, rounds,
				   to ? ": to read; changes go to round 1" : "");
		}
		return REACT_REDRAW;
	}
	case ACTION_CLOCK:
	case ACTION_NEXT_STAGE:
	case ACTION_PREV_STAGE:
		if (!t->dy.ev.stages_count) {
			tui_status(t, true, "this event has no stages (add 'stages:' to event.yaml)");
			return REACT_REDRAW;
		}
		if (!change_begin(t, "stage clock"))
			return REACT_REDRAW;
		if (a == ACTION_CLOCK)
			stage_start_pause(&t->dy, now);
		else
			stage_advance(&t->dy, a == ACTION_NEXT_STAGE ? 1 : -1, now);
		snprintf(pending.what, sizeof(pending.what), "%s",
			 a == ACTION_CLOCK ? (t->dy.state.clock.running ? "Clock started" : "Clock paused")
					   : "Stage changed");
		tui_change_end(t);
		return REACT_REDRAW;
	default:
		return view_move(v, a);
	}
}

static int run(struct event *loaded, int capture_table);

int tui_run(struct event *loaded)
{
	return run(loaded, -1);
}

int tui_run_capture(struct event *loaded, int table)
{
	return run(loaded, table);
}

static int run(struct event *loaded, int capture_table)
{
	struct tui t;
	memset(&t, 0, sizeof(t));
	t.swap_mark = -1;
	struct diag_list d;
	diag_list_init(&d);
	/* The TUI owns the day: it rereads the event as the day sees it. */
	bool ok = day_open(&t.dy, loaded->path, 0, &d);
	if (!ok) {
		char line[1024];
		for (size_t i = 0; i < d.count; i++) {
			diag_format(&d.items[i], line, sizeof(line));
			fprintf(stderr, "%s\n", line);
		}
		int status = diag_exit_status(&d);
		diag_list_free(&d);
		return status ? status : EX_SOFTWARE;
	}
	diag_list_free(&d);
	tui_refresh_seating(&t);
	if (t.dy.has_plan)
		tui_status(&t, false, "Plan: %s. ? for help", t.dy.plan_path);
	else
		tui_status(&t, false, "No plan yet (alchemy allocate makes one); showing pins only. ? for help");
	screen_open();
	timeout(1000);   /* wake every second for the stage clock */
	tui_push(&t, &tables_view_ops, -1);
	if (capture_table >= 0 && (size_t)capture_table < t.dy.ev.tables_count)
		tui_push(&t, &capture_view_ops, capture_table);
	bool running = true;
	while (running && view_depth > 0) {
		draw_all(&t);
		int key = getch();
		if (key == KEY_RESIZE || key == ERR)
			continue;   /* curses has updated LINES and COLS; redraw (or tick) */
		enum action a = key_action(key);
		if (screen_too_small()) {
			if (a == ACTION_QUIT)
				running = false;
			continue;
		}
		t.status[0] = '\0';
		t.status_is_error = false;
		if (a == ACTION_REDRAW) {
			clearok(stdscr, TRUE);
			continue;
		}
		struct view *v = &view_stack[view_depth - 1];
		if (v->ops != &capture_view_ops && refused_in_later_round(&t, a))
			continue;   /* capture's keys change ideas, not the seating */
		enum reaction r = v->ops->handle(v, a, key);
		if (r == REACT_NONE)
			r = common_action(&t, v, a);
		if (r & REACT_CLOSE)
			pop_view();
		if (r & REACT_QUIT)
			running = false;
	}
	while (view_depth > 0)
		pop_view();
	screen_close();
	clear_stack(t.undo, &t.undo_count);
	clear_stack(t.redo, &t.redo_count);
	snapshot_free(&pending);
	table_mixes_free(&t.mixes);
	free(t.table_of);
	free(t.table_theme);
	free(t.locked_count);
	day_close(&t.dy);
	return 0;
}
