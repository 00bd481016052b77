/* Fuzz target: the importer's round trip. The input is a CSV imported
 * beside an event (first import: no roster yet); whatever import writes,
 * alchemy check must accept, and importing the same sheet again must write
 * the same roster: the same ids, nothing added or removed. Any other
 * outcome aborts, so libFuzzer keeps the input. */
#include "fuzz_input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event.h"
#include "fileio.h"
#include "import.h"
#include "yaml_tree.h"

static const char event_text[] =
	"event: {name: Fuzz}\n"
	"themes: [{id: housing, title: Housing}, {id: health, title: Health and care}]\n"
	"roster: roster.yaml\n"
	"tables: {count: 3, capacity: 10000}\n";   /* seats for any sheet; few tables: fast */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_input_dir();
	if (!dir)
		return 0;
	char event[160], roster[160], csv[160];
	snprintf(event, sizeof(event), "%s/event.yaml", dir);
	snprintf(roster, sizeof(roster), "%s/roster.yaml", dir);
	if (!fuzz_input_file("event.yaml", (const uint8_t *)event_text, sizeof(event_text) - 1))
		return 0;
	const char *path = fuzz_input_file("roster.csv", data, size);
	if (!path)
		return 0;
	snprintf(csv, sizeof(csv), "%s", path);
	unlink(roster);
	struct import_options o = { .skip_bad = true };
	struct import_result r;
	struct diag_list d;
	diag_list_init(&d);
	bool ok = import_roster(csv, roster, &o, &r, &d);
	import_result_free(&r);
	diag_list_free(&d);
	if (!ok)
		return 0;
	/* What import wrote, check accepts. */
	struct event ev;
	diag_list_init(&d);
	if (!event_load(&ev, event, &d))
		abort();
	event_free(&ev);
	diag_list_free(&d);
	size_t len1 = 0, len2 = 0;
	struct diag_list rd;
	diag_list_init(&rd);
	char *first = read_input(roster, YAML_MAX_FILE_BYTES, &len1, &rd);
	/* The same sheet again: the same roster, every id kept. */
	diag_list_init(&d);
	ok = import_roster(csv, roster, &o, &r, &d);
	if (!ok || r.added || r.removed || r.changed)
		abort();
	import_result_free(&r);
	diag_list_free(&d);
	char *second = read_input(roster, YAML_MAX_FILE_BYTES, &len2, &rd);
	diag_list_free(&rd);
	if (!first || !second || len1 != len2 || memcmp(first, second, len1))
		abort();
	free(first);
	free(second);
	return 0;
}
