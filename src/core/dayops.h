/* The day of the event as a journal. Every change of the day (an arrival,
 * a no-show, a walk-in, a move, a lock, a repair, the stage clock) is one
 * record appended, fsync'd, to its device's own file day/DEVICE.yaml beside
 * the event; records are never rewritten. The state of the day is the
 * replay of every record of every day/ file over the organiser's files (the
 * event, its roster and allocation.yaml made by `allocate`), in one total
 * order: hybrid logical clock (physical ms, counter), then device, then the
 * device's sequence number. So every laptop that holds the same records
 * shows the same day, whatever order the files came in.
 *
 * Changing goes begin -> apply -> commit: begin takes the event's lock
 * (.alchemy.lock, so desks on one machine or one shared folder check their
 * rules against each other's latest change) and reads the records that are
 * new; apply checks the rule and changes the state in memory, with the
 * figures before and after; commit appends the one record and lets go.
 * The core reads no clock, environment or randomness: the caller passes
 * its device name and the time (struct day_client). */
#ifndef ALCHEMY_DAYOPS_H
#define ALCHEMY_DAYOPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "event.h"
#include "jfile.h"
#include "plan.h"
#include "progress.h"
#include "repair.h"
#include "score.h"

/* Where someone is on the day. Everyone starts expected (absent when the
 * roster says `present: false`); only "absent" frees a seat, so capacity
 * for walk-ins counts everyone not absent. */
enum attendance { ATT_EXPECTED, ATT_ARRIVED, ATT_ABSENT, ATT_STATES };
extern const char *const attendance_names[ATT_STATES];   /* expected, arrived, absent */

struct stage_clock {
	int stage;              /* index into the event's stages */
	bool running;
	long long started;      /* when it last started running (seconds since the epoch) */
	long long elapsed;      /* seconds run before that */
};

struct day_state {
	unsigned char *attendance;      /* per delegate: enum attendance */
	bool *locked;           /* per delegate: keep at their table */
	struct stage_clock clock;
};

/* The longest device name a change is made as (see jfile.h). */
#define DAY_DEVICE_MAX JFILE_DEVICE_MAX
/* The latest time a record may carry (ms since the epoch): what a reader accepts. */
#define DAY_MAX_TIME_MS JFILE_MAX_TIME_MS
/* The largest hybrid-clock counter a record may carry. */
#define DAY_MAX_COUNTER (1 << 30)

/* Who is changing the day, and when: passed in, never read by the core. */
struct day_client {
	const char *device;     /* [A-Za-z0-9-]+, at most DAY_DEVICE_MAX, e.g. "desk-2"; see journal_device() */
	long long now_ms;       /* wall clock, milliseconds since the epoch */
	uint32_t nonce;         /* random: a walk-in's id ends with it, so two laptops that
				 * share a device name still give distinct ids */
};

/* The kinds of operation, as written in a record's `op:`. */
enum day_op_kind {
	DAY_OP_ARRIVE,          /* who: expected/absent -> arrived (seated if they had no seat) */
	DAY_OP_ABSENT,          /* who: a no-show; frees their seat and lock */
	DAY_OP_EXPECTED,        /* who: back to expected (a mistaken arrival or absence) */
	DAY_OP_WALKIN,          /* name, organisation, role: a new person, arrived and seated */
	DAY_OP_MOVE,            /* who -> table */
	DAY_OP_SWAP,            /* who <-> other */
	DAY_OP_LOCK,            /* who: keep at their table */
	DAY_OP_UNLOCK,
	DAY_OP_REPAIR,          /* the repair with the fewest moves (or, with no plan, a plan) */
	DAY_OP_CLOCK_START,     /* the stage clock; kept off the undo list */
	DAY_OP_CLOCK_PAUSE,
	DAY_OP_STAGE,           /* step: +1 next stage, -1 previous */
	DAY_OP_DOORS_CLOSED,    /* everyone still expected -> absent */
	DAY_OP_UNDO,            /* the inverse of this device's last undoable operation */
	DAY_OP_REDO,            /* the inverse of this device's last undo */
	DAY_OP_IMPORT,          /* a day.yaml of the old format, carried in once */
	DAY_OP_KINDS
};
extern const char *const day_op_names[DAY_OP_KINDS];

/* One operation to apply. Unused fields are ignored. */
struct day_op {
	enum day_op_kind kind;
	int who, other;         /* delegate indexes */
	int table;              /* move: table index */
	int step;               /* stage: +1 or -1 */
	const char *name, *organisation, *role;     /* walk-in */
	bool again;             /* walk-in: even when someone of that name and organisation is here */
};

