/* Property tests of the allocator over hundreds of seeded random events:
 * every hard rule holds, sizes within one, roles and organisations spread
 * within one whenever nothing forces otherwise, absent delegates never
 * seated, and the same seed gives the same plan, byte for byte. Count mode
 * (alchemy chooses the themes) at 8 to 100 themes reaches every level's
 * ideal; a progress callback sees the stages and can stop the allocator. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc_internal.h"
#include "allocate.h"
#include "event.h"
#include "plan.h"
#include "score.h"
#include "strbuf.h"
#include "tap.h"

static unsigned long long rng_state;

static unsigned next_random(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return n ? (unsigned)(rng_state % n) : 0;
}

struct shape {
	int delegates, tables, capacity, themes, roles, pins, avoid;
	bool listed, absent;
	/* Organisations whose members span roles; nobody listing preferences. */
	bool spanning, unranked;
};

/* Writes a random event to dir/event.yaml following shape. */
static void write_event(const char *dir, const struct shape *s)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/event.yaml", dir);
	FILE *f = fopen(path, "w");
	fprintf(f, "event: {name: Property}\nroles:\n");
	for (int r = 0; r < s->roles; r++)
		fprintf(f, "  - {id: r%d}\n", r);
	fprintf(f, "themes:\n");
	for (int t = 0; t < s->themes; t++)
		fprintf(f, "  - {id: t%d, title: Theme %d}\n", t, t);
	if (s->listed) {
		fprintf(f, "tables:\n");
		for (int t = 0; t < s->tables; t++)
			fprintf(f, "  - {id: %d, theme: t%d, capacity: %d}\n", t + 1, t % s->themes, s->capacity);
	} else {
		fprintf(f, "tables: {count: %d, capacity: %d}\n", s->tables, s->capacity);
	}
	fprintf(f, "roster:\n");
	int orgs = s->delegates / 3 + 1;
	int *pinned = calloc((size_t)s->tables, sizeof(int));
	for (int i = 0; i < s->delegates; i++) {
		/* Skewed roles and organisations: a few large ones. */
		int role = (int)next_random((unsigned)s->roles);
		if (next_random(3) == 0)
			role = 0;
		int org = next_random(4) == 0 ? (int)next_random(2) : (int)next_random((unsigned)orgs);
		fprintf(f, "  - {id: d%d, name: D %d, organisation: O%d-%d, role: r%d", i, i, s->spanning ? 0 : role, org,
			role);
		if (!s->unranked && next_random(10) != 0) {
			fprintf(f, ", preferences: [");
			int n = 1 + (int)next_random(s->themes < 3 ? (unsigned)s->themes : 3);
			int first = (int)next_random((unsigned)s->themes);
			for (int k = 0; k < n; k++)
				fprintf(f, "%st%d", k ? ", " : "", (first + k) % s->themes);
			fprintf(f, "]");
		}
		if (i < s->pins) {
			int t = (int)next_random((unsigned)s->tables);
			if (pinned[t] < s->capacity / 2) {
				pinned[t]++;
				fprintf(f, ", table: %d", t + 1);
			}
		}
		if (i >= s->pins && i < s->pins + s->avoid && s->tables > 1 && s->delegates > 1) {
			int partner = (i + 1 + (int)next_random((unsigned)s->delegates - 1)) % s->delegates;
			fprintf(f, ", avoid: [d%d]", partner == i ? (i + 1) % s->delegates : partner);
		}
		if (s->absent && next_random(8) == 0)
			fprintf(f, ", present: false");
		fprintf(f, "}\n");
	}
	free(pinned);
	fclose(f);
}

static bool check_plan(const struct event *ev, const struct plan *p, const struct shape *sh, int n)
{
	struct plan_score s;
	plan_score(ev, p, &s, NULL, 0);
	bool good = true;
	good &= ok(s.hard_breaches == 0, "event %d: every hard rule holds", n);
	size_t present = event_present_count(ev);
	size_t seated = 0;
	for (size_t i = 0; i < ev->delegates_count; i++) {
		int t = p->rounds[0].seat[i];
		seated += t >= 0;
		if (!ev->delegates[i].present && t >= 0)
			good = false;
	}
	good &= ok(seated == present, "event %d: the %zu present are seated, and only they", n, present);
	good &= ok(s.size_spread <= 1, "event %d: sizes within one (%d-%d)", n, s.size_min, s.size_max);
	if (!sh->pins && !sh->avoid) {
		good &= ok(s.role_spread_excess == 0 && s.role_missing == 0,
			   "event %d: every role spread within one (excess %ld, missing %ld)", n,
			   s.role_spread_excess, s.role_missing);
		good &= ok(s.org_excess == 0 && s.org_pairs == s.org_pairs_min,
			   "event %d: organisations spread (excess %ld, pairs %ld of at least %ld)", n,
			   s.org_excess, s.org_pairs, s.org_pairs_min);
	}
	return good;
}

