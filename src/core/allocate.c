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
	const char *stage;      /* what progress says while it solves */
	struct alloc *a;
};

/* A big event's step 2 takes seconds in one solve: it reports the share
 * of delegates placed so far, and stops when asked. */
static bool flow_interrupt(void *ctx, int64_t flow, int64_t want)
{
	struct theme_flow *f = ctx;
	return alloc_progress(f->a, f->stage, want > 0 ? (double)flow / (double)want : 0);
}

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

/* Ranks from UNLISTED_COST on cost no less than a theme not listed: the
 * stand-in counts them as unlisted (it relaxes step 2, so it may cost
 * less), and step 2 gives such a delegate an arc per theme at its exact
 * cost, where the "anywhere" node would charge them UNLISTED_COST. */
static size_t ranked_count(const struct delegate *d)
{
	return d->preferences_count < UNLISTED_COST ? d->preferences_count : UNLISTED_COST;
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

/* What every solve of step 2 for one choice of table themes shares: the
 * themes' tables and bands, each organisation's members, and which
 * organisations have nodes of their own. */
struct step2 {
	struct alloc *a;
	const int *table_theme;
	bool force_pins;
	int *k;                 /* per theme: tables */
	long *lo, *hi, *cap;    /* per theme: size band and capacity */
	int *org_role;          /* per organisation: its first member's role, -1: none present */
	int *by_org;            /* present delegates, organisation by organisation */
	int *org_start;         /* per organisation, and one past: where its members start in by_org */
	bool *has_node;         /* per organisation: has nodes of its own */
	int *tally;             /* per theme: scratch, all 0 between uses */
	/* Built for warm re-solves (step2_warm_*): every theme has its arcs
	 * (capacity 0 without tables) and an organisation with nodes has them
	 * at every theme, a layer per member, so a theme's tables are arc
	 * capacities alone. */
	bool superset;
	/* The graph last built, for reading its flow back (step2_graph_free). */
	int *order, *group_of;  /* present delegates in group order; per place: its group */
	int *org_node;          /* per organisation: its index among those with nodes, or -1 */
	int *binding_org;       /* the organisations with nodes */
	int *org_at;            /* theme * binding + b: (theme, organisation) node, or -1 */
	int *group_arc;         /* group * (K + 1) + theme (K: to an anywhere node), or -1 */
	int *any_arc;           /* anywhere node * K + theme, or -1 */
	int groups, binding, families, any0;
	int *theme_arc;         /* per theme with arcs: 3 size arcs then 3 per role */
	int *layer_arc;         /* per theme and organisation with nodes: first layer, or -1 */
	int *layer_n;           /* per theme and organisation with nodes: its layers */
	/* Per organisation: every layer its nodes may need. Else they stop one
	 * past the organisation limit (see step2_more_layers). */
	bool *all_layers;
	bool layers_cut;        /* the graph last built left some layers out */
};

/* The layers organisation o's node at theme j may fill: no more than the
 * theme has seats for. */
static int layers_needed(const struct step2 *s, size_t o, size_t j)
{
	int n = s->a->org_n[o];
	return ceil_div_int(n < s->cap[j] ? n : (int)s->cap[j], s->k[j]);
}

static void step2_graph_free(struct step2 *s)
{
	free(s->order);
	free(s->group_of);
	free(s->org_node);
	free(s->binding_org);
	free(s->org_at);
	free(s->group_arc);
	free(s->any_arc);
	free(s->theme_arc);
	free(s->layer_arc);
	free(s->layer_n);
	s->order = s->group_of = s->org_node = s->binding_org = s->org_at = NULL;
	s->group_arc = s->any_arc = s->theme_arc = s->layer_arc = s->layer_n = NULL;
}

/* Builds step 2's graph in gp, with nodes for the organisations
 * s->has_node names, keeping what reading the flow back needs in s. False
 * when memory runs out (then a->out_of_memory). */
static bool step2_build(struct step2 *s, struct mcf *gp)
{
	struct alloc *a = s->a;
	const struct event *ev = a->ev;
	const int *table_theme = s->table_theme, *k = s->k, *org_role = s->org_role;
	bool force_pins = s->force_pins, all = s->superset;
	size_t K = a->K, R = a->R, T = a->T, P = a->P;
	step2_graph_free(s);
	s->layers_cut = false;
	s->org_node = malloc((a->O ? a->O : 1) * sizeof(int));
	s->order = malloc((P ? P : 1) * sizeof(int));
	s->group_of = malloc((P ? P : 1) * sizeof(int));
	if (!s->org_node || !s->order || !s->group_of)
		goto oom;
	int *org_node = s->org_node, *order = s->order, *group_of = s->group_of;
	/* An organisation has nodes of its own only where its members would
	 * otherwise crowd a theme (more of them than it has tables). */
	int binding = 0;
	for (size_t o = 0; o < a->O; o++)
		org_node[o] = s->has_node[o] ? binding++ : -1;
	s->binding = binding;
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
	s->groups = groups;
	s->binding_org = malloc((size_t)(binding ? binding : 1) * sizeof(int));
	s->org_at = malloc((size_t)(binding ? binding : 1) * (K ? K : 1) * sizeof(int));
	s->theme_arc = malloc((K ? K : 1) * (3 + 3 * R) * sizeof(int));
	s->layer_arc = malloc((size_t)(binding ? binding : 1) * (K ? K : 1) * sizeof(int));
	s->layer_n = malloc((size_t)(binding ? binding : 1) * (K ? K : 1) * sizeof(int));
	if (!s->binding_org || !s->org_at || !s->theme_arc || !s->layer_arc || !s->layer_n)
		goto oom;
	int *binding_org = s->binding_org, *org_at = s->org_at;
	for (size_t o = 0; o < a->O; o++)
		if (org_node[o] >= 0)
			binding_org[org_node[o]] = (int)o;
	/* Nodes: s, t, themes, (theme, role), (theme, organisation), two
	 * "anywhere" nodes per role and organisation with nodes (see below),
	 * groups. A (theme, organisation) node only where the theme has fewer
	 * tables than the organisation members: elsewhere an even split leaves
	 * no pair, and its members go straight to their role. An
	 * organisation's nodes lead into the role of its first member; the rare
	 * member of another role goes straight to that role's node. */
	int S = 0, Tn = 1, theme0 = 2, role0 = theme0 + (int)K, org0 = role0 + (int)(K * R);
	int org_nodes = 0, layer_arcs = 0;
	for (size_t j = 0; j < K; j++)
		for (int b = 0; b < binding; b++) {
			int o = binding_org[b];
			bool node = org_role[o] >= 0 && (all || (k[j] && k[j] < a->org_n[o]));
			org_at[j * (size_t)binding + (size_t)b] = node ? org0 + org_nodes++ : -1;
			layer_arcs += node ? a->org_n[o] : 0;
		}
	/* Anywhere nodes: one per role and organisation with nodes at the
	 * unlisted cost, then the same at no cost for those without a list. */
	int families = (int)(R ? R : 1) + binding;
	int any0 = org0 + org_nodes, group0 = any0 + 2 * families;
	s->families = families;
	s->any0 = any0;
	if (mcf_clear(gp, group0 + groups) != 0 ||
	    mcf_reserve(gp, groups * 5 + (int)(K * (R + 1) * 3) + layer_arcs + 2 * families * (int)K) != 0)
		goto oom;
	struct weights w = make_weights(P);
	for (size_t j = 0; j < K; j++) {
		if (!k[j] && !all)
			continue;
		int node = theme0 + (int)j;
		int *arcs = &s->theme_arc[j * (3 + 3 * R)];
		/* Size: reward filling the band's floor, free up to its top, then a
		 * penalty up to the capacity: convex, so the flow is exact. */
		*arcs++ = mcf_add_arc(gp, node, Tn, s->lo[j], -w.size);
		*arcs++ = mcf_add_arc(gp, node, Tn, s->hi[j] - s->lo[j], 0);
		*arcs++ = mcf_add_arc(gp, node, Tn, s->cap[j] - s->hi[j], w.size);
		for (size_t r = 0; r < R; r++) {
			int rn = role0 + (int)(j * R + r);
			long rlo = (long)k[j] * a->lo_r[r], rhi = (long)k[j] * a->hi_r[r];
			*arcs++ = mcf_add_arc(gp, rn, node, rlo, -w.role);
			*arcs++ = mcf_add_arc(gp, rn, node, rhi - rlo, 0);
			*arcs++ = mcf_add_arc(gp, rn, node, k[j] ? (int64_t)P : 0, w.role);
		}
	}
	for (int b = 0; b < binding; b++) {
		size_t o = (size_t)binding_org[b];
		int role = org_role[o];
		int ceil_o = alloc_org_allowed(a, o);
		for (size_t j = 0; j < K; j++) {
			/* Layer q holds k_j members, each adding q same-organisation
			 * pairs (an even split inside the theme); layers at or past
			 * ceil(k/T) also break the organisation limit. */
			size_t at = j * (size_t)binding + (size_t)b;
			int on = org_at[at];
			s->layer_arc[at] = -1;
			s->layer_n[at] = 0;
			if (on < 0)
				continue;
			/* Built for warm re-solves, one a member, whatever the
			 * tables. Past the limit only one, till a solve fills it: a
			 * theme of one table would have a layer a member, almost
			 * never used. */
			int layers = all ? a->org_n[o] : layers_needed(s, o, j);
			if (!all && !s->all_layers[o] && layers > ceil_o + 1) {
				layers = ceil_o + 1;
				s->layers_cut = true;
			}
			s->layer_n[at] = layers;
			for (int q = 0; q < layers; q++) {
				int ax = mcf_add_arc(gp, on, role0 + (int)(j * R + (size_t)role), k[j],
						     w.pair * q + (q >= ceil_o ? w.excess : 0));
				if (q == 0)
					s->layer_arc[at] = ax;
			}
		}
	}
	s->group_arc = malloc((size_t)(groups ? groups : 1) * (K + 1) * sizeof(int));
	s->any_arc = malloc((size_t)families * 2 * (K ? K : 1) * sizeof(int));
	if (!s->group_arc || !s->any_arc)
		goto oom;
	int *group_arc = s->group_arc, *any_arc = s->any_arc;
	/* Every theme a delegate did not list costs the same, so a group has
	 * arcs to its listed themes only and one to the "anywhere" node of its
	 * role (or organisation), which reaches every theme at the unlisted
	 * cost: arcs grow with delegates plus themes, not their product. Groups
	 * whose themes are restricted (pins, needs, themes had) keep an arc per
	 * theme. */
	for (int x = 0; x < 2 * families; x++) {
		int fam = x % families;
		for (size_t j = 0; j < K; j++) {
			int target = fam < (int)(R ? R : 1) ? -1 : org_at[j * (size_t)binding + (size_t)(fam - (int)(R ? R : 1))];
			if (target < 0)
				target = role0 + (int)(j * R + (size_t)(fam < (int)(R ? R : 1) ? fam : org_role[binding_org[fam - (int)(R ? R : 1)]]));
			any_arc[(size_t)x * K + j] =
				k[j] || all ? mcf_add_arc(gp, any0 + x, target, (int64_t)P, x < families ? UNLISTED_COST : 0) : -1;
		}
	}
	for (size_t p = 0, start = 0; p < P; p = start) {
		int grp = group_of[p];
		for (start = p; start < P && group_of[start] == grp; start++)
			;
		const struct delegate *d = &ev->delegates[order[p]];
		int gn = group0 + grp;
		bool by_org = org_node[d->org] >= 0 && org_role[d->org] == d->role;
		bool each_theme = must_stand_alone(d, force_pins) || a->had_theme || ranked_count(d) < d->preferences_count;
		mcf_add_arc(gp, S, gn, (int64_t)(start - p), 0);
		group_arc[(size_t)grp * (K + 1) + K] = -1;
		if (!each_theme)
			group_arc[(size_t)grp * (K + 1) + K] =
				mcf_add_arc(gp, gn, any0 + (by_org ? (int)(R ? R : 1) + org_node[d->org]
								   : (d->role >= 0 ? d->role : 0)) +
							    (d->preferences_count ? 0 : families),
					    (int64_t)(start - p), 0);
		for (size_t j = 0; j < K; j++) {
			group_arc[(size_t)grp * (K + 1) + j] = -1;
			if (!k[j] && !all)
				continue;
			if (!each_theme && (!d->preferences_count || preference_cost(d, (int)j) == UNLISTED_COST))
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
			int target = by_org ? org_at[j * (size_t)binding + (size_t)org_node[d->org]] : -1;
			if (target < 0)
				target = role0 + (int)(j * R + (size_t)(d->role >= 0 ? d->role : 0));
			group_arc[(size_t)grp * (K + 1) + j] = mcf_add_arc(gp, gn, target, (int64_t)(start - p),
									   preference_cost(d, (int)j));
		}
	}
	if (gp->arcs_capacity == 0 && P > 0)
		goto oom;
	return true;
oom:
	a->out_of_memory = true;
	return false;
}

/* Reads the solved flow of step 2's graph back: the cost, each delegate's
 * theme and the preference cost. False when memory runs out. */
static bool step2_read(struct step2 *s, const struct mcf *gp, mcf_cost total, struct theme_flow *f, int *theme_of)
{
	struct alloc *a = s->a;
	const struct event *ev = a->ev;
	size_t K = a->K, P = a->P;
	int families = s->families, any0 = s->any0;
	const int *order = s->order, *group_of = s->group_of, *group_arc = s->group_arc, *any_arc = s->any_arc;
	f->cost = total;
	f->pref_cost = 0;
	/* What went through an anywhere node is shared out in theme order: in
	 * an optimal flow no group sends someone there while a theme it listed
	 * draws from it (the listed arc would be cheaper), so any sharing is
	 * a seating of the same cost. */
	int64_t *any_left = calloc((size_t)families * 2 * (K ? K : 1), sizeof(int64_t));
	size_t *any_next = calloc((size_t)families * 2, sizeof(size_t));
	if (!any_left || !any_next) {
		free(any_left);
		free(any_next);
		a->out_of_memory = true;
		return false;
	}
	for (size_t x = 0; x < (size_t)families * 2 * K; x++)
		any_left[x] = any_arc[x] >= 0 ? mcf_flow(gp, any_arc[x]) : 0;
	for (size_t p = 0, start = 0; p < P; p = start) {
		int grp = group_of[p];
		for (start = p; start < P && group_of[start] == grp; start++)
			;
		const struct delegate *d = &ev->delegates[order[p]];
		size_t next = p;
		for (size_t j = 0; j < K; j++) {
			int arc = group_arc[(size_t)grp * (K + 1) + j];
			if (arc < 0)
				continue;
			int64_t units = mcf_flow(gp, arc);
			f->pref_cost += (long)units * preference_cost(d, (int)j);
			for (int64_t u = 0; u < units && next < start; u++, next++)
				theme_of[order[next]] = (int)j;
		}
		int arc = group_arc[(size_t)grp * (K + 1) + K];
		if (arc < 0)
			continue;
		int64_t units = mcf_flow(gp, arc);
		int fam = mcf_arc_head(gp, arc) - any0;
		f->pref_cost += fam < families ? (long)units * UNLISTED_COST : 0;
		while (units > 0 && any_next[fam] < K) {
			int64_t *left = &any_left[(size_t)fam * K + any_next[fam]];
			if (*left == 0) {
				any_next[fam]++;
				continue;
			}
			(*left)--;
			units--;
			if (next < start)
				theme_of[order[next++]] = (int)any_next[fam];
		}
	}
	free(any_left);
	free(any_next);
	return true;
}

/* One solve of step 2, with nodes for the organisations s->has_node names.
 * Fills f and theme_of (per delegate). False when the flow cannot seat
 * everyone or memory runs out (then a->out_of_memory). */
static bool solve_with_org_nodes(struct step2 *s, struct mcf *gp, struct theme_flow *f, int *theme_of)
{
	struct alloc *a = s->a;
	if (!step2_build(s, gp))
		return false;
	mcf_cost total;
	f->a = a;
	gp->interrupt = flow_interrupt;
	gp->interrupt_ctx = f;
	int64_t flow = mcf_solve(gp, 0, 1, (int64_t)a->P, &total);
	gp->interrupt = NULL;
	if (flow < 0)
		a->out_of_memory = true;
	if (flow != (int64_t)a->P || a->stopped)
		return false;
	return step2_read(s, gp, total, f, theme_of);
}

/* Gives organisations nodes of their own where more of their members (of
 * their node's role) sit at a theme than it has tables: by theme_of, or
 * with theme_of NULL by the themes they list. Returns how many are new. */
static long mark_crowded(struct step2 *s, const int *theme_of)
{
	const struct event *ev = s->a->ev;
	long added = 0;
	for (size_t o = 0; o < s->a->O; o++) {
		if (s->a->org_n[o] < 2 || s->has_node[o])
			continue;
		const int *m = s->by_org + s->org_start[o], *end = s->by_org + s->org_start[o + 1];
		/* Twice over the members: count, then look and clear. */
		for (int pass = 0; pass < 2; pass++)
			for (const int *i = m; i < end; i++) {
				const struct delegate *d = &ev->delegates[*i];
				if (d->role != s->org_role[o])
					continue;
				size_t n = theme_of ? 1 : d->preferences_count;
				for (size_t x = 0; x < n; x++) {
					int j = theme_of ? theme_of[*i] : d->preferences[x];
					if (j < 0)
						continue;
					if (!pass) {
						s->tally[j]++;
						continue;
					}
					if (s->tally[j] > s->k[j] && s->k[j] > 0 && !s->has_node[o]) {
						s->has_node[o] = true;
						added++;
					}
					s->tally[j] = 0;
				}
			}
	}
	return added;
}

/* An organisation whose node at some theme filled the last layer it was
 * built with, one past the organisation limit, gets every layer at the
 * next solve: returns how many. Where that layer has room, the missing
 * ones, each dearer, would have a positive reduced cost, so the flow is
 * the optimum with every layer. */
static long step2_more_layers(struct step2 *s, const struct mcf *gp)
{
	struct alloc *a = s->a;
	long added = 0;
	for (int b = 0; b < s->binding && !s->superset; b++) {
		size_t o = (size_t)s->binding_org[b];
		for (size_t j = 0; j < a->K && !s->all_layers[o]; j++) {
			size_t at = j * (size_t)s->binding + (size_t)b;
			if (s->layer_arc[at] < 0 || s->layer_n[at] >= layers_needed(s, o, j))
				continue;
			if (mcf_flow(gp, s->layer_arc[at] + 2 * (s->layer_n[at] - 1)) >= s->k[j]) {
				s->all_layers[o] = true;
				added++;
			}
		}
	}
	return added;
}

/* Tries of mark_crowded before every organisation gets its nodes (the
 * full model). */
#define CROWDED_ROUNDS 6

static void step2_free(struct step2 *s)
{
	step2_graph_free(s);
	free(s->k);
	free(s->lo);
	free(s->hi);
	free(s->cap);
	free(s->tally);
	free(s->org_role);
	free(s->by_org);
	free(s->org_start);
	free(s->has_node);
	free(s->all_layers);
	memset(s, 0, sizeof(*s));
}

/* What every solve for these table themes shares: tables per theme and
 * organisations' members. False when memory runs out. */
static bool step2_init(struct step2 *s, struct alloc *a, const int *table_theme, bool force_pins, bool superset)
{
	const struct event *ev = a->ev;
	size_t K = a->K, T = a->T, P = a->P, O = a->O;
	memset(s, 0, sizeof(*s));
	s->a = a;
	s->table_theme = table_theme;
	s->force_pins = force_pins;
	s->superset = superset;
	s->k = calloc(K ? K : 1, sizeof(int));
	s->lo = calloc(K ? K : 1, sizeof(long));
	s->hi = calloc(K ? K : 1, sizeof(long));
	s->cap = calloc(K ? K : 1, sizeof(long));
	s->tally = calloc(K ? K : 1, sizeof(int));
	s->org_role = malloc((O ? O : 1) * sizeof(int));
	s->by_org = malloc((P ? P : 1) * sizeof(int));
	s->org_start = calloc(O + 2, sizeof(int));
	s->has_node = calloc(O ? O : 1, sizeof(bool));
	s->all_layers = calloc(O ? O : 1, sizeof(bool));
	if (!s->k || !s->lo || !s->hi || !s->cap || !s->tally || !s->org_role || !s->by_org || !s->org_start ||
	    !s->has_node || !s->all_layers) {
		a->out_of_memory = true;
		return false;
	}
	for (size_t t = 0; t < T; t++) {
		int th = table_theme[t];
		if (th < 0)
			continue;
		s->k[th]++;
		s->lo[th] += a->lo_t[t];
		s->hi[th] += a->hi_t[t];
		s->cap[th] += ev->tables[t].capacity;
	}
	/* Members by organisation (a counting sort) and each one's role. */
	for (size_t o = 0; o < O; o++)
		s->org_role[o] = -1;
	for (size_t p = 0; p < P; p++) {
		const struct delegate *d = &ev->delegates[a->present[p]];
		if (s->org_role[d->org] < 0)
			s->org_role[d->org] = d->role;
		s->org_start[d->org + 2]++;
	}
	for (size_t o = 0; o < O; o++)
		s->org_start[o + 2] += s->org_start[o + 1];
	for (size_t p = 0; p < P; p++)
		s->by_org[s->org_start[ev->delegates[a->present[p]].org + 1]++] = a->present[p];
	return true;
}

/* Solves step 2 on s's themes into gp, giving organisations nodes lazily
 * (see solve_theme_flow). The graph stays in gp, s knows its arcs. */
static bool step2_solve(struct step2 *s, struct mcf *gp, struct theme_flow *f, int *theme_of)
{
	struct alloc *a = s->a;
	for (size_t i = 0; i < a->ev->delegates_count; i++)
		theme_of[i] = -1;
	mark_crowded(s, NULL);
	/* Each solve reports its share from 0: a solve after the first says
	 * which it is, so the share shown never goes back within a stage. */
	const char *stage = f->stage;
	char again[96];
	bool ok = true;
	for (int round = 0;; round++) {
		if (round > 0 && stage) {
			snprintf(again, sizeof(again), "%s, solve %d (organisations spread)", stage, round + 1);
			f->stage = again;
		}
		if (!solve_with_org_nodes(s, gp, f, theme_of)) {
			/* Pins can crowd a theme past the layers built: all of them. */
			if (a->stopped || a->out_of_memory || !s->layers_cut) {
				ok = false;
				break;
			}
			for (size_t o = 0; o < a->O; o++)
				s->all_layers[o] = true;
			continue;
		}
		long more = step2_more_layers(s, gp);
		if (mark_crowded(s, theme_of) + more == 0)
			break;
		if (round == CROWDED_ROUNDS)   /* the full model: nobody left to crowd */
			for (size_t o = 0; o < a->O; o++) {
				s->has_node[o] = a->org_n[o] > 1;
				s->all_layers[o] = true;
			}
	}
	f->stage = stage;
	return ok;
}

/* Solves step 2 for the given table themes. With force_pins, pinned
 * delegates go to their table's theme. Fills f (theme_of may be NULL to
 * only get the cost). Returns false when the flow cannot seat everyone.
 *
 * Organisations get nodes of their own lazily: first those whose members'
 * lists would crowd a theme (more of them list it than it has tables),
 * then, solve by solve, those the flow seated so. An organisation without
 * nodes costs nothing at a theme while it holds at most one member a table
 * (the first layer is free), so once the flow crowds no theme with one,
 * it is the optimum of the full model, where every organisation has its
 * nodes: the graph stays near the size of delegates plus themes, where
 * every organisation's nodes made it organisations times themes. */
static bool solve_theme_flow(struct alloc *a, const int *table_theme, bool force_pins,
			     struct theme_flow *f)
{
	const struct event *ev = a->ev;
	struct step2 s = { 0 };
	int *theme_of = f->theme_of ? f->theme_of : malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(int));
	bool ok = theme_of && step2_init(&s, a, table_theme, force_pins, false) &&
		  step2_solve(&s, &a->flow, f, theme_of);
	if (!theme_of)
		a->out_of_memory = true;
	if (theme_of != f->theme_of)
		free(theme_of);
	step2_free(&s);
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

/* Count mode, every table alike: the capacity of a theme's x-th band arc
 * with k tables, the size band's three (floor, band, over) then each
 * role's three, as step 2 and its stand-in lay them out. */
static int64_t theme_band_cap(const struct alloc *a, long k, size_t x)
{
	int64_t lo = a->lo_t[0], hi = a->hi_t[0], cap = a->ev->tables[0].capacity;
	if (x < 3)
		return x == 0 ? k * lo : x == 1 ? k * (hi - lo) : k * (cap - hi);
	size_t r = (x - 3) / 3;
	switch ((x - 3) % 3) {
	case 0:
		return k * a->lo_r[r];
	case 1:
		return k * (a->hi_r[r] - a->lo_r[r]);
	default:
		return k ? (int64_t)a->P : 0;
	}
}

/* A quick stand-in for step 2 when judging table counts: delegates grouped
 * by role and ranked themes only (no organisations, pins or needs), built
 * once. A group has arcs to its listed themes only, and one to its role's
 * "anywhere" node, which reaches every theme at the unlisted cost: the
 * graph grows with delegates plus themes, not their product. Table counts
 * are capacities of the band arcs: reset them and solve again, or change
 * them on the solved flow and re-solve warm (mcf_warm_*). */
struct theme_proxy {
	struct mcf g;
	int *size_arcs;         /* per theme: floor, band, over-band arcs */
	int *role_arcs;         /* per theme and role: the same three */
	int *any_arcs;          /* per role and theme: anywhere node -> (theme, role) */
	struct weights w;
	/* Per group: a member, its first arc to a theme (the arcs of a group
	 * are consecutive: listed themes in rank order, or every theme for a
	 * group without a list), and its arc to the anywhere node (-1: none).
	 * In later rounds a group (alike in themes had too) has no arc to a
	 * theme it had (room 0), and in place of the anywhere arc one to each
	 * unlisted theme it has not had: unlisted_n[gi] of them, after its
	 * listed ones. */
	size_t groups;
	int *rep, *first_arc, *any_arc, *unlisted_n;
	const char *had;        /* a->had_theme: themes had, per delegate; NULL: none */
};

/* Whether theme j binds group member d as one had already: not for hosts
 * pinned to their table (step 2 lets them sit at a theme again). */
static bool proxy_had(const struct alloc *a, const char *had, int d, size_t j)
{
	return had && a->ev->delegates[d].pinned_table < 0 && had[(size_t)d * a->K + j];
}

static const struct alloc *proxy_ctx;

static int compare_role_preferences(const void *pa, const void *pb)
{
	int i = *(const int *)pa, j = *(const int *)pb;
	const struct delegate *x = &proxy_ctx->ev->delegates[i], *y = &proxy_ctx->ev->delegates[j];
	if (x->role != y->role)
		return x->role < y->role ? -1 : 1;
	int c = compare_preferences(x, y);
	if (!c)
		c = compare_history(proxy_ctx, i, j);
	return c ? c : (i > j) - (i < j);
}

/* Built with `had` (a->had_theme or NULL): the stand-in of a later round
 * keeps its rule that nobody sits at a theme twice, else the search gives
 * the tables to the themes most wanted in round one again, round after
 * round, and step 2 finds no seating without repeats (1,000 delegates at
 * 100 tables over 20 themes, 8 rounds: 1,240 themes twice). */
static bool proxy_build(struct alloc *a, struct theme_proxy *px, const char *had)
{
	const struct event *ev = a->ev;
	size_t K = a->K, R = a->R ? a->R : 1, P = a->P;
	memset(px, 0, sizeof(*px));
	px->w = make_weights(P);
	px->had = had;
	int *order = malloc((P ? P : 1) * sizeof(int));
	px->size_arcs = malloc((K ? K : 1) * 3 * sizeof(int));
	px->role_arcs = malloc((K ? K : 1) * R * 3 * sizeof(int));
	if (!order || !px->size_arcs || !px->role_arcs) {
		free(order);
		return false;
	}
	memcpy(order, a->present, P * sizeof(int));
	proxy_ctx = a;
	qsort(order, P, sizeof(int), compare_role_preferences);
	size_t groups = 0, listed = 0;
	int theme0 = 2, role0 = theme0 + (int)K, any0 = role0 + (int)(K * R), group0 = any0 + (int)R;
	/* Count groups: a new one where role or ranked themes change. */
	for (size_t p = 0; p < P; p++) {
		const struct delegate *x = &ev->delegates[order[p]];
		const struct delegate *y = p ? &ev->delegates[order[p - 1]] : NULL;
		if (!y || x->role != y->role || compare_preferences(x, y) != 0 ||
		    (had && compare_history(a, order[p], order[p - 1]) != 0)) {
			groups++;
			listed += x->preferences_count ? ranked_count(x) + (had ? K : 0) : K;
		}
	}
	px->groups = groups;
	px->any_arcs = malloc((K ? K : 1) * R * sizeof(int));
	px->rep = malloc((groups ? groups : 1) * sizeof(int));
	px->first_arc = malloc((groups ? groups : 1) * sizeof(int));
	px->any_arc = malloc((groups ? groups : 1) * sizeof(int));
	px->unlisted_n = calloc(groups ? groups : 1, sizeof(int));
	bool ok = px->any_arcs && px->rep && px->first_arc && px->any_arc && px->unlisted_n &&
		  mcf_init(&px->g, group0 + (int)groups) == 0 &&
		  mcf_reserve(&px->g, (int)(groups * 2 + listed + K * R * 4 + K * 3)) == 0;
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
			px->any_arcs[r * K + j] = mcf_add_arc(&px->g, any0 + (int)r, rn, (int64_t)P, UNLISTED_COST);
		}
	}
	int group = group0 - 1;
	for (size_t p = 0, start; ok && p < P; p = start) {
		const struct delegate *x = &ev->delegates[order[p]];
		for (start = p + 1; start < P; start++) {
			const struct delegate *y = &ev->delegates[order[start]];
			if (y->role != x->role || compare_preferences(x, y) != 0 ||
			    (had && compare_history(a, order[p], order[start]) != 0))
				break;
		}
		group++;
		int64_t n = (int64_t)(start - p);
		size_t role = (size_t)(x->role >= 0 ? x->role : 0);
		size_t gi = (size_t)(group - group0);
		mcf_add_arc(&px->g, 0, group, n, 0);
		px->rep[gi] = order[p];
		px->first_arc[gi] = px->g.arcs;
		px->any_arc[gi] = -1;
		if (!x->preferences_count) {   /* no list: every theme costs 0 */
			for (size_t j = 0; j < K; j++)
				mcf_add_arc(&px->g, group, role0 + (int)(j * R + role),
					    proxy_had(a, had, order[p], j) ? 0 : n, 0);
			continue;
		}
		for (size_t k = 0; k < ranked_count(x); k++)
			mcf_add_arc(&px->g, group, role0 + (int)((size_t)x->preferences[k] * R + role),
				    proxy_had(a, had, order[p], (size_t)x->preferences[k]) ? 0 : n,
				    preference_cost(x, x->preferences[k]));
		if (!had) {
			px->any_arc[gi] = mcf_add_arc(&px->g, group, any0 + (int)role, n, 0);
			continue;
		}
		for (size_t j = 0; j < K; j++)
			if (preference_cost(x, (int)j) >= (int)ranked_count(x) && !proxy_had(a, had, order[p], j)) {
				mcf_add_arc(&px->g, group, role0 + (int)(j * R + role), n, UNLISTED_COST);
				px->unlisted_n[gi]++;
			}
	}
	free(order);
	return ok && mcf_snapshot(&px->g) == 0;
}

