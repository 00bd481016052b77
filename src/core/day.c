#include "day.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "allocate.h"
#include "escape.h"
#include "fileio.h"
#include "schema.h"
#include "strbuf.h"
#include "yaml_tree.h"

static char *beside_event(const struct event *ev, const char *name)
{
	size_t n = strlen(ev->dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p) {
		if (strcmp(ev->dir, ".") == 0)
			snprintf(p, n, "%s", name);
		else
			snprintf(p, n, "%s/%s", ev->dir, name);
	}
	return p;
}

static void state_free_arrays(struct day_state *s)
{
	free(s->checked_in);
	free(s->absent);
	free(s->locked);
	memset(s, 0, sizeof(*s));
}

/* Reads a list of delegate ids into a per-delegate flag array. Ids no longer
 * in the roster are skipped: a roster re-imported on the day must not stop
 * the desk. */
static void read_id_flags(const struct event *ev, struct schema_ctx *c, const struct ynode *n,
			  const char *key, char *flags, bool *bflags)
{
	if (!n || !schema_seq(c, n, key, EVENT_MAX_DELEGATES))
		return;
	for (const struct ynode *item = n->first; item; item = item->next) {
		const char *id = schema_id(c, item, key);
		int i = id ? event_find_delegate(ev, id) : -1;
		if (i < 0)
			continue;
		if (flags)
			flags[i] = 1;
		if (bflags)
			bflags[i] = true;
	}
}

static bool state_load(const struct event *ev, const char *path, struct day_state *s, struct diag_list *d)
{
	size_t N = ev->delegates_count ? ev->delegates_count : 1;
	memset(s, 0, sizeof(*s));
	s->checked_in = calloc(N, 1);
	s->absent = calloc(N, 1);
	s->locked = calloc(N, sizeof(bool));
	if (!s->checked_in || !s->absent || !s->locked) {
		diag_add(d, DIAG_IO, path, 0, 0, "out of memory");
		return false;
	}
	if (access(path, F_OK) != 0)
		return true;   /* no day yet */
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
		read_id_flags(ev, &c, v[K_IN], "checked_in", s->checked_in, NULL);
		read_id_flags(ev, &c, v[K_ABSENT], "absent", s->absent, NULL);
		read_id_flags(ev, &c, v[K_LOCKED], "locked", NULL, s->locked);
		if (v[K_CLOCK]) {
			static const struct key_spec cs[] = {
				{ "stage", false }, { "running", false }, { "started", false }, { "elapsed", false },
			};
			const struct ynode *cv[4];
			schema_map(&c, v[K_CLOCK], "'clock'", cs, 4, cv);
			int stage = 0, started = 0, elapsed = 0;
			if (cv[0] && schema_int(&c, cv[0], "stage", 0, EVENT_MAX_SMALL_LIST, &stage))
				s->clock.stage = stage;
			if (cv[1])
				schema_bool(&c, cv[1], "running", &s->clock.running);
			if (cv[2] && schema_int(&c, cv[2], "started", 0, 2147483647, &started))
				s->clock.started = started;
			if (cv[3] && schema_int(&c, cv[3], "elapsed", 0, 2147483647, &elapsed))
				s->clock.elapsed = elapsed;
		}
	}
	ydoc_free(&doc);
	return diag_total(d) == before;
}

static void put_flag_list(struct strbuf *out, const struct event *ev, const char *key, const char *flags,
			  const bool *bflags)
{
	strbuf_printf(out, "%s: [", key);
	bool first = true;
	for (size_t i = 0; i < ev->delegates_count; i++) {
		if (!(flags ? flags[i] : bflags[i]))
			continue;
		strbuf_printf(out, "%s%s%s%s", first ? "" : ", ", yaml_plain_safe(ev->delegates[i].id) ? "" : "'",
			      ev->delegates[i].id, yaml_plain_safe(ev->delegates[i].id) ? "" : "'");
		first = false;
	}
	strbuf_puts(out, "]\n");
}

static bool state_save(const struct day *dy, struct diag_list *d)
{
	struct strbuf out;
	strbuf_init(&out);
	strbuf_printf(&out, "# The day of %s, kept by alchemy: check-ins, locks, stage clock.\n", dy->ev.name);
	put_flag_list(&out, &dy->ev, "checked_in", dy->state.checked_in, NULL);
	put_flag_list(&out, &dy->ev, "absent", dy->state.absent, NULL);
	put_flag_list(&out, &dy->ev, "locked", NULL, dy->state.locked);
	const struct stage_clock *k = &dy->state.clock;
	strbuf_printf(&out, "clock: {stage: %d, running: %s, started: %lld, elapsed: %lld}\n", k->stage,
		      k->running ? "true" : "false", k->started, k->elapsed);
	bool ok = !out.failed && atomic_write_file(dy->state_path, out.data, out.len, d);
	if (out.failed)
		diag_add(d, DIAG_IO, dy->state_path, 0, 0, "out of memory");
	strbuf_free(&out);
	return ok;
}

