#include "journal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "escape.h"
#include "fileio.h"
#include "jfile.h"
#include "schema.h"
#include "strbuf.h"
#include "text.h"
#include "yaml_tree.h"

const char *const idea_kind_names[IDEA_KINDS] = { "idea", "barrier", "action", "question" };

char *journal_dir(const struct event *ev)
{
	if (strcmp(ev->dir, ".") == 0)
		return strdup("ideas");
	size_t n = strlen(ev->dir) + sizeof("/ideas");
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/ideas", ev->dir);
	return p;
}

enum journal_device_source journal_device(char *buf, size_t size)
{
	char raw[256] = "";
	const char *env = getenv("ALCHEMY_DEVICE");
	if (env && *env && jfile_device_name_ok(env, JFILE_DEVICE_MAX) && strlen(env) < size) {
		snprintf(buf, size, "%s", env);
		return JOURNAL_DEVICE_GIVEN;
	}
	if (gethostname(raw, sizeof(raw) - 1) != 0)
		snprintf(raw, sizeof(raw), "device");
	size_t out = 0;
	for (const char *p = raw; *p && out + 1 < size; p++) {
		char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c == '-' && out))
			buf[out++] = c;   /* a letter or digit first, as a device name needs */
	}
	if (!out && size > 6)
		out = (size_t)snprintf(buf, size, "device");
	buf[out < size ? out : size - 1] = '\0';
	if (env && *env)
		return JOURNAL_DEVICE_REFUSED;
	return strcmp(buf, raw) ? JOURNAL_DEVICE_HOST_CHANGED : JOURNAL_DEVICE_HOST;
}


long long journal_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

uint32_t journal_nonce(void)
{
	const char *fixed = getenv("ALCHEMY_NONCE");
	char *end = NULL;
	unsigned long v = fixed && *fixed ? strtoul(fixed, &end, 10) : 0;
	if (fixed && *fixed && end && !*end)
		return (uint32_t)v;
	uint32_t r;
	if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
		r = (uint32_t)journal_now_ms() ^ ((uint32_t)getpid() << 16);
	return r;
}

/* Random hex for ids: no two devices, processes or calls can collide in practice. */
static void random_hex(char *buf, size_t digits)
{
	unsigned char bytes[16];
	if (getrandom(bytes, sizeof(bytes), 0) != (ssize_t)sizeof(bytes)) {
		unsigned long long x = (unsigned long long)journal_now_ms() ^ ((unsigned long long)getpid() << 32);
		for (size_t i = 0; i < sizeof(bytes); i++, x = x * 6364136223846793005ull + 1442695040888963407ull)
			bytes[i] = (unsigned char)(x >> 56);
	}
	for (size_t i = 0; i < digits; i++)
		buf[i] = "0123456789abcdef"[(bytes[i / 2] >> (i % 2 ? 0 : 4)) & 15];
	buf[digits] = '\0';
}

/* The changes to an idea this alchemy applies; the warning for any other
 * lists the same names, so the two cannot drift. */
#define IDEA_CHANGE_OPS(X) X(text) X(kind) X(owner) X(key) X(vote) X(stage) X(delete) X(restore)
#define IDEA_CHANGE_OP_NAME(op) #op,
static const char *const idea_change_ops[] = { IDEA_CHANGE_OPS(IDEA_CHANGE_OP_NAME) };
#define IDEA_CHANGE_OP_LISTED(op) #op ", "
/* "text, kind, ..., restore, ": the last ", " is cut where it is printed. */
static const char idea_change_ops_all[] = IDEA_CHANGE_OPS(IDEA_CHANGE_OP_LISTED);

static bool idea_change_op_known(const char *op)
{
	for (size_t k = 0; k < sizeof(idea_change_ops) / sizeof(idea_change_ops[0]); k++)
		if (!strcmp(op, idea_change_ops[k]))
			return true;
	return false;
}

/* One change as written to, or read from, a journal line. */
struct record {
	const char *rec, *op, *idea, *table, *stage, *author, *text, *owner;
	long long time;
	int kind, vote;
	int round;              /* the plan's round, 1-based; 0: not said */
	bool key, has_key, has_kind;
	int file, line;         /* where it was read: records.files[file], its line */
};

