#include "jfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "strbuf.h"

bool jfile_is_journal_name(const char *name)
{
	size_t len = strlen(name);
	return len >= 6 && !strcmp(name + len - 5, ".yaml") && name[0] != '.' && !strstr(name, ".tmp.");
}

bool jfile_device_name_recorded(const char *s, size_t max)
{
	size_t n = 0;
	for (; s && s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9') ||
		      s[n] == '-'))
			return false;
	return n > 0 && n <= max;
}

bool jfile_device_name_ok(const char *s, size_t max)
{
	/* Not '-' first: day/--.yaml or day/-rf.yaml reads as an option to ls, rm... */
	return jfile_device_name_recorded(s, max) && s[0] != '-';
}

bool jfile_entry_is_file(const char *path, struct stat *st, struct diag_list *warnings)
{
	if (lstat(path, st) != 0)
		return false;   /* gone since readdir */
	if (S_ISREG(st->st_mode))
		return true;
	if (warnings)
		diag_add(warnings, DIAG_DATA, path, 0, 0, "is %s, not a journal file; it was skipped",
			 file_kind_name(st->st_mode));
	return false;
}

void jfile_warn_linked_folder(const char *dir, struct diag_list *warnings)
{
	struct stat st;
	char target[4096];
	ssize_t n;
	if (!warnings || diag_full(warnings) || lstat(dir, &st) != 0 || !S_ISLNK(st.st_mode) ||
	    (n = readlink(dir, target, sizeof(target) - 1)) < 0)
		return;
	target[n] = '\0';
	diag_add(warnings, DIAG_DATA, dir, 0, 0,
		 "is a symbolic link (to %s): its journals are read and written there; make it a real folder unless that is meant",
		 target);
}

int jfile_lock(const char *path, bool create, struct diag_list *d)
{
	for (int tries = 0; tries < 100; tries++) {
		/* Never through a link planted beside the journals, never into a
		 * FIFO or device (O_NONBLOCK: a FIFO would block the open); new
		 * journals are private, as their records name people. */
		int fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
					    (create ? O_CREAT : 0), 0600);
		if (fd < 0) {
			int err = errno;
			if (!create && err == ENOENT)
				return -1;
			struct stat lst;
			if (lstat(path, &lst) == 0 && !S_ISREG(lst.st_mode))
				diag_add(d, DIAG_CANTCREAT, path, 0, 0,
					 "is %s; a journal must be a file of its own: move it away",
					 file_kind_name(lst.st_mode));
			else
				diag_add(d, DIAG_CANTCREAT, path, 0, 0, "cannot open the journal: %s", strerror(err));
			return -1;
		}
		struct stat st, now;
		if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			diag_add(d, DIAG_CANTCREAT, path, 0, 0,
				 "is %s; a journal must be a file of its own: move it away", file_kind_name(st.st_mode));
			close(fd);
			return -1;
		}
		/* A hard link makes another name (maybe outside the event) the
		 * same file: records would be appended there too. */
		if (st.st_nlink > 1) {
			diag_add(d, DIAG_CANTCREAT, path, 0, 0,
				 "is a hard link (the same file has another name elsewhere), so records would land there too; a journal must be a file of its own: replace it with a copy (cp %s copy && mv copy %s)",
				 path, path);
			close(fd);
			return -1;
		}
		while (flock(fd, LOCK_EX) != 0) {
			if (errno != EINTR) {
				diag_add(d, DIAG_IO, path, 0, 0, "cannot lock the journal: %s", strerror(errno));
				close(fd);
				return -1;
			}
		}
		/* A rewrite (purge) renamed a new file over this one while we
		 * waited: what we append must go to the file that is there now. */
		if (lstat(path, &now) == 0 && now.st_ino == st.st_ino && now.st_dev == st.st_dev)
			return fd;
		close(fd);
	}
	diag_add(d, DIAG_IO, path, 0, 0, "the journal keeps being replaced; try again");
	return -1;
}

void jfile_unlock(int fd)
{
	if (fd >= 0)
		close(fd);   /* closing releases the flock */
}

static bool write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		data += w;
		len -= (size_t)w;
	}
	return true;
}

static void sync_folder_of(const char *path)
{
	char *dir = strdup(path);
	char *slash = dir ? strrchr(dir, '/') : NULL;
	if (slash)
		*slash = '\0';
	int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);   /* best effort: a new file's name must survive a power cut too */
		close(dfd);
	}
	free(dir);
}

