/* The files an event is made of (event.yaml, themes, roster, plan, the
 * journals' folders), so that no command's output replaces one of them. */
#ifndef ALCHEMY_EVENT_FILES_H
#define ALCHEMY_EVENT_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "event.h"
#include "fileio.h"

enum event_output_may {
	EVENT_OUT_ROSTER = 1,   /* import writes the roster */
	EVENT_OUT_PLAN = 2,     /* allocate writes allocation.yaml */
};

/* Refuses (DIAG_CANTCREAT, with which input it is) an output path that is
 * one of the event's own files, other than those `may` allows, or one of
 * the command's other inputs (extra), or lands in ideas/, ideas/.drafts or
 * day/. Compared by device and inode, not by name. */
bool event_output_allowed(const struct event *ev, const char *out, unsigned may,
			  const struct input_ref *extra, size_t extra_count, struct diag_list *d);

/* Refuses a snapshot into the event's own folder (by device and inode), an
 * empty name, or a folder with files in it unless force. */
bool event_snapshot_folder_allowed(const struct event *ev, const char *dir, bool force, struct diag_list *d);

#endif
