/* What the allocator's files share: the balance context (bands, keep-apart
 * lists, tie-breaks), the seating state of step 3 and its local search,
 * used by allocate.c and repair.c. Not part of the core's public API. */
#ifndef ALCHEMY_ALLOC_INTERNAL_H
#define ALCHEMY_ALLOC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "allocate.h"
#include "levels.h"
#include "mcf.h"


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
	const bool *locked;     /* per delegate, for repairs: may not move; may be NULL */
	const int *original;    /* per delegate, for repairs: the table before; may be NULL */
	/* Rounds: what earlier rounds gave. had_theme[i * K + j]: delegate i had
	 * theme j; met: sorted pair keys (i * N + j, i < j) of those who shared
	 * a table. Both NULL for a single round. */
	const char *had_theme;      /* what the flow forbids this round (may be NULL) */
	const char *had;            /* what the local search counts as a theme twice */
	const uint64_t *met;
	size_t met_count;
	const size_t *met_from;     /* per delegate i: where keys i * N + j start (alloc_met_index) */
	struct mcf flow;        /* step 2's graph, its memory reused by every solve */
	struct mcf small_flow;  /* pinned tables to themes */
	const struct progress *progress;   /* may be NULL */
	int round, rounds;      /* round by round: round (1-based) of rounds, said in
	                           the progress stage; 0 otherwise */
	bool judge_every_change;   /* tests: the local search passes nothing over unjudged */
	bool stopped;           /* the progress callback asked to stop */
	bool out_of_memory;
};

struct seating_state {
	struct alloc *a;
	const int *table_theme;
	int *seat;              /* per delegate */
	int **members;          /* per table */
	int *count, *room;      /* per table: members, allocated slots */
	int *role_count;        /* table * R + role */
	/* (table, organisation) -> members, open addressing: counting an
	 * organisation at a table is the local search's commonest question. */
	uint64_t *org_keys;     /* table << 32 | organisation, plus one; 0: empty */
	int *org_counts;
	size_t org_slots;       /* a power of two */
	size_t org_used;        /* slots holding a key */
	long *org_pairs;        /* per organisation: same-organisation pairs now */
};

/* balance.c: the context every step shares. */
bool alloc_setup(struct alloc *a);
void alloc_teardown(struct alloc *a);
bool alloc_check_hard_rules(struct alloc *a);
/* Reports progress; true once the caller asked to stop (then a->stopped). */
bool alloc_progress(struct alloc *a, const char *stage, double done);
int ceil_div_int(int a, int b);
/* The most members of organisation o one table may seat: the score's and
 * the TUI's org_allowed_per_table (score.h), so all three agree. */
int alloc_org_allowed(const struct alloc *a, size_t o);

/* seating.c: step 3. */
bool state_init(struct seating_state *s, struct alloc *a, const int *table_theme, int *seat);
void state_free(struct seating_state *s);
bool state_add(struct seating_state *s, int i, int t);
/* Seats unseated i at the table where it does least harm (its pin if any). */
bool seat_best(struct seating_state *s, int i);
bool split_theme(struct alloc *a, struct seating_state *s, int j, const int *theme_of);
void local_search(struct alloc *a, struct seating_state *s);
/* Later rounds: walks on after local_search towards fewer repeated meetings. */
void meet_fewer_again(struct alloc *a, struct seating_state *s, long budget);
long seating_weigh_scale(const struct seating_state *s);
bool report_broken_rules(struct alloc *a, const struct seating_state *s);
/* What swapping i and j (at different tables) would change, and the swap. */
struct penalty seating_swap_penalty(struct seating_state *s, int i, int j);
/* The same judged without making the swap (the local search's way): the
 * plan and its members' order stay as they are. */
struct penalty seating_swap_worth(const struct seating_state *s, int i, int j);
void seating_swap(struct seating_state *s, int i, int j);
bool seating_movable(const struct alloc *a, int i);
/* Worse at a level above repeated meetings (hard rules .. themes again)? */
bool penalty_harms_above_repeats(const struct penalty *p);
/* Sum, and order level by level (-1, 0, 1). */
void penalty_add(struct penalty *x, const struct penalty *y);
int penalty_compare(const struct penalty *x, const struct penalty *y);

/* rounds_search.c: all rounds at once, towards no repeated meeting. */
bool rounds_meet_fewer(struct alloc *a, struct plan *plan, bool new_themes, const struct history *hist);
/* Earlier rounds' pairs met (keys i * N + j, i < j) sorted, their
 * duplicates removed, indexed and set in a (a->met, met_count, met_from;
 * *met_from is replaced): after alloc_setup. False: out of memory. */
bool alloc_met_index(struct alloc *a, uint64_t *met, size_t *n, size_t **met_from);
bool met_before(const struct alloc *a, int i, int j);
/* The searches' random numbers (xorshift): seeded from the tie-breaks, so a
 * seed gives the same plan. */
uint64_t alloc_random(uint64_t *state);

#endif
