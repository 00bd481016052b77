#include "text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Decodes one UTF-8 character; returns its length in bytes (1 for a bad byte). */
static size_t next_char(const char *s, wchar_t *wc)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t n = mbrtowc(wc, s, MB_CUR_MAX, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = 0xFFFD;
		return 1;
	}
	return n;
}

static int char_width(wchar_t wc)
{
	int w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

int text_width(const char *s)
{
	int width = 0;
	while (*s) {
		wchar_t wc;
		s += next_char(s, &wc);
		width += char_width(wc);
	}
	return width;
}

size_t text_break(const char *s, int cols)
{
	size_t at = 0, space = 0;
	int width = 0, space_width = 0;
	while (s[at]) {
		wchar_t wc;
		size_t n = next_char(s + at, &wc);
		int w = char_width(wc);
		if (width + w > cols)
			return space && space_width * 2 >= cols ? space : at;
		at += n;
		width += w;
		if (wc == ' ') {
			space = at;
			space_width = width;
		}
	}
	return at;
}

static bool ellipsis_available(void)
{
	wchar_t wc;
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	return mbrtowc(&wc, "\xE2\x80\xA6", 3, &st) == 3;
}

int text_fit(char *buf, size_t size, const char *s, int cols)
{
	if (size == 0)
		return 0;
	buf[0] = '\0';
	if (cols <= 0)
		return 0;
	int total = text_width(s);
	bool cut = total > cols;
	int room = cut ? cols - 1 : cols;
	size_t out = 0, reserve = cut ? 4 : 1;   /* ellipsis and NUL */
	int width = 0;
	while (*s) {
		wchar_t wc;
		size_t n = next_char(s, &wc);
		int w = char_width(wc);
		if (width + w > room || out + n + reserve > size)
			break;
		bool printable = wc >= 0x20 && wc != 0x7F && wcwidth(wc) >= 0;
		if (printable) {
			memcpy(buf + out, s, n);
			out += n;
		} else {
			buf[out++] = '?';   /* control characters must not reach the terminal */
		}
		width += w;
		s += n;
	}
	if (cut) {
		const char *dots = ellipsis_available() ? "\xE2\x80\xA6" : "~";
		size_t n = strlen(dots);
		if (out + n < size) {
			memcpy(buf + out, dots, n);
			out += n;
			width += 1;
		}
	}
	buf[out] = '\0';
	return width;
}

int text_pad(char *buf, size_t size, const char *s, int cols, int right)
{
	char *tmp = malloc(size);
	if (!tmp) {
		if (size)
			buf[0] = '\0';
		return 0;
	}
	int width = text_fit(tmp, size, s, cols);
	size_t len = strlen(tmp);
	size_t pad = (size_t)(cols - width);
	if (len + pad + 1 > size)
		pad = size - len - 1;
	if (right) {
		memset(buf, ' ', pad);
		memcpy(buf + pad, tmp, len + 1);
	} else {
		memcpy(buf, tmp, len);
		memset(buf + len, ' ', pad);
		buf[len + pad] = '\0';
	}
	free(tmp);
	return width + (int)pad;
}

size_t text_edit_distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return limit + 1;
	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	size_t prev[65], cur[65];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		size_t best = cur[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t m = sub < del ? sub : del;
			cur[j] = m < ins ? m : ins;
			if (cur[j] < best)
				best = cur[j];
		}
		if (best > limit)
			return limit + 1;
		memcpy(prev, cur, (lb + 1) * sizeof(size_t));
	}
	return prev[lb] > limit ? limit + 1 : prev[lb];
}

