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

#include "alloc_internal.h"
#include "mcf.h"
#include "score.h"

#define COST_NONE (((mcf_cost)1) << 125)   /* cannot seat everyone: worse than any plan */

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

/* In later rounds, delegates with the themes they already had (and who are
 * pinned, whom that does not bind) alike: 0. */
static int compare_history(const struct alloc *a, int i, int j)
{
	if (!a->had_theme)
		return 0;
	bool pi = a->ev->delegates[i].pinned_table >= 0, pj = a->ev->delegates[j].pinned_table >= 0;
	if (pi != pj)
		return pi ? 1 : -1;
	return memcmp(a->had_theme + (size_t)i * a->K, a->had_theme + (size_t)j * a->K, a->K);
}

/* Delegates alike for step 2 (same role, organisation node, ranked themes
 * and, in later rounds, themes had) sort together and form one supply node:
 * grouped, 10,000 delegates are a few thousand nodes, round after round. */
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
	if ((c = compare_history(a, i, j)))
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
		bool same = p > 0 && !compare_history(a, order[p - 1], order[p]) && !must_stand_alone(d, force_pins) &&
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
			/* Nobody gets a theme twice (hosts pinned to their table may). */
			if (a->had_theme && d->pinned_table < 0 && a->had_theme[(size_t)order[p] * K + j])
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
		/* Demand is each one's best theme still new to them: in later
		 * rounds the tables follow those who can take a theme, else the
		 * themes everyone has had keep their tables and seats run out. */
		for (size_t k = 0; k < d->preferences_count; k++) {
			int j = d->preferences[k];
			if (!a->had_theme || d->pinned_table >= 0 || !a->had_theme[(size_t)a->present[p] * K + (size_t)j]) {
				first[j]++;
				break;
			}
		}
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
			alloc_progress(a, "choosing themes", step / 40.0);
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

/* One round: themes for the tables (count mode), then delegates to themes,
 * then within themes. */
static bool allocate_round(struct alloc *a, int *table_theme, int *seat, struct allocate_report *rep)
{
	const struct event *ev = a->ev;
	struct diag_list *d = a->d;
	struct seating_state st;
	memset(&st, 0, sizeof(st));
	bool ok = false;
	int *theme_of = NULL;
	if (!ev->tables_listed) {
		rep->themes_chosen = true;
		alloc_progress(a, "choosing themes", 0);
		if (!choose_themes(a, table_theme, rep)) {
			a->out_of_memory = true;
			goto out;
		}
	} else {
		for (size_t t = 0; t < ev->tables_count; t++)
			if (table_theme[t] >= 0)
				rep->tables_per_theme[table_theme[t]]++;
		for (size_t p = 0; p < a->P; p++) {
			const struct delegate *dl = &ev->delegates[a->present[p]];
			if (dl->preferences_count)
				rep->first_choices[dl->preferences[0]]++;
		}
	}
	theme_of = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(int));
	if (!theme_of) {
		a->out_of_memory = true;
		goto out;
	}
	for (size_t i = 0; i < ev->delegates_count; i++)
		theme_of[i] = -1;
	struct theme_flow f = { .theme_of = theme_of };
	alloc_progress(a, "seating by theme", 0);
	bool solved = solve_theme_flow(a, table_theme, true, &f);
	if (!solved && a->had_theme && !a->out_of_memory) {
		/* The tables' themes leave no new theme for everyone (a fixed
		 * table list, say): allow repeats, which the search then keeps few. */
		const char *had = a->had_theme;
		a->had_theme = NULL;
		solved = solve_theme_flow(a, table_theme, true, &f);
		a->had_theme = had;
	}
	if (!solved) {
		if (!a->out_of_memory)
			diag_add(d, DIAG_DATA, ev->path, 0, 0,
				 a->had_theme ? "no seating gives everyone a new theme this round: more rounds than themes, "
						"or pins and needs leave too few seats"
					      : "no seating holds every hard rule: pins and needs leave too few seats; "
						"check the tables that provide what delegates need");
		goto out;
	}
	rep->pref_bound += f.pref_cost;
	if (!state_init(&st, a, table_theme, seat)) {
		a->out_of_memory = true;
		goto out;
	}
	for (size_t j = 0; j < ev->themes_count; j++)
		if (!split_theme(a, &st, (int)j, theme_of)) {
			a->out_of_memory = true;
			goto out;
		}
	local_search(a, &st);
	/* Swaps weighed: about 0.1 s a round on a hundred delegates. */
	meet_fewer_again(a, &st, a->P < 500 ? 2000 * (long)a->P : 1000000);
	ok = report_broken_rules(a, &st);
out:
	if (st.a)
		state_free(&st);
	free(theme_of);
	return ok;
}

/* A round's themes and meetings join the history: had[i * K + j] for theme
 * j, and the round's pair keys (plan_round_pairs), appended unsorted. */
static bool add_round_to_history(struct alloc *a, const struct seating *round, char *had, uint64_t **met,
				 size_t *met_count)
{
	const struct event *ev = a->ev;
	size_t N = ev->delegates_count;
	for (size_t i = 0; had && i < N; i++)
		if (round->seat[i] >= 0 && round->table_theme[round->seat[i]] >= 0)
			had[i * a->K + (size_t)round->table_theme[round->seat[i]]] = 1;
	return plan_round_pairs(round, N, ev->tables_count, met, met_count);
}

