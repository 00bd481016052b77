/* What a note-taker has typed but not saved, and where they were (stage,
 * round, the name they write under), kept per device and table so that a
 * laptop that dies mid-sentence loses at most the last second, and capture
 * reopens where it was. One small file per device and table in
 * ideas/.drafts/ (the journal reader, merge and purge skip dot folders),
 * rewritten atomically. */
#ifndef ALCHEMY_DRAFT_H
#define ALCHEMY_DRAFT_H

#include <stdbool.h>

#include "diag.h"
#include "event.h"
#include "journal.h"

struct draft {
	char *stage;    /* stage id new ideas go to; NULL: not kept */
	int round;      /* round captured in, 1-based; 0: not kept */
	char *author;   /* the name written under; "" the table's scribe; NULL: not kept */
	char *idea;     /* what the text is for: "" a new idea, else the id edited; NULL: no text */
	char *text;     /* the unsaved text; NULL: none */
	int slot;       /* which of this device's terminals on the table (draft_claim); kept by draft_load */
	long long kept; /* when the text was written, ms since the epoch (draft_save stamps it); 0: not said */
};

/* ideas/.drafts/table-07.DEVICE.yaml beside the event, or for a second
 * terminal of the same device on the table table-07.DEVICE~2.yaml (malloc'd). */
char *draft_path(const struct event *ev, const char *table, int slot);
/* Claims a draft of its own for one terminal: the first slot no other
 * capture of this device and table holds (a lock held until the returned
 * descriptor is closed), so two terminals never write each other's draft.
 * -1 when no lock can be had (no drafts folder): slot 0 then. */
int draft_claim(const struct event *ev, const char *table, int *slot);
/* Drafts with text of this device's other terminals on the table that no
 * capture holds now (one stopped with text unsaved): their count. Capture
 * opened a second time here takes the first of them back. */
int draft_others_waiting(const struct event *ev, const char *table, int slot);
/* This device's draft for a table; none (every field empty) when there is
 * no file. False, with d saying why, when the file cannot be read or is
 * not a draft (that one is renamed FILE.unreadable, so the next draft does
 * not overwrite what it may hold); *out is then empty. */
bool draft_load(const struct event *ev, const char *table, struct draft *out, struct diag_list *d);
/* Writes it whole (temp, fsync, rename). */
bool draft_save(const struct event *ev, const char *table, const struct draft *dr, struct diag_list *d);
/* The draft's text is in the journal already: the laptop stopped between
 * saving an idea and clearing its draft (capture keeps the draft with the
 * very text just before saving it, and the journal is written before the
 * draft is cleared, so nothing is lost). True when an idea at the table
 * with the draft's stage and name, or for an edit the idea edited, took
 * that text within DRAFT_SAVE_WINDOW_MS after the draft was kept; never
 * for a draft without its time. */
#define DRAFT_SAVE_WINDOW_MS 10000
bool draft_text_saved(const struct draft *dr, const struct ideas *ideas, const char *table);
/* Replaces a field's value (a copy; NULL clears it). False when memory runs out. */
bool draft_set(char **field, const char *value);
void draft_free(struct draft *dr);
/* False, with d naming the table, while a capture on this machine holds a
 * draft (purge would remove names that capture then writes back). */
bool draft_none_open(const struct event *ev, struct diag_list *d);
/* Removes every device's drafts of the event (purge: unsaved text may name
 * people); *removed counts the files. */
bool draft_remove_all(const struct event *ev, size_t *removed, struct diag_list *d);

#endif