static void proxy_free(struct theme_proxy *px)
{
	mcf_free(&px->g);
	free(px->size_arcs);
	free(px->role_arcs);
	free(px->any_arcs);
	free(px->rep);
	free(px->first_arc);
	free(px->any_arc);
	free(px->unlisted_n);
}

/* Theme j's band arcs for k tables (count mode: all tables alike, so table
 * 0 stands for every table), on a reset graph or, warm, on a solved one. */
static int proxy_set_arc(struct theme_proxy *px, int arc, int64_t cap, bool warm)
{
	if (!warm) {
		mcf_set_capacity(&px->g, arc, cap);
		return 0;
	}
	return mcf_warm_set_capacity(&px->g, arc, cap);
}

static int proxy_set_theme(struct alloc *a, struct theme_proxy *px, size_t j, long k, bool warm)
{
	int r = 0;
	for (size_t x = 0; x < 3 && !r; x++)
		r = proxy_set_arc(px, px->size_arcs[j * 3 + x], theme_band_cap(a, k, x), warm);
	for (size_t x = 0; x < 3 * a->R && !r; x++)
		r = proxy_set_arc(px, px->role_arcs[j * a->R * 3 + x], theme_band_cap(a, k, 3 + x), warm);
	return r;
}

/* The preference cost of the stand-in's current flow: the themes chosen
 * with organisations, pins and needs ignored. Group arcs never change
 * capacity, so their flow holds after warm re-solves. */
