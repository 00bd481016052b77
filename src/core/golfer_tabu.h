/* The social golfer problem alone: players seated at tables over rounds,
 * towards nobody meeting anyone twice, where any player may take any seat.
 * Greedy seatings after Triska and Musliu, the tabu search of Dotu and Van
 * Hentenryck, and the same search over plans a permutation of the players
 * takes round to round, on compact arrays (the rounds search's kernel
 * where every delegate is interchangeable). Pure: randomness and progress
 * come from the caller. */
#ifndef ALCHEMY_GOLFER_TABU_H
#define ALCHEMY_GOLFER_TABU_H

#include <stdbool.h>
#include <stdint.h>

struct golfer_tabu {
	int rounds, players, tables;
	const int *size;                /* rounds x tables: players at each table each round */
	const unsigned char *earlier;   /* players x players: times met before; NULL: never */
	long budget;                    /* swaps weighed, at most */
	uint64_t (*random)(uint64_t *state);
	uint64_t *rng;
	/* Called now and then: restarts so far, repeated meetings now and
	 * best (those of earlier events included), share of the budget used;
	 * true to stop with the best so far. May be NULL. */
	bool (*progress)(void *ctx, long starts, long now, long best, double done);
	void *ctx;
};

/* Seats everyone: table[r * players + p] on return is p's table in round r
 * (its value on entry is not used). Returns the repeated meetings of the
 * plan returned, or -1 when out of memory (table then unchanged). *stopped
 * tells whether progress asked to stop. */
long golfer_tabu_solve(const struct golfer_tabu *g, int *table, bool *stopped);

/* The fewest repeated meetings any plan can have, counted (0 where earlier
 * meetings are given): everyone meets R (s - 1) over R rounds at tables of
 * s, at most N - 1 of them once; the search ends there. */
long golfer_tabu_bound(const struct golfer_tabu *g);

#endif
