/* The post-event report, drafted at any moment from the event, the plan
 * and the ideas journals (read as they are, while note-takers write):
 * Markdown (the master copy), HTML rendered from it by cmark, CSV (one row
 * per idea) and JSON (the whole state). People's names appear only when
 * asked for. */
#ifndef ALCHEMY_REPORT_H
#define ALCHEMY_REPORT_H

#include <stdbool.h>

#include "diag.h"
#include "event.h"
#include "journal.h"
#include "plan.h"
#include "strbuf.h"

enum report_format { REPORT_MD, REPORT_HTML, REPORT_CSV, REPORT_JSON };

struct report_input {
	const struct event *ev;     /* presence as the day says */
	const struct plan *plan;    /* may be NULL */
	const struct ideas *ideas;
	bool names;                 /* include people's names */
};

bool report_write(const struct report_input *in, enum report_format f, struct strbuf *out,
		  struct diag_list *d);
/* Escapes text for Markdown so nobody's words become markup. */
void md_escape(struct strbuf *out, const char *s);

#endif
