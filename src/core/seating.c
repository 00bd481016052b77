/* Step 3 of the allocator, and the repairs of the day: each theme's
 * delegates dealt over its tables, then a local search of moves, swaps and
 * pulls judged lexicographically (hard rules, sizes, roles, organisation
 * excess, same-organisation pairs, people moved, preferences). */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "score.h"

bool state_init(struct seating_state *s, struct alloc *a, const int *table_theme, int *seat)
{
	memset(s, 0, sizeof(*s));
	s->a = a;
	s->table_theme = table_theme;
	s->seat = seat;
	size_t T1 = a->T ? a->T : 1;
	s->members = calloc(T1, sizeof(int *));
	s->count = calloc(T1, sizeof(int));
	s->room = calloc(T1, sizeof(int));
	s->role_count = calloc(T1 * (a->R ? a->R : 1), sizeof(int));
	s->org_slots = 64;
	while (s->org_slots < 2 * (a->P + a->T))
		s->org_slots *= 2;
	s->org_keys = calloc(s->org_slots, sizeof(uint64_t));
	s->org_counts = calloc(s->org_slots, sizeof(int));
	s->org_pairs = calloc(a->O ? a->O : 1, sizeof(long));
	return s->members && s->count && s->room && s->role_count && s->org_keys && s->org_counts &&
	       s->org_pairs;
}

/* Mixes the table (high bits) into the low bits the mask keeps. */
static size_t org_hash(uint64_t key, size_t mask)
{
	uint64_t h = (key ^ (key >> 31)) * 0x9E3779B97F4A7C15ull;
	return (size_t)(h ^ (h >> 29)) & mask;
}

/* Keeps the table at most half full: rebuilt, without the keys whose
 * count fell to 0, when seating has made it fuller. */
static bool org_rehash(struct seating_state *s)
{
	size_t live = 0;
	for (size_t h = 0; h < s->org_slots; h++)
		live += s->org_keys[h] && s->org_counts[h];
	size_t slots = s->org_slots;
	while (slots < 4 * live)
		slots *= 2;
	uint64_t *keys = calloc(slots, sizeof(uint64_t));
	int *counts = calloc(slots, sizeof(int));
	if (!keys || !counts) {
		free(keys);
		free(counts);
		return false;
	}
	for (size_t h = 0; h < s->org_slots; h++) {
		if (!s->org_keys[h] || !s->org_counts[h])
			continue;
		size_t g = org_hash(s->org_keys[h], slots - 1);
		while (keys[g])
			g = (g + 1) & (slots - 1);
		keys[g] = s->org_keys[h];
		counts[g] = s->org_counts[h];
	}
	free(s->org_keys);
	free(s->org_counts);
	s->org_keys = keys;
	s->org_counts = counts;
	s->org_slots = slots;
	s->org_used = live;
	return true;
}

/* The slot of (t, org): found, or (with make) made; lookups that miss read
 * 0 without making a slot. */
static int *org_slot(struct seating_state *s, int t, int org, bool make)
{
	static int zero;
	uint64_t key = (((uint64_t)(unsigned)t << 32) | (uint32_t)org) + 1;
	if (make && 2 * (s->org_used + 1) > s->org_slots && !org_rehash(s))
		make = false;   /* out of memory: counts go stale rather than crash */
	size_t mask = s->org_slots - 1, h = org_hash(key, mask);
	while (s->org_keys[h] && s->org_keys[h] != key)
		h = (h + 1) & mask;
	if (!s->org_keys[h]) {
		zero = 0;
		if (!make)
			return &zero;
		s->org_keys[h] = key;
		s->org_used++;
	}
	return &s->org_counts[h];
}

void state_free(struct seating_state *s)
{
	if (s->members)
		for (size_t t = 0; t < s->a->T; t++)
			free(s->members[t]);
	free(s->members);
	free(s->count);
	free(s->room);
	free(s->role_count);
	free(s->org_keys);
	free(s->org_counts);
	free(s->org_pairs);
}

bool state_add(struct seating_state *s, int i, int t)
{
	if (s->count[t] == s->room[t]) {
		int room = s->room[t] ? s->room[t] * 2 : 16;
		int *m = realloc(s->members[t], (size_t)room * sizeof(int));
		if (!m)
			return false;
		s->members[t] = m;
		s->room[t] = room;
	}
	s->members[t][s->count[t]++] = i;
	s->seat[i] = t;
	int org = s->a->ev->delegates[i].org;
	int *here = org_slot(s, t, org, true);
	s->org_pairs[org] += *here;
	(*here)++;
	int role = s->a->ev->delegates[i].role;
	if (role >= 0)
		s->role_count[(size_t)t * s->a->R + (size_t)role]++;
	return true;
}

static void state_remove(struct seating_state *s, int i)
{
	int t = s->seat[i];
	for (int k = 0; k < s->count[t]; k++)
		if (s->members[t][k] == i) {
			s->members[t][k] = s->members[t][--s->count[t]];
			break;
		}
	int role = s->a->ev->delegates[i].role;
	if (role >= 0)
		s->role_count[(size_t)t * s->a->R + (size_t)role]--;
	int org = s->a->ev->delegates[i].org;
	int *here = org_slot(s, t, org, false);
	if (*here > 0) {
		(*here)--;
		s->org_pairs[org] -= *here;
	}
	s->seat[i] = -1;
}

static long band_dev(long c, long lo, long hi)
{
	return c < lo ? lo - c : c > hi ? c - hi : 0;
}

/* What one delegate's leaving `from` of its organisation (itself too)
 * for a table holding `to` of it changes at the organisation levels. */
static void org_levels_moved(int ceil_o, int from, int to, long *excess, long *pairs)
{
	*excess = band_dev(from - 1, 0, ceil_o) - band_dev(from, 0, ceil_o) + band_dev(to + 1, 0, ceil_o) -
		  band_dev(to, 0, ceil_o);
	*pairs = to - (from - 1);
}

static int org_count_at(const struct seating_state *s, int t, int org)
{
	/* A lookup never makes a slot, so the cast only satisfies the type. */
	return *org_slot((struct seating_state *)s, t, org, false);
}

/* Sorted, duplicates removed, and indexed by the smaller delegate of each
 * pair (keys i * N + j, i < j: met_from[i] to met_from[i + 1]), so
 * met_before() searches one delegate's partners, not every pair (a million
 * at 10,000 in tables of 200: two rounds took 38 s, most of it there). */
bool alloc_met_index(struct alloc *a, uint64_t *met, size_t *n, size_t **met_from)
{
	size_t k = *n ? 1 : 0;
	if (*n)
		qsort(met, *n, sizeof(uint64_t), plan_compare_keys);
	for (size_t x = 1; x < *n; x++)
		if (met[x] != met[k - 1])
			met[k++] = met[x];
	*n = k;
	free(*met_from);
	*met_from = calloc(a->N + 1, sizeof(size_t));
	if (!*met_from)
		return false;
	for (size_t x = 0; x < k; x++)
		(*met_from)[met[x] / a->N + 1]++;
	for (size_t i = 0; i < a->N; i++)
		(*met_from)[i + 1] += (*met_from)[i];
	a->met = met;
	a->met_count = k;
	a->met_from = *met_from;
	return true;
}

bool met_before(const struct alloc *a, int i, int j)
{
	if (!a->met || i == j)
		return false;
	int low = i < j ? i : j;
	uint64_t key = (uint64_t)low * a->N + (uint64_t)(i < j ? j : i);
	size_t from = a->met_from[low], to = a->met_from[low + 1];
	/* low's partners only. Written out, not libc's bsearch(): through
	 * plan_compare_keys 600 at 3 tables over 3 rounds took 8% longer. */
	while (from < to) {
		size_t mid = from + (to - from) / 2;
		if (a->met[mid] < key)
			from = mid + 1;
		else
			to = mid;
	}
	return from < a->met_from[low + 1] && a->met[from] == key;
}

/* People at table t that i met in an earlier round. */
static int met_at(const struct seating_state *s, int i, int t)
{
	int c = 0;
	for (int k = 0; s->a->met && k < s->count[t]; k++)
		c += met_before(s->a, i, s->members[t][k]);
	return c;
}

