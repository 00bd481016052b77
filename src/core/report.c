#include "report.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "escape.h"
#include "score.h"
#include "table_mix.h"

void md_escape(struct strbuf *out, const char *s)
{
	bool line_start = false;   /* callers write a prefix first; new lines inside count */
	for (; *s; s++) {
		/* What makes markup anywhere, and what does only at a line's start
		 * (headings, lists, rules, "1." lists). */
		bool special = strchr("\\`*_[]<>|&", *s) != NULL;
		if (line_start && strchr("#+-=>", *s))
			special = true;
		if (line_start && *s >= '0' && *s <= '9') {
			const char *p = s;
			while (*p >= '0' && *p <= '9')
				p++;
			if (*p == '.' || *p == ')') {
				strbuf_add(out, s, (size_t)(p - s));
				strbuf_printf(out, "\\%c", *p);
				s = p;
				line_start = false;
				continue;
			}
		}
		if (*s == '\n') {
			strbuf_puts(out, "  \n");   /* a line break, kept */
			line_start = true;
			continue;
		}
		if (special)
			strbuf_puts(out, "\\");
		strbuf_add(out, s, 1);
		line_start = false;
	}
}

static const char *kind_heading[IDEA_KINDS] = { "Ideas", "Barriers", "Actions", "Questions" };

/* Ideas of one theme: those captured at tables whose theme it is. */
static int idea_theme(const struct report_input *in, const struct idea *x)
{
	int t = event_find_table(in->ev, x->table);
	if (t < 0)
		return -1;
	if (in->plan) {
		/* In a plan of rounds a table's theme may change from round to round. */
		size_t r = x->round > 0 && (size_t)x->round <= in->plan->rounds_count ? (size_t)x->round - 1 : 0;
		return in->plan->rounds[r].table_theme[t];
	}
	return in->ev->tables[t].theme;
}

/* Do a theme's ideas come from more than one round of the plan? */
static bool several_rounds(const struct report_input *in, const struct idea *const *list, size_t n)
{
	for (size_t i = 1; in->plan && in->plan->rounds_count > 1 && i < n; i++)
		if (list[i]->round != list[0]->round)
			return true;
	return false;
}

/* What the charts and the figures table show, per theme. */
struct theme_figures {
	long *role_counts;      /* roles_count entries */
	long people, ideas, keys, actions;
	bool shown;             /* has tables or ideas */
};

static struct theme_figures *compute_figures(const struct report_input *in)
{
	const struct event *ev = in->ev;
	size_t K = ev->themes_count, R = ev->roles_count;
	struct theme_figures *f = calloc(K ? K : 1, sizeof(*f));
	long *counts = calloc((K ? K : 1) * (R ? R : 1), sizeof(long));
	if (!f || !counts) {
		free(f);
		free(counts);
		return NULL;
	}
	for (size_t j = 0; j < K; j++)
		f[j].role_counts = counts + j * R;
	for (size_t t = 0; t < ev->tables_count; t++) {
		int th = in->plan ? in->plan->rounds[0].table_theme[t] : ev->tables[t].theme;
		if (th >= 0)
			f[th].shown = true;
	}
	for (size_t i = 0; in->plan && i < ev->delegates_count; i++) {
		int t = in->plan->rounds[0].seat[i];
		int th = t >= 0 ? in->plan->rounds[0].table_theme[t] : -1;
		if (th < 0 || !ev->delegates[i].present || ev->delegates[i].role < 0)
			continue;
		f[th].role_counts[ev->delegates[i].role]++;
		f[th].people++;
	}
	for (size_t i = 0; i < in->ideas->count; i++) {
		const struct idea *x = &in->ideas->items[i];
		int th = idea_theme(in, x);
		if (x->deleted || th < 0)
			continue;
		f[th].shown = true;
		f[th].ideas++;
		f[th].keys += x->key;
		f[th].actions += x->kind == ACTION;
	}
	return f;
}

static void free_figures(struct theme_figures *f)
{
	if (f)
		free(f[0].role_counts);
	free(f);
}

static bool is_person(const struct idea *x)
{
	return strncmp(x->author, "table ", 6) != 0 && x->author[0];
}

