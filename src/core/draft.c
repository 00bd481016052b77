#include "draft.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escape.h"
#include "fileio.h"
#include "journal.h"
#include "strbuf.h"
#include "yaml_tree.h"

char *draft_path(const struct event *ev, const char *table, int slot)
{
	char name[256];
	journal_file_name(table, name, sizeof(name));
	size_t n = strlen(name);
	if (slot > 0 && n > 5 && n + 8 < sizeof(name))
		snprintf(name + n - 5, sizeof(name) - (n - 5), "~%d.yaml", slot + 1);
	char *dir = journal_dir(ev);
	if (!dir)
		return NULL;
	size_t len = strlen(dir) + strlen(name) + sizeof("/.drafts/");
	char *p = malloc(len);
	if (p)
		snprintf(p, len, "%s/.drafts/%s", dir, name);
	free(dir);
	return p;
}

bool draft_set(char **field, const char *value)
{
	char *copy = value ? strdup(value) : NULL;
	if (value && !copy)
		return false;
	free(*field);
	*field = copy;
	return true;
}

void draft_free(struct draft *dr)
{
	free(dr->stage);
	free(dr->author);
	free(dr->idea);
	free(dr->text);
	memset(dr, 0, sizeof(*dr));
}

bool draft_text_saved(const struct draft *dr, const struct ideas *ideas, const char *table)
{
	if (!dr->text || dr->kept <= 0)
		return false;   /* not stamped (a draft of before the stamp, or damaged): offered again, never lost */
	bool edit = dr->idea && dr->idea[0];
	char scribe[JOURNAL_SCRIBE_BYTES];
	journal_scribe_name(table, scribe);
	const char *author = dr->author && dr->author[0] ? dr->author : scribe;
	for (size_t i = 0; i < ideas->count; i++) {
		const struct idea *x = &ideas->items[i];
		if (strcmp(x->table, table) || strcmp(x->text, dr->text))
			continue;
		/* A new idea as capture would have saved it: its stage, its name. */
		if (!edit && (strcmp(x->author, author) || (dr->stage && strcmp(x->stage, dr->stage))))
			continue;
		/* Deleted since still counts: it was saved, and saving it again would bring it back. */
		long long at = edit ? x->changed : x->created;
		if ((!edit || !strcmp(x->id, dr->idea)) && at >= dr->kept && at - dr->kept <= DRAFT_SAVE_WINDOW_MS)
			return true;
	}
	return false;
}

/* A draft holds at most an idea's text (1 MiB), escaped, and a few short
 * fields: anything larger is not one of ours, and is never read whole. */
#define DRAFT_MAX_BYTES ((size_t)IDEA_MAX_TEXT_BYTES * 4 + 65536)

/* ideas/.drafts as a real folder: NULL, with d saying why, when it is a
 * symbolic link or anything but a folder (drafts are never kept, read or
 * removed through a link: it could lead to the roster's folder). *none:
 * there is no such folder yet. */
static char *drafts_folder(const struct event *ev, bool *none, struct diag_list *d)
{
	*none = false;
	char *dir = journal_dir(ev);
	char *drafts = dir ? malloc(strlen(dir) + sizeof("/.drafts")) : NULL;
	if (drafts)
		sprintf(drafts, "%s/.drafts", dir);
	free(dir);
	if (!drafts)
		return NULL;
	struct stat st;
	if (lstat(drafts, &st) != 0) {
		*none = errno == ENOENT;
		if (!*none)
			diag_add(d, DIAG_IO, drafts, 0, 0, "cannot read the drafts folder: %s", strerror(errno));
	} else if (!S_ISDIR(st.st_mode)) {
		diag_add(d, DIAG_CANTCREAT, drafts, 0, 0,
			 "is %s, not a folder: drafts are not kept through it; remove it (alchemy makes the folder)",
			 S_ISLNK(st.st_mode) ? "a symbolic link" : file_kind_name(st.st_mode));
	} else {
		return drafts;
	}
	free(drafts);
	return NULL;
}

