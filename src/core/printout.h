/* The day's print-outs: one page per table, the "find your table" list for
 * the desk, and a CSV for badge printing. Plain text or HTML. */
#ifndef ALCHEMY_PRINTOUT_H
#define ALCHEMY_PRINTOUT_H

#include <stdbool.h>

#include "event.h"
#include "plan.h"
#include "strbuf.h"

enum printout { PRINT_TABLES, PRINT_DESK, PRINT_BADGES };

/* html: an HTML page (one printed page per table); else plain text (form
 * feeds between tables). Badges are always CSV. round: 0-based, which of
 * the plan's rounds (said on every page when it has several). */
void printout_write(const struct event *ev, const struct plan *plan, size_t round, enum printout what, bool html,
		    struct strbuf *out);

#endif
