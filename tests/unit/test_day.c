/* The day as a journal: replay order (hybrid logical clock, device,
 * sequence), duplicates counted once, last writer wins with conflicts
 * marked, the clock advanced past what was read, undo refused after
 * another device's change, torn lines, and following appended records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dayops.h"
#include "tap.h"

static char dir[256], event_path[300];

static void write_text(const char *rel, const char *text, const char *mode)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	FILE *f = fopen(p, mode);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void fresh_event(void)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s/day'", dir);
	if (system(cmd) != 0)
		printf("# could not clear %s\n", dir);
	write_text("event.yaml",
		   "event: {name: Unit}\n"
		   "themes:\n  - {id: a, title: A}\n  - {id: b, title: B}\n"
		   "roster:\n"
		   "  - {id: d1, name: Ann, organisation: O1, role: commissioner}\n"
		   "  - {id: d2, name: Bo, organisation: O2, role: investor}\n"
		   "  - {id: d3, name: Cy, organisation: O3, role: coop}\n"
		   "  - {id: d4, name: Di, organisation: O4, role: social-enterprise}\n"
		   "tables: {count: 2, capacity: 3}\n", "w");
	write_text("allocation.yaml",
		   "rounds:\n  - round: 1\n    tables:\n"
		   "      - {table: 1, theme: a, delegates: [d1, d2]}\n"
		   "      - {table: 2, theme: b, delegates: [d3, d4]}\n", "w");
	mkdir(event_path[0] ? dir : dir, 0755);
	char day[300];
	snprintf(day, sizeof(day), "%s/day", dir);
	mkdir(day, 0755);
}

static bool open_day(struct day *dy)
{
	struct diag_list d;
	diag_list_init(&d);
	bool ok = day_open(dy, event_path, 0, &d);
	for (size_t k = 0; k < d.count; k++)
		printf("# %s\n", d.items[k].message);
	diag_list_free(&d);
	return ok;
}

static const char *seat(const struct day *dy, const char *id)
{
	int i = event_find_delegate(&dy->ev, id);
	int t = i >= 0 && dy->has_plan ? dy->plan.rounds[0].seat[i] : -1;
	return t >= 0 ? dy->ev.tables[t].id : "-";
}

static void test_order_and_duplicates(void)
{
	fresh_event();
	/* Written out of order, across files; ties on the clock broken by
	 * device, then sequence. desk-b's record at (100, 1) comes after
	 * desk-a's at (100, 0) and before desk-a's at (100, 2). */
	write_text("day/desk-b.yaml",
		   "- {at: 100, n: 1, dev: desk-b, seq: 1, op: move, set: [[\"d1\", seat, \"2\", \"1\"]]}\n", "w");
	write_text("day/desk-a.yaml",
		   "- {at: 100, n: 2, dev: desk-a, seq: 2, op: move, set: [[\"d1\", seat, \"1\", \"2\"]]}\n"
		   "- {at: 100, n: 0, dev: desk-a, seq: 1, op: lock, set: [[\"d2\", lock, \"true\", \"false\"]]}\n", "w");
	/* The same record again, as a Syncthing conflict copy would hold it. */
	write_text("day/desk-b.sync-conflict-20261130-0000-XYZ.yaml",
		   "- {at: 100, n: 1, dev: desk-b, seq: 1, op: move, set: [[\"d1\", seat, \"2\", \"1\"]]}\n", "w");
	struct day dy;
	if (!ok(open_day(&dy), "the day opens"))
		return;
	is_int(dy.records_count, 3, "three records: the copy counts once");
	ok(dy.records_count == 3 && !strcmp(dy.records[0].device, "desk-a") && dy.records[0].seq == 1 &&
	   !strcmp(dy.records[1].device, "desk-b") && !strcmp(dy.records[2].device, "desk-a"),
	   "ordered by (time, counter), then device, then sequence");
	is_str(seat(&dy, "d1"), "1", "the last move wins: d1 back at table 1");
	ok(dy.state.locked[event_find_delegate(&dy.ev, "d2")], "d2 locked");
	ok(!dy.records[2].conflict, "desk-a's move had seen desk-b's (its 'was' matches): no conflict");
	ok(day_warnings(&dy)->count >= 1, "the Syncthing copy is said");

	/* A device whose wall clock is behind still writes after what it read. */
	struct day_client c = { "desk-c", 50, 0 };
	struct day_op op = { .kind = DAY_OP_MOVE, .who = event_find_delegate(&dy.ev, "d3"), .table = 0 };
	struct diag_list d;
	diag_list_init(&d);
	ok(day_change(&dy, &c, &op, NULL, &d), "a move from a device with a slow clock");
	const struct day_record *last = &dy.records[dy.records_count - 1];
	ok(!strcmp(last->device, "desk-c") && last->at == 100 && last->counter == 3,
	   "its record takes the clock past every record read: (100, 3), sorted last");
	is_str(seat(&dy, "d3"), "1", "d3 at table 1");
	diag_list_free(&d);
	day_close(&dy);
}