/* One record as its line: a YAML flow mapping, fields left out when unset. */
static void put_record(struct strbuf *b, const struct record *r)
{
	strbuf_printf(b, "- {rec: %s, time: %lld, op: %s, idea: %s, table: ", r->rec, r->time, r->op, r->idea);
	yaml_quoted(b, r->table);
	if (r->author) {
		strbuf_puts(b, ", author: ");
		yaml_quoted(b, r->author);
	}
	if (r->stage) {
		strbuf_puts(b, ", stage: ");
		yaml_quoted(b, r->stage);
	}
	if (r->round > 0)
		strbuf_printf(b, ", round: %d", r->round);
	if (r->has_kind)
		strbuf_printf(b, ", kind: %s", idea_kind_names[r->kind]);
	if (r->has_key)
		strbuf_printf(b, ", key: %s", r->key ? "true" : "false");
	if (r->vote)
		strbuf_printf(b, ", vote: %d", r->vote);
	if (r->owner) {
		strbuf_puts(b, ", owner: ");
		yaml_quoted(b, r->owner);
	}
	if (r->text) {
		strbuf_puts(b, ", text: ");
		yaml_quoted(b, r->text);
	}
	strbuf_puts(b, "}\n");
}

void journal_file_name(const char *table, char *name, size_t size)
{
	char device[128];
	journal_device(device, sizeof(device));
	char *end;
	long n = strtol(table, &end, 10);
	if (!*end && *table)
		snprintf(name, size, "table-%02ld.%s.yaml", n, device);
	else
		snprintf(name, size, "table-%s.%s.yaml", table, device);
}

static char *journal_path(const struct event *ev, const char *table)
{
	char name[256];
	journal_file_name(table, name, sizeof(name));
	char *dir = journal_dir(ev);
	if (!dir)
		return NULL;
	size_t len = strlen(dir) + strlen(name) + 2;
	char *p = malloc(len);
	if (p)
		snprintf(p, len, "%s/%s", dir, name);
	free(dir);
	return p;
}

