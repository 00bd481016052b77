/* The social golfer problem on compact arrays: see golfer_tabu.h.
 *
 * State: who sits where each round, an N x N count of shared tables, and
 * per round and player how many at their table they meet for the second
 * time or more (their conflicts). Weighing a swap then costs a look at
 * one table's members; making it, a few updates per pair it changes.
 *
 * Search (Dotu and Van Hentenryck, "Scheduling social golfers locally",
 * CPAIOR 2005): each step makes the best swap, within one round, of a
 * player in conflict with a player at another table; a swap made is tabu
 * for that pair in that round for a fixed tenure, unless it beats the
 * walk's best. After a while without a better plan the walk goes back to
 * its best with a few random swaps; after several of those, a fresh start,
 * Triska and Musliu's greedy seating ("An effective greedy heuristic for
 * the Social Golfer Problem", Annals of OR 194, 2012): round after round,
 * each table filled two at a time with the pair that meets nobody there
 * again and leaves the most freedom.
 *
 * Beside it, the same tabu search over plans a permutation of the players
 * takes round to round (cyclic_search()), a general method for any N x T x
 * R that finds 8 x 4 x 9 where the search of every round does not. The
 * searches take turns on slices of the budget that double. */
#include "golfer_tabu.h"

#include "golfer_orbit.h"

#include <stdlib.h>
#include <string.h>

/* A swap stays tabu for GOLFER_TENURE_MIN steps plus up to
 * GOLFER_TENURE_SPAN (drawn all the same, so a span can be tried without
 * moving the other draws): Triska and Musliu's fixed 10 did as well as
 * Dotu and Van Hentenryck's 4 to 100 on 8 x 4 x 9. */
#define GOLFER_TENURE_MIN 10
#define GOLFER_TENURE_SPAN 0
/* Steps without bettering the walk's best before going back to it with
 * GOLFER_SHAKE_SWAPS random swaps; shakes without a better walk before a
 * fresh greedy start. */
#define GOLFER_STABLE 1000
#define GOLFER_SHAKE_SWAPS 4
#define GOLFER_SHAKES 20
/* The first slice of the budget a search gets (see golfer_tabu_solve()). */
#define GOLFER_FIRST_SLICE 1000000L
/* The search of every round gets 1 / this of each slice. */
#define GOLFER_GENERAL_PART 4
/* A swap weighed by a cyclic search, counted as this many: it costs about
 * as much CPU time. */
#define GOLFER_CYCLIC_WEIGHT 4
/* A node of the exhaustive symmetric search (golfer_orbit.c) looks at
 * every pair of players, so it counts as N * N / this many swaps: about
 * 3 us against 0.03 us on 8 x 4 x 10. */
#define GOLFER_ORBIT_PAIRS_PER_SWAP 10
/* Swaps weighed (or pairs weighed by a greedy seating) between reports, so
 * a stop is heard within a few hundredths of a second of CPU even where one
 * step weighs a million swaps (256 x 20). Reports take no random numbers:
 * they do not change the plan. */
#define GOLFER_REPORT_EVERY (1L << 20)

struct tally;

struct golfer {
	const struct golfer_tabu *in;
	int R, N, G, S;          /* rounds, players, tables, most seats at a table */
	unsigned char *meet;     /* N x N */
	int *seat;               /* R x N: table */
	int *members;            /* (R x G) x S */
	int *count;              /* R x G */
	int *conflicts;          /* R x N: partners at the table met twice or more */
	uint32_t *tabu;          /* (R x N) x N: step until which the pair may not swap */
	long cost;               /* sum over pairs of (met - 1) where met >= 2 */
	long floor;              /* of which earlier meetings alone */
	uint32_t step;
	struct tally *tally;     /* for reports during greedy seatings */
};

static unsigned char *meet_at(struct golfer *g, int x, int y)
{
	return &g->meet[(size_t)x * (size_t)g->N + (size_t)y];
}

/* In every round but r where x and y share a table, their conflict count
 * changes by d. */
static void conflict_elsewhere(struct golfer *g, int r, int x, int y, int d)
{
	for (int q = 0; q < g->R; q++) {
		const int *s = &g->seat[(size_t)q * (size_t)g->N];
		if (q != r && s[x] >= 0 && s[x] == s[y]) {
			g->conflicts[(size_t)q * (size_t)g->N + (size_t)x] += d;
			g->conflicts[(size_t)q * (size_t)g->N + (size_t)y] += d;
		}
	}
}

static void join(struct golfer *g, int r, int p, int t)
{
	size_t rg = (size_t)r * (size_t)g->G + (size_t)t;
	int *m = &g->members[rg * (size_t)g->S];
	int *cp = &g->conflicts[(size_t)r * (size_t)g->N];
	for (int k = 0; k < g->count[rg]; k++) {
		int o = m[k];
		unsigned char *x = meet_at(g, p, o);
		*x = (unsigned char)(*x + 1);
		*meet_at(g, o, p) = *x;
		if (*x >= 2) {
			g->cost++;
			cp[p]++, cp[o]++;
		}
		if (*x == 2)
			conflict_elsewhere(g, r, p, o, +1);
	}
	m[g->count[rg]++] = p;
	g->seat[(size_t)r * (size_t)g->N + (size_t)p] = t;
}