/* Would i sit at table t's theme a second time? Table hosts pinned there may. */
static bool theme_again(const struct seating_state *s, int i, int t)
{
	const struct alloc *a = s->a;
	int th = s->table_theme[t];
	return a->had && th >= 0 && a->ev->delegates[i].pinned_table < 0 &&
	       a->had[(size_t)i * a->K + (size_t)th];
}

static int partners_at(const struct seating_state *s, int i, int t)
{
	int c = 0;
	for (int k = 0; k < s->a->avoid_n[i]; k++)
		c += s->seat[s->a->avoid_of[i][k]] == t;
	return c;
}

/* Sum and lexicographic order of penalties: LEVEL_TABLE (levels.h). */
void penalty_add(struct penalty *x, const struct penalty *y)
{
#define ADD_LEVEL(field, name, above_repeats) x->field += y->field;
	LEVEL_TABLE(ADD_LEVEL)
#undef ADD_LEVEL
}

int penalty_compare(const struct penalty *x, const struct penalty *y)
{
#define COMPARE_LEVEL(field, name, above_repeats) \
	if (x->field != y->field)                  \
		return x->field < y->field ? -1 : 1;
	LEVEL_TABLE(COMPARE_LEVEL)
#undef COMPARE_LEVEL
	return 0;
}

/* Another delegate's move counted as made before the one judged: who went
 * from table left to table joined (who < 0: none). A swap is judged as
 * two moves, the second after the first, without making either. */
struct move_made {
	int who, left, joined;
};

static const struct move_made no_move_made = { -1, -1, -1 };

/* How often j is in i's keep-apart list (as often as partners_at counts
 * j: twice when each names the other). */
static int times_kept_apart(const struct alloc *a, int i, int j)
{
	int n = 0;
	for (int k = 0; k < a->avoid_n[i]; k++)
		n += a->avoid_of[i][k] == j;
	return n;
}

/* What judging i's move (i seated) to table b reads of the plan, read
 * once: a swap and a pull of the same delegate share it. */
struct move_look {
	int i, from, b;
	int na, nb;             /* seated at i's table and at b */
	long ca, cb;            /* of i's role */
	int oa, ob;             /* of i's organisation */
	int partners_a, partners_b, met_a, met_b;
	struct penalty fixed;   /* what no other move changes: needs, preferences, themes again, moved */
	int ceil_o;             /* the most of i's organisation a table should hold */
	struct penalty alone;   /* the move's worth with no other move made */
};

static struct penalty move_penalty(const struct seating_state *s, const struct move_look *l,
				   const struct move_made *m);

static void move_look(const struct seating_state *s, int i, int b, struct move_look *l)
{
	const struct alloc *a = s->a;
	const struct event *ev = a->ev;
	const struct delegate *d = &ev->delegates[i];
	int from = s->seat[i];
	memset(l, 0, sizeof(*l));
	l->i = i;
	l->from = from;
	l->b = b;
	if (from == b)
		return;
	l->na = s->count[from];
	l->nb = s->count[b];
	if (d->role >= 0) {
		l->ca = s->role_count[(size_t)from * a->R + (size_t)d->role];
		l->cb = s->role_count[(size_t)b * a->R + (size_t)d->role];
	}
	l->oa = org_count_at(s, from, d->org);
	l->ob = org_count_at(s, b, d->org);
	l->partners_a = partners_at(s, i, from);
	l->partners_b = partners_at(s, i, b);
	l->fixed.hard = (!table_meets_needs(&ev->tables[b], d)) - (!table_meets_needs(&ev->tables[from], d));
	/* Within a theme (most of the search) preferences cannot change. */
	if (s->table_theme[b] != s->table_theme[from])
		l->fixed.pref = preference_cost(d, s->table_theme[b]) - preference_cost(d, s->table_theme[from]);
	if (a->met) {
		l->met_a = met_at(s, i, from);
		l->met_b = met_at(s, i, b);
		l->fixed.themes_again = theme_again(s, i, b) - theme_again(s, i, from);
	}
	if (a->original && a->original[i] >= 0)
		l->fixed.moved = (b != a->original[i]) - (from != a->original[i]);
	l->ceil_o = alloc_org_allowed(a, (size_t)d->org);
	l->alone = move_penalty(s, l, &no_move_made);
}

/* What the move looked at would change, with m's move made first. */
static struct penalty move_penalty(const struct seating_state *s, const struct move_look *l, const struct move_made *m)
{
	const struct alloc *a = s->a;
	const struct event *ev = a->ev;
	const struct delegate *d = &ev->delegates[l->i];
	int from = l->from, b = l->b;
	if (from == b)
		return (struct penalty){ 0 };
	struct penalty p = l->fixed;
	/* How m's move changed the counts at i's table and at b. */
	const struct delegate *w = m->who >= 0 ? &ev->delegates[m->who] : NULL;
	int shift_a = w ? (from == m->joined) - (from == m->left) : 0;
	int shift_b = w ? (b == m->joined) - (b == m->left) : 0;
	int same_role = w && d->role >= 0 && w->role == d->role;
	int same_org = w && w->org == d->org;
	int partner = w ? times_kept_apart(a, l->i, m->who) : 0;
	int met_w = w && a->met && met_before(a, l->i, m->who);
	int na = l->na + shift_a, nb = l->nb + shift_b;
	int cap_a = ev->tables[from].capacity, cap_b = ev->tables[b].capacity;
	p.hard += (nb + 1 > cap_b) - (nb > cap_b);
	p.hard += (na - 1 > cap_a) - (na > cap_a);
	p.hard += l->partners_b + partner * shift_b - l->partners_a - partner * shift_a;
	p.size += band_dev(na - 1, a->lo_t[from], a->hi_t[from]) - band_dev(na, a->lo_t[from], a->hi_t[from]);
	p.size += band_dev(nb + 1, a->lo_t[b], a->hi_t[b]) - band_dev(nb, a->lo_t[b], a->hi_t[b]);
	if (d->role >= 0) {
		long lo = a->lo_r[d->role], hi = a->hi_r[d->role];
		long ca = l->ca + same_role * shift_a, cb = l->cb + same_role * shift_b;
		p.role += band_dev(ca - 1, lo, hi) - band_dev(ca, lo, hi);
		p.role += band_dev(cb + 1, lo, hi) - band_dev(cb, lo, hi);
	}
	long excess, pairs;
	org_levels_moved(l->ceil_o, l->oa + same_org * shift_a, l->ob + same_org * shift_b, &excess, &pairs);
	p.org_excess += excess;
	p.org_pairs += pairs;
	if (a->met)
		p.repeats += l->met_b + met_w * shift_b - l->met_a - met_w * shift_a;
	return p;
}

/* What moving i (now seated) to table b would change; i stays where it is. */
static struct penalty delta_move(const struct seating_state *s, int i, int b)
{
	struct move_look l;
	move_look(s, i, b, &l);
	return l.alone;
}

static void move_to(struct seating_state *s, int i, int b)
{
	state_remove(s, i);
	state_add(s, i, b);   /* growth is rare: a removal freed a slot somewhere */
}

/* What swapping i and j (at different tables) would change, judged
 * without making it: i's move, then j's with i's made. go: i's move to
 * j's table, looked at already; j_back: j's move to i's table. */
static struct penalty swap_worth(const struct seating_state *s, const struct move_look *go, const struct move_look *j_back)
{
	struct move_made i_went = { go->i, go->from, go->b };
	struct penalty p = go->alone, back = move_penalty(s, j_back, &i_went);
	penalty_add(&p, &back);
	return p;
}

struct penalty seating_swap_worth(const struct seating_state *s, int i, int j)
{
	struct move_look go, j_back;
	move_look(s, i, s->seat[j], &go);
	move_look(s, j, s->seat[i], &j_back);
	return swap_worth(s, &go, &j_back);
}

/* Swapping i and j (at different tables), judged by making it: the order
 * of members it leaves is the one the rounds' searches have always walked. */
static struct penalty delta_swap(struct seating_state *s, int i, int j)
{
	int a_t = s->seat[i], b_t = s->seat[j];
	struct penalty p = delta_move(s, i, b_t);
	move_to(s, i, b_t);
	struct penalty q = delta_move(s, j, a_t);
	move_to(s, i, a_t);
	penalty_add(&p, &q);
	return p;
}

struct penalty seating_swap_penalty(struct seating_state *s, int i, int j)
{
	return delta_swap(s, i, j);
}

