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
	if (nodes + 1 > g->nodes_room) {
		int *first = realloc(g->first, (size_t)(nodes + 1) * sizeof(int));
		if (!first)
			return -1;
		g->first = first;
		g->nodes_room = nodes + 1;
	}
	g->nodes = nodes;
	g->arcs = 0;
	g->ready = false;
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
	free(g->tight_first);
	free(g->tight_end);
	free(g->tight_phase);
	free(g->reached);
	g->potential = g->dist = NULL;
	g->level = g->current = g->queue = g->path = g->reached = NULL;
	g->tight_first = g->tight_end = g->tight_phase = NULL;
}

void mcf_free(struct mcf *g)
{
	free(g->excess);
	free(g->pred);
	free(g->back_seen);
	free(g->toward);
	free(g->touched);
	free(g->zero_way);
	free(g->active);
	free(g->log);
	free(g->arc_tail);
	free(g->arc_head);
	free(g->arc_cap);
	free(g->arc_cost);
	free(g->first);
	free(g->to);
	free(g->twin);
	free(g->pos);
	free(g->cap);
	free(g->cost);
	free(g->cap0);
	free_work_arrays(g);
	free(g->heap);
	free(g->tight);
	memset(g, 0, sizeof(*g));
}

/* realloc that keeps the old block, and clears *ok, when memory runs out. */
static void *resized(void *old, size_t bytes, bool *ok)
{
	void *p = realloc(old, bytes ? bytes : 1);
	if (!p) {
		*ok = false;
		return old;
	}
	return p;
}

/* Room for n arc numbers (n / 2 arcs as added). */
static int grow_to(struct mcf *g, int n)
{
	size_t m = (size_t)n / 2;
	bool ok = true;
	g->arc_tail = resized(g->arc_tail, m * sizeof(int), &ok);
	g->arc_head = resized(g->arc_head, m * sizeof(int), &ok);
	g->arc_cap = resized(g->arc_cap, m * sizeof(int64_t), &ok);
	g->arc_cost = resized(g->arc_cost, m * sizeof(mcf_cost), &ok);
	if (!ok)
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
	int a = g->arcs, i = a / 2;
	g->arc_tail[i] = from;
	g->arc_head[i] = to;
	g->arc_cap[i] = cap;
	g->arc_cost[i] = cost;
	g->arcs += 2;
	g->ready = false;
	return a;
}

int mcf_arc_head(const struct mcf *g, int arc)
{
	return arc & 1 ? g->arc_tail[arc / 2] : g->arc_head[arc / 2];
}

/* Lays the residual graph out node by node (a counting sort by tail). A
 * node's arcs keep the order a list built by mcf_add_arc would give them,
 * newest first, so ties fall as they always did. */
static int make_residual(struct mcf *g)
{
	if (g->ready)
		return 0;
	int n = g->nodes, m = g->arcs;
	if (m > g->residual_room) {
		size_t room = (size_t)m;
		bool ok = true;
		g->to = resized(g->to, room * sizeof(int), &ok);
		g->twin = resized(g->twin, room * sizeof(int), &ok);
		g->pos = resized(g->pos, room * sizeof(int), &ok);
		g->cap = resized(g->cap, room * sizeof(int64_t), &ok);
		g->cost = resized(g->cost, room * sizeof(mcf_cost), &ok);
		if (!ok)
			return -1;
		g->residual_room = m;
	}
	int *first = g->first, *to = g->to, *twin = g->twin, *pos = g->pos;
	const int *arc_tail = g->arc_tail, *arc_head = g->arc_head;
	int64_t *cap = g->cap;
	mcf_cost *cost = g->cost;
	for (int u = 0; u <= n; u++)
		first[u] = 0;
	for (int i = 0; i < m / 2; i++) {
		first[arc_tail[i] + 1]++;
		first[arc_head[i] + 1]++;
	}
	for (int u = 0; u < n; u++)
		first[u + 1] += first[u];
	/* Newest first: place arc numbers from the last, each at its tail's
	 * next free place (first[u] runs ahead and is put back after). */
	for (int i = m / 2 - 1; i >= 0; i--) {
		int tail = arc_tail[i], head = arc_head[i];
		int back = first[head]++, x = first[tail]++;   /* the twin, numbered after, is placed first */
		pos[2 * i + 1] = back;
		pos[2 * i] = x;
		to[back] = tail;
		to[x] = head;
		cap[back] = 0;
		cap[x] = g->arc_cap[i];
		cost[back] = -g->arc_cost[i];
		cost[x] = g->arc_cost[i];
		twin[back] = x;
		twin[x] = back;
	}
	for (int u = n; u > 0; u--)
		first[u] = first[u - 1];
	first[0] = 0;
	g->ready = true;
	return 0;
}

int64_t mcf_flow(const struct mcf *g, int arc)
{
	return g->ready ? g->cap[g->pos[arc + 1]] : 0;
}

/* The cost of the current flow: each arc's cost times the flow on it. */
static mcf_cost flow_cost(const struct mcf *g)
{
	mcf_cost c = 0;
	for (int a = 0; a < g->arcs; a += 2)
		c += g->cost[g->pos[a]] * (mcf_cost)g->cap[g->pos[a + 1]];
	return c;
}

int mcf_snapshot(struct mcf *g)
{
	free(g->cap0);
	g->cap0 = NULL;
	if (make_residual(g) != 0)
		return -1;
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
	g->cap[g->pos[arc]] = cap;
	g->cap[g->pos[arc + 1]] = 0;
}

/* Shortest distances over residual arcs allowing negative costs
 * (queue-based Bellman-Ford), from s, or with s < 0 from a root joined to
 * every node at cost 0 (exact potentials for an optimal flow, which has no
 * negative cycle); our graphs are layered DAGs, so this is quick. */
