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

/* A point to go back to: everything allocated after it is released. */
struct arena_mark {
	struct arena_block *head;
	size_t head_used, used_bytes;
};

void arena_init(struct arena *a);
struct arena_mark arena_mark(const struct arena *a);
void arena_rewind(struct arena *a, struct arena_mark m);
void arena_free(struct arena *a);
/* Zeroed memory, aligned for any type; NULL only when malloc fails. */
void *arena_alloc(struct arena *a, size_t size);
/* Array of n elements of size each, overflow-checked. */
void *arena_array(struct arena *a, size_t n, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
/* The same without alignment padding, for the many short strings of a file. */
char *arena_strndup_packed(struct arena *a, const char *s, size_t len);

#endif
