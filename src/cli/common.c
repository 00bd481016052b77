/* What every command shares: loading an event and printing problems. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "day.h"
#include "escape.h"
#include "jfile.h"
#include "journal.h"
#include "name_order.h"

bool cli_write_escaped(FILE *f, const char *s, size_t len)
{
	struct strbuf b;
	strbuf_init(&b);
	stream_escaped(&b, s, len);
	bool ok = !b.failed && (!b.len || fwrite(b.data, 1, b.len, f) == b.len);
	strbuf_free(&b);
	return ok;
}

void cli_puts_escaped(FILE *f, const char *s)
{
	cli_write_escaped(f, s, strlen(s));
}

/* One problem a line; a value quoted from a file is shown escaped. */
static void print_diag_lines(const struct diag_list *d, const char *prefix)
{
	char line[2048];
	for (size_t i = 0; i < d->count; i++) {
		diag_format(&d->items[i], line, sizeof(line));
		fputs(d->items[i].kind == DIAG_REFUSED && !*prefix ? "alchemy: refused: " : prefix, stderr);
		cli_puts_escaped(stderr, line);
		fputs("\n", stderr);
	}
}

void cli_next_step(const char *text, const char *event, const char *plan)
{
	if (!isatty(STDOUT_FILENO))
		return;
	fputs("\nNext: ", stdout);
	for (const char *at = text, *mark; *at; at = mark + 2) {
		mark = strchr(at, '%');
		fwrite(at, 1, mark ? (size_t)(mark - at) : strlen(at), stdout);
		if (!mark || !mark[1])
			break;
		const char *path = mark[1] == 'p' && plan ? plan : event;
		cli_write_escaped(stdout, path, strlen(path));
	}
	fputc('\n', stdout);
}

void cli_print_warnings(const struct diag_list *w)
{
	print_diag_lines(w, "warning: ");
	if (w->dropped)   /* only the first DIAG_MAX are kept: the rest are counted */
		fprintf(stderr, "warning: and %zu more\n", w->dropped);
}

void cli_print_day_warnings(const struct day *dy)
{
	cli_print_warnings(day_warnings(dy));
	struct diag_list twice;
	diag_list_init(&twice);
	day_twice_here(dy, &twice, NULL);
	cli_print_warnings(&twice);
	diag_list_free(&twice);
}

void cli_print_roster_warnings(const struct day *dy)
{
	struct diag_list alike;
	diag_list_init(&alike);
	roster_named_alike(&dy->ev, day_roster_count(dy), &alike);
	cli_print_warnings(&alike);
	diag_list_free(&alike);
}

int cli_print_diagnostics(const struct diag_list *d)
{
	print_diag_lines(d, "");
	size_t total = diag_total(d), refused = 0;
	for (size_t i = 0; i < d->count; i++)
		refused += d->items[i].kind == DIAG_REFUSED;
	if (refused == total)
		;   /* a refusal is not a problem found in a file: its line says it all */
	else if (d->dropped)
		fprintf(stderr, "alchemy: %zu problems (the first %zu shown); fix these and run again\n",
			total, d->count);
	else
		fprintf(stderr, "alchemy: %zu problem%s found\n", total, total == 1 ? "" : "s");
	return diag_exit_status(d);
}

#define FREE_SEATS_SAID 3

bool cli_day_open(struct day *dy, const char *event, int flags, struct diag_list *d)
{
	if (!day_open(dy, event, flags, d))
		return false;
	/* Seats of people a re-import took out: the first few a command, not
	 * one line a seat (four lines a check-in, all day), then how many. */
	const struct diag_list *gone = day_plan_warnings(dy);
	size_t n = diag_total(gone);
	if (n > FREE_SEATS_SAID) {
		struct diag_list first = *gone;   /* the same items, fewer of them */
		first.count = first.count < FREE_SEATS_SAID ? first.count : FREE_SEATS_SAID;
		print_diag_lines(&first, "warning: ");
		fprintf(stderr, "warning: %s: and %zu more seats of people no longer in the roster, free likewise\n",
			dy->plan_path ? dy->plan_path : "allocation.yaml", n - FREE_SEATS_SAID);
	} else {
		cli_print_warnings(gone);
	}
	return true;
}

