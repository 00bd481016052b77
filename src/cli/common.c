/* What every command shares: loading an event and printing problems. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "cli.h"
#include "day.h"
#include "escape.h"
#include "journal.h"

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

void cli_print_warnings(const struct diag_list *w)
{
	print_diag_lines(w, "warning: ");
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
		fprintf(stderr, "alchemy: %s takes a number from %ld to %ld, not '", opt, lo, hi);
		cli_say("", v, "'\n");
		return false;
	}
	*out = (int)n;
	return true;
}

static bool same_file(const struct stat *a, const char *path)
{
	struct stat b;
	return path && stat(path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* The folder path is in (as written), or "." */
static bool in_folder(const char *path, const char *folder)
{
	char parent[4096];
	const char *slash = strrchr(path, '/');
	snprintf(parent, sizeof(parent), "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
	struct stat a;
	if (!folder || stat(parent, &a) != 0)
		return false;
	return same_file(&a, folder);
}

bool cli_output_allowed(const struct day *dy, const char *out_path, struct diag_list *d)
{
	struct stat st;
	if (stat(out_path, &st) != 0)
		return true;   /* a new file: nothing of the event's is in the way */
	const struct event *ev = &dy->ev;
	char *ideas = journal_dir(ev);
	char drafts[4096];
	snprintf(drafts, sizeof(drafts), "%s/.drafts", ideas ? ideas : "ideas");
	char *day = day_journal_dir(ev);
	size_t n = strlen(out_path);
	bool yaml = (n > 5 && !strcmp(out_path + n - 5, ".yaml")) || (n > 4 && !strcmp(out_path + n - 4, ".yml"));
	bool ours = same_file(&st, ev->path) || same_file(&st, ev->roster_path) || same_file(&st, dy->plan_path) ||
		    same_file(&st, dy->state_path) || same_file(&st, dy->lock_path) || in_folder(out_path, ideas) ||
		    in_folder(out_path, drafts) || in_folder(out_path, day) || (yaml && in_folder(out_path, ev->dir));
	free(ideas);
	free(day);
	if (ours)
		diag_add(d, DIAG_CANTCREAT, out_path, 0, 0,
			 "is one of the event's own files (its settings, roster, plan or a journal): not replaced; "
			 "write the output under another name");
	return !ours;
}

void cli_say(const char *before, const char *value, const char *after)
{
	fputs(before, stderr);
	cli_puts_escaped(stderr, value);
	fputs(after, stderr);
}