static void test_conflict_and_undo(void)
{
	fresh_event();
	/* Two laptops apart: desk-a moves d1 to 2; desk-b, not having seen
	 * it, marks d1 absent (its seat was 1 as desk-b saw it). */
	write_text("day/desk-a.yaml",
		   "- {at: 1000, n: 0, dev: desk-a, seq: 1, op: move, set: [[\"d1\", seat, \"2\", \"1\"]]}\n", "w");
	write_text("day/desk-b.yaml",
		   "- {at: 2000, n: 0, dev: desk-b, seq: 1, op: absent, set: [[\"d1\", attendance, \"absent\", \"expected\"], [\"d1\", seat, \"-\", \"1\"]]}\n",
		   "w");
	struct day dy;
	if (!ok(open_day(&dy), "the day opens"))
		return;
	is_int(dy.records_count, 2, "two records");
	ok(dy.records[1].conflict && dy.records[1].conflict_with == 0,
	   "desk-b's change overrode desk-a's, which it had not seen: a conflict, marked");
	ok(!dy.records[0].conflict, "the earlier one is not marked");
	is_str(seat(&dy, "d1"), "-", "the later wins: d1 absent, no seat");
	is_int(day_attendance(&dy, event_find_delegate(&dy.ev, "d1")), ATT_ABSENT, "attendance absent");

	/* desk-a's undo would put d1 back at table 1 over desk-b's change,
	 * which has set all desk-a's move set: nothing left to undo, passed over. */
	struct day_client a = { "desk-a", 3000, 0 };
	struct day_op undo = { .kind = DAY_OP_UNDO };
	struct diag_list d;
	diag_list_init(&d);
	struct day_result res;
	ok(day_change(&dy, &a, &undo, &res, &d), "desk-a's undo passes over its move");
	ok(strstr(res.what, "nothing left to undo") && strstr(res.what, "desk-b") && strstr(res.what, "Ann (d1)"),
	   "saying who changed whom since (%s)", res.what);
	is_int(dy.records_count, 3, "with a record");
	ok(dy.records_count == 3 && dy.records[2].kind == DAY_OP_UNDO && !dy.records[2].changes_count,
	   "of no changes");
	is_str(seat(&dy, "d1"), "-", "desk-b's change stands");
	ok(!day_change(&dy, &a, &undo, NULL, &d) && d.count && strstr(d.items[0].message, "nothing to undo"),
	   "and desk-a has nothing older to undo");
	diag_list_free(&d);

	/* desk-b's own undo puts its change back, and survives a reopen. */
	struct day_client b = { "desk-b", 3000, 0 };
	diag_list_init(&d);
	ok(day_change(&dy, &b, &undo, NULL, &d), "desk-b undoes its own change");
	is_str(seat(&dy, "d1"), "2", "d1 back at desk-a's table 2");
	diag_list_free(&d);
	day_close(&dy);
	if (!ok(open_day(&dy), "reopened"))
		return;
	is_int(day_undo_target(&dy, "desk-b", false), -1, "after a restart desk-b has nothing left to undo");
	ok(day_undo_target(&dy, "desk-b", true) == 3, "and its undo can be redone");
	struct day_op redo = { .kind = DAY_OP_REDO };
	diag_list_init(&d);
	ok(day_change(&dy, &b, &redo, NULL, &d), "redo");
	is_str(seat(&dy, "d1"), "-", "absent again");
	diag_list_free(&d);
	day_close(&dy);
}

