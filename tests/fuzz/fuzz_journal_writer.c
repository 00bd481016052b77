/* Fuzz target: the capture journal WRITER. The input is an idea's text,
 * owner, author and stage separated by NUL bytes (the first byte also
 * picks the kind). Whatever journal_append accepts must read back exactly,
 * with no warning; whatever it refuses must leave nothing behind. Any
 * other outcome aborts, so libFuzzer keeps the input. */
#include "fuzz_input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "event.h"
#include "journal.h"

static const char event_text[] =
	"event: {name: Fuzz}\n"
	"stages: [{id: s1, title: One}, {id: s2, title: Two}]\n"
	"themes: [{id: t, title: T}]\n"
	"roster: [{id: a, name: A, organisation: O, role: coop}]\n"
	"tables: {count: 3, capacity: 4}\n";

static bool same(const char *written, const char *read)
{
	return !strcmp(written ? written : "", read ? read : "");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct event ev;
	static bool loaded;
	static char journal[200];
	if (!loaded) {
		setenv("ALCHEMY_DEVICE", "fuzz", 1);
		const char *path = fuzz_input_file("event.yaml", (const uint8_t *)event_text, sizeof(event_text) - 1);
		struct diag_list d;
		diag_list_init(&d);
		loaded = path && event_load(&ev, path, &d);
		diag_list_free(&d);
		if (!loaded)
			abort();   /* the fixed event must load */
		snprintf(journal, sizeof(journal), "%s/ideas/table-01.fuzz.yaml", fuzz_input_dir());
	}
	unlink(journal);
	/* text \0 owner \0 author \0 stage: each a C string, as the CLI and TUI pass them. */
	char *copy = malloc(size + 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	const char *field[4] = { NULL, NULL, NULL, NULL };
	size_t at = 0;
	for (int k = 0; k < 4 && at <= size; k++) {
		field[k] = copy + at;
		at += strlen(copy + at) + 1;
	}
	struct journal_change c = {
		.op = "add", .table = "1", .text = field[0] && *field[0] ? field[0] : "x",
		.owner = field[1], .author = field[2] && *field[2] ? field[2] : "table 1", .stage = field[3],
		.kind = size ? (enum idea_kind)(data[0] % IDEA_KINDS) : IDEA, .key = size > 1 && (data[1] & 1),
	};
	struct diag_list d, warnings;
	diag_list_init(&d);
	diag_list_init(&warnings);
	char *id = NULL;
	bool added = journal_append(&ev, &c, &id, &d);
	struct ideas got;
	bool read = journal_read(&ev, &got, &warnings, &d);
	if (!read)
		abort();
	if (added) {
		/* Kept exactly: one idea, every field as written, and no warning. */
		if (got.count != 1 || warnings.count || strcmp(got.items[0].id, id) || !same(c.text, got.items[0].text) ||
		    !same(c.owner, got.items[0].owner) || !same(c.author, got.items[0].author) ||
		    !same(c.stage, got.items[0].stage) || got.items[0].kind != c.kind || got.items[0].key != c.key)
			abort();
	} else if (got.count || warnings.count) {
		abort();   /* refused, yet something was left behind */
	}
	ideas_free(&got);
	free(id);
	diag_list_free(&d);
	diag_list_free(&warnings);
	free(copy);
	return 0;
}
