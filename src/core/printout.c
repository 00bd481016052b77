#include "printout.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "name_order.h"
#include "text.h"

/* One row of plain text in columns: each cell wrapped at spaces to its
 * column's width (display columns, so wide names line up on paper too),
 * the last cell as it is where n > the widths given; a cell wider than its
 * column goes on to the next line, never cut. */
/* s as a text print-out shows it (text_shown: a tab or line end a space,
 * a control or direction-turning character U+FFFD), malloc'd; NULL when
 * memory runs out. Laid out as it will print: a tab or an escape counted
 * as one column ran lines past 80. */
static char *shown_copy(const char *s)
{
	size_t size = strlen(s) * 3 + 8;
	char *b = malloc(size);
	if (b)
		text_shown(b, size, s);
	return b;
}

static int shown_width(const char *s)
{
	char *b = shown_copy(s);
	int w = text_width(b ? b : s);
	free(b);
	return w;
}

static void text_row(struct strbuf *out, const char *indent, const char *const *cells, const int *cols, int widths,
		     int n)
{
	const char *rest[4];
	char *owned[4];
	for (int k = 0; k < n; k++) {
		owned[k] = shown_copy(cells[k]);
		rest[k] = owned[k] ? owned[k] : cells[k];
	}
	for (bool more = true; more;) {
		more = false;
		strbuf_puts(out, indent);
		for (int k = 0; k < n; k++) {
			size_t len = k < widths ? text_line_break(rest[k], cols[k]) : strlen(rest[k]);
			if (k + 1 < n) {
				/* A line of at most cols[k] columns: a few hundred bytes. */
				char piece[1024], padded[1200];
				snprintf(piece, sizeof(piece), "%.*s", (int)len, rest[k]);
				text_pad(padded, sizeof(padded), piece, cols[k], 0);
				strbuf_puts(out, padded);
				strbuf_puts(out, "  ");
			} else {
				strbuf_add(out, rest[k], len);
			}
			rest[k] += len;
			rest[k] += strspn(rest[k], " \n");
			more |= *rest[k] != '\0';
		}
		/* No trailing blanks on a continuation line. */
		while (out->len && out->data[out->len - 1] == ' ')
			out->len--;
		strbuf_puts(out, "\n");
	}
	for (int k = 0; k < n; k++)
		free(owned[k]);
}

/* Plain-text print-outs are 80 columns wide. */
#define PAGE_COLUMNS 80

/* Column widths for text_row on an 80-column page: each of the first n - 1
 * no wider than its widest entry nor most[c]; where the last column's
 * widest entry still does not fit, the organisation (column 1) gives
 * way, down to 18 columns. cols[n - 1] gets what is left. */
static void fit_to_page(int *cols, const int *most, const int *widest, int n, int indent)
{
	int used = indent;
	for (int c = 0; c + 1 < n; c++) {
		cols[c] = widest[c] < most[c] ? widest[c] : most[c];
		used += cols[c] + 2;
	}
	int over = used + widest[n - 1] - PAGE_COLUMNS;
	if (over > 0 && cols[1] > 18) {
		int give = cols[1] - over > 18 ? over : cols[1] - 18;
		cols[1] -= give;
		used -= give;
	}
	cols[n - 1] = PAGE_COLUMNS - used;
}

/* Lines on a text print-out's page: A4 at six lines an inch, with margins. */
#define PAGE_LINES 60

static int lines_in(const char *s, size_t len)
{
	int n = 0;
	for (size_t k = 0; s && k < len; k++)
		n += s[k] == '\n';
	return n;
}

/* A line of text wrapped at spaces to the page's width (never cut). */
static void text_paragraph(struct strbuf *out, const char *text)
{
	char *owned = shown_copy(text);
	const char *rest = owned ? owned : text;
	do {
		size_t len = text_line_break(rest, PAGE_COLUMNS);
		strbuf_add(out, rest, len);
		while (out->len && out->data[out->len - 1] == ' ')
			out->len--;
		strbuf_puts(out, "\n");
		rest += len;
		rest += strspn(rest, " \n");
	} while (*rest);
	free(owned);
}