static int compare_by_votes(const void *a, const void *b)
{
	const struct idea *x = *(const struct idea *const *)a, *y = *(const struct idea *const *)b;
	if (x->votes != y->votes)
		return y->votes - x->votes;
	return (x->created > y->created) - (x->created < y->created);
}

/* One idea as a list item; show_round: say its round (plans of several
 * rounds, where the section does not). */
static void idea_line_in(struct strbuf *out, const struct report_input *in, const struct idea *x, bool show_kind,
			 bool show_round)
{
	strbuf_puts(out, "- ");
	if (show_kind)
		strbuf_printf(out, "**%s:** ", idea_kind_names[x->kind]);
	md_escape(out, x->text);
	if (x->kind == ACTION && x->owner[0]) {
		strbuf_puts(out, " (owner: ");
		md_escape(out, x->owner);
		strbuf_puts(out, ")");
	}
	if (show_round && x->round > 0 && in->plan && in->plan->rounds_count > 1)
		strbuf_printf(out, " (round %d)", x->round);
	if (x->votes)
		strbuf_printf(out, " (%d vote%s)", x->votes, x->votes == 1 || x->votes == -1 ? "" : "s");
	if (in->names && is_person(x)) {
		strbuf_puts(out, " (");
		md_escape(out, x->author);
		strbuf_puts(out, ")");
	}
	strbuf_puts(out, "\n");
}

static void idea_line(struct strbuf *out, const struct report_input *in, const struct idea *x, bool show_kind)
{
	idea_line_in(out, in, x, show_kind, true);
}

/* One #tag where it occurs: in idea `idea`, at byte `at` of its text. */
struct tag_use {
	const char *tag;
	size_t len, idea, at;
};

static bool same_tag(const struct tag_use *a, const struct tag_use *b)
{
	return a->len == b->len && !memcmp(a->tag, b->tag, a->len);
}

static int compare_tag_uses(const void *a, const void *b)
{
	const struct tag_use *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->tag, y->tag, n);
	if (c || x->len != y->len)
		return c ? c : (x->len > y->len) - (x->len < y->len);
	if (x->idea != y->idea)
		return (x->idea > y->idea) - (x->idea < y->idea);
	return (x->at > y->at) - (x->at < y->at);
}

/* Groups after sorting: each tag's first use, in the order tags first appear. */
static int compare_first_uses(const void *a, const void *b)
{
	const struct tag_use *x = *(const struct tag_use *const *)a, *y = *(const struct tag_use *const *)b;
	if (x->idea != y->idea)
		return (x->idea > y->idea) - (x->idea < y->idea);
	return (x->at > y->at) - (x->at < y->at);
}

static bool tag_char(unsigned char c)
{
	return c == '-' || c == '_' || c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* Themes across challenges: every idea with a #tag under that tag, tags in
 * the order they first appear. Sorting the uses keeps it n log n in the
 * ideas, however many distinct tags they carry. */
static void write_tags(struct strbuf *out, const struct report_input *in)
{
	const struct ideas *ix = in->ideas;
	struct tag_use *uses = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < ix->count; i++) {
		const char *text = ix->items[i].text, *p = text;
		while (!ix->items[i].deleted && (p = strchr(p, '#'))) {
			size_t len = 1;
			while (tag_char((unsigned char)p[len]))
				len++;
			if (len > 1) {
				if (n == cap) {
					cap = cap ? cap * 2 : 64;
					struct tag_use *u = realloc(uses, cap * sizeof(*u));
					if (!u) {
						out->failed = true;
						free(uses);
						return;
					}
					uses = u;
				}
				uses[n++] = (struct tag_use){ p, len, i, (size_t)(p - text) };
			}
			p += len;
		}
	}
	if (n)   /* qsort wants a real array even for none */
		qsort(uses, n, sizeof(*uses), compare_tag_uses);
	const struct tag_use **firsts = malloc((n ? n : 1) * sizeof(*firsts));
	size_t groups = 0;
	for (size_t k = 0; firsts && k < n; k++)
		if (!k || !same_tag(&uses[k - 1], &uses[k]))
			firsts[groups++] = &uses[k];
	qsort(firsts, groups, sizeof(*firsts), compare_first_uses);
	if (groups)
		strbuf_puts(out, "## Themes across challenges\n\n");
	for (size_t g = 0; g < groups; g++) {
		const struct tag_use *u = firsts[g], *end = uses + n;
		char *tag = strndup(u->tag, u->len);
		strbuf_puts(out, "### ");
		md_escape(out, tag ? tag : "");
		strbuf_puts(out, "\n\n");
		for (const struct tag_use *v = u; v < end && same_tag(v, u); v++)
			if (v == u || v[-1].idea != v->idea)
				idea_line(out, in, &ix->items[v->idea], false);
		strbuf_puts(out, "\n");
		free(tag);
	}
	out->failed |= n && !firsts;
	free(firsts);
	free(uses);
}