void seating_swap(struct seating_state *s, int i, int j)
{
	int home = s->seat[i];
	move_to(s, i, s->seat[j]);
	move_to(s, j, home);
}

static bool movable(const struct alloc *a, int i)
{
	return a->ev->delegates[i].pinned_table < 0 && !(a->locked && a->locked[i]);
}

/* How i's table falls short: NOT_SHORT, MEETS_AGAIN (only someone met in
 * an earlier round: looked at within the theme, as the walks after this
 * look further), ORG_SHORT (only its organisation's
 * spread; mended within the theme), or SHORT (anything else). */
enum shortfall { NOT_SHORT, MEETS_AGAIN, ORG_SHORT, SHORT };

/* Does every role at table t sit within its band? */
static bool roles_in_band(const struct seating_state *s, int t)
{
	const struct alloc *a = s->a;
	for (size_t r = 0; r < a->R; r++)
		if (band_dev(s->role_count[(size_t)t * a->R + r], a->lo_r[r], a->hi_r[r]))
			return false;
	return true;
}

static enum shortfall needs_attention(const struct seating_state *s, int i)
{
	const struct alloc *a = s->a;
	const struct delegate *d = &a->ev->delegates[i];
	int t = s->seat[i];
	if (partners_at(s, i, t) || !table_meets_needs(&a->ev->tables[t], d))
		return SHORT;
	if (a->met && theme_again(s, i, t))
		return SHORT;
	if (band_dev(s->count[t], a->lo_t[t], a->hi_t[t]) || !roles_in_band(s, t))
		return SHORT;
	int here = org_count_at(s, t, d->org), ceil_o = alloc_org_allowed(a, (size_t)d->org);
	if (here > ceil_o)
		return SHORT;
	/* Within their limit, organisations may still be spread unevenly: a
	 * pair at the limit may be one too many (absences in a repair; in a
	 * fresh allocation, a pin or a role's room that the dealing met). */
	if (here >= 2 && here >= ceil_o &&
	    s->org_pairs[d->org] > even_pairs(a->org_n[d->org], (long)a->T))
		return ORG_SHORT;
	return a->met && met_at(s, i, t) ? MEETS_AGAIN : NOT_SHORT;
}

/* Puts i last among its table's members, as judging a swap by making it
 * once did: the order is kept because later searches walk it, and the
 * first of equally good changes wins. */
static void put_last_at_table(struct seating_state *s, int i)
{
	int t = s->seat[i], last = s->count[t] - 1;
	for (int k = 0; k < last; k++)
		if (s->members[t][k] == i) {
			s->members[t][k] = s->members[t][last];
			s->members[t][last] = i;
			break;
		}
}

static bool someone_movable_elsewhere(const struct seating_state *s, int i, const int *tables, size_t ntables)
{
	for (size_t x = 0; x < ntables; x++) {
		int b = tables[x];
		for (int k = 0; b != s->seat[i] && k < s->count[b]; k++)
			if (movable(s->a, s->members[b][k]))
				return true;
	}
	return false;
}

/* Does table t break nothing at the levels down to the role mix (size and
 * role bands, capacity, keep-apart pairs, needs)? Each level counts what
 * tables break and cannot fall below 0, so no change between two clean
 * tables betters it. */
static bool table_is_clean(const struct seating_state *s, int t)
{
	const struct alloc *a = s->a;
	const struct event *ev = a->ev;
	if (band_dev(s->count[t], a->lo_t[t], a->hi_t[t]) || s->count[t] > ev->tables[t].capacity ||
	    !roles_in_band(s, t))
		return false;
	for (int k = 0; k < s->count[t]; k++) {
		int j = s->members[t][k];
		if (partners_at(s, j, t) || !table_meets_needs(&ev->tables[t], &ev->delegates[j]))
			return false;
	}
	return true;
}

/* A delegate as the passing over reads it, compact: the delegates'
 * records are large, and reading one per member of every table judged
 * missed the cache more than anything else. */
struct delegate_brief {
	int org, role;          /* role: R for none */
	int org_limit;          /* the most of its organisation a table should hold (alloc_org_allowed) */
	int of_org_here;        /* how many of its organisation sit at its table, itself too (table facts) */
	bool movable;
};

/* What the search knows of a table, kept while the table is unchanged:
 * is it clean, and how its organisations are spread: what one member's
 * leaving can take away from the organisation levels (with each member's
 * count in its brief). Also the delegates in brief and by organisation,
 * and the counts a search around one delegate keeps while it runs. */
struct table_facts {
	long *stamp;            /* per table: the change mark the facts were read at; -1 never */
	bool *clean_to_roles;   /* per table: clean down to the role mix */
	int *most_of_org;       /* per table: the most members of one organisation there */
	int *most_over_limit;   /* per table: the same among organisations over their limit; 0: none is */
	int *most_pref_cost;    /* per table: the dearest preference cost of a member there */
	int *at_home;           /* per organisation: how many sit at the table searched around; else 0 */
	int *counting;          /* per organisation: scratch for read_table_facts(); else 0 */
	struct delegate_brief *brief;   /* per delegate */
	int *by_org, *org_start;        /* the present, by organisation: by_org[org_start[o]..org_start[o + 1]] */
	int *of_org_at;                 /* per table: of the organisation searched for, when counted; else 0 */
	bool *role_free;        /* per role and none (R + 1): room to go, scratch for nothing_better_at() */
};

static void table_facts_free(struct table_facts *f)
{
	free(f->stamp);
	free(f->clean_to_roles);
	free(f->most_of_org);
	free(f->most_over_limit);
	free(f->most_pref_cost);
	free(f->at_home);
	free(f->counting);
	free(f->role_free);
	free(f->brief);
	free(f->by_org);
	free(f->org_start);
	free(f->of_org_at);
	memset(f, 0, sizeof(*f));
}

/* Every table unread, each delegate's brief, the present by organisation;
 * false when memory runs out (table_facts_free frees what was had). */
static bool table_facts_init(struct table_facts *f, const struct alloc *a)
{
	size_t T1 = a->T ? a->T : 1, N1 = a->N ? a->N : 1, O1 = a->O ? a->O : 1;
	*f = (struct table_facts){ .stamp = malloc(T1 * sizeof(long)),
				   .clean_to_roles = malloc(T1 * sizeof(bool)),
				   .most_of_org = malloc(T1 * sizeof(int)),
				   .most_over_limit = malloc(T1 * sizeof(int)),
				   .most_pref_cost = malloc(T1 * sizeof(int)),
				   .at_home = calloc(O1, sizeof(int)),
				   .counting = calloc(O1, sizeof(int)),
				   .brief = malloc(N1 * sizeof(struct delegate_brief)),
				   .by_org = malloc((a->P ? a->P : 1) * sizeof(int)),
				   .org_start = calloc(O1 + 1, sizeof(int)),
				   .of_org_at = calloc(T1, sizeof(int)),
				   .role_free = malloc((a->R + 1) * sizeof(bool)) };
	if (!f->stamp || !f->clean_to_roles || !f->most_of_org || !f->most_over_limit || !f->most_pref_cost ||
	    !f->at_home || !f->counting || !f->brief || !f->by_org || !f->org_start || !f->of_org_at || !f->role_free)
		return false;
	for (size_t t = 0; t < a->T; t++)
		f->stamp[t] = -1;
	for (size_t p = 0; p < a->P; p++)
		f->org_start[a->ev->delegates[a->present[p]].org + 1]++;
	for (size_t o = 0; o < a->O; o++)
		f->org_start[o + 1] += f->org_start[o];
	for (size_t p = 0; p < a->P; p++) {
		int o = a->ev->delegates[a->present[p]].org;
		f->by_org[f->org_start[o] + f->counting[o]++] = a->present[p];
	}
	for (size_t o = 0; o < a->O; o++)
		f->counting[o] = 0;
	for (size_t i = 0; i < a->N; i++) {
		const struct delegate *d = &a->ev->delegates[i];
		f->brief[i] = (struct delegate_brief){ d->org, d->role >= 0 ? d->role : (int)a->R,
						       alloc_org_allowed(a, (size_t)d->org), 0, movable(a, (int)i) };
	}
	return true;
}