/* text_paragraph of a formatted line ("Table 3: Housing", "Where: Room B"). */
__attribute__((format(printf, 2, 3))) static void text_paragraph_f(struct strbuf *out, const char *fmt, ...)
{
	struct strbuf line;
	strbuf_init(&line);
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(&line, fmt, ap);
	va_end(ap);
	out->failed |= line.failed;
	text_paragraph(out, line.data ? line.data : "");
	strbuf_free(&line);
}

/* A text print-out's column headings and a rule under each, as wide as
 * its column (the last as wide as its widest entry, where that is less). */
static void text_headings(struct strbuf *out, const char *indent, const char *const *headings, const int *cols,
			  int last_widest, int n)
{
	text_row(out, indent, headings, cols, n - 1, n);
	strbuf_puts(out, indent);
	for (int k = 0; k < n; k++) {
		int w = k + 1 < n ? cols[k] : last_widest < cols[k] ? last_widest : cols[k];
		for (int i = 0; i < w; i++)
			strbuf_puts(out, "-");
		strbuf_puts(out, k + 1 < n ? "  " : "\n");
	}
}

/* Screen and A4 portrait: a table's page each, the header row repeated on
 * every page of a long list, no row split between pages. A name (up to
 * NAME_WHOLE characters), a role and a table stay on one line; the
 * organisation takes the width left and wraps. Every printed page has a
 * footer: the event's name and "Page N of M" (CSS page margin boxes). The
 * fonts are the report's, so names in any script print where installed. */
static const char page_style[] =
	"body{font-family:Arial,\"Helvetica Neue\",Helvetica,\"Liberation Sans\",system-ui,sans-serif,"
	"\"Noto Color Emoji\",\"Apple Color Emoji\",\"Segoe UI Emoji\",\"Noto Sans CJK SC\",\"Noto Sans CJK JP\","
	"\"Noto Sans CJK KR\",\"Noto Sans CJK TC\",\"Microsoft YaHei\",\"PingFang SC\",\"Noto Sans\",\"DejaVu Sans\";"
	"color:#0b0c0c;max-width:50rem;"
	"margin:0 auto;padding:1.5rem;line-height:1.4}"
	"h1{font-size:1.8rem;line-height:1.15;margin:0 0 .4rem;padding-top:.6rem;border-top:.4rem solid #12436d}"
	".event{font-weight:700;color:#505a5f;margin:0}"
	".prompt{font-size:1.1rem;color:#505a5f;margin:0 0 1.25rem}"
	"table{border-collapse:collapse;width:100%}thead{display:table-header-group}"
	".nw{white-space:nowrap;width:1%}"   /* as narrow as its text: the organisation has the rest */
	".hy{white-space:nowrap}.note{color:#505a5f;margin-top:1rem}"
	"tr{break-inside:avoid}"
	"th,td{padding:.4rem .75rem .4rem 0;border-bottom:1px solid #b1b4b6;text-align:left;vertical-align:top;"
	"overflow-wrap:anywhere}"   /* a long unbroken name wraps rather than pushing the columns off */
	"th{border-bottom:2px solid #0b0c0c;overflow-wrap:normal}"   /* "Table" over a column of numbers stays whole */
	"h2{font-size:1.2rem;margin:1rem 0 .3rem}.legend{width:auto;margin-bottom:1.25rem}"
	"td:first-child{font-weight:700}"
	"td:nth-child(4){font-weight:700;font-size:1.2em}"   /* the desk list's table: what people look for */
	"tr.letter th{font-size:1.3rem;padding-top:1rem;break-after:avoid}"
	".page{break-after:page}.page:last-child{break-after:auto}"
	"@page{size:A4;margin:15mm 15mm 18mm;"
	"@bottom-right{content:\"Page \" counter(page) \" of \" counter(pages);font:8pt Arial,sans-serif;color:#505a5f}}"
	"@media print{body{max-width:none;padding:0;font-size:11pt}th,td{padding-top:.25rem;padding-bottom:.25rem}}";