static long proxy_preference(const struct alloc *a, const struct theme_proxy *px)
{
	long sum = 0;
	for (size_t gi = 0; gi < px->groups; gi++) {
		const struct delegate *x = &a->ev->delegates[px->rep[gi]];
		for (size_t k = 0; k < ranked_count(x); k++)
			sum += (long)mcf_flow(&px->g, px->first_arc[gi] + 2 * (int)k) *
			       preference_cost(x, x->preferences[k]);
		if (px->any_arc[gi] >= 0)
			sum += (long)mcf_flow(&px->g, px->any_arc[gi]) * UNLISTED_COST;
		for (int u = 0; u < px->unlisted_n[gi]; u++)
			sum += (long)mcf_flow(&px->g, px->first_arc[gi] + 2 * ((int)ranked_count(x) + u)) * UNLISTED_COST;
	}
	return sum;
}

/* Step 2's cost, roughly, for per[j] tables per theme, solved afresh. */
static mcf_cost proxy_cost(struct alloc *a, struct theme_proxy *px, const int *per)
{
	mcf_reset(&px->g);
	for (size_t j = 0; j < a->K; j++)
		proxy_set_theme(a, px, j, per[j], false);
	mcf_cost cost = 0;
	if (mcf_solve(&px->g, 0, 1, (int64_t)a->P, &cost) != (int64_t)a->P)
		return COST_NONE;
	return cost;
}

