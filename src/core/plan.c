#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fileio.h"
#include "schema.h"
#include "yaml_tree.h"

bool plan_init(struct plan *p, const struct event *ev, size_t rounds)
{
	memset(p, 0, sizeof(*p));
	p->tables_count = ev->tables_count;
	p->delegates_count = ev->delegates_count;
	p->rounds = calloc(rounds ? rounds : 1, sizeof(*p->rounds));
	if (!p->rounds)
		return false;
	p->rounds_count = rounds;
	for (size_t r = 0; r < rounds; r++) {
		struct seating *s = &p->rounds[r];
		s->table_theme = malloc((ev->tables_count ? ev->tables_count : 1) * sizeof(int));
		s->seat = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(int));
		if (!s->table_theme || !s->seat) {
			plan_free(p);
			return false;
		}
		for (size_t t = 0; t < ev->tables_count; t++)
			s->table_theme[t] = ev->tables[t].theme;
		for (size_t i = 0; i < ev->delegates_count; i++)
			s->seat[i] = -1;
	}
	return true;
}

void plan_free(struct plan *p)
{
	for (size_t r = 0; r < p->rounds_count; r++) {
		free(p->rounds[r].table_theme);
		free(p->rounds[r].seat);
	}
	free(p->rounds);
	memset(p, 0, sizeof(*p));
}

bool yaml_plain_safe(const char *s)
{
	static const char *const special[] = {
		"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ".inf", ".nan",
	};
	if (!*s)
		return false;
	for (size_t i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		if (strcasecmp(s, special[i]) == 0)
			return false;
	/* Anything a YAML reader could take for a number: digits with . e + - _ */
	bool numeric = true;
	for (const char *c = s; *c; c++)
		if (!((*c >= '0' && *c <= '9') || strchr(".eE+-_xXoObB", *c)))
			numeric = false;
	if (numeric)
		return false;
	if (s[0] == '-' || s[0] == '.')
		return false;
	return true;
}

static void put_id(struct strbuf *out, const char *id)
{
	if (yaml_plain_safe(id))
		strbuf_puts(out, id);
	else
		strbuf_printf(out, "'%s'", id);   /* ids never hold quotes */
}

/* Table ids that are whole numbers stay plain, as in `table: 1`. */
static void put_table_id(struct strbuf *out, const char *id)
{
	bool digits = id[0] != '0' || !id[1];
	for (const char *c = id; *c; c++)
		digits &= *c >= '0' && *c <= '9';
	if (digits)
		strbuf_puts(out, id);
	else
		put_id(out, id);
}

void plan_to_yaml(const struct event *ev, const struct plan *p, struct strbuf *out)
{
	strbuf_printf(out, "# Seating plan for %s, written by alchemy %s.\n", ev->name, ALCHEMY_VERSION);
	strbuf_puts(out, "rounds:\n");
	for (size_t r = 0; r < p->rounds_count; r++) {
		const struct seating *s = &p->rounds[r];
		strbuf_printf(out, "  - round: %zu\n    tables:\n", r + 1);
		/* Members per table in roster order: one pass, then one per table. */
		size_t *count = calloc(ev->tables_count ? ev->tables_count : 1, sizeof(size_t));
		size_t *start = calloc(ev->tables_count + 1, sizeof(size_t));
		int *members = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(int));
		if (!count || !start || !members) {
			out->failed = true;
			free(count);
			free(start);
			free(members);
			return;
		}
		for (size_t i = 0; i < ev->delegates_count; i++)
			if (s->seat[i] >= 0)
				count[s->seat[i]]++;
		for (size_t t = 0; t < ev->tables_count; t++)
			start[t + 1] = start[t] + count[t];
		memset(count, 0, ev->tables_count * sizeof(size_t));
		for (size_t i = 0; i < ev->delegates_count; i++)
			if (s->seat[i] >= 0)
				members[start[s->seat[i]] + count[s->seat[i]]++] = (int)i;
		for (size_t t = 0; t < ev->tables_count; t++) {
			strbuf_puts(out, "      - table: ");
			put_table_id(out, ev->tables[t].id);
			strbuf_puts(out, "\n");
			if (s->table_theme[t] >= 0) {
				strbuf_puts(out, "        theme: ");
				put_id(out, ev->themes[s->table_theme[t]].id);
				strbuf_puts(out, "\n");
			}
			strbuf_puts(out, "        delegates: [");
			for (size_t k = 0; k < count[t]; k++) {
				if (k)
					strbuf_puts(out, ", ");
				put_id(out, ev->delegates[members[start[t] + k]].id);
			}
			strbuf_puts(out, "]\n");
		}
		free(count);
		free(start);
		free(members);
	}
}

