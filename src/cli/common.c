/* What every command shares: loading an event and printing problems. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"

int cli_print_diagnostics(const struct diag_list *d)
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

int cli_load_event(struct event *ev, const char *path)
{
	struct diag_list d;
	diag_list_init(&d);
	int status = 0;
	if (!event_load(ev, path, &d))
		status = cli_print_diagnostics(&d);
	diag_list_free(&d);
	return status;
}

const char *cli_option_value(int argc, char **argv, int *i, const char *opt)
{
	if (strcmp(argv[*i], opt) != 0 || *i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

/* Loads the one EVENT.yaml argument, runs fn on it, frees it. */
int cli_with_event(int argc, char **argv, const char *usage, int (*fn)(struct event *ev))
{
	if (argc != 1) {
		fprintf(stderr, "usage: %s\n", usage);
		return EX_USAGE;
	}
	struct event ev;
	int status = cli_load_event(&ev, argv[0]);
	if (status)
		return status;
	status = fn(&ev);
	event_free(&ev);
	return status;
}

bool cli_number_in_range(const char *opt, const char *v, long lo, long hi, int *out)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (*end || !*v || n < lo || n > hi) {
		fprintf(stderr, "alchemy: %s takes a number from %ld to %ld, not '%s'\n", opt, lo, hi, v);
		return false;
	}
	*out = (int)n;
	return true;
}
