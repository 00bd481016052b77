/* alchemy report (the post-event report at any moment, in Markdown, HTML,
 * CSV or JSON, anonymous unless --names), alchemy print (the day's
 * print-outs) and alchemy purge (data protection afterwards). */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "day.h"
#include "event_files.h"
#include "fileio.h"
#include "cli_progress.h"
#include "journal.h"
#include "printout.h"
#include "purge.h"
#include "report.h"

int command_report(int argc, char **argv)
{
	const char *event = NULL, *out_path = NULL;
	enum report_format format = REPORT_MD;
	bool names = false;
	for (int i = 0; i < argc; i++) {
		const char *v;
		if ((v = cli_option_value(argc, argv, &i, "--format"))) {
			static const char *const formats[] = { "md", "html", "csv", "json" };
			int f = -1;
			for (int k = 0; k < 4; k++)
				if (!strcmp(v, formats[k]))
					f = k;
			if (f < 0) {
				cli_say("alchemy: --format is md, html, csv or json, not '", v, "'\n");
				return EX_USAGE;
			}
			format = (enum report_format)f;
		} else if ((v = cli_option_value(argc, argv, &i, "-o"))) {
			out_path = v;
		} else if (!strcmp(argv[i], "--names")) {
			names = true;
		} else if (argv[i][0] == '-' || event) {
			cli_say_unexpected(argv[i]);
			event = NULL;
			break;
		} else {
			event = argv[i];
		}
	}
	if (!event) {
		fprintf(stderr, "usage: alchemy report EVENT.yaml [--format md|html|csv|json] [--names] [-o FILE]\n");
		return EX_USAGE;
	}
	struct day dy;
	struct diag_list d, w;
	diag_list_init(&d);
	diag_list_init(&w);
	if (!cli_day_open(&dy, event, 0, &d)) {
		int status = cli_print_diagnostics(&d);
		diag_list_free(&d);
		return status;
	}
	cli_print_day_warnings(&dy);   /* someone counted twice is counted twice here too */
	struct ideas ideas;
	int status = 0;
	/* A big journal takes a while to read: a progress line on a terminal,
	 * and Ctrl-C (even once the report is made) writes nothing. */
	struct cli_progress progress;
	cli_progress_begin(&progress);
	if (out_path && !event_output_allowed(&dy.ev, out_path, 0, NULL, 0, &d)) {
		cli_progress_end(&progress);
		status = cli_print_diagnostics(&d);
	} else if (!journal_read_progress(&dy.ev, &ideas, &w, &progress.core, &d)) {
		status = cli_progress_end(&progress) ? cli_stopped() : cli_print_diagnostics(&d);
	} else {
		cli_print_warnings(&w);
		struct report_input in = { &dy.ev, dy.has_plan ? &dy.plan : NULL, &ideas, names };
		struct strbuf out;
		strbuf_init(&out);
		progress_report(&progress.core, "writing the report", -1);
		bool made = report_write(&in, format, &out, &d);
		if (cli_progress_end(&progress))
			status = cli_stopped();
		else if (!made)
			status = cli_print_diagnostics(&d);
		else if (out_path && !(names ? atomic_write_private : atomic_write_file)(out_path, out.data, out.len, &d))
			status = cli_print_diagnostics(&d);   /* with names: personal data, a new file is 0600 */
		else if (!out_path && !cli_write_escaped(stdout, out.data, out.len))
			status = EX_IOERR;   /* a file keeps the exact text; a stream shows escapes */
		strbuf_free(&out);
		ideas_free(&ideas);
	}
	diag_list_free(&d);
	diag_list_free(&w);
	day_close(&dy);
	return status;
}

