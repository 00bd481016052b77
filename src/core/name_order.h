/* The order of a list people scan for their own name (the board's "find
 * your table"): A to Z by family name. A roster holds one name field, so
 * the family name is its last word ("Ann Lee" -> "Lee"); a name of one
 * word (王芳) is its own family name. */
#ifndef ALCHEMY_NAME_ORDER_H
#define ALCHEMY_NAME_ORDER_H

#include <stdbool.h>
#include <stddef.h>

#include "event.h"

/* The family name's first byte, inside name. */
const char *family_name(const char *name);
/* "Lee, Ann": the family name first, as lists sorted by it show a name. */
void family_first(const char *name, char *buf, size_t size);
/* Indexes of the delegates with keep[i], by family name, then the whole
 * name, then id (malloc'd; NULL when memory runs out). */
int *delegates_by_family_name(const struct event *ev, const bool *keep, size_t *count);

#endif
