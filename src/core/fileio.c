#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"

static void sync_folder_of(const char *path)
{
	char folder[4096];
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(folder, sizeof(folder), ".");
	else if (slash == path)
		snprintf(folder, sizeof(folder), "/");
	else
		snprintf(folder, sizeof(folder), "%.*s", (int)(slash - path), path);
	int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);   /* best effort: some file systems refuse it on folders */
		close(fd);
	}
}

bool atomic_write_file(const char *path, const char *data, size_t len, struct diag_list *d)
{
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n);
	if (!tmp) {
		diag_add(d, DIAG_IO, path, 0, 0, "out of memory");
		return false;
	}
	snprintf(tmp, n, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		diag_add(d, DIAG_CANTCREAT, path, 0, 0, "cannot create: %s; check the folder exists and is writable",
			 strerror(errno));
		free(tmp);
		return false;
	}
	/* mkstemp makes the file private; give it the usual permissions. */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	const char *step = "write";
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto failed;
		}
		done += (size_t)w;
	}
	step = "fsync";
	if (fsync(fd) != 0)
		goto failed;
	step = "close";
	if (close(fd) != 0) {
		fd = -1;
		goto failed;
	}
	fd = -1;
	step = "rename";
	if (rename(tmp, path) != 0)
		goto failed;
	sync_folder_of(path);
	free(tmp);
	return true;

failed:;
	int err = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	diag_add(d, DIAG_IO, path, 0, 0, "%s failed: %s; the previous file is unchanged", step, strerror(err));
	free(tmp);
	return false;
}

char *read_stream(FILE *f, size_t *len)
{
	struct strbuf b;
	strbuf_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_add(&b, chunk, n);
	if (ferror(f) || b.failed) {
		strbuf_free(&b);
		return NULL;
	}
	*len = b.len;
	return b.data ? b.data : strdup("");
}

char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *text = read_stream(f, len);
	fclose(f);
	return text;
}
