#include "score.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "levels.h"

int preference_cost(const struct delegate *d, int th)
{
	if (!d->preferences_count)
		return 0;
	for (size_t k = 0; k < d->preferences_count; k++)
		if (d->preferences[k] == th)
			return (int)k;
	return UNLISTED_COST;
}

long even_pairs(long k, long n)
{
	if (n <= 0)
		return 0;
	long q = k / n, r = k % n;
	return r * (q + 1) * q / 2 + (n - r) * q * (q - 1) / 2;
}

static long ceil_div(long a, long b)
{
	return b > 0 ? (a + b - 1) / b : 0;
}

long org_allowed_per_table(long members, long tables)
{
	return ceil_div(members, tables);
}

int water_level(const struct event *ev, size_t present)
{
	/* Past the largest capacity the fill grows no more: a room seating
	 * exactly its people (the usual case) once looped to 100,000 levels. */
	int level = 0, most = 0;
	for (size_t t = 0; t < ev->tables_count; t++)
		if (ev->tables[t].capacity > most)
			most = ev->tables[t].capacity;
	for (; level < most; level++) {
		size_t fill = 0;
		for (size_t t = 0; t < ev->tables_count; t++)
			fill += (size_t)(ev->tables[t].capacity < level + 1 ? ev->tables[t].capacity : level + 1);
		if (fill > present)
			break;
	}
	return level;
}

/* Ideal size spread: 0 or 1 when capacities allow an even split, more when
 * small tables force it (water-filling). */
static int ideal_size_spread(const struct event *ev, size_t present)
{
	size_t T = ev->tables_count;
	if (!T)
		return 0;
	int level = water_level(ev, present);
	/* Tables reach `level` or their capacity; some take level+1... */
	int smallest = level + 1, largest = 0;
	size_t at_level = 0;
	for (size_t t = 0; t < T; t++) {
		int c = ev->tables[t].capacity < level ? ev->tables[t].capacity : level;
		at_level += (size_t)c;
		if (c < smallest)
			smallest = c;
		if (c > largest)
			largest = c;
	}
	if (at_level < present)
		largest = level + 1 > largest ? level + 1 : largest;
	return largest - smallest;
}

struct round_counts {
	int *sizes;         /* per table */
	int *roles;         /* table * roles_count + role */
	int *org_present;   /* per organisation: present delegates */
	int *role_present;  /* per role */
};

