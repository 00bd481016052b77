/* Capture from the command line: alchemy idea add|edit|delete|restore|vote|key|history,
 * alchemy ideas, alchemy merge. Each change is on disk (fsync) before its
 * id or OK is printed. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "cli.h"
#include "day.h"
#include "journal.h"
#include "merge.h"
#include "fileio.h"
#include "strbuf.h"
#include "text.h"

/* Fewest characters of an idea id taken as its start. */
#define IDEA_ID_PREFIX_MIN 4

/* Also what "alchemy idea --help" prints (main.c): every form in full. */
const char idea_usage[] =
	"usage: alchemy idea add EVENT.yaml --table T [--stage S] [--round N] [--kind K] [--owner O]\n"
	"                        [--key] [--author NAME] [--] TEXT|-\n"
	"       alchemy idea edit EVENT.yaml IDEA [--] TEXT|-\n"
	"       alchemy idea delete EVENT.yaml IDEA\n"
	"       alchemy idea restore EVENT.yaml IDEA   (a deleted idea back)\n"
	"       alchemy idea vote EVENT.yaml IDEA [--down]\n"
	"       alchemy idea key EVENT.yaml IDEA [--off]\n"
	"       alchemy idea history EVENT.yaml IDEA   (every change to it, oldest first)\n"
	"       IDEA: an id as alchemy ideas lists it, or its first 4 characters or more\n"
	"       K: idea (the default), barrier, action or question; S: a stage's id\n";

static int report(struct diag_list *d)
{
	int status = cli_print_diagnostics(d);
	diag_list_free(d);
	return status ? status : EX_SOFTWARE;
}

/* TEXT, or with "-" standard input (for text longer than an argument may
 * be, or kept in a file), without its final line breaks. NULL, said and
 * *status set, on a read error or text that cannot be an idea. */
static char *text_argument(const char *arg, bool literal, int *status)
{
	*status = 0;
	if (literal || strcmp(arg, "-"))
		return strdup(arg);
	size_t len;
	/* Capped at the idea limit: `- </dev/zero` stops there, not at memory's end. */
	char *text = read_stream_max(stdin, IDEA_MAX_TEXT_BYTES + 2, &len);   /* and a final CRLF */
	if (!text) {
		fprintf(stderr, "alchemy: cannot read the text from standard input: %s\n", strerror(errno ? errno : EIO));
		*status = EX_IOERR;
		return NULL;
	}
	if (len > IDEA_MAX_TEXT_BYTES + 2) {
		fprintf(stderr, "alchemy: the text on standard input is over %u bytes, the limit (1 MiB): split it into several ideas\n",
			IDEA_MAX_TEXT_BYTES);
		free(text);
		*status = EX_DATAERR;
		return NULL;
	}
	if (strlen(text) != len) {
		fprintf(stderr, "alchemy: the text on standard input has a NUL byte; is it a text file?\n");
		free(text);
		*status = EX_DATAERR;
		return NULL;
	}
	/* The final line break only (a file's last line ends with one); blank
	 * lines before it are the text's own. */
	if (len && text[len - 1] == '\n')
		text[--len] = '\0';
	if (len && text[len - 1] == '\r')
		text[--len] = '\0';
	/* A byte order mark (a file saved by Notepad) is no part of the text:
	 * kept, the idea began with an invisible character in the report. */
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		memmove(text, text + 3, len - 3 + 1);
	return text;
}

static int parse_kind(const char *s)
{
	for (int k = 0; k < IDEA_KINDS; k++)
		if (!strcmp(s, idea_kind_names[k]))
			return k;
	return -1;
}

/* "there is no table 'T'", and the ones there are, so a typo is mended at once. */
static void say_no_table(const struct event *ev, const char *table, struct diag_list *d)
{
	char some[256] = "";
	size_t used = 0;
	for (size_t t = 0; t < ev->tables_count && used + 24 < sizeof(some); t++)
		used += (size_t)snprintf(some + used, sizeof(some) - used, "%s%.16s", t ? ", " : "", ev->tables[t].id);
	if (used + 24 >= sizeof(some))
		snprintf(some + used, sizeof(some) - used, ", ...");
	if (ev->tables_count)
		diag_add(d, DIAG_DATA, ev->path, 0, 0, "there is no table '%s'; the event's tables are %s", table, some);
	else
		diag_add(d, DIAG_DATA, ev->path, 0, 0, "there is no table '%s'; the event lists no tables", table);
}

/* Without --stage an idea goes to the day's current stage (the stage
 * clock's), as capture's new ideas do. */
