/* A roster as YAML from the event model: what purge leaves and what a
 * snapshot of the day hands over (walk-ins included, no-shows marked). */
#ifndef ALCHEMY_ROSTER_WRITE_H
#define ALCHEMY_ROSTER_WRITE_H

#include <stdbool.h>

#include "event.h"
#include "strbuf.h"

/* "delegates:" and one flow mapping a line. Without `personal`, names
 * become the id and e-mails are left out. `present: false` for everyone
 * not present. */
void roster_to_yaml(const struct event *ev, bool personal, struct strbuf *out);

#endif
