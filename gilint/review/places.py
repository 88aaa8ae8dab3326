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

from collections import defaultdict

from gilint.read.cells import is_value

FIRST_WORDS = 16


def _clean(s: str) -> str:
    return " ".join(s.split())


def _short(s: str, n: int = FIRST_WORDS) -> str:
    s = _clean(s)
    return s if len(s) <= n else s[:n] + "…"


class Places:
    """Word-visible labels for one .docx document (``gilint.read.formats.docx.DocxDocument``)
    and the report model read from its text (``Analyzer.report``; may be None)."""

    def __init__(self, doc, report=None):
        self.doc, self.report = doc, report
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
        rows = self.cells[table]
        chain = []
        for r in self.header_block(table, row):
            cols = sorted(c for c, t in rows[r].items() if t.strip())
            left = [c for c in cols if c <= column]
            if left:
                chain.append((r, left[-1], _clean(rows[r][left[-1]])))
        chain = [c for c in chain if c[1] > 1 or column <= 1] or chain
        if not chain:
            return ""
        name = chain[-1][2]
        # a recurring column label (结果维持 ×3) is qualified by the header above it
        same = sum(1 for c in rows[chain[-1][0]].values() if _clean(c) == name)
        if same > 1 and len(chain) >= 2:
            name = f"{chain[-2][2]} {name}"
        return name

    def row_name(self, table: int, row: int, column: int) -> str:
        rows = self.cells[table]
        parts = []
        for c in range(1, column + (0 if is_value(rows[row].get(column, "").strip()) else 1)):
            t = rows[row].get(c, "")
            if not t.strip():    # the lower part of a vertically merged label: its text above
                r = row - 1
                while r >= 1 and not rows.get(r, {}).get(c, "").strip() \
                        and self._has_values(rows.get(r, {})):
                    r -= 1
                t = rows[r].get(c, "") if r >= 1 and self._has_values(rows.get(r, {})) else ""
            t = _clean(t)
            if t and not is_value(t) and t not in parts:
                parts.append(t)
        return " ".join(parts[-2:])

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