bool jfile_append_locked(int fd, const char *path, const char *header, const char *lines, size_t len,
			 struct diag_list *d)
{
	struct stat st;
	if (fstat(fd, &st) != 0) {
		diag_add(d, DIAG_IO, path, 0, 0, "cannot read the journal's size: %s; the record was NOT saved",
			 strerror(errno));
		return false;
	}
	/* Past the read limit a record would be saved and never read back:
	 * refused, never acknowledged and lost. */
	if ((unsigned long long)st.st_size + len > JFILE_MAX_BYTES) {
		diag_add(d, DIAG_CANTCREAT, path, 0, 0,
			 "the journal is %llu MiB; a record past %u MiB would not be read back, so it was NOT saved: check what filled it, and write as another device (ALCHEMY_DEVICE=NAME) to start a new journal",
			 (unsigned long long)st.st_size >> 20, JFILE_MAX_BYTES >> 20);
		return false;
	}
	char head[4];
	const char *bom = st.st_size >= 2 && pread(fd, head, sizeof(head), 0) >= 2
				  ? unicode_bom_name(head, st.st_size < 4 ? (size_t)st.st_size : 4) : NULL;
	if (bom) {
		diag_add(d, DIAG_CANTCREAT, path, 0, 0,
			 "the journal is %s, so a record added would not be read back; it was NOT saved: convert it first (iconv -f %s -t UTF-8)",
			 bom, bom);
		return false;
	}
	struct strbuf rec;
	strbuf_init(&rec);
	bool created = st.st_size == 0;
	if (created && header)
		strbuf_puts(&rec, header);
	char last = '\n';
	if (!created && pread(fd, &last, 1, st.st_size - 1) != 1)
		last = '\n';
	if (last != '\n')
		strbuf_puts(&rec, "\n");
	strbuf_add(&rec, lines, len);
	bool ok = !rec.failed && write_all(fd, rec.data, rec.len) && fsync(fd) == 0;
	if (!ok) {
		int err = rec.failed ? ENOMEM : errno;
		/* Whatever part got written goes: the journal is as it was. */
		bool restored = ftruncate(fd, st.st_size) == 0;
		diag_add(d, DIAG_IO, path, 0, 0, "could not save the record: %s; it was NOT saved%s", strerror(err),
			 restored ? " (the journal is as it was)" : "");
	} else if (created) {
		sync_folder_of(path);
	}
	strbuf_free(&rec);
	return ok;
}

bool jfile_append(const char *path, const char *header, const char *lines, size_t len, struct diag_list *d)
{
	struct stat st;
	bool existed = lstat(path, &st) == 0;
	int fd = jfile_lock(path, true, d);
	if (fd < 0)
		return false;
	bool ok = jfile_append_locked(fd, path, header, lines, len, d);
	/* A journal this call made and could not write (a full disk) goes
	 * again, so "as it was" holds: no empty file left. Under the lock; a
	 * writer waiting for it finds the name gone and makes its own. */
	if (!ok && !existed && fstat(fd, &st) == 0 && st.st_size == 0)
		unlink(path);
	jfile_unlock(fd);
	return ok;
}

