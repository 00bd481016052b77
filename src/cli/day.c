/* The day's commands, for scripts and a second terminal at the desk:
 * checkin, add, move, swap, lock, rebalance, undo, redo, log, snapshot.
 * Each change is one operation appended to this device's day journal
 * (core: dayops.h); what a command prints is said only once it is saved. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "cli.h"
#include "cli_progress.h"
#include "day.h"
#include "name_order.h"
#include "text.h"
#include "event_files.h"
#include "journal.h"
#include "score.h"
#include "strbuf.h"

/* The device this process writes as ($ALCHEMY_DEVICE, else the host name)
 * and the time ($ALCHEMY_NOW in milliseconds since the epoch, for tests
 * and for entering a day after the fact; else the clock): the core is
 * given both. */
static struct day_client client(const char *device)
{
	static char name[128];
	static bool said;
	if (device)
		snprintf(name, sizeof(name), "%s", device);
	else if (journal_device(name, sizeof(name)) == JOURNAL_DEVICE_HOST_CHANGED && !said) {
		/* A name typed by the user is refused (main.c), never rewritten;
		 * the host name is not theirs to type, so it is reduced, said. */
		said = true;
		fprintf(stderr, "alchemy: the host name is used as the device name '%s' (letters, digits and '-' only); "
				"set ALCHEMY_DEVICE=NAME to choose another\n", name);
	}
	const char *fixed = getenv("ALCHEMY_NOW");
	char *end = NULL;
	long long now = fixed && *fixed ? strtoll(fixed, &end, 10) : -1;
	if (now < 0 || !end || *end) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		now = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	}
	return (struct day_client){ name, now, journal_nonce() };
}

static int fail(struct diag_list *d, struct day *dy)
{
	int status = cli_print_diagnostics(d);
	diag_list_free(d);
	day_close(dy);
	return status ? status : EX_SOFTWARE;
}

static int done(struct diag_list *d, struct day *dy)
{
	diag_list_free(d);
	day_close(dy);
	return 0;
}

/* Changes made from here print no figures around them (DAY_NO_FIGURES)
 * but a rebalance's, which says what it mended. */
static bool open_day(struct day *dy, const char *event, struct diag_list *d)
{
	diag_list_init(d);
	return cli_day_open(dy, event, DAY_NO_FIGURES, d);
}

static bool open_day_with_figures(struct day *dy, const char *event, struct diag_list *d)
{
	diag_list_init(d);
	return cli_day_open(dy, event, 0, d);
}

/* "d020 (Ann Lee)": what a command says of someone, the id first (a name
 * is at most 1,000 bytes; the buffer holds any, so none is cut). */
#define WHO_BYTES 2200

/* Nobody of that id or whole name: those whose name holds what was typed
 * ("Ruth" for Ruth Ashworth), up to three, so the desk need not guess. */
static void say_not_found(struct day *dy, const char *typed, struct diag_list *d)
{
	char want[256], name[1024], near[3 * WHO_BYTES] = "";
	name_fold(typed, want, sizeof(want));
	size_t found = 0;
	for (size_t k = 0; want[0] && k < dy->ev.delegates_count; k++) {
		const struct delegate *p = &dy->ev.delegates[k];
		name_fold(p->name, name, sizeof(name));
		if (p->withdrawn || !strstr(name, want))
			continue;
		size_t used = strlen(near);
		char shown[300];
		text_fit(shown, sizeof(shown), p->name, 60);
		if (found++ < 3 && used < sizeof(near))
			snprintf(near + used, sizeof(near) - used, "%s%s (%s)", used ? ", " : "", shown, p->id);
	}
	if (found)
		diag_add(d, DIAG_DATA, dy->ev.roster_path, 0, 0,
			 "no delegate '%s' in the roster, by id or by whole name; named so in part: %s%s", typed, near,
			 found > 3 ? ", ..." : "");
	else
		diag_add(d, DIAG_DATA, dy->ev.roster_path, 0, 0, "no delegate '%s' in the roster, by id or by name", typed);
}

/* A person by id, else by their whole name when one person has it (a
 * desk reads names, not ids: "Leon Kowalski"). */
