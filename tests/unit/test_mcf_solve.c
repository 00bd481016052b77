/* The cold solve (mcf_solve) checked by the conditions that define its
 * answer rather than by another solver: the flow fits the capacities and
 * is conserved, it is as large as asked for or no path is left, and it is
 * of least cost for its value (the residual graph has no negative cycle).
 * The graphs are step 2's shape with many equal costs (so each phase has
 * many shortest paths, several level searches and arcs of zero reduced
 * cost both ways between middle nodes), rewards into the sink, and costs
 * near 1e21 (10,000 delegates' weights) in some cases. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "mcf.h"
#include "tap.h"

/* A linear congruential generator (Knuth's MMIX constants): the cases are
 * the same on every run. */
static unsigned long long lcg = 1;

static int next_random(int n)
{
	lcg = lcg * 6364136223846793005ull + 1442695040888963407ull;
	return (int)((lcg >> 33) % (unsigned long long)n);
}

enum { MAX_NODES = 64, MAX_ARCS = 1200 };

struct graph {
	int nodes, arcs;
	int from[MAX_ARCS], to[MAX_ARCS], id[MAX_ARCS];
	int64_t cap[MAX_ARCS], flow[MAX_ARCS];
	mcf_cost cost[MAX_ARCS];
};

static void add(struct graph *gr, int from, int to, int64_t cap, mcf_cost cost)
{
	if (gr->arcs == MAX_ARCS)
		return;
	gr->from[gr->arcs] = from, gr->to[gr->arcs] = to, gr->cap[gr->arcs] = cap;
	gr->cost[gr->arcs++] = cost;
}

/* source 0 -> groups -> middle (both ways, non-negative) -> themes -> sink 1:
 * no negative cycle, since only arcs into the sink may cost less than 0. */
static void make_graph(struct graph *gr, mcf_cost scale)
{
	int groups = 2 + next_random(20), middle = next_random(10), themes = 1 + next_random(10);
	int g0 = 2, m0 = g0 + groups, t0 = m0 + middle;
	gr->nodes = t0 + themes;
	gr->arcs = 0;
	for (int g = 0; g < groups; g++) {
		add(gr, 0, g0 + g, 1 + next_random(5), 0);
		for (int k = 0; k < themes + middle; k++)
			if (next_random(3) == 0)
				add(gr, g0 + g, m0 + k, 1 + next_random(4), (mcf_cost)next_random(3) * scale);
	}
	for (int m = 0; m < middle; m++)
		for (int k = 0; k < themes + middle; k++)
			if (m0 + k != m0 + m && next_random(4) == 0)
				add(gr, m0 + m, m0 + k, 1 + next_random(6), (mcf_cost)next_random(2) * scale);
	for (int t = 0; t < themes; t++) {
		add(gr, t0 + t, 1, next_random(4), -1000 * scale);
		add(gr, t0 + t, 1, next_random(4), 0);
		add(gr, t0 + t, 1, 30, 1000 * scale);
	}
}

/* Is t reached from s over arcs with room left (forward) or flow (back)? */
static bool path_left(const struct graph *gr, int s, int t)
{
	bool seen[MAX_NODES] = { false };
	int queue[MAX_NODES], qh = 0, qt = 0;
	seen[s] = true;
	queue[qt++] = s;
	while (qh < qt) {
		int u = queue[qh++];
		for (int a = 0; a < gr->arcs; a++) {
			int v = -1;
			if (gr->from[a] == u && gr->flow[a] < gr->cap[a])
				v = gr->to[a];
			else if (gr->to[a] == u && gr->flow[a] > 0)
				v = gr->from[a];
			if (v >= 0 && !seen[v]) {
				seen[v] = true;
				queue[qt++] = v;
			}
		}
	}
	return seen[t];
}

/* Bellman-Ford from a root joined to every node: a distance still falling
 * after `nodes` rounds means a negative cycle of residual arcs. */
static bool negative_cycle(const struct graph *gr)
{
	mcf_cost d[MAX_NODES] = { 0 };
	for (int round = 0; round <= gr->nodes; round++) {
		bool changed = false;
		for (int a = 0; a < gr->arcs; a++) {
			int u = gr->from[a], v = gr->to[a];
			if (gr->flow[a] < gr->cap[a] && d[u] + gr->cost[a] < d[v])
				d[v] = d[u] + gr->cost[a], changed = true;
			if (gr->flow[a] > 0 && d[v] - gr->cost[a] < d[u])
				d[u] = d[v] - gr->cost[a], changed = true;
		}
		if (!changed)
			return false;
	}
	return true;
}

int main(void)
{
	int cases = 400, feasible = 0, largest = 0, cheapest = 0, priced = 0;
	struct mcf g;
	mcf_init(&g, 2);
	for (int n = 0; n < cases; n++) {
		struct graph gr;
		mcf_cost scale = n % 4 == 3 ? (mcf_cost)1000000000 * 1000000000 * 1000 : 1;   /* 1e21 */
		make_graph(&gr, scale);
		/* One struct for every case, as allocate reuses its memory. */
		mcf_clear(&g, gr.nodes);
		for (int a = 0; a < gr.arcs; a++)
			gr.id[a] = mcf_add_arc(&g, gr.from[a], gr.to[a], gr.cap[a], gr.cost[a]);
		int64_t want = next_random(2) ? 1000 : 1 + next_random(12);
		mcf_cost total = 0, sum = 0;
		int64_t value = mcf_solve(&g, 0, 1, want, &total);
		int64_t net[MAX_NODES] = { 0 };
		bool fits = value >= 0 && value <= want;
		for (int a = 0; a < gr.arcs; a++) {
			gr.flow[a] = mcf_flow(&g, gr.id[a]);
			fits = fits && gr.flow[a] >= 0 && gr.flow[a] <= gr.cap[a];
			net[gr.from[a]] -= gr.flow[a];
			net[gr.to[a]] += gr.flow[a];
			sum += gr.cost[a] * gr.flow[a];
		}
		for (int v = 2; v < gr.nodes; v++)
			fits = fits && net[v] == 0;
		fits = fits && net[0] == -value && net[1] == value;
		feasible += ok(fits, "case %d: the flow of %lld fits the capacities and is conserved", n, (long long)value);
		largest += ok(value == want || !path_left(&gr, 0, 1), "case %d: %lld of %lld sent, and no path is left",
			      n, (long long)value, (long long)want);
		cheapest += ok(!negative_cycle(&gr), "case %d: no negative cycle is left (least cost for the value)", n);
		priced += ok(total == sum, "case %d: the cost returned is the flow's", n);
	}
	mcf_free(&g);
	printf("# %d cases: %d feasible, %d largest, %d cheapest, %d priced\n", cases, feasible, largest, cheapest,
	       priced);
	return tap_done();
}
