#include "purge.h"

#include <stdio.h>
#include <string.h>

#include "draft.h"
#include "dayops.h"
#include "escape.h"
#include "fileio.h"
#include "journal.h"
#include "plan.h"
#include "roster_write.h"
#include "strbuf.h"

bool event_purge(const struct event *ev, struct purge_result *r, struct diag_list *warnings, struct diag_list *d)
{
	memset(r, 0, sizeof(*r));
	if (strcmp(ev->roster_path, ev->path) == 0) {
		diag_add(d, DIAG_DATA, ev->path, 0, 0,
			 "the roster is written inside the event file; move it to its own file (roster: roster.yaml), then purge");
		return false;
	}
	/* Journals first: they need the names to find them in the ideas. */
	size_t day_files = 0;
	if (!draft_none_open(ev, d) || !journal_purge(ev, &r->journals, warnings, d) ||
	    !day_journal_purge(ev, &day_files, warnings, d) ||
	    !draft_remove_all(ev, &r->drafts, d))
		return false;
	r->journals += day_files;
	struct strbuf b;
	strbuf_init(&b);
	strbuf_printf(&b, "# Purged by alchemy: names and e-mails removed (data protection).\n");
	roster_to_yaml(ev, false, &b);
	for (size_t i = 0; i < ev->delegates_count; i++)
		r->delegates += strcmp(ev->delegates[i].name, ev->delegates[i].id) != 0 || ev->delegates[i].email != NULL;
	bool ok = !b.failed && atomic_write_file(ev->roster_path, b.data, b.len, d);
	strbuf_free(&b);
	return ok;
}
