#include "event_files.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plan.h"

static char *in_folder(const struct event *ev, const char *name)
{
	size_t n = strlen(ev->dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", ev->dir, name);
	return p;
}

bool event_output_allowed(const struct event *ev, const char *out, unsigned may,
			  const struct input_ref *extra, size_t extra_count, struct diag_list *d)
{
	char *plan = plan_default_path(ev), *state = in_folder(ev, "day.yaml");
	char *ideas = in_folder(ev, "ideas"), *drafts = in_folder(ev, "ideas/.drafts"), *day = in_folder(ev, "day");
	char *lock = in_folder(ev, ".alchemy.lock");
	struct input_ref files[6 + 64];
	size_t n = 0;
	files[n++] = (struct input_ref){ ev->path, "this event's file" };
	if (ev->themes_path)
		files[n++] = (struct input_ref){ ev->themes_path, "this event's themes" };
	if (!(may & EVENT_OUT_ROSTER) && ev->roster_path)
		files[n++] = (struct input_ref){ ev->roster_path, "this event's roster" };
	if (!(may & EVENT_OUT_PLAN))
		files[n++] = (struct input_ref){ plan, "this event's plan" };
	files[n++] = (struct input_ref){ state, "this event's day state" };
	files[n++] = (struct input_ref){ lock, "the lock every desk takes for a change" };
	for (size_t k = 0; k < extra_count && n < sizeof(files) / sizeof(files[0]); k++)
		files[n++] = extra[k];
	const struct input_ref folders[] = {
		{ ideas, "this event's ideas/ folder" },
		{ drafts, "capture's drafts folder" },
		{ day, "this event's day/ folder" },
	};
	bool ok;
	if (!plan || !state || !ideas || !drafts || !day || !lock) {
		diag_add(d, DIAG_IO, out, 0, 0, "out of memory");
		ok = false;
	} else {
		ok = output_not_an_input(out, files, n, folders, 3, d);
	}
	free(plan);
	free(state);
	free(ideas);
	free(drafts);
	free(day);
	free(lock);
	return ok;
}

bool event_snapshot_folder_allowed(const struct event *ev, const char *dir, bool force, struct diag_list *d)
{
	if (!*dir) {
		diag_add(d, DIAG_CANTCREAT, "-o", 0, 0, "the folder name is empty; name a new folder for the snapshot");
		return false;
	}
	struct stat st, own;
	if (stat(dir, &st) != 0)
		return true;   /* a new folder */
	if (stat(ev->dir, &own) == 0 && st.st_dev == own.st_dev && st.st_ino == own.st_ino) {
		diag_add(d, DIAG_CANTCREAT, dir, 0, 0,
			 "is this event's own folder; a snapshot would replace its files: name a new folder");
		return false;
	}
	if (!S_ISDIR(st.st_mode))
		return true;   /* refused by the writer, with what it is */
	DIR *dp = opendir(dir);
	bool empty = true;
	for (struct dirent *e; dp && empty && (e = readdir(dp));)
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	if (dp)
		closedir(dp);
	if (!empty && !force) {
		diag_add(d, DIAG_CANTCREAT, dir, 0, 0,
			 "is a folder with files in it, which the snapshot's would replace; name a new folder, or add --force to replace them");
		return false;
	}
	return true;
}
