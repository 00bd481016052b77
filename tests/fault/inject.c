/* LD_PRELOAD shim for the fault-injection test: makes the FAULT_AT-th call
 * of FAULT_CALL (write to a file, fsync or rename) fail with EIO or ENOSPC,
 * (with FAULT_SHORT set, a write first writes half of its bytes, as a
 * filling disk does) and creates FAULT_FIRED when it does, so the test knows every call has
 * had its turn once a run passes without firing. With FAULT_SIGINT=before
 * or after, that call does not fail: two Ctrl-C (SIGINT) are raised just
 * before or just after it, the exact moment no terminal can hit (the
 * Ctrl-C hold of cli_progress_end, which FAULT_CALL=sigprocmask reaches);
 * FAULT_SIGINTS=1 raises one instead. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

ssize_t write(int fd, const void *buf, size_t n);
int fsync(int fd);
int rename(const char *from, const char *to);
int sigprocmask(int how, const sigset_t *set, sigset_t *old);

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

/* FAULT_SIGINT: "before" or "after" the call (the call then succeeds). */
static const char *interrupting(void)
{
	const char *when = getenv("FAULT_SIGINT");
	return when && *when ? when : NULL;
}

/* The Ctrl-C raised here is a terminal's, so it must reach alchemy as at a
 * terminal even where the suite runs as a background job, which inherits
 * SIGINT ignored (and alchemy leaves an ignored SIGINT so); with
 * FAULT_SIGINT_IGNORED set, the inherited disposition is kept. */
__attribute__((constructor)) static void sigint_as_at_a_terminal(void)
{
	if (interrupting() && !getenv("FAULT_SIGINT_IGNORED"))
		signal(SIGINT, SIG_DFL);
}

static void two_interrupts(const char *when, const char *now)
{
	if (when && strcmp(when, now) == 0) {
		const char *count = getenv("FAULT_SIGINTS");
		raise(SIGINT);
		if (!count || atoi(count) != 1)
			raise(SIGINT);
	}
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
		const char *when = interrupting();
		if (!when) {
			errno = EIO;
			return -1;
		}
		two_interrupts(when, "before");
		int r = real(fd);
		two_interrupts(when, "after");
		return r;
	}
	return real(fd);
}

int rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);
	if (!real)
		real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	if (fault_now("rename")) {
		const char *when = interrupting();
		if (!when) {
			errno = EIO;
			return -1;
		}
		two_interrupts(when, "before");
		int r = real(from, to);
		two_interrupts(when, "after");
		return r;
	}
	return real(from, to);
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	static int (*real)(int, const sigset_t *, sigset_t *);
	if (!real)
		real = (int (*)(int, const sigset_t *, sigset_t *))dlsym(RTLD_NEXT, "sigprocmask");
	const char *when = interrupting();
	if (when && fault_now("sigprocmask")) {
		two_interrupts(when, "before");
		int r = real(how, set, old);
		two_interrupts(when, "after");
		return r;
	}
	return real(how, set, old);
}
