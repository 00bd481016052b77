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
#include <unistd.h>
#include <wchar.h>

#include "device_claim.h"
#include "fileio.h"
#include "journal.h"
#include "keys.h"
#include "report.h"
#include "plan.h"
#include "screen.h"
#include "stamp.h"
#include "text.h"
#include "view.h"

#define VIEW_STACK_MAX 8
#define TICK_MS 250

static struct view view_stack[VIEW_STACK_MAX];
static int view_depth;
static struct day_result result;    /* of the last change */

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
	t->status_is_outside = false;
	t->status_is_twice = false;
	t->status_is_unread = false;
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
	free(t->twin_of);
	diag_list_free(&t->twice);
	diag_list_init(&t->twice);
	free(t->twice_count);
	t->twin_of = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(int));
	t->twice_count = calloc(ev->tables_count ? ev->tables_count : 1, sizeof(int));
	if (!t->twin_of || !t->twice_count)
		screen_die(EX_OSERR, "out of memory");
	day_twice_here(&t->dy, &t->twice, t->twin_of);
	for (size_t i = 0; i < ev->delegates_count; i++)
		if (t->twin_of[i] >= 0 && t->table_of[i] >= 0)
			t->twice_count[t->table_of[i]]++;
}

/* ---- following other desks ---- */

/* The ideas journals, which capture shows: the day's own files are the
 * core's to stamp (day_files_changed). */
static uint64_t ideas_stamp(const struct tui *t)
{
	char *ideas = journal_dir(&t->dy.ev);
	uint64_t h = ideas ? stamp_folder(STAMP_EMPTY, ideas) : STAMP_EMPTY;
	free(ideas);
	return h;
}

/* Selects again the line with the id selected before; keeps the selection's
 * place, in range, when it is gone, and returns false then. */
static bool reselect(struct view *v)
{
	for (int i = 0; v->anchor[0] && v->ops->id_at && i < v->lines; i++) {
		const char *x = v->ops->id_at(v, i);
		if (x && strcmp(x, v->anchor) == 0) {
			v->selected = i;
			return true;
		}
	}
	if (v->selected >= v->lines)
		v->selected = v->lines > 0 ? v->lines - 1 : 0;
	return !v->anchor[0] || !v->ops->id_at;
}

