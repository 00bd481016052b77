/* Rounds, all at once: a tabu search over every round's seating towards no
 * repeated meeting (the social golfer problem), after Dotu and Van
 * Hentenryck. Planning round by round cannot see that an early round spoils
 * later ones; this search can. A move swaps two delegates of one role at two
 * tables of one round, so sizes and role mixes stay as they are; the
 * seating state of that round then checks that no level above repeated
 * meetings (hard rules, organisations, a theme twice) gets worse. Meetings
 * are counted in an N x N matrix, so weighing a swap costs two tables'
 * members, and events too big for the matrix keep the round-by-round plan. */
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"

/* Above this many delegates the matrix (N^2 bytes) is not worth it. */
#define GOLFER_MAX_DELEGATES 3000
/* Candidates checked against the levels above, best first, per step. */
#define GOLFER_SHORTLIST 16
/* Steps without a better plan before a shake, and before giving up. */
#define GOLFER_SHAKE_AFTER 500
#define GOLFER_PATIENCE 20000

struct golfer {
	struct alloc *a;
	size_t R, N;
	unsigned char *meet;            /* N x N: rounds each pair shares a table */
	unsigned char *had;             /* N x K: rounds each delegate has each theme; NULL: no rule */
	struct seating_state *st;       /* one per round */
	long *tabu_until;               /* R x N: step before which a delegate stays put */
	long cost;                      /* repeated meetings: sum of (meet - 1) over pairs met */
	long floor;                     /* of which earlier events alone account for */
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
	long d = 0;
	for (int k = 0; k < s->count[a]; k++) {
		int o = s->members[a][k];
		if (o != i)
			d += (*meet_at(g, j, o) >= 1) - (*meet_at(g, i, o) >= 2);
	}
	for (int k = 0; k < s->count[b]; k++) {
		int o = s->members[b][k];
		if (o != j)
			d += (*meet_at(g, i, o) >= 1) - (*meet_at(g, j, o) >= 2);
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

/* The levels above repeated meetings, for a swap in round r. */
static bool swap_keeps_levels(struct golfer *g, size_t r, int i, int j, bool themes_kept)
{
	struct seating_state *s = &g->st[r];
	struct penalty p = seating_swap_penalty(s, i, j);
	p.themes_again = themes_kept ? 0
				     : theme_delta(g, r, i, s->seat[i], s->seat[j]) +
					       theme_delta(g, r, j, s->seat[j], s->seat[i]);
	return !penalty_harms_above_repeats(&p);
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

/* One step: the best swap of a delegate who meets someone again, not tabu
 * (unless it beats the best plan seen), that keeps the levels above.
 * Returns the swaps weighed, or -1 when there is nothing left to try. */
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
			int role = a->ev->delegates[i].role;
			for (size_t t = 0; t < a->T; t++) {
				if ((int)t == s->seat[i])
					continue;
				for (int k = 0; k < s->count[t]; k++) {
					int j = s->members[t][k];
					if (a->ev->delegates[j].role != role || !seating_movable(a, j))
						continue;
					long d = swap_delta(g, r, i, j);
					int r2 = -1;
					weighed++;
					if (theme_delta(g, r, i, s->seat[i], t) + theme_delta(g, r, j, (int)t, s->seat[i]) > 0) {
						if ((r2 = crossed_round(g, r, i, j)) < 0)
							continue;
						d += second_swap_delta(g, r, (size_t)r2, i, j);
					}
					bool tabu = g->tabu_until[r * g->N + (size_t)i] > step ||
						    g->tabu_until[r * g->N + (size_t)j] > step;
					if (tabu && g->cost + d >= best_cost)
						continue;
					shortlist_add(list, &n, (struct candidate){ (int)r, r2, i, j, d, alloc_random(&g->rng) });
				}
			}
		}
	}
	for (int c = 0; c < n; c++) {
		const struct candidate *m = &list[c];
		bool twice = m->r2 >= 0;
		if (!swap_keeps_levels(g, (size_t)m->r, m->i, m->j, twice) ||
		    (twice && !swap_keeps_levels(g, (size_t)m->r2, m->i, m->j, true)))
			continue;
		long tenure = 4 + (long)(alloc_random(&g->rng) % 8);
		for (int k = 0; k < 1 + twice; k++) {
			size_t r = (size_t)(k ? m->r2 : m->r);
			apply_swap(g, r, m->i, m->j);
			g->tabu_until[r * g->N + (size_t)m->i] = step + tenure;
			g->tabu_until[r * g->N + (size_t)m->j] = step + tenure;
		}
		return weighed + 1;
	}
	return n ? weighed + n : -1;
}