static void read_table_facts(const struct seating_state *s, struct table_facts *f, long stamp, int t)
{
	if (f->stamp[t] == stamp)
		return;
	f->stamp[t] = stamp;
	f->clean_to_roles[t] = table_is_clean(s, t);
	f->most_of_org[t] = f->most_over_limit[t] = f->most_pref_cost[t] = 0;
	const struct delegate *dl = s->a->ev->delegates;
	struct delegate_brief *brief = f->brief;
	/* Counted in one pass, not member against member: tables of 86. */
	for (int k = 0; k < s->count[t]; k++)
		f->counting[brief[s->members[t][k]].org]++;
	for (int k = 0; k < s->count[t]; k++) {
		int j = s->members[t][k], same = f->counting[brief[j].org], cost = preference_cost(&dl[j], s->table_theme[t]);
		if (cost > f->most_pref_cost[t])
			f->most_pref_cost[t] = cost;
		brief[j].of_org_here = same;
		if (same > f->most_of_org[t])
			f->most_of_org[t] = same;
		if (same > f->most_over_limit[t] && same > brief[j].org_limit)
			f->most_over_limit[t] = same;
	}
	for (int k = 0; k < s->count[t]; k++)
		f->counting[brief[s->members[t][k]].org] = 0;
}

/* One kind of change's bound (a move, a swap, a pull): the levels above
 * the organisation's cannot drop; those below the pairs from below. */
static struct penalty kind_bound(const struct penalty *below, long size, long org_excess, long org_pairs, long pref)
{
	struct penalty lb = *below;
	lb.hard = lb.role = 0;
	lb.size = size;
	lb.org_excess = org_excess;
	lb.org_pairs = org_pairs;
	lb.pref = pref;
	return lb;
}

/* Between tables clean down to the role mix, can no change around i at
 * table b better `best`? Read without judging any change: no level above
 * the organisation's can drop, and a change that puts a size or a role out
 * of its band cannot better the plan (best is at most 0), so only members
 * who can swap with i, or be pulled, without that count. Each delegate's
 * move changes its organisation's levels by what it leaves and finds (i
 * finds ob of it at b; a member, at_home), a swap within one organisation
 * leaves them as they were; first, before looking at the members, a
 * member leaving takes at most one excess (if over its limit) and the
 * most of one organisation at b less one pairs. Preferences: i's exactly,
 * a member's at most its cost at b. Levels no fresh round weighs stay 0;
 * in rounds and repairs they are not bounded. */
static bool nothing_better_at(const struct seating_state *s, const struct table_facts *f, int i, int b, int ob,
			      const struct penalty *best)
{
	const struct alloc *a = s->a;
	const struct delegate *d = &a->ev->delegates[i];
	const struct delegate_brief *brief = f->brief;
	int home = s->seat[i];
	struct penalty below;
#define UNBOUNDED_LEVEL(field, name, above_repeats) below.field = LONG_MIN;
	LEVEL_TABLE(UNBOUNDED_LEVEL)
#undef UNBOUNDED_LEVEL
	if (!a->met)
		below.themes_again = below.repeats = 0;
	if (!a->original)
		below.moved = 0;
	long i_excess, i_pairs, i_pref = 0, j_pref = 0;
	org_levels_moved(brief[i].org_limit, brief[i].of_org_here, ob, &i_excess, &i_pairs);
	if (s->table_theme[b] != s->table_theme[home]) {
		i_pref = preference_cost(d, s->table_theme[b]) - preference_cost(d, s->table_theme[home]);
		j_pref = -f->most_pref_cost[b];
	}
	int na = s->count[home], nb = s->count[b];
	long pull_size = band_dev(na + 1, a->lo_t[home], a->hi_t[home]) + band_dev(nb - 1, a->lo_t[b], a->hi_t[b]);
	struct penalty move = kind_bound(&below, band_dev(na - 1, a->lo_t[home], a->hi_t[home]) +
							 band_dev(nb + 1, a->lo_t[b], a->hi_t[b]),
					 i_excess, i_pairs, i_pref);
	if (penalty_compare(&move, best) < 0)
		return false;
	if (nb == 0)
		return true;
	int over_b = f->most_over_limit[b] > 0, most = over_b ? f->most_over_limit[b] : f->most_of_org[b];
	struct penalty swap = kind_bound(&below, 0, i_excess - over_b, i_pairs - (most - 1), i_pref + j_pref);
	struct penalty within = kind_bound(&below, 0, 0, 0, i_pref + j_pref);
	struct penalty pull = kind_bound(&below, pull_size, -over_b, -(most - 1), j_pref);
	if (penalty_compare(&swap, best) >= 0 && (ob == 0 || penalty_compare(&within, best) >= 0) &&
	    penalty_compare(&pull, best) >= 0)
		return true;
	/* Which roles may leave b for i's table (R: none) and may swap with i. */
	size_t R = a->R, ri = d->role >= 0 ? (size_t)d->role : R;
	const int *rc_home = &s->role_count[(size_t)home * R], *rc_b = &s->role_count[(size_t)b * R];
	bool i_free = ri == R || (!band_dev(rc_home[ri] - 1, a->lo_r[ri], a->hi_r[ri]) &&
				  !band_dev(rc_b[ri] + 1, a->lo_r[ri], a->hi_r[ri]));
	bool *to_home = f->role_free;
	for (size_t r = 0; r < R; r++)
		to_home[r] = !band_dev(rc_b[r] - 1, a->lo_r[r], a->hi_r[r]) && !band_dev(rc_home[r] + 1, a->lo_r[r], a->hi_r[r]);
	to_home[R] = true;
	for (int k = 0; k < nb; k++) {
		int j = s->members[b][k], org = brief[j].org;
		size_t rj = (size_t)brief[j].role;
		bool swaps = rj == ri || (i_free && to_home[rj]), pulls = !pull_size && to_home[rj];
		if (!(swaps || pulls) || !brief[j].movable)
			continue;
		org_levels_moved(brief[j].org_limit, brief[j].of_org_here, f->at_home[org], &pull.org_excess, &pull.org_pairs);
		if (pulls && penalty_compare(&pull, best) < 0)
			return false;
		if (!swaps)
			continue;
		if (org == d->org) {
			if (penalty_compare(&within, best) < 0)
				return false;
			continue;
		}
		swap.org_excess = i_excess + pull.org_excess;
		swap.org_pairs = i_pairs + pull.org_pairs;
		if (penalty_compare(&swap, best) < 0)
			return false;
	}
	return true;
}

/* Between tables clean down to the role mix, how much a swap of i and j
 * would break the role bands (none of the levels above it can drop). */
static long swap_role_harm(const struct seating_state *s, int i, int j)
{
	const struct alloc *a = s->a;
	int ri = a->ev->delegates[i].role, rj = a->ev->delegates[j].role;
	if (ri == rj)
		return 0;
	int ta = s->seat[i], tb = s->seat[j];
	long harm = 0;
	if (ri >= 0)
		harm += band_dev(s->role_count[(size_t)ta * a->R + (size_t)ri] - 1, a->lo_r[ri], a->hi_r[ri]) +
			band_dev(s->role_count[(size_t)tb * a->R + (size_t)ri] + 1, a->lo_r[ri], a->hi_r[ri]);
	if (rj >= 0)
		harm += band_dev(s->role_count[(size_t)ta * a->R + (size_t)rj] + 1, a->lo_r[rj], a->hi_r[rj]) +
			band_dev(s->role_count[(size_t)tb * a->R + (size_t)rj] - 1, a->lo_r[rj], a->hi_r[rj]);
	return harm;
}

/* Between tables clean down to the role mix, levels no swap of i and j
 * can go below, field by field, and the same for a pull of j to i's
 * table (go: i's move to j's table). Below each field's value no change
 * can go, so one whose bound is not below the best change found so far
 * cannot beat it (a bound in every field is one in the levels' order). */