static int find_delegate(struct day *dy, const char *id, struct diag_list *d)
{
	int i = event_find_delegate(&dy->ev, id);
	if (i >= 0)
		return i;
	size_t named = 0;
	char which[3 * WHO_BYTES] = "";
	for (size_t k = 0; k < dy->ev.delegates_count; k++) {
		const struct delegate *p = &dy->ev.delegates[k];
		if (p->withdrawn || loose_compare(p->name, id) != 0)
			continue;
		size_t used = strlen(which);
		/* What a desk can ask the person to tell them apart: their
		 * organisation, role, e-mail and table. */
		char org[1024], email[300] = "", table[96] = "";
		text_fit(org, sizeof(org), p->organisation, 200);
		if (p->email && p->email[0]) {
			char e[256];
			text_fit(e, sizeof(e), p->email, 80);
			snprintf(email, sizeof(email), ", %s", e);
		}
		int t = dy->has_plan ? dy->plan.rounds[0].seat[k] : -1;
		if (t >= 0)
			snprintf(table, sizeof(table), ", table %s", dy->ev.tables[t].id);
		if (named++ < 3 && used < sizeof(which))
			snprintf(which + used, sizeof(which) - used, "%s%s (%s, %s%s%s)", used ? "; " : "", p->id, org,
				 p->role >= 0 ? dy->ev.roles[p->role].label : "no role", email, table);
		i = (int)k;
	}
	if (named == 1)
		return i;
	if (named > 1)
		diag_add(d, DIAG_REFUSED, dy->ev.roster_path, 0, 0, "%zu people are named '%s': %s%s; give the id", named,
			 id, which, named > 3 ? "; ..." : "");
	else
		say_not_found(dy, id, d);
	return -1;
}

static const char *who(const struct day *dy, int i, char *buf, size_t size)
{
	char name[WHO_BYTES - EVENT_MAX_ID_BYTES - 8];
	text_fit(name, sizeof(name), dy->ev.delegates[i].name, 400);   /* a roster's may be longer: cut whole */
	snprintf(buf, size, "%s (%s)", dy->ev.delegates[i].id, name);
	return buf;
}

/* One line of what a command did, escaped as log escapes it: names typed
 * at a desk may hold what a terminal would act on. */
__attribute__((format(printf, 1, 2))) static void say(const char *fmt, ...)
{
	char line[3 * WHO_BYTES];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	cli_puts_escaped(stdout, line);
	putchar('\n');
	fflush(stdout);
}

static int find_table(struct day *dy, const char *id, struct diag_list *d)
{
	int t = event_find_table(&dy->ev, id);
	if (t < 0)
		diag_add(d, DIAG_DATA, dy->ev.path, 0, 0, "no table '%s'", id);
	return t;
}

/* One operation, saved; its result in res. */
static bool change(struct day *dy, const struct day_op *op, struct day_result *res, struct diag_list *d)
{
	struct day_client c = client(NULL);
	static bool said;   /* once a command: checkin of 1,000 ids said it 1,250 times */
	if (!said && day_lock_busy(dy)) {
		said = true;
		fprintf(stderr, "alchemy: waiting for another alchemy that holds the event's lock (another desk's "
				"change, or an allocate making the plan); the change is made once it lets go\n");
		fflush(stderr);
	}
	return day_change(dy, &c, op, res, d);
}

static const char *seat_of(const struct day *dy, int i)
{
	int t = dy->has_plan && i >= 0 ? dy->plan.rounds[0].seat[i] : -1;
	return t >= 0 ? dy->ev.tables[t].id : NULL;
}

