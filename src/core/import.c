#include "import.h"

#include <ctype.h>
#include <search.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvread.h"
#include "dayops.h"
#include "escape.h"
#include "event.h"
#include "event_files.h"
#include "fileio.h"
#include "name_order.h"
#include "plan.h"
#include "schema.h"
#include "text.h"
#include "yaml_tree.h"

/* Role values as organisers write them, for the four default roles. */
static const struct { const char *value, *role; } common_roles[] = {
	{ "commissioner", "commissioner" }, { "commissioners", "commissioner" },
	{ "local authority", "commissioner" }, { "council", "commissioner" }, { "nhs", "commissioner" },
	{ "icb", "commissioner" }, { "integrated care board", "commissioner" },
	{ "police and crime commissioner", "commissioner" }, { "public sector", "commissioner" },
	{ "investor", "investor" }, { "social investor", "investor" }, { "funder", "investor" },
	{ "foundation", "investor" }, { "social investment", "investor" },
	{ "coop", "coop" }, { "co op", "coop" }, { "co operative", "coop" }, { "cooperative", "coop" },
	{ "social enterprise", "social-enterprise" }, { "cic", "social-enterprise" },
	{ "charity", "social-enterprise" }, { "community interest company", "social-enterprise" },
	{ "vcse", "social-enterprise" },
	/* As a sheet's ticket types name them, in the plural */
	{ "local authorities", "commissioner" }, { "councils", "commissioner" },
	{ "investors", "investor" }, { "social investors", "investor" }, { "funders", "investor" },
	{ "foundations", "investor" }, { "coops", "coop" }, { "co ops", "coop" }, { "co operatives", "coop" },
	{ "cooperatives", "coop" }, { "social enterprises", "social-enterprise" }, { "charities", "social-enterprise" },
	{ "cics", "social-enterprise" },
};

enum column { COL_NAME, COL_FIRST, COL_LAST, COL_ORG, COL_ROLE, COL_EMAIL, COLUMN_KINDS };

static const char *const header_words[COLUMN_KINDS][6] = {
	[COL_NAME] = { "name", "full name", "attendee name", "delegate name", NULL },
	[COL_FIRST] = { "first name", "firstname", "given name", "forename", NULL },
	[COL_LAST] = { "last name", "lastname", "surname", "family name", NULL },
	[COL_ORG] = { "organisation", "organization", "company", "organisation name", "employer", NULL },
	[COL_ROLE] = { "role", "sector", "type", "delegate type", "ticket type", NULL },
	[COL_EMAIL] = { "email", "e mail", "email address", "e mail address", NULL },
};

/* Lower case, punctuation to spaces, runs of spaces to one, trimmed. */
/* The length of the character at s if it shows nothing and means nothing
 * in a name, a role or a heading (a zero-width space, word joiner, soft
 * hyphen or byte order mark), else 0: it made "investor" an unknown role
 * that read as the known one, and "Na<ZWSP>me" no Name column. Zero-width
 * joiners and non-joiners stay: emoji and Persian names need them. */
static size_t invisible_at(const char *s)
{
	const unsigned char *c = (const unsigned char *)s;
	if (c[0] == 0xE2 && ((c[1] == 0x80 && c[2] == 0x8B) || (c[1] == 0x81 && c[2] == 0xA0)))
		return 3;
	if (c[0] == 0xEF && c[1] == 0xBB && c[2] == 0xBF)
		return 3;
	return c[0] == 0xC2 && c[1] == 0xAD ? 2 : 0;
}

static void normalise(const char *in, char *out, size_t size)
{
	size_t n = 0;
	bool space = true;
	for (; *in && n + 1 < size; in++) {
		size_t skip = invisible_at(in);
		if (skip) {
			in += skip - 1;
			continue;
		}
		unsigned char c = (unsigned char)*in;
		if (c >= 0x80 || isalnum(c)) {
			out[n++] = (char)(c < 0x80 ? tolower(c) : c);
			space = false;
		} else if (!space) {
			out[n++] = ' ';
			space = true;
		}
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

/* A cell as one line of text: every run of spaces, tabs, line breaks
 * (U+2028 and U+2029 too) and other control characters (C0, DEL and C1: a
 * sheet's NEL, U+0085, is a line break too) becomes one space, none at either end (a name typed over
 * two lines in a spreadsheet cell arrives with a CRLF inside), and byte
 * order marks go: alchemy check refuses every control character but tab
 * and line feed. */
static char *trimmed(const char *s)
{
	char *out = malloc(strlen(s) + 1);
	if (!out)
		return NULL;
	size_t n = 0;
	bool gap = false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		/* U+FEFF, a byte order mark a sheet glued from several files
		 * carries inside, and the other invisible characters: "X" with
		 * one was another name than X. */
		size_t skip = invisible_at(s);
		if (skip) {
			s += skip - 1;
			continue;
		}
		if (c <= ' ' || c == 0x7F || text_c1_control_at(s)) {
			s += c == 0xC2;
			gap = n > 0;
			continue;
		}
		size_t len;
		if (text_line_break_at(s, &len)) {   /* a line or paragraph separator: a line break too */
			s += len - 1;
			gap = n > 0;
			continue;
		}
		if (gap)
			out[n++] = ' ';
		gap = false;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return out;
}

struct mapping {
	char *columns[COLUMN_KINDS];
	char **pref_columns;
	size_t pref_count;
	char **role_from, **role_to;
	const struct ynode **role_nodes;   /* each role_to's place, for messages */
	size_t roles;
	const char *path;
	struct ydoc doc;
};

static bool load_map(const char *path, struct mapping *m, struct diag_list *d)
{
	memset(m, 0, sizeof(*m));
	if (!path)
		return true;
	if (!ydoc_load_file(&m->doc, path, NULL, NULL, d))
		return false;
	struct schema_ctx c = { path, d };
	size_t before = diag_total(d);
	static const struct key_spec top[] = { { "columns", false }, { "roles", false } };
	const struct ynode *v[2] = { NULL, NULL };
	if (m->doc.root)
		schema_map(&c, m->doc.root, "the map file", top, 2, v);
	if (v[0]) {
		static const struct key_spec cols[] = {
			{ "name", false }, { "first_name", false }, { "last_name", false }, { "organisation", false },
			{ "role", false }, { "email", false }, { "preferences", false },
		};
		const struct ynode *cv[7];
		schema_map(&c, v[0], "'columns'", cols, 7, cv);
		for (int k = 0; k < COLUMN_KINDS; k++)
			if (cv[k])
				m->columns[k] = (char *)schema_text(&c, cv[k], cols[k].name);
		/* One column read as two things would put the role in the e-mail. */
		for (int k = 0; k < COLUMN_KINDS; k++)
			for (int j = 0; j < k; j++)
				if (m->columns[k] && m->columns[j] && !strcmp(m->columns[k], m->columns[j]))
					schema_error(&c, cv[k], "column '%s' is already the %s (line %d); give each its own column",
						     m->columns[k], cols[j].name, cv[j]->line);
		if (cv[6] && schema_seq(&c, cv[6], "'preferences'", 50)) {
			m->pref_columns = calloc(cv[6]->count + 1, sizeof(char *));
			for (const struct ynode *it = cv[6]->first; it && m->pref_columns; it = it->next)
				if (schema_text(&c, it, "preferences"))
					m->pref_columns[m->pref_count++] = (char *)it->value;
		}
	}
	m->path = path;
	if (v[1] && v[1]->kind == YNODE_MAP && v[1]->count > EVENT_MAX_SMALL_LIST) {
		schema_error(&c, v[1], "'roles' maps %u values; the limit is %d", v[1]->count, EVENT_MAX_SMALL_LIST);
	} else if (v[1] && v[1]->kind == YNODE_MAP) {
		m->role_from = calloc(v[1]->count + 1, sizeof(char *));
		m->role_to = calloc(v[1]->count + 1, sizeof(char *));
		m->role_nodes = calloc(v[1]->count + 1, sizeof(*m->role_nodes));
		for (const struct ynode *k = v[1]->first; k && k->next && m->role_from && m->role_to && m->role_nodes;
		     k = k->next->next) {
			if (k->kind != YNODE_SCALAR || k->next->kind != YNODE_SCALAR) {
				schema_error(&c, k, "'roles' should map each value to one role id, e.g. 'Local authority: commissioner'");
				continue;
			}
			/* Matched as import matches values (case and spacing aside). */
			char a[256], b[256];
			normalise(k->value, a, sizeof(a));
			size_t j;
			for (j = 0; j < m->roles; j++) {
				normalise(m->role_from[j], b, sizeof(b));
				if (!strcmp(a, b))
					break;
			}
			if (j < m->roles) {
				schema_error(&c, k, "'%s' is mapped twice in 'roles' (first at line %d); keep one of them",
					     k->value, m->role_nodes[j]->line);
				continue;
			}
			m->role_from[m->roles] = (char *)k->value;
			m->role_nodes[m->roles] = k->next;
			m->role_to[m->roles++] = (char *)k->next->value;
		}
	} else if (v[1]) {
		schema_error(&c, v[1], "'roles' should map your values to role ids, e.g. 'Local authority: commissioner'");
	}
	return diag_total(d) == before;
}

static void free_map(struct mapping *m)
{
	free(m->pref_columns);
	free(m->role_from);
	free(m->role_to);
	free(m->role_nodes);
	ydoc_free(&m->doc);
}

/* The column of the header matching one of words (or the map's name). */
static int find_column(const struct csv_row *header, const char *mapped, const char *const *words)
{
	char h[256], w[256];
	for (size_t c = 0; c < header->count; c++) {
		normalise(header->cells[c], h, sizeof(h));
		if (mapped) {
			normalise(mapped, w, sizeof(w));
			if (!strcmp(h, w))
				return (int)c;
			continue;
		}
		for (int k = 0; words[k]; k++)
			if (!strcmp(h, words[k]))
				return (int)c;
	}
	return -1;
}

/* Preference columns: "Choice 1", "Preference 2", "First choice"... in order. */
static size_t find_preference_columns(const struct csv_row *header, const struct mapping *m, int *cols)
{
	size_t n = 0;
	if (m->pref_count) {
		for (size_t k = 0; k < m->pref_count && n < 16; k++) {
			const char *none[] = { NULL };
			int c = find_column(header, m->pref_columns[k], none);
			if (c >= 0)
				cols[n++] = c;
		}
		return n;
	}
	static const char *const ordinals[] = { "first", "second", "third", "fourth", "fifth" };
	for (int rank = 1; rank <= 10 && n < 16; rank++) {
		char want[4][64];
		snprintf(want[0], 64, "choice %d", rank);
		snprintf(want[1], 64, "preference %d", rank);
		snprintf(want[2], 64, "pref %d", rank);
		snprintf(want[3], 64, "%s choice", rank <= 5 ? ordinals[rank - 1] : "none");
		const char *words[] = { want[0], want[1], want[2], want[3], NULL };
		int c = find_column(header, NULL, words);
		if (c < 0)
			break;
		cols[n++] = c;
	}
	return n;
}

static const char *cell(const struct csv_row *row, int c)
{
	return c >= 0 && (size_t)c < row->count ? row->cells[c] : "";
}

/* A role value to a role id: the map's table, the event's role ids and
 * labels, then the common words. NULL if unknown. */
static const char *map_role(const char *value, const struct mapping *m, const struct event *ev)
{
	char v[256], w[256];
	normalise(value, v, sizeof(v));
	if (!v[0])
		return NULL;   /* "?" or "-": no words, so no role (a label of dashes read as one) */
	for (size_t k = 0; k < m->roles; k++) {
		normalise(m->role_from[k], w, sizeof(w));
		if (!strcmp(v, w))
			return m->role_to[k];
	}
	for (size_t r = 0; ev && r < ev->roles_count; r++) {
		char id[256], label[256];
		normalise(ev->roles[r].id, id, sizeof(id));
		normalise(ev->roles[r].label, label, sizeof(label));
		if (!strcmp(v, id) || !strcmp(v, label))
			return ev->roles[r].id;
	}
	for (size_t k = 0; k < sizeof(common_roles) / sizeof(common_roles[0]); k++)
		if (!strcmp(v, common_roles[k].value))
			return common_roles[k].role;
	return NULL;
}

const char *import_role_of(const char *value, const struct event *ev)
{
	struct mapping none = { 0 };
	const char *id = map_role(value, &none, ev);
	return id && event_find_role(ev, id) >= 0 ? id : NULL;
}

static bool role_exists(const char *id, const struct event *ev)
{
	if (!ev)
		return !strcmp(id, "commissioner") || !strcmp(id, "investor") || !strcmp(id, "coop") ||
		       !strcmp(id, "social-enterprise");
	return event_find_role(ev, id) >= 0;
}

static const char *map_theme(const char *value, const struct event *ev)
{
	char v[256], w[256];
	normalise(value, v, sizeof(v));
	if (!v[0])
		return NULL;   /* "?" or "-": no words, so no theme (as no role, above) */
	for (size_t j = 0; ev && j < ev->themes_count; j++) {
		normalise(ev->themes[j].id, w, sizeof(w));
		if (!strcmp(v, w))
			return ev->themes[j].id;
		normalise(ev->themes[j].title, w, sizeof(w));
		if (!strcmp(v, w))
			return ev->themes[j].id;
	}
	return NULL;
}

static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)tolower((unsigned char)*s)) * 16777619u;
	return h;
}

