#include "report.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

#include "escape.h"
#include "name_order.h"
#include "score.h"
#include "table_mix.h"
#include "text.h"

static bool ascii_punct(char c)
{
	return c && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c);
}

static bool alnum_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80;
}

/* The line holds only c, spaces and tabs (a rule or a setext underline). */
static bool only_of(const char *s, const char *end, char c)
{
	for (; s < end; s++)
		if (*s != c && *s != ' ' && *s != '\t')
			return false;
	return true;
}

/* A line of someone's text as Markdown that renders as exactly that text,
 * with a backslash only where the text would otherwise be markup (the
 * Markdown is the master copy people edit and paste: "A&E", "-1 for more
 * meetings" and "#housing" stay as typed). At a line's start: a heading's
 * "# ", a list's "- " "+ " "* " "1. " "1) ", a quote's ">", a rule or a
 * setext underline, a fence; anywhere: code spans, emphasis, strikethrough,
 * links, tags and autolinks (GitHub's too: "://", "www."), entities, table pipes, and a backslash before punctuation. Leading blanks are dropped, since four make a code block. */
static void md_escape_line(struct strbuf *out, const char *s, size_t len)
{
	const char *end = s + len;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	const char *line = s;
	const char *after = s;
	while (after < end && *after >= '0' && *after <= '9')
		after++;
	const char *hashes = s;
	while (hashes < end && *hashes == '#')
		hashes++;
	bool blank_after = false;
	if (after > s && after < end && (*after == '.' || *after == ')') && after - s <= 9) {
		blank_after = after + 1 == end || after[1] == ' ' || after[1] == '\t';
		if (blank_after) {
			strbuf_add(out, s, (size_t)(after - s));
			strbuf_printf(out, "\\%c", *after);
			s = after + 1;
		}
	} else if (s < end) {
		bool spaced = s + 1 == end || s[1] == ' ' || s[1] == '\t';
		bool mark = (strchr("-+*", *s) && spaced) || *s == '>' ||
			    (strchr("-=_*", *s) && only_of(s, end, *s)) ||
			    (*s == '#' && hashes - s <= 6 && (hashes == end || *hashes == ' ' || *hashes == '\t')) ||
			    (*s == '~' && end - s >= 3 && s[1] == '~' && s[2] == '~');
		if (mark)
			strbuf_printf(out, "\\%c", *s++);
	}
	for (; s < end; s++) {
		bool esc = false;
		switch (*s) {
		case '`': case '*': case '[': case '|': case '~':   /* ~ strikes through (GFM) */
			esc = true;
			break;
		/* GitHub finds links in plain text (GFM autolinks): a scheme's
		 * "://", a word starting "www.". One escaped character stops it
		 * (not for an e-mail address: cmark-gfm looks for those after
		 * joining the text around escapes). */
		case ':':
			esc = s + 2 < end && s[1] == '/' && s[2] == '/';
			break;
		case '.':
			esc = s - line >= 3 && !strncasecmp(s - 3, "www", 3) && (s - line == 3 || !alnum_char(s[-4]));
			break;

		case '_':   /* emphasis only where a word starts or ends: snake_case is text */
			esc = !(s > line && alnum_char(s[-1]) && s + 1 < end && alnum_char(s[1]));
			break;
		case '<':   /* a tag, a comment or an autolink: a letter, /, ! or ? follows */
			esc = s + 1 < end && (alnum_char(s[1]) || s[1] == '/' || s[1] == '!' || s[1] == '?');
			break;
		case '&': { /* an entity: &name; or &#123; */
			const char *e = s + 1;
			while (e < end && (alnum_char(*e) || *e == '#'))
				e++;
			esc = e > s + 1 && e < end && *e == ';';
			break;
		}
		case '\\':
			esc = s + 1 == end || ascii_punct(s[1]);
			break;
		default:
			break;
		}
		if (esc)
			strbuf_puts(out, "\\");
		strbuf_add(out, s, 1);
	}
}

/* A text's lines, as both the Markdown and the HTML show them: blank lines
 * at either end dropped; each line's indentation (a note-taker's indented
 * sub-points), less what every line has, kept as non-breaking spaces, since
 * Markdown would drop leading blanks or take four for a code block. Lines
 * end at LF, CRLF or CR, as in Markdown. */
#define INDENT_TAB 4            /* columns a tab counts for */
struct text_lines {
	const char *s, *end;
	size_t common;          /* columns of indentation every line has */
};

static size_t indent_columns(const char *s, const char *end)
{
	size_t cols = 0;
	for (; s < end && (*s == ' ' || *s == '\t'); s++)
		cols += *s == '\t' ? INDENT_TAB : 1;
	return cols;
}

static size_t line_length(const char *s, const char *end)
{
	size_t n = strcspn(s, "\r\n");
	return s + n > end ? (size_t)(end - s) : n;
}

static const char *next_line(const char *s, const char *end)
{
	s += line_length(s, end);
	if (s < end)
		s += s[0] == '\r' && s + 1 < end && s[1] == '\n' ? 2 : 1;
	return s;
}

static bool blank_line(const char *s, size_t n)
{
	return strspn(s, " \t") >= n;
}

static struct text_lines text_lines(const char *s)
{
	const char *end = s + strlen(s);
	while (end > s && strchr(" \t\r\n", end[-1]))
		end--;
	while (s < end && blank_line(s, line_length(s, end)))
		s = next_line(s, end);
	struct text_lines t = { s, end, (size_t)-1 };
	for (const char *p = s; p < end; p = next_line(p, end))
		if (!blank_line(p, line_length(p, end)) && indent_columns(p, end) < t.common)
			t.common = indent_columns(p, end);
	return t;
}

/* The line's own indentation beyond the common, in non-breaking spaces
 * (as UTF-8, or as &nbsp; for HTML). */
static void put_indent(struct strbuf *out, const struct text_lines *t, const char *line, size_t n, bool html)
{
	if (blank_line(line, n))
		return;
	for (size_t k = indent_columns(line, line + n); k > t->common; k--)
		strbuf_puts(out, html ? "&nbsp;" : "\xC2\xA0");
}

/* Writes each line with md_escape_line, joined by what `join` says; with
 * keep_indent, each line's indentation as text_lines says. */
static void md_escape_lines(struct strbuf *out, const char *text, const char *join, bool keep_indent)
{
	struct text_lines t = text_lines(text);
	for (const char *s = t.s; s < t.end; s = next_line(s, t.end)) {
		size_t n = line_length(s, t.end);
		if (s > t.s)
			strbuf_puts(out, join);
		if (keep_indent)
			put_indent(out, &t, s, n, false);
		md_escape_line(out, s, n);
	}
}

/* The HTML report: someone's text never goes through Markdown at all. It
 * stands in the Markdown as a token (a number between two private-use
 * characters, which no text of anyone's can hold since every text is
 * such a token) and goes into the HTML, escaped, once cmark has rendered
 * the structure. Escaping character by character made cmark build a node
 * per character: 1 MiB of '<' cost some 190 MB. */
struct text_tokens {
	const char **texts;
	bool *inline_only;
	size_t count, cap;
	char **owned;           /* copies of texts that do not outlive their part (tags) */
	size_t owned_count;
	bool failed;
};
static struct text_tokens *html_tokens;   /* set while the HTML report is written */

#define TOKEN_OPEN "\xEE\x80\x80"     /* U+E000 */
#define TOKEN_CLOSE "\xEE\x80\x81"    /* U+E001 */

static bool md_token(struct strbuf *out, const char *s, bool inline_only)
{
	struct text_tokens *k = html_tokens;
	if (!k)
		return false;
	if (k->count == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 256;
		const char **t = realloc(k->texts, cap * sizeof(*t));
		if (t)
			k->texts = t;
		bool *b = realloc(k->inline_only, cap * sizeof(*b));
		if (b)
			k->inline_only = b;
		if (!t || !b) {
			k->failed = out->failed = true;
			return true;
		}
		k->cap = cap;
	}
	k->texts[k->count] = s;
	k->inline_only[k->count] = inline_only;
	strbuf_printf(out, TOKEN_OPEN "%zu" TOKEN_CLOSE, k->count++);
	return true;
}

/* A token's text as HTML: escaped, its lines as in the Markdown
 * (text_lines), joined by <br /> (or spaces, with no indentation). */
static void token_html(struct strbuf *out, const char *text, bool inline_only)
{
	struct text_lines t = text_lines(text);
	for (const char *s = t.s; s < t.end; s = next_line(s, t.end)) {
		size_t n = line_length(s, t.end);
		if (s > t.s)
			strbuf_puts(out, inline_only ? " " : "<br />\n");
		if (!inline_only)
			put_indent(out, &t, s, n, true);
		size_t lead = strspn(s, " \t");
		lead = lead < n ? lead : n;
		char *line = strndup(s + lead, n - lead);
		if (line)
			html_escaped(out, line);
		else
			out->failed = true;
		free(line);
	}
}

