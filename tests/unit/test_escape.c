/* Escaping other people's words: for a terminal or stream (control
 * characters as visible escapes) and for Markdown (text on every line). */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "jfile.h"
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

/* One value within a line: nothing in it may start a new line. */
static const char *value(const char *s)
{
	struct strbuf b;
	strbuf_init(&b);
	stream_escaped_value(&b, s, strlen(s));
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

/* Escaped text as GitHub renders Markdown: cmark-gfm with every GFM
 * extension (links found in plain text, strikethrough, tables). */
static bool renders_as_text(const char *text)
{
	struct strbuf b;
	strbuf_init(&b);
	strbuf_puts(&b, "- ");
	md_escape(&b, text);
	strbuf_puts(&b, "\n");
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
	static const char *const ext[] = { "autolink", "strikethrough", "table", "tagfilter", "tasklist" };
	for (size_t k = 0; k < sizeof(ext) / sizeof(ext[0]); k++)
		cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension(ext[k]));
	cmark_parser_feed(p, b.data, b.len);
	cmark_node *doc = cmark_parser_finish(p);
	char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(p));
	bool ok = !strstr(html, "<a ") && !strstr(html, "<del>") && !strstr(html, "<input") && !strstr(html, "<table");
	if (!ok)
		printf("# rendered: %s", html);
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(p);
	strbuf_free(&b);
	return ok;
}

#define S(lit) stream(lit, sizeof(lit) - 1)

int main(void)
{
	is_str(S("title \033]0;pwned\007 end"), "title \\x1b]0;pwned\\x07 end", "ESC and BEL become \\x1b and \\x07");
	is_str(S("a\xC2\x9B" "2J"), "a\\u009b2J", "a C1 control (CSI in one character) becomes \\u009b");
	is_str(S("\xC2\xA0\xC3\xA9 \xE4\xBD\x90 \xF0\x9F\x8F\xA0"), "\xC2\xA0\xC3\xA9 \xE4\xBD\x90 \xF0\x9F\x8F\xA0",
	       "UTF-8 text (no-break space, accents, CJK, emoji) is kept");
	is_str(S("a \xE2\x80\xAE evil \xE2\x81\xA6 x"), "a \\u202e evil \\u2066 x",
	       "bidirectional overrides and isolates become escapes (they would reorder the line)");
	is_str(S("line\r\nnext\ttab\fpage\n"), "line\r\nnext\ttab\fpage\n", "LF, CRLF, tab and form feed are kept");
	is_str(S("over\rwrite"), "over\\x0dwrite", "a CR that could overwrite the line is escaped");
	is_str(S("del\x7f back\b"), "del\\x7f back\\x08", "DEL and backspace are escaped");
	is_str(S("bad \xff\xc0\x80 end"), "bad \\xff\\xc0\\x80 end", "bytes that are not UTF-8 are escaped one by one");
	is_str(S("nul\0inside"), "nul\\x00inside", "a NUL inside the length is escaped, not an end");
	is_str(value("a\nb\tc\r\nd\fe"), "a\\x0ab\\x09c\\x0d\\x0ad\\x0ce",
	       "a value within a line: LF, tab, CR and form feed are escaped too, so the message stays one line");
	is_str(value("desk-2 \xC3\xA9 \033["), "desk-2 \xC3\xA9 \\x1b[", "and the rest as for a stream");

	/* Device names: one check for every name a change is made as. */
	ok(jfile_device_name_ok("desk-2", JFILE_DEVICE_MAX) && jfile_device_name_ok("2", JFILE_DEVICE_MAX) &&
		   jfile_device_name_ok("a-", JFILE_DEVICE_MAX),
	   "desk-2, 2 and a- are device names");
	ok(!jfile_device_name_ok("-", JFILE_DEVICE_MAX) && !jfile_device_name_ok("--", JFILE_DEVICE_MAX) &&
		   !jfile_device_name_ok("-rf", JFILE_DEVICE_MAX) && !jfile_device_name_ok("-h", JFILE_DEVICE_MAX),
	   "a name starting with '-', or only dashes, is not (day/-rf.yaml reads as an option)");
	ok(jfile_device_name_recorded("-rf", JFILE_DEVICE_MAX) && !jfile_device_name_recorded("a b", JFILE_DEVICE_MAX),
	   "a record already written with '-' first is still read; a space never is");

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
	/* An e-mail address stays a mailto: link on GitHub: cmark-gfm joins the
	 * text around any escape before it looks for one. */
	ok(renders_as_text("~~struck~~ ~one~ http://evil.example https://x.example/a?b www.evil.example "
			   "WWW.x.example ftp://f.example"),
	   "as GitHub renders Markdown (GFM): no web link found in the text, no strikethrough");
	ok(renders_as_text("[ref]: http://ref.example \"t\"\n- [ ] task\n| a | b |\n|---|---|"),
	   "nor a link definition, a task list or a table");
	is_str(md("```\n~~~\n> q\n===", false), "\\`\\`\\`\\\n\\~\\~\\~\\\n\\> q\\\n\\===", "fences, quotes, underlines");
	is_str(md("ends \\", false), "ends \\\\", "a backslash is escaped");
	is_str(md("Title\nsecond", true), "Title second", "one-line places join lines with a space");
	return tap_done();
}