static int compare_keys(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

/* The local search judges a swap without making it; the rounds' search
 * judges it by making it. On random seatings (sizes and roles off their
 * bands, tables over capacity, everyone "moved" from somewhere, people
 * met before) both must agree on every level, and judging must leave the
 * seating as it was. */
static bool swap_worth_agrees(const struct event *ev, const struct plan *p, int n)
{
	struct diag_list d;
	diag_list_init(&d);
	size_t N = ev->delegates_count, T = ev->tables_count;
	int *original = malloc((N ? N : 1) * sizeof(int));
	int *seat = malloc((N ? N : 1) * sizeof(int));
	uint64_t *met = malloc((N ? N : 1) * sizeof(uint64_t));
	size_t met_count = 0;
	for (size_t i = 0; i < N; i++) {
		original[i] = (int)next_random((unsigned)T);
		seat[i] = -1;
		size_t j = next_random((unsigned)N);
		if (j != i && next_random(2))
			met[met_count++] = i < j ? (uint64_t)i * N + j : (uint64_t)j * N + i;
	}
	qsort(met, met_count, sizeof(uint64_t), compare_keys);
	size_t *met_from = NULL;
	struct alloc a = { .ev = ev, .d = &d, .original = original };
	struct seating_state st = { 0 };
	bool good = alloc_setup(&a) && alloc_met_index(&a, met, &met_count, &met_from) &&
		    state_init(&st, &a, p->rounds[0].table_theme, seat);
	for (size_t q = 0; good && q < a.P; q++)
		good = state_add(&st, a.present[q], (int)next_random((unsigned)T));
	int disagree = 0, tried = 0;
	for (int k = 0; good && k < 300 && a.P > 1; k++) {
		int i = a.present[next_random((unsigned)a.P)], j = a.present[next_random((unsigned)a.P)];
		if (seat[i] == seat[j])
			continue;
		int before_i = seat[i], before_j = seat[j];
		struct penalty worth = seating_swap_worth(&st, i, j);
		good = seat[i] == before_i && seat[j] == before_j;
		struct penalty made = seating_swap_penalty(&st, i, j);
		tried++;
		if (penalty_compare(&worth, &made) != 0 && disagree++ == 0)
			printf("# event %d: swapping d%d and d%d: worth and making it disagree: %ld %ld %ld %ld %ld %ld %ld %ld %ld vs %ld %ld %ld %ld %ld %ld %ld %ld %ld\n", n, i, j, worth.hard, worth.size, worth.role, worth.org_excess, worth.org_pairs, worth.themes_again, worth.repeats, worth.moved, worth.pref, made.hard, made.size, made.role, made.org_excess, made.org_pairs, made.themes_again, made.repeats, made.moved, made.pref);
	}
	if (st.a)
		state_free(&st);
	alloc_teardown(&a);
	free(original);
	free(seat);
	free(met);
	free(met_from);
	diag_list_free(&d);
	return ok(good && disagree == 0, "event %d: %d swaps judged without making them agree with making them", n,
		  tried);
}

/* The local search passes over changes it can tell cannot better the plan
 * and tables unchanged since a search found nothing; from random seatings
 * (a fresh allocation, and a repair of a plan seen before) it must end
 * where judging every change ends. */
static bool search_passes_over_only_what_cannot_help(const struct event *ev, const struct plan *p, int n)
{
	size_t N = ev->delegates_count, T = ev->tables_count;
	int *original = malloc((N ? N : 1) * sizeof(int));
	int *start = malloc((N ? N : 1) * sizeof(int));
	int *seat[2] = { malloc((N ? N : 1) * sizeof(int)), malloc((N ? N : 1) * sizeof(int)) };
	bool good = original && start && seat[0] && seat[1];
	for (int repair = 0; good && repair < 2; repair++) {
		for (size_t i = 0; i < N; i++) {
			original[i] = (int)next_random((unsigned)T);
			start[i] = (int)next_random((unsigned)T);
		}
		for (int every = 0; good && every < 2; every++) {
			struct diag_list d;
			diag_list_init(&d);
			struct alloc a = { .ev = ev, .d = &d, .original = repair ? original : NULL,
					   .judge_every_change = every };
			struct seating_state st = { 0 };
			for (size_t i = 0; i < N; i++)
				seat[every][i] = -1;
			good = alloc_setup(&a) && state_init(&st, &a, p->rounds[0].table_theme, seat[every]);
			for (size_t q = 0; good && q < a.P; q++)
				good = state_add(&st, a.present[q], ev->delegates[a.present[q]].pinned_table >= 0
								     ? ev->delegates[a.present[q]].pinned_table
								     : start[a.present[q]]);
			if (good)
				local_search(&a, &st);
			if (st.a)
				state_free(&st);
			alloc_teardown(&a);
			diag_list_free(&d);
		}
		good = good && memcmp(seat[0], seat[1], N * sizeof(int)) == 0;
	}
	free(original);
	free(start);
	free(seat[0]);
	free(seat[1]);
	return ok(good, "event %d: the local search ends where judging every change ends", n);
}

/* Loads path, its problems as TAP comments if it will not. */
static bool load_event(const char *path, struct event *ev, struct diag_list *d)
{
	if (event_load(ev, path, d))
		return true;
	for (size_t i = 0; i < d->count; i++)
		printf("# %s:%d:%d: %s\n", d->items[i].file, d->items[i].line, d->items[i].col,
		       d->items[i].message);
	return false;
}

/* Writes the event of shape sh to dir/event.yaml (its path into path) and
 * loads it; on failure prints the problems as TAP comments. */
static bool load_shape(const char *dir, const struct shape *sh, char *path, size_t size,
		       struct event *ev, struct diag_list *d)
{
	write_event(dir, sh);
	snprintf(path, size, "%s/event.yaml", dir);
	return load_event(path, ev, d);
}

/* The local search's passing over, where it passes over most: one
 * organisation's members in several roles, often over their limit at a
 * table (a few large organisations), nobody ranking themes and so every
 * table a candidate, and sizes at both ends of their band so that pulls
 * can help. */
static void search_on_spanning_events(const char *dir, int events)
{
	for (int n = 0; n < events; n++) {
		struct shape sh = { .themes = 1 + (int)next_random(8), .tables = 2 + (int)next_random(14),
				    .roles = 1 + (int)next_random(4), .listed = next_random(2) == 0, .spanning = true,
				    .unranked = n % 3 != 2 };
		sh.delegates = sh.tables * (3 + (int)next_random(8)) + (int)next_random((unsigned)sh.tables);
		sh.capacity = (sh.delegates + sh.tables - 1) / sh.tables + (int)next_random(3);
		sh.pins = n % 5 == 3 ? (int)next_random(4) : 0;
		sh.avoid = n % 5 == 4 ? (int)next_random(3) : 0;
		char path[512];
		struct event ev;
		struct diag_list d;
		diag_list_init(&d);
		if (!ok(load_shape(dir, &sh, path, sizeof(path), &ev, &d), "spanning event %d loads", n)) {
			diag_list_free(&d);
			continue;
		}
		struct allocate_options opt = { .seed = (unsigned long)n };
		struct plan p;
		struct allocate_report r;
		if (ok(allocate(&ev, &opt, &p, &r, &d), "spanning event %d (%d delegates, %d tables): allocated", n,
		       sh.delegates, sh.tables)) {
			search_passes_over_only_what_cannot_help(&ev, &p, 10000 + n);
			plan_free(&p);
			allocate_report_free(&r);
		}
		diag_list_free(&d);
		event_free(&ev);
	}
}

/* Count mode at several numbers of themes: levels 1 to 4 at their ideal
 * (check_plan), and the preference cost at the flow's optimum for the
 * themes chosen, which step 3 must keep when nothing gets in its way. */
static void count_mode(const char *dir, int scale)
{
	static const int theme_counts[] = { 8, 20, 40, 100 };
	for (int n = 0; n < 16 / scale; n++) {
		struct shape sh = { .themes = theme_counts[n % 4], .roles = 1 + (int)next_random(4), .capacity = 12 };
		sh.tables = sh.themes / 2 + (int)next_random((unsigned)sh.themes);
		sh.delegates = sh.tables * (7 + (int)next_random(5)) + (int)next_random((unsigned)sh.tables);
		if (n % 8 >= 4) {   /* tables past 12 seats: the search keeps its quick flows */
			sh.capacity = 16 + (int)next_random(24);
			sh.tables = 2 + (int)next_random((unsigned)sh.themes / 2 + 1);
			sh.delegates = sh.tables * (sh.capacity - 2 - (int)next_random(3));
		}
		char path[512];
		struct event ev;
		struct diag_list d;
		diag_list_init(&d);
		if (!ok(load_shape(dir, &sh, path, sizeof(path), &ev, &d), "count event %d loads", n)) {
			diag_list_free(&d);
			continue;
		}
		struct allocate_options opt = { .seed = (unsigned long)n };
		struct plan p;
		struct allocate_report r;
		if (ok(allocate(&ev, &opt, &p, &r, &d), "count event %d (%d delegates, %d tables, %d themes): allocated",
		       n, sh.delegates, sh.tables, sh.themes)) {
			check_plan(&ev, &p, &sh, 1000 + n);
			struct plan_score s;
			plan_score(&ev, &p, &s, NULL, 0);
			int tables = 0;
			for (int j = 0; j < sh.themes; j++)
				tables += r.tables_per_theme[j];
			ok(tables == sh.tables && r.themes_chosen, "count event %d: every table has a theme", n);
			ok(s.pref_cost == r.pref_bound, "count event %d: preference cost %ld, the optimum %ld for the themes chosen",
			   n, s.pref_cost, r.pref_bound);
			/* The stand-in drops organisations, pins and needs: never above
			 * the optimum that keeps them, so the gap the summary names is
			 * what they cost. */
			ok(r.pref_without_orgs >= 0 && r.pref_without_orgs <= r.pref_bound,
			   "count event %d: %ld with organisations ignored, at most the optimum %ld", n, r.pref_without_orgs,
			   r.pref_bound);
			plan_free(&p);
			allocate_report_free(&r);
		}
		diag_list_free(&d);
		event_free(&ev);
	}
}

/* The theme search judges moves on small events by step 2 re-solved warm:
 * it must take every step the fresh solves take, to the same themes and
 * the same theme-level optimum. */
static void warm_judgement(const char *dir, int scale)
{
	for (int n = 0; n < 24 / scale; n++) {
		/* Some with fewer tables than themes, absentees, pins, kept apart. */
		struct shape sh = { .themes = 3 + (int)next_random(18), .roles = 1 + (int)next_random(4),
				    .capacity = 8 + (int)next_random(5), .absent = n % 3 == 0 };
		sh.tables = sh.themes / 2 + 1 + (int)next_random((unsigned)sh.themes);
		sh.pins = n % 4 == 1 ? (int)next_random(6) : 0;
		sh.avoid = n % 4 == 2 ? (int)next_random(6) : 0;
		sh.delegates = sh.tables * (sh.capacity - 3) + (int)next_random((unsigned)sh.tables * 2);
		char path[512];
		struct event ev;
		struct diag_list d;
		diag_list_init(&d);
		if (!ok(load_shape(dir, &sh, path, sizeof(path), &ev, &d), "warm event %d loads", n)) {
			diag_list_free(&d);
			continue;
		}
		struct plan p[2];
		struct allocate_report r[2];
		bool done[2];
		for (int x = 0; x < 2; x++) {
			struct allocate_options opt = { .seed = (unsigned long)n, .judge_afresh = x == 1 };
			done[x] = allocate(&ev, &opt, &p[x], &r[x], &d);
		}
		if (ok(done[0] && done[1], "warm event %d (%d delegates, %d tables, %d themes): allocated both ways", n,
		       sh.delegates, sh.tables, sh.themes)) {
			bool same = r[0].theme_moves == r[1].theme_moves;
			for (int j = 0; j < sh.themes; j++)
				same = same && r[0].tables_per_theme[j] == r[1].tables_per_theme[j];
			ok(same && r[0].pref_bound == r[1].pref_bound,
			   "warm event %d: %d moves to the same themes, preference optimum %ld (afresh: %d moves, %ld)", n,
			   r[0].theme_moves, r[0].pref_bound, r[1].theme_moves, r[1].pref_bound);
		}
		for (int x = 0; x < 2; x++)
			if (done[x]) {
				plan_free(&p[x]);
				allocate_report_free(&r[x]);
			}
		diag_list_free(&d);
		event_free(&ev);
	}
}

/* Step 2 builds an organisation's layers only one past its limit until a
 * solve fills that one: pins that crowd a theme further must still seat,
 * and where even sizes need one more of the organisation there, it must
 * get the layer for it. Four tables of 6 over themes A (tables 1, 2) and
 * B (3, 4), 20 delegates (5 a table); organisation X has `members`,
 * `pinned` of them pinned to tables 1 and 2 in turn; `at_b` others are
 * pinned to tables 3 and 4; `want_a` of X end at A. */
static void pinned_crowd(const char *dir, int members, int pinned, int at_b, int want_a)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/event.yaml", dir);
	FILE *f = fopen(path, "w");
	fprintf(f, "event: {name: Crowd}\nroles:\n  - {id: r}\nthemes:\n  - {id: a, title: A}\n"
		   "  - {id: b, title: B}\ntables:\n");
	for (int t = 0; t < 4; t++)
		fprintf(f, "  - {id: %d, theme: %s, capacity: 6}\n", t + 1, t < 2 ? "a" : "b");
	fprintf(f, "roster:\n");
	for (int i = 0; i < 20; i++) {
		fprintf(f, "  - {id: d%d, name: D %d, organisation: %s%d, role: r, preferences: [%s]", i, i,
			i < members ? "X" : "O", i < members ? 0 : i, i % 2 ? "a, b" : "b, a");
		if (i < pinned)
			fprintf(f, ", table: %d", 1 + i % 2);
		if (i >= members && i < members + at_b)
			fprintf(f, ", table: %d", 3 + i % 2);
		fprintf(f, "}\n");
	}
	fclose(f);
	struct event ev;
	struct diag_list d;
	diag_list_init(&d);
	if (!ok(load_event(path, &ev, &d), "crowd %d/%d: loads", members, pinned)) {
		diag_list_free(&d);
		return;
	}
	struct allocate_options opt = { .seed = 1 };
	struct plan p;
	struct allocate_report r;
	if (ok(allocate(&ev, &opt, &p, &r, &d), "crowd %d/%d: %d of organisation X pinned to theme A's two tables "
	       "still seats everyone", members, pinned, pinned)) {
		int held = 0, at_a = 0;
		for (int i = 0; i < 20; i++) {
			int t = p.rounds[0].seat[i];
			held += ev.delegates[i].pinned_table < 0 || t == ev.delegates[i].pinned_table;
			at_a += i < members && t >= 0 && t < 2;
		}
		struct plan_score sc;
		plan_score(&ev, &p, &sc, NULL, 0);
		/* X's limit is 2 or 3 a table: the pinned are over it at A; the
		 * rest go to B while it has room. */
		ok(held == 20 && at_a == want_a && sc.size_spread == 0,
		   "crowd %d/%d: every pin holds, %d of X at theme A (want %d), sizes even (spread %d)", members,
		   pinned, at_a, want_a, sc.size_spread);
		plan_free(&p);
		allocate_report_free(&r);
	}
	diag_list_free(&d);
	event_free(&ev);
}