/* Theme `up` given one table more and `down` one fewer (-1: none), on the
 * solved stand-in, then re-solved warm: quick for a value only (see
 * mcf_warm_rebalance_below), else for a flow to keep. */
static int proxy_rebalance(struct alloc *a, struct theme_proxy *px, const int *per, int up, int down,
			   bool quick, mcf_cost below)
{
	mcf_warm_mark(&px->g);
	if ((up >= 0 && proxy_set_theme(a, px, (size_t)up, per[up] + 1, true) != 0) ||
	    (down >= 0 && proxy_set_theme(a, px, (size_t)down, per[down] - 1, true) != 0))
		return -1;
	return quick ? mcf_warm_rebalance_below(&px->g, below) : mcf_warm_rebalance(&px->g);
}

/* Tables of up to this many seats keep the slow re-solve of a move kept
 * (proxy_warm_below); larger ones keep the quick one's flow. */
#define CANONICAL_FLOW_SEATS 12

/* The stand-in's cost with theme `up` given one table more and `down` one
 * fewer (-1: none), re-solved warm from the current flow; COST_NONE where
 * nothing fits or the cost could not go below `below` (the re-solve stops
 * as soon as that is sure: most moves tried lose, and most show it early).
 * With keep, the new flow stays when it is feasible; else everything is
 * undone.
 * A move judged quickly and kept is, at tables of up to 12, solved again
 * the slow way, so the flow kept, which the estimates read, is the one it
 * always was: both are optimal, but the search follows the estimates, and
 * keeping the quick flow there moved the bench rows tuned on this path
 * (110/12 k20 48 -> 62, 10000/1000 k40 10 -> 11; 6 better and 10 worse of
 * 421 bench/plans.py events). At larger tables that second solve reroutes
 * a whole table of people (at 50 tables of 202 over 100 themes it was 3.2G
 * of 6.8G instructions), so the quick flow is kept: 160 random events with
 * tables of 16 to 200 gave 7 plans better, 8 worse, 145 the same. */
static mcf_cost proxy_warm_below(struct alloc *a, struct theme_proxy *px, const int *per, int up, int down,
				 bool keep, mcf_cost below, bool *oom)
{
	bool canonical = a->ev->tables[0].capacity <= CANONICAL_FLOW_SEATS;
	bool quick = !keep || below != COST_NONE || !canonical;
	int r = proxy_rebalance(a, px, per, up, down, quick, below);
	if (r == 1 && keep && quick && canonical) {
		mcf_warm_undo(&px->g);
		r = proxy_rebalance(a, px, per, up, down, false, COST_NONE);
	}
	if (r < 0)
		*oom = true;
	mcf_cost c = r == 1 ? px->g.total : COST_NONE;
	if (r != 1 || !keep)
		mcf_warm_undo(&px->g);
	return c;
}

static mcf_cost proxy_warm(struct alloc *a, struct theme_proxy *px, const int *per, int up, int down,
			   bool keep, bool *oom)
{
	return proxy_warm_below(a, px, per, up, down, keep, COST_NONE, oom);
}

/* Preference costs run from 0 to UNLISTED_COST, so a change of one
 * delegate's cost lies in [-UNLISTED_COST, UNLISTED_COST]: histograms. */
#define DELTAS (2 * UNLISTED_COST + 1)

/* What moving one table from theme f to theme t would gain, estimated from
 * the stand-in's current flow without solving: the `lo` largest gains of
 * delegates elsewhere who rank t above where they sit, less the `lo`
 * smallest losses of delegates at f moving to their next best theme.
 * gain[t * DELTAS + d] and loss[f * DELTAS + d] count delegates by change
 * d + UNLISTED_COST. The estimate of a move is what t gains less what f
 * loses: into[t] - out_of[f] (move_estimate). */
static bool proxy_estimates(struct alloc *a, struct theme_proxy *px, long *gain, long *loss, mcf_cost *into,
			    mcf_cost *out_of)
{
	const struct event *ev = a->ev;
	size_t K = a->K, R = a->R ? a->R : 1;
	int role0 = 2 + (int)K;   /* as proxy_build lays the nodes out */
	memset(gain, 0, K * DELTAS * sizeof(long));
	memset(loss, 0, K * DELTAS * sizeof(long));
	int64_t *any_left = malloc(K * R * sizeof(int64_t));
	size_t *any_next = calloc(R, sizeof(size_t));
	if (!any_left || !any_next) {
		free(any_left);
		free(any_next);
		return false;
	}
	for (size_t x = 0; x < K * R; x++)
		any_left[x] = mcf_flow(&px->g, px->any_arcs[x]);
	for (size_t gi = 0; gi < px->groups; gi++) {
		const struct delegate *d = &ev->delegates[px->rep[gi]];
		size_t listed = ranked_count(d);
		if (!listed)
			continue;   /* every theme costs them 0: no gain, no loss */
		size_t role = (size_t)(d->role >= 0 ? d->role : 0);
		/* Each delegate sits at a listed theme (rank c) or an unlisted
		 * one: from the anywhere node, or in later rounds by an arc of
		 * the group's own (one for each unlisted theme not had). */
		size_t seats = listed + (px->any_arc[gi] >= 0 ? 1 : (size_t)px->unlisted_n[gi]);
		for (size_t k = 0; k < seats; k++) {
			int64_t units;
			int at = -1, c = UNLISTED_COST;
			if (k < listed) {
				units = mcf_flow(&px->g, px->first_arc[gi] + 2 * (int)k);
				at = d->preferences[k];
				c = (int)k;
			} else if (px->any_arc[gi] >= 0) {
				units = mcf_flow(&px->g, px->any_arc[gi]);
			} else {
				int arc = px->first_arc[gi] + 2 * (int)k;
				units = mcf_flow(&px->g, arc);
				at = (mcf_arc_head(&px->g, arc) - role0) / (int)R;
			}
			/* Somewhere unlisted to go instead: a theme not listed (and,
			 * in later rounds, not had) but where they sit. */
			bool elsewhere = px->any_arc[gi] >= 0 ? listed < K
							       : px->unlisted_n[gi] > (k >= listed ? 1 : 0);
			while (units > 0) {
				int64_t u = units;
				if (at < 0) {
					/* Unlisted: the theme, from the anywhere node's flows. */
					while (any_next[role] < K && any_left[role * K + any_next[role]] == 0)
						any_next[role]++;
					if (any_next[role] == K)
						break;
					at = (int)any_next[role];
					if (any_left[role * K + (size_t)at] < u)
						u = any_left[role * K + (size_t)at];
					any_left[role * K + (size_t)at] -= u;
				}
				int best = elsewhere ? UNLISTED_COST - c : DELTAS;
				for (size_t m = 0; m < listed; m++) {
					int b = d->preferences[m];
					if (b == at || proxy_had(a, px->had, px->rep[gi], (size_t)b))
						continue;
					int change = (int)m - c;
					if (change < best)
						best = change;
					if (change < 0)
						gain[(size_t)b * DELTAS + (size_t)(UNLISTED_COST - change)] += u;
				}
				if (best < DELTAS)
					loss[(size_t)at * DELTAS + (size_t)(best + UNLISTED_COST)] += u;
				units -= u;
				if (k == listed && px->any_arc[gi] >= 0)
					at = -1;   /* the next units: the anywhere node's next theme */
			}
		}
	}
	free(any_left);
	free(any_next);
	long lo = a->lo_t[0] > 0 ? a->lo_t[0] : 1;
	for (size_t j = 0; j < K; j++) {
		/* gain histogram indexed by UNLISTED_COST - change: largest gains last */
		long want = lo, sum = 0;
		for (int x = DELTAS - 1; x >= 0 && want > 0; x--) {
			long n = gain[j * DELTAS + (size_t)x] < want ? gain[j * DELTAS + (size_t)x] : want;
			sum += n * (x - UNLISTED_COST);
			want -= n;
		}
		into[j] = sum;
		want = lo, sum = 0;
		for (int x = 0; x < DELTAS && want > 0; x++) {
			long n = loss[j * DELTAS + (size_t)x] < want ? loss[j * DELTAS + (size_t)x] : want;
			sum += n * (x - UNLISTED_COST);
			want -= n;
		}
		out_of[j] = sum + want * UNLISTED_COST;   /* too few there: as if unlisted */
	}
	return true;
}

/* Moves judged per step, best estimate first, before the search stops: on
 * the stand-in (of the PROXY_RANKED best), and by step 2 itself. Step 2's
 * polish runs on small events only, where the estimates (read from the
 * stand-in, which ignores organisations) rank the move that wins past 20
 * often enough: 80 bettered 9 of 843 test events and 36 of 1,684
 * generated (./dev bench plans, seeds 1-4), worsened 3, for 0.3-5% more
 * CPU over those; 40 found the one 110/12 k20 needed no more than 20. */
#define PROXY_TRIES 16
#define PROXY_RANKED 20
#define EXACT_TRIES 80
_Static_assert(PROXY_TRIES <= PROXY_RANKED, "rank_moves ranks too few moves");
/* The most moves rank_moves is asked for: move_ranking.pairs holds them. */
#define MOST_RANKED (PROXY_RANKED > EXACT_TRIES ? PROXY_RANKED : EXACT_TRIES)
/* Steps ranked by the marginal values, at most, in one search. */
#define MARGINAL_ROUNDS 3

