#include "schema.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "event.h"
#include "text.h"

void schema_error(struct schema_ctx *c, const struct ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_addv(c->d, DIAG_DATA, c->file, at ? at->line : 1, at ? at->col : 1, fmt, ap);
	va_end(ap);
}

void schema_error_at(struct schema_ctx *c, struct srcpos at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_addv(c->d, DIAG_DATA, c->file, at.line, at.col, fmt, ap);
	va_end(ap);
}

const char *schema_suggest(const char *word, const char *const *candidates, size_t n)
{
	size_t len = strlen(word);
	size_t limit = len < 4 ? 1 : len < 10 ? 2 : 3;
	const char *best = NULL;
	size_t best_distance = limit + 1;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(candidates[i], "?"))
			continue;   /* the loaders' stand-in for an id already said to be invalid */
		size_t dist = text_edit_distance(word, candidates[i], limit);
		if (dist < best_distance) {
			best_distance = dist;
			best = candidates[i];
		}
	}
	return best;
}

void schema_did_you_mean(char *buf, size_t size, const char *word,
			 const char *const *candidates, size_t n)
{
	const char *s = schema_suggest(word, candidates, n);
	if (s)
		snprintf(buf, size, " (did you mean '%s'?)", s);
	else if (size)
		buf[0] = '\0';
}

static void list_keys(char *buf, size_t size, const struct key_spec *specs, size_t n)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used + 1 < size; i++) {
		int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", specs[i].name);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

bool schema_map(struct schema_ctx *c, const struct ynode *map, const char *what,
		const struct key_spec *specs, size_t nspecs, const struct ynode **values)
{
	const struct ynode *keys[32];
	bool suggested[32];
	for (size_t i = 0; i < nspecs; i++) {
		values[i] = NULL;
		keys[i] = NULL;
		suggested[i] = false;
	}
	if (!map || map->kind != YNODE_MAP) {
		char names[512];
		list_keys(names, sizeof(names), specs, nspecs);
		schema_error(c, map, "%s should be a mapping with keys %s, not %s",
			     what, names, ynode_kind_name(map));
		return false;
	}
	for (const struct ynode *k = map->first; k && k->next; k = k->next->next) {
		const struct ynode *v = k->next;
		if (k->kind != YNODE_SCALAR) {
			schema_error(c, k, "a key in %s should be a word, not %s", what, ynode_kind_name(k));
			continue;
		}
		size_t i;
		for (i = 0; i < nspecs; i++)
			if (k->value[0] == specs[i].name[0] && strcmp(k->value, specs[i].name) == 0)
				break;
		if (i == nspecs && diag_full(c->d)) {
			schema_error(c, k, "unknown key");   /* only counted now */
			continue;
		}
		if (i == nspecs) {
			const char *names[32];
			for (size_t j = 0; j < nspecs; j++)
				names[j] = specs[j].name;
			char all[512];
			list_keys(all, sizeof(all), specs, nspecs);
			const char *close = schema_suggest(k->value, names, nspecs);
			if (close) {
				for (size_t j = 0; j < nspecs; j++)
					suggested[j] |= specs[j].name == close;
				schema_error(c, k, "unknown key '%s' in %s (did you mean '%s'?); known keys: %s",
					     k->value, what, close, all);
			} else {
				schema_error(c, k, "unknown key '%s' in %s; known keys: %s", k->value, what, all);
			}
			continue;
		}
		if (keys[i]) {
			if (keys[i]->line == k->line)   /* a one-line record: the column says where */
				schema_error(c, k, "duplicate key '%s' in %s (first at column %d); keep one of them",
					     k->value, what, keys[i]->col);
			else
				schema_error(c, k, "duplicate key '%s' in %s (first at line %d); keep one of them",
					     k->value, what, keys[i]->line);
			continue;
		}
		keys[i] = k;
		values[i] = ynode_is_null(v) ? NULL : v;
	}
	bool ok = true;
	for (size_t i = 0; i < nspecs; i++) {
		if (specs[i].required && !values[i]) {
			ok = false;
			if (suggested[i])
				continue;   /* the misspelt key was reported, with this name */
			if (keys[i])
				schema_error(c, keys[i]->next, "'%s' in %s is empty; give it a value",
					     specs[i].name, what);
			else
				schema_error(c, map, "%s is missing '%s'; add a line '%s: ...'",
					     what, specs[i].name, specs[i].name);
		}
	}
	return ok;
}

bool schema_seq(struct schema_ctx *c, const struct ynode *n, const char *what, size_t max)
{
	if (!n || n->kind != YNODE_SEQ) {
		schema_error(c, n, "%s should be a list ('- item' lines or [a, b]), not %s",
			     what, ynode_kind_name(n));
		return false;
	}
	if (n->count > max) {
		schema_error(c, n, "%s has %u items; the limit is %zu", what, n->count, max);
		return false;
	}
	return true;
}

static bool is_scalar(struct schema_ctx *c, const struct ynode *n, const char *key)
{
	if (n && n->kind == YNODE_SCALAR)
		return true;
	schema_error(c, n, "'%s' should be a single value, not %s", key, ynode_kind_name(n));
	return false;
}

/* The first control character in s, as a code point, or -1: C0 but tab
 * and line feed, DEL, and C1 (U+0080-U+009F, which a file can only hold
 * escaped, "\u009b": libyaml refuses them raw but for NEL, and one is the
 * terminal's CSI). */
static long first_control_char(const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch < 0x20 && ch != '\t' && ch != '\n') || ch == 0x7F)
			return ch;
		if (text_c1_control_at(s))
			return (long)text_c1_control_at(s);
	}
	return -1;
}

