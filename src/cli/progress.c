/* The progress line of long commands, and Ctrl-C. The core reports through
 * struct progress (progress.h); here that becomes one line on stderr, only
 * on a terminal, only once a run has taken a second, at most ten times a
 * second, erased at the end. Ctrl-C asks the core to stop: the command
 * then writes nothing and exits 130. A second Ctrl-C ends it at once (130,
 * nothing written) until cli_progress_end; from there Ctrl-C is held back
 * until cli_progress_done, so a write once begun is finished, renamed and
 * reported, and exit 130 always means nothing was written. */
#include "cli_progress.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted;
static volatile sig_atomic_t on_terminal;   /* stderr: a progress line may be there */
static bool holding;                        /* Ctrl-C blocked by cli_progress_end */
static sigset_t mask_before_hold;

static void on_interrupt(int sig)
{
	(void)sig;
	if (!interrupted) {
		interrupted = 1;
		return;
	}
	/* The second: no write has begun (cli_progress_end blocks Ctrl-C
	 * first), so end now; only async-signal-safe calls here. */
	static const char erase[] = "\r\033[K";
	static const char said[] = "alchemy: stopped (Ctrl-C twice): nothing written\n";
	if (on_terminal && write(STDERR_FILENO, erase, sizeof(erase) - 1) < 0) {
		/* nothing more to do about stderr */
	}
	if (write(STDERR_FILENO, said, sizeof(said) - 1) < 0) {
		/* likewise */
	}
	_exit(CLI_EXIT_INTERRUPTED);
}

double cli_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool show(void *ctx, const char *stage, double done)
{
	struct cli_progress *p = ctx;
	if (interrupted)
		return true;
	double now = cli_seconds();
	if (!p->terminal || now - p->start < 1.0 || now - p->last < 0.1)
		return false;
	p->last = now;
	if (done >= 0)
		fprintf(stderr, "\ralchemy: %s %3d%%  %.1f s\033[K", stage, (int)(done * 100), now - p->start);
	else
		fprintf(stderr, "\ralchemy: %s  %.1f s\033[K", stage, now - p->start);
	fflush(stderr);
	p->shown = true;
	return false;
}

void cli_progress_begin(struct cli_progress *p)
{
	memset(p, 0, sizeof(*p));
	p->core.report = show;
	p->core.ctx = p;
	p->start = cli_seconds();
	p->terminal = isatty(STDERR_FILENO);
	on_terminal = p->terminal;
	interrupted = 0;
	/* A Ctrl-C ignored when we started (a script's background job) stays
	 * ignored: the shell set it aside for the job to run on. */
	struct sigaction sa;
	if (sigaction(SIGINT, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	p->hooked = sigaction(SIGINT, &sa, &p->old) == 0;
}

bool cli_progress_end(struct cli_progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = false;
	if (!holding) {
		sigset_t intr;
		sigemptyset(&intr);
		sigaddset(&intr, SIGINT);
		holding = sigprocmask(SIG_BLOCK, &intr, &mask_before_hold) == 0;
	}
	if (p->hooked)
		sigaction(SIGINT, &p->old, NULL);
	p->hooked = false;
	return interrupted;
}

void cli_progress_done(void)
{
	if (!holding)
		return;
	fflush(stdout);
	fflush(stderr);
	/* A Ctrl-C pressed while held came too late to stop anything: it is
	 * dropped (ignoring a pending signal discards it), not delivered now. */
	struct sigaction ignore, before;
	memset(&ignore, 0, sizeof(ignore));
	ignore.sa_handler = SIG_IGN;
	sigemptyset(&ignore.sa_mask);
	bool ignored = sigaction(SIGINT, &ignore, &before) == 0;
	sigprocmask(SIG_SETMASK, &mask_before_hold, NULL);
	if (ignored)
		sigaction(SIGINT, &before, NULL);
	holding = false;
}

bool cli_interrupted(void)
{
	return interrupted;
}

int cli_stopped(void)
{
	fprintf(stderr, "alchemy: stopped (Ctrl-C): nothing written\n");
	return CLI_EXIT_INTERRUPTED;
}
