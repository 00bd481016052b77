#include "roster_write.h"

#include "escape.h"

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

void roster_to_yaml(const struct event *ev, bool personal, struct strbuf *b)
{
	size_t kept = 0;
	for (size_t i = 0; i < ev->delegates_count; i++)
		kept += !ev->delegates[i].withdrawn;
	strbuf_puts(b, kept ? "delegates:\n" : "delegates: []\n");
	for (size_t i = 0; i < ev->delegates_count; i++) {
		const struct delegate *p = &ev->delegates[i];
		if (p->withdrawn)
			continue;   /* a walk-in taken back by undo never was */
		strbuf_puts(b, "  - {id: ");
		yaml_quoted(b, p->id);
		strbuf_puts(b, ", name: ");
		yaml_quoted(b, personal ? p->name : p->id);   /* purged: the id stands in */
		if (personal && p->email) {
			strbuf_puts(b, ", email: ");
			yaml_quoted(b, p->email);
		}
		strbuf_puts(b, ", organisation: ");
		yaml_quoted(b, p->organisation);
		strbuf_puts(b, ", role: ");
		yaml_quoted(b, p->role >= 0 ? ev->roles[p->role].id : "");
		const char *prefs[EVENT_MAX_SMALL_LIST], *avoid[EVENT_MAX_SMALL_LIST];
		for (size_t k = 0; k < p->preferences_count; k++)
			prefs[k] = ev->themes[p->preferences[k]].id;
		id_list(b, "preferences", prefs, p->preferences_count);
		if (p->pinned_table >= 0) {
			strbuf_puts(b, ", table: ");
			yaml_quoted(b, ev->tables[p->pinned_table].id);
		}
		for (size_t k = 0; k < p->avoid_count; k++)
			avoid[k] = ev->delegates[p->avoid[k]].id;
		id_list(b, "avoid", avoid, p->avoid_count);
		id_list(b, "needs", p->needs, p->needs_count);
		if (p->host)
			strbuf_puts(b, ", host: true");
		if (!p->present)
			strbuf_puts(b, ", present: false");
		strbuf_puts(b, "}\n");
	}
}
