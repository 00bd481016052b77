/* Warm re-solving of the minimum-cost flow (mcf_warm_*), which the search
 * over tables per theme leans on: after random capacity changes on a solved
 * graph, the warm flow must cost exactly what a solve from scratch costs,
 * or be refused exactly when no flow of the same value fits; undo must give
 * back the flow it started from. The quick re-solve for values
 * (mcf_warm_rebalance_below) must cost the same below its limit and stop
 * (2) at or above it, and a flow it leaves must serve later re-solves as
 * well as one made the slow way. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "mcf.h"
#include "tap.h"

static unsigned long long rng_state = 0x2545F4914F6CDD1Dull;

static int next_random(int n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (int)(rng_state % (unsigned long long)n);
}

/* A layered graph like step 2's: source -> groups -> themes -> sink, with
 * some negative (reward) arcs into the sink. */
struct layered {
	int groups, themes, arcs;
	int from[400], to[400];
	int64_t cap[400];
	long cost[400];
};

static void make_layered(struct layered *l)
{
	l->groups = 3 + next_random(12);
	l->themes = 2 + next_random(6);
	l->arcs = 0;
	for (int g = 0; g < l->groups; g++) {
		l->from[l->arcs] = 0, l->to[l->arcs] = 2 + g, l->cap[l->arcs] = 1 + next_random(4), l->cost[l->arcs++] = 0;
		for (int t = 0; t < l->themes; t++)
			if (next_random(3))
				l->from[l->arcs] = 2 + g, l->to[l->arcs] = 2 + l->groups + t, l->cap[l->arcs] = 1 + next_random(4),
				l->cost[l->arcs++] = next_random(11);
	}
	for (int t = 0; t < l->themes; t++) {
		int node = 2 + l->groups + t;
		l->from[l->arcs] = node, l->to[l->arcs] = 1, l->cap[l->arcs] = next_random(5), l->cost[l->arcs++] = -1000;
		l->from[l->arcs] = node, l->to[l->arcs] = 1, l->cap[l->arcs] = next_random(5), l->cost[l->arcs++] = 0;
		l->from[l->arcs] = node, l->to[l->arcs] = 1, l->cap[l->arcs] = 20, l->cost[l->arcs++] = 1000;
	}
}

static int64_t solve_cold(const struct layered *l, int64_t want, mcf_cost *total)
{
	struct mcf g;
	mcf_init(&g, 2 + l->groups + l->themes);
	for (int a = 0; a < l->arcs; a++)
		mcf_add_arc(&g, l->from[a], l->to[a], l->cap[a], l->cost[a]);
	int64_t flow = mcf_solve(&g, 0, 1, want, total);
	mcf_free(&g);
	return flow;
}

int main(void)
{
	int agree = 0, refused = 0, undone = 0, cases = 300;
	int quick_agree = 0, limited = 0;
	for (int n = 0; n < cases; n++) {
		struct layered l;
		make_layered(&l);
		struct mcf g;
		mcf_init(&g, 2 + l.groups + l.themes);
		int ids[400];
		for (int a = 0; a < l.arcs; a++)
			ids[a] = mcf_add_arc(&g, l.from[a], l.to[a], l.cap[a], l.cost[a]);
		mcf_cost start;
		int64_t value = mcf_solve(&g, 0, 1, 1000, &start);
		if (mcf_warm_start(&g) != 0 || g.total != start) {
			ok(0, "case %d: warm start keeps the solved cost", n);
			mcf_free(&g);
			continue;
		}
		for (int step = 0; step < 6; step++) {
			/* Change a few arcs out of the source or into the sink. */
			mcf_warm_mark(&g);
			mcf_cost before = g.total;
			struct layered changed = l;
			for (int k = 1 + next_random(3); k > 0; k--) {
				int a = next_random(l.arcs);
				if (l.from[a] != 0 && l.to[a] != 1)
					continue;
				changed.cap[a] = next_random(6);
				mcf_warm_set_capacity(&g, ids[a], changed.cap[a]);
				if (next_random(4) == 0) {
					/* set again: a node's imbalance may go to zero
					 * and back, listing it twice */
					changed.cap[a] = next_random(6);
					mcf_warm_set_capacity(&g, ids[a], changed.cap[a]);
				}
			}
			mcf_cost cold;
			int64_t flow = solve_cold(&changed, value, &cold);
			/* 0: the slow way; 1: quick, the limit just above the
			 * cost; 2: quick, the limit at the cost: must stop. */
			int how = next_random(3);
			int r = how == 0 ? mcf_warm_rebalance(&g) : mcf_warm_rebalance_below(&g, cold + (how == 1));
			bool keep = next_random(2) == 0;
			if (how == 2 && flow == value) {
				if (r == 2)
					limited++;
				else
					ok(0, "case %d step %d: quick re-solve %d (cost %lld) at its limit %lld", n, step, r,
					   (long long)g.total, (long long)cold);
				keep = false;
			} else if (r == 1 && flow == value && g.total == cold) {
				agree++;
				quick_agree += how == 1;
			} else if ((r == 0 || (how != 0 && r == 2)) && flow < value) {
				/* (no flow fits: no cost is below any limit) */
				refused++;
				keep = false;
			} else {
				ok(0, "case %d step %d: warm %d (cost %lld), cold flow %lld of %lld (cost %lld)", n, step, r,
				   (long long)g.total, (long long)flow, (long long)value, (long long)cold);
				keep = false;
			}
			if (keep) {
				l = changed;
				continue;
			}
			mcf_warm_undo(&g);
			if (g.total == before)
				undone++;
			else
				ok(0, "case %d step %d: undo gives back the cost before", n, step);
		}
		mcf_free(&g);
	}
	ok(agree > cases, "warm re-solves cost what solving afresh costs (%d agreed)", agree);
	ok(refused > 0, "warm re-solving refuses exactly when no flow of the same value fits (%d)", refused);
	ok(quick_agree > cases / 4, "quick re-solves below their limit cost what solving afresh costs (%d)", quick_agree);
	ok(limited > cases / 4, "quick re-solves stop when the cost cannot go below the limit (%d)", limited);
	ok(undone > cases, "undo gives back the flow before (%d)", undone);
	return tap_done();
}
