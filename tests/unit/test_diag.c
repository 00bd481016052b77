/* Diagnostics: formatting, the cap, and the exit status they map to. */
#include <sysexits.h>

#include "diag.h"
#include "tap.h"

int main(void)
{
	struct diag_list d;
	char line[256];
	diag_list_init(&d);
	is_int(diag_exit_status(&d), 0, "no problems: status 0");
	diag_add(&d, DIAG_DATA, "roster.yaml", 12, 7, "unknown role '%s'", "x");
	diag_format(&d.items[0], line, sizeof(line));
	is_str(line, "roster.yaml:12:7: unknown role 'x'", "FILE:LINE:COL: message");
	is_int(diag_exit_status(&d), EX_DATAERR, "a data problem: 65");
	diag_add(&d, DIAG_NOINPUT, "missing.yaml", 0, 0, "cannot open");
	diag_format(&d.items[1], line, sizeof(line));
	is_str(line, "missing.yaml: cannot open", "no position: FILE: message");
	is_int(diag_exit_status(&d), EX_NOINPUT, "a missing file wins: 66");
	for (int i = 0; i < 100; i++)
		diag_add(&d, DIAG_DATA, "f", i + 1, 1, "problem %d", i);
	is_int(d.count, DIAG_MAX, "only DIAG_MAX problems are kept");
	is_int(diag_total(&d), 102, "but all are counted");
	diag_list_free(&d);

	diag_list_init(&d);
	diag_add(&d, DIAG_IO, "plan.yaml", 0, 0, "write failed");
	is_int(diag_exit_status(&d), EX_IOERR, "an I/O error: 74");
	diag_add(&d, DIAG_CANTCREAT, "plan.yaml", 0, 0, "cannot create");
	is_int(diag_exit_status(&d), EX_IOERR, "I/O error beats cannot-create");
	diag_list_free(&d);
	diag_list_init(&d);
	diag_add(&d, DIAG_CANTCREAT, "plan.yaml", 0, 0, "cannot create");
	is_int(diag_exit_status(&d), EX_CANTCREAT, "cannot create: 73");
	diag_list_free(&d);
	return tap_done();
}
