/* Rounds, all at once: a tabu search over every round's seating towards no
 * repeated meeting (the social golfer problem), after Dotu and Van
 * Hentenryck. Planning round by round cannot see that an early round spoils
 * later ones; this search can. Where everyone is interchangeable, the
 * social golfer problem is all there is, and golfer_tabu.c solves it on
 * compact arrays; this file is the search with people. A move swaps two
 * delegates of one role at two tables of one round, so sizes and role mixes
 * stay as they are; the seating state of that round then checks that no
 * level above repeated meetings (hard rules, organisations, a theme twice)
 * gets worse. Meetings are counted in an N x N matrix, so weighing a swap
 * costs two tables' members, and events too big for the matrix keep the
 * round-by-round plan. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "golfer_tabu.h"
#include "score.h"

/* Above this many delegates the matrix (N^2 bytes) is not worth it. */
#define GOLFER_MAX_DELEGATES 3000
/* Above this many, golfer_tabu.c's greedy seatings (N^2 pairs weighed per
 * pick) and its tabu list (R x N^2) are not worth it. */
#define GREEDY_MAX_DELEGATES 256
/* Candidates checked against the levels above, best first, per step. */
#define GOLFER_SHORTLIST 16
/* Steps without a better plan before 3 random swaps from where the walk
 * is, and before the end. */
#define GOLFER_SHAKE_AFTER 500
#define GOLFER_RESTART_AFTER 20000
/* The budget, in swaps weighed, so a seed always gives the same plan:
 * about 20 s of one core where seatings are free (8 x 4 x 10 never runs
 * out of steps that help), 5 s with people, where more did not help. */
#define GOLFER_BUDGET 500000000L
/* Smaller events get GOLFER_BUDGET_SCALE x N^2 x R of it, a little more
 * than 8 x 4 x 10 needs to keep the whole: 10 at 2 tables of 5 for 3
 * rounds had spent 22 s on a plan it had in the first. */
#define GOLFER_BUDGET_SCALE 48829L
#define GOLFER_BUDGET_PEOPLE 80000000L
/* A swap made stays tabu for GOLFER_TENURE steps and up to twice as many. */
#define GOLFER_TENURE 4

struct golfer {
	struct alloc *a;
	size_t R, N;
	unsigned char *meet;            /* N x N: rounds each pair shares a table */
	unsigned char *earlier;         /* N x N: of which earlier events; NULL: none */
	unsigned char *had;             /* N x K: rounds each delegate has each theme; NULL: no rule */
	struct seating_state *st;       /* one per round */
	struct tabu_entry {             /* (round, i, j) swapped lately, direct-mapped */
		uint64_t key;
		long until;
	} *tabu;
	long cost;                      /* repeated meetings: sum of (meet - 1) over pairs met */
	long floor;                     /* of which earlier events alone account for */
	struct penalty upper;           /* the levels above repeats: change since the start */
	bool interchangeable;           /* any seating of a round keeps the levels above */
	uint64_t rng;
};

struct candidate {
	int r, r2, i, j;        /* r2 >= 0: the same two swap back in round r2 too */
	long delta;
	uint64_t tie;
};

static unsigned char *meet_at(const struct golfer *g, int i, int j)
{
	return &g->meet[(size_t)i * g->N + (size_t)j];
}

/* Adds (+1) or removes (-1) i's meetings with everyone at table t of round r. */
static void count_meetings(struct golfer *g, size_t r, int i, int t, int sign)
{
	const struct seating_state *s = &g->st[r];
	for (int k = 0; k < s->count[t]; k++) {
		int o = s->members[t][k];
		if (o == i)
			continue;
		unsigned char *m = meet_at(g, i, o);
		if (sign > 0)
			g->cost += *m >= 1;
		else
			g->cost -= *m >= 2;
		*m = (unsigned char)(*m + sign);
		*meet_at(g, o, i) = *m;
	}
}

/* Change in repeated meetings if i and j (tables a and b of round r) swap. */
static long swap_delta(const struct golfer *g, size_t r, int i, int j)
{
	const struct seating_state *s = &g->st[r];
	int a = s->seat[i], b = s->seat[j];
	const unsigned char *mi = &g->meet[(size_t)i * g->N], *mj = &g->meet[(size_t)j * g->N];
	long d = 0;
	for (int k = 0; k < s->count[a]; k++) {
		int o = s->members[a][k];
		if (o != i)
			d += (mj[o] >= 1) - (mi[o] >= 2);
	}
	for (int k = 0; k < s->count[b]; k++) {
		int o = s->members[b][k];
		if (o != j)
			d += (mi[o] >= 1) - (mj[o] >= 2);
	}
	return d;
}