bool plan_save(const struct event *ev, const struct plan *p, const char *path, struct diag_list *d)
{
	struct strbuf out;
	strbuf_init(&out);
	plan_to_yaml(ev, p, &out);
	bool ok = !out.failed;
	if (!ok)
		diag_add(d, DIAG_IO, path, 0, 0, "out of memory writing the plan");
	else
		ok = atomic_write_file(path, out.data, out.len, d);
	strbuf_free(&out);
	return ok;
}

char *plan_default_path(const struct event *ev)
{
	size_t n = strlen(ev->dir) + sizeof("/allocation.yaml");
	char *p = malloc(n);
	if (p) {
		if (strcmp(ev->dir, ".") == 0)
			snprintf(p, n, "allocation.yaml");
		else
			snprintf(p, n, "%s/allocation.yaml", ev->dir);
	}
	return p;
}

/* The seats of one round given to ids the roster no longer has: each id
 * may stand once in a round, as everyone else's. */
struct gone_seat {
	const struct ynode *at;
	const char *id, *table;
};
struct gone_seats {
	struct gone_seat *items;
	size_t count, cap;
	bool failed;
};

static void gone_seat_add(struct gone_seats *g, const struct ynode *at, const char *id, const char *table)
{
	if (g->count == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 16;
		struct gone_seat *items = realloc(g->items, cap * sizeof(*items));
		if (!items) {
			g->failed = true;
			return;
		}
		g->items = items;
		g->cap = cap;
	}
	g->items[g->count++] = (struct gone_seat){ at, id, table };
}

static int compare_gone_seats(const void *x, const void *y)
{
	const struct gone_seat *a = x, *b = y;
	int k = strcmp(a->id, b->id);
	if (k)
		return k;
	return a->at->line != b->at->line ? (a->at->line > b->at->line) - (a->at->line < b->at->line)
					  : (a->at->col > b->at->col) - (a->at->col < b->at->col);
}

/* An id seated twice in the round is refused at its second place, in the
 * words used for someone the roster has. Sorted: one pass, any size. */
static void check_gone_seated_once(struct schema_ctx *c, struct gone_seats *g, size_t round)
{
	if (g->count > 1)   /* none: items may be NULL, which qsort must not get */
		qsort(g->items, g->count, sizeof(*g->items), compare_gone_seats);
	for (size_t k = 1; k < g->count; k++)
		if (!strcmp(g->items[k].id, g->items[k - 1].id))
			schema_error(c, g->items[k].at, "%s is seated twice in round %zu (also at table %s)", g->items[k].id,
				     round, g->items[k - 1].table);
	g->count = 0;
}

/* listed: per table, the line where this round first lists it (0: not yet).
 * gone: where someone no longer in the roster is said (NULL: an error);
 * with several rounds it names the round, one seat for each. seen: the
 * round's seats of such ids so far. */