static void html_head(struct strbuf *out, const struct event *ev, const char *what)
{
	strbuf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
			 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>");
	html_escaped(out, ev->name);
	strbuf_printf(out, ": %s</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			   "<style>%s", what, page_style);
	/* The event's name in every printed page's footer, beside the page number. */
	strbuf_puts(out, "@page{@bottom-left{content:");
	css_string(out, ev->name);
	strbuf_puts(out, ";font:8pt Arial,sans-serif;color:#505a5f}}</style></head><body>\n");
}

/* A print-out's table head. */
static void html_table_head(struct strbuf *out, const char *const *headings, int n)
{
	strbuf_puts(out, "<table><thead><tr>");
	for (int k = 0; k < n; k++)
		strbuf_printf(out, "<th>%s</th>", headings[k]);
	strbuf_puts(out, "</tr></thead><tbody>\n");
}

/* Longer names may wrap: a line must never overflow the page. */
#define NAME_WHOLE 32

/* One row of a print-out's table: its cells, escaped; all but the
 * organisation (the second) kept on one line, a long name let wrap rather
 * than run off the page (a long table name is in the legend above). */
/* A cell's text, each word with a hyphen inside kept whole: a browser
 * breaks a narrow cell after a hyphen, "Moss Side Community Energy Co-" /
 * "operative" (cold organiser pass), where the words around are spaces
 * apart and wrap there. A word wider than a cell still wraps anywhere. */
static void html_cell_text(struct strbuf *out, const char *s)
{
	while (*s) {
		size_t gap = strspn(s, " "), word = strcspn(s + gap, " ");
		strbuf_add(out, s, gap);
		s += gap;
		char *w = strndup(s, word);
		const char *hyphen = w ? strchr(w, '-') : NULL;
		bool inside = hyphen && hyphen > w && hyphen[1] && text_width(w) <= 30;   /* longer may wrap anywhere */
		if (inside)
			strbuf_puts(out, "<span class=\"hy\">");
		html_escaped(out, w ? w : "");
		if (inside)
			strbuf_puts(out, "</span>");
		out->failed |= !w;
		free(w);
		s += word;
	}
}

static void html_row(struct strbuf *out, const char *const *cells, int n)
{
	strbuf_puts(out, "<tr>");
	for (int k = 0; k < n; k++) {
		bool whole = k == 0 ? text_width(cells[k]) <= NAME_WHOLE : k >= 2;
		strbuf_puts(out, whole ? "<td class=\"nw\">" : "<td>");
		html_cell_text(out, cells[k]);
		strbuf_puts(out, "</td>");
	}
	strbuf_puts(out, "</tr>\n");
}

static const char *table_theme_title(const struct event *ev, const struct plan *plan, size_t t)
{
	int th = plan ? plan->rounds[0].table_theme[t] : ev->tables[t].theme;
	return th >= 0 ? ev->themes[th].title : "";
}

static const char *table_prompt(const struct event *ev, const struct plan *plan, size_t t)
{
	int th = plan ? plan->rounds[0].table_theme[t] : ev->tables[t].theme;
	return th >= 0 && ev->themes[th].prompt ? ev->themes[th].prompt : "";
}

static int seat_of(const struct event *ev, const struct plan *plan, size_t i)
{
	(void)ev;
	return plan ? plan->rounds[0].seat[i] : ev->delegates[i].pinned_table;
}

/* Two people a reader of the print-out could not tell apart: the same
 * name, organisation and role, as they read (case and spacing aside). */
static int compare_as_shown(const void *pa, const void *pb, void *ctx)
{
	const struct event *ev = ctx;
	const struct delegate *a = &ev->delegates[*(const int *)pa], *b = &ev->delegates[*(const int *)pb];
	int c = loose_compare(a->name, b->name);
	if (!c)
		c = loose_compare(a->organisation, b->organisation);
	return c ? c : (a->role > b->role) - (a->role < b->role);
}

/* Per delegate: true when another present delegate reads the same on a
 * print-out, so the print-outs add the id. NULL when memory runs out. */
static bool *namesakes(const struct event *ev)
{
	size_t n = 0, count = ev->delegates_count;
	bool *twin = calloc(count ? count : 1, sizeof(bool));
	int *order = malloc((count ? count : 1) * sizeof(int));
	if (!twin || !order) {
		free(twin);
		free(order);
		return NULL;
	}
	for (size_t i = 0; i < count; i++)
		if (ev->delegates[i].present)
			order[n++] = (int)i;
	qsort_r(order, n, sizeof(int), compare_as_shown, (void *)ev);
	for (size_t k = 1; k < n; k++)
		if (!compare_as_shown(&order[k - 1], &order[k], (void *)ev))
			twin[order[k - 1]] = twin[order[k]] = true;
	free(order);
	return twin;
}

/* A delegate's name as a print-out shows it: with the id where a namesake
 * would read the same. */
static void shown_name(struct strbuf *name, const struct delegate *d, bool twin)
{
	strbuf_init(name);
	strbuf_puts(name, d->name);
	if (twin)
		strbuf_printf(name, " (%s)", d->id);
}

static void write_tables(const struct event *ev, const struct plan *plan, bool html, struct strbuf *out)
{
	int *seat = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(int)), *order = NULL;
	for (size_t i = 0; seat && i < ev->delegates_count; i++)
		seat[i] = ev->delegates[i].present ? seat_of(ev, plan, i) : -1;
	size_t *start = seat ? plan_group_by_table(seat, ev->delegates_count, ev->tables_count, &order) : NULL;
	free(seat);
	bool *twin = start ? namesakes(ev) : NULL;
	if (!start || !twin) {
		free(start);
		free(order);
		out->failed = true;
		return;
	}
	/* Name (up to 28 columns) and organisation (up to 34) as wide as their
	 * widest entry in the whole list, so every page lines up alike. */
	static const char *const headings[] = { "Name", "Organisation", "Role" };
	int cols[3], widest[3];
	for (int c = 0; c < 3; c++)
		widest[c] = text_width(headings[c]);
	static const int most[] = { 28, 34 };
	for (size_t i = 0; !html && i < ev->delegates_count; i++) {
		const struct delegate *d = &ev->delegates[i];
		if (!d->present)
			continue;
		struct strbuf name;
		shown_name(&name, d, twin[i]);
		const char *cells[] = { name.data ? name.data : d->name, d->organisation,
					d->role >= 0 ? ev->roles[d->role].label : "" };
		for (int c = 0; c < 3; c++) {
			int w = shown_width(cells[c]);
			widest[c] = w > widest[c] ? w : widest[c];
		}
		strbuf_free(&name);
	}
	fit_to_page(cols, most, widest, 3, 2);
	if (html)
		html_head(out, ev, "tables");
	for (size_t t = 0; t < ev->tables_count; t++) {
		if (html) {
			/* Each page says which event it is, as the text's does. */
			strbuf_puts(out, "<section class=\"page\"><p class=\"event\">");
			html_escaped(out, ev->name);
			strbuf_puts(out, "</p>\n<h1>Table ");
			html_escaped(out, ev->tables[t].id);
			strbuf_puts(out, ": ");
			html_escaped(out, table_theme_title(ev, plan, t));
			strbuf_puts(out, "</h1>\n");
			if (ev->tables[t].name) {   /* where the table is: "Room B, by the window" */
				strbuf_puts(out, "<p class=\"event\">Where: ");
				html_escaped(out, ev->tables[t].name);
				strbuf_puts(out, "</p>\n");
			}
			strbuf_puts(out, "<p class=\"prompt\">");
			html_escaped(out, table_prompt(ev, plan, t));
			strbuf_puts(out, "</p>\n");
			html_table_head(out, headings, 3);
		} else {
			strbuf_puts(out, t ? "\f" : "");
			/* Each page says which event it is, as the HTML's footer does. */
			text_paragraph(out, ev->name);
			text_paragraph_f(out, "Table %s: %s", ev->tables[t].id, table_theme_title(ev, plan, t));
			if (ev->tables[t].name)
				text_paragraph_f(out, "Where: %s", ev->tables[t].name);
			if (table_prompt(ev, plan, t)[0])
				text_paragraph(out, table_prompt(ev, plan, t));
			strbuf_puts(out, "\n");
			text_headings(out, "  ", headings, cols, widest[2], 3);
		}
		for (size_t k = start[t]; k < start[t + 1]; k++) {
			const struct delegate *d = &ev->delegates[order[k]];
			const char *role = d->role >= 0 ? ev->roles[d->role].label : "";
			struct strbuf name;
			shown_name(&name, d, twin[order[k]]);
			out->failed |= name.failed;
			const char *cells[] = { name.data ? name.data : d->name, d->organisation, role };
			if (html) {
				html_row(out, cells, 3);
			} else {
				text_row(out, "  ", cells, cols, 3, 3);
			}
			strbuf_free(&name);
		}
		strbuf_puts(out, html ? "</tbody></table></section>\n" : "");
	}
	if (html)
		strbuf_puts(out, "</body></html>\n");
	free(twin);
	free(start);
	free(order);
}