/* Why write_markdown's sections leave idea x out (its table, stage or
 * round is gone: cut from the event or the plan after it was captured),
 * or NULL when a section shows it. by_round: its theme's ideas span
 * several rounds, so they are listed by round. */
static const char *orphan_reason(const struct report_input *in, const struct idea *x, bool by_round,
				 char *buf, size_t size)
{
	if (event_find_table(in->ev, x->table) < 0) {
		snprintf(buf, size, "table %s is no longer in the event", x->table);
		return buf;
	}
	if (idea_theme(in, x) < 0) {
		snprintf(buf, size, "table %s has no challenge in the plan", x->table);
		return buf;
	}
	if (x->key || x->kind == ACTION || x->kind == QUESTION)
		return NULL;   /* listed whatever their stage and round */
	bool stage_known = !x->stage[0];
	for (size_t s = 0; s < in->ev->stages_count && !stage_known; s++)
		stage_known = !strcmp(in->ev->stages[s].id, x->stage);
	if (!stage_known) {
		snprintf(buf, size, "stage '%s' is no longer in the event", x->stage);
		return buf;
	}
	if (by_round && (x->round < 0 || (size_t)x->round > in->plan->rounds_count)) {
		snprintf(buf, size, "round %d is no longer in the plan", x->round);
		return buf;
	}
	return NULL;
}

/* Every idea is in the report: those the sections above cannot place are
 * listed here, each with why, never left out. */
static void write_orphans(const struct report_input *in, struct strbuf *out)
{
	const struct ideas *ix = in->ideas;
	const struct idea **list = malloc((ix->count ? ix->count : 1) * sizeof(*list));
	bool *by_round = calloc(in->ev->themes_count + 1, sizeof(bool));
	if (!list || !by_round) {
		free(list);
		free(by_round);
		out->failed = true;
		return;
	}
	for (size_t th = 0; th < in->ev->themes_count; th++) {
		size_t n = 0;
		for (size_t i = 0; i < ix->count; i++)
			if (!ix->items[i].deleted && idea_theme(in, &ix->items[i]) == (int)th)
				list[n++] = &ix->items[i];
		by_round[th] = several_rounds(in, list, n);
	}
	bool heading = false;
	for (size_t i = 0; i < ix->count; i++) {
		const struct idea *x = &ix->items[i];
		if (x->deleted)
			continue;
		int th = idea_theme(in, x);
		char why[200];
		if (!orphan_reason(in, x, th >= 0 && by_round[th], why, sizeof(why)))
			continue;
		if (!heading)
			strbuf_puts(out, "## Ideas whose table, stage or round no longer exists\n\n");
		heading = true;
		struct strbuf line;
		strbuf_init(&line);
		idea_line(&line, in, x, x->kind != IDEA);
		if (line.len && line.data[line.len - 1] == '\n')
			line.len--;
		strbuf_add(out, line.data, line.len);
		strbuf_puts(out, " \xE2\x80\x94 ");
		md_escape(out, why);
		strbuf_puts(out, "\n");
		out->failed |= line.failed;
		strbuf_free(&line);
	}
	if (heading)
		strbuf_puts(out, "\n");
	free(list);
	free(by_round);
}