int command_print(int argc, char **argv)
{
	static const char usage[] =
		"usage: alchemy print EVENT.yaml --tables|--desk [--format text|html] [--round N] [-o FILE]\n"
		"       alchemy print EVENT.yaml --badges [--format csv] [--round N] [-o FILE]\n"
		"       N: which round of a plan of several (1, the default, is the one the day changes)\n";
	const char *event = NULL, *out_path = NULL, *format = NULL;
	int what = -1, kinds = 0, round = 1;
	bool bad = false;
	for (int i = 0; i < argc; i++) {
		const char *v;
		int kind = !strcmp(argv[i], "--tables") ? PRINT_TABLES : !strcmp(argv[i], "--desk") ? PRINT_DESK
			 : !strcmp(argv[i], "--badges") ? PRINT_BADGES : -1;
		if (kind >= 0) {
			kinds += kind != what;
			what = kind;
		} else if ((v = cli_option_value(argc, argv, &i, "--format")))
			format = v;
		else if ((v = cli_option_value(argc, argv, &i, "-o")))
			out_path = v;
		else if ((v = cli_option_value(argc, argv, &i, "--round"))) {
			if (!cli_number_in_range("--round", v, 1, EVENT_MAX_ROUNDS, &round))
				return EX_USAGE;
		} else if (argv[i][0] == '-' || event) {
			if (!bad)
				cli_say_unexpected(argv[i]);
			bad = true;
		}
		else
			event = argv[i];
	}
	if (kinds > 1) {
		/* One file holds one print-out: the last asked for is not taken silently. */
		fputs("alchemy print: one print-out at a time: give one of --tables, --desk and --badges\n", stderr);
		fputs(usage, stderr);
		return EX_USAGE;
	}
	if (!event || what < 0 || bad) {
		fputs(usage, stderr);
		return EX_USAGE;
	}
	/* Only what each print-out can be: never a silent other format. */
	bool html = format && !strcmp(format, "html");
	bool fits = !format || (what == PRINT_BADGES ? !strcmp(format, "csv")
						     : html || !strcmp(format, "text"));
	if (!fits) {
		fprintf(stderr, "alchemy: %s is printed as %s, not '", what == PRINT_BADGES ? "--badges" :
			what == PRINT_DESK ? "--desk" : "--tables", what == PRINT_BADGES ? "csv" : "text or html");
		cli_puts_escaped(stderr, format);
		fputs("'\n", stderr);
		return EX_USAGE;
	}
	struct day dy;
	struct diag_list d;
	diag_list_init(&d);
	if (!cli_day_open(&dy, event, 0, &d)) {
		int status = cli_print_diagnostics(&d);
		diag_list_free(&d);
		return status;
	}
	cli_print_day_warnings(&dy);   /* someone counted twice gets two badges */
	size_t rounds = dy.has_plan ? dy.plan.rounds_count : 1;
	if ((size_t)round > rounds) {
		fprintf(stderr, "alchemy print: --round %d, but the plan has %zu round%s\n", round, rounds,
			rounds == 1 ? "" : "s");
		diag_list_free(&d);
		day_close(&dy);
		return EX_DATAERR;
	}
	struct strbuf out;
	strbuf_init(&out);
	printout_write(&dy.ev, dy.has_plan ? &dy.plan : NULL, (size_t)round - 1, (enum printout)what, html, &out);
	int status = 0;
	if (out_path && !event_output_allowed(&dy.ev, out_path, 0, NULL, 0, &d))
		status = cli_print_diagnostics(&d);
	else if (out.failed)
		status = EX_OSERR;
	else if (out_path && !atomic_write_private(out_path, out.data ? out.data : "", out.len, &d))   /* names: 0600 */
		status = cli_print_diagnostics(&d);
	else if (!out_path && !cli_write_escaped(stdout, out.data ? out.data : "", out.len))
		status = EX_IOERR;
	strbuf_free(&out);
	diag_list_free(&d);
	day_close(&dy);
	return status;
}

int command_purge(int argc, char **argv)
{
	if (!cli_plain_arguments(argc, argv, 1)) {   /* --help is not a file to open */
		fprintf(stderr, "usage: alchemy purge EVENT.yaml\n");
		return EX_USAGE;
	}
	struct event ev;
	int status = cli_load_event(&ev, argv[0]);
	if (status)
		return status;
	struct diag_list d, w;
	diag_list_init(&d);
	diag_list_init(&w);
	struct purge_result r;
	bool ok = event_purge(&ev, &r, &w, &d);
	cli_print_warnings(&w);
	diag_list_free(&w);
	if (!ok) {
		status = cli_print_diagnostics(&d);
	} else {
		printf("Purged: %zu delegates' names and e-mails removed from %s; %zu journal file%s rewritten.\n",
		       r.delegates, ev.roster_path, r.journals, r.journals == 1 ? "" : "s");
		if (r.drafts)
			printf("%zu unsaved capture draft%s removed.\n", r.drafts, r.drafts == 1 ? "" : "s");
		printf("The anonymous report (alchemy report) is unchanged.\n");
	}
	diag_list_free(&d);
	event_free(&ev);
	return status;
}