/* Lists longer than UNLISTED_COST ranks: an 11th choice costs 10 or more,
 * so the "anywhere" node (10) must not undercut it. `tables` of 4 over 13
 * themes, in count mode or (one table) at theme t12; 4 delegates a table
 * ranking all 13 themes, rotated. The plan's preference cost must be the
 * optimum step 2 reports, and "did not list" count only the unlisted. */
static void long_lists(const char *dir, int tables, bool count)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/event.yaml", dir);
	FILE *f = fopen(path, "w");
	fprintf(f, "event: {name: Long lists}\nroles:\n  - {id: r}\nthemes:\n");
	for (int t = 0; t < 13; t++)
		fprintf(f, "  - {id: t%d, title: T%d}\n", t, t);
	if (count)
		fprintf(f, "tables: {count: %d, capacity: 4}\n", tables);
	else
		fprintf(f, "tables:\n  - {id: 1, theme: t12, capacity: 4}\n");
	fprintf(f, "roster:\n");
	for (int i = 0; i < 4 * tables; i++) {
		fprintf(f, "  - {id: d%d, name: D %d, organisation: O%d, role: r, preferences: [", i, i, i);
		int n = i % 3 == 0 ? 11 : 13;   /* some leave two themes out */
		for (int k = 0; k < n; k++)
			fprintf(f, "%st%d", k ? ", " : "", (i + k) % 13);
		fprintf(f, "]}\n");
	}
	fclose(f);
	struct event ev;
	struct diag_list d;
	diag_list_init(&d);
	if (!ok(load_event(path, &ev, &d), "long lists %d %s: loads", tables, count ? "count" : "list")) {
		diag_list_free(&d);
		return;
	}
	struct allocate_options opt = { .seed = 1 };
	struct plan p;
	struct allocate_report r;
	if (ok(allocate(&ev, &opt, &p, &r, &d), "long lists %d %s: allocated", tables, count ? "count" : "list")) {
		struct plan_score sc;
		plan_score(&ev, &p, &sc, NULL, 0);
		long unlisted = 0;
		for (size_t i = 0; i < ev.delegates_count; i++) {
			int th = p.rounds[0].table_theme[p.rounds[0].seat[i]];
			bool listed = false;
			for (size_t k = 0; k < ev.delegates[i].preferences_count; k++)
				listed = listed || ev.delegates[i].preferences[k] == th;
			unlisted += !listed;
		}
		ok(sc.pref_cost == r.pref_bound && sc.unlisted == unlisted,
		   "long lists %d %s: preference cost %ld, the optimum reported %ld; %ld unlisted (counted %ld)", tables,
		   count ? "count" : "list", sc.pref_cost, r.pref_bound, sc.unlisted, unlisted);
		plan_free(&p);
		allocate_report_free(&r);
	}
	diag_list_free(&d);
	event_free(&ev);
}

