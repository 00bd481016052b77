/* Diagnostics as values: the core never prints. Each problem carries the
 * file, a 1-based line and column (0 when there is no position) and one line
 * of text that says what is wrong and what to do. The caller decides how to
 * show them: the CLI prints FILE:LINE:COL: message, the TUI a status line. */
#ifndef ALCHEMY_DIAG_H
#define ALCHEMY_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Enough to fix a file in one pass without flooding a terminal. */
#define DIAG_MAX 50

enum diag_kind {
	DIAG_DATA,      /* the content is wrong: sysexits EX_DATAERR (65) */
	DIAG_NOINPUT,   /* a file cannot be opened or read: EX_NOINPUT (66) */
	DIAG_IO,        /* reading or writing failed midway: EX_IOERR (74) */
	DIAG_CANTCREAT, /* an output file cannot be created: EX_CANTCREAT (73) */
	DIAG_REFUSED,   /* a rule of the day refuses the change (a full table, undo after
			 * another desk's change): EX_DATAERR (65), said without a file */
};

struct diag {
	enum diag_kind kind;
	char *file;
	int line, col;
	char *message;
};

struct diag_list {
	struct diag *items;
	size_t count, capacity;
	size_t dropped;   /* problems beyond DIAG_MAX, counted but not kept */
};

void diag_list_init(struct diag_list *d);
void diag_list_free(struct diag_list *d);
void diag_add(struct diag_list *d, enum diag_kind kind, const char *file,
	      int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void diag_addv(struct diag_list *d, enum diag_kind kind, const char *file,
	       int line, int col, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));
size_t diag_total(const struct diag_list *d);
/* True once DIAG_MAX problems are kept: further ones are only counted, so
 * callers can skip the work of composing them (suggestions, lists). */
bool diag_full(const struct diag_list *d);
/* The sysexits status that fits the worst problem: 66 beats 74 beats 65. */
int diag_exit_status(const struct diag_list *d);
/* "FILE:LINE:COL: message" (or "FILE: message" without a position) into buf. */
void diag_format(const struct diag *g, char *buf, size_t size);

#endif
