/* Minimum-cost flow: successive shortest paths with potentials (primal-dual),
 * augmenting a blocking flow over the zero-reduced-cost arcs in each phase.
 * Costs may be negative on a graph without negative cycles; they are 128-bit
 * so lexicographic weights (sizes >> roles >> organisations >> preferences)
 * never overflow. Pure computation: no printing. */
#ifndef ALCHEMY_MCF_H
#define ALCHEMY_MCF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef __int128 mcf_cost;

struct mcf {
	int nodes;
	int arcs, arcs_capacity;
	/* The arcs as added (forward arcs only; arc 2i is the i-th added, its
	 * residual twin 2i+1): what mcf_add_arc writes. */
	int *arc_tail, *arc_head;
	int64_t *arc_cap;
	mcf_cost *arc_cost;
	/* The residual graph the solver walks, built from those at the first
	 * solve or snapshot after a change: every node's arcs side by side
	 * (first[u] .. first[u + 1]), so a scan reads memory in order rather
	 * than chasing a list across the arrays. pos maps an arc's number to
	 * its place here, twin a place to its twin's. */
	int *first;         /* nodes + 1 */
	int *to, *twin, *pos;
	int64_t *cap;       /* residual capacity */
	mcf_cost *cost;
	bool ready;         /* the residual graph holds every arc added */
	int residual_room, nodes_room;
	int64_t *cap0;      /* capacities saved by mcf_snapshot */
	/* work arrays for the solver, kept between solves */
	mcf_cost *potential, *dist;
	int *level, *current, *queue, *path;
	int *reached;                /* nodes the running Dijkstra gave a distance */
	int labelled;                /* nodes the last level search labelled (queue[0..]) */
	void *heap;
	int work_nodes, heap_room;   /* sizes the work arrays were made for */
	/* In a phase of mcf_solve (potentials fixed), each node's arcs of zero
	 * reduced cost, tight[tight_first[v] .. tight_end[v]), listed when a
	 * search first reaches the node in phase tight_phase[v]. */
	int *tight, *tight_first, *tight_end, *tight_phase;
	int tight_room, tight_n, phase;
	/* Warm re-solving (mcf_warm_*): imbalance per node, the flow's cost,
	 * and an undo log of every capacity and potential changed since the
	 * last mark. */
	int64_t *excess;
	int *pred;                   /* per node: arc Dijkstra reached it by */
	int *back_seen;              /* nodes the last back search reached */
	int *toward;                 /* per such node: its arc towards a deficit */
	int *touched;                /* nodes whose dist was set, to reset */
	int *zero_way;               /* per node: an arc its last tightening found at zero
	                                reduced cost (tighten_imbalances), or -1 */
	int *active;                 /* nodes whose excess may be non-zero */
	size_t active_n, active_room;
	mcf_cost total, mark_total;
	struct mcf_undo *log;
	size_t log_len, log_room;
	/* Asked during mcf_solve, each phase and every few augmenting paths,
	 * with the flow sent so far: true stops the solve, which then returns
	 * less than it was asked for. May be NULL; kept by mcf_clear. */
	bool (*interrupt)(void *ctx, int64_t flow, int64_t want);
	void *interrupt_ctx;
};

int mcf_init(struct mcf *g, int nodes);
/* Empties g for a new graph of `nodes` nodes, keeping its memory: solving
 * many graphs in a row then costs no allocation (or page faults). */
int mcf_clear(struct mcf *g, int nodes);
void mcf_free(struct mcf *g);
/* Adds an arc and its residual twin; returns the arc's index (even), or -1
 * when memory runs out. The flow on it later is mcf_flow(g, index). Adding
 * an arc to a solved graph starts its next solve from no flow. */
int mcf_add_arc(struct mcf *g, int from, int to, int64_t cap, mcf_cost cost);
/* The node an arc made by mcf_add_arc leads to. */
int mcf_arc_head(const struct mcf *g, int arc);
/* Sends up to want units from s to t at least cost. Returns the flow sent,
 * or -1 on memory failure; *total gets its cost. */
int64_t mcf_solve(struct mcf *g, int s, int t, int64_t want, mcf_cost *total);
int64_t mcf_flow(const struct mcf *g, int arc);
/* Reserves room for `arcs` more arcs, to build large graphs without regrowth. */
int mcf_reserve(struct mcf *g, int arcs);
/* Saves the current capacities; mcf_reset restores them (all flow removed),
 * so one graph can be solved again with a few capacities changed. */
int mcf_snapshot(struct mcf *g);
void mcf_reset(struct mcf *g);
/* On a reset graph: the capacity of an arc made by mcf_add_arc. */
void mcf_set_capacity(struct mcf *g, int arc, int64_t cap);

/* Warm re-solving: after mcf_solve, mcf_warm_start makes the potentials
 * exact for the optimal flow; then capacities may be changed one arc at a
 * time (mcf_warm_set_capacity) and mcf_warm_rebalance restores an optimal
 * flow of the same value by shortest paths from the nodes left with too
 * much flow to those with too little, each Dijkstra stopping at the first
 * it reaches: a small change costs a few local searches, not a solve.
 * mcf_warm_mark / mcf_warm_undo bracket a trial. Returns -1 on memory
 * failure. */
int mcf_warm_start(struct mcf *g);
int mcf_warm_set_capacity(struct mcf *g, int arc, int64_t cap);
/* 1: optimal again; 0: no flow of the same value fits the capacities (undo);
 * -1: out of memory. */
int mcf_warm_rebalance(struct mcf *g);
/* For a value rather than a flow to keep: returns 2 as soon as the
 * potentials prove the rebalanced flow would cost `limit` or more (a trial
 * that cannot win stops early; the flow is then half rebalanced: undo it),
 * else 1, 0 or -1 as mcf_warm_rebalance. Its searches take shortcuts (back
 * from the deficits first; ending at the first deficit seen at the least
 * distance, or at a node the search back reached): the cost is the same as
 * mcf_warm_rebalance's, but the optimal flow may be another, so a flow kept
 * and worked on further is better made by mcf_warm_rebalance, whose flow
 * depends on nothing tried and undone. */
int mcf_warm_rebalance_below(struct mcf *g, mcf_cost limit);
/* For many values from one flow, each undone (mcf_warm_undo), all sending
 * surplus out of v: the potentials are raised by each node's distance from
 * v over the residual arcs, so the first path out of v costs nothing to
 * find. Reduced costs stay non-negative, so values are exact; the old
 * potentials go to saved (g->nodes entries), and mcf_warm_untighten puts
 * them back, so that a flow kept later is found as it would have been. */
int mcf_warm_tighten_from(struct mcf *g, int v, mcf_cost *saved);
void mcf_warm_untighten(struct mcf *g, const mcf_cost *saved);
void mcf_warm_mark(struct mcf *g);
void mcf_warm_undo(struct mcf *g);

#endif