/* Does i meet anyone at its table in round r for the second time or more? */
static bool meets_again(const struct golfer *g, size_t r, int i)
{
	const struct seating_state *s = &g->st[r];
	int t = s->seat[i];
	for (int k = 0; k < s->count[t]; k++)
		if (s->members[t][k] != i && *meet_at(g, i, s->members[t][k]) >= 2)
			return true;
	return false;
}

/* A theme twice: what i moving from table a's theme to table b's would change. */
static long theme_delta(const struct golfer *g, size_t r, int i, int a, int b)
{
	const struct alloc *al = g->a;
	int ta = g->st[r].table_theme[a], tb = g->st[r].table_theme[b];
	if (!g->had || ta == tb || al->ev->delegates[i].pinned_table >= 0)
		return 0;
	long d = 0;
	if (tb >= 0)
		d += g->had[(size_t)i * al->K + (size_t)tb] >= 1;
	if (ta >= 0)
		d -= g->had[(size_t)i * al->K + (size_t)ta] >= 2;
	return d;
}

static void count_theme(struct golfer *g, size_t r, int i, int t, int sign)
{
	int th = g->st[r].table_theme[t];
	if (g->had && th >= 0)
		g->had[(size_t)i * g->a->K + (size_t)th] =
			(unsigned char)(g->had[(size_t)i * g->a->K + (size_t)th] + sign);
}

/* With a theme per table and nobody to get one twice, a lone swap across
 * themes gives both a theme again. Swapping the same two back in a round
 * where their themes are the other way round keeps everyone's themes: this
 * is that round, or -1. */
static int crossed_round(const struct golfer *g, size_t r, int i, int j)
{
	const int *theme = g->st[r].table_theme;
	int ta = theme[g->st[r].seat[i]], tb = theme[g->st[r].seat[j]];
	for (size_t q = 0; q < g->R; q++) {
		const struct seating_state *s = &g->st[q];
		if (q != r && s->seat[i] >= 0 && s->seat[j] >= 0 && s->table_theme[s->seat[i]] == tb &&
		    s->table_theme[s->seat[j]] == ta)
			return (int)q;
	}
	return -1;
}

/* The meeting counts as if i and j had swapped in round r (sign +1), or
 * back (-1); the seating itself is left alone. */
static void shift_meetings(struct golfer *g, size_t r, int i, int j, int sign)
{
	const struct seating_state *s = &g->st[r];
	int ends[2][2] = { { i, j }, { j, i } };   /* leaving, joining */
	for (int e = 0; e < 2; e++) {
		int t = s->seat[ends[e][0]];
		for (int k = 0; k < s->count[t]; k++) {
			int o = s->members[t][k];
			if (o == ends[e][0])
				continue;
			unsigned char *out = meet_at(g, ends[e][0], o), *in = meet_at(g, ends[e][1], o);
			*out = (unsigned char)(*out - sign);
			*in = (unsigned char)(*in + sign);
			*meet_at(g, o, ends[e][0]) = *out;
			*meet_at(g, o, ends[e][1]) = *in;
		}
	}
}

/* Repeated meetings the swap back in round q adds after the swap in round r. */
static long second_swap_delta(struct golfer *g, size_t r, size_t q, int i, int j)
{
	shift_meetings(g, r, i, j, +1);
	long d = swap_delta(g, q, i, j);
	shift_meetings(g, r, i, j, -1);
	return d;
}

/* The levels above repeated meetings, for a swap in round r: what it would
 * change into *p, and whether that is no worse. */
static bool swap_keeps_levels(struct golfer *g, size_t r, int i, int j, bool themes_kept, struct penalty *p)
{
	*p = (struct penalty){ 0 };
	struct seating_state *s = &g->st[r];
	*p = seating_swap_penalty(s, i, j);
	p->themes_again = themes_kept ? 0
				      : theme_delta(g, r, i, s->seat[i], s->seat[j]) +
						theme_delta(g, r, j, s->seat[j], s->seat[i]);
	return !penalty_harms_above_repeats(p);
}

/* A swap may also better a level above repeats: counted, so that a plan
 * is judged at those levels first when the best is kept. */
