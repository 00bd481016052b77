#!/usr/bin/env python3
"""Checks the sample report as Chromium printed it (A4 portrait PDF), against
the HTML it came from. Prints one line per finding; exits 1 if any.

    pdf_check.py REPORT.html PAGES.txt BBOX.html WHAT

PAGES.txt is `pdftotext -raw` output (pages separated by form feeds),
BBOX.html `pdftotext -bbox` output (every word with its box on its page).
WHAT names the check: columns, titles, pages, width, plurals, footer, front, breaks, quiet,
printout.
"""
import html
import re
import sys
from html.parser import HTMLParser


def norm(s):
    return " ".join(s.split())


class Tables(HTMLParser):
    """Every table's header cells, every chart row's label, every h2."""

    def __init__(self):
        super().__init__()
        self.tables, self.h2, self.labels = [], [], []
        self.cell = self.where = None

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class", "")
        if tag == "table":
            self.tables.append([[]])
        elif tag in ("th", "td") and self.tables and len(self.tables[-1]) <= 2:
            self.cell, self.where = "", tag
        elif tag == "h2":
            self.cell, self.where = "", "h2"
        elif tag == "div" and cls == "label":
            self.cell, self.where = "", "label"

    def handle_endtag(self, tag):
        if tag == "tr" and self.tables and self.tables[-1][-1]:
            self.tables[-1].append([])   # rows: the header, then the first body row
        if self.cell is None:
            return
        if (tag, self.where) in (("th", "th"), ("td", "td"), ("h2", "h2"), ("div", "label")):
            text = norm(self.cell)
            if self.where in ("th", "td"):
                self.tables[-1][-1].append(text)
            else:
                (self.h2 if self.where == "h2" else self.labels).append(text)
            self.cell = self.where = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def main():
    report, pages_txt, bbox, what = sys.argv[1:5]
    doc = Tables()
    doc.feed(open(report, encoding="utf-8").read())
    raw_pages = open(pages_txt, encoding="utf-8").read().split("\f")
    # The footer (the event's name, "Page N of M") is printed in the page
    # margin; Chromium writes it before the page's content.
    title = norm(html.unescape(re.search(r"<title>(.*?)</title>", open(report, encoding="utf-8").read()).group(1)))
    footers, pages = [], []
    for p in raw_pages:
        lines = p.split("\n")
        foot = [l for l in lines[:3] if re.fullmatch(r"Page \d+ of \d+", l.strip()) or norm(l) == title]
        footers.append(foot)
        pages.append("\n".join(lines[len(foot):] if len(foot) == 2 else lines))
    text = norm(" ".join(pages))
    problems = []
    if what == "columns":
        # Every column of every table: the header row and the first row,
        # cell after cell, in the printed text (a cut column breaks the run;
        # whitespace is ignored, since cells wrap).
        squeezed = "".join(text.split())
        if not doc.tables:
            problems.append("no table in the report")
        for k, rows in enumerate(doc.tables, 1):
            for row in rows[:2]:
                run = "".join("".join(cell.split()) for cell in row)
                if run not in squeezed:
                    problems.append("table %d: the row %s is not whole in the PDF" % (k, " | ".join(row)))
    elif what == "titles":
        # Chart labels whole: every challenge's full title beside its bar.
        if not doc.labels:
            problems.append("no chart labels")
        for label in doc.labels:
            if "\u2026" in label or label not in text:
                problems.append("chart label cut or missing: '%s'" % label)
    elif what == "pages":
        # Each challenge starts a page: its title opens some page's text.
        firsts = [norm(p)[:200] for p in pages if norm(p)]
        challenges = [h for h in doc.h2 if h not in ("Summary", "The challenges in figures",
                      "Themes across challenges", "Participating organisations", "Who was in the room",
                      "Ideas from tables without a challenge", "Challenges with nothing recorded")]
        if not challenges:
            problems.append("no challenge sections")
        for h in challenges:
            if not any(f.startswith(h) for f in firsts):
                problems.append("challenge '%s' does not start a page" % h)
        if not firsts or not firsts[0].startswith("Event report"):
            problems.append("page 1 does not open with the title block: %r" % (firsts[:1],))
    elif what == "width":
        # Nothing printed past the right margin (A4 is 595 pt wide, the
        # report's margin 15 mm, 42.5 pt; 2 pt for a glyph's overhang): a
        # chart label cut at the edge ends there too.
        page_w = None
        for m in re.finditer(r'<page width="([\d.]+)"|<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', open(bbox, encoding="utf-8").read()):
            if m.group(1):
                page_w = float(m.group(1))
                if abs(page_w - 595.3) > 2:
                    problems.append("page width %.1f pt is not A4 portrait" % page_w)
            elif page_w and float(m.group(2)) > page_w - 42.5 + 2:
                problems.append("'%s' ends at %.1f pt, past the margin of a %.1f pt page" % (html.unescape(m.group(3)), float(m.group(2)), page_w))
    elif what == "footer":
        # Every printed page: the event's name and "Page N of M".
        printed = [f for f, p in zip(footers, raw_pages) if p.strip()]
        for n, foot in enumerate(printed, 1):
            if "Page %d of %d" % (n, len(printed)) not in [l.strip() for l in foot] or title not in [norm(l) for l in foot]:
                problems.append("page %d: no footer with '%s' and 'Page %d of %d' (found %r)" % (n, title, n, len(printed), foot))
    elif what == "front":
        # The front matter (title, summary, the two figures with their
        # tables) takes at most three pages: the first challenge starts on
        # page 4 at the latest, and no page before it is near-empty.
        challenges = [h for h in doc.h2 if h not in ("Summary", "The challenges in figures")]
        firsts = [norm(p)[:200] for p in pages]
        start = next((k for k, f in enumerate(firsts) if challenges and f.startswith(challenges[0])), None)
        if start is None or start > 3:
            problems.append("the first challenge starts on page %s, not by page 4" % (start + 1 if start is not None else "?"))
        for k in range(start or 0):
            if len(norm(pages[k])) < 600:
                problems.append("page %d before the first challenge is near-empty (%d characters)" % (k + 1, len(norm(pages[k]))))
    elif what == "breaks":
        # No short hyphenated word broken at its hyphen (Co- / operative,
        # #co- / production), no vote count split from its "votes".
        source = html.unescape(open(report, encoding="utf-8").read())
        for p in pages:
            for m in re.finditer(r"([#\w]+)-\n(\w+)", p):
                word = m.group(1) + "-" + m.group(2)
                if len(word) <= 32 and word in source:
                    problems.append("'%s' is broken at its hyphen" % word)
            for m in re.finditer(r"\((\d+)\n(votes?)\)", p):
                problems.append("'(%s %s)' is split across lines" % (m.group(1), m.group(2)))
    elif what == "quiet":
        # Challenges that recorded nothing are listed together, not given a
        # nearly blank page each: no page but the last is near-empty.
        printed = [p for p in pages if norm(p)]
        for k, p in enumerate(printed[:-1]):
            if len(norm(p)) < 400:
                problems.append("page %d is near-empty (%d characters): %r" % (k + 1, len(norm(p)), norm(p)[:80]))
        if "Challenges with nothing recorded" not in doc.h2:
            problems.append("no list of the challenges with nothing recorded")
    elif what == "printout":
        # A print-out (REPORT.html is its HTML): every page has the footer
        # (the event's name, "Page N of M"), and no name or role is wrapped
        # (each is whole on a line of the printed text as often as the HTML
        # has it; an organisation may wrap).
        src = open(report, encoding="utf-8").read()
        event = title.rsplit(": ", 1)[0]   # the title is "EVENT: tables" or "EVENT: find your table"
        printed = [p for p in raw_pages if p.strip()]
        for n, p in enumerate(printed, 1):
            lines = [norm(l) for l in p.split("\n")]
            if "Page %d of %d" % (n, len(printed)) not in lines or event not in lines:
                problems.append("page %d: no footer with '%s' and 'Page %d of %d'" % (n, event, n, len(printed)))
        whole = "\n".join(norm(l) for l in "".join(raw_pages).split("\n"))
        cells = {}
        for name, org, role in re.findall(r"<tr><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td>", src):
            # a name and a role whole; of an organisation, each word with
            # a hyphen inside ("Co-operative" broke after "Co-")
            texts = [name, role] + re.findall(r'<span class="hy">(.*?)</span>', org)
            for cell in texts:
                cell = norm(html.unescape(re.sub(r"<[^>]+>", "", cell)))
                cells[cell] = cells.get(cell, 0) + 1
        if not cells:
            problems.append("no rows in the print-out")
        # The column headings on one line, each whole: a narrow column
        # (the desk's table numbers) once broke "Table" into "Ta", "bl", "e".
        for head in set(re.findall(r"<thead><tr>(.*?)</tr></thead>", src)):
            words = " ".join(norm(html.unescape(h)) for h in re.findall(r"<th[^>]*>(.*?)</th>", head))
            if words not in whole.split("\n"):
                problems.append("the column headings '%s' are not whole on one line" % words)
        # Without a CJK font (fc-list) such a name prints as boxes that
        # pdftotext cannot read back: said, not checked.
        import subprocess
        try:
            cjk = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip()
        except OSError:
            cjk = ""
        for cell, n in sorted(cells.items()):
            if not cjk and re.search("[\u2e80-\u9fff\uac00-\ud7af]", cell):
                print("not checked, no CJK font installed: '%s'" % cell)
                continue
            if whole.count(cell) < n:
                problems.append("'%s' is wrapped (whole %d times, %d in the HTML)" % (cell, whole.count(cell), n))
    elif what == "plurals":
        for m in re.finditer(r"\b1 (ideas|key points|actions|delegates|votes|organisations|tables|challenges)\b", text):
            problems.append("wrong plural: '%s'" % m.group(0))
    sys.stdout.write("".join(p + "\n" for p in problems[:20]))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
