#include "table_mix.h"

#include "score.h"

#include <stdlib.h>
#include <string.h>

void seating_from_pins(const struct event *ev, int *table_of)
{
	for (size_t i = 0; i < ev->delegates_count; i++) {
		const struct delegate *d = &ev->delegates[i];
		table_of[i] = d->present ? d->pinned_table : -1;
	}
}

static int compare_longs(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* Whether d's first `upto` keep-apart entries name other. */
static bool lists(const struct delegate *d, size_t upto, int other)
{
	for (size_t q = 0; q < upto && q < d->avoid_count; q++)
		if (d->avoid[q] == other)
			return true;
	return false;
}

/* Keep-apart pairs of i with someone at i's table, each pair counted once
 * (at its lower index), whichever of the two names the other. */
static int apart_here(const struct event *ev, const int *table_of, size_t i)
{
	const struct delegate *d = &ev->delegates[i];
	int pairs = 0;
	for (size_t q = 0; q < d->avoid_count; q++) {
		int j = d->avoid[q];
		if (j < 0 || (size_t)j >= ev->delegates_count || table_of[j] != table_of[i] || (size_t)j == i ||
		    !ev->delegates[j].present)
			continue;
		/* A pair listed both ways is counted by its lower index alone,
		 * an entry given twice once. */
		if (lists(d, q, j))
			continue;
		if ((size_t)j > i || !lists(&ev->delegates[j], ev->delegates[j].avoid_count, (int)i))
			pairs++;
	}
	return pairs;
}

int table_mixes_compute(struct table_mixes *m, const struct event *ev, const int *table_of)
{
	size_t T = ev->tables_count, R = ev->roles_count;
	memset(m, 0, sizeof(*m));
	m->tables = calloc(T ? T : 1, sizeof(*m->tables));
	m->role_counts = calloc(T * R > 0 ? T * R : 1, sizeof(int));
	/* (table, organisation) keys of seated delegates, sorted, count the pairs. */
	long *keys = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(long));
	int *role_members = m->role_members = calloc(R ? R : 1, sizeof(int));
	int *org_members = m->org_members = calloc(ev->orgs_count ? ev->orgs_count : 1, sizeof(int));
	if (!m->tables || !m->role_counts || !keys || !role_members || !org_members) {
		free(keys);
		table_mixes_free(m);
		return -1;
	}
	m->tables_count = T;
	for (size_t t = 0; t < T; t++)
		m->tables[t].role_counts = m->role_counts + t * R;
	size_t nkeys = 0;
	for (size_t i = 0; i < ev->delegates_count; i++) {
		const struct delegate *d = &ev->delegates[i];
		if (d->present && d->role >= 0)
			role_members[d->role]++;
		if (d->present)
			org_members[d->org]++;
		int t = table_of[i];
		if (t < 0 || (size_t)t >= T)
			continue;
		m->tables[t].size++;
		if (d->role >= 0)
			m->tables[t].role_counts[d->role]++;
		keys[nkeys++] = (long)t * (long)(ev->orgs_count + 1) + d->org;
	}
	qsort(keys, nkeys, sizeof(long), compare_longs);
	for (size_t i = 0, run; i < nkeys; i += run) {
		for (run = 1; i + run < nkeys && keys[i + run] == keys[i]; run++)
			;
		struct table_mix *tm = &m->tables[keys[i] / (long)(ev->orgs_count + 1)];
		tm->org_pairs += (int)(run * (run - 1) / 2);
		tm->org_excess += table_org_over(m, (size_t)(keys[i] % (long)(ev->orgs_count + 1)), (int)run);
	}
	for (size_t t = 0; t < T; t++)
		for (size_t r = 0; r < R; r++)
			m->tables[t].roles_missing += table_role_missing(m, t, r);
	/* Of those here: a later round's plan still seats a no-show (the
	 * day frees round 1's seat only). */
	for (size_t i = 0; i < ev->delegates_count; i++) {
		int t = table_of[i];
		if (t < 0 || (size_t)t >= T || !ev->delegates[i].present)
			continue;
		m->tables[t].apart_pairs += apart_here(ev, table_of, i);
		m->tables[t].needs_unmet += !table_meets_needs(&ev->tables[t], &ev->delegates[i]);
	}
	free(keys);
	return 0;
}

bool table_role_missing(const struct table_mixes *m, size_t t, size_t r)
{
	return (size_t)m->role_members[r] >= m->tables_count && m->tables[t].role_counts[r] == 0;
}

int table_org_over(const struct table_mixes *m, size_t org, int here)
{
	long allowed = org_allowed_per_table(m->org_members[org], (long)m->tables_count);
	return (long)here > allowed ? (int)((long)here - allowed) : 0;
}

void table_mixes_free(struct table_mixes *m)
{
	free(m->tables);
	free(m->role_counts);
	free(m->role_members);
	free(m->org_members);
	memset(m, 0, sizeof(*m));
}