static int idea_add(const struct day *dy, int argc, char **argv)
{
	const struct event *ev = &dy->ev;
	struct journal_change c = { .op = "add", .kind = IDEA };
	const char *text = NULL;
	bool literal = false;   /* after --: "-" is the text "-", not standard input */
	for (int i = 0; i < argc; i++) {
		const char *v;
		if ((v = cli_option_value(argc, argv, &i, "--table")))
			c.table = v;
		else if ((v = cli_option_value(argc, argv, &i, "--stage")))
			c.stage = v;
		else if ((v = cli_option_value(argc, argv, &i, "--owner")))
			c.owner = v;
		else if ((v = cli_option_value(argc, argv, &i, "--round"))) {
			if (!cli_number_in_range("--round", v, 1, EVENT_MAX_ROUNDS, &c.round))
				return EX_USAGE;
		}
		else if ((v = cli_option_value(argc, argv, &i, "--author")))
			c.author = v;
		else if ((v = cli_option_value(argc, argv, &i, "--kind"))) {
			int k = parse_kind(v);
			if (k < 0) {
				cli_say("alchemy: kind '", v, "' is not one of idea, barrier, action, question\n");
				return EX_USAGE;
			}
			c.kind = (enum idea_kind)k;
		} else if (!strcmp(argv[i], "--key"))
			c.key = true;
		else if (!strcmp(argv[i], "--") && i + 2 == argc && !text) {
			text = argv[++i];   /* the text may start with '-' */
			literal = true;
		}
		else if ((argv[i][0] == '-' && argv[i][1]) || text) {
			if (argv[i][0] == '-' && argv[i][1] && !text && i + 1 == argc && !cli_value_missing(argv[i])) {
				/* The last word, an unknown option: most likely a text. */
				fputs("alchemy: '", stderr);
				cli_puts_escaped(stderr, argv[i]);
				fputs("' is not an option; a text starting with '-' follows --: "
				      "alchemy idea add EVENT.yaml --table T -- \"-your text\"\n", stderr);
			} else {
				cli_say_unexpected(argv[i]);
			}
			fputs(idea_usage, stderr);
			return EX_USAGE;
		} else
			text = argv[i];
	}
	if (!c.table || !text) {
		fputs(idea_usage, stderr);
		return EX_USAGE;
	}
	struct diag_list d;
	diag_list_init(&d);
	if (event_find_table(ev, c.table) < 0) {
		say_no_table(ev, c.table, &d);
		return report(&d);
	}
	/* A round the plan does not have would be kept in the journal and then
	 * shown under no round in the report: refused, never dropped later. */
	size_t rounds = ev->rounds > 0 ? (size_t)ev->rounds : 1;
	bool from_plan = false;
	if (dy->plan_path) {
		struct plan p;
		struct diag_list quiet;
		diag_list_init(&quiet);
		if ((from_plan = plan_load(ev, dy->plan_path, &p, &quiet, &quiet))) {
			rounds = p.rounds_count;
			plan_free(&p);
		}
		diag_list_free(&quiet);
	}
	/* Round not said with a plan of rounds: the report would file it under
	 * no round, where nobody looks for a table's ideas; asked, not guessed. */
	if (c.round == 0 && rounds > 1) {
		diag_add(&d, DIAG_DATA, from_plan ? dy->plan_path : ev->path, 0, 0,
			 "the plan has %zu rounds: say which round this idea is from with --round 1 to %zu", rounds,
			 rounds);
		return report(&d);
	}
	if (c.round > 0 && (size_t)c.round > rounds) {
		const char *where = from_plan ? dy->plan_path : ev->path;
		if (rounds == 1)
			diag_add(&d, DIAG_DATA, where, 0, 0,
				 "the plan has 1 round, so there is no round %d; leave --round out", c.round);
		else
			diag_add(&d, DIAG_DATA, where, 0, 0,
				 "the plan has %zu rounds, so there is no round %d; give --round 1 to %zu", rounds,
				 c.round, rounds);
		return report(&d);
	}
	if (!c.stage && ev->stages_count) {
		int now = dy->state.clock.stage;
		c.stage = ev->stages[now < 0 ? 0 : (size_t)now < ev->stages_count ? (size_t)now : ev->stages_count - 1].id;
	}
	if (c.stage) {
		bool known = false;
		for (size_t s = 0; s < ev->stages_count; s++)
			known |= !strcmp(ev->stages[s].id, c.stage);
		if (!known) {   /* said with the stages there are, as an unknown kind is */
			char stages[512] = "";
			size_t used = 0;
			for (size_t s = 0; s < ev->stages_count && used < sizeof(stages); s++)
				used += (size_t)snprintf(stages + used, sizeof(stages) - used, "%s%s", s ? ", " : "",
							 ev->stages[s].id);
			diag_add(&d, DIAG_DATA, ev->path, 0, 0, "there is no stage '%s'; stages are: %s", c.stage, stages);
			return report(&d);
		}
	}
	char scribe[JOURNAL_SCRIBE_BYTES];
	if (!c.author) {
		journal_scribe_name(c.table, scribe);   /* a scribe writes for the table */
		c.author = scribe;
	}
	int status = 0;
	char *id, *owned = text_argument(text, literal, &status);
	if (!owned)
		return status;
	c.text = owned;
	if (!journal_append(ev, &c, &id, &d)) {
		status = report(&d);
	} else {
		printf("%s\n", id);
		free(id);
	}
	free(owned);
	if (!status)
		diag_list_free(&d);
	return status;
}

