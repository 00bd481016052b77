/* Text measured as a terminal shows it: display columns from wcwidth, never
 * bytes, so CJK names and emoji stay aligned. Needs a UTF-8 LC_CTYPE (the
 * program sets one at start-up). */
#ifndef ALCHEMY_TEXT_H
#define ALCHEMY_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Display width of UTF-8 text; invalid bytes and control characters count 1. */
int text_width(const char *s);
/* Copies into buf (size bytes) the longest prefix of s that fits in cols
 * columns; when s is cut, the last column is an ellipsis. Returns the width
 * written. buf is always NUL-terminated. */
int text_fit(char *buf, size_t size, const char *s, int cols);
/* Like text_fit, then pads with spaces to exactly cols columns (left aligned)
 * or, with right set, pads on the left. */
int text_pad(char *buf, size_t size, const char *s, int cols, int right);
/* Where to break s to fit a line of cols columns: the length in bytes of
 * the longest prefix that fits, cut after its last space when that keeps
 * at least half the line (whole characters always). */
size_t text_break(const char *s, int cols);
/* How many bytes of s make its first line when wrapped at cols display
 * columns: up to and with the last space that fits, or mid-word when a
 * word is wider than cols; at least one character; never past a line
 * feed. The rest starts at s + the result (its leading spaces the
 * caller's to skip). */
size_t text_line_break(const char *s, int cols);
/* Levenshtein distance, for "did you mean" suggestions; capped at limit+1. */
size_t text_edit_distance(const char *a, const char *b, size_t limit);
/* Length of the valid UTF-8 character at s (at most avail bytes), or 0 if
 * it is not valid (overlong, surrogate, past U+10FFFF, cut short). */
size_t text_utf8_length(const unsigned char *s, size_t avail);
/* Offset of the first byte of s[0..len) that is not valid UTF-8; len if all is. */
size_t text_utf8_invalid(const char *s, size_t len);
/* At s, a character a page must not show raw: a direction mark or override,
 * which would turn the words after it round, or a line or paragraph
 * separator (*separator). Its length in bytes; 0 for any other. */
size_t text_page_control(const char *s, bool *separator);
/* At s (NUL-terminated): the code point of a line break other than \n
 * that YAML and spreadsheets meet, U+0085, U+2028 or U+2029, with *len
 * its bytes; else 0. */
uint32_t text_line_break_at(const char *s, size_t *len);
/* At s (NUL-terminated): a C1 control character (U+0080-U+009F, two bytes
 * in UTF-8), which YAML refuses raw and a terminal may obey (U+009B is
 * its CSI): its code point; else 0. */
unsigned text_c1_control_at(const char *s);
/* True when s shows nothing: empty, or only spaces and invisible
 * characters (U+00A0, U+200B, U+FEFF...), so a name of them is no name. */
bool text_is_blank(const char *s);
/* True when s is valid UTF-8 with no C0 or C1 control and no character
 * that turns text's direction (U+202A-202E, U+2066-2069, U+200E, U+200F,
 * U+061C): text that reaches a terminal or a print-out as it reads. */
bool text_is_plain(const char *s);
/* s as a screen may show it, into buf (size bytes, always terminated; cut
 * between characters when short): tabs and line ends as spaces, any other
 * control or direction-turning character and any byte not UTF-8 as U+FFFD,
 * so a name from a file can neither move the cursor nor reorder the line.
 * Returns the bytes written. */
size_t text_shown(char *buf, size_t size, const char *s);

#endif
