/* A seating plan: for each round, each table's theme and each delegate's
 * table. Read from and written to the interchange format:
 *
 *   rounds:
 *     - round: 1
 *       tables:
 *         - table: 1
 *           theme: homelessness
 *           delegates: [d00001, d00017]
 */
#ifndef ALCHEMY_PLAN_H
#define ALCHEMY_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "event.h"
#include "strbuf.h"

struct seating {
	int *table_theme;       /* per table: theme index, -1 if none */
	int *seat;              /* per delegate: table index, -1 if not seated */
};

struct plan {
	size_t rounds_count;
	struct seating *rounds;
	size_t tables_count, delegates_count;
};

/* An empty plan of `rounds` rounds for ev: nobody seated, themes from the
 * event's table list (or -1). Returns false when memory runs out. */
bool plan_init(struct plan *p, const struct event *ev, size_t rounds);
void plan_free(struct plan *p);

/* The plan as interchange YAML. */
void plan_to_yaml(const struct event *ev, const struct plan *p, struct strbuf *out);
/* Writes it atomically. */
bool plan_save(const struct event *ev, const struct plan *p, const char *path, struct diag_list *d);
/* Reads a plan for ev, reporting unknown tables, themes and delegates and
 * anyone listed twice in a round, each with its position. With `gone`, a
 * delegate the roster no longer has (a re-import took them out) is a
 * warning there and their seat is left free; with NULL, an error in d. */
bool plan_load(const struct event *ev, const char *path, struct plan *p, struct diag_list *gone,
	       struct diag_list *d);
/* The list of rounds in a plan file's tree (`rounds:`, or under
 * `allocation:`), NULL if there is none; problems go to c. */
struct schema_ctx;
struct ynode;
const struct ynode *plan_rounds_node(struct schema_ctx *c, const struct ynode *root);
/* A round's `round:` label (v may be NULL) against those before it in the
 * same plan: a label given twice is an error. labels[] holds the line of
 * each label seen (PLAN_MAX_ROUNDS + 1 entries, zeroed). */
#define PLAN_MAX_ROUNDS 1000
void plan_check_round_label(struct schema_ctx *c, const struct ynode *v, int *labels);
/* Where the plan of an event lives by default: allocation.yaml beside it. */
char *plan_default_path(const struct event *ev);
/* Delegates grouped by table with a counting sort (index order within a
 * table): table t's are order[start[t] .. start[t + 1]). Returns start
 * (tables + 1 entries) and sets *order, both malloc'd; NULL if out of memory. */
size_t *plan_group_by_table(const int *seat, size_t delegates, size_t tables, int **order);
/* Meetings as pair keys: delegates i < j at one table of the round are
 * i * delegates + j. Appends the round's to *keys (realloc'd), unsorted;
 * false if out of memory. plan_compare_keys orders keys for qsort/bsearch. */
bool plan_round_pairs(const struct seating *round, size_t delegates, size_t tables, uint64_t **keys,
		      size_t *count);
int plan_compare_keys(const void *a, const void *b);

/* True when an id can be written as a plain YAML scalar and read back as
 * the same string (not a number, boolean or null). */
bool yaml_plain_safe(const char *s);

#endif
