/* Fuzz target: the event loader (libyaml, the positioned tree, the schema). */
#include "fuzz_input.h"

#include "event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_input_file("event.yaml", data, size);
	if (!path)
		return 0;
	struct diag_list d;
	diag_list_init(&d);
	struct event ev;
	if (event_load(&ev, path, &d))
		event_free(&ev);
	diag_list_free(&d);
	return 0;
}
