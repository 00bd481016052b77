#include "purge.h"

#include <stdio.h>
#include <string.h>

#include "draft.h"
#include "escape.h"
#include "fileio.h"
#include "journal.h"
#include "plan.h"
#include "strbuf.h"

static void id_list(struct strbuf *b, const char *key, const char *const *ids, size_t n)
{
	if (!n)
		return;
	strbuf_printf(b, ", %s: [", key);
	for (size_t k = 0; k < n; k++) {
		strbuf_puts(b, k ? ", " : "");
		yaml_quoted(b, ids[k]);
	}
	strbuf_puts(b, "]");
}

bool event_purge(const struct event *ev, struct purge_result *r, struct diag_list *d)
{
	memset(r, 0, sizeof(*r));
	if (strcmp(ev->roster_path, ev->path) == 0) {
		diag_add(d, DIAG_DATA, ev->path, 0, 0,
			 "the roster is written inside the event file; move it to its own file (roster: roster.yaml), then purge");
		return false;
	}
	/* Journals first: they need the names to find them in the ideas. */
	if (!journal_purge(ev, &r->journals, d) || !draft_remove_all(ev, &r->drafts, d))
		return false;
	struct strbuf b;
	strbuf_init(&b);
	strbuf_printf(&b, "# Purged by alchemy: names and e-mails removed (data protection).\ndelegates:\n");
	for (size_t i = 0; i < ev->delegates_count; i++) {
		const struct delegate *p = &ev->delegates[i];
		strbuf_puts(&b, "  - {id: ");
		yaml_quoted(&b, p->id);
		strbuf_puts(&b, ", name: ");
		yaml_quoted(&b, p->id);   /* the name goes; the id stands in */
		strbuf_puts(&b, ", organisation: ");
		yaml_quoted(&b, p->organisation);
		strbuf_puts(&b, ", role: ");
		yaml_quoted(&b, p->role >= 0 ? ev->roles[p->role].id : "");
		const char *prefs[EVENT_MAX_SMALL_LIST], *avoid[EVENT_MAX_SMALL_LIST];
		for (size_t k = 0; k < p->preferences_count; k++)
			prefs[k] = ev->themes[p->preferences[k]].id;
		id_list(&b, "preferences", prefs, p->preferences_count);
		if (p->pinned_table >= 0) {
			strbuf_puts(&b, ", table: ");
			yaml_quoted(&b, ev->tables[p->pinned_table].id);
		}
		for (size_t k = 0; k < p->avoid_count; k++)
			avoid[k] = ev->delegates[p->avoid[k]].id;
		id_list(&b, "avoid", avoid, p->avoid_count);
		id_list(&b, "needs", p->needs, p->needs_count);
		if (p->host)
			strbuf_puts(&b, ", host: true");
		if (!p->present)
			strbuf_puts(&b, ", present: false");
		strbuf_puts(&b, "}\n");
		r->delegates += strcmp(p->name, p->id) != 0 || p->email != NULL;
	}
	bool ok = !b.failed && atomic_write_file(ev->roster_path, b.data, b.len, d);
	strbuf_free(&b);
	return ok;
}
