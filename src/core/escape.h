/* Writing other people's words safely into the formats alchemy produces:
 * YAML double-quoted strings, HTML text, CSV cells. One place for each, so
 * every writer escapes the same way. */
#ifndef ALCHEMY_ESCAPE_H
#define ALCHEMY_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/* "..." with \" \\ \n \t and \xNN for other control characters. */
void yaml_quoted(struct strbuf *out, const char *s);
/* &lt; &gt; &amp; &quot;; with max_chars > 0, cut after that many
 * characters with an ellipsis. */
void html_escaped(struct strbuf *out, const char *s, size_t max_chars);
/* One RFC 4180 cell, quoted; a cell a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR first) gets a leading '. last ends the row (CRLF). */
void csv_cell(struct strbuf *out, const char *s, bool last);

#endif
