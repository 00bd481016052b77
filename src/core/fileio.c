#include "fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "strbuf.h"

const char *unicode_bom_name(const char *data, size_t size)
{
	static const struct { const char *mark; size_t len; const char *name; } boms[] = {
		{ "\xFF\xFE\0\0", 4, "UTF-32" }, { "\0\0\xFE\xFF", 4, "UTF-32" },
		{ "\xFF\xFE", 2, "UTF-16" }, { "\xFE\xFF", 2, "UTF-16" },
	};
	for (size_t k = 0; k < sizeof(boms) / sizeof(boms[0]); k++)
		if (size >= boms[k].len && !memcmp(data, boms[k].mark, boms[k].len))
			return boms[k].name;
	return NULL;
}

const char *file_kind_name(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a folder";
	if (S_ISFIFO(mode))
		return "a FIFO (named pipe)";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISLNK(mode))
		return "a symbolic link";
	return "not a regular file";
}

static int open_input_flags(const char *path, int extra, struct stat *st, char *why, size_t why_size)
{
	if (!*path) {
		snprintf(why, why_size, "the file name is empty; name a file");
		return -1;
	}
	/* O_NONBLOCK: opening a FIFO with no writer would wait forever. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | extra);
	if (fd < 0) {
		int err = errno;
		if (err == ELOOP && (extra & O_NOFOLLOW) && lstat(path, st) == 0 && S_ISLNK(st->st_mode))
			snprintf(why, why_size, "it is a symbolic link, not a file");
		else
			snprintf(why, why_size, "%s", strerror(err));
		return -1;
	}
	if (fstat(fd, st) != 0) {
		snprintf(why, why_size, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		snprintf(why, why_size, "it is %s, not a file", file_kind_name(st->st_mode));
		close(fd);
		return -1;
	}
	int flags = fcntl(fd, F_GETFL);
	if (flags >= 0)
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	return fd;
}

const char *input_name_shown(const char *path)
{
	return *path ? path : "''";
}

int open_input(const char *path, struct stat *st, char *why, size_t why_size)
{
	return open_input_flags(path, 0, st, why, why_size);
}

int open_input_nofollow(const char *path, struct stat *st, char *why, size_t why_size)
{
	return open_input_flags(path, O_NOFOLLOW, st, why, why_size);
}

static bool same_file(const struct stat *a, const char *path)
{
	struct stat b;
	return path && stat(path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* path's folder, resolved (NULL when it cannot be), and its last name. */
static char *real_folder(const char *path, const char **name)
{
	const char *slash = strrchr(path, '/');
	*name = slash ? slash + 1 : path;
	char folder[PATH_MAX];
	snprintf(folder, sizeof(folder), "%.*s", slash == path ? 1 : (int)(*name - path), path);
	return realpath(*folder ? folder : ".", NULL);
}

bool same_place(const char *a, const char *b)
{
	struct stat sa, sb;
	if (!a || !b)
		return false;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	const char *na, *nb;
	char *fa = real_folder(a, &na), *fb = real_folder(b, &nb);
	bool same = fa && fb && strcmp(na, nb) == 0 && strcmp(fa, fb) == 0;
	free(fa);
	free(fb);
	return same;
}

bool output_not_an_input(const char *out, const struct input_ref *files, size_t files_count,
			 const struct input_ref *folders, size_t folders_count, struct diag_list *d)
{
	if (!*out) {
		diag_add(d, DIAG_CANTCREAT, "-o", 0, 0, "the output file name is empty; name a file to write");
		return false;
	}
	struct stat st;
	for (size_t k = 0; k < files_count; k++)
		if (same_place(out, files[k].path)) {
			diag_add(d, DIAG_CANTCREAT, out, 0, 0, "is %s (%s), read by this command; write elsewhere",
				 files[k].what, files[k].path);
			return false;
		}
	/* The folder the file lands in, through a symbolic link to its target. */
	char real[PATH_MAX], folder[PATH_MAX];
	const char *where = realpath(out, real) ? real : out;
	const char *slash = strrchr(where, '/');
	if (!slash)
		snprintf(folder, sizeof(folder), ".");
	else
		snprintf(folder, sizeof(folder), "%.*s", slash == where ? 1 : (int)(slash - where), where);
	if (stat(folder, &st) == 0)
		for (size_t k = 0; k < folders_count; k++)
			if (same_file(&st, folders[k].path)) {
				diag_add(d, DIAG_CANTCREAT, out, 0, 0,
					 "is in %s (%s), where every file is read back by alchemy; write elsewhere",
					 folders[k].what, folders[k].path);
				return false;
			}
	return true;
}

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

/* Our temporary files: ".NAME.alchemy-tmp." and mkstemp's six letters or
 * digits; hidden, and a name no person or other tool would give a file. */
#define TEMP_MARK ".alchemy-tmp."

static bool is_our_temp_name(const char *name)
{
	size_t len = strlen(name), mark = sizeof(TEMP_MARK) - 1;
	if (name[0] != '.' || len < 1 + 1 + mark + 6 || strncmp(name + len - 6 - mark, TEMP_MARK, mark))
		return false;
	for (size_t k = len - 6; k < len; k++)
		if (!((name[k] >= 'a' && name[k] <= 'z') || (name[k] >= 'A' && name[k] <= 'Z') ||
		      (name[k] >= '0' && name[k] <= '9')))
			return false;
	return true;
}

/* Temporary files of ours in the folder (of any file there), left by a
 * writer killed before its rename. A live writer holds a lock on its
 * temporary file from the moment it exists, so one we can lock, and older
 * than a few seconds, is dead. */
static void remove_stale_temps(const char *path)
{
	const char *slash = strrchr(path, '/');
	char folder[PATH_MAX];
	snprintf(folder, sizeof(folder), "%.*s", slash ? (int)(slash - path) + 1 : 0, path);
	DIR *dp = opendir(*folder ? folder : ".");
	if (!dp)
		return;
	time_t now = time(NULL);
	struct dirent *e;
	while ((e = readdir(dp))) {
		if (!is_our_temp_name(e->d_name))
			continue;
		char tmp[PATH_MAX + 256];
		snprintf(tmp, sizeof(tmp), "%s%s", folder, e->d_name);
		int fd = open(tmp, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		struct stat st;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && now - st.st_mtime >= 5 &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0)
			unlink(tmp);
		close(fd);
	}
	closedir(dp);
}

/* True when path (or the link it is) names a descriptor already open, as
 * /dev/stdout does: renamed over, the file the shell redirected to would
 * lose what the shell writes to it before and after. By what it is (the
 * file of standard output or error, however the path reaches it:
 * /proc/thread-self/fd/1, a link to a link to /dev/stdout), then by the
 * path's words (a pipe's /proc/self/fd/1 names no file to compare). */
static bool names_open_descriptor(const char *path)
{
	struct stat target, open_one;
	/* A device or FIFO is refused as one, below, whichever stream it is. */
	if (stat(path, &target) == 0 && S_ISREG(target.st_mode))
		for (int fd = 1; fd <= 2; fd++)   /* standard input is only read, never written over */
			if (fstat(fd, &open_one) == 0 && open_one.st_dev == target.st_dev &&
			    open_one.st_ino == target.st_ino)
				return true;
	char link[PATH_MAX];
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	const char *names[2] = { path, NULL };
	if (n > 0) {
		link[n] = '\0';
		names[1] = link;
	}
	for (int k = 0; k < 2 && names[k]; k++) {
		const char *p = names[k];
		if (!strncmp(p, "/dev/std", 8) || !strncmp(p, "/dev/fd/", 8) || !strncmp(p, "/proc/self/fd/", 14))
			return true;
		if (!strncmp(p, "/proc/", 6)) {
			p += 6;
			while (*p >= '0' && *p <= '9')
				p++;
			if (!strncmp(p, "/fd/", 4))
				return true;
		}
	}
	return false;
}

bool atomic_write_file_mode(const char *path, const char *data, size_t len, mode_t new_mode,
			    struct diag_list *d)
{
	/* A symbolic link is written through to its target, as a shell's '>'
	 * does; a FIFO, a device or a folder is never replaced, nor a
	 * standard stream's file. */
	char target[PATH_MAX];
	struct stat st;
	bool exists = false;
	if (names_open_descriptor(path)) {
		diag_add(d, DIAG_CANTCREAT, path, 0, 0,
			 "is where this command's standard output or error goes; leave out -o to write to "
			 "standard output, or give another file");
		return false;
	}
	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode)) {
			struct stat to;
			if ((!realpath(path, target) || stat(target, &st) != 0) && stat(path, &to) == 0) {
				/* A pipe's /proc/.../fd/1 resolves to no path, yet is there. */
				diag_add(d, DIAG_CANTCREAT, path, 0, 0,
					 "is a symbolic link to %s, not to a file; alchemy never replaces "
					 "one: leave out -o to write to standard output, or give a file",
					 file_kind_name(to.st_mode));
				return false;
			}
			if (!realpath(path, target) || stat(target, &st) != 0) {
				diag_add(d, DIAG_CANTCREAT, path, 0, 0,
					 "is a symbolic link to a file that does not exist; remove the link or write elsewhere");
				return false;
			}
			path = target;
		}
		if (!S_ISREG(st.st_mode)) {
			diag_add(d, DIAG_CANTCREAT, path, 0, 0,
				 "is %s, not a file; alchemy never replaces one: write to a file instead",
				 file_kind_name(st.st_mode));
			return false;
		}
		/* A read-only file is not ours to replace, though the folder would
		 * let the rename do it: refused as a shell's '>' refuses it (and
		 * when it is our own, also as root, who may write anything). */
		if (faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0 ||
		    (st.st_uid == geteuid() && !(st.st_mode & S_IWUSR))) {
			diag_add(d, DIAG_CANTCREAT, path, 0, 0,
				 "is read-only; make it writable (chmod u+w) or choose another -o");
			return false;
		}
		exists = true;
	}
	remove_stale_temps(path);
	size_t n = strlen(path) + sizeof(TEMP_MARK) + 8;
	char *tmp = malloc(n);
	if (!tmp) {
		diag_add(d, DIAG_IO, path, 0, 0, "out of memory");
		return false;
	}
	const char *slash = strrchr(path, '/');
	int folder = slash ? (int)(slash - path) + 1 : 0;
	snprintf(tmp, n, "%.*s.%s" TEMP_MARK "XXXXXX", folder, path, path + folder);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		diag_add(d, DIAG_CANTCREAT, path, 0, 0, "cannot create: %s; check the folder exists and is writable",
			 strerror(errno));
		free(tmp);
		return false;
	}
	flock(fd, LOCK_EX);   /* alive: see remove_stale_temps */
	/* The file replaced keeps its mode and, where we may, its owner; a new
	 * one gets new_mode less the umask (mkstemp made it 0600). */
	if (exists) {
		if (fchown(fd, st.st_uid, st.st_gid) != 0 && fchown(fd, (uid_t)-1, st.st_gid) != 0) {
			/* not ours to give away: the mode below is still kept */
		}
		fchmod(fd, st.st_mode & 07777);
	} else {
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, new_mode & ~mask);
	}
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
	/* Checked again just before: a FIFO or device put in its place while
	 * we wrote is still never replaced (the window is now the rename's). */
	struct stat now;
	if (lstat(path, &now) == 0 && !S_ISREG(now.st_mode) && !S_ISLNK(now.st_mode)) {
		close(fd);
		unlink(tmp);
		diag_add(d, DIAG_CANTCREAT, path, 0, 0,
			 "became %s while being written; alchemy never replaces one: write to a file instead",
			 file_kind_name(now.st_mode));
		free(tmp);
		return false;
	}
	step = "rename";
	if (rename(tmp, path) != 0)
		goto failed;
	step = "close";
	if (close(fd) != 0) {
		fd = -1;
		goto failed_renamed;
	}
	sync_folder_of(path);
	free(tmp);
	return true;

	int err;