/* Which word of an idea change was wrong, before the whole usage: a
 * script's stray argument is then found at a glance (cold pass). argv[0]
 * is the idea's id. */
static void say_unexpected(const char *op, const char *id, int argc, char **argv)
{
	if (!strcmp(op, "text")) {
		if (argc < 2)
			cli_say("alchemy: idea edit ", id, ": no new text given\n");
		else
			cli_say("alchemy: idea edit: unexpected '", argv[argc - 1], "' after the text\n");
		return;
	}
	const char *flag = !strcmp(op, "vote") ? "--down" : !strcmp(op, "key") ? "--off" : NULL;
	const char *extra = flag && argc >= 3 && !strcmp(argv[1], flag) ? argv[2] : argv[1];
	cli_say("alchemy: idea ", op, ": unexpected '");
	cli_say("", extra, "'");
	if (flag)
		fprintf(stderr, " (it takes the idea's id and %s at most)\n", flag);
	else
		fputs(" (it takes the idea's id alone)\n", stderr);
}

/* Which idea a command names: the whole id, or its start as git takes a
 * commit's: i39b for i39b2f0c81aa, when no other idea's id starts so (4
 * characters at least, so a typo of one letter is not taken for an idea).
 * A start names only ideas alchemy ideas lists (for restore, only deleted
 * ones; for history, any): a deleted one is no other. A change to a
 * deleted idea is refused with the way back: it would be kept in the
 * journal but shown nowhere. NULL, with the problem in d, where none is
 * named or the one named cannot take op. */
static const struct idea *named_idea(const struct event *ev, const struct ideas *all, const char *arg,
				     const char *op, struct diag_list *d)
{
	bool restore = !strcmp(op, "restore"), any = !strcmp(op, "history");
	/* deleted: the one idea of the other kind (deleted, or for restore not) the start names */
	const struct idea *x = NULL, *started[2] = { NULL, NULL }, *deleted = NULL;
	size_t starts = 0, given = strlen(arg);
	for (size_t i = 0; i < all->count; i++) {
		const struct idea *y = &all->items[i];
		bool whole = !strcmp(y->id, arg);
		bool start = given >= IDEA_ID_PREFIX_MIN && !strncmp(y->id, arg, given);
		if (whole)
			x = y;
		else if (start && (any || y->deleted == restore)) {
			if (starts < 2)
				started[starts] = y;
			starts++;
		} else if (start && !deleted)
			deleted = y;
	}
	if (!x && starts == 1)
		x = started[0];
	if (x && !any && x->deleted != restore) {
		if (restore)
			diag_add(d, DIAG_DATA, ev->path, 0, 0, "idea %s is not deleted: there is nothing to restore", x->id);
		else if (!strcmp(op, "delete"))
			diag_add(d, DIAG_DATA, ev->path, 0, 0, "idea %s is already deleted", x->id);
		else
			diag_add(d, DIAG_DATA, ev->path, 0, 0,
				 "idea %s is deleted; 'alchemy idea restore %s %s' brings it back first", x->id, ev->path,
				 x->id);
		return NULL;
	}
	if (x)
		return x;
	if (starts > 1) {
		diag_add(d, DIAG_DATA, ev->path, 0, 0,
			 "'%s' starts the ids of %zu %sideas (%s, %s%s); give more of the id (alchemy ideas%s lists them)",
			 arg, starts, restore ? "deleted " : "", started[0]->id, started[1]->id, starts > 2 ? ", ..." : "",
			 restore ? " --deleted" : "");
	} else if (deleted && restore) {
		diag_add(d, DIAG_DATA, ev->path, 0, 0, "idea %s is not deleted: there is nothing to restore", deleted->id);
	} else if (deleted) {
		diag_add(d, DIAG_DATA, ev->path, 0, 0,
			 "'%s' starts only the id of deleted idea %s; 'alchemy idea restore %s %s' brings it back first",
			 arg, deleted->id, ev->path, deleted->id);
	} else {
		/* An id copied without its leading i (a double-click in some
		 * terminals stops there): said, not guessed. */
		const char *without_i = NULL, *other_kind = NULL;
		size_t with_i = 0;
		for (size_t i = 0; arg[0] != 'i' && given >= IDEA_ID_PREFIX_MIN && i < all->count; i++) {
			if (!all->items[i].id[0] || strncmp(all->items[i].id + 1, arg, given))
				continue;
			if (any || all->items[i].deleted == restore) {
				without_i = all->items[i].id;
				with_i++;
			} else {
				other_kind = all->items[i].id;
			}
		}
		if (!with_i && other_kind && restore)
			diag_add(d, DIAG_DATA, ev->path, 0, 0,
				 "there is no idea '%s'; ideas' ids start with i, and %s is not deleted: there is nothing to restore",
				 arg, other_kind);
		else if (!with_i && other_kind)
			diag_add(d, DIAG_DATA, ev->path, 0, 0,
				 "there is no idea '%s'; ideas' ids start with i, and %s is deleted: 'alchemy idea restore %s %s' "
				 "brings it back first",
				 arg, other_kind, ev->path, other_kind);
		else if (with_i == 1)
			diag_add(d, DIAG_DATA, ev->path, 0, 0, "there is no idea '%s'; ideas' ids start with i (%s?)", arg,
				 without_i);
		else if (with_i > 1)
			diag_add(d, DIAG_DATA, ev->path, 0, 0,
				 "there is no idea '%s'; ideas' ids start with i, and i%s starts %zu of them: give more of the id",
				 arg, arg, with_i);
		else if (restore)
			diag_add(d, DIAG_DATA, ev->path, 0, 0,
				 given < IDEA_ID_PREFIX_MIN ? "there is no deleted idea '%s' (give 4 characters of an id at least)"
							    : "there is no deleted idea '%s'",
				 arg);
		else
			diag_add(d, DIAG_DATA, ev->path, 0, 0,
				 given < IDEA_ID_PREFIX_MIN ? "there is no idea '%s' (alchemy ideas lists them; give 4 characters of an id at least)"
							    : "there is no idea '%s' (alchemy ideas lists them)",
				 arg);
	}
	return NULL;
}