bool journal_append(const struct event *ev, const struct journal_change *c, char **id_out,
		    struct diag_list *d)
{
	const char *const fields[][2] = { { "text", c->text }, { "owner", c->owner }, { "author", c->author } };
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i][1] && strlen(fields[i][1]) > IDEA_MAX_TEXT_BYTES) {
			diag_add(d, DIAG_DATA, ev->path, 0, 0,
				 "the idea's %s is %zu bytes; the limit is %u (1 MiB): split it into several ideas",
				 fields[i][0], strlen(fields[i][1]), IDEA_MAX_TEXT_BYTES);
			return false;
		}
	char device[128];
	if (journal_device(device, sizeof(device)) == JOURNAL_DEVICE_REFUSED) {   /* the CLI says it first */
		diag_add(d, DIAG_DATA, ev->path, 0, 0,
			 "ALCHEMY_DEVICE is not a device name (letters, digits and '-', at most %d); nothing was saved",
			 JFILE_DEVICE_MAX);
		return false;
	}
	/* Refused at the door, never written and then skipped as damaged. */
	const char *const texts[][2] = { { "text", c->text }, { "owner", c->owner }, { "author", c->author },
					 { "stage", c->stage }, { "table", c->table } };
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		size_t len = texts[i][1] ? strlen(texts[i][1]) : 0, bad = len ? text_utf8_invalid(texts[i][1], len) : 0;
		if (bad < len) {
			diag_add(d, DIAG_DATA, ev->path, 0, 0,
				 "the idea's %s is not valid UTF-8 (byte 0x%02X at byte %zu); nothing was saved: write it as UTF-8 text",
				 texts[i][0], (unsigned char)texts[i][1][bad], bad + 1);
			return false;
		}
	}
	if ((!strcmp(c->op, "add") || !strcmp(c->op, "text")) && (!c->text || text_is_blank(c->text))) {
		diag_add(d, DIAG_DATA, ev->path, 0, 0, "the idea's text is blank; write what the table said");
		return false;
	}
	char rec_id[20], idea_id[20];
	random_hex(rec_id, 16);
	if (c->idea)
		snprintf(idea_id, sizeof(idea_id), "%s", c->idea);
	else {
		idea_id[0] = 'i';
		random_hex(idea_id + 1, 12);
	}
	char *dir = journal_dir(ev);
	if (!dir || (mkdir(dir, 0755) != 0 && errno != EEXIST)) {
		diag_add(d, DIAG_CANTCREAT, dir ? dir : ev->path, 0, 0, "cannot create the ideas folder: %s",
			 strerror(errno));
		free(dir);
		return false;
	}
	free(dir);
	char *path = journal_path(ev, c->table);
	struct strbuf line, header;
	strbuf_init(&line);
	strbuf_init(&header);
	strbuf_printf(&header, "# Ideas captured at table %s on %s for %s. Append-only: alchemy adds one\n"
			       "# record a line; do not edit by hand (copy the file to merge it elsewhere).\n",
		      c->table, device, ev->name);
	char rec[24];
	snprintf(rec, sizeof(rec), "r%s", rec_id);
	bool adding = !strcmp(c->op, "add");
	long long now = journal_now_ms();
	struct record r = {
		.rec = rec, .time = now > c->after ? now : c->after + 1, .op = c->op, .idea = idea_id, .table = c->table,
		.author = c->author, .stage = c->stage, .text = c->text, .owner = c->owner,
		.kind = (int)c->kind, .has_kind = adding || !strcmp(c->op, "kind"),
		.key = c->key, .has_key = adding || !strcmp(c->op, "key"),
		.vote = !strcmp(c->op, "vote") ? c->vote : 0, .round = adding ? c->round : 0,
	};
	if (r.time > JFILE_MAX_TIME_MS) {
		/* Written, it would be read back as damaged: a saved idea then lost. */
		diag_add(d, DIAG_REFUSED, path ? path : "ideas", 0, 0,
			 "the idea was last changed at the latest time a journal holds (%lld ms, 9999-12-31); the change "
			 "was NOT saved: a record's time was edited by hand, so copy the idea as a new one", c->after);
		strbuf_free(&line);
		strbuf_free(&header);
		free(path);
		return false;
	}
	put_record(&line, &r);
	bool ok = path && !line.failed && !header.failed && jfile_append(path, header.data, line.data, line.len, d);
	if (ok && id_out)
		*id_out = strdup(idea_id);
	free(path);
	strbuf_free(&line);
	strbuf_free(&header);
	return ok;
}

/* ---- reading ---- */

