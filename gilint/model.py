"""The report model: what the readers build from a draft and what the checks look at.

Every piece keeps its source range (``start``/``end``: code-point offsets into the analysed
text), so a finding can point at the exact cell, label or heading it is about.
"""
from __future__ import annotations

from gilint.record import Record
from gilint.templates import norm

# Plain records (gilint.record), not dataclasses: the reader makes thousands of them per report
# and a one-file check must not pay for dataclasses' import. Each class lists its FIELDS (the
# reader's _shifted copies a section by them); ATOMIC: every field but the offsets holds a plain
# value (str, int, None), so a copy moves the offsets and nothing else. The ATOMIC classes, the
# commonest objects of a report (a table's cells), keep their fields in ``__slots__``: one
# allocation per object (not an object, its values and, once ``__dict__`` is read, a dict), and
# nothing else is ever stored on them.


class Span(Record):
    FIELDS = {"text": ..., "start": ..., "end": ...}
    ATOMIC = True
    __slots__ = ("text", "start", "end")

    def __init__(self, text: str, start: int, end: int):
        self.text = text
        self.start = start
        self.end = end

    @property
    def norm(self) -> str:
        return norm(self.text)


class Cell(Span):
    """One table cell as written (a wrapped label keeps its line breaks in ``text``)."""
    # Not fields (neither compared nor shown), set by the table reader (gilint.read.tables,
    # gilint.read.cells): line, the Line a cell of space-aligned text was read from (cell_x);
    # fragments, how many label fragments a joined label was made of; uncertain, whether their
    # order is (the rules read both).
    __slots__ = ("line", "fragments", "uncertain")

    def __init__(self, text: str, start: int, end: int):
        self.text = text
        self.start = start
        self.end = end
        self.line = None
        self.fragments = 1
        self.uncertain = False


class TableRow(Record):
    FIELDS = {"label": ..., "values": ..., "start": ..., "end": ..., "key": None, "group": None}
    ATOMIC = False
    # (a table has dozens: slots, as the leaf records'; numbers, ints: not fields, the rules'
    # reading of its values, gilint.checks.cells.row_numbers and all_ints)
    __slots__ = ("label", "values", "start", "end", "key", "group", "numbers", "ints")

    def __init__(self, label: Cell | None, values: list[Cell], start: int, end: int,
                 key: str | None = None, group: Cell | None = None):
        self.label = label            # the row label as read (merged label cells joined)
        self.values = values          # data cells, in column order
        self.start = start
        self.end = end
        self.key = key                # template row key (section 三) or row label (section 二)
        self.group = group            # a merged group header written in the same row, if any
        self.numbers = None
        self.ints = None


class SubTable(Record):
    """Section 二: one 第二十条 sub-table."""
    FIELDS = {"item": ..., "header": ..., "rows": ..., "start": ..., "end": ...}
    ATOMIC = False

    def __init__(self, item: Cell, header: list[Cell], rows: list[TableRow], start: int, end: int):
        self.item = item              # 第二十条第（一）项
        self.header = header          # 信息内容 and the column labels
        self.rows = rows
        self.start = start
        self.end = end


class Table(Record):
    FIELDS = {"kind": ..., "layout": ..., "start": ..., "end": ..., "rows": None, "header": None,
              "subtables": None, "problems": None, "textless": False}
    ATOMIC = False

    def __init__(self, kind: str, layout: str, start: int, end: int, rows: list[TableRow] | None = None,
                 header: list[Cell] | None = None, subtables: list[SubTable] | None = None,
                 problems: list[str] | None = None, textless: bool = False):
        self.kind = kind              # "section2" | "section3" | "section4"
        self.layout = layout          # "cells" | "tabs" | "pipes" | "columns"
        self.start = start
        self.end = end
        self.rows = [] if rows is None else rows
        self.header = [] if header is None else header          # column labels as read
        self.subtables = [] if subtables is None else subtables
        # Why the table could not be read faithfully (GI001). Non-empty means: do not check
        # its arithmetic or its row structure.
        self.problems = [] if problems is None else problems
        # Headings or captions of the table but not one cell of data in the text (the page showed
        # the table as an image, or attached it): nothing to read, nothing to check (GI105 says so).
        self.textless = textless

    @property
    def readable(self) -> bool:
        return not self.problems and not self.textless

    def row(self, key: str) -> TableRow | None:
        for r in self.rows:   # (a loop, not next() of a generator: rules ask for rows by the dozen)
            if r.key == key:
                return r
        return None