struct progress_seen {
	int calls, stop_after;
	bool stages_ok;
	int went_back;          /* shares below the last of the same stage */
	char last_stage[128];
	double last_done;
};

static bool note_progress(void *ctx, const char *stage, double done)
{
	struct progress_seen *seen = ctx;
	seen->calls++;
	if (!stage || !*stage || done > 1.0)
		seen->stages_ok = false;
	/* A share (steps alone report -1) never goes back within a stage. */
	if (stage && done >= 0) {
		if (strcmp(stage, seen->last_stage) == 0 && done < seen->last_done)
			seen->went_back++;
		snprintf(seen->last_stage, sizeof(seen->last_stage), "%s", stage);
		seen->last_done = done;
	}
	return seen->stop_after >= 0 && seen->calls > seen->stop_after;
}

/* A callback that never stops changes nothing; one that stops at once, or
 * later, makes allocate fail with one problem and no plan. */
static void progress_and_stop(const char *dir)
{
	struct shape sh = { .themes = 6, .tables = 10, .delegates = 90, .capacity = 10, .roles = 3 };
	char path[512];
	struct event ev;
	struct diag_list d;
	diag_list_init(&d);
	if (!ok(load_shape(dir, &sh, path, sizeof(path), &ev, &d), "progress event loads"))
		return;
	struct plan quiet, watched, stopped;
	struct allocate_report r;
	struct allocate_options opt = { .seed = 7, .rounds = 2 };
	bool a1 = allocate(&ev, &opt, &quiet, &r, &d);
	if (a1)
		allocate_report_free(&r);
	struct progress_seen seen = { .stop_after = -1, .stages_ok = true };
	struct progress pr = { note_progress, &seen };
	opt.progress = &pr;
	bool a2 = allocate(&ev, &opt, &watched, &r, &d);
	if (a2)
		allocate_report_free(&r);
	ok(a1 && a2 && seen.calls > 0 && seen.stages_ok, "progress: reported %d times, each with a stage", seen.calls);
	ok(seen.went_back == 0, "progress: no share shown below the one before it in the same stage (%d were)",
	   seen.went_back);
	if (a1 && a2) {
		struct strbuf y1, y2;
		strbuf_init(&y1);
		strbuf_init(&y2);
		plan_to_yaml(&ev, &quiet, &y1);
		plan_to_yaml(&ev, &watched, &y2);
		ok(y1.len == y2.len && memcmp(y1.data, y2.data, y1.len) == 0, "progress: watching changes no seat");
		strbuf_free(&y1);
		strbuf_free(&y2);
	}
	int calls = seen.calls;
	for (int at = 0; at < 3; at++) {
		diag_list_free(&d);
		diag_list_init(&d);
		seen = (struct progress_seen){ .stop_after = at * calls / 3, .stages_ok = true };
		bool a3 = allocate(&ev, &opt, &stopped, &r, &d);
		/* The search over all rounds is the one exception: stopped, it
		 * keeps its best plan so far, and says so. */
		bool in_search = a3 && r.stopped_early && stopped.rounds_count == 2;
		ok((!a3 && d.count == 1 && stopped.rounds_count == 0) || in_search,
		   "progress: a stop after %d reports fails with nothing planned%s", seen.stop_after,
		   in_search ? " (or, in the search over all rounds, ends with its best plan so far)" : "");
		if (a3) {
			plan_free(&stopped);
			allocate_report_free(&r);
		}
	}
	if (a1)
		plan_free(&quiet);
	if (a2)
		plan_free(&watched);
	diag_list_free(&d);
	event_free(&ev);
}

