/* The cold solve (mcf_solve) checked by the conditions that define its
 * answer rather than by another solver: the flow fits the capacities and
 * is conserved, it is as large as asked for or no path is left, and it is
 * of least cost for its value (the residual graph has no negative cycle).
 * The graphs are step 2's shape with many equal costs (so each phase has
 * many shortest paths, several level searches and arcs of zero reduced
 * cost both ways between middle nodes), rewards into the sink, and costs
 * near 1e21 (10,000 delegates' weights) in some cases. And which optimal
 * flow it finds among equals is held to a plain statement of its method
 * (reference_solve): mcf_solve's shortcuts must not change it, since the
 * plans follow it. */
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

/* The method mcf_solve follows, written plainly: potentials by
 * Bellman-Ford, then phases of a full Dijkstra on reduced costs (every
 * node moves by its distance, at most t's), each phase rounds of levels
 * (fewest hops to t over arcs of zero reduced cost with room) and paths
 * down them found depth first, a node's arcs newest first. Which of the
 * optimal flows comes out depends on this method alone. Arc 2i is the
 * i-th added, 2i+1 its twin. */
struct reference {
	int nodes, arcs, tail[2 * MAX_ARCS], head[2 * MAX_ARCS];
	int64_t cap[2 * MAX_ARCS];
	mcf_cost cost[2 * MAX_ARCS], potential[MAX_NODES];
	int level[MAX_NODES], next[MAX_NODES];
};

static mcf_cost reduced_cost(const struct reference *r, int a)
{
	return r->cost[a] + r->potential[r->tail[a]] - r->potential[r->head[a]];
}

/* Arcs of u (either way) newest first: the k-th, or -1 past the last. */
static int arc_of(const struct reference *r, int u, int k)
{
	for (int a = r->arcs - 1; a >= 0; a--)
		if (r->tail[a] == u && k-- == 0)
			return a;
	return -1;
}

static bool reference_levels(struct reference *r, int s, int t)
{
	int queue[MAX_NODES], qh = 0, qt = 0;
	for (int v = 0; v < r->nodes; v++)
		r->level[v] = -1, r->next[v] = 0;
	r->level[t] = 0;
	queue[qt++] = t;
	while (qh < qt) {
		int v = queue[qh++];
		for (int a = 0; a < r->arcs; a++) {
			int u = r->tail[a];
			if (r->head[a] == v && r->level[u] < 0 && r->cap[a] > 0 && reduced_cost(r, a) == 0) {
				r->level[u] = r->level[v] + 1;
				queue[qt++] = u;
			}
		}
	}
	return r->level[s] >= 0;
}

static int64_t reference_path(struct reference *r, int s, int t, int64_t limit)
{
	int path[MAX_NODES], depth = 0, u = s;
	for (;;) {
		if (u == t) {
			for (int i = 0; i < depth; i++)
				limit = r->cap[path[i]] < limit ? r->cap[path[i]] : limit;
			for (int i = 0; i < depth; i++)
				r->cap[path[i]] -= limit, r->cap[path[i] ^ 1] += limit;
			return limit;
		}
		int a;
		while ((a = arc_of(r, u, r->next[u])) >= 0 &&
		       !(reduced_cost(r, a) == 0 && r->level[r->head[a]] == r->level[u] - 1 && r->cap[a] > 0))
			r->next[u]++;
		if (a >= 0) {
			path[depth++] = a;
			u = r->head[a];
			continue;
		}
		r->level[u] = -1;
		if (depth == 0)
			return 0;
		u = r->tail[path[--depth]];
		r->next[u]++;
	}
}

static int64_t reference_solve(struct reference *r, const struct graph *gr, int s, int t, int64_t want)
{
	const mcf_cost infinity = (mcf_cost)1 << 120;
	r->nodes = gr->nodes;
	r->arcs = 2 * gr->arcs;
	for (int i = 0; i < gr->arcs; i++) {
		r->tail[2 * i] = r->head[2 * i + 1] = gr->from[i];
		r->head[2 * i] = r->tail[2 * i + 1] = gr->to[i];
		r->cap[2 * i] = gr->cap[i], r->cap[2 * i + 1] = 0;
		r->cost[2 * i] = gr->cost[i], r->cost[2 * i + 1] = -gr->cost[i];
	}
	mcf_cost dist[MAX_NODES];
	for (int v = 0; v < r->nodes; v++)
		r->potential[v] = v == s ? 0 : infinity;
	for (int round = 0; round < r->nodes; round++)
		for (int a = 0; a < r->arcs; a++)
			if (r->cap[a] > 0 && r->potential[r->tail[a]] < infinity &&
			    r->potential[r->tail[a]] + r->cost[a] < r->potential[r->head[a]])
				r->potential[r->head[a]] = r->potential[r->tail[a]] + r->cost[a];
	for (int v = 0; v < r->nodes; v++)
		r->potential[v] = r->potential[v] == infinity ? 0 : r->potential[v];
	int64_t flow = 0;
	while (flow < want) {
		bool done[MAX_NODES] = { false };
		for (int v = 0; v < r->nodes; v++)
			dist[v] = v == s ? 0 : infinity;
		for (;;) {
			int u = -1;
			for (int v = 0; v < r->nodes; v++)
				if (!done[v] && dist[v] < infinity && (u < 0 || dist[v] < dist[u]))
					u = v;
			if (u < 0)
				break;
			done[u] = true;
			for (int a = 0; a < r->arcs; a++)
				if (r->tail[a] == u && r->cap[a] > 0 && dist[u] + reduced_cost(r, a) < dist[r->head[a]])
					dist[r->head[a]] = dist[u] + reduced_cost(r, a);
		}
		if (dist[t] == infinity)
			break;
		for (int v = 0; v < r->nodes; v++)
			r->potential[v] += dist[v] < dist[t] ? dist[v] : dist[t];
		while (flow < want && reference_levels(r, s, t)) {
			int64_t pushed;
			while (flow < want && (pushed = reference_path(r, s, t, want - flow)) > 0)
				flow += pushed;
		}
	}
	return flow;
}

int main(void)
{
	int cases = 400, feasible = 0, largest = 0, cheapest = 0, priced = 0, same = 0;
	static struct reference ref;
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
		bool alike = reference_solve(&ref, &gr, 0, 1, want) == value;
		for (int a = 0; a < gr.arcs; a++)
			alike = alike && ref.cap[2 * a + 1] == gr.flow[a];
		same += ok(alike, "case %d: the flow is the one its method finds, arc by arc", n);
	}
	mcf_free(&g);
	printf("# %d cases: %d feasible, %d largest, %d cheapest, %d priced, %d as the plain method finds\n", cases,
	       feasible, largest, cheapest, priced, same);
	return tap_done();
}
