"""The layouts reports come in (issue 12), each written from the same blocks:

word        Word export, one cell per line (``\\t<cell>``, a blank line between rows), labels
            wrapped anywhere, vertically merged group labels one character per line
tabs        one table row per line, cells separated by tabs
pipes       Markdown pipe tables on the full grid (merged cells as empty cells), ## headings
pipe_cells  one cell per line between pipes (``|规章|``, ``|0|``), no row separators
spaced      space-aligned columns on the full grid
pdftotext   ``pdftotext -layout``: space-aligned, long labels wrapped under themselves,
            paragraphs wrapped, page numbers (``- 2 -``) and form feeds
html        a published page with rowspan/colspan and blank cells, read by gilint's HTML reader
crawl       the whole page crawled into one line, cells separated by single spaces
crawl_nosep the whole page in one line with nothing between cells, paragraphs or headings

``render(layout, blocks, rnd)`` → Rendered: the text and, for every piece of it, the location
key of the line or cell it came from.
"""
from __future__ import annotations

import html as htmlmod
import random
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from layouts.blocks import Grid, Line

LAYOUTS = ("word", "tabs", "pipes", "pipe_cells", "spaced", "pdftotext", "html", "crawl", "crawl_nosep")
# Layouts that write no boundary between cells: a table may be genuinely ambiguous there.
AMBIGUOUS = {"crawl_nosep"}


@dataclass
class Rendered:
    layout: str
    text: str
    starts: list[int]
    keys: list[tuple]

    def key_at(self, offset: int) -> tuple:
        i = bisect_right(self.starts, offset) - 1
        return self.keys[i] if i >= 0 else (0, None)


class Out:
    def __init__(self):
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.keys: list[tuple] = []
        self.n = 0

    def add(self, text: str, key: tuple | None = None):
        if key is not None and text:
            self.starts.append(self.n)
            self.keys.append(key)
        self.parts.append(text)
        self.n += len(text)

    def done(self, layout: str) -> Rendered:
        return Rendered(layout, "".join(self.parts), self.starts, self.keys)


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def flat(s: str) -> str:
    return s.replace("\n", "")


def row_key(phys) -> tuple:
    return phys[-1][0].key


def full_grid(g: Grid):
    """Each row as ``g.width`` slots: (cell, is_origin) where the cell covers the slot."""
    out = []
    cover: dict[tuple[int, int], object] = {}
    for r, row in enumerate(g.rows):
        for c in row:
            for dr in range(c.rowspan):
                for dc in range(c.colspan):
                    cover[(r + dr, c.col + dc)] = (c, dr == 0 and dc == 0)
    for r in range(len(g.rows)):
        out.append([cover.get((r, col), (None, False)) for col in range(g.width)])
    return out


# ------------------------------------------------------------------------------ line layouts
def _wrap_anywhere(text: str, rnd: random.Random, role: str) -> str:
    if role == "group":
        return "\n".join(text)
    if role == "value" or len(text) < 4 or rnd.random() < 0.5:
        return text
    cut = rnd.randint(1, len(text) - 1)
    return text[:cut] + "\n" + text[cut:]


def _per_cell(blocks, layout: str, lead, text, tail: str, row_end: str) -> Rendered:
    """Lines as they are; each table cell as lead(k) + text(cell) + tail, each row + row_end."""
    o = Out()
    for b in blocks:
        if isinstance(b, Line):
            o.add(b.text, b.key)
            o.add("\n")
            continue
        for phys in b.physical_rows():
            rk = row_key(phys)
            for k, (cell, cont) in enumerate(phys):
                o.add(lead(k), rk)
                if not cont:
                    o.add(text(cell), cell.key)
                o.add(tail)
            o.add(row_end)
    return o.done(layout)


def word(blocks, rnd) -> Rendered:
    return _per_cell(blocks, "word", lambda k: "\t", lambda c: _wrap_anywhere(c.text, rnd, c.role), "\n", "\n")


def tabs(blocks, rnd) -> Rendered:
    return _per_cell(blocks, "tabs", lambda k: "\t" if k else "", lambda c: c.text, "", "\n")


def pipe_cells(blocks, rnd) -> Rendered:
    return _per_cell(blocks, "pipe_cells", lambda k: "|", lambda c: flat(c.text), "|\n", "")


