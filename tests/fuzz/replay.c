/* Runs a fuzz target over every file given (or in the folders given), as a
 * TAP test: the corpus and every input that ever failed run in each CI
 * build, under ASan/UBSan in build-asan. A crash fails the suite. */
#include "fuzz_input.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int count;

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t size = 0, cap = 0;
	if (f) {
		for (;;) {
			if (size == cap) {
				cap = cap ? cap * 2 : 4096;
				unsigned char *grown = realloc(data, cap);
				if (!grown)
					break;
				data = grown;
			}
			size_t got = fread(data + size, 1, cap - size, f);
			size += got;
			if (got == 0)
				break;
		}
		fclose(f);
	}
	if (!f || !data) {
		printf("not ok %d - %s: cannot read\n", ++count, path);
		free(data);
		return;
	}
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	printf("ok %d - %s\n", ++count, path);
	fflush(stdout);
}

static void replay(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		replay_file(path);
		return;
	}
	DIR *dir = opendir(path);
	if (!dir) {
		printf("not ok %d - %s: cannot open the folder\n", ++count, path);
		return;
	}
	char **names = NULL;
	size_t n = 0;
	for (struct dirent *e; (e = readdir(dir));) {
		if (e->d_name[0] == '.')
			continue;
		char **grown = realloc(names, (n + 1) * sizeof(*names));
		if (!grown)
			break;
		names = grown;
		size_t len = strlen(path) + strlen(e->d_name) + 2;
		if (!(names[n] = malloc(len)))
			break;
		snprintf(names[n++], len, "%s/%s", path, e->d_name);
	}
	closedir(dir);
	if (n)
		qsort(names, n, sizeof(*names), compare_names);
	for (size_t i = 0; i < n; i++) {
		replay(names[i]);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		replay(argv[i]);
	printf("1..%d\n", count);
	return count == 0;
}
