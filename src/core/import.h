/* Rosters from spreadsheets: columns recognised by their usual headers (or
 * named in a map file), role values mapped to the event's roles, ids kept
 * stable across re-imports (from e-mail, else name and organisation), and
 * every bad row reported as FILE:ROW:COLUMN before anything is written. */
#ifndef ALCHEMY_IMPORT_H
#define ALCHEMY_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "event.h"
#include "progress.h"
#include "strbuf.h"

struct import_options {
	const char *map_path;   /* may be NULL */
	bool skip_bad;          /* write the good rows even when some are bad */
	/* Take out everyone the sheet lacks even when that is more than half
	 * the roster and 5 or more (else refused: a sheet of late sign-ups
	 * alone would empty it). */
	bool remove_missing;
	/* Told "reading rows" and "matching rows" as they go; may ask to stop,
	 * and nothing is then written. May be NULL. */
	const struct progress *progress;
};

struct import_result {
	size_t rows, written, skipped;
	bool converted;         /* the file was not UTF-8 */
	const char *encoding;   /* what it was: "Windows-1252", "UTF-16LE"... */
	struct strbuf changes;  /* "added d1a2b3c4 Name" lines etc. */
	size_t added, removed, changed;
	size_t merged;          /* rows with an e-mail seen on an earlier row */
	struct diag_list warnings;   /* said, but nothing refused */
	/* Every bad row --skip-bad left out, all of them, in the sheet's order;
	 * a row of someone already in the roster kept them as they were
	 * (kept_id), where it would have taken them out. */
	struct import_skipped {
		int row;
		char *name, *organisation;   /* as the sheet has them ("" missing) */
		char *why;                   /* may be NULL (out of memory) */
		char *kept_id;               /* NULL: left out */
	} *skipped_rows;
	size_t skipped_rows_count, kept;
};

/* Reads csv_path and writes the roster to out_path (atomically). The event
 * beside out_path, if any, gives the roles, the themes and the delegates
 * whose ids, pins and check-ins a re-import keeps. */
bool import_roster(const char *csv_path, const char *out_path, const struct import_options *o,
		   struct import_result *r, struct diag_list *d);
void import_result_free(struct import_result *r);
/* The event's role a role value as sheets word it stands for ("Funder",
 * "Local authority", a role's label), as import reads it; NULL if none. */
const char *import_role_of(const char *value, const struct event *ev);

/* alchemy init: a commented event.yaml, themes.yaml with the E3M 2024
 * challenges and an empty roster in dir (created if needed). */
bool init_event_folder(const char *dir, struct diag_list *d);

#endif
