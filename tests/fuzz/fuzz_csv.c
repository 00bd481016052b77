/* Fuzz target: the spreadsheet importer (libcsv, iconv, header matching),
 * writing the roster it makes beside the input. */
#include "fuzz_input.h"

#include <stdio.h>

#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_input_file("roster.csv", data, size);
	if (!path)
		return 0;
	char out[160];
	snprintf(out, sizeof(out), "%s/roster.yaml", fuzz_input_dir());
	struct diag_list d;
	diag_list_init(&d);
	struct import_options o = { .skip_bad = size % 2 == 0 };
	struct import_result r;
	import_roster(path, out, &o, &r, &d);
	import_result_free(&r);
	diag_list_free(&d);
	return 0;
}