struct records {
	struct record *items;
	size_t count, capacity;
	char **files;           /* the journals read, in order: a skipped change names its own */
	size_t files_count;
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* A record read from a file owns its strings (one built to be written
 * borrows them, and is never freed). */
static void record_free(struct record *r)
{
	const char *owned[] = { r->rec, r->op, r->idea, r->table, r->stage, r->author, r->text, r->owner };
	for (size_t k = 0; k < sizeof(owned) / sizeof(owned[0]); k++)
		free((char *)owned[k]);
}

/* Parses one record line; false if it is not a whole, valid record. A key
 * the record does not know (a misspelt 'txet:') is said in warnings, with
 * the file and line, not dropped in silence. */
static bool parse_record(const char *path, int lineno, const char *line, size_t len, struct record *r,
			 struct diag_list *warnings)
{
	struct ydoc doc;
	struct diag_list quiet;
	diag_list_init(&quiet);
	memset(r, 0, sizeof(*r));
	bool ok = ydoc_load_long_values(&doc, path, line, len, IDEA_MAX_TEXT_BYTES, &quiet) && doc.root &&
		  doc.root->kind == YNODE_SEQ && doc.root->first && doc.root->first->kind == YNODE_MAP;
	if (ok) {
		struct schema_ctx c = { path, &quiet };
		static const struct key_spec spec[] = {
			{ "rec", true }, { "time", true }, { "op", true }, { "idea", true }, { "table", true },
			{ "author", false }, { "stage", false }, { "kind", false }, { "key", false },
			{ "vote", false }, { "owner", false }, { "text", false }, { "round", false },
		};
		const struct ynode *v[13];
		ok = schema_map(&c, doc.root->first, "a record", spec, 13, v);
		for (size_t k = 0; ok && warnings && k < quiet.count; k++)
			diag_add(warnings, DIAG_DATA, path, lineno, quiet.items[k].col,
				 "%s; the record was read without it", quiet.items[k].message);
		if (ok) {
			r->rec = dup_or_null(v[0]->value);
			/* Milliseconds since 1970, as written: 1e30, abc, a negative or
			 * a saturating time is no time; the record would sort anywhere. */
			char *end;
			errno = 0;
			r->time = strtoll(v[1]->value, &end, 10);
			if (*end || errno || !*v[1]->value || r->time < 0 || r->time > JFILE_MAX_TIME_MS) {
				if (warnings)
					diag_add(warnings, DIAG_DATA, path, lineno, v[1]->col,
						 "'time: %s' is not a time in milliseconds since 1970 (up to 9999-12-31)", v[1]->value);
				ok = false;
			}
			r->op = dup_or_null(v[2]->value);
			r->idea = dup_or_null(v[3]->value);
			r->table = dup_or_null(v[4]->value);
			r->author = v[5] ? dup_or_null(v[5]->value) : NULL;
			r->stage = v[6] ? dup_or_null(v[6]->value) : NULL;
			if (v[7])
				for (int k = 0; k < IDEA_KINDS; k++)
					if (!strcmp(v[7]->value, idea_kind_names[k])) {
						r->kind = k;
						r->has_kind = true;
					}
			if (v[8]) {
				r->has_key = true;
				r->key = !strcmp(v[8]->value, "true");
			}
			/* A writer only writes -1 or 1; anything larger is clamped, so
			 * summing votes cannot overflow. */
			long vote = v[9] ? strtol(v[9]->value, NULL, 10) : 0;
			r->vote = vote > 1 ? 1 : vote < -1 ? -1 : (int)vote;
			if (warnings && r->vote != vote)
				diag_add(warnings, DIAG_DATA, path, lineno, v[9]->col,
					 "a vote of %s; alchemy writes -1 or 1, so it was counted as %d", v[9]->value, r->vote);
			r->owner = v[10] ? dup_or_null(v[10]->value) : NULL;
			r->text = v[11] ? dup_or_null(v[11]->value) : NULL;
			r->round = v[12] ? atoi(v[12]->value) : 0;
			if (r->round < 0 || r->round > EVENT_MAX_ROUNDS)
				r->round = 0;
			ok = ok && r->rec && r->op && r->idea && r->table;
		}
	}
	ydoc_free(&doc);
	diag_list_free(&quiet);
	if (!ok)
		record_free(r);
	return ok;
}

struct read_ctx {
	struct records *rs;
	struct diag_list *warnings;
	const struct progress *progress;   /* may be NULL */
	bool stopped;           /* asked to stop: the lines left are passed over */
	const char *only_idea;  /* a history: that idea's records alone, each with its file */
};

static void read_record_line(void *ctx, const char *path, int lineno, const char *line, size_t len)
{
	struct read_ctx *c = ctx;
	struct records *rs = c->rs;
	struct record r;
	if (!len || line[0] == '#' || c->stopped)
		return;
	/* The total is not known until every file is read: a count, no percent. */
	if (rs->count % 4096 == 0 && c->progress) {
		char stage[64];
		snprintf(stage, sizeof(stage), "reading journals: %zu records", rs->count);
		if (progress_report(c->progress, stage, -1)) {
			c->stopped = true;
			return;
		}
	}
	if (!parse_record(path, lineno, line, len, &r, c->warnings)) {
		if (c->warnings)
			diag_add(c->warnings, DIAG_DATA, path, lineno, 1, "a damaged record was skipped");
		return;
	}
	r.file = (int)rs->files_count - 1;
	r.line = lineno;
	if (c->only_idea && strcmp(r.idea, c->only_idea)) {
		record_free(&r);
		return;
	}
	if (rs->count == rs->capacity) {
		size_t cap = rs->capacity ? rs->capacity * 2 : 256;
		struct record *items = realloc(rs->items, cap * sizeof(*items));
		if (!items) {
			record_free(&r);
			return;
		}
		rs->items = items;
		rs->capacity = cap;
	}
	rs->items[rs->count++] = r;
}

static bool read_journal_file(const char *path, struct read_ctx *c, struct diag_list *d)
{
	struct diag_list *warnings = c->warnings;
	int lineno = 0;
	bool torn = false;
	char **files = realloc(c->rs->files, (c->rs->files_count + 1) * sizeof(char *));
	if (files)
		c->rs->files = files;
	if (!files || !(files[c->rs->files_count] = strdup(path))) {
		diag_add(d, DIAG_IO, path, 0, 0, "out of memory");
		return false;
	}
	c->rs->files_count++;
	if (!jfile_read_lines(path, 0, &lineno, read_record_line, c, NULL, &torn, warnings, d))
		return false;
	if (torn && warnings)
		diag_add(warnings, DIAG_DATA, path, lineno + 1, 1,
			 "a record cut short (a crash while it was being written) was skipped; everything before it is kept");
	return true;
}

static bool read_dir(const char *dir, struct read_ctx *c, struct diag_list *d)
{
	struct diag_list *warnings = c->warnings;
	DIR *dp = opendir(dir);
	if (!dp)
		return errno == ENOENT;   /* no ideas yet */
	jfile_warn_linked_folder(dir, warnings);
	struct dirent *e;
	bool ok = true;
	while (!c->stopped && (e = readdir(dp))) {
		if (!jfile_is_journal_name(e->d_name))
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		/* A folder, FIFO or link named like a journal is not one: said, and
		 * passed over, so one stray entry cannot stop every command. */
		struct stat st;
		if (!jfile_entry_is_file(path, &st, warnings))
			continue;
		ok = read_journal_file(path, c, d) && ok;
	}
	closedir(dp);
	return ok;
}

static int compare_records(const void *a, const void *b)
{
	const struct record *x = a, *y = b;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return strcmp(x->rec, y->rec);
}

static int compare_idea_ids(const void *a, const void *b)
{
	return strcmp(((const struct idea *)a)->id, ((const struct idea *)b)->id);
}

/* By id, then the first added first: the one an id keeps. */
static int compare_idea_ids_first(const void *a, const void *b)
{
	const struct idea *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x->created > y->created) - (x->created < y->created);
}

