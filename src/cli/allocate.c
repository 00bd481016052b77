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
#include "cli_progress.h"
#include "day.h"
#include "event_files.h"
#include "fileio.h"
#include "history.h"
#include "levels.h"
#include "plan.h"
#include "score.h"
#include "strbuf.h"
#include "text.h"

/* A share in whole percent, but never 100% or 0% unless it is: 9,989 of
 * 10,000 at their first choice read "100%", as if nobody was elsewhere. */
static void percent(char *buf, size_t size, long part, long whole)
{
	long whole_percent = whole > 0 ? (part * 100 + whole / 2) / whole : 0;
	if (whole <= 0)
		snprintf(buf, size, "-");
	else if (whole_percent == 100 && part < whole)
		snprintf(buf, size, ">99%%");
	else if (whole_percent == 0 && part > 0)
		snprintf(buf, size, "<1%%");
	else
		snprintf(buf, size, "%ld%%", whole_percent);
}

/* Prints text wrapped at 78 columns, every line indented. */
static void print_wrapped(const char *text, int indent)
{
	for (const char *rest = text; *rest;) {
		size_t n = text_line_break(rest, 78 - indent);
		size_t shown = n;
		while (shown && rest[shown - 1] == ' ')
			shown--;
		printf("%*s%.*s\n", indent, "", (int)shown, rest);
		rest += n;
		while (*rest == ' ')
			rest++;
	}
}

/* How the preference bound may be read (FIGURE_BOUND). */
enum bound_reading {
	BOUND_OPTIMUM,          /* step 2's optimum for the themes: the plan can meet it */
	BOUND_BELOW,            /* pins, keep-apart pairs or needs step 2 weighs only in part:
	                           the optimum may lie above it */
	BOUND_NONE,             /* organisations span roles: step 2's figure is no bound */
};

/* One line of the summary, as its kind reads (enum figure_kind). */
static void print_figure(const char *label, enum figure_kind kind, long figure, long second, long ideal,
			 bool themes_chosen, enum bound_reading reading)
{
	const char *themes = themes_chosen ? "the themes chosen" : "these table themes";
	char plan[32];
	switch (kind) {
	case FIGURE_HOLDS:
		printf("%-40s %12s   %s\n", label, figure ? "BROKEN" : "hold", "hold");
		break;
	case FIGURE_RANGE:
		snprintf(plan, sizeof(plan), "%ld-%ld", figure, second);
		printf("%-40s %12s   spread %ld\n", label, plan, ideal);
		break;
	case FIGURE_COUNT:
		printf("%-40s %12ld   %ld\n", label, figure, ideal);
		break;
	case FIGURE_BOUND:
		/* Where organisations span roles step 2's figure is no optimum:
		 * printing it under "bound" would claim one. */
		if (ideal >= 0 && reading == BOUND_NONE)
			printf("%-40s %12ld   - (no optimum known: organisations span roles)\n", label, figure);
		else if (ideal >= 0 && reading == BOUND_BELOW && figure > ideal)
			printf("%-40s %12ld   %ld (bound for %s)\n", label, figure, ideal, themes);
		else if (ideal >= 0)
			printf("%-40s %12ld   %ld (optimum for %s)\n", label, figure, ideal, themes);
		else
			printf("%-40s %12ld\n", label, figure);
		break;
	case FIGURE_PERCENT:
		percent(plan, sizeof(plan), figure, second);
		printf("%-40s %12s\n", label, plan);
		break;
	case FIGURE_PLAIN:
		printf("%-40s %12ld\n", label, figure);
		break;
	}
}

/* Table sizes round by round: over several rounds the plan's range and
 * the ideal spread (summed over rounds) would not read as one round's. */
static void print_sizes_per_round(const struct event *ev, const struct plan *p)
{
	for (size_t r = 0; r < p->rounds_count; r++) {
		struct plan one = { 1, &p->rounds[r], p->tables_count, p->delegates_count };
		struct plan_score s;
		if (plan_score(ev, &one, &s, NULL, 0) != 0)
			return;
		char label[48];
		snprintf(label, sizeof(label), "  round %zu", r + 1);
		print_figure(label, FIGURE_RANGE, s.size_min, s.size_max, s.size_spread_ideal, false, BOUND_OPTIMUM);
	}
}