static void count_upper(struct golfer *g, const struct penalty *p)
{
	struct penalty upper = *p;
	upper.repeats = upper.moved = upper.pref = 0;
	penalty_add(&g->upper, &upper);
}

/* Where the search stands: the levels above repeats, then repeats. */
static struct penalty mark_now(const struct golfer *g)
{
	struct penalty m = g->upper;
	m.repeats = g->cost;
	return m;
}

static void apply_swap(struct golfer *g, size_t r, int i, int j)
{
	struct seating_state *s = &g->st[r];
	int a = s->seat[i], b = s->seat[j];
	count_meetings(g, r, i, a, -1);
	count_meetings(g, r, j, b, -1);
	count_theme(g, r, i, a, -1);
	count_theme(g, r, j, b, -1);
	seating_swap(s, i, j);
	count_meetings(g, r, i, b, +1);
	count_meetings(g, r, j, a, +1);
	count_theme(g, r, i, b, +1);
	count_theme(g, r, j, a, +1);
}

static int compare_candidates(const void *x, const void *y)
{
	const struct candidate *p = x, *q = y;
	if (p->delta != q->delta)
		return p->delta < q->delta ? -1 : 1;
	return (p->tie > q->tie) - (p->tie < q->tie);
}

/* Keeps the GOLFER_SHORTLIST best candidates (a small sorted array). */
static void shortlist_add(struct candidate *list, int *n, struct candidate c)
{
	if (*n == GOLFER_SHORTLIST && compare_candidates(&c, &list[*n - 1]) >= 0)
		return;
	int k = *n < GOLFER_SHORTLIST ? (*n)++ : *n - 1;
	while (k > 0 && compare_candidates(&c, &list[k - 1]) < 0) {
		list[k] = list[k - 1];
		k--;
	}
	list[k] = c;
}

#define TABU_BITS 14
#define TABU_SLOTS (1u << TABU_BITS)

/* The slot of the swap of i and j in round r, and its key (never 0). */
static struct tabu_entry *tabu_slot(const struct golfer *g, size_t r, int i, int j, uint64_t *key)
{
	int lo = i < j ? i : j, hi = i < j ? j : i;
	*key = ((uint64_t)r * g->N + (uint64_t)lo) * g->N + (uint64_t)hi + 1;
	return &g->tabu[(*key * 0x9E3779B97F4A7C15ull) >> (64 - TABU_BITS)];
}

static bool tabu_entry_holds(const struct golfer *g, size_t r, int i, int j, long step)
{
	uint64_t key;
	const struct tabu_entry *e = tabu_slot(g, r, i, j, &key);
	return e->key == key && e->until > step;
}

/* Is swapping i and j in round r tabu? Whoever was swapped stays put for a
 * few steps, which does better with people than barring the pair alone
 * (bench/rounds.py, 10 x 10 x 3). A collision forgets an older entry,
 * which only makes the search a little less strict. */
static bool is_tabu(const struct golfer *g, size_t r, int i, int j, long step)
{
	return tabu_entry_holds(g, r, i, i, step) || tabu_entry_holds(g, r, j, j, step);
}

/* One step: the best swap of a delegate who meets someone again, not tabu
 * (unless it beats the best plan seen), that keeps the levels above.
 * Returns the swaps weighed, or -1 less them when there is nothing left to
 * try (the scan is charged all the same). */