/* Work arrays for ranking moves: histograms per theme, estimates and the
 * moves in order. */
struct move_ranking {
	long *gain, *loss;
	/* A move's estimate, separable: into[t] - out_of[f], from the flow or
	 * the marginal values (COST_NONE on either side: -COST_NONE). */
	mcf_cost *into, *out_of;
	mcf_cost *plus, *minus;  /* per theme: what one table more saves, one fewer costs */
	bool *stale;             /* per theme: plus and minus to be valued again */
	size_t valuations_left;  /* themes the search may still value */
	int *pairs;
	int *by_into;            /* the themes in order of into[], most first */
	/* A "plus" whose value could not rank a move among those tried is
	 * left a bound from above (plus_bound) and valued exactly only if a
	 * later ranking lifts it that far: for the tables per theme and the
	 * cost of the round it was weighed in (plus_round), kept here. */
	bool *plus_bound;
	int *plus_round;
	int *round_per;          /* per marginal round: K tables per theme */
	mcf_cost round_current[MARGINAL_ROUNDS];
	int rounds;
};

static const mcf_cost *estimate_ctx;

static mcf_cost move_estimate(const struct move_ranking *mr, size_t f, size_t t)
{
	return mr->out_of[f] == COST_NONE || mr->into[t] == COST_NONE ? -COST_NONE : mr->into[t] - mr->out_of[f];
}

static int compare_estimates(const void *pa, const void *pb)
{
	int x = *(const int *)pa, y = *(const int *)pb;
	if (estimate_ctx[x] != estimate_ctx[y])
		return estimate_ctx[x] > estimate_ctx[y] ? -1 : 1;
	return (x > y) - (x < y);
}

/* The stand-in's search ranks by marginal values (at most 3 times) when the
 * estimates find nothing; each round values at most this many themes, two
 * warm re-solves each, and the whole search twice as many, so their cost
 * does not grow with the themes. */
#define MARGINAL_THEMES 40


/* What a plus value must reach for its theme to rank a move among the
 * CUTOFF_RANK best: the CUTOFF_RANK-th best of the moves whose values are
 * known exactly, found among the best few themes to give a table (least
 * minus) and to take one (most plus), as moves within those alone
 * already hold the best CUTOFF_RANK (a theme is never both ends of a
 * move, hence one more each side). Twice the moves tried: a later round
 * reuses the values, and its moves tried mostly stay among those, where a
 * bound it lifts costs a re-solve over every table moved since (callgrind,
 * whole allocate, PROXY_TRIES vs twice it: 250/25 k100 63.8M vs 65.9M,
 * but a hostile 400 delegates at 15 tables over 120 themes 683M vs 518M;
 * main 77.8M and 521M). */
#define CUTOFF_RANK (2 * PROXY_TRIES)
#define CUTOFF_SIDE (CUTOFF_RANK + 1)

struct plus_cutoff {
	int from[CUTOFF_SIDE], to[CUTOFF_SIDE];   /* least minus first; most plus first */
	int nfrom, nto;
	bool known;              /* at least CUTOFF_RANK moves known: best holds */
	mcf_cost best;           /* their CUTOFF_RANK-th best estimate */
};

/* Inserts theme j into the first *n of list (at most CUTOFF_SIDE), kept
 * in order of key, descending, or ascending with `least`; false where it
 * falls off the end. */
static bool cutoff_insert(int *list, int *n, const mcf_cost *key, int j, bool least)
{
	int x = *n < CUTOFF_SIDE ? (*n)++ : CUTOFF_SIDE;
	for (; x > 0 && (least ? key[list[x - 1]] > key[j] : key[list[x - 1]] < key[j]); x--)
		if (x < CUTOFF_SIDE)
			list[x] = list[x - 1];
	if (x < CUTOFF_SIDE)
		list[x] = j;
	return x < CUTOFF_SIDE;
}

static void cutoff_update(struct plus_cutoff *c, const struct move_ranking *mr)
{
	mcf_cost top[CUTOFF_RANK];
	int n = 0;
	for (int x = 0; x < c->nfrom; x++)
		for (int y = 0; y < c->nto; y++) {
			if (c->from[x] == c->to[y])
				continue;
			mcf_cost e = mr->plus[c->to[y]] - mr->minus[c->from[x]];
			if (n == CUTOFF_RANK && e <= top[CUTOFF_RANK - 1])
				break;   /* the lists are in order: the rest of this row is no better */
			int z = n < CUTOFF_RANK ? n++ : CUTOFF_RANK;
			for (; z > 0 && top[z - 1] < e; z--)
				if (z < CUTOFF_RANK)
					top[z] = top[z - 1];
			if (z < CUTOFF_RANK)
				top[z] = e;
		}
	c->known = n == CUTOFF_RANK;
	if (c->known)
		c->best = top[CUTOFF_RANK - 1];
}

/* The cost at or above which theme t's plus value ranks no move among
 * the CUTOFF_RANK best: COST_NONE when that is not known yet, -COST_NONE
 * where no theme t could take a table from has a minus value (each such
 * move ranks last, at -COST_NONE, whatever t's plus). */
static mcf_cost cutoff_limit(const struct plus_cutoff *c, const struct move_ranking *mr, int t, mcf_cost current)
{
	for (int x = 0; x < c->nfrom; x++)
		if (c->from[x] != t)   /* t's best move: from the least minus */
			return c->known ? current - c->best - mr->minus[c->from[x]] + 1 : COST_NONE;
	return -COST_NONE;
}

/* The stand-in's exact cost for tables per theme `then` with one more at
 * `up`, from the current flow (tables per theme `now`): each theme that
 * differs set, re-solved warm, undone. */
static mcf_cost proxy_cost_from(struct alloc *a, struct theme_proxy *px, const int *now, const int *then, int up,
				bool *oom)
{
	mcf_warm_mark(&px->g);
	int r = 0;
	for (size_t j = 0; j < a->K && r == 0; j++) {
		int k = then[j] + ((int)j == up);
		if (k != now[j])
			r = proxy_set_theme(a, px, j, k, true);
	}
	if (r == 0)
		r = mcf_warm_rebalance_below(&px->g, COST_NONE);
	if (r < 0)
		*oom = true;
	mcf_cost c = r == 1 ? px->g.total : COST_NONE;
	mcf_warm_undo(&px->g);
	return c;
}

/* Theme t's plus value, left a bound, made exact for the round it was
 * weighed in; the estimates of moves to t follow. */
static void plus_exact(struct alloc *a, struct theme_proxy *px, const int *per, struct move_ranking *mr, int t,
		       bool *oom)
{
	size_t K = a->K;
	int round = mr->plus_round[t];
	mcf_cost c = proxy_cost_from(a, px, per, mr->round_per + (size_t)round * K, t, oom);
	mr->plus[t] = c == COST_NONE ? COST_NONE : mr->round_current[round] - c;
	mr->plus_bound[t] = false;
	mr->into[t] = mr->plus[t];
}

/* What one table more (plus) or fewer (minus) is worth to each theme on
 * the stand-in, each by a warm re-solve: exact, but each reaches across the
 * whole flow, so these are valued only when the estimates run dry, and
 * then again only for the themes a move changed since (the others keep
 * their values: a ranking, each move it proposes judged exactly). A plus
 * value's re-solve stops once it is sure the theme ranks no move among
 * those tried this round, and leaves a bound (move_ranking). */
static bool proxy_marginals(struct alloc *a, struct theme_proxy *px, const int *per, int floor_k,
			    mcf_cost current, struct move_ranking *mr, bool *oom)
{
	size_t K = a->K, stale = 0;
	size_t limit = mr->valuations_left < MARGINAL_THEMES ? mr->valuations_left : MARGINAL_THEMES;
	for (size_t j = 0; j < K; j++)
		stale += mr->stale[j];
	/* Many themes to value: only the MARGINAL_THEMES whose best estimated
	 * move (in or out, from the estimates this round replaces) is best, so
	 * a round costs the same at any number of themes; the rest wait. */
	bool *value = malloc(K * sizeof(bool));
	int *order = malloc(K * sizeof(int));
	mcf_cost *score = malloc(K * sizeof(mcf_cost)), *into = malloc(K * sizeof(mcf_cost));
	if (!value || !order || !score || !into) {
		free(value);
		free(order);
		free(score);
		free(into);
		*oom = true;
		return false;
	}
	/* Each theme's best estimated move out and in: the estimates are
	 * into[t] - out_of[f], so the best in and the least out settle both. */
	mcf_cost most_in = COST_NONE, least_out = COST_NONE;
	for (size_t x = 0; x < K; x++) {
		if (mr->into[x] != COST_NONE && (most_in == COST_NONE || mr->into[x] > most_in))
			most_in = mr->into[x];
		if (mr->out_of[x] != COST_NONE && (least_out == COST_NONE || mr->out_of[x] < least_out))
			least_out = mr->out_of[x];
	}
	for (size_t j = 0; j < K; j++) {
		value[j] = mr->stale[j] && stale <= limit;
		order[j] = (int)j;
		score[j] = into[j] = -COST_NONE;
		if (most_in != COST_NONE && mr->out_of[j] != COST_NONE && most_in - mr->out_of[j] > score[j])
			score[j] = most_in - mr->out_of[j];
		if (least_out != COST_NONE && mr->into[j] != COST_NONE && mr->into[j] - least_out > into[j])
			into[j] = mr->into[j] - least_out;
		if (into[j] > score[j])
			score[j] = into[j];
	}
	if (stale > limit) {
		estimate_ctx = score;
		qsort(order, K, sizeof(int), compare_estimates);
		for (size_t x = 0, n = 0; x < K && n < limit; x++)
			if (mr->stale[order[x]])
				value[order[x]] = true, n++;
	}
	/* Plus values in order of the best estimated move in: the likeliest to
	 * rank moves tried first, so the cutoff rises early. */
	estimate_ctx = into;
	qsort(order, K, sizeof(int), compare_estimates);
	free(score);
	free(into);
	/* The minus values first: the plus values need them to tell which
	 * could rank a move tried. */
	bool stopped = false;
	for (size_t j = 0; j < K && !stopped; j++) {
		if (!value[j])
			continue;
		stopped = alloc_progress(a, "choosing themes: weighing each theme's tables", (double)j / (double)(2 * K));
		if (stopped)
			break;
		mcf_cost minus = per[j] > floor_k ? proxy_warm(a, px, per, -1, (int)j, false, oom) : COST_NONE;
		mr->minus[j] = minus == COST_NONE ? COST_NONE : minus - current;
		mr->stale[j] = false;
		mr->valuations_left--;
	}
	/* Plus values may be left bounds only while this round's tables and
	 * cost can be kept to make them exact later; and, but where no move
	 * has a minus value to rank by, only where this round values some of
	 * the stale themes: where it values them all, the next rounds value
	 * only the few a move changed and rank by the rest, so most bounds
	 * would be lifted later, each by a dearer re-solve (callgrind, whole
	 * allocate, 10,000/1,000 k20: 825M, 868M with bounds). */
	int round = -1;
	struct plus_cutoff cut = { .nfrom = 0 };
	if (mr->rounds < MARGINAL_ROUNDS) {
		for (size_t j = 0; j < K; j++) {
			if (per[j] > floor_k && mr->minus[j] != COST_NONE)
				cutoff_insert(cut.from, &cut.nfrom, mr->minus, (int)j, true);
			if (!value[j] && !mr->plus_bound[j] && mr->plus[j] != COST_NONE)
				cutoff_insert(cut.to, &cut.nto, mr->plus, (int)j, false);
		}
		if (stale > limit || cut.nfrom == 0) {
			round = mr->rounds++;
			memcpy(mr->round_per + (size_t)round * K, per, K * sizeof(int));
			mr->round_current[round] = current;
			cutoff_update(&cut, mr);
		}
	}
	/* Every "plus" sends a table's seats out of the sink (node 1) back to
	 * the theme: potentials tightened from the sink make each first path
	 * cost nothing to find (250/25 k100: 5% fewer instructions). Put back
	 * before any flow is kept. */
	mcf_cost *saved = malloc((size_t)px->g.nodes * sizeof(mcf_cost));
	if (!saved || mcf_warm_tighten_from(&px->g, 1, saved) != 0) {
		free(saved);
		free(value);
		free(order);
		*oom = true;
		return false;
	}
	for (size_t x = 0; x < K && !stopped; x++) {
		size_t j = (size_t)order[x];
		if (!value[j])
			continue;
		stopped = alloc_progress(a, "choosing themes: weighing each theme's tables", (double)(K + x) / (double)(2 * K));
		if (stopped)
			break;
		mcf_cost below = round >= 0 ? cutoff_limit(&cut, mr, (int)j, current) : COST_NONE;
		/* Below -COST_NONE: nothing to solve, the bound is sure. */
		int r = below == -COST_NONE ? 2 : proxy_rebalance(a, px, per, (int)j, -1, true, below);
		if (r < 0)
			*oom = true;
		mr->plus_bound[j] = r == 2;
		mr->plus_round[j] = round;
		mr->plus[j] = r == 1 ? current - px->g.total : r == 2 ? current - below : COST_NONE;
		if (below != -COST_NONE)
			mcf_warm_undo(&px->g);
		if (r == 1 && round >= 0 && cutoff_insert(cut.to, &cut.nto, mr->plus, (int)j, false))
			cutoff_update(&cut, mr);
	}
	mcf_warm_untighten(&px->g, saved);
	free(saved);
	free(value);
	free(order);
	if (stopped)
		return false;
	memcpy(mr->into, mr->plus, K * sizeof(mcf_cost));
	memcpy(mr->out_of, mr->minus, K * sizeof(mcf_cost));
	return !*oom;
}

