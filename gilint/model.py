"""The report model: what the readers build from a draft and what the checks look at.

Every piece keeps its source range (``start``/``end``: code-point offsets into the analysed
text), so a finding can point at the exact cell, label or heading it is about.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from gilint.templates import norm


@dataclass
class Span:
    text: str
    start: int
    end: int

    @property
    def norm(self) -> str:
        return norm(self.text)


class Cell(Span):
    """One table cell as written (a wrapped label keeps its line breaks in ``text``)."""


@dataclass
class TableRow:
    label: Cell | None            # the row label as read (merged label cells joined)
    values: list[Cell]            # data cells, in column order
    start: int
    end: int
    key: str | None = None        # template row key (section 三) or row label (section 二)
    group: Cell | None = None     # a merged group header written in the same row, if any


@dataclass
class SubTable:
    """Section 二: one 第二十条 sub-table."""
    item: Cell                    # 第二十条第（一）项
    header: list[Cell]            # 信息内容 and the column labels
    rows: list[TableRow]
    start: int
    end: int


@dataclass
class Table:
    kind: str                     # "section2" | "section3" | "section4"
    layout: str                   # "cells" | "tabs" | "pipes" | "columns"
    start: int
    end: int
    rows: list[TableRow] = field(default_factory=list)
    header: list[Cell] = field(default_factory=list)   # column labels as read
    subtables: list[SubTable] = field(default_factory=list)
    # Why the table could not be read faithfully (GI001). Non-empty means: do not check
    # its arithmetic or its row structure.
    problems: list[str] = field(default_factory=list)
    # Headings or captions of the table but not one cell of data in the text (the page showed
    # the table as an image, or attached it): nothing to read, nothing to check (GI105 says so).
    textless: bool = False

    @property
    def readable(self) -> bool:
        return not self.problems and not self.textless

    def row(self, key: str) -> TableRow | None:
        return next((r for r in self.rows if r.key == key), None)


@dataclass
class Heading(Span):
    number: int | None = None     # the numeral's value (一 → 1, 3、 → 3)
    style: str = ""               # "cn" 一、 | "arabic" 1、 | "paren-cn" （一） | "paren-arabic" （1）
    marker: str = ""              # the numbering as written, e.g. "1、"
    marker_end: int = 0           # offset where the numbering ends
    md_level: int = 0             # number of leading '#' in Markdown, 0 otherwise


@dataclass
class Section:
    number: int | None            # template section 1..6 it was matched to; None if unmatched
    heading: Heading
    start: int                    # heading start
    body_start: int
    end: int
    tables: list[Table] = field(default_factory=list)
    subheadings: list[Heading] = field(default_factory=list)   # （一）、1. … inside the body
    paragraphs: list[Span] = field(default_factory=list)       # body text lines outside tables


@dataclass
class Report:
    text: str
    title: Span | None = None
    preamble: list[Span] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[Span] = field(default_factory=list)   # signature lines after section 六
    # Page furniture (site navigation before the title, the page footer after 六): no finding
    # is reported inside it.
    furniture: list[Span] = field(default_factory=list)
    year: int | None = None         # report year (config, else title)
    body: str | None = None         # issuing body's name
    level: str | None = None        # body level (config, else inferred from the name)
    markdown: bool = False
    # The text's lines as (start offsets, texts): gilint.read.lines.line_texts(text).
    lines: tuple = field(default=((), ()), repr=False, compare=False)
    # Each section's text as the reader's cache keys it (None in a one-shot lint), so that the
    # engine's caches key on the very same string.
    section_texts: list = field(default_factory=list, repr=False, compare=False)
    # The section headings found, however well they matched (GI103 reports the inexact ones),
    # and the template the tables follow (decided by section 二's wording; GI201).
    section_matches: list = field(default_factory=list, repr=False, compare=False)
    table_template: object = field(default=None, repr=False, compare=False)

    def section(self, number: int) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)

    def tables(self, kind: str):
        for s in self.sections:
            for t in s.tables:
                if t.kind == kind:
                    yield t