/* The rendered HTML with each token replaced by its text. */
static void untoken(struct strbuf *out, const char *html)
{
	const char *p = html, *t;
	while ((t = strstr(p, TOKEN_OPEN))) {
		strbuf_add(out, p, (size_t)(t - p));
		char *after;
		unsigned long long k = strtoull(t + 3, &after, 10);
		if (html_tokens && k < html_tokens->count && !strncmp(after, TOKEN_CLOSE, 3)) {
			token_html(out, html_tokens->texts[k], html_tokens->inline_only[k]);
			p = after + 3;
		} else {
			strbuf_add(out, t, 3);   /* not ours (cannot be): kept as it is */
			p = t + 3;
		}
	}
	strbuf_puts(out, p);
}

void md_escape(struct strbuf *out, const char *s)
{
	if (md_token(out, s, false))
		return;
	/* A backslash at a line's end is a line break inside the paragraph, so
	 * a blank line in the text ("\" alone) keeps the idea one item. */
	md_escape_lines(out, s, "\\\n", true);
}

void md_escape_inline(struct strbuf *out, const char *s)
{
	if (md_token(out, s, true))
		return;
	md_escape_lines(out, s, " ", false);   /* headings and table cells are one line */
}

/* A text freed (or on the stack) before the part is rendered, as md_escape
 * may take it: for HTML a token keeps a pointer to it until then, so a
 * copy the tokens own, freed with them; NULL (out->failed) without memory. */
static const char *kept_until_rendered(struct strbuf *out, const char *s)
{
	struct text_tokens *k = html_tokens;
	if (!k)
		return s;
	char *copy = strdup(s);
	char **owned = copy ? realloc(k->owned, (k->owned_count + 1) * sizeof(*owned)) : NULL;
	if (!owned) {
		free(copy);
		k->failed = out->failed = true;
		return NULL;
	}
	k->owned = owned;
	k->owned[k->owned_count++] = copy;
	return copy;
}

static void md_escape_inline_copy(struct strbuf *out, const char *s)
{
	const char *kept = kept_until_rendered(out, s);
	if (kept)
		md_escape_inline(out, kept);
}

static const char *plural(long n, const char *one, const char *many)
{
	return n == 1 || n == -1 ? one : many;
}

/* "3 ideas", "1 idea", "no ideas": counts in prose read as English. */
static void count_phrase(struct strbuf *out, long n, const char *one, const char *many)
{
	if (n)
		strbuf_printf(out, "%ld %s", n, plural(n, one, many));
	else
		strbuf_printf(out, "no %s", many);
}

/* What was recorded, each item counted once, as the report files it: a
 * key point (of any kind) under "Key points", every other item under its
 * kind; so the parts add up to the items. */
struct recorded {
	long items, ideas, keys, actions, barriers, questions;
};

static void count_item(struct recorded *r, const struct idea *x)
{
	r->items++;
	if (x->key)
		r->keys++;
	else
		switch (x->kind) {
		case ACTION: r->actions++; break;
		case BARRIER: r->barriers++; break;
		case QUESTION: r->questions++; break;
		default: r->ideas++; break;
		}
}

/* "3 items: 1 idea, 1 key point, 1 action"; "2 ideas" when they are all of
 * one kind; "nothing" for none. */
static void recorded_phrase(struct strbuf *out, const struct recorded *r)
{
	const long n[] = { r->ideas, r->keys, r->actions, r->barriers, r->questions };
	static const char *const one[] = { "idea", "key point", "action", "barrier", "open question" };
	static const char *const many[] = { "ideas", "key points", "actions", "barriers", "open questions" };
	int kinds = 0;
	for (int k = 0; k < 5; k++)
		kinds += n[k] > 0;
	if (!r->items) {
		strbuf_puts(out, "nothing");
		return;
	}
	if (kinds > 1) {
		count_phrase(out, r->items, "item", "items");
		strbuf_puts(out, ": ");
	}
	for (int k = 0, said = 0; k < 5; k++)
		if (n[k]) {
			strbuf_puts(out, said++ ? ", " : "");
			count_phrase(out, n[k], one[k], many[k]);
		}
}

/* The plan's round an idea belongs to, 1-based; 0 when not said or not in
 * the plan (such an idea is filed under round 1's tables, never dropped). */
static int idea_round(const struct report_input *in, const struct idea *x)
{
	return in->plan && x->round > 0 && (size_t)x->round <= in->plan->rounds_count ? x->round : 0;
}

/* Ideas of one theme: those captured at tables whose theme it is; -1 for
 * a table the event no longer has. */
static int idea_theme(const struct report_input *in, const struct idea *x)
{
	int t = event_find_table(in->ev, x->table);
	if (t < 0)
		return -1;
	if (in->plan) {
		/* In a plan of rounds a table's theme may change from round to round. */
		int r = idea_round(in, x);
		return in->plan->rounds[r ? r - 1 : 0].table_theme[t];
	}
	return in->ev->tables[t].theme;
}

static int table_theme(const struct report_input *in, size_t t)
{
	return in->plan ? in->plan->rounds[0].table_theme[t] : in->ev->tables[t].theme;
}

/* Do a theme's ideas come from more than one round of the plan? */
static bool several_rounds(const struct report_input *in, const struct idea *const *list, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (idea_round(in, list[i]) != idea_round(in, list[0]))
			return true;
	return false;
}

/* What the summary, charts and figures show, per theme. */
struct theme_figures {
	long *role_counts;      /* roles_count entries, present delegates */
	long people, tables;
	struct recorded rec;
	bool shown;             /* has tables or ideas */
	size_t order;           /* f[k].order: the theme the report shows k-th */
};

/* Themes grouped by area, the areas in the order they first appear, each
 * area's themes in the event's order (themes without an area together, as
 * if one area); with no areas, the event's order. */
