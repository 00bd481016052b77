/* The command line's side of progress (core/progress.h): a line on a
 * terminal and Ctrl-C as "stop". Usage:
 *     struct cli_progress line;
 *     cli_progress_begin(&line);
 *     ok = long_computation(..., &line.core, ...);
 *     if (cli_progress_end(&line))       // Ctrl-C held back from here
 *         return cli_stopped();          // wrote nothing
 *     write, print what was written;
 *     cli_progress_done();               // main() does it after every command
 */
#ifndef ALCHEMY_CLI_PROGRESS_H
#define ALCHEMY_CLI_PROGRESS_H

#include <signal.h>
#include <stdbool.h>

#include "progress.h"

/* 128 + SIGINT, as shells report a command ended by Ctrl-C. */
#define CLI_EXIT_INTERRUPTED 130

struct cli_progress {
	struct progress core;   /* what to pass to the core */
	double start, last;
	bool terminal, shown, hooked;
	struct sigaction old;
};

/* Starts the clock and makes Ctrl-C ask for a stop. */
void cli_progress_begin(struct cli_progress *p);
/* Erases the line; true when Ctrl-C was pressed. Until then a second
 * Ctrl-C ends the process at once (130, nothing written); from here on
 * Ctrl-C is blocked, so what the command then writes is written whole,
 * renamed and reported before any Ctrl-C can end it. */
bool cli_progress_end(struct cli_progress *p);
/* Lets Ctrl-C through again, dropping one pressed while held (too late to
 * stop a write); flushes stdout and stderr first. Idempotent. */
void cli_progress_done(void);
/* Ctrl-C pressed since cli_progress_begin? Check before writing. */
bool cli_interrupted(void);
/* Says the command stopped and wrote nothing; returns CLI_EXIT_INTERRUPTED. */
int cli_stopped(void);
/* Monotonic seconds, for "took" figures. */
double cli_seconds(void);

#endif