static void write_markdown(const struct report_input *in, struct strbuf *out)
{
	const struct event *ev = in->ev;
	const struct ideas *ix = in->ideas;
	strbuf_puts(out, "# ");
	md_escape(out, ev->name);
	strbuf_puts(out, "\n\n");
	if (ev->date || ev->venue) {
		if (ev->date)
			md_escape(out, ev->date);
		if (ev->date && ev->venue)
			strbuf_puts(out, " \xC2\xB7 ");
		if (ev->venue)
			md_escape(out, ev->venue);
		strbuf_puts(out, "\n\n");
	}
	size_t present = event_present_count(ev), ideas = 0, keys = 0, actions = 0;
	for (size_t i = 0; i < ix->count; i++) {
		if (ix->items[i].deleted)
			continue;
		ideas++;
		keys += ix->items[i].key;
		actions += ix->items[i].kind == ACTION;
	}
	strbuf_puts(out, "## Summary\n\n| | |\n|---|---:|\n");
	strbuf_printf(out, "| Delegates present | %zu |\n", present);
	for (size_t r = 0; r < ev->roles_count; r++) {
		size_t n = 0;
		for (size_t i = 0; i < ev->delegates_count; i++)
			n += ev->delegates[i].present && ev->delegates[i].role == (int)r;
		strbuf_puts(out, "| ");
		md_escape(out, ev->roles[r].label);
		strbuf_printf(out, " | %zu |\n", n);
	}
	strbuf_printf(out, "| Organisations | %zu |\n| Tables | %zu |\n| Ideas | %zu |\n| Key points | %zu |\n"
			   "| Actions | %zu |\n\n", ev->orgs_count, ev->tables_count, ideas, keys, actions);
	struct theme_figures *fig = compute_figures(in);
	if (fig) {
		strbuf_puts(out, "## Figures\n\n| Challenge |");
		for (size_t r = 0; r < ev->roles_count; r++) {
			strbuf_puts(out, " ");
			md_escape(out, ev->roles[r].label);
			strbuf_puts(out, " |");
		}
		strbuf_puts(out, " Ideas | Key points | Actions |\n|---|");
		for (size_t r = 0; r < ev->roles_count; r++)
			strbuf_puts(out, "---:|");
		strbuf_puts(out, "---:|---:|---:|\n");
		for (size_t j = 0; j < ev->themes_count; j++) {
			if (!fig[j].shown)
				continue;
			strbuf_puts(out, "| ");
			md_escape(out, ev->themes[j].title);
			strbuf_puts(out, " |");
			for (size_t r = 0; r < ev->roles_count; r++)
				strbuf_printf(out, " %ld |", fig[j].role_counts[r]);
			strbuf_printf(out, " %ld | %ld | %ld |\n", fig[j].ideas, fig[j].keys, fig[j].actions);
		}
		strbuf_puts(out, "\n");
		free_figures(fig);
	}
	const struct idea **list = malloc((ix->count ? ix->count : 1) * sizeof(*list));
	if (!list) {
		out->failed = true;
		return;
	}
	struct table_mixes mixes = { 0 };
	bool mixed = in->plan && table_mixes_compute(&mixes, ev, in->plan->rounds[0].seat) == 0;
	for (size_t th = 0; th < ev->themes_count; th++) {
		size_t n = 0;
		for (size_t i = 0; i < ix->count; i++)
			if (!ix->items[i].deleted && idea_theme(in, &ix->items[i]) == (int)th)
				list[n++] = &ix->items[i];
		size_t tables = 0;
		for (size_t t = 0; t < ev->tables_count; t++)
			tables += (in->plan ? in->plan->rounds[0].table_theme[t] : ev->tables[t].theme) == (int)th;
		if (!n && !tables)
			continue;
		strbuf_puts(out, "## ");
		md_escape(out, ev->themes[th].title);
		strbuf_puts(out, "\n\n");
		/* The tables that worked on it, and their mix. */
		for (size_t t = 0; in->plan && t < ev->tables_count; t++) {
			if (in->plan->rounds[0].table_theme[t] != (int)th)
				continue;
			strbuf_printf(out, "- Table %s:", ev->tables[t].id);
			for (size_t r = 0; r < ev->roles_count; r++) {
				strbuf_printf(out, " %d ", mixed ? mixes.tables[t].role_counts[r] : 0);
				md_escape(out, ev->roles[r].label);
				strbuf_puts(out, r + 1 < ev->roles_count ? "," : "");
			}
			strbuf_puts(out, "\n");
		}
		if (in->plan && tables)
			strbuf_puts(out, "\n");
		qsort(list, n, sizeof(*list), compare_by_votes);
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			k += list[i]->key;
		if (k) {
			strbuf_puts(out, "### Key points\n\n");
			for (size_t i = 0, rank = 1; i < n; i++)
				if (list[i]->key) {
					strbuf_printf(out, "%zu. ", rank++);
					struct strbuf line;
					strbuf_init(&line);
					idea_line(&line, in, list[i], false);
					strbuf_puts(out, line.data + 2);   /* numbered, not bulleted */
					strbuf_free(&line);
				}
			strbuf_puts(out, "\n");
		}
		/* Then by round (when the theme's ideas span several), by stage,
		 * then by kind. */
		bool by_round = several_rounds(in, list, n);
		int last_round = by_round ? (int)in->plan->rounds_count : 0;
		for (int round = 0; round <= last_round; round++)
			for (size_t s = 0; s <= ev->stages_count; s++) {
				const char *stage = s < ev->stages_count ? ev->stages[s].id : "";
				size_t here = 0;
				for (size_t i = 0; i < n; i++)
					here += !list[i]->key && !strcmp(list[i]->stage, stage) && list[i]->kind != ACTION &&
						list[i]->kind != QUESTION && (!by_round || list[i]->round == round);
				if (!here)
					continue;
				strbuf_puts(out, "### ");
				if (by_round)
					strbuf_printf(out, round ? "Round %d \xC2\xB7 " : "Round not recorded \xC2\xB7 ", round);
				if (s < ev->stages_count)
					md_escape(out, ev->stages[s].title);
				else
					strbuf_puts(out, ev->stages_count ? "Other ideas" : "Ideas");
				strbuf_puts(out, "\n\n");
				for (int kind = IDEA; kind <= BARRIER; kind++)
					for (size_t i = 0; i < n; i++)
						if (!list[i]->key && !strcmp(list[i]->stage, stage) &&
						    (int)list[i]->kind == kind && (!by_round || list[i]->round == round))
							idea_line_in(out, in, list[i], kind != IDEA, !by_round);
				strbuf_puts(out, "\n");
			}
		for (int kind = ACTION; kind <= QUESTION; kind++) {
			size_t here = 0;
			for (size_t i = 0; i < n; i++)
				here += !list[i]->key && (int)list[i]->kind == kind;
			if (!here)
				continue;
			strbuf_printf(out, "### %s\n\n", kind == ACTION ? "Actions" : "Open questions");
			for (size_t i = 0; i < n; i++)
				if (!list[i]->key && (int)list[i]->kind == kind)
					idea_line(out, in, list[i], false);
			strbuf_puts(out, "\n");
		}
		(void)kind_heading;
	}
	table_mixes_free(&mixes);
	write_orphans(in, out);
	write_tags(out, in);
	strbuf_puts(out, "## Participating organisations\n\n");
	bool *here = calloc(ev->orgs_count ? ev->orgs_count : 1, sizeof(*here));
	for (size_t i = 0; here && i < ev->delegates_count; i++)
		if (ev->delegates[i].present && ev->delegates[i].org >= 0)
			here[ev->delegates[i].org] = true;
	for (size_t o = 0; here && o < ev->orgs_count; o++) {
		if (!here[o])
			continue;
		strbuf_puts(out, "- ");
		md_escape(out, ev->orgs[o]);
		strbuf_puts(out, "\n");
	}
	out->failed |= !here;
	free(here);
	if (in->names) {
		strbuf_puts(out, "\n## Who was in the room\n\n");
		for (size_t i = 0; i < ev->delegates_count; i++) {
			if (!ev->delegates[i].present)
				continue;
			strbuf_puts(out, "- ");
			md_escape(out, ev->delegates[i].name);
			strbuf_puts(out, ", ");
			md_escape(out, ev->delegates[i].organisation);
			strbuf_puts(out, "\n");
		}
	}
	free(list);
}