struct person {
	char *id, *name, *org, *role, *email;
	const char *prefs[16];
	size_t prefs_count;
	int existing;           /* index in the old roster, -1 new */
	int row;
	bool kept;              /* a bad row of someone in the roster: written as they were */
};

/* A row --skip-bad leaves out: what it said, to find who it was. */
struct bad_row {
	char *name, *org, *email;   /* as the sheet has them; may be NULL */
	char *why;
	int row;
};


/* Two rows that read the same in every column import reads. */
static bool same_row_read(const struct person *x, const struct person *y)
{
	if (strcmp(x->name, y->name) || strcmp(x->org, y->org) || strcmp(x->role, y->role) ||
	    strcmp(x->email, y->email) || x->prefs_count != y->prefs_count)
		return false;
	for (size_t k = 0; k < x->prefs_count; k++)
		if (strcmp(x->prefs[k], y->prefs[k]))
			return false;
	return true;
}

static int compare_rows(const void *a, const void *b)
{
	const struct person *x = a, *y = b;
	return (x->row > y->row) - (x->row < y->row);
}

static int compare_id_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Keep-apart lists and access needs are set by hand in the roster, never
 * in a sheet: a re-import keeps them. A keep-apart with someone the sheet
 * no longer has is dropped, and said (it would name nobody). */
static void keep_avoid_and_needs(struct strbuf *out, const struct event *ev, const struct delegate *old,
				 const char **ids_written, size_t n, struct diag_list *warnings, const char *out_path)
{
	size_t kept = 0;
	for (size_t a = 0; a < old->avoid_count; a++) {
		const char *other = ev->delegates[old->avoid[a]].id;
		if (!ids_written || !bsearch(&other, ids_written, n, sizeof(*ids_written), compare_id_strings)) {
			diag_add(warnings, DIAG_DATA, out_path, old->line, old->col,
				 "%s's keep-apart with %s was dropped: %s is no longer in the sheet", old->id, other, other);
			continue;
		}
		strbuf_puts(out, kept++ ? ", " : ", avoid: [");
		strbuf_puts(out, other);
	}
	if (kept)
		strbuf_puts(out, "]");
	for (size_t k = 0; k < old->needs_count; k++) {
		strbuf_puts(out, k ? ", " : ", needs: [");
		yaml_quoted(out, old->needs[k]);
	}
	if (old->needs_count)
		strbuf_puts(out, "]");
}

/* Does the sheet give the delegate the preferences the roster has? */
static bool same_preferences(const struct event *ev, const struct delegate *old, const struct person *p)
{
	if (old->preferences_count != p->prefs_count)
		return false;
	for (size_t q = 0; q < p->prefs_count; q++)
		if (strcmp(ev->themes[old->preferences[q]].id, p->prefs[q]))
			return false;
	return true;
}

/* An e-mail as a hash key: lower-cased (ASCII), as strcasecmp compared
 * them. glibc's hsearch hashes little more than a key's first eight bytes
 * ("person1@..." would all collide), so the key starts with its own
 * FNV-1a hash in hex. Names and organisations are keyed as the desk tells
 * them apart (named_alike_key). */
static char *email_key(const char *email)
{
	size_t len = strlen(email);
	char *k = malloc(8 + len + 1);
	if (!k)
		return NULL;
	char *t = k + 8;
	for (size_t i = 0; i < len; i++)
		t[i] = (char)tolower((unsigned char)email[i]);
	t[len] = '\0';
	char hex[9];
	snprintf(hex, sizeof(hex), "%08x", fnv1a(t));
	memcpy(k, hex, 8);
	return k;
}