/* Length of the valid UTF-8 sequence at s, or 0 if it is not valid. */
size_t text_utf8_length(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (avail < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

size_t text_utf8_invalid(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		size_t n = text_utf8_length((const unsigned char *)s + i, len - i);
		if (!n)
			return i;
		i += n;
	}
	return len;
}

/* Characters that show nothing: spaces of every width, zero-width ones,
 * joiners, direction marks, the soft hyphen and the BOM. */
static bool invisible(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == ' ' || cp == 0xA0 || cp == 0xAD || cp == 0x34F ||
	       cp == 0x115F || cp == 0x1160 || cp == 0x180E || (cp >= 0x2000 && cp <= 0x200F) ||
	       (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 ||
	       cp == 0x3164 || cp == 0xFEFF || cp == 0xFFA0;
}

/* The code point of the valid n-byte UTF-8 character at p. */
static uint32_t code_point(const unsigned char *p, size_t n)
{
	uint32_t cp = n == 1 ? p[0] : n == 2 ? (uint32_t)(p[0] & 0x1F) : n == 3 ? (uint32_t)(p[0] & 0x0F) : (uint32_t)(p[0] & 0x07);
	for (size_t i = 1; i < n; i++)
		cp = (cp << 6) | (p[i] & 0x3F);
	return cp;
}

bool text_is_blank(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s);
	while (left) {
		size_t n = text_utf8_length(p, left);
		if (!n || !invisible(code_point(p, n)))
			return false;
		p += n;
		left -= n;
	}
	return true;
}

/* The characters that turn text's direction (embeddings, overrides,
 * isolates, marks). */
static bool direction_mark(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
	       cp == 0x061C;
}

/* Line and paragraph separators: they break a line as \n does. */
static bool line_separator(uint32_t cp)
{
	return cp == 0x2028 || cp == 0x2029;
}

/* C0 and C1 controls, direction marks and line separators. */
static bool control_or_direction(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || direction_mark(cp) || line_separator(cp);
}

uint32_t text_line_break_at(const char *s, size_t *len)
{
	size_t n = text_utf8_length((const unsigned char *)s, strnlen(s, 4));
	uint32_t cp = n > 1 ? code_point((const unsigned char *)s, n) : 0;
	*len = n;
	return cp == 0x85 || line_separator(cp) ? cp : 0;
}

unsigned text_c1_control_at(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	return p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F ? p[1] : 0;
}

size_t text_page_control(const char *s, bool *separator)
{
	size_t n = text_utf8_length((const unsigned char *)s, strnlen(s, 4));
	uint32_t cp = n > 1 ? code_point((const unsigned char *)s, n) : 0;
	*separator = line_separator(cp);
	return direction_mark(cp) || *separator ? n : 0;
}

bool text_is_plain(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s);
	while (left) {
		size_t n = text_utf8_length(p, left);
		if (!n || control_or_direction(code_point(p, n)))
			return false;
		p += n;
		left -= n;
	}
	return true;
}

size_t text_shown(char *buf, size_t size, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s), used = 0;
	while (left && size && used + 4 < size) {
		size_t n = text_utf8_length(p, left);
		if (n && !control_or_direction(code_point(p, n))) {
			memcpy(buf + used, p, n);
			used += n;
		} else if ((n == 1 && (*p == '\t' || *p == '\n' || *p == '\r')) || (n == 3 && line_separator(code_point(p, n)))) {
			buf[used++] = ' ';
		} else {
			memcpy(buf + used, "\xEF\xBF\xBD", 3);   /* U+FFFD */
			used += 3;
		}
		p += n ? n : 1;
		left -= n ? n : 1;
	}
	if (size)
		buf[used] = '\0';
	return used;
}

size_t text_line_break(const char *s, int cols)
{
	size_t len = 0, last_space = 0;
	int width = 0;
	while (s[len] && s[len] != '\n') {
		wchar_t wc;
		size_t n = next_char(s + len, &wc);
		int w = char_width(wc);
		if (width + w > cols && len > 0)
			return last_space ? last_space : len;   /* at a space, else mid-word */
		if (wc == L' ')
			last_space = len + 1;
		width += w;
		len += n;
	}
	return len;
}
