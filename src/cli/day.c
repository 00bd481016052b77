/* The day's commands, for scripts and a second terminal at the desk:
 * checkin, add, move, swap, lock, rebalance. Each takes the event's lock,
 * rereads the files, makes its change and saves before letting go. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cli_progress.h"
#include "day.h"
#include "score.h"
#include "strbuf.h"

/* What a command reports is held until its change is on disk, so nothing
 * says "checked in" about a check-in a full disk then lost. */
static struct strbuf said;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(&said, fmt, ap);
	va_end(ap);
}

static void print_said(void)
{
	if (said.len)
		fwrite(said.data, 1, said.len, stdout);
	strbuf_free(&said);
}

static int fail(struct diag_list *d, struct day *dy)
{
	strbuf_free(&said);
	int status = cli_print_diagnostics(d);
	diag_list_free(d);
	day_close(dy);
	return status ? status : EX_SOFTWARE;
}

static int finish(struct day *dy, struct diag_list *d)
{
	if (!day_save(dy, d))
		return fail(d, dy);
	print_said();
	diag_list_free(d);
	day_close(dy);
	return 0;
}

static bool open_day(struct day *dy, const char *event, struct diag_list *d)
{
	diag_list_init(d);
	return day_open(dy, event, DAY_LOCK, d);
}

static int find_delegate(struct day *dy, const char *id, struct diag_list *d)
{
	int i = event_find_delegate(&dy->ev, id);
	if (i < 0)
		diag_add(d, DIAG_DATA, dy->ev.roster_path, 0, 0, "no delegate '%s' in the roster", id);
	return i;
}

static int find_table(struct day *dy, const char *id, struct diag_list *d)
{
	int t = event_find_table(&dy->ev, id);
	if (t < 0)
		diag_add(d, DIAG_DATA, dy->ev.path, 0, 0, "no table '%s'", id);
	return t;
}

int command_checkin(int argc, char **argv)
{
	bool absent = false;
	const char *event = NULL;
	int ids = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--absent") == 0)
			absent = true;
		else if (!event)
			event = argv[i];
		else
			ids++;
	}
	if (!event || !ids) {
		fprintf(stderr, "usage: alchemy checkin EVENT.yaml ID... [--absent]\n");
		return EX_USAGE;
	}
	struct day dy;
	struct diag_list d;
	if (!open_day(&dy, event, &d))
		return fail(&d, &dy);
	bool ok = true;
	bool seen_event = false;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--absent") == 0)
			continue;
		if (!seen_event) {
			seen_event = true;
			continue;
		}
		int k = find_delegate(&dy, argv[i], &d);
		ok = ok && k >= 0 && day_checkin(&dy, k, !absent, &d);
		if (k >= 0 && ok) {
			int t = dy.has_plan ? dy.plan.rounds[0].seat[k] : -1;
			say("%s %s%s%s\n", dy.ev.delegates[k].id, absent ? "absent" : "checked in",
			       t >= 0 ? ", table " : "", t >= 0 ? dy.ev.tables[t].id : "");
		}
	}
	if (!ok)
		return fail(&d, &dy);
	return finish(&dy, &d);
}

int command_add(int argc, char **argv)
{
	const char *event = NULL, *name = NULL, *org = NULL, *role = NULL;
	for (int i = 0; i < argc; i++) {
		const char *v;
		if ((v = cli_option_value(argc, argv, &i, "--name")))
			name = v;
		else if ((v = cli_option_value(argc, argv, &i, "--organisation")))
			org = v;
		else if ((v = cli_option_value(argc, argv, &i, "--organization")))
			org = v;
		else if ((v = cli_option_value(argc, argv, &i, "--role")))
			role = v;
		else if (!event && argv[i][0] != '-')
			event = argv[i];
		else
			event = NULL, i = argc;
	}
	if (!event || !name || !org || !role) {
		fprintf(stderr, "usage: alchemy add EVENT.yaml --name NAME --organisation ORG --role ROLE\n");
		return EX_USAGE;
	}
	struct day dy;
	struct diag_list d;
	const char *id;
	if (!open_day(&dy, event, &d) || !day_add_walkin(&dy, name, org, role, &id, &d))
		return fail(&d, &dy);
	say("%s\n", id);
	return finish(&dy, &d);
}