static void leave(struct golfer *g, int r, int p)
{
	int t = g->seat[(size_t)r * (size_t)g->N + (size_t)p];
	size_t rg = (size_t)r * (size_t)g->G + (size_t)t;
	int *m = &g->members[rg * (size_t)g->S];
	int *cp = &g->conflicts[(size_t)r * (size_t)g->N];
	g->seat[(size_t)r * (size_t)g->N + (size_t)p] = -1;
	for (int k = 0; k < g->count[rg]; k++) {
		int o = m[k];
		if (o == p) {
			m[k--] = m[--g->count[rg]];
			continue;
		}
		unsigned char *x = meet_at(g, p, o);
		if (*x >= 2) {
			g->cost--;
			cp[p]--, cp[o]--;
		}
		*x = (unsigned char)(*x - 1);
		*meet_at(g, o, p) = *x;
		if (*x == 1)
			conflict_elsewhere(g, r, p, o, -1);
	}
}

static void swap(struct golfer *g, int r, int p, int q)
{
	int a = g->seat[(size_t)r * (size_t)g->N + (size_t)p], b = g->seat[(size_t)r * (size_t)g->N + (size_t)q];
	leave(g, r, p);
	leave(g, r, q);
	join(g, r, p, b);
	join(g, r, q, a);
}

/* Seats everyone as table[] says, counting from earlier meetings alone. */
static void seat_all(struct golfer *g, const int *table)
{
	size_t NN = (size_t)g->N * (size_t)g->N;
	if (g->in->earlier)
		memcpy(g->meet, g->in->earlier, NN);
	else
		memset(g->meet, 0, NN);
	g->cost = 0;
	for (size_t x = 0; x < NN; x++)
		g->cost += g->meet[x] >= 2 ? g->meet[x] - 1 : 0;
	g->cost /= 2;
	g->floor = g->cost;
	memset(g->count, 0, (size_t)g->R * (size_t)g->G * sizeof(int));
	memset(g->conflicts, 0, (size_t)g->R * (size_t)g->N * sizeof(int));
	for (size_t x = 0; x < (size_t)g->R * (size_t)g->N; x++)
		g->seat[x] = -1;
	for (int r = 0; r < g->R; r++)
		for (int p = 0; p < g->N; p++)
			join(g, r, p, table[(size_t)r * (size_t)g->N + (size_t)p]);
}

static size_t popcount_and(const uint64_t *x, const uint64_t *y, const uint64_t *z, size_t W)
{
	size_t c = 0;
	for (size_t w = 0; w < W; w++)
		c += (size_t)__builtin_popcountll(x[w] & y[w] & z[w]);
	return c;
}

/* Reports from inside a greedy seating: true once asked to stop. */
static bool greedy_report(struct golfer *g, long pairs);

/* Triska and Musliu's greedy seating of round r into table[]: each table
 * filled two at a time with the pair that meets nobody there again and has
 * the most freedom (people neither of them nor anyone already at the table
 * has met, who could still join them all), ties at random. unmet: per
 * player, whom they have not met yet; updated for this round's tables. */
static void greedy_round(struct golfer *g, int r, uint64_t *unmet, size_t W, int *table, int *pool,
			 uint64_t *mask, uint64_t *at)
{
	const struct golfer_tabu *in = g->in;
	int left = g->N;
	for (int p = 0; p < g->N; p++)
		pool[p] = p;
	int *mine = &table[(size_t)r * (size_t)g->N];
	for (int t = 0; t < g->G; t++) {
		memset(mask, 0xff, W * sizeof(uint64_t));
		memset(at, 0, W * sizeof(uint64_t));
		int seated = 0;
		for (int need = in->size[(size_t)r * (size_t)g->G + (size_t)t]; need > 0;) {
			/* (x, y) by pool positions; y == x for a lone last seat. */
			int bx = 0, by = 0;
			uint64_t ties = 0;
			long best_again = -1, best_free = -1;
			/* Asked to stop: the plan is finished at once, the next
			 * in the pool seated. */
			bool hurry = greedy_report(g, (long)left * left / 2 * (long)W);
			if (hurry)
				by = need >= 2 ? 1 : 0;
			for (int x = 0; x < left && !hurry; x++) {
				const uint64_t *ux = &unmet[(size_t)pool[x] * W];
				long again_x = seated - (long)popcount_and(at, ux, at, W);
				for (int y = need >= 2 ? x + 1 : x; y < (need >= 2 ? left : x + 1); y++) {
					const uint64_t *uy = &unmet[(size_t)pool[y] * W];
					long again = again_x;
					if (y != x)
						again += seated - (long)popcount_and(at, uy, at, W) +
							 !(ux[pool[y] / 64] >> (pool[y] % 64) & 1);
					long freedom = (long)popcount_and(mask, ux, uy, W);
					if (best_again < 0 || again < best_again || (again == best_again && freedom > best_free)) {
						best_again = again, best_free = freedom, ties = 1;
						bx = x, by = y;
					} else if (again == best_again && freedom == best_free &&
						   in->random(in->rng) % ++ties == 0) {
						bx = x, by = y;
					}
				}
			}
			int picked[2] = { by, bx };   /* the later position first: removal keeps the other */
			for (int k = 0; k < 1 + (by != bx); k++) {
				int i = pool[picked[k]];
				mine[i] = t;
				for (size_t w = 0; w < W; w++)
					mask[w] &= unmet[(size_t)i * W + w];
				at[i / 64] |= 1ull << (i % 64);
				pool[picked[k]] = pool[--left];
				seated++, need--;
			}
		}
	}
	for (int i = 0; i < g->N; i++)
		for (int j = 0; j < g->N; j++)
			if (j != i && mine[j] == mine[i])
				unmet[(size_t)i * W + (size_t)j / 64] &= ~(1ull << (j % 64));
}