static int compare_ideas_written(const void *a, const void *b)
{
	const struct idea *x = a, *y = b;
	if (x->created != y->created)
		return x->created < y->created ? -1 : 1;
	return strcmp(x->id, y->id);
}

static void replace(char **field, const char *value)
{
	if (!value)
		return;
	free(*field);
	*field = strdup(value);
}

/* Records in the order replay applies them, (time, id), each once: a
 * record read from two files (one copied from another laptop) is one. */
static void records_in_order(struct records *rs)
{
	if (rs->count > 1)
		qsort(rs->items, rs->count, sizeof(*rs->items), compare_records);
	size_t kept = 0;
	for (size_t i = 0; i < rs->count; i++) {
		if (kept && !strcmp(rs->items[kept - 1].rec, rs->items[i].rec)) {
			record_free(&rs->items[i]);   /* the same record from a copied file */
			continue;
		}
		rs->items[kept++] = rs->items[i];
	}
	rs->count = kept;
}

/* Replays records in (time, id) order into ideas. */
static bool replay(struct records *rs, struct ideas *out, struct diag_list *warnings)
{
	records_in_order(rs);
	out->records = rs->count;
	size_t adds = 0;
	for (size_t i = 0; i < rs->count; i++)
		adds += !strcmp(rs->items[i].op, "add");
	out->items = calloc(adds ? adds : 1, sizeof(*out->items));
	if (!out->items)
		return false;
	for (size_t i = 0; i < rs->count; i++) {
		struct record *r = &rs->items[i];
		if (strcmp(r->op, "add"))
			continue;
		struct idea *x = &out->items[out->count++];
		x->id = strdup(r->idea);
		x->table = strdup(r->table);
		x->stage = strdup(r->stage ? r->stage : "");
		x->author = strdup(r->author ? r->author : "");
		x->text = strdup(r->text ? r->text : "");
		x->owner = strdup(r->owner ? r->owner : "");
		x->kind = r->has_kind ? (enum idea_kind)r->kind : IDEA;
		x->key = r->key;
		x->round = r->round;
		x->created = x->changed = r->time;
	}
	/* Ideas sorted by id for lookups; an id added twice (a crafted or
	 * damaged journal) keeps its first add, and says so: ids stay unique,
	 * so a change by id is never ambiguous. */
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), compare_idea_ids_first);
	size_t unique = 0, again = 0;
	for (size_t i = 0; i < out->count; i++) {
		struct idea *x = &out->items[i];
		if (unique && !strcmp(out->items[unique - 1].id, x->id)) {
			/* Where the skipped add is: the id's adds in the order
			 * written, the first kept, this the again-th after it;
			 * looked up while the warnings are not full (past that
			 * they are only counted). */
			const struct record *at = NULL;
			again++;
			for (size_t k = 0, seen = 0; warnings && !diag_full(warnings) && k < rs->count && !at; k++)
				if (!strcmp(rs->items[k].op, "add") && !strcmp(rs->items[k].idea, x->id) && seen++ == again)
					at = &rs->items[k];
			if (warnings)
				diag_add(warnings, DIAG_DATA, at ? rs->files[at->file] : "ideas", at ? at->line : 0, at ? 1 : 0,
					 "idea %s is added twice; this later add was skipped", x->id);
			free(x->id);
			free(x->table);
			free(x->stage);
			free(x->author);
			free(x->text);
			free(x->owner);
			continue;
		}
		out->items[unique++] = *x;
		again = 0;
	}
	out->count = unique;
	for (size_t i = 0; i < rs->count; i++) {
		struct record *r = &rs->items[i];
		if (!strcmp(r->op, "add"))
			continue;
		struct idea key = { .id = (char *)r->idea };   /* only compared */
		struct idea *x = out->count ? bsearch(&key, out->items, out->count, sizeof(*out->items),
						      compare_idea_ids) : NULL;
		if (!x) {
			if (warnings)
				diag_add(warnings, DIAG_DATA, rs->files[r->file], r->line, 1,
					 "a change (%s) to idea %s, which no journal here adds, was skipped", r->op, r->idea);
			continue;
		}
		bool known = idea_change_op_known(r->op);
		if (!known || (!strcmp(r->op, "kind") && !r->has_kind)) {
			if (warnings && known)
				diag_add(warnings, DIAG_DATA, rs->files[r->file], r->line, 1,
					 "a change (%s) to idea %s was skipped: its kind is not idea, barrier, action or question",
					 r->op, r->idea);
			else if (warnings)
				diag_add(warnings, DIAG_DATA, rs->files[r->file], r->line, 1,
					 "a change (%s) to idea %s was skipped: not a change alchemy knows (%.*s; a newer alchemy's?)",
					 r->op, r->idea, (int)sizeof(idea_change_ops_all) - 3, idea_change_ops_all);
			continue;
		}
		if (!strcmp(r->op, "text"))
			replace(&x->text, r->text);
		else if (!strcmp(r->op, "kind"))
			x->kind = (enum idea_kind)r->kind;
		else if (!strcmp(r->op, "owner"))
			replace(&x->owner, r->owner ? r->owner : "");
		else if (!strcmp(r->op, "key"))
			x->key = r->key;
		else if (!strcmp(r->op, "vote"))
			x->votes += r->vote;
		else if (!strcmp(r->op, "stage"))
			replace(&x->stage, r->stage);
		else if (!strcmp(r->op, "delete"))
			x->deleted = true;
		else if (!strcmp(r->op, "restore"))
			x->deleted = false;   /* a deletion undone */
		x->edits++;
		x->changed = r->time;
	}
	/* Back to the order they were written in (qsort: 160,000 ideas took
	 * 30 s with the insertion sort this was). */
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), compare_ideas_written);
	return true;
}

