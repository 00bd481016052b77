/* Fuzz target: the capture journal reader (records, torn lines, replay). */
#include "fuzz_input.h"

#include <stdio.h>
#include <sys/stat.h>

#include "journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_input_dir();
	if (!dir)
		return 0;
	char ideas[160];
	snprintf(ideas, sizeof(ideas), "%s/ideas", dir);
	mkdir(ideas, 0700);
	if (!fuzz_input_file("ideas/table-01.fuzz.yaml", data, size))
		return 0;
	const char *dirs[] = { ideas };
	struct diag_list warnings, d;
	diag_list_init(&warnings);
	diag_list_init(&d);
	struct ideas out;
	if (journal_read_dirs(dirs, 1, &out, &warnings, &d))
		ideas_free(&out);
	diag_list_free(&warnings);
	diag_list_free(&d);
	return 0;
}