int command_checkin(int argc, char **argv)
{
	enum day_op_kind kind = DAY_OP_ARRIVE;
	bool close_doors = false, bad = false;
	const char *event = NULL;
	int ids = 0;
	int kinds = 0;
	int dashdash = argc;   /* after "--", ids only: an id may start with '-' */
	for (int i = 0; i < argc; i++) {
		if (i > dashdash && event)
			ids++;
		else if (i > dashdash)
			event = argv[i];
		else if (!strcmp(argv[i], "--") && dashdash == argc)
			dashdash = i;
		else if (!strcmp(argv[i], "--absent"))
			kind = DAY_OP_ABSENT, kinds++;
		else if (!strcmp(argv[i], "--expected"))
			kind = DAY_OP_EXPECTED, kinds++;
		else if (!strcmp(argv[i], "--close-doors"))
			close_doors = true;
		else if (argv[i][0] == '-') {
			if (!bad)
				cli_say_unexpected(argv[i]);
			bad = true;
		} else if (!event)
			event = argv[i];
		else
			ids++;
	}
	if (!event || bad || kinds > 1 || (!ids && !close_doors) || (ids && close_doors)) {
		if (!bad && close_doors && ids)
			fputs("alchemy: --close-doors takes no ids\n", stderr);
		else if (!bad && kinds > 1)
			fputs("alchemy: --absent or --expected, not both\n", stderr);
		fprintf(stderr, "usage: alchemy checkin EVENT.yaml ID... [--absent|--expected] [-- ID...]\n"
				"       alchemy checkin EVENT.yaml --close-doors\n");
		return EX_USAGE;
	}
	struct day dy;
	struct diag_list d;
	if (!open_day(&dy, event, &d))
		return fail(&d, &dy);
	struct day_result res;
	if (close_doors) {
		struct day_op op = { .kind = DAY_OP_DOORS_CLOSED };
		if (!change(&dy, &op, &res, &d))
			return fail(&d, &dy);
		size_t counts[ATT_STATES];
		day_attendance_counts(&dy, counts);
		printf("Doors closed: %zu marked absent; %zu arrived, %zu absent\n", res.touched, counts[ATT_ARRIVED],
		       counts[ATT_ABSENT]);
		return done(&d, &dy);
	}
	/* The ids, each found before any is changed: "checkin EV d001 nobody"
	 * checked d001 in, then failed (65) on nobody. */
	int *people = malloc((size_t)ids * sizeof(int));
	if (!people) {
		fputs("alchemy: out of memory\n", stderr);
		day_close(&dy);
		return EX_OSERR;
	}
	int n = 0;
	bool seen_event = false, all_found = true;
	for (int i = 0; i < argc; i++) {
		if (i == dashdash || (i < dashdash && argv[i][0] == '-'))
			continue;
		if (!seen_event) {
			seen_event = true;
			continue;
		}
		people[n] = find_delegate(&dy, argv[i], &d);
		all_found &= people[n++] >= 0;
	}
	if (!all_found) {
		free(people);
		return fail(&d, &dy);
	}
	for (int x = 0; x < n; x++) {
		/* One operation each: every one printed is saved, whatever fails after. */
		int k = people[x];
		struct day_op op = { .kind = kind, .who = k };
		if (!change(&dy, &op, &res, &d)) {
			free(people);
			return fail(&d, &dy);
		}
		const char *t = seat_of(&dy, k);
		/* Said as the TUI says it: a second check-in changes nothing. */
		char w[WHO_BYTES];
		say("%s %s%s%s%s", who(&dy, k, w, sizeof(w)), res.touched ? "" : "already ",
		    attendance_names[day_attendance(&dy, k)], t ? ", table " : "", t ? t : "");
	}
	free(people);
	return done(&d, &dy);
}

int command_add(int argc, char **argv)
{
	const char *event = NULL, *name = NULL, *org = NULL, *role = NULL;
	bool again = false;
	for (int i = 0; i < argc; i++) {
		const char *v;
		if (strcmp(argv[i], "--again") == 0)
			again = true;
		else if ((v = cli_option_value(argc, argv, &i, "--name")))
			name = v;
		else if ((v = cli_option_value(argc, argv, &i, "--organisation")))
			org = v;
		else if ((v = cli_option_value(argc, argv, &i, "--organization")))
			org = v;
		else if ((v = cli_option_value(argc, argv, &i, "--role")))
			role = v;
		else if (!event && argv[i][0] != '-')
			event = argv[i];
		else {
			cli_say_unexpected(argv[i]);
			event = NULL, i = argc;
		}
	}
	if (!event || !name || !org || !role) {
		fprintf(stderr, "usage: alchemy add EVENT.yaml --name NAME --organisation ORG --role ROLE [--again]\n");
		return EX_USAGE;
	}
	struct day dy;
	struct diag_list d;
	struct day_result res;
	if (!open_day(&dy, event, &d))
		return fail(&d, &dy);
	/* The role as the TUI's walk-in prompt takes it ("Investor", "inv"),
	 * written to the journal as its id. */
	int r = event_role_typed(&dy.ev, role);
	if (r == -2) {   /* "co": commissioner or coop; the core would say only "unknown" */
		char which[512];
		event_role_ids(&dy.ev, role, which, sizeof(which));
		diag_add(&d, DIAG_REFUSED, dy.ev.path, 0, 0, "more than one role starts with '%s' (%s); give more of it",
			 role, which);
		return fail(&d, &dy);
	}
	/* Copied: the change rereads the event when another desk changed it
	 * meanwhile, freeing the strings it had (as the TUI's walk-in does). */
	char role_id[EVENT_MAX_ID_BYTES + 1];
	snprintf(role_id, sizeof(role_id), "%s", r >= 0 ? dy.ev.roles[r].id : role);
	struct day_op op = { .kind = DAY_OP_WALKIN, .name = name, .organisation = org, .role = role_id,
			     .again = again };
	if (!change(&dy, &op, &res, &d))
		return fail(&d, &dy);
	/* The id first (scripts read it), then where to send them. */
	printf("%s%s%s\n", res.walkin_id, res.table >= 0 ? " seated at table " : " (no seat: no plan yet)",
	       res.table >= 0 ? dy.ev.tables[res.table].id : "");
	return done(&d, &dy);
}

