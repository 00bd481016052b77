/* alchemy allocate and alchemy score: make a plan, or judge any plan, and
 * print the figures of every level beside their ideal. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "allocate.h"
#include "cli.h"
#include "day.h"
#include "history.h"
#include "plan.h"
#include "score.h"
#include "strbuf.h"
#include "text.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Progress on a terminal only, and only once a run has taken a second. */
struct progress_line {
	double start;
	bool shown;
};

static void show_progress(void *ctx, const char *stage, double done)
{
	struct progress_line *p = ctx;
	if (!isatty(STDERR_FILENO) || now_seconds() - p->start < 1.0)
		return;
	fprintf(stderr, "\ralchemy: %s %3d%%", stage, (int)(done * 100));
	fflush(stderr);
	p->shown = true;
}

static void clear_progress(struct progress_line *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
}

static void percent(char *buf, size_t size, long part, long whole)
{
	if (whole > 0)
		snprintf(buf, size, "%ld%%", (part * 100 + whole / 2) / whole);
	else
		snprintf(buf, size, "-");
}

/* The figures of every level, plan beside ideal. pref_bound < 0: unknown. */
static void print_figures(const struct plan_score *s, long pref_bound, bool themes_chosen)
{
	char first[16], top3[16], sizes[32], ideal[32];
	percent(first, sizeof(first), s->first_choice, s->with_preferences);
	percent(top3, sizeof(top3), s->top3, s->with_preferences);
	snprintf(sizes, sizeof(sizes), "%d-%d", s->size_min, s->size_max);
	printf("%-40s %12s   %s\n", "level", "plan", "ideal or bound");
	printf("%-40s %12s   %s\n", "1 hard rules", s->hard_breaches ? "BROKEN" : "hold", "hold");
	snprintf(ideal, sizeof(ideal), "spread %d", s->size_spread_ideal);
	printf("%-40s %12s   %s\n", "2 table sizes", sizes, ideal);
	printf("%-40s %12ld   %d\n", "3 role spread beyond one", s->role_spread_excess, 0);
	printf("%-40s %12ld   %d\n", "  tables missing a role", s->role_missing, 0);
	printf("%-40s %12ld   %d\n", "4 organisation members over the limit", s->org_excess, 0);
	printf("%-40s %12ld   %ld\n", "  same-organisation pairs", s->org_pairs, s->org_pairs_min);
	if (pref_bound >= 0)
		printf("%-40s %12ld   %ld (optimum for %s)\n", "5 preference cost", s->pref_cost, pref_bound,
		       themes_chosen ? "the themes chosen" : "these table themes");
	else
		printf("%-40s %12ld\n", "5 preference cost", s->pref_cost);
	printf("%-40s %12s\n", "  first choice", first);
	printf("%-40s %12s\n", "  one of the first three", top3);
	printf("%-40s %12ld\n", "  at a theme they did not list", s->unlisted);
	if (s->rounds > 1) {
		printf("%-40s %12ld   0\n", "repeated meetings", s->repeat_pairs);
		printf("%-40s %12ld   0\n", "the same theme twice", s->theme_repeats);
	}
}

static void print_shortfalls(const struct event *ev, const struct plan *p, bool explain)
{
	for (size_t r = 0; r < p->rounds_count; r++) {
		struct strbuf out;
		strbuf_init(&out);
		plan_shortfalls(ev, p, r, &out);
		if (p->rounds_count > 1)
			printf("\nround %zu:", r + 1);
		if (out.len)
			printf("\nTables that fall short:\n%s", out.data);
		else
			printf("\nEvery table meets every level it can.\n");
		strbuf_free(&out);
		if (explain) {
			strbuf_init(&out);
			plan_explain(ev, p, r, &out);
			printf("\n%s", out.len ? out.data : "");
			strbuf_free(&out);
		}
	}
}

