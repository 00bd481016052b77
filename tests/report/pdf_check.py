#!/usr/bin/env python3
"""Checks the sample report as Chromium printed it (A4 portrait PDF), against
the HTML it came from. Prints one line per finding; exits 1 if any.

    pdf_check.py REPORT.html PAGES.txt BBOX.html WHAT

PAGES.txt is `pdftotext -raw` output (pages separated by form feeds),
BBOX.html `pdftotext -bbox` output (every word with its box on its page).
WHAT names the check: columns, titles, pages, width, plurals.
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
    pages = open(pages_txt, encoding="utf-8").read().split("\f")
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
                      "Ideas from tables without a challenge")]
        if not challenges:
            problems.append("no challenge sections")
        for h in challenges:
            if not any(f.startswith(h) for f in firsts):
                problems.append("challenge '%s' does not start a page" % h)
        if not firsts or not firsts[0].startswith("Event report"):
            problems.append("page 1 does not open with the title block: %r" % (firsts[:1],))
    elif what == "width":
        # Nothing printed beyond the page's right edge (A4 is 595 pt wide).
        page_w = None
        for m in re.finditer(r'<page width="([\d.]+)"|<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', open(bbox, encoding="utf-8").read()):
            if m.group(1):
                page_w = float(m.group(1))
                if abs(page_w - 595.3) > 2:
                    problems.append("page width %.1f pt is not A4 portrait" % page_w)
            elif page_w and float(m.group(2)) > page_w - 20:
                problems.append("'%s' ends at %.1f pt, past the margin of a %.1f pt page" % (html.unescape(m.group(3)), float(m.group(2)), page_w))
    elif what == "plurals":
        for m in re.finditer(r"\b1 (ideas|key points|actions|delegates|votes|organisations|tables|challenges)\b", text):
            problems.append("wrong plural: '%s'" % m.group(0))
    sys.stdout.write("".join(p + "\n" for p in problems[:20]))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