static const char *const chart_colours[] = { "#2e7d32", "#7b1fa2", "#ef6c00", "#0277bd", "#c62828", "#5d4037" };

/* Two inline SVG charts, no script: who was in the room per challenge (by
 * role), and ideas, key points and actions per challenge. */
static void write_charts(const struct report_input *in, struct strbuf *out)
{
	const struct event *ev = in->ev;
	struct theme_figures *f = compute_figures(in);
	if (!f)
		return;
	size_t rows = 0;
	long most_people = 1, most_ideas = 1;
	for (size_t j = 0; j < ev->themes_count; j++) {
		if (!f[j].shown)
			continue;
		rows++;
		if (f[j].people > most_people)
			most_people = f[j].people;
		if (f[j].ideas > most_ideas)
			most_ideas = f[j].ideas;
	}
	int label = 250, bar = 380, h = 24;
	strbuf_printf(out, "<figure><figcaption>Who was in the room, by challenge and role</figcaption>\n"
			   "<svg role=\"img\" viewBox=\"0 0 %d %zu\" width=\"100%%\">\n",
		      label + bar + 40, rows * h + 30);
	size_t row = 0;
	for (size_t j = 0; j < ev->themes_count; j++) {
		if (!f[j].shown)
			continue;
		size_t y = row++ * (size_t)h;
		strbuf_printf(out, "<text x=\"0\" y=\"%zu\" font-size=\"12\">", y + 16);
		html_escaped(out, ev->themes[j].title, 38);
		strbuf_puts(out, "</text>");
		double x = label;
		for (size_t r = 0; r < ev->roles_count; r++) {
			double w = (double)bar * (double)f[j].role_counts[r] / (double)most_people;
			strbuf_printf(out, "<rect x=\"%.1f\" y=\"%zu\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%ld</title></rect>",
				      x, y + 4, w, h - 8, chart_colours[r % 6], f[j].role_counts[r]);
			x += w;
		}
		strbuf_printf(out, "<text x=\"%.1f\" y=\"%zu\" font-size=\"12\">%ld</text>\n", x + 4, y + 16, f[j].people);
	}
	double x = 0;
	for (size_t r = 0; r < ev->roles_count; r++) {
		strbuf_printf(out, "<rect x=\"%.0f\" y=\"%zu\" width=\"10\" height=\"10\" fill=\"%s\"/>"
				   "<text x=\"%.0f\" y=\"%zu\" font-size=\"11\">", x, rows * h + 10, chart_colours[r % 6],
			      x + 14, rows * h + 19);
		html_escaped(out, ev->roles[r].label, 24);
		strbuf_puts(out, "</text>");
		x += 160;
	}
	strbuf_puts(out, "</svg></figure>\n");
	static const char *const series[] = { "ideas", "key points", "actions" };
	strbuf_printf(out, "<figure><figcaption>Ideas, key points and actions, by challenge</figcaption>\n"
			   "<svg role=\"img\" viewBox=\"0 0 %d %zu\" width=\"100%%\">\n",
		      label + bar + 40, rows * (size_t)(h + 12) + 30);
	row = 0;
	for (size_t j = 0; j < ev->themes_count; j++) {
		if (!f[j].shown)
			continue;
		size_t y = row++ * (size_t)(h + 12);
		const long v[3] = { f[j].ideas, f[j].keys, f[j].actions };
		strbuf_printf(out, "<text x=\"0\" y=\"%zu\" font-size=\"12\">", y + 20);
		html_escaped(out, ev->themes[j].title, 38);
		strbuf_puts(out, "</text>");
		for (int k = 0; k < 3; k++) {
			double w = (double)bar * (double)v[k] / (double)most_ideas;
			strbuf_printf(out, "<rect x=\"%d\" y=\"%zu\" width=\"%.1f\" height=\"9\" fill=\"%s\"/>"
					   "<text x=\"%.1f\" y=\"%zu\" font-size=\"9\">%ld %s</text>",
				      label, y + 4 + (size_t)k * 10, w, chart_colours[k + 3], label + w + 3,
				      y + 12 + (size_t)k * 10, v[k], series[k]);
		}
		strbuf_puts(out, "\n");
	}
	strbuf_puts(out, "</svg></figure>\n");
	free_figures(f);
}