static void test_torn_and_follow(void)
{
	fresh_event();
	write_text("day/desk-a.yaml",
		   "# a comment\n"
		   "- {at: 10, n: 0, dev: desk-a, seq: 1, op: lock, set: [[\"d1\", lock, \"true\", \"false\"]]}\n"
		   "- {at: 11, n: 0, dev: desk-a, seq: 2, op: lo\n"
		   "- {at: 12, n: 0, dev: desk-a, seq: 3, op: lock, set: [[\"d2\", lock, \"true\", \"false\"]]}\n"
		   "- {at: 13, n: 0, dev: desk-a, seq: 4, op: lock, set: [[\"d3\", lo", "w");
	struct day dy;
	if (!ok(open_day(&dy), "a journal with a damaged line and a torn last line opens"))
		return;
	is_int(dy.records_count, 2, "the two whole records are read");
	ok(day_warnings(&dy)->count == 1, "the damaged line is a warning");
	ok(!day_files_changed(&dy), "nothing changed since the read");
	/* The torn record completed (the writer finished), then a new one. */
	write_text("day/desk-a.yaml", "ck, \"true\", \"false\"]]}\n", "a");
	is_int(dy.records_count, 2, "(the torn line was left for the next read)");
	write_text("day/desk-b.yaml",
		   "- {at: 20, n: 0, dev: desk-b, seq: 1, op: move, set: [[\"d4\", seat, \"1\", \"2\"]]}\n", "w");
	ok(day_files_changed(&dy), "appended records change the stamp");
	struct diag_list d;
	diag_list_init(&d);
	is_int(day_refresh(&dy, &d), 1, "refresh reads them");
	is_int(dy.records_count, 4, "four records now");
	ok(dy.state.locked[event_find_delegate(&dy.ev, "d3")], "the completed record applies");
	is_str(seat(&dy, "d4"), "1", "and the new one");
	/* A record from another laptop that sorts before those applied. */
	write_text("day/desk-c.yaml",
		   "- {at: 5, n: 0, dev: desk-c, seq: 1, op: move, set: [[\"d4\", seat, \"2\", \"2\"]]}\n", "w");
	is_int(day_refresh(&dy, &d), 1, "an older record is merged in");
	ok(!strcmp(dy.records[0].device, "desk-c"), "it sorts first");
	ok(!dy.records[3].conflict, "desk-b had seen table 2 for d4 as it was: no conflict");
	is_str(seat(&dy, "d4"), "1", "and the later move still wins");
	is_int(day_refresh(&dy, &d), 0, "nothing new: nothing read");
	diag_list_free(&d);
	day_close(&dy);
}

static void test_walkin_ids(void)
{
	fresh_event();
	struct day dy;
	if (!ok(open_day(&dy), "the day opens"))
		return;
	struct diag_list d;
	diag_list_init(&d);
	struct day_result r1, r2;
	struct day_op w = { .kind = DAY_OP_WALKIN, .name = "Zed", .organisation = "Zoo", .role = "coop" };
	struct day_client a = { "desk-a", 100, 0 }, b = { "desk-b", 100, 0 };
	ok(day_change(&dy, &a, &w, &r1, &d), "a walk-in on desk-a");
	/* The same name and organisation again counts them twice: refused,
	 * saying who and where, unless asked again. */
	struct day_op same = w;
	same.name = " zed ";
	ok(!day_change(&dy, &b, &same, &r2, &d) && d.count == 1 &&
		   strstr(d.items[0].message, "Zed (Zoo) is already here as w-desk-a-001-0000 (arrived"),
	   "the same walk-in again (case and spaces aside) is refused, naming the first (%s)",
	   d.count ? d.items[0].message : "no message");
	diag_list_free(&d);
	diag_list_init(&d);
	w.again = true;
	ok(day_change(&dy, &b, &w, &r2, &d), "another on desk-b, asked again");
	ok(r1.walkin_id && r2.walkin_id && !strcmp(r1.walkin_id, "w-desk-a-001-0000") &&
	   !strcmp(r2.walkin_id, "w-desk-b-001-0000"),
	   "ids name their device: unique without asking anyone");
	/* A third is refused naming both: an add --again records each one of
	 * that name as seen, so the refusal shows each. */
	struct day_result r3;
	ok(!day_change(&dy, &a, &same, &r3, &d) && d.count == 1 &&
		   strstr(d.items[0].message, "is already here as w-desk-a-001-0000 (arrived") &&
		   strstr(d.items[0].message, ", w-desk-b-001-0000 (arrived"),
	   "a third of that name is refused naming both (%s)", d.count ? d.items[0].message : "no message");
	diag_list_free(&d);
	diag_list_init(&d);
	size_t counts[ATT_STATES];
	day_attendance_counts(&dy, counts);
	is_int(counts[ATT_ARRIVED], 2, "both arrived");
	is_int(counts[ATT_EXPECTED], 4, "the roster still expected");
	struct day_op doors = { .kind = DAY_OP_DOORS_CLOSED };
	ok(day_change(&dy, &a, &doors, &r3, &d), "doors closed");
	day_attendance_counts(&dy, counts);
	ok(counts[ATT_ABSENT] == 4 && counts[ATT_ARRIVED] == 2, "everyone still expected is now absent");
	is_int(dy.records_count, 3, "one record for all four");
	diag_list_free(&d);
	day_close(&dy);
}