int command_move(int argc, char **argv)
{
	if (argc != 3) {
		if (argc > 3)
			cli_say_unexpected(argv[3]);
		fprintf(stderr, "usage: alchemy move EVENT.yaml ID TABLE\n");
		return EX_USAGE;
	}
	struct day dy;
	struct diag_list d;
	if (!open_day(&dy, argv[0], &d))
		return fail(&d, &dy);
	int i = find_delegate(&dy, argv[1], &d), t = find_table(&dy, argv[2], &d);
	struct day_op op = { .kind = DAY_OP_MOVE, .who = i, .table = t };
	struct day_result res;
	if (i < 0 || t < 0 || !change(&dy, &op, &res, &d))
		return fail(&d, &dy);
	char w[WHO_BYTES];
	say("%s %s table %s", who(&dy, i, w, sizeof(w)), res.touched ? "now at" : "already at", dy.ev.tables[t].id);
	return done(&d, &dy);
}

int command_swap(int argc, char **argv)
{
	if (argc != 3) {
		if (argc > 3)
			cli_say_unexpected(argv[3]);
		fprintf(stderr, "usage: alchemy swap EVENT.yaml ID ID\n");
		return EX_USAGE;
	}
	struct day dy;
	struct diag_list d;
	if (!open_day(&dy, argv[0], &d))
		return fail(&d, &dy);
	int a = find_delegate(&dy, argv[1], &d), b = find_delegate(&dy, argv[2], &d);
	struct day_op op = { .kind = DAY_OP_SWAP, .who = a, .other = b };
	if (a < 0 || b < 0 || !change(&dy, &op, NULL, &d))
		return fail(&d, &dy);
	char wa[WHO_BYTES], wb[WHO_BYTES];
	say("%s now at table %s, %s at table %s", who(&dy, a, wa, sizeof(wa)), seat_of(&dy, a),
	    who(&dy, b, wb, sizeof(wb)), seat_of(&dy, b));
	return done(&d, &dy);
}

int command_lock(int argc, char **argv)
{
	bool unlock = argc == 3 && strcmp(argv[2], "--unlock") == 0;
	if (argc != 2 && !unlock) {
		if (argc > 2)
			cli_say_unexpected(argv[argc > 3 && !strcmp(argv[2], "--unlock") ? 3 : 2]);
		fprintf(stderr, "usage: alchemy lock EVENT.yaml ID [--unlock]\n");
		return EX_USAGE;
	}
	struct day dy;
	struct diag_list d;
	if (!open_day(&dy, argv[0], &d))
		return fail(&d, &dy);
	int i = find_delegate(&dy, argv[1], &d);
	struct day_op op = { .kind = unlock ? DAY_OP_UNLOCK : DAY_OP_LOCK, .who = i };
	struct day_result res;
	if (i < 0 || !change(&dy, &op, &res, &d))
		return fail(&d, &dy);
	char w[WHO_BYTES];
	say("%s %s%s", who(&dy, i, w, sizeof(w)), res.touched ? "" : "already ", unlock ? "unlocked" : "locked");
	return done(&d, &dy);
}

static const char *table_name(const struct event *ev, int t)
{
	return t >= 0 ? ev->tables[t].id : "-";
}

