#include "event.h"

#include <stdlib.h>
#include <string.h>

static int compare_id_entries(const void *a, const void *b)
{
	const struct id_entry *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int compare_key_to_entry(const void *key, const void *entry)
{
	return strcmp(key, ((const struct id_entry *)entry)->id);
}

/* Sorted by id, ties by position, so a duplicate follows its first use. */
void id_index_sort(struct id_index *ix)
{
	if (ix->count > 1)
		qsort(ix->entries, ix->count, sizeof(ix->entries[0]), compare_id_entries);
}

int id_index_find(const struct id_index *ix, const char *id)
{
	if (!ix->count || !id)
		return -1;
	const struct id_entry *e = bsearch(id, ix->entries, ix->count, sizeof(ix->entries[0]),
					   compare_key_to_entry);
	return e ? e->index : -1;
}

int event_find_delegate(const struct event *ev, const char *id)
{
	return id_index_find(&ev->delegate_ids, id);
}

int event_find_table(const struct event *ev, const char *id)
{
	return id_index_find(&ev->table_ids, id);
}

int event_find_theme(const struct event *ev, const char *id)
{
	return id_index_find(&ev->theme_ids, id);
}

int event_find_role(const struct event *ev, const char *id)
{
	return id_index_find(&ev->role_ids, id);
}

size_t event_present_count(const struct event *ev)
{
	size_t n = 0;
	for (size_t i = 0; i < ev->delegates_count; i++)
		n += ev->delegates[i].present;
	return n;
}

size_t event_seat_count(const struct event *ev)
{
	size_t n = 0;
	for (size_t i = 0; i < ev->tables_count; i++)
		n += (size_t)ev->tables[i].capacity;
	return n;
}

void event_free(struct event *ev)
{
	free(ev->delegates);   /* grown while the roster streamed in, so not in the arena */
	arena_free(&ev->arena);
	memset(ev, 0, sizeof(*ev));
}
