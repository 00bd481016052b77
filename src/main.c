/* alchemy: command line. Parses arguments, loads the event, dispatches to a
 * subcommand; the TUI is one of them. All printing of core results is here. */
#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "diag.h"
#include "event.h"
#include "cli/cli.h"
#include "cli/cli_progress.h"
#include "tui/tui.h"

static const char usage_text[] =
	"Usage: alchemy EVENT.yaml              open the facilitator's TUI\n"
	"       alchemy tui EVENT.yaml          the same\n"
	"       alchemy board EVENT.yaml [--seconds N]\n"
	"                                       a read-only board for a projector: the stage\n"
	"                                       clock and \"find your table\", N seconds a page\n"
	"       alchemy init DIR                start a new event folder\n"
	"       alchemy import FILE.csv [--map MAP.yaml] [--skip-bad] [--remove-missing] -o roster.yaml\n"
	"                                       a roster from a spreadsheet export\n"
	"       alchemy check EVENT.yaml        validate the event and print a summary\n"
	"       alchemy allocate EVENT.yaml [--seed N] [--rounds R] [--history PLAN.yaml...] [-o FILE] [--explain]\n"
	"                                       seat everyone; write allocation.yaml beside the event;\n"
	"                                       R: 1 to 20 seatings (World Cafe rounds)\n"
	"       alchemy score EVENT.yaml PLAN.yaml [--explain]\n"
	"                                       the figures of any plan, level by level\n"
	"\nOn the day (each change is one record appended to this device's journal,\n"
	"day/DEVICE.yaml; the device is $ALCHEMY_DEVICE (letters, digits and -, not - first) or the host name):\n"
	"       alchemy checkin EVENT.yaml ID... [--absent|--expected]\n"
	"                                       mark arrived (or a no-show, or back to expected)\n"
	"       alchemy checkin EVENT.yaml --close-doors   everyone still expected -> absent\n"
	"       alchemy add EVENT.yaml --name NAME --organisation ORG --role ROLE [--again]\n"
	"       alchemy move EVENT.yaml ID TABLE\n"
	"       alchemy swap EVENT.yaml ID ID\n"
	"       alchemy lock EVENT.yaml ID [--unlock]\n"
	"       alchemy rebalance EVENT.yaml [--dry-run]\n"
	"       alchemy undo|redo EVENT.yaml    this device's own last change\n"
	"       alchemy log EVENT.yaml [--device D] [--since HH:MM]   the day's history\n"
	"       alchemy snapshot EVENT.yaml -o DIR [--force]   the day now as a plain event folder\n"
	"\nCapture (each idea is on disk before its id is printed):\n"
	"       alchemy capture EVENT.yaml --table T      note-taker mode in the TUI\n"
	"       alchemy idea add EVENT.yaml --table T [--stage S] [--round N] [--kind K] [--owner O]\n"
	"                        [--key] [--author NAME] [--] TEXT|-\n"
	"       alchemy idea edit|delete|restore|vote|key|history EVENT.yaml IDEA ...\n"
	"                                       IDEA: its id, or its first 4 characters or more\n"
	"       alchemy ideas EVENT.yaml [--table T] [--deleted]\n"
	"       alchemy merge EVENT.yaml OTHER...  another laptop's event folder (or journal\n"
	"                                       folder): its ideas and day journals, record by record\n"
	"\nReport (at any moment; anonymous unless --names):\n"
	"       alchemy report EVENT.yaml [--format md|html|csv|json] [--names] [-o FILE]\n"
	"       alchemy print EVENT.yaml --tables|--desk [--format text|html] [--round N] [-o FILE]\n"
	"       alchemy print EVENT.yaml --badges [--format csv] [--round N] [-o FILE]\n"
	"       alchemy purge EVENT.yaml         remove names and e-mails once no longer needed\n"
	"       alchemy --help | --version | COMMAND --help\n"
	"\n"
	"EVENT.yaml names the themes and roster files beside it; see 'man alchemy'\n"
	"and docs/formats.md. Problems are reported as FILE:LINE:COL: message.\n"
	"\n"
	"Exit status: 0 ok, 64 usage, 65 bad data or a change refused, 66 missing or unreadable file,\n"
	"73 cannot create a file, 74 input/output error.\n";

/* Our files are UTF-8 whatever the user's locale says; widths need a UTF-8
 * LC_CTYPE, so fall back to C.UTF-8 when the environment gives another. */
static void set_utf8_locale(void)
{
	setlocale(LC_ALL, "");
	const char *codeset = nl_langinfo(CODESET);
	if (!codeset || strcmp(codeset, "UTF-8") != 0)
		if (!setlocale(LC_CTYPE, "C.UTF-8"))
			setlocale(LC_CTYPE, "en_US.UTF-8");
}

static int command_tui(int argc, char **argv)
{
	return cli_with_event(argc, argv, "alchemy tui EVENT.yaml", tui_run);
}

static int command_capture(int argc, char **argv)
{
	if (argc != 3 || strcmp(argv[1], "--table")) {
		if (argc == 2 && !strcmp(argv[1], "--table"))
			fputs("alchemy: --table needs a value after it\n", stderr);
		else if (argc >= 3)
			cli_say_unexpected(argc > 3 && !strcmp(argv[1], "--table") ? argv[3] : argv[1]);
		fprintf(stderr, "usage: alchemy capture EVENT.yaml --table T\n");
		return EX_USAGE;
	}
	struct event ev;
	int status = cli_load_event(&ev, argv[0]);
	if (status)
		return status;
	int table = event_find_table(&ev, argv[2]);
	if (table < 0) {
		cli_say("", argv[0], ": there is no table '");
		cli_say("", argv[2], "'\n");
		event_free(&ev);
		return EX_DATAERR;
	}
	status = tui_run_capture(&ev, table);
	event_free(&ev);
	return status;
}