/* What a change did, after the idea's id (the first word, for scripts). */
static void say_done(const struct idea *x, const struct journal_change *c)
{
	if (!strcmp(c->op, "text"))
		printf("%s: text changed\n", x->id);
	else if (!strcmp(c->op, "vote"))
		printf("%s: %s (%d vote%s)\n", x->id, c->vote < 0 ? "vote taken back" : "vote added", x->votes + c->vote,
		       x->votes + c->vote == 1 ? "" : "s");
	else if (!strcmp(c->op, "key"))
		printf("%s: %s\n", x->id, c->key ? "marked a key point" : "no longer a key point");
	else if (!strcmp(c->op, "delete"))
		printf("%s: deleted (kept in its history; alchemy idea restore brings it back)\n", x->id);
	else
		printf("%s: restored\n", x->id);
}

/* Changes to an existing idea go to the journal of the idea's table. */
static int idea_change(struct event *ev, const char *op, int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[0], "--down") || !strcmp(argv[0], "--off"))) {
		char *flag = argv[0];   /* the flag before the id: taken as after it */
		argv[0] = argv[1];
		argv[1] = flag;
	}
	if (argc < 1) {
		fputs("alchemy idea: give the idea's id (alchemy ideas lists them)\n", stderr);
		fputs(idea_usage, stderr);
		return EX_USAGE;
	}
	struct diag_list d;
	diag_list_init(&d);
	struct ideas all;
	if (!journal_read(ev, &all, NULL, &d))
		return report(&d);
	bool deleting = !strcmp(op, "delete");
	if (deleting || !strcmp(op, "restore")) {
		/* Deleting what is deleted, restoring what is not: nothing to do, as a key point marked again. */
		struct diag_list quiet;
		diag_list_init(&quiet);
		const struct idea *y = argc == 1 ? named_idea(ev, &all, argv[0], "history", &quiet) : NULL;
		diag_list_free(&quiet);
		if (y && y->deleted == deleting) {
			printf("%s is %s: nothing written\n", y->id, deleting ? "already deleted" : "not deleted");
			ideas_free(&all);
			diag_list_free(&d);
			return 0;
		}
	}
	const struct idea *x = named_idea(ev, &all, argv[0], op, &d);
	int status = 0;
	if (!x) {
		status = report(&d);
	} else {
		struct journal_change c = { .op = op, .idea = x->id, .table = x->table, .vote = 1, .key = true,
					    .after = x->changed };
		bool ok = true;
		char *owned = NULL;
		int text_status = 0;
		if (!strcmp(op, "text")) {
			int at = argc == 3 && !strcmp(argv[1], "--") ? 2 : 1;   /* -- before a text starting with '-' */
			/* "idea edit EV ID --key" wrote "--key" as the text: a text
			 * starting with '-' follows --, as for idea add. */
			if (at == 1 && argc >= 2 && argv[1][0] == '-' && argv[1][1]) {
				cli_say("alchemy: '", argv[1], "' is not an option of idea edit; a text starting with '-' "
					"follows --: alchemy idea edit EVENT.yaml IDEA -- \"-your text\"\n");
				ideas_free(&all);
				diag_list_free(&d);
				return EX_USAGE;
			}
			ok = argc == at + 1 && (owned = text_argument(argv[at], at == 2, &text_status));
			c.text = owned;
		} else if (!strcmp(op, "vote")) {
			ok = argc == 1 || (argc == 2 && !strcmp(argv[1], "--down"));
			c.vote = argc == 2 ? -1 : 1;
			if (ok && c.vote < 0 && x->votes <= 0) {
				/* Taking back a vote nobody cast would make it negative. */
				cli_say("alchemy: idea ", x->id, " has no vote to take back\n");
				ideas_free(&all);
				diag_list_free(&d);
				return EX_DATAERR;
			}
		} else if (!strcmp(op, "key")) {
			ok = argc == 1 || (argc == 2 && !strcmp(argv[1], "--off"));
			c.key = argc == 1;
			if (ok && c.key == x->key) {
				/* A record that changes nothing would only lengthen the history. */
				printf("%s is %s a key point: nothing written\n", x->id, x->key ? "already" : "not");
				ideas_free(&all);
				diag_list_free(&d);
				return 0;
			}
		} else {
			ok = argc == 1;
		}
		if (!ok && text_status) {
			status = text_status;   /* said by text_argument */
		} else if (!ok) {
			say_unexpected(op, x->id, argc, argv);
			fputs(idea_usage, stderr);
			status = EX_USAGE;
		} else if (c.text && !strcmp(c.text, x->text)) {
			printf("%s already says that: nothing written\n", x->id);
		} else if (!journal_append(ev, &c, NULL, &d)) {
			status = report(&d);
		} else {
			say_done(x, &c);
		}
		free(owned);
	}
	ideas_free(&all);
	if (!status)
		diag_list_free(&d);
	return status;
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

