/* The day as a journal: loading the organiser's files, reading and
 * replaying the day journals, the changes (begin, apply, commit, undo),
 * following other desks, merging and the snapshot. See dayops.h. */
#include "dayops.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "allocate.h"
#include "escape.h"
#include "fileio.h"
#include "jfile.h"
#include "name_order.h"
#include "stamp.h"
#include "text.h"
#include "roster_write.h"
#include "schema.h"
#include "strbuf.h"
#include "yaml_tree.h"

const char *const attendance_names[ATT_STATES] = { "expected", "arrived", "absent" };
const char *const day_op_names[DAY_OP_KINDS] = {
	"arrive", "absent", "expected", "walk-in", "move", "swap", "lock", "unlock", "repair",
	"clock-start", "clock-pause", "stage", "doors-closed", "undo", "redo", "import",
};

enum field { FLD_SEAT, FLD_ATTENDANCE, FLD_LOCK, FLD_THEME, FLD_CLOCK, FLD_COUNT };
static const char *const field_names[FLD_COUNT] = { "seat", "attendance", "lock", "theme", "clock" };

/* A journal file of day/ and how far it has been read. */
struct day_file {
	char *name;
	off_t offset;           /* after the last whole line read */
	int lineno;
	bool noted;             /* a Syncthing copy, said once */
	bool seen;              /* listed in day/ at the last read */
};

/* The organiser's files as read, before any record: what a full replay
 * starts from. */
struct day_base {
	size_t delegates;
	unsigned char *attendance;
	bool *locked;
	int *seat;              /* round 0; NULL without a plan */
	int *theme;
	struct stage_clock clock;
	bool has_plan;
	/* day.yaml of the old format, until a record carries it in */
	bool legacy;
	unsigned char *legacy_attendance;
	bool *legacy_locked;
	struct stage_clock legacy_clock;
};

struct day_private {
	char undoing[352];      /* "cannot undo 'WHAT': " while an undo or redo is made, else "" */
	char passed_over[320];  /* an undo of a change other desks have all changed since: what it says, else "" */
	int flags;
	struct day_file *files;
	size_t files_count;
	struct day_base base;
	bool imported;          /* a record has carried day.yaml in */
	bool import_replayed;   /* replay: one carry-in applied; another laptop's is the same baseline */
	size_t capacity;        /* per-delegate arrays below and in state */
	long *last_writer[FLD_COUNT - 1];  /* per delegate (seat, attendance, lock) or table (theme) */
	long clock_writer;
	long long hlc_at;       /* the latest clock read */
	int hlc_n;
	struct diag_list warnings;
	struct diag_list plan_warnings;   /* seats in allocation.yaml of people the roster lost */
	size_t records_cap;
	uint64_t base_hash;     /* of the organiser's files as loaded */
	size_t roster_count;    /* delegates of the roster file; walk-ins follow */
	/* The open transaction. */
	bool in_txn, applied;
	struct day_client client;
	struct day_record pending;
	size_t pending_cap;
	size_t before_delegates;
	unsigned char *before_attendance;
	bool *before_locked;
	int *before_seat, *before_theme;
	struct stage_clock before_clock;
	bool before_has_plan;
};

/* ---- small helpers ---- */

static char *path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p) {
		if (strcmp(dir, ".") == 0)
			snprintf(p, n, "%s", name);
		else
			snprintf(p, n, "%s/%s", dir, name);
	}
	return p;
}

char *day_journal_dir(const struct event *ev)
{
	return path_in(ev->dir, "day");
}

/* The strings a record owns, but not its device (the pending record
 * borrows the caller's) nor its array of changes (reused). */
static void record_strings_free(struct day_record *r)
{
	free((char *)r->add_id);
	free((char *)r->add_name);
	free((char *)r->add_org);
	free((char *)r->add_role);
	for (size_t k = 0; k < r->changes_count; k++) {
		free((char *)r->changes[k].subject);
		free((char *)r->changes[k].value);
		free((char *)r->changes[k].was);
		free((char *)r->changes[k].replaced);
	}
	r->changes_count = 0;
	r->add_id = r->add_name = r->add_org = r->add_role = NULL;
	for (size_t k = 0; k < r->add_again_count; k++)
		free((char *)r->add_again[k]);
	free(r->add_again);
	r->add_again = NULL;
	r->add_again_count = 0;
	r->add_again_all = false;
}

static void record_free(struct day_record *r)
{
	free((char *)r->device);
	record_strings_free(r);
	free(r->changes);
	memset(r, 0, sizeof(*r));
}

static enum field field_of(const char *name)
{
	for (int f = 0; f < FLD_COUNT; f++)
		if (!strcmp(name, field_names[f]))
			return (enum field)f;
	return FLD_COUNT;
}

/* Total order: (physical ms, counter), device, sequence. */
static int compare_records(const void *a, const void *b)
{
	const struct day_record *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->counter != y->counter)
		return x->counter < y->counter ? -1 : 1;
	int c = strcmp(x->device, y->device);
	if (c)
		return c;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The device a change is made as (records already written are read by
 * jfile_device_name_recorded: an older one may be longer, or start with '-'). */
static bool device_name_ok(const char *s)
{
	return jfile_device_name_ok(s, EVENT_MAX_ID_BYTES);
}

/* ---- the record format ----
 * - {at: 1764484920123, n: 0, dev: desk-2, seq: 17, op: move, set: [["d020", seat, "7", "5"]]}
 * with `of: SEQ` for undo and redo, `add: {id, name, organisation, role}`
 * for a walk-in. One line, a YAML flow mapping. */

static void put_record(struct strbuf *b, const struct day_record *r)
{
	strbuf_printf(b, "- {at: %lld, n: %d, dev: %s, seq: %ld, op: %s", r->at, r->counter, r->device, r->seq,
		      day_op_names[r->kind]);
	if (r->target)
		strbuf_printf(b, ", of: %ld", r->target);
	if (r->add_id) {
		strbuf_puts(b, ", add: {id: ");
		yaml_quoted(b, r->add_id);
		strbuf_puts(b, ", name: ");
		yaml_quoted(b, r->add_name);
		strbuf_puts(b, ", organisation: ");
		yaml_quoted(b, r->add_org);
		strbuf_puts(b, ", role: ");
		yaml_quoted(b, r->add_role);
		if (r->add_again_count) {
			strbuf_puts(b, ", again: [");
			for (size_t k = 0; k < r->add_again_count; k++) {
				strbuf_puts(b, k ? ", " : "");
				yaml_quoted(b, r->add_again[k]);
			}
			strbuf_puts(b, "]");
		}
		strbuf_puts(b, "}");
	}
	strbuf_puts(b, ", set: [");
	for (size_t k = 0; k < r->changes_count; k++) {
		const struct day_change *c = &r->changes[k];
		strbuf_puts(b, k ? ", [" : "[");
		yaml_quoted(b, c->subject);
		strbuf_printf(b, ", %s, ", c->field);
		yaml_quoted(b, c->value);
		strbuf_puts(b, ", ");
		yaml_quoted(b, c->was);
		strbuf_puts(b, "]");
	}
	strbuf_puts(b, "]}\n");
}

static const char *scalar(const struct ynode *n)
{
	return n && n->kind == YNODE_SCALAR ? n->value : NULL;
}