/* A hash table (libc hsearch_r) from keys to 1-based indexes; the keys it
 * holds are freed with it. Lookups make re-importing n rows linear, where
 * comparing each row with every delegate before it took 41 s at 100,000. */
struct keyed {
	struct hsearch_data table;
	char **keys;
	size_t count, capacity;
	bool failed;
};

static void keyed_init(struct keyed *k, size_t expected)
{
	memset(k, 0, sizeof(*k));
	k->capacity = expected + 1;
	k->keys = calloc(k->capacity, sizeof(char *));
	k->failed = !k->keys || !hcreate_r(expected * 2 + 16, &k->table);
}

/* The index stored under key (1-based), or 0; with add, stores index
 * when the key is new (the key is taken over either way). */
static size_t keyed_find(struct keyed *k, char *key, size_t add)
{
	if (!key || k->failed) {
		free(key);
		k->failed |= !key;
		return 0;
	}
	ENTRY e = { .key = key, .data = (void *)(uintptr_t)add }, *found = NULL;
	if (!hsearch_r(e, add ? ENTER : FIND, &found, &k->table) || !found) {
		k->failed |= add != 0;
		free(key);
		return 0;
	}
	if (found->key != key) {
		free(key);
		return (size_t)(uintptr_t)found->data;
	}
	if (k->count == k->capacity) {
		char **keys = realloc(k->keys, k->capacity * 2 * sizeof(char *));
		if (!keys) {
			k->failed = true;
			return 0;
		}
		k->keys = keys;
		k->capacity *= 2;
	}
	k->keys[k->count++] = key;
	return 0;   /* new */
}

static void keyed_free(struct keyed *k)
{
	if (k->keys)
		hdestroy_r(&k->table);
	for (size_t i = 0; i < k->count; i++)
		free(k->keys[i]);
	free(k->keys);
}

/* The header's columns import does not read, said in one warning: a
 * sheet's own questions ("Which challenge would you most like to work
 * on?", access needs) were dropped in silence. */
#define UNREAD_NAMED 8
static bool column_read(size_t c, const int *col, const int *pref_cols, size_t npref)
{
	bool read = false;
	for (int k = 0; k < COLUMN_KINDS; k++)
		read |= col[k] == (int)c;
	for (size_t k = 0; k < npref; k++)
		read |= pref_cols[k] == (int)c;
	return read;
}

/* Whether any row below the header has something in cell c. */
static bool column_has_data(const struct csv_table *t, size_t c)
{
	for (size_t r = 1; r < t->count; r++)
		if (c < t->rows[r].count && !text_is_blank(t->rows[r].cells[c]))
			return true;
	return false;
}

static void say_unread_columns(const struct csv_table *t, const int *col, const int *pref_cols, size_t npref,
			       const char *csv_path, struct diag_list *warnings)
{
	const struct csv_row *header = &t->rows[0];
	struct strbuf names;
	strbuf_init(&names);
	size_t unread = 0, widest = header->count;
	for (size_t r = 1; r < t->count; r++)
		widest = t->rows[r].count > widest ? t->rows[r].count : widest;
	/* Past the last heading too: cells a row has beyond it were dropped
	 * in silence, as was a column with no heading. */
	for (size_t c = 0; c < widest; c++) {
		const char *heading = c < header->count ? header->cells[c] : "";
		if (column_read(c, col, pref_cols, npref) || (text_is_blank(heading) && !column_has_data(t, c)))
			continue;
		if (unread++ < UNREAD_NAMED) {
			char shown[256];
			text_fit(shown, sizeof(shown), heading, 40);
			bool twice = false;   /* a second "Role": the first is the one read */
			for (size_t k = 0; k < c && !twice; k++)
				twice = column_read(k, col, pref_cols, npref) && !strcmp(header->cells[k], heading);
			if (text_is_blank(heading))
				strbuf_printf(&names, "%scolumn %zu (no heading)", unread > 1 ? ", " : "", c + 1);
			else
				strbuf_printf(&names, "%s'%s'%s", unread > 1 ? ", " : "", shown,
					      twice ? " (a second of that name: the first is read)" : "");
		}
	}
	if (unread > UNREAD_NAMED)
		strbuf_printf(&names, " and %zu more", unread - UNREAD_NAMED);
	if (unread)
		diag_add(warnings, DIAG_DATA, csv_path, 1, 1,
			 "not read: %s; import reads each person's name, organisation, role, e-mail and "
			 "preferences, and a map file can name the column of any of them (docs/formats.md)",
			 names.failed ? "" : names.data);
	strbuf_free(&names);
}

/* The rows of one role value the event does not know: said once, at its
 * first row, with how many more have it (an Eventbrite "Ticket Type" of
 * "Delegate" on every row gave one line per attendee). */
struct unknown_role {
	int first_row, last_row;
	size_t rows;
};

/* Tallies the unknown role values of the role column; keys: the values.
 * NULL (with none) or the tally, *n entries; *rows_known: rows whose role
 * the event knows. */
static struct unknown_role *tally_unknown_roles(const struct csv_table *t, int col, const struct mapping *m,
						const struct event *ev, struct keyed *by_value, size_t *n,
						size_t *rows_known)
{
	struct unknown_role *tally = NULL;
	*n = *rows_known = 0;
	for (size_t r = 1; r < t->count; r++) {
		char *v = trimmed(cell(&t->rows[r], col));
		const char *role = v ? map_role(v, m, ev) : NULL;
		if (!v || text_is_blank(v) || (role && role_exists(role, ev))) {
			*rows_known += v && role && role_exists(role, ev);
			free(v);
			continue;
		}
		size_t at = keyed_find(by_value, v, *n + 1);
		if (at) {
			tally[at - 1].rows++;
			tally[at - 1].last_row = t->rows[r].number;
			continue;
		}
		if (by_value->failed)
			break;
		struct unknown_role *more = realloc(tally, (*n + 1) * sizeof(*tally));
		if (!more) {
			by_value->failed = true;
			break;
		}
		tally = more;
		tally[(*n)++] = (struct unknown_role){ t->rows[r].number, t->rows[r].number, 1 };
	}
	return tally;
}

/* The delegate of the old roster a row names and no other row has taken:
 * by e-mail first, then by name and organisation; 0 none, else index + 1. */
static size_t unmatched_old(struct keyed *by_email, struct keyed *by_name, const size_t *same_name_next,
			    const bool *matched, const char *email, const char *name, const char *org)
{
	size_t i = 0;
	if (email && email[0]) {
		i = keyed_find(by_email, email_key(email), 0);
		if (i && matched[i - 1])
			i = 0;
	}
	if (!i && name && org) {
		i = keyed_find(by_name, named_alike_key(name, org), 0);
		while (i && matched[i - 1])
			i = same_name_next[i - 1];
	}
	return i;
}


/* s folded (name_fold: case and accents aside) with its spaces and ASCII
 * punctuation dropped: "O'Neil" and "Oneil", "C.I.C." and "CIC" alike. */
static void typo_key(const char *s, char *out, size_t size)
{
	char folded[256];
	name_fold(s, folded, sizeof(folded));
	size_t k = 0;
	for (const char *c = folded; *c && k + 1 < size; c++)
		if (!((unsigned char)*c < 0x80 && (ispunct((unsigned char)*c) || isspace((unsigned char)*c))))
			out[k++] = *c;
	out[k] = '\0';
}

/* Keys (typo_key) a slip of the keyboard apart, not another name: the
 * same, two letters next to each other swapped (Smtih, Smith), or a letter
 * doubled (Philip, Phillip). Carl and Carol, Sam and Sue are two people. */
static bool typo_apart(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la == lb) {
		size_t i = 0;
		while (i < la && a[i] == b[i])
			i++;
		return i == la || (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && !strcmp(a + i + 2, b + i + 2));
	}
	if (la + 1 == lb)   /* b has one letter more: a doubled one */
		return typo_apart(b, a);
	if (lb + 1 != la)
		return false;
	size_t i = 0;
	while (i < lb && a[i] == b[i])
		i++;
	/* a[i] is the extra letter: next to its twin, and the rest the same */
	return ((i > 0 && a[i] == a[i - 1]) || a[i] == a[i + 1]) && !strcmp(a + i + 1, b + i);
}

/* Past this many pairs of a row and a delegate left unmatched, renamed
 * people are not looked for: each pair may be compared letter by letter
 * (500 rows against 500 delegates of one organisation: a tenth of a
 * second). A few names mended is the case this is for. */
#define RENAMED_PAIRS_MOST 250000