static void bellman_ford(struct mcf *g, int s)
{
	int n = g->nodes, slots = n + 1;
	int *queued = g->level;   /* free until the next BFS */
	int qh = 0, qt = 0, waiting = 0;
	for (int i = 0; i < n; i++) {
		g->potential[i] = s < 0 ? 0 : MCF_INF_COST;
		queued[i] = s < 0;
		if (s < 0)
			g->queue[qt++] = i;
	}
	waiting = s < 0 ? n : 1;
	if (s >= 0) {
		g->potential[s] = 0;
		queued[s] = 1;
		g->queue[qt++] = s;
	}
	while (waiting > 0) {
		int u = g->queue[qh];
		qh = (qh + 1) % slots;
		queued[u] = 0;
		waiting--;
		for (int a = g->first[u]; a < g->first[u + 1]; a++) {
			if (g->cap[a] <= 0)
				continue;
			int v = g->to[a];
			mcf_cost d = g->potential[u] + g->cost[a];
			if (d < g->potential[v]) {
				g->potential[v] = d;
				if (!queued[v]) {
					queued[v] = 1;
					waiting++;
					g->queue[qt] = v;
					qt = (qt + 1) % slots;
				}
			}
		}
	}
	for (int i = 0; i < n; i++)
		if (g->potential[i] == MCF_INF_COST)
			g->potential[i] = 0;   /* unreachable: any value keeps costs reduced-nonnegative later */
}

/* Heap of (distance, node) for Dijkstra, four children a node: half the
 * levels of a binary heap, and a node's children share a cache line or
 * two, which counts where most of a search is pops. */
struct heap_item {
	mcf_cost d;
	int v;
};

static void heap_push(struct heap_item *h, int *n, mcf_cost d, int v)
{
	int i = (*n)++;
	while (i > 0) {
		int p = (i - 1) / 4;
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
		int c = 4 * i + 1;
		if (c >= *n)
			break;
		int end = c + 4 < *n ? c + 4 : *n;
		for (int x = c + 1; x < end; x++)
			if (h[x].d < h[c].d)
				c = x;
		if (h[c].d >= last.d)
			break;
		h[i] = h[c];
		i = c;
	}
	if (*n > 0)
		h[i] = last;
	return top;
}

/* The next node a Dijkstra settles: one reached at the distance being
 * settled (queued, its distance final) first, else the heap's nearest (it
 * may be stale: the caller compares it with dist). */
static struct heap_item next_to_settle(const struct mcf *g, struct heap_item *heap, int *hn, const int *queue,
				       int *qh, int qt)
{
	if (*qh < qt) {
		int v = queue[(*qh)++];
		return (struct heap_item){ g->dist[v], v };
	}
	return heap_pop(heap, hn);
}

/* Dijkstra on reduced costs; returns 0 when t is unreachable. dist is
 * MCF_INF_COST everywhere before and after, and level -1 (no level search
 * is under way): the nodes given a distance are listed in reached and put
 * back, so a phase costs the nodes it reaches, not every node. */
static int dijkstra(struct mcf *g, int s, int t, struct heap_item *heap)
{
	int hn = 0, *reached = g->reached, nr = 0;
	/* 0 for a node whose distance is final: an arc into it, of reduced
	 * cost at least 0, cannot bring it nearer, so is passed over before
	 * any 128-bit sum. Most arcs lead to such nodes. */
	int *final = g->level;
	mcf_cost *dist = g->dist, *potential = g->potential;
	const int *first = g->first, *to = g->to;
	const int64_t *cap = g->cap;
	const mcf_cost *cost = g->cost;
	dist[s] = 0;
	reached[nr++] = s;
	heap_push(heap, &hn, 0, s);
	/* Nodes reached at the distance being settled are final: they wait in
	 * a queue rather than the heap (each joins it once). The order among
	 * equals changes no potential below, so neither the flow. */
	int *level_queue = g->queue, qh = 0, qt = 0;
	while (hn > 0 || qh < qt) {
		struct heap_item it = next_to_settle(g, heap, &hn, level_queue, &qh, qt);
		if (it.d > dist[it.v])
			continue;
		int u = it.v;
		if (u == t)
			break;   /* the rest lie no nearer than t: see below */
		final[u] = 0;
		mcf_cost base = it.d + potential[u];
		for (int a = first[u], end = first[u + 1]; a < end; a++) {
			if (cap[a] <= 0)
				continue;
			int v = to[a];
			if (final[v] == 0)
				continue;
			mcf_cost nd = base + cost[a] - potential[v];
			if (nd < dist[v]) {
				if (dist[v] == MCF_INF_COST)
					reached[nr++] = v;
				dist[v] = nd;
				if (nd == it.d) {
					final[v] = 0;
					level_queue[qt++] = v;
				} else
					heap_push(heap, &hn, nd, v);
			}
		}
	}
	/* Nodes settled before t move by their distance, all others by t's:
	 * reduced costs stay non-negative, and shortest paths to t are of
	 * zero reduced cost. Only differences of potentials count, so every
	 * node moves by that less t's distance: those not settled stay. */
	mcf_cost dt = dist[t];
	bool found = dt != MCF_INF_COST;
	for (int k = 0; k < nr; k++) {
		int v = reached[k];
		if (found && dist[v] < dt)
			potential[v] += dist[v] - dt;
		dist[v] = MCF_INF_COST;
		final[v] = -1;
	}
	return found;
}

/* Lists v's arcs of zero reduced cost, once a phase: the searches for
 * levels and paths, several a phase, then read those alone, and compare
 * no 128-bit costs. Twins share their reduced cost (negated), so an arc
 * into v of zero reduced cost is the twin of one listed. */
