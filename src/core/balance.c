/* The balance context of the allocator: who is present, the even bands of
 * table sizes and of every role, organisation sizes, symmetric keep-apart
 * lists, seeded tie-breaks, and the hard rules no plan can meet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "score.h"

/* ---- small helpers ---- */

static uint64_t splitmix(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

int alloc_org_allowed(const struct alloc *a, size_t o)
{
	return (int)org_allowed_per_table(a->org_n[o], (long)a->T);
}

int ceil_div_int(int a, int b)
{
	return b > 0 ? (a + b - 1) / b : 0;
}

bool alloc_progress(struct alloc *a, const char *stage, double done)
{
	/* Round by round, which round: a big event spends seconds in each. */
	char in_round[160];
	if (a->rounds > 1 && a->round > 0) {
		snprintf(in_round, sizeof(in_round), "round %d of %d: %s", a->round, a->rounds, stage);
		stage = in_round;
	}
	if (!a->stopped && progress_report(a->progress, stage, done))
		a->stopped = true;
	return a->stopped;
}


/* ---- set-up ---- */

bool alloc_setup(struct alloc *a)
{
	const struct event *ev = a->ev;
	a->N = ev->delegates_count;
	a->T = ev->tables_count;
	a->K = ev->themes_count;
	a->R = ev->roles_count;
	a->O = ev->orgs_count;
	size_t N1 = a->N ? a->N : 1, T1 = a->T ? a->T : 1;
	a->present = malloc(N1 * sizeof(int));
	a->lo_t = malloc(T1 * sizeof(int));
	a->hi_t = malloc(T1 * sizeof(int));
	a->lo_r = calloc(a->R ? a->R : 1, sizeof(int));
	a->hi_r = calloc(a->R ? a->R : 1, sizeof(int));
	a->role_n = calloc(a->R ? a->R : 1, sizeof(int));
	a->org_n = calloc(a->O ? a->O : 1, sizeof(int));
	a->tiebreak = malloc(N1 * sizeof(uint64_t));
	a->avoid_of = calloc(N1, sizeof(int *));
	a->avoid_n = calloc(N1, sizeof(int));
	if (!a->present || !a->lo_t || !a->hi_t || !a->lo_r || !a->hi_r || !a->role_n || !a->org_n ||
	    !a->tiebreak || !a->avoid_of || !a->avoid_n)
		return false;
	uint64_t state = a->opt ? a->opt->seed : 1;
	for (size_t i = 0; i < a->N; i++) {
		const struct delegate *d = &ev->delegates[i];
		a->tiebreak[i] = splitmix(&state);
		if (!d->present)
			continue;
		a->present[a->P++] = (int)i;
		if (d->role >= 0)
			a->role_n[d->role]++;
		a->org_n[d->org]++;
	}
	for (size_t r = 0; r < a->R; r++) {
		a->lo_r[r] = a->T ? a->role_n[r] / (int)a->T : 0;
		a->hi_r[r] = ceil_div_int(a->role_n[r], (int)a->T);
	}
	int level = water_level(ev, a->P);
	for (size_t t = 0; t < a->T; t++) {
		int cap = ev->tables[t].capacity;
		a->lo_t[t] = cap < level ? cap : level;
		a->hi_t[t] = cap < level + 1 ? cap : level + 1;
	}
	/* Keep-apart is symmetric, whoever wrote it down. */
	for (size_t i = 0; i < a->N; i++)
		for (size_t k = 0; k < ev->delegates[i].avoid_count; k++) {
			a->avoid_n[i]++;
			a->avoid_n[ev->delegates[i].avoid[k]]++;
		}
	for (size_t i = 0; i < a->N; i++) {
		if (a->avoid_n[i] && !(a->avoid_of[i] = malloc((size_t)a->avoid_n[i] * sizeof(int))))
			return false;
		a->avoid_n[i] = 0;
	}
	for (size_t i = 0; i < a->N; i++)
		for (size_t k = 0; k < ev->delegates[i].avoid_count; k++) {
			int j = ev->delegates[i].avoid[k];
			a->avoid_of[i][a->avoid_n[i]++] = j;
			a->avoid_of[j][a->avoid_n[j]++] = (int)i;
		}
	return true;
}

void alloc_teardown(struct alloc *a)
{
	mcf_free(&a->flow);
	mcf_free(&a->small_flow);
	if (a->avoid_of)
		for (size_t i = 0; i < a->N; i++)
			free(a->avoid_of[i]);
	free(a->avoid_of);
	free(a->avoid_n);
	free(a->present);
	free(a->lo_t);
	free(a->hi_t);
	free(a->lo_r);
	free(a->hi_r);
	free(a->role_n);
	free(a->org_n);
	free(a->tiebreak);
}

/* Hard rules that no plan can meet, found before any search. */
bool alloc_check_hard_rules(struct alloc *a)
{
	return allocate_check_hard_rules(a->ev, a->d);
}

/* Over the present delegates in roster order, as alloc_setup lists them. */
bool allocate_check_hard_rules(const struct event *ev, struct diag_list *diags)
{
	bool ok = true;
	size_t T = ev->tables_count;
	for (size_t i = 0; i < ev->delegates_count; i++) {
		const struct delegate *d = &ev->delegates[i];
		if (!d->present)
			continue;
		if (d->needs_count) {
			bool any = false;
			for (size_t t = 0; t < T && !any; t++)
				any = table_meets_needs(&ev->tables[t], d);
			if (!any) {
				diag_add(diags, DIAG_DATA, ev->roster_path, d->line, d->col,
					 "%s needs %s%s, but no table provides %s; add 'provides:' to a table in a table list",
					 d->id, d->needs[0], d->needs_count > 1 ? " and more" : "",
					 d->needs_count > 1 ? "them all" : "it");
				ok = false;
			} else if (d->pinned_table >= 0 && !table_meets_needs(&ev->tables[d->pinned_table], d)) {
				diag_add(diags, DIAG_DATA, ev->roster_path, d->line, d->col,
					 "%s is pinned to table %s, which does not provide what they need (%s)",
					 d->id, ev->tables[d->pinned_table].id, d->needs[0]);
				ok = false;
			}
		}
		/* Enough seats at the tables that provide each need? Checked once
		 * per need, at the first delegate who has it. */
		for (size_t k = 0; ok && k < d->needs_count; k++) {
			bool first = true;
			long needing = 0, seats = 0;
			for (size_t q = 0; q < i && first; q++) {
				const struct delegate *o = &ev->delegates[q];
				if (!o->present)
					continue;
				for (size_t m = 0; m < o->needs_count; m++)
					first &= strcmp(o->needs[m], d->needs[k]) != 0;
			}
			if (!first)
				continue;
			for (size_t q = 0; q < ev->delegates_count; q++) {
				const struct delegate *o = &ev->delegates[q];
				for (size_t m = 0; o->present && m < o->needs_count; m++)
					needing += strcmp(o->needs[m], d->needs[k]) == 0;
			}
			for (size_t t = 0; t < T; t++)
				if (table_provides(&ev->tables[t], d->needs[k]))
					seats += ev->tables[t].capacity;
			if (seats && needing > seats) {
				diag_add(diags, DIAG_DATA, ev->roster_path, d->line, d->col,
					 "%ld delegates need %s, but the tables that provide it seat %ld; "
					 "raise their capacity or add 'provides: [%s]' to more tables",
					 needing, d->needs[k], seats, d->needs[k]);
				ok = false;
			}
		}
		for (size_t k = 0; k < d->avoid_count; k++) {
			const struct delegate *o = &ev->delegates[d->avoid[k]];
			if (o->present && d->pinned_table >= 0 && d->pinned_table == o->pinned_table) {
				diag_add(diags, DIAG_DATA, ev->roster_path, d->line, d->col,
					 "%s and %s must be kept apart but are both pinned to table %s",
					 d->id, o->id, ev->tables[d->pinned_table].id);
				ok = false;
			}
		}
	}
	return ok;
}