static bool parse_long(const char *s, long long lo, long long hi, long long *out)
{
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static bool safe_text(const char *s);

/* A walk-in's `again`: the ids the desk was shown, or `true` (journals of
 * before the ids: everyone of that name then). Anything else in it is not
 * an id: passed over, as a key a record does not know. False when memory
 * runs out. */
static bool parse_again(const struct ynode *again, struct day_record *r)
{
	if (!again)
		return true;
	if (again->kind == YNODE_SCALAR) {
		r->add_again_all = !strcmp(again->value, "true");
		return true;
	}
	if (again->kind != YNODE_SEQ || !again->count)
		return true;
	r->add_again = calloc(again->count, sizeof(char *));
	if (!r->add_again)
		return false;
	for (const struct ynode *x = again->first; x; x = x->next) {
		const char *id = scalar(x);
		if (!id || !*id || strlen(id) > EVENT_MAX_ID_BYTES || !safe_text(id))
			continue;
		if (!(r->add_again[r->add_again_count] = strdup(id)))
			return false;
		r->add_again_count++;
	}
	return true;
}

/* One record's mapping -> a record (owning its strings); false if it is
 * not a whole, valid day record. */
static bool parse_record_node(const struct ynode *m, struct day_record *r)
{
	memset(r, 0, sizeof(*r));
	bool ok = m && m->kind == YNODE_MAP;
	if (ok) {
		long long at = 0, n = 0, seq = 0, of = 0;
		const char *dev = scalar(ynode_map_get(m, "dev")), *op = scalar(ynode_map_get(m, "op"));
		const struct ynode *set = ynode_map_get(m, "set"), *add = ynode_map_get(m, "add"), *ofn = ynode_map_get(m, "of");
		ok = parse_long(scalar(ynode_map_get(m, "at")), 0, DAY_MAX_TIME_MS, &at) &&
		     parse_long(scalar(ynode_map_get(m, "n")), 0, DAY_MAX_COUNTER, &n) &&
		     parse_long(scalar(ynode_map_get(m, "seq")), 1, 1L << 40, &seq) &&
		     jfile_device_name_recorded(dev, EVENT_MAX_ID_BYTES) && op &&
		     set && set->kind == YNODE_SEQ && (!ofn || parse_long(scalar(ofn), 1, 1L << 40, &of));
		int kind = -1;
		for (int k = 0; ok && k < DAY_OP_KINDS; k++)
			if (!strcmp(op, day_op_names[k]))
				kind = k;
		/* An undo or redo reverses an earlier record of its device. */
		ok = ok && kind >= 0 && ((kind != DAY_OP_UNDO && kind != DAY_OP_REDO) ? !ofn : of > 0 && of < seq);
		if (ok) {
			r->at = at;
			r->counter = (int)n;
			r->seq = (long)seq;
			r->target = (long)of;
			r->kind = (enum day_op_kind)kind;
			r->device = strdup(dev);
			ok = r->device != NULL;
		}
		if (ok && add) {
			const char *id = add->kind == YNODE_MAP ? scalar(ynode_map_get(add, "id")) : NULL;
			const char *name = id ? scalar(ynode_map_get(add, "name")) : NULL;
			const char *org = id ? scalar(ynode_map_get(add, "organisation")) : NULL;
			const char *role = id ? scalar(ynode_map_get(add, "role")) : NULL;
			/* What `add` refuses is refused on reading too: a control
			 * character in a journal must not reach a log, a roster or a screen. */
			ok = id && name && org && role && *id && strlen(id) <= EVENT_MAX_ID_BYTES && safe_text(id) &&
			     safe_text(name) && safe_text(org) && safe_text(role) && *name && *org;
			if (ok) {
				r->add_id = strdup(id);
				r->add_name = strdup(name);
				r->add_org = strdup(org);
				r->add_role = strdup(role);
				ok = r->add_id && r->add_name && r->add_org && r->add_role && parse_again(ynode_map_get(add, "again"), r);
			}
		}
		if (ok && set->count) {
			r->changes = calloc(set->count, sizeof(*r->changes));
			ok = r->changes != NULL;
		}
		for (const struct ynode *c = ok ? set->first : NULL; c; c = c->next) {
			const char *v[4] = { NULL };
			int k = 0;
			if (c->kind == YNODE_SEQ && c->count == 4)
				for (const struct ynode *x = c->first; x; x = x->next)
					v[k++] = scalar(x);
			enum field f = v[1] ? field_of(v[1]) : FLD_COUNT;
			if (!v[0] || !v[2] || !v[3] || f == FLD_COUNT) {
				ok = false;
				break;
			}
			struct day_change *ch = &r->changes[r->changes_count++];
			ch->subject = strdup(v[0]);
			ch->field = field_names[f];
			ch->value = strdup(v[2]);
			ch->was = strdup(v[3]);
			if (!ch->subject || !ch->value || !ch->was) {
				ok = false;
				break;
			}
		}
	}
	if (!ok)
		record_free(r);
	return ok;
}

/* A key a day record does not know, or one given twice, is said with the
 * file and line (warnings may be NULL), as in the ideas journal: the record
 * is read without it, never dropped in silence. */
static void warn_odd_keys(const struct ynode *m, const char *path, int lineno, struct diag_list *warnings)
{
	static const struct key_spec spec[] = {
		{ "at", false }, { "n", false }, { "dev", false }, { "seq", false },
		{ "op", false }, { "set", false }, { "add", false }, { "of", false },
	};
	if (!warnings || !m || m->kind != YNODE_MAP)
		return;
	struct diag_list quiet;
	diag_list_init(&quiet);
	struct schema_ctx c = { path, &quiet };
	const struct ynode *v[8];
	schema_map(&c, m, "a day record", spec, 8, v);
	for (size_t k = 0; k < quiet.count && !diag_full(warnings); k++)
		diag_add(warnings, DIAG_DATA, path, lineno, quiet.items[k].col, "%s; the record was read without it",
			 quiet.items[k].message);
	diag_list_free(&quiet);
}

/* One line -> a record; false if it is not a whole, valid day record. */
static bool parse_record(const char *path, const char *line, size_t len, struct day_record *r,
			 struct diag_list *warnings, int lineno)
{
	memset(r, 0, sizeof(*r));
	if (!len || line[0] == '#')
		return false;
	struct ydoc doc;
	struct diag_list quiet;
	diag_list_init(&quiet);
	bool ok = ydoc_load_long_values(&doc, path, line, len, 64 * 1024, &quiet) && doc.root &&
		  doc.root->kind == YNODE_SEQ && doc.root->count == 1 && parse_record_node(doc.root->first, r);
	if (ok)
		warn_odd_keys(doc.root->first, path, lineno, warnings);
	ydoc_free(&doc);
	diag_list_free(&quiet);
	return ok;
}

/* The identity of a record, for merging: a copy of it counts once. */
bool day_record_key(const char *line, size_t len, char *key, size_t size)
{
	struct day_record r;
	if (!parse_record("", line, len, &r, NULL, 0))
		return false;
	snprintf(key, size, "%lld.%d.%s.%ld", r.at, r.counter, r.device, r.seq);
	record_free(&r);
	return true;
}

/* ---- the organiser's files ---- */

/* Reads a list of delegate ids of the old day.yaml into a per-delegate
 * flag. Ids no longer in the roster are skipped: a roster re-imported on
 * the day must not stop the desk. */
static void read_id_flags(const struct event *ev, struct schema_ctx *c, const struct ynode *n, const char *key,
			  unsigned char *att, unsigned char value, bool *flags)
{
	if (!n || !schema_seq(c, n, key, EVENT_MAX_DELEGATES))
		return;
	for (const struct ynode *item = n->first; item; item = item->next) {
		const char *id = schema_id(c, item, key);
		int i = id ? event_find_delegate(ev, id) : -1;
		if (i < 0)
			continue;
		if (att)
			att[i] = value;
		if (flags)
			flags[i] = true;
	}
}

/* day.yaml as the day was kept before the journal: read once, until a
 * record ("import") carries it in. */
static bool legacy_load(const struct event *ev, const char *path, struct day_base *b, struct diag_list *d)
{
	if (access(path, F_OK) != 0)
		return true;
	size_t N = ev->delegates_count ? ev->delegates_count : 1;
	b->legacy_attendance = malloc(N);
	b->legacy_locked = calloc(N, sizeof(bool));
	if (!b->legacy_attendance || !b->legacy_locked) {
		diag_add(d, DIAG_IO, path, 0, 0, "out of memory");
		return false;
	}
	memcpy(b->legacy_attendance, b->attendance, ev->delegates_count);
	b->legacy_clock = b->clock;
	struct ydoc doc;
	size_t before = diag_total(d);
	if (ydoc_load_file(&doc, path, NULL, NULL, d) && doc.root) {
		struct schema_ctx c = { path, d };
		enum { K_IN, K_ABSENT, K_LOCKED, K_CLOCK };
		static const struct key_spec spec[] = {
			{ "checked_in", false }, { "absent", false }, { "locked", false }, { "clock", false },
		};
		const struct ynode *v[4];
		schema_map(&c, doc.root, "the day file", spec, 4, v);
		read_id_flags(ev, &c, v[K_ABSENT], "absent", b->legacy_attendance, ATT_ABSENT, NULL);
		read_id_flags(ev, &c, v[K_IN], "checked_in", b->legacy_attendance, ATT_ARRIVED, NULL);
		read_id_flags(ev, &c, v[K_LOCKED], "locked", NULL, 0, b->legacy_locked);
		if (v[K_CLOCK]) {
			static const struct key_spec cs[] = {
				{ "stage", false }, { "running", false }, { "started", false }, { "elapsed", false },
			};
			const struct ynode *cv[4];
			schema_map(&c, v[K_CLOCK], "'clock'", cs, 4, cv);
			int stage = 0, started = 0, elapsed = 0;
			/* An index read from a file is checked against the event: stages
			 * cut after the clock moved on leave it at the last there is. */
			if (cv[0] && schema_int(&c, cv[0], "stage", 0, EVENT_MAX_SMALL_LIST, &stage))
				b->legacy_clock.stage = (size_t)stage < ev->stages_count ? stage
						 : ev->stages_count ? (int)ev->stages_count - 1 : 0;
			if (cv[1])
				schema_bool(&c, cv[1], "running", &b->legacy_clock.running);
			if (cv[2] && schema_int(&c, cv[2], "started", 0, 2147483647, &started))
				b->legacy_clock.started = started;
			if (cv[3] && schema_int(&c, cv[3], "elapsed", 0, 2147483647, &elapsed))
				b->legacy_clock.elapsed = elapsed;
		}
	}
	ydoc_free(&doc);
	b->legacy = diag_total(d) == before;
	return b->legacy;
}

static void base_free(struct day_base *b)
{
	free(b->attendance);
	free(b->locked);
	free(b->seat);
	free(b->theme);
	free(b->legacy_attendance);
	free(b->legacy_locked);
	memset(b, 0, sizeof(*b));
}

/* Room for n delegates in every per-delegate array (walk-ins grow them). */
static bool reserve(struct day *dy, size_t n)
{
	struct day_private *p = dy->priv;
	if (p->capacity && n <= p->capacity)
		return true;   /* (never NULL arrays, even for an empty roster) */
	size_t cap = n < 64 ? 64 : n + n / 2;
	void *a = realloc(dy->state.attendance, cap);
	if (a)
		dy->state.attendance = a;
	void *l = realloc(dy->state.locked, cap * sizeof(bool));
	if (l)
		dy->state.locked = l;
	bool ok = a && l;
	for (int f = FLD_SEAT; ok && f <= FLD_LOCK; f++) {
		void *w = realloc(p->last_writer[f], cap * sizeof(long));
		if (w)
			p->last_writer[f] = w;
		ok = w != NULL;
	}
	for (size_t r = 0; ok && dy->has_plan && r < dy->plan.rounds_count; r++) {
		void *s = realloc(dy->plan.rounds[r].seat, cap * sizeof(int));
		if (s)
			dy->plan.rounds[r].seat = s;
		ok = s != NULL;
	}
	if (ok)
		p->capacity = cap;
	return ok;
}

static void sync_presence(struct day *dy, size_t i)
{
	dy->ev.delegates[i].present = dy->state.attendance[i] != ATT_ABSENT;
}

/* The state of the organiser's files (and day.yaml while not carried in). */
static bool reset_to_base(struct day *dy)
{
	struct day_private *p = dy->priv;
	struct day_base *b = &p->base;
	size_t N = b->delegates;
	if (!reserve(dy, N))
		return false;
	if (N) {    /* an empty roster has no arrays: memcpy from NULL is undefined even for 0 bytes */
		memcpy(dy->state.attendance, b->legacy && !p->imported ? b->legacy_attendance : b->attendance, N);
		memcpy(dy->state.locked, b->legacy && !p->imported ? b->legacy_locked : b->locked, N * sizeof(bool));
	}
	dy->state.clock = b->legacy && !p->imported ? b->legacy_clock : b->clock;
	for (size_t i = 0; i < N; i++)
		sync_presence(dy, i);
	if (dy->has_plan && b->has_plan) {
		memcpy(dy->plan.rounds[0].seat, b->seat, N * sizeof(int));
		memcpy(dy->plan.rounds[0].table_theme, b->theme, dy->ev.tables_count * sizeof(int));
	} else if (dy->has_plan) {
		plan_free(&dy->plan);   /* made on the day by a record: replayed again */
		dy->has_plan = false;
	}
	/* Walk-ins read since the base was loaded: as replay starts them. */
	for (size_t i = N; i < dy->ev.delegates_count; i++) {
		dy->state.attendance[i] = ATT_ABSENT;
		dy->state.locked[i] = false;
		dy->ev.delegates[i].withdrawn = false;
		sync_presence(dy, i);
		if (dy->has_plan)
			dy->plan.rounds[0].seat[i] = -1;
	}
	for (int f = FLD_SEAT; f <= FLD_LOCK; f++)
		for (size_t i = 0; i < dy->ev.delegates_count; i++)
			p->last_writer[f][i] = -1;
	for (size_t t = 0; t < dy->ev.tables_count; t++)
		p->last_writer[FLD_THEME][t] = -1;
	p->clock_writer = -1;
	return true;
}

/* The lock file's path, from the event's path alone: the lock must be
 * taken before anything is read. */
static bool take_lock(struct day *dy, struct diag_list *d)
{
	if (dy->lock_fd >= 0)
		return true;
	int fd = open(dy->lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		/* No such folder: the event file cannot be there either. */
		if (errno == ENOENT || errno == ENOTDIR)
			diag_add(d, DIAG_NOINPUT, dy->event_path, 0, 0, "cannot open: %s", strerror(errno));
		else
			diag_add(d, DIAG_CANTCREAT, dy->lock_path, 0, 0, "cannot create the lock file: %s", strerror(errno));
		return false;
	}
	while (flock(fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			diag_add(d, DIAG_IO, dy->lock_path, 0, 0, "cannot lock: %s", strerror(errno));
			close(fd);
			return false;
		}
	}
	dy->lock_fd = fd;
	return true;
}

bool day_lock_busy(const struct day *dy)
{
	if (dy->lock_fd >= 0 || !dy->lock_path)
		return false;
	int fd = open(dy->lock_path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return false;
	bool busy = flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
	close(fd);   /* taken for a moment if free: let go at once */
	return busy;
}

static void unlock(struct day *dy)
{
	if (dy->lock_fd >= 0) {
		close(dy->lock_fd);   /* closing releases the flock */
		dy->lock_fd = -1;
	}
}

static uint64_t base_hash(const struct day *dy);

/* Event, plan and the base state; no journal yet. */
static bool load_event(struct day *dy, struct diag_list *d)
{
	if (!event_load(&dy->ev, dy->event_path, d))
		return false;
	dy->priv->roster_count = dy->ev.delegates_count;
	dy->plan_path = plan_default_path(&dy->ev);
	dy->state_path = path_in(dy->ev.dir, "day.yaml");
	dy->journal_dir = day_journal_dir(&dy->ev);
	if (!dy->plan_path || !dy->state_path || !dy->journal_dir) {
		diag_add(d, DIAG_IO, dy->event_path, 0, 0, "out of memory");
		return false;
	}
	return true;
}

/* The plan and the base state, once the walk-ins of the journals are in
 * the event (a plan allocated on the day seats them). */
static bool load_base(struct day *dy, struct diag_list *d)
{
	struct day_private *p = dy->priv;
	if (!(p->flags & DAY_NO_PLAN) && access(dy->plan_path, F_OK) == 0) {
		if (!plan_load(&dy->ev, dy->plan_path, &dy->plan, &p->plan_warnings, d))
			return false;
		dy->has_plan = true;
	}
	struct day_base *b = &p->base;
	size_t N = dy->ev.delegates_count, T = dy->ev.tables_count;
	b->delegates = N;
	b->has_plan = dy->has_plan;
	b->attendance = malloc(N ? N : 1);
	b->locked = calloc(N ? N : 1, sizeof(bool));
	b->seat = malloc((N ? N : 1) * sizeof(int));
	b->theme = malloc((T ? T : 1) * sizeof(int));
	p->last_writer[FLD_THEME] = malloc((T ? T : 1) * sizeof(long));
	if (!b->attendance || !b->locked || !b->seat || !b->theme || !p->last_writer[FLD_THEME]) {
		diag_add(d, DIAG_IO, dy->event_path, 0, 0, "out of memory");
		return false;
	}
	for (size_t i = 0; i < N; i++)   /* walk-ins: absent until their record */
		b->attendance[i] = dy->ev.delegates[i].present && i < p->roster_count ? ATT_EXPECTED : ATT_ABSENT;
	if (dy->has_plan) {
		memcpy(b->seat, dy->plan.rounds[0].seat, N * sizeof(int));
		memcpy(b->theme, dy->plan.rounds[0].table_theme, T * sizeof(int));
	}
	/* Once a record has carried day.yaml in, the file is not read again: a
	 * damaged leftover must not stop every desk. */
	bool carried = false;
	for (size_t k = 0; k < dy->records_count && !carried; k++)
		carried = dy->records[k].kind == DAY_OP_IMPORT;
	if (!carried && !legacy_load(&dy->ev, dy->state_path, b, d))
		return false;
	p->base_hash = base_hash(dy);
	/* The plan's arrays grow with walk-ins: they need the same capacity. */
	p->capacity = 0;
	return reserve(dy, N) && reset_to_base(dy);
}

/* ---- replay ---- */

/* A plan made on the day (no allocation.yaml yet): empty, sized for walk-ins. */
static bool ensure_plan(struct day *dy)
{
	if (dy->has_plan)
		return true;
	if (!plan_init(&dy->plan, &dy->ev, 1))
		return false;
	dy->has_plan = true;
	int *s = realloc(dy->plan.rounds[0].seat, (dy->priv->capacity ? dy->priv->capacity : 1) * sizeof(int));
	if (!s)
		return false;
	dy->plan.rounds[0].seat = s;
	return true;
}

/* A new person of a walk-in record: absent and unseated until the
 * record's changes say otherwise. Adding an id already there does nothing. */
static int add_person(struct day *dy, const char *id, const char *name, const char *org, const char *role_id)
{
	int i = event_find_delegate(&dy->ev, id);
	if (i >= 0)
		return i;
	int role = event_find_role(&dy->ev, role_id);
	if (role < 0 || !reserve(dy, dy->ev.delegates_count + 1))
		return -1;
	i = event_add_delegate(&dy->ev, id, name, org, role);
	if (i < 0)
		return -1;
	dy->state.attendance[i] = ATT_ABSENT;
	dy->state.locked[i] = false;
	sync_presence(dy, (size_t)i);
	for (size_t r = 0; dy->has_plan && r < dy->plan.rounds_count; r++)
		dy->plan.rounds[r].seat[i] = -1;
	if (dy->has_plan)
		dy->plan.delegates_count = dy->ev.delegates_count;
	for (int f = FLD_SEAT; f <= FLD_LOCK; f++)
		dy->priv->last_writer[f][i] = -1;
	return i;
}

static void clock_text(const struct stage_clock *k, char *buf, size_t size)
{
	snprintf(buf, size, "%d %d %lld %lld", k->stage, k->running ? 1 : 0, k->started, k->elapsed);
}

static bool clock_parse(const char *s, struct stage_clock *k)
{
	int stage, running;
	long long started, elapsed;
	if (sscanf(s, "%d %d %lld %lld", &stage, &running, &started, &elapsed) != 4 || stage < 0)
		return false;
	k->stage = stage;
	k->running = running != 0;
	k->started = started;
	k->elapsed = elapsed;
	return true;
}

/* Where a change lands: the subject's index (delegate or table), or -1. */
static int subject_index(const struct day *dy, enum field f, const char *subject)
{
	if (f == FLD_CLOCK)
		return 0;
	if (f == FLD_THEME)
		return event_find_table(&dy->ev, subject);
	return event_find_delegate(&dy->ev, subject);
}

/* Delegate i's table in the day's plan (round 0), -1 when unseated or
 * there is no plan yet. */
static int plan_seat(const struct day *dy, size_t i)
{
	return dy->has_plan ? dy->plan.rounds[0].seat[i] : -1;
}

/* The current value of a field as the text a record holds. */
static void current_value(const struct day *dy, enum field f, int i, char *buf, size_t size)
{
	switch (f) {
	case FLD_SEAT: {
		int t = plan_seat(dy, (size_t)i);
		snprintf(buf, size, "%s", t >= 0 ? dy->ev.tables[t].id : "-");
		break;
	}
	case FLD_ATTENDANCE:
		snprintf(buf, size, "%s", attendance_names[dy->state.attendance[i]]);
		break;
	case FLD_LOCK:
		snprintf(buf, size, "%s", dy->state.locked[i] ? "true" : "false");
		break;
	case FLD_THEME: {
		int th = dy->has_plan ? dy->plan.rounds[0].table_theme[i] : dy->ev.tables[i].theme;
		snprintf(buf, size, "%s", th >= 0 ? dy->ev.themes[th].id : "-");
		break;
	}
	default:
		clock_text(&dy->state.clock, buf, size);
	}
}

/* Sets a field from a record's text; false when the value names nothing here. */
static bool set_value(struct day *dy, enum field f, int i, const char *v)
{
	switch (f) {
	case FLD_SEAT: {
		int t = strcmp(v, "-") ? event_find_table(&dy->ev, v) : -1;
		if ((t < 0 && strcmp(v, "-")) || !ensure_plan(dy))
			return false;
		dy->plan.rounds[0].seat[i] = t;
		return true;
	}
	case FLD_ATTENDANCE:
		for (int a = 0; a < ATT_STATES; a++)
			if (!strcmp(v, attendance_names[a])) {
				dy->state.attendance[i] = (unsigned char)a;
				sync_presence(dy, (size_t)i);
				return true;
			}
		return false;
	case FLD_LOCK:
		dy->state.locked[i] = !strcmp(v, "true");
		return true;
	case FLD_THEME: {
		int th = strcmp(v, "-") ? event_find_theme(&dy->ev, v) : -1;
		if ((th < 0 && strcmp(v, "-")) || !ensure_plan(dy))
			return false;
		dy->plan.rounds[0].table_theme[i] = th;
		return true;
	}
	default:
		if (!clock_parse(v, &dy->state.clock))
			return false;
		/* An index read from a file is checked against the event, as for
		 * day.yaml: stages cut after the clock moved on leave it at the last. */
		if ((size_t)dy->state.clock.stage >= dy->ev.stages_count)
			dy->state.clock.stage = dy->ev.stages_count ? (int)dy->ev.stages_count - 1 : 0;
		return true;
	}
}

size_t day_seats_set(const struct day *dy)
{
	const struct day_private *p = dy->priv;
	size_t n = 0;
	for (size_t i = 0; i < dy->ev.delegates_count; i++) {
		int seat = plan_seat(dy, i);
		n += p->last_writer[FLD_SEAT][i] >= 0 && (seat >= 0 || dy->state.attendance[i] != ATT_ABSENT);
	}
	for (size_t t = 0; t < dy->ev.tables_count; t++)
		n += p->last_writer[FLD_THEME][t] >= 0;
	return n;
}

static long *writer_of(struct day *dy, enum field f, int i)
{
	return f == FLD_CLOCK ? &dy->priv->clock_writer : &dy->priv->last_writer[f][i];
}

static const struct day_record *find_record(const struct day *dy, const char *device, long seq);

/* The person a walk-in record was kept as, once replayed: its id, or ID-2
 * (ID-3...) when the id is another person's (see walkin_person); -1: not
 * in the event yet. */
static int walkin_kept_as(const struct event *ev, const struct day_record *r)
{
	int i = event_find_delegate(ev, r->add_id);
	for (int n = 2; i >= 0; n++) {
		const struct delegate *p = &ev->delegates[i];
		if (!strcmp(p->name, r->add_name) && !strcmp(p->organisation, r->add_org))
			return i;
		if (n == 100)
			break;
		char alt[EVENT_MAX_ID_BYTES + 8];
		snprintf(alt, sizeof(alt), "%s-%d", r->add_id, n);
		i = event_find_delegate(ev, alt);
	}
	return -1;
}

/* The person a walk-in record adds. Two laptops sharing a device name
 * (before ids had a random part) can give two people one id: the second
 * is kept as ID-2 (ID-3...) and the clash is said, never merged into one. */
static int walkin_person(struct day *dy, const struct day_record *r)
{
	int k = walkin_kept_as(&dy->ev, r);
	if (k >= 0)
		return k;
	int i = event_find_delegate(&dy->ev, r->add_id);
	if (i < 0)
		return add_person(dy, r->add_id, r->add_name, r->add_org, r->add_role);
	const struct delegate *p = &dy->ev.delegates[i];
	for (int n = 2; n < 100; n++) {   /* the first ID-N free */
		char alt[EVENT_MAX_ID_BYTES + 8];
		snprintf(alt, sizeof(alt), "%s-%d", r->add_id, n);
		if (event_find_delegate(&dy->ev, alt) >= 0)
			continue;
		if (!diag_full(&dy->priv->warnings))
			diag_add(&dy->priv->warnings, DIAG_DATA, dy->journal_dir, 0, 0,
				 "two walk-ins have the id %s (%s, and %s from record %ld of %s): two laptops share the device name "
				 "'%s'; the second is kept as %s (give each laptop its own ALCHEMY_DEVICE)",
				 r->add_id, p->name, r->add_name, r->seq, r->device, r->device, alt);
		return add_person(dy, alt, r->add_name, r->add_org, r->add_role);
	}
	return -1;
}

/* An undone walk-in is gone from the day (no list, count or snapshot has
 * them); a redo brings them back, and so does any other change to them (a
 * desk that had not seen the undo). */
static void mark_withdrawn(struct day *dy, const struct day_record *r)
{
	if (r->kind != DAY_OP_UNDO && r->kind != DAY_OP_REDO) {
		for (size_t c = 0; c < r->changes_count; c++) {
			int i = strcmp(r->changes[c].field, "theme") && strcmp(r->changes[c].field, "clock")
					? event_find_delegate(&dy->ev, r->changes[c].subject) : -1;
			if (i >= 0)
				dy->ev.delegates[i].withdrawn = false;
		}
		return;
	}
	const struct day_record *t = find_record(dy, r->device, r->target);
	for (int depth = 0; t && (t->kind == DAY_OP_UNDO || t->kind == DAY_OP_REDO) && depth < 64; depth++)
		t = find_record(dy, t->device, t->target);
	int i = t && t->kind == DAY_OP_WALKIN && t->add_id ? event_find_delegate(&dy->ev, t->add_id) : -1;
	/* An undo always takes the walk-in back, a redo always brings them again. */
	if (i >= 0 && (size_t)i >= dy->priv->roster_count)
		dy->ev.delegates[i].withdrawn = r->kind == DAY_OP_UNDO && dy->state.attendance[i] == ATT_ABSENT;
}

/* Applies record k of dy->records on the state: last writer wins, since
 * records come in their total order; a change whose `was` is not what it
 * overwrote, written by another device, was made without seeing that
 * change: a conflict, marked for `alchemy log`. */
static void replay_record(struct day *dy, size_t k)
{
	struct day_record *r = &dy->records[k];
	struct day_private *p = dy->priv;
	r->conflict = false;
	r->conflict_with = -1;
	r->skipped = false;
	if (r->at > p->hlc_at || (r->at == p->hlc_at && r->counter > p->hlc_n)) {
		p->hlc_at = r->at;
		p->hlc_n = r->counter;
	}
	/* day.yaml carried in is the baseline every laptop started from, not a
	 * change: a second laptop's carry-in (the same old file, seen later)
	 * must not undo what the first laptop changed meanwhile. */
	if (r->kind == DAY_OP_IMPORT && p->import_replayed)
		return;
	p->import_replayed |= r->kind == DAY_OP_IMPORT;
	int added = r->add_id ? walkin_person(dy, r) : -1;
	if (r->add_id && added < 0)
		r->skipped = true;
	const char *missing = NULL;   /* the first id it names that this event has not */
	for (size_t c = 0; c < r->changes_count; c++) {
		struct day_change *ch = &r->changes[c];
		enum field f = field_of(ch->field);
		int i = subject_index(dy, f, ch->subject);
		if (added >= 0 && r->add_id && !strcmp(ch->subject, r->add_id) && f != FLD_THEME && f != FLD_CLOCK)
			i = added;   /* the walk-in this record adds, even under another id (a clash) */
		if (i < 0) {
			r->skipped = true;
			if (!missing)
				missing = ch->subject;
			continue;
		}
		char now[96];
		current_value(dy, f, i, now, sizeof(now));
		long *w = writer_of(dy, f, i);
		if (*w >= 0 && strcmp(now, ch->was) && strcmp(dy->records[*w].device, r->device) &&
		    !r->conflict) {
			r->conflict = true;
			r->conflict_with = *w;
		}
		free((char *)ch->replaced);
		ch->replaced = strdup(now);   /* what an undo of this record puts back */
		if (!set_value(dy, f, i, ch->value)) {
			r->skipped = true;
			continue;
		}
		*w = (long)k;
	}
	mark_withdrawn(dy, r);
	if (r->skipped && !diag_full(&p->warnings))
		diag_add(&p->warnings, DIAG_DATA, dy->journal_dir, 0, 0,
			 "record %ld of %s names %s%s%sa person, table or theme this event does not have; that part was skipped",
			 r->seq, r->device, missing ? "'" : "", missing ? missing : "", missing ? "', " : "");
}

static bool replay_all(struct day *dy)
{
	/* Once a record carries day.yaml in, the file is no longer read. */
	dy->priv->imported = false;
	for (size_t k = 0; k < dy->records_count; k++)
		dy->priv->imported |= dy->records[k].kind == DAY_OP_IMPORT;
	if (!reset_to_base(dy))
		return false;
	dy->priv->hlc_at = 0;
	dy->priv->hlc_n = 0;
	dy->priv->import_replayed = false;
	for (size_t k = 0; k < dy->records_count; k++)
		replay_record(dy, k);
	return true;
}

/* ---- reading the journals ---- */

/* Record lines are parsed a batch at a time, as one YAML list: a parser
 * set up per line was most of the time a replay took. */
#define BATCH_LINES 2048

struct new_records {
	struct day_record *items;
	size_t count, capacity;
	struct diag_list *warnings;
	/* lines read, waiting to be parsed */
	const char *path;
	struct strbuf batch;
	size_t *starts;         /* offset of each line in batch */
	int *linenos;
	size_t lines;
};

static void add_record(struct new_records *n, struct day_record *r)
{
	if (n->count == n->capacity) {
		size_t cap = n->capacity ? n->capacity * 2 : 64;
		struct day_record *items = realloc(n->items, cap * sizeof(*items));
		if (!items) {
			record_free(r);
			return;
		}
		n->items = items;
		n->capacity = cap;
	}
	n->items[n->count++] = *r;
}

static void damaged(struct new_records *n, int lineno)
{
	if (!diag_full(n->warnings))
		diag_add(n->warnings, DIAG_DATA, n->path, lineno, 1, "a damaged record was skipped");
}

/* Parses the lines waiting: as one document when every item stands on its
 * own line, in order; else (a damaged line can run into the next) one by one. */
static void parse_batch(struct new_records *n)
{
	if (!n->lines)
		return;
	struct ydoc doc;
	struct diag_list quiet;
	diag_list_init(&quiet);
	bool whole = !n->batch.failed &&
		     ydoc_load_long_values(&doc, n->path, n->batch.data, n->batch.len, 64 * 1024, &quiet) &&
		     doc.root && doc.root->kind == YNODE_SEQ && doc.root->count == n->lines;
	size_t k = 0;
	for (const struct ynode *item = whole ? doc.root->first : NULL; item; item = item->next, k++)
		whole = whole && item->line == (int)k + 1;
	struct day_record r;
	k = 0;
	for (const struct ynode *item = whole ? doc.root->first : NULL; item; item = item->next, k++) {
		if (parse_record_node(item, &r)) {
			warn_odd_keys(item, n->path, n->linenos[k], n->warnings);
			add_record(n, &r);
		} else
			damaged(n, n->linenos[k]);
	}
	if (!n->batch.failed)
		ydoc_free(&doc);
	diag_list_free(&quiet);
	for (k = 0; !whole && k < n->lines; k++) {
		size_t end = k + 1 < n->lines ? n->starts[k + 1] : n->batch.len;
		if (parse_record(n->path, n->batch.data + n->starts[k], end - n->starts[k] - 1, &r, n->warnings,
				 n->linenos[k]))
			add_record(n, &r);
		else
			damaged(n, n->linenos[k]);
	}
	n->batch.len = 0;
	n->lines = 0;
}

static void read_record_line(void *ctx, const char *path, int lineno, const char *line, size_t len)
{
	struct new_records *n = ctx;
	if (!len || line[0] == '#')
		return;
	if (n->lines == BATCH_LINES)
		parse_batch(n);
	if (!n->starts) {
		n->starts = malloc(BATCH_LINES * sizeof(*n->starts));
		n->linenos = malloc(BATCH_LINES * sizeof(*n->linenos));
	}
	if (!n->starts || !n->linenos) {
		damaged(n, lineno);   /* out of memory: said, and read again next time */
		return;
	}
	n->path = path;
	n->starts[n->lines] = n->batch.len;
	n->linenos[n->lines++] = lineno;
	strbuf_add(&n->batch, line, len);
	strbuf_puts(&n->batch, "\n");
}

static struct day_file *file_named(struct day_private *p, const char *name)
{
	for (size_t k = 0; k < p->files_count; k++)
		if (!strcmp(p->files[k].name, name))
			return &p->files[k];
	struct day_file *f = realloc(p->files, (p->files_count + 1) * sizeof(*f));
	if (!f)
		return NULL;
	p->files = f;
	f = &p->files[p->files_count];
	memset(f, 0, sizeof(*f));
	f->name = strdup(name);
	if (!f->name)
		return NULL;
	p->files_count++;
	return f;
}

/* The records added to day/ since the last read, sorted. *shrunk: a file
 * got shorter (replaced), so what was read before no longer holds. */
static bool read_new(struct day *dy, struct new_records *out, bool *shrunk, struct diag_list *d)
{
	struct day_private *p = dy->priv;
	*shrunk = false;
	DIR *dp = opendir(dy->journal_dir);
	if (!dp && errno == ENOENT) {
		for (size_t k = 0; k < p->files_count; k++)
			*shrunk |= p->files[k].offset > 0;   /* day/ itself went away */
		return true;
	}
	if (!dp)
		return diag_add(d, DIAG_NOINPUT, dy->journal_dir, 0, 0, "cannot open: %s", strerror(errno)), false;
	if (!p->files_count)
		jfile_warn_linked_folder(dy->journal_dir, &p->warnings);   /* on the first read */
	bool ok = true;
	struct dirent *e;
	for (size_t k = 0; k < p->files_count; k++)
		p->files[k].seen = false;
	while (ok && (e = readdir(dp))) {
		if (!jfile_is_journal_name(e->d_name))
			continue;
		char *path = path_in(dy->journal_dir, e->d_name);
		struct day_file *f = file_named(p, e->d_name);
		if (f)
			f->seen = true;
		struct stat st;
		if (!path || !f) {
			diag_add(d, DIAG_IO, dy->journal_dir, 0, 0, "out of memory");
			ok = false;
		} else if (!jfile_entry_is_file(path, &st, f->noted ? NULL : &p->warnings)) {
			f->noted = true;   /* a folder, FIFO or link named like a journal: said once, skipped */
		} else if (st.st_size < f->offset) {
			*shrunk = true;
		} else if (st.st_size > f->offset) {
			if (strstr(e->d_name, ".sync-conflict-") && !f->noted) {
				f->noted = true;
				diag_add(&p->warnings, DIAG_DATA, path, 0, 0,
					 "a Syncthing conflict copy: read as one more journal (its records count once)");
			}
			ok = jfile_read_lines(path, f->offset, &f->lineno, read_record_line, out, &f->offset, NULL,
					      &p->warnings, d);
			parse_batch(out);   /* before the path it names goes */
		}
		free(path);
	}
	closedir(dp);
	/* A journal read before and gone now (day/ reset or replaced by a sync
	 * tool): what it said no longer holds, so everything is read again. */
	for (size_t k = 0; ok && k < p->files_count; k++)
		*shrunk |= !p->files[k].seen && p->files[k].offset > 0;
	strbuf_free(&out->batch);
	free(out->starts);
	free(out->linenos);
	out->starts = NULL;
	out->linenos = NULL;
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), compare_records);
	return ok;
}