/* How many day_twice_here finds; *first gets the first message. */
static size_t twice(const struct day *dy, char *first, size_t size)
{
	struct diag_list w;
	diag_list_init(&w);
	size_t n = day_twice_here(dy, &w, NULL);
	snprintf(first, size, "%s", w.count ? w.items[0].message : "");
	if (w.count)
		printf("# %s\n", first);
	diag_list_free(&w);
	return n;
}

/* A walk-in record as DEVICE wrote it offline (its first record): id
 * w-DEVICE-001-zzzz, seated at table 2; again: "" or its `, again: ...`. */
static void write_walkin(const char *device, long long at, const char *name, const char *org, const char *again)
{
	char rel[64], line[700], id[64];
	snprintf(rel, sizeof(rel), "day/%s.yaml", device);
	snprintf(id, sizeof(id), "w-%s-001-zzzz", device);
	snprintf(line, sizeof(line),
		 "- {at: %lld, n: 0, dev: %s, seq: 1, op: walk-in, add: {id: \"%s\", name: \"%s\", organisation: "
		 "\"%s\", role: \"coop\"%s}, set: [[\"%s\", attendance, \"arrived\", \"absent\"], [\"%s\", seat, "
		 "\"2\", \"-\"]]}\n",
		 at, device, id, name, org, again, id, id);
	write_text(rel, line, "w");
}

/* Two desks offline each add the same walk-in: after the merge the day
 * says they may be one person, until one is marked absent. A walk-in added
 * knowing of the other (again) is not said, nor is the record's `again`
 * lost on the way through the journal. A roster person a desk added as a
 * walk-in without seeing them (a re-import listed them since) is said. */
