"""Places a clerk finds in Word: ``表“收到和处理政府信息公开申请情况” 行“（七）总计” 列“自然人”``
for a table cell, ``段“2024年，本机关坚持…”`` for a paragraph, instead of 表3行9列3 / 段12
(numbers Word does not show).

Read from the .docx reader's source map (``Document.segments``) and the report model: the table
is named by the heading of the section that holds it; a row by its label cells (a vertically
merged group label above included, e.g. ``（三）不予公开 1.属于国家秘密``); a column by the header
cells above the finding's row that cover its grid column (the header block is the run of rows
without figures nearest above; a label that recurs, such as 结果维持 under 行政复议 and twice
under 行政诉讼, is qualified by the header above it).
"""
from __future__ import annotations

import re
from collections import defaultdict

from gilint.read.cells import is_value
from gilint.read.formats.docx import Renderer, _children, _grid_before, _tc_props, open_docx

FIRST_WORDS = 16
_ITEM = re.compile(r"\d+\s*[.．、]")     # 1. 2、: an item numbered within a group of rows


def _clean(s: str) -> str:
    return " ".join(s.split())


def _label(s: str) -> str:
    """A label on one line: wrapped lines (or one character per line) joined, as Chinese is
    written."""
    return "".join(s.split())


def _short(s: str, n: int = FIRST_WORDS) -> str:
    s = _clean(s)
    return s if len(s) <= n else s[:n] + "…"


class _Spans(Renderer):
    """The docx renderer, noting each cell's grid span and vertical merge as it goes (so the
    tables are numbered exactly as in the source map)."""

    def __init__(self, doc):
        super().__init__(doc)
        self.spans: dict[tuple[int, int, int], tuple[int, str | None]] = {}

    def _table(self, tbl) -> None:
        ti = self.n_tab + 1
        for ri, tr in enumerate(_children(tbl, "tr"), 1):
            col = _grid_before(tr)
            for tc in _children(tr, "tc"):
                span, vmerge = _tc_props(tc)
                self.spans[(ti, ri, col + 1)] = (span, vmerge)
                col += span
        super()._table(tbl)


def cell_spans(data: bytes) -> dict:
    """(table, row, grid column) → (grid span, vMerge) of every cell of a .docx."""
    r = _Spans(open_docx(data))
    r.render()
    return r.spans