static long golfer_step(struct golfer *g, long step, long best_cost)
{
	struct alloc *a = g->a;
	struct candidate list[GOLFER_SHORTLIST];
	int n = 0;
	long weighed = 0;
	for (size_t r = 0; r < g->R; r++) {
		const struct seating_state *s = &g->st[r];
		for (size_t p = 0; p < a->P; p++) {
			int i = a->present[p];
			if (s->seat[i] < 0 || !seating_movable(a, i) || !meets_again(g, r, i))
				continue;
			int role = a->ev->delegates[i].role, from = s->seat[i];
			for (size_t t = 0; t < a->T; t++) {
				if ((int)t == from)
					continue;
				for (int k = 0; k < s->count[t]; k++) {
					int j = s->members[t][k];
					if (a->ev->delegates[j].role != role || !seating_movable(a, j))
						continue;
					long d = swap_delta(g, r, i, j);
					int r2 = -1;
					weighed++;
					if (g->had &&
					    theme_delta(g, r, i, from, (int)t) + theme_delta(g, r, j, (int)t, from) > 0) {
						if ((r2 = crossed_round(g, r, i, j)) < 0)
							continue;
						d += second_swap_delta(g, r, (size_t)r2, i, j);
					}
					if (is_tabu(g, r, i, j, step) && g->cost + d >= best_cost)
						continue;
					shortlist_add(list, &n, (struct candidate){ (int)r, r2, i, j, d, alloc_random(&g->rng) });
				}
			}
		}
	}
	for (int c = 0; c < n; c++) {
		const struct candidate *m = &list[c];
		bool twice = m->r2 >= 0;
		struct penalty p[2];
		if (!swap_keeps_levels(g, (size_t)m->r, m->i, m->j, twice, &p[0]) ||
		    (twice && !swap_keeps_levels(g, (size_t)m->r2, m->i, m->j, true, &p[1])))
			continue;
		long until = step + GOLFER_TENURE + (long)(alloc_random(&g->rng) % (2 * GOLFER_TENURE));
		for (int k = 0; k < 1 + twice; k++) {
			size_t r = (size_t)(k ? m->r2 : m->r);
			apply_swap(g, r, m->i, m->j);
			count_upper(g, &p[k]);
			uint64_t key;
			*tabu_slot(g, r, m->i, m->i, &key) = (struct tabu_entry){ key, until };
			*tabu_slot(g, r, m->j, m->j, &key) = (struct tabu_entry){ key, until };
		}
		return weighed + 1;
	}
	return n ? weighed + n : -1 - weighed;
}

/* Stuck: a few random swaps that keep the levels above, to leave the valley. */
static void golfer_shake(struct golfer *g, int swaps)
{
	struct alloc *a = g->a;
	for (int tries = 0, done = 0; tries < 200 * swaps && done < swaps; tries++) {
		size_t r = alloc_random(&g->rng) % g->R;
		int i = a->present[alloc_random(&g->rng) % a->P], j = a->present[alloc_random(&g->rng) % a->P];
		const struct seating_state *s = &g->st[r];
		if (s->seat[i] < 0 || s->seat[j] < 0 || s->seat[i] == s->seat[j] ||
		    a->ev->delegates[i].role != a->ev->delegates[j].role || !seating_movable(a, i) ||
		    !seating_movable(a, j))
			continue;
		struct penalty p;
		if (!swap_keeps_levels(g, r, i, j, false, &p))
			continue;
		apply_swap(g, r, i, j);
		count_upper(g, &p);
		done++;
	}
}

/* Can every present delegate sit at any seat of any round without a level
 * above repeated meetings noticing? Then golfer_tabu.c may reseat them all.
 * One role, nobody pinned, locked, kept apart or with needs, no two of an
 * organisation, no rule against a theme twice, no preferences unless every
 * table has the same theme, and everyone present seated in every round. */
static bool all_interchangeable(const struct golfer *g)
{
	const struct alloc *a = g->a;
	if (g->had || a->N > GREEDY_MAX_DELEGATES || !a->P)
		return false;
	for (size_t r = 0; r < g->R; r++)
		for (size_t p = 0; p < a->P; p++)
			if (g->st[r].seat[a->present[p]] < 0)
				return false;
	/* Tables of several themes: preferences, though below repeats, are
	 * not to be thrown away by reseating everyone. */
	bool one_theme = true;
	for (size_t r = 0; r < g->R; r++)
		for (size_t t = 0; t < a->T; t++)
			one_theme &= g->st[r].table_theme[t] == g->st[0].table_theme[0];
	int role = a->ev->delegates[a->present[0]].role;
	for (size_t p = 0; p < a->P; p++) {
		int i = a->present[p];
		const struct delegate *d = &a->ev->delegates[i];
		if (d->role != role || !seating_movable(a, i) || a->avoid_n[i] || d->needs_count ||
		    (d->org >= 0 && a->org_n[d->org] > 1) || (d->preferences_count && !one_theme))
			return false;
	}
	return true;
}

/* A floor under the meetings again within the plan: a table of round r
 * meets again at least the pairs its people make when they come from the
 * tables of an earlier round as evenly as can be; a swap keeps every
 * table's size, so it holds all search long. Reached, the search stops: 1,000
 * at 2 tables of 500 sat at this 124,500 for minutes. */