static void records_free(struct records *rs)
{
	for (size_t i = 0; i < rs->count; i++)
		record_free(&rs->items[i]);
	free(rs->items);
	for (size_t f = 0; f < rs->files_count; f++)
		free(rs->files[f]);
	free(rs->files);
}

static bool read_dirs(const char *const *dirs, size_t ndirs, struct ideas *out, struct diag_list *warnings,
		      const struct progress *progress, struct diag_list *d)
{
	memset(out, 0, sizeof(*out));
	struct records rs = { 0 };
	struct read_ctx c = { &rs, warnings, progress, false, NULL };
	bool ok = true;
	for (size_t k = 0; k < ndirs && !c.stopped; k++)
		ok = read_dir(dirs[k], &c, d) && ok;
	if (c.stopped) {
		diag_add(d, DIAG_DATA, ndirs ? dirs[0] : "ideas", 0, 0, "stopped while reading the journals: nothing written");
		ok = false;
	}
	ok = ok && replay(&rs, out, warnings);
	records_free(&rs);
	return ok;
}

bool journal_read_dirs(const char *const *dirs, size_t ndirs, struct ideas *out,
		       struct diag_list *warnings, struct diag_list *d)
{
	return read_dirs(dirs, ndirs, out, warnings, NULL, d);
}

