/* Repairs on the day: after no-shows and walk-ins, bring the plan back to
 * its best on levels 1 to 4 (hard rules, sizes, roles, organisations)
 * while moving as few already-seated delegates as possible, and never a
 * locked or pinned one. */
#ifndef ALCHEMY_REPAIR_H
#define ALCHEMY_REPAIR_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "event.h"
#include "plan.h"
#include "progress.h"

struct repair_move {
	int delegate;
	int from, to;           /* table indexes; -1: not seated */
};

struct repair_result {
	struct repair_move *moves;
	size_t count;
	size_t moved;           /* already-seated delegates moved to another table */
	size_t seated;          /* newly seated (walk-ins, late arrivals) */
	size_t unseated;        /* no-shows taken out */
};

/* Repairs round 0 of `current` into `out` for the presence flags in ev;
 * later rounds are copied unchanged.
 * locked and progress may be NULL. Returns false with problems in d when
 * the hard rules cannot hold, or when progress asked to stop. */
bool repair_plan(const struct event *ev, const struct plan *current, const bool *locked,
		 const struct progress *progress, struct plan *out, struct repair_result *res,
		 struct diag_list *d);
/* Seats unseated present delegates where they do least harm and unseats
 * absent ones, moving nobody else. */
bool seat_newcomers(const struct event *ev, struct plan *p, struct diag_list *d);
void repair_result_free(struct repair_result *r);

#endif