/* The theme search's progress: its step and the tables moved so far. It
 * ends when no move helps, so there is no percent to give. True to stop. */
static bool search_progress(struct alloc *a, long step, int moved)
{
	char stage[64];
	snprintf(stage, sizeof(stage), "choosing themes: step %ld, %d moved", step + 1, moved);
	return alloc_progress(a, stage, -1);
}

/* Moves in order: best estimate first, then the lower f * K + t. */
static int compare_moves(const struct move_ranking *mr, size_t K, int x, int y)
{
	mcf_cost ex = move_estimate(mr, (size_t)x / K, (size_t)x % K);
	mcf_cost ey = move_estimate(mr, (size_t)y / K, (size_t)y % K);
	if (ex != ey)
		return ex > ey ? -1 : 1;
	return (x > y) - (x < y);
}

/* The best `want` moves (a table from f to t, f keeping at least floor_k)
 * in pairs[], as f * K + t, best first: by the estimates, or with
 * `marginals` by the themes' marginal values on the stand-in; returns how
 * many. Kept in order by insertion; an estimate is into[t] - out_of[f],
 * so with the themes t in order of into[] the moves out of f fall in
 * order too, and the walk leaves f at the first that cannot make the
 * best `want` (at 100 themes it read all 9,900 moves each step, a tenth
 * of a small event's allocate). */
static size_t rank_moves(struct alloc *a, struct theme_proxy *px, const int *per, int floor_k,
			 struct move_ranking *mr, bool marginals, mcf_cost current, size_t want, bool *oom)
{
	size_t K = a->K, n = 0;
	if (marginals ? !proxy_marginals(a, px, per, floor_k, current, mr, oom)
		      : !proxy_estimates(a, px, mr->gain, mr->loss, mr->into, mr->out_of))
		return 0;
	for (;;) {
		/* Themes with an into[] first, most first; those without
		 * (every move to them estimated -COST_NONE) after. */
		size_t valued = 0;
		for (size_t t = 0; t < K; t++)
			if (mr->into[t] != COST_NONE)
				mr->by_into[valued++] = (int)t;
		for (size_t t = 0, y = valued; t < K; t++)
			if (mr->into[t] == COST_NONE)
				mr->by_into[y++] = (int)t;
		estimate_ctx = mr->into;
		qsort(mr->by_into, valued, sizeof(int), compare_estimates);
		n = 0;
		for (size_t f = 0; f < K; f++) {
			if (per[f] <= floor_k)
				continue;
			for (size_t y = 0; y < K; y++) {
				size_t t = (size_t)mr->by_into[y];
				int move = (int)(f * K + t);
				if (t == f)
					continue;
				if (n == want && compare_moves(mr, K, move, mr->pairs[n - 1]) >= 0) {
					/* Below the last kept: so is every later move of
					 * this part of the order (the rest of the valued
					 * themes, or of those without) */
					if (move_estimate(mr, f, t) < move_estimate(mr, (size_t)mr->pairs[n - 1] / K,
										  (size_t)mr->pairs[n - 1] % K)) {
						if (y >= valued)
							break;
						y = valued - 1;
					}
					continue;
				}
				size_t x = n < want ? n++ : n - 1;
				for (; x > 0 && compare_moves(mr, K, move, mr->pairs[x - 1]) < 0; x--)
					mr->pairs[x] = mr->pairs[x - 1];
				mr->pairs[x] = move;
			}
		}
		/* A move to try ranked by a plus value left a bound (one from a
		 * theme without a minus value ranks last whatever the plus): that
		 * value made exact, rank again. */
		int bounded = -1;
		for (size_t x = 0; marginals && x < n && x < PROXY_TRIES && bounded < 0; x++) {
			int f = mr->pairs[x] / (int)K, t = mr->pairs[x] % (int)K;
			if (mr->plus_bound[t] && mr->minus[f] != COST_NONE)
				bounded = t;
		}
		if (bounded < 0)
			return n;
		plus_exact(a, px, per, mr, bounded, oom);
		if (*oom)
			return 0;
	}
}

/* How a choice of tables per theme is judged exactly: by step 2 itself.
 * The seating of the choice kept last is kept too: with nobody pinned,
 * step 2 for the final themes is that very solve. */
struct theme_judge {
	struct alloc *a;
	const long *pinned_cost;
	int *table_theme;
	int floor_k;                /* fewest tables a theme may keep */
	struct theme_flow trial;    /* the last judgement's seating */
	struct theme_flow *kept;    /* where a kept judgement goes, NULL: nowhere */
	bool have_kept;
	long checked;               /* moves judged afresh so far */
	char stage[64];             /* progress: which of them */
};

static mcf_cost judge(struct theme_judge *jd, const int *per)
{
	struct theme_flow *f = &jd->trial;
	/* Numbered: each solve's share starts from 0 again. */
	snprintf(jd->stage, sizeof(jd->stage), "choosing themes: checking move %ld", ++jd->checked);
	f->stage = jd->stage;
	if (!themes_for_tables(jd->a, per, jd->pinned_cost, jd->table_theme) ||
	    !solve_theme_flow(jd->a, jd->table_theme, false, f))
		return COST_NONE;
	return f->cost;
}

/* The last judgement is the current choice: keep its seating. */
static void keep_judgement(struct theme_judge *jd)
{
	if (!jd->kept || !jd->trial.theme_of)
		return;
	int *spare = jd->kept->theme_of;
	jd->kept->theme_of = jd->trial.theme_of;
	jd->kept->pref_cost = jd->trial.pref_cost;
	jd->kept->cost = jd->trial.cost;
	jd->trial.theme_of = spare;
	jd->have_kept = true;
}

/* Step 2 judged warm: its graph for the current tables per theme, built so
 * that a theme's tables are capacities alone (step2 superset) and solved
 * once; a move of one table is then a warm re-solve that touches the
 * delegates near its two themes, where a judgement solved step 2 afresh.
 * Only where that changes nothing but capacities: every table alike (so
 * which tables a theme gets does not matter) and nobody needing anything. */
struct warm_judge {
	struct step2 s;
	struct mcf g;
	struct theme_flow f;        /* the last judgement's cost and seating */
	long solves;                /* solved afresh so far */
	char stage[64];             /* progress: which of them */
};

static bool warm_judge_possible(const struct alloc *a)
{
	const struct event *ev = a->ev;
	for (size_t t = 1; t < a->T; t++)
		if (ev->tables[t].capacity != ev->tables[0].capacity || a->lo_t[t] != a->lo_t[0] ||
		    a->hi_t[t] != a->hi_t[0])
			return false;
	for (size_t p = 0; p < a->P; p++)
		if (ev->delegates[a->present[p]].needs_count)
			return false;
	return a->T > 0;
}

static void warm_judge_free(struct warm_judge *w)
{
	step2_free(&w->s);
	mcf_free(&w->g);
	free(w->f.theme_of);
	memset(w, 0, sizeof(*w));
}

/* Theme j's tables as capacities of its arcs: on a solved graph warm, else
 * (before the first solve) as they are built. */
static int warm_judge_tables(struct warm_judge *w, size_t j, int k, bool warm)
{
	struct step2 *s = &w->s;
	struct alloc *a = s->a;
	size_t R = a->R;
	long lo = a->lo_t[0], hi = a->hi_t[0], cap = a->ev->tables[0].capacity;
	s->k[j] = k;
	s->lo[j] = k * lo;
	s->hi[j] = k * hi;
	s->cap[j] = k * cap;
	if (!warm)
		return 0;
	int r = 0;
	for (size_t x = 0; x < 3 + 3 * R && !r; x++)
		r = mcf_warm_set_capacity(&w->g, s->theme_arc[j * (3 + 3 * R) + x], theme_band_cap(a, k, x));
	for (int b = 0; b < s->binding && !r; b++) {
		size_t at = j * (size_t)s->binding + (size_t)b;
		for (int q = 0; q < s->layer_n[at] && !r; q++)
			r = mcf_warm_set_capacity(&w->g, s->layer_arc[at] + 2 * q, k);
	}
	return r;
}

/* Solves step 2 afresh for per (organisations given nodes lazily, as
 * solve_theme_flow does), ready for warm moves. COST_NONE when nothing
 * fits or memory runs out. */
