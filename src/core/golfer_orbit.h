/* The social golfer problem by exhaustive search over plans with a chosen
 * symmetry: a permutation sigma of the players (cycles of one length n and
 * the players left over fixed) carries each round to the next within runs
 * of L rounds (L divides n and R), and sigma^L keeps each run's first round
 * as it is. Only those first rounds are searched, a table and its images
 * under sigma^L at a time, so the space is small enough to search to the
 * end where a plan without repeats is not found by walking. Pure:
 * randomness and progress come from the caller. */
#ifndef ALCHEMY_GOLFER_ORBIT_H
#define ALCHEMY_GOLFER_ORBIT_H

#include <stdbool.h>
#include <stdint.h>

struct golfer_orbit {
	int rounds, players, tables;    /* every table seats players / tables */
	int cycle, run;                 /* n and L above */
	int rest;                       /* the players left over sit in cycles of this length (dividing n; 1: fixed) */
	int invariant;                  /* rounds after the runs that sigma keeps as they are */
	long budget;                    /* nodes of the search, at most */
	uint64_t (*random)(uint64_t *state);
	uint64_t *rng;
	/* Called now and then with the share of the budget used; true to
	 * stop. May be NULL. */
	bool (*progress)(void *ctx, double done);
	void *ctx;
};

/* What a search ended with. */
enum golfer_orbit_end {
	GOLFER_ORBIT_FOUND,     /* table[] holds a plan where nobody meets twice */
	GOLFER_ORBIT_NONE,      /* searched to the end: no such plan has this symmetry */
	GOLFER_ORBIT_BUDGET,    /* budget spent or stopped first */
	GOLFER_ORBIT_UNFIT,     /* the symmetry does not fit the sizes */
	GOLFER_ORBIT_NOMEM,
};

/* On GOLFER_ORBIT_FOUND, table[r * players + p] is p's table in round r.
 * *nodes (may be NULL) gets the nodes used. */
enum golfer_orbit_end golfer_orbit_solve(const struct golfer_orbit *o, int *table, long *nodes);

/* Whether the symmetry fits N x T x R at all (sizes divide, the fixed
 * players few enough to sit apart). */
bool golfer_orbit_fits(int players, int tables, int rounds, int cycle, int run, int rest, int invariant);

#endif
