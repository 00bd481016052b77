/* Escaping other people's words: for a terminal or stream (control
 * characters as visible escapes) and for Markdown (text on every line). */
#include <string.h>

#include "escape.h"
#include "report.h"
#include "tap.h"

static char out[1024];

static const char *stream(const char *s, size_t len)
{
	struct strbuf b;
	strbuf_init(&b);
	stream_escaped(&b, s, len);
	snprintf(out, sizeof(out), "%.*s", (int)b.len, b.data ? b.data : "");
	strbuf_free(&b);
	return out;
}

static const char *md(const char *s, bool inline_only)
{
	struct strbuf b;
	strbuf_init(&b);
	(inline_only ? md_escape_inline : md_escape)(&b, s);
	snprintf(out, sizeof(out), "%.*s", (int)b.len, b.data ? b.data : "");
	strbuf_free(&b);
	return out;
}

#define S(lit) stream(lit, sizeof(lit) - 1)

int main(void)
{
	is_str(S("title \033]0;pwned\007 end"), "title \\x1b]0;pwned\\x07 end", "ESC and BEL become \\x1b and \\x07");
	is_str(S("a\xC2\x9B" "2J"), "a\\u009b2J", "a C1 control (CSI in one character) becomes \\u009b");
	is_str(S("\xC2\xA0\xC3\xA9 \xE4\xBD\x90 \xF0\x9F\x8F\xA0"), "\xC2\xA0\xC3\xA9 \xE4\xBD\x90 \xF0\x9F\x8F\xA0",
	       "UTF-8 text (no-break space, accents, CJK, emoji) is kept");
	is_str(S("line\r\nnext\ttab\fpage\n"), "line\r\nnext\ttab\fpage\n", "LF, CRLF, tab and form feed are kept");
	is_str(S("over\rwrite"), "over\\x0dwrite", "a CR that could overwrite the line is escaped");
	is_str(S("del\x7f back\b"), "del\\x7f back\\x08", "DEL and backspace are escaped");
	is_str(S("bad \xff\xc0\x80 end"), "bad \\xff\\xc0\\x80 end", "bytes that are not UTF-8 are escaped one by one");
	is_str(S("nul\0inside"), "nul\\x00inside", "a NUL inside the length is escaped, not an end");

	is_str(md("# not a heading", false), "\\# not a heading", "a heading marker on the first line is escaped");
	is_str(md("1. one\n2) two", false), "1\\. one\\\n2\\) two", "numbered-list markers on every line");
	is_str(md("+ a\n- b\n* c", false), "\\+ a\\\n\\- b\\\n\\* c", "bullet markers on every line");
	is_str(md("    code\n\tcode", false), "code\\\ncode", "leading blanks (code blocks) are dropped");
	is_str(md("a\n\nb", false), "a\\\n\\\nb", "a blank line stays a line break inside the same paragraph");
	is_str(md("a\r\nb\rc", false), "a\\\nb\\\nc", "CRLF and CR are line breaks too");
	is_str(md("\n\n  text  \n\n", false), "text", "blank lines at either end are dropped");
	is_str(md("[x](y) <b> &amp; `c` _e_ |", false), "\\[x](y) \\<b> \\&amp; \\`c\\` \\_e\\_ \\|",
	       "inline markup is escaped, with one backslash where it starts");
	is_str(md("-1 for A&E, #tag, snake_case, x < 5, a > b, 1.5m", false), "-1 for A&E, #tag, snake_case, x < 5, a > b, 1.5m",
	       "text that is not markup has no backslash (the Markdown is a copy people edit)");
	is_str(md("a\\b c\\* \\", false), "a\\b c\\\\\\* \\\\", "a backslash only before punctuation or at a line's end");
	is_str(md("--\n==\n#### x\n####### y", false), "\\--\\\n\\==\\\n\\#### x\\\n####### y",
	       "rules, setext underlines and headings of up to six #");
	is_str(md("```\n~~~\n> q\n===", false), "\\`\\`\\`\\\n\\~~~\\\n\\> q\\\n\\===", "fences, quotes, underlines");
	is_str(md("ends \\", false), "ends \\\\", "a backslash is escaped");
	is_str(md("Title\nsecond", true), "Title second", "one-line places join lines with a space");
	return tap_done();
}