/* A name or organisation mended in the sheet (Smtih to Smith, Oneil to
 * O'Neil, C.I.C. to CIC) with no e-mail on either side to tell: the one
 * delegate left unmatched whose name and organisation are a slip apart
 * (typo_apart), where no other row is that near them either, keeps their
 * id, so their check-in and seat (re-importing Jon Smtih as Jon Smith took
 * one person out and added another). Only slips: a colleague sent in
 * someone's place (Carl Jones for Carol Jones) is another person, and
 * taking them for one would hand over the check-in. Each is said, with
 * what a desk does if it is someone else after all. Returns false when
 * memory runs out. */
static bool match_renamed(struct person *people, size_t good, const struct event *ev, bool *matched,
			  struct diag_list *warnings, const char *csv_path, int name_col)
{
	size_t old_n = 0, row_n = 0;
	for (size_t i = 0; i < ev->delegates_count; i++)
		old_n += !matched[i] && !(ev->delegates[i].email && ev->delegates[i].email[0]);
	for (size_t k = 0; k < good; k++)
		row_n += people[k].existing < 0 && !people[k].email[0];
	if (!old_n || !row_n || old_n * row_n > RENAMED_PAIRS_MOST)
		return true;
	/* The delegates left, each folded once: their index, name, organisation. */
	size_t *left = malloc(old_n * sizeof(size_t));
	char (*name_of)[256] = malloc(old_n * sizeof(*name_of)), (*org_of)[256] = malloc(old_n * sizeof(*org_of));
	int *choice = malloc(good * sizeof(int)), *chosen = calloc(old_n, sizeof(int));
	bool ok = left && name_of && org_of && choice && chosen;
	for (size_t i = 0, x = 0; ok && i < ev->delegates_count; i++)
		if (!matched[i] && !(ev->delegates[i].email && ev->delegates[i].email[0])) {
			left[x] = i;
			typo_key(ev->delegates[i].name, name_of[x], sizeof(name_of[x]));
			typo_key(ev->delegates[i].organisation, org_of[x], sizeof(org_of[x]));
			x++;
		}
	for (size_t k = 0; ok && k < good; k++) {
		choice[k] = -1;
		if (people[k].existing >= 0 || people[k].email[0])
			continue;
		char name[256], org[256];
		typo_key(people[k].name, name, sizeof(name));
		typo_key(people[k].org, org, sizeof(org));
		int near = 0;
		for (size_t x = 0; x < old_n && near < 2; x++)
			if (name[0] && org[0] && typo_apart(org, org_of[x]) && typo_apart(name, name_of[x]))
				choice[k] = near++ ? -1 : (int)x;
		if (choice[k] >= 0)
			chosen[choice[k]]++;
	}
	for (size_t k = 0; ok && k < good; k++) {
		if (choice[k] < 0 || chosen[choice[k]] != 1)
			continue;
		struct person *p = &people[k];
		size_t i = left[choice[k]];
		p->existing = (int)i;
		matched[i] = true;
		diag_add(warnings, DIAG_DATA, csv_path, p->row, name_col + 1,
			 "%s (%s) is taken as %s, %s (%s) before, respelt: they keep that id, check-in and seat; if this is someone else sent in their place, they keep the seat, and a desk marks them expected (alchemy checkin %s %s --expected) until they arrive",
			 p->name, p->org, ev->delegates[i].id, ev->delegates[i].name, ev->delegates[i].organisation,
			 ev->path, ev->delegates[i].id);
	}
	free(left);
	free(name_of);
	free(org_of);
	free(choice);
	free(chosen);
	return ok;
}

/* The role column: of the columns a role may be in ("Ticket Type",
 * "Sector"...), the one whose values map to the most roles, so a ticket
 * type that is "Delegate" on every row does not hide the sector. */
static int find_role_column(const struct csv_table *t, const struct mapping *m, const struct event *ev)
{
	const struct csv_row *header = &t->rows[0];
	if (m->columns[COL_ROLE])
		return find_column(header, m->columns[COL_ROLE], header_words[COL_ROLE]);
	int best = -1;
	size_t best_hits = 0;
	char h[256];
	for (size_t c = 0; c < header->count; c++) {
		normalise(header->cells[c], h, sizeof(h));
		bool candidate = false;
		for (int k = 0; header_words[COL_ROLE][k]; k++)
			candidate |= !strcmp(h, header_words[COL_ROLE][k]);
		if (!candidate)
			continue;
		size_t hits = 0;
		for (size_t r = 1; r < t->count; r++) {
			char *v = trimmed(cell(&t->rows[r], (int)c));
			const char *role = v ? map_role(v, m, ev) : NULL;
			hits += role && role_exists(role, ev);
			free(v);
		}
		if (best < 0 || hits > best_hits) {
			best = (int)c;
			best_hits = hits;
		}
	}
	return best;
}

/* Why a cell cannot be a name or organisation, or NULL: the same rules
 * alchemy check applies, so import never writes a roster check refuses. */
static const char *value_problem(const char *s)
{
	if (!s || text_is_blank(s))
		return "is missing";
	if (strlen(s) > YAML_MAX_SCALAR_BYTES)
		return "is over 64 KiB";
	return NULL;
}

/* Progress every 1,024 rows of a stage; true when asked to stop, said
 * once in d. */
/* Who the plan beside the event seats and the new roster no longer has:
 * their seats are free once the day is next opened (plan_load), said here
 * first by name. A plan that does not load is said by whatever opens it. */
#define SEATED_NAMED 10
/* One more in a list of people said by name: "ID (Name), ..." for the
 * first SEATED_NAMED, then names_said_end's "and N more". */
static void name_one_more(struct strbuf *names, size_t *count, const struct delegate *p)
{
	if ((*count)++ < SEATED_NAMED)
		strbuf_printf(names, "%s%s (%s)", *count > 1 ? ", " : "", p->id, p->name);
}

static void names_said_end(struct strbuf *names, size_t count)
{
	if (count > SEATED_NAMED)
		strbuf_printf(names, " and %zu more", count - SEATED_NAMED);
}

static void say_seated_removed(const struct event *ev, const bool *matched, struct diag_list *warnings)
{
	char *path = plan_default_path(ev);
	struct plan plan;
	struct diag_list quiet, gone;
	diag_list_init(&quiet);
	diag_list_init(&gone);
	if (path && access(path, F_OK) == 0 && plan_load(ev, path, &plan, &gone, &quiet)) {
		struct strbuf names;
		strbuf_init(&names);
		size_t seated = 0;
		for (size_t i = 0; i < ev->delegates_count; i++) {
			bool in_plan = false;
			for (size_t r = 0; !matched[i] && r < plan.rounds_count; r++)
				in_plan |= plan.rounds[r].seat[i] >= 0;
			if (in_plan)
				name_one_more(&names, &seated, &ev->delegates[i]);
		}
		names_said_end(&names, seated);
		if (seated)
			diag_add(warnings, DIAG_DATA, path, 0, 0,
				 "%zu seated delegate%s left the roster: %s; %s now free (on the day alchemy rebalance fills them, before it alchemy allocate makes a new plan)",
				 seated, seated == 1 ? "" : "s", names.failed ? "" : names.data,
				 seated == 1 ? "their seat is" : "their seats are");
		strbuf_free(&names);
		plan_free(&plan);
	}
	diag_list_free(&quiet);
	diag_list_free(&gone);
	free(path);
}

/* Who the day has checked in among those the sheet takes out: they are in
 * the room, and their check-in goes with their id. Said by name, read
 * before the roster is replaced (the day's journal names them by id). */
static void say_arrived_removed(const char *event_path, const struct event *ev, const bool *matched,
				size_t old_count, struct diag_list *warnings)
{
	struct day dy;
	struct diag_list quiet;
	diag_list_init(&quiet);
	if (!day_open(&dy, event_path, DAY_NO_FIGURES, &quiet)) {
		diag_list_free(&quiet);
		return;
	}
	struct strbuf names;
	strbuf_init(&names);
	size_t arrived = 0;
	for (size_t i = 0; i < old_count; i++) {
		int k = matched[i] ? -1 : event_find_delegate(&dy.ev, ev->delegates[i].id);
		if (k >= 0 && day_attendance(&dy, k) == ATT_ARRIVED)
			name_one_more(&names, &arrived, &ev->delegates[i]);
	}
	names_said_end(&names, arrived);
	if (arrived)
		diag_add(warnings, DIAG_DATA, dy.journal_dir, 0, 0,
			 "%zu of those removed had arrived (checked in today): %s; if they are still here, put %s row back "
			 "as it was and import again (the check-in comes back with the id), or add them at the desk",
			 arrived, names.failed ? "" : names.data, arrived == 1 ? "their" : "each one's");
	strbuf_free(&names);
	day_close(&dy);
	diag_list_free(&quiet);
}

