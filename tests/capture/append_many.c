/* append_many EVENT TABLE N TAG: appends N ideas through the core, printing
 * each id once it is durable. Eight of these at once test that concurrent
 * writers to one journal lose and double nothing. */
#include <stdio.h>
#include <stdlib.h>

#include "event.h"
#include "journal.h"

int main(int argc, char **argv)
{
	if (argc != 5)
		return 64;
	struct event ev;
	struct diag_list d;
	diag_list_init(&d);
	if (!event_load(&ev, argv[1], &d))
		return 65;
	int n = atoi(argv[3]);
	for (int i = 0; i < n; i++) {
		char text[128];
		snprintf(text, sizeof(text), "%s idea %d", argv[4], i);
		struct journal_change c = { .op = "add", .table = argv[2], .author = argv[4], .text = text };
		char *id;
		if (!journal_append(&ev, &c, &id, &d))
			return 74;
		printf("%s\n", id);
		free(id);
	}
	event_free(&ev);
	diag_list_free(&d);
	return 0;
}
