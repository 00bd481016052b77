/* The board's "find your table" order: by family name, the last word (the
 * first in Chinese, Japanese and Korean script). */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "name_order.h"
#include "tap.h"

int main(void)
{
	/* filing_initial reads UTF-8, as main sets it up. */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
	is_str(family_name("Ann Lee"), "Lee", "the family name is the last word");
	is_str(family_name("Ana de la Cruz"), "Cruz", "of however many");
	is_str(family_name("王芳"), "王芳", "a name of one word is its own family name");
	is_str(family_name("Ann Lee  "), "Lee  ", "trailing spaces do not make an empty family name");
	is_str(family_name(""), "", "an empty name stays empty");
	is_str(family_name("佐藤 美咲"), "佐藤 美咲", "a Japanese name is written family name first: filed by its first word");
	is_str(family_name("김 민준"), "김 민준", "so is a Korean one");
	ok(filing_initial("佐藤 美咲") == L'佐', "佐藤 美咲 is filed under 佐, not 美");
	char shown[64];
	family_first("佐藤 美咲", shown, sizeof(shown));
	is_str(shown, "佐藤 美咲", "and shown as written, not turned round with a comma");
	family_first("Ann Lee", shown, sizeof(shown));
	is_str(shown, "Lee, Ann", "where a Latin name is turned round");

	struct delegate people[] = {
		{ .id = "d1", .name = "Zoë Adams" },
		{ .id = "d2", .name = "Ann Lee" },
		{ .id = "d3", .name = "Bob Adams" },
		{ .id = "d4", .name = "Cy Young" },
		{ .id = "d5", .name = "ann lee" },
	};
	struct event ev = { .delegates = people, .delegates_count = 5 };
	bool keep[] = { true, true, true, false, true };
	size_t n = 0;
	int *order = delegates_by_family_name(&ev, keep, &n);
	is_int(n, 4, "only the delegates kept are listed");
	if (order && n == 4) {
		is_str(people[order[0]].id, "d3", "Adams, Bob before Adams, Zoë: same family, whole name next");
		is_str(people[order[1]].id, "d1", "then Adams, Zoë");
		is_str(people[order[2]].id, "d2", "Lee after Adams, whatever the case; equal names by id");
		is_str(people[order[3]].id, "d5", "then the other Ann Lee");
	}
	free(order);

	struct delegate numbered[] = {
		{ .id = "a", .name = "Walk In10" }, { .id = "b", .name = "Walk In2" }, { .id = "c", .name = "Walk in1" },
	};
	struct event ev2 = { .delegates = numbered, .delegates_count = 3 };
	bool all[] = { true, true, true };
	order = delegates_by_family_name(&ev2, all, &n);
	if (ok(order && n == 3, "three numbered names"))
		ok(!strcmp(numbered[order[0]].id, "c") && !strcmp(numbered[order[1]].id, "b") &&
			   !strcmp(numbered[order[2]].id, "a"),
		   "In1, In2, In10: numbers by value, whatever the case");
	free(order);
	/* Marks aside, as the desk's letter headings file them: Pérez among
	 * the P's before Price (its bytes put é after every ASCII letter). */
	struct delegate marked[] = {
		{ .id = "m1", .name = "Owen Price" }, { .id = "m2", .name = "José Pérez" },
		{ .id = "m3", .name = "Ann Patel" }, { .id = "m4", .name = "Ewa Perez" },
	};
	struct event ev4 = { .delegates = marked, .delegates_count = 4 };
	bool four[] = { true, true, true, true };
	order = delegates_by_family_name(&ev4, four, &n);
	if (ok(order && n == 4, "four P names"))
		ok(!strcmp(marked[order[0]].id, "m3") && !strcmp(marked[order[1]].id, "m4") &&
			   !strcmp(marked[order[2]].id, "m2") && !strcmp(marked[order[3]].id, "m1"),
		   "Patel, Perez, Pérez, Price: a letter with marks sorts as its base letter");
	free(order);
	/* People named alike: as loose_compare tells names apart (case, runs
	 * of spaces, tabs and no-break spaces), name and organisation kept
	 * apart, each pointing at the first kept. */
	struct delegate alike[] = {
		{ .id = "p0", .name = "Ann Lee", .organisation = "Org" },
		{ .id = "p1", .name = " ann\t\xC2\xA0lee ", .organisation = "ORG " },
		{ .id = "p2", .name = "Ann Lee", .organisation = "Org 2" },
		{ .id = "p3", .name = "AnnLee", .organisation = "Org" },
		{ .id = "p4", .name = "Ann Le", .organisation = "eOrg" },
		{ .id = "p5", .name = "Ann Lee", .organisation = "Org" },
		{ .id = "p6", .name = "Ann Lee", .organisation = "Org 2" },
		{ .id = "p7", .name = "\xC2\xA3 Lee", .organisation = "Org" },
		{ .id = "p8", .name = "\xC2\xA3  lee", .organisation = "org" },
	};
	struct event ev3 = { .delegates = alike, .delegates_count = 9 };
	int *first = delegates_first_named_alike(&ev3, NULL);
	int want[] = { -1, 0, -1, -1, -1, 0, 2, -1, 7 };
	bool same = first != NULL;
	for (int i = 0; first && i < 9; i++) {
		if (first[i] != want[i])
			printf("# %s: first %d, want %d\n", alike[i].id, first[i], want[i]);
		same = same && first[i] == want[i];
	}
	ok(same, "case and spaces aside, name and organisation apart: each points at the first");
	free(first);
	bool some[] = { false, true, true, true, true, true, true, true, true };
	first = delegates_first_named_alike(&ev3, some);
	ok(first && first[0] == -1 && first[1] == -1 && first[5] == 1, "only those kept count: p1 is now the first");
	free(first);

	/* Marks aside, as a desk types what it hears: Zoe is Zoë, José is
	 * JOSE; a letter outside Latin-1 and Extended-A stays itself. */
	ok(loose_compare("Zoë Clarke", " zoe  clarke") == 0, "Zoë Clarke and zoe clarke are named alike");
	ok(loose_compare("José Ó Briain", "JOSE O BRIAIN") == 0, "José Ó Briain and JOSE O BRIAIN too");
	ok(loose_compare("Zoë", "Zoe") == 0 && loose_compare("Zoë", "Zof") < 0, "and sort where the base letter does");
	ok(loose_compare("Ann Lee", "Ánn Leé") == 0 && loose_compare("Ann", "Anø") != 0, "a different base letter still differs (Ann, Anø)");
	struct delegate marks[] = {
		{ .id = "z0", .name = "Zoë Clarke", .organisation = "Café Co-op" },
		{ .id = "z1", .name = "Zoe Clarke", .organisation = "Cafe Co-op" },
		{ .id = "z2", .name = "Zoe Clarke", .organisation = "Other" },
	};
	struct event ev5 = { .delegates = marks, .delegates_count = 3 };
	first = delegates_first_named_alike(&ev5, NULL);
	ok(first && first[0] == -1 && first[1] == 0 && first[2] == -1,
	   "named alike marks aside: a walk-in typed without them is the roster's Zoë");
	free(first);

	/* Decomposed (a Mac's keyboard): e + U+0308 is the ë of Zoë. */
	ok(loose_compare("Zoe\xcc\x88 Clarke", "Zoë Clarke") == 0 && loose_compare("Chloe\xcc\x81", "chloe") == 0,
	   "a letter and its combining marks are the letter (Zoe + U+0308 is Zoë)");
	ok(loose_compare("Zoe\xcc\x88", "Zoe\xcc") != 0 && loose_compare("Zoe\xcc\x88", "Zoex") != 0,
	   "a mark cut short, or a letter after, still differs");
	char folded[32];
	name_fold("Zoe\xcc\x88 CLARKE", folded, sizeof(folded));
	ok(!strcmp(folded, "zoe clarke"), "and search finds her as 'zoe clarke'");
	name_fold("Ann\xc2\xa0Lee\tJr", folded, sizeof(folded));
	ok(!strcmp(folded, "ann lee jr") && loose_compare("Ann\xc2\xa0Lee", "ann lee") == 0,
	   "a no-break space folds to the space loose_compare reads it as (search 'ann lee' finds Ann<NBSP>Lee)");
	name_fold("Ann  \t Lee", folded, sizeof(folded));
	ok(!strcmp(folded, "ann lee"), "a run of spaces folds to one, as loose_compare reads it (search 'ann lee' finds Ann  Lee)");
	struct delegate decomposed[] = {
		{ .id = "n0", .name = "Zoë Clarke", .organisation = "Acme" },
		{ .id = "n1", .name = "Zoe\xcc\x88 Clarke", .organisation = "Acme" },
		{ .id = "n2", .name = "Chloe\xcc\x81  Dubois", .organisation = "Acme" },
		{ .id = "n3", .name = "Chloé Dubois", .organisation = "Acme" },
	};
	struct event ev6 = { .delegates = decomposed, .delegates_count = 4 };
	first = delegates_first_named_alike(&ev6, NULL);
	ok(first && first[0] == -1 && first[1] == 0 && first[2] == -1 && first[3] == 2,
	   "named alike composed or decomposed: the same key as loose_compare");
	free(first);

	/* Letters a keyboard without them types as two: Strauß is Strauss,
	 * Æsir Aesir, Œdipe Oedipe, IJssel Ĳssel; Romanian Ș Ț (comma below)
	 * as their cedilla forms Ş Ţ, which fold to s and t. */
	ok(loose_compare("Jürgen Strauß", "jurgen strauss") == 0 && loose_compare("Strauß", "Straus") > 0,
	   "Strauß is Strauss, not Straus");
	ok(loose_compare("Æsir Œdipe", "aesir oedipe") == 0 && loose_compare("Ĳssel", "IJssel") == 0,
	   "Æ, Œ and Ĳ are ae, oe and ij");
	ok(loose_compare("Ștefan Țurcan", "Stefan Turcan") == 0 && loose_compare("Ştefan", "Ștefan") == 0,
	   "Romanian Ș and Ț are s and t, as the cedilla forms are");
	ok(loose_compare("Straußa", "Strausz") < 0 && loose_compare("Strauß", "Strausst") < 0 &&
	   loose_compare("Strauß Lee", "Strauss  Lee") == 0 && loose_compare("Strauß", "Strauss ") == 0,
	   "the second letter of a fold compares like any other, before a space and at the end");
	name_fold("Jürgen STRAUß", folded, sizeof(folded));
	ok(!strcmp(folded, "jurgen strauss"), "search finds Strauß as 'strauss'");
	char tiny[4];
	name_fold("aßb", tiny, sizeof(tiny));
	ok(!strcmp(tiny, "ass"), "a fold cut at the buffer's end stays inside it");
	ok(filing_initial("Ana Țurcan") == L'T' && filing_initial("Ana Șerban") == L'S',
	   "Țurcan is filed under T, Șerban under S");
	/* Capital ẞ (U+1E9E), from a sheet in capitals, is ss as ß is. */
	ok(loose_compare("JÜRGEN STRAUẞ", "Jurgen Strauss") == 0 && loose_compare("STRAUẞ", "STRAUS") > 0,
	   "capital ẞ is ss");
	name_fold("STRAUẞ", folded, sizeof(folded));
	ok(!strcmp(folded, "strauss"), "search finds STRAUẞ as 'strauss'");
	struct delegate capitals[] = {
		{ .id = "c0", .name = "Jürgen Strauß", .organisation = "Acme" },
		{ .id = "c1", .name = "JÜRGEN STRAUẞ", .organisation = "ACME" },
	};
	struct event ev8 = { .delegates = capitals, .delegates_count = 2 };
	first = delegates_first_named_alike(&ev8, NULL);
	ok(first && first[0] == -1 && first[1] == 0, "named alike: JÜRGEN STRAUẞ is Jürgen Strauß");
	free(first);
	struct delegate twins[] = {
		{ .id = "s0", .name = "Jürgen Strauß", .organisation = "Acme" },
		{ .id = "s1", .name = "Jurgen Strauss", .organisation = "ACME" },
		{ .id = "s2", .name = "Jurgen Straus", .organisation = "Acme" },
	};
	struct event ev7 = { .delegates = twins, .delegates_count = 3 };
	first = delegates_first_named_alike(&ev7, NULL);
	ok(first && first[0] == -1 && first[1] == 0 && first[2] == -1,
	   "named alike: Jurgen Strauss is the roster's Jürgen Strauß, Jurgen Straus is not");
	free(first);

	return tap_done();
}