static void list_tight(struct mcf *g, int v)
{
	if (g->tight_phase[v] == g->phase)
		return;
	const int *to = g->to;
	const mcf_cost *cost = g->cost, *potential = g->potential;
	mcf_cost pv = potential[v];
	int k = g->tight_n;
	g->tight_phase[v] = g->phase;
	g->tight_first[v] = k;
	/* Low halves first: most arcs differ there, and a 64-bit sum is
	 * half the work of the 128-bit one. */
	uint64_t pv_low = (uint64_t)pv;
	for (int a = g->first[v], end = g->first[v + 1]; a < end; a++) {
		mcf_cost pw = potential[to[a]];
		if ((uint64_t)cost[a] + pv_low == (uint64_t)pw && cost[a] + pv == pw)
			g->tight[k++] = a;
	}
	g->tight_end[v] = k;
	g->tight_n = k;
}

/* Levels by breadth-first search back from t over admissible arcs: a
 * node's level is its fewest hops to t, so the blocking-flow search, which
 * steps one level down each hop, is acyclic even where zero-cost arcs run
 * both ways, and only walks nodes that led to t when it began. (Levels from
 * s led it into dead ends: nine in ten nodes it entered at 1,000 delegates
 * over 100 themes. From a node on a shortest path the arcs one level down
 * are the same either way, so is every path found.) */
static int bfs_levels(struct mcf *g, int s, int t)
{
	int *level = g->level, *queue = g->queue, *current = g->current;
	const int *to = g->to, *twin = g->twin, *tight = g->tight;
	const int64_t *cap = g->cap;
	/* Every node but those the last search labelled (still in the queue)
	 * is unlabelled: a search costs the nodes it reaches, not every node.
	 * A node labelled has its next arc to try (current) set when the
	 * path search first steps on it. */
	for (int i = 0; i < g->labelled; i++)
		level[queue[i]] = -1;
	int qh = 0, qt = 0;
	queue[qt++] = t;
	level[t] = 0;
	/* Every node nearer t than s is labelled before s is. */
	while (qh < qt && level[s] < 0) {
		int v = queue[qh++];
		list_tight(g, v);
		for (int k = g->tight_first[v], end = g->tight_end[v]; k < end; k++) {
			int a = tight[k], u = to[a];   /* the arc into v is a's twin, u -> v */
			if (level[u] < 0 && cap[twin[a]] > 0) {
				level[u] = level[v] + 1;
				current[u] = -1;
				queue[qt++] = u;
			}
		}
	}
	g->labelled = qt;
	if (level[s] >= 0)
		return 1;
	/* The phase ends: leave no label for the next phase's Dijkstra (which
	 * uses the queue) to lose track of. */
	for (int i = 0; i < qt; i++)
		level[queue[i]] = -1;
	g->labelled = 0;
	return 0;
}

/* Iterative DFS for one augmenting path down the levels, over the arcs
 * of zero reduced cost (current[u] the next of u's to try); returns the
 * amount pushed (0 when none is left). */
static int64_t augment(struct mcf *g, int s, int t, int64_t limit, int *path)
{
	int depth = 0, u = s;
	int *level = g->level, *current = g->current;
	int64_t *cap = g->cap;
	for (;;) {
		if (u == t) {
			int64_t push = limit;
			for (int i = 0; i < depth; i++)
				if (cap[path[i]] < push)
					push = cap[path[i]];
			for (int i = 0; i < depth; i++) {
				cap[path[i]] -= push;
				cap[g->twin[path[i]]] += push;
			}
			return push;
		}
		if (current[u] < 0) {
			list_tight(g, u);
			current[u] = g->tight_first[u];
		}
		int k, end = g->tight_end[u];
		for (k = current[u]; k < end; k++) {
			int a = g->tight[k];
			if (level[g->to[a]] == level[u] - 1 && cap[a] > 0)
				break;
		}
		current[u] = k;
		if (k < end) {
			int a = g->tight[k];
			path[depth++] = a;
			u = g->to[a];
			continue;
		}
		/* Dead end: retreat and skip the arc that led here. */
		level[u] = -1;
		if (depth == 0)
			return 0;
		depth--;
		u = g->to[g->twin[path[depth]]];
		current[u]++;
	}
}

static bool interrupted(const struct mcf *g, int64_t flow, int64_t want)
{
	return g->interrupt && g->interrupt(g->interrupt_ctx, flow, want);
}

int64_t mcf_solve(struct mcf *g, int s, int t, int64_t want, mcf_cost *total)
{
	size_t n = (size_t)g->nodes;
	if (make_residual(g) != 0) {
		mcf_free(g);
		return -1;
	}
	if (g->nodes > g->work_nodes) {
		free_work_arrays(g);
		g->potential = malloc(n * sizeof(mcf_cost));
		g->dist = malloc(n * sizeof(mcf_cost));
		g->level = malloc(n * sizeof(int));
		g->current = malloc(n * sizeof(int));
		g->queue = malloc((n + 1) * sizeof(int));
		g->path = malloc((n + 1) * sizeof(int));
		g->tight_first = malloc(n * sizeof(int));
		g->tight_end = malloc(n * sizeof(int));
		g->tight_phase = malloc(n * sizeof(int));
		g->reached = malloc(n * sizeof(int));
		g->work_nodes = g->nodes;
	}
	if (g->arcs + g->nodes + 1 > g->heap_room) {
		free(g->heap);
		g->heap_room = g->arcs + g->nodes + 1;
		g->heap = malloc((size_t)g->heap_room * sizeof(struct heap_item));
	}
	if (g->arcs + 1 > g->tight_room) {
		free(g->tight);
		g->tight_room = g->arcs + 1;
		g->tight = malloc((size_t)g->tight_room * sizeof(int));
	}
	struct heap_item *heap = g->heap;
	int *path = g->path;
	if (!g->potential || !g->dist || !g->level || !g->current || !g->queue || !heap || !path || !g->tight ||
	    !g->tight_first || !g->tight_end || !g->tight_phase || !g->reached) {
		mcf_free(g);
		return -1;
	}
	bellman_ford(g, s);
	int64_t flow = 0;
	bool stop = false;
	memset(g->tight_phase, 0, n * sizeof(int));
	memset(g->tight_first, 0, n * sizeof(int));
	for (size_t i = 0; i < n; i++) {
		g->dist[i] = MCF_INF_COST;
		g->level[i] = -1;
	}
	g->labelled = 0;
	g->phase = 0;
	while (!stop && flow < want && dijkstra(g, s, t, heap)) {
		g->phase++;
		g->tight_n = 0;
		while (!stop && flow < want && bfs_levels(g, s, t)) {
			int64_t pushed;
			/* A phase of a big graph takes a good part of a second:
			 * asking every 64 paths lets a stop be felt within it. */
			for (int paths = 0; flow < want && (pushed = augment(g, s, t, want - flow, path)) > 0; paths++) {
				flow += pushed;
				if (paths % 64 == 63 && (stop = interrupted(g, flow, want)))
					break;
			}
			stop = stop || interrupted(g, flow, want);
		}
	}
	if (total)
		*total = flow_cost(g);
	return flow;
}

