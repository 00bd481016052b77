/* The floor for loading: read each file and run libyaml's event parser over
 * it, building nothing. bench/load.py compares `alchemy check` against it. */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

static int parse_file(const char *path, size_t *events)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	rewind(f);
	unsigned char *data = malloc((size_t)size + 1);
	if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) {
		fclose(f);
		free(data);
		return 1;
	}
	fclose(f);
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, data, (size_t)size);
	int status = 0;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			fprintf(stderr, "%s: parse error\n", path);
			status = 1;
			break;
		}
		int done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		(*events)++;
		if (done)
			break;
	}
	yaml_parser_delete(&parser);
	free(data);
	return status;
}

int main(int argc, char **argv)
{
	size_t events = 0;
	int status = 0;
	for (int i = 1; i < argc; i++)
		status |= parse_file(argv[i], &events);
	printf("%zu events\n", events);
	return status;
}