/* s on one line: a line break or tab anyone typed in an owner or author
 * shown as \n or \t (cli_write_escaped shows the other controls), so a
 * head line is never broken in two. malloc'd; NULL when memory runs out. */
static char *one_line(const char *s)
{
	struct strbuf b;
	strbuf_init(&b);
	for (; *s; s++) {
		if (*s == '\n' || *s == '\t' || *s == '\r')
			strbuf_printf(&b, "\\%c", *s == '\n' ? 'n' : *s == '\t' ? 't' : 'r');
		else
			strbuf_add(&b, s, 1);
	}
	strbuf_add(&b, "", 0);
	if (b.failed) {
		strbuf_free(&b);
		return NULL;
	}
	return b.data ? b.data : strdup("");
}

/* s (on one line), then spaces to cols display columns (none when s is wider). */
static void padded(struct strbuf *out, const char *s, int cols)
{
	char *line = one_line(s);
	const char *shown = line ? line : s;
	strbuf_printf(out, "%s%*s", shown, max_int(0, cols - text_width(shown)), "");
	free(line);
}

static int line_width(const char *s)
{
	char *line = one_line(s);
	int w = text_width(line ? line : s);
	free(line);
	return w;
}

/* "2026-12-01 11:32:05" in local time. */
static void local_time(long long ms, char *buf, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, size, "%lld", ms);
}

/* A text of the history, each line indented under its change. */
static void history_text(struct strbuf *out, const char *text)
{
	for (const char *t = text; t && *t;) {
		const char *nl = strchr(t, '\n');
		int len = nl ? (int)(nl - t) : (int)strlen(t);
		strbuf_printf(out, "      %.*s\n", len, t);
		t += len + (nl ? 1 : 0);
	}
}

/* alchemy idea history: every change recorded to one idea, oldest first,
 * with when and from which device: a text an edit replaced, or an edit
 * from another laptop that a later one won over, is there to copy back. */
