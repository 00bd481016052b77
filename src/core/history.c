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
};

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
	h->start[h->tables] = b->members;
	if (v[2] && schema_seq(c, v[2], "'delegates'", EVENT_MAX_DELEGATES))
		for (const struct ynode *x = v[2]->first; x; x = x->next) {
			const char *id = schema_id(c, x, "delegates");
			int i = id ? event_find_delegate(ev, id) : -1;
			if (i < 0)
				continue;
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
	bool memory = true;
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
		else if (schema_seq(&c, rounds, "'rounds'", 1000))
			for (const struct ynode *item = rounds->first; item && memory; item = item->next) {
				static const struct key_spec spec[] = { { "round", false }, { "tables", true } };
				const struct ynode *v[2];
				if (!schema_map(&c, item, "a round", spec, 2, v) ||
				    !schema_seq(&c, v[1], "'tables'", EVENT_MAX_TABLES))
					continue;
				h->rounds++;
				for (const struct ynode *t = v[1]->first; t && memory; t = t->next)
					memory = add_table(&b, ev, &c, t);
			}
		ydoc_free(&doc);
	}
	if (!memory)
		diag_add(d, DIAG_IO, paths[0], 0, 0, "out of memory while reading the history");
	if (diag_total(d) != before) {
		history_free(h);
		return false;
	}
	return true;
}

static int compare_keys(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

static uint64_t pair_key(size_t i, size_t j, size_t n)
{
	return i < j ? (uint64_t)i * n + j : (uint64_t)j * n + i;
}

long history_meetings_again(const struct history *h, const struct event *ev, const struct plan *p)
{
	size_t N = ev->delegates_count, n = 0, room = 0;
	uint64_t *keys = NULL;
	for (size_t g = 0; g < h->tables; g++)
		for (size_t x = h->start[g]; x < h->start[g + 1]; x++)
			for (size_t y = x + 1; y < h->start[g + 1]; y++) {
				if (!grow((void **)&keys, &room, n + 1, sizeof(*keys))) {
					free(keys);
					return -1;
				}
				keys[n++] = pair_key((size_t)h->members[x], (size_t)h->members[y], N);
			}
	if (n)
		qsort(keys, n, sizeof(*keys), compare_keys);
	long again = 0;
	bool failed = false;
	for (size_t r = 0; n && r < p->rounds_count; r++) {
		int *at = NULL;
		size_t *start = plan_group_by_table(p->rounds[r].seat, N, p->tables_count, &at);
		failed |= !start;
		for (size_t t = 0; start && t < p->tables_count; t++)
			for (size_t x = start[t]; x < start[t + 1]; x++)
				for (size_t y = x + 1; y < start[t + 1]; y++) {
					uint64_t k = pair_key((size_t)at[x], (size_t)at[y], N);
					again += bsearch(&k, keys, n, sizeof(*keys), compare_keys) != NULL;
				}
		free(start);
		free(at);
	}
	if (failed)
		again = -1;
	free(keys);
	return again;
}

void history_free(struct history *h)
{
	free(h->members);
	free(h->start);
	memset(h, 0, sizeof(*h));
}
