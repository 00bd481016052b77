/* Loading valid events: every optional key, inline and referenced files,
 * wide characters, lookups, and the sample event shipped in data/. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "table_mix.h"
#include "tap.h"

static char path[4096];

static const char *fixture(const char *dir, const char *rel)
{
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	return path;
}

/* Loads dir/rel; on failure the problems become TAP comments. */
static bool load_fixture(struct event *ev, const char *dir, const char *rel)
{
	struct diag_list d;
	diag_list_init(&d);
	bool loaded = event_load(ev, fixture(dir, rel), &d);
	for (size_t i = 0; i < d.count; i++) {
		char line[1024];
		diag_format(&d.items[i], line, sizeof(line));
		printf("# %s\n", line);
	}
	diag_list_free(&d);
	return loaded;
}

static void test_full(const char *dir)
{
	struct event ev;
	if (!ok(load_fixture(&ev, dir, "fixtures/full/event.yaml"), "the full fixture loads"))
		return;
	is_str(ev.name, "Full fixture", "event name");
	is_str(ev.date, "2025-03-01", "event date");
	is_str(ev.venue, "Main hall", "event venue");
	is_int(ev.roles_count, 2, "custom roles replace the default four");
	is_str(ev.roles[1].label, "guest", "a role without a label is labelled by its id");
	is_int(ev.roles[0].letter, 'H', "role letters come from the id");
	is_int(ev.roles[1].letter, 'G', "and are distinct");
	is_int(ev.stages_count, 2, "stages");
	is_int(ev.stages[0].minutes, 20, "stage minutes");
	is_int(ev.stages[1].minutes, 0, "an untimed stage has 0 minutes");
	is_int(ev.themes_count, 2, "themes from a referenced file");
	is_str(ev.themes[0].prompt, "What needs to happen?", "theme prompt");
	ok(ev.themes[1].area == NULL, "a theme without an area has NULL");
	ok(ev.tables_listed, "a table list");
	is_int(ev.tables_count, 2, "two tables");
	is_str(ev.tables[0].name, "By the window", "table name");
	is_int(ev.tables[0].provides_count, 2, "table provides two features");
	is_str(ev.tables[0].provides[1], "hearing-loop", "in order");
	is_int(ev.tables[1].theme, 1, "table B's theme is health");
	is_int(ev.delegates_count, 4, "four delegates");
	const struct delegate *h1 = &ev.delegates[0];
	is_str(h1->name, "王芳", "a CJK name survives intact");
	is_str(h1->organisation, "Café Niña 🌱", "an organisation with accents and emoji too");
	is_int(h1->pinned_table, 0, "h1 is pinned to table A");
	ok(h1->host, "h1 is a host");
	is_str(h1->email, "wang@example.org", "email");
	const struct delegate *g1 = &ev.delegates[1];
	is_int(g1->preferences_count, 2, "g1 ranks two themes");
	is_int(g1->preferences[0], 1, "health first");
	is_int(g1->needs_count, 1, "g1 needs one feature");
	is_int(g1->avoid_count, 1, "g1 avoids one delegate");
	is_int(g1->avoid[0], 2, "g2");
	ok(!ev.delegates[2].present, "present: false");
	ok(ev.delegates[3].present, "present: yes is true");
	is_int(ev.orgs_count, 3, "three distinct organisations");
	is_int(g1->org, ev.delegates[2].org, "same organisation, same index");
	is_int(event_find_delegate(&ev, "g3"), 3, "find a delegate by id");
	is_int(event_find_delegate(&ev, "zz"), -1, "an unknown id is -1");
	is_int(event_find_table(&ev, "B"), 1, "find a table by id");
	is_int(event_find_theme(&ev, "housing"), 0, "find a theme by id");
	is_int(event_present_count(&ev), 3, "three present");
	is_int(event_seat_count(&ev), 5, "five seats");
	event_free(&ev);
}