def pipes(blocks, rnd) -> Rendered:
    o = Out()
    for b in blocks:
        if isinstance(b, Line):
            prefix = {"title": "# ", "heading": "## "}.get(b.role, "")
            o.add(prefix, b.key)
            o.add(b.text, b.key)
            o.add("\n\n")
            continue
        for r, slots in enumerate(full_grid(b)):
            rk = next((c.key for c, _ in reversed(slots) if c is not None), (b.section, None))
            o.add("|", rk)
            for cell, origin in slots:
                o.add(" ")
                if origin:
                    o.add(flat(cell.text), cell.key)
                o.add(" |")
            o.add("\n")
            if r == 0:
                o.add("|" + "---|" * b.width + "\n")
        o.add("\n")
    return o.done("pipes")


def _columns(g: Grid) -> list[int]:
    w = [1] * g.width
    for row in g.rows:
        for c in row:
            if c.colspan == 1:
                w[c.col] = max(w[c.col], width(flat(c.text)))
    for row in g.rows:
        for c in row:
            if c.colspan > 1:
                have = sum(w[c.col:c.col + c.colspan]) + 2 * (c.colspan - 1)
                if width(flat(c.text)) > have:
                    w[c.col + c.colspan - 1] += width(flat(c.text)) - have
    return w