static long rounds_floor(const struct golfer *g)
{
	long floor = 0;
	size_t T = g->a->T;
	for (size_t r = 1; r < g->R; r++) {
		long best = 0;
		for (size_t r1 = 0; r1 < r; r1++) {
			long used = 0, pairs = 0;
			for (size_t t = 0; t < T; t++)
				used += g->st[r1].count[t] > 0;
			for (size_t t = 0; t < T && used > 0; t++)
				pairs += even_pairs(g->st[r].count[t], used);
			best = pairs > best ? pairs : best;
		}
		floor += best;
	}
	return floor;
}

static bool golfer_init(struct golfer *g, struct alloc *a, struct plan *plan, bool new_themes,
			const struct history *hist)
{
	memset(g, 0, sizeof(*g));
	g->a = a;
	g->R = plan->rounds_count;
	g->N = a->N;
	g->rng = (a->P ? a->tiebreak[a->present[0]] : 1) | 1;
	g->meet = calloc(g->N * g->N, 1);
	g->had = new_themes ? calloc(g->N * (a->K ? a->K : 1), 1) : NULL;
	g->st = calloc(g->R, sizeof(*g->st));
	g->tabu = calloc(TABU_SLOTS, sizeof(*g->tabu));
	if (!g->meet || (new_themes && !g->had) || !g->st || !g->tabu)
		return false;
	uint64_t *earlier = NULL;
	size_t n = 0;
	if (hist && !history_pair_keys(hist, g->N, &earlier, &n))
		return false;
	for (size_t x = 0; x < n; x++) {
		int i = (int)(earlier[x] / g->N), j = (int)(earlier[x] % g->N);
		unsigned char *m = meet_at(g, i, j);
		g->cost += *m >= 1;
		*m = (unsigned char)(*m + (*m < 200));
		*meet_at(g, j, i) = *m;
	}
	free(earlier);
	g->floor = g->cost;
	/* golfer_tabu.c counts from earlier events' meetings alone. */
	if (n && !(g->earlier = malloc(g->N * g->N)))
		return false;
	if (n)
		memcpy(g->earlier, g->meet, g->N * g->N);
	for (size_t r = 0; r < g->R; r++) {
		struct seating *round = &plan->rounds[r];
		if (!state_init(&g->st[r], a, round->table_theme, round->seat))
			return false;
		for (size_t p = 0; p < a->P; p++) {
			int i = a->present[p];
			if (round->seat[i] < 0)
				continue;
			count_meetings(g, r, i, round->seat[i], +1);
			count_theme(g, r, i, round->seat[i], +1);
			if (!state_add(&g->st[r], i, round->seat[i]))
				return false;
		}
	}
	g->floor += rounds_floor(g);
	g->interchangeable = all_interchangeable(g);
	return true;
}

static void golfer_free(struct golfer *g)
{
	for (size_t r = 0; g->st && r < g->R; r++)
		if (g->st[r].a)
			state_free(&g->st[r]);
	free(g->st);
	free(g->meet);
	free(g->earlier);
	free(g->had);
	free(g->tabu);
}

static void keep_seats(const struct golfer *g, const struct plan *plan, int *seats)
{
	for (size_t r = 0; r < g->R; r++)
		memcpy(seats + r * g->N, plan->rounds[r].seat, g->N * sizeof(int));
}

/* Tells the caller how far the search is; true when it asked to stop. */
static bool show_progress(struct golfer *g, long start, long now, long best_cost, double done)
{
	char stage[80];
	snprintf(stage, sizeof(stage), "all %zu rounds, attempt %ld: %ld meetings again now, best %ld", g->R,
		 start, now - g->floor, best_cost - g->floor);
	return alloc_progress(g->a, stage, done);
}

static bool kernel_progress(void *ctx, long starts, long now, long best, double done)
{
	return show_progress(ctx, starts, now, best, done);
}

/* The kernel's budget for P delegates over R rounds. */
static long interchangeable_budget(int P, int R)
{
	double scaled = (double)GOLFER_BUDGET_SCALE * P * P * R;
	return scaled < (double)GOLFER_BUDGET ? (long)scaled : GOLFER_BUDGET;
}

/* Everyone interchangeable: the plan from golfer_tabu.c, on the present
 * delegates numbered 0 to P - 1 and each round's table sizes as they are. */
