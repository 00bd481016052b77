#include "draft.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escape.h"
#include "fileio.h"
#include "journal.h"
#include "strbuf.h"
#include "yaml_tree.h"

/* A draft holds one idea (at most 1 MiB, up to 6 bytes a byte escaped) and its place. */
#define DRAFT_MAX_BYTES (8u * IDEA_MAX_TEXT_BYTES)

char *draft_path(const struct event *ev, const char *table)
{
	char name[256];
	journal_file_name(table, name, sizeof(name));
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

bool draft_load(const struct event *ev, const char *table, struct draft *out, struct diag_list *d)
{
	memset(out, 0, sizeof(*out));
	char *path = draft_path(ev, table);
	if (!path)
		return false;
	size_t len;
	struct stat st;
	if (lstat(path, &st) != 0 && errno == ENOENT) {
		free(path);
		return true;   /* no draft */
	}
	/* Its size checked first: one idea's text, escaped, and its place. */
	char *data = read_input(path, DRAFT_MAX_BYTES, &len, d);
	if (!data) {
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
		else if (!strcmp(k->value, "round"))
			out->round = atoi(v->value) > 0 && atoi(v->value) <= EVENT_MAX_ROUNDS ? atoi(v->value) : 0;
	}
	if (ok && !out->text)
		draft_set(&out->idea, NULL);   /* a target without text is no draft */
	if (!ok) {
		/* Set aside, never overwritten by the next draft: it may hold text. */
		char aside[4096];
		snprintf(aside, sizeof(aside), "%s.unreadable", path);
		bool moved = rename(path, aside) == 0;
		diag_add(d, DIAG_DATA, path, 0, 0, moved ? "not a draft alchemy can read; kept as %s" : "not a draft alchemy can read%s",
			 moved ? aside : "");
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

bool draft_save(const struct event *ev, const char *table, const struct draft *dr, struct diag_list *d)
{
	char *path = draft_path(ev, table);
	char *dir = journal_dir(ev);
	bool ok = path && dir;
	if (ok) {
		/* ideas/ then ideas/.drafts/, as the first idea would make them. */
		char *drafts = malloc(strlen(dir) + sizeof("/.drafts"));
		ok = drafts != NULL;
		if (ok) {
			sprintf(drafts, "%s/.drafts", dir);
			if ((mkdir(dir, 0755) && errno != EEXIST) || (mkdir(drafts, 0755) && errno != EEXIST)) {
				diag_add(d, DIAG_CANTCREAT, drafts, 0, 0, "cannot create the drafts folder: %s",
					 strerror(errno));
				ok = false;
			}
		}
		free(drafts);
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
	}
	ok = ok && !b.failed && atomic_write_private(path, b.data, b.len, d);   /* unsaved text: 0600 */
	strbuf_free(&b);
	free(dir);
	free(path);
	return ok;
}

bool draft_remove_all(const struct event *ev, size_t *removed, struct diag_list *d)
{
	*removed = 0;
	char *dir = journal_dir(ev);
	if (!dir)
		return false;
	char drafts[4096];
	snprintf(drafts, sizeof(drafts), "%s/.drafts", dir);
	free(dir);
	DIR *dp = opendir(drafts);
	if (!dp)
		return errno == ENOENT;   /* no drafts ever kept */
	bool ok = true;
	struct dirent *e;
	while ((e = readdir(dp))) {
		size_t len = strlen(e->d_name);
		bool draft = len > 5 && !strcmp(e->d_name + len - 5, ".yaml");
		bool aside = len > 16 && !strcmp(e->d_name + len - 16, ".yaml.unreadable");
		if (e->d_name[0] == '.' || (!draft && !aside))
			continue;
		char path[4096 + 256];
		snprintf(path, sizeof(path), "%s/%s", drafts, e->d_name);
		if (unlink(path)) {
			diag_add(d, DIAG_IO, path, 0, 0, "cannot remove the draft: %s", strerror(errno));
			ok = false;
		} else {
			(*removed)++;
		}
	}
	closedir(dp);
	return ok;
}
