/* Earlier events of a series, as far as they concern this event: the
 * tables of their plans (alchemy allocate --history PLAN.yaml...), each
 * reduced to the delegates who are in this roster (matched by id). The
 * allocator counts their meetings as earlier rounds', so the regulars of a
 * series meet new people. Themes are not carried over: a series' challenges
 * change, and a theme held before must not outweigh new faces. */
#ifndef ALCHEMY_HISTORY_H
#define ALCHEMY_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "event.h"
#include "plan.h"

struct history {
	int *members;           /* delegate indexes, table after table */
	size_t *start;          /* table g: members[start[g] .. start[g + 1]) */
	size_t tables;
	size_t rounds;          /* rounds read, in all files */
};

/* Reads the plans; ids not in this event are skipped, as people and tables
 * of other events. False with diagnostics (file, line, column) otherwise. */
bool history_load(const struct event *ev, const char *const *paths, size_t count, struct history *h,
		  struct diag_list *d);
/* Appends the pair keys (as plan_round_pairs makes them) of everyone who
 * shared a table in the history to *keys, unsorted; false if out of memory. */
bool history_pair_keys(const struct history *h, size_t delegates, uint64_t **keys, size_t *count);
/* Meetings in plan p of pairs who met at an earlier event (each counted
 * once per round they meet in); -1 when memory runs out. */
long history_meetings_again(const struct history *h, const struct event *ev, const struct plan *p);
void history_free(struct history *h);

#endif