static int idea_history(struct event *ev, int argc, char **argv)
{
	if (argc != 1) {
		if (argc == 0)
			fputs("alchemy idea history: give the idea's id (alchemy ideas lists them)\n", stderr);
		else
			cli_say_unexpected(argv[1]);
		fputs(idea_usage, stderr);
		return EX_USAGE;
	}
	struct diag_list d, w;
	diag_list_init(&d);
	diag_list_init(&w);
	struct ideas all;
	struct idea_history h = { 0 };
	if (!journal_read(ev, &all, NULL, &d))
		return report(&d);
	const struct idea *x = named_idea(ev, &all, argv[0], "history", &d);
	if (!x || !journal_idea_history(ev, x->id, &h, &w, &d)) {
		ideas_free(&all);
		diag_list_free(&w);
		return report(&d);
	}
	int device_w = 1;
	for (size_t i = 0; i < h.count; i++)
		device_w = max_int(device_w, text_width(h.items[i].device ? h.items[i].device : "-"));
	struct strbuf out;
	strbuf_init(&out);
	strbuf_printf(&out, "%s  table %s%s\n", x->id, x->table, x->deleted ? "  (deleted)" : "");
	for (size_t i = 0; i < h.count; i++) {
		const struct idea_change *c = &h.items[i];
		char when[64];
		local_time(c->time, when, sizeof(when));
		strbuf_printf(&out, "  %s  ", when);
		padded(&out, c->device ? c->device : "-", device_w);
		strbuf_puts(&out, "  ");
		const char *op = c->op;
		if (!strcmp(op, "add")) {
			strbuf_printf(&out, "added (%s", c->kind >= 0 && c->kind < IDEA_KINDS ? idea_kind_names[c->kind] : "idea");
			if (c->stage && c->stage[0])
				strbuf_printf(&out, ", stage %s", c->stage);
			char scribe[JOURNAL_SCRIBE_BYTES];
			journal_scribe_name(x->table, scribe);
			if (c->author && c->author[0] && strcmp(c->author, scribe))   /* as alchemy ideas */
				strbuf_printf(&out, ", by %s", c->author);
			strbuf_puts(&out, c->key ? ", a key point):\n" : "):\n");
			history_text(&out, c->text);
		} else if (!strcmp(op, "text")) {
			strbuf_puts(&out, "text changed to:\n");
			history_text(&out, c->text);
		} else if (!strcmp(op, "kind")) {
			strbuf_printf(&out, "kind: %s\n", c->kind >= 0 && c->kind < IDEA_KINDS ? idea_kind_names[c->kind] : "?");
		} else if (!strcmp(op, "owner")) {
			if (c->owner && c->owner[0])
				strbuf_printf(&out, "owner: %s\n", c->owner);
			else
				strbuf_puts(&out, "owner removed\n");
		} else if (!strcmp(op, "key")) {
			strbuf_puts(&out, c->key ? "marked a key point\n" : "no longer a key point\n");
		} else if (!strcmp(op, "vote")) {
			strbuf_puts(&out, c->vote < 0 ? "vote taken back\n" : "vote\n");
		} else if (!strcmp(op, "stage")) {
			strbuf_printf(&out, "moved to stage %s\n", c->stage ? c->stage : "?");
		} else if (!strcmp(op, "delete")) {
			strbuf_puts(&out, "deleted\n");
		} else if (!strcmp(op, "restore")) {
			strbuf_puts(&out, "restored\n");
		} else {
			strbuf_printf(&out, "%s (a change alchemy does not know, skipped)\n", op);
		}
	}
	strbuf_printf(&out, "%zu change%s\n", h.count, h.count == 1 ? "" : "s");
	int status = 0;
	cli_print_warnings(&w);
	if (out.failed || !cli_write_escaped(stdout, out.data, out.len))
		status = EX_IOERR;
	strbuf_free(&out);
	idea_history_free(&h);
	ideas_free(&all);
	diag_list_free(&d);
	diag_list_free(&w);
	return status;
}

int command_idea(int argc, char **argv)
{
	if (argc < 2) {
		fputs(idea_usage, stderr);
		return EX_USAGE;
	}
	static const struct {
		const char *word, *op;
	} ops[] = { { "edit", "text" }, { "delete", "delete" }, { "restore", "restore" },
		    { "vote", "vote" }, { "key", "key" } };
	struct day dy;
	struct diag_list d;
	diag_list_init(&d);
	if (!day_open(&dy, argv[1], DAY_NO_PLAN, &d))
		return report(&d);
	diag_list_free(&d);
	int status = -1;
	/* "idea vote EVENT -- ID": no id starts with '-', so -- only ends the options. */
	bool add = !strcmp(argv[0], "add");
	int skip = !add && argc >= 4 && !strcmp(argv[2], "--") ? 3 : 2;
	if (add)
		status = idea_add(&dy, argc - 2, argv + 2);
	else if (!strcmp(argv[0], "history"))
		status = idea_history(&dy.ev, argc - skip, argv + skip);
	for (size_t k = 0; status < 0 && k < sizeof(ops) / sizeof(ops[0]); k++)
		if (!strcmp(argv[0], ops[k].word))
			status = idea_change(&dy.ev, ops[k].op, argc - skip, argv + skip);
	if (status < 0) {
		cli_say("alchemy idea: '", argv[0], "' is not one of add, edit, delete, restore, vote, key and history\n");
		fputs(idea_usage, stderr);
		status = EX_USAGE;
	}
	day_close(&dy);
	return status;
}