static void change_bounds(const struct seating_state *s, const struct table_facts *f, const struct move_look *go,
			  int j, long role_harm, struct penalty *swap_lb, struct penalty *pull_lb)
{
	const struct alloc *a = s->a;
	const struct delegate *di = &a->ev->delegates[go->i], *dj = &a->ev->delegates[j];
	int home = go->from, b = go->b;
	bool same_org = di->org == dj->org;
	/* j's move, with i's counted as made or not: its organisation's
	 * levels exactly (i's move changes them only within one organisation,
	 * whose two swapped leave them as they were), the others what it may
	 * take away. */
	struct penalty back = { 0 };
	long pull_excess, pull_pairs;
	org_levels_moved(f->brief[j].org_limit, f->brief[j].of_org_here, f->at_home[dj->org], &pull_excess, &pull_pairs);
	back.org_excess = same_org ? -go->alone.org_excess : pull_excess;
	back.org_pairs = same_org ? -go->alone.org_pairs : pull_pairs;
	if (a->met) {
		back.themes_again = -1;
		back.repeats = -(long)s->count[b];
	}
	if (a->original)
		back.moved = -1;
	int th_home = s->table_theme[home], th_b = s->table_theme[b];
	if (th_home != th_b)
		back.pref = preference_cost(dj, th_home) - preference_cost(dj, th_b);
	/* The pull: sizes exactly, the other levels above what it may take away. */
	*pull_lb = back;
	pull_lb->org_excess = pull_excess;
	pull_lb->org_pairs = pull_pairs;
	pull_lb->size = band_dev(s->count[home] + 1, a->lo_t[home], a->hi_t[home]) +
			band_dev(s->count[b] - 1, a->lo_t[b], a->hi_t[b]);
	/* The swap: i's move as it is, sizes unchanged, roles exactly. */
	*swap_lb = go->alone;
	penalty_add(swap_lb, &back);
	swap_lb->hard = 0;
	swap_lb->size = 0;
	swap_lb->role = role_harm;
}

/* The best change around i among the given tables: move i there, swap i
 * with someone there, or pull someone from there to i's table (which
 * fills a table that is short). Applies it if it improves the plan and
 * returns the tables it changed (the count, at most 3), else 0. Only the
 * tables in look_at are judged: the caller knows the others hold nothing
 * better than now; the order of i's table follows the whole list. */
static int improve(struct seating_state *s, int i, const int *tables, size_t ntables, const int *look_at,
		   size_t nlook, struct table_facts *facts, const long *marks, int changed[3])
{
	const struct alloc *a = s->a;
	struct penalty best = { 0 };
	int best_table = -1, best_partner = -1, best_pull = -1;
	int home = s->seat[i];
	/* Someone pinned or locked stays: only pulls to their table. */
	bool stays = !movable(a, i);
	if (someone_movable_elsewhere(s, i, tables, ntables))
		put_last_at_table(s, i);
	int org = a->ev->delegates[i].org;
	const int *of_org = NULL;
	if (facts) {
		read_table_facts(s, facts, marks[home], home);
		for (int k = 0; k < s->count[home]; k++)
			facts->at_home[a->ev->delegates[s->members[home][k]].org]++;
		/* Looking at many tables, i's organisation is counted at each from
		 * its members: cheaper than a lookup a table, missed in the cache. */
		if ((size_t)(facts->org_start[org + 1] - facts->org_start[org]) < 4 * nlook) {
			for (int k = facts->org_start[org]; k < facts->org_start[org + 1]; k++)
				if (s->seat[facts->by_org[k]] >= 0)
					facts->of_org_at[s->seat[facts->by_org[k]]]++;
			of_org = facts->of_org_at;
		}
	}
	for (size_t x = 0; x < nlook; x++) {
		int b = look_at[x];
		if (b == home)
			continue;
		/* Changes that cannot better the plan are passed over unjudged:
		 * the first better change found is the same. */
		bool clean = facts && facts->clean_to_roles[home];
		if (clean) {
			read_table_facts(s, facts, marks[b], b);
			clean = facts->clean_to_roles[b];
		}
		if (clean && nothing_better_at(s, facts, i, b, of_org ? of_org[b] : org_count_at(s, b, org), &best))
			continue;
		struct move_look go;
		move_look(s, i, b, &go);
		if (!stays && penalty_compare(&go.alone, &best) < 0) {
			best = go.alone;
			best_table = b;
			best_partner = -1;
		}
		/* A pull changes both sizes: between clean tables, harm if either leaves its band. */
		bool pull_harms = clean && (band_dev(s->count[home] + 1, a->lo_t[home], a->hi_t[home]) ||
					    band_dev(s->count[b] - 1, a->lo_t[b], a->hi_t[b]));
		/* Where i's role has no room to leave or to come, only someone of
		 * its role can swap with i without harm. */
		int ri = a->ev->delegates[i].role;
		bool own_role_only = pull_harms && ri >= 0 &&
				     (band_dev(s->role_count[(size_t)home * a->R + (size_t)ri] - 1, a->lo_r[ri], a->hi_r[ri]) ||
				      band_dev(s->role_count[(size_t)b * a->R + (size_t)ri] + 1, a->lo_r[ri], a->hi_r[ri]));
		for (int k = 0; k < s->count[b]; k++) {
			int j = s->members[b][k];
			if ((own_role_only && a->ev->delegates[j].role != ri) || !movable(s->a, j))
				continue;
			long role_harm = clean ? swap_role_harm(s, i, j) : 0;
			bool swap_harms = role_harm > 0, pull_loses = pull_harms;
			if (clean && !(swap_harms && pull_loses)) {
				struct penalty swap_lb, pull_lb;
				change_bounds(s, facts, &go, j, role_harm, &swap_lb, &pull_lb);
				swap_harms = swap_harms || penalty_compare(&swap_lb, &best) >= 0;
				pull_loses = pull_loses || penalty_compare(&pull_lb, &best) >= 0;
			}
			if (swap_harms && pull_loses)
				continue;
			struct move_look j_back;
			move_look(s, j, home, &j_back);
			struct penalty p = swap_harms || stays ? (struct penalty){ 0 } : swap_worth(s, &go, &j_back);
			if (penalty_compare(&p, &best) < 0) {
				best = p;
				best_table = b;
				best_partner = j;
				best_pull = -1;
			}
			p = j_back.alone;
			if (penalty_compare(&p, &best) < 0) {
				best = p;
				best_table = -1;
				best_partner = -1;
				best_pull = j;
			}
		}
	}
	for (int k = 0; facts && k < s->count[home]; k++)
		facts->at_home[a->ev->delegates[s->members[home][k]].org] = 0;
	for (int k = of_org ? facts->org_start[org] : 0; of_org && k < facts->org_start[org + 1]; k++)
		if (s->seat[facts->by_org[k]] >= 0)
			facts->of_org_at[s->seat[facts->by_org[k]]] = 0;
	changed[0] = home;
	if (best_pull >= 0) {
		changed[1] = s->seat[best_pull];
		move_to(s, best_pull, home);
		return 2;
	}
	if (best_table < 0)
		return 0;
	move_to(s, i, best_table);
	changed[1] = best_table;
	if (best_partner >= 0)
		move_to(s, best_partner, home);
	return 2;
}

/* When each table last changed, counted in changes the local search made:
 * a delegate whose search found nothing need search again only among the
 * tables changed since, while its own table is unchanged (a change's
 * worth reads only the tables it touches). */
struct change_marks {
	long now;               /* changes made so far */
	long *table;            /* per table: now at its last change */
	long *searched_theme;   /* per delegate: now when its search within its theme found nothing; -1 */
	long *searched_all;     /* per delegate: the same for its search of every table */
	struct table_facts facts;   /* read at the tables' marks */
};

/* One change made, to these tables. */
static void mark_changed(struct change_marks *m, const int *tables, int n)
{
	m->now++;
	for (int k = 0; k < n; k++)
		m->table[tables[k]] = m->now;
}

/* The tables of the list worth judging for i: all, or only those changed
 * since i's search found nothing. */
static size_t tables_to_judge(const struct change_marks *m, const struct seating_state *s, int i, long searched,
			      const int *tables, size_t ntables, int *look_at)
{
	bool own_unchanged = searched >= 0 && m->table[s->seat[i]] <= searched && !s->a->judge_every_change;
	size_t n = 0;
	for (size_t x = 0; x < ntables; x++)
		if (!own_unchanged || m->table[tables[x]] > searched)
			look_at[n++] = tables[x];
	return n;
}

/* One search around i among the tables; true if it changed the plan. */
static bool search_around(struct seating_state *s, struct change_marks *m, long *searched, int i, const int *tables,
			  size_t ntables, int *look_at)
{
	size_t nlook = tables_to_judge(m, s, i, *searched, tables, ntables, look_at);
	int changed[3];
	struct table_facts *facts = s->a->judge_every_change ? NULL : &m->facts;
	int n = improve(s, i, tables, ntables, look_at, nlook, facts, m->table, changed);
	if (n == 0) {
		*searched = m->now;
		return false;
	}
	mark_changed(m, changed, n);
	return true;
}