/* One seat a repair changes, from table `from` to `to` ("-": none). */
static void say_repair_move(struct strbuf *said, const char *id, const char *from, const char *to,
			    const struct event *ev)
{
	int i = event_find_delegate(ev, id);
	const char *name = i >= 0 ? ev->delegates[i].name : "not in the roster";
	enum seat_step step = seat_step_of(from, to);
	if (step == SEAT_MOVE)
		strbuf_printf(said, "move %s (%s): table %s -> table %s\n", id, name, from, to);
	else if (step == SEAT_TAKE)
		strbuf_printf(said, "seat %s (%s) at table %s\n", id, name, to);
	else
		strbuf_printf(said, "free %s (%s)'s seat at table %s\n", id, name, from);
}

/* What the repair just written did: its record's seats (the last repair
 * of this device, when it changed anyone) and the figures around it. */
static void say_applied_repair(const struct day *dy, const struct day_result *applied, struct strbuf *said)
{
	const char *device = client(NULL).device;
	const struct day_record *r = NULL;
	for (size_t k = dy->records_count; applied->touched && k-- > 0 && !r;)
		if (dy->records[k].kind == DAY_OP_REPAIR && !strcmp(dy->records[k].device, device))
			r = &dy->records[k];
	size_t moved = 0, seated = 0, freed = 0;
	for (size_t k = 0; r && k < r->changes_count; k++) {
		const struct day_change *c = &r->changes[k];
		if (strcmp(c->field, "seat"))
			continue;
		say_repair_move(said, c->subject, c->was, c->value, &dy->ev);
		enum seat_step step = seat_step_of(c->was, c->value);
		moved += step == SEAT_MOVE;
		seated += step == SEAT_TAKE;
		freed += step == SEAT_FREE;
	}
	char figures[256] = "no figure changed";
	if (applied->scored)
		plan_figures_compare(&applied->before, &applied->after, figures, sizeof(figures));
	strbuf_printf(said, "%zu moved, %zu seated, %zu seats freed\nfigures: %s\n", moved, seated, freed, figures);
}

int command_rebalance(int argc, char **argv)
{
	bool dry = argc == 2 && strcmp(argv[1], "--dry-run") == 0;
	if ((argc != 1 || argv[0][0] == '-') && !dry) {   /* "--bogus" is no event to open */
		if (argc >= 1)
			cli_say_unexpected(argc > 1 && argv[0][0] != '-' ? argv[1] : argv[0]);
		fprintf(stderr, "usage: alchemy rebalance EVENT.yaml [--dry-run]\n");
		return EX_USAGE;
	}
	struct day dy;
	struct diag_list d;
	if (!open_day_with_figures(&dy, argv[0], &d))
		return fail(&d, &dy);
	/* Someone counted twice would be seated twice (and org clashes moved
	 * for): said before, so a desk marks them first. */
	cli_print_day_warnings(&dy);
	/* Repairing (or, with no plan yet, allocating) may take a while on a
	 * big event: a progress line on a terminal, and Ctrl-C writes nothing. */
	struct cli_progress line;
	cli_progress_begin(&line);
	dy.progress = &line.core;
	struct day_op op = { .kind = DAY_OP_REPAIR };
	struct strbuf said;
	strbuf_init(&said);
	bool ok = true;
	if (!dy.has_plan) {
		ok = dry || change(&dy, &op, NULL, &d);
		strbuf_printf(&said, "No plan yet: %s\n", dry ? "alchemy allocate would make one." : "allocated one.");
	} else if (dry) {
		struct repair_result res;
		struct plan_score before, after;
		ok = day_rebalance_preview(&dy, &res, &before, &after, &d);
		for (size_t k = 0; ok && k < res.count; k++) {
			const struct repair_move *m = &res.moves[k];
			say_repair_move(&said, dy.ev.delegates[m->delegate].id, table_name(&dy.ev, m->from),
					table_name(&dy.ev, m->to), &dy.ev);
		}
		if (ok) {
			/* The figures the TUI's repair screen shows, so a script sees
			 * what the moves cost (preference 23->52) before applying. */
			char figures[256];
			plan_figures_compare(&before, &after, figures, sizeof(figures));
			strbuf_printf(&said, "%zu moved, %zu seated, %zu seats freed (dry run: nothing changed)\nfigures: %s\n",
				      res.moved, res.seated, res.unseated, figures);
			repair_result_free(&res);
		}
	} else {
		/* Told from the record written, not from a preview: the repair is
		 * worked out under the lock, and another desk's change in between
		 * made a preview say other moves than those made (hostile pass). */
		struct day_result applied;
		ok = change(&dy, &op, &applied, &d);
		if (ok)
			say_applied_repair(&dy, &applied, &said);
	}
	dy.progress = NULL;
	/* A Ctrl-C after the change was made came too late: it is written. */
	if (cli_progress_end(&line) && !ok) {
		strbuf_free(&said);
		diag_list_free(&d);
		day_close(&dy);
		return cli_stopped();
	}
	if (!ok) {
		strbuf_free(&said);
		return fail(&d, &dy);
	}
	if (said.len)
		cli_write_escaped(stdout, said.data, said.len);   /* names from the roster */
	strbuf_free(&said);
	return done(&d, &dy);
}

