/* Reading spreadsheet exports with libcsv: UTF-8 with or without a BOM, or
 * Windows-1252 or UTF-16/32 with a byte order mark (converted, and said so), comma or semicolon separated,
 * quoted fields with newlines and quotes, CRLF. Rows keep their number as
 * the spreadsheet shows it (the header is row 1). */
#ifndef ALCHEMY_CSVREAD_H
#define ALCHEMY_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct csv_row {
	char **cells;
	size_t count;
	int number;             /* spreadsheet row number */
};

struct csv_table {
	struct csv_row *rows;   /* rows[0] is the header */
	size_t count;
	char separator;
	bool converted;         /* was not UTF-8, now is */
	const char *encoding;   /* what it was: "Windows-1252", "UTF-16LE"... */
};

bool csv_read_file(const char *path, struct csv_table *t, struct diag_list *d);
void csv_table_free(struct csv_table *t);

#endif
