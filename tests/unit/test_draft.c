/* draft_text_saved: a draft whose text the journal already holds (the
 * laptop stopped between saving and clearing the draft) is not offered
 * again; any other draft is, so nothing typed is lost. */
#include <stdlib.h>

#include "draft.h"
#include "tap.h"

int main(void)
{
	struct idea items[] = {
		{ .id = "i01", .table = "table-05", .stage = "", .author = "", .text = "Saved at five", .owner = "",
		  .created = 2000, .changed = 2000 },
		{ .id = "i02", .table = "table-05", .stage = "", .author = "", .text = "Edited since", .owner = "",
		  .created = 500, .changed = 3000 },
		{ .id = "i03", .table = "table-06", .stage = "", .author = "", .text = "Other table", .owner = "",
		  .created = 4000, .changed = 4000 },
		{ .id = "i04", .table = "table-05", .stage = "", .author = "", .text = "Deleted one", .owner = "",
		  .created = 4000, .changed = 4000, .deleted = true },
	};
	struct ideas ideas = { items, sizeof(items) / sizeof(items[0]), 4 };
	struct draft dr = { .idea = "", .text = "Saved at five", .kept = 1500 };
	ok(draft_text_saved(&dr, &ideas, "table-05"), "a new idea's text saved after the draft was kept: saved already");
	dr.kept = 2500;
	ok(!draft_text_saved(&dr, &ideas, "table-05"),
	   "the same text saved before the draft was written is another idea: the draft stays");
	dr.kept = 0;
	ok(draft_text_saved(&dr, &ideas, "table-05"), "a draft from before drafts were stamped: any same text at the table");
	ok(!draft_text_saved(&dr, &ideas, "table-06"), "not at another table");
	dr.text = "Other table";
	ok(!draft_text_saved(&dr, &ideas, "table-05"), "an idea at another table does not count");
	dr.text = "Deleted one";
	ok(!draft_text_saved(&dr, &ideas, "table-05"), "a deleted idea does not count");
	dr.text = "Saved at fiv";
	ok(!draft_text_saved(&dr, &ideas, "table-05"), "text only nearly the same: the draft stays");
	struct draft edit = { .idea = "i02", .text = "Edited since", .kept = 2900 };
	ok(draft_text_saved(&edit, &ideas, "table-05"), "an edit the idea has had since the draft: saved already");
	edit.kept = 3100;
	ok(!draft_text_saved(&edit, &ideas, "table-05"), "an edit back to what the idea said before: the draft stays");
	edit.kept = 0;
	edit.idea = "i01";
	ok(!draft_text_saved(&edit, &ideas, "table-05"), "an edit is judged against its own idea only");
	struct draft none = { 0 };
	ok(!draft_text_saved(&none, &ideas, "table-05"), "no text: nothing saved");
	return tap_done();
}