/* ---- warm re-solving ---- */

enum undo_kind { UNDO_ARC, UNDO_POTENTIAL, UNDO_EXCESS };

struct mcf_undo {
	int kind, index;
	int64_t a, b;
	mcf_cost p;
};

static int log_push(struct mcf *g, int kind, int index, int64_t a, int64_t b, mcf_cost p)
{
	if (g->log_len == g->log_room) {
		size_t room = g->log_room ? g->log_room * 2 : 256;
		struct mcf_undo *log = realloc(g->log, room * sizeof(*log));
		if (!log)
			return -1;
		g->log = log;
		g->log_room = room;
	}
	g->log[g->log_len++] = (struct mcf_undo){ kind, index, a, b, p };
	return 0;
}

/* Logs the capacities of a residual arc and its twin. */
static int log_arc(struct mcf *g, int x)
{
	return log_push(g, UNDO_ARC, x, g->cap[x], g->cap[g->twin[x]], 0);
}

static int add_excess(struct mcf *g, int v, int64_t d)
{
	if (log_push(g, UNDO_EXCESS, v, g->excess[v], 0, 0) != 0)
		return -1;
	if (g->excess[v] == 0) {
		if (g->active_n == g->active_room) {
			size_t room = g->active_room ? g->active_room * 2 : 64;
			int *active = realloc(g->active, room * sizeof(int));
			if (!active)
				return -1;
			g->active = active;
			g->active_room = room;
		}
		g->active[g->active_n++] = v;
	}
	g->excess[v] += d;
	return 0;
}

/* Reduced cost of residual arc x out of node u. */
static mcf_cost reduced(const struct mcf *g, int u, int x)
{
	return g->cost[x] + g->potential[u] - g->potential[g->to[x]];
}

int mcf_warm_start(struct mcf *g)
{
	int n = g->nodes;
	free(g->excess);
	free(g->pred);
	free(g->back_seen);
	free(g->toward);
	free(g->touched);
	free(g->zero_way);
	g->excess = calloc((size_t)(n ? n : 1), sizeof(int64_t));
	g->pred = malloc((size_t)(n ? n : 1) * sizeof(int));
	g->back_seen = malloc((size_t)(n ? n : 1) * sizeof(int));
	g->toward = malloc((size_t)(n ? n : 1) * sizeof(int));
	g->touched = malloc((size_t)(n ? n : 1) * sizeof(int));
	g->zero_way = malloc((size_t)(n ? n : 1) * sizeof(int));
	if (!g->excess || !g->pred || !g->back_seen || !g->toward || !g->touched || !g->zero_way || !g->potential)
		return -1;
	for (int i = 0; i < n; i++)
		g->zero_way[i] = -1;
	bellman_ford(g, -1);
	g->total = flow_cost(g);
	g->log_len = 0;
	g->mark_total = g->total;
	for (int i = 0; i < n; i++)
		g->dist[i] = MCF_INF_COST;
	return 0;
}

void mcf_warm_mark(struct mcf *g)
{
	g->log_len = 0;
	g->active_n = 0;
	g->mark_total = g->total;
}

void mcf_warm_undo(struct mcf *g)
{
	while (g->log_len > 0) {
		struct mcf_undo *u = &g->log[--g->log_len];
		if (u->kind == UNDO_ARC) {
			g->cap[u->index] = u->a;
			g->cap[g->twin[u->index]] = u->b;
		} else if (u->kind == UNDO_POTENTIAL) {
			g->potential[u->index] = u->p;
		} else {
			g->excess[u->index] = u->a;
		}
	}
	g->total = g->mark_total;
	g->active_n = 0;
}

int mcf_warm_set_capacity(struct mcf *g, int arc, int64_t cap)
{
	int x = g->pos[arc], back = g->pos[arc + 1], tail = g->to[back];
	int64_t flow = g->cap[back];
	mcf_cost rc = reduced(g, tail, x);
	/* Keep the flow optimal arc by arc: full where the arc pays, empty
	 * where it costs, else as much as still fits. */
	int64_t want = rc < 0 ? cap : rc > 0 ? 0 : (flow < cap ? flow : cap);
	if (log_arc(g, x) != 0)
		return -1;
	g->cap[x] = cap - want;
	g->cap[back] = want;
	int64_t d = want - flow;
	if (d) {
		g->total += g->cost[x] * (mcf_cost)d;
		if (add_excess(g, tail, -d) != 0 || add_excess(g, g->to[x], d) != 0)
			return -1;
	}
	return 0;
}