class Heading(Span):
    FIELDS = {"text": ..., "start": ..., "end": ..., "number": None, "style": "", "marker": "",
              "marker_end": 0, "md_level": 0}
    ATOMIC = True
    __slots__ = ("number", "style", "marker", "marker_end", "md_level")

    def __init__(self, text: str, start: int, end: int, number: int | None = None, style: str = "",
                 marker: str = "", marker_end: int = 0, md_level: int = 0):
        self.text = text
        self.start = start
        self.end = end
        self.number = number          # the numeral's value (一 → 1, 3、 → 3)
        self.style = style            # "cn" 一、 | "arabic" 1、 | "paren-cn" （一） | "paren-arabic" （1）
        self.marker = marker          # the numbering as written, e.g. "1、"
        self.marker_end = marker_end  # offset where the numbering ends
        self.md_level = md_level      # number of leading '#' in Markdown, 0 otherwise


class Section(Record):
    FIELDS = {"number": ..., "heading": ..., "start": ..., "body_start": ..., "end": ...,
              "tables": None, "subheadings": None, "paragraphs": None}
    ATOMIC = False

    def __init__(self, number: int | None, heading: Heading, start: int, body_start: int, end: int,
                 tables: list[Table] | None = None, subheadings: list[Heading] | None = None,
                 paragraphs: list[Span] | None = None):
        self.number = number          # template section 1..6 it was matched to; None if unmatched
        self.heading = heading
        self.start = start            # heading start
        self.body_start = body_start
        self.end = end
        self.tables = [] if tables is None else tables
        self.subheadings = [] if subheadings is None else subheadings   # （一）、1. … inside the body
        self.paragraphs = [] if paragraphs is None else paragraphs      # body text lines outside tables


class Report(Record):
    FIELDS = {"text": ..., "title": None, "preamble": None, "sections": None, "closing": None,
              "furniture": None, "year": None, "body": None, "level": None, "markdown": False,
              "lines": ((), ()), "section_texts": None, "section_matches": None, "table_template": None}
    HIDDEN = ("lines", "section_texts", "section_matches", "table_template")
    ATOMIC = False

    def __init__(self, text: str, title: Span | None = None, preamble: list[Span] | None = None,
                 sections: list[Section] | None = None, closing: list[Span] | None = None,
                 furniture: list[Span] | None = None, year: int | None = None, body: str | None = None,
                 level: str | None = None, markdown: bool = False, lines: tuple = ((), ()),
                 section_texts: list | None = None, section_matches: list | None = None,
                 table_template: object = None):
        self.text = text
        self.title = title
        self.preamble = [] if preamble is None else preamble
        self.sections = [] if sections is None else sections
        self.closing = [] if closing is None else closing       # signature lines after section 六
        # Page furniture (site navigation before the title, the page footer after 六): no finding
        # is reported inside it.
        self.furniture = [] if furniture is None else furniture
        self.year = year                # report year (config, else title)
        self.body = body                # issuing body's name
        self.level = level              # body level (config, else inferred from the name)
        self.markdown = markdown
        # The text's lines as (start offsets, texts): gilint.read.lines.line_texts(text).
        self.lines = lines
        # Each section's text as the reader's cache keys it (None in a one-shot lint), so that the
        # engine's caches key on the very same string.
        self.section_texts = [] if section_texts is None else section_texts
        # The section headings found, however well they matched (GI103 reports the inexact ones),
        # and the template the tables follow (decided by section 二's wording; GI201).
        self.section_matches = [] if section_matches is None else section_matches
        self.table_template = table_template

    def section(self, number: int) -> Section | None:
        for s in self.sections:   # (as Table.row)
            if s.number == number:
                return s
        return None

    def tables(self, kind: str):
        for s in self.sections:
            for t in s.tables:
                if t.kind == kind:
                    yield t
