#include "escape.h"

#include <string.h>

#include "text.h"

void yaml_quoted(struct strbuf *out, const char *s)
{
	strbuf_puts(out, "\"");
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			strbuf_printf(out, "\\%c", c);
		else if (c == '\n')
			strbuf_puts(out, "\\n");
		else if (c == '\t')
			strbuf_puts(out, "\\t");
		else if (c < 0x20 || c == 0x7F)
			strbuf_printf(out, "\\x%02x", c);
		else if (text_c1_control_at(s)) {
			/* C1 controls: a YAML reader refuses them raw and reads U+0085
			 * raw as a line break (a space); escaped, they come back exact. */
			strbuf_printf(out, "\\u%04x", text_c1_control_at(s));
			s++;
		} else if (c == 0xE2 && (unsigned char)s[1] == 0x80 && ((unsigned char)s[2] == 0xA8 || (unsigned char)s[2] == 0xA9)) {
			strbuf_printf(out, "\\u%04x", 0x2000 + ((unsigned char)s[2] - 0x80));   /* LS, PS */
			s += 2;
		} else if (c == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF) {
			strbuf_puts(out, "\\ufeff");
			s += 2;
		} else if (c == 0xEF && (unsigned char)s[1] == 0xBF && ((unsigned char)s[2] == 0xBE || (unsigned char)s[2] == 0xBF)) {
			/* U+FFFE, U+FFFF: outside YAML's printable set, so a reader
			 * refuses them raw; escaped, they come back exact. */
			strbuf_printf(out, "\\u%04x", 0xFFC0 + ((unsigned char)s[2] - 0x80));
			s += 2;
		} else
			strbuf_add(out, s, 1);
	}
	strbuf_puts(out, "\"");
}

void html_escaped(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		bool separator;
		size_t skip = text_page_control(s, &separator);
		if (skip) {
			/* As the text print-outs show it: U+FFFD, or a space. */
			strbuf_puts(out, separator ? " " : "\xEF\xBF\xBD");
			s += skip - 1;
		} else if (*s == '<')
			strbuf_puts(out, "&lt;");
		else if (*s == '>')
			strbuf_puts(out, "&gt;");
		else if (*s == '&')
			strbuf_puts(out, "&amp;");
		else if (*s == '"')
			strbuf_puts(out, "&quot;");
		else
			strbuf_add(out, s, 1);
	}
}

void css_string(struct strbuf *out, const char *s)
{
	strbuf_puts(out, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		/* Quotes, backslashes and controls would end or bend the string;
		 * '<' and '>' could close the <style> it sits in. */
		bool separator;
		size_t skip = text_page_control(s, &separator);
		if (skip) {
			strbuf_puts(out, separator ? " " : "\\fffd ");   /* the page's footer, as its text */
			s += skip - 1;
		} else if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c == '<' || c == '>')
			strbuf_printf(out, "\\%x ", c);
		else
			strbuf_add(out, s, 1);
	}
	strbuf_puts(out, "\"");
}

void csv_cell(struct strbuf *out, const char *s, bool last)
{
	strbuf_puts(out, "\"");
	if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')
		strbuf_puts(out, "'");
	for (; *s; s++) {
		if (*s == '"')
			strbuf_puts(out, "\"\"");
		else
			strbuf_add(out, s, 1);
	}
	strbuf_puts(out, last ? "\"\r\n" : "\",");
}

/* lines: keep line feeds, tabs, form feeds and CRLF (a text); else every
 * control character is escaped (one value within a line). */
static void escaped_for_stream(struct strbuf *out, const char *s, size_t len, bool lines)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		size_t n = text_utf8_length(p, (size_t)(end - p));
		bool kept_control = lines && (*p == '\n' || *p == '\t' || *p == '\f' ||
					      (*p == '\r' && p + 1 < end && p[1] == '\n'));
		if (n == 1 && (*p >= 0x20 || kept_control) && *p != 0x7F) {
			strbuf_add(out, (const char *)p, 1);
		} else if (n == 2 && p[0] == 0xC2 && p[1] < 0xA0) {
			strbuf_printf(out, "\\u%04x", p[1]);   /* C1: CSI, OSC... in one character */
		} else if (n == 3 && p[0] == 0xE2 &&
			   ((p[1] == 0x80 && (p[2] >= 0xAA && p[2] <= 0xAE)) || (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9))) {
			/* Bidirectional embeddings, overrides and isolates: they would
			 * reorder the rest of the line on the terminal (Trojan Source). */
			strbuf_printf(out, "\\u%04x", ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F));
		} else if (n > 1) {
			strbuf_add(out, (const char *)p, n);
		} else {
			strbuf_printf(out, "\\x%02x", *p);
			n = 1;
		}
		p += n;
	}
}

void stream_escaped(struct strbuf *out, const char *s, size_t len)
{
	escaped_for_stream(out, s, len, true);
}

void stream_escaped_value(struct strbuf *out, const char *s, size_t len)
{
	escaped_for_stream(out, s, len, false);
}