static mcf_cost warm_judge_solve(struct warm_judge *w, const int *per)
{
	struct alloc *a = w->s.a;
	for (size_t j = 0; j < a->K; j++)
		warm_judge_tables(w, j, per[j], false);
	/* Numbered: each solve's share starts from 0 again. */
	snprintf(w->stage, sizeof(w->stage), "choosing themes: checking moves, solve %ld", ++w->solves);
	w->f.stage = w->stage;
	if (!step2_solve(&w->s, &w->g, &w->f, w->f.theme_of))
		return COST_NONE;
	if (mcf_warm_start(&w->g) != 0) {
		a->out_of_memory = true;
		return COST_NONE;
	}
	return w->f.cost;
}

static mcf_cost warm_judge_begin(struct theme_judge *jd, struct warm_judge *w, const int *per)
{
	struct alloc *a = jd->a;
	memset(w, 0, sizeof(*w));
	w->f.theme_of = malloc((a->ev->delegates_count ? a->ev->delegates_count : 1) * sizeof(int));
	if (!w->f.theme_of || !step2_init(&w->s, a, jd->table_theme, false, true)) {
		a->out_of_memory = true;
		return COST_NONE;
	}
	return warm_judge_solve(w, per);
}

/* Undoes a move warm_judge_move left in place. */
static void warm_judge_undo(struct warm_judge *w, int from, int to)
{
	mcf_warm_undo(&w->g);
	warm_judge_tables(w, (size_t)from, w->s.k[from] + 1, false);
	warm_judge_tables(w, (size_t)to, w->s.k[to] - 1, false);
}

/* Step 2's cost with one table moved from theme `from` to `to`, re-solved
 * warm. Below `current`, the move stays in place (warm_judge_undo takes it
 * back); else it is undone. Where the new flow crowds an organisation
 * without nodes, its cost is not yet step 2's: the organisation gets
 * nodes, the graph is solved afresh and the move tried again
 * (organisations only gain nodes, so this ends). */
static mcf_cost warm_judge_move(struct warm_judge *w, const int *per, int from, int to, mcf_cost current)
{
	struct alloc *a = w->s.a;
	for (int round = 0;; round++) {
		/* Most moves lose: a quick re-solve stops once the cost cannot
		 * go below current. Where it wins, its flow is an optimal one if
		 * not the slow re-solve's, and no seating is kept from it (the
		 * final themes are solved afresh), so it is not solved again
		 * the slow way: 421 bench/plans.py events gave the same plans. */
		mcf_warm_mark(&w->g);
		int r = warm_judge_tables(w, (size_t)from, w->s.k[from] - 1, true);
		if (r == 0)
			r = warm_judge_tables(w, (size_t)to, w->s.k[to] + 1, true);
		if (r == 0)
			r = mcf_warm_rebalance_below(&w->g, current);
		if (r < 0)
			a->out_of_memory = true;
		mcf_cost c = r == 1 ? w->g.total : COST_NONE;
		if (c >= current) {
			warm_judge_undo(w, from, to);
			return c;
		}
		for (size_t i = 0; i < a->ev->delegates_count; i++)
			w->f.theme_of[i] = -1;
		if (!step2_read(&w->s, &w->g, c, &w->f, w->f.theme_of)) {
			warm_judge_undo(w, from, to);
			return COST_NONE;
		}
		if (mark_crowded(&w->s, w->f.theme_of) == 0)
			return c;
		warm_judge_undo(w, from, to);
		if (round == CROWDED_ROUNDS)
			for (size_t o = 0; o < a->O; o++)
				w->s.has_node[o] = a->org_n[o] > 1;
		if (warm_judge_solve(w, per) == COST_NONE)
			return COST_NONE;
	}
}

/* A floor under step 2's same-organisation term for any choice of themes
 * over `tables` tables: step 2 costs each organisation's members of its
 * node's role (its first member's) by layers, an even split within each
 * theme, and splitting within themes is never better than one even split
 * over all the tables. */
static mcf_cost org_pairs_floor(const struct alloc *a, int tables)
{
	const struct event *ev = a->ev;
	size_t O = a->O;
	int *role = malloc((O ? O : 1) * sizeof(int)), *n = calloc(O ? O : 1, sizeof(int));
	mcf_cost floor = 0;
	if (!role || !n || tables <= 0)
		goto out;
	for (size_t o = 0; o < O; o++)
		role[o] = -2;   /* no member seen yet */
	for (size_t p = 0; p < a->P; p++) {
		const struct delegate *d = &ev->delegates[a->present[p]];
		if (role[d->org] == -2)
			role[d->org] = d->role;
		if (d->role >= 0 && d->role == role[d->org])
			n[d->org]++;
	}
	for (size_t o = 0; o < O; o++) {
		long q = n[o] / tables, r = n[o] % tables;
		floor += (mcf_cost)(tables * q * (q - 1) / 2 + r * q);
	}
	floor *= make_weights(a->P).pair;
out:
	free(role);
	free(n);
	return floor;
}

/* Step 2 itself judges the last few moves where delegates times themes
 * squared stay under this: 2,000 delegates over 8 themes, 250 over 24. */
#define EXACT_POLISH_BUDGET 150000
/* The stand-in's bound on a move judged by step 2 is a filter: a move it
 * rules out, step 2 judges a loss too. Where its first this many rule out
 * none, it is not asked again, and step 2 judges every move (hostile 2
 * tables of 48 over 30 themes: 28 asked, none ruled out, 0.5M
 * instructions each against 1.4M a judgement). */
#define BOUND_TRIAL 8

/* Local search over tables per theme. On the stand-in: each step ranks
 * every move by its estimate (proxy_estimates, linear in delegates), judges
 * the best few by a warm re-solve, which only touches the delegates near
 * the two themes, and keeps the first that lowers the cost. Then, on small
 * events, up to three steps whose best-ranked moves are judged by step 2
 * itself, which also weighs organisations, pins and needs (the stand-in
 * follows each move kept, so the estimates stay true; a move whose warm
 * stand-in cost, a bound from below, cannot beat the current cost is not
 * solved). Each kept move
 * lowers the cost and steps are counted, so it ends, the same way every
 * time. */
static bool theme_search(struct theme_judge *jd, struct theme_proxy *px, int *per, int *moves, long *pref_free)
{
	struct alloc *a = jd->a;
	size_t K = a->K;
	bool oom = false;
	mcf_cost current = proxy_cost(a, px, per);
	*pref_free = current == COST_NONE ? -1 : proxy_preference(a, px);
	/* Every theme at its floor (as many tables as themes): no move. */
	bool movable = false;
	for (size_t j = 0; j < K; j++)
		movable = movable || per[j] > jd->floor_k;
	if (current == COST_NONE || K < 2 || !movable)
		return true;   /* nothing fits the stand-in, or nothing to move: keep the start */
	struct move_ranking mr = {
		.gain = malloc(K * DELTAS * sizeof(long)), .loss = malloc(K * DELTAS * sizeof(long)),
		.into = malloc(K * sizeof(mcf_cost)), .out_of = malloc(K * sizeof(mcf_cost)),
		.plus = malloc(K * sizeof(mcf_cost)), .minus = malloc(K * sizeof(mcf_cost)),
		.stale = malloc(K * sizeof(bool)), .valuations_left = 2 * MARGINAL_THEMES,
		.pairs = malloc(MOST_RANKED * sizeof(int)), .by_into = malloc(K * sizeof(int)),
		.plus_bound = calloc(K, sizeof(bool)), .plus_round = malloc(K * sizeof(int)),
		.round_per = malloc(K * MARGINAL_ROUNDS * sizeof(int)),
	};
	bool ok = mr.gain && mr.loss && mr.into && mr.out_of && mr.plus && mr.minus && mr.stale && mr.pairs &&
		  mr.by_into && mr.plus_bound && mr.plus_round && mr.round_per && mcf_warm_start(&px->g) == 0;
	for (size_t j = 0; ok && j < K; j++) {
		mr.stale[j] = true;
		mr.plus[j] = mr.minus[j] = COST_NONE;
	}
	long budget = (long)a->T + 4L * (long)K;
	int marginal_rounds = MARGINAL_ROUNDS;
	bool marginals = false;
	/* Progress each warm re-solve: at 10,000 delegates one takes a few
	 * hundredths of a second, and a step may try sixteen. */
	int moved_before = *moves;
	/* Moves known to lose at the tables per theme as they are: those tried
	 * (a step ranked by the marginal values follows one whose moves all
	 * lost, and often ranks some of them again, which the same re-solve
	 * would lose again: hostile 90 delegates at 7 tables over 12 themes, 9
	 * of 16), and the way back of the move kept last, whose cost is the
	 * one it beat. */
	int lost[2 * PROXY_TRIES], lost_n = 0;
	for (long step = 0; ok && step < budget && !oom && !search_progress(a, step, *moves - moved_before); step++) {
		size_t n = rank_moves(a, px, per, jd->floor_k, &mr, marginals, current, PROXY_RANKED, &oom);
		bool moved = false;
		for (size_t x = 0; x < n && x < PROXY_TRIES && !moved && !search_progress(a, step, *moves - moved_before); x++) {
			int f = mr.pairs[x] / (int)K, t = mr.pairs[x] % (int)K;
			bool known = false;
			for (int y = 0; y < lost_n && !known; y++)
				known = lost[y] == mr.pairs[x];
			if (known)
				continue;
			mcf_cost c = proxy_warm_below(a, px, per, t, f, true, current, &oom);
			if (c < current) {
				per[f]--;
				per[t]++;
				current = c;
				moved = true;
				(*moves)++;
				mr.stale[f] = mr.stale[t] = true;
				lost_n = 0;
				lost[lost_n++] = t * (int)K + f;
				continue;
			}
			if (c != COST_NONE)
				mcf_warm_undo(&px->g);
			if (lost_n < 2 * PROXY_TRIES)
				lost[lost_n++] = mr.pairs[x];
		}
		/* The estimates ran dry: rank once by the marginal values, then
		 * go back to the estimates if that found a move. */
		if (a->stopped || (!moved && (marginals || marginal_rounds-- <= 0)))
			break;
		marginals = !moved;
	}
	if (ok && !oom && !a->stopped && a->P * K * K <= EXACT_POLISH_BUDGET) {
		int tables = 0;
		for (size_t j = 0; j < K; j++)
			tables += per[j];
		mcf_cost floor = org_pairs_floor(a, tables);
		struct warm_judge w;
		bool warm = !(a->opt && a->opt->judge_afresh) && warm_judge_possible(a);
		/* The warm graph's seating has step 2's cost but may tie
		 * differently from a fresh solve's, and step 2 leaves some of a
		 * plan's spread to step 3 (an organisation's members of other
		 * roles than its node's): warm judgements keep no seating, and
		 * the final themes are solved afresh. */
		current = warm ? warm_judge_begin(jd, &w, per) : judge(jd, per);
		if (current != COST_NONE && !warm)
			keep_judgement(jd);
		int bound_asked = 0, bound_ruled_out = 0;
		int way_back = -1;   /* the move kept last, undone: its cost is the one it beat */
		for (int step = 0; step < 3 && current != COST_NONE && !a->stopped; step++) {
			size_t n = rank_moves(a, px, per, jd->floor_k, &mr, false, current, EXACT_TRIES, &oom);
			bool moved = false;
			for (size_t x = 0; x < n && x < EXACT_TRIES && !moved && !a->stopped; x++) {
				int f = mr.pairs[x] / (int)K, t = mr.pairs[x] % (int)K;
				if (mr.pairs[x] == way_back)
					continue;
				/* The stand-in relaxes step 2 (same weights, fewer rules,
				 * no organisations), so its cost plus the organisations'
				 * floor bounds step 2's from below: a move it cannot
				 * bring under the current cost needs no solve of step 2. */
				if (bound_ruled_out > 0 || bound_asked < BOUND_TRIAL) {
					mcf_cost relaxed = proxy_warm_below(a, px, per, t, f, false, current - floor, &oom);
					bound_asked++;
					if (relaxed == COST_NONE || relaxed + floor >= current) {
						bound_ruled_out++;
						continue;
					}
				}
				mcf_cost c;
				if (warm) {
					c = warm_judge_move(&w, per, f, t, current);
				} else {
					per[f]--;
					per[t]++;
					c = judge(jd, per);
					per[f]++;
					per[t]--;
				}
				if (c < current && proxy_warm(a, px, per, t, f, true, &oom) == COST_NONE) {
					if (warm)
						warm_judge_undo(&w, f, t);
					c = COST_NONE;
				}
				if (c < current) {
					if (!warm)
						keep_judgement(jd);
					per[f]--;
					per[t]++;
					mr.stale[f] = mr.stale[t] = true;
					current = c;
					moved = true;
					(*moves)++;
					way_back = t * (int)K + f;
				}
			}
			if (!moved)
				break;
		}
		if (warm)
			warm_judge_free(&w);
	}
	/* The stand-in followed every move kept: its flow is the optimum for
	 * these themes with organisations, pins and needs ignored. */
	*pref_free = proxy_preference(a, px);
	free(mr.gain);
	free(mr.loss);
	free(mr.into);
	free(mr.out_of);
	free(mr.by_into);
	free(mr.plus);
	free(mr.minus);
	free(mr.stale);
	free(mr.pairs);
	free(mr.plus_bound);
	free(mr.plus_round);
	free(mr.round_per);
	return ok && !oom;
}

