/* alchemy: command line. Parses arguments, loads the event, dispatches to a
 * subcommand; the TUI is one of them. All printing of core results is here. */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "diag.h"
#include "event.h"
#include "text.h"
#include "tui/tui.h"

static const char usage_text[] =
	"Usage: alchemy EVENT.yaml              open the facilitator's TUI\n"
	"       alchemy tui EVENT.yaml          the same\n"
	"       alchemy check EVENT.yaml        validate the event and print a summary\n"
	"       alchemy --help | --version\n"
	"\n"
	"EVENT.yaml names the themes and roster files beside it; see 'man alchemy'\n"
	"and docs/formats.md. Problems are reported as FILE:LINE:COL: message.\n"
	"\n"
	"Exit status: 0 ok, 64 usage, 65 bad data, 66 missing or unreadable file,\n"
	"73 cannot create a file, 74 input/output error.\n";

/* Our files are UTF-8 whatever the user's locale says; widths need a UTF-8
 * LC_CTYPE, so fall back to C.UTF-8 when the environment gives another. */
static void set_utf8_locale(void)
{
	setlocale(LC_ALL, "");
	const char *codeset = nl_langinfo(CODESET);
	if (!codeset || strcmp(codeset, "UTF-8") != 0)
		if (!setlocale(LC_CTYPE, "C.UTF-8"))
			setlocale(LC_CTYPE, "en_US.UTF-8");
}

static int print_diagnostics(const struct diag_list *d)
{
	char line[2048];
	for (size_t i = 0; i < d->count; i++) {
		diag_format(&d->items[i], line, sizeof(line));
		fprintf(stderr, "%s\n", line);
	}
	size_t total = diag_total(d);
	if (d->dropped)
		fprintf(stderr, "alchemy: %zu problems (the first %zu shown); fix these and run again\n",
			total, d->count);
	else
		fprintf(stderr, "alchemy: %zu problem%s found\n", total, total == 1 ? "" : "s");
	return diag_exit_status(d);
}

static int load_or_report(struct event *ev, const char *path)
{
	struct diag_list d;
	diag_list_init(&d);
	int status = 0;
	if (!event_load(ev, path, &d))
		status = print_diagnostics(&d);
	diag_list_free(&d);
	return status;
}

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

/* Loads the one EVENT.yaml argument, runs fn on it, frees it. */
static int with_event(int argc, char **argv, const char *usage, int (*fn)(struct event *ev))
{
	if (argc != 1) {
		fprintf(stderr, "usage: %s\n", usage);
		return EX_USAGE;
	}
	struct event ev;
	int status = load_or_report(&ev, argv[0]);
	if (status)
		return status;
	status = fn(&ev);
	event_free(&ev);
	return status;
}

static int print_summary_ok(struct event *ev)
{
	print_summary(ev);
	return 0;
}

static int command_check(int argc, char **argv)
{
	return with_event(argc, argv, "alchemy check EVENT.yaml", print_summary_ok);
}

static int command_tui(int argc, char **argv)
{
	return with_event(argc, argv, "alchemy tui EVENT.yaml", tui_run);
}

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "check", command_check },
	{ "tui", command_tui },
};

int main(int argc, char **argv)
{
	set_utf8_locale();
	if (argc < 2) {
		fputs(usage_text, stderr);
		return EX_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("alchemy %s\n", ALCHEMY_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(cmd, commands[i].name) == 0)
			return commands[i].run(argc - 2, argv + 2);
	size_t len = strlen(cmd);
	if (len > 5 && (strcmp(cmd + len - 5, ".yaml") == 0 || strcmp(cmd + len - 4, ".yml") == 0))
		return command_tui(argc - 1, argv + 1);
	fprintf(stderr, "alchemy: unknown command '%s'\n\n%s", cmd, usage_text);
	return EX_USAGE;
}