class Places:
    """Word-visible labels for one .docx document (``gilint.read.formats.docx.DocxDocument``)
    and the report model read from its text (``Analyzer.report``; may be None)."""

    def __init__(self, doc, report=None):
        self.doc, self.report = doc, report
        self.spans = cell_spans(doc.data) if getattr(doc, "data", None) else {}
        # table → row → column → cell text; paragraph → text; table → first offset
        self.cells: dict[int, dict[int, dict[int, str]]] = defaultdict(lambda: defaultdict(dict))
        self.paragraphs: dict[int, str] = defaultdict(str)
        self.table_at: dict[int, int] = {}
        for seg in doc.segments:
            loc, piece = seg.loc, doc.text[seg.start:seg.end]
            if loc.get("kind") == "docx-table-cell":
                row = self.cells[loc["table"]][loc["row"]]
                row[loc["column"]] = (row.get(loc["column"], "") + "\n" + piece).lstrip("\n") \
                    if not loc.get("numbering") else piece + row.get(loc["column"], "")
                self.table_at.setdefault(loc["table"], seg.start)
            elif loc.get("kind") == "docx-paragraph":
                self.paragraphs[loc["paragraph"]] += piece

    # -- the grid ------------------------------------------------------------------------------
    def covering(self, table: int, row: int, column: int) -> int | None:
        """The grid column where the cell covering ``column`` in ``row`` starts."""
        for c0 in range(column, 0, -1):
            span = self.spans.get((table, row, c0))
            if span is not None:
                return c0 if c0 + span[0] > column else None
        return None

    def text_at(self, table: int, row: int, column: int) -> str:
        """The text of the cell covering ``column`` in ``row``; for the lower part of a
        vertically merged cell, the text of its first row."""
        c0 = self.covering(table, row, column)
        if c0 is None:
            return self.cells[table].get(row, {}).get(column, "")
        r = row
        while r > 1 and self.spans.get((table, r, c0), (1, None))[1] == "continue":
            r -= 1
        return self.cells[table].get(r, {}).get(c0, "")

    # -- names -------------------------------------------------------------------------------
    def table_name(self, table: int) -> str:
        at = self.table_at.get(table)
        if self.report is not None and at is not None:
            for s in self.report.sections:
                if s.start <= at < s.end:
                    h = s.heading
                    name = h.text[max(0, h.marker_end - h.start):] if h.marker_end else h.text
                    name = _clean(name.lstrip("#"))
                    if name:
                        return name
        return f"第{table}个表格"

    def _has_values(self, cells: dict[int, str]) -> bool:
        return any(is_value(t.strip()) for t in cells.values() if t.strip())

    def header_block(self, table: int, row: int) -> list[int]:
        """The rows without figures nearest above ``row`` (top to bottom)."""
        rows = self.cells[table]
        block, r = [], row - 1
        while r >= 1 and (r not in rows or self._has_values(rows[r])):
            r -= 1
        while r >= 1 and not (r in rows and self._has_values(rows[r])):
            if r in rows:
                block.append(r)
            r -= 1
        return block[::-1]

    def column_name(self, table: int, row: int, column: int) -> str:
        chain = []
        for r in self.header_block(table, row):
            t = _label(self.text_at(table, r, column))
            if t and (not chain or chain[-1] != t):
                chain.append(t)
        if not chain:
            return ""
        name = chain[-1]
        # a recurring column label (结果维持 ×3) is qualified by the header above it
        width = max((c for (t, _r, c) in self.spans if t == table), default=column)
        same = sum(1 for c in range(1, width + 1)
                   if _label(self.text_at(table, self.header_block(table, row)[-1], c)) == name
                   and self.covering(table, self.header_block(table, row)[-1], c) in (c, None))
        if same > 1 and len(chain) >= 2:
            name = f"{chain[-2]} {name}"
        return name

    def row_name(self, table: int, row: int, column: int) -> str:
        own = self.cells[table].get(row, {}).get(column, "").strip()
        parts = []
        last = column if (not own or is_value(own)) else column + 1
        c = 1
        while c < last:
            t = _label(self.text_at(table, row, c))
            if t and not is_value(t) and t not in parts:
                parts.append(t)
            c0 = self.covering(table, row, c)
            span = self.spans.get((table, row, c0), (1, None))[0] if c0 is not None else 1
            c = (c0 if c0 is not None else c) + span
        if len(parts) >= 2 and (_ITEM.match(parts[-1]) or self._label_count(table, parts[-1]) > 1):
            return " ".join(parts[-2:])      # 1.属于国家秘密 is an item of its group (（三）不予公开)
        return parts[-1] if parts else ""

    def _label_count(self, table: int, label: str) -> int:
        """How many rows of the table hold ``label`` as a cell of their own."""
        return sum(1 for cells in self.cells[table].values()
                   if any(_label(t) == label for t in cells.values()))

    def label(self, loc: dict) -> str | None:
        kind = loc.get("kind")
        if kind == "docx-paragraph":
            text = self.paragraphs.get(loc["paragraph"], "")
            return f"段“{_short(text)}”" if text.strip() else None
        if kind != "docx-table-cell":
            return None
        t, r, c = loc["table"], loc["row"], loc["column"]
        out = f"表“{self.table_name(t)}”"
        own = self.cells[t][r].get(c, "").strip()
        if not self._has_values(self.cells[t][r]):      # a header row or a caption
            return out + f" 列“{_short(own, 24)}”" if own else out + f" 第{r}行"
        row = self.row_name(t, r, c)
        col = self.column_name(t, r, c) if (not own or is_value(own)) else ""
        if row:
            out += f" 行“{_short(row, 32)}”"
        if col:
            out += f" 列“{_short(col, 24)}”"
        return out if (row or col) else out + f" 第{r}行第{c}列"


def word_places(doc, report, diagnostics) -> None:
    """Give the diagnostics of a .docx a label Word shows (``location["label"]``); the
    numbered label stays in ``location["index"]`` (表3行9列3, 段12)."""
    places = None
    for d in diagnostics:
        loc = d.location
        if not loc or loc.get("kind") not in ("docx-table-cell", "docx-paragraph"):
            continue
        places = places or Places(doc, report)
        label = places.label(loc)
        if label:
            loc.setdefault("index", loc.get("label"))
            loc["label"] = label


__all__ = ["Places", "word_places"]