bool jfile_read_lines(const char *path, off_t from, int *lineno, jfile_line_fn fn, void *ctx, off_t *end,
		      bool *torn, struct diag_list *warnings, struct diag_list *d)
{
	if (torn)
		*torn = false;
	struct stat st;
	char why[256];
	int fd = open_input_nofollow(path, &st, why, sizeof(why));   /* a journal is a file of its own */
	if (fd < 0) {
		diag_add(d, DIAG_NOINPUT, path, 0, 0, "cannot open: %s", why);
		return false;
	}
	/* No lock: a reader never makes a writer wait. A record caught half
	 * written reads as one cut short, left for the next read. */
	struct strbuf text;
	strbuf_init(&text);
	char chunk[65536];
	ssize_t n = 0;
	off_t at = from;
	while (text.len <= JFILE_MAX_BYTES && (n = pread(fd, chunk, sizeof(chunk), at)) > 0) {
		strbuf_add(&text, chunk, (size_t)n);
		at += n;
	}
	close(fd);
	if (n < 0 || text.failed) {
		diag_add(d, DIAG_IO, path, 0, 0, "read error");
		strbuf_free(&text);
		return false;
	}
	/* A journal saved as "Unicode" by an editor: every line would be
	 * skipped as damaged; say what it is, once, and read none of it. */
	const char *bom = from == 0 ? unicode_bom_name(text.data, text.len) : NULL;
	if (bom) {
		if (warnings)
			diag_add(warnings, DIAG_DATA, path, 1, 1,
				 "the journal is %s (it starts with a %s byte order mark), so none of it was read; journals are UTF-8: convert it (iconv -f %s -t UTF-8)",
				 bom, bom, bom);
		if (end)
			*end = from + (off_t)text.len;   /* said once, not at every follow */
		strbuf_free(&text);
		return true;
	}
	/* A crash after a power cut can leave a run of NUL bytes where the file
	 * grew; records appended after it are whole. A run of NULs ends the
	 * piece before it and is passed over, so the record after it is not
	 * glued to it and lost as damaged. Said once. */
	size_t nuls = 0, first_nul = 0;
	for (const char *z = text.data ? memchr(text.data, '\0', text.len) : NULL; z;
	     z = memchr(z + 1, '\0', text.len - (size_t)(z + 1 - text.data))) {
		if (!nuls++)
			first_nul = (size_t)(z - text.data);
		if (z + 1 == text.data + text.len)
			break;
	}
	if (nuls && warnings)
		diag_add(warnings, DIAG_DATA, path, 0, 0,
			 "%zu NUL bytes from byte %llu (what a crash can leave) were skipped; the records around them were read",
			 nuls, (unsigned long long)from + first_nul);
	if (text.len > JFILE_MAX_BYTES) {
		/* Said, not silent: the records past the limit stay in the file. */
		const char *last = memrchr(text.data, '\n', JFILE_MAX_BYTES);
		text.len = last ? (size_t)(last - text.data) + 1 : 0;
		if (warnings)
			diag_add(warnings, DIAG_DATA, path, 0, 0,
				 "only the first %u MiB of this journal were read; the records after that are kept in it but left out",
				 JFILE_MAX_BYTES / (1024 * 1024));
	}
	size_t start = 0;
	bool same_line = false;   /* the piece after a NUL run is on the line of the one before */
	while (start < text.len) {
		if (nuls && text.data[start] == '\0') {
			start++;
			continue;
		}
		const char *nl = memchr(text.data + start, '\n', text.len - start);
		size_t stop = nl ? (size_t)(nl - text.data) : text.len;
		const char *nul = nuls ? memchr(text.data + start, '\0', stop - start) : NULL;
		if (nul) {
			/* A piece cut short by NULs: a damaged record, said by fn. */
			fn(ctx, path, same_line ? *lineno : ++*lineno, text.data + start, (size_t)(nul - text.data) - start);
			same_line = true;
			start = (size_t)(nul - text.data);
			continue;
		}
		if (!nl) {
			if (torn)
				*torn = true;
			break;
		}
		fn(ctx, path, same_line ? *lineno : ++*lineno, text.data + start, stop - start);
		same_line = false;
		start = stop + 1;
	}
	if (end)
		*end = from + (off_t)start;
	strbuf_free(&text);
	return true;
}

/* The whole text of an open file, from its start. */
static char *read_fd(int fd, size_t *len)
{
	struct strbuf b;
	strbuf_init(&b);
	char chunk[65536];
	ssize_t n;
	off_t at = 0;
	while ((n = pread(fd, chunk, sizeof(chunk), at)) > 0) {
		strbuf_add(&b, chunk, (size_t)n);
		at += n;
	}
	if (n < 0 || b.failed) {
		strbuf_free(&b);
		return NULL;
	}
	*len = b.len;
	return b.data ? b.data : strdup("");
}

struct merge_key {
	char id[128];
};

static int compare_merge_keys(const void *a, const void *b)
{
	return strcmp(((const struct merge_key *)a)->id, ((const struct merge_key *)b)->id);
}

/* The record keys of a journal's text, sorted: each incoming record is
 * looked up by bsearch, so a merge stays linear-logarithmic. */
static struct merge_key *record_keys(const char *text, size_t len, jfile_key_fn key, size_t *count)
{
	size_t n = 0, cap = 0;
	struct merge_key *keys = NULL;
	for (size_t s = 0; text && s < len;) {
		const char *nl = memchr(text + s, '\n', len - s);
		size_t end = nl ? (size_t)(nl - text) : len;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			struct merge_key *k = realloc(keys, cap * sizeof(*k));
			if (!k)
				break;
			keys = k;
		}
		n += key(text + s, end - s, keys[n].id, sizeof(keys[n].id));
		s = end + 1;
	}
	if (n)
		qsort(keys, n, sizeof(*keys), compare_merge_keys);
	*count = n;
	return keys;
}

