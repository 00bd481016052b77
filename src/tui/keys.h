/* Key bindings: one table mapping keys to actions. */
#ifndef ALCHEMY_KEYS_H
#define ALCHEMY_KEYS_H

#include <stddef.h>

#include "actions.h"

struct key_binding {
	int key;                /* a curses key code or a character */
	enum action action;
};

extern const struct key_binding key_bindings[];
extern const size_t key_bindings_count;

enum action key_action(int key);
/* A readable name for a key: "q", "Up", "PgDn", "F1", "^L". */
const char *key_label(int key, char *buf, size_t size);
/* All keys bound to an action, comma separated, e.g. "k, Up". */
void action_keys(enum action a, char *buf, size_t size);

#endif