/* What count mode's stages told a callback: how often, whether the theme
 * search's step count moved, the seating's largest share short of done;
 * and asked to stop at the stop_at'th report of stop_stage. */
struct stages_seen {
	int choosing, seating, after_stop;
	char first_step[64];
	bool step_moved;
	double seating_done;
	const char *stop_stage;
	int stop_at, seen_stop_stage;
	bool stopped;
};

/* The TUI's feedback after a change names only the figures it moved, so
 * the footer stays one line; a change that moved none says so. */
static void figures_compared(void)
{
	struct plan_score before = { .rounds = 1, .size_min = 10, .size_max = 10, .org_pairs = 73, .pref_cost = 423 };
	struct plan_score after = before;
	after.size_min = 9;
	after.size_max = 11;
	after.org_pairs = 74;
	char line[256];
	plan_figures_compare(&before, &after, line, sizeof(line));
	is_str(line, "sizes 10-10\xE2\x86\x92" "9-11 \xC2\xB7 pairs 73\xE2\x86\x92" "74",
	       "the feedback names the figures a change moved, and only those");
	plan_figures_compare(&before, &before, line, sizeof(line));
	is_str(line, "no figure changed", "a change that moved no figure says so");
}

static bool note_stages(void *ctx, const char *stage, double done)
{
	struct stages_seen *s = ctx;
	if (s->stopped)
		s->after_stop++;
	if (strncmp(stage, "choosing themes", 15) == 0) {
		s->choosing++;
		if (strncmp(stage, "choosing themes: step", 21) == 0) {
			if (!s->first_step[0])
				snprintf(s->first_step, sizeof(s->first_step), "%s", stage);
			else if (strcmp(stage, s->first_step) != 0)
				s->step_moved = true;
		}
	}
	if (strcmp(stage, "seating by theme") == 0) {
		s->seating++;
		if (done < 1 && done > s->seating_done)
			s->seating_done = done;
	}
	if (s->stop_stage && strncmp(stage, s->stop_stage, strlen(s->stop_stage)) == 0 &&
	    ++s->seen_stop_stage == s->stop_at)
		s->stopped = true;
	return s->stopped;
}

