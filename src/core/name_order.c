#include "name_order.h"

#include <search.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

/* Chinese, Japanese and Korean names are written family name first
 * (佐藤 美咲: Satō is the family name), so a name that starts in one of
 * those scripts is filed by its first word and shown as written. */
static bool written_family_first(const char *name)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	wchar_t wc;
	size_t n = mbrtowc(&wc, name, strlen(name), &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
		return false;
	unsigned cp = (unsigned)wc;
	return (cp >= 0x1100 && cp <= 0x11FF) ||     /* Hangul Jamo */
	       (cp >= 0x3040 && cp <= 0x30FF) ||     /* Hiragana, Katakana */
	       (cp >= 0x3130 && cp <= 0x318F) ||     /* Hangul compatibility Jamo */
	       (cp >= 0x3400 && cp <= 0x4DBF) ||     /* CJK extension A */
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||     /* CJK unified ideographs */
	       (cp >= 0xAC00 && cp <= 0xD7AF) ||     /* Hangul syllables */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||     /* CJK compatibility ideographs */
	       (cp >= 0x20000 && cp <= 0x3FFFF);     /* CJK extensions B on */
}

const char *family_name(const char *name)
{
	if (written_family_first(name))
		return name;
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

static int folded_char(const char **s, int *second);

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
			/* Filed under the letter names are told apart by (Å under
			 * A, Ș under S, Æ under A): folded_char's, so the two agree. */
			const char *at = p;
			int second, folded = folded_char(&at, &second);
			if (folded < 0x80)
				wc = (wchar_t)folded;
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

/* Past the combining marks (U+0300 to U+036F) at s: a name typed on a
 * Mac or pasted from one comes decomposed, 'Zoe' + U+0308 for Zoë. */
static const char *past_marks(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (((p[0] == 0xCC && p[1] >= 0x80 && p[1] <= 0xBF) || (p[0] == 0xCD && p[1] >= 0x80 && p[1] <= 0xAF)))
		p += 2;
	return (const char *)p;
}

/* Letters written as two where a keyboard lacks them (Strauß as Strauss,
 * Æsir as Aesir): each 2 bytes of UTF-8 to 2 ASCII letters, so a folded
 * copy is never longer than the name. NULL for any other code point. */
static const char *two_letter_fold(unsigned cp)
{
	switch (cp) {
	case 0xDF: return "ss";
	case 0xC6: case 0xE6: return "ae";
	case 0x152: case 0x153: return "oe";
	case 0x132: case 0x133: return "ij";
	default: return NULL;
	}
}

/* The character at *s as names are told apart, advancing past it and the
 * marks combined with it: ASCII lowered, a Latin letter with marks (2
 * bytes of UTF-8) as its lowered base letter, ß Æ Œ Ĳ as two letters (the
 * second in *second, else 0 there), any other byte as it is. */
static int folded_char(const char **s, int *second)
{
	const unsigned char *p = (const unsigned char *)*s;
	*second = 0;
	if (p[0] >= 0xC3 && p[0] <= 0xC5 && (p[1] & 0xC0) == 0x80) {
		unsigned cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
		const char *two = two_letter_fold(cp);
		if (two || (cp >= 0xC0 && cp < 0x180 && latin_base[cp - 0xC0] != '.')) {
			*s = past_marks(*s + 2);
			if (two)
				*second = two[1];
			return two ? two[0] : ascii_lower(latin_base[cp - 0xC0]);
		}
	}
	/* Romanian Ș ș Ț ț (comma below, U+0218 to U+021B), as their cedilla
	 * forms in latin_base are. */
	if (p[0] == 0xC8 && p[1] >= 0x98 && p[1] <= 0x9B) {
		*s = past_marks(*s + 2);
		return "sstt"[p[1] - 0x98];
	}
	/* Capital ẞ (U+1E9E, 3 bytes), as a sheet in capitals may write
	 * STRAUẞ: ss, as ß is (a folded copy is shorter still). */
	if (p[0] == 0xE1 && p[1] == 0xBA && p[2] == 0x9E) {
		*s = past_marks(*s + 3);
		*second = 's';
		return 's';
	}
	/* Typographic apostrophes and hyphens (U+2018, U+2019, U+02BC; U+2010,
	 * U+2011) as the ASCII ones: a phone or a Mac types O’Neil where the
	 * sheet has O'Neil, and the desk found nobody. */
	if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99 || p[2] == 0x90 || p[2] == 0x91)) {
		*s += 3;
		return p[2] >= 0x98 ? '\'' : '-';
	}
	if (p[0] == 0xCA && p[1] == 0xBC) {
		*s += 2;
		return '\'';
	}
	*s = p[0] < 0x80 ? past_marks(*s + 1) : *s + 1;
	return ascii_lower((char)p[0]);
}

