/* The progress line of long commands, and Ctrl-C. The core reports through
 * struct progress (progress.h); here that becomes one line on stderr, only
 * on a terminal, only once a run has taken a second, at most ten times a
 * second, erased at the end. Ctrl-C asks the core to stop: the command
 * then writes nothing and exits 130 (a second Ctrl-C ends it at once). */
#include "cli_progress.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
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
	interrupted = 0;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sa.sa_flags = SA_RESTART | SA_RESETHAND;   /* a second Ctrl-C: the default, at once */
	sigemptyset(&sa.sa_mask);
	p->hooked = sigaction(SIGINT, &sa, &p->old) == 0;
}

bool cli_progress_end(struct cli_progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = false;
	if (p->hooked)
		sigaction(SIGINT, &p->old, NULL);
	p->hooked = false;
	return interrupted;
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
