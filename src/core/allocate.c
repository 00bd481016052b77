/* The allocator. Three steps, each exact where it can be:
 *   1. themes to tables (count + capacity only): start from demand, then a
 *      local search over how many tables each theme gets, each candidate
 *      judged by step 2's optimum;
 *   2. delegates to themes: one minimum-cost flow whose convex arc costs
 *      encode the levels (sizes >> roles >> organisations >> preferences)
 *      at theme level, where they are exact when step 3 splits evenly;
 *   3. each theme's delegates over its tables, dealt so every role and
 *      organisation is spread evenly, then a local search of moves and
 *      swaps that repairs what pins and keep-apart pairs disturb.
 * docs/allocation.md gives the reasoning. */
#include "allocate.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcf.h"
#include "score.h"

#define COST_NONE (((mcf_cost)1) << 125)   /* cannot seat everyone: worse than any plan */

struct penalty {
	long hard, size, role, org_excess, org_pairs, pref;
};

struct alloc {
	const struct event *ev;
	const struct allocate_options *opt;
	struct diag_list *d;
	size_t N, T, K, R, O, P;
	int *present;           /* indexes of present delegates */
	int *lo_t, *hi_t;       /* per table: even size band, as capacities allow */
	int *lo_r, *hi_r;       /* per role: floor and ceil of members per table */
	int *role_n;            /* present per role */
	int *org_n;             /* present per organisation */
	uint64_t *tiebreak;     /* per delegate, from the seed */
	int **avoid_of;         /* symmetric keep-apart lists */
	int *avoid_n;
	struct mcf flow;        /* step 2's graph, its memory reused by every solve */
	struct mcf small_flow;  /* pinned tables to themes */
	bool out_of_memory;
};

/* ---- small helpers ---- */

