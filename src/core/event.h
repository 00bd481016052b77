/* The event model: what event.yaml, themes.yaml and roster.yaml describe,
 * resolved into arrays with indexes in place of ids. Everything is owned by
 * the event's arena and freed by event_free(). */
#ifndef ALCHEMY_EVENT_H
#define ALCHEMY_EVENT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

#define EVENT_MAX_DELEGATES 200000
#define EVENT_MAX_TABLES    20000
#define EVENT_MAX_SMALL_LIST 1000   /* roles, themes, stages, per-delegate lists */
#define EVENT_MAX_ID_BYTES  64
#define EVENT_MAX_ROUNDS    20      /* seatings in one plan (event: rounds:, --rounds) */

struct role {
	const char *id;
	const char *label;
	char letter;            /* one unique capital, to read the mix without colour */
};

struct stage {
	const char *id;
	const char *title;
	int minutes;            /* 0: not timed */
};

struct theme {
	const char *id;
	const char *title;
	const char *area;       /* may be NULL */
	const char *prompt;     /* may be NULL */
};

struct table {
	const char *id;         /* "1".."N" when tables are given as a count */
	const char *name;       /* optional label, NULL if none */
	int theme;              /* index into themes, -1 when the allocator picks */
	int capacity;
	const char **provides;  /* access features, e.g. step-free */
	size_t provides_count;
};

struct delegate {
	const char *id;
	const char *name;
	const char *organisation;
	const char *email;      /* may be NULL */
	int role;               /* index into roles */
	int org;                /* index into event.orgs */
	int *preferences;       /* theme indexes, best first */
	size_t preferences_count;
	int pinned_table;       /* index into tables, -1 if not pinned */
	int *avoid;             /* delegate indexes */
	size_t avoid_count;
	const char **needs;
	size_t needs_count;
	bool present;
	bool host;
	bool withdrawn;         /* a walk-in taken back by undo: in no list, count or file */
	int line, col;          /* where its id is written in the roster file */
};

/* id -> array index, sorted by id for bsearch (ids are unique after load). */
struct id_index {
	struct id_entry { const char *id; int index; } *entries;
	size_t count;
};

struct event {
	const char *path;       /* event.yaml as given */
	const char *roster_path;    /* the file holding the delegates (may be path) */
	const char *themes_path;    /* the file holding the themes (may be path) */
	const char *dir;        /* its folder, for relative references */
	const char *name, *date, *venue;
	int rounds;             /* event: rounds:, seatings to plan; 0 when not given */
	struct role *roles;
	size_t roles_count;
	struct stage *stages;
	size_t stages_count;
	struct theme *themes;
	size_t themes_count;
	struct table *tables;
	size_t tables_count;
	bool tables_listed;     /* every table's theme given (a table list with themes);
				   false: alchemy chooses them */
	bool tables_numbered;   /* {count, capacity}: tables 1 to N, no names */
	struct delegate *delegates;     /* malloc'd: grown as the roster streams in */
	size_t delegates_count;
	const char **orgs;      /* distinct organisation names, sorted */
	size_t orgs_count;
	struct id_index role_ids, theme_ids, table_ids, delegate_ids;
	struct arena arena;
	/* Once a walk-in is added (event_add_delegate), the delegate index and
	 * the organisations live in these malloc'd arrays instead of the arena. */
	struct id_entry *grown_ids;
	const char **grown_orgs;
	size_t grown_ids_cap, grown_orgs_cap;
};

/* Loads and validates an event. On success returns true and fills ev; on
 * failure returns false, leaves every problem found in d and frees ev.
 * Callers pick the exit status with diag_exit_status(). */
bool event_load(struct event *ev, const char *path, struct diag_list *d);
/* The same, except that a roster file that does not exist yet loads as no
 * delegates: the first import writes it. */
bool event_load_for_import(struct event *ev, const char *path, struct diag_list *d);
void event_free(struct event *ev);

/* Lookups by id; -1 when absent. Delegates and tables use bsearch over
 * sorted indexes built at load time. */
int event_find_delegate(const struct event *ev, const char *id);
int event_find_table(const struct event *ev, const char *id);
int event_find_theme(const struct event *ev, const char *id);
int event_find_role(const struct event *ev, const char *id);
/* The role a person typed at a desk: an id (case aside), or the start of
 * exactly one, so "inv" and "Investor" are the investor and "CO" is co
 * beside coop, else a role's label or a sheet's word for it as import
 * reads them ("Funder", "Council"); -1 when none fits, -2 when several
 * ids start so. */
int event_role_typed(const struct event *ev, const char *typed);
/* The role ids, or those starting with `start` (case aside; NULL: all),
 * joined by ", " into buf (size > 0; cut short where it is full). */
void event_role_ids(const struct event *ev, const char *start, char *buf, size_t size);
/* Whether table t provides the access feature need; whether it provides
 * every one d needs. */
bool table_provides(const struct table *t, const char *need);
bool table_meets_needs(const struct table *t, const struct delegate *d);

void id_index_sort(struct id_index *ix);
int id_index_find(const struct id_index *ix, const char *id);

size_t event_present_count(const struct event *ev);
/* Adds a delegate on the day (a walk-in): present, no preferences, no
 * pins; a new organisation joins the sorted list (indexes shift). The
 * strings are copied. Returns the new index, or -1 when the id is taken
 * or memory runs out. */
int event_add_delegate(struct event *ev, const char *id, const char *name, const char *organisation, int role);
size_t event_seat_count(const struct event *ev);

#endif