bool cli_device_name_ok(const char *given, const char *what, const char *example)
{
	if (jfile_device_name_ok(given, JFILE_DEVICE_MAX))
		return true;
	cli_say("alchemy: ", what, " '");
	cli_say("", given, "'");
	fprintf(stderr, " is not a device name: a device name is letters, digits and '-', a letter or digit first, at most %d characters (%s)\n",
		JFILE_DEVICE_MAX, example);
	return false;
}

bool cli_device_ok(void)
{
	const char *env = getenv("ALCHEMY_DEVICE");
	return !env || !*env || cli_device_name_ok(env, "ALCHEMY_DEVICE", "ALCHEMY_DEVICE=desk-2");
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

/* The option last found without its value, and whether one was said:
 * only the first is ("-o --format html" would say --format's too). */
static const char *value_missing;
static bool missing_said;

const char *cli_option_value(int argc, char **argv, int *i, const char *opt)
{
	if (strcmp(argv[*i], opt) != 0)
		return NULL;
	/* The next word an option of its own ("add --name --organisation
	 * X" took "--organisation" for the name): the value is missing. */
	const char *next = *i + 1 < argc ? argv[*i + 1] : NULL;
	/* "-o", "--map", "--": options; "-" alone is a value (standard input
	 * or output). */
	bool option_next = next && next[0] == '-' &&
			   (isalpha((unsigned char)next[1]) ||
			    (next[1] == '-' && (!next[2] || isalpha((unsigned char)next[2]))));
	if (!next || option_next) {
		if (!missing_said) {
			fprintf(stderr, "alchemy: %s needs a value after it", opt);
			if (option_next)
				cli_say(", not the option '", next, "'");
			fputc('\n', stderr);
		}
		value_missing = argv[*i];
		missing_said = true;
		return NULL;
	}
	return argv[++*i];
}

bool cli_plain_arguments(int argc, char **argv, int want)
{
	for (int i = 0; i < argc; i++)
		if (argv[i][0] == '-' && argv[i][1]) {
			cli_say_unexpected(argv[i]);
			return false;
		}
	if (argc > want)
		cli_say_unexpected(argv[want]);
	return argc == want;
}

bool cli_value_missing(const char *arg)
{
	return arg == value_missing;
}

void cli_say_unexpected(const char *arg)
{
	if (missing_said)
		return;   /* said: an option without its value, the first problem */
	cli_say(arg[0] == '-' && arg[1] ? "alchemy: unknown option '" : "alchemy: one argument too many: '", arg,
		"'\n");
}

/* Loads the one EVENT.yaml argument, runs fn on it, frees it. */
int cli_with_event(int argc, char **argv, const char *usage, int (*fn)(struct event *ev))
{
	if (!cli_plain_arguments(argc, argv, 1)) {
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

const struct day *cli_open_day;

int cli_with_day(const char *event, int flags, int (*fn)(struct event *ev))
{
	struct day dy;
	struct diag_list d;
	diag_list_init(&d);
	if (!cli_day_open(&dy, event, flags, &d)) {
		int status = cli_print_diagnostics(&d);
		diag_list_free(&d);
		return status;
	}
	diag_list_free(&d);
	cli_open_day = &dy;
	int status = fn(&dy.ev);
	cli_open_day = NULL;
	day_close(&dy);
	return status;
}

bool cli_number_in_range(const char *opt, const char *v, long lo, long hi, int *out)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (*end || !*v || n < lo || n > hi) {
		fprintf(stderr, "alchemy: %s takes a number from %ld to %ld, not '", opt, lo, hi);
		cli_say("", v, "'\n");
		return false;
	}
	*out = (int)n;
	return true;
}

void cli_say(const char *before, const char *value, const char *after)
{
	fputs(before, stderr);
	struct strbuf b;
	strbuf_init(&b);
	stream_escaped_value(&b, value, strlen(value));
	if (!b.failed && b.len)
		fwrite(b.data, 1, b.len, stderr);
	strbuf_free(&b);
	fputs(after, stderr);
}