static void add_breach(struct strbuf *b, size_t *count, size_t limit, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add_breach(struct strbuf *b, size_t *count, size_t limit, const char *fmt, ...)
{
	if (b && *count < limit) {
		char line[512];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(line, sizeof(line), fmt, ap);
		va_end(ap);
		strbuf_puts(b, line);
		strbuf_puts(b, "\n");
	}
	(*count)++;
}


static void score_round(const struct event *ev, const struct plan *p, size_t r,
			struct plan_score *s, struct strbuf *breaches, size_t limit,
			struct round_counts *rc, uint64_t *keys)
{
	const struct seating *st = &p->rounds[r];
	size_t T = ev->tables_count, R = ev->roles_count, N = ev->delegates_count;
	memset(rc->sizes, 0, T * sizeof(int));
	memset(rc->roles, 0, T * R * sizeof(int));
	size_t nkeys = 0;
	for (size_t i = 0; i < N; i++) {
		const struct delegate *d = &ev->delegates[i];
		int t = st->seat[i];
		if (t < 0) {
			if (d->present)
				add_breach(breaches, &s->hard_breaches, limit,
					   "round %zu: %s (%s) is present but not seated", r + 1, d->id, d->name);
			continue;
		}
		if (!d->present)
			add_breach(breaches, &s->hard_breaches, limit,
				   "round %zu: %s is absent but seated at table %s", r + 1, d->id, ev->tables[t].id);
		if (d->pinned_table >= 0 && d->pinned_table != t)
			add_breach(breaches, &s->hard_breaches, limit,
				   "round %zu: %s is pinned to table %s but seated at table %s", r + 1, d->id,
				   ev->tables[d->pinned_table].id, ev->tables[t].id);
		for (size_t k = 0; k < d->avoid_count; k++)
			if (st->seat[d->avoid[k]] == t)
				add_breach(breaches, &s->hard_breaches, limit,
					   "round %zu: %s and %s share table %s but must be kept apart", r + 1,
					   d->id, ev->delegates[d->avoid[k]].id, ev->tables[t].id);
		for (size_t k = 0; k < d->needs_count; k++)
			if (!table_provides(&ev->tables[t], d->needs[k]))
				add_breach(breaches, &s->hard_breaches, limit,
					   "round %zu: %s needs %s, which table %s does not provide", r + 1,
					   d->id, d->needs[k], ev->tables[t].id);
		rc->sizes[t]++;
		if (d->role >= 0)
			rc->roles[(size_t)t * R + (size_t)d->role]++;
		keys[nkeys++] = (uint64_t)t * (ev->orgs_count + 1) + (uint64_t)d->org;
		if (d->preferences_count) {
			int cost = preference_cost(d, st->table_theme[t]);
			s->with_preferences++;
			s->pref_cost += cost;
			s->first_choice += cost == 0;
			s->top3 += cost < 3;
			/* (an 11th choice also costs UNLISTED_COST or more) */
			bool listed = false;
			for (size_t k = 0; k < d->preferences_count && !listed; k++)
				listed = d->preferences[k] == st->table_theme[t];
			s->unlisted += !listed;
		}
	}
	int lo = 0, hi = 0;
	for (size_t t = 0; t < T; t++) {
		if (rc->sizes[t] > ev->tables[t].capacity)
			add_breach(breaches, &s->hard_breaches, limit, "round %zu: table %s seats %d, capacity %d",
				   r + 1, ev->tables[t].id, rc->sizes[t], ev->tables[t].capacity);
		if (t == 0 || rc->sizes[t] < lo)
			lo = rc->sizes[t];
		if (t == 0 || rc->sizes[t] > hi)
			hi = rc->sizes[t];
	}
	if (r == 0 || lo < s->size_min)
		s->size_min = lo;
	if (r == 0 || hi > s->size_max)
		s->size_max = hi;
	s->size_spread += hi - lo;
	for (size_t role = 0; role < R; role++) {
		int mn = 0, mx = 0;
		long seated = 0;
		for (size_t t = 0; t < T; t++) {
			int c = rc->roles[t * R + role];
			seated += c;
			if (t == 0 || c < mn)
				mn = c;
			if (t == 0 || c > mx)
				mx = c;
		}
		if (!seated)
			continue;   /* the scorer only sees roles that are seated */
		if (mx - mn > 1)
			s->role_spread_excess += mx - mn - 1;
		if ((size_t)rc->role_present[role] >= T) {
			for (size_t t = 0; t < T; t++)
				s->role_missing += rc->roles[t * R + role] == 0;
		} else {
			s->role_missing_unavoidable++;
		}
	}
	qsort(keys, nkeys, sizeof(*keys), plan_compare_keys);
	for (size_t i = 0, run; i < nkeys; i += run) {
		for (run = 1; i + run < nkeys && keys[i + run] == keys[i]; run++)
			;
		int org = (int)(keys[i] % (ev->orgs_count + 1));
		long limit_o = org_allowed_per_table(rc->org_present[org], (long)T);
		if ((long)run > limit_o)
			s->org_excess += (long)run - limit_o;
		s->org_pairs += (long)(run * (run - 1) / 2);
	}
	/* Lower bound over the organisations that have someone seated. */
	char *seen = calloc(ev->orgs_count ? ev->orgs_count : 1, 1);
	if (seen) {
		for (size_t i = 0; i < N; i++) {
			int org = ev->delegates[i].org;
			if (st->seat[i] >= 0 && !seen[org]) {
				seen[org] = 1;
				s->org_pairs_min += even_pairs(rc->org_present[org], (long)T);
			}
		}
		free(seen);
	}
}

/* Pairs meeting more than once, and themes given twice, across rounds. */
static void score_rounds(const struct event *ev, const struct plan *p, struct plan_score *s)
{
	size_t N = ev->delegates_count, n = 0;
	uint64_t *pairs = NULL;
	for (size_t r = 0; r < p->rounds_count; r++)
		if (!plan_round_pairs(&p->rounds[r], N, ev->tables_count, &pairs, &n)) {
			free(pairs);
			return;
		}
	if (n)
		qsort(pairs, n, sizeof(uint64_t), plan_compare_keys);
	for (size_t i = 0, run; i < n; i += run) {
		for (run = 1; i + run < n && pairs[i + run] == pairs[i]; run++)
			;
		s->repeat_pairs += (long)run - 1;
	}
	/* Pinned delegates and table hosts stay at their table by design. */
	for (size_t i = 0; i < N; i++)
		for (size_t r = 1; r < p->rounds_count && !ev->delegates[i].host && ev->delegates[i].pinned_table < 0; r++) {
			int t = p->rounds[r].seat[i];
			if (t < 0)
				continue;
			int th = p->rounds[r].table_theme[t];
			for (size_t q = 0; q < r; q++) {
				int u = p->rounds[q].seat[i];
				if (u >= 0 && p->rounds[q].table_theme[u] == th) {
					s->theme_repeats++;
					break;
				}
			}
		}
	free(pairs);
}

int plan_score(const struct event *ev, const struct plan *p, struct plan_score *s,
	       struct strbuf *breaches, size_t limit)
{
	memset(s, 0, sizeof(*s));
	size_t T = ev->tables_count, R = ev->roles_count, N = ev->delegates_count;
	struct round_counts rc = {
		.sizes = calloc(T ? T : 1, sizeof(int)),
		.roles = calloc(T * R > 0 ? T * R : 1, sizeof(int)),
		.org_present = calloc(ev->orgs_count ? ev->orgs_count : 1, sizeof(int)),
		.role_present = calloc(R ? R : 1, sizeof(int)),
	};
	uint64_t *keys = malloc((N ? N : 1) * sizeof(uint64_t));
	int status = -1;
	if (rc.sizes && rc.roles && rc.org_present && rc.role_present && keys) {
		size_t present = 0;
		for (size_t i = 0; i < N; i++) {
			if (!ev->delegates[i].present)
				continue;
			present++;
			rc.org_present[ev->delegates[i].org]++;
			if (ev->delegates[i].role >= 0)
				rc.role_present[ev->delegates[i].role]++;
		}
		s->size_spread_ideal = ideal_size_spread(ev, present) * (int)p->rounds_count;
		for (size_t r = 0; r < p->rounds_count; r++)
			score_round(ev, p, r, s, breaches, limit, &rc, keys);
		s->rounds = p->rounds_count;
		if (p->rounds_count > 1)
			score_rounds(ev, p, s);
		status = 0;
	}
	free(rc.sizes);
	free(rc.roles);
	free(rc.org_present);
	free(rc.role_present);
	free(keys);
	return status;
}

/* "Social investor" -> "social investor", for sentences. */
static void role_noun(const struct role *r, char *buf, size_t size)
{
	snprintf(buf, size, "%s", r->label);
	if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
		buf[0] = (char)(buf[0] - 'A' + 'a');
}

/* Delegates of one round bucketed by table: members[start[t] .. start[t+1]). */
struct table_members {
	size_t *start;
	int *members;
};

static bool bucket_members(const struct event *ev, const int *seat, struct table_members *m)
{
	size_t T = ev->tables_count, N = ev->delegates_count;
	m->start = calloc(T + 1, sizeof(size_t));
	m->members = malloc((N ? N : 1) * sizeof(int));
	size_t *fill = calloc(T ? T : 1, sizeof(size_t));
	if (!m->start || !m->members || !fill) {
		free(m->start);
		free(m->members);
		free(fill);
		return false;
	}
	for (size_t i = 0; i < N; i++)
		if (seat[i] >= 0)
			m->start[seat[i] + 1]++;
	for (size_t t = 0; t < T; t++)
		m->start[t + 1] += m->start[t];
	for (size_t i = 0; i < N; i++)
		if (seat[i] >= 0)
			m->members[m->start[seat[i]] + fill[seat[i]]++] = (int)i;
	free(fill);
	return true;
}

static void free_members(struct table_members *m)
{
	free(m->start);
	free(m->members);
}

/* "8" or "8-9": what an even split gives. */
static void band_text(char *buf, size_t size, long lo, long hi)
{
	if (lo == hi)
		snprintf(buf, size, "%ld", lo);
	else
		snprintf(buf, size, "%ld-%ld", lo, hi);
}

/* Tables named, at most, in a line of too few of a role. */
#define TABLES_NAMED 8

void plan_shortfalls(const struct event *ev, const struct plan *p, size_t round, struct strbuf *out,
		     struct strbuf *too_few)
{
	const struct seating *st = &p->rounds[round];
	size_t T = ev->tables_count, R = ev->roles_count;
	struct table_members m;
	int *role_present = calloc(R ? R : 1, sizeof(int));
	int *org_present = calloc(ev->orgs_count ? ev->orgs_count : 1, sizeof(int));
	int *role_count = calloc(R ? R : 1, sizeof(int));
	size_t *tables_without = calloc(R ? R : 1, sizeof(size_t));
	struct strbuf *named = calloc(R ? R : 1, sizeof(struct strbuf));   /* the first few without */
	if (!T || !role_present || !org_present || !role_count || !tables_without || !named ||
	    !bucket_members(ev, st->seat, &m)) {
		free(role_present);
		free(org_present);
		free(role_count);
		free(tables_without);
		free(named);
		return;
	}
	size_t present = 0;
	for (size_t i = 0; i < ev->delegates_count; i++)
		if (ev->delegates[i].present) {
			present++;
			org_present[ev->delegates[i].org]++;
			if (ev->delegates[i].role >= 0)
				role_present[ev->delegates[i].role]++;
		}
	long lo = (long)(present / T), hi = ceil_div((long)present, (long)T);
	for (size_t t = 0; t < T; t++) {
		const struct table *tb = &ev->tables[t];
		long size = (long)(m.start[t + 1] - m.start[t]);
		char band[48];
		band_text(band, sizeof(band), lo, hi);
		if (size < lo && tb->capacity > size)
			strbuf_printf(out, "table %s seats %ld, fewer than the %s of an even split\n", tb->id, size, band);
		else if (size > hi)
			strbuf_printf(out, "table %s seats %ld, more than the %s of an even split\n", tb->id, size, band);
		memset(role_count, 0, R * sizeof(int));
		for (size_t k = m.start[t]; k < m.start[t + 1]; k++)
			if (ev->delegates[m.members[k]].role >= 0)
				role_count[ev->delegates[m.members[k]].role]++;
		for (size_t r = 0; r < R; r++) {
			char noun[128];
			role_noun(&ev->roles[r], noun, sizeof(noun));
			long n = role_present[r];
			long rlo = n / (long)T, rhi = ceil_div(n, (long)T);
			if (role_count[r] == 0 && n > 0 && n < (long)T) {
				/* No plan does better: said once a role, in too_few. */
				if (tables_without[r]++ < TABLES_NAMED)
					strbuf_printf(&named[r], "%s%s", tables_without[r] > 1 ? ", " : "", tb->id);
			}
			else if (role_count[r] == 0 && n > 0)
				strbuf_printf(out, "table %s has no %s, though there are %ld for %zu tables\n", tb->id,
					      noun, n, T);
			else if (role_count[r] < rlo || role_count[r] > rhi) {
				char rband[48];
				band_text(rband, sizeof(rband), rlo, rhi);
				strbuf_printf(out, "table %s has %d %s%s; an even spread of %ld gives %s a table\n",
					      tb->id, role_count[r], noun, role_count[r] == 1 ? "" : "s", n, rband);
			}
		}
		/* Organisations: members of one organisation sit next to each other
		 * in roster order only by chance, so count by a small scan. */
		for (size_t k = m.start[t]; k < m.start[t + 1]; k++) {
			int org = ev->delegates[m.members[k]].org;
			bool first = true;
			long c = 0;
			for (size_t q = m.start[t]; q < m.start[t + 1]; q++) {
				if (ev->delegates[m.members[q]].org != org)
					continue;
				if (q < k)
					first = false;
				c++;
			}
			long allowed = org_allowed_per_table(org_present[org], (long)T);
			if (first && c > allowed)
				strbuf_printf(out, "table %s seats %ld from %s; %d of them for %zu tables allows %ld a table\n",
					      tb->id, c, ev->orgs[org], org_present[org], T, allowed);
		}
	}
	for (size_t r = 0; r < R; r++) {
		char noun[128];
		role_noun(&ev->roles[r], noun, sizeof(noun));
		if (tables_without[r]) {
			strbuf_printf(too_few, "%d %s%s for %zu tables: %s %s", role_present[r], noun,
				      role_present[r] == 1 ? "" : "s", T, tables_without[r] == 1 ? "table" : "tables",
				      named[r].data ? named[r].data : "");
			if (tables_without[r] > TABLES_NAMED)
				strbuf_printf(too_few, " and %zu more", tables_without[r] - TABLES_NAMED);
			strbuf_printf(too_few, " without one\n");
		}
		strbuf_free(&named[r]);
	}
	free(named);
	free(tables_without);
	free_members(&m);
	free(role_present);
	free(org_present);
	free(role_count);
}

void plan_explain(const struct event *ev, const struct plan *p, size_t round, struct strbuf *out)
{
	const struct seating *st = &p->rounds[round];
	size_t R = ev->roles_count;
	struct table_members m;
	if (!bucket_members(ev, st->seat, &m))
		return;
	for (size_t t = 0; t < ev->tables_count; t++) {
		const struct table *tb = &ev->tables[t];
		int th = st->table_theme[t];
		strbuf_printf(out, "table %s: %s, %zu/%d seats\n  roles:", tb->id,
			      th >= 0 ? ev->themes[th].title : "(no theme)", m.start[t + 1] - m.start[t], tb->capacity);
		for (size_t r = 0; r < R; r++) {
			int c = 0;
			for (size_t k = m.start[t]; k < m.start[t + 1]; k++)
				c += ev->delegates[m.members[k]].role == (int)r;
			strbuf_printf(out, " %c%d", ev->roles[r].letter, c);
		}
		long pairs = 0, ranks[4] = { 0, 0, 0, 0 }, without = 0;
		for (size_t k = m.start[t]; k < m.start[t + 1]; k++) {
			const struct delegate *d = &ev->delegates[m.members[k]];
			for (size_t q = k + 1; q < m.start[t + 1]; q++)
				pairs += ev->delegates[m.members[q]].org == d->org;
			if (!d->preferences_count) {
				without++;
				continue;
			}
			int c = preference_cost(d, th);
			ranks[c < 3 ? c : 3]++;
		}
		strbuf_printf(out, "; same-organisation pairs: %ld\n  preferences: %ld first, %ld second, %ld third, %ld other, %ld without\n",
			      pairs, ranks[0], ranks[1], ranks[2], ranks[3], without);
	}
	free_members(&m);
}

/* One figure of FIGURE_TABLE as the before/after line shows it. */
static void figure_text(char *buf, size_t size, enum figure_kind kind, long figure, long second)
{
	if (kind == FIGURE_RANGE)
		snprintf(buf, size, "%ld-%ld", figure, second);
	else
		snprintf(buf, size, "%ld", figure);
}

void plan_figures_compare(const struct plan_score *before, const struct plan_score *after, char *buf,
			  size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	const struct plan_score *s;
	long bound = -1;
	(void)bound;
#define COMPARE_FIGURE(label, kind, figure, second, ideal, when, short_name)                              \
	if ((short_name) != NULL && used < size) {                                                         \
		char was[32], now[32];                                                                     \
		s = before;                                                                                \
		bool shown = (when);                                                                       \
		figure_text(was, sizeof(was), kind, figure, second);                                       \
		s = after;                                                                                 \
		shown = shown || (when);                                                                   \
		figure_text(now, sizeof(now), kind, figure, second);                                       \
		if (shown && strcmp(was, now) != 0) {                                                      \
			int n = snprintf(buf + used, size - used, "%s%s %s\xE2\x86\x92%s", used ? " \xC2\xB7 " : "", \
					 (const char *)(short_name), was, now);                            \
			used = n < 0 ? size : used + (size_t)n;                                            \
		}                                                                                          \
	}
	FIGURE_TABLE(COMPARE_FIGURE)
#undef COMPARE_FIGURE
	if (!buf[0])
		snprintf(buf, size, "no figure changed");
}

bool *organisations_spanning_roles(const struct event *ev)
{
	size_t O = ev->orgs_count ? ev->orgs_count : 1;
	bool *spans = calloc(O, sizeof(bool));
	int *role = malloc(O * sizeof(int));
	if (!spans || !role) {
		free(spans);
		free(role);
		return NULL;
	}
	/* -2: no member seen yet (a delegate without a role has -1) */
	for (size_t o = 0; o < ev->orgs_count; o++)
		role[o] = -2;
	for (size_t i = 0; i < ev->delegates_count; i++) {
		const struct delegate *d = &ev->delegates[i];
		if (!d->present || d->org < 0)
			continue;
		if (role[d->org] == -2)
			role[d->org] = d->role;
		else if (role[d->org] != d->role)
			spans[d->org] = true;
	}
	free(role);
	return spans;
}

bool organisations_span_roles(const struct event *ev)
{
	bool *spans = organisations_spanning_roles(ev);
	if (!spans)
		return true;   /* unknown: claim no optimum */
	bool any = false;
	for (size_t o = 0; o < ev->orgs_count && !any; o++)
		any = spans[o];
	free(spans);
	return any;
}
