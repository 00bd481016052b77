/* The order of a list people scan for their own name (the board's "find
 * your table"): A to Z by family name. A roster holds one name field, so
 * the family name is its last word ("Ann Lee" -> "Lee"); a name of one
 * word (王芳) is its own family name, and a name in Chinese, Japanese or
 * Korean script, written family name first (佐藤 美咲), is filed by its
 * first word and shown as written. */
#ifndef ALCHEMY_NAME_ORDER_H
#define ALCHEMY_NAME_ORDER_H

#include <stdbool.h>
#include <wchar.h>
#include <stddef.h>

#include "diag.h"
#include "event.h"

/* The family name's first byte, inside name (name itself where the name is
 * written family name first). */
const char *family_name(const char *name);
/* The letter a name is filed under, as a desk would look it up: the family
 * name's first letter or digit (marks, spaces and invisible characters
 * before it skipped), capitalised, a Latin letter with marks under its
 * base letter (Å under A, Ż under Z); '#' when there is none. Needs a
 * UTF-8 LC_CTYPE, as main sets. */
wchar_t filing_initial(const char *name);
/* s as a reader looks it up, into buf (size > 0): ASCII lowered, a Latin
 * letter with marks as its base letter (the one filing_initial files it
 * under), ß ẞ Æ Œ Ĳ as ss ss ae oe ij, a no-break space or tab as a space
 * and a run of them as one, so Pérez sorts before Price, "zoe" finds Zoë,
 * "strauss" Strauß and "ann lee" Ann  Lee. */
void name_fold(const char *s, char *buf, size_t size);
/* Compares two names (or organisations) as a reader tells them apart:
 * case-blind (ASCII), a Latin letter with marks as its base letter (Zoë
 * and Zoe alike: a desk types what it hears; Romanian Ș Ț too), ß ẞ Æ Œ Ĳ
 * as ss ss ae oe ij (Strauß, STRAUẞ and Strauss), typographic
 * apostrophes and hyphens as ASCII ones (O’Neil and O'Neil), runs of
 * spaces, tabs and no-break spaces as one, none at either end. */
int loose_compare(const char *a, const char *b);
/* Per delegate with keep[i] (keep NULL: all): the first (lowest index)
 * with keep, the same name and the same organisation, as loose_compare
 * tells them apart, when that is another; else -1 (malloc'd; NULL when
 * memory runs out). Roster people come before walk-ins, walk-ins in the
 * order added. */
int *delegates_first_named_alike(const struct event *ev, const bool *keep);
/* The key two people named alike (as loose_compare tells name and
 * organisation apart) share, for a hash table: malloc'd, NULL when memory
 * runs out. It starts with a hash of the rest, as glibc's hsearch reads
 * little more than a key's first 8 bytes. */
char *named_alike_key(const char *name, const char *organisation);
/* People of the roster named alike (name and organisation): a second
 * sign-up of one person, or two people, as only the organiser can tell.
 * One warning each into w, at the later one's place in the roster file,
 * naming the first; returns how many. */
size_t roster_named_alike(const struct event *ev, size_t roster_count, struct diag_list *w);
/* "Lee, Ann": the family name first, as lists sorted by it show a name. */
void family_first(const char *name, char *buf, size_t size);
/* Indexes of the delegates with keep[i], by family name, then the whole
 * name, then id (malloc'd; NULL when memory runs out). */
int *delegates_by_family_name(const struct event *ev, const bool *keep, size_t *count);

#endif
