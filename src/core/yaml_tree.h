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

struct ynode {
	enum ynode_kind kind;
	int line, col;          /* 1-based */
	const char *value;      /* scalars: NUL-terminated text */
	size_t len;
	bool plain;             /* an unquoted scalar (only these can be null/numbers) */
	size_t count;           /* sequences: items; mappings: key/value pairs */
	struct ynode *first;    /* children; a mapping's alternate key, value */
	struct ynode *last;
	struct ynode *next;
};

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

/* Reads and parses path. Returns true when the file was parsed (root may be
 * NULL for an empty file); false with diagnostics otherwise. Always call
 * ydoc_free afterwards. */
bool ydoc_load_file(struct ydoc *doc, const char *path, const struct yref *ref,
		    struct diag_list *d);
/* The same for text already in memory (tests, fuzzing). */
bool ydoc_load_buffer(struct ydoc *doc, const char *path, const char *data,
		      size_t size, struct diag_list *d);
void ydoc_free(struct ydoc *doc);

bool ynode_is_null(const struct ynode *n);
const char *ynode_kind_name(const struct ynode *n);

/* Offset into text -> 1-based line and column counted in characters, with
 * CRLF as one line break and a leading byte-order mark not counted. */
void text_position(const char *text, size_t size, size_t offset, int *line, int *col);

#endif
