/* Data protection after the event: strips names, e-mails and personal
 * details from every file of an event, leaving what the anonymous report
 * needs (ids, organisations, roles, preferences, the plan, the ideas). */
#ifndef ALCHEMY_PURGE_H
#define ALCHEMY_PURGE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "event.h"

struct purge_result {
	size_t delegates;       /* names and e-mails removed from the roster */
	size_t journals;        /* journal files rewritten */
	size_t drafts;          /* capture drafts (unsaved text) removed */
};

/* What is left alone (a FIFO or link named like a journal) is said in
 * warnings. */
bool event_purge(const struct event *ev, struct purge_result *r, struct diag_list *warnings, struct diag_list *d);

#endif