static const char html_style[] =
	"body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:46rem;margin:auto;"
	"padding:1rem;line-height:1.45;color:#1b1b1b}h1{font-size:1.8rem}h2{border-bottom:1px solid #ccc;"
	"margin-top:2.2rem}figure{margin:1rem 0}figcaption{font-weight:600}table{border-collapse:collapse;display:block;overflow-x:auto}td,th{padding:.2rem .6rem;border-bottom:1px solid #eee}"
	"@media print{h2{page-break-before:always}h2:first-of-type{page-break-before:auto}body{max-width:none}}";

static void write_html(const struct report_input *in, struct strbuf *out)
{
	struct strbuf md;
	strbuf_init(&md);
	write_markdown(in, &md);
	/* cmark-gfm with its table extension; the default leaves raw HTML out,
	 * and our escaping has already made every user's word text. */
	char *body = NULL;
	if (md.data) {
		cmark_gfm_core_extensions_ensure_registered();
		cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT);
		cmark_syntax_extension *table = cmark_find_syntax_extension("table");
		if (parser && table)
			cmark_parser_attach_syntax_extension(parser, table);
		if (parser) {
			cmark_parser_feed(parser, md.data, md.len);
			cmark_node *doc = cmark_parser_finish(parser);
			if (doc) {
				body = cmark_render_html(doc, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser));
				cmark_node_free(doc);
			}
			cmark_parser_free(parser);
		}
	}
	strbuf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
			 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
			 "<title>");
	html_escaped(out, in->ev->name, 0);
	strbuf_printf(out, "</title>\n<style>%s</style></head><body>\n", html_style);
	write_charts(in, out);
	if (body)
		strbuf_puts(out, body);
	else
		out->failed = true;
	strbuf_puts(out, "</body></html>\n");
	free(body);
	strbuf_free(&md);
}