/* EVENT [--device D]: undo and redo. */
static int undo_or_redo(int argc, char **argv, bool redo)
{
	const char *event = NULL, *device = NULL;
	bool bad = false;
	for (int i = 0; i < argc; i++) {
		const char *v;
		if ((v = cli_option_value(argc, argv, &i, "--device")))
			device = v;
		else if (argv[i][0] == '-' || event) {
			if (!bad)
				cli_say_unexpected(argv[i]);
			bad = true;
		}
		else
			event = argv[i];
	}
	if (!event || bad) {
		fprintf(stderr, "usage: alchemy %s EVENT.yaml [--device D]\n", redo ? "redo" : "undo");
		return EX_USAGE;
	}
	if (device && !cli_device_name_ok(device, "--device", "--device desk-2"))
		return EX_USAGE;
	struct day dy;
	struct diag_list d;
	if (!open_day(&dy, event, &d))
		return fail(&d, &dy);
	/* Undo takes back only this device's own changes: --device may only name it. */
	struct day_client c = client(NULL);
	if (device && strcmp(device, c.device)) {
		fprintf(stderr,
			"alchemy: %s takes back only this device's changes, and this is %s, not %s; "
			"%s on %s itself\n",
			redo ? "redo" : "undo", c.device, device, redo ? "redo" : "undo", device);
		diag_list_free(&d);
		day_close(&dy);
		return EX_USAGE;
	}
	struct day_op op = { .kind = redo ? DAY_OP_REDO : DAY_OP_UNDO };
	struct day_result res;
	if (!change(&dy, &op, &res, &d))
		return fail(&d, &dy);
	cli_puts_escaped(stdout, res.what);
	putchar('\n');
	return done(&d, &dy);
}

int command_undo(int argc, char **argv)
{
	return undo_or_redo(argc, argv, false);
}

int command_redo(int argc, char **argv)
{
	return undo_or_redo(argc, argv, true);
}

static void local_hhmm(long long ms, char *buf, size_t size)
{
	time_t s = (time_t)(ms / 1000);
	struct tm tm;
	localtime_r(&s, &tm);
	strftime(buf, size, "%H:%M", &tm);
}

