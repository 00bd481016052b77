/* Writing other people's words safely into the formats alchemy produces:
 * YAML double-quoted strings, HTML text, CSV cells, and text for a terminal
 * or any text stream. One place for each, so every writer escapes the same
 * way. */
#ifndef ALCHEMY_ESCAPE_H
#define ALCHEMY_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/* "..." with \" \\ \n \t and \xNN for other control characters. */
void yaml_quoted(struct strbuf *out, const char *s);
/* &lt; &gt; &amp; &quot;; the whole text, never cut (labels wrap). */
void html_escaped(struct strbuf *out, const char *s);
/* A CSS string, quoted: safe inside a <style> element. */
void css_string(struct strbuf *out, const char *s);
/* One RFC 4180 cell, quoted; a cell a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR first) gets a leading '. last ends the row (CRLF). */
void csv_cell(struct strbuf *out, const char *s, bool last);
/* For a terminal or a text stream (standard output, error): control
 * characters become visible escapes (\x1b for ESC, \u009b for a C1 control)
 * and so do bytes that are not UTF-8, so nobody's text can retitle the
 * window, move the cursor or rewrite a line. Line feeds, tabs, form feeds
 * and CR before LF (CSV's line ends) are kept. Files keep the exact text:
 * this is for streams only. */
void stream_escaped(struct strbuf *out, const char *s, size_t len);
/* The same for one value within a line of a message (a name given on the
 * command line): a line feed, tab or CR is escaped too (\x0a), so the
 * message stays one line. */
void stream_escaped_value(struct strbuf *out, const char *s, size_t len);

#endif