/* Those present, A to Z by family name, as registration desks sort. */
static int *alphabetical(const struct event *ev, size_t *n)
{
	bool *keep = malloc((ev->delegates_count ? ev->delegates_count : 1) * sizeof(bool));
	if (!keep)
		return NULL;
	for (size_t i = 0; i < ev->delegates_count; i++)
		keep[i] = ev->delegates[i].present;
	int *order = delegates_by_family_name(ev, keep, n);
	free(keep);
	return order;
}

/* The letter a name is filed under (filing_initial), as UTF-8. */
static void filing_letter(const char *name, char *buf, size_t size)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	char mb[MB_LEN_MAX];
	size_t n = wcrtomb(mb, filing_initial(name), &st);
	snprintf(buf, size, "%.*s", n == (size_t)-1 ? 1 : (int)n, n == (size_t)-1 ? "#" : mb);
}

/* Where the desk sends someone: the table's number, with its name where it
 * has one and with_name, "3 (Room B, by the window)"; "desk" where nobody
 * knows yet. */
static void desk_table(const struct event *ev, int t, bool with_name, struct strbuf *table)
{
	strbuf_init(table);
	if (t < 0)
		strbuf_puts(table, "desk");
	else if (ev->tables[t].name && with_name)
		strbuf_printf(table, "%s (%s)", ev->tables[t].id, ev->tables[t].name);
	else
		strbuf_puts(table, ev->tables[t].id);
}

