/* Progress outside the allocator: import reports its rows and journal
 * reading its records, both may be stopped, and a stop writes nothing and
 * keeps nothing half-read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "event.h"
#include "import.h"
#include "journal.h"
#include "tap.h"

struct seen {
	int reading, matching, journals;
	double last_done;
	bool done_moved, done_ok;
	int stop_at, calls;
};

static bool note(void *ctx, const char *stage, double done)
{
	struct seen *s = ctx;
	s->calls++;
	if (!strcmp(stage, "reading rows"))
		s->reading++;
	else if (!strcmp(stage, "matching rows"))
		s->matching++;
	else if (!strncmp(stage, "reading journals: ", 18))
		s->journals++;
	if (done > 1)
		s->done_ok = false;
	if (done > s->last_done)
		s->done_moved = true;
	s->last_done = done;
	return s->stop_at > 0 && s->calls >= s->stop_at;
}

static void import_progress(const char *dir)
{
	char csv[512], out[600];
	snprintf(csv, sizeof(csv), "%s/people.csv", dir);
	snprintf(out, sizeof(out), "%s/roster.yaml", dir);
	FILE *f = fopen(csv, "w");
	fprintf(f, "Name,Organisation,Role,Email\n");
	for (int i = 0; i < 5000; i++)
		fprintf(f, "Person %d,Org %d,NHS,p%d@example.org\n", i, i % 300, i);
	fclose(f);
	struct seen s = { .done_ok = true };
	struct progress p = { note, &s };
	struct import_options o = { .progress = &p };
	struct import_result r;
	struct diag_list d;
	diag_list_init(&d);
	bool done = import_roster(csv, out, &o, &r, &d);
	ok(done && r.written == 5000, "import: 5,000 rows written");
	ok(s.reading >= 4 && s.matching >= 4 && s.done_moved && s.done_ok,
	   "import: %d reports reading rows and %d matching, the share moving", s.reading, s.matching);
	import_result_free(&r);
	diag_list_free(&d);
	unlink(out);
	for (int at = 2; at <= 7; at += 5) {
		diag_list_init(&d);
		s = (struct seen){ .done_ok = true, .stop_at = at };
		done = import_roster(csv, out, &o, &r, &d);
		ok(!done && access(out, F_OK) != 0 && d.count == 1 && strstr(d.items[0].message, "nothing written"),
		   "import: a stop at report %d writes nothing, said once", at);
		import_result_free(&r);
		diag_list_free(&d);
	}
	unlink(csv);
}

static void journal_progress(const char *dir)
{
	char ideas[512], path[600];
	snprintf(ideas, sizeof(ideas), "%s/ideas", dir);
	mkdir(ideas, 0700);
	for (int t = 1; t <= 2; t++) {
		snprintf(path, sizeof(path), "%s/table-%02d.test.yaml", ideas, t);
		FILE *f = fopen(path, "w");
		fprintf(f, "# journal\n");
		for (int i = 0; i < 6000; i++)
			fprintf(f, "- {rec: r%d-%d, time: %d, op: add, idea: i%d-%d, table: \"%d\", author: \"a\", stage: \"s1\", kind: idea, key: false, text: \"idea %d\"}\n",
				t, i, 1000 + i, t, i, t, i);
		fclose(f);
	}
	struct event ev;
	memset(&ev, 0, sizeof(ev));
	ev.dir = dir;
	struct seen s = { .done_ok = true };
	struct progress p = { note, &s };
	struct ideas x;
	struct diag_list d;
	diag_list_init(&d);
	bool done = journal_read_progress(&ev, &x, NULL, &p, &d);
	ok(done && x.count == 12000 && s.journals >= 2, "journals: 12,000 ideas read, %d reports", s.journals);
	if (done)
		ideas_free(&x);
	s = (struct seen){ .done_ok = true, .stop_at = 2 };
	done = journal_read_progress(&ev, &x, NULL, &p, &d);
	ok(!done && s.calls == 2 && d.count == 1 && strstr(d.items[0].message, "stopped"),
	   "journals: a stop ends the reading at once, said once");
	if (done)
		ideas_free(&x);
	diag_list_free(&d);
	for (int t = 1; t <= 2; t++) {
		snprintf(path, sizeof(path), "%s/table-%02d.test.yaml", ideas, t);
		unlink(path);
	}
	rmdir(ideas);
}

int main(void)
{
	char dir[] = "/tmp/alchemy-progress.XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	import_progress(dir);
	journal_progress(dir);
	rmdir(dir);
	return tap_done();
}
