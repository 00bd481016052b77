/* Rounds: social golfer cases with a known plan where nobody meets anyone
 * twice (Kirkman's schoolgirls, the affine plane of order 4, 8 x 4 x 8)
 * reach it with a fixed seed, so with the search's fixed budget; the
 * meetings are counted here from the seat arrays, not by the allocator; and
 * a seed gives the same plan twice. The kernel (golfer_tabu.c) on its own:
 * uneven tables keep their sizes, earlier meetings count and are avoided,
 * and a stop asked at once still gives a whole plan, with its true count,
 * after a few million swaps weighed even on 256 x 20; a search ends at its
 * counting bound. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "allocate.h"
#include "event.h"
#include "golfer_orbit.h"
#include "golfer_tabu.h"
#include "plan.h"
#include "tap.h"

/* delegates at tables of `size` for `rounds` rounds, one role, everyone
 * their own organisation, one theme: only who meets whom again counts. */
static bool write_golfers(const char *path, int tables, int size, int rounds)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fprintf(f, "event: {name: Golfers, rounds: %d}\nroles:\n  - {id: guest}\nthemes:\n  - {id: t1, title: T}\n",
		rounds);
	fprintf(f, "roster:\n");
	for (int i = 0; i < tables * size; i++)
		fprintf(f, "  - {id: g%d, name: G %d, organisation: O%d, role: guest}\n", i, i, i);
	fprintf(f, "tables: {count: %d, capacity: %d}\n", tables, size);
	return fclose(f) == 0;
}

/* Pairs seated together in k rounds count k - 1; -1 when a round does not
 * seat everyone once at a table of `size`. */
static long repeated_meetings(const struct plan *p, size_t n, int tables, int size)
{
	int *met = calloc(n * n, sizeof(int)), *count = calloc((size_t)tables, sizeof(int));
	long repeats = 0;
	for (size_t r = 0; r < p->rounds_count && repeats >= 0; r++) {
		memset(count, 0, (size_t)tables * sizeof(int));
		for (size_t i = 0; i < n; i++) {
			int t = p->rounds[r].seat[i];
			if (t < 0 || t >= tables || ++count[t] > size)
				repeats = -1;
			for (size_t j = 0; t >= 0 && j < i; j++)
				if (p->rounds[r].seat[j] == t && met[i * n + j]++ > 0)
					repeats += repeats >= 0;
		}
	}
	free(met);
	free(count);
	return repeats;
}

static void golfer_case(const char *dir, const char *name, int tables, int size, int rounds)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s.yaml", dir, name);
	struct event ev;
	struct diag_list d;
	diag_list_init(&d);
	if (!ok(write_golfers(path, tables, size, rounds) && event_load(&ev, path, &d), "%s: event loads", name)) {
		diag_list_free(&d);
		return;
	}
	struct allocate_options opt = { .seed = 1 };
	struct plan p1, p2;
	struct allocate_report r1, r2;
	if (ok(allocate(&ev, &opt, &p1, &r1, &d), "%s: allocated", name)) {
		is_int(p1.rounds_count, rounds, "%s: %d rounds", name, rounds);
		is_int(repeated_meetings(&p1, ev.delegates_count, tables, size), 0,
		       "%s: everyone seated once a round, nobody meets anyone twice", name);
		if (ok(allocate(&ev, &opt, &p2, &r2, &d), "%s: allocated again", name)) {
			bool same = true;
			for (size_t r = 0; r < p1.rounds_count; r++)
				same &= memcmp(p1.rounds[r].seat, p2.rounds[r].seat,
					       ev.delegates_count * sizeof(int)) == 0;
			ok(same, "%s: the same seed gives the same plan", name);
			plan_free(&p2);
			allocate_report_free(&r2);
		}
		plan_free(&p1);
		allocate_report_free(&r1);
	}
	diag_list_free(&d);
	event_free(&ev);
	unlink(path);
}

/* The progress stages of a plan of rounds: round by round they say which
 * round (a big event spends seconds in each); the all-rounds search says
 * "all R rounds" itself. */
struct rounds_seen {
	int first, last, all_prefixed, unprefixed;
};

static bool note_round(void *ctx, const char *stage, double done)
{
	struct rounds_seen *s = ctx;
	(void)done;
	if (strncmp(stage, "round 1 of 3: ", 14) == 0)
		s->first++;
	else if (strncmp(stage, "round 3 of 3: ", 14) == 0)
		s->last++;
	else if (strncmp(stage, "round ", 6) != 0 && strncmp(stage, "all 3 rounds, attempt ", 22) != 0)
		s->unprefixed++;
	if (strncmp(stage, "round ", 6) == 0 && strstr(stage, "all 3 rounds"))
		s->all_prefixed++;
	return false;
}

