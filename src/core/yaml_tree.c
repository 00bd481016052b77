#include "yaml_tree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "fileio.h"
#include "text.h"

void text_position(const char *text, size_t size, size_t offset, int *line, int *col)
{
	int l = 1, c = 1;
	size_t i = 0;
	if (size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i < offset && i < size; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == '\n') {
			l++;
			c = 1;
		} else if (ch == '\r') {
			if (i + 1 < size && text[i + 1] == '\n')
				continue; /* counted with the \n */
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* libyaml would stop at the first bad byte with a bare offset; we say where
 * it is, and what probably happened. */
static bool check_utf8(const char *path, const char *data, size_t size, struct diag_list *d)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0;
	while (i < size) {
		/* Most text is ASCII: skip it eight bytes at a time. */
		uint64_t chunk;
		if (i + 8 <= size && (memcpy(&chunk, s + i, 8), (chunk & 0x8080808080808080ull) == 0)) {
			i += 8;
			continue;
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = text_utf8_length(s + i, size - i);
		if (n == 0) {
			int line, col;
			text_position(data, size, i, &line, &col);
			diag_add(d, DIAG_DATA, path, line, col,
				 "invalid UTF-8 (byte 0x%02X); save the file as UTF-8 "
				 "(it may be Windows-1252 or Latin-1)", s[i]);
			return false;
		}
		i += n;
	}
	return true;
}

/* A raw NEL (U+0085), line separator (U+2028) or paragraph separator
 * (U+2029) is a line break to libyaml (YAML 1.1): in a comment it ended the
 * comment, in a value it split it, and every line after was numbered one
 * more than an editor shows. Said where it is, by name. Files alchemy
 * writes escape them ("\u2028"); journals are read record by record, where
 * such a record is skipped and said, so this is for the files people edit. */
static bool check_line_separators(const char *path, const char *data, size_t size, struct diag_list *d)
{
	static const struct { const char *bytes, *name; } separators[] = {
		{ "\xC2\x85", "a next-line character (U+0085)" },
		{ "\xE2\x80\xA8", "a line separator (U+2028)" },
		{ "\xE2\x80\xA9", "a paragraph separator (U+2029)" },
	};
	for (size_t i = 0; i + 1 < size; i++) {
		if ((unsigned char)data[i] != 0xC2 && (unsigned char)data[i] != 0xE2)
			continue;
		for (size_t k = 0; k < sizeof(separators) / sizeof(separators[0]); k++) {
			size_t n = strlen(separators[k].bytes);
			if (i + n <= size && !memcmp(data + i, separators[k].bytes, n)) {
				int line, col;
				text_position(data, size, i, &line, &col);
				diag_add(d, DIAG_DATA, path, line, col,
					 "%s, which YAML reads as a line break (so the lines after it are counted "
					 "wrong); replace it with a space or a real line break",
					 separators[k].name);
				return false;
			}
		}
	}
	return true;
}

struct builder {
	struct ydoc *doc;
	struct diag_list *d;
	struct ynode *stack[YAML_MAX_DEPTH + 1];
	struct ynode *last_child[YAML_MAX_DEPTH + 1];   /* for appending in O(1) */
	int depth;
	bool failed;
	struct ystream *stream;
	int stream_depth;           /* depth of the streamed list's items, 0: none */
	const struct ynode *root_key;   /* the last key seen in a top-level mapping */
	struct arena_mark item_mark;
	size_t max_scalar;          /* bytes */
};

/* Every key our formats know: a key scalar equal to one of these points at
 * the static copy instead of taking memory (half of all scalars are keys). */
#define WORD(w) { w, sizeof(w) - 1 }
static const struct known_word {
	const char *text;
	size_t len;
} known_words[] = {
	WORD("id"), WORD("name"), WORD("organisation"), WORD("role"), WORD("preferences"),
	WORD("table"), WORD("avoid"), WORD("present"), WORD("email"), WORD("needs"),
	WORD("host"), WORD("title"), WORD("area"), WORD("prompt"), WORD("theme"),
	WORD("capacity"), WORD("provides"), WORD("count"), WORD("label"), WORD("minutes"),
	WORD("event"), WORD("date"), WORD("venue"), WORD("roles"), WORD("stages"),
	WORD("themes"), WORD("roster"), WORD("tables"), WORD("delegates"), WORD("true"),
	WORD("false"),
};
#undef WORD

static const char *intern(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof(known_words) / sizeof(known_words[0]); i++)
		if (known_words[i].len == len && memcmp(known_words[i].text, s, len) == 0)
			return known_words[i].text;
	return NULL;
}

static struct ynode *new_node(struct builder *b, enum ynode_kind kind, yaml_mark_t mark)
{
	struct ynode *n = arena_alloc(&b->doc->arena, sizeof(*n));
	if (!n)
		return NULL;
	n->kind = kind;
	n->tag = YTAG_NONE;
	n->line = (int)mark.line + 1;
	n->col = (int)mark.column + 1;
	return n;
}

static void attach(struct builder *b, struct ynode *n)
{
	if (b->depth == 0) {
		b->doc->root = n;
		return;
	}
	struct ynode *parent = b->stack[b->depth - 1];
	if (b->depth == b->stream_depth) {
		parent->count++;   /* an item of the streamed list: counted, not linked */
		return;
	}
	if (b->depth == 1 && parent->kind == YNODE_MAP && parent->count % 2 == 0)
		b->root_key = n;
	struct ynode **last = &b->last_child[b->depth - 1];
	if (*last)
		(*last)->next = n;
	else
		parent->first = n;
	*last = n;
	parent->count++;
}


/* Before a node is made: at the start of a streamed item, remember where
 * its memory begins. */
static void item_starts(struct builder *b)
{
	if (b->stream_depth && b->depth == b->stream_depth)
		b->item_mark = arena_mark(&b->doc->arena);
}

/* After a node is complete: if it was a streamed item, hand it over and
 * free it. */
static void item_ends(struct builder *b, const struct ynode *n)
{
	if (!b->stream_depth || b->depth != b->stream_depth)
		return;
	if (!b->failed)
		b->stream->item(b->stream->ctx, n, b->stream->streamed);
	b->stream->streamed++;
	arena_rewind(&b->doc->arena, b->item_mark);
}

/* Is the sequence about to open the one to stream? */
static bool stream_this_sequence(const struct builder *b)
{
	if (!b->stream || b->stream_depth)
		return false;
	if (b->depth == 0)
		return true;
	const struct ynode *parent = b->stack[0];
	return b->depth == 1 && parent->kind == YNODE_MAP && parent->count % 2 == 1 &&
	       b->root_key && b->root_key->kind == YNODE_SCALAR &&
	       strcmp(b->root_key->value, b->stream->key) == 0;
}

static void report_parser_error(struct builder *b, yaml_parser_t *p, const char *data, size_t size)
{
	int line, col;
	if (p->error == YAML_READER_ERROR) {
		text_position(data, size, p->problem_offset, &line, &col);
		/* libyaml gives the character it refused: named, as an escaped
		 * one is ("contains a control character (U+001B)"). */
		char which[24] = "";
		if (p->problem_value >= 0 && p->problem && strstr(p->problem, "control characters"))
			snprintf(which, sizeof(which), " (here U+%04X)", (unsigned)p->problem_value);
		diag_add(b->d, DIAG_DATA, b->doc->path, line, col,
			 "%s%s; remove the character or save the file as plain UTF-8 text",
			 p->problem ? p->problem : "unreadable character", which);
		return;
	}
	if (p->error == YAML_MEMORY_ERROR) {
		diag_add(b->d, DIAG_IO, b->doc->path, 0, 0, "out of memory while parsing");
		return;
	}
	line = (int)p->problem_mark.line + 1;
	col = (int)p->problem_mark.column + 1;
	size_t at = p->problem_mark.index;
	/* problem_mark.index counts characters (CRLF as two); find the byte
	 * there to see whether it is a tab. */
	const unsigned char *s = (const unsigned char *)data;
	size_t byte = 0;
	for (size_t chars = 0; byte < size && chars < at; byte++)
		if ((s[byte] & 0xC0) != 0x80)
			chars++;
	while (byte < size && (s[byte] & 0xC0) == 0x80)
		byte++;
	if (byte < size && s[byte] == '\t') {
		diag_add(b->d, DIAG_DATA, b->doc->path, line, col,
			 "tab character; YAML indents with spaces only: replace the tab with spaces");
		return;
	}
	const char *problem = p->problem ? p->problem : "syntax error";
	if (p->context)
		diag_add(b->d, DIAG_DATA, b->doc->path, line, col,
			 "YAML syntax error: %s %s (line %d); check the indentation and quoting here and on the line above",
			 problem, p->context, (int)p->context_mark.line + 1);
	else
		diag_add(b->d, DIAG_DATA, b->doc->path, line, col,
			 "YAML syntax error: %s; check the indentation and quoting here and on the line above",
			 problem);
}

static void fail(struct builder *b, yaml_mark_t mark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(struct builder *b, yaml_mark_t mark, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_addv(b->d, DIAG_DATA, b->doc->path, (int)mark.line + 1, (int)mark.column + 1, fmt, ap);
	va_end(ap);
	b->failed = true;
}

/* Only the core schema's tags: others (!!binary, !!python/object, local
 * "!" tags) would ask for a type we do not make, and were ignored. */
static bool core_tag(const unsigned char *tag)
{
	static const char *const core[] = { "str", "int", "float", "bool", "null", "seq", "map" };
	static const char prefix[] = "tag:yaml.org,2002:";
	if (!tag)
		return true;
	if (strncmp((const char *)tag, prefix, sizeof(prefix) - 1))
		return false;
	for (size_t i = 0; i < sizeof(core) / sizeof(core[0]); i++)
		if (!strcmp((const char *)tag + sizeof(prefix) - 1, core[i]))
			return true;
	return false;
}

static unsigned char scalar_tag(const unsigned char *tag)
{
	static const char *const names[] = { NULL, "str", "int", "float", "bool", "null" };
	if (!tag || strncmp((const char *)tag, "tag:yaml.org,2002:", 18))
		return YTAG_NONE;
	for (unsigned char i = 1; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp((const char *)tag + 18, names[i]))
			return i;
	return YTAG_NONE;
}

static void refuse_tag(struct builder *b, yaml_mark_t mark, const unsigned char *tag)
{
	const char *t = (const char *)tag;
	const char *shown = !strncmp(t, "tag:yaml.org,2002:", 18) ? t + 18 : t;
	fail(b, mark, "the YAML tag '%s%s' is not one event files use; remove it (values are plain text, numbers, true/false, lists and mappings)",
	     shown == t ? "" : "!!", shown);
}

static bool build(struct builder *b, const char *data, size_t size)
{
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		diag_add(b->d, DIAG_IO, b->doc->path, 0, 0, "out of memory");
		return false;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, size);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	int documents = 0;
	bool done = false;
	while (!done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			report_parser_error(b, &parser, data, size);
			b->failed = true;
			break;
		}
		struct ynode *n = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1) {
				fail(b, ev.start_mark,
				     "a second YAML document ('---'); an event file holds one document: remove the line or split the file");
				done = true;
			}
			break;
		case YAML_ALIAS_EVENT:
			fail(b, ev.start_mark,
			     "alias '*%s' is not allowed; write the value out in full",
			     (const char *)ev.data.alias.anchor);
			item_starts(b);
			if ((n = new_node(b, YNODE_SCALAR, ev.start_mark))) {
				n->value = "";
				n->plain = true;
				attach(b, n);
				item_ends(b, n);
			}
			break;
		case YAML_SCALAR_EVENT:
			if (ev.data.scalar.length > b->max_scalar) {
				fail(b, ev.start_mark, "value of %zu bytes; the limit is %zu KiB: shorten it",
				     ev.data.scalar.length, b->max_scalar / 1024);
			}
			/* A "\0" escape would cut the value short where C reads it:
			 * "d005\0evil" passed as d005. */
			if (memchr(ev.data.scalar.value, '\0', ev.data.scalar.length))
				fail(b, ev.start_mark, "a NUL character (\\0) in a value; remove it");
			if (!core_tag(ev.data.scalar.tag))
				refuse_tag(b, ev.start_mark, ev.data.scalar.tag);
			item_starts(b);
			n = new_node(b, YNODE_SCALAR, ev.start_mark);
			if (n && !(n->value = intern((const char *)ev.data.scalar.value, ev.data.scalar.length)))
				n->value = arena_strndup_packed(&b->doc->arena, (const char *)ev.data.scalar.value,
								ev.data.scalar.length);
			if (!n || !n->value) {
				fail(b, ev.start_mark, "out of memory");
				done = true;
				break;
			}
			n->len = (unsigned)ev.data.scalar.length;
			/* "!!str false" is the text false, as quotes would make it;
			 * !!int "12" is a number, as the tag says. */
			n->tag = scalar_tag(ev.data.scalar.tag);
			n->plain = n->tag == YTAG_STR ? false
				   : n->tag != YTAG_NONE || ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			attach(b, n);
			item_ends(b, n);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (b->depth >= YAML_MAX_DEPTH) {
				/* Stop here: libyaml's work per token grows with nesting,
				 * so reading on to the end would be quadratic. */
				fail(b, ev.start_mark,
				     "nesting deeper than %d levels; event files need at most 4: check the indentation",
				     YAML_MAX_DEPTH);
				done = true;
				break;
			}
			{
				const unsigned char *tag = ev.type == YAML_SEQUENCE_START_EVENT ? ev.data.sequence_start.tag
												 : ev.data.mapping_start.tag;
				if (!core_tag(tag))
					refuse_tag(b, ev.start_mark, tag);
			}
			item_starts(b);
			bool stream_it = ev.type == YAML_SEQUENCE_START_EVENT && stream_this_sequence(b);
			n = new_node(b, ev.type == YAML_SEQUENCE_START_EVENT ? YNODE_SEQ : YNODE_MAP,
				     ev.start_mark);
			if (!n) {
				fail(b, ev.start_mark, "out of memory");
				done = true;
				break;
			}
			attach(b, n);
			b->last_child[b->depth] = NULL;
			b->stack[b->depth++] = n;
			if (stream_it)
				b->stream_depth = b->depth;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (b->depth > 0) {
				struct ynode *done_node = b->stack[--b->depth];
				if (done_node->kind == YNODE_MAP)
					done_node->count /= 2;   /* children were keys and values */
				if (b->depth + 1 == b->stream_depth)
					b->stream_depth = 0;   /* the streamed list itself ended */
				else
					item_ends(b, done_node);
			}
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return !b->failed;
}