bool jfile_merge_file(const char *from, const char *to, jfile_key_fn key, size_t *added, struct diag_list *d)
{
	*added = 0;
	size_t flen = 0;
	/* A FIFO or folder named like a journal is refused by what it is
	 * (read_input), never blocked on or merged. */
	char *src = read_input(from, JFILE_MAX_BYTES, &flen, d);
	if (!src)
		return false;
	int fd = jfile_lock(to, true, d);
	if (fd < 0) {
		free(src);
		return false;
	}
	size_t tlen = 0, nkeys = 0;
	char *dst = read_fd(fd, &tlen);
	bool ok = dst != NULL;
	if (!ok)
		diag_add(d, DIAG_IO, to, 0, 0, "read error");
	struct merge_key *keys = ok ? record_keys(dst, tlen, key, &nkeys) : NULL;
	struct strbuf out;
	strbuf_init(&out);
	for (size_t s = 0; ok && s < flen;) {
		const char *nl = memchr(src + s, '\n', flen - s);
		if (!nl)
			break;   /* a record cut short is not copied */
		size_t len = (size_t)(nl - (src + s));
		struct merge_key k;
		bool is_record = key(src + s, len, k.id, sizeof(k.id));
		bool have = is_record && nkeys && bsearch(&k, keys, nkeys, sizeof(*keys), compare_merge_keys);
		if ((is_record && !have) || (!is_record && tlen == 0 && len && src[s] == '#')) {
			strbuf_add(&out, src + s, len + 1);
			*added += is_record;
		}
		s += len + 1;
	}
	if (ok && out.failed) {
		diag_add(d, DIAG_IO, to, 0, 0, "out of memory; nothing was merged into it");
		ok = false;
	}
	if (ok && *added)
		ok = jfile_append_locked(fd, to, NULL, out.data, out.len, d);
	if (!ok)
		*added = 0;
	strbuf_free(&out);
	free(keys);
	free(dst);
	free(src);
	jfile_unlock(fd);
	return ok;
}

bool jfile_rewrite(const char *path, jfile_rewrite_fn fn, void *ctx, bool *changed, struct diag_list *d)
{
	*changed = false;
	int fd = jfile_lock(path, false, d);
	if (fd < 0)
		return diag_total(d) == 0;   /* gone meanwhile: nothing to rewrite */
	size_t len = 0;
	char *text = read_fd(fd, &len);
	bool ok = text != NULL;
	if (!ok)
		diag_add(d, DIAG_NOINPUT, path, 0, 0, "cannot read");
	struct strbuf out;
	strbuf_init(&out);
	if (ok)
		ok = fn(ctx, path, text, len, &out);
	if (ok && out.failed) {
		diag_add(d, DIAG_IO, path, 0, 0, "out of memory; the journal is unchanged");
		ok = false;
	}
	if (ok && (out.len != len || (len && memcmp(out.data, text, len)))) {
		/* Renamed over the file while we hold its lock: an appender
		 * waiting on the old one sees it replaced and opens this one. */
		ok = atomic_write_file(path, out.data ? out.data : "", out.len, d);
		*changed = ok;
	}
	strbuf_free(&out);
	free(text);
	jfile_unlock(fd);
	return ok;
}

bool jfile_rewrite_dir(const char *dir, jfile_rewrite_fn fn, void *ctx, size_t *changed, struct diag_list *warnings,
		       struct diag_list *d)
{
	*changed = 0;
	DIR *dp = opendir(dir);
	bool ok = true;
	struct dirent *e;
	while (dp && ok && (e = readdir(dp))) {
		if (!jfile_is_journal_name(e->d_name))
			continue;
		size_t n = strlen(dir) + strlen(e->d_name) + 2;
		char *path = malloc(n);
		struct stat st;
		if (!path) {
			diag_add(d, DIAG_IO, dir, 0, 0, "out of memory");
			ok = false;
			break;
		}
		snprintf(path, n, "%s/%s", dir, e->d_name);
		bool rewritten = false;
		if (jfile_entry_is_file(path, &st, warnings))
			ok = jfile_rewrite(path, fn, ctx, &rewritten, d);
		*changed += rewritten;
		free(path);
	}
	if (dp)
		closedir(dp);
	return ok;
}
