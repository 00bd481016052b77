/* The positioned YAML tree: positions, refusals, and what counts as null. */
#include <string.h>

#include "tap.h"
#include "yaml_tree.h"

static bool load(struct ydoc *doc, const char *text, struct diag_list *d)
{
	diag_list_init(d);
	return ydoc_load_buffer(doc, "t.yaml", text, strlen(text), NULL, d);
}

struct seen {
	size_t items;
	char ids[8][16];
	int lines[8];
};

static void remember_item(void *ctx, const struct ynode *item, size_t index)
{
	struct seen *s = ctx;
	s->items++;
	if (index < 8 && item->kind == YNODE_MAP && item->first && item->first->next) {
		snprintf(s->ids[index], sizeof(s->ids[index]), "%s", item->first->next->value);
		s->lines[index] = item->line;
	}
}

static void test_streaming(void)
{
	struct ydoc doc;
	struct diag_list d;
	struct seen seen = { 0 };
	struct ystream stream = { .key = "delegates", .item = remember_item, .ctx = &seen };
	const char *text = "other: [1, 2]\ndelegates:\n  - {id: a}\n  - {id: b}\n  - {id: c}\nafter: x\n";
	diag_list_init(&d);
	ok(ydoc_load_buffer(&doc, "s.yaml", text, strlen(text), &stream, &d), "a streamed roster loads");
	is_int(seen.items, 3, "each item of the named list is handed over");
	is_int(stream.streamed, 3, "and counted");
	ok(strcmp(seen.ids[0], "a") == 0 && strcmp(seen.ids[2], "c") == 0, "in order, whole");
	is_int(seen.lines[1], 4, "with positions");
	const struct ynode *list = doc.root->first->next->next->next;
	is_int(list->count, 3, "the list node keeps its count");
	ok(list->first == NULL, "but not the items");
	is_int(doc.root->first->next->count, 2, "other lists are built as usual");
	is_str(doc.root->first->next->next->next->next->value, "after", "keys after the list are kept");
	ydoc_free(&doc);
	diag_list_free(&d);

	struct seen bare = { 0 };
	struct ystream bare_stream = { .key = "delegates", .item = remember_item, .ctx = &bare };
	text = "- {id: x}\n- {id: y}\n";
	diag_list_init(&d);
	ok(ydoc_load_buffer(&doc, "s.yaml", text, strlen(text), &bare_stream, &d), "a bare list streams too");
	is_int(bare.items, 2, "both items");
	ydoc_free(&doc);
	diag_list_free(&d);

	struct arena a;
	arena_init(&a);
	char *keep = arena_strdup(&a, "kept");
	struct arena_mark m = arena_mark(&a);
	void *first_after = arena_alloc(&a, 100);
	for (int i = 0; i < 10000; i++)
		arena_alloc(&a, 100);
	arena_rewind(&a, m);
	is_int(a.used_bytes, m.used_bytes, "a rewind gives back what came after the mark");
	is_str(keep, "kept", "and keeps what came before");
	ok(arena_alloc(&a, 100) == first_after, "the next allocation reuses the same memory");
	arena_free(&a);
}

int main(void)
{
	test_streaming();

	struct ydoc doc;
	struct diag_list d;

	ok(load(&doc, "a: 1\nb:\n  - x\n  - 'y'\n", &d), "a simple document loads");
	const struct ynode *root = doc.root;
	is_int(root->kind, YNODE_MAP, "the root is a mapping");
	is_int(root->count, 2, "with two pairs");
	const struct ynode *b = root->first->next->next;
	is_str(b->value, "b", "keys keep their order");
	const struct ynode *list = b->next;
	is_int(list->kind, YNODE_SEQ, "b holds a list");
	is_int(list->first->line, 3, "items know their line");
	is_int(list->first->col, 5, "and their column, 1-based");
	ok(list->first->plain, "a bare scalar is plain");
	ok(!list->first->next->plain, "a quoted scalar is not");
	ydoc_free(&doc);
	diag_list_free(&d);

	ok(load(&doc, "\xEF\xBB\xBFk: v\r\nm: w\r\n", &d), "a BOM and CRLF line endings load");
	is_str(doc.root->first->value, "k", "the BOM is not part of the first key");
	is_int(doc.root->first->col, 1, "and the first key is at column 1");
	is_int(doc.root->first->next->next->line, 2, "CRLF counts as one line break");
	ydoc_free(&doc);
	diag_list_free(&d);

	ok(load(&doc, "# only a comment\n", &d), "a file of comments parses");
	ok(doc.root == NULL, "and has no root");
	ydoc_free(&doc);
	diag_list_free(&d);

	ok(!load(&doc, "a: &x [1]\nb: *x\n", &d), "an alias is refused");
	is_int(d.count, 1, "with one problem");
	is_int(d.items[0].line, 2, "at the alias's line");
	is_int(d.items[0].col, 4, "and column");
	ydoc_free(&doc);
	diag_list_free(&d);

	ok(!load(&doc, "a: [[[[[[[[[[1]]]]]]]]]]\n", &d), "nesting past the limit is refused");
	is_int(d.count, 1, "once, not once per level");
	ydoc_free(&doc);
	diag_list_free(&d);

	ok(!load(&doc, "a: 1\n\tb: 2\n", &d), "a tab in indentation is refused");
	ok(d.count && strstr(d.items[0].message, "tab character") != NULL, "and named as a tab");
	ydoc_free(&doc);
	diag_list_free(&d);

	ok(!load(&doc, "a: b\nc: \xC3\x28\n", &d), "invalid UTF-8 is refused");
	ok(d.count && d.items[0].line == 2 && d.items[0].col == 4, "at the bad byte's line and column");
	ydoc_free(&doc);
	diag_list_free(&d);

	ok(!load(&doc, "a: \xED\xA0\x80\n", &d), "an encoded surrogate is invalid UTF-8");
	ydoc_free(&doc);
	diag_list_free(&d);
	ok(!load(&doc, "a: \xE0\x80\x80\n", &d), "an overlong encoding is invalid UTF-8");
	ydoc_free(&doc);
	diag_list_free(&d);

	ok(load(&doc, "a: ~\nb: null\nc: 'null'\nd:\n", &d), "nulls parse");
	const struct ynode *n = doc.root->first;
	ok(ynode_is_null(n->next), "~ is null");
	ok(ynode_is_null(n->next->next->next), "plain null is null");
	ok(!ynode_is_null(n->next->next->next->next->next), "quoted 'null' is text");
	ok(ynode_is_null(n->next->next->next->next->next->next->next), "an empty value is null");
	ydoc_free(&doc);
	diag_list_free(&d);

	int line, col;
	text_position("ab\ncd\r\nef", 9, 8, &line, &col);
	ok(line == 3 && col == 2, "text_position counts lines with LF and CRLF");
	text_position("\xC3\xA9\xC3\xA9x", 5, 4, &line, &col);
	ok(line == 1 && col == 3, "text_position counts characters, not bytes");
	return tap_done();
}
