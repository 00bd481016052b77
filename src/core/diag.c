#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

void diag_list_init(struct diag_list *d)
{
	memset(d, 0, sizeof(*d));
}

void diag_list_free(struct diag_list *d)
{
	for (size_t i = 0; i < d->count; i++) {
		free(d->items[i].file);
		free(d->items[i].message);
	}
	free(d->items);
	memset(d, 0, sizeof(*d));
}

/* A message is one line: a value quoted in it that holds a line break or
 * another control character (a name typed over two lines) is escaped, so
 * FILE:LINE:COL: message never splits. */
static char *one_line(const char *s)
{
	size_t n = 0;
	for (const char *p = s; *p; p++)
		n += ((unsigned char)*p < 0x20 || *p == 0x7F) ? 4 : 1;
	char *out = malloc(n + 1), *o = out;
	if (!out)
		return NULL;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n')
			o += sprintf(o, "\\n");
		else if (c == '\r')
			o += sprintf(o, "\\r");
		else if (c == '\t')
			o += sprintf(o, "\\t");
		else if (c < 0x20 || c == 0x7F)
			o += sprintf(o, "\\x%02x", c);
		else
			*o++ = (char)c;
	}
	*o = '\0';
	return out;
}

void diag_addv(struct diag_list *d, enum diag_kind kind, const char *file,
	       int line, int col, const char *fmt, va_list ap)
{
	if (d->count >= DIAG_MAX) {
		d->dropped++;
		return;
	}
	if (d->count == d->capacity) {
		size_t cap = d->capacity ? d->capacity * 2 : 8;
		struct diag *items = realloc(d->items, cap * sizeof(*items));
		if (!items) {
			d->dropped++;
			return;
		}
		d->items = items;
		d->capacity = cap;
	}
	char buf[1024];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	struct diag *g = &d->items[d->count];
	g->kind = kind;
	g->file = one_line(file ? file : "");
	g->message = one_line(buf);
	g->line = line;
	g->col = col;
	if (!g->file || !g->message) {
		free(g->file);
		free(g->message);
		d->dropped++;
		return;
	}
	d->count++;
}

void diag_add(struct diag_list *d, enum diag_kind kind, const char *file,
	      int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_addv(d, kind, file, line, col, fmt, ap);
	va_end(ap);
}

size_t diag_total(const struct diag_list *d)
{
	return d->count + d->dropped;
}

bool diag_full(const struct diag_list *d)
{
	return d->count >= DIAG_MAX;
}

int diag_exit_status(const struct diag_list *d)
{
	int status = 0;
	for (size_t i = 0; i < d->count; i++) {
		switch (d->items[i].kind) {
		case DIAG_NOINPUT:
			return EX_NOINPUT;
		case DIAG_IO:
			status = EX_IOERR;
			break;
		case DIAG_CANTCREAT:
			if (status != EX_IOERR)
				status = EX_CANTCREAT;
			break;
		case DIAG_DATA:
		case DIAG_REFUSED:
			if (!status)
				status = EX_DATAERR;
			break;
		}
	}
	if (!status && d->dropped)
		status = EX_DATAERR;
	return status;
}

void diag_format(const struct diag *g, char *buf, size_t size)
{
	if (g->kind == DIAG_REFUSED)
		snprintf(buf, size, "%s", g->message);   /* nothing wrong with any file */
	else if (g->line > 0)
		snprintf(buf, size, "%s:%d:%d: %s", g->file, g->line, g->col, g->message);
	else if (g->file[0])
		snprintf(buf, size, "%s: %s", g->file, g->message);
	else
		snprintf(buf, size, "%s", g->message);
}