static void test_twice_here(void)
{
	fresh_event();
	struct day dy;
	if (!ok(open_day(&dy), "the day opens"))
		return;
	struct diag_list d;
	diag_list_init(&d);
	struct day_result r;
	char first[1024];
	struct day_op w = { .kind = DAY_OP_WALKIN, .name = "Zed", .organisation = "Zoo", .role = "coop" };
	struct day_client a = { "desk-a", 100, 0 }, b = { "desk-b", 300, 0 };
	/* Seats for the walk-ins: 6, with two of the four roster people gone. */
	struct day_op d3 = { .kind = DAY_OP_ABSENT, .who = event_find_delegate(&dy.ev, "d3") };
	struct day_op d4 = { .kind = DAY_OP_ABSENT, .who = event_find_delegate(&dy.ev, "d4") };
	ok(day_change(&dy, &a, &d3, &r, &d) && day_change(&dy, &a, &d4, &r, &d), "two no-shows");
	ok(day_change(&dy, &a, &w, &r, &d), "a walk-in on desk-a");
	is_int(twice(&dy, first, sizeof(first)), 0, "one walk-in: nobody twice");
	/* desk-b, offline, wrote the same person (case and spaces aside). */
	write_walkin("desk-b", 200, " zed ", "Zoo", "");
	is_int(day_refresh(&dy, &d), 1, "desk-b's journal merged in");
	is_int(twice(&dy, first, sizeof(first)), 1, "the second walk-in may be the first");
	ok(strstr(first, "Zed (Zoo) may be here twice; if one person, mark w-desk-b-001-zzzz absent: x in the people "
			 "list") && strstr(first, "w-desk-b-001-zzzz --absent. w-desk-a-001-0000: a walk-in added at desk-a, "
						  "table 2; w-desk-b-001-zzzz: a walk-in added at desk-b, table 2"),
	   "naming both, where each came from and sits, and the later one to mark absent");
	/* Another of that name, added knowing (again): not said. */
	w.again = true;
	ok(day_change(&dy, &b, &w, &r, &d), "a third Zed on desk-b, asked again");
	is_int(twice(&dy, first, sizeof(first)), 1, "still only the one added unseen");
	day_close(&dy);
	if (!ok(open_day(&dy), "the day opens again, from the journals"))
		return;
	is_int(twice(&dy, first, sizeof(first)), 1, "again is kept in the journal: still one");
	struct day_op gone = { .kind = DAY_OP_ABSENT, .who = event_find_delegate(&dy.ev, "w-desk-b-001-zzzz") };
	ok(day_change(&dy, &a, &gone, &r, &d), "the duplicate marked absent");
	is_int(twice(&dy, first, sizeof(first)), 0, "then nobody is said twice");
	/* A walk-in named as a roster person, written unseen. */
	write_walkin("desk-c", 900, "Ann", "O1", "");
	is_int(day_refresh(&dy, &d), 1, "desk-c's journal merged in");
	is_int(twice(&dy, first, sizeof(first)), 1, "a walk-in named as a roster person is said");
	ok(strstr(first, "Ann (O1) may be here twice; if one person, mark d1 absent (or, if they sit at table 1, "
			 "w-desk-c-001-zzzz, and check d1 in)") &&
		   strstr(first, "d1: in the roster, expected, table 1; w-desk-c-001-zzzz: a walk-in added at desk-c"),
	   "the roster person first, and marked absent while not arrived: the walk-in holds their seat");
	diag_list_free(&d);
	day_close(&dy);

	/* Cy is in the roster, absent: each desk must add the walk-in Cy with
	 * again, having seen d3. Two desks doing so offline still made one
	 * person twice: again names whom the desk saw, not everyone. */
	fresh_event();
	if (!ok(open_day(&dy), "a fresh day opens"))
		return;
	ok(day_change(&dy, &a, &d3, &r, &d), "Cy (d3) a no-show");
	struct day_op cy = { .kind = DAY_OP_WALKIN, .name = "Cy", .organisation = "O3", .role = "coop" };
	ok(!day_change(&dy, &a, &cy, &r, &d), "Cy as a walk-in is refused: d3 has that name");
	diag_list_free(&d);
	diag_list_init(&d);
	cy.again = true;
	ok(day_change(&dy, &a, &cy, &r, &d), "and added with again on desk-a");
	write_walkin("desk-d", 900, "Cy", "O3", ", again: [\"d3\"]");
	is_int(day_refresh(&dy, &d), 1, "desk-d, offline, did the same");
	is_int(twice(&dy, first, sizeof(first)), 1, "the two walk-ins are said: each desk saw d3, not the other");
	ok(strstr(first, "Cy (O3) may be here twice; if one person, mark w-desk-d-001-zzzz absent") &&
		   strstr(first, "w-desk-a-001-0000: a walk-in added at desk-a"),
	   "naming the two walk-ins");
	/* A journal of before the ids: again: true (the desk saw everyone). */
	write_walkin("desk-e", 950, "Cy", "O3", ", again: true");
	is_int(day_refresh(&dy, &d), 1, "desk-e's older journal merged in");
	is_int(twice(&dy, first, sizeof(first)), 1, "again: true is not said");
	diag_list_free(&d);
	day_close(&dy);
}

static bool refused_with(struct diag_list *d, const char *text)
{
	bool found = false;
	for (size_t k = 0; k < d->count; k++) {
		printf("# %s\n", d->items[k].message);
		found |= strstr(d->items[k].message, text) != NULL;
	}
	diag_list_free(d);
	diag_list_init(d);
	return found;
}

/* 2 tables of 3 = 6 seats, 4 on the roster: two walk-ins fit, a third is
 * refused saying what to do; a no-show frees a seat; an absent person's
 * arrival and back-to-expected are held to the same seats; a swap at a
 * table already over (a merge) is still allowed. */
/* A change names a person by the index its desk saw; another desk's
 * walk-in dated earlier, read as the change begins, replays before this
 * desk's own and moves it one on. The change must still land on the
 * person the desk chose, never on the newcomer now at that index. */
static bool fresh_day(struct day *dy)
{
	fresh_event();
	return ok(open_day(dy), "the day opens");
}