/* Count mode reports its theme search step by step and the seating by
 * its share placed, so the line moves from the start and Ctrl-C is felt
 * within a step; a stop in either ends allocate with one problem. */
static void count_mode_progress(const char *dir)
{
	struct shape sh = { .themes = 30, .tables = 40, .delegates = 400, .capacity = 10, .roles = 3 };
	char path[512];
	struct event ev;
	struct diag_list d;
	diag_list_init(&d);
	if (!ok(load_shape(dir, &sh, path, sizeof(path), &ev, &d), "count progress event loads"))
		return;
	struct plan p;
	struct allocate_report r;
	struct stages_seen seen = { 0 };
	struct progress pr = { note_stages, &seen };
	struct allocate_options opt = { .seed = 3, .progress = &pr };
	if (ok(allocate(&ev, &opt, &p, &r, &d), "count progress: allocated")) {
		ok(seen.choosing > r.theme_moves && seen.step_moved,
		   "count progress: the theme search reported %d times for %d moves, its step moving", seen.choosing,
		   r.theme_moves);
		ok(seen.seating > 2 && seen.seating_done > 0,
		   "count progress: the seating reported %d times, up to %.2f done before the end", seen.seating,
		   seen.seating_done);
		plan_free(&p);
		allocate_report_free(&r);
	}
	const char *stages[] = { "choosing themes: step", "choosing themes: weighing", "seating by theme" };
	for (int x = 0; x < 3; x++) {
		diag_list_free(&d);
		diag_list_init(&d);
		seen = (struct stages_seen){ .stop_stage = stages[x], .stop_at = 2 };
		bool done = allocate(&ev, &opt, &p, &r, &d);
		ok(!done && seen.stopped && seen.after_stop == 0 && d.count == 1 &&
			   strstr(d.items[0].message, "stopped") != NULL,
		   "count progress: a stop in '%s' ends at once with one problem (%zu)", stages[x], d.count);
		if (done) {
			plan_free(&p);
			allocate_report_free(&r);
		}
	}
	diag_list_free(&d);
	event_free(&ev);
}