static void test_inline(const char *dir)
{
	struct event ev;
	if (!ok(load_fixture(&ev, dir, "fixtures/inline/event.yaml"), "the inline fixture loads"))
		return;
	is_int(ev.roles_count, 4, "the four Alchemy roles by default");
	is_str(ev.roles[1].id, "investor", "in their usual order");
	char letters[5] = { 0 };
	for (int i = 0; i < 4; i++)
		letters[i] = ev.roles[i].letter;
	is_str(letters, "CIOS", "with the letters C, I, O and S");
	ok(!ev.tables_listed, "count + capacity");
	is_int(ev.tables_count, 2, "gives two tables");
	is_str(ev.tables[1].id, "2", "numbered from 1");
	is_int(ev.tables[0].theme, -1, "with themes left to the allocator");
	is_int(ev.delegates_count, 5, "inline roster");

	int table_of[5] = { 0, 0, 1, 1, -1 };
	struct table_mixes m;
	is_int(table_mixes_compute(&m, &ev, table_of), 0, "mixes compute");
	is_int(m.tables[0].size, 2, "table 1 seats two");
	is_int(m.tables[0].role_counts[0], 2, "both commissioners");
	is_int(m.tables[0].org_pairs, 1, "from one council: one same-organisation pair");
	is_int(m.tables[1].org_pairs, 0, "table 2 has no clash");
	is_int(m.tables[1].role_counts[1] + m.tables[1].role_counts[2], 2, "an investor and a co-op at table 2");
	is_int(m.tables[0].org_excess, 1, "the council's two at one of two tables: one beyond an even spread");
	table_mixes_free(&m);
	/* Three from one organisation over two tables: two at one table is as
	 * even as it gets, so a pair but no clash to warn about (issue 13). */
	ev.delegates[2].org = ev.delegates[0].org;
	is_int(table_mixes_compute(&m, &ev, table_of), 0, "mixes compute");
	is_int(m.tables[0].org_pairs, 1, "three council members: still one pair at table 1");
	is_int(m.tables[0].org_excess, 0, "but none beyond what two tables allow");
	table_mixes_free(&m);
	int crowded[5] = { 0, 0, 0, 1, 1 };
	is_int(table_mixes_compute(&m, &ev, crowded), 0, "mixes compute");
	is_int(m.tables[0].org_excess, 1, "all three at one table: one more than the two allowed");
	is_int(m.tables[0].apart_pairs + m.tables[0].needs_unmet, 0, "nobody kept apart, nobody needs anything");
	table_mixes_free(&m);
	/* Hard rules a merge of two desks can break: Ann (0) and Cy (2) named
	 * apart both ways, Ann twice; Di (3) apart from Ed (4), one way; Ed
	 * needs step-free access, which only table 1 provides. */
	int *avoid0 = ev.delegates[0].avoid, *avoid2 = ev.delegates[2].avoid, *avoid3 = ev.delegates[3].avoid;
	size_t n0 = ev.delegates[0].avoid_count, n2 = ev.delegates[2].avoid_count, n3 = ev.delegates[3].avoid_count;
	const char **needs4 = ev.delegates[4].needs, **provides0 = ev.tables[0].provides;
	size_t needs4_n = ev.delegates[4].needs_count, provides0_n = ev.tables[0].provides_count;
	int ann_apart[2] = { 2, 2 }, cy_apart[1] = { 0 }, di_apart[1] = { 4 };
	const char *step_free[1] = { "step-free" };
	ev.delegates[0].avoid = ann_apart, ev.delegates[0].avoid_count = 2;
	ev.delegates[2].avoid = cy_apart, ev.delegates[2].avoid_count = 1;
	ev.delegates[3].avoid = di_apart, ev.delegates[3].avoid_count = 1;
	ev.delegates[4].needs = step_free, ev.delegates[4].needs_count = 1;
	ev.tables[0].provides = step_free, ev.tables[0].provides_count = 1;
	is_int(table_mixes_compute(&m, &ev, crowded), 0, "mixes compute");
	is_int(m.tables[0].apart_pairs, 1, "Ann and Cy at table 1: one keep-apart pair, however often named");
	is_int(m.tables[1].apart_pairs, 1, "Di and Ed at table 2: one, named one way");
	is_int(m.tables[1].needs_unmet, 1, "Ed needs step-free access, which table 2 does not provide");
	is_int(m.tables[0].needs_unmet, 0, "table 1 needs nothing it lacks");
	table_mixes_free(&m);
	/* A later round's plan still seats a no-show: not counted. */
	ev.delegates[2].present = ev.delegates[4].present = false;
	is_int(table_mixes_compute(&m, &ev, crowded), 0, "mixes compute");
	is_int(m.tables[0].apart_pairs + m.tables[1].apart_pairs + m.tables[1].needs_unmet, 0,
	       "Cy and Ed absent: no pair kept apart, no need unmet, though their seats stand");
	table_mixes_free(&m);
	ev.delegates[2].present = ev.delegates[4].present = true;
	int moved[5] = { 0, 0, 1, 1, 0 };
	is_int(table_mixes_compute(&m, &ev, moved), 0, "mixes compute");
	is_int(m.tables[0].apart_pairs + m.tables[1].apart_pairs + m.tables[0].needs_unmet + m.tables[1].needs_unmet,
	       0, "Cy and Ed moved: every hard rule holds again");
	table_mixes_free(&m);
	ev.delegates[0].avoid = avoid0, ev.delegates[0].avoid_count = n0;
	ev.delegates[2].avoid = avoid2, ev.delegates[2].avoid_count = n2;
	ev.delegates[3].avoid = avoid3, ev.delegates[3].avoid_count = n3;
	ev.delegates[4].needs = needs4, ev.delegates[4].needs_count = needs4_n;
	ev.tables[0].provides = provides0, ev.tables[0].provides_count = provides0_n;
	int pins[5];
	seating_from_pins(&ev, pins);
	ok(pins[0] == -1 && pins[4] == -1, "no pins: nobody seated");
	event_free(&ev);
}