static void order_by_area(const struct event *ev, struct theme_figures *f)
{
	size_t k = 0;
	for (size_t a = 0; a < ev->themes_count; a++) {
		const char *area = ev->themes[a].area;
		bool first = true;
		for (size_t b = 0; b < a && first; b++)
			first = !(area ? ev->themes[b].area && !strcmp(ev->themes[b].area, area) : !ev->themes[b].area);
		for (size_t j = a; first && j < ev->themes_count; j++) {
			const char *other = ev->themes[j].area;
			if (area ? other && !strcmp(other, area) : !other)
				f[k++].order = j;
		}
	}
}

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
	order_by_area(ev, f);
	for (size_t t = 0; t < ev->tables_count; t++) {
		int th = table_theme(in, t);
		if (th >= 0) {
			f[th].shown = true;
			f[th].tables++;
		}
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
		count_item(&f[th].rec, x);
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

/* Without --names an organisation is named only with at least this many
 * present: with fewer, it and the tables' role counts could point to a
 * person (the JSON counts them as "other" for the same reason). */
#define REPORT_MIN_NAMED 3

static size_t *organisation_counts(const struct event *ev);

/* An action's owner without --names only when it is one of the event's
 * organisations with REPORT_MIN_NAMED present (as listed as taking part);
 * any other owner may be a person's name or point to one. */
static bool owner_shown(const struct report_input *in, const char *owner)
{
	if (!owner[0] || in->names)
		return owner[0] != '\0';
	size_t *here = organisation_counts(in->ev);
	bool named = false;
	for (size_t o = 0; here && o < in->ev->orgs_count; o++)
		if (!strcasecmp(in->ev->orgs[o], owner))
			named |= here[o] >= REPORT_MIN_NAMED;
	free(here);
	return named;
}

static int compare_by_votes(const void *a, const void *b)
{
	const struct idea *x = *(const struct idea *const *)a, *y = *(const struct idea *const *)b;
	if (x->votes != y->votes)
		return y->votes - x->votes;
	return (x->created > y->created) - (x->created < y->created);
}

/* One idea after its list marker; show_round: say its round (plans of
 * several rounds, where the section does not). */
static void idea_item(struct strbuf *out, const struct report_input *in, const struct idea *x, bool show_kind,
		      bool show_round)
{
	if (show_kind && x->kind != IDEA)
		strbuf_printf(out, "**%c%s:** ", idea_kind_names[x->kind][0] - 'a' + 'A', idea_kind_names[x->kind] + 1);
	md_escape(out, x->text);
	if (x->kind == ACTION && owner_shown(in, x->owner)) {
		strbuf_puts(out, " (owner: ");
		md_escape_inline(out, x->owner);
		strbuf_puts(out, ")");
	}
	if (show_round && idea_round(in, x) && in->plan->rounds_count > 1)
		strbuf_printf(out, " (round %d)", x->round);
	if (x->votes > 0)   /* two terminals taking one vote back at once could go below 0 */
		strbuf_printf(out, " (%d %s)", x->votes, plural(x->votes, "vote", "votes"));
	if (in->names && is_person(x)) {
		strbuf_puts(out, " \xE2\x80\x94 ");
		md_escape_inline(out, x->author);
	}
	strbuf_puts(out, "\n");
}

static void idea_line(struct strbuf *out, const struct report_input *in, const struct idea *x, bool show_kind)
{
	strbuf_puts(out, "- ");
	idea_item(out, in, x, show_kind, true);
}

/* One #tag where it occurs: in idea `idea`, at byte `at` of its text. */
struct tag_use {
	const char *tag;
	size_t len, idea, at;
};

/* Two tags by their letters with case folded, in any script (#Café,
 * #CAFÉ; #Σοφία, #ΣΟΦΙΑ), then by length; a byte not UTF-8 is compared
 * as it is. */
static int tag_casecmp(const char *a, size_t alen, const char *b, size_t blen)
{
	mbstate_t sa, sb;
	memset(&sa, 0, sizeof(sa));
	memset(&sb, 0, sizeof(sb));
	size_t i = 0, j = 0;
	while (i < alen && j < blen) {
		wchar_t wa, wb;
		size_t na = mbrtowc(&wa, a + i, alen - i, &sa), nb = mbrtowc(&wb, b + j, blen - j, &sb);
		if (na == 0 || na > alen - i) {
			wa = (wchar_t)(0x110000 + (unsigned char)a[i]);
			na = 1;
			memset(&sa, 0, sizeof(sa));
		}
		if (nb == 0 || nb > blen - j) {
			wb = (wchar_t)(0x110000 + (unsigned char)b[j]);
			nb = 1;
			memset(&sb, 0, sizeof(sb));
		}
		wint_t fa = towlower((wint_t)wa), fb = towlower((wint_t)wb);
		if (fa != fb)
			return fa < fb ? -1 : 1;
		i += na;
		j += nb;
	}
	return (i < alen) - (j < blen);
}

/* #Housing and #housing are one tag: two tables seldom type a word
 * alike. The heading spells it as the first idea that used it did. */
static bool same_tag(const struct tag_use *a, const struct tag_use *b)
{
	return !tag_casecmp(a->tag, a->len, b->tag, b->len);
}

static int compare_tag_uses(const void *a, const void *b)
{
	const struct tag_use *x = a, *y = b;
	int c = tag_casecmp(x->tag, x->len, y->tag, y->len);
	if (c)
		return c;
	if (x->idea != y->idea)
		return (x->idea > y->idea) - (x->idea < y->idea);
	return (x->at > y->at) - (x->at < y->at);
}

/* A tag's group: its first use and how many ideas carry it. */
struct tag_group {
	const struct tag_use *first;
	size_t ideas;
};

/* The most used tags first, then A to Z (ignoring case), so a reader finds
 * what came up most, and a tag by its name. */
static int compare_groups(const void *a, const void *b)
{
	const struct tag_group *x = a, *y = b;
	if (x->ideas != y->ideas)
		return (x->ideas < y->ideas) - (x->ideas > y->ideas);
	int c = tag_casecmp(x->first->tag, x->first->len, y->first->tag, y->first->len);
	size_t n = x->first->len < y->first->len ? x->first->len : y->first->len;
	return c ? c : memcmp(x->first->tag, y->first->tag, n);
}

static bool tag_char(unsigned char c)
{
	return c == '-' || c == '_' || c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* An idea's text where the report names it again (under a tag, in the
 * summary): whole where it is a line of up to 280 bytes (most are), else
 * its first line cut to 200 columns with an ellipsis; its challenge's
 * section has it whole. A long idea under many tags made the report grow
 * as their product, and the summary quoted 420 characters of one. Cut,
 * it is written into cut (IDEA_BRIEF_BYTES) and, for HTML, copied until
 * rendered; NULL (out->failed) without memory. */
#define IDEA_BRIEF_BYTES 1024
static const char *idea_brief(struct strbuf *out, const char *text, char *cut)
{
	size_t line = strcspn(text, "\n");
	if (line == strlen(text) && line <= 280)
		return text;
	char *first = strndup(text, line);
	text_fit(cut, IDEA_BRIEF_BYTES - 4, first ? first : "", 200);   /* room for " …" */
	size_t n = strlen(cut);
	bool ellipsis = n >= 3 && !strcmp(cut + n - 3, "\xE2\x80\xA6");
	/* Something left out without text_fit's "…": more lines, or the
	 * bytes ran out before the columns did (zero-width characters). */
	if (first && !ellipsis && (strlen(first) > n || text[line]))
		snprintf(cut + n, IDEA_BRIEF_BYTES - n, " \xE2\x80\xA6");
	free(first);
	return kept_until_rendered(out, cut);
}

static void idea_under_tag(struct strbuf *out, const struct report_input *in, const struct idea *x)
{
	struct idea brief = *x;
	char cut[IDEA_BRIEF_BYTES];
	const char *text = idea_brief(out, x->text, cut);
	brief.text = (char *)text;   /* idea_item only reads it */
	if (text)
		idea_item(out, in, &brief, true, true);
}

/* The most tags one idea is listed under in "Themes across challenges":
 * one idea of 20,000 tags made a report of 3 GB. */
#define TAGS_PER_IDEA 50

/* Themes across challenges: every idea with a #tag under that tag, with
 * its challenge; the most used tags first. Sorting the uses keeps it n log n in the
 * ideas, however many distinct tags they carry. */
static void write_tags(struct strbuf *out, const struct report_input *in)
{
	const struct ideas *ix = in->ideas;
	struct tag_use *uses = NULL;
	size_t n = 0, cap = 0;
	size_t capped = 0;
	for (size_t i = 0; i < ix->count; i++) {
		const char *text = ix->items[i].text, *p = text;
		size_t first = n;   /* this idea's uses start here */
		while (!ix->items[i].deleted && (p = strchr(p, '#'))) {
			size_t len = 1;
			while (tag_char((unsigned char)p[len]))
				len++;
			/* A tag this idea carried already counts once; past
			 * TAGS_PER_IDEA (a pasted list) the rest are not listed,
			 * and the section says so. */
			bool again = false;
			for (size_t k = first; len > 1 && k < n && !again; k++)
				again = !tag_casecmp(uses[k].tag, uses[k].len, p, len);
			if (len > 1 && !again && n - first == TAGS_PER_IDEA) {
				capped++;
				break;
			}
			if (len > 1 && !again) {
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
	struct tag_group *firsts = malloc((n ? n : 1) * sizeof(*firsts));
	size_t groups = 0;
	for (size_t k = 0; firsts && k < n; k++) {
		if (!k || !same_tag(&uses[k - 1], &uses[k]))
			firsts[groups++] = (struct tag_group){ &uses[k], 0 };
		firsts[groups - 1].ideas += !k || !same_tag(&uses[k - 1], &uses[k]) || uses[k - 1].idea != uses[k].idea;
	}
	if (groups)
		qsort(firsts, groups, sizeof(*firsts), compare_groups);
	if (groups)
		strbuf_puts(out, "## Themes across challenges\n\n"
				 "Some subjects came up at several tables. The tables marked them with a tag "
				 "(a word after #); here are the ideas under each tag, the most frequent tags first, "
				 "each with the challenge it came from.\n\n");
	if (groups && capped)
		strbuf_printf(out, "%s with more than %d tags %s listed under %s first %d only.\n\n",
			      capped == 1 ? "One idea" : "Ideas", TAGS_PER_IDEA, capped == 1 ? "is" : "are",
			      capped == 1 ? "its" : "their", TAGS_PER_IDEA);
	for (size_t g = 0; g < groups; g++) {
		const struct tag_use *u = firsts[g].first, *end = uses + n;
		char *tag = strndup(u->tag, u->len);
		strbuf_puts(out, "### ");
		md_escape_inline_copy(out, tag ? tag : "");
		strbuf_puts(out, " (");
		count_phrase(out, (long)firsts[g].ideas, "idea", "ideas");
		strbuf_puts(out, ")\n\n");
		for (const struct tag_use *v = u; v < end && same_tag(v, u); v++)
			if (v == u || v[-1].idea != v->idea) {
				const struct idea *x = &ix->items[v->idea];
				int th = idea_theme(in, x);
				strbuf_puts(out, "- ");
				if (th >= 0) {
					strbuf_puts(out, "*");
					md_escape_inline(out, in->ev->themes[th].title);
					strbuf_puts(out, "* \xE2\x80\x94 ");
				}
				idea_under_tag(out, in, x);
			}
		strbuf_puts(out, "\n");
		free(tag);
	}
	out->failed |= n && !firsts;
	free(firsts);
	free(uses);
}

/* 2024-07-16 as "16 July 2024"; any other text as it is. */
static void write_date(struct strbuf *out, const char *date)
{
	static const char *const months[] = { "January", "February", "March",     "April",   "May",      "June",
					       "July",    "August",   "September", "October", "November", "December" };
	int y, m, d, end = 0;
	if (sscanf(date, "%4d-%2d-%2d%n", &y, &m, &d, &end) == 3 && !date[end] && m >= 1 && m <= 12 && d >= 1 &&
	    d <= 31)
		strbuf_printf(out, "%d %s %d", d, months[m - 1], y);
	else
		md_escape_inline(out, date);
}

static void md_title(const struct report_input *in, struct strbuf *out)
{
	const struct event *ev = in->ev;
	strbuf_puts(out, "# ");
	md_escape_inline(out, ev->name);
	strbuf_puts(out, "\n\n");
	if (ev->date || ev->venue) {
		if (ev->date)
			write_date(out, ev->date);
		if (ev->date && ev->venue)
			strbuf_puts(out, " \xC2\xB7 ");
		if (ev->venue)
			md_escape_inline(out, ev->venue);
		strbuf_puts(out, "\n\n");
	}
}

/* Present delegates per organisation; NULL when memory runs out. */
static size_t *organisation_counts(const struct event *ev)
{
	size_t *n = calloc(ev->orgs_count ? ev->orgs_count : 1, sizeof(*n));
	for (size_t i = 0; n && i < ev->delegates_count; i++)
		if (ev->delegates[i].present && ev->delegates[i].org >= 0)
			n[ev->delegates[i].org]++;
	return n;
}

struct totals {
	long present, orgs, challenges;
	struct recorded rec;
};

static struct totals compute_totals(const struct report_input *in, const struct theme_figures *fig)
{
	const struct event *ev = in->ev;
	struct totals t = { (long)event_present_count(ev), 0, 0, { 0 } };
	size_t *orgs = organisation_counts(ev);
	for (size_t o = 0; orgs && o < ev->orgs_count; o++)
		t.orgs += orgs[o] > 0;
	free(orgs);
	for (size_t i = 0; i < in->ideas->count; i++) {
		const struct idea *x = &in->ideas->items[i];
		if (x->deleted)
			continue;
		count_item(&t.rec, x);
	}
	for (size_t j = 0; fig && j < ev->themes_count; j++)
		t.challenges += fig[j].shown;
	return t;
}

/* Main points first, as a public bulletin opens: who came, what they made. */
static void md_summary(const struct report_input *in, const struct theme_figures *fig, struct strbuf *out)
{
	const struct event *ev = in->ev;
	struct totals t = compute_totals(in, fig);
	strbuf_puts(out, "## Summary\n\n- ");
	if (!t.present) {
		strbuf_puts(out, "No delegates are present yet");
	} else {
		count_phrase(out, t.present, "delegate", "delegates");
		strbuf_puts(out, " from ");
		count_phrase(out, t.orgs, "organisation", "organisations");
	}
	if (t.challenges) {
		strbuf_puts(out, t.present ? " worked on " : "; ");
		count_phrase(out, t.challenges, "challenge", "challenges");
		strbuf_puts(out, " at ");
	} else {
		strbuf_puts(out, t.present ? " took part, at " : "; the event has ");
	}
	count_phrase(out, (long)ev->tables_count, "table", "tables");
	strbuf_puts(out, ".\n- ");
	if (t.rec.items) {
		strbuf_puts(out, "The tables recorded ");
		recorded_phrase(out, &t.rec);
		strbuf_puts(out, ".\n");
	} else {
		strbuf_puts(out, "No ideas have been recorded yet.\n");
	}
	long most = 0;
	int busiest = -1;
	for (size_t j = 0; fig && j < ev->themes_count; j++)
		if (fig[j].rec.items > most)
			most = fig[j].rec.items, busiest = (int)j;
	if (busiest >= 0 && t.challenges > 1) {
		/* A challenge at several tables has more hands: say how many. */
		strbuf_puts(out, "- ");
		md_escape_inline(out, ev->themes[busiest].title);
		strbuf_printf(out, " recorded the most, %ld %s", most, plural(most, "item", "items"));
		if (fig[busiest].tables > 1)
			strbuf_printf(out, ", from its %ld tables", fig[busiest].tables);
		strbuf_puts(out, ".\n");
	}
	const struct idea *top = NULL;
	for (size_t i = 0; i < in->ideas->count; i++) {
		const struct idea *x = &in->ideas->items[i];
		if (!x->deleted && x->key && x->votes > 0 && (!top || compare_by_votes(&x, &top) < 0))
			top = x;
	}
	if (top) {
		int th = idea_theme(in, top);
		strbuf_printf(out, "- The key point with the most votes, %d, was \xE2\x80\x9C", top->votes);
		char cut[IDEA_BRIEF_BYTES];
		const char *text = idea_brief(out, top->text, cut);
		if (text)
			md_escape(out, text);
		strbuf_puts(out, "\xE2\x80\x9D");
		if (th >= 0) {
			strbuf_puts(out, ", from ");
			md_escape_inline(out, ev->themes[th].title);
		}
		strbuf_puts(out, ".\n");
	}
	strbuf_puts(out, "\n### Delegates present, by role\n\n| Role | Delegates present |\n|---|---:|\n");
	for (size_t r = 0; r < ev->roles_count; r++) {
		size_t n = 0;
		for (size_t i = 0; i < ev->delegates_count; i++)
			n += ev->delegates[i].present && ev->delegates[i].role == (int)r;
		strbuf_puts(out, "| ");
		md_escape_inline(out, ev->roles[r].label);
		strbuf_printf(out, " | %zu |\n", n);
	}
	strbuf_printf(out, "| **All roles** | **%ld** |\n\n", t.present);
}

/* The figures per challenge as two tables narrow enough for a printed
 * page: people by role, then what they recorded. */
static void md_figures(const struct report_input *in, const struct theme_figures *fig, struct strbuf *out)
{
	const struct event *ev = in->ev;
	bool any = false;
	for (size_t j = 0; j < ev->themes_count; j++)
		any |= fig[j].shown;
	if (!any) {
		strbuf_puts(out, "No challenge has a table or an idea yet (alchemy allocate gives tables their "
				 "challenges).\n\n");
		return;
	}
	strbuf_puts(out, "### Delegates present at each challenge, by role\n\n| Challenge |");
	for (size_t r = 0; r < ev->roles_count; r++) {
		strbuf_puts(out, " ");
		md_escape_inline(out, ev->roles[r].label);
		strbuf_puts(out, " |");
	}
	strbuf_puts(out, " All |\n|---|");
	for (size_t r = 0; r < ev->roles_count; r++)
		strbuf_puts(out, "---:|");
	strbuf_puts(out, "---:|\n");
	for (size_t k = 0; k < ev->themes_count; k++) {
		size_t j = fig[k].order;
		if (!fig[j].shown)
			continue;
		strbuf_puts(out, "| ");
		md_escape_inline(out, ev->themes[j].title);
		strbuf_puts(out, " |");
		for (size_t r = 0; r < ev->roles_count; r++)
			strbuf_printf(out, " %ld |", fig[j].role_counts[r]);
		strbuf_printf(out, " %ld |\n", fig[j].people);
	}
	/* Only the challenges that recorded something: the others are named
	 * once, together, after the challenges. */
	long quiet = 0, busy = 0;
	for (size_t j = 0; j < ev->themes_count; j++) {
		quiet += fig[j].shown && !fig[j].rec.items;
		busy += fig[j].rec.items > 0;
	}
	strbuf_puts(out, "\n### What each challenge recorded\n\n");
	if (busy)
		strbuf_puts(out, "| Challenge | Ideas | Key points | Actions | Barriers | Questions | All |\n"
				 "|---|---:|---:|---:|---:|---:|---:|\n");
	for (size_t k = 0; k < ev->themes_count; k++) {
		const struct recorded *r = &fig[fig[k].order].rec;
		if (!r->items)
			continue;
		strbuf_puts(out, "| ");
		md_escape_inline(out, ev->themes[fig[k].order].title);
		strbuf_printf(out, " | %ld | %ld | %ld | %ld | %ld | %ld |\n", r->ideas, r->keys, r->actions,
			      r->barriers, r->questions, r->items);
	}
	if (quiet) {
		if (busy) {
			if (quiet == 1)
				strbuf_puts(out, "\nNothing was recorded at the other challenge (named after the challenges).\n");
			else
				strbuf_printf(out, "\nNothing was recorded at the other %ld challenges (listed after the "
						   "challenges).\n", quiet);
		} else {
			strbuf_puts(out, "Nothing has been recorded yet.\n");
		}
	}
	strbuf_puts(out, "\n");
}

/* Ideas of one stage and round, by kind: ideas, then barriers. Bucket s
 * is the event's stage s; stages_count holds ideas with no stage recorded
 * ("Stage not recorded"), stages_count + 1 those of a stage the event no
 * longer has ("Other ideas"): a stage never given is not a stage lost. An
 * event without stages has the one bucket. */
static bool in_stage_bucket(const struct event *ev, const struct idea *x, size_t s)
{
	if (s < ev->stages_count)
		return !strcmp(x->stage, ev->stages[s].id);
	if (!ev->stages_count)
		return s == 0;
	for (size_t k = 0; k < ev->stages_count; k++)
		if (!strcmp(x->stage, ev->stages[k].id))
			return false;
	return (s == ev->stages_count) == !x->stage[0];
}

/* "Table 4" or "Tables 2, 3, 4": the theme's tables; returns how many. */
static size_t tables_phrase(const struct report_input *in, const struct theme_figures *f, size_t th, struct strbuf *out)
{
	size_t tables = 0;
	for (size_t t = 0; t < in->ev->tables_count; t++) {
		if (table_theme(in, t) != (int)th)
			continue;
		strbuf_puts(out, tables++ ? ", " : "Table");
		if (tables == 1)
			strbuf_puts(out, f->tables > 1 ? "s " : " ");
		md_escape_inline(out, in->ev->tables[t].id);
	}
	return tables;
}

/* The challenges that have tables but recorded nothing: one short list,
 * not a page each. */
static void md_quiet_challenges(const struct report_input *in, const struct theme_figures *fig, struct strbuf *out)
{
	size_t n = 0;
	for (size_t k = 0; k < in->ev->themes_count; k++) {
		size_t th = fig[k].order;
		if (!fig[th].shown || fig[th].rec.items)
			continue;
		if (!n++)
			strbuf_puts(out, "## Challenges with nothing recorded\n\n"
					 "These challenges had tables, but no idea was recorded at them.\n\n");
		strbuf_puts(out, "- ");
		md_escape_inline(out, in->ev->themes[th].title);
		strbuf_puts(out, " (");
		if (!tables_phrase(in, &fig[th], th, out))
			strbuf_puts(out, "no table");
		strbuf_puts(out, ")\n");
	}
	if (n)
		strbuf_puts(out, "\n");
}

/* One challenge: what it asked, who worked on it, key points first, then
 * the ideas by stage, actions with their owners, open questions. */
static void md_challenge(const struct report_input *in, const struct theme_figures *f, size_t th,
			 const struct idea **list, size_t n, const struct table_mixes *mixes, struct strbuf *out)
{
	const struct event *ev = in->ev;
	strbuf_puts(out, "## ");
	md_escape_inline(out, ev->themes[th].title);
	strbuf_puts(out, "\n\n");
	if (ev->themes[th].prompt) {
		strbuf_puts(out, "*");
		md_escape_inline(out, ev->themes[th].prompt);
		strbuf_puts(out, "*\n\n");
	}
	/* Who: the area, the tables, the people by role, what they recorded. */
	const char *area = ev->themes[th].area;
	if (area && strncasecmp(ev->themes[th].title, area, strlen(area))) {   /* not said by the title already */
		strbuf_puts(out, "Area: ");
		md_escape_inline(out, ev->themes[th].area);
		strbuf_puts(out, ".  \n");
	}
	size_t tables = tables_phrase(in, f, th, out);
	if (tables && in->plan) {
		strbuf_puts(out, ": ");
		count_phrase(out, f->people, "delegate", "delegates");
		strbuf_puts(out, " present");
		for (size_t r = 0; r < ev->roles_count; r++) {
			long k = 0;
			for (size_t t = 0; mixes && t < ev->tables_count; t++)
				if (table_theme(in, t) == (int)th)
					k += mixes->tables[t].role_counts[r];
			strbuf_puts(out, r ? ", " : " (");
			md_escape_inline(out, ev->roles[r].label);
			strbuf_printf(out, " %ld", k);
		}
		strbuf_puts(out, ev->roles_count ? ")" : "");
	}
	if (tables)
		strbuf_puts(out, ".  \n");
	strbuf_puts(out, "Recorded ");
	recorded_phrase(out, &f->rec);
	strbuf_puts(out, ".\n\n");
	qsort(list, n, sizeof(*list), compare_by_votes);
	if (f->rec.keys) {
		strbuf_puts(out, "### Key points\n\n");
		for (size_t i = 0, rank = 1; i < n; i++)
			if (list[i]->key) {
				strbuf_printf(out, "%zu. ", rank++);
				idea_item(out, in, list[i], true, true);
			}
		strbuf_puts(out, "\n");
	}
	/* Then by round (when the theme's ideas span several), by stage,
	 * then by kind. */
	bool by_round = several_rounds(in, list, n);
	int last_round = by_round ? (int)in->plan->rounds_count : 0;
	for (int round = 0; round <= last_round; round++)
		for (size_t s = 0; s <= ev->stages_count + 1; s++) {
			size_t here = 0;
			for (size_t i = 0; i < n; i++)
				here += !list[i]->key && in_stage_bucket(ev, list[i], s) && list[i]->kind != ACTION &&
					list[i]->kind != QUESTION && (!by_round || idea_round(in, list[i]) == round);
			if (!here)
				continue;
			strbuf_puts(out, "### ");
			if (by_round)
				strbuf_printf(out, round ? "Round %d \xC2\xB7 " : "Round not recorded \xC2\xB7 ", round);
			if (s < ev->stages_count)
				md_escape_inline(out, ev->stages[s].title);
			else if (!ev->stages_count)
				strbuf_puts(out, "Ideas");
			else
				strbuf_puts(out, s == ev->stages_count ? "Stage not recorded" : "Other ideas");
			strbuf_puts(out, "\n\n");
			for (int kind = IDEA; kind <= BARRIER; kind++)
				for (size_t i = 0; i < n; i++)
					if (!list[i]->key && in_stage_bucket(ev, list[i], s) && (int)list[i]->kind == kind &&
					    (!by_round || idea_round(in, list[i]) == round)) {
						strbuf_puts(out, "- ");
						idea_item(out, in, list[i], true, !by_round);
					}
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
}

/* Ideas of tables the event no longer has: kept and shown, never dropped. */
static void md_orphans(const struct report_input *in, struct strbuf *out)
{
	size_t n = 0;
	for (size_t i = 0; i < in->ideas->count; i++) {
		const struct idea *x = &in->ideas->items[i];
		if (x->deleted || idea_theme(in, x) >= 0)
			continue;
		if (!n++)
			strbuf_puts(out, "## Ideas from tables without a challenge\n\n"
					 "Captured at a table the event or plan no longer gives a challenge.\n\n");
		strbuf_puts(out, "- Table ");
		md_escape_inline(out, x->table);
		strbuf_puts(out, event_find_table(in->ev, x->table) >= 0 ? ": " : " (no longer in the event): ");
		idea_item(out, in, x, true, true);
	}
	if (n)
		strbuf_puts(out, "\n");
}

static void md_organisations(const struct report_input *in, struct strbuf *out)
{
	const struct event *ev = in->ev;
	size_t *here = organisation_counts(ev);
	strbuf_puts(out, "## Participating organisations\n\n");
	size_t listed = 0, small = 0, small_people = 0;
	for (size_t o = 0; here && o < ev->orgs_count; o++) {
		if (!here[o])
			continue;
		if (!in->names && here[o] < REPORT_MIN_NAMED) {
			small++;
			small_people += here[o];
			continue;
		}
		strbuf_puts(out, "- ");
		md_escape_inline(out, ev->orgs[o]);
		strbuf_puts(out, "\n");
		listed++;
	}
	/* The organisations not named are a sentence after the list, not an
	 * item of it: in HTML the list runs in columns, and the long item,
	 * alone past a page break, took a page as a column a third wide. */
	if (small)
		strbuf_printf(out, "%s%zu %sorganisation%s, %s fewer than %d delegates present (%zu delegate%s%s), "
				   "%s not named, so that no one is identifiable.\n",
			      listed ? "\n" : "", small, listed ? "more " : "", small == 1 ? "" : "s",
			      small == 1 ? "with" : "each with", REPORT_MIN_NAMED, small_people,
			      small_people == 1 ? "" : "s", small == 1 ? "" : " in all", small == 1 ? "is" : "are");
	if (!listed && !small)
		strbuf_puts(out, "None yet: nobody is present.\n");
	out->failed |= !here;
	free(here);
	if (!in->names)
		return;
	strbuf_puts(out, "\n## Who was in the room\n\n| Name | Organisation | Role | Table |\n|---|---|---|---|\n");
	/* A to Z by family name, as a list of people is read. */
	bool *keep = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(bool));
	size_t count = 0;
	for (size_t i = 0; keep && i < ev->delegates_count; i++)
		keep[i] = ev->delegates[i].present;
	int *order = keep ? delegates_by_family_name(ev, keep, &count) : NULL;
	free(keep);
	out->failed |= !order;
	for (size_t k = 0; order && k < count; k++) {
		size_t i = (size_t)order[k];
		const struct delegate *d = &ev->delegates[i];
		int t = in->plan ? in->plan->rounds[0].seat[i] : -1;
		strbuf_puts(out, "| ");
		md_escape_inline(out, d->name);
		strbuf_puts(out, " | ");
		md_escape_inline(out, d->organisation);
		strbuf_puts(out, " | ");
		md_escape_inline(out, d->role >= 0 ? ev->roles[d->role].label : "");
		strbuf_puts(out, " | ");
		md_escape_inline(out, t >= 0 ? ev->tables[t].id : "");
		strbuf_puts(out, " |\n");
	}
	free(order);
}

/* The report as a sequence of parts, each Markdown; the HTML writer wraps
 * each part (a challenge on its own printed page, the charts beside the
 * figures) and the Markdown writer joins them. */
enum part { PART_TITLE, PART_SUMMARY, PART_FIGURES, PART_CHALLENGE, PART_QUIET, PART_REST, PART_ORGANISATIONS };

typedef void part_sink(void *ctx, enum part part, struct strbuf *md);

static void write_parts(const struct report_input *in, part_sink *sink, void *ctx, struct strbuf *failed)
{
	const struct event *ev = in->ev;
	const struct ideas *ix = in->ideas;
	struct strbuf md;
	strbuf_init(&md);
	struct theme_figures *fig = compute_figures(in);
	const struct idea **list = malloc((ix->count ? ix->count : 1) * sizeof(*list));
	if (!fig || !list) {
		failed->failed = true;
		free(list);
		free_figures(fig);
		return;
	}
	md_title(in, &md);
	sink(ctx, PART_TITLE, &md);
	md_summary(in, fig, &md);
	sink(ctx, PART_SUMMARY, &md);
	strbuf_puts(&md, "## The challenges in figures\n\n");
	md_figures(in, fig, &md);
	sink(ctx, PART_FIGURES, &md);
	struct table_mixes mixes = { 0 };
	bool mixed = in->plan && table_mixes_compute(&mixes, ev, in->plan->rounds[0].seat) == 0;
	for (size_t k = 0; k < ev->themes_count; k++) {
		size_t th = fig[k].order;
		if (!fig[th].rec.items)
			continue;   /* listed with the others that recorded nothing */
		size_t n = 0;
		for (size_t i = 0; i < ix->count; i++)
			if (!ix->items[i].deleted && idea_theme(in, &ix->items[i]) == (int)th)
				list[n++] = &ix->items[i];
		md_challenge(in, &fig[th], th, list, n, mixed ? &mixes : NULL, &md);
		sink(ctx, PART_CHALLENGE, &md);
	}
	table_mixes_free(&mixes);
	md_quiet_challenges(in, fig, &md);
	sink(ctx, PART_QUIET, &md);
	md_orphans(in, &md);
	write_tags(&md, in);
	sink(ctx, PART_REST, &md);
	md_organisations(in, &md);
	sink(ctx, PART_ORGANISATIONS, &md);
	failed->failed |= md.failed;
	strbuf_free(&md);
	free(list);
	free_figures(fig);
}

/* Markdown: the parts one after another. */
static void join_part(void *ctx, enum part part, struct strbuf *md)
{
	struct strbuf *out = ctx;
	(void)part;
	if (md->len)
		strbuf_add(out, md->data, md->len);
	out->failed |= md->failed;
	md->len = 0;
}

static void write_markdown(const struct report_input *in, struct strbuf *out)
{
	write_parts(in, join_part, out, out);
}

static bool word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Rendered HTML with the breaks a reader would not make taken out: a
 * short hyphenated word (Co-operative, #co-production) stays whole, and a
 * vote count "(3 votes)" stays on one line. Markup is copied as it is;
 * only the text between tags changes. */
static void html_keep_together(struct strbuf *out, const char *html)
{
	const char *p = html;
	while (*p) {
		if (*p == '<') {
			const char *e = strchr(p, '>');
			size_t n = e ? (size_t)(e - p) + 1 : strlen(p);
			strbuf_add(out, p, n);
			p += n;
			continue;
		}
		if (*p == ' ') {
			const char *d = p;
			while (d > html && d[-1] >= '0' && d[-1] <= '9')
				d--;
			bool count = d < p && d > html && d[-1] == '(' && !strncmp(p + 1, "vote", 4);
			strbuf_puts(out, count ? "&nbsp;" : " ");
			p++;
			continue;
		}
		size_t n = strcspn(p, " \t\r\n<");
		if (!n) {
			strbuf_add(out, p++, 1);
			continue;
		}
		bool hyphen = false;
		for (size_t k = 1; k + 1 < n; k++)
			hyphen |= p[k] == '-' && word_char((unsigned char)p[k - 1]) && word_char((unsigned char)p[k + 1]);
		/* Longer ones may still break: a line must never overflow. */
		if (hyphen && n <= 32)
			strbuf_puts(out, "<span class=\"nw\">");
		strbuf_add(out, p, n);
		if (hyphen && n <= 32)
			strbuf_puts(out, "</span>");
		p += n;
	}
}

/* Markdown to HTML with cmark-gfm and its table extension; the default
 * leaves raw HTML out, and our escaping has already made every user's word
 * text. */
static void render_markdown(struct strbuf *out, const char *md, size_t len)
{
	char *body = NULL;
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	cmark_syntax_extension *table = cmark_find_syntax_extension("table");
	if (parser && table)
		cmark_parser_attach_syntax_extension(parser, table);
	if (parser) {
		cmark_parser_feed(parser, md, len);
		cmark_node *doc = cmark_parser_finish(parser);
		if (doc) {
			body = cmark_render_html(doc, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser));
			cmark_node_free(doc);
		}
		cmark_parser_free(parser);
	}
	if (body) {
		struct strbuf whole;
		strbuf_init(&whole);
		untoken(&whole, body);
		html_keep_together(out, whole.data ? whole.data : "");
		out->failed |= whole.failed;
		strbuf_free(&whole);
	} else {
		out->failed = true;
	}
	free(body);
}

/* Colours that stay apart for most colour vision and in greyscale print
 * (the GOV.UK chart palette). */
static const char *const chart_colours[] = { "#12436d", "#28a197", "#801650", "#f46a25", "#3d3d3d", "#a285d1" };

/* A bar chart as HTML, not SVG: labels are text that wraps, never cut, and
 * print as text. One row per challenge. */
static void chart_row_start(struct strbuf *out, const char *label)
{
	strbuf_puts(out, "<div class=\"row\"><div class=\"label\">");
	html_escaped(out, label);
	strbuf_puts(out, "</div><div class=\"bars\">");
}

static void write_chart_recorded(const struct report_input *in, const struct theme_figures *f, long most_ideas,
				 struct strbuf *out);

/* A bar's length, as a share (%.4f) of its row less the room its label
 * takes ("600 delegates", "12 key points" at the chart's size), so the
 * longest bar's label still ends inside the page. */
#define BAR_WIDTH "calc((100%% - 7rem) * %.4f)"

/* Figure `which` (0: people by role, 1: what was recorded). */
static void write_chart(const struct report_input *in, const struct theme_figures *f, int which, struct strbuf *out)
{
	const struct event *ev = in->ev;
	long most_people = 1, most_ideas = 1;
	bool any = false;
	for (size_t j = 0; j < ev->themes_count; j++)
		any |= f[j].shown;
	if (!any)
		return;   /* no bars to draw: the text below says why */
	for (size_t j = 0; j < ev->themes_count; j++) {
		if (f[j].people > most_people)
			most_people = f[j].people;
		const struct recorded *r = &f[j].rec;
		long most = r->ideas > r->keys ? r->ideas : r->keys;
		most = most > r->actions ? most : r->actions;
		if (most > most_ideas)
			most_ideas = most;
	}
	if (which == 1) {
		write_chart_recorded(in, f, most_ideas, out);
		return;
	}
	strbuf_puts(out, "<figure class=\"chart\"><figcaption><span>Figure 1</span> Delegates present at each "
			 "challenge, by role</figcaption>\n<ul class=\"legend\">");
	for (size_t r = 0; r < ev->roles_count; r++) {
		strbuf_printf(out, "<li><i style=\"background:%s\"></i>", chart_colours[r % 6]);
		html_escaped(out, ev->roles[r].label);
		strbuf_puts(out, "</li>");
	}
	strbuf_puts(out, "</ul>\n");
	for (size_t k = 0; k < ev->themes_count; k++) {
		size_t j = f[k].order;
		if (!f[j].shown)
			continue;
		chart_row_start(out, ev->themes[j].title);
		/* The stack's length is the people; its parts, shares of them. */
		strbuf_printf(out, "<div class=\"bar\"><span class=\"stack\" style=\"width:" BAR_WIDTH "\">",
			      (double)f[j].people / (double)most_people);
		for (size_t r = 0; r < ev->roles_count; r++) {
			if (!f[j].role_counts[r])
				continue;
			strbuf_printf(out, "<b style=\"width:%.2f%%;background:%s\" title=\"",
				      100.0 * (double)f[j].role_counts[r] / (double)f[j].people, chart_colours[r % 6]);
			html_escaped(out, ev->roles[r].label);
			strbuf_printf(out, ": %ld\"></b>", f[j].role_counts[r]);
		}
		strbuf_printf(out, "</span><em>%ld %s</em></div></div></div>\n", f[j].people,
			      plural(f[j].people, "delegate", "delegates"));
	}
	strbuf_puts(out, "</figure>\n");
}

static void write_chart_recorded(const struct report_input *in, const struct theme_figures *f, long most_ideas,
				 struct strbuf *out)
{
	const struct event *ev = in->ev;
	static const char *const one[] = { "idea", "key point", "action" }, *const many[] = { "ideas", "key points", "actions" };
	bool any = false;
	for (size_t j = 0; j < ev->themes_count; j++)
		any |= f[j].rec.items > 0;
	if (!any)
		return;   /* nothing recorded: the text below says so */
	strbuf_puts(out, "<figure class=\"chart\"><figcaption><span>Figure 2</span> Ideas, key points and actions "
			 "recorded for each challenge</figcaption>\n<ul class=\"legend\">");
	for (int k = 0; k < 3; k++)
		strbuf_printf(out, "<li><i style=\"background:%s\"></i>%c%s</li>", chart_colours[k], many[k][0] - 'a' + 'A',
			      many[k] + 1);
	strbuf_puts(out, "</ul>\n");
	for (size_t pos = 0; pos < ev->themes_count; pos++) {
		size_t j = f[pos].order;
		if (!f[j].rec.items)
			continue;   /* as in the table below: the others are listed together */
		const long v[3] = { f[j].rec.ideas, f[j].rec.keys, f[j].rec.actions };
		chart_row_start(out, ev->themes[j].title);
		for (int k = 0; k < 3; k++) {
			strbuf_printf(out, "<div class=\"bar thin\"><b style=\"width:" BAR_WIDTH ";background:%s\"></b><em>",
				      (double)v[k] / (double)most_ideas, chart_colours[k]);
			struct strbuf phrase;
			strbuf_init(&phrase);
			count_phrase(&phrase, v[k], one[k], many[k]);
			html_escaped(out, phrase.data ? phrase.data : "");
			strbuf_free(&phrase);
			strbuf_puts(out, "</em></div>");
		}
		strbuf_puts(out, "</div></div>\n");
	}
	strbuf_puts(out, "</figure>\n");
}

/* Screen and A4 print. Print: each challenge starts a page, no heading is
 * left at a page's foot, no table or chart row is split, colours print. */
static const char html_style[] =
	"*{box-sizing:border-box}"
	"body{font-family:Arial,\"Helvetica Neue\",Helvetica,\"Liberation Sans\",system-ui,sans-serif,"
	/* Names and ideas in any script, and emoji: fonts that have them, where installed. */
	"\"Noto Color Emoji\",\"Apple Color Emoji\",\"Segoe UI Emoji\",\"Noto Sans CJK SC\",\"Noto Sans CJK JP\","
	"\"Noto Sans CJK KR\",\"Noto Sans CJK TC\",\"Microsoft YaHei\",\"PingFang SC\",\"Noto Sans\",\"DejaVu Sans\";color:#0b0c0c;background:#fff;"
	"max-width:50rem;margin:0 auto;padding:2rem 1.25rem 4rem;font-size:1.0625rem;line-height:1.5;"
	"overflow-wrap:break-word}"
	"header{border-top:.6rem solid #12436d;padding-top:1rem;margin-bottom:2rem}"
	"header p:first-child{margin:0;color:#505a5f;font-weight:700;letter-spacing:.02em}"
	"h1{font-size:2.4rem;line-height:1.1;margin:.3rem 0 .6rem}"
	"header h1+p{font-size:1.25rem;color:#505a5f;margin:0}"
	"h2{font-size:1.6rem;line-height:1.2;margin:2.75rem 0 1rem;padding-top:.75rem;border-top:2px solid #0b0c0c}"
	"h3{font-size:1.2rem;line-height:1.3;margin:1.75rem 0 .5rem}"
	"ul,ol{padding-left:1.5rem}li{margin:.35rem 0}"
	".summary ul{padding:1rem 1rem 1rem 2.25rem;background:#f3f2f1;border-left:.3rem solid #12436d}"
	"h2+p em{color:#505a5f}.summary table{width:auto;min-width:60%}"
	"table{border-collapse:collapse;width:100%;margin:.5rem 0 1.75rem;font-size:.95rem}"
	"th,td{padding:.45rem .5rem .45rem 0;border-bottom:1px solid #b1b4b6;text-align:left;vertical-align:top}"
	"th{font-weight:700;border-bottom:2px solid #0b0c0c;vertical-align:bottom}"
	/* Number columns as narrow as their headings; the challenge's title has the rest. */
	"td:first-child{overflow-wrap:anywhere}th[align=right],td[align=right]{text-align:right;padding-left:.75rem;width:1%}"
	".figures th:first-child{width:46%}"
	".nw{white-space:nowrap}"
	".organisations ul{columns:3 12rem;column-gap:2rem;padding-left:1.25rem}"
	".organisations li{break-inside:avoid;margin:.1rem 0;font-size:.95rem}"
	".quiet ul{columns:2 16rem;column-gap:2rem}.quiet li{break-inside:avoid;margin:.1rem 0;font-size:.95rem}"
	"td[align=right]{font-variant-numeric:tabular-nums;white-space:nowrap}"
	".chart{margin:1.5rem 0 2.5rem;break-inside:avoid}"
	".chart figcaption{font-weight:700;font-size:1.1rem;margin-bottom:.5rem}"
	".chart figcaption span{display:block;color:#505a5f;font-size:.95rem}"
	".legend{list-style:none;padding:0;margin:0 0 .75rem;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;font-size:.9rem}"
	".legend i{display:inline-block;width:.9rem;height:.9rem;margin-right:.4rem;vertical-align:-.1rem}"
	".row{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:1rem;padding:.4rem 0;"
	"border-bottom:1px solid #e5e5e5;break-inside:avoid}"
	".label{font-size:.95rem;line-height:1.3}"
	".bar{display:flex;align-items:center;gap:.4rem;min-height:1.3rem}.bar.thin{min-height:.95rem}"
	".bar b{display:inline-block;height:1.1rem}.bar.thin b{height:.7rem}"
	".stack{display:flex;flex:none}.stack b{flex:none}"
	".bar em{font-style:normal;font-size:.85rem;white-space:nowrap;color:#0b0c0c}"
	".bar.thin em{font-size:.8rem}"
	"@page{size:A4;margin:16mm 15mm 18mm}"
	"@page{@bottom-right{content:\"Page \" counter(page) \" of \" counter(pages);"
	"font:8pt Arial,\"Liberation Sans\",sans-serif;color:#505a5f}}"
	"@media print{body{max-width:none;padding:0;font-size:10.5pt}h1{font-size:24pt}h2{font-size:16pt}"
	"th,td{padding-top:.3rem;padding-bottom:.3rem}.figures table{font-size:9pt}.chart{margin:1rem 0 1.25rem}"
	".row{padding:.2rem 0;grid-template-columns:minmax(0,1fr) minmax(0,1fr)}.label{font-size:9pt}"
	".bar.thin{min-height:.75rem}.bar.thin b{height:.55rem}.bar.thin em{font-size:7.5pt}"
	"h3{font-size:12pt}section.challenge{break-before:page}h2,h3,figcaption{break-after:avoid}"
	".keep,table,tr,li,.legend{break-inside:avoid}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

struct html_sink {
	const struct report_input *in;
	const struct theme_figures *fig;
	struct strbuf *out;
};

/* Each part rendered and wrapped: headings and their tables kept together,
 * the charts beside the figures, a challenge a section (a page in print). */
static void html_part(void *ctx, enum part part, struct strbuf *md)
{
	struct html_sink *h = ctx;
	static const char *const open[] = { "<header><p>Event report</p>\n", "<section class=\"summary\">\n",
					    "<section class=\"figures\">\n", "<section class=\"challenge\">\n",
					    "<section class=\"quiet\">\n", "<section class=\"rest\">\n", "<section class=\"organisations\">\n" };
	static const char *const close[] = { "</header>\n", "</section>\n", "</section>\n", "</section>\n",
					     "</section>\n", "</section>\n", "</section>\n" };
	if (!md->len) {
		h->out->failed |= md->failed;
		return;   /* nothing in it (no tags): no empty section */
	}
	strbuf_puts(h->out, open[part]);
	if (part == PART_FIGURES) {
		/* The heading, then each chart right above the table of its
		 * figures (a table kept with its heading): the two read together
		 * and the front matter takes two pages, not four. */
		const char *first = strstr(md->data, "\n### ");
		size_t head = first ? (size_t)(first - md->data) + 1 : md->len;
		render_markdown(h->out, md->data, head);
		const char *p = md->data + head, *end = md->data + md->len;
		for (int k = 0; p < end; k++) {
			const char *next = strstr(p + 1, "\n### ");
			size_t n = next && next < end ? (size_t)(next - p) + 1 : (size_t)(end - p);
			if (h->fig && k < 2)
				write_chart(h->in, h->fig, k, h->out);
			strbuf_puts(h->out, "<div class=\"keep\">\n");
			render_markdown(h->out, p, n);
			strbuf_puts(h->out, "</div>\n");
			p += n;
		}
	} else if (part == PART_SUMMARY) {
		/* The summary's points kept on one page; its table may follow. */
		const char *table = strstr(md->data, "\n### ");
		size_t n = table ? (size_t)(table - md->data) + 1 : md->len;
		strbuf_puts(h->out, "<div class=\"keep\">\n");
		render_markdown(h->out, md->data, n);
		strbuf_puts(h->out, "</div>\n<div class=\"keep\">\n");
		render_markdown(h->out, md->data + n, md->len - n);
		strbuf_puts(h->out, "</div>\n");
	} else {
		render_markdown(h->out, md->data ? md->data : "", md->len);
	}
	strbuf_puts(h->out, close[part]);
	h->out->failed |= md->failed;
	md->len = 0;
}

static void write_html(const struct report_input *in, struct strbuf *out)
{
	strbuf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
			 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
			 "<title>");
	html_escaped(out, in->ev->name);
	strbuf_printf(out, "</title>\n<style>%s", html_style);
	/* The event's name in every printed page's footer, beside the page number. */
	strbuf_puts(out, "@page{@bottom-left{content:");
	css_string(out, in->ev->name);
	strbuf_puts(out, ";font:8pt Arial,\"Liberation Sans\",sans-serif;color:#505a5f}}</style></head><body>\n");
	struct html_sink h = { in, compute_figures(in), out };
	struct text_tokens tokens = { 0 };
	html_tokens = &tokens;
	write_parts(in, html_part, &h, out);
	html_tokens = NULL;
	out->failed |= tokens.failed;
	free(tokens.texts);
	free(tokens.inline_only);
	for (size_t k = 0; k < tokens.owned_count; k++)
		free(tokens.owned[k]);
	free(tokens.owned);
	free_figures((struct theme_figures *)h.fig);
	strbuf_puts(out, "</body></html>\n");
}

static void write_csv(const struct report_input *in, struct strbuf *out)
{
	strbuf_puts(out, "\xEF\xBB\xBF");   /* UTF-8 BOM: Excel then reads UTF-8 */
	/* Plans of several rounds add the round an idea was captured in. */
	bool rounds = in->plan && in->plan->rounds_count > 1;
	strbuf_puts(out, "challenge,table,stage,kind,key point,votes,owner,text,time");
	strbuf_puts(out, rounds ? ",round" : "");
	strbuf_puts(out, in->names ? ",author\r\n" : "\r\n");   /* --names: who wrote it */
	for (size_t i = 0; i < in->ideas->count; i++) {
		const struct idea *x = &in->ideas->items[i];
		if (x->deleted)
			continue;
		int th = idea_theme(in, x);
		char votes[16], when[32];
		snprintf(votes, sizeof(votes), "%d", x->votes);
		/* Local time, as spreadsheets read a date and time: the UTC
		 * "...T08:48:00Z" of an idea made at 09:48 BST read an hour early. */
		time_t secs = (time_t)(x->created / 1000);
		struct tm tm;
		if (!localtime_r(&secs, &tm) || !strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm))
			snprintf(when, sizeof(when), "%lld", x->created);
		csv_cell(out, th >= 0 ? in->ev->themes[th].title : "", false);
		csv_cell(out, x->table, false);
		/* The stage as the report names it, its title ("possible" read
		 * as a code to an organiser); an id the event no longer has, as
		 * recorded. */
		const char *stage = x->stage;
		for (size_t k = 0; k < in->ev->stages_count; k++)
			if (!strcmp(x->stage, in->ev->stages[k].id))
				stage = in->ev->stages[k].title;
		csv_cell(out, stage, false);
		csv_cell(out, idea_kind_names[x->kind], false);
		csv_cell(out, x->key ? "yes" : "no", false);
		csv_cell(out, votes, false);
		csv_cell(out, owner_shown(in, x->owner) ? x->owner : "", false);
		csv_cell(out, x->text, false);
		csv_cell(out, when, !rounds && !in->names);
		if (rounds) {
			char round[16] = "";
			if (x->round > 0)
				snprintf(round, sizeof(round), "%d", x->round);
			csv_cell(out, round, !in->names);
		}
		if (in->names)
			csv_cell(out, x->author, true);
	}
}

static void json_string(struct strbuf *out, const char *s)
{
	strbuf_puts(out, "\"");
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			strbuf_printf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7F)
			strbuf_printf(out, "\\u%04x", c);
		else if (c == 0xC2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] < 0xA0)
			strbuf_printf(out, "\\u%04x", (unsigned char)*++s);   /* C1 controls: safe on a terminal */
		else if (c == '<')
			strbuf_puts(out, "\\u003c");   /* safe to embed in a page */
		else
			strbuf_add(out, s, 1);
	}
	strbuf_puts(out, "\"");
}

