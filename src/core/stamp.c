#include "stamp.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t fnv(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

/* One file's identity and state; the name tells a rename from a rewrite. */
static uint64_t entry_hash(const char *name, const struct stat *st)
{
	uint64_t h = fnv(STAMP_EMPTY, name, strlen(name) + 1);
	if (!st)
		return fnv(h, "-", 1);
	const long long fields[] = {
		(long long)st->st_dev, (long long)st->st_ino, (long long)st->st_size,
		(long long)st->st_mtim.tv_sec, (long long)st->st_mtim.tv_nsec,
	};
	return fnv(h, fields, sizeof(fields));
}

uint64_t stamp_file(uint64_t h, const char *path)
{
	struct stat st;
	uint64_t one = entry_hash(path, stat(path, &st) == 0 ? &st : NULL);
	return fnv(h, &one, sizeof(one));
}

uint64_t stamp_folder(uint64_t h, const char *dir)
{
	DIR *dp = opendir(dir);
	uint64_t sum = 0;   /* a sum does not depend on the order of entries */
	if (dp) {
		struct dirent *e;
		while ((e = readdir(dp)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			char path[4096];
			struct stat st;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			sum += entry_hash(e->d_name, stat(path, &st) == 0 ? &st : NULL);
		}
		closedir(dp);
	}
	h = fnv(h, dir, strlen(dir) + 1);
	return fnv(h, &sum, sizeof(sum));
}
