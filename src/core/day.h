/* The day of the event: who has checked in or is absent, who is locked to
 * their table, the stage clock, and the plan they change. Kept in two files
 * beside the event, both written atomically after every change:
 * allocation.yaml (the plan, in the interchange format) and day.yaml (the
 * rest). Every process that changes them takes an exclusive lock on
 * .alchemy.lock in the event's folder first and rereads both, so two
 * terminals at the desk never lose each other's changes. */
#ifndef ALCHEMY_DAY_H
#define ALCHEMY_DAY_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "event.h"
#include "plan.h"
#include "progress.h"
#include "repair.h"

struct stage_clock {
	int stage;              /* index into the event's stages */
	bool running;
	long long started;      /* when it last started running (seconds since the epoch) */
	long long elapsed;      /* seconds run before that */
};

struct day_state {
	char *checked_in;       /* per delegate: arrived */
	char *absent;           /* per delegate: marked absent on the day */
	bool *locked;           /* per delegate: keep at their table */
	struct stage_clock clock;
};

struct day {
	char *event_path;
	struct event ev;        /* presence as the day says */
	struct plan plan;       /* round 0 is the plan of the day */
	bool has_plan;
	struct day_state state;
	char *plan_path, *state_path, *lock_path;
	int lock_fd;            /* -1 when not holding the lock */
	const struct progress *progress;   /* for long work (rebalance); may be NULL */
};

enum day_open_flags {
	DAY_LOCK = 1,           /* hold the lock until day_save or day_close */
	DAY_NO_PLAN = 2,        /* leave allocation.yaml unread (allocate replaces it) */
};

/* Loads the event with the day's presence applied, the day state and the
 * plan (see the flags). */
bool day_open(struct day *dy, const char *event_path, int flags, struct diag_list *d);
/* Takes the lock and rereads everything (another process may have changed it). */
bool day_refresh_locked(struct day *dy, struct diag_list *d);
/* Writes plan and state atomically and releases the lock. */
bool day_save(struct day *dy, struct diag_list *d);
void day_unlock(struct day *dy);
void day_close(struct day *dy);

/* The changes. Each checks its rule and reports with a message naming what
 * stopped it. None writes; call day_save. */
bool day_move(struct day *dy, int delegate, int table, struct diag_list *d);
bool day_swap(struct day *dy, int a, int b, struct diag_list *d);
bool day_set_lock(struct day *dy, int delegate, bool locked, struct diag_list *d);
/* Marks present (checked in) or absent; an absent delegate leaves their
 * seat, an arriving one without a seat gets the one that harms least. */
bool day_checkin(struct day *dy, int delegate, bool present, struct diag_list *d);
/* Adds a walk-in to the roster file (a new id, appended atomically),
 * checks them in and seats them where they harm least. *id_out is the new
 * id (owned by the event). */
bool day_add_walkin(struct day *dy, const char *name, const char *organisation, const char *role,
		    const char **id_out, struct diag_list *d);
/* Proposes (and with apply, makes) the repair with the fewest moves; with no
 * plan yet, allocates one. */
bool day_rebalance(struct day *dy, bool apply, struct repair_result *res, struct diag_list *d);

/* Seconds left in the current stage (negative: over time), or 0 untimed. */
long long stage_seconds_left(const struct day *dy, long long now);
void stage_start_pause(struct day *dy, long long now);
void stage_advance(struct day *dy, int step, long long now);

#endif