/* Where the named tables are, for a desk list whose table column has
 * numbers only: each named table someone on the list is sent to, once. */
static void write_table_legend(const struct event *ev, const struct plan *plan, const int *order, size_t n, bool html,
			       struct strbuf *out)
{
	bool *listed = calloc(ev->tables_count ? ev->tables_count : 1, sizeof(bool));
	if (!listed) {
		out->failed = true;
		return;
	}
	int id_cols[2] = { 0, 0 };
	for (size_t k = 0; k < n; k++) {
		int t = seat_of(ev, plan, (size_t)order[k]);
		if (t >= 0 && ev->tables[t].name) {
			listed[t] = true;
			int w = shown_width(ev->tables[t].id);
			id_cols[0] = w > id_cols[0] ? w : id_cols[0];
		}
	}
	if (html) {
		strbuf_puts(out, "<h2>Where the tables are</h2>\n<table class=\"legend\"><tbody>\n");
		for (size_t t = 0; t < ev->tables_count; t++) {
			if (!listed[t])
				continue;
			strbuf_puts(out, "<tr><td class=\"nw\">");
			html_escaped(out, ev->tables[t].id);
			strbuf_puts(out, "</td><td>");
			html_escaped(out, ev->tables[t].name);
			strbuf_puts(out, "</td></tr>\n");
		}
		strbuf_puts(out, "</tbody></table>\n");
		free(listed);
		return;
	}
	strbuf_puts(out, "Where the tables are:\n");
	if (id_cols[0] > PAGE_COLUMNS / 2)
		id_cols[0] = PAGE_COLUMNS / 2;
	id_cols[1] = PAGE_COLUMNS - 2 - id_cols[0] - 2;
	for (size_t t = 0; t < ev->tables_count; t++) {
		if (!listed[t])
			continue;
		const char *cells[] = { ev->tables[t].id, ev->tables[t].name };
		text_row(out, "  ", cells, id_cols, 2, 2);
	}
	strbuf_puts(out, "\n");
	free(listed);
}

