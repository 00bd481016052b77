/* Fuzz target: the day journal (records, torn lines, replay, conflicts,
 * walk-ins, the log's descriptions) over a small event with a plan. */
#include "fuzz_input.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "dayops.h"

static const char event_text[] =
	"event: {name: Fuzz}\n"
	"themes:\n  - {id: a, title: A}\n  - {id: b, title: B}\n"
	"stages:\n  - {id: s1, title: One, minutes: 10}\n  - {id: s2, title: Two}\n"
	"roster:\n"
	"  - {id: d1, name: Ann, organisation: O1, role: commissioner}\n"
	"  - {id: d2, name: Bo, organisation: O1, role: investor}\n"
	"  - {id: d3, name: Cy, organisation: O2, role: coop}\n"
	"tables: {count: 2, capacity: 3}\n";
static const char plan_text[] =
	"rounds:\n  - round: 1\n    tables:\n"
	"      - {table: 1, theme: a, delegates: [d1, d2]}\n"
	"      - {table: 2, theme: b, delegates: [d3]}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_input_dir();
	if (!dir)
		return 0;
	char day[160];
	snprintf(day, sizeof(day), "%s/day", dir);
	mkdir(day, 0700);
	const char *event = fuzz_input_file("event.yaml", (const uint8_t *)event_text, strlen(event_text));
	if (!event)
		return 0;
	char event_path[200];
	snprintf(event_path, sizeof(event_path), "%s", event);
	if (!fuzz_input_file("allocation.yaml", (const uint8_t *)plan_text, strlen(plan_text)) ||
	    !fuzz_input_file("day/fuzz.yaml", data, size))
		return 0;
	struct diag_list d;
	diag_list_init(&d);
	struct day dy;
	if (day_open(&dy, event_path, 0, &d)) {
		char line[512];
		for (size_t k = 0; k < dy.records_count; k++)
			day_record_describe(&dy, &dy.records[k], line, sizeof(line));
		day_undo_target(&dy, "fuzz", false);
		day_undo_target(&dy, "fuzz", true);
		size_t counts[ATT_STATES];
		day_attendance_counts(&dy, counts);
		day_close(&dy);
	}
	diag_list_free(&d);
	return 0;
}
