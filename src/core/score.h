/* The figures of a plan, level by level, as the independent scorer
 * (shared/bench/score_allocation.py) defines them, plus the hard-rule
 * breaches and, per table, what falls short and why. */
#ifndef ALCHEMY_SCORE_H
#define ALCHEMY_SCORE_H

#include <stddef.h>

#include "event.h"
#include "plan.h"
#include "strbuf.h"

#define UNLISTED_COST 10

struct plan_score {
	/* level 1 */
	size_t hard_breaches;
	/* level 2 */
	int size_min, size_max, size_spread;
	int size_spread_ideal;          /* as capacities allow */
	/* level 3 */
	long role_spread_excess, role_missing;
	long role_missing_unavoidable;  /* roles with fewer members than tables */
	/* level 4 */
	long org_excess, org_pairs, org_pairs_min;
	/* level 5 */
	long pref_cost, pref_cost_floor;    /* floor: everyone at their first choice */
	long unlisted, with_preferences, first_choice, top3;
	/* rounds (issue 8) */
	long repeat_pairs, theme_repeats;
	size_t rounds;
};

/* Preference cost of theme th for delegate d: 0-based rank, UNLISTED_COST if
 * not listed, 0 for a delegate without preferences. */
int preference_cost(const struct delegate *d, int th);
/* Fewest same-group pairs when k people are spread over n groups. */
long even_pairs(long k, long n);
/* Level 4's ideal: the most members of one organisation a table seats when
 * the organisation's `members` spread evenly over `tables` tables. The score
 * counts members beyond it; the TUI's overview warns about them. */
long org_allowed_per_table(long members, long tables);
/* Water-filling: the level every table reaches unless its capacity stops
 * it, some tables taking one more, to seat `present` people. */
int water_level(const struct event *ev, size_t present);

/* Scores every round and sums the figures. Breaches (one line each, at most
 * `limit`) go to breaches when it is not NULL. */
int plan_score(const struct event *ev, const struct plan *p, struct plan_score *s,
	       struct strbuf *breaches, size_t limit);
/* "sizes 10-10→10-11 · pairs 3→2": the figures with a short name in
 * FIGURE_TABLE (levels.h) that a change moved, before and after, into buf;
 * "no figure changed" when none did. Only what moved, so the footer stays
 * one line on an 80-column desk. */
void plan_figures_compare(const struct plan_score *before, const struct plan_score *after, char *buf,
			  size_t size);
/* Per organisation: do its present members have more than one role?
 * (NULL: out of memory.) The caller frees it. */
bool *organisations_spanning_roles(const struct event *ev);
/* True when some organisation has present members of several roles: step
 * 2's flow then counts each organisation through one role only, so its
 * preference figure is no optimum (docs/allocation.md). */
bool organisations_span_roles(const struct event *ev);
/* One line per table that falls short of a level, saying why, in out; and
 * in too_few one line per role with fewer present than tables, which no
 * plan can give every table (how many tables go without). */
void plan_shortfalls(const struct event *ev, const struct plan *p, size_t round, struct strbuf *out,
		     struct strbuf *too_few);
/* Per-table detail: theme, size, role counts, organisation clashes, preferences. */
void plan_explain(const struct event *ev, const struct plan *p, size_t round, struct strbuf *out);

#endif