/* A fresh start: every round seated greedily, round after round. */
static bool greedy_start(struct golfer *g, int *table)
{
	size_t W = ((size_t)g->N + 63) / 64;
	uint64_t *unmet = calloc(((size_t)g->N + 2) * W, sizeof(uint64_t));
	int *pool = malloc((size_t)g->N * sizeof(int));
	if (!unmet || !pool) {
		free(unmet);
		free(pool);
		return false;
	}
	uint64_t *mask = unmet + (size_t)g->N * W, *at = mask + W;
	for (int i = 0; i < g->N; i++)
		for (int j = 0; j < g->N; j++)
			if (i != j && !(g->in->earlier && g->in->earlier[(size_t)i * (size_t)g->N + (size_t)j]))
				unmet[(size_t)i * W + (size_t)j / 64] |= 1ull << (j % 64);
	for (int r = 0; r < g->R; r++)
		greedy_round(g, r, unmet, W, table, pool, mask, at);
	free(unmet);
	free(pool);
	seat_all(g, table);
	memset(g->tabu, 0, (size_t)g->R * (size_t)g->N * (size_t)g->N * sizeof(uint32_t));
	g->step = 0;
	return true;
}

static uint32_t *tabu_at(struct golfer *g, int r, int p, int q)
{
	int lo = p < q ? p : q, hi = p < q ? q : p;
	return &g->tabu[((size_t)r * (size_t)g->N + (size_t)lo) * (size_t)g->N + (size_t)hi];
}

/* One step: the best swap of a player in conflict with one at another
 * table of that round, not tabu unless it beats best. Returns the swaps
 * weighed; 0 when every one was tabu. */
static long step(struct golfer *g, long best, int *in_table)
{
	const struct golfer_tabu *in = g->in;
	long weighed = 0, best_d = 0;
	int br = -1, bp = -1, bq = -1;
	uint64_t ties = 0;
	for (int r = 0; r < g->R; r++) {
		const int *s = &g->seat[(size_t)r * (size_t)g->N];
		const int *cf = &g->conflicts[(size_t)r * (size_t)g->N];
		const int *mem = &g->members[(size_t)r * (size_t)g->G * (size_t)g->S];
		const int *cnt = &g->count[(size_t)r * (size_t)g->G];
		for (int p = 0; p < g->N; p++) {
			if (!cf[p])
				continue;
			int a = s[p];
			const unsigned char *mp = &g->meet[(size_t)p * (size_t)g->N];
			const int *ma = &mem[(size_t)a * (size_t)g->S];
			/* Whom p has met at each table. */
			for (int t = 0; t < g->G; t++)
				in_table[t] = 0;
			for (int o = 0; o < g->N; o++)
				in_table[s[o]] += mp[o] >= 1;
			for (int q = 0; q < g->N; q++) {
				int b = s[q];
				if (b == a)
					continue;
				const unsigned char *mq = &g->meet[(size_t)q * (size_t)g->N];
				long d = in_table[b] - (mp[q] >= 1) - cf[p] - cf[q];
				for (int k = 0; k < cnt[a]; k++)
					d += ma[k] != p && mq[ma[k]] >= 1;
				weighed++;
				if (br >= 0 && d > best_d)
					continue;
				if (*tabu_at(g, r, p, q) > g->step && g->cost + d >= best)
					continue;
				if (br < 0 || d < best_d) {
					best_d = d, ties = 1;
				} else if (in->random(in->rng) % ++ties != 0) {
					continue;
				}
				br = r, bp = p, bq = q;
			}
		}
	}
	if (br < 0)
		return 0;
	swap(g, br, bp, bq);
	*tabu_at(g, br, bp, bq) =
		g->step + GOLFER_TENURE_MIN + (uint32_t)(in->random(in->rng) % (GOLFER_TENURE_SPAN + 1));
	return weighed;
}