static bool load_buffer(struct ydoc *doc, const char *path, const char *data, size_t size,
			struct ystream *stream, size_t max_scalar, struct diag_list *d)
{
	memset(doc, 0, sizeof(*doc));
	doc->path = path;
	arena_init(&doc->arena);
	if (size > YAML_MAX_FILE_BYTES) {
		diag_add(d, DIAG_DATA, path, 0, 0,
			 "file of %zu MiB; the limit is %u MiB (200,000 delegates, the most an event holds, take some 26 MiB): check this is the right file, or remove unused data",
			 size / (1024 * 1024), YAML_MAX_FILE_BYTES / (1024 * 1024));
		return false;
	}
	const char *bom = unicode_bom_name(data, size);
	if (bom) {
		diag_add(d, DIAG_DATA, path, 1, 1, "the file is %s (it starts with a %s byte order mark); save it as UTF-8",
			 bom, bom);
		return false;
	}
	if (!check_utf8(path, data, size, d))
		return false;
	/* libyaml skips a BOM only when it detects the encoding itself; we fix
	 * UTF-8, so drop the BOM here (positions then start after it, as editors count). */
	if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		size -= 3;
	}
	struct builder b = { .doc = doc, .d = d, .stream = stream, .max_scalar = max_scalar };
	return build(&b, data, size);
}