static bool seat_interchangeable(struct golfer *g, struct plan *plan)
{
	struct alloc *a = g->a;
	int R = (int)g->R, P = (int)a->P, T = (int)a->T;
	int *size = malloc((size_t)R * (size_t)T * sizeof(int)), *table = malloc((size_t)R * (size_t)P * sizeof(int));
	unsigned char *earlier = g->earlier ? malloc((size_t)P * (size_t)P) : NULL;
	bool ok = size && table && (earlier || !g->earlier);
	for (int r = 0; ok && r < R; r++)
		for (int t = 0; t < T; t++)
			size[r * T + t] = g->st[r].count[t];
	for (int p = 0; ok && earlier && p < P; p++)
		for (int q = 0; q < P; q++)
			earlier[p * P + q] = g->earlier[(size_t)a->present[p] * g->N + (size_t)a->present[q]];
	struct golfer_tabu in = {
		.rounds = R, .players = P, .tables = T, .size = size, .earlier = earlier,
		.budget = interchangeable_budget(P, R), .random = alloc_random, .rng = &g->rng,
		.progress = kernel_progress, .ctx = g,
	};
	bool stopped;
	ok = ok && golfer_tabu_solve(&in, table, &stopped) >= 0;
	for (int r = 0; ok && r < R; r++)
		for (int p = 0; p < P; p++)
			plan->rounds[r].seat[a->present[p]] = table[r * P + p];
	free(size);
	free(table);
	free(earlier);
	return ok;
}

/* With people: a tabu walk from the round-by-round plan, each swap checked
 * against the levels above repeated meetings. */
static void seat_people(struct golfer *g, struct plan *plan, int *best)
{
	keep_seats(g, plan, best);
	struct penalty best_mark = mark_now(g), walk_mark = best_mark;
	long best_cost = g->cost, since_better = 0, budget = GOLFER_BUDGET_PEOPLE, unreported = 0;
	/* Charged by table size: 1,000 at 2 tables of 500 walked for over
	 * five minutes. */
	long scale = seating_weigh_scale(&g->st[0]);
	for (long step = 1; g->cost > g->floor && budget > 0; step++) {
		long weighed = golfer_step(g, step, best_cost);
		if (weighed < 0) {   /* every candidate tabu or harmful: move on at random */
			golfer_shake(g, 3);
			/* The scan counts too: 1,000 at 2 tables over 3 themes found no
			 * swap keeping the themes, and shook for minutes charged P. */
			weighed = -1 - weighed + (long)g->a->P;
		}
		weighed *= scale;
		budget -= weighed;
		unreported += weighed;
		struct penalty now = mark_now(g);
		if (penalty_compare(&now, &best_mark) < 0) {
			best_mark = now;
			best_cost = g->cost;
			keep_seats(g, plan, best);
		}
		if (penalty_compare(&now, &walk_mark) < 0) {
			walk_mark = now;
			since_better = 0;
		} else if (++since_better == GOLFER_RESTART_AFTER) {
			break;
		} else if (since_better % GOLFER_SHAKE_AFTER == 0) {
			/* With people, walking on from where the walk is does better. */
			golfer_shake(g, 3);
		}
		/* By work as well as by steps: at 2,000 people a step weighs a
		 * three-hundredth of the budget, and 256 of them left the line
		 * still and Ctrl-C unheard for over a minute. */
		if ((step % 256 == 0 || unreported >= GOLFER_BUDGET_PEOPLE / 1000) &&
		    (unreported = 0, show_progress(g, 1, g->cost, best_cost,
						   1.0 - (double)budget / (double)GOLFER_BUDGET_PEOPLE)))
			break;   /* anytime: the best plan so far is kept below */
	}
	/* The seat arrays are the plan's own: put back the best seen. */
	for (size_t r = 0; r < g->R; r++)
		memcpy(plan->rounds[r].seat, best + r * g->N, g->N * sizeof(int));
}

bool rounds_meet_fewer(struct alloc *a, struct plan *plan, bool new_themes, const struct history *hist)
{
	if ((plan->rounds_count < 2 && !hist) || a->P < 2 || a->N > GOLFER_MAX_DELEGATES)
		return true;
	struct golfer g;
	size_t seats = plan->rounds_count * a->N;
	int *best = malloc(seats * sizeof(int));
	bool ok = best && golfer_init(&g, a, plan, new_themes, hist);
	if (ok && g.interchangeable)
		ok = seat_interchangeable(&g, plan);
	else if (ok)
		seat_people(&g, plan, best);
	if (best)
		golfer_free(&g);
	free(best);
	if (!ok)
		a->out_of_memory = true;
	return ok;
}