/* One shortest path from every node with excess at once to the nearest
 * with a deficit; potentials of the nodes settled before it move by their
 * distance less its (the others keep theirs), which keeps every residual
 * arc's reduced cost non-negative. Returns the deficit node, or -1. Quick,
 * after a back search that gave up, it may end instead at a node that
 * search reached (level -5; *met): all nearer nodes are settled, and that
 * node leads on to a deficit at zero cost (toward[]), so the deficit is
 * no nearer either and the path through it is a shortest one. */
static int warm_dijkstra(struct mcf *g, struct heap_item *heap, bool quick, int *touched_n, int *settled_n, bool *met)
{
	int hn = 0, nt = 0, found = -1;
	size_t kept = 0;
	for (size_t k = 0; k < g->active_n; k++) {
		int v = g->active[k];
		if (g->excess[v] == 0)
			continue;
		g->active[kept++] = v;
		if (g->excess[v] > 0 && g->dist[v] != 0) {
			g->dist[v] = 0;
			g->pred[v] = -1;
			g->touched[nt++] = v;
			heap_push(heap, &hn, 0, v);
		}
	}
	g->active_n = kept;
	int *settled = g->queue;
	int ns = 0;
	mcf_cost reach = 0;
	/* Quick: nodes reached at the distance being settled wait in a queue,
	 * not the heap (nothing in the heap is nearer), so a plateau of zero
	 * reduced cost is walked without heap work, nearest first. Each node
	 * joins it once at most: its distance is then final. */
	int *level_queue = g->path, qh = 0, qt = 0;
	/* The arrays read per arc, as locals: the stores to dist and pred
	 * would otherwise make the compiler reload g's pointers every arc. */
	const int *first = g->first, *to = g->to;
	const int64_t *cap = g->cap, *excess = g->excess;
	const mcf_cost *cost = g->cost, *potential = g->potential;
	mcf_cost *dist = g->dist;
	int *level = g->level, *pred = g->pred, *touched = g->touched;
	while ((hn > 0 || qh < qt) && found < 0) {
		struct heap_item it = next_to_settle(g, heap, &hn, level_queue, &qh, qt);
		int u = it.v;
		if (it.d > dist[u] || level[u] == -2)
			continue;
		bool meets = level[u] == -5;
		level[u] = -2;   /* settled */
		settled[ns++] = u;
		if (excess[u] < 0 || meets) {
			found = u;
			reach = it.d;
			*met = meets;
			break;
		}
		mcf_cost from = it.d + potential[u];
		for (int a = first[u]; a < first[u + 1]; a++) {
			int v = to[a];
			/* A settled node is no nearer by this arc: skip it before
			 * the 128-bit sums (most arcs lead back where the search
			 * came from). */
			if (cap[a] <= 0 || level[v] == -2)
				continue;
			mcf_cost nd = from + cost[a] - potential[v];
			if (nd < dist[v]) {
				if (dist[v] == MCF_INF_COST)
					touched[nt++] = v;
				dist[v] = nd;
				pred[v] = a;
				/* Quick: a deficit as near as u is as good as settled,
				 * nothing in the heap being nearer. Most searches end
				 * at distance 0, where popping the plateau first costs
				 * thousands of nodes; but the path, so the optimal
				 * flow found, is another than the pop order gives. */
				if (quick && nd == it.d && (excess[v] < 0 || level[v] == -5)) {
					*met = level[v] == -5;
					level[v] = -2;
					settled[ns++] = v;
					found = v;
					reach = nd;
					break;
				}
				if (quick && nd == it.d)
					level_queue[qt++] = v;
				else
					heap_push(heap, &hn, nd, v);
			}
		}
	}
	int ok = 0;
	for (int k = 0; k < ns && found >= 0; k++) {
		int v = settled[k];
		if (g->dist[v] != reach) {
			if (log_push(g, UNDO_POTENTIAL, v, 0, 0, g->potential[v]) != 0) {
				ok = -1;
				break;
			}
			g->potential[v] += g->dist[v] - reach;
		}
	}
	*touched_n = nt;
	*settled_n = ns;
	return ok < 0 ? -2 : found;
}

/* Pushes along one path from p's start to t (arcs path[0..depth)); logs. */
static int push_path(struct mcf *g, int s, int t, const int *path, int depth, int64_t limit)
{
	int64_t push = limit;
	if (g->excess[s] < push)
		push = g->excess[s];
	if (-g->excess[t] < push)
		push = -g->excess[t];
	for (int i = 0; i < depth; i++)
		if (g->cap[path[i]] < push)
			push = g->cap[path[i]];
	for (int i = 0; i < depth; i++) {
		if (log_arc(g, path[i]) != 0)
			return -1;
		g->cap[path[i]] -= push;
		g->cap[g->twin[path[i]]] += push;
		g->total += g->cost[path[i]] * (mcf_cost)push;
	}
	return add_excess(g, s, -push) != 0 || add_excess(g, t, push) != 0 ? -1 : 0;
}

/* After a Dijkstra, more paths to the same deficit t over arcs of zero
 * reduced cost among the nodes it settled (level -2), found depth first:
 * a node that leads nowhere is marked dead (-3) for the rest of the phase,
 * so the phase costs about one pass over what Dijkstra settled, where a
 * Dijkstra per unit would cost many. With any_deficit, after a quick back
 * search (whose nodes lead to every deficit, and whose flow is undone, so
 * which optimal flow it finds does not matter), paths may end at any
 * deficit: a move leaves one at each of its themes' nodes, and each path
 * found here spares a search (250/25 k100: 82.6M -> 79.6M instructions). */