/* The next folded letter: the second of a two-letter fold first. */
static int next_folded(const char **s, int *pending)
{
	if (*pending) {
		int c = *pending;
		*pending = 0;
		return c;
	}
	return folded_char(s, pending);
}

static int folded_peek(const char *s, int pending)
{
	int second;
	return pending ? pending : folded_char(&s, &second);
}

int loose_compare(const char *a, const char *b)
{
	bool sa, sb;
	int pa = 0, pb = 0;   /* the second letter of a two-letter fold, still to compare */
	a = loose_skip(a, &sa);
	b = loose_skip(b, &sb);
	while ((pa || *a) && (pb || *b)) {
		int ca = next_folded(&a, &pa), cb = next_folded(&b, &pb);
		if (ca != cb)
			return ca - cb;
		sa = sb = false;
		if (!pa)
			a = loose_skip(a, &sa);
		if (!pb)
			b = loose_skip(b, &sb);
		/* a run of spaces inside counts as one; at the end as none */
		if (sa != sb && (pa || *a) && (pb || *b))
			return (sa ? ' ' : folded_peek(a, pa)) - (sb ? ' ' : folded_peek(b, pb));
	}
	return (pa ? pa : (unsigned char)*a) - (pb ? pb : (unsigned char)*b);
}

void name_fold(const char *s, char *buf, size_t size)
{
	size_t k = 0, n;
	while (*s && k + 1 < size) {
		/* A no-break space or a tab as the space loose_compare reads
		 * it as, and a run of them as one: a search for "ann lee" finds
		 * Ann<U+00A0>Lee and "Ann  Lee" (two spaces, from a sheet). */
		if (loose_space(s, &n)) {
			s += n;
			if (k == 0 || buf[k - 1] != ' ')
				buf[k++] = ' ';
		} else {
			int second;
			buf[k++] = (char)folded_char(&s, &second);
			if (second && k + 1 < size)
				buf[k++] = (char)second;
		}
	}
	buf[k] = '\0';
}

/* Case- and mark-blind, and numbers by value (In2 before In10), as people
 * read a list: glibc's strverscmp on folded copies. */
static int natural_casecmp(const char *a, const char *b)
{
	char x[512], y[512];
	name_fold(a, x, sizeof(x));
	name_fold(b, y, sizeof(y));
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

/* The form loose_compare compares: ASCII lowered, marks folded, no spaces at either
 * end, a run inside as one ' '. Written at *at (room for strlen(s) + 1);
 * returns where it ends, at its '\0'. */
static char *loose_key(const char *s, char *at)
{
	bool spaced;
	size_t n;
	s = loose_skip(s, &spaced);
	while (*s) {
		if (!loose_space(s, &n)) {
			int second;
			*at++ = (char)folded_char(&s, &second);
			if (second)
				*at++ = (char)second;
			continue;
		}
		s = loose_skip(s, &spaced);
		if (*s)
			*at++ = ' ';
	}
	*at = '\0';
	return at;
}

/* glibc's hsearch hashes little more than a key's first 8 bytes: 10,000
 * names alike there ("Participant 00001"...) made one chain, and the
 * lookups quadratic (0.3 s at 10,000, 8 s at 50,000). So each key starts
 * with 8 hex digits of FNV-1a over the rest. */
enum { KEY_HASH_BYTES = 8 };

static void key_hash_prefix(char *key)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)key + KEY_HASH_BYTES; *p; p++)
		h = (h ^ *p) * 16777619u;
	for (int k = 0; k < KEY_HASH_BYTES; k++)
		key[k] = "0123456789abcdef"[(h >> (28 - 4 * k)) & 15];
}