static void load_round_table(const struct event *ev, struct schema_ctx *c, const struct ynode *item,
			     struct seating *s, size_t round, size_t rounds, int *listed, struct diag_list *gone,
			     struct gone_seats *seen)
{
	enum { K_TABLE, K_THEME, K_DELEGATES };
	static const struct key_spec spec[] = { { "table", true }, { "theme", false }, { "delegates", false } };
	const struct ynode *v[3];
	schema_map(c, item, "a table of the plan", spec, 3, v);
	const char *tid = v[K_TABLE] ? schema_id(c, v[K_TABLE], "table") : NULL;
	if (!tid)
		return;
	int t = event_find_table(ev, tid);
	if (t < 0) {
		schema_error(c, v[K_TABLE], "table '%s' is not one of the event's tables", tid);
		return;
	}
	if (listed[t]) {
		/* Its seats would add up past its capacity, seen only by score. */
		schema_error(c, v[K_TABLE], "table '%s' is listed twice in round %zu (first at line %d); put its delegates in one entry",
			     tid, round, listed[t]);
		return;
	}
	listed[t] = v[K_TABLE]->line;
	if (v[K_THEME]) {
		const char *theme = schema_id(c, v[K_THEME], "theme");
		int th = theme ? event_find_theme(ev, theme) : -1;
		if (theme && th < 0)
			schema_error(c, v[K_THEME], "unknown theme '%s'", theme);
		else if (th >= 0)
			s->table_theme[t] = th;
	}
	if (!v[K_DELEGATES] || !schema_seq(c, v[K_DELEGATES], "'delegates'", EVENT_MAX_DELEGATES))
		return;
	for (const struct ynode *d = v[K_DELEGATES]->first; d; d = d->next) {
		const char *id = schema_id(c, d, "delegates");
		if (!id)
			continue;
		int i = event_find_delegate(ev, id);
		if (i < 0 && gone) {
			/* The file is kept as it is (anything accepted is kept); only
			 * the state loaded from it has the seat free. */
			char in_round[48] = "";
			if (rounds > 1)
				snprintf(in_round, sizeof(in_round), " in round %zu", round);
			diag_add(gone, DIAG_DATA, c->file, d->line, d->col,
				 "delegate '%s' is not in the roster (taken out of it since this plan was made?); their seat at table %s%s is free: on the day alchemy rebalance fills it, before it alchemy allocate makes a new plan",
				 id, tid, in_round);
			gone_seat_add(seen, d, id, tid);
			continue;
		}
		if (i < 0) {
			schema_error(c, d, "delegate '%s' is not in the roster (taken out of it since this plan was made?); put them back, or make a new plan with alchemy allocate", id);
			continue;
		}
		if (s->seat[i] >= 0) {
			schema_error(c, d, "%s is seated twice in round %zu (also at table %s)", id, round,
				     ev->tables[s->seat[i]].id);
			continue;
		}
		s->seat[i] = t;
	}
}

const struct ynode *plan_rounds_node(struct schema_ctx *c, const struct ynode *root)
{
	const struct ynode *rounds = root;
	if (rounds && rounds->kind == YNODE_MAP) {
		/* The plan may sit under `allocation:`, as other tools write it. */
		static const struct key_spec top[] = { { "rounds", false }, { "allocation", false } };
		const struct ynode *v[2];
		schema_map(c, rounds, "the plan", top, 2, v);
		rounds = v[0];
		if (!rounds && v[1] && v[1]->kind == YNODE_MAP) {
			static const struct key_spec inner[] = { { "rounds", true } };
			schema_map(c, v[1], "'allocation'", inner, 1, &rounds);
		} else if (!rounds && v[1]) {
			rounds = v[1];
		}
	}
	return rounds;
}

void plan_check_round_label(struct schema_ctx *c, const struct ynode *v, int *labels)
{
	int n = 0;
	if (!v || !schema_int(c, v, "round", 0, PLAN_MAX_ROUNDS, &n))
		return;
	if (labels[n])
		schema_error(c, v, "round %d is listed twice (first at line %d); number each round once", n, labels[n]);
	else
		labels[n] = v->line;
}

