/* The board's "find your table" order: by family name, the last word. */
#include <stdlib.h>
#include <string.h>

#include "name_order.h"
#include "tap.h"

int main(void)
{
	is_str(family_name("Ann Lee"), "Lee", "the family name is the last word");
	is_str(family_name("Ana de la Cruz"), "Cruz", "of however many");
	is_str(family_name("王芳"), "王芳", "a name of one word is its own family name");
	is_str(family_name("Ann Lee  "), "Lee  ", "trailing spaces do not make an empty family name");
	is_str(family_name(""), "", "an empty name stays empty");

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
	return tap_done();
}