/* Step 2 spreads an organisation through one role's place in the flow,
 * so one whose members span roles can be left with more pairs than an
 * even spread, and no change within a theme mends that. In a fresh
 * allocation such a member is then swapped with someone of its role at a
 * table of another theme it ranks at most one place lower, holding at
 * least two fewer of its organisation. The candidates are ranked by what
 * counts cheaply (pairs, then preference cost) and the best few are judged
 * in full: judging every swap of every theme took seconds at 10,000. */
#define MEND_JUDGED 4

struct mend_candidate {
	long pairs, pref;
	int j;
};

static bool mend_across_themes(struct seating_state *s, struct change_marks *m, int i)
{
	const struct alloc *a = s->a;
	const struct delegate *d = &a->ev->delegates[i], *dl = a->ev->delegates;
	int home = s->seat[i], theme = s->table_theme[home];
	int own_rank = preference_cost(d, theme), here = org_count_at(s, home, d->org);
	struct mend_candidate best[MEND_JUDGED];
	size_t n = 0;
	for (size_t t = 0; t < a->T; t++) {
		int b = (int)t, th = s->table_theme[b];
		int rank = th >= 0 && th != theme ? preference_cost(d, th) : 0;
		if (th < 0 || th == theme || rank > own_rank + 1)
			continue;
		int there = org_count_at(s, b, d->org);
		if (there > here - 2)
			continue;
		for (int k = 0; k < s->count[b]; k++) {
			int j = s->members[b][k];
			const struct delegate *dj = &dl[j];
			if (!movable(a, j) || dj->role != d->role || dj->org == d->org)
				continue;
			int at_home = org_count_at(s, home, dj->org);
			if (at_home + 1 > alloc_org_allowed(a, (size_t)dj->org))
				continue;
			struct mend_candidate c = {
				there - (here - 1) + at_home - (org_count_at(s, b, dj->org) - 1),
				rank - own_rank + preference_cost(dj, theme) - preference_cost(dj, th), j,
			};
			if (c.pairs > 0 || (c.pairs == 0 && c.pref >= 0))
				continue;
			size_t at = n < MEND_JUDGED ? n++ : MEND_JUDGED;
			while (at > 0 && (best[at - 1].pairs > c.pairs ||
					  (best[at - 1].pairs == c.pairs && best[at - 1].pref > c.pref))) {
				if (at < MEND_JUDGED)
					best[at] = best[at - 1];
				at--;
			}
			if (at < MEND_JUDGED)
				best[at] = c;
		}
	}
	struct penalty best_p = { 0 };
	int best_j = -1;
	for (size_t c = 0; c < n; c++) {
		struct penalty p = seating_swap_worth(s, i, best[c].j);
		if (penalty_compare(&p, &best_p) < 0) {
			best_p = p;
			best_j = best[c].j;
		}
	}
	if (best_j < 0)
		return false;
	int changed[2] = { home, s->seat[best_j] };
	seating_swap(s, i, best_j);
	mark_changed(m, changed, 2);
	return true;
}

#define SEARCH_PASSES 30

/* Passes over everyone short of a level, each searching around them,
 * until a pass changes nothing (SEARCH_PASSES in all, counted in *pass). */
static void search_passes(struct alloc *a, struct seating_state *s, struct change_marks *m, const int *by_theme,
			  const size_t *theme_start, const int *all, int *look_at, int *pass)
{
	for (; *pass < SEARCH_PASSES; (*pass)++) {
		bool improved = false;
		for (size_t p = 0; p < a->P; p++) {
			/* Within a pass too: in later rounds one can take seconds. */
			if (p % 16 == 0 &&
			    alloc_progress(a, "balancing tables", (*pass + (double)p / (double)a->P) / SEARCH_PASSES))
				break;
			int i = a->present[p];
			/* Someone who stays (pinned, locked) at a table short of people
			 * is searched around too: another can be pulled to them. */
			int at = s->seat[i];
			enum shortfall why = movable(a, i) ? needs_attention(s, i)
				: s->count[at] < a->lo_t[at] ? SHORT : NOT_SHORT;
			if (why == NOT_SHORT)
				continue;
			size_t theme = (size_t)(s->table_theme[s->seat[i]] + 1);
			const int *same = &by_theme[theme_start[theme]];
			size_t nsame = theme_start[theme + 1] - theme_start[theme];
			/* A fresh allocation mends an organisation's spread within the
			 * theme only: step 2 chose how many of it each theme has. */
			if (search_around(s, m, &m->searched_theme[i], i, same, nsame, look_at) ||
			    ((why == SHORT || (why == ORG_SHORT && a->original)) &&
			     search_around(s, m, &m->searched_all[i], i, all, a->T, look_at)))
				improved = true;
		}
		if (!improved || a->stopped) {
			(*pass)++;
			return;
		}
	}
}

/* One pass mending organisations that span roles across themes; true if
 * it changed the plan. */
static bool mend_spanning_organisations(struct alloc *a, struct seating_state *s, struct change_marks *m,
					const bool *spanning, int pass)
{
	bool mended = false;
	for (size_t p = 0; p < a->P; p++) {
		if (p % 16 == 0 && alloc_progress(a, "balancing tables", (pass + (double)p / (double)a->P) / SEARCH_PASSES))
			break;
		int i = a->present[p];
		if (movable(a, i) && spanning[a->ev->delegates[i].org] && needs_attention(s, i) == ORG_SHORT &&
		    mend_across_themes(s, m, i))
			mended = true;
	}
	return mended;
}

void local_search(struct alloc *a, struct seating_state *s)
{
	size_t T1 = a->T ? a->T : 1, N1 = a->N ? a->N : 1;
	/* Each theme's tables (none first), in order, read where searches stay
	 * within a theme: listing them per delegate searched went over every table. */
	int *by_theme = malloc(T1 * sizeof(int));
	size_t *theme_start = calloc(a->K + 2, sizeof(size_t));
	int *all = malloc(T1 * sizeof(int));
	int *look_at = malloc(T1 * sizeof(int));
	struct change_marks m = {
		.table = calloc(T1, sizeof(long)),
		.searched_theme = malloc(N1 * sizeof(long)),
		.searched_all = malloc(N1 * sizeof(long)),
	};
	/* Only a fresh single round: a repair mends across themes already,
	 * and rounds weigh themes had and people met. */
	bool *spanning = !a->original && !a->met && !a->had ? organisations_spanning_roles(a->ev) : NULL;
	if (!table_facts_init(&m.facts, a) || !by_theme || !theme_start || !all || !look_at || !m.table ||
	    !m.searched_theme || !m.searched_all)
		goto out;
	for (size_t t = 0; t < a->T; t++) {
		all[t] = (int)t;
		theme_start[s->table_theme[t] + 2]++;
	}
	for (size_t k = 1; k < a->K + 2; k++)
		theme_start[k] += theme_start[k - 1];
	for (size_t t = 0; t < a->T; t++)
		by_theme[theme_start[s->table_theme[t] + 1]++] = (int)t;
	for (size_t k = a->K + 1; k > 0; k--)
		theme_start[k] = theme_start[k - 1];
	theme_start[0] = 0;
	for (size_t i = 0; i < a->N; i++)
		m.searched_theme[i] = m.searched_all[i] = -1;
	/* The mending across themes starts from where the search within them
	 * ends, and every change betters the plan, so it can only end better
	 * (started early, it led one event to a seating with a pair more). */
	int pass = 0;
	do
		search_passes(a, s, &m, by_theme, theme_start, all, look_at, &pass);
	while (spanning && !a->stopped && pass < SEARCH_PASSES &&
	       mend_spanning_organisations(a, s, &m, spanning, pass));
out:
	free(spanning);
	free(by_theme);
	free(theme_start);
	free(all);
	free(look_at);
	free(m.table);
	free(m.searched_theme);
	free(m.searched_all);
	table_facts_free(&m.facts);
}