static bool push_record(struct day *dy, struct day_record *r, size_t *cap)
{
	if (dy->records_count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 256;
		struct day_record *items = realloc(dy->records, ncap * sizeof(*items));
		if (!items)
			return false;
		dy->records = items;
		*cap = ncap;
	}
	dy->records[dy->records_count++] = *r;
	return true;
}

static bool known(const struct day *dy, const struct day_record *r)
{
	return dy->records_count &&
	       bsearch(r, dy->records, dy->records_count, sizeof(*r), compare_records) != NULL;
}

static void records_free(struct day *dy)
{
	for (size_t k = 0; k < dy->records_count; k++)
		record_free(&dy->records[k]);
	free(dy->records);
	dy->records = NULL;
	dy->records_count = 0;
}

static struct day_stamp stamp_now(const struct day *dy);
static bool reload_all(struct day *dy, struct diag_list *d);

/* Two records of one device with one sequence number but not the same
 * record: two laptops write as one device name. Both are kept (their
 * times differ); said once per device, since undo and the log cannot tell
 * their changes apart. */
static void note_shared_device(struct day *dy, const struct day_record *a, const struct day_record *b)
{
	struct diag_list *w = &dy->priv->warnings;
	for (size_t k = 0; k < w->count; k++)
		if (strstr(w->items[k].message, "share the device name") && strstr(w->items[k].message, a->device) &&
		    strstr(w->items[k].message, "record "))
			return;
	if (!diag_full(w))
		diag_add(w, DIAG_DATA, dy->journal_dir, 0, 0,
			 "record %ld of %s was written twice with different content: two laptops share the device name '%s'; "
			 "both are kept, but give each laptop its own ALCHEMY_DEVICE",
			 a->seq, a->device, b->device);
}

static int compare_device_seq(const void *x, const void *y)
{
	const struct day_record *a = *(const struct day_record *const *)x, *b = *(const struct day_record *const *)y;
	int c = strcmp(a->device, b->device);
	return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

/* Every record against every other (load): sorted by device and sequence. */
static void check_shared_devices(struct day *dy)
{
	const struct day_record **by = malloc((dy->records_count ? dy->records_count : 1) * sizeof(*by));
	if (!by)
		return;
	for (size_t k = 0; k < dy->records_count; k++)
		by[k] = &dy->records[k];
	qsort(by, dy->records_count, sizeof(*by), compare_device_seq);
	for (size_t k = 1; k < dy->records_count; k++)
		if (!compare_device_seq(&by[k - 1], &by[k]))
			note_shared_device(dy, by[k - 1], by[k]);
	free(by);
}

/* Reads the new records; replays them on top when they all come after
 * those applied, else everything again. Returns 1 changed, 0 not, -1 failed. */
static int read_and_replay(struct day *dy, struct diag_list *d)
{
	struct new_records n = { .warnings = &dy->priv->warnings };
	/* Taken before reading: bytes appended meanwhile change the next stamp. */
	struct day_stamp stamp = stamp_now(dy);
	bool shrunk;
	bool ok = read_new(dy, &n, &shrunk, d);
	int result = ok ? 0 : -1;
	size_t kept = 0;
	for (size_t k = 0; k < n.count; k++) {
		bool dup = (kept && !compare_records(&n.items[kept - 1], &n.items[k])) || known(dy, &n.items[k]);
		if (dup)
			record_free(&n.items[k]);
		else
			n.items[kept++] = n.items[k];
	}
	n.count = kept;
	bool in_order = !dy->records_count || !n.count ||
			compare_records(&dy->records[dy->records_count - 1], &n.items[0]) < 0;
	bool import_late = false;
	for (size_t k = 0; k < n.count; k++)
		import_late |= n.items[k].kind == DAY_OP_IMPORT && dy->priv->base.legacy && !dy->priv->imported;
	if (ok && (shrunk || !in_order)) {
		for (size_t k = 0; k < n.count; k++)
			record_free(&n.items[k]);
		free(n.items);
		return reload_all(dy, d) ? 1 : -1;
	}
	size_t cap = dy->priv->records_cap > dy->records_count ? dy->priv->records_cap : dy->records_count;
	for (size_t k = 0; k < n.count; k++) {
		const struct day_record *twin = find_record(dy, n.items[k].device, n.items[k].seq);
		if (twin)
			note_shared_device(dy, twin, &n.items[k]);
		if (!push_record(dy, &n.items[k], &cap)) {
			for (size_t j = k; j < n.count; j++)
				record_free(&n.items[j]);
			diag_add(d, DIAG_IO, dy->journal_dir, 0, 0, "out of memory");
			result = -1;
			break;
		}
		if (!import_late)
			replay_record(dy, dy->records_count - 1);
		result = result < 0 ? -1 : 1;
	}
	dy->priv->records_cap = cap;
	if (import_late && !replay_all(dy)) {
		diag_add(d, DIAG_IO, dy->journal_dir, 0, 0, "out of memory");
		result = -1;
	}
	free(n.items);
	dy->stamp = stamp;
	return result;
}

/* ---- opening, following ---- */

/* The organiser's files: a change there means reading everything again. */
static uint64_t base_hash(const struct day *dy)
{
	uint64_t h = STAMP_EMPTY;
	const char *files[] = { dy->event_path, dy->ev.roster_path, dy->plan_path, dy->state_path };
	for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++)
		if (files[k])
			h = stamp_file(h, files[k]);
	return h;
}

