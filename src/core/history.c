#include "history.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "schema.h"
#include "yaml_tree.h"

static bool grow(void **items, size_t *room, size_t need, size_t size)
{
	if (need <= *room)
		return true;
	size_t n = *room ? *room * 2 : 256;
	while (n < need)
		n *= 2;
	void *p = realloc(*items, n * size);
	if (!p)
		return false;
	*items = p;
	*room = n;
	return true;
}

struct history_builder {
	struct history *h;
	size_t members, members_room, start_room;
	/* This round's table ids, to find one listed twice (as plan_load does). */
	const struct ynode **round_tables;
	size_t round_tables_count, round_tables_room;
	int *seen_in_round;   /* per delegate: the round it was last seated in */
};

static int compare_table_nodes(const void *a, const void *b)
{
	const struct ynode *x = *(const struct ynode *const *)a, *y = *(const struct ynode *const *)b;
	int c = strcmp(x->value, y->value);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* A round of an earlier plan that lists a table twice is refused, as in
 * the event's own plan (its seats would add up past its capacity). */
static bool check_round(struct history_builder *b, struct schema_ctx *c, size_t round)
{
	size_t n = b->round_tables_count;
	if (n > 1)
		qsort(b->round_tables, n, sizeof(*b->round_tables), compare_table_nodes);
	for (size_t k = 1; k < n; k++)
		if (!strcmp(b->round_tables[k]->value, b->round_tables[k - 1]->value))
			schema_error(c, b->round_tables[k],
				     "table '%s' is listed twice in round %zu (first at line %d); put its delegates in one entry",
				     b->round_tables[k]->value, round, b->round_tables[k - 1]->line);
	b->round_tables_count = 0;
	return true;
}

/* One table of an earlier plan: the delegates we know at it. */
static bool add_table(struct history_builder *b, const struct event *ev, struct schema_ctx *c,
		      const struct ynode *item)
{
	static const struct key_spec spec[] = { { "table", true }, { "theme", false }, { "delegates", false } };
	const struct ynode *v[3];
	if (!schema_map(c, item, "a table of the plan", spec, 3, v))
		return true;
	struct history *h = b->h;
	if (!grow((void **)&h->start, &b->start_room, h->tables + 2, sizeof(size_t)))
		return false;
	if (v[0]->kind == YNODE_SCALAR) {
		if (!grow((void **)&b->round_tables, &b->round_tables_room, b->round_tables_count + 1,
			  sizeof(*b->round_tables)))
			return false;
		b->round_tables[b->round_tables_count++] = v[0];
	}
	h->start[h->tables] = b->members;
	if (v[2] && schema_seq(c, v[2], "'delegates'", EVENT_MAX_DELEGATES))
		for (const struct ynode *x = v[2]->first; x; x = x->next) {
			const char *id = schema_id(c, x, "delegates");
			int i = id ? event_find_delegate(ev, id) : -1;
			if (i < 0)
				continue;
			if (b->seen_in_round[i] == (int)h->rounds) {
				schema_error(c, x, "%s is seated twice in round %zu; seat each delegate once a round", id,
					     h->rounds);
				continue;
			}
			b->seen_in_round[i] = (int)h->rounds;
			if (!grow((void **)&h->members, &b->members_room, b->members + 1, sizeof(int)))
				return false;
			h->members[b->members++] = i;
		}
	h->tables++;
	h->start[h->tables] = b->members;
	return true;
}

bool history_load(const struct event *ev, const char *const *paths, size_t count, struct history *h,
		  struct diag_list *d)
{
	memset(h, 0, sizeof(*h));
	struct history_builder b = { .h = h };
	size_t before = diag_total(d);
	b.seen_in_round = calloc(ev->delegates_count + 1, sizeof(int));
	bool memory = b.seen_in_round != NULL;
	for (size_t f = 0; f < count && memory; f++) {
		struct ydoc doc;
		if (!ydoc_load_file(&doc, paths[f], NULL, NULL, d)) {
			ydoc_free(&doc);
			continue;
		}
		struct schema_ctx c = { paths[f], d };
		const struct ynode *rounds = plan_rounds_node(&c, doc.root);
		if (!rounds)
			schema_error(&c, doc.root, "a plan needs 'rounds:', a list of rounds");
		else if (schema_seq(&c, rounds, "'rounds'", PLAN_MAX_ROUNDS)) {
			int labels[PLAN_MAX_ROUNDS + 1] = { 0 };
			for (const struct ynode *item = rounds->first; item && memory; item = item->next) {
				static const struct key_spec spec[] = { { "round", false }, { "tables", true } };
				const struct ynode *v[2];
				if (!schema_map(&c, item, "a round", spec, 2, v) ||
				    !schema_seq(&c, v[1], "'tables'", EVENT_MAX_TABLES))
					continue;
				plan_check_round_label(&c, v[0], labels);
				h->rounds++;
				for (const struct ynode *t = v[1]->first; t && memory; t = t->next)
					memory = add_table(&b, ev, &c, t);
				memory = memory && check_round(&b, &c, h->rounds);
			}
		}
		ydoc_free(&doc);
	}
	free(b.seen_in_round);
	free(b.round_tables);
	if (!memory)
		diag_add(d, DIAG_IO, paths[0], 0, 0, "out of memory while reading the history");
	if (diag_total(d) != before) {
		history_free(h);
		return false;
	}
	return true;
}

bool history_pair_keys(const struct history *h, size_t delegates, uint64_t **keys, size_t *count)
{
	size_t extra = 0;
	for (size_t g = 0; g < h->tables; g++) {
		size_t n = h->start[g + 1] - h->start[g];
		extra += n * (n ? n - 1 : 0) / 2;
	}
	uint64_t *grown = realloc(*keys, (*count + extra + 1) * sizeof(uint64_t));
	if (!grown)
		return false;
	*keys = grown;
	for (size_t g = 0; g < h->tables; g++)
		for (size_t x = h->start[g]; x < h->start[g + 1]; x++)
			for (size_t y = x + 1; y < h->start[g + 1]; y++) {
				size_t i = (size_t)h->members[x], j = (size_t)h->members[y];
				if (i != j)
					grown[(*count)++] = i < j ? i * delegates + j : j * delegates + i;
			}
	return true;
}

long history_meetings_again(const struct history *h, const struct event *ev, const struct plan *p)
{
	size_t N = ev->delegates_count, n = 0, met = 0;
	uint64_t *keys = NULL, *pairs = NULL;
	bool ok = history_pair_keys(h, N, &keys, &n);
	for (size_t r = 0; ok && r < p->rounds_count; r++)
		ok = plan_round_pairs(&p->rounds[r], N, p->tables_count, &pairs, &met);
	long again = ok ? 0 : -1;
	if (ok && n)
		qsort(keys, n, sizeof(*keys), plan_compare_keys);
	for (size_t x = 0; ok && n && x < met; x++)
		again += bsearch(&pairs[x], keys, n, sizeof(*keys), plan_compare_keys) != NULL;
	free(keys);
	free(pairs);
	return again;
}

void history_free(struct history *h)
{
	free(h->members);
	free(h->start);
	memset(h, 0, sizeof(*h));
}