static int augment_more(struct mcf *g, int t, const int *settled, int ns, bool any_deficit)
{
	int *path = g->path;
	for (int k = 0; k < ns; k++)
		g->current[settled[k]] = g->first[settled[k]];
	for (int k = 0; k < ns && (any_deficit || g->excess[t] < 0); k++) {
		int s = settled[k];
		while (g->excess[s] > 0 && (any_deficit || g->excess[t] < 0) && g->level[s] == -2) {
			int depth = 0, u = s;
			g->level[s] = -3;
			while (any_deficit ? g->excess[u] >= 0 : u != t) {
				int a = g->current[u], end = g->first[u + 1];
				while (a < end && !(g->level[g->to[a]] == -2 && g->cap[a] > 0 && reduced(g, u, a) == 0))
					a++;
				g->current[u] = a;
				if (a < end) {
					path[depth++] = a;
					u = g->to[a];
					g->level[u] = -3;
				} else if (depth > 0) {
					u = g->to[g->twin[path[--depth]]];
					g->current[u]++;
				} else {
					break;   /* s leads nowhere: dead */
				}
			}
			if (any_deficit ? g->excess[u] >= 0 : u != t)
				break;
			t = u;
			if (push_path(g, s, t, path, depth, INT64_MAX) != 0)
				return -1;
			g->level[s] = -2;   /* the path's nodes may carry more */
			for (int i = 0; i < depth; i++)
				g->level[g->to[path[i]]] = -2;
		}
	}
	return 0;
}

/* A floor under the cost of any flow that balances the current one: the
 * residual arcs' reduced costs are non-negative, so sending the excess to
 * the deficits costs at least what the potentials say it does. A node may
 * be listed active twice (its imbalance went to zero and back): counted
 * once, marked level -4 meanwhile. */
static mcf_cost balanced_floor(struct mcf *g)
{
	mcf_cost floor = g->total;
	for (size_t k = 0; k < g->active_n; k++) {
		int v = g->active[k];
		if (g->level[v] != -4)
			floor -= g->potential[v] * (mcf_cost)g->excess[v];
		g->level[v] = -4;
	}
	for (size_t k = 0; k < g->active_n; k++)
		g->level[g->active[k]] = 0;
	return floor;
}

static int rebalance(struct mcf *g, mcf_cost limit, bool quick);

/* The reduced cost of the residual arc into v that is the twin of a (an
 * arc out of v), or MCF_INF_COST where it has no room. */
static mcf_cost way_in_by(const struct mcf *g, int v, int a)
{
	return g->cap[g->twin[a]] > 0 ? g->potential[g->to[a]] - g->cost[a] - g->potential[v] : MCF_INF_COST;
}

/* The least reduced cost of a residual arc into v (each is the twin of an
 * arc out of v, its cost negated), with outside_settled only from nodes a
 * search has not settled; MCF_INF_COST if none. Reduced costs are never
 * negative, so a 0 ends the scan. *by gets the arc out of v it was
 * found by (-1: none). */
static mcf_cost cheapest_way_in(const struct mcf *g, int v, bool outside_settled, int *by)
{
	mcf_cost least = MCF_INF_COST;
	*by = -1;
	for (int a = g->first[v]; a < g->first[v + 1] && least > 0; a++) {
		int u = g->to[a];
		if (g->cap[g->twin[a]] <= 0 || (outside_settled && g->level[u] == -2))
			continue;
		mcf_cost rc = g->potential[u] - g->cost[a] - g->potential[v];
		if (rc < least)
			least = rc, *by = a;
	}
	return least;
}

/* The reduced cost of residual arc a out of v, MCF_INF_COST without room. */
static mcf_cost way_out_by(const struct mcf *g, int v, int a)
{
	return g->cap[a] > 0 ? reduced(g, v, a) : MCF_INF_COST;
}

/* The least reduced cost of a residual arc out of v; MCF_INF_COST if none;
 * *by: the arc (-1: none). */
static mcf_cost cheapest_way_out(const struct mcf *g, int v, int *by)
{
	mcf_cost least = MCF_INF_COST;
	*by = -1;
	for (int a = g->first[v]; a < g->first[v + 1] && least > 0; a++) {
		if (g->cap[a] <= 0)
			continue;
		mcf_cost rc = reduced(g, v, a);
		if (rc < least)
			least = rc, *by = a;
	}
	return least;
}

/* Raises each deficit's potential by the least reduced cost of a residual
 * arc into it, and lowers each excess's by the least out of it, which keeps
 * every reduced cost non-negative: where the last units can only go by a
 * dearer path, the searches find an end inside the plateau of zero cost
 * instead of walking all of it first, and the floor rises by that cost
 * times the imbalance before any search, so a move tried that cannot win
 * stops sooner. */
static int tighten_imbalances(struct mcf *g)
{
	for (size_t k = 0; k < g->active_n; k++) {
		int t = g->active[k];
		if (g->excess[t] == 0)
			continue;
		/* Called before every search, mostly to find nothing to raise:
		 * the arc that was at zero last time, if it still is, shows that
		 * at once, where the scan reads every arc before it. */
		int by = g->zero_way[t];
		if (by >= g->first[t] && by < g->first[t + 1] &&
		    (g->excess[t] < 0 ? way_in_by(g, t, by) : way_out_by(g, t, by)) == 0)
			continue;
		mcf_cost least = g->excess[t] < 0 ? cheapest_way_in(g, t, false, &by) : cheapest_way_out(g, t, &by);
		g->zero_way[t] = by;   /* at zero once raised by least */
		if (least > 0 && least < MCF_INF_COST) {
			if (log_push(g, UNDO_POTENTIAL, t, 0, 0, g->potential[t]) != 0)
				return -1;
			g->potential[t] += g->excess[t] < 0 ? least : -least;
		}
	}
	return 0;
}

int mcf_warm_rebalance(struct mcf *g)
{
	return rebalance(g, MCF_INF_COST, false);
}