bool journal_read_progress(const struct event *ev, struct ideas *out, struct diag_list *warnings,
			   const struct progress *progress, struct diag_list *d)
{
	char *dir = journal_dir(ev);
	if (!dir)
		return false;
	const char *dirs[] = { dir };
	bool ok = read_dirs(dirs, 1, out, warnings, progress, d);
	free(dir);
	return ok;
}

bool journal_read(const struct event *ev, struct ideas *out, struct diag_list *warnings,
		  struct diag_list *d)
{
	return journal_read_progress(ev, out, warnings, NULL, d);
}

/* "laptop3" for ideas/table-07.laptop3.yaml; a file named otherwise (copied
 * in by hand) by its name without .yaml. */
static char *device_of_file(const char *path)
{
	const char *name = strrchr(path, '/');
	name = name ? name + 1 : path;
	size_t len = strlen(name);
	if (len > 5 && !strcmp(name + len - 5, ".yaml"))
		len -= 5;
	const char *dot = memchr(name, '.', len);
	if (!strncmp(name, "table-", 6) && dot && dot + 1 < name + len) {
		len -= (size_t)(dot + 1 - name);
		name = dot + 1;
	}
	return strndup(name, len);
}

static char *copy_or_null(const char *s, bool *ok)
{
	char *c = s ? strdup(s) : NULL;
	*ok = *ok && (!s || c);
	return c;
}

bool journal_idea_history(const struct event *ev, const char *id, struct idea_history *out,
			  struct diag_list *warnings, struct diag_list *d)
{
	memset(out, 0, sizeof(*out));
	char *dir = journal_dir(ev);
	if (!dir)
		return false;
	struct records rs = { 0 };
	struct read_ctx c = { &rs, warnings, NULL, false, id };
	bool ok = read_dir(dir, &c, d);
	free(dir);
	records_in_order(&rs);
	out->items = ok ? calloc(rs.count ? rs.count : 1, sizeof(*out->items)) : NULL;
	ok = ok && out->items;
	for (size_t i = 0; ok && i < rs.count; i++) {
		const struct record *r = &rs.items[i];
		struct idea_change *x = &out->items[out->count++];
		x->op = copy_or_null(r->op, &ok);
		x->device = device_of_file(rs.files[r->file]);
		ok = ok && x->device;
		x->table = copy_or_null(r->table, &ok);
		x->stage = copy_or_null(r->stage, &ok);
		x->author = copy_or_null(r->author, &ok);
		x->text = copy_or_null(r->text, &ok);
		x->owner = copy_or_null(r->owner, &ok);
		x->time = r->time;
		x->kind = r->has_kind ? r->kind : -1;
		x->key = r->key;
		x->vote = r->vote;
	}
	records_free(&rs);
	if (!ok && !diag_total(d))
		diag_add(d, DIAG_IO, ev->path, 0, 0, "out of memory reading the history of idea %s", id);
	return ok;
}

void idea_history_free(struct idea_history *h)
{
	for (size_t i = 0; i < h->count; i++) {
		struct idea_change *x = &h->items[i];
		free(x->op);
		free(x->device);
		free(x->table);
		free(x->stage);
		free(x->author);
		free(x->text);
		free(x->owner);
	}
	free(h->items);
	memset(h, 0, sizeof(*h));
}

