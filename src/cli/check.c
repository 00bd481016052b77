/* alchemy check: validate an event and summarise it. */
#include <stdio.h>
#include <sysexits.h>

#include "cli.h"
#include "text.h"

static void print_padded(const char *s, int cols)
{
	char buf[512];
	text_pad(buf, sizeof(buf), s, cols, 0);
	fputs(buf, stdout);
}

static void print_summary(const struct event *ev)
{
	printf("%s", ev->name);
	if (ev->date)
		printf(", %s", ev->date);
	if (ev->venue)
		printf(", %s", ev->venue);
	printf("\n\n");
	size_t present = event_present_count(ev);
	printf("Delegates      %zu (%zu present, %zu absent)\n", ev->delegates_count, present,
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
		printf("  %c ", ev->roles[r].letter);
		print_padded(ev->roles[r].label, 22);
		printf(" %5zu present %4zu absent\n", p, a);
	}
	size_t pinned = 0, avoid = 0, prefs = 0;
	for (size_t i = 0; i < ev->delegates_count; i++) {
		pinned += ev->delegates[i].pinned_table >= 0;
		avoid += ev->delegates[i].avoid_count;
		prefs += ev->delegates[i].preferences_count > 0;
	}
	printf("Organisations  %zu\n", ev->orgs_count);
	printf("Themes         %zu\n", ev->themes_count);
	printf("Stages         %zu\n", ev->stages_count);
	printf("Tables         %zu, %zu seats for %zu present (%s)\n", ev->tables_count,
	       event_seat_count(ev), present,
	       ev->tables_listed ? "themes set per table" : "themes chosen by the allocator");
	printf("Preferences    %zu delegates ranked themes\n", prefs);
	printf("Pins           %zu delegates pinned to a table\n", pinned);
	printf("Keep-apart     %zu request%s to seat two people apart\n", avoid, avoid == 1 ? "" : "s");
	printf("\n%s: OK\n", ev->path);
}

static int print_summary_ok(struct event *ev)
{
	print_summary(ev);
	return 0;
}

int command_check(int argc, char **argv)
{
	return cli_with_event(argc, argv, "alchemy check EVENT.yaml", print_summary_ok);
}