/* The figures of every level, plan beside ideal: one line per row of
 * FIGURE_TABLE (levels.h). bound < 0: unknown; reading: what the bound
 * is. With several rounds the table sizes are shown per round (p, when
 * not NULL). */
static void print_figures(const struct event *ev, const struct plan *p, const struct plan_score *s, long bound,
			  bool themes_chosen, enum bound_reading reading)
{
	bool per_round = p && p->rounds_count > 1;
	printf("%-40s %12s   %s\n", "level", "plan", "ideal or bound");
#define PRINT_FIGURE(label, kind, figure, second, ideal, when, short_name) \
	if ((when) && per_round && (kind) == FIGURE_RANGE) {               \
		printf("%s, round by round:\n", label);                     \
		print_sizes_per_round(ev, p);                               \
	} else if (when)                                                   \
		print_figure(label, kind, figure, second, ideal, themes_chosen, reading);
	FIGURE_TABLE(PRINT_FIGURE)
#undef PRINT_FIGURE
	/* "preference cost 18" meant nothing to an organiser (cold pass). */
	printf("(preference cost: 0 for someone at their first choice, 1 at a second, and so on,\n"
	       " %d at a theme they did not list; summed over everyone, so lower is better)\n", UNLISTED_COST);
}

/* Is some present delegate pinned, or needing something, or (with
 * or_kept_apart) kept apart from someone? Step 2 weighs pins and needs
 * only in part and keep-apart pairs not at all, so with any of them its
 * optimum is a bound the plan may not meet. */
static bool present_pinned_or_needing(const struct event *ev, bool or_kept_apart)
{
	for (size_t i = 0; i < ev->delegates_count; i++) {
		const struct delegate *d = &ev->delegates[i];
		if (d->present && (d->pinned_table >= 0 || d->needs_count || (or_kept_apart && d->avoid_count)))
			return true;
	}
	return false;
}

/* Organisations whose members span roles: named, with what a facilitator
 * can do, since the preference cost is then no optimum. */
static void print_spanning_organisations(const struct event *ev)
{
	bool *spans = organisations_spanning_roles(ev);
	if (!spans)
		return;
	size_t n = 0, shown = 0;
	for (size_t o = 0; o < ev->orgs_count; o++)
		n += spans[o];
	struct strbuf text;
	strbuf_init(&text);
	strbuf_printf(&text, "%zu organisation%s send%s people of several roles (", n, n == 1 ? "" : "s",
		      n == 1 ? "s" : "");
	for (size_t o = 0; o < ev->orgs_count && shown < 3; o++)
		if (spans[o])
			strbuf_printf(&text, "%s%s", shown++ ? ", " : "", ev->orgs[o]);
	strbuf_printf(&text, "%s). They are kept spread (level 4), but the preference cost may be above the "
			     "best possible: another --seed may do better (alchemy score compares plans).",
		      n > shown ? ", ..." : "");
	if (n)
		print_wrapped(text.data, 0);
	strbuf_free(&text);
	free(spans);
}

/* Issue 17: where the preference optimum is out of reach because of level
 * 4, say so with the figures. The stand-in of the theme search knows the
 * same themes' optimum with organisations (and pins and needs) ignored. */
static void print_level4_cost(const struct event *ev, const struct allocate_report *rep, bool no_optimum)
{
	/* With organisations of several roles step 2's figure is no optimum,
	 * so the difference would not be what level 4 costs. */
	if (rep->pref_without_orgs < 0 || rep->pref_bound <= rep->pref_without_orgs || no_optimum)
		return;
	bool pins_or_needs = present_pinned_or_needing(ev, false);
	printf("Preferences: %ld with organisations%s ignored; keeping %s costs %ld of the %ld.\n",
	       rep->pref_without_orgs, pins_or_needs ? ", pins and needs" : "",
	       pins_or_needs ? "them (level 4, pins, needs)" : "organisations spread (level 4)",
	       rep->pref_bound - rep->pref_without_orgs, rep->pref_bound);
}

/* Every table can meet its own levels while the plan as a whole has more
 * same-organisation pairs than an even spread (pins, organisations of
 * several roles): the line under the tables must not read as all is at
 * its ideal. */