static struct day_stamp stamp_now(const struct day *dy)
{
	uint64_t h = base_hash(dy);
	DIR *dp = dy->journal_dir ? opendir(dy->journal_dir) : NULL;
	struct dirent *e;
	while (dp && (e = readdir(dp))) {
		if (!jfile_is_journal_name(e->d_name))
			continue;
		/* Order-free: readdir's order may change without any file changing. */
		char *path = path_in(dy->journal_dir, e->d_name);
		if (path)
			h += stamp_file(STAMP_EMPTY, path);
		free(path);
	}
	if (dp)
		closedir(dp);
	return (struct day_stamp){ h };
}

struct day_stamp day_stamp_now(const struct day *dy)
{
	return stamp_now(dy);
}

bool day_files_changed(const struct day *dy)
{
	return stamp_now(dy).hash != dy->stamp.hash;
}

static void release_data(struct day *dy)
{
	struct day_private *p = dy->priv;
	if (dy->has_plan)
		plan_free(&dy->plan);
	dy->has_plan = false;
	free(dy->state.attendance);
	free(dy->state.locked);
	memset(&dy->state, 0, sizeof(dy->state));
	event_free(&dy->ev);
	free(dy->plan_path);
	free(dy->state_path);
	free(dy->journal_dir);
	dy->plan_path = dy->state_path = dy->journal_dir = NULL;
	records_free(dy);
	if (!p)
		return;
	base_free(&p->base);
	for (size_t k = 0; k < p->files_count; k++)
		free(p->files[k].name);
	free(p->files);
	p->files = NULL;
	p->files_count = 0;
	for (int f = 0; f < FLD_COUNT - 1; f++) {
		free(p->last_writer[f]);
		p->last_writer[f] = NULL;
	}
	p->capacity = 0;
	p->records_cap = 0;
	p->imported = false;
	p->hlc_at = 0;
	p->hlc_n = 0;
	diag_list_free(&p->warnings);
	diag_list_init(&p->warnings);
	diag_list_free(&p->plan_warnings);
	diag_list_init(&p->plan_warnings);
}

/* Everything from the files: the event, every journal's records (their
 * walk-ins join the event before the plan is read), the plan, the replay. */
static bool load_all(struct day *dy, struct diag_list *d)
{
	if (!load_event(dy, d))
		return false;
	struct new_records n = { .warnings = &dy->priv->warnings };
	struct day_stamp stamp = stamp_now(dy);
	bool shrunk;
	bool ok = read_new(dy, &n, &shrunk, d);
	size_t cap = 0;
	for (size_t k = 0; k < n.count; k++) {
		/* A copy counts once, however many: compared with the last kept. */
		if (!ok || (dy->records_count && !compare_records(&dy->records[dy->records_count - 1], &n.items[k]))) {
			record_free(&n.items[k]);
			continue;
		}
		struct day_record *r = &n.items[k];
		int role = r->add_id ? event_find_role(&dy->ev, r->add_role) : -1;
		if (role >= 0 && event_find_delegate(&dy->ev, r->add_id) < 0 &&
		    event_add_delegate(&dy->ev, r->add_id, r->add_name, r->add_org, role) < 0)
			ok = false;
		if (!ok || !push_record(dy, r, &cap)) {
			record_free(r);
			ok = false;
		}
	}
	free(n.items);
	dy->priv->records_cap = cap;
	if (!ok) {
		if (!diag_total(d))
			diag_add(d, DIAG_IO, dy->journal_dir, 0, 0, "out of memory");
		return false;
	}
	check_shared_devices(dy);
	if (!load_base(dy, d) || !replay_all(dy)) {
		if (!diag_total(d))
			diag_add(d, DIAG_IO, dy->journal_dir, 0, 0, "out of memory");
		return false;
	}
	dy->stamp = stamp;
	return true;
}

/* Everything again, read beside what is held and taken in only when it
 * loads: a reread that fails (another desk's roster now refused) keeps the
 * day as last read, where releasing first left a screen following the
 * files with no event at all. */
static bool reload_all(struct day *dy, struct diag_list *d)
{
	struct day_private *p = dy->priv;
	struct day_private fresh_priv;
	memset(&fresh_priv, 0, sizeof(fresh_priv));
	fresh_priv.flags = p->flags;
	diag_list_init(&fresh_priv.warnings);
	diag_list_init(&fresh_priv.plan_warnings);
	struct day fresh = { .event_path = dy->event_path, .lock_fd = -1, .progress = dy->progress, .priv = &fresh_priv };
	if (!load_all(&fresh, d)) {
		release_data(&fresh);
		return false;
	}
	release_data(dy);
	/* What was read moves in; the open transaction's part of priv stays. */
	struct day_private txn = *p;
	*p = fresh_priv;
	p->in_txn = txn.in_txn;
	p->applied = txn.applied;
	p->client = txn.client;
	p->pending = txn.pending;
	p->pending_cap = txn.pending_cap;
	p->before_delegates = txn.before_delegates;
	p->before_attendance = txn.before_attendance;
	p->before_locked = txn.before_locked;
	p->before_seat = txn.before_seat;
	p->before_theme = txn.before_theme;
	p->before_clock = txn.before_clock;
	p->before_has_plan = txn.before_has_plan;
	dy->ev = fresh.ev;
	dy->plan = fresh.plan;
	dy->has_plan = fresh.has_plan;
	dy->state = fresh.state;
	dy->plan_path = fresh.plan_path;
	dy->state_path = fresh.state_path;
	dy->journal_dir = fresh.journal_dir;
	dy->records = fresh.records;
	dy->records_count = fresh.records_count;
	dy->stamp = fresh.stamp;
	return true;
}

bool day_open(struct day *dy, const char *event_path, int flags, struct diag_list *d)
{
	memset(dy, 0, sizeof(*dy));
	dy->lock_fd = -1;
	dy->priv = calloc(1, sizeof(*dy->priv));
	dy->event_path = strdup(event_path);
	dy->lock_path = path_beside(event_path, ".alchemy.lock");
	if (!dy->priv || !dy->event_path || !dy->lock_path) {
		diag_add(d, DIAG_IO, event_path, 0, 0, "out of memory");
		day_close(dy);
		return false;
	}
	dy->priv->flags = flags;
	diag_list_init(&dy->priv->warnings);
	diag_list_init(&dy->priv->plan_warnings);
	bool ok = (!(flags & DAY_LOCK) || take_lock(dy, d)) && load_all(dy, d);
	if (!ok)
		day_close(dy);
	return ok;
}

static void pending_clear(struct day_private *p)
{
	record_strings_free(&p->pending);
	p->pending.target = 0;
}

static void before_free(struct day_private *p)
{
	free(p->before_attendance);
	free(p->before_locked);
	free(p->before_seat);
	free(p->before_theme);
	p->before_attendance = NULL;
	p->before_locked = NULL;
	p->before_seat = p->before_theme = NULL;
}

void day_close(struct day *dy)
{
	unlock(dy);
	release_data(dy);
	if (dy->priv) {
		pending_clear(dy->priv);
		free(dy->priv->pending.changes);
		before_free(dy->priv);
		diag_list_free(&dy->priv->warnings);
		diag_list_free(&dy->priv->plan_warnings);
		free(dy->priv);
	}
	free(dy->event_path);
	free(dy->lock_path);
	memset(dy, 0, sizeof(*dy));
	dy->lock_fd = -1;
}

const struct diag_list *day_warnings(const struct day *dy)
{
	return &dy->priv->warnings;
}

const struct diag_list *day_plan_warnings(const struct day *dy)
{
	return &dy->priv->plan_warnings;
}

int day_refresh(struct day *dy, struct diag_list *d)
{
	if (dy->priv->in_txn)
		return 0;   /* a change is under way on the state read at its begin */
	struct day_stamp now = stamp_now(dy);
	if (now.hash == dy->stamp.hash)
		return 0;
	if (base_hash(dy) != dy->priv->base_hash) {
		if (reload_all(dy, d))
			return 1;
		dy->stamp = now;   /* said once: tried again when the files change again */
		return -1;
	}
	return read_and_replay(dy, d);
}

/* The next person from index `from` on, not taken back, of that name and
 * organisation as a reader tells them apart; -1: nobody. */
static int next_named(const struct day *dy, int from, const char *name, const char *organisation)
{
	for (size_t i = from > 0 ? (size_t)from : 0; i < dy->ev.delegates_count; i++) {
		const struct delegate *p = &dy->ev.delegates[i];
		if (!p->withdrawn && loose_compare(p->name, name) == 0 && loose_compare(p->organisation, organisation) == 0)
			return (int)i;
	}
	return -1;
}

int day_person_named(const struct day *dy, const char *name, const char *organisation)
{
	return next_named(dy, 0, name, organisation);
}

/* Whether the seats are known: check and allocate open the day without
 * allocation.yaml (DAY_NO_PLAN), where a roster person's seat would read
 * as none. */
static bool seats_read(const struct day *dy)
{
	return !(dy->priv->flags & DAY_NO_PLAN);
}

/* How a person came to the day and where they sit, for a warning: "in the
 * roster, expected, no seat", "a walk-in added at desk-1, table 7" (the
 * table is what a desk sees in the people list; the id is not). */
static void origin_of(const struct day *dy, int i, const long *added_by, char *buf, size_t size)
{
	char from[160];
	if ((size_t)i < dy->priv->roster_count)
		snprintf(from, sizeof(from), "in the roster, %s", attendance_names[dy->state.attendance[i]]);
	else if (added_by[i] >= 0)
		snprintf(from, sizeof(from), "a walk-in added at %s", dy->records[added_by[i]].device);
	else
		snprintf(from, sizeof(from), "a walk-in");
	if (!seats_read(dy)) {
		snprintf(buf, size, "%s", from);
		return;
	}
	int t = plan_seat(dy, (size_t)i);
	snprintf(buf, size, "%s, %s%s", from, t >= 0 ? "table " : "no seat", t >= 0 ? dy->ev.tables[t].id : "");
}

/* Whether the record that added walk-in i shows the desk saw person j. */
static bool added_knowing(const struct day *dy, const long *added_by, int i, int j)
{
	if (added_by[i] < 0)
		return false;
	const struct day_record *r = &dy->records[added_by[i]];
	for (size_t k = 0; k < r->add_again_count; k++)
		if (!strcmp(r->add_again[k], dy->ev.delegates[j].id))
			return true;
	return r->add_again_all;
}

static void say_twice_here(const struct day *dy, const long *added_by, int earlier, int later, struct diag_list *out)
{
	const struct event *ev = &dy->ev;
	char was[256], is[256], name[256], org[256];
	origin_of(dy, earlier, added_by, was, sizeof(was));
	origin_of(dy, later, added_by, is, sizeof(is));
	/* Cut, so a name of 1,000 bytes leaves room for the ids and what to do. */
	text_fit(name, sizeof(name), ev->delegates[earlier].name, 60);
	text_fit(org, sizeof(org), ev->delegates[earlier].organisation, 60);
	/* One of the two named, the same at every desk once merged, so two
	 * desks mending it apart never mark both absent: the later walk-in, or
	 * a roster person not yet arrived (the walk-in holds the seat they sit
	 * in; checking the roster one in would seat them afresh). Unless they
	 * sit at the table of the one named. The command names that one too,
	 * so it can be pasted as it is. */
	bool roster_waits = (size_t)earlier < dy->priv->roster_count && dy->state.attendance[earlier] != ATT_ARRIVED;
	int mark = roster_waits ? earlier : later, keep = roster_waits ? later : earlier;
	int at = seats_read(dy) ? plan_seat(dy, (size_t)mark) : -1;
	int other = seats_read(dy) ? plan_seat(dy, (size_t)keep) : -1;
	char unless[160] = "";
	/* The roster one, if it is they who sit there, must be checked in too:
	 * left expected, doors closed would count the person absent. */
	if (at >= 0 && at != other && roster_waits)
		snprintf(unless, sizeof(unless), " (or, if they sit at table %s, %s, and check %s in)", ev->tables[at].id,
			 ev->delegates[keep].id, ev->delegates[mark].id);
	else if (at >= 0 && at != other)
		snprintf(unless, sizeof(unless), " (or, if they sit at table %s, %s)", ev->tables[at].id,
			 ev->delegates[keep].id);
	/* What to do first: a footer of two lines at 80 columns shows that much. */
	diag_add(out, DIAG_DATA, dy->journal_dir, 0, 0,
		 "%s (%s) may be here twice; if one person, mark %s absent%s: x in the people list (/ and the id "
		 "finds it), or alchemy checkin %s %s --absent. %s: %s; %s: %s",
		 name, org, ev->delegates[mark].id, unless, dy->event_path, ev->delegates[mark].id,
		 ev->delegates[earlier].id, was, ev->delegates[later].id, is);
}

size_t day_roster_count(const struct day *dy)
{
	return dy->priv->roster_count;
}

size_t day_twice_here(const struct day *dy, struct diag_list *out, int *twin_of)
{
	size_t n = dy->ev.delegates_count, found = 0;
	for (size_t i = 0; twin_of && i < n; i++)
		twin_of[i] = -1;
	if (n <= dy->priv->roster_count)
		return 0;   /* no walk-ins */
	long *added_by = malloc(n * sizeof(long));
	bool *here = malloc(n * sizeof(bool));
	int *next = malloc(n * sizeof(int));
	for (size_t i = 0; added_by && here && next && i < n; i++) {
		added_by[i] = -1;
		next[i] = -1;
		here[i] = !dy->ev.delegates[i].withdrawn && dy->state.attendance[i] != ATT_ABSENT;
	}
	int *first = added_by && here && next ? delegates_first_named_alike(&dy->ev, here) : NULL;
	free(here);
	if (!first) {
		free(added_by);
		free(next);
		diag_add(out, DIAG_IO, dy->event_path, 0, 0, "out of memory");
		return 1;
	}
	/* The record that added each walk-in (kept as ID-2 after an id clash,
	 * or partly skipped: its table since gone): its desk, and whom that
	 * desk saw of that name (again). */
	for (size_t k = 0; k < dy->records_count; k++) {
		const struct day_record *r = &dy->records[k];
		int i = r->kind == DAY_OP_WALKIN && r->add_id ? walkin_kept_as(&dy->ev, r) : -1;
		if (i >= 0 && (size_t)i >= dy->priv->roster_count && added_by[i] < 0)
			added_by[i] = (long)k;
	}
	/* Each group of one name, in index order (roster first, walk-ins as
	 * added): a walk-in is said beside the first earlier one its desk had
	 * not seen. The roster's own are check's to say (roster_named_alike). */
	int *last = malloc(n * sizeof(int));
	for (size_t i = 0; last && i < n; i++) {
		last[i] = (int)i;
		if (first[i] < 0)
			continue;
		next[last[first[i]]] = (int)i;
		last[first[i]] = (int)i;
	}
	for (size_t i = dy->priv->roster_count; last && i < n; i++) {
		int j = first[i];
		while (j >= 0 && j != (int)i && added_knowing(dy, added_by, (int)i, j))
			j = next[j];
		if (j < 0 || j == (int)i)
			continue;   /* nobody else of that name, or every one seen */
		say_twice_here(dy, added_by, j, (int)i, out);
		if (twin_of) {
			twin_of[i] = j;
			if (twin_of[j] < 0)
				twin_of[j] = (int)i;
		}
		found++;
	}
	if (!last)
		diag_add(out, DIAG_IO, dy->event_path, 0, 0, "out of memory");
	free(last);
	free(next);
	free(added_by);
	free(first);
	return found;
}