#define BOARD_SECONDS 8      /* long enough to find a name on a page of them */

static int command_board(int argc, char **argv)
{
	const char *usage = "usage: alchemy board EVENT.yaml [--seconds N]\n";
	const char *path = NULL;
	int seconds = BOARD_SECONDS;
	for (int i = 0; i < argc; i++) {
		const char *v = cli_option_value(argc, argv, &i, "--seconds");
		if (v) {
			if (!cli_number_in_range("--seconds", v, 1, 3600, &seconds))
				return EX_USAGE;
		} else if (argv[i][0] != '-' && !path) {
			path = argv[i];
		} else {
			cli_say_unexpected(argv[i]);
			fputs(usage, stderr);
			return EX_USAGE;
		}
	}
	if (!path) {
		fputs(usage, stderr);
		return EX_USAGE;
	}
	struct event ev;
	int status = cli_load_event(&ev, path);
	if (status)
		return status;
	status = tui_run_board(&ev, seconds);
	event_free(&ev);
	return status;
}

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	bool device;            /* writes or names this device's journals: $ALCHEMY_DEVICE must be a name
				 * (not log or board, which only read: a projector with a stray one still shows) */
	const char *own_usage;  /* COMMAND --help: its own usage in full, where the overview abridges it */
};

static const struct command commands[] = {
	{ "check", command_check, false, NULL },
	{ "init", command_init, false, NULL },
	{ "import", command_import, false, NULL },
	{ "allocate", command_allocate, false, NULL },
	{ "score", command_score, false, NULL },
	{ "checkin", command_checkin, true, NULL },
	{ "add", command_add, true, NULL },
	{ "move", command_move, true, NULL },
	{ "swap", command_swap, true, NULL },
	{ "lock", command_lock, true, NULL },
	{ "rebalance", command_rebalance, true, NULL },
	{ "undo", command_undo, true, NULL },
	{ "redo", command_redo, true, NULL },
	{ "log", command_log, false, NULL },
	{ "snapshot", command_snapshot, false, NULL },
	{ "idea", command_idea, true, idea_usage },
	{ "ideas", command_ideas, false, NULL },
	{ "merge", command_merge, false, NULL },
	{ "report", command_report, false, NULL },
	{ "print", command_print, false, NULL },
	{ "purge", command_purge, false, NULL },
	{ "tui", command_tui, true, NULL },
	{ "board", command_board, false, NULL },
	{ "capture", command_capture, true, NULL },
};

/* Whether "alchemy WORD" heads a usage line for cmd: "undo|redo" for
 * both, "idea add" and "idea edit|..." for idea. */
static bool usage_names(const char *line, const char *cmd)
{
	size_t n = strlen(cmd), word = strcspn(line, " \n");
	/* "alchemy EVENT.yaml" is the TUI too, and says what "tui" is the same as */
	if (!strcmp(cmd, "tui") && !strncmp(line, "EVENT.yaml ", 11))
		return true;
	for (const char *w = line; w < line + word; w += strcspn(w, "| \n") + 1)
		if (!strncmp(w, cmd, n) && (w[n] == ' ' || w[n] == '|' || w[n] == '\n'))
			return true;
	return false;
}

/* "alchemy CMD --help": that command's lines of the usage, with the lines
 * continuing them, on standard output, as "alchemy --help" gives all. */
static void command_help(const char *cmd)
{
	bool in = false, first = true;
	for (const char *line = usage_text; *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) + 1 : strlen(line);
		const char *at = len > 15 ? strstr(line, "alchemy ") : NULL;
		if (at && at - line == 7)
			in = usage_names(at + 8, cmd);
		else if (len < 8 || strncmp(line, "        ", 8))
			in = false;   /* a heading or a blank line ends a command's lines */
		if (in) {
			printf("%s%.*s", first ? "usage: " : "       ", (int)len - 7, line + 7);
			first = false;
		}
		line += len;
	}
}

/* --help or -h among a command's arguments (before a "--": an idea's text
 * may be anything). */
static bool asks_help(int argc, char **argv)
{
	for (int i = 2; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	set_utf8_locale();
	if (argc < 2) {
		fputs(usage_text, stderr);
		return EX_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("alchemy %s\n", ALCHEMY_VERSION);
		return 0;
	}
	/* A device name typed wrong is refused before anything is read or
	 * written as it, never rewritten into another name. */
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(cmd, commands[i].name) == 0) {
			if (asks_help(argc, argv)) {
				if (commands[i].own_usage)
					fputs(commands[i].own_usage, stdout);
				else
					command_help(cmd);
				return 0;
			}
			if (commands[i].device && !cli_device_ok())
				return EX_USAGE;
			int status = commands[i].run(argc - 2, argv + 2);
			cli_progress_done();   /* Ctrl-C held back while a command wrote */
			return status;
		}
	size_t len = strlen(cmd);
	if (len > 5 && (strcmp(cmd + len - 5, ".yaml") == 0 || strcmp(cmd + len - 4, ".yml") == 0))
		return !cli_device_ok() ? EX_USAGE : command_tui(argc - 1, argv + 1);
	cli_say("alchemy: unknown command '", cmd, "'\n\n");
	fputs(usage_text, stderr);
	return EX_USAGE;
}