/* A few random swaps of players at different tables of one round. */
static void shake(struct golfer *g, int swaps)
{
	const struct golfer_tabu *in = g->in;
	for (int tries = 0, done = 0; done < swaps && tries < 100 * swaps; tries++) {
		int r = (int)(in->random(in->rng) % (uint64_t)g->R);
		int p = (int)(in->random(in->rng) % (uint64_t)g->N), q = (int)(in->random(in->rng) % (uint64_t)g->N);
		const int *s = &g->seat[(size_t)r * (size_t)g->N];
		if (s[p] != s[q]) {
			swap(g, r, p, q);
			done++;
		}
	}
}

/* What every search of one solve shares: the budget used, the best plan's
 * repeated meetings (-1: none yet), turns of searches so far, and whether
 * the caller asked to stop. */
struct tally {
	const struct golfer_tabu *in;
	long used, best, attempt;
	/* The exhaustive searches' work (their own budget, as large again)
	 * and the whole to show progress against: the walks' budget, doubled
	 * while an exhaustive search may still run, so the share shown never
	 * goes back when one ends. */
	long orbit_used, whole;
	long bound;              /* golfer_tabu_bound(): no search goes on below it */
	long unreported;         /* work since the last report */
	bool stopped;
};

/* Reports progress; true once the caller asked to stop. */
static bool tally_stop(struct tally *t, long now, long best)
{
	const struct golfer_tabu *in = t->in;
	long shown = t->best >= 0 && t->best < best ? t->best : best;
	if (!t->stopped && in->progress)
		t->stopped = in->progress(in->ctx, t->attempt + 1, now, shown,
					  (double)(t->used + t->orbit_used) / (double)(t->whole > 0 ? t->whole : 1));
	t->unreported = 0;
	return t->stopped;
}

/* Reports once GOLFER_REPORT_EVERY of work has gone by since the last:
 * true once the caller asked to stop. */
static bool tally_due(struct tally *t, long work, long now, long best)
{
	t->unreported += work;
	if (t->unreported >= GOLFER_REPORT_EVERY)
		return tally_stop(t, now, best);
	return t->stopped;
}

/* Reports from inside a greedy seating (pairs weighed, each a few words
 * compared): true once asked to stop. */
static bool greedy_report(struct golfer *g, long pairs)
{
	struct tally *t = g->tally;
	if (!t)
		return false;
	long best = t->best >= 0 ? t->best : g->cost;
	return tally_due(t, pairs, best, best);
}

/* Plans a permutation of the players takes round to round: players in
 * cycles of L (L dividing R; the rest stay put), the rounds in R / L runs
 * of L, each round of a run the one before with every cycle turned by one.
 * Only the first round of each run (its base) is searched; each pair of a
 * base stands for its orbit, the pairs it turns into over the run, so a
 * repeat is an orbit used twice, or a short one (two players who stay put,
 * or two of one cycle whose orbit closes early) used at all. */
struct cyclic {
	int N, G, S, L, B, cycled;     /* players, tables, seats, run, bases; players in cycles */
	int *orbit;                    /* N x N: the orbit of each pair */
	struct orbit {
		int len;               /* its pairs */
		int first, more;       /* repeats the first use adds (len * (L / len - 1)), and each more */
		int uses;              /* base pairs in it */
	} *orbits;
	int *seat, *members, *count;   /* per base: B x N, (B x G) x S, B x G */
	uint32_t *tabu;                /* (B x N) x N */
	long cost;
};

static int shifted(const struct cyclic *c, int x, int k)
{
	return x < c->cycled ? x / c->L * c->L + (x % c->L + k) % c->L : x;
}

/* x and y together in one more base (d = 1) or one fewer (-1): the change
 * in repeated meetings over all rounds. */
static inline long use(struct cyclic *c, int x, int y, int d)
{
	struct orbit *o = &c->orbits[c->orbit[(size_t)x * (size_t)c->N + (size_t)y]];
	if (d > 0)
		return o->uses++ ? o->more : o->first;
	return --o->uses ? -o->more : -o->first;
}

/* p and q, at different tables of base b, swap: the change in cost; kept
 * if keep, else undone. */
static long cyclic_swap(struct cyclic *c, int b, int p, int q, bool keep)
{
	int *seat = &c->seat[(size_t)b * (size_t)c->N];
	int ta = seat[p], tb = seat[q];
	const int *count = &c->count[(size_t)b * (size_t)c->G];
	int *ma = &c->members[((size_t)b * (size_t)c->G + (size_t)ta) * (size_t)c->S];
	int *mb = &c->members[((size_t)b * (size_t)c->G + (size_t)tb) * (size_t)c->S];
	long d = 0;
	for (int pass = 0; pass < 2 - keep; pass++) {
		int sign = pass ? -1 : 1;   /* the second pass undoes the first */
		for (int k = 0; k < count[ta]; k++)
			if (ma[k] != p) {
				long x = use(c, p, ma[k], -sign) + use(c, q, ma[k], sign);
				d += pass ? 0 : x;
			}
		for (int k = 0; k < count[tb]; k++)
			if (mb[k] != q) {
				long x = use(c, q, mb[k], -sign) + use(c, p, mb[k], sign);
				d += pass ? 0 : x;
			}
	}
	if (!keep)
		return d;
	for (int k = 0; k < count[ta]; k++)
		if (ma[k] == p)
			ma[k] = q;
	for (int k = 0; k < count[tb]; k++)
		if (mb[k] == q)
			mb[k] = p;
	seat[p] = tb, seat[q] = ta;
	c->cost += d;
	return d;
}

