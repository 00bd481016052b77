/* draft_text_saved: a draft whose text the journal already holds (the
 * laptop stopped between saving and clearing the draft) is not offered
 * again; any other draft is, so nothing typed is lost. Capture keeps the
 * draft just before it saves, so the idea is written within moments of
 * the draft's time. */
#include <stdlib.h>

#include "draft.h"
#include "tap.h"

int main(void)
{
	struct idea items[] = {
		{ .id = "i01", .table = "table-05", .stage = "s1", .author = "table table-05", .text = "Saved at two", .owner = "",
		  .created = 2000, .changed = 2000 },
		{ .id = "i02", .table = "table-05", .stage = "s1", .author = "table table-05", .text = "Edited since", .owner = "",
		  .created = 500, .changed = 3000 },
		{ .id = "i03", .table = "table-06", .stage = "s1", .author = "table table-05", .text = "Other table", .owner = "",
		  .created = 4000, .changed = 4000 },
		{ .id = "i04", .table = "table-05", .stage = "s1", .author = "table table-05", .text = "Deleted since", .owner = "",
		  .created = 4000, .changed = 9000, .deleted = true },
		{ .id = "i05", .table = "table-05", .stage = "s1", .author = "table table-05", .text = "Yes", .owner = "",
		  .created = 60000, .changed = 60000 },
	};
	struct ideas ideas = { items, sizeof(items) / sizeof(items[0]), 5 };
	struct draft dr = { .idea = "", .text = "Saved at two", .kept = 1500 };
	ok(draft_text_saved(&dr, &ideas, "table-05"), "a new idea's text saved just after the draft was kept: saved already");
	dr.kept = 2500;
	ok(!draft_text_saved(&dr, &ideas, "table-05"),
	   "the same text saved before the draft was written is another idea: the draft stays");
	dr.kept = 0;
	ok(!draft_text_saved(&dr, &ideas, "table-05"), "a draft without its time is offered again, never dropped");
	dr.kept = 1500;
	ok(!draft_text_saved(&dr, &ideas, "table-06"), "not at another table");
	dr.text = "Other table";
	ok(!draft_text_saved(&dr, &ideas, "table-05"), "an idea at another table does not count");
	dr.text = "Deleted since";
	dr.kept = 3900;
	ok(draft_text_saved(&dr, &ideas, "table-05"), "an idea deleted since it was saved counts: saving again would bring it back");
	dr.text = "Saved at tw";
	dr.kept = 1500;
	ok(!draft_text_saved(&dr, &ideas, "table-05"), "text only nearly the same: the draft stays");
	dr.text = "Yes";
	dr.kept = 60000 - DRAFT_SAVE_WINDOW_MS - 1;
	ok(!draft_text_saved(&dr, &ideas, "table-05"),
	   "the same short text from another terminal long after the draft was kept: the draft stays");
	dr.kept = 60000 - DRAFT_SAVE_WINDOW_MS;
	ok(draft_text_saved(&dr, &ideas, "table-05"), "within the window: saved already");
	dr.stage = "s2";
	ok(!draft_text_saved(&dr, &ideas, "table-05"), "the same text at another stage is another's: the draft stays");
	dr.stage = "s1";
	ok(draft_text_saved(&dr, &ideas, "table-05"), "at the draft's stage: saved already");
	dr.author = "Ana Ruiz";
	ok(!draft_text_saved(&dr, &ideas, "table-05"), "the same text under another name is another's: the draft stays");
	dr.author = "";
	ok(draft_text_saved(&dr, &ideas, "table-05"), "an empty name is the table's scribe");
	struct draft edit = { .idea = "i02", .text = "Edited since", .kept = 2900 };
	ok(draft_text_saved(&edit, &ideas, "table-05"), "an edit the idea took just after the draft: saved already");
	edit.kept = 3100;
	ok(!draft_text_saved(&edit, &ideas, "table-05"), "an edit back to what the idea said before: the draft stays");
	edit.kept = 1900;
	edit.idea = "i01";
	ok(!draft_text_saved(&edit, &ideas, "table-05"), "an edit is judged against its own idea only");
	struct draft none = { 0 };
	ok(!draft_text_saved(&none, &ideas, "table-05"), "no text: nothing saved");
	return tap_done();
}