static void test_index_after_merge(void)
{
	struct day dy;
	if (!fresh_day(&dy))
		return;
	struct diag_list d;
	diag_list_init(&d);
	struct day_result r;
	struct day_client a = { "desk-a", 500, 0 };
	struct day_op late = { .kind = DAY_OP_WALKIN, .name = "Late", .organisation = "Lo", .role = "coop" };
	ok(day_change(&dy, &a, &late, &r, &d), "desk-a adds a walk-in");
	int seen = event_find_delegate(&dy.ev, r.walkin_id ? r.walkin_id : "");
	char late_id[64];
	snprintf(late_id, sizeof(late_id), "%s", r.walkin_id ? r.walkin_id : "");
	write_walkin("desk-b", 200, "Early", "Eo", "");   /* offline, earlier: replays first */
	struct day_op gone = { .kind = DAY_OP_ABSENT, .who = seen };
	a.now_ms = 600;
	ok(day_change(&dy, &a, &gone, &r, &d), "desk-a marks its walk-in absent, by the index it saw");
	int now_late = event_find_delegate(&dy.ev, late_id), early = event_find_delegate(&dy.ev, "w-desk-b-001-zzzz");
	ok(now_late != seen, "the earlier walk-in did take that index (the case is real)");
	is_int(day_attendance(&dy, now_late), ATT_ABSENT, "the walk-in desk-a chose is absent");
	is_int(day_attendance(&dy, early), ATT_ARRIVED, "the other desk's walk-in is untouched");
	diag_list_free(&d);
	day_close(&dy);
}

static void test_capacity(void)
{
	fresh_event();
	struct day dy;
	if (!ok(open_day(&dy), "the day opens"))
		return;
	struct diag_list d;
	diag_list_init(&d);
	struct day_result r;
	struct day_client a = { "desk-a", 1000, 7 };
	struct day_op w = { .kind = DAY_OP_WALKIN, .name = "W", .organisation = "Wo", .role = "coop", .again = true };
	ok(day_change(&dy, &a, &w, &r, &d) && day_change(&dy, &a, &w, &r, &d), "two walk-ins fill the six seats");
	size_t before = dy.records_count;
	ok(!day_change(&dy, &a, &w, &r, &d), "a third walk-in is refused");
	ok(refused_with(&d, "every table is full: 6 seats for 7 not absent; add a table or mark no-shows"),
	   "saying the seats, the people and what to do");
	is_int(dy.records_count, before, "nothing written");
	size_t counts[ATT_STATES];
	day_attendance_counts(&dy, counts);
	is_int(counts[ATT_ARRIVED] + counts[ATT_EXPECTED], 6, "nobody added");
	struct day_op no_show = { .kind = DAY_OP_ABSENT, .who = event_find_delegate(&dy.ev, "d1") };
	ok(day_change(&dy, &a, &no_show, &r, &d), "a no-show frees a seat");
	struct day_op back = { .kind = DAY_OP_EXPECTED, .who = no_show.who };
	struct day_op arrive = { .kind = DAY_OP_ARRIVE, .who = no_show.who };
	ok(day_change(&dy, &a, &w, &r, &d), "then a walk-in fits");
	ok(!day_change(&dy, &a, &back, &r, &d) && refused_with(&d, "every table is full"),
	   "back to expected for the no-show is refused when it would overfill");
	ok(!day_change(&dy, &a, &arrive, &r, &d) && refused_with(&d, "every table is full"),
	   "so is their arrival");
	for (size_t t = 0; t < dy.ev.tables_count; t++) {
		size_t n = 0;
		for (size_t i = 0; i < dy.ev.delegates_count; i++)
			n += dy.plan.rounds[0].seat[i] == (int)t;
		ok(n <= 3, "table %s holds no more than its 3 seats", dy.ev.tables[t].id);
	}
	diag_list_free(&d);
	day_close(&dy);

	/* A table over its capacity after a merge: a swap changes no size. */
	fresh_event();
	write_text("day/lap.yaml",
		   "- {at: 100, n: 0, dev: lap, seq: 1, op: move, set: [[\"d3\", seat, \"1\", \"2\"]]}\n"
		   "- {at: 100, n: 1, dev: lap, seq: 2, op: walk-in, add: {id: \"w-lap-001\", name: \"L\", "
		   "organisation: \"Lo\", role: \"coop\"}, set: [[\"w-lap-001\", attendance, \"arrived\", \"absent\"], "
		   "[\"w-lap-001\", seat, \"1\", \"-\"]]}\n", "w");
	if (!ok(open_day(&dy), "the day opens with table 1 at 4 of 3"))
		return;
	struct day_op swap = { .kind = DAY_OP_SWAP, .who = event_find_delegate(&dy.ev, "d1"),
			       .other = event_find_delegate(&dy.ev, "d4") };
	ok(!strcmp(seat(&dy, "d4"), "2") && !strcmp(seat(&dy, "w-lap-001"), "1"), "d4 alone at table 2");
	ok(day_change(&dy, &a, &swap, &r, &d), "a swap with the over-full table is allowed");
	ok(!strcmp(seat(&dy, "d1"), "2") && !strcmp(seat(&dy, "d4"), "1"), "and made");
	ok(!d.count, "with no refusal");
	diag_list_free(&d);
	diag_list_init(&d);
	struct diag_list sd;
	diag_list_init(&sd);
	char out[400];
	snprintf(out, sizeof(out), "%s/snap", dir);
	ok(!day_snapshot(&dy, out, &sd) && refused_with(&sd, "table 1 seats 4 for its 3 seats"),
	   "a snapshot of an over-full table is refused, not written for check to refuse");
	diag_list_free(&sd);
	diag_list_free(&d);
	day_close(&dy);
}