static void cyclic_seat(struct cyclic *c, const int *seat)
{
	for (size_t o = 0; o < (size_t)c->N * (size_t)c->N; o++)
		c->orbits[o].uses = 0;
	memset(c->count, 0, (size_t)c->B * (size_t)c->G * sizeof(int));
	c->cost = 0;
	for (int b = 0; b < c->B; b++)
		for (int p = 0; p < c->N; p++) {
			size_t bt = (size_t)b * (size_t)c->G + (size_t)seat[(size_t)b * (size_t)c->N + (size_t)p];
			int *m = &c->members[bt * (size_t)c->S];
			for (int k = 0; k < c->count[bt]; k++)
				c->cost += use(c, p, m[k], +1);
			m[c->count[bt]++] = p;
		}
	memcpy(c->seat, seat, (size_t)c->B * (size_t)c->N * sizeof(int));
}

/* Does p, in base b, sit with someone whose orbit is overused? */
static bool cyclic_conflict(const struct cyclic *c, int b, int p)
{
	size_t bt = (size_t)b * (size_t)c->G + (size_t)c->seat[(size_t)b * (size_t)c->N + (size_t)p];
	for (int k = 0; k < c->count[bt]; k++) {
		int o = c->members[bt * (size_t)c->S + (size_t)k];
		const struct orbit *orb = &c->orbits[c->orbit[(size_t)p * (size_t)c->N + (size_t)o]];
		if (o != p && orb->uses * (c->L / orb->len) > 1)
			return true;
	}
	return false;
}

static uint32_t *cyclic_tabu(struct cyclic *c, int b, int p, int q)
{
	int lo = p < q ? p : q, hi = p < q ? q : p;
	return &c->tabu[((size_t)b * (size_t)c->N + (size_t)lo) * (size_t)c->N + (size_t)hi];
}

/* The step of the tabu search above, on the bases. */
static long cyclic_step(struct cyclic *c, const struct golfer_tabu *in, uint32_t now, long best)
{
	long weighed = 0, best_d = 0;
	int bb = -1, bp = -1, bq = -1;
	uint64_t ties = 0;
	for (int b = 0; b < c->B; b++) {
		const int *seat = &c->seat[(size_t)b * (size_t)c->N];
		for (int p = 0; p < c->N; p++) {
			if (!cyclic_conflict(c, b, p))
				continue;
			for (int q = 0; q < c->N; q++) {
				if (seat[q] == seat[p])
					continue;
				long d = cyclic_swap(c, b, p, q, false);
				weighed++;
				if (bp >= 0 && d > best_d)
					continue;
				if (*cyclic_tabu(c, b, p, q) > now && c->cost + d >= best)
					continue;
				if (bp < 0 || d < best_d)
					best_d = d, ties = 1;
				else if (in->random(in->rng) % ++ties != 0)
					continue;
				bb = b, bp = p, bq = q;
			}
		}
	}
	if (bp < 0)
		return 0;
	cyclic_swap(c, bb, bp, bq, true);
	*cyclic_tabu(c, bb, bp, bq) =
		now + GOLFER_TENURE_MIN + (uint32_t)(in->random(in->rng) % (GOLFER_TENURE_SPAN + 1));
	return weighed;
}

/* Bases at random, tables as round 0's. */
static void cyclic_random(struct cyclic *c, const struct golfer_tabu *in, int *seat)
{
	for (int b = 0; b < c->B; b++) {
		int *s = &seat[(size_t)b * (size_t)c->N], k = 0;
		for (int t = 0; t < c->G; t++)
			for (int n = 0; n < in->size[t]; n++)
				s[k++] = t;
		for (int p = c->N - 1; p > 0; p--) {
			int j = (int)(in->random(in->rng) % (uint64_t)(p + 1)), x = s[p];
			s[p] = s[j], s[j] = x;
		}
	}
}

/* The search for a plan cycles of L take round to round, within budget
 * (counted down), with the same steps, shakes and fresh starts as the
 * search of every round: its best into table[]; returns its repeated
 * meetings, or -1 when out of memory. */