static void write_csv(const struct report_input *in, struct strbuf *out)
{
	strbuf_puts(out, "\xEF\xBB\xBF");   /* UTF-8 BOM: Excel then reads UTF-8 */
	/* Plans of several rounds add the round an idea was captured in. */
	bool rounds = in->plan && in->plan->rounds_count > 1;
	strbuf_puts(out, rounds ? "challenge,table,stage,kind,key point,votes,owner,text,time,round\r\n"
				: "challenge,table,stage,kind,key point,votes,owner,text,time\r\n");
	for (size_t i = 0; i < in->ideas->count; i++) {
		const struct idea *x = &in->ideas->items[i];
		if (x->deleted)
			continue;
		int th = idea_theme(in, x);
		char votes[16], when[32];
		snprintf(votes, sizeof(votes), "%d", x->votes);
		time_t secs = (time_t)(x->created / 1000);
		struct tm tm;
		gmtime_r(&secs, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		csv_cell(out, th >= 0 ? in->ev->themes[th].title : "", false);
		csv_cell(out, x->table, false);
		csv_cell(out, x->stage, false);
		csv_cell(out, idea_kind_names[x->kind], false);
		csv_cell(out, x->key ? "yes" : "no", false);
		csv_cell(out, votes, false);
		csv_cell(out, x->owner, false);
		csv_cell(out, x->text, false);
		csv_cell(out, when, !rounds);
		if (rounds) {
			char round[16] = "";
			if (x->round > 0)
				snprintf(round, sizeof(round), "%d", x->round);
			csv_cell(out, round, true);
		}
	}
}

static void json_string(struct strbuf *out, const char *s)
{
	strbuf_puts(out, "\"");
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			strbuf_printf(out, "\\%c", c);
		else if (c < 0x20)
			strbuf_printf(out, "\\u%04x", c);
		else if (c == '<')
			strbuf_puts(out, "\\u003c");   /* safe to embed in a page */
		else
			strbuf_add(out, s, 1);
	}
	strbuf_puts(out, "\"");
}