static void print_shortfalls(const struct event *ev, const struct plan *p, const struct plan_score *s, bool explain)
{
	/* With rounds, one line naming the rounds where no table falls short,
	 * not a block each saying the same (a block a round with --explain). */
	struct strbuf clean;
	strbuf_init(&clean);
	size_t nclean = 0;
	long extra = s->org_pairs - s->org_pairs_min;
	for (size_t r = 0; r < p->rounds_count; r++) {
		struct strbuf out, too_few;
		strbuf_init(&out);
		strbuf_init(&too_few);
		plan_shortfalls(ev, p, r, &out, &too_few);
		bool per_round = p->rounds_count > 1 && (out.len || too_few.len || explain);
		if (per_round)
			printf("\nround %zu:", r + 1);
		/* Not a shortfall: as few as that leave some tables without. */
		if (too_few.len)
			printf("\nRoles with fewer people than tables (no plan gives every table one):\n%s", too_few.data);
		strbuf_free(&too_few);
		if (out.len) {
			printf("\nTables that fall short:\n%s", out.data);
		} else if (p->rounds_count > 1 && !explain) {
			strbuf_printf(&clean, "%s%zu", nclean++ ? ", " : "", r + 1);
		} else if (p->rounds_count == 1 && extra > 0) {
			printf("\nNo table falls short of a level it could meet on its own, but the plan has %ld\n"
			       "same-organisation pair%s more than the %ld an even spread of every organisation has.\n",
			       extra, extra == 1 ? "" : "s", s->org_pairs_min);
		} else {
			printf("\nNo table falls short of a level it could meet.\n");
		}
		strbuf_free(&out);
		if (explain) {
			strbuf_init(&out);
			plan_explain(ev, p, r, &out);
			printf("\n%s", out.len ? out.data : "");
			strbuf_free(&out);
		}
	}
	if (nclean && nclean == p->rounds_count && extra > 0) {
		/* As for one round: within each table's reach is not an even spread. */
		printf("\nNo table falls short of a level it could meet on its own in any round, but the\n"
		       "plan has %ld same-organisation pair%s more than the %ld an even spread of every\n"
		       "organisation has.\n",
		       extra, extra == 1 ? "" : "s", s->org_pairs_min);
	} else if (nclean && nclean == p->rounds_count) {
		printf("\nNo table falls short of a level it could meet in any round.\n");
	} else if (nclean && !clean.failed) {
		/* "1, 2 and 5": the last comma becomes "and". */
		char *last = strrchr(clean.data, ',');
		struct strbuf text;
		strbuf_init(&text);
		if (last)
			strbuf_printf(&text, "No table falls short of a level it could meet in rounds %.*s and%s.",
				      (int)(last - clean.data), clean.data, last + 1);
		else
			strbuf_printf(&text, "No table falls short of a level it could meet in round %s.", clean.data);
		printf("\n");
		if (!text.failed)
			print_wrapped(text.data, 0);
		strbuf_free(&text);
	}
	strbuf_free(&clean);
}

/* Tables of theme j in round r of the plan. */
static int theme_tables(const struct plan *p, size_t r, size_t j)
{
	int n = 0;
	for (size_t t = 0; t < p->tables_count; t++)
		n += p->rounds[r].table_theme[t] == (int)j;
	return n;
}

/* With rounds in count mode each round has its own split (themes new to
 * each delegate): one column per round, from the plan written. */
/* Each theme's title cut to `width` columns, in cut[]; where two read the
 * same, each theme's id instead, which is its own. */
static void theme_labels(const struct event *ev, int width, char (*cut)[256])
{
	size_t K = ev->themes_count;
	bool alike = false;
	for (size_t j = 0; j < K; j++)
		text_pad(cut[j], sizeof(cut[j]), ev->themes[j].title, width, 0);
	for (size_t j = 0; j < K && !alike; j++)
		for (size_t k = j + 1; k < K && !alike; k++)
			alike = !strcmp(cut[j], cut[k]);
	for (size_t j = 0; j < K && alike; j++)
		text_pad(cut[j], sizeof(cut[j]), ev->themes[j].id, width, 0);
}