uint64_t alloc_random(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

bool penalty_harms_above_repeats(const struct penalty *p)
{
	/* The first level above repeats that changes decides. */
#define HARMS_LEVEL(field, name, above_repeats) \
	if ((above_repeats) && p->field != 0)      \
		return p->field > 0;
	LEVEL_TABLE(HARMS_LEVEL)
#undef HARMS_LEVEL
	return false;
}

bool seating_movable(const struct alloc *a, int i)
{
	return movable(a, i);
}

/* Later rounds: steepest descent stops at the first seating where no single
 * move or swap meets fewer people again, far from the zero that designs
 * reach. So walk on (tabu search): swap a delegate who meets someone again
 * with the delegate elsewhere whose swap is best, even if it adds repeats,
 * never if it harms a level above them; keep both swapped delegates still
 * for a few steps so the walk does not undo itself; end on the best seating
 * seen. The budget, in swaps weighed, bounds the time on big events. */
/* Budgets count swaps weighed at tables of up to 12; a swap at larger
 * tables looks up everyone at both, so it is charged in proportion
 * (10,000 at 50 tables of 202 took two minutes a round uncharged). */
long seating_weigh_scale(const struct seating_state *s)
{
	long tables_used = 0;
	for (size_t t = 0; t < s->a->T; t++)
		tables_used += s->count[t] > 0;
	long table_share = tables_used ? (long)s->a->P / tables_used : 1;
	return table_share > 12 ? (table_share + 11) / 12 : 1;
}

void meet_fewer_again(struct alloc *a, struct seating_state *s, long budget)
{
	if (!a->met || a->P < 2)
		return;
	long *still_until = calloc(a->N, sizeof(long));
	int *again = malloc(a->P * sizeof(int));
	int *best_seat = malloc(a->N * sizeof(int));
	if (!still_until || !again || !best_seat)
		goto out;
	memcpy(best_seat, s->seat, a->N * sizeof(int));
	/* A swap needs two movable delegates at two tables: one table (or
	 * everyone else pinned) leaves nothing to walk (1,000 at one table
	 * walked for minutes). */
	int first_table = -1;
	bool two_tables = false;
	for (size_t p = 0; p < a->P && !two_tables; p++) {
		int i = a->present[p];
		if (!movable(a, i) || s->seat[i] < 0)
			continue;
		if (first_table < 0)
			first_table = s->seat[i];
		two_tables = s->seat[i] != first_table;
	}
	if (!two_tables)
		goto out;
	long scale = seating_weigh_scale(s);
	struct penalty now = { 0 }, best_seen = { 0 };
	uint64_t rng = a->tiebreak[a->present[0]] | 1;
	long total = budget;
	for (long step = 1; budget > 0; step++) {
		if (step % 8 == 0 && alloc_progress(a, "fewer meetings again", 1.0 - (double)budget / (double)total))
			break;
		size_t n_again = 0;
		for (size_t p = 0; p < a->P; p++) {
			int i = a->present[p];
			if (movable(a, i) && met_at(s, i, s->seat[i]))
				again[n_again++] = i;
		}
		budget -= (long)a->P * scale;
		if (n_again == 0)
			break;
		int i = again[alloc_random(&rng) % n_again];
		struct penalty best = { 0 };
		int best_j = -1;
		uint64_t best_tie = 0;
		for (size_t p = 0; p < a->P; p++) {
			int j = a->present[p];
			if (s->seat[j] == s->seat[i] || !movable(a, j))
				continue;
			struct penalty d = delta_swap(s, i, j);
			budget -= scale;
			if (penalty_harms_above_repeats(&d))
				continue;
			struct penalty then = now;
			penalty_add(&then, &d);
			bool aspires = penalty_compare(&then, &best_seen) < 0;
			if (still_until[j] > step && !aspires)
				continue;
			uint64_t tie = alloc_random(&rng);
			int better = best_j < 0 ? -1 : penalty_compare(&d, &best);
			if (better < 0 || (better == 0 && tie < best_tie)) {
				best = d;
				best_j = j;
				best_tie = tie;
			}
		}
		if (best_j < 0)
			continue;
		seating_swap(s, i, best_j);
		penalty_add(&now, &best);
		still_until[i] = still_until[best_j] = step + 3 + (long)(alloc_random(&rng) % 8);
		if (penalty_compare(&now, &best_seen) < 0) {
			best_seen = now;
			memcpy(best_seat, s->seat, a->N * sizeof(int));
		}
	}
	for (size_t p = 0; p < a->P; p++) {
		int i = a->present[p];
		if (s->seat[i] != best_seat[i])
			move_to(s, i, best_seat[i]);
	}
out:
	free(still_until);
	free(again);
	free(best_seat);
}

/* Role targets per table of one theme: each table its share; the
 * remainders, roles with most first, each to the tables with most room left
 * (at most one extra a table), tables whose pins already hold the extra
 * first, ties rotating with the role so extras do not pile up. */
static bool role_targets(const struct seating_state *s, const int *tables, size_t k, const int *target,
			 const int *members, size_t n, int *role_target)
{
	const struct event *ev = s->a->ev;
	size_t R = s->a->R;
	int *extras = calloc(R ? R : 1, sizeof(int));
	int *role_order = malloc((R ? R : 1) * sizeof(int));
	if (!extras || !role_order) {
		free(extras);
		free(role_order);
		return false;
	}
	for (size_t r = 0; r < R; r++) {
		int count = 0;
		for (size_t q = 0; q < n; q++)
			count += ev->delegates[members[q]].role == (int)r;
		for (size_t x = 0; x < k; x++)
			count += s->role_count[(size_t)tables[x] * R + r];
		for (size_t x = 0; x < k; x++)
			role_target[x * R + r] = count / (int)k;
		extras[r] = count % (int)k;
		role_order[r] = (int)r;
	}
	for (size_t x = 1; x < R; x++)
		for (size_t y = x; y > 0 && extras[role_order[y]] > extras[role_order[y - 1]]; y--) {
			int tmp = role_order[y];
			role_order[y] = role_order[y - 1];
			role_order[y - 1] = tmp;
		}
	for (size_t ri = 0; ri < R; ri++) {
		size_t r = (size_t)role_order[ri];
		int base = role_target[r];
		for (int e = 0; e < extras[r]; e++) {
			long best_pin = -1, best_room = 0;
			size_t best = 0, best_turn = 0;
			for (size_t x = 0; x < k; x++) {
				if (role_target[x * R + r] > base)
					continue;
				long room = target[x];
				for (size_t q = 0; q < R; q++)
					room -= role_target[x * R + q];
				long pin = s->role_count[(size_t)tables[x] * R + r] > base;
				size_t turn = (x + k - ri % k) % k;
				if (pin > best_pin || (pin == best_pin && (room > best_room ||
				    (room == best_room && turn < best_turn)))) {
					best_pin = pin;
					best_room = room;
					best_turn = turn;
					best = x;
				}
			}
			role_target[best * R + r]++;
		}
	}
	free(extras);
	free(role_order);
	return true;
}

static const struct alloc *split_ctx;
static const int *split_org_size;

static int compare_for_dealing(const void *pa, const void *pb)
{
	int i = *(const int *)pa, j = *(const int *)pb;
	const struct delegate *x = &split_ctx->ev->delegates[i], *y = &split_ctx->ev->delegates[j];
	int cx = split_org_size[x->org], cy = split_org_size[y->org];
	if (cx != cy)
		return cx > cy ? -1 : 1;
	if (x->org != y->org)
		return x->org < y->org ? -1 : 1;
	if (split_ctx->tiebreak[i] != split_ctx->tiebreak[j])
		return split_ctx->tiebreak[i] < split_ctx->tiebreak[j] ? -1 : 1;
	return (i > j) - (i < j);
}

static bool key_less(const long *x, const long *y)
{
	for (size_t z = 0; z < 5; z++)
		if (x[z] != y[z])
			return x[z] < y[z];
	return false;
}

#define DEAL_EVERY_TABLE_UP_TO 256

static int max_capacity(const struct alloc *a)
{
	int m = 0;
	for (size_t t = 0; t < a->T; t++)
		if (a->ev->tables[t].capacity > m)
			m = a->ev->tables[t].capacity;
	return m;
}

/* Deals theme j's delegates over its tables: pinned first, then everyone
 * else, larger organisations first, each to the table where it does least
 * harm (keep-apart, needs, capacity; then its role's target; then fewest of
 * its organisation; then the table's size target). */
bool split_theme(struct alloc *a, struct seating_state *s, int j, const int *theme_of)
{
	const struct event *ev = a->ev;
	size_t R = a->R;
	int *tables = malloc((a->T ? a->T : 1) * sizeof(int));
	int *target = calloc(a->T ? a->T : 1, sizeof(int));
	int *role_target = calloc((a->T ? a->T : 1) * (R ? R : 1), sizeof(int));
	int *members = malloc((a->P ? a->P : 1) * sizeof(int));
	int *org_in_theme = calloc(a->O ? a->O : 1, sizeof(int));
	bool ok = tables && target && role_target && members && org_in_theme;
	size_t k = 0, n = 0;
	if (!ok)
		goto out;
	for (size_t t = 0; t < a->T; t++)
		if (s->table_theme[t] == j)
			tables[k++] = (int)t;
	for (size_t p = 0; p < a->P; p++) {
		int i = a->present[p];
		if (theme_of[i] != j)
			continue;
		if (ev->delegates[i].pinned_table >= 0)
			ok = ok && state_add(s, i, ev->delegates[i].pinned_table);
		else
			members[n++] = i;
		org_in_theme[ev->delegates[i].org]++;
	}
	if (!k || !ok)
		goto out;
	/* Sizes: the band's floor, then one more where the band allows, then up
	 * to capacity if the theme must take more. */
	long total = (long)n, sum = 0;
	for (size_t x = 0; x < k; x++) {
		total += s->count[tables[x]];
		target[x] = a->lo_t[tables[x]];
		sum += target[x];
	}
	for (int pass = 0; pass < 2 && sum < total; pass++)
		for (size_t x = 0; x < k && sum < total; x++) {
			int t = tables[x];
			int more = (pass == 0 ? a->hi_t[t] : ev->tables[t].capacity) - target[x];
			if (more > total - sum)
				more = (int)(total - sum);
			if (more > 0) {
				target[x] += more;
				sum += more;
			}
		}
	for (size_t x = 0; x < k; x++)
		if (target[x] < s->count[tables[x]])
			target[x] = s->count[tables[x]];
	ok = role_targets(s, tables, k, target, members, n, role_target);
	/* Larger organisations first, so they spread widest; ties by seed. */
	split_ctx = a;
	split_org_size = org_in_theme;
	qsort(members, n, sizeof(int), compare_for_dealing);
	/* A theme of many tables (a roster of tens of thousands) is dealt
	 * round the tables from after the last one dealt to, stopping at a
	 * table no other can beat: room for the role, no colleague, below its
	 * target, as empty as the emptiest. Weighing every table for every
	 * delegate grew with the square of the roster. Smaller themes weigh
	 * every table, first table first, as they always have. */
	bool rotate = k > DEAL_EVERY_TABLE_UP_TO;
	int most = rotate ? max_capacity(a) : 0;
	int *at_count = rotate ? calloc((size_t)most + 2, sizeof(int)) : NULL;
	int emptiest = 0;
	size_t cursor = 0;
	if (rotate && !at_count)
		ok = false;
	for (size_t x = 0; ok && rotate && x < k; x++)
		at_count[s->count[tables[x]]]++;
	while (rotate && ok && !at_count[emptiest])
		emptiest++;
	for (size_t q = 0; q < n && ok; q++) {
		int i = members[q];
		const struct delegate *d = &ev->delegates[i];
		int best = -1;
		size_t best_x = 0;
		long best_key[5] = { 0 };
		for (size_t step = 0; step < k; step++) {
			size_t x = rotate ? (cursor + step) % k : step;
			int t = tables[x];
			long slot = d->role >= 0 ? role_target[x * R + (size_t)d->role] -
							   s->role_count[(size_t)t * R + (size_t)d->role] : 0;
			long key[5] = {
				partners_at(s, i, t) + !table_meets_needs(&ev->tables[t], d) +
					(s->count[t] >= ev->tables[t].capacity),
				slot > 0 ? 0 : 1,
				0,
				s->count[t] >= target[x] ? 1 : 0,
				s->count[t],
			};
			/* The organisation count is the dear part (a hash lookup per
			 * table, for every delegate): with it taken as 0 the key can
			 * only look better, so a table that does not beat the best
			 * even then is passed over without it. */
			if (best >= 0 && !key_less(key, best_key))
				continue;
			key[2] = org_count_at(s, t, d->org) * 1000 + met_at(s, i, t);
			if (best < 0 || key_less(key, best_key)) {
				best = t;
				best_x = x;
				memcpy(best_key, key, sizeof(key));
				if (rotate && !key[0] && !key[1] && !key[2] && !key[3] && key[4] == emptiest)
					break;
			}
		}
		if (rotate && s->count[best] <= most) {
			at_count[s->count[best]]--;
			at_count[s->count[best] + 1]++;
			while (!at_count[emptiest])
				emptiest++;
			cursor = best_x + 1;
		}
		ok = state_add(s, i, best);
	}
	free(at_count);
out:
	free(tables);
	free(target);
	free(role_target);
	free(members);
	free(org_in_theme);
	return ok;
}

/* After the search: every hard rule still broken, named. */
bool report_broken_rules(struct alloc *a, const struct seating_state *s)
{
	const struct event *ev = a->ev;
	bool ok = true;
	for (size_t p = 0; p < a->P; p++) {
		int i = a->present[p];
		const struct delegate *d = &ev->delegates[i];
		int t = s->seat[i];
		for (int k = 0; k < a->avoid_n[i]; k++) {
			int j = a->avoid_of[i][k];
			if (j > i && s->seat[j] == t) {
				diag_add(a->d, DIAG_DATA, ev->roster_path, d->line, d->col,
					 "%s and %s must be kept apart, but no plan found seats them apart "
					 "(table %s); remove one of the keep-apart entries or a pin",
					 d->id, ev->delegates[j].id, ev->tables[t].id);
				ok = false;
			}
		}
		if (!table_meets_needs(&ev->tables[t], d)) {
			diag_add(a->d, DIAG_DATA, ev->roster_path, d->line, d->col,
				 "%s needs %s, but every table that provides it is full; raise those tables' capacity",
				 d->id, d->needs[0]);
			ok = false;
		}
	}
	for (size_t t = 0; t < a->T; t++)
		if (s->count[t] > ev->tables[t].capacity) {
			diag_add(a->d, DIAG_DATA, ev->path, 0, 0, "table %s: %d seated, capacity %d",
				 ev->tables[t].id, s->count[t], ev->tables[t].capacity);
			ok = false;
		}
	return ok;
}


/* What seating i (now unseated) at table b would add. */
static struct penalty delta_add(const struct seating_state *s, int i, int b)
{
	const struct alloc *a = s->a;
	const struct event *ev = a->ev;
	const struct delegate *d = &ev->delegates[i];
	struct penalty p = { 0 };
	int nb = s->count[b];
	p.hard += (nb + 1 > ev->tables[b].capacity) - (nb > ev->tables[b].capacity);
	p.hard += partners_at(s, i, b) + !table_meets_needs(&ev->tables[b], d);
	p.size += band_dev(nb + 1, a->lo_t[b], a->hi_t[b]) - band_dev(nb, a->lo_t[b], a->hi_t[b]);
	if (d->role >= 0) {
		long lo = a->lo_r[d->role], hi = a->hi_r[d->role];
		long cb = s->role_count[(size_t)b * a->R + (size_t)d->role];
		p.role += band_dev(cb + 1, lo, hi) - band_dev(cb, lo, hi);
	}
	int ceil_o = alloc_org_allowed(a, (size_t)d->org);
	int ob = org_count_at(s, b, d->org);
	p.org_excess += band_dev(ob + 1, 0, ceil_o) - band_dev(ob, 0, ceil_o);
	p.org_pairs += ob;
	p.pref += preference_cost(d, s->table_theme[b]);
	p.repeats += met_at(s, i, b);
	p.themes_again += theme_again(s, i, b);
	return p;
}

bool seat_best(struct seating_state *s, int i)
{
	const struct delegate *d = &s->a->ev->delegates[i];
	if (d->pinned_table >= 0)
		return state_add(s, i, d->pinned_table);
	int best = -1;
	struct penalty best_p = { 0 };
	for (size_t t = 0; t < s->a->T; t++) {
		struct penalty p = delta_add(s, i, (int)t);
		if (best < 0 || penalty_compare(&p, &best_p) < 0) {
			best = (int)t;
			best_p = p;
		}
	}
	return best >= 0 && state_add(s, i, best);
}