/* Undoing a walk-in takes them out of the day: not counted, not in the
 * roster a snapshot writes; redo brings them back; nobody can act on them. */
static void test_undo_walkin(void)
{
	fresh_event();
	struct day dy;
	if (!ok(open_day(&dy), "the day opens"))
		return;
	struct diag_list d;
	diag_list_init(&d);
	struct day_result r;
	struct day_client a = { "desk-a", 1000, 0 }, b = { "desk-b", 2000, 0 };
	struct day_op w = { .kind = DAY_OP_WALKIN, .name = "Zoe", .organisation = "Zoo", .role = "coop" };
	struct day_op undo = { .kind = DAY_OP_UNDO }, redo = { .kind = DAY_OP_REDO };
	ok(day_change(&dy, &a, &w, &r, &d), "a walk-in");
	int i = event_find_delegate(&dy.ev, "w-desk-a-001-0000");
	size_t counts[ATT_STATES];
	ok(day_change(&dy, &a, &undo, &r, &d), "undone");
	day_attendance_counts(&dy, counts);
	is_int(counts[ATT_ARRIVED] + counts[ATT_EXPECTED] + counts[ATT_ABSENT], 4, "not counted in any state");
	ok(i >= 0 && dy.ev.delegates[i].withdrawn, "withdrawn from the day");
	struct day_op arrive = { .kind = DAY_OP_ARRIVE, .who = i };
	ok(!day_change(&dy, &b, &arrive, &r, &d) && refused_with(&d, "taken back by undo"),
	   "another desk cannot check them in");
	/* reread from the files: the same */
	day_close(&dy);
	if (!ok(open_day(&dy), "opens again"))
		return;
	i = event_find_delegate(&dy.ev, "w-desk-a-001-0000");
	ok(i >= 0 && dy.ev.delegates[i].withdrawn, "still withdrawn after a full replay");
	ok(day_change(&dy, &a, &redo, &r, &d), "redo");
	day_attendance_counts(&dy, counts);
	ok(!dy.ev.delegates[i].withdrawn && counts[ATT_ARRIVED] == 1, "back, arrived");
	diag_list_free(&d);
	day_close(&dy);
}

/* Names that could not make a walk-in's id, and times a reader would skip,
 * are refused before anything is written (one hung with the lock held). */
static void test_client_limits(void)
{
	fresh_event();
	struct day dy;
	if (!ok(open_day(&dy), "the day opens"))
		return;
	struct diag_list d;
	diag_list_init(&d);
	struct day_result r;
	char longname[80];
	memset(longname, 'a', 63);
	longname[63] = '\0';
	struct day_client l = { longname, 1000, 0 }, future = { "desk-f", DAY_MAX_TIME_MS + 1, 0 };
	struct day_op w = { .kind = DAY_OP_WALKIN, .name = "W", .organisation = "Wo", .role = "coop" };
	ok(!day_change(&dy, &l, &w, &r, &d) && refused_with(&d, "use at most 40"), "a 63-character device is refused");
	ok(!day_change(&dy, &future, &w, &r, &d) && refused_with(&d, "outside what a day journal holds"),
	   "a time past 2^52 ms is refused");
	is_int(dy.records_count, 0, "nothing written");
	diag_list_free(&d);
	day_close(&dy);
}