static void print_themes(const struct event *ev, const struct plan *p, const struct allocate_report *rep)
{
	bool per_round = rep->themes_chosen && p->rounds_count > 1;
	char rounds[48] = "";
	if (per_round)
		snprintf(rounds, sizeof(rounds), " in rounds 1 to %zu", p->rounds_count);
	if (rep->themes_chosen)
		printf("\nTables per theme%s, from demand (first choices)%s:\n", rounds,
		       rep->theme_moves ? ", then moved where the plan improved" : "");
	else
		printf("\nTables per theme, as the table list sets them:\n");
	/* Narrower titles as round columns are added; where two then read
	 * the same ("Children's services…" twice at 12 rounds), each theme
	 * goes by its id, which is its own. */
	int width = per_round && p->rounds_count > 3 ? 52 - 4 * (int)(p->rounds_count - 3) : 52;
	char (*label)[256] = malloc((ev->themes_count ? ev->themes_count : 1) * sizeof(*label));
	if (!label) {
		printf("  (out of memory)\n");
		return;
	}
	theme_labels(ev, width < 20 ? 20 : width, label);
	for (size_t j = 0; j < ev->themes_count; j++) {
		const char *title = label[j];
		if (per_round) {
			printf("  %s", title);
			for (size_t r = 0; r < p->rounds_count; r++)
				printf(" %3d", theme_tables(p, r, j));
			printf("  %4ld first choice%s\n", rep->first_choices[j], rep->first_choices[j] == 1 ? "" : "s");
			continue;
		}
		/* Themes with no table (more themes than tables) go in one list
		 * below: 75 lines of "0 tables" hid the 25 that run. */
		if (rep->themes_short && !rep->tables_per_theme[j])
			continue;
		printf("  %s %3d table%s  %4ld first choice%s\n", title, rep->tables_per_theme[j],
		       rep->tables_per_theme[j] == 1 ? " " : "s", rep->first_choices[j],
		       rep->first_choices[j] == 1 ? "" : "s");
	}
	free(label);
	if (!rep->themes_short)
		return;
	struct strbuf idle;
	strbuf_init(&idle);
	size_t none = 0;
	for (size_t j = 0; j < ev->themes_count && !per_round; j++) {
		if (rep->tables_per_theme[j])
			continue;
		strbuf_printf(&idle, "%s%s", none++ ? "; " : "", ev->themes[j].title);
		if (rep->first_choices[j])
			strbuf_printf(&idle, " (%ld first choice%s)", rep->first_choices[j],
				      rep->first_choices[j] == 1 ? "" : "s");
	}
	if (none) {
		printf("  No table (%zu theme%s):\n", none, none == 1 ? "" : "s");
		print_wrapped(idle.data, 4);
	}
	strbuf_free(&idle);
	printf("  %zu table%s for %zu themes: the themes with no table are those whose people\n"
	       "  the search found best seated elsewhere, not simply the fewest first choices.\n",
	       ev->tables_count, ev->tables_count == 1 ? "" : "s", ev->themes_count);
}

struct allocate_args {
	unsigned long seed;
	int rounds;
	const char *event;
	const char *out;
	bool own_plan;          /* out is the event's own allocation.yaml (or none given) */
	bool explain;
	const char *history[64];        /* --history PLAN.yaml... */
	size_t history_count;
};

static struct allocate_args allocate_args;

/* Once the day has set seats or themes, a plan written where every desk
 * replays them on top would be mixed with them: refused, said in d. */
static bool day_refuses_plan(struct diag_list *d)
{
	size_t n = cli_open_day && allocate_args.own_plan ? day_seats_set(cli_open_day) : 0;
	if (n)
		diag_add(d, DIAG_REFUSED, allocate_args.event, 0, 0,
			 "the day has begun: its journals (day/) set %zu seat%s or table theme%s that every "
			 "desk replays on top of allocation.yaml, so a new plan there would be mixed with them; "
			 "balance the day with 'alchemy rebalance', write a plan elsewhere with -o, or move the "
			 "folder day/ aside to start the day again from a new plan",
			 n, n == 1 ? "" : "s", n == 1 ? "" : "s");
	return n > 0;
}

/* The plan in place, when people have checked in by it: they were told
 * their table. 1: read into old; 0: nothing to compare (nobody has
 * checked in, or there is no plan file); -1: it cannot be read, refused
 * in why (a new plan there could move them unawares). */