/* Who was there, as counts only: present delegates per role and per
 * organisation, organisations of fewer than REPORT_GROUP_BELOW present
 * counted together as "other" so that nobody can be picked out. */
static void json_present(const struct report_input *in, struct strbuf *out)
{
	const struct event *ev = in->ev;
	strbuf_printf(out, "\"present\":{\"delegates\":%zu,\"roles\":[", event_present_count(ev));
	for (size_t r = 0; r < ev->roles_count; r++) {
		size_t n = 0;
		for (size_t i = 0; i < ev->delegates_count; i++)
			n += ev->delegates[i].present && ev->delegates[i].role == (int)r;
		strbuf_puts(out, r ? ",\n{\"role\":" : "\n{\"role\":");
		json_string(out, ev->roles[r].id);
		strbuf_printf(out, ",\"delegates\":%zu}", n);
	}
	strbuf_puts(out, "],\"organisations\":[");
	size_t *counts = organisation_counts(ev), other = 0, others = 0, k = 0;
	for (size_t o = 0; counts && o < ev->orgs_count; o++) {
		if (!counts[o])
			continue;
		if (counts[o] < REPORT_GROUP_BELOW) {
			other += counts[o];
			others++;
			continue;
		}
		strbuf_puts(out, k++ ? ",\n{\"organisation\":" : "\n{\"organisation\":");
		json_string(out, ev->orgs[o]);
		strbuf_printf(out, ",\"delegates\":%zu}", counts[o]);
	}
	if (others)
		strbuf_printf(out, "%s{\"organisation\":\"other\",\"organisations\":%zu,\"delegates\":%zu}",
			      k ? ",\n" : "\n", others, other);
	out->failed |= !counts;
	free(counts);
	strbuf_puts(out, "]},\n");
}

