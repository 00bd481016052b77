/* Checking a YAML tree against what a key should hold. Every check reports
 * at the offending node and says what to write instead. */
#ifndef ALCHEMY_SCHEMA_H
#define ALCHEMY_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "yaml_tree.h"

struct schema_ctx {
	const char *file;
	struct diag_list *d;
};

/* Where a node was, for reports made after its tree is gone. */
struct srcpos {
	int line, col;
};

static inline struct srcpos srcpos_of(const struct ynode *n)
{
	struct srcpos p = { n ? n->line : 1, n ? n->col : 1 };
	return p;
}

struct key_spec {
	const char *name;
	bool required;
};

void schema_error(struct schema_ctx *c, const struct ynode *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void schema_error_at(struct schema_ctx *c, struct srcpos at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Checks that map is a mapping whose keys are among specs, none twice, and
 * every required one present; values[i] receives spec i's value or NULL.
 * what names the mapping in messages ("delegate d00017", "the event"). */
bool schema_map(struct schema_ctx *c, const struct ynode *map, const char *what,
		const struct key_spec *specs, size_t nspecs, const struct ynode **values);
/* A list of at most max items; what names it ("delegates"). */
bool schema_seq(struct schema_ctx *c, const struct ynode *n, const char *what, size_t max);
/* A non-empty text value. */
const char *schema_text(struct schema_ctx *c, const struct ynode *n, const char *key);
/* A text value, or NULL without complaint when absent or null. */
const char *schema_optional_text(struct schema_ctx *c, const struct ynode *n, const char *key);
/* An identifier: letters, digits, '.', '_' and '-', at most EVENT_MAX_ID_BYTES. */
const char *schema_id(struct schema_ctx *c, const struct ynode *n, const char *key);
bool schema_int(struct schema_ctx *c, const struct ynode *n, const char *key,
		long min, long max, int *out);
bool schema_bool(struct schema_ctx *c, const struct ynode *n, const char *key, bool *out);
/* The closest of candidates to word, or NULL when none is close. */
const char *schema_suggest(const char *word, const char *const *candidates, size_t n);
/* Formats " (did you mean 'x'?)" or "" into buf. */
void schema_did_you_mean(char *buf, size_t size, const char *word,
			 const char *const *candidates, size_t n);

#endif
