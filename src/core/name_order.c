#include "name_order.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

const char *family_name(const char *name)
{
	const char *end = name + strlen(name);
	while (end > name && end[-1] == ' ')
		end--;
	const char *start = end;
	while (start > name && start[-1] != ' ')
		start--;
	return start < end ? start : name;
}

/* Base letters of U+00C0 to U+017F ('.' where none: the signs x and
 * division), so a desk files a name with marks under the letter people
 * look it up by. */
static const char latin_base[] =
	"AAAAAAACEEEEIIIIDNOOOOO.OUUUUYTs"
	"aaaaaaaceeeeiiiidnooooo.ouuuuyty"
	"AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkk"
	"LlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
_Static_assert(sizeof(latin_base) - 1 == 0x180 - 0xC0, "one base letter per code point");

wchar_t filing_initial(const char *name)
{
	const char *p = family_name(name);
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t left = strlen(p);
	while (left > 0) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, left, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			return L'#';
		if (iswalnum((wint_t)wc)) {
			if (wc >= 0xC0 && wc < 0x180 && latin_base[wc - 0xC0] != '.')
				wc = (wchar_t)latin_base[wc - 0xC0];
			else if (wc >= 0xFF21 && wc <= 0xFF5A)
				wc -= 0xFEE0;   /* full-width Latin: its ASCII letter */
			return (wchar_t)towupper((wint_t)wc);
		}
		p += n;
		left -= n;
	}
	return L'#';
}

static bool loose_space(const char *s, size_t *len)
{
	if (*s == ' ' || *s == '\t') {
		*len = 1;
		return true;
	}
	if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) {
		*len = 2;
		return true;
	}
	return false;
}

/* Skips spaces; *spaced says whether there were any. */
static const char *loose_skip(const char *s, bool *spaced)
{
	size_t n;
	*spaced = false;
	while (*s && loose_space(s, &n)) {
		s += n;
		*spaced = true;
	}
	return s;
}

static int ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : (unsigned char)c;
}

int loose_compare(const char *a, const char *b)
{
	bool sa, sb;
	a = loose_skip(a, &sa);
	b = loose_skip(b, &sb);
	while (*a && *b) {
		int ca = ascii_lower(*a), cb = ascii_lower(*b);
		if (ca != cb)
			return ca - cb;
		a = loose_skip(a + 1, &sa);
		b = loose_skip(b + 1, &sb);
		/* a run of spaces inside counts as one; at the end as none */
		if (sa != sb && *a && *b)
			return (sa ? ' ' : ascii_lower(*a)) - (sb ? ' ' : ascii_lower(*b));
	}
	return (unsigned char)*a - (unsigned char)*b;
}

/* Case-blind, and numbers by value (In2 before In10), as people read a
 * list: glibc's strverscmp on ASCII-lowered copies. */
static int natural_casecmp(const char *a, const char *b)
{
	char x[512], y[512];
	size_t k;
	for (k = 0; a[k] && k + 1 < sizeof(x); k++)
		x[k] = (char)ascii_lower(a[k]);
	x[k] = '\0';
	for (k = 0; b[k] && k + 1 < sizeof(y); k++)
		y[k] = (char)ascii_lower(b[k]);
	y[k] = '\0';
	return strverscmp(x, y);
}

static int compare_family(const void *a, const void *b, void *ctx)
{
	const struct event *ev = ctx;
	const struct delegate *x = &ev->delegates[*(const int *)a];
	const struct delegate *y = &ev->delegates[*(const int *)b];
	/* By the letter it is filed under first, so the desk's letter
	 * headings come once each (Åsa among the A's). */
	wchar_t fx = filing_initial(x->name), fy = filing_initial(y->name);
	if (fx != fy)
		return fx < fy ? -1 : 1;
	int c = natural_casecmp(family_name(x->name), family_name(y->name));
	if (!c)
		c = natural_casecmp(x->name, y->name);
	return c ? c : strcmp(x->id, y->id);
}

int *delegates_by_family_name(const struct event *ev, const bool *keep, size_t *count)
{
	int *order = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(int));
	*count = 0;
	if (!order)
		return NULL;
	for (size_t i = 0; i < ev->delegates_count; i++)
		if (keep[i])
			order[(*count)++] = (int)i;
	qsort_r(order, *count, sizeof(int), compare_family, (void *)ev);
	return order;
}

void family_first(const char *name, char *buf, size_t size)
{
	const char *family = family_name(name);
	int given = (int)(family - name);
	while (given > 0 && name[given - 1] == ' ')
		given--;
	if (given > 0)
		snprintf(buf, size, "%s, %.*s", family, given, name);
	else
		snprintf(buf, size, "%s", family);
}