/* Hostile 13: copies counted once however many; a counter at its limit
 * never makes an unreadable record; a second laptop's carry-in of day.yaml
 * does not undo the first's changes; day.yaml is not read once carried in;
 * a journal that goes away is noticed. */
static void test_journal_edges(void)
{
	struct day dy;
	struct diag_list d;
	diag_list_init(&d);
	struct day_result r;
	const char *rec = "- {at: 100, n: 0, dev: u, seq: 1, op: move, set: [[\"d1\", seat, \"2\", \"1\"]]}\n";
	fresh_event();
	write_text("day/u.yaml", rec, "w");
	write_text("day/u.yaml", rec, "a");
	write_text("day/u.yaml", rec, "a");
	if (ok(open_day(&dy), "a record three times opens")) {
		is_int(dy.records_count, 1, "and counts once");
		day_close(&dy);
	}

	fresh_event();
	write_text("day/evil.yaml",
		   "- {at: 100, n: 1073741824, dev: evil, seq: 1, op: lock, set: [[\"d2\", lock, \"true\", \"false\"]]}\n", "w");
	struct day_client c = { "desk", 50, 0 };
	struct day_op mv = { .kind = DAY_OP_MOVE, .table = 1 };
	if (ok(open_day(&dy), "a record with the largest counter opens")) {
		mv.who = event_find_delegate(&dy.ev, "d1");
		ok(day_change(&dy, &c, &mv, &r, &d), "a change after it is saved");
		day_close(&dy);
	}
	if (ok(open_day(&dy), "opens again")) {
		is_int(dy.records_count, 2, "and the change is read back, not skipped as damaged");
		ok(!strcmp(seat(&dy, "d1"), "2"), "d1 moved");
		is_int(day_warnings(&dy)->count, 0, "no damaged record");
		day_close(&dy);
	}

	fresh_event();
	write_text("day.yaml", "checked_in: [d1]\n", "w");
	write_text("day/la.yaml",
		   "- {at: 100, n: 0, dev: la, seq: 1, op: import, set: [[\"d1\", attendance, \"arrived\", \"expected\"]]}\n"
		   "- {at: 200, n: 0, dev: la, seq: 2, op: absent, set: [[\"d1\", attendance, \"absent\", \"arrived\"], "
		   "[\"d1\", seat, \"-\", \"1\"]]}\n", "w");
	write_text("day/lb.yaml",
		   "- {at: 300, n: 0, dev: lb, seq: 1, op: import, set: [[\"d1\", attendance, \"arrived\", \"expected\"]]}\n", "w");
	if (ok(open_day(&dy), "two laptops' carry-ins of one day.yaml open")) {
		int i = event_find_delegate(&dy.ev, "d1");
		is_int(day_attendance(&dy, i), ATT_ABSENT, "the second carry-in does not undo la's no-show");
		day_close(&dy);
	}
	write_text("day.yaml", "{{{\n", "w");
	ok(open_day(&dy), "a damaged day.yaml left after it was carried in does not stop the day");
	day_close(&dy);
	char old[400];
	snprintf(old, sizeof(old), "%s/day.yaml", dir);
	unlink(old);

	fresh_event();
	if (ok(open_day(&dy), "opens")) {
		mv.who = event_find_delegate(&dy.ev, "d1");
		ok(day_change(&dy, &c, &mv, &r, &d) && !strcmp(seat(&dy, "d1"), "2"), "d1 moved");
		char cmd[600];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s/day'", dir);
		ok(system(cmd) == 0, "day/ removed under an open day");
		ok(day_refresh(&dy, &d) == 1 && !strcmp(seat(&dy, "d1"), "1"), "noticed: the state is the files' again");
		day_close(&dy);
	}
	diag_list_free(&d);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "%s/alchemy-unit-day.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		printf("Bail out! cannot make a temporary folder\n");
		return 1;
	}
	snprintf(event_path, sizeof(event_path), "%s/event.yaml", dir);
	test_order_and_duplicates();
	test_conflict_and_undo();
	test_torn_and_follow();
	test_walkin_ids();
	test_twice_here();
	test_index_after_merge();
	test_capacity();
	test_undo_walkin();
	test_client_limits();
	test_journal_edges();
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
