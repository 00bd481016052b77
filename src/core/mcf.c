#include "mcf.h"

#include <stdlib.h>
#include <string.h>

#define MCF_INF_COST (((mcf_cost)1) << 120)

int mcf_init(struct mcf *g, int nodes)
{
	memset(g, 0, sizeof(*g));
	return mcf_clear(g, nodes);
}

int mcf_clear(struct mcf *g, int nodes)
{
	if (nodes > g->nodes_room) {
		int *head = realloc(g->head, (size_t)nodes * sizeof(int));
		if (!head)
			return -1;
		g->head = head;
		g->nodes_room = nodes;
	}
	g->nodes = nodes;
	g->arcs = 0;
	for (int i = 0; i < nodes; i++)
		g->head[i] = -1;
	return 0;
}

static void free_work_arrays(struct mcf *g)
{
	free(g->potential);
	free(g->dist);
	free(g->level);
	free(g->current);
	free(g->queue);
	free(g->path);
	g->potential = g->dist = NULL;
	g->level = g->current = g->queue = g->path = NULL;
}

void mcf_free(struct mcf *g)
{
	free(g->head);
	free(g->next);
	free(g->to);
	free(g->cap);
	free(g->cost);
	free(g->cap0);
	free_work_arrays(g);
	free(g->heap);
	memset(g, 0, sizeof(*g));
}

static int grow_to(struct mcf *g, int n)
{
	int *next = realloc(g->next, (size_t)n * sizeof(int));
	if (next)
		g->next = next;
	int *to = realloc(g->to, (size_t)n * sizeof(int));
	if (to)
		g->to = to;
	int64_t *cap = realloc(g->cap, (size_t)n * sizeof(int64_t));
	if (cap)
		g->cap = cap;
	mcf_cost *cost = realloc(g->cost, (size_t)n * sizeof(mcf_cost));
	if (cost)
		g->cost = cost;
	if (!next || !to || !cap || !cost)
		return -1;
	g->arcs_capacity = n;
	return 0;
}

int mcf_reserve(struct mcf *g, int arcs)
{
	int want = g->arcs + 2 * arcs;
	return want > g->arcs_capacity ? grow_to(g, want) : 0;
}

int mcf_add_arc(struct mcf *g, int from, int to, int64_t cap, mcf_cost cost)
{
	if (g->arcs + 2 > g->arcs_capacity &&
	    grow_to(g, g->arcs_capacity ? g->arcs_capacity * 2 : 1024) != 0)
		return -1;
	int a = g->arcs;
	g->to[a] = to;
	g->cap[a] = cap;
	g->cost[a] = cost;
	g->next[a] = g->head[from];
	g->head[from] = a;
	g->to[a + 1] = from;
	g->cap[a + 1] = 0;
	g->cost[a + 1] = -cost;
	g->next[a + 1] = g->head[to];
	g->head[to] = a + 1;
	g->arcs += 2;
	return a;
}

int64_t mcf_flow(const struct mcf *g, int arc)
{
	return g->cap[arc + 1];
}

int mcf_snapshot(struct mcf *g)
{
	free(g->cap0);
	g->cap0 = malloc((size_t)(g->arcs ? g->arcs : 1) * sizeof(int64_t));
	if (!g->cap0)
		return -1;
	memcpy(g->cap0, g->cap, (size_t)g->arcs * sizeof(int64_t));
	return 0;
}

void mcf_reset(struct mcf *g)
{
	memcpy(g->cap, g->cap0, (size_t)g->arcs * sizeof(int64_t));
}

void mcf_set_capacity(struct mcf *g, int arc, int64_t cap)
{
	g->cap[arc] = cap;
	g->cap[arc + 1] = 0;
}

/* Shortest distances from s allowing negative costs (queue-based
 * Bellman-Ford); our graphs are layered DAGs, so this is quick. */
static void initial_potentials(struct mcf *g, int s)
{
	int n = g->nodes;
	int *queued = g->level;   /* free until the first BFS */
	for (int i = 0; i < n; i++) {
		g->potential[i] = MCF_INF_COST;
		queued[i] = 0;
	}
	g->potential[s] = 0;
	int qh = 0, qt = 0;
	g->queue[qt++] = s;
	queued[s] = 1;
	while (qh != qt) {
		int u = g->queue[qh++];
		if (qh == n)
			qh = 0;
		queued[u] = 0;
		for (int a = g->head[u]; a >= 0; a = g->next[a]) {
			if (g->cap[a] <= 0)
				continue;
			int v = g->to[a];
			mcf_cost d = g->potential[u] + g->cost[a];
			if (d < g->potential[v]) {
				g->potential[v] = d;
				if (!queued[v]) {
					queued[v] = 1;
					g->queue[qt++] = v;
					if (qt == n)
						qt = 0;
				}
			}
		}
	}
	for (int i = 0; i < n; i++)
		if (g->potential[i] == MCF_INF_COST)
			g->potential[i] = 0;   /* unreachable: any value keeps costs reduced-nonnegative later */
}

/* Binary heap of (distance, node) for Dijkstra. */
struct heap_item {
	mcf_cost d;
	int v;
};

static void heap_push(struct heap_item *h, int *n, mcf_cost d, int v)
{
	int i = (*n)++;
	while (i > 0) {
		int p = (i - 1) / 2;
		if (h[p].d <= d)
			break;
		h[i] = h[p];
		i = p;
	}
	h[i].d = d;
	h[i].v = v;
}