static long cyclic_search(const struct golfer_tabu *in, int L, struct tally *t, int *table, long *budget)
{
	struct cyclic c = { .N = in->players, .G = in->tables, .L = L, .B = in->rounds / L };
	c.cycled = c.N / L * L;
	for (int k = 0; k < c.G; k++)
		c.S = in->size[k] > c.S ? in->size[k] : c.S;
	size_t NN = (size_t)c.N * (size_t)c.N, BN = (size_t)c.B * (size_t)c.N;
	c.orbit = malloc(NN * sizeof(int));
	c.orbits = calloc(NN, sizeof(*c.orbits));
	c.seat = malloc(BN * sizeof(int));
	c.members = malloc((size_t)c.B * (size_t)c.G * (size_t)(c.S ? c.S : 1) * sizeof(int));
	c.count = malloc((size_t)c.B * (size_t)c.G * sizeof(int));
	c.tabu = calloc(BN * (size_t)c.N, sizeof(uint32_t));
	int *best = malloc(BN * sizeof(int)), *walk = malloc(BN * sizeof(int));
	long found = -1;
	if (!c.orbit || !c.orbits || !c.seat || !c.members || !c.count || !c.tabu || !best || !walk)
		goto done;
	for (size_t x = 0; x < NN; x++)
		c.orbit[x] = -1;
	int n_orbits = 0;
	for (int x = 0; x < c.N; x++)
		for (int y = x + 1; y < c.N; y++) {
			if (c.orbit[(size_t)x * (size_t)c.N + (size_t)y] >= 0)
				continue;
			for (int k = 0; k < L; k++) {
				int u = shifted(&c, x, k), v = shifted(&c, y, k);
				if (c.orbit[(size_t)u * (size_t)c.N + (size_t)v] < 0)
					c.orbits[n_orbits].len++;
				c.orbit[(size_t)u * (size_t)c.N + (size_t)v] = n_orbits;
				c.orbit[(size_t)v * (size_t)c.N + (size_t)u] = n_orbits;
			}
			struct orbit *o = &c.orbits[n_orbits];
			o->first = o->len * (L / o->len - 1);
			o->more = o->len * (L / o->len);
			n_orbits++;
		}
	cyclic_random(&c, in, walk);
	cyclic_seat(&c, walk);
	long best_cost = c.cost, walk_cost = c.cost;
	memcpy(best, walk, BN * sizeof(int));
	int since = 0, shakes = 0;
	for (uint32_t now = 1; best_cost > t->bound && *budget > 0 && !t->stopped; now++) {
		long w = cyclic_step(&c, in, now, walk_cost) * GOLFER_CYCLIC_WEIGHT;
		w = w ? w : c.N;
		*budget -= w;
		t->used += w;
		if (c.cost < walk_cost) {
			walk_cost = c.cost, since = 0, shakes = 0;
			memcpy(walk, c.seat, BN * sizeof(int));
			if (c.cost < best_cost) {
				best_cost = c.cost;
				memcpy(best, c.seat, BN * sizeof(int));
			}
		} else if (++since >= GOLFER_STABLE || !w) {
			since = 0;
			if (++shakes > GOLFER_SHAKES) {
				cyclic_random(&c, in, walk);
				shakes = 0;
			}
			cyclic_seat(&c, walk);
			walk_cost = c.cost;
			for (int k = 0; k < GOLFER_SHAKE_SWAPS; k++) {
				int b = (int)(in->random(in->rng) % (uint64_t)c.B);
				int p = (int)(in->random(in->rng) % (uint64_t)c.N), q = (int)(in->random(in->rng) % (uint64_t)c.N);
				if (c.seat[(size_t)b * (size_t)c.N + (size_t)p] != c.seat[(size_t)b * (size_t)c.N + (size_t)q])
					cyclic_swap(&c, b, p, q, true);
			}
		}
		if (tally_due(t, w, c.cost, best_cost))
			break;
	}
	found = best_cost;
	for (int b = 0; b < c.B; b++)
		for (int k = 0; k < L; k++)
			for (int x = 0; x < c.N; x++)
				table[((size_t)b * (size_t)L + (size_t)k) * (size_t)c.N + (size_t)shifted(&c, x, k)] =
					best[(size_t)b * (size_t)c.N + (size_t)x];
done:
	free(c.orbit);
	free(c.orbits);
	free(c.seat);
	free(c.members);
	free(c.count);
	free(c.tabu);
	free(best);
	free(walk);
	return found;
}

/* Round 0's tables the same in every round, no earlier meetings and some
 * players to cycle. */
static bool cyclic_fits(const struct golfer_tabu *in)
{
	if (in->earlier || in->rounds < 2 || in->players < in->rounds)
		return false;
	for (int r = 1; r < in->rounds; r++)
		if (memcmp(in->size, &in->size[(size_t)r * (size_t)in->tables], (size_t)in->tables * sizeof(int)))
			return false;
	return true;
}

/* A symmetric space for the exhaustive search (golfer_orbit.h). */
struct orbit_space {
	int cycle, run, rest, invariant;
};