static bool rows_progress(const struct import_options *o, const char *stage, size_t k, size_t n, bool *stopped,
			  const char *csv_path, struct diag_list *d)
{
	if (*stopped || k % 1024 != 0 || !progress_report(o->progress, stage, n ? (double)k / (double)n : 0))
		return *stopped;
	diag_add(d, DIAG_DATA, csv_path, 0, 0, "stopped before the roster was written: nothing written");
	return *stopped = true;
}

bool import_roster(const char *csv_path, const char *out_path, const struct import_options *o,
		   struct import_result *r, struct diag_list *d)
{
	memset(r, 0, sizeof(*r));
	strbuf_init(&r->changes);
	diag_list_init(&r->warnings);
	struct csv_table t;
	struct mapping m;
	if (!load_map(o->map_path, &m, d)) {
		free_map(&m);
		return false;
	}
	if (!csv_read_file(csv_path, &t, d)) {
		free_map(&m);
		return false;
	}
	r->converted = t.converted;
	r->encoding = t.encoding;
	/* The event beside the output: roles, themes, and who is there already.
	 * A roster that does not load is refused, not taken for an empty one:
	 * that would give everyone new ids and drop pins and check-ins. */
	char event_path[4096];
	const char *slash = strrchr(out_path, '/');
	int folder = slash ? (int)(slash - out_path) + 1 : 0;
	snprintf(event_path, sizeof(event_path), "%.*sevent.yaml", folder, folder ? out_path : "");
	struct event ev;
	bool have_event = false, ok = true, stopped = false;
	struct stat out_st;
	bool out_exists = stat(out_path, &out_st) == 0 && S_ISREG(out_st.st_mode) && out_st.st_size > 0;
	if (access(event_path, F_OK) == 0) {
		have_event = event_load_for_import(&ev, event_path, d);
		if (!have_event) {
			diag_add(d, DIAG_DATA, event_path, 0, 0,
				 "the event beside %s does not load (above), so its delegates' ids, pins and check-ins cannot be kept; fix it, then import again",
				 out_path);
			ok = false;
		}
	} else if (out_exists) {
		diag_add(d, DIAG_DATA, out_path, 0, 0,
			 "there is no %s beside it to read it with, so re-importing would drop its ids, pins, preferences and check-ins; import into the event's folder, or remove %s first",
			 event_path, out_path);
		ok = false;
	}
	/* Never onto one of the event's other files, the sheet or the map. */
	const struct input_ref sheets[] = { { csv_path, "the sheet being imported" },
					    { o->map_path, "the map file" } };
	size_t sheets_count = o->map_path ? 2 : 1;
	if (ok && !(have_event ? event_output_allowed(&ev, out_path, EVENT_OUT_ROSTER, sheets, sheets_count, d)
			       : output_not_an_input(out_path, sheets, sheets_count, NULL, 0, d)))
		ok = false;
	/* Ids, pins and check-ins are read from the event's roster: another
	 * existing file would be replaced without its own being kept. */
	struct stat roster_st;
	if (ok && have_event && out_exists &&
	    (stat(ev.roster_path, &roster_st) != 0 || roster_st.st_dev != out_st.st_dev ||
	     roster_st.st_ino != out_st.st_ino)) {
		diag_add(d, DIAG_CANTCREAT, out_path, 0, 0,
			 "is not the roster of %s beside it (%s), whose ids and pins import keeps; import into %s, or remove %s first",
			 event_path, ev.roster_path, ev.roster_path, out_path);
		ok = false;
	}
	const struct event *evp = have_event ? &ev : NULL;
	/* A role the map names must exist: said at the map's line, not blamed
	 * on every CSV row that uses it. */
	for (size_t k = 0; ok && k < m.roles; k++)
		if (!role_exists(m.role_to[k], evp)) {
			diag_add(d, DIAG_DATA, m.path, m.role_nodes[k]->line, m.role_nodes[k]->col,
				 "'%s' is not a role id of the event (for '%s'); use one of its roles' ids", m.role_to[k],
				 m.role_from[k]);
			ok = false;
		}
	if (ok && t.count == 0) {
		diag_add(d, DIAG_DATA, csv_path, 1, 1, "the file is empty; the first row should name the columns");
		ok = false;
	}
	const struct csv_row *header = ok ? &t.rows[0] : NULL;
	int col[COLUMN_KINDS];
	for (int k = 0; ok && k < COLUMN_KINDS; k++)
		col[k] = k == COL_ROLE ? find_role_column(&t, &m, evp) : find_column(header, m.columns[k], header_words[k]);
	if (ok && col[COL_NAME] < 0 && (col[COL_FIRST] < 0 || col[COL_LAST] < 0)) {
		diag_add(d, DIAG_DATA, csv_path, 1, 1,
			 "no column for the name: expected Name, or First Name and Last Name; or name it in a map file (columns: {name: ...})");
		ok = false;
	}
	/* Where a row's name is, for what is said of it (col is unset where
	 * the sheet was refused before its header was read). */
	int name_col = ok ? (col[COL_NAME] >= 0 ? col[COL_NAME] : col[COL_FIRST]) : -1;
	if (ok && col[COL_ORG] < 0) {
		diag_add(d, DIAG_DATA, csv_path, 1, 1,
			 "no column for the organisation: expected Organisation, Organization or Company; or name it in a map file");
		ok = false;
	}
	if (ok && col[COL_ROLE] < 0) {
		diag_add(d, DIAG_DATA, csv_path, 1, 1,
			 "no column for the role: expected Role, Sector or Type; or name it in a map file");
		ok = false;
	}
	if (ok && t.count == 1 && have_event && ev.delegates_count) {
		diag_add(d, DIAG_DATA, csv_path, 2, 1,
			 "no rows below the header; importing it would remove all %zu delegates: check this is the right file",
			 ev.delegates_count);
		ok = false;
	}
	if (ok && t.count - 1 > EVENT_MAX_DELEGATES) {
		diag_add(d, DIAG_DATA, csv_path, t.rows[EVENT_MAX_DELEGATES + 1].number, 1,
			 "more than %d delegates; the limit is %d", EVENT_MAX_DELEGATES, EVENT_MAX_DELEGATES);
		ok = false;
	}
	int pref_cols[16];
	size_t npref = ok ? find_preference_columns(header, &m, pref_cols) : 0;
	if (ok)
		say_unread_columns(&t, col, pref_cols, npref, csv_path, &r->warnings);
	size_t old_count = have_event ? ev.delegates_count : 0;
	struct person *people = calloc(t.count ? t.count : 1, sizeof(*people));
	struct bad_row *bads = calloc(t.count ? t.count : 1, sizeof(*bads));
	size_t bads_count = 0;
	r->skipped_rows = calloc(t.count ? t.count : 1, sizeof(*r->skipped_rows));
	bool *matched = calloc(old_count + 1, sizeof(bool));
	size_t *same_name_next = calloc(old_count + 1, sizeof(size_t));   /* old delegates sharing a name key */
	struct keyed rows_by_email, old_by_email, old_by_name, ids;
	keyed_init(&rows_by_email, t.count);
	keyed_init(&old_by_email, old_count);
	keyed_init(&old_by_name, old_count);
	keyed_init(&ids, t.count);
	if (!people || !bads || !r->skipped_rows || !matched || !same_name_next)
		ok = false;
	for (size_t i = 0; ok && i < old_count; i++) {
		const struct delegate *old = &ev.delegates[i];
		if (old->email && old->email[0])
			keyed_find(&old_by_email, email_key(old->email), i + 1);
		size_t first = keyed_find(&old_by_name, named_alike_key(old->name, old->organisation), i + 1);
		if (first) {   /* chain after the first of the same name */
			size_t *link = &same_name_next[first - 1];
			while (*link)
				link = &same_name_next[*link - 1];
			*link = i + 1;
		}
	}
	struct keyed unknown_by_value;
	size_t unknown_count = 0, rows_known = 0;
	keyed_init(&unknown_by_value, t.count);   /* hsearch_r tables do not grow */
	struct unknown_role *unknown = ok ? tally_unknown_roles(&t, col[COL_ROLE], &m, evp, &unknown_by_value,
								&unknown_count, &rows_known) : NULL;
	if (ok && unknown_by_value.failed) {
		diag_add(d, DIAG_IO, csv_path, 0, 0, "out of memory");
		ok = false;
	}
	char role_ids[256] = "";   /* the event's roles (role_exists's without one), for a message */
	if (!evp)
		snprintf(role_ids, sizeof(role_ids), "commissioner, investor, coop, social-enterprise");
	for (size_t k = 0; evp && k < evp->roles_count; k++)
		snprintf(role_ids + strlen(role_ids), sizeof(role_ids) - strlen(role_ids), "%s%s", k ? ", " : "",
			 evp->roles[k].id);
	bool dropped_preferences = false, said_no_role_column = false;
	size_t n = 0;
	for (size_t ri = 1; ok && ri < t.count; ri++) {
		if (rows_progress(o, "reading rows", ri - 1, t.count - 1, &stopped, csv_path, d)) {
			ok = false;
			break;
		}
		const struct csv_row *row = &t.rows[ri];
		r->rows++;
		struct person *p = &people[n];
		bool bad = false;
		if (col[COL_NAME] >= 0 && cell(row, col[COL_NAME])[0]) {
			p->name = trimmed(cell(row, col[COL_NAME]));
		} else if (col[COL_FIRST] >= 0) {
			char *first = trimmed(cell(row, col[COL_FIRST])), *last = trimmed(cell(row, col[COL_LAST]));
			size_t len = first && last ? strlen(first) + strlen(last) + 2 : 0;
			p->name = len ? malloc(len) : NULL;
			if (p->name)
				snprintf(p->name, len, "%s%s%s", first, first[0] && last[0] ? " " : "", last);
			free(first);
			free(last);
		} else {
			p->name = strdup("");
		}
		p->org = trimmed(cell(row, col[COL_ORG]));
		p->email = trimmed(cell(row, col[COL_EMAIL]));
		char *role_value = trimmed(cell(row, col[COL_ROLE]));
		const char *why;
		struct strbuf whys;   /* the row's problems in short, for --skip-bad's list */
		strbuf_init(&whys);
		if ((why = value_problem(p->name))) {
			diag_add(d, DIAG_DATA, csv_path, row->number, name_col + 1, "the name %s; fill it in or remove the row",
				 why);
			strbuf_printf(&whys, "; the name %s", why);
			bad = true;
		}
		if ((why = value_problem(p->org))) {
			diag_add(d, DIAG_DATA, csv_path, row->number, col[COL_ORG] + 1, "the organisation %s", why);
			strbuf_printf(&whys, "; the organisation %s", why);
			bad = true;
		}
		if (p->email && strlen(p->email) > YAML_MAX_SCALAR_BYTES) {
			diag_add(d, DIAG_DATA, csv_path, row->number, col[COL_EMAIL] + 1, "the e-mail is over 64 KiB");
			strbuf_puts(&whys, "; the e-mail is over 64 KiB");
			bad = true;
		}
		const char *role = map_role(role_value ? role_value : "", &m, evp);
		if ((!role || !role_exists(role, evp)) && (!role_value || text_is_blank(role_value))) {
			diag_add(d, DIAG_DATA, csv_path, row->number, col[COL_ROLE] + 1,
				 "the role is missing; fill it in or remove the row");
			strbuf_puts(&whys, "; the role is missing");
			bad = true;
		} else if (!role || !role_exists(role, evp)) {
			size_t at = keyed_find(&unknown_by_value, strdup(role_value ? role_value : ""), 0);
			const struct unknown_role *u = at ? &unknown[at - 1] : NULL;
			char more[96] = "";
			if (u && u->rows > 1)
				snprintf(more, sizeof(more), ", here and in %zu more row%s to row %d", u->rows - 1,
					 u->rows == 2 ? "" : "s", u->last_row);
			/* A column with no known role at all is likely not the
			 * roles' column: mapping its value would give everyone
			 * one role, so that is not what is suggested first. */
			if ((!u || u->first_row == row->number) && rows_known)
				diag_add(d, DIAG_DATA, csv_path, row->number, col[COL_ROLE] + 1,
					 "unknown role '%s' (column '%s')%s; map it in a map file (roles: {\"%s\": commissioner}) "
					 "or use a role id",
					 role_value ? role_value : "", cell(header, col[COL_ROLE]), more,
					 role_value ? role_value : "");
			else if ((!u || u->first_row == row->number) && !said_no_role_column) {
				diag_add(d, DIAG_DATA, csv_path, row->number, col[COL_ROLE] + 1,
					 "'%s' is no role (column '%s')%s, and no row of that column names one: add a column "
					 "Role with each person's role (%s), or, if another column holds the roles, name it "
					 "in a map file (columns: {role: \"Sector\"})",
					 role_value ? role_value : "", cell(header, col[COL_ROLE]), more, role_ids);
				said_no_role_column = true;   /* the advice once, not once a value */
			} else if (!u || u->first_row == row->number)
				diag_add(d, DIAG_DATA, csv_path, row->number, col[COL_ROLE] + 1, "'%s' is no role either%s",
					 role_value ? role_value : "", more);
			strbuf_printf(&whys, "; unknown role '%s'", role_value ? role_value : "");
			bad = true;
		} else {
			p->role = strdup(role);
		}
		free(role_value);
		for (size_t k = 0; k < npref; k++) {
			char *v = trimmed(cell(row, pref_cols[k]));
			if (v && v[0]) {
				const char *theme = map_theme(v, evp);
				if (!theme && have_event) {
					diag_add(d, DIAG_DATA, csv_path, row->number, pref_cols[k] + 1,
						 "'%s' is not one of the event's themes (by id or title)", v);
					strbuf_printf(&whys, "; '%s' is not one of the event's themes", v);
					bad = true;
				} else if (!theme) {
					dropped_preferences = true;
				} else {
					bool dup = false;
					for (size_t q = 0; q < p->prefs_count; q++)
						dup |= !strcmp(p->prefs[q], theme);
					if (!dup)
						p->prefs[p->prefs_count++] = theme;
				}
			}
			free(v);
		}
		p->row = row->number;
		p->existing = -1;
		/* The same attendee on two rows (a second ticket, a resubmitted
		 * form) is one delegate with one badge: said, and kept once. */
		bad |= !p->email;   /* out of memory */
		bool merged = false;
		if (!bad && p->email[0]) {
			size_t earlier = keyed_find(&rows_by_email, email_key(p->email), n + 1);
			if (earlier) {
				const struct person *first = &people[earlier - 1];
				if (p->name && first->name && strcmp(p->name, first->name))
					/* Two names: say who is left out (a shared office inbox?). */
					diag_add(&r->warnings, DIAG_DATA, csv_path, row->number, col[COL_EMAIL] + 1,
						 "%s has the same e-mail as row %d (%s); imported once, from row %d, so %s is left out: if they are two people, give each their own e-mail",
						 p->name, first->row, first->name, first->row, p->name);
				else
					diag_add(&r->warnings, DIAG_DATA, csv_path, row->number, col[COL_EMAIL] + 1,
						 "the same e-mail as row %d (%s); imported once, from row %d", first->row,
						 first->name, first->row);
				r->merged++;
				merged = true;
			}
		}
		if (bad && whys.len && bads_count < t.count) {
			/* Kept aside: a row of someone already in the roster keeps them as they were. */
			struct bad_row *b = &bads[bads_count++];
			b->name = p->name;
			b->org = p->org;
			b->email = p->email;
			b->why = strdup(whys.failed ? "" : whys.data + 2);
			b->row = row->number;
			p->name = p->org = p->email = NULL;
		}
		strbuf_free(&whys);
		if (bad || merged) {
			r->skipped += bad;
			free(p->name);
			free(p->org);
			free(p->email);
			free(p->role);
			memset(p, 0, sizeof(*p));
			continue;
		}
		n++;
	}
	if (rows_by_email.failed || old_by_email.failed || old_by_name.failed)
		ok = false;
	/* The same person as before: by e-mail first (every row), then by name
	 * and organisation for the rest (an e-mail that changed), as
	 * docs/formats.md promises. */
	for (size_t k = 0; ok && k < n; k++) {
		struct person *p = &people[k];
		if (rows_progress(o, "matching rows", k, 2 * n, &stopped, csv_path, d)) {
			ok = false;
			break;
		}
		if (!p->email[0])
			continue;
		size_t i = keyed_find(&old_by_email, email_key(p->email), 0);
		if (i && !matched[i - 1]) {
			p->existing = (int)(i - 1);
			matched[i - 1] = true;
		}
	}
	for (size_t k = 0; ok && k < n; k++) {
		struct person *p = &people[k];
		if (rows_progress(o, "matching rows", n + k, 2 * n, &stopped, csv_path, d)) {
			ok = false;
			break;
		}
		if (p->existing >= 0)
			continue;
		size_t i = keyed_find(&old_by_name, named_alike_key(p->name, p->org), 0);
		while (i && matched[i - 1])
			i = same_name_next[i - 1];
		if (i) {
			p->existing = (int)(i - 1);
			matched[i - 1] = true;
		}
	}
	/* A bad row of someone the roster has keeps them exactly as they were
	 * (pin, host, check-in, needs): a typo in a role must not take a table
	 * host out of the roster. The rest are skipped, each named. */
	size_t good = n;
	for (size_t k = 0; ok && k < bads_count; k++) {
		struct bad_row *b = &bads[k];
		size_t i = have_event ? unmatched_old(&old_by_email, &old_by_name, same_name_next, matched, b->email,
						      b->name, b->org)
				      : 0;
		const struct delegate *old = i ? &ev.delegates[i - 1] : NULL;
		struct person *p = old ? &people[n] : NULL;
		if (p) {
			matched[i - 1] = true;
			p->name = strdup(old->name);
			p->org = strdup(old->organisation);
			p->email = strdup(old->email ? old->email : "");
			p->role = strdup(ev.roles[old->role].id);
			p->existing = (int)(i - 1);
			p->row = b->row;
			p->kept = true;
			n++;
			ok = p->name && p->org && p->email && p->role;
		}
		struct import_skipped *x = &r->skipped_rows[r->skipped_rows_count++];
		x->row = b->row;
		x->name = strdup(b->name && b->name[0] ? b->name : "");
		x->organisation = strdup(b->org ? b->org : "");
		x->why = b->why;
		b->why = NULL;
		x->kept_id = old ? strdup(old->id) : NULL;
		r->kept += old != NULL;
		if (!x->name || !x->organisation || (old && !x->kept_id))
			ok = false;
	}
	if (ok && have_event && !match_renamed(people, good, &ev, matched, &r->warnings, csv_path, name_col))
		ok = false;
	if (r->kept)   /* in the sheet's order, as if their rows had been good */
		qsort(people, n, sizeof(*people), compare_rows);
	if (ok && o->skip_bad && r->skipped && !good) {
		/* As a header-only sheet: nothing in it to write, so nobody is removed. */
		if (old_count)
			diag_add(d, DIAG_DATA, csv_path, 2, 1,
				 "every row below the header is bad (%zu, above): with no good row to write, importing would take the roster's %zu delegates out, so nothing is written; fix the rows",
				 r->skipped, old_count);
		else
			diag_add(d, DIAG_DATA, csv_path, 2, 1,
				 "every row below the header is bad (%zu, above): there is no good row to write, so nothing is written; fix the rows",
				 r->skipped);
		ok = false;
	}
	for (size_t k = 0; ok && k < n; k++) {
		struct person *p = &people[k];
		char id[32];
		if (p->existing >= 0) {
			snprintf(id, sizeof(id), "%s", ev.delegates[p->existing].id);
		} else {
			char key[1024];   /* as ids were always made: stable across versions */
			if (p->email[0])
				snprintf(key, sizeof(key), "%s", p->email);
			else
				snprintf(key, sizeof(key), "%s|%s", p->name, p->org);
			uint32_t h = fnv1a(key);
			for (int salt = 0;; salt++) {
				snprintf(id, sizeof(id), "p%08x", h + (uint32_t)salt);
				bool taken = have_event && event_find_delegate(&ev, id) >= 0;
				if (!taken && !keyed_find(&ids, strdup(id), 0))
					break;
			}
		}
		keyed_find(&ids, strdup(id), k + 1);
		p->id = strdup(id);
		if (!p->id || ids.failed)
			ok = false;
	}
	if (dropped_preferences)
		diag_add(&r->warnings, DIAG_DATA, csv_path, 1, pref_cols[0] + 1,
			 "there is no %s beside %s to match the preference columns to themes, so they were left out; import into the event's folder to keep them",
			 event_path, out_path);
	if (ok && r->skipped && !o->skip_bad) {
		ok = false;   /* nothing written while a row is bad */
	}
	bool kept_preferences = false;
	/* The ids the new roster will hold, sorted: a kept keep-apart must name one. */
	const char **ids_written = ok && n ? malloc(n * sizeof(*ids_written)) : NULL;
	for (size_t k = 0; ids_written && k < n; k++)
		ids_written[k] = people[k].id;
	if (ids_written)
		qsort(ids_written, n, sizeof(*ids_written), compare_id_strings);
	/* Rows by name and organisation: a row repeating an earlier one, the
	 * two without an e-mail each, is added as a second delegate (two
	 * namesakes are possible), and said now rather than first by alchemy
	 * check. */
	struct keyed rows_by_name;
	keyed_init(&rows_by_name, n);
	if (ok) {
		struct strbuf out;
		strbuf_init(&out);
		strbuf_printf(&out, "# Imported by alchemy from %s. Ids stay the same when the file is imported again.\ndelegates:%s\n",
			      csv_path, n ? "" : " []");
		for (size_t k = 0; k < n; k++) {
			struct person *p = &people[k];
			const struct delegate *old = p->existing >= 0 ? &ev.delegates[p->existing] : NULL;
			strbuf_printf(&out, "  - {id: %s, name: ", p->id);
			yaml_quoted(&out, p->name);
			strbuf_puts(&out, ", organisation: ");
			yaml_quoted(&out, p->org);
			strbuf_printf(&out, ", role: %s", p->role);
			if (p->email[0]) {
				strbuf_puts(&out, ", email: ");
				yaml_quoted(&out, p->email);
			}
			if (p->prefs_count) {
				strbuf_puts(&out, ", preferences: [");
				for (size_t q = 0; q < p->prefs_count; q++)
					strbuf_printf(&out, "%s%s", q ? ", " : "", p->prefs[q]);
				strbuf_puts(&out, "]");
			} else if ((!npref || p->kept) && old && old->preferences_count) {
				/* A sheet without preference columns says nothing about
				 * them: the roster's are kept, not dropped unsaid. */
				strbuf_puts(&out, ", preferences: [");
				for (size_t q = 0; q < old->preferences_count; q++)
					strbuf_printf(&out, "%s%s", q ? ", " : "", ev.themes[old->preferences[q]].id);
				strbuf_puts(&out, "]");
				kept_preferences |= !npref;
			}
			/* What the organiser set by hand survives a re-import. */
			if (old && old->pinned_table >= 0) {
				strbuf_puts(&out, ", table: ");
				yaml_quoted(&out, ev.tables[old->pinned_table].id);
			}
			if (old && old->host)
				strbuf_puts(&out, ", host: true");
			if (old)
				keep_avoid_and_needs(&out, &ev, old, ids_written, n, &r->warnings, out_path);
			if (old && !old->present)
				strbuf_puts(&out, ", present: false");
			strbuf_puts(&out, "}\n");
			/* Two e-mails tell two namesakes apart; one alone does not
			 * (one sign-up gave it, the other not), as check says. */
			size_t twin = keyed_find(&rows_by_name, named_alike_key(p->name, p->org), k + 1);
			if (twin && p->email[0] && people[twin - 1].email[0])
				twin = 0;
			if (!old && twin) {
				/* Spelled otherwise there than in case (Strauß, Strauss): said, so the
				 * organiser sees why the two are taken for one. */
				const struct person *q = &people[twin - 1];
				bool same_spelling = !strcasecmp(q->name, p->name) && !strcasecmp(q->org, p->org);
				struct strbuf as;
				strbuf_init(&as);
				if (!same_spelling)
					strbuf_printf(&as, ", as %s (%s)", q->name, q->org);
				if (same_row_read(p, q))
					/* Every column read alike: most likely one sign-up sent twice. */
					diag_add(&r->warnings, DIAG_DATA, csv_path, p->row, name_col + 1,
						 "row %d again: %s (%s), every column read the same, likely one person signed up twice; it is added as a second delegate (%s): remove this row and import again if it is one person",
						 q->row, p->name, p->org, p->id);
				else
					diag_add(&r->warnings, DIAG_DATA, csv_path, p->row, name_col + 1,
						 "%s (%s) is on row %d too%s, and %s, so this row is added as a second delegate (%s); if they are one person, remove this row and import again",
						 p->name, p->org, q->row, as.data ? as.data : "",
						 p->email[0] || q->email[0] ? "only one of the two gives an e-mail" : "no e-mail tells the two apart",
						 p->id);
				strbuf_free(&as);
			}
			if (!old) {
				r->added++;
				strbuf_printf(&r->changes, "added   %s %s (%s)\n", p->id, p->name, p->org);
			} else if (!p->kept && (strcmp(old->name, p->name) || strcmp(old->organisation, p->org) ||
				   strcmp(ev.roles[old->role].id, p->role) ||
				   strcmp(old->email ? old->email : "", p->email) ||
				   (npref && !same_preferences(&ev, old, p)))) {
				r->changed++;
				strbuf_printf(&r->changes, "changed %s %s (%s)\n", p->id, p->name, p->org);
			}
		}
		if (kept_preferences)
			diag_add(&r->warnings, DIAG_DATA, csv_path, 1, 1,
				 "no preference columns; the preferences already in %s were kept", out_path);
		for (size_t i = 0; i < old_count; i++)
			if (!matched[i]) {
				r->removed++;
				strbuf_printf(&r->changes, "removed %s %s (%s)\n", ev.delegates[i].id, ev.delegates[i].name,
					      ev.delegates[i].organisation);
			}
		r->written = n;
		if (!o->remove_missing && r->removed >= 5 && 2 * r->removed > old_count) {
			diag_add(d, DIAG_DATA, csv_path, 1, 1,
				 "this sheet's %zu %s would take out %zu of the %zu delegates in %s (everyone it does not list), so nothing is written; if it is everyone now, run again with --remove-missing; to add people, import a sheet that lists everyone",
				 n, n == 1 ? "row" : "rows", r->removed, old_count, out_path);
			out.failed = true;
		} else if (out.len > YAML_MAX_FILE_BYTES) {   /* the loader would refuse it */
			diag_add(d, DIAG_DATA, csv_path, 0, 0, "the roster would be %zu MiB; an event file is at most %u MiB",
				 out.len >> 20, YAML_MAX_FILE_BYTES >> 20);
			out.failed = true;
		}
		if (!out.failed && have_event && r->removed)
			say_arrived_removed(event_path, &ev, matched, old_count, &r->warnings);
		ok = !out.failed && atomic_write_private(out_path, out.data, out.len, d);
		/* The roster is right, but the event will not load until it seats
		 * everyone: said now, not first by alchemy check. */
		size_t seats = have_event ? event_seat_count(&ev) : 0, present = 0;
		for (size_t k = 0; have_event && k < n; k++)
			present += !(people[k].existing >= 0 && !ev.delegates[people[k].existing].present);
		if (ok && have_event)
			say_seated_removed(&ev, matched, &r->warnings);
		if (ok && have_event && present > seats)
			diag_add(&r->warnings, DIAG_DATA, event_path, 0, 0,
				 "%zu seats for %zu present delegates: alchemy check refuses the event until you add tables or raise the capacity",
				 seats, present);
		strbuf_free(&out);
	}
	for (size_t k = 0; people && k < n; k++) {
		free(people[k].id);
		free(people[k].name);
		free(people[k].org);
		free(people[k].email);
		free(people[k].role);
	}
	keyed_free(&rows_by_email);
	keyed_free(&rows_by_name);
	keyed_free(&old_by_email);
	keyed_free(&old_by_name);
	keyed_free(&ids);
	keyed_free(&unknown_by_value);
	free(unknown);
	free(ids_written);
	free(people);
	for (size_t k = 0; bads && k < bads_count; k++) {
		free(bads[k].name);
		free(bads[k].org);
		free(bads[k].email);
		free(bads[k].why);
	}
	free(bads);
	free(matched);
	free(same_name_next);
	if (have_event)
		event_free(&ev);
	csv_table_free(&t);
	free_map(&m);
	return ok;
}

