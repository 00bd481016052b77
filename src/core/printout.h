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
 * feeds between tables). Badges are always CSV. */
void printout_write(const struct event *ev, const struct plan *plan, enum printout what, bool html,
		    struct strbuf *out);

#endif