/* The spaces worth an exhaustive search, into out[] (room for 4 R): every
 * table the same size, no earlier meetings, and for each run length L
 * from R down to 2 the R mod L rounds left over invariant, players in
 * cycles of L or 2L (H of order 1 or 2: larger groups left too few plans
 * on 8 x 4 x 10), the players left over fixed or, where they fit, in one
 * cycle of their own. Spaces that cannot hold a plan go in the first
 * nodes of their search. */
static int orbit_spaces(const struct golfer_tabu *in, struct orbit_space *out)
{
	int N = in->players, G = in->tables, R = in->rounds, k = 0;
	if (!cyclic_fits(in) || G < 2 || N % G)
		return 0;
	for (int t = 0; t < G; t++)
		if (in->size[t] != N / G)
			return 0;
	for (int L = R; L >= 2; L--)
		for (int n = L; n <= 2 * L && n <= N; n += L) {
			int left = N % n;
			if (golfer_orbit_fits(N, G, R, n, L, 1, R % L))
				out[k++] = (struct orbit_space){ n, L, 1, R % L };
			if (left > 1 && golfer_orbit_fits(N, G, R, n, L, left, R % L))
				out[k++] = (struct orbit_space){ n, L, left, R % L };
		}
	return k;
}

/* Progress of an exhaustive search: the budget it has used so far shown
 * with the rest of the solve's. */
struct orbit_progress {
	struct tally *t;
	long budget;            /* of this search, in swaps */
};

static bool orbit_progress(void *ctx, double done)
{
	struct orbit_progress *op = ctx;
	long used = op->t->orbit_used;
	op->t->orbit_used += (long)(done * (double)op->budget);
	bool stop = tally_stop(op->t, op->t->best, op->t->best);
	op->t->orbit_used = used;
	return stop;
}

/* The search of every round, within *budget (counted down): greedy
 * starts, tabu steps, shakes; its best into table[]. */
static long general_search(struct golfer *g, struct tally *t, int *table, int *walk, int *in_table, long *budget)
{
	size_t RN = (size_t)g->R * (size_t)g->N;
	if (!greedy_start(g, table))
		return -1;
	memcpy(walk, table, RN * sizeof(int));
	long best_cost = g->cost, walk_cost = g->cost;
	int since = 0, shakes = 0;
	while (best_cost > g->floor && best_cost > t->bound && *budget > 0 && !t->stopped) {
		g->step++;
		long w = step(g, walk_cost, in_table);
		if (!w) {
			shake(g, 1);
			w = g->N;
		}
		*budget -= w;
		t->used += w;
		if (g->cost < walk_cost) {
			walk_cost = g->cost, since = 0, shakes = 0;
			memcpy(walk, g->seat, RN * sizeof(int));
			if (g->cost < best_cost) {
				best_cost = g->cost;
				memcpy(table, g->seat, RN * sizeof(int));
			}
		} else if (++since >= GOLFER_STABLE) {
			since = 0;
			if (++shakes > GOLFER_SHAKES) {
				if (!greedy_start(g, walk))
					return -1;
				walk_cost = g->cost, shakes = 0;
				if (g->cost < best_cost) {
					best_cost = g->cost;
					memcpy(table, g->seat, RN * sizeof(int));
				}
			} else {
				seat_all(g, walk);
				shake(g, GOLFER_SHAKE_SWAPS);
			}
		}
		if (tally_due(t, w, g->cost, best_cost))
			break;
	}
	return best_cost;
}

long golfer_tabu_bound(const struct golfer_tabu *in)
{
	if (in->earlier)
		return 0;
	/* Everyone meets at least the smallest table in use, less themself,
	 * each round, and at most N - 1 of them for the first time. */
	long meets = 0;
	for (int r = 0; r < in->rounds; r++) {
		int least = 0;
		for (int k = 0; k < in->tables; k++) {
			int n = in->size[(size_t)r * (size_t)in->tables + (size_t)k];
			least = n > 0 && (!least || n < least) ? n : least;
		}
		meets += least > 0 ? least - 1 : 0;
	}
	long again = meets - (in->players - 1);
	/* Each repeat is counted by both of its pair. */
	return again > 0 ? ((long)in->players * again + 1) / 2 : 0;
}