int command_ideas(int argc, char **argv)
{
	const char *table = NULL;
	bool deleted = false, usage = argc < 1 || argv[0][0] == '-';   /* --help is not a file to open */
	for (int i = 1; i < argc && !usage; i++) {
		const char *v;
		if ((v = cli_option_value(argc, argv, &i, "--table")) && !table)
			table = v;
		else if (!strcmp(argv[i], "--deleted") && !deleted)
			deleted = true;
		else {
			cli_say_unexpected(argv[i]);
			usage = true;
		}
	}
	if (argc >= 1 && argv[0][0] == '-')
		cli_say_unexpected(argv[0]);
	if (usage) {
		fprintf(stderr, "usage: alchemy ideas EVENT.yaml [--table T] [--deleted]\n"
				"  --deleted: the deleted ideas instead (alchemy idea restore brings one back)\n");
		return EX_USAGE;
	}
	struct event ev;
	int status = cli_load_event(&ev, argv[0]);
	if (status)
		return status;
	struct diag_list d, w;
	diag_list_init(&d);
	diag_list_init(&w);
	struct ideas all;
	if (!journal_read(&ev, &all, &w, &d)) {
		event_free(&ev);
		diag_list_free(&w);
		return report(&d);
	}
	cli_print_warnings(&w);
	/* A table the event has not (ideas of a table since taken out of
	 * event.yaml are still listed) nor any idea names: a typo, said. */
	bool named = !table || event_find_table(&ev, table) >= 0;
	for (size_t i = 0; !named && i < all.count; i++)
		named = !strcmp(all.items[i].table, table);
	if (!named) {
		say_no_table(&ev, table, &d);
		ideas_free(&all);
		event_free(&ev);
		diag_list_free(&w);
		return report(&d);
	}
	/* Built whole, then printed with control characters shown as escapes:
	 * the text is anyone's, and a terminal would obey an ESC in it. */
	struct strbuf out;
	strbuf_init(&out);
	/* Columns as wide as their widest entry, so the heads line up down the
	 * list; owner and author, of any length, come last. */
	int table_w = 0, stage_w = 1, kind_w = 0, votes_w = 1;
	bool any_key = false;
	for (size_t i = 0; i < all.count; i++) {
		const struct idea *x = &all.items[i];
		if (x->deleted != deleted || (table && strcmp(x->table, table)))
			continue;
		table_w = max_int(table_w, line_width(x->table));
		stage_w = max_int(stage_w, line_width(x->stage));
		kind_w = max_int(kind_w, text_width(idea_kind_names[x->kind]));
		votes_w = max_int(votes_w, snprintf(NULL, 0, "%d", x->votes));
		any_key = any_key || x->key;
	}
	size_t shown = 0;
	for (size_t i = 0; i < all.count; i++) {
		const struct idea *x = &all.items[i];
		if (x->deleted != deleted || (table && strcmp(x->table, table)))
			continue;
		shown++;
		/* The author only when someone else than the table's scribe (whose
		 * name is "table T"): beside "table T" it read as said twice. */
		char scribe[JOURNAL_SCRIBE_BYTES];
		journal_scribe_name(x->table, scribe);
		bool by_scribe = !x->author || !x->author[0] || !strcmp(x->author, scribe);
		size_t head_start = out.len;
		strbuf_printf(&out, "%s  table ", x->id);
		padded(&out, x->table, table_w);
		strbuf_printf(&out, "  ");
		padded(&out, x->stage[0] ? x->stage : "-", stage_w);
		strbuf_printf(&out, " ");
		padded(&out, idea_kind_names[x->kind], kind_w);
		strbuf_printf(&out, "  %s", x->key ? "KEY  " : any_key ? "     " : "");
		/* Padded only where owner or author follows: no line ends in spaces. */
		bool more = x->owner[0] || !by_scribe;
		/* Owner and author beside the votes where the line stays within
		 * 80 columns, else on a line of their own under it. */
		size_t votes_at = out.len;
		strbuf_printf(&out, "votes %-*d", more ? votes_w : 0, x->votes);
		int head_w = out.data ? text_width(out.data + head_start) : 0;   /* the strbuf ends in a NUL */
		int after_w = (x->owner[0] ? 8 + line_width(x->owner) : 0) + (!by_scribe ? 5 + line_width(x->author) : 0);
		bool below = head_w + after_w > 80;
		if (below && more) {
			out.len = votes_at;   /* the votes unpadded: nothing follows on this line */
			strbuf_printf(&out, "votes %d", x->votes);
		}
		if (below)
			strbuf_puts(&out, "\n");   /* indented 2, the text 4: not read as the idea's words */
		if (x->owner[0]) {
			strbuf_puts(&out, "  owner ");
			padded(&out, x->owner, 0);
		}
		if (!by_scribe) {
			strbuf_puts(&out, "  by ");
			padded(&out, x->author, 0);
		}
		strbuf_printf(&out, "\n");
		/* The text, indented, its lines as typed, each wrapped at spaces
		 * to 80 columns; an empty line without the indent's spaces. */
		for (const char *t = x->text; *t;) {
			size_t len = text_line_break(t, 80 - 4);
			strbuf_printf(&out, len ? "    %.*s\n" : "%.*s\n", (int)len, t);
			t += len;
			t += strspn(t, " ");
			t += *t == '\n';
		}
	}
	strbuf_printf(&out, "%zu %sidea%s", shown, deleted ? "deleted " : "", shown == 1 ? "" : "s");
	if (table)
		strbuf_printf(&out, " at table %s", table);
	strbuf_printf(&out, " (%zu change%s recorded%s)\n", all.records, all.records == 1 ? "" : "s",
		      table ? " at the event" : "");
	if (deleted && shown)
		strbuf_printf(&out, "alchemy idea restore %s ID brings one back\n", argv[0]);
	if (out.failed || !cli_write_escaped(stdout, out.data, out.len))
		status = EX_IOERR;
	strbuf_free(&out);
	ideas_free(&all);
	event_free(&ev);
	diag_list_free(&d);
	diag_list_free(&w);
	return status;
}

