/* Display widths and cutting by columns, never by bytes. */
#include <locale.h>

#include "tap.h"
#include "text.h"

int main(void)
{
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
	char buf[64];

	is_int(text_width("Table 7"), 7, "ASCII is one column a character");
	is_int(text_width("Chloé"), 5, "an accented letter is one column");
	is_int(text_width("王芳"), 4, "CJK characters are two columns each");
	is_int(text_width("Bloom 🌱"), 8, "an emoji is two columns");
	is_int(text_width("e\xCC\x81"), 1, "a combining accent takes no column");
	is_int(text_width(""), 0, "the empty string is zero columns");

	is_int(text_fit(buf, sizeof(buf), "Homelessness", 20), 12, "text that fits is kept whole");
	is_str(buf, "Homelessness", "and unchanged");
	is_int(text_fit(buf, sizeof(buf), "Homelessness", 6), 6, "cut text fills the columns");
	is_str(buf, "Homel\xE2\x80\xA6", "cut text ends with an ellipsis");
	is_int(text_fit(buf, sizeof(buf), "王芳王芳", 5), 5, "a wide character that does not fit is left out");
	is_str(buf, "王芳\xE2\x80\xA6", "two wide characters and an ellipsis make five columns");
	is_int(text_fit(buf, sizeof(buf), "ab\x01" "c", 10), 4, "a control character is replaced");
	is_str(buf, "ab?c", "by a question mark");
	is_int(text_fit(buf, sizeof(buf), "anything", 0), 0, "zero columns give nothing");
	is_str(buf, "", "and an empty string");
	char tiny[6];
	text_fit(tiny, sizeof(tiny), "王芳王芳王芳", 40);
	ok(strlen(tiny) < sizeof(tiny), "a small buffer is never overrun");
	is_str(tiny, "王", "and holds only whole characters");

	is_int(text_pad(buf, sizeof(buf), "王芳", 6, 0), 6, "padding reaches the width");
	is_str(buf, "王芳  ", "left-aligned text is padded on the right");
	text_pad(buf, sizeof(buf), "7", 4, 1);
	is_str(buf, "   7", "right-aligned text is padded on the left");

	is_int(text_break("short", 10), 5, "text that fits is one line");
	is_int(text_break("cannot undo this: desk-2 changed it", 20), 18, "a long line breaks after a space");
	is_int(text_break("王芳王芳王芳", 5), 6, "or, with none, after the whole characters that fit");
	is_int(text_break("a verylongwordthatgoeson", 10), 10, "a space too early to keep half the line is passed over");

	is_int(text_edit_distance("organization", "organisation", 3), 1, "one substitution");
	is_int(text_edit_distance("comissioner", "commissioner", 3), 1, "one insertion");
	is_int(text_edit_distance("tables", "tabels", 3), 2, "a transposition is two edits");
	is_int(text_edit_distance("abc", "xyz123", 2), 3, "distances past the limit are capped at limit+1");
	ok(text_is_plain("Zoë Walker") && text_is_plain("王芳") && text_is_plain(""), "plain: names as they read");
	ok(!text_is_plain("Bad\xff\xfename"), "plain: not valid UTF-8");
	ok(!text_is_plain("Zz\xc2\x9b" "2J") && !text_is_plain("a\tb"), "plain: a C1 control (CSI), a C0 one");
	char shown[64];
	text_shown(shown, sizeof(shown), "Zo\xc3\xab\tW\xe2\x80\xaer\x1b[2J\xff");
	is_str(shown, "Zo\xc3\xab W\xef\xbf\xbdr\xef\xbf\xbd[2J\xef\xbf\xbd",
	       "shown: a tab as a space; an override, an escape and a stray byte as U+FFFD");
	text_shown(shown, 6, "\xe7\x8e\x8b\xe8\x8a\xb3\xe7\x8e\x8b");
	is_str(shown, "\xe7\x8e\x8b", "shown: cut between characters when the buffer is short");
	ok(!text_is_plain("Evil\xe2\x80\xaeredro") && !text_is_plain("x\xe2\x81\xa6y") && !text_is_plain("\xe2\x80\x8fz"),
	   "plain: an override, an isolate, a direction mark");
	ok(text_is_blank(" \xc2\xa0\xe2\x80\x8b ") && !text_is_blank(" a "), "blank: spaces alone, not a letter among them");
	return tap_done();
}
