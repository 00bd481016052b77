/* Folder stamps: what a screen polls to follow other note-takers. Each
 * change (an append, a new journal, a rewrite, a removal) must change the
 * stamp; reading or nothing at all must not. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stamp.h"
#include "tap.h"

static void append(const char *path, const char *text)
{
	FILE *f = fopen(path, "a");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

int main(void)
{
	char dir[] = "/tmp/alchemy-stamp.XXXXXX";
	if (!mkdtemp(dir)) {
		printf("Bail out! cannot make a temporary folder\n");
		return 1;
	}
	char ideas[4096], file[4096], other[4096], lock[4096];
	snprintf(ideas, sizeof(ideas), "%s/ideas", dir);
	snprintf(file, sizeof(file), "%s/ideas/table-01.a.yaml", dir);
	snprintf(other, sizeof(other), "%s/ideas/table-02.b.yaml", dir);
	snprintf(lock, sizeof(lock), "%s/ideas/.lock", dir);

	uint64_t missing = stamp_folder(STAMP_EMPTY, ideas);
	is_int(stamp_folder(STAMP_EMPTY, ideas) == missing, 1, "a missing folder stamps the same twice");
	mkdir(ideas, 0755);
	append(file, "a: 1\n");
	uint64_t one = stamp_folder(STAMP_EMPTY, ideas);
	ok(one != missing, "a new journal changes the folder's stamp");
	ok(stamp_folder(STAMP_EMPTY, ideas) == one, "nothing changed: the same stamp");
	append(file, "b: 2\n");
	uint64_t two = stamp_folder(STAMP_EMPTY, ideas);
	ok(two != one, "an append changes it");
	append(other, "c: 3\n");
	uint64_t three = stamp_folder(STAMP_EMPTY, ideas);
	ok(three != two, "a second device's journal changes it");
	append(lock, "");
	ok(stamp_folder(STAMP_EMPTY, ideas) == three, "a hidden lock file does not");
	unlink(other);
	ok(stamp_folder(STAMP_EMPTY, ideas) == two, "removing that journal gives the stamp before it");

	/* A rewrite of the same size still changes the inode (temp + rename);
	 * the temporary file is made outside so only the rename is seen. */
	char tmp[4200];
	snprintf(tmp, sizeof(tmp), "%s/rewrite.tmp", dir);
	append(tmp, "a: 1\nb: 2\n");
	uint64_t before = stamp_folder(STAMP_EMPTY, ideas);
	rename(tmp, file);
	ok(stamp_folder(STAMP_EMPTY, ideas) != before, "an atomic rewrite of the same size changes it");

	unlink(file);
	unlink(lock);
	rmdir(ideas);
	rmdir(dir);
	return tap_done();
}