static uint64_t splitmix(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static int ceil_div_int(int a, int b)
{
	return b > 0 ? (a + b - 1) / b : 0;
}

static void progress(struct alloc *a, const char *stage, double done)
{
	if (a->opt && a->opt->progress)
		a->opt->progress(a->opt->progress_ctx, stage, done);
}

static bool table_provides(const struct table *t, const char *need)
{
	for (size_t k = 0; k < t->provides_count; k++)
		if (strcmp(t->provides[k], need) == 0)
			return true;
	return false;
}

static bool table_meets_needs(const struct table *t, const struct delegate *d)
{
	for (size_t k = 0; k < d->needs_count; k++)
		if (!table_provides(t, d->needs[k]))
			return false;
	return true;
}

/* ---- set-up ---- */

static bool setup(struct alloc *a)
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
	/* Water-filling: the level L every table reaches unless its capacity
	 * stops it, with some tables at L + 1 to seat everyone. */
	int level = 0;
	for (;;) {
		size_t fill = 0;
		for (size_t t = 0; t < a->T; t++)
			fill += (size_t)(ev->tables[t].capacity < level + 1 ? ev->tables[t].capacity : level + 1);
		if (fill > a->P || level > 1000000)
			break;
		level++;
	}
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

static void teardown(struct alloc *a)
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
static bool check_hard_rules(struct alloc *a)
{
	const struct event *ev = a->ev;
	bool ok = true;
	for (size_t p = 0; p < a->P; p++) {
		const struct delegate *d = &ev->delegates[a->present[p]];
		if (d->needs_count) {
			bool any = false;
			for (size_t t = 0; t < a->T && !any; t++)
				any = table_meets_needs(&ev->tables[t], d);
			if (!any) {
				diag_add(a->d, DIAG_DATA, ev->roster_path, d->line, d->col,
					 "%s needs %s%s, but no table provides %s; add 'provides:' to a table in a table list",
					 d->id, d->needs[0], d->needs_count > 1 ? " and more" : "",
					 d->needs_count > 1 ? "them all" : "it");
				ok = false;
			} else if (d->pinned_table >= 0 && !table_meets_needs(&ev->tables[d->pinned_table], d)) {
				diag_add(a->d, DIAG_DATA, ev->roster_path, d->line, d->col,
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
			for (size_t q = 0; q < a->P && first; q++) {
				const struct delegate *o = &ev->delegates[a->present[q]];
				if (o == d)
					break;
				for (size_t m = 0; m < o->needs_count; m++)
					first &= strcmp(o->needs[m], d->needs[k]) != 0;
			}
			if (!first)
				continue;
			for (size_t q = 0; q < a->P; q++) {
				const struct delegate *o = &ev->delegates[a->present[q]];
				for (size_t m = 0; m < o->needs_count; m++)
					needing += strcmp(o->needs[m], d->needs[k]) == 0;
			}
			for (size_t t = 0; t < a->T; t++)
				if (table_provides(&ev->tables[t], d->needs[k]))
					seats += ev->tables[t].capacity;
			if (seats && needing > seats) {
				diag_add(a->d, DIAG_DATA, ev->roster_path, d->line, d->col,
					 "%ld delegates need %s, but the tables that provide it seat %ld; "
					 "raise their capacity or add 'provides: [%s]' to more tables",
					 needing, d->needs[k], seats, d->needs[k]);
				ok = false;
			}
		}
		for (size_t k = 0; k < d->avoid_count; k++) {
			const struct delegate *o = &ev->delegates[d->avoid[k]];
			if (o->present && d->pinned_table >= 0 && d->pinned_table == o->pinned_table) {
				diag_add(a->d, DIAG_DATA, ev->roster_path, d->line, d->col,
					 "%s and %s must be kept apart but are both pinned to table %s",
					 d->id, o->id, ev->tables[d->pinned_table].id);
				ok = false;
			}
		}
	}
	return ok;
}

/* ---- step 2: delegates to themes, by minimum-cost flow ---- */

struct theme_flow {
	int *theme_of;          /* per delegate: theme, -1 if absent */
	long pref_cost;         /* preference cost of that assignment */
	mcf_cost cost;          /* the full lexicographic cost */
};

static const struct alloc *group_order_ctx;
static const int *group_org_node;

static int compare_preferences(const struct delegate *x, const struct delegate *y)
{
	if (x->preferences_count != y->preferences_count)
		return x->preferences_count < y->preferences_count ? -1 : 1;
	for (size_t k = 0; k < x->preferences_count; k++)
		if (x->preferences[k] != y->preferences[k])
			return x->preferences[k] < y->preferences[k] ? -1 : 1;
	return 0;
}

/* Delegates alike for step 2 (same role, organisation node and ranked
 * themes) sort together and form one supply node. */
static int compare_for_groups(const void *pa, const void *pb)
{
	const struct alloc *a = group_order_ctx;
	int i = *(const int *)pa, j = *(const int *)pb;
	const struct delegate *x = &a->ev->delegates[i], *y = &a->ev->delegates[j];
	if (x->role != y->role)
		return x->role < y->role ? -1 : 1;
	int ox = group_org_node[x->org], oy = group_org_node[y->org];
	if (ox != oy)
		return ox < oy ? -1 : 1;
	int c = compare_preferences(x, y);
	if (c)
		return c;
	if (a->tiebreak[i] != a->tiebreak[j])
		return a->tiebreak[i] < a->tiebreak[j] ? -1 : 1;
	return (i > j) - (i < j);
}

static bool must_stand_alone(const struct delegate *d, bool force_pins)
{
	return (force_pins && d->pinned_table >= 0) || d->needs_count > 0;
}

/* Weights that make the flow's single cost lexicographic. */
struct weights {
	mcf_cost pair, excess, role, size;
};

static struct weights make_weights(size_t P)
{
	struct weights w;
	mcf_cost p = (mcf_cost)P;
	w.pair = (mcf_cost)UNLISTED_COST * p + 1;
	w.excess = w.pair * (p * p / 2 + 1);
	w.role = w.excess * (p + 1);
	w.size = w.role * (2 * p + 1);
	return w;
}

/* Solves step 2 for the given table themes. With force_pins, pinned
 * delegates go to their table's theme. Fills f (theme_of may be NULL to
 * only get the cost). Returns false when the flow cannot seat everyone. */
static bool solve_theme_flow(struct alloc *a, const int *table_theme, bool force_pins,
			     struct theme_flow *f)
{
	const struct event *ev = a->ev;
	size_t K = a->K, R = a->R, T = a->T, P = a->P;
	bool ok = false;
	int *k = calloc(K ? K : 1, sizeof(int));
	long *lo = calloc(K ? K : 1, sizeof(long)), *hi = calloc(K ? K : 1, sizeof(long));
	long *cap = calloc(K ? K : 1, sizeof(long));
	int *org_node = malloc((a->O ? a->O : 1) * sizeof(int));
	int *order = malloc((P ? P : 1) * sizeof(int));
	int *group_of = malloc((P ? P : 1) * sizeof(int));
	int *group_arc = NULL;
	struct mcf *gp = &a->flow;
	if (!k || !lo || !hi || !cap || !org_node || !order || !group_of)
		goto out;
	for (size_t t = 0; t < T; t++) {
		int th = table_theme[t];
		if (th < 0)
			continue;
		k[th]++;
		lo[th] += a->lo_t[t];
		hi[th] += a->hi_t[t];
		cap[th] += ev->tables[t].capacity;
	}
	int min_k = 0;
	for (size_t j = 0; j < K; j++)
		if (k[j] && (!min_k || k[j] < min_k))
			min_k = k[j];
	/* An organisation needs its own nodes only where its spread can bind:
	 * more members than the smallest theme has tables, or one per table. */
	int binding = 0;
	for (size_t o = 0; o < a->O; o++)
		org_node[o] = (a->org_n[o] > 1 && (a->org_n[o] > min_k || (size_t)a->org_n[o] >= T)) ? binding++ : -1;
	memcpy(order, a->present, P * sizeof(int));
	group_order_ctx = a;
	group_org_node = org_node;
	qsort(order, P, sizeof(int), compare_for_groups);
	int groups = 0;
	for (size_t p = 0; p < P; p++) {
		const struct delegate *d = &ev->delegates[order[p]];
		bool same = p > 0 && !must_stand_alone(d, force_pins) &&
			    !must_stand_alone(&ev->delegates[order[p - 1]], force_pins) &&
			    ev->delegates[order[p - 1]].role == d->role &&
			    org_node[ev->delegates[order[p - 1]].org] == org_node[d->org] &&
			    compare_preferences(&ev->delegates[order[p - 1]], d) == 0;
		if (!same)
			groups++;
		group_of[p] = groups - 1;
	}
	/* Nodes: s, t, themes, (theme, role), (theme, binding org), groups. */
	int S = 0, Tn = 1, theme0 = 2, role0 = theme0 + (int)K, org0 = role0 + (int)(K * R);
	int group0 = org0 + (int)K * binding;
	if (mcf_clear(gp, group0 + groups) != 0 ||
	    mcf_reserve(gp, groups * ((int)K + 1) + (int)(K * (R + 1) * 3) + binding * (int)K * 4) != 0)
		goto out;
	struct weights w = make_weights(P);
	for (size_t j = 0; j < K; j++) {
		if (!k[j])
			continue;
		int node = theme0 + (int)j;
		/* Size: reward filling the band's floor, free up to its top, then a
		 * penalty up to the capacity: convex, so the flow is exact. */
		mcf_add_arc(gp, node, Tn, lo[j], -w.size);
		mcf_add_arc(gp, node, Tn, hi[j] - lo[j], 0);
		mcf_add_arc(gp, node, Tn, cap[j] - hi[j], w.size);
		for (size_t r = 0; r < R; r++) {
			int rn = role0 + (int)(j * R + r);
			long rlo = (long)k[j] * a->lo_r[r], rhi = (long)k[j] * a->hi_r[r];
			mcf_add_arc(gp, rn, node, rlo, -w.role);
			mcf_add_arc(gp, rn, node, rhi - rlo, 0);
			mcf_add_arc(gp, rn, node, (int64_t)P, w.role);
		}
	}
	/* An organisation's nodes lead into the role of its first member; the
	 * rare member of another role goes straight to that role's node. */
	int *org_role = malloc((a->O ? a->O : 1) * sizeof(int));
	if (!org_role)
		goto out;
	for (size_t o = 0; o < a->O; o++)
		org_role[o] = -1;
	for (size_t p = 0; p < P; p++) {
		const struct delegate *d = &ev->delegates[a->present[p]];
		if (org_role[d->org] < 0)
			org_role[d->org] = d->role;
	}
	for (size_t o = 0; o < a->O; o++) {
		if (org_node[o] < 0)
			continue;
		int role = org_role[o];
		int ceil_o = ceil_div_int(a->org_n[o], (int)T);
		for (size_t j = 0; j < K; j++) {
			if (!k[j] || role < 0)
				continue;
			/* Layer q holds k_j members, each adding q same-organisation
			 * pairs (an even split inside the theme); layers at or past
			 * ceil(k/T) also break the organisation limit. */
			int on = org0 + (int)j * binding + org_node[o];
			int layers = ceil_div_int(a->org_n[o], k[j]);
			for (int q = 0; q < layers; q++)
				mcf_add_arc(gp, on, role0 + (int)(j * R + (size_t)role), k[j],
					    w.pair * q + (q >= ceil_o ? w.excess : 0));
		}
	}
	group_arc = malloc((size_t)(groups ? groups : 1) * K * sizeof(int));
	if (!group_arc) {
		free(org_role);
		goto out;
	}
	for (size_t p = 0, start = 0; p < P; p = start) {
		int grp = group_of[p];
		for (start = p; start < P && group_of[start] == grp; start++)
			;
		const struct delegate *d = &ev->delegates[order[p]];
		int gn = group0 + grp;
		mcf_add_arc(gp, S, gn, (int64_t)(start - p), 0);
		for (size_t j = 0; j < K; j++) {
			group_arc[(size_t)grp * K + j] = -1;
			if (!k[j])
				continue;
			if (force_pins && d->pinned_table >= 0 && table_theme[d->pinned_table] != (int)j)
				continue;
			if (d->needs_count) {
				bool any = false;
				for (size_t t = 0; t < T && !any; t++)
					any = table_theme[t] == (int)j && table_meets_needs(&ev->tables[t], d);
				if (!any)
					continue;
			}
			int target = org_node[d->org] >= 0 && org_role[d->org] == d->role
					     ? org0 + (int)j * binding + org_node[d->org]
					     : role0 + (int)(j * R + (size_t)(d->role >= 0 ? d->role : 0));
			group_arc[(size_t)grp * K + j] = mcf_add_arc(gp, gn, target, (int64_t)(start - p),
								     preference_cost(d, (int)j));
		}
	}
	free(org_role);
	if (gp->arcs_capacity == 0 && P > 0)
		goto out;
	mcf_cost total;
	int64_t flow = mcf_solve(gp, S, Tn, (int64_t)P, &total);
	if (flow != (int64_t)P)
		goto out;
	f->cost = total;
	f->pref_cost = 0;
	for (size_t p = 0, start = 0; p < P; p = start) {
		int grp = group_of[p];
		for (start = p; start < P && group_of[start] == grp; start++)
			;
		size_t next = p;
		for (size_t j = 0; j < K; j++) {
			int arc = group_arc[(size_t)grp * K + j];
			if (arc < 0)
				continue;
			int64_t units = mcf_flow(gp, arc);
			f->pref_cost += (long)units * preference_cost(&ev->delegates[order[p]], (int)j);
			for (int64_t u = 0; u < units && next < start; u++, next++)
				if (f->theme_of)
					f->theme_of[order[next]] = (int)j;
		}
	}
	ok = true;
out:
	if (!ok && !k)
		a->out_of_memory = true;
	free(group_arc);
	free(k);
	free(lo);
	free(hi);
	free(cap);
	free(org_node);
	free(order);
	free(group_of);
	return ok;
}

/* ---- step 1: how many tables each theme gets (count + capacity) ---- */

/* Table themes from tables-per-theme counts: pinned tables first, each to
 * the theme its pinned members like best (a small assignment, solved as a
 * flow), the rest in table order. */
static bool themes_for_tables(struct alloc *a, const int *per_theme, const long *pinned_cost,
			      int *table_theme)
{
	const struct event *ev = a->ev;
	size_t K = a->K, T = a->T;
	int *pinned_members = calloc(T ? T : 1, sizeof(int));
	int *left = malloc((K ? K : 1) * sizeof(int));
	if (!pinned_members || !left) {
		free(pinned_members);
		free(left);
		return false;
	}
	memcpy(left, per_theme, K * sizeof(int));
	for (size_t t = 0; t < T; t++)
		table_theme[t] = -1;
	for (size_t p = 0; p < a->P; p++) {
		int t = ev->delegates[a->present[p]].pinned_table;
		if (t >= 0)
			pinned_members[t]++;
	}
	size_t pinned_tables = 0;
	for (size_t t = 0; t < T; t++)
		pinned_tables += pinned_members[t] > 0;
	bool ok = true;
	if (pinned_tables) {
		struct mcf *gp = &a->small_flow;
		int S = 0, Tn = 1, th0 = 2, tb0 = 2 + (int)K;
		ok = mcf_clear(gp, tb0 + (int)T) == 0;
		int *arc = ok ? malloc(T * K * sizeof(int)) : NULL;
		ok = ok && arc;
		for (size_t j = 0; ok && j < K; j++)
			if (per_theme[j])
				mcf_add_arc(gp, th0 + (int)j, Tn, per_theme[j], 0);
		for (size_t t = 0; ok && t < T; t++) {
			if (!pinned_members[t])
				continue;
			mcf_add_arc(gp, S, tb0 + (int)t, 1, 0);
			for (size_t j = 0; j < K; j++) {
				arc[t * K + j] = -1;
				if (!per_theme[j])
					continue;
				arc[t * K + j] = mcf_add_arc(gp, tb0 + (int)t, th0 + (int)j, 1, pinned_cost[t * K + j]);
			}
		}
		if (ok)
			mcf_solve(gp, S, Tn, (int64_t)pinned_tables, NULL);
		for (size_t t = 0; ok && t < T; t++) {
			if (!pinned_members[t])
				continue;
			for (size_t j = 0; j < K; j++)
				if (arc[t * K + j] >= 0 && mcf_flow(gp, arc[t * K + j]) > 0) {
					table_theme[t] = (int)j;
					left[j]--;
				}
		}
		free(arc);
	}
	size_t j = 0;
	for (size_t t = 0; ok && t < T; t++) {
		if (table_theme[t] >= 0)
			continue;
		while (j < K && left[j] <= 0)
			j++;
		if (j == K)
			break;
		table_theme[t] = (int)j;
		left[j]--;
	}
	free(pinned_members);
	free(left);
	return ok;
}

/* A quick stand-in for step 2 when judging many table counts on a large
 * event: delegates grouped by role and ranked themes only (no
 * organisations, pins or needs), built once; each judgement resets the
 * capacities of the band arcs and solves again. */
struct theme_proxy {
	struct mcf g;
	int *size_arcs;         /* per theme: floor, band, over-band arcs */
	int *role_arcs;         /* per theme and role: the same three */
	struct weights w;
	int evaluations;
};

static const struct alloc *proxy_ctx;

static int compare_role_preferences(const void *pa, const void *pb)
{
	int i = *(const int *)pa, j = *(const int *)pb;
	const struct delegate *x = &proxy_ctx->ev->delegates[i], *y = &proxy_ctx->ev->delegates[j];
	if (x->role != y->role)
		return x->role < y->role ? -1 : 1;
	int c = compare_preferences(x, y);
	return c ? c : (i > j) - (i < j);
}

static bool proxy_build(struct alloc *a, struct theme_proxy *px)
{
	const struct event *ev = a->ev;
	size_t K = a->K, R = a->R, P = a->P;
	memset(px, 0, sizeof(*px));
	px->w = make_weights(P);
	int *order = malloc((P ? P : 1) * sizeof(int));
	px->size_arcs = malloc((K ? K : 1) * 3 * sizeof(int));
	px->role_arcs = malloc((K ? K : 1) * (R ? R : 1) * 3 * sizeof(int));
	if (!order || !px->size_arcs || !px->role_arcs) {
		free(order);
		return false;
	}
	memcpy(order, a->present, P * sizeof(int));
	proxy_ctx = a;
	qsort(order, P, sizeof(int), compare_role_preferences);
	size_t groups;
	int theme0 = 2, role0 = theme0 + (int)K, group0 = role0 + (int)(K * R);
	/* Count groups: a new one where role or ranked themes change. */
	groups = 0;
	for (size_t p = 0; p < P; p++) {
		const struct delegate *x = &ev->delegates[order[p]];
		const struct delegate *y = p ? &ev->delegates[order[p - 1]] : NULL;
		if (!y || x->role != y->role || compare_preferences(x, y) != 0)
			groups++;
	}
	bool ok = mcf_init(&px->g, group0 + (int)groups) == 0 &&
		  mcf_reserve(&px->g, (int)(groups * (K + 1) + K * R * 3 + K * 3)) == 0;
	for (size_t j = 0; ok && j < K; j++) {
		int node = theme0 + (int)j;
		px->size_arcs[j * 3] = mcf_add_arc(&px->g, node, 1, 0, -px->w.size);
		px->size_arcs[j * 3 + 1] = mcf_add_arc(&px->g, node, 1, 0, 0);
		px->size_arcs[j * 3 + 2] = mcf_add_arc(&px->g, node, 1, 0, px->w.size);
		for (size_t r = 0; r < R; r++) {
			int rn = role0 + (int)(j * R + r);
			int *arcs = &px->role_arcs[(j * R + r) * 3];
			arcs[0] = mcf_add_arc(&px->g, rn, node, 0, -px->w.role);
			arcs[1] = mcf_add_arc(&px->g, rn, node, 0, 0);
			arcs[2] = mcf_add_arc(&px->g, rn, node, (int64_t)P, px->w.role);
		}
	}
	int group = group0 - 1;
	for (size_t p = 0, start; ok && p < P; p = start) {
		const struct delegate *x = &ev->delegates[order[p]];
		for (start = p + 1; start < P; start++) {
			const struct delegate *y = &ev->delegates[order[start]];
			if (y->role != x->role || compare_preferences(x, y) != 0)
				break;
		}
		group++;
		mcf_add_arc(&px->g, 0, group, (int64_t)(start - p), 0);
		for (size_t j = 0; j < K; j++)
			mcf_add_arc(&px->g, group, role0 + (int)(j * R + (size_t)(x->role >= 0 ? x->role : 0)),
				    (int64_t)(start - p), preference_cost(x, (int)j));
	}
	free(order);
	return ok && mcf_snapshot(&px->g) == 0;
}

static void proxy_free(struct theme_proxy *px)
{
	mcf_free(&px->g);
	free(px->size_arcs);
	free(px->role_arcs);
}

/* Step 2's cost, roughly, for per[j] tables per theme (count mode: all
 * tables alike, so table 0 stands for every table). */
static mcf_cost proxy_cost(struct alloc *a, struct theme_proxy *px, const int *per)
{
	const struct event *ev = a->ev;
	size_t K = a->K, R = a->R;
	mcf_reset(&px->g);
	int lo = a->lo_t[0], hi = a->hi_t[0], cap = ev->tables[0].capacity;
	for (size_t j = 0; j < K; j++) {
		long k = per[j];
		mcf_set_capacity(&px->g, px->size_arcs[j * 3], k * lo);
		mcf_set_capacity(&px->g, px->size_arcs[j * 3 + 1], k * (hi - lo));
		mcf_set_capacity(&px->g, px->size_arcs[j * 3 + 2], k * (cap - hi));
		for (size_t r = 0; r < R; r++) {
			int *arcs = &px->role_arcs[(j * R + r) * 3];
			mcf_set_capacity(&px->g, arcs[0], k * a->lo_r[r]);
			mcf_set_capacity(&px->g, arcs[1], k * (a->hi_r[r] - a->lo_r[r]));
			mcf_set_capacity(&px->g, arcs[2], k ? (int64_t)a->P : 0);
		}
	}
	mcf_cost cost = 0;
	px->evaluations++;
	if (mcf_solve(&px->g, 0, 1, (int64_t)a->P, &cost) != (int64_t)a->P)
		return COST_NONE;
	return cost;
}

/* How a choice of tables per theme is judged: by step 2 itself, or by the
 * quick stand-in. */
struct theme_judge {
	struct alloc *a;
	struct theme_proxy *proxy;  /* NULL: judge exactly */
	const long *pinned_cost;
	int *table_theme;
	int floor_k;                /* fewest tables a theme may keep */
};

static mcf_cost judge(struct theme_judge *jd, const int *per)
{
	if (jd->proxy)
		return proxy_cost(jd->a, jd->proxy, per);
	struct theme_flow f = { 0 };
	if (!themes_for_tables(jd->a, per, jd->pinned_cost, jd->table_theme) ||
	    !solve_theme_flow(jd->a, jd->table_theme, false, &f))
		return COST_NONE;
	return f.cost;
}

/* Judges moving one table from `from` to `to`; keeps the best in *best. */
static void try_move(struct theme_judge *jd, int *per, int from, int to, mcf_cost *best,
		     int *best_from, int *best_to)
{
	per[from]--;
	per[to]++;
	mcf_cost c = judge(jd, per);
	per[from]++;
	per[to]--;
	if (c < *best) {
		*best = c;
		*best_from = from;
		*best_to = to;
	}
}

/* One step of the search over tables per theme: applies the best move found
 * and returns true, or false when none improves on *current. With `ranked`,
 * moves are ranked by what one table more or fewer is worth to each theme
 * (2K judgements) and the three best are judged; with `scan`, every move
 * is judged (K(K-1)), first or when the ranked ones fail. */
static bool search_step(struct theme_judge *jd, int *per, mcf_cost *current, bool ranked, bool scan,
			mcf_cost *plus, mcf_cost *minus)
{
	int K = (int)jd->a->K, best_from = -1, best_to = -1;
	mcf_cost best = *current;
	if (ranked) {
		for (int j = 0; j < K; j++) {
			per[j]++;
			plus[j] = judge(jd, per);
			per[j] -= 2;
			minus[j] = per[j] >= jd->floor_k ? judge(jd, per) : COST_NONE;
			per[j]++;
		}
		for (int tries = 0; tries < 3 && best_from < 0; tries++) {
			int f = -1, t = -1;
			mcf_cost gain = 0;
			for (int from = 0; from < K; from++)
				for (int to = 0; to < K; to++) {
					if (from == to || minus[from] == COST_NONE || plus[to] == COST_NONE)
						continue;
					mcf_cost g = (*current - plus[to]) - (minus[from] - *current);
					if (f < 0 || g > gain) {
						gain = g;
						f = from;
						t = to;
					}
				}
			if (f < 0)
				break;
			try_move(jd, per, f, t, &best, &best_from, &best_to);
			plus[t] = COST_NONE;   /* judged: rank another pair next */
			minus[f] = COST_NONE;
		}
	}
	for (int from = 0; scan && best_from < 0 && from < K; from++) {
		if (per[from] <= jd->floor_k)
			continue;
		for (int to = 0; to < K; to++)
			if (to != from)
				try_move(jd, per, from, to, &best, &best_from, &best_to);
	}
	if (best_from < 0)
		return false;
	per[best_from]--;
	per[best_to]++;
	*current = best;
	return true;
}

/* Tables per theme by demand (Jefferson's method on first choices), then a
 * local search moving one table at a time. Small events judge every move by
 * step 2 itself. Larger ones search on the stand-in first (which ignores
 * organisations, pins and needs), then, up to 5,000 delegates, take a few
 * steps judged exactly. Budgets are counts, not time, so a seed always gives
 * the same plan. */
static bool choose_themes(struct alloc *a, int *table_theme, struct allocate_report *rep)
{
	const struct event *ev = a->ev;
	size_t K = a->K, T = a->T;
	int *per = calloc(K ? K : 1, sizeof(int));
	long *first = rep->first_choices;
	int *order = malloc((K ? K : 1) * sizeof(int));
	long *pinned_cost = calloc((T ? T : 1) * (K ? K : 1), sizeof(long));
	mcf_cost *plus = malloc((K ? K : 1) * sizeof(mcf_cost));
	mcf_cost *minus = malloc((K ? K : 1) * sizeof(mcf_cost));
	bool ok = per && order && pinned_cost && plus && minus;
	struct theme_proxy px;
	memset(&px, 0, sizeof(px));
	if (!ok)
		goto out;
	for (size_t p = 0; p < a->P; p++) {
		const struct delegate *d = &ev->delegates[a->present[p]];
		if (d->preferences_count)
			first[d->preferences[0]]++;
		if (d->pinned_table >= 0)
			for (size_t j = 0; j < K; j++)
				pinned_cost[(size_t)d->pinned_table * K + j] += preference_cost(d, (int)j);
	}
	for (size_t j = 0; j < K; j++)
		order[j] = (int)j;
	for (size_t x = 1; x < K; x++)   /* most wanted first; ties by theme order */
		for (size_t y = x; y > 0 && first[order[y]] > first[order[y - 1]]; y--) {
			int tmp = order[y];
			order[y] = order[y - 1];
			order[y - 1] = tmp;
		}
	size_t given = 0;
	rep->themes_short = T < K;
	for (size_t x = 0; x < K && given < T; x++, given++)
		per[order[x]] = 1;
	while (given < T) {
		size_t best = 0;
		for (size_t j = 1; j < K; j++)
			if (first[j] * per[best] > first[best] * per[j] ||
			    (first[j] * per[best] == first[best] * per[j] && per[j] < per[best]))
				best = j;
		per[best]++;
		given++;
	}
	struct theme_judge jd = { a, NULL, pinned_cost, table_theme, rep->themes_short ? 0 : 1 };
	mcf_cost current;
	if (a->P <= 1000) {
		current = judge(&jd, per);
		for (int step = 0; step < 60 && search_step(&jd, per, &current, false, true, plus, minus); step++)
			rep->theme_moves++;
	} else {
		ok = proxy_build(a, &px);
		jd.proxy = &px;
		current = ok ? judge(&jd, per) : COST_NONE;
		for (int step = 0; ok && step < 40; step++) {
			progress(a, "choosing themes", step / 40.0);
			if (!search_step(&jd, per, &current, true, a->P <= 5000, plus, minus))
				break;
			rep->theme_moves++;
		}
		if (ok && a->P <= 5000) {
			jd.proxy = NULL;
			current = judge(&jd, per);
			for (int step = 0; step < 3 && search_step(&jd, per, &current, true, false, plus, minus); step++)
				rep->theme_moves++;
		}
	}
	ok = ok && themes_for_tables(a, per, pinned_cost, table_theme);
	if (ok)
		memcpy(rep->tables_per_theme, per, K * sizeof(int));
out:
	proxy_free(&px);
	free(per);
	free(order);
	free(pinned_cost);
	free(plus);
	free(minus);
	return ok;
}

/* ---- step 3: tables within each theme, then local search ---- */

struct seating_state {
	struct alloc *a;
	const int *table_theme;
	int *seat;              /* per delegate */
	int **members;          /* per table */
	int *count, *room;      /* per table: members, allocated slots */
	int *role_count;        /* table * R + role */
};

static bool state_init(struct seating_state *s, struct alloc *a, const int *table_theme, int *seat)
{
	memset(s, 0, sizeof(*s));
	s->a = a;
	s->table_theme = table_theme;
	s->seat = seat;
	size_t T1 = a->T ? a->T : 1;
	s->members = calloc(T1, sizeof(int *));
	s->count = calloc(T1, sizeof(int));
	s->room = calloc(T1, sizeof(int));
	s->role_count = calloc(T1 * (a->R ? a->R : 1), sizeof(int));
	return s->members && s->count && s->room && s->role_count;
}

static void state_free(struct seating_state *s)
{
	if (s->members)
		for (size_t t = 0; t < s->a->T; t++)
			free(s->members[t]);
	free(s->members);
	free(s->count);
	free(s->room);
	free(s->role_count);
}

static bool state_add(struct seating_state *s, int i, int t)
{
	if (s->count[t] == s->room[t]) {
		int room = s->room[t] ? s->room[t] * 2 : 16;
		int *m = realloc(s->members[t], (size_t)room * sizeof(int));
		if (!m)
			return false;
		s->members[t] = m;
		s->room[t] = room;
	}
	s->members[t][s->count[t]++] = i;
	s->seat[i] = t;
	int role = s->a->ev->delegates[i].role;
	if (role >= 0)
		s->role_count[(size_t)t * s->a->R + (size_t)role]++;
	return true;
}

static void state_remove(struct seating_state *s, int i)
{
	int t = s->seat[i];
	for (int k = 0; k < s->count[t]; k++)
		if (s->members[t][k] == i) {
			s->members[t][k] = s->members[t][--s->count[t]];
			break;
		}
	int role = s->a->ev->delegates[i].role;
	if (role >= 0)
		s->role_count[(size_t)t * s->a->R + (size_t)role]--;
	s->seat[i] = -1;
}

static long band_dev(long c, long lo, long hi)
{
	return c < lo ? lo - c : c > hi ? c - hi : 0;
}

static int org_count_at(const struct seating_state *s, int t, int org)
{
	int c = 0;
	for (int k = 0; k < s->count[t]; k++)
		c += s->a->ev->delegates[s->members[t][k]].org == org;
	return c;
}

static int partners_at(const struct seating_state *s, int i, int t)
{
	int c = 0;
	for (int k = 0; k < s->a->avoid_n[i]; k++)
		c += s->seat[s->a->avoid_of[i][k]] == t;
	return c;
}

static void penalty_add(struct penalty *x, const struct penalty *y)
{
	x->hard += y->hard;
	x->size += y->size;
	x->role += y->role;
	x->org_excess += y->org_excess;
	x->org_pairs += y->org_pairs;
	x->pref += y->pref;
}

static int penalty_compare(const struct penalty *x, const struct penalty *y)
{
	const long a[] = { x->hard, x->size, x->role, x->org_excess, x->org_pairs, x->pref };
	const long b[] = { y->hard, y->size, y->role, y->org_excess, y->org_pairs, y->pref };
	for (size_t k = 0; k < 6; k++)
		if (a[k] != b[k])
			return a[k] < b[k] ? -1 : 1;
	return 0;
}

/* What moving i (now seated) to table b would change; i stays where it is. */
static struct penalty delta_move(const struct seating_state *s, int i, int b)
{
	const struct alloc *a = s->a;
	const struct event *ev = a->ev;
	const struct delegate *d = &ev->delegates[i];
	struct penalty p = { 0 };
	int from = s->seat[i];
	if (from == b)
		return p;
	int na = s->count[from], nb = s->count[b];
	int cap_a = ev->tables[from].capacity, cap_b = ev->tables[b].capacity;
	p.hard += (nb + 1 > cap_b) - (nb > cap_b);
	p.hard += (na - 1 > cap_a) - (na > cap_a);
	p.hard += partners_at(s, i, b) - partners_at(s, i, from);
	p.hard += (!table_meets_needs(&ev->tables[b], d)) - (!table_meets_needs(&ev->tables[from], d));
	p.size += band_dev(na - 1, a->lo_t[from], a->hi_t[from]) - band_dev(na, a->lo_t[from], a->hi_t[from]);
	p.size += band_dev(nb + 1, a->lo_t[b], a->hi_t[b]) - band_dev(nb, a->lo_t[b], a->hi_t[b]);
	if (d->role >= 0) {
		long lo = a->lo_r[d->role], hi = a->hi_r[d->role];
		long ca = s->role_count[(size_t)from * a->R + (size_t)d->role];
		long cb = s->role_count[(size_t)b * a->R + (size_t)d->role];
		p.role += band_dev(ca - 1, lo, hi) - band_dev(ca, lo, hi);
		p.role += band_dev(cb + 1, lo, hi) - band_dev(cb, lo, hi);
	}
	int ceil_o = ceil_div_int(a->org_n[d->org], (int)a->T);
	int oa = org_count_at(s, from, d->org), ob = org_count_at(s, b, d->org);
	p.org_excess += band_dev(oa - 1, 0, ceil_o) - band_dev(oa, 0, ceil_o);
	p.org_excess += band_dev(ob + 1, 0, ceil_o) - band_dev(ob, 0, ceil_o);
	p.org_pairs += ob - (oa - 1);
	p.pref += preference_cost(d, s->table_theme[b]) - preference_cost(d, s->table_theme[from]);
	return p;
}

static void move_to(struct seating_state *s, int i, int b)
{
	state_remove(s, i);
	state_add(s, i, b);   /* growth is rare: a removal freed a slot somewhere */
}

/* Swapping i and j (at different tables). */
static struct penalty delta_swap(struct seating_state *s, int i, int j)
{
	int a_t = s->seat[i], b_t = s->seat[j];
	struct penalty p = delta_move(s, i, b_t);
	move_to(s, i, b_t);
	struct penalty q = delta_move(s, j, a_t);
	move_to(s, i, a_t);
	penalty_add(&p, &q);
	return p;
}

static bool movable(const struct event *ev, int i)
{
	return ev->delegates[i].pinned_table < 0;
}

/* Does i take part in anything below the ideal at its table? */
static bool needs_attention(const struct seating_state *s, int i)
{
	const struct alloc *a = s->a;
	const struct delegate *d = &a->ev->delegates[i];
	int t = s->seat[i];
	if (partners_at(s, i, t) || !table_meets_needs(&a->ev->tables[t], d))
		return true;
	if (band_dev(s->count[t], a->lo_t[t], a->hi_t[t]))
		return true;
	for (size_t r = 0; r < a->R; r++)
		if (band_dev(s->role_count[(size_t)t * a->R + r], a->lo_r[r], a->hi_r[r]))
			return true;
	return org_count_at(s, t, d->org) > ceil_div_int(a->org_n[d->org], (int)a->T);
}

/* The best change around i among the given tables: move i there, swap i
 * with someone there, or pull someone from there to i's table (which
 * fills a table that is short). Applies it if it improves the plan. */
static bool improve(struct seating_state *s, int i, const int *tables, size_t ntables)
{
	const struct event *ev = s->a->ev;
	struct penalty best = { 0 };
	int best_table = -1, best_partner = -1, best_pull = -1;
	int home = s->seat[i];
	for (size_t x = 0; x < ntables; x++) {
		int b = tables[x];
		if (b == s->seat[i])
			continue;
		struct penalty p = delta_move(s, i, b);
		if (penalty_compare(&p, &best) < 0) {
			best = p;
			best_table = b;
			best_partner = -1;
		}
		for (int k = 0; k < s->count[b]; k++) {
			int j = s->members[b][k];
			if (!movable(ev, j))
				continue;
			p = delta_swap(s, i, j);
			if (penalty_compare(&p, &best) < 0) {
				best = p;
				best_table = b;
				best_partner = j;
				best_pull = -1;
			}
			p = delta_move(s, j, home);
			if (penalty_compare(&p, &best) < 0) {
				best = p;
				best_table = -1;
				best_partner = -1;
				best_pull = j;
			}
		}
	}
	if (best_pull >= 0) {
		move_to(s, best_pull, home);
		return true;
	}
	if (best_table < 0)
		return false;
	move_to(s, i, best_table);
	if (best_partner >= 0)
		move_to(s, best_partner, home);
	return true;
}

static void local_search(struct alloc *a, struct seating_state *s)
{
	const struct event *ev = a->ev;
	int *same = malloc((a->T ? a->T : 1) * sizeof(int));
	int *all = malloc((a->T ? a->T : 1) * sizeof(int));
	if (!same || !all) {
		free(same);
		free(all);
		return;
	}
	for (size_t t = 0; t < a->T; t++)
		all[t] = (int)t;
	for (int pass = 0; pass < 30; pass++) {
		progress(a, "balancing tables", pass / 30.0);
		bool improved = false;
		for (size_t p = 0; p < a->P; p++) {
			int i = a->present[p];
			if (!movable(ev, i) || !needs_attention(s, i))
				continue;
			size_t nsame = 0;
			int theme = s->table_theme[s->seat[i]];
			for (size_t t = 0; t < a->T; t++)
				if (s->table_theme[t] == theme)
					same[nsame++] = (int)t;
			if (improve(s, i, same, nsame) || improve(s, i, all, a->T))
				improved = true;
		}
		if (!improved)
			break;
	}
	free(same);
	free(all);
}

/* Role targets per table of one theme: each table its share; the
 * remainders, roles with most first, each to the tables with most room left
 * (at most one extra a table), tables whose pins already hold the extra
 * first, ties rotating with the role so extras do not pile up. */
static bool role_targets(const struct seating_state *s, const int *tables, size_t k, const int *target,
			 const int *members, size_t n, int *role_target)
{
	const struct event *ev = s->a->ev;
	size_t R = s->a->R;
	int *extras = calloc(R ? R : 1, sizeof(int));
	int *role_order = malloc((R ? R : 1) * sizeof(int));
	if (!extras || !role_order) {
		free(extras);
		free(role_order);
		return false;
	}
	for (size_t r = 0; r < R; r++) {
		int count = 0;
		for (size_t q = 0; q < n; q++)
			count += ev->delegates[members[q]].role == (int)r;
		for (size_t x = 0; x < k; x++)
			count += s->role_count[(size_t)tables[x] * R + r];
		for (size_t x = 0; x < k; x++)
			role_target[x * R + r] = count / (int)k;
		extras[r] = count % (int)k;
		role_order[r] = (int)r;
	}
	for (size_t x = 1; x < R; x++)
		for (size_t y = x; y > 0 && extras[role_order[y]] > extras[role_order[y - 1]]; y--) {
			int tmp = role_order[y];
			role_order[y] = role_order[y - 1];
			role_order[y - 1] = tmp;
		}
	for (size_t ri = 0; ri < R; ri++) {
		size_t r = (size_t)role_order[ri];
		int base = role_target[r];
		for (int e = 0; e < extras[r]; e++) {
			long best_pin = -1, best_room = 0;
			size_t best = 0, best_turn = 0;
			for (size_t x = 0; x < k; x++) {
				if (role_target[x * R + r] > base)
					continue;
				long room = target[x];
				for (size_t q = 0; q < R; q++)
					room -= role_target[x * R + q];
				long pin = s->role_count[(size_t)tables[x] * R + r] > base;
				size_t turn = (x + k - ri % k) % k;
				if (pin > best_pin || (pin == best_pin && (room > best_room ||
				    (room == best_room && turn < best_turn)))) {
					best_pin = pin;
					best_room = room;
					best_turn = turn;
					best = x;
				}
			}
			role_target[best * R + r]++;
		}
	}
	free(extras);
	free(role_order);
	return true;
}

static const struct alloc *split_ctx;
static const int *split_org_size;

static int compare_for_dealing(const void *pa, const void *pb)
{
	int i = *(const int *)pa, j = *(const int *)pb;
	const struct delegate *x = &split_ctx->ev->delegates[i], *y = &split_ctx->ev->delegates[j];
	int cx = split_org_size[x->org], cy = split_org_size[y->org];
	if (cx != cy)
		return cx > cy ? -1 : 1;
	if (x->org != y->org)
		return x->org < y->org ? -1 : 1;
	if (split_ctx->tiebreak[i] != split_ctx->tiebreak[j])
		return split_ctx->tiebreak[i] < split_ctx->tiebreak[j] ? -1 : 1;
	return (i > j) - (i < j);
}

/* Deals theme j's delegates over its tables: pinned first, then everyone
 * else, larger organisations first, each to the table where it does least
 * harm (keep-apart, needs, capacity; then its role's target; then fewest of
 * its organisation; then the table's size target). */
static bool split_theme(struct alloc *a, struct seating_state *s, int j, const int *theme_of)
{
	const struct event *ev = a->ev;
	size_t R = a->R;
	int *tables = malloc((a->T ? a->T : 1) * sizeof(int));
	int *target = calloc(a->T ? a->T : 1, sizeof(int));
	int *role_target = calloc((a->T ? a->T : 1) * (R ? R : 1), sizeof(int));
	int *members = malloc((a->P ? a->P : 1) * sizeof(int));
	int *org_in_theme = calloc(a->O ? a->O : 1, sizeof(int));
	bool ok = tables && target && role_target && members && org_in_theme;
	size_t k = 0, n = 0;
	if (!ok)
		goto out;
	for (size_t t = 0; t < a->T; t++)
		if (s->table_theme[t] == j)
			tables[k++] = (int)t;
	for (size_t p = 0; p < a->P; p++) {
		int i = a->present[p];
		if (theme_of[i] != j)
			continue;
		if (ev->delegates[i].pinned_table >= 0)
			ok = ok && state_add(s, i, ev->delegates[i].pinned_table);
		else
			members[n++] = i;
		org_in_theme[ev->delegates[i].org]++;
	}
	if (!k || !ok)
		goto out;
	/* Sizes: the band's floor, then one more where the band allows, then up
	 * to capacity if the theme must take more. */
	long total = (long)n, sum = 0;
	for (size_t x = 0; x < k; x++) {
		total += s->count[tables[x]];
		target[x] = a->lo_t[tables[x]];
		sum += target[x];
	}
	for (int pass = 0; pass < 2 && sum < total; pass++)
		for (size_t x = 0; x < k && sum < total; x++) {
			int t = tables[x];
			int more = (pass == 0 ? a->hi_t[t] : ev->tables[t].capacity) - target[x];
			if (more > total - sum)
				more = (int)(total - sum);
			if (more > 0) {
				target[x] += more;
				sum += more;
			}
		}
	for (size_t x = 0; x < k; x++)
		if (target[x] < s->count[tables[x]])
			target[x] = s->count[tables[x]];
	ok = role_targets(s, tables, k, target, members, n, role_target);
	/* Larger organisations first, so they spread widest; ties by seed. */
	split_ctx = a;
	split_org_size = org_in_theme;
	qsort(members, n, sizeof(int), compare_for_dealing);
	for (size_t q = 0; q < n && ok; q++) {
		int i = members[q];
		const struct delegate *d = &ev->delegates[i];
		int best = -1;
		long best_key[5] = { 0 };
		for (size_t x = 0; x < k; x++) {
			int t = tables[x];
			long slot = d->role >= 0 ? role_target[x * R + (size_t)d->role] -
							   s->role_count[(size_t)t * R + (size_t)d->role] : 0;
			long key[5] = {
				partners_at(s, i, t) + !table_meets_needs(&ev->tables[t], d) +
					(s->count[t] >= ev->tables[t].capacity),
				slot > 0 ? 0 : 1,
				org_count_at(s, t, d->org),
				s->count[t] >= target[x] ? 1 : 0,
				s->count[t],
			};
			bool better = best < 0;
			for (size_t z = 0; z < 5 && !better; z++)
				if (key[z] != best_key[z]) {
					better = key[z] < best_key[z];
					break;
				}
			if (better) {
				best = t;
				memcpy(best_key, key, sizeof(key));
			}
		}
		ok = state_add(s, i, best);
	}
out:
	free(tables);
	free(target);
	free(role_target);
	free(members);
	free(org_in_theme);
	return ok;
}

/* After the search: every hard rule still broken, named. */
static bool report_broken_rules(struct alloc *a, const struct seating_state *s)
{
	const struct event *ev = a->ev;
	bool ok = true;
	for (size_t p = 0; p < a->P; p++) {
		int i = a->present[p];
		const struct delegate *d = &ev->delegates[i];
		int t = s->seat[i];
		for (int k = 0; k < a->avoid_n[i]; k++) {
			int j = a->avoid_of[i][k];
			if (j > i && s->seat[j] == t) {
				diag_add(a->d, DIAG_DATA, ev->roster_path, d->line, d->col,
					 "%s and %s must be kept apart, but no plan found seats them apart "
					 "(table %s); remove one of the keep-apart entries or a pin",
					 d->id, ev->delegates[j].id, ev->tables[t].id);
				ok = false;
			}
		}
		if (!table_meets_needs(&ev->tables[t], d)) {
			diag_add(a->d, DIAG_DATA, ev->roster_path, d->line, d->col,
				 "%s needs %s, but every table that provides it is full; raise those tables' capacity",
				 d->id, d->needs[0]);
			ok = false;
		}
	}
	for (size_t t = 0; t < a->T; t++)
		if (s->count[t] > ev->tables[t].capacity) {
			diag_add(a->d, DIAG_DATA, ev->path, 0, 0, "table %s: %d seated, capacity %d",
				 ev->tables[t].id, s->count[t], ev->tables[t].capacity);
			ok = false;
		}
	return ok;
}

bool allocate(const struct event *ev, const struct allocate_options *opt, struct plan *plan,
	      struct allocate_report *rep, struct diag_list *d)
{
	struct alloc a = { .ev = ev, .opt = opt, .d = d };
	struct seating_state st;
	memset(&st, 0, sizeof(st));
	memset(rep, 0, sizeof(*rep));
	memset(plan, 0, sizeof(*plan));
	bool ok = false;
	int *theme_of = NULL;
	rep->tables_per_theme = calloc(ev->themes_count ? ev->themes_count : 1, sizeof(int));
	rep->first_choices = calloc(ev->themes_count ? ev->themes_count : 1, sizeof(long));
	if (!rep->tables_per_theme || !rep->first_choices || !setup(&a) || !plan_init(plan, ev, 1)) {
		a.out_of_memory = true;
		goto out;
	}
	if (!check_hard_rules(&a))
		goto out;
	int *table_theme = plan->rounds[0].table_theme;
	if (!ev->tables_listed) {
		rep->themes_chosen = true;
		progress(&a, "choosing themes", 0);
		if (!choose_themes(&a, table_theme, rep)) {
			a.out_of_memory = true;
			goto out;
		}
	} else {
		for (size_t t = 0; t < ev->tables_count; t++)
			if (table_theme[t] >= 0)
				rep->tables_per_theme[table_theme[t]]++;
		for (size_t p = 0; p < a.P; p++) {
			const struct delegate *dl = &ev->delegates[a.present[p]];
			if (dl->preferences_count)
				rep->first_choices[dl->preferences[0]]++;
		}
	}
	theme_of = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(int));
	if (!theme_of) {
		a.out_of_memory = true;
		goto out;
	}
	for (size_t i = 0; i < ev->delegates_count; i++)
		theme_of[i] = -1;
	struct theme_flow f = { .theme_of = theme_of };
	progress(&a, "seating by theme", 0);
	if (!solve_theme_flow(&a, table_theme, true, &f)) {
		if (!a.out_of_memory)
			diag_add(d, DIAG_DATA, ev->path, 0, 0,
				 "no seating holds every hard rule: pins and needs leave too few seats; "
				 "check the tables that provide what delegates need");
		goto out;
	}
	rep->pref_bound = f.pref_cost;
	if (!state_init(&st, &a, table_theme, plan->rounds[0].seat)) {
		a.out_of_memory = true;
		goto out;
	}
	for (size_t j = 0; j < ev->themes_count; j++)
		if (!split_theme(&a, &st, (int)j, theme_of)) {
			a.out_of_memory = true;
			goto out;
		}
	local_search(&a, &st);
	ok = report_broken_rules(&a, &st);
out:
	if (a.out_of_memory)
		diag_add(d, DIAG_IO, ev->path, 0, 0, "out of memory while allocating");
	if (st.a)
		state_free(&st);
	free(theme_of);
	teardown(&a);
	if (!ok) {
		plan_free(plan);
		allocate_report_free(rep);
	}
	return ok;
}

void allocate_report_free(struct allocate_report *r)
{
	free(r->tables_per_theme);
	free(r->first_choices);
	r->tables_per_theme = NULL;
	r->first_choices = NULL;
}
