/* The post-event report, drafted at any moment from the event, the plan
 * and the ideas journals (read as they are, while note-takers write):
 * Markdown (the master copy), HTML rendered from it by cmark, CSV (one row
 * per idea) and JSON (the whole state). People appear only when asked for
 * (names): authors, owners that are not an organisation of the event, and
 * the list of delegates; otherwise counts, small organisations grouped. */
#ifndef ALCHEMY_REPORT_H
#define ALCHEMY_REPORT_H

#include <stdbool.h>

#include "diag.h"
#include "event.h"
#include "journal.h"
#include "plan.h"
#include "strbuf.h"

enum report_format { REPORT_MD, REPORT_HTML, REPORT_CSV, REPORT_JSON };

/* Without names, organisations with fewer delegates present than this are
 * counted together as "other": a count of one or two points at a person. */
#define REPORT_GROUP_BELOW 3

struct report_input {
	const struct event *ev;     /* presence as the day says */
	const struct plan *plan;    /* may be NULL */
	const struct ideas *ideas;
	bool names;                 /* include people: authors, owners, delegates */
};

bool report_write(const struct report_input *in, enum report_format f, struct strbuf *out,
		  struct diag_list *d);
/* Escapes text for Markdown so nobody's words become markup, on any of its
 * lines: each line is text in the same paragraph (line breaks kept, blank
 * lines too), so an idea stays one list item. */
void md_escape(struct strbuf *out, const char *s);
/* The same for one-line places (headings, table cells): line breaks become
 * spaces. */
void md_escape_inline(struct strbuf *out, const char *s);

#endif