int main(int argc, char **argv)
{
	int events = argc > 1 ? atoi(argv[1]) : 200;
	/* Under valgrind (tests/valgrind.sh) every event costs 50 times more. */
	int scale = getenv("ALCHEMY_VALGRIND") ? 10 : 1;
	events /= scale;
	char dir[] = "/tmp/alchemy-property.XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	rng_state = 0x9E3779B97F4A7C15ull;
	for (int n = 0; n < events; n++) {
		struct shape sh = { 0 };
		sh.themes = 1 + (int)next_random(8);
		sh.tables = 1 + (int)next_random(14);
		sh.delegates = sh.tables * (2 + (int)next_random(9)) + (int)next_random(5);
		sh.capacity = (sh.delegates + sh.tables - 1) / sh.tables + (int)next_random(3);
		sh.roles = 1 + (int)next_random(5);
		sh.listed = next_random(2) == 0;
		sh.pins = next_random(3) == 0 ? (int)next_random(4) : 0;
		sh.avoid = next_random(3) == 0 && sh.tables > 1 ? (int)next_random(3) : 0;
		sh.absent = next_random(4) == 0;
		char path[512];
		struct event ev;
		struct diag_list d;
		diag_list_init(&d);
		if (!ok(load_shape(dir, &sh, path, sizeof(path), &ev, &d), "event %d loads", n)) {
			diag_list_free(&d);
			continue;
		}
		struct allocate_options opt = { .seed = (unsigned long)n };
		struct plan p1, p2;
		struct allocate_report r1, r2;
		bool a1 = allocate(&ev, &opt, &p1, &r1, &d);
		if (!ok(a1, "event %d (%d delegates, %d tables, %d pins, %d keep-apart): allocated", n,
			sh.delegates, sh.tables, sh.pins, sh.avoid)) {
			for (size_t i = 0; i < d.count; i++)
				printf("# %s\n", d.items[i].message);
		} else {
			if (!check_plan(&ev, &p1, &sh, n)) {
				/* Keep the event so the failure can be reproduced by hand. */
				char keep[600];
				snprintf(keep, sizeof(keep), "cp %s %s/../alchemy-property-failed-%d.yaml", path, dir, n);
				if (system(keep) == 0)
					printf("# kept as %s/../alchemy-property-failed-%d.yaml\n", dir, n);
			}
			swap_worth_agrees(&ev, &p1, n);
			search_passes_over_only_what_cannot_help(&ev, &p1, n);
			bool a2 = allocate(&ev, &opt, &p2, &r2, &d);
			struct strbuf y1, y2;
			strbuf_init(&y1);
			strbuf_init(&y2);
			plan_to_yaml(&ev, &p1, &y1);
			if (a2)
				plan_to_yaml(&ev, &p2, &y2);
			ok(a2 && y1.len == y2.len && memcmp(y1.data, y2.data, y1.len) == 0,
			   "event %d: the same seed gives the same plan", n);
			strbuf_free(&y1);
			strbuf_free(&y2);
			if (a2) {
				plan_free(&p2);
				allocate_report_free(&r2);
			}
			plan_free(&p1);
			allocate_report_free(&r1);
		}
		diag_list_free(&d);
		event_free(&ev);
	}
	/* Rounds: every round keeps the hard rules and even sizes. */
	for (int n = 0; n < 40 / scale; n++) {
		struct shape sh = { .themes = 3 + (int)next_random(4), .tables = 4 + (int)next_random(6),
				    .roles = 1 + (int)next_random(4), .listed = next_random(2) == 0 };
		sh.delegates = sh.tables * (3 + (int)next_random(4));
		sh.capacity = (sh.delegates + sh.tables - 1) / sh.tables + 1;
		char path[512];
		struct event ev;
		struct diag_list d;
		diag_list_init(&d);
		if (!ok(load_shape(dir, &sh, path, sizeof(path), &ev, &d), "rounds event %d loads", n)) {
			diag_list_free(&d);
			continue;
		}
		int rounds = 2 + (int)next_random(3);
		if (rounds > sh.themes)
			rounds = sh.themes;
		struct allocate_options opt = { .seed = (unsigned long)n, .rounds = rounds };
		struct plan p;
		struct allocate_report r;
		if (ok(allocate(&ev, &opt, &p, &r, &d), "rounds event %d: %d rounds allocated", n, rounds)) {
			struct plan_score s;
			plan_score(&ev, &p, &s, NULL, 0);
			ok(s.hard_breaches == 0 && s.rounds == (size_t)rounds, "rounds event %d: hard rules hold in every round", n);
			ok(s.size_spread <= rounds, "rounds event %d: sizes within one in each round", n);
			/* Random events have no known optimum for these two, so they are
			 * reported (summed in the notes), not asserted; bench/rounds.py
			 * holds them against cases with a known optimum. */
			printf("# rounds event %d: %ld same-organisation pairs, %ld theme repeats, %ld repeated meetings\n",
			       n, s.org_pairs, s.theme_repeats, s.repeat_pairs);
			plan_free(&p);
			allocate_report_free(&r);
		}
		diag_list_free(&d);
		event_free(&ev);
	}
	count_mode(dir, scale);
	warm_judgement(dir, scale);
	search_on_spanning_events(dir, events * 2 / 5);
	long_lists(dir, 1, false);
	long_lists(dir, 6, true);
	long_lists(dir, 20, true);
	pinned_crowd(dir, 8, 8, 0, 8);   /* past the layers built: the solve fails, then has them all */
	pinned_crowd(dir, 10, 8, 9, 9);  /* even sizes need a ninth of X at A: the last layer built
					    is full, so it is solved again with all */
	progress_and_stop(dir);
	count_mode_progress(dir);
	figures_compared();
	char path[512];
	snprintf(path, sizeof(path), "%s/event.yaml", dir);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