/* Sets a file that is not a draft aside as FILE.unreadable (a link is
 * moved, never followed), so the next draft does not overwrite it. */
static void set_aside(const char *path, const char *why, struct diag_list *d)
{
	char aside[4096];
	snprintf(aside, sizeof(aside), "%s.unreadable", path);
	bool moved = rename(path, aside) == 0;
	diag_add(d, DIAG_DATA, path, 0, 0, moved ? "%s; kept as %s" : "%s%s", why, moved ? aside : "");
}

bool draft_load(const struct event *ev, const char *table, struct draft *out, struct diag_list *d)
{
	int slot = out->slot;
	memset(out, 0, sizeof(*out));
	out->slot = slot;
	bool none;
	char *folder = drafts_folder(ev, &none, d);
	free(folder);
	if (!folder)
		return none;
	char *path = draft_path(ev, table, slot);
	if (!path)
		return false;
	/* Never through a link, never a FIFO or device, never more than a
	 * draft can hold. */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		bool gone = errno == ENOENT;
		if (errno == ELOOP)
			set_aside(path, "a symbolic link, not a draft (never followed)", d);
		else if (!gone)
			diag_add(d, DIAG_NOINPUT, path, 0, 0, "cannot read the draft: %s", strerror(errno));
		free(path);
		return gone;
	}
	struct stat st;
	char why[128] = "";
	if (fstat(fd, &st) != 0)
		snprintf(why, sizeof(why), "cannot read the draft: %s", strerror(errno));
	else if (!S_ISREG(st.st_mode))
		snprintf(why, sizeof(why), "%s, not a draft", file_kind_name(st.st_mode));
	else if ((size_t)st.st_size > DRAFT_MAX_BYTES)
		snprintf(why, sizeof(why), "%lld bytes, more than a draft holds", (long long)st.st_size);
	char *data = NULL;
	size_t len = 0;
	if (!why[0]) {
		int flags = fcntl(fd, F_GETFL);
		if (flags >= 0)
			fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
		FILE *f = fdopen(fd, "rb");
		if (f) {
			fd = -1;
			data = read_stream_max(f, DRAFT_MAX_BYTES, &len);
			fclose(f);
		}
		if (!data)
			snprintf(why, sizeof(why), "cannot read the draft: %s", strerror(errno ? errno : EIO));
		else if (len > DRAFT_MAX_BYTES)
			snprintf(why, sizeof(why), "more than a draft holds");
	}
	if (fd >= 0)
		close(fd);
	if (why[0]) {
		if (strncmp(why, "cannot read", 11))
			set_aside(path, why, d);
		else
			diag_add(d, DIAG_NOINPUT, path, 0, 0, "%s", why);
		free(data);
		free(path);
		return false;
	}
	struct ydoc doc;
	struct diag_list parse;   /* the parser's own words; one message goes to d */
	diag_list_init(&parse);
	bool ok = ydoc_load_long_values(&doc, path, data, len, IDEA_MAX_TEXT_BYTES, &parse) && doc.root &&
		  doc.root->kind == YNODE_MAP;
	diag_list_free(&parse);
	for (const struct ynode *k = ok ? doc.root->first : NULL; ok && k && k->next; k = k->next->next) {
		const struct ynode *v = k->next;
		if (v->kind != YNODE_SCALAR)
			continue;
		if (!strcmp(k->value, "stage"))
			ok = draft_set(&out->stage, v->value);
		else if (!strcmp(k->value, "author"))
			ok = draft_set(&out->author, v->value);
		else if (!strcmp(k->value, "idea"))
			ok = draft_set(&out->idea, v->value);
		else if (!strcmp(k->value, "text"))
			ok = draft_set(&out->text, v->value);
		else if (!strcmp(k->value, "kept")) {
			char *end;
			errno = 0;
			long long at = strtoll(v->value, &end, 10);
			out->kept = !errno && end != v->value && !*end && at > 0 ? at : 0;   /* anything else: no time */
		}
		else if (!strcmp(k->value, "round"))
			out->round = atoi(v->value) > 0 && atoi(v->value) <= EVENT_MAX_ROUNDS ? atoi(v->value) : 0;
	}
	if (ok && !out->text)
		draft_set(&out->idea, NULL);   /* a target without text is no draft */
	if (!ok) {
		/* Set aside, never overwritten by the next draft: it may hold text. */
		set_aside(path, "not a draft alchemy can read", d);
		draft_free(out);
	}
	ydoc_free(&doc);
	free(data);
	free(path);
	return ok;
}