/* The device this terminal writes as, and the time: the core is given both. */
static struct day_client tui_client(void)
{
	static char device[128];
	if (!device[0])
		journal_device(device, sizeof(device));
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (struct day_client){ device, (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, journal_nonce() };
}

/* The footer names the latest change another device made ("desk-2: moved
 * Ann Lee (d020) 5 -> 7"), unless it holds a message of this terminal's. */
static void say_outside_change(struct tui *t, size_t records_before)
{
	if (t->status[0] && !t->status_is_outside)
		return;
	const char *me = tui_client().device;
	for (size_t k = t->dy.records_count; k > records_before; k--) {
		const struct day_record *r = &t->dy.records[k - 1];
		if (!strcmp(r->device, me))
			continue;
		char what[320];
		day_record_describe(&t->dy, r, what, sizeof(what));
		tui_status(t, false, "%s: %s", r->device, what);
		t->status_is_outside = true;
		return;
	}
}

/* Warnings said at opening and again whenever a reread finds more of
 * them: true when there are n now, more than *said (which becomes n),
 * with the first of them in first. */
static bool more_to_say(const struct diag_list *w, size_t n, size_t *said, char *first, size_t size)
{
	bool more = n > *said && w->count;
	*said = n;
	if (more)
		diag_format(&w->items[0], first, size);
	return more;
}

/* Seats of people a re-import took out: free until a new plan. Returns
 * true when it said so. */
static bool say_free_seats(struct tui *t)
{
	const struct diag_list *gone = day_plan_warnings(&t->dy);
	size_t n = t->dy.has_plan ? diag_total(gone) : 0;
	char said[1024];
	if (!more_to_say(gone, n, &t->plan_warned, said, sizeof(said)))
		return false;
	if (n == 1)
		tui_status(t, true, "%s", said);
	else
		tui_status(t, true, "%zu seats in %s are of people no longer in the roster, and free: a repair (r) fills them; the first: %s",
			   n, t->dy.plan_path, said);
	return true;
}

/* Journal records the replay skipped (damaged, or naming someone the
 * event no longer has), as `alchemy log` lists them, so no record is
 * dropped unseen. */
static bool say_skipped_records(struct tui *t)
{
	const struct diag_list *w = day_warnings(&t->dy);
	size_t n = diag_total(w);
	char first[1024];
	if (!more_to_say(w, n, &t->journal_warned, first, sizeof(first)))
		return false;
	tui_status(t, true, "The day's journals: %zu warning%s (alchemy log lists them); the first: %s", n,
		   n == 1 ? "" : "s", first);
	return true;
}

/* A walk-in who may be someone already here (two desks offline, or a
 * re-import that listed them since): said when there are more, and when
 * fewer while the footer still tells of one (another desk marked it
 * absent): the one left, or that none is. */
static bool say_twice_here(struct tui *t)
{
	size_t n = diag_total(&t->twice), before = t->twice_warned;
	/* More than before, or as many but others: one mended and a new one
	 * in the same reread (a merge) is news too. */
	unsigned long heard = 5381;
	for (size_t k = 0; k < t->twice.count; k++)
		for (const char *c = t->twice.items[k].message; *c; c++)
			heard = heard * 33 + (unsigned char)*c;
	bool said = n && (n > before || (n == before && heard != t->twice_heard));
	t->twice_warned = n;
	t->twice_heard = heard;
	bool settled = !said && n < before && t->status_is_twice;
	/* The message alone: the folder it names (day/) tells a desk nothing. */
	const char *first = t->twice.count ? t->twice.items[0].message : "";
	if (settled && n == 0)
		tui_status(t, false, "No walk-in may be here twice now");
	else if ((said || settled) && n == 1)
		tui_status(t, true, "%s", first);
	else if (said || settled)
		tui_status(t, true, "%zu people may be here twice (marked D; alchemy log lists them); the first: %s", n,
			   first);
	t->status_is_twice = (said || settled) && n > 0;
	return said || settled;
}

/* What the files hold that needs a word, the first of them that has more
 * to say than last time. */
static bool say_day_warnings(struct tui *t)
{
	if (t->board)
		return false;   /* the room reads the board: nobody there can act on a warning */
	return say_free_seats(t) || say_skipped_records(t) || say_twice_here(t);
}

int tui_swap_mark(const struct tui *t)
{
	if (!t->swap_mark[0])
		return -1;
	int i = event_find_delegate(&t->dy.ev, t->swap_mark);
	return i >= 0 && !t->dy.ev.delegates[i].withdrawn ? i : -1;
}

/* A reread may take the marked person out of the roster (a re-import, a
 * walk-in undone at another desk): the mark goes, and the desk is told,
 * so the next s does not swap someone nobody marked. */
static void forget_gone_mark(struct tui *t)
{
	if (!t->swap_mark[0] || tui_swap_mark(t) >= 0)
		return;
	tui_status(t, true, "%s (%s) is no longer in the roster; swap mark cleared", t->swap_mark_name, t->swap_mark);
	t->swap_mark[0] = '\0';
}

bool tui_follow(struct tui *t, bool force)
{
	uint64_t ideas = ideas_stamp(t);
	if (!force && ideas == t->ideas_stamp && !day_files_changed(&t->dy))
		return false;
	t->ideas_stamp = ideas;     /* taken before reading: a change made meanwhile shows next tick */
	char said_before[sizeof(t->status)];
	memcpy(said_before, t->status, sizeof(said_before));
	for (int k = 0; k < view_depth; k++) {
		struct view *v = &view_stack[k];
		const char *id = v->ops->id_at ? v->ops->id_at(v, v->selected) : NULL;
		snprintf(v->anchor, sizeof(v->anchor), "%s", id ? id : "");
		v->table_id[0] = '\0';
		if (v->table >= 0 && (size_t)v->table < t->dy.ev.tables_count)
			snprintf(v->table_id, sizeof(v->table_id), "%s", t->dy.ev.tables[v->table].id);
	}
	size_t records = t->dy.records_count;
	tui_reload(t);
	say_outside_change(t, records);
	if (!t->note_taker)   /* a note-taker's footer is capture's, as at opening */
		say_day_warnings(t);
	forget_gone_mark(t);
	for (int k = 0; k < view_depth; k++) {
		struct view *v = &view_stack[k];
		if (v->table_id[0]) {
			int table = event_find_table(&t->dy.ev, v->table_id);
			v->table = table >= 0 ? table : 0;
		}
		if (v->ops->reread)
			v->ops->reread(v);
		/* The line a key would act on changed under the user: said, so
		 * the next key is not taken for the line that took its place. */
		if (!reselect(v) && k == view_depth - 1 &&
		    (!strcmp(t->status, said_before) || t->status_is_outside))   /* not over news of this reread */
			tui_status(t, true, "What you had selected is gone (another terminal's change): the selection moved");
	}
	return true;
}

/* ---- the change cycle ---- */

static void show_failure(struct tui *t, struct diag_list *d, const char *fallback)
{
	/* Keep only the message: the position is for files, the footer for people. */
	tui_status(t, true, "%s", d && d->count && d->items[0].message ? d->items[0].message : fallback);
}

/* On the day only round 1 changes; later rounds keep their plan. So while
 * another round is shown, an action that would change the seating is
 * refused before it asks anything. */
static bool refused_in_later_round(struct tui *t, enum action a)
{
	switch (a) {
	case ACTION_ARRIVE: case ACTION_NO_SHOW: case ACTION_EXPECTED: case ACTION_DOORS_CLOSED:
	case ACTION_ADD: case ACTION_MOVE: case ACTION_SWAP: case ACTION_LOCK:
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

const struct day_result *tui_result(void)
{
	return &result;
}

void tui_reload(struct tui *t)
{
	struct diag_list d;
	diag_list_init(&d);
	if (day_refresh(&t->dy, &d) < 0) {
		/* The day stays as last read; what is wrong in the files is said. */
		char line[512];
		if (d.count)
			diag_format(&d.items[0], line, sizeof(line));
		tui_status(t, true, "Not reread, shown as before: %s", d.count ? line : "cannot reread the event");
		t->status_is_unread = true;
	} else if (t->status_is_unread) {
		/* Mended: the footer no longer says the files are wrong. */
		tui_status(t, false, "Reread: the event's files read right again");
	}
	diag_list_free(&d);
	tui_refresh_seating(t);
}

/* "undid: moved Ann Lee" -> "Undid: moved Ann Lee", to open a sentence. */
static void capitalised(const char *s, const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s", s);
	/* A sentence that opens with a person's name keeps it as they write
	 * it ("bell hooks (d007) arrived"). */
	if (name && *name && !strncmp(s, name, strlen(name)))
		return;
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
}

static void draw_all(struct tui *t);

bool tui_change(struct tui *t, const char *what, const struct day_op *op)
{
	struct diag_list d;
	diag_list_init(&d);
	struct day_client c = tui_client();
	if (day_lock_busy(&t->dy)) {   /* the change waits for it: said first, not a frozen screen */
		tui_status(t, true, "Waiting for another alchemy that holds the event's lock (an allocate making the "
				    "plan?); the change is made once it lets go");
		draw_all(t);
	}
	bool ok = day_change(&t->dy, &c, op, &result, &d);
	tui_refresh_seating(t);
	if (!ok) {
		/* A write that failed says so in capitals: the change is not kept. */
		const struct diag *x = d.count ? &d.items[0] : NULL;
		if (x && (x->kind == DIAG_IO || x->kind == DIAG_CANTCREAT)) {
			char line[512];
			diag_format(x, line, sizeof(line));
			tui_status(t, true, "NOT SAVED: %s", line);
		} else {
			show_failure(t, &d, "not changed");
		}
		diag_list_free(&d);
		return false;
	}
	diag_list_free(&d);
	char said[sizeof(result.what)];
	const struct event *ev = &t->dy.ev;
	bool person = op->who >= 0 && (size_t)op->who < ev->delegates_count;
	capitalised(what ? what : result.what, person ? ev->delegates[op->who].name : NULL, said, sizeof(said));
	bool clock = op->kind == DAY_OP_CLOCK_START || op->kind == DAY_OP_CLOCK_PAUSE || op->kind == DAY_OP_STAGE;
	if (result.scored && result.touched && !clock) {
		char figures[256];
		plan_figures_compare(&result.before, &result.after, figures, sizeof(figures));
		tui_status(t, false, "%s; %s", said, figures);   /* the figures start lower-case */
	} else
		tui_status(t, false, "%s. Saved.", said);
	return true;
}

/* Undo and redo are operations of this terminal's device: the inverse of
 * its own last change, refused when someone else changed those people since. */
void tui_undo(struct tui *t, bool redo)
{
	struct day_op op = { .kind = redo ? DAY_OP_REDO : DAY_OP_UNDO };
	tui_change(t, NULL, &op);
}

/* ---- prompt ---- */

/* A key for a prompt or question; a resize meanwhile redraws the screen
 * for the new size (or the "too small" notice) and, once there is room,
 * returns with *redraw_prompt set; while too small every key but Esc
 * waits. ERR: the terminal hung up. */
static int prompt_key(struct tui *t, wint_t *ch, bool *redraw_prompt)
{
	for (;;) {
		int kind = get_wch(ch);
		if (screen_hung_up())
			return ERR;
		if (kind == KEY_CODE_YES && *ch == KEY_RESIZE) {
			clearok(stdscr, TRUE);
			draw_all(t);
			if (screen_too_small())
				continue;
			*redraw_prompt = true;
			return kind;
		}
		if (kind == ERR || (screen_too_small() && !(kind == OK && *ch == 27)))
			continue;   /* the input wait's tick, or a key while too small to ask */
		return kind;
	}
}

static int draw_wrapped(const char *text, int attr);

bool tui_confirm(struct tui *t, const char *question)
{
	/* One key: y does it; n, Esc or any other key does not. */
	bool redraw = true;
	wint_t ch;
	int kind;
	do {
		if (redraw && !screen_too_small()) {
			/* Wrapped as the footer is: what the question is about
			 * (whom a walk-in is named as) was cut at 80 columns. */
			draw_wrapped(question, screen_attr(COLOUR_WARNING) | A_REVERSE);
			refresh();
		}
		redraw = false;
		kind = prompt_key(t, &ch, &redraw);
	} while (kind != ERR && redraw);
	return kind == OK && (ch == 'y' || ch == 'Y');
}

bool tui_prompt(struct tui *t, const char *label, char *buf, size_t size)
{
	wchar_t line[256];
	size_t len = 0;
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	const char *src = buf;
	len = mbsrtowcs(line, &src, 255, &st);
	if (len == (size_t)-1)
		len = 0;
	curs_set(1);
	bool redraw = true;
	for (;;) {
		if (!screen_too_small()) {
			/* A label that would leave under 24 columns to type in goes on
			 * the line above, whole; the answer then has the last line. */
			bool above = text_width(label) > COLS - 24;
			if (above)
				screen_text(LINES - 2, 0, COLS, label, A_BOLD | A_REVERSE);
			move(LINES - 1, 0);
			clrtoeol();
			attron(A_BOLD);
			addstr(above ? "> " : label);
			attroff(A_BOLD);
			line[len] = 0;
			char out[1024];
			const wchar_t *w = line;
			memset(&st, 0, sizeof(st));
			size_t n = wcsrtombs(out, &w, sizeof(out) - 1, &st);
			out[n == (size_t)-1 ? 0 : n] = '\0';
			char shown[1024];
			int room = COLS - (above ? 2 : text_width(label)) - 1;
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
		}
		redraw = false;
		wint_t ch;
		int kind = prompt_key(t, &ch, &redraw);
		if (kind == ERR) {
			curs_set(0);
			return false;   /* hung up: nobody is there to answer */
		}
		if (redraw)
			continue;
		if (kind == KEY_CODE_YES) {
			if (ch == KEY_BACKSPACE && len > 0)
				len--;
			else if (ch == KEY_ENTER)
				break;
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

/* The stage clock for the header: the stage's title and number, "The art
 * of the possible (1/4)", or with short_name its id, "possible 1/4"; then
 * the time left. */
static void clock_text(const struct tui *t, bool short_name, char *buf, size_t size)
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
	char title[128];
	text_fit(title, sizeof(title), dy->ev.stages[stage].title, 32);
	snprintf(buf, size, short_name ? "%s %d/%zu%s \xC2\xB7 " : "%s (%d/%zu)%s \xC2\xB7 ",
		 short_name ? dy->ev.stages[stage].id : title, stage + 1, dy->ev.stages_count, when);
}

static void draw_header(struct tui *t, const struct view *v)
{
	char left[512], right[256], clock[160];
	const struct event *ev = &t->dy.ev;
	/* The counts and the clock come first; the event's name gives way.
	 * The stage by its title where that leaves the view's name and 12
	 * columns of the event's, else by its id ("possible 1/4"). */
	snprintf(left, sizeof(left), " %s \xC2\xB7 %s", v->ops->title, ev->name);
	char round[64] = "";
	if (t->dy.has_plan && t->dy.plan.rounds_count > 1)
		snprintf(round, sizeof(round), "round %d/%zu \xC2\xB7 ", t->round + 1, t->dy.plan.rounds_count);
	size_t counts[ATT_STATES];
	day_attendance_counts(&t->dy, counts);
	int rw = 0;
	for (int short_name = 0; short_name < 2; short_name++) {
		clock[0] = '\0';
		if (v->ops != &capture_view_ops && v->ops != &capture_help_view_ops)   /* capture shows the stage its new ideas go to instead */
			clock_text(t, short_name, clock, sizeof(clock));
		snprintf(right, sizeof(right), "%s%s%zu arrived, %zu expected, %zu absent ", round, clock,
			 counts[ATT_ARRIVED], counts[ATT_EXPECTED], counts[ATT_ABSENT]);
		rw = text_width(right);
		if (COLS - rw - 1 >= text_width(v->ops->title) + 4 + 12)
			break;
	}
	screen_text(0, 0, COLS, "", screen_attr(COLOUR_TITLE));
	screen_text(0, 0, COLS - rw - 1, left, screen_attr(COLOUR_TITLE));
	screen_text_right(0, COLS - rw, rw, right, screen_attr(COLOUR_TITLE));
}

/* Action k of a footer: a view's own (capture), else the key table's. */
static bool footer_entry(const struct view *v, size_t k, int *a, const char **label)
{
	if (v->ops->footer) {
		if (k >= v->ops->footer_count)
			return false;
		*a = (int)v->ops->footer[k].action;
		*label = v->ops->footer[k].footer;
		return true;
	}
	if (v->ops->actions) {
		if (k >= v->ops->actions_count)
			return false;
		*a = (int)v->ops->actions[k].action;
		*label = v->ops->actions[k].footer;
		return true;
	}
	if (k + 1 >= ACTION_COUNT)
		return false;
	*a = (int)k + 1;
	*label = action_info[*a].footer;
	return true;
}

/* The footer's text: the status line if any, otherwise the actions
 * marked for it. */
static void footer_text(const struct tui *t, const struct view *v, char *line, size_t size)
{
	size_t used = 0;
	line[0] = '\0';
	if (t->status[0]) {
		snprintf(line, size, " %s", t->status);
		return;
	}
	int a;
	const char *label;
	for (size_t k = 0; footer_entry(v, k, &a, &label) && used + 1 < size; k++) {
		if (!label)
			continue;
		char keys[64];
		action_keys((enum action)a, keys, sizeof(keys));
		char *comma = strchr(keys, ',');
		if (comma)
			*comma = '\0';
		int w = snprintf(line + used, size - used, " %s %s ", keys, label);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

#define FOOTER_MAX_LINES 3

/* A message longer than the screen is wide (an undo refused says who
 * changed what since) takes up to three lines rather than losing its end.
 * Fills starts[] with where each line begins in text; returns how many. */
static int footer_breaks(const char *text, size_t starts[FOOTER_MAX_LINES])
{
	int n = 0;
	size_t at = 0;
	while (n < FOOTER_MAX_LINES) {
		starts[n++] = at;
		/* Lines after the first are indented by one column, like the first. */
		size_t len = text_break(text + at, n == 1 ? COLS : COLS - 1);
		if (!text[at + len] || len == 0)
			break;
		at += len;
	}
	return n;
}

static int footer_lines(const struct tui *t, const struct view *v)
{
	char line[sizeof(t->status) + 2];
	size_t starts[FOOTER_MAX_LINES];
	footer_text(t, v, line, sizeof(line));
	return t->status[0] ? footer_breaks(line, starts) : 1;
}

/* text on the screen's last lines, broken as the footer is (up to
 * FOOTER_MAX_LINES); returns how many lines it took. */
static int draw_wrapped(const char *text, int attr)
{
	size_t starts[FOOTER_MAX_LINES];
	int n = footer_breaks(text, starts);
	for (int k = 0; k < n; k++) {
		/* The last line takes the rest, cut with an ellipsis if need be. */
		size_t len = k + 1 < n ? starts[k + 1] - starts[k] : strlen(text + starts[k]);
		char part[1024];
		snprintf(part, sizeof(part), "%s%.*s", k ? " " : "", (int)len, text + starts[k]);
		screen_text(LINES - n + k, 0, COLS, part, attr);
	}
	return n;
}

static void draw_footer(const struct tui *t, const struct view *v)
{
	char line[sizeof(t->status) + 2];
	footer_text(t, v, line, sizeof(line));
	int attr = screen_attr(COLOUR_TITLE);
	if (t->status_is_error && t->status[0])
		attr = screen_attr(COLOUR_WARNING) | (int)A_REVERSE;
	if (!t->status[0]) {
		screen_text(LINES - 1, 0, COLS, line, attr);
		return;
	}
	draw_wrapped(line, attr);
}

static void draw_all(struct tui *t)
{
	if (screen_too_small()) {
		screen_draw_too_small();
		return;
	}
	erase();
	struct view *v = &view_stack[view_depth - 1];
	if (v->ops->fullscreen) {
		v->ops->draw(v, 0, LINES);
	} else {
		draw_header(t, v);
		v->ops->draw(v, 1, LINES - 1 - footer_lines(t, v));
		draw_footer(t, v);
	}
	refresh();
}

void tui_redraw(struct tui *t)
{
	clearok(stdscr, TRUE);
	draw_all(t);
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
	bool there = false;
	for (int k = 0; k < 2; k++) {
		if (strcmp(t->dy.ev.dir, ".") == 0)
			snprintf(written[k], sizeof(written[k]), "%s", names[k]);
		else
			snprintf(written[k], sizeof(written[k]), "%s/%s", t->dy.ev.dir, names[k]);
		there |= access(written[k], F_OK) == 0;
	}
	/* report.md is the master copy organisers edit: never replaced unasked. */
	if (ok && there && !tui_confirm(t, "Replace report.md and report.html (edits in them are lost)? "
					     "y: replace  any other key: keep them")) {
		tui_status(t, false, "Not exported: report.md and report.html are as they were");
		ideas_free(&ideas);
		diag_list_free(&d);
		diag_list_free(&w);
		return;
	}
	for (int k = 0; ok && k < 2; k++) {
		struct report_input in = { &t->dy.ev, t->dy.has_plan ? &t->dy.plan : NULL, &ideas, false };
		struct strbuf out;
		strbuf_init(&out);
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

/* Doors closed: everyone still expected is a no-show, so repair works on
 * who is really there. It marks many people at once, so it asks first. */
static void close_doors(struct tui *t)
{
	size_t counts[ATT_STATES];
	day_attendance_counts(&t->dy, counts);
	if (!counts[ATT_EXPECTED]) {
		tui_status(t, false, "Nobody is still expected: closing the doors changes nothing");
		return;
	}
	char question[200], most[40] = "";
	size_t room = counts[ATT_ARRIVED] + counts[ATT_EXPECTED];
	if (counts[ATT_EXPECTED] * 2 > room)   /* pressed too early? */
		snprintf(most, sizeof(most), " (%zu%% of the room)", counts[ATT_EXPECTED] * 100 / room);
	snprintf(question, sizeof(question), "Doors closed: mark the %zu still expected absent%s? y/n ",
		 counts[ATT_EXPECTED], most);
	if (!tui_confirm(t, question)) {
		tui_status(t, false, "Doors still open: nothing changed");
		return;
	}
	struct day_op op = { .kind = DAY_OP_DOORS_CLOSED };
	tui_change(t, NULL, &op);
}

/* A key this screen does nothing with says so, and where it works: typed
 * letters meant for a prompt must not pass silently (or run other keys). */
static void say_not_here(struct tui *t, enum action a)
{
	static const struct { enum action a; const char *where; } where[] = {
		{ ACTION_ADD, "add a walk-in from the People list (p)" },
		{ ACTION_ARRIVE, "mark arrivals in the People list (p) or a table (Enter)" },
		{ ACTION_NO_SHOW, "mark no-shows in the People list (p) or a table (Enter)" },
		{ ACTION_EXPECTED, "back to expected in the People list (p) or a table (Enter)" },
		{ ACTION_MOVE, "move someone from the People list (p) or a table (Enter)" },
		{ ACTION_SWAP, "swap from the People list (p) or a table (Enter)" },
		{ ACTION_LOCK, "lock from the People list (p) or a table (Enter)" },
		{ ACTION_APPLY, "apply a repair on the Repair screen (r)" },
		{ ACTION_SEARCH, "search in the People list (p)" },
		{ ACTION_PRESENCE, "filter in the People list (p)" },
		{ ACTION_ROLE, "filter in the People list (p)" },
		{ ACTION_AT_TABLE, "filter in the People list (p)" },
		{ ACTION_CAPTURE, "capture from the Tables overview (Esc back to it)" },
		{ ACTION_OPEN, "open a table from the Tables overview or the People list" },
	};
	int key = 0;
	for (size_t k = 0; k < key_bindings_count && !key; k++)
		if (key_bindings[k].action == a)
			key = key_bindings[k].key;
	char label[16];
	key_label(key, label, sizeof(label));
	for (size_t k = 0; k < sizeof(where) / sizeof(where[0]); k++)
		if (where[k].a == a) {
			tui_status(t, true, "%s does nothing here: %s", label, where[k].where);
			return;
		}
	if (a == ACTION_NONE)
		tui_status(t, true, "That key is not bound. Press ? for help");
	else if (action_info[a].group && !strcmp(action_info[a].group, "Capture"))
		tui_status(t, true, "%s does nothing here: it works while capturing a table (n on a table)", label);
	else if (action_info[a].group && strcmp(action_info[a].group, "Moving"))
		tui_status(t, true, "%s does nothing here. Press ? for help", label);
}

/* Actions every view shares, when the view leaves them alone. */
static enum reaction common_action(struct tui *t, struct view *v, enum action a)
{
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
		export_report(t);   /* asks before replacing a report organisers may have edited */
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
	case ACTION_DOORS_CLOSED:
		close_doors(t);
		return REACT_REDRAW;
	case ACTION_CLOCK:
	case ACTION_NEXT_STAGE:
	case ACTION_PREV_STAGE:
		if (!t->dy.ev.stages_count) {
			tui_status(t, true, "this event has no stages (add 'stages:' to event.yaml)");
			return REACT_REDRAW;
		}
		{
			/* The clock is every desk's and the board's: a stray key must not move it. */
			static const char *const asks[] = { "Pause the stage clock for every desk and the board? y/n ",
							    "Start the stage clock for every desk and the board? y/n ",
							    "Go to the next stage for every desk and the board? y/n ",
							    "Go back to the previous stage for every desk and the board? y/n " };
			int q = a == ACTION_NEXT_STAGE ? 2 : a == ACTION_PREV_STAGE ? 3 : t->dy.state.clock.running ? 0 : 1;
			if (!tui_confirm(t, asks[q])) {
				tui_status(t, false, "The clock is as it was");
				return REACT_REDRAW;
			}
			struct day_op op = { .kind = a != ACTION_CLOCK ? DAY_OP_STAGE
					     : t->dy.state.clock.running ? DAY_OP_CLOCK_PAUSE : DAY_OP_CLOCK_START,
					     .step = a == ACTION_NEXT_STAGE ? 1 : -1 };
			tui_change(t, NULL, &op);   /* "clock started (Stage title)" */
		}
		return REACT_REDRAW;
	default: {
		enum reaction r = view_move(v, a);
		if (r == REACT_NONE)
			say_not_here(t, a);
		return r == REACT_NONE ? REACT_REDRAW : r;
	}
	}
}

static int run(struct event *loaded, const struct view_ops *first, int table, int board_seconds);

/* A view with its own list of actions (capture) does only those. */
static bool view_does(const struct view *v, enum action a)
{
	for (size_t k = 0; v->ops->actions && k < v->ops->actions_count; k++)
		if (v->ops->actions[k].action == a)
			return true;
	return !v->ops->actions;
}

int tui_run(struct event *loaded)
{
	return run(loaded, &tables_view_ops, -1, 0);
}

int tui_run_capture(struct event *loaded, int table)
{
	return run(loaded, &capture_view_ops, table, 0);
}

int tui_run_board(struct event *loaded, int page_seconds)
{
	return run(loaded, &board_view_ops, -1, page_seconds);
}

static int run(struct event *loaded, const struct view_ops *first, int table, int board_seconds)
{
	struct tui t;
	memset(&t, 0, sizeof(t));
	t.board_seconds = board_seconds;
	t.board = first == &board_view_ops;
	diag_list_init(&t.twice);
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
	const char *device = tui_client().device;
	/* The facilitator's screen: a note-taker's undo is of that screen's
	 * own ideas, and the board changes nothing. */
	bool shared = first == &tables_view_ops && device_claimed_elsewhere(t.dy.ev.path, device);
	if (shared)
		tui_status(&t, true, "Another alchemy screen on this machine is open on this event as device %s: "
				     "undo here takes back its changes too. To keep them apart, open this one as "
				     "another device: ALCHEMY_DEVICE=%.20s-2",
			   device, device);
	else if (first == &capture_view_ops)
		;   /* a note-taker's footer is capture's keys, not the facilitator's plan */
	else if (say_day_warnings(&t))
		;
	else if (t.dy.has_plan)
		tui_status(&t, false, "Plan: %s. ? for help", t.dy.plan_path);
	else
		tui_status(&t, false, "No plan yet (alchemy allocate makes one); showing pins only. ? for help");
	t.status_is_outside = !shared;   /* a greeting: another desk's first change replaces it */
	t.ideas_stamp = ideas_stamp(&t);
	screen_open();
	/* The input wait ticks four times a second: each tick stats the files
	 * (no reading unless they changed) and the clock moves on each second. */
	timeout(TICK_MS);
	/* alchemy capture is note-taker mode alone: nothing of the
	 * facilitator's is under it (Esc asks to quit, view_capture.c). */
	if (first == &capture_view_ops) {
		t.note_taker = true;
		if (table >= 0 && (size_t)table < t.dy.ev.tables_count)
			tui_push(&t, &capture_view_ops, table);
	} else {
		tui_push(&t, first, -1);
	}
	bool running = true, dirty = true;
	time_t drawn_at = 0;
	while (running && view_depth > 0) {
		if (screen_hung_up())
			break;   /* the views close below, each keeping its place and draft */
		if (dirty || time(NULL) != drawn_at) {
			draw_all(&t);
			drawn_at = time(NULL);
		}
		dirty = true;
		int key = getch();
		if (key == ERR) {
			dirty = tui_follow(&t, false);
			struct view *top = &view_stack[view_depth - 1];
			if (top->ops->tick && !screen_too_small())
				dirty |= (top->ops->tick(top) & REACT_REDRAW) != 0;
			continue;
		}
		if (key == KEY_RESIZE)
			continue;   /* curses has updated LINES and COLS; redraw */
		enum action a = key_action(key);
		if (screen_too_small()) {
			if (a == ACTION_QUIT)
				running = false;
			continue;
		}
		t.status[0] = '\0';
		t.status_is_error = false;
		t.status_is_twice = false;
		if (a == ACTION_REDRAW) {
			/* Said again: the footer told which one to mark absent only
			 * until a key, and the D marks do not say which. */
			t.twice_warned = 0;
			tui_follow(&t, true);
			clearok(stdscr, TRUE);
			continue;
		}
		struct view *v = &view_stack[view_depth - 1];
		/* A search being typed takes every letter as text: in round 2,
		 * "walsh" lost its a, l and s to the refusal of change keys. */
		bool typing = v->ops->typing && v->ops->typing(v);
		if (!typing && !view_does(v, a))
			continue;   /* not this screen's key: a note-taker has no facilitator's keys */
		if (!typing && v->ops != &capture_view_ops && refused_in_later_round(&t, a))
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
	table_mixes_free(&t.mixes);
	free(t.table_of);
	free(t.twin_of);
	free(t.twice_count);
	diag_list_free(&t.twice);
	free(t.table_theme);
	free(t.locked_count);
	day_close(&t.dy);
	return 0;
}
