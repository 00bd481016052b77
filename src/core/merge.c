#include "merge.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dayops.h"
#include "fileio.h"
#include "jfile.h"
#include "journal.h"

enum journal_kind { NOT_A_JOURNAL, IDEAS_JOURNAL, DAY_JOURNAL };

/* A file's kind by its first record; a file of comments only is neither.
 * Why it cannot be read, if it cannot, goes to why. */
static enum journal_kind kind_of(const char *path, struct diag_list *why)
{
	/* The first records are near the top: a few KiB of a file of any size
	 * (a 600 MB stray file is not read whole to learn it is none). */
	char reason[256], head[65536];
	struct stat st;
	int fd = open_input(path, &st, reason, sizeof(reason));
	if (fd < 0)
		diag_add(why, DIAG_NOINPUT, path, 0, 0, "cannot open: %s", reason);
	ssize_t got = fd >= 0 ? read(fd, head, sizeof(head) - 1) : -1;
	if (fd >= 0)
		close(fd);
	size_t len = got > 0 ? (size_t)got : 0;
	head[len] = '\0';
	char *text = got > 0 ? head : NULL;
	enum journal_kind kind = NOT_A_JOURNAL;
	char key[128];
	for (size_t s = 0; text && s < len;) {
		const char *nl = memchr(text + s, '\n', len - s);
		size_t end = nl ? (size_t)(nl - text) : len;
		if (end > s && text[s] != '#') {
			if (journal_record_key(text + s, end - s, key, sizeof(key)))
				kind = IDEAS_JOURNAL;
			else if (day_record_key(text + s, end - s, key, sizeof(key)))
				kind = DAY_JOURNAL;
			break;
		}
		s = end + 1;
	}
	return kind;
}

static char *joined(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", a, b);
	return p;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Every journal in dir into the event's ideas/ or day/ folder, by kind. */
static bool merge_dir(const struct event *ev, const char *dir, struct merge_result *r, struct diag_list *notes,
		      struct diag_list *d)
{
	DIR *dp = opendir(dir);
	if (!dp) {
		diag_add(d, DIAG_NOINPUT, dir, 0, 0, "cannot open the folder: %s", strerror(errno));
		return false;
	}
	char *targets[3] = { NULL, journal_dir(ev), day_journal_dir(ev) };
	bool ok = targets[1] && targets[2];
	struct dirent *e;
	while (ok && (e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;   /* hidden, ".", ".."; no reader takes them either */
		char *from = joined(dir, e->d_name);
		if (!from) {
			ok = false;
			break;
		}
		struct diag_list why;
		diag_list_init(&why);
		enum journal_kind kind = jfile_is_journal_name(e->d_name) && !is_dir(from) ? kind_of(from, &why) : NOT_A_JOURNAL;
		if (kind == NOT_A_JOURNAL) {
			r->ignored++;
			if (why.count)
				diag_add(notes, DIAG_DATA, from, 0, 0, "%s; not merged: left alone", why.items[0].message);
			else
				diag_add(notes, DIAG_DATA, from, 0, 0, "not a journal: left alone");
			diag_list_free(&why);
			free(from);
			continue;
		}
		diag_list_free(&why);
		/* A Syncthing conflict copy goes into the file it is a copy of;
		 * any other journal keeps its name. Which names are journals is
		 * one rule, jfile_is_journal_name, the one every reader of ideas/
		 * and day/ uses: whatever the event would read here is merged
		 * ("table-02.notes-02 (1).yaml", a long device name), so no idea
		 * is left behind that the event would have shown. */
		char name[512];
		snprintf(name, sizeof(name), "%s", e->d_name);
		char *conflict = strstr(name, ".sync-conflict-");
		if (conflict)
			snprintf(conflict, sizeof(name) - (size_t)(conflict - name), ".yaml");
		if (conflict)
			diag_add(notes, DIAG_DATA, from, 0, 0, "a Syncthing conflict copy: merged into %s", name);
		if (mkdir(targets[kind], 0755) != 0 && errno != EEXIST) {
			diag_add(d, DIAG_CANTCREAT, targets[kind], 0, 0, "cannot create the folder: %s", strerror(errno));
			free(from);
			ok = false;
			break;
		}
		char *to = joined(targets[kind], name);
		size_t added = 0;
		ok = to && jfile_merge_file(from, to, kind == IDEAS_JOURNAL ? journal_record_key : day_record_key, &added, d);
		if (kind == IDEAS_JOURNAL) {
			r->ideas += added;
			r->ideas_files++;
		} else {
			r->day += added;
			r->day_files++;
		}
		free(to);
		free(from);
	}
	closedir(dp);
	free(targets[1]);
	free(targets[2]);
	return ok;
}

bool event_merge(const struct event *ev, const char *other, struct merge_result *r, struct diag_list *notes,
		 struct diag_list *d)
{
	memset(r, 0, sizeof(*r));
	if (!*other) {
		diag_add(d, DIAG_NOINPUT, "OTHER", 0, 0, "the folder name is empty; give the other laptop's event folder");
		return false;
	}
	if (!is_dir(other)) {
		diag_add(d, DIAG_NOINPUT, other, 0, 0,
			 "not a folder: give the other laptop's event folder, or its ideas/ or day/ folder");
		return false;
	}
	char *ideas = joined(other, "ideas"), *day = joined(other, "day");
	bool ok = ideas && day;
	if (ok && (is_dir(ideas) || is_dir(day))) {
		/* An event folder: its journals, and nothing else of it. */
		diag_add(notes, DIAG_DATA, other, 0, 0,
			 "an event folder: only its ideas/ and day/ journals are merged; its event, roster and plan are left alone");
		if (is_dir(ideas))
			ok = merge_dir(ev, ideas, r, notes, d);
		if (ok && is_dir(day))
			ok = merge_dir(ev, day, r, notes, d);
	} else if (ok) {
		ok = merge_dir(ev, other, r, notes, d);
	}
	free(ideas);
	free(day);
	return ok;
}
