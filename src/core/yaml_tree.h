/* A YAML file read into a small tree of positioned nodes with libyaml's
 * event API. Everything an event file must never contain is refused here,
 * each with a position: invalid UTF-8, aliases, deep nesting, oversized
 * files and scalars, several documents. The schema checks come later. */
#ifndef ALCHEMY_YAML_TREE_H
#define ALCHEMY_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

#define YAML_MAX_FILE_BYTES   (64u * 1024 * 1024)
#define YAML_MAX_SCALAR_BYTES (64u * 1024)
/* Our deepest legitimate path is root map > list > item map > list. */
#define YAML_MAX_DEPTH 8

enum ynode_kind { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };

/* Kept small: a 10,000-delegate roster is some 150,000 nodes, and memory
 * touched is most of the loading time. */
struct ynode {
	const char *value;      /* scalars: NUL-terminated text */
	struct ynode *first;    /* children; a mapping's alternate key, value */
	struct ynode *next;
	int line, col;          /* 1-based */
	unsigned len;           /* scalars: bytes in value */
	unsigned count;         /* sequences: items; mappings: key/value pairs */
	unsigned char kind;     /* enum ynode_kind */
	bool plain;             /* an unquoted scalar (only these can be null/numbers) */
	unsigned char tag;      /* enum ynode_tag: a core tag the scalar was given */
};

/* A scalar's core-schema tag: !!int "12" is the number 12, !!float 12 is
 * no whole number. */
enum ynode_tag { YTAG_NONE, YTAG_STR, YTAG_INT, YTAG_FLOAT, YTAG_BOOL, YTAG_NULL };

struct ydoc {
	const char *path;       /* as given, for messages */
	struct ynode *root;     /* NULL for an empty file */
	struct arena arena;
};

/* Where a file was named, so a missing file is reported at the reference. */
struct yref {
	const char *file;
	int line, col;
};

/* Hands over the items of one long list one at a time instead of keeping
 * them: the list that is the whole file, or the value of `key` in the
 * top-level mapping. Each item's nodes are freed once the callback returns,
 * so a 10,000-delegate roster never exists as a tree. The list node stays,
 * with its count but no children. */
struct ystream {
	const char *key;
	void (*item)(void *ctx, const struct ynode *item, size_t index);
	void *ctx;
	size_t streamed;        /* items handed over */
};

/* Reads and parses path. Returns true when the file was parsed (root may be
 * NULL for an empty file); false with diagnostics otherwise. stream may be
 * NULL. Always call ydoc_free afterwards. */
bool ydoc_load_file(struct ydoc *doc, const char *path, const struct yref *ref,
		    struct ystream *stream, struct diag_list *d);
/* The same for text already in memory (tests, fuzzing). */
bool ydoc_load_buffer(struct ydoc *doc, const char *path, const char *data,
		      size_t size, struct ystream *stream, struct diag_list *d);
/* The same with values of up to max_scalar bytes (journal records, whose
 * text may be as long as an idea may be). */
bool ydoc_load_long_values(struct ydoc *doc, const char *path, const char *data, size_t size,
			   size_t max_scalar, struct diag_list *d);
void ydoc_free(struct ydoc *doc);

bool ynode_is_null(const struct ynode *n);
/* A mapping's value under a scalar key, or NULL. */
const struct ynode *ynode_map_get(const struct ynode *map, const char *key);
const char *ynode_kind_name(const struct ynode *n);

/* Offset into text -> 1-based line and column counted in characters, with
 * CRLF as one line break and a leading byte-order mark not counted. */
void text_position(const char *text, size_t size, size_t offset, int *line, int *col);

#endif