size_t day_people_named(const struct day *dy, const char *name, const char *organisation)
{
	size_t n = 0;
	for (int i = next_named(dy, 0, name, organisation); i >= 0; i = next_named(dy, i + 1, name, organisation))
		n++;
	return n;
}

enum attendance day_attendance(const struct day *dy, int i)
{
	return (enum attendance)dy->state.attendance[i];
}

void day_attendance_counts(const struct day *dy, size_t counts[ATT_STATES])
{
	for (int a = 0; a < ATT_STATES; a++)
		counts[a] = 0;
	for (size_t i = 0; i < dy->ev.delegates_count; i++)
		counts[dy->state.attendance[i]] += !dy->ev.delegates[i].withdrawn;
}

/* ---- describing a record ---- */

static void person_label(const struct day *dy, const char *id, char *buf, size_t size)
{
	int i = event_find_delegate(&dy->ev, id);
	if (i >= 0)
		snprintf(buf, size, "%s (%s)", dy->ev.delegates[i].name, id);
	else
		snprintf(buf, size, "%s", id);
}

static const struct day_change *change_of(const struct day_record *r, const char *subject, const char *field)
{
	for (size_t k = 0; k < r->changes_count; k++)
		if ((!subject || !strcmp(r->changes[k].subject, subject)) && !strcmp(r->changes[k].field, field))
			return &r->changes[k];
	return NULL;
}

static const struct day_record *find_record(const struct day *dy, const char *device, long seq)
{
	for (size_t k = dy->records_count; k-- > 0;)
		if (dy->records[k].seq == seq && !strcmp(dy->records[k].device, device))
			return &dy->records[k];
	return NULL;
}

static const char *stage_title(const struct day *dy, const char *clock)
{
	struct stage_clock k;
	if (!clock || !clock_parse(clock, &k) || (size_t)k.stage >= dy->ev.stages_count)
		return "?";
	return dy->ev.stages[k.stage].title;
}

enum seat_step seat_step_of(const char *was, const char *value)
{
	bool from = strcmp(was, "-") != 0, to = strcmp(value, "-") != 0;
	return from && to ? SEAT_MOVE : to ? SEAT_TAKE : from ? SEAT_FREE : SEAT_NONE;
}

static void describe(const struct day *dy, const struct day_record *r, char *buf, size_t size, int depth)
{
	char a[200] = "", b[200] = "";
	const struct day_change *first = r->changes_count ? &r->changes[0] : NULL;
	/* An arrival may seat others first (people with no seat yet): its
	 * subject is the one whose attendance it sets. */
	if (r->kind == DAY_OP_ARRIVE || r->kind == DAY_OP_ABSENT || r->kind == DAY_OP_EXPECTED) {
		const struct day_change *att = change_of(r, NULL, "attendance");
		if (att)
			first = att;
	}
	const char *subject = first ? first->subject : "";
	const struct day_change *seat = change_of(r, subject, "seat");
	size_t seats = 0, seated = 0, freed = 0, absent = 0, arrived = 0, locks = 0;
	for (size_t k = 0; k < r->changes_count; k++) {
		const struct day_change *c = &r->changes[k];
		if (!strcmp(c->field, "seat")) {
			enum seat_step step = seat_step_of(c->was, c->value);
			seats += step == SEAT_MOVE;
			seated += step == SEAT_TAKE;
			freed += step == SEAT_FREE;
		} else if (!strcmp(c->field, "attendance")) {
			absent += !strcmp(c->value, "absent");
			arrived += !strcmp(c->value, "arrived");
		} else if (!strcmp(c->field, "lock")) {
			locks += !strcmp(c->value, "true");
		}
	}
	if (r->add_id) {   /* its own name: two walk-ins may share an id (a clash said on reading) */
		/* and the id it is kept as (ID-2 after a clash): the one / finds */
		int kept = r->add_name && r->add_org ? walkin_kept_as(&dy->ev, r) : -1;
		snprintf(a, sizeof(a), "%s (%s)", r->add_name ? r->add_name : "?",
			 kept >= 0 ? dy->ev.delegates[kept].id : r->add_id);
	}
	else if (first)
		person_label(dy, subject, a, sizeof(a));
	switch (r->kind) {
	case DAY_OP_ARRIVE:
		snprintf(buf, size, "%s arrived%s%s", a, seat ? ", table " : "", seat ? seat->value : "");
		break;
	case DAY_OP_ABSENT:
		snprintf(buf, size, "%s absent%s%s%s", a, seat ? " (seat at table " : "", seat ? seat->was : "",
			 seat ? " freed)" : "");
		break;
	case DAY_OP_EXPECTED:
		snprintf(buf, size, "%s back to expected%s%s", a, seat && strcmp(seat->value, "-") ? ", table " : "",
			 seat && strcmp(seat->value, "-") ? seat->value : "");
		break;
	case DAY_OP_WALKIN: {
		const struct day_change *s = r->add_id ? change_of(r, r->add_id, "seat") : NULL;
		snprintf(buf, size, "walk-in %s, %s, %s%s%s", a, r->add_org ? r->add_org : "?",
			 r->add_role ? r->add_role : "?", s ? ", table " : "", s ? s->value : "");
		/* Added knowing of another of that name (--again): said, as the
		 * reason no 'may be here twice' names them. */
		for (size_t k = 0; k < r->add_again_count && k < 3; k++) {
			size_t used = strlen(buf);
			snprintf(buf + used, size - used, "%s%s%s", k ? ", " : "; another person than ", r->add_again[k],
				 k == 2 && r->add_again_count > 3 ? ", ..." : "");
		}
		break;
	}
	case DAY_OP_MOVE:
		snprintf(buf, size, "moved %s %s -> %s", a, seat ? seat->was : "?", seat ? seat->value : "?");
		break;
	case DAY_OP_SWAP: {
		const struct day_change *other = r->changes_count > 1 ? &r->changes[1] : NULL;
		if (other)
			person_label(dy, other->subject, b, sizeof(b));
		snprintf(buf, size, "swapped %s %s <-> %s %s", a, seat ? seat->was : "?", b, other ? other->was : "?");
		break;
	}
	case DAY_OP_LOCK:
	case DAY_OP_UNLOCK:
		snprintf(buf, size, "%s %s", r->kind == DAY_OP_LOCK ? "locked" : "unlocked", a);
		break;
	case DAY_OP_REPAIR:
		snprintf(buf, size, "repair: %zu moved, %zu seated, %zu seats freed", seats, seated, freed);
		break;
	case DAY_OP_CLOCK_START:
	case DAY_OP_CLOCK_PAUSE:
	case DAY_OP_STAGE: {
		const struct day_change *c = change_of(r, NULL, "clock");
		snprintf(buf, size, "%s (%s)",
			 r->kind == DAY_OP_CLOCK_START ? "clock started" : r->kind == DAY_OP_CLOCK_PAUSE ? "clock paused"
											      : "stage changed",
			 stage_title(dy, c ? c->value : NULL));
		break;
	}
	case DAY_OP_DOORS_CLOSED:
		snprintf(buf, size, "doors closed: %zu still expected marked absent", absent);
		break;
	case DAY_OP_UNDO:
	case DAY_OP_REDO: {
		/* Through undos of undos to the operation itself. */
		const struct day_record *t = find_record(dy, r->device, r->target);
		while (t && (t->kind == DAY_OP_UNDO || t->kind == DAY_OP_REDO) && depth++ < 64)
			t = find_record(dy, t->device, t->target);
		char inner[256] = "?";
		if (t && t->kind != DAY_OP_UNDO && t->kind != DAY_OP_REDO)
			describe(dy, t, inner, sizeof(inner), depth + 1);
		if (r->kind == DAY_OP_UNDO && !r->changes_count)   /* every change of it changed since by others */
			snprintf(buf, size, "passed over: %s (changed since at another desk)", inner);
		else
			snprintf(buf, size, "%s %s", r->kind == DAY_OP_UNDO ? "undid:" : "redid:", inner);
		/* Doors closed is undone for those nobody changed since: the
		 * rest are said, as people whose attendance it did not touch. */
		size_t marked = 0, here = 0;
		for (size_t k = 0; t && t->kind == DAY_OP_DOORS_CLOSED && k < t->changes_count; k++)
			marked += !strcmp(t->changes[k].field, "attendance");
		for (size_t k = 0; marked && k < r->changes_count; k++)
			here += !strcmp(r->changes[k].field, "attendance");
		if (here < marked) {
			size_t used = strlen(buf);
			snprintf(buf + used, size - used, " (%zu left as they are: another desk changed them since)",
				 marked - here);
		}
		break;
	}
	default:
		snprintf(buf, size, "day.yaml carried in: %zu arrived, %zu absent, %zu locked", arrived, absent, locks);
	}
	/* An arrival that also seated others (people with no seat yet) says
	 * whom, the first two by name: a desk reading the log looks for them. */
	if (r->kind != DAY_OP_ARRIVE && r->kind != DAY_OP_WALKIN && r->kind != DAY_OP_EXPECTED)
		return;
	size_t others = 0;
	for (size_t k = 0; k < r->changes_count; k++) {
		const struct day_change *c = &r->changes[k];
		if (!strcmp(c->subject, subject) || strcmp(c->field, "seat") ||
		    !strcmp(c->subject, r->add_id ? r->add_id : ""))
			continue;
		size_t used = strlen(buf);
		if (others++ < 2) {
			person_label(dy, c->subject, b, sizeof(b));
			snprintf(buf + used, size - used, "%s%s, table %s", others == 1 ? " (and seated " : "; ", b, c->value);
		}
	}
	size_t used = strlen(buf);
	if (others > 2)
		snprintf(buf + used, size - used, "; and %zu more)", others - 2);
	else if (others)
		snprintf(buf + used, size - used, ")");
}

void day_record_describe(const struct day *dy, const struct day_record *r, char *buf, size_t size)
{
	describe(dy, r, buf, size, 0);
}

/* ---- undo ---- */

static bool undoable(enum day_op_kind k)
{
	return k != DAY_OP_CLOCK_START && k != DAY_OP_CLOCK_PAUSE && k != DAY_OP_STAGE && k != DAY_OP_IMPORT &&
	       k != DAY_OP_UNDO && k != DAY_OP_REDO;
}

/* The device's undo and redo stacks, rebuilt from its own records (so
 * they survive a restart): an operation goes on the undo stack and clears
 * redo; an undo moves its target to the redo stack; a redo moves it back. */
long day_undo_target(const struct day *dy, const char *device, bool redo)
{
	long *u = malloc((dy->records_count + 1) * sizeof(long)), *rs = malloc((dy->records_count + 1) * sizeof(long));
	size_t nu = 0, nr = 0;
	long found = -1;
	if (u && rs) {
		for (size_t k = 0; k < dy->records_count; k++) {
			const struct day_record *r = &dy->records[k];
			if (strcmp(r->device, device))
				continue;
			if (r->kind == DAY_OP_UNDO) {
				if (nu)
					nu--;
				rs[nr++] = (long)k;
			} else if (r->kind == DAY_OP_REDO) {
				if (nr)
					nr--;
				u[nu++] = (long)k;
			} else if (undoable(r->kind)) {
				u[nu++] = (long)k;
				nr = 0;
			}
		}
		found = redo ? (nr ? rs[nr - 1] : -1) : (nu ? u[nu - 1] : -1);
	}
	free(u);
	free(rs);
	return found;
}

/* ---- the changes ---- */

static bool need_plan(struct day *dy, struct diag_list *d)
{
	if (dy->has_plan)
		return true;
	diag_add(d, DIAG_REFUSED, dy->event_path, 0, 0,
		 "there is no seating plan yet; make one with 'alchemy allocate' or 'alchemy rebalance'");
	return false;
}

static const struct delegate *person(const struct day *dy, int i)
{
	return &dy->ev.delegates[i];
}

/* Would seating i at table t (with `leaving` gone from it) break a hard
 * rule? A swap (leaving >= 0) changes no table's size: no capacity check. */
static bool seat_allowed(struct day *dy, int i, int t, int leaving, struct diag_list *d)
{
	const struct event *ev = &dy->ev;
	const struct delegate *p = person(dy, i);
	const int *seat = dy->plan.rounds[0].seat;
	if (!p->present) {
		diag_add(d, DIAG_REFUSED, ev->roster_path, p->line, p->col,
			 "%s (%s) is absent; mark them arrived first", p->id, p->name);
		return false;
	}
	if (dy->state.locked[i]) {
		diag_add(d, DIAG_REFUSED, ev->roster_path, p->line, p->col,
			 "%s (%s) is locked to table %s; unlock them first", p->id, p->name,
			 seat[i] >= 0 ? ev->tables[seat[i]].id : "?");
		return false;
	}
	if (p->pinned_table >= 0 && p->pinned_table != t) {
		diag_add(d, DIAG_REFUSED, ev->roster_path, p->line, p->col, "%s (%s) is pinned to table %s in the roster",
			 p->id, p->name, ev->tables[p->pinned_table].id);
		return false;
	}
	size_t seated = 0;
	for (size_t k = 0; k < ev->delegates_count; k++) {
		if (seat[k] != t || (int)k == i || (int)k == leaving)
			continue;
		seated++;
		const struct delegate *o = person(dy, (int)k);
		bool apart = false;
		for (size_t q = 0; q < p->avoid_count; q++)
			apart |= p->avoid[q] == (int)k;
		for (size_t q = 0; q < o->avoid_count; q++)
			apart |= o->avoid[q] == i;
		if (apart) {
			diag_add(d, DIAG_REFUSED, ev->roster_path, p->line, p->col,
				 "%s (%s) must be kept apart from %s (%s), who sits at table %s", p->id, p->name,
				 o->id, o->name, ev->tables[t].id);
			return false;
		}
	}
	if (leaving < 0 && seated + 1 > (size_t)ev->tables[t].capacity) {
		diag_add(d, DIAG_REFUSED, ev->path, 0, 0, "table %s is full (%zu of %d); swap instead",
			 ev->tables[t].id, seated, ev->tables[t].capacity);
		return false;
	}
	for (size_t q = 0; q < p->needs_count; q++) {
		bool has = false;
		for (size_t m = 0; m < ev->tables[t].provides_count; m++)
			has |= strcmp(ev->tables[t].provides[m], p->needs[q]) == 0;
		if (!has) {
			diag_add(d, DIAG_REFUSED, ev->roster_path, p->line, p->col, "%s needs %s, which table %s does not provide",
				 p->id, p->needs[q], ev->tables[t].id);
			return false;
		}
	}
	return true;
}

static bool do_move(struct day *dy, int i, int t, struct diag_list *d)
{
	if (!need_plan(dy, d) || !seat_allowed(dy, i, t, -1, d))
		return false;
	dy->plan.rounds[0].seat[i] = t;
	return true;
}

static bool do_swap(struct day *dy, int a, int b, struct diag_list *d)
{
	if (a == b) {
		diag_add(d, DIAG_REFUSED, dy->event_path, 0, 0, "a swap needs two people; %s (%s) was given twice",
			 person(dy, a)->name, person(dy, a)->id);
		return false;
	}
	if (!need_plan(dy, d))
		return false;
	int *seat = dy->plan.rounds[0].seat;
	int ta = seat[a], tb = seat[b];
	if (ta < 0 || tb < 0) {
		const struct delegate *p = person(dy, ta < 0 ? a : b);
		diag_add(d, DIAG_REFUSED, dy->ev.roster_path, p->line, p->col, "%s (%s) has no seat to swap", p->id, p->name);
		return false;
	}
	if (ta == tb)
		return true;
	if (!seat_allowed(dy, a, tb, b, d) || !seat_allowed(dy, b, ta, a, d))
		return false;
	seat[a] = tb;
	seat[b] = ta;
	return true;
}