void import_result_free(struct import_result *r)
{
	strbuf_free(&r->changes);
	diag_list_free(&r->warnings);
	for (size_t k = 0; k < r->skipped_rows_count; k++) {
		free(r->skipped_rows[k].name);
		free(r->skipped_rows[k].organisation);
		free(r->skipped_rows[k].why);
		free(r->skipped_rows[k].kept_id);
	}
	free(r->skipped_rows);
	r->skipped_rows = NULL;
	r->skipped_rows_count = 0;
}

static const char init_event[] =
	"# The event. Every key is explained in docs/formats.md; `alchemy check\n"
	"# event.yaml` tells you what is missing or wrong, with line and column.\n"
	"event:\n"
	"  name: My Alchemy event          # change me\n"
	"  date: 2025-01-31                # YYYY-MM-DD\n"
	"  venue: Somewhere\n"
	"\n"
	"# The four Alchemy roles are the default; uncomment to change them.\n"
	"# roles:\n"
	"#   - {id: commissioner, label: Commissioner}\n"
	"#   - {id: investor, label: Social investor}\n"
	"#   - {id: coop, label: Co-operative}\n"
	"#   - {id: social-enterprise, label: Social enterprise}\n"
	"\n"
	"# The stages every table works through; minutes drive the stage clock.\n"
	"stages:\n"
	"  - {id: possible, title: The art of the possible, minutes: 30}\n"
	"  - {id: ideas, title: Ideas, minutes: 45}\n"
	"  - {id: impact, title: Social impact and value, minutes: 30}\n"
	"  - {id: finance, title: Financial sustainability and investment, minutes: 40}\n"
	"\n"
	"themes: themes.yaml               # the challenges\n"
	"roster: roster.yaml               # the delegates: fill it with `alchemy import`\n"
	"\n"
	"# How many tables, and how many seats each; the allocator gives each table\n"
	"# its theme from the delegates' preferences. Or list them: see docs/formats.md.\n"
	"tables:\n"
	"  count: 8\n"
	"  capacity: 10\n";

