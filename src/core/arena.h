/* A bump allocator: everything one loaded event owns is freed in one call,
 * so the loader has no per-object free paths to get wrong on errors. */
#ifndef ALCHEMY_ARENA_H
#define ALCHEMY_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used_bytes;   /* bytes handed out, for the memory benchmark */
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
/* Zeroed memory, aligned for any type; NULL only when malloc fails. */
void *arena_alloc(struct arena *a, size_t size);
/* Array of n elements of size each, overflow-checked. */
void *arena_array(struct arena *a, size_t n, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);

#endif