/* Seats whoever is present without a seat where they harm least. */
static bool seat_present(struct day *dy, int i, struct diag_list *d)
{
	if (!dy->has_plan || dy->plan.rounds[0].seat[i] >= 0)
		return true;
	return seat_newcomers(&dy->ev, &dy->plan, d);
}

static bool do_attendance(struct day *dy, int i, enum attendance att, struct diag_list *d)
{
	dy->state.attendance[i] = (unsigned char)att;
	sync_presence(dy, (size_t)i);
	if (att != ATT_ABSENT)
		return seat_present(dy, i, d);
	dy->state.locked[i] = false;
	if (dy->has_plan)
		dy->plan.rounds[0].seat[i] = -1;
	return true;
}

static bool safe_text(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7F)
			return false;
	return true;
}

/* What a new walk-in's name or organisation may be: plain text (valid
 * UTF-8: the journal's reader skips a record that is not, so it would be
 * lost after being said seated; no control or direction-turning character:
 * they reach terminals and print-outs) that shows something. Records
 * already written are read by safe_text, as before. */
static bool walkin_text_ok(const char *s)
{
	return text_is_plain(s) && !text_is_blank(s);
}


/* The pending walk-in's `again`: everyone else not taken back of that
 * name and organisation, as day_person_named finds them. */
static bool pending_again(struct day *dy, int added, const char *name, const char *org)
{
	struct day_record *r = &dy->priv->pending;
	const struct event *ev = &dy->ev;
	r->add_again = calloc(ev->delegates_count, sizeof(char *));
	for (int i = next_named(dy, 0, name, org); r->add_again && i >= 0; i = next_named(dy, i + 1, name, org)) {
		if (i == added)
			continue;
		if (!(r->add_again[r->add_again_count] = strdup(ev->delegates[i].id)))
			return false;
		r->add_again_count++;
	}
	return r->add_again != NULL;
}

static bool do_walkin(struct day *dy, const struct day_op *op, struct diag_list *d)
{
	struct event *ev = &dy->ev;
	struct day_private *p = dy->priv;
	const char *name = op->name ? op->name : "", *org = op->organisation ? op->organisation : "";
	const char *role = op->role ? op->role : "";
	if (strlen(name) > 1000 || strlen(org) > 1000) {
		diag_add(d, DIAG_REFUSED, ev->roster_path, 0, 0,
			 "a walk-in's name and organisation are at most 1,000 bytes each");
		return false;
	}
	if (!walkin_text_ok(name) || !walkin_text_ok(org)) {
		diag_add(d, DIAG_REFUSED, ev->roster_path, 0, 0,
			 "a walk-in needs a name and an organisation, in plain text: valid UTF-8, not blank, no "
			 "control or direction-changing characters");
		return false;
	}
	if (event_find_role(ev, role) < 0) {
		char roles[512];
		event_role_ids(ev, NULL, roles, sizeof(roles));
		diag_add(d, DIAG_REFUSED, ev->path, 0, 0, "unknown role '%s'; roles are: %s", role, roles);
		return false;
	}
	/* A desk that adds someone already here counts them twice: said,
	 * with where they are, unless asked again. */
	int same = day_person_named(dy, name, org);
	if (same >= 0 && !op->again) {
		/* Everyone of that name, as the record of an add --again lists
		 * them (pending_again): a desk asked again has seen each one. */
		const struct delegate *o = &ev->delegates[same];
		char here[1024] = "";
		size_t used = 0, named = 0;
		for (int k = same; k >= 0 && used < sizeof(here); k = next_named(dy, k + 1, name, org)) {
			int seat = plan_seat(dy, (size_t)k);
			if (named++ < 3)
				used += (size_t)snprintf(here + used, sizeof(here) - used, "%s%s (%s%s%s)", named > 1 ? ", " : "",
							 ev->delegates[k].id, attendance_names[day_attendance(dy, k)],
							 seat >= 0 ? ", table " : "", seat >= 0 ? ev->tables[seat].id : "");
		}
		if (named > 3 && used < sizeof(here))
			snprintf(here + used, sizeof(here) - used, " and %zu more", named - 3);
		diag_add(d, DIAG_REFUSED, ev->roster_path, o->line, o->col,
			 "%s (%s) is already here as %s: check them in instead; if this is another person of that "
			 "name, add them again with --again",
			 o->name, o->organisation, here);
		return false;
	}
	/* Unique without asking anyone: the device's name and a number, and a
	 * random part for two laptops that share a device name (a cloned image). */
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	char suffix[5];
	uint32_t r = p->client.nonce;
	for (int k = 0; k < 4; k++, r /= 36)
		suffix[k] = digits[r % 36];
	suffix[4] = '\0';
	char id[EVENT_MAX_ID_BYTES + 1];
	/* Numbered on from this device's walk-ins so far, whichever run of
	 * alchemy made them: a desk reads 001, 002, 003, not 001 each time. */
	char prefix[EVENT_MAX_ID_BYTES + 1];
	int n = 1, prefix_len = snprintf(prefix, sizeof(prefix), "w-%s-", p->client.device);
	for (size_t k = 0; k < ev->delegates_count; k++) {
		/* This device's own: the prefix, then NNN-xxxx and nothing more
		 * (device desk's prefix w-desk- also starts desk-2's ids). */
		const char *other = ev->delegates[k].id, *rest = other + prefix_len;
		if (strncmp(other, prefix, (size_t)prefix_len) != 0)
			continue;
		size_t number = strspn(rest, "0123456789");
		n += number >= 3 && rest[number] == '-' && strlen(rest + number + 1) == 4 &&
		     strspn(rest + number + 1, "0123456789abcdefghijklmnopqrstuvwxyz") == 4;
	}
	for (; n < 100000; n++) {
		snprintf(id, sizeof(id), "w-%s-%03d-%s", p->client.device, n, suffix);
		if (event_find_delegate(ev, id) < 0)
			break;
	}
	if (n == 100000) {
		diag_add(d, DIAG_REFUSED, ev->path, 0, 0, "this device has made 99,999 walk-ins; use another device name");
		return false;
	}
	int i = add_person(dy, id, name, org, role);
	if (i < 0) {
		diag_add(d, DIAG_IO, ev->path, 0, 0, "out of memory");
		return false;
	}
	p->pending.add_id = strdup(id);
	p->pending.add_name = strdup(name);
	p->pending.add_org = strdup(org);
	p->pending.add_role = strdup(role);
	/* Those of that name the desk was shown (the new walk-in aside): not
	 * the same person twice, unlike one it had not seen. */
	if (same >= 0 && !pending_again(dy, i, name, org)) {
		diag_add(d, DIAG_IO, ev->path, 0, 0, "out of memory");
		return false;
	}
	return do_attendance(dy, i, ATT_ARRIVED, d);
}

/* A plan from repair or allocate, its arrays as roomy as the others. */
static bool adopt_plan(struct day *dy, struct plan *np)
{
	for (size_t r = 0; r < np->rounds_count; r++) {
		int *s = realloc(np->rounds[r].seat, dy->priv->capacity * sizeof(int));
		if (!s) {
			plan_free(np);
			return false;
		}
		np->rounds[r].seat = s;
	}
	if (dy->has_plan)
		plan_free(&dy->plan);
	dy->plan = *np;
	dy->has_plan = true;
	return true;
}

/* People per table in seat[] (n delegates). */
static void table_counts(const struct day *dy, const int *seat, size_t n, size_t *counts)
{
	memset(counts, 0, dy->ev.tables_count * sizeof(*counts));
	for (size_t i = 0; seat && i < n; i++)
		if (seat[i] >= 0 && (size_t)seat[i] < dy->ev.tables_count)
			counts[seat[i]]++;
}

/* Seats for everyone not absent: the tables' capacities, and how many need one. */
static void seat_demand(const struct day *dy, size_t *seats, size_t *people)
{
	*seats = *people = 0;
	for (size_t t = 0; t < dy->ev.tables_count; t++)
		*seats += (size_t)dy->ev.tables[t].capacity;
	for (size_t i = 0; i < dy->ev.delegates_count; i++)
		*people += dy->state.attendance[i] != ATT_ABSENT && !dy->ev.delegates[i].withdrawn;
}

/* A repair cannot seat more than there are seats: said as the walk-in's
 * refusal says it, not as a table "over capacity" the repair left. */
static bool seats_enough(const struct day *dy, struct diag_list *d)
{
	size_t seats, people;
	seat_demand(dy, &seats, &people);
	if (people <= seats)
		return true;
	diag_add(d, DIAG_REFUSED, dy->event_path, 0, 0,
		 "every table is full: %zu seats for %zu not absent; add a table or mark no-shows, then repair", seats,
		 people);
	return false;
}

static bool do_repair(struct day *dy, struct diag_list *d)
{
	struct plan np;
	if (!seats_enough(dy, d))
		return false;
	if (!dy->has_plan) {
		/* The day edits round one only; later rounds come from `allocate`. */
		struct allocate_options opt = { .seed = 1, .rounds = 1, .progress = dy->progress };
		struct allocate_report rep;
		if (!allocate(&dy->ev, &opt, &np, &rep, d))
			return false;
		allocate_report_free(&rep);
	} else {
		struct repair_result res;
		if (!repair_plan(&dy->ev, &dy->plan, dy->state.locked, dy->progress, &np, &res, d))
			return false;
		repair_result_free(&res);
	}
	if (!adopt_plan(dy, &np)) {
		diag_add(d, DIAG_IO, dy->event_path, 0, 0, "out of memory");
		return false;
	}
	return true;
}

static bool do_clock(struct day *dy, enum day_op_kind kind, int step, long long now, struct diag_list *d)
{
	struct stage_clock *k = &dy->state.clock;
	const char *refusal = NULL;
	if (!dy->ev.stages_count)
		refusal = "this event has no stages (add 'stages:' to the event file)";
	else if (kind == DAY_OP_CLOCK_START && k->running)
		refusal = "the clock is already running";
	else if (kind == DAY_OP_CLOCK_PAUSE && !k->running)
		refusal = "the clock is not running";
	else if (kind == DAY_OP_STAGE && (step == 0 || k->stage + step < 0 || (size_t)(k->stage + step) >= dy->ev.stages_count))
		refusal = step > 0 ? "this is the last stage" : "this is the first stage";
	if (refusal) {
		diag_add(d, DIAG_REFUSED, dy->event_path, 0, 0, "%s", refusal);
		return false;
	}
	if (kind == DAY_OP_CLOCK_START) {
		k->started = now;
		k->running = true;
	} else if (kind == DAY_OP_CLOCK_PAUSE) {
		k->elapsed += now - k->started;
		k->running = false;
	} else {
		k->stage += step;
		k->elapsed = 0;
		k->started = now;
	}
	return true;
}

static void do_doors_closed(struct day *dy)
{
	for (size_t i = 0; i < dy->ev.delegates_count; i++)
		if (dy->state.attendance[i] == ATT_EXPECTED)
			do_attendance(dy, (int)i, ATT_ABSENT, NULL);
}

/* Whether record w is an undo or redo by r's device that left field f of
 * subject i at `value`, the value r set. */
static bool own_undo_left(const struct day *dy, long w, const struct day_record *r, enum field f, int i,
			  const char *value)
{
	const struct day_record *u = &dy->records[w];
	if ((u->kind != DAY_OP_UNDO && u->kind != DAY_OP_REDO) || strcmp(u->device, r->device))
		return false;
	char now[96];
	current_value(dy, f, i, now, sizeof(now));
	return !strcmp(now, value);
}

/* The latest record of another device between records t and w that
 * changed subject: a person in any field, or a table's theme (f tells
 * which, as ids of the two may look alike); w itself if none. */
static long other_desk_between(const struct day *dy, long t, long w, const char *subject, enum field f)
{
	for (long k = w - 1; k > t; k--) {
		const struct day_record *o = &dy->records[k];
		if (!strcmp(o->device, dy->records[t].device))
			continue;
		for (size_t c = 0; c < o->changes_count; c++)
			if (!strcmp(o->changes[c].subject, subject) &&
			    (field_of(o->changes[c].field) == FLD_THEME) == (f == FLD_THEME))
				return k;
	}
	return w;
}

/* Who has changed what change ch of record t set since, in the way undo
 * must not pass over: t itself when nobody; else the record (or -2 when
 * the subject is gone). */
static long undo_conflict(const struct day *dy, long t, const struct day_change *ch, enum field f, int i)
{
	const struct day_record *r = &dy->records[t];
	long w = i >= 0 ? *writer_of((struct day *)dy, f, i) : -2;
	/* The device's own undo or redo since is of an operation made
	 * after this one (its stack takes those back first), not someone
	 * else's change: where it left this record's value, undo again
	 * (a mistaken --close-doors, then an arrival: undo, undo). */
	if (w > t && !strcmp(dy->records[w].device, r->device)) {
		/* Whose change it was between, if anyone's; where another
		 * desk put this record's value back (absent, then arrived
		 * again), it still changed them: refused, naming it. */
		long other = other_desk_between(dy, t, w, ch->subject, f);
		if (other != w)
			w = other;
		else if (own_undo_left(dy, w, r, f, i, ch->value))
			w = t;
	}
	/* Per person, not per field: another desk that has since moved,
	 * marked or locked that person made its change on this one. */
	for (int g = FLD_SEAT; w == t && f <= FLD_LOCK && g <= FLD_LOCK; g++) {
		long o = dy->priv->last_writer[g][i];
		if (o > t && strcmp(dy->records[o].device, r->device))
			w = o;
	}
	return w;
}

/* The refusal of an undo (or redo) of `what` that record w stands in the
 * way of, at change ch. */
static void say_undo_conflict(const struct day *dy, bool redo, const char *what, long w, const struct day_change *ch,
			      enum field f, int i, struct diag_list *d)
{
	char since[320] = "", label[200];
	if (w >= 0)
		describe(dy, &dy->records[w], since, sizeof(since), 0);
	person_label(dy, ch->subject, label, sizeof(label));
	if (w >= 0)
		diag_add(d, DIAG_REFUSED, dy->event_path, 0, 0,
			 "cannot %s '%s': %s has changed %s since ('%s'); change it by hand", redo ? "redo" : "undo", what,
			 dy->records[w].device, f == FLD_CLOCK ? "the clock" : label, since);
	else if (i < 0)
		diag_add(d, DIAG_REFUSED, dy->event_path, 0, 0, "cannot %s '%s': %s is no longer in this event",
			 redo ? "redo" : "undo", what, label);
	else   /* the person is here; what the record set them to is not (a table, a theme) */
		diag_add(d, DIAG_REFUSED, dy->event_path, 0, 0,
			 "cannot %s '%s': it names a %s this event does not have ('%s'); change it by hand",
			 redo ? "redo" : "undo", what, f == FLD_SEAT ? "table" : f == FLD_THEME ? "theme" : "value",
			 ch->value);
}

/* Puts back what the device's last operation (or undo) changed, unless
 * someone changed one of those people since: then says who, and what. */
