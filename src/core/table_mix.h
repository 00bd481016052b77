/* Who sits at each table, summarised: size, count per role, organisation
 * clashes. Computed from a seating (delegate index -> table index or -1) in
 * one pass, so views and reports can refresh it after every change. */
#ifndef ALCHEMY_TABLE_MIX_H
#define ALCHEMY_TABLE_MIX_H

#include <stdbool.h>
#include <stddef.h>

#include "event.h"

struct table_mix {
	int size;
	int *role_counts;       /* roles_count entries */
	int org_pairs;          /* pairs of members from one organisation */
	int org_excess;         /* members beyond what level 4 allows (org_allowed_per_table) */
	int roles_missing;      /* roles with none here though they have a member per table */
	/* Hard rules broken here: a move refuses them, but two desks' moves
	 * merged, or a roster changed after the plan, can still bring them. */
	int apart_pairs;        /* keep-apart pairs both seated here */
	int needs_unmet;        /* people seated here who need what it does not provide */
};

struct table_mixes {
	struct table_mix *tables;
	size_t tables_count;
	int *role_counts;       /* tables_count * roles_count, backing role_counts above */
	/* Present members per role and per organisation: what roles_missing
	 * and org_excess were judged by, so a view can name the role or the
	 * organisation (table_role_missing, table_org_over). */
	int *role_members, *org_members;
};

/* Whether table t is missing role r (r < the event's roles) though the
 * role has a member per table (one of its roles_missing). */
bool table_role_missing(const struct table_mixes *m, size_t t, size_t r);
/* Of `here` present members of organisation org at one table, how many
 * are beyond what level 4 allows there (0: none). */
int table_org_over(const struct table_mixes *m, size_t org, int here);
/* Seats present delegates by pin only: what is known before any plan. */
void seating_from_pins(const struct event *ev, int *table_of);
/* Returns 0, or -1 when memory runs out (mixes is then empty). */
int table_mixes_compute(struct table_mixes *m, const struct event *ev, const int *table_of);
void table_mixes_free(struct table_mixes *m);

#endif