void ideas_free(struct ideas *x)
{
	for (size_t i = 0; i < x->count; i++) {
		free(x->items[i].id);
		free(x->items[i].table);
		free(x->items[i].stage);
		free(x->items[i].author);
		free(x->items[i].text);
		free(x->items[i].owner);
	}
	free(x->items);
	memset(x, 0, sizeof(*x));
}

/* ---- merging ---- */

/* The record id on a line: "- {rec: rXXXX, ..." */
static bool line_record_id(const char *line, size_t len, char *id, size_t size)
{
	if (!len || line[0] == '#')
		return false;
	const char *p = memmem(line, len, "rec: ", 5);
	if (!p)
		return false;
	p += 5;
	size_t n = 0;
	while (p + n < line + len && p[n] != ',' && p[n] != '}' && n + 1 < size)
		n++;
	memcpy(id, p, n);
	id[n] = '\0';
	return n > 0;
}

bool journal_record_key(const char *line, size_t len, char *key, size_t size)
{
	return line_record_id(line, len, key, size) && memmem(line, len, "idea: ", 6);
}

/* ---- purging personal data ---- */

/* Replaces every occurrence of each word in `words` (names, e-mails) in s;
 * returns a new string. */
static char *scrub(const char *s, const char *const *words, size_t nwords)
{
	struct strbuf b;
	strbuf_init(&b);
	while (s && *s) {
		size_t hit = 0;
		for (size_t k = 0; k < nwords && !hit; k++) {
			size_t len = strlen(words[k]);
			if (len >= 3 && !strncmp(s, words[k], len))
				hit = len;
		}
		if (hit) {
			strbuf_puts(&b, "[name removed]");
			s += hit;
		} else {
			strbuf_add(&b, s, 1);
			s++;
		}
	}
	return b.data ? b.data : strdup("");
}

struct purge_ctx {
	const char **words;
	size_t nwords;
};

/* A journal without personal data: a person's name as author becomes the
 * table; names and e-mails inside the words are taken out. A record cut
 * short is unreadable: it goes too. */
static bool purge_text(void *ctx, const char *path, const char *text, size_t len, struct strbuf *out)
{
	const struct purge_ctx *c = ctx;
	for (size_t start = 0; start < len;) {
		const char *nl = memchr(text + start, '\n', len - start);
		if (!nl)
			break;
		size_t l = (size_t)(nl - (text + start));
		struct record r;
		if (l && text[start] != '#' && parse_record(path, 0, text + start, l, &r, NULL)) {
			char table_author[JOURNAL_SCRIBE_BYTES];
			journal_scribe_name(r.table, table_author);
			char *t2 = r.text ? scrub(r.text, c->words, c->nwords) : NULL;
			char *o2 = r.owner ? scrub(r.owner, c->words, c->nwords) : NULL;
			struct record clean = r;
			clean.author = r.author ? table_author : NULL;
			clean.owner = o2;
			clean.text = t2;
			put_record(out, &clean);
			free(t2);
			free(o2);
			record_free(&r);
		} else {
			strbuf_add(out, text + start, l + 1);
		}
		start += l + 1;
	}
	return true;
}

bool journal_purge(const struct event *ev, size_t *changed, struct diag_list *warnings, struct diag_list *d)
{
	*changed = 0;
	struct purge_ctx c = { malloc((ev->delegates_count * 2 + 1) * sizeof(*c.words)), 0 };
	if (!c.words)
		return false;
	for (size_t i = 0; i < ev->delegates_count; i++) {
		c.words[c.nwords++] = ev->delegates[i].name;
		if (ev->delegates[i].email)
			c.words[c.nwords++] = ev->delegates[i].email;
	}
	char *dir = journal_dir(ev);
	bool ok = dir && jfile_rewrite_dir(dir, purge_text, &c, changed, warnings, d);
	if (!dir)
		diag_add(d, DIAG_IO, ev->path, 0, 0, "out of memory");
	free(dir);
	free(c.words);
	return ok;
}

void journal_scribe_name(const char *table, char buf[JOURNAL_SCRIBE_BYTES])
{
	snprintf(buf, JOURNAL_SCRIBE_BYTES, "table %s", table);
}