static void progress_says_round(const char *dir)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/progress-5x3x3.yaml", dir);
	struct event ev;
	struct diag_list d;
	diag_list_init(&d);
	if (!ok(write_golfers(path, 5, 3, 3) && event_load(&ev, path, &d), "progress: event loads")) {
		diag_list_free(&d);
		return;
	}
	struct rounds_seen seen = { 0 };
	struct progress pr = { note_round, &seen };
	struct allocate_options opt = { .seed = 1, .progress = &pr };
	struct plan p;
	struct allocate_report r;
	if (ok(allocate(&ev, &opt, &p, &r, &d), "progress: allocated")) {
		ok(seen.first > 0 && seen.last > 0,
		   "progress: round by round, the stage says 'round 1 of 3' (%d) and 'round 3 of 3' (%d)", seen.first,
		   seen.last);
		ok(seen.unprefixed == 0 && seen.all_prefixed == 0,
		   "progress: every other stage is the all-rounds search's own (%d without a round, %d prefixed)",
		   seen.unprefixed, seen.all_prefixed);
		plan_free(&p);
		allocate_report_free(&r);
	}
	diag_list_free(&d);
	event_free(&ev);
	unlink(path);
}

static uint64_t xorshift(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static bool stop_at_once(void *ctx, long starts, long now, long best, double done)
{
	(void)starts, (void)now, (void)best, (void)done;
	++*(int *)ctx;
	return true;
}

/* The first report's share of the budget used, and the reports. */
struct first_report {
	double done;
	int calls;
};

static bool stop_at_first(void *ctx, long starts, long now, long best, double done)
{
	(void)starts, (void)now, (void)best;
	struct first_report *f = ctx;
	if (!f->calls++)
		f->done = done;
	return true;
}

static bool count_reports(void *ctx, long starts, long now, long best, double done)
{
	(void)starts, (void)now, (void)best, (void)done;
	++*(int *)ctx;
	return false;
}

/* The reports' shares of the budget: how many, and how many fell below
 * the one before (a bar that goes back). */
struct share_watch {
	double last;
	int calls, back;
};

static bool watch_shares(void *ctx, long starts, long now, long best, double done)
{
	(void)starts, (void)now, (void)best;
	struct share_watch *w = ctx;
	if (w->calls++ && done < w->last)
		w->back++;
	w->last = done;
	return false;
}

/* Repeated meetings of a kernel plan, earlier ones included; -1 when a
 * table of a round does not hold its size. */
static long kernel_repeats(const struct golfer_tabu *in, const int *table)
{
	int n = in->players;
	int *met = calloc((size_t)n * (size_t)n, sizeof(int)), *count = calloc((size_t)in->tables, sizeof(int));
	long repeats = 0;
	for (int i = 0; in->earlier && i < n; i++)
		for (int j = 0; j < i; j++)
			met[i * n + j] = in->earlier[i * n + j];
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++)
			repeats += met[i * n + j] > 1 ? met[i * n + j] - 1 : 0;
	for (int r = 0; r < in->rounds && repeats >= 0; r++) {
		memset(count, 0, (size_t)in->tables * sizeof(int));
		for (int i = 0; i < n; i++) {
			int t = table[r * n + i];
			if (t < 0 || t >= in->tables) {
				repeats = -1;
				break;
			}
			count[t]++;
			for (int j = 0; j < i; j++)
				if (table[r * n + j] == t && met[i * n + j]++ > 0)
					repeats++;
		}
		for (int t = 0; t < in->tables && repeats >= 0; t++)
			if (count[t] != in->size[r * in->tables + t])
				repeats = -1;
	}
	free(met);
	free(count);
	return repeats;
}

/* The exhaustive symmetric search on its own: a plan where it holds one
 * (counted here from the seats), and a space it searches to the end. */
static void orbit_case(int tables, int size, int rounds, int cycle, int run, int invariant, enum golfer_orbit_end want,
		       const char *name)
{
	int n = tables * size, *sizes = malloc((size_t)(rounds * tables) * sizeof(int));
	int *table = malloc((size_t)(rounds * n) * sizeof(int));
	for (int i = 0; i < rounds * tables; i++)
		sizes[i] = size;
	uint64_t rng = 11;
	struct golfer_orbit o = { .rounds = rounds, .players = n, .tables = tables, .cycle = cycle, .run = run,
				  .rest = 1, .invariant = invariant, .budget = 1000000, .random = xorshift, .rng = &rng };
	long nodes;
	enum golfer_orbit_end end = golfer_orbit_solve(&o, table, &nodes);
	is_int(end, want, "%s", name);
	if (want == GOLFER_ORBIT_FOUND) {
		struct golfer_tabu in = { .rounds = rounds, .players = n, .tables = tables, .size = sizes };
		is_int(end == GOLFER_ORBIT_FOUND ? kernel_repeats(&in, table) : -2, 0, "  ... every table its size, nobody meets twice");
	}
	free(sizes);
	free(table);
}