/* What an applied (or undone) operation did. */
struct day_result {
	char what[320];         /* "moved Ann Lee (d020) 5 -> 7", "Ann Lee (d020) arrived, table 3" */
	size_t touched;         /* people whose seat, attendance or lock changed */
	const char *walkin_id;  /* walk-in: the new id, e.g. w-desk2-001 (owned by the event) */
	int table;              /* arrive, walk-in, move: the person's table now; -1 none */
	bool scored;            /* with a plan: the figures around the change */
	struct plan_score before, after;
};

/* One record of a day journal, as read. Strings point into the day's
 * storage and live until the day is closed or reread in full. */
struct day_change {
	const char *subject;    /* a delegate id, a table id (theme), or "-" (clock) */
	const char *field;      /* seat, attendance, lock, theme, clock */
	const char *value, *was;        /* as written: the new value, and the one its device saw */
	const char *replaced;   /* replay: the value it actually overwrote (differs from
				 * `was` in a conflict); undo puts this back */
};
struct day_record {
	long long at;           /* HLC: physical milliseconds */
	int counter;            /* HLC: logical counter */
	const char *device;
	long seq;               /* 1, 2, ... per device */
	enum day_op_kind kind;
	long target;            /* undo/redo: the seq (same device) it reverses; else 0 */
	const char *add_id, *add_name, *add_org, *add_role;     /* walk-in */
	/* Walk-in added with day_op.again: the ids of those of that name and
	 * organisation the desk was shown, so not said to be one of them
	 * twice (add_again_all: a journal of before the ids, `again: true`). */
	const char **add_again;
	size_t add_again_count;
	bool add_again_all;
	struct day_change *changes;
	size_t changes_count;
	bool conflict;          /* it overrode a change of another device it had not seen */
	long conflict_with;     /* then: index (in records) of that change */
	bool skipped;           /* names a person or table this event does not have */
};

/* A cheap fingerprint of the files the day is made of (names, sizes and
 * mtimes of day/ *.yaml, the event, roster and plan): equal stamps, same day. */
struct day_stamp {
	uint64_t hash;
};


struct day {
	char *event_path;
	struct event ev;        /* presence as the day says (present = not absent) */
	struct plan plan;       /* round 0 is the plan of the day */
	bool has_plan;
	struct day_state state;
	char *plan_path, *state_path, *lock_path, *journal_dir;
	int lock_fd;            /* -1 when not holding the lock */
	/* The replayed records, in total order; records[k].changes are in storage. */
	struct day_record *records;
	size_t records_count;
	struct day_stamp stamp; /* of the files as last read */
	const struct progress *progress;   /* for long work (rebalance); may be NULL */
	/* Private to day.c. */
	struct day_private *priv;
};

enum day_open_flags {
	DAY_LOCK = 1,           /* hold the lock until day_close (allocate replaces the plan) */
	DAY_NO_PLAN = 2,        /* leave allocation.yaml unread (allocate replaces it) */
	DAY_NO_FIGURES = 4,     /* changes leave day_result's figures unscored (the CLI prints
				 * none; at 10,000 with rounds each cost 0.6 s a check-in) */
};

/* Loads the event, the plan (see the flags) and replays every day journal.
 * Damaged or torn records are skipped; each one skipped is a warning in
 * dy->warnings (see day_warnings). */
bool day_open(struct day *dy, const char *event_path, int flags, struct diag_list *d);
void day_close(struct day *dy);
/* Warnings of the last read (skipped records, Syncthing copies merged). */
const struct diag_list *day_warnings(const struct day *dy);
/* Whether another process holds the event's lock now (an allocate making
 * the plan, another desk's change): a change would wait for it, so the
 * caller can say so first. */
bool day_lock_busy(const struct day *dy);
/* What the plan's loading said: each seat in allocation.yaml of someone the
 * roster no longer has (FILE:LINE:COL and the id). Their seat is free in the
 * state; the file is left as it is, so this is said at every opening until
 * alchemy allocate writes a new plan. */
const struct diag_list *day_plan_warnings(const struct day *dy);
/* Seats and table themes the journals set, as the day stands after the
 * replay: people whose seat a record last set to a table, or freed while
 * they are not absent, and tables whose theme a record set. Every desk
 * replays these on top of allocation.yaml, so a plan written there now
 * would be mixed with them; a no-show's freed seat is not counted. */
size_t day_seats_set(const struct day *dy);

/* ---- following other desks ---- */

/* The stamp of the files now (a few stat calls; no reading). */
struct day_stamp day_stamp_now(const struct day *dy);
/* True when the files changed since the day was last read. */
bool day_files_changed(const struct day *dy);
/* Reads what changed since the last read, without the lock: only the new
 * records, replayed on top, or everything again when a record arrived that
 * sorts before those already applied (a merge) or the organiser's files
 * changed. Returns 1 when the state changed, 0 when nothing did, -1 on
 * failure (d says why; the state shown is the last one read). Between
 * day_begin and commit or abort it reads nothing and returns 0. */