static void print_themes(const struct event *ev, const struct allocate_report *rep)
{
	if (rep->themes_chosen)
		printf("\nTables per theme, from demand (first choices)%s:\n",
		       rep->theme_moves ? ", then moved where the plan improved" : "");
	else
		printf("\nTables per theme, as the table list sets them:\n");
	for (size_t j = 0; j < ev->themes_count; j++) {
		char title[256];
		text_pad(title, sizeof(title), ev->themes[j].title, 52, 0);
		printf("  %s %3d table%s  %4ld first choice%s\n", title, rep->tables_per_theme[j],
		       rep->tables_per_theme[j] == 1 ? " " : "s", rep->first_choices[j],
		       rep->first_choices[j] == 1 ? "" : "s");
	}
	if (rep->themes_short)
		printf("  %zu tables for %zu themes: the least wanted themes have no table.\n",
		       ev->tables_count, ev->themes_count);
}

/* Loads the event as the day sees it (check-ins and no-shows applied),
 * runs fn, closes (releasing the lock if taken). */
static int with_day(const char *event, int flags, int (*fn)(struct event *ev))
{
	struct day dy;
	struct diag_list d;
	diag_list_init(&d);
	if (!day_open(&dy, event, flags, &d)) {
		int status = cli_print_diagnostics(&d);
		diag_list_free(&d);
		return status;
	}
	diag_list_free(&d);
	int status = fn(&dy.ev);
	day_close(&dy);
	return status;
}

struct allocate_args {
	unsigned long seed;
	int rounds;
	const char *out;
	bool explain;
	const char *history[64];        /* --history PLAN.yaml... */
	size_t history_count;
};

static struct allocate_args allocate_args;

static int run_allocate(struct event *ev)
{
	struct progress_line line = { now_seconds(), false };
	struct history hist = { 0 };
	struct allocate_options opt = { .seed = allocate_args.seed, .rounds = allocate_args.rounds,
					.progress = show_progress, .progress_ctx = &line, .history = &hist };
	struct plan plan;
	struct allocate_report rep;
	struct diag_list d;
	diag_list_init(&d);
	if (allocate_args.history_count &&
	    !history_load(ev, allocate_args.history, allocate_args.history_count, &hist, &d)) {
		int status = cli_print_diagnostics(&d);
		fprintf(stderr, "alchemy: no plan written\n");
		diag_list_free(&d);
		return status;
	}
	bool ok = allocate(ev, &opt, &plan, &rep, &d);
	clear_progress(&line);
	if (!ok) {
		int status = cli_print_diagnostics(&d);
		fprintf(stderr, "alchemy: no plan written\n");
		diag_list_free(&d);
		return status;
	}
	double seconds = now_seconds() - line.start;
	char *path = allocate_args.out ? strdup(allocate_args.out) : plan_default_path(ev);
	int status = 0;
	if (!path || !plan_save(ev, &plan, path, &d)) {
		status = path ? cli_print_diagnostics(&d) : EX_OSERR;
	} else {
		struct plan_score s;
		plan_score(ev, &plan, &s, NULL, 0);
		size_t seated = 0;
		for (size_t i = 0; i < ev->delegates_count; i++)
			seated += plan.rounds[0].seat[i] >= 0;
		/* The time only on a terminal: piped output stays byte-identical. */
		char took[32] = "";
		if (isatty(STDOUT_FILENO))
			snprintf(took, sizeof(took), " in %.2f s", seconds);
		printf("Seated %zu delegates at %zu tables%s%s (seed %lu): %s\n", seated, ev->tables_count,
		       plan.rounds_count > 1 ? ", round after round" : "", took, allocate_args.seed, path);
		print_themes(ev, &rep);
		printf("\n");
		print_figures(&s, rep.pref_bound, rep.themes_chosen);
		if (allocate_args.history_count)
			printf("%-40s %12ld   0 (%zu earlier round%s read)\n", "meetings again from earlier events",
			       history_meetings_again(&hist, ev, &plan), hist.rounds, hist.rounds == 1 ? "" : "s");
		print_shortfalls(ev, &plan, allocate_args.explain);
	}
	history_free(&hist);
	free(path);
	plan_free(&plan);
	allocate_report_free(&rep);
	diag_list_free(&d);
	return status;
}

