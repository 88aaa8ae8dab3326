"""Table regions → physical rows of cells, for every layout a report lives in.

Layouts:
- ``cells``: Word export, one cell per line starting with a tab; a line without a tab
  continues the cell above (wrapped label, or a vertical label written one character a line);
  an empty line followed by a tab line separates rows.
- ``tabs``: one table row per line, cells separated by tabs (leading tabs = merged cells).
- ``pipes``: Markdown pipe tables (separator rows skipped).
- ``columns``: pdftotext -layout: label text, then numbers separated by spaces; labels of one
  row may be wrapped over several lines.
A region may mix them (extracted Markdown often does); each line is read by its own form.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from gilint.model import Cell
from gilint.read.lines import MD_HEADING, Line

# A data value as written: a number (possibly signed, with thousands separators, decimals or a
# unit), or a placeholder where a number belongs.
VALUE = regex.compile(
    r"^[\s\u3000\u00a0]*(?:[+\-－]?\d[\d,，]*(?:[.．]\d+)?[\s\u3000]*(?:万元|元|件|条|个|项|次|%|％)?"
    r"|[/／—–\-－~～]+|无|空)[\s\u3000\u00a0]*$")
NUMBER_TOKEN = regex.compile(r"[+\-－]?\d[\d,，]*(?:[.．]\d+)?(?:万元|元|件|条|个|项|次)?")
_TRAILING_NUMBER = regex.compile(r"(?:^|(?<=[ \u3000\u00a0]))(" + NUMBER_TOKEN.pattern + r")$")
PIPE_SEPARATOR = regex.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
CELLS_LINE = regex.compile(r"^\t+[^\t]*$")


def is_value(text: str) -> bool:
    return bool(VALUE.match(text))


@dataclass
class PhysRow:
    cells: list[Cell]
    start: int
    end: int
    layout: str

    @property
    def nonempty(self) -> list[Cell]:
        return [c for c in self.cells if c.text.strip()]


def detect_layout(lines: list[Line]) -> str:
    tabbed = [ln for ln in lines if "\t" in ln.text and ln.text.strip()]
    pipes = sum(1 for ln in lines if ln.text.lstrip().startswith("|"))
    if tabbed and sum(1 for ln in tabbed if CELLS_LINE.match(ln.text)) >= 0.6 * len(tabbed):
        return "cells"
    if pipes >= max(2, len(tabbed)):
        return "pipes"
    if tabbed:
        return "tabs"
    return "columns"


def _cell(line: Line, a: int, b: int) -> Cell:
    """The cell text[a:b] of a line (relative indexes), trimmed of blanks, with offsets."""
    seg = line.text[a:b]
    lead = len(seg) - len(seg.lstrip(" \t\u3000\u00a0"))
    trail = len(seg.rstrip(" \t\u3000\u00a0"))
    if trail <= lead:  # empty cell: zero-width at its position
        return Cell("", line.start + a + lead, line.start + a + lead)
    return Cell(seg[lead:trail], line.start + a + lead, line.start + a + trail)


def _split(line: Line, sep: str) -> list[Cell]:
    cells, pos = [], 0
    text = line.text
    while True:
        i = text.find(sep, pos)
        if i < 0:
            cells.append(_cell(line, pos, len(text)))
            return cells
        cells.append(_cell(line, pos, i))
        pos = i + 1


def _pipe_row(line: Line) -> list[Cell]:
    cells = _split(line, "|")
    if cells and not cells[0].text:
        cells = cells[1:]
    if cells and not cells[-1].text and line.text.rstrip().endswith("|"):
        cells = cells[:-1]
    return cells


_GAP = regex.compile(r"[ \u3000\u00a0]{2,}")
_WS = regex.compile(r"[ \u3000\u00a0]+")


def _columns_row(line: Line) -> list[Cell]:
    """pdftotext -layout: trailing numbers (split on any blank) after label cells (split on
    runs of two or more blanks: single blanks occur inside wrapped labels)."""
    text = line.text
    # Peel numbers off the end.
    values: list[Cell] = []
    end = len(text.rstrip())
    while end > 0:
        m = _TRAILING_NUMBER.search(text[:end])
        if not m:
            break
        values.append(_cell(line, m.start(1), m.end(1)))
        end = len(text[:m.start(1)].rstrip())
    values.reverse()
    labels = []
    pos = 0
    head = text[:end]
    for m in _GAP.finditer(head):
        if head[pos:m.start()].strip():
            labels.append(_cell(line, pos, m.start()))
        pos = m.end()
    if head[pos:].strip():
        labels.append(_cell(line, pos, len(head)))
    return labels + values


def strip_md_heading(line: Line) -> list[Cell]:
    m = MD_HEADING.match(line.text)
    return [_cell(line, m.end() if m else 0, len(line.text))]


def physical_rows(lines: list[Line], layout: str) -> list[PhysRow]:
    rows: list[PhysRow] = []
    if layout == "cells":
        return _cell_rows(lines)
    for ln in lines:
        if ln.blank or ln.page_number:
            continue
        s = ln.text.lstrip()
        if s.startswith("|"):
            if PIPE_SEPARATOR.match(ln.text):
                continue
            cells, lay = _pipe_row(ln), "pipes"
        elif "\t" in ln.text:
            cells, lay = _split(ln, "\t"), "tabs"
        elif MD_HEADING.match(ln.text):
            cells, lay = strip_md_heading(ln), "columns"
        else:
            cells, lay = _columns_row(ln), "columns"
        rows.append(PhysRow(cells, ln.start, ln.end, lay))
    return rows


def _cell_rows(lines: list[Line]) -> list[PhysRow]:
    rows: list[PhysRow] = []
    cur: list[list] = []          # cells as [text_parts, start, end, line]
    start = None

    def flush(end):
        nonlocal cur, start
        if cur:
            cells = [Cell("\n".join(p for p in parts) if parts else "", a, b) for parts, a, b in cur]
            rows.append(PhysRow(cells, start, end, "cells"))
        cur, start = [], None

    n = len(lines)
    for i, ln in enumerate(lines):
        if ln.page_number:
            continue
        if ln.blank and "\t" not in ln.text:
            # A row ends at an empty line followed (after more empty lines) by a tab line.
            j = i + 1
            while j < n and lines[j].blank and "\t" not in lines[j].text:
                j += 1
            if j >= n or lines[j].text.startswith("\t"):
                flush(ln.start)
            continue
        if ln.text.startswith("\t") or not cur:
            if start is None:
                start = ln.start
            for c in _split(ln, "\t")[1:] if ln.text.startswith("\t") else [_cell(ln, 0, len(ln.text))]:
                cur.append([[c.text] if c.text else [], c.start, c.end])
        else:  # continuation of the previous cell
            c = _cell(ln, 0, len(ln.text))
            parts, a, b = cur[-1]
            if not parts:
                a = c.start
            parts.append(c.text)
            cur[-1] = [parts, a, c.end]
    flush(lines[-1].end if lines else 0)
    return rows
