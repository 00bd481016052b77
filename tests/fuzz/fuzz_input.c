#include "fuzz_input.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];
static char path[128];

static void remove_dir(void)
{
	/* Only the files the targets write; the folder holds nothing else. */
	const char *names[] = { "event.yaml", "roster.csv", "roster.yaml", "ideas/table-01.fuzz.yaml", ".alchemy.lock" };
	char p[160];
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s/ideas", dir);
	rmdir(p);
	rmdir(dir);
}

const char *fuzz_input_dir(void)
{
	if (!dir[0]) {
		const char *tmp = getenv("TMPDIR");
		snprintf(dir, sizeof(dir), "%s/alchemy-fuzz.XXXXXX", tmp && strlen(tmp) < 30 ? tmp : "/tmp");
		if (!mkdtemp(dir)) {
			dir[0] = 0;
			return NULL;
		}
		atexit(remove_dir);
	}
	return dir;
}

const char *fuzz_input_file(const char *name, const uint8_t *data, size_t size)
{
	if (!fuzz_input_dir())
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		return NULL;
	bool ok = fwrite(data, 1, size, f) == size;
	ok = fclose(f) == 0 && ok;
	return ok ? path : NULL;
}
