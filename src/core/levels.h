/* The allocation's levels, in the order they are optimised (a better value
 * at an earlier level is never traded for a later one), as two tables from
 * which everything that lists levels is generated:
 *
 * LEVEL_TABLE: what the local search weighs (step 3 and repairs), one row
 * per level:  _(field, name, above repeated meetings?)
 *   struct penalty gets one `long field` per row; adding, comparing and the
 *   test "harms a level above repeated meetings" follow the rows' order. A
 *   row's cost code is its part of move_look() and move_penalty() in
 *   seating.c (and what table_is_clean() checks there, for a level above
 *   same-organisation pairs: docs/allocation.md, "Extending").
 *
 * FIGURE_TABLE: the summary of a plan (alchemy allocate / score, and the
 * TUI's before/after figures), one row per line:
 *   _(label, kind, figure, second figure, ideal, shown when, short name)
 *   figure, second figure, ideal and when are expressions of `s`, the
 *   struct plan_score (score.c computes its fields), and `bound`, the
 *   preference bound (< 0: none); kind says how the line reads (see
 *   enum figure_kind); short name: in the TUI's before/after line, or NULL.
 *
 * docs/allocation.md ("Extending") says where a new level goes. */
#ifndef ALCHEMY_LEVELS_H
#define ALCHEMY_LEVELS_H

#include <stdbool.h>

#define LEVEL_TABLE(_) \
	_(hard,         "hard rules",                           true)  \
	_(size,         "even table sizes",                     true)  \
	_(role,         "role mix",                             true)  \
	_(org_excess,   "organisation members over the limit",  true)  \
	_(org_pairs,    "same-organisation pairs",              true)  \
	_(themes_again, "a theme twice (rounds)",               true)  \
	_(repeats,      "meeting someone again (rounds)",       false) \
	_(moved,        "delegates moved (repairs)",            false) \
	_(pref,         "preference cost",                      false)

struct penalty {
#define LEVEL_FIELD(field, name, above_repeats) long field;
	LEVEL_TABLE(LEVEL_FIELD)
#undef LEVEL_FIELD
};

enum figure_kind {
	FIGURE_HOLDS,      /* "hold" when the figure is 0, else "BROKEN" */
	FIGURE_RANGE,      /* figure-second; ideal: "spread N" */
	FIGURE_COUNT,      /* a number beside its ideal or bound */
	FIGURE_BOUND,      /* a number beside the bound when there is one */
	FIGURE_PERCENT,    /* figure as a share of the second figure, no ideal */
	FIGURE_PLAIN,      /* a number, no ideal */
};

/* Rows in the order of LEVEL_TABLE: with rounds, a theme twice and then
 * repeated meetings come between levels 4 and 5. They show no ideal: 0 is
 * often out of reach (one theme, few tables) and no bound is computed. */
#define FIGURE_TABLE(_) \
	_("1 hard rules",                          FIGURE_HOLDS,   (long)s->hard_breaches, 0, 0, true, NULL) \
	_("2 table sizes",                         FIGURE_RANGE,   s->size_min, s->size_max, s->size_spread_ideal, true, "sizes") \
	_("3 role spread beyond one",              FIGURE_COUNT,   s->role_spread_excess, 0, 0, true, "roles") \
	_("  tables missing a role they could have", FIGURE_COUNT,   s->role_missing, 0, 0, true, "missing roles") \
	_("4 organisation members over the limit", FIGURE_COUNT,   s->org_excess, 0, 0, true, "org over") \
	_("  same-organisation pairs",             FIGURE_COUNT,   s->org_pairs, 0, s->org_pairs_min, true, "pairs") \
	_("the same theme twice",                  FIGURE_PLAIN,   s->theme_repeats, 0, 0, s->rounds > 1, NULL) \
	_("repeated meetings",                     FIGURE_PLAIN,   s->repeat_pairs, 0, 0, s->rounds > 1, "met again") \
	_("5 preference cost",                     FIGURE_BOUND,   s->pref_cost, 0, bound, true, "pref") \
	_("  first choice, of those who ranked",   FIGURE_PERCENT, s->first_choice, s->with_preferences, 0, true, NULL) \
	_("  one of the first three",              FIGURE_PERCENT, s->top3, s->with_preferences, 0, true, NULL) \
	_("  at a theme they did not list",        FIGURE_PLAIN,   s->unlisted, 0, 0, true, NULL)

#endif