int mcf_warm_rebalance_below(struct mcf *g, mcf_cost limit)
{
	return rebalance(g, limit, true);
}

/* Arcs a quick re-solve's search back from the deficits may scan, over all
 * its rounds (a node of a popular theme's role has thousands): a quarter
 * of the graph's arcs, about what the Dijkstra after a failed search scans
 * (a fifth of them at 250 and at 10,000 delegates), so a search that
 * fails costs about as much as one that succeeds saves. An eighth, capped
 * at 16,384, gave up on searches that would have found their path soon
 * after: a quarter cut instructions by 7-16% (callgrind, whole allocate:
 * 250/25 k100 145M -> 129M, k40 86M -> 73M, 500/50 132M -> 121M, 10,000/
 * 1,000 1669M -> 1594M); a half or all of them did worse again. */
#define BACK_SEARCH_ARCS 32768

/* Quick: a path of zero reduced cost from some excess to a deficit, by a
 * breadth-first search back from the deficits over such arcs. Such a path
 * is a shortest one, and the deficits' side of the plateau is mostly a few
 * dozen nodes where the excess's is thousands. Where the search ends
 * without one, every node it reached is raised by the least reduced cost
 * of a residual arc into them (reduced costs stay non-negative: it is the
 * step a search from the far side would make) and it goes on from those
 * the new arcs of zero cost lead into; it gives up after BACK_SEARCH_ARCS
 * arcs in all. Visited nodes are marked settled (level -2) and listed in
 * back_seen[0..*visited); toward[v] is the arc out of v towards the
 * deficit. Returns the excess node the path starts at, -1 when given up,
 * -2 when out of memory. */
static int zero_path_back(struct mcf *g, int *visited)
{
	/* scan: the nodes whose arcs in are still to be read this round;
	 * way_in: each reached node's least reduced cost in from outside,
	 * between rounds (dist is free until the Dijkstra). */
	int *seen = g->back_seen, *scan = g->queue, n = 0, ns = 0, found = -1;
	mcf_cost *way_in = g->dist;
	int budget = g->arcs / 4 < 256 ? 256 : g->arcs / 4 > BACK_SEARCH_ARCS ? BACK_SEARCH_ARCS : g->arcs / 4;
	for (size_t k = 0; k < g->active_n; k++) {
		int t = g->active[k];
		if (g->excess[t] < 0 && g->level[t] != -2) {   /* (listed twice: queued once) */
			g->level[t] = -2;
			g->toward[t] = -1;
			seen[n++] = t;
			scan[ns++] = t;
		}
	}
	for (;;) {
		for (int q = 0; q < ns && found < 0 && budget > 0; q++) {
			int v = scan[q];
			budget -= g->first[v + 1] - g->first[v];
			for (int a = g->first[v]; a < g->first[v + 1]; a++) {
				int x = g->twin[a], u = g->to[a];   /* x: u -> v, costing a's negated */
				if (g->cap[x] <= 0 || g->level[u] == -2 || g->potential[u] - g->cost[a] != g->potential[v])
					continue;   /* room first (most arcs in have none), the 128-bit test last */
				g->level[u] = -2;
				g->toward[u] = x;
				seen[n++] = u;
				scan[ns++] = u;
				if (g->excess[u] > 0) {
					found = u;
					break;
				}
			}
		}
		if (found >= 0 || budget <= 0)
			break;
		mcf_cost least = MCF_INF_COST;
		for (int q = 0; q < n; q++) {
			int by;
			way_in[seen[q]] = cheapest_way_in(g, seen[q], true, &by);
			if (way_in[seen[q]] < least)
				least = way_in[seen[q]];
			budget -= g->first[seen[q] + 1] - g->first[seen[q]];
		}
		if (least == MCF_INF_COST)
			break;   /* no way in: the search from the excess will tell */
		/* Raised together, the reached nodes keep their arcs among
		 * themselves at zero; only those whose cheapest way in was the
		 * least gain one from outside, so only they are read again. */
		ns = 0;
		for (int q = 0; q < n; q++) {
			int v = seen[q];
			if (log_push(g, UNDO_POTENTIAL, v, 0, 0, g->potential[v]) != 0) {
				found = -2;
				break;
			}
			g->potential[v] += least;
			if (way_in[v] == least)
				scan[ns++] = v;
		}
		if (found == -2)
			break;
	}
	for (int q = 0; q < n; q++)
		way_in[seen[q]] = MCF_INF_COST;
	*visited = n;
	return found;
}

/* Room in g->heap for a warm search (each arc pushes at most once). */
static int warm_heap(struct mcf *g)
{
	if (g->arcs + g->nodes + 1 > g->heap_room) {
		free(g->heap);
		g->heap_room = g->arcs + g->nodes + 1;
		g->heap = malloc((size_t)g->heap_room * sizeof(struct heap_item));
		if (!g->heap)
			return -1;
	}
	return 0;
}

int mcf_warm_tighten_from(struct mcf *g, int v, mcf_cost *saved)
{
	if (warm_heap(g) != 0)
		return -1;
	struct heap_item *heap = g->heap;
	const int *first = g->first, *to = g->to;
	const int64_t *cap = g->cap;
	const mcf_cost *cost = g->cost;
	mcf_cost *potential = g->potential, *dist = g->dist;
	int *level = g->level, *touched = g->touched;
	int hn = 0, nt = 0;
	mcf_cost farthest = 0;
	memcpy(saved, potential, (size_t)g->nodes * sizeof(mcf_cost));
	dist[v] = 0;
	touched[nt++] = v;
	heap_push(heap, &hn, 0, v);
	while (hn > 0) {
		struct heap_item it = heap_pop(heap, &hn);
		int u = it.v;
		if (it.d > dist[u] || level[u] == -2)
			continue;
		level[u] = -2;
		farthest = it.d;
		mcf_cost from = it.d + potential[u];
		for (int a = first[u]; a < first[u + 1]; a++) {
			int w = to[a];
			if (cap[a] <= 0 || level[w] == -2)
				continue;
			mcf_cost nd = from + cost[a] - potential[w];
			if (nd < dist[w]) {
				if (dist[w] == MCF_INF_COST)
					touched[nt++] = w;
				dist[w] = nd;
				heap_push(heap, &hn, nd, w);
			}
		}
	}
	/* A node not reached has no residual arc in from one reached, so
	 * moving it by the farthest distance keeps its arcs' costs reduced. */
	for (int u = 0; u < g->nodes; u++) {
		potential[u] += level[u] == -2 ? dist[u] : farthest;
		level[u] = 0;
	}
	for (int k = 0; k < nt; k++)
		dist[touched[k]] = MCF_INF_COST;
	return 0;
}