static int arrivals_plan(const struct event *ev, struct plan *old, struct diag_list *why)
{
	if (!cli_open_day || !allocate_args.own_plan)
		return 0;
	size_t counts[ATT_STATES];
	day_attendance_counts(cli_open_day, counts);
	char *path = plan_default_path(ev);
	if (!counts[ATT_ARRIVED] || !path || (access(path, F_OK) != 0 && errno == ENOENT)) {
		free(path);
		return 0;
	}
	struct diag_list gone, d;
	diag_list_init(&gone);
	diag_list_init(&d);
	int have = plan_load(ev, path, old, &gone, &d) ? 1 : -1;
	if (have < 0) {
		char first[1024] = "it cannot be read";
		if (d.count)
			diag_format(&d.items[0], first, sizeof(first));
		diag_add(why, DIAG_REFUSED, allocate_args.event, 0, 0,
			 "%zu people have checked in by %s, which cannot be read now (%s), so a new plan there "
			 "could move them unawares; mend it or move it aside, or write the new plan elsewhere with -o",
			 counts[ATT_ARRIVED], path, first);
	}
	diag_list_free(&gone);
	diag_list_free(&d);
	free(path);
	return have;
}

/* A new plan in place of the one people checked in by must not move them
 * unawares: refused (said in d) when it seats any of them elsewhere. */
static bool moves_arrivals(const struct event *ev, const struct plan *old, const struct plan *now,
			   struct diag_list *d)
{
	size_t moved = 0, arrived = 0, shown = 0;
	char some[256] = "";
	for (size_t i = 0; i < ev->delegates_count; i++) {
		if (cli_open_day->state.attendance[i] != ATT_ARRIVED)
			continue;
		arrived++;
		int was = old->rounds[0].seat[i], is = now->rounds[0].seat[i];
		if (was < 0 || was == is)
			continue;
		size_t used = strlen(some);
		if (moved++ < 3 && used < sizeof(some)) {
			snprintf(some + used, sizeof(some) - used, "%s%s: table %s -> %s", used ? ", " : "",
				 ev->delegates[i].id, ev->tables[was].id, is >= 0 ? ev->tables[is].id : "none");
			shown++;
		}
	}
	if (moved)
		diag_add(d, DIAG_REFUSED, allocate_args.event, 0, 0,
			 "%zu of the %zu people checked in would sit at another table than allocation.yaml "
			 "told them (%s%s); to balance the day moving as few people as it can, "
			 "use 'alchemy rebalance'; to look at the new plan first, write it elsewhere with -o",
			 moved, arrived, some, moved > shown ? ", ..." : "");
	return moved > 0;
}