static bool do_undo(struct day *dy, bool redo, struct diag_list *d)
{
	struct day_private *p = dy->priv;
	long t = day_undo_target(dy, p->client.device, redo);
	if (t < 0) {
		diag_add(d, DIAG_REFUSED, dy->event_path, 0, 0, "nothing to %s on this device (%s)", redo ? "redo" : "undo",
			 p->client.device);
		return false;
	}
	const struct day_record *r = &dy->records[t];
	char what[320];
	describe(dy, r, what, sizeof(what), 0);
	/* A table it would overfill is said as this undo's refusal. */
	snprintf(p->undoing, sizeof(p->undoing), "cannot %s '%s': ", redo ? "redo" : "undo", what);
	/* Doors closed marks many at once: undone for everyone nobody has
	 * changed since, the others left as they are (one late arrival at
	 * another desk blocked undoing it for all 104). Anything else is
	 * undone whole or not at all. */
	bool bulk = r->kind == DAY_OP_DOORS_CLOSED;
	bool *left = bulk ? calloc(dy->ev.delegates_count + 1, sizeof(bool)) : NULL;
	if (bulk && !left) {
		diag_add(d, DIAG_IO, dy->event_path, 0, 0, "out of memory");
		return false;
	}
	long first_w = t;   /* the first change someone has made since, and where */
	size_t first_c = 0, overwritten = 0;
	for (size_t c = 0; c < r->changes_count; c++) {
		const struct day_change *ch = &r->changes[c];
		enum field f = field_of(ch->field);
		int i = subject_index(dy, f, ch->subject);
		long now = i >= 0 ? *writer_of(dy, f, i) : -1;   /* whose value this field holds */
		overwritten += now > t && strcmp(dy->records[now].device, r->device) != 0;
		long w = undo_conflict(dy, t, ch, f, i);
		if (w == t)
			continue;
		if (first_w == t)
			first_w = w, first_c = c;
		if (bulk && i >= 0 && f <= FLD_LOCK)
			left[i] = true;   /* all of this person's changes stay */
	}
	size_t kept = 0;
	for (size_t c = 0; c < r->changes_count; c++) {
		const struct day_change *ch = &r->changes[c];
		enum field f = field_of(ch->field);
		int i = subject_index(dy, f, ch->subject);
		kept += !(left && i >= 0 && f <= FLD_LOCK && left[i]);
	}
	/* Every value it set since set again by other desks: nothing of it
	 * is left to undo, and what they did stands. Passed over with a
	 * record of no changes, so the next undo reaches the change before it
	 * (a refusal here blocked every older undo of this desk for good). */
	if (!redo && first_w != t && r->changes_count && overwritten == r->changes_count) {
		const struct day_change *ch = &r->changes[first_c];
		enum field f = field_of(ch->field);
		char label[200];
		person_label(dy, ch->subject, label, sizeof(label));
		snprintf(p->passed_over, sizeof(p->passed_over),
			 "nothing left to undo of '%.100s': %.40s has changed %.60s since, which stands; passed over "
			 "(the next undo goes to the change before it)", what, dy->records[first_w].device,
			 f == FLD_CLOCK ? "the clock" : label);
		free(left);
		p->pending.target = r->seq;
		return true;
	}
	if (first_w != t && (!bulk || kept == 0)) {   /* said as for one change */
		const struct day_change *ch = &r->changes[first_c];
		enum field f = field_of(ch->field);
		say_undo_conflict(dy, redo, what, first_w, ch, f, subject_index(dy, f, ch->subject), d);
		free(left);
		return false;
	}
	for (size_t c = 0; c < r->changes_count; c++) {
		const struct day_change *ch = &r->changes[c];
		enum field f = field_of(ch->field);
		int i = subject_index(dy, f, ch->subject);
		if (left && i >= 0 && f <= FLD_LOCK && left[i])
			continue;
		/* What it overwrote in the merged order, not what its device saw:
		 * undoing a change made over an unseen one brings that one back. */
		set_value(dy, f, i, ch->replaced ? ch->replaced : ch->was);
	}
	free(left);
	p->pending.target = r->seq;
	return true;
}

/* ---- the transaction ---- */

static bool save_before(struct day *dy)
{
	struct day_private *p = dy->priv;
	size_t N = dy->ev.delegates_count, T = dy->ev.tables_count;
	before_free(p);
	p->before_delegates = N;
	p->before_attendance = malloc(N ? N : 1);
	p->before_locked = malloc((N ? N : 1) * sizeof(bool));
	p->before_seat = malloc((N ? N : 1) * sizeof(int));
	p->before_theme = malloc((T ? T : 1) * sizeof(int));
	if (!p->before_attendance || !p->before_locked || !p->before_seat || !p->before_theme)
		return false;
	memcpy(p->before_attendance, dy->state.attendance, N);
	memcpy(p->before_locked, dy->state.locked, N * sizeof(bool));
	for (size_t i = 0; i < N; i++)
		p->before_seat[i] = plan_seat(dy, i);
	for (size_t t = 0; t < T; t++)
		p->before_theme[t] = dy->has_plan ? dy->plan.rounds[0].table_theme[t] : dy->ev.tables[t].theme;
	p->before_clock = dy->state.clock;
	p->before_has_plan = dy->has_plan;
	return true;
}

/* Back to the state saved by save_before; a walk-in added since stays in
 * the roster in memory, absent and unseated, as replay starts them. */
static void restore_before(struct day *dy)
{
	struct day_private *p = dy->priv;
	size_t N = p->before_delegates;
	memcpy(dy->state.attendance, p->before_attendance, N);
	memcpy(dy->state.locked, p->before_locked, N * sizeof(bool));
	for (size_t i = N; i < dy->ev.delegates_count; i++) {
		dy->state.attendance[i] = ATT_ABSENT;
		dy->state.locked[i] = false;
	}
	if (!p->before_has_plan && dy->has_plan) {
		plan_free(&dy->plan);
		dy->has_plan = false;
	}
	if (dy->has_plan) {
		for (size_t i = 0; i < dy->ev.delegates_count; i++)
			dy->plan.rounds[0].seat[i] = i < N ? p->before_seat[i] : -1;
		memcpy(dy->plan.rounds[0].table_theme, p->before_theme, dy->ev.tables_count * sizeof(int));
	}
	dy->state.clock = p->before_clock;
	for (size_t i = 0; i < dy->ev.delegates_count; i++)
		sync_presence(dy, i);
}

static bool pending_add(struct day_private *p, const char *subject, enum field f, const char *value, const char *was)
{
	struct day_record *r = &p->pending;
	if (r->changes_count == p->pending_cap) {
		size_t cap = p->pending_cap ? p->pending_cap * 2 : 16;
		struct day_change *c = realloc(r->changes, cap * sizeof(*c));
		if (!c)
			return false;
		r->changes = c;
		p->pending_cap = cap;
	}
	struct day_change *c = &r->changes[r->changes_count];
	c->subject = strdup(subject);
	c->field = field_names[f];
	c->value = strdup(value);
	c->was = strdup(was);
	c->replaced = NULL;
	r->changes_count++;
	return c->subject && c->value && c->was;
}

/* The operation's changes: every field that differs from before. */
static bool diff_pending(struct day *dy)
{
	struct day_private *p = dy->priv;
	size_t N = p->before_delegates;
	bool ok = true;
	char now[96], was[96];
	for (size_t i = 0; ok && i < dy->ev.delegates_count; i++) {
		const char *id = dy->ev.delegates[i].id;
		int seat_was = i < N ? p->before_seat[i] : -1;
		int seat_now = plan_seat(dy, i);
		int att_was = i < N ? p->before_attendance[i] : ATT_ABSENT;
		bool lock_was = i < N && p->before_locked[i];
		if (att_was != dy->state.attendance[i])
			ok = pending_add(p, id, FLD_ATTENDANCE, attendance_names[dy->state.attendance[i]],
					 attendance_names[att_was]);
		if (ok && seat_was != seat_now)
			ok = pending_add(p, id, FLD_SEAT, seat_now >= 0 ? dy->ev.tables[seat_now].id : "-",
					 seat_was >= 0 ? dy->ev.tables[seat_was].id : "-");
		if (ok && lock_was != dy->state.locked[i])
			ok = pending_add(p, id, FLD_LOCK, dy->state.locked[i] ? "true" : "false", lock_was ? "true" : "false");
	}
	for (size_t t = 0; ok && t < dy->ev.tables_count; t++) {
		int th = dy->has_plan ? dy->plan.rounds[0].table_theme[t] : dy->ev.tables[t].theme;
		if (th != p->before_theme[t])
			ok = pending_add(p, dy->ev.tables[t].id, FLD_THEME, th >= 0 ? dy->ev.themes[th].id : "-",
					 p->before_theme[t] >= 0 ? dy->ev.themes[p->before_theme[t]].id : "-");
	}
	if (ok && memcmp(&p->before_clock, &dy->state.clock, sizeof(dy->state.clock))) {
		clock_text(&dy->state.clock, now, sizeof(now));
		clock_text(&p->before_clock, was, sizeof(was));
		ok = pending_add(p, "-", FLD_CLOCK, now, was);
	}
	return ok;
}

bool day_begin(struct day *dy, const struct day_client *c, struct diag_list *d)
{
	struct day_private *p = dy->priv;
	if (p->in_txn) {
		diag_add(d, DIAG_DATA, dy->event_path, 0, 0, "a change is already open; commit or abort it first");
		return false;
	}
	if (!c || !device_name_ok(c->device)) {
		diag_add(d, DIAG_DATA, dy->event_path, 0, 0,
			 "the device name '%s' cannot name a journal: use letters, digits and '-' (ALCHEMY_DEVICE=desk-2)",
			 c && c->device ? c->device : "");
		return false;
	}
	/* A record is read back only up to DAY_MAX_TIME_MS: a later clock
	 * would be saved, acknowledged, and then skipped as damaged. */
	if (c->now_ms < 0 || c->now_ms > DAY_MAX_TIME_MS) {
		diag_add(d, DIAG_REFUSED, dy->event_path, 0, 0,
			 "the time %lld ms is outside what a day journal holds (0 to %lld); check the clock or ALCHEMY_NOW",
			 c->now_ms, DAY_MAX_TIME_MS);
		return false;
	}
	/* A walk-in's id is w-DEVICE-NNN-XXXX and must fit an id. */
	if (strlen(c->device) > DAY_DEVICE_MAX) {
		diag_add(d, DIAG_REFUSED, dy->event_path, 0, 0,
			 "the device name '%.20s...' is %zu characters; use at most %d (ALCHEMY_DEVICE=desk-2)", c->device,
			 strlen(c->device), DAY_DEVICE_MAX);
		return false;
	}
	if (!take_lock(dy, d))
		return false;
	/* Everything written before the lock was ours is read before the rule is checked. */
	if (day_refresh(dy, d) < 0) {
		if (!(p->flags & DAY_LOCK))
			unlock(dy);
		return false;
	}
	p->client = *c;
	p->in_txn = true;
	p->applied = false;
	pending_clear(p);
	return true;
}

static void end_txn(struct day *dy)
{
	struct day_private *p = dy->priv;
	p->in_txn = false;
	p->applied = false;
	pending_clear(p);
	before_free(p);
	if (!(p->flags & DAY_LOCK))
		unlock(dy);
}

/* No change may seat more at a table than it holds: refused, saying what
 * to do, when a table holds more after the change than its capacity and
 * than before it (a table already over by a merge does not stop the day). */
static bool within_capacity(struct day *dy, struct diag_list *d)
{
	struct day_private *p = dy->priv;
	size_t T = dy->ev.tables_count;
	if (!dy->has_plan || !T)
		return true;
	size_t *before = malloc(T * sizeof(size_t)), *now = malloc(T * sizeof(size_t));
	bool ok = before && now;
	if (ok) {
		table_counts(dy, p->before_has_plan ? p->before_seat : NULL, p->before_delegates, before);
		table_counts(dy, dy->plan.rounds[0].seat, dy->ev.delegates_count, now);
	}
	for (size_t t = 0; ok && t < T; t++) {
		if (now[t] <= (size_t)dy->ev.tables[t].capacity || now[t] <= before[t])
			continue;
		size_t seats, people;
		seat_demand(dy, &seats, &people);
		const char *undoing = dy->priv->undoing;
		if (people > seats)
			diag_add(d, DIAG_REFUSED, dy->event_path, 0, 0,
				 "%severy table is full: %zu seats for %zu not absent; add a table or mark no-shows",
				 undoing, seats, people);
		else
			diag_add(d, DIAG_REFUSED, dy->event_path, 0, 0,
				 "%stable %s would seat %zu for its %d seats; free a seat there (move someone) first",
				 undoing, dy->ev.tables[t].id, now[t], dy->ev.tables[t].capacity);
		free(before);
		free(now);
		return false;
	}
	if (!ok)
		diag_add(d, DIAG_IO, dy->event_path, 0, 0, "out of memory");
	free(before);
	free(now);
	return ok;
}

static bool valid_person(const struct day *dy, int i, struct diag_list *d)
{
	if (i >= 0 && (size_t)i < dy->ev.delegates_count && dy->ev.delegates[i].withdrawn) {
		diag_add(d, DIAG_REFUSED, dy->event_path, 0, 0, "%s (%s) is a walk-in taken back by undo; add them again",
			 dy->ev.delegates[i].name, dy->ev.delegates[i].id);
		return false;
	}
	if (i >= 0 && (size_t)i < dy->ev.delegates_count)
		return true;
	diag_add(d, DIAG_REFUSED, dy->event_path, 0, 0, "no such delegate");
	return false;
}

bool day_apply(struct day *dy, const struct day_op *op, struct day_result *res, struct diag_list *d)
{
	struct day_private *p = dy->priv;
	if (!p->in_txn || p->applied) {
		diag_add(d, DIAG_DATA, dy->event_path, 0, 0, p->in_txn ? "one operation per change: commit this one first"
								      : "day_apply outside day_begin");
		return false;
	}
	if (res) {
		memset(res, 0, sizeof(*res));
		res->table = -1;
		res->scored = dy->has_plan && !(p->flags & DAY_NO_FIGURES) &&
			      plan_score(&dy->ev, &dy->plan, &res->before, NULL, 0) == 0;
	}
	if (!save_before(dy)) {
		diag_add(d, DIAG_IO, dy->event_path, 0, 0, "out of memory");
		return false;
	}
	pending_clear(p);
	p->pending.kind = op->kind;
	p->pending.device = p->client.device;   /* borrowed, never freed */
	bool ok = true;
	int who = op->who;
	p->undoing[0] = '\0';
	p->passed_over[0] = '\0';
	switch (op->kind) {
	case DAY_OP_ARRIVE:
	case DAY_OP_ABSENT:
	case DAY_OP_EXPECTED:
		ok = valid_person(dy, who, d) &&
		     do_attendance(dy, who, op->kind == DAY_OP_ARRIVE ? ATT_ARRIVED : op->kind == DAY_OP_ABSENT ? ATT_ABSENT
													   : ATT_EXPECTED, d);
		break;
	case DAY_OP_WALKIN:
		ok = do_walkin(dy, op, d);
		who = ok ? event_find_delegate(&dy->ev, p->pending.add_id) : -1;
		break;
	case DAY_OP_MOVE:
		ok = valid_person(dy, who, d) && op->table >= 0 && (size_t)op->table < dy->ev.tables_count &&
		     do_move(dy, who, op->table, d);
		break;
	case DAY_OP_SWAP:
		ok = valid_person(dy, who, d) && valid_person(dy, op->other, d) && do_swap(dy, who, op->other, d);
		break;
	case DAY_OP_LOCK:
	case DAY_OP_UNLOCK:
		ok = valid_person(dy, who, d);
		/* An absent person has no seat to keep (absence frees the lock). */
		if (ok && op->kind == DAY_OP_LOCK && dy->state.attendance[who] == ATT_ABSENT) {
			diag_add(d, DIAG_REFUSED, dy->event_path, 0, 0, "%s (%s) is absent; nothing to lock",
				 dy->ev.delegates[who].name, dy->ev.delegates[who].id);
			ok = false;
		}
		if (ok)
			dy->state.locked[who] = op->kind == DAY_OP_LOCK;
		break;
	case DAY_OP_REPAIR:
		ok = do_repair(dy, d);
		break;
	case DAY_OP_CLOCK_START:
	case DAY_OP_CLOCK_PAUSE:
	case DAY_OP_STAGE:
		ok = do_clock(dy, op->kind, op->step, p->client.now_ms / 1000, d);
		break;
	case DAY_OP_DOORS_CLOSED:
		do_doors_closed(dy);
		break;
	case DAY_OP_UNDO:
	case DAY_OP_REDO:
		ok = do_undo(dy, op->kind == DAY_OP_REDO, d);
		break;
	default:
		diag_add(d, DIAG_DATA, dy->event_path, 0, 0, "this operation is not made by hand");
		ok = false;
	}
	ok = ok && within_capacity(dy, d);
	if (ok && !diff_pending(dy)) {
		diag_add(d, DIAG_IO, dy->event_path, 0, 0, "out of memory");
		ok = false;
	}
	if (!ok) {
		restore_before(dy);
		pending_clear(p);
		return false;
	}
	p->applied = true;
	if (res) {
		describe(dy, &p->pending, res->what, sizeof(res->what), 0);
		res->touched = 0;
		for (size_t k = 0; k < p->pending.changes_count; k++)
			res->touched += !k || strcmp(p->pending.changes[k].subject, p->pending.changes[k - 1].subject);
		res->walkin_id = p->pending.add_id ? dy->ev.delegates[who].id : NULL;
		if (who >= 0 && (size_t)who < dy->ev.delegates_count && dy->has_plan)
			res->table = dy->plan.rounds[0].seat[who];
		if (res->scored)
			res->scored = dy->has_plan && plan_score(&dy->ev, &dy->plan, &res->after, NULL, 0) == 0;
		if (p->passed_over[0])
			snprintf(res->what, sizeof(res->what), "%s", p->passed_over);
		else if (!p->pending.changes_count)
			snprintf(res->what, sizeof(res->what), "nothing to change");
	}
	return true;
}