/* The desk's list: name, organisation, role, table. Two people of the same
 * name, organisation and role show their ids, so the desk can tell them
 * apart; the HTML has a heading per letter of the family name. */
static void write_desk(const struct event *ev, const struct plan *plan, bool html, struct strbuf *out)
{
	size_t n;
	int *order = alphabetical(ev, &n);
	bool *twin = namesakes(ev);
	if (!order || !twin) {
		free(order);
		free(twin);
		out->failed = true;
		return;
	}
	size_t start = out->len;   /* the text's first page begins here */
	if (html) {
		html_head(out, ev, "find your table");
		strbuf_puts(out, "<p class=\"event\">");
		html_escaped(out, ev->name);
		strbuf_puts(out, "</p>\n<h1>Find your table</h1>\n");
	} else {
		text_paragraph_f(out, "%s: find your table", ev->name);   /* wrapped, and cleaned as every cell is */
		strbuf_puts(out, "\n");
	}
	/* 80 columns: name (up to 22), organisation (up to 30), role (up to
	 * 17), each no wider than its widest entry, then the table, as wide
	 * as its widest label. Where a table's name does not fit beside its
	 * number the column has numbers only and the names are listed above,
	 * once, rather than squeezing everyone's organisation to make room. */
	static const char *const headings[] = { "Name", "Organisation", "Role", "Table" };
	static const int most[] = { 22, 30, 17 };
	int cols[4], widest[4], widest_named = 0, used = 0;
	for (int c = 0; c < 4; c++)
		widest[c] = text_width(headings[c]);
	for (size_t k = 0; k < n; k++) {
		const struct delegate *d = &ev->delegates[order[k]];
		struct strbuf table, number, name;
		int t = seat_of(ev, plan, (size_t)order[k]);
		desk_table(ev, t, true, &table);
		desk_table(ev, t, false, &number);
		shown_name(&name, d, twin[order[k]]);
		const char *cells[] = { name.data ? name.data : d->name, d->organisation,
					d->role >= 0 ? ev->roles[d->role].label : "", number.data ? number.data : "" };
		for (int c = 0; c < 4; c++) {
			int w = shown_width(cells[c]);
			widest[c] = w > widest[c] ? w : widest[c];
		}
		int w = shown_width(table.data ? table.data : "");
		widest_named = w > widest_named ? w : widest_named;
		strbuf_free(&table);
		strbuf_free(&number);
		strbuf_free(&name);
	}
	for (int c = 0; c < 3; c++)
		used += (widest[c] < most[c] ? widest[c] : most[c]) + 2;
	/* In HTML a table's name stays beside its number up to a name's
	 * width on one line; longer, it would squeeze the organisations. */
	bool legend = html ? widest_named > NAME_WHOLE : used + widest_named > PAGE_COLUMNS;
	if (!legend && widest_named > widest[3])
		widest[3] = widest_named;
	fit_to_page(cols, most, widest, 4, 0);
	if (legend)
		write_table_legend(ev, plan, order, n, html, out);
	if (html)
		html_table_head(out, headings, 4);
	else
		text_headings(out, "", headings, cols, widest[3], 4);
	int page_lines = html ? 0 : lines_in(out->data + start, out->len - start);
	char letter[8] = "";
	size_t unseated = 0;
	for (size_t k = 0; k < n; k++) {
		const struct delegate *d = &ev->delegates[order[k]];
		int t = seat_of(ev, plan, (size_t)order[k]);
		unseated += t < 0;
		struct strbuf table;
		desk_table(ev, t, !legend, &table);
		out->failed |= table.failed;
		const char *role = d->role >= 0 ? ev->roles[d->role].label : "";
		struct strbuf name;
		shown_name(&name, d, twin[order[k]]);
		out->failed |= name.failed;
		const char *cells[] = { name.data ? name.data : d->name, d->organisation, role, table.data ? table.data : "" };
		if (html) {
			char now[8];
			filing_letter(d->name, now, sizeof(now));
			if (strcmp(now, letter)) {
				snprintf(letter, sizeof(letter), "%s", now);
				strbuf_puts(out, "<tr class=\"letter\"><th colspan=\"4\">");
				html_escaped(out, letter);
				strbuf_puts(out, "</th></tr>\n");
			}
			html_row(out, cells, 4);
		} else {
			/* A page of PAGE_LINES at most, no row split, the headings
			 * again on every page, as the HTML's header row. */
			struct strbuf row;
			strbuf_init(&row);
			text_row(&row, "", cells, cols, 4, 4);
			out->failed |= row.failed;
			int rows = lines_in(row.data, row.len);
			if (page_lines + rows > PAGE_LINES && page_lines > 0) {
				size_t at = out->len;
				strbuf_printf(out, "\f");
				text_headings(out, "", headings, cols, widest[3], 4);
				page_lines = lines_in(out->data + at, out->len - at);
			}
			strbuf_add(out, row.data ? row.data : "", row.len);
			page_lines += rows;
			strbuf_free(&row);
		}
		strbuf_free(&name);
		strbuf_free(&table);
	}
	if (html)
		strbuf_puts(out, "</tbody></table>\n");
	/* "desk" alone was never explained (cold organiser pass): someone
	 * signed up after the plan was made has no table yet. */
	if (unseated) {
		char note[256];
		snprintf(note, sizeof(note),
			 "desk: %s no table yet (signed up after the seating plan was made): checking in at the "
			 "desk seats %s at a table with room (or, before the day begins, run alchemy allocate again and print again).",
			 unseated == 1 ? "this person has" : "these people have", unseated == 1 ? "them" : "each");
		if (html) {
			strbuf_puts(out, "<p class=\"note\">");
			html_escaped(out, note);
			strbuf_puts(out, "</p>\n");
		} else {
			strbuf_puts(out, "\n");
			text_paragraph_f(out, "%s", note);
		}
	}
	strbuf_puts(out, html ? "</body></html>\n" : "");
	free(order);
	free(twin);
}

