/* Bringing another laptop's day and ideas together with ours: every
 * journal found in its event folder (ideas/ and day/) or in a folder of
 * journals is merged record by record into the same file here, appended
 * under that file's lock: idempotent, and nothing appended meanwhile is
 * lost. Anything that is not a journal (the event, roster, plan, notes) is
 * left alone, and said. */
#ifndef ALCHEMY_MERGE_H
#define ALCHEMY_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "event.h"

struct merge_result {
	size_t ideas, day;      /* records added */
	size_t ideas_files, day_files;  /* journals read */
	size_t ignored;         /* files left alone */
};

/* notes: what was left alone and why, and Syncthing copies folded in. */
bool event_merge(const struct event *ev, const char *other, struct merge_result *r, struct diag_list *notes,
		 struct diag_list *d);

#endif