static const char allocate_usage[] =
	"usage: alchemy allocate EVENT.yaml [--seed N] [--rounds R] [--history PLAN.yaml...] [-o FILE] [--explain]\n";

int command_allocate(int argc, char **argv)
{
	const char *event = NULL;
	allocate_args = (struct allocate_args){ .seed = 1 };
	for (int i = 0; i < argc; i++) {
		const char *v;
		if ((v = cli_option_value(argc, argv, &i, "--seed"))) {
			char *end;
			errno = 0;
			allocate_args.seed = strtoul(v, &end, 10);
			if (*end || errno || !*v) {
				cli_say("alchemy: --seed takes a whole number, not '", v, "'\n");
				return EX_USAGE;
			}
		} else if ((v = cli_option_value(argc, argv, &i, "--rounds"))) {
			if (!cli_number_in_range("--rounds", v, 1, EVENT_MAX_ROUNDS, &allocate_args.rounds))
				return EX_USAGE;
		} else if ((v = cli_option_value(argc, argv, &i, "-o"))) {
			allocate_args.out = v;
		} else if (strcmp(argv[i], "--explain") == 0) {
			allocate_args.explain = true;
		} else if (strcmp(argv[i], "--history") == 0) {
			/* Every file up to the next option; at least one. */
			if (i + 1 == argc || argv[i + 1][0] == '-') {
				fputs(allocate_usage, stderr);
				return EX_USAGE;
			}
			for (; i + 1 < argc && argv[i + 1][0] != '-'; i++) {
				if (allocate_args.history_count == sizeof(allocate_args.history) / sizeof(char *)) {
					fprintf(stderr, "alchemy: --history takes at most 64 plans\n");
					return EX_USAGE;
				}
				allocate_args.history[allocate_args.history_count++] = argv[i + 1];
			}
		} else if (argv[i][0] == '-' || event) {
			fputs(allocate_usage, stderr);
			return EX_USAGE;
		} else {
			event = argv[i];
		}
	}
	if (!event) {
		fputs(allocate_usage, stderr);
		return EX_USAGE;
	}
	return with_day(event, DAY_LOCK | DAY_NO_PLAN, run_allocate);
}

static const char *score_plan_path;
static bool score_explain;

static int run_score(struct event *ev)
{
	struct plan plan;
	struct diag_list d;
	diag_list_init(&d);
	if (!plan_load(ev, score_plan_path, &plan, &d)) {
		int status = cli_print_diagnostics(&d);
		diag_list_free(&d);
		return status;
	}
	struct plan_score s;
	struct strbuf breaches;
	strbuf_init(&breaches);
	plan_score(ev, &plan, &s, &breaches, 20);
	printf("Plan %s for %s: %zu round%s\n\n", score_plan_path, ev->name, plan.rounds_count,
	       plan.rounds_count == 1 ? "" : "s");
	print_figures(&s, -1, false);
	print_shortfalls(ev, &plan, score_explain);
	int status = 0;
	if (s.hard_breaches) {
		fprintf(stderr, "%s", breaches.data ? breaches.data : "");
		if (s.hard_breaches > 20)
			fprintf(stderr, "... and %zu more\n", s.hard_breaches - 20);
		fprintf(stderr, "alchemy: the plan breaks %zu hard rule%s\n", s.hard_breaches,
			s.hard_breaches == 1 ? "" : "s");
		status = EX_DATAERR;
	}
	strbuf_free(&breaches);
	plan_free(&plan);
	diag_list_free(&d);
	return status;
}

int command_score(int argc, char **argv)
{
	const char *files[2];
	int n = 0;
	score_explain = false;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--explain") == 0)
			score_explain = true;
		else if (argv[i][0] == '-' || n == 2)
			n = 3;
		else
			files[n++] = argv[i];
	}
	if (n != 2) {
		fprintf(stderr, "usage: alchemy score EVENT.yaml PLAN.yaml [--explain]\n");
		return EX_USAGE;
	}
	score_plan_path = files[1];
	return with_day(files[0], DAY_NO_PLAN, run_score);
}