static const char init_themes[] =
	"# The challenges. These are E3M Imagine 2024's, as an example: replace them\n"
	"# with yours (id: a short word; title: what the table works on).\n"
	"themes:\n"
	"  - {id: care-leavers, title: \"Children's services: transitioning from care in England\"}\n"
	"  - {id: placement-sufficiency, title: \"Children's services: addressing placement sufficiency for looked after children\"}\n"
	"  - {id: domestic-abuse, title: \"Domestic abuse: perpetrators leaving the home they shared with their victim\"}\n"
	"  - {id: elderly-care, title: \"Elderly care: co-operative models and technology\"}\n"
	"  - {id: homelessness, title: \"Homelessness: reduction and prevention\"}\n"
	"  - {id: mental-health, title: \"Mental health: strengthening communities through social investment\"}\n"
	"  - {id: primary-care, title: \"Primary care: community models for health and wellbeing\"}\n"
	"  - {id: supported-housing, title: \"Supported housing market: creating sustainable solutions\"}\n";

static const char init_roster[] =
	"# The delegates. Fill this from a spreadsheet with\n"
	"#   alchemy import delegates.csv -o roster.yaml\n"
	"# or by hand: - {id: d001, name: ..., organisation: ..., role: commissioner}\n"
	"delegates: []\n";

