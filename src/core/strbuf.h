/* A growable text buffer, for building files before writing them whole. */
#ifndef ALCHEMY_STRBUF_H
#define ALCHEMY_STRBUF_H

#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *data;
	size_t len, capacity;
	bool failed;        /* an allocation failed: the content is incomplete */
};

void strbuf_init(struct strbuf *b);
void strbuf_free(struct strbuf *b);
void strbuf_add(struct strbuf *b, const char *s, size_t len);
void strbuf_puts(struct strbuf *b, const char *s);
void strbuf_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* One item of a list: sep before it unless b is still empty. */
void strbuf_list_printf(struct strbuf *b, const char *sep, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