/* Sorted, duplicates removed: met_before() looks pairs up by bsearch. */
static size_t sort_history(uint64_t *met, size_t n)
{
	if (!n)
		return 0;
	qsort(met, n, sizeof(uint64_t), plan_compare_keys);
	size_t k = 1;
	for (size_t x = 1; x < n; x++)
		if (met[x] != met[k - 1])
			met[k++] = met[x];
	return k;
}

/* Rounds after the first: the event as the allocator sees it then, every
 * table host (host: true) pinned where round one seated them, so hosts stay
 * at their table all day while everyone else moves on. Returns the copied
 * delegates (to free), NULL when memory runs out. */
static struct delegate *pin_hosts(const struct event *ev, const struct seating *first, struct event *out)
{
	struct delegate *copy = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(*copy));
	if (!copy)
		return NULL;
	memcpy(copy, ev->delegates, ev->delegates_count * sizeof(*copy));
	for (size_t i = 0; i < ev->delegates_count; i++)
		if (copy[i].host && copy[i].pinned_table < 0 && first->seat[i] >= 0)
			copy[i].pinned_table = first->seat[i];
	*out = *ev;
	out->delegates = copy;
	return copy;
}

bool allocate(const struct event *ev, const struct allocate_options *opt, struct plan *plan,
	      struct allocate_report *rep, struct diag_list *d)
{
	struct alloc a = { .ev = ev, .opt = opt, .d = d };
	memset(rep, 0, sizeof(*rep));
	memset(plan, 0, sizeof(*plan));
	/* --rounds wins over the event file's rounds:, so one can try fewer. */
	int wanted = opt && opt->rounds > 0 ? opt->rounds : ev->rounds;
	size_t rounds = wanted > 1 ? (size_t)wanted : 1;
	bool ok = false;
	char *had = NULL;
	uint64_t *met = NULL;
	size_t met_count = 0;
	struct allocate_report later = { 0 };
	struct event with_hosts;
	struct delegate *hosted = NULL;
	rep->tables_per_theme = calloc(ev->themes_count ? ev->themes_count : 1, sizeof(int));
	rep->first_choices = calloc(ev->themes_count ? ev->themes_count : 1, sizeof(long));
	later.tables_per_theme = calloc(ev->themes_count ? ev->themes_count : 1, sizeof(int));
	later.first_choices = calloc(ev->themes_count ? ev->themes_count : 1, sizeof(long));
	if (!rep->tables_per_theme || !rep->first_choices || !later.tables_per_theme || !later.first_choices ||
	    !alloc_setup(&a) || !plan_init(plan, ev, rounds)) {
		a.out_of_memory = true;
		goto out;
	}
	if (!alloc_check_hard_rules(&a))
		goto out;
	const struct history *hist = opt && opt->history && opt->history->tables ? opt->history : NULL;
	if (rounds > 1 &&
	    !(had = calloc(ev->delegates_count * (ev->themes_count ? ev->themes_count : 1) + 1, 1))) {
		a.out_of_memory = true;
		goto out;
	}
	ok = true;
	if (hist) {
		/* Round one already steers clear of whom the series seated together. */
		ok = history_pair_keys(hist, a.N, &met, &met_count);
		met_count = sort_history(met, met_count);
		a.met = met;
		a.met_count = met_count;
		if (!ok)
			a.out_of_memory = true;
	}
	for (size_t r = 0; ok && r < rounds; r++) {
		if (r == 1 && !(hosted = pin_hosts(ev, &plan->rounds[0], &with_hosts)))
			ok = false, a.out_of_memory = true;
		else if (r == 1)
			a.ev = &with_hosts;
		if (r > 0) {
			ok = add_round_to_history(&a, &plan->rounds[r - 1], had, &met, &met_count);
			met_count = sort_history(met, met_count);
			/* New themes each round only while there are themes enough. */
			a.had_theme = rounds <= ev->themes_count ? had : NULL;
			a.had = a.had_theme;
			a.met = met;
			a.met_count = met_count;
			memset(later.tables_per_theme, 0, ev->themes_count * sizeof(int));
			memset(later.first_choices, 0, ev->themes_count * sizeof(long));
		}
		ok = ok && allocate_round(&a, plan->rounds[r].table_theme, plan->rounds[r].seat, r ? &later : rep);
		if (r)
			rep->pref_bound += later.pref_bound, later.pref_bound = 0;
	}
	if (ok && (rounds > 1 || hist)) {
		a.met = NULL;   /* the search counts meetings itself, over all rounds */
		a.had = a.had_theme = NULL;
		ok = rounds_meet_fewer(&a, plan, rounds <= ev->themes_count, hist);
	}
out:
	a.ev = ev;
	free(hosted);
	if (a.out_of_memory)
		diag_add(d, DIAG_IO, ev->path, 0, 0, "out of memory while allocating");
	free(had);
	free(met);
	allocate_report_free(&later);
	alloc_teardown(&a);
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