bool init_event_folder(const char *dir, struct diag_list *d)
{
	if (!*dir) {
		diag_add(d, DIAG_CANTCREAT, "DIR", 0, 0, "the folder name is empty; name the folder to create");
		return false;
	}
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		diag_add(d, DIAG_CANTCREAT, dir, 0, 0, "cannot create the folder: %s", strerror(errno));
		return false;
	}
	static const struct { const char *name, *text; } files[] = {
		{ "event.yaml", init_event }, { "themes.yaml", init_themes }, { "roster.yaml", init_roster },
	};
	char path[4096];
	for (size_t k = 0; k < 3; k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[k].name);
		if (access(path, F_OK) == 0) {
			diag_add(d, DIAG_CANTCREAT, path, 0, 0, "already exists; alchemy init never overwrites a file");
			return false;
		}
	}
	for (size_t k = 0; k < 3; k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[k].name);
		/* The roster will hold names and e-mails, and import keeps its mode. */
		if (!(k == 2 ? atomic_write_private : atomic_write_file)(path, files[k].text, strlen(files[k].text), d))
			return false;
	}
	/* For a folder kept in git: journals merge as a union of lines (each
	 * record is one line, so nothing of either laptop is lost), and the lock
	 * and the reports (names in them) stay out. Kept if already there. */
	static const struct { const char *name, *text; } git[] = {
		{ ".gitattributes", "# alchemy: every record is one line; a merge keeps both sides' lines\n"
				    "day/*.yaml merge=union\nideas/*.yaml merge=union\n" },
		{ ".gitignore", "# alchemy: the lock, drafts and reports (they name people) stay out of git\n"
				".alchemy.lock\nideas/.drafts/\nreport.md\nreport.html\n" },
	};
	for (size_t k = 0; k < 2; k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, git[k].name);
		if (access(path, F_OK) != 0 && !atomic_write_file(path, git[k].text, strlen(git[k].text), d))
			return false;
	}
	return true;
}