/* --names only: every delegate, with name, organisation, role and table. */
static void json_delegates(const struct report_input *in, struct strbuf *out)
{
	const struct event *ev = in->ev;
	strbuf_puts(out, "\"delegates\":[");
	for (size_t i = 0; i < ev->delegates_count; i++) {
		const struct delegate *d = &ev->delegates[i];
		int t = in->plan ? in->plan->rounds[0].seat[i] : -1;
		strbuf_puts(out, i ? ",\n" : "\n");
		strbuf_puts(out, "{\"id\":");
		json_string(out, d->id);
		strbuf_puts(out, ",\"name\":");
		json_string(out, d->name);
		strbuf_puts(out, ",\"role\":");
		json_string(out, d->role >= 0 ? ev->roles[d->role].id : "");
		strbuf_puts(out, ",\"organisation\":");
		json_string(out, d->organisation);
		strbuf_printf(out, ",\"present\":%s,\"table\":", d->present ? "true" : "false");
		if (t >= 0)
			json_string(out, ev->tables[t].id);
		else
			strbuf_puts(out, "null");
		strbuf_puts(out, "}");
	}
	strbuf_puts(out, "],\n");
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
		if (ev->themes[j].area) {
			strbuf_puts(out, ",\"area\":");
			json_string(out, ev->themes[j].area);
		}
		strbuf_puts(out, "}");
	}
	strbuf_puts(out, "],\n");
	json_present(in, out);
	if (in->names)
		json_delegates(in, out);
	strbuf_puts(out, "\"tables\":[");
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
		json_string(out, owner_shown(in, x->owner) ? x->owner : "");
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