static void orbit_cases(void)
{
	orbit_case(8, 4, 9, 9, 9, 0, GOLFER_ORBIT_FOUND, "orbit search: 8 x 4 x 9 in cycles of 9");
	orbit_case(5, 5, 6, 5, 5, 1, GOLFER_ORBIT_FOUND, "orbit search: 5 x 5 x 6, a run of 5 and an invariant round");
	orbit_case(8, 4, 8, 8, 4, 0, GOLFER_ORBIT_FOUND, "orbit search: 8 x 4 x 8 in cycles of 8, runs of 4 (H of order 2)");
	orbit_case(3, 3, 4, 4, 4, 0, GOLFER_ORBIT_NONE, "orbit search: 3 x 3 x 4 has no plan in cycles of 4");
	is_int(golfer_orbit_fits(9, 3, 4, 4, 3, 1, 0), 0, "orbit search: a run of 3 does not divide 4 rounds");
}

static void kernel_cases(void)
{
	/* 10 at tables of 4, 3 and 3 (then 3, 4, 3 and 3, 3, 4) for 3 rounds:
	 * no plan without repeats is known here, so only the sizes and the
	 * count returned are checked. */
	int uneven[9] = { 4, 3, 3, 3, 4, 3, 3, 3, 4 }, table[10 * 3];
	uint64_t rng = 7;
	struct golfer_tabu in = { .rounds = 3, .players = 10, .tables = 3, .size = uneven, .budget = 2000000,
				  .random = xorshift, .rng = &rng };
	bool stopped;
	long got = golfer_tabu_solve(&in, table, &stopped);
	is_int(kernel_repeats(&in, table), got, "uneven tables: every table its size, the count returned true");
	ok(!stopped, "uneven tables: not stopped");

	/* 9 at 3 tables of 3 for 1 round, where 0 met 1 and 2 before (twice with
	 * 1): 0 sits with neither, and the count starts from the 1 repeat before. */
	unsigned char earlier[81] = { 0 };
	earlier[0 * 9 + 1] = earlier[1 * 9 + 0] = 2;
	earlier[0 * 9 + 2] = earlier[2 * 9 + 0] = 1;
	int three[3] = { 3, 3, 3 }, one[9];
	struct golfer_tabu hist = { .rounds = 1, .players = 9, .tables = 3, .size = three, .earlier = earlier,
				    .budget = 1000000, .random = xorshift, .rng = &rng };
	is_int(golfer_tabu_solve(&hist, one, &stopped), 1, "earlier meetings: only the repeat before is left");
	ok(one[0] != one[1] && one[0] != one[2], "earlier meetings: 0 sits with neither 1 nor 2");

	/* One table a round: nothing to swap, so no search (it would spin on
	 * the budget): everyone meets everyone every round. */
	int whole[3] = { 6, 6, 6 }, together[6 * 3];
	struct golfer_tabu lone = { .rounds = 3, .players = 6, .tables = 1, .size = whole, .budget = 500000000,
				    .random = xorshift, .rng = &rng };
	is_int(golfer_tabu_solve(&lone, together, &stopped), 15 * 2, "one table: 15 pairs, each met twice again");

	/* Kirkman's schoolgirls, stopped at the first report: still a whole plan. */
	int five[5 * 7], kirkman[15 * 7], calls = 0;
	for (int k = 0; k < 5 * 7; k++)
		five[k] = 3;
	struct golfer_tabu quit = { .rounds = 7, .players = 15, .tables = 5, .size = five, .budget = 100000000,
				    .random = xorshift, .rng = &rng, .progress = stop_at_once, .ctx = &calls };
	got = golfer_tabu_solve(&quit, kirkman, &stopped);
	ok(got > 0 ? stopped && calls == 1 : calls <= 1, "stop at once: stopped at the first report, or done before it");
	is_int(kernel_repeats(&quit, kirkman), got, "stop at once: a whole plan, the count returned true");

	/* 256 at 32 tables of 8 for 20 rounds, the kernel's largest: one step
	 * weighs about a million swaps and a greedy start seats for seconds,
	 * so the first report must come within a few million swaps weighed
	 * (it came after 128 steps, over 100 million), and the stop cut the
	 * greedy start short with a whole plan. */
	enum { BIG = 256, BIG_TABLES = 32, BIG_ROUNDS = 20 };
	int *eight = malloc(BIG_TABLES * BIG_ROUNDS * sizeof(int)), *big = malloc(BIG * BIG_ROUNDS * sizeof(int));
	for (int k = 0; k < BIG_TABLES * BIG_ROUNDS; k++)
		eight[k] = 8;
	/* As they are, the cyclic search comes first; with round 1 at tables
	 * of 9 and 7 it does not apply, and a greedy start (seconds, on its
	 * own) does, and must report from inside. */
	for (int uneven_round = 0; uneven_round < 2; uneven_round++) {
		for (int k = 0; uneven_round && k < BIG_TABLES; k++)
			eight[BIG_TABLES + k] = k % 2 ? 7 : 9;
		const char *what = uneven_round ? "greedy start first" : "cyclic search first";
		struct first_report first = { 0 };
		struct golfer_tabu large = { .rounds = BIG_ROUNDS, .players = BIG, .tables = BIG_TABLES, .size = eight,
					     .budget = 500000000, .random = xorshift, .rng = &rng,
					     .progress = stop_at_first, .ctx = &first };
		got = golfer_tabu_solve(&large, big, &stopped);
		ok(stopped && first.calls == 1, "256 x 20, %s: stopped at the first report (%d), reports %d", what,
		   stopped, first.calls);
		/* A greedy start reports before any swap is weighed. */
		double most = uneven_round ? 0.0 : 4000000.0;
		ok(first.done * 500000000.0 <= most, "256 x 20, %s: the first report after %.0f swaps weighed (at most %.0f)",
		   what, first.done * 500000000.0, most);
		is_int(kernel_repeats(&large, big), got, "256 x 20, %s, stopped: a whole plan, the count returned true",
		       what);
	}
	free(eight);
	free(big);

	/* 12 at 3 tables of 4 for 20 rounds: everyone meets 60, at most 11 of
	 * them once, so 12 x 49 / 2 = 294 repeats at least; the search ends
	 * there, long before its budget (a report every million swaps or so:
	 * the whole budget would make 500). */
	int four[3 * 20], many[12 * 20];
	for (int k = 0; k < 3 * 20; k++)
		four[k] = 4;
	struct golfer_tabu floor20 = { .rounds = 20, .players = 12, .tables = 3, .size = four, .budget = 500000000,
				       .random = xorshift, .rng = &rng, .progress = count_reports, .ctx = &calls };
	calls = 0;
	is_int(golfer_tabu_bound(&floor20), 294, "12 x 3 x 20: the counting bound is 294");
	got = golfer_tabu_solve(&floor20, many, &stopped);
	is_int(kernel_repeats(&floor20, many), got, "12 x 3 x 20: a whole plan, the count returned true");
	is_int(got, 294, "12 x 3 x 20: the bound reached");
	ok(calls < 50, "12 x 3 x 20: ended at the bound, after %d reports", calls);

	/* Where exhaustive searches of symmetric spaces take turns with the
	 * walks, each on a budget of its own, the share shown counts both, so
	 * it never goes back when one ends (it did 3 times in 307 reports,
	 * and ended at 125%). */
	enum { TESTK_T = 8, TESTK_P = 32, TESTK_R = 10 };
	int sizes_kx[TESTK_T * TESTK_R], plan_kx[TESTK_P * TESTK_R];
	for (int k = 0; k < TESTK_T * TESTK_R; k++)
		sizes_kx[k] = TESTK_P / TESTK_T;
	struct share_watch w = { 0 };
	struct golfer_tabu turns = { .rounds = TESTK_R, .players = TESTK_P, .tables = TESTK_T, .size = sizes_kx,
				     .budget = 8000000, .random = xorshift, .rng = &rng, .progress = watch_shares,
				     .ctx = &w };
	got = golfer_tabu_solve(&turns, plan_kx, &stopped);
	ok(w.calls > 10 && w.back == 0, "%d x %d x %d: %d reports, %d of them below the one before", TESTK_T,
	   TESTK_P / TESTK_T, TESTK_R, w.calls, w.back);
	ok(w.last <= 1.0, "%d x %d x %d: the last share shown is %.3f, at most 1", TESTK_T, TESTK_P / TESTK_T, TESTK_R,
	   w.last);
}

int main(void)
{
	char dir[] = "/tmp/alchemy-rounds.XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	golfer_case(dir, "kirkman-5x3x7", 5, 3, 7);
	golfer_case(dir, "affine-4x4x5", 4, 4, 5);
	golfer_case(dir, "golfers-8x4x8", 8, 4, 8);
	kernel_cases();
	progress_says_round(dir);
	orbit_cases();
	rmdir(dir);
	return tap_done();
}