static struct heap_item heap_pop(struct heap_item *h, int *n)
{
	struct heap_item top = h[0], last = h[--(*n)];
	int i = 0;
	for (;;) {
		int c = 2 * i + 1;
		if (c >= *n)
			break;
		if (c + 1 < *n && h[c + 1].d < h[c].d)
			c++;
		if (h[c].d >= last.d)
			break;
		h[i] = h[c];
		i = c;
	}
	if (*n > 0)
		h[i] = last;
	return top;
}

/* Dijkstra on reduced costs; returns 0 when t is unreachable. */
static int dijkstra(struct mcf *g, int s, int t, struct heap_item *heap)
{
	int n = g->nodes, hn = 0;
	for (int i = 0; i < n; i++)
		g->dist[i] = MCF_INF_COST;
	g->dist[s] = 0;
	heap_push(heap, &hn, 0, s);
	while (hn > 0) {
		struct heap_item it = heap_pop(heap, &hn);
		if (it.d > g->dist[it.v])
			continue;
		int u = it.v;
		for (int a = g->head[u]; a >= 0; a = g->next[a]) {
			if (g->cap[a] <= 0)
				continue;
			int v = g->to[a];
			mcf_cost nd = it.d + g->cost[a] + g->potential[u] - g->potential[v];
			if (nd < g->dist[v]) {
				g->dist[v] = nd;
				heap_push(heap, &hn, nd, v);
			}
		}
	}
	if (g->dist[t] == MCF_INF_COST)
		return 0;
	for (int i = 0; i < n; i++)
		if (g->dist[i] != MCF_INF_COST)
			g->potential[i] += g->dist[i];
	return 1;
}

/* An arc on a shortest path: residual and of zero reduced cost. */
static int admissible(const struct mcf *g, int u, int a)
{
	int v = g->to[a];
	return g->cap[a] > 0 && g->dist[u] != MCF_INF_COST && g->dist[v] != MCF_INF_COST &&
	       g->cost[a] + g->potential[u] - g->potential[v] == 0;
}

/* BFS levels over admissible arcs, so the blocking-flow search is acyclic
 * even where zero-cost arcs run both ways. */
static int bfs_levels(struct mcf *g, int s, int t)
{
	for (int i = 0; i < g->nodes; i++)
		g->level[i] = -1;
	int qh = 0, qt = 0;
	g->queue[qt++] = s;
	g->level[s] = 0;
	while (qh < qt) {
		int u = g->queue[qh++];
		for (int a = g->head[u]; a >= 0; a = g->next[a]) {
			int v = g->to[a];
			if (g->level[v] < 0 && admissible(g, u, a)) {
				g->level[v] = g->level[u] + 1;
				g->queue[qt++] = v;
			}
		}
	}
	return g->level[t] >= 0;
}

/* Iterative DFS for one augmenting path along increasing levels; returns
 * the amount pushed (0 when none is left). */
static int64_t augment(struct mcf *g, int s, int t, int64_t limit, int *path)
{
	int depth = 0, u = s;
	for (;;) {
		if (u == t) {
			int64_t push = limit;
			for (int i = 0; i < depth; i++)
				if (g->cap[path[i]] < push)
					push = g->cap[path[i]];
			for (int i = 0; i < depth; i++) {
				g->cap[path[i]] -= push;
				g->cap[path[i] ^ 1] += push;
			}
			return push;
		}
		int a;
		for (a = g->current[u]; a >= 0; a = g->next[a]) {
			int v = g->to[a];
			if (g->level[v] == g->level[u] + 1 && admissible(g, u, a))
				break;
		}
		g->current[u] = a;
		if (a >= 0) {
			path[depth++] = a;
			u = g->to[a];
			continue;
		}
		/* Dead end: retreat and skip the arc that led here. */
		g->level[u] = -1;
		if (depth == 0)
			return 0;
		depth--;
		u = g->to[path[depth] ^ 1];
		g->current[u] = g->next[g->current[u]];
	}
}

int64_t mcf_solve(struct mcf *g, int s, int t, int64_t want, mcf_cost *total)
{
	size_t n = (size_t)g->nodes;
	if (g->nodes > g->work_nodes) {
		free_work_arrays(g);
		g->potential = malloc(n * sizeof(mcf_cost));
		g->dist = malloc(n * sizeof(mcf_cost));
		g->level = malloc(n * sizeof(int));
		g->current = malloc(n * sizeof(int));
		g->queue = malloc((n + 1) * sizeof(int));
		g->path = malloc((n + 1) * sizeof(int));
		g->work_nodes = g->nodes;
	}
	if (g->arcs + g->nodes + 1 > g->heap_room) {
		free(g->heap);
		g->heap_room = g->arcs + g->nodes + 1;
		g->heap = malloc((size_t)g->heap_room * sizeof(struct heap_item));
	}
	struct heap_item *heap = g->heap;
	int *path = g->path;
	if (!g->potential || !g->dist || !g->level || !g->current || !g->queue || !heap || !path) {
		mcf_free(g);
		return -1;
	}
	initial_potentials(g, s);
	int64_t flow = 0;
	while (flow < want && dijkstra(g, s, t, heap)) {
		while (flow < want && bfs_levels(g, s, t)) {
			memcpy(g->current, g->head, n * sizeof(int));
			int64_t pushed;
			while (flow < want && (pushed = augment(g, s, t, want - flow, path)) > 0)
				flow += pushed;
		}
	}
	mcf_cost c = 0;
	for (int a = 0; a < g->arcs; a += 2)
		c += g->cost[a] * (mcf_cost)g->cap[a + 1];
	if (total)
		*total = c;
	return flow;
}
