#include "repair.h"

#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"

/* Builds the seating state from plan round 0: absent delegates unseated,
 * unseated present ones seated where they do least harm. With fit (a
 * repair), a table over its capacity (two laptops' walk-ins merged) keeps
 * its locked and pinned people and as many others as it holds; the rest
 * are seated again, so a repair can mend it. */
static bool state_from_plan(struct alloc *a, struct seating_state *st, struct plan *p, bool fit)
{
	const struct event *ev = a->ev;
	int *seat = p->rounds[0].seat;
	int *keep = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(int));
	if (!keep)
		return false;
	memcpy(keep, seat, ev->delegates_count * sizeof(int));
	if (!state_init(st, a, p->rounds[0].table_theme, seat)) {
		free(keep);
		return false;
	}
	bool ok = true;
	for (size_t i = 0; i < ev->delegates_count; i++)
		seat[i] = -1;
	for (int pass = fit ? 0 : 1; pass < 2; pass++)
		for (size_t i = 0; i < ev->delegates_count; i++) {
			const struct delegate *d = &ev->delegates[i];
			bool held = (a->locked && a->locked[i]) || d->pinned_table >= 0;
			if (!d->present || keep[i] < 0 || (fit && held != (pass == 0)))
				continue;
			if (fit && !held && st->count[keep[i]] >= ev->tables[keep[i]].capacity)
				continue;   /* no room left here: seated again below */
			ok = ok && state_add(st, (int)i, keep[i]);
		}
	for (size_t i = 0; i < ev->delegates_count && ok; i++)
		if (ev->delegates[i].present && seat[i] < 0)
			ok = seat_best(st, (int)i);
	free(keep);
	return ok;
}

bool seat_newcomers(const struct event *ev, struct plan *p, struct diag_list *d)
{
	struct alloc a = { .ev = ev, .d = d };
	struct seating_state st;
	memset(&st, 0, sizeof(st));
	bool ok = alloc_setup(&a) && state_from_plan(&a, &st, p, false);
	if (!ok)
		diag_add(d, DIAG_IO, ev->path, 0, 0, "out of memory");
	if (st.a)
		state_free(&st);
	alloc_teardown(&a);
	return ok;
}

bool repair_plan(const struct event *ev, const struct plan *current, const bool *locked,
		 const struct progress *progress, struct plan *out, struct repair_result *res,
		 struct diag_list *d)
{
	memset(res, 0, sizeof(*res));
	struct alloc a = { .ev = ev, .d = d, .locked = locked, .original = current->rounds[0].seat,
			   .progress = progress };
	struct seating_state st;
	memset(&st, 0, sizeof(st));
	/* Later rounds are kept as they are: the day repairs the seating in use. */
	bool ok = plan_init(out, ev, current->rounds_count);
	for (size_t r = 0; ok && r < current->rounds_count; r++) {
		memcpy(out->rounds[r].table_theme, current->rounds[r].table_theme, ev->tables_count * sizeof(int));
		memcpy(out->rounds[r].seat, current->rounds[r].seat, ev->delegates_count * sizeof(int));
	}
	ok = ok && alloc_setup(&a) && state_from_plan(&a, &st, out, true);
	if (!ok) {
		diag_add(d, DIAG_IO, ev->path, 0, 0, "out of memory");
	} else {
		local_search(&a, &st);
		if (a.stopped)
			diag_add(d, DIAG_DATA, ev->path, 0, 0, "stopped before the repair was complete: nothing written");
		ok = !a.stopped && report_broken_rules(&a, &st);
	}
	if (ok) {
		res->moves = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(*res->moves));
		ok = res->moves != NULL;
		for (size_t i = 0; ok && i < ev->delegates_count; i++) {
			int from = current->rounds[0].seat[i], to = out->rounds[0].seat[i];
			if (from == to)
				continue;
			res->moves[res->count++] = (struct repair_move){ (int)i, from, to };
			if (from >= 0 && to >= 0)
				res->moved++;
			else if (to >= 0)
				res->seated++;
			else
				res->unseated++;
		}
	}
	if (st.a)
		state_free(&st);
	alloc_teardown(&a);
	if (!ok) {
		plan_free(out);
		repair_result_free(res);
	}
	return ok;
}

void repair_result_free(struct repair_result *r)
{
	free(r->moves);
	memset(r, 0, sizeof(*r));
}