static void put_field(struct strbuf *b, const char *key, const char *value)
{
	if (!value)
		return;
	strbuf_printf(b, "%s: ", key);
	yaml_quoted(b, value);
	strbuf_puts(b, "\n");
}

/* ideas/ then ideas/.drafts/ (private: drafts hold names and text), as
 * the first idea would make them. */
static bool make_drafts_folder(const char *dir, struct diag_list *d)
{
	char drafts[4096];
	snprintf(drafts, sizeof(drafts), "%s/.drafts", dir);
	if ((mkdir(dir, 0755) && errno != EEXIST) || (mkdir(drafts, 0700) && errno != EEXIST)) {
		diag_add(d, DIAG_CANTCREAT, drafts, 0, 0, "cannot create the drafts folder: %s", strerror(errno));
		return false;
	}
	return true;
}

#define DRAFT_SLOTS 9

/* The lock a capture holds on a slot's draft while it is open: DRAFT.lock. */
static void lock_path(const struct event *ev, const char *table, int slot, char *lock, size_t size)
{
	char *path = draft_path(ev, table, slot);
	snprintf(lock, size, "%s.lock", path ? path : "");
	free(path);
}

int draft_claim(const struct event *ev, const char *table, int *slot)
{
	*slot = 0;
	char *dir = journal_dir(ev);
	struct diag_list quiet;   /* a folder that cannot be made is said when a draft is kept */
	diag_list_init(&quiet);
	bool none;
	char *folder = dir && make_drafts_folder(dir, &quiet) ? drafts_folder(ev, &none, &quiet) : NULL;
	diag_list_free(&quiet);
	free(dir);
	free(folder);
	if (!folder)
		return -1;
	for (int k = 0; k < DRAFT_SLOTS; k++) {
		char lock[4096 + 8];
		lock_path(ev, table, k, lock, sizeof(lock));
		int fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0)
			return -1;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			*slot = k;
			return fd;
		}
		close(fd);   /* another terminal of this device holds it: the next */
	}
	return -1;
}