/* The roster's `present`, then the day's word on it. */
static void apply_presence(struct day *dy, const char *roster_present)
{
	for (size_t i = 0; i < dy->ev.delegates_count; i++) {
		bool present = roster_present[i];
		if (dy->state.absent[i])
			present = false;
		if (dy->state.checked_in[i])
			present = true;
		dy->ev.delegates[i].present = present;
	}
}

static bool take_lock(struct day *dy, struct diag_list *d)
{
	if (dy->lock_fd >= 0)
		return true;
	int fd = open(dy->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
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

void day_unlock(struct day *dy)
{
	if (dy->lock_fd >= 0) {
		close(dy->lock_fd);   /* closing releases the flock */
		dy->lock_fd = -1;
	}
}

static void release_data(struct day *dy)
{
	if (dy->has_plan)
		plan_free(&dy->plan);
	dy->has_plan = false;
	state_free_arrays(&dy->state);
	event_free(&dy->ev);
	free(dy->plan_path);
	free(dy->state_path);
	free(dy->lock_path);
	dy->plan_path = dy->state_path = dy->lock_path = NULL;
}

/* The lock file's path, from the event's path alone: the lock must be
 * taken before anything is read. */
static char *lock_path_for(const char *event_path)
{
	const char *slash = strrchr(event_path, '/');
	size_t dir = slash ? (size_t)(slash - event_path) + 1 : 0;
	size_t n = dir + sizeof(".alchemy.lock");
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%.*s.alchemy.lock", (int)dir, event_path);
	return p;
}

/* Reads event, day state and plan; the lock, if wanted, is taken first, so
 * nothing read can be older than what another process wrote. */
static bool load_all(struct day *dy, bool lock, bool with_plan, struct diag_list *d)
{
	dy->lock_path = lock_path_for(dy->event_path);
	if (!dy->lock_path) {
		diag_add(d, DIAG_IO, dy->event_path, 0, 0, "out of memory");
		return false;
	}
	if (lock && !take_lock(dy, d))
		return false;
	if (!event_load(&dy->ev, dy->event_path, d))
		return false;
	dy->plan_path = plan_default_path(&dy->ev);
	dy->state_path = beside_event(&dy->ev, "day.yaml");
	if (!dy->plan_path || !dy->state_path) {
		diag_add(d, DIAG_IO, dy->event_path, 0, 0, "out of memory");
		return false;
	}
	char *roster_present = malloc(dy->ev.delegates_count ? dy->ev.delegates_count : 1);
	if (!roster_present || !state_load(&dy->ev, dy->state_path, &dy->state, d)) {
		free(roster_present);
		return false;
	}
	for (size_t i = 0; i < dy->ev.delegates_count; i++)
		roster_present[i] = dy->ev.delegates[i].present;
	apply_presence(dy, roster_present);
	free(roster_present);
	if (with_plan && access(dy->plan_path, F_OK) == 0) {
		if (!plan_load(&dy->ev, dy->plan_path, &dy->plan, d))
			return false;
		dy->has_plan = true;
	}
	return true;
}

bool day_open(struct day *dy, const char *event_path, int flags, struct diag_list *d)
{
	memset(dy, 0, sizeof(*dy));
	dy->lock_fd = -1;
	dy->event_path = strdup(event_path);
	if (!dy->event_path || !load_all(dy, flags & DAY_LOCK, !(flags & DAY_NO_PLAN), d)) {
		day_close(dy);
		return false;
	}
	return true;
}

bool day_refresh_locked(struct day *dy, struct diag_list *d)
{
	release_data(dy);
	return load_all(dy, true, true, d);
}

bool day_save(struct day *dy, struct diag_list *d)
{
	bool ok = true;
	if (dy->has_plan)
		ok = plan_save(&dy->ev, &dy->plan, dy->plan_path, d);
	ok = ok && state_save(dy, d);
	day_unlock(dy);
	return ok;
}

void day_close(struct day *dy)
{
	day_unlock(dy);
	release_data(dy);
	free(dy->event_path);
	memset(dy, 0, sizeof(*dy));
	dy->lock_fd = -1;
}

/* ---- the changes ---- */

static bool need_plan(struct day *dy, struct diag_list *d)
{
	if (dy->has_plan)
		return true;
	diag_add(d, DIAG_DATA, dy->event_path, 0, 0,
		 "there is no seating plan yet; make one with 'alchemy allocate' or 'alchemy rebalance'");
	return false;
}

static const struct delegate *person(const struct day *dy, int i)
{
	return &dy->ev.delegates[i];
}

/* Would seating i at table t (with `leaving` gone from it) break a hard rule? */
static bool seat_allowed(struct day *dy, int i, int t, int leaving, struct diag_list *d)
{
	const struct event *ev = &dy->ev;
	const struct delegate *p = person(dy, i);
	const int *seat = dy->plan.rounds[0].seat;
	if (!p->present) {
		diag_add(d, DIAG_DATA, ev->roster_path, p->line, p->col,
			 "%s (%s) is absent; check them in first", p->id, p->name);
		return false;
	}
	if (dy->state.locked[i]) {
		diag_add(d, DIAG_DATA, ev->roster_path, p->line, p->col,
			 "%s (%s) is locked to table %s; unlock them first", p->id, p->name,
			 seat[i] >= 0 ? ev->tables[seat[i]].id : "?");
		return false;
	}
	if (p->pinned_table >= 0 && p->pinned_table != t) {
		diag_add(d, DIAG_DATA, ev->roster_path, p->line, p->col, "%s (%s) is pinned to table %s in the roster",
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
			diag_add(d, DIAG_DATA, ev->roster_path, p->line, p->col,
				 "%s (%s) must be kept apart from %s (%s), who sits at table %s", p->id, p->name,
				 o->id, o->name, ev->tables[t].id);
			return false;
		}
	}
	if (seated + 1 > (size_t)ev->tables[t].capacity) {
		diag_add(d, DIAG_DATA, ev->path, 0, 0, "table %s is full (%zu of %d); swap instead",
			 ev->tables[t].id, seated, ev->tables[t].capacity);
		return false;
	}
	for (size_t q = 0; q < p->needs_count; q++) {
		bool has = false;
		for (size_t m = 0; m < ev->tables[t].provides_count; m++)
			has |= strcmp(ev->tables[t].provides[m], p->needs[q]) == 0;
		if (!has) {
			diag_add(d, DIAG_DATA, ev->roster_path, p->line, p->col, "%s needs %s, which table %s does not provide",
				 p->id, p->needs[q], ev->tables[t].id);
			return false;
		}
	}
	return true;
}

bool day_move(struct day *dy, int i, int t, struct diag_list *d)
{
	if (!need_plan(dy, d) || !seat_allowed(dy, i, t, -1, d))
		return false;
	dy->plan.rounds[0].seat[i] = t;
	return true;
}

bool day_swap(struct day *dy, int a, int b, struct diag_list *d)
{
	if (!need_plan(dy, d))
		return false;
	int *seat = dy->plan.rounds[0].seat;
	int ta = seat[a], tb = seat[b];
	if (ta < 0 || tb < 0) {
		const struct delegate *p = person(dy, ta < 0 ? a : b);
		diag_add(d, DIAG_DATA, dy->ev.roster_path, p->line, p->col, "%s (%s) has no seat to swap", p->id, p->name);
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

bool day_set_lock(struct day *dy, int i, bool locked, struct diag_list *d)
{
	(void)d;
	dy->state.locked[i] = locked;
	return true;
}

bool day_checkin(struct day *dy, int i, bool present, struct diag_list *d)
{
	dy->state.checked_in[i] = present;
	dy->state.absent[i] = !present;
	dy->ev.delegates[i].present = present;
	if (!dy->has_plan)
		return true;
	if (!present) {
		dy->plan.rounds[0].seat[i] = -1;
		dy->state.locked[i] = false;
		return true;
	}
	return dy->plan.rounds[0].seat[i] >= 0 || seat_newcomers(&dy->ev, &dy->plan, d);
}

/* The next free walk-in id: w001, w002, ... */
static void next_walkin_id(const struct event *ev, char *buf, size_t size)
{
	for (int n = 1;; n++) {
		snprintf(buf, size, "w%03d", n);
		if (event_find_delegate(ev, buf) < 0)
			return;
	}
}

static bool safe_text(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7F)
			return false;
	return true;
}

/* The roster text with one more delegate: appended as a list item with the
 * indentation the file already uses, or replacing an empty `[]`. */
static bool roster_with(const char *old, size_t len, const char *item, struct strbuf *out)
{
	const char *empty = strstr(old, "delegates: []");
	if (empty) {
		strbuf_add(out, old, (size_t)(empty - old));
		strbuf_printf(out, "delegates:\n  - %s\n", item);
		strbuf_puts(out, empty + strlen("delegates: []"));
		return true;
	}
	/* Indentation of the first "- " item line. */
	int indent = -1;
	for (const char *line = old; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		int sp = 0;
		while (line[sp] == ' ')
			sp++;
		if (line[sp] == '-' && line[sp + 1] == ' ') {
			indent = sp;
			break;
		}
	}
	if (indent < 0)
		return false;
	strbuf_add(out, old, len);
	if (len && old[len - 1] != '\n')
		strbuf_puts(out, "\n");
	strbuf_printf(out, "%*s- %s\n", indent, "", item);
	return true;
}

bool day_add_walkin(struct day *dy, const char *name, const char *organisation, const char *role,
		    const char **id_out, struct diag_list *d)
{
	struct event *ev = &dy->ev;
	if (!name[0] || !organisation[0] || !safe_text(name) || !safe_text(organisation)) {
		diag_add(d, DIAG_DATA, ev->roster_path, 0, 0, "a walk-in needs a name and an organisation, in plain text");
		return false;
	}
	if (event_find_role(ev, role) < 0) {
		char roles[512] = "";
		size_t used = 0;
		for (size_t r = 0; r < ev->roles_count && used < sizeof(roles); r++)
			used += (size_t)snprintf(roles + used, sizeof(roles) - used, "%s%s", r ? ", " : "", ev->roles[r].id);
		diag_add(d, DIAG_DATA, ev->path, 0, 0, "unknown role '%s'; roles are: %s", role, roles);
		return false;
	}
	if (strcmp(ev->roster_path, ev->path) == 0) {
		diag_add(d, DIAG_DATA, ev->path, 0, 0,
			 "the roster is written inside the event file; move it to its own file (roster: roster.yaml) to add walk-ins");
		return false;
	}
	char id[16];
	next_walkin_id(ev, id, sizeof(id));
	struct strbuf item, text;
	strbuf_init(&item);
	strbuf_init(&text);
	strbuf_printf(&item, "{id: %s, name: ", id);
	yaml_quoted(&item, name);
	strbuf_puts(&item, ", organisation: ");
	yaml_quoted(&item, organisation);
	strbuf_printf(&item, ", role: %s}", role);
	size_t len = 0;
	char *roster_path = strdup(ev->roster_path);
	char *old = roster_path ? read_file(roster_path, &len) : NULL;
	bool ok = old && !item.failed && roster_with(old, len, item.data, &text) && !text.failed;
	if (!ok)
		diag_add(d, DIAG_DATA, ev->roster_path, 0, 0,
			 "cannot add to this roster: it has no '- ' list of delegates to extend");
	ok = ok && atomic_write_file(roster_path, text.data, text.len, d);
	if (ok) {
		/* Reread everything; if the new roster does not load, put the old one back. */
		release_data(dy);
		if (!load_all(dy, false, true, d)) {
			atomic_write_file(roster_path, old, len, d);
			diag_add(d, DIAG_DATA, roster_path, 0, 0, "the walk-in could not be added; the roster is unchanged");
			release_data(dy);
			ok = false;
			if (!load_all(dy, false, true, d))
				diag_add(d, DIAG_IO, roster_path, 0, 0, "and the event no longer loads");
		}
	}
	if (ok) {
		int i = event_find_delegate(&dy->ev, id);
		ok = i >= 0 && day_checkin(dy, i, true, d);
		if (ok)
			*id_out = dy->ev.delegates[i].id;
	}
	free(old);
	free(roster_path);
	strbuf_free(&item);
	strbuf_free(&text);
	return ok;
}

bool day_rebalance(struct day *dy, bool apply, struct repair_result *res, struct diag_list *d)
{
	memset(res, 0, sizeof(*res));
	if (!dy->has_plan) {
		/* The day edits round one only; later rounds come from `allocate`. */
		struct allocate_options opt = { .seed = 1, .rounds = 1, .progress = dy->progress };
		struct allocate_report rep;
		struct plan p;
		if (!allocate(&dy->ev, &opt, &p, &rep, d))
			return false;
		allocate_report_free(&rep);
		if (apply) {
			dy->plan = p;
			dy->has_plan = true;
		} else {
			plan_free(&p);
		}
		return true;
	}
	struct plan out;
	if (!repair_plan(&dy->ev, &dy->plan, dy->state.locked, dy->progress, &out, res, d))
		return false;
	if (apply) {
		plan_free(&dy->plan);
		dy->plan = out;
	} else {
		plan_free(&out);
	}
	return true;
}

/* ---- stage clock ---- */

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

void stage_start_pause(struct day *dy, long long now)
{
	struct stage_clock *k = &dy->state.clock;
	if (k->running) {
		k->elapsed += now - k->started;
		k->running = false;
	} else {
		k->started = now;
		k->running = true;
	}
}

void stage_advance(struct day *dy, int step, long long now)
{
	struct stage_clock *k = &dy->state.clock;
	int next = k->stage + step;
	if (next < 0 || (size_t)next >= dy->ev.stages_count)
		return;
	k->stage = next;
	k->elapsed = 0;
	k->started = now;
}