int command_move(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: alchemy move EVENT.yaml ID TABLE\n");
		return EX_USAGE;
	}
	struct day dy;
	struct diag_list d;
	if (!open_day(&dy, argv[0], &d))
		return fail(&d, &dy);
	int i = find_delegate(&dy, argv[1], &d), t = find_table(&dy, argv[2], &d);
	if (i < 0 || t < 0 || !day_move(&dy, i, t, &d))
		return fail(&d, &dy);
	say("%s now at table %s\n", dy.ev.delegates[i].id, dy.ev.tables[t].id);
	return finish(&dy, &d);
}

int command_swap(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: alchemy swap EVENT.yaml ID ID\n");
		return EX_USAGE;
	}
	struct day dy;
	struct diag_list d;
	if (!open_day(&dy, argv[0], &d))
		return fail(&d, &dy);
	int a = find_delegate(&dy, argv[1], &d), b = find_delegate(&dy, argv[2], &d);
	if (a < 0 || b < 0 || !day_swap(&dy, a, b, &d))
		return fail(&d, &dy);
	const int *seat = dy.plan.rounds[0].seat;
	say("%s now at table %s, %s at table %s\n", dy.ev.delegates[a].id, dy.ev.tables[seat[a]].id,
	       dy.ev.delegates[b].id, dy.ev.tables[seat[b]].id);
	return finish(&dy, &d);
}

int command_lock(int argc, char **argv)
{
	bool unlock = argc == 3 && strcmp(argv[2], "--unlock") == 0;
	if (argc != 2 && !unlock) {
		fprintf(stderr, "usage: alchemy lock EVENT.yaml ID [--unlock]\n");
		return EX_USAGE;
	}
	struct day dy;
	struct diag_list d;
	if (!open_day(&dy, argv[0], &d))
		return fail(&d, &dy);
	int i = find_delegate(&dy, argv[1], &d);
	if (i < 0 || !day_set_lock(&dy, i, !unlock, &d))
		return fail(&d, &dy);
	say("%s %s\n", dy.ev.delegates[i].id, unlock ? "unlocked" : "locked");
	return finish(&dy, &d);
}

static const char *table_name(const struct event *ev, int t)
{
	return t >= 0 ? ev->tables[t].id : "-";
}

int command_rebalance(int argc, char **argv)
{
	bool dry = argc == 2 && strcmp(argv[1], "--dry-run") == 0;
	if (argc != 1 && !dry) {
		fprintf(stderr, "usage: alchemy rebalance EVENT.yaml [--dry-run]\n");
		return EX_USAGE;
	}
	struct day dy;
	struct diag_list d;
	if (!open_day(&dy, argv[0], &d))
		return fail(&d, &dy);
	bool had_plan = dy.has_plan;
	struct plan_score before;
	if (had_plan)
		plan_score(&dy.ev, &dy.plan, &before, NULL, 0);
	struct repair_result res;
	struct cli_progress line;
	cli_progress_begin(&line);
	dy.progress = &line.core;
	bool ok = day_rebalance(&dy, !dry, &res, &d);
	if (cli_progress_end(&line)) {
		if (ok)
			repair_result_free(&res);
		diag_list_free(&d);
		day_close(&dy);
		return cli_stopped();
	}
	if (!ok)
		return fail(&d, &dy);
	if (!had_plan) {
		say("No plan yet: %s\n", dry ? "alchemy allocate would make one." : "allocated one.");
	} else {
		for (size_t k = 0; k < res.count; k++) {
			const struct repair_move *m = &res.moves[k];
			const struct delegate *p = &dy.ev.delegates[m->delegate];
			if (m->from >= 0 && m->to >= 0)
				say("move %s (%s): table %s -> table %s\n", p->id, p->name, table_name(&dy.ev, m->from),
				       table_name(&dy.ev, m->to));
			else if (m->to >= 0)
				say("seat %s (%s) at table %s\n", p->id, p->name, table_name(&dy.ev, m->to));
			else
				say("free %s (%s)'s seat at table %s\n", p->id, p->name, table_name(&dy.ev, m->from));
		}
		say("%zu moved, %zu seated, %zu seats freed%s\n", res.moved, res.seated, res.unseated,
		       dry ? " (dry run: nothing changed)" : "");
	}
	repair_result_free(&res);
	if (dry) {
		print_said();
		diag_list_free(&d);
		day_close(&dy);
		return 0;
	}
	return finish(&dy, &d);
}
