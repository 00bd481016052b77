/* Writing files so that nothing is ever half-written: the whole content goes
 * to a temporary file beside the target, is fsync'd, then renamed over it,
 * and the folder is fsync'd so the rename itself survives a power cut. */
#ifndef ALCHEMY_FILEIO_H
#define ALCHEMY_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"

/* On failure the previous file is intact, the temporary file is removed and
 * d says why (DIAG_CANTCREAT when it cannot be created, DIAG_IO otherwise). */
bool atomic_write_file(const char *path, const char *data, size_t len, struct diag_list *d);

/* A whole file, NUL-terminated (malloc'd; *len without the NUL); NULL if
 * it cannot be read. */
char *read_file(const char *path, size_t *len);
/* The same for an open stream, read to its end (standard input). */
char *read_stream(FILE *f, size_t *len);

#endif
