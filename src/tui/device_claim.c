#include "device_claim.h"

#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

bool device_claimed_elsewhere(const char *event_path, const char *device)
{
	char real[PATH_MAX];
	if (!realpath(event_path, real))
		return false;
	/* One lock file per user, event (its real path, hashed: FNV-1a) and
	 * device, where a reboot clears it: the runtime folder, else /tmp. */
	uint64_t h = 1469598103934665603ull;
	for (const char *c = real; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ull;
	const char *dir = getenv("XDG_RUNTIME_DIR");
	if (!dir || dir[0] != '/')
		dir = "/tmp";
	char path[PATH_MAX];
	if (snprintf(path, sizeof(path), "%s/alchemy-screen-%lu-%016llx-%s", dir, (unsigned long)getuid(),
		     (unsigned long long)h, device) >= (int)sizeof(path))
		return false;
	/* Never through a link, and only a file of ours: in /tmp anyone
	 * could have made one of that name first. */
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
	if (fd < 0)
		return false;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != getuid()) {
		close(fd);
		return false;
	}
	/* A screen closing as this one opens (a restart) lets go within
	 * moments: half a second of grace before saying another is open. */
	for (int tries = 0; tries < 10; tries++) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return false;   /* ours now: the descriptor stays open, the lock held, until exit */
		nanosleep(&(struct timespec){ 0, 50 * 1000 * 1000 }, NULL);
	}
	close(fd);
	return true;
}
