/* alchemy import (a roster from a spreadsheet) and alchemy init (a new
 * event folder to start from). */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "cli_progress.h"
#include "import.h"

int command_import(int argc, char **argv)
{
	struct import_options o = { NULL, false, false, NULL };
	const char *csv = NULL, *out = NULL;
	bool bad = false;
	for (int i = 0; i < argc; i++) {
		const char *v;
		if ((v = cli_option_value(argc, argv, &i, "--map")))
			o.map_path = v;
		else if ((v = cli_option_value(argc, argv, &i, "-o")))
			out = v;
		else if (!strcmp(argv[i], "--skip-bad"))
			o.skip_bad = true;
		else if (!strcmp(argv[i], "--remove-missing"))
			o.remove_missing = true;
		else if (argv[i][0] == '-' || csv) {
			if (!bad)
				cli_say_unexpected(argv[i]);
			bad = true;
		}
		else
			csv = argv[i];
	}
	if (!csv || !out || bad) {
		fprintf(stderr, "usage: alchemy import FILE.csv [--map MAP.yaml] [--skip-bad] [--remove-missing] -o roster.yaml\n");
		return EX_USAGE;
	}
	struct diag_list d;
	diag_list_init(&d);
	struct import_result r;
	struct cli_progress progress;
	cli_progress_begin(&progress);
	o.progress = &progress.core;
	bool ok = import_roster(csv, out, &o, &r, &d);
	if (cli_progress_end(&progress) && !ok) {
		import_result_free(&r);
		diag_list_free(&d);
		return cli_stopped();
	}
	if (r.converted && !strcmp(r.encoding, "Windows-1252"))
		fprintf(stderr, "%s: not UTF-8; read as Windows-1252 (older Excel)\n", csv);
	else if (r.converted)
		fprintf(stderr, "%s: %s (its byte order mark says so); converted to UTF-8\n", csv, r.encoding);
	int status = 0;
	cli_print_warnings(&r.warnings);   /* escaped, and how many more past the first DIAG_MAX */
	if (d.count)
		status = cli_print_diagnostics(&d);
	for (size_t i = 0; ok && i < r.skipped_rows_count; i++) {   /* whom --skip-bad left out, by name: every one */
		const struct import_skipped *x = &r.skipped_rows[i];
		cli_say("", csv, "");
		fprintf(stderr, ":%d: %s", x->row, x->kept_id ? "kept " : "skipped ");
		if (x->kept_id)
			fprintf(stderr, "%s ", x->kept_id);
		cli_say("", x->name[0] ? x->name : "a row without a name", "");
		if (x->organisation[0])
			cli_say(" (", x->organisation, ")");
		fputs(x->kept_id ? " as before, not from this row: " : ": ", stderr);
		cli_say("", x->why ? x->why : "", "\n");
	}
	if (ok) {
		status = 0;   /* --skip-bad: the rows left out were said above */
		/* Names as a terminal may show them: a direction override in one
		 * turned the line round (the roster keeps it exactly). */
		if (r.changes.data && !cli_write_escaped(stdout, r.changes.data, r.changes.len))
			status = EX_IOERR;
		printf("%s: %zu delegate%s written (%zu added, %zu changed, %zu removed)", out, r.written,
		       r.written == 1 ? "" : "s", r.added, r.changed, r.removed);
		if (r.skipped)
			printf("; %zu bad row%s skipped", r.skipped, r.skipped == 1 ? "" : "s");
		if (r.kept)
			printf(" (%zu kept as before)", r.kept);
		if (r.merged)
			printf("; %zu row%s repeating an earlier e-mail merged", r.merged, r.merged == 1 ? "" : "s");
		putchar('\n');
	} else if (r.skipped && !o.skip_bad && r.skipped < r.rows) {
		fprintf(stderr, "alchemy: nothing written: fix the rows above, or --skip-bad to write the good ones\n");
	} else if (r.skipped && !o.skip_bad) {
		fprintf(stderr, "alchemy: nothing written: no row is good; fix the rows above\n");
	}
	import_result_free(&r);
	diag_list_free(&d);
	return status;
}

int command_init(int argc, char **argv)
{
	if (!cli_plain_arguments(argc, argv, 1)) {   /* "init --bogus" made a folder of that name */
		fprintf(stderr, "usage: alchemy init DIR\n");
		return EX_USAGE;
	}
	struct diag_list d;
	diag_list_init(&d);
	if (!init_event_folder(argv[0], &d)) {
		int status = cli_print_diagnostics(&d);
		diag_list_free(&d);
		return status;
	}
	printf("%s/event.yaml, themes.yaml and roster.yaml written (and .gitattributes, .gitignore for git); next:\n"
	       "  alchemy import delegates.csv -o %s/roster.yaml\n  alchemy check %s/event.yaml\n",
	       argv[0], argv[0], argv[0]);
	diag_list_free(&d);
	return 0;
}