/* Stuck: a few random swaps that keep the levels above, to leave the valley. */
static void golfer_shake(struct golfer *g)
{
	struct alloc *a = g->a;
	for (int tries = 0, done = 0; tries < 200 && done < 3; tries++) {
		size_t r = alloc_random(&g->rng) % g->R;
		int i = a->present[alloc_random(&g->rng) % a->P], j = a->present[alloc_random(&g->rng) % a->P];
		const struct seating_state *s = &g->st[r];
		if (s->seat[i] < 0 || s->seat[j] < 0 || s->seat[i] == s->seat[j] ||
		    a->ev->delegates[i].role != a->ev->delegates[j].role || !seating_movable(a, i) ||
		    !seating_movable(a, j) || !swap_keeps_levels(g, r, i, j, false))
			continue;
		apply_swap(g, r, i, j);
		done++;
	}
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
	g->tabu_until = calloc(g->R * g->N, sizeof(long));
	if (!g->meet || (new_themes && !g->had) || !g->st || !g->tabu_until)
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
	return true;
}

static void golfer_free(struct golfer *g)
{
	for (size_t r = 0; g->st && r < g->R; r++)
		if (g->st[r].a)
			state_free(&g->st[r]);
	free(g->st);
	free(g->meet);
	free(g->had);
	free(g->tabu_until);
}

bool rounds_meet_fewer(struct alloc *a, struct plan *plan, bool new_themes, const struct history *hist)
{
	if ((plan->rounds_count < 2 && !hist) || a->P < 2 || a->N > GOLFER_MAX_DELEGATES)
		return true;
	struct golfer g;
	size_t seats = plan->rounds_count * a->N;
	int *best = malloc(seats * sizeof(int));
	bool ok = best && golfer_init(&g, a, plan, new_themes, hist);
	if (ok) {
		for (size_t r = 0; r < g.R; r++)
			memcpy(best + r * a->N, plan->rounds[r].seat, a->N * sizeof(int));
		long best_cost = g.cost, since_best = 0;
		/* Swaps weighed in all: a few seconds at most; and an end once many
		 * steps and shakes have found nothing better. */
		const long budget_all = 80000000;
		long budget = budget_all;
		for (long step = 1; g.cost > g.floor && budget > 0 && since_best < GOLFER_PATIENCE; step++) {
			if (step % 256 == 0 && alloc_progress(a, "rounds: meeting new people", 1.0 - (double)budget / (double)budget_all))
				break;
			long weighed = golfer_step(&g, step, best_cost);
			if (weighed < 0) {   /* every candidate tabu or harmful: move on at random */
				golfer_shake(&g);
				weighed = (long)a->P;
			}
			budget -= weighed;
			if (g.cost < best_cost) {
				best_cost = g.cost;
				since_best = 0;
				for (size_t r = 0; r < g.R; r++)
					memcpy(best + r * a->N, plan->rounds[r].seat, a->N * sizeof(int));
			} else if (++since_best % GOLFER_SHAKE_AFTER == 0) {
				golfer_shake(&g);
			}
		}
		/* The seat arrays are the plan's own: put back the best seen. */
		for (size_t r = 0; r < g.R; r++)
			memcpy(plan->rounds[r].seat, best + r * a->N, a->N * sizeof(int));
	}
	if (best)
		golfer_free(&g);
	free(best);
	if (!ok)
		a->out_of_memory = true;
	return ok;
}