static int run_allocate(struct event *ev)
{
	/* The day's state decides what allocate refuses: a record skipped as
	 * damaged is said, as log says it. */
	if (cli_open_day) {
		cli_print_roster_warnings(cli_open_day);
		cli_print_day_warnings(cli_open_day);
	}
	struct cli_progress line;
	cli_progress_begin(&line);
	struct history hist = { 0 };
	struct allocate_options opt = { .seed = allocate_args.seed, .rounds = allocate_args.rounds,
					.progress = &line.core, .history = &hist };
	struct plan plan;
	struct allocate_report rep;
	struct diag_list d;
	diag_list_init(&d);
	/* Never onto the event's own files (allocation.yaml is what it writes). */
	struct input_ref history[64];
	for (size_t k = 0; k < allocate_args.history_count; k++)
		history[k] = (struct input_ref){ allocate_args.history[k], "a plan given with --history" };
	if ((allocate_args.out &&
	     !event_output_allowed(ev, allocate_args.out, EVENT_OUT_PLAN, history, allocate_args.history_count, &d)) ||
	    day_refuses_plan(&d) ||
	    (allocate_args.history_count &&
	     !history_load(ev, allocate_args.history, allocate_args.history_count, &hist, &d))) {
		cli_progress_end(&line);
		int status = cli_print_diagnostics(&d);
		fprintf(stderr, "alchemy: no plan written\n");
		diag_list_free(&d);
		return status;
	}
	struct plan before;
	int compare = arrivals_plan(ev, &before, &d);
	bool ok = compare >= 0 && allocate(ev, &opt, &plan, &rep, &d);
	if (ok && compare > 0 && moves_arrivals(ev, &before, &plan, &d)) {
		plan_free(&plan);
		allocate_report_free(&rep);
		ok = false;
	}
	if (compare > 0)
		plan_free(&before);
	/* Ctrl-C in the all-rounds search still leaves its best plan to write. */
	if (cli_progress_end(&line) && !(ok && rep.stopped_early)) {
		if (ok) {
			plan_free(&plan);
			allocate_report_free(&rep);
		}
		diag_list_free(&d);
		history_free(&hist);
		return cli_stopped();
	}
	if (!ok) {
		int status = cli_print_diagnostics(&d);
		fprintf(stderr, "alchemy: no plan written\n");
		diag_list_free(&d);
		history_free(&hist);
		return status;
	}
	double seconds = cli_seconds() - line.start;
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
		printf("Seated %zu delegate%s at %zu table%s%s%s (seed %lu): %s\n", seated, seated == 1 ? "" : "s",
		       ev->tables_count, ev->tables_count == 1 ? "" : "s",
		       plan.rounds_count > 1 ? ", round after round" : "", took, allocate_args.seed, path);
		print_themes(ev, &plan, &rep);
		printf("\n");
		/* With rounds no plan reaches the sum of each round's optimum:
		 * the search trades preferences for fewer repeated meetings. */
		bool no_optimum = organisations_span_roles(ev);
		enum bound_reading reading = no_optimum ? BOUND_NONE
					     : present_pinned_or_needing(ev, true) ? BOUND_BELOW : BOUND_OPTIMUM;
		print_figures(ev, &plan, &s, plan.rounds_count > 1 ? -1 : rep.pref_bound, rep.themes_chosen,
			      reading);
		if (no_optimum)
			print_spanning_organisations(ev);
		if (plan.rounds_count > 1)
			printf("With rounds, a theme twice and repeated meetings rank above preferences (5): the\n"
			       "search gives up preference cost to seat people with fewer they have met.\n");
		print_level4_cost(ev, &rep, no_optimum);
		if (allocate_args.history_count)
			printf("%-40s %12ld   0 (%zu earlier round%s read)\n", "meetings again from earlier events",
			       history_meetings_again(&hist, ev, &plan), hist.rounds, hist.rounds == 1 ? "" : "s");
		print_shortfalls(ev, &plan, &s, allocate_args.explain);
		if (allocate_args.own_plan && !rep.stopped_early)
			cli_next_step("alchemy print %s --desk prints the check-in list; alchemy %s opens the day's screen.\n"
				      "(To read the plan's figures again without seating anyone anew: alchemy score %s %p --explain.)",
				      ev->path, path);
		if (rep.stopped_early)
			fprintf(stderr, "alchemy: stopped early (Ctrl-C): the best plan found so far was written to "
					"%s (%ld repeated meeting%s)\n", path, s.repeat_pairs, s.repeat_pairs == 1 ? "" : "s");
	}
	cli_progress_done();   /* written, renamed and said: Ctrl-C may end us again */
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
				fprintf(stderr, "alchemy: --history needs at least one plan file after it\n");
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
			cli_say_unexpected(argv[i]);
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
	allocate_args.event = event;
	/* Whether it writes the event's own plan, by any spelling (out of
	 * memory: the safe side), decides the lock and the day's refusals.
	 * The lock keeps every desk waiting while the plan is made: only for
	 * the event's own plan, which the day is replayed over, not for one
	 * written elsewhere (a search of minutes froze every desk). */
	char *own = path_beside(event, "allocation.yaml");
	allocate_args.own_plan = !allocate_args.out || !own || same_place(allocate_args.out, own);
	free(own);
	return cli_with_day(event, (allocate_args.own_plan ? DAY_LOCK : 0) | DAY_NO_PLAN, run_allocate);
}

static const char *score_plan_path;
static bool score_explain;

static int run_score(struct event *ev)
{
	struct plan plan;
	struct diag_list d;
	diag_list_init(&d);
	if (!plan_load(ev, score_plan_path, &plan, NULL, &d)) {
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
	print_figures(ev, &plan, &s, -1, false, BOUND_OPTIMUM);
	print_shortfalls(ev, &plan, &s, score_explain);
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
		else if (argv[i][0] == '-' || n == 2) {
			if (n < 3)
				cli_say_unexpected(argv[i]);
			n = 3;
		}
		else
			files[n++] = argv[i];
	}
	if (n != 2) {
		fprintf(stderr, "usage: alchemy score EVENT.yaml PLAN.yaml [--explain]\n");
		return EX_USAGE;
	}
	score_plan_path = files[1];
	return cli_with_day(files[0], DAY_NO_PLAN, run_score);
}