bool plan_load(const struct event *ev, const char *path, struct plan *p, struct diag_list *gone,
	       struct diag_list *d)
{
	size_t before = diag_total(d);
	struct ydoc doc;
	memset(p, 0, sizeof(*p));
	if (!ydoc_load_file(&doc, path, NULL, NULL, d)) {
		ydoc_free(&doc);
		return false;
	}
	struct schema_ctx c = { path, d };
	const struct ynode *rounds = plan_rounds_node(&c, doc.root);
	if (!rounds) {
		schema_error(&c, doc.root, "a plan needs 'rounds:', a list of rounds");
	} else if (schema_seq(&c, rounds, "'rounds'", PLAN_MAX_ROUNDS) && rounds->count == 0) {
		schema_error(&c, rounds, "'rounds' is empty; a plan has at least one round");
	} else if (rounds->kind == YNODE_SEQ && plan_init(p, ev, rounds->count)) {
		size_t r = 0;
		int labels[PLAN_MAX_ROUNDS + 1] = { 0 };
		struct gone_seats seen = { 0 };
		for (const struct ynode *item = rounds->first; item; item = item->next, r++) {
			static const struct key_spec spec[] = { { "round", false }, { "tables", true } };
			const struct ynode *v[2];
			schema_map(&c, item, "a round", spec, 2, v);
			plan_check_round_label(&c, v[0], labels);
			if (!v[1] || !schema_seq(&c, v[1], "'tables'", EVENT_MAX_TABLES))
				continue;
			int *listed = calloc(ev->tables_count + 1, sizeof(int));
			if (!listed) {
				diag_add(d, DIAG_IO, path, 0, 0, "out of memory");
				break;
			}
			for (const struct ynode *t = v[1]->first; t; t = t->next)
				load_round_table(ev, &c, t, &p->rounds[r], r + 1, p->rounds_count, listed, gone, &seen);
			free(listed);
			check_gone_seated_once(&c, &seen, r + 1);
		}
		if (seen.failed)
			diag_add(d, DIAG_IO, path, 0, 0, "out of memory");
		free(seen.items);
	} else if (rounds->kind == YNODE_SEQ) {
		diag_add(d, DIAG_IO, path, 0, 0, "out of memory");
	}
	ydoc_free(&doc);
	if (diag_total(d) != before) {
		plan_free(p);
		return false;
	}
	return true;
}

size_t *plan_group_by_table(const int *seat, size_t delegates, size_t tables, int **order)
{
	size_t *start = calloc(tables + 1, sizeof(size_t));
	*order = malloc((delegates ? delegates : 1) * sizeof(int));
	if (!start || !*order) {
		free(start);
		free(*order);
		*order = NULL;
		return NULL;
	}
	for (size_t i = 0; i < delegates; i++)
		if (seat[i] >= 0)
			start[seat[i] + 1]++;
	for (size_t t = 0; t < tables; t++)
		start[t + 1] += start[t];
	for (size_t i = 0; i < delegates; i++)
		if (seat[i] >= 0)
			(*order)[start[seat[i]]++] = (int)i;
	/* Filling moved each start to the next table's; shift them back. */
	memmove(start + 1, start, tables * sizeof(size_t));
	start[0] = 0;
	return start;
}

int plan_compare_keys(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

bool plan_round_pairs(const struct seating *round, size_t delegates, size_t tables, uint64_t **keys,
		      size_t *count)
{
	int *order = NULL;
	size_t *start = plan_group_by_table(round->seat, delegates, tables, &order);
	size_t extra = 0;
	for (size_t t = 0; start && t < tables; t++) {
		size_t n = start[t + 1] - start[t];
		extra += n * (n ? n - 1 : 0) / 2;
	}
	uint64_t *grown = start ? realloc(*keys, (*count + extra + 1) * sizeof(uint64_t)) : NULL;
	if (grown) {
		*keys = grown;
		/* Index order within a table: order[x] < order[y] for x < y. */
		for (size_t t = 0; t < tables; t++)
			for (size_t x = start[t]; x < start[t + 1]; x++)
				for (size_t y = x + 1; y < start[t + 1]; y++)
					grown[(*count)++] = (uint64_t)order[x] * delegates + (uint64_t)order[y];
	}
	free(start);
	free(order);
	return grown != NULL;
}