void cli_warn_clock_ahead(const struct day *dy)
{
	/* The hybrid clock never goes back: one laptop whose clock ran ahead
	 * stamps every later change of every desk after it, and wins every
	 * conflict. Said, so someone sets that clock right. */
	const struct day_record *ahead = NULL;
	for (size_t k = 0; k < dy->records_count; k++)
		if (!ahead || dy->records[k].at > ahead->at)
			ahead = &dy->records[k];
	struct day_client now = client(NULL);
	if (!ahead || ahead->at <= now.now_ms + 10 * 60 * 1000)
		return;
	time_t s = (time_t)(ahead->at / 1000);
	struct tm tm;
	char when[64];
	localtime_r(&s, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	fprintf(stderr,
		"warning: record %ld of %s is stamped %s, ahead of this machine's clock: "
		"a device's clock is wrong, and every later change is ordered after it; set that clock right\n",
		ahead->seq, ahead->device, when);
}

int command_log(int argc, char **argv)
{
	const char *event = NULL, *device = NULL, *since = NULL;
	bool bad = false;
	for (int i = 0; i < argc; i++) {
		const char *v;
		if ((v = cli_option_value(argc, argv, &i, "--device")))
			device = v;
		else if ((v = cli_option_value(argc, argv, &i, "--since")))
			since = v;
		else if (argv[i][0] == '-' || event) {
			if (!bad)
				cli_say_unexpected(argv[i]);
			bad = true;
		}
		else
			event = argv[i];
	}
	int hh = 0, mm = 0;
	char extra;
	if (since && (sscanf(since, "%d:%d%c", &hh, &mm, &extra) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59)) {
		cli_say("alchemy log: --since takes a time of day as HH:MM, not '", since, "'\n");
		return EX_USAGE;
	}
	if (device && !cli_device_name_ok(device, "--device", "--device desk-2"))
		return EX_USAGE;
	if (!event || bad) {
		fprintf(stderr, "usage: alchemy log EVENT.yaml [--device D] [--since HH:MM]\n");
		return EX_USAGE;
	}
	struct day dy;
	struct diag_list d;
	if (!open_day(&dy, event, &d))
		return fail(&d, &dy);
	cli_print_day_warnings(&dy);
	cli_warn_clock_ahead(&dy);
	size_t shown = 0;
	for (size_t k = 0; k < dy.records_count; k++) {
		const struct day_record *r = &dy.records[k];
		char hhmm[16], what[512];
		local_hhmm(r->at, hhmm, sizeof(hhmm));
		if (device && strcmp(device, r->device))
			continue;
		if (since && (hhmm[0] - '0') * 600 + (hhmm[1] - '0') * 60 + (hhmm[3] - '0') * 10 + (hhmm[4] - '0') <
				     hh * 60 + mm)
			continue;
		day_record_describe(&dy, r, what, sizeof(what));
		printf("%s %s ", hhmm, r->device);
		for (char *c = what; *c; c++)   /* one record, one line, whatever a name holds */
			if (*c == '\n' || *c == '\r' || *c == '\t')
				*c = ' ';
		cli_puts_escaped(stdout, what);   /* names typed at a desk */
		if (r->conflict) {
			const struct day_record *o = &dy.records[r->conflict_with];
			char when[16];
			local_hhmm(o->at, when, sizeof(when));
			printf("  [conflict: made without seeing %s's change at %s; this one wins]", o->device, when);
		}
		if (r->skipped)
			printf("  [partly skipped: names someone or something not in this event]");
		putchar('\n');
		shown++;
		/* A repair moves many: who went where, so the log answers "why is Ruth at 11?". */
		for (size_t c = 0; r->kind == DAY_OP_REPAIR && c < r->changes_count; c++) {
			const struct day_change *ch = &r->changes[c];
			int i = strcmp(ch->field, "seat") ? -1 : event_find_delegate(&dy.ev, ch->subject);
			if (i < 0)
				continue;
			printf("      ");
			cli_puts_escaped(stdout, dy.ev.delegates[i].name);
			printf(" (%s) %s -> %s\n", ch->subject, ch->was, ch->value);
		}
	}
	if (device && !shown) {
		bool any = false;
		for (size_t k = 0; k < dy.records_count && !any; k++)
			any = !strcmp(dy.records[k].device, device);
		fprintf(stderr, "alchemy log: %s\n", any ? "no records from that device in that time"
						 : "no records from that device: check its name (alchemy log lists every device's)");
	}
	return done(&d, &dy);
}

int command_snapshot(int argc, char **argv)
{
	const char *event = NULL, *out = NULL;
	bool bad = false, force = false;
	for (int i = 0; i < argc; i++) {
		const char *v;
		if ((v = cli_option_value(argc, argv, &i, "-o")))
			out = v;
		else if (!strcmp(argv[i], "--force"))
			force = true;
		else if (argv[i][0] == '-' || event) {
			if (!bad)
				cli_say_unexpected(argv[i]);
			bad = true;
		}
		else
			event = argv[i];
	}
	if (!event || !out || bad) {
		fprintf(stderr, "usage: alchemy snapshot EVENT.yaml -o DIR [--force]\n");
		return EX_USAGE;
	}
	struct day dy;
	struct diag_list d;
	if (!open_day(&dy, event, &d) || !event_snapshot_folder_allowed(&dy.ev, out, force, &d) ||
	    !day_snapshot(&dy, out, &d))
		return fail(&d, &dy);
	size_t counts[ATT_STATES];
	day_attendance_counts(&dy, counts);
	printf("Snapshot in %s: %zu delegates (%zu arrived, %zu expected, %zu absent)%s\n", out,
	       counts[ATT_ARRIVED] + counts[ATT_EXPECTED] + counts[ATT_ABSENT], counts[ATT_ARRIVED], counts[ATT_EXPECTED], counts[ATT_ABSENT], dy.has_plan ? " and the plan" : "");
	/* The archive keeps someone counted twice as two delegates: said, so
	 * the desk marks one absent and snapshots again. */
	cli_print_day_warnings(&dy);
	return done(&d, &dy);
}
