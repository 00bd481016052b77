/* The positioned YAML tree: positions, refusals, and what counts as null. */
#include <string.h>

#include "tap.h"
#include "yaml_tree.h"

static bool load(struct ydoc *doc, const char *text, struct diag_list *d)
{
	diag_list_init(d);
	return ydoc_load_buffer(doc, "t.yaml", text, strlen(text), d);
}

int main(void)
{
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
	ok(!list->last->plain, "a quoted scalar is not");
	ydoc_free(&doc);
	diag_list_free(&d);

	ok(load(&doc, "\xEF\xBB\xBFk: v\r\nm: w\r\n", &d), "a BOM and CRLF line endings load");
	is_str(doc.root->first->value, "k", "the BOM is not part of the first key");
	is_int(doc.root->first->col, 1, "and the first key is at column 1");
	is_int(doc.root->last->line, 2, "CRLF counts as one line break");
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
	ok(ynode_is_null(doc.root->last), "an empty value is null");
	ydoc_free(&doc);
	diag_list_free(&d);

	int line, col;
	text_position("ab\ncd\r\nef", 9, 8, &line, &col);
	ok(line == 3 && col == 2, "text_position counts lines with LF and CRLF");
	text_position("\xC3\xA9\xC3\xA9x", 5, 4, &line, &col);
	ok(line == 1 && col == 3, "text_position counts characters, not bytes");
	return tap_done();
}