failed:
	err = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	diag_add(d, DIAG_IO, path, 0, 0, "%s failed: %s; the previous file is unchanged", step, strerror(err));
	free(tmp);
	return false;
failed_renamed:
	err = errno;
	diag_add(d, DIAG_IO, path, 0, 0, "%s failed: %s", step, strerror(err));
	free(tmp);
	return false;
}

bool atomic_write_file(const char *path, const char *data, size_t len, struct diag_list *d)
{
	return atomic_write_file_mode(path, data, len, 0666, d);
}

bool atomic_write_private(const char *path, const char *data, size_t len, struct diag_list *d)
{
	return atomic_write_file_mode(path, data, len, 0600, d);
}

char *read_stream_max(FILE *f, size_t max, size_t *len)
{
	struct strbuf b;
	strbuf_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		strbuf_add(&b, chunk, n);
		if (b.len > max) {
			/* Said by the caller: *len is past max. */
			*len = b.len;
			return b.data;
		}
	}
	if (ferror(f) || b.failed) {
		strbuf_free(&b);
		return NULL;
	}
	*len = b.len;
	return b.data ? b.data : strdup("");
}

char *read_stream(FILE *f, size_t *len)
{
	return read_stream_max(f, (size_t)-1, len);
}

char *read_input(const char *path, size_t max, size_t *len, struct diag_list *d)
{
	char why[256];
	struct stat st;
	int fd = open_input(path, &st, why, sizeof(why));
	if (fd < 0) {
		diag_add(d, DIAG_NOINPUT, input_name_shown(path), 0, 0, "cannot open: %s", why);
		return NULL;
	}
	/* The size before reading: /dev/zero or a 2 GiB sparse file is refused
	 * here, not after filling memory. */
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		diag_add(d, DIAG_DATA, path, 0, 0, "file of %llu MiB; the limit is %zu MiB: check this is the right file",
			 (unsigned long long)st.st_size >> 20, max >> 20);
		return NULL;
	}
	struct strbuf b;
	strbuf_init(&b);
	char chunk[65536];
	bool ok = true;
	for (;;) {
		ssize_t got = read(fd, chunk, sizeof(chunk));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			diag_add(d, DIAG_IO, path, 0, 0, "read error: %s", strerror(errno));
			ok = false;
			break;
		}
		if (got == 0)
			break;
		strbuf_add(&b, chunk, (size_t)got);
		if (b.len > max) {
			diag_add(d, DIAG_DATA, path, 0, 0, "grew past the %zu MiB limit while being read", max >> 20);
			ok = false;
			break;
		}
	}
	close(fd);
	if (ok && b.failed) {
		diag_add(d, DIAG_IO, path, 0, 0, "out of memory reading the file");
		ok = false;
	}
	if (!ok) {
		strbuf_free(&b);
		return NULL;
	}
	*len = b.len;
	return b.data ? b.data : strdup("");
}

char *path_beside(const char *path, const char *name)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	size_t n = dir + strlen(name) + 1;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%.*s%s", (int)dir, path, name);
	return p;
}