int draft_others_waiting(const struct event *ev, const char *table, int slot)
{
	int waiting = 0;
	for (int k = 0; k < DRAFT_SLOTS; k++) {
		if (k == slot)
			continue;
		char lock[4096 + 8];
		lock_path(ev, table, k, lock, sizeof(lock));
		int fd = open(lock, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;   /* never claimed: no draft */
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {   /* no capture holds it: left by one that stopped */
			struct draft other = { .slot = k };
			struct diag_list quiet;
			diag_list_init(&quiet);
			if (draft_load(ev, table, &other, &quiet) && other.text)
				waiting++;
			diag_list_free(&quiet);
			draft_free(&other);
		}
		close(fd);
	}
	return waiting;
}

bool draft_save(const struct event *ev, const char *table, const struct draft *dr, struct diag_list *d)
{
	char *path = draft_path(ev, table, dr->slot);
	char *dir = journal_dir(ev);
	bool ok = path && dir && make_drafts_folder(dir, d);
	bool none;
	char *folder = ok ? drafts_folder(ev, &none, d) : NULL;
	ok = ok && folder;
	free(folder);
	struct stat st;
	if (ok && lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* A link would be written through to whatever it names. */
		diag_add(d, DIAG_CANTCREAT, path, 0, 0, "is %s, not a draft: not written through; remove it",
			 S_ISLNK(st.st_mode) ? "a symbolic link" : file_kind_name(st.st_mode));
		ok = false;
	}
	struct strbuf b;
	strbuf_init(&b);
	strbuf_puts(&b, "# A note-taker's unsaved text and place (alchemy capture); the journal\n"
			"# beside it holds what is saved. Safe to delete.\n");
	put_field(&b, "stage", dr->stage);
	if (dr->round > 0)
		strbuf_printf(&b, "round: %d\n", dr->round);
	put_field(&b, "author", dr->author);
	if (dr->text) {
		put_field(&b, "idea", dr->idea ? dr->idea : "");
		put_field(&b, "text", dr->text);
		strbuf_printf(&b, "kept: %lld\n", journal_now_ms());   /* compared with the journal's stamps */
	}
	ok = ok && !b.failed && atomic_write_private(path, b.data, b.len, d);
	strbuf_free(&b);
	free(dir);
	free(path);
	return ok;
}

/* Ours in ideas/.drafts: drafts, drafts set aside, and the temporary
 * files of a draft writer killed mid-write (they hold text too). */
static bool draft_file_name(const char *name)
{
	size_t len = strlen(name);
	if (strncmp(name, "table-", 6))
		return false;
	return (len > 5 && !strcmp(name + len - 5, ".yaml")) || (len > 10 && !strcmp(name + len - 10, ".yaml.lock")) ||
	       (len > 16 && !strcmp(name + len - 16, ".yaml.unreadable")) || strstr(name, ".yaml.tmp.");
}

bool draft_remove_all(const struct event *ev, size_t *removed, struct diag_list *d)
{
	*removed = 0;
	bool none;
	char *drafts = drafts_folder(ev, &none, d);
	if (!drafts)
		return none;   /* no drafts ever kept; a link or a file there is said, never followed */
	/* Opened once, without following a link, and emptied relative to it. */
	int dfd = open(drafts, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *dp = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!dp) {
		diag_add(d, DIAG_IO, drafts, 0, 0, "cannot read the drafts folder: %s", strerror(errno));
		if (dfd >= 0)
			close(dfd);
		free(drafts);
		return false;
	}
	bool ok = true;
	struct dirent *e;
	while ((e = readdir(dp))) {
		struct stat st;
		if (!draft_file_name(e->d_name) || fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)))
			continue;   /* a link itself may go: removing it leaves what it names */
		if (unlinkat(dfd, e->d_name, 0)) {
			diag_add(d, DIAG_IO, drafts, 0, 0, "cannot remove the draft %s: %s", e->d_name, strerror(errno));
			ok = false;
		} else {
			(*removed)++;
		}
	}
	closedir(dp);
	free(drafts);
	return ok;
}

bool draft_none_open(const struct event *ev, struct diag_list *d)
{
	bool none;
	struct diag_list quiet;   /* a drafts folder that is no folder is purge's to say */
	diag_list_init(&quiet);
	char *drafts = drafts_folder(ev, &none, &quiet);
	diag_list_free(&quiet);
	if (!drafts)
		return true;
	int dfd = open(drafts, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *dp = dfd >= 0 ? fdopendir(dfd) : NULL;
	bool free_of_captures = true;
	struct dirent *e;
	while (dp && free_of_captures && (e = readdir(dp))) {
		size_t len = strlen(e->d_name);
		if (len < 10 || strcmp(e->d_name + len - 10, ".yaml.lock"))
			continue;
		int fd = openat(dfd, e->d_name, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			diag_add(d, DIAG_DATA, drafts, 0, 0,
				 "a capture is open here (%.*s): close it (q), then purge, or it would write names back",
				 (int)(len - 10), e->d_name);
			free_of_captures = false;
		}
		close(fd);
	}
	if (dp)
		closedir(dp);
	else if (dfd >= 0)
		close(dfd);
	free(drafts);
	return free_of_captures;
}
