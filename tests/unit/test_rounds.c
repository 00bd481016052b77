/* Rounds: social golfer cases with a known plan where nobody meets anyone
 * twice (Kirkman's schoolgirls, the affine plane of order 4) reach it with
 * a fixed seed, so with the search's fixed budget; the meetings are counted
 * here from the seat arrays, not by the allocator; and a seed gives the
 * same plan twice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "allocate.h"
#include "event.h"
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

int main(void)
{
	char dir[] = "/tmp/alchemy-rounds.XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	golfer_case(dir, "kirkman-5x3x7", 5, 3, 7);
	golfer_case(dir, "affine-4x4x5", 4, 4, 5);
	rmdir(dir);
	return tap_done();
}