long golfer_tabu_solve(const struct golfer_tabu *in, int *table, bool *stopped)
{
	struct golfer g = { .in = in, .R = in->rounds, .N = in->players, .G = in->tables };
	struct tally t = { .in = in, .best = -1, .bound = golfer_tabu_bound(in), .whole = in->budget };
	g.tally = &t;
	for (size_t x = 0; x < (size_t)g.R * (size_t)g.G; x++)
		g.S = in->size[x] > g.S ? in->size[x] : g.S;
	size_t RN = (size_t)g.R * (size_t)g.N;
	g.meet = malloc((size_t)g.N * (size_t)g.N);
	g.seat = malloc(RN * sizeof(int));
	g.members = malloc((size_t)g.R * (size_t)g.G * (size_t)(g.S ? g.S : 1) * sizeof(int));
	g.count = malloc((size_t)g.R * (size_t)g.G * sizeof(int));
	g.conflicts = malloc(RN * sizeof(int));
	g.tabu = malloc(RN * (size_t)g.N * sizeof(uint32_t));
	int *found = malloc(RN * sizeof(int)), *walk = malloc(RN * sizeof(int));
	int *in_table = malloc((size_t)g.G * sizeof(int));
	bool ok = g.meet && g.seat && g.members && g.count && g.conflicts && g.tabu && found && walk && in_table;
	/* Searches in turn, each run afresh for a slice of the budget that
	 * doubles every turn: a small case ends in the first slices whichever
	 * search finds it, a hard one gives each search long runs. The run
	 * length L of each cyclic search divides R, longest first. */
	bool cyclic = cyclic_fits(in);
	long floor = t.bound;
	/* Nothing to swap where no round has two tables in use: seat them. */
	bool swappable = false;
	for (int r = 0; r < g.R; r++) {
		int used = 0;
		for (int k = 0; k < g.G; k++)
			used += in->size[(size_t)r * (size_t)g.G + (size_t)k] > 0;
		swappable |= used > 1;
	}
	if (ok && !swappable) {
		ok = greedy_start(&g, table);
		t.best = g.cost;
	}
	/* Exhaustive searches of symmetric spaces take their turn after the
	 * walks (which give a plan to stop with), from the second turn on (12
	 * x 8 x 6, which the walks solve there, stays as fast), each for the
	 * slice (counted in nodes); a space searched to the end without a plan
	 * is dropped. */
	struct orbit_space *space = malloc((size_t)(4 * g.R + 1) * sizeof *space);
	ok = ok && space;
	int spaces = ok && t.bound == 0 ? orbit_spaces(in, space) : 0;
	/* Its own budget (as large again) and random numbers, so the walks
	 * go exactly as they would without it and no plan gets worse. */
	if (spaces)
		t.whole = 2 * in->budget;
	uint64_t orbit_rng = *in->rng ^ 0x9e3779b97f4a7c15u;
	for (long slice = GOLFER_FIRST_SLICE;
	     ok && swappable && (t.used < in->budget || (spaces && t.orbit_used < in->budget)) && t.best != floor && !t.stopped;
	     slice *= 2) {
		for (int L = in->rounds; ok && L >= 1 && t.best != floor && !t.stopped; L--) {
			if (L > 1 && (!cyclic || in->rounds % L))
				continue;
			/* The search of every round, a quarter: its runs restart
			 * every 21 shakes anyway, and where a symmetric plan exists
			 * the cyclic search gets there sooner (8 x 4 x 9, seeds 1
			 * to 3: the slowest from 8.3 s to 2.3 s of CPU). */
			long share = L > 1 ? slice : slice / GOLFER_GENERAL_PART;
			long budget = share < in->budget - t.used ? share : in->budget - t.used, cost;
			if (budget <= 0)
				break;
			if (L > 1) {
				cost = cyclic_search(in, L, &t, walk, &budget);
			} else {
				cost = general_search(&g, &t, walk, found, in_table, &budget);
				floor = g.floor > t.bound ? g.floor : t.bound;
			}
			ok = cost >= 0;
			if (ok && (t.best < 0 || cost < t.best)) {
				t.best = cost;
				memcpy(table, walk, RN * sizeof(int));
			}
		}
		for (int i = 0; ok && t.attempt > 0 && i < spaces && t.best != 0 && !t.stopped; i++) {
			long budget = slice < in->budget - t.orbit_used ? slice : in->budget - t.orbit_used, nodes;
			long weight = (long)g.N * g.N / GOLFER_ORBIT_PAIRS_PER_SWAP + 1;
			if (budget <= 0)
				break;
			struct orbit_progress op = { &t, budget };
			struct golfer_orbit o = {
				.rounds = g.R, .players = g.N, .tables = g.G,
				.cycle = space[i].cycle, .run = space[i].run, .rest = space[i].rest,
				.invariant = space[i].invariant, .budget = budget / weight + 1,
				.random = in->random, .rng = &orbit_rng, .progress = orbit_progress, .ctx = &op,
			};
			enum golfer_orbit_end end = golfer_orbit_solve(&o, walk, &nodes);
			t.orbit_used += nodes * weight;
			ok = end != GOLFER_ORBIT_NOMEM;
			if (end == GOLFER_ORBIT_FOUND) {
				t.best = 0;
				memcpy(table, walk, RN * sizeof(int));
			} else if (end == GOLFER_ORBIT_NONE || end == GOLFER_ORBIT_UNFIT) {
				space[i--] = space[--spaces];
			}
		}
		t.attempt++;
	}
	*stopped = t.stopped;
	free(space);
	free(g.meet);
	free(g.seat);
	free(g.members);
	free(g.count);
	free(g.conflicts);
	free(g.tabu);
	free(found);
	free(walk);
	free(in_table);
	return ok ? t.best : -1;
}
