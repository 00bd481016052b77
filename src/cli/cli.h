/* Shared pieces of the command-line commands: loading with printed
 * diagnostics, and the commands themselves (one file per family). */
#ifndef ALCHEMY_CLI_H
#define ALCHEMY_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "event.h"

/* Prints every problem as FILE:LINE:COL: message and a count; returns the
 * exit status they call for. */
int cli_print_diagnostics(const struct diag_list *d);
/* "warning: FILE:LINE:COL: message" for each, escaped like the above. */
void cli_print_warnings(const struct diag_list *w);
struct day;
/* The day's warnings (records skipped, devices sharing a name) and the
 * people who may be there twice (day_twice_here). */
void cli_print_day_warnings(const struct day *dy);
/* People of the roster named alike (roster_named_alike): for the
 * organiser's commands, check and allocate. */
void cli_print_roster_warnings(const struct day *dy);
/* Warns when a day record is stamped more than 10 minutes ahead of this
 * machine's clock (a laptop whose clock is wrong takes over the order). */
void cli_warn_clock_ahead(const struct day *dy);
/* Writes to a terminal or stream with control characters shown as
 * visible escapes (stream_escaped); everything alchemy prints of other
 * people's words goes through these. False on a write error. */
bool cli_write_escaped(FILE *f, const char *s, size_t len);
/* "Next: " and a step to take, on a terminal only (piped output stays as
 * scripts and tests read it): in text, %s is the event's path and %p the
 * plan's, each escaped. */
void cli_next_step(const char *text, const char *event, const char *plan);
/* alchemy idea's usage, every form (cli/ideas.c). */
extern const char idea_usage[];
void cli_puts_escaped(FILE *f, const char *s);
/* before, value (escaped: it came from the command line or a file; one
 * value within the line, so a line feed in it is escaped too), after, to
 * standard error: "alchemy: kind '" "\x1b]0;x" "' is not one of ...". */
void cli_say(const char *before, const char *value, const char *after);
/* day_open, then says what the plan's loading warned of (a seat in
 * allocation.yaml of someone no longer in the roster): every command that
 * opens the day says it, until a new plan is made. */
bool cli_day_open(struct day *dy, const char *event, int flags, struct diag_list *d);
/* A device name given by the user (what: "ALCHEMY_DEVICE", "--device"):
 * true when it is one (jfile_device_name_ok); else says what a device name
 * may hold, with the example, and the caller exits EX_USAGE. Never
 * rewritten into another name. */
bool cli_device_name_ok(const char *given, const char *what, const char *example);
/* $ALCHEMY_DEVICE, when set, is a device name (else said, as above). */
bool cli_device_ok(void);
/* Loads an event; on failure prints the problems and returns their status. */
int cli_load_event(struct event *ev, const char *path);
/* Loads the one EVENT.yaml argument, runs fn on it, frees it. */
int cli_with_event(int argc, char **argv, const char *usage, int (*fn)(struct event *ev));
/* Loads the event as the day sees it (the day's check-ins, no-shows and
 * walk-ins applied), runs fn on it, closes (releasing the lock if flags
 * took it). allocate, score and check judge this one state, so check never
 * says OK to what allocate refuses once the day has begun. */
int cli_with_day(const char *event, int flags, int (*fn)(struct event *ev));
/* The day cli_with_day opened, while fn runs (NULL otherwise). */
extern const struct day *cli_open_day;
/* Options: does argv[*i] name opt; then its value is argv[++*i]. */
const char *cli_option_value(int argc, char **argv, int *i, const char *opt);
/* Says which argument a command did not take, before its usage: an option
 * it has not, or a word too many ("report: unknown option '--bogus'" where
 * the usage alone left the reader to find it). */
void cli_say_unexpected(const char *arg);
/* True when arg is an option cli_option_value found without its value
 * (and said so). */
bool cli_value_missing(const char *arg);
/* True when argv is `want` words and no option; else says the first
 * wrong one (an option, a word too many) for the usage that follows:
 * "check --bogus" was taken for a file that could not be opened. */
bool cli_plain_arguments(int argc, char **argv, int want);
/* v as a whole number from lo to hi in *out; else says so for option opt
 * and returns false (the caller exits with EX_USAGE). */
bool cli_number_in_range(const char *opt, const char *v, long lo, long hi, int *out);

struct day;

int command_check(int argc, char **argv);
int command_allocate(int argc, char **argv);
int command_score(int argc, char **argv);
int command_checkin(int argc, char **argv);
int command_add(int argc, char **argv);
int command_move(int argc, char **argv);
int command_swap(int argc, char **argv);
int command_lock(int argc, char **argv);
int command_rebalance(int argc, char **argv);
int command_undo(int argc, char **argv);
int command_redo(int argc, char **argv);
int command_log(int argc, char **argv);
int command_snapshot(int argc, char **argv);
int command_idea(int argc, char **argv);
int command_ideas(int argc, char **argv);
int command_merge(int argc, char **argv);
int command_report(int argc, char **argv);
int command_print(int argc, char **argv);
int command_purge(int argc, char **argv);
int command_import(int argc, char **argv);
int command_init(int argc, char **argv);

#endif