void mcf_warm_untighten(struct mcf *g, const mcf_cost *saved)
{
	memcpy(g->potential, saved, (size_t)g->nodes * sizeof(mcf_cost));
}

/* After a back search that gave up and the Dijkstra it helped: the nodes
 * of back_seen[0..n) (in the order found, each after the node its toward
 * arc leads to) whose way to a deficit still has room at zero reduced
 * cost, marked level -5 and kept in order; returns how many. Only the
 * path pushed and the imbalances' tightening changed, and the Dijkstra
 * moved no potential of theirs but the one it met (by nothing). */
static int back_still_leading(struct mcf *g, int n)
{
	int kept = 0;
	for (int q = 0; q < n; q++) {
		int u = g->back_seen[q], x = g->toward[u];
		bool leads = x < 0 ? g->excess[u] < 0
				   : g->level[g->to[x]] == -5 && g->cap[x] > 0 && reduced(g, u, x) == 0;
		if (leads) {
			g->level[u] = -5;
			g->back_seen[kept++] = u;
		}
	}
	return kept;
}

static int rebalance(struct mcf *g, mcf_cost limit, bool quick)
{
	if (warm_heap(g) != 0)
		return -1;
	/* Quick: after a back search gave up (most of a quick re-solve's
	 * instructions), the next search reuses what it reached rather than
	 * walk the same plateau again, while three quarters of it still leads
	 * to a deficit; with less, the Dijkstra walked further than a fresh
	 * search costs (callgrind, whole allocate: 250/25 k100 85.1M -> 82.6M,
	 * k40 55.6M -> 54.3M, 500/50 81.3M -> 81.0M; reusing any it kept:
	 * 91.1M at k100). */
	int back_kept = 0;
	for (;;) {
		/* Each Dijkstra only raises the floor: once it reaches the
		 * limit, the rest of the search cannot go below it. */
		if (quick && tighten_imbalances(g) != 0)
			return -1;
		if (balanced_floor(g) >= limit)
			return 2;
		int nt = 0, ns = 0, t;
		int result = 1;
		int s = -1;
		if (back_kept > 0) {
			ns = back_still_leading(g, back_kept);
			if (4 * ns < 3 * back_kept) {
				for (int k = 0; k < ns; k++)
					g->level[g->back_seen[k]] = 0;
				back_kept = 0;
			}
		}
		if (back_kept == 0 && quick)
			s = zero_path_back(g, &ns);
		back_kept = 0;
		if (s == -2)
			return -1;
		if (s >= 0) {
			/* follow the path out of s to its deficit */
			int depth = 0;
			for (int x = g->toward[t = s]; x >= 0; x = g->toward[t]) {
				g->path[depth++] = x;
				t = g->to[x];
			}
			if (push_path(g, s, t, g->path, depth, INT64_MAX) != 0 || augment_more(g, t, g->back_seen, ns, true) != 0)
				result = -1;
			for (int k = 0; k < ns; k++)
				g->level[g->back_seen[k]] = 0;
			if (result < 0)
				return result;
			continue;
		}
		/* What the back search reached leads to a deficit at zero cost:
		 * the Dijkstra may stop at the first of those it meets. */
		int back_n = ns;
		for (int k = 0; k < back_n; k++)
			g->level[g->back_seen[k]] = -5;
		ns = 0;
		bool gave_up = quick && back_n > 0;
		bool met = false;
		t = warm_dijkstra(g, g->heap, quick, &nt, &ns, &met);
		if (t == -2)
			result = -1;
		else if (t < 0) {
			/* Nothing left to send, or nowhere to send it. */
			for (size_t k = 0; k < g->active_n && result; k++)
				if (g->excess[g->active[k]] > 0)
					result = 0;
		} else {
			int depth = 0;
			s = t;
			for (int a = g->pred[s]; a >= 0; a = g->pred[s]) {
				g->path[depth++] = a;
				s = g->to[g->twin[a]];
			}
			for (int x = met ? g->toward[t] : -1; x >= 0; x = g->toward[t]) {
				g->path[depth++] = x;
				t = g->to[x];
			}
			/* Quick: the Dijkstra stopped at the first deficit it saw,
			 * so few of its nodes lead there at zero cost (one path in
			 * twenty at 250 delegates), and the back search finds those
			 * for less than a pass over what it settled. */
			if (push_path(g, s, t, g->path, depth, INT64_MAX) != 0 || (!quick && augment_more(g, t, g->queue, ns, false) != 0))
				result = -1;
		}
		for (int k = 0; k < ns; k++)
			g->level[g->queue[k]] = 0;
		for (int k = 0; k < back_n; k++)
			g->level[g->back_seen[k]] = 0;
		for (int k = 0; k < nt; k++)
			g->dist[g->touched[k]] = MCF_INF_COST;
		if (t < 0 || result <= 0)
			return result;
		if (gave_up && met)
			back_kept = back_n;
	}
}