static void write_badges(const struct event *ev, const struct plan *plan, struct strbuf *out)
{
	size_t n;
	int *order = alphabetical(ev, &n);
	if (!order) {
		out->failed = true;
		return;
	}
	/* where (the table's name, "Room B") last: a mail merge made for the
	 * first five columns still finds them where they were. */
	strbuf_puts(out, "\xEF\xBB\xBFname,organisation,role,table,theme,where\r\n");
	for (size_t k = 0; k < n; k++) {
		const struct delegate *d = &ev->delegates[order[k]];
		int t = seat_of(ev, plan, (size_t)order[k]);
		csv_cell(out, d->name, false);
		csv_cell(out, d->organisation, false);
		csv_cell(out, d->role >= 0 ? ev->roles[d->role].label : "", false);
		csv_cell(out, t >= 0 ? ev->tables[t].id : "", false);
		csv_cell(out, t >= 0 ? table_theme_title(ev, plan, (size_t)t) : "", false);
		csv_cell(out, t >= 0 && ev->tables[t].name ? ev->tables[t].name : "", true);
	}
	free(order);
}

void printout_write(const struct event *ev, const struct plan *plan, size_t round, enum printout what, bool html,
		    struct strbuf *out)
{
	/* A plan of rounds: the round asked for, as if it were the only one,
	 * and every page's event line says which ("Imagine 2024, round 2 of
	 * 3"), so the desk's pile of round 2 is not taken for round 1's. */
	struct event shown;
	struct plan one;
	char label[1200];
	if (plan && plan->rounds_count > 1 && round < plan->rounds_count) {
		shown = *ev;
		snprintf(label, sizeof(label), "%s, round %zu of %zu", ev->name ? ev->name : "", round + 1,
			 plan->rounds_count);
		shown.name = label;
		one = (struct plan){ 1, &plan->rounds[round], plan->tables_count, plan->delegates_count };
		ev = &shown;
		plan = &one;
	}
	switch (what) {
	case PRINT_TABLES:
		write_tables(ev, plan, html, out);
		break;
	case PRINT_DESK:
		write_desk(ev, plan, html, out);
		break;
	case PRINT_BADGES:
		write_badges(ev, plan, out);
		break;
	}
}
