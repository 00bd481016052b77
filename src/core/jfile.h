/* Journal files, the one machinery under both the ideas journal and the day
 * journal: one record a line, appended with a single write() under an
 * exclusive flock on the file and fsync'd before it counts as saved; a
 * record cut short at the end (a crash mid-write) is skipped on reading.
 * Whatever rewrites a journal (purge) takes the same lock, and an appender
 * that finds the file replaced while it waited opens the new one, so
 * nothing appended meanwhile is lost. */
#ifndef ALCHEMY_JFILE_H
#define ALCHEMY_JFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "diag.h"

/* A journal is read up to this size; the rest stays in the file, said. */
#define JFILE_MAX_BYTES (256u * 1024 * 1024)

/* Is `name` (a folder entry) a journal file: *.yaml, not hidden, not a
 * temporary file of an atomic write. The one rule: every reader of ideas/
 * and day/, purge and merge take exactly these names. */
bool jfile_is_journal_name(const char *name);

/* The longest device name a change is made as: a walk-in's id
 * w-DEVICE-NNNNN-XXXX must fit an id (EVENT_MAX_ID_BYTES). */
#define JFILE_DEVICE_MAX 40
/* The latest time a record may carry, ms since the epoch: 9999-12-31
 * 23:59:59.999 UTC. A later one would print as a five-digit year. */
#define JFILE_MAX_TIME_MS 253402300799999LL
/* A device name as journal file names and records carry it: letters,
 * digits and '-', 1 to max bytes, a letter or digit first. What
 * ALCHEMY_DEVICE, --device and every new change's device must be. */
bool jfile_device_name_ok(const char *s, size_t max);
/* The same but for the first character: what a record already written
 * may carry (a '-' first was accepted once), so it is still read. */
bool jfile_device_name_recorded(const char *s, size_t max);

/* A folder entry named like a journal: true when it is a regular file (not
 * followed through a link), with *st filled. Anything else is said in
 * warnings (when not NULL) and passed over, so one stray entry cannot stop
 * every command; false too when it is gone. */
bool jfile_entry_is_file(const char *path, struct stat *st, struct diag_list *warnings);

/* Says in warnings when a journals' folder (ideas/, day/) is a symbolic
 * link: every journal is then read and written through it, and O_NOFOLLOW
 * guards only the file's own name. Nothing when it is a real folder. */
void jfile_warn_linked_folder(const char *dir, struct diag_list *warnings);

/* Opens the journal for appending (creating it when `create`), never
 * through a symlink, and takes its lock. Returns the fd, or -1 with d
 * saying why (with !create, a missing file is -1 and no diagnostic). */
int jfile_lock(const char *path, bool create, struct diag_list *d);
/* Under the lock: appends `lines` (whole lines, each ending in '\n') with
 * one write, the header first when the file is empty, a newline first when
 * its last record was cut short; then fsync. On failure the file is cut
 * back to what it was and d says the records were NOT saved. */
bool jfile_append_locked(int fd, const char *path, const char *header, const char *lines, size_t len,
			 struct diag_list *d);
/* Lock, append, unlock. */
bool jfile_append(const char *path, const char *header, const char *lines, size_t len, struct diag_list *d);
/* Releases the lock taken by jfile_lock. */
void jfile_unlock(int fd);

/* Calls fn for each whole line from byte `from` on (comments and blank
 * lines included; fn decides). A last line without its newline is left
 * out: *end (if not NULL) is the offset after the last whole line, and
 * *torn says whether such a line was there. *lineno counts the lines
 * before `from` and is advanced. Returns false (d says why) when the file
 * cannot be read. */
typedef void (*jfile_line_fn)(void *ctx, const char *path, int lineno, const char *line, size_t len);
bool jfile_read_lines(const char *path, off_t from, int *lineno, jfile_line_fn fn, void *ctx, off_t *end,
		      bool *torn, struct diag_list *warnings, struct diag_list *d);

/* A record's identity on its line, into key (NUL-terminated); false when
 * the line is not a record (a comment, a damaged line). */
typedef bool (*jfile_key_fn)(const char *line, size_t len, char *key, size_t size);
/* Adds to journal `to` each whole record of journal `from` it lacks (by
 * key), in one append under to's lock: merging twice adds nothing, and
 * nothing appended to `to` meanwhile is lost. A new `to` gets from's
 * comment lines too. *added counts the records added. */
bool jfile_merge_file(const char *from, const char *to, jfile_key_fn key, size_t *added, struct diag_list *d);

/* Rewrites a journal under its append lock: fn gets its text and puts the
 * new text in out (false: leave it); the new file replaces the old one
 * atomically, only when it differs (*changed). */
struct strbuf;
typedef bool (*jfile_rewrite_fn)(void *ctx, const char *path, const char *text, size_t len, struct strbuf *out);
bool jfile_rewrite(const char *path, jfile_rewrite_fn fn, void *ctx, bool *changed, struct diag_list *d);
/* jfile_rewrite on every journal in dir (jfile_is_journal_name); an entry
 * that is not a regular file (a FIFO, a folder, a link) is left alone, as
 * every reader leaves it, and said in warnings (may be NULL). A missing dir
 * has nothing to rewrite. *changed counts the files rewritten. Stops at the
 * first failure. */
bool jfile_rewrite_dir(const char *dir, jfile_rewrite_fn fn, void *ctx, size_t *changed, struct diag_list *warnings,
		       struct diag_list *d);

#endif
