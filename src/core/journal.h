/* The ideas journal: what note-takers capture, kept append-only in the
 * event's ideas/ folder, one file per capturing device and table
 * (ideas/table-07.HOST.yaml). Every change is one record on one line (a
 * YAML flow mapping, so the file is also a YAML list), written with a
 * single write() under an exclusive lock and fsync'd before it counts as
 * saved. Reading unions every file by record id and replays the records in
 * (time, id) order, so files copied in from other laptops merge the same
 * whatever their order; of two edits to one idea the later wins and both
 * stay in the history. */
#ifndef ALCHEMY_JOURNAL_H
#define ALCHEMY_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "progress.h"
#include "event.h"

/* An idea's text, owner or author: a 1 MiB paste is kept whole; more is
 * refused when it is added rather than skipped when it is read. */
#define IDEA_MAX_TEXT_BYTES (1024u * 1024)

enum idea_kind { IDEA, BARRIER, ACTION, QUESTION, IDEA_KINDS };
extern const char *const idea_kind_names[IDEA_KINDS];

struct idea {
	char *id;
	char *table;            /* table id */
	char *stage;            /* stage id, or "" */
	char *author;
	char *text;
	char *owner;            /* actions: who will do it, or "" */
	enum idea_kind kind;
	bool key;               /* a key point */
	bool deleted;           /* kept as a tombstone */
	int votes;
	long long created, changed;     /* milliseconds since the epoch */
	int edits;              /* changes after the first record */
	int round;              /* the plan's round it was captured in, 1-based; 0: not said */
};

struct ideas {
	struct idea *items;
	size_t count;
	size_t records;         /* records read, after removing duplicates */
};

/* One change to append. For "add", idea is NULL (a new id is made) and
 * the fields give the idea; otherwise idea names it and one field is set. */
struct journal_change {
	const char *op;         /* add, text, kind, owner, key, vote, stage, delete, restore */
	const char *idea;
	const char *table, *stage, *author, *text, *owner;
	enum idea_kind kind;
	bool key;
	int vote;               /* +1 or -1 */
	int round;              /* "add": the plan's round, 1-based; 0: one round, not said */
	/* The time of the idea's last change as the writer saw it: the record
	 * is timed after it, so replay applies it last even where that change
	 * came from a laptop whose clock runs ahead (a restore timed before a
	 * future-dated delete would have said done and changed nothing). */
	long long after;
};

/* The device's name for journal files: $ALCHEMY_DEVICE, else the host name
 * reduced to letters, digits and '-'. JOURNAL_DEVICE_REFUSED when
 * $ALCHEMY_DEVICE is not a device name (jfile_device_name_ok): it is never
 * rewritten into one, and nothing may be written as it (buf then holds the
 * host's). */
enum journal_device_source {
	JOURNAL_DEVICE_GIVEN,           /* $ALCHEMY_DEVICE, as it is */
	JOURNAL_DEVICE_HOST,            /* the host name, as it is */
	JOURNAL_DEVICE_HOST_CHANGED,    /* the host name, other characters dropped: say so */
	JOURNAL_DEVICE_REFUSED,
};
enum journal_device_source journal_device(char *buf, size_t size);
/* A random number for a walk-in's id ($ALCHEMY_NONCE, for tests, else
 * getrandom): the day core is given it, never draws its own. */
uint32_t journal_nonce(void);
/* The author of an idea no one signed: the table's scribe, "table T",
 * whole for any table id (capture and idea add write it, purge puts it
 * back for a name, the ideas list leaves it out). */
enum { JOURNAL_SCRIBE_BYTES = sizeof("table ") + EVENT_MAX_ID_BYTES };
/* The wall clock records are stamped with, ms since the epoch. */
long long journal_now_ms(void);
void journal_scribe_name(const char *table, char buf[JOURNAL_SCRIBE_BYTES]);
/* Appends one change durably (fsync) to ideas/table-T.DEVICE.yaml beside the
 * event. On success *id_out (if not NULL) gets the idea's id (malloc'd). */
bool journal_append(const struct event *ev, const struct journal_change *c, char **id_out,
		    struct diag_list *d);
/* Reads every journal in the event's ideas/ folder. A record cut short at a
 * file's end (a crash mid-write) or a damaged line is skipped with a
 * warning in `warnings` (which may be NULL); everything else is kept. */
bool journal_read(const struct event *ev, struct ideas *out, struct diag_list *warnings,
		  struct diag_list *d);
/* The same, reporting "reading journals" through progress (may be NULL),
 * which may ask to stop: then false, with one problem saying so. */
bool journal_read_progress(const struct event *ev, struct ideas *out, struct diag_list *warnings,
			   const struct progress *progress, struct diag_list *d);
/* The same for a list of folders (merging). */
bool journal_read_dirs(const char *const *dirs, size_t ndirs, struct ideas *out,
		       struct diag_list *warnings, struct diag_list *d);
void ideas_free(struct ideas *x);
/* One recorded change to an idea, for its history. */
struct idea_change {
	char *op;               /* add, text, kind, owner, key, vote, stage, delete, restore */
	char *device;           /* from its journal file's name: table-07.DEVICE.yaml */
	char *table, *stage, *author, *text, *owner;   /* as the record gives them, or NULL */
	long long time;         /* milliseconds since the epoch */
	int kind;               /* enum idea_kind, or -1: not given */
	bool key;
	int vote;
};
struct idea_history {
	struct idea_change *items;
	size_t count;
};
/* Every recorded change to idea `id` in the event's journals, in the order
 * they are replayed (an older text an edit replaced, an edit that lost to
 * a later one from another laptop, a deletion...). */
bool journal_idea_history(const struct event *ev, const char *id, struct idea_history *out,
			  struct diag_list *warnings, struct diag_list *d);
void idea_history_free(struct idea_history *h);
char *journal_dir(const struct event *ev);
/* An ideas record's identity on its line (its rec: id); false when the
 * line is not an ideas record. Merging (merge.h) uses it. */
bool journal_record_key(const char *line, size_t len, char *key, size_t size);
/* This device's file name for a table: table-07.DEVICE.yaml (numbers
 * padded so files sort by table). */
void journal_file_name(const char *table, char *name, size_t size);
/* Rewrites every journal without personal data: authors become their
 * table, delegates' names and e-mails in ideas become "[name removed]".
 * *changed counts the files rewritten (atomically, each under its append
 * lock, so an idea saved meanwhile is kept); an entry that is not a file
 * is left alone, said in warnings. */
bool journal_purge(const struct event *ev, size_t *changed, struct diag_list *warnings, struct diag_list *d);

#endif
