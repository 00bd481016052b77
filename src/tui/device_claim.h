/* Two screens of one machine that write as one device share one undo:
 * each takes back the other's changes. The first screen on an event as a
 * device holds a lock for its life; a later one finds it held. */
#ifndef ALCHEMY_DEVICE_CLAIM_H
#define ALCHEMY_DEVICE_CLAIM_H

#include <stdbool.h>

/* True when another screen of this user on this machine holds event_path
 * as device; else this one holds it from now on (until it exits). Any
 * failure to tell (no such file can be made) is false: nothing to say. */
bool device_claimed_elsewhere(const char *event_path, const char *device);

#endif