static void write_json(const struct report_input *in, struct strbuf *out)
{
	const struct event *ev = in->ev;
	strbuf_puts(out, "{\"event\":{\"name\":");
	json_string(out, ev->name);
	strbuf_puts(out, ",\"date\":");
	json_string(out, ev->date ? ev->date : "");
	strbuf_puts(out, ",\"venue\":");
	json_string(out, ev->venue ? ev->venue : "");
	strbuf_puts(out, "},\n\"themes\":[");
	for (size_t j = 0; j < ev->themes_count; j++) {
		strbuf_puts(out, j ? ",\n" : "\n");
		strbuf_puts(out, "{\"id\":");
		json_string(out, ev->themes[j].id);
		strbuf_puts(out, ",\"title\":");
		json_string(out, ev->themes[j].title);
		strbuf_puts(out, "}");
	}
	strbuf_puts(out, "],\n\"delegates\":[");
	for (size_t i = 0; i < ev->delegates_count; i++) {
		const struct delegate *d = &ev->delegates[i];
		int t = in->plan ? in->plan->rounds[0].seat[i] : -1;
		strbuf_puts(out, i ? ",\n" : "\n");
		strbuf_puts(out, "{\"id\":");
		json_string(out, d->id);
		strbuf_puts(out, ",\"role\":");
		json_string(out, d->role >= 0 ? ev->roles[d->role].id : "");
		strbuf_puts(out, ",\"organisation\":");
		json_string(out, d->organisation);
		if (in->names) {
			strbuf_puts(out, ",\"name\":");
			json_string(out, d->name);
		}
		strbuf_printf(out, ",\"present\":%s,\"table\":", d->present ? "true" : "false");
		if (t >= 0)
			json_string(out, ev->tables[t].id);
		else
			strbuf_puts(out, "null");
		strbuf_puts(out, "}");
	}
	strbuf_puts(out, "],\n\"tables\":[");
	for (size_t t = 0; t < ev->tables_count; t++) {
		int th = in->plan ? in->plan->rounds[0].table_theme[t] : ev->tables[t].theme;
		strbuf_puts(out, t ? ",\n" : "\n");
		strbuf_puts(out, "{\"id\":");
		json_string(out, ev->tables[t].id);
		strbuf_puts(out, ",\"theme\":");
		if (th >= 0)
			json_string(out, ev->themes[th].id);
		else
			strbuf_puts(out, "null");
		strbuf_puts(out, "}");
	}
	strbuf_puts(out, "],\n\"ideas\":[");
	size_t k = 0;
	for (size_t i = 0; i < in->ideas->count; i++) {
		const struct idea *x = &in->ideas->items[i];
		if (x->deleted)
			continue;
		strbuf_puts(out, k++ ? ",\n" : "\n");
		strbuf_puts(out, "{\"id\":");
		json_string(out, x->id);
		strbuf_puts(out, ",\"table\":");
		json_string(out, x->table);
		strbuf_puts(out, ",\"stage\":");
		json_string(out, x->stage);
		if (x->round > 0)
			strbuf_printf(out, ",\"round\":%d", x->round);
		strbuf_printf(out, ",\"kind\":\"%s\",\"key\":%s,\"votes\":%d,\"owner\":", idea_kind_names[x->kind],
			      x->key ? "true" : "false", x->votes);
		json_string(out, x->owner);
		if (in->names) {
			strbuf_puts(out, ",\"author\":");
			json_string(out, x->author);
		}
		strbuf_puts(out, ",\"text\":");
		json_string(out, x->text);
		strbuf_printf(out, ",\"time\":%lld}", x->created);
	}
	strbuf_puts(out, "]}\n");
}

bool report_write(const struct report_input *in, enum report_format f, struct strbuf *out,
		  struct diag_list *d)
{
	switch (f) {
	case REPORT_MD:
		write_markdown(in, out);
		break;
	case REPORT_HTML:
		write_html(in, out);
		break;
	case REPORT_CSV:
		write_csv(in, out);
		break;
	case REPORT_JSON:
		write_json(in, out);
		break;
	}
	if (out->failed)
		diag_add(d, DIAG_IO, in->ev->path, 0, 0, "out of memory writing the report");
	return !out->failed;
}