int day_refresh(struct day *dy, struct diag_list *d);

/* ---- changing the day ---- */

/* Takes the lock and reads what is new. Fails (d says why) when the lock
 * or the files cannot be had. */
bool day_begin(struct day *dy, const struct day_client *c, struct diag_list *d);
/* Checks the operation's rule and makes it in memory; res (may be NULL)
 * says what it did. On refusal returns false with the reason in d and the
 * state as it was; the transaction stays open (apply another or abort).
 * One apply per begin. DAY_OP_UNDO/REDO: refused with a message naming the
 * device and time when someone else changed one of those people since. */
bool day_apply(struct day *dy, const struct day_op *op, struct day_result *res, struct diag_list *d);
/* Appends the one record (fsync'd) and lets go of the lock. On failure the
 * journal is as it was, the state is reread from it, and d says "NOT saved"
 * (DIAG_CANTCREAT or DIAG_IO). */
bool day_commit(struct day *dy, struct diag_list *d);
/* Drops an applied, uncommitted operation and lets go of the lock. */
void day_abort(struct day *dy);
/* begin + apply + commit (abort on refusal): what the CLI and TUI call. */
bool day_change(struct day *dy, const struct day_client *c, const struct day_op *op, struct day_result *res,
		struct diag_list *d);

/* What undo (redo) would reverse for this device now: the record's index
 * in dy->records, or -1 when there is nothing to undo (redo). */
long day_undo_target(const struct day *dy, const char *device, bool redo);

/* ---- reading the day ---- */

enum attendance day_attendance(const struct day *dy, int delegate);
/* Someone in the roster or a walk-in (not taken back) of that name and
 * organisation, as a reader tells them apart (loose_compare); -1: nobody.
 * A walk-in of theirs is refused unless day_op.again. */
int day_person_named(const struct day *dy, const char *name, const char *organisation);
/* How many there are of that name and organisation, as day_person_named
 * finds them. */
size_t day_people_named(const struct day *dy, const char *name, const char *organisation);
/* People who may be one person counted twice: a walk-in not absent with
 * the name and organisation of someone earlier not absent (in the roster,
 * or an earlier walk-in) whom the desk that added them had not seen
 * (offline, or before a re-import listed them; one it saw is in the
 * record's `again`). One warning each into out (initialised by the
 * caller), naming one of the two to mark absent, the same at every desk;
 * with twin_of (delegates_count entries, may be NULL), both get the
 * other's index, everyone else -1. Returns how many. */
size_t day_twice_here(const struct day *dy, struct diag_list *out, int *twin_of);
/* The roster's people: dy->ev.delegates[0 .. this); walk-ins follow. */
size_t day_roster_count(const struct day *dy);
/* Counts of each attendance state over the roster (walk-ins included). */
void day_attendance_counts(const struct day *dy, size_t counts[ATT_STATES]);
/* What a seat change does, from table `was` to `value` ("-": none). */
enum seat_step { SEAT_NONE, SEAT_MOVE, SEAT_TAKE, SEAT_FREE };
enum seat_step seat_step_of(const char *was, const char *value);
/* A record in words, without time or device: "moved Ann Lee (d020) 5 -> 7". */
void day_record_describe(const struct day *dy, const struct day_record *r, char *buf, size_t size);

/* Proposes the repair with the fewest moves without changing anything
 * (with no plan yet, says that allocating would make one). With before
 * and after (may be NULL), the plan's figures now and once repaired. */
bool day_rebalance_preview(struct day *dy, struct repair_result *res, struct plan_score *before,
			   struct plan_score *after, struct diag_list *d);

/* Seconds left in the current stage (negative: over time), or 0 untimed. */
long long stage_seconds_left(const struct day *dy, long long now);

/* ---- several laptops ---- */

/* The day journal folder of an event: day/ beside event.yaml (malloc'd). */
char *day_journal_dir(const struct event *ev);
/* The current state as a plain event folder: event.yaml, the themes file,
 * the roster with walk-ins and `present: false` for no-shows, and
 * allocation.yaml with the current plan. */
bool day_snapshot(const struct day *dy, const char *out_dir, struct diag_list *d);
/* Rewrites every day journal without walk-ins' names (each becomes its
 * id), under each file's append lock; *changed counts the files rewritten.
 * An entry that is not a file is left alone, said in warnings. */
bool day_journal_purge(const struct event *ev, size_t *changed, struct diag_list *warnings, struct diag_list *d);
/* A day record's identity on its line ("AT.N.DEVICE.SEQ"): a copy of a
 * record counts once. False when the line is not a day record. Merging
 * (merge.h) finds day journals and adds what they lack with it. */
bool day_record_key(const char *line, size_t len, char *key, size_t size);

#endif
