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
	int nul_row, nul_col;   /* the first cell holding a NUL byte */
	int stray_row, stray_col;       /* the first cell with text after its closing quote */
	size_t stray_open, stray_at;    /* its opening quote, that text (offsets) */
	bool failed;
};

static void end_field(void *data, size_t len, void *ctx)
{
	struct builder *b = ctx;
	if (data && memchr(data, '\0', len) && !b->nul_row) {
		b->nul_row = b->number + 1;
		b->nul_col = (int)b->row.count + 1;
	}
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
	/* A row of separators only (",,,,": Excel writes one for a row that
	 * once held something) holds no one, as a blank line does. */
	bool blank = true;
	for (size_t i = 0; i < b->row.count && blank; i++)
		blank = text_is_blank(b->row.cells[i]);
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

/* To UTF-8 with iconv (glibc knows Windows-1252, UTF-16 and UTF-32). */
static char *to_utf8(const char *from, const char *in, size_t n, size_t *out_len)
{
	iconv_t cd = iconv_open("UTF-8", from);
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

/* Where byte `at` of the sheet is, as its row and cell, both from 1, as
 * every other import message says it: rows as libcsv counts them (a blank
 * line is none; a cell over several lines is one row; CR alone ends a line,
 * as old Excel for the Mac writes), a quote opening a cell only at its
 * start (5" tall is text). */
static void csv_position(const char *text, size_t at, char separator, int *row, int *cell)
{
	bool quoted = false, cell_start = true, line_empty = true;
	int rows = 0;
	*cell = 1;
	for (size_t i = 0; i < at; i++) {
		char c = text[i];
		if (quoted) {
			if (c == '"' && text[i + 1] == '"')
				i++;
			else if (c == '"')
				quoted = false;
			continue;
		}
		if ((c == '\n' || c == '\r') && !(c == '\r' && text[i + 1] == '\n')) {
			rows += !line_empty;
			line_empty = cell_start = true;
			*cell = 1;
			continue;
		}
		if (c == '\r')
			continue;
		line_empty = false;
		if (c == separator) {
			(*cell)++;
			cell_start = true;
			continue;
		}
		if (c == '"' && cell_start)
			quoted = true;
		cell_start = false;
	}
	*row = rows + 1;
}

/* What says a sheet with a bad byte is UTF-8 after all, and where the
 * first sign is. Strong: a character of Latin-1 or Latin Extended-A (C2 to
 * C5 then a byte: "Â" or "Ã" then a symbol in Windows-1252, which no text
 * writes) or of general punctuation (E2: "â" then two symbols). Weak: any
 * other valid character of two bytes or more, which Windows-1252 text makes
 * by chance (é, no-break space, en dash: E9 A0 96; ß’: DF 92), so it counts
 * only when there are more of them than bad bytes, and at least 3. */
struct utf8_signs {
	size_t strong, weak, invalid, first;
};

static struct utf8_signs utf8_signs(const char *text, size_t len)
{
	struct utf8_signs g = { 0, 0, 0, len };
	size_t first_strong = len, first_weak = len;
	for (size_t i = 0; i < len;) {
		const unsigned char *c = (const unsigned char *)text + i;
		size_t n = text_utf8_length(c, len - i);
		bool strong = (n == 2 && c[0] >= 0xC2 && c[0] <= 0xC5) || (n == 3 && c[0] == 0xE2);
		g.strong += strong;
		g.weak += n > 1 && !strong;
		g.invalid += n == 0;
		if (strong && first_strong == len)
			first_strong = i;
		if (n > 1 && !strong && first_weak == len)
			first_weak = i;
		i += n ? n : 1;
	}
	g.first = first_strong < len ? first_strong : first_weak;   /* the sign the message points at */
	return g;
}

static bool looks_utf8(const struct utf8_signs *g, bool mark)
{
	return mark || g->strong > 0 || (g->weak >= 3 && g->weak >= g->invalid);
}

/* The first byte Windows-1252 leaves undefined (iconv refuses them). */
static size_t cp1252_undefined(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D)
			return i;
	}
	return len;
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

/* Reads text in runs between quotes, since only at a quote, or just after
 * a closing one, can a cell open or stray text start: text after a
 * closing quote ("O"Brien) makes libcsv take that quote as text and read on
 * inside the quotes, gluing rows together. The first such cell is kept in
 * b (stray_row 0: none). libcsv's states: 0 ROW_NOT_BEGUN, 1
 * FIELD_NOT_BEGUN, 2 FIELD_BEGUN, 3 FIELD_MIGHT_HAVE_ENDED (after a quote
 * in a quoted cell). CSV_STRICT would refuse stray text too, but also a 5"
 * in a cell. False when libcsv fails. */
static bool parse_watching_quotes(struct csv_parser *p, const char *text, size_t len, struct builder *b)
{
	size_t opened = 0;   /* the current quoted cell's opening quote */
	for (size_t i = 0; i < len;) {
		const char *q = p->pstate == 3 ? text + i : memchr(text + i, '"', len - i);
		size_t run = q ? (size_t)(q - (text + i)) : len - i;
		if (run) {
			if (csv_parse(p, text + i, run, end_field, end_row, b) != run)
				return false;
			i += run;
			continue;
		}
		int was = p->pstate;
		if (csv_parse(p, text + i, 1, end_field, end_row, b) != 1)
			return false;
		if (text[i] == '"' && was <= 1 && p->pstate == 2 && p->quoted) {
			opened = i;
		} else if (was == 3 && p->pstate == 2 && text[i] != '"' && !b->stray_row) {
			b->stray_row = b->number + 1;
			b->stray_col = (int)b->row.count + 1;
			b->stray_open = opened;
			b->stray_at = i;
		}
		i++;
	}
	return true;
}

/* Cut at most max bytes of s, at a character's start. */
static size_t cut_at_character(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

/* The cell where text follows a closing quote: what the quoted part was,
 * the stray text and where it is on its line, and the cell written so it
 * reads back (the whole of it quoted, its quotes doubled). */
static void say_stray(const char *path, const char *text, size_t len, char separator, const struct builder *b,
		      struct diag_list *d)
{
	size_t open = b->stray_open, at = b->stray_at, end = at;
	while (end < len && text[end] != separator && text[end] != '\n' && text[end] != '\r')
		end++;
	size_t quoted = cut_at_character(text + open, at - open, 40);
	size_t stray = cut_at_character(text + at, end - at, 40);
	char fix[200] = "";
	if (end - open <= 60) {
		/* A cell that also ends in a quote ("Café "Niña" Co") meant its
		 * first and last as the cell's own: only those inside double. */
		size_t from = open, to = end;
		if (to - from >= 2 && text[to - 1] == '"')
			from++, to--;
		size_t o = 0;
		fix[o++] = '"';
		for (size_t i = from; i < to; i++) {
			if (text[i] == '"')
				fix[o++] = '"';
			fix[o++] = text[i];
		}
		fix[o++] = '"';
		fix[o] = '\0';
	}
	size_t line_start = at, character = 1;
	while (line_start > 0 && text[line_start - 1] != '\n' && text[line_start - 1] != '\r')
		line_start--;
	for (size_t i = line_start; i < at; i++)
		character += ((unsigned char)text[i] & 0xC0) != 0x80;
	diag_add(d, DIAG_DATA, path, b->stray_row, b->stray_col,
		 "the quoted text %.*s%s closes, but '%.*s%s' follows its closing quote (character %zu of the line), "
		 "so the cell would not end there and the rows after it would be read into it: "
		 "to keep the quotes, put the whole cell in quotes and write each quote in it twice%s%s%s; or remove them",
		 (int)quoted, text + open, quoted < at - open ? "..." : "", (int)stray, text + at,
		 stray < end - at ? "..." : "", character, fix[0] ? " (" : "", fix, fix[0] ? ")" : "");
}

bool csv_read_file(const char *path, struct csv_table *t, struct diag_list *d)
{
	memset(t, 0, sizeof(*t));
	size_t len = 0;
	char *raw = read_input(path, CSV_MAX_BYTES, &len, d);
	if (!raw)
		return false;
	char *text = raw;
	bool utf8_mark = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3);
	if (utf8_mark) {
		text += 3;
		len -= 3;
	}
	/* A byte order mark says UTF-16 or UTF-32 (Excel's "Unicode text"):
	 * converted as it says, never guessed as Windows-1252. UTF-32 first:
	 * its little-endian mark starts like UTF-16's. */
	static const struct { const char *mark; size_t len; const char *name; } boms[] = {
		{ "\xFF\xFE\0\0", 4, "UTF-32LE" }, { "\0\0\xFE\xFF", 4, "UTF-32BE" },
		{ "\xFF\xFE", 2, "UTF-16LE" }, { "\xFE\xFF", 2, "UTF-16BE" },
	};
	const char *encoding = NULL;
	size_t mark = 0;
	for (size_t k = 0; k < sizeof(boms) / sizeof(boms[0]) && !encoding; k++)
		if (len >= boms[k].len && !memcmp(text, boms[k].mark, boms[k].len)) {
			encoding = boms[k].name;
			mark = boms[k].len;
		}
	size_t bad = encoding ? len : text_utf8_invalid(text, len);
	if (bad != len) {
		/* UTF-8 with a stray byte (a cell pasted from elsewhere): read
		 * as Windows-1252, every accented name would change (José as
		 * JosÃ©), and with it each one's id, seat and pins. */
		struct utf8_signs signs = utf8_signs(text, len);
		char separator = detect_separator(text, len);
		int row, cell;
		csv_position(text, bad, separator, &row, &cell);
		if (looks_utf8(&signs, utf8_mark)) {
			char why[96];
			int first_row, first_cell;
			csv_position(text, signs.first, separator, &first_row, &first_cell);
			if (utf8_mark)
				snprintf(why, sizeof(why), "it starts with UTF-8's byte order mark");
			else
				snprintf(why, sizeof(why), "it has characters only UTF-8 writes so, the first in row %d, cell %d",
					 first_row, first_cell);
			diag_add(d, DIAG_DATA, path, row, cell,
				 "byte 0x%02X in this cell is not UTF-8, yet the sheet looks like UTF-8 (%s); read as "
				 "Windows-1252 its names would change: correct this cell, or save the sheet again as CSV UTF-8",
				 (unsigned char)text[bad], why);
			free(raw);
			return false;
		}
		size_t undefined = cp1252_undefined(text, len);
		if (undefined != len) {
			csv_position(text, undefined, separator, &row, &cell);
			diag_add(d, DIAG_DATA, path, row, cell,
				 "byte 0x%02X in this cell is neither UTF-8 nor Windows-1252; save the sheet as CSV UTF-8",
				 (unsigned char)text[undefined]);
			free(raw);
			return false;
		}
		encoding = "WINDOWS-1252";
	}
	char *converted = NULL;
	if (encoding) {
		converted = to_utf8(encoding, text + mark, len - mark, &len);
		if (!converted) {
			if (mark)
				diag_add(d, DIAG_DATA, path, 0, 0,
					 "starts with a %.6s byte order mark but is not valid %s; save it as CSV UTF-8",
					 encoding, encoding);
			else
				diag_add(d, DIAG_DATA, path, 0, 0, "neither UTF-8 nor Windows-1252; save it as CSV UTF-8");
			free(raw);
			return false;
		}
		text = converted;
		t->converted = true;
		t->encoding = mark ? encoding : "Windows-1252";
	}
	t->separator = detect_separator(text, len);
	struct csv_parser p;
	struct builder b = { .t = t };
	bool ok = csv_init(&p, CSV_APPEND_NULL) == 0;
	bool refused = false;
	if (ok) {
		csv_set_delim(&p, (unsigned char)t->separator);
		/* libcsv grows a cell's buffer by blk_size (128 bytes) a step: a
		 * 2 MB cell was 16,000 reallocs, quadratic wherever realloc moves
		 * the block (ASan, valgrind). 64 KiB steps keep it linear. */
		csv_set_blk_size(&p, 64 * 1024);
		ok = parse_watching_quotes(&p, text, len, &b);
		/* A quote opened and never closed would swallow every row after
		 * it into one cell: refused, at the cell where it opened (libcsv's
		 * state 2, inside a quoted cell, at the end). */
		int open_row = b.number + 1, open_col = (int)b.row.count + 1;
		refused = ok && (b.stray_row || (p.quoted && p.pstate == 2));
		if (refused) {
			csv_free(&p);
			if (b.stray_row)
				say_stray(path, text, len, t->separator, &b, d);
			else
				diag_add(d, DIAG_DATA, path, open_row, open_col,
					 "a quote opens this cell and is never closed, so every line after it would be read into this cell: close it with a \" or remove it");
		} else {
			csv_fini(&p, end_field, end_row, &b);
			csv_free(&p);
		}
	}
	if (ok && !refused && !b.failed && b.nul_row) {
		diag_add(d, DIAG_DATA, path, b.nul_row, b.nul_col,
			 "a NUL byte in this cell; is this a spreadsheet saved as CSV? Save it again as CSV UTF-8");
		refused = true;
	}
	if ((!ok || b.failed) && !refused)
		diag_add(d, DIAG_DATA, path, 0, 0, "cannot read as CSV");
	if (!ok || b.failed || refused) {
		for (size_t i = 0; i < b.row.count; i++)
			free(b.row.cells[i]);
		free(b.row.cells);
		csv_table_free(t);
		ok = false;
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