/* The highest sequence number of this device's records, wherever read. */
static long own_last_seq(const struct day *dy, const char *device)
{
	long seq = 0;
	for (size_t k = 0; k < dy->records_count; k++)
		if (dy->records[k].seq > seq && !strcmp(dy->records[k].device, device))
			seq = dy->records[k].seq;
	return seq;
}

/* The record that carries day.yaml of the old format into the journal:
 * its facts as changes over the organiser's files. */
static bool import_record(struct day *dy, struct day_record *r)
{
	struct day_private *p = dy->priv;
	struct day_base *b = &p->base;
	struct day_record saved = p->pending;
	size_t saved_cap = p->pending_cap;
	memset(&p->pending, 0, sizeof(p->pending));
	p->pending_cap = 0;
	bool ok = true;
	for (size_t i = 0; ok && i < b->delegates; i++) {
		const char *id = dy->ev.delegates[i].id;
		if (b->legacy_attendance[i] != b->attendance[i])
			ok = pending_add(p, id, FLD_ATTENDANCE, attendance_names[b->legacy_attendance[i]],
					 attendance_names[b->attendance[i]]);
		if (ok && b->legacy_locked[i] != b->locked[i])
			ok = pending_add(p, id, FLD_LOCK, b->legacy_locked[i] ? "true" : "false", "false");
	}
	char now[96], was[96];
	if (ok && memcmp(&b->legacy_clock, &b->clock, sizeof(b->clock))) {
		clock_text(&b->legacy_clock, now, sizeof(now));
		clock_text(&b->clock, was, sizeof(was));
		ok = pending_add(p, "-", FLD_CLOCK, now, was);
	}
	*r = p->pending;
	r->kind = DAY_OP_IMPORT;
	p->pending = saved;
	p->pending_cap = saved_cap;
	return ok;
}

bool day_commit(struct day *dy, struct diag_list *d)
{
	struct day_private *p = dy->priv;
	if (!p->in_txn) {
		diag_add(d, DIAG_DATA, dy->event_path, 0, 0, "day_commit outside day_begin");
		return false;
	}
	if (!p->applied || (!p->pending.changes_count && !p->passed_over[0])) {
		end_txn(dy);
		return true;
	}
	/* The hybrid logical clock: past every record read, so this one sorts
	 * after everything its device had seen, whatever the wall clocks say. */
	long long at = p->client.now_ms > p->hlc_at ? p->client.now_ms : p->hlc_at;
	int n = at == p->hlc_at ? p->hlc_n + 1 : 0;
	/* Never write what a reader refuses (it would be acknowledged, then
	 * skipped as damaged): a counter at its limit moves to the next ms. */
	if (n >= DAY_MAX_COUNTER - 1) {
		at++;
		n = 0;
	}
	if (at > DAY_MAX_TIME_MS) {
		diag_add(d, DIAG_REFUSED, dy->event_path, 0, 0,
			 "a record in day/ carries a time past what a journal holds (%lld ms); the change was NOT saved: "
			 "find it with alchemy log and move that file away", p->hlc_at);
		end_txn(dy);
		struct diag_list quiet;
		diag_list_init(&quiet);
		reload_all(dy, &quiet);
		diag_list_free(&quiet);
		return false;
	}
	long seq = own_last_seq(dy, p->client.device) + 1;
	struct strbuf lines, header;
	strbuf_init(&lines);
	strbuf_init(&header);
	bool ok = true;
	struct day_record imp = { 0 };
	if (p->base.legacy && !p->imported) {
		ok = import_record(dy, &imp);
		imp.at = at;
		imp.counter = n++;
		imp.device = p->client.device;
		imp.seq = seq++;
		if (ok && imp.changes_count)
			put_record(&lines, &imp);
		else if (ok)
			seq--;   /* an empty day.yaml carries nothing */
	}
	struct day_record *r = &p->pending;
	r->at = at;
	r->counter = n;
	r->device = p->client.device;
	r->seq = seq;
	put_record(&lines, r);
	r->device = NULL;   /* borrowed: pending_clear must not free it */
	record_strings_free(&imp);
	free(imp.changes);
	strbuf_printf(&header, "# The day of %s on device %s, kept by alchemy. Append-only: one record a\n"
			       "# line; do not edit (copy the file, or use alchemy merge, to bring it elsewhere).\n",
		      dy->ev.name, p->client.device);
	char name[96];
	snprintf(name, sizeof(name), "%s.yaml", p->client.device);
	char *path = path_in(dy->journal_dir, name);
	if (!ok || lines.failed || header.failed || !path) {
		diag_add(d, DIAG_IO, dy->journal_dir, 0, 0, "out of memory; the change was NOT saved");
		ok = false;
	} else if (mkdir(dy->journal_dir, 0755) != 0 && errno != EEXIST) {
		diag_add(d, DIAG_CANTCREAT, dy->journal_dir, 0, 0, "cannot create the day journal folder: %s; the change was NOT saved",
			 strerror(errno));
		ok = false;
	} else {
		ok = jfile_append(path, header.data, lines.data, lines.len, d);
	}
	free(path);
	strbuf_free(&lines);
	strbuf_free(&header);
	/* Back to the state before, then the record read back as every other
	 * desk will read it: one path for the state, whoever wrote. */
	restore_before(dy);
	end_txn(dy);
	struct diag_list quiet;
	diag_list_init(&quiet);
	if (ok)
		read_and_replay(dy, &quiet);   /* saved; if this read fails, the next refresh reads it */
	else
		reload_all(dy, &quiet);   /* the journal is as it was: so is the state */
	diag_list_free(&quiet);
	return ok;
}

void day_abort(struct day *dy)
{
	struct day_private *p = dy->priv;
	if (!p->in_txn)
		return;
	bool added = p->pending.add_id != NULL;
	if (p->applied)
		restore_before(dy);
	end_txn(dy);
	if (added) {
		struct diag_list quiet;
		diag_list_init(&quiet);
		reload_all(dy, &quiet);   /* the walk-in never was */
		diag_list_free(&quiet);
	}
}

bool day_change(struct day *dy, const struct day_client *c, const struct day_op *op, struct day_result *res,
		struct diag_list *d)
{
	/* The op's indexes are of the event as its caller saw it; day_begin
	 * reads what other desks wrote first, and a full reread may order the
	 * walk-ins otherwise (one dated earlier, merged in): named again by id,
	 * so the change never lands on someone else. */
	const struct event *ev = &dy->ev;
	char who[EVENT_MAX_ID_BYTES + 1], other[EVENT_MAX_ID_BYTES + 1], table[EVENT_MAX_ID_BYTES + 1];
	/* Copied: the reread frees the event's strings. */
	snprintf(who, sizeof(who), "%s", op->who >= 0 && (size_t)op->who < ev->delegates_count ? ev->delegates[op->who].id : "");
	snprintf(other, sizeof(other), "%s",
		 op->other >= 0 && (size_t)op->other < ev->delegates_count ? ev->delegates[op->other].id : "");
	snprintf(table, sizeof(table), "%s", op->table >= 0 && (size_t)op->table < ev->tables_count ? ev->tables[op->table].id : "");
	if (!day_begin(dy, c, d))
		return false;
	struct day_op now = *op;
	if (who[0])
		now.who = event_find_delegate(&dy->ev, who);
	if (other[0])
		now.other = event_find_delegate(&dy->ev, other);
	if (table[0])
		now.table = event_find_table(&dy->ev, table);
	op = &now;
	if (!day_apply(dy, op, res, d)) {
		day_abort(dy);
		return false;
	}
	return day_commit(dy, d);
}

bool day_rebalance_preview(struct day *dy, struct repair_result *res, struct plan_score *before,
			   struct plan_score *after, struct diag_list *d)
{
	memset(res, 0, sizeof(*res));
	if (!dy->has_plan)
		return true;
	if (!seats_enough(dy, d))
		return false;
	struct plan out;
	if (!repair_plan(&dy->ev, &dy->plan, dy->state.locked, dy->progress, &out, res, d))
		return false;
	if (before)
		plan_score(&dy->ev, &dy->plan, before, NULL, 0);
	if (after)
		plan_score(&dy->ev, &out, after, NULL, 0);
	plan_free(&out);
	return true;
}

long long stage_seconds_left(const struct day *dy, long long now)
{
	const struct stage_clock *k = &dy->state.clock;
	if (k->stage < 0 || (size_t)k->stage >= dy->ev.stages_count)
		return 0;
	int minutes = dy->ev.stages[k->stage].minutes;
	if (!minutes)
		return 0;
	long long used = k->elapsed + (k->running ? now - k->started : 0);
	return (long long)minutes * 60 - used;
}

/* ---- several laptops ---- */

/* A day journal without walk-ins' names: each becomes its id. */
static bool purge_day_text(void *ctx, const char *path, const char *text, size_t len, struct strbuf *out)
{
	(void)ctx;
	for (size_t start = 0; start < len;) {
		const char *nl = memchr(text + start, '\n', len - start);
		if (!nl)
			break;   /* a record cut short is unreadable: it goes too */
		size_t l = (size_t)(nl - (text + start));
		struct day_record r;
		bool parsed = l && text[start] != '#' && parse_record(path, text + start, l, &r, NULL, 0);
		if (parsed && r.add_name && strcmp(r.add_name, r.add_id)) {
			free((char *)r.add_name);
			r.add_name = strdup(r.add_id);
			put_record(out, &r);
		} else {
			strbuf_add(out, text + start, l + 1);
		}
		if (parsed)
			record_free(&r);
		start += l + 1;
	}
	return true;
}

bool day_journal_purge(const struct event *ev, size_t *changed, struct diag_list *warnings, struct diag_list *d)
{
	*changed = 0;
	char *dir = day_journal_dir(ev);
	bool ok = dir && jfile_rewrite_dir(dir, purge_day_text, NULL, changed, warnings, d);
	if (!dir)
		diag_add(d, DIAG_IO, ev->path, 0, 0, "out of memory");
	free(dir);
	return ok;
}

/* A file the event names (themes:, roster:) as a path inside its folder. */
static const char *named_file(const struct ynode *root, const char *key)
{
	const struct ynode *v = root && root->kind == YNODE_MAP ? ynode_map_get(root, key) : NULL;
	return v && v->kind == YNODE_SCALAR && v->len ? v->value : NULL;
}

static bool inside(const char *rel)
{
	return rel[0] != '/' && !strstr(rel, "..");
}

/* out_dir/rel, making the folders on the way. */
static char *out_path(const char *out_dir, const char *rel)
{
	char *p = path_in(out_dir, rel);
	for (char *s = p ? p + strlen(out_dir) + 1 : NULL; s && (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	return p;
}

bool day_snapshot(const struct day *dy, const char *out_dir, struct diag_list *d)
{
	const struct event *ev = &dy->ev;
	/* `alchemy check` must accept what is written: seats for everyone not
	 * absent, no table over its capacity (two laptops' walk-ins merged can be). */
	size_t seats, people;
	seat_demand(dy, &seats, &people);
	if (people > seats) {
		diag_add(d, DIAG_REFUSED, ev->path, 0, 0,
			 "%zu seats for %zu not absent: add a table or mark no-shows, then take the snapshot", seats, people);
		return false;
	}
	size_t *counts = dy->has_plan ? malloc((ev->tables_count ? ev->tables_count : 1) * sizeof(size_t)) : NULL;
	if (counts) {
		table_counts(dy, dy->plan.rounds[0].seat, ev->delegates_count, counts);
		for (size_t t = 0; t < ev->tables_count; t++)
			if (counts[t] > (size_t)ev->tables[t].capacity) {
				diag_add(d, DIAG_REFUSED, ev->path, 0, 0,
					 "table %s seats %zu for its %d seats: move someone (or repair), then take the snapshot",
					 ev->tables[t].id, counts[t], ev->tables[t].capacity);
				free(counts);
				return false;
			}
		free(counts);
	}
	if (strcmp(ev->roster_path, ev->path) == 0) {
		diag_add(d, DIAG_DATA, ev->path, 0, 0,
			 "the roster is written inside the event file; move it to its own file (roster: roster.yaml) to take a snapshot with walk-ins");
		return false;
	}
	if (mkdir(out_dir, 0755) != 0 && errno != EEXIST) {
		diag_add(d, DIAG_CANTCREAT, out_dir, 0, 0, "cannot create the folder: %s", strerror(errno));
		return false;
	}
	/* Never over the organiser's files (the day never rewrites them) nor
	 * over another event's: a snapshot goes to a folder of its own. */
	char *here = realpath(ev->dir, NULL), *there = realpath(out_dir, NULL);
	const char *name = strrchr(dy->event_path, '/');
	char *existing = path_in(out_dir, name ? name + 1 : dy->event_path);
	bool own = here && there && !strcmp(here, there), taken = existing && access(existing, F_OK) == 0;
	free(here);
	free(there);
	free(existing);
	if (own || taken) {
		diag_add(d, DIAG_CANTCREAT, out_dir, 0, 0, "%s; give a new folder for the snapshot",
			 own ? "is the event's own folder (its roster and plan are the organiser's)" : "already holds an event");
		return false;
	}
	size_t len = 0;
	char *text = read_input(dy->event_path, YAML_MAX_FILE_BYTES, &len, d);
	struct ydoc doc;
	struct diag_list quiet;
	diag_list_init(&quiet);
	bool ok = text && ydoc_load_buffer(&doc, dy->event_path, text, len, NULL, &quiet);
	const char *themes = ok ? named_file(doc.root, "themes") : NULL;
	const char *roster = ok ? named_file(doc.root, "roster") : NULL;
	if (!ok)
		diag_add(d, DIAG_NOINPUT, dy->event_path, 0, 0, "cannot read the event file");
	else if ((themes && !inside(themes)) || !roster || !inside(roster)) {
		diag_add(d, DIAG_DATA, dy->event_path, 0, 0,
			 "the themes or roster file is outside the event's folder; copy it in and name it from there, then take the snapshot");
		ok = false;
	}
	const char *base = strrchr(dy->event_path, '/');
	base = base ? base + 1 : dy->event_path;
	char *p = ok ? out_path(out_dir, base) : NULL;
	ok = ok && p && atomic_write_file(p, text, len, d);
	free(p);
	if (ok && themes) {
		char *from = path_in(ev->dir, themes);
		size_t tlen = 0;
		char *t = from ? read_input(from, YAML_MAX_FILE_BYTES, &tlen, d) : NULL;
		p = out_path(out_dir, themes);
		if (!t)
			diag_add(d, DIAG_NOINPUT, from ? from : themes, 0, 0, "cannot read the themes file");
		ok = t && p && atomic_write_file(p, t, tlen, d);
		free(t);
		free(from);
		free(p);
	}
	if (ok) {
		struct strbuf b;
		strbuf_init(&b);
		strbuf_printf(&b, "# %s as the day left it (alchemy snapshot): walk-ins included,\n"
				  "# no-shows marked present: false.\n", ev->name);
		roster_to_yaml(ev, true, &b);
		p = out_path(out_dir, roster);
		ok = !b.failed && p && atomic_write_private(p, b.data, b.len, d);   /* names: 0600 */
		free(p);
		strbuf_free(&b);
	}
	if (ok && dy->has_plan) {
		p = out_path(out_dir, "allocation.yaml");
		struct plan copy = dy->plan;
		copy.delegates_count = ev->delegates_count;
		ok = p && plan_save(ev, &copy, p, d);
		free(p);
	}
	if (text)
		ydoc_free(&doc);
	diag_list_free(&quiet);
	free(text);
	return ok;
}
