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

from functools import lru_cache
from operator import itemgetter
from unicodedata import east_asian_width

import regex

from gilint.model import Cell
from gilint.record import Record
from gilint.read.lines import MD_HEADING, Line, is_page_number
from gilint.lazyre import lazy

# A data value as written: a number (possibly signed, with thousands separators, decimals or a
# unit), or a placeholder where a number belongs.
VALUE = lazy(regex,
    r"^[\s\u3000\u00a0]*(?:[+\-－]?\d[\d,，]*(?:[.．]\d+)?[\s\u3000]*(?:万元|元|件|条|个|项|次|%|％)?"
    r"|[/／—–\-－~～]+|无|空)[\s\u3000\u00a0]*$")
NUMBER_TOKEN = lazy(regex, r"[+\-－]?\d[\d,，]*(?:[.．]\d+)?(?:万元|元|件|条|个|项|次)?")
PIPE_SEPARATOR = lazy(regex, r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


@lru_cache(maxsize=8192)   # cells repeat (0, 1, the same labels) within and across reports
def is_value(text: str) -> bool:
    return bool(VALUE.match(text))


def _plan_split(kinds: tuple[int, ...]) -> tuple[tuple[int, ...], int, int, int]:
    """``gilint.read.tables.split_row`` as a function of the cells' kinds
    (``blank_value_label_kinds``): (the label cells' indexes, the value cells' start, their end
    with and without the trailing blank cells)."""
    last_label = len(kinds) - 1 - kinds[::-1].index(2) if 2 in kinds else -1
    labels = tuple(i for i in range(last_label + 1) if kinds[i])
    start = last_label + 1
    if not any(kinds[start:]):   # no value, only blank cells
        return labels, start, start, start
    end = len(kinds)
    trimmed = end
    while trimmed > start and not kinds[trimmed - 1]:
        trimmed -= 1
    return labels, start, end, trimmed


_SPLIT_PLANS: dict = {}   # the cells' kinds → ``_plan_split`` (rows come in few shapes)


def split_plan(kinds: tuple[int, ...]):
    plan = _SPLIT_PLANS.get(kinds)
    if plan is None:
        if len(kinds) > 64:   # (a row of usual width is memoised)
            return _plan_split(kinds)
        if len(_SPLIT_PLANS) >= 4096:
            _SPLIT_PLANS.clear()
        plan = _SPLIT_PLANS[kinds] = _plan_split(kinds)
    return plan


class TextMemo(dict):
    """A process-wide memo of a pure function of a short text (a line, a cell: ≤ 256
    characters; longer ones are computed, not kept), emptied once it holds ``size`` entries.
    A dict, so that a hit is one C-level lookup and many texts are looked up by
    ``map(memo.get, texts)``: an ``lru_cache`` call costs about twice a ``dict.get`` (it makes
    a tuple of its arguments) and per cell and per table line that adds up. Values are never
    None (None: not known yet)."""
    __slots__ = ("compute", "size")

    def __init__(self, compute, size: int = 16384):
        super().__init__()
        self.compute = compute
        self.size = size

    def miss(self, text: str):
        """``compute(text)``, kept if the text is short."""
        value = self.compute(text)
        if len(text) <= 256:
            if len(self) >= self.size:
                self.clear()
            self[text] = value
        return value

    def of(self, text: str):
        """The value of one text."""
        value = self.get(text)
        return self.miss(text) if value is None else value

    def all(self, texts) -> list:
        """The value of each text (the hits looked up in C)."""
        found = list(map(self.get, texts))
        if None in found:
            miss = self.miss
            found = [miss(t) if v is None else v for v, t in zip(found, texts)]
        return found

    cache_clear = dict.clear   # (as an lru_cache's: bench/bench_engine.py forgets the memos)


class ShapeMemo(TextMemo):
    """A ``TextMemo`` of a reading of a table line that depends on where its digits stand, never
    on which digits they are (its patterns know digits only as ``\\d``): a line not seen yet
    is read once per shape — its ASCII digits all made 0 — and a line of a known shape takes
    that reading, its cells' texts taken from its own text by ``respell(reading, text)``. A
    table's rows recur from one report to the next with other figures (``\\t（一）予以公开\\t12\\t0``,
    ``…\\t7\\t3``): only the first of each shape is read. (tests/test_reader_memos.py checks
    that a line read by its shape reads as itself.)"""
    __slots__ = ("shapes", "respell")

    def __init__(self, compute, respell=None, size: int = 16384):
        super().__init__(compute, size)
        self.shapes: dict[bytes, object] = {}
        self.respell = respell

    def miss(self, text: str):
        if len(text) > 256:
            return self.compute(text)
        shape = text.encode().translate(_DIGITS_AS_ZERO)   # (in C; in UTF-8 a byte 0-9 is a digit)
        value = self.shapes.get(shape)
        if value is None:
            value = self.compute(text)
            if len(self.shapes) >= self.size:
                self.shapes.clear()
            self.shapes[shape] = value
        elif self.respell is not None:
            value = self.respell(value, text)
        if len(self) >= self.size:
            self.clear()
        self[text] = value
        return value

    def cache_clear(self) -> None:
        self.clear()
        self.shapes.clear()


_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")


def _kind(text: str) -> int:
    """0 for a blank cell, 1 for a value (``is_value``), 2 for a label."""
    return 0 if not text.strip() else 1 if is_value(text) else 2


_KINDS = TextMemo(_kind)   # cells recur (0, the same labels)


def blank_value_label_kinds(texts: list[str]) -> tuple[int, ...]:
    """``_kind`` of each cell text: 0 blank, 1 value, 2 label — not the data cells' kinds of
    ``gilint.checks.cells.cell_kinds``."""
    kinds = tuple(map(_KINDS.get, texts))
    return tuple(_KINDS.all(texts)) if None in kinds else kinds


class PhysRow(Record):
    # plan: ``split_plan`` of its cells, where the row is one line read before (``_read_row``)
    __slots__ = ("cells", "start", "end", "layout", "plan")   # (made for every table row, then dropped)
    FIELDS = {"cells": ..., "start": ..., "end": ..., "layout": ..., "plan": None}
    HIDDEN = ("plan",)

    def __init__(self, cells: list[Cell], start: int, end: int, layout: str, plan: tuple | None = None):
        self.cells = cells
        self.start = start
        self.end = end
        self.layout = layout
        self.plan = plan

    @property
    def nonempty(self) -> list[Cell]:
        return [c for c in self.cells if c.text.strip()]


def detect_layout(lines: list[Line]) -> str:
    tabbed = [t for t in map(_LINE_TEXT, lines) if "\t" in t and t.strip()]
    pipes = sum(1 for ln in lines if ln.text.lstrip().startswith("|"))
    return layout_from_counts(len(tabbed), sum(map(is_cell_line, tabbed)), pipes)


def is_cell_line(text: str) -> bool:
    """A Word cell line: tabs first, then text without a tab."""
    return text[:1] == "\t" and "\t" not in text.lstrip("\t")


_LINE_TEXT = itemgetter(0)   # (a Line's text)


def layout_from_counts(tabbed: int, cell_lines: int, pipes: int) -> str:
    """The layout of lines of which ``tabbed`` hold a tab (and are not blank), ``cell_lines`` of
    those are Word cell lines and ``pipes`` start with a pipe."""
    if tabbed and cell_lines >= 0.6 * tabbed:
        return "cells"
    if pipes >= max(2, tabbed):
        return "pipes"
    if tabbed:
        return "tabs"
    return "columns"


_BLANKS = " \t\u3000\u00a0"


def _span(line: Line, a: int, b: int) -> tuple[str, int, int]:
    """(text, start, end) of the cell text[a:b] of a line (relative indexes), trimmed of
    blanks; an empty cell is zero-width at the end of its blanks."""
    seg = line.text[a:b]
    rest = seg.lstrip(_BLANKS)
    at = line.start + a + len(seg) - len(rest)
    if not rest:
        return "", at, at
    rest = rest.rstrip(_BLANKS)
    return rest, at, at + len(rest)


def _line_spans(text: str, sep: str) -> tuple[tuple[str, int, int], ...]:
    """The cells of a line split at ``sep``, trimmed of blanks, as (text, start, end) relative
    to the line (an empty cell is zero-width at the end of its blanks). (Its callers' readings
    of a line are memoised per line text.)"""
    out = []
    pos = 0
    for part in text.split(sep):
        rest = part.lstrip(_BLANKS)
        at = pos + len(part) - len(rest)
        if rest:
            rest = rest.rstrip(_BLANKS)
            out.append((rest, at, at + len(rest)))
        else:
            out.append(("", at, at))
        pos += len(part) + 1
    return tuple(out)


def _pipe_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """The cells of a pipe row at offset 0 (the empty cells outside its first and last pipe
    left out)."""
    cells = _line_spans(text, "|")
    if cells and not cells[0][0]:
        cells = cells[1:]
    if cells and not cells[-1][0] and text.rstrip().endswith("|"):
        cells = cells[:-1]
    return cells


_GAP = lazy(regex, r"[ \u3000\u00a0]{2,}")


def _columns_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """The cells of a line of space-aligned text (``_read_row``), as (text, start, end) triples
    relative to the line."""
    line = Line(text, 0, len(text))
    # Peel numbers off the end.
    values: list[tuple[str, int, int]] = []
    end = len(text.rstrip())
    while end > 0:
        # The number token that ends text[:end] and starts the line or follows a blank, i.e.
        # (?:^|(?<=[ \u3000\u00a0]))(NUMBER_TOKEN)$ — found without scanning the line from its
        # start: the token can only begin after the last blank (or at the start of the line).
        i = max(text.rfind(" ", 0, end), text.rfind("\u3000", 0, end), text.rfind("\u00a0", 0, end)) + 1
        if not NUMBER_TOKEN.fullmatch(text, i, end):
            break
        values.append(_span(line, i, end))
        end = len(text[:i].rstrip())
    values.reverse()
    labels = []
    pos = 0
    head = text[:end]
    for m in _GAP.finditer(head):
        if head[pos:m.start()].strip():
            labels.append(_span(line, pos, m.start()))
        pos = m.end()
    if head[pos:].strip():
        labels.append(_span(line, pos, len(head)))
    return tuple(labels + values)


def cell_x(c: Cell) -> int | None:
    """Where a cell of space-aligned text starts across the page (wide CJK characters count
    two columns); None for a cell of another layout."""
    line = getattr(c, "line", None)
    if line is None:
        return None
    end = c.start - line.start
    return end + sum(1 for ch in line.text[:end] if ch >= "\u1100" and east_asian_width(ch) in "WF")


def physical_rows(lines: list[Line], layout: str) -> list[PhysRow]:
    """The rows of a table's lines (``rows_at``)."""
    return rows_at([ln.start for ln in lines], [ln.text for ln in lines], layout)


def rows_at(starts: list[int], texts: list[str], layout: str) -> list[PhysRow]:
    """The rows of the table lines ``texts`` starting at ``starts``, each line read once per
    line text (``_read_row``, ``_cell_line``): no Line object made but where a cell's place
    across the page is needed."""
    if layout == "cells":
        return _cell_rows(starts, texts)
    rows: list[PhysRow] = []
    for at, text, reading in zip(starts, texts, _ROWS.all(texts)):
        if not reading:
            continue
        lay, rel, placed, plan = reading
        end = at + len(text)
        cells = [Cell(t, a + at, b + at) for t, a, b in rel]
        if placed:   # its line, to tell where a cell stands across the page (``cell_x``), if needed
            line = Line(text, at, end)
            for c in cells:
                c.line = line  # type: ignore[attr-defined]
        rows.append(PhysRow(cells, at, end, lay, plan))
    return rows


def _read_row(text: str) -> tuple:
    """One line of a table (each line read by its own form): () for a line that is no row (a
    blank line, a page number, a Markdown separator row), else (its layout, its cells as
    (text, start, end) relative to the line, whether they are placed across the page, their
    ``split_plan``). ``columns``: pdftotext -layout, trailing numbers (split on any blank)
    after label cells (split on runs of two or more blanks: single blanks occur inside wrapped
    labels), placed across the page (``cell_x``)."""
    row = _row_cells(text)
    return (*row, split_plan(blank_value_label_kinds([t for t, _a, _b in row[1]]))) if row else ()


def _row_cells(text: str) -> tuple | None:
    if not text.strip() or is_page_number(text):
        return None
    if text.lstrip().startswith("|"):
        if PIPE_SEPARATOR.match(text):
            return None
        return "pipes", _pipe_spans(text), False
    if "\t" in text:
        return "tabs", _line_spans(text, "\t"), False
    m = MD_HEADING.match(text)
    if m:
        return "columns", (_span(Line(text, 0, len(text)), m.end(), len(text)),), False
    return "columns", _columns_spans(text), True


def _respell_row(reading: tuple, text: str) -> tuple:
    """``_read_row(text)`` from the reading of a line of the same shape (``ShapeMemo``): the
    same cells, each ``text[start:end]``."""
    if not reading:
        return reading
    layout, rel, placed, plan = reading
    return layout, tuple([(text[a:b], a, b) for _t, a, b in rel]), placed, plan


_ROWS = ShapeMemo(_read_row, _respell_row)   # table lines recur (|规章|0|0|, 0 0 0)


def _cell_rows(starts: list[int], texts: list[str]) -> list[PhysRow]:
    """The rows of a Word export (``cells``), each line read once per line text (``_cell_line``)."""
    rows: list[PhysRow] = []
    cur: list[Cell] = []   # the row's cells so far (a continuation line extends the last)
    # cells of ``cur`` whose text is empty but which a blank continuation made multi-line
    # (the text is the "\n".join of the cell's non-empty first line and its continuations)
    parted: set[int] = set()
    start = None
    readings = _CELL_LINES.all(texts)
    n = len(texts)
    for i, reading in enumerate(readings):
        kind = reading[0]
        if kind == _TAB:   # (the usual line: one cell, after its tab)
            at = starts[i]
            if start is None:
                start = at
            rel = reading[1]
            if len(rel) == 1:
                t, a, b = rel[0]
                cur.append(Cell(t, a + at, b + at))
            else:
                cur += [Cell(t, a + at, b + at) for t, a, b in rel]
        elif kind == _BLANK:
            # A row ends at an empty line followed (after more empty lines) by a tab line.
            j = i + 1
            while j < n and readings[j][0] == _BLANK:
                j += 1
            if j >= n or readings[j][0] in (_TAB, _TAB_PAGE):
                if cur:
                    rows.append(PhysRow(cur, start, starts[i], "cells"))
                    parted.clear()
                cur, start = [], None
        elif kind == _TEXT:
            at = starts[i]
            t, a0, b0 = reading[1]
            a0 += at
            b0 += at
            if not cur:
                if start is None:
                    start = at
                cur.append(Cell(t, a0, b0))
            else:  # continuation of the previous cell
                k = len(cur) - 1
                cell = cur[k]
                if cell.text or k in parted:
                    cell.text += "\n" + t
                else:
                    cell.text, cell.start = t, a0
                    if not t:
                        parted.add(k)
                cell.end = b0
    if cur:
        rows.append(PhysRow(cur, start, starts[-1] + len(texts[-1]) if texts else 0, "cells"))
    return rows


# A line of a Word cell table: (_TAB, the cells after its first tab) | (_BLANK,) | (_TEXT, the
# line's text trimmed: a continuation) | (_PAGE,) | (_TAB_PAGE,): a page number (starting with
# a tab), as (text, start, end) relative to the line.
_TAB, _BLANK, _TEXT, _PAGE, _TAB_PAGE = range(5)


def _cell_line(text: str) -> tuple:
    if is_page_number(text):
        return (_TAB_PAGE,) if text.startswith("\t") else (_PAGE,)
    if text.startswith("\t"):
        return _TAB, _line_spans(text, "\t")[1:]
    if "\t" not in text and not text.strip():
        return (_BLANK,)
    return _TEXT, _span(Line(text, 0, len(text)), 0, len(text))


_CELL_LINES = TextMemo(_cell_line)
