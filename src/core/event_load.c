/* event.yaml (with themes.yaml and roster.yaml) -> struct event, reporting
 * every problem found, not only the first. Sections are read in dependency
 * order (roles, themes, tables, then delegates) so each reference can be
 * checked where it is written. */
#include "event.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"
#include "yaml_tree.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct loader {
	struct event *ev;
	struct diag_list *d;
	struct ydoc docs[3];
	size_t docs_count;
	bool out_of_memory;
	/* Kept from the pass over the roster for the checks that need every
	 * delegate known (duplicate ids, keep-apart references, over-pinned
	 * tables), by then the roster's nodes are gone: positions only. */
	struct delegate_source {
		struct srcpos id, table;
		const char **avoid_ids;
		struct srcpos *avoid_pos;
		size_t avoid_count;
	} *sources;
	size_t delegates_capacity;
	/* A table without a valid id, said: a pin to any table is then not
	 * judged (it named the table as the file meant it). */
	bool table_ids_broken;
	const char *roster_file;
	bool roster_too_long;
	bool roster_may_be_missing;   /* event_load_for_import */
	unsigned *theme_stamp;      /* per theme: the stamp of the last list naming it */
	unsigned stamp;
	struct arena scratch;       /* freed when loading ends */
};

static const struct role default_roles[] = {
	{ "commissioner", "Commissioner", 0 },
	{ "investor", "Social investor", 0 },
	{ "coop", "Co-operative", 0 },
	{ "social-enterprise", "Social enterprise", 0 },
};

static char *copy(struct loader *l, const char *s)
{
	if (!s)
		return NULL;
	char *p = arena_strdup(&l->ev->arena, s);
	if (!p)
		l->out_of_memory = true;
	return p;
}

static void *alloc_array(struct loader *l, size_t n, size_t size)
{
	void *p = arena_array(&l->ev->arena, n ? n : 1, size);
	if (!p)
		l->out_of_memory = true;
	return p;
}

/* "dir/ref", or ref alone when it is absolute or the event is in ".". */
static char *resolve_path(struct loader *l, const char *ref)
{
	if (ref[0] == '/' || strcmp(l->ev->dir, ".") == 0)
		return copy(l, ref);
	size_t n = strlen(l->ev->dir) + strlen(ref) + 2;
	char *p = arena_alloc(&l->ev->arena, n);
	if (!p) {
		l->out_of_memory = true;
		return NULL;
	}
	snprintf(p, n, "%s/%s", l->ev->dir, ref);
	return p;
}

static char *dirname_of(struct loader *l, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return copy(l, ".");
	if (slash == path)
		return copy(l, "/");
	char *p = arena_strndup(&l->ev->arena, path, (size_t)(slash - path));
	if (!p)
		l->out_of_memory = true;
	return p;
}

/* Builds a sorted id index and reports every id used twice. */
static void index_ids(struct loader *l, struct id_index *ix, const char *const *ids,
		      size_t count, const struct srcpos *pos, const char *file,
		      const char *what)
{
	ix->entries = alloc_array(l, count, sizeof(ix->entries[0]));
	if (!ix->entries)
		return;
	ix->count = 0;
	for (size_t i = 0; i < count; i++) {
		if (!ids[i])
			continue;
		ix->entries[ix->count].id = ids[i];
		ix->entries[ix->count].index = (int)i;
		ix->count++;
	}
	id_index_sort(ix);
	size_t kept = 0;
	for (size_t i = 0; i < ix->count; i++) {
		if (kept && strcmp(ix->entries[kept - 1].id, ix->entries[i].id) == 0) {
			struct srcpos first = pos[ix->entries[kept - 1].index];
			struct srcpos again = pos[ix->entries[i].index];
			struct schema_ctx c = { file, l->d };
			schema_error_at(&c, again, "duplicate %s id '%s' (first at line %d); give each %s its own id",
					what, ix->entries[i].id, first.line, what);
			continue;
		}
		ix->entries[kept++] = ix->entries[i];
	}
	ix->count = kept;
}

/* The ids of one list being read, with where each was written, for
 * index_ids() once the list is done. */
struct id_collector {
	const char **ids;       /* the event's copies; NULL where the id was invalid */
	struct srcpos *pos;
	size_t count;
};

static bool ids_begin(struct loader *l, struct id_collector *ic, size_t count)
{
	ic->ids = alloc_array(l, count, sizeof(*ic->ids));
	ic->pos = alloc_array(l, count, sizeof(*ic->pos));
	ic->count = count;
	return ic->ids && ic->pos;
}

/* Checks item i's id, copies it into the event and records it; returns the
 * copy, or "?" for an invalid id (already reported). */
static const char *ids_take(struct loader *l, struct schema_ctx *c, struct id_collector *ic,
			    size_t i, const struct ynode *id_node)
{
	/* Missing: said by schema_map already ("a table is missing 'id'"). */
	const char *id = id_node ? schema_id(c, id_node, "id") : NULL;
	ic->pos[i] = srcpos_of(id_node);
	ic->ids[i] = id ? copy(l, id) : NULL;
	return ic->ids[i] ? ic->ids[i] : "?";
}