bool ydoc_load_buffer(struct ydoc *doc, const char *path, const char *data,
		      size_t size, struct ystream *stream, struct diag_list *d)
{
	return load_buffer(doc, path, data, size, stream, YAML_MAX_SCALAR_BYTES, d);
}

bool ydoc_load_long_values(struct ydoc *doc, const char *path, const char *data, size_t size,
			   size_t max_scalar, struct diag_list *d)
{
	return load_buffer(doc, path, data, size, NULL, max_scalar, d);
}

static void report_open_error(const char *path, const struct yref *ref, const char *why,
			      struct diag_list *d)
{
	if (ref)
		diag_add(d, DIAG_NOINPUT, ref->file, ref->line, ref->col,
			 "cannot open '%s': %s; check the path, which is relative to this file", path, why);
	else
		diag_add(d, DIAG_NOINPUT, input_name_shown(path), 0, 0, "cannot open: %s", why);
}

bool ydoc_load_file(struct ydoc *doc, const char *path, const struct yref *ref,
		    struct ystream *stream, struct diag_list *d)
{
	memset(doc, 0, sizeof(*doc));
	doc->path = path;
	arena_init(&doc->arena);
	struct stat st;
	char why[256];
	int fd = open_input(path, &st, why, sizeof(why));
	if (fd < 0) {
		report_open_error(path, ref, why, d);
		return false;
	}
	if ((uintmax_t)st.st_size > YAML_MAX_FILE_BYTES) {
		close(fd);
		diag_add(d, DIAG_DATA, path, 0, 0,
			 "file of %jd MiB; the limit is %u MiB (200,000 delegates, the most an event holds, take some 26 MiB): check this is the right file, or remove unused data",
			 (intmax_t)st.st_size / (1024 * 1024), YAML_MAX_FILE_BYTES / (1024 * 1024));
		return false;
	}
	size_t cap = (size_t)st.st_size + 1, size = 0;
	char *data = malloc(cap);
	if (!data) {
		close(fd);
		diag_add(d, DIAG_IO, path, 0, 0, "out of memory reading the file");
		return false;
	}
	for (;;) {
		if (size == cap) {
			/* The file grew while we read it; keep within the limit. */
			if (cap > YAML_MAX_FILE_BYTES) {
				free(data);
				close(fd);
				diag_add(d, DIAG_DATA, path, 0, 0, "file grew past the %u MiB limit while being read",
					 YAML_MAX_FILE_BYTES / (1024 * 1024));
				return false;
			}
			char *bigger = realloc(data, cap * 2);
			if (!bigger) {
				free(data);
				close(fd);
				diag_add(d, DIAG_IO, path, 0, 0, "out of memory reading the file");
				return false;
			}
			data = bigger;
			cap *= 2;
		}
		ssize_t got = read(fd, data + size, cap - size);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			int err = errno;
			free(data);
			close(fd);
			diag_add(d, DIAG_IO, path, 0, 0, "read error: %s", strerror(err));
			return false;
		}
		if (got == 0)
			break;
		size += (size_t)got;
	}
	close(fd);
	bool ok = check_line_separators(path, data, size, d) && ydoc_load_buffer(doc, path, data, size, stream, d);
	free(data);
	return ok;
}

void ydoc_free(struct ydoc *doc)
{
	arena_free(&doc->arena);
	doc->root = NULL;
}

const struct ynode *ynode_map_get(const struct ynode *map, const char *key)
{
	for (const struct ynode *k = map->first; k && k->next; k = k->next->next)
		if (k->kind == YNODE_SCALAR && !strcmp(k->value, key))
			return k->next;
	return NULL;
}

bool ynode_is_null(const struct ynode *n)
{
	if (!n)
		return true;
	if (n->kind != YNODE_SCALAR || !n->plain)
		return false;
	return n->len == 0 || strcmp(n->value, "~") == 0 || strcmp(n->value, "null") == 0 ||
	       strcmp(n->value, "Null") == 0 || strcmp(n->value, "NULL") == 0;
}

const char *ynode_kind_name(const struct ynode *n)
{
	if (!n || ynode_is_null(n))
		return "nothing";
	switch (n->kind) {
	case YNODE_SCALAR:
		return "a value";
	case YNODE_SEQ:
		return "a list";
	case YNODE_MAP:
		return "a mapping";
	}
	return "?";
}