int command_merge(int argc, char **argv)
{
	/* Every argument checked before anything is merged: "merge EV other
	 * --bogus" merged other, then failed (66) on --bogus. */
	bool option = false;
	for (int k = 0; k < argc && !option; k++)
		if (argv[k][0] == '-' && argv[k][1]) {
			cli_say_unexpected(argv[k]);
			option = true;
		}
	if (argc < 2 || option) {
		fprintf(stderr, "usage: alchemy merge EVENT.yaml OTHER...\n"
				"  OTHER: another laptop's event folder, or a folder of its journals\n");
		return EX_USAGE;
	}
	/* A file is a mistaken argument, not data that failed: usage (64). */
	for (int k = 1; k < argc; k++) {
		struct stat st;
		if (argv[k][0] && stat(argv[k], &st) != 0) {   /* an empty name: said as such by event_merge */
			cli_say("alchemy merge: ", argv[k], ": no such folder; nothing merged\n");
			return EX_NOINPUT;
		}
		if (argv[k][0] && !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "alchemy merge: %s is not a folder: give the other laptop's event folder, "
					"or its ideas/ or day/ folder\n", argv[k]);
			return EX_USAGE;
		}
	}
	struct event ev;
	int status = cli_load_event(&ev, argv[0]);
	if (status)
		return status;
	struct diag_list d, notes;
	diag_list_init(&d);
	diag_list_init(&notes);
	struct merge_result total = { 0 };
	bool ok = true;
	for (int k = 1; ok && k < argc; k++) {
		struct merge_result r;
		ok = event_merge(&ev, argv[k], &r, &notes, &d);
		total.ideas += r.ideas;
		total.day += r.day;
		total.ignored += r.ignored;
	}
	char line[1024];
	for (size_t k = 0; k < notes.count; k++) {
		diag_format(&notes.items[k], line, sizeof(line));
		fprintf(stderr, "note: %s\n", line);
	}
	diag_list_free(&notes);
	event_free(&ev);
	if (!ok)
		return report(&d);
	printf("%zu record%s merged into the ideas folder, %zu into the day journals\n", total.ideas,
	       total.ideas == 1 ? "" : "s", total.day);
	if (total.day) {   /* what the merged day holds that needs a word: two laptops of one name */
		struct day dy;
		if (day_open(&dy, argv[0], 0, &d)) {
			cli_print_day_warnings(&dy);
			cli_warn_clock_ahead(&dy);
			day_close(&dy);
		}
	}
	diag_list_free(&d);
	return 0;
}