/* Loads a referenced file or takes the inline list; returns the list node.
 * A referenced file holds "key: [...]" or, as a convenience, the bare list. */
static const struct ynode *section_list(struct loader *l, const struct ynode *value,
					const char *key, struct ystream *stream,
					const char **file_out)
{
	struct schema_ctx c = { l->ev->path, l->d };
	*file_out = l->ev->path;
	if (value->kind == YNODE_SEQ)
		return value;
	if (value->kind != YNODE_SCALAR) {
		schema_error(&c, value, "'%s' should be a file name (%s.yaml) or a list, not %s",
			     key, key, ynode_kind_name(value));
		return NULL;
	}
	char *path = resolve_path(l, value->value);
	if (!path)
		return NULL;
	struct ydoc *doc = &l->docs[l->docs_count++];
	struct yref ref = { l->ev->path, value->line, value->col };
	if (!ydoc_load_file(doc, path, &ref, stream, l->d))
		return NULL;
	*file_out = path;
	struct schema_ctx fc = { path, l->d };
	if (!doc->root) {
		schema_error(&fc, NULL, "the file is empty; it should hold '%s:' and a list", key);
		return NULL;
	}
	if (doc->root->kind == YNODE_SEQ)
		return doc->root;
	const struct key_spec spec[] = { { key, true } };
	const struct ynode *list;
	char what[64];
	snprintf(what, sizeof(what), "the top of %s", path);
	if (!schema_map(&fc, doc->root, what, spec, 1, &list))
		return NULL;
	return list;
}

/* 'rounds:' left empty (or ~) is no value and would read as one round:
 * the number may just have been forgotten, so it is refused, said where. */
static void refuse_empty_rounds(struct schema_ctx *c, const struct ynode *map)
{
	if (!map || map->kind != YNODE_MAP)
		return;
	for (const struct ynode *k = map->first; k && k->next; k = k->next->next)
		if (k->kind == YNODE_SCALAR && strcmp(k->value, "rounds") == 0 && ynode_is_null(k->next)) {
			schema_error(c, k->next,
				     "'rounds' is empty; write how many rounds, from 1 to %d (rounds: 3), "
				     "or remove it for one round", EVENT_MAX_ROUNDS);
			return;
		}
}

static void load_event_header(struct loader *l, const struct ynode *n)
{
	struct schema_ctx c = { l->ev->path, l->d };
	enum { K_NAME, K_DATE, K_VENUE, K_ROUNDS };
	static const struct key_spec spec[] = { { "name", true }, { "date", false }, { "venue", false },
						{ "rounds", false } };
	const struct ynode *v[ARRAY_LEN(spec)];
	schema_map(&c, n, "'event'", spec, ARRAY_LEN(spec), v);
	l->ev->name = copy(l, schema_text(&c, v[K_NAME], "name"));
	l->ev->venue = copy(l, schema_optional_text(&c, v[K_VENUE], "venue"));
	if (v[K_ROUNDS])
		schema_int(&c, v[K_ROUNDS], "rounds", 1, EVENT_MAX_ROUNDS, &l->ev->rounds);
	else
		refuse_empty_rounds(&c, n);
	const char *date = schema_optional_text(&c, v[K_DATE], "date");
	if (date) {
		int y, m, dd;
		char tail;
		static const int month_days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		bool written = strlen(date) == 10 && date[4] == '-' && date[7] == '-';
		for (int k = 0; written && k < 10; k++)
			written = k == 4 || k == 7 || (date[k] >= '0' && date[k] <= '9');
		written = written && sscanf(date, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) == 3;
		bool form = written && m >= 1 && m <= 12 && dd >= 1;
		int days = form ? month_days[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) : 0;
		/* Written right but no such month or day: say which, not how to write it. */
		if (written && (m < 1 || m > 12))
			schema_error(&c, v[K_DATE], "date '%s' has no month %d; YYYY-MM-DD, months 01 to 12", date, m);
		else if (written && (dd < 1 || dd > 31))
			schema_error(&c, v[K_DATE], "date '%s' has no day %d; YYYY-MM-DD, days 01 to 31", date, dd);
		else if (!form)
			schema_error(&c, v[K_DATE], "date '%s' should be written YYYY-MM-DD, for example 2024-07-16",
				     date);
		else if (dd > days)
			schema_error(&c, v[K_DATE], "date '%s' does not exist: that month has %d days", date, days);
		else if (y < 1900)   /* 0000-01-01: a placeholder, not an event's date */
			schema_error(&c, v[K_DATE], "date '%s' is before 1900; give the day the event takes place", date);
		else
			l->ev->date = copy(l, date);
	}
}

/* Each role a letter of its id or label, else of the alphabet; a digit
 * only when no letter is left, because the mix reads letter then count
 * ("R1 10 20": is that role 1 with none, or ten?). */
