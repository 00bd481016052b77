/* Progress of long computations, and a way to stop them. The core never
 * prints: a command passes a callback, which the core calls now and then
 * with the stage it is in and how far along it is (0 to 1; negative when
 * it cannot tell). The callback returns true to ask the core to stop: the
 * core then ends as soon as it safely can and returns failure, having
 * written nothing. A search that can stop with a usable result (an anytime
 * search) may instead end early with its best so far, and says so. */
#ifndef ALCHEMY_PROGRESS_H
#define ALCHEMY_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

struct progress {
	bool (*report)(void *ctx, const char *stage, double done);
	void *ctx;
};

/* Reports through p (which may be NULL); true when the caller asked to
 * stop. Cheap enough to call often: the callback throttles what it shows. */
static inline bool progress_report(const struct progress *p, const char *stage, double done)
{
	return p && p->report && p->report(p->ctx, stage, done);
}

#endif
