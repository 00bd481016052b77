#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_SIZE (64 * 1024)
#define ARENA_ALIGN (sizeof(max_align_t))

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	max_align_t data[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->used_bytes = 0;
}

struct arena_mark arena_mark(const struct arena *a)
{
	struct arena_mark m = { a->head, a->head ? a->head->used : 0, a->used_bytes };
	return m;
}

void arena_rewind(struct arena *a, struct arena_mark m)
{
	while (a->head && a->head != m.head) {
		struct arena_block *next = a->head->next;
		free(a->head);
		a->head = next;
	}
	if (a->head)
		a->head->used = m.head_used;
	a->used_bytes = m.used_bytes;
}

void arena_free(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used_bytes = 0;
}

/* size bytes at the given alignment (at most ARENA_ALIGN), not zeroed. */
static void *arena_take(struct arena *a, size_t size, size_t align)
{
	struct arena_block *b = a->head;
	if (b) {
		size_t start = (b->used + align - 1) & ~(align - 1);
		if (start <= b->size && b->size - start >= size) {
			a->used_bytes += size;
			b->used = start + size;
			return (char *)b->data + start;
		}
	}
	size_t want = size > ARENA_BLOCK_SIZE / 4 ? size : ARENA_BLOCK_SIZE;
	struct arena_block *nb = malloc(sizeof(*nb) + want);
	if (!nb)
		return NULL;
	nb->size = want;
	nb->used = size;
	nb->next = b;   /* newest first, so a rewind frees from the head */
	a->head = nb;
	a->used_bytes += size;
	return nb->data;
}

void *arena_alloc(struct arena *a, size_t size)
{
	size = size ? (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1) : ARENA_ALIGN;
	void *p = arena_take(a, size, ARENA_ALIGN);
	if (p)
		memset(p, 0, size);
	return p;
}

void *arena_array(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return arena_alloc(a, n * size);
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

char *arena_strndup_packed(struct arena *a, const char *s, size_t len)
{
	char *p = arena_take(a, len + 1, 1);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}