static void test_sample(const char *root)
{
	struct event ev;
	if (!ok(load_fixture(&ev, root, "../../data/imagine-2024/event.yaml"), "the bundled sample event loads"))
		return;
	is_int(ev.themes_count, 8, "the eight E3M Imagine 2024 challenges");
	is_int(ev.stages_count, 4, "four stages");
	ok(ev.delegates_count >= 100 && ev.delegates_count <= 120, "about 110 delegates (%zu)", ev.delegates_count);
	ok(ev.orgs_count >= 40 && ev.orgs_count <= 50, "about 45 organisations (%zu)", ev.orgs_count);
	is_int(ev.tables_count, 12, "12 tables");
	is_int(ev.tables[0].capacity, 10, "of 10");
	size_t pinned = 0, avoid = 0, wide = 0;
	for (size_t i = 0; i < ev.delegates_count; i++) {
		pinned += ev.delegates[i].pinned_table >= 0;
		avoid += ev.delegates[i].avoid_count;
		for (const unsigned char *p = (const unsigned char *)ev.delegates[i].name; *p; p++)
			if (*p >= 0xE3) {
				wide++;
				break;
			}
	}
	ok(pinned >= 3, "a few table hosts pinned");
	is_int(avoid, 1, "one keep-apart pair");
	ok(wide >= 3, "names in non-Latin scripts");
	event_free(&ev);
}

int main(int argc, char **argv)
{
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
	const char *dir = argc > 1 ? argv[1] : ".";
	test_full(dir);
	test_inline(dir);
	test_sample(dir);

	struct event ev;
	struct diag_list d;
	diag_list_init(&d);
	ok(!event_load(&ev, fixture(dir, "fixtures/nothing-here.yaml"), &d), "a missing file fails");
	is_int(diag_exit_status(&d), 66, "with EX_NOINPUT");
	diag_list_free(&d);
	return tap_done();
}