static void assign_role_letters(struct event *ev)
{
	bool used[256] = { false };
	for (size_t i = 0; i < ev->roles_count; i++) {
		struct role *r = &ev->roles[i];
		const char *sources[] = { r->id, r->label, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789" };
		r->letter = '?';
		for (size_t s = 0; s < ARRAY_LEN(sources) && r->letter == '?'; s++) {
			for (const char *p = sources[s]; p && *p; p++) {
				unsigned char ch = (unsigned char)*p;
				if (ch >= 'a' && ch <= 'z')
					ch = (unsigned char)(ch - 'a' + 'A');
				bool digit = ch >= '0' && ch <= '9';
				if (!((ch >= 'A' && ch <= 'Z') || (digit && s == ARRAY_LEN(sources) - 1)) || used[ch])
					continue;
				used[ch] = true;
				r->letter = (char)ch;
				break;
			}
		}
	}
}

static void load_roles(struct loader *l, const struct ynode *n)
{
	struct event *ev = l->ev;
	struct schema_ctx c = { ev->path, l->d };
	if (!n) {
		ev->roles_count = ARRAY_LEN(default_roles);
		ev->roles = alloc_array(l, ev->roles_count, sizeof(*ev->roles));
		if (ev->roles)
			memcpy(ev->roles, default_roles, sizeof(default_roles));
	} else {
		if (!schema_seq(&c, n, "'roles'", EVENT_MAX_SMALL_LIST))
			return;
		if (n->count == 0) {
			schema_error(&c, n, "'roles' is an empty list; list at least one role, or remove the key for the four Alchemy roles");
			return;
		}
		ev->roles = alloc_array(l, n->count, sizeof(*ev->roles));
		struct id_collector ic;
		if (!ids_begin(l, &ic, n->count) || !ev->roles)
			return;
		static const struct key_spec spec[] = { { "id", true }, { "label", false } };
		size_t i = 0;
		for (const struct ynode *item = n->first; item; item = item->next, i++) {
			const struct ynode *v[2];
			schema_map(&c, item, "a role", spec, 2, v);
			ev->roles[i].id = ids_take(l, &c, &ic, i, v[0]);
			const char *label = schema_optional_text(&c, v[1], "label");
			ev->roles[i].label = copy(l, label ? label : ev->roles[i].id);
		}
		ev->roles_count = n->count;
		index_ids(l, &ev->role_ids, ic.ids, ic.count, ic.pos, ev->path, "role");
		assign_role_letters(ev);
		return;
	}
	const char *ids[ARRAY_LEN(default_roles)];
	struct srcpos pos[ARRAY_LEN(default_roles)] = { { 0, 0 } };
	for (size_t i = 0; i < ARRAY_LEN(default_roles); i++)
		ids[i] = default_roles[i].id;
	index_ids(l, &ev->role_ids, ids, ARRAY_LEN(default_roles), pos, ev->path, "role");
	assign_role_letters(ev);
}

static void load_stages(struct loader *l, const struct ynode *n)
{
	struct event *ev = l->ev;
	struct schema_ctx c = { ev->path, l->d };
	if (!n || !schema_seq(&c, n, "'stages'", EVENT_MAX_SMALL_LIST))
		return;
	ev->stages = alloc_array(l, n->count, sizeof(*ev->stages));
	struct id_collector ic;
	if (!ids_begin(l, &ic, n->count) || !ev->stages)
		return;
	static const struct key_spec spec[] = { { "id", true }, { "title", true }, { "minutes", false } };
	size_t i = 0;
	for (const struct ynode *item = n->first; item; item = item->next, i++) {
		const struct ynode *v[3];
		schema_map(&c, item, "a stage", spec, 3, v);
		ev->stages[i].id = ids_take(l, &c, &ic, i, v[0]);
		ev->stages[i].title = copy(l, schema_text(&c, v[1], "title"));
		if (v[2])
			schema_int(&c, v[2], "minutes", 1, 24 * 60, &ev->stages[i].minutes);
	}
	ev->stages_count = n->count;
	struct id_index stage_ids;
	index_ids(l, &stage_ids, ic.ids, ic.count, ic.pos, ev->path, "stage");
}

static void load_themes(struct loader *l, const struct ynode *value)
{
	struct event *ev = l->ev;
	const char *file;
	const struct ynode *n = section_list(l, value, "themes", NULL, &file);
	if (!n)
		return;
	ev->themes_path = file;
	struct schema_ctx c = { file, l->d };
	if (!schema_seq(&c, n, "'themes'", EVENT_MAX_SMALL_LIST))
		return;
	if (n->count == 0) {
		schema_error(&c, n, "'themes' is an empty list; list at least one challenge theme");
		return;
	}
	ev->themes = alloc_array(l, n->count, sizeof(*ev->themes));
	struct id_collector ic;
	if (!ids_begin(l, &ic, n->count) || !ev->themes)
		return;
	enum { K_ID, K_TITLE, K_AREA, K_PROMPT };
	static const struct key_spec spec[] = {
		{ "id", true }, { "title", true }, { "area", false }, { "prompt", false },
	};
	size_t i = 0;
	for (const struct ynode *item = n->first; item; item = item->next, i++) {
		const struct ynode *v[ARRAY_LEN(spec)];
		schema_map(&c, item, "a theme", spec, ARRAY_LEN(spec), v);
		struct theme *t = &ev->themes[i];
		t->id = ids_take(l, &c, &ic, i, v[K_ID]);
		const char *title = schema_text(&c, v[K_TITLE], "title");
		t->title = copy(l, title ? title : t->id);
		t->area = copy(l, schema_optional_text(&c, v[K_AREA], "area"));
		t->prompt = copy(l, schema_optional_text(&c, v[K_PROMPT], "prompt"));
	}
	ev->themes_count = n->count;
	index_ids(l, &ev->theme_ids, ic.ids, ic.count, ic.pos, file, "theme");
}

/* Resolves a theme reference, reporting an unknown one with a suggestion. */
static int theme_reference(struct loader *l, struct schema_ctx *c, const struct ynode *n,
			   const char *key)
{
	const char *id = schema_id(c, n, key);
	if (!id)
		return -1;
	int t = event_find_theme(l->ev, id);
	if (t < 0 && diag_full(l->d)) {
		schema_error(c, n, "unknown theme");   /* only counted now: skip the suggestion */
	} else if (t < 0 && l->ev->themes_count) {
		const char **names = malloc(l->ev->themes_count * sizeof(*names));
		char hint[128] = "";
		if (names) {
			for (size_t i = 0; i < l->ev->themes_count; i++)
				names[i] = l->ev->themes[i].id;
			schema_did_you_mean(hint, sizeof(hint), id, names, l->ev->themes_count);
			free(names);
		}
		schema_error(c, n, "unknown theme '%s'%s; use an id from the themes list", id, hint);
	}
	return t;
}

static const char **load_id_list(struct loader *l, struct schema_ctx *c, const struct ynode *n,
				 const char *key, size_t *count)
{
	*count = 0;
	if (!n || !schema_seq(c, n, key, EVENT_MAX_SMALL_LIST))
		return NULL;
	const char **ids = alloc_array(l, n->count, sizeof(*ids));
	if (!ids)
		return NULL;
	for (const struct ynode *item = n->first; item; item = item->next) {
		const char *id = schema_id(c, item, key);
		if (id)
			ids[(*count)++] = copy(l, id);
	}
	return ids;
}

static void load_table_list(struct loader *l, struct schema_ctx *c, const struct ynode *n)
{
	struct event *ev = l->ev;
	if (!schema_seq(c, n, "'tables'", EVENT_MAX_TABLES))
		return;
	if (n->count == 0) {
		schema_error(c, n, "'tables' is an empty list; list the tables, or write 'tables: {count: 12, capacity: 10}'");
		return;
	}
	ev->tables = alloc_array(l, n->count, sizeof(*ev->tables));
	struct id_collector ic;
	if (!ids_begin(l, &ic, n->count) || !ev->tables)
		return;
	enum { K_ID, K_THEME, K_CAPACITY, K_NAME, K_PROVIDES };
	static const struct key_spec spec[] = {
		{ "id", true }, { "theme", false }, { "capacity", true }, { "name", false }, { "provides", false },
	};
	size_t i = 0, themeless = 0, themed = 0;
	const struct ynode *first_themeless = NULL, *other_size = NULL;
	for (const struct ynode *item = n->first; item; item = item->next)
		themed += item->kind == YNODE_MAP && ynode_map_get(item, "theme");
	for (const struct ynode *item = n->first; item; item = item->next, i++) {
		const struct ynode *v[ARRAY_LEN(spec)];
		struct table *t = &ev->tables[i];
		schema_map(c, item, "a table", spec, ARRAY_LEN(spec), v);
		t->id = ids_take(l, c, &ic, i, v[K_ID]);
		l->table_ids_broken |= !ic.ids[i];
		t->theme = v[K_THEME] ? theme_reference(l, c, v[K_THEME], "theme") : -1;
		if (item->kind == YNODE_MAP && !v[K_THEME]) {
			themeless++;
			first_themeless = first_themeless ? first_themeless : item;
			/* Where others have themes, this one was forgotten: said here. */
			if (themed)
				schema_error(c, item, "a table is missing 'theme'; add a line 'theme: ...'");
		}
		if (v[K_CAPACITY])
			schema_int(c, v[K_CAPACITY], "capacity", 1, 10000, &t->capacity);
		if (i > 0 && v[K_CAPACITY] && t->capacity != ev->tables[0].capacity && !other_size)
			other_size = v[K_CAPACITY];
		t->name = copy(l, schema_optional_text(c, v[K_NAME], "name"));
		t->provides = load_id_list(l, c, v[K_PROVIDES], "provides", &t->provides_count);
	}
	/* No table with a theme: alchemy chooses the themes, as for
	 * {count, capacity}, and the list names the rooms. The theme search
	 * takes every table alike, so their sizes must be. Some with themes
	 * and some without: each without was said above, then once the
	 * two ways out. */
	if (themeless && themed) {
		schema_error(c, n,
			     "%zu of the %u tables listed %s no theme: give every table its theme (an id of themes.yaml), or none, to let alchemy choose them",
			     themeless, n->count, themeless == 1 ? "has" : "have");
	} else if (themeless && other_size) {
		schema_error(c, other_size,
			     "tables without themes must all be the same size (alchemy chooses their themes, taking every table alike): this one's capacity differs from table %s's (%d); give every table the same capacity, or each its theme",
			     ev->tables[0].id ? ev->tables[0].id : "?", ev->tables[0].capacity);
	}
	ev->tables_count = n->count;
	ev->tables_listed = themeless == 0;
	ev->tables_numbered = false;
	index_ids(l, &ev->table_ids, ic.ids, ic.count, ic.pos, c->file, "table");
}

static void load_tables(struct loader *l, const struct ynode *n)
{
	struct event *ev = l->ev;
	struct schema_ctx c = { ev->path, l->d };
	if (n->kind == YNODE_SEQ) {
		load_table_list(l, &c, n);
		return;
	}
	if (n->kind != YNODE_MAP) {
		schema_error(&c, n, "'tables' should be {count: N, capacity: N} or a list of tables, not %s",
			     ynode_kind_name(n));
		return;
	}
	static const struct key_spec spec[] = { { "count", true }, { "capacity", true } };
	const struct ynode *v[2];
	if (!schema_map(&c, n, "'tables'", spec, 2, v))
		return;
	int count = 0, capacity = 0;
	bool ok = schema_int(&c, v[0], "count", 1, EVENT_MAX_TABLES, &count);
	ok &= schema_int(&c, v[1], "capacity", 1, 10000, &capacity);
	if (!ok)
		return;
	ev->tables = alloc_array(l, (size_t)count, sizeof(*ev->tables));
	const char **ids = alloc_array(l, (size_t)count, sizeof(*ids));
	struct srcpos *pos = alloc_array(l, (size_t)count, sizeof(*pos));
	if (!ev->tables || !ids || !pos)
		return;
	for (int i = 0; i < count; i++) {
		char id[16];
		snprintf(id, sizeof(id), "%d", i + 1);
		ev->tables[i].id = ids[i] = copy(l, id);
		ev->tables[i].theme = -1;
		ev->tables[i].capacity = capacity;
	}
	ev->tables_count = (size_t)count;
	ev->tables_numbered = true;
	index_ids(l, &ev->table_ids, ids, (size_t)count, pos, ev->path, "table");
}

static int role_reference(struct loader *l, struct schema_ctx *c, const struct ynode *n)
{
	const char *id = schema_id(c, n, "role");
	if (!id)
		return -1;
	int r = event_find_role(l->ev, id);
	if (r >= 0 || l->ev->roles_count == 0)
		return r;   /* with no usable roles list, that list was reported already */
	if (diag_full(l->d)) {
		schema_error(c, n, "unknown role");   /* only counted now */
		return -1;
	}
	const char *names[EVENT_MAX_SMALL_LIST];
	char all[512] = "";
	size_t used = 0;
	for (size_t i = 0; i < l->ev->roles_count; i++) {
		names[i] = l->ev->roles[i].id;
		if (used + 1 < sizeof(all)) {
			int w = snprintf(all + used, sizeof(all) - used, "%s%s", i ? ", " : "", names[i]);
			used += w > 0 ? (size_t)w : 0;
		}
	}
	char hint[128];
	schema_did_you_mean(hint, sizeof(hint), id, names, l->ev->roles_count);
	schema_error(c, n, "unknown role '%s'%s; roles are: %s", id, hint, all);
	return -1;
}

static int table_reference(struct loader *l, struct schema_ctx *c, const struct ynode *n)
{
	const char *id = schema_id(c, n, "table");
	if (!id)
		return -1;
	int t = event_find_table(l->ev, id);
	if (t >= 0 || !l->ev->tables_count || l->table_ids_broken)
		return t;
	if (diag_full(l->d)) {
		schema_error(c, n, "unknown table");   /* only counted now */
		return -1;
	}
	if (l->ev->tables_numbered) {
		schema_error(c, n, "pinned to table '%s', but the tables are numbered 1 to %zu",
			     id, l->ev->tables_count);
		return -1;
	}
	const char **names = malloc(l->ev->tables_count * sizeof(*names));
	char hint[128] = "";
	if (names) {
		for (size_t i = 0; i < l->ev->tables_count; i++)
			names[i] = l->ev->tables[i].id;
		schema_did_you_mean(hint, sizeof(hint), id, names, l->ev->tables_count);
		free(names);
	}
	schema_error(c, n, "pinned to table '%s', which is not in the table list%s", id, hint);
	return -1;
}

static void load_preferences(struct loader *l, struct schema_ctx *c, const struct ynode *n,
			     struct delegate *del)
{
	if (!n || !schema_seq(c, n, "'preferences'", EVENT_MAX_SMALL_LIST))
		return;
	del->preferences = alloc_array(l, n->count, sizeof(int));
	if (!del->preferences || !l->theme_stamp)
		return;
	l->stamp++;
	for (const struct ynode *item = n->first; item; item = item->next) {
		int t = theme_reference(l, c, item, "preferences");
		if (t < 0)
			continue;
		/* A stamp per theme finds repeats in one pass, however long the list. */
		bool repeated = l->theme_stamp[t] == l->stamp;
		l->theme_stamp[t] = l->stamp;
		if (repeated) {
			schema_error(c, item, "theme '%s' is listed twice in the preferences of %s; keep it once, at its rank",
				     item->value, del->id);
			continue;
		}
		del->preferences[del->preferences_count++] = t;
	}
}

static const struct key_spec delegate_spec[] = {
	{ "id", true }, { "name", true }, { "organisation", true }, { "role", true },
	{ "preferences", false }, { "table", false }, { "avoid", false }, { "present", false },
	{ "email", false }, { "needs", false }, { "host", false },
};
enum { D_ID, D_NAME, D_ORG, D_ROLE, D_PREFS, D_TABLE, D_AVOID, D_PRESENT, D_EMAIL, D_NEEDS, D_HOST };

/* Keeps the keep-apart ids with their positions, to resolve once every
 * delegate is known. */
static void keep_avoid_list(struct loader *l, struct schema_ctx *c, const struct ynode *n,
			    struct delegate_source *src)
{
	if (!n || !schema_seq(c, n, "'avoid'", EVENT_MAX_SMALL_LIST))
		return;
	src->avoid_ids = arena_array(&l->scratch, n->count, sizeof(*src->avoid_ids));
	src->avoid_pos = arena_array(&l->scratch, n->count, sizeof(*src->avoid_pos));
	if (!src->avoid_ids || !src->avoid_pos) {
		l->out_of_memory = true;
		return;
	}
	for (const struct ynode *item = n->first; item; item = item->next) {
		const char *id = schema_id(c, item, "avoid");
		if (!id)
			continue;
		src->avoid_ids[src->avoid_count] = arena_strdup(&l->scratch, id);
		src->avoid_pos[src->avoid_count++] = srcpos_of(item);
	}
}

static void load_delegate(struct loader *l, struct schema_ctx *c, const struct ynode *item,
			  size_t i)
{
	struct delegate *del = &l->ev->delegates[i];
	struct delegate_source *src = &l->sources[i];
	const struct ynode *v[ARRAY_LEN(delegate_spec)];
	char what[96] = "a delegate";
	/* Name the delegate in messages about its keys when the id is readable. */
	if (item->kind == YNODE_MAP)
		for (const struct ynode *k = item->first; k && k->next; k = k->next->next)
			if (k->kind == YNODE_SCALAR && strcmp(k->value, "id") == 0 &&
			    k->next->kind == YNODE_SCALAR && k->next->len <= EVENT_MAX_ID_BYTES)
				snprintf(what, sizeof(what), "delegate %s", k->next->value);
	schema_map(c, item, what, delegate_spec, ARRAY_LEN(delegate_spec), v);
	const char *id = schema_id(c, v[D_ID], "id");
	del->id = copy(l, id ? id : "?");
	src->id = srcpos_of(v[D_ID] ? v[D_ID] : item);
	del->line = src->id.line;
	del->col = src->id.col;
	src->table = srcpos_of(v[D_TABLE]);
	const char *name = schema_text(c, v[D_NAME], "name");
	del->name = copy(l, name ? name : "?");
	const char *org = schema_text(c, v[D_ORG], "organisation");
	del->organisation = copy(l, org ? org : "?");
	del->email = copy(l, schema_optional_text(c, v[D_EMAIL], "email"));
	del->role = v[D_ROLE] ? role_reference(l, c, v[D_ROLE]) : -1;
	del->present = true;
	if (v[D_PRESENT])
		schema_bool(c, v[D_PRESENT], "present", &del->present);
	if (v[D_HOST])
		schema_bool(c, v[D_HOST], "host", &del->host);
	load_preferences(l, c, v[D_PREFS], del);
	del->pinned_table = v[D_TABLE] ? table_reference(l, c, v[D_TABLE]) : -1;
	del->needs = load_id_list(l, c, v[D_NEEDS], "needs", &del->needs_count);
	keep_avoid_list(l, c, v[D_AVOID], src);
}

static void resolve_avoid(struct loader *l, struct schema_ctx *c, size_t i)
{
	struct delegate *del = &l->ev->delegates[i];
	const struct delegate_source *src = &l->sources[i];
	if (!src->avoid_count)
		return;
	del->avoid = alloc_array(l, src->avoid_count, sizeof(int));
	if (!del->avoid)
		return;
	for (size_t k = 0; k < src->avoid_count; k++) {
		const char *id = src->avoid_ids[k];
		int other = event_find_delegate(l->ev, id);
		if (other < 0) {
			schema_error_at(c, src->avoid_pos[k],
					"%s avoids '%s', who is not in the roster; check the id", del->id, id);
			continue;
		}
		if ((size_t)other == i) {
			schema_error_at(c, src->avoid_pos[k],
					"%s avoids themselves; remove '%s' from their avoid list", del->id, id);
			continue;
		}
		del->avoid[del->avoid_count++] = other;
	}
}

static int compare_org_entries(const void *a, const void *b)
{
	const struct id_entry *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static void index_organisations(struct loader *l)
{
	struct event *ev = l->ev;
	struct id_entry *e = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(*e));
	if (!e) {
		l->out_of_memory = true;
		return;
	}
	for (size_t i = 0; i < ev->delegates_count; i++) {
		e[i].id = ev->delegates[i].organisation;
		e[i].index = (int)i;
	}
	qsort(e, ev->delegates_count, sizeof(*e), compare_org_entries);
	ev->orgs = alloc_array(l, ev->delegates_count, sizeof(*ev->orgs));
	if (ev->orgs) {
		for (size_t i = 0; i < ev->delegates_count; i++) {
			if (!ev->orgs_count || strcmp(ev->orgs[ev->orgs_count - 1], e[i].id) != 0)
				ev->orgs[ev->orgs_count++] = e[i].id;
			ev->delegates[e[i].index].org = (int)ev->orgs_count - 1;
		}
	}
	free(e);
}

static void check_pins(struct loader *l, const char *file)
{
	struct event *ev = l->ev;
	struct schema_ctx c = { file, l->d };
	size_t *pinned = calloc(ev->tables_count ? ev->tables_count : 1, sizeof(*pinned));
	if (!pinned) {
		l->out_of_memory = true;
		return;
	}
	for (size_t i = 0; i < ev->delegates_count; i++) {
		const struct delegate *del = &ev->delegates[i];
		if (del->pinned_table < 0 || !del->present)
			continue;
		const struct table *t = &ev->tables[del->pinned_table];
		if (++pinned[del->pinned_table] != (size_t)t->capacity + 1)
			continue;
		if (diag_total(l->d) >= DIAG_MAX) {
			/* Past the cap the message is only counted: skip the scans. */
			schema_error_at(&c, l->sources[i].table, "table %s over-pinned", t->id);
			continue;
		}
		/* Report once per table, at the pin that overflows it, naming the first few. */
		char names[256] = "";
		size_t used = 0, shown = 0;
		for (size_t j = 0; j <= i && shown < 5; j++) {
			if (ev->delegates[j].pinned_table != del->pinned_table || !ev->delegates[j].present)
				continue;
			int w = snprintf(names + used, sizeof(names) - used, "%s%s", shown ? ", " : "",
					 ev->delegates[j].id);
			if (w < 0 || (size_t)w >= sizeof(names) - used)
				break;
			used += (size_t)w;
			shown++;
		}
		size_t total = 0;
		for (size_t j = 0; j < ev->delegates_count; j++)
			total += ev->delegates[j].pinned_table == del->pinned_table && ev->delegates[j].present;
		schema_error_at(&c, l->sources[i].table,
				"table %s: %zu delegates pinned, capacity %d: %s%s; pin fewer or raise its capacity",
				t->id, total, t->capacity, names, total > shown ? ", ..." : "");
	}
	free(pinned);
}

/* One roster entry, from the streamed roster file or an inline list. */
static void roster_item(void *ctx, const struct ynode *item, size_t index)
{
	struct loader *l = ctx;
	struct event *ev = l->ev;
	struct schema_ctx c = { l->roster_file, l->d };
	if (index >= EVENT_MAX_DELEGATES) {
		if (!l->roster_too_long)
			schema_error(&c, item, "more than %d delegates; the limit is %d",
				     EVENT_MAX_DELEGATES, EVENT_MAX_DELEGATES);
		l->roster_too_long = true;
		return;
	}
	if (index == l->delegates_capacity) {
		size_t cap = l->delegates_capacity ? l->delegates_capacity * 2 : 256;
		struct delegate *d = realloc(ev->delegates, cap * sizeof(*d));
		if (d)
			ev->delegates = d;
		struct delegate_source *s = realloc(l->sources, cap * sizeof(*s));
		if (s)
			l->sources = s;
		if (!d || !s) {
			l->out_of_memory = true;
			return;
		}
		l->delegates_capacity = cap;
	}
	memset(&ev->delegates[index], 0, sizeof(ev->delegates[index]));
	memset(&l->sources[index], 0, sizeof(l->sources[index]));
	load_delegate(l, &c, item, index);
	ev->delegates_count = index + 1;
}

static void load_roster(struct loader *l, const struct ynode *value)
{
	struct event *ev = l->ev;
	l->theme_stamp = calloc(ev->themes_count ? ev->themes_count : 1, sizeof(*l->theme_stamp));
	struct ystream stream = { .key = "delegates", .item = roster_item, .ctx = l };
	const char *file;
	l->roster_file = value->kind == YNODE_SCALAR ? resolve_path(l, value->value) : ev->path;
	ev->roster_path = l->roster_file;
	if (l->roster_may_be_missing && value->kind == YNODE_SCALAR && l->roster_file &&
	    access(l->roster_file, F_OK) != 0 && errno == ENOENT)
		return;   /* the first import writes it */
	const struct ynode *n = section_list(l, value, "delegates", &stream, &file);
	if (!n || l->out_of_memory)
		return;
	struct schema_ctx c = { file, l->d };
	if (!stream.streamed) {
		if (!schema_seq(&c, n, "'delegates'", EVENT_MAX_DELEGATES))
			return;
		size_t i = 0;
		for (const struct ynode *item = n->first; item; item = item->next)
			roster_item(l, item, i++);
	}
	if (l->out_of_memory || l->roster_too_long)
		return;
	size_t count = ev->delegates_count;
	const char **ids = calloc(count ? count : 1, sizeof(*ids));
	struct srcpos *pos = calloc(count ? count : 1, sizeof(*pos));
	if (!ids || !pos) {
		free(ids);
		free(pos);
		l->out_of_memory = true;
		return;
	}
	for (size_t i = 0; i < count; i++) {
		ids[i] = strcmp(ev->delegates[i].id, "?") ? ev->delegates[i].id : NULL;
		pos[i] = l->sources[i].id;
	}
	index_ids(l, &ev->delegate_ids, ids, count, pos, file, "delegate");
	free(ids);
	free(pos);
	for (size_t i = 0; i < count; i++)
		resolve_avoid(l, &c, i);
	index_organisations(l);
	check_pins(l, file);
}

static void check_seats(struct loader *l, const struct ynode *tables)
{
	struct event *ev = l->ev;
	size_t seats = event_seat_count(ev), present = event_present_count(ev);
	if (ev->tables_count && present > seats) {
		struct schema_ctx c = { ev->path, l->d };
		schema_error(&c, tables,
			     "%zu seat%s for %zu present delegates; add tables, raise the capacity, or mark absentees 'present: false'",
			     seats, seats == 1 ? "" : "s", present);
	}
}

/* An event named as its folder, or not named at all: said with what to
 * give instead (every command takes the event file, never its folder). */
static bool event_path_usable(const char *path, struct diag_list *d)
{
	struct stat st;
	if (!*path) {
		diag_add(d, DIAG_NOINPUT, "EVENT.yaml", 0, 0,
			 "the event file's name is empty; give the event file (myevent/event.yaml)");
		return false;
	}
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return true;   /* open_input says anything else */
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	char inside[4096];
	snprintf(inside, sizeof(inside), "%.*s/event.yaml", (int)len, path);
	if (access(inside, F_OK) == 0)
		diag_add(d, DIAG_NOINPUT, path, 0, 0, "it is a folder, not the event file: give %s", inside);
	else
		diag_add(d, DIAG_NOINPUT, path, 0, 0, "it is a folder with no event.yaml in it: give the event's file");
	return false;
}

static bool load(struct event *ev, const char *path, bool roster_may_be_missing, struct diag_list *d)
{
	memset(ev, 0, sizeof(*ev));
	arena_init(&ev->arena);
	struct loader l = { .ev = ev, .d = d, .roster_may_be_missing = roster_may_be_missing };
	size_t problems_before = diag_total(d);
	ev->path = copy(&l, path);
	ev->dir = dirname_of(&l, path);
	struct ydoc *doc = &l.docs[l.docs_count++];
	arena_init(&l.scratch);
	if (ev->path && ev->dir && event_path_usable(path, d) && ydoc_load_file(doc, path, NULL, NULL, d)) {
		struct schema_ctx c = { path, d };
		enum { K_EVENT, K_ROLES, K_STAGES, K_THEMES, K_ROSTER, K_TABLES };
		static const struct key_spec spec[] = {
			{ "event", true }, { "roles", false }, { "stages", false },
			{ "themes", true }, { "roster", true }, { "tables", true },
		};
		const struct ynode *v[ARRAY_LEN(spec)];
		if (!doc->root)
			schema_error(&c, NULL, "the file is empty; an event file needs event:, themes:, roster: and tables: (see docs/formats.md)");
		else if (doc->root->kind != YNODE_MAP)
			schema_error(&c, doc->root, "an event file should be a mapping with keys event, roles, stages, themes, roster and tables, not %s",
				     ynode_kind_name(doc->root));
		else {
			schema_map(&c, doc->root, "the event file", spec, ARRAY_LEN(spec), v);
			if (v[K_EVENT])
				load_event_header(&l, v[K_EVENT]);
			load_roles(&l, v[K_ROLES]);
			load_stages(&l, v[K_STAGES]);
			if (v[K_THEMES])
				load_themes(&l, v[K_THEMES]);
			if (v[K_TABLES])
				load_tables(&l, v[K_TABLES]);
			if (v[K_ROSTER])
				load_roster(&l, v[K_ROSTER]);
			/* Import reads the event for its ids and pins: seats short
			 * (a sheet of 100 into init's 80) are its own warning about
			 * the roster it writes, not a reason to refuse re-importing. */
			if (v[K_TABLES] && diag_total(d) == problems_before && !l.roster_may_be_missing)
				check_seats(&l, v[K_TABLES]);
		}
	}
	if (l.out_of_memory)
		diag_add(d, DIAG_IO, path, 0, 0, "out of memory while loading the event");
	for (size_t i = 0; i < l.docs_count; i++)
		ydoc_free(&l.docs[i]);
	free(l.sources);
	free(l.theme_stamp);
	arena_free(&l.scratch);
	if (diag_total(d) != problems_before) {
		event_free(ev);
		return false;
	}
	return true;
}

bool event_load(struct event *ev, const char *path, struct diag_list *d)
{
	return load(ev, path, false, d);
}

bool event_load_for_import(struct event *ev, const char *path, struct diag_list *d)
{
	return load(ev, path, true, d);
}