/* A person's key at `at` (room for named_alike_key_bytes): the hash
 * prefix, then name and organisation in loose form, apart by a control
 * character (no name or organisation holds one). Returns past its '\0'. */
static char *named_alike_key_at(char *at, const char *name, const char *organisation)
{
	char *key = at;
	at = loose_key(name, at + KEY_HASH_BYTES);
	*at++ = '\x1f';
	at = loose_key(organisation, at) + 1;
	key_hash_prefix(key);
	return at;
}

static size_t named_alike_key_bytes(const char *name, const char *organisation)
{
	return KEY_HASH_BYTES + strlen(name) + strlen(organisation) + 2;
}

char *named_alike_key(const char *name, const char *organisation)
{
	char *key = malloc(named_alike_key_bytes(name, organisation));
	if (key)
		named_alike_key_at(key, name, organisation);
	return key;
}

int *delegates_first_named_alike(const struct event *ev, const bool *keep)
{
	/* One key a person, name and organisation in loose form apart by a
	 * control character (no name or organisation holds one), in libc's
	 * hash table: linear, where a sort by loose_compare cost a tenth of
	 * loading the event at 10,000 people. */
	size_t n = ev->delegates_count, bytes = 0;
	for (size_t i = 0; i < n; i++)
		bytes += named_alike_key_bytes(ev->delegates[i].name, ev->delegates[i].organisation);
	int *first = malloc((n ? n : 1) * sizeof(int));
	char *keys = malloc(bytes ? bytes : 1);
	struct hsearch_data table;
	memset(&table, 0, sizeof(table));
	bool ok = first && keys && hcreate_r(2 * n + 1, &table);
	char *at = keys;
	for (size_t i = 0; ok && i < n; i++) {
		first[i] = -1;
		if (keep && !keep[i])
			continue;
		char *key = at;
		at = named_alike_key_at(at, ev->delegates[i].name, ev->delegates[i].organisation);
		ENTRY e = { key, (void *)(intptr_t)i }, *found;
		ok = hsearch_r(e, ENTER, &found, &table) != 0;
		if (ok && found->data != e.data)
			first[i] = (int)(intptr_t)found->data;
	}
	if (first && keys)
		hdestroy_r(&table);
	free(keys);
	if (!ok) {
		free(first);
		return NULL;
	}
	return first;
}

size_t roster_named_alike(const struct event *ev, size_t roster_count, struct diag_list *w)
{
	size_t found = 0;
	int *first = delegates_first_named_alike(ev, NULL);
	if (!first) {
		diag_add(w, DIAG_IO, ev->path, 0, 0, "out of memory");
		return 1;
	}
	/* Walk-ins follow the roster: the day's to say (day_twice_here). */
	for (size_t i = 0; i < roster_count && i < ev->delegates_count; i++) {
		if (first[i] < 0)
			continue;
		const struct delegate *p = &ev->delegates[i], *f = &ev->delegates[first[i]];
		diag_add(w, DIAG_DATA, ev->roster_path, p->line, p->col,
			 "%s has the name and organisation of %s (line %d): %s, %s; if they are one person signed "
			 "up twice, remove one",
			 p->id, f->id, f->line, f->name, f->organisation);
		found++;
	}
	free(first);
	return found;
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