/* Tables per theme by demand (Jefferson's method on first choices), then a
 * local search moving one table at a time on the stand-in (which ignores
 * organisations, pins and needs), each move re-solved warm; small events
 * then take a few steps judged by step 2 itself. Budgets are counts, not
 * time, so a seed always gives the same plan. */
static bool choose_themes(struct alloc *a, int *table_theme, struct allocate_report *rep, struct theme_flow *seated,
			  bool *reused)
{
	const struct event *ev = a->ev;
	size_t K = a->K, T = a->T;
	int *per = calloc(K ? K : 1, sizeof(int));
	long *first = rep->first_choices;
	long *demand = calloc(K ? K : 1, sizeof(long));
	int *order = malloc((K ? K : 1) * sizeof(int));
	long *pinned_cost = calloc((T ? T : 1) * (K ? K : 1), sizeof(long));
	bool ok = per && demand && order && pinned_cost;
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
	memcpy(demand, first, K * sizeof(long));
	/* In later rounds, whoever listed no theme still new to them (or
	 * nothing) wants one of the others: the least wanted so far, so the
	 * tables reach them too (one table over two themes kept round one's
	 * theme, everyone sat at it twice). */
	for (size_t p = 0; a->had_theme && p < a->P; p++) {
		const struct delegate *d = &ev->delegates[a->present[p]];
		const char *had = a->had_theme + (size_t)a->present[p] * K;
		bool listed_new = d->pinned_table >= 0;
		for (size_t k = 0; k < d->preferences_count && !listed_new; k++)
			listed_new = !had[d->preferences[k]];
		long least = -1;
		for (size_t j = 0; j < K && !listed_new; j++)
			if (!had[j] && (least < 0 || demand[j] < demand[least]))
				least = (long)j;
		if (least >= 0)
			demand[least]++;
	}
	for (size_t j = 0; j < K; j++)
		order[j] = (int)j;
	for (size_t x = 1; x < K; x++)   /* most wanted first; ties by theme order */
		for (size_t y = x; y > 0 && demand[order[y]] > demand[order[y - 1]]; y--) {
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
			if (demand[j] * per[best] > demand[best] * per[j] ||
			    (demand[j] * per[best] == demand[best] * per[j] && per[j] < per[best]))
				best = j;
		per[best]++;
		given++;
	}
	struct theme_judge jd = { .a = a, .pinned_cost = pinned_cost, .table_theme = table_theme,
				  .floor_k = rep->themes_short ? 0 : 1 };
	/* With pins, the final step 2 seats pinned delegates at their table's
	 * theme, which judging does not: then nothing is kept. */
	bool pinned = false;
	for (size_t p = 0; p < a->P && !pinned; p++)
		pinned = ev->delegates[a->present[p]].pinned_table >= 0;
	struct theme_flow kept = { 0 };
	size_t D = ev->delegates_count ? ev->delegates_count : 1;
	if (!pinned) {
		jd.trial.theme_of = malloc(D * sizeof(int));
		kept.theme_of = malloc(D * sizeof(int));
		jd.kept = jd.trial.theme_of && kept.theme_of ? &kept : NULL;
	}
	ok = proxy_build(a, &px, a->had_theme);
	if (ok && a->had_theme && proxy_cost(a, &px, per) == COST_NONE) {
		/* No new theme for everyone at the tables per theme by demand:
		 * search as round one does, and step 2 finds what it can. */
		proxy_free(&px);
		ok = proxy_build(a, &px, NULL);
	}
	ok = ok && theme_search(&jd, &px, per, &rep->theme_moves, &rep->pref_without_orgs);
	ok = ok && themes_for_tables(a, per, pinned_cost, table_theme);
	if (ok)
		memcpy(rep->tables_per_theme, per, K * sizeof(int));
	*reused = ok && jd.have_kept;
	if (*reused) {
		memcpy(seated->theme_of, kept.theme_of, ev->delegates_count * sizeof(int));
		seated->pref_cost = kept.pref_cost;
		seated->cost = kept.cost;
	}
	free(jd.trial.theme_of);
	free(kept.theme_of);
out:
	proxy_free(&px);
	free(per);
	free(demand);
	free(order);
	free(pinned_cost);
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
	bool ok = false, solved = false;
	int *theme_of = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(int));
	if (!theme_of) {
		a->out_of_memory = true;
		goto out;
	}
	for (size_t i = 0; i < ev->delegates_count; i++)
		theme_of[i] = -1;
	struct theme_flow f = { .theme_of = theme_of, .stage = "seating by theme" };
	if (!ev->tables_listed) {
		rep->themes_chosen = true;
		if (alloc_progress(a, "choosing themes", 0))
			goto out;
		if (!choose_themes(a, table_theme, rep, &f, &solved)) {
			a->out_of_memory = true;
			goto out;
		}
		if (a->stopped)
			goto out;
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
	if (alloc_progress(a, "seating by theme", 0))
		goto out;
	if (!solved)
		solved = solve_theme_flow(a, table_theme, true, &f);
	if (!solved && a->had_theme && !a->out_of_memory && !a->stopped) {
		/* The tables' themes leave no new theme for everyone (a fixed
		 * table list, say): allow repeats, which the search then keeps few. */
		const char *had = a->had_theme;
		a->had_theme = NULL;
		solved = solve_theme_flow(a, table_theme, true, &f);
		a->had_theme = had;
	}
	if (!solved) {
		if (!a->out_of_memory && !a->stopped)
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
	if (a->stopped)
		goto out;
	/* Swaps weighed: about 0.1 s a round on a hundred delegates. */
	meet_fewer_again(a, &st, a->P < 500 ? 2000 * (long)a->P : 1000000);
	ok = !a->stopped && report_broken_rules(a, &st);
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
	struct alloc a = { .ev = ev, .opt = opt, .d = d, .progress = opt ? opt->progress : NULL };
	memset(rep, 0, sizeof(*rep));
	rep->pref_without_orgs = -1;
	memset(plan, 0, sizeof(*plan));
	/* --rounds wins over the event file's rounds:, so one can try fewer. */
	int wanted = opt && opt->rounds > 0 ? opt->rounds : ev->rounds;
	size_t rounds = wanted > 1 ? (size_t)wanted : 1;
	bool ok = false;
	char *had = NULL;
	uint64_t *met = NULL;
	size_t met_count = 0, *met_from = NULL;
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
		ok = history_pair_keys(hist, a.N, &met, &met_count) && alloc_met_index(&a, met, &met_count, &met_from);
		if (!ok)
			a.out_of_memory = true;
	}
	for (size_t r = 0; ok && r < rounds; r++) {
		a.round = (int)r + 1, a.rounds = (int)rounds;   /* for the progress line */
		if (r == 1 && !(hosted = pin_hosts(ev, &plan->rounds[0], &with_hosts)))
			ok = false, a.out_of_memory = true;
		else if (r == 1)
			a.ev = &with_hosts;
		if (r > 0) {
			ok = add_round_to_history(&a, &plan->rounds[r - 1], had, &met, &met_count) &&
			     alloc_met_index(&a, met, &met_count, &met_from);
			if (!ok)
				a.out_of_memory = true;
			/* New themes each round only while there are themes enough. */
			a.had_theme = rounds <= ev->themes_count ? had : NULL;
			a.had = a.had_theme;
			memset(later.tables_per_theme, 0, ev->themes_count * sizeof(int));
			memset(later.first_choices, 0, ev->themes_count * sizeof(long));
		}
		ok = ok && allocate_round(&a, plan->rounds[r].table_theme, plan->rounds[r].seat, r ? &later : rep);
		if (r)
			rep->pref_bound += later.pref_bound, later.pref_bound = 0;
	}
	a.round = 0;
	if (rounds > 1 || hist)
		rep->pref_without_orgs = -1;   /* the stand-in knows nothing of earlier meetings */
	if (ok && (rounds > 1 || hist)) {
		a.met = NULL, a.met_from = NULL;   /* the search counts meetings itself, over all rounds */
		a.had = a.had_theme = NULL;
		ok = rounds_meet_fewer(&a, plan, rounds <= ev->themes_count, hist);
		/* Stopped in the all-rounds search, the plan holds the best seen
		 * and every level above meetings: kept, and the report says so. */
		if (ok && a.stopped)
			rep->stopped_early = true, a.stopped = false;
	}
out:
	if (a.stopped) {
		ok = false;
		diag_add(d, DIAG_DATA, ev->path, 0, 0, "stopped before the plan was complete: nothing written");
	}
	a.ev = ev;
	free(hosted);
	if (a.out_of_memory)
		diag_add(d, DIAG_IO, ev->path, 0, 0, "out of memory while allocating");
	free(had);
	free(met);
	free(met_from);
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