def _aligned_rows(g: Grid, o: Out, wrap_at: int | None):
    """Space-aligned rows. With ``wrap_at``, a label longer than that many characters is
    wrapped into chunks written under each other in its column, around the line holding the
    row's figures (as pdftotext -layout prints a vertically centred cell that wraps in the PDF:
    the first half above the figures, the rest below), and rows are apart by a blank line."""
    w = _columns(g) if wrap_at is None else [min(x, 2 * wrap_at) for x in _columns(g)]
    for slots in full_grid(g):
        rk = next((c.key for c, _ in reversed(slots) if c is not None), (g.section, None))
        placed = []             # (column offset, chunks, key)
        pos = col = 0
        while col < g.width:
            cell, origin = slots[col]
            span = cell.colspan if (cell is not None and origin) else 1
            text = flat(cell.text) if origin else ""
            if wrap_at and origin and cell.role != "value" and len(text) > wrap_at:
                chunks = [text[k:k + wrap_at] for k in range(0, len(text), wrap_at)]
            else:
                chunks = [text]
            placed.append((pos, chunks, cell.key if origin else rk))
            pos += sum(w[col:col + span]) + 2 * (span - 1) + 2
            col += span
        above = max(((len(ch) + 1) // 2 for _p, ch, _k in placed if len(ch) > 1), default=0)
        below = max((len(ch) - (len(ch) + 1) // 2 for _p, ch, _k in placed if len(ch) > 1), default=0)
        for line in range(above):
            _emit_aligned(o, [(p, ch[line - above + (len(ch) + 1) // 2], k) for p, ch, k in placed
                              if len(ch) > 1 and 0 <= line - above + (len(ch) + 1) // 2], rk)
        _emit_aligned(o, [(p, ch[0], k) for p, ch, k in placed if len(ch) == 1], rk)
        for line in range(below):
            _emit_aligned(o, [(p, ch[(len(ch) + 1) // 2 + line], k) for p, ch, k in placed
                              if len(ch) > 1 and (len(ch) + 1) // 2 + line < len(ch)], rk)
        if wrap_at:
            o.add("\n")


def _emit_aligned(o: Out, parts, rk):
    col = 0
    o.add("", rk)
    for p, text, key in parts:
        if not text:
            continue
        if p > col:
            o.add(" " * (p - col), rk)
            col = p
        o.add(text, key)
        col += width(text)
    o.add("\n")


def spaced(blocks, rnd) -> Rendered:
    o = Out()
    for b in blocks:
        if isinstance(b, Line):
            o.add(b.text, b.key)
            o.add("\n")
        else:
            o.add("\n")
            _aligned_rows(b, o, None)
            o.add("\n")
    return o.done("spaced")


PAGE_LINES = 40


class PagedOut(Out):
    """Out that ends a page every PAGE_LINES lines: a centred page number, then a form feed."""

    def __init__(self):
        super().__init__()
        self.lines = 0
        self.page = 1

    def add(self, text: str, key: tuple | None = None):
        super().add(text, key)
        if text.endswith("\n"):
            self.lines += 1
            if self.lines == PAGE_LINES:
                self.footer("\f")

    def footer(self, end: str):
        Out.add(self, "\n" + " " * 30 + f"- {self.page} -\n" + end)
        self.page += 1
        self.lines = 0


def pdftotext(blocks, rnd) -> Rendered:
    o = PagedOut()
    for b in blocks:
        if isinstance(b, Line):
            text = b.text
            if b.role == "title":
                o.add(" " * 12)
            while len(text) > 38:
                o.add(text[:38], b.key)
                o.add("\n")
                text = text[38:]
            o.add(text, b.key)
            o.add("\n")
        else:
            o.add("\n")
            _aligned_rows(b, o, 12)
            o.add("\n")
    o.footer("")
    return o.done("pdftotext")


def _crawl(blocks, sep: str, layout: str) -> Rendered:
    """One line: every line and every cell the page shows, in reading order. A merged cell is
    one cell (the crawler reads the HTML, which has no continuation cells); a blank cell is an
    empty string between two separators."""
    o = Out()
    first = True
    for b in blocks:
        items = [(b.text, b.key)] if isinstance(b, Line) else \
            [(flat(c.text), c.key) for phys in b.physical_rows() for c, cont in phys if not cont]
        for text, key in items:
            if not first:
                o.add(sep, key)
            o.add(text, key)
            first = False
    o.add("\n")
    return o.done(layout)


def crawl(blocks, rnd) -> Rendered:
    return _crawl(blocks, " ", "crawl")


def crawl_nosep(blocks, rnd) -> Rendered:
    return _crawl(blocks, "", "crawl_nosep")


# ------------------------------------------------------------------------------------ HTML
def html_page(blocks, rnd) -> tuple[bytes, list[tuple[str, tuple]]]:
    """A CMS page: furniture in navigation/footer elements, the report in a content div, tables
    with rowspan/colspan, blank cells as &nbsp;. Also the pieces in reading order."""
    from formats.builders import CHROME_BOTTOM, CHROME_TOP   # the site chrome test_formats uses

    esc = htmlmod.escape
    top, body, bottom, pieces = [], [], [], []
    for b in blocks:
        if isinstance(b, Line):
            if b.role == "furniture":
                if not top and not body:
                    top.append(CHROME_TOP)
                (bottom if body else top).append(f'<div class="nav">{esc(b.text)}</div>')
                continue
            tag = {"title": "h1", "heading": "h2"}.get(b.role, "p")
            body.append(f"<{tag}>{esc(b.text)}</{tag}>")
            pieces.append((b.text, b.key))
            continue
        rows = []
        for row in b.rows:
            tds = []
            for c in row:
                attrs = (f' colspan="{c.colspan}"' if c.colspan > 1 else "") + \
                        (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "")
                inner = "<br>".join(esc(x) for x in c.text.split("\n")) if c.text.strip() else "&nbsp;"
                tds.append(f"<td{attrs}>{inner}</td>")
                pieces.append((c.text, c.key))
            rows.append("<tr>" + "".join(tds) + "</tr>")
        body.append('<table border="1">\n' + "\n".join(rows) + "\n</table>")
    if bottom:
        bottom.append(CHROME_BOTTOM)
    page = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>年报</title></head><body>\n"
            + "\n".join(top) + '\n<div id="zoom">\n' + "\n".join(body) + "\n</div>\n"
            + "\n".join(bottom) + "\n</body></html>\n")
    return page.encode("utf-8"), pieces


def html(blocks, rnd) -> Rendered:
    from gilint.read.formats import read_document
    data, pieces = html_page(blocks, rnd)
    text = read_document("report.html", data).text
    return align(text, pieces, "html")


def align(text: str, pieces, layout: str) -> Rendered:
    """Keys for a text written by someone else (gilint's HTML reader): each piece looked for in
    reading order from where the last one was found (a piece not found keeps no place)."""
    starts, keys, at = [], [], 0
    for piece, key in pieces:
        line = next((ln.strip() for ln in piece.split("\n") if ln.strip()), "")
        if not line:
            # a blank cell: its place starts after the last piece found (the reader writes it
            # there as an empty cell)
            if starts and starts[-1] < at:
                starts.append(at)
                keys.append(key)
            continue
        i = text.find(line[:8], at)
        if i < 0:
            continue
        if starts and starts[-1] == i:      # a blank cell just before: it had no text
            starts.pop()
            keys.pop()
        starts.append(i)
        keys.append(key)
        at = i + (len(line) if text.startswith(line, i) else len(line[:8]))
    return Rendered(layout, text, starts, keys)


RENDERERS = {"word": word, "tabs": tabs, "pipes": pipes, "pipe_cells": pipe_cells, "spaced": spaced,
             "pdftotext": pdftotext, "html": html, "crawl": crawl, "crawl_nosep": crawl_nosep}
assert tuple(RENDERERS) == LAYOUTS


def render(layout: str, blocks, rnd: random.Random) -> Rendered:
    return RENDERERS[layout](blocks, rnd)
