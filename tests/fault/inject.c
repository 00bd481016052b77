/* LD_PRELOAD shim for the fault-injection test: makes the FAULT_AT-th call
 * of FAULT_CALL (write to a file, fsync or rename) fail with EIO or ENOSPC,
 * (with FAULT_SHORT set, a write first writes half of its bytes, as a
 * filling disk does) and creates FAULT_FIRED when it does, so the test knows every call has
 * had its turn once a run passes without firing. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

ssize_t write(int fd, const void *buf, size_t n);
int fsync(int fd);
int rename(const char *from, const char *to);

static long calls;

static int fault_now(const char *name)
{
	const char *call = getenv("FAULT_CALL"), *at = getenv("FAULT_AT");
	if (!call || !at || strcmp(call, name) != 0 || ++calls != atol(at))
		return 0;
	const char *fired = getenv("FAULT_FIRED");
	if (fired) {
		int fd = open(fired, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0)
			close(fd);
	}
	return 1;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);
	if (!real)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	/* Files only: the terminal and pipes (fds 0-2) keep working. */
	if (fd > 2 && fault_now("write")) {
		/* FAULT_SHORT: a disk filling up takes the first half first. */
		const char *shortly = getenv("FAULT_SHORT");
		if (shortly && *shortly && n > 1)
			real(fd, buf, n / 2);
		errno = ENOSPC;
		return -1;
	}
	return real(fd, buf, n);
}

int fsync(int fd)
{
	static int (*real)(int);
	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	if (fault_now("fsync")) {
		errno = EIO;
		return -1;
	}
	return real(fd);
}

int rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);
	if (!real)
		real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	if (fault_now("rename")) {
		errno = EIO;
		return -1;
	}
	return real(from, to);
}
