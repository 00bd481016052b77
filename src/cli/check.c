/* alchemy check: validate an event and summarise it. */
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>
#include <unistd.h>

#include "allocate.h"
#include "cli.h"
#include "dayops.h"
#include "fileio.h"
#include "strbuf.h"
#include "text.h"

static void print_padded(struct strbuf *out, const char *s, int cols)
{
	char buf[512];
	text_pad(buf, sizeof(buf), s, cols, 0);
	strbuf_puts(out, buf);
}

/* Built whole, then printed with control characters escaped: names and
 * labels come from files anyone may have written. */
static void print_summary(const struct event *ev)
{
	struct strbuf b;
	strbuf_init(&b);
	struct strbuf *out = &b;
	strbuf_printf(out, "%s", ev->name);
	if (ev->date)
		strbuf_printf(out, ", %s", ev->date);
	if (ev->venue)
		strbuf_printf(out, ", %s", ev->venue);
	strbuf_printf(out, "\n\n");
	size_t present = event_present_count(ev);
	strbuf_printf(out, "Delegates      %zu (%zu present, %zu absent)\n", ev->delegates_count, present,
		      ev->delegates_count - present);
	for (size_t r = 0; r < ev->roles_count; r++) {
		size_t p = 0, a = 0;
		for (size_t i = 0; i < ev->delegates_count; i++) {
			if (ev->delegates[i].role != (int)r)
				continue;
			if (ev->delegates[i].present)
				p++;
			else
				a++;
		}
		strbuf_printf(out, "  %c ", ev->roles[r].letter);
		print_padded(out, ev->roles[r].label, 22);
		strbuf_printf(out, " %5zu present %4zu absent\n", p, a);
	}
	size_t pinned = 0, avoid = 0, prefs = 0;
	for (size_t i = 0; i < ev->delegates_count; i++) {
		pinned += ev->delegates[i].pinned_table >= 0;
		avoid += ev->delegates[i].avoid_count;
		prefs += ev->delegates[i].preferences_count > 0;
	}
	strbuf_printf(out, "Organisations  %zu\n", ev->orgs_count);
	strbuf_printf(out, "Themes         %zu\n", ev->themes_count);
	strbuf_printf(out, "Stages         %zu\n", ev->stages_count);
	strbuf_printf(out, "Tables         %zu, %zu seats for %zu present (%s)\n", ev->tables_count,
		      event_seat_count(ev), present,
		      ev->tables_listed ? "themes set per table" : "themes chosen by the allocator");
	strbuf_printf(out, "Preferences    %zu delegates ranked themes\n", prefs);
	strbuf_printf(out, "Pins           %zu delegates pinned to a table\n", pinned);
	strbuf_printf(out, "Keep-apart     %zu request%s to seat two people apart\n", avoid, avoid == 1 ? "" : "s");
	strbuf_printf(out, "\n%s: OK\n", ev->path);
	cli_write_escaped(stdout, b.data ? b.data : "", b.len);
	strbuf_free(&b);
}

/* A rule allocate would refuse is said now, with the same words. */
static int print_summary_ok(struct event *ev)
{
	struct diag_list d;
	diag_list_init(&d);
	int status = 0;
	if (cli_open_day) {   /* warnings, not problems: the event is still OK */
		cli_print_roster_warnings(cli_open_day);
		cli_print_day_warnings(cli_open_day);
	}
	if (!allocate_check_hard_rules(ev, &d))
		status = cli_print_diagnostics(&d);
	else
		print_summary(ev);
	if (!status) {
		char *plan = path_beside(ev->path, "allocation.yaml");
		if (plan && access(plan, F_OK) == 0)
			cli_next_step("alchemy %s opens the day's screen; alchemy print %s --desk prints the check-in list.",
				      ev->path, NULL);
		else
			cli_next_step("alchemy allocate %s seats everyone.", ev->path, NULL);
		free(plan);
	}
	diag_list_free(&d);
	return status;
}

int command_check(int argc, char **argv)
{
	if (!cli_plain_arguments(argc, argv, 1)) {
		fprintf(stderr, "usage: alchemy check EVENT.yaml\n");
		return EX_USAGE;
	}
	/* The state allocate judges: the day's attendance counts here too. */
	return cli_with_day(argv[0], DAY_NO_PLAN, print_summary_ok);
}