const char *schema_optional_text(struct schema_ctx *c, const struct ynode *n, const char *key)
{
	if (ynode_is_null(n))
		return NULL;
	if (!is_scalar(c, n, key))
		return NULL;
	long control = first_control_char(n->value);
	if (control >= 0) {
		schema_error(c, n, "'%s' contains a control character (U+%04lX); remove it", key, control);
		return NULL;
	}
	return n->value;
}

const char *schema_text(struct schema_ctx *c, const struct ynode *n, const char *key)
{
	const char *s = schema_optional_text(c, n, key);
	if (!s)
		return NULL;
	if (text_is_blank(s)) {
		schema_error(c, n, "'%s' is blank (spaces or invisible characters only); give it a value", key);
		return NULL;
	}
	/* Names and titles are one line (a line break inside filed a name
	 * under the wrong letter and split it on the desk list); one at the
	 * end, as a folded '>' value ends, is no break inside. */
	size_t end = strlen(s);
	while (end && s[end - 1] == '\n')
		end--;
	const char *inner = memchr(s, '\n', end);
	bool separator = false;
	size_t len;
	for (const char *p = s; *p && !separator; p++)
		separator = text_line_break_at(p, &len) != 0;   /* U+0085 was refused as a control already */
	if (inner || separator) {
		schema_error(c, n, "'%s' holds a line break%s; write it on one line", key,
			     inner ? "" : " (a line or paragraph separator)");
		return NULL;
	}
	return s;
}

const char *schema_id(struct schema_ctx *c, const struct ynode *n, const char *key)
{
	if (!is_scalar(c, n, key))
		return NULL;
	if (n->len == 0) {
		schema_error(c, n, "'%s' is empty; give it an id", key);
		return NULL;
	}
	if (n->len > EVENT_MAX_ID_BYTES) {
		schema_error(c, n, "'%s' is %u characters long; ids are at most %d",
			     key, n->len, EVENT_MAX_ID_BYTES);
		return NULL;
	}
	for (const char *p = n->value; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (!(ch >= 'a' && ch <= 'z') && !(ch >= 'A' && ch <= 'Z') &&
		    !(ch >= '0' && ch <= '9') && ch != '-' && ch != '_' && ch != '.') {
			schema_error(c, n, "'%s' value '%s' is not an id; use only letters, digits, '-', '_' and '.'",
				     key, n->value);
			return NULL;
		}
	}
	return n->value;
}

bool schema_int(struct schema_ctx *c, const struct ynode *n, const char *key,
		long min, long max, int *out)
{
	if (!is_scalar(c, n, key))
		return false;
	if (n->tag == YTAG_FLOAT || n->tag == YTAG_BOOL || n->tag == YTAG_NULL) {
		schema_error(c, n, "'%s' is tagged as %s; it should be a whole number (no tag needed)", key,
			     n->tag == YTAG_FLOAT ? "a decimal (!!float)" : n->tag == YTAG_BOOL ? "true/false (!!bool)"
										 : "empty (!!null)");
		return false;
	}
	errno = 0;
	char *end;
	long v = strtol(n->value, &end, 10);
	if (!n->plain || n->len == 0 || *end || end == n->value || errno == ERANGE ||
	    !((n->value[0] >= '0' && n->value[0] <= '9') || n->value[0] == '-' || n->value[0] == '+')) {
		schema_error(c, n, "'%s' should be a whole number, not '%s'", key, n->value);
		return false;
	}
	if (v < min || v > max) {
		schema_error(c, n, "'%s' is %ld; it must be between %ld and %ld", key, v, min, max);
		return false;
	}
	*out = (int)v;
	return true;
}

bool schema_bool(struct schema_ctx *c, const struct ynode *n, const char *key, bool *out)
{
	if (!is_scalar(c, n, key))
		return false;
	static const char *const yes[] = { "true", "yes", "on" };
	static const char *const no[] = { "false", "no", "off" };
	if (n->plain) {
		for (size_t i = 0; i < 3; i++) {
			if (strcasecmp(n->value, yes[i]) == 0) {
				*out = true;
				return true;
			}
			if (strcasecmp(n->value, no[i]) == 0) {
				*out = false;
				return true;
			}
		}
	}
	if (!n->plain)
		schema_error(c, n, "'%s' should be true or false, not the text '%s' (quoted, or tagged !!str): write it without quotes or tag",
			     key, n->value);
	else
		schema_error(c, n, "'%s' should be true or false, not '%s'", key, n->value);
	return false;
}
