/* The allocator: seats every present delegate so that, in this order, the
 * hard rules hold, table sizes are even, every role is spread evenly,
 * organisations are spread, and preferences are met at least cost.
 * docs/allocation.md explains the method. */
#ifndef ALCHEMY_ALLOCATE_H
#define ALCHEMY_ALLOCATE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "event.h"
#include "history.h"
#include "plan.h"
#include "progress.h"

struct allocate_options {
	unsigned long seed;
	int rounds;             /* seatings to plan (World Cafe rounds); 0: the event's rounds: */
	const struct history *history;  /* earlier events' plans, as earlier rounds; may be NULL */
	/* Told the stage and how far along, now and then; may ask to stop,
	 * and allocate then fails with nothing planned. May be NULL. */
	const struct progress *progress;
	/* Count mode: the theme search judges each move by step 2 solved
	 * afresh, never warm. Slower; the reference the tests hold the warm
	 * judgement to. */
	bool judge_afresh;
};

struct allocate_report {
	bool themes_chosen;         /* count + capacity: the allocator gave tables their themes */
	bool themes_short;          /* fewer tables than themes: some themes have no table */
	int *tables_per_theme;      /* per theme */
	long *first_choices;        /* per theme: present delegates ranking it first */
	long pref_bound;            /* theme-level optimum: no plan with the same themes and
	                               balanced levels 2-4 has a lower preference cost */
	long pref_without_orgs;     /* count mode, one round, no history: the optimum for the
	                               same themes with organisations, pins and needs ignored
	                               (the theme search's stand-in); -1: not known */
	int theme_moves;            /* tables moved between themes by the search */
	bool stopped_early;         /* asked to stop during the all-rounds search, which is
	                               anytime: the plan is the best it had found */
};

/* Fills plan (one round) or, when the hard rules cannot all hold, returns
 * false with every conflict in d (and leaves plan empty). Also false, with
 * one problem saying so, when the progress callback asked to stop, except
 * in the all-rounds search: that ends on its best plan so far, every level
 * above repeated meetings held, and sets report->stopped_early. */
bool allocate(const struct event *ev, const struct allocate_options *opt, struct plan *plan,
	      struct allocate_report *report, struct diag_list *d);
void allocate_report_free(struct allocate_report *r);
/* The hard rules no plan can meet (a need no table provides, a pin to a
 * table without it, too few seats for a need, two kept apart pinned
 * together), each at the delegate's roster position: what allocate refuses
 * before it searches, and what alchemy check says. False if any. */
bool allocate_check_hard_rules(const struct event *ev, struct diag_list *d);

#endif
