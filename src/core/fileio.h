/* Writing files so that nothing is ever half-written: the whole content goes
 * to a temporary file beside the target, is fsync'd, then renamed over it,
 * and the folder is fsync'd so the rename itself survives a power cut.
 * Reading files so that nothing hangs: inputs are opened without blocking
 * and must be regular files, their size checked before they are read. */
#ifndef ALCHEMY_FILEIO_H
#define ALCHEMY_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "diag.h"

/* On failure the previous file is intact, the temporary file is removed and
 * d says why (DIAG_CANTCREAT when it cannot be created, DIAG_IO otherwise).
 * A symbolic link is written through to its target; a FIFO, device or
 * folder is refused, never replaced, and so is a file we may not write
 * (or our own without u+w: read-only). A replaced file keeps its mode (and
 * owner where allowed); a new one gets new_mode less the umask. Temporary
 * files of ours left by a killed writer are removed on the way. */
bool atomic_write_file_mode(const char *path, const char *data, size_t len, mode_t new_mode,
			    struct diag_list *d);
/* New files 0666 less the umask. */
bool atomic_write_file(const char *path, const char *data, size_t len, struct diag_list *d);
/* New files 0600: rosters and journals hold personal data. */
bool atomic_write_private(const char *path, const char *data, size_t len, struct diag_list *d);

/* A file a command reads, for output_not_an_input: its path and what it is
 * ("this event's roster"). */
struct input_ref {
	const char *path;
	const char *what;
};
/* Refuses (DIAG_CANTCREAT) writing to out when it is one of the files
 * (same device and inode, so "../x/./roster.yaml" is caught too, and a
 * symbolic link to one; or, not there yet, the same name in the same
 * folder: day.yaml of an event made since the journal is read if it
 * appears) or would be a file inside one of the folders (every file there
 * is read as a journal), or when out is empty. */
bool output_not_an_input(const char *out, const struct input_ref *files, size_t files_count,
			 const struct input_ref *folders, size_t folders_count, struct diag_list *d);
/* Do a and b name one file: the same one where both exist, else the same
 * name in the same folder (through any spelling of it: "sub/..", a link)? */
bool same_place(const char *a, const char *b);
/* The path of the file named name in path's folder ("day/x.yaml",
 * ".alchemy.lock" -> "day/.alchemy.lock"); malloc'd, NULL without memory. */
char *path_beside(const char *path, const char *name);

/* "UTF-16" or "UTF-32" when the text starts with that byte order mark
 * (a file saved as "Unicode" by Windows tools); NULL otherwise. */
const char *unicode_bom_name(const char *data, size_t size);

/* "a folder", "a FIFO (named pipe)", "a device"... for messages. */
const char *file_kind_name(mode_t mode);
/* How a file name is shown before a message: an empty one as '' (every
 * message names its FILE). */
const char *input_name_shown(const char *path);
/* Opens an input for reading without blocking on a FIFO, and refuses all
 * but a regular file. Returns the (blocking) descriptor with *st filled, or
 * -1 with why ("it is a FIFO (named pipe), not a file", or strerror). */
int open_input(const char *path, struct stat *st, char *why, size_t why_size);
/* The same, never through a symbolic link (journals): one is refused as
 * "it is a symbolic link, not a file". */
int open_input_nofollow(const char *path, struct stat *st, char *why, size_t why_size);
/* A whole regular file of at most max bytes, NUL-terminated (malloc'd; *len
 * without the NUL); NULL with the reason in d. */
char *read_input(const char *path, size_t max, size_t *len, struct diag_list *d);
/* An open stream read to its end (standard input). read_stream_max stops
 * once more than max bytes came: then *len > max says it was cut. */
char *read_stream(FILE *f, size_t *len);
char *read_stream_max(FILE *f, size_t max, size_t *len);

#endif
