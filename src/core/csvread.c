#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "text.h"

#define CSV_MAX_BYTES (64u * 1024 * 1024)

struct builder {
	struct csv_table *t;
	struct csv_row row;
	size_t row_capacity, table_capacity;
	int number;
	bool failed;
};

static void end_field(void *data, size_t len, void *ctx)
{
	struct builder *b = ctx;
	if (b->row.count == b->row_capacity) {
		size_t cap = b->row_capacity ? b->row_capacity * 2 : 16;
		char **cells = realloc(b->row.cells, cap * sizeof(char *));
		if (!cells) {
			b->failed = true;
			return;
		}
		b->row.cells = cells;
		b->row_capacity = cap;
	}
	char *cell = malloc(len + 1);
	if (!cell) {
		b->failed = true;
		return;
	}
	memcpy(cell, data ? data : "", len);
	cell[len] = '\0';
	b->row.cells[b->row.count++] = cell;
}

static void end_row(int terminator, void *ctx)
{
	(void)terminator;
	struct builder *b = ctx;
	struct csv_table *t = b->t;
	b->number++;
	bool blank = b->row.count == 0 || (b->row.count == 1 && !b->row.cells[0][0]);
	if (blank) {
		for (size_t i = 0; i < b->row.count; i++)
			free(b->row.cells[i]);
		free(b->row.cells);
	} else {
		if (t->count == b->table_capacity) {
			size_t cap = b->table_capacity ? b->table_capacity * 2 : 64;
			struct csv_row *rows = realloc(t->rows, cap * sizeof(*rows));
			if (!rows) {
				b->failed = true;
				return;
			}
			t->rows = rows;
			b->table_capacity = cap;
		}
		b->row.number = b->number;
		t->rows[t->count++] = b->row;
	}
	memset(&b->row, 0, sizeof(b->row));
	b->row_capacity = 0;
}

/* Windows-1252 to UTF-8 with iconv (glibc knows it). */
static char *from_cp1252(const char *in, size_t n, size_t *out_len)
{
	iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = n * 3 + 1, left_out = cap - 1, left_in = n;
	char *out = malloc(cap), *dst = out;
	char *src = (char *)in;
	if (out && iconv(cd, &src, &left_in, &dst, &left_out) == (size_t)-1) {
		free(out);
		out = NULL;
	}
	iconv_close(cd);
	if (out) {
		*dst = '\0';
		*out_len = (size_t)(dst - out);
	}
	return out;
}

/* The separator: whichever of ',' ';' or tab the header line has most of,
 * outside quotes. */
static char detect_separator(const char *s, size_t n)
{
	size_t counts[3] = { 0, 0, 0 };
	bool quoted = false;
	for (size_t i = 0; i < n && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted)
			counts[0] += s[i] == ',', counts[1] += s[i] == ';', counts[2] += s[i] == '\t';
	}
	return counts[1] > counts[0] && counts[1] >= counts[2] ? ';' : counts[2] > counts[0] ? '\t' : ',';
}

bool csv_read_file(const char *path, struct csv_table *t, struct diag_list *d)
{
	memset(t, 0, sizeof(*t));
	size_t len = 0;
	char *raw = read_input(path, CSV_MAX_BYTES, &len, d);
	if (!raw)
		return false;
	char *text = raw;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		len -= 3;
	}
	char *converted = NULL;
	if (text_utf8_invalid(text, len) != len) {
		converted = from_cp1252(text, len, &len);
		if (!converted) {
			diag_add(d, DIAG_DATA, path, 0, 0, "neither UTF-8 nor Windows-1252; save it as CSV UTF-8");
			free(raw);
			return false;
		}
		text = converted;
		t->converted = true;
	}
	t->separator = detect_separator(text, len);
	struct csv_parser p;
	struct builder b = { .t = t };
	bool ok = csv_init(&p, CSV_APPEND_NULL) == 0;
	if (ok) {
		csv_set_delim(&p, (unsigned char)t->separator);
		ok = csv_parse(&p, text, len, end_field, end_row, &b) == len;
		csv_fini(&p, end_field, end_row, &b);
		csv_free(&p);
	}
	if (!ok || b.failed) {
		diag_add(d, DIAG_DATA, path, 0, 0, "cannot read as CSV");
		csv_table_free(t);
	}
	free(raw);
	free(converted);
	return ok && !b.failed;
}

void csv_table_free(struct csv_table *t)
{
	for (size_t r = 0; r < t->count; r++) {
		for (size_t c = 0; c < t->rows[r].count; c++)
			free(t->rows[r].cells[c]);
		free(t->rows[r].cells);
	}
	free(t->rows);
	memset(t, 0, sizeof(*t));
}
