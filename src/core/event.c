#include "event.h"
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

int event_role_typed(const struct event *ev, const char *typed_raw)
{
	/* Spaces around what was typed are no part of it ("  inv"). */
	char typed[EVENT_MAX_ID_BYTES * 4 + 1];
	while (*typed_raw == ' ' || *typed_raw == '\t')
		typed_raw++;
	snprintf(typed, sizeof(typed), "%s", typed_raw);
	for (size_t end = strlen(typed); end > 0 && (typed[end - 1] == ' ' || typed[end - 1] == '\t');)
		typed[--end] = '\0';
	int found = event_find_role(ev, typed);
	size_t n = strlen(typed);
	/* A whole id, case aside, before a start: "CO" is the role co, not
	 * also the start of coop and commissioner. */
	for (size_t r = 0; r < ev->roles_count && found < 0; r++)
		if (strcasecmp(ev->roles[r].id, typed) == 0)
			found = (int)r;
	for (size_t r = 0; r < ev->roles_count && found < 0 && n > 0; r++)
		if (strncasecmp(ev->roles[r].id, typed, n) == 0) {
			for (size_t q = r + 1; q < ev->roles_count; q++)
				if (strncasecmp(ev->roles[q].id, typed, n) == 0)
					return -2;
			found = (int)r;
		}
	/* Then as sign-up sheets word it ("Funder", "Council"), read as
	 * import reads a role column: a desk types what the badge says. */
	const char *sheet = found == -1 && n > 0 ? import_role_of(typed, ev) : NULL;
	return sheet ? event_find_role(ev, sheet) : found;
}

void event_role_ids(const struct event *ev, const char *start, char *buf, size_t size)
{
	size_t used = 0, n = start ? strlen(start) : 0;
	buf[0] = '\0';
	for (size_t r = 0; r < ev->roles_count && used < size; r++)
		if (!start || strncasecmp(ev->roles[r].id, start, n) == 0)
			used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "", ev->roles[r].id);
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

static int compare_text(const void *key, const void *entry)
{
	return strcmp(key, *(const char *const *)entry);
}

/* Room for one more in a malloc'd copy of an arena array. */
static bool grow(void **grown, size_t *cap, const void *loaded, size_t count, size_t size)
{
	if (*grown && count < *cap)
		return true;
	size_t ncap = count < 16 ? 32 : count * 2;
	void *p = realloc(*grown, ncap * size);
	if (!p)
		return false;
	if (!*grown && count)
		memcpy(p, loaded, count * size);
	*grown = p;
	*cap = ncap;
	return true;
}

int event_add_delegate(struct event *ev, const char *id, const char *name, const char *organisation, int role)
{
	if (event_find_delegate(ev, id) >= 0)
		return -1;
	struct delegate *ds = realloc(ev->delegates, (ev->delegates_count + 1) * sizeof(*ds));
	if (!ds)
		return -1;
	ev->delegates = ds;
	struct id_index *ix = &ev->delegate_ids;
	void *ids = ev->grown_ids, *orgs = ev->grown_orgs;
	if (!grow(&ids, &ev->grown_ids_cap, ix->entries, ix->count, sizeof(*ix->entries)))
		return -1;
	ev->grown_ids = ids;
	ix->entries = ev->grown_ids;
	if (!grow(&orgs, &ev->grown_orgs_cap, ev->orgs, ev->orgs_count, sizeof(*ev->orgs)))
		return -1;
	ev->grown_orgs = orgs;
	ev->orgs = ev->grown_orgs;
	int i = (int)ev->delegates_count;
	struct delegate *p = &ds[i];
	memset(p, 0, sizeof(*p));
	p->id = arena_strdup(&ev->arena, id);
	p->name = arena_strdup(&ev->arena, name);
	p->organisation = arena_strdup(&ev->arena, organisation);
	if (!p->id || !p->name || !p->organisation)
		return -1;
	p->role = role;
	p->pinned_table = -1;
	p->present = true;
	/* The organisation: found, or inserted in order with later ones shifted. */
	const char **hit = ev->orgs_count ? bsearch(organisation, ev->orgs, ev->orgs_count, sizeof(*ev->orgs),
						    compare_text) : NULL;
	if (hit) {
		p->org = (int)(hit - ev->orgs);
	} else {
		size_t at = 0;
		while (at < ev->orgs_count && strcmp(ev->orgs[at], organisation) < 0)
			at++;
		memmove(ev->orgs + at + 1, ev->orgs + at, (ev->orgs_count - at) * sizeof(*ev->orgs));
		ev->orgs[at] = p->organisation;
		ev->orgs_count++;
		for (size_t k = 0; k < ev->delegates_count; k++)
			if (ds[k].org >= (int)at)
				ds[k].org++;
		p->org = (int)at;
	}
	size_t at = ix->count;
	while (at > 0 && strcmp(ix->entries[at - 1].id, p->id) > 0)
		at--;
	memmove(ix->entries + at + 1, ix->entries + at, (ix->count - at) * sizeof(*ix->entries));
	ix->entries[at].id = p->id;
	ix->entries[at].index = i;
	ix->count++;
	ev->delegates_count++;
	return i;
}

void event_free(struct event *ev)
{
	free(ev->grown_ids);
	free(ev->grown_orgs);
	free(ev->delegates);   /* grown while the roster streamed in, so not in the arena */
	arena_free(&ev->arena);
	memset(ev, 0, sizeof(*ev));
}

bool table_provides(const struct table *t, const char *need)
{
	for (size_t k = 0; k < t->provides_count; k++)
		if (strcmp(t->provides[k], need) == 0)
			return true;
	return false;
}

bool table_meets_needs(const struct table *t, const struct delegate *d)
{
	for (size_t k = 0; k < d->needs_count; k++)
		if (!table_provides(t, d->needs[k]))
			return false;
	return true;
}
